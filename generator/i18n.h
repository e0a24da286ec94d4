/* i18n: messages in the reader's language, through gettext (glibc).
 *
 * congbo speaks English, and Vietnamese when the locale asks for it
 * (LANG=vi_VN.UTF-8, or LANGUAGE=vi): diagnostics (diag.c translates each
 * format before filling it in), help, progress and summary lines, the
 * templates of `congbo new`, libyaml's complaints.  The file:line:col:
 * error: prefix stays as it is, so editors still read it.
 *
 * The catalogs come from po/LANG.po (msgfmt, in the build) and are looked
 * for, first found wins, in:
 *   $CONGBO_LOCALEDIR                    when set
 *   <folder of the binary>/locale        generator/locale for generator/congbo
 *   <folder of the binary>/../locale     generator/locale for generator/build/congbo
 *   CONGBO_LOCALE_DIR (compiled in)      $(PREFIX)/share/locale after make install
 * Only LC_MESSAGES is taken from the environment: numbers and dates that
 * congbo writes never depend on the locale.  A system without the asked
 * locale installed (a fresh Debian has only C.UTF-8) still gets the
 * translation: congbo then asks gettext for the language by name. */
#ifndef CONGBO_I18N_H
#define CONGBO_I18N_H

#include <libintl.h>

#define I18N_DOMAIN "congbo"

/* A translated text; N_ only marks one for xgettext (translated later). */
#define _(text) gettext(text)
#define N_(text) text

/* Sets up LC_MESSAGES and finds the catalogs; call first thing. */
void i18n_init(void);

#endif

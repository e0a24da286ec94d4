/* i18n: locale and catalogs (see i18n.h). */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CONGBO_LOCALE_DIR
#define CONGBO_LOCALE_DIR "/usr/local/share/locale"
#endif

static bool i18n_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The catalogs' folder (see i18n.h), in out. */
static void i18n_find_dir(char *out, size_t size)
{
	const char *env = getenv("CONGBO_LOCALEDIR");
	if (env && *env) {
		snprintf(out, size, "%s", env);
		return;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		snprintf(out, size, "%s/locale", exe);
		if (i18n_is_dir(out))
			return;
		snprintf(out, size, "%s/../locale", exe);
		if (i18n_is_dir(out))
			return;
	}
	snprintf(out, size, "%s", CONGBO_LOCALE_DIR);
}

/* The language the environment asks for ("vi" of "vi_VN.UTF-8"), as
 * setlocale would read it, in out; empty when none. */
static void i18n_asked_language(char *out, size_t size)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	out[0] = '\0';
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v) {
			snprintf(out, size, "%.*s", (int)strcspn(v, "_.@"), v);
			return;
		}
	}
}

void i18n_init(void)
{
	if (!setlocale(LC_MESSAGES, "")) {
		/* the locale is not installed: C.UTF-8 with the language
		 * asked by name (gettext honours LANGUAGE outside "C") */
		char lang[32];
		i18n_asked_language(lang, sizeof lang);
		if (setlocale(LC_MESSAGES, "C.UTF-8") && lang[0] &&
		    !getenv("LANGUAGE"))
			setenv("LANGUAGE", lang, 0);
	}
	char dir[PATH_MAX + 16];
	i18n_find_dir(dir, sizeof dir);
	bindtextdomain(I18N_DOMAIN, dir);
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	textdomain(I18N_DOMAIN);
}

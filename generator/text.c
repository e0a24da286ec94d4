/* text: slugs, folding, UTF-8 checks, dates, escaping, numbers and
 * summaries (see text.h).  The only module that calls utf8proc. */
#include "text.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "mem.h"

/* ---- code points ---- */

/* One code point folds into at most this many (U+FDFA's compatibility
 * decomposition, 18 long, is the longest in Unicode). */
#define TEXT_FOLD_MAX 32

/* Decompose, compatibility forms, case fold, drop marks and default-
 * ignorables (soft hyphen, zero-width joiner) so that "Ế", "E\u0302\u0301"
 * and "ｅ" all become "e". */
#define TEXT_FOLD_OPTIONS                                                     \
	((utf8proc_option_t)(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |          \
			     UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |        \
			     UTF8PROC_IGNORE))

#define TEXT_REPLACEMENT 0xFFFD

static bool text_is_ascii_alnum(int32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static char text_ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Decodes the code point at s[i], i < len, into *cp and returns its byte
 * length.  A bad byte reads as U+FFFD of length 1, so callers always move
 * on and never loop. */
static size_t text_decode(const char *s, size_t len, size_t i, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					      (utf8proc_ssize_t)(len - i), &c);
	if (n <= 0) {
		*cp = TEXT_REPLACEMENT;
		return 1;
	}
	*cp = c;
	return (size_t)n;
}

static void text_put_cp(struct buf *out, int32_t cp)
{
	utf8proc_uint8_t bytes[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, bytes);
	buf_put(out, bytes, (size_t)n);
}

static bool text_is_mark(int32_t cp)
{
	if (cp < 0x300)
		return false;
	utf8proc_category_t cat = utf8proc_category(cp);
	return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
	       cat == UTF8PROC_CATEGORY_ME;
}

static bool text_is_space(int32_t cp)
{
	if (cp <= 0x20 || cp == 0x7F || cp == 0xA0)
		return true;
	if (cp < 0x80)
		return false;
	utf8proc_category_t cat = utf8proc_category(cp);
	return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	       cat == UTF8PROC_CATEGORY_ZP || cat == UTF8PROC_CATEGORY_CC;
}

/* Folds one code point into dst and returns how many came out: 0 for a
 * mark or an ignorable.  đ/Đ have no decomposition in Unicode (the stroke
 * is part of the letter), so they are the one case handled by hand. */
static size_t text_fold_cp(int32_t cp, int32_t dst[TEXT_FOLD_MAX])
{
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, dst, TEXT_FOLD_MAX,
						     TEXT_FOLD_OPTIONS, NULL);
	if (n < 0 || n > TEXT_FOLD_MAX) {
		dst[0] = cp;
		n = 1;
	}
	for (utf8proc_ssize_t i = 0; i < n; i++)
		if (dst[i] == 0x0110 || dst[i] == 0x0111)
			dst[i] = 'd';
	return (size_t)n;
}

/* ---- slugs and folding ---- */

void text_slugify(struct buf *out, const char *s, size_t len)
{
	size_t start = out->len;
	bool gap = false;
	int32_t folded[TEXT_FOLD_MAX];
	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += text_decode(s, len, i, &cp);
		size_t n = text_fold_cp(cp, folded);
		for (size_t k = 0; k < n; k++) {
			if (!text_is_ascii_alnum(folded[k])) {
				gap = true;
				continue;
			}
			if (gap && out->len > start)
				buf_putc(out, '-');
			gap = false;
			buf_putc(out, text_ascii_lower((char)folded[k]));
		}
		if (out->len - start > TEXT_SLUG_MAX)
			break;
	}
	/* a file name has room for TEXT_SLUG_MAX bytes and a suffix: cut at
	 * the last word that fits */
	if (out->len - start > TEXT_SLUG_MAX) {
		size_t cut = start + TEXT_SLUG_MAX;
		while (cut > start && out->data[cut] != '-')
			cut--;
		buf_truncate(out, cut > start ? cut : start + TEXT_SLUG_MAX);
	}
}

bool text_slug_is_safe(const char *slug)
{
	if (!*slug)
		return false;
	for (const char *p = slug; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-'))
			return false;
	return true;
}

void text_fold(struct buf *out, const char *s, size_t len)
{
	int32_t folded[TEXT_FOLD_MAX];
	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += text_decode(s, len, i, &cp);
		size_t n = text_fold_cp(cp, folded);
		for (size_t k = 0; k < n; k++)
			text_put_cp(out, folded[k]);
	}
}

/* ---- words, for the search index ---- */

/* Letters, marks and digits: utf8proc numbers the categories Lu Ll Lt Lm
 * Lo Mn Mc Me Nd Nl No as 1 to 11. */
static bool text_is_word_cp(int32_t cp)
{
	if (cp < 0x80)
		return text_is_ascii_alnum(cp);
	if (cp == TEXT_REPLACEMENT)
		return false;
	utf8proc_category_t cat = utf8proc_category(cp);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

/* The length of the code point at s[i] if it belongs to a word, else 0
 * (*skip: its length).  ASCII, most of any text, needs no table. */
static size_t text_word_cp_len(const char *s, size_t len, size_t i,
			       size_t *skip)
{
	unsigned char c = (unsigned char)s[i];
	int32_t cp;
	if (c < 0x80) {
		*skip = 1;
		return text_is_ascii_alnum(c) ? 1 : 0;
	}
	*skip = text_decode(s, len, i, &cp);
	return text_is_word_cp(cp) ? *skip : 0;
}

bool text_next_word(const char *s, size_t len, size_t *pos, size_t *start,
		    size_t *end)
{
	size_t i = *pos, n, skip;
	for (;;) {   /* skip separators */
		if (i >= len) {
			*pos = len;
			return false;
		}
		if (text_word_cp_len(s, len, i, &skip))
			break;
		i += skip;
	}
	*start = i;
	while (i < len && (n = text_word_cp_len(s, len, i, &skip)) > 0)
		i += n;
	*end = *pos = i;
	return true;
}

/* Code points a word of TEXT_WORD_MAX bytes may decompose into. */
#define TEXT_WORD_CPS (4 * TEXT_WORD_MAX)

int text_word_lower(struct buf *out, const char *s, size_t len)
{
	if (len > TEXT_WORD_MAX)
		return -1;
	size_t ascii = 0;
	while (ascii < len && !(s[ascii] & 0x80))
		ascii++;
	if (ascii == len) {   /* most words of the index: no table needed */
		for (size_t i = 0; i < len; i++)
			buf_putc(out, text_ascii_lower(s[i]));
		return 0;
	}
	/* one more slot: utf8proc_reencode ends the bytes with a NUL */
	utf8proc_int32_t cps[TEXT_WORD_CPS + 1];
	const utf8proc_option_t opts = (utf8proc_option_t)(UTF8PROC_STABLE |
		UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
		UTF8PROC_IGNORE);
	utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)s,
						(utf8proc_ssize_t)len, cps,
						TEXT_WORD_CPS, opts);
	if (n < 0 || n > TEXT_WORD_CPS)
		return -1;
	n = utf8proc_reencode(cps, n, opts);
	if (n < 0 || n > TEXT_WORD_MAX)
		return -1;
	buf_put(out, cps, (size_t)n);
	return 0;
}

/* ---- UTF-8 ---- */

static bool text_cont(unsigned char b)
{
	return (b & 0xC0) == 0x80;
}

/* Bytes in the well-formed sequence at s (Unicode table 3-7), or 0. */
static size_t text_utf8_sequence(const unsigned char *s, size_t left)
{
	unsigned char b = s[0];
	if (b >= 0xC2 && b <= 0xDF)
		return left >= 2 && text_cont(s[1]) ? 2 : 0;
	if (b >= 0xE0 && b <= 0xEF) {
		unsigned char lo = b == 0xE0 ? 0xA0 : 0x80;
		unsigned char hi = b == 0xED ? 0x9F : 0xBF;
		return left >= 3 && s[1] >= lo && s[1] <= hi &&
		       text_cont(s[2]) ? 3 : 0;
	}
	if (b >= 0xF0 && b <= 0xF4) {
		unsigned char lo = b == 0xF0 ? 0x90 : 0x80;
		unsigned char hi = b == 0xF4 ? 0x8F : 0xBF;
		return left >= 4 && s[1] >= lo && s[1] <= hi &&
		       text_cont(s[2]) && text_cont(s[3]) ? 4 : 0;
	}
	return 0;
}

/* True when s is valid UTF-8 without NUL.  Checked inline rather than
 * through utf8proc_iterate: this runs over every byte of every article of
 * every build, and a call per character was a tenth of a build.  Only the
 * rare failure needs the position (the slower loop below). */
static bool text_utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		if (len - i >= 8) {   /* eight ASCII bytes, none of them NUL */
			uint64_t v;
			memcpy(&v, u + i, 8);
			uint64_t zero = (v - 0x0101010101010101ULL) & ~v;
			if (!((v | zero) & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if (u[i] >= 0x01 && u[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = text_utf8_sequence(u + i, len - i);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

int text_check_utf8(const char *s, size_t len, unsigned *line, unsigned *col)
{
	if (text_utf8_valid(s, len))
		return 0;
	unsigned ln = 1, cl = 1;
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n =
			utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					 (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0 || c == 0)
			break;
		i += (size_t)n;
		if (c == '\n') {
			ln++;
			cl = 1;
		} else {
			cl++;
		}
	}
	if (i == len)
		return 0;
	if (line)
		*line = ln;
	if (col)
		*col = cl;
	return -1;
}

/* ---- dates ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard
 * Hinnant's algorithms: exact for any year, no tables, no libc). */
static long long text_days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void text_civil_from_days(long long z, struct text_date *out)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	out->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	out->year = (int)(yoe + era * 400 + (out->month <= 2));
}

static bool text_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int text_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	return m == 2 && text_is_leap(y) ? 29 : days[m - 1];
}

void text_date_from_epoch(struct text_date *out, long long epoch,
			  int offset_min)
{
	assert(offset_min > -24 * 60 && offset_min < 24 * 60);
	long long local = epoch + offset_min * 60LL;
	long long days = local / 86400, secs = local % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	text_civil_from_days(days, out);
	out->epoch = epoch;
	out->offset_min = offset_min;
	out->hour = (int)(secs / 3600);
	out->minute = (int)(secs / 60 % 60);
	out->second = (int)(secs % 60);
	out->weekday = (int)((days % 7 + 11) % 7);   /* 1970-01-01: Thursday */
	out->has_time = true;
}

/* Reads exactly n decimal digits; stops at the first non-digit, so it
 * never reads past the NUL. */
static int text_read_digits(const char **p, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		x = x * 10 + (c - '0');
	}
	*p += n;
	*v = x;
	return 0;
}

static int text_expect(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

/* HH:MM[:SS], each field range-checked. */
static int text_parse_time(const char **p, struct text_date *d)
{
	if (text_read_digits(p, 2, &d->hour) || text_expect(p, ':') ||
	    text_read_digits(p, 2, &d->minute))
		return -1;
	d->second = 0;
	if (**p == ':' && (text_expect(p, ':') ||
			   text_read_digits(p, 2, &d->second)))
		return -1;
	return d->hour < 24 && d->minute < 60 && d->second < 60 ? 0 : -1;
}

/* Nothing (keeps *offset), Z, or ±HH:MM / ±HHMM. */
static int text_parse_offset(const char **p, int *offset)
{
	int sign = **p == '-' ? -1 : 1, h, m;
	if (**p == 'Z') {
		(*p)++;
		*offset = 0;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return 0;
	(*p)++;
	if (text_read_digits(p, 2, &h))
		return -1;
	if (**p == ':')
		(*p)++;
	if (text_read_digits(p, 2, &m) || h > 23 || m > 59)
		return -1;
	*offset = sign * (h * 60 + m);
	return 0;
}

int text_date_parse(const char *s, int default_offset_min,
		    struct text_date *out)
{
	struct text_date d = {0};
	const char *p = s;
	int offset = default_offset_min;
	if (text_read_digits(&p, 4, &d.year) || text_expect(&p, '-') ||
	    text_read_digits(&p, 2, &d.month) || text_expect(&p, '-') ||
	    text_read_digits(&p, 2, &d.day))
		return -1;
	if (*p == 'T' || *p == ' ') {
		p++;
		d.has_time = true;
		if (text_parse_time(&p, &d) || text_parse_offset(&p, &offset))
			return -1;
	}
	if (*p != '\0' || d.year < 1 || d.month < 1 || d.month > 12 ||
	    d.day < 1 || d.day > text_days_in_month(d.year, d.month))
		return -1;
	long long local = text_days_from_civil(d.year, d.month, d.day) * 86400 +
			  d.hour * 3600 + d.minute * 60 + d.second;
	text_date_from_epoch(out, local - offset * 60LL, offset);
	out->has_time = d.has_time;
	return 0;
}

/* Where glibc and the FHS keep the compiled IANA zones unless $TZDIR says
 * otherwise. */
#define TEXT_ZONEINFO "/usr/share/zoneinfo"
#define TEXT_TZ_NAME_MAX 128

/* IANA names are letters, digits and "/_-+" ("America/Port-au-Prince",
 * "Etc/GMT+7"); with no '.' a name cannot climb out of the zone folder. */
static bool text_tz_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > TEXT_TZ_NAME_MAX || name[0] == '/')
		return false;
	for (const char *p = name; *p; p++)
		if (!text_is_ascii_alnum(*p) && !strchr("/_-+", *p))
			return false;
	return true;
}

/* The C library treats a zone it cannot load as UTC without a word, so
 * check first that the zone file exists and is a TZif file. */
static int text_tz_file_check(const char *name)
{
	const char *dir = getenv("TZDIR");
	struct buf path;
	FILE *f = NULL;
	char magic[4];
	int status = -1;
	buf_init(&path);
	buf_printf(&path, "%s/%s", dir && *dir ? dir : TEXT_ZONEINFO, name);
	f = fopen(path.data, "rb");
	if (!f)
		goto out;
	if (fread(magic, 1, sizeof magic, f) == sizeof magic &&
	    memcmp(magic, "TZif", sizeof magic) == 0)
		status = 0;
out:
	if (f)
		fclose(f);
	buf_dispose(&path);
	return status;
}

int text_tz_offset(const char *tz_name, long long epoch, int *offset_min)
{
	int status = -1;
	const char *old = getenv("TZ");
	char *saved = old ? xstrdup(old) : NULL;
	bool set = false;
	time_t t = (time_t)epoch;
	struct tm tm;
	if (!text_tz_name_ok(tz_name) || text_tz_file_check(tz_name) < 0 ||
	    setenv("TZ", tz_name, 1) < 0)
		goto out;
	set = true;
	tzset();
	if (!localtime_r(&t, &tm))
		goto out;
	*offset_min = (int)(tm.tm_gmtoff / 60);
	status = 0;
out:
	if (set) {
		if (saved)
			setenv("TZ", saved, 1);
		else
			unsetenv("TZ");
		tzset();
	}
	free(saved);
	return status;
}

static void text_put_offset(struct buf *out, int offset_min, bool colon)
{
	int a = offset_min < 0 ? -offset_min : offset_min;
	buf_printf(out, "%c%02d%s%02d", offset_min < 0 ? '-' : '+', a / 60,
		   colon ? ":" : "", a % 60);
}

void text_date_iso(struct buf *out, const struct text_date *d)
{
	buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02d", d->year, d->month,
		   d->day, d->hour, d->minute, d->second);
	text_put_offset(out, d->offset_min, true);
}

void text_date_rfc822(struct buf *out, const struct text_date *d)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed",
					   "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
					     "May", "Jun", "Jul", "Aug",
					     "Sep", "Oct", "Nov", "Dec"};
	buf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d ", days[d->weekday],
		   d->day, months[d->month - 1], d->year, d->hour, d->minute,
		   d->second);
	text_put_offset(out, d->offset_min, false);
}

void text_date_vi(struct buf *out, const struct text_date *d)
{
	static const char *const days[] = {"Chủ nhật", "Thứ hai", "Thứ ba",
					   "Thứ tư",   "Thứ năm", "Thứ sáu",
					   "Thứ bảy"};
	buf_puts(out, days[d->weekday]);
	buf_puts(out, ", ");
	text_date_short(out, d);
}

void text_date_short(struct buf *out, const struct text_date *d)
{
	buf_printf(out, "%02d/%02d/%04d", d->day, d->month, d->year);
}

void text_date_ymd(struct buf *out, const struct text_date *d)
{
	buf_printf(out, "%04d-%02d-%02d", d->year, d->month, d->day);
}

void text_date_hm(struct buf *out, const struct text_date *d)
{
	buf_printf(out, "%02d:%02d", d->hour, d->minute);
}

/* ---- escaping ---- */

static const char *text_entity_for(char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

/* Copies runs of plain bytes in one go, escaping (or for XML dropping
 * forbidden controls) between them. */
static void text_escape(struct buf *out, const char *s, size_t len, bool xml)
{
	size_t from = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = text_entity_for((char)c);
		bool drop = xml && c < 0x20 && c != '\t' && c != '\n' &&
			    c != '\r';
		if (!rep && !drop)
			continue;
		buf_put(out, s + from, i - from);
		if (rep)
			buf_puts(out, rep);
		from = i + 1;
	}
	buf_put(out, s + from, len - from);
}

void text_escape_html(struct buf *out, const char *s, size_t len)
{
	text_escape(out, s, len, false);
}

void text_escape_xml(struct buf *out, const char *s, size_t len)
{
	text_escape(out, s, len, true);
}

void text_escape_url_path(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (text_is_ascii_alnum(c) || (c && strchr("-._~/", c))) {
			buf_putc(out, (char)c);
			continue;
		}
		char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
		buf_put(out, esc, sizeof esc);
	}
}

void text_escape_json(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	buf_putc(out, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			buf_putc(out, '\\');
			buf_putc(out, (char)c);
		} else if (c == '\n') {
			buf_puts(out, "\\n");
		} else if (c == '\t') {
			buf_puts(out, "\\t");
		} else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			/* < > & as \u escapes: no "</script>" or "<!--"
			 * inside a <script> element, whatever the text */
			char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4],
				       hex[c & 15]};
			buf_put(out, esc, sizeof esc);
		} else if (c == 0xe2 && (unsigned char)s[1] == 0x80 &&
			   ((unsigned char)s[2] & 0xfe) == 0xa8) {
			/* U+2028 and U+2029 end a line in older JavaScript */
			buf_puts(out, (unsigned char)s[2] == 0xa8 ? "\\u2028"
								 : "\\u2029");
			s += 2;
		} else {
			buf_putc(out, (char)c);
		}
	}
	buf_putc(out, '"');
}

/* ---- numbers ---- */

/* The digits of |scaled|, zero-padded to at least decimals + 1 so there
 * is always one digit before the point, then split and grouped. */
static void text_number(struct buf *out, long long scaled, int decimals,
			char group, char point)
{
	assert(decimals >= 0 && decimals <= 18);
	unsigned long long mag = scaled < 0 ? 0ULL - (unsigned long long)scaled
					    : (unsigned long long)scaled;
	char digits[48];
	int n = snprintf(digits, sizeof digits, "%0*llu", decimals + 1, mag);
	int whole = n - decimals;
	if (scaled < 0)
		buf_putc(out, '-');
	for (int i = 0; i < whole; i++) {
		if (group && i > 0 && (whole - i) % 3 == 0)
			buf_putc(out, group);
		buf_putc(out, digits[i]);
	}
	if (decimals) {
		buf_putc(out, point);
		buf_put(out, digits + whole, (size_t)decimals);
	}
}

void text_number_vi(struct buf *out, long long scaled, int decimals)
{
	text_number(out, scaled, decimals, '.', ',');
}

void text_number_dot(struct buf *out, long long scaled, int decimals)
{
	text_number(out, scaled, decimals, 0, '.');
}

/* ---- summaries ---- */

/* Plain text being collected: whitespace is held back as one pending
 * space and only written before the next character, which collapses runs
 * and trims both ends. */
struct text_plain {
	struct buf *out;
	size_t start;   /* where this call's text begins in out */
	size_t chars;   /* characters written, marks not counted */
	size_t limit;   /* collecting stops once chars exceeds it */
	bool space;     /* whitespace seen since the last character */
};

/* Adds one code point; returns false once more than limit characters
 * are in, which is all the caller needs to know to cut. */
static bool text_plain_add(struct text_plain *pl, int32_t cp)
{
	if (text_is_space(cp)) {
		pl->space = pl->out->len > pl->start;
		return true;
	}
	if (pl->space) {
		buf_putc(pl->out, ' ');
		pl->chars++;
		pl->space = false;
	}
	text_put_cp(pl->out, cp);
	if (!text_is_mark(cp))
		pl->chars++;
	return pl->chars <= pl->limit;
}

static bool text_is_cut_punct(char c)
{
	return c == ' ' || c == ',' || c == ';' || c == ':' || c == '.' ||
	       c == '-';
}

/* Cuts the collected text to max_chars - 1 characters, back to the last
 * space unless that would leave nothing, then trailing punctuation off and
 * "…" on. */
static void text_plain_cut(struct text_plain *pl, size_t max_chars)
{
	struct buf *out = pl->out;
	size_t p = pl->start, n = 0;
	while (p < out->len) {
		int32_t cp;
		size_t w = text_decode(out->data, out->len, p, &cp);
		if (!text_is_mark(cp)) {
			if (n == max_chars - 1)
				break;
			n++;
		}
		p += w;
	}
	if (out->data[p] != ' ') {
		size_t q = p;
		while (q > pl->start && out->data[q - 1] != ' ')
			q--;
		if (q > pl->start)
			p = q - 1;
	}
	while (p > pl->start && text_is_cut_punct(out->data[p - 1]))
		p--;
	buf_truncate(out, p);
	buf_puts(out, "…");
}

#define TEXT_ENTITY_MAX 8   /* where ";" ends the longest name, "&hellip;" */

/* "&#DDD;" or "&#xHHH;" at s[0]: any number of digits (the value
 * saturates), and as in browsers 0, surrogates and values past U+10FFFF
 * read as U+FFFD.  Returns the length with the ';', or 0. */
static size_t text_html_numeric(const char *s, size_t len, int32_t *cp)
{
	size_t i = 2;
	bool hex = i < len && (s[i] == 'x' || s[i] == 'X');
	uint32_t v = 0;
	i += hex;
	size_t first = i;
	for (; i < len; i++) {
		char c = text_ascii_lower(s[i]);
		int digit = c >= '0' && c <= '9'		? c - '0'
			    : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
							  : -1;
		if (digit < 0)
			break;
		v = v * (hex ? 16 : 10) + (uint32_t)digit;
		if (v > 0x10FFFF)
			v = 0x110000;
	}
	if (i == first || i == len || s[i] != ';')
		return 0;
	bool bad = v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF);
	*cp = bad ? TEXT_REPLACEMENT : (int32_t)v;
	return i + 1;
}

/* Decodes the character reference at s[0] == '&' into *cp; returns its
 * length, ';' included, or 0 when it is not one we know (then the '&' is
 * plain text, as browsers show it). */
static size_t text_html_entity(const char *s, size_t len, int32_t *cp)
{
	static const struct {
		const char *name;
		int32_t cp;
	} named[] = {
		{"amp", '&'},	    {"lt", '<'},	{"gt", '>'},
		{"quot", '"'},	    {"apos", '\''},	{"nbsp", 0xA0},
		{"hellip", 0x2026}, {"ndash", 0x2013}, {"mdash", 0x2014},
		{"lsquo", 0x2018},  {"rsquo", 0x2019}, {"ldquo", 0x201C},
		{"rdquo", 0x201D},  {"laquo", 0xAB},	{"raquo", 0xBB},
		{"copy", 0xA9},
	};
	if (len > 1 && s[1] == '#')
		return text_html_numeric(s, len, cp);
	size_t semi = 0;
	for (size_t i = 1; i < len && i < TEXT_ENTITY_MAX && !semi; i++)
		if (s[i] == ';')
			semi = i;
	if (semi < 2)
		return 0;
	for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
		if (strlen(named[k].name) == semi - 1 &&
		    memcmp(s + 1, named[k].name, semi - 1) == 0) {
			*cp = named[k].cp;
			return semi + 1;
		}
	}
	return 0;
}

static bool text_is_ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* As HTML does: '<' opens a tag only before a letter, "/letter", '!' or
 * '?'; "a < b" stays text. */
static bool text_html_tag_starts(const char *s, size_t len, size_t i)
{
	if (i + 1 >= len)
		return false;
	char c = s[i + 1];
	return text_is_ascii_alpha(c) || c == '!' || c == '?' ||
	       (c == '/' && i + 2 < len && text_is_ascii_alpha(s[i + 2]));
}

/* Index after the '>' that closes the tag whose name ends at i; a quote
 * right after '=' opens an attribute value that may hold '>'. */
static size_t text_html_tag_end(const char *s, size_t len, size_t i)
{
	char quote = 0, last = 0;
	for (; i < len; i++) {
		char c = s[i];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if ((c == '"' || c == '\'') && last == '=') {
			quote = c;
		} else if (c == '>') {
			return i + 1;
		}
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			last = c;
	}
	return len;
}

static bool text_name_is(const char *s, size_t n, const char *name)
{
	if (strlen(name) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (text_ascii_lower(s[i]) != name[i])
			return false;
	return true;
}

static bool text_name_in(const char *s, size_t n, const char *const *names)
{
	for (; *names; names++)
		if (text_name_is(s, n, *names))
			return true;
	return false;
}

/* Tags after which words must not run together: "<p>a</p><p>b</p>" is
 * "a b", while "<b>Gia</b> Viễn" keeps its own spacing. */
static const char *const text_block_tags[] = {
	"address", "article", "aside", "blockquote", "br", "caption", "dd",
	"div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2",
	"h3", "h4", "h5", "h6", "header", "hr", "img", "li", "main", "nav",
	"ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th",
	"thead", "tr", "ul", NULL,
};

/* Elements whose content is not text at all. */
static const char *const text_raw_tags[] = {"script", "style", NULL};

/* Index after the "</name ...>" that ends a raw-text element, or len.
 * name is the element's name as written in its start tag. */
static size_t text_html_skip_raw(const char *s, size_t len, size_t i,
				 const char *name, size_t n)
{
	for (; i + 2 + n <= len; i++) {
		if (s[i] != '<' || s[i + 1] != '/')
			continue;
		bool same = true;
		for (size_t k = 0; k < n && same; k++)
			same = text_ascii_lower(s[i + 2 + k]) ==
			       text_ascii_lower(name[k]);
		if (same && (i + 2 + n == len ||
			     !text_is_ascii_alnum(s[i + 2 + n])))
			return text_html_tag_end(s, len, i + 2 + n);
	}
	return len;
}

/* Skips the tag, comment or declaration at s[i] == '<' and returns the
 * index after it (len if it never closes).  *block says whether it
 * separates words. */
static size_t text_html_skip_tag(const char *s, size_t len, size_t i,
				 bool *block)
{
	*block = false;
	if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
		const char *end = memmem(s + i + 4, len - i - 4, "-->", 3);
		return end ? (size_t)(end - s) + 3 : len;
	}
	size_t j = i + 1;
	bool closing = s[j] == '/';
	j += closing;
	size_t name = j;
	while (j < len && text_is_ascii_alnum(s[j]))
		j++;
	size_t end = text_html_tag_end(s, len, j);
	*block = text_name_in(s + name, j - name, text_block_tags);
	if (!closing && text_name_in(s + name, j - name, text_raw_tags))
		end = text_html_skip_raw(s, len, end, s + name, j - name);
	return end;
}

static void text_html_scan(struct text_plain *pl, const char *s, size_t len)
{
	size_t i = 0;
	bool more = true;
	while (i < len && more) {
		int32_t cp;
		size_t n;
		if (s[i] == '<' && text_html_tag_starts(s, len, i)) {
			bool block;
			i = text_html_skip_tag(s, len, i, &block);
			if (block)
				text_plain_add(pl, ' ');
			continue;
		}
		if (s[i] == '&' && (n = text_html_entity(s + i, len - i, &cp)))
			i += n;
		else
			i += text_decode(s, len, i, &cp);
		more = text_plain_add(pl, cp);
	}
}

void text_strip_html(struct buf *out, const char *html, size_t len,
		     size_t max_chars)
{
	struct text_plain pl = {
		.out = out,
		.start = out->len,
		.limit = max_chars ? max_chars : SIZE_MAX,
	};
	text_html_scan(&pl, html, len);
	if (pl.chars > pl.limit)
		text_plain_cut(&pl, max_chars);
}

/* A combining mark U+0300-U+036F: UTF-8 CC 80-BF or CD 80-AF (in valid
 * UTF-8 a CC byte always starts one). */
static bool text_has_combining_mark(const char *s, size_t len)
{
	if (memchr(s, 0xCC, len))
		return true;
	for (const char *p = s, *end = s + len;
	     (p = memchr(p, 0xCD, (size_t)(end - p))) && p + 1 < end; p++)
		if ((unsigned char)p[1] <= 0xAF)
			return true;
	return false;
}

char *text_nfc(const char *s, size_t len, size_t *out_len)
{
	if (!text_has_combining_mark(s, len))
		return NULL;
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s,
					  (utf8proc_ssize_t)len, &nfc,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0 || ((size_t)n == len && memcmp(nfc, s, len) == 0)) {
		free(nfc);
		return NULL;
	}
	*out_len = (size_t)n;
	return (char *)nfc;
}

void text_quote_sh(struct buf *out, const char *s)
{
	buf_putc(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_puts(out, "'\\''");
		else
			buf_putc(out, *s);
	}
	buf_putc(out, '\'');
}

/* text: slugs, folding, UTF-8 checks, escaping and numbers (see text.h),
 * and the code point helpers text_html.c shares (text_internal.h).  The
 * only module that calls utf8proc. */
#include "text.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "mem.h"
#include "text_internal.h"

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

size_t text_decode(const char *s, size_t len, size_t i, int32_t *cp)
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

void text_put_cp(struct buf *out, int32_t cp)
{
	utf8proc_uint8_t bytes[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, bytes);
	buf_put(out, bytes, (size_t)n);
}

bool text_is_mark(int32_t cp)
{
	if (cp < 0x300)
		return false;
	utf8proc_category_t cat = utf8proc_category(cp);
	return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
	       cat == UTF8PROC_CATEGORY_ME;
}

bool text_is_space(int32_t cp)
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

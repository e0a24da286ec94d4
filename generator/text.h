/* text: the small pieces of Vietnamese-aware text handling every other
 * module needs: slugs and search folding, UTF-8 checks, escaping and
 * numbers.  Dates are text_date.h's, the plain text of HTML (summaries)
 * text_html.h's.
 *
 * Every function that writes text appends to a caller-owned struct buf
 * (buf.h) and never empties it first, so pieces can be chained:
 *
 *     struct buf b;
 *     buf_init(&b);
 *     text_slugify(&b, "Chỉ số CCHC năm 2021", strlen("Chỉ số CCHC năm 2021"));
 *     // b.data == "chi-so-cchc-nam-2021"
 *     buf_dispose(&b);
 *
 * Nothing here reads the locale or the TZ environment, so output is the
 * same on every machine.  utf8proc is used by this module only. */
#ifndef CONGBO_TEXT_H
#define CONGBO_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* ---- slugs and folding ---- */

/* Appends the slug of the UTF-8 text s[0..len) to out: the letters and
 * digits of s folded to lowercase ASCII (Vietnamese letters lose their
 * marks, in precomposed or decomposed form; đ and Đ become d), runs of
 * anything else become one '-', with none at either end:
 *
 *     "Hội nghị đánh giá, chấm điểm năm 2021" -> "hoi-nghi-danh-gia-cham-diem-nam-2021"
 *
 * Letters with no ASCII base (Æ, Ω, CJK) and invalid bytes act as
 * separators.  The slug may be empty ("!!!"): the caller decides what to
 * do then.  It is at most TEXT_SLUG_MAX bytes, cut after the last whole
 * word that fits, so that a file name made of it (with a date or
 * ".html" added) stays under the system's 255. */
#define TEXT_SLUG_MAX 200
#define TEXT_SLUG_MAX_TEXT "200"
void text_slugify(struct buf *out, const char *s, size_t len);

/* True when slug is non-empty and made only of a-z, 0-9 and '-', so it
 * is safe as a file name and URL segment as given (no '.', '/', '%',
 * uppercase or spaces).  For slugs written by hand in front matter. */
bool text_slug_is_safe(const char *slug);

/* Appends s[0..len) folded for accent- and case-insensitive search:
 * lowercase, marks removed, đ -> d, compatibility forms unified (full-
 * width digits, ligatures); everything else (spaces, punctuation, other
 * scripts) kept.  "Đánh Giá" -> "danh gia".  Invalid bytes become U+FFFD. */
void text_fold(struct buf *out, const char *s, size_t len);

/* NULL when s[0..len) (valid UTF-8) is already composed (Unicode NFC);
 * else its NFC form (free() it), *out_len its length.  Only text holding
 * combining marks U+0300-U+036F (the marks of decomposed Vietnamese, as
 * some Windows input methods type it) is looked at more closely. */
char *text_nfc(const char *s, size_t len, size_t *out_len);

/* ---- words, for the search index ---- */

/* A word longer than this many bytes (a URL, a run of digits) is left out
 * of the search index; the search page's script skips it the same way. */
#define TEXT_WORD_MAX 48

/* Finds the next word of s[0..len) at or after *pos: a run of letters,
 * digits and combining marks (Unicode categories L, N, M); anything else
 * separates words, so "512/QĐ-UBND" is "512", "QĐ", "UBND".  Returns
 * false when there is none; else sets [*start, *end) and moves *pos to
 * *end.  Invalid bytes separate words. */
bool text_next_word(const char *s, size_t len, size_t *pos, size_t *start,
		    size_t *end);

/* Appends the word s[0..len) as the index keeps it for accent-aware
 * ranking: compatibility forms unified, composed (NFC: "ươ" whether typed
 * precomposed or as base letters and marks), lowercase.  "Đường" ->
 * "đường".  Returns -1 (and appends nothing) when it is longer than
 * TEXT_WORD_MAX bytes either way. */
int text_word_lower(struct buf *out, const char *s, size_t len);

/* ---- UTF-8 ---- */

/* Checks that s[0..len) is valid UTF-8 (no overlong forms, surrogates or
 * code points above U+10FFFF) with no NUL byte.  Returns 0 if so; else -1
 * and, when line and col are not NULL, the 1-based line and column of the
 * first bad byte, the column counted in characters (code points) and
 * lines separated by '\n'. */
int text_check_utf8(const char *s, size_t len, unsigned *line, unsigned *col);

/* ---- escaping ---- */

/* Appends s[0..len) with & < > " ' written as &amp; &lt; &gt; &quot;
 * &#39;, safe in element content and in quoted attribute values. */
void text_escape_html(struct buf *out, const char *s, size_t len);

/* The same five escapes for XML (feeds, sitemaps; &#39; is valid XML),
 * and C0 control characters other than tab, LF and CR dropped, since XML
 * 1.0 forbids them even escaped. */
void text_escape_xml(struct buf *out, const char *s, size_t len);

/* Appends s[0..len) percent-encoded for a URL path: unreserved bytes
 * (A-Z a-z 0-9 - . _ ~) and '/' kept, every other byte as %XX (uppercase
 * hex), so UTF-8 becomes its percent-encoded bytes.  Not for query
 * strings. */
void text_escape_url_path(struct buf *out, const char *s, size_t len);

/* Appends s quoted for sh, as one word: 'it'\''s'. */
void text_quote_sh(struct buf *out, const char *s);

/* Appends the NUL-terminated s (NULL: "") as a JSON string, quotes
 * included, that is also safe inside an HTML <script> element: " and \\
 * escaped, \n and \t by name, other control characters, < > & and
 * U+2028/U+2029 as \u escapes ("</script>" becomes
 * "\u003c/script\u003e"); other UTF-8 kept as it is. */
void text_escape_json(struct buf *out, const char *s);

/* ---- numbers ---- */

/* Appends the exact decimal scaled / 10^decimals the Vietnamese way: '.'
 * between thousands, ',' before the decimals, '-' for negatives:
 *
 *     (9240, 2) -> "92,40"    (12345, 1) -> "1.234,5"    (-5, 2) -> "-0,05"
 *
 * decimals must be 0..18 (asserted). */
void text_number_vi(struct buf *out, long long scaled, int decimals);

/* The same number as "92.40" for CSV and JSON: '.' before the decimals,
 * no grouping. */
void text_number_dot(struct buf *out, long long scaled, int decimals);

#endif

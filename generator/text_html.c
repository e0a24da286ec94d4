/* text_html: the plain text of HTML, cut for summaries (see text_html.h). */
#include "text_html.h"

#include <stdint.h>
#include <string.h>

#include "text_internal.h"

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

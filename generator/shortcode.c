/* shortcode: finding and reading shortcode lines (see shortcode.h). */
#include "shortcode.h"

#include <stdbool.h>
#include <string.h>

/* One line being read: where it is, for positions in errors. */
struct shortcode_line {
	const char *start;        /* first byte of the line */
	const char *end;          /* its '\n' or the end of the text */
	unsigned line;            /* in the file */
	const char *file;
	struct diag_list *diags;
};

static bool shortcode_is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool shortcode_is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_';
}

/* 1-based column of p, counting characters (UTF-8 lead bytes). */
static unsigned shortcode_col(const struct shortcode_line *l, const char *p)
{
	unsigned col = 1;
	for (const char *s = l->start; s < p; s++)
		col += ((unsigned char)*s & 0xC0) != 0x80;
	return col;
}

static void shortcode_error(const struct shortcode_line *l, const char *at,
			    const char *msg)
{
	if (l->diags)
		diag_error(l->diags, l->file, l->line, shortcode_col(l, at),
			   "%s", msg);
}

/* A code fence (``` or ~~~, three or more, up to three spaces before):
 * its character and length, or 0. */
static size_t shortcode_fence(const char *s, const char *end, char *ch)
{
	size_t indent = 0;
	while (s < end && *s == ' ' && indent < 4) {
		s++;
		indent++;
	}
	if (indent > 3 || s == end || (*s != '`' && *s != '~'))
		return 0;
	size_t n = 0;
	while (s + n < end && s[n] == *s)
		n++;
	if (n < 3)
		return 0;
	*ch = *s;
	return n;
}

/* Reads one word or "quoted text" at *p; returns it (in a), or NULL with
 * an error. */
static const char *shortcode_value(struct arena *a,
				   const struct shortcode_line *l,
				   const char **p, const char *end)
{
	const char *s = *p;
	if (*s == '"') {
		const char *close = memchr(s + 1, '"', (size_t)(end - s - 1));
		if (!close) {
			shortcode_error(l, s, "this quote is never closed: "
					"end the value with \" before >}}");
			return NULL;
		}
		*p = close + 1;
		return arena_strndup(a, s + 1, (size_t)(close - s - 1));
	}
	while (*p < end && !shortcode_is_space(**p) && **p != '"')
		(*p)++;
	if (*p < end && **p == '"') {
		shortcode_error(l, *p, "a quote may only open a value: write "
				"key=\"some words\"");
		return NULL;
	}
	return arena_strndup(a, s, (size_t)(*p - s));
}

/* Reads one argument at *p: key=value, or a value alone. */
static int shortcode_read_arg(struct arena *a, const struct shortcode_line *l,
			      const char **p, const char *end,
			      struct shortcode_arg *arg)
{
	const char *s = *p;
	arg->col = shortcode_col(l, s);
	arg->key = NULL;
	/* any text before "=" is a key: "nhóm=" reaches the caller, who can
	 * say which keys it knows */
	const char *k = s;
	while (k < end && !shortcode_is_space(*k) && *k != '=' && *k != '"')
		k++;
	if (k < end && *k == '=') {
		if (k == s) {
			shortcode_error(l, s, "\"=\" with no parameter name "
					"before it");
			return -1;
		}
		arg->key = arena_strndup(a, s, (size_t)(k - s));
		*p = k + 1;
		if (*p == end || shortcode_is_space(**p)) {
			shortcode_error(l, s, "a parameter with no value: write "
					"name=value with no space around \"=\"");
			return -1;
		}
	}
	arg->value = shortcode_value(a, l, p, end);
	return arg->value ? 0 : -1;
}

/* Reads the name and arguments between "{{<" and ">}}". */
static int shortcode_read(struct arena *a, const struct shortcode_line *l,
			  const char *s, const char *end, struct shortcode *sc)
{
	while (s < end && shortcode_is_space(*s))
		s++;
	const char *name = s;
	while (s < end && shortcode_is_name_char(*s))
		s++;
	if (s == name || (s < end && !shortcode_is_space(*s))) {
		shortcode_error(l, name, "a shortcode starts with its name, "
				"e.g. {{< ket-qua cchc-2021 nhom=xa top=5 >}}");
		return -1;
	}
	sc->name = arena_strndup(a, name, (size_t)(s - name));
	sc->name_col = shortcode_col(l, name);
	sc->args = arena_array(a, SHORTCODE_MAX_ARGS, sizeof *sc->args);
	for (;;) {
		while (s < end && shortcode_is_space(*s))
			s++;
		if (s == end)
			return 0;
		if (sc->nargs == SHORTCODE_MAX_ARGS) {
			shortcode_error(l, s, "more than " SHORTCODE_MAX_ARGS_TEXT
					" arguments in one shortcode");
			return -1;
		}
		if (shortcode_read_arg(a, l, &s, end, &sc->args[sc->nargs]) < 0)
			return -1;
		sc->nargs++;
	}
}

/* A line that opens with "{{<": the shortcode in it, or -1 with an
 * error.  open points at "{{<". */
static int shortcode_line(struct arena *a, const struct shortcode_line *l,
			  const char *open, struct shortcode *sc)
{
	const char *end = l->end;
	if (end > l->start && end[-1] == '\r')
		end--;
	while (end > open && shortcode_is_space(end[-1]))
		end--;
	if (end - open < 6 || memcmp(end - 3, ">}}", 3) != 0) {
		shortcode_error(l, open, "a shortcode opened with {{< must end "
				"with >}} on the same line");
		return -1;
	}
	memset(sc, 0, sizeof *sc);
	sc->col = shortcode_col(l, open);
	return shortcode_read(a, l, open + 3, end - 3, sc);
}

/* Appends to an array in a that doubles as it grows. */
static void shortcode_push(struct arena *a, struct shortcode **items,
			   size_t *count, size_t *cap,
			   const struct shortcode *sc)
{
	if (*count == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		struct shortcode *fresh = arena_array(a, *cap, sizeof *fresh);
		if (*count)
			memcpy(fresh, *items, *count * sizeof *fresh);
		*items = fresh;
	}
	(*items)[(*count)++] = *sc;
}

size_t shortcode_scan(struct arena *a, const char *text, size_t len,
		      const char *file, unsigned line_offset,
		      struct diag_list *diags, struct shortcode **out)
{
	size_t count = 0, cap = 0;
	size_t fence_len = 0;      /* the open fence, or 0 */
	char fence_ch = 0;
	struct shortcode_line l = {.file = file, .diags = diags,
				   .line = line_offset};
	*out = NULL;
	for (const char *s = text, *end = text + len; s < end;
	     s = l.end < end ? l.end + 1 : end) {
		l.start = s;
		l.end = memchr(s, '\n', (size_t)(end - s));
		if (!l.end)
			l.end = end;
		l.line++;
		char ch;
		size_t n = shortcode_fence(s, l.end, &ch);
		if (fence_len) {
			if (n >= fence_len && ch == fence_ch)
				fence_len = 0;
			continue;
		}
		if (n) {
			fence_len = n;
			fence_ch = ch;
			continue;
		}
		const char *p = s;
		while (p < l.end && *p == ' ' && p - s < 4)
			p++;
		if (p - s > 3 || l.end - p < 3 || memcmp(p, "{{<", 3) != 0)
			continue;
		struct shortcode sc;
		if (shortcode_line(a, &l, p, &sc) == 0) {
			sc.line = l.line - line_offset;
			shortcode_push(a, out, &count, &cap, &sc);
		}
	}
	return count;
}

const struct shortcode_arg *shortcode_arg(const struct shortcode *sc,
					  const char *key)
{
	for (size_t i = 0; i < sc->nargs; i++)
		if (sc->args[i].key && strcmp(sc->args[i].key, key) == 0)
			return &sc->args[i];
	return NULL;
}

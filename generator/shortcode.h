/* shortcode: lines of Markdown that stand for something congbo generates.
 *
 * A shortcode is a line of its own (up to three spaces before it, nothing
 * after it), in Hugo's syntax: a name, then arguments, each a word or
 * key=value, with double quotes around a value that holds spaces:
 *
 *     {{< ket-qua cchc-2021 nhom=xa top=5 >}}
 *     name     = "ket-qua"
 *     args     = {NULL, "cchc-2021"}, {"nhom", "xa"}, {"top", "5"}
 *
 * Lines in fenced code blocks (``` or ~~~) and indented code (four
 * spaces) are text, so an article can show the syntax itself.  This
 * module only reads the syntax; what a name means is its caller's
 * business (results.h for ket-qua). */
#ifndef CONGBO_SHORTCODE_H
#define CONGBO_SHORTCODE_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"

/* Arguments of one shortcode, at most. */
#define SHORTCODE_MAX_ARGS 16
#define SHORTCODE_MAX_ARGS_TEXT "16"

struct shortcode_arg {
	const char *key;      /* NULL for a positional argument */
	const char *value;    /* without its quotes */
	unsigned col;         /* 1-based column of the argument, in characters */
};

struct shortcode {
	unsigned line;        /* 1-based line in the text scanned */
	unsigned col;         /* column of "{{<" */
	const char *name;
	unsigned name_col;
	struct shortcode_arg *args;
	size_t nargs;
};

/* Finds every shortcode line of text[0..len).  Returns how many, with
 * *out an array of them in a (NULL when none).  A line that opens with
 * "{{<" but is not a well-formed shortcode is an error in diags (when
 * not NULL) at file:line:col, line counted from line_offset + 1 for the
 * first line of text, and is left out. */
size_t shortcode_scan(struct arena *a, const char *text, size_t len,
		      const char *file, unsigned line_offset,
		      struct diag_list *diags, struct shortcode **out);

/* The value of the argument called key, or NULL. */
const struct shortcode_arg *shortcode_arg(const struct shortcode *sc,
					  const char *key);

#endif

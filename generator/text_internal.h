/* text_internal: the code point helpers text.c and text_html.c share, so
 * that utf8proc stays behind text.c.  Not for other modules. */
#ifndef CONGBO_TEXT_INTERNAL_H
#define CONGBO_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* What an invalid byte reads as. */
#define TEXT_REPLACEMENT 0xFFFD

static inline bool text_is_ascii_alnum(int32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static inline char text_ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Decodes the code point at s[i], i < len, into *cp and returns its byte
 * length.  A bad byte reads as U+FFFD of length 1, so callers always move
 * on and never loop. */
size_t text_decode(const char *s, size_t len, size_t i, int32_t *cp);

/* Appends cp as UTF-8. */
void text_put_cp(struct buf *out, int32_t cp);

/* True for a combining mark (Unicode categories Mn, Mc, Me). */
bool text_is_mark(int32_t cp);

/* True for whitespace and control characters, NBSP included. */
bool text_is_space(int32_t cp);

#endif

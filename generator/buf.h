/* buf: the one growable byte buffer used for every string congbo builds.
 *
 * A buf's data pointer is never NULL and the bytes are always followed by a
 * NUL, so b.data can be handed to any C string function at any time:
 *
 *     struct buf b;
 *     buf_init(&b);
 *     buf_puts(&b, "<p>");
 *     buf_printf(&b, "%d", 42);
 *     puts(b.data);               // "<p>42"
 *     buf_dispose(&b);
 *
 * Growth aborts on out-of-memory (mem.h), so appends cannot fail. */
#ifndef CONGBO_BUF_H
#define CONGBO_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;   /* 0 while data points at the shared empty string */
};

void buf_init(struct buf *b);
void buf_dispose(struct buf *b);
/* Makes sure len + extra bytes (plus the NUL) fit. */
void buf_grow(struct buf *b, size_t extra);
void buf_put(struct buf *b, const void *bytes, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_truncate(struct buf *b, size_t len);
/* Hands the heap string to the caller (free() it) and leaves b empty. */
char *buf_detach(struct buf *b);

#endif

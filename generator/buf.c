/* buf: growable NUL-terminated byte buffer (see buf.h). */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static char buf_empty[1];

void buf_init(struct buf *b)
{
	b->data = buf_empty;
	b->len = 0;
	b->cap = 0;
}

void buf_dispose(struct buf *b)
{
	if (b->cap)
		free(b->data);
	buf_init(b);
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (b->cap) {
		b->data = xrealloc(b->data, cap);
	} else {
		b->data = xmalloc(cap);
		b->data[0] = '\0';
	}
	b->cap = cap;
}

void buf_put(struct buf *b, const void *bytes, size_t len)
{
	if (!len)
		return;
	buf_grow(b, len);
	memcpy(b->data + b->len, bytes, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

/* Room for most formatted texts (a date, a number, a path): they are
 * formatted once, straight into the buffer, not measured first. */
#define BUF_PRINTF_ROOM 32

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	buf_grow(b, BUF_PRINTF_ROOM);
	size_t room = b->cap - b->len;   /* the NUL included */
	va_copy(copy, ap);
	int n = vsnprintf(b->data + b->len, room, fmt, copy);
	va_end(copy);
	if (n > 0 && (size_t)n >= room) {   /* cut short: make room, again */
		buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	if (n > 0)
		b->len += (size_t)n;
	b->data[b->len] = '\0';
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

char *buf_detach(struct buf *b)
{
	char *s = b->cap ? b->data : xstrdup("");
	buf_init(b);
	return s;
}

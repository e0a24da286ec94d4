/* record: length-prefixed fields (see record.h). */
#include "record.h"

#include <stdint.h>
#include <string.h>

/* n in decimal then ':': tens of thousands a build, no printf parsing */
void record_put_count(struct buf *b, size_t n)
{
	char digits[24], *p = digits + sizeof digits;
	*--p = ':';
	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	buf_put(b, p, (size_t)(digits + sizeof digits - p));
}

void record_put_bytes(struct buf *b, const char *s, size_t len)
{
	record_put_count(b, len);
	buf_put(b, s, len);
}

void record_put_text(struct buf *b, const char *s)
{
	record_put_bytes(b, s, strlen(s));
}

void record_reader_init(struct record_reader *r, const char *rec, size_t len)
{
	*r = (struct record_reader){rec, rec + len, false};
}

size_t record_get_count(struct record_reader *r, size_t max)
{
	size_t n = 0;
	const char *s = r->pos;
	if (r->bad)
		return 0;
	while (s < r->end && *s >= '0' && *s <= '9' && n < SIZE_MAX / 10)
		n = n * 10 + (size_t)(*s++ - '0');
	if (s == r->pos || s == r->end || *s != ':' || n > max) {
		r->bad = true;
		return 0;
	}
	r->pos = s + 1;
	return n;
}

const char *record_get_bytes(struct record_reader *r, size_t *len)
{
	*len = record_get_count(r, SIZE_MAX);
	if (r->bad || *len > (size_t)(r->end - r->pos)) {
		r->bad = true;
		*len = 0;
		return NULL;
	}
	const char *s = r->pos;
	r->pos += *len;
	return s;
}

char *record_get_text(struct record_reader *r, struct arena *a)
{
	size_t len;
	const char *s = record_get_bytes(r, &len);
	return s ? arena_strndup(a, s, len) : NULL;
}

bool record_at_end(const struct record_reader *r)
{
	return !r->bad && r->pos == r->end;
}

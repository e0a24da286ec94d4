/* record: a structure kept as text in the build cache, as length-prefixed
 * fields.
 *
 * A field is its length in decimal, ':' and its bytes, so no character a
 * value may hold (\t, \n, \x1e ... anything) can split it; a count is a
 * number and ':' alone.  The writer appends to a buf; the reader walks a
 * record and turns bad on anything that does not parse (truncated,
 * not a number, a length past the end), after which every get returns
 * 0 or NULL: the caller checks bad once at the end and then reads the
 * source instead.
 *
 *     record_put_count(&b, 2);          // "2:"
 *     record_put_text(&b, "Gia Viễn");  // "9:Gia Viễn"
 *
 *     struct record_reader r;
 *     record_reader_init(&r, b.data, b.len);
 *     size_t n = record_get_count(&r, 100);
 *     const char *name = record_get_text(&r, arena);
 *     if (r.bad || !record_at_end(&r)) ...   // not ours: read the source */
#ifndef CONGBO_RECORD_H
#define CONGBO_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"

void record_put_count(struct buf *b, size_t n);
void record_put_bytes(struct buf *b, const char *s, size_t len);
void record_put_text(struct buf *b, const char *s);

struct record_reader {
	const char *pos, *end;
	bool bad;
};

void record_reader_init(struct record_reader *r, const char *rec, size_t len);
/* A count followed by ':'; bad when it is above max. */
size_t record_get_count(struct record_reader *r, size_t max);
/* A field's bytes, in place (not NUL-ended): *len of them; NULL when
 * bad. */
const char *record_get_bytes(struct record_reader *r, size_t *len);
/* A field, copied NUL-ended into a; NULL when bad. */
char *record_get_text(struct record_reader *r, struct arena *a);
/* True when the whole record was read, and well. */
bool record_at_end(const struct record_reader *r);

#endif

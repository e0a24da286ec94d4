/* records: the length-prefixed binary files of congbo's caches kept in a
 * repository's git folder (history_cache.h, publish_tree.h).
 *
 * A file is a magic line, then numbers (little-endian, 1 to 8 bytes) and
 * strings (a u32 length, then the bytes), and last the SHA-256 (hex) of
 * every byte before it: a truncated or damaged file is seen as such.
 *
 *     struct buf b;  buf_init(&b);  buf_puts(&b, MAGIC);
 *     records_put_number(&b, count, 4);
 *     records_seal(&b);                      // then cache_write_file
 *
 *     struct records_reader r;
 *     if (records_open(&r, data, len, MAGIC)) {
 *         size_t n = records_get_number(&r, 4);
 *         ...
 *         if (!r.bad && r.p == r.end) ...    // all read, all valid
 *     } */
#ifndef CONGBO_RECORDS_H
#define CONGBO_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"

void records_put_number(struct buf *b, uint64_t n, int bytes);
void records_put_string(struct buf *b, const char *s, size_t len);
/* Appends the checksum of everything in b. */
void records_seal(struct buf *b);

struct records_reader {
	const unsigned char *p, *end;   /* what is left before the seal */
	bool bad;                       /* read past the end, or a value a
					   caller found wrong */
};

/* Whether data starts with magic and ends with a valid seal; r then
 * reads what lies between. */
bool records_open(struct records_reader *r, const char *data, size_t len,
		  const char *magic);
/* The next number of that many bytes (0 and r->bad past the end). */
uint64_t records_get_number(struct records_reader *r, int bytes);
/* The next string, NUL-terminated, in a ("" and r->bad past the end);
 * its length in *len unless len is NULL. */
const char *records_get_string(struct records_reader *r, struct arena *a,
			       size_t *len);
/* The next len bytes as they are, or NULL (and r->bad) past the end. */
const void *records_get_bytes(struct records_reader *r, size_t len);

#endif

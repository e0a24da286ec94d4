/* records: length-prefixed binary records sealed by a checksum (see
 * records.h). */
#include "records.h"

#include <string.h>

#include "digest.h"

#define RECORDS_SEAL (DIGEST_SHA256_HEX_SIZE - 1)

void records_put_number(struct buf *b, uint64_t n, int bytes)
{
	unsigned char le[8];
	for (int i = 0; i < bytes; i++)
		le[i] = (unsigned char)(n >> (8 * i));
	buf_put(b, le, (size_t)bytes);
}

void records_put_string(struct buf *b, const char *s, size_t len)
{
	records_put_number(b, len, 4);
	buf_put(b, s, len);
}

void records_seal(struct buf *b)
{
	char digest[DIGEST_SHA256_HEX_SIZE];
	digest_sha256_hex(b->data, b->len, digest);
	buf_put(b, digest, RECORDS_SEAL);
}

bool records_open(struct records_reader *r, const char *data, size_t len,
		  const char *magic)
{
	size_t head = strlen(magic);
	char digest[DIGEST_SHA256_HEX_SIZE];
	if (len < head + RECORDS_SEAL || memcmp(data, magic, head) != 0)
		return false;
	digest_sha256_hex(data, len - RECORDS_SEAL, digest);
	if (memcmp(digest, data + len - RECORDS_SEAL, RECORDS_SEAL) != 0)
		return false;
	r->p = (const unsigned char *)data + head;
	r->end = (const unsigned char *)data + len - RECORDS_SEAL;
	r->bad = false;
	return true;
}

const void *records_get_bytes(struct records_reader *r, size_t len)
{
	if (r->bad || (size_t)(r->end - r->p) < len) {
		r->bad = true;
		return NULL;
	}
	const void *at = r->p;
	r->p += len;
	return at;
}

uint64_t records_get_number(struct records_reader *r, int bytes)
{
	const unsigned char *le = records_get_bytes(r, (size_t)bytes);
	uint64_t n = 0;
	for (int i = 0; le && i < bytes; i++)
		n |= (uint64_t)le[i] << (8 * i);
	return n;
}

const char *records_get_string(struct records_reader *r, struct arena *a,
			       size_t *len)
{
	size_t n = (size_t)records_get_number(r, 4);
	const char *s = records_get_bytes(r, n);
	if (!s)
		n = 0;
	if (len)
		*len = n;
	return arena_strndup(a, s ? s : "", n);
}

/* search_cache: the records file beside the output folder (see
 * search_cache.h). */
#include "search_cache.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "search_doc.h"

#define SEARCH_CACHE_KEY_LEN (FINGERPRINT_HEX_SIZE - 1)
/* "#" and the digest: the file's last bytes */
#define SEARCH_CACHE_TAIL (1 + SEARCH_CACHE_KEY_LEN)

struct search_cache_record {
	const char *bytes;
	size_t len;
};

/* True when data ends with the digest of the bytes before it. */
static bool search_cache_digest_ok(const char *data, size_t len)
{
	size_t head = strlen(SEARCH_CACHE_FORMAT);
	if (len < head + SEARCH_CACHE_TAIL ||
	    memcmp(data, SEARCH_CACHE_FORMAT, head) != 0)
		return false;
	size_t body = len - SEARCH_CACHE_TAIL;
	struct fingerprint fp;
	char hex[FINGERPRINT_HEX_SIZE];
	fingerprint_init(&fp);
	fingerprint_bytes(&fp, data, body);
	fingerprint_hex(&fp, hex);
	return data[body] == '#' &&
	       memcmp(data + body + 1, hex, SEARCH_CACHE_KEY_LEN) == 0;
}

/* Indexes the records of a file whose digest is right; -1 if malformed. */
static int search_cache_index(struct search_cache *c)
{
	const unsigned char *p = (const unsigned char *)c->data +
				 strlen(SEARCH_CACHE_FORMAT);
	const unsigned char *end = (const unsigned char *)c->data + c->len -
				   SEARCH_CACHE_TAIL;
	uint64_t state_len;
	if (search_get_varint(&p, end, &state_len) < 0 ||
	    state_len > (uint64_t)(end - p))
		return -1;
	c->state = (const char *)p;
	c->state_len = (size_t)state_len;
	p += state_len;
	while (p < end) {
		uint64_t len;
		if ((size_t)(end - p) < SEARCH_CACHE_KEY_LEN)
			return -1;
		const char *key = (const char *)p;
		p += SEARCH_CACHE_KEY_LEN;
		if (search_get_varint(&p, end, &len) < 0 ||
		    len > (uint64_t)(end - p))
			return -1;
		struct search_cache_record *r = arena_alloc(&c->arena, sizeof *r);
		r->bytes = (const char *)p;
		r->len = (size_t)len;
		strmap_putn(&c->records, key, SEARCH_CACHE_KEY_LEN, r);
		p += len;
	}
	return 0;
}

void search_cache_open(struct search_cache *c, const char *path)
{
	memset(c, 0, sizeof *c);
	strmap_init(&c->records);
	arena_init(&c->arena);
	const char *why = NULL;   /* unusable: an empty cache all the same */
	c->data = cache_read_file(path, &c->len, &why);
	if (!c->data)
		return;
	if (!search_cache_digest_ok(c->data, c->len) ||
	    search_cache_index(c) < 0) {
		search_cache_dispose(c);   /* an empty cache */
		strmap_init(&c->records);
		arena_init(&c->arena);
	}
}

void search_cache_dispose(struct search_cache *c)
{
	strmap_dispose(&c->records);
	arena_dispose(&c->arena);
	free(c->data);
	c->data = NULL;
	c->len = 0;
	c->state = NULL;
	c->state_len = 0;
}

const char *search_cache_get(const struct search_cache *c, const char *key,
			     size_t *len)
{
	const struct search_cache_record *r = strmap_get(&c->records, key);
	if (!r)
		return NULL;
	*len = r->len;
	return r->bytes;
}

int search_cache_save(const char *path, const char *state, size_t state_len,
		      char (*keys)[FINGERPRINT_HEX_SIZE], char *const *recs,
		      const size_t *lens, size_t n)
{
	struct buf b;
	struct fingerprint fp;
	char hex[FINGERPRINT_HEX_SIZE];
	buf_init(&b);
	buf_puts(&b, SEARCH_CACHE_FORMAT);
	search_put_varint(&b, state_len);
	if (state_len)
		buf_put(&b, state, state_len);
	for (size_t i = 0; i < n; i++) {
		if (!recs[i])
			continue;
		buf_put(&b, keys[i], SEARCH_CACHE_KEY_LEN);
		search_put_varint(&b, lens[i]);
		buf_put(&b, recs[i], lens[i]);
	}
	fingerprint_init(&fp);
	fingerprint_bytes(&fp, b.data, b.len);
	fingerprint_hex(&fp, hex);
	buf_printf(&b, "#%s", hex);
	int rc = cache_write_file(path, b.data, b.len);
	buf_dispose(&b);
	return rc;
}

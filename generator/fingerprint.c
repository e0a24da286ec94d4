/* fingerprint: two-lane multiply-xorshift digest (see fingerprint.h). */
#include "fingerprint.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define FP_P1 0x9E3779B97F4A7C15ULL
#define FP_P2 0xC2B2AE3D27D4EB4FULL

static uint64_t fingerprint_mix(uint64_t h, uint64_t w, uint64_t p)
{
	h ^= w;
	h *= p;
	h ^= h >> 32;
	return h;
}

void fingerprint_init(struct fingerprint *fp)
{
	fp->a = 0x243F6A8885A308D3ULL;
	fp->b = 0x13198A2E03707344ULL;
	fp->length = 0;
}

void fingerprint_bytes(struct fingerprint *fp, const void *data, size_t len)
{
	const unsigned char *p = data;
	while (len >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		fp->a = fingerprint_mix(fp->a, w, FP_P1);
		fp->b = fingerprint_mix(fp->b, w ^ 0xFFFFFFFFFFFFFFFFULL, FP_P2);
		p += 8;
		len -= 8;
		fp->length += 8;
	}
	if (len) {
		uint64_t w = 0;
		memcpy(&w, p, len);
		w ^= (uint64_t)len << 56;
		fp->a = fingerprint_mix(fp->a, w, FP_P1);
		fp->b = fingerprint_mix(fp->b, w ^ 0xFFFFFFFFFFFFFFFFULL, FP_P2);
		fp->length += len;
	}
}

/* One 8-byte word: a node's kind with its count or length. */
static void fingerprint_word(struct fingerprint *fp, uint64_t w)
{
	fp->a = fingerprint_mix(fp->a, w, FP_P1);
	fp->b = fingerprint_mix(fp->b, w ^ 0xFFFFFFFFFFFFFFFFULL, FP_P2);
	fp->length += 8;
}

void fingerprint_string(struct fingerprint *fp, const char *s)
{
	size_t len = strlen(s);
	fingerprint_word(fp, (uint64_t)len);
	fingerprint_bytes(fp, s, len);
}

/* whole: shared values too are hashed in full, not as a marker */
static void fingerprint_tree(struct fingerprint *fp, const struct value *v,
			     bool whole);

static void fingerprint_node(struct fingerprint *fp, const struct value *v,
			     bool whole)
{
	if (v->digest)
		fingerprint_bytes(fp, v->digest, FINGERPRINT_DIGEST_SIZE);
	else if (v->shared && !whole)
		fingerprint_string(fp, "(shared)");
	else
		fingerprint_tree(fp, v, whole);
}

void fingerprint_value(struct fingerprint *fp, const struct value *v)
{
	fingerprint_node(fp, v, false);
}

void fingerprint_shared(struct fingerprint *fp, const struct value *v)
{
	fingerprint_node(fp, v, true);
}

/* Each node starts with one word: its kind in the low byte, above it
 * what says how much follows (a text's length, a list's or map's count,
 * a bool's value), so that no two trees give the same stream. */
static void fingerprint_tree(struct fingerprint *fp, const struct value *v,
			     bool whole)
{
	uint64_t kind = (uint64_t)v->kind;
	switch (v->kind) {
	case VALUE_NULL:
		fingerprint_word(fp, kind);
		break;
	case VALUE_BOOL:
		fingerprint_word(fp, kind | (uint64_t)v->boolean << 8);
		break;
	case VALUE_NUMBER:
	case VALUE_STRING:
		fingerprint_word(fp, kind | (uint64_t)v->len << 8);
		fingerprint_bytes(fp, v->str, v->len);
		break;
	case VALUE_LIST:
		fingerprint_word(fp, kind | (uint64_t)v->count << 8);
		for (size_t i = 0; i < v->count; i++)
			fingerprint_node(fp, v->items[i], whole);
		break;
	case VALUE_MAP:
		fingerprint_word(fp, kind | (uint64_t)v->count << 8);
		for (size_t i = 0; i < v->count; i++) {
			fingerprint_node(fp, v->pairs[i].key, whole);
			fingerprint_node(fp, v->pairs[i].val, whole);
		}
		break;
	}
}

static void fingerprint_final(const struct fingerprint *fp, uint64_t out[2])
{
	out[1] = fingerprint_mix(fp->b, fp->length, FP_P1);
	out[0] = fingerprint_mix(fingerprint_mix(fp->a, fp->length, FP_P2),
				 out[1], FP_P1);
}

void fingerprint_hex(const struct fingerprint *fp,
		     char out[FINGERPRINT_HEX_SIZE])
{
	uint64_t d[2];
	fingerprint_final(fp, d);
	snprintf(out, FINGERPRINT_HEX_SIZE, "%016llx%016llx",
		 (unsigned long long)d[0], (unsigned long long)d[1]);
}

void fingerprint_digest(const struct fingerprint *fp,
			unsigned char out[FINGERPRINT_DIGEST_SIZE])
{
	uint64_t d[2];
	fingerprint_final(fp, d);
	memcpy(out, d, FINGERPRINT_DIGEST_SIZE);
}

void fingerprint_memo(struct arena *a, struct value *v)
{
	struct fingerprint fp;
	fingerprint_init(&fp);
	fingerprint_string(&fp, "(memo)");   /* never equal to a tree */
	fingerprint_value(&fp, v);
	unsigned char *digest = arena_alloc(a, FINGERPRINT_DIGEST_SIZE);
	fingerprint_digest(&fp, digest);
	v->digest = digest;
}

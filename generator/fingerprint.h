/* fingerprint: a 128-bit digest of what an output file is made from.
 *
 * The incremental cache keys each output by a fingerprint of everything
 * that decides its bytes (template set, view, source ids).  It only has to
 * tell "changed" from "unchanged", quickly, for content that its own
 * authors write: a fast non-cryptographic mix, two independent 64-bit
 * lanes, is enough, and is some 20 times faster than SHA-1 on views.
 *
 *     struct fingerprint fp;
 *     fingerprint_init(&fp);
 *     fingerprint_value(&fp, view);
 *     char hex[FINGERPRINT_HEX_SIZE];
 *     fingerprint_hex(&fp, hex);
 */
#ifndef CONGBO_FINGERPRINT_H
#define CONGBO_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "value.h"

#define FINGERPRINT_HEX_SIZE 33   /* 32 hex digits and a NUL */
#define FINGERPRINT_DIGEST_SIZE 16

struct fingerprint {
	uint64_t a, b;
	uint64_t length;
};

void fingerprint_init(struct fingerprint *fp);
void fingerprint_bytes(struct fingerprint *fp, const void *data, size_t len);
/* A string with its length, so ("ab","c") and ("a","bc") differ. */
void fingerprint_string(struct fingerprint *fp, const char *s);
/* The whole tree: kinds, keys in order, texts; a value marked shared
 * (the same in every view) counts only as a marker, so that its bytes are
 * not hashed once per page: fold it into the base once instead, with
 * fingerprint_shared. */
void fingerprint_value(struct fingerprint *fp, const struct value *v);
/* The whole tree of a shared value, the values marked shared in it
 * included (the base of every key folds in site.categories this way). */
void fingerprint_shared(struct fingerprint *fp, const struct value *v);
void fingerprint_hex(const struct fingerprint *fp, char out[FINGERPRINT_HEX_SIZE]);
/* The same digest as 16 bytes, for a value's digest (below). */
void fingerprint_digest(const struct fingerprint *fp,
			unsigned char out[FINGERPRINT_DIGEST_SIZE]);
/* Hashes v once and leaves the digest on it: every view holding v then
 * hashes its 16 bytes instead of the tree (a card shown by 6 lists).  v
 * must not change afterwards.  A caller may also set v->digest itself, to
 * a fingerprint of everything v is made from: v may then be built only
 * once the key is taken (render.c's cards). */
void fingerprint_memo(struct arena *a, struct value *v);

#endif

/* strmap: a hash map from strings to pointers.
 *
 * Open addressing, keys copied into the map, no removal (builds only add).
 * Not thread-safe: callers that share one lock it.
 *
 *     struct strmap m;
 *     strmap_init(&m);
 *     strmap_put(&m, "tin-tuc/a/index.html", page);
 *     struct page *p = strmap_get(&m, "tin-tuc/a/index.html");
 *     strmap_dispose(&m);     // frees the keys, not the values
 */
#ifndef CONGBO_STRMAP_H
#define CONGBO_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	char *key;
	size_t len;
	uint64_t hash;
	void *value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap;      /* a power of two, or 0 */
	size_t count;
};

void strmap_init(struct strmap *m);
void strmap_dispose(struct strmap *m);
/* The value stored under key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key);
void *strmap_getn(const struct strmap *m, const char *key, size_t len);
/* Stores value under key (a copy of key is kept).  Returns true when key
 * was new, false when it replaced an earlier value. */
bool strmap_put(struct strmap *m, const char *key, void *value);
bool strmap_putn(struct strmap *m, const char *key, size_t len, void *value);
/* FNV-1a of len bytes: the map's hash, exposed for callers that index by it. */
uint64_t strmap_hash(const char *s, size_t len);

#endif

/* strmap: open-addressing string map (see strmap.h). */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

uint64_t strmap_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void strmap_init(struct strmap *m)
{
	m->slots = NULL;
	m->cap = m->count = 0;
}

void strmap_dispose(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	strmap_init(m);
}

/* The slot holding key, or the empty slot where it would go. */
static struct strmap_slot *strmap_find(const struct strmap *m, const char *key,
				       size_t len, uint64_t hash)
{
	size_t mask = m->cap - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == hash && s->len == len &&
				memcmp(s->key, key, len) == 0))
			return s;
	}
}

static void strmap_grow(struct strmap *m)
{
	struct strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 64;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (size_t i = 0; i < old.cap; i++) {
		struct strmap_slot *s = &old.slots[i];
		if (s->key)
			*strmap_find(m, s->key, s->len, s->hash) = *s;
	}
	free(old.slots);
}

void *strmap_getn(const struct strmap *m, const char *key, size_t len)
{
	if (!m->count)
		return NULL;
	struct strmap_slot *s = strmap_find(m, key, len, strmap_hash(key, len));
	return s->key ? s->value : NULL;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	return strmap_getn(m, key, strlen(key));
}

bool strmap_putn(struct strmap *m, const char *key, size_t len, void *value)
{
	if ((m->count + 1) * 4 > m->cap * 3)   /* keep the load under 3/4 */
		strmap_grow(m);
	uint64_t hash = strmap_hash(key, len);
	struct strmap_slot *s = strmap_find(m, key, len, hash);
	bool fresh = !s->key;
	if (fresh) {
		s->key = xstrndup(key, len);
		s->len = len;
		s->hash = hash;
		m->count++;
	}
	s->value = value;
	return fresh;
}

bool strmap_put(struct strmap *m, const char *key, void *value)
{
	return strmap_putn(m, key, strlen(key), value);
}

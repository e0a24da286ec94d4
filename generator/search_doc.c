/* search_doc: a page's words and pairs, encoded and decoded (see
 * search_doc.h). */
#include "search_doc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "strmap.h"
#include "text.h"

void search_put_varint(struct buf *out, uint64_t v)
{
	while (v >= 0x80) {
		buf_putc(out, (char)(0x80 | (v & 0x7F)));
		v >>= 7;
	}
	buf_putc(out, (char)v);
}

int search_get_varint(const unsigned char **p, const unsigned char *end,
		      uint64_t *v)
{
	uint64_t x = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (*p >= end)
			return -1;
		unsigned char byte = *(*p)++;
		x |= (uint64_t)(byte & 0x7F) << shift;
		if (!(byte & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

/* ---- encoding ---------------------------------------------------------- */

/* A word's slot in a search_doc_table: its key is ptr[0..len), or, when
 * ptr is NULL, the builder's pool at the word's offset (the pool moves as
 * it grows). */
struct search_doc_slot {
	uint64_t hash;
	const char *ptr;
	uint32_t len;
	uint32_t id1;             /* the word's id + 1; 0: empty */
};

/* Open addressing, no copy of the keys: a page's few hundred words are
 * looked up thousands of times, and a strmap's malloc per key showed in
 * a cold build's profile. */
struct search_doc_table {
	struct search_doc_slot *slots;
	size_t cap, count;        /* cap: a power of two, or 0 */
};

/* The words of one page while it is read: ids in order of first use. */
struct search_doc_builder {
	struct search_doc_table ids;       /* word -> id */
	struct search_doc_table written;   /* word as written -> id: a word
					      met again is not lowercased
					      again */
	struct buf pool;         /* the words' bytes, one after another */
	size_t *offsets, *lens;
	unsigned *flags;
	size_t count, cap;
	struct search_pair *pairs;
	size_t pair_count, pair_cap;
	struct buf scratch;
};

static const char *search_doc_slot_key(const struct search_doc_builder *b,
				       const struct search_doc_slot *slot)
{
	return slot->ptr ? slot->ptr : b->pool.data + b->offsets[slot->id1 - 1];
}

/* The slot of key in t: its own, or the empty one it would take. */
static struct search_doc_slot *search_doc_slot(const struct search_doc_builder *b,
					       const struct search_doc_table *t,
					       const char *key, size_t len,
					       uint64_t hash)
{
	size_t mask = t->cap - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		struct search_doc_slot *slot = &t->slots[i];
		if (!slot->id1 || (slot->hash == hash && slot->len == len &&
				   memcmp(search_doc_slot_key(b, slot), key, len) == 0))
			return slot;
	}
}

static void search_doc_table_grow(struct search_doc_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 512;
	struct search_doc_slot *slots = xcalloc(cap, sizeof *slots);
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slots[i].id1)
			continue;
		size_t j = t->slots[i].hash & (cap - 1);
		while (slots[j].id1)
			j = (j + 1) & (cap - 1);
		slots[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
}

/* The id of key in t, or 0 when absent; *slot is where it is or goes. */
static uint32_t search_doc_lookup(struct search_doc_builder *b,
				  struct search_doc_table *t, const char *key,
				  size_t len, uint64_t hash,
				  struct search_doc_slot **slot)
{
	if ((t->count + 1) * 2 > t->cap)
		search_doc_table_grow(t);
	*slot = search_doc_slot(b, t, key, len, hash);
	return (*slot)->id1;
}

static void search_doc_table_put(struct search_doc_table *t,
				 struct search_doc_slot *slot, uint64_t hash,
				 const char *ptr, size_t len, uint32_t id)
{
	*slot = (struct search_doc_slot){hash, ptr, (uint32_t)len, id + 1};
	t->count++;
}

static uint32_t search_doc_intern(struct search_doc_builder *b,
				  const char *w, size_t len, unsigned flag)
{
	struct search_doc_slot *slot;
	uint64_t hash = strmap_hash(w, len);
	uint32_t got = search_doc_lookup(b, &b->ids, w, len, hash, &slot);
	if (got) {
		b->flags[got - 1] |= flag;
		return got - 1;
	}
	if (b->count == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->offsets = xreallocarray(b->offsets, b->cap, sizeof *b->offsets);
		b->lens = xreallocarray(b->lens, b->cap, sizeof *b->lens);
		b->flags = xreallocarray(b->flags, b->cap, sizeof *b->flags);
	}
	b->offsets[b->count] = b->pool.len;
	b->lens[b->count] = len;
	b->flags[b->count] = flag;
	buf_put(&b->pool, w, len);
	search_doc_table_put(&b->ids, slot, hash, NULL, len, (uint32_t)b->count);
	return (uint32_t)b->count++;
}

static void search_doc_add_pair(struct search_doc_builder *b, uint32_t a,
				uint32_t c, unsigned flag)
{
	if (b->pair_count == b->pair_cap) {
		b->pair_cap = b->pair_cap ? b->pair_cap * 2 : 256;
		b->pairs = xreallocarray(b->pairs, b->pair_cap, sizeof *b->pairs);
	}
	b->pairs[b->pair_count++] = (struct search_pair){a, c, flag};
}

/* True when s[from..to) holds only spaces: the words around it follow
 * one another (a comma or a full stop between them breaks the pair). */
static bool search_doc_only_spaces(const char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

/* Adds the words of s[0..len), found in the part flag, and their pairs
 * (within the first max_pairs words). */
static void search_doc_read(struct search_doc_builder *b, const char *s,
			    size_t len, unsigned flag, size_t max_pairs)
{
	size_t pos = 0, start, end, prev_end = 0, seen = 0;
	bool have_prev = false;
	uint32_t prev = 0;
	while (text_next_word(s, len, &pos, &start, &end)) {
		uint32_t id;
		struct search_doc_slot *slot;
		uint64_t hash = strmap_hash(s + start, end - start);
		uint32_t known = search_doc_lookup(b, &b->written, s + start,
						   end - start, hash, &slot);
		if (known) {
			id = known - 1;
			b->flags[id] |= flag;
		} else {
			buf_truncate(&b->scratch, 0);
			if (text_word_lower(&b->scratch, s + start,
					    end - start) < 0) {
				have_prev = false;   /* a URL, a long number */
				continue;
			}
			id = search_doc_intern(b, b->scratch.data,
					       b->scratch.len, flag);
			/* the table did not grow meanwhile: slot still holds */
			search_doc_table_put(&b->written, slot, hash, s + start,
					     end - start, id);
		}
		if (have_prev && seen < max_pairs &&
		    search_doc_only_spaces(s, prev_end, start))
			search_doc_add_pair(b, prev, id, flag);
		seen++;
		have_prev = true;
		prev = id;
		prev_end = end;
	}
}

static int search_doc_cmp_words(const void *x, const void *y, void *ctx)
{
	const struct search_doc_builder *b = ctx;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	size_t li = b->lens[i], lj = b->lens[j];
	int c = memcmp(b->pool.data + b->offsets[i], b->pool.data + b->offsets[j],
		       li < lj ? li : lj);
	return c ? c : (li > lj) - (li < lj);
}

static int search_doc_cmp_pairs(const void *x, const void *y)
{
	const struct search_pair *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return 0;
}

static void search_doc_write(struct search_doc_builder *b, struct buf *out)
{
	size_t *order = xcalloc(b->count + 1, sizeof *order);
	uint32_t *rank = xcalloc(b->count + 1, sizeof *rank);
	for (size_t i = 0; i < b->count; i++)
		order[i] = i;
	qsort_r(order, b->count, sizeof *order, search_doc_cmp_words, b);
	search_put_varint(out, b->count);
	for (size_t i = 0; i < b->count; i++) {
		size_t id = order[i];
		rank[id] = (uint32_t)i;
		search_put_varint(out, b->lens[id]);
		buf_put(out, b->pool.data + b->offsets[id], b->lens[id]);
		buf_putc(out, (char)b->flags[id]);
	}
	for (size_t i = 0; i < b->pair_count; i++) {
		b->pairs[i].a = rank[b->pairs[i].a];
		b->pairs[i].b = rank[b->pairs[i].b];
	}
	if (b->pair_count)   /* pairs is NULL without */
		qsort(b->pairs, b->pair_count, sizeof *b->pairs,
		      search_doc_cmp_pairs);
	size_t kept = 0;   /* one entry per pair, its flags merged */
	for (size_t i = 0; i < b->pair_count; i++) {
		if (kept && !search_doc_cmp_pairs(&b->pairs[kept - 1], &b->pairs[i]))
			b->pairs[kept - 1].flags |= b->pairs[i].flags;
		else
			b->pairs[kept++] = b->pairs[i];
	}
	search_put_varint(out, kept);
	uint32_t prev_a = 0;
	for (size_t i = 0; i < kept; i++) {
		search_put_varint(out, b->pairs[i].a - prev_a);
		search_put_varint(out, b->pairs[i].b);
		buf_putc(out, (char)b->pairs[i].flags);
		prev_a = b->pairs[i].a;
	}
	free(order);
	free(rank);
}

void search_doc_encode(struct buf *out, const char *title, const char *text,
		       size_t len)
{
	struct search_doc_builder b;
	memset(&b, 0, sizeof b);
	buf_init(&b.pool);
	buf_init(&b.scratch);
	search_doc_read(&b, title, strlen(title), SEARCH_IN_TITLE, SIZE_MAX);
	search_doc_read(&b, text, len, SEARCH_IN_BODY, SEARCH_PAIR_WINDOW);
	search_doc_write(&b, out);
	free(b.ids.slots);
	free(b.written.slots);
	buf_dispose(&b.pool);
	buf_dispose(&b.scratch);
	free(b.offsets);
	free(b.lens);
	free(b.flags);
	free(b.pairs);
}

/* ---- decoding ---------------------------------------------------------- */

static int search_doc_decode_words(struct arena *a, const unsigned char **p,
				   const unsigned char *end,
				   struct search_doc *doc)
{
	uint64_t n, len;
	if (search_get_varint(p, end, &n) < 0 || n > (uint64_t)(end - *p))
		return -1;
	doc->word_count = (size_t)n;
	doc->words = arena_array(a, doc->word_count + 1, sizeof *doc->words);
	for (size_t i = 0; i < doc->word_count; i++) {
		if (search_get_varint(p, end, &len) < 0 ||
		    len >= (uint64_t)(end - *p))
			return -1;
		doc->words[i].text = (const char *)*p;
		doc->words[i].len = (size_t)len;
		*p += len;
		doc->words[i].flags = *(*p)++;
	}
	return 0;
}

static int search_doc_decode_pairs(struct arena *a, const unsigned char **p,
				   const unsigned char *end,
				   struct search_doc *doc)
{
	uint64_t n, da, b;
	uint64_t prev_a = 0;
	if (search_get_varint(p, end, &n) < 0 || n > (uint64_t)(end - *p))
		return -1;
	doc->pair_count = (size_t)n;
	doc->pairs = arena_array(a, doc->pair_count + 1, sizeof *doc->pairs);
	for (size_t i = 0; i < doc->pair_count; i++) {
		if (search_get_varint(p, end, &da) < 0 ||
		    search_get_varint(p, end, &b) < 0 || *p >= end ||
		    prev_a + da >= doc->word_count || b >= doc->word_count)
			return -1;
		prev_a += da;
		doc->pairs[i] = (struct search_pair){(uint32_t)prev_a,
						     (uint32_t)b, *(*p)++};
	}
	return 0;
}

int search_doc_decode(struct arena *a, const char *rec, size_t len,
		      struct search_doc *doc)
{
	const unsigned char *p = (const unsigned char *)rec, *end = p + len;
	memset(doc, 0, sizeof *doc);
	if (search_doc_decode_words(a, &p, end, doc) < 0 ||
	    search_doc_decode_pairs(a, &p, end, doc) < 0 || p != end) {
		memset(doc, 0, sizeof *doc);
		return -1;
	}
	return 0;
}

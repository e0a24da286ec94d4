/* search_index: records merged into word and pair buckets and document
 * chunks (see search_index.h); or the previous build's buckets patched
 * with the changed documents' words. */
#include "search_index.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "fingerprint.h"
#include "mem.h"
#include "search_doc.h"
#include "strmap.h"
#include "text.h"

/* Documents of one word or pair, ascending (documents come in order). */
struct search_postings {
	uint32_t *ids;
	uint32_t count, cap;
};

struct search_variant {       /* one accented form */
	const char *text;
	size_t len;
	uint32_t folded;
	struct search_postings all, title;
};

struct search_folded {        /* one folded word and its forms */
	const char *text;
	size_t len;
	uint32_t *variants;
	uint32_t count, cap;
};

/* Where a pair "a b" lies: in a's word bucket, in b's (a is common), or
 * in a pair bucket (a is common, b heavy): search_index.h. */
enum search_place { SEARCH_BY_A, SEARCH_BY_B, SEARCH_APART };

static enum search_place search_place_of(bool common_a, bool heavy_b)
{
	return !common_a ? SEARCH_BY_A : heavy_b ? SEARCH_APART : SEARCH_BY_B;
}

static bool search_common_bytes(uint64_t bytes)
{
	return bytes > SEARCH_PAIRS_APART;
}

static bool search_heavy_bytes(uint64_t after)
{
	return after > SEARCH_AFTER_APART;
}

struct search_pair_entry {    /* one pair of folded words */
	uint32_t a, b;
	struct search_postings all, title;
	enum search_place place;  /* a build's placing */
};

struct search_merge {
	struct arena strings;
	struct strmap variant_ids, folded_ids;   /* text -> id + 1 */
	struct search_variant *variants;
	size_t variant_count, variant_cap;
	struct search_folded *folded;
	size_t folded_count, folded_cap;
	struct search_pair_entry *pairs;
	size_t pair_count, pair_cap;
	uint64_t *pair_keys;      /* open addressing: (a << 32 | b) + 1 */
	uint32_t *pair_slots;     /* the pair's index */
	size_t pair_table_cap;
	struct buf scratch;
};

uint32_t search_index_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static void search_postings_add(struct search_postings *p, uint32_t doc)
{
	if (p->count && p->ids[p->count - 1] == doc)
		return;
	if (p->count == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 4;
		p->ids = xreallocarray(p->ids, p->cap, sizeof *p->ids);
	}
	p->ids[p->count++] = doc;
}

/* Puts doc in p (in order) or takes it out. */
static void search_postings_set(struct search_postings *p, uint32_t doc,
				bool in)
{
	uint32_t lo = 0, hi = p->count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (p->ids[mid] < doc)
			lo = mid + 1;
		else
			hi = mid;
	}
	bool there = lo < p->count && p->ids[lo] == doc;
	if (there == in)
		return;
	if (!in) {
		memmove(p->ids + lo, p->ids + lo + 1,
			(p->count - lo - 1) * sizeof *p->ids);
		p->count--;
		return;
	}
	if (p->count == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 4;
		p->ids = xreallocarray(p->ids, p->cap, sizeof *p->ids);
	}
	memmove(p->ids + lo + 1, p->ids + lo, (p->count - lo) * sizeof *p->ids);
	p->ids[lo] = doc;
	p->count++;
}

/* ---- merging ------------------------------------------------------------ */

static uint32_t search_folded_id(struct search_merge *m, const char *s,
				 size_t len)
{
	void *got = strmap_getn(&m->folded_ids, s, len);
	if (got)
		return (uint32_t)((uintptr_t)got - 1);
	if (m->folded_count == m->folded_cap) {
		m->folded_cap = m->folded_cap ? m->folded_cap * 2 : 1024;
		m->folded = xreallocarray(m->folded, m->folded_cap,
					  sizeof *m->folded);
	}
	struct search_folded *f = &m->folded[m->folded_count];
	memset(f, 0, sizeof *f);
	f->text = arena_strndup(&m->strings, s, len);
	f->len = len;
	strmap_putn(&m->folded_ids, s, len, (void *)(uintptr_t)(m->folded_count + 1));
	return (uint32_t)m->folded_count++;
}

static uint32_t search_variant_id(struct search_merge *m, const char *s,
				  size_t len)
{
	void *got = strmap_getn(&m->variant_ids, s, len);
	if (got)
		return (uint32_t)((uintptr_t)got - 1);
	if (m->variant_count == m->variant_cap) {
		m->variant_cap = m->variant_cap ? m->variant_cap * 2 : 1024;
		m->variants = xreallocarray(m->variants, m->variant_cap,
					    sizeof *m->variants);
	}
	uint32_t id = (uint32_t)m->variant_count++;
	struct search_variant *v = &m->variants[id];
	memset(v, 0, sizeof *v);
	v->text = arena_strndup(&m->strings, s, len);
	v->len = len;
	buf_truncate(&m->scratch, 0);
	text_fold(&m->scratch, s, len);
	v->folded = search_folded_id(m, m->scratch.data, m->scratch.len);
	struct search_folded *f = &m->folded[v->folded];
	if (f->count == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 2;
		f->variants = xreallocarray(f->variants, f->cap,
					    sizeof *f->variants);
	}
	f->variants[f->count++] = id;
	strmap_putn(&m->variant_ids, s, len, (void *)(uintptr_t)(id + 1));
	return id;
}

static void search_pair_table_grow(struct search_merge *m)
{
	size_t cap = m->pair_table_cap ? m->pair_table_cap * 2 : 4096;
	uint64_t *keys = xcalloc(cap, sizeof *keys);
	uint32_t *slots = xcalloc(cap, sizeof *slots);
	for (size_t i = 0; i < m->pair_table_cap; i++) {
		if (!m->pair_keys[i])
			continue;
		size_t j = (m->pair_keys[i] * 0x9E3779B97F4A7C15ULL) >> 20 & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = m->pair_keys[i];
		slots[j] = m->pair_slots[i];
	}
	free(m->pair_keys);
	free(m->pair_slots);
	m->pair_keys = keys;
	m->pair_slots = slots;
	m->pair_table_cap = cap;
}

static struct search_pair_entry *search_pair(struct search_merge *m,
					     uint32_t a, uint32_t b)
{
	if ((m->pair_count + 1) * 2 > m->pair_table_cap)
		search_pair_table_grow(m);
	uint64_t key = ((uint64_t)a << 32 | b) + 1;
	size_t mask = m->pair_table_cap - 1;
	size_t j = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask;
	while (m->pair_keys[j]) {
		if (m->pair_keys[j] == key)
			return &m->pairs[m->pair_slots[j]];
		j = (j + 1) & mask;
	}
	if (m->pair_count == m->pair_cap) {
		m->pair_cap = m->pair_cap ? m->pair_cap * 2 : 4096;
		m->pairs = xreallocarray(m->pairs, m->pair_cap, sizeof *m->pairs);
	}
	m->pair_keys[j] = key;
	m->pair_slots[j] = (uint32_t)m->pair_count;
	struct search_pair_entry *p = &m->pairs[m->pair_count++];
	memset(p, 0, sizeof *p);
	p->a = a;
	p->b = b;
	return p;
}

/* Adds document doc's words and pairs. */
static int search_merge_doc(struct search_merge *m, struct arena *tmp,
			    uint32_t doc, const char *rec, size_t len)
{
	struct search_doc d;
	if (search_doc_decode(tmp, rec, len, &d) < 0)
		return -1;
	uint32_t *ids = arena_array(tmp, d.word_count + 1, sizeof *ids);
	for (size_t i = 0; i < d.word_count; i++) {
		ids[i] = search_variant_id(m, d.words[i].text, d.words[i].len);
		struct search_variant *v = &m->variants[ids[i]];
		search_postings_add(&v->all, doc);
		if (d.words[i].flags & SEARCH_IN_TITLE)
			search_postings_add(&v->title, doc);
	}
	for (size_t i = 0; i < d.pair_count; i++) {
		struct search_pair_entry *p = search_pair(m,
			m->variants[ids[d.pairs[i].a]].folded,
			m->variants[ids[d.pairs[i].b]].folded);
		search_postings_add(&p->all, doc);
		if (d.pairs[i].flags & SEARCH_IN_TITLE)
			search_postings_add(&p->title, doc);
	}
	return 0;
}

/* ---- encoding ----------------------------------------------------------- */

static size_t search_varint_size(uint64_t v)
{
	size_t n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static size_t search_gaps_size(const struct search_postings *p)
{
	size_t n = 0;
	int64_t prev = -1;
	for (uint32_t i = 0; i < p->count; i++) {
		n += search_varint_size((uint64_t)((int64_t)p->ids[i] - prev - 1));
		prev = p->ids[i];
	}
	return n;
}

/* The bytes of a list, and whether it is a bitmap (*bitmap) of *bits
 * bytes: up to its last document, so that a list is a function of its
 * documents alone. */
static size_t search_list_size(const struct search_postings *p, bool *bitmap,
			       size_t *bits)
{
	size_t gaps = search_gaps_size(p);
	*bits = p->count ? p->ids[p->count - 1] / 8 + 1 : 0;
	*bitmap = p->count && search_varint_size(*bits) + *bits < gaps;
	return search_varint_size((uint64_t)p->count << 1 | *bitmap) +
	       (*bitmap ? search_varint_size(*bits) + *bits : gaps);
}

static void search_put_list(struct buf *out, const struct search_postings *p)
{
	bool bitmap;
	size_t bits;
	search_list_size(p, &bitmap, &bits);
	search_put_varint(out, (uint64_t)p->count << 1 | bitmap);
	if (bitmap) {
		search_put_varint(out, bits);
		size_t at = out->len;
		for (size_t i = 0; i < bits; i++)
			buf_putc(out, 0);
		unsigned char *map = (unsigned char *)out->data + at;
		for (uint32_t i = 0; i < p->count; i++)
			map[p->ids[i] >> 3] |= (unsigned char)(1u << (p->ids[i] & 7));
		return;
	}
	int64_t prev = -1;
	for (uint32_t i = 0; i < p->count; i++) {
		search_put_varint(out, (uint64_t)((int64_t)p->ids[i] - prev - 1));
		prev = p->ids[i];
	}
}

static void search_put_text(struct buf *out, const char *s, size_t len)
{
	search_put_varint(out, len);
	buf_put(out, s, len);
}

static size_t search_text_size(size_t len)
{
	return search_varint_size(len) + len;
}

static size_t search_lists_size(const struct search_postings *all,
				const struct search_postings *title)
{
	bool bitmap;
	size_t bits;
	return search_list_size(all, &bitmap, &bits) +
	       search_list_size(title, &bitmap, &bits);
}

/* An item: its key, the length of its body, the body. */
static size_t search_item_size(size_t key_len, size_t body)
{
	return search_text_size(key_len) + search_varint_size(body) + body;
}

static size_t search_folded_body(const struct search_merge *m,
				 const struct search_folded *f)
{
	size_t n = search_varint_size(f->count);
	for (uint32_t i = 0; i < f->count; i++) {
		const struct search_variant *v = &m->variants[f->variants[i]];
		n += search_text_size(v->len) +
		     search_lists_size(&v->all, &v->title);
	}
	return n;
}

/* How many buckets keep each near SEARCH_BUCKET_BYTES: a power of two. */
static uint32_t search_bucket_count(uint64_t total)
{
	uint32_t n = 1;
	while (n < SEARCH_MAX_BUCKETS && (uint64_t)n * SEARCH_BUCKET_BYTES < total)
		n *= 2;
	return n;
}

static int search_cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);
	return c ? c : (al > bl) - (al < bl);
}

static int search_cmp_variants(const void *x, const void *y, void *ctx)
{
	const struct search_merge *m = ctx;
	const struct search_variant *a = &m->variants[*(const uint32_t *)x];
	const struct search_variant *b = &m->variants[*(const uint32_t *)y];
	return search_cmp_bytes(a->text, a->len, b->text, b->len);
}

static int search_cmp_folded(const void *x, const void *y, void *ctx)
{
	const struct search_merge *m = ctx;
	const struct search_folded *a = &m->folded[*(const uint32_t *)x];
	const struct search_folded *b = &m->folded[*(const uint32_t *)y];
	return search_cmp_bytes(a->text, a->len, b->text, b->len);
}

static int search_cmp_pairs(const void *x, const void *y, void *ctx)
{
	const struct search_merge *m = ctx;
	const struct search_pair_entry *p = &m->pairs[*(const uint32_t *)x];
	const struct search_pair_entry *q = &m->pairs[*(const uint32_t *)y];
	int c = search_cmp_folded(&p->a, &q->a, ctx);
	return c ? c : search_cmp_folded(&p->b, &q->b, ctx);
}

/* The key "a b" of a pair, in m->scratch. */
static void search_pair_key(struct search_merge *m,
			    const struct search_pair_entry *p)
{
	buf_truncate(&m->scratch, 0);
	buf_put(&m->scratch, m->folded[p->a].text, m->folded[p->a].len);
	buf_putc(&m->scratch, ' ');
	buf_put(&m->scratch, m->folded[p->b].text, m->folded[p->b].len);
}

static size_t search_word_size(struct search_merge *m, uint32_t i)
{
	const struct search_folded *f = &m->folded[i];
	return search_item_size(f->len, search_folded_body(m, f));
}

static void search_word_key(struct search_merge *m, uint32_t i)
{
	buf_truncate(&m->scratch, 0);
	buf_put(&m->scratch, m->folded[i].text, m->folded[i].len);
}

static void search_word_put(struct search_merge *m, uint32_t i, struct buf *out)
{
	const struct search_folded *f = &m->folded[i];
	search_put_text(out, f->text, f->len);
	search_put_varint(out, search_folded_body(m, f));
	search_put_varint(out, f->count);
	for (uint32_t j = 0; j < f->count; j++) {
		const struct search_variant *v = &m->variants[f->variants[j]];
		search_put_text(out, v->text, v->len);
		search_put_list(out, &v->all);
		search_put_list(out, &v->title);
	}
}

static size_t search_pair_size(struct search_merge *m, uint32_t i)
{
	const struct search_pair_entry *p = &m->pairs[i];
	return search_item_size(m->folded[p->a].len + 1 + m->folded[p->b].len,
				search_lists_size(&p->all, &p->title));
}

static void search_pair_put(struct search_merge *m, uint32_t i, struct buf *out)
{
	const struct search_pair_entry *p = &m->pairs[i];
	search_pair_key(m, p);
	search_put_text(out, m->scratch.data, m->scratch.len);
	search_put_varint(out, search_lists_size(&p->all, &p->title));
	search_put_list(out, &p->all);
	search_put_list(out, &p->title);
}

/* A bucket's item: word i, or pair i | SEARCH_PAIR_ITEM. */
#define SEARCH_PAIR_ITEM 0x80000000u

static bool search_is_pair(uint32_t item)
{
	return (item & SEARCH_PAIR_ITEM) != 0;
}

static size_t search_item_bytes(struct search_merge *m, uint32_t item)
{
	uint32_t i = item & ~SEARCH_PAIR_ITEM;
	return search_is_pair(item) ? search_pair_size(m, i)
				    : search_word_size(m, i);
}

/* Words first, then pairs, each sorted by key. */
static int search_cmp_items(const void *x, const void *y, void *ctx)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	if (search_is_pair(a) != search_is_pair(b))
		return search_is_pair(a) ? 1 : -1;
	uint32_t i = a & ~SEARCH_PAIR_ITEM, j = b & ~SEARCH_PAIR_ITEM;
	return search_is_pair(a) ? search_cmp_pairs(&i, &j, ctx)
				 : search_cmp_folded(&i, &j, ctx);
}

/* The key an item is placed by, in m->scratch: in a word bucket (kind 0)
 * a word's own and a pair's first or second word's, so that a pair lies
 * beside one of its words; in a pair bucket (kind 1) the pair's "a b". */
static void search_place_key(struct search_merge *m, int kind, uint32_t item)
{
	uint32_t i = item & ~SEARCH_PAIR_ITEM;
	if (kind == 1) {
		search_pair_key(m, &m->pairs[i]);
		return;
	}
	if (!search_is_pair(item))
		search_word_key(m, i);
	else
		search_word_key(m, m->pairs[i].place == SEARCH_BY_B ? m->pairs[i].b
								    : m->pairs[i].a);
}

/* A bucket's bytes: its n items, order[0..n), sorted first. */
static void search_bucket_bytes(struct search_merge *m, uint32_t *order,
				uint32_t n, struct buf *out)
{
	qsort_r(order, n, sizeof *order, search_cmp_items, m);
	buf_truncate(out, 0);
	search_put_varint(out, n);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t item = order[i] & ~SEARCH_PAIR_ITEM;
		if (search_is_pair(order[i]))
			search_pair_put(m, item, out);
		else
			search_word_put(m, item, out);
	}
}

static void search_bucket_path(char path[64], int kind, uint32_t n)
{
	snprintf(path, 64, SEARCH_INDEX_DIR "%s/%x.bin", kind ? "p" : "w", n);
}

void search_index_key(const char *data, size_t len,
		      char key[FINGERPRINT_HEX_SIZE])
{
	struct fingerprint fp;
	fingerprint_init(&fp);
	fingerprint_string(&fp, "search-file");
	fingerprint_bytes(&fp, data, len);
	fingerprint_hex(&fp, key);
}

/* Hands one file to emit (its key in key) and folds its path and key into
 * the build's id. */
struct search_sink {
	const struct search_index_io *io;
	struct fingerprint id;
};

static void search_sink_id(struct search_sink *s, const char *path,
			   const char *key)
{
	fingerprint_string(&s->id, path);
	fingerprint_string(&s->id, key);
}

static void search_sink_put(struct search_sink *s, const char *path,
			    const struct buf *b, char key[FINGERPRINT_HEX_SIZE])
{
	search_index_key(b->data, b->len, key);
	search_sink_id(s, path, key);
	s->io->emit(s->io->ctx, path, b->data, b->len, key);
}

/* Writes every bucket of kind (0 words, 1 pairs) of the items items[0..n),
 * and their count, total and keys into *state. */
static void search_write_buckets(struct search_merge *m, int kind,
				 const uint32_t *items, uint32_t n,
				 struct search_sink *sink,
				 struct search_index_state *state)
{
	uint64_t total = 0;
	uint32_t *bucket_of = xcalloc((size_t)n + 1, sizeof *bucket_of);
	for (uint32_t i = 0; i < n; i++)
		total += search_item_bytes(m, items[i]);
	uint32_t count = search_bucket_count(total);
	uint32_t *start = xcalloc((size_t)count + 2, sizeof *start);
	uint32_t *order = xcalloc((size_t)n + 1, sizeof *order);
	for (uint32_t i = 0; i < n; i++) {
		search_place_key(m, kind, items[i]);
		bucket_of[i] = search_index_hash(m->scratch.data, m->scratch.len) &
			       (count - 1);
		start[bucket_of[i] + 2]++;
	}
	for (uint32_t b = 0; b < count; b++)
		start[b + 2] += start[b + 1];
	for (uint32_t i = 0; i < n; i++)   /* start[b + 1]: bucket b's fill */
		order[start[bucket_of[i] + 1]++] = items[i];
	state->buckets[kind] = count;
	state->total[kind] = total;
	size_t first = kind ? state->buckets[0] : 0;
	state->keys = xreallocarray(state->keys, first + count,
				    sizeof *state->keys);
	struct buf out;
	buf_init(&out);
	for (uint32_t b = 0; b < count; b++) {
		char path[64];
		search_bucket_bytes(m, order + start[b], start[b + 1] - start[b],
				    &out);
		search_bucket_path(path, kind, b);
		search_sink_put(sink, path, &out, state->keys[first + b]);
		state->written++;
	}
	buf_dispose(&out);
	free(start);
	free(order);
	free(bucket_of);
}

static bool search_common(const struct search_first *f)
{
	return search_common_bytes(f->bytes);
}

static bool search_heavy(const struct search_first *f)
{
	return search_heavy_bytes(f->after);
}

/* The first word of pairs word[0..len) in s->firsts, or NULL. */
static const struct search_first *search_first_find(
	const struct search_index_state *s, const char *word, size_t len)
{
	size_t lo = 0, hi = s->first_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *w = s->firsts[mid].word;
		int c = search_cmp_bytes(w, strlen(w), word, len);
		if (c == 0)
			return &s->firsts[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool search_is_common(const struct search_index_state *s,
			     const char *word, size_t len)
{
	const struct search_first *f = search_first_find(s, word, len);
	return f && search_common(f);
}

static bool search_is_heavy(const struct search_index_state *s,
			    const char *word, size_t len)
{
	const struct search_first *f = search_first_find(s, word, len);
	return f && search_heavy(f);
}

/* Where pair "a b" (key, a's length first) lies: *kind 0 (a word bucket)
 * or 1 (a pair bucket), placed by key[*at .. *at + *len). */
static void search_pair_place(const struct search_index_state *s,
			      const char *key, size_t key_len, size_t first,
			      int *kind, size_t *at, size_t *len)
{
	bool common = search_is_common(s, key, first);
	enum search_place place = search_place_of(common, common &&
		search_is_heavy(s, key + first + 1, key_len - first - 1));
	*kind = place == SEARCH_APART;
	*at = place == SEARCH_BY_B ? first + 1 : 0;
	*len = place == SEARCH_BY_A ? first : key_len - *at;
}

static void search_json_field(struct buf *out, const char *s, bool first)
{
	if (!first)
		buf_putc(out, ',');
	text_escape_json(out, s ? s : "");
}

static void search_write_docs(const struct search_entry *docs, size_t n,
			      struct search_sink *sink)
{
	struct buf out;
	char key[FINGERPRINT_HEX_SIZE];
	buf_init(&out);
	for (size_t first = 0; first < n; first += SEARCH_DOCS_CHUNK) {
		buf_truncate(&out, 0);
		buf_putc(&out, '[');
		for (size_t i = first; i < n && i < first + SEARCH_DOCS_CHUNK; i++) {
			const struct search_entry *d = &docs[i];
			buf_puts(&out, i == first ? "\n[" : ",\n[");
			search_json_field(&out, d->url, true);
			search_json_field(&out, d->title, false);
			search_json_field(&out, d->date_short, false);
			search_json_field(&out, d->date_iso, false);
			search_json_field(&out, d->category, false);
			search_json_field(&out, d->snippet, false);
			buf_putc(&out, ']');
		}
		buf_puts(&out, "\n]\n");
		char path[64];
		snprintf(path, sizeof path, SEARCH_INDEX_DIR "d/%zu.json",
			 first / SEARCH_DOCS_CHUNK);
		search_sink_put(sink, path, &out, key);
	}
	buf_dispose(&out);
}

/* The words of state for which is(word) holds, as a JSON array. */
static void search_json_words(struct buf *out,
			      const struct search_index_state *state,
			      bool (*is)(const struct search_first *))
{
	bool none = true;
	buf_putc(out, '[');
	for (size_t i = 0; i < state->first_count; i++) {
		if (!is(&state->firsts[i]))
			continue;
		search_json_field(out, state->firsts[i].word, none);
		none = false;
	}
	buf_putc(out, ']');
}

/* The documents' chunks and the manifest: the files that follow the
 * buckets. */
static void search_write_rest(const struct search_entry *docs, size_t n,
			      struct search_sink *sink,
			      const struct search_index_state *state)
{
	search_write_docs(docs, n, sink);
	char hex[FINGERPRINT_HEX_SIZE];
	fingerprint_hex(&sink->id, hex);
	struct buf manifest;
	buf_init(&manifest);
	buf_printf(&manifest, "{\"version\": %d, \"docs\": %zu, "
		   "\"words\": %u, \"pairs\": %u, \"chunk\": %d, "
		   "\"common\": ", SEARCH_INDEX_VERSION, n,
		   state->buckets[0], state->buckets[1], SEARCH_DOCS_CHUNK);
	search_json_words(&manifest, state, search_common);
	buf_puts(&manifest, ", \"heavy\": ");
	search_json_words(&manifest, state, search_heavy);
	buf_printf(&manifest, ", \"id\": \"%.12s\"}\n", hex);
	search_index_key(manifest.data, manifest.len, hex);
	sink->io->emit(sink->io->ctx, SEARCH_INDEX_DIR "index.json",
		       manifest.data, manifest.len, hex);
	buf_dispose(&manifest);
}

static void search_merge_init(struct search_merge *m)
{
	memset(m, 0, sizeof *m);
	arena_init(&m->strings);
	strmap_init(&m->variant_ids);
	strmap_init(&m->folded_ids);
	buf_init(&m->scratch);
}

static void search_merge_dispose(struct search_merge *m)
{
	for (size_t i = 0; i < m->variant_count; i++) {
		free(m->variants[i].all.ids);
		free(m->variants[i].title.ids);
	}
	for (size_t i = 0; i < m->folded_count; i++)
		free(m->folded[i].variants);
	for (size_t i = 0; i < m->pair_count; i++) {
		free(m->pairs[i].all.ids);
		free(m->pairs[i].title.ids);
	}
	free(m->variants);
	free(m->folded);
	free(m->pairs);
	free(m->pair_keys);
	free(m->pair_slots);
	strmap_dispose(&m->variant_ids);
	strmap_dispose(&m->folded_ids);
	arena_dispose(&m->strings);
	buf_dispose(&m->scratch);
}

/* state's words of pairs: each folded word of m that begins a pair or
 * ends one whose first word is common, with the bytes of those pairs
 * (bytes, after: by folded id), sorted. */
static void search_firsts(struct search_merge *m, const uint64_t *bytes,
			  const uint64_t *after, struct search_index_state *state)
{
	uint32_t *ids = xcalloc(m->folded_count + 1, sizeof *ids);
	size_t n = 0;
	for (uint32_t i = 0; i < m->folded_count; i++)
		if (bytes[i] || after[i])
			ids[n++] = i;
	qsort_r(ids, n, sizeof *ids, search_cmp_folded, m);
	state->firsts = xcalloc(n + 1, sizeof *state->firsts);
	state->first_count = n;
	for (size_t i = 0; i < n; i++) {
		const struct search_folded *f = &m->folded[ids[i]];
		state->firsts[i].word = xstrndup(f->text, f->len);
		state->firsts[i].bytes = bytes[ids[i]];
		state->firsts[i].after = after[ids[i]];
	}
	free(ids);
}

/* Every bucket: the words in word buckets, and each pair "a b" in a's
 * word bucket, or if a is common in b's, or if b is heavy as well in a
 * pair bucket. */
static void search_write_all(struct search_merge *m, struct search_sink *sink,
			     struct search_index_state *state)
{
	uint64_t *bytes = xcalloc(m->folded_count + 1, sizeof *bytes);
	uint64_t *after = xcalloc(m->folded_count + 1, sizeof *after);
	for (uint32_t i = 0; i < m->pair_count; i++)
		bytes[m->pairs[i].a] += search_pair_size(m, i);
	for (uint32_t i = 0; i < m->pair_count; i++)
		if (search_common_bytes(bytes[m->pairs[i].a]))
			after[m->pairs[i].b] += search_pair_size(m, i);
	search_firsts(m, bytes, after, state);
	uint32_t *words = xcalloc(m->folded_count + m->pair_count + 1,
				  sizeof *words);
	uint32_t *pairs = xcalloc(m->pair_count + 1, sizeof *pairs);
	uint32_t nw = 0, np = 0;
	for (uint32_t i = 0; i < m->folded_count; i++)
		words[nw++] = i;
	for (uint32_t i = 0; i < m->pair_count; i++) {
		struct search_pair_entry *p = &m->pairs[i];
		p->place = search_place_of(search_common_bytes(bytes[p->a]),
					   search_heavy_bytes(after[p->b]));
		if (p->place == SEARCH_APART)
			pairs[np++] = i | SEARCH_PAIR_ITEM;
		else
			words[nw++] = i | SEARCH_PAIR_ITEM;
	}
	search_write_buckets(m, 0, words, nw, sink, state);
	search_write_buckets(m, 1, pairs, np, sink, state);
	free(words);
	free(pairs);
	free(bytes);
	free(after);
}

int search_index_build(const struct search_entry *docs, size_t n,
		       const struct search_index_io *io,
		       struct search_index_state *state)
{
	struct search_merge m;
	struct arena tmp;
	int rc = 0;
	memset(state, 0, sizeof *state);
	search_merge_init(&m);
	arena_init(&tmp);
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = search_merge_doc(&m, &tmp, (uint32_t)i, docs[i].record,
				      docs[i].record_len);
		arena_reset(&tmp);
	}
	if (rc == 0) {
		struct search_sink sink = {.io = io};
		fingerprint_init(&sink.id);
		for (size_t i = 0; i < m.folded_count; i++)   /* forms in order */
			qsort_r(m.folded[i].variants, m.folded[i].count,
				sizeof *m.folded[i].variants,
				search_cmp_variants, &m);
		search_write_all(&m, &sink, state);
		search_write_rest(docs, n, &sink, state);
	}
	arena_dispose(&tmp);
	search_merge_dispose(&m);
	return rc;
}

/* ---- updating ----------------------------------------------------------- */

/* What one changed document now is in one item: the accented word or
 * the folded pair "a b" (pair), in every list or out of them, in the
 * title-list or not; in bucket of kind (0 words, 1 pairs). */
struct search_delta {
	uint32_t bucket;
	uint32_t doc;
	int kind;
	bool pair;
	const char *text;
	size_t len;
	bool all, title;
};

/* A change of the bytes of the pairs that begin with word, and of those
 * that end with it and begin with a common word. */
struct search_adjust {
	const char *word;
	size_t len;
	int64_t bytes, after;
};

struct search_deltas {
	struct search_delta *items;
	size_t count, cap;
	struct arena *arena;
	const struct search_index_state *prev;
	struct buf scratch;
	struct search_adjust *adjusts;
	size_t adjust_count, adjust_cap;
};

static void search_deltas_add(struct search_deltas *ds, int kind, bool pair,
			      uint32_t doc, const char *text, size_t len,
			      const char *key, size_t key_len, unsigned flags)
{
	if (ds->count == ds->cap) {
		ds->cap = ds->cap ? ds->cap * 2 : 256;
		ds->items = xreallocarray(ds->items, ds->cap, sizeof *ds->items);
	}
	struct search_delta *d = &ds->items[ds->count++];
	d->bucket = search_index_hash(key, key_len) &
		    (ds->prev->buckets[kind] - 1);
	d->doc = doc;
	d->kind = kind;
	d->pair = pair;
	d->text = arena_strndup(ds->arena, text, len);
	d->len = len;
	d->all = flags != 0;
	d->title = (flags & SEARCH_IN_TITLE) != 0;
}

/* A pair of a record as its folded key, with its flags. */
struct search_folded_pair {
	const char *key;
	size_t len;
	unsigned flags;
};

static int search_cmp_folded_pairs(const void *x, const void *y)
{
	const struct search_folded_pair *a = x, *b = y;
	return search_cmp_bytes(a->key, a->len, b->key, b->len);
}

/* doc's pairs by folded key, sorted, one entry per key (flags merged). */
static struct search_folded_pair *search_folded_pairs(struct search_deltas *ds,
						      const struct search_doc *d,
						      size_t *count)
{
	const char **folded = arena_array(ds->arena, d->word_count + 1,
					  sizeof *folded);
	size_t *lens = arena_array(ds->arena, d->word_count + 1, sizeof *lens);
	for (size_t i = 0; i < d->word_count; i++) {
		buf_truncate(&ds->scratch, 0);
		text_fold(&ds->scratch, d->words[i].text, d->words[i].len);
		folded[i] = arena_strndup(ds->arena, ds->scratch.data,
					  ds->scratch.len);
		lens[i] = ds->scratch.len;
	}
	struct search_folded_pair *out = arena_array(ds->arena, d->pair_count + 1,
						     sizeof *out);
	for (size_t i = 0; i < d->pair_count; i++) {
		uint32_t a = d->pairs[i].a, b = d->pairs[i].b;
		out[i].len = lens[a] + 1 + lens[b];
		out[i].key = arena_join(ds->arena, folded[a], " ", folded[b]);
		out[i].flags = d->pairs[i].flags;
	}
	if (d->pair_count)
		qsort(out, d->pair_count, sizeof *out, search_cmp_folded_pairs);
	size_t kept = 0;
	for (size_t i = 0; i < d->pair_count; i++) {
		if (kept && !search_cmp_folded_pairs(&out[kept - 1], &out[i]))
			out[kept - 1].flags |= out[i].flags;
		else
			out[kept++] = out[i];
	}
	*count = kept;
	return out;
}

/* The deltas of document doc from record old (NULL: none) to new. */
static int search_doc_deltas(struct search_deltas *ds, uint32_t doc,
			     const char *old, size_t old_len, const char *new,
			     size_t new_len)
{
	struct search_doc o = {0}, n;
	if ((old && search_doc_decode(ds->arena, old, old_len, &o) < 0) ||
	    search_doc_decode(ds->arena, new, new_len, &n) < 0)
		return -1;
	size_t i = 0, j = 0;   /* words: both sorted bytewise */
	while (i < o.word_count || j < n.word_count) {
		const struct search_word *a = i < o.word_count ? &o.words[i] : NULL;
		const struct search_word *b = j < n.word_count ? &n.words[j] : NULL;
		int c = !a ? 1 : !b ? -1
			: search_cmp_bytes(a->text, a->len, b->text, b->len);
		unsigned of = c <= 0 ? a->flags : 0, nf = c >= 0 ? b->flags : 0;
		const struct search_word *w = c <= 0 ? a : b;
		i += c <= 0;
		j += c >= 0;
		if ((of != 0) == (nf != 0) &&
		    (of & SEARCH_IN_TITLE) == (nf & SEARCH_IN_TITLE))
			continue;
		buf_truncate(&ds->scratch, 0);
		text_fold(&ds->scratch, w->text, w->len);
		search_deltas_add(ds, 0, false, doc, w->text, w->len,
				  ds->scratch.data, ds->scratch.len, nf);
	}
	size_t oc, nc;
	struct search_folded_pair *op = search_folded_pairs(ds, &o, &oc);
	struct search_folded_pair *np = search_folded_pairs(ds, &n, &nc);
	for (i = j = 0; i < oc || j < nc;) {
		const struct search_folded_pair *a = i < oc ? &op[i] : NULL;
		const struct search_folded_pair *b = j < nc ? &np[j] : NULL;
		int c = !a ? 1 : !b ? -1 : search_cmp_folded_pairs(a, b);
		unsigned of = c <= 0 ? a->flags | SEARCH_IN_BODY : 0;
		unsigned nf = c >= 0 ? b->flags | SEARCH_IN_BODY : 0;
		const struct search_folded_pair *p = c <= 0 ? a : b;
		i += c <= 0;
		j += c >= 0;
		if ((of & SEARCH_IN_TITLE) == (nf & SEARCH_IN_TITLE) &&
		    (of != 0) == (nf != 0))
			continue;
		size_t first = (size_t)((const char *)memchr(p->key, ' ', p->len) -
					p->key);
		int kind;
		size_t at, len;
		search_pair_place(ds->prev, p->key, p->len, first, &kind, &at, &len);
		search_deltas_add(ds, kind, true, doc, p->key, p->len, p->key + at,
				  len, nf);
	}
	return 0;
}

static int search_cmp_deltas(const void *x, const void *y)
{
	const struct search_delta *a = x, *b = y;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	return (a->bucket > b->bucket) - (a->bucket < b->bucket);
}

/* ---- reading a bucket back ---- */

struct search_reader {
	const unsigned char *p, *end;
	bool bad;
};

static uint64_t search_read_varint(struct search_reader *r)
{
	uint64_t v = 0;
	if (!r->bad && search_get_varint(&r->p, r->end, &v) < 0)
		r->bad = true;
	return r->bad ? 0 : v;
}

static const char *search_read_text(struct search_reader *r, size_t *len)
{
	uint64_t n = search_read_varint(r);
	if (r->bad || n > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return NULL;
	}
	const char *s = (const char *)r->p;
	r->p += n;
	*len = (size_t)n;
	return s;
}

static void search_read_list(struct search_reader *r, struct search_postings *p)
{
	uint64_t head = search_read_varint(r);
	uint64_t n = head >> 1;
	if (r->bad || n > (uint64_t)(r->end - r->p) * 8) {
		r->bad = true;
		return;
	}
	if (head & 1) {
		uint64_t bits = search_read_varint(r);
		if (r->bad || bits > (uint64_t)(r->end - r->p)) {
			r->bad = true;
			return;
		}
		for (uint64_t i = 0; i < bits * 8; i++)
			if (r->p[i >> 3] >> (i & 7) & 1)
				search_postings_add(p, (uint32_t)i);
		r->p += bits;
		r->bad = p->count != n;
		return;
	}
	int64_t doc = -1;
	for (uint64_t i = 0; i < n && !r->bad; i++) {
		doc += (int64_t)search_read_varint(r) + 1;
		if (doc > UINT32_MAX)
			r->bad = true;
		else
			search_postings_add(p, (uint32_t)doc);
	}
}

/* Reads a bucket into m (an item whose key has a space is a pair); -1
 * when malformed. */
static int search_read_bucket(struct search_merge *m, const char *data,
			      size_t len)
{
	struct search_reader r = {(const unsigned char *)data,
				  (const unsigned char *)data + len, false};
	for (uint64_t n = search_read_varint(&r); n > 0 && !r.bad; n--) {
		size_t klen;
		const char *key = search_read_text(&r, &klen);
		search_read_varint(&r);   /* the body's length */
		if (r.bad)
			break;
		const char *space = memchr(key, ' ', klen);
		if (!space) {
			for (uint64_t v = search_read_varint(&r); v > 0 && !r.bad; v--) {
				size_t tlen;
				const char *text = search_read_text(&r, &tlen);
				if (r.bad)
					break;
				uint32_t id = search_variant_id(m, text, tlen);
				struct search_variant *var = &m->variants[id];
				search_read_list(&r, &var->all);
				search_read_list(&r, &var->title);
			}
			continue;
		}
		struct search_pair_entry *p = search_pair(m,
			search_folded_id(m, key, (size_t)(space - key)),
			search_folded_id(m, space + 1, klen - (size_t)(space - key) - 1));
		search_read_list(&r, &p->all);
		search_read_list(&r, &p->title);
	}
	return r.bad || r.p != r.end ? -1 : 0;
}

/* Applies deltas d[0..n) to m. */
static void search_apply(struct search_merge *m, const struct search_delta *d,
			 size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct search_postings *all, *title;
		if (!d[i].pair) {
			uint32_t id = search_variant_id(m, d[i].text, d[i].len);
			struct search_variant *v = &m->variants[id];
			all = &v->all;
			title = &v->title;
		} else {
			const char *space = memchr(d[i].text, ' ', d[i].len);
			size_t a = (size_t)(space - d[i].text);
			uint32_t fa = search_folded_id(m, d[i].text, a);
			uint32_t fb = search_folded_id(m, space + 1, d[i].len - a - 1);
			struct search_pair_entry *p = search_pair(m, fa, fb);
			all = &p->all;
			title = &p->title;
		}
		search_postings_set(all, d[i].doc, d[i].all);
		search_postings_set(title, d[i].doc, d[i].title);
	}
}

/* The items of m left with a document, in *order; their count. */
static uint32_t search_live_items(struct search_merge *m, uint32_t **order)
{
	uint32_t n = 0;
	*order = xcalloc(m->folded_count + m->pair_count + 1, sizeof **order);
	for (uint32_t i = 0; i < m->folded_count; i++) {
		struct search_folded *f = &m->folded[i];
		uint32_t kept = 0;
		for (uint32_t j = 0; j < f->count; j++)
			if (m->variants[f->variants[j]].all.count)
				f->variants[kept++] = f->variants[j];
		f->count = kept;
		if (!kept)   /* gone, or only a pair's word (no forms) */
			continue;
		qsort_r(f->variants, f->count, sizeof *f->variants,
			search_cmp_variants, m);
		(*order)[n++] = i;
	}
	for (uint32_t i = 0; i < m->pair_count; i++)
		if (m->pairs[i].all.count)
			(*order)[n++] = i | SEARCH_PAIR_ITEM;
	return n;
}

/* The bytes of m's pairs 0..n, each (0 for one left with no document). */
static uint64_t *search_pair_bytes(struct search_merge *m, uint32_t n)
{
	uint64_t *bytes = xcalloc((size_t)n + 1, sizeof *bytes);
	for (uint32_t i = 0; i < n; i++)
		if (m->pairs[i].all.count)
			bytes[i] = search_pair_size(m, i);
	return bytes;
}

static void search_adjust_add(struct search_deltas *ds, const char *word,
			      size_t len, int64_t bytes, int64_t after)
{
	if (ds->adjust_count == ds->adjust_cap) {
		ds->adjust_cap = ds->adjust_cap ? ds->adjust_cap * 2 : 256;
		ds->adjusts = xreallocarray(ds->adjusts, ds->adjust_cap,
					    sizeof *ds->adjusts);
	}
	struct search_adjust *adj = &ds->adjusts[ds->adjust_count++];
	adj->word = arena_strndup(ds->arena, word, len);
	adj->len = len;
	adj->bytes = bytes;
	adj->after = after;
}

/* Notes in ds, by first word, how the bytes of m's pairs changed from
 * before (of the pairs 0..n before the deltas; those after n are new). */
static void search_adjust_pairs(struct search_deltas *ds,
				struct search_merge *m, const uint64_t *before,
				uint32_t n)
{
	for (uint32_t i = 0; i < m->pair_count; i++) {
		uint64_t now = m->pairs[i].all.count ? search_pair_size(m, i) : 0;
		uint64_t was = i < n ? before[i] : 0;
		if (now == was)
			continue;
		const struct search_folded *a = &m->folded[m->pairs[i].a];
		const struct search_folded *b = &m->folded[m->pairs[i].b];
		int64_t change = (int64_t)now - (int64_t)was;
		search_adjust_add(ds, a->text, a->len, change, 0);
		if (search_is_common(ds->prev, a->text, a->len))
			search_adjust_add(ds, b->text, b->len, 0, change);
	}
}

/* A bucket patched: its new bytes in out, the change of its pairs' bytes
 * in ds; -1 when old is malformed. */
static int search_patch_bucket(struct search_deltas *ds, const char *old,
			       size_t old_len, const struct search_delta *d,
			       size_t n, struct buf *out)
{
	struct search_merge m;
	search_merge_init(&m);
	int rc = search_read_bucket(&m, old, old_len);
	if (rc == 0) {
		uint32_t *order, pairs = (uint32_t)m.pair_count;
		uint64_t *before = search_pair_bytes(&m, pairs);
		search_apply(&m, d, n);
		search_adjust_pairs(ds, &m, before, pairs);
		free(before);
		uint32_t live = search_live_items(&m, &order);
		search_bucket_bytes(&m, order, live, out);
		free(order);
	}
	search_merge_dispose(&m);
	return rc;
}

/* The item bytes of a bucket: its bytes but for the count in front. */
static uint64_t search_bucket_items(const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	uint64_t count;
	if (search_get_varint(&p, p + len, &count) < 0)
		return len;
	return len - search_varint_size(count);
}

struct search_patched {
	int kind;
	uint32_t bucket;
	struct buf bytes;
};

/* Patches the buckets deltas d[0..n) (sorted) fall in, reading them from
 * the previous build; -1 when one cannot be read as written. */
static int search_patch_all(const struct search_index_io *io,
			    struct search_deltas *ds,
			    const struct search_delta *d, size_t n,
			    struct search_patched **out, size_t *out_count,
			    uint64_t total[2])
{
	*out = NULL;
	*out_count = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && d[j].kind == d[i].kind && d[j].bucket == d[i].bucket)
			j++;
		int kind = d[i].kind;
		const struct search_index_state *prev = ds->prev;
		size_t slot = (kind ? prev->buckets[0] : 0) + d[i].bucket;
		char path[64], key[FINGERPRINT_HEX_SIZE];
		size_t len;
		search_bucket_path(path, kind, d[i].bucket);
		char *old = io->read(io->ctx, path, &len);
		if (old)
			search_index_key(old, len, key);
		if (!old || strcmp(key, prev->keys[slot]) != 0) {
			free(old);
			return -1;
		}
		*out = xreallocarray(*out, *out_count + 1, sizeof **out);
		struct search_patched *p = &(*out)[(*out_count)++];
		p->kind = kind;
		p->bucket = d[i].bucket;
		buf_init(&p->bytes);
		int rc = search_patch_bucket(ds, old, len, d + i, j - i,
					     &p->bytes);
		if (rc == 0)
			total[kind] = total[kind] - search_bucket_items(old, len) +
				      search_bucket_items(p->bytes.data, p->bytes.len);
		free(old);
		if (rc < 0)
			return -1;
		i = j;
	}
	return 0;
}

static void search_patched_free(struct search_patched *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_dispose(&p[i].bytes);
	free(p);
}

/* True when every bucket not patched is still in the output as written. */
static bool search_rest_fresh(const struct search_index_io *io,
			      const struct search_index_state *prev,
			      const struct search_patched *p, size_t n)
{
	size_t k = 0;
	for (int kind = 0; kind < 2; kind++)
		for (uint32_t b = 0; b < prev->buckets[kind]; b++) {
			if (k < n && p[k].kind == kind && p[k].bucket == b) {
				k++;
				continue;
			}
			char path[64];
			search_bucket_path(path, kind, b);
			if (!io->fresh(io->ctx, path,
				       prev->keys[(kind ? prev->buckets[0] : 0) + b]))
				return false;
		}
	return true;
}

/* Emits the patched buckets and keeps the others, in search_index_build's
 * order; -1 when a kept file went missing meanwhile. */
static int search_write_patched(const struct search_index_io *io,
				const struct search_index_state *prev,
				const struct search_patched *p, size_t n,
				struct search_sink *sink,
				struct search_index_state *state)
{
	size_t k = 0, slots = (size_t)prev->buckets[0] + prev->buckets[1];
	state->keys = xcalloc(slots + 1, sizeof *state->keys);
	for (int kind = 0; kind < 2; kind++)
		for (uint32_t b = 0; b < prev->buckets[kind]; b++) {
			size_t slot = (kind ? prev->buckets[0] : 0) + b;
			char path[64];
			search_bucket_path(path, kind, b);
			if (k < n && p[k].kind == kind && p[k].bucket == b) {
				search_sink_put(sink, path, &p[k++].bytes,
						state->keys[slot]);
				state->written++;
				continue;
			}
			memcpy(state->keys[slot], prev->keys[slot],
			       FINGERPRINT_HEX_SIZE);
			search_sink_id(sink, path, state->keys[slot]);
			if (!io->keep(io->ctx, path, state->keys[slot]))
				return -1;
		}
	return 0;
}

static int search_cmp_adjusts(const void *x, const void *y)
{
	const struct search_adjust *a = x, *b = y;
	return search_cmp_bytes(a->word, a->len, b->word, b->len);
}

/* state's words of pairs: prev's with the changes ds noted; false when a
 * word would become common or heavy or stop being one (pairs would move
 * to other buckets), or the changes do not add up. */
static bool search_firsts_update(struct search_deltas *ds,
				 struct search_index_state *state)
{
	const struct search_index_state *prev = ds->prev;
	const struct search_adjust *adj = ds->adjusts;
	size_t i = 0, j = 0, n = 0, nadj = ds->adjust_count;
	bool same = true;
	if (nadj)
		qsort(ds->adjusts, nadj, sizeof *ds->adjusts, search_cmp_adjusts);
	state->firsts = xcalloc(prev->first_count + nadj + 1,
				sizeof *state->firsts);
	while (i < prev->first_count || j < nadj) {
		const struct search_first *f = i < prev->first_count
					       ? &prev->firsts[i] : NULL;
		int c = !f ? 1 : j == nadj ? -1
			: search_cmp_bytes(f->word, strlen(f->word), adj[j].word,
					   adj[j].len);
		const char *word = c <= 0 ? f->word : adj[j].word;
		size_t len = c <= 0 ? strlen(f->word) : adj[j].len;
		int64_t bytes = c <= 0 ? (int64_t)f->bytes : 0;
		int64_t after = c <= 0 ? (int64_t)f->after : 0;
		bool common = c <= 0 && search_common(f);
		bool heavy = c <= 0 && search_heavy(f);
		i += c <= 0;
		for (; j < nadj && !search_cmp_bytes(adj[j].word, adj[j].len, word, len); j++) {
			bytes += adj[j].bytes;
			after += adj[j].after;
		}
		if (bytes < 0 || after < 0 ||
		    search_common_bytes((uint64_t)bytes) != common ||
		    search_heavy_bytes((uint64_t)after) != heavy)
			same = false;
		if (bytes > 0 || after > 0) {
			state->firsts[n].word = xstrndup(word, len);
			state->firsts[n].bytes = (uint64_t)(bytes > 0 ? bytes : 0);
			state->firsts[n++].after = (uint64_t)(after > 0 ? after : 0);
		}
	}
	state->first_count = n;
	return same;
}

int search_index_update(const struct search_entry *docs, size_t n,
			const struct search_change *changes, size_t count,
			const struct search_index_state *prev,
			const struct search_index_io *io,
			struct search_index_state *state)
{
	struct arena a;
	struct search_deltas ds = {.arena = &a, .prev = prev};
	struct search_patched *patched = NULL;
	size_t patched_count = 0;
	uint64_t total[2] = {prev->total[0], prev->total[1]};
	int rc = 0;
	memset(state, 0, sizeof *state);
	arena_init(&a);
	buf_init(&ds.scratch);
	for (size_t i = 0; i < count && rc == 0; i++) {
		size_t doc = changes[i].doc;
		if (doc >= n)
			rc = 1;
		else
			rc = search_doc_deltas(&ds, (uint32_t)doc, changes[i].old,
					       changes[i].old_len,
					       docs[doc].record, docs[doc].record_len);
	}
	if (rc == 0 && ds.count)
		qsort(ds.items, ds.count, sizeof *ds.items, search_cmp_deltas);
	if (rc == 0 && search_patch_all(io, &ds, ds.items, ds.count, &patched,
					&patched_count, total) < 0)
		rc = 1;
	if (rc == 0 && (!search_firsts_update(&ds, state) ||
			search_bucket_count(total[0]) != prev->buckets[0] ||
			search_bucket_count(total[1]) != prev->buckets[1] ||
			!search_rest_fresh(io, prev, patched, patched_count)))
		rc = 1;
	if (rc == 0) {
		struct search_sink sink = {.io = io};
		fingerprint_init(&sink.id);
		memcpy(state->buckets, prev->buckets, sizeof state->buckets);
		memcpy(state->total, total, sizeof state->total);
		rc = search_write_patched(io, prev, patched, patched_count, &sink,
					  state);
		if (rc == 0)
			search_write_rest(docs, n, &sink, state);
	}
	if (rc > 0)
		search_index_state_dispose(state);
	search_patched_free(patched, patched_count);
	free(ds.items);
	free(ds.adjusts);
	buf_dispose(&ds.scratch);
	arena_dispose(&a);
	return rc;
}

/* ---- the state ---------------------------------------------------------- */

void search_index_state_dispose(struct search_index_state *s)
{
	for (size_t i = 0; i < s->first_count; i++)
		free(s->firsts[i].word);
	free(s->firsts);
	free(s->keys);
	memset(s, 0, sizeof *s);
}

void search_index_state_encode(struct buf *out,
			       const struct search_index_state *s)
{
	for (int k = 0; k < 2; k++) {
		search_put_varint(out, s->buckets[k]);
		search_put_varint(out, s->total[k]);
	}
	size_t slots = (size_t)s->buckets[0] + s->buckets[1];
	for (size_t i = 0; i < slots; i++)
		buf_put(out, s->keys[i], FINGERPRINT_HEX_SIZE - 1);
	search_put_varint(out, s->first_count);
	for (size_t i = 0; i < s->first_count; i++) {
		search_put_text(out, s->firsts[i].word, strlen(s->firsts[i].word));
		search_put_varint(out, s->firsts[i].bytes);
		search_put_varint(out, s->firsts[i].after);
	}
}

/* The first words at *p (as search_index_state_encode wrote them) into s;
 * -1 when malformed or not sorted. */
static int search_firsts_decode(const unsigned char **p,
				const unsigned char *end,
				struct search_index_state *s)
{
	uint64_t n;
	if (search_get_varint(p, end, &n) < 0 || n > (uint64_t)(end - *p))
		return -1;
	s->firsts = xcalloc((size_t)n + 1, sizeof *s->firsts);
	for (; s->first_count < n; s->first_count++) {
		uint64_t len, bytes, after;
		if (search_get_varint(p, end, &len) < 0 || len == 0 ||
		    len > (uint64_t)(end - *p))
			return -1;
		const char *w = (const char *)*p;
		*p += len;
		if (memchr(w, '\0', (size_t)len) ||
		    search_get_varint(p, end, &bytes) < 0 ||
		    search_get_varint(p, end, &after) < 0 || (!bytes && !after))
			return -1;
		struct search_first *f = &s->firsts[s->first_count];
		if (s->first_count && search_cmp_bytes(f[-1].word, strlen(f[-1].word),
							w, (size_t)len) >= 0)
			return -1;
		f->word = xstrndup(w, (size_t)len);
		f->bytes = bytes;
		f->after = after;
	}
	return *p == end ? 0 : -1;
}

int search_index_state_decode(const char *data, size_t len,
			      struct search_index_state *s)
{
	const unsigned char *p = (const unsigned char *)data, *end = p + len;
	memset(s, 0, sizeof *s);
	for (int k = 0; k < 2; k++) {
		uint64_t b, t;
		if (search_get_varint(&p, end, &b) < 0 ||
		    search_get_varint(&p, end, &t) < 0 || b == 0 ||
		    b > SEARCH_MAX_BUCKETS || (b & (b - 1)))
			return -1;
		s->buckets[k] = (uint32_t)b;
		s->total[k] = t;
	}
	size_t slots = (size_t)s->buckets[0] + s->buckets[1];
	if ((size_t)(end - p) < slots * (FINGERPRINT_HEX_SIZE - 1)) {
		memset(s, 0, sizeof *s);
		return -1;
	}
	s->keys = xcalloc(slots, sizeof *s->keys);
	for (size_t i = 0; i < slots; i++) {
		memcpy(s->keys[i], p, FINGERPRINT_HEX_SIZE - 1);
		s->keys[i][FINGERPRINT_HEX_SIZE - 1] = '\0';
		p += FINGERPRINT_HEX_SIZE - 1;
	}
	if (search_firsts_decode(&p, end, s) < 0) {
		search_index_state_dispose(s);
		return -1;
	}
	return 0;
}

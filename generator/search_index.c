/* search_index: records merged into word and pair buckets and document
 * chunks (see search_index.h). */
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

struct search_pair_entry {    /* one pair of folded words */
	uint32_t a, b;
	struct search_postings all, title;
};

struct search_merge {
	size_t docs;
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

/* The bytes of a list, and whether it is a bitmap (*bitmap). */
static size_t search_list_size(const struct search_postings *p, size_t docs,
			       bool *bitmap)
{
	size_t gaps = search_gaps_size(p), bits = (docs + 7) / 8;
	*bitmap = p->count && bits < gaps;
	return search_varint_size((uint64_t)p->count << 1 | *bitmap) +
	       (*bitmap ? bits : gaps);
}

static void search_put_list(struct buf *out, const struct search_postings *p,
			    size_t docs)
{
	bool bitmap;
	search_list_size(p, docs, &bitmap);
	search_put_varint(out, (uint64_t)p->count << 1 | bitmap);
	if (bitmap) {
		size_t bits = (docs + 7) / 8;
		unsigned char *map = xcalloc(bits, 1);
		for (uint32_t i = 0; i < p->count; i++)
			map[p->ids[i] >> 3] |= (unsigned char)(1u << (p->ids[i] & 7));
		buf_put(out, map, bits);
		free(map);
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

static size_t search_folded_size(const struct search_merge *m,
				 const struct search_folded *f)
{
	bool bitmap;
	size_t n = search_text_size(f->len) + search_varint_size(f->count);
	for (uint32_t i = 0; i < f->count; i++) {
		const struct search_variant *v = &m->variants[f->variants[i]];
		n += search_text_size(v->len) +
		     search_list_size(&v->all, m->docs, &bitmap) +
		     search_list_size(&v->title, m->docs, &bitmap);
	}
	return n;
}

static size_t search_pair_size(const struct search_merge *m,
			       const struct search_pair_entry *p)
{
	bool bitmap;
	return search_text_size(m->folded[p->a].len + 1 + m->folded[p->b].len) +
	       search_list_size(&p->all, m->docs, &bitmap) +
	       search_list_size(&p->title, m->docs, &bitmap);
}

/* How many buckets keep each near SEARCH_BUCKET_BYTES: a power of two. */
static uint32_t search_bucket_count(size_t total)
{
	uint32_t n = 1;
	while (n < SEARCH_MAX_BUCKETS && (size_t)n * SEARCH_BUCKET_BYTES < total)
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

/* Items of each bucket: order[start[k] .. start[k + 1]) are bucket k's,
 * sorted by cmp. */
struct search_buckets {
	uint32_t count;
	uint32_t *start;
	uint32_t *order;
};

static void search_buckets_fill(struct search_buckets *b, const uint32_t *bucket_of,
				size_t items, uint32_t count,
				int (*cmp)(const void *, const void *, void *),
				void *ctx)
{
	b->count = count;
	b->start = xcalloc((size_t)count + 1, sizeof *b->start);
	b->order = xcalloc(items + 1, sizeof *b->order);
	for (size_t i = 0; i < items; i++)
		b->start[bucket_of[i] + 1]++;
	for (uint32_t k = 0; k < count; k++)
		b->start[k + 1] += b->start[k];
	uint32_t *fill = xcalloc((size_t)count + 1, sizeof *fill);
	for (size_t i = 0; i < items; i++)
		b->order[b->start[bucket_of[i]] + fill[bucket_of[i]]++] = (uint32_t)i;
	for (uint32_t k = 0; k < count; k++)
		qsort_r(b->order + b->start[k], b->start[k + 1] - b->start[k],
			sizeof *b->order, cmp, ctx);
	free(fill);
}

static void search_buckets_dispose(struct search_buckets *b)
{
	free(b->start);
	free(b->order);
}

/* Hands one file to emit and folds its bytes into the build's id. */
struct search_sink {
	search_emit_fn emit;
	void *ctx;
	struct fingerprint id;
};

static void search_sink_put(struct search_sink *s, const char *path,
			    const struct buf *b)
{
	fingerprint_string(&s->id, path);
	fingerprint_bytes(&s->id, b->data, b->len);
	s->emit(s->ctx, path, b->data, b->len);
}

/* One kind of bucket: how to size, name, order and write item i. */
struct search_kind {
	const char *dir;            /* "w" or "p" */
	size_t items;
	size_t (*size)(struct search_merge *m, uint32_t i);
	void (*key)(struct search_merge *m, uint32_t i);   /* into scratch */
	int (*cmp)(const void *, const void *, void *);
	void (*put)(struct search_merge *m, uint32_t i, struct buf *out);
};

/* Writes the buckets of kind k; returns how many there are. */
static uint32_t search_write_buckets(struct search_merge *m,
				     const struct search_kind *k,
				     struct search_sink *sink)
{
	size_t total = 0;
	uint32_t *bucket_of = xcalloc(k->items + 1, sizeof *bucket_of);
	for (uint32_t i = 0; i < k->items; i++)
		total += k->size(m, i);
	uint32_t count = search_bucket_count(total);
	for (uint32_t i = 0; i < k->items; i++) {
		k->key(m, i);
		bucket_of[i] = search_index_hash(m->scratch.data, m->scratch.len) &
			       (count - 1);
	}
	struct search_buckets b;
	search_buckets_fill(&b, bucket_of, k->items, count, k->cmp, m);
	struct buf out;
	buf_init(&out);
	for (uint32_t n = 0; n < count; n++) {
		buf_truncate(&out, 0);
		search_put_varint(&out, b.start[n + 1] - b.start[n]);
		for (uint32_t i = b.start[n]; i < b.start[n + 1]; i++)
			k->put(m, b.order[i], &out);
		char path[64];
		snprintf(path, sizeof path, SEARCH_INDEX_DIR "%s/%x.bin", k->dir, n);
		search_sink_put(sink, path, &out);
	}
	buf_dispose(&out);
	search_buckets_dispose(&b);
	free(bucket_of);
	return count;
}

static size_t search_word_size(struct search_merge *m, uint32_t i)
{
	return search_folded_size(m, &m->folded[i]);
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
	search_put_varint(out, f->count);
	for (uint32_t j = 0; j < f->count; j++) {
		const struct search_variant *v = &m->variants[f->variants[j]];
		search_put_text(out, v->text, v->len);
		search_put_list(out, &v->all, m->docs);
		search_put_list(out, &v->title, m->docs);
	}
}

static size_t search_pair_item_size(struct search_merge *m, uint32_t i)
{
	return search_pair_size(m, &m->pairs[i]);
}

static void search_pair_item_key(struct search_merge *m, uint32_t i)
{
	search_pair_key(m, &m->pairs[i]);
}

static void search_pair_put(struct search_merge *m, uint32_t i, struct buf *out)
{
	const struct search_pair_entry *p = &m->pairs[i];
	search_pair_key(m, p);
	search_put_text(out, m->scratch.data, m->scratch.len);
	search_put_list(out, &p->all, m->docs);
	search_put_list(out, &p->title, m->docs);
}

static uint32_t search_write_words(struct search_merge *m,
				   struct search_sink *sink)
{
	for (size_t i = 0; i < m->folded_count; i++)   /* forms in order */
		qsort_r(m->folded[i].variants, m->folded[i].count,
			sizeof *m->folded[i].variants, search_cmp_variants, m);
	const struct search_kind words = {
		"w", m->folded_count, search_word_size, search_word_key,
		search_cmp_folded, search_word_put,
	};
	return search_write_buckets(m, &words, sink);
}

static uint32_t search_write_pairs(struct search_merge *m,
				   struct search_sink *sink)
{
	const struct search_kind pairs = {
		"p", m->pair_count, search_pair_item_size, search_pair_item_key,
		search_cmp_pairs, search_pair_put,
	};
	return search_write_buckets(m, &pairs, sink);
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
		search_sink_put(sink, path, &out);
	}
	buf_dispose(&out);
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

int search_index_build(const struct search_entry *docs, size_t n,
		       search_emit_fn emit, void *ctx)
{
	struct search_merge m;
	struct arena tmp;
	int rc = 0;
	memset(&m, 0, sizeof m);
	m.docs = n;
	arena_init(&m.strings);
	arena_init(&tmp);
	strmap_init(&m.variant_ids);
	strmap_init(&m.folded_ids);
	buf_init(&m.scratch);
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = search_merge_doc(&m, &tmp, (uint32_t)i, docs[i].record,
				      docs[i].record_len);
		arena_reset(&tmp);
	}
	if (rc == 0) {
		struct search_sink sink = {.emit = emit, .ctx = ctx};
		fingerprint_init(&sink.id);
		uint32_t words = search_write_words(&m, &sink);
		uint32_t pairs = search_write_pairs(&m, &sink);
		search_write_docs(docs, n, &sink);
		char hex[FINGERPRINT_HEX_SIZE];
		fingerprint_hex(&sink.id, hex);
		struct buf manifest;
		buf_init(&manifest);
		buf_printf(&manifest, "{\"version\": %d, \"docs\": %zu, "
			   "\"words\": %u, \"pairs\": %u, \"chunk\": %d, "
			   "\"id\": \"%.12s\"}\n", SEARCH_INDEX_VERSION, n, words,
			   pairs, SEARCH_DOCS_CHUNK, hex);
		emit(ctx, SEARCH_INDEX_DIR "index.json", manifest.data,
		     manifest.len);
		buf_dispose(&manifest);
	}
	arena_dispose(&tmp);
	search_merge_dispose(&m);
	return rc;
}

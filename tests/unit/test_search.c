/* Unit tests of the search index: words and their folding (text.c), a
 * page's record (search_doc.c), the merged index files (search_index.c)
 * and the records cache (search_cache.c), with Vietnamese edge cases:
 * decomposed input, đ/Đ, capitals, punctuation, numbers such as
 * 512/QĐ-UBND. */
#include "check.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "search_cache.h"
#include "search_doc.h"
#include "search_index.h"
#include "text.h"

/* The words of s, each as "accented|folded", joined by spaces. */
static const char *words(const char *s)
{
	static struct buf out;
	struct buf w;
	size_t pos = 0, start, end, len = strlen(s);
	buf_init(&w);
	buf_truncate(&out, 0);
	while (text_next_word(s, len, &pos, &start, &end)) {
		buf_truncate(&w, 0);
		if (text_word_lower(&w, s + start, end - start) < 0) {
			buf_puts(&out, out.len ? " (long)" : "(long)");
			continue;
		}
		if (out.len)
			buf_putc(&out, ' ');
		buf_put(&out, w.data, w.len);
		buf_putc(&out, '|');
		text_fold(&out, w.data, w.len);
	}
	buf_dispose(&w);
	return out.data;
}

static void test_words(void)
{
	CHECK_STR(words("Hội nghị cải cách"),
		  "hội|hoi nghị|nghi cải|cai cách|cach");
	/* đ and Đ: no decomposition in Unicode, folded by hand */
	CHECK_STR(words("ĐƯỜNG đường Dương"),
		  "đường|duong đường|duong dương|duong");
	/* decomposed input (NFD: base letters and combining marks) is
	 * composed, so it meets the precomposed form */
	CHECK_STR(words("Ho\xcc\xa3\xcc\x82i nghi\xcc\xa3"), "hội|hoi nghị|nghi");
	CHECK_STR(words("512/QĐ-UBND, ngày 15/6/2022."),
		  "512|512 qđ|qd ubnd|ubnd ngày|ngay 15|15 6|6 2022|2022");
	CHECK_STR(words("  ...;;  "), "");
	CHECK_STR(words("92,40 điểm (Tốt)"), "92|92 40|40 điểm|diem tốt|tot");
	/* compatibility forms: full-width digits and letters */
	CHECK_STR(words("\xef\xbc\x92\xef\xbc\x90\xef\xbd\x81"), "20a|20a");
	/* a word of more than TEXT_WORD_MAX bytes is left out */
	CHECK_STR(words("a aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b"),
		  "a|a (long) b|b");
	/* invalid bytes separate words; other scripts are words */
	CHECK_STR(words("ab\xff" "cd"), "ab|ab cd|cd");
	CHECK_STR(words("Ωmega"), "ωmega|ωmega");
}

/* Decodes rec; the words as "text:flags" and the pairs as "a-b:flags". */
static const char *describe(const struct buf *rec)
{
	static struct buf out;
	struct arena a;
	struct search_doc d;
	arena_init(&a);
	buf_truncate(&out, 0);
	if (search_doc_decode(&a, rec->data, rec->len, &d) < 0) {
		buf_puts(&out, "(malformed)");
	} else {
		for (size_t i = 0; i < d.word_count; i++)
			buf_printf(&out, "%s%.*s:%u", i ? " " : "",
				   (int)d.words[i].len, d.words[i].text,
				   d.words[i].flags);
		buf_puts(&out, " /");
		for (size_t i = 0; i < d.pair_count; i++)
			buf_printf(&out, " %.*s-%.*s:%u",
				   (int)d.words[d.pairs[i].a].len,
				   d.words[d.pairs[i].a].text,
				   (int)d.words[d.pairs[i].b].len,
				   d.words[d.pairs[i].b].text, d.pairs[i].flags);
	}
	arena_dispose(&a);
	return out.data;
}

static void test_records(void)
{
	struct buf rec;
	buf_init(&rec);
	const char *body = "Cải cách hành chính. Cải cách, hành chính";
	search_doc_encode(&rec, "Cải cách", body, strlen(body));
	/* words sorted bytewise, title 1 and body 2; a comma or a full stop
	 * breaks a pair, the same pair twice is one */
	CHECK_STR(describe(&rec), "chính:2 cách:3 cải:3 hành:2 / "
		  "cách-hành:2 cải-cách:3 hành-chính:2");
	/* a truncated record is refused, never read past its end */
	for (size_t cut = 0; cut < rec.len; cut++) {
		struct buf part;
		buf_init(&part);
		buf_put(&part, rec.data, cut);
		if (!CHECK(strcmp(describe(&part), "(malformed)") == 0))
			printf("  cut at %zu\n", cut);
		buf_dispose(&part);
	}
	buf_dispose(&rec);
}

/* The files emitted (or kept), in order, as "path len" lines, and each
 * file's bytes, so that a later update can read them back. */
struct emitted {
	struct buf list;
	size_t count;
	char *paths[4096];
	struct buf bytes[4096];
	const struct emitted *prev;   /* what read, fresh and keep look in */
	bool unreadable;              /* read finds nothing */
};

static void emitted_dispose(struct emitted *e)
{
	buf_dispose(&e->list);
	for (size_t i = 0; i < e->count; i++) {
		free(e->paths[i]);
		buf_dispose(&e->bytes[i]);
	}
	e->count = 0;
}

static bool buf_equal(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (!a->len || memcmp(a->data, b->data, a->len) == 0);
}

static const struct buf *emitted_file(const struct emitted *e, const char *path)
{
	for (size_t i = 0; e && i < e->count; i++)
		if (strcmp(e->paths[i], path) == 0)
			return &e->bytes[i];
	return NULL;
}

static void collect(void *ctx, const char *path, const char *data, size_t len,
		    const char *key)
{
	struct emitted *e = ctx;
	char want[FINGERPRINT_HEX_SIZE];
	search_index_key(data, len, want);
	CHECK_STR(key, want);
	buf_printf(&e->list, "%s %zu\n", path, len);
	if (e->count < 4096) {
		e->paths[e->count] = strdup(path);
		buf_init(&e->bytes[e->count]);
		buf_put(&e->bytes[e->count], data, len);
		e->count++;
	}
}

static bool collect_fresh(void *ctx, const char *path, const char *key)
{
	const struct emitted *e = ctx;
	const struct buf *b = emitted_file(e->prev, path);
	char have[FINGERPRINT_HEX_SIZE];
	if (!b)
		return false;
	search_index_key(b->data, b->len, have);
	return strcmp(have, key) == 0;
}

static bool collect_keep(void *ctx, const char *path, const char *key)
{
	struct emitted *e = ctx;
	const struct buf *b = emitted_file(e->prev, path);
	if (!b || !collect_fresh(ctx, path, key))
		return false;
	collect(ctx, path, b->data, b->len, key);
	return true;
}

static char *collect_read(void *ctx, const char *path, size_t *len)
{
	const struct emitted *e = ctx;
	const struct buf *b = emitted_file(e->prev, path);
	if (!b || e->unreadable)
		return NULL;
	*len = b->len;
	char *copy = malloc(b->len + 1);
	memcpy(copy, b->data, b->len);
	return copy;
}

static struct search_index_io collect_io(struct emitted *e)
{
	struct search_index_io io = {collect, collect_fresh, collect_keep,
				     collect_read, e};
	return io;
}

static void test_index(void)
{
	struct buf r0, r1;
	buf_init(&r0);
	buf_init(&r1);
	search_doc_encode(&r0, "Đường giao thông nông thôn", "", 0);
	search_doc_encode(&r1, "Dương", "đường", strlen("đường"));
	struct search_entry docs[2] = {
		{r0.data, r0.len, "a/", "Đường giao thông", "01/02/2024",
		 "2024-02-01T00:00:00+07:00", "Tin tức", "Tóm tắt \"một\""},
		{r1.data, r1.len, "b/", "Dương", NULL, NULL, NULL, NULL},
	};
	static struct emitted e, again;
	struct search_index_io io = collect_io(&e);
	struct search_index_state st;
	buf_init(&e.list);
	CHECK(search_index_build(docs, 2, &io, &st) == 0);
	search_index_state_dispose(&st);
	/* a small site: one bucket of each kind, one chunk, the manifest last */
	CHECK(strstr(e.list.data, SEARCH_INDEX_DIR "w/0.bin ") != NULL);
	CHECK(strstr(e.list.data, SEARCH_INDEX_DIR "p/0.bin ") != NULL);
	CHECK(strstr(e.list.data, SEARCH_INDEX_DIR "w/1.bin") == NULL);
	CHECK(strstr(e.list.data, SEARCH_INDEX_DIR "index.json") != NULL);
	const struct buf *chunk = emitted_file(&e, SEARCH_INDEX_DIR "d/0.json");
	CHECK(chunk != NULL);
	if (chunk)
		CHECK_STR(chunk->data,
			  "[\n[\"a/\",\"Đường giao thông\",\"01/02/2024\","
			  "\"2024-02-01T00:00:00+07:00\",\"Tin tức\",\"Tóm tắt \\\"một\\\"\"],\n"
			  "[\"b/\",\"Dương\",\"\",\"\",\"\",\"\"]\n]\n");
	/* the word bucket: "duong", the length of what follows (28 bytes),
	 * its two forms, each with its lists */
	const struct buf *w0 = emitted_file(&e, SEARCH_INDEX_DIR "w/0.bin");
	const char *duong = w0 ? memmem(w0->data, w0->len, "\x05" "duong\x1c\x02", 8)
			       : NULL;
	CHECK(duong != NULL);
	if (duong) {
		/* forms sorted bytewise: "dương" (d...) before "đường" (c4 91) */
		const char *p = duong + 8;
		CHECK(memcmp(p, "\x07" "dương", 8) == 0);
		p += 8;
		/* dương: in doc 1 (gap list: count 1 -> 2, gap 1), title doc 1 */
		CHECK(memcmp(p, "\x02\x01\x02\x01", 4) == 0);
		p += 4;
		CHECK(memcmp(p, "\x09" "đường", 10) == 0);
		p += 10;
		/* đường: docs 0 and 1, two gaps (a bitmap would take its byte
		 * count and one byte: not smaller); title doc 0 */
		CHECK(memcmp(p, "\x04\x00\x00\x02\x00", 5) == 0);
	}
	/* no word is common: the pairs lie in their first word's bucket */
	CHECK(w0 && memmem(w0->data, w0->len, "\x0a" "duong giao", 11) != NULL);
	const struct buf *manifest = emitted_file(&e, SEARCH_INDEX_DIR "index.json");
	CHECK(manifest && strstr(manifest->data, "\"common\": [], ") != NULL);
	/* the same input, the same bytes */
	io = collect_io(&again);
	buf_init(&again.list);
	search_index_build(docs, 2, &io, &st);
	search_index_state_dispose(&st);
	CHECK_STR(again.list.data, e.list.data);
	for (size_t i = 0; i < e.count && i < again.count; i++)
		CHECK(buf_equal(&e.bytes[i], &again.bytes[i]));
	/* a malformed record: nothing emitted */
	emitted_dispose(&again);
	buf_init(&again.list);
	docs[1].record_len = 3;
	CHECK(search_index_build(docs, 2, &io, &st) < 0);
	CHECK_STR(again.list.data, "");
	search_index_state_dispose(&st);
	CHECK(search_index_hash("", 0) == 2166136261u);
	CHECK(search_index_hash("a", 1) == 0xe40c292cu);
	emitted_dispose(&again);
	emitted_dispose(&e);
	buf_dispose(&r0);
	buf_dispose(&r1);
}

/* Document i of a generated site: a few of 900 made-up words (enough for
 * several buckets), "xã" in every one (a bitmap list); edited, one word
 * more; from 150 on, short. */
static void generated_record(struct buf *rec, size_t i, bool edited)
{
	struct buf text, title;
	buf_init(&text);
	buf_init(&title);
	buf_printf(&title, "Tin số %zu của xã", i % 7);
	for (size_t k = 0; k < (i < 150 ? 40 : 1); k++)
		buf_printf(&text, "từ%zu xã ", (i * 37 + k * 11) % 900);
	if (edited)
		buf_puts(&text, "mới");
	buf_truncate(rec, 0);
	search_doc_encode(rec, title.data, text.data, text.len);
	buf_dispose(&text);
	buf_dispose(&title);
}

/* recs[0..n), each made by make(rec, i, false), and docs of them. */
static void made_docs(struct buf *recs, struct search_entry *docs, size_t n,
		      void (*make)(struct buf *, size_t, bool))
{
	for (size_t i = 0; i < n; i++) {
		buf_init(&recs[i]);
		make(&recs[i], i, false);
		docs[i] = (struct search_entry){recs[i].data, recs[i].len, "u/",
						"T", NULL, NULL, NULL, NULL};
	}
}

/* An update from the previous build's files gives the bytes of a new
 * build: one document changed, two short ones added at the end; the
 * buckets they do not touch are kept. */
static void test_update(void)
{
	enum { BEFORE = 150, AFTER = 152 };
	static struct buf recs[AFTER], old3;
	struct search_entry docs[AFTER];
	static struct emitted first, updated, rebuilt;
	struct search_index_state s1, s2, s3;
	made_docs(recs, docs, AFTER, generated_record);
	struct search_index_io io = collect_io(&first);
	buf_init(&first.list);
	CHECK(search_index_build(docs, BEFORE, &io, &s1) == 0);
	CHECK(s1.buckets[0] > 1);
	/* "xã" is followed by hundreds of words: its pairs lie in their
	 * second words' buckets, none of which is heavy */
	const struct buf *manifest = emitted_file(&first, SEARCH_INDEX_DIR "index.json");
	CHECK(manifest && strstr(manifest->data,
				 "\"common\": [\"xa\"], \"heavy\": [], ") != NULL);
	buf_init(&old3);
	buf_put(&old3, recs[3].data, recs[3].len);
	generated_record(&recs[3], 3, true);
	docs[3].record = recs[3].data;
	docs[3].record_len = recs[3].len;
	struct search_change changes[3] = {
		{3, old3.data, old3.len}, {150, NULL, 0}, {151, NULL, 0},
	};
	/* the previous files unreadable: it says so and emits nothing */
	updated.prev = &first;
	updated.unreadable = true;
	io = collect_io(&updated);
	buf_init(&updated.list);
	CHECK(search_index_update(docs, AFTER, changes, 3, &s1, &io, &s2) == 1);
	CHECK_STR(updated.list.data, "");
	updated.unreadable = false;
	CHECK(search_index_update(docs, AFTER, changes, 3, &s1, &io, &s2) == 0);
	io = collect_io(&rebuilt);
	buf_init(&rebuilt.list);
	CHECK(search_index_build(docs, AFTER, &io, &s3) == 0);
	CHECK_STR(updated.list.data, rebuilt.list.data);
	size_t differ = 0;
	for (size_t i = 0; i < rebuilt.count && i < updated.count; i++)
		differ += !buf_equal(&rebuilt.bytes[i], &updated.bytes[i]);
	CHECK(differ == 0);
	CHECK(s2.total[0] == s3.total[0] && s2.total[1] == s3.total[1]);
	CHECK(s2.written < s3.written);   /* some buckets kept */
	/* the state survives its bytes, and is the rebuild's */
	struct buf enc, enc3;
	struct search_index_state back;
	buf_init(&enc);
	buf_init(&enc3);
	search_index_state_encode(&enc, &s2);
	search_index_state_encode(&enc3, &s3);
	CHECK(buf_equal(&enc, &enc3));
	buf_dispose(&enc3);
	CHECK(search_index_state_decode(enc.data, enc.len, &back) == 0);
	CHECK(back.buckets[0] == s2.buckets[0] && back.total[1] == s2.total[1]);
	CHECK(strcmp(back.keys[back.buckets[0]], s2.keys[s2.buckets[0]]) == 0);
	search_index_state_dispose(&back);
	CHECK(search_index_state_decode(enc.data, enc.len - 1, &back) < 0);
	search_index_state_dispose(&back);
	buf_dispose(&enc);
	search_index_state_dispose(&s1);
	search_index_state_dispose(&s2);
	search_index_state_dispose(&s3);
	emitted_dispose(&first);
	emitted_dispose(&updated);
	emitted_dispose(&rebuilt);
	for (size_t i = 0; i < AFTER; i++)
		buf_dispose(&recs[i]);
	buf_dispose(&old3);
}

/* A word that becomes common moves its pairs to other buckets: the update
 * says it cannot, and a build puts them apart. */
static void test_update_common(void)
{
	struct buf r0, r1, old;
	buf_init(&r0);
	buf_init(&r1);
	buf_init(&old);
	search_doc_encode(&r0, "Tin", "mới đây", strlen("mới đây"));
	search_doc_encode(&r1, "Tin", "hôm nay", strlen("hôm nay"));
	struct search_entry docs[2] = {
		{r0.data, r0.len, "a/", "Tin", NULL, NULL, NULL, NULL},
		{r1.data, r1.len, "b/", "Tin", NULL, NULL, NULL, NULL},
	};
	static struct emitted first, updated, rebuilt;
	struct search_index_io io = collect_io(&first);
	struct search_index_state s1, s2, s3;
	buf_init(&first.list);
	CHECK(search_index_build(docs, 2, &io, &s1) == 0);
	buf_put(&old, r1.data, r1.len);
	struct buf text;
	buf_init(&text);
	for (int i = 0; i < 200; i++)   /* the first 400 words make pairs */
		buf_printf(&text, "mới chữdàithậtdài%d ", i);
	buf_truncate(&r1, 0);
	search_doc_encode(&r1, "Tin", text.data, text.len);
	docs[1].record = r1.data;
	docs[1].record_len = r1.len;
	struct search_change change = {1, old.data, old.len};
	updated.prev = &first;
	io = collect_io(&updated);
	buf_init(&updated.list);
	CHECK(search_index_update(docs, 2, &change, 1, &s1, &io, &s2) == 1);
	CHECK_STR(updated.list.data, "");
	io = collect_io(&rebuilt);
	buf_init(&rebuilt.list);
	CHECK(search_index_build(docs, 2, &io, &s3) == 0);
	const struct buf *manifest = emitted_file(&rebuilt, SEARCH_INDEX_DIR "index.json");
	CHECK(manifest && strstr(manifest->data, "\"common\": [\"moi\"], ") != NULL);
	/* and back: the update from the common state cannot either */
	emitted_dispose(&updated);
	buf_init(&updated.list);
	updated.prev = &rebuilt;
	io = collect_io(&updated);
	change.old = r1.data;
	change.old_len = r1.len;
	docs[1].record = old.data;
	docs[1].record_len = old.len;
	CHECK(search_index_update(docs, 2, &change, 1, &s3, &io, &s2) == 1);
	search_index_state_dispose(&s1);
	search_index_state_dispose(&s3);
	emitted_dispose(&first);
	emitted_dispose(&updated);
	emitted_dispose(&rebuilt);
	buf_dispose(&text);
	buf_dispose(&r0);
	buf_dispose(&r1);
	buf_dispose(&old);
}

/* A long made-up word (43 bytes, so that few pairs make a word common or
 * heavy): kind, then n in two digits, then 40 times fill. */
static void long_word(struct buf *b, char kind, int n, char fill)
{
	buf_printf(b, "%c%02d", kind, n);
	for (int i = 0; i < 40; i++)
		buf_putc(b, fill);
	buf_putc(b, ' ');
}

/* Document i of 40 (extra: one more pair "c05... mới"): "tin tức", then
 * for a quarter of 100 common words c, each followed by five of 50 words
 * f and by h: so that c and f are common, f and h heavy. */
static void heavy_record(struct buf *rec, size_t i, bool extra)
{
	struct buf text;
	buf_init(&text);
	buf_puts(&text, "tin tức ");
	for (int j = (int)(i % 4); j < 100; j += 4) {
		for (int t = 0; t < 5; t++) {
			long_word(&text, 'c', j, 'x');
			long_word(&text, 'f', (int)(i / 4 * 5 + (size_t)t) % 50, 'y');
		}
		long_word(&text, 'c', j, 'x');
		long_word(&text, 'h', 0, 'z');
	}
	if (extra) {
		long_word(&text, 'c', 5, 'x');
		buf_puts(&text, "mới");
	}
	buf_truncate(rec, 0);
	search_doc_encode(rec, "Tin", text.data, text.len);
	buf_dispose(&text);
}

/* The bucket of kind (0 words, 1 pairs) that key is placed by, in e. */
static const struct buf *bucket_of(const struct emitted *e,
				   const struct search_index_state *s, int kind,
				   const char *key)
{
	char path[64];
	snprintf(path, sizeof path, SEARCH_INDEX_DIR "%s/%x.bin", kind ? "p" : "w",
		 search_index_hash(key, strlen(key)) & (s->buckets[kind] - 1));
	return emitted_file(e, path);
}

static bool bucket_has(const struct buf *b, const char *key)
{
	return b && memmem(b->data, b->len, key, strlen(key)) != NULL;
}

/* A pair lies beside its first word, or its second if the first is
 * common, or apart if the second is heavy too; an update that keeps who
 * is common and heavy gives a rebuild's bytes, one that does not says it
 * cannot. */
static void test_update_heavy(void)
{
	enum { N = 40 };
	static struct buf recs[N + 1], old;
	struct search_entry docs[N + 1];
	static struct emitted first, updated, rebuilt, crossed;
	struct search_index_state s1, s2, s3;
	made_docs(recs, docs, N + 1, heavy_record);
	struct search_index_io io = collect_io(&first);
	buf_init(&first.list);
	CHECK(search_index_build(docs, N, &io, &s1) == 0);
	struct buf c0, f0, h0, key;
	buf_init(&c0);
	buf_init(&f0);
	buf_init(&h0);
	buf_init(&key);
	long_word(&c0, 'c', 0, 'x');
	long_word(&f0, 'f', 0, 'y');
	long_word(&h0, 'h', 0, 'z');
	buf_truncate(&c0, c0.len - 1);
	buf_truncate(&f0, f0.len - 1);
	buf_truncate(&h0, h0.len - 1);
	const struct buf *manifest = emitted_file(&first, SEARCH_INDEX_DIR "index.json");
	CHECK(manifest && strstr(manifest->data, "\"heavy\": [\"f00") != NULL);
	CHECK(manifest && strstr(manifest->data, h0.data) != NULL);
	/* "tin tuc": tin is not common, in its own bucket */
	CHECK(bucket_has(bucket_of(&first, &s1, 0, "tin"), "tin tuc"));
	/* "f00 c00": f00 common, c00 not heavy: in c00's bucket */
	buf_printf(&key, "%s %s", f0.data, c0.data);
	CHECK(bucket_has(bucket_of(&first, &s1, 0, c0.data), key.data));
	CHECK(!bucket_has(bucket_of(&first, &s1, 0, f0.data), key.data));
	/* "c00 h00": both: in a pair bucket */
	buf_truncate(&key, 0);
	buf_printf(&key, "%s %s", c0.data, h0.data);
	CHECK(bucket_has(bucket_of(&first, &s1, 1, key.data), key.data));
	CHECK(!bucket_has(bucket_of(&first, &s1, 0, h0.data), key.data));
	/* one document gains "c05 mới" (in the bucket of mới), one is added */
	buf_init(&old);
	buf_put(&old, recs[5].data, recs[5].len);
	heavy_record(&recs[5], 5, true);
	docs[5].record = recs[5].data;
	docs[5].record_len = recs[5].len;
	struct search_change changes[2] = {{5, old.data, old.len}, {N, NULL, 0}};
	updated.prev = &first;
	io = collect_io(&updated);
	buf_init(&updated.list);
	CHECK(search_index_update(docs, N + 1, changes, 2, &s1, &io, &s2) == 0);
	io = collect_io(&rebuilt);
	buf_init(&rebuilt.list);
	CHECK(search_index_build(docs, N + 1, &io, &s3) == 0);
	CHECK_STR(updated.list.data, rebuilt.list.data);
	size_t differ = 0;
	for (size_t i = 0; i < rebuilt.count && i < updated.count; i++)
		differ += !buf_equal(&rebuilt.bytes[i], &updated.bytes[i]);
	CHECK(differ == 0);
	CHECK(s2.written < s3.written);
	buf_truncate(&key, 0);
	buf_printf(&key, "%s moi", c0.data);
	key.data[2] = '5';   /* "c05... moi" */
	CHECK(bucket_has(bucket_of(&rebuilt, &s3, 0, "moi"), key.data));
	struct buf e2, e3;
	buf_init(&e2);
	buf_init(&e3);
	search_index_state_encode(&e2, &s2);
	search_index_state_encode(&e3, &s3);
	CHECK(buf_equal(&e2, &e3));
	/* document 5 now has g00 after each common word (and a comma after
	 * it, so that g00 begins no pair and is not common): g00 becomes
	 * heavy, the update cannot; nor can the one back */
	buf_truncate(&old, 0);
	buf_put(&old, recs[5].data, recs[5].len);
	struct buf text;
	buf_init(&text);
	for (int j = 0; j < 100; j++) {
		long_word(&text, 'c', j, 'x');
		long_word(&text, 'g', 0, 'w');
		buf_puts(&text, ", ");
	}
	buf_truncate(&recs[5], 0);
	search_doc_encode(&recs[5], "Tin", text.data, text.len);
	docs[5].record = recs[5].data;
	docs[5].record_len = recs[5].len;
	struct search_change change = {5, old.data, old.len};
	crossed.prev = &rebuilt;
	io = collect_io(&crossed);
	buf_init(&crossed.list);
	struct search_index_state s4;
	CHECK(search_index_update(docs, N + 1, &change, 1, &s3, &io, &s4) == 1);
	CHECK_STR(crossed.list.data, "");
	io = collect_io(&crossed);
	CHECK(search_index_build(docs, N + 1, &io, &s4) == 0);
	manifest = emitted_file(&crossed, SEARCH_INDEX_DIR "index.json");
	CHECK(manifest && strstr(manifest->data, "\"g00") != NULL &&
	      strstr(manifest->data, "\"g00") > strstr(manifest->data, "\"heavy\""));
	CHECK(manifest && strstr(manifest->data, "\"common\": [\"c00") != NULL &&
	      strstr(strstr(manifest->data, "\"common\""), "\"g00") >
	      strstr(manifest->data, "\"heavy\""));
	struct emitted *back = calloc(1, sizeof *back);
	struct search_index_state s5;
	buf_init(&back->list);
	back->prev = &crossed;
	io = collect_io(back);
	change.old = recs[5].data;
	change.old_len = recs[5].len;
	docs[5].record = old.data;
	docs[5].record_len = old.len;
	CHECK(search_index_update(docs, N + 1, &change, 1, &s4, &io, &s5) == 1);
	CHECK_STR(back->list.data, "");
	search_index_state_dispose(&s4);
	emitted_dispose(back);
	free(back);
	buf_dispose(&text);
	buf_dispose(&e2);
	buf_dispose(&e3);
	buf_dispose(&c0);
	buf_dispose(&f0);
	buf_dispose(&h0);
	buf_dispose(&key);
	buf_dispose(&old);
	search_index_state_dispose(&s1);
	search_index_state_dispose(&s2);
	search_index_state_dispose(&s3);
	emitted_dispose(&first);
	emitted_dispose(&updated);
	emitted_dispose(&rebuilt);
	emitted_dispose(&crossed);
	for (size_t i = 0; i <= N; i++)
		buf_dispose(&recs[i]);
}

static void test_cache(void)
{
	char dir[] = "/tmp/congbo-test-search-XXXXXX";
	if (!CHECK(mkdtemp(dir) != NULL))
		return;
	char path[128];
	snprintf(path, sizeof path, "%s/.site.search", dir);
	char keys[2][FINGERPRINT_HEX_SIZE] = {
		"0123456789abcdef0123456789abcdef",
		"fedcba9876543210fedcba9876543210",
	};
	char *recs[2] = {"abc", NULL};   /* a page without a record: left out */
	size_t lens[2] = {3, 0};
	CHECK(search_cache_save(path, "state", 5, keys, recs, lens, 2) == 0);
	struct search_cache c;
	size_t len = 0;
	search_cache_open(&c, path);
	CHECK(c.state_len == 5 && memcmp(c.state, "state", 5) == 0);
	const char *got = search_cache_get(&c, keys[0], &len);
	CHECK(got && len == 3 && memcmp(got, "abc", 3) == 0);
	CHECK(search_cache_get(&c, keys[1], &len) == NULL);
	search_cache_dispose(&c);
	/* one byte changed: the digest no longer matches, the cache is empty */
	FILE *fp = fopen(path, "r+b");
	CHECK(fp != NULL);
	if (fp) {
		fseek(fp, (long)strlen(SEARCH_CACHE_FORMAT) + 6 + 33, SEEK_SET);
		fputc('x', fp);
		fclose(fp);
	}
	search_cache_open(&c, path);
	CHECK(search_cache_get(&c, keys[0], &len) == NULL);
	search_cache_dispose(&c);
	/* missing: empty */
	unlink(path);
	search_cache_open(&c, path);
	CHECK(search_cache_get(&c, keys[0], &len) == NULL);
	search_cache_dispose(&c);
	rmdir(dir);
}

int main(void)
{
	test_words();
	test_records();
	test_index();
	test_update();
	test_update_common();
	test_update_heavy();
	test_cache();
	return check_done();
}

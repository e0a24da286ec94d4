/* Unit tests of the search index: words and their folding (text.c), a
 * page's record (search_doc.c), the merged index files (search_index.c)
 * and the records cache (search_cache.c), with Vietnamese edge cases:
 * decomposed input, đ/Đ, capitals, punctuation, numbers such as
 * 512/QĐ-UBND. */
#include "check.h"

#include <stdlib.h>
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

/* The files emitted, in order, as "path len" lines; bytes of the last
 * file named wanted kept. */
struct emitted {
	struct buf list;
	const char *wanted;
	struct buf bytes;
};

static void collect(void *ctx, const char *path, const char *data, size_t len)
{
	struct emitted *e = ctx;
	buf_printf(&e->list, "%s %zu\n", path, len);
	if (e->wanted && strcmp(path, e->wanted) == 0) {
		buf_truncate(&e->bytes, 0);
		buf_put(&e->bytes, data, len);
	}
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
	struct emitted e = {.wanted = SEARCH_INDEX_DIR "d/0.json"};
	buf_init(&e.list);
	buf_init(&e.bytes);
	CHECK(search_index_build(docs, 2, collect, &e) == 0);
	/* a small site: one bucket of each kind, one chunk, the manifest last */
	CHECK(strstr(e.list.data, SEARCH_INDEX_DIR "w/0.bin ") != NULL);
	CHECK(strstr(e.list.data, SEARCH_INDEX_DIR "p/0.bin ") != NULL);
	CHECK(strstr(e.list.data, SEARCH_INDEX_DIR "w/1.bin") == NULL);
	CHECK(strstr(e.list.data, SEARCH_INDEX_DIR "index.json") != NULL);
	CHECK_STR(e.bytes.data,
		  "[\n[\"a/\",\"Đường giao thông\",\"01/02/2024\","
		  "\"2024-02-01T00:00:00+07:00\",\"Tin tức\",\"Tóm tắt \\\"một\\\"\"],\n"
		  "[\"b/\",\"Dương\",\"\",\"\",\"\",\"\"]\n]\n");
	/* the word bucket: "duong" with its two forms, each with its lists */
	e.wanted = SEARCH_INDEX_DIR "w/0.bin";
	buf_truncate(&e.list, 0);
	search_index_build(docs, 2, collect, &e);
	const char *duong = memmem(e.bytes.data, e.bytes.len, "\x05" "duong\x02", 7);
	CHECK(duong != NULL);
	if (duong) {
		/* forms sorted bytewise: "dương" (d...) before "đường" (c4 91) */
		const char *p = duong + 7;
		CHECK(memcmp(p, "\x07" "dương", 8) == 0);
		p += 8;
		/* dương: in doc 1 (gap list: count 1 -> 2, gap 1), title doc 1 */
		CHECK(memcmp(p, "\x02\x01\x02\x01", 4) == 0);
		p += 4;
		CHECK(memcmp(p, "\x09" "đường", 10) == 0);
		p += 10;
		/* đường: docs 0 and 1, a bitmap (one byte, smaller than two
		 * gaps): 2 << 1 | 1, bits 0 and 1; title doc 0 */
		CHECK(memcmp(p, "\x05\x03\x02\x00", 4) == 0);
	}
	/* the same input, the same bytes */
	struct emitted again = {.wanted = SEARCH_INDEX_DIR "w/0.bin"};
	buf_init(&again.list);
	buf_init(&again.bytes);
	search_index_build(docs, 2, collect, &again);
	CHECK(again.bytes.len == e.bytes.len &&
	      memcmp(again.bytes.data, e.bytes.data, e.bytes.len) == 0);
	CHECK_STR(again.list.data, e.list.data);
	/* a malformed record: nothing emitted */
	docs[1].record_len = 3;
	buf_truncate(&again.list, 0);
	CHECK(search_index_build(docs, 2, collect, &again) < 0);
	CHECK_STR(again.list.data, "");
	CHECK(search_index_hash("", 0) == 2166136261u);
	CHECK(search_index_hash("a", 1) == 0xe40c292cu);
	buf_dispose(&again.list);
	buf_dispose(&again.bytes);
	buf_dispose(&e.list);
	buf_dispose(&e.bytes);
	buf_dispose(&r0);
	buf_dispose(&r1);
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
	CHECK(search_cache_save(path, keys, recs, lens, 2) == 0);
	struct search_cache c;
	size_t len = 0;
	search_cache_open(&c, path);
	const char *got = search_cache_get(&c, keys[0], &len);
	CHECK(got && len == 3 && memcmp(got, "abc", 3) == 0);
	CHECK(search_cache_get(&c, keys[1], &len) == NULL);
	search_cache_dispose(&c);
	/* one byte changed: the digest no longer matches, the cache is empty */
	FILE *fp = fopen(path, "r+b");
	CHECK(fp != NULL);
	if (fp) {
		fseek(fp, (long)strlen(SEARCH_CACHE_FORMAT) + 33, SEEK_SET);
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
	test_cache();
	return check_done();
}

/* search_index: the files of the static search, merged from the pages'
 * records (search_doc.h), for the search page's script
 * (themes/default/assets/search.js) to read.
 *
 * Documents are numbered in the order given (articles newest first, then
 * static pages): a lower number is a newer article, the script's
 * tie-break.  Under SEARCH_INDEX_DIR:
 *
 *   index.json     {"version", "docs", "words", "pairs", "chunk", "id"}:
 *                  the bucket counts and the id the script appends
 *                  (?v=id) so that a browser never mixes two builds
 *   w/HEX.bin      word buckets: every folded word (accents and case
 *                  removed, đ -> d) whose FNV-1a 32 hash & (words - 1) is
 *                  HEX, with its accented forms and their documents
 *   p/HEX.bin      pair buckets: each pair of folded words that follow one
 *                  another ("cai cach"), by the hash of "a b"
 *   d/N.json       documents N*chunk .. N*chunk+chunk-1: [url, title,
 *                  date dd/mm/yyyy, ISO date, category, snippet]
 *
 * Buckets are binary, LEB128 varints:
 *
 *   words:  count; per folded word (sorted): key, variant count; per
 *           accented form (sorted): text, all-list, title-list
 *   pairs:  count; per pair (sorted): key "a b", all-list, title-list
 *   text:   varint length, bytes (UTF-8)
 *   list:   varint (n << 1 | bitmap); bitmap: ceil(docs / 8) bytes, bit
 *           d & 7 of byte d >> 3; else n varints, each the gap to the
 *           previous document minus one (the first from -1)
 *
 * The all-list holds the documents where the word (pair) occurs anywhere,
 * the title-list those with it in the title.  There are as many buckets
 * (a power of two) as keep each near SEARCH_BUCKET_BYTES, so one query
 * fetches a few small files whatever the size of the site.  Output is a
 * function of the records and metadata alone: the same input, the same
 * bytes. */
#ifndef CONGBO_SEARCH_INDEX_H
#define CONGBO_SEARCH_INDEX_H

#include <stddef.h>
#include <stdint.h>

#define SEARCH_INDEX_DIR "tim-kiem/chi-muc/"
#define SEARCH_INDEX_VERSION 1
#define SEARCH_BUCKET_BYTES 6144
#define SEARCH_MAX_BUCKETS 65536
#define SEARCH_DOCS_CHUNK 24

/* One document: its record and what a result shows. */
struct search_entry {
	const char *record;
	size_t record_len;
	const char *url;          /* relative to the site's root */
	const char *title;
	const char *date_short;   /* "19/04/2022", or NULL */
	const char *date_iso;     /* or NULL */
	const char *category;     /* its first category, or NULL */
	const char *snippet;      /* the summary */
};

/* Receives each file: path relative to the site's root. */
typedef void (*search_emit_fn)(void *ctx, const char *path, const char *data,
			       size_t len);

/* Merges the n documents and emits every index file, in a fixed order.
 * Returns 0, or -1 when a record is malformed (nothing emitted). */
int search_index_build(const struct search_entry *docs, size_t n,
		       search_emit_fn emit, void *ctx);

/* FNV-1a, 32 bits: the bucket hash (search.js computes the same). */
uint32_t search_index_hash(const char *s, size_t len);

#endif

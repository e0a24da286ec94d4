/* search_index: the files of the static search, merged from the pages'
 * records (search_doc.h), for the search page's script
 * (themes/default/assets/search.js) to read.
 *
 * Documents are numbered in the order given (static pages, then articles
 * oldest first, so that a new article comes last and leaves the others'
 * numbers alone): a higher number is a newer article, the script's
 * tie-break.  Under SEARCH_INDEX_DIR:
 *
 *   index.json     {"version", "docs", "words", "pairs", "chunk",
 *                  "common", "heavy", "id"}: the bucket counts, the common
 *                  and heavy words (below) and the id the script appends
 *                  (?v=id) so that
 *                  a browser never mixes two builds: the fingerprint of
 *                  every other file's path and key
 *   w/HEX.bin      word buckets: every folded word (accents and case
 *                  removed, đ -> d) whose FNV-1a 32 hash & (words - 1) is
 *                  HEX, with its accented forms and their documents; and
 *                  the pairs of folded words that follow one another
 *                  ("cai cach") whose first word hashes there and is not
 *                  common, so that the file a query's word needs anyway
 *                  holds its pairs too: one request fewer per pair; and
 *                  the pairs whose first word is common and whose second
 *                  word hashes there and is not heavy
 *   p/HEX.bin      pair buckets: the pairs whose first word is common and
 *                  second word heavy, by the hash of "a b".  A word is
 *                  common when the items of the pairs it begins take more
 *                  than SEARCH_PAIRS_APART bytes ("huyen" followed by
 *                  hundreds of words): a query would fetch them all for
 *                  the one pair it looks for.  A word is heavy when the
 *                  items of the pairs it ends whose first word is common
 *                  take more than SEARCH_AFTER_APART bytes ("cong", after
 *                  "huyen", "cac", "dang", ...)
 *   d/N.json       documents N*chunk .. N*chunk+chunk-1: [url, title,
 *                  date dd/mm/yyyy, ISO date, category, snippet]
 *
 * Buckets are binary, LEB128 varints:
 *
 *   bucket: count; its words' items (sorted), then its pairs' (sorted)
 *   word:   key, body length, body = variant count; per accented form
 *           (sorted): text, all-list, title-list
 *   pair:   key "a b", body length, body = all-list, title-list
 *   text:   varint length, bytes (UTF-8)
 *   list:   varint (n << 1 | bitmap); a bitmap: varint byte count, the
 *           bytes (bit d & 7 of byte d >> 3, up to the list's last
 *           document); else n varints, each the gap to the previous
 *           document minus one (the first from -1)
 *
 * The body length lets a reader skip the words it does not look for
 * without reading their lists.  The all-list holds the documents where the
 * word (pair) occurs anywhere, the title-list those with it in the title.
 * A list's bytes depend on its documents alone (not on how many the site
 * has), so a new document at the end leaves the other lists as they are.
 * There are as many buckets (a power of two) as keep each near
 * SEARCH_BUCKET_BYTES, so one query fetches a few small files whatever
 * the size of the site.  Output is a function of the records and metadata
 * alone: the same input, the same bytes, whether built at once
 * (search_index_build) or updated from the previous build's files
 * (search_index_update). */
#ifndef CONGBO_SEARCH_INDEX_H
#define CONGBO_SEARCH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "fingerprint.h"

#define SEARCH_INDEX_DIR "tim-kiem/chi-muc/"
#define SEARCH_INDEX_VERSION 4
#define SEARCH_BUCKET_BYTES 2048
#define SEARCH_PAIRS_APART 4096
#define SEARCH_AFTER_APART 8192
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

/* Where the files go, and the previous build's files.  A file's key is
 * the fingerprint of its bytes (search_index_key). */
struct search_index_io {
	/* Receives each file: path relative to the site's root. */
	void (*emit)(void *ctx, const char *path, const char *data, size_t len,
		     const char *key);
	/* True when the previous build's file at path, of that key, is still
	 * there as written; keep then carries it into this build (false if it
	 * could not). */
	bool (*fresh)(void *ctx, const char *path, const char *key);
	bool (*keep)(void *ctx, const char *path, const char *key);
	/* The previous build's bytes of path (free them), or NULL. */
	char *(*read)(void *ctx, const char *path, size_t *len);
	void *ctx;
};

/* A folded word of pairs: the items' bytes of the pairs it begins (more
 * than SEARCH_PAIRS_APART make it common), and of those it ends whose
 * first word is common (more than SEARCH_AFTER_APART make it heavy). */
struct search_first {
	char *word;
	uint64_t bytes, after;
};

/* What an update needs to know of the index it starts from. */
struct search_index_state {
	uint32_t buckets[2];      /* word buckets, pair buckets */
	uint64_t total[2];        /* the bytes of their items */
	char (*keys)[FINGERPRINT_HEX_SIZE];   /* each bucket's, words first */
	struct search_first *firsts;          /* sorted bytewise */
	size_t first_count;
	size_t written;           /* buckets this build wrote (not saved) */
};

/* Merges the n documents and emits every index file, in a fixed order;
 * *state (dispose it) describes them.  Returns 0, or -1 when a record is
 * malformed (nothing emitted). */
int search_index_build(const struct search_entry *docs, size_t n,
		       const struct search_index_io *io,
		       struct search_index_state *state);

/* A document whose record changed since the build of the previous state:
 * old is its record then (NULL for a document added at the end). */
struct search_change {
	size_t doc;
	const char *old;
	size_t old_len;
};

/* The same files as search_index_build(docs, n) when the previous build
 * had the same documents in the same order, but for the changes (and
 * documents added at the end, listed as changes too): only the buckets
 * whose lists change are read, patched and written; the others are kept.
 * Returns 0; 1 when it cannot (a bucket file missing or not as written,
 * the bucket counts or the common words would change): nothing was
 * emitted, build instead;
 * -1 when a record is malformed. */
int search_index_update(const struct search_entry *docs, size_t n,
			const struct search_change *changes, size_t count,
			const struct search_index_state *prev,
			const struct search_index_io *io,
			struct search_index_state *state);

void search_index_state_dispose(struct search_index_state *s);
/* The state as bytes (for the search cache), and back: -1 if malformed. */
void search_index_state_encode(struct buf *out,
			       const struct search_index_state *s);
int search_index_state_decode(const char *data, size_t len,
			      struct search_index_state *s);

/* The key of a file of these bytes. */
void search_index_key(const char *data, size_t len,
		      char key[FINGERPRINT_HEX_SIZE]);

/* FNV-1a, 32 bits: the bucket hash (search.js computes the same). */
uint32_t search_index_hash(const char *s, size_t len);

#endif

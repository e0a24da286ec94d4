/* search_cache: the pages' search records (search_doc.h) kept between
 * builds, so that the index of a rebuild takes an unchanged page's words
 * as they were instead of rendering and reading its body again.
 *
 * One file beside the output folder (.site.search for site/, next to
 * .site.cache), read only by builds that render something and written
 * after each such build with the records of that build's pages:
 *
 *     congbo-search 4\n
 *     varint length, the state: what the index of that build was made
 *       of (render_search.c), so that the next can update it
 *     per record: 32 hex digits of its key, varint length, the record
 *     # and 32 hex digits: the fingerprint of every byte before
 *
 * A key is the fingerprint of everything a record is made from (the
 * page's blob, the Markdown options, the record format; for a page with
 * shortcodes the build's base).  A missing, truncated or corrupt file is
 * an empty cache: the records are computed again. */
#ifndef CONGBO_SEARCH_CACHE_H
#define CONGBO_SEARCH_CACHE_H

#include <stddef.h>

#include "arena.h"
#include "fingerprint.h"
#include "strmap.h"

#define SEARCH_CACHE_FORMAT "congbo-search 4\n"

struct search_cache {
	char *data;             /* the file's bytes; records point into it */
	size_t len;
	const char *state;      /* the state saved with the records, or NULL */
	size_t state_len;
	struct strmap records;  /* key -> struct search_cache_record */
	struct arena arena;
};

/* Reads the cache at path (missing or unusable: empty).  Free with
 * search_cache_dispose. */
void search_cache_open(struct search_cache *c, const char *path);
void search_cache_dispose(struct search_cache *c);

/* The record under key, or NULL; *len is set when found.  The bytes live
 * as long as c. */
const char *search_cache_get(const struct search_cache *c, const char *key,
			     size_t *len);

/* Writes the state (state_len bytes) and n records (keys[i] 32 hex digits,
 * recs[i] of lens[i] bytes) to path atomically (a temporary file, then
 * rename).  Returns 0 or -1 (the file is then removed: the next build
 * computes the records again). */
int search_cache_save(const char *path, const char *state, size_t state_len,
		      char (*keys)[FINGERPRINT_HEX_SIZE], char *const *recs,
		      const size_t *lens, size_t n);

#endif

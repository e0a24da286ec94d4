/* cache: what the previous build knew, so this one can skip work.
 *
 * The cache lives beside the output folder, never inside it: for
 * site/ it is .site.cache.  It records, for the build that last wrote
 * the output folder:
 *   - each source file's size, inode, mtime, ctime and blob id (so unchanged
 *     files are not hashed again),
 *   - each article body's summary by its key (blob and what its HTML is
 *     made from besides: render.c), so lists need no Markdown,
 *   - each page's front matter (content.c) and what the editor's checks
 *     read of its body (review.c), by blob id, so an unchanged page is
 *     not parsed again,
 *   - each output file's fingerprint (of everything that decides its
 *     bytes) with the size, inode and mtime the file had when written.
 * An output whose fingerprint is unchanged and whose file is still
 * exactly as written is linked into the new build without rendering.
 *
 * Never trusted blindly: the file ends with a digest of its contents and
 * carries the generator's version and the build options; a mismatch, a
 * truncated or corrupt file, or an output file touched since (size,
 * inode or mtime differ) makes congbo ignore that part and rebuild it.
 * Recording is thread-safe (render workers). */
#ifndef CONGBO_CACHE_H
#define CONGBO_CACHE_H

#include <pthread.h>
#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "digest.h"
#include "fingerprint.h"
#include "source.h"
#include "strmap.h"

#define CACHE_FORMAT "congbo-cache 3"

/* A cache is read only from a regular file of at most this size (one of
 * 100,000 articles takes about 60 MB); anything else is ignored. */
#define CACHE_MAX_SIZE (1024ull * 1024 * 1024)
#define CACHE_MAX_SIZE_TEXT "1 GiB"

struct cache {
	char *path;              /* the cache file */
	char *out_dir;           /* the output folder it describes */
	int out_fd;              /* out_dir, open, or -1 */
	char *note;              /* why an existing cache was ignored, or NULL */
	char options[FINGERPRINT_HEX_SIZE];
	struct arena arena;      /* the entries of the maps below */
	/* what the previous build recorded (read-only while rendering) */
	struct strmap sources;   /* path → struct cache_source */
	struct strmap summaries; /* summary key → summary text */
	struct strmap outputs;   /* output path → struct cache_output */
	struct strmap records;   /* blob id → front matter record */
	struct strmap reviews;   /* blob id → what the editor's checks read
				    of it (review.c) */
	char *text;              /* the file, until cache_load_texts */
	char **text_lines;       /* its lines of the three maps above */
	size_t text_line_count;
	char head[41];           /* git HEAD when written, or "" */
	bool warned;             /* that build printed warnings: say them
				    again rather than stop early */
	long long horizon;       /* the earliest future article left out:
				    past it, the same sources build otherwise */
	/* what this build records, for the next one: noted into next, which
	 * goes to next_path a megabyte at a time (cache.c) */
	pthread_mutex_t lock;
	struct buf next;
	char *next_path;
	int next_fd;             /* or -1 until the first megabyte */
	struct fingerprint next_fp;   /* of what went to next_fd */
	bool next_failed;
};

/* Opens the cache of out_dir for a build whose options (drafts, future,
 * source kind...) fingerprint to options.  A missing cache is empty; an
 * unusable one is empty with a note saying why.  Free with
 * cache_dispose. */
void cache_open(struct cache *c, const char *out_dir, const char *options);
/* Reads the summaries, front matter records and checks' scans (the maps
 * above), which cache_open leaves for a build that found something
 * changed; before any of cache_summary, cache_record, cache_review. */
void cache_load_texts(struct cache *c);
void cache_dispose(struct cache *c);

/* The id of path if its size, inode, mtime and ctime are as recorded,
 * else NULL. */
const char *cache_source_id(const struct cache *c, const char *path,
			    unsigned long long size, unsigned long long inode,
			    long long mtime_ns, long long ctime_ns);
/* A source_known that asks this cache. */
struct source_known cache_source_known(struct cache *c);
/* The summary recorded under key (render.c), or NULL. */
const char *cache_summary(const struct cache *c, const char *key);
/* True when the output at path has this fingerprint and its file in the
 * output folder is still the one written then. */
bool cache_output_fresh(const struct cache *c, const char *path,
			const char *fingerprint);
/* Every output path the previous build recorded; the caller frees the
 * array (not the paths, which live as long as c). */
const char **cache_output_paths(const struct cache *c, size_t *count);
/* What the previous build recorded of path's file (after
 * cache_output_fresh said it is still so); false when nothing. */
/* The SHA-256 (hex) of the bytes the previous build wrote at path, or
 * NULL. */
const char *cache_output_sha256(const struct cache *c, const char *path);
bool cache_output_stat(const struct cache *c, const char *path,
		       unsigned long long *size, unsigned long long *inode,
		       long long *mtime_ns);

/* True when nothing a build reads has changed since the cache was
 * written: the same source files with the same size, inode and mtime,
 * every output file as written, the same git HEAD (its history gives
 * pages their dates; "" outside a repository), and now before the
 * horizon.  Then the
 * output folder is already what a build would make. */
bool cache_all_fresh(const struct cache *c, const struct source *src,
		     const char *head, long long now);

/* The front matter record (content.h) of a page of blob id, or NULL. */
const char *cache_record(const struct cache *c, const char *blob_id);

/* What the editor's checks read of the file of blob id (review.c), or
 * NULL. */
const char *cache_review(const struct cache *c, const char *blob_id);

/* Recording for the next build. */
void cache_note_record(struct cache *c, const char *blob_id,
		       const char *record);
void cache_note_review(struct cache *c, const char *blob_id,
		       const char *record);
void cache_note_horizon(struct cache *c, long long epoch);
void cache_note_head(struct cache *c, const char *head);
void cache_note_warned(struct cache *c);
void cache_note_source(struct cache *c, const struct source_file *f);
void cache_note_summary(struct cache *c, const char *key,
			const char *summary);
/* st_* describe the file as written into the new output tree. */
void cache_note_output(struct cache *c, const char *path,
		       const char *fingerprint, const char *sha256,
		       unsigned long long size,
		       unsigned long long inode, long long mtime_ns);
/* Writes the recorded state atomically (temporary file, rename).
 * Returns 0, or -1 (the cache is then removed: better none than a stale
 * one). */
int cache_save(struct cache *c);
/* The whole file at path (free it; NUL-terminated), *len its size; NULL
 * when there is none, or with *why set when what is there cannot be used
 * (not a regular file, above CACHE_MAX_SIZE, a short read).  For this
 * cache and the search records beside it. */
char *cache_read_file(const char *path, size_t *len, const char **why);
/* Writes len bytes of data to path atomically (a temporary file beside
 * it, then rename).  Returns 0, or -1 with path removed: better no cache
 * than a stale one. */
int cache_write_file(const char *path, const void *data, size_t len);
/* The checksum of the sources this binary was built from (the
 * Makefile's): a cache written by any other build is never trusted. */
const char *cache_build_id(void);
/* Removes the cache file (after a failed build changed nothing, the old
 * cache still describes the output, so this is for corrupt ones). */
void cache_remove(const struct cache *c);

#endif

/* history_cache: a walk's result kept between builds, in one file of the
 * repository's git folder, keyed by the commit walked (see history.h).
 *
 * The file is length-prefixed binary records, written atomically and
 * ended by the SHA-256 of all before it; it names the build of congbo
 * that wrote it (cache_build_id) and the content folder walked.  Any
 * mismatch, truncation or corruption makes it count as absent. */
#ifndef CONGBO_HISTORY_CACHE_H
#define CONGBO_HISTORY_CACHE_H

#include <git2.h>

#include "history.h"

/* The cache file of the repository whose common git folder is commondir
 * ("…/.git/" or "portal.git/"); the caller frees it. */
char *history_cache_path(const char *commondir);

/* Loads the cached walk at path into h (empty, initialised) and its
 * commit into *head, when it was written by this build of congbo for
 * the content folder content_path.  Returns 0, or -1 with h empty. */
int history_cache_read(struct history *h, const char *path,
		       const char *content_path, git_oid *head);

/* Writes h, the walk of commit head, to path (a temporary file, then
 * rename).  Returns 0, or -1 (nothing is left at path then). */
int history_cache_write(const struct history *h, const char *path,
			const char *content_path, const git_oid *head);

#endif

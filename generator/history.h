/* history: when, by whom and why each content file changed, from one walk
 * of the git history per build.
 *
 * Tools that run `git log -- FILE` once per page (Hugo's and Eleventy's
 * git dates) walk the history thousands of times on a large site.  Here
 * one walk from the built commit visits every commit once, children before
 * parents and newest first, diffs its content/ folder against its first
 * parent's (renames followed), and credits each change to the name the
 * file has in the built commit:
 *
 *     struct history h;
 *     history_init(&h);
 *     history_load_commit(&h, "portal.git", src.commit, &diags);
 *     const struct history_file *f = history_find(&h, file->path, file->id);
 *     if (f)   // f->revs[0] is the last change
 *         printf("%s %lld\n", f->revs[0]->author, f->revs[0]->time);
 *     history_dispose(&h);
 *
 * A merge counts for a file only when the file differs from every parent
 * (as `git log -- FILE` shows merges).  In a shallow clone the walk stops
 * at the clone's edge, and the commits there take the credit for all that
 * came before them: a warning says so.  Everything lives in h's arena.
 *
 * The walk's result can be cached by commit (history_cache.h): a later
 * load of a descendant walks only the commits since and adds the rest
 * from the cache, with the same result as a full walk.  A cache of a
 * commit that is not an ancestor (history rewritten, another branch), of
 * another congbo build or another content folder is not used. */
#ifndef CONGBO_HISTORY_H
#define CONGBO_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

struct history_rev {
	long long time;         /* author date, seconds since the epoch */
	const char *author;     /* author name */
	const char *subject;    /* first line of the commit message */
};

/* The bytes a file had after one of its changes (kept only for the files
 * under HISTORY_KEEP_BYTES: score data, whose earlier versions stay
 * published after a correction). */
struct history_bytes {
	const char *data;       /* NUL-terminated; NULL when not kept */
	size_t len;
};

#define HISTORY_KEEP_BYTES "content/scores/"

struct history_file {
	const char *path;       /* portal-relative: "content/posts/a.md" */
	char blob[41];          /* its blob id in the walked commit */
	const struct history_rev **revs;   /* newest first */
	struct history_bytes *bytes;       /* beside revs */
	size_t count, cap;
};

struct history {
	struct arena arena;
	struct history_file *files;   /* sorted by path */
	size_t count;
	size_t commits;               /* commits in the history walked */
	size_t walked;                /* of those, the ones this load read
					 (the others came from the cache) */
	bool shallow;                 /* the walk stopped at a shallow edge */
	/* Set before loading (history_init clears them): read the cached
	 * walk in the repository's git folder (congbo-history), and write
	 * this one there for the next load. */
	bool cache_read, cache_write;
};

void history_init(struct history *h);
/* Frees everything; h is empty and may be loaded again. */
void history_dispose(struct history *h);

/* Walks the history of commit_id (40 hex digits) in the repository at
 * repo_path (as gitlib_open takes it), for the files under content/ of its
 * tree.  Returns 0, or -1 with a warning in diags and h empty: a build goes
 * on without dates rather than fail over them. */
int history_load_commit(struct history *h, const char *repo_path,
			const char *commit_id, struct diag_list *diags);

/* For a build of the folder source_dir: when it lies inside a git working
 * tree (searching upwards, as git does), walks the history of HEAD for the
 * files under source_dir/content/.  Not in a repository, or no commit yet:
 * returns 0 with h empty.  Otherwise as history_load_commit. */
int history_load_worktree(struct history *h, const char *source_dir,
			  struct diag_list *diags);

/* The history of the file at path ("content/posts/a.md") when its bytes
 * are those of the walked commit (blob_id, 40 hex digits), else NULL: a
 * file changed since (uncommitted in a working tree) has no date in git
 * yet.  The result belongs to h. */
const struct history_file *history_find(const struct history *h,
					const char *path, const char *blob_id);

/* The history of the file at path whatever its bytes are now (a score
 * file edited since its last commit still has its earlier versions), or
 * NULL.  The result belongs to h. */
const struct history_file *history_find_path(const struct history *h,
					     const char *path);

/* True, with *time the author time of the commit that first added the
 * file at path (following renames), when the history has one; false
 * when the file is not committed.  Whatever its bytes are now. */
bool history_added(const struct history *h, const char *path,
		   long long *time);

#endif

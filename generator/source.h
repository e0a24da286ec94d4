/* source: where a portal's files come from.
 *
 * One interface, two backends: a folder on disk (the working tree) or the
 * tree of any git commit, read straight from the object database (works in
 * a bare repository and inside a hook; no checkout).  Either way the build
 * sees the same list: every regular file under content/, themes/ and
 * templates/ of the portal, sorted by path, with its bytes and its git blob
 * id.  On disk the id is computed the way git would (so both backends agree
 * and the id can key the incremental cache).
 *
 *     struct source src;
 *     if (source_load_dir(&src, ".", &diags) == 0) {
 *         const struct source_file *f = source_find(&src, "content/site.yaml");
 *         ...
 *         source_dispose(&src);
 *     }
 */
#ifndef CONGBO_SOURCE_H
#define CONGBO_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Limits the input controls.  A file larger than SOURCE_MAX_FILE_SIZE is an
 * error (it is not read).  Folders nested more than SOURCE_MAX_DEPTH deep
 * (content/ is depth 1) are an error and not entered: no portal needs that
 * many, and on disk it bounds the open folders and the recursion. */
#define SOURCE_MAX_FILE_SIZE (64u * 1024 * 1024)
#define SOURCE_MAX_DEPTH 32

struct source_file {
	char *path;      /* relative to the portal, '/'-separated:
			    "content/posts/2022/hoi-nghi.md" */
	char *data;      /* the bytes, followed by a NUL not counted in len */
	size_t len;
	char id[41];     /* git blob id, 40 hex digits */
	/* On disk, what the incremental cache compares to trust an id
	 * without hashing again; all 0 for a git commit.  ctime too: an
	 * edit that puts the old mtime back still moves it. */
	unsigned long long size, inode;
	long long mtime_ns, ctime_ns;
	bool known;      /* the id came from a source_known: these bytes went
			    through a successful build before */
};

/* Ids a caller already knows, for files whose size, inode, mtime and ctime are
 * unchanged since it learnt them (the incremental cache): lookup returns
 * the 40-digit id, or NULL to have the file hashed. */
struct source_known {
	const char *(*lookup)(void *ctx, const char *path,
			      unsigned long long size, unsigned long long inode,
			      long long mtime_ns, long long ctime_ns);
	void *ctx;
};

struct source {
	struct source_file *files;   /* sorted by path (strcmp) */
	size_t count;
	char *label;                 /* "working tree DIR" or "commit 1a2b3c4" */
	char commit[41];             /* the commit id, "" for a folder */
};

/* What both loaders share.  Only content/, themes/ and templates/ are read
 * (content/ must exist).  Entries whose name starts with '.' and editor
 * backups ending in '~' are left out, folders and files alike.  Symbolic
 * links are skipped with a warning (they could point outside the portal),
 * as are submodules and other special files.  Problems are reported in
 * diags, the walk goes on so one run reports them all, and if any was an
 * error the call returns -1 and leaves src empty (files NULL, count 0,
 * label NULL; source_dispose on it is harmless).  On success the caller
 * owns everything in src and frees it with source_dispose.  Diagnostics
 * about one file carry its portal-relative path.  Each call starts and
 * stops libgit2 itself (gitlib.h); both are safe to call from several
 * threads at once with different src. */

/* Reads the portal folder root.  Ids are computed as git would for the
 * bytes on disk (no clean filters such as autocrlf are applied).  The label
 * is "working tree ROOT" and commit is "". */
int source_load_dir(struct source *src, const char *root,
		    struct diag_list *diags);
/* The same, taking ids from known where it vouches for them (may be NULL). */
int source_load_dir_known(struct source *src, const char *root,
			  const struct source_known *known,
			  struct diag_list *diags);

/* Walks root like source_load_dir but reads no file: each file has no
 * bytes, its size, inode and mtime, and the id known vouches for (all
 * zeros otherwise).  Enough to tell that nothing changed since a build
 * without opening 10,000 files. */
int source_stat_dir(struct source *src, const char *root,
		    const struct source_known *known, struct diag_list *diags);

/* Reads the tree of rev ("HEAD", a branch, a tag, an id, anything git
 * rev-parse takes that leads to a commit) of the git repository at
 * repo_path: a working repository (its top folder or its .git) or a bare
 * one; parent folders are not searched.  The working tree and index are
 * not looked at.  commit is the full commit id, the label "commit 1a2b3c4".
 * Returns 0, or -1 with an error naming repo_path or rev in diags. */
int source_load_git(struct source *src, const char *repo_path,
		    const char *rev, struct diag_list *diags);

/* The file at path (exact, '/'-separated), or NULL; binary search.  The
 * file belongs to src. */
const struct source_file *source_find(const struct source *src,
				      const char *path);

/* Frees every file and the label; src is left empty. */
void source_dispose(struct source *src);

#endif

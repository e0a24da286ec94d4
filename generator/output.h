/* output: writing a built site so that a failed build never touches the
 * published one.
 *
 * Every file of a build goes into a fresh temporary folder beside the
 * output folder ("site" -> ".site.tmp-Xa8bQ2"); only when the whole build
 * succeeded is that folder swapped into place with one rename.  A file whose
 * bytes are the same as in the previous build is hard-linked from it instead
 * of written, so it keeps its inode and mtime (rsync, caches and the publish
 * step see it as unchanged).
 *
 *     struct output o;
 *     if (output_begin(&o, "site", &diags) == 0) {
 *         output_write(&o, "index.html", html, html_len);   // any thread
 *         output_write(&o, "tin-tuc/index.html", ...);
 *         if (build_failed)
 *             output_abort(&o);       // site/ untouched
 *         else
 *             output_commit(&o);      // site/ is the new tree
 *         printf("%zu written, %zu unchanged\n", o.files_written,
 *                o.files_kept);
 *         output_dispose(&o);
 *     }
 *
 * The output folder must not be a mount point (the temporary folder has to
 * be on the same file system for the rename to be atomic), and two builds
 * must not commit to the same folder at the same time.  A build killed
 * before commit leaves a ".site.tmp-*" folder behind; it is never read and
 * may be removed. */
#ifndef CONGBO_OUTPUT_H
#define CONGBO_OUTPUT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "diag.h"

struct strmap;

struct output {
	char *out_dir;      /* the folder given to output_begin, no trailing
			       '/'; also the file name of diagnostics */
	char *tmp_dir;      /* the temporary folder being filled */
	int tmp_fd;         /* tmp_dir, open, or -1 */
	int old_fd;         /* the previous build's out_dir, open, or -1 */
	struct diag_list *diags;   /* the caller's; receives every error */
	bool active;        /* between begin and commit/abort */
	bool no_exchange;   /* for tests: commit as if the file system could
			       not exchange two folders (the fallback) */
	bool in_place;      /* output_begin_in_place: tmp_dir holds only the
			       files that changed; commit moves them in */
	size_t fail_move;   /* for tests: in place, the commit's move number
			       fail_move (1-based) fails as a full disk would;
			       0 = never */
	mode_t file_mode;   /* of every file and folder written: the */
	mode_t dir_mode;    /* umask's, readable by all (output_site_modes) */

	/* Guards the fields below, from render workers writing at once. */
	pthread_mutex_t lock;
	struct strmap *files;       /* paths written in this build */
	struct strmap *dirs;        /* folders created in tmp_dir */
	size_t failures;            /* writes that failed */
	bool said_full;             /* the full disk has been reported */
	char **staged;              /* in place: paths written to tmp_dir */
	const char *const *previous;   /* in place: what the last build wrote
					  (the cache's record), or NULL to
					  walk out_dir for it */
	size_t previous_count;
	size_t staged_count, staged_cap;

	/* The build summary; read them after commit or abort. */
	size_t files_written;       /* files with new bytes */
	size_t files_kept;          /* files linked unchanged */
	unsigned long long bytes_written;   /* bytes of files_written */
};

/* The modes of the site's files and folders: what the umask leaves, but
 * readable (folders enterable) by all, since the web server is another
 * user; a group-writable umask (a shared repository's) keeps group write.
 * Measured with a folder made and removed in the folder fd. */
void output_site_modes(int fd, mode_t *file_mode, mode_t *dir_mode);

/* Starts a build into out_dir: creates the temporary folder beside it.
 * out_dir may not exist yet, but its parent must; it is refused when empty,
 * "/", "." or "..", or when it exists and is not a folder (a symbolic link
 * is refused too: the swap would replace the link, not its target).
 * Returns 0, or -1 with an error in diags (nothing is then left on disk and
 * o needs no dispose).  diags must outlive o.  Finish with output_commit
 * or output_abort, then output_dispose. */
int output_begin(struct output *o, const char *out_dir,
		 struct diag_list *diags);

/* Starts a build that updates the existing out_dir in place: for a
 * rebuild where most files stay as they are (the cache says so), making a
 * whole new tree of links and removing the old one costs more than the
 * build.  Writes go to the temporary folder beside out_dir as usual, but
 * only files whose bytes changed; kept files are not touched.
 * output_commit then moves each changed file in with rename (each file
 * replaced atomically), moves files no longer produced out, and on any
 * failure moves everything back, so out_dir is the old site or the new
 * one, never a mix that stays.  During those renames (milliseconds) a
 * reader may see pages of both builds.  out_dir must exist.  Same
 * contract as output_begin otherwise. */
int output_begin_in_place(struct output *o, const char *out_dir,
			  struct diag_list *diags);

/* Writes len bytes of data as rel_path in the new tree; safe to call from
 * several threads at once.  rel_path is '/'-separated and relative, and is
 * refused (see output_check_path) if it could name anything outside the
 * output folder.  Folders are created as needed.  Unchanged files are
 * hard-linked from the previous build.  Writing the same path twice in one
 * build is an error.  Returns 0, or -1 with an error in o->diags; any
 * failure makes output_commit refuse.  data stays the caller's. */
int output_write(struct output *o, const char *rel_path, const void *data,
		 size_t len);

/* What the incremental cache records of a file in the new tree. */
struct output_file_stat {
	unsigned long long size, inode;
	long long mtime_ns;
};

/* output_write that also reports the file as it now is (st may be NULL). */
int output_write_stat(struct output *o, const char *rel_path, const void *data,
		      size_t len, struct output_file_stat *st);

/* output_write_stat from the page of the source file src (NULL: a page
 * of congbo's own): a problem with the path (written twice, no folder for
 * it, cannot be written) is reported at src, naming the other page. */
int output_write_from(struct output *o, const char *rel_path,
		      const void *data, size_t len, struct output_file_stat *st,
		      const char *src);

/* Links the previous build's rel_path into the new tree unchanged, without
 * reading it: for a file the caller knows is the same (the cache vouches
 * for it).  Thread-safe.  Returns 0 (st, when not NULL, describes the
 * file), or -1 when it cannot, having claimed nothing: the caller then
 * renders and writes the file as usual.  In place, st NULL means the
 * caller has checked that the file is there as it was: it is not looked
 * at again. */
int output_keep(struct output *o, const char *rel_path,
		struct output_file_stat *st);

/* Checks that rel_path is a plain relative path: not empty, not absolute,
 * no empty, "." or ".." segments, no backslash or control character.
 * Returns 0, or -1 and writes the reason into why (a full sentence
 * naming the path, for a diagnostic; why may be NULL; the caller owns
 * and disposes it). */
int output_check_path(const char *rel_path, struct buf *why);

/* Call once every output_write has returned.  Swaps the new tree into
 * place (atomically when out_dir existed: a reader sees either the whole
 * old tree or the whole new one) and removes the old one.  If any write
 * failed, aborts instead.  Returns 0, or -1 with an error in o->diags,
 * out_dir as it was and the temporary folder removed.  Failing to remove
 * the old tree is only a warning.  Files are not fsync'd: see output.c. */
int output_commit(struct output *o);

/* Removes the temporary folder and everything in it; out_dir is untouched.
 * Harmless after commit or a previous abort. */
void output_abort(struct output *o);

/* Frees o's memory; aborts first if neither commit nor abort was called.
 * The counters stay readable.  Harmless twice. */
void output_dispose(struct output *o);

/* Removes path and, if it is a folder, everything under it, without
 * following symbolic links or crossing into other mounted file systems.
 * A path that does not exist is not an error.  Refuses "" and "/".
 * Returns 0, or -1 with errno set. */
int output_remove_tree(const char *path);

#endif

/* outdir: whose the output folder is, who builds into it, and what a
 * killed build left beside it.
 *
 * A build replaces everything in its output folder, so before it starts:
 *
 *   - the folder must be congbo's: absent, empty, or holding the marker
 *     file OUTDIR_MARKER that every build writes into it.  --force lets a
 *     build take over a folder without the marker (an old site made by
 *     hand or by another generator).
 *   - the folder must not be, hold or lie inside what the build reads: the
 *     portal folder, its content/, themes/ and templates/, the git
 *     repository (its working tree or its .git folder).  --force does not
 *     change this.
 *
 * Then one build at a time per folder: outdir_lock takes an flock on
 * ".NAME.lock" beside "NAME" (the kernel drops it when its holder dies)
 * and writes the holder's pid into it; a second build waits, or with
 * no_wait reports the holder and gives up.  Under the lock,
 * outdir_recover first finishes an in-place commit that was killed (its
 * journal, see output_place.h), then removes the temporary folders of dead
 * builds beside the output (".NAME.tmp-*", ".NAME.old-*"): while we hold
 * the lock, no live build owns them.
 *
 *     struct outdir_lock lock;
 *     if (outdir_check(out, src, repo, force, &diags) == 0 &&
 *         outdir_lock(&lock, out, false, &diags) == 0) {
 *         outdir_recover(out, &diags);
 *         ... build ...
 *         outdir_unlock(&lock);
 *     }
 */
#ifndef CONGBO_OUTDIR_H
#define CONGBO_OUTDIR_H

#include <stdbool.h>

#include "diag.h"

/* The marker file in every output folder congbo made.  publish leaves it
 * out of the commits it makes, so the published tree does not change. */
#define OUTDIR_MARKER ".congbo-site"

/* What a build writes into the marker. */
#define OUTDIR_MARKER_TEXT \
	"This folder is built by congbo; every build replaces what it holds.\n"

/* outdir_lock's status when no_wait is set and another build holds it. */
#define OUTDIR_BUSY 1

struct outdir_lock {
	int fd;   /* the lock file, holding the flock, or -1 */
};

/* ".NAME.SUFFIX" beside the folder "parent/NAME" (trailing '/' ignored),
 * where congbo keeps what belongs with an output folder but not in it:
 * ".site.cache", ".site.lock", ".site.journal".  The caller frees it. */
char *outdir_sibling_path(const char *dir, const char *suffix);

/* Refuses an output folder congbo must not replace (see above): returns
 * 0, or -1 with one error in diags naming the folder and what to do.
 * source_dir is the portal folder read (NULL when a commit is built);
 * repo the repository (NULL: the one holding source_dir, if any). */
int outdir_check(const char *out_dir, const char *source_dir,
		 const char *repo, bool force, struct diag_list *diags);

/* Takes the lock of out_dir, waiting for another holder (with a message
 * on stderr naming it) unless no_wait.  Returns 0, OUTDIR_BUSY (no_wait
 * and held: an error in diags names the pid), or -1 with an error. */
int outdir_lock(struct outdir_lock *l, const char *out_dir, bool no_wait,
		struct diag_list *diags);

/* Drops the lock; harmless on an unlocked l. */
void outdir_unlock(struct outdir_lock *l);

/* With the lock held: finishes a killed commit, removes dead builds'
 * temporary folders beside out_dir.  Problems are warnings. */
void outdir_recover(const char *out_dir, struct diag_list *diags);

#endif

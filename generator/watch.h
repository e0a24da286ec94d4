/* watch: noticing that a portal's sources changed (inotify).
 *
 * The preview server rebuilds when a writer saves.  A watch follows
 * content/, themes/ and templates/ of a portal folder, recursively, adding
 * folders created later, and turns a burst of events (an editor writes a
 * temporary file, renames it, changes its mode) into one "changed":
 *
 *     struct watch w;
 *     if (watch_open(&w, "portal", &diags) == 0) {
 *         while (watch_wait(&w, stop_fd, WATCH_QUIET_MS) == 1)
 *             rebuild();
 *         watch_dispose(&w);
 *     }
 *
 * Names the source loader leaves out (starting with '.', ending in '~':
 * editor swap files and backups) do not count as changes.  Symbolic links
 * are not followed.  Linux only. */
#ifndef CONGBO_WATCH_H
#define CONGBO_WATCH_H

#include <stddef.h>

#include "diag.h"

/* A burst is over when no event came for this long. */
#define WATCH_QUIET_MS 100
/* ... or, when events never stop coming, after this long anyway. */
#define WATCH_MAX_DELAY_MS 1000

struct watch_dir;

struct watch {
	int fd;                    /* the inotify instance, or -1 */
	char *root;                /* the portal folder */
	struct watch_dir *dirs;    /* one per watched folder */
	size_t count, cap;
};

/* Starts watching the portal folder root (its top level, for content/,
 * themes/ and templates/ appearing later, and those three recursively).
 * Returns 0, or -1 with an error in diags (w then needs no dispose).
 * A folder that cannot be watched (the system's limit of watches is
 * reached) is a warning: the rest is still watched.  Free with
 * watch_dispose. */
int watch_open(struct watch *w, const char *root, struct diag_list *diags);

/* Waits until something under the watched folders changes, then until
 * quiet_ms pass without another change (at most WATCH_MAX_DELAY_MS in
 * all).  Also returns when stop_fd (-1: none) becomes readable, without
 * reading it.  Returns 1 after a change, 0 when stop_fd is readable, -1
 * on an error of the system (errno set). */
int watch_wait(struct watch *w, int stop_fd, int quiet_ms);

/* Stops watching and frees w's memory; harmless twice. */
void watch_dispose(struct watch *w);

#endif

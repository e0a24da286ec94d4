/* gitlib: the one place that starts and stops libgit2 (and opens a
 * repository the way every command wants it).
 *
 * libgit2 keeps process-wide state (hash backend, per-thread error slots,
 * object caches, TLS streams) that git_libgit2_init builds and
 * git_libgit2_shutdown tears down.  Both calls are counted by libgit2 itself
 * under its own lock: n inits need n shutdowns, and the state is torn down
 * only when the count drops back to zero.  So any thread may bracket its
 * libgit2 work with a pair, and pairs nest:
 *
 *     if (gitlib_init(diags) != 0)
 *         return -1;
 *     ... git_repository_open_ext(...) ...
 *     gitlib_shutdown();
 *
 * One caveat: a thread's error slot is freed when the thread ends only
 * while libgit2 is started.  A program whose threads use libgit2 side by
 * side therefore holds one start across them (main.c and build.c do), so
 * that the count never drops to zero while one of them is still running.
 *
 * Every module that uses libgit2 (source, publish, history dates) does
 * that, so none depends on a global set up elsewhere and LeakSanitizer sees
 * libgit2 freed.  main may take one extra pair around a whole run so the
 * state is built once rather than once per call; nothing else changes. */
#ifndef CONGBO_GITLIB_H
#define CONGBO_GITLIB_H

#include <git2.h>
#include <stdbool.h>

#include "diag.h"

/* Takes one reference on libgit2's global state.  Returns 0, or -1 with an
 * error in diags (no reference is then held). */
int gitlib_init(struct diag_list *diags);

/* Drops the reference taken by one successful gitlib_init. */
void gitlib_shutdown(void);

/* The message of this thread's last libgit2 error, or "unknown error".
 * The string belongs to libgit2 and lives until the next libgit2 call on
 * this thread: copy it (diag_error does) before calling libgit2 again. */
const char *gitlib_message(void);

/* Opens the repository at path: a working repository (its top folder or
 * its .git) or a bare one; parent folders are not searched.  Inside a
 * pre-receive hook the pushed objects still wait in a quarantine folder,
 * which git names in GIT_QUARANTINE_PATH; it is added to the object
 * database so that the commits being pushed can be read (git itself lets
 * hooks see them the same way).  In a shared repository
 * (core.sharedRepository group or all) the process umask is opened to the
 * group, as git does for its own files, so that the next writer of the
 * group can write what this one wrote.  Call between gitlib_init and
 * gitlib_shutdown.  Returns 0 with *out, which the caller frees with
 * git_repository_free, or -1 with an error naming path in diags. */
int gitlib_open(git_repository **out, const char *path,
		struct diag_list *diags);

/* Whether path is inside a git working tree or repository: a ".git" in it
 * or in a folder above it (or path is itself a bare repository).  Cheap:
 * only stat calls, libgit2 not started. */
bool gitlib_in_repository(const char *path);

/* The id of HEAD of the repository holding path (its folders upward are
 * searched), as 40 hex digits into out; "" when path is in no repository
 * or HEAD has no commit.  Starts and stops libgit2 itself. */
void gitlib_head_id(const char *path, char out[41]);

#endif

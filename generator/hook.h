/* hook: git hooks that rebuild and publish the portal by themselves.
 *
 * congbo writes short POSIX sh scripts into the repository's hooks folder
 * (core.hooksPath when set):
 *
 *     post-commit    a working repository: publish HEAD after each commit
 *                    on the source branch
 *     post-receive   a bare repository: publish the source branch when
 *                    it was pushed; a failure is said loudly, since git
 *                    cannot fail a push it has accepted
 *     pre-receive    a bare repository: refuse a push whose new source
 *                    commit fails 'congbo check' (the pusher sees the
 *                    errors), a rewrite of the source branch (unless git
 *                    config congbo.allowNonFastForward is true), and any
 *                    push to the publish branch
 *
 * Only the source branch (default "main") is built and published: other
 * branches are work in progress.
 *
 * Each script calls congbo by the absolute path of the binary that wrote
 * it (from /proc/self/exe; "congbo" from PATH where that cannot be read),
 * so a server's hook keeps working without congbo in the hook's PATH; run
 * 'hook install' again after moving the binary.  A script carries the
 * marker line HOOK_MARKER: a file with it is congbo's own and is rewritten
 * when its text differs (same text: left alone), a file without it is
 * someone else's and is only replaced with force. */
#ifndef CONGBO_HOOK_H
#define CONGBO_HOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define HOOK_MARKER "# congbo-hook: written by 'congbo hook install', " \
	"which rewrites this file"

#define HOOK_DEFAULT_SOURCE "main"

enum hook_kind { HOOK_POST_COMMIT, HOOK_POST_RECEIVE, HOOK_PRE_RECEIVE,
		 HOOK_KIND_COUNT };

/* What became of one hook file. */
enum hook_outcome {
	HOOK_WRITTEN,     /* there was none */
	HOOK_UPDATED,     /* ours, with other text (options, binary path) */
	HOOK_UNCHANGED,   /* ours, exactly this text already */
	HOOK_REPLACED,    /* someone else's, replaced with force */
};

struct hook_options {
	const char *repo;     /* the repository; default "." */
	unsigned kinds;       /* bits 1u << enum hook_kind; 0: post-commit in
				 a working repository, pre-receive and
				 post-receive in a bare one */
	const char *branch;   /* the publish branch; default "site" */
	const char *source;   /* the only branch built and published;
				 default HOOK_DEFAULT_SOURCE */
	const char *push;     /* handed to 'publish --push', or NULL */
	bool force;           /* replace a hook that is not congbo's */
};

struct hook_report {
	size_t count;
	struct hook_report_item {
		enum hook_kind kind;
		enum hook_outcome outcome;
		char *path;   /* the hook file */
	} items[HOOK_KIND_COUNT];
};

/* "post-commit", "post-receive", "pre-receive". */
const char *hook_name(enum hook_kind kind);

/* Writes the hooks asked for.  Each is handled even when another failed.
 * Returns 0, or -1 with errors in diags (a foreign hook kept, a folder
 * that cannot be written).  The report lists every hook handled; free it
 * with hook_report_dispose (also after a failure). */
int hook_install(const struct hook_options *opts, struct diag_list *diags,
		 struct hook_report *report);
void hook_report_dispose(struct hook_report *report);

#endif

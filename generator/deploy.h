/* deploy: a published tree into a web root, switched in atomically.
 *
 * A web root holds one folder per deployed commit of the publish branch
 * and a symbolic link naming the one the web server serves:
 *
 *     WEBROOT/releases/3f9c2a1b7d0e/   the files of publish commit 3f9c2a1b7d0e
 *     WEBROOT/releases/8be01c44a9f2/
 *     WEBROOT/current -> releases/3f9c2a1b7d0e     (the server's root)
 *
 * A release is written from the commit's tree, read straight from the
 * object database (no checkout, so no .git ever lands in the web root),
 * into a hidden temporary folder beside the others; its files are synced
 * and the folder renamed to its id, and only then is `current` replaced:
 * a new link under a temporary name renamed over the old one, which
 * rename(2) does in one step.  A request sees the old release or the new
 * one, never a mix and never a missing file.  Files that the previous
 * release has with the same blob id are hard links to it, so a publish
 * that changed ten pages writes ten files.
 *
 * Old releases are removed after the switch (the site is live by then),
 * keeping the newest N, and never the one being served nor the one it
 * replaced.  Deploys of one web root take turns (a lock file in it).
 *
 * A target "[user@]host:/path" is a remote web server: the release is
 * made locally in a staging web root inside the repository's git folder,
 * then copied with rsync over ssh (hard links to the remote's previous
 * release with --link-dest) and switched there with ln -sfn and mv -T.
 * ssh is the system's (GIT_SSH_COMMAND when set), so ~/.ssh keys, the
 * agent and ~/.ssh/config all apply. */
#ifndef CONGBO_DEPLOY_H
#define CONGBO_DEPLOY_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define DEPLOY_DEFAULT_KEEP 5
#define DEPLOY_LOCK_FILE ".congbo-deploy.lock"
/* Characters of the commit id naming a release folder. */
#define DEPLOY_ID_LENGTH 12

struct deploy_options {
	const char *repo;         /* the git repository; default "." */
	const char *branch;       /* the publish branch; default "site" */
	const char *rev;          /* a commit of it; default its tip */
	const char *to;           /* a web root folder or [user@]host:/path */
	unsigned keep;            /* releases kept; 0 = DEPLOY_DEFAULT_KEEP */
};

struct deploy_report {
	char commit[41];          /* the publish commit deployed */
	char release[DEPLOY_ID_LENGTH + 1];
	bool already_current;     /* nothing to do: it was being served */
	bool reused;              /* its release folder was there already */
	size_t written;           /* files written */
	size_t linked;            /* files hard-linked to the previous release */
	size_t removed;           /* old releases removed */
	double seconds;           /* until the switch (removal excluded) */
};

/* Whether to names a remote web root ("host:/path", "user@host:/srv/w"). */
bool deploy_is_remote(const char *to);

/* Deploys opts->rev, which must be the publish branch's tip or one of its
 * ancestors (never a source commit: its drafts would be served), to
 * opts->to.  Returns 0, or -1 with errors in diags (the web root then
 * serves what it served before). */
int deploy_run(const struct deploy_options *opts, struct diag_list *diags,
	       struct deploy_report *report);

#endif

/* publish: one commit's build, committed to the publish branch.
 *
 * The site built from a source commit becomes a commit on a branch of the
 * same repository (default "site"), from which a web server serves it:
 *
 *     site:   o───o───o          each: "Build of 1a2b3c4: <subject>"
 *             │   │   │
 *     main:   a───b───c───d      (d changed nothing the site shows: no
 *                                 new commit on site)
 *
 * Blobs and trees go straight into the object database and the branch is
 * moved with a compare-and-swap on its old id: no working tree, no index,
 * so it works in a bare repository and inside a hook.  History is never
 * rewritten: publishing an older source commit (the rollback) makes a new
 * commit whose tree is that older build.
 *
 * Two publishes of one repository never interleave: each holds a lock
 * (flock on congbo-publish.lock in the git folder) from reading the source
 * revision to moving the branch, and resolves the revision only once it
 * has the lock.  So when two pushes of a branch come in quick succession,
 * both hooks publish the branch as it is when their turn comes, and the
 * newer commit is what stays published. */
#ifndef CONGBO_PUBLISH_H
#define CONGBO_PUBLISH_H

#include <stdbool.h>

#include "build.h"
#include "deploy.h"
#include "diag.h"

#define PUBLISH_DEFAULT_BRANCH "site"
#define PUBLISH_LOCK_FILE "congbo-publish.lock"
/* The line of a publish commit's message saying when the first article
 * left out as future comes due: "Next-Due: <seconds since 1970>". */
#define PUBLISH_NEXT_DUE "Next-Due: "
/* How long a publish waits for another one before giving up. */
#define PUBLISH_LOCK_WAIT_SECONDS 600

struct publish_options {
	const char *repo;         /* the git repository; default "." */
	const char *rev;          /* the source commit; default "HEAD" */
	const char *branch;       /* default PUBLISH_DEFAULT_BRANCH */
	const char *push;         /* a remote (name, URL or path) or NULL */
	const char *deploy;       /* a web root (deploy.h); NULL: the git
				     config congbo.deploy, if any */
	bool no_deploy;           /* deploy nowhere, whatever the config */
	bool if_due;              /* publish only when the Next-Due time of
				     the branch's tip has come (or there is
				     no publish yet): a cheap no-op else */
	bool drafts;
	bool future;
	unsigned jobs;            /* render threads; 0 = number of cores */
	long long now;            /* what "future" is measured against */
};

struct publish_report {
	struct build_report build;
	char source[41];          /* the source commit built */
	char commit[41];          /* the publish branch's commit afterwards */
	bool created;             /* false: the build equals the branch's tip */
	bool pushed;
	bool not_due;             /* if_due, and nothing came due */
	long long next_due;       /* if_due: the tip's Next-Due, or LLONG_MAX */
	char deployed_to[1024];   /* the web root deployed to, or "" */
	struct deploy_report deploy;
	size_t files;             /* files in the published tree */
	double write_seconds;     /* writing the tree and the commit */
};

/* Whether name can be a branch ("site", "gh-pages"; not "a..b"). */
bool publish_branch_is_valid(const char *name);

/* Builds opts->rev of opts->repo into a private temporary folder, writes
 * that tree as a commit on the publish branch (unless it equals the tip's
 * tree), pushes the branch when asked, and deploys the branch's tip to
 * the web root of opts->deploy or of the repository's git config
 * (congbo.deploy, congbo.keep), still under the publish lock.  A failed build publishes
 * nothing.  Returns 0, or -1 with diagnostics in diags (content errors
 * carry their file:line:col; repository errors name the repository). */
int publish_run(const struct publish_options *opts, struct diag_list *diags,
		struct publish_report *report);

#endif

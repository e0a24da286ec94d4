/* deploy_internal: what deploy.c and deploy_remote.c share. */
#ifndef CONGBO_DEPLOY_INTERNAL_H
#define CONGBO_DEPLOY_INTERNAL_H

#include <git2.h>

#include "buf.h"
#include "deploy.h"

/* What one deploy holds while it runs. */
struct deploy_state {
	const struct deploy_options *opts;
	struct diag_list *diags;
	struct deploy_report *report;
	git_repository *repo;
	const char *root;         /* the local web root: opts->to or staging */
	struct buf staging;       /* for a remote target: its local copy */
	unsigned keep;
	int lock_fd;
	double start;             /* monotonic seconds when it began */
};

/* Adds "what path: strerror(errno)" to the errors; returns -1. */
int deploy_sys_error(struct deploy_state *s, const char *what,
		     const char *path);

/* The release WEBROOT/current names, or "" when none. */
void deploy_read_current(const char *root, char out[DEPLOY_ID_LENGTH + 1]);

/* The local web root that mirrors the remote target opts->to:
 * <git folder>/congbo-deploy/<target with / and : as _>. */
void deploy_remote_staging(struct deploy_state *s, struct buf *out);

/* Copies the staged release report->release to the remote target and
 * switches its current link there.  Returns 0 or -1 with an error. */
int deploy_remote(struct deploy_state *s);

#endif

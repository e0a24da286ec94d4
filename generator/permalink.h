/* permalink: an address once published stays an address.
 *
 * Every build writes RENDER_PAGES_LIST (render.h), "/URL<TAB>SOURCE" per
 * article and page.  Before a publish (the pre-receive hook runs `check
 * --published site`), and when an editor checks a working tree (against
 * the publish branch as fetched), the list of the publish branch's tip is compared
 * with the new build: an address that disappears while its source file
 * is still published, under another address (a title, date or slug
 * edit), is an error at that file that says which alias to add:
 *
 *     content/posts/2022/hoi-nghi.md: error: its address
 *     /tin-tuc/2022/hoi-nghi-cu/ (published on site) would disappear: it is
 *     now /tin-tuc/2022/hoi-nghi-moi/; add "aliases: [/tin-tuc/2022/hoi-nghi-cu/]"
 *     to its front matter to keep it
 *
 * A deleted source file, a draft or a future article takes its address
 * away on purpose, and an address that is now an alias (or another page)
 * is still served: neither is an error. */
#ifndef CONGBO_PERMALINK_H
#define CONGBO_PERMALINK_H

#include "diag.h"
#include "model.h"

/* Compares site's addresses with those published on rev (a commit of the
 * publish branch) of the repository repo.  A rev without the list (no
 * publish yet, or one made before the list existed) checks nothing.
 * Returns 0, or -1 with an error per lost address in diags. */
int permalink_check(const struct site *site, const char *repo,
		    const char *rev, struct diag_list *diags);

/* The publish branch a writer's clone has: "site", or as fetched,
 * "origin/site". */
#define PERMALINK_BRANCH "site"

/* For a check of the portal folder source_dir: compares with the branch
 * (a local branch or "origin/site" as fetched) of the git repository
 * around it.  branch NULL: the first of PERMALINK_BRANCH and
 * "origin/" PERMALINK_BRANCH that exists, and each lost address is a
 * warning (the editor learns before pushing what the server's
 * pre-receive hook would refuse); a named branch gives errors.  Not in
 * a repository, or no such branch: nothing to compare, 0. */
int permalink_check_worktree(const struct site *site, const char *source_dir,
			     const char *branch, struct diag_list *diags);

#endif

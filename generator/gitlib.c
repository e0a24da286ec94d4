/* gitlib: libgit2's global state, counted (see gitlib.h). */
#include "gitlib.h"

#include <git2.h>

int gitlib_init(struct diag_list *diags)
{
	if (git_libgit2_init() < 0) {
		diag_error(diags, NULL, 0, 0, "cannot start libgit2: %s",
			   gitlib_message());
		return -1;
	}
	return 0;
}

void gitlib_shutdown(void)
{
	git_libgit2_shutdown();
}

const char *gitlib_message(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown error";
}

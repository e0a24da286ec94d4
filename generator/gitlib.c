/* gitlib: libgit2's global state, counted (see gitlib.h). */
#include "gitlib.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <git2.h>

#include "buf.h"

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

/* Git moves pushed objects out of quarantine only after pre-receive has
 * accepted them, so a check run from that hook must look there too. */
static int gitlib_add_quarantine(git_repository *repo, const char *path,
				 struct diag_list *diags)
{
	const char *quarantine = getenv("GIT_QUARANTINE_PATH");
	git_odb *odb = NULL;
	int status = 0;
	if (!quarantine || !*quarantine)
		return 0;
	if (git_repository_odb(&odb, repo) != 0 ||
	    git_odb_add_disk_alternate(odb, quarantine) != 0) {
		diag_error(diags, NULL, 0, 0, "cannot read the pushed objects "
			   "of %s in %s: %s", path, quarantine, gitlib_message());
		status = -1;
	}
	git_odb_free(odb);
	return status;
}

/* A shared repository (core.sharedRepository group, true, 1; all, world,
 * everybody, 2) is written by several Unix accounts of one group.  git
 * makes its own files group-writable whatever the umask; libgit2 only
 * follows the umask, so a writer whose umask is 022 would leave objects,
 * folders and lock files that the next writer's push cannot write.  The
 * process umask is therefore opened to the group here, once a repository
 * says it is shared: everything a congbo command writes afterwards is in
 * that repository or served from it. */
static void gitlib_follow_shared(git_repository *repo)
{
	git_config *cfg = NULL;
	git_buf value = GIT_BUF_INIT;
	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_string_buf(&value, cfg,
				      "core.sharedRepository") == 0) {
		const char *v = value.ptr;
		mode_t mask = umask(0);
		if (!strcmp(v, "group") || !strcmp(v, "true") || !strcmp(v, "1"))
			mask &= ~(mode_t)070;
		else if (!strcmp(v, "all") || !strcmp(v, "world") ||
			 !strcmp(v, "everybody") || !strcmp(v, "2"))
			mask &= ~(mode_t)074;
		umask(mask);
	}
	git_buf_dispose(&value);
	git_config_free(cfg);
}

int gitlib_open(git_repository **out, const char *path,
		struct diag_list *diags)
{
	*out = NULL;
	if (git_repository_open_ext(out, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) != 0) {
		diag_error(diags, NULL, 0, 0, "%s is not a git repository: %s",
			   path, gitlib_message());
		return -1;
	}
	gitlib_follow_shared(*out);
	if (gitlib_add_quarantine(*out, path, diags) != 0) {
		git_repository_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

void gitlib_head_id(const char *path, char out[41])
{
	struct diag_list ignored;
	git_repository *repo = NULL;
	git_oid head;
	out[0] = '\0';
	diag_list_init(&ignored);
	if (gitlib_init(&ignored) == 0) {
		if (git_repository_open_ext(&repo, path, 0, NULL) == 0 &&
		    git_reference_name_to_id(&head, repo, "HEAD") == 0)
			git_oid_tostr(out, 41, &head);
		git_repository_free(repo);
		gitlib_shutdown();
	}
	diag_list_dispose(&ignored);
}

/* Whether dir/name exists (a file or folder, links not followed). */
static bool gitlib_has(const char *dir, const char *name, bool want_dir)
{
	struct buf path;
	struct stat st;
	buf_init(&path);
	buf_printf(&path, "%s/%s", dir, name);
	bool found = lstat(path.data, &st) == 0 &&
		     (!want_dir || S_ISDIR(st.st_mode));
	buf_dispose(&path);
	return found;
}

bool gitlib_in_repository(const char *path)
{
	char *dir = realpath(path, NULL);
	bool found = false;
	while (dir && !found) {
		found = gitlib_has(dir, ".git", false) ||
			(gitlib_has(dir, "HEAD", false) &&
			 gitlib_has(dir, "objects", true));   /* bare */
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = '\0';
	}
	free(dir);
	return found;
}

/* deploy: a published tree into a web root (see deploy.h).  This file
 * makes a release and switches to it on this machine; deploy_remote.c
 * carries a release to another one. */
#include "deploy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "deploy_internal.h"
#include "gitlib.h"
#include "output.h"
#include "publish.h"

static double deploy_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool deploy_is_remote(const char *to)
{
	const char *colon = strchr(to, ':');
	const char *slash = strchr(to, '/');
	return colon && colon != to && (!slash || colon < slash);
}

int deploy_sys_error(struct deploy_state *s, const char *what,
		     const char *path)
{
	diag_error(s->diags, NULL, 0, 0, "%s %s: %s", what, path,
		   strerror(errno));
	return -1;
}

/* The commit to deploy: opts->rev, or the branch's tip; either way the tip
 * or an ancestor of it. */
static int deploy_resolve(struct deploy_state *s, git_commit **out)
{
	git_object *obj = NULL;
	git_reference *ref = NULL;
	struct buf refname;
	const char *branch = s->opts->branch;
	int status = -1;
	*out = NULL;
	buf_init(&refname);
	buf_printf(&refname, "refs/heads/%s", branch);
	if (git_reference_lookup(&ref, s->repo, refname.data) != 0) {
		diag_error(s->diags, NULL, 0, 0, "%s has no publish branch %s: "
			   "run 'congbo publish' first", s->opts->repo, branch);
		goto out;
	}
	const char *rev = s->opts->rev ? s->opts->rev : refname.data;
	if (git_revparse_single(&obj, s->repo, rev) != 0 ||
	    git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT) != 0) {
		diag_error(s->diags, NULL, 0, 0, "revision \"%s\" is not a "
			   "commit of %s: %s", rev, s->opts->repo,
			   gitlib_message());
		goto out;
	}
	const git_oid *id = git_commit_id(*out), *tip = git_reference_target(ref);
	if (!tip || (!git_oid_equal(id, tip) &&
		     git_graph_descendant_of(s->repo, tip, id) != 1)) {
		diag_error(s->diags, NULL, 0, 0, "revision \"%s\" is not on "
			   "the publish branch %s: deploy serves only what "
			   "'congbo publish' built (a source commit holds "
			   "drafts and content/); for a rollback name a commit "
			   "of %s, like %s~1", rev, branch, branch, branch);
		git_commit_free(*out);
		*out = NULL;
		goto out;
	}
	git_oid_tostr(s->report->commit, sizeof s->report->commit, id);
	memcpy(s->report->release, s->report->commit, DEPLOY_ID_LENGTH);
	s->report->release[DEPLOY_ID_LENGTH] = '\0';
	status = 0;
out:
	git_reference_free(ref);
	git_object_free(obj);
	buf_dispose(&refname);
	return status;
}

/* Makes path and the folders above it that are missing, like mkdir -p. */
static int deploy_make_dirs(const char *path)
{
	struct buf b;
	int status = 0;
	buf_init(&b);
	buf_puts(&b, path);
	for (char *p = b.data + 1; status == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(b.data, 0777) != 0 && errno != EEXIST)
			status = -1;
		*p = c;
		if (!c)
			break;
	}
	buf_dispose(&b);
	return status;
}

/* Takes the web root's deploy lock (made with the folder when missing).
 * flock: the kernel drops it when a deploy is killed. */
static int deploy_lock(struct deploy_state *s)
{
	struct buf path;
	int status = -1;
	buf_init(&path);
	buf_printf(&path, "%s/releases", s->root);
	if (deploy_make_dirs(path.data) != 0) {
		deploy_sys_error(s, "cannot make the web root folder", path.data);
		goto out;
	}
	buf_truncate(&path, 0);
	buf_printf(&path, "%s/%s", s->root, DEPLOY_LOCK_FILE);
	s->lock_fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (s->lock_fd < 0 && errno == EACCES)   /* another user's: flock */
		s->lock_fd = open(path.data, O_RDONLY | O_CLOEXEC);  /* needs no write */
	if (s->lock_fd < 0 || flock(s->lock_fd, LOCK_EX) != 0) {
		deploy_sys_error(s, "cannot take the deploy lock", path.data);
		goto out;
	}
	status = 0;
out:
	buf_dispose(&path);
	return status;
}

/* The release WEBROOT/current names ("3f9c2a1b7d0e"), or "" when there is
 * none (a first deploy, or a link someone else made). */
void deploy_read_current(const char *root, char out[DEPLOY_ID_LENGTH + 1])
{
	struct buf path;
	char target[256];
	buf_init(&path);
	buf_printf(&path, "%s/current", root);
	ssize_t n = readlink(path.data, target, sizeof target - 1);
	out[0] = '\0';
	if (n > 0) {
		target[n] = '\0';
		const char *name = strrchr(target, '/');
		name = name ? name + 1 : target;
		if (strlen(name) == DEPLOY_ID_LENGTH)
			memcpy(out, name, DEPLOY_ID_LENGTH + 1);
	}
	buf_dispose(&path);
}

/* The tree of the release named id, for hard links; NULL when the id is
 * no commit here. */
static git_tree *deploy_release_tree(struct deploy_state *s, const char *id)
{
	git_oid oid;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	if (*id && git_oid_fromstrn(&oid, id, strlen(id)) == 0 &&
	    git_commit_lookup_prefix(&commit, s->repo, &oid, strlen(id)) == 0)
		git_commit_tree(&tree, commit);
	git_commit_free(commit);
	return tree;
}

static int deploy_write_tree(struct deploy_state *s, const git_tree *tree,
			     const git_tree *prev, struct buf *path,
			     struct buf *prev_path);

/* Writes one blob as the file path; "executable" blobs keep that bit. */
static int deploy_write_blob(struct deploy_state *s, const git_tree_entry *e,
			     const char *path)
{
	git_blob *blob = NULL;
	int status = -1;
	mode_t mode = git_tree_entry_filemode(e) == GIT_FILEMODE_BLOB_EXECUTABLE
		? 0777 : 0666;
	if (git_blob_lookup(&blob, s->repo, git_tree_entry_id(e)) != 0) {
		diag_error(s->diags, NULL, 0, 0, "cannot read %s from %s: %s",
			   path, s->opts->repo, gitlib_message());
		return -1;
	}
	const char *data = git_blob_rawcontent(blob);
	size_t left = (size_t)git_blob_rawsize(blob);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		goto fail;
	while (left > 0) {
		ssize_t n = write(fd, data, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			goto fail;
		}
		data += n;
		left -= (size_t)n;
	}
	if (close(fd) != 0)
		goto fail;
	s->report->written++;
	status = 0;
	goto out;
fail:
	deploy_sys_error(s, "cannot write", path);
out:
	git_blob_free(blob);
	return status;
}

/* Puts entry e at path: a folder, a hard link to the previous release's
 * identical file, or a new file. */
static int deploy_write_entry(struct deploy_state *s, const git_tree_entry *e,
			      const git_tree *prev, struct buf *path,
			      struct buf *prev_path)
{
	const char *name = git_tree_entry_name(e);
	const git_tree_entry *old = prev ? git_tree_entry_byname(prev, name)
					 : NULL;
	bool same = old && git_oid_equal(git_tree_entry_id(old),
					 git_tree_entry_id(e)) &&
		git_tree_entry_filemode(old) == git_tree_entry_filemode(e);
	git_tree *sub = NULL, *prev_sub = NULL;
	int status = -1;
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		if (git_tree_lookup(&sub, s->repo, git_tree_entry_id(e)) != 0)
			goto out;
		if (old && git_tree_entry_type(old) == GIT_OBJECT_TREE)
			git_tree_lookup(&prev_sub, s->repo,
					git_tree_entry_id(old));
		if (mkdir(path->data, 0777) != 0) {
			deploy_sys_error(s, "cannot make the folder", path->data);
			goto out;
		}
		status = deploy_write_tree(s, sub, prev_sub, path, prev_path);
	} else if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		status = 0;   /* a submodule: nothing a web server could serve */
	} else if (same && link(prev_path->data, path->data) == 0) {
		s->report->linked++;
		status = 0;
	} else {
		status = deploy_write_blob(s, e, path->data);
	}
out:
	git_tree_free(sub);
	git_tree_free(prev_sub);
	return status;
}

/* Writes tree into the folder path (which exists); prev is the same
 * folder's tree in the release at prev_path, or NULL. */
static int deploy_write_tree(struct deploy_state *s, const git_tree *tree,
			     const git_tree *prev, struct buf *path,
			     struct buf *prev_path)
{
	size_t count = git_tree_entrycount(tree);
	for (size_t i = 0; i < count; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		size_t mark = path->len, prev_mark = prev_path->len;
		buf_printf(path, "/%s", git_tree_entry_name(e));
		buf_printf(prev_path, "/%s", git_tree_entry_name(e));
		int rc = deploy_write_entry(s, e, prev, path, prev_path);
		buf_truncate(path, mark);
		buf_truncate(prev_path, prev_mark);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Syncs the file system holding path, then path's folder entry. */
static int deploy_sync(struct deploy_state *s, const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = fd < 0 ? -1 : syncfs(fd);
	if (fd >= 0)
		close(fd);
	return rc == 0 ? 0 : deploy_sys_error(s, "cannot sync", path);
}

/* Writes the release folder releases/<id> from commit, beside the one
 * being served (prev_id): first as releases/.tmp-<id>-XXXXXX, then
 * renamed once every file is on disk. */
static int deploy_make_release(struct deploy_state *s, git_commit *commit,
			       const char *prev_id)
{
	git_tree *tree = NULL, *prev = deploy_release_tree(s, prev_id);
	struct buf tmp, prev_path, final;
	int status = -1;
	buf_init(&tmp);
	buf_init(&prev_path);
	buf_init(&final);
	buf_printf(&tmp, "%s/releases/.tmp-%s-XXXXXX", s->root,
		   s->report->release);
	buf_printf(&prev_path, "%s/releases/%s", s->root, prev_id);
	buf_printf(&final, "%s/releases/%s", s->root, s->report->release);
	mode_t mask = umask(0);
	umask(mask);
	if (!mkdtemp(tmp.data) || chmod(tmp.data, 0777 & ~mask) != 0) {
		deploy_sys_error(s, "cannot make the release folder", tmp.data);
		goto out;
	}
	if (git_commit_tree(&tree, commit) != 0) {
		diag_error(s->diags, NULL, 0, 0, "cannot read the tree of %s: "
			   "%s", s->report->commit, gitlib_message());
		goto out;
	}
	if (deploy_write_tree(s, tree, prev, &tmp, &prev_path) != 0 ||
	    deploy_sync(s, tmp.data) != 0)
		goto out;
	if (rename(tmp.data, final.data) != 0) {
		deploy_sys_error(s, "cannot rename the release folder to",
				 final.data);
		goto out;
	}
	status = 0;
out:
	if (status != 0 && tmp.data[tmp.len - 1] != 'X')
		output_remove_tree(tmp.data);
	git_tree_free(tree);
	git_tree_free(prev);
	buf_dispose(&tmp);
	buf_dispose(&prev_path);
	buf_dispose(&final);
	return status;
}

/* Points WEBROOT/current at releases/<id>: a new link, renamed over the
 * old one in one step.  The link is relative, so the web root can move. */
static int deploy_switch(struct deploy_state *s)
{
	struct buf tmp, target, link_path;
	int status = -1;
	buf_init(&tmp);
	buf_init(&target);
	buf_init(&link_path);
	buf_printf(&target, "releases/%s", s->report->release);
	buf_printf(&tmp, "%s/.current-%ld", s->root, (long)getpid());
	buf_printf(&link_path, "%s/current", s->root);
	unlink(tmp.data);   /* left by a deploy of this pid that was killed */
	if (symlink(target.data, tmp.data) != 0) {
		deploy_sys_error(s, "cannot make the link", tmp.data);
		goto out;
	}
	if (rename(tmp.data, link_path.data) != 0) {
		deploy_sys_error(s, "cannot switch", link_path.data);
		unlink(tmp.data);
		goto out;
	}
	status = deploy_sync(s, s->root);
out:
	buf_dispose(&tmp);
	buf_dispose(&target);
	buf_dispose(&link_path);
	return status;
}

struct deploy_release {
	char name[256];
	struct timespec mtime;
};

static int deploy_release_order(const void *a, const void *b)
{
	const struct deploy_release *x = a, *y = b;
	if (x->mtime.tv_sec != y->mtime.tv_sec)
		return x->mtime.tv_sec < y->mtime.tv_sec ? 1 : -1;
	if (x->mtime.tv_nsec != y->mtime.tv_nsec)
		return x->mtime.tv_nsec < y->mtime.tv_nsec ? 1 : -1;
	return strcmp(y->name, x->name);
}

/* Lists releases/ newest deploy first, in *out (the caller frees it);
 * hidden entries (unfinished releases) are removed on the way. */
static size_t deploy_list(struct deploy_state *s, const char *folder,
			  struct deploy_release **out)
{
	DIR *dir = opendir(folder);
	struct dirent *e;
	struct buf path;
	size_t count = 0, cap = 0;
	*out = NULL;
	if (!dir)
		return 0;
	buf_init(&path);
	while ((e = readdir(dir))) {
		struct stat st;
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", folder, e->d_name);
		if (e->d_name[0] == '.') {
			if (strncmp(e->d_name, ".tmp-", 5) == 0)
				output_remove_tree(path.data);
			continue;
		}
		if (lstat(path.data, &st) != 0 || !S_ISDIR(st.st_mode) ||
		    strlen(e->d_name) >= sizeof (*out)->name)
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			*out = realloc(*out, cap * sizeof **out);
			if (!*out)
				abort();
		}
		strcpy((*out)[count].name, e->d_name);
		(*out)[count++].mtime = st.st_mtim;
	}
	closedir(dir);
	buf_dispose(&path);
	qsort(*out, count, sizeof **out, deploy_release_order);
	(void)s;
	return count;
}

/* Removes the releases beyond the newest opts->keep, never the one served
 * nor the one it replaced (a request may still be reading it). */
static void deploy_prune(struct deploy_state *s, const char *previous)
{
	struct deploy_release *all = NULL;
	struct buf folder, path;
	buf_init(&folder);
	buf_init(&path);
	buf_printf(&folder, "%s/releases", s->root);
	size_t count = deploy_list(s, folder.data, &all);
	for (size_t i = 0, kept = 0; i < count; i++) {
		bool pinned = strcmp(all[i].name, s->report->release) == 0 ||
			strcmp(all[i].name, previous) == 0;
		if (pinned || kept < s->keep) {
			kept++;
			continue;
		}
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", folder.data, all[i].name);
		if (output_remove_tree(path.data) != 0)
			diag_warning(s->diags, NULL, 0, 0, "cannot remove the old "
				     "release %s: %s", path.data,
				     strerror(errno));
		else
			s->report->removed++;
	}
	free(all);
	buf_dispose(&folder);
	buf_dispose(&path);
}

/* Makes releases/<id> unless it is there, marks it the newest, switches
 * to it and prunes.  The lock is held. */
static int deploy_local(struct deploy_state *s, git_commit *commit)
{
	char previous[DEPLOY_ID_LENGTH + 1];
	struct buf final;
	struct stat st;
	int status = -1;
	buf_init(&final);
	buf_printf(&final, "%s/releases/%s", s->root, s->report->release);
	deploy_read_current(s->root, previous);
	if (strcmp(previous, s->report->release) == 0 &&
	    stat(final.data, &st) == 0) {
		s->report->already_current = true;
		status = 0;
		goto out;
	}
	s->report->reused = stat(final.data, &st) == 0;
	if (!s->report->reused && deploy_make_release(s, commit, previous) != 0)
		goto out;
	/* the time of its deploy orders the releases for pruning */
	if (utimensat(AT_FDCWD, final.data, NULL, 0) != 0 ||
	    deploy_switch(s) != 0)
		goto out;
	s->report->seconds = deploy_clock() - s->start;
	deploy_prune(s, previous);
	status = 0;
out:
	buf_dispose(&final);
	return status;
}

static int deploy_open(struct deploy_state *s, git_commit **commit)
{
	if (gitlib_open(&s->repo, s->opts->repo, s->diags) != 0 ||
	    deploy_resolve(s, commit) != 0)
		return -1;
	if (deploy_is_remote(s->opts->to)) {
		deploy_remote_staging(s, &s->staging);
		s->root = s->staging.data;
	}
	return deploy_lock(s);
}

int deploy_run(const struct deploy_options *opts, struct diag_list *diags,
	       struct deploy_report *report)
{
	struct deploy_options o = *opts;
	struct deploy_state s = {
		.opts = &o, .diags = diags, .report = report, .lock_fd = -1,
		.root = opts->to, .keep = opts->keep ? opts->keep
						     : DEPLOY_DEFAULT_KEEP,
		.start = deploy_clock(),
	};
	git_commit *commit = NULL;
	int status = -1;
	o.repo = o.repo ? o.repo : ".";
	o.branch = o.branch ? o.branch : PUBLISH_DEFAULT_BRANCH;
	memset(report, 0, sizeof *report);
	buf_init(&s.staging);
	if (gitlib_init(diags) != 0) {
		buf_dispose(&s.staging);
		return -1;
	}
	if (deploy_open(&s, &commit) == 0 && deploy_local(&s, commit) == 0)
		status = deploy_is_remote(o.to) ? deploy_remote(&s) : 0;
	if (status == 0 && deploy_is_remote(o.to))
		report->seconds = deploy_clock() - s.start;
	if (s.lock_fd >= 0)
		close(s.lock_fd);
	git_commit_free(commit);
	git_repository_free(s.repo);
	gitlib_shutdown();
	buf_dispose(&s.staging);
	return status;
}

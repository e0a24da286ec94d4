/* outdir: the output folder's owner check, lock and recovery (see
 * outdir.h). */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "output.h"
#include "output_place.h"
#include "source_walk.h"

#define OUTDIR_NOT_FORCE "(--force does not allow this)"

/* Whether path is dir or lies under it; both absolute and resolved. */
static bool outdir_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return true;
	return strncmp(path, dir, n) == 0 && (!path[n] || path[n] == '/');
}

/* The absolute, resolved path dir has or will have: realpath of itself,
 * or of its parent and its own name when it does not exist yet.  NULL
 * when neither resolves (output_begin then reports it). */
static char *outdir_resolve(const char *dir)
{
	char *real = realpath(dir, NULL);
	if (real || errno != ENOENT)
		return real;
	const char *slash = strrchr(dir, '/');
	char *parent = slash ? xstrndup(dir, (size_t)(slash - dir + (slash == dir)))
			     : xstrdup(".");
	char *rparent = realpath(parent, NULL);
	free(parent);
	if (!rparent)
		return NULL;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s", strcmp(rparent, "/") ? rparent : "",
		   slash ? slash + 1 : dir);
	free(rparent);
	return buf_detach(&b);
}

static bool outdir_has(const char *dir, const char *name, bool want_dir)
{
	struct stat st;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s", dir, name);
	bool has = lstat(b.data, &st) == 0 &&
		   (want_dir ? S_ISDIR(st.st_mode) : true);
	buf_dispose(&b);
	return has;
}

/* The repository holding start: its working tree (NULL when bare) and
 * its git folder, resolved; false when there is none. */
static bool outdir_find_repo(const char *start, char **worktree,
			     char **gitdir)
{
	char *dir = realpath(start, NULL);
	*worktree = *gitdir = NULL;
	while (dir) {
		if (outdir_has(dir, ".git", false)) {
			struct buf b;
			buf_init(&b);
			buf_printf(&b, "%s/.git", strcmp(dir, "/") ? dir : "");
			*gitdir = buf_detach(&b);
			*worktree = dir;
			return true;
		}
		if (outdir_has(dir, "HEAD", false) &&
		    outdir_has(dir, "objects", true)) {
			*gitdir = dir;
			return true;
		}
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = '\0';
	}
	free(dir);
	return false;
}

/* Refuses out when it is, holds or lies in what the build reads. */
static int outdir_check_source(const char *out, const char *shown,
			       const char *source_dir, struct diag_list *diags)
{
	char *src = realpath(source_dir, NULL);
	int status = 0;
	if (!src)
		return 0;   /* the load reports a missing portal folder */
	if (outdir_within(src, out)) {
		diag_error(diags, shown, 0, 0, "output folder %s the portal "
			   "folder %s, which a build would replace: name a "
			   "folder of its own, such as \"site\" %s",
			   strcmp(src, out) ? "holds" : "is", src,
			   OUTDIR_NOT_FORCE);
		status = -1;
	}
	for (int i = 0; status == 0 && i < SOURCE_TOP_COUNT; i++) {
		struct buf in;
		buf_init(&in);
		buf_printf(&in, "%s/%s", src, source_top_folders[i]);
		if (outdir_within(out, in.data)) {
			diag_error(diags, shown, 0, 0, "output folder is inside "
				   "%s/, which the build reads: name a folder "
				   "outside content/, themes/ and templates/, "
				   "such as \"site\" %s", source_top_folders[i],
				   OUTDIR_NOT_FORCE);
			status = -1;
		}
		buf_dispose(&in);
	}
	free(src);
	return status;
}

/* Refuses out when it holds the repository's working tree or lies in
 * its git folder. */
static int outdir_check_repo(const char *out, const char *shown,
			     const char *start, bool check_tree,
			     struct diag_list *diags)
{
	char *worktree, *gitdir;
	int status = 0;
	if (!outdir_find_repo(start, &worktree, &gitdir))
		return 0;
	if (worktree && outdir_within(worktree, out)) {
		diag_error(diags, shown, 0, 0, "output folder %s the git "
			   "working tree %s, which a build would replace: name "
			   "a folder of its own, such as \"site\" %s",
			   strcmp(worktree, out) ? "holds" : "is", worktree,
			   OUTDIR_NOT_FORCE);
		status = -1;
	} else if (outdir_within(out, gitdir) || outdir_within(gitdir, out)) {
		diag_error(diags, shown, 0, 0, "output folder %s the git "
			   "repository %s: name a folder outside it, such as "
			   "\"site\" %s", outdir_within(out, gitdir) ?
			   "is inside" : "holds", gitdir, OUTDIR_NOT_FORCE);
		status = -1;
	} else if (check_tree && worktree &&
		   outdir_check_source(out, shown, worktree, diags) < 0) {
		/* a build of a commit reads no folder, but the working
		 * tree's content/ is still someone's unsaved work */
		status = -1;
	}
	free(worktree);
	free(gitdir);
	return status;
}

/* A folder made by congbo before the marker existed: its cache beside
 * it, in congbo's format. */
static bool outdir_legacy(const char *dir)
{
	char *path = outdir_sibling_path(dir, ".cache");
	char head[16] = "";
	FILE *fp = fopen(path, "rb");
	free(path);
	if (!fp)
		return false;
	size_t n = fread(head, 1, sizeof head - 1, fp);
	fclose(fp);
	head[n] = '\0';
	return strncmp(head, "congbo-cache ", 13) == 0;
}

/* Whether dir (an existing folder) may be replaced: it holds the
 * marker, or nothing. */
static bool outdir_is_ours(const char *dir)
{
	if (outdir_has(dir, OUTDIR_MARKER, false))
		return true;
	DIR *d = opendir(dir);
	if (!d)
		return true;   /* output_begin reports what is wrong */
	bool empty = true;
	struct dirent *e;
	while (empty && (e = readdir(d)) != NULL)
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	return empty || outdir_legacy(dir);
}

int outdir_check(const char *out_dir, const char *source_dir,
		 const char *repo, bool force, struct diag_list *diags)
{
	char *out = outdir_resolve(out_dir);
	struct stat st;
	int status = 0;
	if (!out)
		return 0;
	if (source_dir && outdir_check_source(out, out_dir, source_dir,
					      diags) < 0)
		status = -1;
	else if (outdir_check_repo(out, out_dir, repo ? repo : source_dir ?
				   source_dir : ".", !source_dir, diags) < 0)
		status = -1;
	else if (!force && lstat(out_dir, &st) == 0 && S_ISDIR(st.st_mode) &&
		 !outdir_is_ours(out_dir)) {
		diag_error(diags, out_dir, 0, 0, "output folder holds files "
			   "congbo did not make (there is no %s in it), and a "
			   "build replaces everything in it: name a new or "
			   "empty folder, or add --force to replace what it "
			   "holds", OUTDIR_MARKER);
		status = -1;
	}
	free(out);
	return status;
}

/* ".NAME.SUFFIX" beside dir "parent/NAME"; the caller frees it. */
char *outdir_sibling_path(const char *dir, const char *suffix)
{
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	const char *slash = memrchr(dir, '/', len);
	const char *base = slash ? slash + 1 : dir;
	struct buf b;
	buf_init(&b);
	if (slash)
		buf_put(&b, dir, (size_t)(base - dir));
	buf_putc(&b, '.');
	buf_put(&b, base, len - (size_t)(base - dir));
	buf_puts(&b, suffix);
	return buf_detach(&b);
}

/* The pid written into the lock file by its holder, or "unknown". */
static void outdir_holder(int fd, char out[32])
{
	ssize_t n = pread(fd, out, 31, 0);
	out[n > 0 ? n : 0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	if (!*out)
		snprintf(out, 32, "unknown");
}

int outdir_lock(struct outdir_lock *l, const char *out_dir, bool no_wait,
		struct diag_list *diags)
{
	char *path = outdir_sibling_path(out_dir, ".lock");
	char holder[32];
	int status = -1;
	/* 0666 less the umask: group-writable in a shared repository, where
	 * publish builds in its git folder for every writer */
	l->fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (l->fd < 0 && errno == EACCES)   /* another's: flock needs no write */
		l->fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (l->fd < 0) {
		diag_error(diags, out_dir, 0, 0, "cannot open the lock %s: %s",
			   path, strerror(errno));
		goto out;
	}
	if (flock(l->fd, LOCK_EX | LOCK_NB) != 0) {
		outdir_holder(l->fd, holder);
		if (no_wait) {
			diag_error(diags, out_dir, 0, 0, "another congbo (pid "
				   "%s) is building into this folder; try again "
				   "when it is done, or leave out --no-wait to "
				   "wait for it", holder);
			status = OUTDIR_BUSY;
			goto out;
		}
		fprintf(stderr, "congbo: waiting for another congbo (pid %s) "
			"building into %s...\n", holder, out_dir);
		while (flock(l->fd, LOCK_EX) != 0 && errno == EINTR)
			;
	}
	char pid[32];
	int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	/* the pid only feeds a waiting build's message: failing is harmless */
	if (ftruncate(l->fd, 0) == 0 && pwrite(l->fd, pid, (size_t)n, 0) < 0)
		errno = 0;
	status = 0;
out:
	if (status != 0 && l->fd >= 0) {
		close(l->fd);
		l->fd = -1;
	}
	free(path);
	return status;
}

void outdir_unlock(struct outdir_lock *l)
{
	if (l->fd >= 0)
		close(l->fd);   /* drops the flock */
	l->fd = -1;
}

/* Removes ".NAME.tmp-*" and ".NAME.old-*" beside out_dir. */
static void outdir_remove_leftovers(const char *out_dir,
				    struct diag_list *diags)
{
	char *tmp = outdir_sibling_path(out_dir, ".tmp-");
	char *old = outdir_sibling_path(out_dir, ".old-");
	const char *slash = strrchr(tmp, '/');
	char *parent = slash ? xstrndup(tmp, (size_t)(slash - tmp + 1))
			     : xstrdup("");
	const char *tmp_base = slash ? slash + 1 : tmp;
	const char *old_base = strrchr(old, '/') ? strrchr(old, '/') + 1 : old;
	DIR *d = opendir(*parent ? parent : ".");
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, tmp_base, strlen(tmp_base)) &&
		    strncmp(e->d_name, old_base, strlen(old_base)))
			continue;
		struct buf p;
		struct stat st;
		buf_init(&p);
		buf_printf(&p, "%s%s", parent, e->d_name);
		/* a swap without RENAME_EXCHANGE killed between its two
		 * renames: the old site goes back rather than away */
		bool restore = !strncmp(e->d_name, old_base, strlen(old_base)) &&
			       lstat(out_dir, &st) != 0 && errno == ENOENT;
		if (restore && rename(p.data, out_dir) == 0)
			diag_warning(diags, out_dir, 0, 0, "put back the site "
				     "that a stopped build had moved to %s",
				     p.data);
		else if (output_remove_tree(p.data) < 0)
			diag_warning(diags, out_dir, 0, 0, "cannot remove %s, "
				     "left by a build that was stopped: %s",
				     p.data, strerror(errno));
		buf_dispose(&p);
	}
	if (d)
		closedir(d);
	free(parent);
	free(tmp);
	free(old);
}

void outdir_recover(const char *out_dir, struct diag_list *diags)
{
	output_place_recover(out_dir, diags);
	outdir_remove_leftovers(out_dir, diags);
}

/* output: the temporary folder, unchanged-file links and the swap (see
 * output.h).
 *
 * Durability, honestly: files are not fsync'd.  The swap is the commit
 * point for readers and for a build that crashes or is killed: the folder
 * entry out_dir names either the whole old tree or the whole new one, and
 * the kernel holds every byte written before the swap.  What is not
 * guaranteed is a power failure in the seconds after a commit: the rename
 * may reach the disk before the files' data, leaving the new tree with
 * empty or short files.  A site is regenerated from its sources by the next
 * build, and fsync on ten thousand files costs seconds, so we accept that;
 * a caller that needs more can syncfs() the folder after commit. */
#include "output.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "outdir.h"
#include "output_place.h"
#include "strmap.h"
#include "testkill.h"

/* The sets of paths written and folders created (strmap with the set
 * itself as every value), so a duplicate costs one lookup and a folder one
 * mkdir per build, not one per file. */
static struct strmap *output_set_new(void)
{
	struct strmap *set = xmalloc(sizeof *set);
	strmap_init(set);
	return set;
}

static void output_set_free(struct strmap *set)
{
	if (!set)
		return;
	strmap_dispose(set);
	free(set);
}

static bool output_set_has(const struct strmap *set, const char *s,
			   size_t len)
{
	return strmap_getn(set, s, len) != NULL;
}

/* Adds s[0..len); false if it was already there. */
static bool output_set_add(struct strmap *set, const char *s, size_t len)
{
	return strmap_putn(set, s, len, set);
}

/* Appends s in quotes, control characters shown as '?' so a hostile path
 * cannot write escape sequences to the terminal that prints diagnostics. */
static void output_put_quoted(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++)
		buf_putc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
	buf_putc(b, '"');
}

static const char *output_path_problem(const char *rel)
{
	if (!*rel)
		return "is empty";
	if (rel[0] == '/')
		return "is absolute; it would leave the output folder";
	for (const char *p = rel; *p; p++) {
		if (*p == '\\')
			return "contains a backslash";
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "contains a control character";
	}
	for (const char *seg = rel;;) {
		const char *end = strchrnul(seg, '/');
		size_t n = (size_t)(end - seg);
		if (n == 2 && seg[0] == '.' && seg[1] == '.')
			return "would leave the output folder";
		if (n == 0)
			return "has an empty segment";
		if (n == 1 && seg[0] == '.')
			return "has a \".\" segment";
		if (!*end)
			return NULL;
		seg = end + 1;
	}
}

int output_check_path(const char *rel_path, struct buf *why)
{
	const char *problem = output_path_problem(rel_path);
	if (problem && why) {
		buf_puts(why, "output path ");
		output_put_quoted(why, rel_path);
		buf_printf(why, " %s", problem);
	}
	return problem ? -1 : 0;
}

/* The callback of output_remove_tree: children come before their folder
 * (FTW_DEPTH), so a folder is empty when it is reached. */
static int output_remove_entry(const char *path, const struct stat *st,
			       int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP || type == FTW_DNR)
		return rmdir(path);
	return unlink(path);
}

int output_remove_tree(const char *path)
{
	struct stat st;
	if (!path || path[strspn(path, "/")] == '\0') {
		errno = EINVAL;
		return -1;
	}
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	return nftw(path, output_remove_entry, 16,
		    FTW_DEPTH | FTW_PHYS | FTW_MOUNT) == 0 ? 0 : -1;
}

static void output_close_fds(struct output *o)
{
	if (o->tmp_fd >= 0)
		close(o->tmp_fd);
	if (o->old_fd >= 0)
		close(o->old_fd);
	o->tmp_fd = o->old_fd = -1;
}

/* "parent/.base.TAG-XXXXXX" for dir "parent/base": a mkdtemp template
 * beside dir, so a rename between the two stays on one file system.  The
 * caller frees it. */
static char *output_sibling(const char *dir, const char *tag)
{
	const char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : dir;
	struct buf b;
	buf_init(&b);
	if (slash)
		buf_put(&b, dir, (size_t)(base - dir));
	buf_printf(&b, ".%s.%s-XXXXXX", base, tag);
	return buf_detach(&b);
}

/* Refuses an out_dir the swap could not or must not replace; sets
 * *exists.  dir has no trailing '/'. */
static int output_check_dir(const char *dir, bool *exists,
			    struct diag_list *diags)
{
	const char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : dir;
	struct stat st;
	*exists = false;
	if (!*dir || !strcmp(dir, "/") || !strcmp(base, ".") ||
	    !strcmp(base, "..")) {
		diag_error(diags, NULL, 0, 0, "output folder \"%s\" cannot "
			   "be replaced; name a folder such as \"site\"", dir);
		return -1;
	}
	if (lstat(dir, &st) == 0) {
		*exists = true;
		if (S_ISDIR(st.st_mode))
			return 0;
		diag_error(diags, dir, 0, 0, "output folder %s",
			   S_ISLNK(st.st_mode) ? "is a symbolic link; name "
			   "the folder it points to" : "exists and is not a "
			   "folder");
		return -1;
	}
	if (errno == ENOENT)
		return 0;
	diag_error(diags, dir, 0, 0, "cannot read the output folder: %s",
		   strerror(errno));
	return -1;
}

/* The mode mkdir gives a folder under the current umask (022 usually,
 * 002 in a repository shared by a group: gitlib.h), measured on a folder
 * made in fd and removed: umask() cannot be read without being set, and
 * render threads may be making folders meanwhile. */
static mode_t output_folder_mode(int fd)
{
	struct stat st;
	mode_t mode = 0755;
	if (mkdirat(fd, "m", 0777) == 0) {
		if (fstatat(fd, "m", &st, AT_SYMLINK_NOFOLLOW) == 0)
			mode = st.st_mode & 0777;
		unlinkat(fd, "m", AT_REMOVEDIR);
	}
	return mode;
}

/* A builder whose umask is 077 would otherwise publish a site nginx (another
 * user) cannot read, and the same commit would not build the same site
 * for two users. */
void output_site_modes(int fd, mode_t *file_mode, mode_t *dir_mode)
{
	mode_t mode = output_folder_mode(fd);
	*dir_mode = mode | 0555;
	*file_mode = (mode & 0666) | 0444;
}

/* The temporary folder: mkdtemp makes it 0700, but it becomes the served
 * site, so it gets the folders' mode. */
static int output_make_tmp(struct output *o)
{
	int err;
	o->tmp_dir = output_sibling(o->out_dir, "tmp");
	if (!mkdtemp(o->tmp_dir)) {
		err = errno;
		free(o->tmp_dir);
		o->tmp_dir = NULL;
		goto fail;
	}
	o->tmp_fd = open(o->tmp_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->tmp_fd >= 0)
		output_site_modes(o->tmp_fd, &o->file_mode, &o->dir_mode);
	if (o->tmp_fd >= 0 && fchmod(o->tmp_fd, o->dir_mode) == 0)
		return 0;
	err = errno;
fail:
	diag_error(o->diags, o->out_dir, 0, 0,
		   "cannot create a temporary folder beside the output "
		   "folder: %s", strerror(err));
	return -1;
}

int output_begin(struct output *o, const char *out_dir,
		 struct diag_list *diags)
{
	int status = -1;
	bool exists;
	size_t len = strlen(out_dir);
	memset(o, 0, sizeof *o);
	o->tmp_fd = o->old_fd = -1;
	o->diags = diags;
	while (len > 1 && out_dir[len - 1] == '/')
		len--;
	o->out_dir = xstrndup(out_dir, len);
	if (output_check_dir(o->out_dir, &exists, diags) < 0)
		goto out;
	if (exists) {
		o->old_fd = open(o->out_dir, O_RDONLY | O_DIRECTORY |
				 O_NOFOLLOW | O_CLOEXEC);
		if (o->old_fd < 0) {
			diag_error(diags, o->out_dir, 0, 0, "cannot open the "
				   "output folder: %s", strerror(errno));
			goto out;
		}
	}
	if (output_make_tmp(o) < 0)
		goto out;
	pthread_mutex_init(&o->lock, NULL);
	o->files = output_set_new();
	o->dirs = output_set_new();
	o->active = true;
	status = 0;
out:
	if (status < 0) {
		output_close_fds(o);
		if (o->tmp_dir)
			rmdir(o->tmp_dir);
		free(o->tmp_dir);
		free(o->out_dir);
		o->tmp_dir = o->out_dir = NULL;
	}
	return status;
}

/* An error about the output path rel, at src (the page's file) when
 * known, else at the output folder. */
static void output_error(struct output *o, const char *src, const char *rel,
			 const char *what, int err)
{
	/* a full disk fails every later file too: say it once */
	if (err == ENOSPC || err == EDQUOT) {
		pthread_mutex_lock(&o->lock);
		bool said = o->said_full;
		o->said_full = true;
		pthread_mutex_unlock(&o->lock);
		if (said)
			return;
		diag_error(o->diags, o->out_dir, 0, 0, "the disk is full (%s) "
			   "while writing the site, first at \"%s\": make room "
			   "and build again", strerror(err), rel);
		return;
	}
	struct buf msg;
	buf_init(&msg);
	buf_puts(&msg, "output path ");
	output_put_quoted(&msg, rel);
	buf_printf(&msg, " %s%s%s", what, err ? ": " : "",
		   err ? strerror(err) : "");
	diag_error(o->diags, src ? src : o->out_dir, 0, 0, "%s", msg.data);
	buf_dispose(&msg);
}

/* Creates the folders rel[0..dlen) and every folder above it that this
 * build has not made yet.  Called with o->lock held, so two workers never
 * race to make the same folder. */
static int output_make_dirs(struct output *o, const char *src,
			    const char *rel, size_t dlen)
{
	for (size_t i = 1; i <= dlen; i++) {
		if ((i < dlen && rel[i] != '/') || output_set_has(o->dirs, rel, i))
			continue;
		char *dir = xstrndup(rel, i);
		int rc = mkdirat(o->tmp_fd, dir, o->dir_mode);
		if (rc == 0)
			rc = fchmodat(o->tmp_fd, dir, o->dir_mode, 0);
		int err = errno;
		free(dir);
		if (rc < 0 && err == EEXIST) {
			/* Not in the set, so not a folder of ours: a file. */
			output_error(o, src, rel, "needs a folder where another "
				     "output path is a file", 0);
			return -1;
		}
		if (rc < 0) {
			output_error(o, src, rel, "cannot get its folder", err);
			return -1;
		}
		output_set_add(o->dirs, rel, i);
	}
	return 0;
}

static int output_make_parents(struct output *o, const char *src,
			       const char *rel)
{
	const char *slash = strrchr(rel, '/');
	int status = 0;
	if (!slash)
		return 0;
	pthread_mutex_lock(&o->lock);
	if (!output_set_has(o->dirs, rel, (size_t)(slash - rel)))
		status = output_make_dirs(o, src, rel, (size_t)(slash - rel));
	pthread_mutex_unlock(&o->lock);
	return status;
}

/* Records rel as written; refuses a second write of it. */
bool output_claimed(const struct output *o, const char *rel)
{
	return output_set_has(o->files, rel, strlen(rel));
}

/* "congbo itself" as the owner of a path, for pages with no file. */
static const char output_own[] = "";

/* Two writers of one path: said at the page's file when there is one. */
static void output_twice(struct output *o, const char *rel, const char *src,
			 const char *other)
{
	if (!src && !other) {
		output_error(o, NULL, rel, "is written twice", 0);
		return;
	}
	struct buf msg;
	buf_init(&msg);
	buf_puts(&msg, "its page ");
	output_put_quoted(&msg, rel);
	if (src && other)
		buf_printf(&msg, " is also the page of %s", other);
	else
		buf_puts(&msg, " is also one congbo makes itself (a list, "
			 "feed or search page)");
	buf_puts(&msg, ": give it another slug");
	diag_error(o->diags, src ? src : other, 0, 0, "%s", msg.data);
	buf_dispose(&msg);
}

/* Records rel as written, by src (NULL: congbo's own page); refuses a
 * second write of it. */
static int output_claim(struct output *o, const char *rel, const char *src)
{
	pthread_mutex_lock(&o->lock);
	const char *owner = strmap_getn(o->files, rel, strlen(rel));
	if (!owner)
		strmap_putn(o->files, rel, strlen(rel),
			    (void *)(src ? src : output_own));
	pthread_mutex_unlock(&o->lock);
	if (owner)
		output_twice(o, rel, src, owner == output_own ? NULL : owner);
	return owner ? -1 : 0;
}

static bool output_same_bytes(int fd, const char *data, size_t len)
{
	char chunk[16384];
	size_t done = 0;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 && done == len;
		if ((size_t)n > len - done ||
		    memcmp(chunk, data + done, (size_t)n) != 0)
			return false;
		done += (size_t)n;
	}
}

/* Whether the previous build has rel with exactly these bytes.  Any
 * trouble reading the old tree just means "write it anew": the old tree
 * is only a cache here.  Size first, so most changed files cost a stat. */
static bool output_same_as_old(struct output *o, const char *rel,
			       const void *data, size_t len)
{
	struct stat st;
	bool same = false;
	int fd = -1;
	if (o->old_fd < 0 ||
	    fstatat(o->old_fd, rel, &st, AT_SYMLINK_NOFOLLOW) < 0)
		goto out;
	if (!S_ISREG(st.st_mode) || (uintmax_t)st.st_size != len)
		goto out;
	fd = openat(o->old_fd, rel, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0)
		same = output_same_bytes(fd, data, len);
out:
	if (fd >= 0)
		close(fd);
	return same;
}

static int output_put_bytes(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int output_write_file(struct output *o, const char *src,
			     const char *rel,
			     const void *data, size_t len)
{
	int fd = openat(o->tmp_fd, rel, O_WRONLY | O_CREAT | O_EXCL |
			O_NOFOLLOW | O_CLOEXEC, o->file_mode);
	if (fd >= 0 && fchmod(fd, o->file_mode) < 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0 && errno == EEXIST) {
		/* Claimed once, so what is there is a folder of ours. */
		output_error(o, src, rel, "is also a folder of other output "
			     "paths",
			     0);
		return -1;
	}
	if (fd < 0 || output_put_bytes(fd, data, len) < 0) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		output_error(o, src, rel, "cannot be written", err);
		return -1;
	}
	if (close(fd) < 0) {
		output_error(o, src, rel, "cannot be written", errno);
		return -1;
	}
	return 0;
}

static void output_stat_at(int dirfd, const char *rel,
			   struct output_file_stat *st)
{
	struct stat sb;
	memset(st, 0, sizeof *st);
	if (fstatat(dirfd, rel, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return;
	st->size = (unsigned long long)sb.st_size;
	st->inode = (unsigned long long)sb.st_ino;
	st->mtime_ns = (long long)sb.st_mtim.tv_sec * 1000000000LL +
		       sb.st_mtim.tv_nsec;
}

/* The file as it will be in out_dir after commit: in place, a kept file
 * is the old one and a written one keeps its inode through the rename. */
static void output_stat_new(struct output *o, const char *rel,
			    struct output_file_stat *st)
{
	output_stat_at(o->tmp_fd, rel, st);
}

static void output_count_kept(struct output *o)
{
	pthread_mutex_lock(&o->lock);
	o->files_kept++;
	pthread_mutex_unlock(&o->lock);
}

/* In place, an unchanged file stays where it is: claim it, report it. */
static int output_keep_in_place(struct output *o, const char *rel,
				struct output_file_stat *st)
{
	struct stat sb;
	/* without st the caller has just checked the file itself (the cache
	 * compares its size, inode and mtime): no second stat */
	if (output_check_path(rel, NULL) < 0 ||
	    (st && (fstatat(o->old_fd, rel, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode))))
		return -1;
	if (output_claim(o, rel, NULL) < 0) {
		pthread_mutex_lock(&o->lock);
		o->failures++;
		pthread_mutex_unlock(&o->lock);
		return -1;
	}
	if (st)
		output_stat_at(o->old_fd, rel, st);
	output_count_kept(o);
	return 0;
}

static void output_note_staged(struct output *o, const char *rel)
{
	pthread_mutex_lock(&o->lock);
	if (o->staged_count == o->staged_cap) {
		o->staged_cap = o->staged_cap ? o->staged_cap * 2 : 64;
		o->staged = xreallocarray(o->staged, o->staged_cap,
					  sizeof *o->staged);
	}
	o->staged[o->staged_count++] = xstrdup(rel);
	pthread_mutex_unlock(&o->lock);
}

/* Puts the marker that says congbo made the folder (outdir.h) into
 * dirfd, unless it is there; claimed, so an in-place commit keeps it. */
static int output_put_marker(struct output *o, int dirfd)
{
	strmap_putn(o->files, OUTDIR_MARKER, strlen(OUTDIR_MARKER),
		    (void *)output_own);
	int fd = openat(dirfd, OUTDIR_MARKER, O_WRONLY | O_CREAT | O_EXCL |
			O_NOFOLLOW | O_CLOEXEC, o->file_mode);
	if (fd >= 0)
		fchmod(fd, o->file_mode);
	if (fd < 0 && errno == EEXIST)
		return 0;
	if (fd < 0 || output_put_bytes(fd, OUTDIR_MARKER_TEXT,
				       strlen(OUTDIR_MARKER_TEXT)) < 0) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		output_error(o, NULL, OUTDIR_MARKER, "cannot be written", err);
		return -1;
	}
	return close(fd);
}

int output_begin_in_place(struct output *o, const char *out_dir,
			  struct diag_list *diags)
{
	if (output_begin(o, out_dir, diags) < 0)
		return -1;
	/* with nothing to update, a whole new tree as usual */
	o->in_place = o->old_fd >= 0;
	if (o->in_place && output_put_marker(o, o->old_fd) < 0) {
		output_abort(o);
		return -1;
	}
	return 0;
}

int output_write(struct output *o, const char *rel_path, const void *data,
		 size_t len)
{
	return output_write_stat(o, rel_path, data, len, NULL);
}

int output_keep(struct output *o, const char *rel_path,
		struct output_file_stat *st)
{
	assert(o->active);
	if (o->in_place)
		return output_keep_in_place(o, rel_path, st);
	if (o->old_fd < 0 || output_check_path(rel_path, NULL) < 0 ||
	    output_make_parents(o, NULL, rel_path) < 0 ||
	    linkat(o->old_fd, rel_path, o->tmp_fd, rel_path, 0) != 0)
		return -1;
	if (output_claim(o, rel_path, NULL) < 0) {
		pthread_mutex_lock(&o->lock);
		o->failures++;
		pthread_mutex_unlock(&o->lock);
		return -1;
	}
	if (st)
		output_stat_new(o, rel_path, st);
	pthread_mutex_lock(&o->lock);
	o->files_kept++;
	pthread_mutex_unlock(&o->lock);
	return 0;
}

int output_write_stat(struct output *o, const char *rel_path, const void *data,
		      size_t len, struct output_file_stat *st)
{
	return output_write_from(o, rel_path, data, len, st, NULL);
}

int output_write_from(struct output *o, const char *rel_path,
		      const void *data, size_t len, struct output_file_stat *st,
		      const char *src)
{
	int status = -1;
	bool kept = false;
	struct buf why;
	assert(o->active);
	buf_init(&why);
	if (output_check_path(rel_path, &why) < 0) {
		diag_error(o->diags, src ? src : o->out_dir, 0, 0, "%s",
			   why.data);
		goto out;
	}
	if (output_claim(o, rel_path, src) < 0)
		goto out;
	/* A failed link (no hard links here, too many links) falls back to
	 * writing the bytes.  In place, a file kept needs no folder in the
	 * temporary tree (a folder per article made and removed again). */
	kept = output_same_as_old(o, rel_path, data, len) &&
	       (o->in_place ||
		(output_make_parents(o, src, rel_path) == 0 &&
		 linkat(o->old_fd, rel_path, o->tmp_fd, rel_path, 0) == 0));
	if (!kept && (output_make_parents(o, src, rel_path) < 0 ||
		      output_write_file(o, src, rel_path, data, len) < 0))
		goto out;
	if (!kept && o->in_place)
		output_note_staged(o, rel_path);
	if (st)
		output_stat_at(kept && o->in_place ? o->old_fd : o->tmp_fd,
			       rel_path, st);
	status = 0;
out:
	pthread_mutex_lock(&o->lock);
	if (status < 0)
		o->failures++;
	else if (kept)
		o->files_kept++;
	else {
		o->files_written++;
		o->bytes_written += len;
	}
	pthread_mutex_unlock(&o->lock);
	buf_dispose(&why);
	return status;
}

/* For file systems that cannot exchange two folders: move the old tree
 * aside (onto an empty placeholder, which rename replaces), then the new
 * one in.  Readers may find out_dir missing for that moment.  Sets *old to
 * where the old tree went (the caller frees it). */
static int output_swap_fallback(struct output *o, char **old)
{
	*old = output_sibling(o->out_dir, "old");
	if (!mkdtemp(*old))
		return -1;
	if (rename(o->out_dir, *old) < 0) {
		int err = errno;
		rmdir(*old);
		errno = err;
		return -1;
	}
	if (rename(o->tmp_dir, o->out_dir) == 0)
		return 0;
	int err = errno;
	if (rename(*old, o->out_dir) < 0)
		diag_error(o->diags, o->out_dir, 0, 0, "the previous site could "
			   "not be put back and is at %s", *old);
	errno = err;
	return -1;
}

/* Puts the new tree at out_dir.  *old is where the previous tree is now
 * (NULL if there was none); the caller frees it. */
static int output_swap(struct output *o, char **old)
{
	*old = NULL;
	if (!o->no_exchange && renameat2(AT_FDCWD, o->tmp_dir, AT_FDCWD,
					 o->out_dir, RENAME_EXCHANGE) == 0) {
		*old = xstrdup(o->tmp_dir);
		return 0;
	}
	if (o->no_exchange || errno == EINVAL || errno == ENOSYS ||
	    errno == ENOTSUP) {
		struct stat st;
		if (lstat(o->out_dir, &st) == 0)
			return output_swap_fallback(o, old);
	} else if (errno != ENOENT)
		return -1;
	return rename(o->tmp_dir, o->out_dir);
}

int output_commit(struct output *o)
{
	char *old = NULL;
	int status = -1;
	assert(o->active);
	if (o->failures) {
		output_abort(o);
		goto out;
	}
	if (o->in_place) {
		status = output_place_commit(o);
		output_abort(o);   /* the staging folder, now spent */
		goto out;
	}
	if (output_put_marker(o, o->tmp_fd) < 0) {
		output_abort(o);
		goto out;
	}
	output_close_fds(o);
	testkill_point("swap");
	if (output_swap(o, &old) < 0) {
		diag_error(o->diags, o->out_dir, 0, 0, "cannot put the new "
			   "site in place: %s", strerror(errno));
		output_abort(o);
		goto out;
	}
	o->active = false;
	if (old && output_remove_tree(old) < 0)
		diag_warning(o->diags, o->out_dir, 0, 0, "cannot remove the "
			     "previous site, now at %s: %s", old,
			     strerror(errno));
	status = 0;
out:
	free(old);
	return status;
}

void output_abort(struct output *o)
{
	if (!o->active)
		return;
	output_close_fds(o);
	o->active = false;
	if (output_remove_tree(o->tmp_dir) < 0)
		diag_warning(o->diags, o->out_dir, 0, 0, "cannot remove the "
			     "temporary folder %s: %s", o->tmp_dir,
			     strerror(errno));
}

void output_dispose(struct output *o)
{
	if (!o->files)
		return;
	output_abort(o);
	output_set_free(o->files);
	output_set_free(o->dirs);
	for (size_t i = 0; i < o->staged_count; i++)
		free(o->staged[i]);
	free(o->staged);
	pthread_mutex_destroy(&o->lock);
	free(o->tmp_dir);
	free(o->out_dir);
	o->files = o->dirs = NULL;
	o->tmp_dir = o->out_dir = NULL;
}

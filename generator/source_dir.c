/* source_dir: the portal folder on disk as a source (see source.h).
 *
 * The walk goes through file descriptors (openat, fdopendir) so each step
 * is relative to the folder already opened: no path is rebuilt and
 * re-resolved per file, and O_NOFOLLOW keeps a link swapped in after
 * readdir from being followed.  One folder per level is open at a time,
 * which SOURCE_MAX_DEPTH bounds. */
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <openssl/evp.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "source_walk.h"

static void dir_walk(struct source_walk *w, int fd, int depth);

/* git's blob id, SHA-1 of "blob LEN\0" and the bytes, through OpenSSL:
 * three times faster than libgit2's collision-detecting SHA-1 here, and
 * a working tree is ours, not an attacker's pack. */
static int dir_blob_id(const char *data, size_t len, git_oid *id)
{
	char head[32];
	int n = snprintf(head, sizeof head, "blob %zu", len);
	unsigned int out_len = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) &&
		 EVP_DigestUpdate(ctx, head, (size_t)n + 1) &&
		 EVP_DigestUpdate(ctx, data, len) &&
		 EVP_DigestFinal_ex(ctx, id->id, &out_len) && out_len == 20;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

/* The blob id of a file's bytes: from the caller's cache when it vouches
 * for this size, inode and mtime, else hashed (hashing 55 MB of articles
 * costs more than a whole no-change rebuild may take). */
static int dir_file_id(struct source_walk *w, const struct stat *st,
		       const char *data, size_t len, git_oid *id)
{
	if (w->known && (size_t)st->st_size == len) {
		long long mtime = (long long)st->st_mtim.tv_sec * 1000000000LL +
				  st->st_mtim.tv_nsec;
		long long ctime = (long long)st->st_ctim.tv_sec * 1000000000LL +
				  st->st_ctim.tv_nsec;
		const char *hex = w->known->lookup(w->known->ctx, w->path.data,
			(unsigned long long)st->st_size,
			(unsigned long long)st->st_ino, mtime, ctime);
		if (hex && git_oid_fromstr(id, hex) == 0) {
			w->known_id = true;
			return 0;
		}
	}
	if (dir_blob_id(data, len, id) != 0) {
		source_walk_error(w, "cannot hash: the SHA-1 of OpenSSL failed");
		return -1;
	}
	return 0;
}

/* Reads the whole regular file fd into w.  O_NONBLOCK at open time keeps a
 * fifo swapped in after readdir from blocking; fstat then rejects it. */
static void dir_read_file(struct source_walk *w, int fd)
{
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	git_oid id;
	if (fstat(fd, &st) != 0) {
		source_walk_error(w, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		source_walk_warning(w, "not a regular file, skipped");
		goto out;
	}
	if (source_walk_check_size(w, (unsigned long long)st.st_size))
		goto out;
	data = xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		ssize_t n = read(fd, data + len, (size_t)st.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			source_walk_error(w, "cannot read: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;   /* shrank since fstat: take what is there */
		len += (size_t)n;
	}
	w->known_id = false;
	if (dir_file_id(w, &st, data, len, &id) < 0)
		goto out;
	source_walk_add(w, data, len, &id);
	data = NULL;
	struct source_file *f = &w->files[w->count - 1];
	f->known = w->known_id;
	f->size = (unsigned long long)st.st_size;
	f->inode = (unsigned long long)st.st_ino;
	f->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL +
		      st.st_mtim.tv_nsec;
	f->ctime_ns = (long long)st.st_ctim.tv_sec * 1000000000LL +
		      st.st_ctim.tv_nsec;
out:
	free(data);
}

/* A file as source_stat_dir sees it: no bytes, the id only if known. */
static void dir_stat_file(struct source_walk *w, int dirfd, const char *name)
{
	struct stat st;
	git_oid id;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(st.st_mode))
		return;
	long long mtime = (long long)st.st_mtim.tv_sec * 1000000000LL +
			  st.st_mtim.tv_nsec;
	long long ctime = (long long)st.st_ctim.tv_sec * 1000000000LL +
			  st.st_ctim.tv_nsec;
	const char *hex = w->known ? w->known->lookup(w->known->ctx,
		w->path.data, (unsigned long long)st.st_size,
		(unsigned long long)st.st_ino, mtime, ctime) : NULL;
	memset(&id, 0, sizeof id);
	if (hex)
		git_oid_fromstr(&id, hex);
	source_walk_add(w, xcalloc(1, 1), 0, &id);
	struct source_file *f = &w->files[w->count - 1];
	f->size = (unsigned long long)st.st_size;
	f->inode = (unsigned long long)st.st_ino;
	f->mtime_ns = mtime;
	f->ctime_ns = ctime;
}

static void dir_open_file(struct source_walk *w, int dirfd, const char *name)
{
	if (w->stat_only) {
		dir_stat_file(w, dirfd, name);
		return;
	}
	int fd = openat(dirfd, name,
			O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		source_walk_error(w, "cannot open: %s", strerror(errno));
		return;
	}
	dir_read_file(w, fd);
	close(fd);
}

static void dir_open_folder(struct source_walk *w, int dirfd,
			    const char *name, int depth)
{
	if (depth > SOURCE_MAX_DEPTH) {
		source_walk_error(w, SOURCE_MSG_TOO_DEEP, SOURCE_MAX_DEPTH);
		return;
	}
	int fd = openat(dirfd, name,
			O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		source_walk_error(w, "cannot open the folder: %s",
				  strerror(errno));
		return;
	}
	dir_walk(w, fd, depth);
}

/* The kind of entry e, from readdir when the file system says, else from
 * lstat; DT_UNKNOWN when it cannot be told (the error is then reported). */
static unsigned char dir_entry_type(struct source_walk *w, int dirfd,
				    const struct dirent *e)
{
	struct stat st;
	if (e->d_type != DT_UNKNOWN)
		return e->d_type;
	if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		source_walk_error(w, "cannot read: %s", strerror(errno));
		return DT_UNKNOWN;
	}
	if (S_ISREG(st.st_mode))
		return DT_REG;
	if (S_ISDIR(st.st_mode))
		return DT_DIR;
	return S_ISLNK(st.st_mode) ? DT_LNK : DT_FIFO;
}

static void dir_visit(struct source_walk *w, int dirfd,
		      const struct dirent *e, int depth)
{
	switch (dir_entry_type(w, dirfd, e)) {
	case DT_UNKNOWN:
		break;   /* already reported */
	case DT_REG:
		dir_open_file(w, dirfd, e->d_name);
		break;
	case DT_DIR:
		dir_open_folder(w, dirfd, e->d_name, depth + 1);
		break;
	case DT_LNK:
		source_walk_warning(w, SOURCE_MSG_SYMLINK);
		break;
	default:
		source_walk_warning(w, "not a regular file, skipped");
		break;
	}
}

/* Visits every entry of the folder fd (at depth, content/ being 1) and
 * closes fd. */
static void dir_walk(struct source_walk *w, int fd, int depth)
{
	DIR *d = fdopendir(fd);
	if (!d) {
		source_walk_error(w, "cannot read the folder: %s",
				  strerror(errno));
		close(fd);
		return;
	}
	for (;;) {
		errno = 0;
		struct dirent *e = readdir(d);
		if (!e)
			break;
		if (source_name_skipped(e->d_name))
			continue;
		size_t mark = source_walk_push(w, e->d_name);
		dir_visit(w, dirfd(d), e, depth);
		source_walk_pop(w, mark);
	}
	if (errno)
		source_walk_error(w, "cannot read the folder: %s",
				  strerror(errno));
	closedir(d);
}

/* Walks ROOT/name if it is a folder; returns whether it was one. */
static int dir_walk_top(struct source_walk *w, int rootfd, const char *name)
{
	struct stat st;
	int found = 0;
	size_t mark = source_walk_push(w, name);
	if (fstatat(rootfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno != ENOENT)
			source_walk_error(w, "cannot read: %s",
					  strerror(errno));
	} else if (S_ISLNK(st.st_mode)) {
		source_walk_warning(w, SOURCE_MSG_SYMLINK);
	} else if (S_ISDIR(st.st_mode)) {
		found = 1;
		dir_open_folder(w, rootfd, name, 1);
	}
	source_walk_pop(w, mark);
	return found;
}

int source_load_dir(struct source *src, const char *root,
		    struct diag_list *diags)
{
	return source_load_dir_known(src, root, NULL, diags);
}

static int source_walk_dir(struct source *src, const char *root,
			   const struct source_known *known, bool stat_only,
			   struct diag_list *diags);

int source_stat_dir(struct source *src, const char *root,
		    const struct source_known *known, struct diag_list *diags)
{
	return source_walk_dir(src, root, known, true, diags);
}

int source_load_dir_known(struct source *src, const char *root,
			  const struct source_known *known,
			  struct diag_list *diags)
{
	return source_walk_dir(src, root, known, false, diags);
}

static int source_walk_dir(struct source *src, const char *root,
			   const struct source_known *known, bool stat_only,
			   struct diag_list *diags)
{
	struct source_walk w;
	struct buf label;
	int rootfd = -1, status = -1;
	source_walk_init(&w, diags);
	w.known = known;
	w.stat_only = stat_only;
	buf_init(&label);
	rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		diag_error(diags, NULL, 0, 0, "cannot open the portal folder "
			   "%s: %s", root, strerror(errno));
		goto out;
	}
	for (int i = 0; i < SOURCE_TOP_COUNT; i++) {
		if (!dir_walk_top(&w, rootfd, source_top_folders[i]) &&
		    i == 0) {
			diag_error(diags, NULL, 0, 0, "no content/ folder in "
				   "%s: a portal folder holds content/ and "
				   "themes/", root);
			w.failed = 1;
		}
	}
	buf_printf(&label, "working tree %s", root);
	status = source_walk_finish(&w, src, label.data, "");
out:
	if (status != 0)
		memset(src, 0, sizeof *src);
	if (rootfd >= 0)
		close(rootfd);
	buf_dispose(&label);
	source_walk_dispose(&w);
	return status;
}

/* watch: inotify over a portal's source folders (see watch.h). */
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "source.h"

/* What counts as a change inside a watched folder.  IN_MODIFY comes many
 * times while a big file is written; the burst logic folds them into one. */
#define WATCH_MASK (IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | \
		    IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)
/* The portal folder itself: only the three source folders coming and
 * going matter there. */
#define WATCH_ROOT_MASK (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)

static const char *const watch_tops[] = {"content", "themes", "templates"};

struct watch_dir {
	int wd;
	char *path;      /* as given to inotify_add_watch */
	int depth;       /* 0 for the portal folder, 1 for content/ ... */
};

/* The same names source_walk leaves out: they never reach a build. */
static bool watch_ignored(const char *name)
{
	size_t n = strlen(name);
	return n == 0 || name[0] == '.' || name[n - 1] == '~';
}

static bool watch_is_top(const char *name)
{
	for (size_t i = 0; i < sizeof watch_tops / sizeof watch_tops[0]; i++)
		if (strcmp(name, watch_tops[i]) == 0)
			return true;
	return false;
}

static struct watch_dir *watch_find(struct watch *w, int wd)
{
	for (size_t i = 0; i < w->count; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

/* Records wd (inotify gives the same wd again for a folder watched twice,
 * e.g. after a rename: then only its path changes). */
static void watch_record(struct watch *w, int wd, const char *path, int depth)
{
	struct watch_dir *d = watch_find(w, wd);
	if (!d) {
		if (w->count == w->cap) {
			w->cap = w->cap ? 2 * w->cap : 16;
			w->dirs = xreallocarray(w->dirs, w->cap, sizeof *w->dirs);
		}
		d = &w->dirs[w->count++];
		d->path = NULL;
	}
	free(d->path);
	d->wd = wd;
	d->path = xstrdup(path);
	d->depth = depth;
}

static void watch_forget(struct watch *w, int wd)
{
	struct watch_dir *d = watch_find(w, wd);
	if (!d)
		return;
	free(d->path);
	*d = w->dirs[--w->count];
}

static bool watch_is_dir(const char *dir, const struct dirent *e)
{
	if (e->d_type != DT_UNKNOWN)
		return e->d_type == DT_DIR;
	struct buf p;
	struct stat st;
	buf_init(&p);
	buf_printf(&p, "%s/%s", dir, e->d_name);
	bool is_dir = lstat(p.data, &st) == 0 && S_ISDIR(st.st_mode);
	buf_dispose(&p);
	return is_dir;
}

/* Watches path and every folder under it, down to SOURCE_MAX_DEPTH (the
 * loader does not go deeper either).  A folder that vanished meanwhile is
 * skipped; running out of watches is a warning when diags is given. */
static void watch_add_tree(struct watch *w, const char *path, int depth,
			   struct diag_list *diags)
{
	if (depth > SOURCE_MAX_DEPTH)
		return;
	int wd = inotify_add_watch(w->fd, path, WATCH_MASK | IN_ONLYDIR |
				   IN_DONT_FOLLOW);
	if (wd < 0) {
		if (diags && errno != ENOENT && errno != ENOTDIR)
			diag_warning(diags, path, 0, 0, "not watched for "
				     "changes: %s (see fs.inotify."
				     "max_user_watches)", strerror(errno));
		return;
	}
	watch_record(w, wd, path, depth);
	DIR *dir = opendir(path);
	if (!dir)
		return;
	struct dirent *e;
	struct buf child;
	buf_init(&child);
	while ((e = readdir(dir)) != NULL) {
		if (watch_ignored(e->d_name) || !watch_is_dir(path, e))
			continue;
		buf_truncate(&child, 0);
		buf_printf(&child, "%s/%s", path, e->d_name);
		watch_add_tree(w, child.data, depth + 1, diags);
	}
	buf_dispose(&child);
	closedir(dir);
}

int watch_open(struct watch *w, const char *root, struct diag_list *diags)
{
	memset(w, 0, sizeof *w);
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0) {
		diag_error(diags, root, 0, 0, "cannot watch for changes: %s",
			   strerror(errno));
		return -1;
	}
	int wd = inotify_add_watch(w->fd, root, WATCH_ROOT_MASK | IN_ONLYDIR);
	if (wd < 0) {
		diag_error(diags, root, 0, 0, "cannot watch this folder: %s",
			   strerror(errno));
		close(w->fd);
		w->fd = -1;
		return -1;
	}
	w->root = xstrdup(root);
	watch_record(w, wd, root, 0);
	struct buf p;
	buf_init(&p);
	for (size_t i = 0; i < sizeof watch_tops / sizeof watch_tops[0]; i++) {
		buf_truncate(&p, 0);
		buf_printf(&p, "%s/%s", root, watch_tops[i]);
		watch_add_tree(w, p.data, 1, diags);
	}
	buf_dispose(&p);
	return 0;
}

/* One event: returns true when it is a change a build would see, and
 * watches folders that appeared. */
static bool watch_event(struct watch *w, const struct inotify_event *ev)
{
	if (ev->mask & IN_Q_OVERFLOW)
		return true;   /* events were lost: assume anything changed */
	if (ev->mask & IN_IGNORED) {
		watch_forget(w, ev->wd);
		return false;
	}
	const struct watch_dir *d = watch_find(w, ev->wd);
	const char *name = ev->len ? ev->name : "";
	if (!d || watch_ignored(name))
		return false;
	if (d->depth == 0 && !watch_is_top(name))
		return false;
	if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
		struct buf p;
		buf_init(&p);
		buf_printf(&p, "%s/%s", d->path, name);
		int depth = d->depth + 1;   /* d may move in watch_add_tree */
		watch_add_tree(w, p.data, depth, NULL);
		buf_dispose(&p);
	}
	return true;
}

/* Reads every pending event.  Returns 1 if one was a change, 0 if not,
 * -1 on a read error. */
static int watch_drain(struct watch *w)
{
	char data[8192]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	int changed = 0;
	for (;;) {
		ssize_t n = read(w->fd, data, sizeof data);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? changed : -1;
		if (n == 0)
			return changed;
		for (char *p = data; p < data + n;) {
			const struct inotify_event *ev = (const void *)p;
			if (watch_event(w, ev))
				changed = 1;
			p += sizeof *ev + ev->len;
		}
	}
}

static long long watch_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int watch_wait(struct watch *w, int stop_fd, int quiet_ms)
{
	struct pollfd fds[2] = {
		{.fd = w->fd, .events = POLLIN},
		{.fd = stop_fd, .events = POLLIN},
	};
	long long first = 0;
	for (;;) {
		int timeout = -1;
		if (first) {
			long long left = first + WATCH_MAX_DELAY_MS -
					 watch_now_ms();
			if (left <= 0)
				return 1;   /* saves never stop: build now */
			timeout = left < quiet_ms ? (int)left : quiet_ms;
		}
		int rc = poll(fds, stop_fd >= 0 ? 2 : 1, timeout);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -1;
		if (rc == 0)
			return 1;   /* quiet long enough after a change */
		if (stop_fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP)))
			return 0;
		int changed = watch_drain(w);
		if (changed < 0)
			return -1;
		if (changed && !first)
			first = watch_now_ms();
	}
}

void watch_dispose(struct watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	for (size_t i = 0; i < w->count; i++)
		free(w->dirs[i].path);
	free(w->dirs);
	free(w->root);
	w->dirs = NULL;
	w->root = NULL;
	w->count = w->cap = 0;
}

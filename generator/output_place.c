/* output_place: moving an in-place build into the output folder, with a
 * journal to undo it (see output_place.h). */
#include "output_place.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"

/* One rename done, to be undone if a later one fails. */
struct place_move {
	char *from;
	char *to;
};

struct place {
	struct output *o;
	struct place_move *moves;
	size_t count, cap;
	char **stale;            /* files of out_dir this build did not make */
	size_t stale_count, stale_cap;
	size_t backups;          /* names taken in the backup folder */
	char *backup_dir;
};

static char *place_join(const char *dir, const char *rel)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s", dir, rel);
	return buf_detach(&b);
}

static int place_move(struct place *p, char *from, char *to)
{
	bool fail = p->o->fail_move && p->count + 1 == p->o->fail_move;
	if (fail || rename(from, to) != 0) {
		int err = fail ? ENOSPC : errno;
		diag_error(p->o->diags, p->o->out_dir, 0, 0, "cannot move %s to "
			   "%s: %s", from, to, strerror(err));
		free(from);
		free(to);
		return -1;
	}
	if (p->count == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->moves = xreallocarray(p->moves, p->cap, sizeof *p->moves);
	}
	p->moves[p->count++] = (struct place_move){from, to};
	return 0;
}

/* Moves out_dir/rel, if there is one, into the backup folder. */
static int place_set_aside(struct place *p, const char *rel)
{
	char *target = place_join(p->o->out_dir, rel);
	struct stat st;
	if (lstat(target, &st) != 0) {
		free(target);
		return 0;
	}
	struct buf name;
	buf_init(&name);
	buf_printf(&name, "%s/%zu", p->backup_dir, p->backups++);
	return place_move(p, target, buf_detach(&name));
}

/* Makes the folders above rel in out_dir that are missing. */
static int place_parents(struct place *p, const char *rel)
{
	char *path = place_join(p->o->out_dir, rel);
	size_t base = strlen(p->o->out_dir) + 1;
	int rc = 0;
	for (char *s = path + base; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			diag_error(p->o->diags, p->o->out_dir, 0, 0, "cannot "
				   "make the folder %s: %s", path,
				   strerror(errno));
			rc = -1;
		}
		*s = '/';
		if (rc)
			break;
	}
	free(path);
	return rc;
}

static int place_staged(struct place *p)
{
	struct output *o = p->o;
	for (size_t i = 0; i < o->staged_count; i++) {
		const char *rel = o->staged[i];
		if (place_parents(p, rel) < 0 || place_set_aside(p, rel) < 0 ||
		    place_move(p, place_join(o->tmp_dir, rel),
			       place_join(o->out_dir, rel)) < 0)
			return -1;
	}
	return 0;
}

static void place_note_stale(struct place *p, const char *rel)
{
	if (p->stale_count == p->stale_cap) {
		p->stale_cap = p->stale_cap ? p->stale_cap * 2 : 64;
		p->stale = xreallocarray(p->stale, p->stale_cap,
					 sizeof *p->stale);
	}
	p->stale[p->stale_count++] = xstrdup(rel);
}

/* Collects the files under dirfd (at rel) that this build did not claim. */
static int place_find_stale(struct place *p, int folder_fd, struct buf *rel,
			    unsigned depth)
{
	DIR *dir = fdopendir(folder_fd);
	if (!dir) {
		close(folder_fd);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(dir)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		size_t mark = rel->len;
		if (rel->len)
			buf_putc(rel, '/');
		buf_puts(rel, e->d_name);
		/* readdir says the kind on the file systems we meet; a stat
		 * per entry would be 17,000 calls on a large portal */
		bool is_dir = e->d_type == DT_DIR;
		struct stat st;
		if (e->d_type == DT_UNKNOWN) {
			if (fstatat(dirfd(dir), e->d_name, &st,
				    AT_SYMLINK_NOFOLLOW))
				rc = -1;
			is_dir = rc == 0 && S_ISDIR(st.st_mode);
		}
		if (rc)
			;
		else if (is_dir && depth < 64) {
			int fd = openat(dirfd(dir), e->d_name, O_RDONLY |
					O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			rc = fd < 0 ? -1 : place_find_stale(p, fd, rel,
							    depth + 1);
		} else if (!is_dir && !output_claimed(p->o, rel->data)) {
			place_note_stale(p, rel->data);
		}
		buf_truncate(rel, mark);
	}
	closedir(dir);
	return rc;
}

static int place_stale(struct place *p)
{
	for (size_t i = 0; i < p->stale_count; i++)
		if (place_set_aside(p, p->stale[i]) < 0)
			return -1;
	return 0;
}

static void place_undo(struct place *p)
{
	for (size_t i = p->count; i-- > 0;)
		if (rename(p->moves[i].to, p->moves[i].from) != 0)
			diag_error(p->o->diags, p->o->out_dir, 0, 0, "cannot "
				   "put %s back from %s: %s", p->moves[i].from,
				   p->moves[i].to, strerror(errno));
}

/* Folders that held only files no longer produced go too, as they would
 * in a whole new tree; rmdir refuses the ones that are not empty. */
static void place_prune(struct place *p)
{
	for (size_t i = p->stale_count; i-- > 0;) {
		char *path = place_join(p->o->out_dir, p->stale[i]);
		char *slash;
		size_t base = strlen(p->o->out_dir);
		while ((slash = strrchr(path, '/')) && (size_t)(slash - path) > base) {
			*slash = '\0';
			if (rmdir(path) != 0)
				break;
		}
		free(path);
	}
}

static void place_dispose(struct place *p)
{
	for (size_t i = 0; i < p->count; i++) {
		free(p->moves[i].from);
		free(p->moves[i].to);
	}
	free(p->moves);
	for (size_t i = 0; i < p->stale_count; i++)
		free(p->stale[i]);
	free(p->stale);
	free(p->backup_dir);
}

int output_place_commit(struct output *o)
{
	struct place p = {.o = o};
	struct buf rel;
	int status = -1;
	buf_init(&rel);
	p.backup_dir = place_join(o->tmp_dir, ".replaced");
	int fd = -1;
	if (mkdir(p.backup_dir, 0700) != 0 ||
	    (!o->previous &&
	     ((fd = open(o->out_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			 O_CLOEXEC)) < 0 ||
	      place_find_stale(&p, fd, &rel, 0) < 0))) {
		diag_error(o->diags, o->out_dir, 0, 0, "cannot read the output "
			   "folder to update it: %s", strerror(errno));
		goto out;
	}
	/* the record saves walking a folder per page (17,000 on a large
	 * portal); a file put in by hand stays until a whole build */
	for (size_t i = 0; o->previous && i < o->previous_count; i++)
		if (!output_claimed(o, o->previous[i]))
			place_note_stale(&p, o->previous[i]);
	/* stale files first: a page that was a file ("a.html") may now be a
	 * folder of another path, or the other way round */
	if (place_stale(&p) < 0 || place_staged(&p) < 0) {
		place_undo(&p);
		goto out;
	}
	place_prune(&p);
	status = 0;
out:
	buf_dispose(&rel);
	place_dispose(&p);
	return status;
}

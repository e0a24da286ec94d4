/* output_place: moving an in-place build into the output folder, with a
 * journal on disk to finish it after a kill (see output_place.h).
 *
 * The plan (which files go out, which replace old ones, which are new) is
 * written to ".NAME.journal" beside the output folder and fsync'd before
 * the first rename.  Each step can be told done or not from what is on
 * disk (a staged file leaves the staging folder when it moves in; a stale
 * file's backup name is taken when it moves out), so the next run, under
 * the output lock, replays the steps not yet done: the folder becomes the
 * new site, as if the commit had not been stopped.
 *
 * A replaced page is never missing: its old file is hard-linked into the
 * backup folder (for the undo of a failure in this run) and the new one
 * renamed over it, so a reader finds the old bytes or the new ones. */
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
#include "outdir.h"
#include "testkill.h"

#define PLACE_JOURNAL_HEAD "congbo-journal 1"
#define PLACE_JOURNAL_MAX_SIZE (256u * 1024 * 1024)

/* One step of the plan; its letter in the journal. */
enum place_kind {
	PLACE_STALE = 'S',     /* out/rel moves to backup/n */
	PLACE_REPLACE = 'R',   /* a regular out/rel is linked to backup/n,
				  tmp/rel renamed over it */
	PLACE_ASIDE = 'M',     /* out/rel (not a file) moves to backup/n,
				  tmp/rel in */
	PLACE_ADD = 'A',       /* tmp/rel moves in */
};

struct place_step {
	enum place_kind kind;
	size_t n;              /* the backup name, for S, R, M */
	char *rel;
};

/* One rename done, to be undone if a later one fails. */
struct place_move {
	char *from;
	char *to;
};

struct place {
	struct output *o;
	const char *out_dir, *tmp_dir;
	struct diag_list *diags;
	struct place_step *steps;
	size_t step_count, step_cap;
	struct place_move *moves;
	size_t count, cap;
	size_t ops;              /* renames and links tried (fail_move) */
	char *backup_dir;
	char *journal;           /* its path */
	mode_t dir_mode;         /* of folders it makes (output_site_modes) */
};

static char *place_join(const char *dir, const char *rel)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%s", dir, rel);
	return buf_detach(&b);
}

static char *place_backup(const struct place *p, size_t n)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/%zu", p->backup_dir, n);
	return buf_detach(&b);
}

static bool place_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void place_add_step(struct place *p, enum place_kind kind, size_t n,
			   const char *rel)
{
	if (p->step_count == p->step_cap) {
		p->step_cap = p->step_cap ? p->step_cap * 2 : 64;
		p->steps = xreallocarray(p->steps, p->step_cap,
					 sizeof *p->steps);
	}
	p->steps[p->step_count++] = (struct place_step){kind, n,
							xstrdup(rel)};
}

/* Whether the test hook says this rename or link fails (disk full). */
static bool place_fails(struct place *p)
{
	p->ops++;
	testkill_point("commit-move");
	return p->o && p->o->fail_move && p->ops == p->o->fail_move;
}

static void place_note_move(struct place *p, char *from, char *to)
{
	if (p->count == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->moves = xreallocarray(p->moves, p->cap, sizeof *p->moves);
	}
	p->moves[p->count++] = (struct place_move){from, to};
}

/* Renames from to to (or, with keep, gives from the second name to,
 * which the undo renames back over whatever replaced from), remembering
 * it for the undo; takes both. */
static int place_step(struct place *p, char *from, char *to, bool keep)
{
	bool fail = place_fails(p);
	if (fail || (keep ? link(from, to) : rename(from, to)) != 0) {
		int err = fail ? ENOSPC : errno;
		if (keep)
			diag_error(p->diags, p->out_dir, 0, 0,
				   "cannot keep %s as %s: %s", from, to,
				   strerror(err));
		else
			diag_error(p->diags, p->out_dir, 0, 0,
				   "cannot move %s to %s: %s", from, to,
				   strerror(err));
		free(from);
		free(to);
		return -1;
	}
	place_note_move(p, from, to);
	return 0;
}

static int place_move(struct place *p, char *from, char *to)
{
	return place_step(p, from, to, false);
}

static int place_link(struct place *p, char *from, char *to)
{
	return place_step(p, from, to, true);
}

/* Makes the folders above rel in out_dir that are missing. */
static int place_parents(struct place *p, const char *rel)
{
	char *path = place_join(p->out_dir, rel);
	size_t base = strlen(p->out_dir) + 1;
	int rc = 0;
	for (char *s = path + base; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(path, p->dir_mode) == 0)
			chmod(path, p->dir_mode);
		else if (errno != EEXIST) {
			diag_error(p->diags, p->out_dir, 0, 0, "cannot make the "
				   "folder %s: %s", path, strerror(errno));
			rc = -1;
		}
		*s = '/';
		if (rc)
			break;
	}
	free(path);
	return rc;
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
			place_add_step(p, PLACE_STALE, p->step_count,
				       rel->data);
		}
		buf_truncate(rel, mark);
	}
	closedir(dir);
	return rc;
}

/* The plan: stale files first (a page that was a file, "a.html", may now
 * be a folder of another path, or the other way round), then the staged
 * ones.  Backup names are step numbers, so they never clash. */
static int place_plan(struct place *p)
{
	struct output *o = p->o;
	struct buf rel;
	int fd = -1, status = 0;
	buf_init(&rel);
	if (!o->previous &&
	    ((fd = open(o->out_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			O_CLOEXEC)) < 0 ||
	     place_find_stale(p, fd, &rel, 0) < 0)) {
		diag_error(p->diags, o->out_dir, 0, 0, "cannot read the output "
			   "folder to update it: %s", strerror(errno));
		status = -1;
	}
	/* the record saves walking a folder per page (17,000 on a large
	 * portal); a file put in by hand stays until a whole build */
	for (size_t i = 0; o->previous && i < o->previous_count; i++)
		if (!output_claimed(o, o->previous[i]))
			place_add_step(p, PLACE_STALE, p->step_count,
				       o->previous[i]);
	for (size_t i = 0; status == 0 && i < o->staged_count; i++) {
		char *target = place_join(o->out_dir, o->staged[i]);
		struct stat st;
		enum place_kind kind = lstat(target, &st) != 0 ? PLACE_ADD :
			S_ISREG(st.st_mode) ? PLACE_REPLACE : PLACE_ASIDE;
		place_add_step(p, kind, p->step_count, o->staged[i]);
		free(target);
	}
	buf_dispose(&rel);
	return status;
}

static int place_fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
	if (fd >= 0)
		close(fd);
	return rc;
}

/* The folder holding path ("." when none); the caller frees it. */
static char *place_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, (size_t)(slash - path + (slash == path)))
		     : xstrdup(".");
}

static int place_write_all(int fd, const char *data, size_t len)
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

/* Writes the plan to the journal, durably, before anything moves. */
static int place_write_journal(struct place *p)
{
	struct buf text, tmp;
	int fd = -1, status = -1;
	const char *tmp_base = strrchr(p->tmp_dir, '/');
	buf_init(&text);
	buf_init(&tmp);
	buf_printf(&text, "%s\n%s\n", PLACE_JOURNAL_HEAD,
		   tmp_base ? tmp_base + 1 : p->tmp_dir);
	for (size_t i = 0; i < p->step_count; i++)
		buf_printf(&text, "%c\t%zu\t%s\n", p->steps[i].kind,
			   p->steps[i].n, p->steps[i].rel);
	buf_puts(&text, "end\n");
	buf_printf(&tmp, "%s.new", p->journal);
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
		  O_CLOEXEC, 0644);
	char *parent = place_parent(p->journal);
	if (fd >= 0 && place_write_all(fd, text.data, text.len) == 0 &&
	    fsync(fd) == 0 && close(fd) == 0 &&
	    (fd = -1, rename(tmp.data, p->journal)) == 0 &&
	    place_fsync_dir(parent) == 0)
		status = 0;
	else
		diag_error(p->diags, p->out_dir, 0, 0, "cannot write the "
			   "journal %s: %s", p->journal, strerror(errno));
	if (fd >= 0)
		close(fd);
	if (status < 0)
		unlink(tmp.data);
	free(parent);
	buf_dispose(&text);
	buf_dispose(&tmp);
	return status;
}

static int place_do_step(struct place *p, const struct place_step *s)
{
	char *out = place_join(p->out_dir, s->rel);
	switch (s->kind) {
	case PLACE_STALE:
		return place_move(p, out, place_backup(p, s->n));
	case PLACE_REPLACE:
		if (place_link(p, xstrdup(out), place_backup(p, s->n)) < 0)
			break;
		return place_move(p, place_join(p->tmp_dir, s->rel), out);
	case PLACE_ASIDE:
		if (place_move(p, xstrdup(out), place_backup(p, s->n)) < 0)
			break;
		/* fall through */
	case PLACE_ADD:
		if (place_parents(p, s->rel) < 0)
			break;
		return place_move(p, place_join(p->tmp_dir, s->rel), out);
	}
	free(out);
	return -1;
}

static void place_undo(struct place *p)
{
	for (size_t i = p->count; i-- > 0;)
		if (rename(p->moves[i].to, p->moves[i].from) != 0)
			diag_error(p->diags, p->out_dir, 0, 0, "cannot put %s "
				   "back from %s: %s", p->moves[i].from,
				   p->moves[i].to, strerror(errno));
}

/* Folders that held only files no longer produced go too, as they would
 * in a whole new tree; rmdir refuses the ones that are not empty. */
static void place_prune(struct place *p)
{
	size_t base = strlen(p->out_dir);
	for (size_t i = p->step_count; i-- > 0;) {
		if (p->steps[i].kind != PLACE_STALE)
			continue;
		char *path = place_join(p->out_dir, p->steps[i].rel);
		char *slash;
		while ((slash = strrchr(path, '/')) &&
		       (size_t)(slash - path) > base) {
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
	for (size_t i = 0; i < p->step_count; i++)
		free(p->steps[i].rel);
	free(p->steps);
	free(p->backup_dir);
	free(p->journal);
}

int output_place_commit(struct output *o)
{
	struct place p = {.o = o, .out_dir = o->out_dir,
			  .tmp_dir = o->tmp_dir, .diags = o->diags,
			  .dir_mode = o->dir_mode};
	int status = -1;
	p.backup_dir = place_join(o->tmp_dir, ".replaced");
	p.journal = outdir_sibling_path(o->out_dir, ".journal");
	if (mkdir(p.backup_dir, 0700) != 0) {
		diag_error(o->diags, o->out_dir, 0, 0, "cannot make %s: %s",
			   p.backup_dir, strerror(errno));
		goto out;
	}
	if (place_plan(&p) < 0 || place_write_journal(&p) < 0)
		goto out;
	testkill_point("commit-journal");
	for (size_t i = 0; i < p.step_count; i++)
		if (place_do_step(&p, &p.steps[i]) < 0) {
			place_undo(&p);
			unlink(p.journal);
			goto out;
		}
	testkill_point("commit-done");
	place_prune(&p);
	unlink(p.journal);
	status = 0;
out:
	place_dispose(&p);
	return status;
}

/* Reads the journal: a regular file of bounded size, or NULL. */
static char *place_read_journal(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *text = NULL;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size <= PLACE_JOURNAL_MAX_SIZE) {
		text = xmalloc((size_t)st.st_size + 1);
		ssize_t n = read(fd, text, (size_t)st.st_size);
		if (n != (ssize_t)st.st_size) {
			free(text);
			text = NULL;
		} else
			text[n] = '\0';
	}
	close(fd);
	return text;
}

/* Parses the journal into p's steps; -1 when it is not a whole one. */
static int place_parse_journal(struct place *p, char *text, char **tmp_base)
{
	char *save = NULL;
	char *line = strtok_r(text, "\n", &save);
	if (!line || strcmp(line, PLACE_JOURNAL_HEAD) ||
	    !(*tmp_base = strtok_r(NULL, "\n", &save)) ||
	    strchr(*tmp_base, '/') || strncmp(*tmp_base, ".", 1))
		return -1;
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		if (!strcmp(line, "end"))
			return 0;
		char kind = line[0];
		char *end;
		size_t n = strtoul(line + 2, &end, 10);
		if (!strchr("SRMA", kind) || !kind || line[1] != '\t' ||
		    *end != '\t' || output_check_path(end + 1, NULL) < 0)
			return -1;
		place_add_step(p, (enum place_kind)kind, n, end + 1);
	}
	return -1;   /* no "end": not written through */
}

/* Does step s again unless it is done (see the top of this file). */
static void place_redo(struct place *p, const struct place_step *s)
{
	char *out = place_join(p->out_dir, s->rel);
	char *tmp = place_join(p->tmp_dir, s->rel);
	char *backup = place_backup(p, s->n);
	if (s->kind == PLACE_STALE) {
		if (place_exists(out) && !place_exists(backup))
			rename(out, backup);
	} else if (place_exists(tmp)) {
		if (s->kind == PLACE_ASIDE && place_exists(out) &&
		    !place_exists(backup))
			rename(out, backup);
		if (place_parents(p, s->rel) == 0 && rename(tmp, out) != 0)
			diag_warning(p->diags, p->out_dir, 0, 0, "cannot move "
				     "%s to %s: %s", tmp, out, strerror(errno));
	}
	free(out);
	free(tmp);
	free(backup);
}

void output_place_recover(const char *out_dir, struct diag_list *diags)
{
	struct place p = {.out_dir = out_dir, .diags = diags};
	struct stat st;   /* folders it remakes take the site's own mode */
	p.dir_mode = stat(out_dir, &st) == 0 ? (st.st_mode & 0777) | 0555 : 0755;
	char *tmp_base = NULL, *tmp_dir = NULL;
	p.journal = outdir_sibling_path(out_dir, ".journal");
	char *stray = outdir_sibling_path(out_dir, ".journal.new");
	unlink(stray);   /* a plan never acted on */
	free(stray);
	char *text = place_read_journal(p.journal);
	if (!text)
		goto out;
	char *parent = place_parent(p.journal);
	/* the staging folder it names must be this folder's own: a
	 * journal written by hand must not steer a removal elsewhere */
	char *own = outdir_sibling_path(out_dir, ".tmp-");
	const char *own_base = strrchr(own, '/') ? strrchr(own, '/') + 1 : own;
	bool whole = place_parse_journal(&p, text, &tmp_base) == 0 &&
		     strncmp(tmp_base, own_base, strlen(own_base)) == 0 &&
		     tmp_base[strlen(own_base)] != '\0';
	free(own);
	if (whole) {
		tmp_dir = place_join(parent, tmp_base);
		p.tmp_dir = tmp_dir;
		p.backup_dir = place_join(tmp_dir, ".replaced");
	}
	free(parent);
	if (!whole || !place_exists(tmp_dir)) {
		diag_warning(diags, out_dir, 0, 0, "found the journal %s of an "
			     "update that was stopped, but not the files it "
			     "names: this build makes the whole site again", p.journal);
		char *cache = outdir_sibling_path(out_dir, ".cache");
		unlink(cache);
		free(cache);
	} else {
		for (size_t i = 0; i < p.step_count; i++)
			place_redo(&p, &p.steps[i]);
		place_prune(&p);
		diag_warning(diags, out_dir, 0, 0, "finished the update of the "
			     "output folder that a stopped build had begun");
	}
	if (tmp_dir)
		output_remove_tree(tmp_dir);
	unlink(p.journal);
	place_fsync_dir(out_dir);
out:
	free(text);
	free(tmp_dir);
	place_dispose(&p);
}

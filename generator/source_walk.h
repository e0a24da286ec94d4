/* source_walk: what the two source backends share (private to source*.c).
 *
 * A backend visits the portal's folders depth first, keeping the relative
 * path of the entry it is on in w.path, and hands each regular file's bytes
 * to source_walk_add; source_walk_finish sorts once at the end (the
 * backends visit in different orders: readdir's, and git's, where a folder
 * sorts as "name/") and gives the list to a struct source.
 *
 *     struct source_walk w;
 *     source_walk_init(&w, diags);
 *     size_t mark = source_walk_push(&w, "content");
 *     ... source_walk_add(&w, data, len, &oid) ...
 *     source_walk_pop(&w, mark);
 *     return source_walk_finish(&w, src, label, "");
 */
#ifndef CONGBO_SOURCE_WALK_H
#define CONGBO_SOURCE_WALK_H

#include <git2.h>
#include <stdbool.h>

#include "buf.h"
#include "source.h"

/* The portal's top folders that are read; only the first must exist. */
#define SOURCE_TOP_COUNT 3
extern const char *const source_top_folders[SOURCE_TOP_COUNT];

/* Same words from both backends, so a portal gives the same warnings
 * whichever way it is read. */
#define SOURCE_MSG_SYMLINK \
	"symbolic link skipped: it could point outside the portal"
#define SOURCE_MSG_TOO_DEEP \
	"folder skipped: nested more than %d folders deep"

struct source_walk {
	struct source_file *files;
	size_t count;
	size_t cap;
	struct buf path;           /* "content/posts/a.md" while on it */
	struct diag_list *diags;
	int failed;                /* an error was reported */
	const struct source_known *known;   /* or NULL */
	bool stat_only;            /* source_stat_dir: sizes and times only */
	bool known_id;             /* the file just read had a known id */
};

void source_walk_init(struct source_walk *w, struct diag_list *diags);
/* Frees what the walk still owns (nothing after source_walk_finish). */
void source_walk_dispose(struct source_walk *w);

/* Whether an entry called name is left out: ".", "..", hidden names and
 * editor backups. */
int source_name_skipped(const char *name);

/* Appends "/name" (or "name" at the top) to w->path; returns the length to
 * give source_walk_pop to undo it. */
size_t source_walk_push(struct source_walk *w, const char *name);
void source_walk_pop(struct source_walk *w, size_t mark);

/* Records the file at w->path.  Takes data, which must be xmalloc'ed with
 * room for len + 1 bytes; the NUL is written here. */
void source_walk_add(struct source_walk *w, char *data, size_t len,
		     const git_oid *id);

/* Diagnostics about the entry at w->path; an error marks the walk failed. */
void source_walk_error(struct source_walk *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void source_walk_warning(struct source_walk *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Error for a file whose size is over SOURCE_MAX_FILE_SIZE; returns
 * whether it was. */
int source_walk_check_size(struct source_walk *w, unsigned long long size);

/* Ends the walk.  If it failed, frees the files and returns -1 with src
 * empty; otherwise sorts them into src (the caller then owns src, to free
 * with source_dispose) with copies of label and commit, and returns 0. */
int source_walk_finish(struct source_walk *w, struct source *src,
		       const char *label, const char *commit);

#endif

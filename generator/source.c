/* source: the file list both backends build (see source.h), and the
 * shared walk machinery (source_walk.h).  The backends live in
 * source_dir.c and source_git.c. */
#include "source.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "source_walk.h"

const char *const source_top_folders[SOURCE_TOP_COUNT] = {
	"content", "themes", "templates",
};

void source_walk_init(struct source_walk *w, struct diag_list *diags)
{
	w->files = NULL;
	w->count = w->cap = 0;
	buf_init(&w->path);
	w->diags = diags;
	w->failed = 0;
	w->known = NULL;
	w->stat_only = false;
}

static void source_files_free(struct source_file *files, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(files[i].path);
		free(files[i].data);
	}
	free(files);
}

void source_walk_dispose(struct source_walk *w)
{
	source_files_free(w->files, w->count);
	w->files = NULL;
	w->count = w->cap = 0;
	buf_dispose(&w->path);
}

int source_name_skipped(const char *name)
{
	size_t len = strlen(name);
	return len == 0 || name[0] == '.' || name[len - 1] == '~';
}

size_t source_walk_push(struct source_walk *w, const char *name)
{
	size_t mark = w->path.len;
	if (mark)
		buf_putc(&w->path, '/');
	buf_puts(&w->path, name);
	return mark;
}

void source_walk_pop(struct source_walk *w, size_t mark)
{
	buf_truncate(&w->path, mark);
}

void source_walk_add(struct source_walk *w, char *data, size_t len,
		     const git_oid *id)
{
	if (w->count == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		w->files = xreallocarray(w->files, w->cap, sizeof *w->files);
	}
	struct source_file *f = &w->files[w->count++];
	memset(f, 0, sizeof *f);
	data[len] = '\0';
	f->path = xstrndup(w->path.data, w->path.len);
	f->data = data;
	f->len = len;
	git_oid_tostr(f->id, sizeof f->id, id);
}

void source_walk_error(struct source_walk *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(w->diags, DIAG_ERROR, w->path.data, 0, 0, fmt, ap);
	va_end(ap);
	w->failed = 1;
}

void source_walk_warning(struct source_walk *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(w->diags, DIAG_WARNING, w->path.data, 0, 0, fmt, ap);
	va_end(ap);
}

int source_walk_check_size(struct source_walk *w, unsigned long long size)
{
	if (size <= SOURCE_MAX_FILE_SIZE)
		return 0;
	source_walk_error(w, "file of %llu bytes is over the limit of %u MiB "
			  "(SOURCE_MAX_FILE_SIZE)", size,
			  SOURCE_MAX_FILE_SIZE / (1024 * 1024));
	return 1;
}

static int source_file_compare(const void *pa, const void *pb)
{
	const struct source_file *a = pa, *b = pb;
	return strcmp(a->path, b->path);
}

int source_walk_finish(struct source_walk *w, struct source *src,
		       const char *label, const char *commit)
{
	memset(src, 0, sizeof *src);
	if (w->failed) {
		source_walk_dispose(w);
		return -1;
	}
	if (w->count > 1)
		qsort(w->files, w->count, sizeof *w->files,
		      source_file_compare);
	src->files = w->files;
	src->count = w->count;
	src->label = xstrdup(label);
	snprintf(src->commit, sizeof src->commit, "%s", commit);
	w->files = NULL;
	w->count = w->cap = 0;
	return 0;
}

static int source_find_compare(const void *key, const void *elem)
{
	const struct source_file *f = elem;
	return strcmp(key, f->path);
}

const struct source_file *source_find(const struct source *src,
				      const char *path)
{
	if (src->count == 0)
		return NULL;
	return bsearch(path, src->files, src->count, sizeof *src->files,
		       source_find_compare);
}

void source_dispose(struct source *src)
{
	source_files_free(src->files, src->count);
	free(src->label);
	memset(src, 0, sizeof *src);
}

/* diag: the build's list of diagnostics (see diag.h). */
#include "diag.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "mem.h"

void diag_list_init(struct diag_list *list)
{
	list->items = NULL;
	list->count = list->cap = list->errors = 0;
	pthread_mutex_init(&list->lock, NULL);
}

void diag_list_dispose(struct diag_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].file);
		free(list->items[i].message);
	}
	free(list->items);
	pthread_mutex_destroy(&list->lock);
	list->items = NULL;
	list->count = list->cap = list->errors = 0;
}

static void diag_push(struct diag_list *list, struct diag d)
{
	pthread_mutex_lock(&list->lock);
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = xreallocarray(list->items, list->cap,
					    sizeof *list->items);
	}
	list->items[list->count++] = d;
	if (d.severity == DIAG_ERROR)
		list->errors++;
	pthread_mutex_unlock(&list->lock);
}

void diag_vadd(struct diag_list *list, enum diag_severity severity,
	       const char *file, unsigned line, unsigned col,
	       const char *fmt, va_list ap)
{
	struct buf msg;
	buf_init(&msg);
	/* gettext("") would be the catalog's header */
	buf_vprintf(&msg, *fmt ? _(fmt) : fmt, ap);
	struct diag d = {
		.file = xstrdup(file ? file : "congbo"),
		.line = line,
		.col = col,
		.severity = severity,
		.message = buf_detach(&msg),
	};
	diag_push(list, d);
}

void diag_add(struct diag_list *list, enum diag_severity severity,
	      const char *file, unsigned line, unsigned col,
	      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(list, severity, file, line, col, fmt, ap);
	va_end(ap);
}

void diag_error(struct diag_list *list, const char *file, unsigned line,
		unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(list, DIAG_ERROR, file, line, col, fmt, ap);
	va_end(ap);
}

void diag_note(struct diag_list *list, const char *file, unsigned line,
	       unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(list, DIAG_NOTE, file, line, col, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag_list *list, const char *file, unsigned line,
		  unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(list, DIAG_WARNING, file, line, col, fmt, ap);
	va_end(ap);
}

static int diag_compare(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return strcmp(a->message, b->message);
}

static bool diag_same(const struct diag *a, const struct diag *b)
{
	return a->line == b->line && a->col == b->col &&
	       a->severity == b->severity && !strcmp(a->file, b->file) &&
	       !strcmp(a->message, b->message);
}

/* After the sort: one diagnostic per distinct problem.  A template
 * mistake met by every page it renders (a missing partial, a partial
 * that includes itself) is one message, not one per page. */
static void diag_dedupe(struct diag_list *list)
{
	size_t kept = 0;
	for (size_t i = 0; i < list->count; i++) {
		struct diag *d = &list->items[i];
		if (kept && diag_same(&list->items[kept - 1], d)) {
			if (d->severity == DIAG_ERROR)
				list->errors--;
			free(d->file);
			free(d->message);
			continue;
		}
		list->items[kept++] = *d;
	}
	list->count = kept;
}

void diag_sort(struct diag_list *list)
{
	if (list->count > 1)
		qsort(list->items, list->count, sizeof *list->items,
		      diag_compare);
	diag_dedupe(list);
}

void diag_print(const struct diag_list *list, FILE *out)
{
	for (size_t i = 0; i < list->count; i++) {
		const struct diag *d = &list->items[i];
		const char *sev = d->severity == DIAG_ERROR ? "error"
				: d->severity == DIAG_NOTE  ? "note"
							    : "warning";
		if (d->line)
			fprintf(out, "%s:%u:%u: %s: %s\n", d->file, d->line,
				d->col, sev, d->message);
		else
			fprintf(out, "%s: %s: %s\n", d->file, sev, d->message);
	}
}

void diag_move(struct diag_list *dst, struct diag_list *src)
{
	for (size_t i = 0; i < src->count; i++)
		diag_push(dst, src->items[i]);
	free(src->items);
	src->items = NULL;
	src->count = src->cap = src->errors = 0;
}

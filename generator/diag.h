/* diag: diagnostics as data.
 *
 * Every problem congbo finds in content becomes one struct diag
 * {file, line, column, severity, message} in the build's list, and the
 * build goes on so that one run reports everything it can.  Only main.c
 * prints the list, GCC-style:
 *
 *     content/posts/a.md:3:7: error: date "19/04/2022" is not a date; ...
 *
 * Lines and columns are 1-based; 0 means "the whole file".  A list may be
 * appended to from several threads at once (render workers). */
#ifndef CONGBO_DIAG_H
#define CONGBO_DIAG_H

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* A note tells what congbo did on the writer's behalf; it is not a
 * problem and does not fail a build. */
enum diag_severity { DIAG_WARNING, DIAG_ERROR, DIAG_NOTE };

struct diag {
	char *file;
	unsigned line;
	unsigned col;
	enum diag_severity severity;
	char *message;
};

struct diag_list {
	struct diag *items;
	size_t count;
	size_t cap;
	size_t errors;
	pthread_mutex_t lock;
};

void diag_list_init(struct diag_list *list);
void diag_list_dispose(struct diag_list *list);
void diag_add(struct diag_list *list, enum diag_severity severity,
	      const char *file, unsigned line, unsigned col,
	      const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void diag_vadd(struct diag_list *list, enum diag_severity severity,
	       const char *file, unsigned line, unsigned col,
	       const char *fmt, va_list ap);
/* Shorthands for the common case. */
void diag_error(struct diag_list *list, const char *file, unsigned line,
		unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_warning(struct diag_list *list, const char *file, unsigned line,
		  unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_note(struct diag_list *list, const char *file, unsigned line,
	       unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Orders by file, line, column (stable), so output does not depend on
 * which thread found what first, and drops exact duplicates: one message
 * per distinct problem, however many pages met it. */
void diag_sort(struct diag_list *list);
/* "file:line:col: error: message" lines, one per diagnostic. */
void diag_print(const struct diag_list *list, FILE *out);
/* Moves every diagnostic of src to the end of dst; src ends up empty. */
void diag_move(struct diag_list *dst, struct diag_list *src);

#endif

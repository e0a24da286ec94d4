/* arena: bump allocation for objects that all die together.
 *
 * A build keeps its model (values, pages) in one arena and frees it in one
 * call; a render worker keeps each page's view in its own arena and resets
 * it between pages.  An arena is not thread-safe: one owner at a time.
 *
 *     struct arena a;
 *     arena_init(&a);
 *     char *s = arena_strdup(&a, "Gia Viễn");
 *     arena_dispose(&a);          // s is gone too
 */
#ifndef CONGBO_ARENA_H
#define CONGBO_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;   /* chunk being filled; older ones follow */
	size_t used;                /* bytes taken in head */
};

void arena_init(struct arena *a);
/* Frees every chunk; a is empty and usable afterwards. */
void arena_dispose(struct arena *a);
/* Moves every chunk of from into a: what lived in from lives as long as
 * a does now; from is empty afterwards. */
void arena_adopt(struct arena *a, struct arena *from);
/* Forgets everything allocated but keeps the first chunk for reuse. */
void arena_reset(struct arena *a);
/* Zeroed, 16-byte aligned memory that lives until dispose or reset. */
void *arena_alloc(struct arena *a, size_t size);
void *arena_array(struct arena *a, size_t count, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/* s1, s2 and s3 (may be NULL) end to end: arena_printf without the cost
 * of parsing a format, for the views of every page. */
char *arena_join(struct arena *a, const char *s1, const char *s2,
		 const char *s3);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif

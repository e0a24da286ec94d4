/* mem: allocation that never returns NULL.
 *
 * Out of memory is not a condition congbo can recover from in a useful way,
 * so every allocation goes through these wrappers, which print one line and
 * abort.  Callers therefore never check for NULL. */
#ifndef CONGBO_MEM_H
#define CONGBO_MEM_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Array growth with overflow check: count * size bytes. */
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
/* Copies len bytes and adds a NUL. */
char *xstrndup(const char *s, size_t len);

#endif

/* arena: chunked bump allocator (see arena.h). */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define ARENA_CHUNK_SIZE (64 * 1024)
#define ARENA_ALIGN 16

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	_Alignas(ARENA_ALIGN) unsigned char bytes[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
}

static void arena_free_chunks(struct arena_chunk *c)
{
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
}

void arena_dispose(struct arena *a)
{
	arena_free_chunks(a->head);
	arena_init(a);
}

void arena_adopt(struct arena *a, struct arena *from)
{
	if (!from->head)
		return;
	if (!a->head) {
		*a = *from;
	} else {
		/* behind a's head, which keeps filling */
		struct arena_chunk *tail = from->head;
		while (tail->next)
			tail = tail->next;
		tail->next = a->head->next;
		a->head->next = from->head;
	}
	arena_init(from);
}

void arena_reset(struct arena *a)
{
	if (!a->head)
		return;
	/* keep the oldest chunk: it is the one of standard size */
	struct arena_chunk *c = a->head, *keep = NULL;
	while (c) {
		struct arena_chunk *next = c->next;
		if (!next && c->size == ARENA_CHUNK_SIZE) {
			keep = c;
			break;
		}
		free(c);
		c = next;
	}
	a->head = keep;
	if (keep)
		keep->next = NULL;
	a->used = 0;
}

static struct arena_chunk *arena_new_chunk(size_t size)
{
	struct arena_chunk *c = xmalloc(sizeof *c + size);
	c->next = NULL;
	c->size = size;
	return c;
}

void *arena_alloc(struct arena *a, size_t size)
{
	size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (!a->head || a->head->size - a->used < size) {
		if (size > ARENA_CHUNK_SIZE / 4) {
			/* big block: own chunk behind the head, head keeps filling */
			struct arena_chunk *big = arena_new_chunk(size);
			if (a->head) {
				big->next = a->head->next;
				a->head->next = big;
			} else {
				a->head = big;
				a->used = size;
			}
			memset(big->bytes, 0, size);
			return big->bytes;
		}
		struct arena_chunk *c = arena_new_chunk(ARENA_CHUNK_SIZE);
		c->next = a->head;
		a->head = c;
		a->used = 0;
	}
	void *p = a->head->bytes + a->used;
	a->used += size;
	memset(p, 0, size);
	return p;
}

void *arena_array(struct arena *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size / 2) {
		fprintf(stderr, "congbo: arena array too large\n");
		abort();
	}
	return arena_alloc(a, count * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	/* most texts (a URL, a title) fit here: formatted once, not measured
	 * first */
	char small[256];
	va_list ap, copy;
	va_start(ap, fmt);
	va_copy(copy, ap);
	int n = vsnprintf(small, sizeof small, fmt, copy);
	va_end(copy);
	char *p;
	if (n >= 0 && (size_t)n < sizeof small) {
		p = arena_strndup(a, small, (size_t)n);
	} else {
		p = arena_alloc(a, n > 0 ? (size_t)n + 1 : 1);
		if (n > 0)
			vsnprintf(p, (size_t)n + 1, fmt, ap);
	}
	va_end(ap);
	return p;
}

char *arena_join(struct arena *a, const char *s1, const char *s2,
		 const char *s3)
{
	size_t n1 = strlen(s1), n2 = strlen(s2), n3 = s3 ? strlen(s3) : 0;
	char *s = arena_alloc(a, n1 + n2 + n3 + 1);
	memcpy(s, s1, n1);
	memcpy(s + n1, s2, n2);
	if (n3)
		memcpy(s + n1 + n2, s3, n3);
	s[n1 + n2 + n3] = '\0';
	return s;
}

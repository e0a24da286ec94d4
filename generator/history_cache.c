/* history_cache: the walk's result on disk (see history_cache.h).
 *
 *     "congbo-history 1\n"
 *     str  congbo's version and build id
 *     str  the content folder walked ("content", "portal/content")
 *     20   the commit walked
 *     u64  commits walked      u8  shallow (1) or not (0)
 *     u32  revisions, each:    u64 time, str author, str subject
 *     u32  files (sorted by path), each:
 *          str path, 40 hex blob id, u32 revisions, each:
 *          u32 its index above, u8 bytes kept (1: then str bytes)
 *     the seal (records.h)
 *
 * Numbers are little-endian; str is a u32 length and the bytes. */
#include "history_cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "mem.h"
#include "records.h"

#define HISTORY_CACHE_MAGIC "congbo-history 1\n"
#define HISTORY_CACHE_FILE "congbo-history"

char *history_cache_path(const char *commondir)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s%s" HISTORY_CACHE_FILE, commondir,
		   *commondir && commondir[strlen(commondir) - 1] != '/'
		   ? "/" : "");
	return buf_detach(&b);
}

static void history_cache_build(struct buf *b)
{
	buf_printf(b, "%s %s", CONGBO_VERSION, cache_build_id());
}

/* ---- writing ---- */

static int compare_pointers(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const void *const *)a;
	uintptr_t y = (uintptr_t)*(const void *const *)b;
	return x < y ? -1 : x > y;
}

/* Every distinct revision of h, sorted by address (a revision is shared
 * by all the files its commit changed); *count of them. */
static const struct history_rev **distinct_revs(const struct history *h,
						 size_t *count)
{
	size_t total = 0, n = 0;
	for (size_t i = 0; i < h->count; i++)
		total += h->files[i].count;
	const struct history_rev **revs = xreallocarray(NULL, total ? total : 1,
							sizeof *revs);
	for (size_t i = 0; i < h->count; i++)
		for (size_t j = 0; j < h->files[i].count; j++)
			revs[n++] = h->files[i].revs[j];
	if (n)
		qsort(revs, n, sizeof *revs, compare_pointers);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (!kept || revs[kept - 1] != revs[i])
			revs[kept++] = revs[i];
	*count = kept;
	return revs;
}

static uint32_t rev_index(const struct history_rev **revs, size_t count,
			  const struct history_rev *rev)
{
	const struct history_rev **found = bsearch(&rev, revs, count,
						   sizeof *revs,
						   compare_pointers);
	return (uint32_t)(found - revs);
}

static void put_file(struct buf *b, const struct history_file *f,
		     const struct history_rev **revs, size_t rev_count)
{
	records_put_string(b, f->path, strlen(f->path));
	buf_put(b, f->blob, 40);
	records_put_number(b, f->count, 4);
	for (size_t j = 0; j < f->count; j++) {
		records_put_number(b, rev_index(revs, rev_count, f->revs[j]), 4);
		records_put_number(b, f->bytes[j].data != NULL, 1);
		if (f->bytes[j].data)
			records_put_string(b, f->bytes[j].data, f->bytes[j].len);
	}
}

int history_cache_write(const struct history *h, const char *path,
			const char *content_path, const git_oid *head)
{
	struct buf b, build;
	size_t rev_count = 0;
	const struct history_rev **revs = distinct_revs(h, &rev_count);
	buf_init(&b);
	buf_init(&build);
	history_cache_build(&build);
	buf_puts(&b, HISTORY_CACHE_MAGIC);
	records_put_string(&b, build.data, build.len);
	records_put_string(&b, content_path, strlen(content_path));
	buf_put(&b, head->id, GIT_OID_RAWSZ);
	records_put_number(&b, h->commits, 8);
	records_put_number(&b, h->shallow, 1);
	records_put_number(&b, rev_count, 4);
	for (size_t i = 0; i < rev_count; i++) {
		records_put_number(&b, (uint64_t)revs[i]->time, 8);
		records_put_string(&b, revs[i]->author, strlen(revs[i]->author));
		records_put_string(&b, revs[i]->subject, strlen(revs[i]->subject));
	}
	records_put_number(&b, h->count, 4);
	for (size_t i = 0; i < h->count; i++)
		put_file(&b, &h->files[i], revs, rev_count);
	records_seal(&b);
	int rc = cache_write_file(path, b.data, b.len);
	free(revs);
	buf_dispose(&b);
	buf_dispose(&build);
	return rc;
}

/* ---- reading ---- */

/* Whether the next str is exactly want. */
static bool get_same(struct records_reader *r, struct arena *a,
		     const char *want)
{
	size_t len;
	const char *s = records_get_string(r, a, &len);
	return !r->bad && len == strlen(want) && memcmp(s, want, len) == 0;
}

static void get_file(struct records_reader *r, struct history *h,
		     struct history_file *f, const struct history_rev *revs,
		     uint32_t rev_count)
{
	f->path = records_get_string(r, &h->arena, NULL);
	const char *blob = records_get_bytes(r, 40);
	if (blob)
		memcpy(f->blob, blob, 40);
	uint32_t count = (uint32_t)records_get_number(r, 4);
	/* each revision takes 5 bytes at least: a count beyond is a lie */
	if (r->bad || count > (size_t)(r->end - r->p) / 5) {
		r->bad = true;
		return;
	}
	f->cap = f->count = count;
	f->revs = xreallocarray(NULL, count ? count : 1, sizeof *f->revs);
	f->bytes = xreallocarray(NULL, count ? count : 1, sizeof *f->bytes);
	for (uint32_t j = 0; j < count; j++) {
		uint32_t k = (uint32_t)records_get_number(r, 4);
		uint64_t kept = records_get_number(r, 1);
		r->bad |= k >= rev_count || kept > 1;
		f->revs[j] = &revs[r->bad ? 0 : k];
		f->bytes[j] = (struct history_bytes){NULL, 0};
		if (kept == 1 && !r->bad)
			f->bytes[j].data = records_get_string(r, &h->arena,
							      &f->bytes[j].len);
	}
}

static void get_files(struct records_reader *r, struct history *h,
		      const struct history_rev *revs, uint32_t rev_count)
{
	uint32_t count = (uint32_t)records_get_number(r, 4);
	if (r->bad || count > (size_t)(r->end - r->p) / 48) {
		r->bad = true;
		return;
	}
	h->files = xcalloc(count ? count : 1, sizeof *h->files);
	for (uint32_t i = 0; i < count && !r->bad; i++) {
		get_file(r, h, &h->files[i], revs, rev_count);
		h->count = i + 1;
		/* history_find searches them by path */
		r->bad |= i > 0 && strcmp(h->files[i - 1].path,
					  h->files[i].path) >= 0;
	}
}

static void get_all(struct records_reader *r, struct history *h,
		    const char *content_path, git_oid *head)
{
	struct buf build;
	buf_init(&build);
	history_cache_build(&build);
	r->bad |= !get_same(r, &h->arena, build.data) ||
		  !get_same(r, &h->arena, content_path);
	const void *id = records_get_bytes(r, GIT_OID_RAWSZ);
	if (id)
		git_oid_fromraw(head, id);
	h->commits = (size_t)records_get_number(r, 8);
	h->shallow = records_get_number(r, 1) != 0;
	uint32_t rev_count = (uint32_t)records_get_number(r, 4);
	if (r->bad || rev_count > (size_t)(r->end - r->p) / 16) {
		r->bad = true;
		goto out;
	}
	struct history_rev *revs = arena_array(&h->arena, rev_count ? rev_count
					       : 1, sizeof *revs);
	for (uint32_t i = 0; i < rev_count && !r->bad; i++) {
		revs[i].time = (long long)records_get_number(r, 8);
		revs[i].author = records_get_string(r, &h->arena, NULL);
		revs[i].subject = records_get_string(r, &h->arena, NULL);
	}
	get_files(r, h, revs, rev_count);
	r->bad |= r->p != r->end;
out:
	buf_dispose(&build);
}

int history_cache_read(struct history *h, const char *path,
		       const char *content_path, git_oid *head)
{
	const char *why = NULL;
	size_t len = 0;
	struct records_reader r;
	char *data = cache_read_file(path, &len, &why);
	if (!data)
		return -1;
	if (records_open(&r, data, len, HISTORY_CACHE_MAGIC))
		get_all(&r, h, content_path, head);
	else
		r.bad = true;
	free(data);
	if (r.bad) {
		history_dispose(h);
		return -1;
	}
	return 0;
}

/* recurring: distinct URLs for articles sharing one (see recurring.h). */
#include "recurring.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "history.h"
#include "mem.h"
#include "site.h"
#include "strmap.h"

/* One article of a group and what orders it. */
struct recurring_member {
	struct page *page;
	bool committed;         /* its file has a commit in the history */
	long long added;        /* that commit's time */
};

static int recurring_compare_urls(const void *pa, const void *pb)
{
	const struct page *a = *(struct page *const *)pa;
	const struct page *b = *(struct page *const *)pb;
	int c = strcmp(a->out_path, b->out_path);
	return c ? c : strcmp(a->src->path, b->src->path);
}

/* First added first: pinned slugs, then committed files by the time of
 * their first commit, then by date, then by path. */
static int recurring_compare_members(const void *pa, const void *pb)
{
	const struct recurring_member *a = pa, *b = pb;
	if (a->page->slug_pinned != b->page->slug_pinned)
		return a->page->slug_pinned ? -1 : 1;
	if (a->committed != b->committed)
		return a->committed ? -1 : 1;
	if (a->committed && a->added != b->added)
		return a->added < b->added ? -1 : 1;
	if (a->page->has_date != b->page->has_date)
		return a->page->has_date ? -1 : 1;
	if (a->page->date.epoch != b->page->date.epoch)
		return a->page->date.epoch < b->page->date.epoch ? -1 : 1;
	return strcmp(a->page->src->path, b->page->src->path);
}

/* The file name of path without folder and ".md". */
static void recurring_stem(struct buf *out, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t len = strlen(base);
	if (len > 3 && strcmp(base + len - 3, ".md") == 0)
		len -= 3;
	buf_put(out, base, len);
}

/* The candidate slug number `level` of p (0: date, 1: date and time,
 * 2: date, time and file stem; without a date only the stem). */
static void recurring_candidate(struct buf *out, const struct page *p,
				const char *base, int level)
{
	const struct text_date *d = &p->date;
	buf_truncate(out, 0);
	buf_puts(out, base);
	if (p->has_date) {
		buf_printf(out, "-%04d-%02d-%02d", d->year, d->month, d->day);
		if (level >= 1)
			buf_printf(out, "-%02d%02d", d->hour, d->minute);
		if (level < 2)
			return;
	}
	buf_putc(out, '-');
	recurring_stem(out, p->src->path);
}

/* Moves p to the first candidate URL that no earlier member holds
 * (taken: their output paths).  Leaves p where it is when none is free:
 * the site's URL check then reports the clash. */
static void recurring_move(struct site *site, struct page *p,
			   const char *base, struct strmap *taken)
{
	struct buf slug;
	buf_init(&slug);
	const char *old_slug = p->slug;
	for (int level = p->has_date ? 0 : 2; level <= 2; level++) {
		recurring_candidate(&slug, p, base, level);
		if (!site_page_set_slug(site, p, slug.data))
			break;
		if (!strmap_get(taken, p->out_path))
			goto out;
	}
	site_page_set_slug(site, p, old_slug);
out:
	buf_dispose(&slug);
}

static void recurring_note(struct recurring_member *m, size_t n,
			   const char *url, struct diag_list *diags)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 1; i < n; i++)
		buf_printf(&b, "%s%s at %s", i > 1 ? ", " : "",
			   m[i].page->src->path, m[i].page->url);
	diag_note(diags, m[0].page->src->path, 1, 1,
		  "%zu articles share the URL %s: this one keeps it; %s",
		  n, url, b.data);
	buf_dispose(&b);
}

/* Orders one group and moves all but its first member. */
static void recurring_place_group(struct site *site, struct page **group,
				  size_t n, const struct history *history,
				  bool notes, struct diag_list *diags)
{
	struct recurring_member *m = xcalloc(n, sizeof *m);
	for (size_t i = 0; i < n; i++) {
		m[i].page = group[i];
		m[i].committed = history && history_added(history,
			group[i]->src->path, &m[i].added);
	}
	qsort(m, n, sizeof *m, recurring_compare_members);
	const char *url = m[0].page->url, *base = m[0].page->slug;
	struct strmap taken;
	strmap_init(&taken);
	strmap_put(&taken, m[0].page->out_path, m[0].page);
	for (size_t i = 1; i < n; i++) {
		if (!m[i].page->slug_pinned)
			recurring_move(site, m[i].page, base, &taken);
		strmap_put(&taken, m[i].page->out_path, m[i].page);
	}
	if (notes)
		recurring_note(m, n, url, diags);
	strmap_dispose(&taken);
	free(m);
}

void recurring_place(struct site *site,
		     const struct history *(*get_history)(void *ctx),
		     void *ctx, bool notes, struct diag_list *diags)
{
	size_t n = site->post_count;
	struct page **byurl = xcalloc(n + 1, sizeof *byurl);
	if (n)   /* site->posts is NULL when there are no articles */
		memcpy(byurl, site->posts, n * sizeof *byurl);
	qsort(byurl, n, sizeof *byurl, recurring_compare_urls);
	const struct history *history = NULL;
	bool asked = false;
	for (size_t i = 0, end; i < n; i = end) {
		for (end = i + 1; end < n && strcmp(byurl[end]->out_path,
						    byurl[i]->out_path) == 0;)
			end++;
		if (end - i < 2)
			continue;
		if (!asked && get_history)
			history = get_history(ctx);
		asked = true;
		recurring_place_group(site, byurl + i, end - i, history, notes,
				      diags);
	}
	free(byurl);
}

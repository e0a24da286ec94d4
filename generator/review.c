/* review: the editor's checks of page bodies (see review.h). */
#include "review.h"

#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "i18n.h"
#include "markdown.h"
#include "mem.h"
#include "model.h"
#include "record.h"
#include "results.h"
#include "strmap.h"
#include "text.h"
#include "theme.h"
#include "workers.h"

#define REVIEW_MAX_THREADS 8

/* What every check reads: the output paths the build writes (read-only
 * once built, so the threads share it). */
struct review {
	const struct site *site;
	struct strmap answers;    /* "tin-tuc/2022/a/index.html" -> site */
	struct diag_list *diags;
	struct cache *cache;      /* scans by blob id, or NULL */
	/* review_site_later: per page (site_markdown_page's order), whether
	 * it is left for the render (REVIEW_LEFT) or taken by it; else NULL */
	atomic_uchar *left;
};

enum { REVIEW_DONE, REVIEW_LEFT, REVIEW_TAKEN };

/* A merge conflict marker line: its number and its character. */
struct review_marker {
	unsigned line;
	char c;                   /* '<', '=' or '>' */
};

/* What the checks read of one file: where its body starts, its conflict
 * markers, and the links, images and headings of its body.  The same
 * bytes give the same scan, so the cache keeps it by blob id and an
 * unchanged page is not parsed again; the checks themselves run on every
 * build (whether a link's target exists depends on the other pages). */
struct review_scan {
	unsigned body_line;       /* lines of the file before the body */
	struct review_marker *markers;
	size_t marker_count, marker_cap;
	struct markdown_item *items;
	size_t item_count, item_cap;
	struct arena *arena;      /* the items' texts */
};

/* One page under review. */
struct review_page {
	const struct review *rv;
	const struct page *page;
	unsigned body_line;       /* lines of the file before the body */
	int heading_level;        /* of the last heading; the title is 1 */
	struct buf scratch;
};

static void review_answer(struct review *rv, const char *path)
{
	strmap_put(&rv->answers, path, (void *)rv->site);
}

/* url (a list's first page, "chuyen-muc/x/") and its further pages. */
static void review_answer_list(struct review *rv, struct buf *b,
			       const char *url, size_t items)
{
	unsigned size = rv->site->config.page_size ? rv->site->config.page_size
						   : 1;
	size_t pages = items ? (items + size - 1) / size : 1;
	buf_truncate(b, 0);
	buf_printf(b, "%sindex.html", url);
	review_answer(rv, b->data);
	for (size_t n = 2; n <= pages; n++) {
		buf_truncate(b, 0);
		buf_printf(b, "%strang/%zu/index.html", url, n);
		review_answer(rv, b->data);
	}
}

static void review_answer_terms(struct review *rv, struct buf *b,
				struct term *const *terms, size_t count,
				bool feeds)
{
	for (size_t i = 0; i < count; i++) {
		review_answer_list(rv, b, terms[i]->url, terms[i]->count);
		if (!feeds)
			continue;
		buf_truncate(b, 0);
		buf_printf(b, "%sfeed.xml", terms[i]->url);
		review_answer(rv, b->data);
	}
}

/* Pages, and the redirect pages at their old addresses ("aliases:"). */
static void review_answer_pages(struct review *rv, struct buf *b,
				struct page *const *pages, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		review_answer(rv, pages[i]->out_path);
		for (size_t k = 0; k < pages[i]->alias_count; k++) {
			const char *alias = pages[i]->aliases[k];
			size_t len = strlen(alias);
			buf_truncate(b, 0);
			buf_printf(b, "%s%s", alias, len && alias[len - 1] == '/'
				   ? "index.html" : "");
			review_answer(rv, b->data);
		}
	}
}

/* Every output path of the build but the score results' (which
 * review_answers_path tells by their dataset). */
static void review_collect(struct review *rv, const struct theme *theme)
{
	const struct site *site = rv->site;
	struct buf b;
	buf_init(&b);
	review_answer_pages(rv, &b, site->posts, site->post_count);
	review_answer_pages(rv, &b, site->pages, site->page_count);
	for (size_t i = 0; i < site->asset_count; i++)
		review_answer(rv, site->assets[i]->path + strlen("content/"));
	for (size_t i = 0; theme && i < theme->asset_count; i++) {
		buf_truncate(&b, 0);
		buf_printf(&b, "assets/%s", theme->assets[i]->path +
			   theme->asset_prefix_len + strlen("assets/"));
		review_answer(rv, b.data);
	}
	review_answer_list(rv, &b, "", site->post_count);
	review_answer_list(rv, &b, "luu-tru/", site->year_count);
	for (size_t i = 0; i < site->year_count; i++) {
		char url[32];
		snprintf(url, sizeof url, "luu-tru/%d/", site->years[i].year);
		review_answer_list(rv, &b, url, site->years[i].count);
	}
	review_answer_terms(rv, &b, site->categories, site->category_count,
			    true);
	review_answer_terms(rv, &b, site->tags, site->tag_count, false);
	static const char *const fixed[] = {
		"feed.xml", "sitemap.xml", "robots.txt", "404.html",
		"tim-kiem/index.html", NULL};
	for (const char *const *f = fixed; *f; f++)
		review_answer(rv, *f);
	if (site->dataset_count)
		review_answer(rv, RESULTS_URL "index.html");
	buf_dispose(&b);
}

/* True when a build output answers path: the file itself, or the
 * folder's index.html ("a/" and "a" both lead to "a/index.html"). */
static bool review_answers_path(const struct review *rv, struct buf *b,
				const char *path)
{
	size_t len = strlen(path);
	if (len && path[len - 1] != '/' && strmap_get(&rv->answers, path))
		return true;
	buf_truncate(b, 0);
	buf_puts(b, path);
	if (len && path[len - 1] != '/')
		buf_putc(b, '/');
	buf_puts(b, "index.html");
	if (strmap_get(&rv->answers, b->data))
		return true;
	/* ket-qua/ID/...: a dataset's pages and downloads */
	if (strncmp(path, RESULTS_URL, strlen(RESULTS_URL)) != 0)
		return false;
	const char *id = path + strlen(RESULTS_URL), *end = strchr(id, '/');
	for (size_t i = 0; end && i < rv->site->dataset_count; i++) {
		const char *d = rv->site->datasets[i]->id;
		if (strlen(d) == (size_t)(end - id) && !memcmp(d, id, end - id))
			return true;
	}
	return false;
}

/* -1 when c is not a hex digit. */
static int review_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Appends the path s[0..len) with %XX decoded and "." and ".." segments
 * applied onto out (which holds the folder it starts from, ending in '/'
 * or empty).  False when ".." would leave the site. */
static bool review_join(struct buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		const char *seg = s + i;
		const char *slash = memchr(seg, '/', len - i);
		size_t n = slash ? (size_t)(slash - seg) : len - i;
		i += n + (slash ? 1 : 0);
		if (n == 1 && seg[0] == '.')
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			if (!out->len)
				return false;
			size_t cut = out->len - 1;
			while (cut && out->data[cut - 1] != '/')
				cut--;
			buf_truncate(out, cut);
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			int hi, lo;
			if (seg[k] == '%' && k + 2 < n &&
			    (hi = review_hex(seg[k + 1])) >= 0 &&
			    (lo = review_hex(seg[k + 2])) >= 0) {
				buf_putc(out, (char)(hi * 16 + lo));
				k += 2;
			} else {
				buf_putc(out, seg[k]);
			}
		}
		if (slash)
			buf_putc(out, '/');
	}
	return true;
}

/* The site path url leads to, in out (root-relative, no leading '/').
 * False for a link that leaves the site (a scheme other than the site's
 * own base_url, "//host", "#anchor" only, mailto: ...): never fetched. */
static bool review_site_path(const struct review_page *rp, const char *url,
			     struct buf *out, bool *escapes)
{
	const char *base = rp->rv->site->config.base_url;
	size_t base_len = strlen(base);
	buf_truncate(out, 0);
	*escapes = false;
	if (strncmp(url, base, base_len) == 0) {
		url += base_len;
	} else if (url[0] == '/' && url[1] != '/') {
		url++;
	} else if (url[0] == '#' || !url[0] || (url[0] == '/' && url[1] == '/') ||
		   url[strspn(url, "abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")]
			   == ':') {
		return false;
	} else {
		/* relative: from the folder of the page's URL */
		const char *u = rp->page->url, *slash = strrchr(u, '/');
		if (slash)
			buf_put(out, u, (size_t)(slash - u + 1));
	}
	size_t len = strcspn(url, "?#");
	*escapes = !review_join(out, url, len);
	return true;
}

/* 1-based column, in characters, of byte column col of body line line. */
static unsigned review_char_col(const struct page *p, unsigned line,
				unsigned col)
{
	const char *s = p->body, *end = p->body + p->body_len;
	for (unsigned l = 1; l < line && s < end; l++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		s = nl ? nl + 1 : end;
	}
	unsigned chars = 1;   /* lead bytes before the column, plus one */
	for (unsigned b = 1; b < col && s < end; b++, s++)
		chars += ((unsigned char)*s & 0xC0) != 0x80;
	return chars;
}

static void review_report(struct review_page *rp, enum diag_severity sev,
			  const struct markdown_item *item, const char *fmt,
			  ...) __attribute__((format(printf, 4, 5)));

static void review_report(struct review_page *rp, enum diag_severity sev,
			  const struct markdown_item *item, const char *fmt,
			  ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(rp->rv->diags, sev, rp->page->src->path,
		  rp->body_line + item->line,
		  review_char_col(rp->page, item->line, item->col), fmt, ap);
	va_end(ap);
}

/* A link or image to a site path: an error when nothing answers it. */
static void review_target(struct review_page *rp,
			  const struct markdown_item *item)
{
	struct buf path, tried;
	bool escapes;
	buf_init(&path);
	buf_init(&tried);
	if (!item->url || !review_site_path(rp, item->url, &path, &escapes) ||
	    (!escapes && review_answers_path(rp->rv, &tried, path.data)))
		goto out;
	/* whole sentences, one per case, so that each translates */
	static const char *const messages[2][3] = {
		{N_("link to %s leads outside the site: it has more \"../\" "
		    "than the page is deep"),
		 N_("link to %s: no such file in the site; put it at "
		    "content/%s, or correct the address"),
		 N_("link to %s: no page of the site has the address /%s; "
		    "correct the link")},
		{N_("image %s leads outside the site: it has more \"../\" "
		    "than the page is deep"),
		 N_("image %s: no such file in the site; put it at "
		    "content/%s, or correct the address"),
		 N_("image %s: no page of the site has the address /%s; "
		    "correct the link")}};
	const char *last = strrchr(path.data, '/');
	bool file = path.len && path.data[path.len - 1] != '/' &&
		    strchr(last ? last : path.data, '.');
	const char *fmt = messages[item->kind == MARKDOWN_IMAGE]
				  [escapes ? 0 : file ? 1 : 2];
	review_report(rp, DIAG_ERROR, item, fmt, item->url, path.data);
out:
	buf_dispose(&path);
	buf_dispose(&tried);
}

/* True when a link's text says nothing about where it leads. */
static bool review_vague_text(const char *text, struct buf *b)
{
	static const char *const vague[] = {
		"tai day", "xem tai day", "click here", "click vao day",
		"nhan vao day", "bam vao day", "here", NULL};
	if (strlen(text) > 32)   /* longer than any of them, accents and all */
		return false;
	buf_truncate(b, 0);
	text_fold(b, text, strlen(text));
	size_t start = strspn(b->data, " \t.:!>-"), end = b->len;
	while (end > start && strchr(" \t.:!>-", b->data[end - 1]))
		end--;
	for (const char *const *v = vague; *v; v++)
		if (strlen(*v) == end - start &&
		    !memcmp(b->data + start, *v, end - start))
			return true;
	return false;
}

static void review_heading(struct review_page *rp,
			   const struct markdown_item *item)
{
	int want = rp->heading_level + 1;
	if (item->level > want && rp->heading_level == 1)
		review_report(rp, DIAG_WARNING, item, "heading level skipped: "
			      "\"%s\" is level %d after the page title (level "
			      "1); make it level 2 (##)", item->text,
			      item->level);
	else if (item->level > want)
		review_report(rp, DIAG_WARNING, item, "heading level skipped: "
			      "\"%s\" is level %d after level %d; make it "
			      "level %d (%.*s)", item->text, item->level,
			      rp->heading_level, want, want, "######");
	rp->heading_level = item->level;
}

static void review_item(void *ctx, const struct markdown_item *item)
{
	struct review_page *rp = ctx;
	const char *text = item->text + strspn(item->text, " \t");
	if (item->kind == MARKDOWN_HEADING) {
		review_heading(rp, item);
		return;
	}
	review_target(rp, item);
	if (item->kind == MARKDOWN_IMAGE && !*text)
		review_report(rp, DIAG_WARNING, item, "image %s has no "
			      "alternative text: describe it between the "
			      "brackets, ![Quang cảnh hội nghị](...), for "
			      "readers who cannot see it", item->url);
	else if (item->kind == MARKDOWN_LINK && !*text)
		review_report(rp, DIAG_WARNING, item, "link to %s has no text: "
			      "write where it leads between the brackets", 
			      item->url);
	else if (item->kind == MARKDOWN_LINK &&
		 review_vague_text(text, &rp->scratch))
		review_report(rp, DIAG_WARNING, item, "link text \"%s\" says "
			      "nothing about where it leads: name the target, "
			      "e.g. [Kế hoạch CCHC năm 2024](...)", text);
}

/* Length of a merge conflict marker line at s (7 of c, then a space or
 * the end of the line), or 0. */
static bool review_is_marker(const char *s, const char *end, char c,
			     bool alone)
{
	if (end - s < 7)
		return false;
	for (int i = 0; i < 7; i++)
		if (s[i] != c)
			return false;
	s += 7;
	if (alone)   /* "=======": nothing after it but spaces */
		while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
	return s == end || (!alone && (*s == ' ' || *s == '\r'));
}

static void review_add_marker(struct review_scan *scan, unsigned line, char c)
{
	if (scan->marker_count == scan->marker_cap) {
		scan->marker_cap = scan->marker_cap ? scan->marker_cap * 2 : 4;
		scan->markers = xreallocarray(scan->markers, scan->marker_cap,
					      sizeof *scan->markers);
	}
	scan->markers[scan->marker_count++] = (struct review_marker){line, c};
}

/* Conflict markers anywhere in the file: <<<<<<< and >>>>>>> lines, and
 * ======= lines between them (alone, it is a heading underline). */
static void review_find_conflicts(const struct source_file *f,
				  struct review_scan *scan)
{
	const char *s = f->data, *end = f->data + f->len;
	if (!memmem(s, f->len, "<<<<<<<", 7) && !memmem(s, f->len, ">>>>>>>", 7))
		return;
	bool inside = false;
	for (unsigned line = 1; s < end; line++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl ? nl : end;
		char c = 0;
		if (review_is_marker(s, eol, '<', false))
			c = '<', inside = true;
		else if (review_is_marker(s, eol, '>', false))
			c = '>', inside = false;
		else if (inside && review_is_marker(s, eol, '=', true))
			c = '=';
		if (c)
			review_add_marker(scan, line, c);
		s = nl ? nl + 1 : end;
	}
}

/* markdown_scan's callback (and the render's): keeps a copy of the item. */
void review_found(void *ctx, const struct markdown_item *item)
{
	struct review_scan *scan = ctx;
	if (scan->item_count == scan->item_cap) {
		scan->item_cap = scan->item_cap ? scan->item_cap * 2 : 16;
		scan->items = xreallocarray(scan->items, scan->item_cap,
					    sizeof *scan->items);
	}
	struct markdown_item *copy = &scan->items[scan->item_count++];
	*copy = *item;
	copy->url = item->url ? arena_strdup(scan->arena, item->url) : NULL;
	copy->text = arena_strdup(scan->arena, item->text);
}

/* What the scan of p's file takes from its text: where the body starts,
 * the conflict markers. */
static void review_scan_text(const struct page *p, struct review_scan *scan)
{
	for (const char *s = p->src->data; s < p->body; s++)
		scan->body_line += *s == '\n';
	review_find_conflicts(p->src, scan);
}

/* The scan of p's file, read from its bytes. */
static void review_scan_page(const struct page *p, struct review_scan *scan)
{
	review_scan_text(p, scan);
	markdown_scan(p->body, p->body_len, review_found, scan);
}

/* ---- the scan as the cache keeps it (record.h) -----------------------
 *
 * "R1", the body's first line, the markers (count, then line and
 * character each), the items (count, then kind, line, column, level,
 * whether it has a URL, the URL, the text each). */
#define REVIEW_RECORD_VERSION "R1"
/* no body has more links and headings than this */
#define REVIEW_RECORD_MAX_ITEMS 1000000

static char *review_scan_record(const struct review_scan *scan)
{
	struct buf b;
	buf_init(&b);
	record_put_text(&b, REVIEW_RECORD_VERSION);
	record_put_count(&b, scan->body_line);
	record_put_count(&b, scan->marker_count);
	for (size_t i = 0; i < scan->marker_count; i++) {
		record_put_count(&b, scan->markers[i].line);
		record_put_bytes(&b, &scan->markers[i].c, 1);
	}
	record_put_count(&b, scan->item_count);
	for (size_t i = 0; i < scan->item_count; i++) {
		const struct markdown_item *it = &scan->items[i];
		record_put_count(&b, it->kind);
		record_put_count(&b, it->line);
		record_put_count(&b, it->col);
		record_put_count(&b, (size_t)it->level);
		record_put_count(&b, it->url != NULL);
		record_put_text(&b, it->url ? it->url : "");
		record_put_text(&b, it->text);
	}
	return buf_detach(&b);
}

static void review_read_item(struct record_reader *r, struct review_scan *scan)
{
	struct markdown_item it;
	it.kind = (enum markdown_item_kind)record_get_count(r,
							    MARKDOWN_HEADING);
	it.line = (unsigned)record_get_count(r, UINT_MAX);
	it.col = (unsigned)record_get_count(r, UINT_MAX);
	it.level = (int)record_get_count(r, 6);
	bool has_url = record_get_count(r, 1);
	it.url = record_get_text(r, scan->arena);
	it.text = record_get_text(r, scan->arena);
	if (!has_url)
		it.url = NULL;
	if (!r->bad)
		review_found(scan, &it);
}

/* Fills scan from a record; false when it is not one of ours (then
 * scan is to be emptied and made from the file). */
static bool review_scan_from_record(const char *rec, struct review_scan *scan)
{
	struct record_reader r;
	size_t len;
	record_reader_init(&r, rec, strlen(rec));
	const char *version = record_get_bytes(&r, &len);
	if (!version || len != strlen(REVIEW_RECORD_VERSION) ||
	    memcmp(version, REVIEW_RECORD_VERSION, len) != 0)
		return false;
	scan->body_line = (unsigned)record_get_count(&r, UINT_MAX);
	size_t markers = record_get_count(&r, UINT_MAX);
	for (size_t i = 0; i < markers && !r.bad; i++) {
		unsigned line = (unsigned)record_get_count(&r, UINT_MAX);
		const char *c = record_get_bytes(&r, &len);
		if (c && len == 1)
			review_add_marker(scan, line, *c);
		else
			r.bad = true;
	}
	size_t items = record_get_count(&r, REVIEW_RECORD_MAX_ITEMS);
	for (size_t i = 0; i < items && !r.bad; i++)
		review_read_item(&r, scan);
	return record_at_end(&r);
}

static void review_scan_clear(struct review_scan *scan)
{
	scan->body_line = 0;
	scan->marker_count = scan->item_count = 0;
	arena_reset(scan->arena);
}

/* The cache's scan of p's bytes into scan (kept for the next build);
 * false when it has none. */
static bool review_scan_cached(const struct review *rv, const struct page *p,
			       struct review_scan *scan)
{
	const char *rec = rv->cache ? cache_review(rv->cache, p->src->id)
				    : NULL;
	review_scan_clear(scan);
	if (!rec || !review_scan_from_record(rec, scan))
		return false;
	cache_note_review(rv->cache, p->src->id, rec);
	return true;
}

/* Notes scan, just made of p, for the next build. */
static void review_scan_note(const struct review *rv, const struct page *p,
			     const struct review_scan *scan)
{
	if (!rv->cache)
		return;
	char *fresh = review_scan_record(scan);
	cache_note_review(rv->cache, p->src->id, fresh);
	free(fresh);
}

/* The scan of p read from its file (and noted for the next build). */
static void review_scan_fresh(const struct review *rv, const struct page *p,
			      struct review_scan *scan)
{
	review_scan_clear(scan);
	review_scan_page(p, scan);
	review_scan_note(rv, p, scan);
}

/* The checks of p on its scan. */
static void review_check(const struct review *rv, const struct page *p,
			 const struct review_scan *scan)
{
	struct review_page rp = {.rv = rv, .page = p, .heading_level = 1};
	rp.body_line = scan->body_line;
	for (size_t i = 0; i < scan->marker_count; i++) {
		char marker[8] = {0};
		memset(marker, scan->markers[i].c, 7);
		diag_error(rv->diags, p->src->path, scan->markers[i].line, 1,
			   "merge conflict marker \"%s\" left in the file: "
			   "keep the right text between <<<<<<< and >>>>>>>, "
			   "then delete the marker lines", marker);
	}
	buf_init(&rp.scratch);
	for (size_t i = 0; i < scan->item_count; i++)
		review_item(&rp, &scan->items[i]);
	buf_dispose(&rp.scratch);
}

/* Whether p's body can be scanned by the render's parse: one with a
 * shortcode's table is parsed there with a mark in the shortcode's
 * place, not as written. */
static bool review_may_leave(const struct review *rv, const struct page *p)
{
	return rv->left && p->embed_count == 0;
}

static void review_page(const struct review *rv, size_t i,
			struct review_scan *scan)
{
	const struct page *p = site_markdown_page(rv->site, i);
	if (!review_scan_cached(rv, p, scan)) {
		if (review_may_leave(rv, p)) {
			atomic_store(&rv->left[i], REVIEW_LEFT);
			return;
		}
		review_scan_fresh(rv, p, scan);
	}
	review_check(rv, p, scan);
}

/* The threads share the bodies; each has a scan of its own. */
struct review_pool {
	struct review *rv;
	struct review_scan **scans;   /* per worker */
};

static void review_one(void *ctx, unsigned worker, size_t i)
{
	struct review_pool *pool = ctx;
	review_page(pool->rv, i, pool->scans[worker]);
}

struct review_scan *review_scan_new(void)
{
	struct review_scan *scan = xcalloc(1, sizeof *scan);
	scan->arena = xcalloc(1, sizeof *scan->arena);
	arena_init(scan->arena);
	return scan;
}

void review_scan_free(struct review_scan *scan)
{
	if (!scan)
		return;
	free(scan->markers);
	free(scan->items);
	arena_dispose(scan->arena);
	free(scan->arena);
	free(scan);
}

/* Runs item over every page on the cores, a scan for each thread. */
static void review_run(struct review *rv,
		       void (*item)(void *ctx, unsigned worker, size_t i))
{
	unsigned n = workers_cores(REVIEW_MAX_THREADS);
	struct review_scan **scans = xcalloc(n, sizeof *scans);
	for (unsigned i = 0; i < n; i++)
		scans[i] = review_scan_new();
	struct review_pool pool = {rv, scans};
	struct workers_job job = {.item = item, .ctx = &pool};
	workers_run(&job, n, rv->site->post_count + rv->site->page_count);
	for (unsigned i = 0; i < n; i++)
		review_scan_free(scans[i]);
	free(scans);
}

static struct review *review_new(const struct site *site,
				 const struct theme *theme,
				 struct cache *cache, struct diag_list *diags)
{
	struct review *rv = xcalloc(1, sizeof *rv);
	*rv = (struct review){.site = site, .diags = diags, .cache = cache};
	strmap_init(&rv->answers);
	review_collect(rv, theme);
	return rv;
}

static void review_free(struct review *rv)
{
	strmap_dispose(&rv->answers);
	free(rv->left);
	free(rv);
}

void review_site(const struct site *site, const struct theme *theme,
		 struct cache *cache, struct diag_list *diags)
{
	struct review *rv = review_new(site, theme, cache, diags);
	review_run(rv, review_one);
	review_free(rv);
}

struct review *review_site_later(const struct site *site,
				 const struct theme *theme,
				 struct cache *cache, struct diag_list *diags)
{
	struct review *rv = review_new(site, theme, cache, diags);
	size_t count = site->post_count + site->page_count;
	rv->left = xcalloc(count + 1, sizeof *rv->left);
	review_run(rv, review_one);
	return rv;
}

static size_t review_index(const struct review *rv, const struct page *p)
{
	return p->kind == PAGE_POST ? p->index
				    : rv->site->post_count + p->index;
}

bool review_take(struct review *rv, const struct page *p,
		 struct review_scan *scan)
{
	if (!rv || !rv->left)
		return false;
	unsigned char left = REVIEW_LEFT;
	if (!atomic_compare_exchange_strong(&rv->left[review_index(rv, p)],
					    &left, REVIEW_TAKEN))
		return false;
	review_scan_clear(scan);
	review_scan_text(p, scan);
	return true;
}

void review_taken(struct review *rv, const struct page *p,
		  struct review_scan *scan)
{
	review_scan_note(rv, p, scan);
	review_check(rv, p, scan);
}

/* Pages the render left alone are scanned here (the cache had no scan
 * of them: review_page looked). */
static void review_one_left(void *ctx, unsigned worker, size_t i)
{
	struct review_pool *pool = ctx;
	struct review *rv = pool->rv;
	unsigned char left = REVIEW_LEFT;
	if (!atomic_compare_exchange_strong(&rv->left[i], &left,
					    REVIEW_TAKEN))
		return;
	const struct page *p = site_markdown_page(rv->site, i);
	struct review_scan *scan = pool->scans[worker];
	review_scan_fresh(rv, p, scan);
	review_check(rv, p, scan);
}

void review_finish(struct review *rv)
{
	if (!rv)
		return;
	review_run(rv, review_one_left);
	review_free(rv);
}

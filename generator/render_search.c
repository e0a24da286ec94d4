/* render_search: the search page and its index (search_index.h), when the
 * theme has a "search" template.
 *
 * Each article and static page task leaves its record (search_doc.h) in
 * its own slot: taken from the search cache when its key is known, else
 * read from the page's rendered body.  Once every page is done, one task
 * merges the records into the index files; a file whose bytes are those
 * the output already holds is kept. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "render_internal.h"
#include "search_cache.h"
#include "search_doc.h"
#include "search_index.h"
#include "template.h"
#include "text.h"
#include "text_html.h"
#include "view.h"

#define RENDER_SEARCH_TEMPLATE "search"
#define RENDER_SEARCH_URL "tim-kiem/"

/* The records of a build: one slot per document, articles then pages. */
struct render_search {
	struct search_cache cache;
	bool cache_open;
	char *cache_path;
	size_t count;
	char **records;
	size_t *lens;
	char (*keys)[FINGERPRINT_HEX_SIZE];
	atomic_size_t read, cached;   /* pages read from the body, from cache */
};

static size_t render_search_slot(const struct render_run *r,
				 const struct page *p)
{
	return p->kind == PAGE_POST ? p->index : r->site->post_count + p->index;
}

/* What a record is made of: the page's bytes, how Markdown is read, the
 * record's format; with shortcodes, the score data and templates too. */
static void render_search_key(const struct render_run *r, const struct page *p,
			      char out[FINGERPRINT_HEX_SIZE])
{
	struct fingerprint fp;
	fingerprint_init(&fp);
	fingerprint_string(&fp, "search-record 1");
	fingerprint_string(&fp, p->src->id);
	fingerprint_string(&fp, r->site->config.unsafe_html ? "unsafe" : "safe");
	fingerprint_string(&fp, p->has_shortcodes ? r->base : "");
	fingerprint_hex(&fp, out);
}

void render_search_note(struct render_worker *w, const struct page *p,
			const char *root, const char **html)
{
	struct render_search *s = w->run->search;
	if (!s)
		return;
	size_t slot = render_search_slot(w->run, p);
	render_search_key(w->run, p, s->keys[slot]);
	size_t len;
	const char *rec = s->cache_open
		? search_cache_get(&s->cache, s->keys[slot], &len) : NULL;
	if (rec) {   /* the file's digest vouches for its records */
		s->records[slot] = xmalloc(len + 1);
		memcpy(s->records[slot], rec, len);
		s->lens[slot] = len;
		atomic_fetch_add(&s->cached, 1);
		return;
	}
	atomic_fetch_add(&s->read, 1);
	if (!*html)
		*html = render_body_html(w, p, root);
	struct buf text, out;
	buf_init(&text);
	buf_init(&out);
	text_strip_html(&text, *html, strlen(*html), 0);
	search_doc_encode(&out, p->title, text.data, text.len);
	s->lens[slot] = out.len;
	s->records[slot] = buf_detach(&out);
	buf_dispose(&text);
}

static void render_search_emit(void *ctx, const char *path, const char *data,
			       size_t len)
{
	struct render_worker *w = ctx;
	struct fingerprint fp;
	char key[FINGERPRINT_HEX_SIZE] = "";
	if (w->run->cache) {   /* the file is its bytes */
		fingerprint_init(&fp);
		fingerprint_string(&fp, "search-file");
		fingerprint_bytes(&fp, data, len);
		fingerprint_hex(&fp, key);
	}
	render_write_if_changed(w, path, data, len, key);
}

static void render_search_entry(const struct render_run *r,
				const struct page *p, struct search_entry *e)
{
	size_t slot = render_search_slot(r, p);
	e->record = r->search->records[slot];
	e->record_len = r->search->lens[slot];
	e->url = p->url;
	e->title = p->title;
	if (p->kind == PAGE_POST) {
		e->date_short = p->date_short;
		e->date_iso = p->date_iso;
		e->snippet = r->summaries[p->index];
	} else {
		e->snippet = p->summary;
	}
	e->category = p->category_count ? p->categories[0]->name : NULL;
}

void render_search_index(struct render_worker *w)
{
	const struct render_run *r = w->run;
	const struct site *site = r->site;
	size_t n = site->post_count + site->page_count;
	struct search_entry *entries = xcalloc(n + 1, sizeof *entries);
	for (size_t i = 0; i < site->post_count; i++)
		render_search_entry(r, site->posts[i], &entries[i]);
	for (size_t i = 0; i < site->page_count; i++)
		render_search_entry(r, site->pages[i],
				    &entries[site->post_count + i]);
	if (search_index_build(entries, n, render_search_emit, w) < 0)
		diag_error(r->diags, SEARCH_INDEX_DIR, 0, 0,
			   "a page's search record is malformed");
	free(entries);
}

void render_search_page(struct render_worker *w)
{
	struct arena *a = &w->arena;
	const struct site *site = w->run->site;
	struct value *view = view_page(a, site, "search", RENDER_SEARCH_URL,
				       "../", "Tìm kiếm", NULL);
	struct value *search = value_map_new(a);
	value_map_put_string(a, search, "index", SEARCH_INDEX_DIR);
	value_map_put(a, search, "docs", value_int(a, (long long)(
			site->post_count + site->page_count)));
	value_map_put(a, view, "search", search);
	render_template(w, RENDER_SEARCH_TEMPLATE,
			view, RENDER_SEARCH_URL "index.html");
}

/* .site.search beside .site.cache */
static char *render_search_cache_path(const struct cache *cache)
{
	size_t n = strlen(cache->path);
	const char *ext = ".cache";
	size_t el = strlen(ext);
	if (n >= el && strcmp(cache->path + n - el, ext) == 0)
		n -= el;
	char *path = xmalloc(n + sizeof ".search");
	memcpy(path, cache->path, n);
	memcpy(path + n, ".search", sizeof ".search");
	return path;
}

struct render_search *render_search_new(const struct site *site,
					const struct theme *theme,
					const struct cache *cache)
{
	if (!template_set_get(theme->templates, RENDER_SEARCH_TEMPLATE))
		return NULL;   /* a theme without a search page needs no index */
	struct render_search *s = xcalloc(1, sizeof *s);
	s->count = site->post_count + site->page_count;
	s->records = xcalloc(s->count + 1, sizeof *s->records);
	s->lens = xcalloc(s->count + 1, sizeof *s->lens);
	s->keys = xcalloc(s->count + 1, sizeof *s->keys);
	if (cache) {
		s->cache_path = render_search_cache_path(cache);
		search_cache_open(&s->cache, s->cache_path);
		s->cache_open = true;
	}
	return s;
}

void render_search_free(struct render_search *s, bool save,
			struct render_counts *counts)
{
	if (!s)
		return;
	if (counts) {
		counts->search = true;
		counts->search_read = atomic_load(&s->read);
		counts->search_cached = atomic_load(&s->cached);
	}
	if (save && s->cache_path)
		search_cache_save(s->cache_path, s->keys, s->records, s->lens,
				  s->count);
	if (s->cache_open)
		search_cache_dispose(&s->cache);
	for (size_t i = 0; i < s->count; i++)
		free(s->records[i]);
	free(s->records);
	free(s->lens);
	free(s->keys);
	free(s->cache_path);
	free(s);
}

/* render_search: the search page and its index (search_index.h), when the
 * theme has a "search" template.
 *
 * Each article and static page task leaves its record (search_doc.h) in
 * its own slot: taken from the search cache when its key is known, else
 * read from the page's rendered body.  Once every page is done, one task
 * writes the index files.  When the search cache says what the previous
 * build's index was made of (its documents' URLs and record keys, and the
 * index's state) and this build has the same documents, some changed,
 * maybe more at the end, the index is updated: only the buckets the
 * changed records touch are read back from the output, patched and
 * written; else the records are merged into a new index. */
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
	bool *from_cache;             /* the record points into the cache */
	size_t *lens;
	char (*keys)[FINGERPRINT_HEX_SIZE];
	atomic_size_t read, cached;   /* pages read from the body, from cache */
	struct buf state;             /* this build's, for the next */
	bool updated;
	size_t written, buckets;
};

/* Static pages, then articles oldest first: a new article is the last
 * document, and the others keep their numbers (search_index.h). */
static size_t render_search_slot(const struct render_run *r,
				 const struct page *p)
{
	const struct site *site = r->site;
	return p->kind == PAGE_POST
		? site->page_count + site->post_count - 1 - p->index
		: p->index;
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
		s->records[slot] = (char *)rec;   /* lives as long as the cache */
		s->from_cache[slot] = true;
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
			       size_t len, const char *key)
{
	render_write_if_changed(ctx, path, data, len, key);
}

static bool render_search_fresh(void *ctx, const char *path, const char *key)
{
	const struct render_worker *w = ctx;
	return w->run->cache && cache_output_fresh(w->run->cache, path, key);
}

static bool render_search_keep(void *ctx, const char *path, const char *key)
{
	return render_keep_key(ctx, path, key);
}

static char *render_search_read(void *ctx, const char *path, size_t *len)
{
	const struct render_worker *w = ctx;
	if (!w->run->cache)
		return NULL;
	const char *why = NULL;
	char *full = xmalloc(strlen(w->run->cache->out_dir) + strlen(path) + 2);
	sprintf(full, "%s/%s", w->run->cache->out_dir, path);
	char *data = cache_read_file(full, len, &why);
	free(full);
	return data;
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

/* The state saved with the records: the documents (URL and record key,
 * in order), then the index's (search_index_state_encode). */
static void render_search_state(struct render_search *s,
				const struct search_entry *docs,
				const struct search_index_state *index)
{
	buf_truncate(&s->state, 0);
	search_put_varint(&s->state, s->count);
	for (size_t i = 0; i < s->count; i++) {
		search_put_varint(&s->state, strlen(docs[i].url));
		buf_puts(&s->state, docs[i].url);
		buf_put(&s->state, s->keys[i], FINGERPRINT_HEX_SIZE - 1);
	}
	search_index_state_encode(&s->state, index);
}

/* The changes from the previous build's documents to these, and its
 * index's state; false when there is no such state or the documents are
 * not those of before (the same URLs in the same order, maybe more at the
 * end), or a changed page's previous record is gone. */
static bool render_search_changes(struct render_search *s,
				  const struct search_entry *docs,
				  struct search_change **changes,
				  size_t *count, struct search_index_state *prev)
{
	const struct search_cache *c = &s->cache;
	if (!s->cache_open || !c->state)
		return false;
	const unsigned char *p = (const unsigned char *)c->state;
	const unsigned char *end = p + c->state_len;
	uint64_t n, len;
	if (search_get_varint(&p, end, &n) < 0 || n > s->count)
		return false;
	*changes = xcalloc(s->count + 1, sizeof **changes);
	*count = 0;
	for (size_t i = 0; i < s->count; i++) {
		if (i >= n) {   /* a document at the end: all its words new */
			(*changes)[(*count)++] = (struct search_change){i, NULL, 0};
			continue;
		}
		if (search_get_varint(&p, end, &len) < 0 ||
		    len != strlen(docs[i].url) ||
		    (size_t)(end - p) < len + FINGERPRINT_HEX_SIZE - 1 ||
		    memcmp(p, docs[i].url, len) != 0)
			goto no;
		p += len;
		char key[FINGERPRINT_HEX_SIZE];
		memcpy(key, p, FINGERPRINT_HEX_SIZE - 1);
		key[FINGERPRINT_HEX_SIZE - 1] = '\0';
		p += FINGERPRINT_HEX_SIZE - 1;
		if (strcmp(key, s->keys[i]) == 0)
			continue;
		struct search_change *ch = &(*changes)[(*count)++];
		ch->doc = i;
		ch->old = search_cache_get(c, key, &ch->old_len);
		if (!ch->old)
			goto no;
	}
	if (search_index_state_decode((const char *)p, (size_t)(end - p),
				      prev) == 0)
		return true;
no:
	free(*changes);
	*changes = NULL;
	return false;
}

void render_search_index(struct render_worker *w)
{
	const struct render_run *r = w->run;
	struct render_search *s = r->search;
	const struct site *site = r->site;
	struct search_entry *entries = xcalloc(s->count + 1, sizeof *entries);
	for (size_t i = 0; i < site->post_count; i++)
		render_search_entry(r, site->posts[i],
				    &entries[render_search_slot(r, site->posts[i])]);
	for (size_t i = 0; i < site->page_count; i++)
		render_search_entry(r, site->pages[i],
				    &entries[render_search_slot(r, site->pages[i])]);
	struct search_index_io io = {
		render_search_emit, render_search_fresh, render_search_keep,
		render_search_read, w,
	};
	struct search_index_state prev = {0}, state = {0};
	struct search_change *changes = NULL;
	size_t count = 0;
	int rc = 1;
	if (render_search_changes(s, entries, &changes, &count, &prev))
		rc = search_index_update(entries, s->count, changes, count,
					 &prev, &io, &state);
	s->updated = rc == 0;
	if (rc > 0)
		rc = search_index_build(entries, s->count, &io, &state);
	if (rc < 0)
		diag_error(r->diags, SEARCH_INDEX_DIR, 0, 0,
			   "a page's search record is malformed");
	else
		render_search_state(s, entries, &state);
	s->written = state.written;
	s->buckets = (size_t)state.buckets[0] + state.buckets[1];
	search_index_state_dispose(&prev);
	search_index_state_dispose(&state);
	free(changes);
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
	s->from_cache = xcalloc(s->count + 1, sizeof *s->from_cache);
	s->keys = xcalloc(s->count + 1, sizeof *s->keys);
	buf_init(&s->state);
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
		counts->search_updated = s->updated;
		counts->search_written = s->written;
		counts->search_buckets = s->buckets;
	}
	if (save && s->cache_path)
		search_cache_save(s->cache_path, s->state.data, s->state.len,
				  s->keys, s->records, s->lens, s->count);
	if (s->cache_open)
		search_cache_dispose(&s->cache);
	for (size_t i = 0; i < s->count; i++)
		if (!s->from_cache[i])
			free(s->records[i]);
	free(s->records);
	free(s->from_cache);
	free(s->lens);
	free(s->keys);
	buf_dispose(&s->state);
	free(s->cache_path);
	free(s);
}

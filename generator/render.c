/* render: tasks, workers and one function per kind of file (see render.h). */
#include "render.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "digest.h"
#include "content.h"
#include "image.h"
#include "images.h"
#include "markdown.h"
#include "mem.h"
#include "render_internal.h"
#include "review.h"
#include "scores.h"
#include "text_html.h"
#include "theme_contract.h"
#include "view.h"
#include "view_ld.h"
#include "workers.h"

enum render_kind {
	RENDER_POST, RENDER_PAGE, RENDER_ASSET, RENDER_IMAGE, RENDER_THEME_ASSET,
	RENDER_HOME, RENDER_CATEGORY, RENDER_TAG, RENDER_YEAR,
	RENDER_ARCHIVE, RENDER_404, RENDER_REDIRECTS, RENDER_FEED,
	RENDER_CATEGORY_FEED,
	RENDER_SITEMAP, RENDER_ROBOTS,
	RENDER_RESULTS, RENDER_RESULT, RENDER_RESULT_UNIT,
	RENDER_SEARCH_INDEX, RENDER_SEARCH_PAGE, RENDER_CARD_CORES,
};

struct render_task {
	enum render_kind kind;
	const void *item;       /* page, term, year, source file, dataset */
	size_t page_no;         /* 1-based, for paginated lists; the unit's
				   index for RENDER_RESULT_UNIT */
};

static void render_add(struct render_run *r, enum render_kind kind,
		       const void *item, size_t page_no)
{
	if (r->task_count == r->task_cap) {
		r->task_cap = r->task_cap ? r->task_cap * 2 : 256;
		r->tasks = xreallocarray(r->tasks, r->task_cap,
					 sizeof *r->tasks);
	}
	r->tasks[r->task_count++] = (struct render_task){kind, item, page_no};
}

static size_t render_page_count(size_t items, unsigned page_size)
{
	return items ? (items + page_size - 1) / page_size : 1;
}

/* The fingerprint of one output: the build's base (templates, config,
 * scores, version), the template's name and the whole view. */
static void render_fingerprint(const struct render_run *r, const char *name,
			       const struct value *view,
			       char out[FINGERPRINT_HEX_SIZE])
{
	struct fingerprint fp;
	if (!r->cache) {   /* nobody will compare it */
		out[0] = '\0';
		return;
	}
	fingerprint_init(&fp);
	fingerprint_string(&fp, r->base);
	fingerprint_string(&fp, name);
	if (view)
		fingerprint_value(&fp, view);
	fingerprint_hex(&fp, out);
}

static bool render_kept(struct render_run *r, const char *path,
			const char *fp);
static void render_emit(struct render_run *r, const char *path,
			const void *data, size_t len, const char *fp,
			const char *source);

/* Lists path with the SHA-256 of its bytes in the site's manifest. */
static void render_manifest_add(struct render_run *r, const char *path,
				const char *sha256)
{
	struct render_manifest *m = &r->manifest;
	if (strcmp(path, RENDER_MANIFEST) == 0)
		return;   /* it does not list itself */
	pthread_mutex_lock(&m->lock);
	if (m->count == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 1024;
		m->entries = xreallocarray(m->entries, m->cap,
					   sizeof *m->entries);
	}
	struct render_manifest_entry *e = &m->entries[m->count++];
	e->path = xstrdup(path);
	memcpy(e->sha256, sha256, DIGEST_SHA256_HEX_SIZE);
	pthread_mutex_unlock(&m->lock);
}

static int render_manifest_order(const void *a, const void *b)
{
	const struct render_manifest_entry *x = a, *y = b;
	return strcmp(x->path, y->path);
}

/* RENDER_MANIFEST: "SHA256  PATH" per file of the site, by path, as
 * sha256sum writes them (`sha256sum -c SHA256SUMS` in the site checks
 * it); written once every other file is. */
static void render_manifest_write(struct render_run *r)
{
	struct render_manifest *m = &r->manifest;
	struct buf b;
	struct fingerprint fp;
	char key[FINGERPRINT_HEX_SIZE];
	qsort(m->entries, m->count, sizeof *m->entries,
	      render_manifest_order);
	buf_init(&b);
	for (size_t i = 0; i < m->count; i++) {
		buf_put(&b, m->entries[i].sha256, DIGEST_SHA256_HEX_SIZE - 1);
		buf_put(&b, "  ", 2);
		buf_puts(&b, m->entries[i].path);
		buf_putc(&b, '\n');
	}
	fingerprint_init(&fp);
	fingerprint_string(&fp, RENDER_MANIFEST);
	fingerprint_bytes(&fp, b.data, b.len);
	fingerprint_hex(&fp, key);
	if (!render_kept(r, RENDER_MANIFEST, key))
		render_emit(r, RENDER_MANIFEST, b.data, b.len, key, NULL);
	buf_dispose(&b);
}

/* True when the cache vouches that path would come out the same and the
 * previous file is now linked into the new tree. */
static bool render_kept(struct render_run *r, const char *path,
			const char *fp)
{
	struct output_file_stat st;
	const char *sha256;
	if (!r->cache || !cache_output_fresh(r->cache, path, fp) ||
	    !(sha256 = cache_output_sha256(r->cache, path)))
		return false;
	if (r->out->in_place) {
		/* the file was just compared with the record: it stays */
		if (output_keep(r->out, path, NULL) < 0 ||
		    !cache_output_stat(r->cache, path, &st.size, &st.inode,
				       &st.mtime_ns))
			return false;
	} else if (output_keep(r->out, path, &st) < 0) {
		return false;
	}
	cache_note_output(r->cache, path, fp, sha256, st.size, st.inode,
			  st.mtime_ns);
	render_manifest_add(r, path, sha256);
	return true;
}

/* Writes path; source (the page's file, or NULL for congbo's own pages)
 * is where a problem with the path is reported. */
static void render_emit(struct render_run *r, const char *path,
			const void *data, size_t len, const char *fp,
			const char *source)
{
	struct output_file_stat st;
	char sha256[DIGEST_SHA256_HEX_SIZE];
	if (output_write_from(r->out, path, data, len, &st, source) != 0)
		return;
	digest_sha256_hex(data, len, sha256);
	render_manifest_add(r, path, sha256);
	if (r->cache)
		cache_note_output(r->cache, path, fp, sha256, st.size,
				  st.inode, st.mtime_ns);
}

/* Pages have a kind; feeds, the sitemap and robots.txt are not pages. */
static bool render_is_html_page(const struct value *view)
{
	const struct value *kind = value_map_get(view, "kind");
	if (!kind || kind->kind != VALUE_STRING)
		return false;
	return strcmp(kind->str, "feed") != 0 &&
	       strcmp(kind->str, "sitemap") != 0 &&
	       strcmp(kind->str, "robots") != 0;
}

/* Renders with a fingerprint computed by the caller (see render_post). */
static void render_template_fp(struct render_worker *w, const char *name,
			       const struct value *view, const char *path,
			       const char *fp)
{
	struct render_run *r = w->run;
	const struct template *t = theme_template(r->theme, name, r->diags);
	if (!t)
		return;
	if (render_is_html_page(view))
		view = view_ld_add(&w->arena, r->site, view);
	buf_truncate(&w->out, 0);
	if (template_render_as(r->theme->templates, t, view,
			       theme_contract_is_xml(name), &w->out,
			       r->diags) < 0)
		return;   /* the error names the template and the tag */
	render_emit(r, path, w->out.data, w->out.len, fp, w->source);
}

bool render_keep_by(struct render_worker *w, const char *path,
		    const char *name, const char *part1, const char *part2,
		    char key[FINGERPRINT_HEX_SIZE])
{
	struct fingerprint fp;
	key[0] = '\0';
	if (!w->run->cache)
		return false;
	fingerprint_init(&fp);
	fingerprint_string(&fp, w->run->base);
	fingerprint_string(&fp, name);
	fingerprint_string(&fp, part1 ? part1 : "");
	fingerprint_string(&fp, part2 ? part2 : "");
	fingerprint_hex(&fp, key);
	return render_kept(w->run, path, key);
}

bool render_keep_key(struct render_worker *w, const char *path,
		     const char *key)
{
	return w->run->cache && render_kept(w->run, path, key);
}

void render_write_key(struct render_worker *w, const char *path,
		      const void *data, size_t len, const char *key)
{
	render_emit(w->run, path, data, len, key, w->source);
}

void render_write_if_changed(struct render_worker *w, const char *path,
			     const void *data, size_t len, const char *key)
{
	if (!render_kept(w->run, path, key))
		render_emit(w->run, path, data, len, key, w->source);
}

void render_template(struct render_worker *w, const char *name,
		     const struct value *view, const char *path)
{
	char fp[FINGERPRINT_HEX_SIZE];
	render_fingerprint(w->run, name, view, fp);
	if (!render_kept(w->run, path, fp))
		render_template_fp(w, name, view, path, fp);
}

const char *render_body_html(struct render_worker *w, const struct page *p,
			     const char *root)
{
	struct markdown_options mo = {
		.unsafe_html = w->run->site->config.unsafe_html,
		.root = root,
		.images = w->run->site->images,
		.image_sizes = RENDER_BODY_IMAGE_SIZES,
	};
	render_results_embeds(w, p,
			      p->has_date && p->date_iso
			      ? arena_strndup(&w->arena, p->date_iso, 10) : NULL,
			      root, &mo);
	buf_truncate(&w->scratch, 0);
	/* the editor's checks take the items of a body they left to us */
	if (w->run->review) {
		if (!w->review_scan)
			w->review_scan = review_scan_new();
		if (review_take(w->run->review, p, w->review_scan)) {
			mo.found = review_found;
			mo.found_ctx = w->review_scan;
		}
	}
	markdown_render(&w->scratch, p->body, p->body_len, &mo);
	if (mo.found)
		review_taken(w->run->review, p, w->review_scan);
	return arena_strndup(&w->arena, w->scratch.data, w->scratch.len);
}

static char *render_summary_of(const char *html)
{
	struct buf b;
	buf_init(&b);
	text_strip_html(&b, html, strlen(html), CONTENT_SUMMARY_CHARS);
	return buf_detach(&b);
}

/* ---- cards -----------------------------------------------------------
 *
 * A list page shows page_size cards, an article RENDER_RELATED_COUNT
 * related ones: some 120,000 cards a build at 10,000 articles, nearly all
 * in pages the cache then keeps.  So with a cache a card enters a view as a
 * stand-in, an empty map carrying the card's digest, which is all the
 * page's key takes of it (fingerprint.h); only a page that is rendered
 * gets its real cards (render_cards_fill).  The digest covers the post's
 * core (its card made with RENDER_CARD_ROOT as the way back to the root,
 * with its own summary, not eager: made once per post and build), the
 * summary shown when it is another, the root and eagerness.  The root shows in a card only in its photo's
 * srcset URLs, where RENDER_CARD_ROOT (a byte no encoded URL holds) marks
 * each place it goes: the core and the root decide the card. */
#define RENDER_CARD_ROOT "\x01"
/* posts whose cores one task makes */
#define RENDER_CARD_CHUNK 256

struct render_card {
	struct value *value;      /* the stand-in, in the view */
	const struct page *page;
	const char *summary, *root;
	bool eager;
};

/* The cards of one page, at most cap of them. */
struct render_cards {
	struct render_card *items;
	size_t count, cap;
};

static void render_cards_init(struct arena *a, struct render_cards *cards,
			      size_t cap)
{
	cards->items = arena_array(a, cap + 1, sizeof *cards->items);
	cards->count = 0;
	cards->cap = cap;
}

/* The cores of posts first to first + RENDER_CARD_CHUNK. */
static void render_card_cores(struct render_worker *w, size_t first)
{
	const struct site *site = w->run->site;
	for (size_t i = first; i < site->post_count &&
	     i < first + RENDER_CARD_CHUNK; i++) {
		const struct page *p = site->posts[i];
		struct fingerprint fp;
		fingerprint_init(&fp);
		fingerprint_value(&fp, view_card(&w->arena, p, p->summary,
						 RENDER_CARD_ROOT, false));
		fingerprint_digest(&fp, w->run->card_cores +
				   p->index * FINGERPRINT_DIGEST_SIZE);
	}
}

/* A card (view_card) for a view: the card itself when no key is taken,
 * else its stand-in, noted in cards. */
static struct value *render_card(struct render_worker *w,
				 struct render_cards *cards,
				 const struct page *p, const char *summary,
				 const char *root, bool eager)
{
	struct arena *a = &w->arena;
	const unsigned char *core = w->run->card_cores;
	if (!core)
		return view_card(a, p, summary, root, eager);
	assert(cards->count < cards->cap);
	struct fingerprint fp;
	fingerprint_init(&fp);
	fingerprint_string(&fp, "(card)");
	fingerprint_bytes(&fp, core + p->index * FINGERPRINT_DIGEST_SIZE,
			  FINGERPRINT_DIGEST_SIZE);
	/* the summary as the card shows it: none when empty */
	const char *shown = summary ? summary : "";
	const char *own = p->summary ? p->summary : "";
	if (shown == own || strcmp(shown, own) == 0) {
		fingerprint_string(&fp, "(own summary)");
	} else {
		fingerprint_string(&fp, "(summary)");
		fingerprint_string(&fp, shown);
	}
	fingerprint_string(&fp, root);
	fingerprint_string(&fp, eager ? "eager" : "lazy");
	unsigned char *digest = arena_alloc(a, FINGERPRINT_DIGEST_SIZE);
	fingerprint_digest(&fp, digest);
	struct value *v = value_map_new(a);
	v->digest = digest;
	cards->items[cards->count++] = (struct render_card){
		v, p, summary, root, eager};
	return v;
}

/* The key is taken: each stand-in becomes its card. */
static void render_cards_fill(struct render_worker *w,
			      const struct render_cards *cards)
{
	for (size_t i = 0; cards && i < cards->count; i++) {
		const struct render_card *c = &cards->items[i];
		*c->value = *view_card(&w->arena, c->page, c->summary, c->root,
				       c->eager);
	}
}

static struct value *render_related(struct render_worker *w,
				    struct render_cards *cards,
				    const struct page *p, const char *root)
{
	struct arena *a = &w->arena;
	struct value *list = value_list_new(a);
	render_cards_init(a, cards, RENDER_RELATED_COUNT);
	if (!p->category_count)
		return list;
	const struct term *t = p->categories[0];
	for (size_t i = 0; i < t->count && list->count < RENDER_RELATED_COUNT;
	     i++)
		if (t->pages[i] != p)
			value_list_push(a, list, render_card(w, cards,
					t->pages[i], t->pages[i]->summary,
					root, false));
	return list;
}

/* The key of the summary of a post without one of its own: its blob and
 * what its body's HTML is made from besides (render_slot: photos, date;
 * unsafe_html, the score data and templates of its shortcodes: the body
 * base). */
static void render_summary_key(const struct render_run *r,
			       const struct page *p,
			       char out[FINGERPRINT_HEX_SIZE])
{
	struct fingerprint fp;
	fingerprint_init(&fp);
	fingerprint_string(&fp, r->body_base);
	fingerprint_string(&fp, p->src->id);
	fingerprint_string(&fp, p->images_key ? p->images_key : "-");
	fingerprint_string(&fp, p->has_date && p->date_iso ? p->date_iso : "-");
	fingerprint_hex(&fp, out);
}

/* The summary of a post: its own, the cache's for its key, or the start
 * of its body (rendered here; *html keeps it for the page). */
static char *render_post_summary(struct render_worker *w, const struct page *p,
				 const char *root, const char **html)
{
	struct cache *cache = w->run->cache;
	char key[FINGERPRINT_HEX_SIZE];
	if (p->summary)
		return xstrdup(p->summary);
	if (cache)
		render_summary_key(w->run, p, key);
	const char *cached = cache ? cache_summary(cache, key) : NULL;
	char *summary = cached ? xstrdup(cached)
			       : render_summary_of(*html = render_body_html(w, p,
									    root));
	if (cache)
		cache_note_summary(cache, key, summary);
	return summary;
}

/* A body in a view.  Until the page's key is taken it holds what
 * render_body_html makes the HTML from: the blob, the way back to the
 * root, unsafe_html, the page's photos (images_key: their sizes and
 * copies) and its date (the figures its ket-qua tables show are those of
 * that date); the score data and templates of those tables are in the
 * base.  So the key covers the body without rendering it; then the HTML
 * takes its place (render_view). */
struct render_slot {
	struct value *value;      /* in the view */
	const struct page *page;
	const char *root;         /* or base_url, for feeds */
	const char *html;         /* already rendered, or NULL */
};

static struct value *render_slot_init(struct render_worker *w,
				      struct render_slot *slot,
				      const struct page *p, const char *root,
				      const char *html)
{
	struct arena *a = &w->arena;
	const char *inputs = arena_printf(a, "(body%s) %s %s %s %s",
		w->run->site->config.unsafe_html ? ", unsafe" : "", p->src->id,
		p->images_key ? p->images_key : "-",
		p->has_date && p->date_iso ? p->date_iso : "-", root);
	*slot = (struct render_slot){
		value_string_ref(a, inputs, strlen(inputs)), p, root, html,
	};
	return slot->value;
}

/* Renders view into path unless the cache keeps the file: the key is the
 * base, the template's name and the whole view, its bodies as their
 * inputs and its cards as their stand-ins (may be NULL); then the bodies
 * are rendered into their slots and the cards made. */
static void render_view(struct render_worker *w, const char *name,
			struct value *view, const char *path,
			struct render_slot *slots, size_t slot_count,
			const struct render_cards *cards)
{
	char key[FINGERPRINT_HEX_SIZE];
	render_fingerprint(w->run, name, view, key);
	if (render_kept(w->run, path, key))
		return;
	render_cards_fill(w, cards);
	for (size_t i = 0; i < slot_count; i++) {
		struct render_slot *s = &slots[i];
		const char *html = s->html ? s->html
					   : render_body_html(w, s->page,
							      s->root);
		s->value->str = html;
		s->value->len = strlen(html);
	}
	render_template_fp(w, name, view, path, key);
}

static void render_post(struct render_worker *w, const struct page *p)
{
	struct arena *a = &w->arena;
	const struct site *site = w->run->site;
	const char *root = view_root(a, p->url);
	const char *html = NULL;
	char *summary = render_post_summary(w, p, root, &html);
	w->run->summaries[p->index] = summary;   /* this task's slot only */
	render_search_note(w, p, root, &html);
	struct value *art = view_card(a, p, summary, root, true);
	value_map_put_string(a, art, "permalink",
			     view_permalink(a, site, p->url));
	if (p->author)
		value_map_put_string(a, art, "author", p->author);
	value_map_put(a, art, "tags", view_terms(a, p->tags, p->tag_count));
	view_put_history(a, art, site, p);
	struct render_slot body;
	value_map_put(a, art, "content",
		      render_slot_init(w, &body, p, root, html));
	struct value *view = view_page_in(&w->sites, a, site, "article",
					  p->url, root, p->title, summary);
	value_map_put(a, view, "article", art);
	struct render_cards cards;
	struct value *related = render_related(w, &cards, p, root);
	if (related->count) {
		value_map_put(a, view, "related", related);
		/* Mustache cannot ask "is this list empty" once */
		value_map_put(a, view, "has_related", value_bool(a, true));
	}
	render_view(w, "article", view, p->out_path, &body, 1, &cards);
}

static void render_static_page(struct render_worker *w, const struct page *p)
{
	struct arena *a = &w->arena;
	const char *root = view_root(a, p->url);
	const char *html = NULL;
	render_search_note(w, p, root, &html);
	struct value *page = value_map_new(a);
	struct render_slot body;
	value_map_put_string(a, page, "title", p->title);
	value_map_put_string(a, page, "url", p->url);
	value_map_put(a, page, "content",
		      render_slot_init(w, &body, p, root, html));
	view_put_history(a, page, w->run->site, p);
	struct value *view = view_page_in(&w->sites, a, w->run->site, "page", p->url, root,
				       p->title, p->summary);
	value_map_put(a, view, "page", page);
	render_view(w, "page", view, p->out_path, &body, 1, NULL);
}

static void render_asset(struct render_worker *w, const struct source_file *f,
			 size_t prefix_len, const char *prefix)
{
	const char *path = arena_printf(&w->arena, "%s%s", prefix,
					f->path + prefix_len);
	char fp[FINGERPRINT_HEX_SIZE];
	render_fingerprint(w->run, f->id, NULL, fp);   /* an asset is its blob */
	if (!render_kept(w->run, path, fp))
		render_emit(w->run, path, f->data, f->len, fp, f->path);
}

/* The URL of page page_no of a list whose first page is at base
 * ("chuyen-muc/x/trang/2/"): some 70,000 a build, so without printf. */
static const char *render_list_url(struct arena *a, const char *base,
				   size_t page_no)
{
	char number[24], *p = number + sizeof number;
	if (page_no <= 1)
		return base;
	*--p = '\0';
	*--p = '/';
	do {
		*--p = (char)('0' + page_no % 10);
		page_no /= 10;
	} while (page_no);
	return arena_join(a, base, "trang/", p);
}

/* True for the page numbers a pagination shows: the first, the last and
 * those near the current one.  Listing every page would make each page of
 * a 1,000-page archive carry 1,000 links: quadratic output. */
static bool render_page_link_shown(size_t n, size_t page_no, size_t pages)
{
	size_t lo = page_no > RENDER_PAGE_WINDOW ? page_no - RENDER_PAGE_WINDOW
						 : 1;
	return n == 1 || n == pages ||
	       (n >= lo && n <= page_no + RENDER_PAGE_WINDOW);
}

static struct value *render_page_links(struct arena *a, const char *base,
				       size_t page_no, size_t pages)
{
	struct value *links = value_list_new(a);
	bool gap = false;
	for (size_t i = 1; i <= pages; i++) {
		if (!render_page_link_shown(i, page_no, pages)) {
			if (!gap) {   /* one "…" for each run of hidden pages */
				struct value *g = value_map_new(a);
				value_map_put(a, g, "gap", value_bool(a, true));
				value_list_push(a, links, g);
			}
			gap = true;
			continue;
		}
		gap = false;
		struct value *l = value_map_new(a);
		value_map_put(a, l, "number", value_int(a, (long long)i));
		value_map_put_string(a, l, "url", render_list_url(a, base, i));
		value_map_put(a, l, "current", value_bool(a, i == page_no));
		value_list_push(a, links, l);
	}
	return links;
}

static struct value *render_pagination(struct arena *a, const char *base,
				       size_t page_no, size_t pages)
{
	struct value *p = value_map_new(a);
	value_map_put(a, p, "page", value_int(a, (long long)page_no));
	value_map_put(a, p, "pages", value_int(a, (long long)pages));
	if (page_no > 1)
		value_map_put_string(a, p, "prev_url",
				     render_list_url(a, base, page_no - 1));
	if (page_no < pages)
		value_map_put_string(a, p, "next_url",
				     render_list_url(a, base, page_no + 1));
	value_map_put(a, p, "links", render_page_links(a, base, page_no, pages));
	return p;
}

/* What a paginated list shows: its items and how it is named. */
struct render_list {
	const char *kind;        /* home, category, tag, year */
	const char *title;       /* NULL for the home page */
	const char *base;        /* URL of its first page */
	struct page *const *pages;
	size_t count;
	const char *feed_url;    /* or NULL */
	const char *template_name;
};

static void render_list_page(struct render_worker *w,
			     const struct render_list *l, size_t page_no)
{
	struct arena *a = &w->arena;
	const struct site *site = w->run->site;
	unsigned size = site->config.page_size;
	size_t pages = render_page_count(l->count, size);
	const char *url = render_list_url(a, l->base, page_no);
	const char *path = arena_join(a, url, "index.html", NULL);
	const char *root = view_root(a, url);
	const char *title = l->title;
	if (page_no > 1)
		title = arena_printf(a, "%s – Trang %zu",
				     l->title ? l->title : "Tin mới nhất",
				     page_no);
	struct value *view = view_page_in(&w->sites, a, site, l->kind, url, root, title,
				       NULL);
	struct value *list = value_map_new(a);
	value_map_put_string(a, list, "title", l->title ? l->title
							: "Tin mới nhất");
	value_map_put_string(a, list, "kind", l->kind);
	if (l->feed_url)
		value_map_put_string(a, list, "feed_url", l->feed_url);
	struct value *items = value_list_new(a);
	struct render_cards cards;
	size_t first = (page_no - 1) * size;
	render_cards_init(a, &cards, size);
	for (size_t i = first; i < l->count && i < first + size; i++)
		value_list_push(a, items, render_card(w, &cards, l->pages[i],
			w->run->summaries[l->pages[i]->index], root,
			i - first < RENDER_EAGER_CARDS));
	value_map_put(a, list, "items", items);
	value_map_put(a, view, "list", list);
	if (pages > 1)
		value_map_put(a, view, "pagination",
			      render_pagination(a, l->base, page_no, pages));
	render_view(w, l->template_name, view, path, NULL, 0, &cards);
}

static void render_term_list(struct render_worker *w, const struct term *t,
			     const char *kind, size_t page_no)
{
	struct render_list l = {
		.kind = kind, .title = t->name, .base = t->url,
		.pages = t->pages, .count = t->count,
		.template_name = "list",
	};
	if (strcmp(kind, "category") == 0)
		l.feed_url = arena_printf(&w->arena, "%sfeed.xml", t->url);
	render_list_page(w, &l, page_no);
}

static void render_year(struct render_worker *w, const struct site_year *y,
			size_t page_no)
{
	struct render_list l = {
		.kind = "year",
		.title = arena_printf(&w->arena, "Lưu trữ năm %d", y->year),
		.base = arena_printf(&w->arena, "luu-tru/%d/", y->year),
		.pages = y->pages, .count = y->count,
		.template_name = "list",
	};
	render_list_page(w, &l, page_no);
}

static void render_home(struct render_worker *w, size_t page_no)
{
	const struct site *site = w->run->site;
	struct render_list l = {
		.kind = "home", .base = "", .pages = site->posts,
		.count = site->post_count, .feed_url = "feed.xml",
		.template_name = "home",
	};
	render_list_page(w, &l, page_no);
}

static void render_archive(struct render_worker *w)
{
	struct arena *a = &w->arena;
	const struct site *site = w->run->site;
	struct value *view = view_page_in(&w->sites, a, site, "archive", "luu-tru/",
				       "../", "Lưu trữ", NULL);
	struct value *years = value_list_new(a);
	for (size_t i = 0; i < site->year_count; i++) {
		struct value *y = value_map_new(a);
		value_map_put(a, y, "year", value_int(a, site->years[i].year));
		value_map_put_string(a, y, "url", arena_printf(a,
					"luu-tru/%d/", site->years[i].year));
		value_map_put(a, y, "count",
			      value_int(a, (long long)site->years[i].count));
		value_list_push(a, years, y);
	}
	value_map_put(a, view, "years", years);
	render_template(w, "archive", view, "luu-tru/index.html");
}

static void render_404(struct render_worker *w)
{
	/* served at any depth: links must start from the base path */
	const struct site *site = w->run->site;
	struct value *view = view_page_in(&w->sites, &w->arena, site, "404", "404.html",
				       site->config.base_path,
				       "Không tìm thấy trang", NULL);
	render_template(w, "404", view, "404.html");
}

static const char *render_iso(struct arena *a, const struct text_date *d)
{
	struct buf b;
	buf_init(&b);
	text_date_iso(&b, d);
	const char *s = arena_strdup(a, b.data);
	buf_dispose(&b);
	return s;
}

static struct value *render_feed_entry(struct render_worker *w,
				       const struct page *p,
				       struct render_slot *body)
{
	struct arena *a = &w->arena;
	const struct site *site = w->run->site;
	struct value *e = value_map_new(a);
	const char *permalink = view_permalink(a, site, p->url);
	const char *iso = render_iso(a, &p->date);
	value_map_put_string(a, e, "title", p->title);
	value_map_put_string(a, e, "permalink", permalink);
	value_map_put_string(a, e, "id", permalink);
	value_map_put_string(a, e, "published", iso);
	value_map_put_string(a, e, "updated", iso);
	value_map_put_string(a, e, "author", p->author ? p->author
						       : site->config.title);
	value_map_put_string(a, e, "summary", w->run->summaries[p->index]);
	/* feed readers resolve nothing: links become absolute */
	value_map_put(a, e, "content", render_slot_init(w, body, p,
					site->config.base_url, NULL));
	value_map_put(a, e, "categories",
		      view_terms(a, p->categories, p->category_count));
	return e;
}

static void render_feed(struct render_worker *w, const struct term *t)
{
	struct arena *a = &w->arena;
	const struct site *site = w->run->site;
	struct page *const *pages = t ? t->pages : site->posts;
	size_t count = t ? t->count : site->post_count;
	const char *base = t ? t->url : "";
	const char *path = arena_printf(a, "%sfeed.xml", base);
	if (count > RENDER_FEED_ENTRIES)
		count = RENDER_FEED_ENTRIES;
	struct render_slot *bodies = arena_array(a, count + 1, sizeof *bodies);
	struct value *feed = value_map_new(a);
	value_map_put_string(a, feed, "title", t ? arena_printf(a, "%s – %s",
				t->name, site->config.title) : site->config.title);
	value_map_put_string(a, feed, "id", view_permalink(a, site, path));
	value_map_put_string(a, feed, "self", view_permalink(a, site, path));
	value_map_put_string(a, feed, "alternate", view_permalink(a, site, base));
	value_map_put_string(a, feed, "updated", count
		? render_iso(a, &pages[0]->date) : "1970-01-01T00:00:00Z");
	struct value *entries = value_list_new(a);
	for (size_t i = 0; i < count; i++)
		value_list_push(a, entries,
				render_feed_entry(w, pages[i], &bodies[i]));
	value_map_put(a, feed, "entries", entries);
	struct value *view = view_page_in(&w->sites, a, site, "feed", path, "./", NULL, NULL);
	value_map_put(a, view, "feed", feed);
	render_view(w, "feed", view, path, bodies, count, NULL);
}

void render_sitemap_url(struct render_worker *w, struct value *urls,
			const char *url, const struct page *p)
{
	struct arena *a = &w->arena;
	struct value *u = value_map_new(a);
	value_map_put_string(a, u, "loc", view_permalink(a, w->run->site, url));
	if (p && p->has_date) {
		struct buf b;
		buf_init(&b);
		text_date_ymd(&b, &p->date);
		value_map_put_string(a, u, "lastmod", b.data);
		buf_dispose(&b);
	}
	value_list_push(a, urls, u);
}

static void render_sitemap(struct render_worker *w)
{
	struct arena *a = &w->arena;
	const struct site *site = w->run->site;
	struct value *urls = value_list_new(a);
	render_sitemap_url(w, urls, "", NULL);
	for (size_t i = 0; i < site->post_count; i++)
		render_sitemap_url(w, urls, site->posts[i]->url, site->posts[i]);
	for (size_t i = 0; i < site->page_count; i++)
		render_sitemap_url(w, urls, site->pages[i]->url, NULL);
	for (size_t i = 0; i < site->category_count; i++)
		render_sitemap_url(w, urls, site->categories[i]->url, NULL);
	for (size_t i = 0; i < site->tag_count; i++)
		render_sitemap_url(w, urls, site->tags[i]->url, NULL);
	render_results_sitemap(w, urls);
	struct value *view = view_page_in(&w->sites, a, site, "sitemap", "sitemap.xml", "./",
				       NULL, NULL);
	value_map_put(a, view, "urls", urls);
	render_template(w, "sitemap", view, "sitemap.xml");
}

static void render_robots(struct render_worker *w)
{
	struct value *view = view_page_in(&w->sites, &w->arena, w->run->site, "robots",
				       "robots.txt", "./", NULL, NULL);
	render_template(w, "robots", view, "robots.txt");
}

static void render_task_run(struct render_worker *w, const struct render_task *t)
{
	const struct theme *theme = w->run->theme;
	switch (t->kind) {
	case RENDER_POST:
	case RENDER_PAGE:
		/* the page's own problems are reported at its file */
		w->source = ((const struct page *)t->item)->src->path;
		if (t->kind == RENDER_POST)
			render_post(w, t->item);
		else
			render_static_page(w, t->item);
		w->source = NULL;
		break;
	case RENDER_ASSET:
		render_asset(w, t->item, strlen("content/"), "");
		break;
	case RENDER_IMAGE: render_image(w, t->item); break;
	case RENDER_THEME_ASSET:
		render_asset(w, t->item, theme->asset_prefix_len, "");
		break;
	case RENDER_HOME: render_home(w, t->page_no); break;
	case RENDER_CATEGORY:
		render_term_list(w, t->item, "category", t->page_no);
		break;
	case RENDER_TAG: render_term_list(w, t->item, "tag", t->page_no); break;
	case RENDER_YEAR: render_year(w, t->item, t->page_no); break;
	case RENDER_ARCHIVE: render_archive(w); break;
	case RENDER_404: render_404(w); break;
	case RENDER_REDIRECTS: render_redirects(w); break;
	case RENDER_FEED: render_feed(w, NULL); break;
	case RENDER_CATEGORY_FEED: render_feed(w, t->item); break;
	case RENDER_SITEMAP: render_sitemap(w); break;
	case RENDER_ROBOTS: render_robots(w); break;
	case RENDER_RESULTS: render_results_index(w); break;
	case RENDER_RESULT: render_result(w, t->item); break;
	case RENDER_RESULT_UNIT:
		render_result_unit(w, t->item, t->page_no);
		break;
	case RENDER_SEARCH_INDEX: render_search_index(w); break;
	case RENDER_SEARCH_PAGE: render_search_page(w); break;
	case RENDER_CARD_CORES: render_card_cores(w, t->page_no); break;
	}
}

struct render_pool {
	struct render_run *run;
	struct render_worker *workers;   /* one per thread */
};

static void render_pool_item(void *ctx, unsigned worker, size_t i)
{
	struct render_pool *pool = ctx;
	struct render_worker *w = &pool->workers[worker];
	render_task_run(w, &pool->run->tasks[i]);
	arena_reset(&w->arena);
}

static void render_pool_done(void *ctx, unsigned worker)
{
	(void)ctx;
	(void)worker;
	image_thread_done();   /* libvips' buffers for this thread */
}

/* Runs the queued tasks on jobs threads (the caller's thread is one). */
static void render_run_tasks(struct render_run *r, unsigned jobs)
{
	struct render_worker *workers = xcalloc(jobs, sizeof *workers);
	for (unsigned i = 0; i < jobs; i++) {
		workers[i].run = r;
		workers[i].keep = &r->keep[i];
		workers[i].sites = (struct view_sites){.arena = &r->keep[i]};
		arena_init(&workers[i].arena);
		buf_init(&workers[i].out);
		buf_init(&workers[i].scratch);
	}
	struct render_pool pool = {r, workers};
	struct workers_job job = {render_pool_item, render_pool_done, &pool};
	workers_run(&job, jobs, r->task_count);
	for (unsigned i = 0; i < jobs; i++) {
		arena_dispose(&workers[i].arena);
		buf_dispose(&workers[i].out);
		buf_dispose(&workers[i].scratch);
		review_scan_free(workers[i].review_scan);
	}
	free(workers);
	r->task_count = 0;
}

static void render_queue_pages(struct render_run *r)
{
	const struct site *site = r->site;
	for (size_t i = 0; i < site->post_count; i++)
		render_add(r, RENDER_POST, site->posts[i], 0);
	for (size_t i = 0; i < site->page_count; i++)
		render_add(r, RENDER_PAGE, site->pages[i], 0);
	for (size_t i = 0; i < site->asset_count; i++) {
		const struct source_file *f = site->assets[i];
		const struct images_entry *e = images_find(site->images,
					f->path + strlen("content/"));
		if (e && !e->copied_as_is)   /* a photo: its copies instead */
			render_add(r, RENDER_IMAGE, e, 0);
		else
			render_add(r, RENDER_ASSET, f, 0);
	}
	for (size_t i = 0; i < r->theme->asset_count; i++)
		render_add(r, RENDER_THEME_ASSET, r->theme->assets[i], 0);
	for (size_t i = 0; i < site->dataset_count; i++) {
		const struct scores_dataset *d = site->datasets[i];
		render_add(r, RENDER_RESULT, d, 0);
		for (size_t u = 0; u < d->nunits; u++)
			render_add(r, RENDER_RESULT_UNIT, d, u);
	}
	if (site->dataset_count)
		render_add(r, RENDER_RESULTS, NULL, 0);
}

static void render_queue_list(struct render_run *r, enum render_kind kind,
			      const void *item, size_t items)
{
	size_t pages = render_page_count(items, r->site->config.page_size);
	for (size_t n = 1; n <= pages; n++)
		render_add(r, kind, item, n);
}

static void render_queue_lists(struct render_run *r)
{
	const struct site *site = r->site;
	render_queue_list(r, RENDER_HOME, NULL, site->post_count);
	for (size_t i = 0; i < site->category_count; i++) {
		render_queue_list(r, RENDER_CATEGORY, site->categories[i],
				  site->categories[i]->count);
		render_add(r, RENDER_CATEGORY_FEED, site->categories[i], 0);
	}
	for (size_t i = 0; i < site->tag_count; i++)
		render_queue_list(r, RENDER_TAG, site->tags[i],
				  site->tags[i]->count);
	for (size_t i = 0; i < site->year_count; i++)
		render_queue_list(r, RENDER_YEAR, &site->years[i],
				  site->years[i].count);
	render_add(r, RENDER_ARCHIVE, NULL, 0);
	render_add(r, RENDER_404, NULL, 0);
	render_add(r, RENDER_REDIRECTS, NULL, 0);
	render_add(r, RENDER_FEED, NULL, 0);
	render_add(r, RENDER_SITEMAP, NULL, 0);
	render_add(r, RENDER_ROBOTS, NULL, 0);
	if (r->search) {   /* every record is in by now */
		render_add(r, RENDER_SEARCH_INDEX, NULL, 0);
		render_add(r, RENDER_SEARCH_PAGE, NULL, 0);
	}
}

int render_site(const struct site *site, const struct theme *theme,
		struct output *out, struct cache *cache, const char *base,
		const char *body_base, unsigned jobs, struct diag_list *diags,
		const char *photo_store, struct render_counts *counts,
		struct review *review)
{
	size_t errors_before = diags->errors;
	struct render_counts ignored = {0};
	struct render_run r = {
		.site = site, .theme = theme, .out = out, .diags = diags,
		.cache = cache, .photo_store = photo_store,
		.counts = counts ? counts : &ignored,
		.review = review,
	};
	pthread_mutex_init(&r.manifest.lock, NULL);
	snprintf(r.base, sizeof r.base, "%s", base);
	snprintf(r.body_base, sizeof r.body_base, "%s", body_base);
	if (jobs < 1)
		jobs = 1;
	if (jobs > RENDER_MAX_JOBS)
		jobs = RENDER_MAX_JOBS;
	r.summaries = xcalloc(site->post_count + 1, sizeof *r.summaries);
	for (unsigned i = 0; i < jobs; i++)
		arena_init(&r.keep[i]);
	r.search = render_search_new(site, theme, cache);
	if (cache) {   /* keys are taken: cards stand in by their digests */
		r.card_cores = xcalloc(site->post_count + 1,
				       FINGERPRINT_DIGEST_SIZE);
		for (size_t i = 0; i < site->post_count; i += RENDER_CARD_CHUNK)
			render_add(&r, RENDER_CARD_CORES, NULL, i);
		render_run_tasks(&r, jobs);
	}
	render_queue_pages(&r);
	render_run_tasks(&r, jobs);
	render_queue_lists(&r);
	render_run_tasks(&r, jobs);
	render_search_free(r.search, diags->errors == errors_before, counts);
	if (diags->errors == errors_before)
		render_manifest_write(&r);
	for (size_t i = 0; i < r.manifest.count; i++)
		free(r.manifest.entries[i].path);
	free(r.manifest.entries);
	pthread_mutex_destroy(&r.manifest.lock);
	for (size_t i = 0; i < site->post_count; i++)
		free(r.summaries[i]);
	free(r.summaries);
	free(r.card_cores);
	for (unsigned i = 0; i < jobs; i++)
		arena_dispose(&r.keep[i]);
	free(r.tasks);
	return diags->errors > errors_before ? -1 : 0;
}

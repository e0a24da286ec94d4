/* site: from source files to the build's model (see site.h). */
#include "site.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "content.h"
#include "mem.h"
#include "strmap.h"
#include "text.h"
#include "recurring.h"
#include "results.h"
#include "workers.h"

static bool site_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Appends to an arena array of pointers that doubles as it grows. */
static void site_push(struct arena *a, void ***items, size_t *count,
		      size_t *cap, void *item)
{
	if (*count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		void **fresh = arena_array(a, ncap, sizeof *fresh);
		if (*count)
			memcpy(fresh, *items, *count * sizeof *fresh);
		*items = fresh;
		*cap = ncap;
	}
	(*items)[(*count)++] = item;
}

static bool site_segment_ok(const char *seg, size_t len)
{
	if (len == 0)
		return false;
	if ((len == 1 && seg[0] == '.') || (len == 2 && !memcmp(seg, "..", 2)))
		return false;
	for (size_t i = 0; i < len; i++)
		if (seg[i] == '\\' || (unsigned char)seg[i] < 0x20)
			return false;
	return true;
}

/* A root-relative URL that stays inside the output folder. */
static bool site_url_ok(const char *url)
{
	if (!*url || url[0] == '/')
		return false;
	const char *s = url;
	while (*s) {
		const char *slash = strchr(s, '/');
		size_t len = slash ? (size_t)(slash - s) : strlen(s);
		if (!site_segment_ok(s, len))
			return false;
		s += len + (slash ? 1 : 0);
	}
	return true;
}

static void site_expand_token(struct buf *out, const char *token, size_t len,
			      const struct page *page, const char *category)
{
	const struct text_date *d = &page->date;
	if (len == 4 && !memcmp(token, "year", 4))
		buf_printf(out, "%04d", d->year);
	else if (len == 5 && !memcmp(token, "month", 5))
		buf_printf(out, "%02d", d->month);
	else if (len == 3 && !memcmp(token, "day", 3))
		buf_printf(out, "%02d", d->day);
	else if (len == 4 && !memcmp(token, "slug", 4))
		buf_puts(out, page->slug);
	else if (len == 8 && !memcmp(token, "category", 8))
		buf_puts(out, category ? category : "khac");
	else {
		buf_putc(out, ':');
		buf_put(out, token, len);
	}
}

const char *site_expand_permalink(struct arena *a, const char *pattern,
				  const struct page *page,
				  const char *category_slug)
{
	struct buf out;
	buf_init(&out);
	const char *s = pattern[0] == '/' ? pattern + 1 : pattern;
	while (*s) {
		if (*s == ':') {
			size_t len = strspn(s + 1, "abcdefghijklmnopqrstuvwxyz");
			site_expand_token(&out, s + 1, len, page, category_slug);
			s += len + 1;
		} else {
			buf_putc(&out, *s++);
		}
	}
	const char *url = site_url_ok(out.data) ? arena_strdup(a, out.data)
						: NULL;
	buf_dispose(&out);
	return url;
}

static const char *site_out_path(struct arena *a, const char *url)
{
	if (url[strlen(url) - 1] == '/')
		return arena_printf(a, "%sindex.html", url);
	return url;
}

/* What site_load keeps while it assembles the model. */
struct site_caps {
	size_t posts, pages, categories, tags, assets;
	struct strmap category_names;   /* name as written → term */
	struct strmap tag_names;
};

static struct term *site_term_by_slug(struct site *site, struct term ***terms,
				      size_t *count, size_t *cap,
				      const char *name, const char *pattern);

/* The term called name: by its exact name first, since the same few
 * names recur in thousands of articles, then by slug ("Tin tức" and
 * "tin tuc" are one category). */
static struct term *site_term(struct site *site, struct term ***terms,
			      size_t *count, size_t *cap, struct strmap *names,
			      const char *name, const char *pattern)
{
	struct term *known = strmap_get(names, name);
	if (known)
		return known;
	struct term *t = site_term_by_slug(site, terms, count, cap, name,
					   pattern);
	if (t)
		strmap_put(names, name, t);
	return t;
}

static struct term *site_term_by_slug(struct site *site, struct term ***terms,
				      size_t *count, size_t *cap,
				      const char *name, const char *pattern)
{
	struct buf slug;
	buf_init(&slug);
	text_slugify(&slug, name, strlen(name));
	struct term *t = NULL;
	for (size_t i = 0; i < *count && !t; i++)
		if (strcmp((*terms)[i]->slug, slug.data) == 0)
			t = (*terms)[i];
	if (!t && slug.len) {
		t = arena_alloc(&site->arena, sizeof *t);
		t->name = name;
		t->slug = arena_strdup(&site->arena, slug.data);
		struct page stub = {.slug = t->slug};
		t->url = site_expand_permalink(&site->arena, pattern, &stub,
					       t->slug);
		if (!t->url)
			t->url = arena_printf(&site->arena, "chuyen-muc/%s/",
					      t->slug);
		site_push(&site->arena, (void ***)terms, count, cap, t);
	}
	buf_dispose(&slug);
	return t;
}

static void site_attach_terms(struct site *site, struct page *p,
			      struct site_caps *caps)
{
	const struct config *cfg = &site->config;
	p->categories = arena_array(&site->arena, p->category_count + 1,
				    sizeof *p->categories);
	p->tags = arena_array(&site->arena, p->tag_count + 1, sizeof *p->tags);
	size_t n = 0;
	for (size_t i = 0; i < p->category_count; i++) {
		struct term *t = site_term(site, &site->categories,
					   &site->category_count,
					   &caps->categories,
					   &caps->category_names,
					   p->category_names[i],
					   cfg->permalink_category);
		if (t)
			p->categories[n++] = t;
	}
	p->category_count = n;
	n = 0;
	for (size_t i = 0; i < p->tag_count; i++) {
		struct term *t = site_term(site, &site->tags, &site->tag_count,
					   &caps->tags, &caps->tag_names,
					   p->tag_names[i], cfg->permalink_tag);
		if (t)
			p->tags[n++] = t;
	}
	p->tag_count = n;
}

static const char *site_format(struct arena *a, struct buf *b,
			       void (*format)(struct buf *,
					      const struct text_date *),
			       const struct text_date *d)
{
	buf_truncate(b, 0);
	format(b, d);
	return arena_strndup(a, b->data, b->len);
}

static void site_format_dates(struct arena *a, struct page *p)
{
	struct buf b;
	buf_init(&b);
	p->date_iso = site_format(a, &b, text_date_iso, &p->date);
	p->date_text = site_format(a, &b, text_date_vi, &p->date);
	p->date_short = site_format(a, &b, text_date_short, &p->date);
	buf_dispose(&b);
}

/* Gives p its slug, URL and output path; false (with an error) if none. */
static bool site_place_page(struct site *site, struct page *p,
			    struct diag_list *diags)
{
	p->slug_pinned = p->slug != NULL;
	if (!p->slug) {
		struct buf slug;
		buf_init(&slug);
		text_slugify(&slug, p->title, strlen(p->title));
		p->slug = slug.len ? arena_strdup(&site->arena, slug.data)
				   : NULL;
		buf_dispose(&slug);
	}
	if (!p->slug) {
		diag_error(diags, p->src->path, 1, 1, "the title \"%s\" gives "
			   "an empty URL slug: add \"slug:\" with a-z, 0-9 and "
			   "\"-\"", p->title);
		return false;
	}
	const char *pattern = p->kind == PAGE_POST ? site->config.permalink_post
						   : site->config.permalink_page;
	if (!p->has_date && strstr(pattern, ":year")) {
		diag_error(diags, p->src->path, 1, 1, "the permalink \"%s\" "
			   "needs a date: add \"date:\"", pattern);
		return false;
	}
	p->url = site_expand_permalink(&site->arena, pattern, p,
		p->category_count ? p->categories[0]->slug : NULL);
	if (!p->url) {
		diag_error(diags, p->src->path, 1, 1, "the permalink \"%s\" "
			   "gives a URL that would leave the output folder; "
			   "use only a-z, 0-9, \"-\" and \"/\" segments",
			   pattern);
		return false;
	}
	p->out_path = site_out_path(&site->arena, p->url);
	if (p->has_date)
		site_format_dates(&site->arena, p);
	return true;
}

bool site_page_set_slug(struct site *site, struct page *p, const char *slug)
{
	const char *pattern = p->kind == PAGE_POST ? site->config.permalink_post
						   : site->config.permalink_page;
	const char *old = p->slug;
	p->slug = arena_strdup(&site->arena, slug);
	const char *url = site_expand_permalink(&site->arena, pattern, p,
		p->category_count ? p->categories[0]->slug : NULL);
	if (!url) {
		p->slug = old;
		return false;
	}
	p->url = url;
	p->out_path = site_out_path(&site->arena, url);
	return true;
}

/* Newest first; equal dates by source path, so the order never depends
 * on the file system. */
static int site_compare_posts(const void *pa, const void *pb)
{
	const struct page *a = *(struct page *const *)pa;
	const struct page *b = *(struct page *const *)pb;
	if (a->date.epoch != b->date.epoch)
		return a->date.epoch > b->date.epoch ? -1 : 1;
	return strcmp(a->src->path, b->src->path);
}

static int site_compare_terms(const void *pa, const void *pb)
{
	const struct term *a = *(struct term *const *)pa;
	const struct term *b = *(struct term *const *)pb;
	return strcmp(a->slug, b->slug);
}

static bool site_keep(struct site *site, const struct page *p,
		      const struct site_options *opts)
{
	if (p->draft && !opts->drafts) {
		site->skipped_drafts++;
		return false;
	}
	if (p->has_date && p->date.epoch > opts->now && !opts->future) {
		site->skipped_future++;
		if (p->date.epoch < site->future_horizon)
			site->future_horizon = p->date.epoch;
		return false;
	}
	return true;
}

/* Whether path ends in suffix, ASCII case ignored. */
static bool site_has_suffix_nocase(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* A Markdown file: ".md" or ".markdown", in any case (a draft saved as
 * "A.MD" must not be copied to the site as it is, front matter and all). */
static bool site_is_markdown(const char *path)
{
	return site_has_suffix_nocase(path, ".md") ||
	       site_has_suffix_nocase(path, ".markdown");
}

/* Which kind of page a source file is, if any. */
static bool site_page_kind(const char *path, enum page_kind *kind)
{
	if (!site_is_markdown(path))
		return false;
	if (site_has_prefix(path, "content/posts/"))
		*kind = PAGE_POST;
	else if (site_has_prefix(path, "content/pages/"))
		*kind = PAGE_STATIC;
	else
		return false;
	return true;
}

/* Reading every front matter is most of loading a portal, and each file
 * stands alone: workers read them at once, each into its own arena (kept
 * in the site), and the model is then assembled in file order. */
struct site_reader {
	const struct source *src;
	const struct content_records *records;
	int tz_offset;
	struct diag_list *diags;
	struct arena *arenas;      /* one per worker */
	struct page **read;        /* per source file, or NULL */
};

static void site_read_one(void *ctx, unsigned worker, size_t i)
{
	struct site_reader *r = ctx;
	const struct source_file *f = &r->src->files[i];
	enum page_kind kind;
	if (site_page_kind(f->path, &kind))
		content_read_known(&r->arenas[worker], r->tz_offset, f, kind,
				   r->records, r->diags, &r->read[i]);
}

static struct page **site_read_all(struct site *site, const struct source *src,
				   const struct site_options *opts,
				   struct diag_list *diags)
{
	unsigned n = workers_cores(SITE_MAX_READERS);
	site->read_arenas = xcalloc(n, sizeof *site->read_arenas);
	site->read_arena_count = n;
	for (unsigned i = 0; i < n; i++)
		arena_init(&site->read_arenas[i]);
	struct site_reader r = {
		.src = src, .records = opts->records,
		.tz_offset = site->tz_offset_min, .diags = diags,
		.arenas = site->read_arenas,
		.read = xcalloc(src->count + 1, sizeof *r.read),
	};
	struct workers_job job = {.item = site_read_one, .ctx = &r};
	workers_run(&job, n, src->count);
	return r.read;
}

static void site_read_markdown(struct site *site, struct page *p,
			       enum page_kind kind,
			       const struct site_options *opts,
			       struct site_caps *caps, struct diag_list *diags)
{
	if (!p || !site_keep(site, p, opts))
		return;
	site_attach_terms(site, p, caps);
	if (!site_place_page(site, p, diags))
		return;
	if (kind == PAGE_POST)
		site_push(&site->arena, (void ***)&site->posts,
			  &site->post_count, &caps->posts, p);
	else
		site_push(&site->arena, (void ***)&site->pages,
			  &site->page_count, &caps->pages, p);
}

static void site_read_file(struct site *site, const struct source_file *f,
			   struct page *read, const struct site_options *opts,
			   struct site_caps *caps, struct diag_list *diags)
{
	const char *path = f->path;
	enum page_kind kind;
	if (!site_has_prefix(path, "content/") ||
	    strcmp(path, CONFIG_FILE) == 0 ||
	    site_has_prefix(path, "content/scores/"))
		return;
	bool markdown = site_is_markdown(path);
	if (site_page_kind(path, &kind))
		site_read_markdown(site, read, kind, opts, caps, diags);
	else if (markdown || site_has_suffix_nocase(path, ".yaml") ||
		 site_has_suffix_nocase(path, ".yml"))
		diag_warning(diags, path, 0, 0, "not used: Markdown belongs in "
			     "content/posts/ or content/pages/, YAML in "
			     "content/scores/");
	else
		site_push(&site->arena, (void ***)&site->assets,
			  &site->asset_count, &caps->assets, (void *)f);
}

static void site_group_years(struct site *site)
{
	size_t cap = 0;
	for (size_t i = 0; i < site->post_count; i++) {
		struct page *p = site->posts[i];
		struct site_year *y = site->year_count
			? &site->years[site->year_count - 1] : NULL;
		if (!y || y->year != p->date.year) {
			if (site->year_count == cap) {
				cap = cap ? cap * 2 : 8;
				struct site_year *fresh = arena_array(
					&site->arena, cap, sizeof *fresh);
				if (site->year_count)
					memcpy(fresh, site->years,
					       site->year_count * sizeof *fresh);
				site->years = fresh;
			}
			y = &site->years[site->year_count++];
			y->year = p->date.year;
		}
		site_push(&site->arena, (void ***)&y->pages, &y->count,
			  &y->cap, p);
	}
}

static void site_fill_terms(struct site *site)
{
	for (size_t i = 0; i < site->post_count; i++) {
		struct page *p = site->posts[i];
		for (size_t c = 0; c < p->category_count; c++)
			site_push(&site->arena, (void ***)&p->categories[c]->pages,
				  &p->categories[c]->count,
				  &p->categories[c]->cap, p);
		for (size_t t = 0; t < p->tag_count; t++)
			site_push(&site->arena, (void ***)&p->tags[t]->pages,
				  &p->tags[t]->count, &p->tags[t]->cap, p);
	}
}

struct site_claim {
	const char *out_path;
	const char *owner;     /* a source path, or a description */
};

static int site_compare_claims(const void *pa, const void *pb)
{
	const struct site_claim *a = pa, *b = pb;
	int c = strcmp(a->out_path, b->out_path);
	return c ? c : strcmp(a->owner, b->owner);
}

/* Two pages with one URL: an error naming both files. */
static void site_check_urls(struct site *site, struct diag_list *diags)
{
	size_t n = site->post_count + site->page_count + site->asset_count;
	struct site_claim *claims = xcalloc(n + 1, sizeof *claims);
	size_t k = 0;
	for (size_t i = 0; i < site->post_count; i++)
		claims[k++] = (struct site_claim){site->posts[i]->out_path,
						  site->posts[i]->src->path};
	for (size_t i = 0; i < site->page_count; i++)
		claims[k++] = (struct site_claim){site->pages[i]->out_path,
						  site->pages[i]->src->path};
	for (size_t i = 0; i < site->asset_count; i++)
		claims[k++] = (struct site_claim){
			site->assets[i]->path + strlen("content/"),
			site->assets[i]->path};
	qsort(claims, k, sizeof *claims, site_compare_claims);
	for (size_t i = 1; i < k; i++)
		if (strcmp(claims[i].out_path, claims[i - 1].out_path) == 0)
			diag_error(diags, claims[i].owner, 1, 1,
				   "this page's URL %s is also the URL of %s; "
				   "give one of them another slug",
				   claims[i].out_path, claims[i - 1].owner);
	free(claims);
}

static void site_finish(struct site *site)
{
	if (site->post_count > 1)
		qsort(site->posts, site->post_count, sizeof *site->posts,
		      site_compare_posts);
	if (site->category_count > 1)
		qsort(site->categories, site->category_count,
		      sizeof *site->categories, site_compare_terms);
	if (site->tag_count > 1)
		qsort(site->tags, site->tag_count, sizeof *site->tags,
		      site_compare_terms);
	for (size_t i = 0; i < site->post_count; i++)
		site->posts[i]->index = i;
	for (size_t i = 0; i < site->page_count; i++)
		site->pages[i]->index = i;
	site_fill_terms(site);
	site_group_years(site);
}

static int site_load_config(struct site *site, const struct source *src,
			    const struct site_options *opts,
			    struct diag_list *diags)
{
	const struct source_file *cf = source_find(src, CONFIG_FILE);
	if (!cf) {
		diag_error(diags, CONFIG_FILE, 0, 0, "missing: a portal needs "
			   "%s with at least title and base_url", CONFIG_FILE);
		return -1;
	}
	int rc = config_load(&site->config, &site->arena, cf->path, cf->data,
			     cf->len, diags);
	if (text_tz_offset(site->config.timezone, opts->now,
			   &site->tz_offset_min) < 0) {
		diag_error(diags, cf->path, 0, 0, "unknown timezone \"%s\"; "
			   "use an IANA name such as Asia/Ho_Chi_Minh",
			   site->config.timezone);
		rc = -1;
	}
	return rc;
}

int site_load(struct site *site, const struct source *src,
	      const struct site_options *opts, struct diag_list *diags)
{
	memset(site, 0, sizeof *site);
	arena_init(&site->arena);
	site->future_horizon = LLONG_MAX;
	size_t errors_before = diags->errors;
	if (site_load_config(site, src, opts, diags) < 0)
		return -1;
	struct site_caps caps = {0};
	strmap_init(&caps.category_names);
	strmap_init(&caps.tag_names);
	struct page **read = site_read_all(site, src, opts, diags);
	for (size_t i = 0; i < src->count; i++)
		site_read_file(site, &src->files[i], read[i], opts, &caps,
			       diags);
	free(read);
	strmap_dispose(&caps.category_names);
	strmap_dispose(&caps.tag_names);
	site_finish(site);
	recurring_place(site, opts->get_history, opts->history_ctx,
			opts->note_recurring, diags);
	site_check_urls(site, diags);
	struct results_options ro = {opts->preview, opts->get_history,
				     opts->history_ctx};
	results_load(site, src, &ro, diags);
	return diags->errors > errors_before ? -1 : 0;
}

void site_dispose(struct site *site)
{
	for (unsigned i = 0; i < site->read_arena_count; i++)
		arena_dispose(&site->read_arenas[i]);
	free(site->read_arenas);
	site->read_arenas = NULL;
	site->read_arena_count = 0;
	arena_dispose(&site->arena);
}

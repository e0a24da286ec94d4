/* view_ld: JSON-LD and share tags from a finished view (see view_ld.h). */
#include "view_ld.h"

#include <string.h>

#include "buf.h"
#include "text.h"

/* The longest trail a page has: Trang chủ › Kết quả › Năm › unit. */
#define LD_TRAIL_MAX 4

struct ld_crumb {
	const char *name;
	const char *url;     /* root-relative, or NULL: the page itself */
};

/* One JSON object being written: commas go between its members. */
struct ld_obj {
	struct buf *b;
	bool first;
};

/* The text at a dotted path of the view ("article.date.iso"), or NULL. */
static const char *ld_text(const struct value *v, const char *path)
{
	for (;;) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);
		v = value_map_getn(v, path, len);
		if (!v)
			return NULL;
		if (!dot)
			break;
		path = dot + 1;
	}
	return v->kind == VALUE_STRING || v->kind == VALUE_NUMBER ? v->str
								  : NULL;
}

/* An address from the site's root made absolute; http(s) ones kept. */
static const char *ld_abs(struct arena *a, const struct site *site,
			  const char *url)
{
	if (!url)
		return NULL;
	if (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0)
		return url;
	return arena_printf(a, "%s%s", site->config.base_url, url);
}

static void ld_key(struct ld_obj *o, const char *key)
{
	if (!o->first)
		buf_putc(o->b, ',');
	o->first = false;
	text_escape_json(o->b, key);
	buf_putc(o->b, ':');
}

/* "key":"s", left out when s is NULL or empty. */
static void ld_str(struct ld_obj *o, const char *key, const char *s)
{
	if (!s || !*s)
		return;
	ld_key(o, key);
	text_escape_json(o->b, s);
}

static void ld_open(struct ld_obj *o, struct buf *b, const char *type)
{
	o->b = b;
	o->first = true;
	buf_putc(b, '{');
	ld_str(o, "@type", type);
}

/* "key":{"@id":"id"} */
static void ld_ref(struct ld_obj *o, const char *key, const char *id)
{
	struct ld_obj ref;
	ld_key(o, key);
	buf_putc(o->b, '{');
	ref = (struct ld_obj){o->b, true};
	ld_str(&ref, "@id", id);
	buf_putc(o->b, '}');
}

static void ld_organization(struct buf *b, struct arena *a,
			    const struct site *site, const char *org_id)
{
	const struct config *cfg = &site->config;
	const struct value *c = cfg->contact;
	struct ld_obj o;
	ld_open(&o, b, "GovernmentOrganization");
	ld_str(&o, "@id", org_id);
	ld_str(&o, "name", cfg->organization);
	ld_str(&o, "url", cfg->base_url);
	ld_str(&o, "logo", ld_abs(a, site, cfg->logo));
	const char *address = ld_text(c, "address");
	if (address) {
		struct ld_obj addr;
		ld_key(&o, "address");
		ld_open(&addr, b, "PostalAddress");
		ld_str(&addr, "streetAddress", address);
		buf_putc(b, '}');
	}
	ld_str(&o, "telephone", ld_text(c, "phone"));
	ld_str(&o, "faxNumber", ld_text(c, "fax"));
	ld_str(&o, "email", ld_text(c, "email"));
	if (cfg->social_count) {
		ld_key(&o, "sameAs");
		buf_putc(b, '[');
		for (size_t i = 0; i < cfg->social_count; i++) {
			const char *u = ld_abs(a, site, cfg->social[i].url);
			if (i)
				buf_putc(b, ',');
			text_escape_json(b, u);
		}
		buf_putc(b, ']');
	}
	buf_putc(b, '}');
}

static void ld_website(struct buf *b, struct arena *a,
		       const struct site *site, const char *org_id)
{
	const struct config *cfg = &site->config;
	struct ld_obj o;
	ld_open(&o, b, "WebSite");
	ld_str(&o, "@id", arena_printf(a, "%s#trang", cfg->base_url));
	ld_str(&o, "url", cfg->base_url);
	ld_str(&o, "name", cfg->title);
	ld_str(&o, "description", cfg->description);
	ld_str(&o, "inLanguage", cfg->language);
	ld_ref(&o, "publisher", org_id);
	buf_putc(b, '}');
}

/* The page's own name in its trail: the view's title without the site's
 * title after it ("Lưu trữ – Trang thông tin ..." → "Lưu trữ"). */
static const char *ld_bare_title(struct arena *a, const struct site *site,
				 const struct value *view)
{
	const char *title = ld_text(view, "title");
	const char *site_title = site->config.title;
	if (!title)
		return site_title;
	size_t n = strlen(title), m = strlen(site_title);
	const char *sep = " – ";
	size_t s = strlen(sep);
	if (n > m + s && strcmp(title + n - m, site_title) == 0 &&
	    memcmp(title + n - m - s, sep, s) == 0)
		return arena_strndup(a, title, n - m - s);
	return title;
}

/* The steps from the home page down to this page, as the theme's
 * breadcrumbs show them; returns how many. */
static size_t ld_trail(struct arena *a, const struct site *site,
		       const struct value *view, const char *kind,
		       struct ld_crumb *t)
{
	size_t n = 0;
	t[n++] = (struct ld_crumb){"Trang chủ", ""};
	if (strcmp(kind, "home") == 0)
		return n;
	if (strcmp(kind, "article") == 0) {
		if (ld_text(view, "article.category.name"))
			t[n++] = (struct ld_crumb){
				ld_text(view, "article.category.name"),
				ld_text(view, "article.category.url")};
		t[n++] = (struct ld_crumb){ld_text(view, "article.title"), NULL};
	} else if (strcmp(kind, "category") == 0 || strcmp(kind, "tag") == 0 ||
		   strcmp(kind, "year") == 0) {
		t[n++] = (struct ld_crumb){ld_text(view, "list.title"), NULL};
	} else if (strcmp(kind, "page") == 0) {
		t[n++] = (struct ld_crumb){ld_text(view, "page.title"), NULL};
	} else if (strcmp(kind, "result") == 0 ||
		   strcmp(kind, "result-unit") == 0) {
		t[n++] = (struct ld_crumb){"Kết quả CCHC", "ket-qua/"};
		const char *year = arena_printf(a, "Năm %s",
			ld_text(view, "result.year") ? ld_text(view,
			"result.year") : "");
		if (strcmp(kind, "result") == 0) {
			t[n++] = (struct ld_crumb){year, NULL};
		} else {
			t[n++] = (struct ld_crumb){year,
				ld_text(view, "result.url")};
			t[n++] = (struct ld_crumb){ld_text(view, "unit.name"),
						   NULL};
		}
	} else if (strcmp(kind, "results") == 0) {
		t[n++] = (struct ld_crumb){"Kết quả CCHC", NULL};
	} else {
		t[n++] = (struct ld_crumb){ld_bare_title(a, site, view), NULL};
	}
	return n;
}

static void ld_breadcrumbs(struct buf *b, struct arena *a,
			   const struct site *site, const struct value *view,
			   const char *kind)
{
	struct ld_crumb trail[LD_TRAIL_MAX];
	size_t n = ld_trail(a, site, view, kind, trail);
	/* the page itself is the one place 404.html has no address */
	const char *self = strcmp(kind, "404") == 0 ? NULL
						    : ld_text(view, "permalink");
	struct ld_obj o;
	ld_open(&o, b, "BreadcrumbList");
	ld_key(&o, "itemListElement");
	buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		struct ld_obj item;
		if (i)
			buf_putc(b, ',');
		ld_open(&item, b, "ListItem");
		ld_key(&item, "position");
		buf_printf(b, "%zu", i + 1);
		ld_str(&item, "name", trail[i].name ? trail[i].name : "");
		ld_str(&item, "item", trail[i].url ? ld_abs(a, site,
			trail[i].url) : self);
		buf_putc(b, '}');
	}
	buf_puts(b, "]}");
}

static void ld_article(struct buf *b, struct arena *a, const struct site *site,
		       const struct value *view, const char *org_id)
{
	const char *date = ld_text(view, "article.date.iso");
	const char *updated = ld_text(view, "article.updated.iso");
	const char *author = ld_text(view, "article.author");
	const char *image = ld_text(view, "article.image.src");
	struct ld_obj o;
	ld_open(&o, b, "NewsArticle");
	ld_str(&o, "@id", arena_printf(a, "%s#bai-viet",
				       ld_text(view, "permalink")));
	ld_str(&o, "mainEntityOfPage", ld_text(view, "permalink"));
	ld_str(&o, "headline", ld_text(view, "article.title"));
	ld_str(&o, "description", ld_text(view, "description"));
	ld_str(&o, "datePublished", date);
	ld_str(&o, "dateModified", updated ? updated : date);
	ld_str(&o, "inLanguage", site->config.language);
	ld_str(&o, "articleSection", ld_text(view, "article.category.name"));
	if (image) {
		const char *abs = ld_abs(a, site, image);
		ld_key(&o, "image");
		buf_putc(b, '[');
		text_escape_json(b, abs);
		buf_putc(b, ']');
	}
	if (author) {
		struct ld_obj person;
		ld_key(&o, "author");
		ld_open(&person, b, "Person");
		ld_str(&person, "name", author);
		buf_putc(b, '}');
	} else {
		ld_ref(&o, "author", org_id);
	}
	ld_ref(&o, "publisher", org_id);
	buf_putc(b, '}');
}

static const char *ld_json(struct arena *a, const struct site *site,
			   const struct value *view, const char *kind)
{
	struct buf b;
	buf_init(&b);
	const char *org_id = arena_printf(a, "%s#to-chuc",
					  site->config.base_url);
	buf_puts(&b, "{\"@context\":\"https://schema.org\",\"@graph\":[");
	ld_organization(&b, a, site, org_id);
	buf_putc(&b, ',');
	ld_website(&b, a, site, org_id);
	buf_putc(&b, ',');
	ld_breadcrumbs(&b, a, site, view, kind);
	if (strcmp(kind, "article") == 0) {
		buf_putc(&b, ',');
		ld_article(&b, a, site, view, org_id);
	}
	buf_puts(&b, "]}");
	const char *json = arena_strdup(a, b.data);
	buf_dispose(&b);
	return json;
}

/* {title, type, image, card} for og: and twitter: tags. */
static struct value *ld_share(struct arena *a, const struct site *site,
			      const struct value *view)
{
	struct value *s = value_map_new(a);
	const char *title = ld_text(view, "article.title");
	const char *image = ld_text(view, "article.image.src");
	value_map_put_string(a, s, "title", title ? title
					: ld_text(view, "title"));
	value_map_put_string(a, s, "type", title ? "article" : "website");
	value_map_put_string(a, s, "card", image ? "summary_large_image"
						 : "summary");
	if (!image)
		image = site->config.logo;
	if (image)
		value_map_put_string(a, s, "image", ld_abs(a, site, image));
	return s;
}

struct value *view_ld_add(struct arena *a, const struct site *site,
			  const struct value *view)
{
	const char *kind = ld_text(view, "kind");
	struct value *v = value_map_new(a);
	for (size_t i = 0; i < view->count; i++)
		value_map_put_value(a, v, view->pairs[i].key,
				    view->pairs[i].val);
	value_map_put_string(a, v, "ld_json",
			     ld_json(a, site, view, kind ? kind : ""));
	value_map_put(a, v, "share", ld_share(a, site, view));
	return v;
}

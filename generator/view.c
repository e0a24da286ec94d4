/* view: building template views (see view.h). */
#include "view.h"

#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "fingerprint.h"
#include "history.h"
#include "images.h"

const char *view_root(struct arena *a, const char *url)
{
	size_t depth = 0;
	for (const char *s = url; *s; s++)
		depth += *s == '/';
	if (!depth)
		return "./";
	char *root = arena_alloc(a, depth * 3 + 1);
	for (size_t i = 0; i < depth; i++)
		memcpy(root + i * 3, "../", 3);
	return root;
}

const char *view_permalink(struct arena *a, const struct site *site,
			   const char *url)
{
	return arena_join(a, site->config.base_url, url, NULL);
}

struct value *view_date(struct arena *a, const struct text_date *d)
{
	struct value *v = value_map_new(a);
	struct buf b;
	buf_init(&b);
	text_date_iso(&b, d);
	value_map_put_string(a, v, "iso", b.data);
	buf_truncate(&b, 0);
	text_date_vi(&b, d);
	value_map_put_string(a, v, "text", b.data);
	buf_truncate(&b, 0);
	text_date_short(&b, d);
	value_map_put_string(a, v, "short", b.data);
	value_map_put(a, v, "year", value_int(a, d->year));
	buf_dispose(&b);
	return v;
}

struct value *view_page_date(struct arena *a, const struct page *p)
{
	struct value *v = value_map_new(a);
	value_map_put(a, v, "iso", value_string_ref(a, p->date_iso,
						    strlen(p->date_iso)));
	value_map_put(a, v, "text", value_string_ref(a, p->date_text,
						     strlen(p->date_text)));
	value_map_put(a, v, "short", value_string_ref(a, p->date_short,
						      strlen(p->date_short)));
	value_map_put(a, v, "year", value_int(a, p->date.year));
	return v;
}

/* 0 to VIEW_TONES - 1 from the term's URL (FNV-1a): a colour that stays
 * the term's own when other terms come and go, and that the URL, already
 * in every key that holds the term, decides. */
static long long view_tone(const char *url)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *s = (const unsigned char *)url; *s; s++)
		h = (h ^ *s) * 16777619u;
	return (long long)(h % VIEW_TONES);
}

struct value *view_terms(struct arena *a, struct term *const *terms,
			 size_t count)
{
	struct value *list = value_list_new(a);
	for (size_t i = 0; i < count; i++) {
		struct value *t = value_map_new(a);
		value_map_put_string(a, t, "name", terms[i]->name);
		value_map_put_string(a, t, "url", terms[i]->url);
		value_map_put(a, t, "tone", value_int(a,
			      view_tone(terms[i]->url)));
		value_list_push(a, list, t);
	}
	return list;
}

/* The newest revision of p that is an update: not the commit that added
 * the file (the last in the walk's order), and after p's own date; NULL
 * when there is none. */
static const struct history_rev *view_last_update(const struct page *p)
{
	const struct history_file *h = p->history;
	const struct history_rev *newest = NULL;
	for (size_t i = 0; i + 1 < h->count; i++) {
		const struct history_rev *r = h->revs[i];
		if (p->has_date && r->time <= p->date.epoch)
			continue;
		if (!newest || r->time > newest->time)
			newest = r;
	}
	return newest;
}

void view_put_history(struct arena *a, struct value *map,
		      const struct site *site, const struct page *p)
{
	const struct history_file *h = p->history;
	struct text_date d;
	if (!h)
		return;
	const struct history_rev *update = view_last_update(p);
	if (update) {
		text_date_from_epoch(&d, update->time, site->tz_offset_min);
		value_map_put(a, map, "updated", view_date(a, &d));
	}
	if (!site->config.public_history)
		return;
	if (update)
		value_map_put_string(a, map, "updated_by", update->author);
	value_map_put(a, map, "has_history", value_bool(a, true));
	struct value *list = value_list_new(a);
	for (size_t i = 0; i < h->count && i < VIEW_HISTORY_MAX; i++) {
		struct value *r = value_map_new(a);
		text_date_from_epoch(&d, h->revs[i]->time, site->tz_offset_min);
		value_map_put(a, r, "date", view_date(a, &d));
		value_map_put_string(a, r, "author", h->revs[i]->author);
		value_map_put_string(a, r, "subject", h->revs[i]->subject);
		value_list_push(a, list, r);
	}
	value_map_put(a, map, "history", list);
}

void view_put_image_size(struct arena *a, struct value *img,
			 const struct images_entry *e, const char *root)
{
	const struct images_copy *main = e ? images_main(e) : NULL;
	if (!e)
		return;
	value_map_put(a, img, "width", value_int(a, main ? main->width
							   : e->info.width));
	value_map_put(a, img, "height", value_int(a, main ? main->height
							    : e->info.height));
	struct buf b;
	buf_init(&b);
	if (e->copy_count > 1) {
		images_srcset(&b, e, root, false);
		value_map_put_string(a, img, "srcset", b.data);
	}
	if (e->copy_count && e->copies[0].webp_path) {
		buf_truncate(&b, 0);
		images_srcset(&b, e, root, true);
		value_map_put_string(a, img, "webp_srcset", b.data);
	}
	buf_dispose(&b);
}

static struct value *view_image(struct arena *a, const struct page *p,
				const char *root, bool eager)
{
	if (!p->image)
		return NULL;
	struct value *img = value_map_new(a);
	value_map_put_string(a, img, "src", p->image);
	value_map_put_string(a, img, "alt", p->image_alt);
	view_put_image_size(a, img, p->image_entry, root);
	value_map_put_string(a, img, "loading", eager ? "eager" : "lazy");
	return img;
}

struct value *view_card(struct arena *a, const struct page *p,
			const char *summary, const char *root, bool eager)
{
	struct value *c = value_map_new(a);
	value_map_put_string(a, c, "title", p->title);
	value_map_put_string(a, c, "url", p->url);
	if (p->has_date)
		value_map_put(a, c, "date", view_page_date(a, p));
	if (summary && *summary)
		value_map_put_string(a, c, "summary", summary);
	struct value *img = view_image(a, p, root, eager);
	if (img)
		value_map_put(a, c, "image", img);
	struct value *cats = view_terms(a, p->categories, p->category_count);
	value_map_put(a, c, "categories", cats);
	if (cats->count)   /* a breadcrumb's middle step, a card's colour */
		value_map_put(a, c, "category", cats->items[0]);
	return c;
}

static bool view_menu_active(const char *item_url, const char *url)
{
	if (!*item_url)
		return !*url;
	return strncmp(url, item_url, strlen(item_url)) == 0;
}

static struct value *view_menu(struct arena *a, const struct site *site,
			       const char *url)
{
	struct value *menu = value_list_new(a);
	for (size_t i = 0; i < site->config.menu_count; i++) {
		const struct config_menu_item *mi = &site->config.menu[i];
		struct value *item = value_map_new(a);
		value_map_put_string(a, item, "name", mi->name);
		value_map_put_string(a, item, "url", mi->url);
		value_map_put(a, item, "active",
			      value_bool(a, view_menu_active(mi->url, url)));
		value_list_push(a, menu, item);
	}
	return menu;
}

static struct value *view_categories(struct arena *a, const struct site *site)
{
	struct value *list = value_list_new(a);
	for (size_t i = 0; i < site->category_count; i++) {
		const struct term *t = site->categories[i];
		struct value *v = value_map_new(a);
		value_map_put_string(a, v, "name", t->name);
		value_map_put_string(a, v, "url", t->url);
		value_map_put(a, v, "count", value_int(a, (long long)t->count));
		value_list_push(a, list, v);
	}
	return list;
}

static struct value *view_site(struct arena *a, const struct site *site,
			       const char *url)
{
	const struct config *cfg = &site->config;
	struct value *s = value_map_new(a);
	value_map_put_string(a, s, "title", cfg->title);
	value_map_put_string(a, s, "description", cfg->description);
	value_map_put_string(a, s, "language", cfg->language);
	value_map_put_string(a, s, "base_url", cfg->base_url);
	value_map_put_string(a, s, "footer", cfg->footer);
	value_map_put(a, s, "menu", view_menu(a, site, url));
	const struct value *shared = site->view_shared;
	for (size_t i = 0; shared && i < shared->count; i++)
		value_map_put_value(a, s, shared->pairs[i].key,
				    shared->pairs[i].val);
	value_map_put_string(a, s, "generator", "congbo " CONGBO_VERSION);
	return s;
}

/* "0229 3868 025" → "02293868025", "+84 229 ..." → "+84229...": the
 * number a tel: link dials; it stops at the first character that is not
 * part of a number ("0229 3868 025 / 0913 ..." dials the first). */
static const char *view_tel(struct arena *a, const char *phone)
{
	struct buf b;
	buf_init(&b);
	const char *s = phone;
	while (*s == ' ')
		s++;
	if (*s == '+')
		buf_putc(&b, *s++);
	for (; *s && strchr("0123456789 .-()", *s); s++)
		if (*s >= '0' && *s <= '9')
			buf_putc(&b, *s);
	const char *tel = b.len > (b.data[0] == '+') ? arena_strdup(a, b.data)
						     : NULL;
	buf_dispose(&b);
	return tel;
}

/* The contact map as written, plus tel (see view_tel) when it has a
 * phone. */
static struct value *view_contact(struct arena *a, const struct value *c)
{
	struct value *v = value_map_new(a);
	for (size_t i = 0; i < c->count; i++)
		value_map_put_value(a, v, c->pairs[i].key, c->pairs[i].val);
	const struct value *phone = value_map_get(c, "phone");
	const char *tel = phone && (phone->kind == VALUE_STRING ||
				    phone->kind == VALUE_NUMBER)
				  ? view_tel(a, phone->str) : NULL;
	if (tel)
		value_map_put_string(a, v, "tel", tel);
	return v;
}

static struct value *view_links(struct arena *a,
				const struct config_menu_item *items,
				size_t count)
{
	struct value *list = value_list_new(a);
	for (size_t i = 0; i < count; i++) {
		struct value *item = value_map_new(a);
		value_map_put_string(a, item, "name", items[i].name);
		value_map_put_string(a, item, "url", items[i].url);
		value_list_push(a, list, item);
	}
	return list;
}

void view_prepare(struct site *site)
{
	struct arena *a = &site->arena;
	const struct config *cfg = &site->config;
	struct value *shared = value_map_new(a);
	if (cfg->contact && cfg->contact->kind == VALUE_MAP)
		value_map_put(a, shared, "contact",
			      view_contact(a, cfg->contact));
	value_map_put_string(a, shared, "organization", cfg->organization);
	if (cfg->logo)
		value_map_put_string(a, shared, "logo", cfg->logo);
	if (cfg->social_count)
		value_map_put(a, shared, "social",
			      view_links(a, cfg->social, cfg->social_count));
	value_map_put(a, shared, "categories", view_categories(a, site));
	for (size_t i = 0; i < shared->count; i++)
		shared->pairs[i].val->shared = true;
	site->view_shared = shared;
}

/* The "site" map of url from sites: the one built for the same active
 * menu items, or a new one (built in a, unshared, when sites cannot hold
 * it). */
static struct value *view_site_in(struct view_sites *sites, struct arena *a,
				  const struct site *site, const char *url)
{
	const struct config *cfg = &site->config;
	unsigned long long mask = 0;
	if (!sites || cfg->menu_count > 64)
		return view_site(a, site, url);
	for (size_t i = 0; i < cfg->menu_count; i++)
		if (view_menu_active(cfg->menu[i].url, url))
			mask |= 1ULL << i;
	for (size_t i = 0; i < sites->count; i++)
		if (sites->masks[i] == mask)
			return sites->maps[i];
	if (sites->count == VIEW_SITES_MAX)
		return view_site(a, site, url);
	struct value *map = view_site(sites->arena, site, url);
	fingerprint_memo(sites->arena, map);
	sites->masks[sites->count] = mask;
	sites->maps[sites->count++] = map;
	return map;
}

struct value *view_page(struct arena *a, const struct site *site,
			const char *kind, const char *url, const char *root,
			const char *title, const char *description)
{
	return view_page_in(NULL, a, site, kind, url, root, title,
			    description);
}

struct value *view_page_in(struct view_sites *sites, struct arena *a,
			   const struct site *site, const char *kind,
			   const char *url, const char *root, const char *title,
			   const char *description)
{
	const struct config *cfg = &site->config;
	struct value *v = value_map_new(a);
	value_map_put_string(a, v, "root", root);
	value_map_put_string(a, v, "url", url);
	value_map_put_string(a, v, "permalink", view_permalink(a, site, url));
	value_map_put_string(a, v, "title", title ? arena_join(a, title, " – ",
				cfg->title) : cfg->title);
	value_map_put_string(a, v, "description",
			     description && *description ? description
							 : cfg->description);
	value_map_put_string(a, v, "kind", kind);
	value_map_put(a, v, "site", view_site_in(sites, a, site, url));
	return v;
}

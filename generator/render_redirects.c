/* render_redirects: what keeps old addresses alive (aliases: in front
 * matter) and lets a publish tell which addresses it would lose.
 *
 * For each alias of an article or page, a small page at the old address:
 * a meta refresh, a canonical link and a plain link to the new address
 * (for any web server, and for search engines).  For nginx, all of them
 * again as real 301s in .redirects.nginx, which the shipped server block
 * includes:
 *
 *     location = /tin-tuc/2022/ten-cu/ { return 301 /tin-tuc/2022/ten-moi/; }
 *
 * And .congbo-pages.tsv, one line per article and page, "URL<TAB>SOURCE":
 * the next publish compares its own addresses with this list from the
 * publish branch (permalink.h).  Both are hidden files, never served. */
#include <string.h>

#include "fingerprint.h"
#include "model.h"
#include "render_internal.h"
#include "strmap.h"
#include "text.h"

/* Appends s with the HTML specials escaped (addresses and titles). */
static void render_redirect_escape(struct buf *b, const char *s)
{
	text_escape_html(b, s, strlen(s));
}

/* The page left at an old address. */
static void render_redirect_page(struct render_worker *w, const struct page *p,
				 const char *alias)
{
	const struct config *c = &w->run->site->config;
	struct buf *b = &w->scratch, target;
	char key[FINGERPRINT_HEX_SIZE];
	buf_init(&target);
	buf_printf(&target, "%s%s", c->base_url, p->url);
	const char *path = arena_printf(&w->arena, "%s%s", alias,
					alias[strlen(alias) - 1] == '/'
					? "index.html" : "");
	if (!render_keep_by(w, path, "redirect 1", target.data, p->title, key)) {
		buf_truncate(b, 0);
		buf_puts(b, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n"
			 "<meta charset=\"utf-8\">\n<title>");
		render_redirect_escape(b, p->title);
		buf_puts(b, "</title>\n<meta name=\"robots\" content=\"noindex\">\n"
			 "<link rel=\"canonical\" href=\"");
		render_redirect_escape(b, target.data);
		buf_puts(b, "\">\n<meta http-equiv=\"refresh\" content=\"0; url=");
		render_redirect_escape(b, target.data);
		buf_puts(b, "\">\n</head>\n<body>\n<p>Trang này đã chuyển đến "
			 "<a href=\"");
		render_redirect_escape(b, target.data);
		buf_puts(b, "\">");
		render_redirect_escape(b, p->title);
		buf_puts(b, "</a>.</p>\n</body>\n</html>\n");
		render_write_key(w, path, b->data, b->len, key);
	}
	buf_dispose(&target);
}

/* One redirect for nginx; both "/a/" and "/a" when the alias is a folder. */
static void render_redirect_line(struct buf *b, const char *base_path,
				 const char *alias, const char *url)
{
	size_t len = strlen(alias);
	buf_printf(b, "location = %s%s { return 301 %s%s; }\n", base_path,
		   alias, base_path, url);
	if (len > 1 && alias[len - 1] == '/')
		buf_printf(b, "location = %s%.*s { return 301 %s%s; }\n",
			   base_path, (int)(len - 1), alias, base_path, url);
}

/* Checks that no alias is the address of a page, or of two pages. */
static bool render_alias_is_free(struct render_worker *w, struct strmap *taken,
				 const struct page *p, const char *alias)
{
	const struct page *owner = strmap_get(taken, alias);
	if (!owner)
		return strmap_put(taken, alias, (void *)p), true;
	diag_error(w->run->diags, p->src->path, 0, 0, "alias \"/%s\" is the "
		   "address of %s%s: remove it from aliases", alias,
		   owner == p ? "this page itself" : owner->src->path,
		   owner->url && !strcmp(owner->url, alias) ? "" : " (an alias)");
	return false;
}

static void render_redirects_of(struct render_worker *w, struct strmap *taken,
				struct page *const *pages, size_t count,
				struct buf *nginx, struct buf *list)
{
	const char *base_path = w->run->site->config.base_path;
	for (size_t i = 0; i < count; i++) {
		const struct page *p = pages[i];
		buf_printf(list, "/%s\t%s\n", p->url, p->src->path);
		for (size_t j = 0; j < p->alias_count; j++) {
			if (!render_alias_is_free(w, taken, p, p->aliases[j]))
				continue;
			render_redirect_page(w, p, p->aliases[j]);
			render_redirect_line(nginx, base_path, p->aliases[j],
					     p->url);
		}
	}
}

static void render_redirect_file(struct render_worker *w, const char *path,
				 const struct buf *data)
{
	struct fingerprint fp;
	char key[FINGERPRINT_HEX_SIZE];
	fingerprint_init(&fp);
	fingerprint_bytes(&fp, data->data, data->len);
	fingerprint_hex(&fp, key);
	render_write_if_changed(w, path, data->data, data->len, key);
}

void render_redirects(struct render_worker *w)
{
	const struct site *site = w->run->site;
	struct strmap taken;
	struct buf nginx, list;
	strmap_init(&taken);
	buf_init(&nginx);
	buf_init(&list);
	buf_puts(&nginx, "# written by congbo from the aliases: of the portal's "
		 "pages; included by its nginx server block\n");
	for (size_t i = 0; i < site->post_count; i++)
		strmap_put(&taken, site->posts[i]->url, (void *)site->posts[i]);
	for (size_t i = 0; i < site->page_count; i++)
		strmap_put(&taken, site->pages[i]->url, (void *)site->pages[i]);
	render_redirects_of(w, &taken, site->posts, site->post_count, &nginx,
			    &list);
	render_redirects_of(w, &taken, site->pages, site->page_count, &nginx,
			    &list);
	render_redirect_file(w, RENDER_REDIRECTS_NGINX, &nginx);
	render_redirect_file(w, RENDER_PAGES_LIST, &list);
	strmap_dispose(&taken);
	buf_dispose(&nginx);
	buf_dispose(&list);
}

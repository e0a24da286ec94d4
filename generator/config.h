/* config: content/site.yaml, checked, as a const struct for the build.
 *
 *     title: Trang thông tin điện tử huyện Gia Viễn
 *     base_url: https://giavien.ninhbinh.gov.vn/
 *     permalinks: {post: "tin-tuc/:year/:slug/"}
 *
 * Every key and its default is listed in README.md ("Site config"). */
#ifndef CONGBO_CONFIG_H
#define CONGBO_CONFIG_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"
#include "value.h"

#define CONFIG_FILE "content/site.yaml"
#define CONFIG_MAX_PAGE_SIZE 1000

struct config_menu_item {
	const char *name;
	const char *url;      /* relative to the site root, no leading '/' */
};

struct config {
	const char *title;
	const char *description;
	const char *base_url;     /* absolute, ends with '/' */
	const char *base_path;    /* its path: "/" or "/cong-bo/" */
	const char *language;
	const char *timezone;
	const char *theme;
	const char *author;
	const char *footer;
	unsigned page_size;
	bool unsafe_html;
	bool public_history;      /* lich_su: cong_khai: pages show commit
				     authors and messages (default: dates only) */
	const char *permalink_post;
	const char *permalink_page;
	const char *permalink_category;
	const char *permalink_tag;
	struct config_menu_item *menu;
	size_t menu_count;
	const struct value *contact;   /* a map, as written; may be NULL */
	const char *organization;  /* contact.name, else the title */
	const char *logo;          /* root-relative ("images/logo.png") or NULL */
	struct config_menu_item *social;   /* links to the body's pages on
					      social networks */
	size_t social_count;
};

/* Reads and checks the config from its YAML text (file names it in
 * messages).  Everything lives in arena.  Returns 0, or -1 with errors in
 * diags (cfg then holds defaults where values were bad). */
int config_load(struct config *cfg, struct arena *arena, const char *file,
		const char *text, size_t len, struct diag_list *diags);

#endif

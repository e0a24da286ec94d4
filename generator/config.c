/* config: site.yaml to struct config (see config.h). */
#include "config.h"

#include <string.h>

#include "markdown.h"
#include "schema.h"
#include "yaml.h"

static const char *const config_keys[] = {
	"title", "description", "base_url", "language", "timezone", "theme",
	"author", "footer", "page_size", "unsafe_html", "permalinks", "menu",
	"contact", "lich_su", "logo", "social", NULL};
static const char *const config_permalink_keys[] = {
	"post", "page", "category", "tag", NULL};

/* The optional text under key, or fallback. */
static const char *config_text(const struct value *map, const char *key,
			       const char *fallback, struct diag_list *diags)
{
	const char *s = schema_text(map, key, SCHEMA_OPTIONAL, diags);
	return s ? s : fallback;
}

/* base_url must be absolute http(s); its path becomes base_path. */
static void config_base_url(struct config *cfg, struct arena *a,
			    const struct value *root, struct diag_list *diags)
{
	const char *url = schema_text(root, "base_url", SCHEMA_REQUIRED, diags);
	if (!url)
		url = "http://localhost/";
	const char *rest = NULL;
	if (strncmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		rest = url + 7;
	if (!rest || !*rest || *rest == '/') {
		schema_error(diags, value_map_get(root, "base_url"),
			     "base_url \"%s\" must be an absolute http:// or "
			     "https:// address, like https://giavien.ninhbinh.gov.vn/",
			     url);
		rest = "localhost/";
		url = "http://localhost/";
	}
	size_t n = strlen(url);
	cfg->base_url = url[n - 1] == '/' ? url : arena_printf(a, "%s/", url);
	const char *path = strchr(rest, '/');
	cfg->base_path = path ? arena_strdup(a, path) : "/";
	if (cfg->base_path[strlen(cfg->base_path) - 1] != '/')
		cfg->base_path = arena_printf(a, "%s/", cfg->base_path);
}

static void config_permalinks(struct config *cfg, const struct value *root,
			      struct diag_list *diags)
{
	const struct value *p = value_map_get(root, "permalinks");
	if (p && p->kind != VALUE_MAP && p->kind != VALUE_NULL)
		schema_error(diags, p, "\"permalinks\" must be a map of post, "
			     "page, category, tag");
	schema_check_keys(p, config_permalink_keys, diags);
	cfg->permalink_post =
		config_text(p, "post", "tin-tuc/:year/:slug/", diags);
	cfg->permalink_page = config_text(p, "page", ":slug/", diags);
	cfg->permalink_category =
		config_text(p, "category", "chuyen-muc/:slug/", diags);
	cfg->permalink_tag = config_text(p, "tag", "the/:slug/", diags);
}

/* A list of {name, url} under key (menu, social) into *items, *count. */
static void config_links(struct config_menu_item **items, size_t *count,
			 struct arena *a, const struct value *root,
			 const char *key, struct diag_list *diags)
{
	static const char *const item_keys[] = {"name", "url", NULL};
	const struct value *m = value_map_get(root, key);
	if (!m || m->kind == VALUE_NULL)
		return;
	if (m->kind != VALUE_LIST) {
		schema_error(diags, m, "\"%s\" must be a list of {name, url}",
			     key);
		return;
	}
	*items = arena_array(a, m->count + 1, sizeof **items);
	for (size_t i = 0; i < m->count; i++) {
		const struct value *item = m->items[i];
		if (item->kind != VALUE_MAP) {
			schema_error(diags, item, "an item of \"%s\" must be a "
				     "map {name: ..., url: ...}, not %s", key,
				     value_kind_name(item->kind));
			continue;
		}
		schema_check_keys(item, item_keys, diags);
		const char *name =
			schema_text(item, "name", SCHEMA_REQUIRED, diags);
		const char *url =
			schema_text(item, "url", SCHEMA_REQUIRED, diags);
		if (!name || !url)
			continue;
		if (strcmp(key, "social") == 0 && strncmp(url, "https://", 8) &&
		    strncmp(url, "http://", 7)) {
			schema_error(diags, value_map_get(item, "url"),
				     "social link \"%s\" must be an http(s) "
				     "address, like https://www.facebook.com/...",
				     url);
			continue;
		}
		struct config_menu_item *mi = &(*items)[(*count)++];
		mi->name = name;
		/* site-relative ("/gioi-thieu/") becomes root-relative */
		if (markdown_url_is_dangerous(url))
			schema_error(diags, value_map_get(item, "url"), "menu "
				     "url \"%s\" has an unsafe scheme: write a "
				     "path from the site root (/tin-tuc/) or an "
				     "http(s) address", url);
		mi->url = url[0] == '/' ? url + 1 : url;
	}
}

/* lich_su: what of the git history pages show.  "an" (hidden, the
 * default): dates only.  "cong_khai" (public): also who changed a page and
 * the commit messages; e-mail addresses never. */
static void config_history(struct config *cfg, const struct value *root,
			   struct diag_list *diags)
{
	const char *s = schema_text(root, "lich_su", SCHEMA_OPTIONAL, diags);
	cfg->public_history = s && strcmp(s, "cong_khai") == 0;
	if (s && !cfg->public_history && strcmp(s, "an") != 0)
		schema_error(diags, value_map_get(root, "lich_su"),
			     "lich_su \"%s\" is not known: \"an\" (the default: "
			     "pages show only dates) or \"cong_khai\" (also "
			     "commit authors and messages)", s);
}

/* logo: a path in the site ("/images/logo.png"), kept root-relative. */
static void config_logo(struct config *cfg, const struct value *root,
			struct diag_list *diags)
{
	const char *logo = schema_text(root, "logo", SCHEMA_OPTIONAL, diags);
	if (!logo)
		return;
	if (logo[0] != '/' || !logo[1] || strstr(logo, "..")) {
		schema_error(diags, value_map_get(root, "logo"),
			     "logo \"%s\" must be a path from the content "
			     "folder, like /images/logo.png", logo);
		return;
	}
	cfg->logo = logo + 1;
}

/* contact: a map; its name is the organisation (default: the title). */
static void config_contact(struct config *cfg, const struct value *root,
			   struct diag_list *diags)
{
	const struct value *contact = value_map_get(root, "contact");
	if (contact && contact->kind != VALUE_MAP && contact->kind != VALUE_NULL) {
		schema_error(diags, contact, "\"contact\" must be a map "
			     "(name: ..., address: ..., phone: ..., email: ...)");
		contact = NULL;
	}
	cfg->contact = contact;
	const char *name = contact && contact->kind == VALUE_MAP
				   ? config_text(contact, "name", NULL, diags)
				   : NULL;
	cfg->organization = name && *name ? name : cfg->title;
}

static void config_read(struct config *cfg, struct arena *a,
			const struct value *root, struct diag_list *diags)
{
	schema_check_keys(root, config_keys, diags);
	cfg->title = schema_text(root, "title", SCHEMA_REQUIRED, diags);
	if (!cfg->title)
		cfg->title = "congbo";
	cfg->description = config_text(root, "description", "", diags);
	config_base_url(cfg, a, root, diags);
	cfg->language = config_text(root, "language", "vi", diags);
	cfg->timezone =
		config_text(root, "timezone", "Asia/Ho_Chi_Minh", diags);
	cfg->theme = config_text(root, "theme", "default", diags);
	cfg->author = config_text(root, "author", "", diags);
	cfg->footer = config_text(root, "footer", "", diags);
	cfg->page_size = (unsigned)schema_int(root, "page_size", 1,
					      CONFIG_MAX_PAGE_SIZE, 10, diags);
	cfg->unsafe_html = schema_bool(root, "unsafe_html", false, diags);
	config_history(cfg, root, diags);
	config_permalinks(cfg, root, diags);
	config_links(&cfg->menu, &cfg->menu_count, a, root, "menu", diags);
	config_links(&cfg->social, &cfg->social_count, a, root, "social",
		     diags);
	config_logo(cfg, root, diags);
	config_contact(cfg, root, diags);
}

int config_load(struct config *cfg, struct arena *arena, const char *file,
		const char *text, size_t len, struct diag_list *diags)
{
	memset(cfg, 0, sizeof *cfg);
	size_t errors_before = diags->errors;
	struct value *root = NULL;
	if (yaml_load(arena, file, text, len, 0, diags, &root) < 0)
		root = value_map_new(arena);
	if (root->kind != VALUE_MAP) {
		diag_error(diags, file, root->line, root->col,
			   "%s must be a map of settings (title: ..., "
			   "base_url: ...), not %s", file,
			   value_kind_name(root->kind));
		root = value_map_new(arena);
	}
	root->file = root->file ? root->file : arena_strdup(arena, file);
	config_read(cfg, arena, root, diags);
	return diags->errors > errors_before ? -1 : 0;
}

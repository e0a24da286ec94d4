/* theme: templates and assets from the source (see theme.h). */
#include "theme.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "theme_contract.h"

#define THEME_TEMPLATE_EXT ".mustache"

/* If path is DIR/NAME.mustache (no deeper folder), the NAME; else NULL. */
static char *theme_template_name(const char *path, const char *dir)
{
	size_t dl = strlen(dir), pl = strlen(path), el = strlen(THEME_TEMPLATE_EXT);
	if (strncmp(path, dir, dl) != 0 || pl <= dl + el)
		return NULL;
	const char *name = path + dl;
	size_t nl = pl - dl - el;
	if (strcmp(name + nl, THEME_TEMPLATE_EXT) != 0 ||
	    memchr(name, '/', nl))
		return NULL;
	return xstrndup(name, nl);
}

static int theme_add_from(struct theme *theme, const struct source *src,
			  const char *dir, struct diag_list *diags)
{
	int rc = 0, found = 0;
	for (size_t i = 0; i < src->count; i++) {
		const struct source_file *f = &src->files[i];
		char *name = theme_template_name(f->path, dir);
		if (!name)
			continue;
		found++;
		if (template_set_add(theme->templates, name, f->path, f->data,
				     f->len, diags) < 0)
			rc = -1;
		free(name);
	}
	return rc < 0 ? -1 : found;
}

static void theme_collect_assets(struct theme *theme, const struct source *src,
				 const char *dir)
{
	size_t dl = strlen(dir);
	theme->assets = xcalloc(src->count + 1, sizeof *theme->assets);
	for (size_t i = 0; i < src->count; i++)
		if (strncmp(src->files[i].path, dir, dl) == 0)
			theme->assets[theme->asset_count++] = &src->files[i];
}

int theme_load(struct theme *theme, const struct source *src,
	       const char *name, struct diag_list *diags)
{
	memset(theme, 0, sizeof *theme);
	theme->templates = template_set_new();
	struct buf dir;
	buf_init(&dir);
	buf_printf(&dir, "themes/%s/templates/", name);
	int rc = theme_add_from(theme, src, dir.data, diags);
	if (rc == 0) {
		diag_error(diags, "content/site.yaml", 0, 0, "theme \"%s\" not "
			   "found: no templates in themes/%s/templates/",
			   name, name);
		rc = -1;
	}
	int own = theme_add_from(theme, src, "templates/", diags);
	buf_truncate(&dir, 0);
	buf_printf(&dir, "themes/%s/assets/", name);
	theme->asset_prefix_len = strlen("themes/") + strlen(name) + 1;
	theme_collect_assets(theme, src, dir.data);
	buf_dispose(&dir);
	if (rc < 0 || own < 0 ||
	    template_set_check(theme->templates, diags) < 0)
		return -1;
	return 0;
}

void theme_dispose(struct theme *theme)
{
	template_set_free(theme->templates);
	free(theme->assets);
	memset(theme, 0, sizeof *theme);
}

const struct template *theme_template(const struct theme *theme,
				      const char *name,
				      struct diag_list *diags)
{
	const struct template *t = template_set_get(theme->templates, name);
	/* the renderer asks only for templates of the table, which the
	 * build checked the theme against */
	assert(theme_contract_has(name));
	if (!t)
		diag_error(diags, "themes", 0, 0, "the theme has no template "
			   "\"%s\" (%s.mustache)", name, name);
	return t;
}

/* theme: the templates and assets a build renders with.
 *
 * Templates come from themes/THEME/templates/NAME.mustache, then from the
 * portal's own templates/NAME.mustache, which replaces the theme's
 * template of the same NAME.  Assets are themes/THEME/assets/ (every file below it), written
 * to the same path under assets/ of the site. */
#ifndef CONGBO_THEME_H
#define CONGBO_THEME_H

#include "diag.h"
#include "source.h"
#include "template.h"

struct theme {
	struct template_set *templates;
	const struct source_file **assets;
	size_t asset_count;
	size_t asset_prefix_len;   /* strlen("themes/THEME/") */
};

/* Compiles every template and checks partial references.  Returns 0, or
 * -1 with errors in diags.  Free with theme_dispose. */
int theme_load(struct theme *theme, const struct source *src,
	       const char *name, struct diag_list *diags);
void theme_dispose(struct theme *theme);
/* The template called name; NULL with an error when the theme lacks it. */
const struct template *theme_template(const struct theme *theme,
				      const char *name,
				      struct diag_list *diags);

#endif

/* theme_contract: the templates congbo renders, declared once.
 *
 * Each row of theme_contract_rows is a template the renderer asks a theme
 * for: its name, when a theme must have it, what it renders, where, and
 * the keys of the view it receives beside those every page gets (their
 * full description is themes/default/README.md's).  Every build and
 * `congbo check` hold the theme to the table (theme_contract_check), so
 * a theme missing a template fails once, before any page is rendered, and
 * the table of templates in themes/default/README.md is generated from it
 * (theme_contract_markdown; tests/unit/test_theme_contract.c checks that
 * the README is in step, `make test-update` rewrites it).
 *
 * A new kind of page: add its row here, render it by that name (render*.c),
 * describe its view in the theme README; nothing else lists templates. */
#ifndef CONGBO_THEME_CONTRACT_H
#define CONGBO_THEME_CONTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "template.h"

enum theme_contract_need {
	THEME_NEEDED,            /* every theme */
	THEME_NEEDED_SCORES,     /* when content/scores/ holds datasets */
	THEME_OPTIONAL,          /* rendered only when the theme has it */
};

struct theme_contract_row {
	const char *name;        /* "article": templates/article.mustache */
	enum theme_contract_need need;
	const char *renders;     /* what it renders, in the README's words */
	const char *output;      /* where */
	const char *receives;    /* view keys beside the common ones */
	bool xml;                /* an XML document: {{x}} escapes as XML */
};

extern const struct theme_contract_row theme_contract_rows[];
extern const size_t theme_contract_count;

/* Reports, once each, the templates the table says the theme must have
 * and ts lacks (scores: the portal has score datasets); dir is the
 * theme's templates folder, for the messages.  Returns 0, or -1 with
 * errors in diags. */
int theme_contract_check(const struct template_set *ts, const char *dir,
			 bool scores, struct diag_list *diags);

/* True when name is a row of the table. */
bool theme_contract_has(const char *name);
/* True when template name renders an XML document. */
bool theme_contract_is_xml(const char *name);

/* Appends the table as Markdown (the generated part of the theme README). */
void theme_contract_markdown(struct buf *b);

/* The markers around that part in themes/default/README.md. */
#define THEME_CONTRACT_BEGIN "<!-- theme-contract: generated from " \
	"generator/theme_contract.c by make test-update; edit it there -->\n"
#define THEME_CONTRACT_END "<!-- /theme-contract -->\n"

#endif

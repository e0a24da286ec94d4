/* theme_contract: the table of templates and its checks (see
 * theme_contract.h). */
#include "theme_contract.h"

#include <string.h>

const struct theme_contract_row theme_contract_rows[] = {
	{"home", THEME_NEEDED, "the home page and its further pages",
	 "`index.html`, `trang/2/index.html` …", "`list`, `pagination`", false},
	{"list", THEME_NEEDED,
	 "one category, one tag, one year of the archive (paginated)",
	 "`chuyen-muc/SLUG/…`, `the/SLUG/…`, `luu-tru/YEAR/…`",
	 "`list`, `pagination`", false},
	{"article", THEME_NEEDED, "one article",
	 "per `permalinks.post` (default `tin-tuc/YEAR/SLUG/index.html`)",
	 "`article`, `related`, `has_related`", false},
	{"page", THEME_NEEDED, "one static page",
	 "per `permalinks.page` (default `SLUG/index.html`)", "`page`", false},
	{"archive", THEME_NEEDED, "the list of years", "`luu-tru/index.html`",
	 "`years`", false},
	{"404", THEME_NEEDED, "the not-found page", "`404.html`",
	 "nothing more", false},
	{"feed", THEME_NEEDED, "an Atom feed (site-wide and per category)",
	 "`feed.xml`, `chuyen-muc/SLUG/feed.xml`", "`feed`", true},
	{"sitemap", THEME_NEEDED, "the sitemap", "`sitemap.xml`", "`urls`",
	 true},
	{"robots", THEME_NEEDED, "robots.txt", "`robots.txt`",
	 "`site.base_url`", false},
	{"results", THEME_NEEDED_SCORES, "the score datasets, newest first",
	 "`ket-qua/index.html`", "`results`", false},
	{"result", THEME_NEEDED_SCORES,
	 "one dataset: tables, statistics, charts, criteria",
	 "`ket-qua/ID/index.html`", "`result`", false},
	{"result-unit", THEME_NEEDED_SCORES, "one unit of a dataset",
	 "`ket-qua/ID/UNIT/index.html`", "`result`, `unit`", false},
	{"result-embed", THEME_NEEDED_SCORES,
	 "the table a `ket-qua` shortcode puts in an article (a fragment, "
	 "no layout)", "inside the article", "`root`, `embed` only", false},
	{"search", THEME_OPTIONAL,
	 "the search page (without it congbo writes no search index)",
	 "`tim-kiem/index.html`", "`search`", false},
};

const size_t theme_contract_count =
	sizeof theme_contract_rows / sizeof theme_contract_rows[0];

static const char *theme_contract_need_text(enum theme_contract_need need)
{
	switch (need) {
	case THEME_NEEDED: return "always";
	case THEME_NEEDED_SCORES: return "with score data";
	case THEME_OPTIONAL: return "optional";
	}
	return "";
}

int theme_contract_check(const struct template_set *ts, const char *dir,
			 bool scores, struct diag_list *diags)
{
	int rc = 0;
	for (size_t i = 0; i < theme_contract_count; i++) {
		const struct theme_contract_row *row = &theme_contract_rows[i];
		bool needed = row->need == THEME_NEEDED ||
			      (row->need == THEME_NEEDED_SCORES && scores);
		if (!needed || template_set_get(ts, row->name))
			continue;
		struct buf path;
		buf_init(&path);
		buf_printf(&path, "%s%s.mustache", dir, row->name);
		diag_error(diags, path.data, 0, 0, "missing: the theme has no "
			   "template \"%s\", which renders %s%s; add it, or "
			   "copy it from themes/default/templates/", row->name,
			   row->renders,
			   row->need == THEME_NEEDED_SCORES
			   ? " (needed since content/scores/ has data)" : "");
		buf_dispose(&path);
		rc = -1;
	}
	return rc;
}

void theme_contract_markdown(struct buf *b)
{
	buf_puts(b, "| template | needed | renders | output | receives "
		    "besides the common keys |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < theme_contract_count; i++) {
		const struct theme_contract_row *row = &theme_contract_rows[i];
		buf_printf(b, "| `%s` | %s | %s | %s | %s |\n", row->name,
			   theme_contract_need_text(row->need), row->renders,
			   row->output, row->receives);
	}
}

static const struct theme_contract_row *theme_contract_row(const char *name)
{
	for (size_t i = 0; i < theme_contract_count; i++)
		if (strcmp(theme_contract_rows[i].name, name) == 0)
			return &theme_contract_rows[i];
	return NULL;
}

bool theme_contract_has(const char *name)
{
	return theme_contract_row(name) != NULL;
}

bool theme_contract_is_xml(const char *name)
{
	const struct theme_contract_row *row = theme_contract_row(name);
	return row && row->xml;
}

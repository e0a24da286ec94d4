/* render_results: the score results pages, their downloads, and the
 * tables the ket-qua shortcode puts in articles (see render_internal.h).
 *
 *     ket-qua/index.html                      every dataset (results)
 *     ket-qua/cchc-2021/index.html            one dataset (result)
 *     ket-qua/cchc-2021/cchc-2021.csv, .json, .xlsx  its downloads
 *     ket-qua/cchc-2021/cchc-2021.xa.csv      one group's annex
 *     ket-qua/cchc-2021/gia-hoa/index.html    one unit (result-unit)
 */
#include "render_internal.h"

#include <string.h>

#include "results.h"
#include "scores_xlsx.h"
#include "view.h"
#include "view_results.h"

#define RENDER_RESULTS_TITLE "Kết quả Chỉ số cải cách hành chính"

void render_results_index(struct render_worker *w)
{
	struct arena *a = &w->arena;
	const struct site *site = w->run->site;
	struct value *view = view_page(a, site, "results", RESULTS_URL,
				       view_root(a, RESULTS_URL),
				       RENDER_RESULTS_TITLE, NULL);
	struct value *list = value_list_new(a);
	for (size_t i = 0; i < site->dataset_count; i++) {
		const struct scores_dataset *d = site->datasets[i];
		struct value *v = view_results_dataset(a, site, d);
		value_map_put(a, v, "groups", view_results_group_links(a, d));
		value_list_push(a, list, v);
	}
	value_map_put(a, view, "results", list);
	render_template(w, "results", view, RESULTS_URL "index.html");
}

/* The downloads of d beside its page: the CSV and the JSON of every
 * group, and one CSV per group (ID.GROUP.csv), whose columns are that
 * group's areas with their names and maxima. */
static void render_result_download(struct render_worker *w,
				   const struct scores_dataset *d,
				   const char *url, size_t gi)
{
	bool all = gi == SCORES_NONE;
	const char *ext = all ? "csv" : "group-csv";
	const char *part = all ? NULL : d->groups[gi].id;
	const char *path = all ? arena_printf(&w->arena, "%s%s.csv", url, d->id)
			       : arena_printf(&w->arena, "%s%s.%s.csv", url,
					      d->id, part);
	char key[FINGERPRINT_HEX_SIZE];
	if (render_keep_by(w, path, ext, d->id, part, key))
		return;
	buf_truncate(&w->scratch, 0);
	if (all)
		scores_write_csv(&w->scratch, d);
	else
		scores_write_csv_group(&w->scratch, d, gi);
	render_write_key(w, path, w->scratch.data, w->scratch.len, key);
}

static void render_result_json(struct render_worker *w,
			       const struct scores_dataset *d, const char *url)
{
	const char *path = arena_printf(&w->arena, "%s%s.json", url, d->id);
	char key[FINGERPRINT_HEX_SIZE];
	if (render_keep_by(w, path, "json", d->id, NULL, key))
		return;
	buf_truncate(&w->scratch, 0);
	scores_write_json(&w->scratch, d);
	render_write_key(w, path, w->scratch.data, w->scratch.len, key);
}

/* The Excel annex: written through a temporary file, so it can fail. */
static void render_result_xlsx(struct render_worker *w,
			       const struct scores_dataset *d, const char *url)
{
	const char *path = arena_printf(&w->arena, "%s%s.xlsx", url, d->id);
	char key[FINGERPRINT_HEX_SIZE];
	if (render_keep_by(w, path, "xlsx", d->id, NULL, key))
		return;
	struct buf why;
	buf_init(&why);
	buf_truncate(&w->scratch, 0);
	if (scores_write_xlsx(&w->scratch, d, &why) == 0)
		render_write_key(w, path, w->scratch.data, w->scratch.len, key);
	else
		diag_error(w->run->diags, d->file, 0, 0, "cannot write its Excel "
			   "download %s: %s", path, why.data);
	buf_dispose(&why);
}

/* What of a dataset's pages comes from the git history rather than its
 * file, for their cache keys: which versions were found. */
static const char *render_result_versions_key(struct arena *a,
					      const struct scores_dataset *d,
					      const char *part)
{
	if (!d->nversions)
		return part;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s|%c", part ? part : "", d->versions_read ? 'h' : '-');
	for (size_t k = 0; k < d->nversions; k++)
		buf_putc(&b, d->versions[k].data ? '1' : '0');
	const char *s = arena_strdup(a, b.data);
	buf_dispose(&b);
	return s;
}

/* ID.vK.csv and ID.vK.json: the figures of version k as published, kept
 * after corrections (the last version is the current figures). */
static void render_result_version(struct render_worker *w,
				  const struct scores_dataset *d,
				  const char *url, size_t k)
{
	const struct scores_dataset *v = d->versions[k].data;
	if (!v)
		return;
	const char *exts[] = {"csv", "json"};
	for (size_t i = 0; i < 2; i++) {
		const char *path = arena_printf(&w->arena, "%s%s.v%zu.%s", url,
						d->id, k + 1, exts[i]);
		char key[FINGERPRINT_HEX_SIZE];
		if (render_keep_by(w, path, exts[i], d->id,
				   render_result_versions_key(&w->arena, d,
					arena_printf(&w->arena, "v%zu", k + 1)),
				   key))
			continue;
		buf_truncate(&w->scratch, 0);
		if (i == 0)
			scores_write_csv(&w->scratch, v);
		else
			scores_write_json(&w->scratch, v);
		render_write_key(w, path, w->scratch.data, w->scratch.len, key);
	}
}

static void render_result_downloads(struct render_worker *w,
				    const struct scores_dataset *d,
				    const char *url)
{
	render_result_download(w, d, url, SCORES_NONE);
	for (size_t gi = 0; gi < d->ngroups; gi++)
		render_result_download(w, d, url, gi);
	render_result_json(w, d, url);
	render_result_xlsx(w, d, url);
	for (size_t k = 0; k < d->nversions; k++)
		render_result_version(w, d, url, k);
}

/* {id, year, url} of the dataset of the year before d's, or NULL. */
static struct value *render_result_previous(struct arena *a,
					    const struct site *site,
					    const struct scores_dataset *d)
{
	const struct scores_dataset *p = scores_find_previous(
		(const struct scores_dataset *const *)site->datasets,
		site->dataset_count, d);
	if (!p)
		return NULL;
	struct value *v = value_map_new(a);
	value_map_put_string(a, v, "id", p->id);
	value_map_put(a, v, "year", value_int(a, p->year));
	value_map_put_string(a, v, "url", view_results_url(a, p, NULL));
	return v;
}

void render_result(struct render_worker *w, const struct scores_dataset *d)
{
	struct arena *a = &w->arena;
	const struct site *site = w->run->site;
	const char *url = view_results_url(a, d, NULL);
	const char *path = arena_printf(a, "%sindex.html", url);
	/* keyed by its view (render_template): what the page shows of the
	 * history, the corrections and the other datasets is in it */
	struct value *view = view_page(a, site, "result", url,
				       view_root(a, url), d->title, NULL);
	struct value *result = view_results_dataset(a, site, d);
	struct value *groups = value_list_new(a);
	for (size_t i = 0; i < d->ngroups; i++) {
		struct value *g = view_results_group(a, d, i);
		view_results_put(a, g, "rank_history",
				 view_results_rank_history(a, site, d, i));
		value_list_push(a, groups, g);
	}
	value_map_put(a, result, "groups", groups);
	view_results_put(a, result, "previous",
			 render_result_previous(a, site, d));
	view_results_put(a, result, "corrections",
			 view_results_corrections(a, site, d));
	value_map_put(a, view, "result", result);
	render_template(w, "result", view, path);
	render_result_downloads(w, d, url);
}

void render_result_unit(struct render_worker *w,
			const struct scores_dataset *d, size_t unit)
{
	struct arena *a = &w->arena;
	const struct site *site = w->run->site;
	const struct scores_unit *u = &d->units[unit];
	const char *url = view_results_url(a, d, u);
	const char *path = arena_printf(a, "%sindex.html", url);
	struct value *view = view_page(a, site, "result-unit", url,
				       view_root(a, url), arena_printf(a,
				       "%s – Chỉ số CCHC năm %ld", u->name,
				       d->year), NULL);
	value_map_put(a, view, "result", view_results_dataset(a, site, d));
	value_map_put(a, view, "unit", view_results_unit(a, site, d, u));
	render_template(w, "result-unit", view, path);
}

void render_results_sitemap(struct render_worker *w, struct value *urls)
{
	const struct site *site = w->run->site;
	if (!site->dataset_count)
		return;
	render_sitemap_url(w, urls, RESULTS_URL, NULL);
	for (size_t i = 0; i < site->dataset_count; i++) {
		const struct scores_dataset *d = site->datasets[i];
		if (d->status == SCORES_DRAFT)
			continue;   /* preview only, and noindex */
		render_sitemap_url(w, urls, view_results_url(&w->arena, d, NULL),
				   NULL);
		for (size_t u = 0; u < d->nunits; u++)
			render_sitemap_url(w, urls, view_results_url(&w->arena,
					   d, &d->units[u]), NULL);
	}
}

/* ---- the ket-qua shortcode ------------------------------------------ */

/* The HTML of one shortcode, rendered with the result-embed template, in
 * w's arena; NULL when it renders nothing. */
static const char *render_results_embed(struct render_worker *w,
					const struct page_embed *e,
					const char *date, const char *root)
{
	struct arena *a = &w->arena;
	const struct site *site = w->run->site;
	const struct template *t = theme_template(w->run->theme,
						  "result-embed", w->run->diags);
	if (!t)
		return NULL;
	struct value *view = value_map_new(a);
	value_map_put_string(a, view, "root", root);
	value_map_put(a, view, "embed", view_results_embed(a, site, e->dataset,
							   e->group, e->top, date));
	struct buf html;
	buf_init(&html);
	const char *s = NULL;
	if (template_render(w->run->theme->templates, t, view, &html,
			    w->run->diags) == 0)
		s = arena_strdup(a, html.data);
	buf_dispose(&html);
	return s;
}

void render_results_embeds(struct render_worker *w, const struct page *p,
			   const char *date, const char *root,
			   struct markdown_options *opts)
{
	struct arena *a = &w->arena;
	if (!p->embed_count)
		return;
	struct markdown_block *blocks = arena_array(a, p->embed_count + 1,
						    sizeof *blocks);
	size_t count = 0;
	for (size_t i = 0; i < p->embed_count; i++) {
		const struct page_embed *e = &p->embeds[i];
		const char *html = render_results_embed(w, e, date, root);
		if (html)
			blocks[count++] = (struct markdown_block){e->line, html};
	}
	opts->blocks = blocks;
	opts->block_count = count;
}

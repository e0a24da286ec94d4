/* results_load: loads the score datasets (content/scores/) into the site,
 * links them into series and versions, and checks the ket-qua shortcodes
 * against them (see results.h). */
#include "results.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "workers.h"
#include "yaml.h"

static bool results_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Appends to an arena array of pointers that doubles as it grows. */
static void results_push(struct arena *a, struct scores_dataset ***items,
			 size_t *count, size_t *cap, struct scores_dataset *d)
{
	if (*count == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		struct scores_dataset **fresh = arena_array(a, *cap,
							    sizeof *fresh);
		if (*count)
			memcpy(fresh, *items, *count * sizeof *fresh);
		*items = fresh;
	}
	(*items)[(*count)++] = d;
}

/* What loading needs beyond the site: the ids of score files that did
 * not load, whose shortcodes are not checked (their errors are already
 * told; "unknown dataset" on top would mislead). */
struct results_loader {
	struct site *site;
	const struct source *src;
	bool preview;
	struct diag_list *diags;
	size_t cap;
	const char **failed;
	size_t nfailed;
	const char **drafts;          /* drafts left out (not preview) */
	size_t ndrafts;
};

/* A decision's PDF must be a file of the portal's content. */
static void results_check_file(const struct results_loader *ld,
			       const struct scores_dataset *d, const char *file,
			       unsigned line, unsigned col,
			       struct diag_list *diags)
{
	if (!file)
		return;
	char *path = arena_printf(&ld->site->arena, "content/%s", file);
	if (!source_find(ld->src, path))
		diag_error(diags, d->file, line, col, "the decision's file /%s "
			   "does not exist: put the signed PDF at %s", file,
			   path);
}

static void results_check_decision(const struct results_loader *ld,
				   const struct scores_dataset *d,
				   struct diag_list *diags)
{
	results_check_file(ld, d, d->decision.file, d->decision.file_line,
			   d->decision.file_col, diags);
}

/* Moves what loading a score file found into the build's list; a
 * draft's errors become warnings that say so. */
static void results_report(struct results_loader *ld, struct diag_list *found,
			   bool draft)
{
	for (size_t i = 0; i < found->count; i++) {
		const struct diag *g = &found->items[i];
		bool demote = draft && g->severity == DIAG_ERROR;
		diag_add(ld->diags, demote ? DIAG_WARNING : g->severity, g->file,
			 g->line, g->col, "%s%s", demote ? "draft dataset "
			 "(trang_thai: du_thao), not published: " : "",
			 g->message);
	}
	diag_list_dispose(found);
}

static void results_read_file(struct results_loader *ld,
			      const struct source_file *f)
{
	struct site *site = ld->site;
	const char *name = f->path + strlen(RESULTS_DIR);
	size_t len = strlen(name);
	if (strchr(name, '/') || len <= 5 ||
	    strcmp(name + len - 5, ".yaml") != 0) {
		diag_warning(ld->diags, f->path, 0, 0, "not used: score files "
			     "are " RESULTS_DIR "NAME.yaml, e.g. cchc-2021.yaml");
		return;
	}
	const char *id = arena_strndup(&site->arena, name, len - 5);
	bool id_ok = text_slug_is_safe(id);
	if (!id_ok)
		diag_error(ld->diags, f->path, 0, 0, "the file name makes the "
			   "web address " RESULTS_URL "%s/: name score files "
			   "with a-z, 0-9 and \"-\" only, e.g. cchc-2021.yaml",
			   id);
	struct value *root = NULL;
	struct scores_dataset *d = NULL;
	struct diag_list found;
	diag_list_init(&found);
	bool loaded = yaml_load(&site->arena, f->path, f->data, f->len, 0,
				&found, &root) == 0 &&
		      scores_load(&site->arena, root, f->path, &found, &d) == 0;
	if (loaded)
		results_check_decision(ld, d, &found);
	loaded &= found.errors == 0 && id_ok;
	bool draft = root && root->kind == VALUE_MAP &&
		     scores_root_is_draft(root);
	results_report(ld, &found, draft);
	if (draft && !ld->preview) {
		ld->drafts[ld->ndrafts++] = id;
		return;
	}
	if (!loaded) {
		ld->failed[ld->nfailed++] = id;
		return;
	}
	results_push(&site->arena, &site->datasets, &site->dataset_count,
		     &ld->cap, d);
}

/* Newest first; one year's datasets by id. */
static int results_compare(const void *pa, const void *pb)
{
	const struct scores_dataset *a = *(struct scores_dataset *const *)pa;
	const struct scores_dataset *b = *(struct scores_dataset *const *)pb;
	if (a->year != b->year)
		return a->year > b->year ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* "area 6 (Cải cách tài chính công) max 5 -> 6; criterion 7.5 added" */
static void results_describe_diff(struct buf *b,
				  const struct scores_difference *diff,
				  size_t n, size_t shown)
{
	static const char *const noun[] = {"area", "criterion", "sub-criterion"};
	for (size_t i = 0; i < n && i < shown; i++) {
		const struct scores_difference *x = &diff[i];
		const struct scores_node *node = x->now ? x->now : x->then;
		buf_printf(b, "%s%s %s (%s)", i ? "; " : "", noun[node->level],
			   node->code, node->name);
		if (x->kind == SCORES_DIFF_MAX) {
			buf_puts(b, " max ");
			scores_format_exact(b, x->then->max);
			buf_puts(b, " -> ");
			scores_format_exact(b, x->now->max);
		} else
			buf_puts(b, x->kind == SCORES_DIFF_ADDED ? " is new"
							 : " is gone");
	}
	if (n > shown)
		buf_printf(b, "; and %zu more", n - shown);
}

#define RESULTS_DIFF_SHOWN 6

/* Criteria sets that changed since last year: said in check (a warning:
 * a new set is allowed), and on the page (view_results.c). */
static void results_warn_criteria(const struct scores_dataset *d,
				  const struct scores_dataset *prev,
				  struct diag_list *diags)
{
	struct scores_difference diff[RESULTS_DIFF_SHOWN];
	for (size_t i = 0; prev && i < d->ngroups; i++) {
		const struct scores_group *g = &d->groups[i];
		const struct scores_group *pg = NULL;
		for (size_t j = 0; j < prev->ngroups && !pg; j++)
			if (strcmp(prev->groups[j].id, g->id) == 0)
				pg = &prev->groups[j];
		if (!pg || g->same_criteria)
			continue;
		size_t n = scores_criteria_diff(g, pg, diff, RESULTS_DIFF_SHOWN);
		struct buf b;
		buf_init(&b);
		results_describe_diff(&b, diff, n, RESULTS_DIFF_SHOWN);
		diag_warning(diags, d->file, g->line, g->col, "the criteria set of "
			     "group %s differs from %s's: %s; the change of index "
			     "against %ld is not shown, only places (a code renamed "
			     "since then is matched with ma_cu: \"OLD\")", g->id,
			     prev->id, b.data, prev->year);
		buf_dispose(&b);
	}
}

/* tien_than must name units of the year before, when the site has it. */
static void results_check_predecessors(const struct scores_dataset *d,
				       const struct scores_dataset *prev,
				       struct diag_list *diags)
{
	enum diag_severity sev = d->status == SCORES_DRAFT ? DIAG_WARNING
							   : DIAG_ERROR;
	for (size_t i = 0; prev && i < d->nunits; i++) {
		const struct scores_unit *u = &d->units[i];
		for (size_t k = 0; k < u->pred.n; k++) {
			if (!scores_find_unit(prev, u->pred.codes[k]))
				diag_add(diags, sev, d->file, u->pred.lines[k],
					 u->pred.cols[k], "tien_than names %s, "
					 "which is not a unit of %s (the year "
					 "before)", u->pred.codes[k], prev->id);
		}
	}
}

static void results_link(struct site *site, struct diag_list *diags)
{
	size_t n = site->dataset_count;
	if (n > 1)
		qsort(site->datasets, n, sizeof *site->datasets,
		      results_compare);
	const struct scores_dataset *const *all =
		(const struct scores_dataset *const *)site->datasets;
	for (size_t i = 0; i < n; i++) {
		const struct scores_dataset *prev = scores_find_previous(all, n,
							site->datasets[i]);
		scores_link_previous(site->datasets[i], prev);
		results_warn_criteria(site->datasets[i], prev, diags);
		results_check_predecessors(site->datasets[i], prev, diags);
	}
}

/* Pages and files of the content that would land among the results. */
static void results_check_urls(const struct site *site,
			       struct diag_list *diags)
{
	if (!site->dataset_count)
		return;
	const char *msg = "this page's URL %s is inside " RESULTS_URL
		", where the score results are published; give it another "
		"slug";
	for (size_t i = 0; i < site->post_count; i++)
		if (results_has_prefix(site->posts[i]->out_path, RESULTS_URL))
			diag_error(diags, site->posts[i]->src->path, 1, 1, msg,
				   site->posts[i]->url);
	for (size_t i = 0; i < site->page_count; i++)
		if (results_has_prefix(site->pages[i]->out_path, RESULTS_URL))
			diag_error(diags, site->pages[i]->src->path, 1, 1, msg,
				   site->pages[i]->url);
	for (size_t i = 0; i < site->asset_count; i++)
		if (results_has_prefix(site->assets[i]->path,
				       "content/" RESULTS_URL))
			diag_error(diags, site->assets[i]->path, 0, 0, "this "
				   "file would be published inside " RESULTS_URL
				   ", where the score results are; move it");
}

/* Lines before a page's body in its file. */
static unsigned results_body_line(const struct page *p)
{
	unsigned lines = 0;
	for (const char *s = p->src->data; s < p->body; s++)
		lines += *s == '\n';
	return lines;
}

/* The dataset argument of sc when it is one of ids[0..n), else NULL. */
static const struct shortcode_arg *results_names(const struct shortcode *sc,
						const char *const *ids,
						size_t n)
{
	for (size_t i = 0; i < sc->nargs; i++)
		if (!sc->args[i].key) {
			for (size_t j = 0; j < n; j++)
				if (strcmp(ids[j], sc->args[i].value) == 0)
					return &sc->args[i];
			return NULL;
		}
	return NULL;
}

/* Checks the shortcodes of p and keeps those that render in p->embeds,
 * in arena (the calling thread's). */
static void results_check_page(const struct results_loader *ld,
			       struct page *p, struct arena *arena)
{
	if (!p->has_shortcodes)
		return;
	struct arena a;
	arena_init(&a);
	struct shortcode *scs;
	const char *file = p->src->path;
	unsigned offset = results_body_line(p);
	size_t n = shortcode_scan(&a, p->body, p->body_len, file, offset,
				  ld->diags, &scs);
	struct page_embed *embeds = arena_array(arena, n + 1, sizeof *embeds);
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		struct results_embed e;
		const struct shortcode_arg *draft;
		if (strcmp(scs[i].name, "ket-qua") != 0)
			diag_error(ld->diags, file, offset + scs[i].line,
				   scs[i].name_col, "unknown shortcode \"%s\"; "
				   "the one congbo knows is ket-qua",
				   scs[i].name);
		else if ((draft = results_names(&scs[i], ld->drafts,
						ld->ndrafts)))
			diag_error(ld->diags, file, offset + scs[i].line,
				   draft->col, "%s is a draft (trang_thai: "
				   "du_thao), published only with its signed "
				   "decision: embed it once it is published "
				   "(build --drafts and serve show drafts)",
				   draft->value);
		else if (!results_names(&scs[i], ld->failed, ld->nfailed) &&
			 results_embed_read(ld->site, &scs[i], file, offset,
					    ld->diags, &e) == 0)
			embeds[count++] = (struct page_embed){
				scs[i].line, e.dataset, e.group, e.top};
	}
	p->embeds = embeds;
	p->embed_count = count;
	arena_dispose(&a);
}

/* Looking through every body for shortcodes reads the whole archive
 * again: the cores share it (the loader and the datasets are only read,
 * each page is written by the one thread that checks it, diags takes
 * errors from any thread). */
static void results_check_one(void *ctx, unsigned worker, size_t i)
{
	const struct results_loader *ld = ctx;
	struct site *site = ld->site;
	results_check_page(ld, i < site->post_count ? site->posts[i]
			   : site->pages[i - site->post_count],
			   &site->read_arenas[worker]);
}

/* One thread per loading arena (site_load made at least one). */
static void results_check_pages(struct results_loader *ld)
{
	struct workers_job job = {.item = results_check_one, .ctx = ld};
	workers_run(&job, ld->site->read_arena_count,
		    ld->site->post_count + ld->site->page_count);
}

/* The corrections' PDFs, the versions they make, and figures changed
 * without one, from the history (walked once, when first needed). */
static void results_link_versions(struct results_loader *ld,
				  const struct results_options *opts)
{
	const struct history *h = NULL;
	bool asked = false;
	for (size_t i = 0; i < ld->site->dataset_count; i++) {
		struct scores_dataset *d = ld->site->datasets[i];
		for (size_t k = 0; k < d->ncorrections; k++)
			results_check_file(ld, d, d->corrections[k].file,
					   d->corrections[k].file_line,
					   d->corrections[k].file_col,
					   ld->diags);
		if (d->status != SCORES_PUBLISHED)
			continue;
		if (!asked && opts->get_history)
			h = opts->get_history(opts->history_ctx);
		asked = true;
		results_versions(ld->site, d, h, ld->diags);
		results_check_unrecorded(ld->site, d, h, ld->diags);
	}
}

int results_load(struct site *site, const struct source *src,
		 const struct results_options *opts, struct diag_list *diags)
{
	size_t errors_before = diags->errors;
	struct results_loader ld = {.site = site, .src = src,
				    .preview = opts->preview, .diags = diags};
	ld.failed = arena_array(&site->arena, src->count + 1,
				sizeof *ld.failed);
	ld.drafts = arena_array(&site->arena, src->count + 1,
				sizeof *ld.drafts);
	for (size_t i = 0; i < src->count; i++)
		if (results_has_prefix(src->files[i].path, RESULTS_DIR))
			results_read_file(&ld, &src->files[i]);
	results_link(site, diags);
	results_link_versions(&ld, opts);
	results_check_urls(site, diags);
	results_check_pages(&ld);
	return diags->errors > errors_before ? -1 : 0;
}

const struct scores_dataset *results_find(const struct site *site,
					  const char *id)
{
	for (size_t i = 0; i < site->dataset_count; i++)
		if (strcmp(site->datasets[i]->id, id) == 0)
			return site->datasets[i];
	return NULL;
}

/* ---- the ket-qua shortcode ------------------------------------------ */

/* Where an argument's problem is reported, and what the error says. */
struct results_where {
	const char *file;
	unsigned line;
	struct diag_list *diags;
	int rc;
};

static void results_embed_error(struct results_where *w, unsigned col,
				const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void results_embed_error(struct results_where *w, unsigned col,
				const char *fmt, ...)
{
	w->rc = -1;
	if (!w->diags)
		return;
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(w->diags, DIAG_ERROR, w->file, w->line, col, fmt, ap);
	va_end(ap);
}

/* "cchc-2021, cchc-2020" (in a) */
static const char *results_ids(struct arena *a, const struct site *site)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < site->dataset_count; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", site->datasets[i]->id);
	const char *s = arena_strdup(a, b.len ? b.data : "none yet");
	buf_dispose(&b);
	return s;
}

static const char *results_group_ids(struct arena *a,
				     const struct scores_dataset *d)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < d->ngroups; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", d->groups[i].id);
	const char *s = arena_strdup(a, b.data);
	buf_dispose(&b);
	return s;
}

static void results_embed_dataset(const struct site *site,
				  const struct shortcode *sc,
				  struct results_where *w,
				  struct results_embed *out)
{
	struct arena a;
	arena_init(&a);
	const struct shortcode_arg *id = NULL;
	for (size_t i = 0; i < sc->nargs; i++) {
		if (sc->args[i].key)
			continue;
		if (id)
			results_embed_error(w, sc->args[i].col, "ket-qua takes "
				"one dataset; \"%s\" is one too many (parameters "
				"are name=value)", sc->args[i].value);
		else
			id = &sc->args[i];
	}
	if (!id)
		results_embed_error(w, sc->name_col, "ket-qua needs the id of a "
			"score dataset, e.g. {{< ket-qua cchc-2021 nhom=xa "
			"top=5 >}}; datasets: %s", results_ids(&a, site));
	else if (!(out->dataset = results_find(site, id->value)))
		results_embed_error(w, id->col, "unknown score dataset \"%s\"; "
				    "datasets: %s", id->value,
				    results_ids(&a, site));
	arena_dispose(&a);
}

static void results_embed_group(const struct shortcode *sc,
				struct results_where *w,
				struct results_embed *out)
{
	const struct scores_dataset *d = out->dataset;
	const struct shortcode_arg *g = shortcode_arg(sc, "nhom");
	struct arena a;
	arena_init(&a);
	if (!g && d->ngroups > 1)
		results_embed_error(w, sc->name_col, "%s ranks several groups: "
				    "choose one with nhom= (%s)", d->id,
				    results_group_ids(&a, d));
	out->group = 0;
	if (g) {
		while (out->group < d->ngroups &&
		       strcmp(d->groups[out->group].id, g->value) != 0)
			out->group++;
		if (out->group == d->ngroups)
			results_embed_error(w, g->col, "unknown group \"%s\"; "
					    "nhom= takes one of %s", g->value,
					    results_group_ids(&a, d));
	}
	arena_dispose(&a);
}

static void results_embed_top(const struct shortcode *sc,
			      struct results_where *w,
			      struct results_embed *out)
{
	const struct shortcode_arg *t = shortcode_arg(sc, "top");
	out->top = RESULTS_EMBED_TOP;
	if (!t)
		return;
	const char *s = t->value;
	size_t n = 0;
	while (*s >= '0' && *s <= '9' && n <= RESULTS_EMBED_MAX_TOP)
		n = n * 10 + (size_t)(*s++ - '0');
	if (*s || !*t->value || n < 1 || n > RESULTS_EMBED_MAX_TOP)
		results_embed_error(w, t->col, "top= takes a whole number from "
				    "1 to " RESULTS_EMBED_MAX_TOP_TEXT ", not "
				    "\"%s\"", t->value);
	else
		out->top = n;
}

int results_embed_read(const struct site *site, const struct shortcode *sc,
		       const char *file, unsigned line_offset,
		       struct diag_list *diags, struct results_embed *out)
{
	struct results_where w = {file, line_offset + sc->line, diags, 0};
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < sc->nargs; i++) {
		const char *k = sc->args[i].key;
		if (k && strcmp(k, "nhom") != 0 && strcmp(k, "top") != 0)
			results_embed_error(&w, sc->args[i].col, "unknown "
				"parameter \"%s\" of ket-qua; it takes a "
				"dataset, nhom= and top=", k);
		else if (k && shortcode_arg(sc, k) != &sc->args[i])
			results_embed_error(&w, sc->args[i].col, "%s= is given "
					    "twice", k);
	}
	results_embed_dataset(site, sc, &w, out);
	if (out->dataset)
		results_embed_group(sc, &w, out);
	results_embed_top(sc, &w, out);
	return w.rc;
}

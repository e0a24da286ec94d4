/* view_results: views of datasets, tables and charts (see
 * view_results.h). */
#include "view_results.h"

#include <string.h>

#include "buf.h"
#include "chart.h"
#include "results.h"
#include "text.h"
#include "view.h"

/* ---- numbers --------------------------------------------------------- */

/* The places v (thousandths) needs to be written exactly. */
static int view_results_exact_decimals(int64_t v)
{
	int decimals = SCORES_SCALE_DECIMALS;
	while (decimals > 0 && v % 10 == 0) {
		v /= 10;
		decimals--;
	}
	return decimals;
}

struct value *view_results_number(struct arena *a, int64_t v, int decimals)
{
	struct value *n = value_map_new(a);
	struct buf b;
	buf_init(&b);
	scores_format_vi(&b, v, decimals);
	value_map_put_string(a, n, "text", b.data);
	buf_truncate(&b, 0);
	scores_format_dot(&b, v, decimals);
	value_map_put_string(a, n, "value", b.data);
	buf_dispose(&b);
	return n;
}

struct value *view_results_points(struct arena *a, int64_t v)
{
	return view_results_number(a, v, view_results_exact_decimals(v));
}

/* The text alone, for sentences and chart labels. */
static const char *view_results_text(struct arena *a, int64_t v,
				     int decimals)
{
	struct buf b;
	buf_init(&b);
	scores_format_vi(&b, v, decimals);
	const char *s = arena_strdup(a, b.data);
	buf_dispose(&b);
	return s;
}

void view_results_put(struct arena *a, struct value *map, const char *key,
		      struct value *v)
{
	value_map_put(a, map, key, v ? v : value_null(a));
}

const char *view_results_band_class(struct arena *a, size_t band)
{
	if (band == SCORES_NONE)
		return "band-none";
	return arena_printf(a, "band-%zu",
			    band < CHART_BANDS ? band : CHART_BANDS - 1);
}

/* ---- a dataset ------------------------------------------------------- */

const char *view_results_url(struct arena *a, const struct scores_dataset *d,
			     const struct scores_unit *u)
{
	if (u)
		return arena_printf(a, RESULTS_URL "%s/%s/", d->id, u->code);
	return arena_printf(a, RESULTS_URL "%s/", d->id);
}

/* {number, date, file} of a decision (date a date map, file a URL). */
static struct value *view_results_act(struct arena *a, const struct site *site,
				      const char *number, const char *date,
				      const char *file)
{
	struct value *v = value_map_new(a);
	value_map_put_string(a, v, "number", number);
	view_results_put(a, v, "file", file ? value_string(a, file) : NULL);
	struct text_date when;
	view_results_put(a, v, "date", date && text_date_parse(date,
			 site->tz_offset_min, &when) == 0 ? view_date(a, &when)
			 : NULL);
	return v;
}

static struct value *view_results_decision(struct arena *a,
					   const struct site *site,
					   const struct scores_dataset *d)
{
	return view_results_act(a, site, d->decision.number, d->decision.date,
				d->decision.file);
}

/* "ket-qua/ID/ID.vK.EXT": version k (1-based) of a download. */
static const char *view_results_version_url(struct arena *a,
					    const struct scores_dataset *d,
					    size_t k, const char *ext)
{
	return arena_printf(a, "%s%s.v%zu.%s", view_results_url(a, d, NULL),
			    d->id, k, ext);
}

/* {number, date, file, reason, version, csv_url, json_url} of every
 * version: what the downloads and the correction notice list. */
static struct value *view_results_versions(struct arena *a,
					   const struct site *site,
					   const struct scores_dataset *d)
{
	struct value *list = value_list_new(a);
	for (size_t k = 0; k < d->nversions; k++) {
		const struct scores_version *ver = &d->versions[k];
		struct value *v = view_results_act(a, site, ver->number,
						   ver->date, ver->file);
		value_map_put(a, v, "version", value_int(a, (long long)k + 1));
		view_results_put(a, v, "reason", ver->reason
				 ? value_string(a, ver->reason) : NULL);
		value_map_put(a, v, "current", value_bool(a, k + 1 ==
							  d->nversions));
		view_results_put(a, v, "csv_url", ver->data ? value_string(a,
			view_results_version_url(a, d, k + 1, "csv")) : NULL);
		view_results_put(a, v, "json_url", ver->data ? value_string(a,
			view_results_version_url(a, d, k + 1, "json")) : NULL);
		value_list_push(a, list, v);
	}
	return list;
}

static struct value *view_results_bands(struct arena *a,
					const struct scores_dataset *d)
{
	struct value *list = value_list_new(a);
	for (size_t i = 0; i < d->nbands; i++) {
		struct value *b = value_map_new(a);
		value_map_put_string(a, b, "name", d->bands[i].name);
		value_map_put(a, b, "from",
			      view_results_points(a, d->bands[i].from));
		value_map_put_string(a, b, "class",
				     view_results_band_class(a, i));
		value_list_push(a, list, b);
	}
	return list;
}

const char *view_results_group_csv(struct arena *a,
				   const struct scores_dataset *d,
				   const struct scores_group *g)
{
	return arena_printf(a, "%s%s.%s.csv", view_results_url(a, d, NULL),
			    d->id, g->id);
}

struct value *view_results_group_links(struct arena *a,
					      const struct scores_dataset *d)
{
	struct value *list = value_list_new(a);
	for (size_t i = 0; i < d->ngroups; i++) {
		const struct scores_group *g = &d->groups[i];
		struct value *v = value_map_new(a);
		value_map_put_string(a, v, "id", g->id);
		value_map_put_string(a, v, "name", g->khoi);
		value_map_put(a, v, "count", value_int(a, (long long)g->nunits));
		value_map_put_string(a, v, "url", arena_printf(a, "%s#nhom-%s",
				view_results_url(a, d, NULL), g->id));
		value_map_put_string(a, v, "csv_url",
				     view_results_group_csv(a, d, g));
		value_list_push(a, list, v);
	}
	return list;
}

struct value *view_results_dataset(struct arena *a, const struct site *site,
				   const struct scores_dataset *d)
{
	struct value *v = value_map_new(a);
	const char *url = view_results_url(a, d, NULL);
	value_map_put_string(a, v, "id", d->id);
	value_map_put_string(a, v, "title", d->title);
	value_map_put(a, v, "year", value_int(a, d->year));
	value_map_put(a, v, "draft", value_bool(a, d->status == SCORES_DRAFT));
	/* null rather than "", which a section would take as there */
	view_results_put(a, v, "body", *d->body ? value_string(a, d->body)
						 : NULL);
	value_map_put_string(a, v, "url", url);
	value_map_put_string(a, v, "csv_url",
			     arena_printf(a, "%s%s.csv", url, d->id));
	value_map_put_string(a, v, "json_url",
			     arena_printf(a, "%s%s.json", url, d->id));
	value_map_put_string(a, v, "xlsx_url",
			     arena_printf(a, "%s%s.xlsx", url, d->id));
	view_results_put(a, v, "decision", d->decision.number
			 ? view_results_decision(a, site, d) : NULL);
	value_map_put(a, v, "corrected", value_bool(a, d->ncorrections > 0));
	view_results_put(a, v, "versions", d->nversions
			 ? view_results_versions(a, site, d) : NULL);
	value_map_put(a, v, "versions_read", value_bool(a, d->versions_read));
	value_map_put(a, v, "unit_count", value_int(a, (long long)d->nunits));
	value_map_put(a, v, "bands", view_results_bands(a, d));
	return v;
}

/* ---- a table row ----------------------------------------------------- */

/* {arrow, dir, text, value, sr} of a change of delta (thousandths) in
 * unit ("điểm", "bậc"). */
static struct value *view_results_delta(struct arena *a, int64_t delta,
					int decimals, const char *unit)
{
	struct value *v = value_map_new(a);
	int64_t mag = delta < 0 ? -delta : delta;
	const char *text = view_results_text(a, mag, decimals);
	struct value *n = view_results_number(a, delta, decimals);
	value_map_put_string(a, v, "text", text);
	value_map_put(a, v, "value", (struct value *)value_map_get(n, "value"));
	bool same = strcmp(text, view_results_text(a, 0, decimals)) == 0;
	const char *dir = same ? "same" : delta > 0 ? "up" : "down";
	value_map_put_string(a, v, "dir", dir);
	value_map_put_string(a, v, "arrow", same ? "" : delta > 0 ? "▲" : "▼");
	value_map_put_string(a, v, "sr", same ? "không đổi" :
		arena_printf(a, "%s %s %s", delta > 0 ? "tăng" : "giảm", text,
			     unit));
	return v;
}

/* {index, places} against last year, or NULL when nothing to compare. */
static struct value *view_results_change(struct arena *a,
					 const struct scores_dataset *d,
					 const struct scores_change *c)
{
	if (!c->has && !c->has_places)
		return NULL;
	struct value *v = value_map_new(a);
	view_results_put(a, v, "index", c->has ? view_results_delta(a,
			 c->index_delta, d->decimals, "điểm") : NULL);
	view_results_put(a, v, "places", c->has_places ? view_results_delta(a,
			(int64_t)c->places * SCORES_SCALE, 0, "bậc") : NULL);
	return v;
}

static bool view_results_tied(const struct scores_dataset *d,
			      const struct scores_unit *u)
{
	if (!u->rank)
		return false;
	for (size_t i = 0; i < d->nunits; i++)
		if (&d->units[i] != u && d->units[i].group == u->group &&
		    d->units[i].rank == u->rank)
			return true;
	return false;
}

static struct value *view_results_row_areas(struct arena *a,
					    const struct scores_dataset *d,
					    const struct scores_unit *u)
{
	const struct scores_group *g = &d->groups[u->group];
	struct value *list = value_list_new(a);
	for (size_t i = 0; i < g->nareas; i++) {
		struct value *p = view_results_points(a, u->area_points[i]);
		value_map_put(a, p, "na", value_bool(a, !u->area_max[i]));
		value_list_push(a, list, p);
	}
	return list;
}

/* The name of a unit of last year's dataset, or its code. */
static const char *view_results_then_name(const struct scores_dataset *d,
					  const char *code)
{
	const struct scores_unit *u = d->prev ? scores_find_unit(d->prev, code)
					      : NULL;
	return u ? u->name : code;
}

/* "Xã Gia Tiến, Xã Gia Thắng (Nghị quyết ..., ngày 01/01/2025)" */
static const char *view_results_pred_text(struct arena *a,
					  const struct scores_dataset *d,
					  const struct scores_unit *u)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < u->pred.n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "",
			   view_results_then_name(d, u->pred.codes[i]));
	struct text_date date;
	if (u->pred.basis)
		buf_printf(&b, " (theo %s", u->pred.basis);
	if (u->pred.date && text_date_parse(u->pred.date, 0, &date) == 0)
		buf_printf(&b, ", có hiệu lực từ ngày %02d/%02d/%04d", date.day,
			   date.month, date.year);
	if (u->pred.basis)
		buf_putc(&b, ')');
	const char *s = arena_strdup(a, b.data);
	buf_dispose(&b);
	return s;
}

/* {merged, renamed, text} of a unit with tien_than, or NULL. */
static struct value *view_results_predecessors(struct arena *a,
					       const struct scores_dataset *d,
					       const struct scores_unit *u)
{
	if (!u->pred.n)
		return NULL;
	struct value *v = value_map_new(a);
	value_map_put(a, v, "merged", value_bool(a, u->pred.n > 1));
	value_map_put(a, v, "renamed", value_bool(a, u->pred.n == 1));
	value_map_put_string(a, v, "text", view_results_pred_text(a, d, u));
	return v;
}

/* Why the change against last year is missing or partial, or NULL. */
static struct value *view_results_change_note(struct arena *a,
					      const struct scores_dataset *d,
					      const struct scores_unit *u)
{
	switch (u->change.why) {
	case SCORES_WHY_MERGED:
		return value_string(a, arena_printf(a, "Đơn vị mới thành lập từ "
			"sáp nhập %s: không so sánh với năm trước.",
			view_results_pred_text(a, d, u)));
	case SCORES_WHY_NEW:
		return value_string(a, "Đơn vị không có trong kết quả năm "
				    "trước: không so sánh.");
	case SCORES_WHY_CRITERIA:
		return value_string(a, "Bộ chỉ số thay đổi so với năm trước: "
				    "chỉ số không so sánh được; thứ hạng so "
				    "sánh giữa các đơn vị có cả hai năm.");
	case SCORES_WHY_NONE:
		break;
	}
	return NULL;
}

/* self, appraised, survey (NULL in a group without survey areas),
 * bonus and penalty: the columns that make a row add up to its total. */
static void view_results_sums(struct arena *a, struct value *v,
			      const struct scores_dataset *d,
			      const struct scores_unit *u)
{
	value_map_put(a, v, "self", view_results_points(a, u->self_sum));
	value_map_put(a, v, "appraised",
		      view_results_points(a, u->appraised_sum));
	view_results_put(a, v, "survey", d->groups[u->group].has_survey &&
			 !u->survey_not_held
			 ? view_results_points(a, u->survey_sum) : NULL);
	value_map_put(a, v, "survey_not_held",
		      value_bool(a, u->survey_not_held));
	value_map_put(a, v, "bonus", view_results_points(a, u->bonus));
	value_map_put(a, v, "penalty", view_results_points(a, u->penalty));
}

struct value *view_results_row(struct arena *a, const struct scores_dataset *d,
			       const struct scores_unit *u)
{
	struct value *v = value_map_new(a);
	value_map_put_string(a, v, "code", u->code);
	value_map_put_string(a, v, "name", u->name);
	value_map_put_string(a, v, "url", view_results_url(a, d, u));
	value_map_put(a, v, "ranked", value_bool(a, u->rank != 0));
	view_results_put(a, v, "rank", u->rank
			 ? value_int(a, (long long)u->rank) : NULL);
	value_map_put_string(a, v, "rank_text", u->rank
			     ? arena_printf(a, "%zu", u->rank) : "–");
	value_map_put(a, v, "tied", value_bool(a, view_results_tied(d, u)));
	value_map_put(a, v, "areas", view_results_row_areas(a, d, u));
	view_results_sums(a, v, d, u);
	value_map_put(a, v, "total", view_results_points(a, u->total));
	value_map_put(a, v, "max", view_results_points(a, u->max));
	value_map_put(a, v, "reduced_max", value_bool(a,
			u->max != d->groups[u->group].max));
	value_map_put(a, v, "index", view_results_number(a, u->index,
							 d->decimals));
	value_map_put_string(a, v, "band", scores_unit_band_name(d, u));
	value_map_put_string(a, v, "band_class",
			     view_results_band_class(a, u->band));
	/* classes sort by their order in xep_loai, best first, not by name */
	value_map_put_string(a, v, "band_order", u->band == SCORES_NONE ? ""
			     : arena_printf(a, "%zu", u->band));
	view_results_put(a, v, "change", view_results_change(a, d, &u->change));
	view_results_put(a, v, "change_note", view_results_change_note(a, d, u));
	view_results_put(a, v, "predecessors", view_results_predecessors(a, d,
								       u));
	view_results_put(a, v, "note", *u->note ? value_string(a, u->note)
						 : NULL);
	return v;
}

/* ---- a group: statistics, criteria, chart ---------------------------- */

/* {name, url, index} of a unit, or NULL for SCORES_NONE. */
static struct value *view_results_pick(struct arena *a,
				       const struct scores_dataset *d,
				       size_t unit)
{
	if (unit == SCORES_NONE)
		return NULL;
	const struct scores_unit *u = &d->units[unit];
	struct value *v = value_map_new(a);
	value_map_put_string(a, v, "name", u->name);
	value_map_put_string(a, v, "url", view_results_url(a, d, u));
	value_map_put(a, v, "index", view_results_number(a, u->index,
							 d->decimals));
	return v;
}

static struct value *view_results_counts(struct arena *a,
					 const struct scores_dataset *d,
					 const struct scores_group *g)
{
	struct value *list = value_list_new(a);
	for (size_t i = 0; i <= d->nbands; i++) {
		size_t count = i < d->nbands ? g->band_counts[i] : g->unclassed;
		if (i == d->nbands && !count)
			break;
		struct value *c = value_map_new(a);
		value_map_put_string(a, c, "name", i < d->nbands
				     ? d->bands[i].name : "Không xếp loại");
		value_map_put(a, c, "count", value_int(a, (long long)count));
		value_map_put_string(a, c, "class", view_results_band_class(a,
				     i < d->nbands ? i : SCORES_NONE));
		value_list_push(a, list, c);
	}
	return list;
}

static struct value *view_results_stats(struct arena *a,
					const struct scores_dataset *d,
					const struct scores_group *g)
{
	struct value *v = value_map_new(a);
	value_map_put(a, v, "counts", view_results_counts(a, d, g));
	value_map_put(a, v, "units", value_int(a, (long long)g->nunits));
	value_map_put(a, v, "ranked", value_int(a, (long long)g->nranked));
	view_results_put(a, v, "unranked", g->nunits > g->nranked
		? value_int(a, (long long)(g->nunits - g->nranked)) : NULL);
	view_results_put(a, v, "mean", g->has_mean ? view_results_number(a,
				g->mean_index, d->decimals) : NULL);
	view_results_put(a, v, "best", view_results_pick(a, d, g->best));
	view_results_put(a, v, "worst", view_results_pick(a, d, g->worst));
	return v;
}

/* {code, name, max, survey, children} of a criteria node and below. */
static struct value *view_results_node(struct arena *a,
				       const struct scores_node *n)
{
	struct value *v = value_map_new(a);
	value_map_put_string(a, v, "code", n->code);
	value_map_put_string(a, v, "name", n->name);
	value_map_put(a, v, "max", view_results_points(a, n->max));
	value_map_put(a, v, "survey", value_bool(a, n->source == SCORES_SURVEY));
	/* children is there even when empty, so a leaf's {{#children}}
	 * does not find its parent's */
	struct value *kids = value_list_new(a);
	for (size_t i = 0; i < n->nchildren; i++)
		value_list_push(a, kids, view_results_node(a, &n->children[i]));
	value_map_put(a, v, "children", kids);
	value_map_put(a, v, "has_children", value_bool(a, n->nchildren > 0));
	return v;
}

/* [{name, url, note}] of the units with a note, or NULL when none. */
static struct value *view_results_notes(struct arena *a,
					const struct scores_dataset *d,
					const struct scores_group *g)
{
	struct value *list = value_list_new(a);
	for (size_t i = 0; i < g->nunits; i++) {
		const struct scores_unit *u = &d->units[g->order[i]];
		if (!*u->note)
			continue;
		struct value *v = value_map_new(a);
		value_map_put_string(a, v, "name", u->name);
		value_map_put_string(a, v, "url", view_results_url(a, d, u));
		value_map_put_string(a, v, "note", u->note);
		value_list_push(a, list, v);
	}
	return list->count ? list : NULL;
}

/* The description a screen reader gives the chart of group g. */
static const char *view_results_chart_desc(struct arena *a,
					   const struct scores_dataset *d,
					   const struct scores_group *g)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "Biểu đồ cột ngang: chỉ số CCHC năm %ld của %zu đơn vị "
		   "%s, theo thứ tự trong bảng (đơn vị được xếp hạng, từ cao "
		   "xuống thấp", d->year, g->nunits, g->khoi);
	buf_puts(&b, g->nunits > g->nranked
		 ? "; đơn vị không xếp hạng ở cuối)." : ").");
	if (g->best != SCORES_NONE)
		buf_printf(&b, " Cao nhất: %s, %s %%; thấp nhất: %s, %s %%.",
			   d->units[g->best].name,
			   view_results_text(a, d->units[g->best].index,
					     d->decimals),
			   d->units[g->worst].name,
			   view_results_text(a, d->units[g->worst].index,
					     d->decimals));
	buf_puts(&b, " Đường nét đứt là ngưỡng xếp loại:");
	for (size_t i = 0; i < d->nbands; i++)
		buf_printf(&b, "%s %s từ %s", i ? "," : "", d->bands[i].name,
			   view_results_text(a, d->bands[i].from,
				view_results_exact_decimals(d->bands[i].from)));
	buf_puts(&b, ". Bảng phía trên có đủ các số liệu.");
	const char *s = arena_strdup(a, b.data);
	buf_dispose(&b);
	return s;
}

static const char *view_results_chart(struct arena *a,
				      const struct scores_dataset *d, size_t gi)
{
	const struct scores_group *g = &d->groups[gi];
	struct chart_bar *bars = arena_array(a, g->nunits + 1, sizeof *bars);
	struct chart_rule *rules = arena_array(a, d->nbands + 1, sizeof *rules);
	for (size_t i = 0; i < g->nunits; i++) {
		const struct scores_unit *u = &d->units[g->order[i]];
		bars[i] = (struct chart_bar){
			u->rank ? u->name : arena_printf(a, "%s (*)", u->name),
			u->index, view_results_text(a, u->index, d->decimals),
			u->band == SCORES_NONE ? CHART_NO_BAND : u->band,
		};
	}
	for (size_t i = 0; i < d->nbands; i++)
		rules[i] = (struct chart_rule){d->bands[i].from,
			view_results_text(a, d->bands[i].from,
				view_results_exact_decimals(d->bands[i].from))};
	struct buf b;
	buf_init(&b);
	chart_bars(&b, arena_printf(a, "bieu-do-%s", g->id),
		   arena_printf(a, "Chỉ số CCHC năm %ld – %s", d->year, g->khoi),
		   view_results_chart_desc(a, d, g), bars, g->nunits, rules,
		   d->nbands);
	const char *svg = arena_strdup(a, b.data);
	buf_dispose(&b);
	return svg;
}

static struct value *view_results_areas(struct arena *a,
					const struct scores_group *g)
{
	struct value *list = value_list_new(a);
	for (size_t i = 0; i < g->nareas; i++)
		value_list_push(a, list, view_results_node(a, &g->areas[i]));
	return list;
}

/* What the group's criteria set changed since last year, in words, or
 * NULL when it did not (or there is no last year). */
static struct value *view_results_criteria_change(struct arena *a,
						  const struct scores_dataset *d,
						  const struct scores_group *g)
{
	if (!d->prev || g->same_criteria || !g->has_prev)
		return NULL;
	const struct scores_group *pg = NULL;
	for (size_t i = 0; i < d->prev->ngroups && !pg; i++)
		if (strcmp(d->prev->groups[i].id, g->id) == 0)
			pg = &d->prev->groups[i];
	static const char *const noun[] = {"lĩnh vực", "tiêu chí",
					   "tiêu chí thành phần"};
	size_t n = scores_criteria_diff(g, pg, NULL, 0);
	struct scores_difference *diff = arena_array(a, n + 1, sizeof *diff);
	scores_criteria_diff(g, pg, diff, n);
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "Bộ chỉ số năm %ld của khối khác năm %ld: ", d->year,
		   d->prev->year);
	for (size_t i = 0; i < n; i++) {
		const struct scores_node *x = diff[i].now ? diff[i].now
							  : diff[i].then;
		buf_printf(&b, "%s%s %s (%s) ", i ? "; " : "", noun[x->level],
			   x->code, x->name);
		if (diff[i].kind == SCORES_DIFF_MAX)
			buf_printf(&b, "tối đa %s → %s",
				   view_results_text(a, diff[i].then->max,
					view_results_exact_decimals(diff[i].then->max)),
				   view_results_text(a, diff[i].now->max,
					view_results_exact_decimals(diff[i].now->max)));
		else
			buf_puts(&b, diff[i].kind == SCORES_DIFF_ADDED
				 ? "mới" : "không còn");
	}
	buf_printf(&b, ". Chỉ số không so sánh với năm %ld; thứ hạng so sánh "
		   "giữa các đơn vị có cả hai năm.", d->prev->year);
	struct value *v = value_string(a, b.data);
	buf_dispose(&b);
	return v;
}

static const char *const view_results_policy[] = {
	NULL,
	"Đơn vị không tổ chức điều tra xã hội học: chỉ số tính trên điểm "
	"thẩm định, quy đổi về thang 100 (các tiêu chí điều tra không tính "
	"vào điểm tối đa).",
	"Đơn vị không tổ chức điều tra xã hội học: các tiêu chí điều tra "
	"tính 0 điểm.",
};

/* [{name, url, note}] of the units whose change is missing, or NULL. */
static struct value *view_results_change_notes(struct arena *a,
					       const struct scores_dataset *d,
					       const struct scores_group *g)
{
	struct value *list = value_list_new(a);
	for (size_t i = 0; i < g->nunits; i++) {
		const struct scores_unit *u = &d->units[g->order[i]];
		struct value *note = view_results_change_note(a, d, u);
		if (!note || u->change.why == SCORES_WHY_CRITERIA)
			continue;
		struct value *v = value_map_new(a);
		value_map_put_string(a, v, "name", u->name);
		value_map_put_string(a, v, "url", view_results_url(a, d, u));
		value_map_put(a, v, "note", note);
		value_list_push(a, list, v);
	}
	return list->count ? list : NULL;
}

struct value *view_results_group(struct arena *a,
				 const struct scores_dataset *d, size_t gi)
{
	const struct scores_group *g = &d->groups[gi];
	struct value *v = value_map_new(a);
	value_map_put_string(a, v, "id", g->id);
	value_map_put_string(a, v, "name", g->khoi);
	value_map_put_string(a, v, "set_name", g->name);
	value_map_put_string(a, v, "anchor", arena_printf(a, "nhom-%s", g->id));
	value_map_put(a, v, "max", view_results_points(a, g->max));
	value_map_put(a, v, "areas", view_results_areas(a, g));
	value_map_put(a, v, "has_survey", value_bool(a, g->has_survey));
	view_results_put(a, v, "criteria_change",
			 view_results_criteria_change(a, d, g));
	view_results_put(a, v, "survey_policy", view_results_policy[g->no_survey]
			 ? value_string(a, view_results_policy[g->no_survey])
			 : NULL);
	struct value *changes = view_results_change_notes(a, d, g);
	view_results_put(a, v, "change_notes", changes);
	value_map_put(a, v, "has_change_notes", value_bool(a, changes != NULL));
	value_map_put_string(a, v, "csv_url", view_results_group_csv(a, d, g));
	struct value *rows = value_list_new(a);
	for (size_t i = 0; i < g->nunits; i++)
		value_list_push(a, rows, view_results_row(a, d,
						&d->units[g->order[i]]));
	value_map_put(a, v, "rows", rows);
	value_map_put(a, v, "stats", view_results_stats(a, d, g));
	struct value *notes = view_results_notes(a, d, g);
	view_results_put(a, v, "notes", notes);
	value_map_put(a, v, "has_notes", value_bool(a, notes != NULL));
	value_map_put_string(a, v, "chart", view_results_chart(a, d, gi));
	return v;
}

/* The group of shown (an earlier version of d) that is d's group gi. */
static size_t view_results_same_group(const struct scores_dataset *shown,
				      const struct scores_dataset *d, size_t gi)
{
	for (size_t i = 0; i < shown->ngroups; i++)
		if (strcmp(shown->groups[i].id, d->groups[gi].id) == 0)
			return i;
	return SCORES_NONE;
}

/* {number, date, version, missing} of the version an embed shows, or
 * NULL when it shows the current figures. */
static struct value *view_results_as_of(struct arena *a,
					const struct site *site,
					const struct scores_dataset *d,
					const struct scores_version *ver)
{
	if (!ver || ver == &d->versions[d->nversions - 1])
		return NULL;
	struct value *v = view_results_act(a, site, ver->number, ver->date,
					   ver->file);
	value_map_put(a, v, "version", value_int(a, (long long)(ver -
						 d->versions) + 1));
	value_map_put(a, v, "missing", value_bool(a, ver->data == NULL));
	const struct scores_version *last = &d->versions[d->nversions - 1];
	value_map_put(a, v, "corrected_by", view_results_act(a, site,
		      last->number, last->date, last->file));
	return v;
}

struct value *view_results_embed(struct arena *a, const struct site *site,
				 const struct scores_dataset *d, size_t gi,
				 size_t top, const char *date)
{
	const struct scores_version *ver = NULL;
	const struct scores_dataset *shown = scores_as_of(d, date, &ver);
	struct value *as_of = view_results_as_of(a, site, d, ver);
	size_t sgi = view_results_same_group(shown, d, gi);
	if (sgi == SCORES_NONE) {
		shown = d;
		sgi = gi;
	}
	struct value *v = view_results_dataset(a, site, d);
	view_results_put(a, v, "as_of", as_of);
	d = shown;
	gi = sgi;
	const struct scores_group *g = &d->groups[gi];
	struct value *group = value_map_new(a);
	value_map_put_string(a, group, "id", g->id);
	value_map_put_string(a, group, "name", g->khoi);
	value_map_put_string(a, group, "url", arena_printf(a, "%s#nhom-%s",
			     view_results_url(a, d, NULL), g->id));
	value_map_put(a, v, "group", group);
	struct value *rows = value_list_new(a);
	size_t i = 0;
	for (; i < g->nranked && d->units[g->order[i]].rank <= top; i++)
		value_list_push(a, rows, view_results_row(a, d,
						&d->units[g->order[i]]));
	value_map_put(a, v, "rows", rows);
	value_map_put(a, v, "top", value_int(a, (long long)top));
	value_map_put(a, v, "more", value_bool(a, i < g->nunits));
	return v;
}

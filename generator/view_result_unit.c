/* view_result_unit: the view of one unit's page: its points per
 * criterion, the index of each area, and its history across the years
 * (see view_results.h). */
#include "view_results.h"

#include <string.h>

#include "buf.h"
#include "chart.h"
#include "results.h"

/* ---- criteria -------------------------------------------------------- */

static bool view_unit_has_self(const struct scores_unit *u,
			       const struct scores_node *n)
{
	for (size_t i = n->first_leaf; i < n->first_leaf + n->nleaves; i++)
		if (u->points[i].has_self && !u->points[i].not_applicable)
			return true;
	return false;
}

/* Adds max, self, points, lost (and na) of node n for unit u to v. */
static void view_unit_scores(struct arena *a, struct value *v,
			     const struct scores_unit *u,
			     const struct scores_node *n)
{
	int64_t max = scores_node_max(u, n);
	int64_t points = scores_node_points(u, n);
	bool na = max == 0 && n->max > 0;
	bool not_held = false;
	for (size_t i = n->first_leaf; i < n->first_leaf + n->nleaves; i++)
		not_held |= u->points[i].not_held;
	value_map_put(a, v, "not_held", value_bool(a, not_held));
	value_map_put(a, v, "max", view_results_points(a, n->max));
	value_map_put(a, v, "na", value_bool(a, na));
	view_results_put(a, v, "applicable_max", max != n->max && !na
			 ? view_results_points(a, max) : NULL);
	view_results_put(a, v, "self", !na && view_unit_has_self(u, n)
			 ? view_results_points(a, scores_node_self(u, n)) : NULL);
	view_results_put(a, v, "points", na ? NULL
			 : view_results_points(a, points));
	view_results_put(a, v, "lost", na ? NULL
			 : view_results_points(a, max - points));
	value_map_put(a, v, "has_lost", value_bool(a, !na && max > points));
}

/* One row of the criteria table, then the rows of its children. */
static void view_unit_rows(struct arena *a, struct value *rows,
			   const struct scores_unit *u,
			   const struct scores_node *n)
{
	struct value *v = value_map_new(a);
	value_map_put_string(a, v, "level", n->level == SCORES_SUB
			     ? "sub" : "criterion");
	value_map_put_string(a, v, "code", n->code);
	value_map_put_string(a, v, "name", n->name);
	value_map_put(a, v, "leaf", value_bool(a, n->nchildren == 0));
	value_map_put(a, v, "survey", value_bool(a, n->source == SCORES_SURVEY));
	view_unit_scores(a, v, u, n);
	value_list_push(a, rows, v);
	for (size_t i = 0; i < n->nchildren; i++)
		view_unit_rows(a, rows, u, &n->children[i]);
}

static struct value *view_unit_area(struct arena *a,
				    const struct scores_dataset *d,
				    const struct scores_unit *u, size_t i)
{
	const struct scores_node *n = &d->groups[u->group].areas[i];
	struct value *v = value_map_new(a);
	value_map_put_string(a, v, "code", n->code);
	value_map_put_string(a, v, "name", n->name);
	value_map_put(a, v, "survey", value_bool(a, n->source == SCORES_SURVEY));
	view_unit_scores(a, v, u, n);
	view_results_put(a, v, "index", u->area_max[i] ? view_results_number(a,
			 u->area_index[i], d->decimals) : NULL);
	struct value *rows = value_list_new(a);
	for (size_t c = 0; c < n->nchildren; c++)
		view_unit_rows(a, rows, u, &n->children[c]);
	value_map_put(a, v, "rows", rows);
	return v;
}

/* ---- history --------------------------------------------------------- */

/* One year of a unit's history. */
struct view_unit_year {
	long year;
	int64_t index;
	size_t rank;
	const struct scores_dataset *d;     /* NULL: last year's published
					       figures (nam_truoc) */
	const struct scores_unit *u;
};

/* The years of d's series that hold the unit, oldest first, then the
 * oldest one's nam_truoc when no dataset covers that year.  Returns how
 * many (at most site->dataset_count + 1). */
static size_t view_unit_years(const struct site *site,
			      const struct scores_dataset *d,
			      const struct scores_unit *u,
			      struct view_unit_year *out)
{
	size_t n = 0;
	/* site->datasets is newest first: walk it backwards */
	for (size_t i = site->dataset_count; i-- > 0;) {
		const struct scores_dataset *s = site->datasets[i];
		const struct scores_unit *su;
		if (strcmp(s->series, d->series) != 0 ||
		    (n && out[n - 1].year == s->year) ||
		    !(su = scores_find_unit(s, u->code)))
			continue;
		out[n++] = (struct view_unit_year){s->year, su->index, su->rank,
						   s, su};
	}
	if (n && out[0].u->has_last) {
		memmove(out + 1, out, n * sizeof *out);
		out[0] = (struct view_unit_year){out[1].year - 1,
			out[1].u->last_index, out[1].u->last_rank, NULL, NULL};
		n++;
	}
	return n;
}

static struct value *view_unit_year(struct arena *a,
				    const struct scores_dataset *current,
				    const struct view_unit_year *y)
{
	struct value *v = value_map_new(a);
	int decimals = y->d ? y->d->decimals : current->decimals;
	value_map_put(a, v, "year", value_int(a, y->year));
	value_map_put(a, v, "index", view_results_number(a, y->index,
							 decimals));
	value_map_put_string(a, v, "rank_text", y->rank
			     ? arena_printf(a, "%zu", y->rank) : "–");
	value_map_put(a, v, "current", value_bool(a, y->d == current));
	value_map_put(a, v, "published", value_bool(a, !y->d));
	const char *band = y->d ? scores_unit_band_name(y->d, y->u) : "";
	view_results_put(a, v, "band", *band ? value_string(a, band) : NULL);
	view_results_put(a, v, "url", y->d && y->d != current ? value_string(a,
			 view_results_url(a, y->d, y->u)) : NULL);
	return v;
}

static const char *view_unit_chart(struct arena *a,
				   const struct scores_dataset *d,
				   const struct scores_unit *u,
				   const struct view_unit_year *years, size_t n)
{
	struct chart_point *pts = arena_array(a, n + 1, sizeof *pts);
	struct chart_rule *rules = arena_array(a, d->nbands + 1, sizeof *rules);
	struct buf desc;
	buf_init(&desc);
	buf_printf(&desc, "Biểu đồ đường: chỉ số CCHC của %s qua %zu năm.",
		   u->name, n);
	for (size_t i = 0; i < n; i++) {
		struct value *num = view_results_number(a, years[i].index,
							d->decimals);
		const char *text = value_map_get(num, "text")->str;
		pts[i] = (struct chart_point){arena_printf(a, "%ld",
			years[i].year), years[i].year, years[i].index, text};
		buf_printf(&desc, " Năm %ld: %s %%.", years[i].year, text);
	}
	buf_puts(&desc, " Bảng bên dưới có cùng số liệu.");
	for (size_t i = 0; i < d->nbands; i++)
		rules[i] = (struct chart_rule){d->bands[i].from, d->bands[i].name};
	struct buf b;
	buf_init(&b);
	chart_line(&b, "bieu-do-lich-su", arena_printf(a, "Chỉ số CCHC của %s "
		   "qua các năm", u->name), desc.data, pts, n, rules, d->nbands);
	const char *svg = arena_strdup(a, b.data);
	buf_dispose(&b);
	buf_dispose(&desc);
	return svg;
}

static void view_unit_history(struct arena *a, struct value *v,
			      const struct site *site,
			      const struct scores_dataset *d,
			      const struct scores_unit *u)
{
	struct view_unit_year *years = arena_array(a, site->dataset_count + 2,
						   sizeof *years);
	size_t n = view_unit_years(site, d, u, years);
	struct value *list = value_list_new(a);
	for (size_t i = 0; i < n; i++)
		value_list_push(a, list, view_unit_year(a, d, &years[i]));
	value_map_put(a, v, "history", list);
	value_map_put(a, v, "has_history", value_bool(a, n > 1));
	view_results_put(a, v, "history_chart", n > 1 ? value_string(a,
			 view_unit_chart(a, d, u, years, n)) : NULL);
}

/* ---- the unit -------------------------------------------------------- */

static struct value *view_unit_group(struct arena *a,
				     const struct scores_dataset *d,
				     const struct scores_group *g)
{
	struct value *v = value_map_new(a);
	value_map_put_string(a, v, "id", g->id);
	value_map_put_string(a, v, "name", g->khoi);
	value_map_put_string(a, v, "set_name", g->name);
	value_map_put_string(a, v, "url", arena_printf(a, "%s#nhom-%s",
			     view_results_url(a, d, NULL), g->id));
	value_map_put(a, v, "ranked", value_int(a, (long long)g->nranked));
	value_map_put(a, v, "max", view_results_points(a, g->max));
	value_map_put(a, v, "has_survey", value_bool(a, g->has_survey));
	static const char *const policy[] = {
		"",
		"chỉ số tính trên điểm thẩm định, quy đổi về thang 100",
		"các tiêu chí điều tra tính 0 điểm",
	};
	value_map_put_string(a, v, "survey_policy", policy[g->no_survey]);
	return v;
}

/* The applicable maximum of the unit's appraised and survey leaves. */
static void view_unit_source_max(const struct scores_unit *u,
				 const struct scores_group *g,
				 int64_t *appraised, int64_t *survey)
{
	*appraised = *survey = 0;
	for (size_t i = 0; i < g->nleaves; i++)
		if (!u->points[i].not_applicable)
			*(g->leaves[i]->source == SCORES_SURVEY ? survey
				: appraised) += g->leaves[i]->max;
}

/* The sums of the unit page's last rows: self-assessed beside appraised
 * over the same criteria, then the survey, bonus and penalty. */
static void view_unit_sums(struct arena *a, struct value *v,
			   const struct scores_group *g,
			   const struct scores_unit *u)
{
	int64_t appraised_max, survey_max;
	view_unit_source_max(u, g, &appraised_max, &survey_max);
	value_map_put(a, v, "appraised_max",
		      view_results_points(a, appraised_max));
	value_map_put(a, v, "appraised_lost",
		      view_results_points(a, appraised_max - u->appraised_sum));
	view_results_put(a, v, "survey_max", g->has_survey
			 ? view_results_points(a, survey_max) : NULL);
	view_results_put(a, v, "survey_lost", g->has_survey
			 ? view_results_points(a, survey_max - u->survey_sum)
			 : NULL);
}

struct value *view_results_unit(struct arena *a, const struct site *site,
				const struct scores_dataset *d,
				const struct scores_unit *u)
{
	const struct scores_group *g = &d->groups[u->group];
	struct value *v = view_results_row(a, d, u);
	value_map_put(a, v, "group", view_unit_group(a, d, g));
	value_map_put(a, v, "points", view_results_points(a, u->points_sum));
	value_map_put(a, v, "lost", view_results_points(a, u->max - u->total));
	value_map_put(a, v, "has_lost", value_bool(a, u->max > u->total));
	/* the row's bonus and penalty are there, 0 included */
	value_map_put(a, v, "has_bonus", value_bool(a, u->bonus > 0));
	value_map_put(a, v, "has_penalty", value_bool(a, u->penalty > 0));
	view_unit_sums(a, v, g, u);
	struct value *areas = value_list_new(a);
	for (size_t i = 0; i < g->nareas; i++)
		value_list_push(a, areas, view_unit_area(a, d, u, i));
	value_map_put(a, v, "criteria", areas);
	view_unit_history(a, v, site, d, u);
	return v;
}

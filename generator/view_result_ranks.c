/* view_result_ranks: a group's ranks across the years of its series, as a
 * chart and as the table that carries the same numbers (see
 * view_results.h).  A unit's line follows it by its ma, and through a
 * rename (one tien_than); a unit formed by a merger starts a line of its
 * own, and the units merged away end theirs. */
#include "view_results.h"

#include <string.h>

#include "buf.h"
#include "chart.h"

struct view_rank_track {
	const char *code;             /* its ma in the newest year seen */
	const char *name;
	const char *url;
	size_t *ranks;                /* per year; 0: none */
};

/* The datasets of d's series up to d's year that have d's group gi,
 * oldest first; returns how many. */
static size_t view_rank_years(const struct site *site,
			      const struct scores_dataset *d, size_t gi,
			      const struct scores_dataset **out)
{
	size_t n = 0;
	for (size_t i = site->dataset_count; i-- > 0;) {
		const struct scores_dataset *s = site->datasets[i];
		if (strcmp(s->series, d->series) != 0 || s->year > d->year ||
		    (n && out[n - 1]->year == s->year))
			continue;
		for (size_t g = 0; g < s->ngroups; g++)
			if (strcmp(s->groups[g].id, d->groups[gi].id) == 0) {
				out[n++] = s;
				break;
			}
	}
	return n;
}

static size_t view_rank_find(const struct view_rank_track *t, size_t n,
			     const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return i;
	return SCORES_NONE;
}

/* Every unit of the group in any of years[0..ny), as tracks. */
static size_t view_rank_tracks(struct arena *a,
			       const struct scores_dataset *const *years,
			       size_t ny, const char *group,
			       struct view_rank_track **out)
{
	size_t cap = 0, n = 0;
	for (size_t y = 0; y < ny; y++)
		cap += years[y]->nunits;
	struct view_rank_track *t = arena_array(a, cap + 1, sizeof *t);
	for (size_t y = 0; y < ny; y++) {
		const struct scores_dataset *s = years[y];
		for (size_t i = 0; i < s->nunits; i++) {
			const struct scores_unit *u = &s->units[i];
			if (strcmp(s->groups[u->group].id, group) != 0)
				continue;
			const char *was = u->pred.n == 1 ? u->pred.codes[0]
							  : u->code;
			size_t k = view_rank_find(t, n, was);
			if (k == SCORES_NONE || u->pred.n > 1) {
				k = n++;
				t[k].ranks = arena_array(a, ny, sizeof *t[k].ranks);
			}
			t[k].code = u->code;
			t[k].name = u->name;
			t[k].url = view_results_url(a, s, u);
			t[k].ranks[y] = u->rank;
		}
	}
	*out = t;
	return n;
}

static const char *view_rank_desc(struct arena *a, const char *khoi,
				  const struct scores_dataset *const *years,
				  size_t ny, const struct view_rank_track *t,
				  size_t n)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "Biểu đồ thứ hạng của các đơn vị %s qua các năm %ld–%ld, "
		   "hạng 1 ở trên cùng.", khoi, years[0]->year,
		   years[ny - 1]->year);
	for (size_t i = 0; i < n; i++) {
		const char *sep = ": ";
		for (size_t y = 0; y < ny; y++)
			if (t[i].ranks[y]) {
				if (sep[0] == ':')
					buf_printf(&b, " %s", t[i].name);
				buf_printf(&b, "%snăm %ld hạng %zu", sep,
					   years[y]->year, t[i].ranks[y]);
				sep = ", ";
			}
		if (sep[0] == ',')
			buf_putc(&b, '.');
	}
	buf_puts(&b, " Bảng bên dưới có cùng số liệu.");
	const char *s = arena_strdup(a, b.data);
	buf_dispose(&b);
	return s;
}

static const char *view_rank_chart(struct arena *a,
				   const struct scores_dataset *d, size_t gi,
				   const struct scores_dataset *const *years,
				   size_t ny, const struct view_rank_track *t,
				   size_t n)
{
	const char **columns = arena_array(a, ny, sizeof *columns);
	struct chart_track *tracks = arena_array(a, n + 1, sizeof *tracks);
	size_t max_rank = 0;
	for (size_t y = 0; y < ny; y++) {
		columns[y] = arena_printf(a, "%ld", years[y]->year);
		size_t ranked = 0;
		for (size_t i = 0; i < n; i++) {
			ranked += t[i].ranks[y] != 0;
			if (t[i].ranks[y] > max_rank)
				max_rank = t[i].ranks[y];
		}
		if (ranked > max_rank)
			max_rank = ranked;
	}
	size_t nt = 0;   /* units never ranked draw nothing */
	for (size_t i = 0; i < n; i++)
		for (size_t y = 0; y < ny; y++)
			if (t[i].ranks[y]) {
				tracks[nt++] = (struct chart_track){t[i].name,
								    t[i].ranks};
				break;
			}
	const struct scores_group *g = &d->groups[gi];
	struct buf b;
	buf_init(&b);
	chart_ranks(&b, arena_printf(a, "bieu-do-hang-%s", g->id),
		    arena_printf(a, "Thứ hạng qua các năm – %s", g->khoi),
		    view_rank_desc(a, g->khoi, years, ny, t, n), columns, ny,
		    tracks, nt, max_rank);
	const char *svg = arena_strdup(a, b.data);
	buf_dispose(&b);
	return svg;
}

/* {years: [year], rows: [{name, url, ranks: [{text}]}]}: the table. */
static struct value *view_rank_table(struct arena *a,
				     const struct scores_dataset *const *years,
				     size_t ny, const struct view_rank_track *t,
				     size_t n)
{
	struct value *v = value_map_new(a);
	struct value *ys = value_list_new(a);
	for (size_t y = 0; y < ny; y++)
		value_list_push(a, ys, value_int(a, years[y]->year));
	value_map_put(a, v, "years", ys);
	struct value *rows = value_list_new(a);
	for (size_t i = 0; i < n; i++) {
		struct value *r = value_map_new(a);
		value_map_put_string(a, r, "name", t[i].name);
		value_map_put_string(a, r, "url", t[i].url);
		struct value *ranks = value_list_new(a);
		for (size_t y = 0; y < ny; y++) {
			struct value *c = value_map_new(a);
			value_map_put_string(a, c, "text", t[i].ranks[y]
				? arena_printf(a, "%zu", t[i].ranks[y]) : "–");
			value_list_push(a, ranks, c);
		}
		value_map_put(a, r, "ranks", ranks);
		value_list_push(a, rows, r);
	}
	value_map_put(a, v, "rows", rows);
	return v;
}

struct value *view_results_rank_history(struct arena *a,
					const struct site *site,
					const struct scores_dataset *d,
					size_t gi)
{
	const struct scores_dataset **years = arena_array(a,
		site->dataset_count + 1, sizeof *years);
	size_t ny = view_rank_years(site, d, gi, years);
	if (ny < 2)
		return NULL;
	struct view_rank_track *t;
	size_t n = view_rank_tracks(a, years, ny, d->groups[gi].id, &t);
	struct value *v = view_rank_table(a, years, ny, t, n);
	value_map_put_string(a, v, "chart", view_rank_chart(a, d, gi, years,
							     ny, t, n));
	return v;
}

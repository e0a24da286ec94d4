/* scores_compute: totals, indexes, ranks, classes and year-over-year
 * change of a loaded dataset, all in exact integer thousandths.
 *
 * Division happens once per index, with rounding half up done in
 * integers: index = total * 100 / max, to d->decimals places.  total and
 * max are at most SCORES_MAX_NUMBER * SCORES_SCALE (1e9), so the largest
 * intermediate, 2 * total * 100 * 10^3, stays below 2e14. */
#include "scores.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

static int64_t scores_pow10(int n)
{
	int64_t p = 1;
	while (n-- > 0)
		p *= 10;
	return p;
}

/* num / den * 100 as an index in thousandths, rounded half up to
 * decimals places; 0 when den is not positive. */
static int64_t scores_ratio(int64_t num, int64_t den, int decimals)
{
	if (den <= 0 || num <= 0)
		return 0;
	int64_t p = scores_pow10(decimals);
	int64_t q = (2 * num * 100 * p + den) / (2 * den);
	return q * (SCORES_SCALE / p);
}

int64_t scores_node_points(const struct scores_unit *u,
			   const struct scores_node *n)
{
	int64_t sum = 0;
	for (size_t i = n->first_leaf; i < n->first_leaf + n->nleaves; i++)
		if (!u->points[i].not_applicable)
			sum += u->points[i].points;
	return sum;
}

int64_t scores_node_self(const struct scores_unit *u,
			 const struct scores_node *n)
{
	int64_t sum = 0;
	for (size_t i = n->first_leaf; i < n->first_leaf + n->nleaves; i++)
		if (!u->points[i].not_applicable && u->points[i].has_self)
			sum += u->points[i].self;
	return sum;
}

/* Children's maxima add up to their parent's (checked when loading), so
 * the applicable maximum is the sum over the applicable leaves. */
int64_t scores_node_max(const struct scores_unit *u,
			const struct scores_node *n)
{
	if (n->nchildren == 0)
		return u->points[n->first_leaf].not_applicable ? 0 : n->max;
	int64_t max = 0;
	for (size_t i = 0; i < n->nchildren; i++)
		max += scores_node_max(u, &n->children[i]);
	return max;
}

const char *scores_unit_band_name(const struct scores_dataset *d,
				  const struct scores_unit *u)
{
	return u->band == SCORES_NONE ? "" : d->bands[u->band].name;
}

/* Adds the node's points to the unit's self-assessed, appraised or
 * survey sum, leaf by leaf (nguon may change below an area). */
static void scores_split_sums(struct scores_unit *u,
			      const struct scores_node *n)
{
	if (n->nchildren == 0) {
		const struct scores_points *p = &u->points[n->first_leaf];
		if (p->not_applicable)
			return;
		if (n->source == SCORES_SURVEY) {
			u->survey_sum += p->points;
			return;
		}
		u->appraised_sum += p->points;
		if (p->has_self)
			u->self_sum += p->self;
		return;
	}
	for (size_t i = 0; i < n->nchildren; i++)
		scores_split_sums(u, &n->children[i]);
}

static void scores_compute_unit(struct arena *a, struct scores_dataset *d,
				struct scores_unit *u)
{
	const struct scores_group *g = &d->groups[u->group];
	u->points_sum = u->self_sum = u->appraised_sum = u->survey_sum = 0;
	u->max = 0;
	u->area_points = arena_array(a, g->nareas + 1, sizeof *u->area_points);
	u->area_max = arena_array(a, g->nareas + 1, sizeof *u->area_max);
	u->area_index = arena_array(a, g->nareas + 1, sizeof *u->area_index);
	for (size_t i = 0; i < g->nareas; i++) {
		const struct scores_node *area = &g->areas[i];
		u->area_points[i] = scores_node_points(u, area);
		u->area_max[i] = scores_node_max(u, area);
		u->area_index[i] = scores_ratio(u->area_points[i], u->area_max[i],
						d->decimals);
		u->points_sum += u->area_points[i];
		u->max += u->area_max[i];
		scores_split_sums(u, area);
	}
	int64_t total = u->points_sum + u->bonus - u->penalty;
	u->total = total < 0 ? 0 : total > u->max ? u->max : total;
	u->index = scores_ratio(u->total, u->max, d->decimals);
	u->band = SCORES_NONE;
	for (size_t i = 0; i < d->nbands && u->band == SCORES_NONE; i++)
		if (u->index >= d->bands[i].from)
			u->band = i;
}

/* Table order: ranked units first, by index descending, ties in file
 * order; then units that are not ranked, sorted the same way. */
struct scores_sort_key {
	bool ranked;
	int64_t index;
	size_t unit;
};

static int scores_order_cmp(const void *pa, const void *pb)
{
	const struct scores_sort_key *a = pa, *b = pb;
	if (a->ranked != b->ranked)
		return a->ranked ? -1 : 1;
	if (a->index != b->index)
		return a->index > b->index ? -1 : 1;
	return a->unit < b->unit ? -1 : a->unit > b->unit;
}

/* Competition ranks (1, 2, 2, 4) by rounded index, in table order. */
static void scores_rank_group(struct arena *a, struct scores_dataset *d,
			      size_t gi)
{
	struct scores_group *g = &d->groups[gi];
	struct scores_sort_key *keys = xcalloc(d->nunits + 1, sizeof *keys);
	size_t n = 0;
	for (size_t i = 0; i < d->nunits; i++)
		if (d->units[i].group == gi)
			keys[n++] = (struct scores_sort_key){
				d->units[i].ranked, d->units[i].index, i};
	qsort(keys, n, sizeof *keys, scores_order_cmp);
	g->order = arena_array(a, n + 1, sizeof *g->order);
	g->nunits = n;
	g->nranked = 0;
	for (size_t i = 0; i < n; i++) {
		struct scores_unit *u = &d->units[keys[i].unit];
		g->order[i] = keys[i].unit;
		u->rank = 0;
		if (!u->ranked)
			continue;
		const struct scores_unit *prev =
			i ? &d->units[keys[i - 1].unit] : NULL;
		u->rank = prev && prev->index == u->index ? prev->rank : i + 1;
		g->nranked++;
	}
	free(keys);
}

/* Counts per class, mean of every unit's index, best and worst ranked. */
static void scores_group_stats(struct arena *a, struct scores_dataset *d,
			       struct scores_group *g)
{
	g->band_counts = arena_array(a, d->nbands + 1, sizeof *g->band_counts);
	g->unclassed = 0;
	int64_t sum = 0;
	for (size_t i = 0; i < g->nunits; i++) {
		const struct scores_unit *u = &d->units[g->order[i]];
		if (u->band == SCORES_NONE)
			g->unclassed++;
		else
			g->band_counts[u->band]++;
		sum += u->index;
	}
	/* Indexes are whole multiples of step, so the mean rounds exactly. */
	int64_t step = SCORES_SCALE / scores_pow10(d->decimals);
	int64_t n = (int64_t)g->nunits;
	g->has_mean = n > 0;
	g->mean_index = n ? (2 * (sum / step) + n) / (2 * n) * step : 0;
	g->best = g->nranked ? g->order[0] : SCORES_NONE;
	g->worst = g->nranked ? g->order[g->nranked - 1] : SCORES_NONE;
}

static void scores_change_set(struct scores_change *c, int64_t index_now,
			      size_t rank_now, int64_t index_then,
			      size_t rank_then)
{
	c->has = true;
	c->index_delta = index_now - index_then;
	c->has_places = rank_now && rank_then;
	c->places = c->has_places ? (long)rank_then - (long)rank_now : 0;
}

void scores_change_from_last(struct scores_unit *u)
{
	memset(&u->change, 0, sizeof u->change);
	if (u->has_last)
		scores_change_set(&u->change, u->index, u->rank, u->last_index,
				  u->last_rank);
}

void scores_compute(struct arena *a, struct scores_dataset *d)
{
	for (size_t i = 0; i < d->nunits; i++)
		scores_compute_unit(a, d, &d->units[i]);
	for (size_t i = 0; i < d->ngroups; i++) {
		scores_rank_group(a, d, i);
		scores_group_stats(a, d, &d->groups[i]);
	}
	for (size_t i = 0; i < d->nunits; i++)
		scores_change_from_last(&d->units[i]);
	scores_annex_build(a, d);
}

const struct scores_dataset *scores_find_previous(
	const struct scores_dataset *const *all, size_t n,
	const struct scores_dataset *d)
{
	for (size_t i = 0; i < n; i++)
		if (all[i] != d && all[i]->year == d->year - 1 &&
		    strcmp(all[i]->series, d->series) == 0)
			return all[i];
	return NULL;
}

/* scores_compare: one year against the year before (see scores.h):
 * which criteria compare (codes through the ma_cu crosswalk, maxima),
 * which unit continues which (the same ma, or its tien_than), and the
 * change of index and of places among the units of both years. */
#include "scores.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* ---- criteria sets ---------------------------------------------------- */

struct scores_nodes {
	const struct scores_node **items;
	size_t n, cap;
};

static void scores_nodes_add(struct scores_nodes *l, const struct scores_node *n)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->items = xreallocarray(l->items, l->cap, sizeof *l->items);
	}
	l->items[l->n++] = n;
	for (size_t i = 0; i < n->nchildren; i++)
		scores_nodes_add(l, &n->children[i]);
}

static void scores_nodes_of(struct scores_nodes *l, const struct scores_group *g)
{
	memset(l, 0, sizeof *l);
	for (size_t i = 0; i < g->nareas; i++)
		scores_nodes_add(l, &g->areas[i]);
}

static void scores_diff_put(struct scores_difference *out, size_t cap,
			    size_t *n, enum scores_difference_kind kind,
			    const struct scores_node *now,
			    const struct scores_node *then)
{
	if (*n < cap)
		out[*n] = (struct scores_difference){kind, now, then};
	(*n)++;
}

size_t scores_criteria_diff(const struct scores_group *now,
			    const struct scores_group *then,
			    struct scores_difference *out, size_t cap)
{
	struct scores_nodes a, b;
	scores_nodes_of(&a, now);
	scores_nodes_of(&b, then);
	bool *matched = xcalloc(b.n + 1, sizeof *matched);
	size_t n = 0;
	for (size_t i = 0; i < a.n; i++) {
		const struct scores_node *x = a.items[i];
		const char *key = x->old_code ? x->old_code : x->code;
		size_t j = 0;
		while (j < b.n && (matched[j] || strcmp(b.items[j]->code, key)))
			j++;
		if (j == b.n) {
			scores_diff_put(out, cap, &n, SCORES_DIFF_ADDED, x, NULL);
			continue;
		}
		matched[j] = true;
		if (b.items[j]->max != x->max)
			scores_diff_put(out, cap, &n, SCORES_DIFF_MAX, x,
					b.items[j]);
	}
	for (size_t j = 0; j < b.n; j++)
		if (!matched[j])
			scores_diff_put(out, cap, &n, SCORES_DIFF_REMOVED, NULL,
					b.items[j]);
	free(matched);
	free(a.items);
	free(b.items);
	return n;
}

static const struct scores_group *scores_group_named(
	const struct scores_dataset *d, const char *id)
{
	for (size_t i = 0; i < d->ngroups; i++)
		if (strcmp(d->groups[i].id, id) == 0)
			return &d->groups[i];
	return NULL;
}

/* ---- units ------------------------------------------------------------ */

static int scores_unit_code_cmp(const void *pa, const void *pb)
{
	const struct scores_unit *const *a = pa, *const *b = pb;
	return strcmp((*a)->code, (*b)->code);
}

static const struct scores_unit *scores_unit_find(
	const struct scores_unit **sorted, size_t n, const char *code)
{
	struct scores_unit key = {.code = code};
	const struct scores_unit *pk = &key;
	const struct scores_unit **hit = bsearch(&pk, sorted, n, sizeof *sorted,
						 scores_unit_code_cmp);
	return hit ? *hit : NULL;
}

/* Last year's figures of u from its predecessor in prev. */
static void scores_change_from_prev(struct scores_unit *u,
				    const struct scores_dataset *now,
				    const struct scores_dataset *prev,
				    const struct scores_unit **sorted)
{
	if (u->pred.n > 1) {
		memset(&u->change, 0, sizeof u->change);
		u->change.why = SCORES_WHY_MERGED;
		return;
	}
	const char *code = u->pred.n == 1 ? u->pred.codes[0] : u->code;
	const struct scores_unit *p = scores_unit_find(sorted, prev->nunits,
						       code);
	if (!p) {
		if (!u->change.has)
			u->change.why = SCORES_WHY_NEW;
		return;
	}
	const struct scores_group *g = &now->groups[u->group];
	bool same_group = strcmp(prev->groups[p->group].id, g->id) == 0;
	memset(&u->change, 0, sizeof u->change);
	u->change.then = p;
	if (same_group && g->has_prev && !g->same_criteria) {
		u->change.why = SCORES_WHY_CRITERIA;
		return;
	}
	u->change.has = true;
	u->change.index_delta = u->index - p->index;
}

/* One unit of a group present in both years, with both ranks. */
struct scores_common {
	struct scores_unit *u;
	int64_t index;                /* now, then in turn */
	size_t rank_now;
};

static int scores_common_cmp(const void *pa, const void *pb)
{
	const struct scores_common *a = pa, *b = pb;
	return a->index > b->index ? -1 : a->index < b->index;
}

/* Competition ranks (1, 2, 2, 4) of c[0..n) by index, sorted in place. */
static void scores_common_rank(struct scores_common *c, size_t n,
			       size_t *ranks)
{
	qsort(c, n, sizeof *c, scores_common_cmp);
	for (size_t i = 0; i < n; i++)
		ranks[i] = i && c[i].index == c[i - 1].index ? ranks[i - 1]
							     : i + 1;
}

/* Places of the ranked units of group gi that were ranked in the same
 * group last year, ranked anew among themselves in both years, so that
 * units merged away or newly formed move nobody. */
static void scores_common_places(struct scores_dataset *now, size_t gi,
				 const struct scores_dataset *prev)
{
	struct scores_common *c = xcalloc(now->nunits + 1, sizeof *c);
	size_t *ranks = xcalloc(now->nunits + 1, sizeof *ranks);
	size_t n = 0;
	for (size_t i = 0; i < now->nunits; i++) {
		struct scores_unit *u = &now->units[i];
		const struct scores_unit *p = u->change.then;
		if (u->group == gi && u->rank && p && p->rank &&
		    strcmp(prev->groups[p->group].id, now->groups[gi].id) == 0)
			c[n++] = (struct scores_common){u, u->index, 0};
	}
	scores_common_rank(c, n, ranks);
	for (size_t i = 0; i < n; i++) {
		c[i].rank_now = ranks[i];
		c[i].index = c[i].u->change.then->index;
	}
	scores_common_rank(c, n, ranks);
	for (size_t i = 0; i < n; i++) {
		c[i].u->change.has_places = true;
		c[i].u->change.places = (long)ranks[i] - (long)c[i].rank_now;
	}
	free(ranks);
	free(c);
}

static void scores_link_groups(struct scores_dataset *now,
			       const struct scores_dataset *prev)
{
	for (size_t i = 0; i < now->ngroups; i++) {
		struct scores_group *g = &now->groups[i];
		const struct scores_group *pg = prev
			? scores_group_named(prev, g->id) : NULL;
		g->has_prev = pg != NULL;
		g->same_criteria = !pg || scores_criteria_diff(g, pg, NULL, 0) == 0;
	}
}

int scores_link_previous(struct scores_dataset *now,
			 const struct scores_dataset *prev)
{
	if (prev && (strcmp(prev->series, now->series) != 0 ||
		     prev->year >= now->year))
		return -1;
	now->prev = prev;
	scores_link_groups(now, prev);
	for (size_t i = 0; i < now->nunits; i++)
		scores_change_from_last(&now->units[i]);
	if (!prev)
		return 0;
	const struct scores_unit **sorted = xcalloc(prev->nunits + 1,
						    sizeof *sorted);
	for (size_t i = 0; i < prev->nunits; i++)
		sorted[i] = &prev->units[i];
	qsort(sorted, prev->nunits, sizeof *sorted, scores_unit_code_cmp);
	for (size_t i = 0; i < now->nunits; i++)
		scores_change_from_prev(&now->units[i], now, prev, sorted);
	for (size_t gi = 0; gi < now->ngroups; gi++)
		scores_common_places(now, gi, prev);
	free(sorted);
	return 0;
}

/* ---- versions of one year --------------------------------------------- */

const struct scores_dataset *scores_as_of(const struct scores_dataset *d,
					  const char *date,
					  const struct scores_version **version)
{
	size_t k = 0;
	for (size_t i = 1; i < d->nversions; i++)
		if (d->versions[i].date && date &&
		    strcmp(d->versions[i].date, date) <= 0)
			k = i;
	if (version)
		*version = d->nversions ? &d->versions[k] : NULL;
	if (!d->nversions || !d->versions[k].data)
		return d;
	return d->versions[k].data;
}

static bool scores_unit_differs(const struct scores_dataset *before,
				const struct scores_unit *a,
				const struct scores_dataset *after,
				const struct scores_unit *b)
{
	return a->total != b->total || a->index != b->index ||
	       a->rank != b->rank ||
	       strcmp(scores_unit_band_name(before, a),
		      scores_unit_band_name(after, b)) != 0;
}

const struct scores_unit *scores_find_unit(const struct scores_dataset *d,
					   const char *code)
{
	for (size_t i = 0; i < d->nunits; i++)
		if (strcmp(d->units[i].code, code) == 0)
			return &d->units[i];
	return NULL;
}

static void scores_revision_put(struct scores_revision *out, size_t cap,
				size_t *n, const struct scores_unit *a,
				const struct scores_unit *b)
{
	if (*n < cap)
		out[*n] = (struct scores_revision){a, b};
	(*n)++;
}

size_t scores_revisions(const struct scores_dataset *before,
			const struct scores_dataset *after,
			struct scores_revision *out, size_t cap)
{
	size_t n = 0;
	for (size_t gi = 0; gi < after->ngroups; gi++)
		for (size_t i = 0; i < after->groups[gi].nunits; i++) {
			const struct scores_unit *b =
				&after->units[after->groups[gi].order[i]];
			const struct scores_unit *a = scores_find_unit(before,
								     b->code);
			if (!a || scores_unit_differs(before, a, after, b))
				scores_revision_put(out, cap, &n, a, b);
		}
	for (size_t i = 0; i < before->nunits; i++)
		if (!scores_find_unit(after, before->units[i].code))
			scores_revision_put(out, cap, &n, &before->units[i],
					    NULL);
	return n;
}

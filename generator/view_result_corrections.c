/* view_result_corrections: the correction notice of a dataset page: each
 * correction (đính chính) with its decision and reason, and a before ->
 * after table of every unit whose figures it changed (see
 * view_results.h). */
#include "view_results.h"

#include "results.h"
#include "text.h"
#include "view.h"

/* {total, index, rank_text, band} of a unit in one version, or NULL. */
static struct value *view_correction_side(struct arena *a,
					  const struct scores_dataset *d,
					  const struct scores_unit *u)
{
	if (!u)
		return NULL;
	struct value *v = value_map_new(a);
	value_map_put(a, v, "total", view_results_points(a, u->total));
	value_map_put(a, v, "index", view_results_number(a, u->index,
							 d->decimals));
	value_map_put_string(a, v, "rank_text", u->rank
			     ? arena_printf(a, "%zu", u->rank) : "–");
	value_map_put_string(a, v, "band", scores_unit_band_name(d, u));
	return v;
}

/* The rows of the units that version k + 1 changed against version k. */
static struct value *view_correction_rows(struct arena *a,
					  const struct scores_dataset *d,
					  const struct scores_dataset *before,
					  const struct scores_dataset *after)
{
	size_t n = scores_revisions(before, after, NULL, 0);
	struct scores_revision *revs = arena_array(a, n + 1, sizeof *revs);
	scores_revisions(before, after, revs, n);
	struct value *list = value_list_new(a);
	for (size_t i = 0; i < n; i++) {
		const struct scores_unit *u = revs[i].after ? revs[i].after
							    : revs[i].before;
		struct value *v = value_map_new(a);
		value_map_put_string(a, v, "name", u->name);
		value_map_put_string(a, v, "url", view_results_url(a, d, u));
		view_results_put(a, v, "before", view_correction_side(a, before,
							     revs[i].before));
		view_results_put(a, v, "after", view_correction_side(a, after,
							     revs[i].after));
		value_list_push(a, list, v);
	}
	return list;
}

struct value *view_results_corrections(struct arena *a,
				       const struct site *site,
				       const struct scores_dataset *d)
{
	(void)site;
	if (!d->ncorrections)
		return NULL;
	struct value *list = value_list_new(a);
	for (size_t k = 1; k < d->nversions; k++) {
		const struct scores_version *before = &d->versions[k - 1];
		const struct scores_version *after = &d->versions[k];
		struct value *v = value_map_new(a);
		value_map_put(a, v, "number_in_order", value_int(a, (long long)k));
		value_map_put_string(a, v, "decision", after->number);
		struct text_date date;
		view_results_put(a, v, "date", after->date &&
			text_date_parse(after->date, site->tz_offset_min,
					&date) == 0 ? view_date(a, &date) : NULL);
		view_results_put(a, v, "file", after->file
				 ? value_string(a, after->file) : NULL);
		value_map_put_string(a, v, "reason", after->reason);
		bool known = before->data && after->data;
		struct value *rows = known ? view_correction_rows(a, d,
						before->data, after->data) : NULL;
		view_results_put(a, v, "rows", rows);
		value_map_put(a, v, "has_rows", value_bool(a, rows && rows->count));
		value_map_put(a, v, "no_history", value_bool(a, !d->versions_read));
		value_map_put(a, v, "missing", value_bool(a, d->versions_read &&
							  !known));
		value_list_push(a, list, v);
	}
	return list;
}

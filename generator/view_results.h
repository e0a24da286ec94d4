/* view_results: the values the results templates see (results, result,
 * result-unit, result-embed), built from the score model (scores.h).
 *
 * Like view.h, each function builds its part in the caller's arena; the
 * keys are documented in themes/default/README.md and change with it.
 * Numbers reach templates as {text, value}: text the Vietnamese way for
 * reading ("92,40"), value with a dot for machines (data-sort attributes,
 * widths: "92.40"). */
#ifndef CONGBO_VIEW_RESULTS_H
#define CONGBO_VIEW_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "scores.h"
#include "model.h"
#include "value.h"

/* {text, value} of v (thousandths) rounded to decimals places. */
struct value *view_results_number(struct arena *a, int64_t v, int decimals);
/* {text, value} of points written exactly: "12,75", "88,5", "100". */
struct value *view_results_points(struct arena *a, int64_t v);

/* Root-relative URLs: "ket-qua/ID/", and "ket-qua/ID/UNIT/" when u is
 * given. */
const char *view_results_url(struct arena *a, const struct scores_dataset *d,
			     const struct scores_unit *u);

/* What every results page says of a dataset: {id, title, year, body,
 * url, csv_url, json_url, decision, unit_count, bands}; the caller adds
 * groups. */
struct value *view_results_dataset(struct arena *a, const struct site *site,
				   const struct scores_dataset *d);

/* "ket-qua/ID/ID.GROUP.csv": the annex of group g as CSV. */
const char *view_results_group_csv(struct arena *a,
				   const struct scores_dataset *d,
				   const struct scores_group *g);

/* [{id, name, count, url, csv_url}]: the groups of d, to link to from the
 * index. */
struct value *view_results_group_links(struct arena *a,
				       const struct scores_dataset *d);

/* One row of a results table: {code, name, url, ranked, rank, rank_text,
 * tied, areas, self, appraised, survey, bonus, penalty, total, max,
 * index, band, band_class, band_order, change, note}. */
struct value *view_results_row(struct arena *a, const struct scores_dataset *d,
			       const struct scores_unit *u);

/* A group of a dataset page: its table, statistics, criteria tree and
 * bar chart. */
struct value *view_results_group(struct arena *a,
				 const struct scores_dataset *d, size_t gi);

/* The group's units ranked top or better (ties included), for the
 * ket-qua shortcode: {dataset..., group, rows, more, as_of}, with the
 * figures in force on date (a page's date, "2022-06-20", or NULL for the
 * current ones): as_of is null for the current figures, else {number,
 * date, version, missing} of the decision that published those shown
 * (missing: that version's figures are unknown, the current are shown)
 * and the dataset's versions say which corrections came after. */
struct value *view_results_embed(struct arena *a, const struct site *site,
				 const struct scores_dataset *d, size_t gi,
				 size_t top, const char *date);

/* The correction notice of d: [{number_in_order, decision, date, file,
 * reason, rows, no_history, missing}], rows the units whose figures the
 * correction changed, each {name, url, before, after} with {total, index,
 * rank_text, band} (null for a unit not in that version); rows is null
 * when either version's figures are unknown: no_history (the build read
 * no git history) or missing (not found in it).  NULL without
 * corrections (view_result_corrections.c). */
struct value *view_results_corrections(struct arena *a,
				       const struct site *site,
				       const struct scores_dataset *d);

/* The ranks of group gi's units across the years of d's series up to
 * d's, or NULL with fewer than two years: {years, rows: [{name, url,
 * ranks: [{text}]}], chart} (the SVG rank chart) (view_result_ranks.c). */
struct value *view_results_rank_history(struct arena *a,
					const struct site *site,
					const struct scores_dataset *d,
					size_t gi);

/* The unit page's unit: scores per criterion, area indexes, history
 * across the datasets of d's series (view_result_unit.c). */
struct value *view_results_unit(struct arena *a, const struct site *site,
				const struct scores_dataset *d,
				const struct scores_unit *u);

/* Puts v under key, or null when v is NULL.  Optional keys are always
 * there: a missing key would make Mustache look it up in the enclosing
 * contexts, so an area without self-assessed points would show the
 * unit's. */
void view_results_put(struct arena *a, struct value *map, const char *key,
		      struct value *v);

/* "band-0" … for a unit's class, "band-none" below every band. */
const char *view_results_band_class(struct arena *a, size_t band);

#endif

/* chart: static SVG charts for the score results, drawn in C so that a
 * page shows them with no script and no chart library.
 *
 * Each chart is an <svg> to put inline in HTML: role="img", named by its
 * <title> and described by its <desc> (aria-labelledby both), which is
 * where a screen reader learns what the picture shows; the page's table
 * carries the same numbers.  Values are percentages in thousandths (an
 * index of 92.40 % is 92400, as in scores.h) and come with the text to
 * write beside them, already formatted the way the page writes numbers.
 * Colours are classes (band-0, band-1, ... for the classification bands,
 * first band best) that the theme's style.css paints, with a fill
 * attribute as a fallback.
 *
 *     struct chart_bar bars[] = {{"Xã Gia Hòa", 92400, "92,40", 0}};
 *     struct chart_rule rules[] = {{80000, "Tốt"}};
 *     chart_bars(&out, "chart-xa", "Chỉ số CCHC 2021", "Khối xã: ...",
 *                bars, 1, rules, 1);
 */
#ifndef CONGBO_CHART_H
#define CONGBO_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The value of 100 %, the right end of every axis. */
#define CHART_FULL 100000
/* Bands that get a colour of their own; later bands share the last. */
#define CHART_BANDS 4
/* No band: drawn grey. */
#define CHART_NO_BAND ((size_t)-1)

struct chart_bar {
	const char *label;        /* the unit's name */
	int64_t value;            /* 0..CHART_FULL */
	const char *text;         /* the value as the page writes it */
	size_t band;              /* colour: 0 = best band, or CHART_NO_BAND */
};

/* A threshold drawn across the chart: a classification band's start. */
struct chart_rule {
	int64_t at;               /* 0..CHART_FULL */
	const char *label;        /* "Tốt" */
};

struct chart_point {
	const char *label;        /* on the x axis: "2021" */
	long x;                   /* position: the year */
	int64_t value;
	const char *text;
};

/* Appends a horizontal bar chart, one bar per item in the order given,
 * on a 0-100 % axis with a dashed line at each rule.  id must be unique
 * in the page (it prefixes the ids of the title and the description). */
void chart_bars(struct buf *out, const char *id, const char *title,
		const char *desc, const struct chart_bar *bars, size_t n,
		const struct chart_rule *rules, size_t nrules);

/* Appends a line chart of points (in order of x, which positions them
 * proportionally), with the rules as dashed horizontal lines.  The y axis
 * runs up to 100 % from a round value below the lowest point. */
void chart_line(struct buf *out, const char *id, const char *title,
		const char *desc, const struct chart_point *points, size_t n,
		const struct chart_rule *rules, size_t nrules);

/* One line of a rank chart: a unit's rank in each column (year), 0 where
 * it has none (not yet formed, merged away, or not ranked). */
struct chart_track {
	const char *label;        /* the unit's name */
	const size_t *ranks;      /* ncolumns of them */
};

/* Appends a rank chart ("bump chart"): a column per year (columns, in
 * order), rank 1 at the top down to max_rank, one coloured line per track
 * joining the years it was ranked, each point marked with its rank; the
 * units of the last column are named in a column on the right, in rank
 * order, tied to their point.  Each track is a group with its own <title>
 * ("Xã Gia Hòa: 2020 hạng 4, 2021 hạng 2"), for pointers and readers. */
void chart_ranks(struct buf *out, const char *id, const char *title,
		 const char *desc, const char *const *columns, size_t ncolumns,
		 const struct chart_track *tracks, size_t ntracks,
		 size_t max_rank);

#endif

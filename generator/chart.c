/* chart: SVG bar and line charts (see chart.h).
 *
 * Coordinates are computed in integer tenths of a pixel of the viewBox,
 * so the same numbers always give the same bytes. */
#include "chart.h"

#include <inttypes.h>
#include <string.h>

#include "text.h"

/* Fallback fills of the bands, best first, and of "no band"; style.css
 * paints .band-N over them. */
static const char *const chart_fills[CHART_BANDS] = {
	"#2e7d32", "#1565c0", "#b26a00", "#a50e0e",
};
#define CHART_FILL_NONE "#757575"

/* The bar chart's geometry, in viewBox pixels.  Each unit's name stands
 * above its bar, not beside it, so the chart stays narrow enough to be
 * read on a phone without scrolling (names run to 40 characters). */
enum {
	BARS_WIDTH = 400,
	BARS_PLOT_X = 6,          /* 0 % */
	BARS_PLOT_W = 336,        /* 100 %; the value is written after it */
	BARS_TOP = 30,
	BARS_ROW = 38,            /* name, then bar */
	BARS_LABEL = 14,          /* name's baseline below the row's top */
	BARS_BAR_Y = 19,          /* bar's top below the row's top */
	BARS_BAR = 13,
	BARS_BOTTOM = 26,
	BARS_FONT = 14,
};

/* The line chart's. */
enum {
	LINE_WIDTH = 420,
	LINE_PLOT_X = 44,
	LINE_PLOT_W = 364,
	LINE_INSET = 30,          /* first and last point from the edges */
	LINE_TOP = 26,
	LINE_PLOT_H = 180,
	LINE_HEIGHT = 238,
	LINE_FONT = 13,
};

/* Appends tenths of a pixel as "12.5" or "12". */
static void chart_put(struct buf *out, int64_t tenths)
{
	if (tenths < 0) {
		buf_putc(out, '-');
		tenths = -tenths;
	}
	buf_printf(out, "%" PRId64, tenths / 10);
	if (tenths % 10)
		buf_printf(out, ".%" PRId64, tenths % 10);
}

/* value (0..CHART_FULL) as tenths of a pixel along len pixels. */
static int64_t chart_scale(int64_t value, int64_t len)
{
	if (value < 0)
		value = 0;
	if (value > CHART_FULL)
		value = CHART_FULL;
	return (value * len * 10 + CHART_FULL / 2) / CHART_FULL;
}

static void chart_escape(struct buf *out, const char *s)
{
	text_escape_html(out, s, strlen(s));
}

static void chart_open(struct buf *out, const char *id, const char *cls,
		       int width, int height, int font, const char *title,
		       const char *desc)
{
	buf_printf(out, "<svg class=\"chart %s\" viewBox=\"0 0 %d %d\" "
		   "role=\"img\" aria-labelledby=\"%s-title\" "
		   "aria-describedby=\"%s-desc\" font-size=\"%d\">\n",
		   cls, width, height, id, id, font);
	buf_printf(out, "<title id=\"%s-title\">", id);
	chart_escape(out, title);
	buf_printf(out, "</title>\n<desc id=\"%s-desc\">", id);
	chart_escape(out, desc);
	buf_puts(out, "</desc>\n");
}

static void chart_band_attrs(struct buf *out, size_t band)
{
	if (band == CHART_NO_BAND) {
		buf_puts(out, "class=\"bar band-none\" fill=\"" CHART_FILL_NONE
			 "\"");
		return;
	}
	size_t colour = band < CHART_BANDS ? band : CHART_BANDS - 1;
	buf_printf(out, "class=\"bar band-%zu\" fill=\"%s\"", colour,
		   chart_fills[colour]);
}

/* Grid lines and their labels every 20 %, at the foot of the plot. */
static void chart_bars_axis(struct buf *out, int height)
{
	int foot = height - BARS_BOTTOM;
	buf_puts(out, "<g class=\"grid\" stroke=\"#d9d4ca\">\n");
	for (int p = 0; p <= 100; p += 20) {
		int64_t x = BARS_PLOT_X * 10 + chart_scale(p * 1000, BARS_PLOT_W);
		buf_puts(out, "<line x1=\"");
		chart_put(out, x);
		buf_puts(out, "\" x2=\"");
		chart_put(out, x);
		buf_printf(out, "\" y1=\"%d\" y2=\"%d\"/>\n", BARS_TOP - 4, foot);
	}
	buf_puts(out, "</g>\n<g class=\"axis\" text-anchor=\"middle\" "
		 "fill=\"#555\">\n");
	for (int p = 0; p <= 100; p += 20) {
		buf_puts(out, "<text x=\"");
		chart_put(out, BARS_PLOT_X * 10 + chart_scale(p * 1000,
							      BARS_PLOT_W));
		buf_printf(out, "\" y=\"%d\">%d%s</text>\n", foot + 17, p,
			   p == 100 ? " %" : "");
	}
	buf_puts(out, "</g>\n");
}

/* Dashed lines across the plot at each rule, the value above them. */
static void chart_bars_rules(struct buf *out, int height,
			     const struct chart_rule *rules, size_t nrules)
{
	buf_puts(out, "<g class=\"rules\" stroke=\"#1d1d1d\" "
		 "stroke-dasharray=\"4 3\" text-anchor=\"middle\">\n");
	for (size_t i = 0; i < nrules; i++) {
		if (rules[i].at <= 0 || rules[i].at > CHART_FULL)
			continue;
		int64_t x = BARS_PLOT_X * 10 + chart_scale(rules[i].at,
							   BARS_PLOT_W);
		buf_puts(out, "<line x1=\"");
		chart_put(out, x);
		buf_puts(out, "\" x2=\"");
		chart_put(out, x);
		buf_printf(out, "\" y1=\"%d\" y2=\"%d\"/>\n", BARS_TOP - 10,
			   height - BARS_BOTTOM);
		buf_puts(out, "<text stroke=\"none\" fill=\"#1d1d1d\" x=\"");
		chart_put(out, x);
		buf_printf(out, "\" y=\"%d\">", BARS_TOP - 16);
		chart_escape(out, rules[i].label);
		buf_puts(out, "</text>\n");
	}
	buf_puts(out, "</g>\n");
}

/* One unit: its name, its bar below, the value after the bar. */
static void chart_bar(struct buf *out, const struct chart_bar *b, int top)
{
	int64_t w = chart_scale(b->value, BARS_PLOT_W);
	buf_printf(out, "<text class=\"label\" x=\"%d\" y=\"%d\">",
		   BARS_PLOT_X, top + BARS_LABEL);
	chart_escape(out, b->label);
	buf_printf(out, "</text>\n<rect x=\"%d\" y=\"%d\" width=\"",
		   BARS_PLOT_X, top + BARS_BAR_Y);
	chart_put(out, w);
	buf_printf(out, "\" height=\"%d\" ", BARS_BAR);
	chart_band_attrs(out, b->band);
	buf_puts(out, "/>\n<text class=\"value\" x=\"");
	chart_put(out, BARS_PLOT_X * 10 + w + 50);
	buf_printf(out, "\" y=\"%d\">", top + BARS_BAR_Y + BARS_BAR - 2);
	chart_escape(out, b->text);
	buf_puts(out, "</text>\n");
}

void chart_bars(struct buf *out, const char *id, const char *title,
		const char *desc, const struct chart_bar *bars, size_t n,
		const struct chart_rule *rules, size_t nrules)
{
	int height = BARS_TOP + (int)n * BARS_ROW + BARS_BOTTOM;
	chart_open(out, id, "chart-bars", BARS_WIDTH, height, BARS_FONT, title,
		   desc);
	chart_bars_axis(out, height);
	buf_puts(out, "<g class=\"bars\">\n");
	for (size_t i = 0; i < n; i++)
		chart_bar(out, &bars[i], BARS_TOP + (int)i * BARS_ROW);
	buf_puts(out, "</g>\n");
	chart_bars_rules(out, height, rules, nrules);
	buf_puts(out, "</svg>\n");
}

/* ---- line chart ------------------------------------------------------ */

/* The y axis of a line chart: from lo (a multiple of 10 %) to 100 %. */
static int64_t chart_line_lo(const struct chart_point *p, size_t n)
{
	int64_t min = CHART_FULL;
	for (size_t i = 0; i < n; i++)
		if (p[i].value < min)
			min = p[i].value;
	min -= 5000;   /* room under the lowest point for its label */
	if (min < 0)
		return 0;
	int64_t lo = min / 10000 * 10000;
	return lo > 90000 ? 90000 : lo;
}

static int64_t chart_line_y(int64_t lo, int64_t v)
{
	if (v < lo)
		v = lo;
	if (v > CHART_FULL)
		v = CHART_FULL;
	int64_t span = CHART_FULL - lo;
	int64_t from_top = (CHART_FULL - v) * LINE_PLOT_H * 10;
	return LINE_TOP * 10 + (from_top + span / 2) / span;
}

static int64_t chart_line_x(const struct chart_point *p, size_t n, size_t i)
{
	long lo = p[0].x, hi = p[n - 1].x;
	if (n == 1 || hi <= lo)
		return (LINE_PLOT_X * 2 + LINE_PLOT_W) * 5;
	int64_t inner = (LINE_PLOT_W - 2 * LINE_INSET) * 10;
	return (LINE_PLOT_X + LINE_INSET) * 10 +
	       (int64_t)(p[i].x - lo) * inner / (hi - lo);
}

/* A horizontal line across the plot at y (tenths). */
static void chart_hline(struct buf *out, int64_t y)
{
	buf_printf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"", LINE_PLOT_X,
		   LINE_PLOT_X + LINE_PLOT_W);
	chart_put(out, y);
	buf_puts(out, "\" y2=\"");
	chart_put(out, y);
	buf_puts(out, "\"/>\n");
}

/* Grid lines every 10 % from lo, labelled on the left; the rules that
 * fall inside, dashed, named on the right. */
static void chart_line_grid(struct buf *out, int64_t lo,
			    const struct chart_rule *rules, size_t nrules)
{
	buf_puts(out, "<g class=\"grid\" stroke=\"#d9d4ca\">\n");
	for (int64_t v = lo; v <= CHART_FULL; v += 10000)
		chart_hline(out, chart_line_y(lo, v));
	buf_puts(out, "</g>\n<g class=\"axis\" text-anchor=\"end\" "
		 "fill=\"#555\">\n");
	for (int64_t v = lo; v <= CHART_FULL; v += 10000) {
		buf_printf(out, "<text x=\"%d\" y=\"", LINE_PLOT_X - 6);
		chart_put(out, chart_line_y(lo, v) + 40);
		buf_printf(out, "\">%" PRId64 "%s</text>\n", v / 1000,
			   v == CHART_FULL ? " %" : "");
	}
	buf_puts(out, "</g>\n<g class=\"rules\" stroke=\"#1d1d1d\" "
		 "stroke-dasharray=\"4 3\">\n");
	for (size_t i = 0; i < nrules; i++)
		if (rules[i].at > lo && rules[i].at < CHART_FULL)
			chart_hline(out, chart_line_y(lo, rules[i].at));
	buf_puts(out, "</g>\n");
}

/* The polyline, then each point: a dot, its value above, its label on
 * the x axis. */
static void chart_line_points(struct buf *out, int64_t lo,
			      const struct chart_point *p, size_t n)
{
	buf_puts(out, "<polyline class=\"line\" fill=\"none\" "
		 "stroke=\"#a50e0e\" stroke-width=\"2.5\" points=\"");
	for (size_t i = 0; i < n; i++) {
		buf_puts(out, i ? " " : "");
		chart_put(out, chart_line_x(p, n, i));
		buf_putc(out, ',');
		chart_put(out, chart_line_y(lo, p[i].value));
	}
	buf_puts(out, "\"/>\n<g class=\"points\" text-anchor=\"middle\">\n");
	for (size_t i = 0; i < n; i++) {
		int64_t x = chart_line_x(p, n, i);
		int64_t y = chart_line_y(lo, p[i].value);
		buf_puts(out, "<circle class=\"dot\" fill=\"#a50e0e\" r=\"4.5\" "
			 "cx=\"");
		chart_put(out, x);
		buf_puts(out, "\" cy=\"");
		chart_put(out, y);
		buf_puts(out, "\"/>\n<text class=\"value\" x=\"");
		chart_put(out, x);
		buf_puts(out, "\" y=\"");
		chart_put(out, y - 110);
		buf_puts(out, "\">");
		chart_escape(out, p[i].text);
		buf_puts(out, "</text>\n<text class=\"year\" fill=\"#555\" x=\"");
		chart_put(out, x);
		buf_printf(out, "\" y=\"%d\">", LINE_TOP + LINE_PLOT_H + 22);
		chart_escape(out, p[i].label);
		buf_puts(out, "</text>\n");
	}
	buf_puts(out, "</g>\n");
}

void chart_line(struct buf *out, const char *id, const char *title,
		const char *desc, const struct chart_point *points, size_t n,
		const struct chart_rule *rules, size_t nrules)
{
	chart_open(out, id, "chart-line", LINE_WIDTH, LINE_HEIGHT, LINE_FONT,
		   title, desc);
	if (n) {
		int64_t lo = chart_line_lo(points, n);
		chart_line_grid(out, lo, rules, nrules);
		chart_line_points(out, lo, points, n);
	}
	buf_puts(out, "</svg>\n");
}

/* ---- the rank chart ---------------------------------------------------- */

/* Its geometry: the years across, ranks down a row each, the names of the
 * last year's units in a column on the right (the chart stays 420 wide,
 * readable on a phone, however many years). */
enum {
	RANKS_WIDTH = 420,
	RANKS_PLOT_X = 46,        /* the first year's column */
	RANKS_PLOT_W = 170,       /* to the last year's */
	RANKS_LABEL_X = 252,      /* the names */
	RANKS_TOP = 34,           /* rank 1's row */
	RANKS_ROW = 22,
	RANKS_BOTTOM = 14,
	RANKS_FONT = 12,
};

/* Colours that stay apart on white and for most colour vision; tracks
 * take them in turn. */
static const char *const chart_track_colours[] = {
	"#a50e0e", "#1565c0", "#2e7d32", "#b26a00", "#6a1b9a", "#00838f",
	"#5d4037", "#c2185b", "#455a64", "#827717",
};
#define CHART_TRACK_COLOURS \
	(sizeof chart_track_colours / sizeof chart_track_colours[0])

static int64_t chart_ranks_x(size_t col, size_t ncolumns)
{
	if (ncolumns < 2)
		return (RANKS_PLOT_X + RANKS_PLOT_W / 2) * 10;
	return RANKS_PLOT_X * 10 +
	       (int64_t)col * RANKS_PLOT_W * 10 / (int64_t)(ncolumns - 1);
}

static int64_t chart_ranks_y(size_t rank)
{
	return (RANKS_TOP + (int64_t)(rank - 1) * RANKS_ROW) * 10;
}

/* Years on top, a rule and a rank number for every row. */
static void chart_ranks_axes(struct buf *out, const char *const *columns,
			     size_t ncolumns, size_t max_rank)
{
	buf_puts(out, "<g class=\"grid\" stroke=\"#e4dfd5\">\n");
	for (size_t r = 1; r <= max_rank; r++) {
		buf_printf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"",
			   RANKS_PLOT_X - 8, RANKS_PLOT_X + RANKS_PLOT_W + 8);
		chart_put(out, chart_ranks_y(r));
		buf_puts(out, "\" y2=\"");
		chart_put(out, chart_ranks_y(r));
		buf_puts(out, "\"/>\n");
	}
	buf_puts(out, "</g>\n<g class=\"axis\" fill=\"#555\" "
		 "text-anchor=\"end\">\n");
	for (size_t r = 1; r <= max_rank; r++) {
		buf_printf(out, "<text x=\"%d\" y=\"", RANKS_PLOT_X - 14);
		chart_put(out, chart_ranks_y(r) + 40);
		buf_printf(out, "\">%zu</text>\n", r);
	}
	buf_puts(out, "</g>\n<g class=\"year\" fill=\"#555\" "
		 "text-anchor=\"middle\" font-weight=\"700\">\n");
	for (size_t c = 0; c < ncolumns; c++) {
		buf_puts(out, "<text x=\"");
		chart_put(out, chart_ranks_x(c, ncolumns));
		buf_printf(out, "\" y=\"%d\">", RANKS_TOP - 16);
		chart_escape(out, columns[c]);
		buf_puts(out, "</text>\n");
	}
	buf_puts(out, "</g>\n");
}

/* "Xã Gia Hòa: 2020 hạng 4, 2021 hạng 2" */
static void chart_track_title(struct buf *out, const struct chart_track *t,
			      const char *const *columns, size_t ncolumns)
{
	buf_puts(out, "<title>");
	chart_escape(out, t->label);
	const char *sep = ": ";
	for (size_t c = 0; c < ncolumns; c++)
		if (t->ranks[c]) {
			buf_puts(out, sep);
			chart_escape(out, columns[c]);
			buf_printf(out, " hạng %zu", t->ranks[c]);
			sep = ", ";
		}
	buf_puts(out, "</title>\n");
}

/* A track: its line through consecutive ranked years, and a dot with the
 * rank at each point; slot is its row in the names column (0: none). */
static void chart_track(struct buf *out, const struct chart_track *t,
			size_t i, const char *const *columns, size_t ncolumns,
			size_t slot)
{
	const char *colour = chart_track_colours[i % CHART_TRACK_COLOURS];
	buf_printf(out, "<g class=\"track\" stroke=\"%s\" fill=\"%s\">\n",
		   colour, colour);
	chart_track_title(out, t, columns, ncolumns);
	for (size_t c = 1; c < ncolumns; c++) {
		if (!t->ranks[c - 1] || !t->ranks[c])
			continue;
		buf_puts(out, "<line stroke-width=\"2.5\" x1=\"");
		chart_put(out, chart_ranks_x(c - 1, ncolumns));
		buf_puts(out, "\" y1=\"");
		chart_put(out, chart_ranks_y(t->ranks[c - 1]));
		buf_puts(out, "\" x2=\"");
		chart_put(out, chart_ranks_x(c, ncolumns));
		buf_puts(out, "\" y2=\"");
		chart_put(out, chart_ranks_y(t->ranks[c]));
		buf_puts(out, "\"/>\n");
	}
	if (slot) {
		/* from its last point to its name */
		buf_puts(out, "<polyline fill=\"none\" stroke-width=\"1\" "
			 "stroke-dasharray=\"2 2\" points=\"");
		chart_put(out, chart_ranks_x(ncolumns - 1, ncolumns));
		buf_putc(out, ',');
		chart_put(out, chart_ranks_y(t->ranks[ncolumns - 1]));
		buf_printf(out, " %d,", RANKS_LABEL_X - 4);
		chart_put(out, chart_ranks_y(slot));
		buf_puts(out, "\"/>\n<text class=\"label\" stroke=\"none\" x=\"");
		buf_printf(out, "%d\" y=\"", RANKS_LABEL_X);
		chart_put(out, chart_ranks_y(slot) + 40);
		buf_puts(out, "\">");
		chart_escape(out, t->label);
		buf_puts(out, "</text>\n");
	}
	for (size_t c = 0; c < ncolumns; c++) {
		if (!t->ranks[c])
			continue;
		buf_puts(out, "<circle r=\"8\" cx=\"");
		chart_put(out, chart_ranks_x(c, ncolumns));
		buf_puts(out, "\" cy=\"");
		chart_put(out, chart_ranks_y(t->ranks[c]));
		buf_puts(out, "\"/>\n<text class=\"rank\" stroke=\"none\" "
			 "fill=\"#fff\" text-anchor=\"middle\" font-size=\"10\" "
			 "x=\"");
		chart_put(out, chart_ranks_x(c, ncolumns));
		buf_puts(out, "\" y=\"");
		chart_put(out, chart_ranks_y(t->ranks[c]) + 35);
		buf_printf(out, "\">%zu</text>\n", t->ranks[c]);
	}
	buf_puts(out, "</g>\n");
}

void chart_ranks(struct buf *out, const char *id, const char *title,
		 const char *desc, const char *const *columns, size_t ncolumns,
		 const struct chart_track *tracks, size_t ntracks,
		 size_t max_rank)
{
	int height = RANKS_TOP + (int)(max_rank ? max_rank - 1 : 0) * RANKS_ROW +
		     RANKS_BOTTOM;
	chart_open(out, id, "chart-ranks", RANKS_WIDTH, height, RANKS_FONT,
		   title, desc);
	chart_ranks_axes(out, columns, ncolumns, max_rank);
	/* the names column: the last year's units by rank, ties in order */
	size_t last = ncolumns ? ncolumns - 1 : 0;
	for (size_t i = 0; i < ntracks && ncolumns; i++) {
		size_t slot = 0;
		if (tracks[i].ranks[last]) {
			slot = 1;
			for (size_t j = 0; j < ntracks; j++) {
				size_t r = tracks[j].ranks[last];
				if (j != i && r && (r < tracks[i].ranks[last] ||
				    (r == tracks[i].ranks[last] && j < i)))
					slot++;
			}
		}
		chart_track(out, &tracks[i], i, columns, ncolumns, slot);
	}
	buf_puts(out, "</svg>\n");
}

/* scores_write: numbers as text, and the JSON and CSV downloads. */
#include "scores.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "text.h"

/* v (thousandths) rounded half away from zero to decimals places, in
 * units of 10^-decimals, as text_number_* take it. */
static long long scores_round(int64_t v, int decimals)
{
	int64_t step = SCORES_SCALE;
	for (int i = 0; i < decimals && step > 1; i++)
		step /= 10;
	int64_t mag = v < 0 ? -v : v;
	mag = (mag + step / 2) / step;
	return v < 0 ? -mag : mag;
}

void scores_format_dot(struct buf *out, int64_t v, int decimals)
{
	text_number_dot(out, scores_round(v, decimals), decimals);
}

void scores_format_vi(struct buf *out, int64_t v, int decimals)
{
	text_number_vi(out, scores_round(v, decimals), decimals);
}

void scores_format_exact(struct buf *out, int64_t v)
{
	int decimals = SCORES_SCALE_DECIMALS;
	while (decimals > 0 && v % 10 == 0) {
		v /= 10;
		decimals--;
	}
	text_number_dot(out, v, decimals);
}

/* ---- JSON ------------------------------------------------------------ */

static void scores_json_change(struct buf *out, const struct scores_dataset *d,
			       const struct scores_change *c)
{
	if (!c->has && !c->has_places) {
		buf_puts(out, "null");
		return;
	}
	buf_puts(out, "{\"chi_so\": ");
	if (c->has)
		scores_format_dot(out, c->index_delta, d->decimals);
	else
		buf_puts(out, "null");
	buf_puts(out, ", \"bac\": ");
	if (c->has_places)
		buf_printf(out, "%ld}", c->places);
	else
		buf_puts(out, "null}");
}

/* , "key": points (exact), or null when not has. */
static void scores_json_points(struct buf *out, const char *key, bool has,
			       int64_t v)
{
	buf_printf(out, ", \"%s\": ", key);
	if (has)
		scores_format_exact(out, v);
	else
		buf_puts(out, "null");
}

static void scores_json_unit(struct buf *out, const struct scores_dataset *d,
			     const struct scores_unit *u)
{
	const struct scores_group *g = &d->groups[u->group];
	buf_puts(out, "    {\"ma\": ");
	text_escape_json(out, u->code);
	buf_puts(out, ", \"ten\": ");
	text_escape_json(out, u->name);
	buf_puts(out, ", \"nhom\": ");
	text_escape_json(out, g->id);
	scores_json_points(out, "tong_diem", true, u->total);
	scores_json_points(out, "toi_da", true, u->max);
	buf_puts(out, ", \"chi_so\": ");
	scores_format_dot(out, u->index, d->decimals);
	if (u->rank)
		buf_printf(out, ", \"xep_hang\": %zu", u->rank);
	else
		buf_puts(out, ", \"xep_hang\": null");
	buf_puts(out, ", \"xep_loai\": ");
	if (u->band == SCORES_NONE)
		buf_puts(out, "null");
	else
		text_escape_json(out, d->bands[u->band].name);
	buf_puts(out, ", \"linh_vuc\": {");
	for (size_t i = 0; i < g->nareas; i++) {
		buf_puts(out, i ? ", " : "");
		text_escape_json(out, g->areas[i].code);
		buf_puts(out, ": ");
		scores_format_exact(out, u->area_points[i]);
	}
	buf_putc(out, '}');
	scores_json_points(out, "tu_danh_gia", true, u->self_sum);
	scores_json_points(out, "tham_dinh", true, u->appraised_sum);
	scores_json_points(out, "dtxhh", g->has_survey && !u->survey_not_held,
			   u->survey_sum);
	scores_json_points(out, "diem_thuong", true, u->bonus);
	scores_json_points(out, "diem_tru", true, u->penalty);
	buf_puts(out, ", \"thay_doi\": ");
	scores_json_change(out, d, &u->change);
	buf_putc(out, '}');
}

/* "nhom": {id: {"ten", "khoi", "tong_diem", "linh_vuc": [{"ma", "ten",
 * "max"}], "cot": [{"khoa", "ten", "tieu_de", "max"}]}}: what the columns
 * of the group's annex are. */
static void scores_json_groups(struct buf *out, const struct scores_dataset *d)
{
	buf_puts(out, ",\n  \"nhom\": {");
	for (size_t gi = 0; gi < d->ngroups; gi++) {
		const struct scores_group *g = &d->groups[gi];
		buf_puts(out, gi ? ",\n    " : "\n    ");
		text_escape_json(out, g->id);
		buf_puts(out, ": {\"ten\": ");
		text_escape_json(out, g->name);
		buf_puts(out, ", \"khoi\": ");
		text_escape_json(out, g->khoi);
		buf_puts(out, ", \"tong_diem\": ");
		scores_format_exact(out, g->max);
		buf_puts(out, ", \"linh_vuc\": [");
		for (size_t i = 0; i < g->nareas; i++) {
			buf_puts(out, i ? ", {\"ma\": " : "{\"ma\": ");
			text_escape_json(out, g->areas[i].code);
			buf_puts(out, ", \"ten\": ");
			text_escape_json(out, g->areas[i].name);
			buf_puts(out, ", \"max\": ");
			scores_format_exact(out, g->areas[i].max);
			buf_putc(out, '}');
		}
		buf_puts(out, "], \"cot\": [");
		for (size_t c = 0; c < g->ncolumns; c++) {
			const struct scores_column *col = &g->columns[c];
			buf_puts(out, c ? ", {\"khoa\": " : "{\"khoa\": ");
			text_escape_json(out, col->key);
			buf_puts(out, ", \"ten\": ");
			text_escape_json(out, col->label);
			buf_puts(out, ", \"tieu_de\": ");
			text_escape_json(out, col->header);
			buf_puts(out, ", \"max\": ");
			if (col->has_max)
				scores_format_exact(out, col->max);
			else
				buf_puts(out, "null");
			buf_putc(out, '}');
		}
		buf_puts(out, "]}");
	}
	buf_puts(out, "\n  }");
}

void scores_write_json(struct buf *out, const struct scores_dataset *d)
{
	buf_printf(out, "{\n  \"nam\": %ld,\n  \"tieu_de\": ", d->year);
	text_escape_json(out, d->title);
	buf_puts(out, ",\n  \"co_quan\": ");
	text_escape_json(out, d->body);
	buf_puts(out, ",\n  \"quyet_dinh\": ");
	if (d->decision.number) {
		buf_puts(out, "{\"so\": ");
		text_escape_json(out, d->decision.number);
		buf_puts(out, ", \"ngay\": ");
		if (d->decision.date)
			text_escape_json(out, d->decision.date);
		else
			buf_puts(out, "null");
		buf_putc(out, '}');
	} else
		buf_puts(out, "null");
	scores_json_groups(out, d);
	buf_puts(out, ",\n  \"don_vi\": [");
	const char *sep = "\n";
	for (size_t gi = 0; gi < d->ngroups; gi++)
		for (size_t i = 0; i < d->groups[gi].nunits; i++) {
			buf_puts(out, sep);
			scores_json_unit(out, d, &d->units[d->groups[gi].order[i]]);
			sep = ",\n";
		}
	buf_puts(out, "\n  ]\n}\n");
}

/* ---- CSV ------------------------------------------------------------- */

/* RFC 4180: quote a field holding a comma, a quote or a line break, and
 * double the quotes inside. */
static void scores_csv_field(struct buf *out, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n")) {
		buf_putc(out, '"');
		for (; *s; s++) {
			if (*s == '"')
				buf_putc(out, '"');
			buf_putc(out, *s);
		}
		buf_putc(out, '"');
	} else
		buf_puts(out, s);
	buf_puts(out, last ? "\r\n" : ",");
}

/* Appends the cells of one row, comma-separated, ended by CRLF. */
static void scores_csv_cell(struct buf *out, struct buf *cell,
			    const struct scores_dataset *d,
			    const struct scores_cell *c, bool last)
{
	buf_truncate(cell, 0);
	scores_annex_format(cell, d, c);
	scores_csv_field(out, cell->data, last);
}

void scores_write_csv_group(struct buf *out, const struct scores_dataset *d,
			    size_t gi)
{
	const struct scores_group *g = &d->groups[gi];
	struct buf cell;
	buf_init(&cell);
	buf_puts(out, "\xEF\xBB\xBF");
	for (size_t c = 0; c < g->ncolumns; c++)
		scores_csv_field(out, g->columns[c].header, c + 1 == g->ncolumns);
	for (size_t r = 0; r < g->nunits; r++) {
		const struct scores_unit *u = &d->units[g->order[r]];
		for (size_t c = 0; c < g->ncolumns; c++) {
			struct scores_cell v = scores_annex_cell(d, u,
								 &g->columns[c]);
			scores_csv_cell(out, &cell, d, &v, c + 1 == g->ncolumns);
		}
	}
	buf_dispose(&cell);
}

/* A column of the combined CSV: one group's area, or a column every
 * group has (kind), found in each unit's group. */
struct scores_wide {
	size_t group;                 /* SCORES_NONE: every group's */
	const struct scores_column *col;
};

/* The columns of the combined CSV: Nhóm aside, the code and name, every
 * group's areas (each under its group's name: area 6 of the communes is
 * not area 6 of the departments), then the sums and the ranking. */
static size_t scores_wide_columns(const struct scores_dataset *d,
				  struct scores_wide **out)
{
	size_t cap = 0;
	const struct scores_group *widest = NULL;
	for (size_t gi = 0; gi < d->ngroups; gi++) {
		const struct scores_group *g = &d->groups[gi];
		cap += g->ncolumns;
		if (!widest || g->has_survey > widest->has_survey)
			widest = g;
	}
	struct scores_wide *w = xcalloc(cap + 1, sizeof *w);
	size_t n = 0;
	/* three passes: code and name, every group's areas, the rest */
	for (int pass = 0; widest && pass < 3; pass++)
		for (size_t gi = 0; gi < d->ngroups; gi++) {
			const struct scores_group *g = &d->groups[gi];
			if (pass != 1 && g != widest)
				continue;
			for (size_t c = 0; c < g->ncolumns; c++) {
				enum scores_column_kind k = g->columns[c].kind;
				bool head = k == SCORES_COL_CODE ||
					    k == SCORES_COL_NAME;
				if ((pass == 0 && head) || (pass == 2 && !head &&
				    k != SCORES_COL_AREA))
					w[n++] = (struct scores_wide){
						SCORES_NONE, &g->columns[c]};
				else if (pass == 1 && k == SCORES_COL_AREA)
					w[n++] = (struct scores_wide){
						gi, &g->columns[c]};
			}
		}
	*out = w;
	return n;
}

/* The cell of u under a combined column, empty when u's group lacks it. */
static struct scores_cell scores_wide_cell(const struct scores_dataset *d,
					   const struct scores_unit *u,
					   const struct scores_wide *w)
{
	const struct scores_group *g = &d->groups[u->group];
	struct scores_cell none = {SCORES_CELL_EMPTY, 0, NULL};
	if (w->group != SCORES_NONE)
		return w->group == u->group ? scores_annex_cell(d, u, w->col)
					    : none;
	for (size_t c = 0; c < g->ncolumns; c++)
		if (g->columns[c].kind == w->col->kind)
			return scores_annex_cell(d, u, &g->columns[c]);
	return none;
}

void scores_write_csv(struct buf *out, const struct scores_dataset *d)
{
	struct buf cell;
	buf_init(&cell);
	struct scores_wide *cols;
	size_t n = scores_wide_columns(d, &cols);
	buf_puts(out, "\xEF\xBB\xBF");
	scores_csv_field(out, "Nhóm", n == 0);
	for (size_t c = 0; c < n; c++) {
		buf_truncate(&cell, 0);
		if (cols[c].group != SCORES_NONE)
			buf_printf(&cell, "%s: ", d->groups[cols[c].group].khoi);
		buf_puts(&cell, cols[c].group != SCORES_NONE
			 ? cols[c].col->header : cols[c].col->label);
		scores_csv_field(out, cell.data, c + 1 == n);
	}
	for (size_t gi = 0; gi < d->ngroups; gi++)
		for (size_t i = 0; i < d->groups[gi].nunits; i++) {
			const struct scores_unit *u =
				&d->units[d->groups[gi].order[i]];
			scores_csv_field(out, d->groups[gi].khoi, n == 0);
			for (size_t c = 0; c < n; c++) {
				struct scores_cell v = scores_wide_cell(d, u,
								       &cols[c]);
				scores_csv_cell(out, &cell, d, &v, c + 1 == n);
			}
		}
	free(cols);
	buf_dispose(&cell);
}

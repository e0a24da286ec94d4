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

static void scores_json_string(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_printf(out, "\\%c", c);
		else if (c == '\n')
			buf_puts(out, "\\n");
		else if (c == '\t')
			buf_puts(out, "\\t");
		else if (c < 0x20)
			buf_printf(out, "\\u%04x", c);
		else
			buf_putc(out, (char)c);
	}
	buf_putc(out, '"');
}

static void scores_json_change(struct buf *out, const struct scores_dataset *d,
			       const struct scores_change *c)
{
	if (!c->has) {
		buf_puts(out, "null");
		return;
	}
	buf_puts(out, "{\"chi_so\": ");
	scores_format_dot(out, c->index_delta, d->decimals);
	buf_puts(out, ", \"bac\": ");
	if (c->has_places)
		buf_printf(out, "%ld}", c->places);
	else
		buf_puts(out, "null}");
}

static void scores_json_unit(struct buf *out, const struct scores_dataset *d,
			     const struct scores_unit *u)
{
	const struct scores_group *g = &d->groups[u->group];
	buf_puts(out, "    {\"ma\": ");
	scores_json_string(out, u->code);
	buf_puts(out, ", \"ten\": ");
	scores_json_string(out, u->name);
	buf_puts(out, ", \"nhom\": ");
	scores_json_string(out, g->id);
	buf_puts(out, ", \"tong_diem\": ");
	scores_format_exact(out, u->total);
	buf_puts(out, ", \"toi_da\": ");
	scores_format_exact(out, u->max);
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
		scores_json_string(out, d->bands[u->band].name);
	buf_puts(out, ", \"linh_vuc\": {");
	for (size_t i = 0; i < g->nareas; i++) {
		buf_puts(out, i ? ", " : "");
		scores_json_string(out, g->areas[i].code);
		buf_puts(out, ": ");
		scores_format_exact(out, u->area_points[i]);
	}
	buf_puts(out, "}, \"thay_doi\": ");
	scores_json_change(out, d, &u->change);
	buf_putc(out, '}');
}

void scores_write_json(struct buf *out, const struct scores_dataset *d)
{
	buf_printf(out, "{\n  \"nam\": %ld,\n  \"tieu_de\": ", d->year);
	scores_json_string(out, d->title);
	buf_puts(out, ",\n  \"co_quan\": ");
	scores_json_string(out, d->body);
	buf_puts(out, ",\n  \"quyet_dinh\": ");
	if (d->decision.number) {
		buf_puts(out, "{\"so\": ");
		scores_json_string(out, d->decision.number);
		buf_puts(out, ", \"ngay\": ");
		if (d->decision.date)
			scores_json_string(out, d->decision.date);
		else
			buf_puts(out, "null");
		buf_putc(out, '}');
	} else
		buf_puts(out, "null");
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

/* The area codes of every group in first-seen order: the CSV columns. */
struct scores_columns {
	const char **codes;           /* free() it */
	size_t n;
};

static void scores_columns_init(struct scores_columns *c,
				const struct scores_dataset *d)
{
	size_t total = 0;
	for (size_t g = 0; g < d->ngroups; g++)
		total += d->groups[g].nareas;
	c->codes = xcalloc(total + 1, sizeof *c->codes);
	c->n = 0;
	for (size_t g = 0; g < d->ngroups; g++)
		for (size_t a = 0; a < d->groups[g].nareas; a++) {
			const char *code = d->groups[g].areas[a].code;
			size_t j = 0;
			while (j < c->n && strcmp(c->codes[j], code) != 0)
				j++;
			if (j == c->n)
				c->codes[c->n++] = code;
		}
}

static void scores_csv_number(struct buf *out, struct buf *cell, int64_t v,
			      int decimals, bool exact)
{
	buf_truncate(cell, 0);
	if (exact)
		scores_format_exact(cell, v);
	else
		scores_format_dot(cell, v, decimals);
	scores_csv_field(out, cell->data, false);
}

static void scores_csv_unit(struct buf *out, const struct scores_dataset *d,
			    const struct scores_columns *cols,
			    const struct scores_unit *u, struct buf *cell)
{
	const struct scores_group *g = &d->groups[u->group];
	scores_csv_field(out, g->khoi, false);
	scores_csv_field(out, u->code, false);
	scores_csv_field(out, u->name, false);
	for (size_t c = 0; c < cols->n; c++) {
		size_t a = 0;
		while (a < g->nareas && strcmp(g->areas[a].code, cols->codes[c]))
			a++;
		if (a < g->nareas)
			scores_csv_number(out, cell, u->area_points[a], 0, true);
		else
			scores_csv_field(out, "", false);
	}
	scores_csv_number(out, cell, u->total, 0, true);
	scores_csv_number(out, cell, u->max, 0, true);
	scores_csv_number(out, cell, u->index, d->decimals, false);
	buf_truncate(cell, 0);
	if (u->rank)
		buf_printf(cell, "%zu", u->rank);
	scores_csv_field(out, cell->data, false);
	scores_csv_field(out, scores_unit_band_name(d, u), false);
	if (u->change.has)
		scores_csv_number(out, cell, u->change.index_delta, d->decimals,
				  false);
	else
		scores_csv_field(out, "", false);
	buf_truncate(cell, 0);
	if (u->change.has_places)
		buf_printf(cell, "%ld", u->change.places);
	scores_csv_field(out, cell->data, true);
}

void scores_write_csv(struct buf *out, const struct scores_dataset *d)
{
	static const char *const head[] = {"Nhóm", "Mã", "Đơn vị"};
	static const char *const tail[] = {
		"Tổng điểm", "Tối đa", "Chỉ số (%)", "Xếp hạng", "Xếp loại",
		"Thay đổi chỉ số", "Thay đổi bậc",
	};
	struct buf cell;
	buf_init(&cell);
	struct scores_columns cols;
	scores_columns_init(&cols, d);
	buf_puts(out, "\xEF\xBB\xBF");
	for (size_t i = 0; i < 3; i++)
		scores_csv_field(out, head[i], false);
	for (size_t c = 0; c < cols.n; c++) {
		buf_truncate(&cell, 0);
		buf_printf(&cell, "Lĩnh vực %s", cols.codes[c]);
		scores_csv_field(out, cell.data, false);
	}
	for (size_t i = 0; i < 7; i++)
		scores_csv_field(out, tail[i], i == 6);
	for (size_t gi = 0; gi < d->ngroups; gi++)
		for (size_t i = 0; i < d->groups[gi].nunits; i++)
			scores_csv_unit(out, d, &cols,
					&d->units[d->groups[gi].order[i]], &cell);
	buf_dispose(&cell);
	free(cols.codes);
}

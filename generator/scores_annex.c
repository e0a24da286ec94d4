/* scores_annex: the columns of a group's annex table and the cell of a
 * unit in each, so that every writer (CSV, JSON, spreadsheet, pages) shows
 * the same columns with the same names and maxima (see scores.h). */
#include "scores.h"

#include <string.h>

/* The fixed columns, in table order; the areas come after the name. */
struct scores_fixed {
	enum scores_column_kind kind;
	const char *key;
	const char *label;
};

static const struct scores_fixed scores_head[] = {
	{SCORES_COL_CODE, "ma", "Mã"},
	{SCORES_COL_NAME, "ten", "Đơn vị"},
};

static const struct scores_fixed scores_tail[] = {
	{SCORES_COL_SELF, "tu_danh_gia", "Tự đánh giá"},
	{SCORES_COL_APPRAISED, "tham_dinh", "Thẩm định"},
	{SCORES_COL_SURVEY, "dtxhh", "Điều tra XHH"},
	{SCORES_COL_BONUS, "diem_thuong", "Điểm thưởng"},
	{SCORES_COL_PENALTY, "diem_tru", "Điểm trừ"},
	{SCORES_COL_TOTAL, "tong_diem", "Tổng điểm"},
	{SCORES_COL_MAX, "toi_da", "Tối đa"},
	{SCORES_COL_INDEX, "chi_so", "Chỉ số (%)"},
	{SCORES_COL_RANK, "xep_hang", "Xếp hạng"},
	{SCORES_COL_BAND, "xep_loai", "Xếp loại"},
	{SCORES_COL_CHANGE_INDEX, "thay_doi_chi_so", "Thay đổi chỉ số"},
	{SCORES_COL_CHANGE_PLACES, "thay_doi_bac", "Thay đổi bậc"},
};

#define SCORES_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* "(tối đa 12)" written the way the downloads write numbers. */
static const char *scores_max_text(struct arena *a, int64_t max)
{
	struct buf b;
	buf_init(&b);
	scores_format_exact(&b, max);
	const char *s = arena_printf(a, " (tối đa %s)", b.data);
	buf_dispose(&b);
	return s;
}

/* The most points the appraised leaves and the survey leaves can give. */
static void scores_source_max(const struct scores_node *n, int64_t *appraised,
			      int64_t *survey)
{
	if (n->nchildren == 0) {
		*(n->source == SCORES_SURVEY ? survey : appraised) += n->max;
		return;
	}
	for (size_t i = 0; i < n->nchildren; i++)
		scores_source_max(&n->children[i], appraised, survey);
}

static void scores_fixed_column(struct arena *a, struct scores_column *c,
				const struct scores_fixed *f, int64_t max)
{
	*c = (struct scores_column){.kind = f->kind, .key = f->key,
				    .label = f->label, .has_max = max > 0,
				    .max = max};
	c->header = c->has_max ? arena_printf(a, "%s%s", f->label,
					      scores_max_text(a, max))
			       : f->label;
}

static void scores_group_columns(struct arena *a, struct scores_group *g)
{
	int64_t appraised = 0, survey = 0;
	for (size_t i = 0; i < g->nareas; i++)
		scores_source_max(&g->areas[i], &appraised, &survey);
	g->has_survey = survey > 0;
	size_t n = SCORES_COUNT(scores_head) + g->nareas + SCORES_COUNT(scores_tail);
	struct scores_column *cols = arena_array(a, n, sizeof *cols);
	size_t k = 0;
	for (size_t i = 0; i < SCORES_COUNT(scores_head); i++)
		scores_fixed_column(a, &cols[k++], &scores_head[i], 0);
	for (size_t i = 0; i < g->nareas; i++) {
		const struct scores_node *area = &g->areas[i];
		cols[k++] = (struct scores_column){
			.kind = SCORES_COL_AREA,
			.key = arena_printf(a, "lv_%s", area->code),
			.label = area->name, .code = area->code,
			.has_max = true, .max = area->max, .area = i,
			.header = arena_printf(a, "LV %s. %s%s", area->code,
					       area->name,
					       scores_max_text(a, area->max)),
		};
	}
	for (size_t i = 0; i < SCORES_COUNT(scores_tail); i++) {
		const struct scores_fixed *f = &scores_tail[i];
		int64_t max = 0;
		if (f->kind == SCORES_COL_SURVEY && !g->has_survey)
			continue;
		if (f->kind == SCORES_COL_SELF || f->kind == SCORES_COL_APPRAISED)
			max = appraised;
		else if (f->kind == SCORES_COL_SURVEY)
			max = survey;
		else if (f->kind == SCORES_COL_TOTAL)
			max = g->max;
		scores_fixed_column(a, &cols[k++], f, max);
	}
	g->columns = cols;
	g->ncolumns = k;
}

void scores_annex_build(struct arena *a, struct scores_dataset *d)
{
	for (size_t i = 0; i < d->ngroups; i++)
		scores_group_columns(a, &d->groups[i]);
}

static struct scores_cell scores_points_cell(int64_t v)
{
	return (struct scores_cell){SCORES_CELL_POINTS, v, NULL};
}

static struct scores_cell scores_whole_cell(bool has, long long v)
{
	if (!has)
		return (struct scores_cell){SCORES_CELL_EMPTY, 0, NULL};
	return (struct scores_cell){SCORES_CELL_WHOLE, v, NULL};
}

static struct scores_cell scores_text_cell(const char *s)
{
	if (!s || !*s)
		return (struct scores_cell){SCORES_CELL_EMPTY, 0, NULL};
	return (struct scores_cell){SCORES_CELL_TEXT, 0, s};
}

struct scores_cell scores_annex_cell(const struct scores_dataset *d,
				     const struct scores_unit *u,
				     const struct scores_column *c)
{
	struct scores_cell index = {SCORES_CELL_INDEX, 0, NULL};
	switch (c->kind) {
	case SCORES_COL_CODE: return scores_text_cell(u->code);
	case SCORES_COL_NAME: return scores_text_cell(u->name);
	case SCORES_COL_AREA:
		if (!u->area_max[c->area])
			return scores_whole_cell(false, 0);
		return scores_points_cell(u->area_points[c->area]);
	case SCORES_COL_SELF: return scores_points_cell(u->self_sum);
	case SCORES_COL_APPRAISED: return scores_points_cell(u->appraised_sum);
	case SCORES_COL_SURVEY:
		if (u->survey_not_held)
			return scores_text_cell("Không tổ chức");
		return scores_points_cell(u->survey_sum);
	case SCORES_COL_BONUS: return scores_points_cell(u->bonus);
	case SCORES_COL_PENALTY: return scores_points_cell(u->penalty);
	case SCORES_COL_TOTAL: return scores_points_cell(u->total);
	case SCORES_COL_MAX: return scores_points_cell(u->max);
	case SCORES_COL_INDEX:
		index.value = u->index;
		return index;
	case SCORES_COL_RANK: return scores_whole_cell(u->rank != 0,
						       (long long)u->rank);
	case SCORES_COL_BAND: return scores_text_cell(scores_unit_band_name(d, u));
	case SCORES_COL_CHANGE_INDEX:
		if (!u->change.has)
			return scores_whole_cell(false, 0);
		index.value = u->change.index_delta;
		return index;
	case SCORES_COL_CHANGE_PLACES:
		return scores_whole_cell(u->change.has_places, u->change.places);
	}
	return scores_whole_cell(false, 0);
}

void scores_annex_format(struct buf *out, const struct scores_dataset *d,
			 const struct scores_cell *cell)
{
	switch (cell->kind) {
	case SCORES_CELL_EMPTY: break;
	case SCORES_CELL_POINTS: scores_format_exact(out, cell->value); break;
	case SCORES_CELL_INDEX:
		scores_format_dot(out, cell->value, d->decimals);
		break;
	case SCORES_CELL_WHOLE: buf_printf(out, "%lld", (long long)cell->value);
		break;
	case SCORES_CELL_TEXT: buf_puts(out, cell->text); break;
	}
}

/* scores_xlsx: the annex download and the clerk's entry workbook, written
 * with libxlsxwriter (see scores_xlsx.h).  libxlsxwriter writes to a file
 * name, so a download goes through a private temporary file under
 * $TMPDIR that is read back and removed. */
#include "scores_xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "mem.h"

const char *const scores_entry_key[SCORES_ENTRY_KINDS] = {
	"tu_danh_gia", "tham_dinh", "dtxhh",
};

static const char *const scores_entry_label[SCORES_ENTRY_KINDS] = {
	"Điểm tự đánh giá", "Điểm thẩm định", "Điểm điều tra xã hội học",
};

/* Excel's limit on a sheet name, in characters. */
#define SCORES_XLSX_SHEET_NAME 31

bool scores_entry_takes(const struct scores_node *leaf,
			enum scores_entry_kind kind)
{
	return (leaf->source == SCORES_SURVEY) == (kind == SCORES_ENTRY_SURVEY);
}

static double scores_xlsx_num(int64_t v)
{
	return (double)v / SCORES_SCALE;
}

/* The workbook's formats: made once per workbook, read-only after. */
struct scores_xlsx_formats {
	lxw_format *title, *bold, *head, *points, *index, *whole, *na;
};

static void scores_xlsx_formats(lxw_workbook *wb, int decimals,
				struct scores_xlsx_formats *f)
{
	static const char *const index_formats[] = {"0", "0.0", "0.00", "0.000"};
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 13);
	f->bold = workbook_add_format(wb);
	format_set_bold(f->bold);
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_text_wrap(f->head);
	format_set_align(f->head, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(f->head, LXW_BORDER_THIN);
	format_set_bg_color(f->head, 0xF2E6C9);
	f->points = workbook_add_format(wb);
	format_set_num_format(f->points, "0.00");
	format_set_border(f->points, LXW_BORDER_THIN);
	f->index = workbook_add_format(wb);
	format_set_num_format(f->index, index_formats[decimals < 0 ? 0 :
			      decimals > 3 ? 3 : decimals]);
	format_set_border(f->index, LXW_BORDER_THIN);
	format_set_bold(f->index);
	f->whole = workbook_add_format(wb);
	format_set_num_format(f->whole, "0");
	format_set_border(f->whole, LXW_BORDER_THIN);
	f->na = workbook_add_format(wb);
	format_set_bg_color(f->na, 0xD9D9D9);
	format_set_border(f->na, LXW_BORDER_THIN);
}

/* The decision's date (else 1 January after the year) as the creation
 * time, so the same data always gives the same bytes. */
static void scores_xlsx_properties(lxw_workbook *wb,
				   const struct scores_dataset *d,
				   lxw_doc_properties *p)
{
	struct tm tm = {.tm_year = (int)d->year + 1 - 1900, .tm_mday = 1};
	int y, m, day;
	if (d->decision.date &&
	    sscanf(d->decision.date, "%4d-%2d-%2d", &y, &m, &day) == 3) {
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = day;
	}
	memset(p, 0, sizeof *p);
	p->title = (char *)d->title;
	p->company = (char *)d->body;
	p->created = timegm(&tm);
	workbook_set_properties(wb, p);
}

/* A sheet name Excel takes: at most 31 characters, none of []:*?/\. */
static void scores_xlsx_sheet_name(struct buf *out, const char *name)
{
	size_t chars = 0;
	for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
		if ((*s & 0xC0) != 0x80 && ++chars > SCORES_XLSX_SHEET_NAME)
			break;
		buf_putc(out, strchr("[]:*?/\\", *s) ? '-' : (char)*s);
	}
}

/* ---- the annex ---------------------------------------------------- */

static void scores_annex_top(lxw_worksheet *ws, const struct scores_dataset *d,
			     const struct scores_group *g,
			     const struct scores_xlsx_formats *f)
{
	char line[512];
	worksheet_write_string(ws, 0, 0, d->body ? d->body : "", f->bold);
	worksheet_write_string(ws, 1, 0, d->title ? d->title : "", f->title);
	if (d->decision.number)
		snprintf(line, sizeof line, "Kèm theo Quyết định số %s ngày %.2s/%.2s/%.4s",
			 d->decision.number, d->decision.date + 8,
			 d->decision.date + 5, d->decision.date);
	else
		snprintf(line, sizeof line, "DỰ THẢO: chưa có quyết định công bố");
	worksheet_write_string(ws, 2, 0, line, f->bold);
	worksheet_write_string(ws, 3, 0, g->khoi ? g->khoi : g->id, f->bold);
}

#define SCORES_ANNEX_HEAD 5           /* 0-based row of the header */

/* The header row: the group's annex columns (scores.h), as the CSV has. */
static void scores_annex_head(lxw_worksheet *ws, const struct scores_group *g,
			      const struct scores_xlsx_formats *f)
{
	for (size_t c = 0; c < g->ncolumns; c++)
		worksheet_write_string(ws, SCORES_ANNEX_HEAD, (lxw_col_t)c,
				       g->columns[c].header, f->head);
}

static void scores_annex_row(lxw_worksheet *ws, lxw_row_t r,
			     const struct scores_dataset *d,
			     const struct scores_group *g,
			     const struct scores_unit *u,
			     const struct scores_xlsx_formats *f)
{
	for (size_t c = 0; c < g->ncolumns; c++) {
		struct scores_cell cell = scores_annex_cell(d, u, &g->columns[c]);
		lxw_col_t col = (lxw_col_t)c;
		switch (cell.kind) {
		case SCORES_CELL_EMPTY:
			worksheet_write_blank(ws, r, col, f->points);
			break;
		case SCORES_CELL_POINTS:
			worksheet_write_number(ws, r, col,
					       scores_xlsx_num(cell.value), f->points);
			break;
		case SCORES_CELL_INDEX:
			worksheet_write_number(ws, r, col,
					       scores_xlsx_num(cell.value), f->index);
			break;
		case SCORES_CELL_WHOLE:
			worksheet_write_number(ws, r, col, (double)cell.value,
					       f->whole);
			break;
		case SCORES_CELL_TEXT:
			worksheet_write_string(ws, r, col, cell.text, NULL);
			break;
		}
	}
}

static void scores_annex_sheet(lxw_workbook *wb, const struct scores_dataset *d,
			       size_t gi, const struct scores_xlsx_formats *f)
{
	const struct scores_group *g = &d->groups[gi];
	struct buf name;
	buf_init(&name);
	scores_xlsx_sheet_name(&name, g->khoi && *g->khoi ? g->khoi : g->id);
	if (workbook_validate_sheet_name(wb, name.data) != LXW_NO_ERROR) {
		buf_truncate(&name, 0);
		scores_xlsx_sheet_name(&name, g->id);
	}
	lxw_worksheet *ws = workbook_add_worksheet(wb, name.data);
	buf_dispose(&name);
	if (!ws)
		return;
	scores_annex_top(ws, d, g, f);
	scores_annex_head(ws, g, f);
	lxw_col_t ncols = (lxw_col_t)(g->ncolumns ? g->ncolumns : 1);
	for (size_t i = 0; i < g->nunits; i++)
		scores_annex_row(ws, (lxw_row_t)(SCORES_ANNEX_HEAD + 1 + i), d, g,
				 &d->units[g->order[i]], f);
	worksheet_set_row(ws, SCORES_ANNEX_HEAD, 96, NULL);
	worksheet_set_column(ws, 0, 0, 14, NULL);
	worksheet_set_column(ws, 1, 1, 28, NULL);
	worksheet_set_column(ws, 2, ncols - 1, 12, NULL);
	worksheet_freeze_panes(ws, SCORES_ANNEX_HEAD + 1, 2);
	worksheet_autofilter(ws, SCORES_ANNEX_HEAD, 0,
			     (lxw_row_t)(SCORES_ANNEX_HEAD + g->nunits), ncols - 1);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);   /* A4 */
	worksheet_repeat_rows(ws, SCORES_ANNEX_HEAD, SCORES_ANNEX_HEAD);
	worksheet_fit_to_pages(ws, 1, 0);
}

/* ---- writing a workbook ------------------------------------------- */

typedef void (*scores_xlsx_fill)(lxw_workbook *wb,
				 const struct scores_dataset *d);

static int scores_xlsx_file(const char *path, const struct scores_dataset *d,
			    scores_xlsx_fill fill, struct buf *why)
{
	/* no tmpdir: libxlsxwriter then uses tmpfile(), whose files have
	 * no name, so a build killed meanwhile leaves nothing behind */
	lxw_workbook_options opt = {.tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		buf_printf(why, "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	lxw_doc_properties props;
	scores_xlsx_properties(wb, d, &props);
	fill(wb, d);
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		buf_printf(why, "cannot write %s: %s", path, lxw_strerror(e));
		return -1;
	}
	return 0;
}

static void scores_annex_fill(lxw_workbook *wb, const struct scores_dataset *d)
{
	struct scores_xlsx_formats f;
	scores_xlsx_formats(wb, d->decimals, &f);
	for (size_t i = 0; i < d->ngroups; i++)
		scores_annex_sheet(wb, d, i, &f);
}

static int scores_read_back(const char *path, struct buf *out, struct buf *why)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	while (fp && (n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_put(out, chunk, n);
	int rc = fp && !ferror(fp) ? 0 : -1;
	if (rc < 0)
		buf_printf(why, "cannot read back %s: %s", path, strerror(errno));
	if (fp)
		fclose(fp);
	return rc;
}

/* A file with no name (O_TMPFILE) under $TMPDIR, written and read back
 * through /proc/self/fd: a build killed meanwhile leaves no file behind.
 * Where the file system has no O_TMPFILE, a named file removed at once
 * after use. */
int scores_write_xlsx(struct buf *out, const struct scores_dataset *d,
		      struct buf *why)
{
	const char *tmp = getenv("TMPDIR");
	const char *dir = tmp && *tmp ? tmp : "/tmp";
	struct buf path;
	buf_init(&path);
	bool named = false;
	int fd = open(dir, O_TMPFILE | O_RDWR, 0600);
	if (fd >= 0) {
		buf_printf(&path, "/proc/self/fd/%d", fd);
	} else {
		buf_printf(&path, "%s/congbo-xlsx-XXXXXX", dir);
		fd = mkstemp(path.data);
		named = true;
	}
	if (fd < 0) {
		buf_printf(why, "cannot make a temporary file in %s: %s", dir,
			   strerror(errno));
		buf_dispose(&path);
		return -1;
	}
	int rc = scores_xlsx_file(path.data, d, scores_annex_fill, why);
	if (rc == 0)
		rc = scores_read_back(path.data, out, why);
	if (named)
		unlink(path.data);
	close(fd);
	buf_dispose(&path);
	return rc;
}

/* ---- the entry workbook ------------------------------------------- */

static void scores_entry_head(lxw_worksheet *ws, const struct scores_dataset *d,
			      const struct scores_group *g,
			      enum scores_entry_kind kind,
			      const struct scores_xlsx_formats *f)
{
	char text[512];
	lxw_row_t head = SCORES_ENTRY_HEAD_ROW - 1;
	worksheet_write_string(ws, 0, 0, d->id, f->bold);
	worksheet_write_string(ws, 0, 1, d->title ? d->title : "", f->title);
	snprintf(text, sizeof text, "%s: %s (%s)", g->khoi ? g->khoi : g->id,
		 scores_entry_label[kind], scores_entry_key[kind]);
	worksheet_write_string(ws, 1, 0, text, f->bold);
	worksheet_write_string(ws, 2, 0, "Nhập điểm vào ô; để trống: chưa có "
			       "điểm; " SCORES_ENTRY_NA ": không áp dụng. Không "
			       "sửa các dòng tiêu đề và cột Mã đơn vị.", NULL);
	worksheet_write_string(ws, head, 0, SCORES_ENTRY_HEAD_TEXT, f->head);
	worksheet_write_string(ws, head, 1, "Tên đơn vị", f->head);
	worksheet_write_string(ws, head + 1, 1, "Tiêu chí", f->head);
	worksheet_write_string(ws, head + 2, 1, "Điểm tối đa", f->head);
	lxw_col_t c = SCORES_ENTRY_FIRST_COL - 1;
	for (size_t i = 0; i < g->nleaves; i++) {
		const struct scores_node *leaf = g->leaves[i];
		if (!scores_entry_takes(leaf, kind))
			continue;
		worksheet_write_string(ws, head, c, leaf->code, f->head);
		worksheet_write_string(ws, head + 1, c, leaf->name, f->head);
		worksheet_write_number(ws, head + 2, c, scores_xlsx_num(leaf->max),
				       f->points);
		c++;
	}
	worksheet_set_row(ws, head + 1, 90, NULL);
	worksheet_set_column(ws, 0, 0, 14, NULL);
	worksheet_set_column(ws, 1, 1, 28, NULL);
	if (c > SCORES_ENTRY_FIRST_COL - 1)
		worksheet_set_column(ws, SCORES_ENTRY_FIRST_COL - 1, c - 1, 11, NULL);
	worksheet_freeze_panes(ws, head + 3, SCORES_ENTRY_FIRST_COL - 1);
}

static void scores_entry_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
			      const struct scores_points *p,
			      enum scores_entry_kind kind,
			      const struct scores_xlsx_formats *f)
{
	bool self = kind == SCORES_ENTRY_SELF;
	if (p->not_applicable)
		worksheet_write_string(ws, r, c, SCORES_ENTRY_NA, f->na);
	else if (self ? p->has_self : p->has_points)
		worksheet_write_number(ws, r, c, scores_xlsx_num(self ? p->self :
				       p->points), f->points);
	else
		worksheet_write_blank(ws, r, c, f->points);
}

static void scores_entry_sheet(lxw_workbook *wb, const struct scores_dataset *d,
			       size_t gi, enum scores_entry_kind kind,
			       const struct scores_xlsx_formats *f)
{
	const struct scores_group *g = &d->groups[gi];
	size_t leaves = 0;
	for (size_t i = 0; i < g->nleaves; i++)
		leaves += scores_entry_takes(g->leaves[i], kind);
	if (!leaves)
		return;
	char name[64];
	snprintf(name, sizeof name, "%s-%s", g->id, scores_entry_key[kind]);
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	if (!ws)
		return;
	scores_entry_head(ws, d, g, kind, f);
	lxw_row_t r = SCORES_ENTRY_HEAD_ROW + 2;
	for (size_t ui = 0; ui < d->nunits; ui++) {
		const struct scores_unit *u = &d->units[ui];
		if (u->group != gi)
			continue;
		worksheet_write_string(ws, r, 0, u->code, NULL);
		worksheet_write_string(ws, r, 1, u->name, NULL);
		lxw_col_t c = SCORES_ENTRY_FIRST_COL - 1;
		for (size_t i = 0; i < g->nleaves; i++)
			if (scores_entry_takes(g->leaves[i], kind))
				scores_entry_cell(ws, r, c++, &u->points[i], kind, f);
		r++;
	}
}

static void scores_entry_fill(lxw_workbook *wb, const struct scores_dataset *d)
{
	struct scores_xlsx_formats f;
	scores_xlsx_formats(wb, d->decimals, &f);
	for (size_t gi = 0; gi < d->ngroups; gi++)
		for (int k = 0; k < SCORES_ENTRY_KINDS; k++)
			scores_entry_sheet(wb, d, gi, (enum scores_entry_kind)k, &f);
}

int scores_write_entry(const char *path, const struct scores_dataset *d,
		       struct buf *why)
{
	return scores_xlsx_file(path, d, scores_entry_fill, why);
}

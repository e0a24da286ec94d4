/* scores_entry: congbo export scores / import scores (see scores_entry.h).
 *
 * Import runs in three passes, so nothing is written unless all is well:
 * read every entry sheet into a table of cells per (unit, kind, leaf),
 * reporting each wrong cell; rebuild the four score keys of each unit
 * found as text edits of the YAML file; load the edited text again with
 * the dataset loader, and only then replace the file. */
#include "scores_entry.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "mem.h"
#include "newcmd_io.h"
#include "scores.h"
#include "scores_xlsx.h"
#include "xlsx_read.h"
#include "yaml.h"

#define SCORES_ENTRY_DIR "content/scores"
/* How far down column A the header row ("Mã đơn vị") is looked for. */
#define SCORES_ENTRY_HEAD_SEARCH 20

/* A cell's meaning for one unit, kind and leaf. */
enum entry_state {
	ENTRY_UNTOUCHED,   /* no column for the leaf: keep what the file has */
	ENTRY_EMPTY,       /* the cell is empty: no points yet */
	ENTRY_VALUE,       /* points */
	ENTRY_NA,          /* KAD: khong_ap_dung */
};

struct entry_cell {
	enum entry_state state;
	int64_t value;
	unsigned row, col;            /* where it was read, for messages */
	const char *sheet;
};

/* One dataset being imported: the file, its loaded model, and per unit,
 * kind and leaf what the workbook says. */
struct entry_import {
	struct arena arena;
	struct diag_list *diags;
	const char *xlsx;             /* the workbook's name in messages */
	struct buf yaml_rel;          /* content/scores/<id>.yaml */
	struct buf text;              /* its bytes */
	const struct value *root;
	struct scores_dataset *d;
	struct entry_cell **cells;    /* [unit][kind * nleaves + leaf] */
	bool *found;                  /* per unit: it has a row somewhere */
	size_t errors;
};

static void entry_cell_error(struct entry_import *im, const char *sheet,
			     unsigned row, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void entry_cell_error(struct entry_import *im, const char *sheet,
			     unsigned row, unsigned col, const char *fmt, ...)
{
	struct buf where, msg;
	buf_init(&where);
	buf_init(&msg);
	buf_printf(&where, "%s:%s!", im->xlsx, sheet);
	xlsx_cell_name(&where, row, col);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_error(im->diags, where.data, 0, 0, "%s", msg.data);
	im->errors++;
	buf_dispose(&where);
	buf_dispose(&msg);
}

/* ---- loading the dataset ------------------------------------------ */

static int entry_load(struct entry_import *im, const char *source_dir,
		      const char *id)
{
	buf_printf(&im->yaml_rel, "%s/%s.yaml", SCORES_ENTRY_DIR, id);
	if (newcmd_read(source_dir, im->yaml_rel.data, &im->text) < 0) {
		diag_error(im->diags, im->yaml_rel.data, 0, 0, "cannot read it: "
			   "%s; is %s the id of a score file in %s/?",
			   strerror(errno), id, SCORES_ENTRY_DIR);
		return -1;
	}
	struct value *root;
	if (yaml_load(&im->arena, im->yaml_rel.data, im->text.data, im->text.len,
		      0, im->diags, &root) < 0)
		return -1;
	im->root = root;
	return scores_load_unfinished(&im->arena, root, im->yaml_rel.data,
				      im->diags, &im->d);
}

/* ---- export -------------------------------------------------------- */

int scores_entry_export(const char *source_dir, const char *id,
			const char *xlsx_path, struct diag_list *diags)
{
	struct entry_import im = {.diags = diags};
	arena_init(&im.arena);
	buf_init(&im.yaml_rel);
	buf_init(&im.text);
	struct buf why, tmp;
	buf_init(&why);
	buf_init(&tmp);
	int rc = -1;
	struct stat st;
	if (lstat(xlsx_path, &st) == 0) {
		diag_error(diags, xlsx_path, 0, 0, "the file exists; export never "
			   "replaces a workbook (it may hold typed scores): "
			   "remove it or choose another name");
		goto out;
	}
	if (entry_load(&im, source_dir, id) < 0)
		goto out;
	buf_printf(&tmp, "%s.tmp-%ld", xlsx_path, (long)getpid());
	if (scores_write_entry(tmp.data, im.d, &why) < 0) {
		diag_error(diags, xlsx_path, 0, 0, "%s", why.data);
		unlink(tmp.data);
		goto out;
	}
	/* link, not rename: a file made meanwhile is not replaced either */
	if (link(tmp.data, xlsx_path) < 0)
		diag_error(diags, xlsx_path, 0, 0, "cannot create it: %s",
			   strerror(errno));
	else
		rc = 0;
	unlink(tmp.data);
out:
	buf_dispose(&why);
	buf_dispose(&tmp);
	buf_dispose(&im.text);
	buf_dispose(&im.yaml_rel);
	arena_dispose(&im.arena);
	return rc;
}

/* ---- reading the sheets -------------------------------------------- */

/* "xa-tham_dinh" -> group index and kind; -1 when the name is not one. */
static int entry_sheet_kind(const struct scores_dataset *d, const char *name,
			    size_t *group, enum scores_entry_kind *kind)
{
	for (size_t g = 0; g < d->ngroups; g++) {
		size_t n = strlen(d->groups[g].id);
		if (strncmp(name, d->groups[g].id, n) != 0 || name[n] != '-')
			continue;
		for (int k = 0; k < SCORES_ENTRY_KINDS; k++)
			if (strcmp(name + n + 1, scores_entry_key[k]) == 0) {
				*group = g;
				*kind = (enum scores_entry_kind)k;
				return 0;
			}
	}
	return -1;
}

static const char *entry_text(const struct xlsx_sheet *sh, unsigned row,
			      unsigned col)
{
	const struct xlsx_cell *c = xlsx_cell_at(sh, row, col);
	return c && (c->kind == XLSX_TEXT || c->kind == XLSX_NUMBER) ? c->text
								     : NULL;
}

/* The 1-based row of the header ("Mã đơn vị" in column A), or 0. */
static unsigned entry_head_row(const struct xlsx_sheet *sh)
{
	for (unsigned r = 1; r <= SCORES_ENTRY_HEAD_SEARCH; r++) {
		const char *t = entry_text(sh, r, 1);
		if (t && strcmp(t, SCORES_ENTRY_HEAD_TEXT) == 0)
			return r;
	}
	return 0;
}

static size_t entry_leaf_by_code(const struct scores_group *g, const char *code)
{
	for (size_t i = 0; i < g->nleaves; i++)
		if (strcmp(g->leaves[i]->code, code) == 0)
			return i;
	return SCORES_NONE;
}

/* Maps each header column to a leaf of g taking kind; SCORES_NONE past
 * the last.  Returns the number of columns read. */
static unsigned entry_columns(struct entry_import *im,
			      const struct xlsx_sheet *sh, unsigned head,
			      size_t gi, enum scores_entry_kind kind,
			      size_t *leaf_of, unsigned ncols)
{
	const struct scores_group *g = &im->d->groups[gi];
	unsigned n = 0;
	for (unsigned c = SCORES_ENTRY_FIRST_COL; n < ncols; c++, n++) {
		const char *code = entry_text(sh, head, c);
		if (!code || !*code)
			break;
		size_t leaf = entry_leaf_by_code(g, code);
		leaf_of[n] = leaf;
		if (leaf == SCORES_NONE)
			entry_cell_error(im, sh->name, head, c, "no criterion of "
					 "the criteria set of group %s has the "
					 "code %s (or it is not a leaf)", g->id,
					 code);
		else if (!scores_entry_takes(g->leaves[leaf], kind))
			entry_cell_error(im, sh->name, head, c, "criterion %s "
					 "takes no %s points: its column "
					 "belongs in sheet %s-%s", code,
					 scores_entry_key[kind], g->id,
					 scores_entry_key[kind ==
					 SCORES_ENTRY_SURVEY ?
					 SCORES_ENTRY_APPRAISED :
					 SCORES_ENTRY_SURVEY]);
		if (leaf != SCORES_NONE &&
		    !scores_entry_takes(g->leaves[leaf], kind))
			leaf_of[n] = SCORES_NONE;
	}
	return n;
}

/* The index of the unit whose ma is code, or SCORES_NONE. */
static size_t entry_unit_by_code(const struct scores_dataset *d,
				 const char *code)
{
	const struct scores_unit *u = scores_find_unit(d, code);
	return u ? (size_t)(u - d->units) : SCORES_NONE;
}

/* "1,5", "12,25": a number written with a decimal comma. */
static bool entry_is_decimal_comma(const char *s)
{
	const char *comma = strchr(s, ',');
	if (!comma || comma == s || !comma[1])
		return false;
	for (const char *p = s; *p; p++)
		if (p != comma && !isdigit((unsigned char)*p))
			return false;
	return true;
}

static bool entry_is_na(const char *s)
{
	return strcasecmp(s, SCORES_ENTRY_NA) == 0 ||
	       strcmp(s, "không áp dụng") == 0 ||
	       strcmp(s, "Không áp dụng") == 0;
}

/* A number cell's text to thousandths: -1 when it has more than three
 * decimals (after Excel's binary rounding is undone). */
static int entry_thousandths(const char *text, int64_t *out)
{
	char *end;
	double v = strtod(text, &end);
	if (*end || !isfinite(v) || fabs(v) > SCORES_MAX_NUMBER)
		return -1;
	double scaled = v * SCORES_SCALE;
	double r = nearbyint(scaled);
	if (fabs(scaled - r) > 1e-6)
		return -1;
	*out = (int64_t)r;
	return 0;
}

/* Whitespace around a text cell's content is the clerk's, not data. */
static void entry_trim(struct buf *out, const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	buf_put(out, s, n);
}

static void entry_text_cell(struct entry_import *im, const struct xlsx_sheet *sh,
			    const struct xlsx_cell *c,
			    const struct scores_node *leaf, struct entry_cell *e)
{
	struct buf t, max;
	buf_init(&t);
	buf_init(&max);
	entry_trim(&t, c->text);
	scores_format_exact(&max, leaf->max);
	int64_t v;
	if (t.len == 0)
		e->state = ENTRY_EMPTY;
	else if (entry_is_na(t.data))
		e->state = ENTRY_NA;
	else if (entry_is_decimal_comma(t.data))
		entry_cell_error(im, sh->name, c->row, c->col, "\"%s\" uses a "
				 "decimal comma and is text; type %.*s.%s (with "
				 "a dot) or set the cell's format to a number",
				 t.data, (int)strcspn(t.data, ","), t.data,
				 strchr(t.data, ',') + 1);
	else if (entry_thousandths(t.data, &v) == 0)
		entry_cell_error(im, sh->name, c->row, c->col, "\"%s\" is a "
				 "number stored as text; set the cell's format "
				 "to a number", t.data);
	else
		entry_cell_error(im, sh->name, c->row, c->col, "\"%s\" is text "
				 "in a score cell of criterion %s; type a number "
				 "from 0 to %s, %s for không áp dụng, or leave it "
				 "empty", t.data, leaf->code, max.data,
				 SCORES_ENTRY_NA);
	buf_dispose(&t);
	buf_dispose(&max);
}

static void entry_number_cell(struct entry_import *im,
			      const struct xlsx_sheet *sh,
			      const struct xlsx_cell *c,
			      const struct scores_node *leaf,
			      struct entry_cell *e)
{
	struct buf max, got;
	buf_init(&max);
	buf_init(&got);
	scores_format_exact(&max, leaf->max);
	int64_t v;
	if (entry_thousandths(c->text, &v) < 0) {
		entry_cell_error(im, sh->name, c->row, c->col, "%s has more "
				 "than three decimals; scores are written to "
				 "at most 0.001", c->text);
	} else if (v < 0 || v > leaf->max) {
		scores_format_exact(&got, v);
		entry_cell_error(im, sh->name, c->row, c->col, "score %s is %s "
				 "the %s %s of criterion %s (%s)", got.data,
				 v < 0 ? "below" : "above", v < 0 ? "minimum" :
				 "maximum", v < 0 ? "0" : max.data, leaf->code,
				 leaf->name);
	} else {
		e->state = ENTRY_VALUE;
		e->value = v;
	}
	buf_dispose(&max);
	buf_dispose(&got);
}

static void entry_read_cell(struct entry_import *im, const struct xlsx_sheet *sh,
			    unsigned row, unsigned col,
			    const struct scores_node *leaf, struct entry_cell *e)
{
	const struct xlsx_cell *c = xlsx_cell_at(sh, row, col);
	e->state = ENTRY_EMPTY;
	e->row = row;
	e->col = col;
	e->sheet = sh->name;
	if (!c)
		return;
	if (c->kind == XLSX_NUMBER)
		entry_number_cell(im, sh, c, leaf, e);
	else if (c->kind == XLSX_TEXT)
		entry_text_cell(im, sh, c, leaf, e);
	else
		entry_cell_error(im, sh->name, row, col, "%s is %s, not a "
				 "score; type a number from 0 up, %s, or leave "
				 "it empty", c->text, c->kind == XLSX_BOOL ?
				 "a true/false value" : "an error value",
				 SCORES_ENTRY_NA);
}

/* The unit a data row names, or SCORES_NONE after an error. */
static size_t entry_row_unit(struct entry_import *im,
			     const struct xlsx_sheet *sh, unsigned row,
			     size_t gi, bool *seen)
{
	const char *code = entry_text(sh, row, 1);
	size_t u = entry_unit_by_code(im->d, code);
	const struct scores_group *g = &im->d->groups[gi];
	if (u == SCORES_NONE)
		entry_cell_error(im, sh->name, row, 1, "no unit has the code "
				 "\"%s\" in don_vi of %s", code, im->d->id);
	else if (im->d->units[u].group != gi)
		entry_cell_error(im, sh->name, row, 1, "unit %s is in group %s, "
				 "not %s: its row belongs in sheet %s-...",
				 code, im->d->groups[im->d->units[u].group].id,
				 g->id, im->d->groups[im->d->units[u].group].id);
	else if (seen[u])
		entry_cell_error(im, sh->name, row, 1, "unit %s has a second "
				 "row in this sheet", code);
	else {
		seen[u] = true;
		return u;
	}
	return SCORES_NONE;
}

static void entry_sheet_rows(struct entry_import *im,
			     const struct xlsx_sheet *sh, unsigned head,
			     size_t gi, enum scores_entry_kind kind,
			     const size_t *leaf_of, unsigned ncols)
{
	const struct scores_group *g = &im->d->groups[gi];
	bool *seen = xcalloc(im->d->nunits ? im->d->nunits : 1, sizeof *seen);
	unsigned last_row = sh->count ? sh->cells[sh->count - 1].row : 0;
	for (unsigned r = head + 3; r <= last_row; r++) {
		const char *code = entry_text(sh, r, 1);
		if (!code || !*code)
			continue;
		size_t u = entry_row_unit(im, sh, r, gi, seen);
		if (u == SCORES_NONE)
			continue;
		im->found[u] = true;
		for (unsigned i = 0; i < ncols; i++) {
			size_t leaf = leaf_of[i];
			if (leaf == SCORES_NONE)
				continue;
			entry_read_cell(im, sh, r, SCORES_ENTRY_FIRST_COL + i,
					g->leaves[leaf],
					&im->cells[u][kind * g->nleaves + leaf]);
		}
	}
	free(seen);
}

static void entry_sheet(struct entry_import *im, const struct xlsx_sheet *sh,
			size_t gi, enum scores_entry_kind kind)
{
	unsigned head = entry_head_row(sh);
	if (!head) {
		entry_cell_error(im, sh->name, SCORES_ENTRY_HEAD_ROW, 1, "the "
				 "header row is missing: column A of an entry "
				 "sheet must say \"%s\" above the units' codes",
				 SCORES_ENTRY_HEAD_TEXT);
		return;
	}
	const struct scores_group *g = &im->d->groups[gi];
	unsigned ncols = (unsigned)g->nleaves + 16;
	size_t *leaf_of = xcalloc(ncols, sizeof *leaf_of);
	ncols = entry_columns(im, sh, head, gi, kind, leaf_of, ncols);
	entry_sheet_rows(im, sh, head, gi, kind, leaf_of, ncols);
	free(leaf_of);
}

/* The dataset id the workbook names (A1 of its entry-like sheets). */
static const char *entry_book_id(const struct xlsx_book *book)
{
	for (size_t i = 0; i < book->count; i++) {
		const char *id = entry_text(&book->sheets[i], SCORES_ENTRY_ID_ROW, 1);
		if (id && strchr(book->sheets[i].name, '-') && *id)
			return id;
	}
	return NULL;
}

static void entry_sheets(struct entry_import *im, const struct xlsx_book *book)
{
	for (size_t i = 0; i < book->count; i++) {
		const struct xlsx_sheet *sh = &book->sheets[i];
		size_t gi;
		enum scores_entry_kind kind;
		if (entry_sheet_kind(im->d, sh->name, &gi, &kind) < 0) {
			diag_warning(im->diags, im->xlsx, 0, 0, "sheet \"%s\" is "
				     "not an entry sheet (GROUP-tu_danh_gia, "
				     "GROUP-tham_dinh or GROUP-dtxhh of %s); "
				     "it was not read", sh->name, im->d->id);
			continue;
		}
		const char *id = entry_text(sh, SCORES_ENTRY_ID_ROW, 1);
		if (!id || strcmp(id, im->d->id) != 0)
			entry_cell_error(im, sh->name, SCORES_ENTRY_ID_ROW, 1,
					 "this sheet is of dataset \"%s\", the "
					 "workbook's other sheets of %s",
					 id ? id : "", im->d->id);
		else
			entry_sheet(im, sh, gi, kind);
	}
}

/* A points cell given where the unit's points sheet says KAD. */
static void entry_check_self(struct entry_import *im)
{
	for (size_t u = 0; u < im->d->nunits; u++) {
		const struct scores_group *g = &im->d->groups[im->d->units[u].group];
		for (size_t l = 0; l < g->nleaves; l++) {
			const struct entry_cell *self = &im->cells[u][l];
			const struct entry_cell *pts =
				&im->cells[u][SCORES_ENTRY_APPRAISED * g->nleaves + l];
			if (self->state != ENTRY_VALUE || pts->state != ENTRY_NA)
				continue;
			struct buf at;
			buf_init(&at);
			xlsx_cell_name(&at, pts->row, pts->col);
			entry_cell_error(im, self->sheet, self->row, self->col,
					 "criterion %s is %s (không áp dụng) for "
					 "%s in %s!%s, so it takes no "
					 "self-assessed points; leave this cell "
					 "empty", g->leaves[l]->code,
					 SCORES_ENTRY_NA, im->d->units[u].code,
					 pts->sheet, at.data);
			buf_dispose(&at);
		}
	}
}

/* ---- writing the YAML back ----------------------------------------- */

/* One replacement of whole lines [from, to) (0-based) by text. */
struct entry_edit {
	size_t from, to;
	char *text;
};

struct entry_edits {
	struct entry_edit *items;
	size_t count, cap;
};

static void entry_edit_add(struct entry_edits *e, size_t from, size_t to,
			   struct buf *text)
{
	if (e->count == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 32;
		e->items = xreallocarray(e->items, e->cap, sizeof *e->items);
	}
	e->items[e->count++] = (struct entry_edit){from, to, buf_detach(text)};
}

struct entry_lines {
	const char **start;           /* each line's first byte */
	size_t *len;                  /* without its newline */
	size_t count;
};

static void entry_lines_split(const struct buf *text, struct entry_lines *l)
{
	size_t cap = 64;
	l->start = xmalloc(cap * sizeof *l->start);
	l->len = xmalloc(cap * sizeof *l->len);
	l->count = 0;
	const char *p = text->data, *end = text->data + text->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (l->count == cap) {
			cap *= 2;
			l->start = xreallocarray(l->start, cap, sizeof *l->start);
			l->len = xreallocarray(l->len, cap, sizeof *l->len);
		}
		l->start[l->count] = p;
		l->len[l->count++] = nl ? (size_t)(nl - p) : (size_t)(end - p);
		p = nl ? nl + 1 : end;
	}
}

static size_t entry_indent(const struct entry_lines *l, size_t i)
{
	size_t n = 0;
	while (n < l->len[i] && l->start[i][n] == ' ')
		n++;
	return n;
}

/* The lines a key's value takes: from the key's line, every following
 * line indented deeper than the key (blank lines inside included). */
static size_t entry_block_end(const struct entry_lines *l, size_t key_line,
			      unsigned key_col)
{
	size_t end = key_line + 1;
	for (size_t i = key_line + 1; i < l->count; i++) {
		size_t ind = entry_indent(l, i);
		if (ind == l->len[i])
			continue;             /* blank: decide by what follows */
		if (ind <= key_col - 1)
			break;
		end = i + 1;
	}
	return end;
}

/* `key: {"1.1": 1, ...}`, one line per area; returns the entries written. */
static size_t entry_flow_map(struct buf *out, unsigned col, const char *key,
			   const struct scores_group *g,
			   const struct scores_unit *u, enum scores_entry_kind kind,
			   const struct entry_cell *cells)
{
	size_t align = col - 1 + strlen(key) + 3;
	buf_printf(out, "%*s%s: {", (int)(col - 1), "", key);
	const char *area = NULL;
	size_t area_len = 0, n = 0;
	for (size_t l = 0; l < g->nleaves; l++) {
		const struct scores_node *leaf = g->leaves[l];
		const struct scores_points *p = &u->points[l];
		const struct entry_cell *c = &cells[kind * g->nleaves + l];
		int64_t v;
		if (c->state == ENTRY_VALUE)
			v = c->value;
		else if (c->state == ENTRY_UNTOUCHED && !p->not_applicable &&
			 (kind == SCORES_ENTRY_SELF ? p->has_self : p->has_points) &&
			 scores_entry_takes(leaf, kind))
			v = kind == SCORES_ENTRY_SELF ? p->self : p->points;
		else
			continue;
		size_t alen = strcspn(leaf->code, ".");
		if (n && (alen != area_len || strncmp(area, leaf->code, alen) != 0))
			buf_printf(out, ",\n%*s", (int)align, "");
		else if (n)
			buf_puts(out, ", ");
		area = leaf->code;
		area_len = alen;
		buf_printf(out, "\"%s\": ", leaf->code);
		scores_format_exact(out, v);
		n++;
	}
	buf_puts(out, "}\n");
	return n;
}

static bool entry_is_na_now(const struct scores_group *g,
			    const struct scores_unit *u,
			    const struct entry_cell *cells, size_t l)
{
	enum scores_entry_kind k = g->leaves[l]->source == SCORES_SURVEY ?
				   SCORES_ENTRY_SURVEY : SCORES_ENTRY_APPRAISED;
	const struct entry_cell *c = &cells[k * g->nleaves + l];
	return c->state == ENTRY_UNTOUCHED ? u->points[l].not_applicable
					   : c->state == ENTRY_NA;
}

static void entry_na_list(struct buf *out, unsigned col,
			  const struct scores_group *g,
			  const struct scores_unit *u,
			  const struct entry_cell *cells)
{
	buf_printf(out, "%*skhong_ap_dung: [", (int)(col - 1), "");
	size_t n = 0;
	for (size_t l = 0; l < g->nleaves; l++)
		if (entry_is_na_now(g, u, cells, l))
			buf_printf(out, "%s\"%s\"", n++ ? ", " : "",
				   g->leaves[l]->code);
	buf_puts(out, "]\n");
}

static bool entry_has_na(const struct scores_group *g,
			 const struct scores_unit *u,
			 const struct entry_cell *cells)
{
	for (size_t l = 0; l < g->nleaves; l++)
		if (entry_is_na_now(g, u, cells, l))
			return true;
	return false;
}

/* The new text of one score key of unit ui (empty: leave the key out). */
static void entry_key_text(struct entry_import *im, size_t ui, int k,
			   unsigned col, bool present, struct buf *out)
{
	const struct scores_unit *u = &im->d->units[ui];
	const struct scores_group *g = &im->d->groups[u->group];
	if (k == SCORES_ENTRY_KINDS) {
		if (present || entry_has_na(g, u, im->cells[ui]))
			entry_na_list(out, col, g, u, im->cells[ui]);
		return;
	}
	size_t mark = out->len;
	if (!entry_flow_map(out, col, scores_entry_key[k], g, u,
			    (enum scores_entry_kind)k, im->cells[ui]) && !present)
		buf_truncate(out, mark);
}

/* Edits replacing (or adding) unit ui's four score keys. */
static int entry_unit_edits(struct entry_import *im, size_t ui,
			    const struct value *unit,
			    const struct entry_lines *lines,
			    struct entry_edits *edits)
{
	static const char *const keys[] = {"tu_danh_gia", "tham_dinh", "dtxhh",
					   "khong_ap_dung"};
	unsigned col = unit->pairs[0].key->col;
	size_t after = 0;
	for (size_t i = 0; i < unit->count; i++) {
		const struct value *key = unit->pairs[i].key;
		if (key->col != col || (i && key->line == unit->pairs[i - 1].key->line)) {
			diag_error(im->diags, im->yaml_rel.data, key->line,
				   key->col, "unit %s is written in one-line "
				   "(flow) style; write each of its keys on a "
				   "line of its own so that import can fill "
				   "in its scores", im->d->units[ui].code);
			return -1;
		}
		size_t end = entry_block_end(lines, key->line - 1, col);
		after = end > after ? end : after;
	}
	struct buf added;
	buf_init(&added);
	for (int k = 0; k <= SCORES_ENTRY_KINDS; k++) {
		const struct value *v = value_map_get(unit, keys[k]);
		struct buf text;
		buf_init(&text);
		if (!v) {
			entry_key_text(im, ui, k, col, false, &added);
			buf_dispose(&text);
			continue;
		}
		const struct value *key = NULL;
		for (size_t i = 0; i < unit->count; i++)
			if (unit->pairs[i].val == v)
				key = unit->pairs[i].key;
		entry_key_text(im, ui, k, col, true, &text);
		entry_edit_add(edits, key->line - 1,
			       entry_block_end(lines, key->line - 1, col), &text);
	}
	if (added.len)
		entry_edit_add(edits, after, after, &added);
	buf_dispose(&added);
	return 0;
}

static int entry_edit_cmp(const void *pa, const void *pb)
{
	const struct entry_edit *a = pa, *b = pb;
	return a->from < b->from ? -1 : a->from > b->from;
}

/* The file's text with the edits applied, into out. */
static void entry_apply(const struct entry_lines *l, struct entry_edits *e,
			struct buf *out)
{
	qsort(e->items, e->count, sizeof *e->items, entry_edit_cmp);
	size_t line = 0;
	for (size_t i = 0; i < e->count; i++) {
		for (; line < e->items[i].from; line++)
			buf_printf(out, "%.*s\n", (int)l->len[line], l->start[line]);
		buf_puts(out, e->items[i].text);
		if (e->items[i].to > line)
			line = e->items[i].to;
	}
	for (; line < l->count; line++)
		buf_printf(out, "%.*s\n", (int)l->len[line], l->start[line]);
}

static int entry_new_text(struct entry_import *im, struct buf *out,
			  size_t *units)
{
	const struct value *list = value_map_get(im->root, "don_vi");
	struct entry_lines lines;
	struct entry_edits edits = {NULL, 0, 0};
	entry_lines_split(&im->text, &lines);
	int rc = 0;
	*units = 0;
	for (size_t ui = 0; ui < im->d->nunits && rc == 0; ui++) {
		if (!im->found[ui])
			continue;
		rc = entry_unit_edits(im, ui, list->items[ui], &lines, &edits);
		(*units)++;
	}
	if (rc == 0)
		entry_apply(&lines, &edits, out);
	for (size_t i = 0; i < edits.count; i++)
		free(edits.items[i].text);
	free(edits.items);
	free(lines.start);
	free(lines.len);
	return rc;
}

/* The edited text must load as the dataset it was: else nothing is
 * written (and the messages point into the text that was refused). */
static int entry_reload(struct entry_import *im, const struct buf *text)
{
	struct arena a;
	struct value *root;
	struct scores_dataset *d;
	arena_init(&a);
	int rc = yaml_load(&a, im->yaml_rel.data, text->data, text->len, 0,
			   im->diags, &root);
	if (rc == 0)
		rc = scores_load_unfinished(&a, root, im->yaml_rel.data,
					    im->diags, &d);
	arena_dispose(&a);
	return rc;
}

static int entry_write(const char *source_dir, const char *rel,
		       const struct buf *text, struct buf *path,
		       struct diag_list *diags)
{
	struct buf tmp;
	buf_init(&tmp);
	newcmd_path(path, source_dir, rel);
	buf_printf(&tmp, "%s.tmp-%ld", path->data, (long)getpid());
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL, 0644);
	bool ok = fd >= 0 && write(fd, text->data, text->len) == (ssize_t)text->len;
	ok = ok && fsync(fd) == 0;
	if (fd >= 0 && close(fd) < 0)
		ok = false;
	ok = ok && rename(tmp.data, path->data) == 0;
	if (!ok) {
		diag_error(diags, rel, 0, 0, "cannot write it: %s; it was left "
			   "as it was", strerror(errno));
		unlink(tmp.data);
	}
	buf_dispose(&tmp);
	return ok ? 0 : -1;
}

static void entry_import_dispose(struct entry_import *im)
{
	for (size_t i = 0; im->cells && im->d && i < im->d->nunits; i++)
		free(im->cells[i]);
	free(im->cells);
	free(im->found);
	buf_dispose(&im->text);
	buf_dispose(&im->yaml_rel);
	arena_dispose(&im->arena);
}

static void entry_tables(struct entry_import *im)
{
	size_t n = im->d->nunits ? im->d->nunits : 1;
	im->cells = xcalloc(n, sizeof *im->cells);
	im->found = xcalloc(n, sizeof *im->found);
	for (size_t u = 0; u < im->d->nunits; u++) {
		const struct scores_group *g = &im->d->groups[im->d->units[u].group];
		im->cells[u] = xcalloc(SCORES_ENTRY_KINDS * g->nleaves + 1,
				       sizeof **im->cells);
	}
}

int scores_entry_import(const char *source_dir, const char *xlsx_path,
			struct diag_list *diags, size_t *units,
			struct buf *yaml_path)
{
	struct entry_import im = {.diags = diags, .xlsx = xlsx_path};
	struct xlsx_book book = {NULL, 0};
	struct buf why, text;
	arena_init(&im.arena);
	buf_init(&im.yaml_rel);
	buf_init(&im.text);
	buf_init(&why);
	buf_init(&text);
	int rc = -1;
	if (xlsx_read(xlsx_path, &book, &why) < 0) {
		diag_error(diags, xlsx_path, 0, 0, "%s", why.data);
		goto out;
	}
	const char *id = entry_book_id(&book);
	if (!id) {
		diag_error(diags, xlsx_path, 0, 0, "no sheet names its dataset in "
			   "cell A1: make the workbook with congbo export scores "
			   "ID --xlsx FILE");
		goto out;
	}
	if (entry_load(&im, source_dir, id) < 0)
		goto out;
	entry_tables(&im);
	entry_sheets(&im, &book);
	entry_check_self(&im);
	if (im.errors || entry_new_text(&im, &text, units) < 0 ||
	    entry_reload(&im, &text) < 0)
		goto out;
	rc = entry_write(source_dir, im.yaml_rel.data, &text, yaml_path, diags);
out:
	xlsx_book_dispose(&book);
	buf_dispose(&why);
	buf_dispose(&text);
	entry_import_dispose(&im);
	return rc;
}

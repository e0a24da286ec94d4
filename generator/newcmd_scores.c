/* newcmd_scores: `congbo new scores SERIES-YEAR`: next year's score file
 * from the newest earlier one (see newcmd.h).
 *
 * The clerk's file is kept as they wrote it wherever it stays the same:
 * the top-level entries (bands, criteria sets, their comments) are copied
 * as text, line for line.  Only what changes is written anew: nam, the
 * year in tieu_de, quyet_dinh (dropped: the new decision is not signed
 * yet; trang_thai: du_thao marks the file a draft, which stops no build
 * while the scores are typed in), and don_vi, whose units keep ma, ten, nhom, khong_ap_dung and
 * xep_hang, get empty score maps, and get nam_truoc from the old file's
 * computed results.  That needs the old file in block style at the top
 * level (every key at the start of its own line), as clerks write it. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "newcmd_io.h"
#include "scores.h"
#include "text.h"
#include "yaml.h"

#define NEWCMD_SCORES_DIR "content/scores"

/* "cchc-2022" -> series "cchc", year 2022. */
static int newcmd_scores_id(const char *id, struct buf *series, long *year,
			    struct diag_list *diags)
{
	size_t n = strlen(id);
	bool ok = n > 5 && id[n - 5] == '-';
	for (size_t i = n - 4; ok && i < n; i++)
		ok = isdigit((unsigned char)id[i]) != 0;
	if (ok) {
		buf_put(series, id, n - 5);
		ok = text_slug_is_safe(series->data);
		*year = strtol(id + n - 4, NULL, 10);
	}
	if (!ok || *year < 1900)
		diag_error(diags, "congbo new", 0, 0, "\"%s\" is not a score "
			   "data id; write SERIES-YEAR in a-z, 0-9 and '-', "
			   "e.g. cchc-2022", id);
	return ok && *year >= 1900 ? 0 : -1;
}

/* The newest content/scores/SERIES-YYYY.yaml with YYYY < year. */
static int newcmd_scores_previous(const char *source_dir, const char *series,
				  long year, struct buf *rel)
{
	struct buf dir;
	buf_init(&dir);
	newcmd_path(&dir, source_dir, NEWCMD_SCORES_DIR);
	DIR *d = opendir(dir.data);
	buf_dispose(&dir);
	long best = 0;
	size_t sn = strlen(series);
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		size_t n = strlen(e->d_name);
		const char *y = e->d_name + sn + 1;
		if (n != sn + 10 || strncmp(e->d_name, series, sn) != 0 ||
		    e->d_name[sn] != '-' || strcmp(y + 4, ".yaml") != 0 ||
		    strspn(y, "0123456789") < 4)
			continue;
		long ey = strtol(y, NULL, 10);
		if (ey < year && ey > best)
			best = ey;
	}
	if (d)
		closedir(d);
	if (best)
		buf_printf(rel, NEWCMD_SCORES_DIR "/%s-%04ld.yaml", series, best);
	return best ? 0 : -1;
}

/* Offset of the start of 1-based line in text (len past the last). */
static size_t newcmd_line_start(const char *text, size_t len, unsigned line)
{
	size_t at = 0;
	for (unsigned l = 1; l < line && at < len; l++) {
		const char *nl = memchr(text + at, '\n', len - at);
		at = nl ? (size_t)(nl - text) + 1 : len;
	}
	return at;
}

/* Appends text[from..to) with the 4-digit number old, where it stands
 * alone, written as new. */
static void newcmd_replace_year(struct buf *t, const char *text, size_t from,
				size_t to, long old, long new)
{
	char o[16];
	snprintf(o, sizeof o, "%04ld", old);
	for (size_t i = from; i < to; i++) {
		if (i + 4 <= to && memcmp(text + i, o, 4) == 0 &&
		    (i == 0 || !isdigit((unsigned char)text[i - 1])) &&
		    (i + 4 == to || !isdigit((unsigned char)text[i + 4]))) {
			buf_printf(t, "%04ld", new);
			i += 3;
		} else
			buf_putc(t, text[i]);
	}
}

static void newcmd_scores_unit(struct buf *t, const struct scores_dataset *d,
			       const struct scores_unit *u)
{
	const struct scores_group *g = &d->groups[u->group];
	bool appraised = false, survey = false, first = true;
	buf_puts(t, "  - ma: ");
	newcmd_yaml_text(t, u->code);
	buf_puts(t, "\n    ten: ");
	newcmd_yaml_text(t, u->name);
	buf_puts(t, "\n    nhom: ");
	newcmd_yaml_text(t, g->id);
	buf_puts(t, "\n    tu_danh_gia: {}\n");
	for (size_t i = 0; i < g->nleaves; i++)
		*(g->leaves[i]->source == SCORES_SURVEY ? &survey
							: &appraised) = true;
	if (appraised)
		buf_puts(t, "    tham_dinh: {}\n");
	if (survey)
		buf_puts(t, "    dtxhh: {}\n");
	for (size_t i = 0; i < g->nleaves; i++) {
		if (!u->points[i].not_applicable)
			continue;
		buf_puts(t, first ? "    khong_ap_dung: [" : ", ");
		newcmd_yaml_quoted(t, g->leaves[i]->code);
		first = false;
	}
	if (!first)
		buf_puts(t, "]\n");
	if (!u->ranked)
		buf_puts(t, "    xep_hang: false\n");
	buf_puts(t, "    nam_truoc: {chi_so: ");
	scores_format_exact(t, u->index);
	if (u->rank)
		buf_printf(t, ", xep_hang: %zu", u->rank);
	buf_puts(t, "}\n");
}

static void newcmd_scores_units(struct buf *t, const struct scores_dataset *d)
{
	buf_puts(t, "don_vi:\n");
	for (size_t i = 0; i < d->nunits; i++) {
		const struct scores_unit *u = &d->units[i];
		const struct scores_group *g = &d->groups[u->group];
		if (i == 0 || d->units[i - 1].group != u->group)
			buf_printf(t, "  # %s\n", g->khoi && *g->khoi ? g->khoi
								     : g->id);
		newcmd_scores_unit(t, d, u);
	}
}

/* Every top-level key must start its own line, in order. */
static int newcmd_scores_block(const struct value *root, const char *file,
			       struct diag_list *diags)
{
	for (size_t i = 0; i < root->count; i++) {
		const struct value *k = root->pairs[i].key;
		if (k->col != 1 || (i && k->line <=
				    root->pairs[i - 1].key->line)) {
			diag_error(diags, file, k->line, k->col, "congbo new "
				   "copies this file line by line and needs "
				   "every top-level key at the start of its own "
				   "line");
			return -1;
		}
	}
	return 0;
}

/* The old file, entry by entry: copied, rewritten or left out. */
static void newcmd_scores_compose(struct buf *t, const char *text, size_t len,
				  const struct value *root,
				  const struct scores_dataset *d, long year)
{
	for (size_t i = 0; i < root->count; i++) {
		const char *key = root->pairs[i].key->str;
		size_t from = newcmd_line_start(text, len,
						root->pairs[i].key->line);
		size_t to = i + 1 < root->count
			? newcmd_line_start(text, len,
					    root->pairs[i + 1].key->line)
			: len;
		if (strcmp(key, "nam") == 0)
			buf_printf(t, "nam: %ld\ntrang_thai: du_thao\n", year);
		else if (strcmp(key, "tieu_de") == 0)
			newcmd_replace_year(t, text, from, to, d->year, year);
		else if (strcmp(key, "don_vi") == 0)
			newcmd_scores_units(t, d);
		else if (strcmp(key, "quyet_dinh") != 0 &&
			 strcmp(key, "trang_thai") != 0)
			buf_put(t, text + from, to - from);
		if (t->len && t->data[t->len - 1] != '\n')
			buf_putc(t, '\n');
	}
}

static void newcmd_scores_header(struct buf *t, const char *id, long year,
				 const char *prev_rel)
{
	const char *base = strrchr(prev_rel, '/');
	buf_printf(t, "# Chỉ số năm %ld, tạo bằng `congbo new scores %s` từ %s.\n"
		   "# Điền điểm tu_danh_gia, tham_dinh, dtxhh của từng đơn vị "
		   "(congbo check\n# liệt kê chỗ còn thiếu). Bản dự thảo "
		   "(trang_thai: du_thao) chỉ hiện khi xem trước\n# (congbo "
		   "serve, build --drafts). Khi có quyết định công bố: "
		   "trang_thai: cong_bo\n# và quyet_dinh: {so: ..., ngay: "
		   "..., file: /files/....pdf}.\n", year, id,
		   base ? base + 1 : prev_rel);
}

int newcmd_scores(const struct newcmd_options *o, struct buf *path,
		  struct diag_list *diags)
{
	struct buf series, rel, prev, text, out;
	struct arena a;
	struct value *root = NULL;
	struct scores_dataset *d = NULL;
	long year = 0;
	int rc = -1;
	buf_init(&series);
	buf_init(&rel);
	buf_init(&prev);
	buf_init(&text);
	buf_init(&out);
	arena_init(&a);
	if (newcmd_scores_id(o->title, &series, &year, diags) < 0)
		goto out;
	buf_printf(&rel, NEWCMD_SCORES_DIR "/%s.yaml", o->title);
	if (newcmd_refuse_existing(o->source_dir, rel.data, diags) < 0)
		goto out;
	if (newcmd_scores_previous(o->source_dir, series.data, year,
				   &prev) < 0) {
		diag_error(diags, rel.data, 0, 0, "no earlier " NEWCMD_SCORES_DIR
			   "/%s-YYYY.yaml to start from: write the first year "
			   "by hand (see the score data format)", series.data);
		goto out;
	}
	if (newcmd_read(o->source_dir, prev.data, &text) < 0) {
		diag_error(diags, prev.data, 0, 0, "cannot read it: %s",
			   strerror(errno));
		goto out;
	}
	if (yaml_load(&a, prev.data, text.data, text.len, 0, diags, &root) < 0 ||
	    scores_load(&a, root, prev.data, diags, &d) < 0 ||
	    newcmd_scores_block(root, prev.data, diags) < 0)
		goto out;
	newcmd_scores_header(&out, o->title, year, prev.data);
	newcmd_scores_compose(&out, text.data, text.len, root, d, year);
	rc = newcmd_write_new(o->source_dir, rel.data, &out, path, diags);
out:
	arena_dispose(&a);
	buf_dispose(&out);
	buf_dispose(&text);
	buf_dispose(&prev);
	buf_dispose(&rel);
	buf_dispose(&series);
	return rc;
}

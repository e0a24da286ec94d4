/* scores_load: score data YAML (a value tree) to a checked dataset.
 *
 * Every rule of score-format.md that data can break has a message here,
 * reported at the node that breaks it; checking carries on past errors so
 * that the clerk sees every problem of the file in one run.  Checks that
 * stand on a broken part are skipped rather than repeating it: maxima are
 * summed and units' points checked only against a criteria tree that read
 * without an error, and a unit of an unknown group has its points left
 * alone.  The arithmetic is in scores_compute.c. */
#include "scores.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"
#include "schema.h"
#include "text.h"
#include "text_date.h"

struct scores_loader {
	struct arena *arena;
	const char *file;
	struct diag_list *diags;      /* the loader's alone while it runs: its
				       * errors are counted in it */
	size_t errors_before;	      /* diags->errors when loading began */
	size_t sum_errors;            /* of errors: maxima that do not add up */
	struct scores_dataset *d;
	bool *sound;                  /* per group: its criteria tree is usable */
	bool missing_ok;              /* leaves without points are no error */
	bool past;                    /* a version from git: written before
	                               * quyet_dinh needed its file */
};

/* A sorted (key, file order) index for lookups and duplicate checks. */
struct scores_entry {
	const char *key;
	size_t order;
	const void *ptr;
	unsigned line, col;
};

enum scores_kind { SCORES_SELF, SCORES_POINTS_APPRAISED, SCORES_POINTS_SURVEY };

static const char *const scores_kind_key[] = {"tu_danh_gia", "tham_dinh", "dtxhh"};

/* Texts in score data are written out and not empty (ghi_chu and co_quan
 * may be). */
#define SCORES_TEXT (SCHEMA_NOT_NULL | SCHEMA_NOT_EMPTY)

static void ld_error_at(struct scores_loader *ld, unsigned line, unsigned col,
			const char *fmt, va_list ap)
{
	diag_vadd(ld->diags, DIAG_ERROR, ld->file, line, col, fmt, ap);
}

/* Errors found so far, the schema layer's reads' included. */
static size_t ld_errors(const struct scores_loader *ld)
{
	return ld->diags->errors - ld->errors_before;
}

/* An error at node at (the whole file when at is NULL). */
static void ld_error(struct scores_loader *ld, const struct value *at,
		     const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void ld_error(struct scores_loader *ld, const struct value *at,
		     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ld_error_at(ld, at ? at->line : 0, at ? at->col : 0, fmt, ap);
	va_end(ap);
}

static void ld_error_entry(struct scores_loader *ld,
			   const struct scores_entry *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void ld_error_entry(struct scores_loader *ld,
			   const struct scores_entry *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ld_error_at(ld, e->line, e->col, fmt, ap);
	va_end(ap);
}

enum scores_parse { PARSE_OK, PARSE_SYNTAX, PARSE_PRECISION, PARSE_RANGE };

static enum scores_parse scores_parse(const char *s, size_t len, int64_t *out)
{
	const char *end = s + len;
	bool neg = s < end && *s == '-';
	if (s < end && (*s == '-' || *s == '+'))
		s++;
	int64_t whole = 0, frac = 0;
	size_t digits = 0, places = 0;
	bool range = false, precision = false;
	for (; s < end && *s >= '0' && *s <= '9'; s++, digits++) {
		whole = whole * 10 + (*s - '0');
		if (whole > SCORES_MAX_NUMBER) {
			range = true;
			whole = SCORES_MAX_NUMBER + 1;
		}
	}
	if (s < end && *s == '.') {
		for (s++; s < end && *s >= '0' && *s <= '9'; s++, digits++) {
			if (places < SCORES_SCALE_DECIMALS) {
				frac = frac * 10 + (*s - '0');
				places++;
			} else if (*s != '0') {
				precision = true;
			}
		}
	}
	if (s != end || digits == 0)
		return PARSE_SYNTAX;
	for (; places < SCORES_SCALE_DECIMALS; places++)
		frac *= 10;
	int64_t v = whole * SCORES_SCALE + frac;
	if (range || v > (int64_t)SCORES_MAX_NUMBER * SCORES_SCALE)
		return PARSE_RANGE;
	if (precision)
		return PARSE_PRECISION;
	*out = neg ? -v : v;
	return PARSE_OK;
}

int scores_parse_decimal(const char *text, size_t len, int64_t *out)
{
	return scores_parse(text, len, out) == PARSE_OK ? 0 : -1;
}

/* "13,25" → "13.25", "1.234,5" → "1234.5"; false when the text is not a
 * number written with a decimal comma. */
static bool ld_comma_fix(const char *s, struct buf *fixed)
{
	if (!strchr(s, ','))
		return false;
	for (; *s; s++)
		if (*s == ',')
			buf_putc(fixed, '.');
		else if (*s != '.')
			buf_putc(fixed, *s);
	int64_t v;
	return scores_parse_decimal(fixed->data, fixed->len, &v) == 0;
}

static void ld_not_number(struct scores_loader *ld, const struct value *v)
{
	struct buf fixed;
	buf_init(&fixed);
	if (v->kind != VALUE_STRING)
		ld_error(ld, v, "a number is expected here, not %s",
			 value_kind_name(v->kind));
	else if (ld_comma_fix(v->str, &fixed))
		ld_error(ld, v, "\"%s\" uses a decimal comma; write %s", v->str,
			 fixed.data);
	else
		ld_error(ld, v, "a number is expected here, not the text \"%s\"",
			 v->str);
	buf_dispose(&fixed);
}

/* Reads a number node into thousandths; -1 after an error. */
static int ld_number(struct scores_loader *ld, const struct value *v,
		     int64_t *out)
{
	if (v->kind != VALUE_NUMBER) {
		ld_not_number(ld, v);
		return -1;
	}
	switch (scores_parse(v->str, v->len, out)) {
	case PARSE_OK:
		return 0;
	case PARSE_SYNTAX:
		ld_error(ld, v, "a number written with digits and a dot is "
			 "expected here (such as 12.5), not %s", v->str);
		break;
	case PARSE_PRECISION:
		ld_error(ld, v, "%s has more than %d decimals; points are kept "
			 "to the thousandth", v->str, SCORES_SCALE_DECIMALS);
		break;
	case PARSE_RANGE:
		ld_error(ld, v, "%s is too large; numbers go up to %s", v->str,
			 SCORES_MAX_NUMBER_TEXT);
		break;
	}
	return -1;
}

/* A number under key within [lo, hi] (thousandths); range errors read
 * "<key> must be <must>, not <raw>".  -1 when absent or wrong. */
static int ld_number_in(struct scores_loader *ld, const struct value *map,
			const char *key, int64_t lo, int64_t hi,
			const char *must, int64_t *out)
{
	const struct value *v = value_map_get(map, key);
	if (!v || ld_number(ld, v, out) < 0)
		return -1;
	if (*out >= lo && *out <= hi)
		return 0;
	ld_error(ld, v, "%s must be %s, not %s", key, must, v->str);
	return -1;
}

/* A whole number under key within [lo, hi]; same contract as above. */
static int ld_whole_in(struct scores_loader *ld, const struct value *map,
		       const char *key, long lo, long hi, const char *must,
		       long *out)
{
	int64_t v;
	if (ld_number_in(ld, map, key, INT64_MIN, INT64_MAX, must, &v) < 0)
		return -1;
	if (v % SCORES_SCALE == 0 && v / SCORES_SCALE >= lo &&
	    v / SCORES_SCALE <= hi) {
		*out = (long)(v / SCORES_SCALE);
		return 0;
	}
	const struct value *at = value_map_get(map, key);
	ld_error(ld, at, "%s must be %s, not %s", key, must, at->str);
	return -1;
}

/* A criterion code: text, or a number reported with the quoting rule and
 * then read as its raw text so checking can go on.  NULL when unusable. */
static const char *ld_code(struct scores_loader *ld, const struct value *v)
{
	if (v->kind == VALUE_NUMBER) {
		ld_error(ld, v, "code %s must be quoted (\"%s\"): unquoted, YAML "
			 "reads it as a number and 1.10 would equal 1.1",
			 v->str, v->str);
		return v->str;
	}
	if (v->kind != VALUE_STRING) {
		ld_error(ld, v, "a code such as \"1.2\" is expected here, not %s",
			 value_kind_name(v->kind));
		return NULL;
	}
	if (v->len == 0) {
		ld_error(ld, v, "a code must not be empty");
		return NULL;
	}
	return v->str;
}

/* Points formatted exactly, for messages ("11", "2.5"). */
static const char *ld_points(struct scores_loader *ld, int64_t v)
{
	struct buf b;
	buf_init(&b);
	scores_format_exact(&b, v);
	char *s = arena_strdup(ld->arena, b.data);
	buf_dispose(&b);
	return s;
}

static const char *const scores_level_noun[] = {"area", "criterion",
						"sub-criterion"};

/* "criterion 2.3 (Tự kiểm tra, rà soát văn bản)" */
static const char *ld_label(struct scores_loader *ld,
			    const struct scores_node *n)
{
	return arena_printf(ld->arena, "%s %s (%s)", scores_level_noun[n->level],
			    n->code, n->name);
}

static int scores_entry_cmp(const void *pa, const void *pb)
{
	const struct scores_entry *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* The first entry with key in sorted entries, or NULL. */
static const struct scores_entry *scores_entry_find(
	const struct scores_entry *e, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(e[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(e[lo].key, key) == 0 ? &e[lo] : NULL;
}

/* Sorts entries and reports every key given again after its first use;
 * returns how many were. */
static size_t ld_index_sort(struct scores_loader *ld, struct scores_entry *e,
			    size_t n, const char *what, const char *where)
{
	size_t dups = 0;
	qsort(e, n, sizeof *e, scores_entry_cmp);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (strcmp(e[i].key, e[first].key) != 0) {
			first = i;
			continue;
		}
		ld_error_entry(ld, &e[i], "%s \"%s\" is already used at line %u%s",
			       what, e[i].key, e[first].line, where);
		dups++;
	}
	return dups;
}

/* ---- the head of the file ---------------------------------------- */

static const struct schema_key scores_root_keys[] = {
	{"nam", "the year, e.g. nam: 2021"},
	{"tieu_de", "the title of the results"},
	{"co_quan", NULL},
	{"trang_thai", NULL},
	{"quyet_dinh", NULL},
	{"dinh_chinh", NULL},
	{"lam_tron", NULL},
	{"xep_loai", "the classification bands, e.g. - {ten: Tốt, tu: 80}"},
	{"bo_tieu_chi", "the criteria set of each group"},
	{"don_vi", "the units and their points"},
	{NULL, NULL},
};

/* "cchc-2021" from ".../cchc-2021.yaml"; series "cchc" and *year 2021,
 * or series = id and *year 0 when the name does not end in a year. */
static void ld_names(struct scores_loader *ld, long *year)
{
	const char *base = strrchr(ld->file, '/');
	base = base ? base + 1 : ld->file;
	const char *dot = strrchr(base, '.');
	size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	ld->d->id = arena_strndup(ld->arena, base, len);
	size_t digits = 0;
	while (digits < len && base[len - 1 - digits] >= '0' &&
	       base[len - 1 - digits] <= '9')
		digits++;
	*year = 0;
	ld->d->series = ld->d->id;
	if (digits == 4 && len > 5 && base[len - 5] == '-') {
		ld->d->series = arena_strndup(ld->arena, base, len - 5);
		*year = strtol(ld->d->id + len - 4, NULL, 10);
	}
}

static void ld_year(struct scores_loader *ld, const struct value *root)
{
	long name_year;
	ld_names(ld, &name_year);
	if (ld_whole_in(ld, root, "nam", 1000, 9999, "a year such as 2021",
			&ld->d->year) < 0)
		return;
	if (name_year && name_year != ld->d->year)
		ld_error(ld, value_map_get(root, "nam"),
			 "nam %ld does not match the year in the file name (%s)",
			 ld->d->year, ld->d->id);
}

/* A calendar date alone, YYYY-MM-DD. */
static bool ld_is_date(const char *s)
{
	struct text_date d;
	return strlen(s) == 10 && text_date_parse(s, 0, &d) == 0 && !d.has_time;
}

#define SCORES_FILE_EXAMPLE "file: /files/quyet-dinh-512-qd-ubnd.pdf"

/* quyet_dinh's file: "/files/a.pdf", a PDF of the site's content.
 * Whether it exists is results_load.c's check, which sees the source. */
static void ld_decision_file(struct scores_loader *ld, const struct value *v,
			     const char **out, unsigned *line, unsigned *col)
{
	const char *file = schema_text(v, "file", SCORES_TEXT, ld->diags);
	if (!file)
		return;
	const struct value *at = value_map_get(v, "file");
	size_t len = strlen(file);
	if (file[0] != '/' || strstr(file, "..") || strstr(file, "//") ||
	    len < 5 || strcasecmp(file + len - 4, ".pdf") != 0) {
		ld_error(ld, at, "file must be the decision's PDF as a path from "
			 "the site's root, such as /files/quyet-dinh-512-qd-ubnd"
			 ".pdf (the file content/files/quyet-dinh-512-qd-ubnd.pdf"
			 "), not \"%s\"", file);
		return;
	}
	*out = file + 1;
	*line = at->line;
	*col = at->col;
}

static void ld_decision(struct scores_loader *ld, const struct value *v)
{
	static const struct schema_key keys[] = {
		{"so", "the decision number, e.g. 512/QĐ-UBND"},
		{"ngay", "the decision date, e.g. 2022-06-15"},
		{"file", NULL},
		{NULL, NULL},
	};
	if (!v || !schema_want(v, VALUE_MAP,
			       "quyet_dinh must be a map such as "
			       "{so: 512/QĐ-UBND, ngay: 2022-06-15, file: "
			       "/files/quyet-dinh-512-qd-ubnd.pdf}",
			       ld->diags))
		return;
	schema_check_map(v, keys, true, ld->diags);
	ld->d->decision.number = schema_text(v, "so", SCORES_TEXT, ld->diags);
	const char *date = schema_text(v, "ngay", SCORES_TEXT, ld->diags);
	if (date && !ld_is_date(date))
		ld_error(ld, value_map_get(v, "ngay"), "ngay must be a date "
			 "written as 2022-06-15, not \"%s\"", date);
	else
		ld->d->decision.date = date;
	ld_decision_file(ld, v, &ld->d->decision.file,
			 &ld->d->decision.file_line, &ld->d->decision.file_col);
	if (ld->d->status == SCORES_PUBLISHED && !ld->past &&
	    !value_map_get(v, "file"))
		ld_error(ld, v, "missing key \"file\" (the signed decision's PDF "
			 "under content/, e.g. " SCORES_FILE_EXAMPLE "): a "
			 "published dataset links its decision; until it is "
			 "signed, write trang_thai: du_thao");
}

static void ld_correction(struct scores_loader *ld, const struct value *v,
			  struct scores_correction *c, const char *after)
{
	static const struct schema_key keys[] = {
		{"so", "the number of the correcting decision, e.g. "
		       "601/QĐ-UBND"},
		{"ngay", "its date, e.g. 2022-08-10"},
		{"file",
		 "its signed PDF, e.g. /files/quyet-dinh-601-qd-ubnd.pdf"},
		{"ly_do", "the reason, e.g. Sai sót khi tổng hợp điểm"},
		{NULL, NULL},
	};
	if (!schema_want(v, VALUE_MAP,
			 "each correction must be a map with so, "
			 "ngay, file and ly_do",
			 ld->diags))
		return;
	schema_check_map(v, keys, true, ld->diags);
	c->number = schema_text(v, "so", SCORES_TEXT, ld->diags);
	c->reason = schema_text(v, "ly_do", SCORES_TEXT, ld->diags);
	const char *date = schema_text(v, "ngay", SCORES_TEXT, ld->diags);
	const struct value *at = value_map_get(v, "ngay");
	if (date && !ld_is_date(date))
		ld_error(ld, at, "ngay must be a date written as 2022-08-10, not "
			 "\"%s\"", date);
	else if (date && after && strcmp(date, after) <= 0)
		ld_error(ld, at, "correction of %s must come after %s: list the "
			 "corrections in the order they were decided", date,
			 after);
	else
		c->date = date;
	ld_decision_file(ld, v, &c->file, &c->file_line, &c->file_col);
}

/* dinh_chinh: the corrections of a published dataset, oldest first. */
static void ld_corrections(struct scores_loader *ld, const struct value *root)
{
	const struct value *v = schema_list(root, "dinh_chinh", "corrections",
					    "correction", ld->diags);
	if (!v)
		return;
	if (ld->d->status == SCORES_DRAFT) {
		ld_error(ld, v, "a draft has no corrections: dinh_chinh corrects "
			 "published figures (trang_thai: cong_bo)");
		return;
	}
	struct scores_dataset *d = ld->d;
	d->ncorrections = v->count;
	d->corrections = arena_array(ld->arena, v->count, sizeof *d->corrections);
	const char *after = d->decision.date;
	for (size_t i = 0; i < v->count; i++) {
		ld_correction(ld, v->items[i], &d->corrections[i], after);
		if (d->corrections[i].date)
			after = d->corrections[i].date;
	}
}

bool scores_root_is_draft(const struct value *root)
{
	const struct value *status = value_map_get(root, "trang_thai");
	if (status)
		return status->kind == VALUE_STRING &&
		       strcmp(status->str, "du_thao") == 0;
	return !value_map_get(root, "quyet_dinh");
}

/* trang_thai, or by default published when quyet_dinh is given. */
static void ld_status(struct scores_loader *ld, const struct value *root)
{
	const struct value *v = value_map_get(root, "trang_thai");
	ld->d->status = scores_root_is_draft(root) ? SCORES_DRAFT
						   : SCORES_PUBLISHED;
	if (!v)
		return;
	if (v->kind != VALUE_STRING || (strcmp(v->str, "du_thao") != 0 &&
					strcmp(v->str, "cong_bo") != 0)) {
		ld_error(ld, v, "trang_thai must be du_thao (a draft, shown only "
			 "in preview) or cong_bo (published), not %s%s%s",
			 v->kind == VALUE_STRING ? "\"" : "",
			 v->kind == VALUE_STRING ? v->str
						 : value_kind_name(v->kind),
			 v->kind == VALUE_STRING ? "\"" : "");
		return;
	}
	if (ld->d->status == SCORES_PUBLISHED &&
	    !value_map_get(root, "quyet_dinh"))
		ld_error(ld, v, "trang_thai: cong_bo needs quyet_dinh, the signed "
			 "decision: {so: 512/QĐ-UBND, ngay: 2022-06-15, "
			 SCORES_FILE_EXAMPLE "}");
}

static void ld_band(struct scores_loader *ld, const struct value *v,
		    struct scores_band *b, const struct scores_band *before)
{
	static const struct schema_key keys[] = {
		{"ten", "the class name, e.g. Tốt"},
		{"tu", "the lowest index of the class, e.g. 80"},
		{NULL, NULL},
	};
	b->name = "";
	b->from = -1;
	if (!schema_want(v, VALUE_MAP,
			 "each band must be a map such as "
			 "{ten: Tốt, tu: 80}",
			 ld->diags))
		return;
	schema_check_map(v, keys, true, ld->diags);
	const char *name = schema_text(v, "ten", SCORES_TEXT, ld->diags);
	b->name = name ? name : "";
	if (ld_number_in(ld, v, "tu", 0, 100 * SCORES_SCALE,
			 "a percentage from 0 to 100", &b->from) < 0) {
		b->from = -1;
		return;
	}
	if (before && before->from >= 0 && b->from >= before->from)
		ld_error(ld, value_map_get(v, "tu"), "band %s (tu %s) must start "
			 "below the band before it, %s (tu %s): list the bands "
			 "from the highest down", b->name, ld_points(ld, b->from),
			 before->name, ld_points(ld, before->from));
}

static void ld_bands(struct scores_loader *ld, const struct value *root)
{
	const struct value *v =
		schema_list(root, "xep_loai", "bands", "band", ld->diags);
	if (!v)
		return;
	struct scores_dataset *d = ld->d;
	d->nbands = v->count;
	d->bands = arena_array(ld->arena, v->count, sizeof *d->bands);
	for (size_t i = 0; i < v->count; i++)
		ld_band(ld, v->items[i], &d->bands[i], i ? &d->bands[i - 1] : NULL);
}

static void ld_head(struct scores_loader *ld, const struct value *root)
{
	struct scores_dataset *d = ld->d;
	schema_check_map(root, scores_root_keys, true, ld->diags);
	ld_year(ld, root);
	d->title = schema_text(root, "tieu_de", SCORES_TEXT, ld->diags);
	const char *body =
		schema_text(root, "co_quan", SCHEMA_NOT_NULL, ld->diags);
	d->body = body ? body : "";
	ld_status(ld, root);
	ld_decision(ld, value_map_get(root, "quyet_dinh"));
	ld_corrections(ld, root);
	long decimals = SCORES_DEFAULT_DECIMALS;
	if (value_map_get(root, "lam_tron"))
		ld_whole_in(ld, root, "lam_tron", 0, SCORES_SCALE_DECIMALS,
			    "a whole number from 0 to 3", &decimals);
	d->decimals = (int)decimals;
	ld_bands(ld, root);
}

/* ---- criteria sets ------------------------------------------------ */

/* per level; the zeroed entries after each list end it */
static const struct schema_key scores_node_keys[][7] = {
	{{"ma", "its code, e.g. \"1\""},
	 {"ten", "its name"},
	 {"max", "its maximum points"},
	 {"nguon", NULL},
	 {"ma_cu", NULL},
	 {"tieu_chi", "the criteria of the area"}},
	{{"ma", "its code, e.g. \"1.2\""},
	 {"ten", "its name"},
	 {"max", "its maximum points"},
	 {"nguon", NULL},
	 {"ma_cu", NULL},
	 {"thanh_phan", NULL}},
	{{"ma", "its code, e.g. \"1.2.1\""},
	 {"ten", "its name"},
	 {"max", "its maximum points"},
	 {"nguon", NULL},
	 {"ma_cu", NULL}},
};
static const char *const scores_child_key[] = {"tieu_chi", "thanh_phan", NULL};
static const char *const scores_child_plural[] = {"criteria", "sub-criteria",
						  NULL};
static const char *const scores_child_one[] = {"criterion", "sub-criterion",
					       NULL};
static const char *const scores_node_shape[] = {
	"an area must be a map with ma, ten, max and tieu_chi",
	"a criterion must be a map with ma, ten and max",
	"a sub-criterion must be a map with ma, ten and max",
};

/* Errors other than maxima that do not add up.  A criteria tree read
 * without any is sound: only then are its sums and the units' points
 * checked, since both would only repeat what is broken. */
static size_t ld_tree_errors(const struct scores_loader *ld)
{
	return ld_errors(ld) - ld->sum_errors;
}

/* Reports children whose maxima do not add up to their parent's. */
static void ld_check_sum(struct scores_loader *ld, const struct value *at,
			 int64_t sum, int64_t max, const char *what,
			 const char *max_word)
{
	if (max <= 0 || sum == max)
		return;
	ld_error(ld, at, "%s add up to %s, not its %s %s", what,
		 ld_points(ld, sum), max_word, ld_points(ld, max));
	ld->sum_errors++;
}

static void ld_node(struct scores_loader *ld, const struct value *v,
		    enum scores_level level, enum scores_source source,
		    struct scores_node *n);

static void ld_children(struct scores_loader *ld, const struct value *map,
			struct scores_node *n)
{
	const char *key = scores_child_key[n->level];
	const struct value *list =
		schema_list(map, key, scores_child_plural[n->level],
			    scores_child_one[n->level], ld->diags);
	if (!list)
		return;
	size_t before = ld_tree_errors(ld);
	n->nchildren = list->count;
	n->children = arena_array(ld->arena, list->count, sizeof *n->children);
	int64_t sum = 0;
	for (size_t i = 0; i < list->count; i++) {
		ld_node(ld, list->items[i], n->level + 1, n->source,
			&n->children[i]);
		sum += n->children[i].max;
	}
	if (ld_tree_errors(ld) == before && n->code)
		ld_check_sum(ld, value_map_get(map, "max"), sum, n->max,
			     arena_printf(ld->arena, "the %s of %s %s",
					  scores_child_plural[n->level],
					  scores_level_noun[n->level], n->code),
			     "maximum");
}

static void ld_source(struct scores_loader *ld, const struct value *map,
		      enum scores_source *source)
{
	const struct value *v = value_map_get(map, "nguon");
	if (!v)
		return;
	if (v->kind == VALUE_STRING && strcmp(v->str, "tham_dinh") == 0)
		*source = SCORES_APPRAISED;
	else if (v->kind == VALUE_STRING && strcmp(v->str, "dtxhh") == 0)
		*source = SCORES_SURVEY;
	else if (v->kind == VALUE_STRING)
		ld_error(ld, v, "nguon must be tham_dinh (appraisal) or dtxhh "
			 "(survey), not \"%s\"", v->str);
	else
		ld_error(ld, v, "nguon must be tham_dinh (appraisal) or dtxhh "
			 "(survey), not %s", value_kind_name(v->kind));
}

/* Reads one node and its subtree into n. */
static void ld_node(struct scores_loader *ld, const struct value *v,
		    enum scores_level level, enum scores_source source,
		    struct scores_node *n)
{
	n->level = level;
	n->source = source;
	n->name = "";
	n->line = v->line;
	n->col = v->col;
	if (!schema_want(v, VALUE_MAP, scores_node_shape[level], ld->diags))
		return;
	schema_check_map(v, scores_node_keys[level], true, ld->diags);
	const struct value *code = value_map_get(v, "ma");
	if (code) {
		n->code = ld_code(ld, code);
		n->line = code->line;
		n->col = code->col;
	}
	const char *name = schema_text(v, "ten", SCORES_TEXT, ld->diags);
	n->name = name ? name : "";
	const struct value *old = value_map_get(v, "ma_cu");
	if (old)
		n->old_code = ld_code(ld, old);
	ld_number_in(ld, v, "max", 1, INT64_MAX, "above 0", &n->max);
	ld_source(ld, v, &n->source);
	if (level != SCORES_SUB)
		ld_children(ld, v, n);
}

/* Numbers the leaves depth-first and collects them into g->leaves. */
static void scores_number_leaves(struct scores_node *n, size_t *next,
				 const struct scores_node **leaves)
{
	n->first_leaf = *next;
	if (n->nchildren == 0) {
		if (leaves)
			leaves[*next] = n;
		(*next)++;
	}
	for (size_t i = 0; i < n->nchildren; i++)
		scores_number_leaves(&n->children[i], next, leaves);
	n->nleaves = *next - n->first_leaf;
}

static void ld_collect_leaves(struct scores_loader *ld, struct scores_group *g)
{
	size_t n = 0;
	for (size_t i = 0; i < g->nareas; i++)
		scores_number_leaves(&g->areas[i], &n, NULL);
	g->nleaves = n;
	g->leaves = arena_array(ld->arena, n ? n : 1, sizeof *g->leaves);
	n = 0;
	for (size_t i = 0; i < g->nareas; i++)
		scores_number_leaves(&g->areas[i], &n, g->leaves);
}

/* neu_khong_dtxhh: the group's declared rule for a survey not held. */
static void ld_no_survey_policy(struct scores_loader *ld, const struct value *v,
				struct scores_group *g)
{
	const char *policy =
		schema_text(v, "neu_khong_dtxhh", SCORES_TEXT, ld->diags);
	g->no_survey = SCORES_NO_POLICY;
	if (!policy)
		return;
	if (strcmp(policy, "quy_doi") == 0)
		g->no_survey = SCORES_NO_SURVEY_RESCALE;
	else if (strcmp(policy, "khong_diem") == 0)
		g->no_survey = SCORES_NO_SURVEY_ZERO;
	else
		ld_error(ld, value_map_get(v, "neu_khong_dtxhh"), "neu_khong_dtxhh "
			 "must be quy_doi (the index is on the appraised points, "
			 "converted to 100) or khong_diem (the survey counts 0 "
			 "points), not \"%s\"", policy);
}

static void ld_group(struct scores_loader *ld, const struct value *key,
		     const struct value *v, size_t gi)
{
	struct scores_group *g = &ld->d->groups[gi];
	static const struct schema_key keys[] = {
		{"ten", "the name of the criteria set"},
		{"khoi", NULL},
		{"tong_diem", "the total maximum, e.g. 100"},
		{"neu_khong_dtxhh", NULL},
		{"linh_vuc", "the areas"},
		{NULL, NULL},
	};
	g->id = key->str;
	g->name = g->khoi = "";
	g->line = key->line;
	g->col = key->col;
	if (!schema_want(v, VALUE_MAP,
			 arena_printf(ld->arena,
				      "the criteria "
				      "set of group %s must be a map with ten, "
				      "khoi, tong_diem and "
				      "linh_vuc",
				      g->id),
			 ld->diags))
		return;
	size_t before = ld_tree_errors(ld);
	schema_check_map(v, keys, true, ld->diags);
	const char *name = schema_text(v, "ten", SCORES_TEXT, ld->diags);
	const char *khoi = schema_text(v, "khoi", SCORES_TEXT, ld->diags);
	g->name = name ? name : "";
	g->khoi = khoi ? khoi : g->name;
	ld_number_in(ld, v, "tong_diem", 1, INT64_MAX, "above 0", &g->max);
	ld_no_survey_policy(ld, v, g);
	const struct value *list =
		schema_list(v, "linh_vuc", "areas", "area", ld->diags);
	if (!list)
		return;
	g->nareas = list->count;
	g->areas = arena_array(ld->arena, list->count, sizeof *g->areas);
	int64_t sum = 0;
	for (size_t i = 0; i < list->count; i++) {
		ld_node(ld, list->items[i], SCORES_AREA, SCORES_APPRAISED,
			&g->areas[i]);
		sum += g->areas[i].max;
	}
	ld_collect_leaves(ld, g);
	ld->sound[gi] = ld_tree_errors(ld) == before;
	if (ld->sound[gi])
		ld_check_sum(ld, value_map_get(v, "tong_diem"), sum, g->max,
			     arena_printf(ld->arena, "the areas of group %s",
					  g->id), "tong_diem");
}

static void ld_groups(struct scores_loader *ld, const struct value *root)
{
	const struct value *v = value_map_get(root, "bo_tieu_chi");
	if (!v || !schema_want(v, VALUE_MAP,
			       "bo_tieu_chi must be a map of "
			       "group id to criteria set",
			       ld->diags))
		return;
	if (v->count == 0) {
		ld_error(ld, v, "bo_tieu_chi holds no criteria set");
		return;
	}
	struct scores_dataset *d = ld->d;
	d->ngroups = v->count;
	d->groups = arena_array(ld->arena, v->count, sizeof *d->groups);
	ld->sound = arena_array(ld->arena, v->count, sizeof *ld->sound);
	for (size_t i = 0; i < v->count; i++)
		ld_group(ld, v->pairs[i].key, v->pairs[i].val, i);
}

/* ---- units --------------------------------------------------------- */

/* Per-group lookup of every node by code (sorted entries). */
struct scores_codes {
	struct scores_entry *e;
	size_t n;
};

static size_t scores_count_nodes(const struct scores_node *n)
{
	size_t c = 1;
	for (size_t i = 0; i < n->nchildren; i++)
		c += scores_count_nodes(&n->children[i]);
	return c;
}

static void ld_add_codes(const struct scores_node *n, struct scores_codes *c)
{
	if (n->code) {
		c->e[c->n] = (struct scores_entry){n->code, c->n, n, n->line,
						   n->col};
		c->n++;
	}
	for (size_t i = 0; i < n->nchildren; i++)
		ld_add_codes(&n->children[i], c);
}

/* Builds the code index of group gi (free c->e) and reports codes used
 * twice, which leave the tree unsound. */
static void ld_codes(struct scores_loader *ld, size_t gi,
		     struct scores_codes *c)
{
	const struct scores_group *g = &ld->d->groups[gi];
	size_t total = 0;
	for (size_t i = 0; i < g->nareas; i++)
		total += scores_count_nodes(&g->areas[i]);
	c->e = xcalloc(total ? total : 1, sizeof *c->e);
	c->n = 0;
	for (size_t i = 0; i < g->nareas; i++)
		ld_add_codes(&g->areas[i], c);
	const char *where = arena_printf(ld->arena,
					 " in the criteria set of group %s", g->id);
	if (ld_index_sort(ld, c->e, c->n, "code", where))
		ld->sound[gi] = false;
}

/* The leaf a score key names, or NULL after reporting why not. */
static const struct scores_node *ld_leaf(struct scores_loader *ld,
					 const struct scores_group *g,
					 const struct scores_codes *c,
					 const struct value *key,
					 const char *instead)
{
	const char *code = ld_code(ld, key);
	if (!code)
		return NULL;
	const struct scores_entry *e = scores_entry_find(c->e, c->n, code);
	if (!e) {
		ld_error(ld, key, "no criterion has the code %s in the criteria "
			 "set of group %s", code, g->id);
		return NULL;
	}
	const struct scores_node *n = e->ptr;
	if (n->nchildren == 0)
		return n;
	struct buf leaves;
	buf_init(&leaves);
	for (size_t i = 0; i < n->nleaves; i++)
		buf_printf(&leaves, "%s%s", i ? ", " : "",
			   g->leaves[n->first_leaf + i]->code);
	ld_error(ld, key, "%s has %s and is their sum; %s %s instead",
		 ld_label(ld, n), scores_child_plural[n->level], instead,
		 leaves.data);
	buf_dispose(&leaves);
	return NULL;
}

struct scores_unit_ctx {
	struct scores_unit *u;
	const struct scores_group *g;
	const struct scores_codes *codes;
	bool *given;                  /* per leaf: has appraised/survey points */
};

/* True when a score for leaf may stand under kind; else reports why. */
static bool ld_score_fits(struct scores_loader *ld,
			  const struct scores_unit_ctx *cx,
			  const struct scores_node *leaf, enum scores_kind kind,
			  const struct value *key)
{
	const char *label = ld_label(ld, leaf);
	bool survey = leaf->source == SCORES_SURVEY;
	if (cx->u->points[leaf->first_leaf].not_applicable)
		ld_error(ld, key, "%s is in khong_ap_dung, so it takes no points",
			 label);
	else if (kind == SCORES_SELF && survey)
		ld_error(ld, key, "%s comes from the survey: it has no "
			 "self-assessed points (tu_danh_gia)", label);
	else if (kind == SCORES_POINTS_APPRAISED && survey)
		ld_error(ld, key, "%s comes from the survey: its points go under "
			 "dtxhh, not tham_dinh", label);
	else if (kind == SCORES_POINTS_SURVEY && !survey)
		ld_error(ld, key, "%s is appraised: its points go under "
			 "tham_dinh, not dtxhh", label);
	else
		return true;
	return false;
}

/* One leaf's points under kind.  A leaf named with a bad number still
 * counts as given, so the one mistake is reported once. */
static void ld_score(struct scores_loader *ld, struct scores_unit_ctx *cx,
		     enum scores_kind kind, const struct value *key,
		     const struct value *val)
{
	const struct scores_node *leaf = ld_leaf(ld, cx->g, cx->codes, key,
						 "give points for");
	bool fits = leaf && ld_score_fits(ld, cx, leaf, kind, key);
	if (fits && kind != SCORES_SELF)
		cx->given[leaf->first_leaf] = true;
	int64_t v;
	if (ld_number(ld, val, &v) < 0 || !fits)
		return;
	if (v > leaf->max) {
		ld_error(ld, val, "score %s is above the maximum %s of %s",
			 val->str, ld_points(ld, leaf->max), ld_label(ld, leaf));
		return;
	}
	if (v < 0) {
		ld_error(ld, val, "score %s is below the minimum 0 of %s",
			 val->str, ld_label(ld, leaf));
		return;
	}
	struct scores_points *p = &cx->u->points[leaf->first_leaf];
	if (kind == SCORES_SELF) {
		p->self = v;
		p->has_self = true;
	} else {
		p->points = v;
		p->has_points = true;
	}
}

/* dtxhh: khong_to_chuc: no survey was held for the unit; the group's
 * neu_khong_dtxhh says what its survey leaves then count. */
static void ld_survey_not_held(struct scores_loader *ld,
			       struct scores_unit_ctx *cx, const struct value *v)
{
	const struct scores_group *g = cx->g;
	bool any = false;
	for (size_t i = 0; i < g->nleaves; i++)
		any |= g->leaves[i]->source == SCORES_SURVEY;
	if (!any) {
		ld_error(ld, v, "group %s has no survey criteria (nguon: dtxhh), "
			 "so there is no survey to leave out", g->id);
		return;
	}
	if (g->no_survey == SCORES_NO_POLICY) {
		ld_error(ld, v, "dtxhh: khong_to_chuc needs the group's rule for a "
			 "survey not held: add neu_khong_dtxhh: quy_doi (the index "
			 "is on the appraised points, converted to 100) or "
			 "neu_khong_dtxhh: khong_diem (the survey counts 0 points) "
			 "to the criteria set of group %s", g->id);
		return;
	}
	cx->u->survey_not_held = true;
	for (size_t i = 0; i < g->nleaves; i++) {
		struct scores_points *p = &cx->u->points[i];
		if (g->leaves[i]->source != SCORES_SURVEY || p->not_applicable)
			continue;
		p->not_held = true;
		p->not_applicable = g->no_survey == SCORES_NO_SURVEY_RESCALE;
		cx->given[i] = true;
	}
}

/* True when val and the pair after it are one number with a decimal comma
 * that a one-line map split: val a whole number, right after it (no space)
 * a comma and a whole-number key with no value. */
static bool ld_split_by_comma(const struct value *val,
			      const struct value_pair *next)
{
	const struct value *k = next->key;
	return val->kind == VALUE_NUMBER && !memchr(val->str, '.', val->len) &&
	       k->kind == VALUE_NUMBER && !memchr(k->str, '.', k->len) &&
	       next->val->kind == VALUE_NULL && k->line == val->line &&
	       k->col == val->col + val->len + 1;
}

/* The text "1,75" of the two halves, at the first one's place, for the
 * decimal-comma message. */
static const struct value *ld_joined_by_comma(struct scores_loader *ld,
					      const struct value *whole,
					      const struct value *frac)
{
	const char *text = arena_printf(ld->arena, "%s,%s", whole->str,
					frac->str);
	struct value *v = value_string(ld->arena, text);
	v->file = whole->file;
	v->line = whole->line;
	v->col = whole->col;
	return v;
}

static void ld_scores(struct scores_loader *ld, struct scores_unit_ctx *cx,
		      const struct value *unit, enum scores_kind kind)
{
	const char *key = scores_kind_key[kind];
	const struct value *v = value_map_get(unit, key);
	if (!v)
		return;
	if (kind == SCORES_POINTS_SURVEY && v->kind == VALUE_STRING &&
	    strcmp(v->str, "khong_to_chuc") == 0) {
		ld_survey_not_held(ld, cx, v);
		return;
	}
	if (!schema_want(v, VALUE_MAP,
			 arena_printf(ld->arena,
				      "%s must be a "
				      "map of criterion code to points",
				      key),
			 ld->diags))
		return;
	for (size_t i = 0; i < v->count; i++) {
		const struct value *code = v->pairs[i].key;
		const struct value *val = v->pairs[i].val;
		if (i + 1 < v->count &&
		    ld_split_by_comma(val, &v->pairs[i + 1])) {
			/* {"1.2": 1,75}: YAML read the points 1, then a key
			 * 75 without a value; they are one number, 1,75 */
			val = ld_joined_by_comma(ld, val, v->pairs[i + 1].key);
			i++;
		}
		ld_score(ld, cx, kind, code, val);
	}
}

static void ld_not_applicable(struct scores_loader *ld,
			      struct scores_unit_ctx *cx,
			      const struct value *unit)
{
	const struct value *v = value_map_get(unit, "khong_ap_dung");
	if (!v || !schema_want(v, VALUE_LIST,
			       "khong_ap_dung must be a list of "
			       "criterion codes",
			       ld->diags))
		return;
	for (size_t i = 0; i < v->count; i++) {
		const struct scores_node *leaf =
			ld_leaf(ld, cx->g, cx->codes, v->items[i], "list");
		if (!leaf)
			continue;
		struct scores_points *p = &cx->u->points[leaf->first_leaf];
		if (p->not_applicable)
			ld_error(ld, v->items[i], "%s is listed twice in "
				 "khong_ap_dung", leaf->code);
		p->not_applicable = true;
	}
}

/* Reports every applicable leaf left without points; a whole missing map
 * is one "missing key" error rather than one per leaf. */
static void ld_missing(struct scores_loader *ld, struct scores_unit_ctx *cx,
		       const struct value *unit)
{
	static const char *const hints[] = {
		"the appraised points of each criterion",
		"the survey points of each survey criterion",
	};
	bool reported[2] = {false, false};
	size_t applicable = 0;
	if (ld->missing_ok)
		return;
	for (size_t i = 0; i < cx->g->nleaves; i++) {
		const struct scores_node *leaf = cx->g->leaves[i];
		if (cx->u->points[i].not_applicable)
			continue;
		applicable++;
		int s = leaf->source == SCORES_SURVEY;
		const char *key = scores_kind_key[s ? SCORES_POINTS_SURVEY :
						  SCORES_POINTS_APPRAISED];
		const struct value *map = value_map_get(unit, key);
		if (cx->given[i] || (map && map->kind != VALUE_MAP) || reported[s])
			continue;
		if (!map) {
			ld_error(ld, unit, "missing key \"%s\" (%s)", key, hints[s]);
			reported[s] = true;
		} else
			ld_error(ld, map, "%s has no score in %s; give one, or list "
				 "it in khong_ap_dung", ld_label(ld, leaf), key);
	}
	if (cx->g->nleaves && applicable == 0)
		ld_error(ld, value_map_get(unit, "khong_ap_dung"), "every "
			 "criterion of unit %s is in khong_ap_dung; nothing is "
			 "left to score", cx->u->code ? cx->u->code : "");
}

static void ld_adjustment(struct scores_loader *ld, const struct value *unit,
			  const char *key, const char *note, int64_t *out)
{
	if (ld_number_in(ld, unit, key, 0, INT64_MAX, "0 or more", out) < 0) {
		*out = 0;
		return;
	}
	if (*out > 0 && !*note)
		ld_error(ld, value_map_get(unit, key), "%s %s needs a ghi_chu "
			 "saying why", key, value_map_get(unit, key)->str);
}

static void ld_last_year(struct scores_loader *ld, const struct value *unit,
			 struct scores_unit *u)
{
	static const struct schema_key keys[] = {
		{"chi_so", "last year's index, e.g. 87.36"},
		{"xep_hang", NULL},
		{NULL, NULL},
	};
	const struct value *v = value_map_get(unit, "nam_truoc");
	if (!v || !schema_want(v, VALUE_MAP,
			       "nam_truoc must be a map such as "
			       "{chi_so: 87.36, xep_hang: 10}",
			       ld->diags))
		return;
	schema_check_map(v, keys, true, ld->diags);
	long rank = 0;
	const struct value *r = value_map_get(v, "xep_hang");
	bool ok = !r || r->kind == VALUE_NULL ||
		  ld_whole_in(ld, v, "xep_hang", 1, 1000000000L,
			      "a rank (a whole number from 1)", &rank) == 0;
	ok &= ld_number_in(ld, v, "chi_so", 0, 100 * SCORES_SCALE,
			   "a percentage from 0 to 100", &u->last_index) == 0;
	u->has_last = ok;
	u->last_rank = (size_t)rank;
}

#define SCORES_PRED_EXAMPLE "{ma: [gia-tien, gia-thang], can_cu: Nghị quyết " \
	"số 1318/NQ-UBTVQH15, ngay: 2025-01-01}"

/* tien_than: the units this one continues, with the act and its date. */
static void ld_predecessors(struct scores_loader *ld, const struct value *unit,
			    struct scores_unit *u)
{
	static const struct schema_key keys[] = {
		{"ma", "the codes of the units it continues, e.g. [gia-tien, "
		       "gia-thang]"},
		{"can_cu",
		 "the legal act, e.g. Nghị quyết số 1318/NQ-UBTVQH15"},
		{"ngay", "the date it took effect, e.g. 2025-01-01"},
		{NULL, NULL},
	};
	const struct value *v = value_map_get(unit, "tien_than");
	if (!v ||
	    !schema_want(v, VALUE_MAP,
			 "tien_than must be a map such as " SCORES_PRED_EXAMPLE,
			 ld->diags))
		return;
	schema_check_map(v, keys, true, ld->diags);
	struct scores_predecessors *p = &u->pred;
	p->basis = schema_text(v, "can_cu", SCORES_TEXT, ld->diags);
	p->date = schema_text(v, "ngay", SCORES_TEXT, ld->diags);
	if (p->date && !ld_is_date(p->date)) {
		ld_error(ld, value_map_get(v, "ngay"), "ngay must be a date "
			 "written as 2025-01-01, not \"%s\"", p->date);
		p->date = NULL;
	}
	const struct value *list =
		schema_list(v, "ma", "unit codes", "unit", ld->diags);
	if (!list)
		return;
	p->codes = arena_array(ld->arena, list->count, sizeof *p->codes);
	p->lines = arena_array(ld->arena, list->count, sizeof *p->lines);
	p->cols = arena_array(ld->arena, list->count, sizeof *p->cols);
	for (size_t i = 0; i < list->count; i++) {
		const struct value *c = list->items[i];
		if (c->kind != VALUE_STRING || !text_slug_is_safe(c->str)) {
			ld_error(ld, c, "a unit code such as gia-thinh is expected "
				 "in tien_than, not %s", c->kind == VALUE_STRING
				 ? c->str : value_kind_name(c->kind));
			continue;
		}
		if (u->code && strcmp(c->str, u->code) == 0 && list->count == 1) {
			ld_error(ld, c, "tien_than names the unit itself (%s): list "
				 "the units it was formed from or renamed from",
				 c->str);
			continue;
		}
		p->lines[p->n] = c->line;
		p->cols[p->n] = c->col;
		p->codes[p->n++] = c->str;
	}
}

static void ld_unit_flags(struct scores_loader *ld, const struct value *v,
			  struct scores_unit *u)
{
	u->ranked = schema_bool(v, "xep_hang", true, ld->diags);
	const char *note =
		schema_text(v, "ghi_chu", SCHEMA_NOT_NULL, ld->diags);
	u->note = note ? note : "";
	ld_adjustment(ld, v, "diem_thuong", u->note, &u->bonus);
	ld_adjustment(ld, v, "diem_tru", u->note, &u->penalty);
	ld_last_year(ld, v, u);
	ld_predecessors(ld, v, u);
}

/* The group a unit names, or SCORES_NONE after an error. */
static size_t ld_unit_group(struct scores_loader *ld, const struct value *v)
{
	const char *id = schema_text(v, "nhom", SCORES_TEXT, ld->diags);
	if (!id)
		return SCORES_NONE;
	struct buf sets;
	buf_init(&sets);
	for (size_t i = 0; i < ld->d->ngroups; i++) {
		if (strcmp(ld->d->groups[i].id, id) == 0) {
			buf_dispose(&sets);
			return i;
		}
		buf_printf(&sets, "%s%s", i ? ", " : "", ld->d->groups[i].id);
	}
	ld_error(ld, value_map_get(v, "nhom"), "group \"%s\" has no criteria "
		 "set; the sets are: %s", id, sets.len ? sets.data : "(none)");
	buf_dispose(&sets);
	return SCORES_NONE;
}

static const struct schema_key scores_unit_keys[] = {
	{"ma", "the unit's code, e.g. gia-hoa"},
	{"ten", "the unit's name"},
	{"nhom", "its group, e.g. xa"},
	{"tu_danh_gia", NULL},
	{"tham_dinh", NULL},
	{"dtxhh", NULL},
	{"khong_ap_dung", NULL},
	{"xep_hang", NULL},
	{"diem_thuong", NULL},
	{"diem_tru", NULL},
	{"ghi_chu", NULL},
	{"nam_truoc", NULL},
	{"tien_than", NULL},
	{NULL, NULL},
};

static void ld_unit_points(struct scores_loader *ld, const struct value *v,
			   struct scores_unit *u,
			   const struct scores_codes *codes)
{
	const struct scores_group *g = &ld->d->groups[u->group];
	u->points = arena_array(ld->arena, g->nleaves ? g->nleaves : 1,
				sizeof *u->points);
	struct scores_unit_ctx cx = {u, g, codes, NULL};
	cx.given = xcalloc(g->nleaves ? g->nleaves : 1, sizeof *cx.given);
	ld_not_applicable(ld, &cx, v);
	ld_scores(ld, &cx, v, SCORES_SELF);
	ld_scores(ld, &cx, v, SCORES_POINTS_APPRAISED);
	ld_scores(ld, &cx, v, SCORES_POINTS_SURVEY);
	ld_missing(ld, &cx, v);
	free(cx.given);
}

static void ld_unit(struct scores_loader *ld, const struct value *v,
		    struct scores_unit *u, const struct scores_codes *codes)
{
	u->line = v->line;
	u->col = v->col;
	u->group = SCORES_NONE;
	u->code = u->name = u->note = "";
	if (!schema_want(v, VALUE_MAP,
			 "a unit must be a map with ma, ten, "
			 "nhom and its points",
			 ld->diags))
		return;
	schema_check_map(v, scores_unit_keys, true, ld->diags);
	const char *code = schema_text(v, "ma", SCORES_TEXT, ld->diags);
	if (code && !text_slug_is_safe(code))
		ld_error(ld, value_map_get(v, "ma"), "unit code \"%s\" may use "
			 "only a-z, 0-9 and \"-\" (it becomes part of web "
			 "addresses)", code);
	u->code = code ? code : "";
	const char *name = schema_text(v, "ten", SCORES_TEXT, ld->diags);
	u->name = name ? name : "";
	u->group = ld_unit_group(ld, v);
	ld_unit_flags(ld, v, u);
	if (u->group != SCORES_NONE && ld->sound[u->group])
		ld_unit_points(ld, v, u, &codes[u->group]);
}

/* Reports unit codes given twice. */
static void ld_unit_codes(struct scores_loader *ld, const struct value *list)
{
	struct scores_entry *e = xcalloc(list->count, sizeof *e);
	size_t n = 0;
	for (size_t i = 0; i < list->count; i++) {
		const struct value *ma = value_map_get(list->items[i], "ma");
		if (ma && ma->kind == VALUE_STRING)
			e[n++] = (struct scores_entry){ma->str, i, NULL,
						       ma->line, ma->col};
	}
	ld_index_sort(ld, e, n, "unit code", "");
	free(e);
}

static void ld_units(struct scores_loader *ld, const struct value *root)
{
	struct scores_dataset *d = ld->d;
	const struct value *list =
		schema_list(root, "don_vi", "units", "unit", ld->diags);
	struct scores_codes *codes = xcalloc(d->ngroups ? d->ngroups : 1,
					     sizeof *codes);
	for (size_t i = 0; i < d->ngroups; i++)
		ld_codes(ld, i, &codes[i]);
	if (!list)
		goto out;
	d->nunits = list->count;
	d->units = arena_array(ld->arena, list->count, sizeof *d->units);
	for (size_t i = 0; i < list->count; i++)
		ld_unit(ld, list->items[i], &d->units[i], codes);
	ld_unit_codes(ld, list);
out:
	for (size_t i = 0; i < d->ngroups; i++)
		free(codes[i].e);
	free(codes);
}

static int scores_load_ld(struct scores_loader ld, const struct value *root,
			  struct scores_dataset **out)
{
	struct arena *a = ld.arena;
	ld.errors_before = ld.diags->errors;
	ld.d = arena_alloc(a, sizeof *ld.d);
	ld.d->file = ld.file;
	*out = NULL;
	if (!root || root->kind != VALUE_MAP) {
		ld_error(&ld, root, "score data must be a map with nam, tieu_de, "
			 "xep_loai, bo_tieu_chi and don_vi, not %s",
			 value_kind_name(root ? root->kind : VALUE_NULL));
		return -1;
	}
	ld_head(&ld, root);
	ld_groups(&ld, root);
	ld_units(&ld, root);
	if (ld_errors(&ld))
		return -1;
	scores_compute(a, ld.d);
	*out = ld.d;
	return 0;
}

static int scores_load_with(struct arena *a, const struct value *root,
			    const char *file, struct diag_list *diags,
			    bool missing_ok, struct scores_dataset **out)
{
	struct scores_loader ld = {
		.arena = a, .file = arena_strdup(a, file), .diags = diags,
		.missing_ok = missing_ok,
	};
	return scores_load_ld(ld, root, out);
}

int scores_load_past(struct arena *a, const struct value *root,
		     const char *file, struct diag_list *diags,
		     struct scores_dataset **out)
{
	struct scores_loader ld = {
		.arena = a, .file = arena_strdup(a, file), .diags = diags,
		.past = true,
	};
	return scores_load_ld(ld, root, out);
}

int scores_load(struct arena *a, const struct value *root, const char *file,
		struct diag_list *diags, struct scores_dataset **out)
{
	return scores_load_with(a, root, file, diags, false, out);
}

int scores_load_unfinished(struct arena *a, const struct value *root,
			   const char *file, struct diag_list *diags,
			   struct scores_dataset **out)
{
	return scores_load_with(a, root, file, diags, true, out);
}

/* scores: the administrative-reform score data (Chỉ số CCHC) as a model.
 *
 * One YAML file per year and scheme (content/scores/cchc-2021.yaml; the
 * format is ../shared/domain/score-format.md) becomes one struct
 * scores_dataset: criteria sets per group of units, every unit's points at
 * the leaves, and everything computed from them (totals, applicable
 * maxima, index, rank, class, area indexes, change against last year,
 * per-group statistics).  Pages, charts and downloads only read it.
 *
 * Arithmetic is exact decimal.  Every number is an int64_t counting
 * thousandths (SCORES_SCALE): 12.75 points is 12750, an index of 92.40 %
 * is 92400.  No sum ever goes through a double, so two units whose exact
 * totals are equal always tie.
 *
 *     struct value *root;          // from yaml_load of the file
 *     struct scores_dataset *d;
 *     if (scores_load(&arena, root, "content/scores/cchc-2021.yaml",
 *                     &diags, &d) == 0) {
 *             scores_link_previous(d, prev);      // prev may be NULL
 *             const struct scores_unit *u = &d->units[0];
 *             scores_format_vi(&b, u->index, d->decimals);  // "92,40"
 *     }
 *
 * Everything a dataset points to lives in the arena given to scores_load
 * (and the value tree it was loaded from) and dies with them. */
#ifndef CONGBO_SCORES_H
#define CONGBO_SCORES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "value.h"

/* Numbers are integers in thousandths: points, maxima, indexes, bands. */
#define SCORES_SCALE 1000
#define SCORES_SCALE_DECIMALS 3
/* The largest number the format accepts (points, maxima), in whole units.
 * It keeps total * 100 * SCORES_SCALE far inside int64_t. */
#define SCORES_MAX_NUMBER 1000000
#define SCORES_MAX_NUMBER_TEXT "1000000"
/* lam_tron (decimals of the index) goes from 0 to SCORES_SCALE_DECIMALS,
 * so a rounded index is still exact in thousandths; default 2. */
#define SCORES_DEFAULT_DECIMALS 2
/* No class (scores_unit.band), no unit (scores_group.best, worst).  A
 * missing rank is 0, since ranks count from 1. */
#define SCORES_NONE ((size_t)-1)

enum scores_source {
	SCORES_APPRAISED,   /* nguon: tham_dinh (the default) */
	SCORES_SURVEY,      /* nguon: dtxhh, the sociological survey */
};

enum scores_level {
	SCORES_AREA,        /* linh_vuc */
	SCORES_CRITERION,   /* tieu_chi */
	SCORES_SUB,         /* thanh_phan */
};

/* One node of a criteria tree.  The leaves under a node are a contiguous
 * run of the set's leaves (depth-first order), so a node's points are the
 * sum of leaves[first_leaf .. first_leaf + nleaves). */
struct scores_node {
	const char *code;             /* "1.1.2": always text, never a number */
	const char *old_code;         /* ma_cu: its code in last year's set
	                               * (the crosswalk), or NULL */
	const char *name;
	int64_t max;
	enum scores_source source;    /* inherited from the parent when unset */
	enum scores_level level;
	struct scores_node *children;
	size_t nchildren;             /* 0 for a leaf */
	size_t first_leaf, nleaves;   /* a leaf: its own index, 1 */
	unsigned line, col;
};

/* Classification band: the first band whose from the rounded index reaches. */
struct scores_band {
	const char *name;             /* "Tốt" */
	int64_t from;                 /* tu, as an index (80 % = 80000) */
};

/* neu_khong_dtxhh: what a unit's index is when its survey was not held
 * (dtxhh: khong_to_chuc). */
enum scores_no_survey {
	SCORES_NO_POLICY,             /* none declared: not held is an error */
	SCORES_NO_SURVEY_RESCALE,     /* quy_doi: the survey leaves leave the
	                               * maximum, the index is on the rest */
	SCORES_NO_SURVEY_ZERO,        /* khong_diem: they count 0 points */
};

/* A group of units ranked together, with its criteria set and, once
 * computed, its statistics. */
struct scores_group {
	const char *id;               /* "xa" */
	const char *name;             /* the set's ten */
	const char *khoi;             /* the group's name in tables */
	int64_t max;                  /* tong_diem */
	struct scores_node *areas;
	size_t nareas;
	const struct scores_node **leaves;   /* depth-first */
	size_t nleaves;
	/* Table order: indexes into dataset->units, ranked units by rank (ties
	 * in file order), then units that are not ranked, by index. */
	size_t *order;
	size_t nunits, nranked;
	size_t *band_counts;          /* units per dataset band, all units */
	size_t unclassed;             /* units below every band */
	bool has_mean;
	int64_t mean_index;           /* of all units, rounded like an index */
	size_t best, worst;           /* ranked units (first in order), or
	                               * SCORES_NONE when none is ranked */
	bool has_survey;              /* some area's points come from dtxhh */
	enum scores_no_survey no_survey;   /* neu_khong_dtxhh */
	/* Against the same group last year (scores_link_previous): whether
	 * there was one, and whether its criteria set is the same (codes,
	 * through ma_cu, and maxima); when not, indexes do not compare. */
	bool has_prev;
	bool same_criteria;
	/* The annex: the columns of the group's table in a decision's annex
	 * and in every download, in order (scores_annex.c). */
	struct scores_column *columns;
	size_t ncolumns;
	unsigned line, col;
};

/* One leaf's points for one unit. */
struct scores_points {
	int64_t self;                 /* tu_danh_gia, when has_self */
	int64_t points;               /* tham_dinh or dtxhh, by the leaf's source */
	bool has_points;              /* points were given (else 0 counts) */
	bool has_self;
	bool not_applicable;          /* khong_ap_dung: no points, no max, and
	                               * a survey not held under quy_doi */
	bool not_held;                /* a survey leaf whose survey was not
	                               * held (dtxhh: khong_to_chuc) */
};

/* Why a unit's change against last year is not (fully) shown. */
enum scores_change_why {
	SCORES_WHY_NONE,              /* compared, or simply no figures */
	SCORES_WHY_MERGED,            /* formed by merging its tien_than */
	SCORES_WHY_NEW,               /* in no dataset of last year */
	SCORES_WHY_CRITERIA,          /* the criteria set changed: places
	                               * only, no index */
};

/* Change against last year.  index_delta is exact (now - then); places
 * is rank then - rank now, positive = moved up, with both ranks counted
 * among the ranked units of the group that are in both years (a merged
 * or new unit takes no place, a vanished one gives none back). */
struct scores_change {
	bool has;
	int64_t index_delta;
	bool has_places;
	long places;
	enum scores_change_why why;
	const struct scores_unit *then;   /* last year's unit, or NULL */
};

/* tien_than: the units of earlier years this one continues: one when it
 * was renamed (or re-coded), several when it was formed by a merger. */
struct scores_predecessors {
	const char **codes;           /* their ma */
	unsigned *lines, *cols;       /* where each is written */
	size_t n;
	const char *basis;            /* can_cu: the legal act */
	const char *date;             /* ngay: "2025-01-01" */
};

struct scores_unit {
	const char *code;             /* ma: a slug, used in URLs */
	const char *name;
	size_t group;                 /* index into dataset->groups */
	struct scores_points *points; /* one per group leaf */
	int64_t bonus, penalty;       /* diem_thuong, diem_tru */
	const char *note;             /* ghi_chu, "" when none */
	bool ranked;                  /* xep_hang (default true) */
	bool survey_not_held;         /* dtxhh: khong_to_chuc */
	struct scores_predecessors pred;
	/* nam_truoc: last year's published index and rank (0 = none). */
	bool has_last;
	int64_t last_index;
	size_t last_rank;
	/* Computed. */
	int64_t points_sum;           /* appraised + survey, before bonus */
	int64_t self_sum;             /* tu_danh_gia over applicable leaves */
	int64_t appraised_sum;        /* tham_dinh over the same leaves: what
	                               * the council gave for what the unit
	                               * claimed in self_sum */
	int64_t survey_sum;           /* dtxhh over applicable survey leaves */
	int64_t total;                /* kept within [0, max] */
	int64_t max;                  /* applicable maximum */
	int64_t index;                /* rounded to dataset->decimals */
	size_t rank;                  /* 1-based; 0 = not ranked */
	size_t band;                  /* index into dataset->bands, or SCORES_NONE */
	int64_t *area_points;         /* per group area */
	int64_t *area_max;            /* applicable maximum per area */
	int64_t *area_index;          /* rounded; meaningless when area_max is 0 */
	struct scores_change change;
	unsigned line, col;
};

/* dinh_chinh: a correction of published figures, by a decision. */
struct scores_correction {
	const char *number;           /* so */
	const char *date;             /* ngay, "2022-08-10" */
	const char *file;             /* its PDF in content/: "files/a.pdf" */
	unsigned file_line, file_col;
	const char *reason;           /* ly_do */
};

/* One published version of a dataset's figures: version 1 as the decision
 * published them, version k + 1 after the k-th correction.  The last is
 * the dataset itself; the others are read from the git history (the file
 * as of the first commit that holds them), or are missing. */
struct scores_version {
	const struct scores_dataset *data;   /* NULL: not found */
	const char *number, *date, *file;    /* the decision that made it */
	const char *reason;                  /* the correction's, or NULL */
};

/* trang_thai: a draft is built only in preview; a published dataset
 * has its signed decision. */
enum scores_status {
	SCORES_PUBLISHED,             /* cong_bo */
	SCORES_DRAFT,                 /* du_thao */
};

struct scores_dataset {
	const char *id;               /* "cchc-2021": the file name */
	const char *series;           /* "cchc": the id without its "-year" */
	const char *file;
	long year;                    /* nam */
	const char *title;            /* tieu_de */
	const char *body;             /* co_quan, "" when none */
	enum scores_status status;    /* trang_thai, else by quyet_dinh */
	struct {
		const char *number;   /* so, NULL when no decision is given */
		const char *date;     /* ngay, "2022-06-15" */
		const char *file;     /* the PDF's path in content/:
		                       * "files/qd-512.pdf", or NULL */
		unsigned file_line, file_col;
	} decision;
	int decimals;                 /* lam_tron */
	struct scores_band *bands;
	size_t nbands;
	struct scores_group *groups;  /* in file order */
	size_t ngroups;
	struct scores_unit *units;    /* in file order */
	size_t nunits;
	const struct scores_dataset *prev;   /* linked last year, or NULL */
	struct scores_correction *corrections;   /* dinh_chinh, in order */
	size_t ncorrections;
	/* Filled by results_load.c from git: ncorrections + 1 versions, or 0
	 * when there are no corrections.  versions_read is false when the
	 * build read no history, so the earlier versions cannot be shown. */
	struct scores_version *versions;
	size_t nversions;
	bool versions_read;
};

/* The figures of d in force on date ("2022-06-20"): those of the newest
 * version whose decision is dated on or before it (version 1 for an
 * earlier date), or d itself when it has no versions or that version's
 * figures are missing.  *version (when given) is that version, or NULL
 * without versions. */
const struct scores_dataset *scores_as_of(const struct scores_dataset *d,
					  const char *date,
					  const struct scores_version **version);

/* The unit of d whose ma is code, or NULL (a linear search). */
const struct scores_unit *scores_find_unit(const struct scores_dataset *d,
					   const char *code);

/* A unit whose figures changed between two versions. */
struct scores_revision {
	const struct scores_unit *before, *after;   /* either may be NULL */
};

/* The units of after whose total, index, rank or class differ from
 * before (matched by ma), in after's table order then those gone, into
 * out (up to cap); returns how many there are. */
size_t scores_revisions(const struct scores_dataset *before,
			const struct scores_dataset *after,
			struct scores_revision *out, size_t cap);

/* Validates root (the yaml_load tree of file) and builds the computed
 * model.  Every problem found becomes an error in diags at the offending
 * node, and checking goes on so one run reports them all.  Returns 0 and
 * sets *out, or -1 with *out NULL when at least one error was reported.
 * The dataset is allocated in a (so is whatever it points to, apart from
 * strings borrowed from root, which must live as long). */
int scores_load(struct arena *a, const struct value *root, const char *file,
		struct diag_list *diags, struct scores_dataset **out);

/* ---- the annex --------------------------------------------------------
 *
 * The table of a group as a decision annexes it: one row per unit, in
 * table order, and every row adds up: the areas sum to appraised +
 * survey, and appraised + survey + bonus - penalty is the total (kept
 * within the applicable maximum).  Self-assessed and appraised points
 * cover the same leaves, so the two compare.  The CSV, the JSON and the
 * spreadsheet writers all iterate the same columns:
 *
 *     const struct scores_group *g = &d->groups[gi];
 *     for (size_t r = 0; r < g->nunits; r++) {
 *             const struct scores_unit *u = &d->units[g->order[r]];
 *             for (size_t c = 0; c < g->ncolumns; c++) {
 *                     struct scores_cell cell =
 *                             scores_annex_cell(d, u, &g->columns[c]);
 *                     ... g->columns[c].header, cell.kind, cell.value
 *             }
 *     }
 */
enum scores_column_kind {
	SCORES_COL_CODE,              /* ma */
	SCORES_COL_NAME,              /* ten */
	SCORES_COL_AREA,              /* an area's points */
	SCORES_COL_SELF,              /* tự đánh giá, appraised leaves */
	SCORES_COL_APPRAISED,         /* thẩm định, the same leaves */
	SCORES_COL_SURVEY,            /* điều tra XHH (only when has_survey) */
	SCORES_COL_BONUS,             /* điểm thưởng */
	SCORES_COL_PENALTY,           /* điểm trừ */
	SCORES_COL_TOTAL,             /* tổng điểm */
	SCORES_COL_MAX,               /* applicable maximum */
	SCORES_COL_INDEX,             /* chỉ số (%) */
	SCORES_COL_RANK,
	SCORES_COL_BAND,
	SCORES_COL_CHANGE_INDEX,      /* points of index against last year */
	SCORES_COL_CHANGE_PLACES,
};

struct scores_column {
	enum scores_column_kind kind;
	const char *key;              /* machine name: "ma", "lv_1", "tong_diem" */
	const char *label;            /* "Công tác chỉ đạo, điều hành CCHC",
	                               * "Tự đánh giá" */
	const char *code;             /* the area's code, else NULL */
	bool has_max;
	int64_t max;                  /* the area's maximum, or the most the
	                               * column can hold for the group */
	size_t area;                  /* SCORES_COL_AREA: index in areas */
	const char *header;           /* what a spreadsheet's header cell says:
	                               * "LV 1. Công tác ... (tối đa 12)" */
};

enum scores_cell_kind {
	SCORES_CELL_EMPTY,            /* nothing: no rank, no change, n/a */
	SCORES_CELL_POINTS,           /* value in thousandths, exact */
	SCORES_CELL_INDEX,            /* value in thousandths, d->decimals */
	SCORES_CELL_WHOLE,            /* value a plain integer (rank, places) */
	SCORES_CELL_TEXT,             /* text */
};

struct scores_cell {
	enum scores_cell_kind kind;
	int64_t value;
	const char *text;
};

/* Builds every group's columns (in a); scores_compute calls it. */
void scores_annex_build(struct arena *a, struct scores_dataset *d);

/* The cell of unit u (of the column's group) in column c. */
struct scores_cell scores_annex_cell(const struct scores_dataset *d,
				     const struct scores_unit *u,
				     const struct scores_column *c);

/* Appends a cell as a download writes it: points exact, an index with
 * d->decimals places, dot decimals; nothing for an empty cell. */
void scores_annex_format(struct buf *out, const struct scores_dataset *d,
			 const struct scores_cell *cell);

/* True when root (a score file's tree, loaded or not) is a draft: its
 * trang_thai is du_thao, or it has neither trang_thai nor quyet_dinh.
 * Its problems then do not stop the build of the rest (results_load.c). */
bool scores_root_is_draft(const struct value *root);

/* scores_load for an earlier version read from git (results_versions.c):
 * a published file of before quyet_dinh needed its PDF (file) still
 * loads. */
int scores_load_past(struct arena *a, const struct value *root,
		     const char *file, struct diag_list *diags,
		     struct scores_dataset **out);

/* scores_load for a file still being filled in (congbo export and import
 * of the entry workbook): a leaf without points is no error and counts 0.
 * Every other rule holds. */
int scores_load_unfinished(struct arena *a, const struct value *root,
			   const char *file, struct diag_list *diags,
			   struct scores_dataset **out);

/* Computes totals, indexes, ranks, classes, area indexes, group
 * statistics and the change from nam_truoc.  scores_load calls it; it
 * allocates the computed arrays in a. */
void scores_compute(struct arena *a, struct scores_dataset *d);

/* Among all[0..n), the dataset of d's series for the year before d's, or
 * NULL.  Nothing is allocated. */
const struct scores_dataset *scores_find_previous(
	const struct scores_dataset *const *all, size_t n,
	const struct scores_dataset *d);

/* Fills every unit's change of now: from prev when prev is given and
 * holds the unit's predecessor (the unit of the same ma, or the one its
 * tien_than names), else from the unit's nam_truoc.  A unit formed by a
 * merger (several tien_than) has no change (why MERGED); a group whose
 * criteria set differs from last year's (scores_criteria_diff) has no
 * index change, only places (why CRITERIA).  Places are counted among the
 * ranked units of the group present in both years.  Returns -1 and
 * changes nothing when prev is of another series or not an earlier year.
 * Calling it again recomputes from scratch (scores_compare.c). */
int scores_link_previous(struct scores_dataset *now,
			 const struct scores_dataset *prev);

/* Resets u's change to what its nam_truoc says (scores_compute.c). */
void scores_change_from_last(struct scores_unit *u);

/* A difference between a group's criteria set and last year's. */
enum scores_difference_kind {
	SCORES_DIFF_ADDED,            /* a node with no match last year */
	SCORES_DIFF_REMOVED,          /* last year's node with no match now */
	SCORES_DIFF_MAX,              /* matched, another maximum */
};

struct scores_difference {
	enum scores_difference_kind kind;
	const struct scores_node *now;    /* NULL when REMOVED */
	const struct scores_node *then;   /* NULL when ADDED */
};

/* Compares the criteria trees of now and then, node by node: a node of
 * now matches the node of then whose code is its ma_cu, else its own.
 * Writes up to cap differences into out (in now's order, then the
 * removed ones) and returns how many there are in all. */
size_t scores_criteria_diff(const struct scores_group *now,
			    const struct scores_group *then,
			    struct scores_difference *out, size_t cap);

/* The points of a node for a unit: the sum of its applicable leaves. */
int64_t scores_node_points(const struct scores_unit *u,
			   const struct scores_node *n);
/* The self-assessed points of a node (leaves without one count 0). */
int64_t scores_node_self(const struct scores_unit *u,
			 const struct scores_node *n);
/* The node's maximum without the leaves the unit has no duty for. */
int64_t scores_node_max(const struct scores_unit *u,
			const struct scores_node *n);
/* The class name of a unit, or "" when the index is below every band. */
const char *scores_unit_band_name(const struct scores_dataset *d,
				  const struct scores_unit *u);

/* Reads decimal text ("12", "12.75", "-0.5", ".5") into thousandths.
 * Returns 0, or -1 when it is not plain decimal text, has a non-zero digit
 * after the third decimal or is above SCORES_MAX_NUMBER in size. */
int scores_parse_decimal(const char *text, size_t len, int64_t *out);

/* Appends v rounded half away from zero to decimals (0..3) places: dot
 * style "1234.50", or the Vietnamese page style "1.234,50". */
void scores_format_dot(struct buf *out, int64_t v, int decimals);
void scores_format_vi(struct buf *out, int64_t v, int decimals);
/* Appends v exactly, without trailing zeros: "12.75", "88.5", "100". */
void scores_format_exact(struct buf *out, int64_t v);

/* The JSON download (/ket-qua/<id>/<id>.json), appended to out:
 * {"nam", "tieu_de", "co_quan", "quyet_dinh", "nhom" {group id -> {"ten",
 * "khoi", "tong_diem", "linh_vuc" [{"ma", "ten", "max"}], "cot" [the
 * annex columns: {"khoa", "ten", "tieu_de", "max"}]}}, "don_vi": [{"ma",
 * "ten", "nhom", "tong_diem", "toi_da", "chi_so", "xep_hang" (null when
 * not ranked), "xep_loai" (null below every band), "linh_vuc" {area code
 * -> points}, "tu_danh_gia", "tham_dinh", "dtxhh" (null without survey
 * areas or not held), "diem_thuong", "diem_tru", "thay_doi" ({"chi_so", "bac"} or
 * null)}]}; units in table order, group by group; indexes with
 * d->decimals places, points exact. */
void scores_write_json(struct buf *out, const struct scores_dataset *d);

/* The CSV download of group gi (/ket-qua/<id>/<id>.<group>.csv), appended
 * to out: UTF-8 with a BOM (so Excel reads Vietnamese), comma-separated,
 * CRLF, RFC 4180 quoting, dot decimals; a header row of the group's annex
 * columns (each area with its name and maximum), then one row per unit
 * in table order; empty cells where a value does not exist. */
void scores_write_csv_group(struct buf *out, const struct scores_dataset *d,
			    size_t gi);

/* The CSV of every group in one table (/ket-qua/<id>/<id>.csv), same
 * format: a column "Nhóm", the code and the name, each group's areas under
 * the group's name (area 6 of one group is not area 6 of another), then
 * the sums and the ranking; rows group by group. */
void scores_write_csv(struct buf *out, const struct scores_dataset *d);

#endif

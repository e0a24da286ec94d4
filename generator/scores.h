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
	unsigned line, col;
};

/* One leaf's points for one unit. */
struct scores_points {
	int64_t self;                 /* tu_danh_gia, when has_self */
	int64_t points;               /* tham_dinh or dtxhh, by the leaf's source */
	bool has_self;
	bool not_applicable;          /* khong_ap_dung: no points, no max */
};

/* Change against last year.  index_delta is exact (now - then); places
 * is rank then - rank now, positive = moved up, only when both ranked
 * in the same group. */
struct scores_change {
	bool has;
	int64_t index_delta;
	bool has_places;
	long places;
};

struct scores_unit {
	const char *code;             /* ma: a slug, used in URLs */
	const char *name;
	size_t group;                 /* index into dataset->groups */
	struct scores_points *points; /* one per group leaf */
	int64_t bonus, penalty;       /* diem_thuong, diem_tru */
	const char *note;             /* ghi_chu, "" when none */
	bool ranked;                  /* xep_hang (default true) */
	/* nam_truoc: last year's published index and rank (0 = none). */
	bool has_last;
	int64_t last_index;
	size_t last_rank;
	/* Computed. */
	int64_t points_sum;           /* appraised + survey, before bonus */
	int64_t self_sum;             /* tu_danh_gia over applicable leaves */
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

struct scores_dataset {
	const char *id;               /* "cchc-2021": the file name */
	const char *series;           /* "cchc": the id without its "-year" */
	const char *file;
	long year;                    /* nam */
	const char *title;            /* tieu_de */
	const char *body;             /* co_quan, "" when none */
	struct {
		const char *number;   /* so, NULL when no decision is given */
		const char *date;     /* ngay, "2022-06-15" */
	} decision;
	int decimals;                 /* lam_tron */
	struct scores_band *bands;
	size_t nbands;
	struct scores_group *groups;  /* in file order */
	size_t ngroups;
	struct scores_unit *units;    /* in file order */
	size_t nunits;
};

/* Validates root (the yaml_load tree of file) and builds the computed
 * model.  Every problem found becomes an error in diags at the offending
 * node, and checking goes on so one run reports them all.  Returns 0 and
 * sets *out, or -1 with *out NULL when at least one error was reported.
 * The dataset is allocated in a (so is whatever it points to, apart from
 * strings borrowed from root, which must live as long). */
int scores_load(struct arena *a, const struct value *root, const char *file,
		struct diag_list *diags, struct scores_dataset **out);

/* Computes totals, indexes, ranks, classes, area indexes, group
 * statistics and the change from nam_truoc.  scores_load calls it; it
 * allocates the computed arrays in a. */
void scores_compute(struct arena *a, struct scores_dataset *d);

/* Among all[0..n), the dataset of d's series for the year before d's, or
 * NULL.  Nothing is allocated. */
const struct scores_dataset *scores_find_previous(
	const struct scores_dataset *const *all, size_t n,
	const struct scores_dataset *d);

/* Fills every unit's change of now: from prev (units matched by ma) when
 * prev is given and holds the unit, else from the unit's nam_truoc.
 * Returns -1 and changes nothing when prev is of another series or not an
 * earlier year.  Calling it again recomputes from scratch. */
int scores_link_previous(struct scores_dataset *now,
			 const struct scores_dataset *prev);

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
 * {"nam", "tieu_de", "co_quan", "quyet_dinh", "don_vi": [{"ma", "ten",
 * "nhom", "tong_diem", "toi_da", "chi_so", "xep_hang" (null when not
 * ranked), "xep_loai" (null below every band), "linh_vuc" {area code ->
 * points}, "thay_doi" ({"chi_so", "bac"} or null)}]}; units in table
 * order, group by group; indexes with d->decimals places, points exact. */
void scores_write_json(struct buf *out, const struct scores_dataset *d);

/* The CSV download, appended to out: UTF-8 with a BOM (so Excel reads
 * Vietnamese), comma-separated, CRLF, RFC 4180 quoting, dot decimals; a
 * Vietnamese header row, one column per area code of any group ("Lĩnh vực
 * 1"), empty cells where a value does not exist.  Same rows and numbers as
 * the JSON. */
void scores_write_csv(struct buf *out, const struct scores_dataset *d);

#endif

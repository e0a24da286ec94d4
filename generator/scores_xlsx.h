/* scores_xlsx: score data as Excel workbooks (libxlsxwriter), both ways.
 *
 * Out, for readers: the annex download /ket-qua/<id>/<id>.xlsx, one sheet
 * per group (khối) with the decision on top and the group's annex columns
 * (scores.h: those of its CSV, every row adding up) under a frozen
 * header; numbers are numbers, shown with two decimals.
 *
 * Out and back in, for the clerk: the entry workbook of `congbo export
 * scores` has, per group, one sheet per kind of points (SHEET NAMES:
 * "<group>-tu_danh_gia", "<group>-tham_dinh", "<group>-dtxhh", the YAML
 * keys), units down, leaf criteria across with their names and maxima;
 * `congbo import scores` (scores_import.c) reads it back.
 *
 * Both are byte for byte the same for the same data: the workbook's
 * creation time is the decision's date (else 1 January after the year),
 * and libxlsxwriter dates every zip entry 1980-01-01. */
#ifndef CONGBO_SCORES_XLSX_H
#define CONGBO_SCORES_XLSX_H

#include "buf.h"
#include "scores.h"

/* Where the entry sheets put things (1-based rows and columns, as the
 * clerk sees them: A1 is row 1, column 1). */
#define SCORES_ENTRY_ID_ROW 1        /* A1: the dataset id, B1 its title */
#define SCORES_ENTRY_HEAD_ROW 4      /* A4 "Mã đơn vị", then leaf codes */
#define SCORES_ENTRY_FIRST_COL 3     /* column C: the first leaf */
#define SCORES_ENTRY_HEAD_TEXT "Mã đơn vị"
/* What a cell says for a leaf the unit has no duty for (khong_ap_dung). */
#define SCORES_ENTRY_NA "KAD"

enum scores_entry_kind {
	SCORES_ENTRY_SELF,            /* tu_danh_gia: appraised leaves */
	SCORES_ENTRY_APPRAISED,       /* tham_dinh: appraised leaves */
	SCORES_ENTRY_SURVEY,          /* dtxhh: survey leaves */
	SCORES_ENTRY_KINDS
};

/* The YAML key of kind: "tu_danh_gia", "tham_dinh", "dtxhh". */
extern const char *const scores_entry_key[SCORES_ENTRY_KINDS];

/* Whether leaf takes points of kind. */
bool scores_entry_takes(const struct scores_node *leaf,
			enum scores_entry_kind kind);

/* Appends the annex workbook of d to out.  Returns 0, or -1 with a
 * sentence in why (the temporary file could not be written). */
int scores_write_xlsx(struct buf *out, const struct scores_dataset *d,
		      struct buf *why);

/* Writes the entry workbook of d (which may be unfinished) to path.
 * Returns 0, or -1 with a sentence in why. */
int scores_write_entry(const char *path, const struct scores_dataset *d,
		       struct buf *why);

#endif

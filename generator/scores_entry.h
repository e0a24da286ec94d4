/* scores_entry: the clerk's way in.  `congbo export scores ID --xlsx FILE`
 * writes the entry workbook of content/scores/ID.yaml (scores_xlsx.h says
 * its layout); the clerk fills it in Excel or LibreOffice; `congbo import
 * scores FILE.xlsx` checks every cell and writes the scores back into the
 * YAML file.
 *
 * Import changes only the four score keys of the units it finds in the
 * workbook (tu_danh_gia, tham_dinh, dtxhh, khong_ap_dung), rewritten as
 * one-line-per-area flow maps in place of the old text; every other line
 * of the file (criteria, comments, notes) stays as the clerk wrote it.  A
 * wrong cell is an error named like a spreadsheet reference,
 *
 *     cchc-2022.xlsx:xa-tham_dinh!C12: error: score 3.5 is above the maximum 3 of ...
 *
 * every wrong cell is reported in one run, and the YAML file is written
 * (atomically, through a temporary file and a rename) only when there was
 * none. */
#ifndef CONGBO_SCORES_ENTRY_H
#define CONGBO_SCORES_ENTRY_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

/* Writes the entry workbook of dataset id (content/scores/<id>.yaml under
 * source_dir, which may be unfinished) to xlsx_path, refusing to replace
 * an existing file.  Returns 0, or -1 with errors in diags. */
int scores_entry_export(const char *source_dir, const char *id,
			const char *xlsx_path, struct diag_list *diags);

/* Reads xlsx_path and writes its scores into the dataset it names (cell
 * A1 of its sheets).  On success *units is the number of units updated and
 * yaml_path the file written.  Returns 0, or -1 with errors in diags and
 * nothing written. */
int scores_entry_import(const char *source_dir, const char *xlsx_path,
			struct diag_list *diags, size_t *units,
			struct buf *yaml_path);

#endif

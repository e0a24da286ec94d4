/* xlsx_read: the cells of an .xlsx workbook (Office Open XML), as Excel
 * and LibreOffice write them.  The zip container is read with libzip and
 * each XML part with libxml2 (no network, no entity expansion); only what
 * a data-entry sheet holds is kept: per sheet, its name and every cell that
 * has a value, as text.
 *
 *     struct xlsx_book book;
 *     struct buf why;
 *     if (xlsx_read("cchc-2022.xlsx", &book, &why) == 0) {
 *             const struct xlsx_cell *c = xlsx_cell_at(&book.sheets[0], 12, 3);
 *             // c->kind == XLSX_NUMBER, c->text "1.75"  (C12)
 *             xlsx_book_dispose(&book);
 *     }
 *
 * Sizes are bounded (XLSX_MAX_PART bytes a part once unpacked, XLSX_MAX_CELLS
 * cells a book), so a zip bomb is an error, not an exhausted machine. */
#ifndef CONGBO_XLSX_READ_H
#define CONGBO_XLSX_READ_H

#include <stddef.h>

#include "buf.h"

#define XLSX_MAX_PART (64u << 20)
#define XLSX_MAX_CELLS 2000000u

enum xlsx_cell_kind {
	XLSX_NUMBER,    /* text: the number as written in the file, "1.75" */
	XLSX_TEXT,      /* text: the string (shared, inline or a formula's) */
	XLSX_BOOL,      /* text: "0" or "1" */
	XLSX_ERROR,     /* text: "#DIV/0!" and the like */
};

struct xlsx_cell {
	unsigned row, col;            /* 1-based: C12 is row 12, col 3 */
	enum xlsx_cell_kind kind;
	char *text;
};

struct xlsx_sheet {
	char *name;
	struct xlsx_cell *cells;      /* in file order: row by row */
	size_t count, cap;
};

struct xlsx_book {
	struct xlsx_sheet *sheets;    /* in the workbook's order */
	size_t count;
};

/* Reads the workbook at path into book.  Returns 0, or -1 with a sentence
 * in why (what is wrong with the file) and book empty.  The caller
 * disposes book either way. */
int xlsx_read(const char *path, struct xlsx_book *book, struct buf *why);
void xlsx_book_dispose(struct xlsx_book *book);

/* The cell at row, col of sheet, or NULL when it holds no value. */
const struct xlsx_cell *xlsx_cell_at(const struct xlsx_sheet *sheet,
				     unsigned row, unsigned col);
/* The sheet called name, or NULL. */
const struct xlsx_sheet *xlsx_sheet_named(const struct xlsx_book *book,
					  const char *name);
/* Appends the cell's A1-style name ("C12", "AA3") to out. */
void xlsx_cell_name(struct buf *out, unsigned row, unsigned col);

#endif

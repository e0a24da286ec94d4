/* xlsx_read: cells of an .xlsx workbook through libzip and libxml2 (see
 * xlsx_read.h).  The parts read: xl/workbook.xml (sheet names and their
 * relationship ids), xl/_rels/workbook.xml.rels (id -> part), the optional
 * xl/sharedStrings.xml, and each worksheet's sheetData.  Elements are
 * matched by local name, so the namespace prefixes a writer picks do not
 * matter. */
#include "xlsx_read.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "mem.h"

#define XLSX_REL_NS \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"

struct xlsx_strings {
	char **items;
	size_t count;
};

/* The bytes of the zip entry name, NUL-ended, or NULL (why says so unless
 * the part is simply absent and optional). */
static char *xlsx_part(zip_t *z, const char *name, bool optional,
		       size_t *len, struct buf *why)
{
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat(z, name, 0, &st) < 0) {
		if (!optional)
			buf_printf(why, "it has no %s: not an Excel workbook", name);
		return NULL;
	}
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > XLSX_MAX_PART) {
		buf_printf(why, "its part %s is larger than %u MiB unpacked",
			   name, XLSX_MAX_PART >> 20);
		return NULL;
	}
	zip_file_t *f = zip_fopen(z, name, 0);
	char *data = f ? xmalloc(st.size + 1) : NULL;
	zip_int64_t n = f ? zip_fread(f, data, st.size) : -1;
	if (f)
		zip_fclose(f);
	if (n < 0 || (zip_uint64_t)n != st.size) {
		buf_printf(why, "its part %s cannot be unpacked", name);
		free(data);
		return NULL;
	}
	data[n] = '\0';
	*len = (size_t)n;
	return data;
}

static xmlDoc *xlsx_xml(zip_t *z, const char *name, bool optional,
			struct buf *why)
{
	size_t len = 0;
	char *data = xlsx_part(z, name, optional, &len, why);
	if (!data)
		return NULL;
	xmlDoc *doc = xmlReadMemory(data, (int)len, name, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR |
				    XML_PARSE_NOWARNING);
	free(data);
	if (!doc)
		buf_printf(why, "its part %s is not well-formed XML", name);
	return doc;
}

static bool xlsx_is(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, local) == 0;
}

/* The first child element of n called local, or NULL. */
static xmlNode *xlsx_child(const xmlNode *n, const char *local)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (xlsx_is(c, local))
			return c;
	return NULL;
}

static char *xlsx_prop(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? xstrdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

/* The text of every <t> under n, skipping phonetic runs (<rPh>). */
static void xlsx_text_of(const xmlNode *n, struct buf *out)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (xlsx_is(c, "rPh"))
			continue;
		if (xlsx_is(c, "t")) {
			xmlChar *t = xmlNodeGetContent(c);
			buf_puts(out, t ? (const char *)t : "");
			xmlFree(t);
		} else if (c->type == XML_ELEMENT_NODE) {
			xlsx_text_of(c, out);
		}
	}
}

static void xlsx_strings_load(zip_t *z, struct xlsx_strings *s,
			      struct buf *why)
{
	xmlDoc *doc = xlsx_xml(z, "xl/sharedStrings.xml", true, why);
	if (!doc)
		return;
	size_t cap = 0;
	struct buf t;
	buf_init(&t);
	for (xmlNode *si = xmlDocGetRootElement(doc)->children; si; si = si->next) {
		if (!xlsx_is(si, "si"))
			continue;
		buf_truncate(&t, 0);
		xlsx_text_of(si, &t);
		if (s->count == cap) {
			cap = cap ? 2 * cap : 64;
			s->items = xreallocarray(s->items, cap, sizeof *s->items);
		}
		s->items[s->count++] = xstrdup(t.data);
	}
	buf_dispose(&t);
	xmlFreeDoc(doc);
}

static void xlsx_strings_dispose(struct xlsx_strings *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->items[i]);
	free(s->items);
}

/* "C12" -> row 12, col 3; returns -1 for anything else. */
static int xlsx_parse_ref(const char *r, unsigned *row, unsigned *col)
{
	unsigned c = 0, w = 0;
	for (; *r >= 'A' && *r <= 'Z'; r++)
		if ((c = c * 26 + (unsigned)(*r - 'A' + 1)) > 16384)
			return -1;
	for (; *r >= '0' && *r <= '9'; r++)
		if ((w = w * 10 + (unsigned)(*r - '0')) > 1048576)
			return -1;
	if (*r || !c || !w)
		return -1;
	*row = w;
	*col = c;
	return 0;
}

static void xlsx_push(struct xlsx_sheet *sh, struct xlsx_cell cell)
{
	if (sh->count == sh->cap) {
		sh->cap = sh->cap ? 2 * sh->cap : 256;
		sh->cells = xreallocarray(sh->cells, sh->cap, sizeof *sh->cells);
	}
	sh->cells[sh->count++] = cell;
}

/* One <c>: its value as text by its type; false when it holds none. */
static bool xlsx_cell_value(const xmlNode *c, const struct xlsx_strings *ss,
			    struct xlsx_cell *cell)
{
	char *t = xlsx_prop(c, "t");
	xmlNode *v = xlsx_child(c, "v");
	xmlChar *vt = v ? xmlNodeGetContent(v) : NULL;
	bool has = true;
	cell->kind = XLSX_NUMBER;
	if (t && strcmp(t, "inlineStr") == 0) {
		struct buf b;
		buf_init(&b);
		xmlNode *is = xlsx_child(c, "is");
		if (is)
			xlsx_text_of(is, &b);
		cell->kind = XLSX_TEXT;
		cell->text = buf_detach(&b);
	} else if (!vt) {
		has = false;
	} else if (t && strcmp(t, "s") == 0) {
		char *end;
		unsigned long i = strtoul((const char *)vt, &end, 10);
		cell->kind = XLSX_TEXT;
		cell->text = xstrdup(*end == '\0' && i < ss->count ? ss->items[i] : "");
	} else {
		if (t && (strcmp(t, "str") == 0))
			cell->kind = XLSX_TEXT;
		else if (t && strcmp(t, "b") == 0)
			cell->kind = XLSX_BOOL;
		else if (t && strcmp(t, "e") == 0)
			cell->kind = XLSX_ERROR;
		cell->text = xstrdup((const char *)vt);
	}
	xmlFree(vt);
	free(t);
	return has;
}

static int xlsx_sheet_cells(const xmlNode *data, const struct xlsx_strings *ss,
			    struct xlsx_sheet *sh, size_t *total,
			    struct buf *why)
{
	unsigned row = 0;
	for (const xmlNode *r = data->children; r; r = r->next) {
		if (!xlsx_is(r, "row"))
			continue;
		char *rr = xlsx_prop(r, "r");
		row = rr ? (unsigned)strtoul(rr, NULL, 10) : row + 1;
		free(rr);
		unsigned col = 0;
		for (const xmlNode *c = r->children; c; c = c->next) {
			if (!xlsx_is(c, "c"))
				continue;
			struct xlsx_cell cell = {.row = row, .col = col + 1};
			char *ref = xlsx_prop(c, "r");
			int bad = ref && xlsx_parse_ref(ref, &cell.row, &cell.col) < 0;
			free(ref);
			if (bad) {
				buf_printf(why, "sheet %s has a cell with a bad "
					   "reference", sh->name);
				return -1;
			}
			col = cell.col;
			if (!xlsx_cell_value(c, ss, &cell))
				continue;
			if (++*total > XLSX_MAX_CELLS) {
				free(cell.text);
				buf_printf(why, "it has more than %u cells",
					   XLSX_MAX_CELLS);
				return -1;
			}
			xlsx_push(sh, cell);
		}
	}
	return 0;
}

static int xlsx_cell_cmp(const void *pa, const void *pb)
{
	const struct xlsx_cell *a = pa, *b = pb;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

/* The part a relationship id of the workbook points to ("xl/..."). */
static char *xlsx_target(xmlDoc *rels, const char *id)
{
	for (xmlNode *r = xmlDocGetRootElement(rels)->children; r; r = r->next) {
		if (!xlsx_is(r, "Relationship"))
			continue;
		char *rid = xlsx_prop(r, "Id");
		bool match = rid && strcmp(rid, id) == 0;
		free(rid);
		if (!match)
			continue;
		char *t = xlsx_prop(r, "Target");
		if (!t)
			return NULL;
		struct buf p;
		buf_init(&p);
		if (t[0] == '/')
			buf_puts(&p, t + 1);
		else
			buf_printf(&p, "xl/%s", t);
		free(t);
		return buf_detach(&p);
	}
	return NULL;
}

static int xlsx_sheet_load(zip_t *z, xmlDoc *rels, const xmlNode *s,
			   const struct xlsx_strings *ss,
			   struct xlsx_sheet *sh, size_t *total, struct buf *why)
{
	xmlChar *id = xmlGetNsProp(s, (const xmlChar *)"id",
				   (const xmlChar *)XLSX_REL_NS);
	char *part = id ? xlsx_target(rels, (const char *)id) : NULL;
	xmlFree(id);
	if (!part) {
		buf_printf(why, "sheet %s has no part in the workbook", sh->name);
		return -1;
	}
	xmlDoc *doc = xlsx_xml(z, part, false, why);
	free(part);
	if (!doc)
		return -1;
	xmlNode *data = xlsx_child(xmlDocGetRootElement(doc), "sheetData");
	int rc = data ? xlsx_sheet_cells(data, ss, sh, total, why) : 0;
	xmlFreeDoc(doc);
	qsort(sh->cells, sh->count, sizeof *sh->cells, xlsx_cell_cmp);
	return rc;
}

static int xlsx_sheets(zip_t *z, xmlDoc *wb, xmlDoc *rels,
		       const struct xlsx_strings *ss, struct xlsx_book *book,
		       struct buf *why)
{
	xmlNode *sheets = xlsx_child(xmlDocGetRootElement(wb), "sheets");
	size_t n = 0, total = 0;
	for (xmlNode *s = sheets ? sheets->children : NULL; s; s = s->next)
		n += xlsx_is(s, "sheet");
	book->sheets = xcalloc(n ? n : 1, sizeof *book->sheets);
	for (xmlNode *s = sheets ? sheets->children : NULL; s; s = s->next) {
		if (!xlsx_is(s, "sheet"))
			continue;
		struct xlsx_sheet *sh = &book->sheets[book->count++];
		sh->name = xlsx_prop(s, "name");
		if (!sh->name)
			sh->name = xstrdup("");
		if (xlsx_sheet_load(z, rels, s, ss, sh, &total, why) < 0)
			return -1;
	}
	return 0;
}

int xlsx_read(const char *path, struct xlsx_book *book, struct buf *why)
{
	int err = 0, rc = -1;
	struct xlsx_strings ss = {NULL, 0};
	xmlDoc *wb = NULL, *rels = NULL;
	book->sheets = NULL;
	book->count = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &err);
	if (!z) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, err);
		buf_printf(why, "cannot open it as an Excel workbook (.xlsx): %s",
			   zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return -1;
	}
	wb = xlsx_xml(z, "xl/workbook.xml", false, why);
	rels = wb ? xlsx_xml(z, "xl/_rels/workbook.xml.rels", false, why) : NULL;
	if (rels)
		xlsx_strings_load(z, &ss, why);
	if (rels && why->len == 0)
		rc = xlsx_sheets(z, wb, rels, &ss, book, why);
	xlsx_strings_dispose(&ss);
	xmlFreeDoc(rels);
	xmlFreeDoc(wb);
	zip_discard(z);
	if (rc < 0)
		xlsx_book_dispose(book);
	return rc;
}

void xlsx_book_dispose(struct xlsx_book *book)
{
	for (size_t i = 0; i < book->count; i++) {
		struct xlsx_sheet *sh = &book->sheets[i];
		for (size_t j = 0; j < sh->count; j++)
			free(sh->cells[j].text);
		free(sh->cells);
		free(sh->name);
	}
	free(book->sheets);
	book->sheets = NULL;
	book->count = 0;
}

const struct xlsx_cell *xlsx_cell_at(const struct xlsx_sheet *sheet,
				     unsigned row, unsigned col)
{
	struct xlsx_cell key = {.row = row, .col = col};
	return bsearch(&key, sheet->cells, sheet->count, sizeof key,
		       xlsx_cell_cmp);
}

const struct xlsx_sheet *xlsx_sheet_named(const struct xlsx_book *book,
					  const char *name)
{
	for (size_t i = 0; i < book->count; i++)
		if (strcmp(book->sheets[i].name, name) == 0)
			return &book->sheets[i];
	return NULL;
}

void xlsx_cell_name(struct buf *out, unsigned row, unsigned col)
{
	char letters[8];
	size_t n = 0;
	for (; col > 0 && n < sizeof letters; col = (col - 1) / 26)
		letters[n++] = (char)('A' + (col - 1) % 26);
	while (n > 0)
		buf_putc(out, letters[--n]);
	buf_printf(out, "%u", row);
}

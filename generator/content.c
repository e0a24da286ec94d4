/* content: front matter and body of one Markdown file (see content.h). */
#include "content.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "record.h"
#include "schema.h"
#include "text.h"
#include "yaml.h"

static const char *const content_post_keys[] = {
	"title", "date", "author", "categories", "tags", "summary", "image",
	"image_alt", "draft", "slug", "aliases", NULL};
static const char *const content_page_keys[] = {
	"title", "date", "author", "summary", "image", "image_alt", "draft",
	"slug", "aliases", NULL};

/* Where the front matter and the body are in a file's bytes. */
struct content_split {
	const char *yaml;
	size_t yaml_len;
	const char *body;
	size_t body_len;
	unsigned body_line;
};

/* Length of the line at s (without its end), and the start of the next. */
static size_t content_line(const char *s, const char *end, const char **next)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	const char *stop = nl ? nl : end;
	*next = nl ? nl + 1 : end;
	if (stop > s && stop[-1] == '\r')
		stop--;
	return (size_t)(stop - s);
}

static bool content_is_fence(const char *line, size_t len)
{
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	return len == 3 && memcmp(line, "---", 3) == 0;
}

static int content_split(const struct source_file *f, struct content_split *sp,
			 struct diag_list *diags)
{
	const char *s = f->data, *end = f->data + f->len, *next;
	if (f->len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;   /* a byte order mark some Windows editors add */
	if (!content_is_fence(s, content_line(s, end, &next))) {
		diag_error(diags, f->path, 1, 1, "no front matter: a page starts "
			   "with a line \"---\", then YAML keys (title, date, "
			   "...), then a line \"---\"");
		return -1;
	}
	sp->yaml = next;
	unsigned line = 2;
	for (s = next; s < end; s = next, line++) {
		size_t n = content_line(s, end, &next);
		if (content_is_fence(s, n)) {
			sp->yaml_len = (size_t)(s - sp->yaml);
			sp->body = next;
			sp->body_len = (size_t)(end - next);
			sp->body_line = line + 1;
			return 0;
		}
	}
	diag_error(diags, f->path, 1, 1, "the front matter opened here is "
		   "never closed: add a line \"---\" after its last key");
	return -1;
}

static void content_read_date(struct page *p, const struct value *fm,
			      int tz_offset, struct diag_list *diags)
{
	const struct value *v = value_map_get(fm, "date");
	if (!v || v->kind == VALUE_NULL) {
		if (p->kind == PAGE_POST)
			schema_error(diags, fm, "\"date\" is required for an "
				     "article, like 2022-04-19 or "
				     "2022-04-19T16:30:00+07:00");
		return;
	}
	if (v->kind == VALUE_STRING &&
	    text_date_parse(v->str, tz_offset, &p->date) == 0) {
		p->has_date = true;
		return;
	}
	schema_error(diags, v, "date \"%s\" is not a date; write YYYY-MM-DD, "
		     "YYYY-MM-DD HH:MM or YYYY-MM-DDTHH:MM:SS+07:00", v->str);
}

static void content_read_slug(struct page *p, const struct value *fm,
			      struct diag_list *diags)
{
	const char *slug = schema_text(fm, "slug", SCHEMA_OPTIONAL, diags);
	if (!slug)
		return;
	if (strlen(slug) > TEXT_SLUG_MAX) {
		schema_error(diags, value_map_get(fm, "slug"), "slug is %zu "
			     "characters long; at most " TEXT_SLUG_MAX_TEXT
			     " (TEXT_SLUG_MAX)", strlen(slug));
		return;
	}
	if (!text_slug_is_safe(slug)) {
		schema_error(diags, value_map_get(fm, "slug"),
			     "slug \"%s\" may hold only a-z, 0-9 and \"-\"",
			     slug);
		return;
	}
	p->slug = slug;
}

static void content_read_image(struct page *p, const struct value *fm,
			       struct diag_list *diags)
{
	const char *image = schema_text(fm, "image", SCHEMA_OPTIONAL, diags);
	if (!image)
		return;
	if (strncmp(image, "https://", 8) == 0 ||
	    strncmp(image, "http://", 7) == 0) {
		p->image = image;
	} else if (image[0] == '/' && !strstr(image, "..") && image[1]) {
		p->image = image + 1;   /* root-relative from here on */
	} else {
		schema_error(diags, value_map_get(fm, "image"),
			     "image \"%s\" must be a path from the content "
			     "folder (/images/a.jpg) or an http(s) address",
			     image);
		return;
	}
	p->image_alt = schema_text(fm, "image_alt", SCHEMA_OPTIONAL, diags);
	if (!p->image_alt)
		p->image_alt = p->title;
}

/* Whether alias is an address the web root can hold: "/" then segments of
 * letters, digits and - . _ ~, none starting with "." (no "..", no
 * hidden file); characters that no nginx or shell line could misread. */
static bool content_alias_is_safe(const char *alias)
{
	if (alias[0] != '/' || !alias[1])
		return false;
	for (const char *s = alias; *s; s++) {
		if (*s == '/') {
			if (s[1] == '/' || s[1] == '.')
				return false;
		} else if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			     (*s >= '0' && *s <= '9') || strchr("-._~", *s))) {
			return false;
		}
	}
	return true;
}

/* aliases: old addresses ("/tin-tuc/2022/ten-cu/") that redirect here;
 * kept root-relative like url ("tin-tuc/2022/ten-cu/"). */
static void content_read_aliases(struct arena *a, struct page *p,
				 const struct value *fm, struct diag_list *diags)
{
	const char **items = NULL;
	size_t n = schema_text_list(a, fm, "aliases", &items, diags);
	p->aliases = items;
	p->alias_count = 0;
	for (size_t i = 0; i < n; i++) {
		if (!content_alias_is_safe(items[i])) {
			const struct value *v = value_map_get(fm, "aliases");
			if (v->kind == VALUE_LIST && v->count == n)
				v = v->items[i];
			schema_error(diags, v,
				     "alias \"%s\" must be an address of this "
				     "site from its root, like /tin-tuc/2022/"
				     "ten-cu/: letters, digits, - . _ ~ "
				     "between slashes, no part starting with "
				     "\".\"", items[i]);
			continue;
		}
		p->aliases[p->alias_count++] = items[i] + 1;
	}
}

/* Categories and tags become web addresses: each must give a slug ("/",
 * "***" and "" give none and would vanish), and an article has at most
 * CONTENT_MAX_TERMS of each. */
static void content_check_terms(const struct value *fm, const char *key,
				const char *what, struct diag_list *diags)
{
	const struct value *v = value_map_get(fm, key);
	if (!v || (v->kind != VALUE_LIST && v->kind != VALUE_STRING))
		return;
	if (v->kind == VALUE_LIST && v->count > CONTENT_MAX_TERMS) {
		schema_error(diags, v, "%zu %s; an article may have at most "
			     "%d (CONTENT_MAX_TERMS)", v->count, key,
			     CONTENT_MAX_TERMS);
		return;
	}
	size_t n = v->kind == VALUE_LIST ? v->count : 1;
	for (size_t i = 0; i < n; i++) {
		const struct value *item = v->kind == VALUE_LIST ? v->items[i] : v;
		if (item->kind != VALUE_STRING && item->kind != VALUE_NUMBER)
			continue;
		struct buf slug;
		buf_init(&slug);
		text_slugify(&slug, item->str, item->len);
		if (slug.len == 0)
			schema_error(diags, item, "%s \"%s\" has no letter or "
				     "digit to make its web address from: name "
				     "it with words", what, item->str);
		buf_dispose(&slug);
	}
}

static void content_read_fields(struct arena *a, int tz_offset,
				struct page *p, const struct value *fm,
				struct diag_list *diags)
{
	schema_check_keys(fm, p->kind == PAGE_POST ? content_post_keys
						   : content_page_keys, diags);
	p->title = schema_text(fm, "title", SCHEMA_REQUIRED | SCHEMA_NOT_EMPTY,
			       diags);
	p->author = schema_text(fm, "author", SCHEMA_OPTIONAL, diags);
	p->summary = schema_text(fm, "summary", SCHEMA_OPTIONAL, diags);
	p->draft = schema_bool(fm, "draft", false, diags);
	content_read_date(p, fm, tz_offset, diags);
	content_read_slug(p, fm, diags);
	content_read_image(p, fm, diags);
	content_read_aliases(a, p, fm, diags);
	if (p->kind == PAGE_POST) {
		p->category_count = schema_text_list(a, fm,
			"categories", &p->category_names, diags);
		p->tag_count = schema_text_list(a, fm, "tags",
						&p->tag_names, diags);
		content_check_terms(fm, "categories", "category", diags);
		content_check_terms(fm, "tags", "tag", diags);
	}
}

/* ---- records: front matter as the cache keeps it --------------------
 *
 * A record (record.h) is a run of length-prefixed fields, so no character
 * a value may hold (YAML lets a text hold any, \x1e and \x1f included)
 * can split it.  An optional field is "-" when absent, "=" and the value
 * when present; a list is its item count, then its items. */
#define CONTENT_RECORD_VERSION "4"
/* a record's number of items the reader refuses past: no front matter
 * has more tags than this */
#define CONTENT_RECORD_MAX_ITEMS 100000

static void content_put(struct buf *b, const char *s)
{
	if (!s) {
		record_put_text(b, "-");
		return;
	}
	record_put_count(b, strlen(s) + 1);
	buf_putc(b, '=');
	buf_puts(b, s);
}

static void content_put_list(struct buf *b, const char **items, size_t n)
{
	record_put_count(b, n);
	for (size_t i = 0; i < n; i++)
		record_put_text(b, items[i]);
}

static const char *content_record(struct arena *a, const struct page *p,
				  const char *date_raw)
{
	struct buf b;
	buf_init(&b);
	record_put_text(&b, CONTENT_RECORD_VERSION);
	record_put_text(&b, p->draft ? "1" : "0");
	record_put_count(&b, (size_t)(p->body - p->src->data));
	content_put(&b, p->title);
	content_put(&b, date_raw);
	content_put(&b, p->author);
	content_put(&b, p->summary);
	content_put(&b, p->image);
	content_put(&b, p->image_alt);
	content_put(&b, p->slug);
	content_put_list(&b, p->category_names, p->category_count);
	content_put_list(&b, p->tag_names, p->tag_count);
	record_put_text(&b, p->has_shortcodes ? "1" : "0");
	content_put_list(&b, p->aliases, p->alias_count);
	const char *r = arena_strndup(a, b.data, b.len);
	buf_dispose(&b);
	return r;
}

/* Reading a record back: a record that does not parse makes the page be
 * read from its file instead. */

/* An optional field: NULL for "-", the value for "=value". */
static const char *content_get_optional(struct record_reader *r,
					struct arena *a)
{
	char *s = record_get_text(r, a);
	if (s && *s != '=' && strcmp(s, "-") != 0)
		r->bad = true;
	return s && *s == '=' ? s + 1 : NULL;
}

static size_t content_get_list(struct record_reader *r, struct arena *a,
			       const char ***out)
{
	size_t n = record_get_count(r, CONTENT_RECORD_MAX_ITEMS);
	*out = arena_array(a, n + 1, sizeof **out);
	for (size_t i = 0; i < n; i++)
		(*out)[i] = record_get_text(r, a);
	return r->bad ? 0 : n;
}

/* The page a record describes, or NULL when the record does not fit. */
static struct page *content_from_record(struct arena *a, int tz_offset,
					const struct source_file *f,
					enum page_kind kind, const char *rec)
{
	struct record_reader r;
	record_reader_init(&r, rec, strlen(rec));
	const char *version = record_get_text(&r, a);
	if (!version || strcmp(version, CONTENT_RECORD_VERSION) != 0)
		return NULL;
	struct page *p = arena_alloc(a, sizeof *p);
	const char *draft = record_get_text(&r, a);
	size_t offset = record_get_count(&r, f->len);
	p->title = content_get_optional(&r, a);
	const char *date = content_get_optional(&r, a);
	p->author = content_get_optional(&r, a);
	p->summary = content_get_optional(&r, a);
	p->image = content_get_optional(&r, a);
	p->image_alt = content_get_optional(&r, a);
	p->slug = content_get_optional(&r, a);
	p->category_count = content_get_list(&r, a, &p->category_names);
	p->tag_count = content_get_list(&r, a, &p->tag_names);
	const char *shortcodes = record_get_text(&r, a);
	p->alias_count = content_get_list(&r, a, &p->aliases);
	if (!record_at_end(&r) || !p->title)
		return NULL;
	p->kind = kind;
	p->src = f;
	p->record = rec;
	p->draft = strcmp(draft, "1") == 0;
	p->body = f->data + offset;
	p->body_len = f->len - offset;
	p->has_date = date && text_date_parse(date, tz_offset, &p->date) == 0;
	p->has_shortcodes = strcmp(shortcodes, "1") == 0;
	return p;
}

/* f with its text composed (NFC, text_nfc's nfc[0..len), freed here), in
 * a, and a warning at the first line that changed. */
static const struct source_file *content_composed(struct arena *a,
						  const struct source_file *f,
						  char *nfc, size_t len,
						  struct diag_list *diags)
{
	struct source_file *copy = arena_alloc(a, sizeof *copy);
	*copy = *f;
	copy->data = arena_strndup(a, nfc, len);
	copy->len = len;
	free(nfc);
	unsigned line = 1, first = 0, changed = 0;
	const char *s = f->data, *t = copy->data;
	const char *s_end = f->data + f->len, *t_end = copy->data + len;
	for (; s < s_end && t < t_end; line++) {
		const char *sn, *tn;
		size_t sl = content_line(s, s_end, &sn);
		size_t tl = content_line(t, t_end, &tn);
		if (sl != tl || memcmp(s, t, sl) != 0) {
			changed++;
			first = first ? first : line;
		}
		s = sn;
		t = tn;
	}
	diag_warning(diags, f->path, first ? first : 1, 1, "decomposed "
		     "Vietnamese letters (Unicode NFD, as some Windows input "
		     "methods type them), here first, in %u of the file's "
		     "lines: published composed (NFC), so that search, "
		     "addresses and sorting see one letter; save the file as "
		     "NFC to silence this", changed);
	return copy;
}

/* content_read with its own list, so that its error count is its own. */
static struct page *content_read_file(struct arena *a, int tz_offset_min,
				      const struct source_file *f,
				      enum page_kind kind,
				      struct diag_list *diags)
{
	unsigned line, col;
	struct content_split sp;
	struct value *fm = NULL;
	/* bytes a successful build has read before were valid then */
	if (!f->known && text_check_utf8(f->data, f->len, &line, &col) < 0) {
		diag_error(diags, f->path, line, col, "invalid UTF-8: save the "
			   "file as UTF-8 (Unicode) text");
		return NULL;
	}
	size_t nfc_len;
	char *nfc = text_nfc(f->data, f->len, &nfc_len);
	if (nfc)
		f = content_composed(a, f, nfc, nfc_len, diags);
	if (content_split(f, &sp, diags) < 0 ||
	    yaml_load(a, f->path, sp.yaml, sp.yaml_len, 1, diags, &fm) < 0)
		return NULL;
	if (fm->kind != VALUE_MAP) {
		diag_error(diags, f->path, 2, 1, "the front matter must be YAML "
			   "keys (title: ..., date: ...), not %s",
			   value_kind_name(fm->kind));
		return NULL;
	}
	struct page *p = arena_alloc(a, sizeof *p);
	p->kind = kind;
	p->src = f;
	p->body = sp.body;
	p->body_len = sp.body_len;
	/* remembered, so that the shortcode check of an unchanged page need
	 * not read its body again */
	p->has_shortcodes = memmem(p->body, p->body_len, "{{<", 3) != NULL;
	content_read_fields(a, tz_offset_min, p, fm, diags);
	if (diags->errors)
		return NULL;
	if (!diags->count) {   /* a warning must show again next time */
		const struct value *date = value_map_get(fm, "date");
		p->record = content_record(a, p, date && date->kind ==
					   VALUE_STRING ? date->str : NULL);
	}
	return p;
}

int content_read_known(struct arena *a, int tz_offset_min,
		       const struct source_file *f, enum page_kind kind,
		       const struct content_records *records,
		       struct diag_list *diags, struct page **out)
{
	const char *rec = records && f->known
			  ? records->lookup(records->ctx, f->id) : NULL;
	*out = rec ? content_from_record(a, tz_offset_min, f, kind, rec) : NULL;
	if (*out)
		return 0;
	/* The YAML tree (a hundred bytes a node) is dropped once read: the
	 * page is made again from its record, in a, as the next build would
	 * make it; some 30 MB less held at 10,000 articles.  A page read with
	 * a warning has no record and keeps its tree. */
	struct arena scratch;
	struct page *read = NULL, *slim = NULL;
	arena_init(&scratch);
	int rc = content_read(&scratch, tz_offset_min, f, kind, diags, &read);
	if (rc == 0 && read->record && read->src == f)
		slim = content_from_record(a, tz_offset_min, f, kind,
					   arena_strdup(a, read->record));
	if (slim) {
		*out = slim;
		arena_dispose(&scratch);
	} else {
		*out = read;
		arena_adopt(a, &scratch);
	}
	return rc;
}

int content_read(struct arena *a, int tz_offset_min,
		 const struct source_file *f, enum page_kind kind,
		 struct diag_list *diags, struct page **out)
{
	/* other files may be read at once into diags: count our own */
	struct diag_list mine;
	diag_list_init(&mine);
	*out = content_read_file(a, tz_offset_min, f, kind, &mine);
	diag_move(diags, &mine);
	diag_list_dispose(&mine);
	return *out ? 0 : -1;
}

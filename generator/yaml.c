/* yaml: libyaml events to struct value (see yaml.h). */
#include "yaml.h"

#include <string.h>
#include <yaml.h>

#include "buf.h"
#include "i18n.h"

struct yaml_loader {
	yaml_parser_t parser;
	struct arena *arena;
	const char *file;
	const char *text;         /* the document, for reader errors' places */
	size_t len;
	unsigned line_offset;
	struct diag_list *diags;
	unsigned errors;
};

static unsigned yaml_line(const struct yaml_loader *ld, yaml_mark_t m)
{
	return (unsigned)m.line + 1 + ld->line_offset;
}

static void yaml_error_at(struct yaml_loader *ld, yaml_mark_t m,
			  const char *fmt, const char *arg)
{
	diag_error(ld->diags, ld->file, yaml_line(ld, m),
		   (unsigned)m.column + 1, fmt, arg);
	ld->errors++;
}

/* libyaml's problems and contexts, marked for translation: a catalog
 * explains them in the words congbo's own messages use (i18n.h). */
static const char *const yaml_problems[] = {
	N_("did not find expected ',' or ']'"),
	N_("did not find expected ',' or '}'"),
	N_("did not find expected key"),
	N_("did not find expected node content"),
	N_("did not find expected '-' indicator"),
	N_("mapping values are not allowed in this context"),
	N_("found character that cannot start any token"),
	N_("found unexpected end of stream"),
	N_("found unknown escape character"),
	N_("could not find expected ':'"),
	N_("found a tab character that violates indentation"),
	N_("found undefined tag handle"),
	N_("found duplicate anchor; first occurrence"),
	N_("found unexpected ':'"),
	N_("while parsing a flow sequence"),
	N_("while parsing a flow mapping"),
	N_("while parsing a block mapping"),
	N_("while parsing a block collection"),
	N_("while parsing a block node"),
	N_("while parsing a flow node"),
	N_("while scanning a simple key"),
	N_("while scanning a quoted scalar"),
	N_("while scanning a plain scalar"),
	N_("while scanning an anchor"),
	N_("while scanning a tag"),
	N_("while scanning a block scalar"),
	N_("while parsing a node"),
	NULL};

/* A libyaml message in the reader's language when the catalog has it. */
static const char *yaml_explain(const char *text)
{
	if (!text)
		return "?";
	for (const char *const *p = yaml_problems; *p; p++)
		if (strcmp(*p, text) == 0)
			return _(*p);
	return text;
}

/* libyaml's reader (bad UTF-8, control characters) gives a byte offset,
 * not a mark: the line and the column, in characters as libyaml counts
 * them, of that byte. */
static yaml_mark_t yaml_mark_of_offset(const struct yaml_loader *ld,
				       size_t offset)
{
	yaml_mark_t m = {0, 0, 0};
	if (offset > ld->len)
		offset = ld->len;
	for (size_t i = 0; i < offset; i++) {
		unsigned char c = (unsigned char)ld->text[i];
		if (c == '\n') {
			m.line++;
			m.column = 0;
		} else if ((c & 0xC0) != 0x80) {
			m.column++;   /* a character starts here */
		}
	}
	m.index = offset;
	return m;
}

static int yaml_next(struct yaml_loader *ld, yaml_event_t *ev)
{
	if (yaml_parser_parse(&ld->parser, ev))
		return 0;
	yaml_parser_t *p = &ld->parser;
	struct buf msg;
	yaml_mark_t at = p->problem_mark;
	buf_init(&msg);
	buf_printf(&msg, _("invalid YAML: %s"), yaml_explain(p->problem));
	if (p->error == YAML_READER_ERROR) {
		at = yaml_mark_of_offset(ld, p->problem_offset);
		if (p->problem_value >= 0)
			buf_printf(&msg, " (byte 0x%02X): write the text in "
				   "UTF-8 without control characters",
				   (unsigned)p->problem_value & 0xFF);
	} else if (p->context)
		buf_printf(&msg, " (%s)", yaml_explain(p->context));
	yaml_error_at(ld, at, "%s", msg.data);
	buf_dispose(&msg);
	return -1;
}

static bool yaml_is(const char *s, size_t len, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == len && memcmp(*words, s, len) == 0)
			return true;
	return false;
}

static struct value *yaml_scalar(struct yaml_loader *ld, yaml_event_t *ev)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL", 0};
	static const char *const trues[] = {"true", "True", "TRUE", 0};
	static const char *const falses[] = {"false", "False", "FALSE", 0};
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		     !ev->data.scalar.tag;
	struct value *v;
	if (plain && yaml_is(s, len, nulls))
		v = value_null(ld->arena);
	else if (plain && yaml_is(s, len, trues))
		v = value_bool(ld->arena, true);
	else if (plain && yaml_is(s, len, falses))
		v = value_bool(ld->arena, false);
	else if (plain && value_parse_number(s, len, NULL)) {
		v = value_number(ld->arena, arena_strndup(ld->arena, s, len));
	} else {
		v = value_stringn(ld->arena, s, len);
		v->quoted = !plain;
	}
	/* "Bai\0thu" would end at the NUL everywhere it is shown */
	if (memchr(s, '\0', len))
		yaml_error_at(ld, ev->start_mark, "%s", "text holds a NUL "
			      "character (\\0), which no page can show: "
			      "remove it");
	return v;
}

static void yaml_place(struct yaml_loader *ld, struct value *v, yaml_mark_t m)
{
	v->file = ld->file;
	v->line = yaml_line(ld, m);
	v->col = (unsigned)m.column + 1;
}

static int yaml_node(struct yaml_loader *ld, yaml_event_t *ev,
		     unsigned depth, struct value **out);

static int yaml_sequence(struct yaml_loader *ld, struct value *list,
			 unsigned depth)
{
	for (;;) {
		yaml_event_t ev;
		if (yaml_next(ld, &ev) < 0)
			return -1;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		struct value *item = NULL;
		int rc = yaml_node(ld, &ev, depth + 1, &item);
		yaml_event_delete(&ev);
		if (rc < 0)
			return -1;
		value_list_push(ld->arena, list, item);
	}
}

static void yaml_check_duplicate(struct yaml_loader *ld,
				 const struct value *map,
				 const struct value *key)
{
	if (key->kind == VALUE_LIST || key->kind == VALUE_MAP) {
		diag_error(ld->diags, ld->file, key->line, key->col,
			   "a key must be a single word or text, not %s",
			   value_kind_name(key->kind));
		ld->errors++;
		return;
	}
	for (size_t i = 0; i < map->count; i++) {
		const struct value *k = map->pairs[i].key;
		if (k->len == key->len && memcmp(k->str, key->str, k->len) == 0) {
			diag_error(ld->diags, ld->file, key->line, key->col,
				   "duplicate key \"%s\" (first given at line %u)",
				   key->str, k->line);
			ld->errors++;
			return;
		}
	}
}

static int yaml_mapping(struct yaml_loader *ld, struct value *map,
			unsigned depth)
{
	for (;;) {
		yaml_event_t ev;
		if (yaml_next(ld, &ev) < 0)
			return -1;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		struct value *key = NULL, *val = NULL;
		int rc = yaml_node(ld, &ev, depth + 1, &key);
		yaml_event_delete(&ev);
		if (rc < 0 || yaml_next(ld, &ev) < 0)
			return -1;
		rc = yaml_node(ld, &ev, depth + 1, &val);
		yaml_event_delete(&ev);
		if (rc < 0)
			return -1;
		yaml_check_duplicate(ld, map, key);
		value_map_put_value(ld->arena, map, key, val);
	}
}

/* Builds the node that starts with ev (already read). */
static int yaml_node(struct yaml_loader *ld, yaml_event_t *ev,
		     unsigned depth, struct value **out)
{
	if (depth > YAML_MAX_DEPTH) {
		yaml_error_at(ld, ev->start_mark,
			      "nesting deeper than %s levels",
			      YAML_MAX_DEPTH_TEXT);
		return -1;
	}
	struct value *v;
	int rc = 0;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		v = yaml_scalar(ld, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		v = value_list_new(ld->arena);
		yaml_place(ld, v, ev->start_mark);
		rc = yaml_sequence(ld, v, depth);
		break;
	case YAML_MAPPING_START_EVENT:
		v = value_map_new(ld->arena);
		yaml_place(ld, v, ev->start_mark);
		rc = yaml_mapping(ld, v, depth);
		break;
	case YAML_ALIAS_EVENT:
		yaml_error_at(ld, ev->start_mark,
			      "aliases (*%s) are not supported: write the value out",
			      (const char *)ev->data.alias.anchor);
		return -1;
	default:
		yaml_error_at(ld, ev->start_mark, "unexpected YAML event%s", "");
		return -1;
	}
	yaml_place(ld, v, ev->start_mark);
	*out = v;
	return rc;
}

static int yaml_expect(struct yaml_loader *ld, yaml_event_type_t type)
{
	yaml_event_t ev;
	if (yaml_next(ld, &ev) < 0)
		return -1;
	int ok = ev.type == type;
	if (!ok)
		yaml_error_at(ld, ev.start_mark,
			      "%s", "only one YAML document is allowed here");
	yaml_event_delete(&ev);
	return ok ? 0 : -1;
}

static int yaml_document(struct yaml_loader *ld, struct value **out)
{
	yaml_event_t ev;
	if (yaml_expect(ld, YAML_STREAM_START_EVENT) < 0 || yaml_next(ld, &ev) < 0)
		return -1;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		*out = value_null(ld->arena);
		return 0;
	}
	yaml_event_delete(&ev);   /* document start */
	if (yaml_next(ld, &ev) < 0)
		return -1;
	int rc = yaml_node(ld, &ev, 0, out);
	yaml_event_delete(&ev);
	if (rc < 0 || yaml_expect(ld, YAML_DOCUMENT_END_EVENT) < 0 ||
	    yaml_expect(ld, YAML_STREAM_END_EVENT) < 0)
		return -1;
	return 0;
}

int yaml_load(struct arena *arena, const char *file, const char *text,
	      size_t len, unsigned line_offset, struct diag_list *diags,
	      struct value **out)
{
	struct yaml_loader ld = {
		.arena = arena,
		.file = arena_strdup(arena, file),
		.line_offset = line_offset,
		.diags = diags,
	};
	*out = NULL;
	ld.text = text;
	ld.len = len;
	if (len > YAML_MAX_SIZE) {
		diag_error(diags, file, line_offset + 1, 1, "the YAML is larger "
			   "than %s (YAML_MAX_SIZE): split it", YAML_MAX_SIZE_TEXT);
		return -1;
	}
	if (!yaml_parser_initialize(&ld.parser)) {
		diag_error(diags, file, 0, 0, "cannot start the YAML parser");
		return -1;
	}
	yaml_parser_set_input_string(&ld.parser, (const unsigned char *)text,
				     len);
	yaml_parser_set_encoding(&ld.parser, YAML_UTF8_ENCODING);
	int rc = yaml_document(&ld, out);
	yaml_parser_delete(&ld.parser);
	if (rc < 0 || ld.errors) {
		*out = NULL;
		return -1;
	}
	return 0;
}

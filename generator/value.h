/* value: the small dynamic value every loaded document becomes.
 *
 * Site config, front matter, score data and the view handed to templates
 * are all trees of struct value: null, bool, number, string, list, map.
 * Values that come from a file carry its name and the 1-based line and
 * column of the node, so any check can point at the offending spot.
 *
 * Values live in an arena (arena.h) and die with it.  Numbers keep the
 * exact text they were written with (raw), because score arithmetic is
 * exact decimal and must never go through a double; num is a convenience.
 *
 *     struct value *page = value_map_new(&arena);
 *     value_map_put(&arena, page, "title", value_string(&arena, "Tin tức"));
 *     const struct value *t = value_map_get(page, "title");   // t->str
 */
#ifndef CONGBO_VALUE_H
#define CONGBO_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

enum value_kind {
	VALUE_NULL,
	VALUE_BOOL,
	VALUE_NUMBER,
	VALUE_STRING,
	VALUE_LIST,
	VALUE_MAP,
};

struct value_pair;

struct value {
	enum value_kind kind;
	bool quoted;          /* string: written quoted or as a block */
	bool shared;          /* built once and put in every page's view:
				 fingerprints skip it (see fingerprint.h) */
	bool boolean;         /* VALUE_BOOL */
	const char *file;     /* NULL for values built in code */
	unsigned line, col;   /* 1-based; 0 when built in code */
	const char *str;      /* string text, or a number's raw text; NUL-ended */
	size_t len;           /* bytes in str */
	double num;           /* VALUE_NUMBER */
	struct value **items; /* VALUE_LIST */
	struct value_pair *pairs;  /* VALUE_MAP, in file order */
	size_t count;         /* items or pairs */
	size_t cap;
	const unsigned char *digest;   /* set by fingerprint_memo: 16 bytes
					  standing for the whole subtree */
};

struct value_pair {
	struct value *key;    /* always a VALUE_STRING (or scalar) */
	struct value *val;
};

struct value *value_null(struct arena *a);
struct value *value_bool(struct arena *a, bool b);
/* A number from its text; raw must look like a number (value_parse_number). */
struct value *value_number(struct arena *a, const char *raw);
struct value *value_int(struct arena *a, long long n);
struct value *value_string(struct arena *a, const char *s);
struct value *value_stringn(struct arena *a, const char *s, size_t len);
/* Takes s as it is, without copying: s must outlive the value. */
struct value *value_string_ref(struct arena *a, const char *s, size_t len);
struct value *value_list_new(struct arena *a);
struct value *value_map_new(struct arena *a);
void value_list_push(struct arena *a, struct value *list, struct value *item);
/* Appends; does not look for an existing key (callers own that rule).
 * key is not copied: it must outlive the map (a literal, as a rule). */
void value_map_put(struct arena *a, struct value *map, const char *key,
		   struct value *val);
/* Appends with a key value of the caller's (keeps its position). */
void value_map_put_value(struct arena *a, struct value *map, struct value *key,
			 struct value *val);
void value_map_put_string(struct arena *a, struct value *map, const char *key,
			  const char *s);

/* The value under key, or NULL when map is not a map or lacks the key. */
const struct value *value_map_get(const struct value *map, const char *key);
const struct value *value_map_getn(const struct value *map, const char *key,
				   size_t len);
/* "a text", "a number", "a list", ... for error messages. */
const char *value_kind_name(enum value_kind kind);
/* True when text is a YAML 1.2 core-schema number (int or float). */
bool value_parse_number(const char *text, size_t len, double *out);

#endif

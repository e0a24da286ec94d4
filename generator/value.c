/* value: dynamic values in an arena (see value.h). */
#include "value.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct value *value_new(struct arena *a, enum value_kind kind)
{
	struct value *v = arena_alloc(a, sizeof *v);
	v->kind = kind;
	v->str = "";
	return v;
}

struct value *value_null(struct arena *a)
{
	return value_new(a, VALUE_NULL);
}

struct value *value_bool(struct arena *a, bool b)
{
	struct value *v = value_new(a, VALUE_BOOL);
	v->boolean = b;
	v->str = b ? "true" : "false";
	v->len = strlen(v->str);
	return v;
}

struct value *value_number(struct arena *a, const char *raw)
{
	struct value *v = value_new(a, VALUE_NUMBER);
	v->len = strlen(raw);
	v->str = arena_strndup(a, raw, v->len);
	value_parse_number(v->str, v->len, &v->num);
	return v;
}

struct value *value_int(struct arena *a, long long n)
{
	/* by hand: views hold tens of thousands of page numbers and years,
	 * and snprintf was a tenth of a rebuild */
	char text[24], *p = text + sizeof text;
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n
				     : (unsigned long long)n;
	*--p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		*--p = '-';
	struct value *v = value_new(a, VALUE_NUMBER);
	v->len = (size_t)(text + sizeof text - 1 - p);
	v->str = arena_strndup(a, p, v->len);
	v->num = (double)n;
	return v;
}

struct value *value_string_ref(struct arena *a, const char *s, size_t len)
{
	struct value *v = value_new(a, VALUE_STRING);
	v->str = s;
	v->len = len;
	return v;
}

struct value *value_stringn(struct arena *a, const char *s, size_t len)
{
	return value_string_ref(a, arena_strndup(a, s, len), len);
}

struct value *value_string(struct arena *a, const char *s)
{
	return value_stringn(a, s, strlen(s));
}

struct value *value_list_new(struct arena *a)
{
	return value_new(a, VALUE_LIST);
}

struct value *value_map_new(struct arena *a)
{
	return value_new(a, VALUE_MAP);
}

/* Doubles an arena array; the old block stays in the arena unused, which
 * costs at most as much again as the final array. */
static void *value_grow(struct arena *a, void *old, size_t count,
			size_t *cap, size_t size)
{
	if (count < *cap)
		return old;
	size_t ncap = *cap ? *cap * 2 : 4;
	void *fresh = arena_array(a, ncap, size);
	if (count)
		memcpy(fresh, old, count * size);
	*cap = ncap;
	return fresh;
}

void value_list_push(struct arena *a, struct value *list, struct value *item)
{
	list->items = value_grow(a, list->items, list->count, &list->cap,
				 sizeof *list->items);
	list->items[list->count++] = item;
}

void value_map_put_value(struct arena *a, struct value *map,
			      struct value *key, struct value *val)
{
	map->pairs = value_grow(a, map->pairs, map->count, &map->cap,
				sizeof *map->pairs);
	map->pairs[map->count].key = key;
	map->pairs[map->count].val = val;
	map->count++;
}

void value_map_put(struct arena *a, struct value *map, const char *key,
		   struct value *val)
{
	value_map_put_value(a, map, value_string_ref(a, key, strlen(key)), val);
}

void value_map_put_string(struct arena *a, struct value *map, const char *key,
			  const char *s)
{
	value_map_put(a, map, key, value_string(a, s ? s : ""));
}

const struct value *value_map_getn(const struct value *map, const char *key,
				   size_t len)
{
	if (!map || map->kind != VALUE_MAP)
		return NULL;
	for (size_t i = 0; i < map->count; i++) {
		const struct value *k = map->pairs[i].key;
		if (k->len == len && memcmp(k->str, key, len) == 0)
			return map->pairs[i].val;
	}
	return NULL;
}

const struct value *value_map_get(const struct value *map, const char *key)
{
	return value_map_getn(map, key, strlen(key));
}

const char *value_kind_name(enum value_kind kind)
{
	switch (kind) {
	case VALUE_NULL: return "nothing (null)";
	case VALUE_BOOL: return "true/false";
	case VALUE_NUMBER: return "a number";
	case VALUE_STRING: return "a text";
	case VALUE_LIST: return "a list";
	case VALUE_MAP: return "a map";
	}
	return "a value";
}

static bool value_all_digits(const char *s, const char *end)
{
	if (s == end)
		return false;
	for (; s < end; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

bool value_parse_number(const char *text, size_t len, double *out)
{
	const char *s = text, *end = text + len;
	if (s < end && (*s == '-' || *s == '+'))
		s++;
	const char *mant = s;
	while (s < end && *s >= '0' && *s <= '9')
		s++;
	bool int_digits = s > mant;
	bool frac_digits = false;
	if (s < end && *s == '.') {
		const char *f = ++s;
		while (s < end && *s >= '0' && *s <= '9')
			s++;
		frac_digits = s > f;
	}
	if (!int_digits && !frac_digits)
		return false;
	if (s < end && (*s == 'e' || *s == 'E')) {
		s++;
		if (s < end && (*s == '-' || *s == '+'))
			s++;
		if (!value_all_digits(s, end))
			return false;
		s = end;
	}
	if (s != end)
		return false;
	if (out) {
		char tmp[64];
		size_t n = len < sizeof tmp - 1 ? len : sizeof tmp - 1;
		memcpy(tmp, text, n);
		tmp[n] = '\0';
		errno = 0;
		*out = strtod(tmp, NULL);
	}
	return true;
}

/* schema: typed, checked reads of struct value maps (see schema.h). */
#include "schema.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"

void schema_error(struct diag_list *diags, const struct value *v,
		  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(diags, DIAG_ERROR, v ? v->file : NULL, v ? v->line : 0,
		  v ? v->col : 0, fmt, ap);
	va_end(ap);
}

/* Levenshtein distance, capped: only small distances matter for typos. */
static size_t schema_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40)
		return 99;
	size_t row[41];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *schema_closest(const char *word, const char *const *names, size_t n)
{
	const char *closest = NULL;
	size_t best = 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = schema_distance(word, names[i]);
		/* two edits of a two-letter word could make any word */
		if (d < best && 2 * d <= strlen(word)) {
			best = d;
			closest = names[i];
		}
	}
	return closest;
}

/* "unknown key "x" (did you mean "y"?); known keys: a, b" at key. */
static void schema_unknown(const struct value *key, const char *const *names,
			   size_t n, bool is_error, struct diag_list *diags)
{
	struct buf msg;
	buf_init(&msg);
	buf_printf(&msg, "unknown key \"%s\"", key->str);
	const char *closest = schema_closest(key->str, names, n);
	if (closest)
		buf_printf(&msg, " (did you mean \"%s\"?)", closest);
	buf_printf(&msg, "; %s keys:", is_error ? "allowed" : "known");
	for (size_t i = 0; i < n; i++)
		buf_printf(&msg, "%s %s", i ? "," : "", names[i]);
	diag_add(diags, is_error ? DIAG_ERROR : DIAG_WARNING, key->file,
		 key->line, key->col, "%s", msg.data);
	buf_dispose(&msg);
}

static bool schema_is_known(const char *key, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(key, names[i]) == 0)
			return true;
	return false;
}

static void schema_check_names(const struct value *map,
			       const char *const *names, size_t n,
			       bool is_error, struct diag_list *diags)
{
	for (size_t i = 0; i < map->count; i++) {
		const struct value *key = map->pairs[i].key;
		if (!schema_is_known(key->str, names, n))
			schema_unknown(key, names, n, is_error, diags);
	}
}

void schema_check_map(const struct value *map, const struct schema_key *keys,
		      bool unknown_is_error, struct diag_list *diags)
{
	if (!map || map->kind != VALUE_MAP)
		return;
	size_t n = 0;
	while (keys[n].name)
		n++;
	const char **names = xcalloc(n ? n : 1, sizeof *names);
	for (size_t i = 0; i < n; i++)
		names[i] = keys[i].name;
	schema_check_names(map, names, n, unknown_is_error, diags);
	free(names);
	for (size_t i = 0; i < n; i++)
		if (keys[i].hint && !value_map_get(map, keys[i].name))
			schema_error(diags, map, "missing key \"%s\" (%s)",
				     keys[i].name, keys[i].hint);
}

void schema_check_keys(const struct value *map, const char *const *known,
		       struct diag_list *diags)
{
	if (!map || map->kind != VALUE_MAP)
		return;
	size_t n = 0;
	while (known[n])
		n++;
	schema_check_names(map, known, n, false, diags);
}

const char *schema_text(const struct value *map, const char *key,
			unsigned rules, struct diag_list *diags)
{
	const struct value *v = value_map_get(map, key);
	if (!v) {
		if (rules & SCHEMA_REQUIRED)
			schema_error(diags, map, "missing key \"%s\"", key);
		return NULL;
	}
	if (v->kind == VALUE_NULL && !(rules & SCHEMA_NOT_NULL)) {
		if (rules & SCHEMA_REQUIRED)
			schema_error(diags, v, "%s is required here", key);
		return NULL;
	}
	if (v->kind != VALUE_STRING && v->kind != VALUE_NUMBER) {
		schema_error(diags, v, "%s must be a text, not %s", key,
			     value_kind_name(v->kind));
		return NULL;
	}
	if (v->len == 0 && (rules & SCHEMA_NOT_EMPTY)) {
		schema_error(diags, v, "%s must not be empty", key);
		return NULL;
	}
	return v->str;
}

bool schema_bool(const struct value *map, const char *key, bool fallback,
		 struct diag_list *diags)
{
	const struct value *v = value_map_get(map, key);
	if (!v || v->kind == VALUE_NULL)
		return fallback;
	if (v->kind == VALUE_BOOL)
		return v->boolean;
	schema_error(diags, v, "%s must be true or false, not %s", key,
		     value_kind_name(v->kind));
	return fallback;
}

long schema_int(const struct value *map, const char *key, long min, long max,
		long fallback, struct diag_list *diags)
{
	const struct value *v = value_map_get(map, key);
	if (!v || v->kind == VALUE_NULL)
		return fallback;
	char *end = NULL;
	long n = v->kind == VALUE_NUMBER ? strtol(v->str, &end, 10) : 0;
	if (v->kind != VALUE_NUMBER || *end || n < min || n > max) {
		schema_error(diags, v,
			     "%s must be a whole number from %ld to %ld, "
			     "not %s",
			     key, min, max,
			     v->str ? v->str : value_kind_name(v->kind));
		return fallback;
	}
	return n;
}

size_t schema_text_list(struct arena *a, const struct value *map,
			const char *key, const char ***items,
			struct diag_list *diags)
{
	const struct value *v = value_map_get(map, key);
	*items = NULL;
	if (!v || v->kind == VALUE_NULL)
		return 0;
	if (v->kind == VALUE_STRING || v->kind == VALUE_NUMBER) {
		*items = arena_alloc(a, sizeof **items);
		(*items)[0] = v->str;
		return 1;
	}
	if (v->kind != VALUE_LIST) {
		schema_error(diags, v, "%s must be a list of texts, not %s",
			     key, value_kind_name(v->kind));
		return 0;
	}
	size_t n = 0;
	*items = arena_array(a, v->count ? v->count : 1, sizeof **items);
	for (size_t i = 0; i < v->count; i++) {
		const struct value *item = v->items[i];
		if (item->kind == VALUE_STRING || item->kind == VALUE_NUMBER)
			(*items)[n++] = item->str;
		else
			schema_error(diags, item,
				     "each of %s must be a text, not %s", key,
				     value_kind_name(item->kind));
	}
	return n;
}

bool schema_want(const struct value *v, enum value_kind kind, const char *must,
		 struct diag_list *diags)
{
	if (v->kind == kind)
		return true;
	schema_error(diags, v, "%s, not %s", must, value_kind_name(v->kind));
	return false;
}

const struct value *schema_list(const struct value *map, const char *key,
				const char *of, const char *one,
				struct diag_list *diags)
{
	const struct value *v = value_map_get(map, key);
	if (!v)
		return NULL;
	if (v->kind != VALUE_LIST) {
		schema_error(diags, v, "%s must be a list of %s, not %s", key,
			     of, value_kind_name(v->kind));
		return NULL;
	}
	if (v->count == 0) {
		schema_error(diags, v, "%s lists no %s", key, one);
		return NULL;
	}
	return v;
}

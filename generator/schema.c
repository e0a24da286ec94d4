/* schema: typed, checked reads of struct value maps (see schema.h). */
#include "schema.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

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

static bool schema_is_known(const char *key, const char *const *known)
{
	for (; *known; known++)
		if (strcmp(key, *known) == 0)
			return true;
	return false;
}

void schema_check_keys(const struct value *map, const char *const *known,
		       struct diag_list *diags)
{
	if (!map || map->kind != VALUE_MAP)
		return;
	for (size_t i = 0; i < map->count; i++) {
		const struct value *key = map->pairs[i].key;
		if (schema_is_known(key->str, known))
			continue;
		struct buf msg;
		buf_init(&msg);
		buf_printf(&msg, "unknown key \"%s\"", key->str);
		const char *closest = NULL;
		size_t best = 3;
		for (const char *const *k = known; *k; k++) {
			size_t d = schema_distance(key->str, *k);
			if (d < best) {
				best = d;
				closest = *k;
			}
		}
		if (closest)
			buf_printf(&msg, " (did you mean \"%s\"?)", closest);
		buf_puts(&msg, "; known keys:");
		for (const char *const *k = known; *k; k++)
			buf_printf(&msg, "%s %s", k == known ? "" : ",", *k);
		diag_warning(diags, key->file, key->line, key->col, "%s",
			     msg.data);
		buf_dispose(&msg);
	}
}

const char *schema_text(const struct value *map, const char *key,
			bool required, struct diag_list *diags)
{
	const struct value *v = value_map_get(map, key);
	if (!v || v->kind == VALUE_NULL) {
		if (required)
			schema_error(diags, v ? v : map,
				     "\"%s\" is required here", key);
		return NULL;
	}
	if (v->kind == VALUE_STRING || v->kind == VALUE_NUMBER)
		return v->str;
	schema_error(diags, v, "\"%s\" must be a text, not %s", key,
		     value_kind_name(v->kind));
	return NULL;
}

bool schema_bool(const struct value *map, const char *key, bool fallback,
		 struct diag_list *diags)
{
	const struct value *v = value_map_get(map, key);
	if (!v || v->kind == VALUE_NULL)
		return fallback;
	if (v->kind == VALUE_BOOL)
		return v->boolean;
	schema_error(diags, v, "\"%s\" must be true or false, not \"%s\"", key,
		     v->str);
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
			     "\"%s\" must be a whole number from %ld to %ld, "
			     "not \"%s\"", key, min, max, v->str);
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
		schema_error(diags, v, "\"%s\" must be a list of texts, not %s",
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
				     "each of \"%s\" must be a text, not %s",
				     key, value_kind_name(item->kind));
	}
	return n;
}

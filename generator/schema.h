/* schema: typed reads of loaded YAML with errors that point at the node.
 *
 * Config and front matter are checked the same way: each read names the
 * key, checks the kind and reports "file:line:col: error: ..." at the
 * offending value (or at the map when a required key is missing), then
 * returns a usable default so checking can go on and find more. */
#ifndef CONGBO_SCHEMA_H
#define CONGBO_SCHEMA_H

#include <stdbool.h>

#include "diag.h"
#include "value.h"

/* Warns about every key of map that is not in known (a NULL-ended list),
 * naming the known keys and the closest one when it looks like a typo. */
void schema_check_keys(const struct value *map, const char *const *known,
		       struct diag_list *diags);

/* The text under key: a string, or a number's text.  NULL when absent
 * (an error if required) or of another kind (an error).  Lives as long as
 * map. */
const char *schema_text(const struct value *map, const char *key,
			bool required, struct diag_list *diags);
/* A boolean under key; fallback when absent or wrong (wrong: an error). */
bool schema_bool(const struct value *map, const char *key, bool fallback,
		 struct diag_list *diags);
/* A whole number in [min, max] under key; fallback when absent or wrong. */
long schema_int(const struct value *map, const char *key, long min, long max,
		long fallback, struct diag_list *diags);
/* A list of texts under key (a single text counts as a list of one);
 * returns the count and sets *items to an arena array; 0 when absent. */
size_t schema_text_list(struct arena *a, const struct value *map,
			const char *key, const char ***items,
			struct diag_list *diags);
/* Reports "what" at v's position (map start when v is NULL). */
void schema_error(struct diag_list *diags, const struct value *v,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif

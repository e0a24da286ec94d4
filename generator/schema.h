/* schema: typed reads of loaded YAML with errors that point at the node.
 *
 * Every YAML file congbo reads (front matter, site.yaml, score data) is
 * checked through these reads: each one names the key, checks the kind
 * and reports "file:line:col: error: ..." at the offending value (or at
 * the map when a required key is missing), then returns a usable default
 * so checking can go on and find more.  A key not in a map's list of
 * keys is reported with the closest known key when it looks like a typo
 * ("did you mean"). */
#ifndef CONGBO_SCHEMA_H
#define CONGBO_SCHEMA_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"
#include "value.h"

/* A key a map may hold.  A required key has a hint, what it holds, for
 * the "missing key" error; an optional one has hint NULL.  Lists of keys
 * end with a {NULL, NULL} entry. */
struct schema_key {
	const char *name;
	const char *hint;
};

/* Checks map's keys against keys: each other key is reported at its
 * position, naming the closest key when it looks like a typo, as an
 * error ("allowed keys: ...") when unknown_is_error, else as a warning
 * ("known keys: ..."); each required key map lacks is an error at the
 * map.  Nothing when map is not a map. */
void schema_check_map(const struct value *map, const struct schema_key *keys,
		      bool unknown_is_error, struct diag_list *diags);
/* The same with a NULL-ended list of optional key names, unknown keys
 * being warnings (front matter, site.yaml). */
void schema_check_keys(const struct value *map, const char *const *known,
		       struct diag_list *diags);
/* The name among names (n of them) closest to word when it is within two
 * edits (and at most one per two letters of word): a likely typo; or
 * NULL. */
const char *schema_closest(const char *word, const char *const *names,
			   size_t n);

/* How schema_text treats a key: flags, or'ed. */
enum schema_rule {
	SCHEMA_OPTIONAL = 0,
	SCHEMA_REQUIRED = 1 << 0,  /* absent: an error at the map */
	SCHEMA_NOT_NULL = 1 << 1,  /* written without a value: an error (else
				    * the same as absent) */
	SCHEMA_NOT_EMPTY = 1 << 2, /* "": an error */
};

/* The text under key: a string, or a number's text.  NULL when absent,
 * null or empty against rules (an error where rules say so), or of
 * another kind (an error).  Lives as long as map. */
const char *schema_text(const struct value *map, const char *key,
			unsigned rules, struct diag_list *diags);
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
/* True when v is of kind; else reports "<must>, not <what v is>" at v. */
bool schema_want(const struct value *v, enum value_kind kind, const char *must,
		 struct diag_list *diags);
/* The list under key when it holds at least one item; NULL when absent or
 * after "<key> must be a list of <of>" or "<key> lists no <one>". */
const struct value *schema_list(const struct value *map, const char *key,
				const char *of, const char *one,
				struct diag_list *diags);
/* Reports "what" at v's position (map start when v is NULL). */
void schema_error(struct diag_list *diags, const struct value *v,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif

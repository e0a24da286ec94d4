/* yaml: YAML text to a struct value tree, through libyaml.
 *
 * The only module that touches libyaml.  Plain scalars resolve with the
 * YAML 1.2 core schema (null, true/false, numbers; everything else is a
 * string, so "2022-04-19" stays text for the caller to read as a date).
 * Every problem becomes a diagnostic at the 1-based line and column of
 * the node; duplicate keys, anchors/aliases and nesting deeper than
 * YAML_MAX_DEPTH are refused. */
#ifndef CONGBO_YAML_H
#define CONGBO_YAML_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "value.h"

#define YAML_MAX_DEPTH 64
#define YAML_MAX_DEPTH_TEXT "64"
/* A YAML document (site.yaml, a score file, one front matter) larger than
 * this is refused before parsing. */
#define YAML_MAX_SIZE (16u * 1024 * 1024)
#define YAML_MAX_SIZE_TEXT "16 MiB"

/* Parses one YAML document of len bytes.  file names it in diagnostics and
 * in every value (it is copied into the arena); line_offset is added to
 * every line, for YAML that starts further down a file (front matter).
 * Returns 0 and sets *out (a VALUE_NULL for an empty document), or -1 after
 * adding at least one error to diags.  Values live in arena. */
int yaml_load(struct arena *arena, const char *file, const char *text,
	      size_t len, unsigned line_offset, struct diag_list *diags,
	      struct value **out);

#endif

/* output_place: the commit of an in-place build (output_begin_in_place).
 * Internal to output*.c. */
#ifndef CONGBO_OUTPUT_PLACE_H
#define CONGBO_OUTPUT_PLACE_H

#include <stdbool.h>

#include "output.h"

/* Whether this build wrote or kept rel. */
bool output_claimed(const struct output *o, const char *rel);

/* Moves the staged files into out_dir and the files this build did not
 * produce out of it, keeping every replaced or removed file in the staging
 * folder until all moves succeeded; on a failure, moves everything back.
 * Returns 0, or -1 with an error in o->diags (out_dir then as before). */
int output_place_commit(struct output *o);

#endif

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
 * The plan goes first into the journal ".NAME.journal" beside out_dir
 * (fsync'd), so a killed commit can be finished.  Returns 0, or -1 with
 * an error in o->diags (out_dir then as before). */
int output_place_commit(struct output *o);

/* Finishes the commit a killed build left in its journal, if any, and
 * removes the journal and that build's staging folder.  Call with the
 * output lock held (outdir.h), before anything else touches out_dir.
 * What it did or could not do goes as warnings into diags. */
void output_place_recover(const char *out_dir, struct diag_list *diags);

#endif

/* newcmd_io: what newcmd.c and newcmd_scores.c share, inside the newcmd
 * module. */
#ifndef CONGBO_NEWCMD_IO_H
#define CONGBO_NEWCMD_IO_H

#include "buf.h"
#include "diag.h"
#include "newcmd.h"

/* Appends rel under source_dir ("." or NULL: rel alone) to out. */
void newcmd_path(struct buf *out, const char *source_dir, const char *rel);

/* Appends the bytes of rel under source_dir to out.  Returns 0, or -1
 * with errno. */
int newcmd_read(const char *source_dir, const char *rel, struct buf *out);

/* Returns -1 with an error naming the file when rel under source_dir
 * exists (congbo new never replaces a file), else 0. */
int newcmd_refuse_existing(const char *source_dir, const char *rel,
			   struct diag_list *diags);

/* Creates rel under source_dir (and its folders) with text, refusing to
 * replace a file.  Appends the path to path.  Returns 0, or -1 with an
 * error naming the file in diags. */
int newcmd_write_new(const char *source_dir, const char *rel,
		     const struct buf *text, struct buf *path,
		     struct diag_list *diags);

/* new scores (newcmd_scores.c). */
int newcmd_scores(const struct newcmd_options *o, struct buf *path,
		  struct diag_list *diags);

#endif

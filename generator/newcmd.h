/* newcmd: `congbo new`: the file a writer or a clerk starts from.
 *
 *     new post "Tiêu đề"    content/posts/YYYY/tieu-de.md: title, date and
 *                           time now in the site's timezone, author (the
 *                           option, else site.yaml's author), categories: [],
 *                           tags: [], an empty summary, draft: true
 *     new page "Liên hệ"    content/pages/lien-he.md: title, summary, draft
 *     new scores cchc-2022  content/scores/cchc-2022.yaml from the newest
 *                           earlier file of the series (cchc-2021.yaml):
 *                           the same bands, criteria sets and units, every
 *                           unit's scores empty, nam the new year, nam_truoc
 *                           the old file's published index and rank
 *
 * An existing file is never overwritten.  The module never prints: main.c
 * reports the path it returns. */
#ifndef CONGBO_NEWCMD_H
#define CONGBO_NEWCMD_H

#include "buf.h"
#include "diag.h"

enum newcmd_kind { NEWCMD_POST, NEWCMD_PAGE, NEWCMD_SCORES };

struct newcmd_options {
	enum newcmd_kind kind;
	const char *source_dir;   /* the portal folder; default "." */
	const char *title;        /* post, page: the title; scores: the id */
	const char *author;       /* post: NULL for site.yaml's author */
	long long now;            /* the post's date, epoch seconds */
};

/* Writes the new file.  Returns 0 and appends its path (under source_dir)
 * to path, or -1 with errors in diags: a bad title or id, no earlier score
 * file, errors in the site config or the earlier score file, a file that
 * exists already (named in the message), or a write that failed.  path is
 * the caller's. */
int newcmd_run(const struct newcmd_options *o, struct buf *path,
	       struct diag_list *diags);

/* Appends s as a YAML scalar that reads back as the same text: plain when
 * that is safe, else double-quoted with escapes. */
void newcmd_yaml_text(struct buf *out, const char *s);
/* The same, always double-quoted (criteria codes: "1.1" is text). */
void newcmd_yaml_quoted(struct buf *out, const char *s);

#endif

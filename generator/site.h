/* site: loading the model (model.h) of one build from its source.
 *
 * Loading a site reads every Markdown file of the source once, checks its
 * front matter, gives each page its URL (from the permalink patterns),
 * drops drafts and future articles unless asked, and groups articles by
 * category, tag and year, newest first; score data is results_load.c's
 * part of the load.  Bodies are not rendered here:
 * a page keeps a pointer into its source bytes, and the render step turns
 * it into HTML when it writes the page.  Everything lives in the site's
 * arena; the source must outlive the site. */
#ifndef CONGBO_SITE_H
#define CONGBO_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model.h"
#include "source.h"

struct history;

struct content_records;

struct site_options {
	const struct content_records *records;   /* front matter already
						    read, or NULL */
	bool drafts;              /* include draft: true */
	bool preview;             /* include draft score datasets (results.h) */
	bool future;              /* include articles dated after now */
	long long now;            /* epoch seconds deciding "future" */
	/* The git history that orders articles sharing a URL (recurring.h),
	 * asked for only when some do; NULL, or returning NULL: none. */
	const struct history *(*get_history)(void *ctx);
	void *history_ctx;
	bool note_recurring;      /* a note per group of such articles */
};

/* threads reading front matter at once, at most */
#define SITE_MAX_READERS 8

/* Builds the model from src.  Returns 0, or -1 with errors in diags (the
 * model is then incomplete but safe to dispose).  Free with
 * site_dispose. */
int site_load(struct site *site, const struct source *src,
	      const struct site_options *opts, struct diag_list *diags);
void site_dispose(struct site *site);

/* Gives p the slug and the URL and output path that follow from it;
 * false (p unchanged) when that URL would leave the output folder. */
bool site_page_set_slug(struct site *site, struct page *p, const char *slug);

/* The root-relative URL of a permalink pattern filled in for one page.
 * Placeholders: :year :month :day :slug :category.  NULL (with an error)
 * when the result would leave the output folder. */
const char *site_expand_permalink(struct arena *a, const char *pattern,
				  const struct page *page,
				  const char *category_slug);

#endif

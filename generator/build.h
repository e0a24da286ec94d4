/* build: one whole build or check, from options to a site folder.
 *
 * source → site model → theme → render → output.  Every phase runs even
 * when an earlier one found errors, so one run reports all it can; the
 * output folder is swapped in only when there was no error at all. */
#ifndef CONGBO_BUILD_H
#define CONGBO_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "render.h"

/* Where a build is, for a progress line that another thread draws
 * (main.c): build_run stores, that thread only loads. */
enum build_phase { BUILD_LOADING, BUILD_RENDERING, BUILD_WRITING };

struct build_progress {
	_Atomic int phase;        /* enum build_phase */
	_Atomic size_t pages;     /* articles and pages to render, once known */
};

struct build_options {
	const char *source_dir;   /* portal folder; default "." */
	const char *out_dir;      /* default "site" */
	const char *repo;         /* with rev: a git repository */
	const char *rev;          /* build this commit instead of the folder */
	bool drafts;
	bool preview;             /* serve: draft score datasets too (drafts
				     implies it) */
	bool future;
	bool check_only;          /* validate everything, write nothing */
	bool no_history;          /* no last-change dates from git (they come
				     from the commit built, or for a folder
				     inside a working tree from HEAD) */
	bool no_cache;            /* ignore and do not write the incremental
				     cache (beside the output: .site.cache) */
	bool force;               /* take over an output folder without
				     congbo's marker (outdir.h) */
	bool own_out;             /* out_dir is publish's own build folder in
				     the repository's git folder, which
				     outdir_check would refuse */
	bool no_wait;             /* another build holds the output folder's
				     lock: fail (report->busy) at once */
	const char *photo_store;  /* resized photos by content, kept from
				     build to build (render.h); NULL: beside
				     the output (.site.photos); none with
				     no_cache */
	unsigned jobs;            /* render threads; 0 = number of cores */
	long long now;            /* what "future" is measured against */
	const char *published;    /* with rev: a commit of the publish branch
				     whose addresses must stay (permalink.h),
				     or NULL */
	struct build_progress *progress;   /* NULL, or kept up to date */
};

struct build_report {
	size_t posts, pages, files_written, files_kept;
	size_t skipped_drafts, skipped_future;
	long long next_due;       /* the earliest date of an article left out
				     as future, or LLONG_MAX when none was */
	bool unchanged;           /* nothing changed: the output was kept */
	bool busy;                /* no_wait and the output folder locked */
	double seconds;
	/* The phases of seconds (--verbose): load (sources, config, front
	 * matter, theme), render (every file rendered and written into the
	 * temporary folder), write (swapping it into place). */
	double load_seconds, render_seconds, write_seconds;
	char source_label[80];
	struct render_counts search;   /* the search index (--verbose) */
};

/* Runs the build.  Returns 0, or -1 when diags holds errors (the output
 * folder is then as it was). */
int build_run(const struct build_options *opts, struct diag_list *diags,
	      struct build_report *report);

#endif

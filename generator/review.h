/* review: the editor's checks of every article and page body.
 *
 * Run by `check` and `build` (and so by the pre-receive hook) after the
 * site is loaded, each problem at the file:line:column the writer must go
 * to (cmark-gfm's source positions, columns in characters):
 *
 *   errors    a link or image to a site path that no output of the build
 *             answers (/tin-tuc/..., /images/..., /files/..., relative
 *             links, and full links to the site's own base_url); merge
 *             conflict markers (<<<<<<<, =======, >>>>>>> lines).
 *   warnings  an image without alternative text; a heading that skips a
 *             level (the page title is level 1); a link without text; a
 *             link whose text is only "tại đây", "click here" and the like.
 *
 * External links are never fetched.  The bodies are parsed in parallel;
 * diags takes diagnostics from every thread.  With a cache, what a body
 * was found to hold is kept by the file's blob id, so an unchanged file is
 * not parsed again; the checks run on every build.
 *
 * A build that renders next parses every new body anyway, for its HTML:
 * review_site_later leaves those bodies to the render, which hands each
 * body's links, images and headings over from that one parse:
 *
 *     struct review *rv = review_site_later(site, theme, cache, diags);
 *     ...                                    // on a render thread:
 *     if (review_take(rv, p, scan)) {        // p was left to us
 *             opts.found = review_found;  opts.found_ctx = scan;
 *             markdown_render(&html, p->body, p->body_len, &opts);
 *             review_taken(rv, p, scan);     // its checks
 *     }
 *     ...
 *     review_finish(rv);   // scans what the render did not, and frees
 *
 * A body with a shortcode's table is not left (the render parses it with
 * a mark in the shortcode's place).  The messages are the same either
 * way; review_finish must run before the output is committed. */
#ifndef CONGBO_REVIEW_H
#define CONGBO_REVIEW_H

#include <stdbool.h>

#include "diag.h"

struct cache;
struct site;
struct theme;

/* cache (may be NULL) gives the scans of the previous build and records
 * this build's. */
void review_site(const struct site *site, const struct theme *theme,
		 struct cache *cache, struct diag_list *diags);

struct markdown_item;
struct page;
struct review;
struct review_scan;

struct review *review_site_later(const struct site *site,
				 const struct theme *theme,
				 struct cache *cache, struct diag_list *diags);
/* A scan for one thread's bodies, one at a time. */
struct review_scan *review_scan_new(void);
void review_scan_free(struct review_scan *scan);
/* True when p was left to the render and the caller is the one to scan
 * it (once per page, whichever thread asks first); rv may be NULL. */
bool review_take(struct review *rv, const struct page *p,
		 struct review_scan *scan);
/* markdown_options.found for a taken page, ctx its scan. */
void review_found(void *ctx, const struct markdown_item *item);
/* The checks of a taken page, once its body was rendered. */
void review_taken(struct review *rv, const struct page *p,
		  struct review_scan *scan);
/* Scans and checks the pages left and not taken; frees rv (may be
 * NULL). */
void review_finish(struct review *rv);

#endif

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
 * not parsed again; the checks run on every build. */
#ifndef CONGBO_REVIEW_H
#define CONGBO_REVIEW_H

#include "diag.h"

struct cache;
struct site;
struct theme;

/* cache (may be NULL) gives the scans of the previous build and records
 * this build's. */
void review_site(const struct site *site, const struct theme *theme,
		 struct cache *cache, struct diag_list *diags);

#endif

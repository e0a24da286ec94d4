/* render: every file of the site, from the model, the theme and the
 * templates, written through output.
 *
 * Two phases, each split into tasks that workers take one at a time:
 * first the articles, pages and assets (articles yield the summaries that
 * lists show), then the lists, feeds, sitemap and fixed pages.  Workers
 * share the model and the compiled templates read-only; each keeps its
 * own arena and buffer. */
#ifndef CONGBO_RENDER_H
#define CONGBO_RENDER_H

/* Hidden files of every build (render_redirects.c): the aliases as nginx
 * 301s, and "URL<TAB>SOURCE" per article and page (permalink.h). */
#define RENDER_REDIRECTS_NGINX ".redirects.nginx"
#define RENDER_PAGES_LIST ".congbo-pages.tsv"

#include "cache.h"
#include "diag.h"
#include "output.h"
#include "model.h"
#include "theme.h"

#define RENDER_MAX_JOBS 64
#define RENDER_RELATED_COUNT 5
/* the first cards of a list (one row of the widest layout) load their
 * images at once; the others when scrolled near ("lazy") */
#define RENDER_EAGER_CARDS 3
/* sizes of a photo in an article's text: the width of the default
 * theme's text column (.prose, at most 70ch of 17px type), the whole
 * screen on a phone */
#define RENDER_BODY_IMAGE_SIZES "(min-width: 720px) 680px, 100vw"
#define RENDER_FEED_ENTRIES 20
/* the site's manifest: "SHA256  PATH" per file, as sha256sum writes */
#define RENDER_MANIFEST "SHA256SUMS"
/* pagination shows the pages this close to the current one (and the ends) */
#define RENDER_PAGE_WINDOW 2

/* What a render did that a build reports (--verbose). */
struct review;

struct render_counts {
	bool search;              /* the theme has a search page: index written */
	size_t search_read;       /* pages whose words were read from the body */
	size_t search_cached;     /* pages whose words came from the search cache */
	bool search_updated;      /* the index was updated, not built again */
	size_t search_written, search_buckets;   /* buckets written, in all */
	_Atomic size_t photos_made;     /* photo copies made with libvips */
	_Atomic size_t photos_stored;   /* copies taken from the photo store */
};

/* Renders the site with jobs worker threads (1..RENDER_MAX_JOBS).  With a
 * cache (may be NULL), an output whose key is unchanged is linked from the
 * previous build instead of rendered, and what this build made is
 * recorded into the cache.  The key of a page is the fingerprint of base
 * (of everything every page depends on outside its view), the template's
 * name and the very view it is rendered from: no page can depend on data
 * its key misses.  body_base is what a body's HTML depends on besides
 * its blob (the key of summaries kept in the cache).  photo_store (may be
 * NULL) is a folder of photo copies by content (render_images.c): copies
 * found there are not made again, copies made are put there.  counts
 * (may be NULL) receives what the search index and the photos took from
 * where.  review (may be NULL; review_site_later) gets the items of the
 * bodies it left to the render, from the parse that makes their HTML.
 * Returns 0, or -1 with errors in diags. */
int render_site(const struct site *site, const struct theme *theme,
		struct output *out, struct cache *cache, const char *base,
		const char *body_base, unsigned jobs, struct diag_list *diags,
		const char *photo_store, struct render_counts *counts,
		struct review *review);

#endif

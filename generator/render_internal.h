/* render_internal: what render.c shares with the files that render one
 * kind of page each (render_results.c).  Not for other modules: they call
 * render_site (render.h). */
#ifndef CONGBO_RENDER_INTERNAL_H
#define CONGBO_RENDER_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "arena.h"
#include "buf.h"
#include "cache.h"
#include "digest.h"
#include "fingerprint.h"
#include "markdown.h"
#include "render.h"
#include "value.h"
#include "view.h"

struct render_task;

/* The site's manifest (RENDER_MANIFEST): every file written or kept. */
struct render_manifest_entry {
	char *path;
	char sha256[DIGEST_SHA256_HEX_SIZE];
};

struct render_manifest {
	pthread_mutex_t lock;       /* workers add at once */
	struct render_manifest_entry *entries;
	size_t count, cap;
};
struct render_search;

/* One render_site call: the read-only model and theme, the output, and
 * the queue of tasks the workers take from. */
struct render_run {
	const struct site *site;
	const struct theme *theme;
	struct output *out;
	struct diag_list *diags;
	struct cache *cache;        /* the incremental cache, or NULL */
	char base[FINGERPRINT_HEX_SIZE];   /* of what every page depends on */
	char **summaries;           /* per post: set by its own task */
	unsigned char *card_cores;  /* per post, FINGERPRINT_DIGEST_SIZE
				       bytes (render.c's cards); NULL
				       without a cache */
	struct arena keep[RENDER_MAX_JOBS];   /* what workers keep for the
						 whole run: the one of the
						 worker's index */
	char body_base[FINGERPRINT_HEX_SIZE];   /* of what a body's HTML
						   depends on besides its
						   blob (summaries' keys) */
	const char *photo_store;    /* render_site's, or NULL */
	struct render_counts *counts;   /* the photo counters are atomic */
	struct render_search *search;   /* the search index's records, or
					   NULL (no search template) */
	struct review *review;      /* bodies left to the render, or NULL */
	struct render_manifest manifest;
	struct render_task *tasks;
	size_t task_count, task_cap;
};

/* What one worker owns.  The arena is reset after every task. */
struct render_worker {
	struct render_run *run;
	struct arena arena;
	struct arena *keep;         /* lives as long as the run */
	struct view_sites sites;    /* its "site" maps, in keep */
	struct buf out;
	struct buf scratch;
	const char *source;         /* the file of the page being rendered,
				       or NULL for congbo's own pages */
	struct review_scan *review_scan;   /* made when first needed */
};

/* Renders template name with view into w->out and writes it as path;
 * errors go into the run's diagnostics. */
void render_template(struct render_worker *w, const char *name,
		     const struct value *view, const char *path);

/* For an output whose inputs are all in the base (score data, config,
 * templates): its key is the template's name and up to two texts naming
 * it (a dataset id, a unit code).  Returns true when the cache kept the
 * file (nothing more to do), else false with key set for
 * render_write_key.  Only for files made without a view (downloads,
 * redirects): a page from a template is keyed by its view
 * (render_template). */
bool render_keep_by(struct render_worker *w, const char *path,
		    const char *name, const char *part1, const char *part2,
		    char key[FINGERPRINT_HEX_SIZE]);
/* True when the cache vouches that path, made under key (computed by
 * the caller from everything that decides its bytes), is unchanged: the
 * previous file is then kept. */
bool render_keep_key(struct render_worker *w, const char *path,
		     const char *key);
/* Writes bytes made outside templates (downloads) under such a key. */
void render_write_key(struct render_worker *w, const char *path,
		      const void *data, size_t len, const char *key);

/* Writes bytes under key (may be "" without a cache) unless the cache
 * vouches that the output already holds the file with that key. */
void render_write_if_changed(struct render_worker *w, const char *path,
			     const void *data, size_t len, const char *key);

/* The HTML of p's body for a page whose way back to the root is root, in
 * w's arena. */
const char *render_body_html(struct render_worker *w, const struct page *p,
			     const char *root);

/* Appends {loc, lastmod} of url (and of p's date, when p is given) to the
 * sitemap's list urls. */
void render_sitemap_url(struct render_worker *w, struct value *urls,
			const char *url, const struct page *p);

/* ---- render_redirects.c: old addresses, and the list of addresses ---- */

/* A redirect page at each alias, RENDER_REDIRECTS_NGINX and
 * RENDER_PAGES_LIST; an alias that is a page's address is an error. */
void render_redirects(struct render_worker *w);

/* ---- render_images.c: the copies of the portal's photos -------------- */

struct images_entry;
/* Makes (or keeps) every copy of e; a damaged file is an error at its
 * path. */
void render_image(struct render_worker *w, const struct images_entry *e);

/* ---- render_results.c: the score results ---------------------------- */

/* ket-qua/index.html: every dataset, newest first. */
void render_results_index(struct render_worker *w);
/* ket-qua/ID/index.html and its CSV and JSON downloads. */
void render_result(struct render_worker *w, const struct scores_dataset *d);
/* ket-qua/ID/UNIT/index.html for d->units[unit]. */
void render_result_unit(struct render_worker *w,
			const struct scores_dataset *d, size_t unit);
/* Every results URL, for the sitemap. */
void render_results_sitemap(struct render_worker *w, struct value *urls);
/* Fills opts->blocks with the HTML of p's shortcodes (resolved when the
 * site loaded: p->embeds), rendered for a page dated date ("2022-06-20",
 * or NULL: the figures in force on it, for a corrected dataset) whose way
 * back to the root is root.  Everything lives in w's arena. */
void render_results_embeds(struct render_worker *w, const struct page *p,
			   const char *date, const char *root,
			   struct markdown_options *opts);

/* ---- render_search.c: the search page and its index ------------------ */

/* The records of this build, when theme has a "search" template (else
 * NULL); with a cache, the records of the previous build are read. */
struct render_search *render_search_new(const struct site *site,
					const struct theme *theme,
					const struct cache *cache);
/* Frees s (NULL is fine); with save, first writes the records for the
 * next build; counts (may be NULL) receives how many pages were read and
 * how many came from the cache. */
void render_search_free(struct render_search *s, bool save,
			struct render_counts *counts);
/* Leaves p's record in its slot: from the cache, or read from its body
 * (*html, rendered here when NULL, so the page can use it). */
void render_search_note(struct render_worker *w, const struct page *p,
			const char *root, const char **html);
/* The index files, once every page has its record. */
void render_search_index(struct render_worker *w);
/* tim-kiem/index.html */
void render_search_page(struct render_worker *w);

#endif

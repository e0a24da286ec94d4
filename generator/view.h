/* view: the values templates see, built from the site model.
 *
 * Each function builds one part of a page's view in the caller's arena
 * (a render worker's, reset between pages).  The keys are documented in
 * themes/default/README.md; that file and this module change together. */
#ifndef CONGBO_VIEW_H
#define CONGBO_VIEW_H

#include "model.h"
#include "value.h"

/* Builds, once per build and before any view, the parts of "site" that are
 * the same in every page's view (categories, contact), marked shared so
 * that fingerprints take them once (site->view_shared). */
void view_prepare(struct site *site);

/* The per-page frame every HTML template receives: root, url, permalink,
 * title, description, kind and site.  root is the way back to the site
 * root from url ("./", "../../"); title is the bare page title (NULL for
 * the home page), description may be NULL. */
struct value *view_page(struct arena *a, const struct site *site,
			const char *kind, const char *url, const char *root,
			const char *title, const char *description);

/* The "site" maps one render worker has built, one per set of active menu
 * items, memoized (fingerprint_memo): thousands of pages share a handful.
 * Zero it and set arena, which must outlive every view using them. */
#define VIEW_SITES_MAX 16
struct view_sites {
	struct arena *arena;
	unsigned long long masks[VIEW_SITES_MAX];
	struct value *maps[VIEW_SITES_MAX];
	size_t count;
};

/* view_page, its "site" taken from (or added to) sites. */
struct value *view_page_in(struct view_sites *sites, struct arena *a,
			   const struct site *site, const char *kind,
			   const char *url, const char *root, const char *title,
			   const char *description);
/* {iso, text, short, year} */
struct value *view_date(struct arena *a, const struct text_date *d);
/* The same for a page's own date, from the strings the site made once. */
struct value *view_page_date(struct arena *a, const struct page *p);
/* An article as a list item; summary is the text to show (may be NULL).
 * root is the way back to the root of the page it is shown on (srcset
 * holds whole URLs); eager: its image is near the top of the page
 * (loading "eager", else "lazy"). */
struct value *view_card(struct arena *a, const struct page *p,
			const char *summary, const char *root, bool eager);
/* Puts width, height, srcset and webp_srcset (see
 * themes/default/README.md) of the photo e, for a page whose way back to
 * the root is root, into the image map img; nothing when e is NULL. */
void view_put_image_size(struct arena *a, struct value *img,
			 const struct images_entry *e, const char *root);
/* How many colours terms are given (tone-0 … tone-5 in the theme). */
#define VIEW_TONES 6
/* [{name, url, tone}] of terms; tone picks one of VIEW_TONES colours. */
struct value *view_terms(struct arena *a, struct term *const *terms,
			 size_t count);
/* Revisions listed in a page's history: the newest ones; a page edited
 * every day for years would otherwise carry a list longer than itself. */
#define VIEW_HISTORY_MAX 30
/* Puts into map, from the git history of page p:
 * - updated (a date): its last change, only when that came after the
 *   page's own date and is not the commit that added the file (moving a
 *   portal into git is no update);
 * - with "lich_su: cong_khai" in site.yaml only: updated_by (the author's
 *   name), has_history (true) and history ([{date, author, subject}],
 *   newest first, at most VIEW_HISTORY_MAX).
 * Nothing when it has no history.  No e-mail address ever. */
void view_put_history(struct arena *a, struct value *map,
		      const struct site *site, const struct page *p);
/* The path back to the root from a root-relative URL or output path:
 * "tin-tuc/2022/x/" → "../../../"; "" → "./". */
const char *view_root(struct arena *a, const char *url);
/* base_url + url */
const char *view_permalink(struct arena *a, const struct site *site,
			   const char *url);

#endif

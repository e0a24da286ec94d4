/* render_key: what an article page or a list page is made from, hashed
 * without building its view.
 *
 * Building and fingerprinting the views of 10,000 articles and 6,000 list
 * pages costs more than a one-article rebuild may take.  These keys hash
 * only the inputs: for an article its blob id (front matter and body), its
 * URL, terms, history and the cards it links to; for a list page the
 * cards it shows.  Everything else its view holds comes from the build's
 * base (config, templates, scores, shared parts of "site"), which every
 * key starts with.  tests/cli/cache.sh holds keys to their promise: a
 * rebuild gives the same bytes as a build without the cache. */
#ifndef CONGBO_RENDER_KEY_H
#define CONGBO_RENDER_KEY_H

#include "fingerprint.h"
#include "site.h"

/* Starts a key with the base fingerprint and the template's name. */
void render_key_start(struct fingerprint *fp, const char *base,
		      const char *template_name);
/* What a card of p shows, with the summary it is given. */
void render_key_card(struct fingerprint *fp, const struct page *p,
		     const char *summary);
/* An article or static page: its own inputs (not its related cards). */
void render_key_page(struct fingerprint *fp, const struct page *p);

#endif

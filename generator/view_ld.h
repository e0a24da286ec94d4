/* view_ld: what a page says about itself to search engines and to the
 * apps a link is shared in, derived from its finished view.
 *
 *     <script type="application/ld+json">{{{ld_json}}}</script>
 *     <meta property="og:title" content="{{share.title}}">
 *
 * ld_json is schema.org JSON-LD: an @graph of the site's
 * GovernmentOrganization and WebSite, the page's BreadcrumbList and, on
 * an article, its NewsArticle.  It is escaped for a <script> element (no
 * "<" in it at all), so a title cannot end the element.  share is
 * {title, type, image, card} for Open Graph and Twitter cards.  Both come
 * from data already in the view, so the page's cache key covers them. */
#ifndef CONGBO_VIEW_LD_H
#define CONGBO_VIEW_LD_H

#include "model.h"
#include "value.h"

/* A copy of the top level of view (an HTML page's, with its kind) with
 * ld_json and share added, in arena a. */
struct value *view_ld_add(struct arena *a, const struct site *site,
			  const struct value *view);

#endif

/* markdown: article bodies to HTML, through cmark-gfm and its table,
 * strikethrough, autolink and tagfilter extensions.
 *
 * The only module that touches cmark.  A table is wrapped in a
 * focusable scroll box (class "bang-cuon"); an image alone in its
 * paragraph with a title becomes a <figure> with that title as its
 * <figcaption>; an image of the site's photos asks for their resized
 * copies (srcset).  Raw HTML in Markdown is dropped
 * unless the site allows it; links and images with a dangerous scheme
 * (javascript:, vbscript:, file:, data: other than images) lose their
 * URL whatever the setting; site-absolute links ("/tin-tuc/...") are
 * rewritten relative to the page, so the site works from a sub-folder. */
#ifndef CONGBO_MARKDOWN_H
#define CONGBO_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct images;

/* HTML of ours that takes the place of one whole line of the Markdown
 * (a shortcode line, shortcode.h).  It becomes a block of its own, kept
 * as it is even when raw HTML is dropped: it is congbo's, not the
 * writer's. */
struct markdown_block {
	unsigned line;        /* 1-based line of the text */
	const char *html;
};

/* One link, image or heading of a body, for the editor's checks. */
enum markdown_item_kind { MARKDOWN_LINK, MARKDOWN_IMAGE, MARKDOWN_HEADING };
struct markdown_item {
	enum markdown_item_kind kind;
	unsigned line, col;   /* where it starts: 1-based line, byte column */
	const char *url;      /* links and images: as written, unescaped */
	const char *text;     /* its plain text: link text, alt, heading */
	int level;            /* headings: 1-6 */
};

/* Receives each link, image and heading of a body, in document order;
 * the item lives only for the call. */
typedef void markdown_found_fn(void *ctx, const struct markdown_item *item);

struct markdown_options {
	bool unsafe_html;     /* keep raw HTML blocks and inline HTML */
	const char *root;     /* prefix that leads back to the site root:
				 "../../"; NULL leaves "/x" links as they are */
	const struct markdown_block *blocks;   /* by line; may be NULL */
	size_t block_count;
	/* The site's photos (images.h), or NULL: an image of one of them
	 * becomes a <picture> with a WebP source, srcset, sizes (the value
	 * below), width and height; every image but the first of the body
	 * loads lazily. */
	const struct images *images;
	const char *image_sizes;
	/* When set, found is called as by markdown_scan, from the same
	 * parse: the editor's checks take a body's items while its HTML is
	 * made.  Only for a body without blocks: a block's mark is not what
	 * the writer wrote. */
	markdown_found_fn *found;
	void *found_ctx;
};

/* Appends the HTML of the Markdown text to out. */
void markdown_render(struct buf *out, const char *text, size_t len,
		     const struct markdown_options *opts);

/* Calls found(ctx, item) for each link, image and heading of the
 * Markdown text, in document order.  The item lives only for the call. */
void markdown_scan(const char *text, size_t len, markdown_found_fn *found,
		   void *ctx);

/* True when url's scheme may not be followed from a page of ours
 * (javascript:, vbscript:, file:, data: except data:image/...). */
bool markdown_url_is_dangerous(const char *url);

#endif

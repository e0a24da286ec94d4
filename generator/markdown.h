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
};

/* Appends the HTML of the Markdown text to out. */
void markdown_render(struct buf *out, const char *text, size_t len,
		     const struct markdown_options *opts);

/* True when url's scheme may not be followed from a page of ours
 * (javascript:, vbscript:, file:, data: except data:image/...). */
bool markdown_url_is_dangerous(const char *url);

#endif

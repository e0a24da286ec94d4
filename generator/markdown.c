/* markdown: cmark-gfm with our link, table and figure policy (see
 * markdown.h). */
#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <assert.h>
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "images.h"
#include "mem.h"
#include "text.h"

static bool markdown_has_prefix(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

bool markdown_url_is_dangerous(const char *url)
{
	/* browsers ignore leading spaces and control characters */
	while (*url && (unsigned char)*url <= ' ')
		url++;
	if (markdown_has_prefix(url, "data:image/") &&
	    !markdown_has_prefix(url, "data:image/svg"))
		return false;
	static const char *const schemes[] = {
		"javascript:", "vbscript:", "file:", "data:", NULL};
	for (const char *const *s = schemes; *s; s++)
		if (markdown_has_prefix(url, *s))
			return true;
	/* "java\tscript:" and friends: browsers drop tabs and newlines */
	if (strpbrk(url, "\t\n\r")) {
		char *squeezed = malloc(strlen(url) + 1), *d = squeezed;
		if (!squeezed)
			return true;
		for (const char *p = url; *p; p++)
			if (*p != '\t' && *p != '\n' && *p != '\r')
				*d++ = *p;
		*d = '\0';
		bool bad = markdown_url_is_dangerous(squeezed);
		free(squeezed);
		return bad;
	}
	return false;
}

static void markdown_fix_url(cmark_node *node, const char *root)
{
	const char *url = cmark_node_get_url(node);
	if (!url)
		return;
	if (markdown_url_is_dangerous(url)) {
		cmark_node_set_url(node, "");
		return;
	}
	if (root && url[0] == '/' && url[1] != '/') {
		struct buf fixed;
		buf_init(&fixed);
		buf_puts(&fixed, root);
		buf_puts(&fixed, url + 1);
		cmark_node_set_url(node, fixed.data);
		buf_dispose(&fixed);
	}
}

/* A block stands in for its line: the line becomes this HTML comment,
 * which cmark reads as an HTML block of one line (one that may even
 * interrupt a paragraph) without moving any other line; the block node
 * is then swapped for a custom block holding our HTML, which cmark
 * writes as it is whatever the raw HTML setting. */
#define MARKDOWN_BLOCK_MARK "<!--congbo-block-->"

static const struct markdown_block *markdown_block_at(
	const struct markdown_options *opts, unsigned line)
{
	for (size_t i = 0; i < opts->block_count; i++)
		if (opts->blocks[i].line == line)
			return &opts->blocks[i];
	return NULL;
}

/* text with every block's line replaced by the mark, in b. */
static void markdown_mark_blocks(struct buf *b, const char *text, size_t len,
				 const struct markdown_options *opts)
{
	const char *s = text, *end = text + len;
	for (unsigned line = 1; s < end; line++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *stop = nl ? nl : end;
		if (markdown_block_at(opts, line))
			buf_puts(b, MARKDOWN_BLOCK_MARK);
		else
			buf_put(b, s, (size_t)(stop - s));
		if (nl)
			buf_putc(b, '\n');
		s = nl ? nl + 1 : end;
	}
}

/* The HTML for node if it is the mark on a block's line, else NULL. */
static const char *markdown_block_html(cmark_node *node,
				       const struct markdown_options *opts)
{
	const char *lit = cmark_node_get_literal(node);
	size_t n = strlen(MARKDOWN_BLOCK_MARK);
	if (!opts->block_count || !lit ||
	    strncmp(lit, MARKDOWN_BLOCK_MARK, n) != 0 ||
	    (lit[n] && strcmp(lit + n, "\n") != 0))
		return NULL;
	const struct markdown_block *b =
		markdown_block_at(opts, (unsigned)cmark_node_get_start_line(node));
	return b ? b->html : NULL;
}

/* The GitHub extensions every body is parsed with: tables,
 * ~~strikethrough~~, bare www./https:// autolinks, and the tag filter
 * (which defuses <script>, <iframe> ... when raw HTML is allowed). */
static const char *const markdown_extensions[] = {
	"table", "strikethrough", "autolink", "tagfilter", NULL};

static pthread_once_t markdown_registered = PTHREAD_ONCE_INIT;

/* cmark-gfm's registry is a plain global list: fill it once, before any
 * of the render threads looks an extension up. */
static void markdown_register(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

static cmark_parser *markdown_parser_new(int options)
{
	pthread_once(&markdown_registered, markdown_register);
	cmark_parser *parser = cmark_parser_new(options);
	for (const char *const *name = markdown_extensions; *name; name++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(*name);
		assert(ext);
		cmark_parser_attach_syntax_extension(parser, ext);
	}
	return parser;
}

/* Appends url for an href or src attribute, as cmark writes links:
 * bytes outside the URL-safe set percent-encoded, & and ' escaped. */
static void markdown_escape_href(struct buf *out, const char *url)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p == '&')
			buf_puts(out, "&amp;");
		else if (*p == '\'')
			buf_puts(out, "&#x27;");
		else if (isalnum(*p) || strchr("-_.+!*(),%#@?=;:/$~", *p))
			buf_putc(out, (char)*p);
		else
			buf_printf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

/* Appends the plain text of node's children, as cmark writes an image's
 * alt attribute: literals (HTML-escaped when escape), line breaks as
 * spaces. */
static void markdown_plain_text(struct buf *out, cmark_node *node,
				bool escape)
{
	cmark_iter *iter = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(iter);
		if (ev != CMARK_EVENT_ENTER || n == node)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE: {
			const char *lit = cmark_node_get_literal(n);
			if (escape)
				text_escape_html(out, lit, strlen(lit));
			else
				buf_puts(out, lit);
			break;
		}
		case CMARK_NODE_LINEBREAK:
		case CMARK_NODE_SOFTBREAK:
			buf_putc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(iter);
}

/* The site's photo that url (rewritten by markdown_fix_url: root and the
 * root-relative path) shows, or NULL. */
static const struct images_entry *markdown_photo(
	const char *url, const struct markdown_options *opts)
{
	size_t n = opts->root ? strlen(opts->root) : 0;
	if (!opts->images || !n || strncmp(url, opts->root, n) != 0)
		return NULL;
	return images_find(opts->images, url + n);
}

/* Appends ' NAME="SRCSET" sizes="..."' for photo's copies. */
static void markdown_srcset(struct buf *out, const char *name,
			    const struct images_entry *photo, bool webp,
			    const struct markdown_options *opts)
{
	buf_printf(out, " %s=\"", name);
	images_srcset(out, photo, opts->root, webp);
	buf_puts(out, "\" sizes=\"");
	text_escape_html(out, opts->image_sizes, strlen(opts->image_sizes));
	buf_putc(out, '"');
}

/* Appends the <img> of an image node: the one place congbo writes the
 * HTML of an image in a body.  url is already checked and rewritten
 * (markdown_fix_url); with_title is false inside a <figure>, whose
 * caption already shows the title.  A photo of the site's comes as a
 * <picture> of its copies, with its size; lazy: it is not the body's
 * first image, so the browser fetches it only when it is scrolled near. */
static void markdown_image_html(struct buf *out, cmark_node *image,
				bool with_title, bool lazy,
				const struct markdown_options *opts)
{
	const char *title = cmark_node_get_title(image);
	const char *url = cmark_node_get_url(image);
	const struct images_entry *photo = markdown_photo(url, opts);
	const struct images_copy *main = photo ? images_main(photo) : NULL;
	if (main) {
		buf_puts(out, "<picture>");
		if (main->webp_path) {
			buf_puts(out, "<source type=\"image/webp\"");
			markdown_srcset(out, "srcset", photo, true, opts);
			buf_putc(out, '>');
		}
	}
	buf_puts(out, "<img src=\"");
	markdown_escape_href(out, url);
	buf_puts(out, "\" alt=\"");
	markdown_plain_text(out, image, true);
	buf_putc(out, '"');
	if (with_title && title && *title) {
		buf_puts(out, " title=\"");
		text_escape_html(out, title, strlen(title));
		buf_putc(out, '"');
	}
	if (main) {
		if (photo->copy_count > 1)
			markdown_srcset(out, "srcset", photo, false, opts);
		buf_printf(out, " width=\"%u\" height=\"%u\"%s "
			   "decoding=\"async\"", main->width, main->height,
			   lazy ? " loading=\"lazy\"" : "");
	}
	buf_puts(out, main ? " /></picture>" : " />");
}

/* The image node when para holds nothing but one image with a title:
 * such a paragraph becomes a figure, the title its caption. */
static cmark_node *markdown_figure_image(cmark_node *para)
{
	cmark_node *image = cmark_node_first_child(para);
	if (!image || cmark_node_next(image) ||
	    cmark_node_get_type(image) != CMARK_NODE_IMAGE)
		return NULL;
	const char *title = cmark_node_get_title(image);
	return title && *title ? image : NULL;
}

/* Swaps old for a custom node (block or inline) that writes html. */
static void markdown_replace(cmark_node *old, cmark_node_type type,
			     const char *html)
{
	cmark_node *custom = cmark_node_new(type);
	cmark_node_set_on_enter(custom, html);
	cmark_node_replace(old, custom);
	cmark_node_free(old);
}

static void markdown_make_figure(cmark_node *para, bool lazy,
				 const struct markdown_options *opts)
{
	cmark_node *image = markdown_figure_image(para);
	const char *title = cmark_node_get_title(image);
	struct buf html;
	buf_init(&html);
	buf_puts(&html, "<figure>");
	markdown_image_html(&html, image, false, lazy, opts);
	buf_puts(&html, "<figcaption>");
	text_escape_html(&html, title, strlen(title));
	buf_puts(&html, "</figcaption></figure>\n");
	markdown_replace(para, CMARK_NODE_CUSTOM_BLOCK, html.data);
	buf_dispose(&html);
}

static void markdown_make_image(cmark_node *image, bool lazy,
				const struct markdown_options *opts)
{
	struct buf html;
	buf_init(&html);
	markdown_image_html(&html, image, true, lazy, opts);
	markdown_replace(image, CMARK_NODE_CUSTOM_INLINE, html.data);
	buf_dispose(&html);
}

/* A wide table scrolls inside its own box, never widening the page on a
 * phone; the box takes keyboard focus so it can be scrolled without a
 * mouse, and is named for screen readers. */
static void markdown_wrap_table(cmark_node *table)
{
	cmark_node *box = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(box, "<div class=\"bang-cuon\" tabindex=\"0\" "
				     "role=\"region\" aria-label=\"Bảng\">\n");
	cmark_node_set_on_exit(box, "</div>\n");
	cmark_node_insert_before(table, box);
	cmark_node_append_child(box, table);
}

/* Nodes to rework once the walk is over (the tree must not change under
 * the iterator). */
enum markdown_job_kind { MARKDOWN_JOB_BLOCK, MARKDOWN_JOB_FIGURE,
			 MARKDOWN_JOB_IMAGE, MARKDOWN_JOB_TABLE };
struct markdown_job {
	enum markdown_job_kind kind;
	cmark_node *node;
	const char *html;     /* MARKDOWN_JOB_BLOCK: the block's HTML */
	bool lazy;            /* an image (or figure) after the body's first */
};
struct markdown_jobs {
	struct markdown_job *items;
	size_t count, cap;
	size_t images;        /* image and figure jobs so far */
};

static void markdown_job_add(struct markdown_jobs *jobs,
			     enum markdown_job_kind kind, cmark_node *node,
			     const char *html)
{
	if (jobs->count == jobs->cap) {
		jobs->cap = jobs->cap ? 2 * jobs->cap : 16;
		jobs->items = xrealloc(jobs->items,
				       jobs->cap * sizeof *jobs->items);
	}
	bool image = kind == MARKDOWN_JOB_IMAGE || kind == MARKDOWN_JOB_FIGURE;
	jobs->items[jobs->count++] = (struct markdown_job){
		kind, node, html, image && jobs->images++ > 0};
}

/* Fixes links and images, and lists the nodes to rework.  An image that
 * makes a figure is listed once, as its paragraph. */
static void markdown_walk(cmark_node *doc, const struct markdown_options *opts,
			  struct markdown_jobs *jobs)
{
	cmark_iter *iter = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node *figure = NULL;
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		cmark_node_type type = cmark_node_get_type(node);
		const char *html;
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)
			markdown_fix_url(node, opts->root);
		if (type == CMARK_NODE_IMAGE && node != figure)
			markdown_job_add(jobs, MARKDOWN_JOB_IMAGE, node, NULL);
		else if (type == CMARK_NODE_PARAGRAPH &&
			 (figure = markdown_figure_image(node)))
			markdown_job_add(jobs, MARKDOWN_JOB_FIGURE, node, NULL);
		else if (type == CMARK_NODE_HTML_BLOCK &&
			 (html = markdown_block_html(node, opts)))
			markdown_job_add(jobs, MARKDOWN_JOB_BLOCK, node, html);
		else if (strcmp(cmark_node_get_type_string(node), "table") == 0)
			markdown_job_add(jobs, MARKDOWN_JOB_TABLE, node, NULL);
	}
	cmark_iter_free(iter);
}

/* Reworks the listed nodes, innermost first: an image inside a link is
 * listed after the link, a table never inside another listed node. */
static void markdown_apply(struct markdown_jobs *jobs,
			   const struct markdown_options *opts)
{
	for (size_t i = jobs->count; i-- > 0;) {
		struct markdown_job *job = &jobs->items[i];
		switch (job->kind) {
		case MARKDOWN_JOB_BLOCK:
			markdown_replace(job->node, CMARK_NODE_CUSTOM_BLOCK,
					 job->html);
			break;
		case MARKDOWN_JOB_FIGURE:
			markdown_make_figure(job->node, job->lazy, opts);
			break;
		case MARKDOWN_JOB_IMAGE:
			markdown_make_image(job->node, job->lazy, opts);
			break;
		case MARKDOWN_JOB_TABLE:
			markdown_wrap_table(job->node);
			break;
		}
	}
}

static void markdown_find_items(cmark_node *doc, markdown_found_fn *found,
				void *ctx);

void markdown_render(struct buf *out, const char *text, size_t len,
		     const struct markdown_options *opts)
{
	/* bodies come from content_read, which has checked the UTF-8 */
	/* style="text-align: ..." on cells, not the align attribute that
	 * HTML5 made obsolete */
	int options = CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES;
	if (opts->unsafe_html)
		options |= CMARK_OPT_UNSAFE;
	struct buf marked_text;
	buf_init(&marked_text);
	if (opts->block_count) {
		markdown_mark_blocks(&marked_text, text, len, opts);
		text = marked_text.data;
		len = marked_text.len;
	}
	cmark_parser *parser = markdown_parser_new(options);
	cmark_parser_feed(parser, text, len);
	cmark_node *doc = cmark_parser_finish(parser);
	if (opts->found && !opts->block_count)   /* before links are fixed */
		markdown_find_items(doc, opts->found, opts->found_ctx);
	struct markdown_jobs jobs = {0};
	markdown_walk(doc, opts, &jobs);
	markdown_apply(&jobs, opts);
	char *rendered = cmark_render_html(
		doc, options, cmark_parser_get_syntax_extensions(parser));
	buf_puts(out, rendered);
	free(rendered);
	free(jobs.items);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	buf_dispose(&marked_text);
}

/* The item an entered node stands for, if any: links, images and
 * headings.  text is filled in b. */
static bool markdown_item_of(cmark_node *node, struct buf *b,
			     struct markdown_item *item)
{
	cmark_node_type type = cmark_node_get_type(node);
	if (type == CMARK_NODE_LINK)
		item->kind = MARKDOWN_LINK;
	else if (type == CMARK_NODE_IMAGE)
		item->kind = MARKDOWN_IMAGE;
	else if (type == CMARK_NODE_HEADING)
		item->kind = MARKDOWN_HEADING;
	else
		return false;
	buf_truncate(b, 0);
	markdown_plain_text(b, node, false);
	item->line = (unsigned)cmark_node_get_start_line(node);
	item->col = (unsigned)cmark_node_get_start_column(node);
	item->url = type == CMARK_NODE_HEADING ? NULL : cmark_node_get_url(node);
	item->text = b->data;
	item->level = type == CMARK_NODE_HEADING
		? cmark_node_get_heading_level(node) : 0;
	return true;
}

static void markdown_find_items(cmark_node *doc, markdown_found_fn *found,
				void *ctx)
{
	struct buf b;
	buf_init(&b);
	cmark_iter *iter = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		struct markdown_item item;
		if (ev == CMARK_EVENT_ENTER &&
		    markdown_item_of(cmark_iter_get_node(iter), &b, &item))
			found(ctx, &item);
	}
	cmark_iter_free(iter);
	buf_dispose(&b);
}

void markdown_scan(const char *text, size_t len, markdown_found_fn *found,
		   void *ctx)
{
	cmark_parser *parser = markdown_parser_new(CMARK_OPT_SOURCEPOS);
	cmark_parser_feed(parser, text, len);
	cmark_node *doc = cmark_parser_finish(parser);
	markdown_find_items(doc, found, ctx);
	cmark_node_free(doc);
	cmark_parser_free(parser);
}

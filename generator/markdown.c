/* markdown: cmark with our link policy (see markdown.h). */
#include "markdown.h"

#include <cmark.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"

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

/* Fixes links and collects the marked blocks (at most block_count). */
static size_t markdown_walk(cmark_node *doc,
			    const struct markdown_options *opts,
			    cmark_node **marked, const char **html)
{
	size_t n = 0;
	cmark_iter *iter = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		cmark_node_type type = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)
			markdown_fix_url(node, opts->root);
		else if (type == CMARK_NODE_HTML_BLOCK && n < opts->block_count &&
			 (html[n] = markdown_block_html(node, opts)))
			marked[n++] = node;
	}
	cmark_iter_free(iter);
	return n;
}

void markdown_render(struct buf *out, const char *text, size_t len,
		     const struct markdown_options *opts)
{
	/* bodies come from content_read, which has checked the UTF-8 */
	int options = CMARK_OPT_DEFAULT;
	if (opts->unsafe_html)
		options |= CMARK_OPT_UNSAFE;
	struct buf marked_text;
	buf_init(&marked_text);
	if (opts->block_count) {
		markdown_mark_blocks(&marked_text, text, len, opts);
		text = marked_text.data;
		len = marked_text.len;
	}
	cmark_node *doc = cmark_parse_document(text, len, options);
	cmark_node **marked = xcalloc(opts->block_count + 1, sizeof *marked);
	const char **html = xcalloc(opts->block_count + 1, sizeof *html);
	size_t n = markdown_walk(doc, opts, marked, html);
	for (size_t i = 0; i < n; i++) {
		cmark_node *block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
		cmark_node_set_on_enter(block, html[i]);
		cmark_node_replace(marked[i], block);
		cmark_node_free(marked[i]);
	}
	char *rendered = cmark_render_html(doc, options);
	buf_puts(out, rendered);
	free(rendered);
	free(marked);
	free(html);
	cmark_node_free(doc);
	buf_dispose(&marked_text);
}

/* markdown: cmark with our link policy (see markdown.h). */
#include "markdown.h"

#include <cmark.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

void markdown_render(struct buf *out, const char *text, size_t len,
		     const struct markdown_options *opts)
{
	int options = CMARK_OPT_VALIDATE_UTF8;
	if (opts->unsafe_html)
		options |= CMARK_OPT_UNSAFE;
	cmark_node *doc = cmark_parse_document(text, len, options);
	cmark_iter *iter = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(iter);
		cmark_node_type type = cmark_node_get_type(node);
		if (ev == CMARK_EVENT_ENTER &&
		    (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE))
			markdown_fix_url(node, opts->root);
	}
	cmark_iter_free(iter);
	char *html = cmark_render_html(doc, options);
	buf_puts(out, html);
	free(html);
	cmark_node_free(doc);
}

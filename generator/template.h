/* template: Mustache templates, compiled once and rendered many times.
 *
 * Implements the Mustache spec (interpolation, sections, inverted
 * sections, comments, set delimiters, partials) plus its optional parts
 * inheritance ({{<parent}} with {{$block}}) and dynamic names
 * ({{>*name}}, {{<*name}}).  Lambdas are not supported.
 *
 * Templates live in a set and refer to each other by name:
 *
 *     struct template_set *set = template_set_new();
 *     template_set_add(set, "base", "themes/default/base.html", src, len, d);
 *     template_set_add(set, "page", "themes/default/page.html", src2, len2, d);
 *     if (template_set_check(set, d) == 0) {
 *             const struct template *t = template_set_get(set, "page");
 *             template_render(set, t, view, &out, d);
 *     }
 *     template_set_free(set);
 *
 * The view is a struct value tree (value.h).  Falsey are null, false, an
 * empty list and a missing key; everything else (0 and "" too) is truthy.
 * {{x}} escapes & < > " ' ; {{{x}}} and {{&x}} do not.  Numbers print in a
 * short canonical form (1.210 as "1.21", 4.0 as "4"); lists and maps print
 * nothing.
 *
 * Once compiled, a set is read-only while rendering: any number of threads
 * may render from one set at once, each with its own output buffer. */
#ifndef CONGBO_TEMPLATE_H
#define CONGBO_TEMPLATE_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "value.h"

/* Partials and parents nested deeper than this while rendering stop the
 * render (a partial that includes itself without end). */
#define TEMPLATE_MAX_DEPTH 64
/* Sections, parents and blocks nested deeper than this inside one
 * template are a syntax error.  With TEMPLATE_MAX_DEPTH it bounds the
 * renderer's recursion: the worst case (every level of a recursive
 * partial 32 sections deep) needs under 1 MB of stack, 2 MB under ASan;
 * threads get 8 MB by default on Linux. */
#define TEMPLATE_MAX_NESTING 32
/* One render may write at most TEMPLATE_MAX_OUTPUT bytes and visit at
 * most TEMPLATE_MAX_STEPS tags and texts: sections over partials that
 * multiply without end (each level repeating the one below) stop with an
 * error at the tag where the limit was reached, not after gigabytes. */
#define TEMPLATE_MAX_OUTPUT (16u * 1024 * 1024)
#define TEMPLATE_MAX_OUTPUT_TEXT "16 MiB"
#define TEMPLATE_MAX_STEPS 5000000u

struct template;
struct template_set;

/* An empty set; free it with template_set_free. */
struct template_set *template_set_new(void);
/* Frees the set and every template in it; NULL is fine. */
void template_set_free(struct template_set *set);

/* Compiles len bytes of src as the template called name; file names it in
 * diagnostics (NULL: the name).  The set keeps its own copies of name,
 * file and src.  A name added again replaces the earlier template (how a
 * site overrides one theme template).  On a syntax error, adds one error
 * to diags (not NULL) at the line and column of the offending tag, leaves
 * the set unchanged and returns -1; the first error in a template stops
 * its compile. */
int template_set_add(struct template_set *set, const char *name,
		     const char *file, const char *src, size_t len,
		     struct diag_list *diags);

/* Checks, once every template is added, that each static {{>name}} and
 * {{<name}} names a template of the set; each one that does not becomes
 * an error at its tag.  Returns 0, or -1 after adding errors.  (At render
 * time a missing partial renders as nothing, as the spec asks.) */
int template_set_check(const struct template_set *set,
		       struct diag_list *diags);

/* The template called name, or NULL.  It belongs to the set and lives
 * until the set is freed or the name is added again. */
const struct template *template_set_get(const struct template_set *set,
					const char *name);

/* Renders t (a template of set) against context and appends the result
 * to out.  Returns 0, or -1 when partials nest deeper than
 * TEMPLATE_MAX_DEPTH or the render grows past TEMPLATE_MAX_OUTPUT or
 * TEMPLATE_MAX_STEPS: then one error, at the tag where it happened, goes
 * into diags (when not NULL) and out holds a partial result the caller
 * should drop.  context may be NULL (an empty view). */
int template_render(const struct template_set *set, const struct template *t,
		    const struct value *context, struct buf *out,
		    struct diag_list *diags);
/* template_render for an XML document (xml true): {{x}} escapes with
 * text_escape_xml, which also drops the control characters XML forbids,
 * so no text of the content can make the document invalid. */
int template_render_as(const struct template_set *set,
		       const struct template *t, const struct value *context,
		       bool xml, struct buf *out, struct diag_list *diags);

/* ------------------------------------------------------------------------
 * The compiled form, shared by template.c and template_parse.c only.
 *
 * A template compiles to a flat array of nodes in document order.  A
 * container (section, inverted section, parent, block) is followed by its
 * children; every node's end is the index just past it and its
 * descendants, so the renderer walks one level with i = nodes[i].end.
 * Text and names point into the template's own copy of the source.
 *
 * Indentation: standalone partials, parents and blocks indent what they
 * expand.  Instead of re-indenting source text, a text node knows where
 * source lines begin (TNODE_BOL at its start, after each inner newline,
 * TNODE_BOL_END after its final newline when a tag follows), and the
 * renderer writes the current indentation there. */

enum tnode_kind {
	TNODE_TEXT,
	TNODE_VAR,       /* {{name}}, escaped */
	TNODE_RAW,       /* {{{name}}} or {{&name}} */
	TNODE_SECTION,   /* {{#name}} */
	TNODE_INVERTED,  /* {{^name}} */
	TNODE_PARTIAL,   /* {{>name}} */
	TNODE_PARENT,    /* {{<name}} */
	TNODE_BLOCK,     /* {{$name}} */
};

enum {
	TNODE_BOL = 1,         /* text: starts a source line */
	TNODE_BOL_END = 2,     /* text: ends with a newline a live tag follows */
	TNODE_STANDALONE = 4,  /* partial, parent, block: alone on its line */
	TNODE_DYNAMIC = 8,     /* partial, parent: name is looked up ({{>*x}}) */
};

struct tnode {
	enum tnode_kind kind;
	unsigned flags;
	const char *str;     /* text, or the tag's name */
	size_t len;
	size_t end;          /* index past this node and its descendants */
	size_t offset;       /* tags: byte offset of the tag in the source */
	const char *indent;  /* standalone partial, parent, block: see below */
	size_t indent_len;
	size_t strip;        /* standalone block: indentation of its content */
};
/* indent is the whitespace before a standalone partial or parent tag; for
 * a standalone block it is the indentation of the block's first content
 * line (or of the tag when the block is empty), which is where an
 * overriding block's lines go.  strip is how much indentation an
 * overriding block's own lines lose before they are re-indented there. */

struct template {
	char *name;
	size_t name_len;
	char *file;
	char *src;           /* NUL-terminated copy of the source */
	size_t len;
	struct tnode *nodes;
	size_t count;
};

/* Compiles t->src into t->nodes (template_parse.c).  Returns 0, or -1 after
 * adding one error to diags; t->nodes is NULL then. */
int template_compile(struct template *t, struct diag_list *diags);

/* 1-based line and column (in characters) of byte offset in t's source. */
void template_position(const struct template *t, size_t offset,
		       unsigned *line, unsigned *col);

#endif

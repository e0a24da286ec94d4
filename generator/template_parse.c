/* template_parse: Mustache source to the flat node array of template.h.
 *
 * Four passes over one template:
 *
 *   1. tokenize: text and tags alternate, text first and last (a text may
 *      be empty), so every tag has a text token on each side; a delimiter
 *      change applies from the next tag on;
 *   2. match: every closing tag finds its opening tag;
 *   3. standalone: a line holding only whitespace and one tag that prints
 *      nothing itself (section, comment, partial, ...) loses its
 *      whitespace and newline; inheritance also allows several parent and
 *      block tags on one such line ("{{<layout}}{{$main}}");
 *   4. emit: tokens become nodes; text remembers where lines begin.
 *
 * The first syntax error stops the compile: positions after a broken tag
 * would only mislead. */
#include "template.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* How much of a bad tag an error message quotes. */
#define PARSE_QUOTE_MAX 40

struct token {
	char kind;           /* 0 for text; else the sigil: '#' '^' '/' '<'
	                      * '$' '>' '!' '=' '&' ('{' for {{{x}}}), or 'v' */
	bool dynamic;        /* '>', '<', '/': name began with '*' */
	bool standalone;     /* tag: its line is standalone */
	size_t start, end;   /* the whole token in the source */
	size_t tstart, tend; /* text: what standalone lines leave of it */
	const char *name;    /* tag: trimmed name */
	size_t name_len;
	size_t match;        /* '#' '^' '<' '$' '/': index of the partner */
	size_t ws;           /* standalone tag: offset of its line's indent */
	size_t line_end;     /* standalone tag: where the next line starts */
};

struct parser {
	struct template *t;
	struct diag_list *diags;
	const char *src;
	size_t len;
	struct token *toks;
	size_t count, cap;
	const char *otag, *ctag;  /* current delimiters */
	size_t olen, clen;
};

void template_position(const struct template *t, size_t offset,
		       unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < offset && i < t->len; i++) {
		unsigned char c = (unsigned char)t->src[i];
		if (c == '\n') {
			++*line;
			*col = 1;
		} else if ((c & 0xC0) != 0x80) {
			++*col;   /* count characters, not UTF-8 bytes */
		}
	}
}

static int parse_error(struct parser *p, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int parse_error(struct parser *p, size_t offset, const char *fmt, ...)
{
	unsigned line, col;
	va_list ap;
	template_position(p->t, offset, &line, &col);
	va_start(ap, fmt);
	diag_vadd(p->diags, DIAG_ERROR, p->t->file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

static bool parse_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool parse_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Bytes of the source a message may quote from offset on (one line). */
static int parse_quote_len(const struct parser *p, size_t offset, size_t end)
{
	size_t n = 0;
	while (offset + n < end && n < PARSE_QUOTE_MAX &&
	       p->src[offset + n] != '\n')
		n++;
	return (int)n;
}

static struct token *parse_push(struct parser *p, char kind, size_t start,
				size_t end)
{
	if (p->count == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->toks = xreallocarray(p->toks, p->cap, sizeof *p->toks);
	}
	struct token *k = &p->toks[p->count++];
	memset(k, 0, sizeof *k);
	k->kind = kind;
	k->start = k->tstart = start;
	k->end = k->tend = end;
	return k;
}

/* ---- pass 1: tokens ----------------------------------------------------- */

/* Finds the closing delimiter from offset from on; with closer set (the
 * '}' of {{{x}}}, the '=' of {{=a b=}}) that byte must come first.  Sets
 * *inner_end to where the tag's content ends and *tag_end past the tag. */
static int parse_find_close(const struct parser *p, size_t from, char closer,
			    size_t *inner_end, size_t *tag_end)
{
	size_t pos = from;
	for (;;) {
		const char *f = memmem(p->src + pos, p->len - pos, p->ctag,
				       p->clen);
		if (!f)
			return -1;
		size_t at = (size_t)(f - p->src);
		if (!closer || (at > from && p->src[at - 1] == closer)) {
			*inner_end = closer ? at - 1 : at;
			*tag_end = at + p->clen;
			return 0;
		}
		pos = at + 1;
	}
}

static int parse_delimiters(struct parser *p, const struct token *k,
			    size_t c, size_t e)
{
	size_t a = c, b;
	while (a < e && !parse_is_space(p->src[a]) && p->src[a] != '=')
		a++;
	b = a;
	while (b < e && parse_is_space(p->src[b]))
		b++;
	size_t z = b;
	while (z < e && !parse_is_space(p->src[z]) && p->src[z] != '=')
		z++;
	if (a == c || b == a || b == e || z != e)
		return parse_error(p, k->start,
			"bad delimiter change \"%.*s\": write two delimiters "
			"separated by a space, e.g. {{=<%% %%>=}}; neither may "
			"contain spaces or \"=\"",
			parse_quote_len(p, k->start, k->end), p->src + k->start);
	p->otag = p->src + c;
	p->olen = a - c;
	p->ctag = p->src + b;
	p->clen = e - b;
	return 0;
}

/* Dots split a name into keys; none of them may be empty. */
static bool parse_dots_ok(const char *s, size_t n)
{
	if (n == 1 && s[0] == '.')
		return true;
	if (s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 1; i < n; i++)
		if (s[i] == '.' && s[i - 1] == '.')
			return false;
	return true;
}

static int parse_check_name(struct parser *p, const struct token *k)
{
	const char *s = k->name;
	size_t n = k->name_len, w = 0;
	int q = parse_quote_len(p, k->start, k->end);
	if (n == 0)
		return parse_error(p, k->start, "empty tag \"%.*s\": write a "
			"name inside, e.g. {{title}} or {{#items}}", q,
			p->src + k->start);
	if (memmem(s, n, p->otag, p->olen))
		return parse_error(p, k->start, "tag \"%.*s\" contains \"%.*s\":"
			" is a closing \"%.*s\" missing?", q, p->src + k->start,
			(int)p->olen, p->otag, (int)p->clen, p->ctag);
	while (w < n && !parse_is_space(s[w]))
		w++;
	if (w < n)
		return parse_error(p, k->start, "tag name \"%.*s...\" contains "
			"whitespace: a name is one word such as page.title; is "
			"a closing \"%.*s\" missing?", (int)w, s, (int)p->clen,
			p->ctag);
	bool keyed = strchr("v&{#^", k->kind) || k->dynamic;
	if (keyed && !parse_dots_ok(s, n))
		return parse_error(p, k->start, "name \"%.*s\" has an empty part "
			"between dots: write a.b.c, or \".\" alone for the "
			"current item", (int)n, s);
	return 0;
}

/* Fills k's name from the content [c, e) of the tag. */
static int parse_content(struct parser *p, struct token *k, size_t c,
			 size_t e)
{
	while (c < e && parse_is_space(p->src[c]))
		c++;
	while (e > c && parse_is_space(p->src[e - 1]))
		e--;
	if (k->kind == '!')
		return 0;
	if (k->kind == '=')
		return parse_delimiters(p, k, c, e);
	if (strchr("<>/", k->kind) && c < e && p->src[c] == '*') {
		k->dynamic = true;
		c++;
		while (c < e && parse_is_space(p->src[c]))
			c++;
	}
	k->name = p->src + c;
	k->name_len = e - c;
	return parse_check_name(p, k);
}

/* Reads the tag whose opening delimiter is at offset at; *next is set
 * past it. */
static int parse_tag(struct parser *p, size_t at, size_t *next)
{
	size_t c = at + p->olen, inner_end, tag_end;
	char sigil = c < p->len ? p->src[c] : '\0';
	char kind = sigil && strchr("#^/<$>!=&{", sigil) ? sigil : 'v';
	char closer = kind == '{' ? '}' : kind == '=' ? '=' : '\0';
	if (kind != 'v')
		c++;
	if (parse_find_close(p, c, closer, &inner_end, &tag_end) < 0)
		return parse_error(p, at, "unclosed tag \"%.*s%.*s\": no "
			"\"%.*s%.*s\" follows it", (int)p->olen, p->otag,
			kind == 'v' ? 0 : 1, &sigil, closer ? 1 : 0, &closer,
			(int)p->clen, p->ctag);
	struct token *k = parse_push(p, kind, at, tag_end);
	*next = tag_end;
	return parse_content(p, k, c, inner_end);
}

static int parse_tokenize(struct parser *p)
{
	size_t pos = 0;
	for (;;) {
		const char *o = memmem(p->src + pos, p->len - pos, p->otag,
				       p->olen);
		size_t at = o ? (size_t)(o - p->src) : p->len;
		parse_push(p, 0, pos, at);
		if (!o)
			return 0;
		if (parse_tag(p, at, &pos) < 0)
			return -1;
	}
}

/* ---- pass 2: matching --------------------------------------------------- */

static bool parse_opens(char kind)
{
	return kind == '#' || kind == '^' || kind == '<' || kind == '$';
}

static bool parse_closes(const struct token *open, const struct token *close)
{
	return open->dynamic == close->dynamic &&
	       open->name_len == close->name_len &&
	       memcmp(open->name, close->name, open->name_len) == 0;
}

static int parse_mismatch(struct parser *p, const struct token *open,
			  const struct token *close)
{
	unsigned line, col;
	template_position(p->t, open->start, &line, &col);
	const char *od = open->dynamic ? "*" : "", *cd =
		close->dynamic ? "*" : "";
	return parse_error(p, close->start, "{{/%s%.*s}} closes {{%c%s%.*s}} "
		"opened at line %u; close that first with {{/%s%.*s}}", cd,
		(int)close->name_len, close->name, open->kind, od,
		(int)open->name_len, open->name, line, od, (int)open->name_len,
		open->name);
}

static int parse_match(struct parser *p)
{
	size_t stack[TEMPLATE_MAX_NESTING], depth = 0;
	for (size_t i = 1; i < p->count; i += 2) {
		struct token *k = &p->toks[i];
		if (parse_opens(k->kind)) {
			if (depth == TEMPLATE_MAX_NESTING)
				return parse_error(p, k->start, "sections nest "
					"deeper than %d (TEMPLATE_MAX_NESTING)"
					" here; move the inner part into a "
					"partial", TEMPLATE_MAX_NESTING);
			stack[depth++] = i;
		} else if (k->kind == '/') {
			if (depth == 0)
				return parse_error(p, k->start, "{{/%s%.*s}} "
					"closes nothing: no section is open "
					"here", k->dynamic ? "*" : "",
					(int)k->name_len, k->name);
			struct token *o = &p->toks[stack[depth - 1]];
			if (!parse_closes(o, k))
				return parse_mismatch(p, o, k);
			o->match = i;
			k->match = stack[--depth];
		}
	}
	if (depth == 0)
		return 0;
	const struct token *o = &p->toks[stack[depth - 1]];
	const char *d = o->dynamic ? "*" : "";
	return parse_error(p, o->start, "unclosed section {{%c%s%.*s}}: add "
		"{{/%s%.*s}} after its content", o->kind, d, (int)o->name_len,
		o->name, d, (int)o->name_len, o->name);
}

/* ---- pass 3: standalone lines ------------------------------------------- */

/* The last tag of the run that starts at tag i: tags joined only by
 * blanks on one line. */
static size_t parse_run_end(const struct parser *p, size_t i)
{
	while (i + 2 < p->count) {
		const struct token *t = &p->toks[i + 1];
		for (size_t c = t->start; c < t->end; c++)
			if (!parse_is_blank(p->src[c]))
				return i;
		i += 2;
	}
	return i;
}

/* Whether only blanks precede tag i on its line; *ws is where they start. */
static bool parse_line_before(const struct parser *p, size_t i, size_t *ws)
{
	const struct token *t = &p->toks[i - 1];
	size_t c = t->end;
	while (c > t->start && parse_is_blank(p->src[c - 1]))
		c--;
	*ws = c;
	if (c == t->start)
		return i == 1;
	return p->src[c - 1] == '\n';
}

/* Whether only blanks follow tag j up to a newline or the template's end;
 * *line_end is where the next line starts. */
static bool parse_line_after(const struct parser *p, size_t j,
			     size_t *line_end)
{
	const struct token *t = &p->toks[j + 1];
	size_t c = t->start;
	while (c < t->end && parse_is_blank(p->src[c]))
		c++;
	if (c == t->end) {
		*line_end = c;
		return j + 2 == p->count;
	}
	if (p->src[c] == '\r' && c + 1 < t->end && p->src[c + 1] == '\n')
		c++;
	*line_end = c + 1;
	return p->src[c] == '\n';
}

/* One tag that prints nothing by itself, or any number of parent and
 * block tags. */
static bool parse_eligible(const struct parser *p, size_t i, size_t j)
{
	if (i == j)
		return strchr("!=#^/<$>", p->toks[i].kind) != NULL;
	for (size_t k = i; k <= j; k += 2) {
		char c = p->toks[k].kind;
		if (c == '/')
			c = p->toks[p->toks[k].match].kind;
		if (c != '<' && c != '$')
			return false;
	}
	return true;
}

static void parse_mark(struct parser *p, size_t i, size_t j, size_t ws,
		       size_t line_end)
{
	const struct token *last = &p->toks[j];
	/* "  {{$b}}{{/b}}\n": the block's content takes the line's place, so
	 * the newline after it stays. */
	bool keep = last->kind == '/' && last->match >= i &&
		    p->toks[last->match].kind == '$';
	struct token *before = &p->toks[i - 1], *after = &p->toks[j + 1];
	if (before->tend > ws)
		before->tend = ws;
	if (!keep && after->tstart < line_end)
		after->tstart = line_end;
	for (size_t k = i; k <= j; k += 2) {
		p->toks[k].standalone = true;
		p->toks[k].ws = ws;
		p->toks[k].line_end = keep ? last->end : line_end;
		if (k < j)
			p->toks[k + 1].tstart = p->toks[k + 1].tend;
	}
}

static void parse_standalone(struct parser *p)
{
	for (size_t i = 1; i < p->count;) {
		size_t j = parse_run_end(p, i), ws, line_end;
		if (parse_line_before(p, i, &ws) &&
		    parse_line_after(p, j, &line_end) &&
		    parse_eligible(p, i, j))
			parse_mark(p, i, j, ws, line_end);
		i = j + 2;
	}
}

/* ---- pass 4: nodes ------------------------------------------------------ */

static void parse_emit_text(struct parser *p, size_t i)
{
	const struct token *k = &p->toks[i];
	size_t s = k->tstart, e = k->tend > s ? k->tend : s;
	bool bol = s == 0 || p->src[s - 1] == '\n';
	/* A tag that stays in the output starts a line here or right after
	 * this text: indentation must go before it. */
	bool live = i + 1 < p->count && !p->toks[i + 1].standalone;
	if (e == s && !(bol && live))
		return;
	struct tnode *n = &p->t->nodes[p->t->count++];
	memset(n, 0, sizeof *n);
	n->kind = TNODE_TEXT;
	n->str = p->src + s;
	n->len = e - s;
	n->offset = s;
	n->end = p->t->count;
	n->flags = bol ? TNODE_BOL : 0;
	if (e > s && p->src[e - 1] == '\n' && live)
		n->flags |= TNODE_BOL_END;
}

/* A standalone block's content goes where its first non-blank line is
 * indented; an empty block's goes where the tag is. */
static void parse_block_indent(const struct parser *p, const struct token *k,
			       struct tnode *n)
{
	size_t from = k->line_end, to = p->toks[k->match].start;
	n->flags |= TNODE_STANDALONE;
	n->indent = p->src + k->ws;
	n->indent_len = k->start - k->ws;
	while (from < to) {
		size_t s = from;
		while (s < to && parse_is_blank(p->src[s]))
			s++;
		if (s < to && p->src[s] != '\n' && p->src[s] != '\r') {
			n->indent = p->src + from;
			n->indent_len = n->strip = s - from;
			return;
		}
		const char *nl = memchr(p->src + s, '\n', to - s);
		if (!nl)
			return;
		from = (size_t)(nl - p->src) + 1;
	}
}

static enum tnode_kind parse_node_kind(char kind)
{
	switch (kind) {
	case '#': return TNODE_SECTION;
	case '^': return TNODE_INVERTED;
	case '>': return TNODE_PARTIAL;
	case '<': return TNODE_PARENT;
	case '$': return TNODE_BLOCK;
	case '&': case '{': return TNODE_RAW;
	default: return TNODE_VAR;
	}
}

static void parse_emit_tag(struct parser *p, const struct token *k)
{
	struct tnode *n = &p->t->nodes[p->t->count++];
	memset(n, 0, sizeof *n);
	n->kind = parse_node_kind(k->kind);
	n->str = k->name;
	n->len = k->name_len;
	n->offset = k->start;
	n->end = p->t->count;
	if (k->dynamic)
		n->flags |= TNODE_DYNAMIC;
	if (!k->standalone)
		return;
	if (n->kind == TNODE_PARTIAL || n->kind == TNODE_PARENT) {
		n->flags |= TNODE_STANDALONE;
		n->indent = p->src + k->ws;
		n->indent_len = k->start - k->ws;
	} else if (n->kind == TNODE_BLOCK) {
		parse_block_indent(p, k, n);
	}
}

static void parse_emit(struct parser *p)
{
	struct template *t = p->t;
	size_t stack[TEMPLATE_MAX_NESTING], depth = 0;
	/* At most one node per token. */
	t->nodes = xreallocarray(NULL, p->count, sizeof *t->nodes);
	t->count = 0;
	for (size_t i = 0; i < p->count; i++) {
		const struct token *k = &p->toks[i];
		if (k->kind == 0)
			parse_emit_text(p, i);
		else if (k->kind == '/')
			t->nodes[stack[--depth]].end = t->count;
		else if (k->kind != '!' && k->kind != '=')
			parse_emit_tag(p, k);
		if (parse_opens(k->kind))
			stack[depth++] = t->count - 1;
	}
}

int template_compile(struct template *t, struct diag_list *diags)
{
	struct parser p = {
		.t = t, .diags = diags, .src = t->src, .len = t->len,
		.otag = "{{", .olen = 2, .ctag = "}}", .clen = 2,
	};
	int status = -1;
	t->nodes = NULL;
	t->count = 0;
	if (parse_tokenize(&p) < 0 || parse_match(&p) < 0)
		goto out;
	parse_standalone(&p);
	parse_emit(&p);
	status = 0;
out:
	free(p.toks);
	return status;
}

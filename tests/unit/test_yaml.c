/* Unit tests of the YAML loader: scalar resolution, positions, errors. */
#include "check.h"

#include "diag.h"
#include "yaml.h"

static struct value *load(struct arena *a, struct diag_list *d, const char *s)
{
	struct value *v = NULL;
	yaml_load(a, "t.yaml", s, strlen(s), 0, d, &v);
	return v;
}

static void test_scalars(void)
{
	struct arena a;
	struct diag_list d;
	arena_init(&a);
	diag_list_init(&d);
	struct value *v = load(&a, &d,
		"a: 1.210\nb: \"1.2\"\nc: true\nd: ~\ne: 2022-04-19\nf: Gia Viễn\n");
	CHECK(v && v->kind == VALUE_MAP && v->count == 6);
	const struct value *x = value_map_get(v, "a");
	CHECK(x && x->kind == VALUE_NUMBER);
	CHECK_STR(x ? x->str : NULL, "1.210");
	x = value_map_get(v, "b");
	CHECK(x && x->kind == VALUE_STRING && x->quoted);
	CHECK(value_map_get(v, "c")->kind == VALUE_BOOL);
	CHECK(value_map_get(v, "d")->kind == VALUE_NULL);
	CHECK(value_map_get(v, "e")->kind == VALUE_STRING);
	x = value_map_get(v, "f");
	CHECK_STR(x->str, "Gia Viễn");
	CHECK(x->line == 6 && x->col == 4);
	CHECK(d.count == 0);
	diag_list_dispose(&d);
	arena_dispose(&a);
}

static void test_errors(void)
{
	struct arena a;
	struct diag_list d;
	arena_init(&a);
	diag_list_init(&d);
	CHECK(load(&a, &d, "a: 1\na: 2\n") == NULL);
	CHECK(d.count == 1);
	if (d.count)
		CHECK_STR(d.items[0].message,
			  "duplicate key \"a\" (first given at line 1)");
	CHECK(d.count && d.items[0].line == 2 && d.items[0].col == 1);
	diag_list_dispose(&d);
	diag_list_init(&d);
	CHECK(load(&a, &d, "a: [1, 2\nb: 3\n") == NULL);
	CHECK(d.count == 1 && d.items[0].line >= 1);
	diag_list_dispose(&d);
	diag_list_init(&d);
	CHECK(load(&a, &d, "a: &x 1\nb: *x\n") == NULL);
	CHECK(d.count == 1 && d.items[0].line == 2);
	diag_list_dispose(&d);
	arena_dispose(&a);
}

int main(void)
{
	test_scalars();
	test_errors();
	return check_done();
}

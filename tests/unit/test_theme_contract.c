/* test_theme_contract: the table of templates (theme_contract.c) against
 * the default theme and its README.  With CONGBO_UPDATE=1 (make
 * test-update) the README's generated part is rewritten from the table. */
#include <stdlib.h>

#include "check.h"
#include "theme_contract.h"

#define README "themes/default/README.md"

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t n;
	if (!f)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	return buf_detach(&b);
}

/* The README with its generated part made from the table. */
static char *readme_from_table(const char *text)
{
	const char *begin = strstr(text, THEME_CONTRACT_BEGIN);
	const char *end = begin ? strstr(begin, THEME_CONTRACT_END) : NULL;
	struct buf b;
	if (!end)
		return NULL;
	buf_init(&b);
	begin += strlen(THEME_CONTRACT_BEGIN);
	buf_put(&b, text, (size_t)(begin - text));
	theme_contract_markdown(&b);
	buf_puts(&b, end);
	return buf_detach(&b);
}

static void test_readme_in_step(void)
{
	char *text = read_file(README);
	char *want = text ? readme_from_table(text) : NULL;
	CHECK(want != NULL);   /* the markers are there */
	if (want && getenv("CONGBO_UPDATE") && strcmp(text, want) != 0) {
		FILE *f = fopen(README, "wb");
		CHECK(f && fputs(want, f) >= 0 && fclose(f) == 0);
		printf("rewrote the template table of %s\n", README);
	} else if (want) {
		if (!CHECK(strcmp(text, want) == 0))
			printf("  %s is not the table of theme_contract.c: run "
			       "make test-update\n", README);
	}
	free(text);
	free(want);
}

static void test_default_theme_has_every_template(void)
{
	for (size_t i = 0; i < theme_contract_count; i++) {
		char path[256];
		snprintf(path, sizeof path, "themes/default/templates/%s.mustache",
			 theme_contract_rows[i].name);
		FILE *f = fopen(path, "rb");
		if (!CHECK(f != NULL))
			printf("  missing %s\n", path);
		if (f)
			fclose(f);
	}
}

int main(void)
{
	test_readme_in_step();
	test_default_theme_has_every_template();
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed != 0;
}

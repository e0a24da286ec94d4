/* Unit tests of shortcode lines (shortcode.c) and of the HTML blocks
 * markdown_render puts in their place, including hostile and
 * pathological input. */
#include "check.h"

#include <stdlib.h>

#include "buf.h"
#include "diag.h"
#include "markdown.h"
#include "mem.h"
#include "shortcode.h"

struct scan {
	struct arena a;
	struct diag_list d;
	struct shortcode *sc;
	size_t n;
};

static void scan(struct scan *s, const char *text)
{
	arena_init(&s->a);
	diag_list_init(&s->d);
	s->n = shortcode_scan(&s->a, text, strlen(text), "a.md", 10, &s->d,
			      &s->sc);
}

static void scan_dispose(struct scan *s)
{
	diag_list_dispose(&s->d);
	arena_dispose(&s->a);
}

/* The one error of text, as "line:col: message". */
static void check_error(const char *text, const char *want)
{
	struct scan s;
	scan(&s, text);
	char got[512] = "(no error)";
	if (s.d.count)
		snprintf(got, sizeof got, "%u:%u: %s", s.d.items[0].line,
			 s.d.items[0].col, s.d.items[0].message);
	CHECK_STR(got, want);
	CHECK(s.d.count == 1);
	CHECK(s.n == 0);
	scan_dispose(&s);
}

static void test_read(void)
{
	struct scan s;
	scan(&s, "Trước.\n\n{{< ket-qua cchc-2021 nhom=xa top=5 >}}\n\nSau.\n");
	CHECK(s.n == 1 && s.d.count == 0);
	if (s.n == 1) {
		CHECK(s.sc[0].line == 3);
		CHECK(s.sc[0].col == 1);
		CHECK_STR(s.sc[0].name, "ket-qua");
		CHECK(s.sc[0].name_col == 5);
		CHECK(s.sc[0].nargs == 3);
		CHECK(s.sc[0].args[0].key == NULL);
		CHECK_STR(s.sc[0].args[0].value, "cchc-2021");
		CHECK(s.sc[0].args[0].col == 13);
		CHECK_STR(shortcode_arg(&s.sc[0], "nhom")->value, "xa");
		CHECK(shortcode_arg(&s.sc[0], "nhom")->col == 23);
		CHECK_STR(shortcode_arg(&s.sc[0], "top")->value, "5");
		CHECK(shortcode_arg(&s.sc[0], "khac") == NULL);
	}
	scan_dispose(&s);
}

static void test_forms(void)
{
	struct scan s;
	/* quotes, tabs, CRLF, three spaces before, spaces after, UTF-8 */
	scan(&s, "   {{<\tket-qua \"cchc 2021\" ten=\"Gia Viễn\" top=3 >}}  \r\n"
		 "{{<ket-qua x>}}\n");
	CHECK(s.n == 2 && s.d.count == 0);
	if (s.n == 2) {
		CHECK(s.sc[0].col == 4);
		CHECK_STR(s.sc[0].args[0].value, "cchc 2021");
		CHECK_STR(shortcode_arg(&s.sc[0], "ten")->value, "Gia Viễn");
		CHECK(shortcode_arg(&s.sc[0], "top")->col == 43);
		CHECK_STR(s.sc[1].name, "ket-qua");
		CHECK_STR(s.sc[1].args[0].value, "x");
	}
	scan_dispose(&s);
}

static void test_not_shortcodes(void)
{
	struct scan s;
	scan(&s, "    {{< ket-qua indented-code >}}\n"
		 "```\n{{< ket-qua in-fence >}}\n```\n"
		 "~~~~ text\n{{< ket-qua in-tilde-fence >}}\n~~~\n"
		 "{{< still inside, the fence needs four tildes >}}\n~~~~\n"
		 "text {{< ket-qua mid-line >}}\n"
		 "> {{< ket-qua quoted >}}\n"
		 "{{ ket-qua not-a-shortcode }}\n");
	CHECK(s.n == 0);
	CHECK(s.d.count == 0);
	scan_dispose(&s);
}

static void test_errors(void)
{
	check_error("{{< ket-qua cchc-2021", "11:1: a shortcode opened with "
		    "{{< must end with >}} on the same line");
	check_error("x\n{{< >}}\n", "12:5: a shortcode starts with its "
		    "name, e.g. {{< ket-qua cchc-2021 nhom=xa top=5 >}}");
	check_error("{{< Kết-quả >}}", "11:5: a shortcode starts with its "
		    "name, e.g. {{< ket-qua cchc-2021 nhom=xa top=5 >}}");
	check_error("{{< ket-qua ten=\"Gia >}}", "11:17: this quote is "
		    "never closed: end the value with \" before >}}");
	check_error("{{< ket-qua a\"b >}}", "11:14: a quote may only open a "
		    "value: write key=\"some words\"");
	check_error("{{< ket-qua =5 >}}", "11:13: \"=\" with no parameter "
		    "name before it");
	check_error("{{< ket-qua top= >}}", "11:13: a parameter with no "
		    "value: write name=value with no space around \"=\"");
	check_error("{{< ket-qua 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 >}}",
		    "11:52: more than 16 arguments in one shortcode");
	/* positions count characters, not bytes */
	check_error("{{< ket-qua nhóm=xã \"a >}}", "11:21: this quote is "
		    "never closed: end the value with \" before >}}");
}

/* A long line of "{{<" and a million lines: linear, no crash. */
static void test_pathological(void)
{
	size_t n = 1 << 20;
	char *text = xmalloc(n * 4 + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(text + i * 4, "{{<\n", 4);
	text[n * 4] = '\0';
	struct scan s;
	arena_init(&s.a);
	diag_list_init(&s.d);
	s.n = shortcode_scan(&s.a, text, n * 4, "a.md", 0, NULL, &s.sc);
	CHECK(s.n == 0);
	memset(text, '"', n * 4);
	memcpy(text, "{{< a ", 6);
	memcpy(text + n * 4 - 3, ">}}", 3);
	s.n = shortcode_scan(&s.a, text, n * 4, "a.md", 0, &s.d, &s.sc);
	CHECK(s.n == 0 && s.d.count == 1);
	scan_dispose(&s);
	free(text);
}

static char *render(const char *md, bool unsafe, const struct markdown_block *b,
		    size_t nb)
{
	struct markdown_options o = {.unsafe_html = unsafe, .blocks = b,
				     .block_count = nb};
	struct buf out;
	buf_init(&out);
	markdown_render(&out, md, strlen(md), &o);
	return buf_detach(&out);
}

static void test_blocks(void)
{
	struct markdown_block b[] = {{3, "<table>ours</table>"}};
	const char *md = "Đoạn một\nvẫn đoạn một\n{{< ket-qua x >}}\nđoạn hai\n";
	for (int unsafe = 0; unsafe < 2; unsafe++) {
		char *html = render(md, unsafe, b, 1);
		CHECK_STR(html, "<p>Đoạn một\nvẫn đoạn một</p>\n"
			  "<table>ours</table>\n<p>đoạn hai</p>\n");
		free(html);
	}
	/* The writer's own copy of the marker stays the writer's: dropped in
	 * safe mode, kept as written when raw HTML is allowed. */
	const char *copy = "<!--congbo-block-->\n\n{{< a >}}\n";
	char *html = render(copy, false, b, 1);
	CHECK_STR(html, "<!-- raw HTML omitted -->\n<table>ours</table>\n");
	free(html);
	html = render(copy, true, b, 1);
	CHECK_STR(html, "<!--congbo-block-->\n<table>ours</table>\n");
	free(html);
	/* a block line inside a fence (if a caller asked) stays code */
	struct markdown_block fenced[] = {{2, "<p>ours</p>"}};
	html = render("```\n{{< a >}}\n```\n", false, fenced, 1);
	CHECK_STR(html, "<pre><code>&lt;!--congbo-block--&gt;\n</code></pre>\n");
	free(html);
	/* no blocks: the text as it is, the last line without a newline */
	html = render("{{< a >}}", false, NULL, 0);
	CHECK_STR(html, "<p>{{&lt; a &gt;}}</p>\n");
	free(html);
}

int main(void)
{
	test_read();
	test_forms();
	test_not_shortcodes();
	test_errors();
	test_pathological();
	test_blocks();
	return check_done();
}

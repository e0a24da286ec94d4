/* Unit tests of markdown_render (markdown.c): the GitHub extensions
 * (tables in their scroll box, strikethrough, autolinks, the tag
 * filter), figures from titled images, and the link policy kept; and
 * the items the editor's checks take from a render (options.found) are
 * those markdown_scan finds, positions included. */
#include "check.h"

#include <stdlib.h>

#include "buf.h"
#include "markdown.h"

/* The HTML of text rendered for a page two folders below the root. */
static char *render(const char *text, bool unsafe_html)
{
	struct markdown_options mo = {.unsafe_html = unsafe_html,
				      .root = "../../"};
	struct buf b;
	buf_init(&b);
	markdown_render(&b, text, strlen(text), &mo);
	return buf_detach(&b);
}

static void check_render(const char *text, const char *want)
{
	char *got = render(text, false);
	CHECK_STR(got, want);
	free(got);
}

static void test_table(void)
{
	check_render("| Thủ tục | Thời hạn |\n|---|--:|\n| Khai sinh | 1 ngày |\n",
		     "<div class=\"bang-cuon\" tabindex=\"0\" role=\"region\" "
		     "aria-label=\"Bảng\">\n"
		     "<table>\n<thead>\n<tr>\n<th>Thủ tục</th>\n"
		     "<th style=\"text-align: right\">Thời hạn</th>\n</tr>\n</thead>\n"
		     "<tbody>\n<tr>\n<td>Khai sinh</td>\n"
		     "<td style=\"text-align: right\">1 ngày</td>\n</tr>\n</tbody>\n"
		     "</table>\n</div>\n");
}

static void test_inline_extensions(void)
{
	check_render("~~hủy~~ xem https://dichvucong.gov.vn nhé\n",
		     "<p><del>hủy</del> xem <a href=\"https://dichvucong.gov.vn\">"
		     "https://dichvucong.gov.vn</a> nhé</p>\n");
	/* the tag filter defuses what raw HTML must never carry */
	char *got = render("<script>alert(1)</script>\n\n<b>đậm</b>\n", true);
	CHECK_STR(got, "&lt;script>alert(1)&lt;/script>\n<p><b>đậm</b></p>\n");
	free(got);
}

static void test_figure(void)
{
	check_render("![Toàn cảnh hội nghị](/images/hoi-nghi.jpg \"Hội nghị & "
		     "\\\"tổng kết\\\"\")\n",
		     "<figure><img src=\"../../images/hoi-nghi.jpg\" alt=\"Toàn "
		     "cảnh hội nghị\" /><figcaption>Hội nghị &amp; &quot;tổng "
		     "kết&quot;</figcaption></figure>\n");
	/* no title, or text beside it: an image like any other */
	check_render("![Ảnh *đẹp*](/images/a b.jpg)\n",
		     "<p>![Ảnh <em>đẹp</em>](/images/a b.jpg)</p>\n");
	check_render("![Ảnh *đẹp*](</images/a b.jpg>)\n",
		     "<p><img src=\"../../images/a%20b.jpg\" alt=\"Ảnh đẹp\" "
		     "/></p>\n");
	check_render("Xem ![sơ đồ](so-do.png \"Sơ đồ\") bên dưới\n",
		     "<p>Xem <img src=\"so-do.png\" alt=\"sơ đồ\" title=\"Sơ "
		     "đồ\" /> bên dưới</p>\n");
}

static void test_link_policy(void)
{
	check_render("![x](javascript:alert(1) \"t\")\n",
		     "<figure><img src=\"\" alt=\"x\" /><figcaption>t"
		     "</figcaption></figure>\n");
	check_render("[a](/tin-tuc/) [[b](/c)](/d)\n",
		     "<p><a href=\"../../tin-tuc/\">a</a> [<a href=\"../../c\">b"
		     "</a>](/d)</p>\n");
	check_render("[![logo](/images/logo.png)](/)\n",
		     "<p><a href=\"../../\"><img src=\"../../images/logo.png\" "
		     "alt=\"logo\" /></a></p>\n");
}

/* Items as one line each: kind, line:col, level, url, text. */
static void note_item(void *ctx, const struct markdown_item *item)
{
	buf_printf(ctx, "%d %u:%u %d [%s] [%s]\n", (int)item->kind, item->line,
		   item->col, item->level, item->url ? item->url : "-",
		   item->text);
}

static void check_items_alike(const char *text)
{
	struct buf scanned, rendered, html;
	buf_init(&scanned);
	buf_init(&rendered);
	buf_init(&html);
	markdown_scan(text, strlen(text), note_item, &scanned);
	struct markdown_options mo = {.root = "../../", .found = note_item,
				      .found_ctx = &rendered};
	markdown_render(&html, text, strlen(text), &mo);
	CHECK(scanned.len > 0);
	CHECK_STR(rendered.data, scanned.data);
	buf_dispose(&scanned);
	buf_dispose(&rendered);
	buf_dispose(&html);
}

static void test_items_from_render(void)
{
	check_items_alike("# Tiêu đề\n\nXem [tại đây](/tin-tuc/a/) và "
			  "![ảnh](/images/a.jpg \"Chú thích\").\n");
	check_items_alike("Đoạn một\n\n#### Bỏ cấp\n\n> - [trích](../b/)\n"
			  ">   ![](x.png)\n\n| Cột | Liên kết |\n|---|---|\n"
			  "| 1 | [ô](/c/) |\n\nhttps://gia-vien.gov.vn/ và "
			  "www.example.vn\n\nTiêu đề dưới\n---\n\n"
			  "[ref]: /d/\n\n[tham chiếu][ref] ~~cũ~~ "
			  "<a href=\"/e/\">html</a>\n");
}

int main(void)
{
	test_items_from_render();
	test_table();
	test_inline_extensions();
	test_figure();
	test_link_policy();
	return check_done();
}

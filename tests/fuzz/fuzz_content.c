/* fuzz_content: an article file (front matter + Markdown) through
 * content_read, shortcode_scan and markdown_render, as a build does. */
#include "fuzz.h"

#include "arena.h"
#include "buf.h"
#include "content.h"
#include "diag.h"
#include "markdown.h"
#include "shortcode.h"
#include "site.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct diag_list diags;
	struct page *page = NULL;
	struct source_file f = {
		.path = "content/posts/fuzz.md", .data = fuzz_text(data, size),
		.len = size, .id = "0123456789012345678901234567890123456789",
	};
	arena_init(&a);
	diag_list_init(&diags);
	if (content_read(&a, 420, &f, PAGE_POST, &diags, &page) == 0 &&
	    page) {
		struct shortcode *sc = NULL;
		shortcode_scan(&a, page->body, page->body_len, f.path, 0,
			       &diags, &sc);
		struct buf out;
		buf_init(&out);
		struct markdown_options mo = {.root = "../../"};
		markdown_render(&out, page->body, page->body_len, &mo);
		mo.unsafe_html = true;
		markdown_render(&out, page->body, page->body_len, &mo);
		buf_dispose(&out);
	}
	diag_list_dispose(&diags);
	arena_dispose(&a);
	free(f.data);
	return 0;
}

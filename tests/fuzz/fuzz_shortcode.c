/* fuzz_shortcode: the shortcode scanner over an article body. */
#include "fuzz.h"

#include "arena.h"
#include "diag.h"
#include "shortcode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct diag_list diags;
	struct shortcode *sc = NULL;
	char *text = fuzz_text(data, size);
	arena_init(&a);
	diag_list_init(&diags);
	size_t n = shortcode_scan(&a, text, size, "fuzz.md", 3, &diags, &sc);
	for (size_t i = 0; i < n; i++)
		shortcode_arg(&sc[i], "nhom");
	diag_list_dispose(&diags);
	arena_dispose(&a);
	free(text);
	return 0;
}

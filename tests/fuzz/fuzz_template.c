/* fuzz_template: the Mustache parser and renderer.  The input is a
 * template, then optionally a NUL byte and a YAML view to render it
 * against; the template is also the partial "p", so it may include
 * itself. */
#include "fuzz.h"

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "template.h"
#include "yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	size_t tlen = strlen(text);
	struct arena a;
	struct diag_list diags;
	struct value *view = NULL;
	arena_init(&a);
	diag_list_init(&diags);
	if (tlen < size)
		yaml_load(&a, "view.yaml", text + tlen + 1, size - tlen - 1, 0,
			  &diags, &view);
	struct template_set *set = template_set_new();
	if (template_set_add(set, "page", "page.html", text, tlen,
			     &diags) == 0 &&
	    template_set_add(set, "p", "p.html", text, tlen, &diags) == 0) {
		template_set_check(set, &diags);
		struct buf out;
		buf_init(&out);
		template_render(set, template_set_get(set, "page"), view, &out,
				&diags);
		buf_dispose(&out);
	}
	template_set_free(set);
	diag_list_dispose(&diags);
	arena_dispose(&a);
	free(text);
	return 0;
}

/* fuzz_yaml: the YAML value loader (yaml_load). */
#include "fuzz.h"

#include "arena.h"
#include "diag.h"
#include "yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct diag_list diags;
	struct value *v = NULL;
	char *text = fuzz_text(data, size);
	arena_init(&a);
	diag_list_init(&diags);
	yaml_load(&a, "fuzz.yaml", text, size, 0, &diags, &v);
	diag_list_dispose(&diags);
	arena_dispose(&a);
	free(text);
	return 0;
}

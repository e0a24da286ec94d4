/* fuzz_scores: a score file through yaml_load, scores_load, the
 * computation and every download written from it. */
#include "fuzz.h"

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "scores.h"
#include "yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct diag_list diags;
	struct value *root = NULL;
	struct scores_dataset *d = NULL;
	char *text = fuzz_text(data, size);
	arena_init(&a);
	diag_list_init(&diags);
	if (yaml_load(&a, "content/scores/cchc-2021.yaml", text, size, 0,
		      &diags, &root) == 0 &&
	    scores_load(&a, root, "content/scores/cchc-2021.yaml", &diags,
			&d) == 0 && d) {
		struct buf out;
		buf_init(&out);
		scores_compute(&a, d);
		scores_annex_build(&a, d);
		scores_write_json(&out, d);
		scores_write_csv(&out, d);
		buf_dispose(&out);
	}
	diag_list_dispose(&diags);
	arena_dispose(&a);
	free(text);
	return 0;
}

/* fuzz_serve_path: serve's request paths: whatever a client sends must
 * resolve inside the site or be refused. */
#include "fuzz.h"

#include "buf.h"
#include "serve.h"

/* Whether path has an empty, "." or ".." segment. */
static int fuzz_bad_segment(const char *path)
{
	for (const char *seg = path;;) {
		size_t n = strcspn(seg, "/");
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 1;
		if (!seg[n])
			return 0;
		seg += n + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = fuzz_text(data, size);
	struct buf out;
	buf_init(&out);
	if (serve_path_resolve(raw, &out) == 0) {
		/* what it resolves to never leaves the site */
		if (out.data[0] == '/' || fuzz_bad_segment(out.data) ||
		    strchr(out.data, '\\'))
			abort();
		serve_mime_type(out.data);
	}
	buf_dispose(&out);
	free(raw);
	return 0;
}

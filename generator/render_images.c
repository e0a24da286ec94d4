/* render_images: the published copies of the portal's photos, made by
 * the render workers (one task per image; see images.h). */
#include <string.h>

#include "images.h"
#include "render_internal.h"
#include "site.h"

/* The copies of e not kept from the previous build, into want (their
 * outs in bufs); returns how many. */
static size_t render_image_wanted(struct render_worker *w,
				  const struct images_entry *e,
				  struct image_copy *want, struct buf *bufs,
				  const char **paths)
{
	size_t n = 0;
	for (size_t i = 0; i < e->copy_count; i++) {
		const struct images_copy *c = &e->copies[i];
		const char *candidates[2] = {c->path, c->webp_path};
		for (size_t k = 0; k < 2; k++) {
			char key[FINGERPRINT_HEX_SIZE];
			if (!candidates[k])
				continue;
			images_copy_key(e, candidates[k], key);
			if (render_keep_key(w, candidates[k], key))
				continue;
			want[n] = (struct image_copy){
				.width = c->width, .height = c->height,
				.format = k ? IMAGE_WEBP : e->info.format,
				.out = &bufs[n],
			};
			paths[n++] = candidates[k];
		}
	}
	return n;
}

void render_image(struct render_worker *w, const struct images_entry *e)
{
	size_t max = e->copy_count * 2;
	struct image_copy *want = arena_array(&w->arena, max, sizeof *want);
	struct buf *bufs = arena_array(&w->arena, max, sizeof *bufs);
	const char **paths = arena_array(&w->arena, max, sizeof *paths);
	for (size_t i = 0; i < max; i++)
		buf_init(&bufs[i]);
	size_t n = render_image_wanted(w, e, want, bufs, paths);
	const struct images_copy *top = images_main(e);
	struct buf why;
	buf_init(&why);
	if (n && image_render(e->src->data, e->src->len, &e->info, top->width,
			      top->height, want, n, &why) < 0)
		diag_error(w->run->diags, e->src->path, 0, 0, "this file %s",
			   why.data);
	else
		for (size_t i = 0; i < n; i++) {
			char key[FINGERPRINT_HEX_SIZE];
			images_copy_key(e, paths[i], key);
			render_write_key(w, paths[i], bufs[i].data,
					 bufs[i].len, key);
		}
	buf_dispose(&why);
	for (size_t i = 0; i < max; i++)
		buf_dispose(&bufs[i]);
}

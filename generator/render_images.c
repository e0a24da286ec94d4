/* render_images: the published copies of the portal's photos, made by
 * the render workers (one task per photo; see images.h).
 *
 * A copy comes, in this order, from the previous build (the incremental
 * cache vouches that the file in the output folder is the one made from
 * these bytes), from the photo store (a folder of copies named by a key
 * of the photo's content, size and format, kept from build to build:
 * beside the output, or in the git folder for publish), or from libvips.
 * Store files are written to a temporary name and renamed, so a killed
 * build never leaves half a copy under a real name. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "images.h"
#include "model.h"
#include "render_internal.h"

/* One copy this task has to write. */
struct render_copy {
	struct image_copy want;
	const char *path;                /* in the site */
	char store[FINGERPRINT_HEX_SIZE];   /* its name in the store */
	struct buf bytes;
	bool stored;                     /* bytes came from the store */
};

static void render_copy_store_key(const struct images_entry *e,
				  const struct image_copy *c,
				  char out[FINGERPRINT_HEX_SIZE])
{
	struct fingerprint fp;
	uint64_t size[3] = {c->width, c->height, c->format};
	fingerprint_init(&fp);
	fingerprint_string(&fp, "photo store");
	fingerprint_string(&fp, e->key);
	fingerprint_bytes(&fp, size, sizeof size);
	fingerprint_hex(&fp, out);
}

static void render_copy_store_path(struct buf *b, const char *store,
				   const struct render_copy *c)
{
	buf_truncate(b, 0);
	buf_printf(b, "%s/%s.%s", store, c->store,
		   image_format_extension(c->want.format));
}

/* Reads the copy from the store into c->bytes; false when it is not
 * there. */
static bool render_copy_from_store(const char *store, struct render_copy *c)
{
	struct buf path;
	buf_init(&path);
	render_copy_store_path(&path, store, c);
	int fd = open(path.data, O_RDONLY | O_CLOEXEC);
	buf_dispose(&path);
	if (fd < 0)
		return false;
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_put(&c->bytes, chunk, (size_t)n);
	close(fd);
	c->stored = n == 0 && c->bytes.len > 0;
	if (!c->stored)
		buf_truncate(&c->bytes, 0);
	return c->stored;
}

/* Puts a copy just made into the store (a failure only costs the next
 * build the work). */
static void render_copy_to_store(const char *store, const struct render_copy *c)
{
	struct buf path, tmp;
	buf_init(&path);
	buf_init(&tmp);
	render_copy_store_path(&path, store, c);
	buf_printf(&tmp, "%s.tmp-XXXXXX", path.data);
	if (mkdir(store, 0755) != 0 && errno != EEXIST)
		goto out;
	int fd = mkstemp(tmp.data);
	if (fd < 0)
		goto out;
	size_t done = 0;
	while (done < c->bytes.len) {
		ssize_t n = write(fd, c->bytes.data + done, c->bytes.len - done);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (close(fd) != 0 || done != c->bytes.len ||
	    rename(tmp.data, path.data) != 0)
		unlink(tmp.data);
out:
	buf_dispose(&path);
	buf_dispose(&tmp);
}

/* The copies of e not kept from the previous build, into copies; returns
 * how many. */
static size_t render_image_wanted(struct render_worker *w,
				  const struct images_entry *e,
				  struct render_copy *copies)
{
	size_t n = 0;
	for (size_t i = 0; i < e->copy_count; i++) {
		const struct images_copy *c = &e->copies[i];
		const char *paths[2] = {c->path, c->webp_path};
		for (size_t k = 0; k < 2; k++) {
			char key[FINGERPRINT_HEX_SIZE];
			if (!paths[k])
				continue;
			images_copy_key(e, paths[k], key);
			if (render_keep_key(w, paths[k], key))
				continue;
			struct render_copy *rc = &copies[n++];
			rc->want = (struct image_copy){
				.width = c->width, .height = c->height,
				.format = k ? IMAGE_WEBP : e->info.format,
				.out = &rc->bytes,
			};
			rc->path = paths[k];
			render_copy_store_key(e, &rc->want, rc->store);
		}
	}
	return n;
}

/* Makes with libvips the copies the store did not have, in one decode.
 * Returns 0, or -1 with an error at the photo's path. */
static int render_image_make(struct render_worker *w,
			     const struct images_entry *e,
			     struct render_copy *copies, size_t n)
{
	struct image_copy *make = arena_array(&w->arena, n + 1, sizeof *make);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!copies[i].stored)
			make[m++] = copies[i].want;
	if (!m)
		return 0;
	const struct images_copy *top = images_main(e);
	struct buf why;
	buf_init(&why);
	int rc = image_render(e->src->data, e->src->len, &e->info, top->width,
			      top->height, make, m, &why);
	if (rc < 0)
		diag_error(w->run->diags, e->src->path, 0, 0, "this file %s",
			   why.data);
	buf_dispose(&why);
	w->run->counts->photos_made += m;
	return rc;
}

void render_image(struct render_worker *w, const struct images_entry *e)
{
	const char *store = w->run->photo_store;
	size_t max = e->copy_count * 2;
	struct render_copy *copies = arena_array(&w->arena, max + 1,
						 sizeof *copies);
	for (size_t i = 0; i < max; i++)
		buf_init(&copies[i].bytes);
	size_t n = render_image_wanted(w, e, copies);
	for (size_t i = 0; store && i < n; i++)
		if (render_copy_from_store(store, &copies[i]))
			w->run->counts->photos_stored++;
	if (render_image_make(w, e, copies, n) == 0)
		for (size_t i = 0; i < n; i++) {
			char key[FINGERPRINT_HEX_SIZE];
			if (store && !copies[i].stored)
				render_copy_to_store(store, &copies[i]);
			images_copy_key(e, copies[i].path, key);
			render_write_key(w, copies[i].path, copies[i].bytes.data,
					 copies[i].bytes.len, key);
		}
	for (size_t i = 0; i < max; i++)
		buf_dispose(&copies[i].bytes);
}

/* Unit tests of image.c that concern threads: libvips runs without its
 * run-time compiled (Orc) loops, whose code memory Debian 12's liborc
 * hands out without a lock (see image_init_once), and photos resized on
 * several threads at once come out whole and the same as on one thread.
 *
 * The second part alone proves little about a race that strikes once in
 * thousands of resizes; the first is the guard: with Orc switched back
 * on, a stress run of this kind crashed in half its runs. */
#include "check.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <vips/vips.h>
#include <vips/vector.h>

#include "cache.h"
#include "image.h"
#include "workers.h"

#define PHOTO "content/images/2022/kenh-ga.jpg"
#define RENDERS 48
#define THREADS 4

struct photo {
	char *data;
	size_t len;
	struct image_info info;
};

struct stress {
	const struct photo *photo;
	struct buf out[RENDERS][2];   /* a JPEG and a WebP each */
	atomic_uint failed;
};

/* Each item resizes to one of four widths, as a page's copies are made. */
static unsigned stress_width(size_t i)
{
	static const unsigned widths[] = {480, 320, 240, 160};
	return widths[i % 4];
}

static void stress_one(void *ctx, unsigned worker, size_t i)
{
	(void)worker;
	struct stress *s = ctx;
	const struct photo *p = s->photo;
	unsigned w = stress_width(i), h = w * p->info.height / p->info.width;
	struct image_copy copies[2] = {
		{w, h, IMAGE_JPEG, &s->out[i][0]},
		{w, h, IMAGE_WEBP, &s->out[i][1]},
	};
	struct buf why;
	buf_init(&why);
	if (image_render(p->data, p->len, &p->info, w, h, copies, 2, &why))
		atomic_fetch_add(&s->failed, 1);
	buf_dispose(&why);
}

static void stress_done(void *ctx, unsigned worker)
{
	(void)ctx;
	(void)worker;
	image_thread_done();
}

static bool same_buf(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && a->len > 0 &&
	       memcmp(a->data, b->data, a->len) == 0;
}

static void test_threads(const struct photo *p)
{
	struct stress *s = calloc(1, sizeof *s);
	s->photo = p;
	for (size_t i = 0; i < RENDERS; i++)
		for (int k = 0; k < 2; k++)
			buf_init(&s->out[i][k]);
	struct workers_job job = {stress_one, stress_done, s};
	workers_run(&job, THREADS, RENDERS);
	CHECK(atomic_load(&s->failed) == 0);
	/* same width, same bytes, whichever thread made it */
	size_t same = 0;
	for (size_t i = 4; i < RENDERS; i++)
		same += same_buf(&s->out[i][0], &s->out[i % 4][0]) &&
			same_buf(&s->out[i][1], &s->out[i % 4][1]);
	CHECK(same == RENDERS - 4);
	for (size_t i = 0; i < RENDERS; i++)
		for (int k = 0; k < 2; k++)
			buf_dispose(&s->out[i][k]);
	free(s);
}

/* The sample's photo, read as the build reads its caches' files. */
static bool read_photo(struct photo *p)
{
	const char *why = NULL;
	p->data = cache_read_file(PHOTO, &p->len, &why);
	return p->data != NULL;
}

int main(void)
{
	image_start();
	CHECK(!vips_vector_isenabled());
	CHECK(strstr(image_recipe(), " c-loops ") != NULL);

	struct photo p = {0};
	struct buf why;
	buf_init(&why);
	if (CHECK(read_photo(&p)) &&
	    CHECK(image_probe(p.data, p.len, &p.info, &why) == 0))
		test_threads(&p);
	buf_dispose(&why);
	free(p.data);
	image_stop();
	return check_done();
}

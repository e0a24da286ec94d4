/* image: photos through libvips, the only module that touches it.
 *
 * Reads what an image is (format, size upright) and makes the copies the
 * site publishes: scaled to an exact size, turned upright by its EXIF
 * orientation, converted to sRGB (when it has another colour profile),
 * and stripped of every metadata block
 * (EXIF with its GPS position, XMP, IPTC, ICC profile, comments).
 *
 *     image_start();                          // once, before any thread uses it
 *     struct image_info info;
 *     if (image_probe(bytes, len, &info, &why) == 0) {
 *         struct image_copy c[2] = {
 *             {.width = 480, .height = 360, .format = IMAGE_JPEG, .out = &a},
 *             {.width = 480, .height = 360, .format = IMAGE_WEBP, .out = &b},
 *         };
 *         image_render(bytes, len, &info, 480, 360, c, 2, &why);
 *     }
 *     image_thread_done();                    // in each thread that used it
 *     image_stop();                           // once, at exit
 *
 * libvips runs each operation on threads of its own; congbo already runs
 * one render worker per core, so libvips is told to use one thread per
 * operation.  Its operation cache is off: images are read from buffers
 * that congbo frees, and a cache keyed by their address could serve a
 * freed one. */
#ifndef CONGBO_IMAGE_H
#define CONGBO_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* An image larger than this (width × height) is refused before it is
 * decoded: a small file can claim a huge size (a decompression bomb).
 * 100 megapixels is more than any phone camera of today's sample portal
 * and about 400 MB of pixels to decode. */
#define IMAGE_MAX_PIXELS (100ull * 1000 * 1000)

enum image_format { IMAGE_JPEG, IMAGE_PNG, IMAGE_WEBP, IMAGE_GIF };

struct image_info {
	enum image_format format;   /* what the bytes are, whatever the name */
	unsigned width, height;     /* upright: EXIF orientation applied */
	bool has_profile;           /* an embedded ICC colour profile */
};

/* One copy to make: exactly width × height, encoded as format into out
 * (appended).  GIF cannot be a copy's format. */
struct image_copy {
	unsigned width, height;
	enum image_format format;
	struct buf *out;
};

/* Starts libvips, once per process (later calls do nothing).  Thread-safe. */
void image_start(void);
/* Stops libvips if it was started; at exit, after every thread is done. */
void image_stop(void);
/* Frees what libvips keeps for the calling thread; call before a thread
 * that used this module ends.  Harmless when libvips never started. */
void image_thread_done(void);

/* The format of data by its first bytes, false when it is none of ours. */
bool image_sniff(const void *data, size_t len, enum image_format *format);
/* The file extension of format, without the dot ("jpg"). */
const char *image_format_extension(enum image_format format);

/* Reads the header of data (no pixels).  Returns 0, or -1 with why set to
 * a sentence saying what is wrong (not an image of ours, larger than
 * IMAGE_MAX_PIXELS, unreadable header). */
int image_probe(const void *data, size_t len, struct image_info *info,
		struct buf *why);

/* Decodes data once, scaled to width × height (upright), and makes each
 * copy from that: so a copy's bytes depend only on the data and these two
 * sizes, not on which other copies are made with it.  A damaged or
 * cut-short file fails here (not in image_probe).  Returns 0, or -1 with
 * why set (the outs may then hold part of the copies). */
int image_render(const void *data, size_t len, const struct image_info *info,
		 unsigned width, unsigned height,
		 const struct image_copy *copies, size_t count,
		 struct buf *why);

/* "vips-8.14.1 jpeg-q80 webp-q75 ..." : what decides the bytes of a copy
 * besides the source, for the keys of the incremental cache. */
const char *image_recipe(void);

#endif

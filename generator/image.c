/* image: libvips behind a small interface (see image.h). */
#include "image.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <vips/vips.h>
#include <vips/vector.h>

/* Encoder settings: part of image_recipe, so changing one remakes every
 * copy.  Quality 80 JPEG and 75 WebP are what most sites serve photos at;
 * progressive JPEG shows a whole picture early on a slow line. */
#define IMAGE_JPEG_QUALITY 80
#define IMAGE_WEBP_QUALITY 75
#define IMAGE_PNG_COMPRESSION 6
#define IMAGE_STR(x) IMAGE_STR2(x)
#define IMAGE_STR2(x) #x

static pthread_once_t image_once = PTHREAD_ONCE_INIT;
static atomic_bool image_started;   /* set once by image_once's routine */

/* libvips logs through GLib ("VIPS-WARNING **: error in tile ..."); the
 * failing call returns an error that congbo reports at the file, and a
 * library part never prints. */
static void image_quiet(const gchar *domain, GLogLevelFlags level,
			const gchar *message, gpointer data)
{
	(void)domain;
	(void)level;
	(void)message;
	(void)data;
}

static void image_init_once(void)
{
	if (VIPS_INIT("congbo") != 0)
		return;   /* image_probe then reports every image */
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE |
			  G_LOG_LEVEL_INFO, image_quiet, NULL);
	vips_concurrency_set(1);
	vips_cache_set_max(0);
	/* No run-time compiled (Orc) loops: Debian 12's liborc 0.4.33 hands
	 * out its code memory without a lock (fixed upstream in 0.4.34,
	 * "orccodemem: Fix for potential race in codemem alloc/free"), and
	 * the render workers resize photos on several threads at once: one
	 * build in a few hundred crashed (SIGSEGV, or "malloc_consolidate():
	 * unaligned fastbin chunk detected").  libvips' plain C loops cost
	 * about a third more CPU per photo, and give the same pixels on
	 * every machine whatever its vector instructions. */
	vips_vector_set_enabled(FALSE);
	/* loaders libvips marks unsafe for untrusted input (ImageMagick,
	 * MATLAB ...): never, though image_sniff already lets only four
	 * formats through */
	vips_block_untrusted_set(TRUE);
	atomic_store(&image_started, true);
}

void image_start(void)
{
	pthread_once(&image_once, image_init_once);
}

void image_stop(void)
{
	if (atomic_load(&image_started))
		vips_shutdown();
}

void image_thread_done(void)
{
	if (atomic_load(&image_started))
		vips_thread_shutdown();
}

const char *image_recipe(void)
{
	static const char recipe[] =
		"vips-" VIPS_VERSION " c-loops upright srgb strip jpeg-q"
		IMAGE_STR(IMAGE_JPEG_QUALITY) "-progressive webp-q"
		IMAGE_STR(IMAGE_WEBP_QUALITY) " png-c"
		IMAGE_STR(IMAGE_PNG_COMPRESSION);
	return recipe;
}

bool image_sniff(const void *data, size_t len, enum image_format *format)
{
	const unsigned char *b = data;
	if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		*format = IMAGE_JPEG;
	else if (len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		*format = IMAGE_PNG;
	else if (len >= 12 && memcmp(b, "RIFF", 4) == 0 &&
		 memcmp(b + 8, "WEBP", 4) == 0)
		*format = IMAGE_WEBP;
	else if (len >= 6 && (memcmp(b, "GIF87a", 6) == 0 ||
			      memcmp(b, "GIF89a", 6) == 0))
		*format = IMAGE_GIF;
	else
		return false;
	return true;
}

const char *image_format_extension(enum image_format format)
{
	switch (format) {
	case IMAGE_JPEG: return "jpg";
	case IMAGE_PNG: return "png";
	case IMAGE_WEBP: return "webp";
	case IMAGE_GIF: return "gif";
	}
	return "";
}

/* libvips' message for the error just met, first line only, into why. */
static void image_vips_reason(struct buf *why)
{
	char *msg = vips_error_buffer_copy();   /* and clears this one */
	size_t n = msg ? strcspn(msg, "\n") : 0;
	while (n && (msg[n - 1] == '.' || msg[n - 1] == ' '))
		n--;
	if (n) {
		buf_puts(why, ": ");
		buf_put(why, msg, n);
	}
	g_free(msg);
}

int image_probe(const void *data, size_t len, struct image_info *info,
		struct buf *why)
{
	memset(info, 0, sizeof *info);
	if (!image_sniff(data, len, &info->format)) {
		buf_puts(why, "is not a JPEG, PNG, WebP or GIF image");
		return -1;
	}
	if (!atomic_load(&image_started)) {
		buf_puts(why, "cannot be read: libvips did not start");
		return -1;
	}
	VipsImage *im = vips_image_new_from_buffer(data, len, "", NULL);
	if (!im) {
		buf_puts(why, "cannot be read as an image");
		image_vips_reason(why);
		return -1;
	}
	unsigned long long w = (unsigned)vips_image_get_width(im);
	unsigned long long h = (unsigned)vips_image_get_height(im);
	bool swap = vips_image_get_orientation_swap(im);
	info->has_profile = vips_image_get_typeof(im, VIPS_META_ICC_NAME) != 0;
	g_object_unref(im);
	if (w * h > IMAGE_MAX_PIXELS) {
		buf_printf(why, "is %llu×%llu pixels (%llu megapixels); images "
			   "of at most %llu megapixels are published: make it "
			   "smaller before adding it", w, h, w * h / 1000000,
			   IMAGE_MAX_PIXELS / 1000000);
		return -1;
	}
	info->width = (unsigned)(swap ? h : w);
	info->height = (unsigned)(swap ? w : h);
	return 0;
}

static uint32_t image_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void image_put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Appends the WebP file webp without its metadata chunks (EXIF, XMP,
 * ICCP) and their flags.  libvips 8.14.1's WebP saver writes an EXIF
 * chunk whatever "strip" says (for a bare image, one it makes up from the
 * resolution): the container is simple enough to take them out after.
 * Returns -1 when webp is not a well-formed RIFF WebP file. */
static int image_webp_strip(struct buf *out, const unsigned char *webp,
			    size_t len)
{
	if (len < 12 || memcmp(webp, "RIFF", 4) || memcmp(webp + 8, "WEBP", 4) ||
	    image_le32(webp + 4) != len - 8)
		return -1;
	size_t start = out->len;
	buf_put(out, webp, 12);
	for (size_t at = 12; at < len;) {
		if (len - at < 8)
			return -1;
		size_t size = image_le32(webp + at + 4);
		size_t whole = 8 + size + (size & 1);
		if (whole > len - at)
			return -1;
		const unsigned char *fourcc = webp + at;
		if (memcmp(fourcc, "EXIF", 4) && memcmp(fourcc, "XMP ", 4) &&
		    memcmp(fourcc, "ICCP", 4)) {
			size_t chunk = out->len;
			buf_put(out, fourcc, whole);
			if (!memcmp(fourcc, "VP8X", 4) && size >= 1)
				/* flags: ICC 0x20, EXIF 0x08, XMP 0x04 */
				out->data[chunk + 8] &= (char)~0x2C;
		}
		at += whole;
	}
	image_put_le32((unsigned char *)out->data + start + 4,
		       (uint32_t)(out->len - start - 8));
	return 0;
}

/* Encodes im as format, stripped, appending to out. */
static int image_save(VipsImage *im, enum image_format format,
		      struct buf *out)
{
	void *bytes = NULL;
	size_t size = 0;
	int rc = -1;
	switch (format) {
	case IMAGE_JPEG:
		rc = vips_jpegsave_buffer(im, &bytes, &size,
			"Q", IMAGE_JPEG_QUALITY, "optimize_coding", TRUE,
			"interlace", TRUE, "strip", TRUE, NULL);
		break;
	case IMAGE_PNG:
		rc = vips_pngsave_buffer(im, &bytes, &size,
			"compression", IMAGE_PNG_COMPRESSION, "strip", TRUE,
			NULL);
		break;
	case IMAGE_WEBP:
		rc = vips_webpsave_buffer(im, &bytes, &size,
			"Q", IMAGE_WEBP_QUALITY, "strip", TRUE, NULL);
		break;
	case IMAGE_GIF:
		break;   /* GIFs are copied as they are, never made */
	}
	if (rc == 0 && format == IMAGE_WEBP)
		rc = image_webp_strip(out, bytes, size);
	else if (rc == 0)
		buf_put(out, bytes, size);
	g_free(bytes);
	return rc;
}

/* The largest copy wanted: decoded from data once, shrinking while the
 * JPEG is decoded where it can, upright, in sRGB, in memory. */
static VipsImage *image_decode(const void *data, size_t len,
			       const struct image_info *info, unsigned width,
			       unsigned height)
{
	VipsImage *scaled = NULL, *mem = NULL;
	/* fail_on=error: a damaged or cut-short file is an error, not a
	 * picture with a grey lower half.  A colour profile is applied
	 * (into sRGB) before it is stripped; without one the pixels are
	 * sRGB already, and a transform would only cost time. */
	int rc = info->has_profile
		? vips_thumbnail_buffer((void *)data, len, &scaled, (int)width,
					"height", (int)height,
					"size", VIPS_SIZE_FORCE,
					"export_profile", "srgb",
					"option_string", "fail_on=error", NULL)
		: vips_thumbnail_buffer((void *)data, len, &scaled, (int)width,
					"height", (int)height,
					"size", VIPS_SIZE_FORCE,
					"option_string", "fail_on=error", NULL);
	if (rc != 0)
		return NULL;
	mem = vips_image_copy_memory(scaled);
	g_object_unref(scaled);
	return mem;
}

/* The pixels of mem in a new image with no metadata at all, sharing
 * mem's memory (mem must outlive it).  The savers' "strip" is not
 * enough: libvips 8.14.1's WebP saver writes EXIF (GPS included) and XMP
 * despite it, so copies are made from an image that has none. */
static VipsImage *image_bare(VipsImage *mem)
{
	const void *pixels = vips_image_get_data(mem);
	if (!pixels)
		return NULL;
	return vips_image_new_from_memory(pixels,
		VIPS_IMAGE_SIZEOF_IMAGE(mem), vips_image_get_width(mem),
		vips_image_get_height(mem), vips_image_get_bands(mem),
		vips_image_get_format(mem));
}

/* One copy from the decoded image big. */
static int image_make_copy(VipsImage *big, const struct image_copy *c)
{
	VipsImage *small = NULL;
	if (c->width == (unsigned)vips_image_get_width(big) &&
	    c->height == (unsigned)vips_image_get_height(big))
		return image_save(big, c->format, c->out);
	if (vips_thumbnail_image(big, &small, (int)c->width,
				 "height", (int)c->height,
				 "size", VIPS_SIZE_FORCE, "no_rotate", TRUE,
				 NULL) != 0)
		return -1;
	int rc = image_save(small, c->format, c->out);
	g_object_unref(small);
	return rc;
}

int image_render(const void *data, size_t len, const struct image_info *info,
		 unsigned width, unsigned height,
		 const struct image_copy *copies, size_t count,
		 struct buf *why)
{
	if (!count)
		return 0;
	VipsImage *decoded = image_decode(data, len, info, width, height);
	VipsImage *big = decoded ? image_bare(decoded) : NULL;
	int rc = big ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < count; i++)
		rc = image_make_copy(big, &copies[i]);
	if (big)
		g_object_unref(big);
	if (decoded)
		g_object_unref(decoded);
	if (rc != 0) {
		buf_puts(why, "is damaged or cut short and cannot be "
			 "published");
		image_vips_reason(why);
	}
	return rc;
}

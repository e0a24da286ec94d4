/* images: the portal's photos and the copies of each the site publishes.
 *
 * A stage between loading and rendering.  Every JPEG, PNG and WebP file
 * under content/ is published in the widths of IMAGES_WIDTHS that are
 * narrower than it, and at its own width up to IMAGES_MAX_WIDTH at its own
 * URL, each copy in its own format and as WebP beside it:
 *
 *     content/images/2022/a.jpg (4000×3000)
 *       → images/2022/a.480.jpg   a.480.webp    480×360
 *         images/2022/a.960.jpg   a.960.webp    960×720
 *         images/2022/a.jpg       a.webp       1600×1200
 *
 * (a WebP source has WebP copies only).  GIFs are copied as they are
 * (animations stay), with their size known for width and height.  The
 * catalog built here is read-only while pages render: the HTML of an
 * image (srcset, width, height) comes from it, the copies are made by
 * render workers (render_images.c). */
#ifndef CONGBO_IMAGES_H
#define CONGBO_IMAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "fingerprint.h"
#include "image.h"
#include "source.h"
#include "strmap.h"

#define IMAGES_WIDTHS {480, 960}
#define IMAGES_MAX_WIDTH 1600u

/* One published width of an image. */
struct images_copy {
	unsigned width, height;
	const char *path;        /* root-relative: "images/2022/a.480.jpg" */
	const char *webp_path;   /* "images/2022/a.480.webp", or NULL */
};

struct images_entry {
	const struct source_file *src;   /* "content/images/2022/a.jpg" */
	const char *url;                 /* "images/2022/a.jpg" */
	struct image_info info;          /* the source's format and size */
	/* narrowest first; the last one is published at url itself, so its
	 * size is the image's as the site shows it */
	struct images_copy *copies;
	size_t copy_count;
	bool copied_as_is;               /* a GIF: its bytes, no copies */
	/* of the source's bytes and image_recipe: the copies' cache key */
	char key[FINGERPRINT_HEX_SIZE];
};

struct images {
	struct arena arena;
	struct strmap by_url;            /* url → struct images_entry */
	struct images_entry **entries;   /* by source path */
	size_t count;
};

/* True for a content path the stage takes (by extension, any case):
 * .jpg .jpeg .png .webp .gif. */
bool images_is_image_path(const char *path);

/* Builds the catalog from the content files in assets (count of them;
 * the others are ignored), reading each image's header.  An unreadable
 * image, one larger than IMAGE_MAX_PIXELS, one whose bytes are another
 * format than its name says, and a copy that would take the URL of
 * another file are errors at the image's path.  src is the whole source
 * (to find such files).  Dispose with images_dispose. */
void images_load(struct images *im, const struct source *src,
		 const struct source_file *const *assets, size_t count,
		 struct diag_list *diags);
void images_dispose(struct images *im);

/* The entry of a root-relative URL ("images/2022/a.jpg"), or NULL (not
 * one of the catalog's: another file, an external address). */
const struct images_entry *images_find(const struct images *im,
				       const char *url);

/* The largest copy: what the site shows at the entry's URL. */
const struct images_copy *images_main(const struct images_entry *e);

/* Appends "PREFIXa.480.jpg 480w, PREFIXa.jpg 1600w" (webp: the WebP
 * copies) to out, for srcset.  prefix leads back to the root ("../../"),
 * may be "". */
void images_srcset(struct buf *out, const struct images_entry *e,
		   const char *prefix, bool webp);

/* Appends the root-relative path s for srcset: no space or comma may
 * stay (they separate the candidates), nor anything an attribute would
 * need escaped, so every byte but letters, digits and -_.~/ is
 * percent-encoded. */
void images_url_encode(struct buf *out, const char *s);

/* A key of the photos a page shows, for the keys of the pages and lists
 * that show it: its own image (root-relative, may be NULL) and every
 * photo its Markdown body names by a site-absolute path
 * ("![..](/images/a.jpg)", "[x]: /images/a.jpg").  A photo replaced by
 * another changes it (so the page's width, height and srcset are
 * rendered again); "" when the page shows none.  Lives as long as im. */
const char *images_page_key(struct images *im, const char *image,
			    const char *body, size_t len);

/* The file's key for the incremental cache: entry key, path.  What the
 * render workers record each copy under. */
void images_copy_key(const struct images_entry *e, const char *path,
		     char out[FINGERPRINT_HEX_SIZE]);

#endif

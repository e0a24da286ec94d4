/* images: the catalog of photos and their copies (see images.h). */
#include "images.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"

static const char *images_extension(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	return dot ? dot + 1 : "";
}

/* The format a file's name promises, false when it names none of ours. */
static bool images_format_of_name(const char *path, enum image_format *f)
{
	const char *ext = images_extension(path);
	if (strcasecmp(ext, "jpg") == 0 || strcasecmp(ext, "jpeg") == 0)
		*f = IMAGE_JPEG;
	else if (strcasecmp(ext, "png") == 0)
		*f = IMAGE_PNG;
	else if (strcasecmp(ext, "webp") == 0)
		*f = IMAGE_WEBP;
	else if (strcasecmp(ext, "gif") == 0)
		*f = IMAGE_GIF;
	else
		return false;
	return true;
}

bool images_is_image_path(const char *path)
{
	enum image_format f;
	return images_format_of_name(path, &f);
}

static const char *images_format_name(enum image_format f)
{
	static const char *const names[] = {"JPEG", "PNG", "WebP", "GIF"};
	return names[f];
}

/* url with ".WIDTH" put before its extension, or the extension made
 * ext: "images/a.jpg" → "images/a.480.jpg", "images/a.webp". */
static const char *images_copy_path(struct arena *a, const char *url,
				    unsigned width, const char *ext)
{
	const char *old_ext = images_extension(url);
	int stem = (int)(old_ext - 1 - url);
	if (!ext)
		ext = old_ext;
	if (width)
		return arena_printf(a, "%.*s.%u.%s", stem, url, width, ext);
	return arena_printf(a, "%.*s.%s", stem, url, ext);
}

static unsigned images_height_at(const struct image_info *info, unsigned w)
{
	unsigned long long h = ((unsigned long long)info->height * w +
				info->width / 2) / info->width;
	return h ? (unsigned)h : 1;
}

/* The copies of e: each width of IMAGES_WIDTHS below the image's own,
 * then its own width (at most IMAGES_MAX_WIDTH) at its URL. */
static void images_plan(struct arena *a, struct images_entry *e)
{
	static const unsigned widths[] = IMAGES_WIDTHS;
	size_t n_widths = sizeof widths / sizeof *widths;
	unsigned top = e->info.width < IMAGES_MAX_WIDTH ? e->info.width
							 : IMAGES_MAX_WIDTH;
	bool webp = e->info.format != IMAGE_WEBP;
	e->copies = arena_array(a, n_widths + 1, sizeof *e->copies);
	e->copy_count = 0;
	for (size_t i = 0; i <= n_widths; i++) {
		unsigned w = i < n_widths ? widths[i] : top;
		if (i < n_widths && w >= top)
			continue;
		struct images_copy *c = &e->copies[e->copy_count++];
		c->width = w;
		c->height = images_height_at(&e->info, w);
		c->path = i < n_widths ? images_copy_path(a, e->url, w, NULL)
				       : e->url;
		c->webp_path = !webp ? NULL
			: images_copy_path(a, e->url, i < n_widths ? w : 0,
					   "webp");
	}
}

static void images_set_key(struct images_entry *e)
{
	struct fingerprint fp;
	fingerprint_init(&fp);
	fingerprint_string(&fp, e->src->id);
	fingerprint_string(&fp, image_recipe());
	fingerprint_hex(&fp, e->key);
}

/* Reads one image's header; NULL (with an error) when it cannot be
 * published. */
static struct images_entry *images_read(struct images *im,
					const struct source_file *f,
					struct diag_list *diags)
{
	enum image_format named;
	struct images_entry e = {.src = f, .url = f->path + strlen("content/")};
	struct buf why;
	buf_init(&why);
	images_format_of_name(f->path, &named);
	if (image_probe(f->data, f->len, &e.info, &why) < 0) {
		diag_error(diags, f->path, 0, 0, "this file %s", why.data);
		buf_dispose(&why);
		return NULL;
	}
	buf_dispose(&why);
	if (e.info.format != named) {
		diag_error(diags, f->path, 0, 0, "this file is a %s image but "
			   "its name says %s: rename it to .%s",
			   images_format_name(e.info.format),
			   images_format_name(named),
			   image_format_extension(e.info.format));
		return NULL;
	}
	struct images_entry *entry = arena_alloc(&im->arena, sizeof *entry);
	*entry = e;
	entry->copied_as_is = e.info.format == IMAGE_GIF;
	if (!entry->copied_as_is)
		images_plan(&im->arena, entry);
	images_set_key(entry);
	return entry;
}

/* A copy's path that is already some file's: an error, else claimed. */
static void images_claim(struct strmap *claims, const struct source *src,
			 const struct images_entry *e, const char *path,
			 struct diag_list *diags)
{
	struct buf file;
	buf_init(&file);
	buf_printf(&file, "content/%s", path);
	const char *other = strmap_get(claims, path);
	if (!other && source_find(src, file.data))
		other = source_find(src, file.data)->path;
	if (other && strcmp(other, e->src->path) != 0)
		diag_error(diags, e->src->path, 0, 0, "its copy %s would take "
			   "the place of %s; rename one of them", path, other);
	else
		strmap_put(claims, path, (void *)e->src->path);
	buf_dispose(&file);
}

/* No copy may be published where another file or copy is. */
static void images_check_paths(const struct images *im,
			       const struct source *src,
			       struct diag_list *diags)
{
	struct strmap claims;
	strmap_init(&claims);
	for (size_t i = 0; i < im->count; i++)
		strmap_put(&claims, im->entries[i]->url,
			   (void *)im->entries[i]->src->path);
	for (size_t i = 0; i < im->count; i++) {
		const struct images_entry *e = im->entries[i];
		for (size_t c = 0; c < e->copy_count; c++) {
			if (e->copies[c].path != e->url)
				images_claim(&claims, src, e,
					     e->copies[c].path, diags);
			if (e->copies[c].webp_path)
				images_claim(&claims, src, e,
					     e->copies[c].webp_path, diags);
		}
	}
	strmap_dispose(&claims);
}

void images_load(struct images *im, const struct source *src,
		 const struct source_file *const *assets, size_t count,
		 struct diag_list *diags)
{
	memset(im, 0, sizeof *im);
	arena_init(&im->arena);
	strmap_init(&im->by_url);
	size_t n = 0;
	for (size_t i = 0; i < count; i++)
		n += images_is_image_path(assets[i]->path);
	if (!n)
		return;
	image_start();
	im->entries = arena_array(&im->arena, n, sizeof *im->entries);
	for (size_t i = 0; i < count; i++) {
		if (!images_is_image_path(assets[i]->path))
			continue;
		struct images_entry *e = images_read(im, assets[i], diags);
		if (!e)
			continue;
		im->entries[im->count++] = e;
		strmap_put(&im->by_url, e->url, e);
	}
	images_check_paths(im, src, diags);
}

void images_dispose(struct images *im)
{
	strmap_dispose(&im->by_url);
	arena_dispose(&im->arena);
	memset(im, 0, sizeof *im);
}

const struct images_entry *images_find(const struct images *im,
				       const char *url)
{
	return im && url ? strmap_get(&im->by_url, url) : NULL;
}

const struct images_copy *images_main(const struct images_entry *e)
{
	return e->copy_count ? &e->copies[e->copy_count - 1] : NULL;
}

void images_url_encode(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || strchr("-_.~/", *p))
			buf_putc(out, (char)*p);
		else
			buf_printf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

void images_srcset(struct buf *out, const struct images_entry *e,
		   const char *prefix, bool webp)
{
	for (size_t i = 0; i < e->copy_count; i++) {
		const struct images_copy *c = &e->copies[i];
		const char *path = webp ? c->webp_path : c->path;
		if (!path)
			continue;
		if (i)
			buf_puts(out, ", ");
		buf_puts(out, prefix);
		images_url_encode(out, path);
		buf_printf(out, " %uw", c->width);
	}
}

void images_copy_key(const struct images_entry *e, const char *path,
		     char out[FINGERPRINT_HEX_SIZE])
{
	struct fingerprint fp;
	fingerprint_init(&fp);
	fingerprint_string(&fp, "image copy");
	fingerprint_string(&fp, e->key);
	fingerprint_string(&fp, path);
	fingerprint_hex(&fp, out);
}

/* Adds to fp the photo named by the path at s (after its '/'), if any. */
static void images_key_token(const struct images *im, const char *s,
			     const char *end, struct fingerprint *fp,
			     size_t *found)
{
	size_t n = 0;
	while (s + n < end && !strchr(" \t\n)>\"'", s[n]))
		n++;
	const struct images_entry *e = strmap_getn(&im->by_url, s, n);
	if (!e)
		return;
	fingerprint_string(fp, e->url);
	fingerprint_string(fp, e->key);
	(*found)++;
}

const char *images_page_key(struct images *im, const char *image,
			    const char *body, size_t len)
{
	struct fingerprint fp;
	size_t found = 0;
	if (!im->count)
		return "";
	fingerprint_init(&fp);
	const struct images_entry *own = images_find(im, image);
	if (own)
		images_key_token(im, own->url, own->url + strlen(own->url),
				 &fp, &found);
	const char *end = body + len;
	for (const char *s = body; s < end;) {
		const char *slash = memchr(s, '/', (size_t)(end - s));
		if (!slash)
			break;
		/* a site-absolute path starts a link destination or a
		 * reference definition: "(/images/a.jpg", "<...", ": /..." */
		if (slash > body && strchr("(< \t\n", slash[-1]))
			images_key_token(im, slash + 1, end, &fp, &found);
		s = slash + 1;
	}
	if (!found)
		return "";
	char *hex = arena_alloc(&im->arena, FINGERPRINT_HEX_SIZE);
	fingerprint_hex(&fp, hex);
	return hex;
}

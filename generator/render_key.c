/* render_key: input keys of pages (see render_key.h). */
#include "render_key.h"

#include <stdint.h>

#include "history.h"

static void render_key_text(struct fingerprint *fp, const char *s)
{
	fingerprint_string(fp, s ? s : "");
}

static void render_key_terms(struct fingerprint *fp, struct term *const *t,
			     size_t count)
{
	uint64_t n = count;
	fingerprint_bytes(fp, &n, sizeof n);
	for (size_t i = 0; i < count; i++) {
		render_key_text(fp, t[i]->name);
		render_key_text(fp, t[i]->url);
	}
}

void render_key_start(struct fingerprint *fp, const char *base,
		      const char *template_name)
{
	fingerprint_init(fp);
	fingerprint_string(fp, base);
	fingerprint_string(fp, template_name);
}

/* The photos a page shows (their sizes and copies). */
static void render_key_image(struct fingerprint *fp, const struct page *p)
{
	render_key_text(fp, p->images_key);
}

void render_key_card(struct fingerprint *fp, const struct page *p,
		     const char *summary)
{
	render_key_image(fp, p);
	render_key_text(fp, p->title);
	render_key_text(fp, p->url);
	render_key_text(fp, p->date_iso);
	render_key_text(fp, summary);
	render_key_text(fp, p->image);
	render_key_text(fp, p->image_alt);
	render_key_terms(fp, p->categories, p->category_count);
}

/* The git history a page shows: date, author and subject of each
 * revision. */
static void render_key_history(struct fingerprint *fp, const struct page *p)
{
	const struct history_file *h = p->history;
	uint64_t n = h ? h->count : 0;
	fingerprint_bytes(fp, &n, sizeof n);
	for (size_t i = 0; h && i < h->count; i++) {
		const struct history_rev *r = h->revs[i];
		fingerprint_bytes(fp, &r->time, sizeof r->time);
		render_key_text(fp, r->author);
		render_key_text(fp, r->subject);
	}
}

void render_key_page(struct fingerprint *fp, const struct page *p)
{
	render_key_text(fp, p->src->id);
	render_key_image(fp, p);
	render_key_text(fp, p->url);
	render_key_terms(fp, p->categories, p->category_count);
	render_key_terms(fp, p->tags, p->tag_count);
	render_key_history(fp, p);
}

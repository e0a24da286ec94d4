/* content: one Markdown file (front matter + body) to a struct page.
 *
 *     ---
 *     title: Hội nghị đánh giá, chấm điểm xác định Chỉ số CCHC ...
 *     date: 2022-04-19T16:30:00+07:00
 *     categories: [Cải cách hành chính]
 *     ---
 *     Chiều ngày 18/4, ...
 *
 * Checks the text is UTF-8, splits the front matter, reads and checks each
 * key (unknown keys are warnings naming the known ones).  URLs and
 * taxonomies are the site's business (site.c). */
#ifndef CONGBO_CONTENT_H
#define CONGBO_CONTENT_H

#include "model.h"

#define CONTENT_SUMMARY_CHARS 220

/* Categories, and tags, one article may have. */
#define CONTENT_MAX_TERMS 100

/* Front matter read by an earlier build, by blob id: reading a record is
 * some fifty times cheaper than parsing YAML, which is most of loading an
 * unchanged archive.  lookup returns the record content_read made for
 * those bytes (page->record), or NULL. */
struct content_records {
	const char *(*lookup)(void *ctx, const char *blob_id);
	void *ctx;
};

/* Reads f as a page of kind, allocated (with its front matter) in a.
 * tz_offset_min is the site's offset for dates without one.  Safe to call
 * from several threads with an arena each.  Returns 0, or -1 with errors
 * in diags (*out is then NULL). */
int content_read(struct arena *a, int tz_offset_min,
		 const struct source_file *f, enum page_kind kind,
		 struct diag_list *diags, struct page **out);
/* The same, taking the front matter from records (may be NULL) when it
 * holds f's blob and f's bytes are known (source_file.known).  A page read
 * without a warning gets page->record, for the next build's records. */
int content_read_known(struct arena *a, int tz_offset_min,
		       const struct source_file *f, enum page_kind kind,
		       const struct content_records *records,
		       struct diag_list *diags, struct page **out);

#endif

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

#include "site.h"

#define CONTENT_SUMMARY_CHARS 220

/* Reads f as a page of kind, allocated (with its front matter) in a.
 * tz_offset_min is the site's offset for dates without one.  Safe to call
 * from several threads with an arena each.  Returns 0, or -1 with errors
 * in diags (*out is then NULL). */
int content_read(struct arena *a, int tz_offset_min,
		 const struct source_file *f, enum page_kind kind,
		 struct diag_list *diags, struct page **out);

#endif

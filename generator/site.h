/* site: the model of one build: config, articles, pages, taxonomies.
 *
 * Loading a site reads every Markdown file of the source once, checks its
 * front matter, gives each page its URL (from the permalink patterns),
 * drops drafts and future articles unless asked, and groups articles by
 * category, tag and year, newest first; score data is results_load.c's
 * part of the load.  Bodies are not rendered here:
 * a page keeps a pointer into its source bytes, and the render step turns
 * it into HTML when it writes the page.  Everything lives in the site's
 * arena; the source must outlive the site. */
#ifndef CONGBO_SITE_H
#define CONGBO_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "config.h"
#include "diag.h"
#include "source.h"
#include "text_date.h"
#include "value.h"

struct scores_dataset;
struct images;
struct images_entry;

enum page_kind { PAGE_POST, PAGE_STATIC };

struct history;
struct history_file;

struct term {
	const char *name;       /* as first written: "Cải cách hành chính" */
	const char *slug;       /* "cai-cach-hanh-chinh" */
	const char *url;        /* root-relative: "chuyen-muc/cai-cach-hanh-chinh/" */
	struct page **pages;    /* newest first */
	size_t count, cap;
};

struct page {
	enum page_kind kind;
	size_t index;             /* position in site->posts or site->pages */
	const struct source_file *src;
	const char *title;
	const char *slug;
	bool slug_pinned;         /* the slug comes from "slug:", not the title */
	const char *author;
	const char *summary;      /* from front matter, or NULL */
	const char *image;        /* root-relative or absolute URL, or NULL */
	const char *image_alt;
	const struct images_entry *image_entry;   /* image's copies, when it is
						     a photo of content/
						     (set by the build after
						     the images stage) */
	const char *images_key;   /* of every photo it shows (images.h), for
				     its keys; "" or NULL when none */
	struct text_date date;
	bool has_date;
	/* date formatted once, for every list that shows the page */
	const char *date_iso, *date_text, *date_short;
	bool draft;
	const char **category_names;   /* as written in front matter */
	const char **tag_names;
	struct term **categories;      /* category_count of each */
	size_t category_count;
	struct term **tags;
	size_t tag_count;
	bool has_shortcodes;      /* its body holds "{{<" somewhere */
	const char *record;       /* its front matter in the cache's form
				     (content.h), or NULL */
	const char *body;         /* Markdown after the front matter */
	size_t body_len;
	const char *url;          /* root-relative: "tin-tuc/2022/slug/" */
	const char **aliases;     /* old addresses redirecting here, root-
				     relative like url ("aliases:") */
	size_t alias_count;
	const char *out_path;     /* "tin-tuc/2022/slug/index.html" */
	const struct history_file *history;   /* its git history (history.h),
						 or NULL */
};

struct site_year {
	int year;
	struct page **pages;      /* newest first */
	size_t count, cap;
};

struct content_records;

struct site_options {
	const struct content_records *records;   /* front matter already
						    read, or NULL */
	bool drafts;              /* include draft: true */
	bool preview;             /* include draft score datasets (results.h) */
	bool future;              /* include articles dated after now */
	long long now;            /* epoch seconds deciding "future" */
	/* The git history that orders articles sharing a URL (recurring.h),
	 * asked for only when some do; NULL, or returning NULL: none. */
	const struct history *(*get_history)(void *ctx);
	void *history_ctx;
	bool note_recurring;      /* a note per group of such articles */
};

/* threads reading front matter at once, at most */
#define SITE_MAX_READERS 8

struct site {
	struct arena arena;
	struct arena *read_arenas;   /* the front-matter readers' arenas */
	unsigned read_arena_count;
	struct config config;
	int tz_offset_min;
	struct page **posts;      /* published articles, newest first */
	size_t post_count;
	struct page **pages;      /* static pages, by path */
	size_t page_count;
	struct term **categories; /* by slug */
	size_t category_count;
	struct term **tags;       /* by slug */
	size_t tag_count;
	struct site_year *years;  /* newest first */
	size_t year_count;
	size_t skipped_drafts;
	size_t skipped_future;
	long long future_horizon;  /* earliest date left out as future, or
				      LLONG_MAX when none was */
	struct value *view_shared;   /* the parts of "site" that every view
					holds (view_prepare), or NULL */
	const struct source_file **assets;  /* content files copied as is
					       (photos: as copies, images.h) */
	const struct images *images;        /* the photos' catalog, set by
					       the build after loading; may
					       be NULL */
	size_t asset_count;
	struct scores_dataset **datasets;   /* content/scores/, newest first
					       (results.h) */
	size_t dataset_count;
};

/* Builds the model from src.  Returns 0, or -1 with errors in diags (the
 * model is then incomplete but safe to dispose).  Free with
 * site_dispose. */
int site_load(struct site *site, const struct source *src,
	      const struct site_options *opts, struct diag_list *diags);
void site_dispose(struct site *site);

/* Page i of the post_count + page_count Markdown pages: the posts, then
 * the static pages (for loops over every body). */
const struct page *site_markdown_page(const struct site *site, size_t i);

/* Gives p the slug and the URL and output path that follow from it;
 * false (p unchanged) when that URL would leave the output folder. */
bool site_page_set_slug(struct site *site, struct page *p, const char *slug);

/* The root-relative URL of a permalink pattern filled in for one page.
 * Placeholders: :year :month :day :slug :category.  NULL (with an error)
 * when the result would leave the output folder. */
const char *site_expand_permalink(struct arena *a, const char *pattern,
				  const struct page *page,
				  const char *category_slug);

#endif

/* model: what loading a portal ends with, and all that the later stages
 * (checks, views, keys, rendering) read: the config, articles and static
 * pages with their URLs, categories, tags and years, newest first, the
 * score datasets (scores.h) and the photos' catalog (images.h).
 *
 * Loading fills it in stages (build.c: site_load with results_load.c, then
 * the photos, the views' shared part and the git history); from then on
 * it is only read, through const struct site pointers, by any number of
 * threads at once (tests/cli/model-frozen.sh has the compiler check that
 * no module but the loaders writes it).  The types only: site.h loads,
 * content.h reads one file, results.h the datasets, so that those
 * modules no longer include each other. */
#ifndef CONGBO_MODEL_H
#define CONGBO_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "config.h"
#include "source.h"
#include "text_date.h"
#include "value.h"

struct scores_dataset;
struct images;
struct images_entry;

enum page_kind { PAGE_POST, PAGE_STATIC };

struct history_file;

struct term {
	const char *name;       /* as first written: "Cải cách hành chính" */
	const char *slug;       /* "cai-cach-hanh-chinh" */
	const char *url;        /* root-relative: "chuyen-muc/cai-cach-hanh-chinh/" */
	struct page **pages;    /* newest first */
	size_t count, cap;
};

/* A ket-qua shortcode of a body, resolved against the score datasets:
 * what the render puts at that line (results.h). */
struct page_embed {
	unsigned line;            /* of the body, 1-based */
	const struct scores_dataset *dataset;
	size_t group;             /* index into dataset->groups */
	size_t top;               /* rows to show */
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
	/* its ket-qua shortcodes that render, resolved once while the site
	 * loads (results_load.c), in body order */
	const struct page_embed *embeds;
	size_t embed_count;
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

struct site {
	struct arena arena;
	struct arena *read_arenas;   /* the loading threads' arenas, one per
					thread (front matter, embeds) */
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

/* Page i of the post_count + page_count Markdown pages: the posts, then
 * the static pages (for loops over every body). */
const struct page *site_markdown_page(const struct site *site, size_t i);

#endif

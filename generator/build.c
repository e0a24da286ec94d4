/* build: the phases of a build, in order (see build.h). */
#include "build.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "content.h"
#include "fingerprint.h"
#include "gitlib.h"
#include "permalink.h"
#include "history.h"
#include "images.h"
#include "mem.h"
#include "outdir.h"
#include "output.h"
#include "render.h"
#include "review.h"
#include "site.h"
#include "source.h"
#include "theme.h"
#include "theme_contract.h"
#include "view.h"

static double build_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned build_jobs(unsigned asked)
{
	if (asked)
		return asked;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

static int build_load_source(const struct build_options *opts,
			     struct cache *cache, struct source *src,
			     struct diag_list *diags)
{
	if (opts->rev)
		return source_load_git(src, opts->repo ? opts->repo : ".",
				       opts->rev, diags);
	struct source_known known;
	if (cache)
		known = cache_source_known(cache);
	return source_load_dir_known(src, opts->source_dir ? opts->source_dir
							   : ".",
				     cache ? &known : NULL, diags);
}

static const char *build_out_dir(const struct build_options *opts)
{
	return opts->out_dir ? opts->out_dir : "site";
}

/* What decides a build's output besides its pages: the options. */
static void build_options_fingerprint(const struct build_options *opts,
				      char out[FINGERPRINT_HEX_SIZE])
{
	struct fingerprint fp;
	fingerprint_init(&fp);
	fingerprint_string(&fp, opts->drafts ? "drafts" : "-");
	fingerprint_string(&fp, opts->preview ? "preview" : "-");
	fingerprint_string(&fp, opts->future ? "future" : "-");
	fingerprint_string(&fp, opts->rev ? "git" : "folder");
	fingerprint_hex(&fp, out);
}

static bool build_is_shared_input(const char *path)
{
	if (strncmp(path, "themes/", 7) == 0 ||
	    strncmp(path, "templates/", 10) == 0 ||
	    strncmp(path, "content/scores/", 15) == 0)
		return true;
	/* content/site.yaml and any other top-level file of content/ */
	return strncmp(path, "content/", 8) == 0 && !strchr(path + 8, '/');
}

/* The fingerprints of what pages depend on besides their views.
 * body_base: what a body's HTML is made from besides its blob (config,
 * templates, score data, the generator's version and the options);
 * base: that and the shared parts of "site" (the category list with its
 * counts), which every view holds as a marker only. */
static void build_base_fingerprints(const struct source *src,
				    const struct site *site,
				    const char *options,
				    char base[FINGERPRINT_HEX_SIZE],
				    char body_base[FINGERPRINT_HEX_SIZE])
{
	struct fingerprint fp;
	fingerprint_init(&fp);
	fingerprint_string(&fp, CONGBO_VERSION);
	fingerprint_string(&fp, options);
	for (size_t i = 0; i < src->count; i++)
		if (build_is_shared_input(src->files[i].path)) {
			fingerprint_string(&fp, src->files[i].path);
			fingerprint_string(&fp, src->files[i].id);
		}
	fingerprint_hex(&fp, body_base);
	fingerprint_init(&fp);
	fingerprint_string(&fp, body_base);
	if (site->view_shared)
		fingerprint_shared(&fp, site->view_shared);
	fingerprint_hex(&fp, base);
}

/* True when a walk that only stats the portal finds every file as the
 * cache knows it (and the outputs intact): then nothing need be read. */
static bool build_nothing_changed(const struct build_options *opts,
				  struct cache *cache, const char *head)
{
	struct source seen = {0};
	struct diag_list quiet;   /* the real load reports them, if it runs */
	struct source_known known = cache_source_known(cache);
	diag_list_init(&quiet);
	bool same = source_stat_dir(&seen, opts->source_dir ? opts->source_dir
							     : ".",
				    &known, &quiet) == 0 &&
		    cache_all_fresh(cache, &seen, head, opts->now);
	source_dispose(&seen);
	diag_list_dispose(&quiet);
	return same;
}

static const char *build_cache_record(void *ctx, const char *blob_id)
{
	return cache_record(ctx, blob_id);
}

/* Front matter records of every page read, for the next build. */
static void build_note_records(struct cache *cache, struct page *const *pages,
			       size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (pages[i]->record)
			cache_note_record(cache, pages[i]->src->id,
					  pages[i]->record);
}

/* After a committed build: what the next one needs to trust. */
static void build_save_cache(struct cache *cache, const struct source *src,
			     const struct site *site, const char *head,
			     bool warned)
{
	if (warned)
		cache_note_warned(cache);
	if (*head)
		cache_note_head(cache, head);
	for (size_t i = 0; i < src->count; i++)
		cache_note_source(cache, &src->files[i]);
	if (site->future_horizon != LLONG_MAX)
		cache_note_horizon(cache, site->future_horizon);
	build_note_records(cache, site->posts, site->post_count);
	build_note_records(cache, site->pages, site->page_count);
	cache_save(cache);
}

/* The one walk of the git history a build makes, done when first needed:
 * by articles sharing a URL (recurring.h) while the site loads, or for the
 * pages' dates after it. */
struct build_history {
	const struct build_options *opts;
	const struct source *src;
	struct history hist;
	struct diag_list *diags;
	bool git;            /* libgit2 is started: the source is in git */
	bool walked;
};

/* The history of the commit built, or for a folder inside a working tree
 * that of HEAD; NULL with --no-history or outside git.  Problems are only
 * warnings: the pages go without dates. */
static const struct history *build_history_get(void *ctx)
{
	struct build_history *bh = ctx;
	const struct build_options *opts = bh->opts;
	if (!bh->git || opts->no_history)
		return NULL;
	if (!bh->walked) {
		bh->walked = true;
		if (opts->rev)
			history_load_commit(&bh->hist, opts->repo ? opts->repo
								  : ".",
					    bh->src->commit, bh->diags);
		else
			history_load_worktree(&bh->hist, opts->source_dir
					      ? opts->source_dir : ".",
					      bh->diags);
	}
	return &bh->hist;
}

/* Gives each page its git history (a page with uncommitted changes has
 * none). */
static void build_load_history(struct build_history *bh, struct site *site)
{
	const struct history *hist = build_history_get(bh);
	if (!hist)
		return;
	for (size_t i = 0; i < site->post_count; i++)
		site->posts[i]->history = history_find(hist,
			site->posts[i]->src->path, site->posts[i]->src->id);
	for (size_t i = 0; i < site->page_count; i++)
		site->pages[i]->history = history_find(hist,
			site->pages[i]->src->path, site->pages[i]->src->id);
}

/* The images stage: the catalog of photos, and each page's own. */
static void build_load_images(struct images *images, const struct source *src,
			      struct site *site, struct diag_list *diags)
{
	images_load(images, src, site->assets, site->asset_count, diags);
	site->images = images;
	for (size_t k = 0; k < 2; k++) {
		struct page **pages = k ? site->pages : site->posts;
		size_t count = k ? site->page_count : site->post_count;
		for (size_t i = 0; i < count; i++) {
			struct page *p = pages[i];
			p->image_entry = images_find(images, p->image);
			p->images_key = images_page_key(images, p->image,
							p->body, p->body_len);
		}
	}
}

/* The theme, held to the table of templates congbo renders
 * (theme_contract.h): a missing one is one error, before any page. */
static void build_load_theme(struct theme *theme, const struct source *src,
			     const struct site *site, struct diag_list *diags)
{
	const char *name = site->config.theme ? site->config.theme : "default";
	if (theme_load(theme, src, name, diags) < 0 && !theme->templates)
		return;
	struct buf dir;
	buf_init(&dir);
	buf_printf(&dir, "themes/%s/templates/", name);
	theme_contract_check(theme->templates, dir.data,
			     site->dataset_count > 0, diags);
	buf_dispose(&dir);
}

static void build_set_phase(const struct build_options *opts,
			    enum build_phase phase)
{
	if (opts->progress)
		opts->progress->phase = phase;
}

/* Where resized photos are kept between builds: the caller's folder, or
 * beside the output ("site" → ".site.photos", as .site.cache); none
 * without the cache.  The caller frees it. */
static char *build_photo_store(const struct build_options *opts)
{
	if (opts->no_cache)
		return NULL;
	if (opts->photo_store)
		return xstrdup(opts->photo_store);
	const char *out = build_out_dir(opts);
	size_t n = strlen(out);
	while (n > 1 && out[n - 1] == '/')
		n--;
	const char *slash = memrchr(out, '/', n);
	size_t dir = slash ? (size_t)(slash - out) + 1 : 0;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%.*s.%.*s.photos", (int)dir, out, (int)(n - dir),
		   out + dir);
	return buf_detach(&b);
}

/* Renders and commits the output.  The bodies *review left to the render
 * are checked on the way, and *review finished (NULL) before the output is
 * committed: their errors keep the site as it was. */
static int build_write(const struct build_options *opts,
		       const struct source *src, const struct site *site,
		       const struct theme *theme, struct cache *cache,
		       struct review **review,
		       const char *head, struct diag_list *diags,
		       struct build_report *report)
{
	double t = build_clock();
	build_set_phase(opts, BUILD_RENDERING);
	struct output out;
	char base[FINGERPRINT_HEX_SIZE], body_base[FINGERPRINT_HEX_SIZE];
	/* with a cache that knows the output, most files stay as they are:
	 * update the folder in place rather than relink a whole new tree */
	bool in_place = cache && cache->outputs.count > 0;
	const char **previous = NULL;
	if ((in_place ? output_begin_in_place(&out, build_out_dir(opts), diags)
		      : output_begin(&out, build_out_dir(opts), diags)) < 0)
		return -1;
	if (out.in_place) {
		previous = cache_output_paths(cache, &out.previous_count);
		out.previous = previous;
	}
	build_base_fingerprints(src, site, cache ? cache->options : "", base,
				body_base);
	char *store = build_photo_store(opts);
	int rc = render_site(site, theme, &out, cache, base, body_base,
			     build_jobs(opts->jobs), diags, store,
			     &report->search, *review);
	free(store);
	review_finish(*review);
	*review = NULL;
	report->render_seconds = build_clock() - t;
	t = build_clock();
	build_set_phase(opts, BUILD_WRITING);
	if (rc == 0 && diags->errors == 0)
		rc = output_commit(&out);
	else
		output_abort(&out);
	report->write_seconds = build_clock() - t;
	if (rc == 0 && diags->errors == 0 && cache)
		build_save_cache(cache, src, site, head,
				 diags->count > diags->errors);
	free(previous);
	report->files_written = out.files_written;
	report->files_kept = out.files_kept;
	output_dispose(&out);
	return rc;
}

/* What loading fills in, owned by build_run. */
struct build_model_parts {
	struct site *site;
	struct theme *theme;
	struct images *images;
	struct build_history *history;
	struct review *review;   /* bodies left to the render, or NULL */
};

/* Loading, in one place: the model (site_load, with the score datasets),
 * the theme, the checks on what was loaded (the editor's, the published
 * addresses'), the photos, the views' shared part and, for a build that
 * goes on to render, the git history.  The model is complete when this
 * returns, and from then on only read: hence the const. */
static const struct site *build_load_model(struct build_model_parts *parts,
					   const struct source *src,
					   const struct site_options *so,
					   struct cache *cache,
					   struct diag_list *diags)
{
	const struct build_options *opts = parts->history->opts;
	struct site *site = parts->site;
	site_load(site, src, so, diags);
	build_load_theme(parts->theme, src, site, diags);
	if (opts->check_only)
		review_site(site, parts->theme, cache, diags);
	else   /* the render parses the new bodies anyway */
		parts->review = review_site_later(site, parts->theme, cache,
						  diags);
	build_load_images(parts->images, src, site, diags);
	view_prepare(site);
	if (opts->published && opts->rev)
		permalink_check(site, opts->repo ? opts->repo : ".",
				opts->published, diags);
	else if (opts->check_only && !opts->rev && parts->history->git)
		permalink_check_worktree(site, opts->source_dir
					 ? opts->source_dir : ".",
					 opts->published, diags);
	if (diags->errors == 0 && !opts->check_only)
		build_load_history(parts->history, site);
	return site;
}

/* Makes sure the output folder is ours to replace, then holds its lock
 * and clears up after a build that was killed.  Sets report->busy when
 * no_wait and another build holds it. */
static int build_take_output(const struct build_options *opts,
			     struct outdir_lock *lock, struct diag_list *diags,
			     struct build_report *report)
{
	const char *out = build_out_dir(opts);
	if (!opts->own_out && outdir_check(out, opts->rev ? NULL : opts->source_dir ?
			 opts->source_dir : ".", opts->rev ? opts->repo ?
			 opts->repo : "." : NULL, opts->force, diags) < 0)
		return -1;
	int rc = outdir_lock(lock, out, opts->no_wait, diags);
	report->busy = rc == OUTDIR_BUSY;
	if (rc != 0)
		return -1;
	outdir_recover(out, diags);
	return 0;
}

int build_run(const struct build_options *opts, struct diag_list *diags,
	      struct build_report *report)
{
	double start = build_clock();
	struct source src = {0};
	struct site site;
	struct theme theme;
	struct build_history bh = {.opts = opts, .src = &src, .diags = diags};
	struct images images = {0};
	struct cache cache;
	bool use_cache = !opts->check_only && !opts->no_cache;
	bool cache_opened = false;
	/* libgit2 starts once here, only when the build reads git */
	struct diag_list ignored;
	diag_list_init(&ignored);
	bool git = bh.git = (opts->rev || gitlib_in_repository(opts->source_dir
						       ? opts->source_dir : "."))
		   && gitlib_init(&ignored) == 0;
	history_init(&bh.hist);
	/* the walk is cached in the repository's git folder (history.h);
	 * a check reads that cache but leaves it as it is */
	bh.hist.cache_read = !opts->no_cache;
	bh.hist.cache_write = !opts->no_cache && !opts->check_only;
	memset(report, 0, sizeof *report);
	report->next_due = LLONG_MAX;
	memset(&site, 0, sizeof site);
	memset(&theme, 0, sizeof theme);
	arena_init(&site.arena);
	struct outdir_lock lock = {-1};
	if (!opts->check_only && build_take_output(opts, &lock, diags,
						   report) < 0) {
		use_cache = false;   /* nothing opened yet */
		goto out;
	}
	if (use_cache) {
		char options[FINGERPRINT_HEX_SIZE];
		build_options_fingerprint(opts, options);
		cache_open(&cache, build_out_dir(opts), options);
		cache_opened = true;
	}
	/* pages show dates from HEAD's history: a commit changes them */
	char head[41] = "";
	if (use_cache && git && !opts->rev && !opts->no_history)
		gitlib_head_id(opts->source_dir ? opts->source_dir : ".", head);
	if (use_cache && !opts->rev &&
	    build_nothing_changed(opts, &cache, head)) {
		report->unchanged = true;   /* the output is what we would make */
		report->files_kept = cache.outputs.count;
		goto out;
	}
	if (use_cache)
		cache_load_texts(&cache);
	if (build_load_source(opts, use_cache ? &cache : NULL, &src,
			      diags) < 0)
		goto out;
	snprintf(report->source_label, sizeof report->source_label, "%s",
		 src.label ? src.label : "");
	struct content_records records = {build_cache_record, &cache};
	struct site_options so = {
		.drafts = opts->drafts, .future = opts->future, .now = opts->now,
		.preview = opts->drafts || opts->preview,
		.records = use_cache ? &records : NULL,
		.get_history = build_history_get, .history_ctx = &bh,
		.note_recurring = opts->check_only,
	};
	site_dispose(&site);
	struct build_model_parts parts = {&site, &theme, &images, &bh, NULL};
	const struct site *model = build_load_model(&parts, &src, &so,
					use_cache ? &cache : NULL, diags);
	report->posts = model->post_count;
	report->pages = model->page_count;
	report->skipped_drafts = model->skipped_drafts;
	report->skipped_future = model->skipped_future;
	report->next_due = model->future_horizon;
	report->load_seconds = build_clock() - start;
	if (opts->progress)
		opts->progress->pages = model->post_count + model->page_count;
	if (diags->errors == 0 && !opts->check_only)
		build_write(opts, &src, model, &theme,
			    use_cache ? &cache : NULL, &parts.review, head,
			    diags, report);
	review_finish(parts.review);   /* when the render did not run */
out:
	outdir_unlock(&lock);
	if (git)
		gitlib_shutdown();
	diag_list_dispose(&ignored);
	if (cache_opened)   /* not when the output folder was refused */
		cache_dispose(&cache);
	history_dispose(&bh.hist);
	if (theme.templates)
		theme_dispose(&theme);
	site_dispose(&site);
	images_dispose(&images);
	source_dispose(&src);
	report->seconds = build_clock() - start;
	return diags->errors ? -1 : 0;
}

/* results: the score datasets of a site (content/scores/NAME.yaml) and the
 * ket-qua shortcode that embeds them in articles.
 *
 * The glue between the score model (scores.h) and the site (site.h):
 * every content/scores/NAME.yaml is read with yaml_load and scores_load,
 * each dataset is linked with the year before it of the same series (for
 * the change against last year), and the site keeps them newest first in
 * site->datasets.  Then every article and page is searched for shortcode
 * lines, which are checked against those datasets, so `congbo check`
 * reports a bad shortcode as well as a bad score, in the same run:
 *
 *     {{< ket-qua cchc-2021 nhom=xa top=5 >}}
 *
 * Everything lives in the site's arena. */
#ifndef CONGBO_RESULTS_H
#define CONGBO_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model.h"
#include "scores.h"
#include "shortcode.h"
#include "source.h"

#define RESULTS_DIR "content/scores/"
/* The URL of the results under the site root. */
#define RESULTS_URL "ket-qua/"
/* ket-qua top=N: the default N, and the largest one accepted. */
#define RESULTS_EMBED_TOP 10
#define RESULTS_EMBED_MAX_TOP 1000
#define RESULTS_EMBED_MAX_TOP_TEXT "1000"

/* Loads every score file of src into site->datasets (newest first, then
 * by id), links each with its previous year, and checks the shortcodes
 * of site->posts and site->pages (call it once they are loaded).  Errors
 * go into diags, all of them in one run.  A draft dataset (trang_thai:
 * du_thao, or no quyet_dinh) is loaded only when preview is set; its
 * problems are warnings that say it is a draft, so a half-typed file
 * stops nothing.  Returns 0, or -1 with errors. */
struct history;

struct results_options {
	bool preview;             /* load draft datasets too */
	/* the git history, for corrections and unrecorded changes, asked
	 * for only when a published dataset is loaded; may return NULL */
	const struct history *(*get_history)(void *ctx);
	void *history_ctx;
};

int results_load(struct site *site, const struct source *src,
		 const struct results_options *opts, struct diag_list *diags);

/* Fills the versions of d, a dataset with corrections, from h (the
 * build's git history, or NULL when it reads none: a warning says what
 * cannot be shown).  results_versions.c. */
void results_versions(struct site *site, struct scores_dataset *d,
		      const struct history *h, struct diag_list *diags);

/* Warns when the figures of published d differ from those its latest
 * decision published (the first commit with as many corrections) while
 * dinh_chinh records no new correction: a silent rewrite. */
void results_check_unrecorded(struct site *site,
			      const struct scores_dataset *d,
			      const struct history *h, struct diag_list *diags);

/* The dataset called id, or NULL. */
const struct scores_dataset *results_find(const struct site *site,
					  const char *id);

/* What a ket-qua shortcode asks for, once checked. */
struct results_embed {
	const struct scores_dataset *dataset;
	size_t group;           /* index into dataset->groups */
	size_t top;             /* rows to show, 1..RESULTS_EMBED_MAX_TOP */
};

/* Reads the arguments of sc (a shortcode called "ket-qua") into *out.
 * Returns 0, or -1 when they are wrong; then, when diags is not NULL, one
 * error per problem at file:line:col of the offending argument (line and
 * column in the file: sc's line plus line_offset). */
int results_embed_read(const struct site *site, const struct shortcode *sc,
		       const char *file, unsigned line_offset,
		       struct diag_list *diags, struct results_embed *out);

#endif

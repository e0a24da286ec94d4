/* results_versions: the published versions of a corrected dataset, read
 * from the git history of its file (see results.h).
 *
 * The file in the source is the corrected, current figures.  Version k
 * (1-based) is the file as of the first commit that holds it published
 * with k - 1 corrections (dinh_chinh entries): the figures as the k-th
 * decision published them, before anyone could amend them quietly.  A
 * build that reads no history has only the current version, and says
 * what it cannot show. */
#include "results.h"

#include <string.h>

#include "history.h"
#include "yaml.h"

/* The decisions of d's versions, without their figures yet. */
static void results_versions_init(struct site *site, struct scores_dataset *d)
{
	size_t n = d->ncorrections;
	d->nversions = n + 1;
	d->versions = arena_array(&site->arena, n + 1, sizeof *d->versions);
	d->versions[0] = (struct scores_version){NULL, d->decision.number,
		d->decision.date, d->decision.file, NULL};
	for (size_t k = 1; k <= n; k++) {
		const struct scores_correction *c = &d->corrections[k - 1];
		d->versions[k] = (struct scores_version){NULL, c->number,
			c->date, c->file, c->reason};
	}
	d->versions[n].data = d;
}

/* How many corrections the bytes of a past version list, or -1 when they
 * are not a published dataset. */
static long results_corrections_in(const struct value *root)
{
	if (!root || root->kind != VALUE_MAP || scores_root_is_draft(root))
		return -1;
	const struct value *v = value_map_get(root, "dinh_chinh");
	return v && v->kind == VALUE_LIST ? (long)v->count : 0;
}

/* The figures of the first commit that holds d's file published with k
 * corrections, or NULL. */
static const struct scores_dataset *results_first_with(
	struct site *site, const struct scores_dataset *d,
	const struct history_file *f, size_t k)
{
	struct diag_list ignored;
	diag_list_init(&ignored);
	const struct scores_dataset *found = NULL;
	for (size_t i = f->count; i-- > 0 && !found;) {
		struct value *root = NULL;
		struct scores_dataset *old = NULL;
		if (!f->bytes[i].data || yaml_load(&site->arena, d->file,
			f->bytes[i].data, f->bytes[i].len, 0, &ignored, &root) < 0 ||
		    results_corrections_in(root) != (long)k)
			continue;
		if (scores_load_past(&site->arena, root, d->file, &ignored, &old) == 0)
			found = old;
	}
	diag_list_dispose(&ignored);
	return found;
}

void results_check_unrecorded(struct site *site,
			      const struct scores_dataset *d,
			      const struct history *h, struct diag_list *diags)
{
	const struct history_file *f = h ? history_find_path(h, d->file) : NULL;
	if (!f || d->status != SCORES_PUBLISHED)
		return;
	size_t n = d->ncorrections;
	const struct scores_dataset *then = results_first_with(site, d, f, n);
	if (!then || scores_revisions(then, d, NULL, 0) == 0)
		return;
	const char *by = n ? d->corrections[n - 1].number : d->decision.number;
	diag_warning(diags, d->file, 0, 0, "the figures differ from those "
		     "published by %s (as first committed) and dinh_chinh "
		     "records no correction for the change: add the correcting "
		     "decision to dinh_chinh, so that the published figures stay "
		     "available", by ? by : "its decision");
}

/* Reads the versions of d from the history of its file, oldest first. */
static void results_versions_read(struct site *site, struct scores_dataset *d,
				  const struct history_file *f)
{
	struct diag_list ignored;   /* a past version that does not load is
				       simply not that version */
	diag_list_init(&ignored);
	for (size_t i = f->count; i-- > 0;) {
		const struct history_bytes *b = &f->bytes[i];
		struct value *root = NULL;
		struct scores_dataset *old = NULL;
		if (!b->data || yaml_load(&site->arena, d->file, b->data, b->len,
					  0, &ignored, &root) < 0)
			continue;
		long k = results_corrections_in(root);
		if (k < 0 || (size_t)k >= d->ncorrections || d->versions[k].data)
			continue;
		if (scores_load_past(&site->arena, root, d->file, &ignored, &old) < 0)
			continue;
		/* compared with the year before as the current figures are */
		scores_link_previous(old, d->prev);
		d->versions[k].data = old;
	}
	diag_list_dispose(&ignored);
}

void results_versions(struct site *site, struct scores_dataset *d,
		      const struct history *h, struct diag_list *diags)
{
	if (!d->ncorrections)
		return;
	results_versions_init(site, d);
	d->versions_read = h != NULL;
	if (!h) {
		diag_warning(diags, d->file, 0, 0, "this build reads no git "
			     "history (--no-history, or the portal is not in a "
			     "git repository), so the figures before the %zu "
			     "correction%s (dinh_chinh) cannot be shown; the "
			     "results page says so: build in the repository to "
			     "show them", d->ncorrections,
			     d->ncorrections > 1 ? "s" : "");
		return;
	}
	const struct history_file *f = history_find_path(h, d->file);
	if (f)
		results_versions_read(site, d, f);
	for (size_t k = 0; k < d->ncorrections; k++)
		if (!d->versions[k].data)
			diag_warning(diags, d->file, 0, 0, "version %zu of %s (as "
				     "published by %s) is not in the git history "
				     "of this file: commit the file as each "
				     "decision published it, then its "
				     "correction", k + 1, d->id,
				     d->versions[k].number ? d->versions[k].number
							   : "its decision");
}

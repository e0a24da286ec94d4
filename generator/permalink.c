/* permalink: addresses kept across publishes (see permalink.h). */
#include "permalink.h"

#include <string.h>

#include <git2.h>

#include "buf.h"
#include "gitlib.h"
#include "render.h"
#include "strmap.h"

/* Reads RENDER_PAGES_LIST of rev in repo into out; 1 when there is one,
 * 0 when there is none (a rev of a branch that does not exist yet:
 * nothing was published). */
static int permalink_read_in(git_repository *repo, const char *rev,
			     struct buf *out)
{
	git_object *obj = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;
	git_blob *blob = NULL;
	int status = 0;
	if (git_revparse_single(&obj, repo, rev) != 0 ||
	    git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT) != 0 ||
	    git_commit_tree(&tree, commit) != 0 ||
	    git_tree_entry_bypath(&entry, tree, RENDER_PAGES_LIST) != 0 ||
	    git_blob_lookup(&blob, repo, git_tree_entry_id(entry)) != 0)
		goto out;
	buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	status = 1;
out:
	git_blob_free(blob);
	git_tree_entry_free(entry);
	git_tree_free(tree);
	git_commit_free(commit);
	git_object_free(obj);
	return status;
}

/* permalink_read_in of the repository at repo_path; -1 when it cannot be
 * opened. */
static int permalink_read(const char *repo_path, const char *rev,
			  struct buf *out, struct diag_list *diags)
{
	git_repository *repo = NULL;
	int status = -1;
	if (gitlib_init(diags) != 0)
		return -1;
	if (gitlib_open(&repo, repo_path, diags) == 0)
		status = permalink_read_in(repo, rev, out);
	git_repository_free(repo);
	gitlib_shutdown();
	return status;
}

/* Every address the new build serves (pages and aliases) into served, and
 * each published page by its source path into by_source. */
static void permalink_index(const struct site *site, struct strmap *served,
			    struct strmap *by_source)
{
	struct page *const *lists[2] = {site->posts, site->pages};
	size_t counts[2] = {site->post_count, site->page_count};
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; i < counts[l]; i++) {
			const struct page *p = lists[l][i];
			strmap_put(served, p->url, (void *)p);
			for (size_t j = 0; j < p->alias_count; j++)
				strmap_put(served, p->aliases[j], (void *)p);
			strmap_put(by_source, p->src->path, (void *)p);
		}
}

/* One line "/URL<TAB>SOURCE" of the published list: an error, or a
 * warning when warn. */
static void permalink_line(const char *line, size_t len, const char *rev,
			   const struct strmap *served,
			   const struct strmap *by_source, bool warn,
			   struct diag_list *diags)
{
	const char *tab = memchr(line, '\t', len);
	if (!tab || line[0] != '/')
		return;
	const char *url = line + 1, *path = tab + 1;
	size_t url_len = (size_t)(tab - url), path_len = len - (size_t)(path - line);
	if (strmap_getn(served, url, url_len))
		return;
	const struct page *now = strmap_getn(by_source, path, path_len);
	if (!now)
		return;   /* deleted, a draft, in the future: on purpose */
	(warn ? diag_warning : diag_error)(diags, now->src->path, 0, 0,
		"its address /%.*s (published on %s) would disappear: it is "
		"now /%s; add \"aliases: [/%.*s]\" to its front matter to keep "
		"it", (int)url_len, url, rev, now->url, (int)url_len, url);
}

/* Compares site with the published list (of rev). */
static void permalink_compare(const struct site *site, const struct buf *list,
			      const char *rev, bool warn,
			      struct diag_list *diags)
{
	struct strmap served, by_source;
	strmap_init(&served);
	strmap_init(&by_source);
	permalink_index(site, &served, &by_source);
	for (const char *s = list->data, *end = s + list->len; s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		permalink_line(s, len, rev, &served, &by_source, warn, diags);
		s += len + 1;
	}
	strmap_dispose(&served);
	strmap_dispose(&by_source);
}

int permalink_check(const struct site *site, const char *repo,
		    const char *rev, struct diag_list *diags)
{
	struct buf list;
	size_t errors = diags->errors;
	buf_init(&list);
	int found = permalink_read(repo, rev, &list, diags);
	if (found > 0)
		permalink_compare(site, &list, rev, false, diags);
	buf_dispose(&list);
	return found < 0 || diags->errors > errors ? -1 : 0;
}

int permalink_check_worktree(const struct site *site, const char *source_dir,
			     const char *branch, struct diag_list *diags)
{
	const char *guesses[] = {PERMALINK_BRANCH, "origin/" PERMALINK_BRANCH};
	git_repository *repo = NULL;
	struct buf list;
	size_t errors = diags->errors;
	buf_init(&list);
	if (gitlib_init(diags) != 0)
		return -1;
	if (git_repository_open_ext(&repo, source_dir, 0, NULL) == 0) {
		for (size_t i = 0; i < (branch ? 1 : 2); i++) {
			const char *rev = branch ? branch : guesses[i];
			if (permalink_read_in(repo, rev, &list) > 0) {
				permalink_compare(site, &list, rev, !branch,
						  diags);
				break;
			}
		}
	}
	git_repository_free(repo);
	gitlib_shutdown();
	buf_dispose(&list);
	return diags->errors > errors ? -1 : 0;
}

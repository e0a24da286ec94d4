/* source_git: the tree of a git commit as a source (see source.h).
 *
 * Objects are read straight from the object database, so this works in a
 * bare repository and inside a hook, and never looks at a working tree or
 * an index.  The walk mirrors source_dir.c entry for entry (same skipped
 * names, same warnings, same depth limit) so that both give the same list
 * for the same files. */
#include "source.h"

#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "gitlib.h"
#include "mem.h"
#include "source_walk.h"

struct tree_walk {
	struct source_walk *w;
	git_repository *repo;
	git_odb *odb;
};

static void tree_walk(struct tree_walk *t, const git_tree *tree, int depth);

/* The size comes from the object header first, so that an oversized blob
 * is refused without inflating it. */
static void tree_read_blob(struct tree_walk *t, const git_oid *id)
{
	git_blob *blob = NULL;
	size_t size;
	git_object_t type;
	if (git_odb_read_header(&size, &type, t->odb, id) != 0) {
		source_walk_error(t->w, "cannot read: %s", gitlib_message());
		goto out;
	}
	if (source_walk_check_size(t->w, size))
		goto out;
	if (git_blob_lookup(&blob, t->repo, id) != 0) {
		source_walk_error(t->w, "cannot read: %s", gitlib_message());
		goto out;
	}
	size = (size_t)git_blob_rawsize(blob);
	char *data = xmalloc(size + 1);
	memcpy(data, git_blob_rawcontent(blob), size);
	source_walk_add(t->w, data, size, id);
out:
	git_blob_free(blob);
}

static void tree_open_folder(struct tree_walk *t, const git_oid *id,
			     int depth)
{
	git_tree *sub = NULL;
	if (depth > SOURCE_MAX_DEPTH) {
		source_walk_error(t->w, SOURCE_MSG_TOO_DEEP, SOURCE_MAX_DEPTH);
		return;
	}
	if (git_tree_lookup(&sub, t->repo, id) != 0) {
		source_walk_error(t->w, "cannot read the folder: %s",
				  gitlib_message());
		return;
	}
	tree_walk(t, sub, depth);
	git_tree_free(sub);
}

static void tree_visit(struct tree_walk *t, const git_tree_entry *e,
		       int depth)
{
	const git_oid *id = git_tree_entry_id(e);
	switch (git_tree_entry_filemode(e)) {
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		tree_read_blob(t, id);
		break;
	case GIT_FILEMODE_TREE:
		tree_open_folder(t, id, depth + 1);
		break;
	case GIT_FILEMODE_LINK:
		source_walk_warning(t->w, SOURCE_MSG_SYMLINK);
		break;
	case GIT_FILEMODE_COMMIT:
		source_walk_warning(t->w, "submodule skipped: its files are "
				    "not part of this commit");
		break;
	default:
		source_walk_warning(t->w, "not a regular file, skipped");
		break;
	}
}

/* Visits every entry of tree, at depth (content/ being 1). */
static void tree_walk(struct tree_walk *t, const git_tree *tree, int depth)
{
	size_t count = git_tree_entrycount(tree);
	for (size_t i = 0; i < count; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);
		if (source_name_skipped(name))
			continue;
		size_t mark = source_walk_push(t->w, name);
		tree_visit(t, e, depth);
		source_walk_pop(t->w, mark);
	}
}

/* Walks name in the commit's root tree if it is a folder; returns whether
 * it was one. */
static int tree_walk_top(struct tree_walk *t, const git_tree *root,
			 const char *name)
{
	const git_tree_entry *e = git_tree_entry_byname(root, name);
	int found = 0;
	size_t mark = source_walk_push(t->w, name);
	if (e && git_tree_entry_filemode(e) == GIT_FILEMODE_LINK) {
		source_walk_warning(t->w, SOURCE_MSG_SYMLINK);
	} else if (e && git_tree_entry_filemode(e) == GIT_FILEMODE_TREE) {
		found = 1;
		tree_open_folder(t, git_tree_entry_id(e), 1);
	}
	source_walk_pop(t->w, mark);
	return found;
}

/* Resolves rev in repo to a commit (peeling tags), or reports why not. */
static int commit_resolve(git_commit **out, git_repository *repo,
			   const char *repo_path, const char *rev,
			   struct diag_list *diags)
{
	git_object *obj = NULL;
	int status = -1;
	*out = NULL;
	if (git_revparse_single(&obj, repo, rev) != 0) {
		diag_error(diags, NULL, 0, 0, "revision \"%s\" not found in "
			   "%s: %s", rev, repo_path, gitlib_message());
		goto out;
	}
	if (git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT) != 0) {
		diag_error(diags, NULL, 0, 0, "revision \"%s\" in %s is not a "
			   "commit: %s", rev, repo_path, gitlib_message());
		goto out;
	}
	status = 0;
out:
	git_object_free(obj);
	return status;
}

/* Walks the portal folders of commit into w. */
static int commit_walk(struct source_walk *w, git_repository *repo,
			   const git_commit *commit, const char *repo_path,
			   const char *short_id)
{
	struct tree_walk t = { .w = w, .repo = repo, .odb = NULL };
	git_tree *root = NULL;
	int status = -1;
	if (git_repository_odb(&t.odb, repo) != 0 ||
	    git_commit_tree(&root, commit) != 0) {
		diag_error(w->diags, NULL, 0, 0, "cannot read commit %s of %s: "
			   "%s", short_id, repo_path, gitlib_message());
		goto out;
	}
	for (int i = 0; i < SOURCE_TOP_COUNT; i++) {
		if (!tree_walk_top(&t, root, source_top_folders[i]) && i == 0) {
			diag_error(w->diags, NULL, 0, 0, "no content/ folder in "
				   "commit %s of %s: a portal folder holds "
				   "content/ and themes/", short_id, repo_path);
			goto out;
		}
	}
	status = 0;
out:
	git_tree_free(root);
	git_odb_free(t.odb);
	return status;
}

int source_load_git(struct source *src, const char *repo_path,
		    const char *rev, struct diag_list *diags)
{
	struct source_walk w;
	git_repository *repo = NULL;
	git_commit *commit = NULL;
	char commit_id[GIT_OID_HEXSZ + 1], label[32];
	int started = 0, status = -1;
	memset(src, 0, sizeof *src);
	source_walk_init(&w, diags);
	if (gitlib_init(diags) != 0)
		goto out;
	started = 1;
	if (gitlib_open(&repo, repo_path, diags) != 0)
		goto out;
	if (commit_resolve(&commit, repo, repo_path, rev, diags) != 0)
		goto out;
	git_oid_tostr(commit_id, sizeof commit_id, git_commit_id(commit));
	snprintf(label, sizeof label, "commit %.7s", commit_id);
	if (commit_walk(&w, repo, commit, repo_path, label + 7) != 0)
		w.failed = 1;
	status = source_walk_finish(&w, src, label, commit_id);
out:
	git_commit_free(commit);
	git_repository_free(repo);
	if (started)
		gitlib_shutdown();
	source_walk_dispose(&w);
	return status;
}

/* publish_tree: a build folder written into a repository as a git tree.
 *
 * From one publish to the next most files of a site stay as they were,
 * yet every one of them is in the tree.  So, as git's index does, the
 * blob id of each file is kept in a cache file with the size, inode,
 * modification and change times the file had: a file found as recorded
 * is neither read nor hashed again, and a folder whose files are all as
 * recorded keeps the tree id it had.  The cache is records.h's format,
 * written atomically; a missing or damaged one only means every file is
 * hashed.
 *
 *     git_oid tree;
 *     struct publish_tree_stats st;
 *     publish_tree_write(repo, "portal.git", "…/site", "…/tree-cache",
 *                        &tree, &st, &diags);
 */
#ifndef CONGBO_PUBLISH_TREE_H
#define CONGBO_PUBLISH_TREE_H

#include <stddef.h>

#include <git2.h>

#include "diag.h"

struct publish_tree_stats {
	size_t files;      /* files in the tree */
	size_t hashed;     /* of those, read and hashed (new or changed) */
	size_t folders;    /* folders in the tree */
	size_t kept;       /* of those, whose tree id came from the cache */
};

/* Writes the folder dir (all but congbo's marker file, outdir.h) as a
 * tree of repo, its id in *out, using and then updating the cache file
 * cache (NULL: none).  label names the repository in messages.  Returns
 * 0, or -1 with an error in diags. */
int publish_tree_write(git_repository *repo, const char *label,
		       const char *dir, const char *cache, git_oid *out,
		       struct publish_tree_stats *stats,
		       struct diag_list *diags);

#endif

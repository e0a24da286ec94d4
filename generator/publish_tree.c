/* publish_tree: a build folder as a git tree, hashing only what changed
 * (see publish_tree.h).
 *
 * The cache file, after records.h's magic line:
 *     u8 'f', str path, u64 size, u64 inode, u64 mtime_ns, u64 ctime_ns,
 *        20 bytes blob id                        (a file)
 *     u8 'd', str path, u32 entries, 20 bytes tree id   (a folder)
 * paths relative to the folder written ("" for itself), until the seal. */
#include "publish_tree.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cache.h"
#include "gitlib.h"
#include "mem.h"
#include "outdir.h"
#include "records.h"
#include "strmap.h"

#define TREE_CACHE_MAGIC "congbo-tree 1\n"

/* What the last publish wrote of a file or a folder. */
struct tree_known {
	unsigned long long size, inode;
	long long mtime_ns, ctime_ns;
	size_t entries;          /* a folder's */
	git_oid id;
};

struct tree_state {
	git_repository *repo;
	git_odb *odb;
	const char *label;
	struct diag_list *diags;
	struct publish_tree_stats *stats;
	struct arena arena;      /* the entries of known */
	struct strmap files, folders;   /* relative path → struct tree_known */
	struct buf next;         /* the cache for the next publish */
	size_t root;             /* length of the folder's own path */
};

/* One entry of a folder being written. */
struct tree_item {
	char *name;
	git_oid id;
	git_filemode_t mode;
};

static long long tree_ns(struct timespec t)
{
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int tree_git_error(struct tree_state *t, const char *what)
{
	diag_error(t->diags, NULL, 0, 0, "%s in %s: %s", what, t->label,
		   gitlib_message());
	return -1;
}

/* ---- the cache ---- */

static void tree_read_cache(struct tree_state *t, const char *path)
{
	const char *why = NULL;
	size_t len = 0;
	struct records_reader r;
	char *data = path ? cache_read_file(path, &len, &why) : NULL;
	if (!data || !records_open(&r, data, len, TREE_CACHE_MAGIC)) {
		free(data);
		return;
	}
	while (!r.bad && r.p < r.end) {
		struct tree_known *k = arena_alloc(&t->arena, sizeof *k);
		int kind = (int)records_get_number(&r, 1);
		const char *name = records_get_string(&r, &t->arena, NULL);
		if (kind == 'f') {
			k->size = records_get_number(&r, 8);
			k->inode = records_get_number(&r, 8);
			k->mtime_ns = (long long)records_get_number(&r, 8);
			k->ctime_ns = (long long)records_get_number(&r, 8);
		} else {
			k->entries = (size_t)records_get_number(&r, 4);
			r.bad |= kind != 'd';
		}
		const void *id = records_get_bytes(&r, GIT_OID_RAWSZ);
		if (r.bad)
			break;
		git_oid_fromraw(&k->id, id);
		strmap_put(kind == 'f' ? &t->files : &t->folders, name, k);
	}
	if (r.bad) {   /* all or nothing */
		strmap_dispose(&t->files);
		strmap_dispose(&t->folders);
		strmap_init(&t->files);
		strmap_init(&t->folders);
	}
	free(data);
}

static void tree_note_file(struct tree_state *t, const char *rel,
			   const struct stat *st, const git_oid *id)
{
	records_put_number(&t->next, 'f', 1);
	records_put_string(&t->next, rel, strlen(rel));
	records_put_number(&t->next, (uint64_t)st->st_size, 8);
	records_put_number(&t->next, (uint64_t)st->st_ino, 8);
	records_put_number(&t->next, (uint64_t)tree_ns(st->st_mtim), 8);
	records_put_number(&t->next, (uint64_t)tree_ns(st->st_ctim), 8);
	buf_put(&t->next, id->id, GIT_OID_RAWSZ);
}

static void tree_note_folder(struct tree_state *t, const char *rel,
			     size_t entries, const git_oid *id)
{
	records_put_number(&t->next, 'd', 1);
	records_put_string(&t->next, rel, strlen(rel));
	records_put_number(&t->next, entries, 4);
	buf_put(&t->next, id->id, GIT_OID_RAWSZ);
}

/* ---- the tree ---- */

/* The blob id of the file at path, read whole and handed to libgit2 as a
 * buffer: it hashes it first and writes only a blob it does not have
 * (git_blob_create_from_disk streams every file through a temporary
 * object file). */
static int tree_hash_file(struct tree_state *t, const char *path,
			  git_oid *id)
{
	struct buf data;
	char chunk[65536];
	size_t n;
	int status = -1;
	FILE *f = fopen(path, "rb");
	buf_init(&data);
	if (!f) {
		diag_error(t->diags, NULL, 0, 0, "cannot read the build %s: "
			   "%s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&data, chunk, n);
	if (ferror(f))
		diag_error(t->diags, NULL, 0, 0, "cannot read the build %s: "
			   "%s", path, strerror(errno));
	else if (git_blob_create_from_buffer(id, t->repo, data.data,
					     data.len) != 0)
		tree_git_error(t, "cannot write the site");
	else
		status = 0;
	fclose(f);
	buf_dispose(&data);
	return status;
}

/* The blob id of the file at path: the cached one when the file is as
 * recorded and the blob still in the repository, else hashed.  *same
 * says which. */
static int tree_file(struct tree_state *t, const char *path,
		     const struct stat *st, git_oid *id, bool *same)
{
	const char *rel = path + t->root + 1;
	const struct tree_known *k = strmap_get(&t->files, rel);
	*same = k && k->size == (unsigned long long)st->st_size &&
		k->inode == (unsigned long long)st->st_ino &&
		k->mtime_ns == tree_ns(st->st_mtim) &&
		k->ctime_ns == tree_ns(st->st_ctim) &&
		git_odb_exists(t->odb, &k->id);
	if (*same)
		git_oid_cpy(id, &k->id);
	else if (tree_hash_file(t, path, id) != 0)
		return -1;
	else
		t->stats->hashed++;
	t->stats->files++;
	tree_note_file(t, rel, st, id);
	return 0;
}

static int tree_folder(struct tree_state *t, struct buf *path, git_oid *out,
		       size_t *entries, bool *same);

/* Adds the entry name of the folder at path to items. */
static int tree_entry(struct tree_state *t, struct buf *path,
		      const char *name, struct tree_item **items,
		      size_t *count, bool *same)
{
	struct stat st;
	struct tree_item item = {.mode = GIT_FILEMODE_BLOB};
	size_t entries = 1;
	bool entry_same = false;
	size_t mark = path->len;
	int rc = -1;
	buf_printf(path, "/%s", name);
	if (lstat(path->data, &st) != 0)
		diag_error(t->diags, NULL, 0, 0, "cannot read the build %s: "
			   "%s", path->data, strerror(errno));
	else if (S_ISDIR(st.st_mode)) {
		item.mode = GIT_FILEMODE_TREE;
		rc = tree_folder(t, path, &item.id, &entries, &entry_same);
	} else if (S_ISREG(st.st_mode))
		rc = tree_file(t, path->data, &st, &item.id, &entry_same);
	else
		diag_error(t->diags, NULL, 0, 0, "the build %s is not a "
			   "regular file", path->data);
	buf_truncate(path, mark);
	if (rc != 0)
		return -1;
	if (!entries)
		return 0;   /* an empty folder is left out, as git does */
	*same = *same && entry_same;
	if (*count % 64 == 0)
		*items = xreallocarray(*items, *count + 64, sizeof **items);
	item.name = xstrdup(name);
	(*items)[(*count)++] = item;
	return 0;
}

/* The tree of items, written unless the folder's cached one is the same
 * (*same: every entry as recorded, as many as recorded, and the tree
 * still in the repository; then *same stays true). */
static int tree_make(struct tree_state *t, const char *rel,
		     const struct tree_item *items, size_t count, bool *same,
		     git_oid *out)
{
	const struct tree_known *k = strmap_get(&t->folders, rel);
	git_treebuilder *tb = NULL;
	int status = -1;
	*same = *same && k && k->entries == count &&
		git_odb_exists(t->odb, &k->id);
	if (*same) {
		git_oid_cpy(out, &k->id);
		t->stats->kept++;
		return 0;
	}
	if (git_treebuilder_new(&tb, t->repo, NULL) != 0)
		return tree_git_error(t, "cannot write the site");
	for (size_t i = 0; i < count; i++)
		if (git_treebuilder_insert(NULL, tb, items[i].name, &items[i].id,
					   items[i].mode) != 0)
			goto out;
	if (git_treebuilder_write(out, tb) != 0)
		goto out;
	status = 0;
out:
	if (status)
		tree_git_error(t, "cannot write the site");
	git_treebuilder_free(tb);
	return status;
}

/* Writes the folder at path as a tree: its id in *out, how many entries
 * it has in *entries (an empty folder is left out), and in *same whether
 * its id is the one the cache recorded. */
static int tree_folder(struct tree_state *t, struct buf *path, git_oid *out,
		       size_t *entries, bool *same)
{
	DIR *dir = opendir(path->data);
	struct tree_item *items = NULL;
	struct dirent *e;
	size_t count = 0;
	int status = -1;
	bool top = path->len == t->root;
	*same = true;
	if (!dir) {
		diag_error(t->diags, NULL, 0, 0, "cannot read the build %s: "
			   "%s", path->data, strerror(errno));
		return -1;
	}
	while ((e = readdir(dir))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    (top && strcmp(e->d_name, OUTDIR_MARKER) == 0))
			continue;
		if (tree_entry(t, path, e->d_name, &items, &count, same) != 0)
			goto out;
	}
	*entries = count;
	/* path's bytes may have moved while the entries were added */
	const char *rel = top ? "" : path->data + t->root + 1;
	if (count) {
		if (tree_make(t, rel, items, count, same, out) != 0)
			goto out;
		tree_note_folder(t, rel, count, out);
		t->stats->folders++;
	}
	status = 0;
out:
	for (size_t i = 0; i < count; i++)
		free(items[i].name);
	free(items);
	closedir(dir);
	return status;
}

int publish_tree_write(git_repository *repo, const char *label,
		       const char *dir, const char *cache, git_oid *out,
		       struct publish_tree_stats *stats,
		       struct diag_list *diags)
{
	struct tree_state t = {.repo = repo, .label = label, .diags = diags,
			       .stats = stats, .root = strlen(dir)};
	struct buf path;
	size_t entries = 0;
	bool same = false;
	int status = -1;
	memset(stats, 0, sizeof *stats);
	arena_init(&t.arena);
	strmap_init(&t.files);
	strmap_init(&t.folders);
	buf_init(&t.next);
	buf_init(&path);
	buf_puts(&path, dir);
	if (git_repository_odb(&t.odb, repo) != 0) {
		tree_git_error(&t, "cannot write the site");
		goto out;
	}
	tree_read_cache(&t, cache);
	buf_puts(&t.next, TREE_CACHE_MAGIC);
	if (tree_folder(&t, &path, out, &entries, &same) != 0)
		goto out;
	if (!entries) {   /* an empty site: the empty tree */
		git_treebuilder *tb = NULL;
		if (git_treebuilder_new(&tb, repo, NULL) != 0 ||
		    git_treebuilder_write(out, tb) != 0) {
			git_treebuilder_free(tb);
			tree_git_error(&t, "cannot write the site");
			goto out;
		}
		git_treebuilder_free(tb);
	}
	records_seal(&t.next);
	/* no cache only means hashing every file next time */
	if (cache)
		cache_write_file(cache, t.next.data, t.next.len);
	status = 0;
out:
	git_odb_free(t.odb);
	strmap_dispose(&t.files);
	strmap_dispose(&t.folders);
	arena_dispose(&t.arena);
	buf_dispose(&t.next);
	buf_dispose(&path);
	return status;
}

/* history: one walk of the git history dates every content file (see
 * history.h).
 *
 * The walk is ordered here rather than by git_revwalk: libgit2 1.5's
 * revwalk stops with "object not found" at the edge of a shallow clone,
 * where a parent is named but was never fetched.  The order is git log's
 * --topo-order with dates: a commit comes after all its children (so a
 * rename is seen before the older commits of the old name), and among the
 * commits that are ready, the newest first. */
#include "history.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "gitlib.h"
#include "history_cache.h"
#include "mem.h"
#include "source.h"
#include "strmap.h"
#include "text.h"

#define HISTORY_CONTENT "content"
/* Trees the walk keeps at hand: a commit's old side is, in a linear
 * history, the next commit's new side.  libgit2's own cache keeps only
 * trees under 4 KiB, and a folder of a thousand articles is 40 KiB:
 * without these the walk takes 60% longer. */
#define HISTORY_TREE_CACHE 64

/* ---- a small hash map: byte strings to a size_t, 0 standing for none ---- */

struct map_slot {
	const char *key;   /* NULL: empty slot */
	size_t len;
	size_t value;
};

struct map {
	struct map_slot *slots;
	size_t cap;        /* a power of two, or 0 */
	size_t used;
};

static uint64_t map_hash(const char *key, size_t len)
{
	return strmap_hash(key, len);
}

/* The slot holding key, or the empty slot where it would go. */
static struct map_slot *map_slot(const struct map *m, const char *key,
				 size_t len)
{
	size_t i = (size_t)map_hash(key, len) & (m->cap - 1);
	for (;; i = (i + 1) & (m->cap - 1)) {
		struct map_slot *s = &m->slots[i];
		if (!s->key || (s->len == len && memcmp(s->key, key, len) == 0))
			return s;
	}
}

static size_t map_get(const struct map *m, const char *key, size_t len)
{
	return m->cap ? map_slot(m, key, len)->value : 0;
}

static void map_grow(struct map *m)
{
	struct map old = *m;
	m->cap = old.cap ? old.cap * 2 : 256;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*map_slot(m, old.slots[i].key, old.slots[i].len) =
				old.slots[i];
	free(old.slots);
}

/* Sets key to value; a new key's bytes are copied into a. */
static void map_put(struct map *m, struct arena *a, const char *key,
		    size_t len, size_t value)
{
	if ((m->used + 1) * 4 > m->cap * 3)
		map_grow(m);
	struct map_slot *s = map_slot(m, key, len);
	if (!s->key) {
		s->key = arena_strndup(a, key, len);
		s->len = len;
		m->used++;
	}
	s->value = value;
}

/* ---- the walk ---- */

struct walk_node {
	git_commit *commit;
	size_t waiting;          /* children not visited yet; ready at 0 */
	const struct history_rev *rev;   /* made when first credited */
	git_oid content;         /* the tree id of its content folder */
	bool has_content;
	bool content_known;
};

/* A file that differs between a commit's content folder and its first
 * parent's. */
struct walk_change {
	git_delta_t status;      /* GIT_DELTA_ADDED, _MODIFIED or _DELETED */
	size_t path;             /* offset of its path in walk.change_paths */
	git_oid id;              /* its blob (the old one when deleted) */
};

struct walk {
	struct history *h;
	git_repository *repo;
	const char *content_path;   /* "content", or "portal/content" */
	struct walk_node *nodes;    /* in the order found: node 0 is the
				       built commit */
	size_t count, cap;
	struct map ids;             /* raw commit id -> node index + 1 */
	struct map names;           /* a file's path under content/ as of the
				       commit being visited -> file index + 1 */
	const git_oid *since;       /* walking only the commits since this
				       cached one, or NULL: all */
	struct map fresh;           /* with since: the raw ids of the commits
				       since it */
	size_t boundary;            /* with since: its node index + 1, never
				       visited */
	size_t *heap;               /* nodes ready to visit, newest on top */
	size_t heap_len;
	bool cut;                   /* some parent is not in the repository */
	struct walk_change *changes;   /* what the commit being visited did */
	size_t change_count, change_cap;
	struct buf change_paths;    /* their paths, each ended by a NUL */
	struct buf path;            /* the entry walk_tree_diff is on */
	struct walk_tree {
		git_oid id;
		git_tree *tree;         /* NULL: free slot */
	} trees[HISTORY_TREE_CACHE];
	size_t next_tree;           /* the slot to reuse next */
};

/* Adds the commit id as a node.  Returns 0, 1 when the repository does not
 * have it (the edge of a shallow clone), -1 on other errors. */
static int walk_add(struct walk *w, const git_oid *id)
{
	git_commit *c = NULL;
	int rc = git_commit_lookup(&c, w->repo, id);
	if (rc == GIT_ENOTFOUND)
		return 1;
	if (rc != 0)
		return -1;
	if (w->count == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		w->nodes = xreallocarray(w->nodes, w->cap, sizeof *w->nodes);
	}
	memset(&w->nodes[w->count], 0, sizeof *w->nodes);
	w->nodes[w->count].commit = c;
	map_put(&w->ids, &w->h->arena, (const char *)id->id, GIT_OID_RAWSZ,
		++w->count);
	return 0;
}

/* The node index + 1 of parent i of node n, or 0 when it is missing. */
static size_t walk_parent(const struct walk *w, size_t n, unsigned i)
{
	const git_oid *id = git_commit_parent_id(w->nodes[n].commit, i);
	return id ? map_get(&w->ids, (const char *)id->id, GIT_OID_RAWSZ) : 0;
}

/* With w->since, a parent id of a commit since the cached one, met for
 * the first time: 0 when it is a commit since the cached one too (to be
 * walked), 2 when it is the cached one (now the walk's boundary), 1 when
 * it is neither (then older commits would come before some new ones in
 * a full walk's order), -1 on errors. */
static int walk_since_parent(struct walk *w, const git_oid *id)
{
	if (!git_oid_equal(id, w->since))
		return map_get(&w->fresh, (const char *)id->id, GIT_OID_RAWSZ)
		       ? 0 : 1;
	if (walk_add(w, id) != 0)
		return -1;
	w->boundary = w->count;
	w->nodes[w->count - 1].waiting = 1;
	return 2;
}

/* Finds every commit reachable from node 0 (with w->since: down to that
 * commit) and counts, for each, the children that must be visited before
 * it.  Returns 0, -1 on errors, or 1 with w->since when a commit since it
 * is a root or has a parent older than it: only a full walk gives the
 * right order then. */
static int walk_collect(struct walk *w)
{
	size_t *stack = xmalloc(sizeof *stack), depth = 1, cap = 1;
	int status = -1;
	stack[0] = 0;
	while (depth) {
		size_t n = stack[--depth];
		unsigned parents = git_commit_parentcount(w->nodes[n].commit);
		if (w->since && !parents) {
			status = 1;
			goto out;
		}
		for (unsigned i = 0; i < parents; i++) {
			size_t p = walk_parent(w, n, i);
			const git_oid *id = git_commit_parent_id(
				w->nodes[n].commit, i);
			if (p) {
				w->nodes[p - 1].waiting++;
				continue;
			}
			int since = w->since ? walk_since_parent(w, id) : 0;
			if (since == 2)
				continue;
			if (since != 0) {
				status = since;
				goto out;
			}
			int rc = walk_add(w, id);
			if (rc < 0)
				goto out;
			if (rc > 0) {
				w->cut = true;
				continue;
			}
			w->nodes[w->count - 1].waiting = 1;
			if (depth == cap)
				stack = xreallocarray(stack, cap *= 2,
						      sizeof *stack);
			stack[depth++] = w->count - 1;
		}
	}
	status = 0;
out:
	free(stack);
	return status;
}

/* Whether node a is visited before node b when both are ready: the newer
 * commit first, then the one found first (so the order never depends on
 * anything but the history). */
static bool walk_before(const struct walk *w, size_t a, size_t b)
{
	git_time_t ta = git_commit_time(w->nodes[a].commit);
	git_time_t tb = git_commit_time(w->nodes[b].commit);
	return ta != tb ? ta > tb : a < b;
}

static void walk_heap_push(struct walk *w, size_t n)
{
	size_t i = w->heap_len++;
	while (i > 0 && walk_before(w, n, w->heap[(i - 1) / 2])) {
		w->heap[i] = w->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	w->heap[i] = n;
}

static size_t walk_heap_pop(struct walk *w)
{
	size_t top = w->heap[0], last = w->heap[--w->heap_len], i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= w->heap_len)
			break;
		if (c + 1 < w->heap_len && walk_before(w, w->heap[c + 1],
							w->heap[c]))
			c++;
		if (!walk_before(w, w->heap[c], last))
			break;
		w->heap[i] = w->heap[c];
		i = c;
	}
	if (w->heap_len)
		w->heap[i] = last;
	return top;
}

/* The tree id of node n's content folder, or NULL when it has none. */
static const git_oid *walk_content(struct walk *w, size_t n)
{
	struct walk_node *node = &w->nodes[n];
	git_tree *root = NULL;
	git_tree_entry *e = NULL;
	if (node->content_known)
		return node->has_content ? &node->content : NULL;
	node->content_known = true;
	if (git_commit_tree(&root, node->commit) == 0 &&
	    git_tree_entry_bypath(&e, root, w->content_path) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		git_oid_cpy(&node->content, git_tree_entry_id(e));
		node->has_content = true;
	}
	git_tree_entry_free(e);
	git_tree_free(root);
	return node->has_content ? &node->content : NULL;
}

/* Commit metadata goes into HTML: invalid UTF-8 (git does not enforce an
 * encoding) and control characters become '?' and ' '. */
static const char *walk_clean(struct arena *a, const char *s)
{
	char *copy = arena_strdup(a, s ? s : "");
	bool bad_utf8 = text_check_utf8(copy, strlen(copy), NULL, NULL) != 0;
	for (char *p = copy; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f)
			*p = ' ';
		else if (c >= 0x80 && bad_utf8)
			*p = '?';
	}
	return copy;
}

/* The bytes of blob id, in the history's arena. */
static struct history_bytes walk_bytes(struct walk *w, const git_oid *id)
{
	struct history_bytes out = {NULL, 0};
	git_blob *blob = NULL;
	if (git_blob_lookup(&blob, w->repo, id) != 0)
		return out;
	out.len = (size_t)git_blob_rawsize(blob);
	char *data = arena_alloc(&w->h->arena, out.len + 1);
	memcpy(data, git_blob_rawcontent(blob), out.len);
	data[out.len] = '\0';
	out.data = data;
	git_blob_free(blob);
	return out;
}

/* Records that node n changed file f, giving it blob id. */
static void walk_add_rev(struct walk *w, size_t n, size_t f, const git_oid *id)
{
	struct walk_node *node = &w->nodes[n];
	struct history_file *file = &w->h->files[f];
	if (!node->rev) {
		struct arena *a = &w->h->arena;
		struct history_rev *r = arena_alloc(a, sizeof *r);
		const git_signature *s = git_commit_author(node->commit);
		r->time = (long long)s->when.time;
		r->author = walk_clean(a, s->name);
		r->subject = walk_clean(a, git_commit_summary(node->commit));
		node->rev = r;
	}
	if (file->count == file->cap) {
		file->cap = file->cap ? file->cap * 2 : 4;
		file->revs = xreallocarray(file->revs, file->cap,
					   sizeof *file->revs);
		file->bytes = xreallocarray(file->bytes, file->cap,
					    sizeof *file->bytes);
	}
	file->bytes[file->count] = (struct history_bytes){NULL, 0};
	if (strncmp(file->path, HISTORY_KEEP_BYTES,
		    strlen(HISTORY_KEEP_BYTES)) == 0)
		file->bytes[file->count] = walk_bytes(w, id);
	file->revs[file->count++] = node->rev;
}

/* Whether the file a merge gives at path with blob id has those same
 * bytes in a parent other than the first: the change then came from that
 * side, where the walk credits it, and the merge only brought it over. */
static bool walk_from_other_parent(struct walk *w, size_t n,
				   const char *path, const git_oid *id)
{
	unsigned parents = git_commit_parentcount(w->nodes[n].commit);
	bool same = false;
	for (unsigned i = 1; i < parents && !same; i++) {
		size_t p = walk_parent(w, n, i);
		const git_oid *content = p ? walk_content(w, p - 1) : NULL;
		git_tree *tree = NULL;
		git_tree_entry *e = NULL;
		if (content && git_tree_lookup(&tree, w->repo, content) == 0 &&
		    git_tree_entry_bypath(&e, tree, path) == 0)
			same = git_oid_equal(git_tree_entry_id(e), id);
		git_tree_entry_free(e);
		git_tree_free(tree);
	}
	return same;
}

/* Credits one change of node n (the file at path under content/, now with
 * blob id; old_path for a rename) to the file it leads to, and follows
 * the file's name back in time: before a rename it had the old name,
 * before its creation it did not exist. */
static void walk_credit(struct walk *w, size_t n, git_delta_t status,
			const char *path, const char *old_path,
			const git_oid *id)
{
	size_t len = strlen(path);
	if (status == GIT_DELTA_DELETED)
		return;
	if (git_commit_parentcount(w->nodes[n].commit) > 1 &&
	    walk_from_other_parent(w, n, path, id))
		return;
	size_t f = map_get(&w->names, path, len);
	if (f)
		walk_add_rev(w, n, f - 1, id);
	if (status == GIT_DELTA_RENAMED) {
		map_put(&w->names, &w->h->arena, old_path, strlen(old_path), f);
		map_put(&w->names, &w->h->arena, path, len, 0);
	} else if (status == GIT_DELTA_ADDED && f) {
		map_put(&w->names, &w->h->arena, path, len, 0);
	}
}

/* A commit that adds and deletes files may have renamed some: libgit2's
 * diff finds them (by content, as git does).  It is too slow to run on
 * every commit (milliseconds on a folder of a thousand files), hence
 * walk_tree_diff for the others. */
static int walk_visit_renames(struct walk *w, size_t n, const git_oid *base,
			      const git_oid *mine)
{
	git_tree *new_tree = NULL, *old_tree = NULL;
	git_diff *diff = NULL;
	git_diff_options opts;
	git_diff_find_options find;
	int status = -1;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
	opts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
	find.flags = GIT_DIFF_FIND_RENAMES;
	if (git_tree_lookup(&new_tree, w->repo, mine) != 0 ||
	    (base && git_tree_lookup(&old_tree, w->repo, base) != 0) ||
	    git_diff_tree_to_tree(&diff, w->repo, old_tree, new_tree,
				  &opts) != 0 ||
	    git_diff_find_similar(diff, &find) != 0)
		goto out;
	size_t deltas = git_diff_num_deltas(diff);
	for (size_t i = 0; i < deltas; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		walk_credit(w, n, d->status, d->new_file.path,
			    d->old_file.path, &d->new_file.id);
	}
	status = 0;
out:
	git_diff_free(diff);
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	return status;
}

/* The tree id, from the walk's cache or read into it: *out is a reference
 * of the caller's own (git_tree_free it), since the cache may drop its own
 * while the caller is still walking the tree.  Returns 0 or -1. */
static int walk_tree(git_tree **out, struct walk *w, const git_oid *id)
{
	git_tree *tree = NULL;
	for (size_t i = 0; i < HISTORY_TREE_CACHE; i++)
		if (w->trees[i].tree && git_oid_equal(&w->trees[i].id, id))
			return git_tree_dup(out, w->trees[i].tree);
	if (git_tree_lookup(&tree, w->repo, id) != 0)
		return -1;
	struct walk_tree *slot = &w->trees[w->next_tree];
	w->next_tree = (w->next_tree + 1) % HISTORY_TREE_CACHE;
	git_tree_free(slot->tree);
	git_oid_cpy(&slot->id, id);
	slot->tree = tree;
	return git_tree_dup(out, tree);
}

static void walk_add_change(struct walk *w, git_delta_t status,
			    const git_tree_entry *e)
{
	if (w->change_count == w->change_cap) {
		w->change_cap = w->change_cap ? w->change_cap * 2 : 64;
		w->changes = xreallocarray(w->changes, w->change_cap,
					   sizeof *w->changes);
	}
	struct walk_change *c = &w->changes[w->change_count++];
	c->status = status;
	c->path = w->change_paths.len;
	git_oid_cpy(&c->id, git_tree_entry_id(e));
	buf_put(&w->change_paths, w->path.data, w->path.len + 1);
}

static int walk_tree_diff(struct walk *w, const git_oid *old_id,
			  const git_oid *new_id, int depth);

/* One entry of the two trees compared: a in the old, b in the new (either
 * may be NULL; both have the same name and kind when both are there). */
static int walk_entry_diff(struct walk *w, const git_tree_entry *a,
			   const git_tree_entry *b, int depth)
{
	bool a_tree = a && git_tree_entry_type(a) == GIT_OBJECT_TREE;
	bool b_tree = b && git_tree_entry_type(b) == GIT_OBJECT_TREE;
	bool a_blob = a && git_tree_entry_type(a) == GIT_OBJECT_BLOB;
	bool b_blob = b && git_tree_entry_type(b) == GIT_OBJECT_BLOB;
	size_t mark = w->path.len;
	int rc = 0;
	if (a && b && git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)))
		return 0;
	buf_printf(&w->path, "%s%s", mark ? "/" : "",
		   git_tree_entry_name(b ? b : a));
	if (a_tree || b_tree)
		rc = walk_tree_diff(w, a_tree ? git_tree_entry_id(a) : NULL,
				    b_tree ? git_tree_entry_id(b) : NULL,
				    depth + 1);
	else if (a_blob && b_blob)
		walk_add_change(w, GIT_DELTA_MODIFIED, b);
	else if (b_blob)
		walk_add_change(w, GIT_DELTA_ADDED, b);
	else if (a_blob)
		walk_add_change(w, GIT_DELTA_DELETED, a);
	buf_truncate(&w->path, mark);
	return rc;
}

/* Lists in w->changes the files that differ between two trees (either id
 * may be NULL: empty), by walking both in git's order and skipping every
 * subtree whose id did not change.  Folders deeper than the source reads
 * (SOURCE_MAX_DEPTH) are not entered. */
static int walk_tree_diff(struct walk *w, const git_oid *old_id,
			  const git_oid *new_id, int depth)
{
	git_tree *old = NULL, *new = NULL;
	int status = -1;
	if (depth > SOURCE_MAX_DEPTH)
		return 0;
	if ((old_id && walk_tree(&old, w, old_id) != 0) ||
	    (new_id && walk_tree(&new, w, new_id) != 0))
		goto out;
	size_t i = 0, j = 0;
	size_t olds = old ? git_tree_entrycount(old) : 0;
	size_t news = new ? git_tree_entrycount(new) : 0;
	while (i < olds || j < news) {
		const git_tree_entry *a = i < olds ? git_tree_entry_byindex(old, i)
						   : NULL;
		const git_tree_entry *b = j < news ? git_tree_entry_byindex(new, j)
						   : NULL;
		int c = !a ? 1 : !b ? -1 : git_tree_entry_cmp(a, b);
		if (walk_entry_diff(w, c <= 0 ? a : NULL, c >= 0 ? b : NULL,
				    depth) != 0)
			goto out;
		i += c <= 0;
		j += c >= 0;
	}
	status = 0;
out:
	git_tree_free(old);
	git_tree_free(new);
	return status;
}

/* Compares the content folder of node n with its first parent's and
 * credits what changed. */
static int walk_visit(struct walk *w, size_t n)
{
	size_t p = walk_parent(w, n, 0);
	const git_oid *mine = walk_content(w, n);
	const git_oid *base = p ? walk_content(w, p - 1) : NULL;
	bool added = false, deleted = false;
	if (!mine || (base && git_oid_equal(mine, base)))
		return 0;   /* nothing under content/ changed, or all went */
	w->change_count = 0;
	buf_truncate(&w->change_paths, 0);
	buf_truncate(&w->path, 0);
	if (walk_tree_diff(w, base, mine, 1) != 0)
		return -1;
	for (size_t i = 0; i < w->change_count; i++) {
		added |= w->changes[i].status == GIT_DELTA_ADDED;
		deleted |= w->changes[i].status == GIT_DELTA_DELETED;
	}
	if (added && deleted)
		return walk_visit_renames(w, n, base, mine);
	for (size_t i = 0; i < w->change_count; i++)
		walk_credit(w, n, w->changes[i].status,
			    w->change_paths.data + w->changes[i].path, NULL,
			    &w->changes[i].id);
	return 0;
}

/* Visits every node, each after all its children, newest first. */
static int walk_visit_all(struct walk *w)
{
	w->heap = xreallocarray(NULL, w->count, sizeof *w->heap);
	walk_heap_push(w, 0);
	while (w->heap_len) {
		size_t n = walk_heap_pop(w);
		if (walk_visit(w, n) != 0)
			return -1;
		unsigned parents = git_commit_parentcount(w->nodes[n].commit);
		for (unsigned i = 0; i < parents; i++) {
			size_t p = walk_parent(w, n, i);
			if (p && --w->nodes[p - 1].waiting == 0 &&
			    p != w->boundary)
				walk_heap_push(w, p - 1);
		}
	}
	return 0;
}

static int walk_file_found(const char *root, const git_tree_entry *e,
			   void *payload)
{
	struct walk *w = payload;
	struct history *h = w->h;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	if (h->count % 256 == 0)
		h->files = xreallocarray(h->files, h->count + 256,
					 sizeof *h->files);
	struct history_file *f = &h->files[h->count++];
	memset(f, 0, sizeof *f);
	f->path = arena_printf(&h->arena, HISTORY_CONTENT "/%s%s", root,
			       git_tree_entry_name(e));
	git_oid_tostr(f->blob, sizeof f->blob, git_tree_entry_id(e));
	return 0;
}

static int walk_file_compare(const void *a, const void *b)
{
	return strcmp(((const struct history_file *)a)->path,
		      ((const struct history_file *)b)->path);
}

/* Lists the files of the built commit's content folder: the ones the walk
 * dates, each known by its path under content/ to start with. */
static int walk_list_files(struct walk *w, const git_oid *content)
{
	git_tree *tree = NULL;
	struct history *h = w->h;
	size_t skip = strlen(HISTORY_CONTENT "/");
	int status = -1;
	if (git_tree_lookup(&tree, w->repo, content) != 0 ||
	    git_tree_walk(tree, GIT_TREEWALK_PRE, walk_file_found, w) != 0)
		goto out;
	if (h->count)
		qsort(h->files, h->count, sizeof *h->files, walk_file_compare);
	for (size_t i = 0; i < h->count; i++)
		map_put(&w->names, &h->arena, h->files[i].path + skip,
			strlen(h->files[i].path + skip), i + 1);
	status = 0;
out:
	git_tree_free(tree);
	return status;
}

static void walk_dispose(struct walk *w)
{
	for (size_t i = 0; i < w->count; i++)
		git_commit_free(w->nodes[i].commit);
	free(w->nodes);
	free(w->ids.slots);
	free(w->names.slots);
	free(w->fresh.slots);
	free(w->heap);
	free(w->changes);
	for (size_t i = 0; i < HISTORY_TREE_CACHE; i++)
		git_tree_free(w->trees[i].tree);
	buf_dispose(&w->change_paths);
	buf_dispose(&w->path);
}

/* Dates the files under content_path of commit start in repo, walking
 * all of its history. */
static int history_walk_full(struct history *h, git_repository *repo,
			     const git_oid *start, const char *content_path)
{
	struct walk w = {.h = h, .repo = repo, .content_path = content_path};
	int status = -1;
	buf_init(&w.change_paths);
	buf_init(&w.path);
	if (walk_add(&w, start) != 0)
		goto out;
	const git_oid *content = walk_content(&w, 0);
	status = 0;
	if (!content)
		goto out;   /* nothing to date */
	status = -1;
	if (walk_list_files(&w, content) != 0 || walk_collect(&w) != 0 ||
	    walk_visit_all(&w) != 0)
		goto out;
	h->commits = h->walked = w.count;
	h->shallow = w.cut;
	status = 0;
out:
	walk_dispose(&w);
	return status;
}

/* Puts in w->fresh the commits reachable from start but not from since
 * (git rev-list start ^since). */
static int walk_find_since(struct walk *w, const git_oid *start,
			   const git_oid *since)
{
	git_revwalk *rw = NULL;
	git_oid id;
	int rc = -1;
	if (git_revwalk_new(&rw, w->repo) == 0 &&
	    git_revwalk_push(rw, start) == 0 &&
	    git_revwalk_hide(rw, since) == 0) {
		while ((rc = git_revwalk_next(&id, rw)) == 0)
			map_put(&w->fresh, &w->h->arena, (const char *)id.id,
				GIT_OID_RAWSZ, 1);
		rc = rc == GIT_ITEROVER ? 0 : -1;
	}
	git_revwalk_free(rw);
	return rc;
}

/* Adds from's revisions behind to's. */
static void walk_append(struct history_file *to,
			const struct history_file *from)
{
	if (to->count + from->count > to->cap) {
		to->cap = to->count + from->count;
		to->revs = xreallocarray(to->revs, to->cap, sizeof *to->revs);
		to->bytes = xreallocarray(to->bytes, to->cap,
					  sizeof *to->bytes);
	}
	memcpy(to->revs + to->count, from->revs,
	       from->count * sizeof *from->revs);
	memcpy(to->bytes + to->count, from->bytes,
	       from->count * sizeof *from->bytes);
	to->count += from->count;
}

static struct history_file *history_file_at(const struct history *h,
					    const char *path);

/* After a walk of the commits since the cached one: every file of the
 * cached walk gives its revisions, behind those found since, to the file
 * the walk followed back to its name (a full walk would go on from there
 * with the same names).  Returns 1 when a name the walk ended with is not
 * a file of the cached commit, or two of them lead to one file (merges
 * can do that): then only a full walk gives the same result. */
static int walk_add_cached(struct walk *w, const struct history *old)
{
	struct history *h = w->h;
	size_t skip = strlen(HISTORY_CONTENT "/");
	bool *taken = xcalloc(h->count + 1, sizeof *taken);
	struct buf path;
	int status = 1;
	buf_init(&path);
	for (size_t i = 0; i < w->names.cap; i++) {
		const struct map_slot *slot = &w->names.slots[i];
		if (!slot->key || !slot->value)
			continue;
		buf_truncate(&path, 0);
		buf_printf(&path, HISTORY_CONTENT "/%.*s", (int)slot->len,
			   slot->key);
		if (taken[slot->value] || !history_file_at(old, path.data))
			goto out;
		taken[slot->value] = true;
	}
	for (size_t i = 0; i < old->count; i++) {
		const char *name = old->files[i].path + skip;
		size_t f = map_get(&w->names, name, strlen(name));
		if (f)
			walk_append(&h->files[f - 1], &old->files[i]);
	}
	status = 0;
out:
	free(taken);
	buf_dispose(&path);
	return status;
}

/* Dates the files of commit start from old, the cached walk of its
 * ancestor since, and the commits since.  Returns 0 (old's memory is
 * then h's), -1 on errors, or 1 when only a full walk gives the result
 * (see walk_collect and walk_add_cached); h holds a part then. */
static int history_walk_since(struct history *h, git_repository *repo,
			      const git_oid *start, const char *content_path,
			      const git_oid *since, struct history *old)
{
	struct walk w = {.h = h, .repo = repo, .content_path = content_path,
			 .since = since};
	int status = -1;
	buf_init(&w.change_paths);
	buf_init(&w.path);
	if (walk_find_since(&w, start, since) != 0 || walk_add(&w, start) != 0)
		goto out;
	const git_oid *content = walk_content(&w, 0);
	status = 0;
	if (!content)
		goto out;   /* nothing to date */
	if ((status = walk_list_files(&w, content)) != 0 ||
	    (status = walk_collect(&w)) != 0 ||
	    (status = walk_visit_all(&w)) != 0 ||
	    (status = walk_add_cached(&w, old)) != 0)
		goto out;
	h->walked = w.count - 1;   /* the cached commit was not walked */
	h->commits = h->walked + old->commits;
	h->shallow = old->shallow;
	arena_adopt(&h->arena, &old->arena);   /* the revisions given */
out:
	walk_dispose(&w);
	return status;
}

/* Makes h the cached walk old, which is left empty. */
static void history_take(struct history *h, struct history *old)
{
	bool read = h->cache_read, write = h->cache_write;
	history_dispose(h);
	*h = *old;
	h->cache_read = read;
	h->cache_write = write;
	h->walked = 0;
	history_init(old);
}

/* Dates the files under content_path of commit start in repo: from the
 * cache when it has that commit or an ancestor, else by a full walk. */
static int history_walk(struct history *h, git_repository *repo,
			const git_oid *start, const char *content_path,
			struct diag_list *diags)
{
	char *cache = h->cache_read || h->cache_write
		? history_cache_path(git_repository_commondir(repo)) : NULL;
	struct history old;
	git_oid since;
	int status = 1;
	bool changed = true;
	history_init(&old);
	if (h->cache_read &&
	    history_cache_read(&old, cache, content_path, &since) == 0) {
		if (git_oid_equal(&since, start)) {
			history_take(h, &old);
			status = 0;
			changed = false;
		} else if ((status = history_walk_since(h, repo, start,
							content_path, &since,
							&old)) != 0) {
			history_dispose(h);   /* a part: start again */
		}
	}
	if (status != 0)
		status = history_walk_full(h, repo, start, content_path);
	if (status == 0 && h->shallow)
		diag_warning(diags, NULL, 0, 0, "history is shallow: "
			     "last-change dates may be older than shown");
	/* a cache that cannot be written (a read-only repository) only
	 * means the next walk is a full one */
	if (status == 0 && changed && h->cache_write)
		history_cache_write(h, cache, content_path, start);
	history_dispose(&old);
	free(cache);
	return status;
}

/* ---- the interface ---- */

void history_init(struct history *h)
{
	memset(h, 0, sizeof *h);
	arena_init(&h->arena);
}

void history_dispose(struct history *h)
{
	for (size_t i = 0; i < h->count; i++) {
		free(h->files[i].revs);
		free(h->files[i].bytes);
	}
	free(h->files);
	arena_dispose(&h->arena);
	h->files = NULL;
	h->count = h->commits = h->walked = 0;
	h->shallow = false;
}

/* What a failed walk leaves: a warning and no dates. */
static int history_fail(struct history *h, const char *where,
			struct diag_list *diags)
{
	diag_warning(diags, NULL, 0, 0, "cannot read the history of %s: %s; "
		     "pages show no last-change dates", where,
		     gitlib_message());
	history_dispose(h);
	return -1;
}

int history_load_commit(struct history *h, const char *repo_path,
			const char *commit_id, struct diag_list *diags)
{
	git_repository *repo = NULL;
	git_oid id;
	struct diag_list ignored;   /* libgit2's words go into one warning */
	int started, status = -1;
	diag_list_init(&ignored);
	started = gitlib_init(&ignored) == 0;
	if (started && gitlib_open(&repo, repo_path, &ignored) == 0 &&
	    git_oid_fromstr(&id, commit_id) == 0)
		status = history_walk(h, repo, &id, HISTORY_CONTENT, diags);
	if (status)
		history_fail(h, repo_path, diags);
	git_repository_free(repo);
	if (started)
		gitlib_shutdown();
	diag_list_dispose(&ignored);
	return status;
}

/* Where the portal folder source_dir lies in repo's working tree: "" at
 * its top, "sub/dir/" below it, NULL outside it.  The caller frees it. */
static char *history_prefix(git_repository *repo, const char *source_dir)
{
	const char *workdir = git_repository_workdir(repo);
	char *top = workdir ? realpath(workdir, NULL) : NULL;
	char *dir = realpath(source_dir, NULL);
	char *prefix = NULL;
	if (top && dir) {
		size_t n = strcmp(top, "/") == 0 ? 0 : strlen(top);
		if (strcmp(dir, top) == 0)
			prefix = xstrdup("");
		else if (strncmp(dir, top, n) == 0 && dir[n] == '/') {
			struct buf b;
			buf_init(&b);
			buf_printf(&b, "%s/", dir + n + 1);
			prefix = buf_detach(&b);
		}
	}
	free(top);
	free(dir);
	return prefix;
}

/* Walks HEAD of the repository around source_dir; *found is 0 when there
 * is none (or no commit yet): nothing to date, and not a problem. */
static int history_walk_worktree(struct history *h, const char *source_dir,
				 int *found, struct diag_list *diags)
{
	git_repository *repo = NULL;
	char *prefix = NULL;
	git_oid head;
	int status = 0;
	*found = 0;
	if (git_repository_open_ext(&repo, source_dir, 0, NULL) != 0)
		goto out;   /* not inside a repository */
	prefix = history_prefix(repo, source_dir);
	if (!prefix || git_reference_name_to_id(&head, repo, "HEAD") != 0)
		goto out;   /* outside its working tree, or no commit yet */
	*found = 1;
	struct buf content;
	buf_init(&content);
	buf_printf(&content, "%s" HISTORY_CONTENT, prefix);
	status = history_walk(h, repo, &head, content.data, diags);
	buf_dispose(&content);
out:
	free(prefix);
	git_repository_free(repo);
	return status;
}

int history_load_worktree(struct history *h, const char *source_dir,
			  struct diag_list *diags)
{
	struct diag_list ignored;
	int found = 0, status = -1;
	diag_list_init(&ignored);
	if (gitlib_init(&ignored) == 0) {
		status = history_walk_worktree(h, source_dir, &found, diags);
		if (status)
			history_fail(h, source_dir, diags);
		gitlib_shutdown();
	} else {
		history_fail(h, source_dir, diags);
	}
	diag_list_dispose(&ignored);
	return status;
}

static int history_compare_path(const void *key, const void *item)
{
	return strcmp(key, ((const struct history_file *)item)->path);
}

/* The file at path, dated or not, or NULL. */
static struct history_file *history_file_at(const struct history *h,
					    const char *path)
{
	return h->count ? bsearch(path, h->files, h->count, sizeof *h->files,
				  history_compare_path) : NULL;
}

const struct history_file *history_find(const struct history *h,
					const char *path, const char *blob_id)
{
	const struct history_file *f = history_file_at(h, path);
	if (!f || !f->count || strcmp(f->blob, blob_id) != 0)
		return NULL;
	return f;
}

const struct history_file *history_find_path(const struct history *h,
					     const char *path)
{
	const struct history_file *f = history_file_at(h, path);
	return f && f->count ? f : NULL;
}

bool history_added(const struct history *h, const char *path,
		   long long *time)
{
	const struct history_file *f = history_file_at(h, path);
	if (!f || !f->count)
		return false;
	/* revs run newest first in the order of the walk */
	*time = f->revs[f->count - 1]->time;
	return true;
}

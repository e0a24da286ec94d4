/* Unit tests of the history module on real repositories made with the git
 * command in a temporary folder: renames (exact and edited), a file
 * deleted and made again, merges, commits of the same second, hostile
 * commit metadata, a shallow clone, the lookups, and the cache of walks
 * (always the same result as a full walk). */
#include "check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "digest.h"
#include "history.h"
#include "mem.h"

static char *repo;   /* the repository of the test running */

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	struct buf cmd;
	va_list ap;
	buf_init(&cmd);
	buf_printf(&cmd, "cd '%s' && ", repo);
	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	int rc = system(cmd.data);
	if (rc != 0)
		printf("command failed (%d): %s\n", rc, cmd.data);
	buf_dispose(&cmd);
	return rc;
}

/* The id (40 hex digits) of rev in repo; free it. */
static char *rev_id(const char *rev)
{
	struct buf cmd;
	char line[64] = "";
	buf_init(&cmd);
	buf_printf(&cmd, "git -C '%s' rev-parse '%s'", repo, rev);
	FILE *p = popen(cmd.data, "r");
	if (p) {
		if (fgets(line, sizeof line, p))
			line[strcspn(line, "\n")] = '\0';
		pclose(p);
	}
	buf_dispose(&cmd);
	return xstrdup(line);
}

static void new_repo(void)
{
	const char *base = getenv("TMPDIR");
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/congbo-history-XXXXXX",
		   base && *base ? base : "/tmp");
	if (!mkdtemp(path.data)) {
		perror("mkdtemp");
		exit(2);
	}
	repo = buf_detach(&path);
	run("git init -q -b main . && git config user.name 'Cẩm Vân' && "
	    "git config user.email cv@example.gov.vn && mkdir content");
}

static void end_repo(void)
{
	run("cd / && rm -rf '%s'", repo);
	free(repo);
	repo = NULL;
}

/* Commits everything at epoch second t with message msg. */
static void commit_at(long t, const char *msg)
{
	run("git add -A && GIT_AUTHOR_DATE='%ld +0700' "
	    "GIT_COMMITTER_DATE='%ld +0700' git commit -q -m '%s'", t, t, msg);
}

/* Loads the history of HEAD; the caller disposes h and d. */
static int load(struct history *h, struct diag_list *d)
{
	char *head = rev_id("HEAD");
	history_init(h);
	diag_list_init(d);
	int rc = history_load_commit(h, repo, head, d);
	free(head);
	return rc;
}

/* The file's blob id at HEAD; free it. */
static char *blob_of(const char *path)
{
	struct buf rev;
	buf_init(&rev);
	buf_printf(&rev, "HEAD:%s", path);
	char *id = rev_id(rev.data);
	buf_dispose(&rev);
	return id;
}

/* The subjects of path's revisions, newest first, joined by '|'. */
static char *subjects(const struct history *h, const char *path)
{
	char *blob = blob_of(path);
	const struct history_file *f = history_find(h, path, blob);
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; f && i < f->count; i++)
		buf_printf(&b, "%s%s", i ? "|" : "", f->revs[i]->subject);
	free(blob);
	return buf_detach(&b);
}

static void check_subjects(const struct history *h, const char *path,
			   const char *want)
{
	char *got = subjects(h, path);
	CHECK_STR(got, want);
	free(got);
}

static void test_renames(void)
{
	struct history h;
	struct diag_list d;
	new_repo();
	run("printf 'một\\nhai\\nba\\nbốn\\nnăm\\nsáu\\n' > content/a.md");
	commit_at(1700000000, "tạo a");
	run("git mv content/a.md content/b.md");
	commit_at(1700000100, "a thành b");
	run("echo bảy >> content/b.md");
	commit_at(1700000200, "sửa b");
	/* renamed and edited in one commit: found by content */
	run("git mv content/b.md content/c.md && echo tám >> content/c.md");
	commit_at(1700000300, "b thành c, có sửa");
	/* a new file takes the old name: none of the above is its */
	run("echo khác > content/a.md");
	commit_at(1700000400, "a mới");
	CHECK(load(&h, &d) == 0);
	CHECK(d.count == 0);
	check_subjects(&h, "content/c.md",
		       "b thành c, có sửa|sửa b|a thành b|tạo a");
	check_subjects(&h, "content/a.md", "a mới");
	CHECK(h.commits == 5);
	history_dispose(&h);
	diag_list_dispose(&d);
	end_repo();
}

static void test_recreated(void)
{
	struct history h;
	struct diag_list d;
	new_repo();
	run("echo 1 > content/x.md && echo y > content/y.md");
	commit_at(1700000000, "tạo x");
	run("echo 2 >> content/x.md");
	commit_at(1700000100, "sửa x");
	run("git rm -q content/x.md");
	commit_at(1700000200, "xoá x");
	run("echo lại > content/x.md");
	commit_at(1700000300, "tạo lại x");
	/* a commit outside content/ is no revision of anything */
	run("echo readme > README.md");
	commit_at(1700000400, "README");
	CHECK(load(&h, &d) == 0);
	check_subjects(&h, "content/x.md", "tạo lại x");
	check_subjects(&h, "content/y.md", "tạo x");
	char *blob = blob_of("content/x.md");
	const struct history_file *f = history_find(&h, "content/x.md", blob);
	CHECK(f && f->revs[0]->time == 1700000300);
	CHECK(f && strcmp(f->revs[0]->author, "Cẩm Vân") == 0);
	/* other bytes (an uncommitted edit) or an unknown path: nothing */
	CHECK(history_find(&h, "content/x.md",
			   "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391") == NULL);
	CHECK(history_find(&h, "content/z.md", blob) == NULL);
	CHECK(history_find(&h, "x.md", blob) == NULL);
	free(blob);
	history_dispose(&h);
	diag_list_dispose(&d);
	end_repo();
}

/* Every commit in the same second: the order must still be children
 * before parents, or the rename would not be followed. */
static void test_same_second(void)
{
	struct history h;
	struct diag_list d;
	new_repo();
	run("echo 1 > content/a.md");
	commit_at(1700000000, "c1");
	run("echo 2 >> content/a.md");
	commit_at(1700000000, "c2");
	run("git mv content/a.md content/b.md");
	commit_at(1700000000, "c3");
	run("echo 3 >> content/b.md");
	commit_at(1700000000, "c4");
	CHECK(load(&h, &d) == 0);
	check_subjects(&h, "content/b.md", "c4|c3|c2|c1");
	history_dispose(&h);
	diag_list_dispose(&d);
	end_repo();
}

static void test_merges(void)
{
	struct history h;
	struct diag_list d;
	new_repo();
	run("printf 'a\\n' > content/m.md && printf 'x\\n' > content/n.md");
	commit_at(1700000000, "gốc");
	run("git checkout -q -b nhanh && printf 'a\\nb\\n' > content/m.md");
	commit_at(1700000100, "nhánh sửa m");
	run("printf 'x\\ny\\n' > content/n.md");
	commit_at(1700000150, "nhánh sửa n");
	run("git checkout -q main && printf 'x\\nz\\n' > content/n.md");
	commit_at(1700000200, "main sửa n");
	/* m comes over from the branch as it is; n needs a resolution */
	run("git merge -q nhanh -m 'gộp' >/dev/null 2>&1; "
	    "printf 'x\\ny\\nz\\n' > content/n.md && git add -A && "
	    "GIT_AUTHOR_DATE='1700000300 +0700' "
	    "GIT_COMMITTER_DATE='1700000300 +0700' git commit -q -m 'gộp'");
	CHECK(load(&h, &d) == 0);
	check_subjects(&h, "content/m.md", "nhánh sửa m|gốc");
	check_subjects(&h, "content/n.md",
		       "gộp|main sửa n|nhánh sửa n|gốc");
	history_dispose(&h);
	diag_list_dispose(&d);
	end_repo();
}

/* Author names and subjects end up in HTML: invalid UTF-8 and control
 * characters must not. */
static void test_hostile_metadata(void)
{
	struct history h;
	struct diag_list d;
	new_repo();
	/* written by hand: git itself would re-encode the name */
	run("echo 1 > content/a.md && git add -A && t=$(git write-tree) && "
	    "c=$(printf 'tree %%s\\nauthor Bad\\377Name <b@x> 1700000000 "
	    "+0700\\ncommitter C <c@x> 1700000000 +0700\\n\\ntab\\there"
	    "\\001x\\n' $t | git hash-object -t commit -w --stdin) && "
	    "git update-ref HEAD $c");
	CHECK(load(&h, &d) == 0);
	char *blob = blob_of("content/a.md");
	const struct history_file *f = history_find(&h, "content/a.md", blob);
	CHECK(f != NULL);
	if (f) {
		CHECK_STR(f->revs[0]->author, "Bad?Name");
		CHECK_STR(f->revs[0]->subject, "tab here x");
	}
	free(blob);
	history_dispose(&h);
	diag_list_dispose(&d);
	end_repo();
}

static void test_shallow_and_empty(void)
{
	struct history h;
	struct diag_list d;
	new_repo();
	run("echo readme > README.md && rmdir content");
	commit_at(1700000000, "không có content");
	CHECK(load(&h, &d) == 0);
	CHECK(h.count == 0 && d.count == 0);
	history_dispose(&h);
	diag_list_dispose(&d);
	run("mkdir content && echo 1 > content/a.md");
	commit_at(1700000100, "một");
	run("echo 2 >> content/a.md");
	commit_at(1700000200, "hai");
	run("echo 3 >> content/a.md");
	commit_at(1700000300, "ba");
	char *full = repo;
	struct buf shallow;
	buf_init(&shallow);
	buf_printf(&shallow, "%s/shallow", full);
	run("git clone -q --depth 2 'file://%s' shallow 2>/dev/null", full);
	repo = shallow.data;
	CHECK(load(&h, &d) == 0);
	check_subjects(&h, "content/a.md", "ba|hai");
	CHECK(d.count == 1 && d.items[0].severity == DIAG_WARNING &&
	      strcmp(d.items[0].message, "history is shallow: last-change "
		     "dates may be older than shown") == 0);
	history_dispose(&h);
	diag_list_dispose(&d);
	repo = full;
	buf_dispose(&shallow);
	/* a repository that is not one: a warning, no dates */
	history_init(&h);
	diag_list_init(&d);
	CHECK(history_load_commit(&h, "/nonexistent",
		"0123456789012345678901234567890123456789", &d) == -1);
	CHECK(h.count == 0 && d.count == 1 && d.errors == 0);
	history_dispose(&h);
	diag_list_dispose(&d);
	end_repo();
}

static void test_worktree(void)
{
	struct history h;
	struct diag_list d;
	new_repo();
	run("mkdir -p portal/content && echo 1 > portal/content/a.md");
	commit_at(1700000000, "cổng trong thư mục con");
	struct buf dir;
	buf_init(&dir);
	buf_printf(&dir, "%s/portal", repo);
	history_init(&h);
	diag_list_init(&d);
	CHECK(history_load_worktree(&h, dir.data, &d) == 0);
	CHECK(h.count == 1 && h.count && strcmp(h.files[0].path,
						 "content/a.md") == 0);
	history_dispose(&h);
	/* outside any repository: nothing, quietly */
	history_init(&h);
	CHECK(history_load_worktree(&h, "/", &d) == 0);
	CHECK(h.count == 0 && d.count == 0);
	history_dispose(&h);
	diag_list_dispose(&d);
	buf_dispose(&dir);
	end_repo();
}

/* Loads the history of rev, with the cache (read and written) or
 * without; the caller disposes h. */
static int load_rev(struct history *h, const char *rev, bool cached)
{
	char *id = rev_id(rev);
	struct diag_list d;
	history_init(h);
	diag_list_init(&d);
	h->cache_read = h->cache_write = cached;
	int rc = history_load_commit(h, repo, id, &d);
	diag_list_dispose(&d);
	free(id);
	return rc;
}

/* Whether a and b date the same files alike, revision by revision. */
static bool same_history(const struct history *a, const struct history *b)
{
	if (a->count != b->count || a->commits != b->commits ||
	    a->shallow != b->shallow)
		return false;
	for (size_t i = 0; i < a->count; i++) {
		const struct history_file *x = &a->files[i], *y = &b->files[i];
		if (strcmp(x->path, y->path) || strcmp(x->blob, y->blob) ||
		    x->count != y->count)
			return false;
		for (size_t j = 0; j < x->count; j++) {
			const struct history_rev *r = x->revs[j], *q = y->revs[j];
			if (r->time != q->time || strcmp(r->author, q->author) ||
			    strcmp(r->subject, q->subject) ||
			    x->bytes[j].len != y->bytes[j].len ||
			    (x->bytes[j].data == NULL) !=
			    (y->bytes[j].data == NULL) ||
			    (x->bytes[j].data && memcmp(x->bytes[j].data,
							 y->bytes[j].data,
							 x->bytes[j].len)))
				return false;
		}
	}
	return true;
}

/* Loads HEAD with the cache and checks that it dates everything as a
 * full walk does; returns how many commits it walked itself. */
static size_t walked_with_cache(const char *what)
{
	struct history full, cached;
	CHECK(load_rev(&full, "HEAD", false) == 0);
	CHECK(load_rev(&cached, "HEAD", true) == 0);
	if (!same_history(&full, &cached))
		printf("FAIL: %s: the cached walk differs from a full one\n",
		       what);
	CHECK(same_history(&full, &cached));
	CHECK(full.walked == full.commits);
	size_t walked = cached.walked;
	history_dispose(&full);
	history_dispose(&cached);
	return walked;
}

/* Rewrites the cache as another build of congbo would have written it:
 * the same bytes but for its build name, with a valid checksum. */
static void cache_from_other_build(void)
{
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/.git/congbo-history", repo);
	FILE *f = fopen(path.data, "r+b");
	char data[4096];
	size_t len = f ? fread(data, 1, sizeof data, f) : 0;
	size_t at = strlen("congbo-history 1\n") + 4;   /* the build's name */
	CHECK(len > at + 64 && len < sizeof data);
	if (f && len > at + 64 && len < sizeof data) {
		char digest[DIGEST_SHA256_HEX_SIZE];
		data[at] = data[at] == '9' ? '8' : '9';
		digest_sha256_hex(data, len - 64, digest);
		memcpy(data + len - 64, digest, 64);
		rewind(f);
		CHECK(fwrite(data, 1, len, f) == len);
	}
	if (f)
		fclose(f);
	buf_dispose(&path);
}

static void test_cache(void)
{
	new_repo();
	run("mkdir -p content/scores && echo 1 > content/a.md && "
	    "printf 'một\nhai\nba\n' > content/b.md && "
	    "echo 'x,1' > content/scores/s.csv && echo 1 > content/x.md");
	commit_at(1700000000, "c1");
	run("echo 2 >> content/a.md && echo 'x,2' > content/scores/s.csv");
	commit_at(1700000100, "c2");
	CHECK(walked_with_cache("no cache yet") == 2);
	CHECK(walked_with_cache("the same commit") == 0);
	/* an edit, a rename, a file deleted and made again, a new file */
	run("echo 3 >> content/a.md && git mv content/b.md content/c.md");
	commit_at(1700000200, "c3");
	run("git rm -q content/x.md && echo d > content/d.md");
	commit_at(1700000300, "c4");
	run("echo lại > content/x.md && echo 'x,3' > content/scores/s.csv");
	commit_at(1700000400, "c5");
	CHECK(walked_with_cache("three commits since") == 3);
	/* a branch from the cached commit, merged: only the new commits */
	run("git checkout -q -b nhanh && echo 4 >> content/c.md");
	commit_at(1700000500, "nhánh");
	run("git checkout -q main && echo 5 >> content/d.md");
	commit_at(1700000600, "main");
	run("GIT_AUTHOR_DATE='1700000700 +0700' "
	    "GIT_COMMITTER_DATE='1700000700 +0700' "
	    "git merge -q nhanh -m 'gộp' >/dev/null");
	CHECK(walked_with_cache("a merge since") == 3);
	/* a branch from before the cached commit: older commits would come
	 * between the new ones, so a full walk */
	run("git checkout -q -b cu HEAD~2 && echo 6 >> content/a.md");
	commit_at(1700000450, "nhánh cũ");
	run("git checkout -q main && GIT_AUTHOR_DATE='1700000800 +0700' "
	    "GIT_COMMITTER_DATE='1700000800 +0700' "
	    "git merge -q cu -m 'gộp cũ' >/dev/null");
	CHECK(walked_with_cache("a merge of an older branch") == 10);
	/* rewritten history: the cached commit is no ancestor any more */
	run("echo 7 >> content/a.md && git add -A && "
	    "GIT_AUTHOR_DATE='1700000900 +0700' "
	    "GIT_COMMITTER_DATE='1700000900 +0700' "
	    "git commit -q --amend -m 'sửa lại'");
	CHECK(walked_with_cache("a rewritten history") == 10);
	CHECK(walked_with_cache("the rewritten commit cached") == 0);
	/* a cache of another build of congbo, or a damaged one: unused */
	cache_from_other_build();
	CHECK(walked_with_cache("another build's cache") == 10);
	run("printf x >> .git/congbo-history");
	CHECK(walked_with_cache("a damaged cache") == 10);
	end_repo();
}

int main(void)
{
	/* our own git: no user or system config in the fixtures */
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	test_renames();
	test_recreated();
	test_same_second();
	test_merges();
	test_hostile_metadata();
	test_shallow_and_empty();
	test_worktree();
	test_cache();
	return check_done();
}

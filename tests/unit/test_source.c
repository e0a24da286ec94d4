/* Unit tests of the source module on real folders and real git
 * repositories made in a temporary folder: both backends must give the
 * same paths, bytes and ids, and those ids must be the ones git computes.
 * The git command (through system) builds the fixtures, so the test also
 * checks libgit2 against git itself. */
#include "check.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "gitlib.h"
#include "mem.h"
#include "source.h"
#include "source_walk.h"

#define EMPTY_BLOB "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"

/* The fixture portal's files that a source must list, sorted. */
static const char *const expected_paths[] = {
	"content/a.md",
	"content/a/x.md",
	"content/a0.md",
	"content/images/logo.bin",
	"content/posts/2022/hoi-nghi.md",
	"content/posts/empty.md",
	"content/posts/tin-tức.md",
	"content/site.yaml",
	"templates/page.mustache",
	"themes/default/assets/app.js",
	"themes/default/layout.html",
};
#define EXPECTED_COUNT (sizeof expected_paths / sizeof *expected_paths)

static const char logo[] = { '\x89', 'P', 'N', 'G', '\0', '\1', '\0', 'x' };

/* Runs a shell command built from fmt; returns its exit status. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	struct buf cmd;
	va_list ap;
	buf_init(&cmd);
	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	int rc = system(cmd.data);
	if (rc != 0)
		printf("command failed (%d): %s\n", rc, cmd.data);
	buf_dispose(&cmd);
	return rc;
}

/* The first line a shell command prints, without its newline; free it. */
static char *run_output(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static char *run_output(const char *fmt, ...)
{
	struct buf cmd;
	va_list ap;
	char line[4096] = "";
	buf_init(&cmd);
	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	FILE *p = popen(cmd.data, "r");
	if (p) {
		if (fgets(line, sizeof line, p))
			line[strcspn(line, "\n")] = '\0';
		pclose(p);
	}
	buf_dispose(&cmd);
	return xstrdup(line);
}

static char *tmp_folder(void)
{
	const char *base = getenv("TMPDIR");
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/congbo-source-XXXXXX",
		   base && *base ? base : "/tmp");
	if (!mkdtemp(path.data)) {
		perror("mkdtemp");
		exit(2);
	}
	return buf_detach(&path);
}

static void tmp_remove(char *dir)
{
	run("rm -rf '%s'", dir);
	free(dir);
}

/* Writes root/rel, making the folders on the way. */
static void write_file(const char *root, const char *rel, const void *data,
		       size_t len)
{
	struct buf path;
	buf_init(&path);
	buf_printf(&path, "%s/%s", root, rel);
	for (size_t i = strlen(root) + 1; i < path.len; i++) {
		if (path.data[i] != '/')
			continue;
		path.data[i] = '\0';
		if (mkdir(path.data, 0755) != 0 && errno != EEXIST)
			perror(path.data);
		path.data[i] = '/';
	}
	FILE *f = fopen(path.data, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		perror(path.data);
	buf_dispose(&path);
}

static void write_text(const char *root, const char *rel, const char *text)
{
	write_file(root, rel, text, strlen(text));
}

/* The portal every test starts from: the files of expected_paths, plus
 * entries both backends must leave out. */
static void make_portal(const char *root)
{
	write_text(root, "content/site.yaml", "title: Gia Viễn\n");
	write_text(root, "content/a.md", "a\n");
	write_text(root, "content/a/x.md", "x\n");
	write_text(root, "content/a0.md", "a0\n");
	write_file(root, "content/images/logo.bin", logo, sizeof logo);
	write_text(root, "content/posts/2022/hoi-nghi.md",
		   "---\ntitle: Hội nghị\n---\nNội dung.\n");
	write_text(root, "content/posts/empty.md", "");
	write_text(root, "content/posts/tin-tức.md", "Tin tức\r\n");
	write_text(root, "templates/page.mustache", "{{title}}\n");
	write_text(root, "themes/default/layout.html", "<html></html>\n");
	write_text(root, "themes/default/assets/app.js", "void 0;\n");
	run("chmod +x '%s/themes/default/assets/app.js'", root);
	/* Left out: */
	write_text(root, "content/.hidden.md", "hidden\n");
	write_text(root, "content/.drafts/secret.md", "secret\n");
	write_text(root, "content/site.yaml~", "backup\n");
	write_text(root, "README.md", "not part of the portal\n");
	write_text(root, "site/index.html", "output\n");
	run("ln -s ../README.md '%s/content/link.md'", root);
}

static int git_init(const char *dir)
{
	return run("git init -q -b main '%s' && cd '%s' && git add -A && "
		   "git commit -q -m 'first'", dir, dir);
}

/* The only diagnostic is the symbolic link's warning. */
static void check_link_warning(const struct diag_list *d)
{
	CHECK(d->count == 1 && d->errors == 0);
	if (d->count == 1) {
		CHECK(d->items[0].severity == DIAG_WARNING);
		CHECK_STR(d->items[0].file, "content/link.md");
		CHECK_STR(d->items[0].message, SOURCE_MSG_SYMLINK);
	}
}

static void check_expected_paths(const struct source *s)
{
	CHECK(s->count == EXPECTED_COUNT);
	for (size_t i = 0; i < s->count && i < EXPECTED_COUNT; i++)
		CHECK_STR(s->files[i].path, expected_paths[i]);
}

/* Same paths, bytes and ids, in the same order. */
static void check_same_files(const struct source *a, const struct source *b)
{
	CHECK(a->count == b->count);
	for (size_t i = 0; i < a->count && i < b->count; i++) {
		const struct source_file *x = &a->files[i], *y = &b->files[i];
		CHECK_STR(x->path, y->path);
		CHECK(x->len == y->len && memcmp(x->data, y->data, x->len) == 0);
		CHECK(y->data[y->len] == '\0');
		CHECK_STR(x->id, y->id);
	}
}

static int source_is_empty(const struct source *s)
{
	return s->files == NULL && s->count == 0 && s->label == NULL &&
	       s->commit[0] == '\0';
}

static void test_dir(void)
{
	char *root = tmp_folder();
	struct source s;
	struct diag_list d;
	diag_list_init(&d);
	make_portal(root);
	CHECK(source_load_dir(&s, root, &d) == 0);
	check_expected_paths(&s);
	check_link_warning(&d);
	const struct source_file *f = source_find(&s, "content/site.yaml");
	CHECK(f && f->len == strlen("title: Gia Viễn\n"));
	CHECK_STR(f ? f->data : NULL, "title: Gia Viễn\n");
	f = source_find(&s, "content/images/logo.bin");
	CHECK(f && f->len == sizeof logo && f->data[f->len] == '\0');
	CHECK(f && memcmp(f->data, logo, sizeof logo) == 0);
	f = source_find(&s, "content/posts/empty.md");
	CHECK(f && f->len == 0 && f->data && f->data[0] == '\0');
	CHECK_STR(f ? f->id : NULL, EMPTY_BLOB);
	for (size_t i = 0; i < s.count; i++) {
		char *want = run_output("cd '%s' && git hash-object '%s'",
					root, s.files[i].path);
		CHECK_STR(s.files[i].id, want);
		free(want);
	}
	char *label = run_output("echo 'working tree %s'", root);
	CHECK_STR(s.label, label);
	CHECK_STR(s.commit, "");
	free(label);
	source_dispose(&s);
	CHECK(source_is_empty(&s));
	source_dispose(&s);   /* twice is harmless */
	diag_list_dispose(&d);
	tmp_remove(root);
}

static void test_find(void)
{
	char *root = tmp_folder();
	struct source s;
	struct diag_list d;
	diag_list_init(&d);
	make_portal(root);
	CHECK(source_load_dir(&s, root, &d) == 0);
	for (size_t i = 0; i < EXPECTED_COUNT; i++) {
		const struct source_file *f = source_find(&s, expected_paths[i]);
		CHECK(f == &s.files[i]);
	}
	CHECK(source_find(&s, "content") == NULL);
	CHECK(source_find(&s, "content/a") == NULL);
	CHECK(source_find(&s, "content/site.yaml~") == NULL);
	CHECK(source_find(&s, "content/.hidden.md") == NULL);
	CHECK(source_find(&s, "content/link.md") == NULL);
	CHECK(source_find(&s, "README.md") == NULL);
	CHECK(source_find(&s, "") == NULL);
	CHECK(source_find(&s, "zzz") == NULL);
	source_dispose(&s);
	CHECK(source_find(&s, "content/a.md") == NULL);   /* empty source */
	diag_list_dispose(&d);
	tmp_remove(root);
}

/* Loads rev of repo, expecting success and the link warning. */
static int load_git(struct source *s, const char *repo, const char *rev)
{
	struct diag_list d;
	diag_list_init(&d);
	int rc = source_load_git(s, repo, rev, &d);
	CHECK(rc == 0);
	if (rc != 0)
		diag_print(&d, stdout);
	check_link_warning(&d);
	diag_list_dispose(&d);
	return rc;
}

static void check_commit(const struct source *s, const char *repo,
			 const char *rev)
{
	char *id = run_output("git -C '%s' rev-parse '%s^{commit}'", repo, rev);
	char *label = run_output("echo \"commit $(git -C '%s' rev-parse "
				 "--short=7 '%s^{commit}')\"", repo, rev);
	CHECK_STR(s->commit, id);
	CHECK_STR(s->label, label);
	free(id);
	free(label);
}

/* HEAD, a branch, a short id, a tag, HEAD~1 and a bare clone all read the
 * commit git says they name, and agree with the folder. */
static void test_git(void)
{
	char *root = tmp_folder(), *bare = tmp_folder();
	struct source dir, git;
	struct diag_list d;
	diag_list_init(&d);
	make_portal(root);
	CHECK(git_init(root) == 0);
	CHECK(source_load_dir(&dir, root, &d) == 0);
	if (load_git(&git, root, "HEAD") == 0) {
		check_same_files(&dir, &git);
		check_commit(&git, root, "HEAD");
	}
	source_dispose(&git);
	/* A second commit; the first stays reachable by branch and tag. */
	CHECK(run("cd '%s' && git branch ban-tin && git tag -a v1 -m v1 && "
		  "echo 'title: Nho Quan' > content/site.yaml && "
		  "git commit -q -am second", root) == 0);
	if (load_git(&git, root, "ban-tin") == 0) {
		check_same_files(&dir, &git);
		check_commit(&git, root, "ban-tin");
	}
	source_dispose(&git);
	const char *old_revs[] = { "v1", "HEAD~1", "main^" };
	for (size_t i = 0; i < sizeof old_revs / sizeof *old_revs; i++) {
		if (load_git(&git, root, old_revs[i]) == 0)
			check_same_files(&dir, &git);
		check_commit(&git, root, "ban-tin");
		source_dispose(&git);
	}
	char *short_id = run_output("git -C '%s' rev-parse --short=8 HEAD~1",
				    root);
	if (load_git(&git, root, short_id) == 0)
		check_same_files(&dir, &git);
	check_commit(&git, root, "HEAD~1");
	source_dispose(&git);
	free(short_id);
	/* HEAD now matches the folder again; from .git and from a bare clone
	 * too. */
	source_dispose(&dir);
	CHECK(source_load_dir(&dir, root, &d) == 0);
	const struct source_file *f = source_find(&dir, "content/site.yaml");
	CHECK_STR(f ? f->data : NULL, "title: Nho Quan\n");
	CHECK(run("git clone -q --bare '%s' '%s/r.git'", root, bare) == 0);
	char *dot_git = run_output("echo '%s/.git'", root);
	char *bare_repo = run_output("echo '%s/r.git'", bare);
	const char *repos[] = { root, dot_git, bare_repo };
	for (size_t i = 0; i < 3; i++) {
		if (load_git(&git, repos[i], "HEAD") == 0)
			check_same_files(&dir, &git);
		check_commit(&git, root, "main");
		source_dispose(&git);
	}
	free(dot_git);
	free(bare_repo);
	source_dispose(&dir);
	diag_list_dispose(&d);
	tmp_remove(root);
	tmp_remove(bare);
}

/* Expects one error whose message starts with want_prefix and an empty
 * source. */
static void check_error(int rc, const struct source *s,
			const struct diag_list *d, const char *want_prefix)
{
	CHECK(rc == -1);
	CHECK(source_is_empty(s));
	CHECK(d->errors == 1);
	for (size_t i = 0; i < d->count; i++) {
		if (d->items[i].severity != DIAG_ERROR)
			continue;
		const char *msg = d->items[i].message;
		if (!CHECK(strncmp(msg, want_prefix, strlen(want_prefix)) == 0))
			printf("  got:  \"%s\"\n  want: \"%s...\"\n", msg,
			       want_prefix);
	}
}

static void test_git_errors(void)
{
	char *root = tmp_folder(), *plain = tmp_folder();
	struct source s;
	struct diag_list d;
	struct buf want;
	buf_init(&want);
	make_portal(root);
	CHECK(git_init(root) == 0);

	diag_list_init(&d);
	buf_printf(&want, "revision \"nope\" not found in %s: ", root);
	check_error(source_load_git(&s, root, "nope", &d), &s, &d, want.data);
	CHECK(d.count == 1);
	diag_list_dispose(&d);

	diag_list_init(&d);
	buf_truncate(&want, 0);
	buf_printf(&want, "revision \"HEAD^{tree}\" in %s is not a commit: ",
		   root);
	check_error(source_load_git(&s, root, "HEAD^{tree}", &d), &s, &d,
		    want.data);
	diag_list_dispose(&d);

	diag_list_init(&d);
	buf_truncate(&want, 0);
	buf_printf(&want, "%s is not a git repository: ", plain);
	check_error(source_load_git(&s, plain, "HEAD", &d), &s, &d, want.data);
	diag_list_dispose(&d);

	/* Parent folders are not searched. */
	diag_list_init(&d);
	buf_truncate(&want, 0);
	buf_printf(&want, "%s/content is not a git repository: ", root);
	check_error(source_load_git(&s, want.data, "HEAD", &d), &s, &d,
		    want.data);
	diag_list_dispose(&d);

	/* A commit without content/. */
	CHECK(run("cd '%s' && git rm -rq content && git commit -q -m gone",
		  root) == 0);
	char *short_id = run_output("git -C '%s' rev-parse --short=7 HEAD",
				    root);
	diag_list_init(&d);
	buf_truncate(&want, 0);
	buf_printf(&want, "no content/ folder in commit %s of %s: a portal "
		   "folder holds content/ and themes/", short_id, root);
	check_error(source_load_git(&s, root, "HEAD", &d), &s, &d, want.data);
	diag_list_dispose(&d);
	free(short_id);

	buf_dispose(&want);
	tmp_remove(root);
	tmp_remove(plain);
}

static void test_dir_errors(void)
{
	char *root = tmp_folder();
	struct source s;
	struct diag_list d;
	struct buf want;
	buf_init(&want);

	write_text(root, "themes/default/layout.html", "x\n");
	diag_list_init(&d);
	buf_printf(&want, "no content/ folder in %s: a portal folder holds "
		   "content/ and themes/", root);
	check_error(source_load_dir(&s, root, &d), &s, &d, want.data);
	CHECK(d.count == 1 && strcmp(d.items[0].message, want.data) == 0);
	diag_list_dispose(&d);

	/* A content/ that is a link counts as none, with the warning. */
	run("mkdir '%s/elsewhere' && ln -s elsewhere '%s/content'", root, root);
	diag_list_init(&d);
	check_error(source_load_dir(&s, root, &d), &s, &d, want.data);
	CHECK(d.count == 2 && d.items[0].severity == DIAG_WARNING);
	CHECK_STR(d.count ? d.items[0].file : NULL, "content");
	diag_list_dispose(&d);

	diag_list_init(&d);
	buf_truncate(&want, 0);
	char *missing = run_output("echo '%s/missing'", root);
	buf_printf(&want, "cannot open the portal folder %s: ", missing);
	check_error(source_load_dir(&s, missing, &d), &s, &d, want.data);
	free(missing);
	diag_list_dispose(&d);

	buf_dispose(&want);
	tmp_remove(root);
}

/* A file over SOURCE_MAX_FILE_SIZE is an error naming it, in both
 * backends; the other files' problems are still reported. */
static void test_size_limit(void)
{
	char *root = tmp_folder();
	struct source s;
	struct diag_list d;
	make_portal(root);
	CHECK(run("cd '%s' && truncate -s %u content/big.bin", root,
		  SOURCE_MAX_FILE_SIZE + 1) == 0);
	CHECK(git_init(root) == 0);
	for (int git = 0; git < 2; git++) {
		diag_list_init(&d);
		int rc = git ? source_load_git(&s, root, "HEAD", &d)
			     : source_load_dir(&s, root, &d);
		check_error(rc, &s, &d, "file of 67108865 bytes is over the "
			    "limit of 64 MiB");
		CHECK(d.count == 2);   /* and the link warning */
		for (size_t i = 0; i < d.count; i++)
			if (d.items[i].severity == DIAG_ERROR)
				CHECK_STR(d.items[i].file, "content/big.bin");
		diag_list_dispose(&d);
	}
	tmp_remove(root);
}

/* content/ + depth-1 nested folders holding one file. */
static void make_nested(const char *root, int depth)
{
	struct buf rel;
	buf_init(&rel);
	buf_puts(&rel, "content");
	for (int i = 1; i < depth; i++)
		buf_puts(&rel, "/d");
	buf_puts(&rel, "/f.md");
	write_text(root, rel.data, "deep\n");
	buf_dispose(&rel);
}

/* Folders SOURCE_MAX_DEPTH deep are read; one more is an error. */
static void test_depth_limit(void)
{
	char *root = tmp_folder();
	struct source s;
	struct diag_list d;
	make_nested(root, SOURCE_MAX_DEPTH);
	CHECK(git_init(root) == 0);
	for (int git = 0; git < 2; git++) {
		diag_list_init(&d);
		CHECK((git ? source_load_git(&s, root, "HEAD", &d)
			   : source_load_dir(&s, root, &d)) == 0);
		CHECK(s.count == 1 && d.count == 0);
		source_dispose(&s);
		diag_list_dispose(&d);
	}
	make_nested(root, SOURCE_MAX_DEPTH + 1);
	CHECK(run("cd '%s' && git add -A && git commit -q -m deeper",
		  root) == 0);
	struct buf deep;
	buf_init(&deep);
	buf_puts(&deep, "content");
	for (int i = 1; i < SOURCE_MAX_DEPTH + 1; i++)
		buf_puts(&deep, "/d");
	for (int git = 0; git < 2; git++) {
		diag_list_init(&d);
		int rc = git ? source_load_git(&s, root, "HEAD", &d)
			     : source_load_dir(&s, root, &d);
		check_error(rc, &s, &d, "folder skipped: nested more than 32");
		CHECK(d.count == 1);
		CHECK_STR(d.count ? d.items[0].file : NULL, deep.data);
		diag_list_dispose(&d);
	}
	buf_dispose(&deep);
	tmp_remove(root);
}

/* A submodule in the commit, a fifo and a linked themes/ on disk: each
 * skipped with a warning, the load still succeeds. */
static void test_special_entries(void)
{
	char *root = tmp_folder();
	struct source s;
	struct diag_list d;
	make_portal(root);
	CHECK(git_init(root) == 0);
	CHECK(run("cd '%s' && git update-index --add --cacheinfo "
		  "160000,$(git rev-parse HEAD),content/sub && "
		  "git commit -q -m sub", root) == 0);
	diag_list_init(&d);
	CHECK(source_load_git(&s, root, "HEAD", &d) == 0);
	CHECK(s.count == EXPECTED_COUNT && d.count == 2 && d.errors == 0);
	CHECK_STR(d.count == 2 ? d.items[1].file : NULL, "content/sub");
	source_dispose(&s);
	diag_list_dispose(&d);

	CHECK(run("cd '%s' && rm -rf themes content/link.md && "
		  "mkfifo content/pipe && ln -s content themes", root) == 0);
	diag_list_init(&d);
	CHECK(source_load_dir(&s, root, &d) == 0);
	CHECK(s.count == EXPECTED_COUNT - 2 && d.count == 2 && d.errors == 0);
	diag_sort(&d);
	if (d.count == 2) {
		CHECK_STR(d.items[0].file, "content/pipe");
		CHECK_STR(d.items[0].message, "not a regular file, skipped");
		CHECK_STR(d.items[1].file, "themes");
		CHECK_STR(d.items[1].message, SOURCE_MSG_SYMLINK);
	}
	source_dispose(&s);
	diag_list_dispose(&d);
	tmp_remove(root);
}

struct load_job {
	const char *root;
	const struct source *want;
	int ok;
};

static void *load_thread(void *arg)
{
	struct load_job *job = arg;
	struct diag_list d;
	diag_list_init(&d);
	for (int i = 0; i < 5; i++) {
		struct source s;
		int rc = i % 2 ? source_load_dir(&s, job->root, &d)
			       : source_load_git(&s, job->root, "HEAD", &d);
		job->ok += rc == 0 && s.count == job->want->count &&
			   strcmp(s.files[0].id, job->want->files[0].id) == 0;
		source_dispose(&s);
	}
	diag_list_dispose(&d);
	return NULL;
}

/* Loads from several threads at once: libgit2's start and stop are
 * counted, so the threads do not tear it down under each other.  The
 * test holds one start across the threads, as gitlib.h asks of a program
 * whose threads use libgit2 side by side (each thread's error slot is
 * freed only while libgit2 is started). */
static void test_threads(void)
{
	char *root = tmp_folder();
	struct source want;
	struct diag_list d;
	struct load_job jobs[4];
	pthread_t tids[4];
	diag_list_init(&d);
	CHECK(gitlib_init(&d) == 0);
	make_portal(root);
	CHECK(git_init(root) == 0);
	CHECK(source_load_dir(&want, root, &d) == 0);
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct load_job){ .root = root, .want = &want };
		pthread_create(&tids[i], NULL, load_thread, &jobs[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(tids[i], NULL);
		CHECK(jobs[i].ok == 5);
	}
	gitlib_shutdown();
	source_dispose(&want);
	diag_list_dispose(&d);
	tmp_remove(root);
}

int main(void)
{
	/* The fixtures must not depend on whoever runs the tests. */
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_AUTHOR_NAME", "Test", 1);
	setenv("GIT_AUTHOR_EMAIL", "test@example.invalid", 1);
	setenv("GIT_COMMITTER_NAME", "Test", 1);
	setenv("GIT_COMMITTER_EMAIL", "test@example.invalid", 1);
	test_dir();
	test_find();
	test_git();
	test_git_errors();
	test_dir_errors();
	test_size_limit();
	test_depth_limit();
	test_special_entries();
	test_threads();
	return check_done();
}

/* Unit tests of output: real folders under a temporary root. */
#include "output.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "output_place.h"
#include "check.h"
#include "mem.h"

static char root[4096];   /* the test's own temporary folder */

static char *at(const char *rel)
{
	static char path[8192];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	return path;
}

/* The file's bytes as a string, or NULL; the caller frees it. */
static char *slurp(const char *rel)
{
	FILE *f = fopen(at(rel), "rb");
	struct buf b;
	char chunk[4096];
	size_t n;
	if (!f)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	return buf_detach(&b);
}

static int file_is(const char *rel, const char *want)
{
	char *got = slurp(rel);
	int ok = CHECK_STR(got, want);
	free(got);
	return ok;
}

static int exists(const char *rel)
{
	struct stat st;
	return lstat(at(rel), &st) == 0;
}

/* Entries of root whose name starts with prefix. */
static int count_prefixed(const char *prefix)
{
	DIR *d = opendir(root);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)))
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

static int has_diag(const struct diag_list *diags, const char *part)
{
	for (size_t i = 0; i < diags->count; i++)
		if (strstr(diags->items[i].message, part))
			return 1;
	return 0;
}

static int put(struct output *o, const char *rel, const char *text)
{
	return output_write(o, rel, text, strlen(text));
}

/* name/rel, in a static buffer. */
static const char *in(const char *name, const char *rel)
{
	static char path[4096];
	snprintf(path, sizeof path, "%s%s%s", name, *rel ? "/" : "", rel);
	return path;
}

/* Leftovers beside the output folder name: ".name.tmp-*", ".name.old-*". */
static int leftovers(const char *name)
{
	char prefix[256];
	snprintf(prefix, sizeof prefix, ".%s.", name);
	return count_prefixed(prefix);
}

/* The first build of name: folders appear, counters add up. */
static void test_first_build(const char *name)
{
	struct diag_list diags;
	struct output o;
	struct stat st;
	diag_list_init(&diags);
	CHECK(output_begin(&o, at(name), &diags) == 0);
	CHECK(leftovers(name) == 1);
	CHECK(put(&o, "index.html", "<h1>Trang chủ</h1>") == 0);
	CHECK(put(&o, "tin-tuc/a.html", "tin A") == 0);
	CHECK(put(&o, "tin-tuc/2022/b.html", "tin B") == 0);
	CHECK(output_write(&o, "empty.txt", NULL, 0) == 0);
	CHECK(output_commit(&o) == 0);
	CHECK(o.files_written == 4 && o.files_kept == 0);
	CHECK(o.bytes_written == strlen("<h1>Trang chủ</h1>") + 10);
	output_dispose(&o);
	file_is(in(name, "index.html"), "<h1>Trang chủ</h1>");
	file_is(in(name, "tin-tuc/a.html"), "tin A");
	file_is(in(name, "tin-tuc/2022/b.html"), "tin B");
	file_is(in(name, "empty.txt"), "");
	CHECK(stat(at(name), &st) == 0 && (st.st_mode & 0777) == 0755);
	CHECK(leftovers(name) == 0);
	CHECK(diags.count == 0);
	diag_list_dispose(&diags);
}

static void set_old_mtime(const char *rel)
{
	struct timespec times[2] = {{1000000000, 0}, {1000000000, 0}};
	CHECK(utimensat(AT_FDCWD, at(rel), times, 0) == 0);
}

/* An unchanged file keeps its inode and mtime; a changed one gets its new
 * bytes; one not written again is gone, and so is its empty folder. */
static void test_second_build(const char *name, int no_exchange)
{
	struct diag_list diags;
	struct output o;
	struct stat before, after, changed;
	diag_list_init(&diags);
	/* An mtime far in the past shows whether the file was rewritten. */
	set_old_mtime(in(name, "index.html"));
	set_old_mtime(in(name, "tin-tuc/a.html"));
	CHECK(stat(at(in(name, "index.html")), &before) == 0);
	CHECK(output_begin(&o, at(name), &diags) == 0);
	o.no_exchange = no_exchange;
	CHECK(put(&o, "index.html", "<h1>Trang chủ</h1>") == 0);
	CHECK(put(&o, "tin-tuc/a.html", "tin A, sửa") == 0);
	CHECK(put(&o, "tin-tuc/c.html", "tin C") == 0);
	CHECK(output_write(&o, "empty.txt", "", 0) == 0);
	CHECK(output_commit(&o) == 0);
	CHECK(o.files_written == 2 && o.files_kept == 2);
	output_dispose(&o);
	CHECK(stat(at(in(name, "index.html")), &after) == 0);
	CHECK(after.st_ino == before.st_ino);
	CHECK(after.st_mtim.tv_sec == 1000000000);
	CHECK(after.st_nlink == 1);   /* the old tree is gone */
	file_is(in(name, "tin-tuc/a.html"), "tin A, sửa");
	CHECK(stat(at(in(name, "tin-tuc/a.html")), &changed) == 0 &&
	      changed.st_mtim.tv_sec != 1000000000);
	file_is(in(name, "tin-tuc/c.html"), "tin C");
	CHECK(!exists(in(name, "tin-tuc/2022/b.html")));
	CHECK(!exists(in(name, "tin-tuc/2022")));
	CHECK(leftovers(name) == 0);
	CHECK(diags.count == 0);
	diag_list_dispose(&diags);
}

/* Abort, and a commit after a failed write, leave site/ byte-identical. */
static void test_abort(void)
{
	struct diag_list diags;
	struct output o;
	struct stat before, after;
	diag_list_init(&diags);
	CHECK(stat(at("site/tin-tuc/a.html"), &before) == 0);
	CHECK(output_begin(&o, at("site"), &diags) == 0);
	CHECK(put(&o, "tin-tuc/a.html", "hỏng") == 0);
	CHECK(put(&o, "moi.html", "mới") == 0);
	output_abort(&o);
	output_dispose(&o);
	CHECK(output_begin(&o, at("site"), &diags) == 0);
	CHECK(put(&o, "tin-tuc/a.html", "hỏng") == 0);
	CHECK(put(&o, "../x", "x") == -1);
	CHECK(output_commit(&o) == -1);
	output_dispose(&o);
	file_is("site/tin-tuc/a.html", "tin A, sửa");
	file_is("site/index.html", "<h1>Trang chủ</h1>");
	CHECK(!exists("site/moi.html") && !exists("x"));
	CHECK(stat(at("site/tin-tuc/a.html"), &after) == 0);
	CHECK(after.st_ino == before.st_ino &&
	      after.st_mtim.tv_sec == before.st_mtim.tv_sec &&
	      after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
	CHECK(leftovers("site") == 0);
	CHECK(diags.errors == 1);
	diag_list_dispose(&diags);
}

/* In place: changed files move in, kept files stay untouched, files no
 * longer produced go; a failure in the middle puts everything back. */
static void in_place_build(struct output *o, struct diag_list *diags,
			   size_t fail_move)
{
	CHECK(output_begin_in_place(o, at("inplace"), diags) == 0);
	CHECK(o->in_place);
	o->fail_move = fail_move;
	CHECK(put(o, "index.html", "trang chủ mới") == 0);   /* changed */
	CHECK(output_keep(o, "giu.html", NULL) == 0);         /* kept */
	CHECK(put(o, "moi/b.html", "bài mới") == 0);          /* new */
	/* "cu/a.html" is not produced: it must go */
}

static void test_in_place(void)
{
	struct diag_list diags;
	struct output o;
	struct stat kept_before, kept_after;
	diag_list_init(&diags);
	CHECK(output_begin(&o, at("inplace"), &diags) == 0);
	put(&o, "index.html", "trang chủ");
	put(&o, "giu.html", "giữ nguyên");
	put(&o, "cu/a.html", "bài cũ");
	CHECK(output_commit(&o) == 0);
	output_dispose(&o);
	CHECK(stat(at("inplace/giu.html"), &kept_before) == 0);
	/* each of the four moves (old index aside, new index in, new page
	 * in, stale page out) failing in turn leaves the old site */
	for (size_t fail = 1; fail <= 4; fail++) {
		in_place_build(&o, &diags, fail);
		CHECK(output_commit(&o) == -1);
		output_dispose(&o);
		file_is("inplace/index.html", "trang chủ");
		file_is("inplace/cu/a.html", "bài cũ");
		CHECK(!exists("inplace/moi/b.html"));
		CHECK(leftovers("inplace") == 0);
	}
	CHECK(has_diag(&diags, "No space left on device"));
	in_place_build(&o, &diags, 0);
	CHECK(output_commit(&o) == 0);
	CHECK(o.files_written == 2 && o.files_kept == 1);
	output_dispose(&o);
	file_is("inplace/index.html", "trang chủ mới");
	file_is("inplace/moi/b.html", "bài mới");
	CHECK(!exists("inplace/cu/a.html") && !exists("inplace/cu"));
	CHECK(stat(at("inplace/giu.html"), &kept_after) == 0);
	CHECK(kept_after.st_ino == kept_before.st_ino &&
	      kept_after.st_mtim.tv_nsec == kept_before.st_mtim.tv_nsec);
	CHECK(leftovers("inplace") == 0);
	diag_list_dispose(&diags);
}

/* A permalink change can turn a file into a folder and back. */
static void test_in_place_file_to_folder(void)
{
	struct diag_list diags;
	struct output o;
	diag_list_init(&diags);
	CHECK(output_begin(&o, at("shape"), &diags) == 0);
	put(&o, "tin/a", "tệp");
	put(&o, "tin/b/index.html", "thư mục");
	CHECK(output_commit(&o) == 0);
	output_dispose(&o);
	CHECK(output_begin_in_place(&o, at("shape"), &diags) == 0);
	CHECK(put(&o, "tin/a/index.html", "giờ là thư mục") == 0);
	CHECK(put(&o, "tin/b", "giờ là tệp") == 0);
	CHECK(output_commit(&o) == 0);
	output_dispose(&o);
	file_is("shape/tin/a/index.html", "giờ là thư mục");
	file_is("shape/tin/b", "giờ là tệp");
	CHECK(leftovers("shape") == 0);
	CHECK(diags.count == 0);
	diag_list_dispose(&diags);
}

/* A commit killed at each of its moves in turn (CONGBO_TEST_KILL_AT, in
 * a child process) is finished by output_place_recover, as the next
 * build does under the lock: the new site, nothing left beside it. */
static void test_killed_commit(void)
{
	struct diag_list diags;
	struct output o;
	diag_list_init(&diags);
	for (int move = 1; move <= 4; move++) {
		output_remove_tree(at("killed"));
		CHECK(output_begin(&o, at("killed"), &diags) == 0);
		put(&o, "index.html", "trang chủ");
		put(&o, "giu.html", "giữ nguyên");
		put(&o, "cu/a.html", "bài cũ");
		CHECK(output_commit(&o) == 0);
		output_dispose(&o);
		fflush(NULL);
		pid_t pid = fork();
		if (pid == 0) {
			char at_move[32];
			snprintf(at_move, sizeof at_move, "commit-move:%d", move);
			setenv("CONGBO_TEST_KILL_AT", at_move, 1);
			if (output_begin_in_place(&o, at("killed"), &diags) == 0) {
				put(&o, "index.html", "trang chủ mới");
				output_keep(&o, "giu.html", NULL);
				put(&o, "moi/b.html", "bài mới");
				output_commit(&o);
			}
			_exit(0);
		}
		int status = 0;
		CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status));
		/* killed mid-commit: each page old or new, none missing */
		CHECK(exists("killed/index.html") && exists("killed/giu.html"));
		output_place_recover(at("killed"), &diags);
		file_is("killed/index.html", "trang chủ mới");
		file_is("killed/moi/b.html", "bài mới");
		file_is("killed/giu.html", "giữ nguyên");
		CHECK(!exists("killed/cu"));
		CHECK(leftovers("killed") == 0);
	}
	CHECK(has_diag(&diags, "finished the update"));
	diag_list_dispose(&diags);
}

static void test_hostile_paths(void)
{
	static const struct {
		const char *path, *message;
	} cases[] = {
		{"../x", "output path \"../x\" would leave the output folder"},
		{"/etc/x", "output path \"/etc/x\" is absolute; it would leave"},
		{"a/../../x", "\"a/../../x\" would leave the output folder"},
		{"a/..", "\"a/..\" would leave the output folder"},
		{"..", "\"..\" would leave the output folder"},
		{"a//b", "\"a//b\" has an empty segment"},
		{"a/", "\"a/\" has an empty segment"},
		{"a/./b", "\"a/./b\" has a \".\" segment"},
		{".", "\".\" has a \".\" segment"},
		{"", "output path \"\" is empty"},
		{"a\\b", "\"a\\b\" contains a backslash"},
		{"a\nb\033[2J", "\"a?b?[2J\" contains a control character"},
	};
	struct diag_list diags;
	struct output o;
	diag_list_init(&diags);
	CHECK(output_begin(&o, at("site"), &diags) == 0);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		CHECK(put(&o, cases[i].path, "x") == -1);
		if (!CHECK(has_diag(&diags, cases[i].message)))
			printf("  no diagnostic: %s\n", cases[i].message);
	}
	CHECK(diags.errors == sizeof cases / sizeof *cases);
	CHECK(o.failures == sizeof cases / sizeof *cases);
	output_abort(&o);
	output_dispose(&o);
	CHECK(!exists("x") && !exists("etc"));
	CHECK(output_check_path("..a/b..c/.d/a.b", NULL) == 0);
	CHECK(output_check_path("tin-tuc/2022/hội-nghị.html", NULL) == 0);
	diag_list_dispose(&diags);
}

static void test_conflicts(void)
{
	struct diag_list diags;
	struct output o;
	diag_list_init(&diags);
	CHECK(output_begin(&o, at("site"), &diags) == 0);
	CHECK(put(&o, "a.html", "1") == 0);
	CHECK(put(&o, "a.html", "2") == -1);
	CHECK(has_diag(&diags, "output path \"a.html\" is written twice"));
	CHECK(put(&o, "f", "file") == 0);
	CHECK(put(&o, "f/g.html", "under a file") == -1);
	CHECK(has_diag(&diags, "\"f/g.html\" needs a folder where another"));
	CHECK(put(&o, "d/e.html", "e") == 0);
	CHECK(put(&o, "d", "over a folder") == -1);
	CHECK(has_diag(&diags, "\"d\" is also a folder of other output"));
	CHECK(output_commit(&o) == -1);
	output_dispose(&o);
	CHECK(!exists("site/a.html") && !exists("site/f"));
	CHECK(leftovers("site") == 0);
	diag_list_dispose(&diags);
}

static void test_bad_out_dir(void)
{
	struct diag_list diags;
	struct output o;
	FILE *f = fopen(at("plain"), "w");
	diag_list_init(&diags);
	fclose(f);
	CHECK(output_begin(&o, at("plain"), &diags) == -1);
	CHECK(has_diag(&diags, "output folder exists and is not a folder"));
	CHECK(symlink("site", at("link")) == 0);
	CHECK(output_begin(&o, at("link"), &diags) == -1);
	CHECK(has_diag(&diags, "output folder is a symbolic link"));
	CHECK(output_begin(&o, "/", &diags) == -1);
	CHECK(output_begin(&o, "", &diags) == -1);
	CHECK(output_begin(&o, ".", &diags) == -1);
	CHECK(has_diag(&diags, "output folder \".\" cannot be replaced"));
	CHECK(output_begin(&o, at("no/such"), &diags) == -1);
	CHECK(has_diag(&diags, "cannot create a temporary folder"));
	output_dispose(&o);   /* harmless after a failed begin */
	CHECK(diags.errors == 6);
	CHECK(leftovers("plain") == 0 && leftovers("link") == 0);
	CHECK(unlink(at("plain")) == 0 && unlink(at("link")) == 0);
	diag_list_dispose(&diags);
}

/* A trailing '/' on out_dir changes nothing. */
static void test_trailing_slash(void)
{
	struct diag_list diags;
	struct output o;
	diag_list_init(&diags);
	CHECK(output_begin(&o, at("site/"), &diags) == 0);
	CHECK(leftovers("site") == 1);
	CHECK(put(&o, "index.html", "<h1>Trang chủ</h1>") == 0);
	CHECK(output_commit(&o) == 0);
	CHECK(o.files_kept == 1);
	output_dispose(&o);
	CHECK(!exists("site/tin-tuc"));
	CHECK(leftovers("site") == 0);
	diag_list_dispose(&diags);
}

enum { THREADS = 4, PER_THREAD = 250 };

struct worker {
	struct output *o;
	int id;
	int failures;
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	char rel[64], text[64];
	for (int i = 0; i < PER_THREAD; i++) {
		int n = w->id * PER_THREAD + i;
		/* Workers share folders, so they race to create them. */
		snprintf(rel, sizeof rel, "p%d/q%d/r%d.html", n % 7, n % 13, n);
		snprintf(text, sizeof text, "trang %d", n);
		w->failures += output_write(w->o, rel, text, strlen(text)) < 0;
	}
	return NULL;
}

static void build_concurrently(struct diag_list *diags, size_t *written,
			       size_t *kept)
{
	struct output o;
	pthread_t threads[THREADS];
	struct worker workers[THREADS];
	int failures = 0;
	CHECK(output_begin(&o, at("many"), diags) == 0);
	for (int t = 0; t < THREADS; t++) {
		workers[t] = (struct worker){&o, t, 0};
		pthread_create(&threads[t], NULL, worker_run, &workers[t]);
	}
	for (int t = 0; t < THREADS; t++) {
		pthread_join(threads[t], NULL);
		failures += workers[t].failures;
	}
	CHECK(failures == 0);
	CHECK(output_commit(&o) == 0);
	*written = o.files_written;
	*kept = o.files_kept;
	output_dispose(&o);
}

static void test_concurrent(void)
{
	struct diag_list diags;
	size_t written, kept;
	char rel[64], want[64];
	int landed = 0;
	diag_list_init(&diags);
	build_concurrently(&diags, &written, &kept);
	CHECK(written == THREADS * PER_THREAD && kept == 0);
	for (int n = 0; n < THREADS * PER_THREAD; n++) {
		snprintf(rel, sizeof rel, "many/p%d/q%d/r%d.html", n % 7,
			 n % 13, n);
		snprintf(want, sizeof want, "trang %d", n);
		char *got = slurp(rel);
		landed += got && strcmp(got, want) == 0;
		free(got);
	}
	CHECK(landed == THREADS * PER_THREAD);
	build_concurrently(&diags, &written, &kept);
	CHECK(written == 0 && kept == THREADS * PER_THREAD);
	CHECK(diags.count == 0);
	CHECK(leftovers("many") == 0);
	diag_list_dispose(&diags);
}

static void test_remove_tree(void)
{
	FILE *f = fopen(at("keep.txt"), "w");
	fclose(f);
	CHECK(mkdir(at("tree"), 0755) == 0 && mkdir(at("tree/sub"), 0755) == 0);
	f = fopen(at("tree/sub/x"), "w");
	fclose(f);
	CHECK(symlink("../../keep.txt", at("tree/sub/to-keep")) == 0);
	CHECK(symlink("..", at("tree/up")) == 0);
	CHECK(output_remove_tree(at("tree")) == 0);
	CHECK(!exists("tree") && exists("keep.txt"));
	CHECK(output_remove_tree(at("tree")) == 0);   /* already gone */
	CHECK(output_remove_tree(at("keep.txt")) == 0 && !exists("keep.txt"));
	CHECK(output_remove_tree("/") == -1);
	CHECK(output_remove_tree("//") == -1);
	CHECK(output_remove_tree("") == -1);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(root, sizeof root, "%s/congbo-output-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	test_first_build("site");
	test_second_build("site", 0);
	test_abort();
	test_hostile_paths();
	test_conflicts();
	test_bad_out_dir();
	test_trailing_slash();
	/* The same again through the fallback swap. */
	test_first_build("fallback");
	test_second_build("fallback", 1);
	test_concurrent();
	test_in_place();
	test_in_place_file_to_folder();
	test_killed_commit();
	test_remove_tree();
	CHECK(output_remove_tree(root) == 0);
	return check_done();
}

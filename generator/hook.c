/* hook: the hook scripts and installing them (see hook.h). */
#include "hook.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "gitlib.h"
#include "publish.h"
#include "text.h"

/* A hook file larger than this is not ours, and is not read further. */
#define HOOK_MAX_SIZE (1024 * 1024)

const char *hook_name(enum hook_kind kind)
{
	static const char *const names[HOOK_KIND_COUNT] = {
		"post-commit", "post-receive", "pre-receive",
	};
	return names[kind];
}

/* The binary running now, which the hook will call. */
static void hook_self(struct buf *b)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	if (n <= 0 || (size_t)n >= sizeof path - 1) {
		buf_puts(b, "congbo");
		return;
	}
	path[n] = '\0';
	buf_puts(b, path);
}

/* The lines every script starts with: marker, purpose, settings. */
static void hook_head(struct buf *b, const char *purpose,
		      const struct hook_options *opts, bool push)
{
	struct buf self;
	buf_init(&self);
	hook_self(&self);
	buf_printf(b, "#!/bin/sh\n%s\n%s"
		   "# The settings below come from the options of 'congbo hook "
		   "install';\n# run it again to change them ('congbo help "
		   "hook').\nCONGBO=", HOOK_MARKER, purpose);
	text_quote_sh(b, self.data);
	buf_puts(b, "\nBRANCH=");
	text_quote_sh(b, opts->branch);
	buf_puts(b, "\nSOURCE=");
	text_quote_sh(b, opts->source);
	if (push) {
		buf_puts(b, "\nPUSH=");
		text_quote_sh(b, opts->push ? opts->push : "");
	}
	buf_puts(b, "\n");
	buf_dispose(&self);
}

/* The loop over the refs a push updated, keeping only the source branch
 * when it was not deleted (new id all zeros): other branches are work in
 * progress, which is neither checked nor published. */
#define HOOK_READ_SOURCE \
	"status=0\n" \
	"while read -r old new ref; do\n" \
	"\t[ \"$ref\" = \"refs/heads/$SOURCE\" ] || continue\n" \
	"\tcase $new in *[!0]*) ;; *) continue ;; esac\n"

/* Refuses what would bypass the check: a push to the publish branch, a
 * deleted source branch, and (unless the config allows it) a rewritten
 * one; git runs this with the pushed objects visible. */
#define HOOK_PRE_RECEIVE_GUARDS \
	"status=0\n" \
	"refuse() { echo \"congbo: push to ${ref#refs/heads/} refused: $1\" >&2; " \
	"status=1; }\n" \
	"while read -r old new ref; do\n" \
	"\tif [ \"$ref\" = \"refs/heads/$BRANCH\" ]; then\n" \
	"\t\trefuse \"the branch $BRANCH is written by 'congbo publish' only; " \
	"push to $SOURCE (a rollback: push a revert, or run 'congbo publish " \
	"--rev' on the server)\"\n" \
	"\t\tcontinue\n\tfi\n" \
	"\t[ \"$ref\" = \"refs/heads/$SOURCE\" ] || continue\n" \
	"\tcase $new in *[!0]*) ;; *) refuse \"deleting $SOURCE would leave the " \
	"portal without a source\"; continue ;; esac\n" \
	"\tcase $old in *[!0]*) if ! git merge-base --is-ancestor \"$old\" " \
	"\"$new\" && [ \"$(git config --bool congbo.allowNonFastForward)\" != " \
	"true ]; then\n" \
	"\t\trefuse \"it rewrites history (a force push); pull, merge and " \
	"push again, or allow it on the server: git config " \
	"congbo.allowNonFastForward true\"\n" \
	"\t\tcontinue\n\tfi ;; esac\n"

/* What post-receive says when publishing failed: git cannot fail a push
 * that it has already accepted, so the pusher must not miss it. */
#define HOOK_PUBLISH_FAILED \
	"\t\techo \"**********************************************************\" " \
	">&2\n" \
	"\t\techo \"congbo: THE PORTAL WAS NOT UPDATED. Your push was received " \
	"(so git\" >&2\n" \
	"\t\techo \"congbo: reports success), but publishing $SOURCE failed with " \
	"the errors\" >&2\n" \
	"\t\techo \"congbo: above, and the web site still shows the version " \
	"before.\" >&2\n" \
	"\t\techo \"congbo: Fix them and push again: every push retries.\" >&2\n" \
	"\t\techo \"**********************************************************\" " \
	">&2\n"

static void hook_script(struct buf *b, enum hook_kind kind,
			const struct hook_options *opts)
{
	switch (kind) {
	case HOOK_POST_COMMIT:
		hook_head(b, "# post-commit: builds each new commit and publishes "
			  "it to the branch BRANCH.\n", opts, true);
		buf_puts(b,
		"# only a commit on the source branch is the portal\n"
		"[ \"$(git symbolic-ref -q HEAD)\" = \"refs/heads/$SOURCE\" ] "
		"|| exit 0\n"
		"# HEAD rather than an id: congbo reads it under its publish "
		"lock, so\n# of two quick commits the later one stays "
		"published\n"
		"set -- publish --repo . --branch \"$BRANCH\" --rev HEAD\n"
		"[ -n \"$PUSH\" ] && set -- \"$@\" --push \"$PUSH\"\n"
		"exec \"$CONGBO\" \"$@\"\n");
		break;
	case HOOK_POST_RECEIVE:
		hook_head(b, "# post-receive: builds the branch SOURCE when it "
			  "was pushed and publishes it\n# to the branch BRANCH "
			  "(and deploys it: git config congbo.deploy).\n",
			  opts, true);
		buf_puts(b, HOOK_READ_SOURCE
		"\t# the branch rather than $new: congbo reads it under its "
		"publish lock,\n\t# so of two quick pushes the later one stays "
		"published\n"
		"\tset -- publish --repo . --branch \"$BRANCH\" --rev \"$ref\"\n"
		"\t[ -n \"$PUSH\" ] && set -- \"$@\" --push \"$PUSH\"\n"
		"\tif ! \"$CONGBO\" \"$@\"; then\n"
		HOOK_PUBLISH_FAILED
		"\t\tstatus=1\n\tfi\n"
		"done\nexit $status\n");
		break;
	default:
		hook_head(b, "# pre-receive: refuses a push to SOURCE whose new "
			  "commit fails 'congbo check'\n# (the pusher sees the "
			  "errors), a rewrite of SOURCE, and any push to "
			  "BRANCH.\n", opts, false);
		buf_puts(b, HOOK_PRE_RECEIVE_GUARDS
		"\tif ! \"$CONGBO\" check --repo . --rev \"$new\" --published "
		"\"refs/heads/$BRANCH\"; then\n"
		"\t\techo \"congbo: push to ${ref#refs/heads/} refused: fix "
		"the errors above and push again\" >&2\n"
		"\t\tstatus=1\n\tfi\n"
		"done\nexit $status\n");
		break;
	}
}

/* The folder hooks live in: core.hooksPath when set (a relative one from
 * where git runs hooks: the working tree's top, or a bare repository),
 * else hooks/ in the git folder.  The caller frees it. */
static char *hook_folder(git_repository *repo)
{
	git_config *cfg = NULL;
	git_buf value = GIT_BUF_INIT;
	struct buf b;
	buf_init(&b);
	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_path(&value, cfg, "core.hooksPath") == 0 &&
	    value.size) {
		if (value.ptr[0] != '/')
			buf_puts(&b, git_repository_workdir(repo)
				 ? git_repository_workdir(repo)
				 : git_repository_path(repo));
		buf_puts(&b, value.ptr);
	} else {
		buf_printf(&b, "%shooks", git_repository_commondir(repo));
	}
	git_buf_dispose(&value);
	git_config_free(cfg);
	return buf_detach(&b);
}

/* Reads the hook at path into text.  Returns 1 when there is one that is
 * a readable regular file no larger than HOOK_MAX_SIZE, 0 when there is
 * nothing, -1 for anything else (a link, a huge file): not ours. */
static int hook_read(const char *path, struct buf *text, bool *executable)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISREG(st.st_mode) || st.st_size > HOOK_MAX_SIZE)
		return -1;
	*executable = (st.st_mode & 0111) == 0111;
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(text, chunk, n);
	int bad = ferror(f);
	fclose(f);
	return bad ? -1 : 1;
}

static bool hook_is_ours(const struct buf *text)
{
	const char *m = strstr(text->data, "\n" HOOK_MARKER "\n");
	return m != NULL;
}

/* Writes text as path, executable, through a temporary file and a rename
 * so that git never runs half a script. */
static int hook_write(const char *path, const struct buf *text,
		      struct diag_list *diags)
{
	struct buf tmp;
	int fd, status = -1;
	buf_init(&tmp);
	buf_printf(&tmp, "%s.congbo-XXXXXX", path);
	fd = mkstemp(tmp.data);
	if (fd < 0)
		goto fail;
	if (write(fd, text->data, text->len) != (ssize_t)text->len ||
	    fchmod(fd, 0755) != 0 || fsync(fd) != 0) {
		close(fd);
		unlink(tmp.data);
		goto fail;
	}
	if (close(fd) != 0 || rename(tmp.data, path) != 0) {
		unlink(tmp.data);
		goto fail;
	}
	status = 0;
	goto out;
fail:
	diag_error(diags, NULL, 0, 0, "cannot write the hook %s: %s", path,
		   strerror(errno));
out:
	buf_dispose(&tmp);
	return status;
}

/* Installs one hook into folder; records it in the report. */
static int hook_install_one(enum hook_kind kind, const char *folder,
			    const struct hook_options *opts,
			    struct diag_list *diags, struct hook_report *r)
{
	struct buf path, text, old;
	bool executable = false;
	int status = -1;
	buf_init(&path);
	buf_init(&text);
	buf_init(&old);
	buf_printf(&path, "%s/%s", folder, hook_name(kind));
	hook_script(&text, kind, opts);
	int found = hook_read(path.data, &old, &executable);
	enum hook_outcome outcome = HOOK_WRITTEN;
	if (found != 0 && !(found > 0 && hook_is_ours(&old))) {
		if (!opts->force) {
			diag_error(diags, NULL, 0, 0, "%s is not congbo's hook, "
				   "so it was kept: add a line calling congbo "
				   "to it by hand ('congbo help hook'), or "
				   "replace it with 'congbo hook install "
				   "--force'", path.data);
			goto out;
		}
		outcome = HOOK_REPLACED;
	} else if (found > 0) {
		outcome = strcmp(old.data, text.data) == 0 && executable
			? HOOK_UNCHANGED : HOOK_UPDATED;
	}
	if (outcome != HOOK_UNCHANGED && hook_write(path.data, &text,
						    diags) != 0)
		goto out;
	r->items[r->count++] = (struct hook_report_item){
		kind, outcome, buf_detach(&path),
	};
	status = 0;
out:
	buf_dispose(&path);
	buf_dispose(&text);
	buf_dispose(&old);
	return status;
}

/* Makes the hooks folder when missing (a repository made by a tool other
 * than git may have none). */
static int hook_make_folder(const char *folder, struct diag_list *diags)
{
	if (mkdir(folder, 0755) == 0 || errno == EEXIST)
		return 0;
	diag_error(diags, NULL, 0, 0, "cannot make the hooks folder %s: %s",
		   folder, strerror(errno));
	return -1;
}

static int hook_install_all(git_repository *repo, const struct hook_options *o,
			    struct diag_list *diags, struct hook_report *r)
{
	unsigned kinds = o->kinds;
	char *folder = hook_folder(repo);
	int status = hook_make_folder(folder, diags);
	if (!kinds)
		kinds = git_repository_is_bare(repo)
			? (1u << HOOK_PRE_RECEIVE) | (1u << HOOK_POST_RECEIVE)
			: 1u << HOOK_POST_COMMIT;
	bool folder_ok = status == 0;
	for (int k = 0; k < HOOK_KIND_COUNT && folder_ok; k++)
		if ((kinds & (1u << k)) &&
		    hook_install_one(k, folder, o, diags, r) != 0)
			status = -1;
	free(folder);
	return status;
}

int hook_install(const struct hook_options *opts, struct diag_list *diags,
		 struct hook_report *report)
{
	struct hook_options o = *opts;
	git_repository *repo = NULL;
	int status = -1;
	memset(report, 0, sizeof *report);
	o.repo = o.repo ? o.repo : ".";
	o.branch = o.branch ? o.branch : PUBLISH_DEFAULT_BRANCH;
	o.source = o.source ? o.source : HOOK_DEFAULT_SOURCE;
	if (gitlib_init(diags) != 0)
		return -1;
	if (gitlib_open(&repo, o.repo, diags) == 0)
		status = hook_install_all(repo, &o, diags, report);
	git_repository_free(repo);
	gitlib_shutdown();
	return status;
}

void hook_report_dispose(struct hook_report *report)
{
	for (size_t i = 0; i < report->count; i++)
		free(report->items[i].path);
	report->count = 0;
}

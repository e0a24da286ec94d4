/* publish: build a commit, commit the build to a branch (see publish.h).
 *
 * The build goes through build_run into a folder kept in the repository's
 * git folder for each publish branch (congbo-publish/<branch>/site), with
 * its incremental cache beside it: a publish after a push renders only
 * what the push changed, and deletes nothing on the way.  The folder is
 * then read back into the object database (publish_tree.h), where only
 * the files the build changed are hashed again.  Keeping the build in
 * memory instead would spare that round trip, but it costs little (the
 * files are fresh in the page cache; see README, "Publishing from git")
 * and keeps one output path for every command. */
#include "publish.h"
#include "mem.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "gitlib.h"
#include "outdir.h"
#include "output.h"
#include "publish_ssh.h"
#include "publish_tree.h"
#include "testkill.h"

/* What one publish holds while it runs. */
struct publish_state {
	const struct publish_options *opts;
	struct diag_list *diags;
	struct publish_report *report;
	git_repository *repo;
	struct buf refname;       /* "refs/heads/site" */
	struct buf deploy_to;     /* the web root, or "" */
	int lock_fd;
	struct buf build_dir;     /* the branch's build folder (its site/,
				     caches beside) */
	char *tmp_dir;            /* the folder of the build's temporary
				     files, or NULL */
};

/* How old a ref lock ("refs/heads/site.lock") must be, with the publish
 * lock ours, to be taken for one a killed publish left: git holds its
 * own for milliseconds. */
#define PUBLISH_STALE_REF_LOCK_SECONDS 2

static double publish_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool publish_branch_is_valid(const char *name)
{
	struct diag_list ignored;
	struct buf ref;
	int valid = 0;
	diag_list_init(&ignored);
	buf_init(&ref);
	buf_printf(&ref, "refs/heads/%s", name);
	if (*name && *name != '-' && gitlib_init(&ignored) == 0) {
		if (git_reference_name_is_valid(&valid, ref.data) != 0)
			valid = 0;
		gitlib_shutdown();
	}
	buf_dispose(&ref);
	diag_list_dispose(&ignored);
	return valid != 0;
}

static int publish_git_error(struct publish_state *s, const char *what)
{
	diag_error(s->diags, NULL, 0, 0, "%s in %s: %s", what, s->opts->repo,
		   gitlib_message());
	return -1;
}

/* Moving the branch that a working tree (of the repository or of one of
 * its worktrees) has checked out would leave the files behind its HEAD,
 * as if someone had undone the publish by hand. */
static int publish_check_head(struct publish_state *s)
{
	git_reference *ref = NULL;
	int status = 0;
	if (git_reference_lookup(&ref, s->repo, s->refname.data) == 0 &&
	    git_branch_is_checked_out(ref) == 1) {
		diag_error(s->diags, NULL, 0, 0, "the publish branch %s is "
			   "checked out in %s: publishing would change it under "
			   "its files; check out another branch, or name "
			   "another publish branch with --branch",
			   s->refname.data + strlen("refs/heads/"),
			   s->opts->repo);
		status = -1;
	}
	git_reference_free(ref);
	return status;
}

/* With the publish lock ours, a lock file of the publish branch older
 * than a moment was left by a publish killed while moving the branch:
 * git would refuse every later update, so it goes, with a warning. */
static int publish_clear_ref_lock(struct publish_state *s)
{
	struct buf path;
	struct stat st;
	int status = 0;
	buf_init(&path);
	buf_printf(&path, "%s%s.lock", git_repository_commondir(s->repo),
		   s->refname.data);
	for (int tries = 0; lstat(path.data, &st) == 0; tries++) {
		if (time(NULL) - st.st_mtime >= PUBLISH_STALE_REF_LOCK_SECONDS) {
			if (unlink(path.data) != 0) {
				diag_error(s->diags, NULL, 0, 0, "cannot remove "
					   "the stale lock %s: %s", path.data,
					   strerror(errno));
				status = -1;
			} else
				diag_warning(s->diags, NULL, 0, 0, "removed the "
					     "stale lock %s, left by a publish "
					     "that was stopped while moving "
					     "the branch", path.data);
			break;
		}
		nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
	}
	buf_dispose(&path);
	return status;
}

/* Takes the repository's publish lock, waiting for another publish to
 * finish.  flock rather than an O_EXCL file: the kernel drops it when its
 * holder dies, so a publish killed halfway (a hook timed out) cannot block
 * every later one until someone removes a file by hand. */
static int publish_lock(struct publish_state *s)
{
	struct buf path;
	int status = -1;
	buf_init(&path);
	buf_printf(&path, "%s%s", git_repository_commondir(s->repo),
		   PUBLISH_LOCK_FILE);
	/* 0666 less the umask: group-writable in a shared repository */
	s->lock_fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (s->lock_fd < 0 && errno == EACCES)   /* another writer's: flock */
		s->lock_fd = open(path.data, O_RDONLY | O_CLOEXEC);  /* needs no write */
	if (s->lock_fd < 0) {
		diag_error(s->diags, NULL, 0, 0, "cannot open the publish lock "
			   "%s: %s", path.data, strerror(errno));
		goto out;
	}
	for (long tries = 0; flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0;
	     tries++) {
		if ((errno != EWOULDBLOCK && errno != EINTR) ||
		    tries >= PUBLISH_LOCK_WAIT_SECONDS * 10L) {
			diag_error(s->diags, NULL, 0, 0, "cannot take the "
				   "publish lock %s: %s", path.data,
				   errno == EWOULDBLOCK ? "another publish has "
				   "held it for too long" : strerror(errno));
			goto out;
		}
		nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
	}
	status = publish_clear_ref_lock(s);
out:
	buf_dispose(&path);
	return status;
}

static int publish_tip(struct publish_state *s, git_commit **tip);
static long long publish_next_due_of(git_commit *commit);

/* For --if-due: whether the tip of the publish branch names a Next-Due
 * time that has come (or there is no publish yet).  Reads one commit. */
static bool publish_is_due(struct publish_state *s)
{
	git_commit *tip = NULL;
	if (publish_tip(s, &tip) != 0 || !tip)
		return true;   /* an error is reported by the publish itself */
	s->report->next_due = publish_next_due_of(tip);
	git_commit_free(tip);
	return s->report->next_due <= s->opts->now;
}

/* Resolves the source revision, under the lock (see publish.h). */
static int publish_resolve(struct publish_state *s, git_commit **out)
{
	git_object *obj = NULL;
	int status = -1;
	*out = NULL;
	if (git_revparse_single(&obj, s->repo, s->opts->rev) != 0 ||
	    git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT) != 0) {
		diag_error(s->diags, NULL, 0, 0, "revision \"%s\" is not a "
			   "commit of %s: %s", s->opts->rev, s->opts->repo,
			   gitlib_message());
		goto out;
	}
	git_oid_tostr(s->report->source, sizeof s->report->source,
		      git_commit_id(*out));
	status = 0;
out:
	git_object_free(obj);
	return status;
}

/* Makes the publish branch's build folder, <git folder>/congbo-publish/
 * <branch>, "/" and "%" in the branch's name written %2F and %25. */
static int publish_make_build_dir(struct publish_state *s)
{
	struct buf *dir = &s->build_dir;
	buf_printf(dir, "%scongbo-publish", git_repository_commondir(s->repo));
	if (mkdir(dir->data, 0777) != 0 && errno != EEXIST)
		goto fail;
	buf_putc(dir, '/');
	for (const char *c = s->opts->branch; *c; c++)
		if (*c == '/' || *c == '%')
			buf_printf(dir, "%%%02X", (unsigned char)*c);
		else
			buf_putc(dir, *c);
	if (mkdir(dir->data, 0777) != 0 && errno != EEXIST)
		goto fail;
	return 0;
fail:
	diag_error(s->diags, NULL, 0, 0, "cannot make the publish's build "
		   "folder %s: %s", dir->data, strerror(errno));
	return -1;
}

/* Makes the folder of the build's temporary files (the Excel writer's
 * among them), <build folder>/tmp: under the publish lock no other
 * publish uses it, so what a killed one left there goes first (it is
 * empty otherwise). */
static int publish_make_tmp(struct publish_state *s)
{
	struct buf dir;
	buf_init(&dir);
	buf_printf(&dir, "%s/tmp", s->build_dir.data);
	if (output_remove_tree(dir.data) != 0 ||
	    (mkdir(dir.data, 0777) != 0 && errno != EEXIST)) {
		diag_error(s->diags, NULL, 0, 0, "cannot make a folder to build "
			   "in (%s): %s", dir.data, strerror(errno));
		buf_dispose(&dir);
		return -1;
	}
	s->tmp_dir = buf_detach(&dir);
	return 0;
}

/* Builds the source commit into the branch's build folder, over what the
 * last publish built there. */
static int publish_build(struct publish_state *s)
{
	struct buf site, store;
	int status = -1;
	buf_init(&site);
	buf_init(&store);
	if (publish_make_build_dir(s) < 0 || publish_make_tmp(s) < 0)
		goto out;
	buf_printf(&site, "%s/site", s->build_dir.data);
	/* resized photos are kept in the repository's git folder for every
	 * branch (and for builds that lost their cache) */
	buf_printf(&store, "%scongbo-photos", git_repository_commondir(s->repo));
	struct build_options bo = {
		.photo_store = store.data,
		.out_dir = site.data, .own_out = true, .repo = s->opts->repo,
		.rev = s->report->source, .drafts = s->opts->drafts,
		.future = s->opts->future, .jobs = s->opts->jobs,
		.now = s->opts->now,
	};
	/* temporary files of the build go into our folder, so a killed
	 * publish leaves none in TMPDIR; no other thread runs yet */
	char *old_tmp = getenv("TMPDIR") ? xstrdup(getenv("TMPDIR")) : NULL;
	setenv("TMPDIR", s->tmp_dir, 1);
	status = build_run(&bo, s->diags, &s->report->build);
	if (old_tmp)
		setenv("TMPDIR", old_tmp, 1);
	else
		unsetenv("TMPDIR");
	free(old_tmp);
out:
	buf_dispose(&site);
	buf_dispose(&store);
	return status;
}

/* The publish branch's tip, or NULL (and 0) when it does not exist yet. */
static int publish_tip(struct publish_state *s, git_commit **tip)
{
	git_reference *ref = NULL;
	int rc = git_reference_lookup(&ref, s->repo, s->refname.data);
	*tip = NULL;
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc == 0)
		rc = git_reference_peel((git_object **)tip, ref,
					GIT_OBJECT_COMMIT);
	git_reference_free(ref);
	if (rc != 0)
		return publish_git_error(s, "cannot read the publish branch");
	return 0;
}

/* "Build of 1a2b3c4: <subject>", and in the body the full id and, when
 * an article was left out as future, when the first of them comes due
 * (what publish --if-due reads). */
static void publish_message(struct buf *b, git_commit *source,
			    long long next_due)
{
	const char *id = git_oid_tostr_s(git_commit_id(source));
	const char *subject = git_commit_summary(source);
	buf_printf(b, "Build of %.7s: %s\n\nSource-Commit: %s\n"
		   "Generator: congbo %s\n", id, subject ? subject : "", id,
		   CONGBO_VERSION);
	if (next_due != LLONG_MAX)
		buf_printf(b, "%s%lld\n", PUBLISH_NEXT_DUE, next_due);
}

/* The Next-Due time a publish commit records, or LLONG_MAX. */
static long long publish_next_due_of(git_commit *commit)
{
	const char *msg = commit ? git_commit_message(commit) : NULL;
	const char *line = msg ? strstr(msg, "\n" PUBLISH_NEXT_DUE) : NULL;
	return line ? strtoll(line + 1 + strlen(PUBLISH_NEXT_DUE), NULL, 10)
		    : LLONG_MAX;
}

/* The committer: the repository's user.name and user.email, or congbo
 * itself on a server that has none. */
static int publish_signature(git_signature **sig, git_repository *repo)
{
	if (git_signature_default(sig, repo) == 0)
		return 0;
	return git_signature_now(sig, "congbo", "congbo@localhost");
}

/* Commits tree on top of tip and moves the branch, only if it still
 * points where it did: a branch moved meanwhile is an error, never lost. */
static int publish_commit(struct publish_state *s, git_commit *source,
			  const git_oid *tree_id, git_commit *tip)
{
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_reference *ref = NULL;
	git_oid id;
	struct buf msg, log;
	int status = -1;
	buf_init(&msg);
	buf_init(&log);
	publish_message(&msg, source, s->report->build.next_due);
	buf_printf(&log, "congbo publish: build of %.7s", s->report->source);
	const git_commit *parents[1] = {tip};
	if (publish_signature(&sig, s->repo) != 0 ||
	    git_tree_lookup(&tree, s->repo, tree_id) != 0 ||
	    git_commit_create(&id, s->repo, NULL, sig, sig, NULL, msg.data,
			      tree, tip ? 1 : 0, parents) != 0) {
		publish_git_error(s, "cannot write the publish commit");
		goto out;
	}
	testkill_point("publish-ref");
	int rc = tip ? git_reference_create_matching(&ref, s->repo,
			       s->refname.data, &id, 1, git_commit_id(tip),
			       log.data)
		     : git_reference_create(&ref, s->repo, s->refname.data,
					    &id, 0, log.data);
	if (rc != 0) {
		publish_git_error(s, rc == GIT_EMODIFIED || rc == GIT_EEXISTS
				  ? "the publish branch moved while publishing "
				    "(nothing was lost: publish again)"
				  : "cannot move the publish branch");
		goto out;
	}
	git_oid_tostr(s->report->commit, sizeof s->report->commit, &id);
	s->report->created = true;
	status = 0;
out:
	git_reference_free(ref);
	git_tree_free(tree);
	git_signature_free(sig);
	buf_dispose(&msg);
	buf_dispose(&log);
	return status;
}

/* Writes the build as a tree, and commits it unless the tip has it. */
static int publish_write(struct publish_state *s, git_commit *source)
{
	git_commit *tip = NULL;
	git_oid tree_id;
	struct publish_tree_stats stats;
	struct buf path, cache;
	int status = -1;
	double start = publish_clock();
	buf_init(&path);
	buf_init(&cache);
	buf_printf(&path, "%s/site", s->build_dir.data);
	buf_printf(&cache, "%s/tree-cache", s->build_dir.data);
	if (publish_tree_write(s->repo, s->opts->repo, path.data, cache.data,
			       &tree_id, &stats, s->diags) != 0 ||
	    publish_tip(s, &tip) != 0)
		goto out;
	s->report->files = stats.files;
	/* the same files, and the same article next due: nothing to record */
	if (tip && git_oid_equal(git_commit_tree_id(tip), &tree_id) &&
	    publish_next_due_of(tip) == s->report->build.next_due) {
		git_oid_tostr(s->report->commit, sizeof s->report->commit,
			      git_commit_id(tip));
		status = 0;   /* nothing the site shows changed */
	} else {
		status = publish_commit(s, source, &tree_id, tip);
	}
out:
	/* a tree that no branch holds may be pruned by git gc: its ids must
	 * not be taken from the cache then */
	if (status != 0)
		unlink(cache.data);
	s->report->write_seconds = publish_clock() - start;
	git_commit_free(tip);
	buf_dispose(&path);
	buf_dispose(&cache);
	return status;
}

/* What a push learns besides its status. */
struct publish_push_state {
	struct publish_ssh ssh;   /* first: the ssh callbacks read the payload
				   * as a struct publish_ssh */
	struct buf rejected;      /* "refs/heads/site: non-fast-forward" */
};

static int publish_push_update(const char *refname, const char *status,
			       void *payload)
{
	struct publish_push_state *p = payload;
	if (status)
		buf_printf(&p->rejected, "%s%s: %s", p->rejected.len ? "; " : "",
			   refname, status);
	return 0;
}

/* The URL a push goes to: the remote's push URL, else its URL. */
static const char *publish_push_url(const git_remote *remote)
{
	const char *url = git_remote_pushurl(remote);
	return url ? url : git_remote_url(remote);
}

static int publish_push(struct publish_state *s)
{
	const char *name = s->opts->push;
	git_remote *remote = NULL;
	git_push_options po;
	struct publish_push_state p;
	struct buf spec;
	int status = -1;
	buf_init(&p.rejected);
	buf_init(&spec);
	buf_printf(&spec, "%s:%s", s->refname.data, s->refname.data);
	char *specs[1] = {spec.data};
	git_strarray refspecs = {specs, 1};
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	po.callbacks.push_update_reference = publish_push_update;
	po.callbacks.credentials = publish_ssh_credentials;
	po.callbacks.certificate_check = publish_ssh_certificate;
	po.callbacks.payload = &p;
	if (git_remote_lookup(&remote, s->repo, name) != 0 &&
	    git_remote_create_anonymous(&remote, s->repo, name) != 0) {
		diag_error(s->diags, NULL, 0, 0, "cannot push %s to %s: %s",
			   s->refname.data, name, gitlib_message());
		goto out;
	}
	publish_ssh_init(&p.ssh, publish_push_url(remote));
	if (git_remote_push(remote, &refspecs, &po) != 0) {
		if (!publish_ssh_refusal(&p.ssh, name, s->diags))
			diag_error(s->diags, NULL, 0, 0,
				   "cannot push %s to %s: %s", s->refname.data,
				   name, gitlib_message());
		goto out;
	}
	if (p.rejected.len) {
		diag_error(s->diags, NULL, 0, 0, "%s refused the push: %s",
			   name, p.rejected.data);
		goto out;
	}
	s->report->pushed = true;
	status = 0;
out:
	git_remote_free(remote);
	buf_dispose(&p.rejected);
	buf_dispose(&spec);
	return status;
}

/* The web root to deploy to: --deploy, else the git config's
 * congbo.deploy (and congbo.keep), else none (*to stays NULL).  The
 * strings live in s->deploy_to. */
static int publish_deploy_target(struct publish_state *s, unsigned *keep)
{
	git_config *cfg = NULL;
	git_buf value = GIT_BUF_INIT;
	int32_t n = 0;
	if (s->opts->no_deploy)
		return 0;
	if (git_repository_config_snapshot(&cfg, s->repo) != 0)
		return publish_git_error(s, "cannot read the git config");
	if (s->opts->deploy)
		buf_puts(&s->deploy_to, s->opts->deploy);
	else if (git_config_get_string_buf(&value, cfg, "congbo.deploy") == 0)
		buf_put(&s->deploy_to, value.ptr, value.size);
	if (git_config_get_int32(&n, cfg, "congbo.keep") == 0 && n > 0)
		*keep = (unsigned)n;
	git_buf_dispose(&value);
	git_config_free(cfg);
	return 0;
}

/* Deploys the branch's tip where the options or the config say. */
static int publish_deploy(struct publish_state *s)
{
	unsigned keep = 0;
	if (publish_deploy_target(s, &keep) != 0)
		return -1;
	if (!s->deploy_to.len)
		return 0;
	struct deploy_options d = {
		.repo = s->opts->repo, .branch = s->opts->branch,
		.rev = s->report->commit, .to = s->deploy_to.data, .keep = keep,
	};
	if (deploy_run(&d, s->diags, &s->report->deploy) != 0)
		return -1;
	snprintf(s->report->deployed_to, sizeof s->report->deployed_to, "%s",
		 s->deploy_to.data);
	return 0;
}

static void publish_cleanup(struct publish_state *s)
{
	/* left as it is: the next publish empties it, off the way from
	 * push to live */
	free(s->tmp_dir);
	if (s->lock_fd >= 0)
		close(s->lock_fd);   /* drops the lock */
	git_repository_free(s->repo);
	buf_dispose(&s->refname);
	buf_dispose(&s->deploy_to);
	buf_dispose(&s->build_dir);
}

int publish_run(const struct publish_options *opts, struct diag_list *diags,
		struct publish_report *report)
{
	struct publish_options o = *opts;
	struct publish_state s = {
		.opts = &o, .diags = diags, .report = report, .lock_fd = -1,
	};
	git_commit *source = NULL;
	int status = -1;
	o.repo = o.repo ? o.repo : ".";
	o.rev = o.rev ? o.rev : "HEAD";
	o.branch = o.branch ? o.branch : PUBLISH_DEFAULT_BRANCH;
	memset(report, 0, sizeof *report);
	buf_init(&s.refname);
	buf_init(&s.deploy_to);
	buf_init(&s.build_dir);
	buf_printf(&s.refname, "refs/heads/%s", o.branch);
	if (gitlib_init(diags) != 0) {
		buf_dispose(&s.refname);
		buf_dispose(&s.deploy_to);
		buf_dispose(&s.build_dir);
		return -1;
	}
	if (gitlib_open(&s.repo, o.repo, diags) != 0 ||
	    publish_check_head(&s) != 0 || publish_lock(&s) != 0)
		goto out;
	if (o.if_due && !publish_is_due(&s)) {
		report->not_due = true;
		status = 0;
		goto out;
	}
	if (publish_resolve(&s, &source) != 0 || publish_build(&s) != 0 ||
	    publish_write(&s, source) != 0)
		goto out;
	if ((o.push && publish_push(&s) != 0) || publish_deploy(&s) != 0)
		goto out;
	status = 0;
out:
	git_commit_free(source);
	publish_cleanup(&s);
	gitlib_shutdown();
	return status;
}

/* serve: the loop of `congbo serve`: build, serve, watch, rebuild (see
 * serve.h).  The HTTP side is in serve_http.c, the pure pieces in
 * serve_path.c. */
#include "serve.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "serve_http.h"
#include "watch.h"

struct serve_state {
	const struct serve_options *opts;
	const struct serve_hooks *hooks;
	char *tmp_dir;              /* private, removed on the way out */
	char *site_dir;             /* tmp_dir/site: what builds swap in */
	struct serve_http *http;
	struct watch watch;
	bool watching;
	struct diag_list pending;   /* warnings from start-up, shown with
				       the first build */
	int sig_fd;                 /* SIGINT and SIGTERM, or -1 */
	bool sig_blocked;
	sigset_t old_mask;
	struct sigaction old_int, old_term;
};

/* The one place a preview build happens; build_run's incremental cache
 * lives beside site_dir, inside the temporary folder.  The build sets TZ
 * for a moment (text_tz_offset) while the server's threads run: those
 * never read the environment or the local time, so that is safe. */
static void serve_build(struct serve_state *s)
{
	struct build_options o = {
		.source_dir = s->opts->source_dir,
		.out_dir = s->site_dir,
		.drafts = s->opts->drafts,
		.preview = true,
		.future = s->opts->future,
		.jobs = s->opts->jobs,
		.now = s->opts->now ? s->opts->now : (long long)time(NULL),
	};
	struct diag_list diags;
	struct build_report report;
	diag_list_init(&diags);
	diag_move(&diags, &s->pending);
	int rc = build_run(&o, &diags, &report);
	diag_sort(&diags);
	serve_http_publish(s->http, &diags);
	if (s->hooks && s->hooks->built)
		s->hooks->built(s->hooks->ctx, rc, &diags, &report);
	diag_list_dispose(&diags);
}

/* SIGINT and SIGTERM arrive through a file descriptor that the watch
 * loop polls, so that no handler and no global flag are needed; blocked
 * before any thread starts, they stay blocked in every thread. */
static int serve_signals(struct serve_state *s, struct diag_list *diags)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	signal(SIGPIPE, SIG_IGN);   /* a tab that went away is not fatal */
	if (pthread_sigmask(SIG_BLOCK, &set, &s->old_mask) != 0)
		goto fail;
	s->sig_blocked = true;
	/* A shell starts background jobs with SIGINT ignored, and an
	 * ignored signal never reaches the descriptor. */
	struct sigaction dfl = {.sa_handler = SIG_DFL};
	sigaction(SIGINT, &dfl, &s->old_int);
	sigaction(SIGTERM, &dfl, &s->old_term);
	s->sig_fd = signalfd(-1, &set, SFD_CLOEXEC);
	if (s->sig_fd >= 0)
		return 0;
fail:
	diag_error(diags, "congbo serve", 0, 0, "cannot handle Ctrl-C: %s",
		   strerror(errno));
	return -1;
}

/* Takes a signal that came (so that unblocking does not deliver it) and
 * restores the caller's mask. */
static void serve_signals_restore(struct serve_state *s)
{
	if (s->sig_fd >= 0) {
		struct timespec zero = {0, 0};
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		sigaddset(&set, SIGTERM);
		while (sigtimedwait(&set, NULL, &zero) > 0)
			;
		close(s->sig_fd);
	}
	if (s->sig_blocked) {
		sigaction(SIGINT, &s->old_int, NULL);
		sigaction(SIGTERM, &s->old_term, NULL);
		pthread_sigmask(SIG_SETMASK, &s->old_mask, NULL);
	}
}

/* A private folder under $TMPDIR (or P_tmpdir), never the portal's site/:
 * the preview must not touch what is published. */
static int serve_make_tmp(struct serve_state *s, struct diag_list *diags)
{
	const char *tmp = getenv("TMPDIR");
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s/congbo-serve.XXXXXX", tmp && *tmp ? tmp : P_tmpdir);
	if (!mkdtemp(b.data)) {
		diag_error(diags, "congbo serve", 0, 0, "cannot make a temporary "
			   "folder %s: %s", b.data, strerror(errno));
		buf_dispose(&b);
		return -1;
	}
	s->tmp_dir = buf_detach(&b);
	buf_printf(&b, "%s/site", s->tmp_dir);
	s->site_dir = buf_detach(&b);
	return 0;
}

/* Builds after every burst of changes until a signal comes. */
static int serve_loop(struct serve_state *s, struct diag_list *diags)
{
	int w;
	while ((w = watch_wait(&s->watch, s->sig_fd, WATCH_QUIET_MS)) == 1)
		serve_build(s);
	if (w < 0) {
		diag_error(diags, "congbo serve", 0, 0, "watching for changes "
			   "failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int serve_run(const struct serve_options *opts, const struct serve_hooks *hooks,
	      struct diag_list *diags)
{
	struct serve_state s = {.opts = opts, .hooks = hooks, .sig_fd = -1};
	const char *source = opts->source_dir ? opts->source_dir : ".";
	struct buf url;
	int rc = -1;
	buf_init(&url);
	diag_list_init(&s.pending);
	if (serve_signals(&s, diags) < 0 || serve_make_tmp(&s, diags) < 0)
		goto out;
	rc = serve_http_start(&s.http, opts->bind ? opts->bind
						   : SERVE_DEFAULT_BIND,
			      opts->port, s.site_dir, &url, diags);
	if (rc < 0)
		goto out;
	rc = -1;
	if (watch_open(&s.watch, source, &s.pending) < 0) {
		diag_move(diags, &s.pending);
		goto out;
	}
	s.watching = true;
	serve_build(&s);
	if (hooks && hooks->listening)
		hooks->listening(hooks->ctx, url.data);
	rc = serve_loop(&s, diags);
out:
	serve_http_stop(s.http);
	if (s.watching)
		watch_dispose(&s.watch);
	if (s.tmp_dir)
		output_remove_tree(s.tmp_dir);
	free(s.tmp_dir);
	free(s.site_dir);
	buf_dispose(&url);
	diag_list_dispose(&s.pending);
	serve_signals_restore(&s);
	return rc;
}

/* main: the command line.  Parses argv, calls one function per command,
 * prints diagnostics and the summary, and picks the exit code:
 * 0 ok, 1 bad content, 2 bad usage. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "deploy.h"
#include "diag.h"
#include "gitlib.h"
#include "image.h"
#include "hook.h"
#include "i18n.h"
#include "publish.h"
#include "newcmd.h"
#include "scores_entry.h"
#include "serve.h"

#define EXIT_CONTENT 1
#define EXIT_USAGE 2

struct main_command {
	const char *name;
	const char *usage;
	const char *help;
	int (*run)(int argc, char **argv);
};

static int main_build(int argc, char **argv);
static int main_check(int argc, char **argv);
static int main_publish(int argc, char **argv);
static int main_deploy(int argc, char **argv);
static int main_hook(int argc, char **argv);
static int main_serve(int argc, char **argv);
static int main_new(int argc, char **argv);
static int main_export(int argc, char **argv);
static int main_import(int argc, char **argv);
static int main_version(int argc, char **argv);
static int main_help(int argc, char **argv);

static const struct main_command main_commands[] = {
	{"build", "congbo build [--source DIR] [--out DIR] [--rev REV [--repo DIR]]\n"
		  "             [--drafts] [--future] [--no-history] [--no-cache] [-j N]\n"
		  "             [--force] [--no-wait] [--quiet | --verbose]",
	 N_("Builds the portal in DIR (default: this folder; it holds content/ and\n"
	 "themes/) into the output folder (default: site/). The new site is built\n"
	 "beside the old one and swapped in only when the whole build succeeded:\n"
	 "on any error the previous site/ stays exactly as it was. A rebuild\n"
	 "renders only the pages whose inputs changed (the cache) and keeps the\n"
	 "bytes and times of every file that did not change.\n\n"
	 "  --source DIR   the portal folder\n"
	 "  --out DIR      the output folder: new, empty, or made by congbo (it\n"
	 "                 holds the marker .congbo-site); never the portal, its\n"
	 "                 content/, themes/, templates/ or the git repository\n"
	 "  --force        replace an output folder without the marker\n"
	 "  --no-wait      when another congbo builds into the folder, exit 2 at\n"
	 "                 once instead of waiting for it\n"
	 "  --rev REV      build the tree of git commit REV (branch, tag, id)\n"
	 "                 straight from the repository, without a checkout\n"
	 "  --repo DIR     the git repository for --rev (default: this folder)\n"
	 "  --drafts       include articles with draft: true, and draft score\n"
	 "                 datasets (trang_thai: du_thao) marked DỰ THẢO\n"
	 "  --future       include articles dated after now\n"
	 "  --no-history   no dates from git: without it, a build of a commit, or\n"
	 "                 of a folder inside a git working tree, gives articles\n"
	 "                 their last change and revisions (README: \"Dates from\n"
	 "                 git\"); articles sharing a URL are then ordered by\n"
	 "                 date, not by the commit that added them\n"
	 "  --no-cache     neither use nor write the incremental cache (kept\n"
	 "                 beside the output folder: .site.cache for site/)\n"
	 "  -j N           render with N threads (default: the number of cores)\n"
	 "  --quiet        print only errors\n"
	 "  --verbose      also the seconds of each phase (load, render, write)\n\n"
	 "On a terminal, a build that takes more than a second shows what it is\n"
	 "doing on a line of its own, which it clears at the end.\n"),
	 main_build},
	{"check", "congbo check [--source DIR] [--rev REV [--repo DIR]] [--published BRANCH]",
	 N_("Runs every check of a build (config, front matter, templates, score\n"
	 "data) and writes nothing. Exit 0 when all is well, 1 with errors.\n\n"
	 "  --published BRANCH  also refuse a build that loses an address the\n"
	 "                 tip of BRANCH (the publish branch) serves, while its\n"
	 "                 file is still published: the error names the file\n"
	 "                 and the aliases: line to add (the pre-receive hook\n"
	 "                 checks with --published site). A portal folder in a\n"
	 "                 git working tree is compared with site, or\n"
	 "                 origin/site as fetched, without it: as warnings\n"),
	 main_check},
	{"publish", "congbo publish [--branch NAME] [--rev REV] [--repo DIR] [--push REMOTE]\n"
		    "               [--deploy WEBROOT | --no-deploy] [--if-due] [--drafts]\n"
		    "               [--future] [-j N] [--quiet]",
	 N_("Builds commit REV (default: HEAD) of the git repository DIR (default:\n"
	 "this folder; bare or not) and commits the site to the branch NAME\n"
	 "(default: site), on top of its previous commit, with the message\n"
	 "\"Build of <id>: <subject of REV>\". No commit when the site is the same\n"
	 "as the branch's last one. Only the object database and the branch are\n"
	 "written: no working tree, no index. A build with errors publishes\n"
	 "nothing. Publishing an older commit is the rollback: a new commit that\n"
	 "brings its pages back; history is never rewritten. Two publishes of one\n"
	 "repository take turns (a lock in its git folder), and REV is read once\n"
	 "the lock is held, so the later of two quick commits stays published.\n\n"
	 "  --branch NAME   the publish branch\n"
	 "  --rev REV       the source commit (branch, tag, id)\n"
	 "  --repo DIR      the repository\n"
	 "  --push REMOTE   then push the branch to REMOTE: a remote's name, a URL\n"
	 "                  or a repository's path (ssh: the host's key must be in\n"
	 "                  known_hosts; the ssh-agent's keys, then ~/.ssh/id_*)\n"
	 "  --deploy WEBROOT  then deploy the branch's tip there ('congbo help\n"
	 "                  deploy'); without it, to the git config's\n"
	 "                  congbo.deploy when set\n"
	 "  --no-deploy     deploy nowhere, whatever the config says\n"
	 "  --if-due        publish only when an article left out as future\n"
	 "                  has come due since the last publish (each publish\n"
	 "                  commit records the next one: Next-Due:); else do\n"
	 "                  nothing, cheaply: for a timer or cron every minute\n"
	 "  --drafts, --future, -j N, --quiet   as for build\n"),
	 main_publish},
	{"deploy", "congbo deploy --to WEBROOT [--rev REV] [--keep N] [--branch NAME]\n"
		   "              [--repo DIR] [--quiet]",
	 N_("Puts a commit of the publish branch (default: its tip) into\n"
	 "WEBROOT/releases/<id>/ and then switches the link WEBROOT/current to\n"
	 "it in one step: the web server's root is WEBROOT/current, and a\n"
	 "request sees the old release or the new one, never a mix. The files\n"
	 "come straight from the repository (no checkout, no .git in the web\n"
	 "root); files the previous release has are hard links to it.\n\n"
	 "  --to WEBROOT   a folder, or [user@]host:/path on a web server reached\n"
	 "                 with ssh (GIT_SSH_COMMAND when set) and rsync\n"
	 "  --rev REV      a commit of the publish branch: site~1 is a rollback\n"
	 "  --keep N       releases kept (default: 5); the one served and the\n"
	 "                 one it replaced are never removed\n"
	 "  --branch NAME  the publish branch (default: site)\n"
	 "  --repo DIR     the repository (default: this folder)\n"
	 "  --quiet        print only errors\n\n"
	 "publish deploys by itself to the web root in the repository's git\n"
	 "config: git config congbo.deploy WEBROOT (and congbo.keep N).\n"),
	 main_deploy},
	{"hook", "congbo hook install [--post-commit] [--post-receive] [--pre-receive]\n"
		 "                    [--source-branch NAME] [--branch NAME] [--push REMOTE]\n"
		 "                    [--force] [--repo DIR]",
	 N_("Writes git hooks (sh scripts) that run this congbo binary, by its\n"
	 "absolute path, in the repository DIR (default: this folder):\n\n"
	 "  --post-commit    after each commit on the source branch: publish HEAD\n"
	 "                   (working repository)\n"
	 "  --post-receive   after a push of the source branch: publish it, and\n"
	 "                   say loudly when that failed (bare)\n"
	 "  --pre-receive    before a push: refuse it if the source branch fails\n"
	 "                   'congbo check' (the pusher sees the errors), is\n"
	 "                   rewritten (unless git config congbo.allowNonFastForward\n"
	 "                   is true) or deleted, and refuse any push to the\n"
	 "                   publish branch (bare)\n\n"
	 "Without any of these: post-commit in a working repository, pre-receive\n"
	 "and post-receive in a bare one. Other branches are work in progress:\n"
	 "neither checked nor published.\n\n"
	 "  --source-branch NAME  the one branch built and published (default: main)\n"
	 "  --branch NAME    the publish branch (default: site)\n"
	 "  --push REMOTE    the hooks' publish also pushes to REMOTE\n"
	 "  --force          replace a hook that congbo did not write (without it\n"
	 "                   such a hook is kept, and that is an error)\n"
	 "  --repo DIR       the repository\n\n"
	 "Installing again changes congbo's own hooks only where their text\n"
	 "differs (new options, a moved binary).\n"),
	 main_hook},
	{"serve", "congbo serve [--source DIR] [--bind ADDR] [--port N] [--drafts]\n"
		  "             [--future] [-j N]",
	 N_("Builds the portal into a private temporary folder (never site/) and\n"
	 "serves it at http://127.0.0.1:1313/ for previewing. Saving a file under\n"
	 "content/, themes/ or templates/ rebuilds the site, and open pages reload\n"
	 "by themselves. After a build with errors every page shows them (status\n"
	 "500) as file:line:col lines until they are fixed. Ctrl-C stops it and\n"
	 "removes the temporary folder.\n\n"
	 "  --source DIR   the portal folder\n"
	 "  --bind ADDR    the address to listen on (default: 127.0.0.1; 0.0.0.0\n"
	 "                 lets other machines of the network see the preview)\n"
	 "  --port N       the port (default: 1313; 0 picks a free one)\n"
	 "  --drafts       include articles with draft: true (draft score\n"
	 "                 datasets are shown without it: serve is a preview)\n"
	 "  --future       include articles dated after now\n"
	 "  -j N           render with N threads (default: the number of cores)\n\n"
	 "Exit status: 0 after Ctrl-C, 2 when the address or port cannot be used\n"
	 "(\"port 1313 is in use: choose another with --port\"), 1 for other\n"
	 "failures to start.\n"),
	 main_serve},
	{"new", "congbo new post TITLE [--author NAME] [--source DIR]\n"
		"       congbo new page TITLE [--source DIR]\n"
		"       congbo new scores SERIES-YEAR [--source DIR]",
	 N_("Starts a file with its front matter filled in; never overwrites one.\n\n"
	 "  post TITLE     content/posts/YYYY/SLUG.md: title, date and time now in\n"
	 "                 the site's timezone, author, categories: [], tags: [],\n"
	 "                 an empty summary and draft: true (remove it to publish)\n"
	 "  page TITLE     content/pages/SLUG.md: title, summary, draft: true\n"
	 "  scores ID      content/scores/ID.yaml (ID like cchc-2022) from the\n"
	 "                 newest earlier file of the series: same bands, criteria\n"
	 "                 and units, empty scores, nam_truoc from its results;\n"
	 "                 congbo check then lists the scores left to fill in\n\n"
	 "  --author NAME  the post's author (default: author in site.yaml)\n"
	 "  --source DIR   the portal folder\n"),
	 main_new},
	{"export", "congbo export scores ID --xlsx FILE [--source DIR]",
	 N_("Writes the entry workbook of content/scores/ID.yaml (which may still\n"
	 "be unfinished) to FILE, for the clerk to fill in with Excel or\n"
	 "LibreOffice: per group, a sheet of self-assessed points\n"
	 "(GROUP-tu_danh_gia), one of appraised points (GROUP-tham_dinh) and\n"
	 "one of survey points (GROUP-dtxhh); units down, leaf criteria across\n"
	 "with their names and maxima; KAD marks a criterion that does not apply.\n"
	 "Never replaces an existing FILE.\n\n"
	 "  --xlsx FILE    the workbook to write\n"
	 "  --source DIR   the portal folder\n"),
	 main_export},
	{"import", "congbo import scores FILE.xlsx [--source DIR]",
	 N_("Reads an entry workbook made by congbo export scores and writes its\n"
	 "scores into the dataset it names (content/scores/ID.yaml): only the\n"
	 "score keys of the units in the workbook change; every other line stays\n"
	 "as it was. Every wrong cell is reported as FILE.xlsx:SHEET!C12: error:\n"
	 "... (above the maximum, text in a score cell, a decimal comma, an\n"
	 "unknown criterion or unit), and then nothing is written.\n\n"
	 "  --source DIR   the portal folder\n"),
	 main_import},
	{"version", "congbo version", N_("Prints the version.\n"),
	 main_version},
	{"help", "congbo help [COMMAND]", N_("Explains a command.\n"),
	 main_help},};

#define MAIN_COMMAND_COUNT (sizeof main_commands / sizeof main_commands[0])

static const struct main_command *main_find(const char *name)
{
	for (size_t i = 0; i < MAIN_COMMAND_COUNT; i++)
		if (strcmp(main_commands[i].name, name) == 0)
			return &main_commands[i];
	return NULL;
}

static void main_usage(FILE *out)
{
	fprintf(out, _("usage: congbo COMMAND [OPTIONS]\n\ncommands:\n"));
	for (size_t i = 0; i < MAIN_COMMAND_COUNT; i++)
		fprintf(out, "  %s\n", main_commands[i].usage);
	fprintf(out, _("\n'congbo help COMMAND' explains one. Exit status: 0 ok, "
		"1 bad content, 2 bad usage.\n"));
}

static int main_usage_error(const char *command, const char *fmt,
			    const char *arg)
{
	fprintf(stderr, "congbo: ");
	fprintf(stderr, _(fmt), arg);
	fprintf(stderr, _("\nusage: %s\n"), main_find(command)->usage);
	return EXIT_USAGE;
}

/* "Now" for drafts and future articles: SOURCE_DATE_EPOCH when set, so
 * that a build can be reproduced. */
static long long main_now(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long n = strtoll(sde, &end, 10);
		if (!*end)
			return n;
	}
	return (long long)time(NULL);
}

/* Reads build/check options; returns 0, or EXIT_USAGE after a message.
 * *quiet becomes 1 for --quiet, -1 for --verbose (the last one wins). */
static int main_parse_build(int argc, char **argv, const char *command,
			    struct build_options *opts, int *quiet)
{
	enum { OPT_SOURCE = 256, OPT_OUT, OPT_REV, OPT_REPO, OPT_DRAFTS,
	       OPT_FUTURE, OPT_QUIET, OPT_NO_HISTORY, OPT_NO_CACHE, OPT_FORCE,
	       OPT_NO_WAIT, OPT_PUBLISHED };
	static const struct option longopts[] = {
		{"source", required_argument, NULL, OPT_SOURCE},
		{"force", no_argument, NULL, OPT_FORCE},
		{"no-wait", no_argument, NULL, OPT_NO_WAIT},
		{"out", required_argument, NULL, OPT_OUT},
		{"rev", required_argument, NULL, OPT_REV},
		{"repo", required_argument, NULL, OPT_REPO},
		{"drafts", no_argument, NULL, OPT_DRAFTS},
		{"future", no_argument, NULL, OPT_FUTURE},
		{"quiet", no_argument, NULL, OPT_QUIET},
		{"verbose", no_argument, NULL, 'v'},
		{"no-history", no_argument, NULL, OPT_NO_HISTORY},
		{"no-cache", no_argument, NULL, OPT_NO_CACHE},
		{"published", required_argument, NULL, OPT_PUBLISHED},
		{NULL, 0, NULL, 0},
	};
	int c;
	char *end;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":j:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SOURCE: opts->source_dir = optarg; break;
		case OPT_OUT: opts->out_dir = optarg; break;
		case OPT_REV: opts->rev = optarg; break;
		case OPT_REPO: opts->repo = optarg; break;
		case OPT_DRAFTS: opts->drafts = true; break;
		case OPT_FUTURE: opts->future = true; break;
		case OPT_QUIET: *quiet = 1; break;
		case 'v': *quiet = -1; break;
		case OPT_NO_HISTORY: opts->no_history = true; break;
		case OPT_NO_CACHE: opts->no_cache = true; break;
		case OPT_FORCE: opts->force = true; break;
		case OPT_NO_WAIT: opts->no_wait = true; break;
		case OPT_PUBLISHED: opts->published = optarg; break;
		case 'j':
			opts->jobs = (unsigned)strtoul(optarg, &end, 10);
			if (*end || opts->jobs < 1 || opts->jobs > 64)
				return main_usage_error(command, "-j takes a "
					"number of threads from 1 to 64, not "
					"\"%s\"", optarg);
			break;
		case ':':
			return main_usage_error(command, "%s needs a value",
						argv[optind - 1]);
		default:
			return main_usage_error(command, "unknown option \"%s\"",
						argv[optind - 1]);
		}
	}
	if (optind < argc)
		return main_usage_error(command, "unexpected argument \"%s\"",
					argv[optind]);
	if (opts->repo && !opts->rev)
		return main_usage_error(command, "%s goes with --rev", "--repo");
	return 0;
}

/* A progress line on a terminal for builds that take a while, drawn by a
 * thread of its own from what build_run stores in state. */
struct main_progress {
	struct build_progress state;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;       /* signalled when the build is done */
	bool running, done;
};

#define MAIN_PROGRESS_AFTER_MS 1000
#define MAIN_PROGRESS_EVERY_MS 250

static void main_progress_line(struct main_progress *p, double elapsed)
{
	static const char *const what[] = {N_("loading"), N_("rendering"),
					   N_("writing")};
	int phase = p->state.phase;
	size_t pages = p->state.pages;
	fprintf(stderr, "\r\033[Kcongbo: %s", _(what[phase]));
	if (phase == BUILD_RENDERING && pages)
		fprintf(stderr, _(" %zu articles and pages"), pages);
	fprintf(stderr, _("... %.1f s"), elapsed);
	fflush(stderr);
}

static void main_after_ms(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

static void *main_progress_run(void *arg)
{
	struct main_progress *p = arg;
	struct timespec start, until, now;
	bool shown = false;
	clock_gettime(CLOCK_MONOTONIC, &start);
	main_after_ms(&until, MAIN_PROGRESS_AFTER_MS);
	pthread_mutex_lock(&p->lock);
	while (!p->done) {
		if (pthread_cond_timedwait(&p->wake, &p->lock, &until) !=
		    ETIMEDOUT)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &now);
		main_progress_line(p, (double)(now.tv_sec - start.tv_sec) +
				   (double)(now.tv_nsec - start.tv_nsec) / 1e9);
		shown = true;
		main_after_ms(&until, MAIN_PROGRESS_EVERY_MS);
	}
	if (shown)
		fputs("\r\033[K", stderr);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* Starts the line's thread when wanted and stderr is a terminal; then
 * opts->progress points into p. */
static void main_progress_start(struct main_progress *p,
				struct build_options *opts, bool wanted)
{
	*p = (struct main_progress){.running = false};
	if (!wanted || !isatty(STDERR_FILENO))
		return;
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->wake, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&p->lock, NULL);
	p->running = pthread_create(&p->thread, NULL, main_progress_run, p)
		     == 0;
	if (p->running)
		opts->progress = &p->state;
}

static void main_progress_stop(struct main_progress *p)
{
	if (!p->running)
		return;
	pthread_mutex_lock(&p->lock);
	p->done = true;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->lock);
}

/* --verbose: where the seconds went. */
static void main_timings(const struct build_report *r, bool check)
{
	printf("congbo: load %.3f s", r->load_seconds);
	if (!check)
		printf(", render %.3f s, write %.3f s", r->render_seconds,
		       r->write_seconds);
	if (r->search.search)
		printf("; search index: words of %zu pages read, %zu from "
		       "the cache, %s: %zu of %zu buckets written",
		       r->search.search_read, r->search.search_cached,
		       r->search.search_updated ? "updated" : "built",
		       r->search.search_written, r->search.search_buckets);
	if (r->search.photos_made || r->search.photos_stored)
		printf("; photo copies: %zu made, %zu from the photo store",
		       (size_t)r->search.photos_made,
		       (size_t)r->search.photos_stored);
	printf("\n");
}

static void main_summary(const struct build_report *r, bool check)
{
	if (r->unchanged) {
		printf(_("congbo: nothing changed since the last build: %zu "
			 "files kept as they were; %.2f s\n"), r->files_kept,
		       r->seconds);
		return;
	}
	printf(check ? _("congbo: checked %zu articles and %zu pages from %s")
		     : _("congbo: built %zu articles and %zu pages from %s"),
	       r->posts, r->pages, r->source_label);
	if (!check)
		printf(_(": %zu files written, %zu unchanged"), r->files_written,
		       r->files_kept);
	printf(_("; left out %zu drafts and %zu future articles; %.2f s\n"),
	       r->skipped_drafts, r->skipped_future, r->seconds);
}

static int main_build_or_check(int argc, char **argv, bool check)
{
	struct build_options opts = {.now = main_now(), .check_only = check};
	int quiet = 0;
	int rc = main_parse_build(argc, argv, argv[0], &opts, &quiet);
	if (rc)
		return rc;
	if (check && (opts.out_dir || opts.force || opts.no_wait))
		return main_usage_error(argv[0], "%s writes nothing: no --out, "
					"--force or --no-wait", "check");
	struct diag_list diags;
	struct build_report report;
	diag_list_init(&diags);
	struct main_progress progress;
	main_progress_start(&progress, &opts, quiet <= 0);
	rc = build_run(&opts, &diags, &report);
	main_progress_stop(&progress);
	diag_sort(&diags);
	diag_print(&diags, stderr);
	if (rc == 0 && quiet <= 0)
		main_summary(&report, check);
	if (rc == 0 && quiet < 0)
		main_timings(&report, check);
	if (rc)
		fprintf(stderr, check
			? ngettext("congbo: %zu error; nothing was written\n",
				   "congbo: %zu errors; nothing was written\n",
				   diags.errors)
			: ngettext("congbo: %zu error; the output folder was "
				   "left as it was\n", "congbo: %zu errors; the "
				   "output folder was left as it was\n",
				   diags.errors), diags.errors);
	diag_list_dispose(&diags);
	return report.busy ? EXIT_USAGE : rc ? EXIT_CONTENT : 0;
}

static int main_build(int argc, char **argv)
{
	return main_build_or_check(argc, argv, false);
}

static int main_check(int argc, char **argv)
{
	return main_build_or_check(argc, argv, true);
}

/* Reads -j's value; returns 0, or EXIT_USAGE after a message. */
static int main_parse_jobs(const char *command, const char *arg,
			   unsigned *jobs)
{
	char *end;
	unsigned long n = strtoul(arg, &end, 10);
	if (*end || n < 1 || n > 64)
		return main_usage_error(command, "-j takes a number of threads "
					"from 1 to 64, not \"%s\"", arg);
	*jobs = (unsigned)n;
	return 0;
}

/* Reads publish's options; returns 0, or EXIT_USAGE after a message. */
static int main_parse_publish(int argc, char **argv,
			      struct publish_options *o, int *quiet)
{
	enum { OPT_BRANCH = 256, OPT_REV, OPT_REPO, OPT_PUSH, OPT_DRAFTS,
	       OPT_FUTURE, OPT_QUIET, OPT_DEPLOY, OPT_NO_DEPLOY, OPT_IF_DUE };
	static const struct option longopts[] = {
		{"branch", required_argument, NULL, OPT_BRANCH},
		{"rev", required_argument, NULL, OPT_REV},
		{"repo", required_argument, NULL, OPT_REPO},
		{"push", required_argument, NULL, OPT_PUSH},
		{"deploy", required_argument, NULL, OPT_DEPLOY},
		{"no-deploy", no_argument, NULL, OPT_NO_DEPLOY},
		{"if-due", no_argument, NULL, OPT_IF_DUE},
		{"drafts", no_argument, NULL, OPT_DRAFTS},
		{"future", no_argument, NULL, OPT_FUTURE},
		{"quiet", no_argument, NULL, OPT_QUIET},
		{NULL, 0, NULL, 0},
	};
	int c, rc = 0;
	opterr = 0;
	optind = 1;
	while (rc == 0 && (c = getopt_long(argc, argv, ":j:", longopts,
					   NULL)) != -1) {
		switch (c) {
		case OPT_BRANCH: o->branch = optarg; break;
		case OPT_REV: o->rev = optarg; break;
		case OPT_REPO: o->repo = optarg; break;
		case OPT_PUSH: o->push = optarg; break;
		case OPT_DEPLOY: o->deploy = optarg; break;
		case OPT_NO_DEPLOY: o->no_deploy = true; break;
		case OPT_IF_DUE: o->if_due = true; break;
		case OPT_DRAFTS: o->drafts = true; break;
		case OPT_FUTURE: o->future = true; break;
		case OPT_QUIET: *quiet = 1; break;
		case 'j': rc = main_parse_jobs("publish", optarg, &o->jobs); break;
		case ':':
			return main_usage_error("publish", "%s needs a value",
						argv[optind - 1]);
		default:
			return main_usage_error("publish", "unknown option "
						"\"%s\"", argv[optind - 1]);
		}
	}
	if (rc == 0 && optind < argc)
		return main_usage_error("publish", "unexpected argument \"%s\"",
					argv[optind]);
	if (rc == 0 && o->branch && !publish_branch_is_valid(o->branch))
		return main_usage_error("publish", "\"%s\" cannot be a branch "
					"name: use letters, digits, '-', '_', "
					"'.' and '/'", o->branch);
	return rc;
}

static void main_deploy_summary(const char *to,
				const struct deploy_report *r);

static void main_publish_summary(const struct publish_options *o,
				 const struct publish_report *r)
{
	const char *branch = o->branch ? o->branch : PUBLISH_DEFAULT_BRANCH;
	if (r->not_due) {
		if (r->next_due == LLONG_MAX)
			printf("congbo: nothing to do: no article of %s waits "
			       "for its date\n", branch);
		else
			printf("congbo: nothing to do: the next article of %s "
			       "is due in %lld s\n", branch, r->next_due - o->now);
		return;
	}
	if (r->created)
		printf("congbo: published %.7s to %s as commit %.7s: %zu files; "
		       "build %.2f s, commit %.2f s\n", r->source, branch,
		       r->commit, r->files, r->build.seconds, r->write_seconds);
	else
		printf("congbo: %s unchanged: the build of %.7s is what its "
		       "commit %.7s holds; build %.2f s, compare %.2f s\n",
		       branch, r->source, r->commit, r->build.seconds,
		       r->write_seconds);
	if (r->pushed)
		printf("congbo: pushed %s to %s\n", branch, o->push);
	if (r->deployed_to[0])
		main_deploy_summary(r->deployed_to, &r->deploy);
}

static int main_publish(int argc, char **argv)
{
	struct publish_options o = {.now = main_now()};
	struct publish_report report;
	struct diag_list diags;
	int quiet = 0;
	int rc = main_parse_publish(argc, argv, &o, &quiet);
	if (rc)
		return rc;
	diag_list_init(&diags);
	rc = publish_run(&o, &diags, &report);
	diag_sort(&diags);
	diag_print(&diags, stderr);
	if (rc == 0 && !quiet)
		main_publish_summary(&o, &report);
	if (rc && report.created)
		fprintf(stderr, "congbo: %zu error%s; the branch has the new "
			"commit %.7s, but it was not %s\n", diags.errors,
			diags.errors == 1 ? "" : "s", report.commit,
			report.pushed || !o.push ? "deployed" : "pushed");
	else if (rc)
		fprintf(stderr, ngettext("congbo: %zu error; nothing was "
					 "published\n", "congbo: %zu errors; "
					 "nothing was published\n",
					 diags.errors), diags.errors);
	diag_list_dispose(&diags);
	return rc ? EXIT_CONTENT : 0;
}

/* Reads a count from 1 to 1000 for --keep. */
static int main_parse_keep(const char *arg, unsigned *keep)
{
	char *end;
	errno = 0;
	long n = strtol(arg, &end, 10);
	if (errno || end == arg || *end || n < 1 || n > 1000)
		return main_usage_error("deploy", "--keep takes a number of "
					"releases from 1 to 1000, not \"%s\"",
					arg);
	*keep = (unsigned)n;
	return 0;
}

/* Reads deploy's options; returns 0, or EXIT_USAGE after a message. */
static int main_parse_deploy(int argc, char **argv, struct deploy_options *o,
			     int *quiet)
{
	enum { OPT_TO = 256, OPT_REV, OPT_KEEP, OPT_BRANCH, OPT_REPO,
	       OPT_QUIET };
	static const struct option longopts[] = {
		{"to", required_argument, NULL, OPT_TO},
		{"rev", required_argument, NULL, OPT_REV},
		{"keep", required_argument, NULL, OPT_KEEP},
		{"branch", required_argument, NULL, OPT_BRANCH},
		{"repo", required_argument, NULL, OPT_REPO},
		{"quiet", no_argument, NULL, OPT_QUIET},
		{NULL, 0, NULL, 0},
	};
	int c, rc = 0;
	opterr = 0;
	optind = 1;
	while (rc == 0 && (c = getopt_long(argc, argv, ":", longopts,
					   NULL)) != -1) {
		switch (c) {
		case OPT_TO: o->to = optarg; break;
		case OPT_REV: o->rev = optarg; break;
		case OPT_KEEP: rc = main_parse_keep(optarg, &o->keep); break;
		case OPT_BRANCH: o->branch = optarg; break;
		case OPT_REPO: o->repo = optarg; break;
		case OPT_QUIET: *quiet = 1; break;
		default:
			return main_usage_error("deploy", c == ':'
				? "%s needs a value" : "unknown option \"%s\"",
				argv[optind - 1]);
		}
	}
	if (rc == 0 && optind < argc)
		return main_usage_error("deploy", "unexpected argument \"%s\"",
					argv[optind]);
	if (rc == 0 && (!o->to || !*o->to))
		return main_usage_error("deploy", "%s", "say where: --to WEBROOT");
	if (rc == 0 && o->branch && !publish_branch_is_valid(o->branch))
		return main_usage_error("deploy", "\"%s\" cannot be a branch "
					"name: use letters, digits, '-', '_', "
					"'.' and '/'", o->branch);
	return rc;
}

static void main_deploy_summary(const char *to, const struct deploy_report *r)
{
	if (r->already_current)
		printf("congbo: %s already serves release %s\n", to, r->release);
	else
		printf("congbo: %s now serves release %s (%s: %zu files "
		       "written, %zu linked; %.2f s); %zu old release%s "
		       "removed\n", to, r->release, r->reused ? "kept from "
		       "before" : "new", r->written, r->linked, r->seconds,
		       r->removed, r->removed == 1 ? "" : "s");
}

static int main_deploy(int argc, char **argv)
{
	struct deploy_options o = {.repo = NULL};
	struct deploy_report report;
	struct diag_list diags;
	int quiet = 0;
	int rc = main_parse_deploy(argc, argv, &o, &quiet);
	if (rc)
		return rc;
	diag_list_init(&diags);
	rc = deploy_run(&o, &diags, &report);
	diag_print(&diags, stderr);
	if (rc == 0 && !quiet)
		main_deploy_summary(o.to, &report);
	else if (rc)
		fprintf(stderr, "congbo: nothing was deployed: %s serves what "
			"it served before\n", o.to);
	diag_list_dispose(&diags);
	return rc ? EXIT_CONTENT : 0;
}

/* Reads hook's words and options; returns 0, or EXIT_USAGE after a
 * message. */
static int main_parse_hook(int argc, char **argv, struct hook_options *o)
{
	enum { OPT_FORCE = 256, OPT_REPO, OPT_BRANCH, OPT_PUSH, OPT_SOURCE_BRANCH,
	       OPT_KIND };
	static const struct option longopts[] = {
		{"post-commit", no_argument, NULL, OPT_KIND + HOOK_POST_COMMIT},
		{"post-receive", no_argument, NULL, OPT_KIND + HOOK_POST_RECEIVE},
		{"pre-receive", no_argument, NULL, OPT_KIND + HOOK_PRE_RECEIVE},
		{"force", no_argument, NULL, OPT_FORCE},
		{"repo", required_argument, NULL, OPT_REPO},
		{"branch", required_argument, NULL, OPT_BRANCH},
		{"push", required_argument, NULL, OPT_PUSH},
		{"source-branch", required_argument, NULL, OPT_SOURCE_BRANCH},
		{NULL, 0, NULL, 0},
	};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c >= OPT_KIND && c < OPT_KIND + HOOK_KIND_COUNT)
			o->kinds |= 1u << (c - OPT_KIND);
		else if (c == OPT_FORCE)
			o->force = true;
		else if (c == OPT_REPO)
			o->repo = optarg;
		else if (c == OPT_BRANCH)
			o->branch = optarg;
		else if (c == OPT_PUSH)
			o->push = optarg;
		else if (c == OPT_SOURCE_BRANCH)
			o->source = optarg;
		else
			return main_usage_error("hook", c == ':'
				? "%s needs a value" : "unknown option \"%s\"",
				argv[optind - 1]);
	}
	if (argc - optind != 1 || strcmp(argv[optind], "install") != 0)
		return main_usage_error("hook", "%s", "say 'hook install'");
	const char *names[] = {o->branch, o->source};
	for (size_t i = 0; i < 2; i++)
		if (names[i] && !publish_branch_is_valid(names[i]))
			return main_usage_error("hook", "\"%s\" cannot be a "
						"branch name: use letters, "
						"digits, '-', '_', '.' and '/'",
						names[i]);
	const char *branch = o->branch ? o->branch : PUBLISH_DEFAULT_BRANCH;
	if (strcmp(branch, o->source ? o->source : HOOK_DEFAULT_SOURCE) == 0)
		return main_usage_error("hook", "the source branch and the "
					"publish branch are both \"%s\"",
					branch);
	return 0;
}

static int main_hook(int argc, char **argv)
{
	static const char *const said[] = {
		[HOOK_WRITTEN] = "installed",
		[HOOK_UPDATED] = "updated",
		[HOOK_UNCHANGED] = "already installed, unchanged:",
		[HOOK_REPLACED] = ("installed in place of a hook congbo had "
				   "not written:"),
	};
	struct hook_options o = {.repo = NULL};
	struct hook_report report;
	struct diag_list diags;
	int rc = main_parse_hook(argc, argv, &o);
	if (rc)
		return rc;
	diag_list_init(&diags);
	rc = hook_install(&o, &diags, &report);
	diag_print(&diags, stderr);
	for (size_t i = 0; i < report.count; i++)
		printf("congbo: %s %s %s\n", hook_name(report.items[i].kind),
		       said[report.items[i].outcome], report.items[i].path);
	hook_report_dispose(&report);
	diag_list_dispose(&diags);
	return rc ? EXIT_CONTENT : 0;
}

/* Reads serve's options; returns 0, or EXIT_USAGE after a message. */
static int main_parse_serve(int argc, char **argv, struct serve_options *o)
{
	enum { OPT_SOURCE = 256, OPT_BIND, OPT_PORT, OPT_DRAFTS, OPT_FUTURE };
	static const struct option longopts[] = {
		{"source", required_argument, NULL, OPT_SOURCE},
		{"bind", required_argument, NULL, OPT_BIND},
		{"port", required_argument, NULL, OPT_PORT},
		{"drafts", no_argument, NULL, OPT_DRAFTS},
		{"future", no_argument, NULL, OPT_FUTURE},
		{NULL, 0, NULL, 0},
	};
	int c;
	char *end;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":j:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SOURCE: o->source_dir = optarg; break;
		case OPT_BIND: o->bind = optarg; break;
		case OPT_DRAFTS: o->drafts = true; break;
		case OPT_FUTURE: o->future = true; break;
		case OPT_PORT: {
			unsigned long n = strtoul(optarg, &end, 10);
			if (*end || !*optarg || n > 65535)
				return main_usage_error("serve", "--port takes "
					"a number from 0 to 65535, not \"%s\"",
					optarg);
			o->port = (unsigned)n;
			break;
		}
		case 'j':
			o->jobs = (unsigned)strtoul(optarg, &end, 10);
			if (*end || o->jobs < 1 || o->jobs > 64)
				return main_usage_error("serve", "-j takes a "
					"number of threads from 1 to 64, not "
					"\"%s\"", optarg);
			break;
		case ':':
			return main_usage_error("serve", "%s needs a value",
						argv[optind - 1]);
		default:
			return main_usage_error("serve", "unknown option \"%s\"",
						argv[optind - 1]);
		}
	}
	if (optind < argc)
		return main_usage_error("serve", "unexpected argument \"%s\"",
					argv[optind]);
	return 0;
}

static void main_serve_listening(void *ctx, const char *url)
{
	(void)ctx;
	printf("Serving %s (Ctrl-C to stop)\n", url);
	fflush(stdout);
}

static void main_serve_built(void *ctx, int rc, const struct diag_list *diags,
			     const struct build_report *report)
{
	(void)ctx;
	diag_print(diags, stderr);
	if (rc == 0)
		main_summary(report, false);
	else
		fprintf(stderr, "congbo: %zu error%s; the pages show %s until "
			"fixed\n", diags->errors, diags->errors == 1 ? "" : "s",
			diags->errors == 1 ? "it" : "them");
	fflush(stdout);
	fflush(stderr);
}

static int main_serve(int argc, char **argv)
{
	struct serve_options o = {.port = SERVE_DEFAULT_PORT};
	int rc = main_parse_serve(argc, argv, &o);
	if (rc)
		return rc;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde)
		o.now = main_now();
	struct serve_hooks hooks = {.listening = main_serve_listening,
				    .built = main_serve_built};
	struct diag_list diags;
	diag_list_init(&diags);
	rc = serve_run(&o, &hooks, &diags);
	diag_print(&diags, stderr);
	diag_list_dispose(&diags);
	return rc == 0 ? 0 : rc == SERVE_USAGE ? EXIT_USAGE : EXIT_CONTENT;
}

/* Reads new's options and words; returns 0, or EXIT_USAGE after a
 * message. */
static int main_parse_new(int argc, char **argv, struct newcmd_options *o)
{
	enum { OPT_SOURCE = 256, OPT_AUTHOR };
	static const struct option longopts[] = {
		{"source", required_argument, NULL, OPT_SOURCE},
		{"author", required_argument, NULL, OPT_AUTHOR},
		{NULL, 0, NULL, 0},
	};
	static const char *const kinds[] = {"post", "page", "scores"};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == OPT_SOURCE)
			o->source_dir = optarg;
		else if (c == OPT_AUTHOR)
			o->author = optarg;
		else if (c == ':')
			return main_usage_error("new", "%s needs a value",
						argv[optind - 1]);
		else
			return main_usage_error("new", "unknown option \"%s\"",
						argv[optind - 1]);
	}
	if (argc - optind != 2)
		return main_usage_error("new", "%s", argc - optind < 2
			? "say what to start (post, page or scores) and its "
			  "title or id" : "too many words: quote the title");
	size_t k = 0;
	while (k < 3 && strcmp(argv[optind], kinds[k]) != 0)
		k++;
	if (k == 3)
		return main_usage_error("new", "cannot start a \"%s\": say "
					"post, page or scores", argv[optind]);
	o->kind = k == 0 ? NEWCMD_POST : k == 1 ? NEWCMD_PAGE : NEWCMD_SCORES;
	o->title = argv[optind + 1];
	if (o->author && o->kind != NEWCMD_POST)
		return main_usage_error("new", "%s goes with new post",
					"--author");
	return 0;
}

static int main_new(int argc, char **argv)
{
	struct newcmd_options o = {.now = main_now()};
	int rc = main_parse_new(argc, argv, &o);
	if (rc)
		return rc;
	struct diag_list diags;
	struct buf path;
	diag_list_init(&diags);
	buf_init(&path);
	rc = newcmd_run(&o, &path, &diags);
	diag_sort(&diags);
	diag_print(&diags, stderr);
	if (rc == 0)
		printf("congbo: wrote %s%s\n", path.data, o.kind == NEWCMD_SCORES
		       ? "; fill in the scores: congbo check lists them"
		       : " (a draft: remove draft: true to publish)");
	buf_dispose(&path);
	diag_list_dispose(&diags);
	return rc ? EXIT_CONTENT : 0;
}

/* export/import scores: the one option they share and their words. */
static int main_parse_scores_io(int argc, char **argv, const char *command,
				const char **source, const char **xlsx,
				const char **word)
{
	enum { OPT_SOURCE = 256, OPT_XLSX };
	static const struct option longopts[] = {
		{"source", required_argument, NULL, OPT_SOURCE},
		{"xlsx", required_argument, NULL, OPT_XLSX},
		{NULL, 0, NULL, 0},
	};
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == OPT_SOURCE)
			*source = optarg;
		else if (c == OPT_XLSX && xlsx)
			*xlsx = optarg;
		else if (c == ':')
			return main_usage_error(command, "%s needs a value",
						argv[optind - 1]);
		else
			return main_usage_error(command, "unknown option \"%s\"",
						argv[optind - 1]);
	}
	if (argc - optind != 2 || strcmp(argv[optind], "scores") != 0)
		return main_usage_error(command, "%s", xlsx
			? "write: congbo export scores ID --xlsx FILE"
			: "write: congbo import scores FILE.xlsx");
	*word = argv[optind + 1];
	if (xlsx && !*xlsx)
		return main_usage_error(command, "%s", "say where to write the "
					"workbook: --xlsx FILE");
	return 0;
}

static int main_export(int argc, char **argv)
{
	const char *source = NULL, *xlsx = NULL, *id = NULL;
	int rc = main_parse_scores_io(argc, argv, "export", &source, &xlsx, &id);
	if (rc)
		return rc;
	struct diag_list diags;
	diag_list_init(&diags);
	rc = scores_entry_export(source, id, xlsx, &diags);
	diag_print(&diags, stderr);
	if (rc == 0)
		printf("congbo: wrote %s: fill in the scores, then congbo import "
		       "scores %s\n", xlsx, xlsx);
	diag_list_dispose(&diags);
	return rc ? EXIT_CONTENT : 0;
}

static int main_import(int argc, char **argv)
{
	const char *source = NULL, *file = NULL;
	int rc = main_parse_scores_io(argc, argv, "import", &source, NULL, &file);
	if (rc)
		return rc;
	struct diag_list diags;
	struct buf path;
	size_t units = 0;
	diag_list_init(&diags);
	buf_init(&path);
	rc = scores_entry_import(source, file, &diags, &units, &path);
	diag_print(&diags, stderr);
	if (rc == 0)
		printf("congbo: wrote the scores of %zu units from %s into %s\n",
		       units, file, path.data);
	else
		fprintf(stderr, "congbo: nothing was written\n");
	buf_dispose(&path);
	diag_list_dispose(&diags);
	return rc ? EXIT_CONTENT : 0;
}

static int main_version(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return main_usage_error("version", "%s takes no arguments",
					"version");
	printf("congbo %s\n", CONGBO_VERSION);
	return 0;
}

static int main_help(int argc, char **argv)
{
	if (argc < 2) {
		main_usage(stdout);
		return 0;
	}
	const struct main_command *cmd = main_find(argv[1]);
	if (!cmd)
		return main_usage_error("help", "no command \"%s\"", argv[1]);
	printf(_("usage: %s\n\n%s"), cmd->usage, _(cmd->help));
	return 0;
}

int main(int argc, char **argv)
{
	i18n_init();
	if (argc < 2) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return main_help(1, argv);
	if (strcmp(argv[1], "--version") == 0)
		return main_version(1, argv + 1);
	const struct main_command *cmd = main_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "congbo: unknown command \"%s\"\n", argv[1]);
		main_usage(stderr);
		return EXIT_USAGE;
	}
	/* libgit2 starts once for the whole run: each start loads the
	 * system's certificates, which costs more than hashing a portal.
	 * build and check start it themselves, only when they read git. */
	struct diag_list ignored;
	diag_list_init(&ignored);
	bool reads_git_itself = cmd->run == main_build || cmd->run == main_check;
	int git_started = !reads_git_itself && gitlib_init(&ignored) == 0;
	int rc = cmd->run(argc - 1, argv + 1);
	image_stop();   /* libvips, if a build started it */
	if (git_started)
		gitlib_shutdown();
	diag_list_dispose(&ignored);
	return rc;
}

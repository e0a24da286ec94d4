/* serve: the preview server of `congbo serve`.
 *
 * Builds the portal into a private temporary folder (never site/), serves
 * that folder over HTTP (libmicrohttpd: this module is the only one that
 * touches it), watches the sources (watch.h) and rebuilds after each
 * burst of saves.  Every HTML page it serves gets a small script that
 * listens for Server-Sent Events at SERVE_EVENTS_PATH and reloads the tab
 * when a build finishes; the script is added to the response only, never
 * to the built files.  After a build with errors, every page request gets
 * an error page (status 500) listing the diagnostics as file:line:col
 * lines, until a build succeeds again.
 *
 *     struct serve_options o = {.source_dir = ".", .bind = "127.0.0.1",
 *                               .port = 1313};
 *     struct serve_hooks hooks = {.ctx = &me, .listening = on_listening,
 *                                 .built = on_built};
 *     int rc = serve_run(&o, &hooks, &diags);   // until SIGINT or SIGTERM
 *
 * The library part never prints: the hooks (main.c) do. */
#ifndef CONGBO_SERVE_H
#define CONGBO_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "build.h"
#include "diag.h"

#define SERVE_DEFAULT_BIND "127.0.0.1"
#define SERVE_DEFAULT_PORT 1313
/* The event stream the injected script listens to.  Everything under
 * /__congbo/ belongs to the server, never to the site. */
#define SERVE_EVENTS_PATH "/__congbo/events"
/* An open event stream gets a comment this often, so that a tab that went
 * away is noticed (the write fails) and proxies keep the stream open. */
#define SERVE_KEEPALIVE_S 10
/* Connections served at once, by one event loop (libmicrohttpd on epoll;
 * an open tab holds two: the page's keep-alive connection and its event
 * stream, which costs no thread), and at most SERVE_MAX_PER_IP of them
 * from one address, so a flood from one client leaves room for others.
 * A connection idle for SERVE_TIMEOUT_S is closed. */
#define SERVE_MAX_CONNECTIONS 1000
#define SERVE_MAX_PER_IP 400
#define SERVE_TIMEOUT_S 15
/* serve_run's result when the address or port cannot be used (exit 2). */
#define SERVE_USAGE (-2)

struct serve_options {
	const char *source_dir;   /* the portal folder; default "." */
	const char *bind;         /* address to listen on; SERVE_DEFAULT_BIND */
	unsigned port;            /* 0: any free port (the hook says which) */
	bool drafts;              /* as build --drafts */
	bool future;              /* as build --future */
	unsigned jobs;            /* render threads; 0 = number of cores */
	long long now;            /* "now" for --future; 0: the clock at
				     each build */
};

struct serve_hooks {
	void *ctx;
	/* Once, after the first build: the address to open,
	 * "http://127.0.0.1:1313/". */
	void (*listening)(void *ctx, const char *url);
	/* After every build: its result (0 or -1), its diagnostics (sorted)
	 * and its report.  Both belong to serve_run. */
	void (*built)(void *ctx, int rc, const struct diag_list *diags,
		      const struct build_report *report);
};

/* Serves until SIGINT or SIGTERM, then stops the server, removes the
 * temporary folder and returns 0.  Returns SERVE_USAGE when the address
 * is not valid or the port is in use, -1 when the server cannot start for
 * another reason; the reason is an error in diags.  Content errors are
 * not failures: they go to hooks->built and to the error page.  Blocks
 * SIGINT and SIGTERM in the calling thread while it runs (the threads it
 * starts inherit that) and ignores SIGPIPE. */
int serve_run(const struct serve_options *opts, const struct serve_hooks *hooks,
	      struct diag_list *diags);

/* ---- pieces, public for the unit tests ---- */

/* Turns the path of a request ("/tin-tuc/2022/a%20b/") into the file it
 * names, relative to the served folder ("tin-tuc/2022/a b/index.html").
 * Percent-escapes are decoded exactly once.  Refused (-1): a path that
 * does not start with '/', a bad escape, a NUL, backslash or other control
 * character (decoded or not), an empty segment ("//etc"), and "." or ".."
 * segments, however written ("%2e%2e").  A path ending in '/' names its
 * index.html.  Appends to out (the caller's) and returns 0, or -1 with out
 * unspecified. */
int serve_path_resolve(const char *raw, struct buf *out);

/* The Content-Type for a file name, from its extension (case ignored):
 * text types carry "; charset=utf-8"; unknown ones are
 * application/octet-stream.  A static string. */
const char *serve_mime_type(const char *path);

/* Appends html[0..len) to out with script inserted before the last
 * "</body>" (any case), or at the end when there is none. */
void serve_inject(struct buf *out, const char *html, size_t len,
		  const char *script);

#endif

/* serve_http: the HTTP side of the preview server (libmicrohttpd), inside
 * the serve module; serve.c drives it.
 *
 * One event loop (libmicrohttpd's thread, on epoll) answers every
 * connection; an event stream waiting for the next build is a suspended
 * connection, not a blocked thread, so open tabs cost no thread and never
 * keep pages from being answered.  A second thread ticks keepalives.  The
 * state shared with them (the build generation, the error page, the
 * waiting streams, "stopping") sits behind one mutex in struct
 * serve_http. */
#ifndef CONGBO_SERVE_HTTP_H
#define CONGBO_SERVE_HTTP_H

#include "buf.h"
#include "diag.h"

struct serve_http;

/* Listens on bind:port (port 0: any free one) and serves the files of the
 * folder root, which builds swap in and out (so it is opened anew for each
 * request).  Appends the address to open ("http://127.0.0.1:1313/") to
 * url.  Returns 0 and sets *out (free with serve_http_stop), SERVE_USAGE
 * when the address is not valid or the port is in use, or -1; errors go
 * to diags. */
int serve_http_start(struct serve_http **out, const char *bind,
		     unsigned port, const char *root, struct buf *url,
		     struct diag_list *diags);

/* Tells the server that a build finished: with errors in diags, pages are
 * replaced by an error page listing them; without, the built files are
 * served again.  Open tabs are told to reload.  diags stays the caller's. */
void serve_http_publish(struct serve_http *h, const struct diag_list *diags);

/* Ends every event stream, stops the server and frees h (NULL is fine). */
void serve_http_stop(struct serve_http *h);

#endif

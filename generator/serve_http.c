/* serve_http: answering requests with libmicrohttpd (see serve_http.h). */
#include "serve_http.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mem.h"
#include "serve.h"
#include "text.h"

/* The "file" of the server's own diagnostics. */
#define SERVE_WHO "congbo serve"

struct serve_http {
	struct MHD_Daemon *daemon;
	char *root;                 /* the served folder; immutable */
	pthread_mutex_t lock;
	pthread_cond_t changed;     /* signalled on stop: wakes the ticker */
	/* Guarded by lock.  Only the thread calling serve_http_publish writes
	 * them, so that thread may read them without it. */
	unsigned long generation;   /* builds published so far */
	char *error_page;           /* the page after a failed build, or NULL */
	bool stopping;
	struct serve_stream *waiting;   /* suspended event streams */
	pthread_t ticker;           /* wakes the streams for keepalives */
	bool ticking;
};

/* One open event stream.  It costs no thread: with nothing to send, its
 * connection is suspended (it leaves the event loop) and put on
 * h->waiting; a publish, the keepalive ticker or the stop resumes it. */
struct serve_stream {
	struct serve_http *h;
	struct MHD_Connection *c;
	unsigned long since;        /* the generation the tab has seen */
	bool greeted;
	bool suspended;             /* on h->waiting; guarded by h->lock */
	bool tick;                  /* resumed by the ticker: a keepalive */
	struct serve_stream *next;
};

static void serve_script(struct buf *out, unsigned long generation)
{
	buf_printf(out, "<script>/* congbo serve: reload after each build */"
		   "(function(){var s=new EventSource(\"%s?since=%lu\");"
		   "s.addEventListener(\"reload\",function(){s.close();"
		   "location.reload();});})();</script>\n", SERVE_EVENTS_PATH,
		   generation);
}

/* Queues r with the headers every answer has, and releases it. */
static enum MHD_Result serve_respond(struct MHD_Connection *c,
				     unsigned status, struct MHD_Response *r,
				     const char *type)
{
	if (!r)
		return MHD_NO;
	if (type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	/* A preview must show the latest build: always revalidate. */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* Answers with a copy of the NUL-terminated text. */
static enum MHD_Result serve_text(struct MHD_Connection *c, unsigned status,
				  const char *type, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
	return serve_respond(c, status, r, type);
}

/* Answers with b's bytes, which the response takes over, and the entity
 * tag etag (NULL: none). */
static enum MHD_Result serve_buf(struct MHD_Connection *c, unsigned status,
				 const char *type, struct buf *b,
				 const char *etag)
{
	size_t len = b->len;
	char *data = buf_detach(b);
	struct MHD_Response *r = MHD_create_response_from_buffer(
		len, data, MHD_RESPMEM_MUST_FREE);
	if (!r)
		free(data);
	else if (etag)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	return serve_respond(c, status, r, type);
}

/* Opens rel under root one segment at a time, never following a symbolic
 * link, so that nothing outside the served folder can be reached even if
 * a link got into it.  Returns an fd of a regular file and fills *st, or
 * -1 with errno (EISDIR for a folder). */
static int serve_open(const char *root, const char *rel, struct stat *st)
{
	int fd = -1;
	int dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char *copy = xstrdup(rel), *seg = copy, *slash;
	while (dir >= 0 && (slash = strchr(seg, '/')) != NULL) {
		*slash = '\0';
		int next = openat(dir, seg, O_RDONLY | O_DIRECTORY |
				  O_NOFOLLOW | O_CLOEXEC);
		close(dir);
		dir = next;
		seg = slash + 1;
	}
	if (dir >= 0)
		fd = openat(dir, seg, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
			    O_NONBLOCK);
	if (fd >= 0) {
		int err = fstat(fd, st) < 0 ? ENOENT
			: S_ISREG(st->st_mode) ? 0
			: S_ISDIR(st->st_mode) ? EISDIR : ENOENT;
		if (err) {
			close(fd);
			fd = -1;
			errno = err;
		}
	}
	int saved = errno;
	if (dir >= 0)
		close(dir);
	free(copy);
	errno = saved;
	return fd;
}

/* Reads the whole of fd (which it closes) into out. */
static int serve_read(int fd, struct buf *out)
{
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_put(out, chunk, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

/* The HTML file fd (closed here) with the reload script added. */
static enum MHD_Result serve_page(struct MHD_Connection *c, unsigned status,
				  int fd, unsigned long generation,
				  const char *etag)
{
	struct buf html, out;
	buf_init(&html);
	buf_init(&out);
	struct buf script;
	buf_init(&script);
	serve_script(&script, generation);
	enum MHD_Result rc;
	if (serve_read(fd, &html) < 0) {
		rc = serve_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				"text/plain; charset=utf-8", "read error\n");
		goto out;
	}
	serve_inject(&out, html.data, html.len, script.data);
	rc = serve_buf(c, status, serve_mime_type("x.html"), &out, etag);
out:
	buf_dispose(&script);
	buf_dispose(&html);
	buf_dispose(&out);
	return rc;
}

/* The theme's 404.html with status 404 (plain text if the build has none). */
static enum MHD_Result serve_not_found(struct serve_http *h,
				       struct MHD_Connection *c,
				       unsigned long generation)
{
	struct stat st;
	int fd = serve_open(h->root, "404.html", &st);
	if (fd < 0)
		return serve_text(c, MHD_HTTP_NOT_FOUND,
				  "text/plain; charset=utf-8", "404 not found\n");
	return serve_page(c, MHD_HTTP_NOT_FOUND, fd, generation, NULL);
}

/* A folder asked for without its final '/': where its index.html is. */
static enum MHD_Result serve_redirect(struct MHD_Connection *c,
				      const char *url)
{
	struct buf to;
	buf_init(&to);
	buf_printf(&to, "%s/", url);
	struct MHD_Response *r = MHD_create_response_from_buffer(
		0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (r)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, to.data);
	buf_dispose(&to);
	return serve_respond(c, MHD_HTTP_MOVED_PERMANENTLY, r, NULL);
}

/* True when If-None-Match lists etag (weak or strong) or is "*". */
static bool serve_etag_matches(struct MHD_Connection *c, const char *etag)
{
	const char *p = MHD_lookup_connection_value(
		c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	size_t n = strlen(etag);
	while (p && *p) {
		p += strspn(p, " \t,");
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		size_t len = strcspn(p, ",");
		size_t tag = len;
		while (tag && (p[tag - 1] == ' ' || p[tag - 1] == '\t'))
			tag--;
		if ((tag == 1 && *p == '*') || (tag == n &&
						 memcmp(p, etag, n) == 0))
			return true;
		p += len;
	}
	return false;
}

/* A built file: 304 when the client has it, else its bytes (pages with
 * the script).  Unchanged files keep inode and mtime across builds
 * (output.h), so their tag survives a rebuild; a page's tag also names
 * the generation, since its script does. */
static enum MHD_Result serve_found(struct MHD_Connection *c, int fd,
				   const struct stat *st, const char *rel,
				   unsigned long generation)
{
	const char *type = serve_mime_type(rel);
	bool page = strncmp(type, "text/html", 9) == 0;
	char etag[128];
	snprintf(etag, sizeof etag, "\"%llx-%llx-%llx-%lx\"",
		 (unsigned long long)st->st_ino,
		 (unsigned long long)st->st_size,
		 (unsigned long long)st->st_mtim.tv_sec * 1000000000ull +
			 (unsigned long long)st->st_mtim.tv_nsec,
		 page ? generation : 0ul);
	struct MHD_Response *r;
	if (serve_etag_matches(c, etag)) {
		close(fd);
		r = MHD_create_response_from_buffer(0, (void *)"",
						    MHD_RESPMEM_PERSISTENT);
		if (r)
			MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
		return serve_respond(c, MHD_HTTP_NOT_MODIFIED, r, NULL);
	}
	if (page)
		return serve_page(c, MHD_HTTP_OK, fd, generation, etag);
	r = MHD_create_response_from_fd64((uint64_t)st->st_size, fd);
	if (!r) {
		close(fd);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	return serve_respond(c, MHD_HTTP_OK, r, type);
}

/* A request a page would answer: .html, a folder, or a name without an
 * extension (a folder asked for without its '/'). */
static bool serve_is_page(const char *rel)
{
	const char *slash = strrchr(rel, '/');
	const char *base = slash ? slash + 1 : rel;
	return !strchr(base, '.') ||
	       strncmp(serve_mime_type(rel), "text/html", 9) == 0;
}

/* Copies what a request needs of the shared state. */
static void serve_snapshot(struct serve_http *h, unsigned long *generation,
			   char **error_page)
{
	pthread_mutex_lock(&h->lock);
	*generation = h->generation;
	*error_page = h->error_page ? xstrdup(h->error_page) : NULL;
	pthread_mutex_unlock(&h->lock);
}

static enum MHD_Result serve_file(struct serve_http *h,
				  struct MHD_Connection *c, const char *url)
{
	unsigned long generation;
	char *error_page;
	struct buf rel;
	struct stat st;
	enum MHD_Result rc;
	buf_init(&rel);
	serve_snapshot(h, &generation, &error_page);
	if (serve_path_resolve(url, &rel) < 0) {
		rc = serve_not_found(h, c, generation);
		goto out;
	}
	if (error_page && serve_is_page(rel.data)) {
		rc = serve_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
				serve_mime_type("x.html"), error_page);
		goto out;
	}
	int fd = serve_open(h->root, rel.data, &st);
	if (fd >= 0)
		rc = serve_found(c, fd, &st, rel.data, generation);
	else if (errno == EISDIR)
		rc = serve_redirect(c, url);
	else
		rc = serve_not_found(h, c, generation);
out:
	free(error_page);
	buf_dispose(&rel);
	return rc;
}

/* Resumes every waiting stream; with h->lock held (suspend happens under
 * it too, so a publish cannot slip between a stream's check and its
 * suspend).  tick: for a keepalive. */
static void serve_wake_streams(struct serve_http *h, bool tick)
{
	for (struct serve_stream *s = h->waiting; s; s = s->next) {
		s->suspended = false;
		s->tick = tick;
		MHD_resume_connection(s->c);
	}
	h->waiting = NULL;
}

/* Writes the next message of an event stream into out[0..max): a reload
 * event as soon as a build newer than the tab's finished, a comment when
 * the ticker woke it; else the connection is suspended until then
 * (returning 0 with a suspend is libmicrohttpd's way to wait). */
static ssize_t serve_stream_read(void *cls, uint64_t pos, char *out,
				 size_t max)
{
	struct serve_stream *s = cls;
	struct serve_http *h = s->h;
	ssize_t n = 0;
	(void)pos;
	pthread_mutex_lock(&h->lock);
	if (h->stopping)
		n = MHD_CONTENT_READER_END_OF_STREAM;
	else if (!s->greeted) {
		s->greeted = true;
		n = snprintf(out, max, "retry: 1000\n: congbo\n\n");
	} else if (h->generation != s->since) {
		s->since = h->generation;
		n = snprintf(out, max, "event: reload\ndata: %lu\n\n",
			     s->since);
	} else if (s->tick) {
		s->tick = false;
		n = snprintf(out, max, ": keepalive\n\n");
	} else {
		s->suspended = true;
		s->next = h->waiting;
		h->waiting = s;
		MHD_suspend_connection(s->c);
	}
	pthread_mutex_unlock(&h->lock);
	return n >= 0 && (size_t)n >= max ? MHD_CONTENT_READER_END_WITH_ERROR
					  : n;
}

/* The response is done with s: off the waiting list, then freed. */
static void serve_stream_free(void *cls)
{
	struct serve_stream *s = cls;
	struct serve_http *h = s->h;
	pthread_mutex_lock(&h->lock);
	for (struct serve_stream **p = &h->waiting; *p; p = &(*p)->next)
		if (*p == s) {
			*p = s->next;
			break;
		}
	pthread_mutex_unlock(&h->lock);
	free(s);
}

/* The one thread streams cost: every SERVE_KEEPALIVE_S it wakes the
 * waiting ones for a keepalive comment. */
static void *serve_ticker(void *arg)
{
	struct serve_http *h = arg;
	struct timespec until;
	pthread_mutex_lock(&h->lock);
	clock_gettime(CLOCK_MONOTONIC, &until);
	while (!h->stopping) {
		until.tv_sec += SERVE_KEEPALIVE_S;
		while (!h->stopping && pthread_cond_timedwait(
			       &h->changed, &h->lock, &until) != ETIMEDOUT)
			;
		if (!h->stopping)
			serve_wake_streams(h, true);
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

static enum MHD_Result serve_events(struct serve_http *h,
				    struct MHD_Connection *c)
{
	struct serve_stream *s = xcalloc(1, sizeof *s);
	const char *since = MHD_lookup_connection_value(
		c, MHD_GET_ARGUMENT_KIND, "since");
	char *end = NULL;
	s->h = h;
	s->c = c;
	pthread_mutex_lock(&h->lock);
	s->since = h->generation;
	pthread_mutex_unlock(&h->lock);
	if (since && *since) {
		unsigned long n = strtoul(since, &end, 10);
		if (!*end)
			s->since = n;
	}
	struct MHD_Response *r = MHD_create_response_from_callback(
		MHD_SIZE_UNKNOWN, 256, serve_stream_read, s,
		serve_stream_free);
	if (!r) {
		free(s);
		return MHD_NO;
	}
	return serve_respond(c, MHD_HTTP_OK, r, "text/event-stream");
}

static enum MHD_Result serve_request(void *cls, struct MHD_Connection *c,
				     const char *url, const char *method,
				     const char *version, const char *upload,
				     size_t *upload_size, void **state)
{
	static char headers_seen;   /* only its address is used */
	struct serve_http *h = cls;
	(void)version;
	(void)upload;
	/* Answer on the second call, once the request is read in full: a
	 * response queued earlier makes libmicrohttpd close the connection
	 * instead of keeping it alive.  A body (GET has none) is dropped. */
	if (!*state) {
		*state = &headers_seen;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return serve_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
				  "text/plain; charset=utf-8",
				  "congbo serve answers GET and HEAD only\n");
	if (strcmp(url, SERVE_EVENTS_PATH) == 0)
		return serve_events(h, c);
	return serve_file(h, c, url);
}

/* libmicrohttpd would decode the path before we see it (%00 would cut it
 * short, %2e%2e would look like a name); serve_path_resolve decodes it
 * exactly once instead. */
static size_t serve_keep_escapes(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

/* The page every HTML request gets after a failed build. */
static char *serve_error_page(const struct diag_list *diags,
			      unsigned long generation)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (f) {
		diag_print(diags, f);
		fclose(f);
	}
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n"
		   "<meta charset=\"utf-8\">\n<title>Lỗi: không dựng được "
		   "trang (%zu)</title>\n<style>body{font:16px/1.5 sans-serif;"
		   "margin:2em;color:#222}h1{color:#b00020;font-size:1.4em}"
		   "pre{background:#fff4f4;border-left:4px solid #b00020;"
		   "padding:1em;white-space:pre-wrap}</style>\n</head>\n"
		   "<body>\n<h1>Không dựng được trang: %zu lỗi</h1>\n"
		   "<p>The build failed (congbo serve). Sửa các lỗi dưới đây "
		   "rồi lưu tệp: trang sẽ tự tải lại.</p>\n<pre>",
		   diags->errors, diags->errors);
	if (text)
		text_escape_html(&b, text, len);
	buf_puts(&b, "</pre>\n");
	serve_script(&b, generation);
	buf_puts(&b, "</body>\n</html>\n");
	free(text);
	return buf_detach(&b);
}

/* "http://127.0.0.1:1313/", "http://[::1]:8080/". */
static void serve_url(struct buf *url, const char *addr, unsigned port)
{
	if (strchr(addr, ':'))
		buf_printf(url, "http://[%s]:%u/", addr, port);
	else
		buf_printf(url, "http://%s:%u/", addr, port);
}

/* Why bind() failed, said so that the user knows which option to change. */
static int serve_bind_error(const char *addr, unsigned port, int err,
			    struct diag_list *diags)
{
	if (err == EADDRINUSE)
		diag_error(diags, SERVE_WHO, 0, 0, "port %u is in use: choose "
			   "another with --port", port);
	else if (err == EACCES)
		diag_error(diags, SERVE_WHO, 0, 0, "port %u needs privileges: "
			   "choose one from 1024 up with --port", port);
	else if (err == EADDRNOTAVAIL)
		diag_error(diags, SERVE_WHO, 0, 0, "%s is not an address of "
			   "this machine: choose another with --bind", addr);
	else {
		diag_error(diags, SERVE_WHO, 0, 0, "cannot listen on %s port "
			   "%u: %s", addr, port, strerror(err));
		return -1;
	}
	return SERVE_USAGE;
}

/* Opens the listening socket ourselves (rather than leaving it to
 * libmicrohttpd) to tell "port in use" from other failures and to learn
 * which port 0 got.  Returns the socket, or -1 / SERVE_USAGE. */
static int serve_listen(const char *addr, unsigned *port,
			struct diag_list *diags)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC,
				 .ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
	struct addrinfo *ai = NULL;
	char service[16];
	snprintf(service, sizeof service, "%u", *port);
	int rc = getaddrinfo(addr, service, &hints, &ai);
	if (rc != 0) {
		diag_error(diags, SERVE_WHO, 0, 0, "cannot listen on \"%s\": "
			   "%s; give --bind an address such as 127.0.0.1 or "
			   "0.0.0.0", addr, gai_strerror(rc));
		return SERVE_USAGE;
	}
	int one = 1, fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
				 ai->ai_protocol);
	if (fd < 0) {
		rc = serve_bind_error(addr, *port, errno, diags);
		goto out;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 ||
	    listen(fd, SOMAXCONN) < 0) {
		rc = serve_bind_error(addr, *port, errno, diags);
		close(fd);
		goto out;
	}
	struct sockaddr_storage sa;
	socklen_t sl = sizeof sa;
	if (getsockname(fd, (struct sockaddr *)&sa, &sl) == 0)
		*port = ntohs(sa.ss_family == AF_INET6
			? ((struct sockaddr_in6 *)&sa)->sin6_port
			: ((struct sockaddr_in *)&sa)->sin_port);
	rc = fd;
out:
	freeaddrinfo(ai);
	return rc;
}

int serve_http_start(struct serve_http **out, const char *addr,
		     unsigned port, const char *root, struct buf *url,
		     struct diag_list *diags)
{
	*out = NULL;
	int fd = serve_listen(addr, &port, diags);
	if (fd < 0)
		return fd;
	struct serve_http *h = xcalloc(1, sizeof *h);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&h->changed, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&h->lock, NULL);
	h->root = xstrdup(root);
	/* one event loop on epoll, not a thread per connection */
	h->daemon = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME,
		0, NULL, NULL, serve_request, h,
		MHD_OPTION_LISTEN_SOCKET, fd,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNECTIONS,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SERVE_MAX_PER_IP,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT_S,
		MHD_OPTION_UNESCAPE_CALLBACK, serve_keep_escapes, NULL,
		MHD_OPTION_END);
	if (!h->daemon) {
		close(fd);
		serve_http_stop(h);
		diag_error(diags, SERVE_WHO, 0, 0, "the HTTP server (libmicro"
			   "httpd) did not start on %s port %u", addr, port);
		return -1;
	}
	h->ticking = pthread_create(&h->ticker, NULL, serve_ticker, h) == 0;
	serve_url(url, addr, port);
	*out = h;
	return 0;
}

void serve_http_publish(struct serve_http *h, const struct diag_list *diags)
{
	/* Only this thread writes generation: reading it unlocked is safe. */
	char *page = diags->errors ? serve_error_page(diags,
						      h->generation + 1)
				   : NULL;
	pthread_mutex_lock(&h->lock);
	free(h->error_page);
	h->error_page = page;
	h->generation++;
	serve_wake_streams(h, false);
	pthread_mutex_unlock(&h->lock);
}

void serve_http_stop(struct serve_http *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	h->stopping = true;
	pthread_cond_broadcast(&h->changed);
	if (h->daemon)
		serve_wake_streams(h, false);   /* they end their streams */
	pthread_mutex_unlock(&h->lock);
	if (h->ticking)
		pthread_join(h->ticker, NULL);
	if (h->daemon)
		MHD_stop_daemon(h->daemon);   /* closes every connection */
	pthread_cond_destroy(&h->changed);
	pthread_mutex_destroy(&h->lock);
	free(h->error_page);
	free(h->root);
	free(h);
}

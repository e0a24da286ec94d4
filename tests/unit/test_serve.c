/* Unit tests of the preview server's pure pieces: which file a request
 * names (and every way of trying to leave the site), types, injection. */
#include "serve.h"

#include <string.h>

#include "buf.h"
#include "check.h"

/* The resolved path, or "REFUSED". */
static const char *resolve(const char *raw)
{
	static char out[1024];
	struct buf b;
	buf_init(&b);
	if (serve_path_resolve(raw, &b) < 0)
		snprintf(out, sizeof out, "REFUSED");
	else
		snprintf(out, sizeof out, "%s", b.data);
	buf_dispose(&b);
	return out;
}

static void test_resolve(void)
{
	CHECK_STR(resolve("/"), "index.html");
	CHECK_STR(resolve("/tin-tuc/2022/a/"), "tin-tuc/2022/a/index.html");
	CHECK_STR(resolve("/assets/style.css"), "assets/style.css");
	CHECK_STR(resolve("/tin-tuc"), "tin-tuc");
	CHECK_STR(resolve("/a%20b/"), "a b/index.html");
	CHECK_STR(resolve("/%C4%91/x.html"), "\xc4\x91/x.html");
	CHECK_STR(resolve("/a..b/c.d"), "a..b/c.d");
	CHECK_STR(resolve("/.well-known/x"), ".well-known/x");
	/* decoded once only: %252e stays the three characters %2e */
	CHECK_STR(resolve("/%252e%252e/"), "%2e%2e/index.html");
}

static void test_refused(void)
{
	static const char *const bad[] = {
		"", "index.html", "http://example.org/", "//etc/passwd",
		"/..", "/../etc/passwd", "/a/../../etc/passwd", "/a/./b",
		"/.", "/./", "/%2e%2e/", "/%2E%2e/etc", "/.%2e/", "/%2e/",
		"/a/%2e%2e%2f%2e%2e%2fetc", "/a%2fb", "/a%00b", "/%00",
		"/a\\b", "/a%5cb", "/a%5C..%5Cb", "/a%0ab", "/a\tb", "/a%7f",
		"/a%", "/a%2", "/a%zz", "/a%g0", "/a//b", "/a%2F..%2Fb",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (!CHECK(strcmp(resolve(bad[i]), "REFUSED") == 0))
			printf("  path: \"%s\" -> \"%s\"\n", bad[i],
			       resolve(bad[i]));
}

static void test_mime(void)
{
	CHECK_STR(serve_mime_type("index.html"), "text/html; charset=utf-8");
	CHECK_STR(serve_mime_type("a/B.HTML"), "text/html; charset=utf-8");
	CHECK_STR(serve_mime_type("assets/style.css"), "text/css; charset=utf-8");
	CHECK_STR(serve_mime_type("app.js"), "text/javascript; charset=utf-8");
	CHECK_STR(serve_mime_type("f.svg"), "image/svg+xml");
	CHECK_STR(serve_mime_type("feed.xml"), "application/xml; charset=utf-8");
	CHECK_STR(serve_mime_type("k.json"), "application/json");
	CHECK_STR(serve_mime_type("k.csv"), "text/csv; charset=utf-8");
	CHECK_STR(serve_mime_type("a.png"), "image/png");
	CHECK_STR(serve_mime_type("a.jpg"), "image/jpeg");
	CHECK_STR(serve_mime_type("a.jpeg"), "image/jpeg");
	CHECK_STR(serve_mime_type("a.gif"), "image/gif");
	CHECK_STR(serve_mime_type("a.webp"), "image/webp");
	CHECK_STR(serve_mime_type("favicon.ico"), "image/x-icon");
	CHECK_STR(serve_mime_type("qd.pdf"), "application/pdf");
	CHECK_STR(serve_mime_type("robots.txt"), "text/plain; charset=utf-8");
	CHECK_STR(serve_mime_type("a.tar.gz"), "application/octet-stream");
	CHECK_STR(serve_mime_type("v1.0/README"), "application/octet-stream");
	CHECK_STR(serve_mime_type("noext"), "application/octet-stream");
}

static const char *inject(const char *html)
{
	static char out[1024];
	struct buf b;
	buf_init(&b);
	serve_inject(&b, html, strlen(html), "<s>");
	snprintf(out, sizeof out, "%s", b.data);
	buf_dispose(&b);
	return out;
}

static void test_inject(void)
{
	CHECK_STR(inject("<p>a</p></body></html>"), "<p>a</p><s></body></html>");
	CHECK_STR(inject("<p></BODY>x</Body>\n"), "<p></BODY>x<s></Body>\n");
	CHECK_STR(inject("<p>no end"), "<p>no end<s>");
	CHECK_STR(inject(""), "<s>");
	CHECK_STR(inject("</body"), "</body<s>");
	CHECK_STR(inject("</body>"), "<s></body>");
}

int main(void)
{
	test_resolve();
	test_refused();
	test_mime();
	test_inject();
	return check_done();
}

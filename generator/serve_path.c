/* serve_path: the pure pieces of the preview server: which file a request
 * names, its type, and where the reload script goes (see serve.h). */
#include "serve.h"

#include <string.h>
#include <strings.h>

static int serve_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes one segment raw[0..len) into out; -1 for a bad escape or a
 * byte no file name of a built site has (NUL, controls, '\\'). */
static int serve_segment(struct buf *out, const char *raw, size_t len)
{
	size_t start = out->len;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)raw[i];
		if (c == '%') {
			if (i + 2 >= len)
				return -1;
			int hi = serve_hex(raw[i + 1]), lo = serve_hex(raw[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
		}
		if (c < 0x20 || c == 0x7f || c == '\\' || c == '/')
			return -1;   /* '/' decoded from %2f would split anew */
		buf_putc(out, (char)c);
	}
	const char *seg = out->data + start;
	size_t n = out->len - start;
	if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' &&
					  seg[1] == '.'))
		return -1;
	return 0;
}

int serve_path_resolve(const char *raw, struct buf *out)
{
	if (raw[0] != '/')
		return -1;   /* absolute-form targets and anything odd */
	const char *p = raw + 1;
	size_t start = out->len;
	while (*p) {
		size_t len = strcspn(p, "/");
		if (len == 0)
			return -1;   /* "//": an empty segment */
		if (out->len > start)
			buf_putc(out, '/');
		if (serve_segment(out, p, len) < 0)
			return -1;
		p += len;
		if (*p == '/')
			p++;
	}
	if (p[-1] == '/')
		buf_puts(out, out->len > start ? "/index.html" : "index.html");
	return 0;
}

struct serve_type {
	const char *ext;
	const char *type;
};

static const struct serve_type serve_types[] = {
	{"html", "text/html; charset=utf-8"},
	{"htm", "text/html; charset=utf-8"},
	{"css", "text/css; charset=utf-8"},
	{"js", "text/javascript; charset=utf-8"},
	{"mjs", "text/javascript; charset=utf-8"},
	{"json", "application/json"},
	{"xml", "application/xml; charset=utf-8"},
	{"svg", "image/svg+xml"},
	{"csv", "text/csv; charset=utf-8"},
	{"txt", "text/plain; charset=utf-8"},
	{"png", "image/png"},
	{"jpg", "image/jpeg"},
	{"jpeg", "image/jpeg"},
	{"gif", "image/gif"},
	{"webp", "image/webp"},
	{"avif", "image/avif"},
	{"ico", "image/x-icon"},
	{"pdf", "application/pdf"},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"woff2", "font/woff2"},
	{"woff", "font/woff"},
};

const char *serve_mime_type(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	if (dot)
		for (size_t i = 0; i < sizeof serve_types / sizeof *serve_types;
		     i++)
			if (strcasecmp(dot + 1, serve_types[i].ext) == 0)
				return serve_types[i].type;
	return "application/octet-stream";
}

void serve_inject(struct buf *out, const char *html, size_t len,
		  const char *script)
{
	static const char tag[] = "</body>";
	size_t at = len;
	for (size_t i = len >= sizeof tag - 1 ? len - (sizeof tag - 1) + 1 : 0;
	     i-- > 0;)
		if (strncasecmp(html + i, tag, sizeof tag - 1) == 0) {
			at = i;
			break;
		}
	buf_put(out, html, at);
	buf_puts(out, script);
	buf_put(out, html + at, len - at);
}

/* newcmd: new articles and pages, and the files they share with new score
 * data (see newcmd.h; scores are in newcmd_scores.c). */
#include "newcmd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "config.h"
#include "i18n.h"
#include "newcmd_io.h"
#include "text.h"
#include "text_date.h"
#include "value.h"

#define NEWCMD_WHO "congbo new"

/* ---- files ---- */

void newcmd_path(struct buf *out, const char *source_dir, const char *rel)
{
	if (source_dir && strcmp(source_dir, ".") != 0)
		buf_printf(out, "%s/%s", source_dir, rel);
	else
		buf_puts(out, rel);
}

int newcmd_read(const char *source_dir, const char *rel, struct buf *out)
{
	struct buf path;
	buf_init(&path);
	newcmd_path(&path, source_dir, rel);
	FILE *f = fopen(path.data, "rb");
	buf_dispose(&path);
	if (!f)
		return -1;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(out, chunk, n);
	int rc = ferror(f) ? -1 : 0;
	fclose(f);
	return rc;
}

/* Creates the folders of rel's parent under source_dir, like mkdir -p. */
static int newcmd_mkdirs(const char *source_dir, const char *rel)
{
	struct buf p;
	buf_init(&p);
	newcmd_path(&p, source_dir, "");
	size_t base = p.len;
	buf_puts(&p, rel);
	int rc = 0;
	for (char *s = p.data + base; rc == 0 && (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p.data, 0777) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	buf_dispose(&p);
	return rc;
}

static void newcmd_exists(const char *name, struct diag_list *diags)
{
	diag_error(diags, name, 0, 0, "exists already; congbo new never "
		   "overwrites a file: edit it, or choose another name");
}

int newcmd_refuse_existing(const char *source_dir, const char *rel,
			   struct diag_list *diags)
{
	struct buf p;
	struct stat st;
	buf_init(&p);
	newcmd_path(&p, source_dir, rel);
	int exists = lstat(p.data, &st) == 0;
	if (exists)
		newcmd_exists(p.data, diags);
	buf_dispose(&p);
	return exists ? -1 : 0;
}

int newcmd_write_new(const char *source_dir, const char *rel,
		     const struct buf *text, struct buf *path,
		     struct diag_list *diags)
{
	size_t start = path->len;
	newcmd_path(path, source_dir, rel);
	const char *name = path->data + start;
	if (newcmd_mkdirs(source_dir, rel) < 0) {
		diag_error(diags, name, 0, 0, "cannot make its folder: %s",
			   strerror(errno));
		return -1;
	}
	int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0 && errno == EEXIST) {
		newcmd_exists(name, diags);
		return -1;
	}
	size_t done = 0;
	while (fd >= 0 && done < text->len) {
		ssize_t n = write(fd, text->data + done, text->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		done += (size_t)n;
	}
	if (fd < 0 || done < text->len || close(fd) < 0) {
		diag_error(diags, name, 0, 0, "cannot write: %s",
			   strerror(errno));
		if (fd >= 0)
			unlink(name);
		return -1;
	}
	return 0;
}

/* ---- YAML text ---- */

static bool newcmd_yaml_special(const char *s)
{
	static const char *const words[] = {"null", "Null", "NULL", "~",
		"true", "True", "TRUE", "false", "False", "FALSE", NULL};
	for (size_t i = 0; words[i]; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	double d;
	return value_parse_number(s, strlen(s), &d);
}

/* True when s can be written plain and reads back as the same text. */
static bool newcmd_yaml_plain(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0]) ||
	    s[n - 1] == ' ' || s[n - 1] == ':' || newcmd_yaml_special(s))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' ||
		    (c == ':' && s[i + 1] == ' ') ||
		    (c == '#' && s[i - 1] == ' '))
			return false;
	}
	return true;
}

void newcmd_yaml_text(struct buf *out, const char *s)
{
	if (newcmd_yaml_plain(s))
		buf_puts(out, s);
	else
		newcmd_yaml_quoted(out, s);
}

void newcmd_yaml_quoted(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	for (const unsigned char *p = (const void *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(out, "\\%c", *p);
		else if (*p == '\n')
			buf_puts(out, "\\n");
		else if (*p == '\t')
			buf_puts(out, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			buf_printf(out, "\\x%02x", *p);
		else
			buf_putc(out, (char)*p);
	}
	buf_putc(out, '"');
}

/* ---- posts and pages ---- */

/* Reads the site config (for the timezone and the default author). */
static int newcmd_config(const struct newcmd_options *o, struct arena *a,
			 struct buf *text, struct config *cfg, int *offset_min,
			 struct diag_list *diags)
{
	if (newcmd_read(o->source_dir, CONFIG_FILE, text) < 0) {
		diag_error(diags, CONFIG_FILE, 0, 0, "cannot read it: %s; run "
			   "congbo new in the portal folder, or give --source",
			   strerror(errno));
		return -1;
	}
	if (config_load(cfg, a, CONFIG_FILE, text->data, text->len, diags) < 0)
		return -1;
	if (text_tz_offset(cfg->timezone, o->now, offset_min) < 0) {
		diag_error(diags, CONFIG_FILE, 0, 0, "unknown timezone \"%s\"; "
			   "use an IANA name such as Asia/Ho_Chi_Minh",
			   cfg->timezone);
		return -1;
	}
	return 0;
}

/* The slug of the title, or -1 with an error for a title without one. */
static int newcmd_slug(const char *title, struct buf *slug,
		       struct diag_list *diags)
{
	size_t len = strlen(title);
	if (text_check_utf8(title, len, NULL, NULL) < 0) {
		diag_error(diags, NEWCMD_WHO, 0, 0, "the title is not valid "
			   "UTF-8 text");
		return -1;
	}
	text_slugify(slug, title, len);
	if (slug->len == 0) {
		diag_error(diags, NEWCMD_WHO, 0, 0, "the title \"%s\" has no "
			   "letter or digit to make a file name from", title);
		return -1;
	}
	return 0;
}

static void newcmd_post_text(struct buf *t, const char *title,
			     const struct text_date *date, const char *author)
{
	buf_puts(t, "---\ntitle: ");
	newcmd_yaml_text(t, title);
	buf_puts(t, "\ndate: ");
	text_date_iso(t, date);
	buf_puts(t, "\nauthor: ");
	if (author && *author)
		newcmd_yaml_text(t, author);
	/* the comments speak the writer's language (i18n.h) */
	buf_puts(t, _("\ncategories: []   # e.g. [Cải cách hành chính]\n"
		      "tags: []\n"
		      "summary:          # one or two sentences; empty: the "
		      "start of the text\n"
		      "draft: true       # remove this line to publish\n"
		      "---\n\n"));
}

static int newcmd_post(const struct newcmd_options *o, struct buf *path,
		       struct diag_list *diags)
{
	struct arena a;
	struct buf cfg_text, slug, rel, text;
	struct config cfg;
	int offset_min = 0, rc = -1;
	arena_init(&a);
	buf_init(&cfg_text);
	buf_init(&slug);
	buf_init(&rel);
	buf_init(&text);
	if (newcmd_slug(o->title, &slug, diags) < 0 ||
	    newcmd_config(o, &a, &cfg_text, &cfg, &offset_min, diags) < 0)
		goto out;
	struct text_date date;
	text_date_from_epoch(&date, o->now, offset_min);
	buf_printf(&rel, "content/posts/%04d/%s.md", date.year, slug.data);
	newcmd_post_text(&text, o->title, &date,
			 o->author ? o->author : cfg.author);
	rc = newcmd_write_new(o->source_dir, rel.data, &text, path, diags);
out:
	buf_dispose(&text);
	buf_dispose(&rel);
	buf_dispose(&slug);
	buf_dispose(&cfg_text);
	arena_dispose(&a);
	return rc;
}

static int newcmd_page(const struct newcmd_options *o, struct buf *path,
		       struct diag_list *diags)
{
	struct buf slug, rel, text;
	int rc = -1;
	buf_init(&slug);
	buf_init(&rel);
	buf_init(&text);
	if (newcmd_slug(o->title, &slug, diags) < 0)
		goto out;
	buf_printf(&rel, "content/pages/%s.md", slug.data);
	buf_puts(&text, "---\ntitle: ");
	newcmd_yaml_text(&text, o->title);
	buf_puts(&text, _("\nsummary:          # one or two sentences; "
			  "empty: the start of the text\n"
			  "draft: true       # remove this line to publish\n"
			  "---\n\n"));
	rc = newcmd_write_new(o->source_dir, rel.data, &text, path, diags);
out:
	buf_dispose(&text);
	buf_dispose(&rel);
	buf_dispose(&slug);
	return rc;
}

int newcmd_run(const struct newcmd_options *o, struct buf *path,
	       struct diag_list *diags)
{
	switch (o->kind) {
	case NEWCMD_POST:
		return newcmd_post(o, path, diags);
	case NEWCMD_PAGE:
		return newcmd_page(o, path, diags);
	case NEWCMD_SCORES:
		return newcmd_scores(o, path, diags);
	}
	return -1;
}

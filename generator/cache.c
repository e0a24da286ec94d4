/* cache: the incremental-build record beside the output folder
 * (see cache.h).
 *
 * One text file, a record per line, fields separated by tabs, texts
 * escaped (\t \n \\):
 *
 *     congbo-cache 3	VERSION	BUILD-ID	OPTIONS
 *     S	size	inode	mtime_ns	ctime_ns	blob-id	path
 *     B	summary key (render.c)	summary
 *     P	blob-id	front matter record (content.c)
 *     R	blob-id	the links and headings of the body (review.c)
 *     O	fingerprint	sha256	size	inode	mtime_ns	path
 *     F	epoch of the earliest future article left out
 *     H	git HEAD of the portal's repository
 *     W	(that build warned)
 *     #	digest of every byte before this line
 */
#include "cache.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "outdir.h"

/* The Makefile's checksum of the sources the binary was built from. */
#ifndef CONGBO_BUILD_ID
#define CONGBO_BUILD_ID "unknown"
#endif

struct cache_source {
	unsigned long long size, inode;
	long long mtime_ns, ctime_ns;
	char id[41];
};

struct cache_output {
	unsigned long long size, inode;
	long long mtime_ns;
	char fingerprint[FINGERPRINT_HEX_SIZE];
	char sha256[DIGEST_SHA256_HEX_SIZE];   /* of its bytes: SHA256SUMS */
};

static void cache_escape(struct buf *b, const char *s)
{
	for (;;) {
		size_t plain = strcspn(s, "\t\n\\");   /* most of any text */
		buf_put(b, s, plain);
		s += plain;
		if (!*s)
			return;
		buf_puts(b, *s == '\t' ? "\\t" : *s == '\n' ? "\\n" : "\\\\");
		s++;
	}
}

/* A tab, then n in decimal: 45,000 numbers a save, printf's parsing
 * cost more than the rest. */
static void cache_put_number(struct buf *b, unsigned long long n)
{
	char digits[24], *p = digits + sizeof digits;
	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	buf_putc(b, '\t');
	buf_put(b, p, (size_t)(digits + sizeof digits - p));
}

/* Undoes cache_escape in place. */
static void cache_unescape(char *s)
{
	s = strchr(s, '\\');   /* most texts have none */
	if (!s)
		return;
	char *d = s;
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*d++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
		} else {
			*d++ = *s;
		}
	}
	*d = '\0';
}

/* Splits line at tabs into at most max fields; returns the count. */
static size_t cache_fields(char *line, char **fields, size_t max)
{
	size_t n = 0;
	fields[n++] = line;
	for (char *p = line; n < max && (p = strchr(p, '\t')); p++) {
		*p = '\0';
		fields[n++] = p + 1;
	}
	return n;
}

/* A decimal number that is the whole of s (45,000 a load: no strtoull). */
static bool cache_number(const char *s, unsigned long long *out)
{
	unsigned long long n = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned digit = (unsigned)(*p - '0');
		if (n > (ULLONG_MAX - digit) / 10)
			return false;
		n = n * 10 + digit;
	}
	*out = n;
	return p != s && !*p;
}

static bool cache_parse_source(struct cache *c, char **f, size_t n)
{
	struct cache_source *s;
	unsigned long long mtime, ctime;
	if (n != 7 || strlen(f[5]) != 40)
		return false;
	s = arena_alloc(&c->arena, sizeof *s);
	if (!cache_number(f[1], &s->size) || !cache_number(f[2], &s->inode) ||
	    !cache_number(f[3], &mtime) || !cache_number(f[4], &ctime))
		return false;
	s->mtime_ns = (long long)mtime;
	s->ctime_ns = (long long)ctime;
	memcpy(s->id, f[5], 41);
	cache_unescape(f[6]);
	strmap_put(&c->sources, f[6], s);
	return true;
}

static bool cache_parse_output(struct cache *c, char **f, size_t n)
{
	struct cache_output *o;
	unsigned long long mtime;
	if (n != 7 || strlen(f[1]) != FINGERPRINT_HEX_SIZE - 1 ||
	    strlen(f[2]) != DIGEST_SHA256_HEX_SIZE - 1)
		return false;
	o = arena_alloc(&c->arena, sizeof *o);
	if (!cache_number(f[3], &o->size) || !cache_number(f[4], &o->inode) ||
	    !cache_number(f[5], &mtime))
		return false;
	o->mtime_ns = (long long)mtime;
	memcpy(o->fingerprint, f[1], FINGERPRINT_HEX_SIZE);
	memcpy(o->sha256, f[2], DIGEST_SHA256_HEX_SIZE);
	cache_unescape(f[6]);
	strmap_put(&c->outputs, f[6], o);
	return true;
}

/* Lines of texts kept by key (front matter, checks, summaries): read only
 * once a build knows it needs them (cache_load_texts). */
static bool cache_is_text_line(const char *line)
{
	return (line[0] == 'P' || line[0] == 'R' || line[0] == 'B') &&
	       line[1] == '\t';
}

static bool cache_parse_text_line(struct cache *c, char *line)
{
	char *f[3];
	size_t n = cache_fields(line, f, 3);
	struct strmap *map = f[0][0] == 'P' ? &c->records
			   : f[0][0] == 'R' ? &c->reviews : &c->summaries;
	size_t key_len = f[0][0] == 'B' ? FINGERPRINT_HEX_SIZE - 1 : 40;
	if (n != 3 || strlen(f[1]) != key_len)
		return false;
	cache_unescape(f[2]);
	strmap_put(map, f[1], arena_strdup(&c->arena, f[2]));
	return true;
}

static bool cache_parse_line(struct cache *c, char *line)
{
	char *f[7];
	size_t n = cache_fields(line, f, 7);
	if (strcmp(f[0], "S") == 0)
		return cache_parse_source(c, f, n);
	if (strcmp(f[0], "O") == 0)
		return cache_parse_output(c, f, n);
	if (strcmp(f[0], "W") == 0 && n == 1) {
		c->warned = true;
		return true;
	}
	if (strcmp(f[0], "H") == 0 && n == 2 && strlen(f[1]) == 40) {
		memcpy(c->head, f[1], 41);
		return true;
	}
	if (strcmp(f[0], "F") == 0 && n == 2) {
		unsigned long long epoch;
		if (!cache_number(f[1], &epoch))
			return false;
		c->horizon = (long long)epoch;
		return true;
	}
	return false;
}

/* Reads a cache file, but only a regular file of at most CACHE_MAX_SIZE:
 * O_NOFOLLOW and O_NONBLOCK keep a link to /dev/zero or a fifo put in
 * its place from exhausting memory or hanging the build. */
char *cache_read_file(const char *path, size_t *len, const char **why)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *data = NULL;
	size_t done = 0;
	if (fd < 0) {
		if (errno != ENOENT)
			*why = "not a file congbo can read";
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > CACHE_MAX_SIZE) {
		*why = "not a regular file of at most " CACHE_MAX_SIZE_TEXT;
		goto out;
	}
	data = xmalloc((size_t)st.st_size + 1);
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, data + done, (size_t)st.st_size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (done != (size_t)st.st_size) {
		free(data);
		data = NULL;
		*why = "truncated or corrupt";
		goto out;
	}
	data[done] = '\0';
	*len = done;
out:
	close(fd);
	return data;
}

static void cache_header(struct buf *b, const char *options)
{
	buf_printf(b, "%s\t%s\t%s\t%s\n", CACHE_FORMAT, CONGBO_VERSION,
		   CONGBO_BUILD_ID, options);
}

/* Checks the header and the closing digest; returns where the records
 * start, or NULL with a note. */
static char *cache_verify(struct cache *c, char *text, size_t len)
{
	struct buf head;
	buf_init(&head);
	cache_header(&head, c->options);
	bool same = len > head.len && memcmp(text, head.data, head.len) == 0;
	size_t head_len = head.len;
	buf_dispose(&head);
	if (!same) {
		c->note = xstrdup("made by another version or with other "
				  "options");
		return NULL;
	}
	char *last = len > 1 ? memrchr(text, '\n', len - 1) : NULL;
	struct fingerprint fp;
	char hex[FINGERPRINT_HEX_SIZE];
	fingerprint_init(&fp);
	if (last)
		fingerprint_bytes(&fp, text, (size_t)(last + 1 - text));
	fingerprint_hex(&fp, hex);
	if (!last || text[len - 1] != '\n' || strncmp(last + 1, "#\t", 2) ||
	    strncmp(last + 3, hex, FINGERPRINT_HEX_SIZE - 1)) {
		c->note = xstrdup("truncated or corrupt");
		return NULL;
	}
	*last = '\0';
	return text + head_len;
}

static void cache_forget(struct cache *c)
{
	strmap_dispose(&c->sources);
	strmap_dispose(&c->summaries);
	strmap_dispose(&c->outputs);
	strmap_dispose(&c->records);
	strmap_dispose(&c->reviews);
}

/* Reads what a build needs to know whether anything changed (sources,
 * outputs, HEAD...); the lines of texts are only found, and kept in
 * c->text for cache_load_texts: a build with nothing changed, most of
 * them, needs none. */
static void cache_load(struct cache *c)
{
	size_t len = 0, cap = 0;
	const char *why = NULL;
	char *text = cache_read_file(c->path, &len, &why);
	if (!text) {
		if (why)
			c->note = xstrdup(why);
		return;
	}
	char *records = cache_verify(c, text, len);
	for (char *line = records; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (cache_is_text_line(line)) {
			if (c->text_line_count == cap) {
				cap = cap ? cap * 2 : 1024;
				c->text_lines = xreallocarray(c->text_lines, cap,
							sizeof *c->text_lines);
			}
			c->text_lines[c->text_line_count++] = line;
		} else if (!cache_parse_line(c, line)) {
			c->note = xstrdup("a record cannot be read");
			break;
		}
		line = nl ? nl + 1 : line + strlen(line);
	}
	if (c->note) {   /* all or nothing */
		cache_forget(c);
		c->text_line_count = 0;
	}
	c->text = text;
}

void cache_load_texts(struct cache *c)
{
	for (size_t i = 0; i < c->text_line_count; i++)
		if (!cache_parse_text_line(c, c->text_lines[i])) {
			/* written by this very build of congbo, digest and
			 * all: cannot happen; the texts are only a saving */
			strmap_dispose(&c->records);
			strmap_dispose(&c->reviews);
			strmap_dispose(&c->summaries);
			break;
		}
	free(c->text_lines);
	c->text_lines = NULL;
	c->text_line_count = 0;
	free(c->text);
	c->text = NULL;
}

void cache_open(struct cache *c, const char *out_dir, const char *options)
{
	memset(c, 0, sizeof *c);
	c->path = outdir_sibling_path(out_dir, ".cache");
	c->out_dir = xstrdup(out_dir);
	snprintf(c->options, sizeof c->options, "%s", options);
	arena_init(&c->arena);
	strmap_init(&c->sources);
	strmap_init(&c->summaries);
	strmap_init(&c->outputs);
	strmap_init(&c->records);
	strmap_init(&c->reviews);
	pthread_mutex_init(&c->lock, NULL);
	c->horizon = LLONG_MAX;
	buf_init(&c->next);
	cache_header(&c->next, c->options);
	/* ".site.tmp-cache": the output folder is locked, and a build killed
	 * before its save leaves it to outdir_recover, like its other
	 * temporary files */
	c->next_path = outdir_sibling_path(out_dir, ".tmp-cache");
	c->next_fd = -1;
	fingerprint_init(&c->next_fp);
	cache_load(c);
	/* every output is compared relative to the folder, opened once */
	c->out_fd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

void cache_dispose(struct cache *c)
{
	if (c->out_fd >= 0)
		close(c->out_fd);
	cache_forget(c);
	free(c->text_lines);
	free(c->text);
	arena_dispose(&c->arena);
	pthread_mutex_destroy(&c->lock);
	buf_dispose(&c->next);
	if (c->next_fd >= 0) {   /* not saved: the build failed */
		close(c->next_fd);
		unlink(c->next_path);
	}
	free(c->next_path);
	free(c->path);
	free(c->out_dir);
	free(c->note);
	memset(c, 0, sizeof *c);
}

const char *cache_source_id(const struct cache *c, const char *path,
			    unsigned long long size, unsigned long long inode,
			    long long mtime_ns, long long ctime_ns)
{
	const struct cache_source *s = strmap_get(&c->sources, path);
	if (!s || s->size != size || s->inode != inode ||
	    s->mtime_ns != mtime_ns || s->ctime_ns != ctime_ns)
		return NULL;
	return s->id;
}

static const char *cache_lookup(void *ctx, const char *path,
				unsigned long long size,
				unsigned long long inode, long long mtime_ns,
				long long ctime_ns)
{
	return cache_source_id(ctx, path, size, inode, mtime_ns, ctime_ns);
}

struct source_known cache_source_known(struct cache *c)
{
	return (struct source_known){.lookup = cache_lookup, .ctx = c};
}

const char *cache_record(const struct cache *c, const char *blob_id)
{
	return strmap_get(&c->records, blob_id);
}

/* The next build's cache goes to a temporary file beside the cache as it
 * is noted, a megabyte at a time, its digest taken on the way: not held
 * whole in memory (16 MB at 10,000 articles). */
#define CACHE_FLUSH_SIZE (1024 * 1024)

static int cache_write_all(int fd, const char *data, size_t len);

/* Under c->lock: writes the first len bytes noted and drops them.  The
 * digest is fed whole 8-byte words only until the end (all), so that it
 * equals the one cache_verify takes of the whole file at once. */
static void cache_flush_locked(struct cache *c, bool all)
{
	size_t len = all ? c->next.len : c->next.len & ~(size_t)7;
	if (!len || c->next_failed)
		return;
	if (c->next_fd < 0)
		c->next_fd = open(c->next_path, O_WRONLY | O_CREAT | O_TRUNC |
				  O_CLOEXEC, 0644);
	fingerprint_bytes(&c->next_fp, c->next.data, len);
	if (c->next_fd < 0 || cache_write_all(c->next_fd, c->next.data, len))
		c->next_failed = true;
	memmove(c->next.data, c->next.data + len, c->next.len - len);
	buf_truncate(&c->next, c->next.len - len);
}

static void cache_unlock(struct cache *c)
{
	if (c->next.len >= CACHE_FLUSH_SIZE)
		cache_flush_locked(c, false);
	pthread_mutex_unlock(&c->lock);
}

const char *cache_review(const struct cache *c, const char *blob_id)
{
	return strmap_get(&c->reviews, blob_id);
}

/* A line "KIND	key	escaped text". */
static void cache_note_text(struct cache *c, const char *kind,
			    const char *key, const char *text)
{
	pthread_mutex_lock(&c->lock);
	buf_puts(&c->next, kind);
	buf_putc(&c->next, '\t');
	buf_puts(&c->next, key);
	buf_putc(&c->next, '\t');
	cache_escape(&c->next, text);
	buf_putc(&c->next, '\n');
	cache_unlock(c);
}

void cache_note_record(struct cache *c, const char *blob_id,
		       const char *record)
{
	cache_note_text(c, "P", blob_id, record);
}

void cache_note_review(struct cache *c, const char *blob_id,
		       const char *record)
{
	cache_note_text(c, "R", blob_id, record);
}

const char *cache_summary(const struct cache *c, const char *blob_id)
{
	return strmap_get(&c->summaries, blob_id);
}

bool cache_output_fresh(const struct cache *c, const char *path,
			const char *fingerprint)
{
	const struct cache_output *o = strmap_get(&c->outputs, path);
	if (!o || strcmp(o->fingerprint, fingerprint) != 0)
		return false;
	struct stat st;
	return c->out_fd >= 0 &&
	       fstatat(c->out_fd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       S_ISREG(st.st_mode) &&
	       (unsigned long long)st.st_size == o->size &&
	       (unsigned long long)st.st_ino == o->inode &&
	       (long long)st.st_mtim.tv_sec * 1000000000LL +
	       st.st_mtim.tv_nsec == o->mtime_ns;
}

bool cache_all_fresh(const struct cache *c, const struct source *src,
		     const char *head, long long now)
{
	if (!c->sources.count || !c->outputs.count || now >= c->horizon ||
	    c->warned ||
	    src->count != c->sources.count || strcmp(head, c->head) != 0)
		return false;
	for (size_t i = 0; i < src->count; i++) {
		const struct source_file *f = &src->files[i];
		const char *id = cache_source_id(c, f->path, f->size, f->inode,
						 f->mtime_ns, f->ctime_ns);
		if (!id || strcmp(id, f->id) != 0)
			return false;
	}
	for (size_t i = 0; i < c->outputs.cap; i++) {
		const struct strmap_slot *s = &c->outputs.slots[i];
		const struct cache_output *o = s->value;
		if (s->key && !cache_output_fresh(c, s->key, o->fingerprint))
			return false;
	}
	return true;
}

void cache_note_horizon(struct cache *c, long long epoch)
{
	pthread_mutex_lock(&c->lock);
	buf_printf(&c->next, "F\t%lld\n", epoch);
	cache_unlock(c);
}

void cache_note_warned(struct cache *c)
{
	pthread_mutex_lock(&c->lock);
	buf_puts(&c->next, "W\n");
	cache_unlock(c);
}

void cache_note_head(struct cache *c, const char *head)
{
	pthread_mutex_lock(&c->lock);
	buf_printf(&c->next, "H\t%s\n", head);
	cache_unlock(c);
}

const char **cache_output_paths(const struct cache *c, size_t *count)
{
	const char **paths = xcalloc(c->outputs.count + 1, sizeof *paths);
	size_t n = 0;
	for (size_t i = 0; i < c->outputs.cap; i++)
		if (c->outputs.slots[i].key)
			paths[n++] = c->outputs.slots[i].key;
	*count = n;
	return paths;
}

const char *cache_output_sha256(const struct cache *c, const char *path)
{
	const struct cache_output *o = strmap_get(&c->outputs, path);
	return o ? o->sha256 : NULL;
}

bool cache_output_stat(const struct cache *c, const char *path,
		       unsigned long long *size, unsigned long long *inode,
		       long long *mtime_ns)
{
	const struct cache_output *o = strmap_get(&c->outputs, path);
	if (!o)
		return false;
	*size = o->size;
	*inode = o->inode;
	*mtime_ns = o->mtime_ns;
	return true;
}

void cache_note_source(struct cache *c, const struct source_file *f)
{
	if (!f->inode)
		return;   /* from git: nothing on disk to compare */
	pthread_mutex_lock(&c->lock);
	buf_putc(&c->next, 'S');
	cache_put_number(&c->next, f->size);
	cache_put_number(&c->next, f->inode);
	cache_put_number(&c->next, (unsigned long long)f->mtime_ns);
	cache_put_number(&c->next, (unsigned long long)f->ctime_ns);
	buf_putc(&c->next, '\t');
	buf_puts(&c->next, f->id);
	buf_putc(&c->next, '\t');
	cache_escape(&c->next, f->path);
	buf_putc(&c->next, '\n');
	cache_unlock(c);
}

void cache_note_summary(struct cache *c, const char *blob_id,
			const char *summary)
{
	cache_note_text(c, "B", blob_id, summary);
}

void cache_note_output(struct cache *c, const char *path,
		       const char *fingerprint, const char *sha256,
		       unsigned long long size,
		       unsigned long long inode, long long mtime_ns)
{
	/* a line per output file, 17,000 of them on a large portal: built
	 * by hand, printf's parsing cost more than the rest */
	pthread_mutex_lock(&c->lock);
	buf_puts(&c->next, "O\t");
	buf_puts(&c->next, fingerprint);
	buf_putc(&c->next, '\t');
	buf_puts(&c->next, sha256);
	cache_put_number(&c->next, size);
	cache_put_number(&c->next, inode);
	cache_put_number(&c->next, (unsigned long long)mtime_ns);
	buf_putc(&c->next, '\t');
	cache_escape(&c->next, path);
	buf_putc(&c->next, '\n');
	cache_unlock(c);
}

void cache_remove(const struct cache *c)
{
	unlink(c->path);
}

static int cache_write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int cache_write_file(const char *path, const void *data, size_t len)
{
	struct buf tmp;
	buf_init(&tmp);
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc = fd < 0 ? -1 : cache_write_all(fd, data, len);
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp.data, path) != 0)
		rc = -1;
	if (rc != 0) {
		unlink(tmp.data);
		unlink(path);
	}
	buf_dispose(&tmp);
	return rc;
}

int cache_save(struct cache *c)
{
	char hex[FINGERPRINT_HEX_SIZE];
	pthread_mutex_lock(&c->lock);
	cache_flush_locked(c, true);
	fingerprint_hex(&c->next_fp, hex);
	buf_printf(&c->next, "#\t%s\n", hex);
	cache_flush_locked(c, true);
	int rc = c->next_failed || close(c->next_fd) != 0 ? -1 : 0;
	c->next_fd = -1;
	if (rc == 0 && rename(c->next_path, c->path) != 0)
		rc = -1;
	if (rc != 0) {   /* better no cache than a stale one */
		unlink(c->next_path);
		unlink(c->path);
	}
	pthread_mutex_unlock(&c->lock);
	return rc;
}

const char *cache_build_id(void)
{
	return CONGBO_BUILD_ID;
}

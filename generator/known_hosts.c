/* known_hosts: an ssh host key against OpenSSH's known_hosts files (see
 * known_hosts.h), in C with libcrypto so that no ssh-keygen is run. */
#include "known_hosts.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "mem.h"

/* Decodes base64 text of len bytes into out, of out_size bytes; returns
 * the length, or -1 when it is not base64 or would not fit. */
static long kh_base64_decode(const char *text, size_t len, unsigned char *out,
			     size_t out_size)
{
	if (len == 0 || len % 4 != 0 || len / 4 * 3 > out_size)
		return -1;
	int n = EVP_DecodeBlock(out, (const unsigned char *)text, (int)len);
	if (n < 0)
		return -1;
	/* EVP_DecodeBlock counts the padding as zero bytes */
	for (size_t i = len; i > 0 && text[i - 1] == '='; i--)
		n--;
	return n;
}

void known_hosts_fingerprint(const unsigned char *key, size_t key_len,
			     char out[KNOWN_HOSTS_FINGERPRINT_SIZE])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	char b64[EVP_ENCODE_LENGTH(32) + 1];
	EVP_Digest(key, key_len, md, &md_len, EVP_sha256(), NULL);
	int n = EVP_EncodeBlock((unsigned char *)b64, md, (int)md_len);
	while (n > 0 && b64[n - 1] == '=')   /* OpenSSH prints no padding */
		n--;
	snprintf(out, KNOWN_HOSTS_FINGERPRINT_SIZE, "SHA256:%.*s", n, b64);
}

void known_hosts_key_type(const unsigned char *key, size_t key_len,
			  char *out, size_t size)
{
	size_t n = key_len < 4 ? 0
		: (size_t)key[0] << 24 | (size_t)key[1] << 16 |
		  (size_t)key[2] << 8 | key[3];
	if (key_len < 4 || n > key_len - 4 || n >= size)
		n = 0, key = NULL;
	if (n)
		memcpy(out, key + 4, n);
	out[n] = '\0';
}

/* |1|salt|hash: the HMAC-SHA1 of the name, keyed with the salt. */
static bool kh_hashed_match(const char *entry, const char *name)
{
	const char *salt = entry + 3, *bar = strchr(salt, '|');
	unsigned char s[64], h[64], md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	if (!bar)
		return false;
	long sl = kh_base64_decode(salt, (size_t)(bar - salt), s, sizeof s);
	long hl = kh_base64_decode(bar + 1, strlen(bar + 1), h, sizeof h);
	if (sl <= 0 || sl > 48 || hl != 20 ||
	    !HMAC(EVP_sha1(), s, (int)sl, (const unsigned char *)name,
		  strlen(name), md, &md_len))
		return false;
	return md_len == 20 && memcmp(md, h, 20) == 0;
}

/* OpenSSH's patterns: * and ? only, any case; [ is a plain character
 * ([host]:port), so fnmatch would not do. */
static bool kh_glob(const char *p, const char *s)
{
	for (; *p; p++, s++) {
		if (*p == '*') {
			for (; *s; s++)
				if (kh_glob(p + 1, s))
					return true;
			return kh_glob(p + 1, s);
		}
		if (!*s || (*p != '?' &&
			    tolower((unsigned char)*p) != tolower((unsigned char)*s)))
			return false;
	}
	return !*s;
}

/* A comma list of patterns: some matches and no !pattern does. */
static bool kh_patterns_match(char *list, const char *name)
{
	bool any = false;
	char *save = NULL;
	for (char *p = strtok_r(list, ",", &save); p;
	     p = strtok_r(NULL, ",", &save)) {
		bool negated = *p == '!';
		if (!kh_glob(p + negated, name))
			continue;
		if (negated)
			return false;
		any = true;
	}
	return any;
}

static bool kh_host_match(char *hosts, const char *name)
{
	if (strncmp(hosts, "|1|", 3) == 0)
		return kh_hashed_match(hosts, name);
	return kh_patterns_match(hosts, name);
}

/* What the scan has seen so far. */
struct kh_scan {
	const char *name;                  /* host or [host]:port */
	const unsigned char *key;
	size_t key_len;
	char type[64];                     /* the key's type */
	bool match, changed, revoked;
	struct known_hosts_found *found;
};

/* One line: "[@marker] hosts type base64 [comment]". */
static void kh_line(struct kh_scan *k, char *line, const char *file,
		    unsigned lineno)
{
	char *save = NULL, *marker = NULL;
	char *f = strtok_r(line, " \t\r\n", &save);
	if (f && *f == '@') {
		marker = f;
		f = strtok_r(NULL, " \t\r\n", &save);
	}
	char *type = strtok_r(NULL, " \t\r\n", &save);
	char *b64 = strtok_r(NULL, " \t\r\n", &save);
	if (!f || *f == '#' || !b64 || strcmp(type, k->type) != 0 ||
	    (marker && strcmp(marker, "@revoked") != 0) ||
	    !kh_host_match(f, k->name))
		return;
	size_t b64_len = strlen(b64);
	unsigned char *blob = xmalloc(b64_len);
	long n = kh_base64_decode(b64, b64_len, blob, b64_len);
	bool same = n == (long)k->key_len &&
		    memcmp(blob, k->key, k->key_len) == 0;
	free(blob);
	if (marker)
		k->revoked |= same;
	else if (same)
		k->match = true;
	else if (!k->changed) {
		k->changed = true;
		snprintf(k->found->file, sizeof k->found->file, "%s", file);
		k->found->line = lineno;
	}
}

static void kh_file(struct kh_scan *k, const char *file)
{
	FILE *fp = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	if (!fp)
		return;   /* no such file: no entries */
	while (getline(&line, &cap, fp) >= 0)
		kh_line(k, line, file, ++lineno);
	free(line);
	fclose(fp);
}

enum known_hosts_result known_hosts_check(const char *const *files,
					  const char *host, int port,
					  const unsigned char *key,
					  size_t key_len,
					  struct known_hosts_found *found)
{
	char name[1100];
	struct kh_scan k = {.name = name, .key = key, .key_len = key_len,
			    .found = found};
	memset(found, 0, sizeof *found);
	/* ssh writes host names in lower case, and [host]:port off 22 */
	if (port > 0 && port != 22)
		snprintf(name, sizeof name, "[%s]:%d", host, port);
	else
		snprintf(name, sizeof name, "%s", host);
	for (char *c = name; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	known_hosts_key_type(key, key_len, k.type, sizeof k.type);
	if (!k.type[0])
		return KNOWN_HOSTS_UNKNOWN;
	for (; *files; files++)
		kh_file(&k, *files);
	if (k.revoked)
		return KNOWN_HOSTS_REVOKED;
	if (k.match)
		return KNOWN_HOSTS_MATCH;
	return k.changed ? KNOWN_HOSTS_CHANGED : KNOWN_HOSTS_UNKNOWN;
}

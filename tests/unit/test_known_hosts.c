/* Unit tests of known_hosts: which entries count for a host (plain names,
 * [host]:port, comma lists, * ? and ! patterns, hashed |1| names), a
 * changed key, another key type, @revoked and @cert-authority, comments
 * and malformed lines, in files written to a temporary folder. */
#include "check.h"

#include <stdlib.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "known_hosts.h"

static char dir[] = "/tmp/congbo-known-hosts.XXXXXX";
static char file[64];

/* A key blob of the given type whose key bytes are all fill. */
static size_t blob(unsigned char *out, const char *type, unsigned char fill)
{
	size_t n = strlen(type), len = 0;
	out[len++] = 0, out[len++] = 0, out[len++] = 0;
	out[len++] = (unsigned char)n;
	memcpy(out + len, type, n);
	len += n;
	out[len++] = 0, out[len++] = 0, out[len++] = 0, out[len++] = 32;
	memset(out + len, fill, 32);
	return len + 32;
}

static void b64(const unsigned char *data, size_t len, char *out)
{
	EVP_EncodeBlock((unsigned char *)out, data, (int)len);
}

/* Writes text to the test file. */
static void write_file(const char *text)
{
	FILE *fp = fopen(file, "w");
	fputs(text, fp);
	fclose(fp);
}

/* The result for host:port and the ed25519 key of fill, with the file
 * holding "HOSTS ssh-ed25519 <key of fill 1>" lines from text, where
 * each KEY in text is that key's base64. */
static enum known_hosts_result look(const char *text, const char *host,
				    int port, unsigned char fill)
{
	unsigned char k1[128], k[128];
	char enc[256], *out = malloc(strlen(text) * 4 + 1), *o = out;
	size_t n1 = blob(k1, "ssh-ed25519", 1), n = blob(k, "ssh-ed25519", fill);
	b64(k1, n1, enc);
	for (const char *t = text; *t;) {
		if (strncmp(t, "KEY", 3) == 0) {
			o += sprintf(o, "%s", enc);
			t += 3;
		} else {
			*o++ = *t++;
		}
	}
	*o = '\0';
	write_file(out);
	free(out);
	const char *files[] = {"/nonexistent/known_hosts", file, NULL};
	struct known_hosts_found found;
	return known_hosts_check(files, host, port, k, n, &found);
}

static void test_names(void)
{
	const char *e = "host.example ssh-ed25519 KEY\n";
	CHECK(look(e, "host.example", 22, 1) == KNOWN_HOSTS_MATCH);
	CHECK(look(e, "HOST.example", 22, 1) == KNOWN_HOSTS_MATCH);
	CHECK(look(e, "other.example", 22, 1) == KNOWN_HOSTS_UNKNOWN);
	CHECK(look(e, "host.example", 2222, 1) == KNOWN_HOSTS_UNKNOWN);
	e = "[host.example]:2222 ssh-ed25519 KEY comment\n";
	CHECK(look(e, "host.example", 2222, 1) == KNOWN_HOSTS_MATCH);
	CHECK(look(e, "host.example", 22, 1) == KNOWN_HOSTS_UNKNOWN);
	CHECK(look("a.example,host.example ssh-ed25519 KEY\n", "host.example",
		   22, 1) == KNOWN_HOSTS_MATCH);
	CHECK(look("*.example ssh-ed25519 KEY\n", "host.example", 22, 1) ==
	      KNOWN_HOSTS_MATCH);
	CHECK(look("h?st.example ssh-ed25519 KEY\n", "host.example", 22, 1) ==
	      KNOWN_HOSTS_MATCH);
	CHECK(look("*.example,!host.example ssh-ed25519 KEY\n", "host.example",
		   22, 1) == KNOWN_HOSTS_UNKNOWN);
	CHECK(look("*.example,!host.example ssh-ed25519 KEY\n", "a.example",
		   22, 1) == KNOWN_HOSTS_MATCH);
}

static void test_keys(void)
{
	unsigned char k[128];
	char enc[256], text[600];
	struct known_hosts_found found;
	const char *files[] = {file, NULL};
	CHECK(look("# host.example ssh-ed25519 KEY\n\nhost.example ssh-ed25519 KEY\n",
		   "host.example", 22, 2) == KNOWN_HOSTS_CHANGED);
	CHECK(look("host.example ssh-ed25519 KEY\n", "host.example", 22, 2) ==
	      KNOWN_HOSTS_CHANGED);
	/* the key listed counts, whatever else the host has listed */
	CHECK(look("host.example ssh-ed25519 KEY\nhost.example ssh-ed25519 "
		   "AAAA\n", "host.example", 22, 1) == KNOWN_HOSTS_MATCH);
	/* listed with another type only: unknown, as for ssh */
	size_t n = blob(k, "ssh-rsa", 1);
	b64(k, n, enc);
	snprintf(text, sizeof text, "x\n\nhost.example ssh-rsa %s\n", enc);
	write_file(text);
	n = blob(k, "ssh-ed25519", 1);
	CHECK(known_hosts_check(files, "host.example", 22, k, n, &found) ==
	      KNOWN_HOSTS_UNKNOWN);
	n = blob(k, "ssh-ed25519", 2);
	CHECK(look("x\nhost.example ssh-ed25519 KEY\n", "host.example", 22, 2) ==
	      KNOWN_HOSTS_CHANGED);
	CHECK(known_hosts_check(files, "host.example", 22, k, n, &found) ==
	      KNOWN_HOSTS_CHANGED);
	CHECK(found.line == 2 && strcmp(found.file, file) == 0);
	/* a key that is not base64 is another key; a line without one, none */
	CHECK(look("host.example ssh-ed25519 !!!!\nhost.example ssh-ed25519\n",
		   "host.example", 22, 1) == KNOWN_HOSTS_CHANGED);
}

static void test_markers(void)
{
	CHECK(look("host.example ssh-ed25519 KEY\n@revoked * ssh-ed25519 KEY\n",
		   "host.example", 22, 1) == KNOWN_HOSTS_REVOKED);
	CHECK(look("@cert-authority host.example ssh-ed25519 KEY\n",
		   "host.example", 22, 1) == KNOWN_HOSTS_UNKNOWN);
}

static void test_hashed(void)
{
	unsigned char salt[20], md[20];
	unsigned int len = 0;
	char s64[40], h64[40], text[300];
	memset(salt, 7, sizeof salt);
	HMAC(EVP_sha1(), salt, 20, (const unsigned char *)"[10.0.0.1]:2222",
	     15, md, &len);
	b64(salt, 20, s64);
	b64(md, 20, h64);
	snprintf(text, sizeof text, "|1|%s|%s ssh-ed25519 KEY\n", s64, h64);
	CHECK(look(text, "10.0.0.1", 2222, 1) == KNOWN_HOSTS_MATCH);
	CHECK(look(text, "10.0.0.1", 22, 1) == KNOWN_HOSTS_UNKNOWN);
	CHECK(look(text, "10.0.0.1", 2222, 2) == KNOWN_HOSTS_CHANGED);
	CHECK(look("|1|bad|bad ssh-ed25519 KEY\n|1|x ssh-ed25519 KEY\n",
		   "10.0.0.1", 22, 1) == KNOWN_HOSTS_UNKNOWN);
	/* a salt or hash longer than any HMAC-SHA1 entry's: not decoded
	 * into the fixed buffers, just not a match */
	char *long_salt = malloc(4200);
	memset(long_salt, 'A', 4096);
	snprintf(long_salt + 4096, 104, "|%s ssh-ed25519 KEY\n", h64);
	char *line = malloc(4300);
	snprintf(line, 4300, "|1|%s", long_salt);
	CHECK(look(line, "10.0.0.1", 2222, 1) == KNOWN_HOSTS_UNKNOWN);
	snprintf(line, 4300, "|1|%s|%.4096s ssh-ed25519 KEY\n", s64, long_salt);
	CHECK(look(line, "10.0.0.1", 2222, 1) == KNOWN_HOSTS_UNKNOWN);
	free(line);
	free(long_salt);
}

static void test_fingerprint(void)
{
	char fp[KNOWN_HOSTS_FINGERPRINT_SIZE], type[64];
	known_hosts_fingerprint((const unsigned char *)"", 0, fp);
	/* SHA-256 of nothing, unpadded base64 */
	CHECK_STR(fp, "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
	known_hosts_key_type((const unsigned char *)"\0\0\0\x09", 4, type,
			     sizeof type);
	CHECK_STR(type, "");
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(file, sizeof file, "%s/known_hosts", dir);
	test_names();
	test_keys();
	test_markers();
	test_hashed();
	test_fingerprint();
	unlink(file);
	rmdir(dir);
	return check_done();
}

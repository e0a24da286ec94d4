/* known_hosts: is an ssh server's host key the one OpenSSH's known_hosts
 * files list for it?  Plain and hashed (|1|salt|hash) host names, comma
 * lists, * and ? patterns and !negations, [host]:port for other ports;
 * @cert-authority lines are skipped (no certificates here) and a key
 * marked @revoked is refused. */
#ifndef CONGBO_KNOWN_HOSTS_H
#define CONGBO_KNOWN_HOSTS_H

#include <stddef.h>

enum known_hosts_result {
	KNOWN_HOSTS_MATCH,       /* an entry for the host has this key */
	KNOWN_HOSTS_UNKNOWN,     /* no entry for the host with this key type */
	KNOWN_HOSTS_CHANGED,     /* entries of this key type, other keys */
	KNOWN_HOSTS_REVOKED,     /* the key is marked @revoked */
};

/* What the check found, for the message to the user. */
struct known_hosts_found {
	char file[4096];   /* the file of the entry that differs, if any */
	unsigned line;
};

/* Looks host (port 22) or [host]:port up in the files (a NULL-ended
 * list; missing files count as empty) for key, the key blob as the
 * server sent it (string type, then the key's fields). */
enum known_hosts_result known_hosts_check(const char *const *files,
					  const char *host, int port,
					  const unsigned char *key,
					  size_t key_len,
					  struct known_hosts_found *found);

/* "SHA256:" and the unpadded base64 of the key's SHA-256, as ssh-keygen
 * -l prints it. */
#define KNOWN_HOSTS_FINGERPRINT_SIZE 60
void known_hosts_fingerprint(const unsigned char *key, size_t key_len,
			     char out[KNOWN_HOSTS_FINGERPRINT_SIZE]);

/* The key type the blob names ("ssh-ed25519"), in out; "" when the blob
 * is malformed. */
void known_hosts_key_type(const unsigned char *key, size_t key_len,
			  char *out, size_t size);

#endif

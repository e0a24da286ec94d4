/* publish_ssh: what `publish --push` needs of an ssh remote, given to
 * libgit2 as callbacks: the server's host key checked against OpenSSH's
 * known_hosts (known_hosts.h), and the user's keys (the ssh-agent's,
 * then ~/.ssh/id_ed25519, id_ecdsa, id_rsa), each tried once. */
#ifndef CONGBO_PUBLISH_SSH_H
#define CONGBO_PUBLISH_SSH_H

#include <stdbool.h>

#include <git2.h>

#include "diag.h"
#include "known_hosts.h"

struct publish_ssh {
	int port;              /* the URL's, 22 when it names none */
	int cred_step;         /* 0 the agent, then the key files */
	bool refused;          /* the host key was refused */
	bool exhausted;        /* every key was tried, none taken */
	char user[256];        /* whose keys */
	char tried[512];       /* "ssh-agent, ~/.ssh/id_rsa" */
	enum known_hosts_result result;
	char hostname[1024];   /* the host libgit2 connected to */
	char host[1100];       /* host, or [host]:port, as known_hosts has it */
	char key_type[64];
	char fingerprint[KNOWN_HOSTS_FINGERPRINT_SIZE];
	struct known_hosts_found found;
};

/* Ready for a push to url (a URL, scp-like user@host:path or a path). */
void publish_ssh_init(struct publish_ssh *ssh, const char *url);

/* The callbacks; payload is the struct publish_ssh. */
int publish_ssh_credentials(git_credential **out, const char *url,
			    const char *user, unsigned int allowed,
			    void *payload);
int publish_ssh_certificate(git_cert *cert, int valid, const char *host,
			    void *payload);

/* Says why the host key was refused (ssh->refused), or that no key was
 * taken (ssh->exhausted), and what to do; false when neither. */
bool publish_ssh_refusal(const struct publish_ssh *ssh, const char *remote,
			 struct diag_list *diags);

#endif

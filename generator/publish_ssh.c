/* publish_ssh: host key check and credentials for --push over ssh (see
 * publish_ssh.h).  libgit2 1.5 refuses every ssh host unless a
 * certificate_check callback accepts it, so this is what makes
 * ssh:// remotes work at all. */
#include "publish_ssh.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The port of ssh://[user@]host[:port]/path; 22 for scp-like
 * user@host:path and anything else. */
static int publish_ssh_port(const char *url)
{
	static const char *const schemes[] = {"ssh://", "ssh+git://",
					      "git+ssh://"};
	const char *a = NULL;
	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
		if (strncmp(url, schemes[i], strlen(schemes[i])) == 0)
			a = url + strlen(schemes[i]);
	if (!a)
		return 22;
	size_t len = strcspn(a, "/");
	const char *at = memchr(a, '@', len);
	if (at) {
		len -= (size_t)(at + 1 - a);
		a = at + 1;
	}
	const char *end = a + len, *host_end = a;
	if (*a == '[')   /* [::1]:2222 */
		host_end = memchr(a, ']', len) ? memchr(a, ']', len) : a;
	const char *colon = memchr(host_end, ':', (size_t)(end - host_end));
	int port = colon ? atoi(colon + 1) : 0;
	return port > 0 && port < 65536 ? port : 22;
}

void publish_ssh_init(struct publish_ssh *ssh, const char *url)
{
	memset(ssh, 0, sizeof *ssh);
	ssh->port = url ? publish_ssh_port(url) : 22;
}

static const char *publish_ssh_home(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;
	if (home && *home)
		return home;
	pw = getpwuid(geteuid());
	return pw ? pw->pw_dir : "/";
}

static const char *publish_ssh_user(void)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *user = getenv("USER");
	return pw ? pw->pw_name : user ? user : "git";
}

/* Notes a way in tried, for the message when none works. */
static void publish_ssh_tried(struct publish_ssh *ssh, const char *what)
{
	size_t len = strlen(ssh->tried);
	snprintf(ssh->tried + len, sizeof ssh->tried - len, "%s%s",
		 len ? ", " : "", what);
}

/* The next way in not tried yet: the agent if one runs, then each key
 * file that exists; GIT_PASSTHROUGH when all were tried, which ends
 * libgit2's asking (it asks again after each refused key). */
static int publish_ssh_next_key(git_credential **out, const char *user,
				struct publish_ssh *ssh)
{
	static const char *const files[] = {"id_ed25519", "id_ecdsa",
					     "id_rsa"};
	char key[4096], pub[4200];
	while (ssh->cred_step <= 3) {
		int step = ssh->cred_step++;
		const char *agent = getenv("SSH_AUTH_SOCK");
		if (step == 0) {
			if (agent && *agent) {
				publish_ssh_tried(ssh, "ssh-agent");
				return git_credential_ssh_key_from_agent(out,
									 user);
			}
			continue;
		}
		snprintf(key, sizeof key, "%s/.ssh/%s", publish_ssh_home(),
			 files[step - 1]);
		if (access(key, R_OK) != 0)
			continue;
		snprintf(pub, sizeof pub, "~/.ssh/%s", files[step - 1]);
		publish_ssh_tried(ssh, pub);
		snprintf(pub, sizeof pub, "%s.pub", key);
		return git_credential_ssh_key_new(out, user,
			access(pub, R_OK) == 0 ? pub : NULL, key, NULL);
	}
	snprintf(ssh->user, sizeof ssh->user, "%s", user);
	ssh->exhausted = true;
	return GIT_PASSTHROUGH;
}

int publish_ssh_credentials(git_credential **out, const char *url,
			    const char *user, unsigned int allowed,
			    void *payload)
{
	const char *name = user && *user ? user : publish_ssh_user();
	(void)url;
	if (allowed & GIT_CREDENTIAL_SSH_KEY)
		return publish_ssh_next_key(out, name, payload);
	/* no user@ in the URL: libgit2 first asks whose keys to list */
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, name);
	return GIT_PASSTHROUGH;
}

int publish_ssh_certificate(git_cert *cert, int valid, const char *host,
			    void *payload)
{
	struct publish_ssh *ssh = payload;
	const git_cert_hostkey *hk = (const git_cert_hostkey *)cert;
	char known[4096];
	const char *files[] = {known, "/etc/ssh/ssh_known_hosts", NULL};
	(void)valid;   /* libgit2 never vouches for an ssh host itself */
	if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
		return GIT_PASSTHROUGH;   /* https: libgit2's own check */
	snprintf(ssh->hostname, sizeof ssh->hostname, "%s", host);
	if (ssh->port != 22)
		snprintf(ssh->host, sizeof ssh->host, "[%s]:%d", host, ssh->port);
	else
		snprintf(ssh->host, sizeof ssh->host, "%s", host);
	ssh->refused = true;
	ssh->result = KNOWN_HOSTS_UNKNOWN;
	if (!(hk->type & GIT_CERT_SSH_RAW))
		return -1;   /* no key to compare: never trusted blindly */
	const unsigned char *key = (const unsigned char *)hk->hostkey;
	known_hosts_key_type(key, hk->hostkey_len, ssh->key_type,
			     sizeof ssh->key_type);
	known_hosts_fingerprint(key, hk->hostkey_len, ssh->fingerprint);
	snprintf(known, sizeof known, "%s/.ssh/known_hosts", publish_ssh_home());
	ssh->result = known_hosts_check(files, host, ssh->port, key,
					hk->hostkey_len, &ssh->found);
	ssh->refused = ssh->result != KNOWN_HOSTS_MATCH;
	return ssh->refused ? -1 : 0;
}

/* No key the server took, or none to try. */
static void publish_ssh_no_key(const struct publish_ssh *ssh,
			       const char *remote, struct diag_list *diags)
{
	if (ssh->tried[0])
		diag_error(diags, NULL, 0, 0, "cannot push to %s: the ssh server "
			   "took none of the keys tried for the user %s (%s); "
			   "add your public key to that user's "
			   "~/.ssh/authorized_keys on the server, or give "
			   "ssh-agent a key it takes", remote, ssh->user,
			   ssh->tried);
	else
		diag_error(diags, NULL, 0, 0, "cannot push to %s: no ssh key to "
			   "log in with as %s: no ssh-agent runs (SSH_AUTH_SOCK) "
			   "and there is no ~/.ssh/id_ed25519, id_ecdsa or "
			   "id_rsa", remote, ssh->user);
}

bool publish_ssh_refusal(const struct publish_ssh *ssh, const char *remote,
			 struct diag_list *diags)
{
	char scan[32] = "";
	if (!ssh->refused) {
		if (ssh->exhausted)
			publish_ssh_no_key(ssh, remote, diags);
		return ssh->exhausted;
	}
	if (ssh->port != 22)
		snprintf(scan, sizeof scan, "-p %d ", ssh->port);
	if (ssh->result == KNOWN_HOSTS_CHANGED)
		diag_error(diags, NULL, 0, 0, "cannot push to %s: the ssh host "
			   "%s offered the key %s %s, not the one %s line %u "
			   "has for it: the server may have been reinstalled, "
			   "or someone may be in between; ask its administrator "
			   "for its fingerprint, and only if it is this one "
			   "remove the old entry with 'ssh-keygen -R \"%s\"' "
			   "and connect once with ssh",
			   remote, ssh->host, ssh->key_type, ssh->fingerprint,
			   ssh->found.file, ssh->found.line, ssh->host);
	else if (ssh->result == KNOWN_HOSTS_REVOKED)
		diag_error(diags, NULL, 0, 0, "cannot push to %s: the key of "
			   "the ssh host %s (%s %s) is marked @revoked in "
			   "known_hosts", remote, ssh->host, ssh->key_type,
			   ssh->fingerprint);
	else
		diag_error(diags, NULL, 0, 0, "cannot push to %s: the ssh host "
			   "%s is not in ~/.ssh/known_hosts or "
			   "/etc/ssh/ssh_known_hosts, so its key (%s %s) is not "
			   "trusted; check that fingerprint with the server's "
			   "administrator, then add it with 'ssh-keyscan -H "
			   "%s%s >> ~/.ssh/known_hosts' or connect once with ssh",
			   remote, ssh->host, ssh->key_type, ssh->fingerprint,
			   scan, ssh->hostname);
	return true;
}

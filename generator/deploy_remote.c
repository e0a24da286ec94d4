/* deploy_remote: a release carried to another machine (see deploy.h).
 *
 * Three steps, each a program the system already has:
 *
 *     ssh HOST 'mkdir -p PATH/releases; readlink PATH/current; ...'
 *     rsync -a --link-dest=../PREVIOUS STAGED/ HOST:PATH/releases/.tmp-ID/
 *     ssh HOST 'sync; mv -T .tmp-ID ID; ln -sfn ... && mv -T ...; prune'
 *
 * ssh is GIT_SSH_COMMAND when set, else "ssh", run by sh as git runs it,
 * so the user's keys, agent and ~/.ssh/config apply; rsync gets the same
 * command with -e. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "deploy_internal.h"
#include "text.h"

void deploy_remote_staging(struct deploy_state *s, struct buf *out)
{
	buf_truncate(out, 0);
	buf_printf(out, "%scongbo-deploy/", git_repository_commondir(s->repo));
	for (const char *p = s->opts->to; *p; p++)
		buf_putc(out, *p == '/' || *p == ':' ? '_' : *p);
}

static const char *deploy_ssh_command(void)
{
	const char *cmd = getenv("GIT_SSH_COMMAND");
	return cmd && *cmd ? cmd : "ssh";
}

/* Runs argv and waits; its standard output goes to out when out is not
 * NULL, its errors to ours.  Returns its exit status, or -1. */
static int deploy_spawn(char *const argv[], struct buf *out)
{
	int fds[2] = {-1, -1}, status = -1;
	if (out && pipe(fds) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		if (out) {
			dup2(fds[1], STDOUT_FILENO);
			close(fds[0]);
			close(fds[1]);
		}
		execvp(argv[0], argv);
		fprintf(stderr, "congbo: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	if (out) {
		char chunk[4096];
		ssize_t n;
		close(fds[1]);
		while (pid > 0 && ((n = read(fds[0], chunk, sizeof chunk)) > 0 ||
				   (n < 0 && errno == EINTR)))
			if (n > 0)
				buf_put(out, chunk, (size_t)n);
		close(fds[0]);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid)
		return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	return -1;
}

/* Runs script on host through the ssh command, as git would:
 * sh -c 'CMD "$@"' ssh HOST SCRIPT. */
static int deploy_ssh(const char *host, const char *script, struct buf *out)
{
	struct buf cmd;
	buf_init(&cmd);
	buf_printf(&cmd, "%s \"$@\"", deploy_ssh_command());
	char *argv[] = {"sh", "-c", cmd.data, "ssh", (char *)host,
			(char *)script, NULL};
	int rc = deploy_spawn(argv, out);
	buf_dispose(&cmd);
	return rc;
}

/* Splits "user@host:/path" at its first colon. */
static void deploy_split(const char *to, struct buf *host, struct buf *path)
{
	const char *colon = strchr(to, ':');
	buf_put(host, to, (size_t)(colon - to));
	buf_puts(path, colon + 1);
}

/* First step: makes the folders, learns the release served (*previous)
 * and whether the new one is there already. */
static int deploy_remote_probe(struct deploy_state *s, const char *host,
			       const char *path, struct buf *previous,
			       bool *present)
{
	struct buf script, out;
	int status = -1;
	buf_init(&script);
	buf_init(&out);
	buf_puts(&script, "set -e; cd ");
	text_quote_sh(&script, path);
	buf_printf(&script, " 2>/dev/null || mkdir -p ");
	text_quote_sh(&script, path);
	buf_puts(&script, "; cd ");
	text_quote_sh(&script, path);
	buf_printf(&script, "; mkdir -p releases; [ -d releases/%s ] && "
		   "echo present || echo missing; readlink current || true",
		   s->report->release);
	int rc = deploy_ssh(host, script.data, &out);
	if (rc != 0) {
		diag_error(s->diags, NULL, 0, 0, "cannot reach the web root %s "
			   "over ssh (exit %d; the messages above are ssh's)",
			   s->opts->to, rc);
		goto out;
	}
	*present = strncmp(out.data, "present\n", 8) == 0;
	char *link = strchr(out.data, '\n');
	char *name = link ? strrchr(link + 1, '/') : NULL;
	name = name ? name + 1 : link ? link + 1 : "";
	buf_put(previous, name, strcspn(name, "\n"));
	status = 0;
out:
	buf_dispose(&script);
	buf_dispose(&out);
	return status;
}

/* Second step: rsync the staged release to releases/.tmp-ID, hard links
 * to the previous release where files are the same. */
static int deploy_remote_copy(struct deploy_state *s, const char *host,
			      const char *path, const char *previous)
{
	struct buf src, dst, link_dest;
	int status = -1;
	buf_init(&src);
	buf_init(&dst);
	buf_init(&link_dest);
	buf_printf(&src, "%s/releases/%s/", s->root, s->report->release);
	buf_printf(&dst, "%s:%s/releases/.tmp-%s/", host, path,
		   s->report->release);
	buf_printf(&link_dest, "--link-dest=../%s", previous);
	char *argv[] = {"rsync", "-a", "--delete", "-e",
			(char *)deploy_ssh_command(), src.data, dst.data,
			*previous ? link_dest.data : NULL, NULL};
	if (*previous) {   /* the option goes before the paths */
		argv[7] = argv[6];
		argv[6] = argv[5];
		argv[5] = link_dest.data;
	}
	int rc = deploy_spawn(argv, NULL);
	if (rc != 0)
		diag_error(s->diags, NULL, 0, 0, "rsync to %s failed (exit %d; "
			   "the messages above are rsync's); the web server "
			   "still serves what it did", s->opts->to, rc);
	else
		status = 0;
	buf_dispose(&src);
	buf_dispose(&dst);
	buf_dispose(&link_dest);
	return status;
}

/* Third step: the copy becomes releases/ID, current is switched with a
 * rename, and the releases beyond keep (never ID nor previous) go. */
static int deploy_remote_switch(struct deploy_state *s, const char *host,
				const char *path, const char *previous)
{
	const char *id = s->report->release;
	struct buf script, out;
	int status = -1;
	buf_init(&script);
	buf_init(&out);
	buf_puts(&script, "set -e; cd ");
	text_quote_sh(&script, path);
	buf_printf(&script, "; t=releases/.tmp-%s; if [ -d $t ]; then "
		   "sync -f $t; if [ -d releases/%s ]; then rm -rf $t; else "
		   "mv -T $t releases/%s; fi; fi; touch releases/%s; "
		   "ln -sfn releases/%s .current-$$; mv -T .current-$$ current; "
		   "cd releases; n=0; m=0; for r in $(ls -1t); do case $r in "
		   "%s|%s) n=$((n+1)); continue ;; esac; "
		   "if [ $n -lt %u ]; then n=$((n+1)); else rm -rf \"$r\"; "
		   "m=$((m+1)); fi; done; echo $m", id, id, id, id, id, id,
		   *previous ? previous : id, s->keep);
	int rc = deploy_ssh(host, script.data, &out);
	if (rc != 0) {
		diag_error(s->diags, NULL, 0, 0, "cannot switch the web root %s "
			   "to release %s (exit %d)", s->opts->to, id, rc);
		goto out;
	}
	s->report->removed = strtoul(out.data, NULL, 10);
	status = 0;
out:
	buf_dispose(&script);
	buf_dispose(&out);
	return status;
}

int deploy_remote(struct deploy_state *s)
{
	struct buf host, path, previous;
	bool present = false;
	int status = -1;
	buf_init(&host);
	buf_init(&path);
	buf_init(&previous);
	deploy_split(s->opts->to, &host, &path);
	if (deploy_remote_probe(s, host.data, path.data, &previous,
				&present) != 0)
		goto out;
	s->report->already_current = strcmp(previous.data,
					    s->report->release) == 0 && present;
	s->report->reused = present;
	if (!s->report->already_current &&
	    ((!present && deploy_remote_copy(s, host.data, path.data,
					     previous.data) != 0) ||
	     deploy_remote_switch(s, host.data, path.data, previous.data) != 0))
		goto out;
	status = 0;
out:
	buf_dispose(&host);
	buf_dispose(&path);
	buf_dispose(&previous);
	return status;
}

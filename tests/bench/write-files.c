/* write-files: the file-writing floor of the benchmark.
 *
 *     write-files LIST DIR
 *
 * LIST has one "SIZE PATH" line per file (find -printf '%s %P\n' of a built
 * site); write-files creates DIR/PATH with SIZE bytes for each, in one
 * process and one thread: mkdir of each parent folder, then open, one
 * write, close.  That is the least any generator writing the same files has
 * to pay for them. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "write-files: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* mkdir -p of the folder part of path (path is changed and restored). */
static void parents(char *path, size_t root)
{
	char *slash = strrchr(path + root, '/');
	if (!slash)
		return;
	*slash = 0;
	if (mkdir(path, 0777) < 0 && errno != EEXIST) {
		if (errno != ENOENT)
			die(path);
		parents(path, root);
		if (mkdir(path, 0777) < 0 && errno != EEXIST)
			die(path);
	}
	*slash = '/';
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: write-files LIST DIR\n");
		return 2;
	}
	FILE *list = fopen(argv[1], "r");
	if (!list)
		die(argv[1]);
	if (mkdir(argv[2], 0777) < 0 && errno != EEXIST)
		die(argv[2]);
	size_t cap = 1 << 20;
	char *data = malloc(cap), line[8192], path[8192];
	if (!data)
		die("malloc");
	memset(data, 'x', cap);
	size_t root = strlen(argv[2]) + 1, files = 0, bytes = 0;
	while (fgets(line, sizeof line, list)) {
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		size_t size = strtoul(line, NULL, 10);
		sp[strcspn(sp, "\n")] = 0;
		snprintf(path, sizeof path, "%s/%s", argv[2], sp + 1);
		if (size > cap) {
			cap = size;
			data = realloc(data, cap);
			if (!data)
				die("realloc");
			memset(data, 'x', cap);
		}
		parents(path, root);
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd < 0)
			die(path);
		if (write(fd, data, size) != (ssize_t)size || close(fd) < 0)
			die(path);
		files++;
		bytes += size;
	}
	fclose(list);
	fprintf(stderr, "write-files: %zu files, %zu bytes\n", files, bytes);
	return 0;
}

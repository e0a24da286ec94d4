/* main: the command line.  Parses argv, calls one function per command,
 * prints diagnostics and picks the exit code (0 ok, 1 bad content,
 * 2 bad usage). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "version") == 0) {
		printf("congbo %s\n", CONGBO_VERSION);
		return 0;
	}
	fprintf(stderr, "usage: congbo build|check|version|help\n");
	return 2;
}

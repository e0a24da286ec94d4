/* check: the few macros the unit tests share.
 *
 * Each test program counts its checks and ends with the line
 * "N passed, N failed", which tests/run.sh adds up. */
#ifndef CONGBO_CHECK_H
#define CONGBO_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond) check_report((cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(got, want) \
	check_str((got), (want), #got, __FILE__, __LINE__)

static inline int check_report(int ok, const char *what, const char *file,
			       int line)
{
	if (ok)
		check_passed++;
	else {
		check_failed++;
		printf("FAIL %s:%d: %s\n", file, line, what);
	}
	return ok;
}

static inline int check_str(const char *got, const char *want,
			    const char *what, const char *file, int line)
{
	int ok = got && want && strcmp(got, want) == 0;
	if (!ok)
		printf("FAIL %s:%d: %s\n  got:  \"%s\"\n  want: \"%s\"\n", file,
		       line, what, got ? got : "(null)", want ? want : "(null)");
	check_passed += ok;
	check_failed += !ok;
	return ok;
}

static inline int check_done(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif

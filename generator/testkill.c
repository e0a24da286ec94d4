/* testkill: SIGKILL at a named point for the crash tests (testkill.h). */
#include "testkill.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Times the point named in the environment was reached.  The one mutable
 * global: a count across threads that only the tests ever look at. */
static atomic_ulong testkill_hits;

void testkill_point(const char *name)
{
	const char *want = getenv("CONGBO_TEST_KILL_AT");
	size_t n = strlen(name);
	if (!want || strncmp(want, name, n) || (want[n] && want[n] != ':'))
		return;
	unsigned long nth = want[n] ? strtoul(want + n + 1, NULL, 10) : 1;
	if (atomic_fetch_add(&testkill_hits, 1) + 1 == nth)
		raise(SIGKILL);
}

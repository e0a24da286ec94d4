/* Unit tests of the thread pool (workers.c): every item runs exactly
 * once, on a thread whose index is in range, and done runs once on each
 * thread, whatever the number of threads and items. */
#include "check.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "workers.h"

#define MAX_THREADS 8

struct tally {
	atomic_uint *runs;          /* per item */
	atomic_uint done[MAX_THREADS];
	atomic_uint bad_worker;
	unsigned threads;
};

static void tally_item(void *ctx, unsigned worker, size_t i)
{
	struct tally *t = ctx;
	if (worker >= t->threads) {
		atomic_fetch_add(&t->bad_worker, 1);
		return;
	}
	atomic_fetch_add(&t->runs[i], 1);
}

static void tally_done(void *ctx, unsigned worker)
{
	struct tally *t = ctx;
	if (worker < t->threads)
		atomic_fetch_add(&t->done[worker], 1);
}

static void run(unsigned threads, size_t count)
{
	struct tally t = {.threads = threads};
	t.runs = calloc(count + 1, sizeof *t.runs);
	struct workers_job job = {tally_item, tally_done, &t};
	workers_run(&job, threads, count);
	size_t once = 0;
	for (size_t i = 0; i < count; i++)
		once += atomic_load(&t.runs[i]) == 1;
	CHECK(once == count);
	CHECK(atomic_load(&t.bad_worker) == 0);
	for (unsigned w = 0; w < threads; w++)
		CHECK(atomic_load(&t.done[w]) == 1);
	free(t.runs);
}

static void no_done(void *ctx, unsigned worker, size_t i)
{
	(void)worker;
	atomic_fetch_add((atomic_size_t *)ctx, i + 1);
}

int main(void)
{
	run(1, 0);
	run(1, 1000);
	run(4, 0);
	run(4, 3);        /* fewer items than threads */
	run(MAX_THREADS, 100000);
	atomic_size_t sum;
	atomic_init(&sum, 0);
	struct workers_job job = {.item = no_done, .ctx = &sum};
	workers_run(&job, 3, 1000);
	CHECK(atomic_load(&sum) == 1000 * 1001 / 2);
	CHECK(workers_cores(1) == 1);
	CHECK(workers_cores(64) >= 1);
	return check_done();
}

/* workers: the one thread pool (see workers.h). */
#include "workers.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "mem.h"

struct workers_thread {
	const struct workers_job *job;
	unsigned index;
	size_t count;
	atomic_size_t *next;   /* the next item nobody has taken, shared */
};

static void *workers_main(void *arg)
{
	const struct workers_thread *t = arg;
	for (;;) {
		size_t i = atomic_fetch_add(t->next, 1);
		if (i >= t->count)
			break;
		t->job->item(t->job->ctx, t->index, i);
	}
	if (t->job->done)
		t->job->done(t->job->ctx, t->index);
	return NULL;
}

void workers_run(const struct workers_job *job, unsigned threads,
		 size_t count)
{
	assert(threads >= 1);
	atomic_size_t next;
	atomic_init(&next, 0);
	struct workers_thread *t = xcalloc(threads, sizeof *t);
	pthread_t *ids = xcalloc(threads, sizeof *ids);
	for (unsigned i = 0; i < threads; i++)
		t[i] = (struct workers_thread){job, i, count, &next};
	unsigned started = 1;
	for (; started < threads; started++)
		if (pthread_create(&ids[started], NULL, workers_main,
				   &t[started]) != 0)
			break;   /* fewer threads: the rest of us do the work */
	workers_main(&t[0]);
	for (unsigned i = 1; i < started; i++)
		pthread_join(ids[i], NULL);
	free(t);
	free(ids);
}

unsigned workers_cores(unsigned max)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	return cores < 1 ? 1 : cores > (long)max ? max : (unsigned)cores;
}

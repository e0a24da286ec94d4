/* workers: the one thread pool of congbo.  Reading front matter, the
 * editor's checks, looking for shortcodes and rendering pages are each a
 * loop over independent items; workers_run runs such a loop on several
 * threads:
 *
 *     static void check_one(void *ctx, unsigned worker, size_t i)
 *     {
 *             struct checks *c = ctx;
 *             check_page(c, c->pages[i]);   // errors into c->diags
 *     }
 *     ...
 *     struct workers_job job = {.item = check_one, .ctx = &c};
 *     workers_run(&job, workers_cores(8), c.page_count);
 *
 * Items are handed out in order, one at a time, to whichever thread is
 * free, so which thread runs an item varies from run to run: an item must
 * not depend on another, and what items report must not depend on their
 * order.  Diagnostics go into a diag_list, which takes them from any
 * thread and is sorted before it is printed (diag_sort), so the messages
 * come out the same in every run. */
#ifndef CONGBO_WORKERS_H
#define CONGBO_WORKERS_H

#include <stddef.h>

struct workers_job {
	/* Called once for each item, on some thread; worker (0 .. threads-1)
	 * names the thread, for state of its own (an arena, a buffer). */
	void (*item)(void *ctx, unsigned worker, size_t item);
	/* Optional: called on each thread that ran, once no item is left
	 * (thread-local clean-up, such as libvips' buffers). */
	void (*done)(void *ctx, unsigned worker);
	void *ctx;
};

/* Runs job->item for items 0 .. count-1 on threads threads (at least 1),
 * the caller's thread being one of them, and returns when all are done.
 * A thread that cannot be started leaves its share to the others. */
void workers_run(const struct workers_job *job, unsigned threads,
		 size_t count);

/* The number of cores online, at least 1, at most max. */
unsigned workers_cores(unsigned max);

#endif

/* testkill: named points where the crash tests kill congbo.
 *
 * With CONGBO_TEST_KILL_AT=NAME in the environment, congbo raises SIGKILL
 * the first time it reaches the point NAME; with NAME:N, the N-th time.
 * Compiled in always (one getenv per point reached, none per file
 * written) and meant for tests only: tests/cli/crash.sh kills builds and
 * publishes inside their commits this way and checks what is left.
 *
 * Points: "commit-journal" (an in-place commit's journal is on disk,
 * nothing moved yet), "commit-move" (before each rename or link of an
 * in-place commit), "commit-done" (every move done, journal still there),
 * "swap" (a whole new tree is ready, before the swap), "publish-ref"
 * (publish, before the branch moves). */
#ifndef CONGBO_TESTKILL_H
#define CONGBO_TESTKILL_H

void testkill_point(const char *name);

#endif

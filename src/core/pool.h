/* SPDX-License-Identifier: ISC */
/*
 * A fixed pool of worker threads that runs a numbered set of tasks and
 * waits for them all. The calling thread takes part as worker 0, so a pool
 * of size 1 runs everything inline with no thread at all.
 */
#ifndef GS_POOL_H
#define GS_POOL_H

#include <stddef.h>

struct gs_pool;

/* Task function: task number task, run by worker number worker. */
typedef void (*gs_pool_fn)(void *arg, size_t task, size_t worker);

/* A pool of nthreads workers (at least 1). The caller owns it. */
struct gs_pool	*pool_new(size_t nthreads);
void		 pool_free(struct gs_pool *p);
size_t		 pool_size(const struct gs_pool *p);

/*
 * Run tasks 0 to ntasks-1, each exactly once, spread over the workers in
 * no particular order; return when all are done. Not reentrant.
 */
void		 pool_run(struct gs_pool *p, size_t ntasks, gs_pool_fn fn,
		    void *arg);

/* The number of processors online (at least 1). */
size_t		 pool_cpus(void);

#endif

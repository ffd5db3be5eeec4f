/* SPDX-License-Identifier: ISC */
/*
 * The worker pool: a generation counter and a condition variable start a
 * batch of tasks, an atomic counter hands them out, and the caller waits
 * until every worker has checked back in.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/pool.h"
#include "core/xmalloc.h"

struct gs_pool_thread {
	struct gs_pool	*pool;		/* back pointer */
	size_t		 index;		/* worker number, 1 and up */
	pthread_t	 tid;		/* the thread */
};

struct gs_pool {
	size_t			 n;		/* workers including the caller */
	struct gs_pool_thread	*threads;	/* n - 1 background threads */
	pthread_mutex_t		 lock;		/* guards the fields below */
	pthread_cond_t		 start;		/* signalled when a batch begins */
	pthread_cond_t		 done;		/* signalled when a worker finishes */
	unsigned long		 generation;	/* batches started so far */
	size_t			 busy;		/* background workers still running */
	int			 quit;		/* set to stop the threads */
	gs_pool_fn		 fn;		/* the current batch's function */
	void			*arg;		/* and its argument */
	size_t			 ntasks;	/* tasks in the current batch */
	atomic_size_t		 next;		/* next task to hand out */
};

/* Take tasks until none are left. */
static void
pool_work(struct gs_pool *p, size_t worker)
{
	size_t	t;

	while ((t = atomic_fetch_add(&p->next, 1)) < p->ntasks)
		p->fn(p->arg, t, worker);
}

static void *
pool_main(void *arg)
{
	struct gs_pool_thread	*th = arg;
	struct gs_pool		*p = th->pool;
	unsigned long		 seen = 0;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->quit && p->generation == seen)
			pthread_cond_wait(&p->start, &p->lock);
		if (p->quit)
			break;
		seen = p->generation;
		pthread_mutex_unlock(&p->lock);
		pool_work(p, th->index);
		pthread_mutex_lock(&p->lock);
		if (--p->busy == 0)
			pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->lock);
	return (NULL);
}

struct gs_pool *
pool_new(size_t nthreads)
{
	struct gs_pool	*p = xcalloc(1, sizeof *p);
	size_t		 i;

	p->n = nthreads < 1 ? 1 : nthreads;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->start, NULL);
	pthread_cond_init(&p->done, NULL);
	atomic_init(&p->next, 0);
	p->threads = xcalloc(p->n, sizeof *p->threads);
	for (i = 1; i < p->n; i++) {
		p->threads[i].pool = p;
		p->threads[i].index = i;
		if (pthread_create(&p->threads[i].tid, NULL, pool_main,
		    &p->threads[i]) != 0) {
			p->n = i;	/* run with the threads we have */
			break;
		}
	}
	return (p);
}

void
pool_free(struct gs_pool *p)
{
	size_t	i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->quit = 1;
	pthread_cond_broadcast(&p->start);
	pthread_mutex_unlock(&p->lock);
	for (i = 1; i < p->n; i++)
		pthread_join(p->threads[i].tid, NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->start);
	pthread_cond_destroy(&p->done);
	free(p->threads);
	free(p);
}

size_t
pool_size(const struct gs_pool *p)
{
	return (p->n);
}

void
pool_run(struct gs_pool *p, size_t ntasks, gs_pool_fn fn, void *arg)
{
	if (p->n == 1 || ntasks <= 1) {
		size_t t;
		for (t = 0; t < ntasks; t++)
			fn(arg, t, 0);
		return;
	}
	pthread_mutex_lock(&p->lock);
	p->fn = fn;
	p->arg = arg;
	p->ntasks = ntasks;
	atomic_store(&p->next, 0);
	p->busy = p->n - 1;
	p->generation++;
	pthread_cond_broadcast(&p->start);
	pthread_mutex_unlock(&p->lock);
	pool_work(p, 0);
	pthread_mutex_lock(&p->lock);
	while (p->busy > 0)
		pthread_cond_wait(&p->done, &p->lock);
	pthread_mutex_unlock(&p->lock);
}

size_t
pool_cpus(void)
{
	long	n = sysconf(_SC_NPROCESSORS_ONLN);

	return (n < 1 ? 1 : (size_t)n);
}

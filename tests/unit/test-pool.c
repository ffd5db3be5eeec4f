/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the worker pool (src/core/pool.c): every task runs
 * exactly once in every batch, on a worker the pool has; a pool of one
 * runs inline on the caller; results kept per task do not depend on the
 * thread count; batches follow one another without losing a worker; and
 * when no thread can be started (the address space too small for a
 * thread's stack) the pool runs everything on the caller.
 */
#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/pool.h"
#include "core/xmalloc.h"

#define NTASKS	1000

/* What a batch records: per task, how often it ran and on which worker. */
struct pool_rec {
	atomic_int	 runs[NTASKS];	/* times each task ran */
	size_t		 worker[NTASKS];/* the worker that ran it */
	double		 out[NTASKS];	/* its result */
	pthread_t	 caller;	/* the thread that called pool_run */
	atomic_int	 off_caller;	/* tasks run on another thread */
	size_t		 nworkers;	/* the pool's size */
	atomic_int	 bad_worker;	/* worker numbers out of range */
};

/* A task: some arithmetic on its number, recorded. */
static void
pool_task(void *arg, size_t task, size_t worker)
{
	struct pool_rec	*rec = arg;
	double		 s = 0;
	size_t		 i;

	for (i = 1; i <= 200 + task % 50; i++)
		s += 1.0 / (double)(i * i + task);
	rec->out[task] = s;
	rec->worker[task] = worker;
	atomic_fetch_add(&rec->runs[task], 1);
	if (worker >= rec->nworkers)
		atomic_fetch_add(&rec->bad_worker, 1);
	if (!pthread_equal(pthread_self(), rec->caller))
		atomic_fetch_add(&rec->off_caller, 1);
}

/* Run ntasks on p into a fresh record (the caller frees it). */
static struct pool_rec *
pool_batch(struct gs_pool *p, size_t ntasks)
{
	struct pool_rec	*rec = xcalloc(1, sizeof *rec);
	size_t		 i;

	for (i = 0; i < NTASKS; i++)
		atomic_init(&rec->runs[i], 0);
	atomic_init(&rec->off_caller, 0);
	atomic_init(&rec->bad_worker, 0);
	rec->caller = pthread_self();
	rec->nworkers = pool_size(p);
	pool_run(p, ntasks, pool_task, rec);
	return (rec);
}

START_TEST(test_pool_once_each)
{
	static const size_t	 sizes[] = { 1, 2, 3, 8 };
	struct gs_pool		*p;
	struct pool_rec		*rec;
	size_t			 s, i, b;

	for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		p = pool_new(sizes[s]);
		ck_assert_uint_eq(pool_size(p), sizes[s]);
		/* Many batches on one pool: none loses a task or a worker. */
		for (b = 0; b < 50; b++) {
			rec = pool_batch(p, NTASKS);
			for (i = 0; i < NTASKS; i++)
				ck_assert_int_eq(atomic_load(&rec->runs[i]), 1);
			ck_assert_int_eq(atomic_load(&rec->bad_worker), 0);
			free(rec);
		}
		pool_free(p);
	}
}
END_TEST

START_TEST(test_pool_inline)
{
	struct gs_pool	*p = pool_new(1);
	struct pool_rec	*rec;
	size_t		 i;

	rec = pool_batch(p, NTASKS);
	/* A pool of one is the caller alone, as worker 0. */
	ck_assert_int_eq(atomic_load(&rec->off_caller), 0);
	for (i = 0; i < NTASKS; i++)
		ck_assert_uint_eq(rec->worker[i], 0);
	free(rec);
	pool_free(p);
	/* Zero asks for one; nothing to do does nothing. */
	p = pool_new(0);
	ck_assert_uint_eq(pool_size(p), 1);
	pool_free(p);
	p = pool_new(4);
	rec = pool_batch(p, 0);
	for (i = 0; i < NTASKS; i++)
		ck_assert_int_eq(atomic_load(&rec->runs[i]), 0);
	free(rec);
	/* One task runs on the caller, whatever the pool's size. */
	rec = pool_batch(p, 1);
	ck_assert_int_eq(atomic_load(&rec->runs[0]), 1);
	ck_assert_int_eq(atomic_load(&rec->off_caller), 0);
	free(rec);
	pool_free(p);
	pool_free(NULL);
	ck_assert_uint_ge(pool_cpus(), 1);
}
END_TEST

START_TEST(test_pool_same_results)
{
	struct gs_pool	*p1 = pool_new(1), *p4 = pool_new(4);
	struct pool_rec	*a, *b;

	a = pool_batch(p1, NTASKS);
	b = pool_batch(p4, NTASKS);
	/* Each result is the task's own: the same bits on any thread count. */
	ck_assert_int_eq(memcmp(a->out, b->out, sizeof a->out), 0);
	free(a);
	free(b);
	pool_free(p1);
	pool_free(p4);
}
END_TEST

/* A thread that does nothing: whether threads can still be started. */
static void *
pool_noop(void *arg)
{
	return (arg);
}

START_TEST(test_pool_no_threads)
{
	struct gs_pool	*p;
	struct pool_rec	*rec;
	struct rlimit	 rl;
	pthread_t	 th;
	unsigned long	 pages = 0;
	FILE		*f;
	size_t		 i;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	/* The sanitizers' own mappings do not live under a small limit. */
	return;
#endif
	/*
	 * Leave the address space 4 MiB of room: enough for this test, not
	 * for a thread's stack (8 MiB by default), so pthread_create fails.
	 */
	f = fopen("/proc/self/statm", "r");
	if (f == NULL || fscanf(f, "%lu", &pages) != 1) {
		if (f != NULL)
			fclose(f);
		return;		/* no /proc: nothing to measure with */
	}
	fclose(f);
	rl.rlim_cur = rl.rlim_max = pages * (rlim_t)sysconf(_SC_PAGESIZE) +
	    ((rlim_t)4 << 20);
	ck_assert_int_eq(setrlimit(RLIMIT_AS, &rl), 0);
	if (pthread_create(&th, NULL, pool_noop, NULL) == 0) {
		/* Stacks are smaller here than the limit assumes. */
		pthread_join(th, NULL);
		return;
	}
	/* Check forks each test, so the limit ends with this process. */
	p = pool_new(4);
	ck_assert_uint_eq(pool_size(p), 1);
	rec = pool_batch(p, NTASKS);
	for (i = 0; i < NTASKS; i++)
		ck_assert_int_eq(atomic_load(&rec->runs[i]), 1);
	ck_assert_int_eq(atomic_load(&rec->off_caller), 0);
	free(rec);
	pool_free(p);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("pool");
	TCase	*tc = tcase_create("pool");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_pool_once_each);
	tcase_add_test(tc, test_pool_inline);
	tcase_add_test(tc, test_pool_same_results);
	tcase_add_test(tc, test_pool_no_threads);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

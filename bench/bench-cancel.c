/* SPDX-License-Identifier: ISC */
/*
 * The cancellation benchmark (make bench-cancel): on the digits CNN, each
 * method starts a long run (2,000,000 samples or steps by default) on a
 * thread, the cancel flag is raised after a delay, and the time from the
 * flag to the run's return is measured; the explorer, the REPL, Lua and
 * batch mode all cancel through that flag. Target: under 100 ms for every
 * method.
 * Usage: bench-cancel [samples [threads [delay_ms]]] (defaults 2000000, 0:
 * one per processor, 500); run from the top of the tree.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attr/trust.h"
#include "core/xmalloc.h"

/* One run: the explainer, its row, and what happened. */
struct bench_run {
	struct gs_explainer	*e;		/* the explainer */
	const double		*x;		/* the row */
	atomic_int		 flag;		/* the cancel flag */
	struct timespec		 done;		/* when the run returned */
	int			 rc;		/* its result */
	struct gs_error		 err;		/* its error */
};

static int
bench_cancelled(void *arg)
{
	struct bench_run	*r = arg;

	return (atomic_load(&r->flag));
}

static void *
bench_thread(void *arg)
{
	struct bench_run	*r = arg;
	struct gs_explanation	 ex;

	r->rc = explainer_run(r->e, r->x, 0, &ex, &r->err);
	clock_gettime(CLOCK_MONOTONIC, &r->done);
	if (r->rc == 0)
		explanation_clear(&ex);
	return (NULL);
}

static double
bench_ms(const struct timespec *a, const struct timespec *b)
{
	return ((double)(b->tv_sec - a->tv_sec) * 1e3 +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e6);
}

static void
bench_die(const char *what, const struct gs_error *err)
{
	fprintf(stderr, "bench-cancel: %s: %s\n", what, err->msg);
	exit(1);
}

int
main(int argc, char **argv)
{
	static const struct {
		const char	*name;		/* what is run */
		enum gs_method	 m;		/* method */
		enum gs_sampling plan;		/* plan (gradshap) */
		const char	*spec;		/* baseline */
		int		 groups;	/* 16 patches of 2 x 2 as players */
		int		 noise;		/* 15% noise */
	} cases[] = {
		{ "gradshap (reg)", GS_METHOD_GRADSHAP, GS_PLAN_REG, "data", 0, 0 },
		{ "gradshap mc", GS_METHOD_GRADSHAP, GS_PLAN_MC, "data", 0, 0 },
		{ "gradshap sobol", GS_METHOD_GRADSHAP, GS_PLAN_SOBOL, "data", 0,
		    0 },
		{ "smoothgrad", GS_METHOD_SMOOTHGRAD, GS_PLAN_REG, NULL, 0, 1 },
		{ "ig (middle)", GS_METHOD_IG, GS_PLAN_REG, "mean", 0, 0 },
		{ "permutation", GS_METHOD_PERMUTATION, GS_PLAN_REG, "data", 0,
		    0 },
		{ "kernel", GS_METHOD_KERNEL, GS_PLAN_REG, "data", 0, 0 },
		{ "exact (16 patches)", GS_METHOD_EXACT, GS_PLAN_REG,
		    "sample:100", 1, 0 },
		{ "exactig", GS_METHOD_EXACTIG, GS_PLAN_REG, "mean", 0, 0 },
	};
	struct gs_model		*m;
	struct gs_dataset	*ds;
	struct gs_selection	 sel;
	struct gs_baseline	 bl;
	struct gs_noise		 nz;
	struct gs_groups	 g;
	struct gs_attr_opts	 opts;
	struct gs_error		 err;
	struct bench_run	 r;
	struct timespec		 t0, t1, d;
	pthread_t		 th;
	size_t			 n = argc > 1 ? strtoull(argv[1], NULL, 10) :
				    2000000, ci, i, *of;
	size_t			 threads = argc > 2 ? strtoull(argv[2], NULL,
				    10) : 0;
	long			 delay = argc > 3 ? strtol(argv[3], NULL, 10) :
				    500;
	double			*x, worst = 0, ms;
	char			 names[16][8];
	const char		*np[16];

	if ((m = model_load("tests/data/models/cnn_digits.onnx", &err)) ==
	    NULL)
		bench_die("model", &err);
	if ((ds = dataset_load("tests/data/csv/digits.csv", &err)) == NULL)
		bench_die("data", &err);
	if (dataset_select(ds, "label", NULL, model_input_len(m), &sel,
	    &err) != 0)
		bench_die("columns", &err);
	x = xcalloc(sel.n, sizeof *x);
	if (dataset_row(ds, &sel, 0, 0, x, &err) != 0)
		bench_die("row", &err);
	/* 16 players: the 2 x 2 patches of the 8 x 8 image. */
	of = xcalloc(sel.n, sizeof *of);
	for (i = 0; i < sel.n; i++)
		of[i] = (i / 8 / 2) * 4 + (i % 8) / 2;
	for (i = 0; i < 16; i++) {
		snprintf(names[i], sizeof names[i], "q%zu", i);
		np[i] = names[i];
	}
	if (groups_make(&g, sel.n, of, 16, np, "patches", &err) != 0)
		bench_die("groups", &err);
	printf("cancellation on the digits CNN, %zu samples or steps, %s "
	    "threads, flag raised after %ld ms\n", n, threads == 0 ? "all" :
	    argv[2], delay);
	for (ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
		memset(&bl, 0, sizeof bl);
		memset(&nz, 0, sizeof nz);
		if (cases[ci].spec != NULL && baseline_make(&bl,
		    cases[ci].spec, ds, &sel, 0, 1, &err) != 0)
			bench_die("baseline", &err);
		if (cases[ci].noise && noise_make(&nz, "15%", ds, &sel,
		    &err) != 0)
			bench_die("noise", &err);
		attr_opts_default(&opts);
		opts.method = cases[ci].m;
		opts.plan = cases[ci].plan;
		opts.samples = n;
		opts.steps = n;
		opts.rule = GS_RULE_MIDDLE;
		opts.threads = threads;
		opts.cancel = bench_cancelled;
		opts.cancel_arg = &r;
		memset(&r, 0, sizeof r);
		atomic_store(&r.flag, 0);
		r.x = x;
		if ((r.e = explainer_new(m, 0, &opts, cases[ci].spec != NULL ?
		    &bl : NULL, &nz, &err)) == NULL)
			bench_die(cases[ci].name, &err);
		if (cases[ci].groups && explainer_set_groups(r.e, &g,
		    &err) != 0)
			bench_die("groups", &err);
		pthread_create(&th, NULL, bench_thread, &r);
		d.tv_sec = delay / 1000;
		d.tv_nsec = (delay % 1000) * 1000000L;
		nanosleep(&d, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		atomic_store(&r.flag, 1);
		pthread_join(th, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = bench_ms(&t0, &r.done);
		if (r.rc == 0 && ms < 0)
			printf("  %-20s finished before the flag\n",
			    cases[ci].name);
		else if (r.rc != 0 && r.err.code != GS_EINTR)
			printf("  %-20s failed: %s\n", cases[ci].name,
			    r.err.msg);
		else {
			printf("  %-20s %8.1f ms to return%s\n",
			    cases[ci].name, ms, r.rc == 0 ?
			    " (finished, not cancelled)" : "");
			if (ms > worst)
				worst = ms;
		}
		fflush(stdout);
		explainer_free(r.e);
		baseline_clear(&bl);
		noise_clear(&nz);
	}
	printf("worst: %.1f ms (target: under 100 ms)\n", worst);
	groups_clear(&g);
	free(of);
	free(x);
	dataset_selection_free(&sel);
	dataset_free(ds);
	model_free(m);
	return (0);
}

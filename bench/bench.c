/* SPDX-License-Identifier: ISC */
/*
 * The benchmark behind `make bench`: speed and memory of the attribution
 * methods on the demo MLP, a digits CNN, the same two written with
 * everyday layers (LayerNorm and GELU; view and AvgPool2d) and two
 * Fashion-MNIST models, against the speed at which this machine
 * multiplies the same matrices (the sgemm bound: every cblas_sgemm call a
 * figure makes, recorded in its warm-up run and timed alone), and against
 * Captum's GradientShap algorithm reimplemented in plain torch
 * (bench/gradshap-torch.py) where torch is installed. Not a test: it
 * asserts nothing, it measures and prints a table. Each figure is the
 * median of BENCH_RUNS runs after a warm-up, with the minimum and maximum
 * beside it. `bench TOP FILTER` measures only the figures whose "model:
 * label, N threads" contains FILTER.
 */
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <time.h>

#include "attr/attr.h"
#include "attr/explainer.h"
#include "attr/trust.h"
#include "core/dtoa.h"
#include "core/pool.h"
#include "core/xmalloc.h"
#include "session/paths.h"
#include "session/session.h"

#define BENCH_RUNS	5	/* timed runs per figure */
#define BENCH_CALLS	512	/* most distinct sgemm calls of a figure */
#define BENCH_GRAD_ROWS	64	/* the batch of the plan_gradient figure */

extern char **environ;

/* Only figures whose "model: label" contains this (bench TOP FILTER), or all. */
static const char *bench_filter;
static const char *bench_label;		/* the model being measured */

struct bench_model {
	const char	*label;		/* "demo MLP" */
	const char	*model;		/* path under the source tree */
	const char	*data;		/* likewise (or the build tree: built) */
	const char	*target;	/* the target column */
	int		 gemm[3];	/* M (batch), N, K of its main matrix product */
	int		 extra;		/* also the sampled-baseline and IG-50 rows */
	size_t		 rows;		/* rows of the "all rows" figures (0: all) */
	int		 built;		/* data is made by make bench, in the build tree */
	size_t		 accurate;	/* samples at which the default plan reaches
					   plain Monte Carlo's RMSE at 200 (make
					   bench-plans), or 0 */
	int		 like;		/* the model whose time per FLOP
					   this one is held to, or -1 */
};

/* One distinct cblas_sgemm call and how often a figure made it. */
struct bench_call {
	int	 ta, tb;		/* transposed operands */
	int	 m, n, k;		/* its dimensions */
	double	 count;			/* calls made */
	double	 sec;			/* seconds it takes alone (0: not timed yet) */
};

static struct bench_call bench_calls[BENCH_CALLS];	/* this figure's */
static size_t	bench_ncalls;		/* entries of bench_calls */
static int	bench_recording;	/* count the calls */
static double	bench_model_flops;	/* FLOP a sample of the model costs */
static double	bench_torch_ms;		/* the torch run's ms/row, or 0 */
static double	bench_default_ms;	/* the default plan's, 1 thread, all rows */
static double	bench_per_flop[8];	/* each model's plan_gradient seconds a
					   FLOP (0: not measured) */

/* Seconds each distinct shape took alone, across figures. */
static struct bench_call bench_timed[BENCH_CALLS];
static size_t	bench_ntimed;
static pthread_mutex_t bench_lock = PTHREAD_MUTEX_INITIALIZER;

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec * 1e-9);
}

/*
 * Seconds of CPU the process has used, every thread together: on a
 * machine shared with other work, a one-thread figure's CPU time is what
 * its wall time would be alone.
 */
static double
bench_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (ts.tv_sec + ts.tv_nsec * 1e-9);
}

static int
bench_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

/* Peak resident memory so far, in MiB. */
static double
bench_peak_mib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_maxrss / 1024.0);
}

static void
bench_die(const struct gs_error *err)
{
	fprintf(stderr, "bench: %s\n", err->msg);
	exit(1);
}

/* Sort t[BENCH_RUNS] and return the median. */
static double
bench_median(double *t)
{
	qsort(t, BENCH_RUNS, sizeof t[0], bench_cmp);
	return (t[BENCH_RUNS / 2]);
}

#ifdef OPENBLAS_CONST
/* OpenBLAS's cblas_sgemm (the link wraps every call: --wrap=cblas_sgemm). */
void	__real_cblas_sgemm(OPENBLAS_CONST enum CBLAS_ORDER,
	    OPENBLAS_CONST enum CBLAS_TRANSPOSE,
	    OPENBLAS_CONST enum CBLAS_TRANSPOSE, OPENBLAS_CONST blasint,
	    OPENBLAS_CONST blasint, OPENBLAS_CONST blasint,
	    OPENBLAS_CONST float, OPENBLAS_CONST float *,
	    OPENBLAS_CONST blasint, OPENBLAS_CONST float *,
	    OPENBLAS_CONST blasint, OPENBLAS_CONST float, float *,
	    OPENBLAS_CONST blasint);
void	__wrap_cblas_sgemm(OPENBLAS_CONST enum CBLAS_ORDER,
	    OPENBLAS_CONST enum CBLAS_TRANSPOSE,
	    OPENBLAS_CONST enum CBLAS_TRANSPOSE, OPENBLAS_CONST blasint,
	    OPENBLAS_CONST blasint, OPENBLAS_CONST blasint,
	    OPENBLAS_CONST float, OPENBLAS_CONST float *,
	    OPENBLAS_CONST blasint, OPENBLAS_CONST float *,
	    OPENBLAS_CONST blasint, OPENBLAS_CONST float, float *,
	    OPENBLAS_CONST blasint);

/*
 * Every matrix product of the model layer comes through here (the
 * program is linked with --wrap=cblas_sgemm): while bench_recording is
 * set, count the call by its shape, then make it. Only the benchmark's
 * own thread records (the recorded figures' products run there or on
 * workers that finish before it reads the counts).
 */
void
__wrap_cblas_sgemm(OPENBLAS_CONST enum CBLAS_ORDER o,
    OPENBLAS_CONST enum CBLAS_TRANSPOSE ta,
    OPENBLAS_CONST enum CBLAS_TRANSPOSE tb, OPENBLAS_CONST blasint m,
    OPENBLAS_CONST blasint n, OPENBLAS_CONST blasint k,
    OPENBLAS_CONST float alpha, OPENBLAS_CONST float *a,
    OPENBLAS_CONST blasint lda, OPENBLAS_CONST float *b,
    OPENBLAS_CONST blasint ldb, OPENBLAS_CONST float beta, float *c,
    OPENBLAS_CONST blasint ldc)
{
	struct bench_call	*bc;
	size_t			 i;

	if (bench_recording) {
		pthread_mutex_lock(&bench_lock);
		for (i = 0; i < bench_ncalls; i++) {
			bc = &bench_calls[i];
			if (bc->ta == (ta != CblasNoTrans) && bc->tb ==
			    (tb != CblasNoTrans) && bc->m == m && bc->n == n &&
			    bc->k == k)
				break;
		}
		if (i == bench_ncalls && i < BENCH_CALLS) {
			bc = &bench_calls[bench_ncalls++];
			bc->ta = ta != CblasNoTrans;
			bc->tb = tb != CblasNoTrans;
			bc->m = m;
			bc->n = n;
			bc->k = k;
			bc->count = 0;
		}
		if (i < BENCH_CALLS)
			bench_calls[i].count++;
		pthread_mutex_unlock(&bench_lock);
	}
	__real_cblas_sgemm(o, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c,
	    ldc);
}
#define bench_real_sgemm()	__real_cblas_sgemm
#endif

/* Seconds one call of shape bc takes alone: the best of 3 timed batches. */
static double
bench_call_time(const struct bench_call *bc)
{
#ifdef OPENBLAS_CONST
	float	*a, *b, *c;
	double	 t0, t, best = 0, flops;
	size_t	 i, la, lb;
	int	 r, run, reps;

	for (i = 0; i < bench_ntimed; i++)
		if (bench_timed[i].ta == bc->ta && bench_timed[i].tb ==
		    bc->tb && bench_timed[i].m == bc->m && bench_timed[i].n ==
		    bc->n && bench_timed[i].k == bc->k)
			return (bench_timed[i].sec);
	la = (size_t)bc->m * (size_t)bc->k;
	lb = (size_t)bc->k * (size_t)bc->n;
	a = xcalloc(la + 1, sizeof *a);
	b = xcalloc(lb + 1, sizeof *b);
	c = xcalloc((size_t)bc->m * (size_t)bc->n + 1, sizeof *c);
	for (i = 0; i < la; i++)
		a[i] = (float)(i % 7) * 0.1f;
	for (i = 0; i < lb; i++)
		b[i] = (float)(i % 5) * 0.1f;
	flops = 2.0 * bc->m * bc->n * bc->k;
	reps = (int)(2e7 / (flops + 1e3)) + 1;
	for (run = 0; run <= 3; run++) {
		t0 = bench_cpu();
		for (r = 0; r < reps; r++)
			bench_real_sgemm()(CblasRowMajor, bc->ta ? CblasTrans :
			    CblasNoTrans, bc->tb ? CblasTrans : CblasNoTrans,
			    bc->m, bc->n, bc->k, 1, a, bc->ta ? bc->m : bc->k,
			    b, bc->tb ? bc->k : bc->n, 0, c, bc->n);
		t = (bench_cpu() - t0) / reps;
		if (run > 0 && (best == 0 || t < best))
			best = t;	/* run 0 warms the caches */
	}
	free(a);
	free(b);
	free(c);
	if (bench_ntimed < BENCH_CALLS) {
		bench_timed[bench_ntimed] = *bc;
		bench_timed[bench_ntimed++].sec = best;
	}
	return (best);
#else
	(void)bc;
	return (0);
#endif
}

/*
 * The sgemm bound of the calls recorded for nrows rows: seconds a row
 * if the products alone ran, each at its own speed, and the FLOP a row
 * of them did.
 */
static double
bench_bound(size_t nrows, double *flops)
{
	double	 sec = 0;
	size_t	 i;

	*flops = 0;
	for (i = 0; i < bench_ncalls; i++) {
		sec += bench_calls[i].count * bench_call_time(&bench_calls[i]);
		*flops += bench_calls[i].count * 2.0 * bench_calls[i].m *
		    bench_calls[i].n * bench_calls[i].k;
	}
	*flops /= (double)nrows;
	return (sec / (double)nrows);
}

/*
 * Explain rows [0, nrows) of s BENCH_RUNS times with opts, after a warm-up
 * that records its matrix products, and print a row of the table: the
 * median, fastest and slowest ms a row, GFLOP/s of the products made, the
 * sgemm bound of those products and the share of it reached. flops is the
 * model's dense work per sample (for figures without a product).
 */
static void
bench_method(struct gs_session *s, const char *label, struct gs_attr_opts *o,
    const char *spec, size_t nrows, double flops)
{
	struct gs_baseline	 bl;
	struct gs_explainer	*e;
	struct gs_explanation	*ex;
	struct gs_error		 err;
	double			 t[BENCH_RUNS], c[BENCH_RUNS], t0, c0, *x, med;
	double			 per, cpu, bound = 0, done = 0;
	size_t			*rows, r, run, d = s->sel.n;
	char			 full[200];

	snprintf(full, sizeof full, "%s: %s, %zu threads", bench_label, label,
	    o->threads);
	if (bench_filter != NULL && strstr(full, bench_filter) == NULL)
		return;
	memset(&bl, 0, sizeof bl);
	if (baseline_make(&bl, spec, s->data, &s->sel, 0, o->seed, &err) != 0)
		bench_die(&err);
	if ((e = explainer_new(s->model, 0, o, &bl, NULL, &err)) == NULL)
		bench_die(&err);
	x = xcalloc(xmul(nrows, d), sizeof *x);
	rows = xcalloc(nrows, sizeof *rows);
	ex = xcalloc(nrows, sizeof *ex);
	for (r = 0; r < nrows; r++) {
		rows[r] = r;
		if (dataset_row(s->data, &s->sel, r, 0, x + r * d, &err) != 0)
			bench_die(&err);
	}
	for (run = 0; run <= BENCH_RUNS; run++) {
		/* Run 0 is the warm-up: it records the products. */
		bench_ncalls = 0;
		bench_recording = run == 0;
		t0 = bench_now();
		c0 = bench_cpu();
		if (explainer_run_many(e, x, rows, nrows, ex, &err) != 0)
			bench_die(&err);
		if (run > 0) {
			t[run - 1] = (bench_now() - t0) / nrows;
			c[run - 1] = (bench_cpu() - c0) / nrows;
		}
		bench_recording = 0;
		for (r = 0; r < nrows; r++)
			explanation_clear(&ex[r]);
		if (run == 0)
			bound = bench_bound(nrows, &done);
	}
	med = bench_median(t);
	cpu = bench_median(c);
	per = o->method == GS_METHOD_IG ? (double)o->steps :
	    (double)o->samples;
	if (done == 0)
		done = flops * per;
	if (o->threads == 1 && nrows > 1 && o->method == GS_METHOD_GRADSHAP &&
	    o->plan == GS_PLAN_REG && o->samples == 200 &&
	    strcmp(spec, "data") == 0)
		bench_default_ms = cpu * 1e3;
	printf("%-42s %3zu %9.4f %9.4f %9.4f %9.4f %8.2f", label, o->threads,
	    med * 1e3, t[0] * 1e3, t[BENCH_RUNS - 1] * 1e3, cpu * 1e3,
	    done / (o->threads == 1 ? cpu : med) * 1e-9);
	if (bound > 0 && o->threads == 1)
		printf(" %9.4f %5.0f%%\n", bound * 1e3, 100 * bound / cpu);
	else if (bound > 0)
		printf(" %9.4f %5.0f%% (of one thread's bound over %zu)\n",
		    bound * 1e3 / (double)o->threads, 100 * bound /
		    (double)o->threads / med, o->threads);
	else
		printf("\n");
	free(x);
	free(rows);
	free(ex);
	explainer_free(e);
	baseline_clear(&bl);
}

/*
 * Exact IG on every row, one thread, each row timed alone: milliseconds a
 * row (mean and the slowest), pieces and regions a row, and how many rows
 * met their tolerance. The target is every digits CNN row under 500 ms.
 */
static void
bench_exactig(struct gs_session *s)
{
	struct gs_baseline	 bl;
	struct gs_attr_opts	 o;
	struct gs_explainer	*e;
	struct gs_explanation	 ex;
	struct gs_error		 err;
	double			*x, t0, t, sum = 0, worst = 0, pieces = 0;
	double			 regions = 0;
	size_t			 r, n = s->data->nrows, slow = 0, pmax = 0, met = 0;
	char			 full[200];

	snprintf(full, sizeof full, "%s: exactig", bench_label);
	if (bench_filter != NULL && strstr(full, bench_filter) == NULL)
		return;
	attr_opts_default(&o);
	o.method = GS_METHOD_EXACTIG;
	o.threads = 1;
	memset(&bl, 0, sizeof bl);
	if (baseline_make(&bl, "mean", s->data, &s->sel, 0, 0, &err) != 0 ||
	    (e = explainer_new(s->model, 0, &o, &bl, NULL, &err)) == NULL)
		bench_die(&err);
	x = xcalloc(s->sel.n, sizeof *x);
	for (r = 0; r < n; r++) {
		if (dataset_row(s->data, &s->sel, r, 0, x, &err) != 0)
			bench_die(&err);
		t0 = bench_now();
		if (explainer_run(e, x, r, &ex, &err) != 0)
			bench_die(&err);
		t = bench_now() - t0;
		sum += t;
		if (t > worst) {
			worst = t;
			slow = r;
		}
		pieces += (double)ex.samples_used;
		regions += (double)ex.regions;
		if (ex.samples_used > pmax)
			pmax = ex.samples_used;
		met += ex.tol_met == 1;
		explanation_clear(&ex);
	}
	printf("exactig, mean baseline, every row alone   1 %9.4f ms/row, "
	    "slowest %.2f ms (row %zu; target < 500 ms: %s); pieces %.0f a "
	    "row (most %zu), regions %.0f; tolerance met on %zu of %zu rows\n",
	    sum / (double)n * 1e3, worst * 1e3, slow, worst < 0.5 ? "met" :
	    "NOT met", pieces / (double)n, pmax, regions / (double)n, met, n);
	free(x);
	explainer_free(e);
	baseline_clear(&bl);
}

/* GFLOP/s of cblas_sgemm on an M x K by K x N product (the reference). */
static double
bench_sgemm(int m, int n, int k)
{
	float	*a = xcalloc((size_t)m * k, sizeof *a);
	float	*b = xcalloc((size_t)k * n, sizeof *b);
	float	*c = xcalloc((size_t)m * n, sizeof *c);
	double	 t[BENCH_RUNS], t0, flops = 2.0 * m * n * k;
	int	 i, run, reps = (int)(2e8 / flops) + 1;

	for (i = 0; i < m * k; i++)
		a[i] = (float)(i % 7) * 0.1f;
	for (i = 0; i < k * n; i++)
		b[i] = (float)(i % 5) * 0.1f;
	for (run = 0; run <= BENCH_RUNS; run++) {
		t0 = bench_now();
		for (i = 0; i < reps; i++)
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
			    m, n, k, 1, a, k, b, n, 0, c, n);
		if (run > 0)
			t[run - 1] = (bench_now() - t0) / reps;
	}
	free(a);
	free(b);
	free(c);
	return (flops / bench_median(t) * 1e-9);
}

/* Wall time of one run of the gshap binary with args, in seconds. */
static double
bench_spawn(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	pid_t	pid;
	double	t0 = bench_now();
	int	status;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return (-1);
	}
	waitpid(pid, &status, 0);
	posix_spawn_file_actions_destroy(&fa);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return (-1);
	return (bench_now() - t0);
}

/*
 * Run bench/gradshap-torch.py (Captum's GradientShap algorithm in torch,
 * one thread, the fastest rows per call) on the same model, data and rows
 * with $GSHAP_PYTHON (else python3); its ms/row into bench_torch_ms, or
 * 0 with the reason printed.
 */
static void
bench_torch(const char *top, const char *model, const char *data,
    const char *target, size_t nrows)
{
	posix_spawn_file_actions_t fa;
	const char	*py = getenv("GSHAP_PYTHON");
	char		*script, rows[32], line[512], *argv[7], *rest;
	FILE		*f;
	pid_t		 pid;
	int		 fd[2], status, got;
	double		 ms, wall;

	bench_torch_ms = 0;
	if (py == NULL || *py == '\0')
		py = "python3";
	xasprintf(&script, "%s/bench/gradshap-torch.py", top);
	snprintf(rows, sizeof rows, "%zu", nrows);
	argv[0] = (char *)py;
	argv[1] = script;
	argv[2] = (char *)model;
	argv[3] = (char *)data;
	argv[4] = (char *)target;
	argv[5] = rows;
	argv[6] = NULL;
	if (pipe(fd) != 0) {
		free(script);
		return;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	fflush(stdout);
	if (posix_spawnp(&pid, py, &fa, NULL, argv, environ) != 0) {
		printf("torch comparison: cannot run %s (set GSHAP_PYTHON to a "
		    "python3 with torch)\n", py);
		posix_spawn_file_actions_destroy(&fa);
		close(fd[0]);
		close(fd[1]);
		free(script);
		return;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	f = fdopen(fd[0], "r");
	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		rest = strchr(line, '(');
		if (sscanf(line, "torch-gradshap %lf %d %lf", &wall, &got,
		    &ms) == 3 && rest != NULL) {
			bench_torch_ms = ms;
			printf("Captum's GradientShap algorithm reimplemented in "
			    "plain torch (not Captum), 1 thread: %.4f ms/row "
			    "wall, %.4f CPU, %d rows per call %s", wall, ms, got,
			    rest);
		} else if (strncmp(line, "skip:", 5) == 0)
			printf("torch comparison %s", line);
	}
	if (f != NULL)
		fclose(f);
	waitpid(pid, &status, 0);
	free(script);
}

/*
 * What Gradient SHAP's path cache saves on s's model against the whole
 * data (pathcache.c): the forward FLOP of a sample it skips, and its size.
 */
static void
bench_pathcache(struct gs_session *s)
{
	struct gs_attr_opts	 o;
	struct gs_baseline	 bl;
	struct gs_explainer	*e;
	struct gs_error		 err;

	attr_opts_default(&o);
	o.threads = 1;
	memset(&bl, 0, sizeof bl);
	if (baseline_make(&bl, "data", s->data, &s->sel, 0, o.seed, &err) != 0 ||
	    (e = explainer_new(s->model, 0, &o, &bl, NULL, &err)) == NULL)
		bench_die(&err);
	if (e->pc != NULL)
		printf("path cache: %.0f FLOP a sample saved (%.0f%% of the "
		    "dense work), %.1f MB for %zu baselines\n", e->pc->flops,
		    100 * e->pc->flops / bench_model_flops,
		    (double)pathcache_bytes(e->pc) / 1e6, e->pc->n);
	else
		printf("path cache: none\n");
	explainer_free(e);
	baseline_clear(&bl);
}

/*
 * The CSV and JSON number writer: ns per number of dtoa_g9 and of
 * printf's "%.9g" (snprintf) on attributions' kind of values (products of
 * floats summed in double, spread over decades), median of BENCH_RUNS.
 */
static void
bench_numbers(void)
{
	enum { N = 200000 };
	double		*v = xmalloc(N * sizeof *v), t[2][BENCH_RUNS], t0;
	char		 buf[64];
	size_t		 i, sum = 0;
	uint64_t	 s = 88172645463325252ULL;
	int		 run, k;

	for (i = 0; i < N; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		v[i] = (double)(float)((double)(s >> 11) / 9007199254740992.0 -
		    0.5) * (double)(float)((double)(s % 1000) * 1e-3) /
		    (double)(1 + i % 1000);
	}
	for (run = 0; run <= BENCH_RUNS; run++)
		for (k = 0; k < 2; k++) {
			t0 = bench_now();
			for (i = 0; i < N; i++)
				sum += k == 0 ? dtoa_g9(v[i], buf) :
				    (size_t)snprintf(buf, sizeof buf, "%.9g",
				    v[i]);
			if (run > 0)
				t[k][run - 1] = (bench_now() - t0) / N;
		}
	printf("number writer (CSV, JSON): dtoa_g9 %.1f ns a number, printf "
	    "%%.9g %.1f ns (the same text; %zu bytes)\n",
	    bench_median(t[0]) * 1e9, bench_median(t[1]) * 1e9, sum);
	free(v);
}

/*
 * The model layer alone: plan_gradient on a batch of BENCH_GRAD_ROWS data
 * rows (their first output), one thread, CPU time a row and a FLOP (the
 * dense ops' multiply-adds, forward and backward, as plan_flops counts).
 * Where the model is held to another's time per FLOP (the everyday
 * layers against the demo MLP and the digits CNN: the target of the
 * models issue is 1.5x), print the ratio.
 */
static void
bench_gradient(struct gs_session *s, const struct bench_model *bm,
    size_t index, const struct bench_model *models)
{
	struct gs_plan		*p;
	struct gs_error		 err;
	gs_real			*x, *g;
	size_t			*tg, r, j, n, d = s->sel.n;
	double			 t[BENCH_RUNS], c0, per, fl, *row;
	int			 run, k, reps;
	char			 full[200];

	snprintf(full, sizeof full, "%s: plan_gradient, %d rows, 1 threads",
	    bench_label, BENCH_GRAD_ROWS);
	if (bench_filter != NULL && strstr(full, bench_filter) == NULL)
		return;
	n = s->data->nrows < BENCH_GRAD_ROWS ? s->data->nrows :
	    BENCH_GRAD_ROWS;
	if ((p = plan_new(s->model, 0, n, &err)) == NULL)
		bench_die(&err);
	x = xcalloc(xmul(n, d), sizeof *x);
	g = xcalloc(xmul(n, d), sizeof *g);
	tg = xcalloc(n, sizeof *tg);
	row = xcalloc(d, sizeof *row);
	for (r = 0; r < n; r++) {
		if (dataset_row(s->data, &s->sel, r, 0, row, &err) != 0)
			bench_die(&err);
		for (j = 0; j < d; j++)
			x[r * d + j] = (gs_real)row[j];
	}
	free(row);
	/* About 20 ms a run. */
	c0 = bench_cpu();
	if (plan_gradient(p, x, n, tg, NULL, g, &err) != 0)
		bench_die(&err);
	reps = (int)(0.02 / (bench_cpu() - c0 + 1e-6)) + 1;
	for (run = 0; run < BENCH_RUNS; run++) {
		c0 = bench_cpu();
		for (k = 0; k < reps; k++)
			if (plan_gradient(p, x, n, tg, NULL, g, &err) != 0)
				bench_die(&err);
		t[run] = (bench_cpu() - c0) / reps / (double)n;
	}
	per = bench_median(t);
	fl = bench_model_flops > 0 ? per / bench_model_flops : 0;
	bench_per_flop[index] = fl;
	printf("plan_gradient, %zu rows, 1 thread: %.3f us/row CPU, %.3f ns "
	    "per 1000 FLOP", n, per * 1e6, fl * 1e12);
	if (bm->like >= 0 && bench_per_flop[bm->like] > 0)
		printf("; %.2fx the time per FLOP of the %s", fl /
		    bench_per_flop[bm->like], models[bm->like].label);
	printf("\n");
	free(x);
	free(g);
	free(tg);
	plan_free(p);
}

static void
bench_model(const struct bench_model *bm, size_t index,
    const struct bench_model *models, const char *top)
{
	struct gs_session	 s;
	struct gs_attr_opts	 o;
	struct gs_plan		*p;
	struct gs_error		 err;
	char			*model, *data, label[80], pn[32];
	double			 fwd, bwd;
	size_t			 n, all, threads;
	int			 single;

	xasprintf(&model, "%s/%s", top, bm->model);
	if (bm->built)
		data = xstrdup(bm->data);
	else
		xasprintf(&data, "%s/%s", top, bm->data);
	if (session_open(&s, model, data, bm->target, NULL, &err) != 0)
		bench_die(&err);
	if ((p = plan_new(s.model, 0, 1, &err)) == NULL ||
	    plan_flops(p, &fwd, &bwd, &err) != 0)
		bench_die(&err);
	plan_free(p);
	n = s.data->nrows;
	all = bm->rows > 0 && bm->rows < n ? bm->rows : n;
	bench_label = bm->label;
	bench_model_flops = fwd + bwd;
	bench_default_ms = 0;
	printf("\n%s: %s, %zu rows x %zu inputs (all of them the baselines; "
	    "\"all rows\" explains %zu); %.0f + %.0f FLOP per sample "
	    "(forward + backward, dense ops)\n", bm->label,
	    model_name(s.model), n, s.sel.n, all, fwd, bwd);
	printf("sgemm reference (M=%d N=%d K=%d): %.2f GFLOP/s\n",
	    bm->gemm[0], bm->gemm[1], bm->gemm[2],
	    bench_sgemm(bm->gemm[0], bm->gemm[1], bm->gemm[2]));
	bench_pathcache(&s);
	bench_gradient(&s, bm, index, models);
	printf("%-42s %3s %9s %9s %9s %9s %8s %9s %6s\n", "", "thr",
	    "ms/row", "min", "max", "cpu ms", "GFLOP/s", "bound", "share");
	for (single = 1; single >= 0; single--) {
		for (threads = 1; threads <= 2; threads++) {
			attr_opts_default(&o);
			o.threads = threads;
			o.samples = 200;
			/* The default plan, by name. */
			snprintf(label, sizeof label, "gradshap 200 %s, data "
			    "baseline, %s", sampling_format(o.plan, o.antithetic,
			    o.cv, pn, sizeof pn), single ? "1 row" : "all rows");
			bench_method(&s, label, &o, "data", single ? 1 : all,
			    fwd + bwd);
		}
	}
	/* The compute path alone: plain Monte Carlo draws, no plan. */
	for (single = 1; single >= 0; single--) {
		for (threads = 1; threads <= (single ? 1u : 2u) &&
		    (bm->extra || (!single && threads == 1)); threads++) {
			attr_opts_default(&o);
			o.threads = threads;
			o.samples = 200;
			o.plan = GS_PLAN_MC;
			snprintf(label, sizeof label, "gradshap 200 mc, data "
			    "baseline, %s", single ? "1 row" : "all rows");
			bench_method(&s, label, &o, "data", single ? 1 : all,
			    fwd + bwd);
		}
	}
	if (bm->accurate > 0) {
		/* As accurate as plain Monte Carlo (Captum) at 200 samples. */
		attr_opts_default(&o);
		o.threads = 1;
		o.samples = bm->accurate;
		snprintf(label, sizeof label, "gradshap %zu %s (mc@200's RMSE), "
		    "all rows", bm->accurate, sampling_format(o.plan,
		    o.antithetic, o.cv, pn, sizeof pn));
		bench_method(&s, label, &o, "data", all, fwd + bwd);
	}
	if (bm->extra) {
		/* One row's samples split over the threads in rounds. */
		for (threads = 1; threads <= 2; threads++) {
			attr_opts_default(&o);
			o.threads = threads;
			o.samples = 20000;
			o.plan = GS_PLAN_MC;
			bench_method(&s, "gradshap 20000 mc, data baseline, 1 row",
			    &o, "data", 1, fwd + bwd);
		}
		/* The foundation's figures: 200 sampled baselines, IG at 50 steps. */
		for (single = 1; single >= 0; single--) {
			attr_opts_default(&o);
			o.samples = 200;
			snprintf(label, sizeof label, "gradshap 200, sample:200, %s",
			    single ? "1 row" : "all rows");
			bench_method(&s, label, &o, "sample:200", single ? 1 : n,
			    fwd + bwd);
		}
		attr_opts_default(&o);
		o.method = GS_METHOD_IG;
		o.steps = 50;
		bench_method(&s, "ig 50 gausslegendre, all rows", &o, "mean",
		    n, fwd + bwd);
	}
	for (single = 1; single >= 0; single--) {
		for (threads = 1; threads <= 2; threads++) {
			attr_opts_default(&o);
			o.threads = threads;
			o.method = GS_METHOD_IG;
			o.steps = 64;
			snprintf(label, sizeof label, "ig 64 gausslegendre, %s",
			    single ? "1 row" : "all rows");
			bench_method(&s, label, &o, "mean", single ? 1 : all,
			    fwd + bwd);
		}
	}
	if (bm->rows == 0)
		bench_exactig(&s);
	if (bench_filter == NULL || strstr(bm->label, bench_filter) != NULL) {
		bench_torch(top, model, data, bm->target, all < 32 ? all : 32);
		if (bench_torch_ms > 0 && bench_default_ms > 0)
			printf("gshap's default plan against it (CPU time, one "
			    "thread): %.4f against %.4f ms/row, %.1fx\n",
			    bench_default_ms, bench_torch_ms, bench_torch_ms /
			    bench_default_ms);
	}
	session_close(&s);
	free(model);
	free(data);
}

int
main(int argc, char **argv)
{
	static const struct bench_model models[] = {
		{ "demo MLP (30-64-32-1)", "data/bc_mlp.onnx",
		    "data/breast_cancer.csv", "target", { 64, 64, 30 }, 1, 0,
		    0, 50, -1 },
		{ "digits CNN (Conv 8x3x3, MaxPool, Gemm 128-10)",
		    "tests/data/models/cnn_digits.onnx",
		    "tests/data/csv/digits.csv", "label", { 8, 4096, 9 }, 0, 0,
		    0, 84, -1 },
		/* Everyday layers against the two above (time per FLOP). */
		{ "LayerNorm+GELU MLP (30-64-32-1)",
		    "tests/data/sweep/bench_ln_gelu_mlp_o17.onnx",
		    "data/breast_cancer.csv", "target", { 64, 64, 30 }, 0, 0,
		    0, 0, 0 },
		{ "view CNN (Conv 8x3x3, AvgPool, view, Gemm 128-10)",
		    "tests/data/sweep/bench_view_cnn_o17.onnx",
		    "tests/data/csv/digits.csv", "label", { 8, 4096, 9 }, 0, 0,
		    0, 0, 1 },
		{ "Fashion MLP (784-512-256-10)", "bench/data/fashion_mlp.onnx",
		    "bench/fashion_mnist_2k.csv", "label", { 64, 512, 784 }, 0,
		    64, 1, 0, -1 },
		{ "Fashion CNN (conv16, pool, conv32, pool, fc)",
		    "bench/data/fashion_cnn.onnx", "bench/fashion_mnist_2k.csv",
		    "label", { 32, 3136, 144 }, 0, 32, 1, 0, -1 },
	};
	struct gs_session	 s;
	struct gs_attr_opts	 o;
	struct gs_error		 err;
	const char		*top = argc > 1 ? argv[1] : ".";
	char			*gshap, *m, *d;
	double			 t[BENCH_RUNS], peak;
	size_t			 i;
	int			 run;

	bench_filter = argc > 2 ? argv[2] : NULL;
	printf("gshap benchmark: %zu processors; figures are medians of %d "
	    "runs after a warm-up, per row\n", pool_cpus(), BENCH_RUNS);
	for (i = 0; i < sizeof models / sizeof models[0]; i++)
		bench_model(&models[i], i, models, top);

	/* "memory", "numbers" or "start-up" as the filter: these alone. */
	if (bench_filter != NULL && strstr("memory numbers start-up",
	    bench_filter) == NULL)
		return (0);
	/* Memory: the same row at 200 and 100000 samples. */
	m = paths_data_file("bc_mlp.onnx");
	d = paths_data_file("breast_cancer.csv");
	if (session_open(&s, m, d, "target", NULL, &err) != 0)
		bench_die(&err);
	attr_opts_default(&o);
	peak = bench_peak_mib();
	o.samples = 100000;
	bench_method(&s, "\ngradshap 100000 samples, 1 row (memory)", &o,
	    "data", 1, 0);
	printf("peak memory: %.1f MiB before the 100000-sample run, %.1f MiB "
	    "after\n", peak, bench_peak_mib());
	session_close(&s);
	free(m);
	free(d);

	bench_numbers();

	/* Start-up: the whole `gshap explain` process on the demo. */
	xasprintf(&gshap, "%s/src/gshap", top);
	{
		char *args[] = { gshap, "explain", "--row", "0", "--format",
		    "csv", NULL };
		for (run = -1; run < BENCH_RUNS; run++) {
			double dt = bench_spawn(args);
			if (dt < 0) {
				printf("start-up: could not run %s\n", gshap);
				break;
			}
			if (run >= 0)
				t[run] = dt;
		}
		if (run == BENCH_RUNS) {
			double med = bench_median(t);	/* sorts t */
			printf("start-up to the first result of `gshap explain "
			    "--row 0` (whole process): %.1f ms median, %.1f min, "
			    "%.1f max\n", med * 1e3, t[0] * 1e3,
			    t[BENCH_RUNS - 1] * 1e3);
		}
	}
	free(gshap);
	return (0);
}

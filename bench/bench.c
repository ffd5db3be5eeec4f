/* SPDX-License-Identifier: ISC */
/*
 * The benchmark behind `make bench`: speed and memory of the attribution
 * methods on the demo MLP and a digits CNN, and on the same two written
 * with everyday layers (LayerNorm and GELU; view and AvgPool2d), against
 * the speed at which this machine multiplies matrices of the same shapes. Not a test: it asserts
 * nothing, it measures and prints a table. Each figure is the median of
 * BENCH_RUNS runs after a warm-up, with the minimum and maximum beside it.
 * `bench TOP FILTER` measures only the figures whose "model: label, N
 * threads" contains FILTER.
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include "attr/attr.h"
#include "attr/trust.h"
#include "core/pool.h"
#include "core/xmalloc.h"
#include "session/paths.h"
#include "session/session.h"

#define BENCH_RUNS	5	/* timed runs per figure */

extern char **environ;

/* Only figures whose "model: label" contains this (bench TOP FILTER), or all. */
static const char *bench_filter;
static const char *bench_label;		/* the model being measured */

struct bench_model {
	const char	*label;		/* "demo MLP" */
	const char	*model;		/* path under the source tree */
	const char	*data;		/* likewise */
	const char	*target;	/* the target column */
	int		 gemm[3];	/* M (batch), N, K of its main matrix product */
	int		 extra;		/* also the sampled-baseline and IG-50 rows */
};

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
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

/*
 * Explain rows [0, nrows) of s BENCH_RUNS times with opts, after a warm-up,
 * and print a row of the table. flops is the model work per sample.
 */
static void
bench_method(struct gs_session *s, const char *label, struct gs_attr_opts *o,
    const char *spec, size_t nrows, double flops)
{
	struct gs_baseline	 bl;
	struct gs_explainer	*e;
	struct gs_explanation	*ex;
	struct gs_error		 err;
	double			 t[BENCH_RUNS], t0, *x, med, per;
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
		t0 = bench_now();
		if (explainer_run_many(e, x, rows, nrows, ex, &err) != 0)
			bench_die(&err);
		if (run > 0)	/* run 0 is the warm-up */
			t[run - 1] = (bench_now() - t0) / nrows;
		for (r = 0; r < nrows; r++)
			explanation_clear(&ex[r]);
	}
	med = bench_median(t);
	per = o->method == GS_METHOD_IG ? (double)o->steps :
	    (double)o->samples;
	printf("%-42s %3zu %9.4f %9.4f %9.4f %9.0f %8.2f\n", label,
	    o->threads, med * 1e3, t[0] * 1e3, t[BENCH_RUNS - 1] * 1e3,
	    1 / med, flops * per / med * 1e-9);
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

static void
bench_model(const struct bench_model *bm, const char *top)
{
	struct gs_session	 s;
	struct gs_attr_opts	 o;
	struct gs_plan		*p;
	struct gs_error		 err;
	char			*model, *data, label[80], pn[32];
	double			 fwd, bwd;
	size_t			 n, threads;
	int			 single;

	xasprintf(&model, "%s/%s", top, bm->model);
	xasprintf(&data, "%s/%s", top, bm->data);
	if (session_open(&s, model, data, bm->target, NULL, &err) != 0)
		bench_die(&err);
	if ((p = plan_new(s.model, 0, 1, &err)) == NULL ||
	    plan_flops(p, &fwd, &bwd, &err) != 0)
		bench_die(&err);
	plan_free(p);
	n = s.data->nrows;
	bench_label = bm->label;
	printf("\n%s: %s, %zu rows x %zu inputs; %.0f + %.0f FLOP per "
	    "sample (forward + backward, dense ops)\n", bm->label,
	    model_name(s.model), n, s.sel.n, fwd, bwd);
	printf("sgemm reference (M=%d N=%d K=%d): %.2f GFLOP/s\n",
	    bm->gemm[0], bm->gemm[1], bm->gemm[2],
	    bench_sgemm(bm->gemm[0], bm->gemm[1], bm->gemm[2]));
	printf("%-42s %3s %9s %9s %9s %9s %8s\n", "", "thr", "ms/row", "min",
	    "max", "rows/s", "GFLOP/s");
	for (single = 1; single >= 0; single--) {
		for (threads = 1; threads <= 2; threads++) {
			attr_opts_default(&o);
			o.threads = threads;
			o.samples = 200;
			/* The default plan, by name. */
			snprintf(label, sizeof label, "gradshap 200 %s, data "
			    "baseline, %s", sampling_format(o.plan, o.antithetic,
			    o.cv, pn, sizeof pn), single ? "1 row" : "all rows");
			bench_method(&s, label, &o, "data", single ? 1 : n,
			    fwd + bwd);
		}
	}
	if (bm->extra) {
		/* The compute path alone: plain Monte Carlo draws, no plan. */
		for (single = 1; single >= 0; single--) {
			for (threads = 1; threads <= (single ? 1u : 2u);
			    threads++) {
				attr_opts_default(&o);
				o.threads = threads;
				o.samples = 200;
				o.plan = GS_PLAN_MC;
				snprintf(label, sizeof label, "gradshap 200 "
				    "mc, data baseline, %s", single ? "1 row" :
				    "all rows");
				bench_method(&s, label, &o, "data", single ? 1 :
				    n, fwd + bwd);
			}
		}
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
			bench_method(&s, label, &o, "mean", single ? 1 : n,
			    fwd + bwd);
		}
	}
	bench_exactig(&s);
	session_close(&s);
	free(model);
	free(data);
}

int
main(int argc, char **argv)
{
	static const struct bench_model models[] = {
		{ "demo MLP (30-64-32-1)", "data/bc_mlp.onnx",
		    "data/breast_cancer.csv", "target", { 64, 64, 30 }, 1 },
		{ "digits CNN (Conv 8x3x3, MaxPool, Gemm 128-10)",
		    "tests/data/models/cnn_digits.onnx",
		    "tests/data/csv/digits.csv", "label", { 8, 4096, 9 }, 0 },
		/* Everyday layers against the two above (time per FLOP). */
		{ "LayerNorm+GELU MLP (30-64-32-1)",
		    "tests/data/sweep/bench_ln_gelu_mlp_o17.onnx",
		    "data/breast_cancer.csv", "target", { 64, 64, 30 }, 0 },
		{ "view CNN (Conv 8x3x3, AvgPool, view, Gemm 128-10)",
		    "tests/data/sweep/bench_view_cnn_o17.onnx",
		    "tests/data/csv/digits.csv", "label", { 8, 4096, 9 }, 0 },
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
		bench_model(&models[i], top);

	if (bench_filter != NULL)
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

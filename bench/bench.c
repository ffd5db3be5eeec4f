/* SPDX-License-Identifier: ISC */
/*
 * The benchmark behind `make bench`: speed and memory of the attribution
 * methods on the bundled demo model, printed as a table. Not a test: it
 * asserts nothing, it measures. Each figure is the median of several runs
 * after a warm-up, with the minimum and maximum beside it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "attr/attr.h"
#include "core/xmalloc.h"
#include "session/paths.h"
#include "session/session.h"

#define BENCH_RUNS	7	/* timed runs per figure */

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

/*
 * Explain rows [0, nrows) BENCH_RUNS times; report the median, min and max
 * seconds per row.
 */
static void
bench_method(struct gs_session *s, const char *label, struct gs_attr_opts *o,
    const char *spec, size_t nrows)
{
	struct gs_baseline	 bl;
	struct gs_explainer	*e;
	struct gs_explanation	 ex;
	struct gs_error		 err;
	double			 t[BENCH_RUNS], t0, *x;
	size_t			 r, run;

	memset(&bl, 0, sizeof bl);
	if (spec != NULL && baseline_make(&bl, spec, s->data, &s->sel, 0,
	    o->seed, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
	if ((e = explainer_new(s->model, 0, o, spec != NULL ? &bl : NULL, NULL,
	    &err)) == NULL) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
	x = xcalloc(s->sel.n, sizeof *x);
	for (run = 0; run <= BENCH_RUNS; run++) {
		t0 = bench_now();
		for (r = 0; r < nrows; r++) {
			if (dataset_row(s->data, &s->sel, r, 0, x, &err) != 0 ||
			    explainer_run(e, x, r, &ex, &err) != 0) {
				fprintf(stderr, "bench: %s\n", err.msg);
				exit(1);
			}
			explanation_clear(&ex);
		}
		if (run > 0)	/* run 0 is the warm-up */
			t[run - 1] = (bench_now() - t0) / nrows;
	}
	qsort(t, BENCH_RUNS, sizeof t[0], bench_cmp);
	printf("%-44s %10.4f %10.4f %10.4f %12.0f\n", label,
	    t[BENCH_RUNS / 2] * 1e3, t[0] * 1e3, t[BENCH_RUNS - 1] * 1e3,
	    1 / t[BENCH_RUNS / 2]);
	free(x);
	explainer_free(e);
	baseline_clear(&bl);
}

int
main(void)
{
	struct gs_session	 s;
	struct gs_attr_opts	 o;
	struct gs_error		 err;
	char			*m = paths_data_file("bc_mlp.onnx");
	char			*d = paths_data_file("breast_cancer.csv");
	double			 t0, peak200;
	size_t			 n;

	t0 = bench_now();
	if (session_open(&s, m, d, "target", NULL, &err) != 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return (1);
	}
	n = s.data->nrows;
	printf("gshap benchmark: demo model %s, %zu rows x %zu features, "
	    "1 thread\n", model_name(s.model), n, s.sel.n);
	printf("load model and data: %.2f ms\n\n", (bench_now() - t0) * 1e3);
	printf("%-44s %10s %10s %10s %12s\n", "", "ms/row", "min", "max",
	    "rows/s");

	attr_opts_default(&o);
	o.samples = 200;
	bench_method(&s, "gradshap 200 samples, 200 baselines, 1 row",
	    &o, "sample:200", 1);
	bench_method(&s, "gradshap 200 samples, 200 baselines, all rows",
	    &o, "sample:200", n);
	bench_method(&s, "gradshap 200 samples, all rows as baselines",
	    &o, "data", n);
	peak200 = bench_peak_mib();
	o.method = GS_METHOD_IG;
	o.steps = 50;
	bench_method(&s, "ig 50 steps gausslegendre, all rows", &o, "mean", n);
	o.steps = 64;
	bench_method(&s, "ig 64 steps gausslegendre, all rows", &o, "mean", n);
	o.method = GS_METHOD_SALIENCY;
	bench_method(&s, "saliency, all rows", &o, NULL, n);
	printf("\npeak memory after 200-sample runs: %.1f MiB\n", peak200);
	o.method = GS_METHOD_GRADSHAP;
	o.samples = 100000;
	bench_method(&s, "gradshap 100000 samples, 1 row", &o, "sample:200", 1);
	printf("peak memory after a 100000-sample run: %.1f MiB\n",
	    bench_peak_mib());
	session_close(&s);
	free(m);
	free(d);
	return (0);
}

/* SPDX-License-Identifier: ISC */
/*
 * The Lua part of `make bench`: what a Lua noise function and a Lua
 * baseline script cost on the demo model (Gradient SHAP, 200 samples, one
 * thread) against the built-in noise and baselines, and how fast a model
 * written in Lua is against the same function as an ONNX graph. Each
 * figure is the median of BENCH_RUNS timed runs after a warm-up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attr/attr.h"
#include "script/script.h"
#include "session/paths.h"
#include "session/session.h"

#define BENCH_RUNS	5	/* timed runs per figure */
#define BENCH_ROWS	20	/* rows explained per run */

#ifndef GSHAP_SRCDATADIR
#define GSHAP_SRCDATADIR "data"
#endif

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

static void
bench_die(const struct gs_error *err)
{
	fprintf(stderr, "bench-lua: %s\n", err->msg);
	exit(1);
}

/* A shipped script's path in the source tree. */
static const char *
bench_script(const char *rel)
{
	static char	buf[4096];

	snprintf(buf, sizeof buf, "%s/../scripts/%s", GSHAP_SRCDATADIR, rel);
	return (buf);
}

/* What one configuration needs: where its baseline and noise come from. */
struct bench_case {
	const char	*label;		/* row of the table */
	const char	*baseline;	/* built-in spec, or NULL */
	const char	*bl_script;	/* baseline script, or NULL */
	const char	*noise;		/* built-in noise, or NULL */
	const char	*nz_script;	/* noise script, or NULL */
};

/*
 * One run: make the baseline and noise (the scripts' cost included), an
 * explainer, and explain BENCH_ROWS rows. Returns seconds.
 */
static double
bench_run(struct gs_session *s, struct gs_script *sc,
    const struct bench_case *c, const struct gs_attr_opts *opts)
{
	struct gs_baseline	 bl;
	struct gs_noise		 nz;
	struct gs_explainer	*e;
	struct gs_explanation	 ex;
	struct gs_error		 err;
	double			 t0, x[64];
	size_t			 r;

	t0 = bench_now();
	memset(&nz, 0, sizeof nz);
	if (c->bl_script != NULL) {
		if (script_baseline(sc, c->bl_script, NULL, 0, -1, &bl,
		    &err) != 0)
			bench_die(&err);
	} else if (baseline_make(&bl, c->baseline, s->data, &s->sel, 0,
	    opts->seed, &err) != 0)
		bench_die(&err);
	if (c->nz_script != NULL) {
		if (script_noise(sc, c->nz_script, &nz, &err) != 0)
			bench_die(&err);
	} else if (noise_make(&nz, c->noise, s->data, &s->sel, &err) != 0)
		bench_die(&err);
	if ((e = explainer_new(s->model, 0, opts, &bl, &nz, &err)) == NULL)
		bench_die(&err);
	for (r = 0; r < BENCH_ROWS; r++) {
		if (dataset_row(s->data, &s->sel, r, 0, x, &err) != 0 ||
		    explainer_run(e, x, r, &ex, &err) != 0)
			bench_die(&err);
		explanation_clear(&ex);
	}
	explainer_free(e);
	noise_clear(&nz);
	baseline_clear(&bl);
	return (bench_now() - t0);
}

/* The median time of a case, in milliseconds per row. */
static double
bench_case(struct gs_session *s, struct gs_script *sc,
    const struct bench_case *c, const struct gs_attr_opts *opts)
{
	double	t[BENCH_RUNS];
	int	i;

	bench_run(s, sc, c, opts);
	for (i = 0; i < BENCH_RUNS; i++)
		t[i] = bench_run(s, sc, c, opts);
	qsort(t, BENCH_RUNS, sizeof t[0], bench_cmp);
	return (t[BENCH_RUNS / 2] * 1e3 / BENCH_ROWS);
}

/* Explain every row of linear_tiny with m BENCH_RUNS times: ms per row. */
static double
bench_model(struct gs_session *s, const struct gs_model *m,
    const struct gs_attr_opts *opts)
{
	struct gs_baseline	 bl;
	struct gs_explainer	*e;
	struct gs_explanation	 ex;
	struct gs_error		 err;
	double			 t[BENCH_RUNS], t0, x[3];
	size_t			 r;
	int			 i;

	if (baseline_make(&bl, "data", s->data, &s->sel, 0, 0, &err) != 0 ||
	    (e = explainer_new(m, 0, opts, &bl, NULL, &err)) == NULL)
		bench_die(&err);
	for (i = -1; i < BENCH_RUNS; i++) {
		t0 = bench_now();
		for (r = 0; r < s->data->nrows; r++) {
			if (dataset_row(s->data, &s->sel, r, 0, x, &err) != 0 ||
			    explainer_run(e, x, r, &ex, &err) != 0)
				bench_die(&err);
			explanation_clear(&ex);
		}
		if (i >= 0)
			t[i] = (bench_now() - t0) * 1e3 / s->data->nrows;
	}
	explainer_free(e);
	baseline_clear(&bl);
	qsort(t, BENCH_RUNS, sizeof t[0], bench_cmp);
	return (t[BENCH_RUNS / 2]);
}

/*
 * Explain every row of the data at path with a Lua model of linear_tiny
 * BENCH_RUNS times: ms per row. The Lua state does all of it.
 */
static double
bench_lua_model(const char *path, const struct gs_attr_opts *opts)
{
	struct gs_script	*sc;
	struct gs_error		 err;
	char			 setup[8192];
	double			 t[BENCH_RUNS], t0;
	int			 k;

	snprintf(setup, sizeof setup,
	    "tiny = gshap.model(function(x)\n"
	    "  return 1.5 * x.a - 2 * x.b + 0.25 * x.c + 0.5\n"
	    "end, {inputs = {'a', 'b', 'c'}})\n"
	    "ds = gshap.load_data('%s', {target = 'y'})\n"
	    "e = gshap.explainer{model = tiny, data = ds, samples = %zu, "
	    "threads = 1, plan = 'mc'}", path, opts->samples);
	if ((sc = script_new(NULL, 0, &err)) == NULL ||
	    script_run_string(sc, setup, "bench", &err) != 0)
		bench_die(&err);
	for (k = -1; k < BENCH_RUNS; k++) {
		t0 = bench_now();
		if (script_run_string(sc, "for r = 0, #ds - 1 do e:explain(r) "
		    "end", "bench", &err) != 0)
			bench_die(&err);
		if (k >= 0)
			t[k] = (bench_now() - t0) * 1e3 / 5;
	}
	script_free(sc);
	qsort(t, BENCH_RUNS, sizeof t[0], bench_cmp);
	return (t[BENCH_RUNS / 2]);
}

int
main(void)
{
	static const struct bench_case cases[] = {
		{ "built-in baseline data, no noise", "data", NULL, NULL,
		    NULL },
		{ "Lua baseline sample.lua (k=100)", NULL,
		    "baselines/sample.lua", NULL, NULL },
		{ "built-in baseline sample:100", "sample:100", NULL, NULL,
		    NULL },
		{ "built-in noise 15%", "data", NULL, "15%", NULL },
		{ "Lua noise gaussian.lua (15%)", "data", NULL, NULL,
		    "noise/gaussian.lua" },
		{ "Lua noise saltpepper.lua", "data", NULL, NULL,
		    "noise/saltpepper.lua" },
	};
	struct gs_session	 s, tiny;
	struct gs_script	*sc;
	struct gs_attr_opts	 opts;
	struct gs_error		 err;
	struct bench_case	 c;
	char			*mp, *dp, tm[4096], td[4096];
	double			 ms[sizeof cases / sizeof cases[0]];
	double			 t_onnx, t_lua;
	size_t			 i;

	mp = paths_data_file("bc_mlp.onnx");
	dp = paths_data_file("breast_cancer.csv");
	if (session_open(&s, mp, dp, "target", NULL, &err) != 0)
		bench_die(&err);
	free(mp);
	free(dp);
	if ((sc = script_new(&s, 0, &err)) == NULL)
		bench_die(&err);
	attr_opts_default(&opts);
	opts.method = GS_METHOD_GRADSHAP;
	opts.samples = 200;
	opts.threads = 1;
	/* Plain Monte Carlo: noise functions are called once per batch. */
	opts.plan = GS_PLAN_MC;

	printf("Lua scripts on the demo MLP: Gradient SHAP, %zu samples, %d "
	    "rows, 1 thread, plan mc\n", opts.samples, BENCH_ROWS);
	printf("(median of %d runs; the script's own cost is included)\n\n",
	    BENCH_RUNS);
	printf("%-36s %10s %9s\n", "configuration", "ms/row", "overhead");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		c = cases[i];
		if (c.bl_script != NULL)
			c.bl_script = strcpy(malloc(4096),
			    bench_script(c.bl_script));
		if (c.nz_script != NULL)
			c.nz_script = strcpy(malloc(4096),
			    bench_script(c.nz_script));
		ms[i] = bench_case(&s, sc, &c, &opts);
		free((char *)c.bl_script);
		free((char *)c.nz_script);
	}
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		/* Each Lua row against the built-in row before it. */
		double base = cases[i].bl_script != NULL ? ms[i + 1] :
		    cases[i].nz_script != NULL ? ms[3] : ms[i];

		printf("%-36s %10.3f", cases[i].label, ms[i]);
		if (cases[i].bl_script != NULL || cases[i].nz_script != NULL)
			printf(" %+8.1f%%", 100 * (ms[i] - base) / base);
		putchar('\n');
	}

	/* A model written in Lua against the same function in ONNX. */
	snprintf(tm, sizeof tm, "%s/../tests/data/models/linear_tiny.onnx",
	    GSHAP_SRCDATADIR);
	snprintf(td, sizeof td, "%s/../tests/data/linear_tiny.csv",
	    GSHAP_SRCDATADIR);
	if (session_open(&tiny, tm, td, "y", NULL, &err) != 0)
		bench_die(&err);
	t_onnx = bench_model(&tiny, tiny.model, &opts);
	t_lua = bench_lua_model(td, &opts);
	printf("\nA model in Lua against ONNX (y = 1.5a - 2b + 0.25c + 0.5, "
	    "Gradient SHAP, 200 samples)\n");
	printf("%-36s %10.3f\n", "ONNX linear_tiny.onnx", t_onnx);
	printf("%-36s %10.3f  (%.0fx)\n", "gshap.model in Lua", t_lua,
	    t_lua / t_onnx);
	script_free(sc);
	session_close(&tiny);
	session_close(&s);
	return (0);
}

/* SPDX-License-Identifier: ISC */
/*
 * The sampling-plan benchmark (make bench-plans): for Gradient SHAP on the
 * demo MLP and on the digits CNN, and SmoothGrad on the demo, the
 * root-mean-square error of every plan against a 10^6-sample reference at
 * 50, 100, 200 and 500 samples (over seeds, rows and features), and the
 * samples each plan needs to reach plain Monte Carlo's error at 200
 * (sigma / sqrt(200), sigma fitted on every mc measurement); and the
 * coverage of each plan's standard errors at those sizes (the share of
 * values within +-1.96 SE of the reference; 90 to 99% is honest).
 * Usage: bench-plans [seeds] (default 40); run from the top of the tree.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attr/trust.h"
#include "core/xmalloc.h"

#define BENCH_REF	1000000	/* reference samples */

static const size_t bench_report[] = { 50, 100, 200, 500 };
static const size_t bench_grid[] = { 8, 12, 16, 24, 32, 48, 50, 64, 96, 100,
    128, 200, 256, 384, 500, 768, 1000 };
#define BENCH_NGRID	(sizeof bench_grid / sizeof bench_grid[0])

static const struct { enum gs_sampling p; int a, cv; } bench_plans[] = {
	{ GS_PLAN_MC, 0, 0 }, { GS_PLAN_MC, 1, 0 },
	{ GS_PLAN_STRATIFIED, 0, 0 }, { GS_PLAN_STRATIFIED, 1, 0 },
	{ GS_PLAN_SOBOL, 0, 0 }, { GS_PLAN_SOBOL, 1, 0 },
	{ GS_PLAN_MC, 0, 1 }, { GS_PLAN_MC, 1, 1 },
	{ GS_PLAN_STRATIFIED, 0, 1 }, { GS_PLAN_SOBOL, 0, 1 },
	{ GS_PLAN_SOBOL, 1, 1 }, { GS_PLAN_REG, 0, 0 },
};
#define BENCH_NPLANS	(sizeof bench_plans / sizeof bench_plans[0])

/* One benchmark case: a model, data, method and rows. */
struct bench_case {
	const char	*title;		/* what is measured */
	const char	*model;		/* ONNX file */
	const char	*data;		/* CSV file */
	const char	*target;	/* target column */
	enum gs_method	 method;	/* gradshap or smoothgrad */
	const char	*baseline;	/* baseline spec, or NULL */
	const char	*noise;		/* noise spec, or NULL */
	size_t		 rows[3];	/* rows explained */
};

static const struct bench_case bench_cases[] = {
	{ "gradshap, demo MLP (bc_mlp), baseline data", "data/bc_mlp.onnx",
	    "data/breast_cancer.csv", "target", GS_METHOD_GRADSHAP, "data",
	    NULL, { 0, 7, 42 } },
	{ "gradshap, digits CNN (cnn_digits), baseline data",
	    "tests/data/models/cnn_digits.onnx", "tests/data/csv/digits.csv",
	    "label", GS_METHOD_GRADSHAP, "data", NULL, { 0, 5, 11 } },
	{ "smoothgrad 15%, demo MLP", "data/bc_mlp.onnx",
	    "data/breast_cancer.csv", "target", GS_METHOD_SMOOTHGRAD, NULL,
	    "15%", { 0, 7, 42 } },
};

static void
bench_die(const char *what, const struct gs_error *err)
{
	fprintf(stderr, "bench-plans: %s: %s\n", what, err->msg);
	exit(1);
}

/* Attributions of nrows rows into phi and their SEs into se (nrows x d). */
static void
bench_explain(struct gs_model *m, struct gs_dataset *ds,
    const struct gs_selection *sel, const struct gs_attr_opts *opts, const struct gs_baseline *bl,
    const struct gs_noise *nz, const size_t *rows, size_t nrows, double *phi,
    double *se)
{
	struct gs_explainer	*e;
	struct gs_explanation	 ex;
	struct gs_error		 err;
	double			*x;
	size_t			 r, i, d = sel->n;

	x = xcalloc(d, sizeof *x);
	if ((e = explainer_new(m, 0, opts, bl, nz, &err)) == NULL)
		bench_die("explainer", &err);
	for (r = 0; r < nrows; r++) {
		if (dataset_row(ds, sel, rows[r], 0, x, &err) != 0 ||
		    explainer_run(e, x, rows[r], &ex, &err) != 0)
			bench_die("explain", &err);
		memcpy(phi + r * d, ex.phi, d * sizeof *phi);
		for (i = 0; i < d; i++)
			se[r * d + i] = ex.se != NULL ? ex.se[i] : 0;
		explanation_clear(&ex);
	}
	explainer_free(e);
	free(x);
}

/* Samples at which rmse (over the grid) crosses target, log-log interpolated. */
static double
bench_needed(const double *rmse, double target)
{
	size_t	k;
	double	t;

	if (rmse[0] <= target)
		return ((double)bench_grid[0]);
	for (k = 1; k < BENCH_NGRID; k++) {
		if (rmse[k] <= target) {
			t = (log(target) - log(rmse[k - 1])) /
			    (log(rmse[k]) - log(rmse[k - 1]));
			return (exp(log((double)bench_grid[k - 1]) + t *
			    (log((double)bench_grid[k]) -
			    log((double)bench_grid[k - 1]))));
		}
	}
	return (INFINITY);
}

int
main(int argc, char **argv)
{
	size_t	seeds = argc > 1 ? strtoul(argv[1], NULL, 10) : 40;
	size_t	c, p, k, s, i, d, n, rows = 3, best = 0;
	double	*ref, *phi, *sev, rmse[BENCH_NPLANS][BENCH_NGRID], se, target;
	double	need, bestneed, cover[BENCH_NPLANS][BENCH_NGRID];
	size_t	in, with;
	char	name[64];

	if (seeds < 2)
		seeds = 2;
	printf("Sampling plans: RMSE against a %d-sample Monte Carlo "
	    "reference,\nover %zu seeds x %zu rows x every feature.\n\n",
	    BENCH_REF, seeds, rows);
	for (c = 0; c < sizeof bench_cases / sizeof bench_cases[0]; c++) {
		const struct bench_case *bc = &bench_cases[c];
		struct gs_attr_opts	 opts;
		struct gs_model		*m;
		struct gs_dataset	*ds;
		struct gs_selection	 sel;
		struct gs_baseline	 bl;
		struct gs_noise		 nz;
		struct gs_error		 err;
		clock_t			 t0 = clock();

		if ((m = model_load(bc->model, &err)) == NULL)
			bench_die(bc->model, &err);
		if ((ds = dataset_load(bc->data, &err)) == NULL)
			bench_die(bc->data, &err);
		if (dataset_select(ds, bc->target, NULL, model_input_len(m),
		    &sel, &err) != 0)
			bench_die("columns", &err);
		memset(&bl, 0, sizeof bl);
		if (bc->baseline != NULL && baseline_make(&bl, bc->baseline,
		    ds, &sel, 0, 0, &err) != 0)
			bench_die("baseline", &err);
		if (noise_make(&nz, bc->noise, ds, &sel, &err) != 0)
			bench_die("noise", &err);
		d = sel.n;
		ref = xcalloc(rows * d, sizeof *ref);
		phi = xcalloc(rows * d, sizeof *phi);
		sev = xcalloc(rows * d, sizeof *sev);
		attr_opts_default(&opts);
		opts.method = bc->method;
		opts.threads = 0;
		opts.batch = 256;
		opts.plan = GS_PLAN_MC;
		opts.antithetic = 0;
		opts.cv = 0;
		opts.samples = BENCH_REF;
		opts.seed = 987654321;
		bench_explain(m, ds, &sel, &opts,
		    bc->baseline != NULL ? &bl : NULL, &nz, bc->rows, rows, ref,
		    sev);
		opts.batch = 64;
		for (p = 0; p < BENCH_NPLANS; p++) {
			opts.plan = bench_plans[p].p;
			opts.antithetic = bench_plans[p].a;
			opts.cv = bench_plans[p].cv;
			if (bc->method != GS_METHOD_GRADSHAP && (opts.cv ||
			    opts.plan == GS_PLAN_REG)) {
				for (k = 0; k < BENCH_NGRID; k++)
					rmse[p][k] = INFINITY;
				continue;
			}
			for (k = 0; k < BENCH_NGRID; k++) {
				opts.samples = n = bench_grid[k];
				in = with = 0;
				for (se = 0, s = 0; s < seeds; s++) {
					opts.seed = s + 1;
					bench_explain(m, ds, &sel, &opts,
					    bc->baseline != NULL ? &bl : NULL,
					    &nz, bc->rows, rows, phi, sev);
					for (i = 0; i < rows * d; i++) {
						se += (phi[i] - ref[i]) *
						    (phi[i] - ref[i]);
						if (sev[i] <= 0)
							continue;
						with++;
						in += fabs(phi[i] - ref[i]) <=
						    1.96 * sev[i];
					}
				}
				rmse[p][k] = sqrt(se / (double)(seeds * rows *
				    d));
				cover[p][k] = with > 0 ? (double)in /
				    (double)with : NAN;
			}
		}
		printf("== %s (%zu features)\n", bc->title, d);
		printf("  %-22s", "plan");
		for (k = 0; k < BENCH_NGRID; k++)
			for (i = 0; i < 4; i++)
				if (bench_grid[k] == bench_report[i])
					printf("   n=%-6zu", bench_grid[k]);
		printf("  samples to MC@200  ratio\n");
		/*
		 * Plain Monte Carlo's MSE is sigma^2 / n exactly: its error at
		 * 200 comes from sigma^2 fitted over the whole grid, steadier
		 * than the one measurement at 200.
		 */
		for (target = 0, k = 0; k < BENCH_NGRID; k++)
			target += (double)bench_grid[k] * rmse[0][k] *
			    rmse[0][k] / BENCH_NGRID;
		target = sqrt(target / 200);
		bestneed = INFINITY;
		for (p = 0; p < BENCH_NPLANS; p++) {
			if (isinf(rmse[p][0]))
				continue;
			printf("  %-22s", sampling_format(bench_plans[p].p,
			    bench_plans[p].a, bench_plans[p].cv, name,
			    sizeof name));
			for (k = 0; k < BENCH_NGRID; k++)
				for (i = 0; i < 4; i++)
					if (bench_grid[k] == bench_report[i])
						printf(" %10.3g", rmse[p][k]);
			need = bench_needed(rmse[p], target);
			printf("  %17.0f  %5.2f\n", need, need / 200);
			if (need < bestneed) {
				bestneed = need;
				best = p;
			}
		}
		printf("  mc error at 200 (sigma fitted over the grid): %.3g\n",
		    target);
		printf("  coverage of +-1.96 SE  ");
		for (k = 0; k < BENCH_NGRID; k++)
			for (i = 0; i < 4; i++)
				if (bench_grid[k] == bench_report[i])
					printf("   n=%-6zu", bench_grid[k]);
		printf("\n");
		for (p = 0; p < BENCH_NPLANS; p++) {
			if (isinf(rmse[p][0]))
				continue;
			printf("  %-22s", sampling_format(bench_plans[p].p,
			    bench_plans[p].a, bench_plans[p].cv, name,
			    sizeof name));
			for (k = 0; k < BENCH_NGRID; k++)
				for (i = 0; i < 4; i++)
					if (bench_grid[k] == bench_report[i])
						printf(" %10.3f", cover[p][k]);
			printf("\n");
		}
		printf("  best: %s, %.0f samples (%.0f%% of 200); %.1f s\n\n",
		    sampling_format(bench_plans[best].p, bench_plans[best].a,
		    bench_plans[best].cv, name, sizeof name), bestneed, bestneed / 2,
		    (double)(clock() - t0) / CLOCKS_PER_SEC);
		free(ref);
		free(phi);
		free(sev);
		baseline_clear(&bl);
		noise_clear(&nz);
		dataset_selection_free(&sel);
		dataset_free(ds);
		model_free(m);
	}
	return (0);
}

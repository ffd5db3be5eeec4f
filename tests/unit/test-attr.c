/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for src/attr: the mathematics of every method. On a linear
 * model Gradient SHAP and IG are exact; on a smooth MLP Gauss-Legendre IG
 * closes the completeness gap; over many seeds the standard errors cover a
 * high-precision reference at the rate they claim; results are the same
 * whatever the batch size.
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "attr/attr.h"
#include "attr/explainer.h"
#include "core/rng.h"
#include "core/xmalloc.h"
#include "attr-fixture.h"

/* linear_tiny.onnx: y = 1.5 a - 2 b + 0.25 c + 0.5 (see its README). */
static const double lin_w[3] = { 1.5, -2.0, 0.25 };
static const double lin_bias = 0.5;
static const char lin_csv[] =
    "a,b,c\n"
    "1,2,3\n"
    "-1,0.5,4\n"
    "2,-3,1\n"
    "0.25,1,-2\n"
    "3,3,3\n";

/* Explain row r of f with opts against baseline spec (or none). */
static void
fx_explain(struct fx *f, const struct gs_attr_opts *opts, const char *spec,
    const char *noise, size_t r, struct gs_explanation *ex)
{
	struct gs_baseline	 bl;
	struct gs_noise		 nz;
	struct gs_explainer	*e;
	struct gs_error		 err;
	double			*x = xcalloc(f->sel.n, sizeof *x);

	memset(&bl, 0, sizeof bl);
	if (spec != NULL)
		ck_assert_msg(baseline_make(&bl, spec, f->ds, &f->sel, 0,
		    opts->seed, &err) == 0, "%s", err.msg);
	ck_assert_msg(noise_make(&nz, noise, f->ds, &f->sel, &err) == 0, "%s",
	    err.msg);
	e = explainer_new(f->m, 0, opts, spec != NULL ? &bl : NULL, &nz, &err);
	ck_assert_msg(e != NULL, "%s", err.msg);
	ck_assert_msg(dataset_row(f->ds, &f->sel, r, 0, x, &err) == 0, "%s",
	    err.msg);
	ck_assert_msg(explainer_run(e, x, r, ex, &err) == 0, "%s", err.msg);
	explainer_free(e);
	baseline_clear(&bl);
	noise_clear(&nz);
	free(x);
}

START_TEST(test_quadrature_rules)
{
	double	a[64], w[64], sum, integral;
	size_t	n, k;
	int	r;

	for (r = 0; r < GS_RULE_COUNT; r++) {
		for (n = 2; n <= 64; n *= 2) {
			ck_assert_int_eq(quadrature_rule(r, n, a, w, NULL), 0);
			for (sum = 0, k = 0; k < n; k++) {
				ck_assert(a[k] >= 0 && a[k] <= 1);
				sum += w[k];
			}
			ck_assert_double_eq_tol(sum, 1.0, 1e-13);
		}
	}
	/* n-point Gauss-Legendre is exact for degree 2n-1: int_0^1 a^9 = 0.1. */
	quadrature_rule(GS_RULE_GAUSSLEGENDRE, 5, a, w, NULL);
	for (integral = 0, k = 0; k < 5; k++)
		integral += w[k] * pow(a[k], 9);
	ck_assert_double_eq_tol(integral, 0.1, 1e-14);
	/* The trapezoid rule is exact for linear integrands, ends included. */
	quadrature_rule(GS_RULE_TRAPEZOID, 3, a, w, NULL);
	ck_assert_double_eq(a[0], 0);
	ck_assert_double_eq(a[2], 1);
	ck_assert_double_eq(w[0], 0.25);
	ck_assert_double_eq(w[1], 0.5);
	ck_assert_int_eq(quadrature_rule(GS_RULE_TRAPEZOID, 1, a, w, NULL), -1);
	/* Gauss-Legendre stops at GS_GL_MAX_STEPS (its nodes cost n^2). */
	ck_assert_int_eq(quadrature_rule(GS_RULE_GAUSSLEGENDRE,
	    GS_GL_MAX_STEPS + 1, a, w, NULL), -1);
}
END_TEST

/* On y = w.x + c, Gradient SHAP against one baseline row is w (x - b) exactly. */
START_TEST(test_gradshap_linear_exact)
{
	static const size_t samples[] = { 1, 7, 200, 1000 };
	static const char *specs[] = { "zeros", "mean", "row:2" };
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct fx		 f;
	double			 b[3], mean, sd;
	size_t			 s, i, r, seed, j;

	fx_open(&f, NULL, "tests/data/models/linear_tiny.onnx", lin_csv,
	    NULL, NULL);
	attr_opts_default(&opts);
	for (j = 0; j < 3; j++) {
		for (i = 0; i < 3; i++) {
			dataset_column_stats(f.ds, i, &mean, &sd);
			b[i] = j == 0 ? 0 : j == 1 ? mean :
			    dataset_cell(f.ds, 2, i);
		}
		for (s = 0; s < 4; s++) {
			for (seed = 0; seed < 3; seed++) {
				opts.samples = samples[s];
				opts.seed = seed * 977;
				opts.batch = 3 + seed;
				r = (seed + s) % 5;
				fx_explain(&f, &opts, specs[j], NULL, r, &ex);
				for (i = 0; i < 3; i++) {
					double want = lin_w[i] *
					    (dataset_cell(f.ds, r, i) - b[i]);
					ck_assert_double_eq_tol(ex.phi[i], want,
					    1e-5 * (1 + fabs(want)));
					ck_assert_double_le(ex.se[i], 1e-5);
				}
				ck_assert_double_le(fabs(ex.gap), 1e-5);
				explanation_clear(&ex);
			}
		}
	}
	fx_close(&f);
}
END_TEST

/*
 * Against the whole data, phi_i = w_i (x_i - mean of the drawn b_i): within
 * a few standard errors of w_i (x_i - mean b_i), and the base value is
 * w . mean(b) + c exactly.
 */
START_TEST(test_gradshap_linear_data)
{
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct fx		 f;
	double			 mean, sd, base = lin_bias;
	size_t			 i;

	fx_open(&f, NULL, "tests/data/models/linear_tiny.onnx", lin_csv,
	    NULL, NULL);
	attr_opts_default(&opts);
	opts.samples = 4000;
	opts.seed = 11;
	fx_explain(&f, &opts, "data", NULL, 0, &ex);
	for (i = 0; i < 3; i++) {
		dataset_column_stats(f.ds, i, &mean, &sd);
		base += lin_w[i] * mean;
		ck_assert(ex.se[i] > 0);
		ck_assert_double_le(fabs(ex.phi[i] - lin_w[i] *
		    (dataset_cell(f.ds, 0, i) - mean)), 5 * ex.se[i]);
	}
	ck_assert_double_eq_tol(ex.base, base, 1e-5);
	ck_assert_double_eq_tol(ex.fx, lin_bias + 1.5 * 1 - 2 * 2 + 0.25 * 3,
	    1e-5);
	explanation_clear(&ex);
	fx_close(&f);
}
END_TEST

/* IG on a linear model is exact for every rule and step count. */
START_TEST(test_ig_linear_exact)
{
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct fx		 f;
	double			 mean, sd, want;
	size_t			 i, steps;
	int			 r;

	fx_open(&f, NULL, "tests/data/models/linear_tiny.onnx", lin_csv,
	    NULL, NULL);
	attr_opts_default(&opts);
	opts.method = GS_METHOD_IG;
	for (r = 0; r < GS_RULE_COUNT; r++) {
		for (steps = 2; steps <= 50; steps += 16) {
			opts.rule = r;
			opts.steps = steps;
			fx_explain(&f, &opts, "mean", NULL, 4, &ex);
			for (i = 0; i < 3; i++) {
				dataset_column_stats(f.ds, i, &mean, &sd);
				want = lin_w[i] * (dataset_cell(f.ds, 4, i) -
				    mean);
				ck_assert_double_eq_tol(ex.phi[i], want,
				    1e-5 * (1 + fabs(want)));
			}
			ck_assert_ptr_null(ex.se);
			ck_assert_double_le(fabs(ex.gap), 1e-5);
			explanation_clear(&ex);
		}
	}
	fx_close(&f);
}
END_TEST

/*
 * On a smooth MLP (tanh, softplus, sigmoid), 64-point Gauss-Legendre IG
 * closes the completeness gap to below 1e-4 of |f(x) - f(b)| (plus the
 * float32 rounding of f(x) and f(b), about 3e-8 here), and the
 * Riemann rules converge towards it as the steps grow.
 */
START_TEST(test_ig_smooth_completeness)
{
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct fx		 f;
	size_t			 r;
	double			 gap8, gap64;

	fx_open(&f, NULL, "tests/data/models/mlp_smooth.onnx", NULL,
	    "tests/data/mlp_smooth.csv", NULL);
	attr_opts_default(&opts);
	opts.method = GS_METHOD_IG;
	opts.steps = 64;
	for (r = 0; r < f.ds->nrows; r++) {
		fx_explain(&f, &opts, "mean", NULL, r, &ex);
		/* 1e-4 relative, above the float32 rounding of f itself. */
		ck_assert_msg(fabs(ex.gap) <= 1e-4 * fabs(ex.fx - ex.base) +
		    8 * FLT_EPSILON * fmax(fabs(ex.fx), fabs(ex.base)),
		    "row %zu: gap %g, f(x) - base %g", r, ex.gap,
		    ex.fx - ex.base);
		explanation_clear(&ex);
	}
	opts.rule = GS_RULE_LEFT;
	opts.steps = 8;
	fx_explain(&f, &opts, "zeros", NULL, 1, &ex);
	gap8 = fabs(ex.gap);
	explanation_clear(&ex);
	opts.steps = 64;
	fx_explain(&f, &opts, "zeros", NULL, 1, &ex);
	gap64 = fabs(ex.gap);
	explanation_clear(&ex);
	ck_assert_msg(gap64 < gap8 / 4, "left rule: gap %g at 8, %g at 64",
	    gap8, gap64);
	fx_close(&f);
}
END_TEST

/* Saliency is w, input x gradient is x w, SmoothGrad of a constant gradient is w with zero variance. */
START_TEST(test_gradient_methods_linear)
{
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct fx		 f;
	size_t			 i;

	fx_open(&f, NULL, "tests/data/models/linear_tiny.onnx", lin_csv,
	    NULL, NULL);
	attr_opts_default(&opts);
	opts.method = GS_METHOD_SALIENCY;
	fx_explain(&f, &opts, NULL, NULL, 1, &ex);
	for (i = 0; i < 3; i++)
		ck_assert_double_eq_tol(ex.phi[i], lin_w[i], 1e-6);
	ck_assert(isnan(ex.base) && isnan(ex.gap));
	explanation_clear(&ex);
	opts.absolute = 1;
	fx_explain(&f, &opts, NULL, NULL, 1, &ex);
	ck_assert_double_eq_tol(ex.phi[1], 2.0, 1e-6);
	explanation_clear(&ex);
	opts.absolute = 0;
	opts.method = GS_METHOD_IXG;
	fx_explain(&f, &opts, NULL, NULL, 1, &ex);
	for (i = 0; i < 3; i++)
		ck_assert_double_eq_tol(ex.phi[i],
		    lin_w[i] * dataset_cell(f.ds, 1, i), 1e-6);
	explanation_clear(&ex);
	opts.method = GS_METHOD_SMOOTHGRAD;
	opts.samples = 50;
	fx_explain(&f, &opts, NULL, "20%", 1, &ex);
	for (i = 0; i < 3; i++) {
		ck_assert_double_eq_tol(ex.phi[i], lin_w[i], 1e-6);
		ck_assert_double_le(ex.se[i], 1e-6);
	}
	explanation_clear(&ex);
	opts.smooth = GS_SMOOTH_SQ;
	fx_explain(&f, &opts, NULL, "20%", 1, &ex);
	for (i = 0; i < 3; i++)
		ck_assert_double_eq_tol(ex.phi[i], lin_w[i] * lin_w[i], 1e-5);
	explanation_clear(&ex);
	opts.smooth = GS_SMOOTH_VAR;
	fx_explain(&f, &opts, NULL, "20%", 1, &ex);
	for (i = 0; i < 3; i++)
		ck_assert_double_le(ex.phi[i], 1e-10);
	explanation_clear(&ex);
	fx_close(&f);
}
END_TEST

/*
 * The same seed gives the same draws whatever the batch size; the numbers
 * agree to float rounding (BLAS may sum in another order for another batch
 * size), and are bit-identical for the same batch size.
 */
START_TEST(test_gradshap_batch_invariance)
{
	struct gs_attr_opts	 opts;
	struct gs_explanation	 a, b;
	struct fx		 f;
	size_t			 i;

	fx_open(&f, NULL, "data/bc_mlp.onnx", NULL, "data/breast_cancer.csv",
	    "target");
	attr_opts_default(&opts);
	opts.seed = 5;
	opts.samples = 300;
	opts.batch = 300;
	fx_explain(&f, &opts, "data", "10%", 17, &a);
	opts.batch = 7;
	fx_explain(&f, &opts, "data", "10%", 17, &b);
	for (i = 0; i < a.d; i++) {
		ck_assert_double_eq_tol(a.phi[i], b.phi[i],
		    1e-5 * (fabs(a.phi[i]) + a.se[i]));
		ck_assert_double_eq_tol(a.se[i], b.se[i], 1e-4 * a.se[i] + 1e-12);
	}
	explanation_clear(&b);
	opts.batch = 300;
	fx_explain(&f, &opts, "data", "10%", 17, &b);
	for (i = 0; i < a.d; i++)
		ck_assert(a.phi[i] == b.phi[i] && a.se[i] == b.se[i]);
	explanation_clear(&b);
	opts.seed = 6;
	fx_explain(&f, &opts, "data", "10%", 17, &b);
	ck_assert(a.phi[0] != b.phi[0]);
	explanation_clear(&a);
	explanation_clear(&b);
	fx_close(&f);
}
END_TEST

/* Explain rows [0, n) of f with explainer_run_many into ex. */
static void
fx_explain_many(struct fx *f, const struct gs_attr_opts *opts,
    const char *spec, const char *noise, const struct gs_groups *g,
    size_t n, struct gs_explanation *ex)
{
	struct gs_baseline	 bl;
	struct gs_noise		 nz;
	struct gs_explainer	*e;
	struct gs_error		 err;
	double			*x = xcalloc(n * f->sel.n, sizeof *x);
	size_t			*rows = xcalloc(n, sizeof *rows), r;

	ck_assert_int_eq(baseline_make(&bl, spec, f->ds, &f->sel, 0,
	    opts->seed, &err), 0);
	ck_assert_int_eq(noise_make(&nz, noise, f->ds, &f->sel, &err), 0);
	e = explainer_new(f->m, 0, opts, &bl, &nz, &err);
	ck_assert_msg(e != NULL, "%s", err.msg);
	ck_assert_int_eq(explainer_set_groups(e, g, &err), 0);
	for (r = 0; r < n; r++) {
		rows[r] = r;
		ck_assert_int_eq(dataset_row(f->ds, &f->sel, r, 0,
		    x + r * f->sel.n, &err), 0);
	}
	if (n == 1)
		ck_assert_int_eq(explainer_run(e, x, 0, ex, &err), 0);
	else
		ck_assert_msg(explainer_run_many(e, x, rows, n, ex, &err) == 0,
		    "%s", err.msg);
	explainer_free(e);
	baseline_clear(&bl);
	noise_clear(&nz);
	free(x);
	free(rows);
}

/*
 * Bit-identical results for 1, 2 and 3 threads, for one row (batches
 * spread over threads) and for many rows (a row per thread), and the same
 * as explaining the rows one at a time.
 */
START_TEST(test_threads_bit_identical)
{
	struct gs_attr_opts	 opts;
	struct gs_explanation	 one[12], many[12];
	struct fx		 f;
	size_t			 t, r, i;
	int			 m;

	fx_open(&f, NULL, "data/bc_mlp.onnx", NULL, "data/breast_cancer.csv",
	    "target");
	for (m = 0; m < 4; m++) {
		attr_opts_default(&opts);
		opts.method = m == 0 || m == 3 ? GS_METHOD_GRADSHAP : m == 1 ?
		    GS_METHOD_IG : GS_METHOD_SMOOTHGRAD;
		if (m == 3)
			opts.plan = GS_PLAN_MC;
		opts.seed = 77;
		opts.samples = 250;
		opts.steps = 70;
		/* 32 batches (IG 9): rounds of GS_ROUND_BATCHES on each worker. */
		opts.batch = 8;
		opts.threads = 1;
		fx_explain_many(&f, &opts, m == 1 ? "mean" : "data",
		    m == 2 ? "10%" : NULL, NULL, 12, one);
		for (t = 1; t <= 3; t++) {
			opts.threads = t;
			fx_explain_many(&f, &opts, m == 1 ? "mean" : "data",
			    m == 2 ? "10%" : NULL, NULL, 12, many);
			for (r = 0; r < 12; r++) {
				for (i = 0; i < f.sel.n; i++) {
					ck_assert(one[r].phi[i] == many[r].phi[i]);
					if (one[r].se != NULL)
						ck_assert(one[r].se[i] ==
						    many[r].se[i]);
				}
				explanation_clear(&many[r]);
			}
			/* One row, its batches spread over t threads. */
			fx_explain_many(&f, &opts, m == 1 ? "mean" : "data",
			    m == 2 ? "10%" : NULL, NULL, 1, many);
			for (i = 0; i < f.sel.n; i++) {
				ck_assert(one[0].phi[i] == many[0].phi[i]);
				if (one[0].se != NULL)
					ck_assert(one[0].se[i] == many[0].se[i]);
			}
			explanation_clear(&many[0]);
		}
		for (r = 0; r < 12; r++)
			explanation_clear(&one[r]);
	}
	fx_close(&f);
}
END_TEST


/*
 * Explain rows [0, n) of f by Gradient SHAP against the data, with the
 * path cache (which the explainer must have) or, drop set, without it,
 * into ex; threads and plan as given.
 */
static void
fx_gradshap_cache(struct fx *f, enum gs_sampling plan, size_t threads,
    int drop, size_t n, struct gs_explanation *ex)
{
	struct gs_attr_opts	 opts;
	struct gs_baseline	 bl;
	struct gs_explainer	*e;
	struct gs_error		 err;
	double			*x = xcalloc(n * f->sel.n, sizeof *x);
	size_t			*rows = xcalloc(n, sizeof *rows), r;

	attr_opts_default(&opts);
	opts.method = GS_METHOD_GRADSHAP;
	opts.plan = plan;
	opts.samples = 200;
	opts.seed = 5;
	opts.threads = threads;
	ck_assert_int_eq(baseline_make(&bl, "data", f->ds, &f->sel, 0,
	    opts.seed, &err), 0);
	e = explainer_new(f->m, 0, &opts, &bl, NULL, &err);
	ck_assert_msg(e != NULL, "%s", err.msg);
	/* Wherever the model has an affine prefix, as the default may not. */
	explainer_pathcache(e, drop ? -1 : 1);
	ck_assert_msg(drop || (e->pc != NULL && pathcache_bytes(e->pc) > 0),
	    "no path cache");
	for (r = 0; r < n; r++) {
		rows[r] = r;
		ck_assert_int_eq(dataset_row(f->ds, &f->sel, r, 0,
		    x + r * f->sel.n, &err), 0);
	}
	if (n == 1)
		ck_assert_msg(explainer_run(e, x, 0, ex, &err) == 0, "%s",
		    err.msg);
	else
		ck_assert_msg(explainer_run_many(e, x, rows, n, ex, &err) == 0,
		    "%s", err.msg);
	explainer_free(e);
	baseline_clear(&bl);
	free(x);
	free(rows);
}

/* a and b agree to float rounding of the model's first layer. */
static void
check_close(const struct gs_explanation *a, const struct gs_explanation *b)
{
	double	scale = 0;
	size_t	i;

	for (i = 0; i < a->d; i++)
		scale = fmax(scale, fabs(a->phi[i]));
	ck_assert(scale > 0);
	for (i = 0; i < a->d; i++) {
		ck_assert_msg(fabs(a->phi[i] - b->phi[i]) <= 1e-4 * scale,
		    "feature %zu: %.9g with the cache, %.9g without", i,
		    a->phi[i], b->phi[i]);
		ck_assert(fabs(a->se[i] - b->se[i]) <= 1e-3 * b->se[i] +
		    1e-6 * scale);
	}
}

/*
 * The path cache: Gradient SHAP with the first layer taken from it equals
 * the run without it to float rounding, for a Gemm (demo MLP) and a Conv
 * (digits CNN) prefix, plain and reg plans.
 */
START_TEST(test_pathcache_same)
{
	struct gs_explanation	 a[4], b[4];
	struct fx		 f;
	size_t			 r;
	int			 k, pl;

	for (k = 0; k < 2; k++) {
		if (k == 0)
			fx_open(&f, NULL, "data/bc_mlp.onnx", NULL,
			    "data/breast_cancer.csv", "target");
		else
			fx_open(&f, NULL, "tests/data/models/cnn_digits.onnx",
			    NULL, "tests/data/csv/digits.csv", "label");
		for (pl = 0; pl < 2; pl++) {
			fx_gradshap_cache(&f, pl ? GS_PLAN_REG : GS_PLAN_MC, 1,
			    0, 4, a);
			fx_gradshap_cache(&f, pl ? GS_PLAN_REG : GS_PLAN_MC, 1,
			    1, 4, b);
			for (r = 0; r < 4; r++) {
				check_close(&a[r], &b[r]);
				explanation_clear(&a[r]);
				explanation_clear(&b[r]);
			}
		}
		fx_close(&f);
	}
}
END_TEST

/*
 * A 784-input model (bench/data/fashion_mlp.onnx, its prefix the scaling
 * and the first Gemm) on random images: one row of 200 samples is large
 * enough for its batch to be split over the threads (gs_job.spread); the
 * results are the same bits on 1 and 2 threads, plain and reg plans, and
 * the path cache agrees with the run without it.
 */
START_TEST(test_pathcache_spread)
{
	struct gs_explanation	 one, two, none;
	struct gs_rng		 rng;
	struct fx		 f;
	char			*csv, *p;
	size_t			 r, i, d = 784, size = 8 * 785 * 5;
	int			 pl;

	p = csv = xmalloc(size);
	for (i = 0; i < d; i++)
		p += sprintf(p, "p%04zu%c", i, i + 1 < d ? ',' : '\n');
	gs_rng_init2(&rng, 9, 0, 0);
	for (r = 0; r < 6; r++)
		for (i = 0; i < d; i++)
			p += sprintf(p, "%u%c", (unsigned)(gs_rng_uniform(&rng) *
			    256), i + 1 < d ? ',' : '\n');
	ck_assert_uint_lt((size_t)(p - csv), size);
	fx_open(&f, NULL, "bench/data/fashion_mlp.onnx", csv, NULL, NULL);
	for (pl = 0; pl < 2; pl++) {
		fx_gradshap_cache(&f, pl ? GS_PLAN_REG : GS_PLAN_MC, 1, 0, 1,
		    &one);
		fx_gradshap_cache(&f, pl ? GS_PLAN_REG : GS_PLAN_MC, 2, 0, 1,
		    &two);
		fx_gradshap_cache(&f, pl ? GS_PLAN_REG : GS_PLAN_MC, 1, 1, 1,
		    &none);
		for (i = 0; i < d; i++) {
			ck_assert(one.phi[i] == two.phi[i]);
			ck_assert(one.se[i] == two.se[i]);
		}
		ck_assert(one.gap == two.gap);
		check_close(&one, &none);
		explanation_clear(&one);
		explanation_clear(&two);
		explanation_clear(&none);
	}
	fx_close(&f);
	free(csv);
}
END_TEST

/*
 * A group's attribution is the sum of its members'; its standard error
 * comes from per-sample group sums: for features whose contributions are
 * perfectly anti-correlated (a - b on a linear model with a = b in every
 * baseline row), the group's SE is far below the members'.
 */
START_TEST(test_groups)
{
	static const char csv[] =
	    "a,b,c\n1,1,0\n2,2,1\n-1,-1,3\n4,4,-2\n0,0,0\n";
	static const size_t of[3] = { 0, 0, 1 };
	static const char *const names[2] = { "ab", "c" };
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct gs_groups	 g;
	struct gs_error		 err;
	struct fx		 f;

	fx_open(&f, NULL, "tests/data/models/linear_tiny.onnx", csv,
	    NULL, NULL);
	ck_assert_int_eq(groups_make(&g, 3, of, 2, names, "test", &err), 0);
	attr_opts_default(&opts);
	opts.samples = 500;
	fx_explain_many(&f, &opts, "data", NULL, &g, 1, &ex);
	ck_assert_ptr_nonnull(ex.gphi);
	ck_assert_double_eq_tol(ex.gphi[0], ex.phi[0] + ex.phi[1], 1e-9);
	ck_assert_double_eq_tol(ex.gphi[1], ex.phi[2], 1e-12);
	ck_assert_double_eq_tol(ex.gse[1], ex.se[2], 1e-12);
	/* Contributions 1.5 (1 - b) and -2 (1 - b) are correlated: SE(sum) = 0.5 SE(b)/2. */
	ck_assert_double_eq_tol(ex.gse[0], ex.se[1] / 4, 1e-9);
	explanation_clear(&ex);
	groups_clear(&g);
	/* An assignment that leaves a group empty is refused. */
	{
		static const size_t bad[3] = { 0, 0, 0 };
		ck_assert_int_eq(groups_make(&g, 3, bad, 2, names, NULL, &err),
		    -1);
		ck_assert_ptr_nonnull(strstr(err.msg, "'c' has no members"));
	}
	fx_close(&f);
}
END_TEST

START_TEST(test_groups_auto)
{
	static const char *const names[] = { "Duration", "Purpose.car",
	    "Purpose.education", "age_years", "Housing=own", "Housing=rent",
	    "x" };
	struct gs_groups	 g;

	groups_auto(&g, names, 7);
	ck_assert_uint_eq(g.n, 5);
	ck_assert_str_eq(g.names[0], "Duration");
	ck_assert_str_eq(g.names[1], "Purpose");
	ck_assert_str_eq(g.names[2], "age_years");
	ck_assert_str_eq(g.names[3], "Housing");
	ck_assert_str_eq(g.names[4], "x");
	ck_assert_uint_eq(g.of[2], 1);
	ck_assert_uint_eq(g.of[5], 3);
	ck_assert_uint_eq(g.start[2] - g.start[1], 2);
	groups_clear(&g);
}
END_TEST

/*
 * Over 200 seeds, a 200-sample estimate lies within 1.96 standard errors of
 * a 10^5-sample reference for 90 to 99% of (seed, feature) pairs.
 */
START_TEST(test_gradshap_coverage)
{
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ref, ex;
	struct fx		 f;
	size_t			 seed, i, inside = 0, total = 0;
	double			 rate;

	fx_open(&f, NULL, "data/bc_mlp.onnx", NULL, "data/breast_cancer.csv",
	    "target");
	attr_opts_default(&opts);
	opts.samples = 100000;
	opts.seed = 123456;
	fx_explain(&f, &opts, "data", NULL, 3, &ref);
	opts.samples = 200;
	for (seed = 1; seed <= 200; seed++) {
		opts.seed = seed;
		fx_explain(&f, &opts, "data", NULL, 3, &ex);
		for (i = 0; i < ex.d; i++) {
			if (ex.se[i] == 0 && ref.se[i] == 0)
				continue;
			total++;
			inside += fabs(ex.phi[i] - ref.phi[i]) <=
			    1.96 * ex.se[i];
		}
		explanation_clear(&ex);
	}
	rate = (double)inside / total;
	ck_assert_msg(rate >= 0.90 && rate <= 0.99, "coverage %.3f of %zu",
	    rate, total);
	explanation_clear(&ref);
	fx_close(&f);
}
END_TEST

/* Errors: a non-finite input, IG with several baselines, a class out of range. */
START_TEST(test_explainer_errors)
{
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct gs_baseline	 bl;
	struct gs_explainer	*e;
	struct gs_error		 err;
	struct fx		 f;
	double			 x[3] = { 1, NAN, 2 };

	fx_open(&f, NULL, "tests/data/models/linear_tiny.onnx", lin_csv,
	    NULL, NULL);
	attr_opts_default(&opts);
	ck_assert_int_eq(baseline_make(&bl, "data", f.ds, &f.sel, 0, 0, &err),
	    0);
	e = explainer_new(f.m, 0, &opts, &bl, NULL, &err);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(explainer_run(e, x, 0, &ex, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	explainer_free(e);
	opts.method = GS_METHOD_IG;
	ck_assert_ptr_null(explainer_new(f.m, 0, &opts, &bl, NULL, &err));
	ck_assert_ptr_nonnull(strstr(err.msg, "one baseline row"));
	opts.method = GS_METHOD_GRADSHAP;
	opts.output_class = 4;
	e = explainer_new(f.m, 0, &opts, &bl, NULL, &err);
	x[1] = 0;
	ck_assert_int_eq(explainer_run(e, x, 0, &ex, &err), -1);
	ck_assert_int_eq(err.code, GS_ERANGE);
	explainer_free(e);
	baseline_clear(&bl);
	ck_assert_int_eq(baseline_make(&bl, "sample:9", f.ds, &f.sel, 0, 0,
	    &err), -1);
	ck_assert_int_eq(baseline_make(&bl, "median", f.ds, &f.sel, 0, 0,
	    &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "unknown baseline"));
	fx_close(&f);
}
END_TEST

/* sample:K draws K distinct rows, the same ones for the same seed. */
START_TEST(test_baseline_sample)
{
	struct gs_baseline	 a, b;
	struct gs_error		 err;
	struct fx		 f;
	size_t			 i, j;

	fx_open(&f, NULL, "tests/data/models/linear_tiny.onnx", lin_csv,
	    NULL, NULL);
	ck_assert_int_eq(baseline_make(&a, "sample:4", f.ds, &f.sel, 0, 9,
	    &err), 0);
	ck_assert_int_eq(baseline_make(&b, "sample:4", f.ds, &f.sel, 0, 9,
	    &err), 0);
	ck_assert_uint_eq(a.n, 4);
	ck_assert_int_eq(memcmp(a.rows, b.rows, 12 * sizeof *a.rows), 0);
	for (i = 0; i < 4; i++)
		for (j = i + 1; j < 4; j++)
			ck_assert(memcmp(a.rows + 3 * i, a.rows + 3 * j,
			    3 * sizeof *a.rows) != 0);
	baseline_clear(&a);
	baseline_clear(&b);
	fx_close(&f);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("attr");
	TCase	*tc = tcase_create("attr");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_quadrature_rules);
	tcase_add_test(tc, test_gradshap_linear_exact);
	tcase_add_test(tc, test_gradshap_linear_data);
	tcase_add_test(tc, test_ig_linear_exact);
	tcase_add_test(tc, test_ig_smooth_completeness);
	tcase_add_test(tc, test_gradient_methods_linear);
	tcase_add_test(tc, test_gradshap_batch_invariance);
	tcase_add_test(tc, test_gradshap_coverage);
	tcase_add_test(tc, test_threads_bit_identical);
	tcase_add_test(tc, test_pathcache_same);
	tcase_add_test(tc, test_pathcache_spread);
	tcase_add_test(tc, test_groups);
	tcase_add_test(tc, test_groups_auto);
	tcase_add_test(tc, test_explainer_errors);
	tcase_add_test(tc, test_baseline_sample);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for src/attr/teach.c: the path's end points and areas (exact
 * on a linear model, complete on the demo MLP and on a custom model), the
 * trace replaying plan mc's draws to the explainer's phi and SE (with
 * Gaussian noise and with a noise function), and convergence runs ending
 * on a plain run at max.
 */
#include <check.h>
#include <math.h>
#include <string.h>

#include "attr/attr.h"
#include "attr/teach.h"
#include "core/rng.h"
#include "core/xmalloc.h"
#include "attr-fixture.h"

/* linear_tiny.onnx: y = 1.5 a - 2 b + 0.25 c + 0.5. */
static const double lin_w[3] = { 1.5, -2.0, 0.25 };
static const char lin_csv[] =
    "a,b,c\n"
    "1,2,3\n"
    "-1,0.5,4\n"
    "2,-3,1\n"
    "0.25,1,-2\n"
    "3,3,3\n";

/* An explainer with its baseline set and noise, for one test. */
struct tx {
	struct fx		 f;	/* model and data */
	struct gs_baseline	 bl;	/* baseline set */
	struct gs_noise		 nz;	/* noise */
	struct gs_explainer	*e;	/* the explainer */
	double			*x;	/* the row's values */
};

static void
tx_open(struct tx *t, const struct gs_attr_opts *opts, const char *spec,
    const char *noise, size_t row)
{
	struct gs_error	err;

	memset(&t->bl, 0, sizeof t->bl);
	if (spec != NULL)
		ck_assert_msg(baseline_make(&t->bl, spec, t->f.ds, &t->f.sel,
		    0, 11, &err) == 0, "%s", err.msg);
	ck_assert_msg(noise_make(&t->nz, noise, t->f.ds, &t->f.sel,
	    &err) == 0, "%s", err.msg);
	t->e = explainer_new(t->f.m, 0, opts, spec != NULL ? &t->bl : NULL,
	    &t->nz, &err);
	ck_assert_msg(t->e != NULL, "%s", err.msg);
	t->x = xcalloc(t->f.sel.n, sizeof *t->x);
	ck_assert_msg(dataset_row(t->f.ds, &t->f.sel, row, 0, t->x,
	    &err) == 0, "%s", err.msg);
}

static void
tx_close(struct tx *t)
{
	explainer_free(t->e);
	baseline_clear(&t->bl);
	noise_clear(&t->nz);
	free(t->x);
	fx_close(&t->f);
}

/* |a - b| within rel relative to b (and a tiny absolute floor). */
static void
near(double a, double b, double rel)
{
	ck_assert_msg(fabs(a - b) <= rel * fabs(b) + 1e-300,
	    "%.17g != %.17g (rel %g)", a, b, rel);
}

/* On y = w.x + c: f at the ends, gradient w everywhere, area w (x - b). */
START_TEST(test_path_linear)
{
	struct gs_attr_opts	 opts;
	struct gs_path		 p;
	struct gs_trace		 tr;
	struct gs_error		 err;
	struct tx		 t;
	const gs_real		*b;
	size_t			 q, i;

	fx_open(&t.f, NULL, "tests/data/models/linear_tiny.onnx", lin_csv,
	    NULL, NULL);
	attr_opts_default(&opts);
	opts.plan = GS_PLAN_MC;
	opts.samples = 9;
	opts.seed = 5;
	tx_open(&t, &opts, "data", NULL, 1);
	ck_assert_msg(teach_path(t.e, t.x, 1, 2, 11, &p, &err) == 0, "%s",
	    err.msg);
	b = t.bl.rows + 2 * 3;
	ck_assert_uint_eq(p.n, 11);
	ck_assert_uint_eq(p.d, 3);
	ck_assert_uint_eq(p.bidx, 2);
	ck_assert_double_eq(p.alpha[0], 0);
	ck_assert_double_eq(p.alpha[10], 1);
	ck_assert_double_eq_tol(p.alpha[5], 0.5, 1e-15);
	/* f(b) = 1.5*2 - 2*(-3) + 0.25*1 + 0.5 = 9.75; f(x) = -1. */
	ck_assert_double_eq_tol(p.fb, 9.75, 1e-6);
	ck_assert_double_eq_tol(p.fx, -1, 1e-6);
	ck_assert_double_eq_tol(p.f[0], p.fb, 1e-6);
	ck_assert_double_eq_tol(p.f[10], p.fx, 1e-6);
	for (q = 0; q < p.n; q++) {
		ck_assert_double_eq_tol(p.f[q], p.fb + p.alpha[q] *
		    (p.fx - p.fb), 1e-5);
		for (i = 0; i < 3; i++)
			ck_assert_double_eq_tol(p.grad[q * 3 + i], lin_w[i],
			    1e-6);
	}
	for (i = 0; i < 3; i++) {
		ck_assert_double_eq_tol(p.delta[i], t.x[i] - b[i], 1e-12);
		ck_assert_double_eq_tol(p.area[i], lin_w[i] * (t.x[i] - b[i]),
		    1e-5);
	}
	/* Gradient SHAP's marks are the alphas its plan mc samples draw. */
	ck_assert_uint_eq(p.nmarks, 9);
	ck_assert_msg(teach_trace(t.e, t.x, 1, 9, &tr, &err) == 0, "%s",
	    err.msg);
	for (q = 0; q < 9; q++) {
		ck_assert_double_eq(p.marks[q], tr.alpha[q]);
		ck_assert(tr.bidx[q] < t.bl.n);
	}
	teach_trace_clear(&tr);
	teach_path_clear(&p);
	tx_close(&t);

	/* IG: the marks are the quadrature nodes. */
	fx_open(&t.f, NULL, "tests/data/models/linear_tiny.onnx", lin_csv,
	    NULL, NULL);
	opts.method = GS_METHOD_IG;
	opts.steps = 7;
	opts.rule = GS_RULE_TRAPEZOID;
	tx_open(&t, &opts, "zeros", NULL, 0);
	ck_assert_msg(teach_path(t.e, t.x, 0, 0, 3, &p, &err) == 0, "%s",
	    err.msg);
	ck_assert_uint_eq(p.nmarks, 7);
	for (q = 0; q < 7; q++)
		ck_assert_double_eq_tol(p.marks[q], q / 6.0, 1e-15);
	for (i = 0; i < 3; i++)
		ck_assert_double_eq_tol(p.area[i], lin_w[i] * t.x[i], 1e-5);
	ck_assert_double_eq_tol(p.fb, 0.5, 1e-6);
	teach_path_clear(&p);
	tx_close(&t);

	/* exactig: exact areas, the same marks. */
	fx_open(&t.f, NULL, "tests/data/models/linear_tiny.onnx", lin_csv,
	    NULL, NULL);
	opts.method = GS_METHOD_EXACTIG;
	tx_open(&t, &opts, "mean", NULL, 3);
	ck_assert_msg(teach_path(t.e, t.x, 3, 0, 4, &p, &err) == 0, "%s",
	    err.msg);
	ck_assert_uint_eq(p.nmarks, 7);
	for (i = 0; i < 3; i++)
		ck_assert_double_eq_tol(p.area[i], lin_w[i] * p.delta[i], 1e-5);
	teach_path_clear(&p);
	tx_close(&t);
}
END_TEST

/* On the demo MLP (ReLU), the areas add up to f(x) - f(b). */
START_TEST(test_path_demo)
{
	struct gs_attr_opts	 opts;
	struct gs_path		 p;
	struct gs_error		 err;
	struct tx		 t;
	double			 sum, want;
	size_t			 i, bi, far;

	fx_open(&t.f, NULL, "data/bc_mlp.onnx", NULL, "data/breast_cancer.csv",
	    "target");
	attr_opts_default(&opts);
	opts.samples = 40;
	tx_open(&t, &opts, "sample:8", NULL, 0);
	/* Two baselines at least, one far (exact areas cost ~1 s each). */
	for (far = 0, bi = 0; bi < 8 && (bi < 2 || far == 0); bi++) {
		ck_assert_msg(teach_path(t.e, t.x, 0, bi, 33, &p, &err) == 0,
		    "%s", err.msg);
		for (sum = 0, i = 0; i < p.d; i++)
			sum += p.area[i];
		want = p.fx - p.fb;
		/* Row 0 is malignant: f(x) ~ 0; benign baselines are far. */
		if (fabs(want) > 0.5)
			far++;
		ck_assert_msg(fabs(sum - want) <= 1e-4 * fabs(want) + 1e-7,
		    "baseline %zu: sum %.9g, f(x) - f(b) %.9g", bi, sum, want);
		ck_assert_double_eq_tol(p.f[0], p.fb, 1e-6);
		ck_assert_double_eq_tol(p.f[32], p.fx, 1e-6);
		/* Sobol plan: every draw of the 40 samples is a mark. */
		ck_assert_uint_eq(p.nmarks, 40);
		for (i = 0; i < p.nmarks; i++)
			ck_assert(p.marks[i] > 0 && p.marks[i] < 1);
		teach_path_clear(&p);
	}
	ck_assert_uint_ge(far, 1);
	tx_close(&t);
}
END_TEST

/* A custom model f = a^2 b + 3 c: the midpoint rule, exact to ~1e-8. */
static int
cubic_forward(void *ctx, const gs_real *x, size_t n, gs_real *y,
    struct gs_error *err)
{
	size_t	r;

	(void)ctx;
	(void)err;
	for (r = 0; r < n; r++)
		y[r] = x[3 * r] * x[3 * r] * x[3 * r + 1] + 3 * x[3 * r + 2];
	return (0);
}

static int
cubic_gradient(void *ctx, const gs_real *x, size_t n, const size_t *target,
    gs_real *y, gs_real *grad, struct gs_error *err)
{
	size_t	r;

	(void)target;
	if (y != NULL)
		cubic_forward(ctx, x, n, y, err);
	for (r = 0; r < n; r++) {
		grad[3 * r] = 2 * x[3 * r] * x[3 * r + 1];
		grad[3 * r + 1] = x[3 * r] * x[3 * r];
		grad[3 * r + 2] = 3;
	}
	return (0);
}

static void
cubic_free(void *ctx)
{
	(void)ctx;
}

static const struct gs_model_ops cubic_ops = {
	cubic_forward, cubic_gradient, cubic_free
};

START_TEST(test_path_custom)
{
	struct gs_attr_opts	 opts;
	struct gs_path		 p;
	struct gs_error		 err;
	struct tx		 t;
	struct gs_model		*m;
	double			 a, bb, c;

	m = model_new_custom("cubic", 3, 1, NULL, &cubic_ops, NULL);
	fx_open(&t.f, m, NULL, lin_csv, NULL, NULL);
	attr_opts_default(&opts);
	opts.method = GS_METHOD_IG;
	tx_open(&t, &opts, "zeros", NULL, 2);
	ck_assert_msg(teach_path(t.e, t.x, 2, 0, 5, &p, &err) == 0, "%s",
	    err.msg);
	/* From 0 to (a, b, c): phi = (2/3 a^2 b, 1/3 a^2 b, 3 c). */
	a = t.x[0];
	bb = t.x[1];
	c = t.x[2];
	ck_assert_double_eq_tol(p.area[0], 2.0 / 3 * a * a * bb, 1e-5);
	ck_assert_double_eq_tol(p.area[1], 1.0 / 3 * a * a * bb, 1e-5);
	ck_assert_double_eq_tol(p.area[2], 3 * c, 1e-5);
	ck_assert_double_eq_tol(p.fx, a * a * bb + 3 * c, 1e-5);
	ck_assert_double_eq_tol(p.fb, 0, 1e-12);
	/* At alpha = 1/2: (a/2)^2 (b/2) + 3 c / 2. */
	ck_assert_double_eq_tol(p.f[2], a * a * bb / 8 + 1.5 * c, 1e-5);
	ck_assert_double_eq_tol(p.grad[2 * 3 + 1], a * a / 4, 1e-5);
	ck_assert_uint_eq(p.nmarks, 50);
	teach_path_clear(&p);
	tx_close(&t);
}
END_TEST

/* The trace's last mean and SE are the explainer's phi and SE (plan mc). */
static void
trace_check(struct tx *t, size_t row, size_t n)
{
	struct gs_explanation	 ex;
	struct gs_trace		 tr, pre;
	struct gs_error		 err;
	size_t			 d = t->f.sel.n, i, s;

	ck_assert_msg(explainer_run(t->e, t->x, row, &ex, &err) == 0, "%s",
	    err.msg);
	ck_assert_msg(teach_trace(t->e, t->x, row, n, &tr, &err) == 0, "%s",
	    err.msg);
	ck_assert_uint_eq(tr.n, n);
	ck_assert_uint_eq(tr.target, ex.target);
	ck_assert_double_eq(tr.fx, ex.fx);
	ck_assert_double_eq(tr.base, ex.base);
	for (i = 0; i < d; i++) {
		near(tr.mean[(n - 1) * d + i], ex.phi[i], 1e-9);
		near(tr.se[(n - 1) * d + i], ex.se[i], 1e-9);
		ck_assert(ex.se[i] > 0);
		ck_assert_double_eq(tr.se[i], 0);
		ck_assert_double_eq(tr.mean[i], tr.contrib[i]);
	}
	/*
	 * A shorter trace is a prefix of the longer one (up to float
	 * rounding: its last batch is shorter, and a model pass may round
	 * differently in another batch size).
	 */
	ck_assert_msg(teach_trace(t->e, t->x, row, n / 2, &pre, &err) == 0,
	    "%s", err.msg);
	for (s = 0; s < n / 2; s++) {
		ck_assert_uint_eq(pre.bidx[s], tr.bidx[s]);
		ck_assert_double_eq(pre.alpha[s], tr.alpha[s]);
		for (i = 0; i < d; i++)
			ck_assert_double_eq_tol(pre.contrib[s * d + i],
			    tr.contrib[s * d + i], 1e-5 *
			    (1 + fabs(tr.contrib[s * d + i])));
	}
	teach_trace_clear(&pre);
	teach_trace_clear(&tr);
	explanation_clear(&ex);
}

START_TEST(test_trace_mc)
{
	static const char *noises[] = { NULL, "10%" };
	struct gs_attr_opts	 opts;
	struct tx		 t;
	size_t			 k;

	for (k = 0; k < 2; k++) {
		fx_open(&t.f, NULL, "tests/data/models/mlp_smooth.onnx", NULL,
		    "tests/data/mlp_smooth.csv", NULL);
		attr_opts_default(&opts);
		opts.plan = GS_PLAN_MC;
		opts.samples = 37;
		opts.batch = 8;
		opts.threads = 2;
		opts.seed = 12345;
		tx_open(&t, &opts, "sample:5", noises[k], 3);
		trace_check(&t, 3, 37);
		tx_close(&t);
	}
}
END_TEST

/*
 * Issue 16.8: the trace replays the plan in use, and its final estimate
 * and SE are the explanation's under that plan: reg (one block, and three
 * of 700 draws), Sobol and stratified replicates, antithetic pairs (an odd
 * count rounds up), the control variate; with and without noise.
 */
START_TEST(test_trace_plans)
{
	static const struct { enum gs_sampling p; int a, cv; size_t n;
	    const char *noise; } runs[] = {
	    { GS_PLAN_REG, 0, 0, 300, NULL }, { GS_PLAN_REG, 0, 0, 2100, NULL },
	    { GS_PLAN_REG, 0, 0, 200, "10%" },
	    { GS_PLAN_SOBOL, 0, 0, 100, NULL }, { GS_PLAN_SOBOL, 1, 0, 99, "10%" },
	    { GS_PLAN_STRATIFIED, 0, 0, 70, NULL },
	    { GS_PLAN_MC, 1, 0, 41, NULL }, { GS_PLAN_MC, 0, 1, 50, NULL },
	    { GS_PLAN_SOBOL, 0, 1, 64, NULL } };
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct gs_trace		 tr;
	struct gs_error		 err;
	struct tx		 t;
	size_t			 ri, d, i, s, last;

	for (ri = 0; ri < sizeof runs / sizeof runs[0]; ri++) {
		fx_open(&t.f, NULL, "tests/data/models/mlp_smooth.onnx", NULL,
		    "tests/data/mlp_smooth.csv", NULL);
		attr_opts_default(&opts);
		opts.plan = runs[ri].p;
		opts.antithetic = runs[ri].a;
		opts.cv = runs[ri].cv;
		opts.samples = runs[ri].n;
		opts.batch = 16;
		opts.seed = 77;
		tx_open(&t, &opts, "data", runs[ri].noise, 3);
		d = t.f.sel.n;
		ck_assert_msg(explainer_run(t.e, t.x, 3, &ex, &err) == 0, "%s",
		    err.msg);
		ck_assert_msg(teach_trace(t.e, t.x, 3, runs[ri].n, &tr,
		    &err) == 0, "%s", err.msg);
		ck_assert_int_eq(tr.plan, opts.plan);
		ck_assert_int_eq(tr.antithetic, opts.antithetic);
		ck_assert_int_eq(tr.cv, opts.cv);
		ck_assert_uint_eq(tr.n, ex.samples_used);
		last = tr.n - 1;
		for (i = 0; i < d; i++) {
			near(tr.mean[last * d + i], ex.phi[i], 1e-12);
			near(tr.se[last * d + i], ex.se[i], 1e-12);
		}
		/* Units in order, each sample's contribution its own. */
		for (s = 1; s < tr.n; s++)
			ck_assert(tr.unit[s] == tr.unit[s - 1] ||
			    tr.unit[s] == tr.unit[s - 1] + 1);
		ck_assert_uint_eq(tr.unit[last] + 1, tr.units);
		for (s = 0; s < tr.n; s++)
			ck_assert(tr.bidx[s] < t.bl.n && tr.alpha[s] >= 0 &&
			    tr.alpha[s] <= 1);
		/* reg adjusts: its values are not the raw contributions. */
		if (opts.plan == GS_PLAN_REG && runs[ri].noise == NULL)
			ck_assert(memcmp(tr.value, tr.contrib, tr.n * d *
			    sizeof *tr.value) != 0);
		teach_trace_clear(&tr);
		explanation_clear(&ex);
		tx_close(&t);
	}
}
END_TEST

/*
 * Issue 16.3: each estimate against what it estimates. On the iris
 * softmax model (row 70, 100,000 samples) Gradient SHAP's 95% intervals
 * missed all 4 exact Shapley values; against exact expected gradients
 * they hold (at least 3 of 4 inside), while the bias (expected gradients
 * less Shapley values) is far beyond the SE for some feature: sampling
 * error and method bias apart. Permutation and Kernel SHAP are compared
 * with Shapley values (no bias); IG with its path integral; on a linear
 * model expected gradients are Shapley values; SmoothGrad has no
 * reference and says so.
 */
START_TEST(test_compare)
{
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct gs_compare	 c;
	struct gs_error		 err;
	struct tx		 t;
	size_t			 i, far = 0;
	double			 sum, errs;

	fx_open(&t.f, NULL, "tests/data/models/softmax_iris.onnx", NULL,
	    "tests/data/csv/iris.csv", "target");
	attr_opts_default(&opts);
	opts.samples = 100000;
	tx_open(&t, &opts, "data", NULL, 70);
	ck_assert_int_eq(explainer_run(t.e, t.x, 70, &ex, &err), 0);
	ck_assert_msg(teach_compare(t.e, t.x, 70, &ex, 0, &c, &err) == 0, "%s",
	    err.msg);
	ck_assert_int_eq(c.ref, GS_REF_EXPECTED_GRADIENTS);
	ck_assert_uint_eq(c.d, 4);
	ck_assert_uint_eq(c.counted, 4);
	ck_assert_uint_ge(c.inside, 3);
	ck_assert_ptr_nonnull(c.shapley);
	ck_assert_ptr_nonnull(c.bias);
	ck_assert_ptr_nonnull(c.ref_note);
	ck_assert(strstr(c.bias_note, "expected gradients") != NULL);
	for (i = 0; i < 4; i++) {
		ck_assert_double_eq(c.estimate[i], ex.phi[i]);
		ck_assert_double_le(c.ref_err[i], ex.se[i] / 10);
		near(c.bias[i], c.reference[i] - c.shapley[i], 1e-12);
		far += fabs(c.bias[i]) > 10 * ex.se[i];
	}
	ck_assert_uint_ge(far, 1);
	teach_compare_clear(&c);
	explanation_clear(&ex);
	tx_close(&t);

	/* Kernel SHAP and permutation: against Shapley values, no bias. */
	fx_open(&t.f, NULL, "tests/data/models/softmax_iris.onnx", NULL,
	    "tests/data/csv/iris.csv", "target");
	opts.method = GS_METHOD_KERNEL;
	opts.samples = 400;
	tx_open(&t, &opts, "sample:30", NULL, 70);
	ck_assert_int_eq(explainer_run(t.e, t.x, 70, &ex, &err), 0);
	ck_assert_msg(teach_compare(t.e, t.x, 70, &ex, 0, &c, &err) == 0, "%s",
	    err.msg);
	ck_assert_int_eq(c.ref, GS_REF_SHAPLEY);
	for (i = 0; i < 4; i++) {
		ck_assert_double_eq(c.bias[i], 0);
		ck_assert_double_eq(c.ref_err[i], 0);
		ck_assert(isfinite(c.z[i]));
	}
	teach_compare_clear(&c);
	explanation_clear(&ex);
	tx_close(&t);

	/* IG: its own path integral, no SE (no z), bias against Shapley. */
	fx_open(&t.f, NULL, "tests/data/models/softmax_iris.onnx", NULL,
	    "tests/data/csv/iris.csv", "target");
	opts.method = GS_METHOD_IG;
	opts.steps = 8;
	tx_open(&t, &opts, "mean", NULL, 70);
	ck_assert_int_eq(explainer_run(t.e, t.x, 70, &ex, &err), 0);
	ck_assert_msg(teach_compare(t.e, t.x, 70, &ex, 0, &c, &err) == 0, "%s",
	    err.msg);
	ck_assert_int_eq(c.ref, GS_REF_PATH);
	ck_assert_ptr_null(c.se);
	ck_assert_uint_eq(c.counted, 0);
	ck_assert_ptr_nonnull(c.bias);
	/* The path integral is complete up to its own error. */
	for (sum = errs = 0, i = 0; i < 4; i++) {
		ck_assert(isnan(c.z[i]));
		sum += c.reference[i];
		errs += c.ref_err[i];
	}
	ck_assert_double_le(fabs(sum - (ex.fx - ex.base)), errs + 1e-5 *
	    fabs(ex.fx - ex.base));
	ck_assert_double_le(errs, 1e-4 * fabs(ex.fx - ex.base));
	teach_compare_clear(&c);
	explanation_clear(&ex);
	tx_close(&t);

	/* Linear: expected gradients are Shapley values, w (x - mean b). */
	fx_open(&t.f, NULL, "tests/data/models/linear_tiny.onnx", lin_csv,
	    NULL, NULL);
	opts.method = GS_METHOD_GRADSHAP;
	opts.samples = 50;
	tx_open(&t, &opts, "data", NULL, 1);
	ck_assert_int_eq(explainer_run(t.e, t.x, 1, &ex, &err), 0);
	ck_assert_msg(teach_compare(t.e, t.x, 1, &ex, 0, &c, &err) == 0, "%s",
	    err.msg);
	for (i = 0; i < 3; i++) {
		ck_assert_double_eq_tol(c.bias[i], 0, 1e-5);
		ck_assert_double_eq_tol(c.reference[i], c.shapley[i], 1e-5);
	}
	teach_compare_clear(&c);
	explanation_clear(&ex);
	tx_close(&t);

	/* SmoothGrad: nothing exact to compare with. */
	fx_open(&t.f, NULL, "tests/data/models/softmax_iris.onnx", NULL,
	    "tests/data/csv/iris.csv", "target");
	opts.method = GS_METHOD_SMOOTHGRAD;
	opts.samples = 20;
	tx_open(&t, &opts, NULL, "10%", 70);
	ck_assert_int_eq(explainer_run(t.e, t.x, 70, &ex, &err), 0);
	ck_assert_int_eq(teach_compare(t.e, t.x, 70, &ex, 0, &c, &err), 0);
	ck_assert_int_eq(c.ref, GS_REF_NONE);
	ck_assert_ptr_null(c.reference);
	ck_assert_ptr_nonnull(c.ref_note);
	teach_compare_clear(&c);
	explanation_clear(&ex);
	tx_close(&t);
}
END_TEST

/* A noise function drawing from gs_rng_init2(seed, row, first). */
static int
test_noise_fill(void *arg, size_t row, const double *x, size_t n, size_t d,
    uint64_t seed, uint64_t first, double *out, struct gs_error *err)
{
	struct gs_rng	r;
	size_t		i;

	(void)arg;
	(void)x;
	(void)err;
	gs_rng_init2(&r, seed, row, first);
	for (i = 0; i < n * d; i++)
		out[i] = 0.3 * gs_rng_normal(&r);
	return (0);
}

START_TEST(test_trace_noise_fn)
{
	struct gs_attr_opts	 opts;
	struct gs_error		 err;
	struct tx		 t;
	size_t			 i;

	fx_open(&t.f, NULL, "tests/data/models/mlp_smooth.onnx", NULL,
	    "tests/data/mlp_smooth.csv", NULL);
	attr_opts_default(&opts);
	opts.plan = GS_PLAN_MC;
	opts.samples = 23;
	opts.batch = 5;
	opts.seed = 99;
	memset(&t.bl, 0, sizeof t.bl);
	ck_assert_msg(baseline_make(&t.bl, "data", t.f.ds, &t.f.sel, 0, 3,
	    &err) == 0, "%s", err.msg);
	/* Unequal weights: baselines drawn by weight. */
	t.bl.weights = xcalloc(6, sizeof *t.bl.weights);
	for (i = 0; i < 6; i++)
		t.bl.weights[i] = (double)(i + 1) / 21;
	memset(&t.nz, 0, sizeof t.nz);
	t.nz.d = t.f.sel.n;
	t.nz.fill = test_noise_fill;
	t.e = explainer_new(t.f.m, 0, &opts, &t.bl, &t.nz, &err);
	ck_assert_msg(t.e != NULL, "%s", err.msg);
	t.x = xcalloc(t.f.sel.n, sizeof *t.x);
	ck_assert_msg(dataset_row(t.f.ds, &t.f.sel, 4, 0, t.x, &err) == 0,
	    "%s", err.msg);
	trace_check(&t, 4, 23);
	tx_close(&t);
}
END_TEST

/* Run e at count n afresh and compare with point k of c. */
static void
conv_check_last(struct tx *t, const struct gs_attr_opts *opts, size_t row,
    const struct gs_convergence *c)
{
	struct gs_explainer	*e;
	struct gs_explanation	 ex;
	struct gs_error		 err;
	size_t			 d = t->f.sel.n, i, k = c->n - 1;

	e = explainer_new(t->f.m, 0, opts, &t->bl, NULL, &err);
	ck_assert_msg(e != NULL, "%s", err.msg);
	ck_assert_msg(explainer_run(e, t->x, row, &ex, &err) == 0, "%s",
	    err.msg);
	for (i = 0; i < d; i++) {
		near(c->phi[k * d + i], ex.phi[i], 1e-12);
		if (c->se != NULL)
			near(c->se[k * d + i], ex.se[i], 1e-12);
	}
	if (isnan(ex.gap))
		ck_assert(isnan(c->gap[k]));
	else
		near(c->gap[k], ex.gap, 1e-9);
	explanation_clear(&ex);
	explainer_free(e);
}

static int
cancel_now(void *arg)
{
	(void)arg;
	return (1);
}

START_TEST(test_convergence)
{
	static const size_t want_gs[] = { 1, 2, 4, 8, 16, 20 };
	static const size_t want_ig[] = { 2, 4, 8, 10 };
	static const size_t want_ks[] = { 12, 16, 32, 40 };
	struct gs_attr_opts	 opts, o2;
	struct gs_convergence	 c;
	struct gs_explanation	 before, after;
	struct gs_error		 err;
	struct tx		 t;
	size_t			 i;

	/* Gradient SHAP, default (Sobol) plan. */
	fx_open(&t.f, NULL, "tests/data/models/mlp_smooth.onnx", NULL,
	    "tests/data/mlp_smooth.csv", NULL);
	attr_opts_default(&opts);
	opts.samples = 64;
	opts.seed = 4;
	tx_open(&t, &opts, "sample:5", NULL, 2);
	ck_assert_int_eq(explainer_run(t.e, t.x, 2, &before, &err), 0);
	ck_assert_msg(teach_convergence(t.e, t.x, 2, 20, &c, &err) == 0, "%s",
	    err.msg);
	ck_assert_uint_eq(c.n, 6);
	ck_assert_int_eq(c.method, GS_METHOD_GRADSHAP);
	for (i = 0; i < c.n; i++)
		ck_assert_uint_eq(c.samples[i], want_gs[i]);
	ck_assert_ptr_nonnull(c.se);
	o2 = opts;
	o2.samples = 20;
	conv_check_last(&t, &o2, 2, &c);
	teach_convergence_clear(&c);
	/* e is as it was. */
	ck_assert_int_eq(explainer_run(t.e, t.x, 2, &after, &err), 0);
	for (i = 0; i < 6; i++)
		ck_assert_double_eq(before.phi[i], after.phi[i]);
	explanation_clear(&before);
	explanation_clear(&after);
	tx_close(&t);

	/* IG, trapezoid (2 steps at least): deterministic, no SE. */
	fx_open(&t.f, NULL, "tests/data/models/mlp_smooth.onnx", NULL,
	    "tests/data/mlp_smooth.csv", NULL);
	opts.method = GS_METHOD_IG;
	opts.rule = GS_RULE_TRAPEZOID;
	opts.steps = 50;
	tx_open(&t, &opts, "mean", NULL, 1);
	ck_assert_msg(teach_convergence(t.e, t.x, 1, 10, &c, &err) == 0, "%s",
	    err.msg);
	ck_assert_uint_eq(c.n, 4);
	for (i = 0; i < c.n; i++)
		ck_assert_uint_eq(c.samples[i], want_ig[i]);
	ck_assert_ptr_null(c.se);
	ck_assert(isfinite(c.gap[0]));
	o2 = opts;
	o2.steps = 10;
	conv_check_last(&t, &o2, 1, &c);
	teach_convergence_clear(&c);
	/* Cancelled. */
	explainer_free(t.e);
	o2 = opts;
	o2.cancel = cancel_now;
	t.e = explainer_new(t.f.m, 0, &o2, &t.bl, NULL, &err);
	ck_assert_int_eq(teach_convergence(t.e, t.x, 1, 10, &c, &err), -1);
	ck_assert_int_eq(err.code, GS_EINTR);
	ck_assert_ptr_null(c.samples);
	tx_close(&t);

	/* Kernel SHAP: 6 players need 12 samples at least. */
	fx_open(&t.f, NULL, "tests/data/models/mlp_smooth.onnx", NULL,
	    "tests/data/mlp_smooth.csv", NULL);
	opts.method = GS_METHOD_KERNEL;
	opts.samples = 100;
	tx_open(&t, &opts, "sample:5", NULL, 0);
	ck_assert_msg(teach_convergence(t.e, t.x, 0, 40, &c, &err) == 0, "%s",
	    err.msg);
	ck_assert_uint_ge(c.n, 1);
	ck_assert_uint_eq(c.samples[c.n - 1], 40);
	for (i = 0; i < c.n; i++)
		ck_assert(c.samples[i] == want_ks[i] || c.samples[i] ==
		    want_ks[i + 4 - c.n]);
	o2 = opts;
	o2.samples = 40;
	conv_check_last(&t, &o2, 0, &c);
	teach_convergence_clear(&c);
	ck_assert_int_eq(teach_convergence(t.e, t.x, 0, 5, &c, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	tx_close(&t);
}
END_TEST

START_TEST(test_errors)
{
	struct gs_attr_opts	 opts;
	struct gs_path		 p;
	struct gs_trace		 tr;
	struct gs_convergence	 c;
	struct gs_error		 err;
	struct tx		 t;
	double			 bad[3];

	fx_open(&t.f, NULL, "tests/data/models/linear_tiny.onnx", lin_csv,
	    NULL, NULL);
	attr_opts_default(&opts);
	tx_open(&t, &opts, "data", NULL, 0);
	ck_assert_int_eq(teach_path(t.e, t.x, 0, 0, 1, &p, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert_int_eq(teach_path(t.e, t.x, 0, 5, 10, &p, &err), -1);
	ck_assert_int_eq(err.code, GS_ERANGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "0 to 4"));
	memcpy(bad, t.x, sizeof bad);
	bad[1] = NAN;
	ck_assert_int_eq(teach_path(t.e, bad, 0, 0, 10, &p, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert_ptr_null(p.f);
	ck_assert_int_eq(teach_trace(t.e, t.x, 0, 0, &tr, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert_int_eq(teach_trace(t.e, bad, 0, 4, &tr, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert_ptr_null(tr.mean);
	ck_assert_int_eq(teach_convergence(t.e, t.x, 0, 0, &c, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	tx_close(&t);

	/* Saliency: no baseline, no trace, no count. */
	fx_open(&t.f, NULL, "tests/data/models/linear_tiny.onnx", lin_csv,
	    NULL, NULL);
	opts.method = GS_METHOD_SALIENCY;
	tx_open(&t, &opts, NULL, NULL, 0);
	ck_assert_int_eq(teach_path(t.e, t.x, 0, 0, 10, &p, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "saliency"));
	ck_assert_int_eq(teach_trace(t.e, t.x, 0, 4, &tr, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert_int_eq(teach_convergence(t.e, t.x, 0, 8, &c, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	tx_close(&t);

	/* Exact Shapley values have no sample count either. */
	fx_open(&t.f, NULL, "tests/data/models/linear_tiny.onnx", lin_csv,
	    NULL, NULL);
	opts.method = GS_METHOD_EXACT;
	tx_open(&t, &opts, "zeros", NULL, 0);
	ck_assert_int_eq(teach_convergence(t.e, t.x, 0, 8, &c, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert_int_eq(teach_trace(t.e, t.x, 0, 4, &tr, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	/* A path still exists (zeros to x), with no marks. */
	ck_assert_int_eq(teach_path(t.e, t.x, 0, 0, 4, &p, &err), 0);
	ck_assert_uint_eq(p.nmarks, 0);
	teach_path_clear(&p);
	tx_close(&t);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("teach");
	TCase	*tc = tcase_create("teach");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_path_linear);
	tcase_add_test(tc, test_path_demo);
	tcase_add_test(tc, test_path_custom);
	tcase_add_test(tc, test_trace_mc);
	tcase_add_test(tc, test_trace_noise_fn);
	tcase_add_test(tc, test_trace_plans);
	tcase_add_test(tc, test_compare);
	tcase_add_test(tc, test_convergence);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

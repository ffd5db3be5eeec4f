/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of exact integrated gradients with bounded work (issue 21):
 * the kinks of Relu, LeakyRelu, Clip and MaxPool found where closed forms
 * put them, on small networks built in memory; exact IG equal to the
 * closed-form integral; the tolerance tied to float precision, the piece
 * budget obeyed and reported, and the digits CNN's rows within the budget
 * and equal to a 10^6-step midpoint sum.
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "core/xmalloc.h"
#include "model/onnx.pb-c.h"
#include "attr-fixture.h"
#include "onnx-build.h"

/*
 * Relu network y = sum_k relu(a_k x0 + e_k x1 + c_k): on the path from 0
 * to (1, 1) unit k's input is (a_k + e_k) alpha + c_k, so it switches at
 * -c_k / (a_k + e_k); all values are dyadic, exact in float.
 */
static const float relu_a[4] = { 0.5f, 1.5f, -3, 0.25f };
static const float relu_e[4] = { 0.5f, 0.5f, -1, 0.25f };
static const float relu_c[4] = { -0.3046875f, -0.828125f, 2.78125f,
    -0.44921875f };

static struct gs_model *
relu_model(void)
{
	static const int64_t xdims[2] = { -1, 2 }, wdims[2] = { 2, 4 };
	static const int64_t cdims[1] = { 4 }, vdims[2] = { 4, 1 };
	static const float ones[4] = { 1, 1, 1, 1 };
	struct gs_model	*m;
	struct mb	 b;
	float		 w[8];

	memcpy(w, relu_a, sizeof relu_a);
	memcpy(w + 4, relu_e, sizeof relu_e);
	mb_init(&b, 13);
	mb_input(&b, "x", 2, xdims);
	mb_output(&b, "y");
	mb_init_float(&b, "W", 2, wdims, w, 0);
	mb_init_float(&b, "c", 1, cdims, relu_c, 0);
	mb_init_float(&b, "V", 2, vdims, ones, 0);
	mb_node(&b, "Gemm", "g1", "x,W,c", "h");
	mb_node(&b, "Relu", "r", "h", "r");
	mb_node(&b, "Gemm", "g2", "r,V", "y");
	m = mb_load(&b);
	mb_free(&b);
	return (m);
}

/*
 * One input through four lines L_k = a_k x + c_k, LeakyRelu (slope 1/8),
 * a MaxPool over the four, then Clip to [0.4, 1.2]:
 * L1 = 1 - x, L2 = 0.372, L3 = 3x - 1.54, L4 = -1. Kinks on [0, 1]:
 * LeakyRelu where L3 = 0 (0.51333), Clip where L1 = 0.4 (0.6), MaxPool
 * where L2 overtakes L1 (0.628) and L3 overtakes L2 (0.63733: L3 crosses
 * L1 first, at 0.635, below L2, which is no kink), Clip where L3 = 0.4
 * (0.64667) and L3 = 1.2 (0.91333).
 */
static const float pool_a[4] = { -1, 0, 3, 0 };
static const float pool_c[4] = { 1, 0.372f, -1.54f, -1 };

static struct gs_model *
pool_model(void)
{
	static const int64_t xdims[2] = { -1, 1 }, wdims[2] = { 1, 4 };
	static const int64_t cdims[1] = { 4 }, shp[4] = { -1, 1, 1, 4 };
	static const float lo = 0.4f, hi = 1.2f;
	Onnx__AttributeProto	*at;
	Onnx__NodeProto		*n;
	struct gs_model		*m;
	struct mb		 b;

	mb_init(&b, 13);
	mb_input(&b, "x", 2, xdims);
	mb_output(&b, "y");
	mb_init_float(&b, "W", 2, wdims, pool_a, 0);
	mb_init_float(&b, "c", 1, cdims, pool_c, 0);
	mb_init_float(&b, "lo", 0, NULL, &lo, 0);
	mb_init_float(&b, "hi", 0, NULL, &hi, 0);
	b.inits[b.graph.n_initializer++] = mb_tensor_int64(&b, "s", 4, shp);
	mb_node(&b, "Gemm", "g", "x,W,c", "h");
	n = mb_node(&b, "LeakyRelu", "lr", "h", "l");
	mb_attr_float(&b, n, "alpha", 0.125f);
	mb_node(&b, "Reshape", "rs", "l,s", "r");
	n = mb_node(&b, "MaxPool", "mp", "r", "p");
	at = mb_attr(&b, n, "kernel_shape", 7);
	at->n_ints = 2;
	at->ints = mb_alloc(&b, 2 * sizeof *at->ints);
	at->ints[0] = 1;
	at->ints[1] = 4;
	mb_node(&b, "Flatten", "f", "p", "q");
	mb_node(&b, "Clip", "cl", "q,lo,hi", "y");
	m = mb_load(&b);
	mb_free(&b);
	return (m);
}

/* Whether the sorted cuts hold a cut within tol of at. */
static int
has_cut(const struct gs_kinkpath *kp, double at, double tol)
{
	size_t	i;

	for (i = 0; i < kp->ncuts; i++)
		if (fabs(kp->cuts[i] - at) <= tol)
			return (1);
	return (0);
}

/* Relu: every kink where the closed form puts it, phi the closed form. */
START_TEST(test_kinks_relu)
{
	static const double x[2] = { 1, 1 }, b[2] = { 0, 0 };
	struct gs_kinkpath	 kp;
	struct gs_exactig	 q;
	struct gs_model		*m = relu_model();
	struct gs_plan		*p;
	struct gs_error		 err;
	double			 phi[2], want[2] = { 0, 0 }, s, t, on;
	size_t			 k, i;

	p = plan_new(m, 0, 16, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_msg(kinkpath_cuts(p, 16, 2, x, b, 1000, NULL, &kp,
	    &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(kp.regions, 5);
	ck_assert_int_eq(kp.complete, 1);
	for (i = 1; i < kp.ncuts; i++)
		ck_assert(kp.cuts[i - 1] < kp.cuts[i]);
	for (k = 0; k < 4; k++) {
		s = (double)relu_a[k] + relu_e[k];
		t = -(double)relu_c[k] / s;
		ck_assert_msg(has_cut(&kp, t, 1e-12), "no cut at %.17g", t);
		/* Unit k is on for alpha > t (s > 0) or alpha < t. */
		on = s > 0 ? 1 - t : t;
		want[0] += relu_a[k] * on;
		want[1] += relu_e[k] * on;
	}
	for (i = 0; i < kp.ncuts; i++)
		ck_assert(kp.delta[i] < 1e-8);
	free(kp.cuts);
	free(kp.delta);

	memset(&q, 0, sizeof q);
	ck_assert_msg(exactig_path(p, 16, 2, x, b, 0, &q, phi, NULL,
	    &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(q.regions, 5);
	for (i = 0; i < 2; i++)
		ck_assert_msg(fabs(phi[i] - want[i]) <= 1e-6, "phi[%zu] %.9g, "
		    "closed form %.9g", i, phi[i], want[i]);
	ck_assert_int_eq(q.met, 1);
	ck_assert(q.bound >= 0 && q.bound <= q.tol_used);
	ck_assert(q.pieces >= 65 && q.pieces <= EXACTIG_PIECES);
	plan_free(p);
	model_free(m);
}
END_TEST

/*
 * LeakyRelu, MaxPool (a crossing below the window's max is no kink) and
 * Clip at both bounds: the six kinks, seven regions, and phi = f(1) - f(0)
 * (one input: completeness is the whole integral).
 */
START_TEST(test_kinks_pool_clip)
{
	static const double kinks[6] = { 1.54 / 3, 0.6, 0.628, 1.912 / 3,
	    1.94 / 3, 2.74 / 3 };
	static const double x[1] = { 1 }, b[1] = { 0 };
	struct gs_kinkpath	 kp;
	struct gs_exactig	 q;
	struct gs_model		*m = pool_model();
	struct gs_plan		*p;
	struct gs_error		 err;
	gs_real			 z[2] = { 0, 1 }, y[2];
	double			 phi[1];
	size_t			 k, len;

	p = plan_new(m, 0, 16, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_kink_len(p, &len, &err), 0);
	ck_assert_uint_eq(len, 4 + 4 + 1);	/* LeakyRelu, MaxPool, Clip */
	ck_assert_msg(kinkpath_cuts(p, 16, 1, x, b, 1000, NULL, &kp,
	    &err) == 0, "%s", err.msg);
	for (k = 0; k < 6; k++)
		ck_assert_msg(has_cut(&kp, kinks[k], 1e-6), "no cut at %.9g",
		    kinks[k]);
	ck_assert_uint_eq(kp.regions, 7);
	free(kp.cuts);
	free(kp.delta);

	ck_assert_int_eq(plan_forward(p, z, 2, y, &err), 0);
	ck_assert_double_eq_tol(y[0], 1, 1e-6);
	ck_assert_double_eq_tol(y[1], 1.2, 1e-6);
	memset(&q, 0, sizeof q);
	ck_assert_msg(exactig_path(p, 16, 1, x, b, 0, &q, phi, NULL,
	    &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(q.regions, 7);
	ck_assert_msg(fabs(phi[0] - ((double)y[1] - y[0])) <= 1e-6,
	    "phi %.9g, f(1) - f(0) %.9g", phi[0], (double)y[1] - y[0]);
	ck_assert_int_eq(q.met, 1);
	/* A budget below the grid: a coarser grid, the kinks unfound. */
	memset(&q, 0, sizeof q);
	q.budget = 8;
	ck_assert_int_eq(exactig_path(p, 16, 1, x, b, 0, &q, phi, NULL,
	    &err), 0);
	ck_assert_uint_eq(q.pieces, 8);
	ck_assert_uint_eq(q.regions, 1);
	ck_assert_int_eq(q.met, 0);
	plan_free(p);
	model_free(m);
}
END_TEST

/* A custom model has no kinks to find: refused by name. */
static int
custom_forward(void *ctx, const gs_real *x, size_t n, gs_real *y,
    struct gs_error *err)
{
	size_t	i;

	(void)ctx;
	(void)err;
	for (i = 0; i < n; i++)
		y[i] = x[i];
	return (0);
}

START_TEST(test_custom_refused)
{
	static const struct gs_model_ops ops = { custom_forward, NULL, NULL };
	static const double x[1] = { 1 }, b[1] = { 0 };
	struct gs_model		*m = model_new_custom("lua", 1, 1, NULL, &ops,
	    NULL);
	struct gs_kinkpath	 kp;
	struct gs_plan		*p;
	struct gs_error		 err;

	p = plan_new(m, 0, 4, &err);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(kinkpath_cuts(p, 4, 1, x, b, 100, NULL, &kp, &err),
	    -1);
	ck_assert_int_eq(err.code, GS_EUNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "custom model"));
	plan_free(p);
	model_free(m);
}
END_TEST

/* Explain row r of f with opts against the column means. */
static void
cnn_explain(struct fx *f, const struct gs_attr_opts *opts, size_t r,
    struct gs_explanation *ex)
{
	struct gs_baseline	 bl;
	struct gs_explainer	*e;
	struct gs_error		 err;
	double			*x = xcalloc(f->sel.n, sizeof *x);

	memset(&bl, 0, sizeof bl);
	ck_assert_msg(baseline_make(&bl, "mean", f->ds, &f->sel, 0, 0,
	    &err) == 0, "%s", err.msg);
	e = explainer_new(f->m, 0, opts, &bl, NULL, &err);
	ck_assert_msg(e != NULL, "%s", err.msg);
	ck_assert_int_eq(dataset_row(f->ds, &f->sel, r, 0, x, &err), 0);
	ck_assert_msg(explainer_run(e, x, r, ex, &err) == 0, "%s", err.msg);
	explainer_free(e);
	baseline_clear(&bl);
	free(x);
}

/*
 * The digits CNN (row 0 took 105 s when kinks were searched blind):
 * within the default budget, the tolerance 64 float epsilons of |f(x)| +
 * |f(b)| met, the bound below it, phi equal to a 10^6-step midpoint sum;
 * and a budget of 100 pieces obeyed and reported as not met.
 */
START_TEST(test_cnn_bounded)
{
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex, rs;
	struct fx		 f;
	double			 scale = 0, tol;
	size_t			 i;

	fx_open(&f, NULL, "tests/data/models/cnn_digits.onnx", NULL,
	    "tests/data/csv/digits.csv", "label");
	attr_opts_default(&opts);
	opts.method = GS_METHOD_EXACTIG;
	opts.threads = 1;
	cnn_explain(&f, &opts, 0, &ex);
	tol = 64 * FLT_EPSILON * (fabs(ex.fx) + fabs(ex.base));
	ck_assert_double_eq_tol(ex.tol, tol, 1e-6 * tol);
	ck_assert_int_eq(ex.tol_met, 1);
	ck_assert(ex.bound > 0 && ex.bound <= ex.tol);
	ck_assert_uint_ge(ex.regions, 50);
	ck_assert(ex.samples_used >= ex.regions &&
	    ex.samples_used <= EXACTIG_PIECES);
	opts.method = GS_METHOD_IG;
	opts.rule = GS_RULE_MIDDLE;
	opts.steps = 1000000;
	opts.threads = 0;
	cnn_explain(&f, &opts, 0, &rs);
	for (i = 0; i < ex.d; i++)
		scale = fmax(scale, fabs(rs.phi[i]));
	for (i = 0; i < ex.d; i++)
		ck_assert_msg(fabs(ex.phi[i] - rs.phi[i]) <= 2e-6 * scale,
		    "feature %zu: exact %.12g, Riemann %.12g", i, ex.phi[i],
		    rs.phi[i]);
	explanation_clear(&rs);
	explanation_clear(&ex);

	attr_opts_default(&opts);
	opts.method = GS_METHOD_EXACTIG;
	opts.max_samples = 100;
	cnn_explain(&f, &opts, 0, &ex);
	ck_assert_uint_le(ex.samples_used, 100);
	ck_assert_int_eq(ex.tol_met, 0);
	ck_assert(ex.bound > ex.tol);
	explanation_clear(&ex);
	fx_close(&f);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("exactig");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_kinks_relu);
	tcase_add_test(tc, test_kinks_pool_clip);
	tcase_add_test(tc, test_custom_refused);
	tcase_add_test(tc, test_cnn_bounded);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

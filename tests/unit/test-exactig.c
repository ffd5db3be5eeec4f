/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of exact integrated gradients with bounded work (issue 21):
 * the kinks of Relu, LeakyRelu, Clip and MaxPool found where closed forms
 * put them, on small networks built in memory; exact IG equal to the
 * closed-form integral (Abs, PRelu, HardSigmoid, HardSwish, Selu, Max and
 * Min too) or to a 10^6-step midpoint sum (MaxPool over 1 and 3
 * dimensions, GlobalMaxPool, ReduceMax, ReduceL1, torch exports of the
 * sweep); models whose output takes steps refused by node; the tolerance
 * tied to float precision, the piece budget obeyed and reported, and the
 * digits CNN's rows within the budget and equal to a 10^6-step midpoint
 * sum.
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "core/xmalloc.h"
#include "model/onnx.pb-c.h"
#include "attr-fixture.h"
#include "onnx-build.h"

/* Start a network in b: input "x" of rank dims xdims, output "y". */
static void
net_begin(struct mb *b, int64_t opset, int rank, const int64_t *xdims)
{
	mb_init(b, opset);
	mb_input(b, "x", rank, xdims);
	mb_output(b, "y");
}

/* The network built in b, loaded (NULL if refused); b is freed. */
static struct gs_model *
net_end(struct mb *b)
{
	struct gs_model	*m = mb_load(b);

	mb_free(b);
	return (m);
}

/*
 * Relu network y = sum_k relu(a_k x0 + e_k x1 + c_k): on the path from 0
 * to (1, 1) unit k's input is (a_k + e_k) alpha + c_k, so it switches at
 * -c_k / (a_k + e_k); all values are dyadic, exact in float.
 */
static const float relu_a[4] = { 0.5f, 1.5f, -3, 0.25f };
static const float relu_e[4] = { 0.5f, 0.5f, -1, 0.25f };
static const float relu_c[4] = { -0.3046875f, -0.828125f, 2.78125f,
    -0.44921875f };

/*
 * Start a network in b on those four units, scaled by f: input "x" [N, 2],
 * their weights wname [2, 4] and biases cname [4], and "V" [4, 1] of ones
 * to sum them.
 */
static void
units_begin(struct mb *b, int64_t opset, float f, const char *wname,
    const char *cname)
{
	static const int64_t xdims[2] = { -1, 2 }, wdims[2] = { 2, 4 };
	static const int64_t cdims[1] = { 4 }, vdims[2] = { 4, 1 };
	static const float ones[4] = { 1, 1, 1, 1 };
	float		 w[8], c[4];
	size_t		 k;

	for (k = 0; k < 4; k++) {
		w[k] = f * relu_a[k];
		w[4 + k] = f * relu_e[k];
		c[k] = f * relu_c[k];
	}
	net_begin(b, opset, 2, xdims);
	mb_init_float(b, wname, 2, wdims, w, 0);
	mb_init_float(b, cname, 1, cdims, c, 0);
	mb_init_float(b, "V", 2, vdims, ones, 0);
}

static struct gs_model *
relu_model(void)
{
	struct mb	 b;

	units_begin(&b, 13, 1, "W", "c");
	mb_node(&b, "Gemm", "g1", "x,W,c", "h");
	mb_node(&b, "Relu", "r", "h", "r");
	mb_node(&b, "Gemm", "g2", "r,V", "y");
	return (net_end(&b));
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
	struct mb		 b;

	net_begin(&b, 13, 2, xdims);
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
	return (net_end(&b));
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

/* An ints attribute of count values. */
static void
mb_ints(struct mb *b, Onnx__NodeProto *n, const char *name, size_t count,
    const int64_t *v)
{
	Onnx__AttributeProto	*at = mb_attr(b, n, name, 7);

	at->n_ints = count;
	at->ints = mb_alloc(b, count * sizeof *at->ints);
	memcpy(at->ints, v, count * sizeof *at->ints);
}

/* Fixed weights: multiples of 1/32 in [-1, 1), from seed. */
static void
weights(float *w, size_t n, uint32_t seed)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		seed = seed * 1664525u + 1013904223u;
		w[i] = (float)((int)(seed >> 26) - 32) / 32;
	}
}

/* An initializer name of ndim dims filled by weights() from seed. */
static void
net_weights(struct mb *b, const char *name, int ndim, const int64_t *dims,
    uint32_t seed)
{
	float	*w;
	size_t	 n = 1;
	int	 i;

	for (i = 0; i < ndim; i++)
		n *= (size_t)dims[i];
	w = xcalloc(n, sizeof *w);
	weights(w, n, seed);
	mb_init_float(b, name, ndim, dims, w, 0);
	free(w);
}

/*
 * Integrated gradients of output 0 from b to x by the midpoint rule on
 * steps points, summed in double.
 */
static void
midpoint(struct gs_plan *p, size_t d, const double *x, const double *b,
    size_t steps, double *phi)
{
	enum { BATCH = 256 };
	struct gs_error	 err;
	gs_real		*z = xcalloc(BATCH * d, sizeof *z);
	gs_real		*g = xcalloc(BATCH * d, sizeof *g);
	size_t		 tg[BATCH], s, q, cnt, i;
	double		 a;

	memset(tg, 0, sizeof tg);
	memset(phi, 0, d * sizeof *phi);
	for (s = 0; s < steps; s += cnt) {
		cnt = steps - s < BATCH ? steps - s : BATCH;
		for (q = 0; q < cnt; q++) {
			a = ((double)(s + q) + 0.5) / (double)steps;
			for (i = 0; i < d; i++)
				z[q * d + i] = (gs_real)(b[i] + a * (x[i] -
				    b[i]));
		}
		ck_assert_msg(plan_gradient(p, z, cnt, tg, NULL, g, &err) == 0,
		    "%s", err.msg);
		for (q = 0; q < cnt; q++)
			for (i = 0; i < d; i++)
				phi[i] += g[q * d + i];
	}
	for (i = 0; i < d; i++)
		phi[i] *= (x[i] - b[i]) / (double)steps;
	free(z);
	free(g);
}

/*
 * Exact IG of model m (taken over) from b to x: the tolerance met, sum
 * phi = f(x) - f(b) to it, and phi within rel (of the largest |phi|) or
 * the tolerance of want, or of a 10^6-point midpoint sum when want is
 * NULL. Returns the number of linear regions.
 */
static double	exact_gap;	/* exact_check's last |sum phi - (f(x) - f(b))| */

static size_t
exact_check(struct gs_model *m, size_t d, const double *x, const double *b,
    const double *want, double rel)
{
	struct gs_exactig	 q;
	struct gs_plan		*p;
	struct gs_error		 err;
	gs_real			*z = xcalloc(2 * d, sizeof *z), *y;
	double			*phi = xcalloc(d, sizeof *phi);
	double			*ref = xcalloc(d, sizeof *ref);
	double			 sum = 0, scale = 0, fxb;
	size_t			 i, regions;

	ck_assert_ptr_nonnull(m);
	p = plan_new(m, 0, 256, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	memset(&q, 0, sizeof q);
	ck_assert_msg(exactig_path(p, 16, d, x, b, 0, &q, phi, NULL,
	    &err) == 0, "%s", err.msg);
	ck_assert_msg(q.met == 1 && q.bound <= q.tol_used, "bound %g, "
	    "tolerance %g", q.bound, q.tol_used);
	for (i = 0; i < d; i++) {
		z[i] = (gs_real)x[i];
		z[d + i] = (gs_real)b[i];
		sum += phi[i];
	}
	y = xcalloc(2 * plan_output_len(p), sizeof *y);
	ck_assert_int_eq(plan_forward(p, z, 2, y, &err), 0);
	fxb = (double)y[0] - y[plan_output_len(p)];
	exact_gap = fabs(sum - fxb);
	ck_assert_msg(fabs(sum - fxb) <= 2 * q.tol_used, "%s: sum %.9g, "
	    "f(x) - f(b) %.9g", model_name(m), sum, fxb);
	free(y);
	if (want != NULL)
		memcpy(ref, want, d * sizeof *ref);
	else
		midpoint(p, d, x, b, 1000000, ref);
	for (i = 0; i < d; i++)
		scale = fmax(scale, fabs(ref[i]));
	for (i = 0; i < d; i++)
		ck_assert_msg(fabs(phi[i] - ref[i]) <= fmax(rel * scale,
		    q.tol_used), "%s: "
		    "feature %zu: exact %.12g, reference %.12g", model_name(m),
		    i, phi[i], ref[i]);
	regions = q.regions;
	plan_free(p);
	model_free(m);
	free(z);
	free(phi);
	free(ref);
	return (regions);
}

/*
 * One hidden layer y = sum_k g(u_k), u_k = f (a_k x0 + e_k x1 + c_k),
 * with the units of relu_model scaled by f so that each crosses the
 * activation's breakpoints on the path from 0 to (1, 1): there u_k
 * moves at f s_k (s_k = a_k + e_k), so phi_0 = sum_k a_k (g(u_k(1)) -
 * g(u_k(0))) / s_k, and phi_1 the same with e_k: a closed form.
 */
struct unit_act {
	const char	*op;		/* the activation */
	int		 opset;		/* that defines it */
	float		 f;		/* the units' scale */
	double		 cut[2];	/* its breakpoints */
	int		 ncut;		/* how many */
	double		(*g)(double u, size_t k);	/* it, in double */
};

static const float unit_slope[4] = { 0.25f, -0.5f, 0.125f, 2 };

static double
g_abs(double u, size_t k)
{
	(void)k;
	return (fabs(u));
}

static double
g_prelu(double u, size_t k)
{
	return (u > 0 ? u : unit_slope[k] * u);
}

static double
g_hardsigmoid(double u, size_t k)
{
	(void)k;
	return (fmax(0, fmin(1, 0.5 * u + 0.5)));
}

static double
g_hardswish(double u, size_t k)
{
	(void)k;
	return (u * fmax(0, fmin(1, u / 6 + 0.5)));
}

static double
g_selu(double u, size_t k)
{
	(void)k;
	return (1.05070102214813232421875 * (u > 0 ? u :
	    1.67326319217681884765625 * expm1(u)));
}

static const struct unit_act unit_acts[] = {
	{ "Abs", 13, 1, { 0 }, 1, g_abs },
	{ "PRelu", 13, 1, { 0 }, 1, g_prelu },
	{ "HardSigmoid", 13, 4, { -1, 1 }, 2, g_hardsigmoid },
	{ "HardSwish", 14, 12, { -3, 3 }, 2, g_hardswish },
	{ "Selu", 13, 1, { 0 }, 1, g_selu },
};

static struct gs_model *
unit_model(const struct unit_act *u)
{
	static const int64_t cdims[1] = { 4 };
	Onnx__NodeProto	*n;
	struct mb	 b;

	units_begin(&b, u->opset, u->f, "W", "c");
	mb_init_float(&b, "sl", 1, cdims, unit_slope, 0);
	mb_node(&b, "Gemm", "g1", "x,W,c", "h");
	n = mb_node(&b, u->op, "act", strcmp(u->op, "PRelu") == 0 ? "h,sl" :
	    "h", "r");
	if (strcmp(u->op, "HardSigmoid") == 0) {
		mb_attr_float(&b, n, "alpha", 0.5f);
		mb_attr_float(&b, n, "beta", 0.5f);
	}
	mb_node(&b, "Gemm", "g2", "r,V", "y");
	return (net_end(&b));
}

/*
 * Abs, PRelu, HardSigmoid, HardSwish (kinks at their breakpoints, the
 * quadratic middle of HardSwish integrated by the quadrature) and Selu:
 * exact IG equal to the closed form, one region more than the units'
 * crossings of the breakpoints.
 */
START_TEST(test_kinks_units)
{
	static const double x[2] = { 1, 1 }, b[2] = { 0, 0 };
	const struct unit_act	*u;
	double			 want[2], s, u0, u1, t;
	size_t			 i, k, q, cross;

	for (i = 0; i < sizeof unit_acts / sizeof unit_acts[0]; i++) {
		u = &unit_acts[i];
		want[0] = want[1] = 0;
		cross = 0;
		for (k = 0; k < 4; k++) {
			s = (double)relu_a[k] + relu_e[k];
			u0 = (double)u->f * relu_c[k];
			u1 = u0 + u->f * s;
			want[0] += relu_a[k] * (u->g(u1, k) - u->g(u0, k)) / s;
			want[1] += relu_e[k] * (u->g(u1, k) - u->g(u0, k)) / s;
			for (q = 0; q < (size_t)u->ncut; q++) {
				t = (u->cut[q] - u0) / (u1 - u0);
				cross += t > 0 && t < 1;
			}
		}
		ck_assert_uint_ge(cross, 4);
		ck_assert_msg(exact_check(unit_model(u), 2, x, b, want,
		    2e-6) == cross + 1, "%s: not %zu regions", u->op,
		    cross + 1);
	}
}
END_TEST

/*
 * Max and Min of two branches h1 = W1 x + c1, h2 = W2 x + c2 (and Min
 * with a constant third input): Max(u, v) = v + relu(u - v), so on the
 * path from 0 to (1, 1) phi_i = sum_k w2_ik + (w1_ik - w2_ik) f_k with f_k
 * the fraction of the path on which u_k > v_k, and Min(u, v) = u + v -
 * Max(u, v).
 */
static const float br_w2[8] = { 0.25f, -0.5f, 1, 0.75f, -0.25f, 0.5f, 0,
    0.25f };
static const float br_c2[4] = { 0.125f, -0.25f, 0.5f, 0 };

static struct gs_model *
branch_model(const char *op, int third)
{
	static const int64_t wdims[2] = { 2, 4 }, cdims[1] = { 4 };
	static const float k3 = 0.3f;
	struct mb	 b;

	units_begin(&b, 13, 1, "W1", "c1");
	mb_init_float(&b, "W2", 2, wdims, br_w2, 0);
	mb_init_float(&b, "c2", 1, cdims, br_c2, 0);
	mb_init_float(&b, "k3", 0, NULL, &k3, 0);
	mb_node(&b, "Gemm", "g1", "x,W1,c1", "h1");
	mb_node(&b, "Gemm", "g2", "x,W2,c2", "h2");
	mb_node(&b, op, "sel", third ? "h1,h2,k3" : "h1,h2", "r");
	mb_node(&b, "Gemm", "g3", "r,V", "y");
	return (net_end(&b));
}

START_TEST(test_kinks_max_min)
{
	static const double x[2] = { 1, 1 }, b[2] = { 0, 0 };
	static const double x2[2] = { 0.75, -1.25 }, b2[2] = { -0.5, 0.625 };
	double		 mx[2] = { 0, 0 }, mn[2] = { 0, 0 }, d0, d1, f, w1, w2;
	size_t		 i, k, cross = 0;

	for (k = 0; k < 4; k++) {
		d0 = (double)relu_c[k] - br_c2[k];
		d1 = d0 + relu_a[k] + relu_e[k] - br_w2[k] - br_w2[4 + k];
		f = (fmax(d1, 0) - fmax(d0, 0)) / (d1 - d0);
		cross += (d0 > 0) != (d1 > 0);
		for (i = 0; i < 2; i++) {
			w1 = i == 0 ? relu_a[k] : relu_e[k];
			w2 = br_w2[4 * i + k];
			mx[i] += w2 + (w1 - w2) * f;
			mn[i] += w1 - (w1 - w2) * f;
		}
	}
	ck_assert_uint_eq(cross, 3);
	ck_assert_uint_eq(exact_check(branch_model("Max", 0), 2, x, b, mx,
	    2e-6), 4);
	ck_assert_uint_eq(exact_check(branch_model("Min", 0), 2, x, b, mn,
	    2e-6), 4);
	/* A constant third input: a threshold in the race. */
	ck_assert_uint_ge(exact_check(branch_model("Min", 1), 2, x2, b2,
	    NULL, 2e-6), 3);
	ck_assert_uint_ge(exact_check(branch_model("Max", 1), 2, x2, b2,
	    NULL, 2e-6), 3);
}
END_TEST

/* A path between two fixed points of d inputs in [-1, 1). */
static void
path_ends(size_t d, double *x, double *b, uint32_t seed)
{
	float	*w = xcalloc(2 * d, sizeof *w);
	size_t	 i;

	weights(w, 2 * d, seed);
	for (i = 0; i < d; i++) {
		x[i] = w[i];
		b[i] = w[d + i];
	}
	free(w);
}

/*
 * Conv1d, Relu, MaxPool1d (kernel 3, stride 2, pad 1), Flatten, Gemm:
 * x [N, 1, 8] to y [N, 1].
 */
static struct gs_model *
conv1d_model(void)
{
	static const int64_t xdims[3] = { -1, 1, 8 }, wdims[3] = { 2, 1, 3 };
	static const int64_t cdims[1] = { 2 }, vdims[2] = { 8, 1 };
	static const int64_t k3[1] = { 3 }, s2[1] = { 2 }, p1[2] = { 1, 1 };
	Onnx__NodeProto	*n;
	struct mb	 b;

	net_begin(&b, 13, 3, xdims);
	net_weights(&b, "W", 3, wdims, 11);
	net_weights(&b, "c", 1, cdims, 12);
	net_weights(&b, "V", 2, vdims, 13);
	n = mb_node(&b, "Conv", "conv", "x,W,c", "h");
	mb_ints(&b, n, "pads", 2, p1);
	mb_node(&b, "Relu", "relu", "h", "r");
	n = mb_node(&b, "MaxPool", "pool", "r", "p");
	mb_ints(&b, n, "kernel_shape", 1, k3);
	mb_ints(&b, n, "strides", 1, s2);
	mb_ints(&b, n, "pads", 2, p1);
	mb_node(&b, "Flatten", "flat", "p", "f");
	mb_node(&b, "Gemm", "fc", "f,V", "y");
	return (net_end(&b));
}

/*
 * A 3-D MaxPool straight on the input (kernel 2 x 2 x 2, strides 1, 2,
 * 2, pads and a dilation of 2 along the width, ceil_mode), Flatten,
 * Gemm: x [N, 1, 3, 4, 4] to y [N, 1].
 */
static struct gs_model *
pool3d_model(void)
{
	static const int64_t xdims[5] = { -1, 1, 3, 4, 4 };
	static const int64_t k2[3] = { 2, 2, 2 }, st[3] = { 1, 2, 2 };
	static const int64_t pads[6] = { 0, 1, 0, 1, 0, 1 };
	static const int64_t dil[3] = { 1, 1, 2 };
	/* Output 3 x 3 x 2 (ceil_mode): 18 windows. */
	static const int64_t vdims[2] = { 18, 1 };
	Onnx__NodeProto	*n;
	struct mb	 b;

	net_begin(&b, 13, 5, xdims);
	net_weights(&b, "V", 2, vdims, 21);
	n = mb_node(&b, "MaxPool", "pool", "x", "p");
	mb_ints(&b, n, "kernel_shape", 3, k2);
	mb_ints(&b, n, "strides", 3, st);
	mb_ints(&b, n, "pads", 6, pads);
	mb_ints(&b, n, "dilations", 3, dil);
	mb_attr_int(&b, n, "ceil_mode", 1);
	mb_node(&b, "Flatten", "flat", "p", "f");
	mb_node(&b, "Gemm", "fc", "f,V", "y");
	return (net_end(&b));
}

/*
 * A 1 x 1 Conv (2 to 3 channels), GlobalMaxPool, Flatten, Gemm: x [N, 2,
 * 3, 3] to y [N, 1].
 */
static struct gs_model *
gmax_model(void)
{
	static const int64_t xdims[4] = { -1, 2, 3, 3 };
	static const int64_t wdims[4] = { 3, 2, 1, 1 }, vdims[2] = { 3, 1 };
	struct mb	 b;

	net_begin(&b, 13, 4, xdims);
	net_weights(&b, "W", 4, wdims, 31);
	net_weights(&b, "V", 2, vdims, 32);
	mb_node(&b, "Conv", "conv", "x,W", "h");
	mb_node(&b, "GlobalMaxPool", "gmax", "h", "p");
	mb_node(&b, "Flatten", "flat", "p", "f");
	mb_node(&b, "Gemm", "fc", "f,V", "y");
	return (net_end(&b));
}

/*
 * Gemm to 8 units seen as [N, 2, 4], ReduceMax and ReduceL1 over the last
 * axis, added: x [N, 3] to y [N, 1].
 */
static struct gs_model *
reduce_model(void)
{
	static const int64_t xdims[2] = { -1, 3 }, wdims[2] = { 3, 8 };
	static const int64_t cdims[1] = { 8 }, vdims[2] = { 2, 1 };
	static const int64_t shp[3] = { -1, 2, 4 }, ax[1] = { 2 };
	Onnx__NodeProto	*n;
	struct mb	 b;

	net_begin(&b, 13, 2, xdims);
	net_weights(&b, "W", 2, wdims, 41);
	net_weights(&b, "c", 1, cdims, 42);
	net_weights(&b, "V", 2, vdims, 43);
	b.inits[b.graph.n_initializer++] = mb_tensor_int64(&b, "s", 3, shp);
	mb_node(&b, "Gemm", "g", "x,W,c", "h");
	mb_node(&b, "Reshape", "rs", "h,s", "r");
	n = mb_node(&b, "ReduceMax", "rmax", "r", "a");
	mb_ints(&b, n, "axes", 1, ax);
	mb_attr_int(&b, n, "keepdims", 0);
	n = mb_node(&b, "ReduceL1", "rl1", "r", "l");
	mb_ints(&b, n, "axes", 1, ax);
	mb_attr_int(&b, n, "keepdims", 0);
	mb_node(&b, "Add", "add", "a,l", "s2");
	mb_node(&b, "Gemm", "fc", "s2,V", "y");
	return (net_end(&b));
}

/*
 * Conv1d with MaxPool1d, a 3-D MaxPool with pads, dilation and
 * ceil_mode, GlobalMaxPool, ReduceMax with ReduceL1: exact IG between two
 * points equal to a 10^6-point midpoint sum, each with several regions.
 */
START_TEST(test_kinks_pools)
{
	double	x[48], b[48];

	path_ends(8, x, b, 1);
	ck_assert_uint_ge(exact_check(conv1d_model(), 8, x, b, NULL, 2e-6),
	    5);
	path_ends(48, x, b, 2);
	ck_assert_uint_ge(exact_check(pool3d_model(), 48, x, b, NULL, 2e-6),
	    5);
	path_ends(18, x, b, 3);
	ck_assert_uint_ge(exact_check(gmax_model(), 18, x, b, NULL, 2e-6),
	    2);
	path_ends(3, x, b, 4);
	ck_assert_uint_ge(exact_check(reduce_model(), 3, x, b, NULL, 2e-6),
	    4);
}
END_TEST

/*
 * Abs, PRelu, Max, MaxPool1d and GlobalMaxPool in one network, each
 * switching on the path, their kinks interleaved: two Conv1d branches h
 * and g of x [N, 1, 8], m = Max(Abs(h), PRelu(g)), then MaxPool1d
 * (kernel 3, stride 2, pad 1) and GlobalMaxPool of m, concatenated,
 * Gemm: y [N, 1].
 */
static struct gs_model *
combo_model(void)
{
	static const int64_t xdims[3] = { -1, 1, 8 }, wdims[3] = { 2, 1, 3 };
	static const int64_t cdims[1] = { 2 }, sdims[2] = { 2, 1 };
	static const int64_t vdims[2] = { 10, 1 };
	static const int64_t k3[1] = { 3 }, s2[1] = { 2 }, p1[2] = { 1, 1 };
	static const float slope[2] = { 0.25f, -0.5f };
	Onnx__NodeProto	*n;
	struct mb	 b;

	net_begin(&b, 13, 3, xdims);
	net_weights(&b, "W1", 3, wdims, 51);
	net_weights(&b, "W2", 3, wdims, 52);
	net_weights(&b, "c1", 1, cdims, 53);
	net_weights(&b, "c2", 1, cdims, 54);
	mb_init_float(&b, "sl", 2, sdims, slope, 0);
	net_weights(&b, "V", 2, vdims, 55);
	n = mb_node(&b, "Conv", "conv1", "x,W1,c1", "h");
	mb_ints(&b, n, "pads", 2, p1);
	n = mb_node(&b, "Conv", "conv2", "x,W2,c2", "g");
	mb_ints(&b, n, "pads", 2, p1);
	mb_node(&b, "Abs", "abs", "h", "a");
	mb_node(&b, "PRelu", "prelu", "g,sl", "pr");
	mb_node(&b, "Max", "max", "a,pr", "mx");
	n = mb_node(&b, "MaxPool", "pool", "mx", "mp");
	mb_ints(&b, n, "kernel_shape", 1, k3);
	mb_ints(&b, n, "strides", 1, s2);
	mb_ints(&b, n, "pads", 2, p1);
	mb_node(&b, "GlobalMaxPool", "gmax", "mx", "gm");
	mb_node(&b, "Flatten", "f1", "mp", "q1");
	mb_node(&b, "Flatten", "f2", "gm", "q2");
	n = mb_node(&b, "Concat", "cat", "q1,q2", "q");
	mb_attr_int(&b, n, "axis", 1);
	mb_node(&b, "Gemm", "fc", "q,V", "y");
	return (net_end(&b));
}

/*
 * The five together, on three paths: exact IG equal to a 10^6-point
 * midpoint (Riemann) sum to 2e-6 of the largest attribution, and
 * complete: sum phi = f(x) - f(b) to 1e-6.
 */
START_TEST(test_kinks_combo)
{
	double		 x[8], b[8];
	size_t		 regions;
	uint32_t	 seed;

	for (seed = 61; seed < 64; seed++) {
		path_ends(8, x, b, seed);
		regions = exact_check(combo_model(), 8, x, b, NULL, 2e-6);
		ck_assert_uint_ge(regions, 8);
		ck_assert_msg(exact_gap <= 1e-6, "completeness gap %g",
		    exact_gap);
		printf("combo path %u: %zu regions, completeness gap %.3g\n",
		    (unsigned)seed, regions, exact_gap);
	}
}
END_TEST

/* Read the first two input rows of a sweep fixture's .io file. */
static size_t
sweep_rows(const char *stem, double *rows, size_t cap)
{
	char	 path[256], line[4096], *p;
	FILE	*f;
	size_t	 d = 1, n, k = 0;

	snprintf(path, sizeof path, "tests/data/sweep/%s.io", stem);
	f = fopen(fixture_path(path), "r");
	ck_assert_msg(f != NULL, "%s", path);
	while (fgets(line, sizeof line, f) != NULL &&
	    strncmp(line, "input ", 6) != 0)
		;
	p = line + 6;
	n = strtoul(p, &p, 10);
	ck_assert_uint_ge(n, 2);
	while (*p == ' ')
		d *= strtoul(p, &p, 10);
	ck_assert_uint_le(2 * d, cap);
	while (k < 2 * d && fscanf(f, "%lf", &rows[k]) == 1)
		k++;
	ck_assert_uint_eq(k, 2 * d);
	fclose(f);
	return (d);
}

/*
 * A sweep fixture's model (torch export), its first two input rows in rows
 * and their width in *d.
 */
static struct gs_model *
sweep_model(const char *stem, double *rows, size_t cap, size_t *d)
{
	struct gs_model	*m;
	struct gs_error	 err;
	char		 path[256];

	*d = sweep_rows(stem, rows, cap);
	snprintf(path, sizeof path, "tests/data/sweep/%s.onnx", stem);
	m = model_load(fixture_path(path), &err);
	ck_assert_msg(m != NULL, "%s", err.msg);
	return (m);
}

/*
 * Models of the sweep (torch exports) with kinked ops, from their second
 * input row to their first: integrated within the stated bound, equal to
 * a 10^6-point midpoint sum; those whose output takes steps (a
 * comparison, QuantizeLinear, a Cast to float16) refused naming the node
 * and its op.
 */
START_TEST(test_sweep_exact)
{
	static const char *const good[] = { "conv1d_o13", "conv3d_o17",
	    "maxpool_o13", "adaptive_max_o17", "prelu_o13", "abs_clamp_o17",
	    "relu6_o17", "selu_o17", "reduce_max_o13", "view_flatten_o17" };
	static const char *const bad[][2] = {
		{ "where_o13", "node 2 '/Greater' (Greater): exact integrated "
		    "gradients cannot integrate through it" },
		{ "fakequant_o13", "(QuantizeLinear): exact integrated" },
		{ "half_mlp_o13", "node 0 'cast_in' (Cast): exact integrated" },
	};
	struct gs_kinkpath	 kp;
	struct gs_model		*m;
	struct gs_plan		*p;
	struct gs_error		 err;
	double			 rows[2 * 128];
	size_t			 i, d;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		m = sweep_model(good[i], rows, 2 * 128, &d);
		ck_assert_uint_ge(exact_check(m, d, rows, rows + d, NULL,
		    2e-6), 2);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		m = sweep_model(bad[i][0], rows, 2 * 128, &d);
		p = plan_new(m, 0, 16, &err);
		ck_assert_msg(p != NULL, "%s", err.msg);
		ck_assert_int_eq(kinkpath_cuts(p, 16, d, rows, rows + d, 100,
		    NULL, &kp, &err), -1);
		ck_assert_int_eq(err.code, GS_EUNSUPPORTED);
		ck_assert_msg(strstr(err.msg, bad[i][1]) != NULL, "%s",
		    err.msg);
		plan_free(p);
		model_free(m);
	}
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
	tcase_add_test(tc, test_kinks_units);
	tcase_add_test(tc, test_kinks_max_min);
	tcase_add_test(tc, test_kinks_pools);
	tcase_add_test(tc, test_kinks_combo);
	tcase_add_test(tc, test_sweep_exact);
	tcase_add_test(tc, test_custom_refused);
	tcase_add_test(tc, test_cnn_bounded);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the fast paths of the model layer in float (the precision
 * gshap runs in): MaxPool's vector 2 x 2 kernel and the winners it keeps
 * from the forward pass for the backward pass, against a plain reference,
 * with ties, NaN, odd sizes and padding; and a plan whose other ops share
 * a scratch between MaxPool's forward and backward passes.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "core/xmalloc.h"
#include "model/graph.h"
#include "onnx-build.h"

/* A MaxPool node, its input [n, c, h, w] and room for its results. */
struct kp_case {
	struct gs_node	 node;		/* the node, attributes parsed */
	struct gs_tensor in;		/* input */
	struct gs_tensor out;		/* output */
	struct gs_tensor dout;		/* output gradient */
	struct gs_tensor din;		/* input gradient */
	gs_real		*scratch;	/* the op's workspace */
};

static struct gs_attr
kp_attr(const char *name, size_t len, const int64_t *v)
{
	struct gs_attr	 a;

	memset(&a, 0, sizeof a);
	a.name = xstrdup(name);
	a.type = GS_ATTR_INTS;
	a.ints = xcalloc(len, sizeof *a.ints);
	memcpy(a.ints, v, len * sizeof *v);
	a.len = len;
	return (a);
}

/*
 * Build MaxPool with kernel k, strides s and pads (NULL: none) on x; run
 * forward, then backward with dout g[i] = i + 1 (into din starting at 0.5).
 */
static void
kp_run(struct kp_case *c, const int64_t *k, const int64_t *s,
    const int64_t *pads, int64_t n, int64_t ch, int64_t h, int64_t w,
    const gs_real *x)
{
	struct gs_error	 err;
	size_t		 len, i;

	memset(c, 0, sizeof *c);
	c->node.op = op_find("MaxPool");
	ck_assert_ptr_nonnull(c->node.op);
	c->node.opset = 12;
	c->node.n_in = 1;
	c->node.n_out = 1;
	c->node.in = xcalloc(1, sizeof *c->node.in);
	c->node.out = xcalloc(1, sizeof *c->node.out);
	c->node.out[0] = 1;
	c->node.attrs = xcalloc(3, sizeof *c->node.attrs);
	c->node.attrs[c->node.n_attrs++] = kp_attr("kernel_shape", 2, k);
	c->node.attrs[c->node.n_attrs++] = kp_attr("strides", 2, s);
	if (pads != NULL)
		c->node.attrs[c->node.n_attrs++] = kp_attr("pads", 4, pads);
	c->node.name = xstrdup("pool");
	c->in.shape.ndim = 4;
	c->in.shape.d[0] = n;
	c->in.shape.d[1] = ch;
	c->in.shape.d[2] = h;
	c->in.shape.d[3] = w;
	ck_assert_int_eq(node_init(&c->node, &c->in, &err), 0);
	len = shape_len(&c->in.shape);
	c->in.data = xcalloc(len, sizeof *c->in.data);
	memcpy(c->in.data, x, len * sizeof *x);
	c->din.shape = c->in.shape;
	c->din.data = xcalloc(len, sizeof *c->din.data);
	for (i = 0; i < len; i++)
		c->din.data[i] = 0.5f;
	ck_assert_int_eq(c->node.op->shape(&c->node, &c->in, &c->out.shape,
	    &err), 0);
	len = shape_len(&c->out.shape);
	c->out.data = xcalloc(len, sizeof *c->out.data);
	c->dout.shape = c->out.shape;
	c->dout.data = xcalloc(len, sizeof *c->dout.data);
	for (i = 0; i < len; i++)
		c->dout.data[i] = (gs_real)(i + 1);
	ck_assert_ptr_nonnull(c->node.op->scratch);
	c->scratch = xcalloc(c->node.op->scratch(&c->node, &c->in, &c->out) +
	    1, sizeof *c->scratch);
	c->node.op->forward(&c->node, &c->in, &c->out, c->scratch);
	c->node.op->backward(&c->node, &c->in, &c->out, &c->dout, &c->din,
	    c->scratch);
}

static void
kp_free(struct kp_case *c)
{
	node_clear(&c->node);
	free(c->in.data);
	free(c->out.data);
	free(c->dout.data);
	free(c->din.data);
	free(c->scratch);
}

/*
 * The reference: scan each window's taps inside the input in row-major
 * order; a tap wins when larger, or NaN over a number. Checks y bit for
 * bit (NaN as NaN) and dx = 0.5 + the sum of g over the windows each
 * element wins.
 */
static void
kp_check(const struct kp_case *c, const int64_t *k, const int64_t *s,
    const int64_t *pads)
{
	int64_t		 nc = c->in.shape.d[0] * c->in.shape.d[1];
	int64_t		 h = c->in.shape.d[2], w = c->in.shape.d[3];
	int64_t		 oh = c->out.shape.d[2], ow = c->out.shape.d[3];
	int64_t		 pt = pads != NULL ? pads[0] : 0;
	int64_t		 pl = pads != NULL ? pads[1] : 0;
	int64_t		 p, oy, ox, i, j, iy, ix, at;
	const gs_real	*x, *y;
	gs_real		*dx, m = 0, v;
	size_t		 len = shape_len(&c->in.shape), e;

	dx = xcalloc(len, sizeof *dx);
	for (e = 0; e < len; e++)
		dx[e] = 0.5f;
	for (p = 0; p < nc; p++) {
		x = c->in.data + p * h * w;
		y = c->out.data + p * oh * ow;
		for (oy = 0; oy < oh; oy++) {
			for (ox = 0; ox < ow; ox++) {
				at = -1;
				for (i = 0; i < k[0]; i++) {
					for (j = 0; j < k[1]; j++) {
						iy = oy * s[0] - pt + i;
						ix = ox * s[1] - pl + j;
						if (iy < 0 || iy >= h || ix < 0 ||
						    ix >= w)
							continue;
						v = x[iy * w + ix];
						if (at < 0 || v > m ||
						    (isnan(v) && !isnan(m))) {
							m = v;
							at = iy * w + ix;
						}
					}
				}
				ck_assert_int_ge(at, 0);
				v = y[oy * ow + ox];
				if (isnan(m))
					ck_assert_msg(isnan(v), "plane %lld "
					    "window %lld,%lld: not NaN",
					    (long long)p, (long long)oy,
					    (long long)ox);
				else
					ck_assert_msg(memcmp(&v, &m, sizeof v)
					    == 0, "plane %lld window %lld,%lld:"
					    " %g, not %g", (long long)p,
					    (long long)oy, (long long)ox, v, m);
				dx[p * h * w + at] += c->dout.data[(p * oh +
				    oy) * ow + ox];
			}
		}
	}
	for (e = 0; e < len; e++)
		ck_assert_msg(dx[e] == c->din.data[e], "dx[%zu] = %g, not %g",
		    e, c->din.data[e], dx[e]);
	free(dx);
}

/* n values: small integers (many ties), some NaN when nan is set. */
static gs_real *
kp_values(size_t n, uint64_t seed, int nan)
{
	struct gs_rng	 r;
	gs_real		*x = xcalloc(n, sizeof *x);
	size_t		 i;

	gs_rng_init(&r, seed, 7);
	for (i = 0; i < n; i++) {
		x[i] = (gs_real)gs_rng_below(&r, 4) - 1;
		if (x[i] < 0)
			x[i] = -0.0f;	/* -0 and 0 tie */
		if (nan && gs_rng_below(&r, 13) == 0)
			x[i] = NAN;
	}
	return (x);
}

START_TEST(test_pool_2x2_fast)
{
	static const int64_t	 k[2] = { 2, 2 }, s[2] = { 2, 2 };
	/* 8: vector only; 9, 11: odd (last column unused); 10, 18: tails. */
	static const int64_t	 hw[][2] = { { 8, 8 }, { 9, 9 }, { 10, 10 },
	    { 11, 18 }, { 4, 16 }, { 2, 2 }, { 6, 3 } };
	struct kp_case		 c;
	gs_real			*x;
	size_t			 i;
	int			 nan;

	for (nan = 0; nan <= 1; nan++) {
		for (i = 0; i < sizeof hw / sizeof hw[0]; i++) {
			x = kp_values((size_t)(3 * 2 * hw[i][0] * hw[i][1]),
			    i + 1, nan);
			kp_run(&c, k, s, NULL, 3, 2, hw[i][0], hw[i][1], x);
			kp_check(&c, k, s, NULL);
			kp_free(&c);
			free(x);
		}
	}
}
END_TEST

START_TEST(test_pool_2x2_ties)
{
	static const int64_t	 k[2] = { 2, 2 }, s[2] = { 2, 2 };
	/*
	 * One 2 x 8 plane, four windows: all equal (the top-left wins), the
	 * top-right and bottom-left equal and largest (top-right wins), NaN
	 * at bottom-left after a larger number (NaN wins), two NaN (the
	 * first wins).
	 */
	const gs_real		 x[16] = {
		2, 2, 1, 5, 9, 0, 0, NAN,
		2, 2, 5, 3, NAN, 1, NAN, 1,
	};
	struct kp_case		 c;
	size_t			 i;

	kp_run(&c, k, s, NULL, 1, 1, 2, 8, x);
	ck_assert(c.out.data[0] == 2 && c.out.data[1] == 5);
	ck_assert(isnan(c.out.data[2]) && isnan(c.out.data[3]));
	for (i = 0; i < 16; i++) {
		gs_real want = 0.5f + (i == 0 ? 1 : i == 3 ? 2 : i == 12 ? 3 :
		    i == 7 ? 4 : 0);
		ck_assert_msg(c.din.data[i] == want, "dx[%zu] = %g, not %g", i,
		    c.din.data[i], want);
	}
	kp_check(&c, k, s, NULL);
	kp_free(&c);
}
END_TEST

START_TEST(test_pool_general_kept)
{
	/* Padding, overlapping windows and odd sizes take the general path. */
	static const int64_t	 cases[][8] = {
		/* kh, kw, sh, sw, pt, pl, pb, pr */
		{ 2, 2, 2, 2, 1, 1, 1, 1 },
		{ 2, 2, 1, 1, 0, 0, 0, 0 },
		{ 3, 3, 2, 2, 1, 1, 1, 1 },
		{ 3, 2, 2, 1, 1, 0, 0, 1 },
		{ 2, 2, 2, 2, 0, 1, 0, 1 },
	};
	struct kp_case		 c;
	gs_real			*x;
	size_t			 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		x = kp_values(2 * 3 * 7 * 5, 100 + i, (int)(i % 2));
		kp_run(&c, cases[i], cases[i] + 2, cases[i] + 4, 2, 3, 7, 5, x);
		kp_check(&c, cases[i], cases[i] + 2, cases[i] + 4);
		kp_free(&c);
		free(x);
	}
}
END_TEST

/*
 * x [N, 1, 8, 8] -> MaxPool 2x2/2 -> Conv 3x3 of ones, pad 1 -> Flatten ->
 * Gemm with weights wg[16]: Conv's scratch is used between MaxPool's two
 * passes. The gradient is Conv's adjoint of wg, sent to each window's winner.
 */
START_TEST(test_pool_plan_scratch)
{
	static const int64_t	 in[4] = { -1, 1, 8, 8 }, dk[4] = { 1, 1, 3, 3 };
	static const int64_t	 dg[2] = { 16, 1 }, db[1] = { 1 };
	static const float	 ones[9] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	float			 wg[16], bias[1] = { 0.25f };
	struct mb		 b;
	struct gs_model		*m;
	struct gs_plan		*p;
	struct gs_error		 err;
	Onnx__NodeProto		*n;
	Onnx__AttributeProto	*a;
	gs_real			*x, *grad, gp[16], v, best;
	size_t			 target[5] = { 0, 0, 0, 0, 0 }, r, i, j;
	int64_t			 oy, ox, ky, kx, at;

	for (i = 0; i < 16; i++)
		wg[i] = (float)i - 7.5f;
	mb_init(&b, 13);
	mb_input(&b, "x", 4, in);
	mb_init_float(&b, "K", 4, dk, ones, 1);
	mb_init_float(&b, "W", 2, dg, wg, 1);
	mb_init_float(&b, "B", 1, db, bias, 1);
	n = mb_node(&b, "MaxPool", "pool", "x", "p");
	a = mb_attr(&b, n, "kernel_shape", 7);
	a->n_ints = 2;
	a->ints = mb_alloc(&b, 2 * sizeof *a->ints);
	a->ints[0] = a->ints[1] = 2;
	a = mb_attr(&b, n, "strides", 7);
	a->n_ints = 2;
	a->ints = mb_alloc(&b, 2 * sizeof *a->ints);
	a->ints[0] = a->ints[1] = 2;
	n = mb_node(&b, "Conv", "conv", "p,K", "c");
	a = mb_attr(&b, n, "pads", 7);
	a->n_ints = 4;
	a->ints = mb_alloc(&b, 4 * sizeof *a->ints);
	a->ints[0] = a->ints[1] = a->ints[2] = a->ints[3] = 1;
	mb_node(&b, "Flatten", "flat", "c", "f");
	mb_node(&b, "Gemm", "fc", "f,W,B", "y");
	mb_output(&b, "y");
	m = mb_load(&b);

	/* gp = Conv's adjoint of wg on the 4 x 4 pooled plane. */
	for (oy = 0; oy < 4; oy++) {
		for (ox = 0; ox < 4; ox++) {
			gp[oy * 4 + ox] = 0;
			for (ky = -1; ky <= 1; ky++)
				for (kx = -1; kx <= 1; kx++)
					if (oy + ky >= 0 && oy + ky < 4 &&
					    ox + kx >= 0 && ox + kx < 4)
						gp[oy * 4 + ox] += wg[(oy + ky) *
						    4 + ox + kx];
		}
	}
	x = kp_values(5 * 64, 42, 0);
	grad = xcalloc(5 * 64, sizeof *grad);
	p = plan_new(m, 0, 5, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_gradient(p, x, 5, target, NULL, grad, &err), 0);
	for (r = 0; r < 5; r++) {
		for (i = 0; i < 4; i++) {
			for (j = 0; j < 4; j++) {
				at = -1;
				best = 0;
				for (ky = 0; ky < 2; ky++) {
					for (kx = 0; kx < 2; kx++) {
						v = x[r * 64 + (2 * i + ky) * 8 +
						    2 * j + kx];
						if (at < 0 || v > best) {
							best = v;
							at = (2 * i + ky) * 8 +
							    2 * j + kx;
						}
					}
				}
				ck_assert_msg(grad[r * 64 + at] ==
				    gp[i * 4 + j], "row %zu window %zu,%zu: "
				    "%g, not %g", r, i, j, grad[r * 64 + at],
				    gp[i * 4 + j]);
				grad[r * 64 + at] = 0;
			}
		}
		for (i = 0; i < 64; i++)
			ck_assert(grad[r * 64 + i] == 0);
	}
	plan_free(p);
	model_free(m);
	mb_free(&b);
	free(x);
	free(grad);
}
END_TEST

/*
 * The float kernels of GELU (erf form) and LayerNormalization, which run
 * eight lanes at a time with their own exp and erfc: outputs and input
 * gradients against double formulas from libm, over [-10, 10]: to 2e-6
 * relative (float's exp of an argument near -50 is only that precise, so
 * the far tail, where GELU is below 1e-12, is held to 1e-12 absolute).
 */
START_TEST(test_gelu_layernorm_fast)
{
	static const int64_t	 in[2] = { -1, 1 }, in8[2] = { -1, 13 };
	static const int64_t	 d13[1] = { 13 };
	float			 sc[13], bc[13];
	struct mb		 b;
	struct gs_model		*m;
	struct gs_plan		*p;
	struct gs_error		 err;
	static gs_real		 x[2001], y[2001], g[2001], y2[2000], g2[2000];
	static size_t		 t[2001];
	size_t			 i, j;
	double			 v, phi, want, dwant, mu, var, r, xh[13];

	for (i = 0; i < 2001; i++) {
		x[i] = (gs_real)(-10 + 0.01 * (double)i);
		t[i] = 0;
	}
	mb_init(&b, 20);
	mb_input(&b, "x", 2, in);
	mb_node(&b, "Gelu", "gelu", "x", "y");
	mb_output(&b, "y");
	m = mb_load(&b);
	p = plan_new(m, 0, 2001, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_gradient(p, x, 2001, t, y, g, &err), 0);
	for (i = 0; i < 2001; i++) {
		v = x[i];
		phi = 0.5 * erfc(-v / sqrt(2));
		want = v * phi;
		dwant = phi + v * exp(-0.5 * v * v) / sqrt(2 * M_PI);
		ck_assert_msg(fabs(y[i] - want) <= 2e-6 * fabs(want) + 1e-12,
		    "gelu(%g) = %.9g, want %.9g", v, y[i], want);
		ck_assert_msg(fabs(g[i] - dwant) <= 1e-6 * fmax(1, fabs(dwant)),
		    "gelu'(%g) = %.9g, want %.9g", v, g[i], dwant);
	}
	/*
	 * Each element's result depends on its value alone, not on the
	 * others of its eight lanes (the short form serves some lanes of a
	 * vector, the general one the others): the same bits one element
	 * along.
	 */
	ck_assert_int_eq(plan_gradient(p, x + 1, 2000, t, y2, g2, &err), 0);
	ck_assert(memcmp(y + 1, y2, 2000 * sizeof *y) == 0);
	ck_assert(memcmp(g + 1, g2, 2000 * sizeof *g) == 0);
	plan_free(p);
	model_free(m);
	mb_free(&b);

	/* LayerNorm over 13 (8 lanes and a tail of 5), 7 rows. */
	for (j = 0; j < 13; j++) {
		sc[j] = 0.5f + 0.1f * (float)j;
		bc[j] = 0.05f * (float)j - 0.3f;
	}
	mb_init(&b, 17);
	mb_input(&b, "x", 2, in8);
	mb_init_float(&b, "s", 1, d13, sc, 1);
	mb_init_float(&b, "b", 1, d13, bc, 1);
	mb_node(&b, "LayerNormalization", "ln", "x,s,b", "y");
	mb_output(&b, "y");
	m = mb_load(&b);
	p = plan_new(m, 0, 7, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	for (i = 0; i < 7; i++)
		t[i] = i % 13;
	ck_assert_int_eq(plan_gradient(p, x + 900, 7, t, y, g, &err), 0);
	for (i = 0; i < 7; i++) {
		const gs_real *xr = x + 900 + 13 * i;

		for (j = 0, mu = 0; j < 13; j++)
			mu += xr[j];
		mu /= 13;
		for (j = 0, var = 0; j < 13; j++)
			var += (xr[j] - mu) * (xr[j] - mu);
		r = 1 / sqrt(var / 13 + 1e-5);
		for (j = 0; j < 13; j++) {
			xh[j] = (xr[j] - mu) * r;
			ck_assert(fabs(y[13 * i + j] - (xh[j] * sc[j] +
			    bc[j])) <= 1e-5);
		}
		/* d y_t / dx_j = sc_t r (delta_tj - 1/13 - xh_t xh_j / 13). */
		for (j = 0; j < 13; j++) {
			dwant = sc[t[i]] * r * ((j == t[i]) - 1.0 / 13 -
			    xh[t[i]] * xh[j] / 13);
			ck_assert_msg(fabs(g[13 * i + j] - dwant) <= 1e-4 *
			    fmax(1, fabs(dwant)), "ln row %zu: %g, want %g", i,
			    g[13 * i + j], dwant);
		}
	}
	plan_free(p);
	model_free(m);
	mb_free(&b);

	/*
	 * Its Mean and InvStdDev outputs read too: z = y + mean + r, so
	 * d z_t / dx_j adds 1/13 and -r^2 xh_j / 13.
	 */
	mb_init(&b, 17);
	mb_input(&b, "x", 2, in8);
	mb_init_float(&b, "s", 1, d13, sc, 1);
	mb_init_float(&b, "b", 1, d13, bc, 1);
	mb_node(&b, "LayerNormalization", "ln", "x,s,b", "y,m,r");
	mb_node(&b, "Add", "a1", "y,m", "u");
	mb_node(&b, "Add", "a2", "u,r", "z");
	mb_output(&b, "z");
	m = mb_load(&b);
	p = plan_new(m, 0, 7, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_gradient(p, x + 900, 7, t, y, g, &err), 0);
	for (i = 0; i < 7; i++) {
		const gs_real *xr = x + 900 + 13 * i;

		for (j = 0, mu = 0; j < 13; j++)
			mu += xr[j];
		mu /= 13;
		for (j = 0, var = 0; j < 13; j++)
			var += (xr[j] - mu) * (xr[j] - mu);
		r = 1 / sqrt(var / 13 + 1e-5);
		for (j = 0; j < 13; j++)
			xh[j] = (xr[j] - mu) * r;
		for (j = 0; j < 13; j++) {
			dwant = sc[t[i]] * r * ((j == t[i]) - 1.0 / 13 -
			    xh[t[i]] * xh[j] / 13) + 1.0 / 13 - r * r * xh[j] /
			    13;
			ck_assert_msg(fabs(g[13 * i + j] - dwant) <= 1e-4 *
			    fmax(1, fabs(dwant)), "ln stats row %zu: %g, want "
			    "%g", i, g[13 * i + j], dwant);
		}
	}
	plan_free(p);
	model_free(m);
	mb_free(&b);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("kernels");
	TCase	*tc = tcase_create("pool");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_pool_2x2_fast);
	tcase_add_test(tc, test_pool_2x2_ties);
	tcase_add_test(tc, test_pool_general_kept);
	tcase_add_test(tc, test_pool_plan_scratch);
	tcase_add_test(tc, test_gelu_layernorm_fast);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

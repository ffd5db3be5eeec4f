/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the fast paths of the model layer in float (the precision
 * gshap runs in): MaxPool's vector 2 x 2 kernel and the winners it keeps
 * from the forward pass for the backward pass, against a plain reference,
 * with ties, NaN, odd sizes and padding; and a plan whose other ops share
 * a scratch between MaxPool's forward and backward passes; Conv's direct
 * adjoint for one input channel against the generic GEMM and col2im path
 * (and its forward pass against a double reference); gradients the plan
 * does not clear; Relu and MaxPool run as one step.
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

/* One Conv (or ConvTranspose) case: sizes, attributes, batch. */
struct kc_case {
	int64_t		 h, w, m, kh, kw;	/* image, channels, kernel */
	int64_t		 sh, sw, dh, dw;	/* strides, dilations */
	int64_t		 pads[4];		/* top, left, bottom, right */
	int		 bias;			/* with a bias input */
	int		 transpose;		/* ConvTranspose, M channels in */
};

static void
kc_ints(struct mb *b, Onnx__NodeProto *n, const char *name, size_t len,
    const int64_t *v)
{
	Onnx__AttributeProto	*a;

	a = mb_attr(b, n, name, 7);
	a->n_ints = len;
	a->ints = mb_alloc(b, len * sizeof *a->ints);
	memcpy(a->ints, v, len * sizeof *v);
}

/*
 * x -> Conv -> c (output 0), and c -> Flatten -> Gemm with weights of
 * mixed signs -> z (output 1), so the gradient's dy is dense. Runs
 * forward to c and the gradient of z's row target for 3 rows of x, with
 * the generic kernels or not. Returns c's length per row.
 */
static size_t
kc_run(const struct kc_case *k, int generic, const gs_real *x, gs_real *c,
    gs_real *g)
{
	int64_t			 in[4] = { -1, 1, k->h, k->w };
	int64_t			 dk[4], db[1], dg[2], dgb[1] = { 5 };
	int64_t			 st[2] = { k->sh, k->sw }, dl[2] = { k->dh, k->dw };
	float			*wk, *wg, bias[64], gb[5] = { 0, 0, 0, 0, 0 };
	struct mb		 b;
	struct gs_model		*m;
	struct gs_plan		*p;
	struct gs_error		 err;
	struct gs_rng		 r;
	Onnx__NodeProto		*n;
	size_t			 i, clen, nk, target[3] = { 0, 2, 4 }, warm[1] = { 3 };

	if (k->transpose) {
		in[1] = k->m;
		dk[0] = k->m;
		dk[1] = 1;
	} else {
		dk[0] = k->m;
		dk[1] = 1;
	}
	dk[2] = k->kh;
	dk[3] = k->kw;
	db[0] = k->transpose ? 1 : k->m;
	nk = (size_t)(k->m * k->kh * k->kw);
	wk = xcalloc(nk, sizeof *wk);
	gs_rng_init(&r, 77, 3);
	for (i = 0; i < nk; i++)
		wk[i] = (float)(2 * gs_rng_uniform(&r) - 1);
	for (i = 0; i < 64; i++)
		bias[i] = (float)i * 0.125f - 1;
	mb_init(&b, 13);
	mb_input(&b, "x", 4, in);
	mb_init_float(&b, "K", 4, dk, wk, 1);
	if (k->bias)
		mb_init_float(&b, "B", 1, db, bias, 1);
	n = mb_node(&b, k->transpose ? "ConvTranspose" : "Conv", "conv",
	    k->bias ? "x,K,B" : "x,K", "c");
	kc_ints(&b, n, "strides", 2, st);
	kc_ints(&b, n, "dilations", 2, dl);
	kc_ints(&b, n, "pads", 4, k->pads);
	mb_node(&b, "Flatten", "flat", "c", "f");
	mb_output(&b, "c");
	/* Gemm's width: the flattened output, found by a first load. */
	m = mb_load(&b);
	clen = shape_len(&m->values[m->outputs[0]].shape) /
	    (size_t)m->values[m->outputs[0]].shape.d[0];
	model_free(m);
	dg[0] = (int64_t)clen;
	dg[1] = 5;
	wg = xcalloc(clen * 5, sizeof *wg);
	for (i = 0; i < clen * 5; i++)
		wg[i] = (float)(2 * gs_rng_uniform(&r) - 1);
	mb_init_float(&b, "W", 2, dg, wg, 1);
	mb_init_float(&b, "GB", 1, dgb, gb, 1);
	mb_node(&b, "Gemm", "fc", "f,W,GB", "z");
	mb_output(&b, "z");
	m = mb_load(&b);

	op_generic = generic;
	p = plan_new(m, 0, 3, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_forward(p, x, 3, c, &err), 0);
	plan_free(p);
	p = plan_new(m, 1, 3, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	/*
	 * First a pass on one row with another target, so that the plan's
	 * buffers hold its gradients: a gradient stored (GS_OP_STORES) must
	 * overwrite every element, those no tap reads included, for any
	 * batch size.
	 */
	ck_assert_int_eq(plan_gradient(p, x, 1, warm, NULL, g, &err), 0);
	ck_assert_int_eq(plan_gradient(p, x, 3, target, NULL, g, &err), 0);
	plan_free(p);
	op_generic = 0;
	model_free(m);
	mb_free(&b);
	free(wk);
	free(wg);
	return (clen);
}

/* a and b agree to float rounding (NaN where the other is NaN). */
static void
kc_close(const char *what, size_t i, gs_real a, gs_real b)
{
	if (isnan(b)) {
		ck_assert_msg(isnan(a), "%s[%zu]: %g, not NaN", what, i, a);
		return;
	}
	ck_assert_msg(fabs(a - b) <= 1e-5 * (1 + fabs(b)), "%s[%zu]: %.9g, "
	    "generic %.9g", what, i, a, b);
}

/*
 * Conv with one input channel (the direct adjoint) against the generic path:
 * odd sizes, padding on either side, strides, dilations, kernels from
 * 1 x 1 to 7 x 7 (and 8 x 8, past the direct kernel's limit), with and
 * without bias, a NaN pixel; and ConvTranspose to one channel, whose
 * passes are the same kernels run the other way. Conv's output is also
 * checked against a double reference, and bit for bit against the
 * generic path's (the masked unfold where rows are as wide as the
 * input's).
 */
START_TEST(test_conv_direct)
{
	static const struct kc_case cases[] = {
		{ 8, 8, 8, 3, 3, 1, 1, 1, 1, { 1, 1, 1, 1 }, 1, 0 },
		{ 7, 5, 3, 3, 2, 2, 1, 1, 1, { 1, 0, 0, 1 }, 0, 0 },
		{ 9, 11, 4, 3, 3, 1, 1, 2, 2, { 2, 2, 2, 2 }, 1, 0 },
		{ 10, 9, 5, 5, 5, 2, 3, 1, 1, { 2, 2, 2, 2 }, 1, 0 },
		{ 6, 6, 2, 1, 1, 1, 1, 1, 1, { 0, 0, 0, 0 }, 1, 0 },
		{ 4, 40, 1, 2, 7, 1, 1, 1, 1, { 0, 3, 1, 3 }, 0, 0 },
		{ 3, 3, 2, 5, 5, 1, 1, 1, 1, { 2, 2, 2, 2 }, 1, 0 },
		{ 12, 12, 3, 7, 7, 1, 1, 1, 1, { 3, 3, 3, 3 }, 1, 0 },
		{ 12, 12, 2, 8, 8, 1, 1, 1, 1, { 0, 0, 0, 0 }, 1, 0 },
		{ 28, 28, 16, 3, 3, 1, 1, 1, 1, { 1, 1, 1, 1 }, 1, 0 },
		{ 4, 3, 3, 3, 3, 2, 2, 1, 1, { 1, 1, 1, 1 }, 1, 1 },
		{ 5, 5, 2, 2, 2, 1, 1, 1, 1, { 0, 0, 0, 0 }, 0, 1 },
		/* Strides over the kernel: pixels no tap reads. */
		{ 9, 9, 3, 1, 1, 4, 4, 1, 1, { 0, 0, 0, 0 }, 0, 0 },
		{ 11, 8, 2, 2, 2, 5, 3, 1, 1, { 0, 0, 0, 0 }, 1, 0 },
		/* Padding and dilation over the kernel, uneven sides. */
		{ 5, 6, 2, 2, 2, 3, 3, 3, 3, { 4, 4, 4, 4 }, 1, 0 },
		{ 4, 5, 3, 3, 3, 4, 1, 1, 2, { 0, 5, 6, 0 }, 0, 0 },
		/* Rows as wide as the input's, fewer or more rows than it. */
		{ 7, 6, 3, 3, 3, 1, 1, 1, 1, { 0, 1, 0, 1 }, 1, 0 },
		{ 5, 6, 2, 3, 3, 1, 1, 1, 1, { 3, 1, 0, 1 }, 0, 0 },
	};
	struct kc_case	 k;
	struct gs_rng	 r;
	gs_real		*x, *c0, *c1, *g0, *g1;
	size_t		 ci, i, clen, len, b, mi, oy, ox, oh, ow;
	int64_t		 ki, kj, iy, ix;
	double		 want, wv[1024];
	int		 nan;

	for (ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
		for (nan = 0; nan <= 1; nan++) {
			k = cases[ci];
			len = (size_t)((k.transpose ? k.m : 1) * k.h * k.w);
			x = xcalloc(3 * len, sizeof *x);
			gs_rng_init(&r, ci + 1, 5);
			for (i = 0; i < 3 * len; i++)
				x[i] = gs_rng_below(&r, 5) == 0 ? 0 :
				    (gs_real)(2 * gs_rng_uniform(&r) - 1);
			if (nan)
				x[len + len / 2] = NAN;
			c0 = xcalloc(3 * 16384, sizeof *c0);
			c1 = xcalloc(3 * 16384, sizeof *c1);
			g0 = xcalloc(3 * len, sizeof *g0);
			g1 = xcalloc(3 * len, sizeof *g1);
			clen = kc_run(&k, 0, x, c0, g0);
			ck_assert_uint_le(clen, 16384);
			ck_assert_uint_eq(kc_run(&k, 1, x, c1, g1), clen);
			/* Conv's forward pass: the same GEMM on the same
			 * columns (conv_masked_im2col or not). */
			if (!k.transpose)
				ck_assert_msg(memcmp(c0, c1, 3 * clen *
				    sizeof *c0) == 0, "case %zu: y differs "
				    "from the generic path", ci);
			for (i = 0; i < 3 * clen; i++)
				kc_close("y", i, c0[i], c1[i]);
			for (i = 0; i < 3 * len; i++)
				kc_close("dx", i, g0[i], g1[i]);
			if (nan || k.transpose)
				goto next;
			/* Conv's definition, in double. */
			oh = (size_t)((k.h + k.pads[0] + k.pads[2] - k.dh *
			    (k.kh - 1) - 1) / k.sh + 1);
			ow = (size_t)((k.w + k.pads[1] + k.pads[3] - k.dw *
			    (k.kw - 1) - 1) / k.sw + 1);
			ck_assert_uint_eq(clen, (size_t)k.m * oh * ow);
			/* kc_run's weights: the first draws of its generator. */
			ck_assert_int_le(k.m * k.kh * k.kw, 1024);
			gs_rng_init(&r, 77, 3);
			for (i = 0; i < (size_t)(k.m * k.kh * k.kw); i++)
				wv[i] = (float)(2 * gs_rng_uniform(&r) - 1);
			for (b = 0; b < 3; b++)
			for (mi = 0; mi < (size_t)k.m; mi++)
			for (oy = 0; oy < oh; oy++)
			for (ox = 0; ox < ow; ox++) {
				want = k.bias ? (float)mi * 0.125f - 1 : 0;
				for (ki = 0; ki < k.kh; ki++)
				for (kj = 0; kj < k.kw; kj++) {
					iy = (int64_t)oy * k.sh - k.pads[0] +
					    ki * k.dh;
					ix = (int64_t)ox * k.sw - k.pads[1] +
					    kj * k.dw;
					if (iy >= 0 && iy < k.h && ix >= 0 &&
					    ix < k.w)
						want += wv[mi * (size_t)(k.kh *
						    k.kw) + (size_t)(ki * k.kw +
						    kj)] *
						    x[b * len + (size_t)(iy *
						    k.w + ix)];
				}
				kc_close("y (double)", ((b * (size_t)k.m +
				    mi) * oh + oy) * ow + ox, (gs_real)want,
				    c0[((b * (size_t)k.m + mi) * oh + oy) *
				    ow + ox]);
			}
next:
			free(x);
			free(c0);
			free(c1);
			free(g0);
			free(g1);
		}
	}
}
END_TEST

/*
 * x [N, c, h, w] -> Conv 3 x 3 (c -> 3, pad 1) -> Relu -> MaxPool 2 x 2 ->
 * Flatten -> Gemm (-> 5) -> Softmax, gradients of rows 5..9 of x (targets
 * 0..4) into g: after a pass on rows 0..4 with the same plan (reuse set:
 * every gradient buffer then holds that pass's values), or with a fresh
 * plan.
 */
static void
ks_grad(int64_t c, int64_t h, int64_t w, int generic, int reuse,
    const gs_real *x, gs_real *g)
{
	int64_t			 in[4] = { -1, c, h, w }, dk[4] = { 3, c, 3, 3 };
	int64_t			 db[1] = { 3 }, dg[2], dgb[1] = { 5 };
	int64_t			 pads[4] = { 1, 1, 1, 1 }, two[2] = { 2, 2 };
	float			 wk[3 * 4 * 9], bk[3] = { 0.1f, -0.2f, 0.05f };
	float			*wg, gb[5] = { 0.1f, 0, -0.1f, 0.2f, 0 };
	struct mb		 b;
	struct gs_model		*m;
	struct gs_plan		*p;
	struct gs_error		 err;
	struct gs_rng		 r;
	Onnx__NodeProto		*n;
	size_t			 i, flat, len = (size_t)(c * h * w);
	size_t			 t0[5] = { 4, 3, 2, 1, 0 }, t1[5] = { 0, 1, 2, 3, 4 };

	ck_assert_int_le(c, 4);
	flat = (size_t)(3 * (h / 2) * (w / 2));
	dg[0] = (int64_t)flat;
	dg[1] = 5;
	wg = xcalloc(flat * 5, sizeof *wg);
	gs_rng_init(&r, 5, 9);
	for (i = 0; i < (size_t)(3 * c * 9); i++)
		wk[i] = (float)(2 * gs_rng_uniform(&r) - 1);
	for (i = 0; i < flat * 5; i++)
		wg[i] = (float)(2 * gs_rng_uniform(&r) - 1);
	mb_init(&b, 13);
	mb_input(&b, "x", 4, in);
	mb_init_float(&b, "K", 4, dk, wk, 1);
	mb_init_float(&b, "B", 1, db, bk, 1);
	mb_init_float(&b, "W", 2, dg, wg, 1);
	mb_init_float(&b, "GB", 1, dgb, gb, 1);
	n = mb_node(&b, "Conv", "conv", "x,K,B", "c");
	kc_ints(&b, n, "pads", 4, pads);
	mb_node(&b, "Relu", "relu", "c", "r");
	n = mb_node(&b, "MaxPool", "pool", "r", "p");
	kc_ints(&b, n, "kernel_shape", 2, two);
	kc_ints(&b, n, "strides", 2, two);
	mb_node(&b, "Flatten", "flat", "p", "f");
	mb_node(&b, "Gemm", "fc", "f,W,GB", "z");
	mb_node(&b, "Softmax", "sm", "z", "y");
	mb_output(&b, "y");
	m = mb_load(&b);
	op_generic = generic;
	p = plan_new(m, 0, 5, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	if (reuse)
		ck_assert_int_eq(plan_gradient(p, x, 5, t0, NULL, g, &err), 0);
	ck_assert_int_eq(plan_gradient(p, x + 5 * len, 5, t1, NULL, g, &err),
	    0);
	op_generic = 0;
	plan_free(p);
	model_free(m);
	mb_free(&b);
	free(wg);
}

/*
 * A gradient with two writers is cleared and added to, never stored: x
 * feeds Relu and Identity (both GS_OP_STORES, x their input 0), then
 * y = Relu(x) + Identity(x) + Relu(x) (Add), so d y_t / d x_t = 2 [x_t > 0]
 * + 1 exactly, on a plan reused with other targets and batch sizes.
 */
START_TEST(test_plan_two_writers)
{
	int64_t			 in[2] = { -1, 4 };
	gs_real			 x[12] = { 1, -2, 0, 3, -1, 2, 5, -4, 0.5f, 0,
				     -3, 7 }, g[12];
	size_t			 t0[3] = { 3, 1, 0 }, t1[3] = { 0, 1, 3 };
	size_t			 i, j, pass;
	struct mb		 b;
	struct gs_model		*m;
	struct gs_plan		*p;
	struct gs_error		 err;

	mb_init(&b, 13);
	mb_input(&b, "x", 2, in);
	mb_node(&b, "Relu", "relu", "x", "r");
	mb_node(&b, "Identity", "id", "x", "a");
	mb_node(&b, "Add", "add", "r,a", "s");
	mb_node(&b, "Add", "add2", "s,r", "y");
	mb_output(&b, "y");
	m = mb_load(&b);
	p = plan_new(m, 0, 3, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	for (pass = 0; pass < 3; pass++) {
		ck_assert_int_eq(plan_gradient(p, x, pass == 1 ? 1 : 3,
		    pass == 0 ? t0 : t1, NULL, g, &err), 0);
		for (i = 0; i < (pass == 1 ? 1u : 3u); i++)
			for (j = 0; j < 4; j++)
				ck_assert_msg(g[i * 4 + j] == (j ==
				    (pass == 0 ? t0 : t1)[i] ? (x[i * 4 + j] >
				    0 ? 3 : 1) : 0), "pass %zu: dx[%zu][%zu] = "
				    "%g", pass, i, j, (double)g[i * 4 + j]);
	}
	plan_free(p);
	model_free(m);
	mb_free(&b);
}
END_TEST

/*
 * Gradients the plan does not clear (GS_OP_STORES: Conv, Relu, Flatten
 * and Gemm store their input's gradient): a pass on a plan whose buffers
 * hold the previous pass's gradients gives the bits of a fresh plan, and
 * the bits of the generic path, which clears every buffer and adds (with
 * two input channels, where Conv's kernel is the same in both); even and
 * odd sizes (MaxPool's windows tiling the plane or not), a NaN pixel, and
 * ties (ReLU's zeros).
 */
START_TEST(test_plan_stores)
{
	static const int64_t	 cases[][3] = {
		{ 2, 8, 8 }, { 2, 7, 6 }, { 1, 8, 8 }, { 1, 9, 5 }, { 3, 4, 10 },
	};
	struct gs_rng		 r;
	gs_real			*x, *g0, *g1, *g2;
	size_t			 ci, i, len;
	int			 nan;

	for (ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
		for (nan = 0; nan <= 1; nan++) {
			len = (size_t)(cases[ci][0] * cases[ci][1] *
			    cases[ci][2]);
			x = xcalloc(10 * len, sizeof *x);
			g0 = xcalloc(5 * len, sizeof *g0);
			g1 = xcalloc(5 * len, sizeof *g1);
			g2 = xcalloc(5 * len, sizeof *g2);
			gs_rng_init(&r, 40 + ci, 1);
			for (i = 0; i < 10 * len; i++)
				x[i] = gs_rng_below(&r, 4) == 0 ? 0 :
				    (gs_real)(2 * gs_rng_uniform(&r) - 1);
			if (nan)
				x[7 * len + 3] = NAN;
			ks_grad(cases[ci][0], cases[ci][1], cases[ci][2], 0,
			    1, x, g0);
			ks_grad(cases[ci][0], cases[ci][1], cases[ci][2], 0,
			    0, x, g1);
			ck_assert_msg(memcmp(g0, g1, 5 * len * sizeof *g0) ==
			    0, "case %zu: a reused plan's gradient differs",
			    ci);
			ks_grad(cases[ci][0], cases[ci][1], cases[ci][2], 1,
			    1, x, g2);
			if (cases[ci][0] > 1)
				ck_assert_msg(memcmp(g0, g2, 5 * len *
				    sizeof *g0) == 0, "case %zu: stored "
				    "gradients differ from the generic path",
				    ci);
			for (i = 0; i < 5 * len; i++)
				kc_close("dx", i, g0[i], g2[i]);
			free(x);
			free(g0);
			free(g1);
			free(g2);
		}
	}
}
END_TEST

/*
 * x [N, c, h, w] -> Relu -> MaxPool 2 x 2 -> Flatten -> y, and with
 * shared set x -> Flatten joined to it (Concat), so that x's gradient has
 * two writers and the fused step adds to it instead of storing. Runs
 * plan_gradient on n rows of x (targets spread over y), then
 * plan_margins on the same plan (whose forward pass must write the
 * Relu's output the fused gradient pass skipped): y, the gradient and
 * the margins into yv, g and mv (ny, margin counts out).
 */
static void
kf_run(int64_t c, int64_t h, int64_t w, int shared, int generic, size_t n,
    const gs_real *x, gs_real *yv, gs_real *g, gs_real *mv, size_t *ny,
    size_t *nm)
{
	int64_t			 in[4] = { -1, c, h, w }, two[2] = { 2, 2 };
	size_t			 i, t[8];
	struct mb		 b;
	struct gs_model		*m;
	struct gs_plan		*p;
	struct gs_error		 err;
	Onnx__NodeProto		*nd;

	mb_init(&b, 13);
	mb_input(&b, "x", 4, in);
	mb_node(&b, "Relu", "relu", "x", "r");
	nd = mb_node(&b, "MaxPool", "pool", "r", "p");
	kc_ints(&b, nd, "kernel_shape", 2, two);
	kc_ints(&b, nd, "strides", 2, two);
	if (shared) {
		mb_node(&b, "Flatten", "flat", "p", "f");
		mb_node(&b, "Flatten", "flatx", "x", "fx");
		nd = mb_node(&b, "Concat", "cat", "f,fx", "y");
		mb_attr_int(&b, nd, "axis", 1);
	} else
		mb_node(&b, "Flatten", "flat", "p", "y");
	mb_output(&b, "y");
	m = mb_load(&b);
	op_generic = generic;
	p = plan_new(m, 0, n, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	*ny = plan_output_len(p);
	for (i = 0; i < n; i++)
		t[i] = (i * 7 + 3) % *ny;
	ck_assert_int_eq(plan_gradient(p, x, n, t, yv, g, &err), 0);
	*nm = plan_margin_count(p);
	ck_assert_int_eq(plan_margins(p, x, n, mv, &err), 0);
	op_generic = 0;
	plan_free(p);
	model_free(m);
	mb_free(&b);
}

/*
 * Relu then MaxPool run as one step by a plan's gradient passes
 * (pool_relu_*) against the two ops (the generic path), bit for bit: the
 * outputs, the gradient stored or added to, and the margins of a later
 * forward pass; windows tiling the plane or not (odd widths, odd
 * heights: not fused), ties, windows with no positive value and -0 first
 * (whose Relu maximum is -0), NaN.
 */
START_TEST(test_relu_pool_fused)
{
	static const int64_t	 cases[][3] = {
		{ 2, 8, 8 }, { 3, 6, 10 }, { 1, 4, 5 }, { 2, 7, 6 },
		{ 1, 2, 2 }, { 4, 10, 12 },
	};
	static const gs_real	 pick[] = { 0.5f, -0.5f, 0, -0.0f, 0.25f,
	    -1, 1, 0.5f };
	struct gs_rng		 r;
	gs_real			*x, *y0, *y1, *g0, *g1, *m0, *m1;
	size_t			 ci, i, len, n = 6, ny0, ny1, nm0, nm1;
	int			 shared;

	for (ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
		for (shared = 0; shared <= 1; shared++) {
			len = (size_t)(cases[ci][0] * cases[ci][1] *
			    cases[ci][2]);
			x = xcalloc(n * len, sizeof *x);
			y0 = xcalloc(n * 2 * len, sizeof *y0);
			y1 = xcalloc(n * 2 * len, sizeof *y1);
			g0 = xcalloc(n * len, sizeof *g0);
			g1 = xcalloc(n * len, sizeof *g1);
			m0 = xcalloc(n * 8 * len, sizeof *m0);
			m1 = xcalloc(n * 8 * len, sizeof *m1);
			gs_rng_init(&r, 60 + ci, 2);
			/* Few values, so windows tie; row 1 all <= 0. */
			for (i = 0; i < n * len; i++) {
				x[i] = pick[gs_rng_below(&r, 8)];
				if (i / len == 1 && x[i] > 0)
					x[i] = -x[i];
			}
			x[len + 0] = -0.0f;
			x[2 * len + 1] = NAN;
			x[3 * len + len - 1] = NAN;
			kf_run(cases[ci][0], cases[ci][1], cases[ci][2], shared,
			    0, n, x, y0, g0, m0, &ny0, &nm0);
			kf_run(cases[ci][0], cases[ci][1], cases[ci][2], shared,
			    1, n, x, y1, g1, m1, &ny1, &nm1);
			ck_assert_uint_eq(ny0, ny1);
			ck_assert_uint_eq(nm0, nm1);
			ck_assert_uint_le(nm0, 8 * len);
			ck_assert_msg(memcmp(y0, y1, n * ny0 * sizeof *y0) ==
			    0, "case %zu/%d: outputs differ", ci, shared);
			ck_assert_msg(memcmp(g0, g1, n * len * sizeof *g0) ==
			    0, "case %zu/%d: gradients differ", ci, shared);
			ck_assert_msg(memcmp(m0, m1, n * nm0 * sizeof *m0) ==
			    0, "case %zu/%d: margins differ", ci, shared);
			free(x);
			free(y0);
			free(y1);
			free(g0);
			free(g1);
			free(m0);
			free(m1);
		}
	}
}
END_TEST

/*
 * pool_relu_* on a MaxPool node alone against Relu's rule on MaxPool's
 * gradient, dr = 0 + g scattered to the winners: added to a gradient
 * holding -0 (no plan makes one: a cleared buffer only sums to +0),
 * dx += x > 0 ? dr : 0 turns each -0 into +0; stored over garbage, dx =
 * 0 + (x > 0 ? dr : 0), with output gradients of -0 among them. Three
 * planes of two rows: windows tiling rows of 8 (one group of four a row:
 * three groups, the last alone) and of 10 (five a row: four, then four
 * again overlapping), and rows of 9 (the last column in no window).
 */
START_TEST(test_relu_pool_added)
{
	static const int64_t	 k[2] = { 2, 2 };
	struct kp_case		 c;
	struct gs_tensor	 xt, dx;
	gs_real			 x[3 * 2 * 10], r[3 * 2 * 10], dr[3 * 2 * 10];
	gs_real			 want[3 * 2 * 10], y[3 * 1 * 5];
	size_t			 i, len, wi;
	int64_t			 w;
	int			 store;

	for (w = 8; w <= 10; w++) {
	for (store = 0; store <= 1; store++) {
		len = (size_t)(3 * 2 * w);
		for (i = 0; i < len; i++) {
			x[i] = (gs_real)((int)(i * 5 % 7) - 3) * 0.5f;
			r[i] = x[i] < 0 ? 0 : x[i];
		}
		kp_run(&c, k, k, NULL, 1, 3, 2, w, r);
		for (i = 0; i < shape_len(&c.dout.shape); i += 3)
			c.dout.data[i] = -0.0f;
		memset(dr, 0, sizeof dr);
		c.node.op->backward(&c.node, &c.in, &c.out, &c.dout,
		    &(struct gs_tensor){ .shape = c.in.shape, .data = dr },
		    c.scratch);
		for (i = 0; i < len; i++)
			want[i] = (store ? 0.0f : -0.0f) + (x[i] > 0 ? dr[i] :
			    0);
		xt = c.in;
		xt.data = x;
		ck_assert(pool_relu_fits(&c.node, &xt.shape));
		memset(&dx, 0, sizeof dx);
		dx.shape = c.in.shape;
		dx.store = store;
		dx.data = xcalloc(len, sizeof *dx.data);
		for (i = 0; i < len; i++)
			dx.data[i] = store ? 7.0f : -0.0f;
		memcpy(y, c.out.data, shape_len(&c.out.shape) * sizeof *y);
		pool_relu_forward(&c.node, &xt, &c.out, c.scratch);
		ck_assert(memcmp(y, c.out.data, shape_len(&c.out.shape) *
		    sizeof *y) == 0);
		pool_relu_backward(&c.node, &xt, &c.out, &c.dout, &dx,
		    c.scratch);
		for (wi = 0; wi < len; wi++)
			ck_assert_msg(memcmp(&dx.data[wi], &want[wi],
			    sizeof want[wi]) == 0, "w %lld store %d: dx[%zu] "
			    "= %g, want %g", (long long)w, store, wi,
			    (double)dx.data[wi], (double)want[wi]);
		free(dx.data);
		kp_free(&c);
	}
	}
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
	tcase_add_test(tc, test_conv_direct);
	tcase_add_test(tc, test_plan_stores);
	tcase_add_test(tc, test_plan_two_writers);
	tcase_add_test(tc, test_relu_pool_fused);
	tcase_add_test(tc, test_relu_pool_added);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

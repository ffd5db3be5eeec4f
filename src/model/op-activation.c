/* SPDX-License-Identifier: ISC */
/*
 * Element-wise activations: Relu, LeakyRelu, Elu, Sigmoid, Tanh, Softplus,
 * Exp, Log, Sqrt, Pow (constant exponent), Clip (constant bounds), Erf,
 * Abs, Neg, Reciprocal, HardSigmoid, HardSwish, Selu, Celu, Softsign, Gelu
 * (opset 20, both forms) and Mish (opset 18). All
 * share one init, shape, forward and backward; each op is one case of a
 * switch outside its loop, so every hot loop is a plain vectorisable one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tgmath.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "model/graph.h"
#include "model/kink.h"
#include "model/simd.h"

#define ACT_GELU_K	((gs_real)0.79788456080286535588)	/* sqrt(2/pi) */

extern const struct gs_op gs_op_relu, gs_op_leakyrelu, gs_op_elu;
extern const struct gs_op gs_op_sigmoid, gs_op_tanh, gs_op_softplus;
extern const struct gs_op gs_op_exp, gs_op_log, gs_op_sqrt;
extern const struct gs_op gs_op_pow, gs_op_clip;
extern const struct gs_op gs_op_erf, gs_op_abs, gs_op_neg, gs_op_reciprocal;
extern const struct gs_op gs_op_hardsigmoid, gs_op_hardswish, gs_op_selu;
extern const struct gs_op gs_op_celu, gs_op_softsign, gs_op_gelu, gs_op_mish;

enum act_kind {
	ACT_RELU,
	ACT_LEAKYRELU,
	ACT_ELU,
	ACT_SIGMOID,
	ACT_TANH,
	ACT_SOFTPLUS,
	ACT_EXP,
	ACT_LOG,
	ACT_SQRT,
	ACT_POW,
	ACT_CLIP,
	ACT_ERF,
	ACT_ABS,
	ACT_NEG,
	ACT_RECIPROCAL,
	ACT_HARDSIGMOID,
	ACT_HARDSWISH,
	ACT_SELU,
	ACT_CELU,
	ACT_SOFTSIGN,
	ACT_GELU,
	ACT_MISH,
	ACT_COUNT
};

/* Which op struct is which kind; indexed by enum act_kind. */
static const struct gs_op *const act_ops[] = {
	&gs_op_relu, &gs_op_leakyrelu, &gs_op_elu, &gs_op_sigmoid,
	&gs_op_tanh, &gs_op_softplus, &gs_op_exp, &gs_op_log, &gs_op_sqrt,
	&gs_op_pow, &gs_op_clip, &gs_op_erf, &gs_op_abs, &gs_op_neg,
	&gs_op_reciprocal, &gs_op_hardsigmoid, &gs_op_hardswish, &gs_op_selu,
	&gs_op_celu, &gs_op_softsign, &gs_op_gelu, &gs_op_mish
};
_Static_assert(sizeof act_ops / sizeof act_ops[0] == ACT_COUNT,
    "act_ops must list every enum act_kind");

struct act_priv {
	enum act_kind	 kind;		/* which activation */
	gs_real		 alpha;		/* LeakyRelu slope; Elu, Selu, Celu,
					   HardSigmoid alpha */
	gs_real		 beta;		/* HardSigmoid offset; Selu gamma */
	int		 tanh_form;	/* Gelu approximate='tanh' */
	gs_real		 lo;		/* Clip lower bound, or -inf */
	gs_real		 hi;		/* Clip upper bound, or +inf */
	int		 e_scalar;	/* Pow: a one-element exponent */
	gs_real		 e;		/* Pow: that element */
	int		 logsig;	/* Log fused with the Sigmoid before it */
};

/* Whether optional input i of n is present. */
static int
act_has_input(const struct gs_node *n, size_t i)
{
	return (i < n->n_in && n->in[i] >= 0);
}

/* Read a Clip bound from constant input i into *v (kept when absent). */
static int
act_clip_bound(struct gs_node *n, const struct gs_tensor *in, size_t i,
    const char *what, gs_real *v, struct gs_error *err)
{
	if (!act_has_input(n, i))
		return (0);
	if (!in[i].is_const || in[i].data == NULL)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "input '%s' must be a constant", what));
	if (shape_len(&in[i].shape) != 1)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "input '%s' must be a scalar", what));
	*v = in[i].data[0];
	return (0);
}

/* Parse attributes and constant inputs of any activation. */
static int
act_init(struct gs_node *n, const struct gs_tensor *in, struct gs_error *err)
{
	struct act_priv	 p;
	double		 a;
	int		 k;

	memset(&p, 0, sizeof p);
	for (k = 0; k < ACT_COUNT; k++) {
		if (act_ops[k] == n->op)
			break;
	}
	if (k == ACT_COUNT)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "not an activation"));
	p.kind = k;
	p.lo = -INFINITY;
	p.hi = INFINITY;

	switch (p.kind) {
	case ACT_LEAKYRELU:
	case ACT_ELU:
		if (node_attr_float(n, "alpha",
		    p.kind == ACT_ELU ? 1.0 : 0.01, &a, err) != 0)
			return (-1);
		p.alpha = (gs_real)a;
		break;
	case ACT_HARDSIGMOID:
		if (node_attr_float(n, "alpha", 0.2, &a, err) != 0)
			return (-1);
		p.alpha = (gs_real)a;
		if (node_attr_float(n, "beta", 0.5, &a, err) != 0)
			return (-1);
		p.beta = (gs_real)a;
		break;
	case ACT_SELU:
		if (node_attr_float(n, "alpha", 1.67326319217681884765625, &a,
		    err) != 0)
			return (-1);
		p.alpha = (gs_real)a;
		if (node_attr_float(n, "gamma", 1.05070102214813232421875, &a,
		    err) != 0)
			return (-1);
		p.beta = (gs_real)a;
		break;
	case ACT_CELU:
		if (node_attr_float(n, "alpha", 1.0, &a, err) != 0)
			return (-1);
		if (a == 0)
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "attribute 'alpha' is 0"));
		p.alpha = (gs_real)a;
		break;
	case ACT_GELU: {
		const char *ap;

		if (node_attr_string(n, "approximate", "none", &ap, err) != 0)
			return (-1);
		if (strcmp(ap, "tanh") == 0)
			p.tanh_form = 1;
		else if (strcmp(ap, "none") != 0)
			return (node_error(err, n, GS_EUNSUPPORTED, "attribute "
			    "'approximate' value '%s' is not supported", ap));
		break;
	}
	case ACT_POW:
		/* A variable exponent gets a gradient too (y ln x). */
		if (in[1].is_const && in[1].data != NULL &&
		    shape_len(&in[1].shape) == 1) {
			p.e_scalar = 1;
			p.e = in[1].data[0];
		}
		break;
	case ACT_CLIP:
		if (n->opset < 11) {
			if (node_attr_float(n, "min", -INFINITY, &a, err) != 0)
				return (-1);
			p.lo = (gs_real)a;
			if (node_attr_float(n, "max", INFINITY, &a, err) != 0)
				return (-1);
			p.hi = (gs_real)a;
			if (act_has_input(n, 1) || act_has_input(n, 2))
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "min and max are attributes before"
				    " opset 11, not inputs"));
		} else {
			if (act_clip_bound(n, in, 1, "min", &p.lo, err) != 0 ||
			    act_clip_bound(n, in, 2, "max", &p.hi, err) != 0)
				return (-1);
		}
		break;
	default:
		break;
	}
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/*
 * Output shape: the input's. For Pow the exponent must broadcast to the
 * base without growing it.
 */
static int
act_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct act_priv	*p = n->priv;
	struct gs_shape		 b;
	char			 s1[64], s2[64];
	int			 i;

	if (p->kind == ACT_POW) {
		if (shape_broadcast(&in[0].shape, &in[1].shape, &b, err) != 0)
			return (-1);
		if (b.ndim != in[0].shape.ndim)
			goto grow;
		for (i = 0; i < b.ndim; i++) {
			if (b.d[i] != in[0].shape.d[i])
				goto grow;
		}
	}
	*out = in[0].shape;
	return (0);

grow:
	return (node_error(err, n, GS_EUNSUPPORTED,
	    "exponent shape %s broadcasts beyond the base shape %s",
	    shape_format(&in[1].shape, s1, sizeof s1),
	    shape_format(&in[0].shape, s2, sizeof s2)));
}

/*
 * Pow with a broadcast exponent, forward (dx NULL: y = x^e) or backward
 * (dx += g * e * x^(e-1), 0 where e == 0). Walks the base row by row.
 */
static void
act_pow_bcast(const struct gs_tensor *x, const struct gs_tensor *ex,
    gs_real *y, const gs_real *g, gs_real *dx)
{
	const struct gs_shape	*s = &x->shape;
	const gs_real		*xd = x->data, *e = ex->data;
	int64_t			 stride[GS_MAX_DIMS], idx[GS_MAX_DIMS];
	size_t			 len = shape_len(s), inner, es, off, o, j;
	size_t			 eo;
	int			 i;

	shape_bcast_strides(&ex->shape, s, stride);
	inner = s->ndim > 0 ? (size_t)s->d[s->ndim - 1] : 1;
	if (inner == 0)
		return;
	es = s->ndim > 0 ? (size_t)stride[s->ndim - 1] : 0;
	memset(idx, 0, sizeof idx);
	for (o = 0; o < len; o += inner) {
		eo = 0;
		for (i = 0; i < s->ndim - 1; i++)
			eo += (size_t)(idx[i] * stride[i]);
		if (dx == NULL) {
			for (j = 0; j < inner; j++)
				y[o + j] = GS_POW(xd[o + j], e[eo + j * es]);
		} else {
			for (j = 0; j < inner; j++) {
				off = o + j;
				if (e[eo + j * es] != 0)
					dx[off] += g[off] * e[eo + j * es] *
					    GS_POW(xd[off], e[eo + j * es] - 1);
			}
		}
		for (i = s->ndim - 2; i >= 0; i--) {
			if (++idx[i] < s->d[i])
				break;
			idx[i] = 0;
		}
	}
}

/*
 * Pow's exponent gradient: de += g x^e ln x, summed where e is broadcast;
 * 0 where x is 0 (as torch), NaN where x is negative.
 */
static void
act_pow_exp_grad(const struct gs_tensor *x, const struct gs_tensor *ex,
    const gs_real *y, const gs_real *g, gs_real *de)
{
	size_t	len = shape_len(&x->shape), i;
	gs_real	v;

	for (i = 0; i < len; i++) {
		v = x->data[i];
		if (v == 0)
			continue;
		de[shape_bcast_offset(&ex->shape, &x->shape, i)] += g[i] *
		    y[i] * GS_LOG(v);
	}
}

#ifdef GS_SIMD
#define ACT_GELU_NEAR	4.0f	/* |x| up to which Q's short fit serves */
#define ACT_GELU_MID	13.0f	/* |x| up to which act_v_npdf_near serves */

/*
 * GELU in float, eight lanes at a time (model/simd.h): the erf form is
 * 0.5 x erfc(-x / sqrt 2), with erfc as e^(-x^2 / 2) times a polynomial
 * in w = 1 / (2 sqrt 2 + |x|) (act_v_phi: fractional error below 1e-6
 * for |x| <= 4 and 1.3e-6 to 5.5, so x Phi(x) keeps its relative
 * precision for negative x too) and exp from a range reduction to
 * [-ln2/2, ln2/2] and a degree-5 polynomial (below 2e-7 relative). The forward pass keeps the
 * derivative Phi(x) + x phi(x), from the same exp, for the backward pass.
 * Within 2e-6 of libm's double results (the float argument of exp near
 * -50 limits the far tail, where GELU is below 1e-12), at a fraction of
 * their time. The loop is bound by its vector operations, multiplies
 * most, and by the chains behind the division and the exp: constant
 * factors are folded into the polynomials' coefficients, and the
 * polynomials are evaluated by Estrin's scheme (short dependency chains,
 * several vectors in flight).
 */

/*
 * The polynomial of act_v_npdf: e^(-r / 2) / sqrt(2 pi) for r in
 * [-ln 2, ln 2], by Estrin's scheme.
 */
GS_V8_INLINE gs_v8sf
act_v_npdf_poly(gs_v8sf r)
{
	gs_v8sf	 r2 = r * r;

	return ((GS_V8(3.9894229174e-01f) + r * GS_V8(-1.9947114587e-01f)) +
	    r2 * ((GS_V8(4.9867019057e-02f) + r * GS_V8(-8.3115203306e-03f)) +
	    r2 * (GS_V8(1.0444836225e-03f) + r * GS_V8(-1.0363180627e-04f))));
}

/*
 * phi(x) = e^(-x^2 / 2) / sqrt(2 pi) for eight xx = x^2 (xx clamped at
 * 170, where phi is below 1e-37, so that the exponent below stays a
 * float's). With k = round(-xx / (2 ln 2)) and r = xx + 2 k ln 2 (two
 * steps, the first exact), -x^2 / 2 = k ln 2 - r / 2: phi is 2^k times a
 * polynomial in r, the degree-5 minimax polynomial of e^s on [-ln2/2,
 * ln2/2] (1.1e-7 relative) with s = -r / 2 and the factor 1 / sqrt(2 pi)
 * taken into its coefficients.
 */
GS_V8_INLINE gs_v8sf
act_v_npdf(gs_v8sf xx)
{
	gs_v8sf	 j, t, r;
	gs_v8si	 m, k;

	m = xx < GS_V8(170.0f);
	xx = (gs_v8sf)(((gs_v8si)xx & m) | ((gs_v8si)GS_V8(170.0f) & ~m));
	/* k by the 1.5 2^23 shifter: j's low bits are k, and so k << 23. */
	j = xx * GS_V8(-7.2134751081e-01f) + GS_V8(12582912.0f);
	k = (gs_v8si)j << 23;
	t = j - GS_V8(12582912.0f);
	r = (xx + t * GS_V8(1.38629150390625f)) + t *
	    GS_V8(2.8572135307e-06f);
	return ((gs_v8sf)((gs_v8si)act_v_npdf_poly(r) + k));
}

/*
 * The same for xx at most ACT_GELU_MID^2 = 169: no clamp, and r in one
 * step. 2 ln 2 in float is 4e-9 off and k is at least -122, and the
 * product t 2 ln 2 is rounded: r is within 1e-6 (the result within 5e-7
 * relative) up to |x| = 5.5, beyond which GELU of a negative x is below
 * 1e-7 and held to 1e-12 absolute, and that of a positive x is x itself
 * to a float.
 */
GS_V8_INLINE gs_v8sf
act_v_npdf_near(gs_v8sf xx)
{
	gs_v8sf	 j, t, r;
	gs_v8si	 k;

	j = xx * GS_V8(-7.2134751081e-01f) + GS_V8(12582912.0f);
	k = (gs_v8si)j << 23;
	t = j - GS_V8(12582912.0f);
	r = xx + t * GS_V8(1.38629436492919921875f);
	return ((gs_v8sf)((gs_v8si)act_v_npdf_poly(r) + k));
}

/*
 * Phi(x) for eight x (the normal distribution function), and phi(x) into
 * *e. With z = |x| / sqrt 2 and t = 1 / (1 + z / 2), erfc(z) = t P(t)
 * e^(-z^2): P is a degree-8 fit of erfcx(z) / t, smooth on t in (0, 1]
 * (relative error 4.2e-8 in double, 2e-7 with float coefficients, over z
 * in [0, 9.4], below which e^(-z^2) is a float; beyond it the result is
 * below 1e-37). Here t = 2 sqrt 2 w, w = 1 / (2 sqrt 2 + |x|), and
 * erfc(z) / 2 = w Q(w) phi(x): Q's coefficients are P's times
 * (2 sqrt 2)^(n + 1) sqrt(2 pi) / 2. Where |x| <= ACT_GELU_NEAR (after a
 * LayerNormalization, nearly every element), a degree-6 fit of Q over
 * that range alone serves (a relative least-squares fit, reweighted
 * towards minimax: 1.7e-7 in double), and where |x| <= ACT_GELU_MID,
 * act_v_npdf_near. The general forms are computed only for the vectors
 * that have a lane beyond, and only that lane takes them: each element's
 * result depends on its own value alone. The phi is the one the
 * derivative x phi(x) needs, so the backward pass needs none.
 */
GS_V8_INLINE gs_v8sf
act_v_phi(gs_v8sf x, gs_v8sf *e)
{
	gs_v8sf	 u, w, w2, w4, q, q2, ec, e2;
	gs_v8si	 neg, near, mid;

	neg = x < GS_V8(0.0f);
	u = (gs_v8sf)((gs_v8si)x & ~(gs_v8si)GS_V8(-0.0f));
	near = u <= GS_V8(ACT_GELU_NEAR);
	w = GS_V8(1.0f) / (GS_V8(2.8284270763e+00f) + u);
	w2 = w * w;
	w4 = w2 * w2;
	q = w * (((GS_V8(9.9847751856e-01f) + w * GS_V8(2.8405032158e+00f)) +
	    w2 * (GS_V8(7.4329233170e+00f) + w * GS_V8(5.6906595230e+00f))) +
	    w4 * ((GS_V8(8.1642776489e+01f) + w * GS_V8(-2.2088523865e+02f)) +
	    w2 * GS_V8(1.5673013306e+02f)));
	*e = act_v_npdf_near(x * x);
	ec = q * *e;				/* erfc(z) / 2 */
	if (!gs_v8_all(near)) {
		q2 = w * ((((GS_V8(9.9997586012e-01f) + w *
		    GS_V8(2.8309662342e+00f)) + w2 * (GS_V8(6.8998112679e+00f) +
		    w * GS_V8(1.6196195602e+01f))) + w4 *
		    ((GS_V8(-5.6311411858e+00f) + w * GS_V8(1.7676467896e+02f)) +
		    w2 * (GS_V8(-8.8015936279e+02f) + w *
		    GS_V8(1.4553083496e+03f)))) + (w4 * w4) *
		    GS_V8(-8.5445855713e+02f));
		q = (gs_v8sf)(((gs_v8si)q & near) | ((gs_v8si)q2 & ~near));
		mid = u <= GS_V8(ACT_GELU_MID);
		if (!gs_v8_all(mid)) {
			e2 = act_v_npdf(x * x);
			*e = (gs_v8sf)(((gs_v8si)*e & mid) |
			    ((gs_v8si)e2 & ~mid));
		}
		ec = q * *e;
	}
	return ((gs_v8sf)(((gs_v8si)ec & neg) |
	    ((gs_v8si)(GS_V8(1.0f) - ec) & ~neg)));
}

/*
 * y = x Phi(x); keep[i] = Phi(x) + x phi(x), the derivative, when keep is
 * not NULL.
 */
static GS_CLONES void
act_gelu_fast(const float *x, float *y, float *keep, size_t len)
{
	gs_v8sf	 v, ph, e;
	size_t		 i = 0;

	for (; i + GS_V8_LANES <= len; i += GS_V8_LANES) {
		v = gs_v8_load(x + i);
		ph = act_v_phi(v, &e);
		gs_v8_store(y + i, v * ph);
		if (keep != NULL)
			gs_v8_store(keep + i, ph + v * e);
	}
	for (; i < len; i++) {
		ph = act_v_phi(GS_V8(x[i]), &e);
		y[i] = x[i] * ph[0];
		if (keep != NULL)
			keep[i] = ph[0] + x[i] * e[0];
	}
}

/* dx += g d, d the derivative kept by the forward pass. */
static GS_CLONES void
act_gelu_fast_back(const float *g, const float *d, float *dx, size_t len)
{
	size_t	i = 0;

	for (; i + GS_V8_LANES <= len; i += GS_V8_LANES)
		gs_v8_store(dx + i, gs_v8_load(dx + i) + gs_v8_load(g + i) *
		    gs_v8_load(d + i));
	for (; i < len; i++)
		dx[i] += g[i] * d[i];
}
#endif

/* y = f(x) for every element. */
static void
act_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct act_priv	*p = n->priv;
	const gs_real		*restrict x = in[0].data;
	gs_real			*restrict y = out[0].data;
	gs_real			 a = p->alpha, e, t;
	gs_real			 lo = p->lo, hi = p->hi;
	const gs_real		 one = 1, zero = 0;
	size_t			 len = shape_len(&in[0].shape), i;

	switch (p->kind) {
	case ACT_RELU:
		/* NaN passes through, as torch's clamp_min does. */
		for (i = 0; i < len; i++)
			y[i] = x[i] < zero ? zero : x[i];
		break;
	case ACT_LEAKYRELU:
		for (i = 0; i < len; i++) {
			gs_real xi = x[i];
			y[i] = xi < zero ? a * xi : xi;
		}
		break;
	case ACT_ELU:
		for (i = 0; i < len; i++)
			y[i] = x[i] > zero ? x[i] : a * GS_EXPM1(x[i]);
		break;
	case ACT_SIGMOID:
		/* exp(-|x|) never overflows: 1/(1+e) or e/(1+e). */
		for (i = 0; i < len; i++) {
			e = GS_EXP(-GS_FABS(x[i]));
			y[i] = (x[i] >= zero ? one : e) / (one + e);
		}
		break;
	case ACT_TANH:
		for (i = 0; i < len; i++)
			y[i] = GS_TANH(x[i]);
		break;
	case ACT_SOFTPLUS:
		/* GS_LOG(1 + e^x) = max(x, 0) + GS_LOG1P(e^-|x|). */
		for (i = 0; i < len; i++)
			y[i] = (x[i] > zero ? x[i] : zero) +
			    GS_LOG1P(GS_EXP(-GS_FABS(x[i])));
		break;
	case ACT_EXP:
		for (i = 0; i < len; i++)
			y[i] = GS_EXP(x[i]);
		break;
	case ACT_LOG:
		if (p->logsig) {
			/* log sigmoid(x) = min(x, 0) - log1p(e^-|x|). */
			for (i = 0; i < len; i++)
				y[i] = (x[i] < zero ? x[i] : zero) -
				    GS_LOG1P(GS_EXP(-GS_FABS(x[i])));
			break;
		}
		for (i = 0; i < len; i++)
			y[i] = GS_LOG(x[i]);
		break;
	case ACT_SQRT:
		for (i = 0; i < len; i++)
			y[i] = GS_SQRT(x[i]);
		break;
	case ACT_POW:
		if (!p->e_scalar)
			act_pow_bcast(&in[0], &in[1], y, NULL, NULL);
		else if (p->e == 2) {
			for (i = 0; i < len; i++)
				y[i] = x[i] * x[i];
		} else {
			e = p->e;
			for (i = 0; i < len; i++)
				y[i] = GS_POW(x[i], e);
		}
		break;
	case ACT_CLIP:
		/* min(max(x, lo), hi): all hi when lo > hi, NaN kept. */
		for (i = 0; i < len; i++) {
			t = x[i] < lo ? lo : x[i];
			y[i] = t > hi ? hi : t;
		}
		break;
	case ACT_ERF:
		for (i = 0; i < len; i++)
			y[i] = GS_ERF(x[i]);
		break;
	case ACT_ABS:
		for (i = 0; i < len; i++)
			y[i] = GS_FABS(x[i]);
		break;
	case ACT_NEG:
		for (i = 0; i < len; i++)
			y[i] = -x[i];
		break;
	case ACT_RECIPROCAL:
		for (i = 0; i < len; i++)
			y[i] = one / x[i];
		break;
	case ACT_HARDSIGMOID:
		/* max(0, min(1, alpha x + beta)). */
		for (i = 0; i < len; i++) {
			t = a * x[i] + p->beta;
			y[i] = t < zero ? zero : t > one ? one : t;
		}
		break;
	case ACT_HARDSWISH:
		/* x max(0, min(1, x / 6 + 1 / 2)). */
		for (i = 0; i < len; i++) {
			t = x[i] / 6 + (gs_real)0.5;
			y[i] = x[i] * (t < zero ? zero : t > one ? one : t);
		}
		break;
	case ACT_SELU:
		for (i = 0; i < len; i++)
			y[i] = p->beta * (x[i] > zero ? x[i] :
			    a * GS_EXPM1(x[i]));
		break;
	case ACT_CELU:
		/* max(0, x) + min(0, alpha (e^(x / alpha) - 1)). */
		for (i = 0; i < len; i++)
			y[i] = x[i] > zero ? x[i] : a * GS_EXPM1(x[i] / a);
		break;
	case ACT_SOFTSIGN:
		for (i = 0; i < len; i++)
			y[i] = x[i] / (one + GS_FABS(x[i]));
		break;
	case ACT_GELU:
		if (p->tanh_form) {
			/* x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
			for (i = 0; i < len; i++)
				y[i] = (gs_real)0.5 * x[i] * (one + GS_TANH(
				    ACT_GELU_K * (x[i] + (gs_real)0.044715 *
				    x[i] * x[i] * x[i])));
			break;
		}
		/*
		 * x Phi(x), Phi(x) = (1 + erf(x / sqrt 2)) / 2; the
		 * derivative Phi(x) + x phi(x) is kept in the scratch for the
		 * backward pass.
		 */
#ifdef GS_SIMD
		act_gelu_fast(x, y, scratch, len);
		break;
#endif
		for (i = 0; i < len; i++) {
			t = (gs_real)0.5 * (one + GS_ERF(x[i] *
			    (gs_real)0.70710678118654752440));
			if (scratch != NULL)
				scratch[i] = t + x[i] *
				    (gs_real)0.39894228040143267794 *
				    GS_EXP(-(gs_real)0.5 * x[i] * x[i]);
			y[i] = x[i] * t;
		}
		break;
	case ACT_MISH:
		/* x tanh(softplus(x)). */
		for (i = 0; i < len; i++)
			y[i] = x[i] * GS_TANH((x[i] > zero ? x[i] : zero) +
			    GS_LOG1P(GS_EXP(-GS_FABS(x[i]))));
		break;
	case ACT_COUNT:
		break;
	}
}

/*
 * Relu's stored gradient (GS_OP_STORES): dx = 0 + (x > 0 ? g : 0), the
 * same bits as adding to zeros; eight lanes at a time (a mask, no branch
 * on the sign).
 */
static GS_CLONES void
act_relu_store(const gs_real *restrict x, const gs_real *restrict g,
    gs_real *restrict dx, size_t len)
{
	size_t	 i = 0;

#ifdef GS_SIMD
	gs_v8si	 m;

	for (; i + GS_V8_LANES <= len; i += GS_V8_LANES) {
		m = (gs_v8si)(gs_v8_load(x + i) > GS_V8(0.0f));
		gs_v8_store(dx + i, GS_V8(0.0f) +
		    (gs_v8sf)((gs_v8si)gs_v8_load(g + i) & m));
	}
#endif
	for (; i < len; i++)
		dx[i] = 0 + (x[i] > 0 ? g[i] : 0);
}

/* dx += g * f'(x), using y = f(x) where that is cheaper. */
static void
act_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const struct act_priv	*p = n->priv;
	const gs_real		*restrict x = in[0].data;
	const gs_real		*restrict y = out[0].data;
	const gs_real		*restrict g = dout[0].data;
	gs_real			*restrict dx = din[0].data;
	gs_real			 a = p->alpha, e;
	gs_real			 lo = p->lo, hi = p->hi;
	const gs_real		 one = 1, zero = 0, half = 0.5;
	size_t			 len = shape_len(&in[0].shape), i;

	if (p->kind == ACT_POW && din[1].data != NULL)
		act_pow_exp_grad(&in[0], &in[1], y, g, din[1].data);
	if (dx == NULL)
		return;
	switch (p->kind) {
	case ACT_RELU:
		/* relu'(x) = [x > 0]; 0 at the kink, as torch. */
		if (din[0].store) {
			act_relu_store(x, g, dx, len);
			break;
		}
		for (i = 0; i < len; i++) {
			gs_real gi = g[i];	/* loaded unconditionally: vectorises */
			dx[i] += x[i] > zero ? gi : zero;
		}
		break;
	case ACT_LEAKYRELU:
		/* leakyrelu'(x) = 1 for x > 0, else alpha. */
		for (i = 0; i < len; i++) {
			gs_real gi = g[i];
			dx[i] += x[i] > zero ? gi : a * gi;
		}
		break;
	case ACT_ELU:
		/* elu'(x) = 1 for x > 0, else alpha e^x. */
		for (i = 0; i < len; i++)
			dx[i] += x[i] > zero ? g[i] : a * GS_EXP(x[i]) * g[i];
		break;
	case ACT_SIGMOID:
		/*
		 * sigmoid'(x) = y (1 - y) = e / (1 + e)^2 with e = e^-|x|,
		 * which keeps its precision where 1 - y would cancel.
		 */
		for (i = 0; i < len; i++) {
			e = GS_EXP(-GS_FABS(x[i]));
			dx[i] += g[i] * e / ((one + e) * (one + e));
		}
		break;
	case ACT_TANH:
		/* tanh'(x) = 1 - y^2. */
		for (i = 0; i < len; i++)
			dx[i] += g[i] * (one - y[i] * y[i]);
		break;
	case ACT_SOFTPLUS:
		/* softplus'(x) = sigmoid(x). */
		for (i = 0; i < len; i++) {
			e = GS_EXP(-GS_FABS(x[i]));
			dx[i] += g[i] * (x[i] >= zero ? one : e) / (one + e);
		}
		break;
	case ACT_EXP:
		/* exp'(x) = y. */
		for (i = 0; i < len; i++)
			dx[i] += g[i] * y[i];
		break;
	case ACT_LOG:
		if (p->logsig) {
			/* (log sigmoid)'(x) = sigmoid(-x). */
			for (i = 0; i < len; i++) {
				e = GS_EXP(-GS_FABS(x[i]));
				dx[i] += g[i] * (x[i] >= zero ? e : one) /
				    (one + e);
			}
			break;
		}
		/* log'(x) = 1 / x. */
		for (i = 0; i < len; i++)
			dx[i] += g[i] / x[i];
		break;
	case ACT_SQRT:
		/* sqrt'(x) = 1 / (2 y). */
		for (i = 0; i < len; i++)
			dx[i] += half * g[i] / y[i];
		break;
	case ACT_POW:
		/* d/dx x^e = e x^(e-1); 0 where e == 0, as torch. */
		if (!p->e_scalar)
			act_pow_bcast(&in[0], &in[1], NULL, g, dx);
		else if (p->e == 2) {
			for (i = 0; i < len; i++)
				dx[i] += 2 * g[i] * x[i];
		} else if (p->e != 0) {
			e = p->e;
			for (i = 0; i < len; i++)
				dx[i] += g[i] * e * GS_POW(x[i], e - one);
		}
		break;
	case ACT_CLIP:
		/* clip'(x) = [lo <= x <= hi], inclusive as torch. */
		for (i = 0; i < len; i++)
			dx[i] += x[i] >= lo && x[i] <= hi ? g[i] : zero;
		break;
	case ACT_ERF:
		/* erf'(x) = 2 / sqrt(pi) e^(-x^2). */
		for (i = 0; i < len; i++)
			dx[i] += g[i] * (gs_real)1.12837916709551257390 *
			    GS_EXP(-x[i] * x[i]);
		break;
	case ACT_ABS:
		/* |x|' = sign(x), 0 at 0 as torch. */
		for (i = 0; i < len; i++)
			dx[i] += x[i] > zero ? g[i] : x[i] < zero ? -g[i] :
			    zero;
		break;
	case ACT_NEG:
		for (i = 0; i < len; i++)
			dx[i] -= g[i];
		break;
	case ACT_RECIPROCAL:
		/* (1/x)' = -1/x^2 = -y^2. */
		for (i = 0; i < len; i++)
			dx[i] -= g[i] * y[i] * y[i];
		break;
	case ACT_HARDSIGMOID:
		/* alpha inside (0 < alpha x + beta < 1), else 0. */
		for (i = 0; i < len; i++) {
			e = a * x[i] + p->beta;
			dx[i] += e > zero && e < one ? a * g[i] : zero;
		}
		break;
	case ACT_HARDSWISH:
		/* 0 below -3, x/3 + 1/2 up to 3, 1 above (torch). */
		for (i = 0; i < len; i++)
			dx[i] += x[i] < -3 ? zero : x[i] <= 3 ? g[i] *
			    (x[i] / 3 + half) : g[i];
		break;
	case ACT_SELU:
		/* gamma for x > 0, else gamma alpha e^x. */
		for (i = 0; i < len; i++)
			dx[i] += g[i] * p->beta * (x[i] > zero ? one :
			    a * GS_EXP(x[i]));
		break;
	case ACT_CELU:
		/* 1 for x > 0, else e^(x / alpha). */
		for (i = 0; i < len; i++)
			dx[i] += x[i] > zero ? g[i] : g[i] * GS_EXP(x[i] / a);
		break;
	case ACT_SOFTSIGN:
		/* 1 / (1 + |x|)^2. */
		for (i = 0; i < len; i++) {
			e = one + GS_FABS(x[i]);
			dx[i] += g[i] / (e * e);
		}
		break;
	case ACT_GELU:
		if (p->tanh_form) {
			/*
			 * u = k (x + c x^3): y' = (1 + tanh u) / 2 +
			 * x/2 (1 - tanh^2 u) k (1 + 3 c x^2).
			 */
			for (i = 0; i < len; i++) {
				gs_real x2 = x[i] * x[i], th;

				th = GS_TANH(ACT_GELU_K * (x[i] +
				    (gs_real)0.044715 * x2 * x[i]));
				dx[i] += g[i] * (half * (one + th) + half *
				    x[i] * (one - th * th) * ACT_GELU_K *
				    (one + 3 * (gs_real)0.044715 * x2));
			}
			break;
		}
		/* Phi(x) + x phi(x), kept by the forward pass. */
		if (scratch != NULL) {
#ifdef GS_SIMD
			act_gelu_fast_back(g, scratch, dx, len);
			break;
#endif
			for (i = 0; i < len; i++)
				dx[i] += g[i] * scratch[i];
			break;
		}
		for (i = 0; i < len; i++)
			dx[i] += g[i] * (half * (one + GS_ERF(x[i] *
			    (gs_real)0.70710678118654752440)) + x[i] *
			    (gs_real)0.39894228040143267794 *
			    GS_EXP(-half * x[i] * x[i]));
		break;
	case ACT_MISH:
		/*
		 * s = softplus(x), t = tanh(s): y' = t + x (1 - t^2)
		 * sigmoid(x).
		 */
		for (i = 0; i < len; i++) {
			gs_real sp, th, sg;

			e = GS_EXP(-GS_FABS(x[i]));
			sp = (x[i] > zero ? x[i] : zero) + GS_LOG1P(e);
			th = GS_TANH(sp);
			sg = (x[i] >= zero ? one : e) / (one + e);
			dx[i] += g[i] * (th + x[i] * (one - th * th) * sg);
		}
		break;
	case ACT_COUNT:
		break;
	}
}

/*
 * Fuse Log node n with the Sigmoid node src that computes its input: n
 * then computes log sigmoid(x) from src's input x directly, which keeps
 * the precision log(1 - tiny) loses in float (x = 20: -2.1e-9, not 0).
 * Returns 1 when fused (n's input rewired), else 0.
 */
int
act_fuse(struct gs_node *n, const struct gs_node *src)
{
	struct act_priv	*p = n->priv;

	if (n->op != &gs_op_log || src->op != &gs_op_sigmoid || p == NULL ||
	    src->in[0] < 0)
		return (0);
	p->logsig = 1;
	n->in[0] = src->in[0];
	return (1);
}

/*
 * Make n a Gelu (erf form) reading value x: free what its op parsed and
 * take a Gelu's; see graph.h.
 */
void
act_become_gelu(struct gs_node *n, int x)
{
	struct act_priv	*p;

	if (n->priv != NULL) {
		if (n->op->free != NULL)
			n->op->free(n);
		else
			free(n->priv);
	}
	p = xcalloc(1, sizeof *p);
	p->kind = ACT_GELU;
	p->lo = -INFINITY;
	p->hi = INFINITY;
	n->priv = p;
	n->op = &gs_op_gelu;
	n->in[0] = x;
	n->n_in = 1;
}

/*
 * Margins of row row (of rows) for the kinked activations: the input for
 * Relu, LeakyRelu and Elu (whose slope jumps at 0 unless alpha is 1), and
 * x - lo, hi - x for Clip.
 */
static size_t
act_margins(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, size_t row, size_t rows, gs_real *m)
{
	const struct act_priv	*p = n->priv;
	size_t			 len = shape_len(&in[0].shape) / rows, i;
	const gs_real		*x = in[0].data + row * len;

	switch (p->kind) {
	case ACT_ELU:
		if (p->alpha == 1)
			return (0);
		/* FALLTHROUGH */
	case ACT_RELU:
	case ACT_LEAKYRELU:
		if (m != NULL)
			memcpy(m, x, len * sizeof *m);
		return (len);
	case ACT_SELU:
	case ACT_ABS:
		if (m != NULL)
			memcpy(m, x, len * sizeof *m);
		return (len);
	case ACT_CLIP:
		for (i = 0; m != NULL && i < len; i++) {
			m[2 * i] = x[i] - p->lo;
			m[2 * i + 1] = p->hi - x[i];
		}
		return (2 * len);
	case ACT_HARDSIGMOID:
		for (i = 0; m != NULL && i < len; i++) {
			m[2 * i] = p->alpha * x[i] + p->beta;
			m[2 * i + 1] = 1 - m[2 * i];
		}
		return (2 * len);
	case ACT_HARDSWISH:
		for (i = 0; m != NULL && i < len; i++) {
			m[2 * i] = x[i] + 3;
			m[2 * i + 1] = 3 - x[i];
		}
		return (2 * len);
	default:
		return (0);
	}
}

/*
 * Kinks along a segment (see graph.h): Relu, LeakyRelu, Abs, and Elu
 * and Selu with alpha not 1, switch where their input crosses 0; Clip
 * where it crosses a finite bound; HardSigmoid where alpha x + beta
 * crosses 0 and 1; HardSwish where x crosses -3 and 3.
 */
static size_t
act_kinks(const struct gs_node *n, const struct gs_tensor *a,
    const struct gs_tensor *b, const size_t *base, struct gs_kink *k,
    size_t max)
{
	const struct act_priv	*p = n->priv;
	struct gs_kinks		 ks;
	double			 c[2], scale = 0;
	size_t			 len = shape_len(&a[0].shape), i, nc = 0, q;

	if (base[0] == GS_KINK_FIXED)
		return (0);
	switch (p->kind) {
	case ACT_ELU:
	case ACT_SELU:
		if (p->alpha == 1)
			return (0);
		/* FALLTHROUGH */
	case ACT_RELU:
	case ACT_LEAKYRELU:
	case ACT_ABS:
		c[nc++] = 0;
		break;
	case ACT_CLIP:
		/* lo >= hi: a constant (or a single point of slope 1). */
		if (!(p->lo < p->hi))
			return (0);
		if (isfinite(p->lo))
			c[nc++] = p->lo;
		if (isfinite(p->hi))
			c[nc++] = p->hi;
		break;
	case ACT_HARDSIGMOID:
		/* alpha 0: a constant. */
		if (p->alpha == 0)
			return (0);
		c[nc++] = -(double)p->beta / (double)p->alpha;
		c[nc++] = (1 - (double)p->beta) / (double)p->alpha;
		break;
	case ACT_HARDSWISH:
		c[nc++] = -3;
		c[nc++] = 3;
		break;
	default:
		return (0);
	}
	for (q = 0; q < nc; q++)
		scale = fmax(scale, fabs(c[q]));
	kinks_start(&ks, k, max, kinks_scale(a[0].data, b[0].data, len,
	    scale));
	for (i = 0; i < len; i++) {
		for (q = 0; q < nc; q++)
			kinks_cross(&ks, base[0] + i, a[0].data[i],
			    b[0].data[i], c[q]);
	}
	return (ks.count);
}

/* Abs and Neg of an integer tensor (shape arithmetic). */
static int
act_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	const struct act_priv	*p = n->priv;
	size_t			 len = shape_len(&in[0].shape), i;

	if (in[0].ival == NULL)
		return (1);
	for (i = 0; i < len; i++) {
		uint64_t u = (uint64_t)in[0].ival[i];

		if (p->kind == ACT_NEG || in[0].ival[i] < 0)
			u = 0 - u;
		out[0].ival[i] = (int64_t)u;
	}
	return (0);
}

/* One op struct per activation; all share the functions above. */
#define ACT_OP(nm, lo_in, hi_in, tr) {					\
	.name = (nm), .min_in = (lo_in), .max_in = (hi_in), .n_out = 1,	\
	.traits = (tr) | GS_OP_ELEMENTWISE,				\
	.init = act_init, .shape = act_shape, .scratch = NULL,		\
	.forward = act_forward, .backward = act_backward, .free = NULL,	\
	.margins = ((tr) & GS_OP_KINKS) ? act_margins : NULL,		\
	.kinks = ((tr) & GS_OP_KINKS) ? act_kinks : NULL,		\
	.ifold = ((tr) & GS_OP_INT_EXACT) ? act_ifold : NULL		\
}
#define ACT_K		(GS_OP_KINKS | GS_OP_BATCH_CONST)	/* kinked */
#define ACT_S		(GS_OP_SMOOTH | GS_OP_BATCH_CONST)	/* smooth */

const struct gs_op gs_op_relu = ACT_OP("Relu", 1, 1, ACT_K | GS_OP_STORES);
const struct gs_op gs_op_leakyrelu = ACT_OP("LeakyRelu", 1, 1, ACT_K);
const struct gs_op gs_op_elu = ACT_OP("Elu", 1, 1, ACT_K);
const struct gs_op gs_op_sigmoid = ACT_OP("Sigmoid", 1, 1, ACT_S);
const struct gs_op gs_op_tanh = ACT_OP("Tanh", 1, 1, ACT_S);
const struct gs_op gs_op_softplus = ACT_OP("Softplus", 1, 1, ACT_S);
const struct gs_op gs_op_exp = ACT_OP("Exp", 1, 1, ACT_S);
const struct gs_op gs_op_log = ACT_OP("Log", 1, 1, ACT_S);
const struct gs_op gs_op_sqrt = ACT_OP("Sqrt", 1, 1, ACT_S);
/* Pow and Clip read their constant inputs in init. */
const struct gs_op gs_op_pow = ACT_OP("Pow", 2, 2, GS_OP_SMOOTH);
const struct gs_op gs_op_clip = ACT_OP("Clip", 1, 3, GS_OP_KINKS);
const struct gs_op gs_op_erf = ACT_OP("Erf", 1, 1, ACT_S);
const struct gs_op gs_op_abs = ACT_OP("Abs", 1, 1, ACT_K | GS_OP_INT_EXACT);
const struct gs_op gs_op_neg = ACT_OP("Neg", 1, 1, ACT_S | GS_OP_INT_EXACT);
const struct gs_op gs_op_reciprocal = ACT_OP("Reciprocal", 1, 1, ACT_S);
const struct gs_op gs_op_hardsigmoid = ACT_OP("HardSigmoid", 1, 1, ACT_K);
const struct gs_op gs_op_hardswish = ACT_OP("HardSwish", 1, 1, ACT_K);
const struct gs_op gs_op_selu = ACT_OP("Selu", 1, 1, ACT_K);
const struct gs_op gs_op_celu = ACT_OP("Celu", 1, 1, ACT_S);
const struct gs_op gs_op_softsign = ACT_OP("Softsign", 1, 1, ACT_S);
/* Gelu keeps Phi(x) from its forward pass for the backward pass. */
static size_t
act_gelu_scratch(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	return (shape_len(&in[0].shape));
}

const struct gs_op gs_op_gelu = {
	.name = "Gelu", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = ACT_S | GS_OP_ELEMENTWISE,
	.init = act_init, .shape = act_shape, .scratch = act_gelu_scratch,
	.forward = act_forward, .backward = act_backward, .keep = 1,
};
const struct gs_op gs_op_mish = ACT_OP("Mish", 1, 1, ACT_S);

/* SPDX-License-Identifier: ISC */
/*
 * Type conversions: Cast and CastLike between the float types (FLOAT16
 * and BFLOAT16 round as a conversion does; the model still computes in
 * float32), integers and booleans; QuantizeLinear and DequantizeLinear
 * (int8 and uint8, per tensor or per axis) exactly as ONNX defines them.
 *
 * Gradients go straight through the rounding (the straight-through
 * estimator): a Cast to a float or integer type passes g unchanged (to
 * BOOL, nothing), QuantizeLinear
 * passes g / scale wherever x / scale + zero_point lies inside the
 * integer range and 0 where it saturates, DequantizeLinear passes g scale.
 * Gradient methods therefore explain the float function the quantizer
 * approximates, with its saturation; the forward values are the quantized
 * model's own.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"

extern const struct gs_op gs_op_cast, gs_op_castlike, gs_op_quantizelinear,
    gs_op_dequantizelinear;

struct cast_priv {
	int		 to;		/* target ONNX type */
	int		 quant;		/* QuantizeLinear (1), Dequantize (2) */
	int64_t		 axis;		/* quantization axis, as given */
	int		 per_axis;	/* scale is 1-D (one per slice) */
	int64_t		 qmin, qmax;	/* QuantizeLinear's integer range */
};

/* Whether Cast to ONNX type t is handled. */
static int
cast_supported(int t)
{
	return (t == GS_DT_FLOAT || t == GS_DT_DOUBLE || t == GS_DT_FLOAT16 ||
	    t == GS_DT_BFLOAT16 || dtype_is_int(t));
}

/* Integer v wrapped to the width of integer type t (as a C conversion). */
static int64_t
cast_wrap(int64_t v, int t)
{
	switch (t) {
	case GS_DT_UINT8:
		return ((uint8_t)v);
	case GS_DT_INT8:
		return ((int8_t)(uint8_t)v);
	case GS_DT_UINT16:
		return ((uint16_t)v);
	case GS_DT_INT16:
		return ((int16_t)(uint16_t)v);
	case GS_DT_INT32:
		return ((int32_t)(uint32_t)v);
	case GS_DT_UINT32:
		return ((uint32_t)v);
	case GS_DT_BOOL:
		return (v != 0);
	default:
		return (v);
	}
}

/* A real converted to integer type t: truncated toward zero, clamped. */
static int64_t
cast_trunc(double x, int t)
{
	if (t == GS_DT_BOOL)
		return (x != 0);
	if (isnan(x))
		return (0);
	if (x >= 9.2233720368547758e18)
		return (cast_wrap(INT64_MAX, t));
	if (x <= -9.2233720368547758e18)
		return (cast_wrap(INT64_MIN, t));
	return (cast_wrap((int64_t)trunc(x), t));
}

/*
 * Cast: 'to' (and from opset 19 'saturate', which only float8 targets
 * read). CastLike: the type of input 1. A cast of the input's data to an
 * integer type rounds toward zero and passes gradients straight through,
 * as QuantizeLinear does (torch's QDQ exports cast its uint8 output).
 */
static int
cast_init(struct gs_node *n, const struct gs_tensor *in, struct gs_error *err)
{
	struct cast_priv	 p;
	int64_t			 to, sat;

	memset(&p, 0, sizeof p);
	if (n->op == &gs_op_castlike) {
		if (!in[1].is_const || in[1].dtype == 0)
			return (node_error(err, n, GS_EUNSUPPORTED, "input "
			    "'target_type' must be a constant"));
		to = in[1].dtype;
	} else {
		if (node_attr_int(n, "to", -1, &to, err) != 0)
			return (-1);
		if (to == -1)
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "attribute 'to' is required"));
	}
	if (n->opset >= 19 && node_attr_int(n, "saturate", 1, &sat, err) != 0)
		return (-1);
	if (to < 0 || to > 64 || !cast_supported((int)to))
		return (node_error(err, n, GS_EUNSUPPORTED, "a cast to %s is "
		    "not supported", dtype_name((int)to)));
	p.to = (int)to;
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

static int
cast_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	out[0] = in[0].shape;
	return (0);
}

static void
cast_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct cast_priv	*p = n->priv;
	size_t			 len = shape_len(&in[0].shape), i;

	out[0].dtype = p->to;
	for (i = 0; i < len; i++) {
		if (dtype_is_int(p->to))
			out[0].data[i] = (gs_real)cast_trunc(in[0].data[i],
			    p->to);
		else
			out[0].data[i] = (gs_real)dtype_round(in[0].data[i],
			    p->to);
	}
}

/* Straight through: dx = g, except to BOOL (nothing). */
static void
cast_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const struct cast_priv	*p = n->priv;
	size_t			 len = shape_len(&in[0].shape), i;

	if (din[0].data == NULL || p->to == GS_DT_BOOL)
		return;
	for (i = 0; i < len; i++)
		din[0].data[i] += dout[0].data[i];
}

/* Integer targets give exact integers; float targets run forward. */
static int
cast_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	const struct cast_priv	*p = n->priv;
	size_t			 len = shape_len(&in[0].shape), i;

	out[0].dtype = p->to;
	if (!dtype_is_int(p->to))
		return (1);
	for (i = 0; i < len; i++)
		out[0].ival[i] = in[0].ival != NULL ? cast_wrap(in[0].ival[i],
		    p->to) : cast_trunc(in[0].data[i], p->to);
	return (0);
}

/*
 * A Cast that rounds (to an integer, FLOAT16 or BFLOAT16 type) or tests
 * for zero (BOOL) on the data path takes steps: exact integrated
 * gradients refuse it. See graph.h.
 */
static const char *
cast_jumps(const struct gs_node *n)
{
	const struct cast_priv	*p = n->priv;

	if (p != NULL && p->to == GS_DT_BOOL)
		return ("its output is 0 or 1, constant between the points "
		    "where its input crosses 0, so the model may jump where "
		    "its gradient is 0");
	if (cast_rounds(n))
		return ("it rounds, so the model takes steps where its "
		    "(straight-through) gradient is not 0");
	return (NULL);
}

const struct gs_op gs_op_cast = {
	.name = "Cast", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_ELEMENTWISE | GS_OP_INT_EXACT |
	    GS_OP_BATCH_CONST,
	.init = cast_init, .shape = cast_shape, .forward = cast_forward,
	.backward = cast_backward, .ifold = cast_ifold, .jumps = cast_jumps,
};

const struct gs_op gs_op_castlike = {
	.name = "CastLike", .min_in = 2, .max_in = 2, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_ELEMENTWISE | GS_OP_INT_EXACT |
	    GS_OP_BATCH_CONST,
	.init = cast_init, .shape = cast_shape, .forward = cast_forward,
	.backward = cast_backward, .ifold = cast_ifold, .jumps = cast_jumps,
};

/*
 * QuantizeLinear and DequantizeLinear: scale (and zero point) constant,
 * a scalar or (from opset 13) one per slice along 'axis'. The zero
 * point's type (uint8 when absent) sets QuantizeLinear's range. Refused by
 * name: blocked quantization (opset 21 block_size), float8 and 4- or
 * 16-bit integer types.
 */
static int
quant_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct cast_priv	 p;
	int64_t			 v;
	int			 t = GS_DT_UINT8, a;
	size_t			 len;

	memset(&p, 0, sizeof p);
	p.quant = n->op == &gs_op_quantizelinear ? 1 : 2;
	p.axis = 1;
	if (n->opset >= 13 && node_attr_int(n, "axis", 1, &p.axis, err) != 0)
		return (-1);
	if (n->opset >= 19 && p.quant == 1 &&
	    node_attr_int(n, "saturate", 1, &v, err) != 0)
		return (-1);
	if (n->opset >= 21) {
		if (node_attr_int(n, "block_size", 0, &v, err) != 0)
			return (-1);
		if (v != 0)
			return (node_error(err, n, GS_EUNSUPPORTED, "blocked "
			    "quantization (block_size %lld) is not supported",
			    (long long)v));
		if (p.quant == 1 && node_attr_int(n, "output_dtype", 0, &v,
		    err) != 0)
			return (-1);
		if (p.quant == 1 && v != 0)
			t = (int)v;
	}
	if (!in[1].is_const || in[1].ival != NULL)
		return (node_error(err, n, GS_EUNSUPPORTED, "input 'scale' "
		    "must be a constant float tensor"));
	len = shape_len(&in[1].shape);
	if (in[1].shape.ndim > 1)
		return (node_error(err, n, GS_EUNSUPPORTED, "input 'scale' "
		    "must be a scalar or 1-D (blocked quantization is not "
		    "supported)"));
	p.per_axis = in[1].shape.ndim == 1 && len != 1;
	if (p.per_axis && n->opset < 13)
		return (node_error(err, n, GS_EUNSUPPORTED, "a 1-D scale "
		    "needs opset 13"));
	if (p.per_axis) {
		a = shape_axis(p.axis, in[0].shape.ndim);
		if (a < 0 || in[0].shape.d[a] != (int64_t)len)
			return (node_error(err, n, GS_ESHAPE, "the %zu scales "
			    "do not match axis %lld of the input", len,
			    (long long)p.axis));
	}
	if (NODE_HAS_IN(n, 2)) {
		if (!in[2].is_const || in[2].ival == NULL)
			return (node_error(err, n, GS_EUNSUPPORTED, "input "
			    "'zero_point' must be a constant integer tensor"));
		if (shape_len(&in[2].shape) != len)
			return (node_error(err, n, GS_ESHAPE, "'zero_point' "
			    "and 'scale' differ in size"));
		t = in[2].dtype;
	}
	if (p.quant == 1) {
		if (t == GS_DT_UINT8) {
			p.qmin = 0;
			p.qmax = 255;
		} else if (t == GS_DT_INT8) {
			p.qmin = -128;
			p.qmax = 127;
		} else
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "quantizing to %s is not supported (int8 and "
			    "uint8 are)", dtype_name(t)));
		p.to = t;
	} else if (t != GS_DT_UINT8 && t != GS_DT_INT8 && t != GS_DT_INT32)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "dequantizing %s is not supported (int8, uint8 and int32 "
		    "are)", dtype_name(t)));
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/* The scale and zero point index of element i of a tensor of shape s. */
static size_t
quant_slice(const struct cast_priv *p, const struct gs_shape *s, size_t i)
{
	size_t	inner = 1;
	int	a, k;

	if (!p->per_axis)
		return (0);
	a = shape_axis(p->axis, s->ndim);
	for (k = a + 1; k < s->ndim; k++)
		inner *= (size_t)s->d[k];
	return (i / inner % (size_t)s->d[a]);
}

/* x / scale + zero point, before rounding, of element i. */
static double
quant_value(const struct gs_node *n, const struct gs_tensor *in, size_t i)
{
	const struct cast_priv	*p = n->priv;
	size_t			 j = quant_slice(p, &in[0].shape, i);
	double			 zp;

	zp = NODE_HAS_IN(n, 2) ? in[2].data[j] : 0;
	return ((double)in[0].data[i] / (double)in[1].data[j] + zp);
}

/*
 * QuantizeLinear: saturate(round_half_even(x / scale) + zero_point).
 * DequantizeLinear: (x - zero_point) scale.
 */
static int64_t
quant_q(const struct gs_node *n, const struct gs_tensor *in, size_t i)
{
	const struct cast_priv	*p = n->priv;
	size_t			 j = quant_slice(p, &in[0].shape, i);
	double			 q, zp;

	zp = NODE_HAS_IN(n, 2) ? in[2].data[j] : 0;
	q = nearbyint((double)in[0].data[i] / (double)in[1].data[j]) + zp;
	if (isnan(q))
		return (p->qmin);
	return (q < (double)p->qmin ? p->qmin : q > (double)p->qmax ?
	    p->qmax : (int64_t)q);
}

static void
quant_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct cast_priv	*p = n->priv;
	size_t			 len = shape_len(&in[0].shape), i, j;
	gs_real			 zp;

	for (i = 0; i < len; i++) {
		if (p->quant == 1) {
			out[0].data[i] = (gs_real)quant_q(n, in, i);
			continue;
		}
		j = quant_slice(p, &in[0].shape, i);
		zp = NODE_HAS_IN(n, 2) ? in[2].data[j] : 0;
		out[0].data[i] = (in[0].data[i] - zp) * in[1].data[j];
	}
	out[0].dtype = p->quant == 1 ? p->to : GS_DT_FLOAT;
}

/*
 * Straight through: QuantizeLinear dx = g / scale where the unrounded
 * value lies in [qmin, qmax], else 0; DequantizeLinear dx = g scale.
 */
static void
quant_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const struct cast_priv	*p = n->priv;
	size_t			 len = shape_len(&in[0].shape), i, j;
	double			 v;

	if (din[0].data == NULL)
		return;
	for (i = 0; i < len; i++) {
		j = quant_slice(p, &in[0].shape, i);
		if (p->quant == 2) {
			din[0].data[i] += dout[0].data[i] * in[1].data[j];
			continue;
		}
		v = quant_value(n, in, i);
		if (v >= (double)p->qmin && v <= (double)p->qmax)
			din[0].data[i] += dout[0].data[i] / in[1].data[j];
	}
}

/* QuantizeLinear of a constant gives exact integers. */
static int
quant_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	const struct cast_priv	*p = n->priv;
	size_t			 len = shape_len(&in[0].shape), i;

	if (p->quant != 1)
		return (1);
	out[0].dtype = p->to;
	for (i = 0; i < len; i++)
		out[0].ival[i] = quant_q(n, in, i);
	return (0);
}

/* The saturation bounds: v - qmin and qmax - v for every element. */
static size_t
quant_margins(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, size_t row, size_t rows, gs_real *m)
{
	const struct cast_priv	*p = n->priv;
	size_t			 len = shape_len(&in[0].shape) / rows, i;
	double			 v;

	if (p->quant != 1)
		return (0);
	for (i = 0; m != NULL && i < len; i++) {
		v = quant_value(n, in, row * len + i);
		m[2 * i] = (gs_real)(v - (double)p->qmin);
		m[2 * i + 1] = (gs_real)((double)p->qmax - v);
	}
	return (2 * len);
}

const struct gs_op gs_op_quantizelinear = {
	.name = "QuantizeLinear", .min_in = 2, .max_in = 3, .n_out = 1,
	.traits = GS_OP_KINKS | GS_OP_ELEMENTWISE | GS_OP_INT_EXACT,
	.init = quant_init, .shape = cast_shape, .forward = quant_forward,
	.backward = quant_backward, .ifold = quant_ifold,
	.margins = quant_margins, .jumps = cast_jumps,
};

const struct gs_op gs_op_dequantizelinear = {
	.name = "DequantizeLinear", .min_in = 2, .max_in = 3, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_ELEMENTWISE,
	.init = quant_init, .shape = cast_shape, .forward = quant_forward,
	.backward = quant_backward,
};

/*
 * Whether node n rounds the values on its data path, so that its
 * gradient is the straight-through one (QuantizeLinear; a Cast to an
 * integer, FLOAT16 or BFLOAT16 type). See graph.h.
 */
int
cast_rounds(const struct gs_node *n)
{
	const struct cast_priv	*p = n->priv;

	if (p == NULL)
		return (0);
	if (n->op == &gs_op_quantizelinear)
		return (1);
	if (n->op != &gs_op_cast && n->op != &gs_op_castlike)
		return (0);
	return ((dtype_is_int(p->to) && p->to != GS_DT_BOOL) ||
	    p->to == GS_DT_FLOAT16 || p->to == GS_DT_BFLOAT16);
}

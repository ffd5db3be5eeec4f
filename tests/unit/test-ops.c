/* SPDX-License-Identifier: ISC */
/*
 * The op table kept honest: every op gshap runs has a gradient check here
 * (its backward rule against central differences, double precision) or a
 * stated reason it has no backward rule, and an exact-IG decision in its
 * traits (smooth, or kinks with margins), and for kinks a kinks callback
 * that agrees with the margins or a refusal of exact IG that says why.
 * Adding an op without these fails this test. The detailed per-op tests
 * live in test-grad*.c.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "model/graph.h"
#include "gradcheck.h"

#define TOL	1e-6		/* gradcheck tolerance, relative to max |g| */
#define MAX_IN	6		/* most inputs of a case */

/* One canonical case of an op. */
struct op_case {
	const char	*op;		/* ONNX op_type */
	int		 opset;		/* opset to build it at */
	const char	*attrs;		/* gradcheck attribute string */
	int		 n_in;		/* inputs */
	struct gc_input	 in[MAX_IN];	/* the inputs */
	const char	*no_grad;	/* why it has no backward rule, or NULL */
};

/* A variable input uniform in [-1, 1], a constant one, given values. */
#define VAR(nd, ...)	{ .ndim = (nd), .d = { __VA_ARGS__ }, .lo = -1, .hi = 1 }
#define POS(nd, ...)	{ .ndim = (nd), .d = { __VA_ARGS__ }, .lo = 0.5, .hi = 2 }
#define CST(nd, ...)	{ .ndim = (nd), .d = { __VA_ARGS__ }, .is_const = 1, \
			    .lo = -1, .hi = 1 }
#define VALS(v, nd, ...) { .ndim = (nd), .d = { __VA_ARGS__ }, .data = (v) }
#define CVALS(v, nd, ...) { .ndim = (nd), .d = { __VA_ARGS__ }, .is_const = 1, \
			    .data = (v) }
#define INTS(v, n)	{ .ndim = 1, .d = { (n) }, .is_const = 1, .ival = (v) }

/* Values at least 0.1 from 0 and from +-0.5 (Relu, Clip kinks). */
static const double away[6] = { -0.9, -0.3, 0.2, 0.8, -0.65, 0.35 };
/* Sixteen distinct values 0.1 apart, scrambled (MaxPool windows). */
static const double distinct[16] = { 0.3, -0.5, 1.1, 0.0, -0.2, 0.9, 0.4,
    -0.7, 1.0, -0.1, 0.6, -0.4, 0.2, 0.8, -0.3, 0.5 };
static const double lo_half[1] = { -0.5 }, hi_half[1] = { 0.5 };
static const int64_t shape_2x3[2] = { 2, 3 }, axis1[1] = { 1 };
static const int64_t idx2[2] = { 2, 0 }, starts[1] = { 1 }, ends[1] = { 3 };
static const int64_t rng3[3] = { 0 }, rep[2] = { 1, 2 }, split2[2] = { 1, 2 };
static const int64_t sh3[3] = { 2, 2, 3 }, pads4[4] = { 1, 2, 0, -1 };
static const double bools[6] = { 0, 1, 1, 0, 1, 0 };
static const double other[6] = { 0.1, -0.6, 0.5, 0.4, -0.8, 0.0 };
static const double slope[3] = { 0.25, -0.5, 0.1 };
static const double scale[1] = { 0.5 };
static const double qx[6] = { 3, 10, -4, 250, 0, 17 };
static const double dscale[1] = { 0.1 };
static const double rscale[3] = { 1, 2, 1.5 };
static const int64_t izp[1] = { 3 }, izp128[1] = { 128 };

static const struct op_case op_cases[] = {
	{ "Abs", 13, "", 1, { VALS(away, 2, 2, 3) }, NULL },
	{ "Add", 13, "", 2, { VAR(2, 2, 3), VAR(1, 3) }, NULL },
	{ "And", 13, "", 2, { VALS(bools, 2, 2, 3), VALS(bools, 1, 3) },
	    NULL },
	{ "Cast", 13, "to=11", 1, { VAR(2, 2, 3) }, NULL },
	{ "CastLike", 15, "", 2, { VAR(2, 2, 3), { .ndim = 0, .is_const = 1,
	    .dtype = 11 } }, NULL },
	{ "ConstantOfShape", 13, "", 1, { INTS(shape_2x3, 2) },
	    "its input is a shape" },
	{ "ConvTranspose", 13, "strides=2,", 2, { VAR(3, 1, 2, 4),
	    CST(3, 2, 3, 3) }, NULL },
	{ "DequantizeLinear", 13, "", 3, { VALS(qx, 2, 2, 3),
	    CVALS(dscale, 0), { .ndim = 0, .is_const = 1, .ival = izp128,
	    .dtype = 2 } }, NULL },
	{ "Equal", 13, "", 2, { VALS(away, 2, 2, 3), VALS(other, 2, 2, 3) },
	    NULL },
	{ "Expand", 13, "", 2, { VAR(2, 2, 1), INTS(sh3, 3) }, NULL },
	{ "GRU", 14, "hidden_size=3 linear_before_reset=1 @outputs=2", 3,
	    { VAR(3, 3, 2, 2), CST(3, 1, 9, 2), CST(3, 1, 9, 3) }, NULL },
	{ "Gelu", 20, "approximate='tanh'", 1, { VAR(2, 2, 3) }, NULL },
	{ "Gather", 13, "axis=1", 2, { VAR(2, 2, 3), INTS(idx2, 2) }, NULL },
	{ "Greater", 13, "", 2, { VALS(away, 2, 2, 3), VALS(other, 2, 2, 3) },
	    NULL },
	{ "GreaterOrEqual", 13, "", 2, { VALS(away, 2, 2, 3),
	    VALS(other, 2, 2, 3) }, NULL },
	{ "LSTM", 14, "hidden_size=3 @outputs=3", 4, { VAR(3, 3, 2, 2),
	    CST(3, 1, 12, 2), CST(3, 1, 12, 3), CST(2, 1, 24) }, NULL },
	{ "Less", 13, "", 2, { VALS(away, 2, 2, 3), VALS(other, 2, 2, 3) },
	    NULL },
	{ "LessOrEqual", 13, "", 2, { VALS(away, 2, 2, 3),
	    VALS(other, 2, 2, 3) }, NULL },
	{ "Max", 13, "", 3, { VALS(away, 2, 2, 3), VALS(other, 2, 2, 3),
	    CVALS(lo_half, 0) }, NULL },
	{ "Min", 13, "", 2, { VALS(away, 2, 2, 3), VALS(other, 2, 2, 3) },
	    NULL },
	{ "Neg", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Not", 13, "", 1, { VALS(bools, 2, 2, 3) }, NULL },
	{ "Or", 13, "", 2, { VALS(bools, 2, 2, 3), VALS(bools, 2, 2, 3) },
	    NULL },
	{ "PRelu", 13, "", 2, { VALS(away, 2, 2, 3), VALS(slope, 1, 3) },
	    NULL },
	{ "QuantizeLinear", 13, "", 3, { VALS(qx, 2, 2, 3), CVALS(scale, 0),
	    { .ndim = 0, .is_const = 1, .ival = izp, .dtype = 2 } }, NULL },
	{ "Range", 13, "", 3, { INTS(rng3, 1), INTS(sh3, 1), INTS(axis1, 1) },
	    "its inputs are constant scalars" },
	{ "Shape", 15, "start=1", 1, { VAR(3, 2, 3, 4) },
	    "reads only its input's shape" },
	{ "Size", 13, "", 1, { VAR(3, 2, 3, 4) },
	    "reads only its input's shape" },
	{ "Slice", 13, "", 4, { VAR(2, 2, 4), INTS(starts, 1), INTS(ends, 1),
	    INTS(axis1, 1) }, NULL },
	{ "Split", 13, "axis=1 @outputs=2", 2, { VAR(2, 2, 3),
	    INTS(split2, 2) }, NULL },
	{ "Tile", 13, "", 2, { VAR(2, 2, 3), INTS(rep, 2) }, NULL },
	{ "Where", 13, "", 3, { CVALS(bools, 2, 2, 3), VAR(2, 2, 3),
	    VAR(1, 3) }, NULL },
	{ "Xor", 13, "", 2, { VALS(bools, 2, 2, 3), VALS(bools, 2, 2, 3) },
	    NULL },
	{ "AveragePool", 13, "kernel_shape=2,2", 1, { VAR(4, 1, 2, 4, 4) },
	    NULL },
	{ "BatchNormalization", 13, "", 5, { VAR(4, 2, 3, 2, 2), CST(1, 3),
	    CST(1, 3), CST(1, 3), { .ndim = 1, .d = { 3 }, .is_const = 1,
	    .lo = 0.5, .hi = 2 } }, NULL },
	{ "Celu", 13, "alpha=0.7", 1, { VAR(2, 2, 3) }, NULL },
	{ "Clip", 13, "", 3, { VALS(away, 2, 2, 3), CVALS(lo_half, 0),
	    CVALS(hi_half, 0) }, NULL },
	{ "Concat", 13, "axis=1", 2, { VAR(2, 2, 3), VAR(2, 2, 2) }, NULL },
	{ "Constant", 13, "value_float=2.5", 0, { VAR(0) },
	    "a constant: no input" },
	{ "Conv", 13, "pads=1,1,1,1", 3, { VAR(4, 1, 2, 4, 4),
	    CST(4, 3, 2, 3, 3), CST(1, 3) }, NULL },
	{ "Div", 13, "", 2, { VAR(2, 2, 3), POS(1, 3) }, NULL },
	{ "Dropout", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Elu", 13, "alpha=0.5", 1, { VALS(away, 2, 2, 3) }, NULL },
	{ "Erf", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Exp", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Flatten", 13, "", 1, { VAR(3, 2, 3, 2) }, NULL },
	{ "Gemm", 13, "transB=1", 3, { VAR(2, 2, 3), CST(2, 4, 3),
	    CST(1, 4) }, NULL },
	{ "GlobalAveragePool", 13, "", 1, { VAR(4, 2, 3, 2, 2) }, NULL },
	{ "GlobalMaxPool", 13, "", 1, { VALS(distinct, 4, 2, 2, 2, 2) }, NULL },
	{ "GroupNormalization", 18, "num_groups=2", 3, { VAR(3, 2, 4, 3),
	    CST(1, 2), CST(1, 2) }, NULL },
	{ "HardSigmoid", 13, "alpha=0.3", 1, { VALS(away, 2, 2, 3) }, NULL },
	{ "HardSwish", 14, "", 1, { VALS(away, 2, 2, 3) }, NULL },
	{ "Identity", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "InstanceNormalization", 13, "epsilon=0.01", 3, { VAR(4, 2, 3, 2,
	    2), CST(1, 3), CST(1, 3) }, NULL },
	{ "LayerNormalization", 17, "axis=1 @outputs=1", 3, { VAR(3, 2, 3, 4),
	    CST(1, 4), CST(2, 3, 1) }, NULL },
	{ "LeakyRelu", 13, "alpha=0.1", 1, { VALS(away, 2, 2, 3) }, NULL },
	{ "Log", 13, "", 1, { POS(2, 2, 3) }, NULL },
	{ "LogSoftmax", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "MatMul", 13, "", 2, { VAR(3, 2, 2, 3), VAR(2, 3, 4) }, NULL },
	{ "MaxPool", 13, "kernel_shape=2,2", 1, { VALS(distinct, 4, 1, 1, 4,
	    4) }, NULL },
	{ "Mish", 18, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Mul", 13, "", 2, { VAR(2, 2, 3), VAR(2, 2, 1) }, NULL },
	{ "Pad", 13, "mode='reflect'", 2, { VAR(2, 3, 4), INTS(pads4, 4) },
	    NULL },
	{ "Pow", 13, "", 2, { POS(2, 2, 3), CST(0) }, NULL },
	{ "Reciprocal", 13, "", 1, { POS(2, 2, 3) }, NULL },
	{ "RNN", 14, "hidden_size=3 direction='bidirectional' @outputs=2", 3,
	    { VAR(3, 3, 2, 2), CST(3, 2, 3, 2), CST(3, 2, 3, 3) }, NULL },
	{ "ReduceL1", 13, "axes=1,", 1, { VALS(away, 2, 2, 3) }, NULL },
	{ "ReduceL2", 13, "axes=1, keepdims=0", 1, { VAR(2, 2, 3) }, NULL },
	{ "ReduceLogSum", 13, "", 1, { POS(2, 2, 3) }, NULL },
	{ "ReduceLogSumExp", 13, "axes=0,", 1, { VAR(2, 2, 3) }, NULL },
	{ "ReduceMax", 13, "axes=1,", 1, { VALS(away, 2, 2, 3) }, NULL },
	{ "ReduceMean", 18, "", 2, { VAR(2, 2, 3), INTS(axis1, 1) }, NULL },
	{ "ReduceMin", 13, "axes=-1, keepdims=0", 1, { VALS(away, 2, 2, 3) },
	    NULL },
	{ "ReduceProd", 13, "axes=1,", 1, { VAR(2, 2, 3) }, NULL },
	{ "ReduceSum", 13, "", 2, { VAR(2, 2, 3), INTS(axis1, 1) }, NULL },
	{ "ReduceSumSquare", 13, "axes=0,1", 1, { VAR(2, 2, 3) }, NULL },
	{ "Relu", 13, "", 1, { VALS(away, 2, 2, 3) }, NULL },
	{ "Resize", 13, "mode='linear'", 3, { VAR(3, 1, 2, 3), CST(1, 0),
	    CVALS(rscale, 1, 3) }, NULL },
	{ "Upsample", 9, "mode='linear'", 2, { VAR(3, 1, 2, 3),
	    CVALS(rscale, 1, 3) }, NULL },
	{ "Reshape", 13, "", 2, { VAR(1, 6), INTS(shape_2x3, 2) }, NULL },
	{ "Selu", 13, "", 1, { VALS(away, 2, 2, 3) }, NULL },
	{ "Sigmoid", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Softmax", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Softplus", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Softsign", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Sqrt", 13, "", 1, { POS(2, 2, 3) }, NULL },
	{ "Squeeze", 13, "", 2, { VAR(3, 2, 1, 3), INTS(axis1, 1) }, NULL },
	{ "Sub", 13, "", 2, { VAR(2, 2, 3), VAR(0) }, NULL },
	{ "Tanh", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Transpose", 13, "perm=1,0", 1, { VAR(2, 2, 3) }, NULL },
	{ "Unsqueeze", 13, "", 2, { VAR(2, 2, 3), INTS(axis1, 1) }, NULL },
};
#define OP_CASES	(sizeof op_cases / sizeof op_cases[0])

/*
 * Ops whose gradient is the straight-through one, not the derivative:
 * test_quant_ste checks them instead of central differences.
 */
static const char *const ste_ops[] = { "QuantizeLinear" };

/* Whether op name has a straight-through gradient. */
static int
op_case_ste(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof ste_ops / sizeof ste_ops[0]; i++) {
		if (strcmp(ste_ops[i], name) == 0)
			return (1);
	}
	return (0);
}

/* The case of op name, or NULL. */
static const struct op_case *
op_case_find(const char *name)
{
	size_t	i;

	for (i = 0; i < OP_CASES; i++) {
		if (strcmp(op_cases[i].op, name) == 0)
			return (&op_cases[i]);
	}
	return (NULL);
}

/*
 * Every op: one exact-IG decision, callbacks that match its traits, and
 * a case whose gradient check passes (or a reason it has no gradient).
 */
START_TEST(test_op_table)
{
	const struct gs_op	*op;
	const struct op_case	*c;
	double			 m[256];
	unsigned		 t;
	size_t			 i;
	long			 nm;

	ck_assert_uint_gt(op_count(), 0);
	ck_assert_ptr_null(op_get(op_count()));
	for (i = 0; i < op_count(); i++) {
		op = op_get(i);
		t = op->traits;
		ck_assert_msg(op_find(op->name) == op, "%s: not found by name",
		    op->name);
		ck_assert_msg(((t & GS_OP_SMOOTH) != 0) + ((t & GS_OP_KINKS) !=
		    0) == 1, "%s: no exact-IG decision (smooth or kinks)",
		    op->name);
		ck_assert_msg(op_has_kinks(op) == (op->margins != NULL),
		    "%s: kinks and a margins callback go together", op->name);
		ck_assert_msg(!op_has_kinks(op) || op->kinks != NULL ||
		    op->jumps != NULL, "%s: kinks, but neither a kinks "
		    "callback nor a refusal (jumps) for exact IG", op->name);
		ck_assert_msg(op->kinks == NULL || op_has_kinks(op),
		    "%s: a kinks callback but no kinks", op->name);
		ck_assert_msg(op->kinks == NULL || op->jumps == NULL,
		    "%s: kinks located and refused", op->name);
		ck_assert_msg(((t & GS_OP_INT_EXACT) != 0) == (op->ifold !=
		    NULL), "%s: integer-exact and ifold go together",
		    op->name);
		c = op_case_find(op->name);
		ck_assert_msg(c != NULL, "%s: no gradient check in test-ops.c",
		    op->name);
		if (op->backward == NULL) {
			ck_assert_msg(c->no_grad != NULL, "%s: no backward "
			    "rule and no reason given", op->name);
			continue;
		}
		ck_assert_msg(c->no_grad == NULL, "%s has a backward rule: "
		    "check it", op->name);
		if (op_case_ste(op->name))
			continue;	/* its own test (straight-through) */
		ck_assert_msg(gradcheck(c->op, c->opset, c->attrs, c->n_in,
		    c->in, TOL) == 0, "%s: gradient check failed", op->name);
		if (op_has_kinks(op)) {
			nm = gradcheck_margins(c->op, c->opset, c->attrs,
			    c->n_in, c->in, m, sizeof m / sizeof m[0]);
			ck_assert_msg(nm > 0, "%s: kinks but no margins",
			    op->name);
		}
	}
	/* No case for an op that is not in the table. */
	for (i = 0; i < OP_CASES; i++)
		ck_assert_msg(op_find(op_cases[i].op) != NULL, "case for "
		    "unknown op %s", op_cases[i].op);
}
END_TEST

/*
 * Margins mean what they say: Relu's are its inputs, Clip's the distances
 * to both bounds, MaxPool's positive for each window's winner only.
 */
START_TEST(test_op_margins)
{
	struct gc_input	 relu[1] = { VALS(away, 2, 2, 3) };
	struct gc_input	 clip[3] = { VALS(away, 2, 2, 3), CVALS(lo_half, 0),
	    CVALS(hi_half, 0) };
	struct gc_input	 pool[1] = { VALS(distinct, 4, 1, 1, 4, 4) };
	double		 m[64];
	int		 i, w, pos;

	ck_assert_int_eq(gradcheck_margins("Relu", 13, "", 1, relu, m, 64),
	    6);
	for (i = 0; i < 6; i++)
		ck_assert(m[i] == away[i]);
	ck_assert_int_eq(gradcheck_margins("Clip", 13, "", 3, clip, m, 64),
	    12);
	for (i = 0; i < 6; i++) {
		ck_assert_double_eq_tol(m[2 * i], away[i] + 0.5, 1e-15);
		ck_assert_double_eq_tol(m[2 * i + 1], 0.5 - away[i], 1e-15);
	}
	/* Elu with alpha 1 has no kink; with 0.5 it has one at 0. */
	ck_assert_int_eq(gradcheck_margins("Elu", 13, "", 1, relu, m, 64), 0);
	ck_assert_int_eq(gradcheck_margins("Elu", 13, "alpha=0.5", 1, relu, m,
	    64), 6);
	ck_assert_int_eq(gradcheck_margins("Sigmoid", 13, "", 1, relu, m, 64),
	    -1);
	/* 2 x 2 windows of a 4 x 4 plane: 4 windows of 4 taps. */
	ck_assert_int_eq(gradcheck_margins("MaxPool", 13, "kernel_shape=2,2 "
	    "strides=2,2", 1, pool, m, 64), 16);
	for (w = 0; w < 4; w++) {
		pos = 0;
		for (i = 0; i < 4; i++)
			pos += m[4 * w + i] > 0;
		ck_assert_int_eq(pos, 1);
	}
	/* Window 0 holds 0.3, -0.5, -0.2, 0.9: 0.9 wins by 0.6. */
	ck_assert_double_eq_tol(m[3], 0.6, 1e-12);
	ck_assert_double_eq_tol(m[0], 0.3 - 0.9, 1e-12);
}
END_TEST

/* Values at the far end of a kink test's segment: 0 reversed, 1 shifted. */
static void
kink_far(const double *a, size_t len, int how, double *b)
{
	size_t	i;

	for (i = 0; i < len; i++)
		b[i] = how == 0 ? a[len - 1 - i] : -4 * a[(i + 1) % len] +
		    0.05;
}

/* Run gradcheck_kinks on a case towards both far ends; total kinks. */
static long
kink_check(const char *op, int opset, const char *attrs, int n_in,
    const struct gc_input *in)
{
	double		 far[MAX_IN][64];
	const double	*b[MAX_IN];
	size_t		 len;
	long		 got, total = 0;
	int		 how, k, d;

	for (how = 0; how < 2; how++) {
		for (k = 0; k < n_in; k++) {
			b[k] = NULL;
			if (in[k].is_const)
				continue;
			ck_assert_msg(in[k].data != NULL, "%s: a kink case "
			    "gives its values", op);
			for (len = 1, d = 0; d < in[k].ndim; d++)
				len *= (size_t)in[k].d[d];
			ck_assert_uint_le(len, 64);
			kink_far(in[k].data, len, how, far[k]);
			b[k] = far[k];
		}
		got = gradcheck_kinks(op, opset, attrs, n_in, in, b);
		ck_assert_msg(got >= 0, "%s (%s): kinks do not match the "
		    "margins", op, attrs);
		total += got;
	}
	return (total);
}

/*
 * Every kinks callback against the margins (which the gradient checks
 * tie to the forward pass): on segments from each op's case, the kinks
 * exact IG follows one after another lie where the margins change sign,
 * and nowhere else. MaxPool also over 1 and 3 spatial dimensions, with
 * pads, strides, dilations and ceil_mode; Max and Min broadcasting.
 */
START_TEST(test_op_kinks)
{
	static const double wide[27] = { 0.3, -0.5, 1.1, 0.0, -0.2, 0.9, 0.4,
	    -0.7, 1.0, -0.1, 0.6, -0.4, 0.2, 0.8, -0.3, 0.5, 0.15, -0.85,
	    0.75, -0.35, 0.45, -0.95, 0.05, 0.65, -0.6, 0.25, 0.95 };
	struct gc_input	 p1[1] = { VALS(distinct, 3, 2, 1, 8) };
	struct gc_input	 p3[1] = { VALS(wide, 5, 1, 1, 3, 3, 3) };
	struct gc_input	 mx[2] = { VALS(away, 2, 2, 3), VALS(slope, 1, 3) };
	struct gc_input	 mc[2] = { VALS(away, 2, 2, 3), CVALS(slope, 1, 3) };
	struct gc_input	 rm[1] = { VALS(distinct, 3, 2, 2, 4) };
	const struct gs_op *op;
	const struct op_case *c;
	size_t		 i;
	long		 n, all = 0;

	for (i = 0; i < op_count(); i++) {
		op = op_get(i);
		if (op->kinks == NULL)
			continue;
		c = op_case_find(op->name);
		ck_assert_ptr_nonnull(c);
		n = kink_check(c->op, c->opset, c->attrs, c->n_in, c->in);
		ck_assert_msg(n > 0, "%s: no kink on its test segments",
		    op->name);
		all += n;
	}
	ck_assert_int_gt(kink_check("MaxPool", 13, "kernel_shape=3, "
	    "strides=2, pads=1,1", 1, p1), 0);
	ck_assert_int_gt(kink_check("MaxPool", 13, "kernel_shape=2, "
	    "dilations=3, ceil_mode=1 strides=2,", 1, p1), 0);
	ck_assert_int_gt(kink_check("MaxPool", 13, "kernel_shape=2,2,2 "
	    "strides=1,1,1", 1, p3), 0);
	ck_assert_int_gt(kink_check("MaxPool", 13, "kernel_shape=2,2,2 "
	    "strides=2,2,2 pads=1,0,1,0,1,1 ceil_mode=1 dilations=1,2,1", 1,
	    p3), 0);
	ck_assert_int_gt(kink_check("GlobalMaxPool", 13, "", 1, p3), 0);
	ck_assert_int_gt(kink_check("Max", 13, "", 2, mx), 0);
	ck_assert_int_gt(kink_check("Min", 13, "", 2, mc), 0);
	ck_assert_int_gt(kink_check("ReduceMax", 13, "axes=2, keepdims=0", 1,
	    rm), 0);
	ck_assert_int_gt(kink_check("ReduceMin", 13, "axes=0,2", 1, rm), 0);
	ck_assert_int_gt(all, 20);
}
END_TEST

/*
 * Every op that exact IG refuses (op->jumps) says why, for the nodes it
 * refuses: the comparisons, QuantizeLinear, and Cast and CastLike to an
 * integer, BOOL, FLOAT16 or BFLOAT16 type; a Cast between float types
 * is integrated.
 */
START_TEST(test_op_jumps)
{
	struct gc_input	 cl[2] = { VAR(2, 2, 3), { .ndim = 0, .is_const = 1,
	    .dtype = 6 } };
	const struct gs_op *op;
	const struct op_case *c;
	char		 why[256];
	size_t		 i;

	for (i = 0; i < op_count(); i++) {
		op = op_get(i);
		if (op->jumps == NULL)
			continue;
		c = op_case_find(op->name);
		ck_assert_ptr_nonnull(c);
		if (strcmp(op->name, "Cast") == 0 ||
		    strcmp(op->name, "CastLike") == 0) {
			/* Its case casts to DOUBLE: no steps. */
			ck_assert_int_eq(gradcheck_jumps(c->op, c->opset,
			    c->attrs, c->n_in, c->in, why, sizeof why), 0);
			continue;
		}
		ck_assert_msg(gradcheck_jumps(c->op, c->opset, c->attrs,
		    c->n_in, c->in, why, sizeof why) == 1, "%s: no reason",
		    op->name);
		ck_assert_msg(strlen(why) > 20, "%s: '%s'", op->name, why);
	}
	ck_assert_int_eq(gradcheck_jumps("Cast", 13, "to=7", 1, cl, why,
	    sizeof why), 1);
	ck_assert_ptr_nonnull(strstr(why, "rounds"));
	ck_assert_int_eq(gradcheck_jumps("Cast", 13, "to=9", 1, cl, why,
	    sizeof why), 1);
	ck_assert_ptr_nonnull(strstr(why, "0 or 1"));
	ck_assert_int_eq(gradcheck_jumps("Cast", 13, "to=10", 1, cl, why,
	    sizeof why), 1);
	ck_assert_int_eq(gradcheck_jumps("Cast", 13, "to=1", 1, cl, why,
	    sizeof why), 0);
	ck_assert_int_eq(gradcheck_jumps("CastLike", 15, "", 2, cl, why,
	    sizeof why), 1);
	ck_assert_int_eq(gradcheck_jumps("Greater", 13, "", 2, cl, why,
	    sizeof why), 1);
	ck_assert_ptr_nonnull(strstr(why, "0 or 1"));
}
END_TEST

/*
 * QuantizeLinear's forward values are ONNX's (round half to even, then
 * saturate to uint8) and its gradient the straight-through one: 1 / scale
 * where x / scale + zero_point lies in [0, 255], else 0. Dequantize is
 * checked by test_op_table (it is affine).
 */
START_TEST(test_quant_ste)
{
	static const double x[6] = { 0.25, 0.75, -3, 200, -1.25, 1.25 };
	static const double q[6] = { 3, 5, 0, 255, 1, 5 };
	static const double g[6] = { 2, 2, 0, 0, 2, 2 };
	struct gc_input	 in[3] = { VALS(x, 1, 6), CVALS(scale, 0),
	    { .ndim = 0, .is_const = 1, .ival = izp, .dtype = 2 } };
	double		 out[6], grad[6];
	int		 i;

	ck_assert_int_eq(gradcheck_forward("QuantizeLinear", 13, "", 3, in,
	    out, 6), 0);
	ck_assert_int_eq(gradcheck_backward("QuantizeLinear", 13, "", 3, in,
	    grad, 6), 0);
	for (i = 0; i < 6; i++) {
		ck_assert_msg(out[i] == q[i], "q[%d] = %g", i, out[i]);
		ck_assert_double_eq_tol(grad[i], g[i], 1e-9);
	}
	/* A Cast to an integer type truncates and passes g straight. */
	{
		static const double c[3] = { 2.7, -1.5, 300.25 };
		struct gc_input ci[1] = { VALS(c, 1, 3) };

		ck_assert_int_eq(gradcheck_forward("Cast", 13, "to=2", 1, ci,
		    out, 3), 0);
		ck_assert(out[0] == 2 && out[2] == 44);	/* 300 wraps */
		ck_assert_int_eq(gradcheck_forward("Cast", 13, "to=7", 1, ci,
		    out, 3), 0);
		ck_assert(out[0] == 2 && out[1] == -1 && out[2] == 300);
		ck_assert_int_eq(gradcheck_backward("Cast", 13, "to=7", 1, ci,
		    grad, 3), 0);
		ck_assert(grad[0] == 1 && grad[1] == 1 && grad[2] == 1);
		ck_assert_int_eq(gradcheck_backward("Cast", 13, "to=9", 1, ci,
		    grad, 3), 0);
		ck_assert(grad[0] == 0 && grad[1] == 0 && grad[2] == 0);
	}
	/* int8 through the zero point's type. */
	in[2].dtype = 3;
	ck_assert_int_eq(gradcheck_forward("QuantizeLinear", 13, "", 3, in,
	    out, 6), 0);
	ck_assert(out[2] == -3 && out[3] == 127);
	ck_assert_int_eq(gradcheck_margins("QuantizeLinear", 13, "", 3, in,
	    out, 6), 12);
}
END_TEST

static Suite *
ops_suite(void)
{
	Suite	*s = suite_create("ops");
	TCase	*tc = tcase_create("table");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_op_table);
	tcase_add_test(tc, test_op_margins);
	tcase_add_test(tc, test_op_kinks);
	tcase_add_test(tc, test_op_jumps);
	tcase_add_test(tc, test_quant_ste);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr = srunner_create(ops_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

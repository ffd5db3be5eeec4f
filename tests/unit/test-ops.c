/* SPDX-License-Identifier: ISC */
/*
 * The op table kept honest: every op gshap runs has a gradient check here
 * (its backward rule against central differences, double precision) or a
 * stated reason it has no backward rule, and an exact-IG decision in its
 * traits (smooth, or kinks with margins). Adding an op without both fails
 * this test. The detailed per-op tests live in test-grad*.c.
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

static const struct op_case op_cases[] = {
	{ "Add", 13, "", 2, { VAR(2, 2, 3), VAR(1, 3) }, NULL },
	{ "AveragePool", 13, "kernel_shape=2,2", 1, { VAR(4, 1, 2, 4, 4) },
	    NULL },
	{ "BatchNormalization", 13, "", 5, { VAR(4, 2, 3, 2, 2), CST(1, 3),
	    CST(1, 3), CST(1, 3), { .ndim = 1, .d = { 3 }, .is_const = 1,
	    .lo = 0.5, .hi = 2 } }, NULL },
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
	{ "Exp", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Flatten", 13, "", 1, { VAR(3, 2, 3, 2) }, NULL },
	{ "Gemm", 13, "transB=1", 3, { VAR(2, 2, 3), CST(2, 4, 3),
	    CST(1, 4) }, NULL },
	{ "GlobalAveragePool", 13, "", 1, { VAR(4, 2, 3, 2, 2) }, NULL },
	{ "Identity", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "LeakyRelu", 13, "alpha=0.1", 1, { VALS(away, 2, 2, 3) }, NULL },
	{ "Log", 13, "", 1, { POS(2, 2, 3) }, NULL },
	{ "LogSoftmax", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "MatMul", 13, "", 2, { VAR(3, 2, 2, 3), VAR(2, 3, 4) }, NULL },
	{ "MaxPool", 13, "kernel_shape=2,2", 1, { VALS(distinct, 4, 1, 1, 4,
	    4) }, NULL },
	{ "Mul", 13, "", 2, { VAR(2, 2, 3), VAR(2, 2, 1) }, NULL },
	{ "Pow", 13, "", 2, { POS(2, 2, 3), CST(0) }, NULL },
	{ "Relu", 13, "", 1, { VALS(away, 2, 2, 3) }, NULL },
	{ "Reshape", 13, "", 2, { VAR(1, 6), INTS(shape_2x3, 2) }, NULL },
	{ "Sigmoid", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Softmax", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Softplus", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Sqrt", 13, "", 1, { POS(2, 2, 3) }, NULL },
	{ "Squeeze", 13, "", 2, { VAR(3, 2, 1, 3), INTS(axis1, 1) }, NULL },
	{ "Sub", 13, "", 2, { VAR(2, 2, 3), VAR(0) }, NULL },
	{ "Tanh", 13, "", 1, { VAR(2, 2, 3) }, NULL },
	{ "Transpose", 13, "perm=1,0", 1, { VAR(2, 2, 3) }, NULL },
	{ "Unsqueeze", 13, "", 2, { VAR(2, 2, 3), INTS(axis1, 1) }, NULL },
};
#define OP_CASES	(sizeof op_cases / sizeof op_cases[0])

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
		ck_assert_msg(op_has_kinks(op) == (op->kinks != NULL),
		    "%s: kinks and a kinks callback (exact IG) go together",
		    op->name);
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

static Suite *
ops_suite(void)
{
	Suite	*s = suite_create("ops");
	TCase	*tc = tcase_create("table");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_op_table);
	tcase_add_test(tc, test_op_margins);
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

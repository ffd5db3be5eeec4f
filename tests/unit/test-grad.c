/* SPDX-License-Identifier: ISC */
/*
 * The dense and shape ops (Gemm, MatMul, Add/Sub/Mul/Div, Identity,
 * Dropout, Flatten, Reshape, Squeeze, Unsqueeze, Transpose, Concat) and the
 * shape helpers: backward rules against central differences in double
 * precision, forward values against hand-computed ones, and refusals.
 */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "model/graph.h"
#include "gradcheck.h"

#define TOL	1e-6		/* gradcheck tolerance, relative to max |g| */
#define EPS	1e-12		/* forward values against exact ones */

/* A non-constant input of the given shape, uniform in [-1, 1]. */
static struct gc_input
gin(int ndim, ...)
{
	struct gc_input	g;
	va_list		ap;
	int		i;

	memset(&g, 0, sizeof g);
	g.ndim = ndim;
	va_start(ap, ndim);
	for (i = 0; i < ndim; i++)
		g.d[i] = va_arg(ap, int);
	va_end(ap);
	g.lo = -1;
	g.hi = 1;
	return (g);
}

/* The same, constant. */
static struct gc_input
gconst(int ndim, ...)
{
	struct gc_input	g;
	va_list		ap;
	int		i;

	memset(&g, 0, sizeof g);
	g.ndim = ndim;
	g.is_const = 1;
	va_start(ap, ndim);
	for (i = 0; i < ndim; i++)
		g.d[i] = va_arg(ap, int);
	va_end(ap);
	g.lo = -1;
	g.hi = 1;
	return (g);
}

/* A constant 1-D integer tensor of n values (shape and axes inputs). */
static struct gc_input
gints(int n, const int64_t *v)
{
	struct gc_input	g;

	memset(&g, 0, sizeof g);
	g.ndim = 1;
	g.d[0] = n;
	g.is_const = 1;
	g.ival = v;
	return (g);
}

/* An input with the given values. */
static struct gc_input
gdata(struct gc_input g, const double *data)
{
	g.data = data;
	return (g);
}

/* Check n forward values against expected ones. */
static void
check_values(const double *got, const double *want, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		ck_assert_msg(fabs(got[i] - want[i]) <=
		    EPS * (1 + fabs(want[i])), "element %zu: got %.17g, want %.17g", i, got[i], want[i]);
	}
}

/* Assert that the node is refused with a message containing what. */
static void
check_refused(const char *op, int opset, const char *attrs, int n_in,
    const struct gc_input *in, const char *what)
{
	char	msg[256];

	ck_assert_int_eq(gradcheck_init(op, opset, attrs, n_in, in, msg,
	    sizeof msg), -1);
	ck_assert_msg(strstr(msg, what) != NULL, "message '%s' lacks '%s'",
	    msg, what);
}

START_TEST(test_gemm_grad)
{
	static const char *attrs[] = { "", "transA=1", "transB=1",
	    "transA=1 transB=1", "alpha=0.5 beta=2.0", "alpha=-1.5 transB=1" };
	struct gc_input	in[3];
	size_t		i;

	for (i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
		int ta = strstr(attrs[i], "transA") != NULL;
		int tb = strstr(attrs[i], "transB") != NULL;

		in[0] = ta ? gin(2, 4, 3) : gin(2, 3, 4);
		in[1] = tb ? gin(2, 5, 4) : gin(2, 4, 5);
		in[2] = gin(2, 3, 5);
		ck_assert_int_eq(gradcheck("Gemm", 13, attrs[i], 3, in, TOL),
		    0);
		ck_assert_int_eq(gradcheck("Gemm", 13, attrs[i], 2, in, TOL),
		    0);
		in[1].is_const = 1;
		in[2] = gconst(1, 5);
		ck_assert_int_eq(gradcheck("Gemm", 11, attrs[i], 3, in, TOL),
		    0);
	}
	/* C broadcast: [N], [1, N], [M, 1], a scalar, [1]. */
	in[0] = gin(2, 3, 4);
	in[1] = gin(2, 4, 5);
	in[2] = gin(1, 5);
	ck_assert_int_eq(gradcheck("Gemm", 13, "beta=0.5", 3, in, TOL), 0);
	in[2] = gin(2, 1, 5);
	ck_assert_int_eq(gradcheck("Gemm", 13, "", 3, in, TOL), 0);
	in[2] = gin(2, 3, 1);
	ck_assert_int_eq(gradcheck("Gemm", 13, "beta=3", 3, in, TOL), 0);
	in[2] = gin(0);
	ck_assert_int_eq(gradcheck("Gemm", 13, "", 3, in, TOL), 0);
	in[2] = gin(1, 1);
	ck_assert_int_eq(gradcheck("Gemm", 9, "beta=-1.0", 3, in, TOL), 0);
}
END_TEST

START_TEST(test_gemm_forward)
{
	static const double a[] = { 1, 2, 3, 4 }, b[] = { 5, 6, 7, 8 };
	static const double c[] = { 1, 2 };
	static const double ab[] = { 19, 22, 43, 50 };
	static const double want[] = { 38.5, 45, 86.5, 101 };
	static const double atb[] = { 26, 30, 38, 44 };	/* A^T B */
	static const double abt[] = { 17, 23, 39, 53 };	/* A B^T */
	struct gc_input	in[3];
	double		out[4];

	in[0] = gdata(gin(2, 2, 2), a);
	in[1] = gdata(gconst(2, 2, 2), b);
	in[2] = gdata(gconst(1, 2), c);
	ck_assert_int_eq(gradcheck_forward("Gemm", 13, "", 2, in, out, 4), 0);
	check_values(out, ab, 4);
	ck_assert_int_eq(gradcheck_forward("Gemm", 13, "alpha=2.0 beta=0.5",
	    3, in, out, 4), 0);
	check_values(out, want, 4);
	ck_assert_int_eq(gradcheck_forward("Gemm", 13, "transA=1", 2, in,
	    out, 4), 0);
	check_values(out, atb, 4);
	ck_assert_int_eq(gradcheck_forward("Gemm", 13, "transB=1", 2, in,
	    out, 4), 0);
	check_values(out, abt, 4);
	/* The wrong count is reported, not written past. */
	ck_assert_int_eq(gradcheck_forward("Gemm", 13, "", 2, in, out, 3), -1);
}
END_TEST

START_TEST(test_gemm_refused)
{
	struct gc_input	in[3];

	in[0] = gin(2, 3, 4);
	in[1] = gconst(2, 4, 5);
	in[2] = gconst(1, 5);
	check_refused("Gemm", 13, "frobnicate=1", 2, in, "'frobnicate'");
	check_refused("Gemm", 13, "transA=2", 2, in, "transA");
	check_refused("Gemm", 13, "alpha='x'", 2, in, "'alpha'");
	check_refused("Gemm", 13, "", 1, in, "at least 2");
	in[0] = gin(3, 2, 3, 4);
	check_refused("Gemm", 13, "", 2, in, "2-D");
	in[0] = gin(2, 3, 6);
	check_refused("Gemm", 13, "", 2, in, "do not multiply");
	in[0] = gin(2, 3, 4);
	in[2] = gconst(1, 3);
	check_refused("Gemm", 13, "", 3, in, "does not broadcast");
	check_refused("NoSuchOp", 13, "", 1, in, "unsupported op");
}
END_TEST

START_TEST(test_matmul_grad)
{
	struct gc_input	in[2];

	in[0] = gin(2, 3, 4);
	in[1] = gin(2, 4, 5);
	ck_assert_int_eq(gradcheck("MatMul", 13, "", 2, in, TOL), 0);
	in[1].is_const = 1;
	ck_assert_int_eq(gradcheck("MatMul", 13, "", 2, in, TOL), 0);
	in[0] = gin(3, 2, 3, 4);	/* [B, M, K] x [K, N] */
	in[1] = gin(2, 4, 5);
	ck_assert_int_eq(gradcheck("MatMul", 13, "", 2, in, TOL), 0);
	in[1] = gin(3, 2, 4, 5);	/* batched both */
	ck_assert_int_eq(gradcheck("MatMul", 13, "", 2, in, TOL), 0);
	in[0] = gin(4, 2, 1, 3, 4);	/* broadcast batch dims */
	in[1] = gin(3, 3, 4, 2);
	ck_assert_int_eq(gradcheck("MatMul", 13, "", 2, in, TOL), 0);
	in[0] = gin(2, 3, 4);		/* [M, K] x [B, K, N] */
	in[1] = gin(3, 2, 4, 5);
	ck_assert_int_eq(gradcheck("MatMul", 13, "", 2, in, TOL), 0);
	in[0] = gin(1, 4);		/* 1-D operands */
	in[1] = gin(2, 4, 5);
	ck_assert_int_eq(gradcheck("MatMul", 13, "", 2, in, TOL), 0);
	in[0] = gin(2, 3, 4);
	in[1] = gin(1, 4);
	ck_assert_int_eq(gradcheck("MatMul", 13, "", 2, in, TOL), 0);
	in[0] = gin(3, 2, 1, 4);	/* [B, 1, K] x [1, K, N] */
	in[1] = gin(3, 1, 4, 3);
	ck_assert_int_eq(gradcheck("MatMul", 13, "", 2, in, TOL), 0);
}
END_TEST

START_TEST(test_matmul_forward)
{
	static const double a[] = { 1, 2, 3, 4, 5, 6 };		/* [2, 3] */
	static const double b[] = { 1, 0, 0, 1, 1, 1 };		/* [3, 2] */
	static const double ab[] = { 4, 5, 10, 11 };
	static const double v[] = { 1, -1, 2 };
	static const double av[] = { 5, 11 };
	static const double a2[] = { 1, 2, 3, 4, 5, 6, 7, 8 };	/* [2,2,2] */
	static const double b2[] = { 1, 1, 0, 2 };		/* [2, 2] */
	static const double a2b2[] = { 1, 5, 3, 11, 5, 17, 7, 23 };
	struct gc_input	in[2];
	double		out[8];

	in[0] = gdata(gin(2, 2, 3), a);
	in[1] = gdata(gconst(2, 3, 2), b);
	ck_assert_int_eq(gradcheck_forward("MatMul", 13, "", 2, in, out, 4),
	    0);
	check_values(out, ab, 4);
	in[1] = gdata(gconst(1, 3), v);
	ck_assert_int_eq(gradcheck_forward("MatMul", 13, "", 2, in, out, 2),
	    0);
	check_values(out, av, 2);
	in[0] = gdata(gin(3, 2, 2, 2), a2);
	in[1] = gdata(gconst(2, 2, 2), b2);
	ck_assert_int_eq(gradcheck_forward("MatMul", 13, "", 2, in, out, 8),
	    0);
	check_values(out, a2b2, 8);
	in[0] = gin(2, 2, 3);
	in[1] = gconst(2, 2, 3);
	check_refused("MatMul", 13, "", 2, in, "do not multiply");
	in[0] = gin(3, 2, 2, 3);
	in[1] = gconst(3, 3, 3, 2);
	check_refused("MatMul", 13, "", 2, in, "do not broadcast");
	in[0] = gin(0);
	check_refused("MatMul", 13, "", 2, in, "scalar");
}
END_TEST

START_TEST(test_arith_grad)
{
	static const char *ops[] = { "Add", "Sub", "Mul", "Div" };
	struct gc_input	in[2];
	size_t		i;

	for (i = 0; i < 4; i++) {
		int div = i == 3;

		/* b stays away from 0 for Div. */
#define B(g)	(div ? ((g).lo = 0.5, (g).hi = 2, (g)) : (g))
		in[0] = gin(2, 3, 4);
		in[1] = gin(2, 3, 4);
		in[1] = B(in[1]);
		ck_assert_int_eq(gradcheck(ops[i], 13, "", 2, in, TOL), 0);
		in[1] = gin(1, 4);		/* [3,4] with [4] */
		in[1] = B(in[1]);
		ck_assert_int_eq(gradcheck(ops[i], 13, "", 2, in, TOL), 0);
		in[1] = gin(2, 3, 1);		/* [3,4] with [3,1] */
		in[1] = B(in[1]);
		ck_assert_int_eq(gradcheck(ops[i], 7, "", 2, in, TOL), 0);
		in[1] = gin(0);			/* with a scalar */
		in[1] = B(in[1]);
		ck_assert_int_eq(gradcheck(ops[i], 14, "", 2, in, TOL), 0);
		in[0] = gin(0);			/* scalar with [3,4] */
		in[1] = gin(2, 3, 4);
		in[1] = B(in[1]);
		ck_assert_int_eq(gradcheck(ops[i], 13, "", 2, in, TOL), 0);
		in[0] = gin(3, 2, 1, 4);	/* both ways */
		in[1] = gin(2, 3, 1);
		in[1] = B(in[1]);
		ck_assert_int_eq(gradcheck(ops[i], 13, "", 2, in, TOL), 0);
		in[0] = gin(1, 1);		/* [1] with [2,3] */
		in[1] = gin(2, 2, 3);
		in[1] = B(in[1]);
		ck_assert_int_eq(gradcheck(ops[i], 13, "", 2, in, TOL), 0);
		in[0] = gin(4, 2, 3, 1, 5);	/* interleaved */
		in[1] = gin(3, 3, 4, 1);
		in[1] = B(in[1]);
		ck_assert_int_eq(gradcheck(ops[i], 13, "", 2, in, TOL), 0);
		in[0] = gin(2, 3, 4);		/* constant a */
		in[0].is_const = 1;
		in[1] = gin(1, 4);
		in[1] = B(in[1]);
		ck_assert_int_eq(gradcheck(ops[i], 13, "", 2, in, TOL), 0);
		in[0] = gin(3, 2, 3, 4);	/* constant b, broadcast */
		in[1] = gconst(2, 1, 4);
		in[1] = B(in[1]);
		ck_assert_int_eq(gradcheck(ops[i], 13, "", 2, in, TOL), 0);
#undef B
	}
}
END_TEST

START_TEST(test_arith_forward)
{
	static const double a[] = { 1, 2, 3 }, b[] = { 1, 2 };
	static const double sub[] = { 0, 1, 2, -1, 0, 1 };
	static const double div[] = { 1, 2, 3, 0.5, 1, 1.5 };
	static const double mul[] = { 1, 2, 3, 2, 4, 6 };
	static const double s[] = { 4 };
	static const double rdiv[] = { 4, 2, 4.0 / 3 };
	struct gc_input	in[2];
	double		out[6];

	in[0] = gdata(gin(1, 3), a);
	in[1] = gdata(gconst(2, 2, 1), b);
	ck_assert_int_eq(gradcheck_forward("Sub", 13, "", 2, in, out, 6), 0);
	check_values(out, sub, 6);
	ck_assert_int_eq(gradcheck_forward("Div", 13, "", 2, in, out, 6), 0);
	check_values(out, div, 6);
	ck_assert_int_eq(gradcheck_forward("Mul", 13, "", 2, in, out, 6), 0);
	check_values(out, mul, 6);
	in[0] = gdata(gconst(0), s);
	in[1] = gdata(gin(1, 3), a);
	ck_assert_int_eq(gradcheck_forward("Div", 13, "", 2, in, out, 3), 0);
	check_values(out, rdiv, 3);
	in[0] = gin(2, 2, 3);
	in[1] = gin(1, 2);
	check_refused("Add", 13, "", 2, in, "do not broadcast");
	check_refused("Add", 13, "broadcast=1", 2, in, "'broadcast'");
}
END_TEST

START_TEST(test_shape_grad)
{
	static const int64_t s1[] = { 0, -1 }, s2[] = { 4, -1 };
	static const int64_t s3[] = { -1 }, s4[] = { 2, 0, 2, 2 };
	static const int64_t ax0[] = { 0 }, ax13[] = { 1, 3 };
	static const int64_t axn[] = { -1 };
	struct gc_input	in[3];

	in[0] = gin(3, 2, 3, 4);
	ck_assert_int_eq(gradcheck("Identity", 13, "", 1, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Dropout", 10, "ratio=0.3", 1, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Flatten", 13, "", 1, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Flatten", 13, "axis=0", 1, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Flatten", 13, "axis=2", 1, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Flatten", 13, "axis=-1", 1, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Flatten", 13, "axis=3", 1, in, TOL), 0);
	in[1] = gints(2, s1);
	ck_assert_int_eq(gradcheck("Reshape", 13, "", 2, in, TOL), 0);
	in[1] = gints(2, s2);
	ck_assert_int_eq(gradcheck("Reshape", 13, "", 2, in, TOL), 0);
	in[1] = gints(1, s3);
	ck_assert_int_eq(gradcheck("Reshape", 14, "allowzero=0", 2, in, TOL),
	    0);
	in[1] = gints(4, s4);
	ck_assert_int_eq(gradcheck("Reshape", 5, "", 2, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Transpose", 13, "", 1, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Transpose", 13, "perm=1,0,2", 1, in, TOL),
	    0);
	ck_assert_int_eq(gradcheck("Transpose", 13, "perm=2,0,1", 1, in, TOL),
	    0);
	ck_assert_int_eq(gradcheck("Transpose", 13, "perm=0,1,2", 1, in, TOL),
	    0);

	in[0] = gin(4, 1, 3, 1, 4);
	ck_assert_int_eq(gradcheck("Squeeze", 11, "axes=0,", 1, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Squeeze", 11, "axes=0,-2", 1, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Squeeze", 13, "", 1, in, TOL), 0);
	in[1] = gints(1, ax0);
	ck_assert_int_eq(gradcheck("Squeeze", 13, "", 2, in, TOL), 0);

	in[0] = gin(2, 3, 4);
	ck_assert_int_eq(gradcheck("Unsqueeze", 11, "axes=0,", 1, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Unsqueeze", 9, "axes=1,3", 1, in, TOL), 0);
	in[1] = gints(2, ax13);
	ck_assert_int_eq(gradcheck("Unsqueeze", 13, "", 2, in, TOL), 0);
	in[1] = gints(1, axn);
	ck_assert_int_eq(gradcheck("Unsqueeze", 18, "", 2, in, TOL), 0);

	in[0] = gin(2, 2, 3);
	in[1] = gin(2, 4, 3);
	ck_assert_int_eq(gradcheck("Concat", 13, "axis=0", 2, in, TOL), 0);
	in[1] = gin(2, 2, 5);
	in[2] = gconst(2, 2, 1);
	ck_assert_int_eq(gradcheck("Concat", 13, "axis=1", 3, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Concat", 11, "axis=-1", 3, in, TOL), 0);
	in[0] = gin(3, 2, 3, 2);
	in[1] = gin(3, 2, 1, 2);
	ck_assert_int_eq(gradcheck("Concat", 13, "axis=1", 2, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Concat", 13, "axis=0", 1, in, TOL), 0);
}
END_TEST

START_TEST(test_shape_forward)
{
	static const double a[] = { 1, 2, 3, 4, 5, 6 };
	static const double at[] = { 1, 4, 2, 5, 3, 6 };
	static const double b[] = { 7, 8 };
	static const double c1[] = { 1, 2, 3, 7, 4, 5, 6, 8 };
	static const double c0[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	static const int64_t s1[] = { 3, -1 }, one[] = { 1 };
	static const int64_t zero_dim[] = { 0, 3 };
	static const double r2[] = { 7, 8, 9 };
	struct gc_input	in[2];
	double		out[9];

	in[0] = gdata(gin(2, 2, 3), a);
	ck_assert_int_eq(gradcheck_forward("Transpose", 13, "", 1, in, out,
	    6), 0);
	check_values(out, at, 6);
	ck_assert_int_eq(gradcheck_forward("Identity", 13, "", 1, in, out, 6),
	    0);
	check_values(out, a, 6);
	in[1] = gints(2, s1);
	ck_assert_int_eq(gradcheck_forward("Reshape", 13, "", 2, in, out, 6),
	    0);
	check_values(out, a, 6);
	in[1] = gdata(gconst(2, 2, 1), b);
	ck_assert_int_eq(gradcheck_forward("Concat", 13, "axis=1", 2, in, out,
	    8), 0);
	check_values(out, c1, 8);
	in[1] = gdata(gin(2, 1, 3), r2);
	ck_assert_int_eq(gradcheck_forward("Concat", 13, "axis=0", 2, in, out,
	    9), 0);
	check_values(out, c0, 9);
	/* Unsqueeze then Squeeze keep the values; shapes checked by n. */
	in[0] = gdata(gin(2, 2, 3), a);
	in[1] = gints(1, one);
	ck_assert_int_eq(gradcheck_forward("Unsqueeze", 13, "", 2, in, out,
	    6), 0);
	check_values(out, a, 6);
	/* Reshape with allowzero=1: 0 is a real zero, giving no elements. */
	in[0] = gin(2, 0, 3);
	in[1] = gints(2, zero_dim);
	ck_assert_int_eq(gradcheck_forward("Reshape", 14, "allowzero=1", 2, in,
	    out, 0), 0);
}
END_TEST

START_TEST(test_shape_refused)
{
	static const int64_t two[] = { -1, -1 }, bad[] = { 5, -1 };
	static const int64_t badent[] = { -2, 6 };
	static const double t1[] = { 1 };
	static const int64_t ax[] = { 0 };
	struct gc_input	in[3];

	in[0] = gin(2, 2, 3);
	in[1] = gints(2, two);
	check_refused("Reshape", 13, "", 2, in, "more than one -1");
	in[1] = gints(2, bad);
	check_refused("Reshape", 13, "", 2, in, "cannot reshape");
	in[1] = gints(2, badent);
	check_refused("Reshape", 13, "", 2, in, "invalid");
	in[1] = gin(1, 2);
	check_refused("Reshape", 13, "", 2, in, "constant integer");
	check_refused("Squeeze", 11, "axes=1,", 1, in, "not 1");
	check_refused("Squeeze", 11, "axes=5,", 1, in, "out of range");
	in[1] = gints(1, ax);
	check_refused("Squeeze", 11, "", 2, in, "opset 13");
	check_refused("Squeeze", 13, "axes=0,", 1, in, "'axes'");
	check_refused("Unsqueeze", 11, "", 1, in, "'axes' is required");
	check_refused("Unsqueeze", 13, "", 1, in, "'axes' is required");
	check_refused("Unsqueeze", 11, "axes=0,0", 1, in, "repeated");
	check_refused("Transpose", 13, "perm=0,0", 1, in, "permutation");
	check_refused("Transpose", 13, "perm=0,", 1, in, "entries");
	check_refused("Flatten", 13, "axis=3", 1, in, "out of range");
	check_refused("Concat", 13, "", 1, in, "'axis' is required");
	check_refused("Concat", 13, "axis=2", 1, in, "out of range");
	in[1] = gin(2, 3, 3);
	check_refused("Concat", 13, "axis=1", 2, in, "does not match");
	in[1] = gdata(gconst(0), t1);
	check_refused("Dropout", 13, "", 3, (struct gc_input[]){ in[0],
	    in[1], in[1] }, "training_mode");
	check_refused("Dropout", 13, "", 2, (struct gc_input[]){ in[0],
	    gin(0) }, "'ratio' must be constant");
	check_refused("Dropout", 10, "is_test=1", 1, in, "'is_test'");
	ck_assert_int_eq(gradcheck("Dropout", 13, "seed=3", 2, in, TOL), 0);
}
END_TEST

START_TEST(test_shape_helpers)
{
	struct gs_shape	a = { 2, { 3, 1 } }, b = { 1, { 4 } }, o, c;
	struct gs_error	err;
	int64_t		st[GS_MAX_DIMS];
	char		buf[64];
	gs_real		g[12], d[3] = { 0, 0, 0 }, e[4] = { 0, 0, 0, 0 };
	int		i;

	ck_assert_int_eq(shape_broadcast(&a, &b, &o, &err), 0);
	ck_assert_str_eq(shape_format(&o, buf, sizeof buf), "[3, 4]");
	ck_assert_uint_eq(shape_len(&o), 12);
	c.ndim = 1;
	c.d[0] = 2;
	ck_assert_int_eq(shape_broadcast(&o, &c, &o, &err), -1);
	ck_assert_int_eq(err.code, GS_ESHAPE);
	ck_assert_str_eq(err.msg, "shapes [3, 4] and [2] do not broadcast");
	c.ndim = 0;
	ck_assert_str_eq(shape_format(&c, buf, sizeof buf), "[]");
	ck_assert_str_eq(shape_format(&o, buf, 4), "[3,");
	shape_bcast_strides(&a, &o, st);
	ck_assert_int_eq(st[0], 1);
	ck_assert_int_eq(st[1], 0);
	shape_bcast_strides(&b, &o, st);
	ck_assert_int_eq(st[0], 0);
	ck_assert_int_eq(st[1], 1);
	for (i = 0; i < 12; i++)
		g[i] = i;
	tensor_sum_to(g, &o, d, &a);	/* row sums: 6, 22, 38 */
	ck_assert(d[0] == 6 && d[1] == 22 && d[2] == 38);
	tensor_sum_to(g, &o, e, &b);	/* column sums: 12, 15, 18, 21 */
	ck_assert(e[0] == 12 && e[1] == 15 && e[2] == 18 && e[3] == 21);
	ck_assert_int_eq(shape_axis(-1, 3), 2);
	ck_assert_int_eq(shape_axis(3, 3), -1);
	ck_assert_int_eq(shape_axis(-4, 3), -1);
	ck_assert_ptr_null(op_find("Det"));
	ck_assert_str_eq(op_find("Gemm")->name, "Gemm");
	ck_assert_str_eq(op_find("Conv")->name, "Conv");
}
END_TEST

static Suite *
grad_suite(void)
{
	Suite	*s = suite_create("grad");
	TCase	*tc = tcase_create("dense");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_gemm_grad);
	tcase_add_test(tc, test_gemm_forward);
	tcase_add_test(tc, test_gemm_refused);
	tcase_add_test(tc, test_matmul_grad);
	tcase_add_test(tc, test_matmul_forward);
	tcase_add_test(tc, test_arith_grad);
	tcase_add_test(tc, test_arith_forward);
	tcase_add_test(tc, test_shape_grad);
	tcase_add_test(tc, test_shape_forward);
	tcase_add_test(tc, test_shape_refused);
	tcase_add_test(tc, test_shape_helpers);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr = srunner_create(grad_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

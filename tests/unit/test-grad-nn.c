/* SPDX-License-Identifier: ISC */
/*
 * The neural-network ops (activations, softmax, conv, pooling, batch norm):
 * backward rules against central differences in double precision, forward
 * values against hand-worked examples, torch's numbers and a naive
 * convolution, kink conventions, and refusals of unsupported attributes.
 */
#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "model/graph.h"
#include "gradcheck.h"

#define TOL		1e-6	/* gradcheck tolerance (relative to max |g|) */
#define FWD_EPS		1e-12	/* forward values against exact ones */
#define BUF_LEN		4096	/* elements of a test data buffer */

/* A one-input array, for ops taking a single input. */
#define NN_IN1(x)	((struct gc_input[]){ (x) })

/* Fill the shape of *g from ndim variadic int dimensions. */
static void
nn_shape(struct gc_input *g, int ndim, va_list ap)
{
	int	i;

	g->ndim = ndim;
	for (i = 0; i < ndim; i++)
		g->d[i] = va_arg(ap, int);
}

/* A non-constant input, uniform in [lo, hi]. */
static struct gc_input
nn_rand(double lo, double hi, int ndim, ...)
{
	struct gc_input	 g;
	va_list		 ap;

	memset(&g, 0, sizeof g);
	va_start(ap, ndim);
	nn_shape(&g, ndim, ap);
	va_end(ap);
	g.lo = lo;
	g.hi = hi;
	return (g);
}

/* An input with given values (is_const says whether it is a constant). */
static struct gc_input
nn_data(int is_const, const double *data, int ndim, ...)
{
	struct gc_input	 g;
	va_list		 ap;

	memset(&g, 0, sizeof g);
	va_start(ap, ndim);
	nn_shape(&g, ndim, ap);
	va_end(ap);
	g.is_const = is_const;
	g.data = data;
	return (g);
}

/* A constant input, uniform in [lo, hi]. */
static struct gc_input
nn_crand(double lo, double hi, int ndim, ...)
{
	struct gc_input	 g;
	va_list		 ap;

	memset(&g, 0, sizeof g);
	va_start(ap, ndim);
	nn_shape(&g, ndim, ap);
	va_end(ap);
	g.is_const = 1;
	g.lo = lo;
	g.hi = hi;
	return (g);
}

/* n deterministic values in [lo, hi) from seed (a small LCG). */
static void
nn_fill(double *buf, size_t n, uint32_t seed, double lo, double hi)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		seed = seed * 1664525u + 1013904223u;
		buf[i] = lo + (hi - lo) * (seed >> 8) / 16777216.0;
	}
}

/* Move values of buf within gap of any of the nk kinks to kink +- gap. */
static void
nn_away(double *buf, size_t n, const double *kink, int nk, double gap)
{
	size_t	i;
	int	k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < nk; k++) {
			if (fabs(buf[i] - kink[k]) < gap)
				buf[i] = kink[k] + (buf[i] >= kink[k] ?
				    gap : -gap);
		}
	}
}

/* Distinct values 0.1 apart, in a scrambled order (n not a multiple of 37). */
static void
nn_distinct(double *buf, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		buf[i] = (double)((i * 37) % n) * 0.1 - 1;
}

/* Assert out[0..n) equals want[0..n) within eps; line is the caller's. */
static void
nn_near(int line, const double *out, const double *want, size_t n, double eps)
{
	size_t	i;

	for (i = 0; i < n; i++)
		ck_assert_msg(fabs(out[i] - want[i]) <= eps,
		    "line %d: element %zu: got %.15g, want %.15g", line, i,
		    out[i], want[i]);
}
#define nn_assert_near(...)	nn_near(__LINE__, __VA_ARGS__)

/* Assert the node is refused with a message containing what. */
static void
nn_assert_refused(const char *op, int opset, const char *attrs, int n_in,
    const struct gc_input *in, const char *what)
{
	char	 msg[256];

	ck_assert_int_eq(gradcheck_init(op, opset, attrs, n_in, in, msg,
	    sizeof msg), -1);
	ck_assert_msg(strstr(msg, what) != NULL,
	    "%s (%s): message '%s' does not name '%s'", op,
	    attrs != NULL ? attrs : "", msg, what);
}

/* An ints attribute for nn_backward, owned by the node it is given to. */
static struct gs_attr
nn_attr_ints(const char *name, int64_t a, int64_t b)
{
	struct gs_attr	 at;

	memset(&at, 0, sizeof at);
	at.name = xstrdup(name);
	at.type = GS_ATTR_INTS;
	at.ints = xcalloc(2, sizeof *at.ints);
	at.ints[0] = a;
	at.ints[1] = b;
	at.len = 2;
	return (at);
}

/*
 * Build a node by hand (attrs, n_attrs are taken over), run forward and
 * backward with dout = g and copy the gradient of input 0 to dx. Returns
 * 0, or -1 when the node is refused. For kinks, which finite differences
 * cannot check.
 */
static int
nn_backward(const char *op_type, int opset, struct gs_attr *attrs,
    size_t n_attrs, int n_in, const struct gc_input *in, const double *g,
    double *dx)
{
	struct gs_node		 node;
	struct gs_tensor	 t[4], view[4], out, dout, din[4];
	struct gs_error		 err;
	size_t			 i, j, len;
	gs_real			*scratch = NULL;
	int			 rc = -1;

	memset(&node, 0, sizeof node);
	memset(t, 0, sizeof t);
	memset(din, 0, sizeof din);
	memset(&out, 0, sizeof out);
	node.op = op_find(op_type);
	ck_assert_ptr_nonnull(node.op);
	node.name = xstrdup("");
	node.opset = opset;
	node.n_in = (size_t)n_in;
	node.n_out = 1;
	node.in = xcalloc((size_t)n_in, sizeof *node.in);
	node.out = xcalloc(1, sizeof *node.out);
	for (i = 0; i < (size_t)n_in; i++)
		node.in[i] = (int)i;
	node.out[0] = n_in;
	node.attrs = xcalloc(n_attrs + 1, sizeof *node.attrs);
	if (n_attrs > 0)
		memcpy(node.attrs, attrs, n_attrs * sizeof *attrs);
	node.n_attrs = n_attrs;
	for (i = 0; i < (size_t)n_in; i++) {
		t[i].shape.ndim = in[i].ndim;
		memcpy(t[i].shape.d, in[i].d, sizeof in[i].d);
		len = shape_len(&t[i].shape);
		t[i].data = xcalloc(len + 1, sizeof(gs_real));
		for (j = 0; j < len; j++)
			t[i].data[j] = in[i].data[j];
		t[i].is_const = in[i].is_const;
		view[i] = t[i];
		if (!t[i].is_const)
			view[i].data = NULL;
	}
	if (node_init(&node, view, &err) != 0 ||
	    node.op->shape(&node, t, &out.shape, &err) != 0)
		goto out;
	len = shape_len(&out.shape);
	out.data = xcalloc(len + 1, sizeof(gs_real));
	dout.shape = out.shape;
	dout.data = xcalloc(len + 1, sizeof(gs_real));
	for (j = 0; j < len; j++)
		dout.data[j] = g[j];
	if (node.op->scratch != NULL)
		scratch = xcalloc(node.op->scratch(&node, t, &out) + 1,
		    sizeof *scratch);
	len = shape_len(&t[0].shape);
	din[0].shape = t[0].shape;
	din[0].data = xcalloc(len + 1, sizeof(gs_real));
	node.op->forward(&node, t, &out, scratch);
	node.op->backward(&node, t, &out, &dout, din, scratch);
	for (j = 0; j < len; j++)
		dx[j] = din[0].data[j];
	free(dout.data);
	rc = 0;
out:
	node_clear(&node);
	for (i = 0; i < (size_t)n_in; i++)
		free(t[i].data);
	free(out.data);
	free(din[0].data);
	free(scratch);
	return (rc);
}

/*
 * Activations.
 */

START_TEST(test_act_forward)
{
	const double	 x[] = { -1000, -30, -1, 0, 0.5, 2, 1000 };
	double		 y[7];

	ck_assert_int_eq(gradcheck_forward("Relu", 14, NULL, 1,
	    NN_IN1(nn_data(0, x, 1, 7)), y, 7), 0);
	nn_assert_near(y, (double[]){ 0, 0, 0, 0, 0.5, 2, 1000 }, 7, 0);
	ck_assert_int_eq(gradcheck_forward("LeakyRelu", 16, NULL, 1,
	    NN_IN1(nn_data(0, x, 1, 7)), y, 7), 0);
	nn_assert_near(y, (double[]){ -10, -0.3, -0.01, 0, 0.5, 2, 1000 }, 7,
	    FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("LeakyRelu", 16, "alpha=0.5", 1,
	    NN_IN1(nn_data(0, x, 1, 7)), y, 7), 0);
	ck_assert(fabs(y[2] + 0.5) < FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("Elu", 6, NULL, 1,
	    NN_IN1(nn_data(0, x, 1, 7)), y, 7), 0);
	nn_assert_near(y, (double[]){ -1, expm1(-30), expm1(-1), 0, 0.5, 2,
	    1000 }, 7, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("Elu", 6, "alpha=2.0", 1,
	    NN_IN1(nn_data(0, x, 1, 7)), y, 7), 0);
	ck_assert(fabs(y[0] + 2) < FWD_EPS);

	/* Stable at +-1000: no NaN, no overflow. */
	ck_assert_int_eq(gradcheck_forward("Sigmoid", 13, NULL, 1,
	    NN_IN1(nn_data(0, x, 1, 7)), y, 7), 0);
	nn_assert_near(y, (double[]){ 0, 1 / (1 + exp(30)), 1 / (1 + exp(1)),
	    0.5, 1 / (1 + exp(-0.5)), 1 / (1 + exp(-2)), 1 }, 7, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("Softplus", 1, NULL, 1,
	    NN_IN1(nn_data(0, x, 1, 7)), y, 7), 0);
	nn_assert_near(y, (double[]){ 0, log1p(exp(-30)), log1p(exp(-1)),
	    log(2), log1p(exp(0.5)), log1p(exp(2)), 1000 }, 7, FWD_EPS);
	ck_assert(y[1] > 0);
	ck_assert_int_eq(gradcheck_forward("Tanh", 13, NULL, 1,
	    NN_IN1(nn_data(0, x, 1, 7)), y, 7), 0);
	nn_assert_near(y, (double[]){ -1, -1, -0.7615941559557649, 0,
	    0.46211715726000974, 0.9640275800758169, 1 }, 7, FWD_EPS);

	ck_assert_int_eq(gradcheck_forward("Exp", 13, NULL, 1,
	    NN_IN1(nn_data(0, (double[]){ 0, 1, -2 }, 1, 3)), y, 3), 0);
	nn_assert_near(y, (double[]){ 1, exp(1), exp(-2) }, 3, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("Log", 13, NULL, 1,
	    NN_IN1(nn_data(0, (double[]){ 1, exp(1), 0.25 }, 1, 3)), y, 3), 0);
	nn_assert_near(y, (double[]){ 0, 1, -2 * log(2) }, 3, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("Sqrt", 13, NULL, 1,
	    NN_IN1(nn_data(0, (double[]){ 0, 4, 2.25 }, 1, 3)), y, 3), 0);
	nn_assert_near(y, (double[]){ 0, 2, 1.5 }, 3, FWD_EPS);
}
END_TEST

/*
 * The activations added for everyday torch layers, against values from
 * Python's math module (the formulas of the ONNX specification), and
 * their gradients on both sides of their kinks.
 */
START_TEST(test_act_more)
{
	static const double x[6] = { -4, -1, 0, 0.5, 2, 5 };
	static const struct {
		const char	*op;
		int		 opset;
		const char	*attrs;
		double		 y[6];
	} cases[] = {
		{ "Erf", 13, NULL, { -0.9999999845827421, -0.8427007929497149,
		    0, 0.5204998778130465, 0.9953222650189527,
		    0.9999999999984626 } },
		{ "Selu", 6, NULL, { -1.7258986335848916, -1.1113307412864784,
		    0, 0.5253505110740662, 2.1014020442962646,
		    5.253505110740662 } },
		{ "Celu", 12, "alpha=0.5", { -0.49983226868604874,
		    -0.43233235838169365, 0, 0.5, 2, 5 } },
		{ "HardSigmoid", 6, NULL, { 0, 0.3, 0.5, 0.6, 0.9, 1 } },
		{ "HardSwish", 14, NULL, { 0, -0.33333333333333337, 0,
		    0.2916666666666667, 1.6666666666666665, 5 } },
		{ "Gelu", 20, NULL, { -0.00012668496733247991,
		    -0.15865525393145707, 0, 0.34573123063700656,
		    1.9544997361036416, 4.999998566742141 } },
		{ "Gelu", 20, "approximate='tanh'", { -7.024594819227126e-05,
		    -0.15880800939172324, 0, 0.34571400982514394,
		    1.954597694087775, 4.999999770820381 } },
		{ "Mish", 18, NULL, { -0.07259174079202535,
		    -0.30340146137410895, 0, 0.3752452113048951,
		    1.9439589595339946, 4.999552077529406 } },
		{ "Softsign", 1, NULL, { -0.8, -0.5, 0, 1.0 / 3, 2.0 / 3,
		    5.0 / 6 } },
		{ "Abs", 13, NULL, { 4, 1, 0, 0.5, 2, 5 } },
		{ "Neg", 13, NULL, { 4, 1, 0, -0.5, -2, -5 } },
	};
	double		 y[6];
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_int_eq(gradcheck_forward(cases[i].op,
		    cases[i].opset, cases[i].attrs, 1,
		    NN_IN1(nn_data(0, x, 1, 6)), y, 6), 0);
		nn_assert_near(y, cases[i].y, 6, 1e-14);
		/* Gradients away from every kink (0, +-2.5, +-3). */
		ck_assert_int_eq(gradcheck(cases[i].op, cases[i].opset,
		    cases[i].attrs, 1, NN_IN1(nn_data(0, (double[]){ -3.7,
		    -2.8, -1.3, -0.2, 0.4, 1.7, 2.7, 4.1 }, 1, 8)), TOL), 0);
	}
	ck_assert_int_eq(gradcheck("Reciprocal", 13, NULL, 1,
	    NN_IN1(nn_rand(0.5, 3, 2, 3, 4)), TOL), 0);
	nn_assert_refused("Gelu", 20, "approximate='fast'", 1,
	    NN_IN1(nn_rand(-1, 1, 1, 3)), "'fast'");
	nn_assert_refused("Celu", 12, "alpha=0.0", 1,
	    NN_IN1(nn_rand(-1, 1, 1, 3)), "'alpha' is 0");
}
END_TEST

/*
 * Reductions: values by hand for every kind, keepdims, several axes, the
 * opset-18 axes input and noop_with_empty_axes, and gradients (ReduceProd
 * through one and two zeros).
 */
START_TEST(test_reduce)
{
	static const double x[6] = { 1, -2, 3, 4, 0.5, -1 };	/* [2, 3] */
	static const int64_t ax1[1] = { 1 };
	struct gc_input	 in[2];
	double		 y[6];
	static const struct {
		const char	*op;
		const char	*attrs;
		double		 y[2];
	} rows[] = {
		{ "ReduceSum", "keepdims=0", { 2, 3.5 } },
		{ "ReduceMean", "axes=1, keepdims=0", { 2.0 / 3, 3.5 / 3 } },
		{ "ReduceMax", "axes=1,", { 3, 4 } },
		{ "ReduceMin", "axes=1,", { -2, -1 } },
		{ "ReduceProd", "axes=1,", { -6, -2 } },
		{ "ReduceL1", "axes=1,", { 6, 5.5 } },
		{ "ReduceL2", "axes=1,", { 3.7416573867739413,
		    4.153311931459037 } },
		{ "ReduceSumSquare", "axes=1,", { 14, 17.25 } },
		{ "ReduceLogSumExp", "axes=1,", { 3.1328452337275756,
		    4.036269565124779 } },
	};
	size_t		 i;

	in[0] = nn_data(0, x, 2, 2, 3);
	in[1] = nn_data(1, NULL, 1, 1);
	in[1].ival = ax1;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int sum = strcmp(rows[i].op, "ReduceSum") == 0;

		ck_assert_int_eq(gradcheck_forward(rows[i].op, 13,
		    rows[i].attrs, sum ? 2 : 1, in, y, 2), 0);
		nn_assert_near(y, rows[i].y, 2, 1e-13);
	}
	/* Everything, keeping dims; opset 18 axes input; no-op. */
	ck_assert_int_eq(gradcheck_forward("ReduceSum", 11, NULL, 1, in, y,
	    1), 0);
	ck_assert(y[0] == 5.5);
	ck_assert_int_eq(gradcheck_forward("ReduceMax", 18, "keepdims=0", 2,
	    in, y, 2), 0);
	nn_assert_near(y, (double[]){ 3, 4 }, 2, 0);
	ck_assert_int_eq(gradcheck_forward("ReduceMean", 18,
	    "noop_with_empty_axes=1", 1, in, y, 6), 0);
	nn_assert_near(y, x, 6, 0);
	ck_assert_int_eq(gradcheck_forward("ReduceLogSum", 18, NULL, 1,
	    NN_IN1(nn_data(0, (double[]){ 1, 2, 3 }, 1, 3)), y, 1), 0);
	ck_assert(fabs(y[0] - log(6)) < 1e-15);
	/* Gradients: all kinds, several axes; Prod through zeros. */
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		ck_assert_int_eq(gradcheck(rows[i].op, 11, "axes=0,2", 1,
		    NN_IN1(nn_data(0, (double[]){ 0.3, -0.5, 1.1, 0.7, -0.2,
		    0.9, 0.4, -0.7, 1.0, -0.1, 0.6, -0.4 }, 3, 2, 3, 2)), TOL),
		    0);
	ck_assert_int_eq(gradcheck("ReduceProd", 13, "axes=1,", 1,
	    NN_IN1(nn_data(0, (double[]){ 0, 2, 3, 0, 0, 4 }, 2, 2, 3)), TOL),
	    0);
	nn_assert_refused("ReduceMean", 13, "axes=2,", 1, in, "out of range");
	nn_assert_refused("ReduceMean", 13, "axes=1,1", 1, in, "repeated");
	nn_assert_refused("ReduceMean", 13, NULL, 2, in, "needs opset 18");
}
END_TEST

/*
 * LayerNormalization, GroupNormalization (opsets 18 and 21 scale shapes)
 * and InstanceNormalization against numpy, and their gradients.
 */
START_TEST(test_norm)
{
	struct gc_input	 in[3];
	double		 y[8];

	in[0] = nn_data(0, (double[]){ 1, -2, 3, 4, 0.5, -1 }, 2, 2, 3);
	in[1] = nn_data(1, (double[]){ 1, 2, 0.5 }, 1, 3);
	in[2] = nn_data(1, (double[]){ 0, 1, -1 }, 1, 3);
	ck_assert_int_eq(gradcheck_forward("LayerNormalization", 17, NULL, 3,
	    in, y, 6), 0);
	nn_assert_near(y, (double[]){ 0.16222122902678932,
	    -1.5955396644286286, -0.4322256984062375, 1.3524458423385324,
	    0.3635548977230435, -1.517111645600027 }, 6, 1e-12);
	in[0] = nn_data(0, (double[]){ 1, -2, 3, 4, 0.5, -1, 2, 2.5 }, 3, 1,
	    4, 2);
	in[1] = nn_data(1, (double[]){ 1, 2 }, 1, 2);
	in[2] = nn_data(1, (double[]){ 0, 1 }, 1, 2);
	ck_assert_int_eq(gradcheck_forward("GroupNormalization", 18,
	    "num_groups=2", 3, in, y, 8), 0);
	nn_assert_near(y, (double[]){ -0.21821768240972714, -1.52752377686809,
	    0.6546530472291815, 1.0910884120486357, 0.269705204109971,
	    -1.921179183560116, 2.460589591780058, 3.1908843876700868 }, 8,
	    1e-12);
	in[1] = nn_data(1, (double[]){ 1, 2, 3, 4 }, 1, 4);
	in[2] = nn_data(1, (double[]){ 0, 1, 2, 3 }, 1, 4);
	ck_assert_int_eq(gradcheck_forward("GroupNormalization", 21,
	    "num_groups=2", 3, in, y, 8), 0);
	nn_assert_near(y, (double[]){ -0.21821768240972714, -1.52752377686809,
	    2.309306094458363, 3.1821768240972714, 0.9045578061649566,
	    -2.3817687753401735, 5.921179183560116, 7.3817687753401735 }, 8,
	    1e-12);
	nn_assert_refused("GroupNormalization", 18, "num_groups=2", 3, in,
	    "expected 2");
	nn_assert_refused("GroupNormalization", 21, "num_groups=3", 3, in,
	    "do not split");
	/* Gradients, with broadcast scale and several axes. */
	in[0] = nn_rand(-2, 2, 3, 2, 3, 4);
	in[1] = nn_crand(0.5, 2, 2, 1, 4);
	in[2] = nn_crand(-1, 1, 1, 4);
	ck_assert_int_eq(gradcheck("LayerNormalization", 17, "axis=-2 "
	    "epsilon=0.001", 3, in, TOL), 0);
	in[1] = nn_crand(0.5, 2, 1, 4);
	ck_assert_int_eq(gradcheck("LayerNormalization", 17, NULL, 2, in,
	    TOL), 0);
	/* With the Mean and InvStdDev outputs, and their gradients. */
	ck_assert_int_eq(gradcheck("LayerNormalization", 17, "axis=1 "
	    "@outputs=3", 2, (struct gc_input[]){ in[0],
	    nn_crand(0.5, 2, 2, 3, 4) }, TOL), 0);
	in[0] = nn_rand(-2, 2, 4, 2, 4, 3, 2);
	in[1] = nn_crand(0.5, 2, 1, 4);
	in[2] = nn_crand(-1, 1, 1, 4);
	ck_assert_int_eq(gradcheck("InstanceNormalization", 6, NULL, 3, in,
	    TOL), 0);
	ck_assert_int_eq(gradcheck("GroupNormalization", 21, "num_groups=2",
	    3, in, TOL), 0);
}
END_TEST

/*
 * Pad in every mode against numpy.pad, the attribute form (opset 2 to 10),
 * an axes input (18), negative pads, and gradients.
 */
START_TEST(test_pad)
{
	static const double x[6] = { 1, 2, 3, 4, 5, 6 };	/* [2, 3] */
	static const int64_t p1[4] = { 1, 2, 0, 1 }, ax[1] = { 1 };
	static const int64_t p2[2] = { 2, -1 };
	static const double want[3][18] = {
		{ 9, 9, 9, 9, 9, 9, 9, 9, 1, 2, 3, 9, 9, 9, 4, 5, 6, 9 },
		{ 6, 5, 4, 5, 6, 5, 3, 2, 1, 2, 3, 2, 6, 5, 4, 5, 6, 5 },
		{ 1, 1, 1, 2, 3, 3, 1, 1, 1, 2, 3, 3, 4, 4, 4, 5, 6, 6 },
	};
	static const char *modes[3] = { "mode='constant'", "mode='reflect'",
	    "mode='edge'" };
	struct gc_input	 in[4];
	double		 y[18], nine[1] = { 9 };
	int		 k;

	in[0] = nn_data(0, x, 2, 2, 3);
	in[1] = nn_data(1, NULL, 1, 4);
	in[1].ival = p1;
	in[2] = nn_data(1, nine, 0);
	for (k = 0; k < 3; k++) {
		ck_assert_int_eq(gradcheck_forward("Pad", 13, modes[k], 3, in,
		    y, 18), 0);
		nn_assert_near(y, want[k], 18, 0);
	}
	ck_assert_int_eq(gradcheck_forward("Pad", 2, "pads=1,0,0,1 value=9.0",
	    1, in, y, 12), 0);
	nn_assert_near(y, (double[]){ 9, 9, 9, 9, 1, 2, 3, 9, 4, 5, 6, 9 },
	    12, 0);
	/* Axis 1 only, 2 before and 1 cropped after; wrap at opset 19. */
	in[1] = nn_data(1, NULL, 1, 2);
	in[1].ival = p2;
	in[3] = nn_data(1, NULL, 1, 1);
	in[3].ival = ax;
	ck_assert_int_eq(gradcheck_forward("Pad", 19, "mode='wrap'", 4,
	    (struct gc_input[]){ in[0], in[1], nn_data(1, nine, 0), in[3] }, y,
	    8), 0);
	nn_assert_near(y, (double[]){ 2, 3, 1, 2, 5, 6, 4, 5 }, 8, 0);
	nn_assert_refused("Pad", 18, "mode='wrap'", 2, in, "'wrap'");
	/* Gradients in every mode, pads and crops. */
	in[0] = nn_rand(-1, 1, 3, 2, 3, 4);
	in[1] = nn_data(1, NULL, 1, 6);
	in[1].ival = (const int64_t[]){ 0, 2, 1, 1, 1, -1 };
	for (k = 0; k < 3; k++)
		ck_assert_int_eq(gradcheck("Pad", 13, modes[k], 2, in, TOL), 0);
	in[1].ival = (const int64_t[]){ 0, 3, 1, 1, 1, -1 };
	nn_assert_refused("Pad", 13, modes[1], 2, in, "smaller than");
}
END_TEST

START_TEST(test_act_grad)
{
	static const char *const smooth[] = {
		"Sigmoid", "Tanh", "Softplus", "Exp"
	};
	const double	 zero = 0;
	double		 x[60];
	size_t		 i;

	nn_fill(x, 60, 1, -3, 3);
	nn_away(x, 60, &zero, 1, 0.05);
	ck_assert_int_eq(gradcheck("Relu", 14, NULL, 1,
	    NN_IN1(nn_data(0, x, 3, 3, 4, 5)), TOL), 0);
	ck_assert_int_eq(gradcheck("LeakyRelu", 16, NULL, 1,
	    NN_IN1(nn_data(0, x, 2, 6, 10)), TOL), 0);
	ck_assert_int_eq(gradcheck("LeakyRelu", 6, "alpha=0.2", 1,
	    NN_IN1(nn_data(0, x, 1, 60)), TOL), 0);
	ck_assert_int_eq(gradcheck("Elu", 6, NULL, 1,
	    NN_IN1(nn_data(0, x, 2, 6, 10)), TOL), 0);
	ck_assert_int_eq(gradcheck("Elu", 6, "alpha=0.5", 1,
	    NN_IN1(nn_data(0, x, 2, 6, 10)), TOL), 0);
	for (i = 0; i < sizeof smooth / sizeof smooth[0]; i++) {
		ck_assert_int_eq(gradcheck(smooth[i], 13, NULL, 1,
		    NN_IN1(nn_rand(-6, 6, 2, 4, 7)), TOL), 0);
		ck_assert_int_eq(gradcheck(smooth[i], 13, NULL, 1,
		    NN_IN1(nn_rand(-0.5, 0.5, 1, 9)), TOL), 0);
	}
	ck_assert_int_eq(gradcheck("Softplus", 1, NULL, 1,
	    NN_IN1(nn_rand(-30, 30, 1, 40)), TOL), 0);
	ck_assert_int_eq(gradcheck("Sigmoid", 13, NULL, 1,
	    NN_IN1(nn_rand(-30, 30, 1, 40)), TOL), 0);
	ck_assert_int_eq(gradcheck("Log", 13, NULL, 1,
	    NN_IN1(nn_rand(0.2, 5, 2, 3, 5)), TOL), 0);
	ck_assert_int_eq(gradcheck("Sqrt", 13, NULL, 1,
	    NN_IN1(nn_rand(0.2, 5, 2, 3, 5)), TOL), 0);
}
END_TEST

START_TEST(test_act_kinks)
{
	const double	 x[] = { -1, 0, 1e-300, 2 };
	const double	 g[] = { 1, 1, 1, 1, 1 };
	const double	 c[] = { -1.5, -1, 0, 1, 1.5 };
	double		 dx[5];

	/* relu'(0) = 0 and leakyrelu'(0) = alpha, as torch. */
	ck_assert_int_eq(nn_backward("Relu", 14, NULL, 0, 1,
	    NN_IN1(nn_data(0, x, 1, 4)), g, dx), 0);
	nn_assert_near(dx, (double[]){ 0, 0, 1, 1 }, 4, 0);
	ck_assert_int_eq(nn_backward("LeakyRelu", 16, NULL, 0, 1,
	    NN_IN1(nn_data(0, x, 1, 4)), g, dx), 0);
	nn_assert_near(dx, (double[]){ 0.01, 0.01, 1, 1 }, 4, FWD_EPS);

	/* Clip passes the gradient at its bounds (inclusive, as torch). */
	ck_assert_int_eq(nn_backward("Clip", 13, NULL, 0, 3,
	    (struct gc_input[]){ nn_data(0, c, 1, 5),
	    nn_data(1, (double[]){ -1 }, 0), nn_data(1, (double[]){ 1 }, 0) },
	    g, dx), 0);
	nn_assert_near(dx, (double[]){ 0, 1, 1, 1, 0 }, 5, 0);
}
END_TEST

START_TEST(test_pow)
{
	const double	 b[] = { 1, 2, 3, 4, 5, 6 };
	double		 y[6], x[60];

	/* Exponent [3] broadcast over rows, then [2, 1] over columns. */
	ck_assert_int_eq(gradcheck_forward("Pow", 13, NULL, 2,
	    (struct gc_input[]){ nn_data(0, b, 2, 2, 3),
	    nn_data(1, (double[]){ 2, 1, 0.5 }, 1, 3) }, y, 6), 0);
	nn_assert_near(y, (double[]){ 1, 2, sqrt(3), 16, 5, sqrt(6) }, 6,
	    FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("Pow", 13, NULL, 2,
	    (struct gc_input[]){ nn_data(0, b, 2, 2, 3),
	    nn_data(1, (double[]){ 2, 0 }, 2, 2, 1) }, y, 6), 0);
	nn_assert_near(y, (double[]){ 1, 4, 9, 1, 1, 1 }, 6, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("Pow", 7, NULL, 2,
	    (struct gc_input[]){ nn_data(0, b, 1, 6),
	    nn_data(1, (double[]){ -1 }, 0) }, y, 6), 0);
	nn_assert_near(y, (double[]){ 1, 0.5, 1 / 3.0, 0.25, 0.2, 1 / 6.0 }, 6,
	    FWD_EPS);

	/* Scalar exponents, [1] and [] shaped. */
	ck_assert_int_eq(gradcheck("Pow", 13, NULL, 2,
	    (struct gc_input[]){ nn_rand(0.3, 2, 2, 4, 5),
	    nn_data(1, (double[]){ 2 }, 0) }, TOL), 0);
	ck_assert_int_eq(gradcheck("Pow", 13, NULL, 2,
	    (struct gc_input[]){ nn_rand(0.3, 2, 2, 4, 5),
	    nn_data(1, (double[]){ 0.5 }, 1, 1) }, TOL), 0);
	ck_assert_int_eq(gradcheck("Pow", 13, NULL, 2,
	    (struct gc_input[]){ nn_rand(0.3, 2, 2, 4, 5),
	    nn_data(1, (double[]){ -1.5 }, 0) }, TOL), 0);
	ck_assert_int_eq(gradcheck("Pow", 13, NULL, 2,
	    (struct gc_input[]){ nn_rand(0.3, 2, 2, 4, 5),
	    nn_data(1, (double[]){ 0 }, 0) }, TOL), 0);
	nn_fill(x, 60, 7, -2, 2);
	ck_assert_int_eq(gradcheck("Pow", 13, NULL, 2,
	    (struct gc_input[]){ nn_data(0, x, 3, 3, 4, 5),
	    nn_data(1, (double[]){ 3 }, 0) }, TOL), 0);

	/* Broadcast exponents: trailing, middle and full shapes. */
	ck_assert_int_eq(gradcheck("Pow", 13, NULL, 2,
	    (struct gc_input[]){ nn_rand(0.3, 2, 3, 2, 3, 4),
	    nn_data(1, (double[]){ 2, 0.5, -1, 3 }, 1, 4) }, TOL), 0);
	ck_assert_int_eq(gradcheck("Pow", 13, NULL, 2,
	    (struct gc_input[]){ nn_rand(0.3, 2, 3, 2, 3, 4),
	    nn_data(1, (double[]){ 2, 0, 1.5 }, 2, 3, 1) }, TOL), 0);
	ck_assert_int_eq(gradcheck("Pow", 13, NULL, 2,
	    (struct gc_input[]){ nn_rand(0.3, 2, 2, 2, 3),
	    nn_crand(-2, 2, 2, 2, 3) }, TOL), 0);

	/* A variable exponent: d x^e / de = x^e ln x, broadcast or not. */
	ck_assert_int_eq(gradcheck("Pow", 13, NULL, 2, (struct gc_input[]){
	    nn_rand(0.3, 2, 2, 2, 3), nn_rand(1, 2, 0) }, TOL), 0);
	ck_assert_int_eq(gradcheck("Pow", 15, NULL, 2, (struct gc_input[]){
	    nn_crand(0.3, 2, 2, 2, 3), nn_rand(-2, 2, 2, 2, 3) }, TOL), 0);
	ck_assert_int_eq(gradcheck("Pow", 15, NULL, 2, (struct gc_input[]){
	    nn_rand(0.3, 2, 2, 2, 3), nn_rand(-1, 1, 1, 3) }, TOL), 0);
	/* Refused: an exponent that grows the base. */
	nn_assert_refused("Pow", 13, NULL, 2, (struct gc_input[]){
	    nn_rand(0.3, 2, 1, 3), nn_crand(1, 2, 2, 2, 3) }, "exponent");
	/* Pow before opset 7 had 'broadcast': refused as unread. */
	nn_assert_refused("Pow", 1, "broadcast=1", 2, (struct gc_input[]){
	    nn_rand(0.3, 2, 1, 3), nn_crand(1, 2, 0) }, "'broadcast'");
}
END_TEST

START_TEST(test_clip)
{
	const double	 k[] = { -0.5, 0.5 };
	const double	 x[] = { -2, -0.5, 0, 0.25, 2 };
	double		 d[60], y[5];

	/* Before opset 11: attributes. */
	ck_assert_int_eq(gradcheck_forward("Clip", 6, "min=-0.5 max=0.5", 1,
	    NN_IN1(nn_data(0, x, 1, 5)), y, 5), 0);
	nn_assert_near(y, (double[]){ -0.5, -0.5, 0, 0.25, 0.5 }, 5, 0);
	ck_assert_int_eq(gradcheck_forward("Clip", 6, "max=0", 1,
	    NN_IN1(nn_data(0, x, 1, 5)), y, 5), 0);
	nn_assert_near(y, (double[]){ -2, -0.5, 0, 0, 0 }, 5, 0);
	ck_assert_int_eq(gradcheck_forward("Clip", 6, NULL, 1,
	    NN_IN1(nn_data(0, x, 1, 5)), y, 5), 0);
	nn_assert_near(y, x, 5, 0);
	/* From opset 11: constant inputs; min > max gives max (torch). */
	ck_assert_int_eq(gradcheck_forward("Clip", 11, NULL, 3,
	    (struct gc_input[]){ nn_data(0, x, 1, 5),
	    nn_data(1, (double[]){ 0 }, 0), nn_data(1, (double[]){ 1 }, 0) },
	    y, 5), 0);
	nn_assert_near(y, (double[]){ 0, 0, 0, 0.25, 1 }, 5, 0);
	ck_assert_int_eq(gradcheck_forward("Clip", 13, NULL, 2,
	    (struct gc_input[]){ nn_data(0, x, 1, 5),
	    nn_data(1, (double[]){ 0 }, 1, 1) }, y, 5), 0);
	nn_assert_near(y, (double[]){ 0, 0, 0, 0.25, 2 }, 5, 0);
	ck_assert_int_eq(gradcheck_forward("Clip", 13, NULL, 3,
	    (struct gc_input[]){ nn_data(0, x, 1, 5),
	    nn_data(1, (double[]){ 1 }, 0), nn_data(1, (double[]){ -1 }, 0) },
	    y, 5), 0);
	nn_assert_near(y, (double[]){ -1, -1, -1, -1, -1 }, 5, 0);

	nn_fill(d, 60, 3, -1.5, 1.5);
	nn_away(d, 60, k, 2, 0.05);
	ck_assert_int_eq(gradcheck("Clip", 6, "min=-0.5 max=0.5", 1,
	    NN_IN1(nn_data(0, d, 2, 6, 10)), TOL), 0);
	ck_assert_int_eq(gradcheck("Clip", 11, NULL, 3,
	    (struct gc_input[]){ nn_data(0, d, 2, 6, 10),
	    nn_data(1, (double[]){ -0.5 }, 0),
	    nn_data(1, (double[]){ 0.5 }, 0) }, TOL), 0);
	ck_assert_int_eq(gradcheck("Clip", 13, NULL, 2,
	    (struct gc_input[]){ nn_data(0, d, 2, 6, 10),
	    nn_data(1, (double[]){ 0.5 }, 0) }, TOL), 0);
	ck_assert_int_eq(gradcheck("Clip", 13, NULL, 1,
	    NN_IN1(nn_data(0, d, 2, 6, 10)), TOL), 0);

	/* Refused: non-constant or non-scalar bounds, wrong opset form. */
	nn_assert_refused("Clip", 11, NULL, 2, (struct gc_input[]){
	    nn_rand(-1, 1, 1, 4), nn_rand(-1, 1, 0) }, "'min'");
	nn_assert_refused("Clip", 12, NULL, 3, (struct gc_input[]){
	    nn_rand(-1, 1, 1, 4), nn_crand(-1, 1, 0), nn_rand(-1, 1, 0) },
	    "'max'");
	nn_assert_refused("Clip", 13, NULL, 2, (struct gc_input[]){
	    nn_rand(-1, 1, 1, 4), nn_crand(-1, 1, 1, 2) }, "scalar");
	nn_assert_refused("Clip", 11, "min=0.0", 1,
	    NN_IN1(nn_rand(-1, 1, 1, 4)), "'min'");
	nn_assert_refused("Clip", 6, NULL, 2, (struct gc_input[]){
	    nn_rand(-1, 1, 1, 4), nn_crand(-1, 1, 0) }, "opset 11");
}
END_TEST

/*
 * Softmax and LogSoftmax.
 */

START_TEST(test_softmax_forward)
{
	const double	 sm[] = { 0.09003057317038045, 0.2447284710547976,
	    0.6652409557748218 };
	const double	 lsm[] = { -2.4076059644443806, -1.4076059644443804,
	    -0.4076059644443804 };
	double		 x[24], y[24], s;
	size_t		 i, j, k;

	ck_assert_int_eq(gradcheck_forward("Softmax", 13, NULL, 1,
	    NN_IN1(nn_data(0, (double[]){ 1, 2, 3 }, 1, 3)), y, 3), 0);
	nn_assert_near(y, sm, 3, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("Softmax", 13, NULL, 1,
	    NN_IN1(nn_data(0, (double[]){ 1001, 1002, 1003 }, 2, 1, 3)), y, 3),
	    0);
	nn_assert_near(y, sm, 3, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("LogSoftmax", 13, NULL, 1,
	    NN_IN1(nn_data(0, (double[]){ 1, 2, 3 }, 1, 3)), y, 3), 0);
	nn_assert_near(y, lsm, 3, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("LogSoftmax", 11, NULL, 1,
	    NN_IN1(nn_data(0, (double[]){ -999, -998, -997 }, 2, 1, 3)), y, 3),
	    0);
	nn_assert_near(y, lsm, 3, 1e-10);

	/* Opset 11, axis 1 of [2, 3, 4]: each batch row of 12 sums to 1. */
	nn_fill(x, 24, 5, -2, 2);
	ck_assert_int_eq(gradcheck_forward("Softmax", 11, NULL, 1,
	    NN_IN1(nn_data(0, x, 3, 2, 3, 4)), y, 24), 0);
	for (i = 0; i < 2; i++) {
		for (s = 0, j = 0; j < 12; j++)
			s += y[i * 12 + j];
		ck_assert(fabs(s - 1) < FWD_EPS);
	}
	/* Opset 13, axis 1: each (i, k) column of 3 sums to 1. */
	ck_assert_int_eq(gradcheck_forward("Softmax", 13, "axis=1", 1,
	    NN_IN1(nn_data(0, x, 3, 2, 3, 4)), y, 24), 0);
	for (i = 0; i < 2; i++) {
		for (k = 0; k < 4; k++) {
			for (s = 0, j = 0; j < 3; j++)
				s += y[i * 12 + j * 4 + k];
			ck_assert(fabs(s - 1) < FWD_EPS);
		}
	}
	/* Opset 13, axis 0: y = e^x0 / (e^x0 + e^x12) at element 0. */
	ck_assert_int_eq(gradcheck_forward("Softmax", 13, "axis=0", 1,
	    NN_IN1(nn_data(0, x, 3, 2, 3, 4)), y, 24), 0);
	ck_assert(fabs(y[0] - exp(x[0]) / (exp(x[0]) + exp(x[12]))) <
	    FWD_EPS);
}
END_TEST

START_TEST(test_softmax_grad)
{
	static const char *const ops[] = { "Softmax", "LogSoftmax" };
	static const char *const a11[] = {
		NULL, "axis=0", "axis=2", "axis=-1", "axis=-3"
	};
	static const char *const a13[] = {
		NULL, "axis=0", "axis=1", "axis=-2"
	};
	size_t		 i, j;

	for (i = 0; i < 2; i++) {
		for (j = 0; j < sizeof a11 / sizeof a11[0]; j++)
			ck_assert_int_eq(gradcheck(ops[i], 11, a11[j], 1,
			    NN_IN1(nn_rand(-3, 3, 3, 2, 3, 4)), TOL), 0);
		for (j = 0; j < sizeof a13 / sizeof a13[0]; j++)
			ck_assert_int_eq(gradcheck(ops[i], 13, a13[j], 1,
			    NN_IN1(nn_rand(-3, 3, 3, 2, 3, 4)), TOL), 0);
		ck_assert_int_eq(gradcheck(ops[i], 1, NULL, 1,
		    NN_IN1(nn_rand(-3, 3, 2, 5, 7)), TOL), 0);
		ck_assert_int_eq(gradcheck(ops[i], 13, NULL, 1,
		    NN_IN1(nn_rand(-3, 3, 1, 6)), TOL), 0);
		nn_assert_refused(ops[i], 13, "axis=3", 1,
		    NN_IN1(nn_rand(-1, 1, 3, 2, 3, 4)), "'axis'");
		nn_assert_refused(ops[i], 11, "axis=-4", 1,
		    NN_IN1(nn_rand(-1, 1, 3, 2, 3, 4)), "'axis'");
	}
}
END_TEST

/*
 * Conv.
 */

/* One convolution for the naive reference. */
struct nn_conv {
	int	 n, c, h, w;		/* input */
	int	 m, kh, kw;		/* weight [m, c / group, kh, kw] */
	int	 group;			/* groups */
	int	 pads[4];		/* top, left, bottom, right */
	int	 sh, sw;		/* strides */
	int	 dh, dw;		/* dilations */
	int	 bias;			/* with a bias input */
};

/* Output extent along one axis. */
static int
nn_conv_out(int in, int k, int s, int d, int b, int e)
{
	return ((in + b + e - d * (k - 1) - 1) / s + 1);
}

/* The textbook 7-loop convolution, into y; returns its length. */
static size_t
nn_conv_ref(const struct nn_conv *cv, const double *x, const double *w,
    const double *b, double *y)
{
	int	 oh, ow, cg, mg, n, m, c, i, j, ki, kj, iy, ix;
	double	 s;
	size_t	 at = 0;

	oh = nn_conv_out(cv->h, cv->kh, cv->sh, cv->dh, cv->pads[0],
	    cv->pads[2]);
	ow = nn_conv_out(cv->w, cv->kw, cv->sw, cv->dw, cv->pads[1],
	    cv->pads[3]);
	cg = cv->c / cv->group;
	mg = cv->m / cv->group;
	for (n = 0; n < cv->n; n++)
	for (m = 0; m < cv->m; m++)
	for (i = 0; i < oh; i++)
	for (j = 0; j < ow; j++) {
		s = cv->bias ? b[m] : 0;
		for (c = 0; c < cg; c++)
		for (ki = 0; ki < cv->kh; ki++)
		for (kj = 0; kj < cv->kw; kj++) {
			iy = i * cv->sh - cv->pads[0] + ki * cv->dh;
			ix = j * cv->sw - cv->pads[1] + kj * cv->dw;
			if (iy < 0 || iy >= cv->h || ix < 0 || ix >= cv->w)
				continue;
			s += w[((m * cg + c) * cv->kh + ki) * cv->kw + kj] *
			    x[((n * cv->c + (m / mg) * cg + c) * cv->h + iy) *
			    cv->w + ix];
		}
		y[at++] = s;
	}
	return (at);
}

/* The attribute string of cv. */
static void
nn_conv_attrs(const struct nn_conv *cv, char *buf, size_t size)
{
	snprintf(buf, size, "pads=%d,%d,%d,%d strides=%d,%d dilations=%d,%d "
	    "group=%d kernel_shape=%d,%d", cv->pads[0], cv->pads[1],
	    cv->pads[2], cv->pads[3], cv->sh, cv->sw, cv->dh, cv->dw,
	    cv->group, cv->kh, cv->kw);
}

/* The inputs of cv: x (non-constant), weight and bias from the buffers. */
static int
nn_conv_inputs(const struct nn_conv *cv, const double *x, const double *w,
    const double *b, struct gc_input *in)
{
	in[0] = nn_data(0, x, 4, cv->n, cv->c, cv->h, cv->w);
	in[1] = nn_data(1, w, 4, cv->m, cv->c / cv->group, cv->kh, cv->kw);
	in[2] = nn_data(1, b, 1, cv->m);
	return (cv->bias ? 3 : 2);
}

static const struct nn_conv nn_convs[] = {
	/* n c h w  m kh kw g  pads       sh sw dh dw bias */
	{ 2, 3, 5, 5, 4, 3, 3, 1, { 0, 0, 0, 0 }, 1, 1, 1, 1, 0 },
	{ 2, 3, 5, 5, 4, 3, 3, 1, { 0, 0, 0, 0 }, 1, 1, 1, 1, 1 },
	{ 2, 3, 5, 6, 4, 3, 3, 1, { 1, 1, 1, 1 }, 1, 1, 1, 1, 1 },
	{ 1, 2, 6, 5, 3, 3, 2, 1, { 0, 1, 2, 1 }, 1, 1, 1, 1, 1 },
	{ 2, 2, 7, 7, 3, 3, 3, 1, { 1, 1, 1, 1 }, 2, 2, 1, 1, 1 },
	{ 2, 2, 7, 6, 3, 2, 3, 1, { 0, 2, 1, 0 }, 2, 1, 1, 1, 0 },
	{ 1, 2, 7, 7, 2, 3, 3, 1, { 0, 0, 0, 0 }, 1, 1, 2, 2, 1 },
	{ 1, 2, 8, 7, 2, 2, 3, 1, { 2, 1, 2, 1 }, 2, 3, 3, 2, 1 },
	{ 2, 3, 5, 5, 6, 3, 3, 3, { 1, 1, 1, 1 }, 1, 1, 1, 1, 1 },
	{ 2, 4, 5, 5, 6, 3, 3, 2, { 1, 0, 1, 0 }, 1, 2, 1, 1, 0 },
	{ 2, 3, 4, 4, 5, 1, 1, 1, { 0, 0, 0, 0 }, 1, 1, 1, 1, 1 },
	{ 3, 1, 8, 8, 8, 3, 3, 1, { 1, 1, 1, 1 }, 1, 1, 1, 1, 1 },
	{ 1, 1, 3, 3, 1, 5, 5, 1, { 2, 2, 2, 2 }, 1, 1, 1, 1, 0 },
	{ 2, 2, 6, 6, 3, 3, 3, 1, { 2, 2, 2, 2 }, 1, 1, 2, 2, 1 },
	{ 1, 2, 5, 6, 3, 2, 2, 1, { 0, 1, 1, 0 }, 1, 1, 1, 1, 1 },
	{ 1, 2, 4, 5, 2, 3, 3, 1, { 0, 1, 0, 1 }, 1, 1, 1, 1, 0 },
	{ 2, 1, 4, 4, 2, 3, 3, 1, { 3, 1, 0, 1 }, 1, 1, 1, 1, 1 },
};

START_TEST(test_conv_hand)
{
	const double	 x[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	const double	 w[] = { 1, 2, 3, 4 };
	const double	 ones[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	double		 y[9];

	/* 2x2 kernel over 1..9: 1*1 + 2*2 + 3*4 + 4*5 = 37, etc. */
	ck_assert_int_eq(gradcheck_forward("Conv", 11, NULL, 3,
	    (struct gc_input[]){ nn_data(0, x, 4, 1, 1, 3, 3),
	    nn_data(1, w, 4, 1, 1, 2, 2), nn_data(1, (double[]){ 0.5 }, 1, 1) },
	    y, 4), 0);
	nn_assert_near(y, (double[]){ 37.5, 47.5, 67.5, 77.5 }, 4, FWD_EPS);
	/* 3x3 box filter with pads 1: the sums of each 3x3 neighbourhood. */
	ck_assert_int_eq(gradcheck_forward("Conv", 11, "pads=1,1,1,1", 2,
	    (struct gc_input[]){ nn_data(0, x, 4, 1, 1, 3, 3),
	    nn_data(1, ones, 4, 1, 1, 3, 3) }, y, 9), 0);
	nn_assert_near(y, (double[]){ 12, 21, 16, 27, 45, 33, 24, 39, 28 }, 9,
	    FWD_EPS);
	/* Stride 2 over the padded input: the four corners. */
	ck_assert_int_eq(gradcheck_forward("Conv", 11,
	    "pads=1,1,1,1 strides=2,2", 2, (struct gc_input[]){
	    nn_data(0, x, 4, 1, 1, 3, 3), nn_data(1, ones, 4, 1, 1, 3, 3) },
	    y, 4), 0);
	nn_assert_near(y, (double[]){ 12, 16, 24, 28 }, 4, FWD_EPS);
	/* Dilation 2 of a 2x2 kernel over 1..9: x00 + 2 x02 + 3 x20 + 4 x22. */
	ck_assert_int_eq(gradcheck_forward("Conv", 11, "dilations=2,2", 2,
	    (struct gc_input[]){ nn_data(0, x, 4, 1, 1, 3, 3),
	    nn_data(1, w, 4, 1, 1, 2, 2) }, y, 1), 0);
	nn_assert_near(y, (double[]){ 1 + 6 + 21 + 36 }, 1, FWD_EPS);
}
END_TEST

START_TEST(test_conv_reference)
{
	struct gc_input	 in[3];
	double		 x[BUF_LEN], w[BUF_LEN], b[16], y[BUF_LEN], r[BUF_LEN];
	char		 attrs[160];
	size_t		 i, len;
	int		 n_in;

	for (i = 0; i < sizeof nn_convs / sizeof nn_convs[0]; i++) {
		const struct nn_conv *cv = &nn_convs[i];

		nn_fill(x, BUF_LEN, 11 + i, -1, 1);
		nn_fill(w, BUF_LEN, 23 + i, -1, 1);
		nn_fill(b, 16, 37 + i, -1, 1);
		nn_conv_attrs(cv, attrs, sizeof attrs);
		n_in = nn_conv_inputs(cv, x, w, b, in);
		len = nn_conv_ref(cv, x, w, b, r);
		ck_assert_msg(gradcheck_forward("Conv", 11, attrs, n_in, in, y,
		    len) == 0, "conv %zu: forward failed", i);
		nn_assert_near(y, r, len, FWD_EPS);
	}
}
END_TEST

START_TEST(test_conv_grad)
{
	struct gc_input	 in[3];
	double		 x[BUF_LEN], w[BUF_LEN], b[16];
	char		 attrs[160];
	size_t		 i;
	int		 n_in;

	for (i = 0; i < sizeof nn_convs / sizeof nn_convs[0]; i++) {
		const struct nn_conv *cv = &nn_convs[i];

		nn_fill(x, BUF_LEN, 101 + i, -1, 1);
		nn_fill(w, BUF_LEN, 211 + i, -1, 1);
		nn_fill(b, 16, 307 + i, -1, 1);
		nn_conv_attrs(cv, attrs, sizeof attrs);
		n_in = nn_conv_inputs(cv, x, w, b, in);
		ck_assert_msg(gradcheck("Conv", 11, attrs, n_in, in, TOL) == 0,
		    "conv %zu (%s): gradient", i, attrs);
	}
	/* Without optional attributes, opset 1. */
	ck_assert_int_eq(gradcheck("Conv", 1, NULL, 2, (struct gc_input[]){
	    nn_rand(-1, 1, 4, 2, 2, 4, 4), nn_crand(-1, 1, 4, 3, 2, 2, 2) },
	    TOL), 0);
}
END_TEST

START_TEST(test_conv_auto_pad)
{
	static const struct {
		int	 h, w, k, s;		/* input, kernel, stride */
		int	 upper[4];		/* SAME_UPPER's pads */
		int	 lower[4];		/* SAME_LOWER's pads */
	} t[] = {
		{ 5, 5, 3, 2, { 1, 1, 1, 1 }, { 1, 1, 1, 1 } },
		{ 6, 6, 3, 2, { 0, 0, 1, 1 }, { 1, 1, 0, 0 } },
		{ 6, 7, 4, 1, { 1, 1, 2, 2 }, { 2, 2, 1, 1 } },
		{ 7, 5, 2, 3, { 0, 0, 1, 0 }, { 1, 0, 0, 0 } },
	};
	double		 x[BUF_LEN], w[BUF_LEN], y1[BUF_LEN], y2[BUF_LEN];
	char		 a1[128], a2[128];
	size_t		 i, len;
	int		 lower, oh, ow;
	const int	*p;

	nn_fill(x, BUF_LEN, 5, -1, 1);
	nn_fill(w, BUF_LEN, 6, -1, 1);
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct gc_input in[] = {
			nn_data(0, x, 4, 2, 2, t[i].h, t[i].w),
			nn_data(1, w, 4, 3, 2, t[i].k, t[i].k)
		};

		oh = (t[i].h + t[i].s - 1) / t[i].s;
		ow = (t[i].w + t[i].s - 1) / t[i].s;
		len = (size_t)(2 * 3 * oh * ow);
		for (lower = 0; lower < 2; lower++) {
			p = lower ? t[i].lower : t[i].upper;
			snprintf(a1, sizeof a1, "auto_pad='%s' strides=%d,%d",
			    lower ? "SAME_LOWER" : "SAME_UPPER", t[i].s,
			    t[i].s);
			snprintf(a2, sizeof a2,
			    "pads=%d,%d,%d,%d strides=%d,%d", p[0], p[1],
			    p[2], p[3], t[i].s, t[i].s);
			ck_assert_int_eq(gradcheck_forward("Conv", 11, a1, 2,
			    in, y1, len), 0);
			ck_assert_int_eq(gradcheck_forward("Conv", 11, a2, 2,
			    in, y2, len), 0);
			nn_assert_near(y1, y2, len, 0);
			ck_assert_int_eq(gradcheck("Conv", 11, a1, 2, in, TOL),
			    0);
		}
	}
	/* VALID: no padding, floor((in - k) / s) + 1. */
	{
		struct gc_input in[] = {
			nn_data(0, x, 4, 1, 2, 7, 6),
			nn_data(1, w, 4, 3, 2, 3, 2)
		};

		ck_assert_int_eq(gradcheck_forward("Conv", 11,
		    "auto_pad='VALID' strides=2,2", 2, in, y1, 3 * 3 * 3), 0);
		ck_assert_int_eq(gradcheck_forward("Conv", 11,
		    "strides=2,2", 2, in, y2, 3 * 3 * 3), 0);
		nn_assert_near(y1, y2, 27, 0);
		ck_assert_int_eq(gradcheck("Conv", 11,
		    "auto_pad='VALID' strides=2,2", 2, in, TOL), 0);
	}
}
END_TEST

/*
 * Rank-N convolutions: Conv and ConvTranspose over 1, 2 and 3 spatial
 * dimensions against a direct sum over the definition, and gradients.
 */
struct nn_convnd {
	int	 transpose;		/* ConvTranspose */
	int	 nsp;			/* spatial dimensions */
	int	 n, c, m, g;		/* batch, in/out channels, groups */
	int	 in[3], k[3];		/* input and kernel extents */
	int	 s[3], d[3];		/* strides, dilations */
	int	 pb[3], pe[3];		/* pads */
	int	 op[3];			/* ConvTranspose output_padding */
};

static const struct nn_convnd nn_convnds[] = {
	{ 0, 1, 2, 2, 3, 1, { 9 }, { 3 }, { 2 }, { 1 }, { 1 }, { 0 }, { 0 } },
	{ 0, 1, 1, 4, 4, 2, { 8 }, { 2 }, { 1 }, { 3 }, { 2 }, { 1 }, { 0 } },
	{ 0, 3, 1, 2, 2, 1, { 4, 5, 3 }, { 2, 3, 2 }, { 1, 2, 1 },
	    { 1, 1, 2 }, { 1, 0, 1 }, { 0, 1, 1 }, { 0 } },
	{ 0, 3, 2, 2, 4, 2, { 3, 4, 4 }, { 3, 1, 2 }, { 2, 1, 1 },
	    { 1, 1, 1 }, { 1, 0, 0 }, { 1, 0, 1 }, { 0 } },
	{ 1, 1, 2, 2, 3, 1, { 5 }, { 3 }, { 2 }, { 1 }, { 0 }, { 0 }, { 1 } },
	{ 1, 2, 1, 2, 3, 1, { 3, 4 }, { 3, 2 }, { 2, 1 }, { 1, 2 },
	    { 1, 0 }, { 0, 1 }, { 1, 0 } },
	{ 1, 2, 2, 4, 2, 2, { 3, 3 }, { 2, 2 }, { 2, 2 }, { 1, 1 },
	    { 0, 0 }, { 0, 0 }, { 0, 0 } },
	{ 1, 3, 1, 2, 2, 1, { 2, 3, 2 }, { 2, 2, 3 }, { 1, 2, 2 },
	    { 1, 1, 1 }, { 0, 1, 0 }, { 1, 0, 0 }, { 0, 1, 0 } },
};

/* Output extents of case cv. */
static void
nn_convnd_out(const struct nn_convnd *cv, int *o)
{
	int	i, span;

	for (i = 0; i < cv->nsp; i++) {
		span = cv->d[i] * (cv->k[i] - 1) + 1;
		if (cv->transpose)
			o[i] = cv->s[i] * (cv->in[i] - 1) + cv->op[i] + span -
			    cv->pb[i] - cv->pe[i];
		else
			o[i] = (cv->in[i] + cv->pb[i] + cv->pe[i] - span) /
			    cv->s[i] + 1;
	}
}

/*
 * The direct definition: for every input position i and tap k, position
 * o = i s - pb + k d of the output (ConvTranspose), or the reverse.
 */
static size_t
nn_convnd_ref(const struct nn_convnd *cv, const double *x, const double *w,
    const double *b, double *y)
{
	int	 o[3] = { 1, 1, 1 }, in[3] = { 1, 1, 1 }, k[3] = { 1, 1, 1 };
	int	 s[3] = { 1, 1, 1 }, d[3] = { 1, 1, 1 }, pb[3] = { 0, 0, 0 };
	int	 i, cin, cout, cg, mg, nn, ci, mo, g, a[3], t[3], q[3];
	size_t	 len, xi, wi, yi, ilen, olen;
	int	 sh = 3 - cv->nsp;

	nn_convnd_out(cv, o + sh);
	for (i = 0; i < cv->nsp; i++) {
		in[sh + i] = cv->in[i];
		k[sh + i] = cv->k[i];
		s[sh + i] = cv->s[i];
		d[sh + i] = cv->d[i];
		pb[sh + i] = cv->pb[i];
	}
	if (cv->transpose) {
		/* x [n, c] of in, y [n, m] of o; w [c, m / g, k]. */
		cin = cv->c;
		cout = cv->m;
	} else {
		/* x [n, c] of in, y [n, m] of o; w [m, c / g, k]. */
		cin = cv->c;
		cout = cv->m;
	}
	cg = cin / cv->g;
	mg = cout / cv->g;
	ilen = (size_t)in[0] * in[1] * in[2];
	olen = (size_t)o[0] * o[1] * o[2];
	len = (size_t)cv->n * cout * olen;
	for (yi = 0; yi < len; yi++)
		y[yi] = b != NULL ? b[yi / olen % (size_t)cout] : 0;
	for (nn = 0; nn < cv->n; nn++)
	for (g = 0; g < cv->g; g++)
	for (ci = 0; ci < cg; ci++)
	for (mo = 0; mo < mg; mo++)
	for (a[0] = 0; a[0] < (cv->transpose ? in[0] : o[0]); a[0]++)
	for (a[1] = 0; a[1] < (cv->transpose ? in[1] : o[1]); a[1]++)
	for (a[2] = 0; a[2] < (cv->transpose ? in[2] : o[2]); a[2]++)
	for (t[0] = 0; t[0] < k[0]; t[0]++)
	for (t[1] = 0; t[1] < k[1]; t[1]++)
	for (t[2] = 0; t[2] < k[2]; t[2]++) {
		for (i = 0; i < 3; i++)
			q[i] = a[i] * s[i] - pb[i] + t[i] * d[i];
		if (cv->transpose) {
			if (q[0] < 0 || q[0] >= o[0] || q[1] < 0 ||
			    q[1] >= o[1] || q[2] < 0 || q[2] >= o[2])
				continue;
			xi = ((size_t)nn * cin + g * cg + ci) * ilen +
			    ((size_t)a[0] * in[1] + a[1]) * in[2] + a[2];
			wi = (((size_t)(g * cg + ci) * mg + mo) * k[0] +
			    t[0]) * k[1] * k[2] + (size_t)t[1] * k[2] + t[2];
			yi = ((size_t)nn * cout + g * mg + mo) * olen +
			    ((size_t)q[0] * o[1] + q[1]) * o[2] + q[2];
		} else {
			if (q[0] < 0 || q[0] >= in[0] || q[1] < 0 ||
			    q[1] >= in[1] || q[2] < 0 || q[2] >= in[2])
				continue;
			xi = ((size_t)nn * cin + g * cg + ci) * ilen +
			    ((size_t)q[0] * in[1] + q[1]) * in[2] + q[2];
			wi = (((size_t)(g * mg + mo) * cg + ci) * k[0] +
			    t[0]) * k[1] * k[2] + (size_t)t[1] * k[2] + t[2];
			yi = ((size_t)nn * cout + g * mg + mo) * olen +
			    ((size_t)a[0] * o[1] + a[1]) * o[2] + a[2];
		}
		y[yi] += x[xi] * w[wi];
	}
	return (len);
}

/* Attributes and inputs of case cv. */
static void
nn_convnd_case(const struct nn_convnd *cv, const double *x, const double *w,
    const double *b, char *attrs, size_t size, struct gc_input *in)
{
	char	 buf[64];
	int	 i;

	attrs[0] = '\0';
#define NN_LIST(name, v, twice) do {					\
	snprintf(buf, sizeof buf, " %s=", name);			\
	strncat(attrs, buf, size - strlen(attrs) - 1);			\
	for (i = 0; i < cv->nsp * ((twice) ? 2 : 1); i++) {		\
		snprintf(buf, sizeof buf, "%s%d", i ? "," : "",		\
		    i < cv->nsp ? (v)[i] : cv->pe[i - cv->nsp]);	\
		strncat(attrs, buf, size - strlen(attrs) - 1);		\
	}								\
	if (cv->nsp == 1 && !(twice))					\
		strncat(attrs, ",", size - strlen(attrs) - 1);		\
} while (0)
	NN_LIST("strides", cv->s, 0);
	NN_LIST("dilations", cv->d, 0);
	NN_LIST("pads", cv->pb, 1);
	if (cv->transpose)
		NN_LIST("output_padding", cv->op, 0);
#undef NN_LIST
	snprintf(buf, sizeof buf, " group=%d", cv->g);
	strncat(attrs, buf, size - strlen(attrs) - 1);
	memset(in, 0, 3 * sizeof *in);
	in[0].ndim = in[1].ndim = cv->nsp + 2;
	in[0].d[0] = cv->n;
	in[0].d[1] = cv->c;
	in[1].d[0] = cv->transpose ? cv->c : cv->m;
	in[1].d[1] = cv->transpose ? cv->m / cv->g : cv->c / cv->g;
	for (i = 0; i < cv->nsp; i++) {
		in[0].d[2 + i] = cv->in[i];
		in[1].d[2 + i] = cv->k[i];
	}
	in[0].data = x;
	in[1].data = w;
	in[1].is_const = 1;
	in[2].ndim = 1;
	in[2].d[0] = cv->m;
	in[2].data = b;
	in[2].is_const = 1;
}

START_TEST(test_conv_nd)
{
	struct gc_input	 in[3];
	double		 x[BUF_LEN], w[BUF_LEN], b[16], y[BUF_LEN], r[BUF_LEN];
	char		 attrs[256];
	size_t		 i, len;
	const char	*op;

	for (i = 0; i < sizeof nn_convnds / sizeof nn_convnds[0]; i++) {
		const struct nn_convnd *cv = &nn_convnds[i];

		op = cv->transpose ? "ConvTranspose" : "Conv";
		nn_fill(x, BUF_LEN, 41 + i, -1, 1);
		nn_fill(w, BUF_LEN, 43 + i, -1, 1);
		nn_fill(b, 16, 47 + i, -1, 1);
		nn_convnd_case(cv, x, w, b, attrs, sizeof attrs, in);
		len = nn_convnd_ref(cv, x, w, b, r);
		ck_assert_msg(gradcheck_forward(op, 11, attrs, 3, in, y,
		    len) == 0, "%s %zu (%s): forward", op, i, attrs);
		nn_assert_near(y, r, len, 1e-12);
		in[0].data = NULL;
		in[0].lo = -1;
		in[0].hi = 1;
		ck_assert_msg(gradcheck(op, 11, attrs, 3, in, TOL) == 0,
		    "%s %zu (%s): gradient", op, i, attrs);
	}
	/* ConvTranspose's output_shape and auto_pad: the pads they imply. */
	in[0] = nn_rand(-1, 1, 4, 1, 1, 3, 3);
	in[1] = nn_crand(-1, 1, 4, 1, 2, 3, 3);
	ck_assert_int_eq(gradcheck_forward("ConvTranspose", 11,
	    "strides=2,2 output_shape=6,6", 2, in, y, 72), 0);
	ck_assert_int_eq(gradcheck_forward("ConvTranspose", 11,
	    "strides=2,2 auto_pad='SAME_UPPER'", 2, in, y, 72), 0);
	ck_assert_int_eq(gradcheck("ConvTranspose", 11,
	    "strides=2,2 output_shape=6,5", 2, in, TOL), 0);
	ck_assert_int_eq(gradcheck("ConvTranspose", 11, "strides=2,2 "
	    "output_shape=9,8", 2, in, TOL), 0);	/* zeros at the end */
	nn_assert_refused("ConvTranspose", 11, "strides=2,2 "
	    "output_shape=0,6", 2, in, "'output_shape'");
	nn_assert_refused("ConvTranspose", 11, "output_padding=1,1", 2, in,
	    "'output_padding'");
}
END_TEST

START_TEST(test_conv_refused)
{
	struct gc_input	 in[3];

	in[0] = nn_rand(-1, 1, 4, 1, 2, 5, 5);
	in[1] = nn_crand(-1, 1, 4, 4, 2, 3, 3);
	in[2] = nn_crand(-1, 1, 1, 4);
	nn_assert_refused("Conv", 11, "auto_pad='SAME'", 2, in, "'auto_pad'");
	nn_assert_refused("Conv", 11, "auto_pad='VALID' pads=1,1,1,1", 2, in,
	    "'pads'");
	nn_assert_refused("Conv", 11, "kernel_shape=3,2", 2, in,
	    "'kernel_shape'");
	nn_assert_refused("Conv", 11, "kernel_shape=3,3,3", 2, in,
	    "'kernel_shape'");
	nn_assert_refused("Conv", 11, "strides=0,1", 2, in, "'strides'");
	nn_assert_refused("Conv", 11, "pads=1,1", 2, in, "'pads'");
	nn_assert_refused("Conv", 11, "dilations=1,-1", 2, in, "'dilations'");
	nn_assert_refused("Conv", 11, "group=3", 2, in, "'group'");
	nn_assert_refused("Conv", 11, "group=0", 2, in, "'group'");
	nn_assert_refused("Conv", 11, "foo=1", 2, in, "'foo'");
	/* Channels: group 2 expects 2 x 2 = 4 input channels, not 2. */
	nn_assert_refused("Conv", 11, "group=2", 2, in, "channels");
	nn_assert_refused("Conv", 11, NULL, 2, (struct gc_input[]){
	    nn_rand(-1, 1, 4, 1, 2, 5, 5), nn_rand(-1, 1, 4, 4, 2, 3, 3) },
	    "weight");
	nn_assert_refused("Conv", 11, NULL, 3, (struct gc_input[]){ in[0],
	    in[1], nn_rand(-1, 1, 1, 4) }, "bias");
	nn_assert_refused("Conv", 11, NULL, 3, (struct gc_input[]){ in[0],
	    in[1], nn_crand(-1, 1, 1, 3) }, "bias");
	nn_assert_refused("Conv", 11, NULL, 2, (struct gc_input[]){
	    nn_rand(-1, 1, 6, 1, 2, 2, 2, 2, 2), nn_crand(-1, 1, 6, 4, 2, 1, 1,
	    1, 1) }, "4 spatial dimensions are not supported");
	nn_assert_refused("Conv", 11, NULL, 2, (struct gc_input[]){
	    nn_rand(-1, 1, 4, 1, 2, 2, 5), in[1] }, "does not fit");
	nn_assert_refused("Conv", 11, NULL, 2, (struct gc_input[]){
	    nn_rand(-1, 1, 3, 2, 5, 5), in[1] }, "2 spatial dimensions");
}
END_TEST

/*
 * Pooling.
 */

START_TEST(test_pool_forward)
{
	double		 x[36], y[16];
	size_t		 i;

	for (i = 0; i < 36; i++)
		x[i] = (double)(i + 1);
	/* 1..16 in 4x4, 2x2 windows: the bottom-right of each. */
	ck_assert_int_eq(gradcheck_forward("MaxPool", 12,
	    "kernel_shape=2,2 strides=2,2", 1,
	    NN_IN1(nn_data(0, x, 4, 1, 1, 4, 4)), y, 4), 0);
	nn_assert_near(y, (double[]){ 6, 8, 14, 16 }, 4, 0);
	ck_assert_int_eq(gradcheck_forward("AveragePool", 11,
	    "kernel_shape=2,2 strides=2,2", 1,
	    NN_IN1(nn_data(0, x, 4, 1, 1, 4, 4)), y, 4), 0);
	nn_assert_near(y, (double[]){ 3.5, 5.5, 11.5, 13.5 }, 4, FWD_EPS);

	/* torch.nn.functional values (torch 1.13), 1..25 in 5x5 and 1..36. */
	ck_assert_int_eq(gradcheck_forward("AveragePool", 11,
	    "kernel_shape=3,3 strides=2,2 pads=1,1,1,1 ceil_mode=1 "
	    "count_include_pad=1", 1, NN_IN1(nn_data(0, x, 4, 1, 1, 5, 5)), y,
	    9), 0);
	nn_assert_near(y, (double[]){ 16 / 9.0, 33 / 9.0, 28 / 9.0, 69 / 9.0,
	    13, 87 / 9.0, 76 / 9.0, 123 / 9.0, 88 / 9.0 }, 9, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("AveragePool", 11,
	    "kernel_shape=3,3 strides=2,2 pads=1,1,1,1 ceil_mode=1", 1,
	    NN_IN1(nn_data(0, x, 4, 1, 1, 5, 5)), y, 9), 0);
	nn_assert_near(y, (double[]){ 4, 5.5, 7, 11.5, 13, 14.5, 19, 20.5,
	    22 }, 9, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("AveragePool", 11,
	    "kernel_shape=3,3 strides=2,2 ceil_mode=1 count_include_pad=1",
	    1, NN_IN1(nn_data(0, x, 4, 1, 1, 6, 6)), y, 9), 0);
	nn_assert_near(y, (double[]){ 8, 10, 11.5, 20, 22, 23.5, 29, 31,
	    32.5 }, 9, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("AveragePool", 11,
	    "kernel_shape=3,3 strides=2,2 pads=1,1,1,1 ceil_mode=1 "
	    "count_include_pad=1", 1, NN_IN1(nn_data(0, x, 4, 1, 1, 6, 6)), y,
	    16), 0);
	nn_assert_near(y, (double[]){ 2, 4, 16 / 3.0, 3, 9, 15, 17, 9, 17, 27,
	    29, 15, 10.5, 16.5, 17.5, 9 }, 16, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("MaxPool", 12,
	    "kernel_shape=3,3 strides=2,2 ceil_mode=1", 1,
	    NN_IN1(nn_data(0, x, 4, 1, 1, 6, 6)), y, 9), 0);
	nn_assert_near(y, (double[]){ 15, 17, 18, 27, 29, 30, 33, 35, 36 }, 9,
	    0);
	ck_assert_int_eq(gradcheck_forward("MaxPool", 12,
	    "kernel_shape=2,2 strides=2,2 pads=1,1,1,1 ceil_mode=1", 1,
	    NN_IN1(nn_data(0, x, 4, 1, 1, 5, 5)), y, 9), 0);
	nn_assert_near(y, (double[]){ 1, 3, 5, 11, 13, 15, 21, 23, 25 }, 9, 0);
	ck_assert_int_eq(gradcheck_forward("MaxPool", 12,
	    "kernel_shape=2,2 dilations=2,2", 1,
	    NN_IN1(nn_data(0, x, 4, 1, 1, 5, 5)), y, 9), 0);
	nn_assert_near(y, (double[]){ 13, 14, 15, 18, 19, 20, 23, 24, 25 }, 9,
	    0);
	/* SAME_UPPER on 5 with k 2, s 2: pad 1 at the end only. */
	ck_assert_int_eq(gradcheck_forward("MaxPool", 12,
	    "kernel_shape=2,2 strides=2,2 auto_pad='SAME_UPPER'", 1,
	    NN_IN1(nn_data(0, x, 4, 1, 1, 5, 5)), y, 9), 0);
	nn_assert_near(y, (double[]){ 7, 9, 10, 17, 19, 20, 22, 24, 25 }, 9,
	    0);
	ck_assert_int_eq(gradcheck_forward("MaxPool", 12,
	    "kernel_shape=2,2 strides=2,2 auto_pad='SAME_LOWER'", 1,
	    NN_IN1(nn_data(0, x, 4, 1, 1, 5, 5)), y, 9), 0);
	nn_assert_near(y, (double[]){ 1, 3, 5, 11, 13, 15, 21, 23, 25 }, 9, 0);

	/* GlobalAveragePool: plane means, any spatial rank. */
	ck_assert_int_eq(gradcheck_forward("GlobalAveragePool", 1, NULL, 1,
	    NN_IN1(nn_data(0, x, 4, 1, 2, 2, 3)), y, 2), 0);
	nn_assert_near(y, (double[]){ 3.5, 9.5 }, 2, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("GlobalAveragePool", 1, NULL, 1,
	    NN_IN1(nn_data(0, x, 3, 2, 3, 2)), y, 6), 0);
	nn_assert_near(y, (double[]){ 1.5, 3.5, 5.5, 7.5, 9.5, 11.5 }, 6,
	    FWD_EPS);
}
END_TEST

START_TEST(test_pool_grad)
{
	static const char *const maxa[] = {
		"kernel_shape=2,2",
		"kernel_shape=2,2 strides=2,2",
		"kernel_shape=3,3 pads=1,1,1,1",
		"kernel_shape=3,2 strides=2,1 pads=1,0,0,1",
		"kernel_shape=3,3 strides=2,2 ceil_mode=1",
		"kernel_shape=3,3 strides=2,2 pads=1,1,1,1 ceil_mode=1",
		"kernel_shape=2,2 dilations=2,2",
		"kernel_shape=2,3 dilations=2,1 strides=2,2 pads=1,1,1,1",
		"kernel_shape=2,2 strides=2,2 auto_pad='SAME_UPPER'",
		"kernel_shape=3,3 strides=2,2 auto_pad='SAME_LOWER'",
		"kernel_shape=3,3 strides=2,2 auto_pad='VALID'",
		"kernel_shape=3,3 storage_order=0",
	};
	static const char *const avga[] = {
		"kernel_shape=2,2",
		"kernel_shape=2,2 strides=2,2",
		"kernel_shape=3,3 pads=1,1,1,1",
		"kernel_shape=3,3 pads=1,1,1,1 count_include_pad=1",
		"kernel_shape=3,2 strides=2,1 pads=0,1,1,0",
		"kernel_shape=3,3 strides=2,2 ceil_mode=1",
		"kernel_shape=3,3 strides=2,2 ceil_mode=1 count_include_pad=1",
		"kernel_shape=3,3 strides=2,2 pads=1,1,1,1 ceil_mode=1 "
		    "count_include_pad=1",
		"kernel_shape=2,2 strides=2,2 auto_pad='SAME_UPPER'",
		"kernel_shape=2,2 strides=2,2 auto_pad='SAME_LOWER' "
		    "count_include_pad=1",
		"kernel_shape=3,3 auto_pad='VALID'",
	};
	double		 x[2 * 3 * 7 * 6];
	size_t		 i;

	nn_distinct(x, sizeof x / sizeof x[0]);
	for (i = 0; i < sizeof maxa / sizeof maxa[0]; i++)
		ck_assert_msg(gradcheck("MaxPool", 12, maxa[i], 1,
		    NN_IN1(nn_data(0, x, 4, 2, 3, 7, 6)), TOL) == 0,
		    "MaxPool %s", maxa[i]);
	for (i = 0; i < sizeof avga / sizeof avga[0]; i++)
		ck_assert_msg(gradcheck("AveragePool", 11, avga[i], 1,
		    NN_IN1(nn_rand(-1, 1, 4, 2, 3, 7, 6)), TOL) == 0,
		    "AveragePool %s", avga[i]);
	ck_assert_int_eq(gradcheck("AveragePool", 19,
	    "kernel_shape=2,2 dilations=2,2 pads=1,1,1,1 count_include_pad=1",
	    1, NN_IN1(nn_rand(-1, 1, 4, 2, 3, 7, 6)), TOL), 0);
	ck_assert_int_eq(gradcheck("MaxPool", 8, "kernel_shape=2,2", 1,
	    NN_IN1(nn_data(0, x, 4, 1, 1, 5, 5)), TOL), 0);
	ck_assert_int_eq(gradcheck("GlobalAveragePool", 1, NULL, 1,
	    NN_IN1(nn_rand(-1, 1, 4, 2, 3, 4, 5)), TOL), 0);
	ck_assert_int_eq(gradcheck("GlobalAveragePool", 1, NULL, 1,
	    NN_IN1(nn_rand(-1, 1, 3, 2, 3, 7)), TOL), 0);
}
END_TEST

START_TEST(test_pool_ties)
{
	const double	 x[] = { 1, 3, 3, 1, 2, 2, 2, 2, 0 };
	const double	 g[] = { 1, 10, 100, 1000 };
	double		 dx[9];
	struct gs_attr	 a[2];

	/* 2x2 windows, stride 1, over 3x3: the first maximum takes it all. */
	a[0] = nn_attr_ints("kernel_shape", 2, 2);
	ck_assert_int_eq(nn_backward("MaxPool", 12, a, 1, 1,
	    NN_IN1(nn_data(0, x, 4, 1, 1, 3, 3)), g, dx), 0);
	nn_assert_near(dx, (double[]){ 0, 11, 0, 0, 1100, 0, 0, 0, 0 }, 9,
	    0);
	/* AveragePool spreads g / 4 over each window. */
	a[0] = nn_attr_ints("kernel_shape", 2, 2);
	a[1] = nn_attr_ints("strides", 1, 1);
	ck_assert_int_eq(nn_backward("AveragePool", 11, a, 2, 1,
	    NN_IN1(nn_data(0, x, 4, 1, 1, 3, 3)), g, dx), 0);
	nn_assert_near(dx, (double[]){ 0.25, 2.75, 2.5, 25.25, 277.75, 252.5,
	    25, 275, 250 }, 9, FWD_EPS);
}
END_TEST

/*
 * Pooling over 1 and 3 spatial dimensions against a direct reference
 * (windows with pads, strides, dilations, ceil_mode and both divisors),
 * and gradients.
 */
struct nn_poolnd {
	int	 nsp;			/* spatial dimensions */
	int	 in[3], k[3], s[3], d[3], pb[3], pe[3];
	int	 ceil, include;		/* ceil_mode, count_include_pad */
};

static const struct nn_poolnd nn_poolnds[] = {
	{ 1, { 9 }, { 3 }, { 2 }, { 1 }, { 1 }, { 1 }, 0, 1 },
	{ 1, { 8 }, { 2 }, { 3 }, { 2 }, { 0 }, { 1 }, 1, 0 },
	{ 3, { 4, 5, 3 }, { 2, 3, 2 }, { 2, 1, 1 }, { 1, 1, 1 },
	    { 1, 1, 0 }, { 0, 1, 1 }, 0, 1 },
	{ 3, { 5, 4, 4 }, { 3, 2, 2 }, { 2, 2, 1 }, { 1, 1, 2 },
	    { 1, 0, 0 }, { 1, 0, 1 }, 1, 0 },
};

/* Output extent of one axis, torch's ceil rule. */
static int
nn_pool_out(int in, int k, int s, int d, int pb, int pe, int ceil)
{
	int	span = d * (k - 1) + 1, o;

	if (ceil) {
		o = (in + pb + pe - span + s - 1) / s + 1;
		if ((o - 1) * s >= in + pb)
			o--;
	} else
		o = (in + pb + pe - span) / s + 1;
	return (o);
}

static size_t
nn_poolnd_ref(const struct nn_poolnd *cv, int max, const double *x,
    int planes, double *y)
{
	int	 e[3] = { 1, 1, 1 }, k[3] = { 1, 1, 1 }, s[3] = { 1, 1, 1 };
	int	 d[3] = { 1, 1, 1 }, pb[3] = { 0, 0, 0 }, pe[3] = { 0, 0, 0 };
	int	 o[3], sh = 3 - cv->nsp, i, c, a[3], t[3], q[3], cnt, in;
	size_t	 len = 0, vol;
	double	 v, acc;

	for (i = 0; i < cv->nsp; i++) {
		e[sh + i] = cv->in[i];
		k[sh + i] = cv->k[i];
		s[sh + i] = cv->s[i];
		d[sh + i] = cv->d[i];
		pb[sh + i] = cv->pb[i];
		pe[sh + i] = cv->pe[i];
	}
	for (i = 0; i < 3; i++)
		o[i] = nn_pool_out(e[i], k[i], s[i], d[i], pb[i], pe[i],
		    cv->ceil);
	vol = (size_t)e[0] * e[1] * e[2];
	for (c = 0; c < planes; c++)
	for (a[0] = 0; a[0] < o[0]; a[0]++)
	for (a[1] = 0; a[1] < o[1]; a[1]++)
	for (a[2] = 0; a[2] < o[2]; a[2]++) {
		acc = max ? -INFINITY : 0;
		cnt = 0;
		in = 0;
		for (t[0] = 0; t[0] < k[0]; t[0]++)
		for (t[1] = 0; t[1] < k[1]; t[1]++)
		for (t[2] = 0; t[2] < k[2]; t[2]++) {
			int inside = 1, padded = 1;

			for (i = 0; i < 3; i++) {
				q[i] = a[i] * s[i] - pb[i] + t[i] * d[i];
				inside &= q[i] >= 0 && q[i] < e[i];
				padded &= q[i] >= -pb[i] && q[i] < e[i] + pe[i];
			}
			cnt += cv->include ? padded : inside;
			if (!inside)
				continue;
			in++;
			v = x[c * vol + ((size_t)q[0] * e[1] + q[1]) * e[2] +
			    q[2]];
			acc = max ? fmax(acc, v) : acc + v;
		}
		y[len++] = max ? (in > 0 ? acc : 0) : cnt > 0 ? acc / cnt : 0;
	}
	return (len);
}

START_TEST(test_pool_nd)
{
	double		 x[BUF_LEN], y[BUF_LEN], r[BUF_LEN];
	char		 attrs[256], buf[64];
	struct gc_input	 in;
	size_t		 i, len;
	int		 j, max;

	for (i = 0; i < sizeof nn_poolnds / sizeof nn_poolnds[0]; i++) {
		const struct nn_poolnd *cv = &nn_poolnds[i];

		nn_distinct(x, BUF_LEN);
		memset(&in, 0, sizeof in);
		in.ndim = cv->nsp + 2;
		in.d[0] = 2;
		in.d[1] = 3;
		for (j = 0; j < cv->nsp; j++)
			in.d[2 + j] = cv->in[j];
		in.data = x;
		attrs[0] = '\0';
#define NN_PLIST(name, v) do {						\
	snprintf(buf, sizeof buf, " %s=", name);			\
	strncat(attrs, buf, sizeof attrs - strlen(attrs) - 1);		\
	for (j = 0; j < cv->nsp; j++) {					\
		snprintf(buf, sizeof buf, "%s%d", j ? "," : "", (v)[j]);\
		strncat(attrs, buf, sizeof attrs - strlen(attrs) - 1);	\
	}								\
	if (cv->nsp == 1)						\
		strncat(attrs, ",", sizeof attrs - strlen(attrs) - 1);	\
} while (0)
		NN_PLIST("kernel_shape", cv->k);
		NN_PLIST("strides", cv->s);
		NN_PLIST("dilations", cv->d);
#undef NN_PLIST
		snprintf(buf, sizeof buf, " pads=");
		strncat(attrs, buf, sizeof attrs - strlen(attrs) - 1);
		for (j = 0; j < 2 * cv->nsp; j++) {
			snprintf(buf, sizeof buf, "%s%d", j ? "," : "",
			    j < cv->nsp ? cv->pb[j] : cv->pe[j - cv->nsp]);
			strncat(attrs, buf, sizeof attrs - strlen(attrs) - 1);
		}
		snprintf(buf, sizeof buf, " ceil_mode=%d", cv->ceil);
		strncat(attrs, buf, sizeof attrs - strlen(attrs) - 1);
		for (max = 0; max < 2; max++) {
			char a2[300];

			snprintf(a2, sizeof a2, "%s%s", attrs, max ? "" :
			    cv->include ? " count_include_pad=1" :
			    " count_include_pad=0");
			len = nn_poolnd_ref(cv, max, x, 6, r);
			ck_assert_msg(gradcheck_forward(max ? "MaxPool" :
			    "AveragePool", 19, a2, 1, &in, y, len) == 0,
			    "pool %zu (%s)", i, a2);
			nn_assert_near(y, r, len, 1e-12);
			ck_assert_msg(gradcheck(max ? "MaxPool" :
			    "AveragePool", 19, a2, 1, &in, TOL) == 0,
			    "pool %zu (%s): gradient", i, a2);
		}
	}
	/* GlobalMaxPool over 3 spatial dimensions. */
	nn_distinct(x, 48);
	ck_assert_int_eq(gradcheck_forward("GlobalMaxPool", 1, NULL, 1,
	    NN_IN1(nn_data(0, x, 5, 2, 1, 2, 3, 4)), y, 2), 0);
	for (i = 0, r[0] = r[1] = -INFINITY; i < 48; i++)
		r[i / 24] = fmax(r[i / 24], x[i]);
	nn_assert_near(y, r, 2, 0);
	ck_assert_int_eq(gradcheck("GlobalMaxPool", 1, NULL, 1,
	    NN_IN1(nn_data(0, x, 5, 2, 1, 2, 3, 4)), TOL), 0);
}
END_TEST

/*
 * Resize: nearest and linear with each coordinate rule against values
 * worked by hand, sizes instead of scales, Upsample, and gradients (cubic
 * too).
 */
START_TEST(test_resize)
{
	static const double x[4] = { 1, 2, 3, 4 }, sc[3] = { 1, 1, 2 };
	static const int64_t sz[3] = { 1, 1, 8 };
	static const struct {
		const char	*attrs;
		double		 y[8];
	} cases[] = {
		{ "mode='linear'", { 1, 1.25, 1.75, 2.25, 2.75, 3.25, 3.75,
		    4 } },
		{ "mode='linear' coordinate_transformation_mode="
		    "'align_corners'", { 1, 1 + 3.0 / 7, 1 + 6.0 / 7,
		    1 + 9.0 / 7, 1 + 12.0 / 7, 1 + 15.0 / 7, 1 + 18.0 / 7,
		    4 } },
		{ "mode='linear' coordinate_transformation_mode='asymmetric'",
		    { 1, 1.5, 2, 2.5, 3, 3.5, 4, 4 } },
		{ "mode='nearest'", { 1, 1, 2, 2, 3, 3, 4, 4 } },
		{ "mode='nearest' coordinate_transformation_mode='asymmetric' "
		    "nearest_mode='ceil'", { 1, 2, 2, 3, 3, 4, 4, 4 } },
	};
	struct gc_input	 in[4];
	double		 y[8];
	size_t		 i;

	in[0] = nn_data(0, x, 3, 1, 1, 4);
	in[1] = nn_data(1, NULL, 1, 0);
	in[2] = nn_data(1, sc, 1, 3);
	in[3] = nn_data(1, NULL, 1, 3);
	in[3].ival = sz;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_int_eq(gradcheck_forward("Resize", 13,
		    cases[i].attrs, 3, in, y, 8), 0);
		nn_assert_near(y, cases[i].y, 8, 1e-14);
		ck_assert_int_eq(gradcheck_forward("Resize", 13,
		    cases[i].attrs, 4, (struct gc_input[]){ in[0], in[1],
		    nn_data(1, NULL, 1, 0), in[3] }, y, 8), 0);
		nn_assert_near(y, cases[i].y, 8, 1e-14);
	}
	ck_assert_int_eq(gradcheck_forward("Upsample", 9, "mode='linear'", 2,
	    (struct gc_input[]){ in[0], in[2] }, y, 8), 0);
	nn_assert_near(y, cases[2].y, 8, 1e-14);
	ck_assert_int_eq(gradcheck_forward("Upsample", 7, "scales=1.0,1.0,2.0",
	    1, in, y, 8), 0);
	nn_assert_near(y, cases[3].y, 8, 1e-14);
	nn_assert_refused("Upsample", 9, "mode='cubic'", 2,
	    (struct gc_input[]){ in[0], in[2] }, "cubic from Resize 11");
	nn_assert_refused("Resize", 10, "mode='cubic'", 2,
	    (struct gc_input[]){ in[0], in[2] }, "cubic from Resize 11");
	nn_assert_refused("Resize", 19, "antialias=1", 3, in, "antialias");
	nn_assert_refused("Resize", 13, "coordinate_transformation_mode="
	    "'tf_crop_and_resize'", 3, in, "tf_crop_and_resize");
	nn_assert_refused("Resize", 13, NULL, 4, in, "exactly one");
	/* Gradients: bilinear and trilinear, shrinking and growing. */
	in[0] = nn_rand(-1, 1, 4, 1, 2, 3, 4);
	in[2] = nn_data(1, (double[]){ 1, 1, 2.5, 0.75 }, 1, 4);
	ck_assert_int_eq(gradcheck("Resize", 13, "mode='linear'", 3, in, TOL),
	    0);
	ck_assert_int_eq(gradcheck("Resize", 13, "mode='linear' "
	    "coordinate_transformation_mode='pytorch_half_pixel'", 3, in, TOL),
	    0);
	ck_assert_int_eq(gradcheck("Resize", 13, "mode='nearest'", 3, in,
	    TOL), 0);
	/* Cubic (forward values: the ONNX node tests), reading past the edge. */
	ck_assert_int_eq(gradcheck("Resize", 13, "mode='cubic'", 3, in, TOL),
	    0);
	ck_assert_int_eq(gradcheck("Resize", 13, "mode='cubic' "
	    "cubic_coeff_a=-0.5 exclude_outside=1", 3, in, TOL), 0);
	ck_assert_int_eq(gradcheck("Resize", 13, "mode='cubic' "
	    "coordinate_transformation_mode='align_corners'", 3, in, TOL), 0);
	in[0] = nn_rand(-1, 1, 5, 1, 1, 2, 3, 2);
	in[2] = nn_data(1, (double[]){ 1, 1, 2, 1.5, 2 }, 1, 5);
	ck_assert_int_eq(gradcheck("Resize", 18, "mode='linear'", 3, in, TOL),
	    0);
}
END_TEST

/*
 * LSTM, GRU and RNN: backpropagation through time against central
 * differences in every direction, both layouts, both GRU reset rules,
 * with and without biases and initial states (whose gradients are
 * checked too), and the refusals.
 */
START_TEST(test_rnn)
{
	static const char *const kinds[3] = { "LSTM", "GRU", "RNN" };
	static const int gates[3] = { 4, 3, 1 };
	static const char *const dirs[3] = { "forward", "reverse",
	    "bidirectional" };
	struct gc_input	 in[8];
	char		 attrs[160];
	int		 k, d, layout, lbr, nd, g, h = 3, n_in;

	for (k = 0; k < 3; k++)
	for (d = 0; d < 3; d++)
	for (layout = 0; layout < 2; layout++)
	for (lbr = 0; lbr < (k == 1 ? 2 : 1); lbr++) {
		nd = d == 2 ? 2 : 1;
		g = gates[k];
		snprintf(attrs, sizeof attrs, "hidden_size=%d direction='%s' "
		    "layout=%d @outputs=%d%s", h, dirs[d], layout, k == 0 ? 3 :
		    2, lbr ? " linear_before_reset=1" : "");
		memset(in, 0, sizeof in);
		in[0] = layout ? nn_rand(-1, 1, 3, 2, 4, 2) :
		    nn_rand(-1, 1, 3, 4, 2, 2);
		in[1] = nn_crand(-0.8, 0.8, 3, nd, g * h, 2);
		in[2] = nn_crand(-0.8, 0.8, 3, nd, g * h, h);
		in[3] = nn_crand(-0.5, 0.5, 2, nd, 2 * g * h);
		in[4] = nn_data(1, NULL, 1, 2);	/* sequence_lens */
		in[4].ival = (const int64_t[]){ 4, 4 };
		in[5] = layout ? nn_rand(-1, 1, 3, 2, nd, h) :
		    nn_rand(-1, 1, 3, nd, 2, h);
		in[6] = in[5];
		n_in = k == 0 ? 7 : 6;
		ck_assert_msg(gradcheck(kinds[k], 14, attrs, 3, in, TOL) == 0,
		    "%s", attrs);
		ck_assert_msg(gradcheck(kinds[k], 14, attrs, n_in,
		    (struct gc_input[]){ in[0], in[1], in[2], in[3],
		    in[4], in[5], in[6] }, TOL) == 0, "%s with states", attrs);
	}
	in[0] = nn_rand(-1, 1, 3, 4, 2, 2);
	in[1] = nn_crand(-1, 1, 3, 1, 12, 2);
	in[2] = nn_crand(-1, 1, 3, 1, 12, 3);
	nn_assert_refused("LSTM", 14, "@outputs=1 hidden_size=3 clip=1.0", 3,
	    in, "'clip'");
	nn_assert_refused("LSTM", 14, "@outputs=1 hidden_size=3 "
	    "input_forget=1", 3, in, "input_forget");
	nn_assert_refused("LSTM", 14, "@outputs=1 hidden_size=4", 3, in,
	    "input W");
	nn_assert_refused("LSTM", 14, "@outputs=1 hidden_size=3 "
	    "direction='sideways'", 3, in, "'sideways'");
}
END_TEST

START_TEST(test_pool_refused)
{
	struct gc_input	 in = nn_rand(-1, 1, 4, 1, 2, 5, 5);

	nn_assert_refused("MaxPool", 12, "kernel_shape=2,2 storage_order=1",
	    1, &in, "'storage_order'");
	nn_assert_refused("MaxPool", 12, "kernel_shape=2,", 1, &in,
	    "1 spatial dimensions");
	nn_assert_refused("MaxPool", 12, "kernel_shape=2,2,2", 1, &in,
	    "3 spatial dimensions");
	nn_assert_refused("MaxPool", 12, "kernel_shape=2,2,2,2", 1, &in,
	    "4 spatial dimensions are not supported");
	nn_assert_refused("MaxPool", 12, "strides=2,2", 1, &in,
	    "'kernel_shape'");
	nn_assert_refused("MaxPool", 12, "kernel_shape=2,2 auto_pad='SAME'",
	    1, &in, "'auto_pad'");
	nn_assert_refused("MaxPool", 12, "kernel_shape=2,2 ceil_mode=2", 1,
	    &in, "'ceil_mode'");
	nn_assert_refused("MaxPool", 12, "kernel_shape=2,2 pads=1,1,1", 1,
	    &in, "'pads'");
	nn_assert_refused("MaxPool", 12, "kernel_shape=2,2 strides=0,1", 1,
	    &in, "'strides'");
	nn_assert_refused("MaxPool", 12,
	    "kernel_shape=2,2 auto_pad='SAME_UPPER' pads=0,0,1,1", 1, &in,
	    "'pads'");
	nn_assert_refused("MaxPool", 12, "kernel_shape=2,2 count_include_pad=1",
	    1, &in, "'count_include_pad'");
	nn_assert_refused("MaxPool", 12, "kernel_shape=6,2", 1, &in,
	    "does not fit");
	nn_assert_refused("AveragePool", 11, "kernel_shape=2,2 dilations=2,2",
	    1, &in, "'dilations'");
	nn_assert_refused("AveragePool", 11,
	    "kernel_shape=2,2 count_include_pad=3", 1, &in,
	    "'count_include_pad'");
	nn_assert_refused("AveragePool", 11, "kernel_shape=2,2 storage_order=0",
	    1, &in, "'storage_order'");
	nn_assert_refused("AveragePool", 11, "kernel_shape=2,2", 1,
	    NN_IN1(nn_rand(-1, 1, 3, 1, 2, 5)), "2 spatial dimensions");
	nn_assert_refused("GlobalAveragePool", 1, "kernel_shape=2,2", 1, &in,
	    "'kernel_shape'");
	nn_assert_refused("GlobalAveragePool", 1, NULL, 1,
	    NN_IN1(nn_rand(-1, 1, 2, 2, 3)), "spatial");
}
END_TEST

/*
 * BatchNormalization.
 */

/* The four constants of a C-channel batch norm, into in[1..4]. */
static void
nn_bn_consts(struct gc_input *in, int c)
{
	in[1] = nn_crand(0.5, 2, 1, c);
	in[2] = nn_crand(-1, 1, 1, c);
	in[3] = nn_crand(-1, 1, 1, c);
	in[4] = nn_crand(0.1, 3, 1, c);
}

START_TEST(test_batchnorm)
{
	struct gc_input	 in[5];
	double		 y[4];

	/* a = scale / sqrt(var + eps) = [0.5, 2]; b = B - mean a = [-.5, -3]. */
	in[0] = nn_data(0, (double[]){ 1, 2, 3, 4 }, 4, 1, 2, 1, 2);
	in[1] = nn_data(1, (double[]){ 1, 2 }, 1, 2);
	in[2] = nn_data(1, (double[]){ 0, 1 }, 1, 2);
	in[3] = nn_data(1, (double[]){ 1, 2 }, 1, 2);
	in[4] = nn_data(1, (double[]){ 4, 1 }, 1, 2);
	ck_assert_int_eq(gradcheck_forward("BatchNormalization", 15,
	    "epsilon=0.0", 5, in, y, 4), 0);
	nn_assert_near(y, (double[]){ 0, 0.5, 3, 5 }, 4, FWD_EPS);
	ck_assert_int_eq(gradcheck_forward("BatchNormalization", 9,
	    "epsilon=0.5 momentum=0.1", 5, in, y, 4), 0);
	nn_assert_near(y, (double[]){ 0, 1 / sqrt(4.5), 2 / sqrt(1.5) + 1,
	    4 / sqrt(1.5) + 1 }, 4, FWD_EPS);
	/* [N, C] after a Linear, default epsilon 1e-5. */
	in[0] = nn_data(0, (double[]){ 1, 2, 3, 4 }, 2, 2, 2);
	ck_assert_int_eq(gradcheck_forward("BatchNormalization", 15, NULL, 5,
	    in, y, 4), 0);
	nn_assert_near(y, (double[]){ 0, 1, 2 / sqrt(4 + 1e-5),
	    4 / sqrt(1 + 1e-5) + 1 }, 4, FWD_EPS);

	nn_bn_consts(in, 3);
	in[0] = nn_rand(-2, 2, 4, 2, 3, 4, 4);
	ck_assert_int_eq(gradcheck("BatchNormalization", 15, NULL, 5, in,
	    TOL), 0);
	in[0] = nn_rand(-2, 2, 2, 5, 3);
	ck_assert_int_eq(gradcheck("BatchNormalization", 14,
	    "epsilon=1e-3 momentum=0.99 training_mode=0", 5, in, TOL), 0);
	in[0] = nn_rand(-2, 2, 3, 2, 3, 5);
	ck_assert_int_eq(gradcheck("BatchNormalization", 7, "spatial=1", 5,
	    in, TOL), 0);
	in[0] = nn_rand(-2, 2, 5, 2, 3, 2, 2, 3);
	ck_assert_int_eq(gradcheck("BatchNormalization", 6, "is_test=1", 5,
	    in, TOL), 0);

	/* Refused: training, per-activation, non-constants, channels. */
	in[0] = nn_rand(-2, 2, 4, 2, 3, 4, 4);
	nn_assert_refused("BatchNormalization", 14, "training_mode=1", 5, in,
	    "'training_mode'");
	nn_assert_refused("BatchNormalization", 7, "spatial=0", 5, in,
	    "'spatial'");
	nn_assert_refused("BatchNormalization", 6, NULL, 5, in, "'is_test'");
	nn_assert_refused("BatchNormalization", 9, "training_mode=0", 5, in,
	    "'training_mode'");
	nn_assert_refused("BatchNormalization", 15, "foo=1", 5, in, "'foo'");
	in[4] = nn_rand(0.1, 3, 1, 3);
	nn_assert_refused("BatchNormalization", 15, NULL, 5, in, "input_var");
	nn_bn_consts(in, 3);
	in[2] = nn_crand(-1, 1, 1, 4);
	nn_assert_refused("BatchNormalization", 15, NULL, 5, in, "'B'");
	nn_bn_consts(in, 4);
	nn_assert_refused("BatchNormalization", 15, NULL, 5, in, "channels");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("grad-nn");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	tc = tcase_create("activation");
	tcase_add_test(tc, test_act_forward);
	tcase_add_test(tc, test_act_more);
	tcase_add_test(tc, test_reduce);
	tcase_add_test(tc, test_norm);
	tcase_add_test(tc, test_pad);
	tcase_add_test(tc, test_act_grad);
	tcase_add_test(tc, test_act_kinks);
	tcase_add_test(tc, test_pow);
	tcase_add_test(tc, test_clip);
	suite_add_tcase(s, tc);

	tc = tcase_create("softmax");
	tcase_add_test(tc, test_softmax_forward);
	tcase_add_test(tc, test_softmax_grad);
	suite_add_tcase(s, tc);

	tc = tcase_create("conv");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_conv_hand);
	tcase_add_test(tc, test_conv_reference);
	tcase_add_test(tc, test_conv_grad);
	tcase_add_test(tc, test_conv_auto_pad);
	tcase_add_test(tc, test_conv_refused);
	tcase_add_test(tc, test_conv_nd);
	suite_add_tcase(s, tc);

	tc = tcase_create("pool");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_pool_forward);
	tcase_add_test(tc, test_pool_grad);
	tcase_add_test(tc, test_pool_ties);
	tcase_add_test(tc, test_pool_refused);
	tcase_add_test(tc, test_pool_nd);
	tcase_add_test(tc, test_resize);
	tcase_add_test(tc, test_rnn);
	suite_add_tcase(s, tc);

	tc = tcase_create("batchnorm");
	tcase_add_test(tc, test_batchnorm);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

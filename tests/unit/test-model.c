/* SPDX-License-Identifier: ISC */
/*
 * The ONNX loader and plans: small models packed in memory with the
 * generated protobuf-c code (weights in every encoding, constant folding,
 * batching, error messages), and every fixture in tests/data/models with
 * its .io reference values (outputs and gradients) and every bad_* fixture.
 */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "model/model.h"
#include "model/onnx.pb-c.h"
#include "fixture.h"

#include "onnx-build.h"

/* The 3-4-1 MLP: sigmoid(W2 relu(W1 x + b1) + b2), weights below. */
static const float mlp_w1[12] = { 0.5f, -1, 0.25f, 1, 0.5f, -0.5f,
    -0.75f, 0.25f, 1, 0.125f, 0.5f, 0.5f };
static const float mlp_b1[4] = { 0.1f, -0.2f, 0.3f, 0 };
static const float mlp_w2[4] = { 1, -0.5f, 0.75f, -1.25f };
static const float mlp_b2[1] = { 0.05f };

static void
mlp_build(struct mb *b, int raw)
{
	static const int64_t in[2] = { -1, 3 }, d1[2] = { 4, 3 };
	static const int64_t db1[1] = { 4 }, d2[2] = { 1, 4 };
	static const int64_t db2[1] = { 1 };
	Onnx__NodeProto	*n;

	mb_init(b, 13);
	mb_input(b, "x", 2, in);
	mb_init_float(b, "W1", 2, d1, mlp_w1, raw);
	mb_init_float(b, "b1", 1, db1, mlp_b1, raw);
	mb_init_float(b, "W2", 2, d2, mlp_w2, !raw);
	mb_init_float(b, "b2", 1, db2, mlp_b2, !raw);
	n = mb_node(b, "Gemm", "fc1", "x,W1,b1", "h");
	mb_attr_int(b, n, "transB", 1);
	mb_node(b, "Relu", "relu", "h", "r");
	n = mb_node(b, "Gemm", "fc2", "r,W2,b2", "z");
	mb_attr_int(b, n, "transB", 1);
	mb_node(b, "Sigmoid", "", "z", "y");
	mb_output(b, "y");
}

/* The MLP in double: y, and dy/dx into g (3 values). */
static double
mlp_ref(const float *x, double *g)
{
	double	h[4], z = mlp_b2[0], y;
	int	i, j;

	for (i = 0; i < 4; i++) {
		h[i] = mlp_b1[i];
		for (j = 0; j < 3; j++)
			h[i] += (double)mlp_w1[i * 3 + j] * x[j];
		z += mlp_w2[i] * (h[i] > 0 ? h[i] : 0);
	}
	y = 1 / (1 + exp(-z));
	for (j = 0; j < 3; j++) {
		g[j] = 0;
		for (i = 0; i < 4; i++) {
			if (h[i] > 0)
				g[j] += mlp_w2[i] * (double)mlp_w1[i * 3 + j];
		}
		g[j] *= y * (1 - y);
	}
	return (y);
}

START_TEST(test_load_mlp)
{
	static const float x[15] = { 1, 2, 3, -1, 0.5f, 2, 0.3f, -0.7f, 1.1f,
	    -2, -1, -0.5f, 0.25f, 0.75f, -0.25f };
	struct mb	 b;
	struct gs_model	*m;
	struct gs_plan	*p;
	struct gs_error	 err;
	float		 y[5], g[15], y2[5];
	double		 gr[3], yr;
	static const size_t batches[4] = { 5, 3, 1, 4 };
	size_t		 t[5] = { 0 }, i, j, n, k;
	int		 raw;

	for (raw = 0; raw < 2; raw++) {
		mlp_build(&b, raw);
		m = mb_load(&b);
		ck_assert_str_eq(model_name(m), "mem");
		ck_assert_uint_eq(model_input_len(m), 3);
		ck_assert_int_eq(model_input_shape(m)->ndim, 2);
		ck_assert_int_eq(model_input_shape(m)->d[0], -1);
		ck_assert_uint_eq(model_output_count(m), 1);
		ck_assert_str_eq(model_output_name(m, 0), "y");
		ck_assert_uint_eq(model_output_len(m, 0), 1);
		ck_assert_ptr_null(model_output_name(m, 1));
		ck_assert_uint_eq(model_node_count(m), 4);
		ck_assert_int_eq(model_opset(m), 13);
		ck_assert_str_eq(model_producer(m), "");
		ck_assert_str_eq(model_node_op(m, 3), "Sigmoid");
		p = plan_new(m, 0, 5, &err);
		ck_assert_msg(p != NULL, "%s", err.msg);
		ck_assert_uint_eq(plan_output_len(p), 1);
		/* Several batch sizes through the same plan. */
		for (k = 0; k < 4; k++) {
			n = batches[k];
			ck_assert_msg(plan_gradient(p, x, n, t, y, g,
			    &err) == 0, "%s", err.msg);
			for (i = 0; i < n; i++) {
				yr = mlp_ref(x + 3 * i, gr);
				ck_assert_double_eq_tol(y[i], yr, 1e-6);
				for (j = 0; j < 3; j++) {
					ck_assert_double_eq_tol(g[3 * i + j],
					    gr[j], 1e-6);
				}
			}
			ck_assert_int_eq(plan_forward(p, x, n, y2, &err), 0);
			for (i = 0; i < n; i++)
				ck_assert(y2[i] == y[i]);
		}
		ck_assert_int_eq(plan_forward(p, x, 6, y, &err), -1);
		ck_assert_int_eq(err.code, GS_ERANGE);
		t[0] = 1;
		ck_assert_int_eq(plan_gradient(p, x, 2, t, y, g, &err), -1);
		ck_assert_int_eq(err.code, GS_ERANGE);
		t[0] = 0;
		ck_assert_int_eq(plan_forward(p, x, 0, y, &err), 0);
		plan_free(p);
		ck_assert_ptr_null(plan_new(m, 1, 5, &err));
		ck_assert_int_eq(err.code, GS_ERANGE);
		ck_assert_ptr_null(plan_new(m, 0, 0, &err));
		model_free(m);
		mb_free(&b);
	}
	model_free(NULL);
	plan_free(NULL);
}
END_TEST

/*
 * Constant folding and the shape ops: a Constant int64 shape feeding a
 * Reshape, a Constant weight, a Transpose of an initializer (folded), and
 * a MatMul; the result must be x.reshape(N, 6) @ W^T^T.
 */
START_TEST(test_load_fold)
{
	static const int64_t in[3] = { -1, 2, 3 }, shp[2] = { -1, 6 };
	static const int64_t dw[2] = { 2, 6 };
	static const int64_t c1[2] = { -7, INT64_MAX }, c2[2] = { 7, 1 };
	static const int64_t c3[2] = { 0, INT64_MAX - 6 }, zero[1] = { 0 };
	static const float w[12] = { 1, 0, 0, 0, 0, 1, 0, 2, 0, 0, 1, 0 };
	static const float x[12] = { 1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5,
	    -6 };
	static const float want[4] = { 7, 9, -7, -9 };
	struct mb	 b;
	struct gs_model	*m;
	struct gs_plan	*p;
	struct gs_error	 err;
	Onnx__NodeProto	*n;
	float		 y[4], g[12];
	size_t		 t[2] = { 1, 1 }, i;

	mb_init(&b, 13);
	mb_input(&b, "x", 3, in);
	mb_init_float(&b, "Wt", 2, dw, w, 0);
	n = mb_node(&b, "Constant", "shape", "", "s");
	mb_attr_tensor(&b, n, "value", mb_tensor_int64(&b, "", 2, shp));
	mb_node(&b, "Reshape", "flat", "x,s", "xf");
	/*
	 * The same shape by exact int64 arithmetic: -7 / 7 and
	 * INT64_MAX - (INT64_MAX - 6), which float arithmetic would lose.
	 */
	n = mb_node(&b, "Constant", "", "", "c1");
	mb_attr_tensor(&b, n, "value", mb_tensor_int64(&b, "", 2, c1));
	n = mb_node(&b, "Constant", "", "", "c2");
	mb_attr_tensor(&b, n, "value", mb_tensor_int64(&b, "", 2, c2));
	n = mb_node(&b, "Constant", "", "", "c3");
	mb_attr_tensor(&b, n, "value", mb_tensor_int64(&b, "", 2, c3));
	mb_node(&b, "Div", "", "c1,c2", "q");
	mb_node(&b, "Sub", "", "q,c3", "s2");
	mb_node(&b, "Reshape", "flat2", "xf,s2", "xf2");
	n = mb_node(&b, "Transpose", "wT", "Wt", "W");	/* [6, 2] */
	mb_node(&b, "MatMul", "mm", "xf2,W", "y");
	mb_output(&b, "y");
	m = mb_load(&b);
	ck_assert_uint_eq(model_output_len(m, 0), 2);
	ck_assert_uint_eq(model_input_len(m), 6);
	p = plan_new(m, 0, 2, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_gradient(p, x, 2, t, y, g, &err), 0);
	for (i = 0; i < 4; i++)
		ck_assert_double_eq_tol(y[i], want[i], 1e-6);
	/* d y[1] / d x = row 1 of Wt, in flat order. */
	for (i = 0; i < 12; i++)
		ck_assert_double_eq_tol(g[i], w[6 + i % 6], 1e-6);
	plan_free(p);
	model_free(m);
	mb_free(&b);

	/* Integer division by zero is refused, naming the node. */
	mb_init(&b, 13);
	mb_input(&b, "x", 3, in);
	n = mb_node(&b, "Constant", "", "", "c1");
	mb_attr_tensor(&b, n, "value", mb_tensor_int64(&b, "", 2, c1));
	n = mb_node(&b, "Constant", "", "", "z");
	mb_attr_tensor(&b, n, "value", mb_tensor_int64(&b, "", 1, zero));
	mb_node(&b, "Div", "bad_div", "c1,z", "q");
	mb_node(&b, "Reshape", "r", "x,q", "y");
	mb_output(&b, "y");
	mb_refused(&b, GS_ERANGE, "node 2 'bad_div' (Div): integer division");
	mb_free(&b);
}
END_TEST

/*
 * Precision where a float formula cancels: LogSoftmax of a confident
 * class (logits [400, 390], the reproducer), Softmax's gradient
 * at the same point, Sigmoid's gradient at 20 and Log of Sigmoid (fused
 * into log-sigmoid) at 20 and -100. References are float64 closed forms;
 * every value must hold to 1e-4 relative (naive float loses 33% and more).
 */
START_TEST(test_precision)
{
	static const int64_t in2[2] = { -1, 2 }, in1[2] = { -1, 1 };
	static const float x2[2] = { 400, 390 }, x1[2] = { 20, -100 };
	static const char *ops[] = { "LogSoftmax", "Softmax" };
	/* y0, then d y0 / d x0 and d y0 / d x1 for each op. */
	static const double want[2][3] = {
		{ -4.539889921686465e-05, 4.5397868702434395e-05,
		    -4.5397868702434395e-05 },
		{ 0.9999546021312976, 4.5395807735951673e-05,
		    -4.5395807735951673e-05 },
	};
	struct mb	 b;
	struct gs_model	*m;
	struct gs_plan	*p;
	struct gs_error	 err;
	float		 y[2], g[2];
	size_t		 t[2] = { 0, 0 }, k;

	for (k = 0; k < 2; k++) {
		mb_init(&b, 13);
		mb_input(&b, "x", 2, in2);
		mb_node(&b, ops[k], "head", "x", "y");
		mb_output(&b, "y");
		m = mb_load(&b);
		p = plan_new(m, 0, 1, &err);
		ck_assert_msg(p != NULL, "%s", err.msg);
		ck_assert_int_eq(plan_gradient(p, x2, 1, t, y, g, &err), 0);
		ck_assert_msg(fabs(y[0] - want[k][0]) <= 1e-4 *
		    fabs(want[k][0]), "%s: y0 %.9g", ops[k], y[0]);
		ck_assert_msg(fabs(g[0] - want[k][1]) <= 1e-4 *
		    fabs(want[k][1]), "%s: g0 %.9g", ops[k], g[0]);
		ck_assert_msg(fabs(g[1] - want[k][2]) <= 1e-4 *
		    fabs(want[k][2]), "%s: g1 %.9g", ops[k], g[1]);
		plan_free(p);
		model_free(m);
		mb_free(&b);
	}

	/* Sigmoid, and Log of Sigmoid, on rows 20 and -100. */
	mb_init(&b, 13);
	mb_input(&b, "x", 2, in1);
	mb_node(&b, "Sigmoid", "sig", "x", "s");
	mb_node(&b, "Log", "log", "s", "y");
	mb_output(&b, "s");
	mb_output(&b, "y");
	m = mb_load(&b);
	p = plan_new(m, 0, 2, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_gradient(p, x1, 2, t, y, g, &err), 0);
	ck_assert(fabs(g[0] - 2.0611536879193953e-09) <= 1e-4 *
	    2.0611536879193953e-09);
	plan_free(p);
	p = plan_new(m, 1, 2, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_gradient(p, x1, 2, t, y, g, &err), 0);
	ck_assert_msg(fabs(y[0] + 2.061153620314381e-09) <= 1e-4 *
	    2.061153620314381e-09, "log sigmoid(20) %.9g", y[0]);
	ck_assert(fabs(g[0] - 2.0611536181902037e-09) <= 1e-4 *
	    2.0611536181902037e-09);
	ck_assert_double_eq_tol(y[1], -100, 1e-5);
	ck_assert_double_eq_tol(g[1], 1, 1e-7);
	plan_free(p);
	model_free(m);
	mb_free(&b);
}
END_TEST

/*
 * A graph whose shapes do not scale with the batch (a fixed batch of 1
 * and a Reshape to [1, -1]) runs one row at a time and still gives each
 * row's own result; so does a dynamic graph that puts the batch in
 * dimension 1.
 */
START_TEST(test_plan_chunked)
{
	static const int64_t in1[2] = { 1, 3 }, shp[2] = { 1, -1 };
	static const int64_t in2[2] = { -1, 3 }, ax[1] = { 0 };
	static const int64_t dw[2] = { 3, 2 };
	static const float w[6] = { 1, 2, 3, 4, 5, 6 };
	static const float x[9] = { 1, 0, 0, 0, 1, 0, 1, 1, 1 };
	static const float want[6] = { 1, 2, 3, 4, 9, 12 };
	struct mb	 b;
	struct gs_model	*m;
	struct gs_plan	*p;
	struct gs_error	 err;
	Onnx__NodeProto	*n;
	float		 y[6], g[9];
	size_t		 t[3] = { 1, 0, 1 }, i, k;

	for (k = 0; k < 2; k++) {
		mb_init(&b, 11);
		mb_init_float(&b, "W", 2, dw, w, 1);
		if (k == 0) {
			mb_input(&b, "x", 2, in1);
			b.inits[b.graph.n_initializer++] = mb_tensor_int64(&b,
			    "s", 2, shp);
			mb_node(&b, "Reshape", "r", "x,s", "xr");
		} else {
			mb_input(&b, "x", 2, in2);
			n = mb_node(&b, "Unsqueeze", "u", "x", "xu");
			mb_attr(&b, n, "axes", 7)->n_ints = 1;
			n->attribute[0]->ints = (int64_t *)ax;
			mb_node(&b, "Squeeze", "s", "xu", "xr");
			/* Squeeze with no axes: [1, N, 3] -> [N, 3] at N > 1 */
		}
		mb_node(&b, "MatMul", "mm", "xr,W", "y");
		mb_output(&b, "y");
		m = mb_load(&b);
		ck_assert_int_eq(model_input_shape(m)->d[0], k == 0 ? 1 : -1);
		p = plan_new(m, 0, 3, &err);
		ck_assert_msg(p != NULL, "%s", err.msg);
		ck_assert_int_eq(plan_gradient(p, x, 3, t, y, g, &err), 0);
		for (i = 0; i < 6; i++)
			ck_assert_double_eq_tol(y[i], want[i], 1e-6);
		for (i = 0; i < 3; i++) {
			ck_assert_double_eq_tol(g[3 * i], w[t[i]], 1e-6);
			ck_assert_double_eq_tol(g[3 * i + 1], w[2 + t[i]],
			    1e-6);
			ck_assert_double_eq_tol(g[3 * i + 2], w[4 + t[i]],
			    1e-6);
		}
		plan_free(p);
		model_free(m);
		mb_free(&b);
	}
}
END_TEST

/*
 * Softmax over axis 0 would mix the rows of a batch: each row must still
 * get its own softmax over its one row (all ones). A fixed batch of 2 is
 * fine when shapes scale, and refused when a Reshape fixes the batch.
 */
START_TEST(test_plan_rows)
{
	static const int64_t dyn[2] = { -1, 2 }, fixed[2] = { 2, 2 };
	static const int64_t shp[2] = { 2, -1 };
	static const float x[6] = { 1, 2, 3, 4, 5, 6 };
	struct mb	 b;
	struct gs_model	*m;
	struct gs_plan	*p;
	struct gs_error	 err;
	Onnx__NodeProto	*n;
	float		 y[6], g[6];
	size_t		 t[3] = { 0, 1, 0 }, i;

	mb_init(&b, 13);
	mb_input(&b, "x", 2, dyn);
	n = mb_node(&b, "Softmax", "sm", "x", "y");
	mb_attr_int(&b, n, "axis", 0);
	mb_output(&b, "y");
	m = mb_load(&b);
	p = plan_new(m, 0, 3, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_gradient(p, x, 3, t, y, g, &err), 0);
	for (i = 0; i < 6; i++) {
		ck_assert_double_eq_tol(y[i], 1, 1e-7);
		ck_assert_double_eq_tol(g[i], 0, 1e-7);
	}
	plan_free(p);
	model_free(m);
	mb_free(&b);

	mb_init(&b, 13);
	mb_input(&b, "x", 2, fixed);
	mb_node(&b, "Mul", "sq", "x,x", "y");
	mb_output(&b, "y");
	m = mb_load(&b);
	ck_assert_int_eq(model_input_shape(m)->d[0], 2);
	p = plan_new(m, 0, 3, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_gradient(p, x, 3, t, y, g, &err), 0);
	for (i = 0; i < 6; i++)
		ck_assert_double_eq_tol(y[i], x[i] * x[i], 1e-6);
	ck_assert(g[0] == 2 && g[1] == 0 && g[2] == 0 && g[3] == 8);
	plan_free(p);
	model_free(m);
	b.nodes[0]->input[1] = mb_str(&b, "s");
	b.nodes[0]->op_type = mb_str(&b, "Reshape");
	b.inits[b.graph.n_initializer++] = mb_tensor_int64(&b, "s", 2, shp);
	m = mb_load(&b);
	ck_assert_ptr_null(plan_new(m, 0, 3, &err));
	ck_assert_int_eq(err.code, GS_EUNSUPPORTED);
	ck_assert_msg(strstr(err.msg, "fixed batch of 2") != NULL, "%s",
	    err.msg);
	model_free(m);
	mb_free(&b);
}
END_TEST

/*
 * Two outputs: a plan runs only what its output needs; the Dropout mask
 * is fine when unused and refused when read.
 */
START_TEST(test_load_outputs)
{
	static const int64_t in[2] = { -1, 2 };
	static const float x[4] = { 1, 2, 3, 4 };
	struct mb	 b;
	struct gs_model	*m;
	struct gs_plan	*p;
	struct gs_error	 err;
	Onnx__NodeProto	*n;
	float		 y[4], g[4];
	size_t		 t[2] = { 1, 0 };

	mb_init(&b, 9);
	mb_input(&b, "x", 2, in);
	n = mb_node(&b, "Dropout", "d", "x", "xd,mask");
	mb_attr_float(&b, n, "ratio", 0.25f);
	mb_node(&b, "Mul", "sq", "xd,xd", "a");
	mb_node(&b, "Exp", "e", "x", "bb");
	mb_output(&b, "a");
	mb_output(&b, "bb");
	m = mb_load(&b);
	ck_assert_uint_eq(model_output_count(m), 2);
	ck_assert_str_eq(model_output_name(m, 1), "bb");
	p = plan_new(m, 0, 2, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_gradient(p, x, 2, t, y, g, &err), 0);
	ck_assert(y[0] == 1 && y[1] == 4 && y[2] == 9 && y[3] == 16);
	ck_assert(g[0] == 0 && g[1] == 4 && g[2] == 6 && g[3] == 0);
	plan_free(p);
	p = plan_new(m, 1, 2, &err);
	ck_assert_int_eq(plan_forward(p, x, 2, y, &err), 0);
	ck_assert_double_eq_tol(y[3], exp(4.0), 1e-4);
	plan_free(p);
	model_free(m);

	mb_output(&b, "mask");
	mb_refused(&b, GS_EUNSUPPORTED, "node 0 'd' (Dropout): output 1 "
	    "('mask') is not supported");
	mb_free(&b);
}
END_TEST

/* Every way a model can be wrong, each with its message. */
START_TEST(test_load_errors)
{
	static const int64_t in[2] = { -1, 2 }, dw[2] = { 2, 2 };
	static const float w[4] = { 1, 2, 3, 4 };
	struct mb		 b;
	struct gs_error		 err;
	Onnx__NodeProto		*n;
	Onnx__TensorProto	*t;
	uint8_t			*buf, junk[64];
	size_t			 size, i;

	mlp_build(&b, 1);
	buf = mb_pack(&b, &size);
	ck_assert_ptr_null(model_load_buffer(buf, size / 2, "half.onnx",
	    &err));
	ck_assert_int_eq(err.code, GS_EPARSE);
	ck_assert_str_eq(err.msg, "half.onnx: not a valid ONNX model "
	    "(truncated or not protobuf)");
	for (i = 0; i < sizeof junk; i++)
		junk[i] = (uint8_t)(i * 37 + 11);
	ck_assert_ptr_null(model_load_buffer(junk, sizeof junk, "junk.onnx",
	    &err));
	ck_assert_int_eq(err.code, GS_EPARSE);
	ck_assert_ptr_null(model_load_buffer(junk, 0, "empty.onnx", &err));
	ck_assert_int_eq(err.code, GS_EPARSE);
	ck_assert_ptr_null(model_load_buffer(buf, size / 2, "half.onnx", NULL));
	ck_assert_ptr_null(model_load("no/such/model.onnx", NULL));
	ck_assert_ptr_null(model_load("no/such/model.onnx", &err));
	ck_assert_int_eq(err.code, GS_EIO);
	ck_assert(strncmp(err.msg, "no/such/model.onnx: ", 20) == 0);
	mb_free(&b);

	/* Unsupported op, named node. */
	mb_init(&b, 13);
	mb_input(&b, "x", 2, in);
	mb_node(&b, "Det", "mystery", "x", "y");
	mb_output(&b, "y");
	mb_refused(&b, GS_EUNSUPPORTED, "node 0 'mystery' (Det): "
	    "unsupported op");
	mb_free(&b);

	/* An attribute the op does not read. */
	mb_init(&b, 13);
	mb_input(&b, "x", 2, in);
	mb_init_float(&b, "W", 2, dw, w, 1);
	mb_node(&b, "Relu", "r", "x", "h");
	n = mb_node(&b, "Gemm", "fc", "h,W", "y");
	mb_attr_int(&b, n, "frobnicate", 1);
	mb_output(&b, "y");
	mb_refused(&b, GS_EUNSUPPORTED, "node 1 'fc' (Gemm): attribute "
	    "'frobnicate' is not supported");
	n->n_attribute = 0;
	mb_attr_float(&b, n, "transA", 1);
	mb_refused(&b, GS_EUNSUPPORTED, "'transA' is of type float");
	mb_free(&b);

	/* Opset, domain, inputs, undefined values, duplicates. */
	mb_init(&b, 3);
	mb_input(&b, "x", 2, in);
	mb_node(&b, "Relu", "r", "x", "y");
	mb_output(&b, "y");
	mb_refused(&b, GS_EUNSUPPORTED, "opset 3 is not supported");
	b.opset.version = 22;
	mb_refused(&b, GS_EUNSUPPORTED, "opset 22 is not supported (opsets 7 "
	    "to 21 are)");
	b.opset.version = 13;
	b.nodes[0]->domain = mb_str(&b, "com.microsoft");
	mb_refused(&b, GS_EUNSUPPORTED, "node 0 'r' (Relu): domain "
	    "'com.microsoft'");
	b.nodes[0]->domain = mb_str(&b, "ai.onnx");
	mb_input(&b, "x2", 2, in);
	mb_refused(&b, GS_EUNSUPPORTED, "2 inputs ('x', 'x2')");
	b.graph.n_input = 1;
	b.nodes[0]->input[0] = mb_str(&b, "nowhere");
	mb_refused(&b, GS_EPARSE, "node 0 'r' (Relu): input 'nowhere' is "
	    "not defined");
	b.nodes[0]->input[0] = mb_str(&b, "x");
	b.nodes[0]->output[0] = mb_str(&b, "x");
	mb_refused(&b, GS_EPARSE, "value 'x' is defined twice");
	b.nodes[0]->output[0] = mb_str(&b, "y");
	b.outputs[0]->name = mb_str(&b, "zz");
	mb_refused(&b, GS_EPARSE, "output 'zz'");
	b.outputs[0]->name = mb_str(&b, "y");
	b.inputs[0]->type->tensor_type->elem_type = 7;
	mb_refused(&b, GS_EUNSUPPORTED, "input 'x' has data type INT64");
	b.inputs[0]->type->tensor_type->elem_type = 1;
	b.inputs[0]->type->tensor_type->shape->dim[1]->has_dim_value = 0;
	mb_refused(&b, GS_EUNSUPPORTED, "dimension 1 must be a fixed");
	b.inputs[0]->type->tensor_type->shape->dim[1]->has_dim_value = 1;
	b.model.graph = NULL;
	mb_refused(&b, GS_EPARSE, "no graph");
	mb_free(&b);

	/* Initializers: raw size, value count, dtype, external data. */
	mb_init(&b, 13);
	mb_input(&b, "x", 2, in);
	t = mb_init_float(&b, "W", 2, dw, w, 1);
	mb_node(&b, "MatMul", "mm", "x,W", "y");
	mb_output(&b, "y");
	t->raw_data.len = 12;
	mb_refused(&b, GS_EPARSE, "initializer 'W': raw_data has 12 bytes, "
	    "expected 16 for FLOAT [2, 2]");
	t->raw_data.len = 16;
	t->data_type = 8;
	mb_refused(&b, GS_EUNSUPPORTED, "initializer 'W' has data type "
	    "STRING");
	t->data_type = 1;
	t->has_data_location = 1;
	t->data_location = 1;
	mb_refused(&b, GS_EUNSUPPORTED, "initializer 'W' stores its data in "
	    "an external file");
	t->has_data_location = 0;
	t->has_raw_data = 0;
	t->n_float_data = 3;
	t->float_data = mb_alloc(&b, 4 * sizeof(float));
	mb_refused(&b, GS_EPARSE, "initializer 'W' has 3 values, expected 4");
	t->dims[0] = -2;
	mb_refused(&b, GS_EPARSE, "negative");
	t->dims[0] = 2;
	t->n_float_data = 4;
	t->dims[1] = 3;
	mb_refused(&b, GS_EPARSE, "expected 6");
	t->dims[1] = 2;
	b.nodes[0]->op_type = mb_str(&b, "Gemm");
	b.nodes[0]->n_input = 1;
	mb_refused(&b, GS_EUNSUPPORTED, "node 0 'mm' (Gemm): needs at least 2");
	mb_free(&b);
}
END_TEST

/* Typed fields and data types: DOUBLE, FLOAT16, INT32, scalars. */
START_TEST(test_load_dtypes)
{
	static const int64_t in[2] = { -1, 2 }, d2[1] = { 2 };
	static const float x[2] = { 3, -5 };
	struct mb		 b;
	struct gs_model		*m;
	struct gs_plan		*p;
	struct gs_error		 err;
	Onnx__TensorProto	*t;
	float			 y[2];
	static double		 dv[2] = { 0.5, -0.25 };
	static int32_t		 hv[2] = { 0x3c00, 0xc000 };	/* 1, -2 */
	static const uint8_t	 i32raw[8] = { 3, 0, 0, 0, 0xfe, 0xff, 0xff,
	    0xff };					/* 3, -2 */
	int			 k;

	for (k = 0; k < 3; k++) {
		mb_init(&b, 13);
		mb_input(&b, "x", 2, in);
		t = mb_init_float(&b, "c", 1, d2, (const float[]){ 0, 0 }, 0);
		t->n_float_data = 0;
		if (k == 0) {
			t->data_type = 11;
			t->n_double_data = 2;
			t->double_data = dv;
		} else if (k == 1) {
			t->data_type = 10;
			t->n_int32_data = 2;
			t->int32_data = hv;
		} else {
			t->data_type = 6;
			t->has_raw_data = 1;
			t->raw_data.len = 8;
			t->raw_data.data = (uint8_t *)i32raw;
		}
		mb_node(&b, "Mul", "m", "x,c", "y");
		mb_output(&b, "y");
		m = mb_load(&b);
		p = plan_new(m, 0, 1, &err);
		ck_assert_int_eq(plan_forward(p, x, 1, y, &err), 0);
		if (k == 0)
			ck_assert(y[0] == 1.5f && y[1] == 1.25f);
		else if (k == 1)
			ck_assert(y[0] == 3 && y[1] == 10);
		else
			ck_assert(y[0] == 9 && y[1] == 10);
		plan_free(p);
		model_free(m);
		mb_free(&b);
	}
}
END_TEST

/* The values of one .io section. */
struct io_sec {
	char	 kind[8];	/* "input", "output" or "grad" */
	long	 a, b;		/* output index, and N or column */
	int	 ndim;		/* dims after N (input, output) */
	long	 d[8];		/* N, then the dimensions */
	double	*v;		/* values */
	size_t	 n;		/* number of values */
};

/* Read a .io file into at most max sections; returns the count or -1. */
static int
io_read(const char *path, struct io_sec *s, int max)
{
	FILE	*f = fopen(path, "r");
	char	 line[4096], *p, *end;
	int	 ns = -1;
	double	 v;
	size_t	 cap = 0;

	if (f == NULL)
		return (-1);
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (line[0] >= 'a' && line[0] <= 'z') {
			if (++ns >= max)
				break;
			memset(&s[ns], 0, sizeof s[ns]);
			p = line;
			sscanf(p, "%7s", s[ns].kind);
			p += strlen(s[ns].kind);
			while (s[ns].ndim < 8) {
				long l = strtol(p, &end, 10);

				if (end == p)
					break;
				s[ns].d[s[ns].ndim++] = l;
				p = end;
			}
			cap = 0;
			continue;
		}
		if (ns < 0)
			continue;
		for (p = line;; p = end) {
			v = strtod(p, &end);
			if (end == p)
				break;
			if (s[ns].n == cap) {
				cap = cap ? 2 * cap : 256;
				s[ns].v = xreallocarray(s[ns].v, cap,
				    sizeof *s[ns].v);
			}
			s[ns].v[s[ns].n++] = v;
		}
	}
	fclose(f);
	return (ns + 1 > max ? max : ns + 1);
}

/*
 * Run one fixture against its .io file. Returns the number of mismatches
 * (and prints them).
 */
static int
fixture_run(const char *dir, const char *stem)
{
	struct io_sec	 s[64];
	struct gs_model	*m;
	struct gs_plan	*p;
	struct gs_error	 err;
	char		 path[4400];
	float		*x, *y, *g;
	size_t		*t, n, len, i, k, rowlen, in_len = 0;
	int		 ns, bad = 0, j;
	double		 tol, want;

	snprintf(path, sizeof path, "%s/%s.io", dir, stem);
	ns = io_read(path, s, 64);
	ck_assert_msg(ns > 0, "%s: cannot read", path);
	snprintf(path, sizeof path, "%s/%s.onnx", dir, stem);
	m = model_load(path, &err);
	if (m == NULL) {
		fprintf(stderr, "%s: %s\n", stem, err.msg);
		for (j = 0; j < ns; j++)
			free(s[j].v);
		return (1);
	}
	ck_assert_str_eq(s[0].kind, "input");
	n = (size_t)s[0].d[0];
	for (i = 1, len = 1; i < (size_t)s[0].ndim; i++)
		len *= (size_t)s[0].d[i];
	ck_assert_uint_eq(model_input_len(m), len);
	in_len = len;
	ck_assert_uint_eq(s[0].n, n * in_len);
	x = xcalloc(n * in_len, sizeof *x);
	g = xcalloc(n * in_len, sizeof *g);
	t = xcalloc(n, sizeof *t);
	for (i = 0; i < n * in_len; i++)
		x[i] = (float)s[0].v[i];
	for (j = 1; j < ns; j++) {
		k = (size_t)s[j].d[0];
		p = plan_new(m, k, n, &err);
		ck_assert_msg(p != NULL, "%s: %s", stem, err.msg);
		rowlen = plan_output_len(p);
		y = xcalloc(n * rowlen + 1, sizeof *y);
		if (strcmp(s[j].kind, "output") == 0) {
			for (i = 2, len = 1; i < (size_t)s[j].ndim; i++)
				len *= (size_t)s[j].d[i];
			ck_assert_msg(len == rowlen && s[j].n == n * rowlen,
			    "%s: output %zu has %zu per row, expected %zu",
			    stem, k, rowlen, len);
			ck_assert_int_eq(plan_forward(p, x, n, y, &err), 0);
			for (i = 0; i < n * rowlen; i++) {
				want = s[j].v[i];
				tol = 1e-5 * fmax(1, fabs(want));
				if (fabs(y[i] - want) > tol && bad++ < 5)
					fprintf(stderr, "%s: output %zu[%zu]: "
					    "%.9g, want %.9g\n", stem, k, i,
					    y[i], want);
			}
		} else {
			for (i = 0; i < n; i++)
				t[i] = (size_t)s[j].d[1];
			ck_assert_uint_eq(s[j].n, n * in_len);
			ck_assert_msg(plan_gradient(p, x, n, t, y, g,
			    &err) == 0, "%s", err.msg);
			for (i = 0; i < n * in_len; i++) {
				want = s[j].v[i];
				tol = 1e-4 * fmax(1, fabs(want));
				if (fabs(g[i] - want) > tol && bad++ < 5)
					fprintf(stderr, "%s: grad %zu col %ld"
					    "[%zu]: %.9g, want %.9g\n", stem, k,
					    s[j].d[1], i, g[i], want);
			}
		}
		free(y);
		plan_free(p);
	}
	for (j = 0; j < ns; j++)
		free(s[j].v);
	free(x);
	free(g);
	free(t);
	model_free(m);
	return (bad);
}

/*
 * Run every fixture with a .io file in directory rel; returns how many
 * and sets *bad to how many do not match (each named on stderr).
 */
static int
fixture_dir(const char *rel, int *bad)
{
	char		 dir[4096], stem[256];
	DIR		*d;
	struct dirent	*e;
	size_t		 len;
	int		 count = 0, b;

	*bad = 0;
	snprintf(dir, sizeof dir, "%s", fixture_path(rel));
	d = opendir(dir);
	ck_assert_msg(d != NULL, "%s: cannot open", dir);
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 4 || strcmp(e->d_name + len - 3, ".io") != 0 ||
		    len - 3 >= sizeof stem)
			continue;
		memcpy(stem, e->d_name, len - 3);
		stem[len - 3] = '\0';
		b = fixture_run(dir, stem);
		if (b != 0)
			fprintf(stderr, "fixture %s: %d mismatches\n", stem, b);
		*bad += b != 0;
		count++;
	}
	closedir(d);
	return (count);
}

/*
 * Every fixture with a .io file matches its reference values: the test
 * models, and the benchmark's Fashion-MNIST models (bench/data).
 */
START_TEST(test_fixtures)
{
	int	count, bad, n, b;

	count = fixture_dir("tests/data/models", &bad);
	ck_assert_msg(count >= 10, "only %d fixtures found", count);
	n = fixture_dir("bench/data", &b);
	ck_assert_msg(n >= 2, "only %d fixtures found in bench/data", n);
	count += n;
	bad += b;
	ck_assert_msg(bad == 0, "%d of %d fixtures do not match", bad, count);
}
END_TEST

/*
 * Every opset from 7 to 21 loads (one Relu between two Adds), and the
 * later opsets' own forms do: Pad wrap (19), Gelu (20), GroupNormalization
 * with one scale per channel and Cast to FLOAT16 with saturate (21).
 */
START_TEST(test_opsets)
{
	static const int64_t in[2] = { -1, 4 }, in4[3] = { -1, 4, 2 };
	static const int64_t pads[4] = { 0, 1, 0, 1 }, d4[1] = { 4 };
	static const float ones[4] = { 1, 1, 1, 1 }, zeros[4] = { 0 };
	static const float x[4] = { -1, 2, -3, 4 };
	static const float x8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct mb	 b;
	struct gs_model	*m;
	struct gs_plan	*p;
	struct gs_error	 err;
	Onnx__NodeProto	*nd;
	Onnx__AttributeProto *a;
	float		 y[8];
	int		 v;

	for (v = 7; v <= 21; v++) {
		mb_init(&b, v);
		mb_input(&b, "x", 2, in);
		mb_node(&b, "Relu", "r", "x", "h");
		mb_node(&b, "Add", "a", "h,x", "y");
		mb_output(&b, "y");
		m = mb_load(&b);
		p = plan_new(m, 0, 1, &err);
		ck_assert_msg(p != NULL, "opset %d: %s", v, err.msg);
		ck_assert_int_eq(plan_forward(p, x, 1, y, &err), 0);
		ck_assert(y[0] == -1 && y[1] == 4 && y[2] == -3 && y[3] == 8);
		plan_free(p);
		model_free(m);
		mb_free(&b);
	}

	mb_init(&b, 21);
	mb_input(&b, "x", 2, in);
	nd = mb_node(&b, "Constant", "", "", "pads");
	mb_attr_tensor(&b, nd, "value", mb_tensor_int64(&b, "", 4, pads));
	nd = mb_node(&b, "Pad", "wrap", "x,pads", "xp");	/* [N, 6] */
	a = mb_attr(&b, nd, "mode", 3);
	a->s.data = (uint8_t *)mb_str(&b, "wrap");
	a->s.len = 4;
	a->has_s = 1;
	mb_node(&b, "Gelu", "gelu", "xp", "g");
	nd = mb_node(&b, "Cast", "half", "g", "y");
	mb_attr_int(&b, nd, "to", 10);
	mb_attr_int(&b, nd, "saturate", 1);
	mb_output(&b, "y");
	m = mb_load(&b);
	ck_assert_uint_eq(model_output_len(m, 0), 6);
	p = plan_new(m, 0, 1, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_forward(p, x, 1, y, &err), 0);
	/* gelu(4) = 3.99987 rounds to 4 in half; gelu(-1) = -0.15866. */
	ck_assert(y[0] == 4 && y[5] == -0.158691406f);
	plan_free(p);
	model_free(m);
	mb_free(&b);

	mb_init(&b, 21);
	mb_input(&b, "x", 3, in4);
	mb_init_float(&b, "s", 1, d4, ones, 0);
	mb_init_float(&b, "bias", 1, d4, zeros, 0);
	nd = mb_node(&b, "GroupNormalization", "gn", "x,s,bias", "y");
	mb_attr_int(&b, nd, "num_groups", 2);
	mb_output(&b, "y");
	m = mb_load(&b);
	p = plan_new(m, 0, 1, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_forward(p, x8, 1, y, &err), 0);
	ck_assert_double_eq_tol(y[0], -1.3416355, 1e-5);
	ck_assert_double_eq_tol(y[7], 1.3416355, 1e-5);
	plan_free(p);
	model_free(m);
	mb_free(&b);
}
END_TEST

/*
 * The sweep of everyday layers (scripts/make-sweep.py): every torch
 * export loads with its dynamic batch and agrees with torch in float64.
 */
START_TEST(test_sweep)
{
	struct gs_model	*m;
	struct gs_error	 err;
	char		 path[4096];
	int		 count, bad;

	snprintf(path, sizeof path, "%s", fixture_path(
	    "tests/data/sweep/gelu_o17.onnx"));
	m = model_load(path, &err);
	ck_assert_msg(m != NULL, "%s", err.msg);
	ck_assert_int_eq(model_opset(m), 17);
	ck_assert(strncmp(model_producer(m), "pytorch ", 8) == 0);
	ck_assert_int_eq(model_rounds(m), 0);
	model_free(m);
	snprintf(path, sizeof path, "%s", fixture_path(
	    "tests/data/sweep/fakequant_o13.onnx"));
	m = model_load(path, &err);
	ck_assert_msg(m != NULL, "%s", err.msg);
	ck_assert_int_eq(model_rounds(m), 1);
	model_free(m);
	count = fixture_dir("tests/data/sweep", &bad);
	ck_assert_msg(count >= 120, "only %d sweep fixtures found", count);
	ck_assert_msg(bad == 0, "%d of %d sweep fixtures do not match", bad,
	    count);
}
END_TEST

/*
 * Shape arithmetic with a dynamic batch: x.view(x.size(0), -1) as torch
 * exports it (Shape, Gather, Unsqueeze, Concat, Reshape) and zeros of the
 * batch size (ConstantOfShape) concatenated on, through one plan at batch
 * sizes 1 to 4: every row gets its own result.
 */
START_TEST(test_shape_arith)
{
	static const int64_t in[3] = { -1, 2, 3 }, zero[1] = { 0 };
	static const int64_t minus1[1] = { -1 }, two[1] = { 2 };
	static const int64_t dw[2] = { 6, 2 };
	static const float w[12] = { 1, 0, 0, 1, 2, 0, 0, 2, 3, 0, 0, 3 };
	static const size_t batches[4] = { 4, 1, 3, 2 };
	float		 x[24], y[16], g[24];
	size_t		 t[4] = { 0, 1, 0, 1 }, i, k, n, j;
	struct mb	 b;
	struct gs_model	*m;
	struct gs_plan	*p;
	struct gs_error	 err;
	Onnx__NodeProto	*nd;

	for (i = 0; i < 24; i++)
		x[i] = (float)i - 7;
	mb_init(&b, 13);
	mb_input(&b, "x", 3, in);
	mb_init_float(&b, "W", 2, dw, w, 1);
	nd = mb_node(&b, "Constant", "", "", "i0");
	mb_attr_tensor(&b, nd, "value", mb_tensor_int64(&b, "", 1, zero));
	nd = mb_node(&b, "Constant", "", "", "m1");
	mb_attr_tensor(&b, nd, "value", mb_tensor_int64(&b, "", 1, minus1));
	nd = mb_node(&b, "Constant", "", "", "c2");
	mb_attr_tensor(&b, nd, "value", mb_tensor_int64(&b, "", 1, two));
	mb_node(&b, "Shape", "shape", "x", "s");
	mb_node(&b, "Gather", "gather", "s,i0", "n");	/* [1]: N */
	mb_node(&b, "Concat", "cat", "n,m1", "s2");
	mb_attr_int(&b, b.nodes[b.graph.n_node - 1], "axis", 0);
	mb_node(&b, "Reshape", "view", "x,s2", "flat");
	mb_node(&b, "MatMul", "mm", "flat,W", "h");
	mb_node(&b, "Concat", "cat2", "n,c2", "zs");
	mb_attr_int(&b, b.nodes[b.graph.n_node - 1], "axis", 0);
	mb_node(&b, "ConstantOfShape", "zeros", "zs", "z");
	mb_node(&b, "Concat", "cat3", "h,z", "y");
	mb_attr_int(&b, b.nodes[b.graph.n_node - 1], "axis", 1);
	mb_output(&b, "y");
	m = mb_load(&b);
	ck_assert_uint_eq(model_input_len(m), 6);
	ck_assert_uint_eq(model_output_len(m, 0), 4);
	p = plan_new(m, 0, 4, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	for (k = 0; k < 4; k++) {
		n = batches[k];
		ck_assert_msg(plan_gradient(p, x, n, t, y, g, &err) == 0, "%s",
		    err.msg);
		for (i = 0; i < n; i++) {
			const float *r = x + 6 * i;

			ck_assert(y[4 * i] == r[0] + 2 * r[2] + 3 * r[4]);
			ck_assert(y[4 * i + 1] == r[1] + 2 * r[3] + 3 * r[5]);
			ck_assert(y[4 * i + 2] == 0 && y[4 * i + 3] == 0);
			for (j = 0; j < 6; j++)
				ck_assert(g[6 * i + j] == w[2 * j + t[i]]);
		}
	}
	plan_free(p);
	model_free(m);
	mb_free(&b);
}
END_TEST

/* Every bad_* fixture is refused with the expected code and text. */
START_TEST(test_bad_fixtures)
{
	static const struct {
		const char	*file;
		enum gs_errcode	 code;
		const char	*text;
	} cases[] = {
		{ "bad_truncated", GS_EPARSE, "not a valid ONNX model" },
		{ "bad_unsupported_op", GS_EUNSUPPORTED,
		    "'mystery' (Det): unsupported op" },
		{ "bad_attr", GS_EUNSUPPORTED,
		    "'fc' (Gemm): attribute 'frobnicate'" },
		{ "bad_attr_value", GS_EUNSUPPORTED, "storage_order" },
		{ "bad_two_inputs", GS_EUNSUPPORTED, "'x', 'x2'" },
		{ "bad_opset", GS_EUNSUPPORTED, "opset 3" },
		{ "bad_external", GS_EUNSUPPORTED, "external file" },
		{ "bad_raw_size", GS_EPARSE, "raw_data has 32 bytes" },
		{ "bad_dtype", GS_EUNSUPPORTED,
		    "'e_cplx' has data type COMPLEX64" },
		{ "bad_domain", GS_EUNSUPPORTED, "'norm'" },
		{ "bad_undefined", GS_EPARSE, "'nowhere'" },
		{ "bad_cycle", GS_EPARSE, "not defined" },
		{ "bad_dropout_mask", GS_EUNSUPPORTED, "'drop' (Dropout)" },
	};
	struct gs_error	err;
	char		rel[256], path[4096];
	size_t		i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(rel, sizeof rel, "tests/data/models/%s.onnx",
		    cases[i].file);
		snprintf(path, sizeof path, "%s", fixture_path(rel));
		gs_error_clear(&err);
		ck_assert_ptr_null(model_load(path, &err));
		ck_assert_msg(err.code == cases[i].code, "%s: code %d: %s",
		    cases[i].file, err.code, err.msg);
		ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0,
		    "%s: message does not start with the file: %s",
		    cases[i].file, err.msg);
		ck_assert_msg(strstr(err.msg, cases[i].text) != NULL,
		    "%s: message '%s' lacks '%s'", cases[i].file, err.msg,
		    cases[i].text);
	}
}
END_TEST

static Suite *
model_suite(void)
{
	Suite	*s = suite_create("model");
	TCase	*tc = tcase_create("load");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_load_mlp);
	tcase_add_test(tc, test_load_fold);
	tcase_add_test(tc, test_precision);
	tcase_add_test(tc, test_shape_arith);
	tcase_add_test(tc, test_opsets);
	tcase_add_test(tc, test_plan_chunked);
	tcase_add_test(tc, test_plan_rows);
	tcase_add_test(tc, test_load_outputs);
	tcase_add_test(tc, test_load_errors);
	tcase_add_test(tc, test_load_dtypes);
	tcase_add_test(tc, test_fixtures);
	tcase_add_test(tc, test_sweep);

	tcase_add_test(tc, test_bad_fixtures);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr = srunner_create(model_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

/* SPDX-License-Identifier: ISC */
/*
 * Softmax and LogSoftmax with both opset rules: before opset 13 the input is
 * coerced to 2-D [prod(d[0:axis]), prod(d[axis:])] (axis default 1); from
 * 13 the op runs along the one axis (default -1). Both subtract the maximum
 * and keep a confident class's small complement precise (see below).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tgmath.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "model/graph.h"

extern const struct gs_op gs_op_softmax, gs_op_logsoftmax;

struct softmax_priv {
	int		 log;		/* LogSoftmax, not Softmax */
	int		 coerce;	/* opset < 13: 2-D from axis */
	int64_t		 axis;		/* as given, maybe negative */
};

/* The input viewed as [outer, len, inner], the op running along len. */
struct softmax_view {
	size_t		 outer;		/* independent blocks */
	size_t		 len;		/* elements normalised over */
	size_t		 inner;		/* stride between them */
};

/* Read axis; the default depends on the opset. */
static int
softmax_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct softmax_priv	*p;
	int64_t			 axis;

	if (node_attr_int(n, "axis", n->opset < 13 ? 1 : -1, &axis, err) != 0)
		return (-1);
	p = xcalloc(1, sizeof *p);
	p->log = n->op == &gs_op_logsoftmax;
	p->coerce = n->opset < 13;
	p->axis = axis;
	n->priv = p;
	return (0);
}

/* Split shape s into the [outer, len, inner] view; -1 for a bad axis. */
static int
softmax_view(const struct softmax_priv *p, const struct gs_shape *s,
    struct softmax_view *v)
{
	int	 axis, i;

	if ((axis = shape_axis(p->axis, s->ndim)) < 0)
		return (-1);
	v->outer = v->len = v->inner = 1;
	for (i = 0; i < s->ndim; i++) {
		if (i < axis)
			v->outer *= (size_t)s->d[i];
		else if (i == axis || p->coerce)
			v->len *= (size_t)s->d[i];
		else
			v->inner *= (size_t)s->d[i];
	}
	return (0);
}

/* Output shape: the input's; the axis must lie in [-r, r-1]. */
static int
softmax_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct softmax_priv	*p = n->priv;
	struct softmax_view		 v;

	if (softmax_view(p, &in[0].shape, &v) != 0)
		return (node_error(err, n, GS_ESHAPE,
		    "attribute 'axis' value %lld is out of range for rank %d",
		    (long long)p->axis, in[0].shape.ndim));
	*out = in[0].shape;
	return (0);
}

/*
 * y = softmax(x) or log softmax(x) along the view's len. LogSoftmax is
 * (x - m) - log1p(sum over k != argmax of e^(x_k - m)): the maximum's
 * term is exactly 1 and stays out of the sum, so a confident class's
 * log-probability keeps its relative precision (logits [400, 390]: -4.5399e-5,
 * where x - (m + log sum) in float gives -3.05e-5).
 */
static void
softmax_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct softmax_priv	*p = n->priv;
	struct softmax_view		 v;
	const gs_real			*x;
	gs_real				*y, m, s, l;
	size_t				 o, i, k, st, km;

	if (softmax_view(p, &in[0].shape, &v) != 0 || v.len == 0)
		return;
	st = v.inner;
	for (o = 0; o < v.outer; o++) {
		for (i = 0; i < v.inner; i++) {
			x = in[0].data + o * v.len * v.inner + i;
			y = out[0].data + o * v.len * v.inner + i;
			m = x[0];
			km = 0;
			for (k = 1; k < v.len; k++) {
				if (x[k * st] > m) {
					m = x[k * st];
					km = k;
				}
			}
			s = 0;
			if (p->log) {
				for (k = 0; k < v.len; k++) {
					if (k != km)
						s += GS_EXP(x[k * st] - m);
				}
				l = GS_LOG1P(s);
				for (k = 0; k < v.len; k++)
					y[k * st] = (x[k * st] - m) - l;
			} else {
				for (k = 0; k < v.len; k++) {
					y[k * st] = GS_EXP(x[k * st] - m);
					s += y[k * st];
				}
				s = 1 / s;
				for (k = 0; k < v.len; k++)
					y[k * st] *= s;
			}
		}
	}
}

/*
 * Softmax: dx_k = y_k (g_k - sum_j g_j y_j); for the one y_k above 1/2 the
 * bracket is sum_{j != k} (g_k - g_j) y_j, computed from the other terms
 * so that 1 - y_k does not cancel. LogSoftmax: dx_k = g_k - e^(y_k) sum(g),
 * written (g_k - S) - S expm1(y_k) where y_k > -log 2, for the same reason.
 */
static void
softmax_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const struct softmax_priv	*p = n->priv;
	struct softmax_view		 v;
	const gs_real			*y, *g;
	gs_real				*dx, s, r, u;
	const gs_real			 half = 0.5, ln2 = 0.6931471805599453;
	size_t				 o, i, k, j, st, off;

	if (din[0].data == NULL || softmax_view(p, &in[0].shape, &v) != 0)
		return;
	st = v.inner;
	for (o = 0; o < v.outer; o++) {
		for (i = 0; i < v.inner; i++) {
			off = o * v.len * v.inner + i;
			y = out[0].data + off;
			g = dout[0].data + off;
			dx = din[0].data + off;
			s = 0;
			if (p->log) {
				for (k = 0; k < v.len; k++)
					s += g[k * st];
				for (k = 0; k < v.len; k++) {
					if (y[k * st] > -ln2)
						dx[k * st] += (g[k * st] - s) -
						    s * GS_EXPM1(y[k * st]);
					else
						dx[k * st] += g[k * st] -
						    GS_EXP(y[k * st]) * s;
				}
				continue;
			}
			for (k = 0; k < v.len; k++)
				s += g[k * st] * y[k * st];
			for (k = 0; k < v.len; k++) {
				if (y[k * st] <= half) {
					dx[k * st] += y[k * st] *
					    (g[k * st] - s);
					continue;
				}
				r = u = 0;
				for (j = 0; j < v.len; j++) {
					if (j == k)
						continue;
					r += y[j * st];
					u += g[j * st] * y[j * st];
				}
				dx[k * st] += y[k * st] * (g[k * st] * r - u);
			}
		}
	}
}

/* Over axis 0 (before opset 13: over everything), the rows mix. */
static int
softmax_mixes_rows(const struct gs_node *n, const struct gs_tensor *in)
{
	const struct softmax_priv	*p = n->priv;

	return (shape_axis(p->axis, in[0].shape.ndim) == 0);
}

const struct gs_op gs_op_softmax = {
	.name = "Softmax", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_BATCH_CONST,
	.init = softmax_init, .shape = softmax_shape, .scratch = NULL,
	.forward = softmax_forward, .backward = softmax_backward, .free = NULL,
	.mixes_rows = softmax_mixes_rows
};

const struct gs_op gs_op_logsoftmax = {
	.name = "LogSoftmax", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_BATCH_CONST,
	.init = softmax_init, .shape = softmax_shape, .scratch = NULL,
	.forward = softmax_forward, .backward = softmax_backward, .free = NULL,
	.mixes_rows = softmax_mixes_rows
};

/* SPDX-License-Identifier: ISC */
/*
 * BatchNormalization in inference mode over [N, C, ...] (any number of
 * spatial dimensions, [N, C] included). The constant scale, bias, mean and
 * variance are folded at load time into y = a[c] x + b[c].
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "model/graph.h"

struct batchnorm_priv {
	size_t		 c;		/* channels */
	gs_real		 ab[];		/* a[0..c) then b[0..c) */
};

/* Names of the constant inputs, for messages. */
static const char *const batchnorm_inputs[] = {
	"X", "scale", "B", "input_mean", "input_var"
};

/*
 * Read int attribute name (def when absent) and refuse any value but want;
 * why says what the other values would mean.
 */
static int
batchnorm_flag(struct gs_node *n, const char *name, int64_t def, int64_t want,
    const char *why, struct gs_error *err)
{
	int64_t	 v;

	if (node_attr_int(n, name, def, &v, err) != 0)
		return (-1);
	if (v != want)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attribute '%s' value %lld (%s) is not supported", name,
		    (long long)v, why));
	return (0);
}

/* Check attributes and fold the four constants into a and b. */
static int
batchnorm_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct batchnorm_priv	*p;
	double			 eps, mom, a;
	size_t			 c, i;

	if (node_attr_float(n, "epsilon", 1e-5, &eps, err) != 0 ||
	    node_attr_float(n, "momentum", 0.9, &mom, err) != 0)
		return (-1);
	if (!(eps >= 0))
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attribute 'epsilon' value %g is not supported", eps));
	if (n->opset < 7 && batchnorm_flag(n, "is_test", 0, 1,
	    "training", err) != 0)
		return (-1);
	if (n->opset < 9 && batchnorm_flag(n, "spatial", 1, 1,
	    "per-activation statistics", err) != 0)
		return (-1);
	if (n->opset >= 14 && batchnorm_flag(n, "training_mode", 0, 0,
	    "training", err) != 0)
		return (-1);

	c = shape_len(&in[1].shape);
	for (i = 1; i < 5; i++) {
		if (!in[i].is_const || in[i].data == NULL)
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "a non-constant '%s' is not supported",
			    batchnorm_inputs[i]));
		if (in[i].shape.ndim != 1 || shape_len(&in[i].shape) != c)
			return (node_error(err, n, GS_ESHAPE,
			    "'%s' must have shape [%zu]", batchnorm_inputs[i],
			    c));
	}
	p = xmalloc(sizeof *p + xmul(2 * sizeof(gs_real), c));
	p->c = c;
	for (i = 0; i < c; i++) {
		/* a = scale / sqrt(var + eps), b = B - mean a. */
		a = in[1].data[i] / sqrt((double)in[4].data[i] + eps);
		p->ab[i] = (gs_real)a;
		p->ab[c + i] = (gs_real)(in[2].data[i] - in[3].data[i] * a);
	}
	n->priv = p;
	return (0);
}

/* Output shape: the input's, which must have C channels in d[1]. */
static int
batchnorm_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct batchnorm_priv	*p = n->priv;
	char				 buf[96];

	if (in[0].shape.ndim < 2 || in[0].shape.d[1] != (int64_t)p->c)
		return (node_error(err, n, GS_ESHAPE,
		    "input %s does not have %zu channels in dimension 1",
		    shape_format(&in[0].shape, buf, sizeof buf), p->c));
	*out = in[0].shape;
	return (0);
}

/* y = a[c] x + b[c]. */
static void
batchnorm_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct batchnorm_priv	*p = n->priv;
	const gs_real			*x = in[0].data;
	gs_real				*y = out[0].data, a, b;
	size_t				 len, planes, inner, k, c, i;

	len = shape_len(&in[0].shape);
	planes = (size_t)in[0].shape.d[0] * p->c;
	if (planes == 0)
		return;
	inner = len / planes;
	for (k = 0; k < planes; k++, x += inner, y += inner) {
		c = k % p->c;
		a = p->ab[c];
		b = p->ab[p->c + c];
		for (i = 0; i < inner; i++)
			y[i] = a * x[i] + b;
	}
}

/* dy/dx = a[c]. */
static void
batchnorm_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const struct batchnorm_priv	*p = n->priv;
	const gs_real			*g = dout[0].data;
	gs_real				*dx = din[0].data, a;
	size_t				 len, planes, inner, k, i;

	if (dx == NULL)
		return;
	len = shape_len(&in[0].shape);
	planes = (size_t)in[0].shape.d[0] * p->c;
	if (planes == 0)
		return;
	inner = len / planes;
	for (k = 0; k < planes; k++, g += inner, dx += inner) {
		a = p->ab[k % p->c];
		for (i = 0; i < inner; i++)
			dx[i] += a * g[i];
	}
}

const struct gs_op gs_op_batchnormalization = {
	.name = "BatchNormalization", .min_in = 5, .max_in = 5, .n_out = 1,
	.traits = GS_OP_SMOOTH,
	.init = batchnorm_init, .shape = batchnorm_shape, .scratch = NULL,
	.forward = batchnorm_forward, .backward = batchnorm_backward,
	.free = NULL
};

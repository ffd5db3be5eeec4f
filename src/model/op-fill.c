/* SPDX-License-Identifier: ISC */
/*
 * Ops that make a tensor of a given shape: ConstantOfShape (a filled
 * tensor), Range (an arithmetic sequence), Expand (broadcast to a shape)
 * and Tile (repeat along each axis). Their shape and count arguments may
 * be derived from the input's shape (x.size(0)), so they read them in
 * shape and forward for every batch size, never in init.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"

#define FILL_MAX_LEN	((int64_t)1 << 30)	/* most elements made */

struct fill_priv {
	gs_real		 value;		/* ConstantOfShape: the fill value */
	int		 is_int;	/* it is an integer */
	int64_t		 ivalue;	/* that integer */
};

/* Whether input t is a constant (or shape-derived) integer tensor. */
static int
fill_is_ints(const struct gs_tensor *t)
{
	return (t->is_const && t->ival != NULL);
}

/*
 * Read a 1-D integer tensor t of at most GS_MAX_DIMS non-negative
 * extents into s. Errors: GS_ESHAPE naming what.
 */
static int
fill_dims(const struct gs_node *n, const struct gs_tensor *t,
    const char *what, struct gs_shape *s, struct gs_error *err)
{
	size_t	len = shape_len(&t->shape), i;
	int64_t	total = 1;

	if (t->ival == NULL || t->shape.ndim > 1 || len > GS_MAX_DIMS)
		return (node_error(err, n, GS_ESHAPE, "input '%s' must be a "
		    "1-D integer tensor of at most %d entries", what,
		    GS_MAX_DIMS));
	s->ndim = (int)len;
	for (i = 0; i < len; i++) {
		if (t->ival[i] < 0 || t->ival[i] > FILL_MAX_LEN)
			return (node_error(err, n, GS_ESHAPE, "input '%s' "
			    "entry %lld is out of range", what,
			    (long long)t->ival[i]));
		s->d[i] = t->ival[i];
		total *= t->ival[i] > 0 ? t->ival[i] : 1;
		if (total > FILL_MAX_LEN)
			return (node_error(err, n, GS_ELIMIT, "input '%s' "
			    "makes too many elements", what));
	}
	return (0);
}

/*
 * ConstantOfShape: a tensor of the shape given by input 0 (constant or
 * shape-derived), every element the one-element attribute 'value'
 * (float 0 when absent; an integer value makes an integer tensor).
 */
static int
cos_init(struct gs_node *n, const struct gs_tensor *in, struct gs_error *err)
{
	struct fill_priv	*p;
	struct gs_attr		*a;

	if (!fill_is_ints(&in[0]))
		return (node_error(err, n, GS_EUNSUPPORTED, "input 'input' "
		    "must be a constant integer tensor"));
	a = node_attr(n, "value");
	if (a != NULL && (a->type != GS_ATTR_TENSOR || a->t == NULL ||
	    shape_len(&a->t->shape) != 1))
		return (node_error(err, n, GS_EUNSUPPORTED, "attribute "
		    "'value' must be a tensor of one element"));
	p = xcalloc(1, sizeof *p);
	if (a != NULL) {
		p->value = a->t->data[0];
		p->is_int = a->t->ival != NULL;
		p->ivalue = p->is_int ? a->t->ival[0] : 0;
	}
	n->priv = p;
	return (0);
}

static int
cos_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	return (fill_dims(n, &in[0], "input", &out[0], err));
}

static void
cos_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct fill_priv	*p = n->priv;
	size_t			 len = shape_len(&out[0].shape), i;

	for (i = 0; i < len; i++)
		out[0].data[i] = p->value;
}

static int
cos_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	const struct fill_priv	*p = n->priv;
	size_t			 len = shape_len(&out[0].shape), i;

	if (!p->is_int)
		return (1);
	for (i = 0; i < len; i++)
		out[0].ival[i] = p->ivalue;
	return (0);
}

const struct gs_op gs_op_constantofshape = {
	.name = "ConstantOfShape", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_INT_EXACT | GS_OP_BATCH_CONST,
	.init = cos_init, .shape = cos_shape, .forward = cos_forward,
	.ifold = cos_ifold,
};

/*
 * Range: start, start + delta, ... up to (not including) limit; three
 * scalars, constant or shape-derived, all integers or all reals.
 */
static int
range_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	int	i;

	for (i = 0; i < 3; i++) {
		if (!in[i].is_const || shape_len(&in[i].shape) != 1)
			return (node_error(err, n, GS_EUNSUPPORTED, "input %d "
			    "must be a constant scalar", i));
	}
	return (0);
}

/* The number of elements: max(ceil((limit - start) / delta), 0). */
static int
range_count(const struct gs_node *n, const struct gs_tensor *in,
    int64_t *count, struct gs_error *err)
{
	double	c;

	if (in[0].ival != NULL && in[1].ival != NULL && in[2].ival != NULL) {
		int64_t s = in[0].ival[0], l = in[1].ival[0], d = in[2].ival[0];

		if (d == 0)
			return (node_error(err, n, GS_ESHAPE, "delta is 0"));
		c = ceil(((double)l - (double)s) / (double)d);
	} else {
		if (in[2].data[0] == 0)
			return (node_error(err, n, GS_ESHAPE, "delta is 0"));
		c = ceil(((double)in[1].data[0] - (double)in[0].data[0]) /
		    (double)in[2].data[0]);
	}
	if (!(c <= (double)FILL_MAX_LEN))
		return (node_error(err, n, GS_ELIMIT, "too many elements"));
	*count = c > 0 ? (int64_t)c : 0;
	return (0);
}

static int
range_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	int64_t	c = 0;

	if (range_count(n, in, &c, err) != 0)
		return (-1);
	out[0].ndim = 1;
	out[0].d[0] = c;
	return (0);
}

static void
range_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	size_t	len = shape_len(&out[0].shape), i;

	for (i = 0; i < len; i++)
		out[0].data[i] = in[0].data[0] + (gs_real)i * in[2].data[0];
}

static int
range_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	size_t	len = shape_len(&out[0].shape), i;

	if (in[0].ival == NULL || in[1].ival == NULL || in[2].ival == NULL)
		return (1);
	for (i = 0; i < len; i++)
		out[0].ival[i] = in[0].ival[0] + (int64_t)i * in[2].ival[0];
	return (0);
}

const struct gs_op gs_op_range = {
	.name = "Range", .min_in = 3, .max_in = 3, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_INT_EXACT | GS_OP_BATCH_CONST,
	.init = range_init, .shape = range_shape, .forward = range_forward,
	.ifold = range_ifold,
};

/* Expand and Tile: the shape input must be an integer tensor. */
static int
fill_shape_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	if (!fill_is_ints(&in[1]))
		return (node_error(err, n, GS_EUNSUPPORTED, "input %d must be "
		    "a constant integer tensor", 1));
	return (0);
}

/* Expand: input 0 broadcast with the shape input 1 (both ways). */
static int
expand_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	struct gs_shape	 t;
	struct gs_error	 e;

	if (fill_dims(n, &in[1], "shape", &t, err) != 0)
		return (-1);
	if (shape_broadcast(&in[0].shape, &t, &out[0], &e) != 0)
		return (node_error(err, n, GS_ESHAPE, "%s", e.msg));
	return (0);
}

static void
expand_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	size_t	len = shape_len(&out[0].shape), i;

	for (i = 0; i < len; i++)
		out[0].data[i] = in[0].data[shape_bcast_offset(&in[0].shape,
		    &out[0].shape, i)];
}

/* dx = g summed over the broadcast dimensions. */
static void
expand_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	if (din[0].data != NULL)
		tensor_sum_to(dout[0].data, &out[0].shape, din[0].data,
		    &in[0].shape);
}

static int
expand_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	size_t	len = shape_len(&out[0].shape), i;

	if (in[0].ival == NULL)
		return (1);
	for (i = 0; i < len; i++)
		out[0].ival[i] = in[0].ival[shape_bcast_offset(&in[0].shape,
		    &out[0].shape, i)];
	return (0);
}

const struct gs_op gs_op_expand = {
	.name = "Expand", .min_in = 2, .max_in = 2, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_INT_EXACT | GS_OP_BATCH_CONST,
	.init = fill_shape_init, .shape = expand_shape,
	.forward = expand_forward, .backward = expand_backward,
	.ifold = expand_ifold,
};

/* Tile: extent d[k] times repeats[k] along each axis. */
static int
tile_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	struct gs_shape	 r;
	int		 k;

	if (fill_dims(n, &in[1], "repeats", &r, err) != 0)
		return (-1);
	if (r.ndim != in[0].shape.ndim)
		return (node_error(err, n, GS_ESHAPE, "'repeats' has %d "
		    "entries for rank %d", r.ndim, in[0].shape.ndim));
	*out = in[0].shape;
	for (k = 0; k < r.ndim; k++) {
		if (r.d[k] > 0 && out->d[k] > FILL_MAX_LEN / r.d[k])
			return (node_error(err, n, GS_ELIMIT, "too large"));
		out->d[k] *= r.d[k];
	}
	return (0);
}

/* Offset in x (shape xs) of element i of its tiling (shape os). */
static size_t
tile_offset(const struct gs_shape *xs, const struct gs_shape *os, size_t i)
{
	size_t	off = 0, stride = 1, q;
	int	k;

	for (k = os->ndim - 1; k >= 0; k--) {
		q = i % (size_t)os->d[k];
		i /= (size_t)os->d[k];
		off += q % (size_t)xs->d[k] * stride;
		stride *= (size_t)xs->d[k];
	}
	return (off);
}

static void
tile_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	size_t	len = shape_len(&out[0].shape), i;

	for (i = 0; i < len; i++)
		out[0].data[i] = in[0].data[tile_offset(&in[0].shape,
		    &out[0].shape, i)];
}

/* dx = the sum of g over every copy. */
static void
tile_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	size_t	len = shape_len(&out[0].shape), i;

	if (din[0].data == NULL)
		return;
	for (i = 0; i < len; i++)
		din[0].data[tile_offset(&in[0].shape, &out[0].shape, i)] +=
		    dout[0].data[i];
}

static int
tile_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	size_t	len = shape_len(&out[0].shape), i;

	if (in[0].ival == NULL)
		return (1);
	for (i = 0; i < len; i++)
		out[0].ival[i] = in[0].ival[tile_offset(&in[0].shape,
		    &out[0].shape, i)];
	return (0);
}

/* Repeating along the batch axis repeats rows. */
static int
tile_mixes_rows(const struct gs_node *n, const struct gs_tensor *in)
{
	return (in[1].ival == NULL || shape_len(&in[1].shape) == 0 ||
	    in[1].ival[0] != 1);
}

const struct gs_op gs_op_tile = {
	.name = "Tile", .min_in = 2, .max_in = 2, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_INT_EXACT | GS_OP_BATCH_CONST,
	.init = fill_shape_init, .shape = tile_shape,
	.forward = tile_forward, .backward = tile_backward,
	.ifold = tile_ifold, .mixes_rows = tile_mixes_rows,
};

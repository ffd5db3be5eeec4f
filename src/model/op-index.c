/* SPDX-License-Identifier: ISC */
/*
 * Ops that pick elements by index: Gather (along one axis, constant or
 * shape-derived indices), Slice (starts, ends, axes, steps; attributes
 * before opset 10, inputs from 10) and Split (sizes from an attribute
 * before 13, an input from 13, or num_outputs from 18). Each moves reals
 * forward and adds gradients back, and evaluates integer tensors exactly
 * for shape arithmetic.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"

#define INDEX_MAX_OUT	8	/* most outputs of a Split */

struct index_priv {
	int64_t		 axis;		/* Gather, Split: as given */
	int		 attrs;		/* Slice: starts/ends are attributes */
	int64_t		 starts[GS_MAX_DIMS];	/* Slice (attributes) */
	int64_t		 ends[GS_MAX_DIMS];	/* Slice (attributes) */
	int64_t		 axes[GS_MAX_DIMS];	/* Slice (attributes) */
	size_t		 n_axes;	/* entries of the three above */
	int		 has_axes;	/* axes given */
	int64_t		 split[INDEX_MAX_OUT];	/* Split: sizes (attribute) */
	size_t		 n_split;	/* entries of split; 0: equal parts */
	int64_t		 num_outputs;	/* Split (opset 18): parts, or 0 */
};

/* Per dimension of the input: first index, step and output extent. */
struct index_run {
	int64_t		 start[GS_MAX_DIMS];	/* first index read */
	int64_t		 step[GS_MAX_DIMS];	/* index step */
	struct gs_shape	 out;			/* output shape */
};

/* Whether input t is a constant (or shape-derived) integer tensor. */
static int
index_is_ints(const struct gs_tensor *t)
{
	return (t->is_const && t->ival != NULL);
}

/* Element strides of a row-major tensor of shape s. */
static void
index_strides(const struct gs_shape *s, int64_t *st)
{
	int	k;

	if (s->ndim == 0)
		return;
	st[s->ndim - 1] = 1;
	for (k = s->ndim - 2; k >= 0; k--)
		st[k] = st[k + 1] * s->d[k + 1];
}

/*
 * Walk the output of run r over input shape is: for each output element o,
 * the input offset it reads. mode 0: y[o] = x[src]; 1: dx[src] += g[o];
 * 2: iy[o] = ix[src] (integers).
 */
static void
index_walk(const struct index_run *r, const struct gs_shape *is,
    const void *src, void *dst, int mode)
{
	int64_t	 st[GS_MAX_DIMS], idx[GS_MAX_DIMS], off;
	size_t	 len = shape_len(&r->out), o;
	int	 k, nd = is->ndim;

	if (len == 0)
		return;
	index_strides(is, st);
	memset(idx, 0, sizeof idx);
	for (o = 0; o < len; o++) {
		off = 0;
		for (k = 0; k < nd; k++)
			off += (r->start[k] + idx[k] * r->step[k]) * st[k];
		if (mode == 0)
			((gs_real *)dst)[o] = ((const gs_real *)src)[off];
		else if (mode == 1)
			((gs_real *)dst)[off] += ((const gs_real *)src)[o];
		else
			((int64_t *)dst)[o] = ((const int64_t *)src)[off];
		for (k = nd - 1; k >= 0; k--) {
			if (++idx[k] < r->out.d[k])
				break;
			idx[k] = 0;
		}
	}
}

/*
 * Gather: out = data[..., indices, ...] along axis. The indices must be a
 * constant or shape-derived integer tensor; negative ones count from the
 * end. Gradient: each picked element adds back to where it came from.
 */
static int
gather_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct index_priv	*p;
	int64_t			 axis;

	if (node_attr_int(n, "axis", 0, &axis, err) != 0)
		return (-1);
	if (!index_is_ints(&in[1]))
		return (node_error(err, n, GS_EUNSUPPORTED, "input 'indices' "
		    "must be a constant integer tensor"));
	if (shape_axis(axis, in[0].shape.ndim) < 0)
		return (node_error(err, n, GS_EUNSUPPORTED, "attribute "
		    "'axis' %lld is out of range for rank %d",
		    (long long)axis, in[0].shape.ndim));
	p = xcalloc(1, sizeof *p);
	p->axis = axis;
	n->priv = p;
	return (0);
}

static int
gather_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct index_priv	*p = n->priv;
	const struct gs_shape	*ds = &in[0].shape, *is = &in[1].shape;
	size_t			 len = shape_len(is), i;
	int			 a = shape_axis(p->axis, ds->ndim), k;

	if (a < 0 || in[1].ival == NULL)
		return (node_error(err, n, GS_ESHAPE, "bad axis or indices"));
	if (ds->ndim - 1 + is->ndim > GS_MAX_DIMS)
		return (node_error(err, n, GS_EUNSUPPORTED, "more than %d "
		    "dimensions", GS_MAX_DIMS));
	for (i = 0; i < len; i++) {
		if (in[1].ival[i] < -ds->d[a] || in[1].ival[i] >= ds->d[a])
			return (node_error(err, n, GS_ESHAPE, "index %lld is "
			    "out of range for dimension %d of extent %lld",
			    (long long)in[1].ival[i], a,
			    (long long)ds->d[a]));
	}
	out[0].ndim = 0;
	for (k = 0; k < a; k++)
		out[0].d[out[0].ndim++] = ds->d[k];
	for (k = 0; k < is->ndim; k++)
		out[0].d[out[0].ndim++] = is->d[k];
	for (k = a + 1; k < ds->ndim; k++)
		out[0].d[out[0].ndim++] = ds->d[k];
	return (0);
}

/* Outer blocks, extent along the axis and inner block of the data. */
static void
gather_sizes(const struct gs_node *n, const struct gs_shape *ds,
    size_t *outer, int64_t *da, size_t *inner)
{
	const struct index_priv	*p = n->priv;
	int			 a = shape_axis(p->axis, ds->ndim), k;

	*outer = *inner = 1;
	for (k = 0; k < ds->ndim; k++) {
		if (k < a)
			*outer *= (size_t)ds->d[k];
		else if (k > a)
			*inner *= (size_t)ds->d[k];
	}
	*da = ds->d[a];
}

/*
 * mode 0: y = gather(x); 1: dx += scatter(g); 2: integers. src and dst as
 * index_walk.
 */
static void
gather_run(const struct gs_node *n, const struct gs_tensor *in,
    const void *src, void *dst, int mode)
{
	size_t		 outer, inner, ni = shape_len(&in[1].shape), o, j, i;
	size_t		 from, to;
	int64_t		 da, ix;

	gather_sizes(n, &in[0].shape, &outer, &da, &inner);
	for (o = 0; o < outer; o++) {
		for (j = 0; j < ni; j++) {
			ix = in[1].ival[j];
			if (ix < 0)
				ix += da;
			from = (o * (size_t)da + (size_t)ix) * inner;
			to = (o * ni + j) * inner;
			for (i = 0; i < inner; i++) {
				if (mode == 0)
					((gs_real *)dst)[to + i] =
					    ((const gs_real *)src)[from + i];
				else if (mode == 1)
					((gs_real *)dst)[from + i] +=
					    ((const gs_real *)src)[to + i];
				else
					((int64_t *)dst)[to + i] =
					    ((const int64_t *)src)[from + i];
			}
		}
	}
}

static void
gather_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	gather_run(n, in, in[0].data, out[0].data, 0);
}

/* d out / d data: each output element adds to the element it copied. */
static void
gather_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	if (din[0].data != NULL)
		gather_run(n, in, dout[0].data, din[0].data, 1);
}

static int
gather_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	if (in[0].ival == NULL)
		return (1);
	gather_run(n, in, in[0].ival, out[0].ival, 2);
	return (0);
}

/* Gathering along the batch axis picks rows. */
static int
gather_mixes_rows(const struct gs_node *n, const struct gs_tensor *in)
{
	const struct index_priv	*p = n->priv;

	return (shape_axis(p->axis, in[0].shape.ndim) == 0);
}

const struct gs_op gs_op_gather = {
	.name = "Gather", .min_in = 2, .max_in = 2, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_INT_EXACT | GS_OP_BATCH_CONST,
	.init = gather_init, .shape = gather_shape,
	.forward = gather_forward, .backward = gather_backward,
	.ifold = gather_ifold, .mixes_rows = gather_mixes_rows,
};

/*
 * Slice before opset 10: starts, ends and axes are attributes. From 10
 * they are inputs (with steps), constant or shape-derived, read for every
 * batch size.
 */
static int
slice_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct index_priv	 p;
	const int64_t		*s, *e, *a;
	size_t			 ls, le, la, i;

	memset(&p, 0, sizeof p);
	if (n->opset < 10) {
		p.attrs = 1;
		if (node_attr_ints(n, "starts", &s, &ls, err) != 0 ||
		    node_attr_ints(n, "ends", &e, &le, err) != 0 ||
		    node_attr_ints(n, "axes", &a, &la, err) != 0)
			return (-1);
		if (s == NULL || e == NULL || ls != le ||
		    (a != NULL && la != ls) || ls > GS_MAX_DIMS)
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "attributes 'starts' and 'ends' (and 'axes') "
			    "must be given with one entry per axis"));
		for (i = 0; i < ls; i++) {
			p.starts[i] = s[i];
			p.ends[i] = e[i];
			p.axes[i] = a != NULL ? a[i] : (int64_t)i;
		}
		p.n_axes = ls;
		p.has_axes = 1;
	} else {
		if (n->n_in < 3)
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "needs inputs 'starts' and 'ends'"));
		for (i = 1; i < n->n_in && i < 5; i++) {
			if (NODE_HAS_IN(n, i) && !index_is_ints(&in[i]))
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "input %zu must be a constant integer "
				    "tensor", i));
		}
	}
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/* Clamp v to [lo, hi]. */
static int64_t
index_clamp(int64_t v, int64_t lo, int64_t hi)
{
	return (v < lo ? lo : v > hi ? hi : v);
}

/* Work out the slice for these inputs; GS_ESHAPE on bad arguments. */
static int
slice_run(const struct gs_node *n, const struct gs_tensor *in,
    struct index_run *r, struct gs_error *err)
{
	const struct index_priv	*p = n->priv;
	const struct gs_shape	*s = &in[0].shape;
	const int64_t		*st, *en, *ax = NULL, *sp = NULL;
	size_t			 len, i;
	int			 k, seen[GS_MAX_DIMS] = { 0 };
	int64_t			 d, a, b, step, c;

	if (p->attrs) {
		st = p->starts;
		en = p->ends;
		ax = p->axes;
		len = p->n_axes;
	} else {
		len = shape_len(&in[1].shape);
		if (in[1].ival == NULL || in[2].ival == NULL ||
		    shape_len(&in[2].shape) != len || len > GS_MAX_DIMS)
			return (node_error(err, n, GS_ESHAPE, "inputs "
			    "'starts' and 'ends' must have equal lengths"));
		st = in[1].ival;
		en = in[2].ival;
		if (NODE_HAS_IN(n, 3)) {
			ax = in[3].ival;
			if (ax == NULL || shape_len(&in[3].shape) != len)
				return (node_error(err, n, GS_ESHAPE,
				    "input 'axes' has the wrong length"));
		}
		if (NODE_HAS_IN(n, 4)) {
			sp = in[4].ival;
			if (sp == NULL || shape_len(&in[4].shape) != len)
				return (node_error(err, n, GS_ESHAPE,
				    "input 'steps' has the wrong length"));
		}
	}
	r->out = *s;
	for (k = 0; k < s->ndim; k++) {
		r->start[k] = 0;
		r->step[k] = 1;
	}
	for (i = 0; i < len; i++) {
		k = shape_axis(ax != NULL ? ax[i] : (int64_t)i, s->ndim);
		if (k < 0 || seen[k])
			return (node_error(err, n, GS_ESHAPE, "axis %lld is "
			    "out of range or repeated", (long long)(ax != NULL ?
			    ax[i] : (int64_t)i)));
		seen[k] = 1;
		d = s->d[k];
		step = sp != NULL ? sp[i] : 1;
		if (step == 0)
			return (node_error(err, n, GS_ESHAPE, "a step is 0"));
		a = st[i] < 0 && st[i] > INT64_MIN + d ? st[i] + d : st[i];
		b = en[i] < 0 && en[i] > INT64_MIN + d ? en[i] + d : en[i];
		if (step > 0) {
			a = index_clamp(a, 0, d);
			b = index_clamp(b, 0, d);
			c = b > a ? (b - a + step - 1) / step : 0;
		} else {
			a = index_clamp(a, 0, d - 1);
			b = index_clamp(b, -1, d - 1);
			c = a > b ? (a - b - step - 1) / -step : 0;
		}
		r->start[k] = c > 0 ? a : 0;
		r->step[k] = step;
		r->out.d[k] = c;
	}
	return (0);
}

static int
slice_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	struct index_run	r;

	if (slice_run(n, in, &r, err) != 0)
		return (-1);
	out[0] = r.out;
	return (0);
}

static void
slice_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	struct index_run	r;

	if (slice_run(n, in, &r, NULL) == 0)
		index_walk(&r, &in[0].shape, in[0].data, out[0].data, 0);
}

/* d out / d x: each output element adds to the element it copied. */
static void
slice_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	struct index_run	r;

	if (din[0].data != NULL && slice_run(n, in, &r, NULL) == 0)
		index_walk(&r, &in[0].shape, dout[0].data, din[0].data, 1);
}

static int
slice_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	struct index_run	r;

	if (in[0].ival == NULL)
		return (1);
	if (slice_run(n, in, &r, err) != 0)
		return (-1);
	index_walk(&r, &in[0].shape, in[0].ival, out[0].ival, 2);
	return (0);
}

/* Slicing the batch axis (anything but all of it in order) picks rows. */
static int
slice_mixes_rows(const struct gs_node *n, const struct gs_tensor *in)
{
	struct index_run	r;

	if (slice_run(n, in, &r, NULL) != 0)
		return (1);
	return (in[0].shape.ndim > 0 && (r.start[0] != 0 || r.step[0] != 1 ||
	    r.out.d[0] != in[0].shape.d[0]));
}

const struct gs_op gs_op_slice = {
	.name = "Slice", .min_in = 1, .max_in = 5, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_INT_EXACT | GS_OP_BATCH_CONST,
	.init = slice_init, .shape = slice_shape,
	.forward = slice_forward, .backward = slice_backward,
	.ifold = slice_ifold, .mixes_rows = slice_mixes_rows,
};

/*
 * Split along axis into the node's outputs: sizes from the 'split'
 * attribute (before opset 13) or input (from 13), or equal parts (from 18
 * num_outputs parts, the last one smaller when they do not divide).
 */
static int
split_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct index_priv	 p;
	const int64_t		*v = NULL;
	size_t			 len = 0, i;

	memset(&p, 0, sizeof p);
	if (node_attr_int(n, "axis", 0, &p.axis, err) != 0)
		return (-1);
	if (n->n_out > INDEX_MAX_OUT)
		return (node_error(err, n, GS_EUNSUPPORTED, "more than %d "
		    "outputs", INDEX_MAX_OUT));
	if (n->opset < 13) {
		if (node_attr_ints(n, "split", &v, &len, err) != 0)
			return (-1);
		if (NODE_HAS_IN(n, 1))
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "input 'split' needs opset 13"));
	} else if (NODE_HAS_IN(n, 1)) {
		if (!index_is_ints(&in[1]) || in[1].is_const != 1)
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "input 'split' must be a constant integer "
			    "tensor"));
		v = in[1].ival;
		len = shape_len(&in[1].shape);
	}
	if (n->opset >= 18 && node_attr_int(n, "num_outputs", 0,
	    &p.num_outputs, err) != 0)
		return (-1);
	if (v != NULL && p.num_outputs != 0)
		return (node_error(err, n, GS_EUNSUPPORTED, "both 'split' and "
		    "'num_outputs' are given"));
	if (p.num_outputs != 0 && p.num_outputs != (int64_t)n->n_out)
		return (node_error(err, n, GS_EUNSUPPORTED, "attribute "
		    "'num_outputs' %lld does not match the %zu outputs",
		    (long long)p.num_outputs, n->n_out));
	if (v != NULL && len != n->n_out)
		return (node_error(err, n, GS_EUNSUPPORTED, "'split' has %zu "
		    "sizes for %zu outputs", len, n->n_out));
	for (i = 0; v != NULL && i < len; i++) {
		if (v[i] < 0)
			return (node_error(err, n, GS_EUNSUPPORTED, "a split "
			    "size is negative"));
		p.split[i] = v[i];
	}
	p.n_split = v != NULL ? len : 0;
	if (shape_axis(p.axis, in[0].shape.ndim) < 0)
		return (node_error(err, n, GS_EUNSUPPORTED, "attribute "
		    "'axis' %lld is out of range", (long long)p.axis));
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/* The size of every part along the axis; -1 when they do not fit. */
static int
split_sizes(const struct gs_node *n, const struct gs_shape *s, int64_t *sz)
{
	const struct index_priv	*p = n->priv;
	int64_t			 d, sum = 0, part;
	size_t			 i, k = n->n_out;
	int			 a = shape_axis(p->axis, s->ndim);

	if (a < 0)
		return (-1);
	d = s->d[a];
	if (p->n_split > 0) {
		for (i = 0; i < k; i++) {
			sz[i] = p->split[i];
			sum += sz[i];
		}
		return (sum == d ? a : -1);
	}
	if (p->num_outputs == 0 && d % (int64_t)k != 0)
		return (-1);
	part = (d + (int64_t)k - 1) / (int64_t)k;
	for (i = 0; i < k; i++) {
		sz[i] = d - sum < part ? d - sum : part;
		sum += sz[i];
	}
	return (a);
}

static int
split_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	int64_t	 sz[INDEX_MAX_OUT];
	size_t	 i;
	int	 a;
	char	 b1[96];

	a = split_sizes(n, &in[0].shape, sz);
	if (a < 0)
		return (node_error(err, n, GS_ESHAPE, "%s does not split into "
		    "those %zu parts", shape_format(&in[0].shape, b1,
		    sizeof b1), n->n_out));
	for (i = 0; i < n->n_out; i++) {
		out[i] = in[0].shape;
		out[i].d[a] = sz[i];
	}
	return (0);
}

/*
 * mode 0: outputs from x; 1: dx += each output gradient present; 2:
 * integer outputs from integer x.
 */
static void
split_run(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *parts, int mode, const gs_real *x, gs_real *dx)
{
	int64_t	 sz[INDEX_MAX_OUT];
	size_t	 outer = 1, inner = 1, blk, o, i, j, off = 0, row;
	int	 a, k;

	a = split_sizes(n, &in[0].shape, sz);
	if (a < 0)
		return;
	for (k = 0; k < in[0].shape.ndim; k++) {
		if (k < a)
			outer *= (size_t)in[0].shape.d[k];
		else if (k > a)
			inner *= (size_t)in[0].shape.d[k];
	}
	row = (size_t)in[0].shape.d[a] * inner;
	for (i = 0; i < n->n_out; i++) {
		blk = (size_t)sz[i] * inner;
		for (o = 0; o < outer && blk > 0; o++) {
			if (mode == 0)
				memcpy(parts[i].data + o * blk, x + o * row +
				    off, blk * sizeof *x);
			else if (mode == 2)
				memcpy(parts[i].ival + o * blk, in[0].ival +
				    o * row + off, blk * sizeof(int64_t));
			else if (parts[i].data != NULL) {
				for (j = 0; j < blk; j++)
					dx[o * row + off + j] +=
					    parts[i].data[o * blk + j];
			}
		}
		off += blk;
	}
}

static void
split_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	split_run(n, in, out, 0, in[0].data, NULL);
}

/* dx = the output gradients laid side by side. */
static void
split_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	if (din[0].data != NULL)
		split_run(n, in, dout, 1, NULL, din[0].data);
}

static int
split_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	if (in[0].ival == NULL)
		return (1);
	split_run(n, in, out, 2, NULL, NULL);
	return (0);
}

/* Splitting the batch axis separates rows. */
static int
split_mixes_rows(const struct gs_node *n, const struct gs_tensor *in)
{
	const struct index_priv	*p = n->priv;

	return (shape_axis(p->axis, in[0].shape.ndim) == 0);
}

const struct gs_op gs_op_split = {
	.name = "Split", .min_in = 1, .max_in = 2, .n_out = -1,
	.traits = GS_OP_SMOOTH | GS_OP_INT_EXACT,
	.init = split_init, .shape = split_shape,
	.forward = split_forward, .backward = split_backward,
	.ifold = split_ifold, .mixes_rows = split_mixes_rows,
};

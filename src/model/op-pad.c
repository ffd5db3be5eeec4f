/* SPDX-License-Identifier: ISC */
/*
 * Pad: constant, reflect, edge and (opset 19) wrap padding, negative pads
 * cropping. Before opset 11 the pads and the constant are attributes;
 * from 11 they are inputs (the pads constant or derived from the input's
 * shape, read again for every batch size), with an axes input from 18.
 * Each output element copies one input element (or is the constant), so
 * the gradient adds back to where each came from.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"

#define PAD_MAX_EXTENT	((int64_t)1 << 30)	/* largest padded extent */

enum pad_mode {
	PAD_CONSTANT,
	PAD_REFLECT,
	PAD_EDGE,
	PAD_WRAP
};

struct pad_priv {
	enum pad_mode	 mode;			/* how the border is filled */
	int		 attrs;			/* opset < 11: pads attribute */
	int64_t		 pads[2 * GS_MAX_DIMS];	/* attribute pads */
	size_t		 n_pads;		/* entries of pads */
	gs_real		 value;			/* attribute constant */
};

/* Per output coordinate of each axis: the input index, or -1. */
struct pad_map {
	struct gs_shape	 out;			/* output shape */
	int64_t		 begin[GS_MAX_DIMS];	/* leading pad per axis */
	int64_t		 end[GS_MAX_DIMS];	/* trailing pad per axis */
};

static int
pad_init(struct gs_node *n, const struct gs_tensor *in, struct gs_error *err)
{
	struct pad_priv	 p;
	const char	*mode;
	const int64_t	*v;
	double		 value;
	size_t		 len, i;

	memset(&p, 0, sizeof p);
	if (node_attr_string(n, "mode", "constant", &mode, err) != 0)
		return (-1);
	if (strcmp(mode, "constant") == 0)
		p.mode = PAD_CONSTANT;
	else if (strcmp(mode, "reflect") == 0)
		p.mode = PAD_REFLECT;
	else if (strcmp(mode, "edge") == 0)
		p.mode = PAD_EDGE;
	else if (strcmp(mode, "wrap") == 0 && n->opset >= 19)
		p.mode = PAD_WRAP;
	else
		return (node_error(err, n, GS_EUNSUPPORTED, "attribute 'mode' "
		    "value '%s' is not supported at opset %d", mode,
		    n->opset));
	if (n->opset < 11) {
		p.attrs = 1;
		if (node_attr_ints(n, "pads", &v, &len, err) != 0 ||
		    node_attr_float(n, "value", 0, &value, err) != 0)
			return (-1);
		if (v == NULL || len != 2 * (size_t)in[0].shape.ndim)
			return (node_error(err, n, GS_EUNSUPPORTED, "attribute "
			    "'pads' must have 2 entries per dimension"));
		for (i = 0; i < len; i++)
			p.pads[i] = v[i];
		p.n_pads = len;
		p.value = (gs_real)value;
	} else {
		if (!NODE_HAS_IN(n, 1) || !in[1].is_const ||
		    in[1].ival == NULL)
			return (node_error(err, n, GS_EUNSUPPORTED, "input "
			    "'pads' must be a constant integer tensor"));
		if (NODE_HAS_IN(n, 2) && (!in[2].is_const ||
		    shape_len(&in[2].shape) != 1))
			return (node_error(err, n, GS_EUNSUPPORTED, "input "
			    "'constant_value' must be a constant scalar"));
		if (NODE_HAS_IN(n, 3) && (in[3].is_const != 1 ||
		    in[3].ival == NULL))
			return (node_error(err, n, GS_EUNSUPPORTED, "input "
			    "'axes' must be a constant integer tensor"));
	}
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/* The pads for these inputs, and the output shape. */
static int
pad_map(const struct gs_node *n, const struct gs_tensor *in,
    struct pad_map *pm, struct gs_error *err)
{
	const struct pad_priv	*p = n->priv;
	const struct gs_shape	*s = &in[0].shape;
	const int64_t		*pads;
	int64_t			 axes[GS_MAX_DIMS], o;
	size_t			 np, na, i;
	int			 k, a;

	memset(pm, 0, sizeof *pm);
	if (p->attrs) {
		pads = p->pads;
		np = p->n_pads;
	} else {
		pads = in[1].ival;
		np = shape_len(&in[1].shape);
		if (pads == NULL || in[1].shape.ndim > 1)
			return (node_error(err, n, GS_ESHAPE, "input 'pads' "
			    "must be 1-D integers"));
	}
	if (!p->attrs && NODE_HAS_IN(n, 3)) {
		na = shape_len(&in[3].shape);
		if (na > GS_MAX_DIMS)
			return (node_error(err, n, GS_ESHAPE, "too many axes"));
		for (i = 0; i < na; i++)
			axes[i] = in[3].ival[i];
	} else {
		na = (size_t)s->ndim;
		for (i = 0; i < na; i++)
			axes[i] = (int64_t)i;
	}
	if (np != 2 * na)
		return (node_error(err, n, GS_ESHAPE, "'pads' has %zu entries "
		    "for %zu axes", np, na));
	for (i = 0; i < na; i++) {
		a = shape_axis(axes[i], s->ndim);
		if (a < 0)
			return (node_error(err, n, GS_ESHAPE, "axis %lld is out "
			    "of range", (long long)axes[i]));
		pm->begin[a] = pads[i];
		pm->end[a] = pads[na + i];
	}
	pm->out = *s;
	for (k = 0; k < s->ndim; k++) {
		if (pm->begin[k] > PAD_MAX_EXTENT || pm->end[k] >
		    PAD_MAX_EXTENT || pm->begin[k] < -PAD_MAX_EXTENT ||
		    pm->end[k] < -PAD_MAX_EXTENT)
			return (node_error(err, n, GS_ELIMIT, "a pad is too "
			    "large"));
		o = s->d[k] + pm->begin[k] + pm->end[k];
		if (o < 0 || o > PAD_MAX_EXTENT)
			return (node_error(err, n, GS_ESHAPE, "padding axis %d "
			    "gives extent %lld", k, (long long)o));
		if (p->mode == PAD_REFLECT && (pm->begin[k] >= s->d[k] ||
		    pm->end[k] >= s->d[k]) && (pm->begin[k] > 0 ||
		    pm->end[k] > 0))
			return (node_error(err, n, GS_ESHAPE, "reflect pads of "
			    "axis %d must be smaller than its extent %lld", k,
			    (long long)s->d[k]));
		if (p->mode != PAD_CONSTANT && s->d[k] == 0 && o > 0)
			return (node_error(err, n, GS_ESHAPE, "cannot pad an "
			    "empty axis by %s", p->mode == PAD_EDGE ? "edge" :
			    "reflection"));
		pm->out.d[k] = o;
	}
	return (0);
}

static int
pad_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	struct pad_map	pm;

	if (pad_map(n, in, &pm, err) != 0)
		return (-1);
	out[0] = pm.out;
	return (0);
}

/* The input index read by output coordinate o of an axis, or -1. */
static int64_t
pad_src(enum pad_mode mode, int64_t o, int64_t b, int64_t d)
{
	int64_t	i = o - b, period;

	if (i >= 0 && i < d)
		return (i);
	switch (mode) {
	case PAD_EDGE:
		return (i < 0 ? 0 : d - 1);
	case PAD_WRAP:
		i %= d;
		return (i < 0 ? i + d : i);
	case PAD_REFLECT:
		if (d == 1)
			return (0);
		period = 2 * (d - 1);
		i %= period;
		if (i < 0)
			i += period;
		return (i < d ? i : period - i);
	default:
		return (-1);
	}
}

/* mode 0: y = pad(x); 1: dx += the gradient of what each element fed. */
static void
pad_run(const struct gs_node *n, const struct gs_tensor *in,
    const gs_real *src, gs_real *dst, int back)
{
	const struct pad_priv	*p = n->priv;
	const struct gs_shape	*s = &in[0].shape;
	struct pad_map		 pm;
	int64_t			 idx[GS_MAX_DIMS] = { 0 }, st[GS_MAX_DIMS];
	int64_t			 off, j;
	size_t			 len, o;
	gs_real			 value;
	int			 k;

	if (pad_map(n, in, &pm, NULL) != 0)
		return;
	len = shape_len(&pm.out);
	for (k = 0; k < s->ndim && pm.begin[k] == 0 && pm.end[k] == 0; k++)
		;
	if (k == s->ndim) {
		/* No padding at all (torch's AvgPool2d exports one). */
		if (!back)
			memcpy(dst, src, len * sizeof *dst);
		else
			for (o = 0; o < len; o++)
				dst[o] += src[o];
		return;
	}
	value = p->attrs ? p->value : NODE_HAS_IN(n, 2) ? in[2].data[0] : 0;
	if (s->ndim > 0)
		st[s->ndim - 1] = 1;
	for (k = s->ndim - 2; k >= 0; k--)
		st[k] = st[k + 1] * s->d[k + 1];
	for (o = 0; o < len; o++) {
		off = 0;
		for (k = 0; k < s->ndim; k++) {
			j = pad_src(p->mode, idx[k], pm.begin[k], s->d[k]);
			if (j < 0) {
				off = -1;
				break;
			}
			off += j * st[k];
		}
		if (!back)
			dst[o] = off >= 0 ? src[off] : value;
		else if (off >= 0)
			dst[off] += src[o];
		for (k = s->ndim - 1; k >= 0; k--) {
			if (++idx[k] < pm.out.d[k])
				break;
			idx[k] = 0;
		}
	}
}

static void
pad_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	pad_run(n, in, in[0].data, out[0].data, 0);
}

/* dx: each output element's gradient to the input element it copied. */
static void
pad_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	if (din[0].data != NULL)
		pad_run(n, in, dout[0].data, din[0].data, 1);
}

/* Padding the batch axis adds or copies rows. */
static int
pad_mixes_rows(const struct gs_node *n, const struct gs_tensor *in)
{
	struct pad_map	pm;

	if (pad_map(n, in, &pm, NULL) != 0)
		return (1);
	return (in[0].shape.ndim > 0 && (pm.begin[0] != 0 || pm.end[0] != 0));
}

const struct gs_op gs_op_pad = {
	.name = "Pad", .min_in = 1, .max_in = 4, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_BATCH_CONST,
	.init = pad_init, .shape = pad_shape, .forward = pad_forward,
	.backward = pad_backward, .mixes_rows = pad_mixes_rows,
};

/* SPDX-License-Identifier: ISC */
/*
 * Ops that move elements without arithmetic: Identity, Dropout (inference),
 * Flatten, Reshape, Squeeze, Unsqueeze (same data, new shape), Transpose,
 * Concat, and Constant. Shape arguments must be constant at load time.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"

extern const struct gs_op gs_op_constant;

/* Parsed attributes and constant arguments of every op in this file. */
struct shape_priv {
	int64_t		 axis;			/* Flatten, Concat: normalised later */
	int		 allowzero;		/* Reshape: 0 means zero, not copy */
	size_t		 n_axes;		/* entries of axes (Squeeze...) */
	int64_t		 axes[GS_MAX_DIMS];	/* Squeeze/Unsqueeze axes; Transpose perm */
	int		 has_axes;		/* axes given (Squeeze, Transpose) */
	size_t		 n_target;		/* Reshape: entries of target */
	int64_t		 target[GS_MAX_DIMS];	/* Reshape: the shape input */
	struct gs_const	*value;			/* Constant: its value */
	int		 owns_value;		/* value was made here, not borrowed */
};

/*
 * Copy an integer constant input (at most GS_MAX_DIMS entries) into v.
 * Shape-derived values pass too (Reshape reads its target again in shape).
 */
static int
shape_const_ints(struct gs_node *n, const struct gs_tensor *t,
    const char *what, int64_t *v, size_t *len, struct gs_error *err)
{
	size_t	l, i;

	if (!t->is_const || t->ival == NULL) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "input '%s' must be a constant integer tensor", what));
	}
	if (t->shape.ndim > 1) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "input '%s' must be 1-D", what));
	}
	l = shape_len(&t->shape);
	if (l > GS_MAX_DIMS) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "input '%s' has more than %d entries", what, GS_MAX_DIMS));
	}
	for (i = 0; i < l; i++)
		v[i] = t->ival[i];
	*len = l;
	return (0);
}

/* Forward of every op that keeps the element order: a copy. */
static void
shape_copy_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	size_t	len = shape_len(&out[0].shape);

	if (len > 0 && out[0].data != in[0].data)
		memcpy(out[0].data, in[0].data, len * sizeof *out[0].data);
}

/* dx = dy (same elements, new shape). */
static void
shape_copy_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	size_t	len = shape_len(&out[0].shape), i;
	gs_real	*dx = din[0].data;
	const gs_real *dy = dout[0].data;

	if (dx == NULL)
		return;
	if (din[0].store) {
		for (i = 0; i < len; i++)
			dx[i] = dy[i] + 0;
		return;
	}
	for (i = 0; i < len; i++)
		dx[i] += dy[i];
}

/* Integer version of every op that keeps the element order: a copy. */
static int
shape_copy_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	size_t	len = shape_len(&out[0].shape);

	if (in[0].ival == NULL)
		return (1);
	if (len > 0)
		memcpy(out[0].ival, in[0].ival, len * sizeof *out[0].ival);
	return (0);
}

/* Identity and Dropout: the output has the input's shape. */
static int
shape_same(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	out[0] = in[0].shape;
	return (0);
}

const struct gs_op gs_op_identity = {
	.name = "Identity", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = GS_OP_STORES | GS_OP_SMOOTH | GS_OP_ELEMENTWISE | GS_OP_INT_EXACT |
	    GS_OP_BATCH_CONST,
	.ifold = shape_copy_ifold,
	.shape = shape_same, .forward = shape_copy_forward,
	.backward = shape_copy_backward,
};

/*
 * Dropout in inference: the identity. ratio (attribute before opset 12,
 * then an input) is read and ignored; training_mode must be a constant
 * false. The optional mask output is refused by the loader when used.
 */
static int
dropout_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	double	ratio;
	int64_t	seed;
	size_t	i, len;

	if (n->opset < 12) {
		if (node_attr_float(n, "ratio", 0.5, &ratio, err) != 0)
			return (-1);
		if (NODE_HAS_IN(n, 1)) {
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "input 'ratio' needs opset 12"));
		}
		return (0);
	}
	if (node_attr_int(n, "seed", 0, &seed, err) != 0)
		return (-1);
	if (NODE_HAS_IN(n, 1) && !in[1].is_const) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "input 'ratio' must be constant"));
	}
	if (NODE_HAS_IN(n, 2)) {
		if (!in[2].is_const || in[2].data == NULL) {
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "input 'training_mode' must be constant"));
		}
		len = shape_len(&in[2].shape);
		for (i = 0; i < len; i++) {
			if (in[2].data[i] != 0) {
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "training_mode=1 is not supported"));
			}
		}
	}
	return (0);
}

const struct gs_op gs_op_dropout = {
	.name = "Dropout", .min_in = 1, .max_in = 3, .n_out = 1,
	.traits = GS_OP_STORES | GS_OP_SMOOTH | GS_OP_ELEMENTWISE,
	.init = dropout_init, .shape = shape_same,
	.forward = shape_copy_forward, .backward = shape_copy_backward,
};

/* Flatten: axis in [-r, r]; the output is 2-D. */
static int
flatten_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct shape_priv	*p;
	int64_t			 axis;
	int			 r = in[0].shape.ndim;

	if (node_attr_int(n, "axis", 1, &axis, err) != 0)
		return (-1);
	if (axis < -r || axis > r) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attribute 'axis' %lld out of range for rank %d",
		    (long long)axis, r));
	}
	p = xcalloc(1, sizeof *p);
	p->axis = axis < 0 ? axis + r : axis;
	n->priv = p;
	return (0);
}

static int
flatten_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct shape_priv	*p = n->priv;
	int64_t			 a = 1, b = 1;
	int			 i;

	if (p->axis > in[0].shape.ndim)
		return (node_error(err, n, GS_ESHAPE, "axis out of range"));
	for (i = 0; i < in[0].shape.ndim; i++) {
		if (i < p->axis)
			a *= in[0].shape.d[i];
		else
			b *= in[0].shape.d[i];
	}
	out[0].ndim = 2;
	out[0].d[0] = a;
	out[0].d[1] = b;
	return (0);
}

const struct gs_op gs_op_flatten = {
	.name = "Flatten", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = GS_OP_STORES | GS_OP_SMOOTH | GS_OP_INT_EXACT |
	    GS_OP_BATCH_CONST,
	.ifold = shape_copy_ifold,
	.init = flatten_init, .shape = flatten_shape,
	.forward = shape_copy_forward, .backward = shape_copy_backward,
};

/*
 * Check a Reshape target (n values): at most one -1, no other negative
 * entry, no 0 with -1 when allowzero. Errors: GS_EUNSUPPORTED.
 */
static int
reshape_check(const struct gs_node *n, const int64_t *t, size_t len,
    int allowzero, struct gs_error *err)
{
	size_t	i, minus = 0, zero = 0;

	for (i = 0; i < len; i++) {
		if (t[i] == -1)
			minus++;
		else if (t[i] == 0)
			zero++;
		else if (t[i] < -1) {
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "shape entry %lld is invalid", (long long)t[i]));
		}
	}
	if (minus > 1) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "shape has more than one -1"));
	}
	if (allowzero && minus > 0 && zero > 0) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "shape has both 0 and -1 with allowzero=1"));
	}
	return (0);
}

/*
 * Reshape: the shape input is a constant or derived from the input's
 * shape (read again for every batch size); 0 copies, -1 infers.
 */
static int
reshape_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct shape_priv	 p;
	int64_t			 az = 0;

	memset(&p, 0, sizeof p);
	if (n->opset >= 14 &&
	    node_attr_int(n, "allowzero", 0, &az, err) != 0)
		return (-1);
	if (shape_const_ints(n, &in[1], "shape", p.target, &p.n_target,
	    err) != 0)
		return (-1);
	p.allowzero = az != 0;
	if (reshape_check(n, p.target, p.n_target, p.allowzero, err) != 0)
		return (-1);
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

static int
reshape_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct shape_priv	*p = n->priv;
	struct gs_shape		 s;
	const int64_t		*t = in[1].ival;
	size_t			 len = shape_len(&in[0].shape), known = 1, i;
	size_t			 nt = shape_len(&in[1].shape);
	int			 infer = -1;
	char			 b1[96];

	if (t == NULL || in[1].shape.ndim > 1 || nt > GS_MAX_DIMS)
		return (node_error(err, n, GS_ESHAPE,
		    "input 'shape' must be a 1-D integer tensor"));
	if (reshape_check(n, t, nt, p->allowzero, err) != 0)
		return (-1);
	s.ndim = (int)nt;
	for (i = 0; i < nt; i++) {
		s.d[i] = t[i];
		if (t[i] == 0 && !p->allowzero) {
			if ((int)i >= in[0].shape.ndim) {
				return (node_error(err, n, GS_ESHAPE,
				    "shape entry %zu is 0 but the input %s "
				    "has no dimension %zu", i, shape_format(
				    &in[0].shape, b1, sizeof b1), i));
			}
			s.d[i] = in[0].shape.d[i];
		}
		if (s.d[i] == -1)
			infer = (int)i;
		else {
			if (s.d[i] > 0 && known > ((size_t)1 << 40) /
			    (size_t)s.d[i])
				return (node_error(err, n, GS_ELIMIT,
				    "shape too large"));
			known *= (size_t)s.d[i];
		}
	}
	if (infer >= 0) {
		if (known == 0 || len % known != 0) {
			return (node_error(err, n, GS_ESHAPE,
			    "cannot reshape %s (%zu elements) with a -1 entry",
			    shape_format(&in[0].shape, b1, sizeof b1), len));
		}
		s.d[infer] = (int64_t)(len / known);
	} else if (known != len) {
		return (node_error(err, n, GS_ESHAPE,
		    "cannot reshape %s (%zu elements) to %zu elements",
		    shape_format(&in[0].shape, b1, sizeof b1), len, known));
	}
	out[0] = s;
	return (0);
}

const struct gs_op gs_op_reshape = {
	.name = "Reshape", .min_in = 2, .max_in = 2, .n_out = 1,
	.traits = GS_OP_STORES | GS_OP_SMOOTH | GS_OP_INT_EXACT |
	    GS_OP_BATCH_CONST,
	.ifold = shape_copy_ifold,
	.init = reshape_init, .shape = reshape_shape,
	.forward = shape_copy_forward, .backward = shape_copy_backward,
};

/*
 * Read Squeeze/Unsqueeze axes: an attribute before opset 13, a constant
 * input from 13. required: Unsqueeze needs them.
 */
static int
shape_read_axes(struct gs_node *n, const struct gs_tensor *in,
    struct shape_priv *p, int required, struct gs_error *err)
{
	const int64_t	*v;
	size_t		 len, i;

	if (n->opset < 13) {
		if (NODE_HAS_IN(n, 1)) {
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "input 'axes' needs opset 13 (use the attribute)"));
		}
		if (node_attr_ints(n, "axes", &v, &len, err) != 0)
			return (-1);
		if (v == NULL) {
			if (required) {
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "attribute 'axes' is required"));
			}
			return (0);
		}
		if (len > GS_MAX_DIMS) {
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "too many axes"));
		}
		for (i = 0; i < len; i++)
			p->axes[i] = v[i];
		p->n_axes = len;
		p->has_axes = 1;
		return (0);
	}
	if (!NODE_HAS_IN(n, 1)) {
		if (required) {
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "input 'axes' is required"));
		}
		return (0);
	}
	if (in[1].is_const == 2) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "input 'axes' computed from the input's shape is not "
		    "supported"));
	}
	if (shape_const_ints(n, &in[1], "axes", p->axes, &p->n_axes,
	    err) != 0)
		return (-1);
	p->has_axes = 1;
	return (0);
}

static int
squeeze_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct shape_priv	p;

	memset(&p, 0, sizeof p);
	if (shape_read_axes(n, in, &p, 0, err) != 0)
		return (-1);
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/* Squeeze: drop the listed dimensions (each must be 1), or all 1s. */
static int
squeeze_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct shape_priv	*p = n->priv;
	const struct gs_shape	*s = &in[0].shape;
	int			 drop[GS_MAX_DIMS] = { 0 }, i, a;
	size_t			 k;
	char			 b1[96];

	for (k = 0; k < p->n_axes; k++) {
		a = shape_axis(p->axes[k], s->ndim);
		if (a < 0 || drop[a]) {
			return (node_error(err, n, GS_ESHAPE,
			    "axis %lld is out of range or repeated for %s",
			    (long long)p->axes[k],
			    shape_format(s, b1, sizeof b1)));
		}
		if (s->d[a] != 1) {
			return (node_error(err, n, GS_ESHAPE,
			    "cannot squeeze axis %d of %s (not 1)", a,
			    shape_format(s, b1, sizeof b1)));
		}
		drop[a] = 1;
	}
	out[0].ndim = 0;
	for (i = 0; i < s->ndim; i++) {
		if (p->has_axes ? drop[i] : s->d[i] == 1)
			continue;
		out[0].d[out[0].ndim++] = s->d[i];
	}
	return (0);
}

const struct gs_op gs_op_squeeze = {
	.name = "Squeeze", .min_in = 1, .max_in = 2, .n_out = 1,
	.traits = GS_OP_STORES | GS_OP_SMOOTH | GS_OP_INT_EXACT |
	    GS_OP_BATCH_CONST,
	.ifold = shape_copy_ifold,
	.init = squeeze_init, .shape = squeeze_shape,
	.forward = shape_copy_forward, .backward = shape_copy_backward,
};

static int
unsqueeze_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct shape_priv	p;

	memset(&p, 0, sizeof p);
	if (shape_read_axes(n, in, &p, 1, err) != 0)
		return (-1);
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/* Unsqueeze: insert 1s at the listed positions of the output. */
static int
unsqueeze_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct shape_priv	*p = n->priv;
	const struct gs_shape	*s = &in[0].shape;
	int			 ins[GS_MAX_DIMS] = { 0 }, r, i, j, a;
	size_t			 k;

	r = s->ndim + (int)p->n_axes;
	if (r > GS_MAX_DIMS) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "more than %d dimensions", GS_MAX_DIMS));
	}
	for (k = 0; k < p->n_axes; k++) {
		a = shape_axis(p->axes[k], r);
		if (a < 0 || ins[a]) {
			return (node_error(err, n, GS_ESHAPE,
			    "axis %lld is out of range or repeated",
			    (long long)p->axes[k]));
		}
		ins[a] = 1;
	}
	out[0].ndim = r;
	for (i = 0, j = 0; i < r; i++)
		out[0].d[i] = ins[i] ? 1 : s->d[j++];
	return (0);
}

const struct gs_op gs_op_unsqueeze = {
	.name = "Unsqueeze", .min_in = 1, .max_in = 2, .n_out = 1,
	.traits = GS_OP_STORES | GS_OP_SMOOTH | GS_OP_INT_EXACT |
	    GS_OP_BATCH_CONST,
	.ifold = shape_copy_ifold,
	.init = unsqueeze_init, .shape = unsqueeze_shape,
	.forward = shape_copy_forward, .backward = shape_copy_backward,
};

/* Transpose: perm must be a permutation of the input's dimensions. */
static int
transpose_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct shape_priv	 p;
	const int64_t		*v;
	size_t			 len, i;
	int			 seen[GS_MAX_DIMS] = { 0 };
	int			 r = in[0].shape.ndim;

	memset(&p, 0, sizeof p);
	if (node_attr_ints(n, "perm", &v, &len, err) != 0)
		return (-1);
	if (v == NULL) {
		len = (size_t)r;
		for (i = 0; i < len; i++)
			p.axes[i] = r - 1 - (int64_t)i;
	} else {
		if (len != (size_t)r) {
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "attribute 'perm' has %zu entries for rank %d",
			    len, r));
		}
		for (i = 0; i < len; i++) {
			if (v[i] < 0 || v[i] >= r || seen[v[i]]) {
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "attribute 'perm' is not a permutation"));
			}
			seen[v[i]] = 1;
			p.axes[i] = v[i];
		}
	}
	p.n_axes = len;
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

static int
transpose_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct shape_priv	*p = n->priv;
	size_t			 i;

	if ((size_t)in[0].shape.ndim != p->n_axes) {
		return (node_error(err, n, GS_ESHAPE,
		    "input rank %d does not match 'perm'", in[0].shape.ndim));
	}
	out[0].ndim = in[0].shape.ndim;
	for (i = 0; i < p->n_axes; i++)
		out[0].d[i] = in[0].shape.d[p->axes[i]];
	return (0);
}

/*
 * Walk the output of a transpose in order; for each element call the loop
 * body with o (output offset) and x (input offset). back selects the
 * direction: forward copies x to o, backward adds o to x.
 */
static void
transpose_run(const struct shape_priv *p, const struct gs_shape *is,
    const gs_real *src, gs_real *dst, int back)
{
	int64_t	 ist[GS_MAX_DIMS], st[GS_MAX_DIMS], idx[GS_MAX_DIMS];
	int64_t	 d[GS_MAX_DIMS], inner, sin, j, x;
	size_t	 len, o;
	int	 r = is->ndim, k;

	len = shape_len(is);
	if (len == 0)
		return;
	if (r == 0) {
		if (back)
			dst[0] += src[0];
		else
			dst[0] = src[0];
		return;
	}
	ist[r - 1] = 1;
	for (k = r - 2; k >= 0; k--)
		ist[k] = ist[k + 1] * is->d[k + 1];
	for (k = 0; k < r; k++) {
		d[k] = is->d[p->axes[k]];
		st[k] = ist[p->axes[k]];
	}
	inner = d[r - 1];
	sin = st[r - 1];
	memset(idx, 0, sizeof idx);
	for (o = 0; o < len; o += (size_t)inner) {
		x = 0;
		for (k = 0; k < r - 1; k++)
			x += idx[k] * st[k];
		if (back) {
			/* dst is the input gradient, src the output's */
			for (j = 0; j < inner; j++)
				dst[x + j * sin] += src[o + (size_t)j];
		} else {
			for (j = 0; j < inner; j++)
				dst[o + (size_t)j] = src[x + j * sin];
		}
		for (k = r - 2; k >= 0; k--) {
			if (++idx[k] < d[k])
				break;
			idx[k] = 0;
		}
	}
}

static void
transpose_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	transpose_run(n->priv, &in[0].shape, in[0].data, out[0].data, 0);
}

/* dx = transpose of dy by the inverse permutation. */
static void
transpose_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	if (din[0].data != NULL)
		transpose_run(n->priv, &in[0].shape, dout[0].data,
		    din[0].data, 1);
}

/* Transpose of an integer tensor: element by element. */
static int
transpose_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	const struct shape_priv	*p = n->priv;
	const struct gs_shape	*is = &in[0].shape;
	int64_t			 ist[GS_MAX_DIMS];
	size_t			 len = shape_len(&out[0].shape), i, q, x;
	int			 k, r = is->ndim;

	if (in[0].ival == NULL)
		return (1);
	if (r > 0)
		ist[r - 1] = 1;
	for (k = r - 2; k >= 0; k--)
		ist[k] = ist[k + 1] * is->d[k + 1];
	for (i = 0; i < len; i++) {
		x = 0;
		q = i;
		for (k = r - 1; k >= 0; k--) {
			x += q % (size_t)out[0].shape.d[k] *
			    (size_t)ist[p->axes[k]];
			q /= (size_t)out[0].shape.d[k];
		}
		out[0].ival[i] = in[0].ival[x];
	}
	return (0);
}

const struct gs_op gs_op_transpose = {
	.name = "Transpose", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_INT_EXACT |
	    GS_OP_BATCH_CONST,
	.ifold = transpose_ifold,
	.init = transpose_init, .shape = transpose_shape,
	.forward = transpose_forward, .backward = transpose_backward,
};

/* Concat: axis is required; inputs agree on every other dimension. */
static int
concat_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct shape_priv	*p;
	struct gs_attr		*a;
	int			 r = in[0].shape.ndim;
	size_t			 i;

	a = node_attr(n, "axis");
	if (a == NULL) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attribute 'axis' is required"));
	}
	if (a->type != GS_ATTR_INT) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attribute 'axis' must be an int"));
	}
	if (shape_axis(a->i, r) < 0) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attribute 'axis' %lld out of range for rank %d",
		    (long long)a->i, r));
	}
	for (i = 0; i < n->n_in; i++) {
		if (n->in[i] < 0) {
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "input %zu is empty", i));
		}
	}
	p = xcalloc(1, sizeof *p);
	p->axis = shape_axis(a->i, r);
	n->priv = p;
	return (0);
}

static int
concat_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct shape_priv	*p = n->priv;
	struct gs_shape		 s = in[0].shape;
	size_t			 i;
	int			 k;
	char			 b1[96], b2[96];

	if (p->axis >= s.ndim)
		return (node_error(err, n, GS_ESHAPE, "axis out of range"));
	for (i = 1; i < n->n_in; i++) {
		const struct gs_shape *t = &in[i].shape;

		for (k = 0; k < s.ndim && t->ndim == s.ndim; k++) {
			if (k != p->axis && t->d[k] != s.d[k])
				break;
		}
		if (t->ndim != s.ndim || k < s.ndim) {
			return (node_error(err, n, GS_ESHAPE,
			    "input %zu %s does not match input 0 %s", i,
			    shape_format(t, b1, sizeof b1),
			    shape_format(&in[0].shape, b2, sizeof b2)));
		}
		s.d[p->axis] += t->d[p->axis];
	}
	out[0] = s;
	return (0);
}

/* Elements before the axis (outer) and per outer step of input t. */
static void
concat_sizes(const struct shape_priv *p, const struct gs_shape *s,
    size_t *outer, size_t *block)
{
	int	k;

	*outer = 1;
	*block = 1;
	for (k = 0; k < s->ndim; k++) {
		if (k < p->axis)
			*outer *= (size_t)s->d[k];
		else
			*block *= (size_t)s->d[k];
	}
}

static void
concat_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct shape_priv	*p = n->priv;
	size_t			 outer, block, ob, o, i, off = 0;

	concat_sizes(p, &out[0].shape, &outer, &ob);
	for (i = 0; i < n->n_in; i++) {
		concat_sizes(p, &in[i].shape, &outer, &block);
		for (o = 0; o < outer && block > 0; o++) {
			memcpy(out[0].data + o * ob + off,
			    in[i].data + o * block, block * sizeof(gs_real));
		}
		off += block;
	}
}

/* dx_i = the slice of dy that input i was copied to. */
static void
concat_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const struct shape_priv	*p = n->priv;
	size_t			 outer, block, ob, o, i, j, off = 0;
	const gs_real		*g;
	gs_real			*dx;

	concat_sizes(p, &out[0].shape, &outer, &ob);
	for (i = 0; i < n->n_in; i++) {
		concat_sizes(p, &in[i].shape, &outer, &block);
		if (din[i].data != NULL) {
			for (o = 0; o < outer; o++) {
				g = dout[0].data + o * ob + off;
				dx = din[i].data + o * block;
				for (j = 0; j < block; j++)
					dx[j] += g[j];
			}
		}
		off += block;
	}
}

/* Concat of integer tensors; 1 unless every input is one. */
static int
concat_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	const struct shape_priv	*p = n->priv;
	size_t			 outer, block, ob, o, i, off = 0;

	for (i = 0; i < n->n_in; i++) {
		if (in[i].ival == NULL)
			return (1);
	}
	concat_sizes(p, &out[0].shape, &outer, &ob);
	for (i = 0; i < n->n_in; i++) {
		concat_sizes(p, &in[i].shape, &outer, &block);
		for (o = 0; o < outer && block > 0; o++) {
			memcpy(out[0].ival + o * ob + off,
			    in[i].ival + o * block, block * sizeof(int64_t));
		}
		off += block;
	}
	return (0);
}

/* Along axis 0 the inputs' rows follow each other: the rows mix. */
static int
concat_mixes_rows(const struct gs_node *n, const struct gs_tensor *in)
{
	const struct shape_priv	*p = n->priv;

	return (p->axis == 0);
}

const struct gs_op gs_op_concat = {
	.name = "Concat", .min_in = 1, .max_in = -1, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_INT_EXACT |
	    GS_OP_BATCH_CONST,
	.ifold = concat_ifold, .mixes_rows = concat_mixes_rows,
	.init = concat_init, .shape = concat_shape,
	.forward = concat_forward, .backward = concat_backward,
};

/* A new constant of shape ndim/d holding len values. */
static struct gs_const *
constant_make(int ndim, size_t len, const double *f, const int64_t *iv)
{
	struct gs_const	*c;
	size_t		 i;

	c = xcalloc(1, sizeof *c);
	c->dtype = iv != NULL ? GS_DT_INT64 : GS_DT_FLOAT;
	c->shape.ndim = ndim;
	if (ndim == 1)
		c->shape.d[0] = (int64_t)len;
	c->data = xcalloc(len + 1, sizeof *c->data);
	if (iv != NULL)
		c->ival = xcalloc(len + 1, sizeof *c->ival);
	for (i = 0; i < len; i++) {
		if (iv != NULL) {
			c->ival[i] = iv[i];
			c->data[i] = (gs_real)iv[i];
		} else
			c->data[i] = (gs_real)f[i];
	}
	return (c);
}

/*
 * Constant: exactly one of value (a tensor), value_float, value_floats,
 * value_int, value_ints. Other forms (strings, sparse) are left unread
 * and so refused.
 */
static int
constant_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct shape_priv	*p;
	struct gs_attr		*a;
	static const char	*names[] = { "value", "value_float",
	    "value_floats", "value_int", "value_ints" };
	size_t			 i, found = 0, which = 0;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		a = node_attr(n, names[i]);
		if (a != NULL) {
			found++;
			which = i;
		}
	}
	if (found != 1) {
		for (i = 0; i < n->n_attrs; i++) {
			if (!n->attrs[i].used) {
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "attribute '%s' is not supported",
				    n->attrs[i].name));
			}
		}
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "needs exactly one value attribute"));
	}
	a = node_attr(n, names[which]);
	p = xcalloc(1, sizeof *p);
	n->priv = p;
	switch (which) {
	case 0:
		if (a->type != GS_ATTR_TENSOR || a->t == NULL)
			goto bad;
		p->value = a->t;
		return (0);
	case 1:
		if (a->type != GS_ATTR_FLOAT && a->type != GS_ATTR_INT)
			goto bad;
		if (a->type == GS_ATTR_INT)
			a->f = (double)a->i;
		p->value = constant_make(0, 1, &a->f, NULL);
		break;
	case 2:
		if (a->type != GS_ATTR_FLOATS)
			goto bad;
		p->value = constant_make(1, a->len, a->floats, NULL);
		break;
	case 3:
		if (a->type != GS_ATTR_INT)
			goto bad;
		p->value = constant_make(0, 1, NULL, &a->i);
		break;
	default:
		if (a->type != GS_ATTR_INTS)
			goto bad;
		p->value = constant_make(1, a->len, NULL, a->ints);
		break;
	}
	p->owns_value = 1;
	return (0);
bad:
	return (node_error(err, n, GS_EUNSUPPORTED,
	    "attribute '%s' has the wrong type", a->name));
}

static void
constant_free(struct gs_node *n)
{
	struct shape_priv	*p = n->priv;

	if (p->owns_value)
		const_free(p->value);
	free(p);
	n->priv = NULL;
}

static int
constant_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct shape_priv	*p = n->priv;

	out[0] = p->value->shape;
	return (0);
}

static void
constant_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct shape_priv	*p = n->priv;
	size_t			 len = shape_len(&p->value->shape);

	if (len > 0)
		memcpy(out[0].data, p->value->data, len * sizeof(gs_real));
}

/*
 * The value of Constant node n (after init), borrowed from the node; NULL
 * for any other op.
 */
const struct gs_const *
op_constant_value(const struct gs_node *n)
{
	const struct shape_priv	*p = n->priv;

	if (n->op != &gs_op_constant || p == NULL)
		return (NULL);
	return (p->value);
}

/* An integer Constant keeps its exact values. */
static int
constant_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	const struct shape_priv	*p = n->priv;
	size_t			 len = shape_len(&p->value->shape);

	out[0].dtype = p->value->dtype;
	if (p->value->ival == NULL)
		return (1);
	if (len > 0)
		memcpy(out[0].ival, p->value->ival, len * sizeof(int64_t));
	return (0);
}

const struct gs_op gs_op_constant = {
	.name = "Constant", .min_in = 0, .max_in = 0, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_INT_EXACT |
	    GS_OP_BATCH_CONST,
	.ifold = constant_ifold,
	.init = constant_init, .shape = constant_shape,
	.forward = constant_forward, .free = constant_free,
};

/*
 * Shape: the dimensions of input 0 as an int64 vector (from opset 15, the
 * slice [start, end) of them, clamped as ONNX says). Reads no data, so a
 * Shape of the model input is evaluated per batch size (GS_FOLD_SHAPE).
 */
static int
shape_of_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct shape_priv	*p;
	int64_t			 start = 0, end = INT64_MAX;

	if (n->opset >= 15 &&
	    (node_attr_int(n, "start", 0, &start, err) != 0 ||
	    node_attr_int(n, "end", INT64_MAX, &end, err) != 0))
		return (-1);
	p = xcalloc(1, sizeof *p);
	p->axes[0] = start;
	p->axes[1] = end;
	n->priv = p;
	return (0);
}

/* The clamped range [*a, *b) of dimensions that Shape returns. */
static void
shape_of_range(const struct shape_priv *p, int r, int *a, int *b)
{
	int64_t	s = p->axes[0], e = p->axes[1];

	if (s < 0)
		s += r;
	if (e < 0)
		e += r;
	s = s < 0 ? 0 : s > r ? r : s;
	e = e < 0 ? 0 : e > r ? r : e;
	*a = (int)s;
	*b = e > s ? (int)e : (int)s;
}

static int
shape_of_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	int	a, b;

	shape_of_range(n->priv, in[0].shape.ndim, &a, &b);
	out[0].ndim = 1;
	out[0].d[0] = b - a;
	return (0);
}

static int
shape_of_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	int	a, b, k;

	shape_of_range(n->priv, in[0].shape.ndim, &a, &b);
	for (k = a; k < b; k++)
		out[0].ival[k - a] = in[0].shape.d[k];
	return (0);
}

/* The same values as reals (never reached: ifold always applies). */
static void
shape_of_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	int	a, b, k;

	shape_of_range(n->priv, in[0].shape.ndim, &a, &b);
	for (k = a; k < b; k++)
		out[0].data[k - a] = (gs_real)in[0].shape.d[k];
}

const struct gs_op gs_op_shape = {
	.name = "Shape", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_INT_EXACT | GS_OP_SHAPE_ONLY |
	    GS_OP_BATCH_CONST,
	.init = shape_of_init, .shape = shape_of_shape,
	.forward = shape_of_forward, .ifold = shape_of_ifold,
};

/* Size: the number of elements of input 0, an int64 scalar. */
static int
size_of_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	out[0].ndim = 0;
	return (0);
}

static int
size_of_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	out[0].ival[0] = (int64_t)shape_len(&in[0].shape);
	return (0);
}

static void
size_of_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	out[0].data[0] = (gs_real)shape_len(&in[0].shape);
}

const struct gs_op gs_op_size = {
	.name = "Size", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_INT_EXACT | GS_OP_SHAPE_ONLY |
	    GS_OP_BATCH_CONST,
	.shape = size_of_shape, .forward = size_of_forward,
	.ifold = size_of_ifold,
};

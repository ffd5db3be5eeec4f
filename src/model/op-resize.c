/* SPDX-License-Identifier: ISC */
/*
 * Resize (opsets 10 to 19) and Upsample (opsets 7 to 9): nearest,
 * (multi)linear and (from opset 11) cubic interpolation along any axes,
 * with the coordinate transformations half_pixel, pytorch_half_pixel,
 * align_corners, asymmetric and tf_half_pixel_for_nn, the four nearest
 * modes, cubic_coeff_a and exclude_outside, scales or sizes (opset 11), an
 * axes input (18). Each output element is a weighted sum of at most one,
 * two or four input elements per resized axis (cubic reads outside the
 * input as its edge, as ONNX's reference pads it), so the gradient
 * scatters the same weights back. Refused by name: tf_crop_and_resize,
 * half_pixel_symmetric, antialias, and the aspect ratio policies other
 * than stretch.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"

#define RESIZE_MAX_EXTENT	((int64_t)1 << 24)	/* largest output axis */

extern const struct gs_op gs_op_resize, gs_op_upsample;

enum resize_coord {
	RC_HALF_PIXEL,
	RC_PYTORCH_HALF_PIXEL,
	RC_ALIGN_CORNERS,
	RC_ASYMMETRIC,
	RC_TF_HALF_PIXEL_FOR_NN
};

enum resize_nearest {
	RN_ROUND_PREFER_FLOOR,
	RN_ROUND_PREFER_CEIL,
	RN_FLOOR,
	RN_CEIL
};

struct resize_priv {
	int		 taps;		/* per axis: 1 nearest, 2 linear, 4 cubic */
	double		 cubic_a;	/* cubic_coeff_a */
	int		 exclude;	/* exclude_outside (cubic) */
	enum resize_coord coord;	/* coordinate transformation */
	enum resize_nearest nearest;	/* rounding of nearest */
	int		 upsample;	/* Upsample, or Resize 10: scales only */
	double		 scales[GS_MAX_DIMS];	/* Upsample 7-8 attribute */
	size_t		 n_scales;	/* entries of scales (attribute) */
	int		 has_axes;	/* opset 18 axes attribute */
	int64_t		 axes[GS_MAX_DIMS];	/* which axes scales cover */
	size_t		 n_axes;	/* entries of axes */
};

/*
 * Per output coordinate o of one axis: the taps input indices it reads,
 * idx[o * taps + t], with their weights w[o * taps + t].
 */
struct resize_axis {
	int64_t		*idx;		/* the neighbours read */
	double		*w;		/* their weights */
	int		 taps;		/* neighbours per coordinate */
	int		 active;	/* more than the first one is read */
};

#define RESIZE_MAX_TAPS	4		/* cubic */

/* Pick a name out of names[]; the index, or -1. */
static int
resize_pick(const char *s, const char *const *names, int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		if (strcmp(s, names[i]) == 0)
			return (i);
	}
	return (-1);
}

static int
resize_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	static const char *const coords[] = { "half_pixel",
	    "pytorch_half_pixel", "align_corners", "asymmetric",
	    "tf_half_pixel_for_nn" };
	static const char *const nears[] = { "round_prefer_floor",
	    "round_prefer_ceil", "floor", "ceil" };
	struct resize_priv	 p;
	const char		*mode, *s;
	const double		*f;
	const int64_t		*v;
	double			 a;
	int64_t			 i64;
	size_t			 len, i;
	int			 k;

	memset(&p, 0, sizeof p);
	if (node_attr_string(n, "mode", "nearest", &mode, err) != 0)
		return (-1);
	p.upsample = n->op == &gs_op_upsample || n->opset < 11;
	p.taps = 1;
	if (strcmp(mode, "linear") == 0 || strcmp(mode, "bilinear") == 0)
		p.taps = 2;
	else if (strcmp(mode, "cubic") == 0 && !p.upsample)
		p.taps = 4;
	else if (strcmp(mode, "nearest") != 0)
		return (node_error(err, n, GS_EUNSUPPORTED, "mode '%s' is not "
		    "supported (nearest and linear are%s)", mode, p.upsample ?
		    "; cubic from Resize 11" : ", and cubic"));
	p.coord = RC_ASYMMETRIC;
	p.nearest = RN_FLOOR;
	if (n->op == &gs_op_upsample && n->opset < 9) {
		if (node_attr_floats(n, "scales", &f, &len, err) != 0)
			return (-1);
		if (f == NULL || len != (size_t)in[0].shape.ndim)
			return (node_error(err, n, GS_EUNSUPPORTED, "attribute "
			    "'scales' must have one entry per dimension"));
		for (i = 0; i < len; i++)
			p.scales[i] = f[i];
		p.n_scales = len;
	}
	if (!p.upsample) {
		if (node_attr_string(n, "coordinate_transformation_mode",
		    "half_pixel", &s, err) != 0)
			return (-1);
		if ((k = resize_pick(s, coords, 5)) < 0)
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "coordinate_transformation_mode '%s' is not "
			    "supported", s));
		p.coord = (enum resize_coord)k;
		if (node_attr_string(n, "nearest_mode", "round_prefer_floor",
		    &s, err) != 0)
			return (-1);
		if ((k = resize_pick(s, nears, 4)) < 0)
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "nearest_mode '%s' is not supported", s));
		p.nearest = (enum resize_nearest)k;
		if (node_attr_float(n, "cubic_coeff_a", -0.75, &p.cubic_a,
		    err) != 0 ||
		    node_attr_int(n, "exclude_outside", 0, &i64, err) != 0)
			return (-1);
		p.exclude = i64 != 0;
		/* Read for tf_crop_and_resize only, which is refused. */
		if (node_attr_float(n, "extrapolation_value", 0, &a, err) != 0)
			return (-1);
		if (n->opset >= 18) {
			if (node_attr_int(n, "antialias", 0, &i64, err) != 0)
				return (-1);
			if (i64 != 0)
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "antialias=1 is not supported"));
			if (node_attr_string(n, "keep_aspect_ratio_policy",
			    "stretch", &s, err) != 0)
				return (-1);
			if (strcmp(s, "stretch") != 0)
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "keep_aspect_ratio_policy '%s' is not "
				    "supported", s));
			if (node_attr_ints(n, "axes", &v, &len, err) != 0)
				return (-1);
			if (v != NULL) {
				if (len > GS_MAX_DIMS)
					return (node_error(err, n,
					    GS_EUNSUPPORTED, "too many axes"));
				for (i = 0; i < len; i++)
					p.axes[i] = v[i];
				p.n_axes = len;
				p.has_axes = 1;
			}
		}
	}
	for (i = 1; i < n->n_in; i++) {
		if (NODE_HAS_IN(n, i) && !in[i].is_const)
			return (node_error(err, n, GS_EUNSUPPORTED, "input %zu "
			    "must be a constant", i));
	}
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/*
 * The output shape and, per axis, the scale the coordinate rule uses.
 * Errors: GS_ESHAPE naming the problem.
 */
static int
resize_dims(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, double *scale, struct gs_error *err)
{
	const struct resize_priv *p = n->priv;
	const struct gs_shape	*s = &in[0].shape;
	const struct gs_tensor	*sc = NULL, *sz = NULL;
	int64_t			 ax[GS_MAX_DIMS];
	size_t			 na, i, len;
	double			 v, o;
	int			 k;

	*out = *s;
	for (k = 0; k < s->ndim; k++)
		scale[k] = 1;
	na = p->has_axes ? p->n_axes : (size_t)s->ndim;
	for (i = 0; i < na; i++) {
		ax[i] = p->has_axes ? shape_axis(p->axes[i], s->ndim) :
		    (int64_t)i;
		if (ax[i] < 0)
			return (node_error(err, n, GS_ESHAPE, "axis %lld is out "
			    "of range", (long long)p->axes[i]));
	}
	if (p->n_scales > 0) {
		for (k = 0; k < s->ndim; k++) {
			scale[k] = p->scales[k];
			out->d[k] = (int64_t)floor((double)s->d[k] *
			    scale[k]);
		}
		goto check;
	}
	if (p->upsample)
		sc = NODE_HAS_IN(n, 1) ? &in[1] : NULL;
	else {
		sc = NODE_HAS_IN(n, 2) && shape_len(&in[2].shape) > 0 ?
		    &in[2] : NULL;
		sz = NODE_HAS_IN(n, 3) && shape_len(&in[3].shape) > 0 ?
		    &in[3] : NULL;
	}
	if ((sc == NULL) == (sz == NULL))
		return (node_error(err, n, GS_ESHAPE, "exactly one of 'scales' "
		    "and 'sizes' must be given"));
	len = shape_len(sc != NULL ? &sc->shape : &sz->shape);
	if (len != na)
		return (node_error(err, n, GS_ESHAPE, "'%s' has %zu entries for "
		    "%zu axes", sc != NULL ? "scales" : "sizes", len, na));
	for (i = 0; i < na; i++) {
		k = (int)ax[i];
		if (sc != NULL) {
			v = sc->ival != NULL ? (double)sc->ival[i] :
			    (double)sc->data[i];
			if (!(v > 0))
				return (node_error(err, n, GS_ESHAPE, "scale "
				    "%g is not positive", v));
			scale[k] = v;
			o = floor((double)s->d[k] * v);
			if (!(o <= (double)RESIZE_MAX_EXTENT))
				return (node_error(err, n, GS_ELIMIT, "output "
				    "too large"));
			out->d[k] = (int64_t)o;
		} else {
			if (sz->ival == NULL || sz->ival[i] < 0 || sz->ival[i] >
			    RESIZE_MAX_EXTENT)
				return (node_error(err, n, GS_ESHAPE, "bad "
				    "'sizes' entry"));
			out->d[k] = sz->ival[i];
			scale[k] = s->d[k] > 0 ? (double)out->d[k] /
			    (double)s->d[k] : 1;
		}
	}
check:
	for (k = 0; k < s->ndim; k++) {
		if (out->d[k] < 0 || out->d[k] > RESIZE_MAX_EXTENT ||
		    (out->d[k] > 0 && s->d[k] == 0))
			return (node_error(err, n, GS_ESHAPE, "cannot resize "
			    "axis %d from %lld to %lld", k, (long long)s->d[k],
			    (long long)out->d[k]));
	}
	return (0);
}

static int
resize_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	double	scale[GS_MAX_DIMS];

	return (resize_dims(n, in, out, scale, err));
}

/*
 * The input coordinate of output coordinate o along one axis. As in
 * ONNX's reference, the resized length is in * scale before rounding
 * (the output extent when sizes are given).
 */
static double
resize_coord(const struct resize_priv *p, double o, int64_t in,
    int64_t out, double scale)
{
	double	len = (double)in * scale;

	(void)out;
	switch (p->coord) {
	case RC_HALF_PIXEL:
		return ((o + 0.5) / scale - 0.5);
	case RC_PYTORCH_HALF_PIXEL:
		return (len > 1 ? (o + 0.5) / scale - 0.5 : 0);
	case RC_ALIGN_CORNERS:
		return (len == 1 ? 0 : o * (double)(in - 1) / (len - 1));
	case RC_TF_HALF_PIXEL_FOR_NN:
		return ((o + 0.5) / scale);
	default:
		return (o / scale);
	}
}

/* Round x the nearest way. */
static int64_t
resize_round(const struct resize_priv *p, double x)
{
	switch (p->nearest) {
	case RN_ROUND_PREFER_FLOOR:
		return (x == floor(x) + 0.5 ? (int64_t)floor(x) :
		    (int64_t)llround(x));
	case RN_ROUND_PREFER_CEIL:
		return (x == floor(x) + 0.5 ? (int64_t)ceil(x) :
		    (int64_t)llround(x));
	case RN_CEIL:
		return ((int64_t)ceil(x));
	default:
		return ((int64_t)floor(x));
	}
}

/*
 * The cubic convolution weights of the four neighbours base .. base + 3
 * of x, ONNX's (Keys' kernel with a = cubic_coeff_a): r in (0, 1] is x's
 * distance past base + 1. With exclude_outside, neighbours outside [0,
 * len) weigh 0 and the others are scaled to sum to 1.
 */
static void
resize_cubic(const struct resize_priv *p, double r, int64_t base,
    int64_t len, double *c)
{
	double	a = p->cubic_a, s = 0, u = 1 - r;
	int	t;

	c[0] = ((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a;
	c[1] = ((a + 2) * r - (a + 3)) * r * r + 1;
	c[2] = ((a + 2) * u - (a + 3)) * u * u + 1;
	c[3] = ((a * (u + 1) - 5 * a) * (u + 1) + 8 * a) * (u + 1) - 4 * a;
	if (!p->exclude)
		return;
	for (t = 0; t < 4; t++) {
		if (base + t < 0 || base + t >= len)
			c[t] = 0;
		s += c[t];
	}
	for (t = 0; t < 4; t++)
		c[t] = s != 0 ? c[t] / s : 0;
}

/* The neighbours of x along an axis of len elements, and their weights. */
static void
resize_taps(const struct resize_priv *p, double x, int64_t len,
    int64_t *idx, double *w)
{
	int64_t	i0;
	double	r;
	int	t;

	if (p->taps == 1) {
		i0 = resize_round(p, x);
		idx[0] = i0 < 0 ? 0 : i0 >= len ? len - 1 : i0;
		w[0] = 1;
		return;
	}
	if (p->taps == 2) {
		x = x < 0 ? 0 : x > (double)(len - 1) ? (double)(len - 1) : x;
		i0 = (int64_t)floor(x);
		idx[0] = i0;
		idx[1] = i0 + 1 < len ? i0 + 1 : i0;
		w[1] = x - (double)i0;
		w[0] = 1 - w[1];
		return;
	}
	/* Cubic: as ONNX's reference, the left neighbour of an integer x. */
	x = x < -(double)RESIZE_MAX_EXTENT ? -(double)RESIZE_MAX_EXTENT :
	    x > (double)RESIZE_MAX_EXTENT ? (double)RESIZE_MAX_EXTENT : x;
	i0 = (int64_t)floor(x);
	r = x - (double)i0;
	if (r == 0) {
		r = 1;
		i0--;
	}
	resize_cubic(p, r, i0 - 1, len, w);
	for (t = 0; t < 4; t++) {
		idx[t] = i0 - 1 + t;
		idx[t] = idx[t] < 0 ? 0 : idx[t] >= len ? len - 1 : idx[t];
	}
}

/* A single neighbour of weight 1 goes first (the axis may take one tap). */
static void
resize_single(int64_t *idx, double *w, int taps)
{
	int	t, one = -1;

	for (t = 0; t < taps; t++) {
		if (w[t] == 0)
			continue;
		if (one >= 0 || w[t] != 1)
			return;
		one = t;
	}
	if (one > 0) {
		idx[0] = idx[one];
		w[0] = 1;
		w[one] = 0;
	}
}

/* Fill the neighbour tables of every axis; free with resize_free_axes. */
static int
resize_axes(const struct gs_node *n, const struct gs_tensor *in,
    struct resize_axis *ax, struct gs_shape *os)
{
	const struct resize_priv *p = n->priv;
	const struct gs_shape	*s = &in[0].shape;
	double			 scale[GS_MAX_DIMS], x, *w;
	int64_t			 o;
	size_t			 T = (size_t)p->taps;
	int			 k, t;

	if (resize_dims(n, in, os, scale, NULL) != 0)
		return (-1);
	for (k = 0; k < s->ndim; k++) {
		ax[k].idx = xcalloc(((size_t)os->d[k] + 1) * T,
		    sizeof *ax[k].idx);
		ax[k].w = xcalloc(((size_t)os->d[k] + 1) * T, sizeof *ax[k].w);
		ax[k].taps = p->taps;
		ax[k].active = 0;
		for (o = 0; o < os->d[k]; o++) {
			x = resize_coord(p, (double)o, s->d[k], os->d[k],
			    scale[k]);
			w = ax[k].w + (size_t)o * T;
			resize_taps(p, x, s->d[k], ax[k].idx + (size_t)o * T,
			    w);
			resize_single(ax[k].idx + (size_t)o * T, w, p->taps);
			for (t = 1; t < p->taps; t++)
				ax[k].active |= w[t] != 0;
		}
	}
	return (0);
}

static void
resize_free_axes(struct resize_axis *ax, int nd)
{
	int	k;

	for (k = 0; k < nd; k++) {
		free(ax[k].idx);
		free(ax[k].w);
	}
}

/*
 * back 0: y = interpolate(x); back 1: dx += each output's gradient times
 * the weight of every input element it read. An axis whose coordinates
 * all read their first neighbour alone (with weight 1) takes one tap.
 */
static void
resize_run(const struct gs_node *n, const struct gs_tensor *in,
    const gs_real *src, gs_real *dst, int back)
{
	const struct gs_shape	*s = &in[0].shape;
	struct resize_axis	 ax[GS_MAX_DIMS];
	struct gs_shape		 os;
	int64_t			 idx[GS_MAX_DIMS] = { 0 }, st[GS_MAX_DIMS];
	int			 act[GS_MAX_DIMS], na = 0, k, a, t;
	size_t			 len, o, base, off, c, nc, q, T;
	double			 acc, w;

	memset(ax, 0, sizeof ax);
	if (resize_axes(n, in, ax, &os) != 0)
		goto out;
	len = shape_len(&os);
	T = s->ndim > 0 ? (size_t)ax[0].taps : 1;
	if (s->ndim > 0)
		st[s->ndim - 1] = 1;
	for (k = s->ndim - 2; k >= 0; k--)
		st[k] = st[k + 1] * s->d[k + 1];
	nc = 1;
	for (k = 0; k < s->ndim; k++) {
		if (ax[k].active) {
			act[na++] = k;
			nc *= T;
		}
	}
	for (o = 0; o < len; o++) {
		base = 0;
		for (k = 0; k < s->ndim; k++) {
			if (!ax[k].active)
				base += (size_t)(ax[k].idx[(size_t)idx[k] * T] *
				    st[k]);
		}
		acc = 0;
		for (c = 0; c < nc; c++) {
			w = 1;
			off = base;
			for (q = c, k = 0; k < na; k++, q /= T) {
				a = act[k];
				t = (int)(q % T);
				w *= ax[a].w[(size_t)idx[a] * T + (size_t)t];
				off += (size_t)(ax[a].idx[(size_t)idx[a] * T +
				    (size_t)t] * st[a]);
			}
			if (w == 0)
				continue;
			if (back)
				dst[off] += (gs_real)(w * src[o]);
			else
				acc += w * src[off];
		}
		if (!back)
			dst[o] = (gs_real)acc;
		for (k = s->ndim - 1; k >= 0; k--) {
			if (++idx[k] < os.d[k])
				break;
			idx[k] = 0;
		}
	}
out:
	resize_free_axes(ax, s->ndim);
}

static void
resize_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	resize_run(n, in, in[0].data, out[0].data, 0);
}

/* The adjoint of the interpolation: the same weights, scattered back. */
static void
resize_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	if (din[0].data != NULL)
		resize_run(n, in, dout[0].data, din[0].data, 1);
}

/* Resizing the batch axis repeats or blends rows. */
static int
resize_mixes_rows(const struct gs_node *n, const struct gs_tensor *in)
{
	struct gs_shape	 os;
	double		 scale[GS_MAX_DIMS];

	if (resize_dims(n, in, &os, scale, NULL) != 0)
		return (1);
	return (in[0].shape.ndim > 0 && (scale[0] != 1 ||
	    os.d[0] != in[0].shape.d[0]));
}

const struct gs_op gs_op_resize = {
	.name = "Resize", .min_in = 1, .max_in = 4, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_BATCH_CONST,
	.init = resize_init, .shape = resize_shape, .forward = resize_forward,
	.backward = resize_backward, .mixes_rows = resize_mixes_rows,
};

const struct gs_op gs_op_upsample = {
	.name = "Upsample", .min_in = 1, .max_in = 2, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_BATCH_CONST,
	.init = resize_init, .shape = resize_shape, .forward = resize_forward,
	.backward = resize_backward, .mixes_rows = resize_mixes_rows,
};

/* SPDX-License-Identifier: ISC */
/*
 * Normalisations that compute their statistics from the input:
 * LayerNormalization (opset 17: over the axes from 'axis' on; its
 * optional Mean and InvStdDev outputs too),
 * InstanceNormalization (each channel of each sample over its spatial
 * dimensions) and GroupNormalization (opset 18: groups of channels; the
 * scale and bias hold one value per group before opset 21 and one per
 * channel from 21). Each normalises groups of D contiguous elements,
 * y = (x - mean) / sqrt(var + epsilon) * scale + bias, with the mean and
 * the (biased) variance accumulated in double.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"
#include "model/simd.h"

enum norm_kind {
	NORM_LAYER,
	NORM_INSTANCE,
	NORM_GROUP,
	NORM_COUNT
};

extern const struct gs_op gs_op_layernormalization,
    gs_op_instancenormalization, gs_op_groupnormalization;

/* Which op struct is which kind; indexed by enum norm_kind. */
static const struct gs_op *const norm_ops[] = {
	&gs_op_layernormalization, &gs_op_instancenormalization,
	&gs_op_groupnormalization
};
_Static_assert(sizeof norm_ops / sizeof norm_ops[0] == NORM_COUNT,
    "norm_ops must list every enum norm_kind");

struct norm_priv {
	enum norm_kind	 kind;		/* which normalisation */
	int64_t		 axis;		/* LayerNormalization: as given */
	double		 eps;		/* epsilon */
	int64_t		 groups;	/* GroupNormalization: num_groups */
	int		 per_channel;	/* GroupNormalization: opset 21 scale */
};

/* How one input shape splits into groups. */
struct norm_geom {
	size_t		 n_groups;	/* groups normalised separately */
	size_t		 d;		/* elements per group */
	size_t		 c;		/* channels (Instance, Group) */
	size_t		 spatial;	/* elements per channel plane */
	struct gs_shape	 inner;		/* LayerNormalization: the normalised
					   shape, for broadcasting scale */
};

static int
norm_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	struct norm_priv	 p;
	int64_t			 v;
	int			 k;

	memset(&p, 0, sizeof p);
	for (k = 0; k < NORM_COUNT && norm_ops[k] != n->op; k++)
		;
	if (k == NORM_COUNT)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "not a normalisation"));
	p.kind = (enum norm_kind)k;
	if (n->n_out > (p.kind == NORM_LAYER ? 3u : 1u))
		return (node_error(err, n, GS_EUNSUPPORTED, "has %zu outputs "
		    "(at most %d)", n->n_out, p.kind == NORM_LAYER ? 3 : 1));
	if (node_attr_float(n, "epsilon", 1e-5, &p.eps, err) != 0)
		return (-1);
	if (!(p.eps >= 0))
		return (node_error(err, n, GS_EUNSUPPORTED, "attribute "
		    "'epsilon' %g is not supported", p.eps));
	if (p.kind == NORM_LAYER) {
		if (node_attr_int(n, "axis", -1, &p.axis, err) != 0 ||
		    node_attr_int(n, "stash_type", 1, &v, err) != 0)
			return (-1);
		if (shape_axis(p.axis, in[0].shape.ndim) < 0)
			return (node_error(err, n, GS_EUNSUPPORTED, "attribute "
			    "'axis' %lld is out of range for rank %d",
			    (long long)p.axis, in[0].shape.ndim));
	}
	if (p.kind == NORM_GROUP) {
		if (node_attr_int(n, "num_groups", 0, &p.groups, err) != 0)
			return (-1);
		if (n->opset >= 21 &&
		    node_attr_int(n, "stash_type", 1, &v, err) != 0)
			return (-1);
		if (p.groups < 1)
			return (node_error(err, n, GS_EUNSUPPORTED, "attribute "
			    "'num_groups' is required and must be positive"));
		p.per_channel = n->opset >= 21;
	}
	for (k = 1; k < 3; k++) {
		if (NODE_HAS_IN(n, k) && !in[k].is_const)
			return (node_error(err, n, GS_EUNSUPPORTED, "input %s "
			    "must be a constant", k == 1 ? "'scale'" :
			    "'B'"));
	}
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/* Split shape s into groups; checks the scale and bias shapes too. */
static int
norm_geom(const struct gs_node *n, const struct gs_tensor *in,
    struct norm_geom *g, struct gs_error *err)
{
	const struct norm_priv	*p = n->priv;
	const struct gs_shape	*s = &in[0].shape;
	struct gs_shape		 b;
	size_t			 want, k;
	int			 a, i;
	char			 b1[96], b2[96];

	memset(g, 0, sizeof *g);
	if (p->kind == NORM_LAYER) {
		a = shape_axis(p->axis, s->ndim);
		if (a < 0)
			return (node_error(err, n, GS_ESHAPE, "bad axis"));
		g->n_groups = 1;
		g->d = 1;
		for (i = 0; i < s->ndim; i++) {
			if (i < a)
				g->n_groups *= (size_t)s->d[i];
			else {
				g->d *= (size_t)s->d[i];
				g->inner.d[g->inner.ndim++] = s->d[i];
			}
		}
		for (k = 1; k < 3; k++) {
			if (!NODE_HAS_IN(n, k))
				continue;
			if (shape_broadcast(&in[k].shape, &g->inner, &b,
			    NULL) != 0 || !shape_equal(&b, &g->inner))
				return (node_error(err, n, GS_ESHAPE, "input "
				    "%zu %s does not broadcast to %s", k,
				    shape_format(&in[k].shape, b1, sizeof b1),
				    shape_format(&g->inner, b2, sizeof b2)));
		}
		return (0);
	}
	if (s->ndim < 2)
		return (node_error(err, n, GS_ESHAPE, "input must be [N, C, "
		    "...], not %s", shape_format(s, b1, sizeof b1)));
	g->c = (size_t)s->d[1];
	g->spatial = 1;
	for (i = 2; i < s->ndim; i++)
		g->spatial *= (size_t)s->d[i];
	if (p->kind == NORM_INSTANCE) {
		g->n_groups = (size_t)s->d[0] * g->c;
		g->d = g->spatial;
		want = g->c;
	} else {
		if (g->c % (size_t)p->groups != 0)
			return (node_error(err, n, GS_ESHAPE, "%zu channels do "
			    "not split into %lld groups", g->c,
			    (long long)p->groups));
		g->n_groups = (size_t)s->d[0] * (size_t)p->groups;
		g->d = g->c / (size_t)p->groups * g->spatial;
		want = p->per_channel ? g->c : (size_t)p->groups;
	}
	for (k = 1; k < 3; k++) {
		if (NODE_HAS_IN(n, k) && shape_len(&in[k].shape) != want)
			return (node_error(err, n, GS_ESHAPE, "input %zu has %zu "
			    "values, expected %zu", k, shape_len(&in[k].shape),
			    want));
	}
	return (0);
}

/* Index into scale and bias of element j of group gi. */
static size_t
norm_index(const struct gs_node *n, const struct gs_tensor *in,
    const struct norm_geom *g, size_t gi, size_t j)
{
	const struct norm_priv	*p = n->priv;

	switch (p->kind) {
	case NORM_LAYER:
		return (shape_bcast_offset(&in[1].shape, &g->inner, j));
	case NORM_INSTANCE:
		return (gi % g->c);
	default:
		if (!p->per_channel)
			return (gi % (size_t)p->groups);
		return (gi % (size_t)p->groups * (g->c / (size_t)p->groups) +
		    j / g->spatial);
	}
}

/*
 * The scale and bias of each element of group gi into sc and bc (d
 * each); LayerNormalization's are the same for every group, so they are
 * filled once (gi 0).
 */
static void
norm_affine(const struct gs_node *n, const struct gs_tensor *in,
    const struct norm_geom *g, size_t gi, gs_real *sc, gs_real *bc)
{
	const struct norm_priv	*p = n->priv;
	size_t			 j;

	if (p->kind == NORM_LAYER && gi > 0)
		return;
	for (j = 0; j < g->d; j++) {
		sc[j] = NODE_HAS_IN(n, 1) ? in[1].data[norm_index(n, in, g, gi,
		    j)] : 1;
		bc[j] = !NODE_HAS_IN(n, 2) ? 0 : in[2].data[p->kind ==
		    NORM_LAYER ? shape_bcast_offset(&in[2].shape, &g->inner,
		    j) : norm_index(n, in, g, gi, j)];
	}
}

/*
 * Workspace: one group's scale and bias, then every group's mean and
 * 1 / sqrt(var + eps), kept from the forward pass for the backward pass.
 */
static size_t
norm_scratch(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	struct norm_geom	 g;

	if (norm_geom(n, in, &g, NULL) != 0)
		return (0);
	return (2 * g.d + 2 * g.n_groups);
}

static int
norm_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	struct norm_geom	 g;

	const struct norm_priv	*p = n->priv;
	size_t			 k;
	int			 i, a;

	if (norm_geom(n, in, &g, err) != 0)
		return (-1);
	out[0] = in[0].shape;
	/* LayerNormalization's Mean and InvStdDev: 1 along the axes. */
	a = p->kind == NORM_LAYER ? shape_axis(p->axis, in[0].shape.ndim) : 0;
	for (k = 1; k < n->n_out; k++) {
		out[k] = in[0].shape;
		for (i = a; i < out[k].ndim; i++)
			out[k].d[i] = 1;
	}
	return (0);
}

#ifdef GS_SIMD
/*
 * Float kernels, eight lanes at a time: the same sums in a fixed order in
 * every build. Mean and 1 / sqrt(var + eps) of the d elements at x.
 */
static GS_CLONES void
norm_stats(const float *x, size_t d, double eps, double *mu, double *r)
{
	gs_v8sf	 a = GS_V8(0.0f), t;
	float	 s = 0, v = 0, m;
	size_t	 j = 0;

	for (; j + GS_V8_LANES <= d; j += GS_V8_LANES)
		a += gs_v8_load(x + j);
	s = gs_v8_hsum(a);
	for (; j < d; j++)
		s += x[j];
	m = s / (float)(d > 0 ? d : 1);
	a = GS_V8(0.0f);
	for (j = 0; j + GS_V8_LANES <= d; j += GS_V8_LANES) {
		t = gs_v8_load(x + j) - GS_V8(m);
		a += t * t;
	}
	v = gs_v8_hsum(a);
	for (; j < d; j++)
		v += (x[j] - m) * (x[j] - m);
	v /= (float)(d > 0 ? d : 1);
	*mu = m;
	*r = 1 / sqrt((double)v + eps);
}

/* y = (x - mu) r sc + bc over d elements. */
static GS_CLONES void
norm_apply(const float *x, size_t d, float mu, float r, const float *sc,
    const float *bc, float *y)
{
	size_t	j = 0;

	for (; j + GS_V8_LANES <= d; j += GS_V8_LANES)
		gs_v8_store(y + j, (gs_v8_load(x + j) - GS_V8(mu)) * GS_V8(r) *
		    gs_v8_load(sc + j) + gs_v8_load(bc + j));
	for (; j < d; j++)
		y[j] = (x[j] - mu) * r * sc[j] + bc[j];
}

/*
 * dx += r (g sc - mean(g sc) - xh mean(g sc xh)) + (gm - gr r^2 xh) / d,
 * xh = (x - mu) r.
 */
static GS_CLONES void
norm_grad(const float *x, const float *g, const float *sc, size_t d,
    float mu, float r, float gm, float gr, float *dx)
{
	gs_v8sf	 a = GS_V8(0.0f), b = GS_V8(0.0f), h, xh;
	float	 mh, mhx, fd = (float)d;
	size_t	 j = 0;

	for (; j + GS_V8_LANES <= d; j += GS_V8_LANES) {
		h = gs_v8_load(g + j) * gs_v8_load(sc + j);
		xh = (gs_v8_load(x + j) - GS_V8(mu)) * GS_V8(r);
		a += h;
		b += h * xh;
	}
	mh = gs_v8_hsum(a);
	mhx = gs_v8_hsum(b);
	for (; j < d; j++) {
		mh += g[j] * sc[j];
		mhx += g[j] * sc[j] * ((x[j] - mu) * r);
	}
	mh /= fd;
	mhx /= fd;
	for (j = 0; j + GS_V8_LANES <= d; j += GS_V8_LANES) {
		xh = (gs_v8_load(x + j) - GS_V8(mu)) * GS_V8(r);
		h = gs_v8_load(g + j) * gs_v8_load(sc + j);
		gs_v8_store(dx + j, gs_v8_load(dx + j) + GS_V8(r) * (h -
		    GS_V8(mh) - xh * GS_V8(mhx)) + (GS_V8(gm) - GS_V8(gr * r *
		    r) * xh) / GS_V8(fd));
	}
	for (; j < d; j++) {
		float xj = (x[j] - mu) * r;

		dx[j] += r * (g[j] * sc[j] - mh - xj * mhx) + (gm - gr * r * r *
		    xj) / fd;
	}
}
#else
/* Mean and 1 / sqrt(var + eps) of the d elements at x. */
static void
norm_stats(const gs_real *x, size_t d, double eps, double *mu, double *r)
{
	double	s = 0, v = 0, t;
	size_t	j;

	for (j = 0; j < d; j++)
		s += x[j];
	s /= (double)(d > 0 ? d : 1);
	for (j = 0; j < d; j++) {
		t = x[j] - s;
		v += t * t;
	}
	v /= (double)(d > 0 ? d : 1);
	*mu = s;
	*r = 1 / sqrt(v + eps);
}
#endif

static void
norm_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct norm_priv	*p = n->priv;
	struct norm_geom	 g;
	const gs_real		*x;
	gs_real			*y, *sc = scratch, *bc, *st;
	double			 mu, r;
	size_t			 gi, j;

	if (norm_geom(n, in, &g, NULL) != 0)
		return;
	bc = sc + g.d;
	st = bc + g.d;
	for (gi = 0; gi < g.n_groups; gi++) {
		x = in[0].data + gi * g.d;
		y = out[0].data + gi * g.d;
		norm_stats(x, g.d, p->eps, &mu, &r);
		st[2 * gi] = (gs_real)mu;
		st[2 * gi + 1] = (gs_real)r;
		if (n->n_out > 1)
			out[1].data[gi] = (gs_real)mu;
		if (n->n_out > 2)
			out[2].data[gi] = (gs_real)r;
		norm_affine(n, in, &g, gi, sc, bc);
#ifdef GS_SIMD
		norm_apply(x, g.d, (float)mu, (float)r, sc, bc, y);
		continue;
#endif
		for (j = 0; j < g.d; j++)
			y[j] = (gs_real)((x[j] - mu) * r) * sc[j] + bc[j];
	}
}

/*
 * With xh = (x - mean) r and h = g scale: dx = r (h - mean(h) - xh
 * mean(h xh)) over each group; dscale += g xh, dB += g.
 */
static void
norm_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const struct norm_priv	*p = n->priv;
	struct norm_geom	 g;
	const gs_real		*x, *gy;
	gs_real			*dx, *sc = scratch, *bc;
	double			 mu, r, xh, h, mh, mhx, gm, gr;
	size_t			 gi, j;

	if (norm_geom(n, in, &g, NULL) != 0 || g.d == 0)
		return;
	bc = sc + g.d;
	for (gi = 0; gi < g.n_groups; gi++) {
		x = in[0].data + gi * g.d;
		gy = dout[0].data + gi * g.d;
		mu = bc[g.d + 2 * gi];		/* kept by norm_forward */
		r = bc[g.d + 2 * gi + 1];
		norm_affine(n, in, &g, gi, sc, bc);
		gm = n->n_out > 1 && dout[1].data != NULL ? dout[1].data[gi] :
		    0;
		gr = n->n_out > 2 && dout[2].data != NULL ? dout[2].data[gi] :
		    0;
#ifdef GS_SIMD
		if (din[0].data != NULL && (!NODE_HAS_IN(n, 1) ||
		    din[1].data == NULL) && (!NODE_HAS_IN(n, 2) ||
		    din[2].data == NULL)) {
			norm_grad(x, gy, sc, g.d, (float)mu, (float)r,
			    (float)gm, (float)gr, din[0].data + gi * g.d);
			continue;
		}
#endif
		mh = mhx = 0;
		for (j = 0; j < g.d; j++) {
			xh = (x[j] - mu) * r;
			h = gy[j] * sc[j];
			mh += h;
			mhx += h * xh;
		}
		if (NODE_HAS_IN(n, 1) && din[1].data != NULL)
			for (j = 0; j < g.d; j++)
				din[1].data[norm_index(n, in, &g, gi, j)] +=
				    (gs_real)(gy[j] * (x[j] - mu) * r);
		if (NODE_HAS_IN(n, 2) && din[2].data != NULL)
			for (j = 0; j < g.d; j++)
				din[2].data[p->kind == NORM_LAYER ?
				    shape_bcast_offset(&in[2].shape, &g.inner,
				    j) : norm_index(n, in, &g, gi, j)] += gy[j];
		if (din[0].data == NULL)
			continue;
		mh /= (double)g.d;
		mhx /= (double)g.d;
		/* Mean: 1 / D each; InvStdDev r: -r^3 (x - mean) / D. */
		dx = din[0].data + gi * g.d;
		for (j = 0; j < g.d; j++) {
			xh = (x[j] - mu) * r;
			dx[j] += (gs_real)(r * (gy[j] * sc[j] - mh - xh * mhx) +
			    (gm - gr * r * r * xh) / (double)g.d);
		}
	}
}

/* LayerNormalization from axis 0 normalises across the rows. */
static int
norm_mixes_rows(const struct gs_node *n, const struct gs_tensor *in)
{
	const struct norm_priv	*p = n->priv;

	return (p->kind == NORM_LAYER && shape_axis(p->axis,
	    in[0].shape.ndim) == 0);
}

const struct gs_op gs_op_layernormalization = {
	.name = "LayerNormalization", .min_in = 2, .max_in = 3, .n_out = -1,
	.traits = GS_OP_SMOOTH,
	.init = norm_init, .shape = norm_shape, .scratch = norm_scratch,
	.forward = norm_forward, .keep = 1,
	.backward = norm_backward, .mixes_rows = norm_mixes_rows,
};

const struct gs_op gs_op_instancenormalization = {
	.name = "InstanceNormalization", .min_in = 3, .max_in = 3, .n_out = 1,
	.traits = GS_OP_SMOOTH,
	.init = norm_init, .shape = norm_shape, .scratch = norm_scratch,
	.forward = norm_forward, .keep = 1,
	.backward = norm_backward,
};

const struct gs_op gs_op_groupnormalization = {
	.name = "GroupNormalization", .min_in = 3, .max_in = 3, .n_out = 1,
	.traits = GS_OP_SMOOTH,
	.init = norm_init, .shape = norm_shape, .scratch = norm_scratch,
	.forward = norm_forward, .keep = 1,
	.backward = norm_backward,
};

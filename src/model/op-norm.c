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
 * each), and pointers to them into *scp and *bcp; LayerNormalization's
 * are the same for every group, so they are filled once (gi 0), or not
 * at all where the scale or bias has one value an element (then the
 * pointer is to its data).
 */
static void
norm_affine(const struct gs_node *n, const struct gs_tensor *in,
    const struct norm_geom *g, size_t gi, gs_real *sc, gs_real *bc,
    const gs_real **scp, const gs_real **bcp)
{
	const struct norm_priv	*p = n->priv;
	size_t			 j;
	int			 ds, db;

	ds = p->kind == NORM_LAYER && NODE_HAS_IN(n, 1) &&
	    shape_len(&in[1].shape) == g->d;
	db = p->kind == NORM_LAYER && NODE_HAS_IN(n, 2) &&
	    shape_len(&in[2].shape) == g->d;
	*scp = ds ? in[1].data : sc;
	*bcp = db ? in[2].data : bc;
	if (p->kind == NORM_LAYER && gi > 0)
		return;
	for (j = 0; j < g->d; j++) {
		if (!ds)
			sc[j] = NODE_HAS_IN(n, 1) ? in[1].data[norm_index(n,
			    in, g, gi, j)] : 1;
		if (!db)
			bc[j] = !NODE_HAS_IN(n, 2) ? 0 : in[2].data[p->kind ==
			    NORM_LAYER ? shape_bcast_offset(&in[2].shape,
			    &g->inner, j) : norm_index(n, in, g, gi, j)];
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
 * every build. One call normalises ng groups of d elements (every row of
 * a batch for LayerNormalization), each group's statistics computed and
 * applied while its elements are in cache, two groups at a time: each
 * group's statistics are a chain of dependent operations (sums, then
 * sqrt and a division), and with short rows the processor would wait on
 * one chain alone. Mean and 1 / sqrt(var + eps) of the d elements at x
 * into mu[0] and r[0], of those at x1 into mu[1] and r[1], the two
 * groups' operations interleaved.
 */
static inline __attribute__((always_inline)) void
norm_stats2(const float *x, const float *x1, size_t d, double eps,
    double *mu, double *r)
{
	gs_v8sf	 a = GS_V8(0.0f), b = GS_V8(0.0f), t, u;
	gs_v8sf	 a1 = GS_V8(0.0f), b1 = GS_V8(0.0f), t1, u1;
	float	 s, s1, v, v1, m, m1, id = 1.0f / (float)(d > 0 ? d : 1);
	size_t	 j = 0;

	/* Two sums in flight a group, then the tail. */
	for (; j + 2 * GS_V8_LANES <= d; j += 2 * GS_V8_LANES) {
		a += gs_v8_load(x + j);
		a1 += gs_v8_load(x1 + j);
		b += gs_v8_load(x + j + GS_V8_LANES);
		b1 += gs_v8_load(x1 + j + GS_V8_LANES);
	}
	for (; j + GS_V8_LANES <= d; j += GS_V8_LANES) {
		a += gs_v8_load(x + j);
		a1 += gs_v8_load(x1 + j);
	}
	s = gs_v8_hsum(a + b);
	s1 = gs_v8_hsum(a1 + b1);
	for (; j < d; j++) {
		s += x[j];
		s1 += x1[j];
	}
	m = s * id;
	m1 = s1 * id;
	a = b = a1 = b1 = GS_V8(0.0f);
	for (j = 0; j + 2 * GS_V8_LANES <= d; j += 2 * GS_V8_LANES) {
		t = gs_v8_load(x + j) - GS_V8(m);
		t1 = gs_v8_load(x1 + j) - GS_V8(m1);
		u = gs_v8_load(x + j + GS_V8_LANES) - GS_V8(m);
		u1 = gs_v8_load(x1 + j + GS_V8_LANES) - GS_V8(m1);
		a += t * t;
		a1 += t1 * t1;
		b += u * u;
		b1 += u1 * u1;
	}
	for (; j + GS_V8_LANES <= d; j += GS_V8_LANES) {
		t = gs_v8_load(x + j) - GS_V8(m);
		t1 = gs_v8_load(x1 + j) - GS_V8(m1);
		a += t * t;
		a1 += t1 * t1;
	}
	v = gs_v8_hsum(a + b);
	v1 = gs_v8_hsum(a1 + b1);
	for (; j < d; j++) {
		v += (x[j] - m) * (x[j] - m);
		v1 += (x1[j] - m1) * (x1[j] - m1);
	}
	mu[0] = m;
	mu[1] = m1;
	r[0] = 1 / sqrt((double)(v * id) + eps);
	r[1] = 1 / sqrt((double)(v1 * id) + eps);
}

/*
 * For each of ng groups of d elements at x: y = (x - mu) r sc + bc, and
 * st[2 i], st[2 i + 1] = mu, r for the backward pass. sc and bc are the
 * same for every group.
 */
static GS_CLONES void
norm_rows(const float *x, size_t ng, size_t d, double eps, const float *sc,
    const float *bc, float *y, float *st)
{
	double	 mu[2], r[2];
	gs_v8sf	 vm, vr, vm1, vr1, s8, b8;
	size_t	 gi, j;
	float	 fm, fr, fm1, fr1;

	for (gi = 0; gi < ng; gi += 2, x += 2 * d, y += 2 * d) {
		/* An odd last group is paired with itself. */
		norm_stats2(x, gi + 1 < ng ? x + d : x, d, eps, mu, r);
		fm = (float)mu[0];
		fr = (float)r[0];
		fm1 = (float)mu[1];
		fr1 = (float)r[1];
		st[2 * gi] = fm;
		st[2 * gi + 1] = fr;
		vm = GS_V8(fm);
		vr = GS_V8(fr);
		if (gi + 1 == ng) {
			for (j = 0; j + GS_V8_LANES <= d; j += GS_V8_LANES)
				gs_v8_store(y + j, (gs_v8_load(x + j) - vm) *
				    vr * gs_v8_load(sc + j) +
				    gs_v8_load(bc + j));
			for (; j < d; j++)
				y[j] = (x[j] - fm) * fr * sc[j] + bc[j];
			break;
		}
		st[2 * gi + 2] = fm1;
		st[2 * gi + 3] = fr1;
		vm1 = GS_V8(fm1);
		vr1 = GS_V8(fr1);
		for (j = 0; j + GS_V8_LANES <= d; j += GS_V8_LANES) {
			s8 = gs_v8_load(sc + j);
			b8 = gs_v8_load(bc + j);
			gs_v8_store(y + j, (gs_v8_load(x + j) - vm) * vr * s8 +
			    b8);
			gs_v8_store(y + d + j, (gs_v8_load(x + d + j) - vm1) *
			    vr1 * s8 + b8);
		}
		for (; j < d; j++) {
			y[j] = (x[j] - fm) * fr * sc[j] + bc[j];
			y[d + j] = (x[d + j] - fm1) * fr1 * sc[j] + bc[j];
		}
	}
}

/*
 * For each of ng groups, with xh = (x - mu) r, h = g sc and the mean and
 * InvStdDev outputs' gradients gm and gr (NULL: none):
 * dx += r (h - mean(h) - xh mean(h xh)) + (gm - gr r^2 xh) / d, that is
 * dx += r h - (r mean(h) - gm / d) - xh (r mean(h xh) + gr r^2 / d).
 */
static GS_CLONES void
norm_grad_rows(const float *x, const float *g, const float *sc, size_t ng,
    size_t d, const float *st, const float *gm, const float *gr, float *dx)
{
	gs_v8sf	 a, b, h, vm, vr, c0, c1;
	float	 mu, r, mh, mhx, fd = (float)d, k0, k1;
	size_t	 gi, j;

	for (gi = 0; gi < ng; gi++, x += d, g += d, dx += d) {
		mu = st[2 * gi];
		r = st[2 * gi + 1];
		vm = GS_V8(mu);
		a = b = GS_V8(0.0f);
		for (j = 0; j + GS_V8_LANES <= d; j += GS_V8_LANES) {
			h = gs_v8_load(g + j) * gs_v8_load(sc + j);
			a += h;
			b += h * (gs_v8_load(x + j) - vm);
		}
		mh = gs_v8_hsum(a);
		mhx = gs_v8_hsum(b);
		for (; j < d; j++) {
			mh += g[j] * sc[j];
			mhx += g[j] * sc[j] * (x[j] - mu);
		}
		/* mean(h xh) = r mean(h (x - mu)). */
		k0 = r * (mh / fd);
		k1 = r * (r * (mhx / fd));
		if (gm != NULL)
			k0 -= gm[gi] / fd;
		if (gr != NULL)
			k1 += gr[gi] * r * r / fd;
		/* xh k1 = (x - mu) (r k1). */
		k1 *= r;
		vr = GS_V8(r);
		c0 = GS_V8(k0);
		c1 = GS_V8(k1);
		for (j = 0; j + GS_V8_LANES <= d; j += GS_V8_LANES) {
			h = gs_v8_load(g + j) * gs_v8_load(sc + j);
			gs_v8_store(dx + j, gs_v8_load(dx + j) + ((vr * h -
			    c0) - (gs_v8_load(x + j) - vm) * c1));
		}
		for (; j < d; j++)
			dx[j] += (r * (g[j] * sc[j]) - k0) - (x[j] - mu) * k1;
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

/* As the float kernel above, the statistics in double. */
static void
norm_rows(const gs_real *x, size_t ng, size_t d, double eps,
    const gs_real *sc, const gs_real *bc, gs_real *y, gs_real *st)
{
	double	 mu, r;
	size_t	 gi, j;

	for (gi = 0; gi < ng; gi++, x += d, y += d) {
		norm_stats(x, d, eps, &mu, &r);
		st[2 * gi] = (gs_real)mu;
		st[2 * gi + 1] = (gs_real)r;
		for (j = 0; j < d; j++)
			y[j] = (gs_real)((x[j] - mu) * r) * sc[j] + bc[j];
	}
}
#endif

static void
norm_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct norm_priv	*p = n->priv;
	struct norm_geom	 g;
	const gs_real		*scp, *bcp;
	gs_real			*sc = scratch, *bc, *st;
	size_t			 gi;

	if (norm_geom(n, in, &g, NULL) != 0)
		return;
	bc = sc + g.d;
	st = bc + g.d;
	if (p->kind == NORM_LAYER) {
		/* The same scale and bias for every row: one call. */
		norm_affine(n, in, &g, 0, sc, bc, &scp, &bcp);
		norm_rows(in[0].data, g.n_groups, g.d, p->eps, scp, bcp,
		    out[0].data, st);
	} else {
		for (gi = 0; gi < g.n_groups; gi++) {
			norm_affine(n, in, &g, gi, sc, bc, &scp, &bcp);
			norm_rows(in[0].data + gi * g.d, 1, g.d, p->eps, scp,
			    bcp, out[0].data + gi * g.d, st + 2 * gi);
		}
	}
	for (gi = 0; gi < g.n_groups; gi++) {
		if (n->n_out > 1)
			out[1].data[gi] = st[2 * gi];
		if (n->n_out > 2)
			out[2].data[gi] = st[2 * gi + 1];
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
	const gs_real		*x, *gy, *scp, *bcp, *st, *dm, *dr;
	gs_real			*dx, *sc = scratch, *bc;
	double			 mu, r, xh, h, mh, mhx, gm, gr;
	size_t			 gi, j;

	if (norm_geom(n, in, &g, NULL) != 0 || g.d == 0)
		return;
	bc = sc + g.d;
	st = bc + g.d;			/* kept by norm_forward */
	dm = n->n_out > 1 ? dout[1].data : NULL;
	dr = n->n_out > 2 ? dout[2].data : NULL;
#ifdef GS_SIMD
	if (din[0].data != NULL && (!NODE_HAS_IN(n, 1) ||
	    din[1].data == NULL) && (!NODE_HAS_IN(n, 2) ||
	    din[2].data == NULL)) {
		if (p->kind == NORM_LAYER) {
			norm_affine(n, in, &g, 0, sc, bc, &scp, &bcp);
			norm_grad_rows(in[0].data, dout[0].data, scp,
			    g.n_groups, g.d, st, dm, dr, din[0].data);
			return;
		}
		for (gi = 0; gi < g.n_groups; gi++) {
			norm_affine(n, in, &g, gi, sc, bc, &scp, &bcp);
			norm_grad_rows(in[0].data + gi * g.d, dout[0].data +
			    gi * g.d, scp, 1, g.d, st + 2 * gi, dm != NULL ?
			    dm + gi : NULL, dr != NULL ? dr + gi : NULL,
			    din[0].data + gi * g.d);
		}
		return;
	}
#endif
	for (gi = 0; gi < g.n_groups; gi++) {
		x = in[0].data + gi * g.d;
		gy = dout[0].data + gi * g.d;
		mu = st[2 * gi];
		r = st[2 * gi + 1];
		norm_affine(n, in, &g, gi, sc, bc, &scp, &bcp);
		gm = dm != NULL ? dm[gi] : 0;
		gr = dr != NULL ? dr[gi] : 0;
		mh = mhx = 0;
		for (j = 0; j < g.d; j++) {
			xh = (x[j] - mu) * r;
			h = gy[j] * scp[j];
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
			dx[j] += (gs_real)(r * (gy[j] * scp[j] - mh - xh *
			    mhx) + (gm - gr * r * r * xh) / (double)g.d);
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

/* SPDX-License-Identifier: ISC */
/*
 * Pooling: MaxPool and AveragePool over 1, 2 or 3 spatial dimensions
 * (kernel_shape, pads, strides, dilations, ceil_mode, auto_pad,
 * count_include_pad), seen as [N C, D, H, W] planes (1-D and 2-D with
 * D = H = 1 and D = 1), and GlobalAveragePool and GlobalMaxPool over any
 * number of spatial dimensions. Windows and divisors follow torch, so
 * exported models give torch's numbers.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "model/graph.h"
#include "model/kink.h"
#include "model/simd.h"

#if defined(__SSE2__) && !defined(GS_REAL_DOUBLE)
#include <emmintrin.h>
#endif

#define POOL_ATTR_MAX	INT32_MAX	/* largest kernel, pad, stride */
#define POOL_SP		3		/* spatial dimensions of the view */

extern const struct gs_op gs_op_maxpool, gs_op_averagepool,
    gs_op_globalmaxpool;

enum pool_pad {
	POOL_PAD_NOTSET,		/* explicit pads */
	POOL_PAD_VALID,			/* no padding */
	POOL_PAD_SAME_UPPER,		/* ceil(in / stride), extra pad last */
	POOL_PAD_SAME_LOWER		/* the same, extra pad at start */
};

/* Attributes on the [D, H, W] view: index 0 depth, 1 height, 2 width. */
struct pool_priv {
	int		 max;		/* MaxPool, not AveragePool */
	int		 nsp;		/* spatial dimensions: 1, 2 or 3 */
	enum pool_pad	 auto_pad;	/* padding rule */
	int64_t		 k[POOL_SP];	/* kernel extents */
	int64_t		 pads[2 * POOL_SP];	/* begins D H W, ends D H W */
	int64_t		 stride[POOL_SP];	/* per axis */
	int64_t		 dil[POOL_SP];		/* per axis */
	int		 ceil_mode;	/* round the output size up */
	int		 include_pad;	/* AveragePool: pads count */
};

/* One run's sizes: the input seen as nc volumes of d x h x w. */
struct pool_geom {
	size_t		 nc;		/* volumes: N C */
	size_t		 d, h, w;	/* input volume */
	size_t		 od, oh, ow;	/* output volume */
	int64_t		 pf, pt, pl;	/* front, top and left padding */
	int64_t		 pk, pb, pr;	/* back, bottom and right padding */
	int		 inside;	/* D = 1 and every window lies in the
					   input, undilated */
};

static int64_t	pool_argmax_clipped(const struct pool_priv *,
		    const struct pool_geom *, const gs_real *, size_t, size_t,
		    size_t);

/*
 * First maximum of a window lying wholly in the input, starting at base
 * (NaN wins, as torch). Branch-free, and unrolled for the common 2 x 2.
 */
static inline int64_t
pool_argmax_inside(const struct pool_priv *p, size_t w, const gs_real *x,
    int64_t base)
{
	int64_t	at = base, i, j, idx, kh = p->k[1], kw = p->k[2];
	gs_real	m = x[base], v;
	int	better;

#define POOL_TAP(IDX) do {						\
	idx = (IDX);							\
	v = x[idx];							\
	better = (v > m) | ((v != v) & (m == m));			\
	m = better ? v : m;						\
	at = better ? idx : at;						\
} while (0)
	if (kh == 2 && kw == 2) {
		POOL_TAP(base + 1);
		POOL_TAP(base + (int64_t)w);
		POOL_TAP(base + (int64_t)w + 1);
		return (at);
	}
	for (i = 0; i < kh; i++)
		for (j = 0; j < kw; j++)
			if (i != 0 || j != 0)
				POOL_TAP(base + i * (int64_t)w + j);
#undef POOL_TAP
	return (at);
}

/* Read an ints attribute of nsp values into the last nsp slots of dst. */
static int
pool_attr(struct gs_node *n, const char *name, int nsp, int64_t *dst,
    struct gs_error *err)
{
	return (node_attr_ints_fixed(n, name, (size_t)nsp, 1, POOL_ATTR_MAX,
	    dst + POOL_SP - nsp, err));
}

/* Parse MaxPool or AveragePool attributes; refuse what is not handled. */
static int
pool_init(struct gs_node *n, const struct gs_tensor *in, struct gs_error *err)
{
	struct pool_priv	 p;
	const int64_t		*ks;
	const char		*ap;
	int64_t			 v, pads[2 * POOL_SP];
	size_t			 len;
	int			 i, nsp;

	memset(&p, 0, sizeof p);
	p.max = n->op == &gs_op_maxpool;
	for (i = 0; i < POOL_SP; i++)
		p.stride[i] = p.dil[i] = p.k[i] = 1;

	if (node_attr_ints(n, "kernel_shape", &ks, &len, err) != 0)
		return (-1);
	if (ks == NULL)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attribute 'kernel_shape' is required"));
	if (len < 1 || len > POOL_SP)
		return (node_error(err, n, GS_EUNSUPPORTED, "%zu spatial "
		    "dimensions are not supported (1, 2 and 3 are)", len));
	nsp = p.nsp = (int)len;
	if (pool_attr(n, "kernel_shape", nsp, p.k, err) != 0)
		return (-1);

	if (node_attr_string(n, "auto_pad", "NOTSET", &ap, err) != 0)
		return (-1);
	if (strcmp(ap, "NOTSET") == 0)
		p.auto_pad = POOL_PAD_NOTSET;
	else if (strcmp(ap, "VALID") == 0)
		p.auto_pad = POOL_PAD_VALID;
	else if (strcmp(ap, "SAME_UPPER") == 0)
		p.auto_pad = POOL_PAD_SAME_UPPER;
	else if (strcmp(ap, "SAME_LOWER") == 0)
		p.auto_pad = POOL_PAD_SAME_LOWER;
	else
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attribute 'auto_pad' value '%s' is not supported", ap));
	memset(pads, 0, sizeof pads);
	if (node_attr_ints_fixed(n, "pads", 2 * (size_t)nsp, 0, POOL_ATTR_MAX,
	    pads, err) != 0 ||
	    pool_attr(n, "strides", nsp, p.stride, err) != 0)
		return (-1);
	for (i = 0; i < nsp; i++) {
		p.pads[POOL_SP - nsp + i] = pads[i];
		p.pads[2 * POOL_SP - nsp + i] = pads[nsp + i];
	}
	if (p.auto_pad != POOL_PAD_NOTSET) {
		for (i = 0; i < 2 * POOL_SP; i++) {
			if (p.pads[i] != 0)
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "attribute 'pads' cannot be combined with"
				    " auto_pad '%s'", ap));
		}
	}
	/* AveragePool has dilations from opset 19, MaxPool from 10. */
	if ((p.max || n->opset >= 19) &&
	    pool_attr(n, "dilations", nsp, p.dil, err) != 0)
		return (-1);

	if (node_attr_int(n, "ceil_mode", 0, &v, err) != 0)
		return (-1);
	if (v != 0 && v != 1)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attribute 'ceil_mode' value %lld is not supported",
		    (long long)v));
	p.ceil_mode = (int)v;

	if (p.max) {
		if (node_attr_int(n, "storage_order", 0, &v, err) != 0)
			return (-1);
		if (v != 0)
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "attribute 'storage_order' value %lld is not"
			    " supported", (long long)v));
	} else {
		if (node_attr_int(n, "count_include_pad", 0, &v, err) != 0)
			return (-1);
		if (v != 0 && v != 1)
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "attribute 'count_include_pad' value %lld is not"
			    " supported", (long long)v));
		p.include_pad = (int)v;
	}
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/*
 * Output extent and pads along one axis of extent in for kernel k, stride
 * s, dilation d and explicit pads *b, *e (replaced by auto_pad's). The
 * last window must start inside the input or its leading pad (torch's
 * ceil_mode rule). Returns -1 when the kernel does not fit.
 */
static int
pool_axis(const struct pool_priv *p, int64_t in, int64_t k, int64_t s,
    int64_t d, int64_t *b, int64_t *e, int64_t *out)
{
	int64_t	 span = d * (k - 1) + 1, total;

	switch (p->auto_pad) {
	case POOL_PAD_SAME_UPPER:
	case POOL_PAD_SAME_LOWER:
		*out = (in + s - 1) / s;
		total = (*out - 1) * s + span - in;
		if (total < 0)
			total = 0;
		*b = p->auto_pad == POOL_PAD_SAME_UPPER ? total / 2 :
		    total - total / 2;
		*e = total - *b;
		return (*out >= 1 ? 0 : -1);
	case POOL_PAD_VALID:
		*b = *e = 0;
		break;
	case POOL_PAD_NOTSET:
		break;
	}
	if (in + *b + *e < span)
		return (-1);
	if (p->ceil_mode && p->auto_pad == POOL_PAD_NOTSET) {
		*out = (in + *b + *e - span + s - 1) / s + 1;
		if ((*out - 1) * s >= in + *b)
			(*out)--;
	} else
		*out = (in + *b + *e - span) / s + 1;
	return (0);
}

/* Fill g for input shape s; GS_ESHAPE when it does not fit. */
static int
pool_geom(const struct gs_node *n, const struct gs_shape *s,
    struct pool_geom *g, struct gs_error *err)
{
	const struct pool_priv	*p = n->priv;
	int64_t			 ext[POOL_SP], out[POOL_SP], b[POOL_SP];
	int64_t			 e[POOL_SP];
	size_t			 len;
	int			 i, a;
	char			 buf[96];

	if (s->ndim != p->nsp + 2 || s->d[0] < 0 || s->d[1] < 0)
		return (node_error(err, n, GS_ESHAPE, "input %s must be [N, C] "
		    "and %d spatial dimensions", shape_format(s, buf,
		    sizeof buf), p->nsp));
	for (i = 0; i < POOL_SP; i++) {
		a = 2 + i - (POOL_SP - p->nsp);
		ext[i] = a >= 2 ? s->d[a] : 1;
		b[i] = p->pads[i];
		e[i] = p->pads[POOL_SP + i];
		if (ext[i] < 1 || ext[i] > INT32_MAX)
			return (node_error(err, n, GS_ESHAPE, "bad input shape "
			    "%s", shape_format(s, buf, sizeof buf)));
		if (pool_axis(p, ext[i], p->k[i], p->stride[i], p->dil[i],
		    &b[i], &e[i], &out[i]) != 0)
			return (node_error(err, n, GS_ESHAPE,
			    "the kernel does not fit the padded input %s",
			    shape_format(s, buf, sizeof buf)));
	}
	g->nc = (size_t)s->d[0] * (size_t)s->d[1];
	g->d = (size_t)ext[0];
	g->h = (size_t)ext[1];
	g->w = (size_t)ext[2];
	g->od = (size_t)out[0];
	g->oh = (size_t)out[1];
	g->ow = (size_t)out[2];
	g->pf = b[0];
	g->pt = b[1];
	g->pl = b[2];
	g->pk = e[0];
	g->pb = e[1];
	g->pr = e[2];
	g->inside = g->d == 1 && p->k[0] == 1 && g->pt == 0 && g->pl == 0 &&
	    p->dil[1] == 1 && p->dil[2] == 1 && out[1] > 0 && out[2] > 0 &&
	    (out[1] - 1) * p->stride[1] + p->k[1] <= ext[1] &&
	    (out[2] - 1) * p->stride[2] + p->k[2] <= ext[2];
	if (__builtin_mul_overflow(g->oh, g->ow, &len) ||
	    __builtin_mul_overflow(len, g->od, &len) ||
	    __builtin_mul_overflow(len, g->nc, &len) ||
	    len > SIZE_MAX / sizeof(gs_real))
		return (node_error(err, n, GS_ELIMIT,
		    "output of %zu x %zu x %zu for input %s is too large",
		    g->od, g->oh, g->ow, shape_format(s, buf, sizeof buf)));
	return (0);
}

/* Output shape [N, C, (oD,) (oH,) oW]. */
static int
pool_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct pool_priv	*p = n->priv;
	struct pool_geom	 g;
	size_t			 o[POOL_SP];
	int			 i;

	if (pool_geom(n, &in[0].shape, &g, err) != 0)
		return (-1);
	o[0] = g.od;
	o[1] = g.oh;
	o[2] = g.ow;
	*out = in[0].shape;
	for (i = 0; i < p->nsp; i++)
		out->d[2 + i] = (int64_t)o[POOL_SP - p->nsp + i];
	return (0);
}

/*
 * MaxPool 2 x 2, stride 2, wholly inside the input: the common case. The
 * forward pass keeps each window's winner in the scratch (pool_keep), so
 * the backward pass only scatters.
 */
static inline int
pool_is_2x2(const struct pool_priv *p, const struct pool_geom *g)
{
	return (p->max && g->inside && p->k[1] == 2 && p->k[2] == 2 &&
	    p->stride[1] == 2 && p->stride[2] == 2);
}

/*
 * The 2 x 2 case whose windows tile the rows of each plane (h = 2 oh): the
 * planes stacked are one tall plane of nc h rows with the same windows, so
 * forward and backward take it whole (the winners' indices then count
 * from the first plane), not plane by plane.
 */
static inline int
pool_is_tall(const struct pool_priv *p, const struct pool_geom *g)
{
	return (pool_is_2x2(p, g) && g->h == 2 * g->oh &&
	    g->nc <= (size_t)INT32_MAX / g->w / g->h);
}

/* Whether v beats the maximum m so far: larger, or NaN over a number. */
#define POOL_BETTER(v, m)	(((v) > (m)) | (((v) != (v)) & ((m) == (m))))

/*
 * The maximum of the window's Relu outputs, from the maximum m of its
 * inputs and its first input x0 (Relu: x < 0 ? 0 : x, NaN and -0 pass).
 * Relu is monotone, so a positive or NaN m is that maximum and its tap the
 * first winner either way; otherwise every Relu output is +0 or -0, all
 * equal, and the first tap wins with Relu(x0) (-0 where x0 is -0).
 */
#define POOL_RELU(m, x0)	((m) > 0 || (m) != (m) ? (m) :		\
				    (x0) < 0 ? 0 : (x0))

#if defined(__SSE2__) && !defined(GS_REAL_DOUBLE)
/*
 * Four windows of the row pair r0, r1 starting at column 2 ox: the same
 * choices as the scalar loop (taps in row-major order, the first maximum
 * wins, NaN beats a number), four lanes at a time. SSE2 is part of every
 * x86-64, so no run-time check is needed.
 */
static inline void
pool_max2x2_sse(const gs_real *r0, const gs_real *r1, size_t ox,
    int32_t base, int32_t w, gs_real *y, int32_t *at, int relu)
{
	__m128	 l0 = _mm_loadu_ps(r0 + 2 * ox), h0 = _mm_loadu_ps(r0 + 2 * ox + 4);
	__m128	 l1 = _mm_loadu_ps(r1 + 2 * ox), h1 = _mm_loadu_ps(r1 + 2 * ox + 4);
	__m128	 m, v, b;
	__m128i	 i, idx;

	idx = _mm_add_epi32(_mm_set1_epi32(base + 2 * (int32_t)ox),
	    _mm_set_epi32(6, 4, 2, 0));
	m = _mm_shuffle_ps(l0, h0, _MM_SHUFFLE(2, 0, 2, 0));
	i = idx;
#define POOL_LANE(V, OFF) do {						\
	v = (V);							\
	b = _mm_or_ps(_mm_cmpgt_ps(v, m), _mm_and_ps(_mm_cmpunord_ps(v,	\
	    v), _mm_cmpord_ps(m, m)));					\
	m = _mm_or_ps(_mm_and_ps(b, v), _mm_andnot_ps(b, m));		\
	i = _mm_or_si128(_mm_and_si128(_mm_castps_si128(b),		\
	    _mm_add_epi32(idx, _mm_set1_epi32(OFF))),			\
	    _mm_andnot_si128(_mm_castps_si128(b), i));			\
} while (0)
	POOL_LANE(_mm_shuffle_ps(l0, h0, _MM_SHUFFLE(3, 1, 3, 1)), 1);
	POOL_LANE(_mm_shuffle_ps(l1, h1, _MM_SHUFFLE(2, 0, 2, 0)), w);
	POOL_LANE(_mm_shuffle_ps(l1, h1, _MM_SHUFFLE(3, 1, 3, 1)), w + 1);
#undef POOL_LANE
	if (relu) {
		/* POOL_RELU: m where m > 0 or NaN, else the first tap's Relu. */
		v = _mm_shuffle_ps(l0, h0, _MM_SHUFFLE(2, 0, 2, 0));
		v = _mm_andnot_ps(_mm_cmplt_ps(v, _mm_setzero_ps()), v);
		b = _mm_or_ps(_mm_cmpgt_ps(m, _mm_setzero_ps()),
		    _mm_cmpunord_ps(m, m));
		m = _mm_or_ps(_mm_and_ps(b, m), _mm_andnot_ps(b, v));
	}
	_mm_storeu_ps(y + ox, m);
	_mm_storeu_si128((__m128i *)(void *)(at + ox), i);
}
#endif

#ifdef GS_SIMD
/*
 * Eight windows: four from each of two places, their top taps at t0 and
 * t1 (columns 2 ox to 2 ox + 7 of a row, the rows below w further), their
 * winners counted from i0 and i1 (the index of t0[0] and t1[0]); outputs
 * and winners to y0, a0 and y1, a1. The same choices as the scalar loop
 * and pool_max2x2_sse, eight lanes at a time (one AVX2 instruction or
 * two SSE ones); relu: POOL_RELU.
 */
GS_V8_INLINE void
pool_max8(const gs_real *t0, const gs_real *t1, size_t w, int32_t i0,
    int32_t i1, gs_real *y0, gs_real *y1, int32_t *a0, int32_t *a1, int relu)
{
	const gs_v8si	 ev = { 0, 2, 4, 6, 8, 10, 12, 14 };
	const gs_v8si	 od = { 1, 3, 5, 7, 9, 11, 13, 15 };
	gs_v8sf		 a = gs_v8_load(t0), b = gs_v8_load(t1);
	gs_v8sf		 c = gs_v8_load(t0 + w), d = gs_v8_load(t1 + w);
	gs_v8sf		 m, v, first;
	gs_v8si		 idx = { i0, i0 + 2, i0 + 4, i0 + 6, i1, i1 + 2,
			     i1 + 4, i1 + 6 }, at = idx, bt;

	first = m = __builtin_shuffle(a, b, ev);
#define POOL_LANE8(V, OFF) do {						\
	v = (V);							\
	bt = (v > m) | ((v != v) & (m == m));				\
	m = (gs_v8sf)(((gs_v8si)v & bt) | ((gs_v8si)m & ~bt));		\
	at = ((idx + (int32_t)(OFF)) & bt) | (at & ~bt);		\
} while (0)
	POOL_LANE8(__builtin_shuffle(a, b, od), 1);
	POOL_LANE8(__builtin_shuffle(c, d, ev), w);
	POOL_LANE8(__builtin_shuffle(c, d, od), w + 1);
#undef POOL_LANE8
	if (relu) {
		first = (gs_v8sf)((gs_v8si)first & ~(first < GS_V8(0.0f)));
		bt = (m > GS_V8(0.0f)) | (m != m);
		m = (gs_v8sf)(((gs_v8si)m & bt) | ((gs_v8si)first & ~bt));
	}
	memcpy(y0, &m, 4 * sizeof *y0);
	memcpy(y1, (const char *)&m + 4 * sizeof *y1, 4 * sizeof *y1);
	memcpy(a0, &at, 4 * sizeof *a0);
	memcpy(a1, (const char *)&at + 4 * sizeof *a1, 4 * sizeof *a1);
}

/*
 * pool_max2x2_forward with the winners kept and rows of at least four
 * windows: the rows' groups of four windows (the last four of a row
 * again where they overlap the previous four) two at a time, from
 * whichever rows they lie in (the digits CNN's rows are one group).
 */
static GS_CLONES void
pool_max2x2_wide(const struct pool_geom *g, const gs_real *x, gs_real *y,
    int32_t *at, int relu)
{
	const gs_real	*pt = NULL;
	gs_real		*py = NULL;
	int32_t		*pa = NULL, pi = 0, i;
	size_t		 oy, ox, j, w = g->w, ow = g->ow;

	for (oy = 0; oy < g->oh; oy++) {
		for (j = 0; j < ow; j += 4) {
			ox = j + 4 <= ow ? j : ow - 4;
			i = (int32_t)(2 * oy * w + 2 * ox);
			if (pt == NULL) {
				pt = x + i;
				pi = i;
				py = y + oy * ow + ox;
				pa = at + oy * ow + ox;
				continue;
			}
			pool_max8(pt, x + i, w, pi, i, py, y + oy * ow + ox,
			    pa, at + oy * ow + ox, relu);
			pt = NULL;
		}
	}
	if (pt != NULL)
		pool_max8(pt, pt, w, pi, pi, py, py, pa, pa, relu);
}
#endif

/*
 * One plane: y receives each window's maximum and at (when not NULL) the
 * index into the plane of its first maximum.
 */
static void
pool_max2x2_forward(const struct pool_geom *g, const gs_real *x, gs_real *y,
    int32_t *at, int relu)
{
	size_t		 oy, ox, w = g->w;
	const gs_real	*r0, *r1;
	gs_real		 m, v;
	int32_t		 base, a, *ar;
	int		 b;

#ifdef GS_SIMD
	if (at != NULL && g->ow >= 4 && !op_generic) {
		pool_max2x2_wide(g, x, y, at, relu);
		return;
	}
#endif
	for (oy = 0; oy < g->oh; oy++, y += g->ow) {
		r0 = x + 2 * oy * w;
		r1 = r0 + w;
		base = (int32_t)(2 * oy * w);
		ar = at != NULL ? at + oy * g->ow : NULL;
		ox = 0;
#if defined(__SSE2__) && !defined(GS_REAL_DOUBLE)
		/*
		 * Four windows read columns 2 ox to 2 ox + 7 (2 ow <= w); the
		 * last four end the row, the same windows again where they
		 * overlap the previous four (the same values and winners).
		 */
		if (ar != NULL && g->ow >= 4) {
			for (; ox + 4 <= g->ow; ox += 4)
				pool_max2x2_sse(r0, r1, ox, base, (int32_t)w,
				    y, ar, relu);
			if (ox < g->ow)
				pool_max2x2_sse(r0, r1, g->ow - 4, base,
				    (int32_t)w, y, ar, relu);
			ox = g->ow;
		}
#endif
		for (; ox < g->ow; ox++) {
			a = base + (int32_t)(2 * ox);
			m = r0[2 * ox];
			v = r0[2 * ox + 1];
			b = POOL_BETTER(v, m);
			m = b ? v : m;
			a = b ? base + (int32_t)(2 * ox + 1) : a;
			v = r1[2 * ox];
			b = POOL_BETTER(v, m);
			m = b ? v : m;
			a = b ? base + (int32_t)(w + 2 * ox) : a;
			v = r1[2 * ox + 1];
			b = POOL_BETTER(v, m);
			m = b ? v : m;
			a = b ? base + (int32_t)(w + 2 * ox + 1) : a;
			y[ox] = relu ? POOL_RELU(m, r0[2 * ox]) : m;
			if (ar != NULL)
				ar[ox] = a;
		}
	}
}

/*
 * Kernel taps [*lo, *hi) whose position start + t d lies in [0, len).
 */
static void
pool_taps(int64_t start, int64_t d, int64_t k, int64_t len, int64_t *lo,
    int64_t *hi)
{
	*lo = start >= 0 ? 0 : (-start + d - 1) / d;
	*hi = len - start <= 0 ? 0 : (len - start + d - 1) / d;
	if (*hi > k)
		*hi = k;
	if (*lo > *hi)
		*lo = *hi;
}

/* The window of output (oz, oy, ox): its start and taps inside. */
struct pool_win {
	int64_t		 st[POOL_SP];	/* first position (may be negative) */
	int64_t		 lo[POOL_SP];	/* first tap inside the input */
	int64_t		 hi[POOL_SP];	/* past the last tap inside */
};

/* Axis i (0 depth, 1 height, 2 width) of the window at output index o. */
static void
pool_window_axis(const struct pool_priv *p, const struct pool_geom *g,
    int i, size_t o, struct pool_win *w)
{
	const size_t	 e[POOL_SP] = { g->d, g->h, g->w };
	const int64_t	 b[POOL_SP] = { g->pf, g->pt, g->pl };

	w->st[i] = (int64_t)o * p->stride[i] - b[i];
	pool_taps(w->st[i], p->dil[i], p->k[i], (int64_t)e[i], &w->lo[i],
	    &w->hi[i]);
}

static void
pool_window(const struct pool_priv *p, const struct pool_geom *g, size_t oz,
    size_t oy, size_t ox, struct pool_win *w)
{
	pool_window_axis(p, g, 0, oz, w);
	pool_window_axis(p, g, 1, oy, w);
	pool_window_axis(p, g, 2, ox, w);
}

/* Offset into the volume of tap (a, b, c) of window w. */
static inline int64_t
pool_tap(const struct pool_priv *p, const struct pool_geom *g,
    const struct pool_win *w, int64_t a, int64_t b, int64_t c)
{
	return (((w->st[0] + a * p->dil[0]) * (int64_t)g->h + w->st[1] +
	    b * p->dil[1]) * (int64_t)g->w + w->st[2] + c * p->dil[2]);
}

/*
 * Index into the volume of the first maximum of the window at (oz, oy,
 * ox), scanning in row-major order (NaN wins, as torch); -1 when the
 * window holds no input element.
 */
static int64_t
pool_argmax(const struct pool_priv *p, const struct pool_geom *g,
    const gs_real *x, size_t oz, size_t oy, size_t ox)
{
	if (g->inside)
		return (pool_argmax_inside(p, g->w, x, (int64_t)(oy *
		    p->stride[1] * g->w + ox * p->stride[2])));
	return (pool_argmax_clipped(p, g, x, oz, oy, ox));
}

/* pool_argmax for windows that may reach outside the input or dilate. */
static int64_t
pool_argmax_clipped(const struct pool_priv *p, const struct pool_geom *g,
    const gs_real *x, size_t oz, size_t oy, size_t ox)
{
	struct pool_win	 w;
	int64_t		 a, i, j, at = -1, idx;
	gs_real		 m = 0, v;

	pool_window(p, g, oz, oy, ox, &w);
	for (a = w.lo[0]; a < w.hi[0]; a++) {
		for (i = w.lo[1]; i < w.hi[1]; i++) {
			for (j = w.lo[2]; j < w.hi[2]; j++) {
				idx = pool_tap(p, g, &w, a, i, j);
				v = x[idx];
				if (at < 0 || v > m || (isnan(v) &&
				    !isnan(m))) {
					m = v;
					at = idx;
				}
			}
		}
	}
	return (at);
}

/*
 * Mean of the window at (oz, oy, ox) (dx NULL), or dx += g / divisor over
 * it; returns the divisor: the taps inside the input, or with
 * count_include_pad inside the padded input.
 */
static gs_real
pool_avg(const struct pool_priv *p, const struct pool_geom *g,
    const gs_real *x, size_t oz, size_t oy, size_t ox, gs_real *dx,
    gs_real gv)
{
	struct pool_win	 w;
	const int64_t	 e[POOL_SP] = { (int64_t)g->d, (int64_t)g->h,
	    (int64_t)g->w };
	const int64_t	 b[POOL_SP] = { g->pf, g->pt, g->pl };
	const int64_t	 f[POOL_SP] = { g->pk, g->pb, g->pr };
	int64_t		 a, i, j, plo, phi, cnt = 1;
	gs_real		 s = 0, d;
	int		 k;

	pool_window(p, g, oz, oy, ox, &w);
	for (k = 0; k < POOL_SP; k++) {
		if (p->include_pad) {
			pool_taps(w.st[k] + b[k], p->dil[k], p->k[k], e[k] +
			    b[k] + f[k], &plo, &phi);
			cnt *= phi - plo;
		} else
			cnt *= w.hi[k] - w.lo[k];
	}
	if (cnt == 0)
		return (0);
	d = (gs_real)cnt;
	for (a = w.lo[0]; a < w.hi[0]; a++) {
		for (i = w.lo[1]; i < w.hi[1]; i++) {
			for (j = w.lo[2]; j < w.hi[2]; j++) {
				if (dx != NULL)
					dx[pool_tap(p, g, &w, a, i, j)] +=
					    gv / d;
				else
					s += x[pool_tap(p, g, &w, a, i, j)];
			}
		}
	}
	return (dx != NULL ? d : s / d);
}

/*
 * AveragePool over windows wholly inside one plane (g->inside): y is the
 * mean of each kh x kw window (dx NULL), or dx += g / (kh kw) over it.
 * Every divisor is kh kw here, whatever count_include_pad says.
 */
static void
pool_avg_plane(const struct pool_priv *p, const struct pool_geom *g,
    const gs_real *x, gs_real *y, gs_real *dx, const gs_real *gy)
{
	size_t		 oy, ox, i, j, w = g->w;
	size_t		 kh = (size_t)p->k[1], kw = (size_t)p->k[2];
	size_t		 sh = (size_t)p->stride[1], sw = (size_t)p->stride[2];
	const gs_real	*r;
	gs_real		 s, inv = (gs_real)1 / (gs_real)(kh * kw), v;

	if (kh == 2 && kw == 2 && sh == 2 && sw == 2) {
		/* The common 2 x 2, stride 2: plain loops that vectorise. */
		for (oy = 0; oy < g->oh; oy++) {
			if (dx == NULL) {
				const gs_real *restrict r0 = x + 2 * oy * w;
				const gs_real *restrict r1 = r0 + w;
				gs_real *restrict yo = y + oy * g->ow;

				for (ox = 0; ox < g->ow; ox++)
					yo[ox] = (r0[2 * ox] + r0[2 * ox + 1] +
					    r1[2 * ox] + r1[2 * ox + 1]) * inv;
			} else {
				gs_real *restrict d0 = dx + 2 * oy * w;
				gs_real *restrict d1 = d0 + w;
				const gs_real *restrict go = gy + oy * g->ow;

				for (ox = 0; ox < g->ow; ox++) {
					v = go[ox] * inv;
					d0[2 * ox] += v;
					d0[2 * ox + 1] += v;
					d1[2 * ox] += v;
					d1[2 * ox + 1] += v;
				}
			}
		}
		return;
	}
	for (oy = 0; oy < g->oh; oy++) {
		for (ox = 0; ox < g->ow; ox++) {
			if (dx == NULL) {
				/* Only here: the backward pass gives x NULL. */
				r = x + oy * sh * w + ox * sw;
				s = 0;
				for (i = 0; i < kh; i++)
					for (j = 0; j < kw; j++)
						s += r[i * w + j];
				*y++ = s * inv;
				continue;
			}
			v = *gy++ * inv;
			for (i = 0; i < kh; i++)
				for (j = 0; j < kw; j++)
					dx[oy * sh * w + ox * sw + i * w + j] +=
					    v;
		}
	}
}

/*
 * Whether MaxPool keeps its winners in the scratch: one int32_t per output
 * element, the index into its plane (-1: a window wholly in the padding).
 * Forward and backward decide alike from the same shapes.
 */
static int
pool_keeps(const struct pool_priv *p, const struct pool_geom *g,
    const gs_real *scratch)
{
	return (p->max && scratch != NULL && g->d * g->h <= INT32_MAX / g->w);
}

/* Workspace: the kept winners, in gs_real elements. */
static size_t
pool_scratch(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	struct pool_geom	 g;
	size_t			 len;

	if (pool_geom(n, &in[0].shape, &g, NULL) != 0 ||
	    g.d * g.h > INT32_MAX / g.w)
		return (0);
	len = g.nc * g.od * g.oh * g.ow;	/* checked by pool_geom */
	return ((len * sizeof(int32_t) + sizeof(gs_real) - 1) /
	    sizeof(gs_real));
}

/*
 * y = max or mean of each window; 0 for a window wholly in the padding.
 * MaxPool leaves each window's winner in scratch for pool_backward.
 */
static void
pool_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct pool_priv	*p = n->priv;
	struct pool_geom	 g;
	const gs_real		*x;
	gs_real			*y;
	int32_t			*keep = NULL;
	size_t			 c, oz, oy, ox;
	int64_t			 at;

	if (pool_geom(n, &in[0].shape, &g, NULL) != 0)
		return;
	if (pool_keeps(p, &g, scratch))
		keep = (int32_t *)(void *)scratch;
	if (pool_is_tall(p, &g)) {
		g.oh *= g.nc;
		g.h *= g.nc;
		pool_max2x2_forward(&g, in[0].data, out[0].data, keep, 0);
		return;
	}
	if (pool_is_2x2(p, &g)) {
		for (c = 0; c < g.nc; c++)
			pool_max2x2_forward(&g, in[0].data + c * g.h * g.w,
			    out[0].data + c * g.oh * g.ow, keep != NULL ?
			    keep + c * g.oh * g.ow : NULL, 0);
		return;
	}
	if (!p->max && g.inside) {
		for (c = 0; c < g.nc; c++)
			pool_avg_plane(p, &g, in[0].data + c * g.h * g.w,
			    out[0].data + c * g.oh * g.ow, NULL, NULL);
		return;
	}
	for (c = 0; c < g.nc; c++) {
		x = in[0].data + c * g.d * g.h * g.w;
		y = out[0].data + c * g.od * g.oh * g.ow;
		for (oz = 0; oz < g.od; oz++) {
			for (oy = 0; oy < g.oh; oy++) {
				for (ox = 0; ox < g.ow; ox++) {
					if (!p->max) {
						*y++ = pool_avg(p, &g, x, oz,
						    oy, ox, NULL, 0);
						continue;
					}
					at = pool_argmax(p, &g, x, oz, oy, ox);
					*y++ = at >= 0 ? x[at] : 0;
					if (keep != NULL)
						*keep++ = (int32_t)at;
				}
			}
		}
	}
}

/*
 * MaxPool: d max / dx_i = [i is the first argmax], the winners kept by
 * the forward pass (or found again without a scratch). AveragePool: each
 * tap gets g / divisor.
 */
static void
pool_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const struct pool_priv	*p = n->priv;
	struct pool_geom	 g;
	const gs_real		*x, *gy;
	const int32_t		*keep;
	gs_real			*dx;
	size_t			 c, oz, oy, ox, i, plane, vol;
	int64_t			 at;

	if (din[0].data == NULL || pool_geom(n, &in[0].shape, &g, NULL) != 0)
		return;
	plane = g.od * g.oh * g.ow;
	vol = g.d * g.h * g.w;
	if (pool_keeps(p, &g, scratch) && pool_is_tall(p, &g)) {
		/* One tall plane (pool_is_tall). */
		keep = (const int32_t *)(const void *)scratch;
		dx = din[0].data;
		gy = dout[0].data;
		for (i = 0; i < g.nc * plane; i++)
			dx[keep[i]] += gy[i];
		return;
	}
	if (pool_keeps(p, &g, scratch)) {
		keep = (const int32_t *)(const void *)scratch;
		for (c = 0; c < g.nc; c++, keep += plane) {
			dx = din[0].data + c * vol;
			gy = dout[0].data + c * plane;
			for (i = 0; i < plane; i++) {
				if (keep[i] >= 0)
					dx[keep[i]] += gy[i];
			}
		}
		return;
	}
	if (!p->max && g.inside) {
		for (c = 0; c < g.nc; c++)
			pool_avg_plane(p, &g, NULL, NULL, din[0].data + c * vol,
			    dout[0].data + c * plane);
		return;
	}
	for (c = 0; c < g.nc; c++) {
		x = in[0].data + c * vol;
		dx = din[0].data + c * vol;
		gy = dout[0].data + c * plane;
		for (oz = 0; oz < g.od; oz++) {
			for (oy = 0; oy < g.oh; oy++) {
				for (ox = 0; ox < g.ow; ox++, gy++) {
					if (!p->max) {
						pool_avg(p, &g, x, oz, oy, ox,
						    dx, *gy);
						continue;
					}
					at = pool_argmax(p, &g, x, oz, oy, ox);
					if (at >= 0)
						dx[at] += *gy;
				}
			}
		}
	}
}

/*
 * Relu followed by MaxPool, run by a plan as one step in its gradient
 * passes, where nothing reads the Relu's output (see graph.h): whether
 * MaxPool node n can take the Relu's input, of shape s, itself. Only the
 * 2 x 2 windows tiling the rows (pool_is_tall) with their winners kept.
 */
int
pool_relu_fits(const struct gs_node *n, const struct gs_shape *s)
{
	const struct pool_priv	*p = n->priv;
	struct pool_geom	 g;

	if (op_generic || !p->max || pool_geom(n, s, &g, NULL) != 0)
		return (0);
	return (pool_is_tall(p, &g) && g.d * g.h <= INT32_MAX / g.w);
}

/*
 * y = MaxPool(Relu(x)) without Relu's output: each window's first maximum
 * of x, then POOL_RELU; the same values and winners. The winners go to
 * scratch as pool_forward keeps them.
 */
void
pool_relu_forward(const struct gs_node *n, const struct gs_tensor *x,
    struct gs_tensor *out, gs_real *scratch)
{
	struct pool_geom	 g;

	if (pool_geom(n, &x->shape, &g, NULL) != 0)
		return;
	g.oh *= g.nc;
	g.h *= g.nc;
	pool_max2x2_forward(&g, x->data, out[0].data,
	    (int32_t *)(void *)scratch, 1);
}

#ifdef GS_SIMD
/*
 * The stored gradient through Relu and MaxPool of eight windows, four
 * from each of two places: their rows' first elements d0 and d1 (at
 * columns 2 ox, the rows below w further; i0 and i1 the indices of d0[0]
 * and d1[0] in the tall plane), outputs, their gradients and winners at
 * y0, g0, a0 and y1, g1, a1. Each of the eight columns of either row gets
 * 0 + g where it is its window's winner and y > 0 (where the winner's
 * input is > 0: y is that input, or NaN, or the Relu of a -0 or +0),
 * else +0.
 */
GS_V8_INLINE void
pool_relu_back8(gs_real *d0, gs_real *d1, size_t w, int32_t i0, int32_t i1,
    const gs_real *y0, const gs_real *y1, const gs_real *g0,
    const gs_real *g1, const int32_t *a0, const int32_t *a1)
{
	const gs_v8si	 lo = { 0, 8, 1, 9, 2, 10, 3, 11 };
	const gs_v8si	 hi = { 4, 12, 5, 13, 6, 14, 7, 15 };
	gs_v8sf		 y, g, v, e0, e1, e2, e3;
	gs_v8si		 t, idx = { i0, i0 + 2, i0 + 4, i0 + 6, i1, i1 + 2,
			     i1 + 4, i1 + 6 };

	/*
	 * One load where the two fours follow each other (rows of four
	 * windows, the first two groups of a row), else lane by lane (halves
	 * copied in would wait on the stack).
	 */
	if (y1 == y0 + 4) {
		y = gs_v8_load(y0);
		g = gs_v8_load(g0);
		memcpy(&t, a0, sizeof t);
	} else {
		y = (gs_v8sf){ y0[0], y0[1], y0[2], y0[3], y1[0], y1[1],
		    y1[2], y1[3] };
		g = (gs_v8sf){ g0[0], g0[1], g0[2], g0[3], g1[0], g1[1],
		    g1[2], g1[3] };
		t = (gs_v8si){ a0[0], a0[1], a0[2], a0[3], a1[0], a1[1],
		    a1[2], a1[3] };
	}
	t -= idx;
	v = GS_V8(0.0f) + (gs_v8sf)((gs_v8si)g & (y > GS_V8(0.0f)));
	e0 = (gs_v8sf)((gs_v8si)v & (t == 0));
	e1 = (gs_v8sf)((gs_v8si)v & (t == 1));
	e2 = (gs_v8sf)((gs_v8si)v & (t == (int32_t)w));
	e3 = (gs_v8sf)((gs_v8si)v & (t == (int32_t)w + 1));
	gs_v8_store(d0, __builtin_shuffle(e0, e1, lo));
	gs_v8_store(d1, __builtin_shuffle(e0, e1, hi));
	gs_v8_store(d0 + w, __builtin_shuffle(e2, e3, lo));
	gs_v8_store(d1 + w, __builtin_shuffle(e2, e3, hi));
}

/*
 * The stored gradient through Relu and MaxPool where the windows cover
 * the rows (w = 2 ow, ow >= 4): pool_max2x2_wide's groups of four
 * windows, two at a time, each writing its two rows' eight columns.
 */
static GS_CLONES void
pool_relu_back_wide(const struct pool_geom *g, gs_real *d, const gs_real *y,
    const gs_real *gy, const int32_t *at)
{
	size_t		 oy, ox, j, o, po = 0, w = g->w, ow = g->ow;
	int32_t		 i, pi = -1;

	for (oy = 0; oy < g->nc * g->oh; oy++) {
		for (j = 0; j < ow; j += 4) {
			ox = j + 4 <= ow ? j : ow - 4;
			i = (int32_t)(2 * oy * w + 2 * ox);
			o = oy * ow + ox;
			if (pi < 0) {
				pi = i;
				po = o;
				continue;
			}
			pool_relu_back8(d + pi, d + i, w, pi, i, y + po, y + o,
			    gy + po, gy + o, at + po, at + o);
			pi = -1;
		}
	}
	if (pi >= 0)
		pool_relu_back8(d + pi, d + pi, w, pi, pi, y + po, y + po,
		    gy + po, gy + po, at + po, at + po);
}
#endif

/*
 * dx += the gradient through Relu and MaxPool, the bits of Relu's
 * backward pass on MaxPool's (whose gradient starts cleared): the
 * window's winner a gets 0 + (x[a] > 0 ? g : 0) and every other element
 * 0. Stored (dx->store): written, not added; added, the 0 is added too
 * (it turns -0 into +0, as Relu's would).
 */
void
pool_relu_backward(const struct gs_node *n, const struct gs_tensor *x,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *dx, const gs_real *scratch)
{
	const int32_t		*keep = (const int32_t *)(const void *)scratch;
	const gs_real		*xv = x->data, *gy = dout[0].data;
	gs_real			*d = dx->data;
	struct pool_geom	 g;
	size_t			 i, len;

	if (d == NULL || pool_geom(n, &x->shape, &g, NULL) != 0)
		return;
#ifdef GS_SIMD
	/* Stored, windows covering the rows: written whole, not cleared. */
	if (dx->store && g.w == 2 * g.ow && g.ow >= 4) {
		pool_relu_back_wide(&g, d, out[0].data, gy, keep);
		return;
	}
#else
	(void)out;
#endif
	len = g.nc * g.h * g.w;
	if (dx->store)
		memset(d, 0, len * sizeof *d);
	else {
		for (i = 0; i < len; i++)
			d[i] += 0;
	}
	len = g.nc * g.oh * g.ow;
	for (i = 0; i < len; i++)
		d[keep[i]] += xv[keep[i]] > 0 ? gy[i] : 0;
}

/* GlobalAveragePool, GlobalMaxPool: [N, C, d1, ...] to [N, C, 1, ...]. */
static int
pool_global_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	char	 buf[96];
	int	 i;

	if (in[0].shape.ndim < 3)
		return (node_error(err, n, GS_ESHAPE,
		    "input must be [N, C, spatial...], not %s",
		    shape_format(&in[0].shape, buf, sizeof buf)));
	*out = in[0].shape;
	for (i = 2; i < out->ndim; i++) {
		if (out->d[i] < 1)
			return (node_error(err, n, GS_ESHAPE,
			    "empty spatial dimension in %s",
			    shape_format(&in[0].shape, buf, sizeof buf)));
		out->d[i] = 1;
	}
	return (0);
}

/* y[n, c] = mean of plane (n, c). */
static void
pool_global_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const gs_real	*x = in[0].data;
	size_t		 nc = shape_len(&out[0].shape), len, c, i;
	gs_real		 s;

	if (nc == 0)
		return;
	len = shape_len(&in[0].shape) / nc;
	for (c = 0; c < nc; c++, x += len) {
		s = 0;
		for (i = 0; i < len; i++)
			s += x[i];
		out[0].data[c] = s / (gs_real)len;
	}
}

/* d mean / dx_i = 1 / len for every element of the plane. */
static void
pool_global_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	gs_real		*dx = din[0].data, v;
	size_t		 nc = shape_len(&out[0].shape), len, c, i;

	if (dx == NULL || nc == 0)
		return;
	len = shape_len(&in[0].shape) / nc;
	for (c = 0; c < nc; c++, dx += len) {
		v = dout[0].data[c] / (gs_real)len;
		for (i = 0; i < len; i++)
			dx[i] += v;
	}
}

/*
 * MaxPool's margins for row row: for every window of two or more taps
 * inside the input, each tap minus the largest other tap, so exactly the
 * winner's margin is positive (none on a tie). A non-winner's margin is
 * affine in the inputs until the winner changes.
 */
static size_t
pool_margins(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, size_t row, size_t rows, gs_real *m)
{
	const struct pool_priv	*p = n->priv;
	struct pool_geom	 g;
	struct pool_win		 w;
	const gs_real		*x;
	gs_real			 top, second, v;
	int64_t			 a, i, j, at, idx;
	size_t			 c, c0, c1, oz, oy, ox, count = 0, taps;

	if (pool_geom(n, &in[0].shape, &g, NULL) != 0)
		return (0);
	c0 = row * (g.nc / rows);
	c1 = c0 + g.nc / rows;
	for (c = c0; c < c1; c++) {
		x = in[0].data + c * g.d * g.h * g.w;
		for (oz = 0; oz < g.od; oz++)
		for (oy = 0; oy < g.oh; oy++)
		for (ox = 0; ox < g.ow; ox++) {
			pool_window(p, &g, oz, oy, ox, &w);
			taps = (size_t)((w.hi[0] - w.lo[0]) * (w.hi[1] -
			    w.lo[1]) * (w.hi[2] - w.lo[2]));
			if (taps < 2)
				continue;
			if (m == NULL) {
				count += taps;
				continue;
			}
			/* The two largest taps, then the margins. */
			top = second = -INFINITY;
			at = -1;
			for (a = w.lo[0]; a < w.hi[0]; a++)
			for (i = w.lo[1]; i < w.hi[1]; i++)
			for (j = w.lo[2]; j < w.hi[2]; j++) {
				idx = pool_tap(p, &g, &w, a, i, j);
				v = x[idx];
				if (at < 0 || v > top) {
					second = top;
					top = v;
					at = idx;
				} else if (v > second)
					second = v;
			}
			for (a = w.lo[0]; a < w.hi[0]; a++)
			for (i = w.lo[1]; i < w.hi[1]; i++)
			for (j = w.lo[2]; j < w.hi[2]; j++) {
				idx = pool_tap(p, &g, &w, a, i, j);
				m[count++] = x[idx] - (idx == at ? second :
				    top);
			}
		}
	}
	return (count);
}

/* GlobalMaxPool: y[n, c] = the largest element of plane (n, c). */
static void
pool_gmax_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const gs_real	*x = in[0].data;
	size_t		 nc = shape_len(&out[0].shape), len, c, i;
	gs_real		 m;

	if (nc == 0)
		return;
	len = shape_len(&in[0].shape) / nc;
	for (c = 0; c < nc; c++, x += len) {
		m = x[0];
		for (i = 1; i < len; i++) {
			if (x[i] > m || (isnan(x[i]) && !isnan(m)))
				m = x[i];
		}
		out[0].data[c] = m;
	}
}

/* d max / dx_i = [i is the first element equal to the maximum]. */
static void
pool_gmax_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const gs_real	*x = in[0].data;
	size_t		 nc = shape_len(&out[0].shape), len, c, i;
	gs_real		 y;

	if (din[0].data == NULL || nc == 0)
		return;
	len = shape_len(&in[0].shape) / nc;
	for (c = 0; c < nc; c++, x += len) {
		y = out[0].data[c];
		for (i = 0; i < len; i++) {
			if (x[i] == y || (isnan(x[i]) && isnan(y))) {
				din[0].data[c * len + i] += dout[0].data[c];
				break;
			}
		}
	}
}

/* Each element minus the largest other element of its plane. */
static size_t
pool_gmax_margins(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, size_t row, size_t rows, gs_real *m)
{
	size_t		 nc = shape_len(&out[0].shape), len, c, c0, i, at;
	const gs_real	*x;
	gs_real		 top, second;

	if (nc == 0)
		return (0);
	len = shape_len(&in[0].shape) / nc;
	if (len < 2)
		return (0);
	if (m == NULL)
		return (len * (nc / rows));
	c0 = row * (nc / rows);
	for (c = c0; c < c0 + nc / rows; c++) {
		x = in[0].data + c * len;
		top = x[0];
		second = -INFINITY;
		at = 0;
		for (i = 1; i < len; i++) {
			if (x[i] > top) {
				second = top;
				top = x[i];
				at = i;
			} else if (x[i] > second)
				second = x[i];
		}
		for (i = 0; i < len; i++)
			*m++ = x[i] - (i == at ? second : top);
	}
	return (len * (nc / rows));
}

/*
 * Kinks along a segment (see graph.h): each MaxPool window is a race of
 * its taps inside the input (over 1, 2 or 3 spatial dimensions, with the
 * same strides, dilations, pads and ceil_mode as the forward pass), whose
 * winner just after a keeps winning until the first other tap crosses
 * it; that crossing is the window's kink.
 */
static size_t
pool_kinks(const struct gs_node *n, const struct gs_tensor *a,
    const struct gs_tensor *b, const size_t *base, struct gs_kink *k,
    size_t max)
{
	const struct pool_priv	*p = n->priv;
	const gs_real		*xa, *xb;
	struct pool_geom	 g;
	struct pool_win		 w;
	struct gs_kinks		 ks;
	struct gs_kink_race	 r;
	size_t			 c, oz, oy, ox, vol, at;
	int64_t			 d, i, j, idx;

	if (!p->max || base[0] == GS_KINK_FIXED ||
	    pool_geom(n, &a[0].shape, &g, NULL) != 0)
		return (0);
	vol = g.d * g.h * g.w;
	kinks_start(&ks, k, max, kinks_scale(a[0].data, b[0].data,
	    g.nc * vol, 0));
	for (c = 0; c < g.nc; c++) {
		xa = a[0].data + c * vol;
		xb = b[0].data + c * vol;
		at = base[0] + c * vol;
		for (oz = 0; oz < g.od; oz++) {
		pool_window_axis(p, &g, 0, oz, &w);
		for (oy = 0; oy < g.oh; oy++) {
		pool_window_axis(p, &g, 1, oy, &w);
		for (ox = 0; ox < g.ow; ox++) {
			pool_window_axis(p, &g, 2, ox, &w);
			kink_race_start(&r, 1);
			for (d = w.lo[0]; d < w.hi[0]; d++)
			for (i = w.lo[1]; i < w.hi[1]; i++)
			for (j = w.lo[2]; j < w.hi[2]; j++) {
				idx = pool_tap(p, &g, &w, d, i, j);
				kink_race_enter(&r, at + (size_t)idx, xa[idx],
				    xb[idx]);
			}
			for (d = w.lo[0]; d < w.hi[0]; d++)
			for (i = w.lo[1]; i < w.hi[1]; i++)
			for (j = w.lo[2]; j < w.hi[2]; j++) {
				idx = pool_tap(p, &g, &w, d, i, j);
				kink_race_cross(&r, at + (size_t)idx, xa[idx],
				    xb[idx]);
			}
			kinks_race(&ks, &r);
		}
		}
		}
	}
	return (ks.count);
}

/* GlobalMaxPool's kinks: each plane is one race (see pool_kinks). */
static size_t
pool_gmax_kinks(const struct gs_node *n, const struct gs_tensor *a,
    const struct gs_tensor *b, const size_t *base, struct gs_kink *k,
    size_t max)
{
	struct gs_kinks		 ks;
	struct gs_kink_race	 r;
	size_t			 len = shape_len(&a[0].shape), nc, plane, c, i;

	if (base[0] == GS_KINK_FIXED || a[0].shape.ndim < 3 || len == 0)
		return (0);
	nc = (size_t)a[0].shape.d[0] * (size_t)a[0].shape.d[1];
	plane = len / nc;
	kinks_start(&ks, k, max, kinks_scale(a[0].data, b[0].data, len, 0));
	for (c = 0; c < nc; c++) {
		kink_race_start(&r, 1);
		for (i = c * plane; i < (c + 1) * plane; i++)
			kink_race_enter(&r, base[0] + i, a[0].data[i],
			    b[0].data[i]);
		for (i = c * plane; i < (c + 1) * plane; i++)
			kink_race_cross(&r, base[0] + i, a[0].data[i],
			    b[0].data[i]);
		kinks_race(&ks, &r);
	}
	return (ks.count);
}

const struct gs_op gs_op_maxpool = {
	.name = "MaxPool", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = GS_OP_KINKS,
	.init = pool_init, .shape = pool_shape, .scratch = pool_scratch,
	.forward = pool_forward, .backward = pool_backward, .free = NULL,
	.keep = 1, .margins = pool_margins, .kinks = pool_kinks
};

const struct gs_op gs_op_averagepool = {
	.name = "AveragePool", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = GS_OP_SMOOTH,
	.init = pool_init, .shape = pool_shape, .scratch = NULL,
	.forward = pool_forward, .backward = pool_backward, .free = NULL
};

const struct gs_op gs_op_globalaveragepool = {
	.name = "GlobalAveragePool", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = GS_OP_SMOOTH,
	.init = NULL, .shape = pool_global_shape, .scratch = NULL,
	.forward = pool_global_forward, .backward = pool_global_backward,
	.free = NULL
};

const struct gs_op gs_op_globalmaxpool = {
	.name = "GlobalMaxPool", .min_in = 1, .max_in = 1, .n_out = 1,
	.traits = GS_OP_KINKS,
	.shape = pool_global_shape, .forward = pool_gmax_forward,
	.backward = pool_gmax_backward, .margins = pool_gmax_margins,
	.kinks = pool_gmax_kinks
};

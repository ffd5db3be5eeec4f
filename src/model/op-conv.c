/* SPDX-License-Identifier: ISC */
/*
 * Conv, 2-D only: input [N, C, H, W], constant weight [M, C/group, kH, kW]
 * and optional constant bias [M]; pads, strides, dilations, groups and
 * auto_pad. Forward unfolds a chunk of images (im2col) and runs one GEMM
 * per chunk and group; backward to the input is one GEMM per chunk and
 * group and a fold (col2im). Chunks keep the workspace in cache.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "model/graph.h"

#define CONV_ATTR_MAX	INT32_MAX	/* largest pad, stride or dilation */
#define CONV_CHUNK	(1 << 15)	/* workspace elements per chunk */

enum conv_pad {
	CONV_PAD_NOTSET,		/* explicit pads */
	CONV_PAD_VALID,			/* no padding */
	CONV_PAD_SAME_UPPER,		/* ceil(in / stride), extra pad last */
	CONV_PAD_SAME_LOWER		/* the same, extra pad at start */
};

struct conv_priv {
	enum conv_pad	 auto_pad;	/* padding rule */
	int64_t		 pads[4];	/* top, left, bottom, right */
	int64_t		 stride[2];	/* vertical, horizontal */
	int64_t		 dil[2];	/* vertical, horizontal */
	int64_t		 group;		/* number of groups */
	int64_t		 m;		/* output channels */
	int64_t		 cg;		/* in channels per group */
	int64_t		 kh, kw;	/* kernel size */
	int		 bias;		/* has a bias input */
};

/* Everything about one run: sizes for the shapes at hand. */
struct conv_geom {
	size_t		 n, c, h, w;	/* input [N, C, H, W] */
	size_t		 m, oh, ow;	/* output channels, H, W */
	size_t		 g, cg, mg;	/* groups; in, out channels each */
	size_t		 kh, kw;	/* kernel size */
	int64_t		 sh, sw;	/* strides */
	int64_t		 dh, dw;	/* dilations */
	int64_t		 pt, pl;	/* top and left padding */
	size_t		 k;		/* column matrix rows: cg kh kw */
	size_t		 p;		/* output pixels: oh ow */
	size_t		 nb;		/* images per chunk */
	int		 run;		/* stride 1, ow == w (conv_run) */
};

/* Parse attributes; the weight (and bias) must be constants. */
static int
conv_init(struct gs_node *n, const struct gs_tensor *in, struct gs_error *err)
{
	struct conv_priv	 p;
	const struct gs_shape	*ws = &in[1].shape;
	const char		*ap;
	int64_t			 ks[2] = { -1, -1 };
	size_t			 i;

	memset(&p, 0, sizeof p);
	p.stride[0] = p.stride[1] = p.dil[0] = p.dil[1] = 1;
	if (!in[1].is_const)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "a non-constant weight is not supported"));
	if (ws->ndim != 4)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "only 2-D Conv is supported (weight has rank %d)",
		    ws->ndim));
	p.bias = n->n_in > 2 && n->in[2] >= 0;
	if (p.bias && !in[2].is_const)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "a non-constant bias is not supported"));

	if (node_attr_string(n, "auto_pad", "NOTSET", &ap, err) != 0)
		return (-1);
	if (strcmp(ap, "NOTSET") == 0)
		p.auto_pad = CONV_PAD_NOTSET;
	else if (strcmp(ap, "VALID") == 0)
		p.auto_pad = CONV_PAD_VALID;
	else if (strcmp(ap, "SAME_UPPER") == 0)
		p.auto_pad = CONV_PAD_SAME_UPPER;
	else if (strcmp(ap, "SAME_LOWER") == 0)
		p.auto_pad = CONV_PAD_SAME_LOWER;
	else
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attribute 'auto_pad' value '%s' is not supported", ap));
	if (node_attr_ints_fixed(n, "pads", 4, 0, CONV_ATTR_MAX,
	    p.pads, err) != 0 ||
	    node_attr_ints_fixed(n, "strides", 2, 1, CONV_ATTR_MAX,
	    p.stride, err) != 0 ||
	    node_attr_ints_fixed(n, "dilations", 2, 1, CONV_ATTR_MAX,
	    p.dil, err) != 0 ||
	    node_attr_ints_fixed(n, "kernel_shape", 2, 1, CONV_ATTR_MAX,
	    ks, err) != 0)
		return (-1);
	if (p.auto_pad != CONV_PAD_NOTSET) {
		for (i = 0; i < 4; i++) {
			if (p.pads[i] != 0)
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "attribute 'pads' cannot be combined with"
				    " auto_pad '%s'", ap));
		}
	}
	if (node_attr_int(n, "group", 1, &p.group, err) != 0)
		return (-1);

	p.m = ws->d[0];
	p.cg = ws->d[1];
	p.kh = ws->d[2];
	p.kw = ws->d[3];
	if (p.m < 1 || p.cg < 1 || p.kh < 1 || p.kw < 1)
		return (node_error(err, n, GS_ESHAPE, "empty weight"));
	if (ks[0] != -1 && (ks[0] != p.kh || ks[1] != p.kw))
		return (node_error(err, n, GS_ESHAPE,
		    "attribute 'kernel_shape' [%lld, %lld] does not match the"
		    " weight's [%lld, %lld]", (long long)ks[0],
		    (long long)ks[1], (long long)p.kh, (long long)p.kw));
	if (p.group < 1 || p.group > p.m || p.m % p.group != 0)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attribute 'group' value %lld does not divide the %lld"
		    " output channels", (long long)p.group, (long long)p.m));
	if (p.bias && (in[2].shape.ndim != 1 || in[2].shape.d[0] != p.m))
		return (node_error(err, n, GS_ESHAPE,
		    "bias must have shape [%lld]", (long long)p.m));

	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/*
 * Output extent and leading pad along one axis of extent in: kernel k,
 * stride s, dilation d, explicit pads b (begin) and e (end). Returns -1
 * when the kernel does not fit.
 */
static int
conv_axis(const struct conv_priv *p, int64_t in, int64_t k, int64_t s,
    int64_t d, int64_t b, int64_t e, int64_t *out, int64_t *pad)
{
	int64_t	 span = d * (k - 1) + 1, total;

	switch (p->auto_pad) {
	case CONV_PAD_SAME_UPPER:
	case CONV_PAD_SAME_LOWER:
		*out = (in + s - 1) / s;
		total = (*out - 1) * s + span - in;
		if (total < 0)
			total = 0;
		*pad = p->auto_pad == CONV_PAD_SAME_UPPER ? total / 2 :
		    total - total / 2;
		return (*out >= 1 ? 0 : -1);
	case CONV_PAD_VALID:
		b = e = 0;
		break;
	case CONV_PAD_NOTSET:
		break;
	}
	if (in + b + e < span)
		return (-1);
	*out = (in + b + e - span) / s + 1;
	*pad = b;
	return (0);
}

/*
 * Fill g for input shape s. Returns -1 with err set when the shapes do not
 * fit (GS_ESHAPE) or the sizes are too large for BLAS (GS_ELIMIT).
 */
static int
conv_geom(const struct gs_node *n, const struct gs_shape *s,
    struct conv_geom *g, struct gs_error *err)
{
	const struct conv_priv	*p = n->priv;
	int64_t			 oh, ow, pt, pl;
	size_t			 np, sz;
	char			 buf[96];

	if (s->ndim != 4)
		return (node_error(err, n, GS_ESHAPE,
		    "input must be [N, C, H, W], not %s",
		    shape_format(s, buf, sizeof buf)));
	if (s->d[1] != p->cg * p->group)
		return (node_error(err, n, GS_ESHAPE,
		    "input has %lld channels, the weight expects %lld",
		    (long long)s->d[1], (long long)(p->cg * p->group)));
	if (s->d[0] < 0 || s->d[2] < 1 || s->d[3] < 1 ||
	    s->d[2] > INT32_MAX || s->d[3] > INT32_MAX)
		return (node_error(err, n, GS_ESHAPE, "bad input shape %s",
		    shape_format(s, buf, sizeof buf)));
	if (conv_axis(p, s->d[2], p->kh, p->stride[0], p->dil[0],
	    p->pads[0], p->pads[2], &oh, &pt) != 0 ||
	    conv_axis(p, s->d[3], p->kw, p->stride[1], p->dil[1],
	    p->pads[1], p->pads[3], &ow, &pl) != 0)
		return (node_error(err, n, GS_ESHAPE,
		    "the kernel does not fit the padded input %s",
		    shape_format(s, buf, sizeof buf)));

	g->n = (size_t)s->d[0];
	g->c = (size_t)s->d[1];
	g->h = (size_t)s->d[2];
	g->w = (size_t)s->d[3];
	g->m = (size_t)p->m;
	g->oh = (size_t)oh;
	g->ow = (size_t)ow;
	g->g = (size_t)p->group;
	g->cg = (size_t)p->cg;
	g->mg = (size_t)(p->m / p->group);
	g->kh = (size_t)p->kh;
	g->kw = (size_t)p->kw;
	g->sh = p->stride[0];
	g->sw = p->stride[1];
	g->dh = p->dil[0];
	g->dw = p->dil[1];
	g->pt = pt;
	g->pl = pl;
	/* The weight is in memory, so k fits. */
	g->k = g->cg * g->kh * g->kw;

	/*
	 * n m p elements of output and p (k + mg) of workspace per image
	 * must fit; so must BLAS's int dimensions for one image.
	 */
	if (__builtin_mul_overflow(g->oh, g->ow, &g->p) ||
	    __builtin_mul_overflow(g->p, g->n, &np) ||
	    __builtin_mul_overflow(np, g->m, &sz) ||
	    sz > SIZE_MAX / sizeof(gs_real) ||
	    __builtin_mul_overflow(g->p, g->k + g->mg, &sz) ||
	    sz > SIZE_MAX / sizeof(gs_real) || g->p > INT_MAX ||
	    g->k > INT_MAX || g->mg > INT_MAX)
		return (node_error(err, n, GS_ELIMIT,
		    "output of %zu x %zu for input %s is too large", g->oh,
		    g->ow, shape_format(s, buf, sizeof buf)));
	g->run = g->sh == 1 && g->sw == 1 && g->ow == g->w;
	/* As many images per chunk as fit CONV_CHUNK, at least one. */
	g->nb = sz > 0 ? CONV_CHUNK / sz : 1;
	if (g->nb > (size_t)INT_MAX / (g->p > 0 ? g->p : 1))
		g->nb = (size_t)INT_MAX / (g->p > 0 ? g->p : 1);
	if (g->nb > g->n)
		g->nb = g->n;
	if (g->nb == 0)
		g->nb = 1;
	return (0);
}

/* Output shape [N, M, oH, oW]. */
static int
conv_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	struct conv_geom	 g;

	if (conv_geom(n, &in[0].shape, &g, err) != 0)
		return (-1);
	out->ndim = 4;
	out->d[0] = (int64_t)g.n;
	out->d[1] = (int64_t)g.m;
	out->d[2] = (int64_t)g.oh;
	out->d[3] = (int64_t)g.ow;
	return (0);
}

/*
 * Workspace: one chunk's column matrix [k, nb p] and GEMM result
 * [mg, nb p]. A smaller batch later gets chunks no larger.
 */
static size_t
conv_scratch(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	struct conv_geom	 g;

	if (conv_geom(n, &in[0].shape, &g, NULL) != 0)
		return (0);
	return (g.nb * g.p * (g.k + g.mg));
}

/*
 * Output columns [*lo, *hi) whose input column start + o s lies in [0, w).
 */
static void
conv_range(int64_t start, int64_t s, size_t w, size_t ow, size_t *lo,
    size_t *hi)
{
	int64_t	 a, b;

	a = start >= 0 ? 0 : (-start + s - 1) / s;
	b = (int64_t)w - start <= 0 ? 0 : ((int64_t)w - start + s - 1) / s;
	if (b > (int64_t)ow)
		b = (int64_t)ow;
	if (a > b)
		a = b;
	*lo = (size_t)a;
	*hi = (size_t)b;
}

/*
 * Small copy and add loops in blocks of four, which the compiler turns into
 * vector code even at -O2; the buffers never overlap (workspace vs tensor).
 */
static inline void
conv_copy(gs_real *restrict d, const gs_real *restrict s, size_t n)
{
	size_t	i = 0;

	for (; i + 4 <= n; i += 4) {
		d[i] = s[i];
		d[i + 1] = s[i + 1];
		d[i + 2] = s[i + 2];
		d[i + 3] = s[i + 3];
	}
	for (; i < n; i++)
		d[i] = s[i];
}

/* d[i] = s[i] + b. */
static inline void
conv_copy_bias(gs_real *restrict d, const gs_real *restrict s, gs_real b,
    size_t n)
{
	size_t	i = 0;

	for (; i + 4 <= n; i += 4) {
		d[i] = s[i] + b;
		d[i + 1] = s[i + 1] + b;
		d[i + 2] = s[i + 2] + b;
		d[i + 3] = s[i + 3] + b;
	}
	for (; i < n; i++)
		d[i] = s[i] + b;
}

/* d[i] += s[i]. */
static inline void
conv_add(gs_real *restrict d, const gs_real *restrict s, size_t n)
{
	size_t	i = 0;

	for (; i + 4 <= n; i += 4) {
		d[i] += s[i];
		d[i + 1] += s[i + 1];
		d[i + 2] += s[i + 2];
		d[i + 3] += s[i + 3];
	}
	for (; i < n; i++)
		d[i] += s[i];
}

/*
 * Zero columns [0, lo) and [hi, ow) of rows [ylo, yhi) of the oh x ow block
 * d, column by column (strided, so no memset call per row).
 */
static void
conv_zero_borders(gs_real *d, size_t ow, size_t ylo, size_t yhi, size_t lo,
    size_t hi)
{
	size_t	ox, oy;

	for (ox = 0; ox < lo; ox++) {
		for (oy = ylo; oy < yhi; oy++)
			d[oy * ow + ox] = 0;
	}
	for (ox = hi; ox < ow; ox++) {
		for (oy = ylo; oy < yhi; oy++)
			d[oy * ow + ox] = 0;
	}
}

/*
 * Stride 1 with output rows as wide as input rows: the valid rows of one
 * column-matrix row are one contiguous run of the input plane, shifted by
 * ix0. Returns in *run the offset into the plane of output pixel (ylo, 0)
 * and in *tlo, *thi the part of the run [0, (yhi - ylo) ow) that lies in
 * the plane; the wrapped border columns are fixed up by the caller.
 */
static void
conv_run(const struct conv_geom *g, size_t ylo, size_t yhi, int64_t off,
    int64_t ix0, int64_t *run, size_t *tlo, size_t *thi)
{
	int64_t	 base, len, plane = (int64_t)(g->h * g->w), hi;

	base = ((int64_t)ylo + off) * (int64_t)g->w + ix0;
	len = (int64_t)((yhi - ylo) * g->ow);
	hi = plane - base < len ? plane - base : len;
	*run = base;
	*tlo = base < 0 ? (size_t)-base : 0;
	*thi = hi > (int64_t)*tlo ? (size_t)hi : *tlo;
}

/*
 * Unfold group gi of images b0 .. b0 + nb - 1 of x into col [k, nb p]: row
 * (c, ki, kj), column (image, oy, ox) holds x[b0 + image, c, oy sh - pt +
 * ki dh, ox sw - pl + kj dw], or 0 in the padding.
 */
static void
conv_im2col(const struct conv_geom *g, const gs_real *x, size_t gi,
    size_t b0, size_t nb, gs_real *col)
{
	const gs_real	*xc, *src;
	gs_real		*dst, *d;
	size_t		 r, c, ki, kj, b, oy, ox, lo, hi, ylo, yhi;
	size_t		 tlo, thi;
	size_t		 ld = nb * g->p;
	int64_t		 iy, ix0, off, run, sw = g->sw;

	for (r = 0; r < g->k; r++) {
		c = r / (g->kh * g->kw);
		ki = r / g->kw % g->kh;
		kj = r % g->kw;
		ix0 = (int64_t)kj * g->dw - g->pl;
		off = (int64_t)ki * g->dh - g->pt;
		conv_range(ix0, sw, g->w, g->ow, &lo, &hi);
		conv_range(off, g->sh, g->h, g->oh, &ylo, &yhi);
		conv_run(g, ylo, yhi, off, ix0, &run, &tlo, &thi);
		for (b = 0; b < nb; b++) {
			xc = x + ((b0 + b) * g->c + gi * g->cg + c) * g->h *
			    g->w;
			dst = col + r * ld + b * g->p;
			for (ox = 0; ox < ylo * g->ow; ox++)
				dst[ox] = 0;
			for (ox = yhi * g->ow; ox < g->p; ox++)
				dst[ox] = 0;
			if (g->run) {
				/* One copy; the wrapped borders are zeroed. */
				if (thi > tlo)
					conv_copy(dst + ylo * g->ow + tlo, xc +
					    (run + (int64_t)tlo), thi - tlo);
			} else {
				for (oy = ylo; oy < yhi; oy++) {
					d = dst + oy * g->ow;
					iy = (int64_t)oy * g->sh + off;
					src = xc + (size_t)iy * g->w;
					if (sw == 1 && hi > lo)
						conv_copy(d + lo, src + (ix0 +
						    (int64_t)lo), hi - lo);
					else {
						for (ox = lo; ox < hi; ox++)
							d[ox] = src[ix0 +
							    (int64_t)ox * sw];
					}
				}
			}
			conv_zero_borders(dst, g->ow, ylo, yhi, lo, hi);
		}
	}
}

/*
 * Fold col [k, nb p] back into images b0 .. b0 + nb - 1 of dx, adding each
 * entry to the pixel it was read from (the adjoint of conv_im2col). May
 * zero entries of col that fall in the padding.
 */
static void
conv_col2im(const struct conv_geom *g, gs_real *col, size_t gi,
    size_t b0, size_t nb, gs_real *dx)
{
	gs_real		*xc, *src, *s;
	size_t		 r, c, ki, kj, b, oy, ox, lo, hi, ylo, yhi;
	size_t		 tlo, thi;
	size_t		 ld = nb * g->p;
	int64_t		 iy, ix0, off, run, sw = g->sw;

	for (r = 0; r < g->k; r++) {
		c = r / (g->kh * g->kw);
		ki = r / g->kw % g->kh;
		kj = r % g->kw;
		ix0 = (int64_t)kj * g->dw - g->pl;
		off = (int64_t)ki * g->dh - g->pt;
		conv_range(ix0, sw, g->w, g->ow, &lo, &hi);
		conv_range(off, g->sh, g->h, g->oh, &ylo, &yhi);
		conv_run(g, ylo, yhi, off, ix0, &run, &tlo, &thi);
		for (b = 0; b < nb; b++) {
			xc = dx + ((b0 + b) * g->c + gi * g->cg + c) * g->h *
			    g->w;
			src = col + r * ld + b * g->p;
			if (g->run) {
				/* Zero the wrapped borders, then one add. */
				conv_zero_borders(src, g->ow, ylo, yhi, lo,
				    hi);
				if (thi > tlo)
					conv_add(xc + (run + (int64_t)tlo),
					    src + ylo * g->ow + tlo, thi - tlo);
				continue;
			}
			for (oy = ylo; oy < yhi; oy++) {
				s = src + oy * g->ow;
				iy = (int64_t)oy * g->sh + off;
				if (sw == 1 && hi > lo)
					conv_add(xc + ((size_t)iy * g->w +
					    (size_t)(ix0 + (int64_t)lo)),
					    s + lo, hi - lo);
				else {
					for (ox = lo; ox < hi; ox++)
						xc[(size_t)iy * g->w + (size_t)
						    (ix0 + (int64_t)ox * sw)] +=
						    s[ox];
				}
			}
		}
	}
}

/*
 * y = W * x + b: per chunk of images and group, col = im2col(x) and
 * t = W_g col (one GEMM), then t [mg, nb p] is scattered to [N, M, oH, oW]
 * with the bias added.
 */
static void
conv_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct conv_priv	*p = n->priv;
	struct conv_geom	 g;
	const gs_real		*w = in[1].data, *t;
	gs_real			*col, *tmp, *y, bias;
	size_t			 b0, nb, gi, mi, b, oc, ld;

	if (conv_geom(n, &in[0].shape, &g, NULL) != 0 || g.p == 0)
		return;
	for (b0 = 0; b0 < g.n; b0 += nb) {
		nb = g.n - b0 < g.nb ? g.n - b0 : g.nb;
		ld = nb * g.p;
		col = scratch;
		tmp = scratch + g.k * ld;
		for (gi = 0; gi < g.g; gi++) {
			conv_im2col(&g, in[0].data, gi, b0, nb, col);
			GS_GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans,
			    (int)g.mg, (int)ld, (int)g.k, 1,
			    w + gi * g.mg * g.k, (int)g.k, col, (int)ld, 0,
			    tmp, (int)ld);
			for (mi = 0; mi < g.mg; mi++) {
				oc = gi * g.mg + mi;
				bias = p->bias ? in[2].data[oc] : 0;
				t = tmp + mi * ld;
				for (b = 0; b < nb; b++, t += g.p) {
					y = out[0].data + ((b0 + b) * g.m +
					    oc) * g.p;
					conv_copy_bias(y, t, bias, g.p);
				}
			}
		}
	}
}

/*
 * dx += col2im(W_g^T dy_g) per chunk and group: dL/dcol = W_g^T dL/dt,
 * and im2col's adjoint adds each column entry back where it was read.
 */
static void
conv_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	struct conv_geom	 g;
	const gs_real		*w = in[1].data;
	gs_real			*col, *tmp;
	size_t			 b0, nb, gi, mi, b, oc, ld;

	if (din[0].data == NULL ||
	    conv_geom(n, &in[0].shape, &g, NULL) != 0 || g.p == 0)
		return;
	for (b0 = 0; b0 < g.n; b0 += nb) {
		nb = g.n - b0 < g.nb ? g.n - b0 : g.nb;
		ld = nb * g.p;
		col = scratch;
		tmp = scratch + g.k * ld;
		for (gi = 0; gi < g.g; gi++) {
			for (mi = 0; mi < g.mg; mi++) {
				oc = gi * g.mg + mi;
				for (b = 0; b < nb; b++)
					conv_copy(tmp + mi * ld + b * g.p,
					    dout[0].data + ((b0 + b) * g.m +
					    oc) * g.p, g.p);
			}
			GS_GEMM(CblasRowMajor, CblasTrans, CblasNoTrans,
			    (int)g.k, (int)ld, (int)g.mg, 1,
			    w + gi * g.mg * g.k, (int)g.k, tmp, (int)ld, 0,
			    col, (int)ld);
			conv_col2im(&g, col, gi, b0, nb, din[0].data);
		}
	}
}

/* 2 (C/group) kH kW per output element. */
static double
conv_flops(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	double	f = 2 * (double)shape_len(&out[0].shape);
	int	k;

	for (k = 1; k < in[1].shape.ndim; k++)
		f *= (double)in[1].shape.d[k];
	return (f);
}

const struct gs_op gs_op_conv = {
	.name = "Conv", .min_in = 2, .max_in = 3, .n_out = 1,
	.traits = GS_OP_SMOOTH, .flops = conv_flops,
	.init = conv_init, .shape = conv_shape, .scratch = conv_scratch,
	.forward = conv_forward, .backward = conv_backward, .free = NULL
};

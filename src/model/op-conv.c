/* SPDX-License-Identifier: ISC */
/*
 * Conv and ConvTranspose over 1, 2 or 3 spatial dimensions: input
 * [N, C, (D,) (H,) W], constant weight and optional constant bias; pads,
 * strides, dilations, groups and auto_pad (and ConvTranspose's
 * output_padding and output_shape). Every rank runs through one kernel
 * family on a [D, H, W] view (1-D and 2-D are D = H = 1 and D = 1):
 * forward unfolds a chunk of images (im2col, plane by plane, or one
 * masked copy a row where output rows are as wide as the input's:
 * conv_masked_im2col) and runs one GEMM per chunk and group; backward to
 * the input is one GEMM per chunk
 * and group and a fold (col2im). ConvTranspose is the same geometry run
 * the other way round: its forward pass is Conv's input gradient, its
 * backward pass Conv's forward pass. The adjoint for one input channel in
 * one group, 2-D, with a small kernel (an image model's first layer, where
 * the GEMM's K is the kernel's few taps) runs a direct kernel instead
 * (conv_direct).
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "model/graph.h"
#include "model/simd.h"

#define CONV_ATTR_MAX	INT32_MAX	/* largest pad, stride or dilation */
#define CONV_CHUNK	(1 << 15)	/* workspace elements per chunk */
#define CONV_SP		3		/* spatial dimensions of the view */
#define CONV_DIRECT_TAPS 49		/* most kernel taps of the direct kernel */
#define CONV_DIRECT_PLANE (1 << 22)	/* most elements of its padded plane */

extern const struct gs_op gs_op_conv, gs_op_convtranspose;

enum conv_pad {
	CONV_PAD_NOTSET,		/* explicit pads */
	CONV_PAD_VALID,			/* no padding */
	CONV_PAD_SAME_UPPER,		/* ceil(in / stride), extra pad last */
	CONV_PAD_SAME_LOWER		/* the same, extra pad at start */
};

/* Attributes, on the [D, H, W] view (leading unused axes: 1, no pad). */
struct conv_priv {
	int		 transpose;	/* ConvTranspose */
	int		 nsp;		/* spatial dimensions: 1, 2 or 3 */
	enum conv_pad	 auto_pad;	/* padding rule */
	int64_t		 pads[2 * CONV_SP];	/* begins D H W, ends D H W */
	int64_t		 stride[CONV_SP];	/* per axis */
	int64_t		 dil[CONV_SP];		/* per axis */
	int64_t		 k[CONV_SP];		/* kernel extent per axis */
	int64_t		 opad[CONV_SP];		/* ConvTranspose output_padding */
	int64_t		 oshape[CONV_SP];	/* ConvTranspose output_shape */
	int		 has_oshape;	/* output_shape given */
	int64_t		 group;		/* number of groups */
	int64_t		 m;		/* Conv output channels (weight d[0]) */
	int64_t		 cg;		/* weight d[1]: channels per group */
	int		 bias;		/* has a bias input */
};

/*
 * Everything about one run. For ConvTranspose the "image" is its output
 * and the "output" its input: the convolution that maps one to the other.
 */
struct conv_geom {
	size_t		 n, c;		/* images and their channels */
	size_t		 d, h, w;	/* image extents */
	size_t		 m;		/* output channels */
	size_t		 od, oh, ow;	/* output extents */
	size_t		 g, cg, mg;	/* groups; in, out channels each */
	size_t		 kd, kh, kw;	/* kernel extents */
	int64_t		 sd, sh, sw;	/* strides */
	int64_t		 dd, dh, dw;	/* dilations */
	int64_t		 pf, pt, pl;	/* front, top and left padding */
	size_t		 k;		/* column matrix rows: cg kd kh kw */
	size_t		 p;		/* output pixels: od oh ow */
	size_t		 ohw;		/* output pixels per plane: oh ow */
	size_t		 nb;		/* images per chunk */
	int		 run;		/* stride 1, ow == w (conv_run) */
};

/* Read an ints attribute of nsp values into the last nsp slots of dst. */
static int
conv_attr(struct gs_node *n, const char *name, int nsp, int64_t min,
    int64_t *dst, struct gs_error *err)
{
	return (node_attr_ints_fixed(n, name, (size_t)nsp, min, CONV_ATTR_MAX,
	    dst + CONV_SP - nsp, err));
}

/* Parse attributes; the weight (and bias) must be constants. */
static int
conv_init(struct gs_node *n, const struct gs_tensor *in, struct gs_error *err)
{
	struct conv_priv	 p;
	const struct gs_shape	*ws = &in[1].shape;
	const char		*ap;
	int64_t			 ks[CONV_SP], pads[2 * CONV_SP];
	int			 i, nsp;

	memset(&p, 0, sizeof p);
	p.transpose = n->op == &gs_op_convtranspose;
	for (i = 0; i < CONV_SP; i++) {
		p.stride[i] = p.dil[i] = p.k[i] = p.oshape[i] = 1;
		ks[i] = -1;
	}
	if (!in[1].is_const)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "a non-constant weight is not supported"));
	nsp = ws->ndim - 2;
	if (nsp < 1 || nsp > CONV_SP)
		return (node_error(err, n, GS_EUNSUPPORTED, "%d spatial "
		    "dimensions are not supported (1, 2 and 3 are; the weight "
		    "has rank %d)", nsp, ws->ndim));
	p.nsp = nsp;
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
	memset(pads, 0, sizeof pads);
	if (node_attr_ints_fixed(n, "pads", 2 * (size_t)nsp, 0, CONV_ATTR_MAX,
	    pads, err) != 0 ||
	    conv_attr(n, "strides", nsp, 1, p.stride, err) != 0 ||
	    conv_attr(n, "dilations", nsp, 1, p.dil, err) != 0 ||
	    conv_attr(n, "kernel_shape", nsp, 1, ks, err) != 0)
		return (-1);
	for (i = 0; i < nsp; i++) {
		p.pads[CONV_SP - nsp + i] = pads[i];
		p.pads[2 * CONV_SP - nsp + i] = pads[nsp + i];
	}
	if (p.transpose && (conv_attr(n, "output_padding", nsp, 0, p.opad,
	    err) != 0 || conv_attr(n, "output_shape", nsp, 1, p.oshape,
	    err) != 0))
		return (-1);
	p.has_oshape = node_attr(n, "output_shape") != NULL;
	if (p.auto_pad != CONV_PAD_NOTSET) {
		for (i = 0; i < 2 * CONV_SP; i++) {
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
	for (i = 0; i < nsp; i++) {
		p.k[CONV_SP - nsp + i] = ws->d[2 + i];
		if (ws->d[2 + i] < 1)
			return (node_error(err, n, GS_ESHAPE, "empty weight"));
		if (ks[CONV_SP - nsp + i] != -1 &&
		    ks[CONV_SP - nsp + i] != ws->d[2 + i])
			return (node_error(err, n, GS_ESHAPE, "attribute "
			    "'kernel_shape' does not match the weight's shape"));
		if (p.opad[CONV_SP - nsp + i] >= p.stride[CONV_SP - nsp + i] &&
		    p.opad[CONV_SP - nsp + i] >= p.dil[CONV_SP - nsp + i])
			return (node_error(err, n, GS_EUNSUPPORTED, "attribute "
			    "'output_padding' must be smaller than the stride "
			    "or the dilation"));
	}
	if (p.m < 1 || p.cg < 1)
		return (node_error(err, n, GS_ESHAPE, "empty weight"));
	if (p.group < 1 || p.group > p.m || p.m % p.group != 0)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attribute 'group' value %lld does not divide the %lld"
		    " channels of the weight", (long long)p.group,
		    (long long)p.m));
	if (p.bias && (in[2].shape.ndim != 1 || in[2].shape.d[0] !=
	    (p.transpose ? p.cg * p.group : p.m)))
		return (node_error(err, n, GS_ESHAPE,
		    "bias must have shape [%lld]", (long long)(p.transpose ?
		    p.cg * p.group : p.m)));

	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/*
 * Output extent and leading pad along axis a of extent in (Conv). Returns
 * -1 when the kernel does not fit.
 */
static int
conv_axis(const struct conv_priv *p, int a, int64_t in, int64_t *out,
    int64_t *pad)
{
	int64_t	 span = p->dil[a] * (p->k[a] - 1) + 1, total, s = p->stride[a];
	int64_t	 b = p->pads[a], e = p->pads[CONV_SP + a];

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
 * ConvTranspose's output extent and leading pad along axis a for input
 * extent in: stride (in - 1) + output_padding + span - pads, or
 * output_shape with the padding that gives it.
 */
static int
convt_axis(const struct conv_priv *p, int a, int64_t in, int64_t *out,
    int64_t *pad)
{
	int64_t	 span = p->dil[a] * (p->k[a] - 1) + 1, s = p->stride[a];
	int64_t	 full = s * (in - 1) + p->opad[a] + span, total;

	if (in < 1)
		return (-1);
	if (p->has_oshape || p->auto_pad == CONV_PAD_SAME_UPPER ||
	    p->auto_pad == CONV_PAD_SAME_LOWER) {
		/* The pads that give this output (ONNX's rule). */
		*out = p->has_oshape ? p->oshape[a] : in * s;
		total = full - *out;
		if (*out < 1)
			return (-1);
		/* A larger output than the full one ends in zeros. */
		if (total < 0)
			total = 0;
		*pad = p->auto_pad == CONV_PAD_SAME_UPPER ? total / 2 :
		    total - total / 2;
		return (0);
	}
	if (p->auto_pad == CONV_PAD_VALID) {
		*out = full;
		*pad = 0;
		return (0);
	}
	*out = full - p->pads[a] - p->pads[CONV_SP + a];
	*pad = p->pads[a];
	return (*out >= 1 ? 0 : -1);
}

/*
 * Fill g for the convolution from image shape is (for Conv the input, for
 * ConvTranspose its output) whose result has the extents of ref (ConvT:
 * its input). Returns -1 with err set when the shapes do not fit
 * (GS_ESHAPE) or the sizes are too large for BLAS (GS_ELIMIT).
 */
static int
conv_geom_of(const struct gs_node *n, const struct gs_shape *is,
    const int64_t *pad, const int64_t *oext, struct conv_geom *g,
    struct gs_error *err)
{
	const struct conv_priv	*p = n->priv;
	size_t			 np, sz;
	int64_t			 ext[CONV_SP];
	int			 i;
	char			 buf[96];

	for (i = 0; i < CONV_SP; i++)
		ext[i] = i < CONV_SP - p->nsp ? 1 : is->d[2 + i - (CONV_SP -
		    p->nsp)];
	g->n = (size_t)is->d[0];
	g->c = (size_t)is->d[1];
	g->d = (size_t)ext[0];
	g->h = (size_t)ext[1];
	g->w = (size_t)ext[2];
	g->g = (size_t)p->group;
	g->m = (size_t)p->m;		/* the weight's [M, C / group, ...] */
	g->cg = (size_t)p->cg;
	g->mg = g->m / g->g;
	g->od = (size_t)oext[0];
	g->oh = (size_t)oext[1];
	g->ow = (size_t)oext[2];
	g->kd = (size_t)p->k[0];
	g->kh = (size_t)p->k[1];
	g->kw = (size_t)p->k[2];
	g->sd = p->stride[0];
	g->sh = p->stride[1];
	g->sw = p->stride[2];
	g->dd = p->dil[0];
	g->dh = p->dil[1];
	g->dw = p->dil[2];
	g->pf = pad[0];
	g->pt = pad[1];
	g->pl = pad[2];
	/* The weight is in memory, so k fits. */
	g->k = g->cg * g->kd * g->kh * g->kw;

	/*
	 * n m p elements of output and p (k + mg) of workspace per image
	 * must fit; so must BLAS's int dimensions for one image.
	 */
	if (__builtin_mul_overflow(g->oh, g->ow, &g->ohw) ||
	    __builtin_mul_overflow(g->ohw, g->od, &g->p) ||
	    __builtin_mul_overflow(g->p, g->n, &np) ||
	    __builtin_mul_overflow(np, g->m, &sz) ||
	    sz > SIZE_MAX / sizeof(gs_real) ||
	    __builtin_mul_overflow(g->p, g->k + g->mg, &sz) ||
	    sz > SIZE_MAX / sizeof(gs_real) || g->p > INT_MAX ||
	    g->k > INT_MAX || g->mg > INT_MAX)
		return (node_error(err, n, GS_ELIMIT,
		    "output of %zu x %zu x %zu for %s is too large", g->od,
		    g->oh, g->ow, shape_format(is, buf, sizeof buf)));
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

/*
 * The geometry for node n on its input shape s, and the node's output
 * shape in *os. Errors: GS_ESHAPE, GS_ELIMIT.
 */
static int
conv_geom(const struct gs_node *n, const struct gs_shape *s,
    struct conv_geom *g, struct gs_shape *os, struct gs_error *err)
{
	const struct conv_priv	*p = n->priv;
	struct gs_shape		 img, o;
	int64_t			 ext[CONV_SP], out[CONV_SP], pad[CONV_SP];
	int			 i, a;
	char			 buf[96];

	if (s->ndim != p->nsp + 2)
		return (node_error(err, n, GS_ESHAPE, "input %s must have %d "
		    "spatial dimensions, as the weight", shape_format(s, buf,
		    sizeof buf), p->nsp));
	if (s->d[1] != (p->transpose ? p->m : p->cg * p->group))
		return (node_error(err, n, GS_ESHAPE,
		    "input has %lld channels, the weight expects %lld",
		    (long long)s->d[1], (long long)(p->transpose ? p->m :
		    p->cg * p->group)));
	for (i = 0; i < CONV_SP; i++) {
		a = 2 + i - (CONV_SP - p->nsp);
		ext[i] = a >= 2 ? s->d[a] : 1;
		if (ext[i] < 1 || ext[i] > INT32_MAX || s->d[0] < 0)
			return (node_error(err, n, GS_ESHAPE, "bad input shape "
			    "%s", shape_format(s, buf, sizeof buf)));
		if ((p->transpose ? convt_axis(p, i, ext[i], &out[i],
		    &pad[i]) : conv_axis(p, i, ext[i], &out[i], &pad[i])) != 0)
			return (node_error(err, n, GS_ESHAPE, "the kernel does "
			    "not fit the padded input %s", shape_format(s,
			    buf, sizeof buf)));
	}
	o = *s;
	o.d[1] = p->transpose ? p->cg * p->group : p->m;
	for (i = 0; i < p->nsp; i++)
		o.d[2 + i] = out[CONV_SP - p->nsp + i];
	if (os != NULL)
		*os = o;
	if (!p->transpose)
		return (conv_geom_of(n, s, pad, out, g, err));
	/* The convolution maps ConvTranspose's output back to its input. */
	img = o;
	return (conv_geom_of(n, &img, pad, ext, g, err));
}

/* Output shape [N, M, spatial...]. */
static int
conv_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	struct conv_geom	 g;

	return (conv_geom(n, &in[0].shape, &g, out, err));
}

/*
 * The direct kernels' padded plane: hp x wp, the image at row pt, column
 * pl, zeros around it, large enough for every tap of every output pixel.
 * Returns -1 when it would hold more than CONV_DIRECT_PLANE elements.
 */
static int
conv_direct_plane(const struct conv_geom *g, size_t *hp, size_t *wp)
{
	size_t	 rows, cols, len;

	rows = (g->oh - 1) * (size_t)g->sh + (g->kh - 1) * (size_t)g->dh + 1;
	cols = (g->ow - 1) * (size_t)g->sw + (g->kw - 1) * (size_t)g->dw + 1;
	*hp = g->h + (size_t)g->pt > rows ? g->h + (size_t)g->pt : rows;
	*wp = g->w + (size_t)g->pl > cols ? g->w + (size_t)g->pl : cols;
	if (__builtin_mul_overflow(*hp, *wp, &len) || len > CONV_DIRECT_PLANE)
		return (-1);
	return (0);
}

/*
 * Whether the direct adjoint can run: one input channel, one group, 2-D
 * (a depth of 1), at most CONV_DIRECT_TAPS taps, a padded plane of at
 * most CONV_DIRECT_PLANE elements. There the generic path runs a GEMM
 * whose K is the few output channels and folds its kh kw columns back
 * with col2im. conv_direct says whether it does run (not where the tests
 * ask for the generic path). The forward pass stays im2col and GEMM: a
 * direct forward kernel without FMA (every build must give the same bits)
 * rounds twice a tap where OpenBLAS's FMA rounds once, and the kinks
 * exact integrated gradients place from its outputs moved enough to miss
 * their stated bound on a sweep model (test-exactig).
 */
static int
conv_direct_fits(const struct conv_geom *g)
{
	size_t	 hp, wp;

	return (g->c == 1 && g->g == 1 && g->d == 1 && g->od == 1 &&
	    g->kd == 1 && g->kh * g->kw <= CONV_DIRECT_TAPS && g->p > 0 &&
	    conv_direct_plane(g, &hp, &wp) == 0);
}

static int
conv_direct(const struct conv_geom *g)
{
	return (!op_generic && conv_direct_fits(g));
}

/*
 * The masked unfold (conv_masked_im2col): stride 1, output rows as wide
 * as the input's (g->run), one plane deep. Output pixel j of a plane then
 * reads input element j + shift of its plane for each tap, or lies in the
 * padding, which a mask per tap and pixel says; such a read never leaves
 * the plane.
 */
static int
conv_masked_fits(const struct conv_geom *g)
{
	return (g->run && g->d == 1 && g->od == 1 && g->kd == 1 &&
	    g->h * g->w <= (size_t)INT32_MAX && g->p <= (size_t)INT32_MAX);
}

/* Its workspace after the chunk's: a mask and 3 offsets a tap. */
static size_t
conv_masked_len(const struct conv_geom *g)
{
	return (g->kh * g->kw * (g->p + 3));
}

/*
 * Workspace: one chunk's column matrix [k, nb p] and GEMM result
 * [mg, nb p], and the masked unfold's masks. A smaller batch later gets
 * chunks no larger.
 */
static size_t
conv_scratch(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	struct conv_geom	 g;

	size_t			 len, hp, wp;

	if (conv_geom(n, &in[0].shape, &g, NULL, NULL) != 0)
		return (0);
	len = g.nb * g.p * (g.k + g.mg);
	if (conv_masked_fits(&g))
		len += conv_masked_len(&g);
	if (conv_direct_fits(&g)) {
		/* The direct kernels' columns and padded plane. */
		(void)conv_direct_plane(&g, &hp, &wp);
		if (g.k * g.p + hp * wp > len)
			len = g.k * g.p + hp * wp;
	}
	return (len);
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

/* Column-matrix row r's kernel tap: channel c and offsets into the image. */
static void
conv_tap(const struct conv_geom *g, size_t r, size_t *c, int64_t *zoff,
    int64_t *off, int64_t *ix0)
{
	size_t	kz, ki, kj;

	*c = r / (g->kd * g->kh * g->kw);
	kz = r / (g->kh * g->kw) % g->kd;
	ki = r / g->kw % g->kh;
	kj = r % g->kw;
	*zoff = (int64_t)kz * g->dd - g->pf;
	*off = (int64_t)ki * g->dh - g->pt;
	*ix0 = (int64_t)kj * g->dw - g->pl;
}

/*
 * Unfold group gi of images b0 .. b0 + nb - 1 of x into col [k, nb p]: row
 * (c, kz, ki, kj), column (image, oz, oy, ox) holds x[b0 + image, c,
 * oz sd - pf + kz dd, oy sh - pt + ki dh, ox sw - pl + kj dw], or 0 in the
 * padding. Each output plane oz is filled from one input plane.
 */
static void
conv_im2col(const struct conv_geom *g, const gs_real *x, size_t gi,
    size_t b0, size_t nb, gs_real *col)
{
	const gs_real	*xc, *xp, *src;
	gs_real		*dst, *blk, *d;
	size_t		 r, c, b, oz, oy, ox, lo, hi, ylo, yhi, zlo, zhi;
	size_t		 tlo, thi, hw = g->h * g->w;
	size_t		 ld = nb * g->p;
	int64_t		 iy, ix0, off, zoff, run, sw = g->sw;

	for (r = 0; r < g->k; r++) {
		conv_tap(g, r, &c, &zoff, &off, &ix0);
		conv_range(ix0, sw, g->w, g->ow, &lo, &hi);
		conv_range(off, g->sh, g->h, g->oh, &ylo, &yhi);
		conv_range(zoff, g->sd, g->d, g->od, &zlo, &zhi);
		conv_run(g, ylo, yhi, off, ix0, &run, &tlo, &thi);
		for (b = 0; b < nb; b++) {
			xc = x + ((b0 + b) * g->c + gi * g->cg + c) * g->d *
			    hw;
			dst = col + r * ld + b * g->p;
			for (oz = 0; oz < g->od; oz++) {
				blk = dst + oz * g->ohw;
				if (oz < zlo || oz >= zhi) {
					memset(blk, 0, g->ohw * sizeof *blk);
					continue;
				}
				xp = xc + (size_t)((int64_t)oz * g->sd + zoff) *
				    hw;
				for (ox = 0; ox < ylo * g->ow; ox++)
					blk[ox] = 0;
				for (ox = yhi * g->ow; ox < g->ohw; ox++)
					blk[ox] = 0;
				if (g->run) {
					/* One copy; the wrapped borders are
					 * zeroed below. */
					if (thi > tlo)
						conv_copy(blk + ylo * g->ow +
						    tlo, xp + (run +
						    (int64_t)tlo), thi - tlo);
				} else {
					for (oy = ylo; oy < yhi; oy++) {
						d = blk + oy * g->ow;
						iy = (int64_t)oy * g->sh + off;
						src = xp + (size_t)iy * g->w;
						if (sw == 1 && hi > lo)
							conv_copy(d + lo, src +
							    (ix0 + (int64_t)lo),
							    hi - lo);
						else {
							for (ox = lo; ox < hi;
							    ox++)
								d[ox] = src[ix0 +
								    (int64_t)ox *
								    sw];
						}
					}
				}
				conv_zero_borders(blk, g->ow, ylo, yhi, lo, hi);
			}
		}
	}
}

/*
 * The masked unfold's set-up, once a pass (conv_apply), into m: per tap
 * t, the mask of p int32 (all ones: read, 0: padding) at m + t p, and
 * after the masks its shift and the run [lo, hi) of pixels whose read
 * lies in the plane (outside it every mask is 0).
 */
static void
conv_masked_setup(const struct conv_geom *g, int32_t *m)
{
	size_t	 t, taps = g->kh * g->kw, lo, hi, ylo, yhi, oy, ox, c;
	int64_t	 zoff, off, ix0, sh, a, b;
	int32_t	*info = m + taps * g->p;

	for (t = 0; t < taps; t++) {
		conv_tap(g, t, &c, &zoff, &off, &ix0);
		conv_range(ix0, 1, g->w, g->ow, &lo, &hi);
		conv_range(off, 1, g->h, g->oh, &ylo, &yhi);
		for (oy = 0; oy < g->oh; oy++)
			for (ox = 0; ox < g->ow; ox++)
				m[t * g->p + oy * g->ow + ox] = oy >= ylo &&
				    oy < yhi && ox >= lo && ox < hi ? -1 : 0;
		sh = off * (int64_t)g->w + ix0;
		a = sh < 0 ? -sh : 0;
		b = (int64_t)(g->h * g->w) - sh;
		if (b > (int64_t)g->p)
			b = (int64_t)g->p;
		if (a > (int64_t)g->p)
			a = (int64_t)g->p;
		if (b < a)
			b = a;
		info[3 * t] = (int32_t)sh;
		info[3 * t + 1] = (int32_t)a;
		info[3 * t + 2] = (int32_t)b;
	}
}

/*
 * d[i] = s[i] where mask[i] is set (all ones), else +0; the float build's
 * vectors and the bits with the mask.
 */
static inline void
conv_masked_copy(gs_real *restrict d, const gs_real *restrict s,
    const int32_t *restrict mask, size_t n)
{
	size_t	 i = 0;

#ifdef GS_SIMD
	gs_v8si	 m;

	for (; i + GS_V8_LANES <= n; i += GS_V8_LANES) {
		memcpy(&m, mask + i, sizeof m);
		gs_v8_store(d + i, (gs_v8sf)((gs_v8si)gs_v8_load(s + i) & m));
	}
#endif
	for (; i < n; i++)
		d[i] = mask[i] != 0 ? s[i] : 0;
}

/*
 * conv_im2col where conv_masked_fits, with the set-up m: each row of col
 * and image is one masked copy of the run [lo, hi) and zeros around it,
 * the same entries.
 */
static GS_CLONES void
conv_masked_im2col(const struct conv_geom *g, const gs_real *x, size_t gi,
    size_t b0, size_t nb, gs_real *col, const int32_t *m)
{
	const int32_t	*info;
	const gs_real	*xc;
	gs_real		*dst;
	size_t		 r, t, c, b, i, lo, hi, taps = g->kh * g->kw;
	size_t		 hw = g->h * g->w, ld = nb * g->p;

	info = m + taps * g->p;
	for (r = 0; r < g->k; r++) {
		c = r / taps;
		t = r % taps;
		lo = (size_t)info[3 * t + 1];
		hi = (size_t)info[3 * t + 2];
		for (b = 0; b < nb; b++) {
			xc = x + ((b0 + b) * g->c + gi * g->cg + c) * hw;
			dst = col + r * ld + b * g->p;
			for (i = 0; i < lo; i++)
				dst[i] = 0;
			if (hi > lo)
				conv_masked_copy(dst + lo, xc + ((int64_t)lo +
				    (int64_t)info[3 * t]), m + t * g->p + lo,
				    hi - lo);
			for (i = hi; i < g->p; i++)
				dst[i] = 0;
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
	gs_real		*xc, *xp, *src, *blk, *s;
	size_t		 r, c, b, oz, oy, ox, lo, hi, ylo, yhi, zlo, zhi;
	size_t		 tlo, thi, hw = g->h * g->w;
	size_t		 ld = nb * g->p;
	int64_t		 iy, ix0, off, zoff, run, sw = g->sw;

	for (r = 0; r < g->k; r++) {
		conv_tap(g, r, &c, &zoff, &off, &ix0);
		conv_range(ix0, sw, g->w, g->ow, &lo, &hi);
		conv_range(off, g->sh, g->h, g->oh, &ylo, &yhi);
		conv_range(zoff, g->sd, g->d, g->od, &zlo, &zhi);
		conv_run(g, ylo, yhi, off, ix0, &run, &tlo, &thi);
		for (b = 0; b < nb; b++) {
			xc = dx + ((b0 + b) * g->c + gi * g->cg + c) * g->d *
			    hw;
			src = col + r * ld + b * g->p;
			for (oz = zlo; oz < zhi; oz++) {
				blk = src + oz * g->ohw;
				xp = xc + (size_t)((int64_t)oz * g->sd + zoff) *
				    hw;
				if (g->run) {
					/* Zero the wrapped borders, then one
					 * add. */
					conv_zero_borders(blk, g->ow, ylo, yhi,
					    lo, hi);
					if (thi > tlo)
						conv_add(xp + (run +
						    (int64_t)tlo), blk + ylo *
						    g->ow + tlo, thi - tlo);
					continue;
				}
				for (oy = ylo; oy < yhi; oy++) {
					s = blk + oy * g->ow;
					iy = (int64_t)oy * g->sh + off;
					if (sw == 1 && hi > lo)
						conv_add(xp + ((size_t)iy *
						    g->w + (size_t)(ix0 +
						    (int64_t)lo)), s + lo,
						    hi - lo);
					else {
						for (ox = lo; ox < hi; ox++)
							xp[(size_t)iy * g->w +
							    (size_t)(ix0 +
							    (int64_t)ox * sw)] +=
							    s[ox];
					}
				}
			}
		}
	}
}

/*
 * Copy plane x (h x w) into the padded plane pp (hp x wp), zeros around;
 * x NULL: all zeros.
 */
static void
conv_direct_pad(const struct conv_geom *g, size_t hp, size_t wp,
    const gs_real *x, gs_real *pp)
{
	size_t	 iy;

	memset(pp, 0, hp * wp * sizeof *pp);
	for (iy = 0; x != NULL && iy < g->h; iy++)
		conv_copy(pp + (iy + (size_t)g->pt) * wp + (size_t)g->pl,
		    x + iy * g->w, g->w);
}

/* Copy the inside of the padded plane pp back into plane x. */
static void
conv_direct_unpad(const struct conv_geom *g, size_t wp, const gs_real *pp,
    gs_real *x)
{
	size_t	 iy;

	for (iy = 0; iy < g->h; iy++)
		conv_copy(x + iy * g->w, pp + (iy + (size_t)g->pt) * wp +
		    (size_t)g->pl, g->w);
}

/*
 * The direct adjoint's columns for one image: col[t p + i] (taps x p) is
 * the sum over channels c (in order, from 0) of w[c taps + t] dy[c p + i]:
 * what the generic path's GEMM computes, in a fixed order. Four taps and
 * eight outputs at a time (independent sums sharing each load of dy).
 */
static GS_CLONES void
conv_direct_cols(const struct conv_geom *g, const gs_real *restrict w,
    const gs_real *restrict dy, gs_real *restrict col)
{
	size_t	 i = 0, c, t, taps = g->kh * g->kw, p = g->p;
	gs_real	 s;

#ifdef GS_SIMD
	gs_v8sf	 x, v0, v1, v2, v3;

	for (; i + GS_V8_LANES <= p; i += GS_V8_LANES) {
		for (t = 0; t + 4 <= taps; t += 4) {
			v0 = v1 = v2 = v3 = GS_V8(0.0f);
			for (c = 0; c < g->m; c++) {
				x = gs_v8_load(dy + c * p + i);
				v0 += GS_V8(w[c * taps + t]) * x;
				v1 += GS_V8(w[c * taps + t + 1]) * x;
				v2 += GS_V8(w[c * taps + t + 2]) * x;
				v3 += GS_V8(w[c * taps + t + 3]) * x;
			}
			gs_v8_store(col + t * p + i, v0);
			gs_v8_store(col + (t + 1) * p + i, v1);
			gs_v8_store(col + (t + 2) * p + i, v2);
			gs_v8_store(col + (t + 3) * p + i, v3);
		}
		for (; t < taps; t++) {
			v0 = GS_V8(0.0f);
			for (c = 0; c < g->m; c++)
				v0 += GS_V8(w[c * taps + t]) *
				    gs_v8_load(dy + c * p + i);
			gs_v8_store(col + t * p + i, v0);
		}
	}
#endif
	for (; i < p; i++) {
		for (t = 0; t < taps; t++) {
			s = 0;
			for (c = 0; c < g->m; c++)
				s += w[c * taps + t] * dy[c * p + i];
			col[t * p + i] = s;
		}
	}
}

/* Each tap's offset into the padded plane from its window's corner. */
static void
conv_direct_offsets(const struct conv_geom *g, size_t wp, size_t *off)
{
	size_t	 ki, kj;

	for (ki = 0; ki < g->kh; ki++)
		for (kj = 0; kj < g->kw; kj++)
			off[ki * g->kw + kj] = ki * (size_t)g->dh * wp +
			    kj * (size_t)g->dw;
}

/*
 * Add the columns col (taps x p) tap by tap in row-major order to the
 * pixels of the padded plane pp (row stride wp) the taps read.
 */
static GS_CLONES void
conv_direct_fold(const struct conv_geom *g, const gs_real *restrict col,
    gs_real *restrict pp, size_t wp, const size_t *off)
{
	const gs_real	*src;
	gs_real		*dst;
	size_t		 t, oy, ox, taps = g->kh * g->kw, sw = (size_t)g->sw;

	for (t = 0; t < taps; t++) {
		for (oy = 0; oy < g->oh; oy++) {
			src = col + t * g->p + oy * g->ow;
			dst = pp + oy * (size_t)g->sh * wp + off[t];
			ox = 0;
#ifdef GS_SIMD
			for (; sw == 1 && ox + GS_V8_LANES <= g->ow;
			    ox += GS_V8_LANES)
				gs_v8_store(dst + ox, gs_v8_load(dst + ox) +
				    gs_v8_load(src + ox));
#endif
			for (; ox < g->ow; ox++)
				dst[ox * sw] += src[ox];
		}
	}
}

/*
 * conv_adjoint's direct kernel (conv_direct): per image, the columns
 * (conv_direct_cols, workspace col: taps x p) are added tap by tap in
 * row-major order to the pixels the taps read, in the padded plane
 * (workspace pp after col) that starts as dx's image (zeros: store) and
 * goes back to it: each pixel gets its taps in the order the generic
 * path's col2im adds them. The columns' sums have a fixed order where the
 * GEMM's is OpenBLAS's own (it changes with the product's width), so the
 * results are the same for any batch and build and may differ from the
 * generic path's in the last bits.
 */
static void
conv_direct_adjoint(const struct conv_geom *g, const gs_real *w,
    const gs_real *dy, gs_real *dx, int store, gs_real *col)
{
	gs_real		*pp;
	size_t		 off[CONV_DIRECT_TAPS], b, hp, wp, taps;

	taps = g->kh * g->kw;
	pp = col + taps * g->p;
	(void)conv_direct_plane(g, &hp, &wp);
	conv_direct_offsets(g, wp, off);
	for (b = 0; b < g->n; b++) {
		conv_direct_cols(g, w, dy + b * g->m * g->p, col);
		conv_direct_pad(g, hp, wp, store ? NULL : dx + b * g->h *
		    g->w, pp);
		conv_direct_fold(g, col, pp, wp, off);
		conv_direct_unpad(g, wp, pp, dx + b * g->h * g->w);
	}
}

/*
 * y = W * x (+ bias per output channel), per chunk of images and group:
 * col = im2col(x) and t = W_g col (one GEMM), then t [mg, nb p] is
 * scattered to y [N, M, p]; add: y += instead of y =.
 */
static void
conv_apply(const struct conv_geom *g, const gs_real *w, const gs_real *x,
    const gs_real *bias, gs_real *y, int add, gs_real *scratch)
{
	const gs_real	*t;
	gs_real		*col, *tmp, *yy, bv;
	int32_t		*mask = NULL;
	size_t		 b0, nb, gi, mi, b, oc, ld;

	if (!op_generic && conv_masked_fits(g)) {
		mask = (int32_t *)(void *)(scratch + g->nb * g->p * (g->k +
		    g->mg));
		conv_masked_setup(g, mask);
	}
	for (b0 = 0; b0 < g->n; b0 += nb) {
		nb = g->n - b0 < g->nb ? g->n - b0 : g->nb;
		ld = nb * g->p;
		col = scratch;
		tmp = scratch + g->k * ld;
		for (gi = 0; gi < g->g; gi++) {
			if (mask != NULL)
				conv_masked_im2col(g, x, gi, b0, nb, col,
				    mask);
			else
				conv_im2col(g, x, gi, b0, nb, col);
			GS_GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans,
			    (int)g->mg, (int)ld, (int)g->k, 1,
			    w + gi * g->mg * g->k, (int)g->k, col, (int)ld, 0,
			    tmp, (int)ld);
			for (mi = 0; mi < g->mg; mi++) {
				oc = gi * g->mg + mi;
				bv = bias != NULL ? bias[oc] : 0;
				t = tmp + mi * ld;
				for (b = 0; b < nb; b++, t += g->p) {
					yy = y + ((b0 + b) * g->m + oc) * g->p;
					if (add)
						conv_add(yy, t, g->p);
					else
						conv_copy_bias(yy, t, bv, g->p);
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
conv_adjoint(const struct conv_geom *g, const gs_real *w, const gs_real *dy,
    gs_real *dx, int store, gs_real *scratch)
{
	gs_real		*col, *tmp;
	size_t		 b0, nb, gi, mi, b, oc, ld;

	if (conv_direct(g)) {
		conv_direct_adjoint(g, w, dy, dx, store, scratch);
		return;
	}
	for (b0 = 0; b0 < g->n; b0 += nb) {
		nb = g->n - b0 < g->nb ? g->n - b0 : g->nb;
		ld = nb * g->p;
		col = scratch;
		tmp = scratch + g->k * ld;
		for (gi = 0; gi < g->g; gi++) {
			for (mi = 0; mi < g->mg; mi++) {
				oc = gi * g->mg + mi;
				for (b = 0; b < nb; b++)
					conv_copy(tmp + mi * ld + b * g->p,
					    dy + ((b0 + b) * g->m + oc) * g->p,
					    g->p);
			}
			GS_GEMM(CblasRowMajor, CblasTrans, CblasNoTrans,
			    (int)g->k, (int)ld, (int)g->mg, 1,
			    w + gi * g->mg * g->k, (int)g->k, tmp, (int)ld, 0,
			    col, (int)ld);
			conv_col2im(g, col, gi, b0, nb, dx);
		}
	}
}

/* Conv: y = W * x + b. ConvTranspose: y = adjoint(x) + b. */
static void
conv_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct conv_priv	*p = n->priv;
	struct conv_geom	 g;
	size_t			 c, i, plane, len;
	gs_real			*y = out[0].data;

	if (conv_geom(n, &in[0].shape, &g, NULL, NULL) != 0 || g.p == 0)
		return;
	if (!p->transpose) {
		conv_apply(&g, in[1].data, in[0].data, p->bias ? in[2].data :
		    NULL, y, 0, scratch);
		return;
	}
	len = shape_len(&out[0].shape);
	memset(y, 0, len * sizeof *y);
	conv_adjoint(&g, in[1].data, in[0].data, y, 0, scratch);
	if (!p->bias)
		return;
	plane = g.d * g.h * g.w;
	for (c = 0; c < len / plane; c++)
		for (i = 0; i < plane; i++)
			y[c * plane + i] += in[2].data[c % g.c];
}

/*
 * Conv: dx += adjoint(dy). ConvTranspose: dx += W * dy (its forward pass
 * is linear in x, with that convolution as its adjoint).
 */
static void
conv_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const struct conv_priv	*p = n->priv;
	struct conv_geom	 g;

	if (din[0].data == NULL ||
	    conv_geom(n, &in[0].shape, &g, NULL, NULL) != 0)
		return;
	if (g.p == 0) {
		if (din[0].store)
			memset(din[0].data, 0, shape_len(&in[0].shape) *
			    sizeof *din[0].data);
		return;
	}
	if (p->transpose) {
		/* Stored (GS_OP_STORES): y = t + 0, as 0 + t. */
		conv_apply(&g, in[1].data, dout[0].data, NULL, din[0].data,
		    !din[0].store, scratch);
		return;
	}
	if (din[0].store && !conv_direct(&g))
		memset(din[0].data, 0, g.n * g.c * g.d * g.h * g.w *
		    sizeof *din[0].data);
	conv_adjoint(&g, in[1].data, dout[0].data, din[0].data,
	    din[0].store, scratch);
}

/* 2 (weight d[1] times kernel) per element of the convolution's output. */
static double
conv_flops(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	const struct conv_priv	*p = n->priv;
	double			 f;
	int			 k;

	f = 2 * (double)shape_len(p->transpose ? &in[0].shape :
	    &out[0].shape);
	for (k = 1; k < in[1].shape.ndim; k++)
		f *= (double)in[1].shape.d[k];
	return (f);
}

const struct gs_op gs_op_conv = {
	.name = "Conv", .min_in = 2, .max_in = 3, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_BATCH_CONST | GS_OP_STORES,
	.flops = conv_flops,
	.init = conv_init, .shape = conv_shape, .scratch = conv_scratch,
	.forward = conv_forward, .backward = conv_backward, .free = NULL
};

const struct gs_op gs_op_convtranspose = {
	.name = "ConvTranspose", .min_in = 2, .max_in = 3, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_BATCH_CONST | GS_OP_STORES,
	.flops = conv_flops,
	.init = conv_init, .shape = conv_shape, .scratch = conv_scratch,
	.forward = conv_forward, .backward = conv_backward, .free = NULL
};

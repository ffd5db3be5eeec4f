/* SPDX-License-Identifier: ISC */
/*
 * Reductions over a set of axes: ReduceSum, ReduceMean, ReduceMax,
 * ReduceMin, ReduceProd, ReduceL1, ReduceL2, ReduceSumSquare, ReduceLogSum
 * and ReduceLogSumExp, with keepdims and noop_with_empty_axes. The axes
 * are an attribute before opset 18 (13 for ReduceSum) and a constant input
 * from then on. One walk over the input keeps the offset of its output
 * element, so any set of axes costs the same.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"
#include "model/kink.h"

enum red_kind {
	RED_SUM,
	RED_MEAN,
	RED_MAX,
	RED_MIN,
	RED_PROD,
	RED_L1,
	RED_L2,
	RED_SUMSQUARE,
	RED_LOGSUM,
	RED_LOGSUMEXP,
	RED_COUNT
};

extern const struct gs_op gs_op_reducesum, gs_op_reducemean,
    gs_op_reducemax, gs_op_reducemin, gs_op_reduceprod, gs_op_reducel1,
    gs_op_reducel2, gs_op_reducesumsquare, gs_op_reducelogsum,
    gs_op_reducelogsumexp;

/* Which op struct is which kind; indexed by enum red_kind. */
static const struct gs_op *const red_ops[] = {
	&gs_op_reducesum, &gs_op_reducemean, &gs_op_reducemax,
	&gs_op_reducemin, &gs_op_reduceprod, &gs_op_reducel1,
	&gs_op_reducel2, &gs_op_reducesumsquare, &gs_op_reducelogsum,
	&gs_op_reducelogsumexp
};
_Static_assert(sizeof red_ops / sizeof red_ops[0] == RED_COUNT,
    "red_ops must list every enum red_kind");

struct red_priv {
	enum red_kind	 kind;			/* which reduction */
	int		 keepdims;		/* keep reduced axes as 1 */
	int		 noop;			/* no axes: identity */
	int		 all;			/* no axes: reduce everything */
	size_t		 n_axes;		/* entries of axes */
	int64_t		 axes[GS_MAX_DIMS];	/* as given */
};

/* Per input dimension: reduced or not; and the output's strides. */
struct red_walk {
	int		 red[GS_MAX_DIMS];	/* axis is reduced */
	int64_t		 ost[GS_MAX_DIMS];	/* output stride, 0 if reduced */
	size_t		 in_len;		/* input elements */
	size_t		 out_len;		/* output elements */
	size_t		 count;			/* inputs per output */
};

/* The kind of n's op. */
static enum red_kind
red_kind(const struct gs_node *n)
{
	return (((const struct red_priv *)n->priv)->kind);
}

static int
red_init(struct gs_node *n, const struct gs_tensor *in, struct gs_error *err)
{
	struct red_priv	 p;
	const int64_t	*v = NULL;
	int64_t		 keep, noop = 0;
	size_t		 len = 0, i;
	int		 k, as_input;

	memset(&p, 0, sizeof p);
	for (k = 0; k < RED_COUNT && red_ops[k] != n->op; k++)
		;
	if (k == RED_COUNT)
		return (node_error(err, n, GS_EUNSUPPORTED, "not a reduction"));
	p.kind = (enum red_kind)k;
	as_input = n->opset >= (p.kind == RED_SUM ? 13 : 18);
	if (node_attr_int(n, "keepdims", 1, &keep, err) != 0)
		return (-1);
	if (as_input) {
		if (node_attr_int(n, "noop_with_empty_axes", 0, &noop,
		    err) != 0)
			return (-1);
		if (NODE_HAS_IN(n, 1)) {
			if (in[1].is_const != 1 || in[1].ival == NULL)
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "input 'axes' must be a constant integer "
				    "tensor"));
			v = in[1].ival;
			len = shape_len(&in[1].shape);
		}
	} else {
		if (NODE_HAS_IN(n, 1))
			return (node_error(err, n, GS_EUNSUPPORTED, "input "
			    "'axes' needs opset %d (use the attribute)",
			    p.kind == RED_SUM ? 13 : 18));
		if (node_attr_ints(n, "axes", &v, &len, err) != 0)
			return (-1);
	}
	if (len > GS_MAX_DIMS)
		return (node_error(err, n, GS_EUNSUPPORTED, "too many axes"));
	for (i = 0; i < len; i++)
		p.axes[i] = v[i];
	p.n_axes = len;
	p.keepdims = keep != 0;
	p.noop = len == 0 && noop != 0;
	p.all = len == 0 && noop == 0;
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/* Work out which axes of shape s reduce; -1 for a bad axis. */
static int
red_walk(const struct red_priv *p, const struct gs_shape *s,
    struct red_walk *w, struct gs_shape *out)
{
	int64_t	 st = 1;
	size_t	 i;
	int	 k, a;

	memset(w, 0, sizeof *w);
	for (k = 0; k < s->ndim; k++)
		w->red[k] = p->all;
	for (i = 0; i < p->n_axes; i++) {
		a = shape_axis(p->axes[i], s->ndim);
		if (a < 0 || w->red[a])
			return (-1);
		w->red[a] = 1;
	}
	out->ndim = 0;
	for (k = 0; k < s->ndim; k++) {
		if (!w->red[k])
			out->d[out->ndim++] = s->d[k];
		else if (p->keepdims)
			out->d[out->ndim++] = 1;
	}
	for (k = s->ndim - 1; k >= 0; k--) {
		w->ost[k] = w->red[k] ? 0 : st;
		if (!w->red[k])
			st *= s->d[k];
	}
	w->in_len = shape_len(s);
	w->out_len = (size_t)st;
	w->count = w->out_len > 0 ? w->in_len / w->out_len : 0;
	return (0);
}

static int
red_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct red_priv	*p = n->priv;
	struct red_walk		 w;

	if (p->noop) {
		out[0] = in[0].shape;
		return (0);
	}
	if (red_walk(p, &in[0].shape, &w, &out[0]) != 0)
		return (node_error(err, n, GS_ESHAPE, "an axis is out of range "
		    "or repeated for rank %d", in[0].shape.ndim));
	return (0);
}

/*
 * Call the loop body for every input element: i its offset, o the offset
 * of its output element.
 */
#define RED_FOR(w, s, BODY) do {					\
	int64_t	 idx_[GS_MAX_DIMS] = { 0 };				\
	size_t	 i, o = 0;						\
	int	 k_;							\
	for (i = 0; i < (w)->in_len; i++) {				\
		BODY;							\
		for (k_ = (s)->ndim - 1; k_ >= 0; k_--) {		\
			o += (size_t)(w)->ost[k_];			\
			if (++idx_[k_] < (s)->d[k_])			\
				break;					\
			o -= (size_t)((w)->ost[k_] * (s)->d[k_]);	\
			idx_[k_] = 0;					\
		}							\
	}								\
} while (0)

/* Forward in double: y[o] for every output element (y has out_len). */
static void
red_compute(const struct gs_node *n, const struct gs_tensor *in,
    const struct red_walk *w, double *y, double *mx)
{
	enum red_kind	 kind = red_kind(n);
	const gs_real	*x = in[0].data;
	const struct gs_shape *s = &in[0].shape;
	double		 init = 0, v;
	size_t		 j;

	if (kind == RED_MAX)
		init = -INFINITY;
	else if (kind == RED_MIN)
		init = INFINITY;
	else if (kind == RED_PROD)
		init = 1;
	for (j = 0; j < w->out_len; j++) {
		y[j] = init;
		if (mx != NULL)
			mx[j] = -INFINITY;
	}
	if (kind == RED_LOGSUMEXP)
		RED_FOR(w, s, if (x[i] > mx[o] || isnan(x[i])) mx[o] = x[i]);
	RED_FOR(w, s, {
		v = x[i];
		switch (kind) {
		case RED_MAX:
			if (v > y[o] || isnan(v))
				y[o] = isnan(y[o]) ? y[o] : v;
			break;
		case RED_MIN:
			if (v < y[o] || isnan(v))
				y[o] = isnan(y[o]) ? y[o] : v;
			break;
		case RED_PROD:
			y[o] *= v;
			break;
		case RED_L1:
			y[o] += fabs(v);
			break;
		case RED_L2:
		case RED_SUMSQUARE:
			y[o] += v * v;
			break;
		case RED_LOGSUMEXP:
			y[o] += exp(v - mx[o]);
			break;
		default:
			y[o] += v;
			break;
		}
	});
	for (j = 0; j < w->out_len; j++) {
		switch (kind) {
		case RED_MEAN:
			y[j] /= (double)w->count;
			break;
		case RED_L2:
			y[j] = sqrt(y[j]);
			break;
		case RED_LOGSUM:
			y[j] = log(y[j]);
			break;
		case RED_LOGSUMEXP:
			y[j] = isinf(mx[j]) ? mx[j] : mx[j] + log(y[j]);
			break;
		default:
			break;
		}
	}
}

/* Workspace: the outputs in double, and one more array of them. */
static size_t
red_scratch(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	return (4 * shape_len(&out[0].shape) * sizeof(double) /
	    sizeof(gs_real) + 4);
}

static void
red_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct red_priv	*p = n->priv;
	struct red_walk		 w;
	struct gs_shape		 os;
	double			*y = (double *)(void *)scratch;
	size_t			 j;

	if (p->noop) {
		memcpy(out[0].data, in[0].data, shape_len(&in[0].shape) *
		    sizeof(gs_real));
		return;
	}
	if (red_walk(p, &in[0].shape, &w, &os) != 0)
		return;
	red_compute(n, in, &w, y, y + w.out_len);
	for (j = 0; j < w.out_len; j++)
		out[0].data[j] = (gs_real)y[j];
}

/*
 * Sum: dx = g; Mean: g / count; SumSquare: 2 x g; L1: sign(x) g; L2:
 * x / y g (0 where y is 0); LogSum: g / e^y; LogSumExp: e^(x - y) g;
 * Prod: the product of the others g; Max, Min: g to the first winner.
 */
static void
red_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const struct red_priv	*p = n->priv;
	const struct gs_shape	*s = &in[0].shape;
	const gs_real		*x = in[0].data, *g = dout[0].data;
	const gs_real		*y = out[0].data;
	gs_real			*dx = din[0].data;
	struct red_walk		 w;
	struct gs_shape		 os;
	double			*nz, *zeros;
	size_t			 j;

	if (dx == NULL)
		return;
	if (p->noop) {
		for (j = 0; j < shape_len(s); j++)
			dx[j] += g[j];
		return;
	}
	if (red_walk(p, s, &w, &os) != 0)
		return;
	nz = (double *)(void *)scratch;
	zeros = nz + w.out_len;
	switch (p->kind) {
	case RED_SUM:
		RED_FOR(&w, s, dx[i] += g[o]);
		break;
	case RED_MEAN:
		RED_FOR(&w, s, dx[i] += g[o] / (gs_real)w.count);
		break;
	case RED_SUMSQUARE:
		RED_FOR(&w, s, dx[i] += 2 * x[i] * g[o]);
		break;
	case RED_L1:
		RED_FOR(&w, s, dx[i] += x[i] > 0 ? g[o] : x[i] < 0 ? -g[o] :
		    0);
		break;
	case RED_L2:
		RED_FOR(&w, s, dx[i] += y[o] != 0 ? x[i] / y[o] * g[o] : 0);
		break;
	case RED_LOGSUM:
		RED_FOR(&w, s, dx[i] += g[o] / GS_EXP(y[o]));
		break;
	case RED_LOGSUMEXP:
		RED_FOR(&w, s, dx[i] += GS_EXP(x[i] - y[o]) * g[o]);
		break;
	case RED_PROD:
		/* The product of the non-zero entries, and the zeros. */
		for (j = 0; j < w.out_len; j++) {
			nz[j] = 1;
			zeros[j] = 0;
		}
		RED_FOR(&w, s, {
			if (x[i] == 0)
				zeros[o]++;
			else
				nz[o] *= x[i];
		});
		RED_FOR(&w, s, {
			if (zeros[o] == 0)
				dx[i] += (gs_real)(nz[o] / x[i]) * g[o];
			else if (zeros[o] == 1 && x[i] == 0)
				dx[i] += (gs_real)nz[o] * g[o];
		});
		break;
	default:
		/* Max, Min: the first element equal to y takes g. */
		for (j = 0; j < w.out_len; j++)
			zeros[j] = 0;
		RED_FOR(&w, s, {
			if (zeros[o] == 0 && (x[i] == y[o] ||
			    (isnan(x[i]) && isnan(y[o])))) {
				dx[i] += g[o];
				zeros[o] = 1;
			}
		});
		break;
	}
}

/* Sum, Prod, Max and Min of integers, exactly (wrapping). */
static int
red_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	const struct red_priv	*p = n->priv;
	const struct gs_shape	*s = &in[0].shape;
	const int64_t		*x = in[0].ival;
	int64_t			*y = out[0].ival;
	struct red_walk		 w;
	struct gs_shape		 os;
	size_t			 j;

	if (x == NULL || (p->kind != RED_SUM && p->kind != RED_PROD &&
	    p->kind != RED_MAX && p->kind != RED_MIN))
		return (1);
	if (p->noop) {
		memcpy(y, x, shape_len(s) * sizeof *y);
		return (0);
	}
	if (red_walk(p, s, &w, &os) != 0)
		return (1);
	for (j = 0; j < w.out_len; j++)
		y[j] = p->kind == RED_SUM ? 0 : p->kind == RED_PROD ? 1 :
		    p->kind == RED_MAX ? INT64_MIN : INT64_MAX;
	RED_FOR(&w, s, {
		switch (p->kind) {
		case RED_SUM:
			y[o] = (int64_t)((uint64_t)y[o] + (uint64_t)x[i]);
			break;
		case RED_PROD:
			y[o] = (int64_t)((uint64_t)y[o] * (uint64_t)x[i]);
			break;
		case RED_MAX:
			y[o] = x[i] > y[o] ? x[i] : y[o];
			break;
		default:
			y[o] = x[i] < y[o] ? x[i] : y[o];
			break;
		}
	});
	return (0);
}

/*
 * Margins of row row: ReduceL1, each input; ReduceMax and ReduceMin, each
 * input's distance past the best other input of its group (positive for
 * the winner only).
 */
static size_t
red_margins(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, size_t row, size_t rows, gs_real *m)
{
	const struct red_priv	*p = n->priv;
	const struct gs_shape	*s = &in[0].shape;
	const gs_real		*x = in[0].data;
	struct red_walk		 w;
	struct gs_shape		 os;
	double			*top, *sec, v;
	size_t			*at, len, lo, hi, c = 0, j;
	int			 max = p->kind == RED_MAX;

	len = shape_len(s) / rows;
	if (p->noop || red_walk(p, s, &w, &os) != 0)
		return (0);
	if (p->kind == RED_L1) {
		if (m != NULL)
			memcpy(m, x + row * len, len * sizeof *m);
		return (len);
	}
	if (w.count < 2)
		return (0);	/* one element per group: nothing switches */
	if (m == NULL)
		return (len);
	top = xcalloc(w.out_len + 1, sizeof *top);
	sec = xcalloc(w.out_len + 1, sizeof *sec);
	at = xcalloc(w.out_len + 1, sizeof *at);
	for (j = 0; j < w.out_len; j++) {
		top[j] = sec[j] = max ? -INFINITY : INFINITY;
		at[j] = SIZE_MAX;
	}
	RED_FOR(&w, s, {
		v = max ? x[i] : -x[i];
		if (at[o] == SIZE_MAX || v > (max ? top[o] : -top[o])) {
			sec[o] = top[o];
			top[o] = x[i];
			at[o] = i;
		} else if (v > (max ? sec[o] : -sec[o]))
			sec[o] = x[i];
	});
	lo = row * len;
	hi = lo + len;
	RED_FOR(&w, s, {
		if (i >= lo && i < hi) {
			v = at[o] == i ? sec[o] : top[o];
			m[c++] = (gs_real)(max ? x[i] - v : v - x[i]);
		}
	});
	free(top);
	free(sec);
	free(at);
	return (c);
}

/*
 * Kinks along a segment (see graph.h): ReduceL1 switches where an input
 * crosses 0; each output element of ReduceMax and ReduceMin is a race of
 * its group, first overtaken where another input crosses the winner.
 */
static size_t
red_kinks(const struct gs_node *n, const struct gs_tensor *a,
    const struct gs_tensor *b, const size_t *base, struct gs_kink *k,
    size_t max)
{
	const struct red_priv	*p = n->priv;
	const struct gs_shape	*s = &a[0].shape;
	const gs_real		*xa = a[0].data, *xb = b[0].data;
	struct red_walk		 w;
	struct gs_shape		 os;
	struct gs_kinks		 ks;
	struct gs_kink_race	*r;
	size_t			 len = shape_len(s), j;

	if (base[0] == GS_KINK_FIXED || p->noop ||
	    red_walk(p, s, &w, &os) != 0)
		return (0);
	kinks_start(&ks, k, max, kinks_scale(xa, xb, len, 0));
	if (p->kind == RED_L1) {
		for (j = 0; j < len; j++)
			kinks_cross(&ks, base[0] + j, xa[j], xb[j], 0);
		return (ks.count);
	}
	if (w.count < 2)
		return (0);
	r = xcalloc(w.out_len + 1, sizeof *r);
	for (j = 0; j < w.out_len; j++)
		kink_race_start(&r[j], p->kind == RED_MAX ? 1 : -1);
	RED_FOR(&w, s, kink_race_enter(&r[o], base[0] + i, xa[i], xb[i]));
	RED_FOR(&w, s, kink_race_cross(&r[o], base[0] + i, xa[i], xb[i]));
	for (j = 0; j < w.out_len; j++)
		kinks_race(&ks, &r[j]);
	free(r);
	return (ks.count);
}

/* Reducing over the batch axis (or over every axis) mixes the rows. */
static int
red_mixes_rows(const struct gs_node *n, const struct gs_tensor *in)
{
	const struct red_priv	*p = n->priv;
	struct red_walk		 w;
	struct gs_shape		 os;

	if (p->noop)
		return (0);
	if (red_walk(p, &in[0].shape, &w, &os) != 0)
		return (1);
	return (in[0].shape.ndim > 0 && w.red[0]);
}

#define RED_OP(nm, tr) {						\
	.name = (nm), .min_in = 1, .max_in = 2, .n_out = 1,		\
	.traits = (tr),							\
	.init = red_init, .shape = red_shape, .scratch = red_scratch,	\
	.forward = red_forward, .backward = red_backward,		\
	.ifold = ((tr) & GS_OP_INT_EXACT) ? red_ifold : NULL,		\
	.margins = ((tr) & GS_OP_KINKS) ? red_margins : NULL,		\
	.kinks = ((tr) & GS_OP_KINKS) ? red_kinks : NULL,		\
	.mixes_rows = red_mixes_rows					\
}

const struct gs_op gs_op_reducesum = RED_OP("ReduceSum",
    GS_OP_SMOOTH | GS_OP_INT_EXACT);
const struct gs_op gs_op_reducemean = RED_OP("ReduceMean", GS_OP_SMOOTH);
const struct gs_op gs_op_reducemax = RED_OP("ReduceMax",
    GS_OP_KINKS | GS_OP_INT_EXACT);
const struct gs_op gs_op_reducemin = RED_OP("ReduceMin",
    GS_OP_KINKS | GS_OP_INT_EXACT);
const struct gs_op gs_op_reduceprod = RED_OP("ReduceProd",
    GS_OP_SMOOTH | GS_OP_INT_EXACT);
const struct gs_op gs_op_reducel1 = RED_OP("ReduceL1", GS_OP_KINKS);
const struct gs_op gs_op_reducel2 = RED_OP("ReduceL2", GS_OP_SMOOTH);
const struct gs_op gs_op_reducesumsquare = RED_OP("ReduceSumSquare",
    GS_OP_SMOOTH);
const struct gs_op gs_op_reducelogsum = RED_OP("ReduceLogSum",
    GS_OP_SMOOTH);
const struct gs_op gs_op_reducelogsumexp = RED_OP("ReduceLogSumExp",
    GS_OP_SMOOTH);

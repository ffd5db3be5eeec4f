/* SPDX-License-Identifier: ISC */
/*
 * Element-wise ops over several broadcast inputs that choose rather than
 * compute: Where, Max and Min (any number of inputs), the comparisons
 * Equal, Greater, Less, GreaterOrEqual and LessOrEqual, the logic ops Not,
 * And, Or and Xor (booleans are 0 and 1), and PRelu. Choices switch where
 * two inputs cross, so Max, Min, the comparisons and PRelu have kinks; a
 * comparison's output is constant between them and passes no gradient,
 * as in torch.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"
#include "model/kink.h"

#define SEL_MAX_IN	16	/* most inputs of Max and Min */

enum sel_kind {
	SEL_WHERE,
	SEL_MAX,
	SEL_MIN,
	SEL_EQUAL,
	SEL_GREATER,
	SEL_LESS,
	SEL_GREATER_EQ,
	SEL_LESS_EQ,
	SEL_NOT,
	SEL_AND,
	SEL_OR,
	SEL_XOR,
	SEL_PRELU,
	SEL_COUNT
};

extern const struct gs_op gs_op_where, gs_op_max, gs_op_min, gs_op_equal,
    gs_op_greater, gs_op_less, gs_op_greaterorequal, gs_op_lessorequal,
    gs_op_not, gs_op_and, gs_op_or, gs_op_xor, gs_op_prelu;

/* Which op struct is which kind; indexed by enum sel_kind. */
static const struct gs_op *const sel_ops[] = {
	&gs_op_where, &gs_op_max, &gs_op_min, &gs_op_equal, &gs_op_greater,
	&gs_op_less, &gs_op_greaterorequal, &gs_op_lessorequal, &gs_op_not,
	&gs_op_and, &gs_op_or, &gs_op_xor, &gs_op_prelu
};
_Static_assert(sizeof sel_ops / sizeof sel_ops[0] == SEL_COUNT,
    "sel_ops must list every enum sel_kind");

struct sel_priv {
	enum sel_kind	 kind;		/* which op */
};

/* The kind of n's op. */
static enum sel_kind
sel_kind(const struct gs_node *n)
{
	return (((const struct sel_priv *)n->priv)->kind);
}

static int
sel_init(struct gs_node *n, const struct gs_tensor *in, struct gs_error *err)
{
	struct sel_priv	*p;
	size_t		 i;
	int		 k;

	for (k = 0; k < SEL_COUNT && sel_ops[k] != n->op; k++)
		;
	if (k == SEL_COUNT)
		return (node_error(err, n, GS_EUNSUPPORTED, "not a selection"));
	if (n->n_in > SEL_MAX_IN)
		return (node_error(err, n, GS_EUNSUPPORTED, "more than %d "
		    "inputs", SEL_MAX_IN));
	for (i = 0; i < n->n_in; i++) {
		if (n->in[i] < 0)
			return (node_error(err, n, GS_EUNSUPPORTED, "input %zu "
			    "is empty", i));
	}
	p = xcalloc(1, sizeof *p);
	p->kind = (enum sel_kind)k;
	n->priv = p;
	return (0);
}

/*
 * The broadcast of every input; PRelu's slope must broadcast to x
 * without growing it (unidirectional).
 */
static int
sel_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	struct gs_shape	 s = in[0].shape;
	struct gs_error	 e;
	size_t		 i;

	for (i = 1; i < n->n_in; i++) {
		if (shape_broadcast(&s, &in[i].shape, &s, &e) != 0)
			return (node_error(err, n, GS_ESHAPE, "%s", e.msg));
	}
	if (sel_kind(n) == SEL_PRELU && !shape_equal(&s, &in[0].shape)) {
		char b1[96], b2[96];

		return (node_error(err, n, GS_ESHAPE, "slope %s does not "
		    "broadcast to x %s", shape_format(&in[1].shape, b1,
		    sizeof b1), shape_format(&in[0].shape, b2, sizeof b2)));
	}
	*out = s;
	return (0);
}

/* Offsets of output element i in each input. */
static void
sel_offsets(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_shape *os, size_t i, size_t *off)
{
	size_t	k;

	for (k = 0; k < n->n_in; k++)
		off[k] = shape_bcast_offset(&in[k].shape, os, i);
}

/* The value of input k at offset o, as a real. */
static double
sel_val(const struct gs_tensor *in, size_t k, size_t o)
{
	return (in[k].ival != NULL ? (double)in[k].ival[o] :
	    (double)in[k].data[o]);
}

/* Index of the winning input of Max (max) or Min at offsets off. */
static size_t
sel_winner(const struct gs_node *n, const struct gs_tensor *in,
    const size_t *off, int max)
{
	size_t	k, w = 0;
	double	v, best = sel_val(in, 0, off[0]);

	for (k = 1; k < n->n_in; k++) {
		v = sel_val(in, k, off[k]);
		if (isnan(best))
			break;
		if (isnan(v) || (max ? v > best : v < best)) {
			best = v;
			w = k;
		}
	}
	return (w);
}

/* The result at output element i with input offsets off, as a double. */
static double
sel_eval(const struct gs_node *n, const struct gs_tensor *in,
    const size_t *off)
{
	double	a = sel_val(in, 0, off[0]), b;

	switch (sel_kind(n)) {
	case SEL_WHERE:
		return (a != 0 ? sel_val(in, 1, off[1]) :
		    sel_val(in, 2, off[2]));
	case SEL_MAX:
		return (sel_val(in, sel_winner(n, in, off, 1),
		    off[sel_winner(n, in, off, 1)]));
	case SEL_MIN:
		return (sel_val(in, sel_winner(n, in, off, 0),
		    off[sel_winner(n, in, off, 0)]));
	case SEL_NOT:
		return (a == 0);
	case SEL_PRELU:
		return (a > 0 ? a : sel_val(in, 1, off[1]) * a);
	default:
		break;
	}
	b = sel_val(in, 1, off[1]);
	switch (sel_kind(n)) {
	case SEL_EQUAL:
		return (a == b);
	case SEL_GREATER:
		return (a > b);
	case SEL_LESS:
		return (a < b);
	case SEL_GREATER_EQ:
		return (a >= b);
	case SEL_LESS_EQ:
		return (a <= b);
	case SEL_AND:
		return (a != 0 && b != 0);
	case SEL_OR:
		return (a != 0 || b != 0);
	default:
		return ((a != 0) != (b != 0));
	}
}

static void
sel_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	size_t	off[SEL_MAX_IN], len = shape_len(&out[0].shape), i;

	for (i = 0; i < len; i++) {
		sel_offsets(n, in, &out[0].shape, i, off);
		out[0].data[i] = (gs_real)sel_eval(n, in, off);
	}
}

/*
 * Where: dX = g where cond, dY = g elsewhere. Max, Min: g goes to the
 * first winning input. PRelu: dx = g (x > 0) or slope g, dslope = x g
 * (x <= 0). Each summed over broadcast dimensions. Comparisons and logic
 * ops: no gradient (their outputs are constant between kinks).
 */
static void
sel_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	size_t	 off[SEL_MAX_IN], len = shape_len(&out[0].shape), i, w;
	gs_real	 g;

	for (i = 0; i < len; i++) {
		g = dout[0].data[i];
		sel_offsets(n, in, &out[0].shape, i, off);
		switch (sel_kind(n)) {
		case SEL_WHERE:
			w = in[0].data[off[0]] != 0 ? 1 : 2;
			if (din[w].data != NULL)
				din[w].data[off[w]] += g;
			break;
		case SEL_MAX:
		case SEL_MIN:
			w = sel_winner(n, in, off, sel_kind(n) == SEL_MAX);
			if (din[w].data != NULL)
				din[w].data[off[w]] += g;
			break;
		case SEL_PRELU:
			if (in[0].data[off[0]] > 0) {
				if (din[0].data != NULL)
					din[0].data[off[0]] += g;
				break;
			}
			if (din[0].data != NULL)
				din[0].data[off[0]] += in[1].data[off[1]] * g;
			if (din[1].data != NULL)
				din[1].data[off[1]] += in[0].data[off[0]] * g;
			break;
		default:
			return;
		}
	}
}

/*
 * Exact integers where every value input is one: Where of integers, Max
 * and Min of integers; comparisons and logic always give integers (0, 1).
 */
static int
sel_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	size_t	off[SEL_MAX_IN], len = shape_len(&out[0].shape), i, k;

	switch (sel_kind(n)) {
	case SEL_WHERE:
		if (in[1].ival == NULL || in[2].ival == NULL)
			return (1);
		break;
	case SEL_MAX:
	case SEL_MIN:
		for (k = 0; k < n->n_in; k++) {
			if (in[k].ival == NULL)
				return (1);
		}
		break;
	case SEL_PRELU:
		return (1);
	default:
		break;
	}
	for (i = 0; i < len; i++) {
		sel_offsets(n, in, &out[0].shape, i, off);
		switch (sel_kind(n)) {
		case SEL_WHERE:
			k = sel_val(in, 0, off[0]) != 0 ? 1 : 2;
			out[0].ival[i] = in[k].ival[off[k]];
			break;
		case SEL_MAX:
		case SEL_MIN:
			k = sel_winner(n, in, off, sel_kind(n) == SEL_MAX);
			out[0].ival[i] = in[k].ival[off[k]];
			break;
		default:
			out[0].ival[i] = (int64_t)sel_eval(n, in, off);
			break;
		}
	}
	return (0);
}

/*
 * Margins of row row: Max and Min, each input's distance past the best
 * of the others (positive for the winner only); comparisons, a - b (b -
 * a for Less and LessOrEqual); PRelu, x.
 */
static size_t
sel_margins(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, size_t row, size_t rows, gs_real *m)
{
	size_t	 off[SEL_MAX_IN], len = shape_len(&out[0].shape) / rows;
	size_t	 i, k, j, c = 0, per;
	double	 v, best;
	int	 max = sel_kind(n) == SEL_MAX;

	per = sel_kind(n) == SEL_MAX || sel_kind(n) == SEL_MIN ? n->n_in : 1;
	if (per == 1 && (sel_kind(n) == SEL_MAX || sel_kind(n) == SEL_MIN))
		return (0);		/* one input: nothing to switch */
	if (m == NULL)
		return (len * per);
	for (i = row * len; i < (row + 1) * len; i++) {
		sel_offsets(n, in, &out[0].shape, i, off);
		switch (sel_kind(n)) {
		case SEL_MAX:
		case SEL_MIN:
			for (k = 0; k < n->n_in; k++) {
				best = max ? -INFINITY : INFINITY;
				for (j = 0; j < n->n_in; j++) {
					if (j == k)
						continue;
					v = in[j].data[off[j]];
					best = max ? fmax(best, v) :
					    fmin(best, v);
				}
				v = in[k].data[off[k]];
				m[c++] = (gs_real)(max ? v - best : best - v);
			}
			break;
		case SEL_PRELU:
			m[c++] = in[0].data[off[0]];
			break;
		case SEL_LESS:
		case SEL_LESS_EQ:
			m[c++] = in[1].data[off[1]] - in[0].data[off[0]];
			break;
		default:
			m[c++] = in[0].data[off[0]] - in[1].data[off[1]];
			break;
		}
	}
	return (c);
}

/*
 * Kinks along a segment (see graph.h): PRelu switches where x crosses 0;
 * each output element of Max and Min is a race of the inputs it reads
 * (after broadcasting; a constant input is a threshold), first overtaken
 * where another input crosses the winner.
 */
static size_t
sel_kinks(const struct gs_node *n, const struct gs_tensor *a,
    const struct gs_tensor *b, const size_t *base, struct gs_kink *k,
    size_t max)
{
	struct gs_kinks		 ks;
	struct gs_kink_race	 r;
	struct gs_shape		 os = a[0].shape;
	size_t			 off[SEL_MAX_IN], len, i, q;
	double			 scale = 0;
	int			 pass;

	for (q = 0; q < n->n_in; q++) {
		if (a[q].data == NULL)
			return (0);
		scale = kinks_scale(a[q].data, b[q].data,
		    shape_len(&a[q].shape), scale);
		if (q > 0 && shape_broadcast(&os, &a[q].shape, &os, NULL) != 0)
			return (0);
	}
	kinks_start(&ks, k, max, scale);
	if (sel_kind(n) == SEL_PRELU) {
		len = shape_len(&a[0].shape);
		for (i = 0; base[0] != GS_KINK_FIXED && i < len; i++)
			kinks_cross(&ks, base[0] + i, a[0].data[i],
			    b[0].data[i], 0);
		return (ks.count);
	}
	if ((sel_kind(n) != SEL_MAX && sel_kind(n) != SEL_MIN) ||
	    n->n_in < 2)
		return (0);
	len = shape_len(&os);
	for (i = 0; i < len; i++) {
		sel_offsets(n, a, &os, i, off);
		kink_race_start(&r, sel_kind(n) == SEL_MAX ? 1 : -1);
		for (pass = 0; pass < 2; pass++) {
			for (q = 0; q < n->n_in; q++) {
				if (pass == 0)
					kink_race_enter(&r, base[q] ==
					    GS_KINK_FIXED ? base[q] : base[q] +
					    off[q], a[q].data[off[q]],
					    b[q].data[off[q]]);
				else
					kink_race_cross(&r, base[q] ==
					    GS_KINK_FIXED ? base[q] : base[q] +
					    off[q], a[q].data[off[q]],
					    b[q].data[off[q]]);
			}
		}
		kinks_race(&ks, &r);
	}
	return (ks.count);
}

/*
 * A comparison's output is 0 or 1: constant between the points where its
 * inputs cross, where the model's value may jump.
 */
static const char *
sel_jumps(const struct gs_node *n)
{
	(void)n;
	return ("its output is 0 or 1, constant between the points where its "
	    "inputs cross, so the model may jump where its gradient is 0");
}

#define SEL_OP(nm, lo, hi, tr, bwd, kf, jf) {					\
	.name = (nm), .min_in = (lo), .max_in = (hi), .n_out = 1,	\
	.traits = (tr) | GS_OP_ELEMENTWISE | GS_OP_INT_EXACT |		\
	    GS_OP_BATCH_CONST,						\
	.init = sel_init, .shape = sel_shape, .forward = sel_forward,	\
	.backward = (bwd), .ifold = sel_ifold,				\
	.margins = ((tr) & GS_OP_KINKS) ? sel_margins : NULL,		\
	.kinks = (kf), .jumps = (jf)					\
}

const struct gs_op gs_op_where = SEL_OP("Where", 3, 3, GS_OP_SMOOTH,
    sel_backward, NULL, NULL);
const struct gs_op gs_op_max = SEL_OP("Max", 1, SEL_MAX_IN, GS_OP_KINKS,
    sel_backward, sel_kinks, NULL);
const struct gs_op gs_op_min = SEL_OP("Min", 1, SEL_MAX_IN, GS_OP_KINKS,
    sel_backward, sel_kinks, NULL);
const struct gs_op gs_op_equal = SEL_OP("Equal", 2, 2, GS_OP_KINKS,
    sel_backward, NULL, sel_jumps);
const struct gs_op gs_op_greater = SEL_OP("Greater", 2, 2, GS_OP_KINKS,
    sel_backward, NULL, sel_jumps);
const struct gs_op gs_op_less = SEL_OP("Less", 2, 2, GS_OP_KINKS,
    sel_backward, NULL, sel_jumps);
const struct gs_op gs_op_greaterorequal = SEL_OP("GreaterOrEqual", 2, 2,
    GS_OP_KINKS, sel_backward, NULL, sel_jumps);
const struct gs_op gs_op_lessorequal = SEL_OP("LessOrEqual", 2, 2,
    GS_OP_KINKS, sel_backward, NULL, sel_jumps);
const struct gs_op gs_op_not = SEL_OP("Not", 1, 1, GS_OP_SMOOTH,
    sel_backward, NULL, NULL);
const struct gs_op gs_op_and = SEL_OP("And", 2, 2, GS_OP_SMOOTH,
    sel_backward, NULL, NULL);
const struct gs_op gs_op_or = SEL_OP("Or", 2, 2, GS_OP_SMOOTH, sel_backward,
    NULL, NULL);
const struct gs_op gs_op_xor = SEL_OP("Xor", 2, 2, GS_OP_SMOOTH,
    sel_backward, NULL, NULL);
const struct gs_op gs_op_prelu = SEL_OP("PRelu", 2, 2, GS_OP_KINKS,
    sel_backward, sel_kinks, NULL);

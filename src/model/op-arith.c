/* SPDX-License-Identifier: ISC */
/*
 * Element-wise arithmetic with numpy (multidirectional) broadcasting: Add,
 * Sub, Mul and Div. Backward rules reduce the broadcast gradient back to
 * each input's shape (tensor_sum_to).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"

enum arith_kind {
	ARITH_ADD,
	ARITH_SUB,
	ARITH_MUL,
	ARITH_DIV,
	ARITH_KIND_COUNT
};

struct arith_priv {
	enum arith_kind	kind;		/* which operation */
};

/* One loop per operation, chosen outside the loop. */
#define ARITH_SWITCH(kind, LOOP) do {			\
	switch (kind) {					\
	case ARITH_ADD: LOOP(+); break;			\
	case ARITH_SUB: LOOP(-); break;			\
	case ARITH_MUL: LOOP(*); break;			\
	default: LOOP(/); break;			\
	}						\
} while (0)

/* Whether shape bs, leading 1s aside, is the trailing dimensions of os. */
static int
arith_trailing(const struct gs_shape *bs, const struct gs_shape *os)
{
	int	k = 0, m, off, t;

	while (k < bs->ndim && bs->d[k] == 1)
		k++;
	m = bs->ndim - k;
	off = os->ndim - m;
	if (off < 0)
		return (0);
	for (t = 0; t < m; t++)
		if (bs->d[k + t] != os->d[off + t])
			return (0);
	return (1);
}

/*
 * o = a (kind) b, with a and b broadcast to the shape os of o. Dimensions
 * are coalesced where both strides allow, then the innermost dimension runs
 * as a tight loop with unit or zero strides.
 */
static void
arith_apply(enum arith_kind kind, const gs_real *a, const struct gs_shape *as,
    const gs_real *b, const struct gs_shape *bs, gs_real *o,
    const struct gs_shape *os)
{
	int64_t	 sa[GS_MAX_DIMS], sb[GS_MAX_DIMS], d[GS_MAX_DIMS];
	int64_t	 ca[GS_MAX_DIMS], cb[GS_MAX_DIMS], cd[GS_MAX_DIMS];
	int64_t	 idx[GS_MAX_DIMS], inner, j, ia, ib;
	size_t	 n, la, lb, i;
	int	 nd, k, m;
	gs_real	 s;
	const gs_real *pa, *pb;

	n = shape_len(os);
	la = shape_len(as);
	lb = shape_len(bs);
	if (n == 0)
		return;
#define LOOP_FLAT(OP)	for (i = 0; i < n; i++) o[i] = a[i] OP b[i]
#define LOOP_BSCAL(OP)	for (i = 0; i < n; i++) o[i] = a[i] OP s
#define LOOP_ASCAL(OP)	for (i = 0; i < n; i++) o[i] = s OP b[i]
	if (la == n && lb == n) {
		ARITH_SWITCH(kind, LOOP_FLAT);
		return;
	}
	if (la == n && lb == 1) {
		s = b[0];
		ARITH_SWITCH(kind, LOOP_BSCAL);
		return;
	}
	if (lb == n && la == 1) {
		s = a[0];
		ARITH_SWITCH(kind, LOOP_ASCAL);
		return;
	}

	/* b repeats along a's leading dimensions ([N, d] op [d]). */
	if (la == n && lb > 1 && n % lb == 0 && arith_trailing(bs, os)) {
#define LOOP_ROWS(OP)	for (i = 0; i < n; i += lb)			\
		for (j = 0; j < (int64_t)lb; j++)			\
			o[i + j] = a[i + j] OP b[j]
		ARITH_SWITCH(kind, LOOP_ROWS);
		return;
	}

	/* General case: coalesce dimensions, then iterate. */
	shape_bcast_strides(as, os, sa);
	shape_bcast_strides(bs, os, sb);
	nd = 0;
	for (k = 0; k < os->ndim; k++) {
		if (os->d[k] == 1)
			continue;
		if (nd > 0 && ca[nd - 1] == sa[k] * os->d[k] &&
		    cb[nd - 1] == sb[k] * os->d[k]) {
			cd[nd - 1] *= os->d[k];
			ca[nd - 1] = sa[k];
			cb[nd - 1] = sb[k];
			continue;
		}
		cd[nd] = os->d[k];
		ca[nd] = sa[k];
		cb[nd] = sb[k];
		nd++;
	}
	if (nd == 0) {
		cd[0] = 1;
		ca[0] = cb[0] = 0;
		nd = 1;
	}
	for (m = 0; m < nd; m++)
		d[m] = cd[m];
	inner = d[nd - 1];
	ia = ca[nd - 1];
	ib = cb[nd - 1];
	memset(idx, 0, sizeof idx);
#define LOOP_INNER(OP) do {						\
	if (ia != 0 && ib != 0)						\
		for (j = 0; j < inner; j++) o[j] = pa[j] OP pb[j];	\
	else if (ia != 0)						\
		for (j = 0; j < inner; j++) o[j] = pa[j] OP pb[0];	\
	else if (ib != 0)						\
		for (j = 0; j < inner; j++) o[j] = pa[0] OP pb[j];	\
	else								\
		for (j = 0; j < inner; j++) o[j] = pa[0] OP pb[0];	\
} while (0)
	for (i = 0; i < n; i += (size_t)inner) {
		pa = a;
		pb = b;
		for (m = 0; m < nd - 1; m++) {
			pa += idx[m] * ca[m];
			pb += idx[m] * cb[m];
		}
		ARITH_SWITCH(kind, LOOP_INNER);
		o += inner;
		for (m = nd - 2; m >= 0; m--) {
			if (++idx[m] < d[m])
				break;
			idx[m] = 0;
		}
	}
#undef LOOP_FLAT
#undef LOOP_BSCAL
#undef LOOP_ASCAL
#undef LOOP_INNER
}

/* Parse the node: no attributes from opset 7. */
static int
arith_init(struct gs_node *n, const struct gs_tensor *in, enum arith_kind kind,
    struct gs_error *err)
{
	struct arith_priv	*p;

	p = xcalloc(1, sizeof *p);
	p->kind = kind;
	n->priv = p;
	return (0);
}

static int
arith_init_add(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	return (arith_init(n, in, ARITH_ADD, err));
}

static int
arith_init_sub(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	return (arith_init(n, in, ARITH_SUB, err));
}

static int
arith_init_mul(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	return (arith_init(n, in, ARITH_MUL, err));
}

static int
arith_init_div(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	return (arith_init(n, in, ARITH_DIV, err));
}

/* The output shape is the broadcast of both inputs. */
static int
arith_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	struct gs_error	e;

	if (shape_broadcast(&in[0].shape, &in[1].shape, out, &e) != 0)
		return (node_error(err, n, GS_ESHAPE, "%s", e.msg));
	return (0);
}

/* Workspace: one output-sized buffer when an input is broadcast. */
static size_t
arith_scratch(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	size_t	len = shape_len(&out[0].shape);

	if (shape_len(&in[0].shape) == len && shape_len(&in[1].shape) == len)
		return (0);
	return (len);
}

static void
arith_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct arith_priv	*p = n->priv;

	arith_apply(p->kind, in[0].data, &in[0].shape, in[1].data,
	    &in[1].shape, out[0].data, &out[0].shape);
}

/*
 * da += g (kind) b for Mul or Div, where a has g's len elements and b's lb
 * elements repeat along them (a scalar, or [d] against [N, d]): the same
 * sums as arith_apply into scratch and then arith_accumulate, in one pass.
 */
static void
arith_rows_grad(enum arith_kind kind, const gs_real *restrict g,
    const gs_real *restrict b, size_t lb, size_t len, gs_real *restrict da)
{
	size_t	i, j;

	if (kind == ARITH_MUL) {
		for (i = 0; i < len; i += lb)
			for (j = 0; j < lb; j++)
				da[i + j] += g[i + j] * b[j];
		return;
	}
	for (i = 0; i < len; i += lb)
		for (j = 0; j < lb; j++)
			da[i + j] += g[i + j] / b[j];
}

/*
 * Add g (output-shaped) into din, reduced to din's shape.
 */
static void
arith_accumulate(const gs_real *g, const struct gs_shape *gs,
    struct gs_tensor *din)
{
	tensor_sum_to(g, gs, din->data, &din->shape);
}

/*
 * Add: da = g, db = g. Sub: da = g, db = -g. Mul: da = g b, db = g a.
 * Div: da = g / b, db = -g a / b^2 = -g y / b. Each is then summed over the
 * dimensions along which that input was broadcast.
 */
static void
arith_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const struct arith_priv	*p = n->priv;
	const struct gs_shape	*os = &out[0].shape;
	const gs_real		*g = dout[0].data, *y = out[0].data;
	size_t			 len = shape_len(os), lb, i;
	gs_real			*t;
	int			 flat, rows;

	lb = shape_len(&in[1].shape);
	flat = shape_len(&in[0].shape) == len && lb == len;
	/* b repeats along a, which has the output's shape. */
	rows = !flat && shape_len(&in[0].shape) == len && lb > 0 &&
	    len % lb == 0 && (lb == 1 || arith_trailing(&in[1].shape, os));
	t = scratch;
	if (din[0].data != NULL) {
		switch (p->kind) {
		case ARITH_ADD:
		case ARITH_SUB:
			arith_accumulate(g, os, &din[0]);
			break;
		case ARITH_MUL:
		case ARITH_DIV:
			if (flat) {
				gs_real *da = din[0].data;
				const gs_real *b = in[1].data;

				if (p->kind == ARITH_MUL) {
					for (i = 0; i < len; i++)
						da[i] += g[i] * b[i];
				} else {
					for (i = 0; i < len; i++)
						da[i] += g[i] / b[i];
				}
				break;
			}
			if (rows) {
				arith_rows_grad(p->kind, g, in[1].data, lb, len,
				    din[0].data);
				break;
			}
			arith_apply(p->kind, g, os, in[1].data, &in[1].shape,
			    t, os);
			arith_accumulate(t, os, &din[0]);
			break;
		default:
			break;
		}
	}
	if (din[1].data != NULL) {
		switch (p->kind) {
		case ARITH_ADD:
			arith_accumulate(g, os, &din[1]);
			break;
		case ARITH_SUB:
			if (flat) {
				for (i = 0; i < len; i++)
					din[1].data[i] -= g[i];
				break;
			}
			for (i = 0; i < len; i++)
				t[i] = -g[i];
			arith_accumulate(t, os, &din[1]);
			break;
		case ARITH_MUL:
			if (flat) {
				for (i = 0; i < len; i++)
					din[1].data[i] += g[i] * in[0].data[i];
				break;
			}
			arith_apply(ARITH_MUL, g, os, in[0].data,
			    &in[0].shape, t, os);
			arith_accumulate(t, os, &din[1]);
			break;
		case ARITH_DIV:
			if (flat) {
				for (i = 0; i < len; i++) {
					din[1].data[i] -= g[i] * y[i] /
					    in[1].data[i];
				}
				break;
			}
			for (i = 0; i < len; i++)
				t[i] = -g[i] * y[i];
			arith_apply(ARITH_DIV, t, os, in[1].data,
			    &in[1].shape, t, os);
			arith_accumulate(t, os, &din[1]);
			break;
		default:
			break;
		}
	}
}

/*
 * Integer arithmetic on two integer tensors (shape arithmetic): exact in
 * int64, wrapping as two's complement; Div truncates toward zero (as ONNX
 * Runtime) and refuses a zero divisor. Returns 1 for float inputs.
 */
static int
arith_ifold(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, struct gs_error *err)
{
	const struct arith_priv	*p = n->priv;
	size_t			 len = shape_len(&out[0].shape), i;
	uint64_t		 a, b;

	if (in[0].ival == NULL || in[1].ival == NULL)
		return (1);
	for (i = 0; i < len; i++) {
		a = (uint64_t)in[0].ival[shape_bcast_offset(&in[0].shape,
		    &out[0].shape, i)];
		b = (uint64_t)in[1].ival[shape_bcast_offset(&in[1].shape,
		    &out[0].shape, i)];
		switch (p->kind) {
		case ARITH_ADD:
			out[0].ival[i] = (int64_t)(a + b);
			break;
		case ARITH_SUB:
			out[0].ival[i] = (int64_t)(a - b);
			break;
		case ARITH_MUL:
			out[0].ival[i] = (int64_t)(a * b);
			break;
		default:
			if (b == 0 || ((int64_t)b == -1 &&
			    (int64_t)a == INT64_MIN))
				return (node_error(err, n, GS_ERANGE,
				    "integer division of %lld by %lld",
				    (long long)a, (long long)b));
			out[0].ival[i] = (int64_t)a / (int64_t)b;
			break;
		}
	}
	return (0);
}

#define ARITH_OP(nm, ini) {						\
	.name = (nm), .min_in = 2, .max_in = 2, .n_out = 1,		\
	.traits = GS_OP_SMOOTH | GS_OP_ELEMENTWISE | GS_OP_INT_EXACT |	\
	    GS_OP_BATCH_CONST,						\
	.init = (ini), .shape = arith_shape,				\
	.scratch = arith_scratch, .forward = arith_forward,		\
	.backward = arith_backward, .ifold = arith_ifold,		\
}

const struct gs_op gs_op_add = ARITH_OP("Add", arith_init_add);
const struct gs_op gs_op_sub = ARITH_OP("Sub", arith_init_sub);
const struct gs_op gs_op_mul = ARITH_OP("Mul", arith_init_mul);
const struct gs_op gs_op_div = ARITH_OP("Div", arith_init_div);

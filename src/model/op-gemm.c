/* SPDX-License-Identifier: ISC */
/*
 * Matrix products through CBLAS: Gemm (Y = alpha op(A) op(B) + beta C, C
 * broadcast to [M, N]) and MatMul (numpy matmul: 1-D operands promoted,
 * leading batch dimensions broadcast). Backward rules are GEMMs too.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"

struct gemm_priv {
	double	alpha;		/* scale of op(A) op(B) */
	double	beta;		/* scale of C */
	int	trans_a;	/* op(A) = A^T */
	int	trans_b;	/* op(B) = B^T */
	int	has_c;		/* input C present */
};

/* The CBLAS transpose flag for t. */
static enum CBLAS_TRANSPOSE
gemm_flag(int t)
{
	return (t ? CblasTrans : CblasNoTrans);
}

static int
gemm_init(struct gs_node *n, const struct gs_tensor *in, struct gs_error *err)
{
	struct gemm_priv	p;
	int64_t			ta, tb;

	if (node_attr_float(n, "alpha", 1.0, &p.alpha, err) != 0 ||
	    node_attr_float(n, "beta", 1.0, &p.beta, err) != 0 ||
	    node_attr_int(n, "transA", 0, &ta, err) != 0 ||
	    node_attr_int(n, "transB", 0, &tb, err) != 0)
		return (-1);
	if ((ta != 0 && ta != 1) || (tb != 0 && tb != 1)) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attributes 'transA' and 'transB' must be 0 or 1"));
	}
	p.trans_a = (int)ta;
	p.trans_b = (int)tb;
	p.has_c = NODE_HAS_IN(n, 2);
	if (in[0].shape.ndim != 2 || in[1].shape.ndim != 2) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "inputs A and B must be 2-D (A has %d dimensions, B %d)",
		    in[0].shape.ndim, in[1].shape.ndim));
	}
	if (p.has_c && in[2].shape.ndim > 2) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "input C must have at most 2 dimensions"));
	}
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

static int
gemm_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct gemm_priv	*p = n->priv;
	struct gs_shape		 y, cb;
	int64_t			 m, k, k2, nn;
	char			 b1[64], b2[64];

	if (in[0].shape.ndim != 2 || in[1].shape.ndim != 2) {
		return (node_error(err, n, GS_ESHAPE,
		    "inputs A and B must be 2-D"));
	}
	m = in[0].shape.d[p->trans_a ? 1 : 0];
	k = in[0].shape.d[p->trans_a ? 0 : 1];
	k2 = in[1].shape.d[p->trans_b ? 1 : 0];
	nn = in[1].shape.d[p->trans_b ? 0 : 1];
	if (k != k2) {
		return (node_error(err, n, GS_ESHAPE,
		    "A %s and B %s do not multiply (transA=%d, transB=%d)",
		    shape_format(&in[0].shape, b1, sizeof b1),
		    shape_format(&in[1].shape, b2, sizeof b2), p->trans_a,
		    p->trans_b));
	}
	if (m > INT_MAX || k > INT_MAX || nn > INT_MAX) {
		return (node_error(err, n, GS_ELIMIT,
		    "matrix dimensions too large"));
	}
	y.ndim = 2;
	y.d[0] = m;
	y.d[1] = nn;
	if (p->has_c) {
		if (shape_broadcast(&in[2].shape, &y, &cb, NULL) != 0 ||
		    !shape_equal(&cb, &y)) {
			return (node_error(err, n, GS_ESHAPE,
			    "C %s does not broadcast to [%lld, %lld]",
			    shape_format(&in[2].shape, b1, sizeof b1),
			    (long long)m, (long long)nn));
		}
	}
	out[0] = y;
	return (0);
}

/* Y = alpha op(A) op(B) + beta C. */
static void
gemm_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct gemm_priv	*p = n->priv;
	int			 m, nn, k, i, j, lda, ldb;
	size_t			 len;
	int64_t			 st[2];
	gs_real			*y = out[0].data, beta = 0;
	const gs_real		*c;

	m = (int)out[0].shape.d[0];
	nn = (int)out[0].shape.d[1];
	k = (int)in[0].shape.d[p->trans_a ? 0 : 1];
	if (m == 0 || nn == 0)
		return;
	if (p->has_c && p->beta != 0) {
		c = in[2].data;
		shape_bcast_strides(&in[2].shape, &out[0].shape, st);
		for (i = 0; i < m; i++) {
			if (st[1] == 1) {
				memcpy(y + (size_t)i * nn, c + i * st[0],
				    (size_t)nn * sizeof *y);
				continue;
			}
			for (j = 0; j < nn; j++)
				y[(size_t)i * nn + j] = c[i * st[0]];
		}
		beta = (gs_real)p->beta;
	}
	if (k == 0) {
		for (len = 0; len < (size_t)m * nn; len++)
			y[len] = beta != 0 ? y[len] * beta : 0;
		return;
	}
	lda = (int)in[0].shape.d[1];
	ldb = (int)in[1].shape.d[1];
	GS_GEMM(CblasRowMajor, gemm_flag(p->trans_a), gemm_flag(p->trans_b),
	    m, nn, k, (gs_real)p->alpha, in[0].data, lda, in[1].data, ldb,
	    beta, y, nn);
}

/*
 * dop(A) = alpha G op(B)^T, dop(B) = alpha op(A)^T G, dC = beta G summed
 * over C's broadcast dimensions; transposed operands get the transpose.
 */
static void
gemm_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const struct gemm_priv	*p = n->priv;
	const gs_real		*g = dout[0].data;
	gs_real			 alpha = (gs_real)p->alpha, beta_a;
	int			 m, nn, k, lda, ldb;
	size_t			 len, i;

	m = (int)out[0].shape.d[0];
	nn = (int)out[0].shape.d[1];
	k = (int)in[0].shape.d[p->trans_a ? 0 : 1];
	lda = (int)in[0].shape.d[1];
	ldb = (int)in[1].shape.d[1];
	/* Stored (GS_OP_STORES): beta 0, the same bits as 1 on zeros. */
	beta_a = din[0].store ? 0 : 1;
	if (din[0].data != NULL && din[0].store && (m == 0 || nn == 0))
		memset(din[0].data, 0, shape_len(&in[0].shape) *
		    sizeof *din[0].data);
	if (m == 0 || nn == 0 || k == 0)
		goto c;
	if (din[0].data != NULL) {
		if (!p->trans_a) {
			/* dA [m,k] = alpha G [m,n] op(B)^T [n,k] */
			GS_GEMM(CblasRowMajor, CblasNoTrans,
			    gemm_flag(!p->trans_b), m, k, nn, alpha, g, nn,
			    in[1].data, ldb, beta_a, din[0].data, lda);
		} else {
			/* dA [k,m] = alpha op(B) [k,n] G^T [n,m] */
			GS_GEMM(CblasRowMajor, gemm_flag(p->trans_b),
			    CblasTrans, k, m, nn, alpha, in[1].data, ldb, g,
			    nn, beta_a, din[0].data, lda);
		}
	}
	if (din[1].data != NULL) {
		if (!p->trans_b) {
			/* dB [k,n] = alpha op(A)^T [k,m] G [m,n] */
			GS_GEMM(CblasRowMajor, gemm_flag(!p->trans_a),
			    CblasNoTrans, k, nn, m, alpha, in[0].data, lda, g,
			    nn, 1, din[1].data, ldb);
		} else {
			/* dB [n,k] = alpha G^T [n,m] op(A) [m,k] */
			GS_GEMM(CblasRowMajor, CblasTrans,
			    gemm_flag(p->trans_a), nn, k, m, alpha, g, nn,
			    in[0].data, lda, 1, din[1].data, ldb);
		}
	}
c:
	if (p->has_c && din[2].data != NULL && p->beta != 0) {
		len = shape_len(&out[0].shape);
		if (p->beta == 1) {
			tensor_sum_to(g, &out[0].shape, din[2].data,
			    &din[2].shape);
			return;
		}
		for (i = 0; i < len; i++)
			scratch[i] = (gs_real)p->beta * g[i];
		tensor_sum_to(scratch, &out[0].shape, din[2].data,
		    &din[2].shape);
	}
}

/* Workspace for beta * G when C needs a gradient and beta is not 1. */
static size_t
gemm_scratch(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	const struct gemm_priv	*p = n->priv;

	if (p->has_c && !in[2].is_const && p->beta != 1)
		return (shape_len(&out[0].shape));
	return (0);
}

/* 2 M N K for Y [M, N] = op(A) [M, K] op(B) [K, N]. */
static double
gemm_flops(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	const struct gemm_priv	*p = n->priv;

	return (2 * (double)shape_len(&out[0].shape) *
	    (double)in[0].shape.d[p->trans_a ? 0 : 1]);
}

const struct gs_op gs_op_gemm = {
	.name = "Gemm", .min_in = 2, .max_in = 3, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_BATCH_CONST | GS_OP_STORES,
	.flops = gemm_flops,
	.init = gemm_init, .shape = gemm_shape, .scratch = gemm_scratch,
	.forward = gemm_forward, .backward = gemm_backward,
};

/*
 * MatMul. Operands are viewed as stacks of matrices: A [..., M, K] and
 * B [..., K, N] (a 1-D A is [1, K], a 1-D B is [K, 1], the promoted
 * dimension removed from the result). Batch dimensions broadcast.
 */
struct matmul_dims {
	int64_t	m, k, n;			/* matrix sizes */
	int	bnd;				/* batch dimensions */
	int64_t	bd[GS_MAX_DIMS];		/* output batch extents */
	int64_t	sa[GS_MAX_DIMS];		/* A's batch strides (matrices) */
	int64_t	sb[GS_MAX_DIMS];		/* B's batch strides (matrices) */
	size_t	count;				/* matrices in the output */
	int	flat;				/* B is one matrix: A folds to 2-D */
};

/* Work out the matrix view of both operands; 0 or -1 with err set. */
static int
matmul_dims(const struct gs_node *n, const struct gs_shape *as,
    const struct gs_shape *bs, struct matmul_dims *md, struct gs_shape *out,
    struct gs_error *err)
{
	struct gs_shape	ab, bb, ob;
	char		b1[64], b2[64];
	int		i;

	if (as->ndim < 1 || bs->ndim < 1) {
		return (node_error(err, n, GS_ESHAPE,
		    "MatMul of a scalar is not defined"));
	}
	md->m = as->ndim == 1 ? 1 : as->d[as->ndim - 2];
	md->k = as->d[as->ndim - 1];
	md->n = bs->ndim == 1 ? 1 : bs->d[bs->ndim - 1];
	if ((bs->ndim == 1 ? bs->d[0] : bs->d[bs->ndim - 2]) != md->k) {
		return (node_error(err, n, GS_ESHAPE,
		    "%s and %s do not multiply",
		    shape_format(as, b1, sizeof b1),
		    shape_format(bs, b2, sizeof b2)));
	}
	if (md->m > INT_MAX || md->k > INT_MAX || md->n > INT_MAX) {
		return (node_error(err, n, GS_ELIMIT,
		    "matrix dimensions too large"));
	}
	if (as->ndim > GS_MAX_DIMS || bs->ndim > GS_MAX_DIMS)
		return (node_error(err, n, GS_ESHAPE, "bad rank"));
	ab.ndim = as->ndim > 2 ? as->ndim - 2 : 0;
	bb.ndim = bs->ndim > 2 ? bs->ndim - 2 : 0;
	for (i = 0; i < ab.ndim; i++)
		ab.d[i] = as->d[i];
	for (i = 0; i < bb.ndim; i++)
		bb.d[i] = bs->d[i];
	if (shape_broadcast(&ab, &bb, &ob, NULL) != 0) {
		return (node_error(err, n, GS_ESHAPE,
		    "batch dimensions of %s and %s do not broadcast",
		    shape_format(as, b1, sizeof b1),
		    shape_format(bs, b2, sizeof b2)));
	}
	md->bnd = ob.ndim;
	md->count = shape_len(&ob);
	for (i = 0; i < ob.ndim; i++)
		md->bd[i] = ob.d[i];
	shape_bcast_strides(&ab, &ob, md->sa);
	shape_bcast_strides(&bb, &ob, md->sb);
	md->flat = bb.ndim == 0 || shape_len(&bb) == 1;
	if (md->flat && (int64_t)md->count * md->m > INT_MAX) {
		return (node_error(err, n, GS_ELIMIT,
		    "matrix dimensions too large"));
	}

	*out = ob;
	if (as->ndim > 1)
		out->d[out->ndim++] = md->m;
	if (bs->ndim > 1)
		out->d[out->ndim++] = md->n;
	if (out->ndim > GS_MAX_DIMS) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "more than %d dimensions", GS_MAX_DIMS));
	}
	return (0);
}

static int
matmul_init(struct gs_node *n, const struct gs_tensor *in,
    struct gs_error *err)
{
	if (in[0].shape.ndim < 1 || in[1].shape.ndim < 1) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "MatMul of a scalar is not defined"));
	}
	return (0);
}

static int
matmul_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	struct matmul_dims	md;

	return (matmul_dims(n, &in[0].shape, &in[1].shape, &md, &out[0], err));
}

/* Offsets (in matrices) of A and B for output matrix number t. */
static void
matmul_offsets(const struct matmul_dims *md, size_t t, int64_t *oa,
    int64_t *ob)
{
	int64_t	r = (int64_t)t, q;
	int	i;

	*oa = *ob = 0;
	for (i = md->bnd - 1; i >= 0; i--) {
		q = r % md->bd[i];
		r /= md->bd[i];
		*oa += q * md->sa[i];
		*ob += q * md->sb[i];
	}
}

static void
matmul_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	struct matmul_dims	 md;
	struct gs_shape		 os;
	int64_t			 oa, ob, sza, szb, szy;
	size_t			 t;
	int			 m, k, nn;
	gs_real			*y = out[0].data;

	if (matmul_dims(n, &in[0].shape, &in[1].shape, &md, &os, NULL) != 0)
		return;
	m = (int)md.m;
	k = (int)md.k;
	nn = (int)md.n;
	if (md.count == 0 || m == 0 || nn == 0)
		return;
	if (k == 0) {
		memset(y, 0, md.count * (size_t)m * (size_t)nn * sizeof *y);
		return;
	}
	if (md.flat) {
		/* One GEMM: A folds to [count*M, K]. */
		GS_GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans,
		    (int)(md.count * (size_t)m), nn, k, 1, in[0].data, k,
		    in[1].data, nn, 0, y, nn);
		return;
	}
	sza = md.m * md.k;
	szb = md.k * md.n;
	szy = md.m * md.n;
	for (t = 0; t < md.count; t++) {
		matmul_offsets(&md, t, &oa, &ob);
		GS_GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, nn, k, 1,
		    in[0].data + oa * sza, k, in[1].data + ob * szb, nn, 0,
		    y + (int64_t)t * szy, nn);
	}
}

/* dA = G B^T, dB = A^T G per matrix, summed over broadcast batches. */
static void
matmul_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	struct matmul_dims	 md;
	struct gs_shape		 os;
	int64_t			 oa, ob, sza, szb, szy;
	size_t			 t;
	int			 m, k, nn;
	const gs_real		*g = dout[0].data;

	if (matmul_dims(n, &in[0].shape, &in[1].shape, &md, &os, NULL) != 0)
		return;
	m = (int)md.m;
	k = (int)md.k;
	nn = (int)md.n;
	if (md.count == 0 || m == 0 || nn == 0 || k == 0)
		return;
	if (md.flat) {
		int	rows = (int)(md.count * (size_t)m);

		if (din[0].data != NULL) {
			GS_GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, rows,
			    k, nn, 1, g, nn, in[1].data, nn, 1, din[0].data,
			    k);
		}
		if (din[1].data != NULL) {
			GS_GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, k, nn,
			    rows, 1, in[0].data, k, g, nn, 1, din[1].data,
			    nn);
		}
		return;
	}
	sza = md.m * md.k;
	szb = md.k * md.n;
	szy = md.m * md.n;
	for (t = 0; t < md.count; t++) {
		matmul_offsets(&md, t, &oa, &ob);
		if (din[0].data != NULL) {
			GS_GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, m, k,
			    nn, 1, g + (int64_t)t * szy, nn,
			    in[1].data + ob * szb, nn, 1,
			    din[0].data + oa * sza, k);
		}
		if (din[1].data != NULL) {
			GS_GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, k, nn,
			    m, 1, in[0].data + oa * sza, k,
			    g + (int64_t)t * szy, nn, 1,
			    din[1].data + ob * szb, nn);
		}
	}
}

/* 2 K per output element. */
static double
matmul_flops(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	return (2 * (double)shape_len(&out[0].shape) *
	    (double)in[0].shape.d[in[0].shape.ndim - 1]);
}

const struct gs_op gs_op_matmul = {
	.name = "MatMul", .min_in = 2, .max_in = 2, .n_out = 1,
	.traits = GS_OP_SMOOTH | GS_OP_BATCH_CONST, .flops = matmul_flops,
	.init = matmul_init, .shape = matmul_shape,
	.forward = matmul_forward, .backward = matmul_backward,
};

/* SPDX-License-Identifier: ISC */
/*
 * The table of every ONNX op gshap can run, and op_find. Adding an op means
 * writing its gs_op in an op-*.c file and listing it here.
 */
#include <string.h>

#include "model/graph.h"

/* op-gemm.c */
extern const struct gs_op gs_op_gemm, gs_op_matmul;
/* op-arith.c */
extern const struct gs_op gs_op_add, gs_op_sub, gs_op_mul, gs_op_div;
/* op-shape.c */
extern const struct gs_op gs_op_identity, gs_op_dropout, gs_op_flatten,
    gs_op_reshape, gs_op_squeeze, gs_op_unsqueeze, gs_op_transpose,
    gs_op_concat, gs_op_constant;
/* op-activation.c */
extern const struct gs_op gs_op_relu, gs_op_leakyrelu, gs_op_elu,
    gs_op_sigmoid, gs_op_tanh, gs_op_softplus, gs_op_exp, gs_op_log,
    gs_op_sqrt, gs_op_pow, gs_op_clip, gs_op_erf, gs_op_abs, gs_op_neg,
    gs_op_reciprocal, gs_op_hardsigmoid, gs_op_hardswish, gs_op_selu,
    gs_op_celu, gs_op_softsign, gs_op_gelu, gs_op_mish;
/* op-softmax.c */
extern const struct gs_op gs_op_softmax, gs_op_logsoftmax;
/* op-conv.c, op-pool.c, op-batchnorm.c */
extern const struct gs_op gs_op_conv, gs_op_convtranspose, gs_op_maxpool, gs_op_averagepool,
    gs_op_globalaveragepool, gs_op_globalmaxpool, gs_op_batchnormalization;
/* op-shape.c (shape arithmetic) */
extern const struct gs_op gs_op_shape, gs_op_size;
/* op-index.c */
extern const struct gs_op gs_op_gather, gs_op_slice, gs_op_split;
/* op-fill.c */
extern const struct gs_op gs_op_constantofshape, gs_op_range, gs_op_expand,
    gs_op_tile;
/* op-select.c */
extern const struct gs_op gs_op_where, gs_op_max, gs_op_min, gs_op_equal,
    gs_op_greater, gs_op_less, gs_op_greaterorequal, gs_op_lessorequal,
    gs_op_not, gs_op_and, gs_op_or, gs_op_xor, gs_op_prelu;
/* op-reduce.c */
extern const struct gs_op gs_op_reducesum, gs_op_reducemean,
    gs_op_reducemax, gs_op_reducemin, gs_op_reduceprod, gs_op_reducel1,
    gs_op_reducel2, gs_op_reducesumsquare, gs_op_reducelogsum,
    gs_op_reducelogsumexp;
/* op-norm.c */
extern const struct gs_op gs_op_layernormalization,
    gs_op_instancenormalization, gs_op_groupnormalization;
/* op-pad.c */
extern const struct gs_op gs_op_pad;
/* op-resize.c */
extern const struct gs_op gs_op_resize, gs_op_upsample;
/* op-rnn.c */
extern const struct gs_op gs_op_lstm, gs_op_gru, gs_op_rnn;
/* op-cast.c */
extern const struct gs_op gs_op_cast, gs_op_castlike, gs_op_quantizelinear,
    gs_op_dequantizelinear;

static const struct gs_op *op_table[] = {
	&gs_op_abs,
	&gs_op_add,
	&gs_op_and,
	&gs_op_averagepool,
	&gs_op_batchnormalization,
	&gs_op_cast,
	&gs_op_castlike,
	&gs_op_celu,
	&gs_op_clip,
	&gs_op_concat,
	&gs_op_constant,
	&gs_op_constantofshape,
	&gs_op_conv,
	&gs_op_convtranspose,
	&gs_op_dequantizelinear,
	&gs_op_div,
	&gs_op_dropout,
	&gs_op_elu,
	&gs_op_equal,
	&gs_op_erf,
	&gs_op_exp,
	&gs_op_expand,
	&gs_op_flatten,
	&gs_op_gather,
	&gs_op_gelu,
	&gs_op_gemm,
	&gs_op_globalaveragepool,
	&gs_op_globalmaxpool,
	&gs_op_greater,
	&gs_op_greaterorequal,
	&gs_op_groupnormalization,
	&gs_op_gru,
	&gs_op_hardsigmoid,
	&gs_op_hardswish,
	&gs_op_identity,
	&gs_op_instancenormalization,
	&gs_op_layernormalization,
	&gs_op_leakyrelu,
	&gs_op_less,
	&gs_op_lessorequal,
	&gs_op_log,
	&gs_op_logsoftmax,
	&gs_op_lstm,
	&gs_op_matmul,
	&gs_op_max,
	&gs_op_maxpool,
	&gs_op_min,
	&gs_op_mish,
	&gs_op_mul,
	&gs_op_neg,
	&gs_op_not,
	&gs_op_or,
	&gs_op_pad,
	&gs_op_pow,
	&gs_op_prelu,
	&gs_op_quantizelinear,
	&gs_op_range,
	&gs_op_reciprocal,
	&gs_op_reducel1,
	&gs_op_reducel2,
	&gs_op_reducelogsum,
	&gs_op_reducelogsumexp,
	&gs_op_reducemax,
	&gs_op_reducemean,
	&gs_op_reducemin,
	&gs_op_reduceprod,
	&gs_op_reducesum,
	&gs_op_reducesumsquare,
	&gs_op_relu,
	&gs_op_reshape,
	&gs_op_resize,
	&gs_op_rnn,
	&gs_op_selu,
	&gs_op_shape,
	&gs_op_sigmoid,
	&gs_op_size,
	&gs_op_slice,
	&gs_op_softmax,
	&gs_op_softplus,
	&gs_op_softsign,
	&gs_op_split,
	&gs_op_sqrt,
	&gs_op_squeeze,
	&gs_op_sub,
	&gs_op_tanh,
	&gs_op_tile,
	&gs_op_transpose,
	&gs_op_unsqueeze,
	&gs_op_upsample,
	&gs_op_where,
	&gs_op_xor,
};
#define OP_TABLE_COUNT	(sizeof op_table / sizeof op_table[0])
_Static_assert(OP_TABLE_COUNT == 91,
    "op_table: update the count with the list");

/* Number of ops gshap implements. */
size_t
op_count(void)
{
	return (OP_TABLE_COUNT);
}

/* Op number i of the table (in name order), or NULL past its end. */
const struct gs_op *
op_get(size_t i)
{
	return (i < OP_TABLE_COUNT ? op_table[i] : NULL);
}

/*
 * Whether op has kinks (GS_OP_KINKS): exact IG must find the points where
 * one of its margins changes sign. The one predicate for "piecewise".
 */
int
op_has_kinks(const struct gs_op *op)
{
	return ((op->traits & GS_OP_KINKS) != 0);
}

/* Tests set it to run the generic kernels (graph.h). */
int	op_generic;

/*
 * The op whose ONNX op_type is op_type (case-sensitive, as ONNX), or NULL
 * when gshap does not implement it. The result is a static table entry.
 */
const struct gs_op *
op_find(const char *op_type)
{
	size_t	i;

	for (i = 0; i < OP_TABLE_COUNT; i++) {
		if (strcmp(op_table[i]->name, op_type) == 0)
			return (op_table[i]);
	}
	return (NULL);
}

/* SPDX-License-Identifier: ISC */
/*
 * The public face of the model layer: load an ONNX model, then evaluate it
 * and its input gradient on batches of rows through a plan. Everything above
 * src/model/ uses only this header.
 */
#ifndef GS_MODEL_H
#define GS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "model/real.h"

#define GS_MAX_DIMS	8	/* most dimensions of any tensor */

struct gs_shape {
	int	 ndim;			/* number of dimensions, 0 for a scalar */
	int64_t	 d[GS_MAX_DIMS];	/* extent of each dimension */
};

struct gs_model;	/* opaque: graph, weights, op list */
struct gs_plan;		/* opaque: buffers for one output and batch size */

/*
 * Load an ONNX model from path. The caller owns the result (model_free).
 * Errors: GS_EIO (cannot read), GS_EPARSE (not a valid ModelProto, truncated),
 * GS_EUNSUPPORTED (an op, attribute value, data type or opset we do not
 * handle; the message names the node, its op and the attribute), GS_ESHAPE,
 * GS_ELIMIT. Messages start with the file name.
 */
struct gs_model	*model_load(const char *path, struct gs_error *err);

/* Same, from a buffer in memory; name is used in messages. */
struct gs_model	*model_load_buffer(const void *buf, size_t size,
		    const char *name, struct gs_error *err);

/*
 * Models are shared by the REPL, the explorer, jobs and Lua: model_ref
 * takes another reference (returns m), model_unref drops one and frees the
 * model with the last. model_free is model_unref. NULL is fine for both.
 * Safe from any thread.
 */
struct gs_model	*model_ref(struct gs_model *m);
void		 model_unref(struct gs_model *m);
void		 model_free(struct gs_model *m);

/*
 * A custom model: a function of one row computed by someone else (a Lua
 * script), with its exact gradient. forward writes n rows of output_len
 * values into y; gradient writes into row i of grad the gradient of output
 * element target[i] of row i, and the outputs into y unless y is NULL.
 * Both return 0, or -1 with err set. free releases ctx.
 */
struct gs_model_ops {
	int	(*forward)(void *ctx, const gs_real *x, size_t n, gs_real *y,
		    struct gs_error *err);
	int	(*gradient)(void *ctx, const gs_real *x, size_t n,
		    const size_t *target, gs_real *y, gs_real *grad,
		    struct gs_error *err);
	void	(*free)(void *ctx);
};

/*
 * Make a custom model called name taking rows of input_len values (named by
 * input_names, which may be NULL; copied) to output_len values. ops is
 * borrowed and must outlive the model; the model owns ctx and frees it
 * with ops->free. Plans and accessors work as for an ONNX model (one output
 * called "output", no nodes). The caller owns the result (model_free).
 */
struct gs_model	*model_new_custom(const char *name, size_t input_len,
		    size_t output_len, const char *const *input_names,
		    const struct gs_model_ops *ops, void *ctx);

/* Name of input element i of a custom model (borrowed), or NULL. */
const char	*model_input_name(const struct gs_model *m, size_t i);

/* Short name (the file stem, "bc_mlp"). Borrowed. */
const char	*model_name(const struct gs_model *m);

/* Elements of one input row: the product of the input's non-batch dims. */
size_t		 model_input_len(const struct gs_model *m);

/* The input's shape, d[0] being the batch dimension (-1 when dynamic). */
const struct gs_shape *model_input_shape(const struct gs_model *m);

/* Number of graph outputs, their names and elements per row. */
size_t		 model_output_count(const struct gs_model *m);
const char	*model_output_name(const struct gs_model *m, size_t k);
size_t		 model_output_len(const struct gs_model *m, size_t k);

/* What an output element is on (model_output_scale, outscale.c). */
enum gs_output_scale {
	GS_SCALE_UNKNOWN,	/* a custom model: not known */
	GS_SCALE_SCORE,		/* a score or logit: no Sigmoid or Softmax made it */
	GS_SCALE_PROB,		/* a probability: out of a Sigmoid or Softmax */
	GS_SCALE_LOGPROB,	/* a log-probability: out of a LogSoftmax */
	GS_SCALE_COUNT
};

/*
 * Whether element elem of a row of graph output output is a probability,
 * a log-probability or a score: the op that computed it, looking through
 * ops that only move values (Identity, Dropout, Flatten, Reshape, Squeeze,
 * Unsqueeze, Transpose) and through Concat to the input holding elem.
 * GS_SCALE_UNKNOWN for a custom model or an output or element out of
 * range. A display offers a probability axis only for a score, log-odds
 * only for a probability.
 */
enum gs_output_scale model_output_scale(const struct gs_model *m,
		    size_t output, size_t elem);
/* "unknown", "score", "probability", "log-probability". */
const char	*output_scale_name(enum gs_output_scale s);

/*
 * The value of key in the model file's metadata_props (borrowed), or NULL
 * when the file has none (or the model is a custom one). gshap reads
 * "classes": the names of the output's elements, comma-separated.
 */
const char	*model_meta(const struct gs_model *m, const char *key);

/*
 * The opset of the default ONNX domain (0 for a custom model), and the
 * producer the file names ("pytorch 1.13.1"; "" when it names none),
 * for "info". The string is borrowed and may hold any bytes but NUL.
 */
int		 model_opset(const struct gs_model *m);
const char	*model_producer(const struct gs_model *m);

/*
 * Whether some node on the model's data path rounds its values
 * (QuantizeLinear, or a Cast to an integer, float16 or bfloat16 type):
 * then gradients pass straight through that rounding, and gradient
 * methods explain the float function the rounded model approximates (a
 * result's header should say so). 0 for a custom model.
 */
int		 model_rounds(const struct gs_model *m);

/* Number of nodes, and the op type of node i (for "info"). */
size_t		 model_node_count(const struct gs_model *m);
const char	*model_node_op(const struct gs_model *m, size_t i);

/*
 * Make a plan that evaluates graph output number output on batches of up to
 * max_batch rows. Buffers are allocated once here and reused by every call.
 * The caller owns the plan (plan_free); it borrows m, which must outlive it.
 * Errors: GS_ESHAPE (shapes do not propagate for this batch size), GS_ERANGE.
 */
struct gs_plan	*plan_new(const struct gs_model *m, size_t output,
		    size_t max_batch, struct gs_error *err);
void		 plan_free(struct gs_plan *p);

/* Elements per row of the plan's output (K classes, 1 for a scalar). */
size_t		 plan_output_len(const struct gs_plan *p);

/*
 * Multiply-add work per row of the dense ops (Gemm, MatMul, Conv, ...), counted
 * as 2 FLOPs each: fwd for the forward pass, bwd for the backward pass to
 * the input. Element-wise ops are not counted. Errors: GS_ESHAPE.
 */
int		 plan_flops(struct gs_plan *p, double *fwd, double *bwd,
		    struct gs_error *err);

/*
 * Forward pass on n <= max_batch rows. x holds n rows of model_input_len
 * elements; y receives n rows of plan_output_len elements.
 * Errors: GS_ERANGE (n too large), GS_ESHAPE.
 */
int		 plan_forward(struct gs_plan *p, const gs_real *x, size_t n,
		    gs_real *y, struct gs_error *err);

/*
 * Forward and reverse pass: grad row i receives the gradient of output
 * element target[i] of row i with respect to row i of x. y (may be NULL)
 * receives the forward outputs as plan_forward would. One pass for the
 * whole batch. Errors as plan_forward, and GS_ERANGE for a target out of
 * range.
 */
int		 plan_gradient(struct gs_plan *p, const gs_real *x, size_t n,
		    const size_t *target, gs_real *y, gs_real *grad,
		    struct gs_error *err);

/*
 * The affine prefix, for the path cache of the attribution layer: the
 * steps from the input whose outputs are affine in it (Gemm, MatMul and
 * Conv with constant weights, Add, Sub, Mul and Div by constants, Reshape,
 * Flatten, Transpose, BatchNormalization, ...: standardisation and the
 * first dense layer), up to the one value the rest of the model reads.
 * Along a path b + alpha (x - b) that value is F(b) + alpha (F(x) - F(b)),
 * so a caller who keeps F of the baselines and of x needs no prefix work
 * per point. plan_prefix_len: F's elements per row, 0 when the plan has
 * no such prefix (the input is read elsewhere too, several affine values
 * are, the plan runs row by row, a custom model). plan_prefix_flops: the
 * dense forward work a row of the prefix costs (as plan_flops counts).
 * plan_prefix: F of n <= max_batch rows of x into f (n x len).
 * plan_gradient_prefixed: as plan_gradient for the n rows whose F are the
 * rows of f (the gradient is still with respect to the model input; the
 * prefix's backward pass runs as always).
 * Errors: as plan_forward and plan_gradient; GS_EUNSUPPORTED without a
 * prefix.
 */
size_t		 plan_prefix_len(const struct gs_plan *p);
double		 plan_prefix_flops(const struct gs_plan *p);
int		 plan_prefix(struct gs_plan *p, const gs_real *x, size_t n,
		    gs_real *f, struct gs_error *err);
int		 plan_gradient_prefixed(struct gs_plan *p, const gs_real *f,
		    size_t n, const size_t *target, gs_real *y, gs_real *grad,
		    struct gs_error *err);

/*
 * Kinks, for exact integrated gradients. Every op with kinks (Relu,
 * LeakyRelu, Clip, MaxPool, ...: the ops whose table entry has
 * GS_OP_KINKS) has margins: numbers whose signs say which piece of the op
 * each element is on, which flip sign exactly at a switching point, and
 * which are affine in the op's inputs between switching points (Relu: its
 * input; Clip: x - lo and hi - x; MaxPool: each tap minus the largest
 * other tap of its window). Two rows whose margins all have the same signs
 * lie in the same piece of every kinked op on the path to the output.
 *
 * plan_pattern: a forward pass on n rows, then pattern[i] receives a
 * 64-bit hash of the signs of row i's margins.
 * plan_margins: a forward pass on n rows, then row i of m (n rows of
 * plan_margin_count values, in the order of the nodes) receives them.
 * Along a path on which the ops before each kink are affine, a margin is
 * affine in the path parameter between kinks, so the next kink is where
 * its linear extrapolation crosses zero.
 * Errors: as plan_forward; GS_EUNSUPPORTED for a custom model.
 */
int		 plan_pattern(struct gs_plan *p, const gs_real *x, size_t n,
		    uint64_t *pattern, struct gs_error *err);
size_t		 plan_margin_count(const struct gs_plan *p);
int		 plan_margins(struct gs_plan *p, const gs_real *x, size_t n,
		    gs_real *m, struct gs_error *err);

/*
 * Kinks along a line, for exact integrated gradients. The kink values of a
 * row are the inputs of the plan's kinked nodes (GS_OP_KINKS: Relu,
 * LeakyRelu, Elu, Selu, PRelu, Abs, Clip, HardSigmoid, HardSwish, Max,
 * Min, MaxPool, GlobalMaxPool, ReduceMax, ReduceMin, ReduceL1) that the
 * input computes (not their constants), node after node in the order the
 * plan runs them: plan_kink_len sets *len to their number per row;
 * plan_kink_values runs a forward pass on n <= max_batch rows of x and
 * writes n rows of them into v. plan_kink_len (and plan_kink_split)
 * refuse a model with a node on the path whose output is piecewise
 * constant in its data (the comparisons; QuantizeLinear, and a Cast to
 * an integer, BOOL, FLOAT16 or BFLOAT16 type: op->jumps), naming the node
 * and its op. Errors: as plan_forward; GS_EUNSUPPORTED for a custom model
 * or such a node.
 */
int		 plan_kink_len(struct gs_plan *p, size_t *len,
		    struct gs_error *err);
int		 plan_kink_values(struct gs_plan *p, const gs_real *x,
		    size_t n, gs_real *v, struct gs_error *err);

/*
 * A kink on a segment: where element i of a node switches state, u_i
 * meeting a threshold or (MaxPool, Max...) another element u_j.
 */
struct gs_kink {
	double		 t;		/* position along the segment, in (0, 1) */
	size_t		 i;		/* the element switching (kink value index) */
	size_t		 j;		/* the element it meets (a race), else i */
	double		 at;		/* the threshold crossed; NaN: i meets j */
	double		 swing;		/* change of u_i - at (u_i - u_j) end to end */
	double		 ulp;		/* epsilon x the node's largest |value| */
};

/*
 * Where the segment between two points first switches: va and vb are the
 * two points' kink values. The first piecewise-linear node (in plan
 * order) with an element on either side of its switching point at the two
 * ends (one end exactly on it does not count) writes the kinks of its
 * elements into k (at most max of them, in no order) and sets *count to
 * their number (which may exceed max); 0 when no node switches. They are
 * exact when the node's input is affine on the segment, which holds when
 * no earlier node switches on it and only affine ops come before, so
 * cutting at them and asking again finds every kink in turn; otherwise
 * each is a secant step towards one. Errors: GS_ESHAPE, GS_EUNSUPPORTED
 * (a custom model, or one plan_kink_len refuses).
 */
int		 plan_kink_split(struct gs_plan *p, const gs_real *va,
		    const gs_real *vb, struct gs_kink *k, size_t max,
		    size_t *count, struct gs_error *err);

/*
 * Put the kink values v of a point cut at kink k exactly on the kink when
 * they are within rounding of it (16 ulp from the threshold, or from each
 * other), so that neither part of the segment switches there again. *dev
 * receives how far they were (u_i - at, or u_i - u_j). Returns whether
 * they were settled.
 */
int		 plan_kink_settle(const struct gs_kink *k, gs_real *v,
		    double *dev);

#endif

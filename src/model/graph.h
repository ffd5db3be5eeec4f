/* SPDX-License-Identifier: ISC */
/*
 * Inside the model layer: nodes, attributes and the op interface that every
 * op family (op-*.c) implements. The loader (onnx.c) builds nodes from the
 * protobuf; the plan (plan.c) runs them forward and backward.
 */
#ifndef GS_GRAPH_H
#define GS_GRAPH_H

#include <float.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "model/model.h"
#include "model/real.h"

/* ONNX element types (TensorProto.DataType) that gshap reads. */
enum gs_dtype {
	GS_DT_UNDEFINED = 0,		/* a computed float value */
	GS_DT_FLOAT = 1,
	GS_DT_UINT8 = 2,
	GS_DT_INT8 = 3,
	GS_DT_UINT16 = 4,
	GS_DT_INT16 = 5,
	GS_DT_INT32 = 6,
	GS_DT_INT64 = 7,
	GS_DT_STRING = 8,
	GS_DT_BOOL = 9,
	GS_DT_FLOAT16 = 10,
	GS_DT_DOUBLE = 11,
	GS_DT_UINT32 = 12,
	GS_DT_UINT64 = 13,
	GS_DT_BFLOAT16 = 16
};

/* The name of ONNX data type t ("FLOAT16"), for messages. */
const char	*dtype_name(int t);

/* Whether ONNX data type t holds integers (booleans included). */
int		 dtype_is_int(int t);

/*
 * x rounded to the nearest value of ONNX floating type t (FLOAT16,
 * BFLOAT16 and FLOAT round; DOUBLE and others return x), ties to even,
 * overflowing to infinity as a conversion does.
 */
double		 dtype_round(double x, int t);

/* A tensor view: a shape plus borrowed data. Never owns memory. */
struct gs_tensor {
	struct gs_shape	 shape;		/* dimensions */
	gs_real		*data;		/* row-major elements, or NULL */
	int64_t		*ival;		/* exact values of an integer tensor, or NULL */
	int		 is_const;	/* 1: constant (initializer, Constant,
					   folded); 2: derived from the input's
					   shape, constant for one batch size */
	int		 dtype;		/* ONNX type of a constant, or 0 */
	int		 store;		/* an input gradient (din) that backward
					   writes (0 + its gradient) instead of
					   adding to: GS_OP_STORES */
};

enum gs_attr_type {
	GS_ATTR_FLOAT,
	GS_ATTR_INT,
	GS_ATTR_STRING,
	GS_ATTR_TENSOR,
	GS_ATTR_FLOATS,
	GS_ATTR_INTS,
	GS_ATTR_STRINGS,
	GS_ATTR_OTHER,		/* graphs, sparse tensors, ...: never handled */
	GS_ATTR_TYPE_COUNT
};

/* A constant tensor owned by the model (initializer, Constant value). */
struct gs_const {
	struct gs_shape	 shape;		/* dimensions */
	gs_real		*data;		/* elements converted to gs_real, owned */
	int64_t		*ival;		/* exact integers of an integer tensor, owned, or NULL */
	int		 dtype;		/* ONNX element type as stored, or 0 */
};

struct gs_attr {
	char		*name;		/* attribute name, owned */
	enum gs_attr_type type;		/* which of the fields below is set */
	double		 f;		/* GS_ATTR_FLOAT */
	int64_t		 i;		/* GS_ATTR_INT */
	char		*s;		/* GS_ATTR_STRING, owned */
	double		*floats;	/* GS_ATTR_FLOATS, owned */
	int64_t		*ints;		/* GS_ATTR_INTS, owned */
	char		**strs;		/* GS_ATTR_STRINGS, owned (len of them) */
	size_t		 len;		/* elements of floats or ints (or strings) */
	struct gs_const	*t;		/* GS_ATTR_TENSOR, owned */
	int		 used;		/* set when an op read it; unread ones are refused */
};

struct gs_node;

/*
 * What an op is (gs_op.traits), for the loader, the plan and exact
 * integrated gradients. Every op sets exactly one of GS_OP_SMOOTH and
 * GS_OP_KINKS: that is its exact-IG decision (a test walks the op table).
 */
#define GS_OP_SMOOTH	 0x01	/* no kinks: its derivative is continuous
				   wherever the op is defined */
#define GS_OP_KINKS	 0x02	/* piecewise: its derivative (or value) jumps
				   exactly where one of its margins changes
				   sign; op->margins computes them */
#define GS_OP_ELEMENTWISE 0x04	/* output element i reads element i of each
				   input (after broadcasting) and nothing else */
#define GS_OP_INT_EXACT	 0x08	/* op->ifold evaluates integer tensors
				   exactly (shape arithmetic, folding) */
#define GS_OP_SHAPE_ONLY 0x10	/* reads only the shape of input 0, never
				   its data (Shape, Size) */
#define GS_OP_BATCH_CONST 0x20	/* reads the values of constant inputs in
				   shape and forward only, never caching
				   them in init: inputs derived from the
				   batch size may change between passes */
#define GS_OP_STORES	 0x40	/* backward honours din[0].store: it then
				   writes every element of input 0's
				   gradient, 0 + what it would add (the
				   same bits as adding to zeros), so a plan
				   need not clear a gradient whose only
				   writer this is */

/*
 * Kinks along a segment (exact integrated gradients; plan_kink_split): a
 * kinked op's kinks callback. a and b are the node's n_in inputs for one
 * row at the segment's two ends (shapes of one row; an omitted input has
 * data NULL). The inputs computed from the model's input are the node's
 * kink values, and differ between a and b; base[k] is where input k's
 * elements start among them, GS_KINK_FIXED for an input that is not one
 * (a constant, or shape arithmetic), which is the same in a and b. Taking
 * the kink values as affine in between, every element that switches
 * between the two ends (strictly on either side of its switching point
 * at them; a window's or a group's winner overtaken) gives its first kink
 * in k, indices among the node's kink values, at most max of them, in no
 * order; the return value is their number, which may exceed max.
 * kink.h does the arithmetic.
 */
#ifdef GS_REAL_DOUBLE
#define GS_KINK_EPS	DBL_EPSILON	/* epsilon of gs_real */
#else
#define GS_KINK_EPS	FLT_EPSILON
#endif
#define GS_KINK_FIXED	SIZE_MAX	/* base of an input not among them */
typedef size_t (*gs_kink_fn)(const struct gs_node *n,
    const struct gs_tensor *a, const struct gs_tensor *b, const size_t *base,
    struct gs_kink *k, size_t max);

/*
 * One ONNX op. init parses and validates attributes and constant inputs at
 * load time; shape computes output shapes for the current batch; forward
 * writes outputs; backward ADDS the gradient of each input whose din[i].data
 * is not NULL (inputs that need no gradient have data NULL). scratch, if
 * set, returns how many gs_real elements of workspace forward and backward
 * need for these shapes. keep: backward reads what forward left in the
 * scratch (MaxPool's winners), so a caller passes backward the scratch of
 * the forward pass on the same inputs, untouched; a plan gives such an op
 * a scratch of its own.
 *
 * The optional callbacks describe the op to the rest of the model layer:
 *  - ifold: exact integer evaluation of constant (or shape-derived)
 *    inputs whose ival is set; writes out[k].ival (allocated by the
 *    caller, shape_len elements) and returns 0; returns 1 when the result
 *    is not an integer tensor (the caller runs forward instead), -1 with
 *    err set for an input it refuses (integer division by zero...).
 *  - margins: for a GS_OP_KINKS op after forward on rows rows, writes the
 *    margins of row row into m (unless m is NULL) and returns how many
 *    there are per row. Each margin is a real number whose sign flips
 *    exactly at one of the op's switching points (Relu: its input; Clip:
 *    x - lo and hi - x; MaxPool: each tap minus the largest other tap of
 *    its window), and which is affine in the op's inputs between them.
 *  - flops: multiply-adds times 2 of one forward pass on these shapes
 *    (dense ops only; element-wise work is not counted).
 *  - mixes_rows: whether the node, on inputs of these shapes (batch
 *    first), combines values across dimension 0 in a way the shapes do
 *    not show (Concat on axis 0, Softmax over axis 0, ...).
 *  - kinks: for a GS_OP_KINKS op, where along a segment its elements
 *    switch (gs_kink_fn above), computed from the op's own inputs, exactly
 *    where the margins would only be interpolated (MaxPool).
 *  - jumps: why exact integrated gradients refuse a path through node n,
 *    or NULL where they do not: the op's output is piecewise constant in
 *    its data (a comparison is 0 or 1, a rounding takes steps), so the
 *    model's value jumps where the gradient is 0 and no integral of the
 *    gradient adds up to f(x) - f(b). Every GS_OP_KINKS op has kinks or
 *    jumps.
 */
struct gs_op {
	const char	*name;		/* ONNX op_type, e.g. "Gemm" */
	int		 min_in;	/* fewest inputs */
	int		 max_in;	/* most inputs (-1: any number) */
	int		 n_out;		/* outputs we compute (extra optional ones refused) */
	unsigned	 traits;	/* GS_OP_* flags */
	int	(*init)(struct gs_node *, const struct gs_tensor *in,
		    struct gs_error *);
	int	(*shape)(const struct gs_node *, const struct gs_tensor *in,
		    struct gs_shape *out, struct gs_error *);
	size_t	(*scratch)(const struct gs_node *, const struct gs_tensor *in,
		    const struct gs_tensor *out);
	void	(*forward)(const struct gs_node *, const struct gs_tensor *in,
		    struct gs_tensor *out, gs_real *scratch);
	void	(*backward)(const struct gs_node *, const struct gs_tensor *in,
		    const struct gs_tensor *out, const struct gs_tensor *dout,
		    struct gs_tensor *din, gs_real *scratch);
	void	(*free)(struct gs_node *);	/* frees priv; NULL: free(priv) */
	int		 keep;		/* backward reads forward's scratch */
	int	(*ifold)(const struct gs_node *, const struct gs_tensor *in,
		    struct gs_tensor *out, struct gs_error *);
	size_t	(*margins)(const struct gs_node *, const struct gs_tensor *in,
		    const struct gs_tensor *out, size_t row, size_t rows,
		    gs_real *m);
	double	(*flops)(const struct gs_node *, const struct gs_tensor *in,
		    const struct gs_tensor *out);
	int	(*mixes_rows)(const struct gs_node *, const struct gs_tensor *in);
	gs_kink_fn	 kinks;		/* GS_OP_KINKS: where it switches */
	const char	*(*jumps)(const struct gs_node *);	/* exact IG's refusal */
};

struct gs_node {
	const struct gs_op *op;		/* the op's table entry (after fusion) */
	const struct gs_op *file_op;	/* the op the file names */
	char		*name;		/* node name (may be empty), owned */
	size_t		 index;		/* position in the graph's node list */
	int		 opset;		/* opset version of the default domain */
	size_t		 n_in;		/* inputs, including omitted optional ones */
	size_t		 n_out;		/* outputs */
	int		*in;		/* value ids; -1 for an omitted optional input */
	int		*out;		/* value ids */
	struct gs_attr	*attrs;		/* attributes, owned */
	size_t		 n_attrs;	/* number of attrs */
	void		*priv;		/* op-specific parsed attributes, owned */
};

/* The op table (op-table.c): look up an op by its ONNX op_type. */
const struct gs_op *op_find(const char *op_type);

/* Number of ops in the table, and op i of it (NULL past the end). */
size_t		 op_count(void);
const struct gs_op *op_get(size_t i);

/*
 * Set to 1 (by the tests, before any pass) to run every op's generic path:
 * no direct, fused or AVX2 kernel, to compare them with it. 0 by default.
 */
extern int	 op_generic;

/*
 * Relu followed by MaxPool as one step (op-pool.c), which a plan runs in
 * its gradient passes where the Relu's output has no other reader (its
 * forward-only passes, whose values margins and kinks read, run both
 * ops): pool_relu_fits says whether MaxPool node n can take the Relu's
 * input, of shape s (2 x 2 windows tiling the rows; never under
 * op_generic); pool_relu_forward writes MaxPool's output from x, and
 * pool_relu_backward adds (or stores, dx->store) x's gradient from
 * MaxPool's output and its gradient, with the same bits as the two ops,
 * reading what forward left in MaxPool's scratch.
 */
int		 pool_relu_fits(const struct gs_node *n,
		    const struct gs_shape *s);
void		 pool_relu_forward(const struct gs_node *n,
		    const struct gs_tensor *x, struct gs_tensor *out,
		    gs_real *scratch);
void		 pool_relu_backward(const struct gs_node *n,
		    const struct gs_tensor *x, const struct gs_tensor *out,
		    const struct gs_tensor *dout, struct gs_tensor *dx,
		    const gs_real *scratch);

/*
 * Whether op has kinks: its derivative jumps where one of its margins
 * changes sign (GS_OP_KINKS). Exact IG locates these switching points.
 */
int		 op_has_kinks(const struct gs_op *op);

/*
 * Attribute access for init functions. Each marks the attribute used.
 * node_attr returns NULL when the attribute is absent; a present attribute
 * of another type is an error (GS_EUNSUPPORTED) through node_attr_check.
 */
struct gs_attr	*node_attr(struct gs_node *n, const char *name);
int		 node_attr_int(struct gs_node *n, const char *name, int64_t def,
		    int64_t *out, struct gs_error *err);
int		 node_attr_float(struct gs_node *n, const char *name, double def,
		    double *out, struct gs_error *err);
/* ints: *out borrowed from the node (NULL, len 0 when absent). */
int		 node_attr_ints(struct gs_node *n, const char *name,
		    const int64_t **out, size_t *len, struct gs_error *err);
/*
 * A list attribute of exactly want values, each in [min, max], copied into
 * dst; dst is left alone when the attribute is absent.
 * Errors: GS_EUNSUPPORTED naming the attribute.
 */
int		 node_attr_ints_fixed(struct gs_node *n, const char *name,
		    size_t want, int64_t min, int64_t max, int64_t *dst,
		    struct gs_error *err);
int		 node_attr_string(struct gs_node *n, const char *name,
		    const char *def, const char **out, struct gs_error *err);

/*
 * Set err to "node N 'name' (Op): message" and return -1. The loader adds
 * the file name in front.
 */
int		 node_error(struct gs_error *err, const struct gs_node *n,
		    enum gs_errcode code, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));

/* Number of elements of a shape (1 for a scalar). */
size_t		 shape_len(const struct gs_shape *s);

/*
 * Numpy (multidirectional) broadcasting of a and b into out.
 * Errors: GS_ESHAPE.
 */
int		 shape_broadcast(const struct gs_shape *a, const struct gs_shape *b,
		    struct gs_shape *out, struct gs_error *err);

/* Format a shape as "[2, 3, 8]" into buf. Returns buf. */
char		*shape_format(const struct gs_shape *s, char *buf, size_t size);

/*
 * Additions used by the loader, the plan and the op files.
 */

/* Whether input i of n is present (not omitted, not past the end). */
#define NODE_HAS_IN(n, i)	((size_t)(i) < (n)->n_in && (n)->in[(i)] >= 0)

/* floats: *out borrowed from the node (NULL, len 0 when absent). */
int		 node_attr_floats(struct gs_node *n, const char *name,
		    const double **out, size_t *len, struct gs_error *err);

/*
 * Validate n against its op: input count, then op->init, then refuse any
 * attribute init did not read (GS_EUNSUPPORTED naming it). in holds one
 * tensor per input (shape, and data/ival for constants). Used by the loader
 * and the gradient harness alike. Errors: those of init.
 */
int		 node_init(struct gs_node *n, const struct gs_tensor *in,
		    struct gs_error *err);

/* Free what n owns (name, ids, attributes, priv) and zero it. */
void		 node_clear(struct gs_node *n);

/* Free what an attribute owns. */
void		 attr_clear(struct gs_attr *a);

/* Free a constant and what it owns; NULL is fine. */
void		 const_free(struct gs_const *c);

/*
 * Fuse node n (after init) with src, the node computing its input 0, where
 * running them apart loses precision (Log of Sigmoid: op-activation.c).
 * Returns 1 when n now reads src's input instead, else 0.
 */
int		 act_fuse(struct gs_node *n, const struct gs_node *src);

/*
 * Make node n (the last node of an exported GELU, after init) a Gelu of
 * value x: its op, inputs and parsed attributes are replaced, so one pass
 * computes what five did (op-activation.c).
 */
void		 act_become_gelu(struct gs_node *n, int x);

/*
 * Whether node n (after init) rounds the values on its data path, so its
 * gradient is the straight-through one: QuantizeLinear, and a Cast or
 * CastLike to an integer, FLOAT16 or BFLOAT16 type (op-cast.c).
 */
int		 cast_rounds(const struct gs_node *n);

/* The value of a Constant node, after init (op-shape.c). Borrowed. */
const struct gs_const *op_constant_value(const struct gs_node *n);

/* Whether two shapes are equal. */
int		 shape_equal(const struct gs_shape *a, const struct gs_shape *b);

/*
 * Element strides of a tensor of shape in when broadcast to shape out
 * (in right-aligned against out): strides[k] is 0 where in is broadcast
 * along dimension k of out. strides has out->ndim entries.
 */
void		 shape_bcast_strides(const struct gs_shape *in,
		    const struct gs_shape *out, int64_t *strides);

/*
 * Offset into a row-major tensor of shape in, broadcast to shape out, of
 * the element that element i of out reads.
 */
size_t		 shape_bcast_offset(const struct gs_shape *in,
		    const struct gs_shape *out, size_t i);

/*
 * Backward of broadcasting: ADD g (shape gs) into dst (shape ds, which
 * broadcasts to gs), summing over the broadcast dimensions.
 */
void		 tensor_sum_to(const gs_real *g, const struct gs_shape *gs,
		    gs_real *dst, const struct gs_shape *ds);

/*
 * Normalise axis against rank dimensions (negative axes count from the
 * end; Unsqueeze passes its output's rank). Returns the axis in [0, rank),
 * or -1 when it is out of range.
 */
int		 shape_axis(int64_t axis, int rank);

/*
 * The loaded model (onnx.c builds it, plan.c runs it). Values are the
 * graph's tensors: the one input, constants (initializers and folded nodes)
 * and node outputs. Shapes are recorded for batch load_batch.
 */
struct gs_value {
	char		*name;		/* ONNX name, owned */
	struct gs_shape	 shape;		/* shape at the model's load_batch */
	struct gs_const	*c;		/* value of a constant (at load_batch when
					   sdep), owned; else NULL */
	int		 producer;	/* node computing it; -1: input or constant */
	int		 dyn;		/* depends on the model input's data */
	int		 sdep;		/* depends on the input's shape only:
					   recomputed when the batch changes */
};

/* How a node is evaluated (gs_model.fold). */
enum gs_fold {
	GS_FOLD_NONE,			/* on every pass: reads the input's data */
	GS_FOLD_LOAD,			/* once at load: all inputs constant */
	GS_FOLD_SHAPE			/* per batch size: reads constants and
					   the input's shape only */
};

struct gs_model {
	char		*name;		/* file stem, owned */
	int		 opset;		/* opset of the default domain */
	char		*producer;	/* "pytorch 1.13.1", owned, or NULL */
	struct gs_value	*values;	/* every value, owned */
	size_t		 n_values;	/* entries of values */
	struct gs_node	*nodes;		/* every node of the file, in order */
	size_t		 n_nodes;	/* entries of nodes */
	enum gs_fold	*fold;		/* per node: when it is evaluated */
	int		 input;		/* value id of the model input */
	struct gs_shape	 input_shape;	/* as declared; d[0] -1 when dynamic */
	size_t		 input_len;	/* elements per input row */
	int64_t		 load_batch;	/* batch of the recorded value shapes */
	size_t		 n_outputs;	/* graph outputs */
	int		*outputs;	/* value id of each graph output */
	size_t		*output_len;	/* elements per row of each output */
	const struct gs_model_ops *ops;	/* a custom model's functions, or NULL (custom.c) */
	void		*ctx;		/* a custom model's state, freed by ops->free */
	char		**input_names;	/* a custom model's input_len names, owned, or NULL */
	char		*meta;		/* metadata_props: "key\0value\0" pairs, owned (meta.c) */
	size_t		 meta_size;	/* bytes of meta */
	atomic_int	 refs;		/* references besides the first (model_ref) */
};

struct Onnx__ModelProto;

/* Keep the file's metadata_props in m (meta.c), for model_meta. */
void	meta_set(struct gs_model *m, const struct Onnx__ModelProto *mp);

#endif

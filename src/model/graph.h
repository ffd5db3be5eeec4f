/* SPDX-License-Identifier: ISC */
/*
 * Inside the model layer: nodes, attributes and the op interface that every
 * op family (op-*.c) implements. The loader (onnx.c) builds nodes from the
 * protobuf; the plan (plan.c) runs them forward and backward.
 */
#ifndef GS_GRAPH_H
#define GS_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "model/model.h"
#include "model/real.h"

/* A tensor view: a shape plus borrowed data. Never owns memory. */
struct gs_tensor {
	struct gs_shape	 shape;		/* dimensions */
	gs_real		*data;		/* row-major elements, or NULL */
	const int64_t	*ival;		/* exact values of an integer constant, or NULL */
	int		 is_const;	/* known at load time (initializer, Constant) */
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
	int64_t		*ival;		/* original integers for INT64/INT32 data, owned, or NULL */
};

struct gs_attr {
	char		*name;		/* attribute name, owned */
	enum gs_attr_type type;		/* which of the fields below is set */
	double		 f;		/* GS_ATTR_FLOAT */
	int64_t		 i;		/* GS_ATTR_INT */
	char		*s;		/* GS_ATTR_STRING, owned */
	double		*floats;	/* GS_ATTR_FLOATS, owned */
	int64_t		*ints;		/* GS_ATTR_INTS, owned */
	size_t		 len;		/* elements of floats or ints (or strings) */
	struct gs_const	*t;		/* GS_ATTR_TENSOR, owned */
	int		 used;		/* set when an op read it; unread ones are refused */
};

struct gs_node;

/*
 * One ONNX op. init parses and validates attributes and constant inputs at
 * load time; shape computes output shapes for the current batch; forward
 * writes outputs; backward ADDS the gradient of each input whose din[i].data
 * is not NULL (inputs that need no gradient have data NULL). scratch, if
 * set, returns how many gs_real elements of workspace forward and backward
 * need for these shapes.
 */
struct gs_op {
	const char	*name;		/* ONNX op_type, e.g. "Gemm" */
	int		 min_in;	/* fewest inputs */
	int		 max_in;	/* most inputs (-1: any number) */
	int		 n_out;		/* outputs we compute (extra optional ones refused) */
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
};

struct gs_node {
	const struct gs_op *op;		/* the op's table entry */
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

#endif

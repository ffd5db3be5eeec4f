/* SPDX-License-Identifier: ISC */
/*
 * The ONNX loader: unpack a ModelProto with protobuf-c, convert weights to
 * gs_real, build and validate every node through its op, infer shapes for
 * the load batch, fold nodes whose inputs are all constant, and record the
 * model's one input and its outputs. Owns struct gs_model.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/slurp.h"
#include "core/xmalloc.h"
#include "model/graph.h"
#include "model/onnx.pb-c.h"

#define ONNX_MAX_FILE	((size_t)1 << 30)	/* largest model file: 1 GiB */
#define ONNX_MAX_ELEMS	((size_t)1 << 28)	/* largest initializer */
#define ONNX_MAX_ACT	((size_t)1 << 26)	/* largest computed value */
#define ONNX_OPSET_MIN	7			/* oldest default opset */
#define ONNX_OPSET_MAX	21			/* newest default opset */

/* AttributeProto.AttributeType values. */
enum onnx_attr_type {
	ONNX_ATTR_UNDEFINED = 0,
	ONNX_ATTR_FLOAT = 1,
	ONNX_ATTR_INT = 2,
	ONNX_ATTR_STRING = 3,
	ONNX_ATTR_TENSOR = 4,
	ONNX_ATTR_FLOATS = 6,
	ONNX_ATTR_INTS = 7,
	ONNX_ATTR_STRINGS = 8,
};

/* Everything one load needs; freed at the end whatever happens. */
struct onnx_ctx {
	struct gs_model	 *m;		/* the model being built */
	size_t		  cap_values;	/* allocated entries of m->values */
	int		 *table;	/* name hash: value ids, -1 empty */
	size_t		  table_size;	/* slots, a power of two */
	char		**used;		/* names read by nodes or outputs */
	size_t		  n_used;	/* entries of used */
	int		 *used_table;	/* hash over used: indices, -1 empty */
	size_t		  used_size;	/* slots of used_table */
};

/* FNV-1a hash of a string. */
static uint64_t
onnx_hash(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return (h);
}

/* Make a hash table of at least 2 * n slots, all empty. */
static int *
onnx_table_new(size_t n, size_t *size)
{
	size_t	s = 16, i;
	int	*t;

	while (s < 2 * n + 2)
		s *= 2;
	t = xcalloc(s, sizeof *t);
	for (i = 0; i < s; i++)
		t[i] = -1;
	*size = s;
	return (t);
}

/* The value id called name, or -1. */
static int
onnx_value_find(const struct onnx_ctx *x, const char *name)
{
	size_t	i;

	i = onnx_hash(name) & (x->table_size - 1);
	while (x->table[i] >= 0) {
		if (strcmp(x->m->values[x->table[i]].name, name) == 0)
			return (x->table[i]);
		i = (i + 1) & (x->table_size - 1);
	}
	return (-1);
}

/*
 * Add a value called name (which must not exist yet, unless it is empty)
 * and return its id, or -1 with err set.
 */
static int
onnx_value_add(struct onnx_ctx *x, const char *name, struct gs_error *err)
{
	struct gs_model	*m = x->m;
	struct gs_value	*v;
	size_t		 i;
	int		 id;

	if (*name != '\0' && onnx_value_find(x, name) >= 0) {
		return (gs_error_set(err, GS_EPARSE,
		    "value '%s' is defined twice", name));
	}
	if (m->n_values == x->cap_values) {
		x->cap_values = x->cap_values ? 2 * x->cap_values : 64;
		m->values = xreallocarray(m->values, x->cap_values,
		    sizeof *m->values);
	}
	if (2 * (m->n_values + 1) + 2 > x->table_size) {
		size_t	old = x->table_size;
		int	*t = x->table;

		x->table = onnx_table_new(2 * (m->n_values + 1),
		    &x->table_size);
		for (i = 0; i < old; i++) {
			if (t[i] >= 0) {
				size_t j = onnx_hash(m->values[t[i]].name) &
				    (x->table_size - 1);

				while (x->table[j] >= 0)
					j = (j + 1) & (x->table_size - 1);
				x->table[j] = t[i];
			}
		}
		free(t);
	}
	id = (int)m->n_values++;
	v = &m->values[id];
	memset(v, 0, sizeof *v);
	v->name = xstrdup(name);
	v->producer = -1;
	if (*name != '\0') {
		i = onnx_hash(name) & (x->table_size - 1);
		while (x->table[i] >= 0)
			i = (i + 1) & (x->table_size - 1);
		x->table[i] = id;
	}
	return (id);
}

/* Record that name is read by some node or is a graph output. */
static void
onnx_used_add(struct onnx_ctx *x, const char *name)
{
	size_t	i;

	if (name == NULL || *name == '\0')
		return;
	i = onnx_hash(name) & (x->used_size - 1);
	while (x->used_table[i] >= 0) {
		if (strcmp(x->used[x->used_table[i]], name) == 0)
			return;
		i = (i + 1) & (x->used_size - 1);
	}
	x->used_table[i] = (int)x->n_used;
	x->used[x->n_used++] = xstrdup(name);
}

/* Whether name is read by some node or is a graph output. */
static int
onnx_used(const struct onnx_ctx *x, const char *name)
{
	size_t	i;

	i = onnx_hash(name) & (x->used_size - 1);
	while (x->used_table[i] >= 0) {
		if (strcmp(x->used[x->used_table[i]], name) == 0)
			return (1);
		i = (i + 1) & (x->used_size - 1);
	}
	return (0);
}

/* Little-endian loads from raw_data. */
static uint64_t
onnx_le(const uint8_t *p, size_t size)
{
	uint64_t	v = 0;
	size_t		i;

	for (i = size; i > 0; i--)
		v = (v << 8) | p[i - 1];
	return (v);
}

/* IEEE half precision bits to float. */
static float
onnx_half(uint16_t h)
{
	int	e = (h >> 10) & 0x1f, f = h & 0x3ff;
	float	v;

	if (e == 0)
		v = ldexpf((float)f, -24);
	else if (e == 31)
		v = f != 0 ? NAN : INFINITY;
	else
		v = ldexpf((float)(f | 0x400), e - 25);
	return ((h & 0x8000) ? -v : v);
}

/*
 * Convert TensorProto t to a constant. what names it in messages ("tensor
 * 'W'" or "attribute 'value'"). Errors: GS_EUNSUPPORTED (data type,
 * external data), GS_EPARSE (sizes do not match), GS_ELIMIT.
 */
static struct gs_const *
onnx_tensor(const struct onnx_ctx *x, const Onnx__TensorProto *t,
    const char *what, struct gs_error *err)
{
	struct gs_const	*c;
	size_t		 len = 1, i, esize, count;
	int		 k, is_int;
	char		 b1[96];
	union {
		uint32_t	u;
		float		f;
	}		 u32;
	union {
		uint64_t	u;
		double		d;
	}		 u64;

	if ((t->has_data_location && t->data_location == 1) ||
	    t->n_external_data > 0) {
		gs_error_set(err, GS_EUNSUPPORTED, "%s stores its data "
		    "in an external file, which is not supported", what);
		return (NULL);
	}
	if (t->n_dims > GS_MAX_DIMS) {
		gs_error_set(err, GS_EUNSUPPORTED, "%s has %zu "
		    "dimensions (at most %d)", what, t->n_dims,
		    GS_MAX_DIMS);
		return (NULL);
	}
	for (k = 0; k < (int)t->n_dims; k++) {
		if (t->dims[k] < 0) {
			gs_error_set(err, GS_EPARSE, "%s has a negative "
			    "dimension", what);
			return (NULL);
		}
		if (t->dims[k] > 0 &&
		    len > ONNX_MAX_ELEMS / (size_t)t->dims[k]) {
			gs_error_set(err, GS_ELIMIT, "%s is too large",
			    what);
			return (NULL);
		}
		len *= (size_t)t->dims[k];
	}
	switch (t->data_type) {
	case GS_DT_FLOAT:
		esize = 4;
		count = t->n_float_data;
		break;
	case GS_DT_INT32:
		esize = 4;
		count = t->n_int32_data;
		break;
	case GS_DT_INT64:
		esize = 8;
		count = t->n_int64_data;
		break;
	case GS_DT_DOUBLE:
		esize = 8;
		count = t->n_double_data;
		break;
	case GS_DT_FLOAT16:
	case GS_DT_BFLOAT16:
	case GS_DT_UINT16:
	case GS_DT_INT16:
		esize = 2;
		count = t->n_int32_data;
		break;
	case GS_DT_BOOL:
	case GS_DT_UINT8:
	case GS_DT_INT8:
		esize = 1;
		count = t->n_int32_data;
		break;
	case GS_DT_UINT32:
		esize = 4;
		count = t->n_uint64_data;
		break;
	case GS_DT_UINT64:
		esize = 8;
		count = t->n_uint64_data;
		break;
	default:
		gs_error_set(err, GS_EUNSUPPORTED, "%s has data type %s "
		    "(%d), which is not supported", what,
		    dtype_name(t->data_type), (int)t->data_type);
		return (NULL);
	}
	c = xcalloc(1, sizeof *c);
	c->dtype = t->data_type;
	c->shape.ndim = (int)t->n_dims;
	for (k = 0; k < (int)t->n_dims; k++)
		c->shape.d[k] = t->dims[k];
	if (t->has_raw_data) {
		if (t->raw_data.len != len * esize) {
			gs_error_set(err, GS_EPARSE, "%s: raw_data has %zu "
			    "bytes, expected %zu for %s %s", what,
			    t->raw_data.len, len * esize,
			    dtype_name(t->data_type),
			    shape_format(&c->shape, b1, sizeof b1));
			const_free(c);
			return (NULL);
		}
	} else if (count != len) {
		gs_error_set(err, GS_EPARSE, "%s has %zu values, expected "
		    "%zu for %s", what, count, len,
		    shape_format(&c->shape, b1, sizeof b1));
		const_free(c);
		return (NULL);
	}
	is_int = dtype_is_int(t->data_type);
	c->data = xcalloc(len + 1, sizeof *c->data);
	if (is_int)
		c->ival = xcalloc(len + 1, sizeof *c->ival);
	for (i = 0; i < len; i++) {
		uint64_t	 raw = 0;
		int64_t		 iv = 0;
		double		 v = 0;

		/* Only index raw_data when it is there (it may be NULL). */
		if (t->has_raw_data)
			raw = onnx_le(t->raw_data.data + i * esize, esize);
		switch (t->data_type) {
		case GS_DT_FLOAT:
			if (t->has_raw_data) {
				u32.u = (uint32_t)raw;
				v = u32.f;
			} else
				v = t->float_data[i];
			break;
		case GS_DT_DOUBLE:
			if (t->has_raw_data) {
				u64.u = raw;
				v = u64.d;
			} else
				v = t->double_data[i];
			break;
		case GS_DT_FLOAT16:
			v = onnx_half(t->has_raw_data ? (uint16_t)raw :
			    (uint16_t)t->int32_data[i]);
			break;
		case GS_DT_BFLOAT16:
			u32.u = (uint32_t)(t->has_raw_data ? (uint16_t)raw :
			    (uint16_t)t->int32_data[i]) << 16;
			v = u32.f;
			break;
		case GS_DT_INT32:
			iv = t->has_raw_data ? (int32_t)(uint32_t)raw :
			    t->int32_data[i];
			break;
		case GS_DT_INT64:
			iv = t->has_raw_data ? (int64_t)raw :
			    t->int64_data[i];
			break;
		case GS_DT_INT16:
			iv = (int16_t)(uint16_t)(t->has_raw_data ? raw :
			    (uint64_t)t->int32_data[i]);
			break;
		case GS_DT_UINT16:
			iv = (uint16_t)(t->has_raw_data ? raw :
			    (uint64_t)t->int32_data[i]);
			break;
		case GS_DT_INT8:
			iv = (int8_t)(uint8_t)(t->has_raw_data ? raw :
			    (uint64_t)t->int32_data[i]);
			break;
		case GS_DT_UINT8:
			iv = (uint8_t)(t->has_raw_data ? raw :
			    (uint64_t)t->int32_data[i]);
			break;
		case GS_DT_UINT32:
			iv = (uint32_t)(t->has_raw_data ? raw :
			    t->uint64_data[i]);
			break;
		case GS_DT_UINT64:
			/* Kept as two's complement above INT64_MAX. */
			iv = (int64_t)(t->has_raw_data ? raw :
			    t->uint64_data[i]);
			break;
		default:	/* BOOL */
			iv = (t->has_raw_data ? raw :
			    (uint64_t)t->int32_data[i]) != 0;
			break;
		}
		if (is_int) {
			c->ival[i] = iv;
			c->data[i] = (gs_real)iv;
		} else
			c->data[i] = (gs_real)v;
	}
	return (c);
}

/* Convert one attribute of node n; 0 or -1 with err set (no file prefix). */
static int
onnx_attr(const struct onnx_ctx *x, const struct gs_node *n,
    const Onnx__AttributeProto *p, struct gs_attr *a, struct gs_error *err)
{
	struct gs_error	 e;
	char		 what[128];
	int32_t		 type = p->has_type ? p->type : ONNX_ATTR_UNDEFINED;
	size_t		 i;

	a->name = xstrdup(p->name != NULL ? p->name : "");
	if (type == ONNX_ATTR_UNDEFINED) {
		/* IR version 1 files: infer the type from the field set. */
		if (p->t != NULL)
			type = ONNX_ATTR_TENSOR;
		else if (p->n_floats > 0)
			type = ONNX_ATTR_FLOATS;
		else if (p->n_ints > 0)
			type = ONNX_ATTR_INTS;
		else if (p->n_strings > 0)
			type = ONNX_ATTR_STRINGS;
		else if (p->has_s)
			type = ONNX_ATTR_STRING;
		else if (p->has_f)
			type = ONNX_ATTR_FLOAT;
		else if (p->has_i)
			type = ONNX_ATTR_INT;
	}
	switch (type) {
	case ONNX_ATTR_FLOAT:
		a->type = GS_ATTR_FLOAT;
		a->f = p->f;
		break;
	case ONNX_ATTR_INT:
		a->type = GS_ATTR_INT;
		a->i = p->i;
		break;
	case ONNX_ATTR_STRING:
		a->type = GS_ATTR_STRING;
		a->s = p->s.data != NULL ? xstrndup((const char *)p->s.data,
		    p->s.len) : xstrdup("");
		if (strlen(a->s) != p->s.len) {
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "attribute '%s' holds a NUL byte", a->name));
		}
		break;
	case ONNX_ATTR_TENSOR:
		a->type = GS_ATTR_TENSOR;
		if (p->t == NULL) {
			return (node_error(err, n, GS_EPARSE,
			    "attribute '%s' has no tensor", a->name));
		}
		snprintf(what, sizeof what, "attribute '%s'", a->name);
		a->t = onnx_tensor(x, p->t, what, &e);
		if (a->t == NULL)
			return (node_error(err, n, e.code, "%s", e.msg));
		break;
	case ONNX_ATTR_FLOATS:
		a->type = GS_ATTR_FLOATS;
		a->len = p->n_floats;
		a->floats = xcalloc(a->len + 1, sizeof *a->floats);
		for (i = 0; i < a->len; i++)
			a->floats[i] = p->floats[i];
		break;
	case ONNX_ATTR_INTS:
		a->type = GS_ATTR_INTS;
		a->len = p->n_ints;
		a->ints = xcalloc(a->len + 1, sizeof *a->ints);
		for (i = 0; i < a->len; i++)
			a->ints[i] = p->ints[i];
		break;
	case ONNX_ATTR_STRINGS:
		a->type = GS_ATTR_STRINGS;
		a->len = p->n_strings;
		a->strs = xcalloc(a->len + 1, sizeof *a->strs);
		for (i = 0; i < a->len; i++) {
			a->strs[i] = p->strings[i].data != NULL ? xstrndup(
			    (const char *)p->strings[i].data,
			    p->strings[i].len) : xstrdup("");
			if (strlen(a->strs[i]) != p->strings[i].len)
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "attribute '%s' holds a NUL byte",
				    a->name));
		}
		break;
	default:
		a->type = GS_ATTR_OTHER;
		break;
	}
	return (0);
}

/* Whether the shape is sane: rank, no negative dims, size in limits. */
static int
onnx_shape_ok(const struct gs_shape *s)
{
	size_t	len = 1;
	int	k;

	if (s->ndim < 0 || s->ndim > GS_MAX_DIMS)
		return (0);
	for (k = 0; k < s->ndim; k++) {
		if (s->d[k] < 0)
			return (0);
		if (s->d[k] > 0 && len > ONNX_MAX_ACT / (size_t)s->d[k])
			return (0);
		len *= (size_t)s->d[k];
	}
	return (1);
}

/*
 * Evaluate node n, whose inputs are all constant (or, for a node of
 * GS_FOLD_SHAPE, derived from the input's shape), and make its outputs
 * constants: values[out[k]].c. Integer tensors are evaluated exactly by
 * the op's ifold (shape arithmetic); everything else by its forward pass.
 * Errors: those of ifold (integer division by zero...).
 */
static int
onnx_fold(struct onnx_ctx *x, struct gs_node *n, const struct gs_tensor *in,
    const struct gs_shape *shp, struct gs_error *err)
{
	struct gs_model		*m = x->m;
	struct gs_tensor	 out[8];
	struct gs_const		*c;
	gs_real			*scratch = NULL;
	size_t			 k, i, len, slen;
	int			 rc = 1;

	memset(out, 0, sizeof out);
	for (k = 0; k < n->n_out && k < 8; k++) {
		len = shape_len(&shp[k]);
		out[k].shape = shp[k];
		out[k].data = xcalloc(len + 1, sizeof(gs_real));
		out[k].ival = xcalloc(len + 1, sizeof(int64_t));
	}
	if (n->op->ifold != NULL)
		rc = n->op->ifold(n, in, out, err);
	if (rc < 0)
		goto fail;
	if (rc == 0) {
		for (k = 0; k < n->n_out && k < 8; k++) {
			len = shape_len(&shp[k]);
			for (i = 0; i < len; i++)
				out[k].data[i] = (gs_real)out[k].ival[i];
		}
	} else {
		for (k = 0; k < n->n_out && k < 8; k++) {
			free(out[k].ival);
			out[k].ival = NULL;
		}
		slen = n->op->scratch != NULL ? n->op->scratch(n, in, out) : 0;
		if (slen > 0)
			scratch = xcalloc(slen, sizeof *scratch);
		n->op->forward(n, in, out, scratch);
		free(scratch);
	}
	for (k = 0; k < n->n_out && k < 8; k++) {
		c = xcalloc(1, sizeof *c);
		c->shape = shp[k];
		c->data = out[k].data;
		c->ival = out[k].ival;
		c->dtype = out[k].dtype != 0 ? out[k].dtype : rc == 0 ?
		    GS_DT_INT64 : 0;
		m->values[n->out[k]].c = c;
	}
	return (0);
fail:
	for (k = 0; k < n->n_out && k < 8; k++) {
		free(out[k].data);
		free(out[k].ival);
	}
	return (-1);
}

/* Whether value id is a one-element constant within 1e-6 of v. */
static int
onnx_is_scalar(const struct gs_model *m, int id, double v)
{
	const struct gs_const	*c;

	if (id < 0 || (c = m->values[id].c) == NULL || m->values[id].sdep ||
	    shape_len(&c->shape) != 1)
		return (0);
	return (fabs((double)c->data[0] - v) <= 1e-6 * fabs(v));
}

/*
 * The node computing value id when it is op (as the file names it, not
 * fused) with n_in inputs and runs on the data; else NULL.
 */
static const struct gs_node *
onnx_producer(const struct gs_model *m, int id, const char *op, size_t n_in)
{
	const struct gs_node	*p;

	if (id < 0 || m->values[id].producer < 0)
		return (NULL);
	p = &m->nodes[m->values[id].producer];
	if (m->fold[p->index] != GS_FOLD_NONE || p->op != p->file_op ||
	    strcmp(p->op->name, op) != 0 || p->n_in != n_in)
		return (NULL);
	return (p);
}

/*
 * If Mul node n ends the GELU torch exports, x * (erf(x / sqrt 2) + 1) *
 * 0.5 as Div, Erf, Add, Mul, Mul, the value x it computes GELU of; else
 * -1. The five nodes then run as one (the first four stay, for any other
 * reader of their outputs).
 */
static int
onnx_gelu_input(const struct gs_model *m, const struct gs_node *n)
{
	const struct gs_node	*mul, *add, *erf, *div;
	int			 k, j, x;

	if (n->op != n->file_op || strcmp(n->op->name, "Mul") != 0 ||
	    n->n_in != 2)
		return (-1);
	for (k = 0; k < 2; k++) {
		if (!onnx_is_scalar(m, n->in[1 - k], 0.5) ||
		    (mul = onnx_producer(m, n->in[k], "Mul", 2)) == NULL)
			continue;
		for (j = 0; j < 2; j++) {
			x = mul->in[j];
			if ((add = onnx_producer(m, mul->in[1 - j], "Add",
			    2)) == NULL)
				continue;
			if (onnx_is_scalar(m, add->in[1], 1))
				erf = onnx_producer(m, add->in[0], "Erf", 1);
			else if (onnx_is_scalar(m, add->in[0], 1))
				erf = onnx_producer(m, add->in[1], "Erf", 1);
			else
				continue;
			if (erf == NULL || (div = onnx_producer(m, erf->in[0],
			    "Div", 2)) == NULL)
				continue;
			if (div->in[0] == x && onnx_is_scalar(m, div->in[1],
			    1.4142135623730951))
				return (x);
		}
	}
	return (-1);
}

/*
 * Build node number idx from its proto: op, inputs, outputs, attributes,
 * init, shapes, and folding. Errors name the node; the caller adds the
 * file name.
 */
static int
onnx_node(struct onnx_ctx *x, size_t idx, const Onnx__NodeProto *p,
    struct gs_error *err)
{
	struct gs_model		*m = x->m;
	struct gs_node		*n = &m->nodes[idx];
	struct gs_tensor	*in = NULL;
	struct gs_shape		 shp[8];
	const char		*op_type = p->op_type != NULL ? p->op_type : "";
	const char		*name = p->name != NULL ? p->name : "";
	size_t			 i, n_out;
	int			 id, all_const = 1, shaped = 0, rc = -1;
	enum gs_fold		 fold;
	char			 b1[96];

	n->index = idx;
	n->name = xstrdup(name);
	n->opset = m->opset;
	if (p->domain != NULL && *p->domain != '\0' &&
	    strcmp(p->domain, "ai.onnx") != 0) {
		if (*name != '\0')
			return (gs_error_set(err, GS_EUNSUPPORTED, "node "
			    "%zu '%s' (%s): domain '%s' is not supported",
			    idx, name, op_type, p->domain));
		return (gs_error_set(err, GS_EUNSUPPORTED, "node %zu (%s): "
		    "domain '%s' is not supported", idx, op_type,
		    p->domain));
	}
	n->op = n->file_op = op_find(op_type);
	if (n->op == NULL) {
		if (*name != '\0')
			return (gs_error_set(err, GS_EUNSUPPORTED, "node "
			    "%zu '%s' (%s): unsupported op", idx,
			    name, op_type));
		return (gs_error_set(err, GS_EUNSUPPORTED, "node %zu (%s): "
		    "unsupported op", idx, op_type));
	}

	/*
	 * Inputs: "" is an omitted optional input. Constants carry their
	 * values; values derived from the input's shape carry their value
	 * at the load batch, marked is_const 2.
	 */
	n->n_in = p->n_input;
	n->in = xcalloc(n->n_in + 1, sizeof *n->in);
	in = xcalloc(n->n_in + 1, sizeof *in);
	for (i = 0; i < n->n_in; i++) {
		if (*p->input[i] == '\0') {
			n->in[i] = -1;
			continue;
		}
		id = onnx_value_find(x, p->input[i]);
		if (id < 0) {
			node_error(err, n, GS_EPARSE, "input '%s' is not "
			    "defined before this node", p->input[i]);
			goto fail;
		}
		n->in[i] = id;
		in[i].shape = m->values[id].shape;
		if (m->values[id].c != NULL) {
			in[i].is_const = m->values[id].sdep ? 2 : 1;
			in[i].dtype = m->values[id].c->dtype;
			in[i].data = m->values[id].c->data;
			in[i].ival = m->values[id].c->ival;
			shaped |= m->values[id].sdep;
		} else
			all_const = 0;
	}
	if (all_const && !shaped)
		fold = GS_FOLD_LOAD;
	else if (all_const || ((n->op->traits & GS_OP_SHAPE_ONLY) &&
	    n->n_in > 0 && n->in[0] >= 0 && m->values[n->in[0]].dyn))
		fold = GS_FOLD_SHAPE;
	else
		fold = GS_FOLD_NONE;

	/* Outputs beyond the op's are allowed only when nothing reads them. */
	if (p->n_output == 0) {
		node_error(err, n, GS_EPARSE, "has no output");
		goto fail;
	}
	n_out = p->n_output;
	if (n->op->n_out < 0) {
		/* As many outputs as the node has (Split), up to 8. */
		if (n_out > 8) {
			node_error(err, n, GS_ELIMIT, "has %zu outputs (at "
			    "most 8)", n_out);
			goto fail;
		}
	} else if (n_out > (size_t)n->op->n_out) {
		for (i = (size_t)n->op->n_out; i < n_out; i++) {
			if (*p->output[i] != '\0' && onnx_used(x,
			    p->output[i])) {
				node_error(err, n, GS_EUNSUPPORTED, "output "
				    "%zu ('%s') is not supported", i,
				    p->output[i]);
				goto fail;
			}
		}
		n_out = (size_t)n->op->n_out;
	} else if (n_out < (size_t)n->op->n_out) {
		node_error(err, n, GS_EUNSUPPORTED, "has %zu outputs, expected "
		    "%d", n_out, n->op->n_out);
		goto fail;
	}
	n->n_out = n_out;
	n->out = xcalloc(n_out + 1, sizeof *n->out);

	/* Attributes, then the op's own checks. */
	n->attrs = xcalloc(p->n_attribute + 1, sizeof *n->attrs);
	for (i = 0; i < p->n_attribute; i++) {
		n->n_attrs++;
		if (onnx_attr(x, n, p->attribute[i], &n->attrs[i], err) != 0)
			goto fail;
	}
	if (node_init(n, in, err) != 0)
		goto fail;
	if (fold == GS_FOLD_NONE && n->n_in > 0 && n->in[0] >= 0 &&
	    m->values[n->in[0]].producer >= 0 &&
	    act_fuse(n, &m->nodes[m->values[n->in[0]].producer]))
		in[0].shape = m->values[n->in[0]].shape;
	if (fold == GS_FOLD_NONE && (id = onnx_gelu_input(m, n)) >= 0) {
		act_become_gelu(n, id);
		in[0].shape = m->values[id].shape;
		in[0].data = NULL;
		in[0].is_const = 0;
	}
	memset(shp, 0, sizeof shp);
	if (n->op->shape(n, in, shp, err) != 0)
		goto fail;
	for (i = 0; i < n_out; i++) {
		if (!onnx_shape_ok(&shp[i])) {
			node_error(err, n, GS_ELIMIT, "output %zu has shape "
			    "%s, too large or invalid", i,
			    shape_format(&shp[i], b1, sizeof b1));
			goto fail;
		}
	}

	/* Define the outputs. */
	for (i = 0; i < n_out; i++) {
		id = onnx_value_add(x, p->output[i], err);
		if (id < 0)
			goto fail;
		n->out[i] = id;
		m->values[id].shape = shp[i];
		m->values[id].producer = (int)idx;
		m->values[id].dyn = fold == GS_FOLD_NONE;
		m->values[id].sdep = fold == GS_FOLD_SHAPE;
	}
	if (fold != GS_FOLD_NONE && onnx_fold(x, n, in, shp, err) != 0)
		goto fail;
	m->fold[idx] = fold;
	rc = 0;
fail:
	free(in);
	return (rc);
}

/*
 * Record the model input from its ValueInfo: a float tensor whose first
 * dimension is the batch. Errors: GS_EUNSUPPORTED.
 */
static int
onnx_input(struct onnx_ctx *x, const Onnx__ValueInfoProto *vi,
    struct gs_error *err)
{
	struct gs_model			*m = x->m;
	const Onnx__TypeProto__Tensor	*tt;
	const Onnx__TensorShapeProto	*sp;
	const char			*name = vi->name;
	size_t				 k;
	int				 id;

	tt = vi->type != NULL ? vi->type->tensor_type : NULL;
	if (tt == NULL) {
		return (gs_error_set(err, GS_EUNSUPPORTED, "input '%s' is "
		    "not a tensor", name));
	}
	if (tt->elem_type != GS_DT_FLOAT && tt->elem_type != GS_DT_DOUBLE &&
	    tt->elem_type != GS_DT_FLOAT16 &&
	    tt->elem_type != GS_DT_BFLOAT16) {
		return (gs_error_set(err, GS_EUNSUPPORTED, "input '%s' has "
		    "data type %s; only floating point inputs are supported",
		    name, dtype_name(tt->elem_type)));
	}
	sp = tt->shape;
	if (sp == NULL || sp->n_dim == 0) {
		return (gs_error_set(err, GS_EUNSUPPORTED, "input '%s' "
		    "needs a shape with a batch dimension first", name));
	}
	if (sp->n_dim > GS_MAX_DIMS) {
		return (gs_error_set(err, GS_EUNSUPPORTED, "input '%s' has "
		    "more than %d dimensions", name, GS_MAX_DIMS));
	}
	m->input_shape.ndim = (int)sp->n_dim;
	m->input_len = 1;
	for (k = 0; k < sp->n_dim; k++) {
		const Onnx__TensorShapeProto__Dimension *d = sp->dim[k];
		int64_t v = d->has_dim_value ? d->dim_value : -1;

		if (k == 0) {
			m->input_shape.d[0] = v > 0 ? v : -1;
			continue;
		}
		if (v <= 0) {
			return (gs_error_set(err, GS_EUNSUPPORTED, "input "
			    "'%s': dimension %zu must be a fixed positive size",
			    name, k));
		}
		if (m->input_len > ONNX_MAX_ACT / (size_t)v) {
			return (gs_error_set(err, GS_ELIMIT, "input '%s' "
			    "is too large", name));
		}
		m->input_shape.d[k] = v;
		m->input_len *= (size_t)v;
	}
	m->load_batch = m->input_shape.d[0] > 0 ? m->input_shape.d[0] : 1;
	if ((size_t)m->load_batch > ONNX_MAX_ACT / m->input_len) {
		return (gs_error_set(err, GS_ELIMIT, "input '%s' is too "
		    "large", name));
	}
	id = onnx_value_add(x, name, err);
	if (id < 0)
		return (-1);
	m->input = id;
	m->values[id].shape = m->input_shape;
	m->values[id].shape.d[0] = m->load_batch;
	m->values[id].dyn = 1;
	return (0);
}

/* The default domain's opset; 0 or -1 with err set. */
static int
onnx_opset(struct onnx_ctx *x, const Onnx__ModelProto *mp,
    struct gs_error *err)
{
	size_t	i;
	int64_t	v = -1;

	for (i = 0; i < mp->n_opset_import; i++) {
		const Onnx__OperatorSetIdProto *o = mp->opset_import[i];

		if (o->domain == NULL || *o->domain == '\0' ||
		    strcmp(o->domain, "ai.onnx") == 0)
			v = o->has_version ? o->version : 1;
	}
	if (v < 0) {
		return (gs_error_set(err, GS_EUNSUPPORTED, "no opset for "
		    "the default ONNX domain"));
	}
	if (v < ONNX_OPSET_MIN || v > ONNX_OPSET_MAX) {
		return (gs_error_set(err, GS_EUNSUPPORTED, "opset %lld is "
		    "not supported (opsets %d to %d are)", (long long)v,
		    ONNX_OPSET_MIN, ONNX_OPSET_MAX));
	}
	x->m->opset = (int)v;
	return (0);
}

/* The file stem of path: no directories, no ".onnx". */
static char *
onnx_stem(const char *path)
{
	const char	*b = strrchr(path, '/');
	char		*s;
	size_t		 len;

	b = b != NULL ? b + 1 : path;
	s = xstrdup(b);
	len = strlen(s);
	if (len > 5 && strcmp(s + len - 5, ".onnx") == 0)
		s[len - 5] = '\0';
	return (s);
}

/* Build the model from an unpacked ModelProto; 0 or -1 with err set. */
static int
onnx_build(struct onnx_ctx *x, const Onnx__ModelProto *mp,
    struct gs_error *err)
{
	struct gs_model		*m = x->m;
	const Onnx__GraphProto	*g = mp->graph;
	size_t			 i, j, n_inputs = 0, total = 0;
	int			 id;
	char			 names[160], b1[96];
	struct gs_value		*v;

	if (g == NULL) {
		return (gs_error_set(err, GS_EPARSE, "not a valid ONNX "
		    "model (no graph)"));
	}
	if (onnx_opset(x, mp, err) != 0)
		return (-1);
	if (mp->producer_name != NULL && *mp->producer_name != '\0') {
		size_t	len = strlen(mp->producer_name) + 2 +
		    (mp->producer_version != NULL ?
		    strlen(mp->producer_version) : 0);

		m->producer = xmalloc(len);
		snprintf(m->producer, len, "%s%s%s", mp->producer_name,
		    mp->producer_version != NULL &&
		    *mp->producer_version != '\0' ? " " : "",
		    mp->producer_version != NULL ? mp->producer_version : "");
	}

	/* Every name read by a node or listed as an output. */
	for (i = 0; i < g->n_node; i++)
		total += g->node[i]->n_input;
	total += g->n_output;
	x->used = xcalloc(total + 1, sizeof *x->used);
	x->used_table = onnx_table_new(total, &x->used_size);
	for (i = 0; i < g->n_node; i++) {
		for (j = 0; j < g->node[i]->n_input; j++)
			onnx_used_add(x, g->node[i]->input[j]);
	}
	for (i = 0; i < g->n_output; i++)
		onnx_used_add(x, g->output[i]->name);

	/* Initializers become constants. */
	x->table = onnx_table_new(g->n_initializer + g->n_node + 16,
	    &x->table_size);
	for (i = 0; i < g->n_initializer; i++) {
		const Onnx__TensorProto *t = g->initializer[i];
		char what[128];

		if (t->name == NULL || *t->name == '\0') {
			return (gs_error_set(err, GS_EPARSE, "initializer "
			    "%zu has no name", i));
		}
		id = onnx_value_add(x, t->name, err);
		if (id < 0)
			return (-1);
		snprintf(what, sizeof what, "initializer '%s'", t->name);
		m->values[id].c = onnx_tensor(x, t, what, err);
		if (m->values[id].c == NULL)
			return (-1);
		m->values[id].shape = m->values[id].c->shape;
	}

	/* The one graph input that is not an initializer. */
	names[0] = '\0';
	m->input = -1;
	for (i = 0; i < g->n_input; i++) {
		const char *name = g->input[i]->name;

		if (name == NULL || *name == '\0') {
			return (gs_error_set(err, GS_EPARSE, "graph input "
			    "%zu has no name", i));
		}
		if (onnx_value_find(x, name) >= 0 && m->values[
		    onnx_value_find(x, name)].c != NULL)
			continue;
		if (n_inputs++ > 0) {
			if (strlen(names) + strlen(name) + 8 < sizeof names) {
				strcat(names, ", '");
				strcat(names, name);
				strcat(names, "'");
			}
			continue;
		}
		snprintf(names, sizeof names, "'%s'", name);
	}
	if (n_inputs != 1) {
		if (n_inputs == 0) {
			return (gs_error_set(err, GS_EUNSUPPORTED, "the "
			    "graph has no input"));
		}
		return (gs_error_set(err, GS_EUNSUPPORTED, "the graph has "
		    "%zu inputs (%s); only models with one input are "
		    "supported", n_inputs, names));
	}
	for (i = 0; i < g->n_input; i++) {
		id = onnx_value_find(x, g->input[i]->name);
		if (id >= 0 && m->values[id].c != NULL)
			continue;
		if (onnx_input(x, g->input[i], err) != 0)
			return (-1);
		break;
	}

	/* Nodes, in order: a node may only read values defined before it. */
	m->nodes = xcalloc(g->n_node + 1, sizeof *m->nodes);
	m->fold = xcalloc(g->n_node + 1, sizeof *m->fold);
	for (i = 0; i < g->n_node; i++) {
		m->n_nodes = i + 1;
		if (onnx_node(x, i, g->node[i], err) != 0)
			return (-1);
	}

	/* Outputs and their elements per row. */
	if (g->n_output == 0) {
		return (gs_error_set(err, GS_EPARSE, "the graph has no "
		    "output"));
	}
	m->n_outputs = g->n_output;
	m->outputs = xcalloc(g->n_output, sizeof *m->outputs);
	m->output_len = xcalloc(g->n_output, sizeof *m->output_len);
	for (i = 0; i < g->n_output; i++) {
		const char *name = g->output[i]->name;
		size_t len;

		id = name != NULL ? onnx_value_find(x, name) : -1;
		if (id < 0) {
			return (gs_error_set(err, GS_EPARSE, "output '%s' "
			    "is not computed by any node",
			    name != NULL ? name : ""));
		}
		v = &m->values[id];
		len = shape_len(&v->shape);
		if (v->dyn && len % (size_t)m->load_batch != 0) {
			return (gs_error_set(err, GS_EUNSUPPORTED, "output "
			    "'%s' %s does not have one row per input row",
			    name, shape_format(&v->shape, b1,
			    sizeof b1)));
		}
		m->outputs[i] = id;
		m->output_len[i] = v->dyn ? len / (size_t)m->load_batch : len;
	}
	return (0);
}

/*
 * Load a model from size bytes at buf; name (the file's path) starts every
 * message and gives the model its name. The caller owns the result.
 * Errors: GS_EPARSE, GS_EUNSUPPORTED, GS_ESHAPE, GS_ELIMIT.
 */
struct gs_model *
model_load_buffer(const void *buf, size_t size, const char *name,
    struct gs_error *err)
{
	struct onnx_ctx		 x;
	Onnx__ModelProto	*mp;
	size_t			 i;

	if (size > ONNX_MAX_FILE) {
		gs_error_set(err, GS_ELIMIT, "%s: model is larger than 1 GiB",
		    name);
		return (NULL);
	}
	mp = size == 0 ? NULL : onnx__model_proto__unpack(NULL, size, buf);
	if (mp == NULL) {
		gs_error_set(err, GS_EPARSE, "%s: not a valid ONNX model "
		    "(truncated or not protobuf)", name);
		return (NULL);
	}
	memset(&x, 0, sizeof x);
	x.m = xcalloc(1, sizeof *x.m);
	x.m->name = onnx_stem(name);
	x.m->input = -1;
	if (onnx_build(&x, mp, err) != 0) {
		gs_error_prefix(err, "%s: ", name);
		model_free(x.m);
		x.m = NULL;
	} else
		meta_set(x.m, mp);
	onnx__model_proto__free_unpacked(mp, NULL);
	free(x.table);
	for (i = 0; i < x.n_used; i++)
		free(x.used[i]);
	free(x.used);
	free(x.used_table);
	return (x.m);
}

/*
 * Load the model at path: a file, or any stream that can be read (a FIFO,
 * <(...)); the 1 GiB limit holds for both. The caller owns the result
 * (model_free). Errors: GS_EIO (cannot open or read; a directory),
 * GS_ELIMIT (over 1 GiB), and those of model_load_buffer.
 */
struct gs_model *
model_load(const char *path, struct gs_error *err)
{
	struct gs_model	*m;
	char		*buf;
	size_t		 len;

	if ((buf = slurp(path, ONNX_MAX_FILE, "an ONNX model file", &len,
	    err)) == NULL) {
		if (err != NULL && err->code == GS_ELIMIT)
			gs_error_set(err, GS_ELIMIT, "%s: model is larger than "
			    "1 GiB", path);
		return (NULL);
	}
	m = model_load_buffer(buf, len, path, err);
	free(buf);
	return (m);
}

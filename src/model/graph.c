/* SPDX-License-Identifier: ISC */
/*
 * What every op shares: attribute access (which marks attributes read, so
 * that unread ones are refused), node validation and cleanup, node error
 * messages, and shape helpers (broadcasting, strides, reduce-to-shape).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/graph.h"

static const char *node_attr_type_names[] = {
	"float",
	"int",
	"string",
	"tensor",
	"floats",
	"ints",
	"strings",
	"other",
};
_Static_assert(sizeof node_attr_type_names / sizeof node_attr_type_names[0] ==
    GS_ATTR_TYPE_COUNT, "node_attr_type_names out of step with gs_attr_type");

/* Look up an attribute without marking it. */
static struct gs_attr *
node_attr_find(struct gs_node *n, const char *name)
{
	size_t	i;

	for (i = 0; i < n->n_attrs; i++) {
		if (strcmp(n->attrs[i].name, name) == 0)
			return (&n->attrs[i]);
	}
	return (NULL);
}

/*
 * Find attribute name of node n and mark it used. Returns NULL when absent.
 */
struct gs_attr *
node_attr(struct gs_node *n, const char *name)
{
	struct gs_attr	*a;

	a = node_attr_find(n, name);
	if (a != NULL)
		a->used = 1;
	return (a);
}

/* Refuse an attribute of the wrong type. */
static int
node_attr_bad_type(struct gs_error *err, const struct gs_node *n,
    const struct gs_attr *a, const char *want)
{
	return (node_error(err, n, GS_EUNSUPPORTED,
	    "attribute '%s' is of type %s, expected %s", a->name,
	    node_attr_type_names[a->type], want));
}

/*
 * Read integer attribute name into *out, or def when absent.
 * Errors: GS_EUNSUPPORTED (not an int).
 */
int
node_attr_int(struct gs_node *n, const char *name, int64_t def, int64_t *out,
    struct gs_error *err)
{
	struct gs_attr	*a;

	a = node_attr(n, name);
	if (a == NULL) {
		*out = def;
		return (0);
	}
	if (a->type != GS_ATTR_INT)
		return (node_attr_bad_type(err, n, a, "int"));
	*out = a->i;
	return (0);
}

/*
 * Read float attribute name into *out, or def when absent. An integer
 * attribute is accepted (converted exactly). Errors: GS_EUNSUPPORTED.
 */
int
node_attr_float(struct gs_node *n, const char *name, double def, double *out,
    struct gs_error *err)
{
	struct gs_attr	*a;

	a = node_attr(n, name);
	if (a == NULL) {
		*out = def;
		return (0);
	}
	if (a->type == GS_ATTR_INT)
		*out = (double)a->i;
	else if (a->type == GS_ATTR_FLOAT)
		*out = a->f;
	else
		return (node_attr_bad_type(err, n, a, "float"));
	return (0);
}

/*
 * Read ints attribute name: *out borrows the node's array (NULL and *len 0
 * when absent). Errors: GS_EUNSUPPORTED (not a list of ints).
 */
int
node_attr_ints(struct gs_node *n, const char *name, const int64_t **out,
    size_t *len, struct gs_error *err)
{
	struct gs_attr	*a;

	*out = NULL;
	*len = 0;
	a = node_attr(n, name);
	if (a == NULL)
		return (0);
	if (a->type != GS_ATTR_INTS)
		return (node_attr_bad_type(err, n, a, "ints"));
	*out = a->ints;
	*len = a->len;
	return (0);
}

/*
 * Read floats attribute name: *out borrows the node's array (NULL and *len
 * 0 when absent). Errors: GS_EUNSUPPORTED (not a list of floats).
 */
int
node_attr_floats(struct gs_node *n, const char *name, const double **out,
    size_t *len, struct gs_error *err)
{
	struct gs_attr	*a;

	*out = NULL;
	*len = 0;
	a = node_attr(n, name);
	if (a == NULL)
		return (0);
	if (a->type != GS_ATTR_FLOATS)
		return (node_attr_bad_type(err, n, a, "floats"));
	*out = a->floats;
	*len = a->len;
	return (0);
}

/*
 * Read string attribute name into *out (borrowed from the node), or def
 * when absent. Errors: GS_EUNSUPPORTED (not a string).
 */
int
node_attr_ints_fixed(struct gs_node *n, const char *name, size_t want,
    int64_t min, int64_t max, int64_t *dst, struct gs_error *err)
{
	const int64_t	*v;
	size_t		 len, i;

	if (node_attr_ints(n, name, &v, &len, err) != 0)
		return (-1);
	if (v == NULL)
		return (0);
	if (len != want)
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "attribute '%s' has %zu values, expected %zu", name, len,
		    want));
	for (i = 0; i < len; i++) {
		if (v[i] < min || v[i] > max)
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "attribute '%s' value %lld is out of range", name,
			    (long long)v[i]));
		dst[i] = v[i];
	}
	return (0);
}

int
node_attr_string(struct gs_node *n, const char *name, const char *def,
    const char **out, struct gs_error *err)
{
	struct gs_attr	*a;

	a = node_attr(n, name);
	if (a == NULL) {
		*out = def;
		return (0);
	}
	if (a->type != GS_ATTR_STRING)
		return (node_attr_bad_type(err, n, a, "string"));
	*out = a->s;
	return (0);
}

/*
 * Set err to "node N 'name' (Op): message" (or "node N (Op)" when the node
 * has no name) with code, and return -1.
 */
int
node_error(struct gs_error *err, const struct gs_node *n, enum gs_errcode code,
    const char *fmt, ...)
{
	char		 msg[sizeof err->msg];
	const char	*op;
	va_list		 ap;

	if (err == NULL)
		return (-1);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	op = n->op != NULL ? n->op->name : "?";
	if (n->name != NULL && *n->name != '\0')
		gs_error_set(err, code, "node %zu '%s' (%s): %s", n->index,
		    n->name, op, msg);
	else
		gs_error_set(err, code, "node %zu (%s): %s", n->index, op, msg);
	return (-1);
}

/*
 * Check n's input count against its op, run op->init, then refuse any
 * attribute init left unread. Errors: GS_EUNSUPPORTED, and those of init.
 */
int
node_init(struct gs_node *n, const struct gs_tensor *in, struct gs_error *err)
{
	const struct gs_op	*op = n->op;
	size_t			 i, present;

	present = n->n_in;
	while (present > 0 && n->in[present - 1] < 0)
		present--;
	if (present < (size_t)op->min_in) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "needs at least %d input%s, has %zu", op->min_in,
		    op->min_in == 1 ? "" : "s", present));
	}
	if (op->max_in >= 0 && present > (size_t)op->max_in) {
		return (node_error(err, n, GS_EUNSUPPORTED,
		    "takes at most %d input%s, has %zu", op->max_in,
		    op->max_in == 1 ? "" : "s", present));
	}
	for (i = 0; i < (size_t)op->min_in; i++) {
		if (n->in[i] < 0) {
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "required input %zu is empty", i));
		}
	}
	if (op->init != NULL && op->init(n, in, err) != 0)
		return (-1);
	for (i = 0; i < n->n_attrs; i++) {
		if (!n->attrs[i].used) {
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "attribute '%s' is not supported",
			    n->attrs[i].name));
		}
	}
	return (0);
}

/*
 * Free what attribute a owns and zero it.
 */
void
attr_clear(struct gs_attr *a)
{
	size_t	i;

	for (i = 0; a->strs != NULL && i < a->len; i++)
		free(a->strs[i]);
	free(a->strs);
	free(a->name);
	free(a->s);
	free(a->floats);
	free(a->ints);
	const_free(a->t);
	memset(a, 0, sizeof *a);
}

/*
 * Free constant c and its arrays; NULL is fine.
 */
void
const_free(struct gs_const *c)
{
	if (c == NULL)
		return;
	free(c->data);
	free(c->ival);
	free(c);
}

/*
 * Free what node n owns (its priv through op->free, attributes, ids, name)
 * and zero it, so that clearing twice is safe.
 */
void
node_clear(struct gs_node *n)
{
	size_t	i;

	if (n->priv != NULL) {
		if (n->op != NULL && n->op->free != NULL)
			n->op->free(n);
		else
			free(n->priv);
	}
	for (i = 0; i < n->n_attrs; i++)
		attr_clear(&n->attrs[i]);
	free(n->attrs);
	free(n->in);
	free(n->out);
	free(n->name);
	memset(n, 0, sizeof *n);
}

/*
 * Number of elements of s (1 for a scalar). Shapes inside the model layer
 * are checked against overflow where they are made.
 */
size_t
shape_len(const struct gs_shape *s)
{
	size_t	len = 1;
	int	i;

	for (i = 0; i < s->ndim; i++)
		len *= (size_t)s->d[i];
	return (len);
}

/*
 * Whether a and b have the same rank and dimensions.
 */
int
shape_equal(const struct gs_shape *a, const struct gs_shape *b)
{
	int	i;

	if (a->ndim != b->ndim)
		return (0);
	for (i = 0; i < a->ndim; i++) {
		if (a->d[i] != b->d[i])
			return (0);
	}
	return (1);
}

/*
 * Multidirectional (numpy) broadcasting: align a and b on the right; each
 * pair of dimensions must be equal or one of them 1. Errors: GS_ESHAPE.
 */
int
shape_broadcast(const struct gs_shape *a, const struct gs_shape *b,
    struct gs_shape *out, struct gs_error *err)
{
	struct gs_shape	r;
	char		bufa[96], bufb[96];
	int		i, ia, ib;
	int64_t		da, db;

	r.ndim = a->ndim > b->ndim ? a->ndim : b->ndim;
	for (i = r.ndim - 1; i >= 0; i--) {
		ia = i - (r.ndim - a->ndim);
		ib = i - (r.ndim - b->ndim);
		da = ia >= 0 ? a->d[ia] : 1;
		db = ib >= 0 ? b->d[ib] : 1;
		if (da == db || db == 1)
			r.d[i] = da;
		else if (da == 1)
			r.d[i] = db;
		else {
			return (gs_error_set(err, GS_ESHAPE,
			    "shapes %s and %s do not broadcast",
			    shape_format(a, bufa, sizeof bufa),
			    shape_format(b, bufb, sizeof bufb)));
		}
	}
	*out = r;
	return (0);
}

/*
 * Strides (in elements) of a row-major tensor of shape in, broadcast to
 * out: 0 along dimensions where in has extent 1 or does not reach.
 */
void
shape_bcast_strides(const struct gs_shape *in, const struct gs_shape *out,
    int64_t *strides)
{
	int64_t	stride = 1;
	int	i, k;

	for (i = out->ndim - 1; i >= 0; i--) {
		k = i - (out->ndim - in->ndim);
		if (k < 0 || in->d[k] == 1)
			strides[i] = 0;
		else {
			strides[i] = stride;
			stride *= in->d[k];
		}
	}
}

/*
 * Offset in a tensor of shape in (broadcast to out) of the element that
 * element i of out reads: i unravelled against out, each index taken
 * modulo 1 where in has extent 1 or no such dimension.
 */
size_t
shape_bcast_offset(const struct gs_shape *in, const struct gs_shape *out,
    size_t i)
{
	size_t	off = 0, stride = 1, q;
	int	k, j;

	for (k = out->ndim - 1; k >= 0; k--) {
		q = i % (size_t)out->d[k];
		i /= (size_t)out->d[k];
		j = k - (out->ndim - in->ndim);
		if (j < 0)
			break;
		if (in->d[j] != 1)
			off += q * stride;
		stride *= (size_t)in->d[j];
	}
	return (off);
}

/*
 * ADD g (shape gs) into dst (shape ds, broadcastable to gs): each element
 * of g goes to the element of dst it was broadcast from.
 */
void
tensor_sum_to(const gs_real *g, const struct gs_shape *gs, gs_real *dst,
    const struct gs_shape *ds)
{
	int64_t	st[GS_MAX_DIMS], idx[GS_MAX_DIMS], inner, sin, j;
	size_t	len, i;
	int	k, nd = gs->ndim;
	gs_real	*d, acc;

	len = shape_len(gs);
	if (len == 0)
		return;
	if (shape_len(ds) == len) {
		for (i = 0; i < len; i++)
			dst[i] += g[i];
		return;
	}
	if (nd == 0) {
		dst[0] += g[0];
		return;
	}
	shape_bcast_strides(ds, gs, st);
	inner = gs->d[nd - 1];
	sin = st[nd - 1];
	memset(idx, 0, sizeof idx);
	for (i = 0; i < len; i += (size_t)inner) {
		d = dst;
		for (k = 0; k < nd - 1; k++)
			d += idx[k] * st[k];
		if (sin == 0) {
			acc = 0;
			for (j = 0; j < inner; j++)
				acc += g[i + (size_t)j];
			d[0] += acc;
		} else {
			for (j = 0; j < inner; j++)
				d[j] += g[i + (size_t)j];
		}
		for (k = nd - 2; k >= 0; k--) {
			if (++idx[k] < gs->d[k])
				break;
			idx[k] = 0;
		}
	}
}

/*
 * Normalise axis for rank dimensions: negative axes count from the end.
 * Returns the axis, or -1 when it is out of [-rank, rank).
 */
int
shape_axis(int64_t axis, int rank)
{
	if (axis < -(int64_t)rank || axis >= rank)
		return (-1);
	return ((int)(axis < 0 ? axis + rank : axis));
}

/*
 * Format s as "[2, 3, 8]" (a scalar as "[]") into buf of size bytes,
 * truncating when short. Returns buf.
 */
char *
shape_format(const struct gs_shape *s, char *buf, size_t size)
{
	size_t	off = 0;
	int	i, w;

	if (size == 0)
		return (buf);
	buf[0] = '\0';
	w = snprintf(buf, size, "[");
	off = w > 0 ? (size_t)w : 0;
	for (i = 0; i < s->ndim && off < size; i++) {
		w = snprintf(buf + off, size - off, "%s%lld", i ? ", " : "",
		    (long long)s->d[i]);
		if (w < 0)
			break;
		off += (size_t)w;
	}
	if (off < size)
		snprintf(buf + off, size - off, "]");
	return (buf);
}

/* The name of ONNX data type t, for messages. */
const char *
dtype_name(int t)
{
	static const char *names[] = { "UNDEFINED", "FLOAT", "UINT8", "INT8",
	    "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL", "FLOAT16",
	    "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128",
	    "BFLOAT16", "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2",
	    "FLOAT8E5M2FNUZ", "UINT4", "INT4" };

	if (t < 0 || (size_t)t >= sizeof names / sizeof names[0])
		return ("unknown");
	return (names[t]);
}

/* Whether ONNX data type t holds integers (booleans included). */
int
dtype_is_int(int t)
{
	switch (t) {
	case GS_DT_UINT8:
	case GS_DT_INT8:
	case GS_DT_UINT16:
	case GS_DT_INT16:
	case GS_DT_INT32:
	case GS_DT_INT64:
	case GS_DT_BOOL:
	case GS_DT_UINT32:
	case GS_DT_UINT64:
		return (1);
	default:
		return (0);
	}
}

/*
 * Round x to a binary format with mbits explicit mantissa bits, exponent
 * bias bias and largest finite value maxv (ties to even; subnormals kept).
 */
static double
dtype_round_to(double x, int mbits, int emin, double maxv)
{
	double	ax = fabs(x), q;
	int	e;

	if (isnan(x) || isinf(x) || ax == 0)
		return (x);
	frexp(ax, &e);			/* ax = f 2^e, f in [0.5, 1) */
	e -= 1;				/* ax = g 2^e, g in [1, 2) */
	if (e < emin)
		e = emin;		/* subnormal: fixed quantum */
	q = ldexp(1.0, e - mbits);
	ax = nearbyint(ax / q) * q;	/* round half to even (default mode) */
	if (ax > maxv)
		ax = INFINITY;
	return (x < 0 ? -ax : ax);
}

/* x rounded to ONNX floating type t (see graph.h). */
double
dtype_round(double x, int t)
{
	switch (t) {
	case GS_DT_FLOAT16:
		return (dtype_round_to(x, 10, -14, 65504.0));
	case GS_DT_BFLOAT16:
		return (dtype_round_to(x, 7, -126, 3.3895313892515355e38));
	case GS_DT_FLOAT:
		return ((double)(float)x);
	default:
		return (x);
	}
}

/* SPDX-License-Identifier: ISC */
/*
 * The finite-difference harness (see gradcheck.h): one node built through
 * node_init as the loader builds it, run in double precision, its backward
 * rule compared with central differences of a seeded random projection.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "core/xmalloc.h"
#include "model/graph.h"
#include "gradcheck.h"

_Static_assert(sizeof(gs_real) == sizeof(double),
    "gradcheck must be built with -DGS_REAL_DOUBLE");

#define GC_SEED		20240601	/* seed of random inputs and projection */
#define GC_MAX_OUT	8		/* most outputs of an op */
#define GC_MAX_LEN	(1 << 22)	/* most elements of one test tensor */

/* One node under test with its inputs, outputs and workspace. */
struct gc_case {
	struct gs_node	 node;			/* the node, as the loader makes it */
	size_t		 n_in;			/* inputs */
	size_t		 n_out;			/* outputs */
	struct gs_tensor *in;			/* inputs (data owned here) */
	struct gs_tensor out[GC_MAX_OUT];	/* outputs (data owned here) */
	int64_t		**ival;			/* copies of integer constants */
	gs_real		*scratch;		/* workspace of op->scratch */
	char		 what[128];		/* "Gemm (opset 13, transB=1)" */
};

/* Parse one number: an int when it reads as one, else a float. */
static int
gc_parse_number(const char *tok, int64_t *iv, double *f, int *is_int)
{
	char	*end;

	if (*tok == '\0')
		return (-1);
	errno = 0;
	*iv = strtoll(tok, &end, 10);
	if (*end == '\0' && errno == 0) {
		*f = (double)*iv;
		*is_int = 1;
		return (0);
	}
	*f = strtod(tok, &end);
	if (*end != '\0')
		return (-1);
	*is_int = 0;
	return (0);
}

/* Parse one attribute value into a. Returns 0 or -1. */
static int
gc_parse_value(const char *v, size_t vlen, struct gs_attr *a)
{
	char	*buf, *p, *comma;
	size_t	 n = 0;
	int	 all_int = 1, is_int;
	double	*f;
	int64_t	*iv;

	buf = xstrndup(v, vlen);
	if (vlen >= 2 && buf[0] == '\'' && buf[vlen - 1] == '\'') {
		buf[vlen - 1] = '\0';
		a->type = GS_ATTR_STRING;
		a->s = xstrdup(buf + 1);
		free(buf);
		return (0);
	}
	if (strchr(buf, ',') == NULL) {
		if (gc_parse_number(buf, &a->i, &a->f, &is_int) != 0) {
			free(buf);
			return (-1);
		}
		a->type = is_int ? GS_ATTR_INT : GS_ATTR_FLOAT;
		free(buf);
		return (0);
	}
	f = xcalloc(vlen + 1, sizeof *f);
	iv = xcalloc(vlen + 1, sizeof *iv);
	p = buf;
	while (*p != '\0') {
		comma = strchr(p, ',');
		if (comma != NULL)
			*comma = '\0';
		if (gc_parse_number(p, &iv[n], &f[n], &is_int) != 0)
			goto fail;
		all_int &= is_int;
		n++;
		if (comma == NULL)
			break;
		p = comma + 1;		/* "1," ends here: one element */
	}
	free(buf);
	a->len = n;
	if (all_int) {
		a->type = GS_ATTR_INTS;
		a->ints = iv;
		free(f);
	} else {
		a->type = GS_ATTR_FLOATS;
		a->floats = f;
		free(iv);
	}
	return (0);
fail:
	free(buf);
	free(f);
	free(iv);
	return (-1);
}

/* Parse the attribute string into node n. Returns 0 or -1 with err set. */
static int
gc_parse_attrs(struct gs_node *n, const char *attrs, struct gs_error *err)
{
	const char	*p = attrs, *eq, *v, *end;
	struct gs_attr	*a;

	while (p != NULL && *p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (*p == '@') {
			/* A harness setting (@outputs=N), not an attribute. */
			while (*p != '\0' && *p != ' ')
				p++;
			continue;
		}
		eq = strchr(p, '=');
		if (eq == NULL || eq == p) {
			return (gs_error_set(err, GS_EINVAL,
			    "gradcheck: bad attribute '%s'", p));
		}
		v = eq + 1;
		if (*v == '\'') {
			end = strchr(v + 1, '\'');
			if (end == NULL) {
				return (gs_error_set(err, GS_EINVAL,
				    "gradcheck: unterminated string in '%s'",
				    p));
			}
			end++;
		} else {
			end = strchr(v, ' ');
			if (end == NULL)
				end = v + strlen(v);
		}
		n->attrs = xreallocarray(n->attrs, n->n_attrs + 1,
		    sizeof *n->attrs);
		a = &n->attrs[n->n_attrs++];
		memset(a, 0, sizeof *a);
		a->name = xstrndup(p, (size_t)(eq - p));
		if (gc_parse_value(v, (size_t)(end - v), a) != 0) {
			return (gs_error_set(err, GS_EINVAL,
			    "gradcheck: bad value for attribute '%s'",
			    a->name));
		}
		p = end;
	}
	return (0);
}

/* Free everything a case owns. */
static void
gc_case_free(struct gc_case *c)
{
	size_t	i;

	node_clear(&c->node);
	for (i = 0; i < c->n_in; i++) {
		free(c->in[i].data);
		free(c->ival[i]);
	}
	free(c->in);
	free(c->ival);
	for (i = 0; i < GC_MAX_OUT; i++)
		free(c->out[i].data);
	free(c->scratch);
	memset(c, 0, sizeof *c);
}

/*
 * Build a case: parse attributes, make the inputs, run node_init and
 * shape, allocate outputs and scratch. Returns 0 or -1 with err set.
 */
static int
gc_case_build(struct gc_case *c, const char *op_type, int opset,
    const char *attrs, int n_in, const struct gc_input *in,
    struct gs_error *err)
{
	const struct gs_op	*op;
	struct gs_shape		 shp[GC_MAX_OUT];
	struct gs_rng		 rng;
	const char		*at;
	size_t			 i, j, len, slen;
	int			 k, n_out;

	memset(c, 0, sizeof *c);
	snprintf(c->what, sizeof c->what, "%s (opset %d%s%s)", op_type, opset,
	    attrs != NULL && *attrs != '\0' ? ", " : "",
	    attrs != NULL ? attrs : "");
	op = op_find(op_type);
	if (op == NULL) {
		return (gs_error_set(err, GS_EUNSUPPORTED,
		    "%s: unsupported op", op_type));
	}
	n_out = op->n_out < 0 ? 1 : op->n_out;
	if (op->n_out < 0 && attrs != NULL &&
	    (at = strstr(attrs, "@outputs=")) != NULL)
		n_out = atoi(at + 9);
	if (n_in < 0 || n_out < 1 || n_out > GC_MAX_OUT) {
		return (gs_error_set(err, GS_EINVAL,
		    "gradcheck: bad input or output count"));
	}
	c->node.op = op;
	c->node.name = xstrdup("");
	c->node.opset = opset;
	c->n_in = c->node.n_in = (size_t)n_in;
	c->n_out = c->node.n_out = (size_t)n_out;
	c->node.in = xcalloc(c->n_in + 1, sizeof *c->node.in);
	c->node.out = xcalloc(c->n_out, sizeof *c->node.out);
	for (i = 0; i < c->n_in; i++)
		c->node.in[i] = (int)i;
	for (i = 0; i < c->n_out; i++)
		c->node.out[i] = (int)(c->n_in + i);
	c->in = xcalloc(c->n_in + 1, sizeof *c->in);
	c->ival = xcalloc(c->n_in + 1, sizeof *c->ival);
	if (attrs != NULL && gc_parse_attrs(&c->node, attrs, err) != 0)
		return (-1);

	/* Inputs: shapes, and values for constants only (as the loader). */
	for (i = 0; i < c->n_in; i++) {
		if (in[i].ndim < 0 || in[i].ndim > GS_MAX_DIMS) {
			return (gs_error_set(err, GS_EINVAL,
			    "gradcheck: input %zu: bad rank", i));
		}
		c->in[i].shape.ndim = in[i].ndim;
		for (k = 0; k < in[i].ndim; k++) {
			if (in[i].d[k] < 0) {
				return (gs_error_set(err, GS_EINVAL,
				    "gradcheck: input %zu: bad shape", i));
			}
			c->in[i].shape.d[k] = in[i].d[k];
		}
		len = shape_len(&c->in[i].shape);
		if (len > GC_MAX_LEN) {
			return (gs_error_set(err, GS_EINVAL,
			    "gradcheck: input %zu too large", i));
		}
		c->in[i].is_const = in[i].is_const;
		c->in[i].dtype = in[i].dtype;
		c->in[i].data = xcalloc(len + 1, sizeof(gs_real));
		gs_rng_init(&rng, GC_SEED, i);
		for (j = 0; j < len; j++) {
			if (in[i].data != NULL)
				c->in[i].data[j] = in[i].data[j];
			else if (in[i].ival != NULL)
				c->in[i].data[j] = (gs_real)in[i].ival[j];
			else {
				c->in[i].data[j] = in[i].lo + (in[i].hi -
				    in[i].lo) * gs_rng_uniform(&rng);
			}
		}
		if (in[i].ival != NULL) {
			c->ival[i] = xcalloc(len + 1, sizeof *c->ival[i]);
			memcpy(c->ival[i], in[i].ival,
			    len * sizeof *c->ival[i]);
			c->in[i].ival = c->ival[i];
		}
	}

	/* init sees data only for constants, like the loader. */
	{
		struct gs_tensor	*view;
		int			 rc;

		view = xcalloc(c->n_in + 1, sizeof *view);
		for (i = 0; i < c->n_in; i++) {
			view[i] = c->in[i];
			if (!view[i].is_const) {
				view[i].data = NULL;
				view[i].ival = NULL;
			}
		}
		rc = node_init(&c->node, view, err);
		if (rc == 0 && op->shape != NULL)
			rc = op->shape(&c->node, c->in, shp, err);
		free(view);
		if (rc != 0)
			return (-1);
	}
	if (op->shape == NULL || op->forward == NULL) {
		return (gs_error_set(err, GS_EINVAL,
		    "gradcheck: %s has no shape or forward", op_type));
	}
	for (i = 0; i < c->n_out; i++) {
		if (shp[i].ndim < 0 || shp[i].ndim > GS_MAX_DIMS) {
			return (gs_error_set(err, GS_EINVAL,
			    "gradcheck: output %zu: bad rank %d", i,
			    shp[i].ndim));
		}
		for (k = 0; k < shp[i].ndim; k++) {
			if (shp[i].d[k] < 0 || shp[i].d[k] > GC_MAX_LEN) {
				return (gs_error_set(err, GS_EINVAL,
				    "gradcheck: output %zu: bad shape", i));
			}
		}
		len = shape_len(&shp[i]);
		if (len > GC_MAX_LEN) {
			return (gs_error_set(err, GS_EINVAL,
			    "gradcheck: output %zu too large", i));
		}
		c->out[i].shape = shp[i];
		c->out[i].data = xcalloc(len + 1, sizeof(gs_real));
	}
	slen = op->scratch != NULL ? op->scratch(&c->node, c->in, c->out) : 0;
	if (slen > 0)
		c->scratch = xcalloc(slen, sizeof *c->scratch);
	return (0);
}

/* Forward, then the projection sum_k w_k y_k over all outputs. */
static double
gc_loss(struct gc_case *c, gs_real *const *w)
{
	double	s = 0;
	size_t	i, j, len;

	c->node.op->forward(&c->node, c->in, c->out, c->scratch);
	for (i = 0; i < c->n_out; i++) {
		len = shape_len(&c->out[i].shape);
		for (j = 0; j < len; j++)
			s += (double)w[i][j] * c->out[i].data[j];
	}
	return (s);
}

/*
 * Check the backward rule of one node against central differences.
 */
int
gradcheck(const char *op_type, int opset, const char *attrs, int n_in,
    const struct gc_input *in, double tol)
{
	struct gc_case		 c;
	struct gs_error		 err;
	struct gs_rng		 rng;
	struct gs_tensor	 dout[GC_MAX_OUT], *din = NULL;
	gs_real			*w[GC_MAX_OUT] = { NULL };
	double			 gmax = 0, emax = 0, lp, lm, x, h, num, ana;
	double			 worst_a = 0, worst_n = 0;
	size_t			 i, j, len, worst_i = 0, worst_j = 0;
	int			 rc = -1, checked = 0;

	gs_error_clear(&err);
	if (gc_case_build(&c, op_type, opset, attrs, n_in, in, &err) != 0) {
		fprintf(stderr, "gradcheck %s: %s\n", c.what, err.msg);
		goto out;
	}
	if (c.node.op->backward == NULL) {
		fprintf(stderr, "gradcheck %s: no backward rule\n", c.what);
		goto out;
	}

	/* The projection vector, one per output, and dout = w. */
	gs_rng_init(&rng, GC_SEED, 1000);
	for (i = 0; i < c.n_out; i++) {
		len = shape_len(&c.out[i].shape);
		w[i] = xcalloc(len + 1, sizeof *w[i]);
		for (j = 0; j < len; j++)
			w[i][j] = 2 * gs_rng_uniform(&rng) - 1;
		dout[i].shape = c.out[i].shape;
		dout[i].data = w[i];
		dout[i].ival = NULL;
		dout[i].is_const = 0;
	}

	/*
	 * Analytic gradients. din starts at 0.25 everywhere, so a rule that
	 * overwrites instead of adding is caught; constants get NULL.
	 */
	gc_loss(&c, w);
	din = xcalloc(c.n_in + 1, sizeof *din);
	for (i = 0; i < c.n_in; i++) {
		din[i].shape = c.in[i].shape;
		if (c.in[i].is_const)
			continue;
		len = shape_len(&c.in[i].shape);
		din[i].data = xcalloc(len + 1, sizeof(gs_real));
		for (j = 0; j < len; j++)
			din[i].data[j] = 0.25;
	}
	c.node.op->backward(&c.node, c.in, c.out, dout, din, c.scratch);

	for (i = 0; i < c.n_in; i++) {
		if (c.in[i].is_const)
			continue;
		len = shape_len(&c.in[i].shape);
		for (j = 0; j < len; j++) {
			ana = din[i].data[j] - 0.25;
			if (fabs(ana) > gmax)
				gmax = fabs(ana);
		}
	}

	/* Central differences, element by element. */
	for (i = 0; i < c.n_in; i++) {
		if (c.in[i].is_const)
			continue;
		len = shape_len(&c.in[i].shape);
		for (j = 0; j < len; j++) {
			x = c.in[i].data[j];
			h = 1e-6 * fmax(1.0, fabs(x));
			c.in[i].data[j] = x + h;
			lp = gc_loss(&c, w);
			c.in[i].data[j] = x - h;
			lm = gc_loss(&c, w);
			c.in[i].data[j] = x;
			num = (lp - lm) / (2 * h);
			ana = din[i].data[j] - 0.25;
			checked++;
			if (!isfinite(num) || !isfinite(ana) ||
			    fabs(num - ana) > emax) {
				emax = isfinite(num) && isfinite(ana) ?
				    fabs(num - ana) : INFINITY;
				worst_i = i;
				worst_j = j;
				worst_a = ana;
				worst_n = num;
			}
		}
	}
	if (checked == 0) {
		fprintf(stderr, "gradcheck %s: no input to check\n", c.what);
		goto out;
	}
	if (!(emax <= tol * (1 + gmax))) {
		fprintf(stderr, "gradcheck %s: input %zu index %zu: analytic "
		    "%.10g, numeric %.10g (error %.3g > %.3g)\n", c.what,
		    worst_i, worst_j, worst_a, worst_n, emax,
		    tol * (1 + gmax));
		goto out;
	}
	rc = 0;
out:
	if (din != NULL) {
		for (i = 0; i < c.n_in; i++)
			free(din[i].data);
		free(din);
	}
	for (i = 0; i < GC_MAX_OUT; i++)
		free(w[i]);
	gc_case_free(&c);
	return (rc);
}

/*
 * Build the node, run forward once and copy output 0 (n elements) to out.
 */
int
gradcheck_forward(const char *op_type, int opset, const char *attrs, int n_in,
    const struct gc_input *in, double *out, size_t n)
{
	struct gc_case	c;
	struct gs_error	err;
	size_t		len, j;
	int		rc = -1;

	gs_error_clear(&err);
	if (gc_case_build(&c, op_type, opset, attrs, n_in, in, &err) != 0) {
		fprintf(stderr, "gradcheck_forward %s: %s\n", c.what, err.msg);
		goto out;
	}
	c.node.op->forward(&c.node, c.in, c.out, c.scratch);
	len = shape_len(&c.out[0].shape);
	if (len != n) {
		fprintf(stderr, "gradcheck_forward %s: output has %zu "
		    "elements, expected %zu\n", c.what, len, n);
		goto out;
	}
	for (j = 0; j < n; j++)
		out[j] = c.out[0].data[j];
	rc = 0;
out:
	gc_case_free(&c);
	return (rc);
}

/*
 * Build the node only; 0 when init and shape accept it.
 */
int
gradcheck_init(const char *op_type, int opset, const char *attrs, int n_in,
    const struct gc_input *in, char *msg, size_t msg_size)
{
	struct gc_case	c;
	struct gs_error	err;
	int		rc;

	gs_error_clear(&err);
	rc = gc_case_build(&c, op_type, opset, attrs, n_in, in, &err);
	if (msg != NULL && msg_size > 0)
		snprintf(msg, msg_size, "%s", rc == 0 ? "" : err.msg);
	gc_case_free(&c);
	return (rc);
}

/*
 * Build the node, run forward, and copy the margins of its one row into
 * m (at most cap). Returns their number, or -1.
 */
long
gradcheck_margins(const char *op_type, int opset, const char *attrs,
    int n_in, const struct gc_input *in, double *m, size_t cap)
{
	struct gc_case	 c;
	struct gs_error	 err;
	gs_real		*buf = NULL;
	size_t		 len, j;
	long		 rc = -1;

	gs_error_clear(&err);
	if (gc_case_build(&c, op_type, opset, attrs, n_in, in, &err) != 0) {
		fprintf(stderr, "gradcheck_margins %s: %s\n", c.what, err.msg);
		goto out;
	}
	if (c.node.op->margins == NULL)
		goto out;
	c.node.op->forward(&c.node, c.in, c.out, c.scratch);
	len = c.node.op->margins(&c.node, c.in, c.out, 0, 1, NULL);
	buf = xcalloc(len + 1, sizeof *buf);
	if (c.node.op->margins(&c.node, c.in, c.out, 0, 1, buf) != len)
		goto out;
	for (j = 0; j < len && j < cap; j++)
		m[j] = buf[j];
	rc = (long)len;
out:
	free(buf);
	gc_case_free(&c);
	return (rc);
}

/*
 * Build the node, run forward, then backward with a gradient of ones on
 * output 0; copy input 0's gradient (n elements) to g.
 */
int
gradcheck_backward(const char *op_type, int opset, const char *attrs,
    int n_in, const struct gc_input *in, double *g, size_t n)
{
	struct gc_case		 c;
	struct gs_error		 err;
	struct gs_tensor	 dout[GC_MAX_OUT], *din = NULL;
	size_t			 i, j, len;
	int			 rc = -1;

	gs_error_clear(&err);
	memset(dout, 0, sizeof dout);
	if (gc_case_build(&c, op_type, opset, attrs, n_in, in, &err) != 0) {
		fprintf(stderr, "gradcheck_backward %s: %s\n", c.what,
		    err.msg);
		goto out;
	}
	if (c.node.op->backward == NULL || shape_len(&c.in[0].shape) != n)
		goto out;
	c.node.op->forward(&c.node, c.in, c.out, c.scratch);
	for (i = 0; i < c.n_out; i++) {
		len = shape_len(&c.out[i].shape);
		dout[i].shape = c.out[i].shape;
		dout[i].data = xcalloc(len + 1, sizeof(gs_real));
		for (j = 0; i == 0 && j < len; j++)
			dout[i].data[j] = 1;
	}
	din = xcalloc(c.n_in + 1, sizeof *din);
	for (i = 0; i < c.n_in; i++) {
		din[i].shape = c.in[i].shape;
		if (!c.in[i].is_const)
			din[i].data = xcalloc(shape_len(&c.in[i].shape) + 1,
			    sizeof(gs_real));
	}
	c.node.op->backward(&c.node, c.in, c.out, dout, din, c.scratch);
	for (j = 0; j < n; j++)
		g[j] = din[0].data != NULL ? din[0].data[j] : 0;
	rc = 0;
out:
	if (din != NULL) {
		for (i = 0; i < c.n_in; i++)
			free(din[i].data);
		free(din);
	}
	for (i = 0; i < GC_MAX_OUT; i++)
		free(dout[i].data);
	gc_case_free(&c);
	return (rc);
}

/*
 * The refusal of op's jumps callback on the node built from in: 1 with
 * the reason copied to why, 0 when there is none, -1 when refused.
 */
int
gradcheck_jumps(const char *op_type, int opset, const char *attrs,
    int n_in, const struct gc_input *in, char *why, size_t size)
{
	struct gc_case	 c;
	struct gs_error	 err;
	const char	*r = NULL;
	int		 rc = -1;

	gs_error_clear(&err);
	if (gc_case_build(&c, op_type, opset, attrs, n_in, in, &err) != 0) {
		fprintf(stderr, "gradcheck_jumps %s: %s\n", c.what, err.msg);
		goto out;
	}
	if (c.node.op->jumps != NULL)
		r = c.node.op->jumps(&c.node);
	if (r != NULL && why != NULL)
		snprintf(why, size, "%s", r);
	rc = r != NULL;
out:
	gc_case_free(&c);
	return (rc);
}

#define GC_KINK_STEPS	4096	/* samples of the margins on a segment */
#define GC_KINK_MAX	256	/* most kinks of one op on one segment */
#define GC_KINK_NEAR	1e-9	/* a kink's neighbourhood */
#define GC_KINK_OFF	0.31830988618379067	/* samples off dyadic places */

/* The inputs at t between the two ends, forward, then the margins' signs. */
static void
gc_kink_signs(struct gc_case *c, const gs_real *const *a,
    const gs_real *const *b, double t, gs_real *m, size_t nm, char *sign)
{
	size_t	k, i;

	for (k = 0; k < c->n_in; k++) {
		if (a[k] == NULL)
			continue;
		for (i = 0; i < shape_len(&c->in[k].shape); i++)
			c->in[k].data[i] = a[k][i] + t * (b[k][i] - a[k][i]);
	}
	c->node.op->forward(&c->node, c->in, c->out, c->scratch);
	c->node.op->margins(&c->node, c->in, c->out, 0, 1, m);
	for (i = 0; i < nm; i++)
		sign[i] = m[i] > 0;
}

/*
 * One step of the search exact IG makes: the first kink past s (kink
 * value element values at s into va), checked to lie where its values
 * meet; its place, or 2 when there is none, -1 when wrong.
 */
static double
gc_kink_next(struct gc_case *c, const gs_real *const *a,
    const gs_real *const *b, const size_t *base, size_t total, double s,
    struct gs_tensor *ta, struct gs_tensor *tb, gs_real *va,
    struct gs_kink *k)
{
	double	 t = 2, at, ui, uj;
	size_t	 kk, i, cnt, q;
	gs_real	 vi = NAN, vj = NAN;

	for (kk = 0; kk < c->n_in; kk++) {
		ta[kk] = tb[kk] = c->in[kk];
		if (a[kk] == NULL)
			continue;
		ta[kk].data = va + base[kk];
		tb[kk].data = (gs_real *)(uintptr_t)b[kk];
		for (i = 0; i < shape_len(&c->in[kk].shape); i++)
			ta[kk].data[i] = a[kk][i] + s * (b[kk][i] - a[kk][i]);
	}
	cnt = c->node.op->kinks(&c->node, ta, tb, base, k, GC_KINK_MAX);
	if (cnt > GC_KINK_MAX) {
		fprintf(stderr, "%s: %zu kinks on one segment\n", c->what, cnt);
		return (-1);
	}
	for (q = 0; q < cnt; q++) {
		if (!(k[q].t > 0 && k[q].t < 1) || k[q].i >= total ||
		    k[q].j >= total) {
			fprintf(stderr, "%s: kink %zu at %g, elements %zu, "
			    "%zu of %zu\n", c->what, q, k[q].t, k[q].i,
			    k[q].j, total);
			return (-1);
		}
		at = s + k[q].t * (1 - s);
		/* The elements' values there (affine in t) meet. */
		for (kk = 0; kk < c->n_in; kk++) {
			if (a[kk] == NULL)
				continue;
			for (i = 0; i < shape_len(&c->in[kk].shape); i++) {
				if (base[kk] + i == k[q].i)
					vi = a[kk][i] + at * (b[kk][i] -
					    a[kk][i]);
				if (base[kk] + i == k[q].j)
					vj = a[kk][i] + at * (b[kk][i] -
					    a[kk][i]);
			}
		}
		ui = vi;
		uj = isnan(k[q].at) ? vj : k[q].at;
		if (!(fabs(ui - uj) <= 1e-9 * (1 + fabs(ui)))) {
			fprintf(stderr, "%s: kink %zu at %.17g: %.17g does "
			    "not meet %.17g\n", c->what, q, at, ui, uj);
			return (-1);
		}
		t = fmin(t, at);
	}
	return (t);
}

/*
 * Check op's kinks callback against its margins on the segment from the
 * inputs in to b; see gradcheck.h.
 */
long
gradcheck_kinks(const char *op_type, int opset, const char *attrs,
    int n_in, const struct gc_input *in, const double *const *b)
{
	struct gc_case		 c;
	struct gs_error		 err;
	struct gs_kink		*k = NULL;
	struct gs_tensor	*ta = NULL, *tb = NULL;
	gs_real			**av = NULL, **bv = NULL, *va = NULL, *m = NULL;
	size_t			*base = NULL, *change = NULL, nchange = 0;
	size_t			 kk, i, j, len, total = 0, nm, q, found = 0;
	char			*sign = NULL, *prev = NULL;
	double			 s, t, tj;
	long			 rc = -1;

	gs_error_clear(&err);
	if (gc_case_build(&c, op_type, opset, attrs, n_in, in, &err) != 0) {
		fprintf(stderr, "gradcheck_kinks %s: %s\n", c.what, err.msg);
		goto out;
	}
	if (c.node.op->kinks == NULL || c.node.op->margins == NULL) {
		fprintf(stderr, "%s: no kinks or no margins callback\n",
		    c.what);
		goto out;
	}
	av = xcalloc(c.n_in + 1, sizeof *av);
	bv = xcalloc(c.n_in + 1, sizeof *bv);
	base = xcalloc(c.n_in + 1, sizeof *base);
	for (kk = 0; kk < c.n_in; kk++) {
		base[kk] = GS_KINK_FIXED;
		if (c.in[kk].is_const)
			continue;
		len = shape_len(&c.in[kk].shape);
		av[kk] = xcalloc(len + 1, sizeof **av);
		bv[kk] = xcalloc(len + 1, sizeof **bv);
		memcpy(av[kk], c.in[kk].data, len * sizeof **av);
		for (i = 0; i < len; i++)
			bv[kk][i] = b[kk][i];
		base[kk] = total;
		total += len;
	}
	c.node.op->forward(&c.node, c.in, c.out, c.scratch);
	nm = c.node.op->margins(&c.node, c.in, c.out, 0, 1, NULL);
	m = xcalloc(nm + 1, sizeof *m);
	sign = xcalloc(nm + 1, 1);
	prev = xcalloc(nm + 1, 1);
	change = xcalloc(GC_KINK_STEPS + 1, sizeof *change);
	/*
	 * Where the margins' signs change, between samples j - 1 and j (at
	 * (j + 1 / pi) / (steps + 1), never exactly on a kink of round values).
	 */
	for (j = 0; j <= GC_KINK_STEPS; j++) {
		tj = ((double)j + GC_KINK_OFF) / (GC_KINK_STEPS + 1);
		gc_kink_signs(&c, (const gs_real *const *)av,
		    (const gs_real *const *)bv, tj, m, nm, sign);
		if (j > 0 && memcmp(sign, prev, nm) != 0)
			change[nchange++] = j;
		memcpy(prev, sign, nm);
	}
	/* The kinks, one after another, each in a changing interval. */
	k = xcalloc(GC_KINK_MAX, sizeof *k);
	ta = xcalloc(c.n_in + 1, sizeof *ta);
	tb = xcalloc(c.n_in + 1, sizeof *tb);
	va = xcalloc(total + 1, sizeof *va);
	for (s = 0, q = 0; s < 1; s = t + GC_KINK_NEAR) {
		t = gc_kink_next(&c, (const gs_real *const *)av,
		    (const gs_real *const *)bv, base, total, s, ta, tb, va, k);
		if (t < 0)
			goto out;
		if (t > 1)
			break;
		found++;
		j = (size_t)ceil(t * (GC_KINK_STEPS + 1) - GC_KINK_OFF);
		while (q < nchange && change[q] < j)
			q++;
		if (q == nchange || change[q] != j) {
			fprintf(stderr, "%s: kink at %.9g but the margins keep "
			    "their signs there\n", c.what, t);
			goto out;
		}
		q++;
		if (found > GC_KINK_MAX)
			break;
	}
	if (found != nchange) {
		fprintf(stderr, "%s: %zu kinks, but the margins change signs "
		    "%zu times\n", c.what, found, nchange);
		goto out;
	}
	rc = (long)found;
out:
	for (kk = 0; av != NULL && kk < c.n_in; kk++) {
		free(av[kk]);
		free(bv[kk]);
	}
	free(av);
	free(bv);
	free(base);
	free(m);
	free(sign);
	free(prev);
	free(change);
	free(k);
	free(ta);
	free(tb);
	free(va);
	gc_case_free(&c);
	return (rc);
}

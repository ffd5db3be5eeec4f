/* SPDX-License-Identifier: ISC */
/*
 * What an output element is on: a probability (it comes out of a Sigmoid
 * or a Softmax), a log-probability (LogSoftmax), or a score or logit
 * (anything else), found by walking the graph back from the output
 * through ops that only move values (Identity, Dropout, Reshape, ...), so
 * that a display offers the probability axis only for logits and the
 * log-odds view only for probabilities.
 */
#include <stdint.h>
#include <string.h>

#include "model/graph.h"

/* Most nodes walked back (a guard; graphs are acyclic). */
#define OUTSCALE_MAX_STEPS	4096

static const char *outscale_names[] = { "unknown", "score", "probability",
    "log-probability" };
_Static_assert(sizeof outscale_names / sizeof outscale_names[0] ==
    GS_SCALE_COUNT, "outscale_names out of step with enum gs_output_scale");

const char *
output_scale_name(enum gs_output_scale s)
{
	return ((int)s >= 0 && s < GS_SCALE_COUNT ? outscale_names[s] :
	    "unknown");
}

/* Whether op moves values without changing them (element order may change). */
static int
outscale_moves(const char *op)
{
	static const char *moves[] = { "Identity", "Dropout", "Flatten",
	    "Reshape", "Squeeze", "Unsqueeze", "Transpose" };
	size_t	i;

	for (i = 0; i < sizeof moves / sizeof moves[0]; i++)
		if (strcmp(op, moves[i]) == 0)
			return (1);
	return (0);
}

/* Whether op keeps each element where it was (row-major order). */
static int
outscale_keeps_order(const char *op)
{
	return (strcmp(op, "Transpose") != 0);
}

/* The int attribute name of n, or def. */
static int64_t
outscale_attr_int(const struct gs_node *n, const char *name, int64_t def)
{
	size_t	i;

	for (i = 0; i < n->n_attrs; i++)
		if (strcmp(n->attrs[i].name, name) == 0 &&
		    n->attrs[i].type == GS_ATTR_INT)
			return (n->attrs[i].i);
	return (def);
}

/*
 * Concat n's input holding element elem of a row of its output (elem
 * counted over the dimensions after the batch one), and the element's
 * index in that input's row into *in_elem; -1 when the shapes do not say.
 */
static int
outscale_concat_input(const struct gs_model *m, const struct gs_node *n,
    size_t elem, size_t *in_elem)
{
	const struct gs_shape	*os = &m->values[n->out[0]].shape, *is;
	size_t			 inner = 1, outer, along, pos, before, k;
	int			 ax, j;

	ax = shape_axis(outscale_attr_int(n, "axis", 0), os->ndim);
	if (ax < 1)
		return (-1);
	for (k = (size_t)ax + 1; k < (size_t)os->ndim; k++)
		inner *= (size_t)os->d[k];
	along = (size_t)os->d[ax];
	if (inner == 0 || along == 0)
		return (-1);
	/* elem = (outer * along + pos) * inner + rest. */
	outer = elem / (along * inner);
	pos = elem / inner % along;
	for (before = 0, j = 0; (size_t)j < n->n_in; j++) {
		if (n->in[j] < 0)
			continue;
		is = &m->values[n->in[j]].shape;
		if (is->ndim != os->ndim)
			return (-1);
		k = (size_t)is->d[ax];
		if (pos < before + k) {
			*in_elem = (outer * k + (pos - before)) * inner +
			    elem % inner;
			return (j);
		}
		before += k;
	}
	return (-1);
}

/* The scale of element elem (SIZE_MAX: every element) of value v. */
static enum gs_output_scale
outscale_value(const struct gs_model *m, int v, size_t elem, int depth)
{
	const struct gs_node	*n;
	enum gs_output_scale	 s, t;
	const char		*op;
	size_t			 in_elem;
	int			 j;

	for (; depth < OUTSCALE_MAX_STEPS; depth++) {
		if (v < 0 || (size_t)v >= m->n_values ||
		    m->values[v].producer < 0)
			return (GS_SCALE_SCORE);
		n = &m->nodes[m->values[v].producer];
		op = n->op->name;
		if (strcmp(op, "Sigmoid") == 0 || strcmp(op, "Softmax") == 0)
			return (GS_SCALE_PROB);
		if (strcmp(op, "LogSoftmax") == 0)
			return (GS_SCALE_LOGPROB);
		if (outscale_moves(op)) {
			if (!outscale_keeps_order(op))
				elem = SIZE_MAX;
			v = n->in[0];
			continue;
		}
		if (strcmp(op, "Concat") != 0)
			return (GS_SCALE_SCORE);
		if (elem != SIZE_MAX &&
		    (j = outscale_concat_input(m, n, elem, &in_elem)) >= 0) {
			v = n->in[j];
			elem = in_elem;
			continue;
		}
		/* Element unknown: every input must agree. */
		for (s = GS_SCALE_COUNT, j = 0; (size_t)j < n->n_in; j++) {
			if (n->in[j] < 0)
				continue;
			t = outscale_value(m, n->in[j], SIZE_MAX, depth + 1);
			if (s != GS_SCALE_COUNT && t != s)
				return (GS_SCALE_SCORE);
			s = t;
		}
		return (s == GS_SCALE_COUNT ? GS_SCALE_SCORE : s);
	}
	return (GS_SCALE_SCORE);
}

enum gs_output_scale
model_output_scale(const struct gs_model *m, size_t output, size_t elem)
{
	if (m->ops != NULL || output >= m->n_outputs)
		return (GS_SCALE_UNKNOWN);
	if (elem >= m->output_len[output])
		return (GS_SCALE_UNKNOWN);
	return (outscale_value(m, m->outputs[output], elem, 0));
}

/* SPDX-License-Identifier: ISC */
/*
 * Plans: everything needed to evaluate one graph output and its input
 * gradient on batches of rows, allocated once. A plan runs only the nodes
 * the output depends on, keeps one buffer per activation and per gradient,
 * and recomputes shapes only when the batch size changes.
 *
 * Batching: when every activation keeps the rows in its leading dimension
 * (shapes checked at several batch sizes, and no Concat or Softmax across
 * that dimension), a call runs all rows at once. Otherwise (a Reshape to a
 * fixed shape, Softmax over axis 0...) the plan runs one row at a time,
 * which is what the model computes for that row. A model with a fixed
 * batch larger than 1 must batch cleanly, or it is refused.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"

#define PLAN_MAX_LEN	((size_t)1 << 40)	/* most elements of a value */
#define PLAN_MAX_TOTAL	((size_t)1 << 29)	/* most elements of all buffers */
#define PLAN_KINK_SETTLE	16	/* ulps within which a cut is on its kink */
/* Scratch regions start on 64-byte boundaries (16 floats). */
#define PLAN_ALIGN(n)	(((n) + 15) & ~(size_t)15)

/* One node to run, with its tensors bound to the plan's buffers. */
struct plan_step {
	const struct gs_node	*node;		/* borrowed from the model */
	struct gs_tensor	*in;		/* inputs: values */
	struct gs_tensor	*out;		/* outputs: values */
	struct gs_tensor	*din;		/* input gradients (data NULL: none) */
	struct gs_tensor	*dout;		/* output gradients */
	size_t			 scratch_off;	/* its workspace in the plan's */
	int			 pre;		/* in the affine prefix (plan_prefix_len) */
	int			 shape_only;	/* GS_FOLD_SHAPE: run by plan_shapes */
	struct plan_step	*relu;		/* MaxPool: the Relu whose work it
						   can do (plan_fuse_find), or NULL */
	int			 fused;		/* this pass: a Relu skipped, or the
						   MaxPool doing its work */
};

struct gs_plan {
	const struct gs_model	*m;		/* borrowed model */
	size_t			 output;	/* graph output number */
	int			 out_id;	/* its value id */
	size_t			 max_batch;	/* most rows per call */
	size_t			 cap;		/* rows the buffers hold */
	int			 chunked;	/* rows mix: run one row per pass */
	size_t			 cur;		/* batch of the current shapes, 0 */
	size_t			 in_len;	/* input elements per row */
	size_t			 out_len;	/* output elements per row */
	struct gs_shape		*shape;		/* per value: current shape */
	gs_real			**val;		/* per value: data */
	int64_t			**ival;		/* per sdep value: its integers */
	int			*isint;		/* per sdep value: ival holds it */
	gs_real			**grad;		/* per value: gradient, or NULL */
	int			*stored;	/* per value: its gradient's one
						   writer stores it (not cleared) */
	int			*unread;	/* per value: a fused Relu's output,
						   unused by this pass (not cleared) */
	size_t			*cap_len;	/* per value: elements allocated */
	int			*own;		/* per value: val allocated here */
	int			*grad_ids;	/* values with a gradient buffer */
	size_t			 n_grad;	/* entries of grad_ids */
	struct plan_step	*steps;		/* nodes to run, in order */
	size_t			 n_steps;	/* entries of steps */
	int			 no_backward;	/* a step's op has no backward */
	gs_real			*scratch;	/* workspace: shared, then kept */
	size_t			 scratch_len;	/* its elements */
	size_t			 n_margins;	/* kink margins per row */
	gs_real			*mbuf;		/* one step's margins of a row */
	size_t			 mbuf_len;	/* its elements */
	int			 pre_id;	/* the affine prefix's output value, or -1 */
	size_t			 pre_len;	/* its elements per row, 0: no prefix */
	double			 pre_flops;	/* forward FLOP a row of the prefix costs */
};

/* What one pass computes (plan_pass). */
enum plan_mode {
	PLAN_FULL,		/* every step, from the input rows */
	PLAN_PREFIX,		/* the affine prefix's steps only */
	PLAN_FROM_PREFIX	/* from the prefix's output rows, then backward */
};

static void	plan_prefix_find(struct gs_plan *);

/* Room for len elements of sdep value id (data and integers). */
static void
plan_sdep_room(struct gs_plan *p, int id, size_t len)
{
	if (p->val[id] != NULL && len <= p->cap_len[id])
		return;
	free(p->val[id]);
	free(p->ival[id]);
	p->val[id] = xcalloc(len + 1, sizeof(gs_real));
	p->ival[id] = xcalloc(len + 1, sizeof(int64_t));
	p->cap_len[id] = len;
	p->own[id] = 1;
}

/*
 * Evaluate shape-only step st (its shapes just worked out) into its
 * values' buffers: exactly in integers where the op can (ifold), else by
 * its forward pass. Errors: those of ifold (GS_ERANGE...).
 */
static int
plan_sdep_eval(struct gs_plan *p, struct plan_step *st, struct gs_error *err)
{
	const struct gs_node	*n = st->node;
	gs_real			*scratch = NULL;
	size_t			 k, i, len, slen;
	int			 rc = 1, id;

	for (k = 0; k < n->n_out; k++) {
		id = n->out[k];
		st->out[k].data = p->val[id];
		st->out[k].ival = p->ival[id];
		st->out[k].is_const = 2;
	}
	if (n->op->ifold != NULL)
		rc = n->op->ifold(n, st->in, st->out, err);
	if (rc < 0)
		return (-1);
	for (k = 0; k < n->n_out; k++) {
		id = n->out[k];
		p->isint[id] = rc == 0;
		if (rc != 0) {
			st->out[k].ival = NULL;
			continue;
		}
		len = shape_len(&st->out[k].shape);
		for (i = 0; i < len; i++)
			p->val[id][i] = (gs_real)p->ival[id][i];
	}
	if (rc == 0)
		return (0);
	slen = n->op->scratch != NULL ? n->op->scratch(n, st->in, st->out) :
	    0;
	if (slen > 0)
		scratch = xcalloc(slen, sizeof *scratch);
	n->op->forward(n, st->in, st->out, scratch);
	free(scratch);
	return (0);
}

/*
 * Work out every value's shape for a pass of batch b and bind the shapes
 * to the steps' tensors; evaluate the shape-only steps (Shape, and what
 * computes on it) for this batch on the way. clean: also require that every activation has
 * the batch as its leading dimension (its load shape scaled by b). sizing:
 * buffers are not allocated yet, so do not check capacities.
 * Errors: GS_ESHAPE.
 */
static int
plan_shapes(struct gs_plan *p, size_t b, int clean, int sizing,
    struct gs_error *err)
{
	const struct gs_model	*m = p->m;
	const struct gs_value	*v;
	struct plan_step	*st;
	struct gs_shape		 shp[8];
	size_t			 i, k, len, s, slen = 0, kept = 0;
	int			 id, j;
	int64_t			 lb = m->load_batch;

	p->cur = 0;
	p->shape[m->input] = m->values[m->input].shape;
	p->shape[m->input].d[0] = (int64_t)b;
	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		for (k = 0; k < st->node->n_in; k++) {
			id = st->node->in[k];
			if (id < 0)
				continue;
			st->in[k].shape = p->shape[id];
			st->din[k].shape = p->shape[id];
			if (m->values[id].sdep) {
				st->in[k].data = p->val[id];
				st->in[k].ival = p->isint[id] ? p->ival[id] :
				    NULL;
			}
		}
		memset(shp, 0, sizeof shp);
		if (st->node->op->shape(st->node, st->in, shp, err) != 0)
			return (-1);
		for (k = 0; k < st->node->n_out; k++) {
			id = st->node->out[k];
			v = &m->values[id];
			if (shp[k].ndim < 0 || shp[k].ndim > GS_MAX_DIMS)
				goto bad;
			len = 1;
			for (j = 0; j < shp[k].ndim; j++) {
				if (shp[k].d[j] < 0)
					goto bad;
				if (shp[k].d[j] > 0 && len > PLAN_MAX_LEN /
				    (size_t)shp[k].d[j])
					goto bad;
				len *= (size_t)shp[k].d[j];
			}
			if (v->sdep) {
				if (len > PLAN_MAX_TOTAL)
					goto bad;
				plan_sdep_room(p, id, len);
			} else if (!sizing && len > p->cap_len[id])
				goto bad;
			if (clean && !v->sdep) {
				if (shp[k].ndim != v->shape.ndim ||
				    shp[k].ndim == 0 ||
				    shp[k].d[0] * lb != v->shape.d[0] *
				    (int64_t)b)
					goto bad;
				for (j = 1; j < shp[k].ndim; j++) {
					if (shp[k].d[j] != v->shape.d[j])
						goto bad;
				}
			}
			p->shape[id] = shp[k];
			st->out[k].shape = shp[k];
			st->dout[k].shape = shp[k];
		}
		st->scratch_off = 0;
		if (st->shape_only) {
			if (plan_sdep_eval(p, st, err) != 0)
				return (-1);
			continue;
		}
		if (st->node->op->scratch == NULL)
			continue;
		s = st->node->op->scratch(st->node, st->in, st->out);
		if (st->node->op->keep) {
			/* Its own region, after the shared one (below). */
			st->scratch_off = kept;
			if (s > PLAN_MAX_TOTAL - kept)
				goto bad;
			kept += PLAN_ALIGN(s);
		} else if (s > slen)
			slen = s;
	}
	if (shape_len(&p->shape[p->out_id]) != b * p->out_len)
		goto bad;
	if (slen > PLAN_MAX_TOTAL)
		goto bad;
	slen = PLAN_ALIGN(slen);
	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		if (st->node->op->keep)
			st->scratch_off += slen;
	}
	slen += kept;
	if (slen > p->scratch_len || p->scratch == NULL) {
		/* At least one element, so p->scratch + offset is defined. */
		free(p->scratch);
		p->scratch = xcalloc(slen + 1, sizeof *p->scratch);
		p->scratch_len = slen;
	}
	p->cur = b;
	return (0);
bad:
	return (gs_error_set(err, GS_ESHAPE, "model '%s': shapes do not "
	    "propagate for a batch of %zu rows", m->name, b));
}

/*
 * Gradients the backward pass need not clear: those whose only writer is
 * input 0 of a step whose op stores it (GS_OP_STORES), told so through
 * din[0].store. The output's gradient is seeded, so always cleared; so is
 * every one under op_generic (the tests' reference).
 */
static void
plan_stores(struct gs_plan *p)
{
	struct plan_step	*st;
	size_t			 i, k, *writers;
	int			 id;

	if (op_generic)
		return;
	writers = xcalloc(p->m->n_values, sizeof *writers);
	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		for (k = 0; k < st->node->n_in && !st->shape_only; k++) {
			if (st->din[k].data != NULL)
				writers[st->node->in[k]]++;
		}
	}
	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		id = st->node->in[0];
		if (st->shape_only || !(st->node->op->traits & GS_OP_STORES) ||
		    st->node->n_in == 0 || id < 0 || st->din[0].data == NULL ||
		    writers[id] != 1 || id == p->out_id)
			continue;
		st->din[0].store = 1;
		p->stored[id] = 1;
	}
	free(writers);
}

/*
 * Relu steps whose next MaxPool can do their work in gradient passes
 * (pool_relu_fits): the Relu's output is read by that MaxPool alone and
 * is not the plan's output. Forward-only passes run both (margins and
 * kinks read the Relu's output).
 */
static void
plan_fuse_find(struct gs_plan *p)
{
	struct plan_step	*st, *r;
	size_t			 i, j, k, readers;
	int			 id;

	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		if (st->shape_only || strcmp(st->node->op->name, "MaxPool") !=
		    0 || (id = st->node->in[0]) < 0 || id == p->out_id)
			continue;
		r = NULL;
		readers = 0;
		for (j = 0; j < p->n_steps; j++) {
			for (k = 0; k < p->steps[j].node->n_in; k++)
				readers += p->steps[j].node->in[k] == id;
			for (k = 0; k < p->steps[j].node->n_out; k++) {
				if (p->steps[j].node->out[k] == id)
					r = &p->steps[j];
			}
		}
		if (r != NULL && readers == 1 && !r->shape_only &&
		    strcmp(r->node->op->name, "Relu") == 0 &&
		    r->node->in[0] >= 0 && !r->in[0].is_const)
			st->relu = r;
	}
}

/* Mark the nodes output id depends on; returns their count. */
static size_t
plan_needed(const struct gs_model *m, int out_id, int *need_node,
    int *need_value)
{
	size_t	i, k, count = 0;
	int	any;

	need_value[out_id] = 1;
	for (i = m->n_nodes; i-- > 0;) {
		const struct gs_node *n = &m->nodes[i];

		if (m->fold[i] == GS_FOLD_LOAD)
			continue;
		any = 0;
		for (k = 0; k < n->n_out; k++)
			any |= need_value[n->out[k]];
		if (!any)
			continue;
		need_node[i] = 1;
		count++;
		for (k = 0; k < n->n_out; k++)
			need_value[n->out[k]] = 1;
		for (k = 0; k < n->n_in; k++) {
			if (n->in[k] >= 0)
				need_value[n->in[k]] = 1;
		}
	}
	return (count);
}

/*
 * Make a plan for graph output number output and batches of up to
 * max_batch rows; see model.h. Errors: GS_ERANGE (no such output, batch
 * 0), GS_EUNSUPPORTED (an output that does not depend on the input),
 * GS_ESHAPE.
 */
struct gs_plan *
plan_new(const struct gs_model *m, size_t output, size_t max_batch,
    struct gs_error *err)
{
	struct gs_plan		*p;
	struct plan_step	*st;
	struct gs_error		 ignored;
	const struct gs_node	*n;
	int			*need_node, *need_value, id, mixes;
	size_t			 i, k, nv = m->n_values, tries[3], nt = 0;
	size_t			 total;
	gs_real			*data;

	if (output >= m->n_outputs) {
		gs_error_set(err, GS_ERANGE, "model '%s' has no output %zu",
		    m->name, output);
		return (NULL);
	}
	if (max_batch == 0 || max_batch > ((size_t)1 << 24)) {
		gs_error_set(err, GS_ERANGE, "batch size %zu is out of range",
		    max_batch);
		return (NULL);
	}
	if (m->ops != NULL) {
		/* A custom model computes rows itself: no buffers. */
		p = xcalloc(1, sizeof *p);
		p->m = m;
		p->output = output;
		p->max_batch = max_batch;
		p->in_len = m->input_len;
		p->out_len = m->output_len[output];
		return (p);
	}
	id = m->outputs[output];
	if (!m->values[id].dyn) {
		gs_error_set(err, GS_EUNSUPPORTED, "model '%s': output '%s' "
		    "does not depend on the input", m->name,
		    m->values[id].name);
		return (NULL);
	}

	p = xcalloc(1, sizeof *p);
	p->m = m;
	p->output = output;
	p->out_id = id;
	p->pre_id = -1;
	p->max_batch = max_batch;
	p->in_len = m->input_len;
	p->out_len = m->output_len[output];
	p->shape = xcalloc(nv, sizeof *p->shape);
	p->val = xcalloc(nv, sizeof *p->val);
	p->ival = xcalloc(nv, sizeof *p->ival);
	p->isint = xcalloc(nv, sizeof *p->isint);
	p->grad = xcalloc(nv, sizeof *p->grad);
	p->stored = xcalloc(nv, sizeof *p->stored);
	p->unread = xcalloc(nv, sizeof *p->unread);
	p->cap_len = xcalloc(nv, sizeof *p->cap_len);
	p->own = xcalloc(nv, sizeof *p->own);
	p->grad_ids = xcalloc(nv, sizeof *p->grad_ids);

	/* The steps: needed nodes in order, tensors wired to values. */
	need_node = xcalloc(m->n_nodes + 1, sizeof *need_node);
	need_value = xcalloc(nv, sizeof *need_value);
	p->steps = xcalloc(plan_needed(m, id, need_node, need_value) + 1,
	    sizeof *p->steps);
	for (i = 0; i < m->n_nodes; i++) {
		if (!need_node[i])
			continue;
		n = &m->nodes[i];
		st = &p->steps[p->n_steps++];
		st->node = n;
		st->in = xcalloc(n->n_in + 1, sizeof *st->in);
		st->din = xcalloc(n->n_in + 1, sizeof *st->din);
		st->out = xcalloc(n->n_out + 1, sizeof *st->out);
		st->dout = xcalloc(n->n_out + 1, sizeof *st->dout);
		st->shape_only = m->fold[i] == GS_FOLD_SHAPE;
		if (n->op->backward == NULL && !st->shape_only)
			p->no_backward = 1;
		for (k = 0; k < n->n_in; k++) {
			if (n->in[k] >= 0 && m->values[n->in[k]].c != NULL) {
				const struct gs_const *c;

				c = m->values[n->in[k]].c;

				st->in[k].shape = c->shape;
				st->in[k].data = c->data;
				st->in[k].ival = c->ival;
				st->in[k].is_const = m->values[n->in[k]].sdep ?
				    2 : 1;
				st->in[k].dtype = c->dtype;
				st->din[k].shape = c->shape;
			}
		}
	}
	for (i = 0; i < nv; i++) {
		if (m->values[i].c != NULL)
			p->shape[i] = m->values[i].c->shape;
		if (m->values[i].sdep)
			p->isint[i] = m->values[i].c->ival != NULL;
	}

	/*
	 * Batch all rows when shapes scale cleanly with the batch, else run
	 * the model's own batch at a time.
	 */
	tries[nt++] = max_batch;
	if (max_batch != 1)
		tries[nt++] = 1;
	if (max_batch > 2)
		tries[nt++] = 2;
	mixes = 0;
	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		n = st->node;
		for (k = 0; k < n->n_in; k++) {
			if (n->in[k] < 0)
				continue;
			st->in[k].shape = m->values[n->in[k]].shape;
			/* An op that may keep a batch-dependent value. */
			if (m->values[n->in[k]].sdep &&
			    !(n->op->traits & GS_OP_BATCH_CONST))
				mixes = 1;
		}
		if (n->op->mixes_rows != NULL && !st->shape_only)
			mixes |= n->op->mixes_rows(n, st->in);
	}
	for (i = 0; i < nt && !mixes; i++) {
		if (plan_shapes(p, tries[i], 1, 1, &ignored) != 0)
			break;
	}
	p->chunked = mixes || i < nt;
	p->cap = p->chunked ? (size_t)m->load_batch : max_batch;
	if (p->chunked && m->load_batch > 1) {
		gs_error_set(err, GS_EUNSUPPORTED, "model '%s': the graph "
		    "does not keep the rows of its fixed batch of %lld apart; "
		    "export it with a dynamic batch dimension", m->name,
		    (long long)m->load_batch);
		goto fail;
	}
	if (plan_shapes(p, p->cap, 0, 1, err) != 0)
		goto fail;

	/* Buffers for every needed activation and its gradient. */
	need_value[m->input] = 1;
	for (i = 0, total = 0; i < nv; i++) {
		if (need_value[i] && m->values[i].dyn)
			total += shape_len(&p->shape[i]);
	}
	if (total > PLAN_MAX_TOTAL / 2) {
		gs_error_set(err, GS_ELIMIT, "model '%s': a batch of %zu rows "
		    "needs %zu MiB of buffers; use a smaller batch", m->name,
		    p->cap, total * 2 * sizeof(gs_real) >> 20);
		goto fail;
	}
	for (i = 0; i < nv; i++) {
		if (!need_value[i] || !m->values[i].dyn)
			continue;
		p->cap_len[i] = shape_len(&p->shape[i]);
		p->val[i] = xcalloc(p->cap_len[i] + 1, sizeof(gs_real));
		p->grad[i] = xcalloc(p->cap_len[i] + 1, sizeof(gs_real));
		p->own[i] = 1;
		p->grad_ids[p->n_grad++] = (int)i;
	}
	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		for (k = 0; k < st->node->n_in; k++) {
			id = st->node->in[k];
			if (id < 0 || m->values[id].c != NULL)
				continue;
			st->in[k].data = p->val[id];
			st->din[k].data = p->grad[id];
		}
		for (k = 0; k < st->node->n_out; k++) {
			id = st->node->out[k];
			data = p->val[id];
			st->out[k].data = data;
			st->dout[k].data = p->grad[id];
		}
	}
	if (plan_shapes(p, p->cap, 0, 0, err) != 0)
		goto fail;
	plan_stores(p);
	plan_fuse_find(p);
	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		if (!st->shape_only && op_has_kinks(st->node->op))
			p->n_margins += st->node->op->margins(st->node,
			    st->in, st->out, 0, p->cap, NULL);
	}
	plan_prefix_find(p);
	free(need_node);
	free(need_value);
	return (p);
fail:
	free(need_node);
	free(need_value);
	plan_free(p);
	return (NULL);
}

/*
 * Free plan p and its buffers; NULL is fine. The model is not touched.
 */
void
plan_free(struct gs_plan *p)
{
	size_t	i;

	if (p == NULL)
		return;
	if (p->m->ops != NULL) {
		free(p);
		return;
	}
	for (i = 0; i < p->m->n_values; i++) {
		if (p->own[i]) {
			free(p->val[i]);
			free(p->grad[i]);
			free(p->ival[i]);
		}
	}
	for (i = 0; i < p->n_steps; i++) {
		free(p->steps[i].in);
		free(p->steps[i].din);
		free(p->steps[i].out);
		free(p->steps[i].dout);
	}
	free(p->steps);
	free(p->shape);
	free(p->val);
	free(p->ival);
	free(p->isint);
	free(p->grad);
	free(p->stored);
	free(p->unread);
	free(p->cap_len);
	free(p->own);
	free(p->grad_ids);
	free(p->scratch);
	free(p->mbuf);
	free(p);
}

/* Elements per row of the plan's output. */
size_t
plan_output_len(const struct gs_plan *p)
{
	return (p->out_len);
}

/*
 * Work per row of the ops that count it (op->flops: Gemm, MatMul, Conv,
 * ...), forward and backward to the inputs that need a gradient. Errors:
 * GS_ESHAPE.
 */
int
plan_flops(struct gs_plan *p, double *fwd, double *bwd, struct gs_error *err)
{
	const struct plan_step	*st;
	double			 f;
	size_t			 i, k;

	*fwd = *bwd = 0;
	if (p->m->ops != NULL)
		return (0);	/* a custom model's work is unknown */
	if (plan_shapes(p, 1, !p->chunked, 0, err) != 0)
		return (-1);
	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		if (st->shape_only || st->node->op->flops == NULL)
			continue;
		f = st->node->op->flops(st->node, st->in, st->out);
		*fwd += f;
		for (k = 0; k < st->node->n_in && k < 2; k++) {
			if (st->din[k].data != NULL)
				*bwd += f;
		}
	}
	return (0);
}

/*
 * Which Relu and MaxPool steps run as one in this pass: where on (a
 * gradient pass) and the shapes fit.
 */
static void
plan_fuse(struct gs_plan *p, int on)
{
	struct plan_step	*st;
	size_t			 i;
	int			 f;

	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		if (st->relu == NULL)
			continue;
		f = on && !st->pre && !st->relu->pre &&
		    pool_relu_fits(st->node, &st->relu->in[0].shape);
		st->fused = st->relu->fused = f;
		p->unread[st->node->in[0]] = f;
	}
}

/*
 * One pass over b rows: forward, then, when target is set, backward seeded
 * with one-hot rows. y and grad receive b rows each (y may be NULL).
 * PLAN_PREFIX runs the affine prefix's steps alone (the caller reads
 * their output); PLAN_FROM_PREFIX takes x as b rows of the prefix's
 * output and runs the other steps forward, then every step backward (the
 * prefix's backward rules read only constants and gradients).
 */
static int
plan_pass(struct gs_plan *p, const gs_real *x, size_t b, gs_real *y,
    const size_t *target, gs_real *grad, enum plan_mode mode,
    struct gs_error *err)
{
	const struct gs_model	*m = p->m;
	struct plan_step	*st;
	gs_real			*g;
	size_t			 i, len;

	if (p->cur != b && plan_shapes(p, b, !p->chunked, 0, err) != 0)
		return (-1);
	if (mode == PLAN_FROM_PREFIX)
		memcpy(p->val[p->pre_id], x, b * p->pre_len * sizeof *x);
	else
		memcpy(p->val[m->input], x, b * p->in_len * sizeof *x);
	plan_fuse(p, target != NULL && mode != PLAN_PREFIX);
	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		if (st->shape_only || (mode == PLAN_PREFIX && !st->pre) ||
		    (mode == PLAN_FROM_PREFIX && st->pre) ||
		    (st->fused && st->relu == NULL))
			continue;
		if (st->fused)
			pool_relu_forward(st->node, &st->relu->in[0], st->out,
			    p->scratch + st->scratch_off);
		else
			st->node->op->forward(st->node, st->in, st->out,
			    p->scratch + st->scratch_off);
	}
	if (mode == PLAN_PREFIX)
		return (0);
	if (y != NULL)
		memcpy(y, p->val[p->out_id], b * p->out_len * sizeof *y);
	if (target == NULL)
		return (0);

	for (i = 0; i < p->n_grad; i++) {
		if (p->stored[p->grad_ids[i]] || p->unread[p->grad_ids[i]])
			continue;
		len = shape_len(&p->shape[p->grad_ids[i]]);
		memset(p->grad[p->grad_ids[i]], 0, len * sizeof(gs_real));
	}
	g = p->grad[p->out_id];
	for (i = 0; i < b; i++)
		g[i * p->out_len + target[i]] = 1;
	for (i = p->n_steps; i-- > 0;) {
		st = &p->steps[i];
		if (st->shape_only || (st->fused && st->relu == NULL))
			continue;
		if (st->fused)
			pool_relu_backward(st->node, &st->relu->in[0], st->out,
			    st->dout, &st->relu->din[0], p->scratch +
			    st->scratch_off);
		else
			st->node->op->backward(st->node, st->in, st->out,
			    st->dout, st->din, p->scratch + st->scratch_off);
	}
	memcpy(grad, p->grad[m->input], b * p->in_len * sizeof *grad);
	return (0);
}

/* Run n rows, in one pass or one row at a time. */
static int
plan_run(struct gs_plan *p, const gs_real *x, size_t n, gs_real *y,
    const size_t *target, gs_real *grad, struct gs_error *err)
{
	size_t	r;

	if (n > p->max_batch) {
		return (gs_error_set(err, GS_ERANGE, "batch of %zu rows is "
		    "larger than the plan's %zu", n, p->max_batch));
	}
	if (n == 0)
		return (0);
	if (p->m->ops != NULL && target == NULL)
		return (p->m->ops->forward(p->m->ctx, x, n, y, err));
	if (p->m->ops != NULL)
		return (p->m->ops->gradient(p->m->ctx, x, n, target, y, grad,
		    err));
	if (!p->chunked)
		return (plan_pass(p, x, n, y, target, grad, PLAN_FULL, err));
	for (r = 0; r < n; r++) {
		if (plan_pass(p, x + r * p->in_len, 1,
		    y != NULL ? y + r * p->out_len : NULL,
		    target != NULL ? target + r : NULL,
		    grad != NULL ? grad + r * p->in_len : NULL, PLAN_FULL,
		    err) != 0)
			return (-1);
	}
	return (0);
}

/*
 * Forward pass on n <= max_batch rows of x into y. Errors: GS_ERANGE,
 * GS_ESHAPE.
 */
int
plan_forward(struct gs_plan *p, const gs_real *x, size_t n, gs_real *y,
    struct gs_error *err)
{
	return (plan_run(p, x, n, y, NULL, NULL, err));
}

/*
 * Forward and backward: row i of grad receives d y[i][target[i]] / d x[i].
 * Errors: GS_ERANGE (n, or a target past the output's row), GS_ESHAPE,
 * GS_EUNSUPPORTED (an op on the path has no backward rule).
 */
int
plan_gradient(struct gs_plan *p, const gs_real *x, size_t n,
    const size_t *target, gs_real *y, gs_real *grad, struct gs_error *err)
{
	size_t	i;

	if (p->no_backward) {
		return (gs_error_set(err, GS_EUNSUPPORTED, "model '%s': an op "
		    "on the path to the output has no gradient", p->m->name));
	}
	for (i = 0; i < n; i++) {
		if (target[i] >= p->out_len) {
			return (gs_error_set(err, GS_ERANGE, "target %zu of "
			    "row %zu is out of range (the output has %zu)",
			    target[i], i, p->out_len));
		}
	}
	return (plan_run(p, x, n, y, target, grad, err));
}

/* Fold the 64 sign bits in word into hash h. */
static uint64_t
plan_pattern_mix(uint64_t h, uint64_t word)
{
	h ^= word + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	return (h ^ (h >> 31));
}

/*
 * The margins of row r (of b) of step st into the plan's buffer; returns
 * how many.
 */
static size_t
plan_step_margins(struct gs_plan *p, const struct plan_step *st, size_t r,
    size_t b)
{
	const struct gs_node	*n = st->node;
	size_t			 len;

	len = n->op->margins(n, st->in, st->out, r, b, NULL);
	if (len > p->mbuf_len || p->mbuf == NULL) {
		free(p->mbuf);
		p->mbuf = xcalloc(len + 1, sizeof *p->mbuf);
		p->mbuf_len = len;
	}
	return (n->op->margins(n, st->in, st->out, r, b, p->mbuf));
}

/* Hash of the signs of row r's margins after a forward pass on b rows. */
static uint64_t
plan_pattern_row(struct gs_plan *p, size_t r, size_t b)
{
	const struct plan_step	*st;
	uint64_t		 h = 0x243f6a8885a308d3ULL, word = 0;
	size_t			 i, k, len, nbits = 0;

	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		if (st->shape_only || !op_has_kinks(st->node->op))
			continue;
		h = plan_pattern_mix(h, i);
		len = plan_step_margins(p, st, r, b);
		for (k = 0; k < len; k++) {
			word = (word << 1) | (p->mbuf[k] > 0);
			if (++nbits == 64) {
				h = plan_pattern_mix(h, word);
				word = 0;
				nbits = 0;
			}
		}
	}
	return (plan_pattern_mix(h, word ^ nbits));
}

/* Row r's margins of every kinked step, in step order, into m. */
static void
plan_margins_row(struct gs_plan *p, size_t r, size_t b, gs_real *m)
{
	const struct plan_step	*st;
	size_t			 i, len, off = 0;

	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		if (st->shape_only || !op_has_kinks(st->node->op))
			continue;
		len = plan_step_margins(p, st, r, b);
		if (off + len > p->n_margins)
			len = p->n_margins - off;
		memcpy(m + off, p->mbuf, len * sizeof *m);
		off += len;
	}
}

/*
 * Forward pass on n rows and the hash of each row's kink states; see
 * model.h. Errors: as plan_forward; GS_EUNSUPPORTED for a custom model.
 */
int
plan_pattern(struct gs_plan *p, const gs_real *x, size_t n,
    uint64_t *pattern, struct gs_error *err)
{
	size_t	r;

	if (p->m->ops != NULL)
		return (gs_error_set(err, GS_EUNSUPPORTED, "model '%s' is a "
		    "custom model: its linear regions are unknown", p->m->name));
	if (n > p->max_batch)
		return (gs_error_set(err, GS_ERANGE, "batch of %zu rows is "
		    "larger than the plan's %zu", n, p->max_batch));
	if (!p->chunked) {
		if (n > 0 && plan_pass(p, x, n, NULL, NULL, NULL, PLAN_FULL, err) != 0)
			return (-1);
		for (r = 0; r < n; r++)
			pattern[r] = plan_pattern_row(p, r, n);
		return (0);
	}
	for (r = 0; r < n; r++) {
		if (plan_pass(p, x + r * p->in_len, 1, NULL, NULL, NULL,
		    PLAN_FULL, err) != 0)
			return (-1);
		pattern[r] = plan_pattern_row(p, 0, 1);
	}
	return (0);
}

/* Kink margins per row of the plan's output path; see model.h. */
size_t
plan_margin_count(const struct gs_plan *p)
{
	return (p->n_margins);
}

/*
 * Forward pass on n rows, then row i of m receives its plan_margin_count
 * margins; see model.h. Errors: as plan_forward; GS_EUNSUPPORTED for a
 * custom model.
 */
int
plan_margins(struct gs_plan *p, const gs_real *x, size_t n, gs_real *m,
    struct gs_error *err)
{
	size_t	r;

	if (p->m->ops != NULL)
		return (gs_error_set(err, GS_EUNSUPPORTED, "model '%s' is a "
		    "custom model: its linear regions are unknown", p->m->name));
	if (n > p->max_batch)
		return (gs_error_set(err, GS_ERANGE, "batch of %zu rows is "
		    "larger than the plan's %zu", n, p->max_batch));
	if (!p->chunked) {
		if (n > 0 && plan_pass(p, x, n, NULL, NULL, NULL, PLAN_FULL, err) != 0)
			return (-1);
		for (r = 0; r < n; r++)
			plan_margins_row(p, r, n, m + r * p->n_margins);
		return (0);
	}
	for (r = 0; r < n; r++) {
		if (plan_pass(p, x + r * p->in_len, 1, NULL, NULL, NULL,
		    PLAN_FULL, err) != 0)
			return (-1);
		plan_margins_row(p, 0, 1, m + r * p->n_margins);
	}
	return (0);
}

/*
 * Kinks along a line, for exact integrated gradients: the kinked ops
 * (op_has_kinks) say where along a segment they switch (op->kinks), from
 * their inputs that the model's input computes (their kink values).
 */

/* The kink function of step st: a kinked op's on the data path, else NULL. */
static gs_kink_fn
plan_kink_fn(const struct plan_step *st)
{
	if (st->shape_only || !op_has_kinks(st->node->op))
		return (NULL);
	return (st->node->op->kinks);
}

/* Whether input k of step st is among its kink values (computed from x). */
static int
plan_kink_input(const struct gs_plan *p, const struct plan_step *st,
    size_t k)
{
	int	id = st->node->in[k];

	return (id >= 0 && p->m->values[id].c == NULL);
}

/*
 * Shapes of a single row in every step: chunked plans run one row at a
 * time, and a kinked node reading shape arithmetic (which may change with
 * the batch) is given that of a pass of one row; otherwise the current
 * shapes, the batch divided out of the kink values. Refuses a model exact
 * IG cannot integrate: a node whose output jumps (op->jumps), or a kinked
 * node with no kinks callback. Errors: GS_ESHAPE, GS_EUNSUPPORTED.
 */
static int
plan_kink_shapes(struct gs_plan *p, struct gs_error *err)
{
	const struct plan_step	*st;
	const struct gs_node	*n;
	const char		*why;
	size_t			 i, k;
	int			 one = p->chunked;

	if (p->m->ops != NULL)
		return (gs_error_set(err, GS_EUNSUPPORTED, "model '%s' is a "
		    "custom model: its linear regions are unknown", p->m->name));
	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		n = st->node;
		if (st->shape_only)
			continue;
		why = n->op->jumps != NULL ? n->op->jumps(n) : NULL;
		if (why == NULL && op_has_kinks(n->op) && n->op->kinks == NULL)
			why = "its kinks cannot be located";
		if (why != NULL)
			return (gs_error_set(err, GS_EUNSUPPORTED, "model '%s': "
			    "node %zu '%s' (%s): exact integrated gradients "
			    "cannot integrate through it: %s; use another "
			    "method (ig, for one)", p->m->name, n->index,
			    n->name, n->op->name, why));
		for (k = 0; plan_kink_fn(st) != NULL && k < n->n_in; k++) {
			if (n->in[k] >= 0 && p->m->values[n->in[k]].sdep)
				one = 1;
		}
	}
	if (p->cur == 0 || (one && p->cur != 1))
		return (plan_shapes(p, 1, !p->chunked, 0, err));
	return (0);
}

/*
 * Step st's inputs for one row, at kink values va and vb: a and b receive
 * them (kink values, and the step's other inputs as they are), base where
 * each starts among the step's kink values. Returns how many it has.
 */
static size_t
plan_kink_row(const struct gs_plan *p, const struct plan_step *st,
    const gs_real *va, const gs_real *vb, struct gs_tensor *a,
    struct gs_tensor *b, size_t *base)
{
	size_t	k, len = 0;

	for (k = 0; k < st->node->n_in; k++) {
		a[k] = b[k] = st->in[k];
		base[k] = GS_KINK_FIXED;
		if (!plan_kink_input(p, st, k))
			continue;
		if (!p->chunked && a[k].shape.ndim > 0)
			a[k].shape.d[0] /= (int64_t)p->cur;
		b[k].shape = a[k].shape;
		base[k] = len;
		if (va != NULL) {
			a[k].data = (gs_real *)(uintptr_t)(va + len);
			b[k].data = (gs_real *)(uintptr_t)(vb + len);
		}
		len += shape_len(&a[k].shape);
	}
	return (len);
}

/* Room for the inputs of the plan's widest step. */
static size_t
plan_kink_width(const struct gs_plan *p)
{
	size_t	i, w = 1;

	for (i = 0; i < p->n_steps; i++) {
		if (p->steps[i].node->n_in > w)
			w = p->steps[i].node->n_in;
	}
	return (w);
}

/* Kink values per row; see model.h. */
int
plan_kink_len(struct gs_plan *p, size_t *len, struct gs_error *err)
{
	struct gs_tensor	*a, *b;
	size_t			*base, i, w;

	*len = 0;
	if (plan_kink_shapes(p, err) != 0)
		return (-1);
	w = plan_kink_width(p);
	a = xcalloc(w, sizeof *a);
	b = xcalloc(w, sizeof *b);
	base = xcalloc(w, sizeof *base);
	for (i = 0; i < p->n_steps; i++) {
		if (plan_kink_fn(&p->steps[i]) != NULL)
			*len += plan_kink_row(p, &p->steps[i], NULL, NULL, a,
			    b, base);
	}
	free(a);
	free(b);
	free(base);
	return (0);
}

/* Copy row r's kink values after a pass of b rows into v; returns how many. */
static size_t
plan_kink_copy(const struct gs_plan *p, size_t r, size_t b, gs_real *v)
{
	const struct plan_step	*st;
	size_t			 i, k, len, off = 0;

	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		if (plan_kink_fn(st) == NULL)
			continue;
		for (k = 0; k < st->node->n_in; k++) {
			if (!plan_kink_input(p, st, k))
				continue;
			len = shape_len(&st->in[k].shape) / b;
			memcpy(v + off, st->in[k].data + r * len,
			    len * sizeof *v);
			off += len;
		}
	}
	return (off);
}

/*
 * Forward pass on n rows and their kink values; see model.h.
 * Errors: as plan_forward; GS_EUNSUPPORTED for a custom model.
 */
int
plan_kink_values(struct gs_plan *p, const gs_real *x, size_t n, gs_real *v,
    struct gs_error *err)
{
	size_t	r;

	if (p->m->ops != NULL)
		return (gs_error_set(err, GS_EUNSUPPORTED, "model '%s' is a "
		    "custom model: its linear regions are unknown", p->m->name));
	if (n > p->max_batch)
		return (gs_error_set(err, GS_ERANGE, "batch of %zu rows is "
		    "larger than the plan's %zu", n, p->max_batch));
	if (!p->chunked) {
		if (n > 0 && plan_pass(p, x, n, NULL, NULL, NULL, PLAN_FULL, err) != 0)
			return (-1);
		for (r = 0; r < n; r++)
			v += plan_kink_copy(p, r, n, v);
		return (0);
	}
	for (r = 0; r < n; r++) {
		if (plan_pass(p, x + r * p->in_len, 1, NULL, NULL, NULL,
		    PLAN_FULL, err) != 0)
			return (-1);
		v += plan_kink_copy(p, 0, 1, v);
	}
	return (0);
}

/*
 * The first node that switches between two points, and where; see
 * model.h. Errors: GS_ESHAPE, GS_EUNSUPPORTED for a custom model or one
 * exact IG cannot integrate.
 */
int
plan_kink_split(struct gs_plan *p, const gs_real *va, const gs_real *vb,
    struct gs_kink *k, size_t max, size_t *count, struct gs_error *err)
{
	const struct plan_step	*st;
	struct gs_tensor	*a, *b;
	gs_kink_fn		 fn;
	size_t			*base, i, q, len, w, off = 0;

	*count = 0;
	if (plan_kink_shapes(p, err) != 0)
		return (-1);
	w = plan_kink_width(p);
	a = xcalloc(w, sizeof *a);
	b = xcalloc(w, sizeof *b);
	base = xcalloc(w, sizeof *base);
	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		if ((fn = plan_kink_fn(st)) == NULL)
			continue;
		len = plan_kink_row(p, st, va + off, vb + off, a, b, base);
		*count = fn(st->node, a, b, base, k, max);
		if (*count > 0) {
			for (q = 0; q < *count && q < max; q++) {
				k[q].i += off;
				k[q].j += off;
			}
			break;
		}
		off += len;
	}
	free(a);
	free(b);
	free(base);
	return (0);
}

/* Put a cut point's values on its kink when rounding is all that parts them. */
int
plan_kink_settle(const struct gs_kink *k, gs_real *v, double *dev)
{
	gs_real	m;

	if (isnan(k->at)) {
		*dev = (double)v[k->i] - (double)v[k->j];
		if (!(fabs(*dev) <= PLAN_KINK_SETTLE * k->ulp))
			return (0);
		m = (v[k->i] + v[k->j]) / 2;
		v[k->i] = v[k->j] = m;
		return (1);
	}
	*dev = (double)v[k->i] - k->at;
	if (!(fabs(*dev) <= PLAN_KINK_SETTLE * k->ulp))
		return (0);
	v[k->i] = (gs_real)k->at;
	return (1);
}

/*
 * The affine prefix (see model.h): the steps whose outputs are affine
 * functions of the model input, found in plan order. A step is affine when
 * its op is one of those below, every input computed from the model input
 * is affine, and the op's other operands are constants, so that it is
 * affine in the dynamic ones (Mul and Div: one dynamic factor, a constant
 * divisor). Each listed op's backward rule for a dynamic input reads only
 * constants and gradients, never the input's values, so that a pass from
 * the prefix's output back-propagates through the prefix correctly.
 */
static int
plan_affine_step(const struct gs_plan *p, const struct plan_step *st,
    const char *aff)
{
	static const char *const moves[] = { "Identity", "Dropout", "Flatten",
	    "Reshape", "Squeeze", "Unsqueeze", "Transpose", "Neg",
	    "BatchNormalization" };
	const struct gs_node	*n = st->node;
	const char		*op = n->op->name;
	size_t			 k, ndyn = 0, i;
	int			 dyn[8], id;

	if (st->shape_only || n->n_in > 8 || n->n_out != 1)
		return (0);
	for (k = 0; k < n->n_in; k++) {
		id = n->in[k];
		dyn[k] = id >= 0 && p->m->values[id].dyn &&
		    p->m->values[id].c == NULL;
		if (dyn[k] && !aff[id])
			return (0);
		ndyn += dyn[k] != 0;
	}
	if (ndyn == 0)
		return (0);
	if (strcmp(op, "Gemm") == 0 || strcmp(op, "MatMul") == 0)
		return (ndyn == 1 && (n->n_in < 3 || !dyn[2]));
	if (strcmp(op, "Conv") == 0 || strcmp(op, "Div") == 0)
		return (ndyn == 1 && dyn[0]);
	if (strcmp(op, "Mul") == 0)
		return (ndyn == 1);
	if (strcmp(op, "Add") == 0 || strcmp(op, "Sub") == 0 ||
	    strcmp(op, "Concat") == 0)
		return (1);
	for (i = 0; i < sizeof moves / sizeof moves[0]; i++)
		if (strcmp(op, moves[i]) == 0)
			return (ndyn == 1 && dyn[0]);
	return (0);
}

/*
 * Mark the affine prefix's steps and find its one output, read by the
 * other steps (or the plan's output); none when the plan runs row by
 * row, the model is a custom one, or the input or several affine values
 * are read past the prefix. Called by plan_new with the shapes of a
 * full batch bound.
 */
static void
plan_prefix_find(struct gs_plan *p)
{
	const struct gs_model	*m = p->m;
	struct plan_step	*st;
	char			*aff;
	size_t			 i, k;
	int			 id, out = -1, many = 0;

	p->pre_id = -1;
	p->pre_len = 0;
	p->pre_flops = 0;
	if (m->ops != NULL || p->chunked || p->cap == 0)
		return;
	aff = xcalloc(m->n_values, 1);
	aff[m->input] = 1;
	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		st->pre = plan_affine_step(p, st, aff);
		if (st->pre)
			aff[st->node->out[0]] = 1;
	}
	/* Affine values read past the prefix. */
	for (i = 0; i <= p->n_steps; i++) {
		st = i < p->n_steps ? &p->steps[i] : NULL;
		/* Shape-only steps read shapes, fixed per batch size. */
		if (st != NULL && (st->pre || st->shape_only))
			continue;
		for (k = 0; k < (st != NULL ? st->node->n_in : 1); k++) {
			id = st != NULL ? st->node->in[k] : p->out_id;
			if (id < 0 || !aff[id] || id == out)
				continue;
			many |= out >= 0 || id == m->input;
			out = id;
		}
	}
	free(aff);
	if (many || out < 0 || out == m->input) {
		for (i = 0; i < p->n_steps; i++)
			p->steps[i].pre = 0;
		return;
	}
	p->pre_id = out;
	p->pre_len = shape_len(&p->shape[out]) / p->cap;
	for (i = 0; i < p->n_steps; i++) {
		st = &p->steps[i];
		if (st->pre && st->node->op->flops != NULL)
			p->pre_flops += st->node->op->flops(st->node, st->in,
			    st->out) / (double)p->cap;
	}
}

/* Elements per row of the affine prefix's output; see model.h. */
size_t
plan_prefix_len(const struct gs_plan *p)
{
	return (p->pre_len);
}

/* Forward FLOP a row of the affine prefix costs; see model.h. */
double
plan_prefix_flops(const struct gs_plan *p)
{
	return (p->pre_flops);
}

/*
 * The affine prefix's output for n rows of x into f; see model.h.
 * Errors: GS_EUNSUPPORTED (no prefix), GS_ERANGE (n), GS_ESHAPE.
 */
int
plan_prefix(struct gs_plan *p, const gs_real *x, size_t n, gs_real *f,
    struct gs_error *err)
{
	if (p->pre_len == 0)
		return (gs_error_set(err, GS_EUNSUPPORTED, "model '%s' has no "
		    "affine first layer", p->m->name));
	if (n > p->max_batch)
		return (gs_error_set(err, GS_ERANGE, "batch of %zu rows is "
		    "larger than the plan's %zu", n, p->max_batch));
	if (n == 0)
		return (0);
	if (plan_pass(p, x, n, NULL, NULL, NULL, PLAN_PREFIX, err) != 0)
		return (-1);
	memcpy(f, p->val[p->pre_id], n * p->pre_len * sizeof *f);
	return (0);
}

/*
 * Outputs and input gradients of n rows given by their affine prefix's
 * output f; see model.h. Errors: as plan_gradient, and GS_EUNSUPPORTED
 * (no prefix).
 */
int
plan_gradient_prefixed(struct gs_plan *p, const gs_real *f, size_t n,
    const size_t *target, gs_real *y, gs_real *grad, struct gs_error *err)
{
	size_t	i;

	if (p->pre_len == 0)
		return (gs_error_set(err, GS_EUNSUPPORTED, "model '%s' has no "
		    "affine first layer", p->m->name));
	if (p->no_backward)
		return (gs_error_set(err, GS_EUNSUPPORTED, "model '%s': an op "
		    "on the path to the output has no gradient", p->m->name));
	if (n > p->max_batch)
		return (gs_error_set(err, GS_ERANGE, "batch of %zu rows is "
		    "larger than the plan's %zu", n, p->max_batch));
	for (i = 0; i < n; i++)
		if (target[i] >= p->out_len)
			return (gs_error_set(err, GS_ERANGE, "target %zu of "
			    "row %zu is out of range (the output has %zu)",
			    target[i], i, p->out_len));
	if (n == 0)
		return (0);
	return (plan_pass(p, f, n, y, target, grad, PLAN_FROM_PREFIX, err));
}

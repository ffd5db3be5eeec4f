/* SPDX-License-Identifier: ISC */
/*
 * Recurrent layers: LSTM, GRU (both linear_before_reset rules) and RNN,
 * forward, reverse or bidirectional, layout 0 ([seq, batch, ...]) or
 * (opset 14) 1 ([batch, seq, ...]), with ONNX's default activations
 * (sigmoid for gates, tanh for the rest). The forward pass keeps every
 * gate and state in its own scratch; the backward pass runs back through
 * time (BPTT) from the gradients of Y, Y_h and Y_c to the input and to
 * initial_h and initial_c. Refused by name: other activations, clip,
 * input_forget, peephole weights that are not zero, and sequence_lens
 * shorter than the sequence.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xmalloc.h"
#include "model/graph.h"

extern const struct gs_op gs_op_lstm, gs_op_gru, gs_op_rnn;

enum rnn_kind {
	RNN_LSTM,
	RNN_GRU,
	RNN_PLAIN
};

struct rnn_priv {
	enum rnn_kind	 kind;		/* which cell */
	int		 gates;		/* gate blocks: 4, 3 or 1 */
	int		 dirs;		/* 1, or 2 when bidirectional */
	int		 reverse;	/* direction 'reverse' */
	int64_t		 hidden;	/* hidden_size */
	int		 layout;	/* 0: [seq, batch]; 1: [batch, seq] */
	int		 lbr;		/* GRU linear_before_reset */
};

/* Sizes of one run. */
struct rnn_dims {
	size_t		 seq, batch, in, h, g;	/* g: gates times h */
};

/* Input indices, as ONNX numbers them. */
enum {
	RNN_X, RNN_W, RNN_R, RNN_B, RNN_SEQLENS, RNN_H0, RNN_C0, RNN_P
};

/*
 * Check that the activations, if given, are ONNX's defaults for this
 * cell, per direction; refuse others by name.
 */
static int
rnn_check_activations(struct gs_node *n, const struct rnn_priv *p,
    struct gs_error *err)
{
	static const char *const lstm[] = { "Sigmoid", "Tanh", "Tanh" };
	static const char *const gru[] = { "Sigmoid", "Tanh" };
	static const char *const plain[] = { "Tanh" };
	const char *const *want = p->kind == RNN_LSTM ? lstm :
	    p->kind == RNN_GRU ? gru : plain;
	size_t		 per = p->kind == RNN_LSTM ? 3 : p->kind == RNN_GRU ?
	    2 : 1, i;
	struct gs_attr	*a;
	const double	*f;
	size_t		 len;

	a = node_attr(n, "activations");
	if (a != NULL) {
		if (a->type != GS_ATTR_STRINGS || a->len != per *
		    (size_t)p->dirs || a->strs == NULL)
			return (node_error(err, n, GS_EUNSUPPORTED, "attribute "
			    "'activations' must list %zu activations per "
			    "direction", per));
		for (i = 0; i < a->len; i++) {
			if (strcasecmp(a->strs[i], want[i % per]) != 0)
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "activation '%s' is not supported (only "
				    "the defaults: %s%s%s)", a->strs[i],
				    want[0], per > 1 ? ", " : "", per > 1 ?
				    want[1] : ""));
		}
	}
	if (node_attr_floats(n, "activation_alpha", &f, &len, err) != 0 ||
	    node_attr_floats(n, "activation_beta", &f, &len, err) != 0)
		return (-1);
	return (0);
}

static int
rnn_init(struct gs_node *n, const struct gs_tensor *in, struct gs_error *err)
{
	struct rnn_priv	 p;
	const char	*dir;
	int64_t		 v;
	double		 clip;
	size_t		 i, len;
	int		 max_out;

	memset(&p, 0, sizeof p);
	p.kind = n->op == &gs_op_lstm ? RNN_LSTM : n->op == &gs_op_gru ?
	    RNN_GRU : RNN_PLAIN;
	p.gates = p.kind == RNN_LSTM ? 4 : p.kind == RNN_GRU ? 3 : 1;
	max_out = p.kind == RNN_LSTM ? 3 : 2;
	if (n->n_out > (size_t)max_out)
		return (node_error(err, n, GS_EUNSUPPORTED, "has %zu outputs "
		    "(at most %d)", n->n_out, max_out));
	if (node_attr_string(n, "direction", "forward", &dir, err) != 0 ||
	    node_attr_int(n, "hidden_size", 0, &p.hidden, err) != 0)
		return (-1);
	if (strcmp(dir, "forward") == 0)
		p.dirs = 1;
	else if (strcmp(dir, "reverse") == 0) {
		p.dirs = 1;
		p.reverse = 1;
	} else if (strcmp(dir, "bidirectional") == 0)
		p.dirs = 2;
	else
		return (node_error(err, n, GS_EUNSUPPORTED, "direction '%s' is "
		    "not supported", dir));
	if (node_attr_float(n, "clip", 0, &clip, err) != 0)
		return (-1);
	if (node_attr(n, "clip") != NULL)
		return (node_error(err, n, GS_EUNSUPPORTED, "attribute 'clip' "
		    "is not supported"));
	if (p.kind == RNN_LSTM) {
		if (node_attr_int(n, "input_forget", 0, &v, err) != 0)
			return (-1);
		if (v != 0)
			return (node_error(err, n, GS_EUNSUPPORTED,
			    "input_forget=1 is not supported"));
	}
	if (p.kind == RNN_GRU) {
		if (node_attr_int(n, "linear_before_reset", 0, &v, err) != 0)
			return (-1);
		p.lbr = v != 0;
	}
	if (n->opset >= 14) {
		if (node_attr_int(n, "layout", 0, &v, err) != 0)
			return (-1);
		if (v != 0 && v != 1)
			return (node_error(err, n, GS_EUNSUPPORTED, "layout %lld "
			    "is not supported", (long long)v));
		p.layout = (int)v;
	}
	if (rnn_check_activations(n, &p, err) != 0)
		return (-1);
	for (i = RNN_W; i <= RNN_B; i++) {
		if (NODE_HAS_IN(n, i) && !in[i].is_const)
			return (node_error(err, n, GS_EUNSUPPORTED, "input %zu "
			    "(weights) must be a constant", i));
	}
	if (in[RNN_W].shape.ndim != 3 || in[RNN_W].shape.d[0] != p.dirs ||
	    (p.hidden > 0 && in[RNN_W].shape.d[1] != p.gates * p.hidden))
		return (node_error(err, n, GS_ESHAPE, "input W must be [%d, "
		    "%d hidden_size, input_size]", p.dirs, p.gates));
	if (p.hidden <= 0)
		p.hidden = in[RNN_W].shape.d[1] / p.gates;
	if (p.hidden <= 0 || in[RNN_W].shape.d[1] != p.gates * p.hidden)
		return (node_error(err, n, GS_ESHAPE, "bad hidden size"));
	if (in[RNN_R].shape.ndim != 3 || in[RNN_R].shape.d[0] != p.dirs ||
	    in[RNN_R].shape.d[1] != p.gates * p.hidden ||
	    in[RNN_R].shape.d[2] != p.hidden)
		return (node_error(err, n, GS_ESHAPE, "input R must be [%d, "
		    "%lld, %lld]", p.dirs, (long long)(p.gates * p.hidden),
		    (long long)p.hidden));
	if (NODE_HAS_IN(n, RNN_B) && (in[RNN_B].shape.ndim != 2 ||
	    in[RNN_B].shape.d[0] != p.dirs ||
	    in[RNN_B].shape.d[1] != 2 * p.gates * p.hidden))
		return (node_error(err, n, GS_ESHAPE, "input B must be [%d, "
		    "%lld]", p.dirs, (long long)(2 * p.gates * p.hidden)));
	if (NODE_HAS_IN(n, RNN_SEQLENS)) {
		if (!in[RNN_SEQLENS].is_const ||
		    in[RNN_SEQLENS].ival == NULL)
			return (node_error(err, n, GS_EUNSUPPORTED, "input "
			    "'sequence_lens' must be a constant"));
		len = shape_len(&in[RNN_SEQLENS].shape);
		for (i = 0; i < len; i++) {
			if (in[RNN_SEQLENS].ival[i] != in[RNN_X].shape.d[
			    p.layout == 0 ? 0 : 1])
				return (node_error(err, n, GS_EUNSUPPORTED,
				    "sequences of different lengths "
				    "(sequence_lens) are not supported"));
		}
	}
	if (p.kind == RNN_LSTM && NODE_HAS_IN(n, RNN_P)) {
		len = shape_len(&in[RNN_P].shape);
		for (i = 0; i < len && in[RNN_P].is_const &&
		    in[RNN_P].data != NULL && in[RNN_P].data[i] == 0; i++)
			;
		if (i < len || !in[RNN_P].is_const)
			return (node_error(err, n, GS_EUNSUPPORTED, "peephole "
			    "weights (input P) are not supported"));
	}
	n->priv = xmalloc(sizeof p);
	memcpy(n->priv, &p, sizeof p);
	return (0);
}

/* Sizes for input shape s; -1 when it is not [seq, batch, in]. */
static int
rnn_dims(const struct rnn_priv *p, const struct gs_tensor *in,
    struct rnn_dims *d)
{
	const struct gs_shape	*s = &in[RNN_X].shape;

	if (s->ndim != 3 || s->d[2] != in[RNN_W].shape.d[2])
		return (-1);
	d->seq = (size_t)s->d[p->layout == 0 ? 0 : 1];
	d->batch = (size_t)s->d[p->layout == 0 ? 1 : 0];
	d->in = (size_t)s->d[2];
	d->h = (size_t)p->hidden;
	d->g = (size_t)p->gates * d->h;
	return (0);
}

/* Whether initial state input k has shape [dirs, batch, h] (layout). */
static int
rnn_state_ok(const struct rnn_priv *p, const struct gs_tensor *t,
    const struct rnn_dims *d)
{
	const struct gs_shape	*s = &t->shape;

	if (s->ndim != 3 || s->d[2] != (int64_t)d->h)
		return (0);
	if (p->layout == 0)
		return (s->d[0] == p->dirs && s->d[1] == (int64_t)d->batch);
	return (s->d[1] == p->dirs && s->d[0] == (int64_t)d->batch);
}

static int
rnn_shape(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_shape *out, struct gs_error *err)
{
	const struct rnn_priv	*p = n->priv;
	struct rnn_dims		 d;
	char			 b1[96];
	size_t			 k;
	int			 i;

	if (rnn_dims(p, in, &d) != 0)
		return (node_error(err, n, GS_ESHAPE, "input X %s must be "
		    "[%s, %lld]", shape_format(&in[RNN_X].shape, b1, sizeof b1),
		    p->layout == 0 ? "seq, batch" : "batch, seq",
		    (long long)in[RNN_W].shape.d[2]));
	for (i = RNN_H0; i <= RNN_C0; i++) {
		if (i == RNN_C0 && p->kind != RNN_LSTM)
			break;
		if (NODE_HAS_IN(n, i) && !rnn_state_ok(p, &in[i], &d))
			return (node_error(err, n, GS_ESHAPE, "initial state "
			    "%s does not match", shape_format(&in[i].shape, b1,
			    sizeof b1)));
	}
	out[0].ndim = 4;
	if (p->layout == 0) {
		out[0].d[0] = (int64_t)d.seq;
		out[0].d[1] = p->dirs;
		out[0].d[2] = (int64_t)d.batch;
	} else {
		out[0].d[0] = (int64_t)d.batch;
		out[0].d[1] = (int64_t)d.seq;
		out[0].d[2] = p->dirs;
	}
	out[0].d[3] = (int64_t)d.h;
	for (k = 1; k < n->n_out; k++) {
		out[k].ndim = 3;
		out[k].d[0] = p->layout == 0 ? p->dirs : (int64_t)d.batch;
		out[k].d[1] = p->layout == 0 ? (int64_t)d.batch : p->dirs;
		out[k].d[2] = (int64_t)d.h;
	}
	return (0);
}

/* Offsets of X[t, b], Y[t, dir, b] and state[dir, b] in elements. */
static size_t
rnn_xoff(const struct rnn_priv *p, const struct rnn_dims *d, size_t t,
    size_t b)
{
	return ((p->layout == 0 ? t * d->batch + b : b * d->seq + t) * d->in);
}

static size_t
rnn_yoff(const struct rnn_priv *p, const struct rnn_dims *d, size_t t,
    size_t dir, size_t b)
{
	if (p->layout == 0)
		return (((t * (size_t)p->dirs + dir) * d->batch + b) * d->h);
	return (((b * d->seq + t) * (size_t)p->dirs + dir) * d->h);
}

static size_t
rnn_soff(const struct rnn_priv *p, const struct rnn_dims *d, size_t dir,
    size_t b)
{
	if (p->layout == 0)
		return ((dir * d->batch + b) * d->h);
	return ((b * (size_t)p->dirs + dir) * d->h);
}

/*
 * The kept state of one direction, in the scratch: gate activations
 * [seq, batch, g], hidden states H [seq + 1, batch, h] (H[0] initial),
 * cell states C likewise (LSTM), and for GRU the reset term [seq, batch,
 * h]; then work space for one step.
 */
struct rnn_mem {
	gs_real		*gates;		/* activated gates per step */
	gs_real		*hs;		/* H_0 .. H_seq */
	gs_real		*cs;		/* C_0 .. C_seq (LSTM) */
	gs_real		*extra;		/* GRU: H R_h^T + Rb_h, or r H */
	gs_real		*xt;		/* one step's X rows [batch, in] */
	gs_real		*z;		/* one step's pre-activations */
	gs_real		*dh, *dc;	/* running gradients [batch, h] */
	gs_real		*dz;		/* gate gradients [batch, g] */
	gs_real		*dxt;		/* [batch, in] */
	gs_real		*tmp;		/* [batch, h] */
};

/* Elements of one direction's region. */
static size_t
rnn_region(const struct rnn_dims *d)
{
	size_t	sb = d->seq * d->batch, bh = d->batch * d->h;

	return (sb * d->g + 2 * (d->seq + 1) * bh + sb * d->h + d->batch *
	    d->in + d->batch * d->g + 3 * bh + d->batch * d->g + d->batch *
	    d->in + bh + 16);
}

/* Lay out direction dir's region of the scratch. */
static void
rnn_mem(const struct rnn_dims *d, gs_real *scratch, size_t dir,
    struct rnn_mem *m)
{
	gs_real	*q = scratch + dir * rnn_region(d);
	size_t	 sb = d->seq * d->batch, bh = d->batch * d->h;

	m->gates = q;
	q += sb * d->g;
	m->hs = q;
	q += (d->seq + 1) * bh;
	m->cs = q;
	q += (d->seq + 1) * bh;
	m->extra = q;
	q += sb * d->h;
	m->xt = q;
	q += d->batch * d->in;
	m->z = q;
	q += d->batch * d->g;
	m->dh = q;
	q += bh;
	m->dc = q;
	q += bh;
	m->tmp = q;
	q += bh;
	m->dz = q;
	q += d->batch * d->g;
	m->dxt = q;
}

static size_t
rnn_scratch(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	const struct rnn_priv	*p = n->priv;
	struct rnn_dims		 d;

	if (rnn_dims(p, in, &d) != 0)
		return (0);
	return ((size_t)p->dirs * rnn_region(&d));
}

/* The logistic function, stable on both sides. */
static inline gs_real
rnn_sigmoid(gs_real x)
{
	gs_real	e = GS_EXP(-GS_FABS(x));

	return ((x >= 0 ? 1 : e) / (1 + e));
}

/* Time step number k of direction dir (reverse runs backwards). */
static size_t
rnn_time(const struct rnn_priv *p, const struct rnn_dims *d, size_t dir,
    size_t k)
{
	return (dir == 1 || p->reverse ? d->seq - 1 - k : k);
}

/* One direction forward: fill the kept state and write Y, Y_h, Y_c. */
static void
rnn_run(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, const struct rnn_dims *d, size_t dir,
    struct rnn_mem *m)
{
	const struct rnn_priv	*p = n->priv;
	const gs_real		*w = in[RNN_W].data + dir * d->g * d->in;
	const gs_real		*r = in[RNN_R].data + dir * d->g * d->h;
	const gs_real		*bw = NULL, *br = NULL;
	size_t			 k, t, b, j, h = d->h, bh = d->batch * d->h;
	gs_real			*z, *gt, *hp, *hn, *cp, *cn, *e;

	if (NODE_HAS_IN(n, RNN_B)) {
		bw = in[RNN_B].data + dir * 2 * d->g;
		br = bw + d->g;
	}
	for (b = 0; b < d->batch; b++) {
		for (j = 0; j < h; j++) {
			m->hs[b * h + j] = NODE_HAS_IN(n, RNN_H0) ?
			    in[RNN_H0].data[rnn_soff(p, d, dir, b) + j] : 0;
			m->cs[b * h + j] = NODE_HAS_IN(n, RNN_C0) &&
			    p->kind == RNN_LSTM ? in[RNN_C0].data[
			    rnn_soff(p, d, dir, b) + j] : 0;
		}
	}
	for (k = 0; k < d->seq; k++) {
		t = rnn_time(p, d, dir, k);
		z = m->z;
		gt = m->gates + k * d->batch * d->g;
		hp = m->hs + k * bh;
		hn = hp + bh;
		cp = m->cs + k * bh;
		cn = cp + bh;
		e = m->extra + k * bh;
		for (b = 0; b < d->batch; b++)
			memcpy(m->xt + b * d->in, in[RNN_X].data +
			    rnn_xoff(p, d, t, b), d->in * sizeof(gs_real));
		/* z = X_t W^T + b, then H_(t-1) R^T (GRU: not the h gate). */
		for (b = 0; b < d->batch; b++)
			for (j = 0; j < d->g; j++)
				z[b * d->g + j] = bw != NULL ? bw[j] + (p->kind !=
				    RNN_GRU || j < 2 * h ? br[j] : 0) : 0;
		GS_GEMM(CblasRowMajor, CblasNoTrans, CblasTrans,
		    (int)d->batch, (int)d->g, (int)d->in, 1, m->xt,
		    (int)d->in, w, (int)d->in, 1, z, (int)d->g);
		GS_GEMM(CblasRowMajor, CblasNoTrans, CblasTrans,
		    (int)d->batch, (int)(p->kind == RNN_GRU ? 2 * h : d->g),
		    (int)h, 1, hp, (int)h, r, (int)h, 1, z, (int)d->g);
		for (b = 0; b < d->batch; b++) {
			gs_real *zb = z + b * d->g, *gb = gt + b * d->g;

			switch (p->kind) {
			case RNN_LSTM:
				/* Gates i, o, f, c: sigmoid, sigmoid,
				 * sigmoid, tanh. */
				for (j = 0; j < 3 * h; j++)
					gb[j] = rnn_sigmoid(zb[j]);
				for (j = 3 * h; j < 4 * h; j++)
					gb[j] = GS_TANH(zb[j]);
				for (j = 0; j < h; j++) {
					cn[b * h + j] = gb[2 * h + j] *
					    cp[b * h + j] + gb[j] *
					    gb[3 * h + j];
					hn[b * h + j] = gb[h + j] *
					    GS_TANH(cn[b * h + j]);
				}
				break;
			case RNN_GRU:
				for (j = 0; j < 2 * h; j++)
					gb[j] = rnn_sigmoid(zb[j]);
				break;
			default:
				for (j = 0; j < h; j++) {
					gb[j] = GS_TANH(zb[j]);
					hn[b * h + j] = gb[j];
				}
				break;
			}
		}
		if (p->kind == RNN_GRU) {
			const gs_real *rh = r + 2 * h * h;

			/*
			 * linear_before_reset: e = H R_h^T + Rb_h, then
			 * r (.) e; else e = r (.) H, then e R_h^T.
			 */
			if (p->lbr) {
				for (b = 0; b < d->batch; b++)
					for (j = 0; j < h; j++)
						e[b * h + j] = br != NULL ?
						    br[2 * h + j] : 0;
				GS_GEMM(CblasRowMajor, CblasNoTrans,
				    CblasTrans, (int)d->batch, (int)h, (int)h,
				    1, hp, (int)h, rh, (int)h, 1, e, (int)h);
				for (b = 0; b < d->batch; b++)
					for (j = 0; j < h; j++)
						z[b * d->g + 2 * h + j] +=
						    gt[b * d->g + h + j] *
						    e[b * h + j];
			} else {
				for (b = 0; b < d->batch; b++)
					for (j = 0; j < h; j++) {
						e[b * h + j] = gt[b * d->g +
						    h + j] * hp[b * h + j];
						z[b * d->g + 2 * h + j] +=
						    br != NULL ? br[2 * h + j] :
						    0;
					}
				GS_GEMM(CblasRowMajor, CblasNoTrans,
				    CblasTrans, (int)d->batch, (int)h, (int)h,
				    1, e, (int)h, rh, (int)h, 1, z + 2 * h,
				    (int)d->g);
			}
			for (b = 0; b < d->batch; b++)
				for (j = 0; j < h; j++) {
					gs_real zz = gt[b * d->g + j];
					gs_real hh = GS_TANH(z[b * d->g +
					    2 * h + j]);

					gt[b * d->g + 2 * h + j] = hh;
					hn[b * h + j] = (1 - zz) * hh + zz *
					    hp[b * h + j];
				}
		}
		for (b = 0; b < d->batch; b++)
			memcpy(out[0].data + rnn_yoff(p, d, t, dir, b), hn +
			    b * h, h * sizeof(gs_real));
	}
	for (b = 0; b < d->batch; b++) {
		if (n->n_out > 1)
			memcpy(out[1].data + rnn_soff(p, d, dir, b), m->hs +
			    d->seq * bh + b * h, h * sizeof(gs_real));
		if (n->n_out > 2)
			memcpy(out[2].data + rnn_soff(p, d, dir, b), m->cs +
			    d->seq * bh + b * h, h * sizeof(gs_real));
	}
}

static void
rnn_forward(const struct gs_node *n, const struct gs_tensor *in,
    struct gs_tensor *out, gs_real *scratch)
{
	const struct rnn_priv	*p = n->priv;
	struct rnn_dims		 d;
	struct rnn_mem		 m;
	size_t			 dir;

	if (rnn_dims(p, in, &d) != 0 || scratch == NULL)
		return;
	for (dir = 0; dir < (size_t)p->dirs; dir++) {
		rnn_mem(&d, scratch, dir, &m);
		rnn_run(n, in, out, &d, dir, &m);
	}
}

/*
 * Back through time for one direction, from the kept state. With dH the
 * gradient reaching H_t (from Y_t, Y_h and step t + 1):
 * LSTM: do = dH tanh(C), dC += dH o (1 - tanh^2 C), di = dC c~,
 *   df = dC C_(t-1), dc~ = dC i, dC_(t-1) = dC f; through the gates'
 *   derivatives to dz; dX_t = dz W, dH_(t-1) = dz R.
 * GRU: dh~ = dH (1 - z), dz = dH (H_(t-1) - h~), dH_(t-1) = dH z, then
 *   the reset path of the rule in use.
 * RNN: dz = dH (1 - H^2).
 */
static void
rnn_back(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *dout, struct gs_tensor *din,
    const struct rnn_dims *d, size_t dir, struct rnn_mem *m)
{
	const struct rnn_priv	*p = n->priv;
	const gs_real		*w = in[RNN_W].data + dir * d->g * d->in;
	const gs_real		*r = in[RNN_R].data + dir * d->g * d->h;
	const gs_real		*gt, *hp, *cp, *cn, *e;
	size_t			 k, t, b, j, h = d->h, bh = d->batch * h, g;
	gs_real			*dz;
	int			 need_x = din[RNN_X].data != NULL;

	memset(m->dh, 0, bh * sizeof(gs_real));
	memset(m->dc, 0, bh * sizeof(gs_real));
	for (b = 0; b < d->batch; b++) {
		for (j = 0; j < h; j++) {
			if (n->n_out > 1 && dout[1].data != NULL)
				m->dh[b * h + j] += dout[1].data[rnn_soff(p, d,
				    dir, b) + j];
			if (n->n_out > 2 && dout[2].data != NULL)
				m->dc[b * h + j] += dout[2].data[rnn_soff(p, d,
				    dir, b) + j];
		}
	}
	dz = m->dz;
	for (k = d->seq; k-- > 0;) {
		t = rnn_time(p, d, dir, k);
		gt = m->gates + k * d->batch * d->g;
		hp = m->hs + k * bh;
		cp = m->cs + k * bh;
		cn = cp + bh;
		e = m->extra + k * bh;
		for (b = 0; b < d->batch; b++)
			for (j = 0; j < h; j++)
				m->dh[b * h + j] += dout[0].data[rnn_yoff(p, d,
				    t, dir, b) + j];
		for (b = 0; b < d->batch; b++) {
			const gs_real	*gb = gt + b * d->g;
			gs_real		*db = dz + b * d->g;
			gs_real		*dh = m->dh + b * h, *dc = m->dc + b * h;

			switch (p->kind) {
			case RNN_LSTM:
				for (j = 0; j < h; j++) {
					gs_real i = gb[j], o = gb[h + j];
					gs_real f = gb[2 * h + j];
					gs_real c = gb[3 * h + j];
					gs_real th = GS_TANH(cn[b * h + j]);
					gs_real dcc;

					dcc = dc[j] + dh[j] * o * (1 - th *
					    th);
					db[h + j] = dh[j] * th * o * (1 - o);
					db[j] = dcc * c * i * (1 - i);
					db[2 * h + j] = dcc * cp[b * h + j] *
					    f * (1 - f);
					db[3 * h + j] = dcc * i * (1 - c * c);
					dc[j] = dcc * f;
				}
				break;
			case RNN_GRU:
				for (j = 0; j < h; j++) {
					gs_real zz = gb[j], hh = gb[2 * h + j];

					db[j] = dh[j] * (hp[b * h + j] - hh) *
					    zz * (1 - zz);
					db[2 * h + j] = dh[j] * (1 - zz) *
					    (1 - hh * hh);
					m->tmp[b * h + j] = dh[j] * zz;
				}
				break;
			default:
				for (j = 0; j < h; j++)
					db[j] = dh[j] * (1 - gb[j] * gb[j]);
				break;
			}
		}
		if (p->kind == RNN_GRU) {
			const gs_real *rh = r + 2 * h * h;

			if (p->lbr) {
				/* d e = dz_h (.) r; dr = dz_h (.) e. */
				for (b = 0; b < d->batch; b++)
					for (j = 0; j < h; j++) {
						gs_real rr = gt[b * d->g + h +
						    j];
						gs_real dzh = dz[b * d->g +
						    2 * h + j];

						dz[b * d->g + h + j] = dzh *
						    e[b * h + j] * rr *
						    (1 - rr);
						m->dc[b * h + j] = dzh * rr;
					}
				GS_GEMM(CblasRowMajor, CblasNoTrans,
				    CblasNoTrans, (int)d->batch, (int)h,
				    (int)h, 1, m->dc, (int)h, rh, (int)h, 1,
				    m->tmp, (int)h);
			} else {
				/* d(rH) = dz_h R_h; dr = d(rH) (.) H. */
				GS_GEMM(CblasRowMajor, CblasNoTrans,
				    CblasNoTrans, (int)d->batch, (int)h,
				    (int)h, 1, dz + 2 * h, (int)d->g, rh,
				    (int)h, 0, m->dc, (int)h);
				for (b = 0; b < d->batch; b++)
					for (j = 0; j < h; j++) {
						gs_real rr = gt[b * d->g + h +
						    j];

						dz[b * d->g + h + j] =
						    m->dc[b * h + j] *
						    hp[b * h + j] * rr *
						    (1 - rr);
						m->tmp[b * h + j] +=
						    m->dc[b * h + j] * rr;
					}
			}
			/* dH_(t-1) = dH z + ... + [dz_z, dz_r] [R_z; R_r]. */
			GS_GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans,
			    (int)d->batch, (int)h, (int)(2 * h), 1, dz,
			    (int)d->g, r, (int)h, 1, m->tmp, (int)h);
			memcpy(m->dh, m->tmp, bh * sizeof(gs_real));
			memset(m->dc, 0, bh * sizeof(gs_real));
		} else {
			/* dH_(t-1) = dz R. */
			g = d->g;
			GS_GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans,
			    (int)d->batch, (int)h, (int)g, 1, dz, (int)g, r,
			    (int)h, 0, m->dh, (int)h);
		}
		if (need_x) {
			/* dX_t += dz W. */
			GS_GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans,
			    (int)d->batch, (int)d->in, (int)d->g, 1, dz,
			    (int)d->g, w, (int)d->in, 0, m->dxt, (int)d->in);
			for (b = 0; b < d->batch; b++) {
				gs_real *dx = din[RNN_X].data +
				    rnn_xoff(p, d, t, b);

				for (j = 0; j < d->in; j++)
					dx[j] += m->dxt[b * d->in + j];
			}
		}
	}
	for (b = 0; b < d->batch; b++) {
		for (j = 0; j < h; j++) {
			if (NODE_HAS_IN(n, RNN_H0) && din[RNN_H0].data != NULL)
				din[RNN_H0].data[rnn_soff(p, d, dir, b) + j] +=
				    m->dh[b * h + j];
			if (p->kind == RNN_LSTM && NODE_HAS_IN(n, RNN_C0) &&
			    din[RNN_C0].data != NULL)
				din[RNN_C0].data[rnn_soff(p, d, dir, b) + j] +=
				    m->dc[b * h + j];
		}
	}
}

static void
rnn_backward(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out, const struct gs_tensor *dout,
    struct gs_tensor *din, gs_real *scratch)
{
	const struct rnn_priv	*p = n->priv;
	struct rnn_dims		 d;
	struct rnn_mem		 m;
	size_t			 dir;

	if (rnn_dims(p, in, &d) != 0 || scratch == NULL)
		return;
	for (dir = 0; dir < (size_t)p->dirs; dir++) {
		rnn_mem(&d, scratch, dir, &m);
		rnn_back(n, in, dout, din, &d, dir, &m);
	}
}

/* 2 (input + hidden) gates hidden per step, row and direction. */
static double
rnn_flops(const struct gs_node *n, const struct gs_tensor *in,
    const struct gs_tensor *out)
{
	const struct rnn_priv	*p = n->priv;
	struct rnn_dims		 d;

	if (rnn_dims(p, in, &d) != 0)
		return (0);
	return (2.0 * (double)p->dirs * (double)d.seq * (double)d.batch *
	    (double)d.g * (double)(d.in + d.h));
}

#define RNN_OP(nm, hi) {						\
	.name = (nm), .min_in = 3, .max_in = (hi), .n_out = -1,		\
	.traits = GS_OP_SMOOTH | GS_OP_BATCH_CONST,			\
	.init = rnn_init, .shape = rnn_shape, .scratch = rnn_scratch,	\
	.forward = rnn_forward, .backward = rnn_backward, .keep = 1,	\
	.flops = rnn_flops,						\
}

const struct gs_op gs_op_lstm = RNN_OP("LSTM", 8);
const struct gs_op gs_op_gru = RNN_OP("GRU", 6);
const struct gs_op gs_op_rnn = RNN_OP("RNN", 6);

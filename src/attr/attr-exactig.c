/* SPDX-License-Identifier: ISC */
/*
 * Exact integrated gradients for piecewise-linear networks (after
 * ExactLine, Sotoudeh & Thakur, NeurIPS 2019). Along the straight path
 * b + alpha (x - b) every Relu, Clip, MaxPool, Max... keeps its state
 * between kinks, so the path splits into regions on which the network
 * before any smooth head is affine; kinkpath.c finds them. Each piece is
 * integrated by Gauss-Legendre and halved until its halves agree to the
 * tolerance (exact at once where the gradient is constant, converging fast
 * under a smooth head such as a sigmoid or softmax), within a budget of
 * pieces. The result says how exact it is: the summed disagreement of the
 * pieces bounds |phi_i - exact| (sum_i phi_i = f(x) - f(b) holds to it plus
 * float rounding). The method also reports how far each quadrature rule at
 * --steps is from the exact value.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "core/xmalloc.h"

#define EXACTIG_GL	2	/* Gauss-Legendre points per half piece */
#define EXACTIG_EVALS	(3 * EXACTIG_GL)	/* most points of one piece */
#define EXACTIG_ULPS	64	/* default tolerance: ulps of |f(x)| + |f(b)| */
#define EXACTIG_NOISE	(8 * FLT_EPSILON)	/* rounding of a piece's halves */
#define EXACTIG_ROUND	(4 * FLT_EPSILON)	/* rounding of the gradients */
#define EXACTIG_FLOOR	1024	/* a piece within tol / this is done */

#define EXACTIG_NONE	((size_t)-1)	/* a piece's end at no kink */

/* A piece to integrate: [l, u] and, once known, its whole estimate. */
struct exactig_piece {
	double		 l;		/* left end */
	double		 u;		/* right end */
	size_t		 lc;		/* the cut at l, or EXACTIG_NONE */
	size_t		 uc;		/* the cut at u, or EXACTIG_NONE */
	double		*whole;		/* d values, owned, or NULL */
};

/* One path: the plan, its end points and scratch for a batch. */
struct exactig {
	struct gs_plan		*plan;		/* borrowed */
	size_t			 batch;		/* rows per pass */
	size_t			 d;		/* inputs */
	const double		*x;		/* input row */
	const double		*b;		/* baseline row */
	size_t			 target;	/* output element */
	const struct gs_explainer *e;		/* for cancellation, or NULL */
	gs_real			*z;		/* batch x d points */
	gs_real			*grad;		/* batch x d gradients */
	size_t			*targets;	/* batch targets */
	double			 gl_a[EXACTIG_GL]; /* Gauss-Legendre nodes on [0, 1] */
	double			 gl_w[EXACTIG_GL]; /* and weights */
	size_t			 evals;		/* gradient rows */
	const double		*delta;		/* per cut: how far its kink may be */
	double			**side;		/* per cut: the gradient on one side */
	double			 bound;		/* error bound so far */
	double			*absint;	/* d sums of |piece integrals| */
};

/* The path point at alpha into row q of s->z. */
static void
exactig_point(struct exactig *s, size_t q, double alpha)
{
	size_t	i;

	for (i = 0; i < s->d; i++)
		s->z[q * s->d + i] = (gs_real)(s->b[i] + alpha * (s->x[i] -
		    s->b[i]));
}

/*
 * Gradients at n alphas (any number): row q of out (d values each)
 * receives grad(alpha[q]) when w is NULL; else w[q] grad(alpha[q]) is
 * added into the single row out.
 */
static int
exactig_grads(struct exactig *s, const double *alpha, const double *w,
    size_t n, double *out, struct gs_error *err)
{
	size_t	done, cnt, q, i;
	double	*o;

	for (done = 0; done < n; done += cnt) {
		cnt = n - done < s->batch ? n - done : s->batch;
		if (s->e != NULL && explainer_cancelled(s->e, err) != 0)
			return (-1);
		for (q = 0; q < cnt; q++) {
			exactig_point(s, q, alpha[done + q]);
			s->targets[q] = s->target;
		}
		if (plan_gradient(s->plan, s->z, cnt, s->targets, NULL,
		    s->grad, err) != 0)
			return (-1);
		for (q = 0; q < cnt; q++) {
			if (w == NULL) {
				o = out + (done + q) * s->d;
				for (i = 0; i < s->d; i++)
					o[i] = s->grad[q * s->d + i];
			} else {
				for (i = 0; i < s->d; i++)
					out[i] += w[done + q] *
					    s->grad[q * s->d + i];
			}
		}
		s->evals += cnt;
	}
	return (0);
}

/* The Gauss-Legendre nodes of [l, u] into alpha. */
static void
exactig_nodes(const struct exactig *s, double l, double u, double *alpha)
{
	size_t	q;

	for (q = 0; q < EXACTIG_GL; q++)
		alpha[q] = l + (u - l) * s->gl_a[q];
}

/* The rule on [l, u] from the gradients g at its nodes into out. */
static void
exactig_rule(const struct exactig *s, double l, double u, const double *g,
    double *out)
{
	size_t	q, i;

	memset(out, 0, s->d * sizeof *out);
	for (q = 0; q < EXACTIG_GL; q++)
		for (i = 0; i < s->d; i++)
			out[i] += (u - l) * s->gl_w[q] * g[q * s->d + i];
}

/*
 * The gradient g next to cut c: the first side is kept; with the second,
 * a kink placed delta off its true place adds delta times the jump of
 * (x_i - b_i) g_i to the bound.
 */
static void
exactig_side(struct exactig *s, size_t c, const double *g)
{
	double	jump = 0;
	size_t	i;

	if (c == EXACTIG_NONE || !(s->delta[c] > 0))
		return;
	if (s->side[c] == NULL) {
		s->side[c] = xcalloc(s->d, sizeof *s->side[c]);
		memcpy(s->side[c], g, s->d * sizeof *g);
		return;
	}
	for (i = 0; i < s->d; i++)
		jump = fmax(jump, fabs(s->x[i] - s->b[i]) *
		    fabs(s->side[c][i] - g[i]));
	s->bound += s->delta[c] * jump;
	free(s->side[c]);
	s->side[c] = NULL;
}

/*
 * Integrate the pieces on a stack (leftmost last) into acc, halving each
 * until its halves agree: up to batch / EXACTIG_EVALS pieces per pass.
 * tol is the whole path's share, spread by width; *pieces counts the
 * pieces (at most budget) and s->bound sums their disagreements.
 */
static int
exactig_pieces(struct exactig *s, struct exactig_piece **stack, size_t *n,
    size_t *cap, double tol, size_t budget, size_t *pieces, double *acc,
    struct gs_error *err)
{
	struct exactig_piece	 take[64], *p;
	double			*alpha, *g, *whole, *left, *right, *at;
	double			 mid, dx, e, worst, scale;
	size_t			 k, m, i, per, nt, d = s->d;
	int			 ok, rc = -1;

	per = s->batch / EXACTIG_EVALS;
	per = per < 1 ? 1 : per > 64 ? 64 : per;
	alpha = xcalloc(per * EXACTIG_EVALS, sizeof *alpha);
	g = xcalloc(xmul(per * EXACTIG_EVALS, d), sizeof *g);
	left = xcalloc(d, sizeof *left);
	right = xcalloc(d, sizeof *right);
	while (*n > 0) {
		for (nt = m = 0; nt < per && *n > 0; nt++) {
			take[nt] = (*stack)[--*n];
			p = &take[nt];
			mid = (p->l + p->u) / 2;
			if (p->whole == NULL) {
				exactig_nodes(s, p->l, p->u, alpha + m);
				m += EXACTIG_GL;
			}
			exactig_nodes(s, p->l, mid, alpha + m);
			exactig_nodes(s, mid, p->u, alpha + m + EXACTIG_GL);
			m += 2 * EXACTIG_GL;
		}
		if (exactig_grads(s, alpha, NULL, m, g, err) != 0) {
			for (k = 0; k < nt; k++)
				free(take[k].whole);
			goto out;
		}
		/* Rightmost first, so that halves go back leftmost last. */
		for (m = 0, k = 0; k < nt; k++)
			m += take[k].whole == NULL ? EXACTIG_EVALS :
			    2 * EXACTIG_GL;
		for (k = nt; k-- > 0;) {
			p = &take[k];
			mid = (p->l + p->u) / 2;
			m -= p->whole == NULL ? EXACTIG_EVALS : 2 * EXACTIG_GL;
			at = g + m * d;
			if ((whole = p->whole) == NULL) {
				whole = xcalloc(d, sizeof *whole);
				exactig_rule(s, p->l, p->u, at, whole);
				at += EXACTIG_GL * d;
			}
			exactig_rule(s, p->l, mid, at, left);
			exactig_rule(s, mid, p->u, at + EXACTIG_GL * d, right);
			/*
			 * Done when the halves agree to the piece's share of
			 * tol, or to the rounding of the largest of them, or
			 * to 1/1024 of tol (a kink inside, found by halving).
			 */
			worst = scale = 0;
			for (i = 0; i < d; i++) {
				dx = fabs(s->x[i] - s->b[i]);
				e = dx * fabs(whole[i] - left[i] - right[i]);
				worst = fmax(worst, e);
				scale = fmax(scale, dx * (fabs(left[i]) +
				    fabs(right[i])));
			}
			ok = worst <= tol * (p->u - p->l) ||
			    worst <= EXACTIG_NOISE * scale ||
			    worst <= tol / EXACTIG_FLOOR;
			if (ok || *pieces >= budget || !(mid > p->l) ||
			    !(mid < p->u)) {
				for (i = 0; i < d; i++) {
					acc[i] += left[i] + right[i];
					s->absint[i] += fabs(left[i] + right[i]);
				}
				s->bound += worst;
				/* The gradients nearest each end. */
				exactig_side(s, p->lc, at);
				exactig_side(s, p->uc, at + (2 * EXACTIG_GL - 1) *
				    d);
				free(whole);
				continue;
			}
			(*pieces)++;
			if (*n + 2 > *cap) {
				*cap = 2 * *cap + 2;
				*stack = xreallocarray(*stack, *cap,
				    sizeof **stack);
			}
			(*stack)[*n].l = mid;
			(*stack)[*n].u = p->u;
			(*stack)[*n].lc = EXACTIG_NONE;
			(*stack)[*n].uc = p->uc;
			(*stack)[(*n)++].whole = xcalloc(d, sizeof(double));
			memcpy((*stack)[*n - 1].whole, right, d * sizeof *right);
			(*stack)[*n].l = p->l;
			(*stack)[*n].u = mid;
			(*stack)[*n].lc = p->lc;
			(*stack)[*n].uc = EXACTIG_NONE;
			(*stack)[(*n)++].whole = whole;
			memcpy(whole, left, d * sizeof *left);
		}
	}
	rc = 0;
out:
	free(alpha);
	free(g);
	free(left);
	free(right);
	return (rc);
}

int
exactig_path(struct gs_plan *plan, size_t batch, size_t d, const double *x,
    const double *b, size_t target, struct gs_exactig *q, double *phi,
    const struct gs_explainer *e, struct gs_error *err)
{
	struct exactig		 s;
	struct gs_kinkpath	 kp;
	struct exactig_piece	*stack = NULL;
	double			*acc = NULL, fxb[2], worst = 0;
	gs_real			*y = NULL;
	size_t			 i, n = 0, cap = 0, budget, k;
	int			 rc = -1;

	memset(&s, 0, sizeof s);
	memset(&kp, 0, sizeof kp);
	s.plan = plan;
	s.batch = batch;
	s.d = d;
	s.x = x;
	s.b = b;
	s.target = target;
	s.e = e;
	s.z = xcalloc(xmul(s.batch, d), sizeof *s.z);
	s.grad = xcalloc(xmul(s.batch, d), sizeof *s.grad);
	s.targets = xcalloc(s.batch, sizeof *s.targets);
	budget = q->budget > 0 ? q->budget : EXACTIG_PIECES;
	if (quadrature_rule(GS_RULE_GAUSSLEGENDRE, EXACTIG_GL, s.gl_a,
	    s.gl_w, err) != 0)
		goto out;
	/* f(x) and f(b), for the tolerance. */
	y = xcalloc(plan_output_len(plan), sizeof *y);
	for (k = 0; k < 2; k++) {
		exactig_point(&s, 0, k == 0 ? 1 : 0);
		if (plan_forward(plan, s.z, 1, y, err) != 0)
			goto out;
		fxb[k] = y[target];
	}
	q->tol_used = q->tol > 0 ? q->tol : EXACTIG_ULPS * FLT_EPSILON *
	    (fabs(fxb[0]) + fabs(fxb[1]));

	if (kinkpath_cuts(plan, batch, d, x, b, budget, e, &kp, err) != 0)
		goto out;
	q->regions = kp.regions;
	q->pieces = kp.ncuts + 1;
	cap = kp.ncuts + 1;
	stack = xcalloc(cap, sizeof *stack);
	for (i = kp.ncuts + 1; i-- > 0;) {
		stack[n].l = i == 0 ? 0 : kp.cuts[i - 1];
		stack[n].u = i == kp.ncuts ? 1 : kp.cuts[i];
		stack[n].lc = i == 0 ? EXACTIG_NONE : i - 1;
		stack[n].uc = i == kp.ncuts ? EXACTIG_NONE : i;
		stack[n++].whole = NULL;
	}
	s.delta = kp.delta;
	s.side = xcalloc(kp.ncuts + 1, sizeof *s.side);
	s.absint = xcalloc(d, sizeof *s.absint);
	acc = xcalloc(d, sizeof *acc);
	if (exactig_pieces(&s, &stack, &n, &cap, q->tol_used, budget,
	    &q->pieces, acc, err) != 0)
		goto out;
	/* The gradients' own rounding, a few epsilons of each |integrand|. */
	for (i = 0; i < d; i++) {
		phi[i] = (x[i] - b[i]) * acc[i];
		worst = fmax(worst, fabs(x[i] - b[i]) * s.absint[i]);
	}
	q->bound = s.bound + EXACTIG_ROUND * worst;
	q->met = kp.complete && q->bound <= q->tol_used;
	q->evals = kp.evals + s.evals;
	rc = 0;
out:
	while (n > 0)
		free(stack[--n].whole);
	free(stack);
	for (i = 0; s.side != NULL && i <= kp.ncuts; i++)
		free(s.side[i]);
	free(s.side);
	free(s.absint);
	free(kp.cuts);
	free(kp.delta);
	free(s.z);
	free(s.grad);
	free(s.targets);
	free(acc);
	free(y);
	return (rc);
}

int
exactig_integrate(struct gs_plan *plan, size_t batch, size_t d, size_t k,
    const double *x, const double *b, size_t target, double *phi,
    size_t *regions, const struct gs_explainer *e, struct gs_error *err)
{
	struct gs_exactig	q;

	(void)k;
	memset(&q, 0, sizeof q);
	if (exactig_path(plan, batch, d, x, b, target, &q, phi, e, err) != 0)
		return (-1);
	*regions = q.regions;
	return (0);
}

int
attr_exactig_run(struct gs_explainer *e, struct gs_worker *home,
    const struct gs_job *j, struct gs_explanation *ex, struct gs_error *err)
{
	struct exactig		 s;
	struct gs_exactig	 q;
	double			*b, *alpha = NULL, *w = NULL, *acc = NULL, dev;
	size_t			 d = e->d, n = e->opts.steps, i;
	int			 r, rc = -1;

	b = xcalloc(d, sizeof *b);
	for (i = 0; i < d; i++)
		b[i] = e->bl->rows[i];
	memset(&q, 0, sizeof q);
	if (e->opts.tol > 0)
		q.tol = e->opts.tol_rel ? e->opts.tol * fabs(ex->fx -
		    ex->base) : e->opts.tol;
	q.budget = e->opts.max_samples > 0 ? e->opts.max_samples :
	    e->opts.tol > 0 ? 64 * (size_t)EXACTIG_PIECES : EXACTIG_PIECES;
	if (exactig_path(home->plan, e->opts.batch, d, j->xd, b, j->target,
	    &q, ex->phi, e, err) != 0)
		goto out;
	ex->regions = q.regions;
	ex->samples_used = q.pieces;
	ex->bound = q.bound;
	ex->tol = q.tol_used;
	ex->tol_met = q.met;
	/* How far each rule at --steps is from it: the largest |difference|. */
	memset(&s, 0, sizeof s);
	s.plan = home->plan;
	s.batch = e->opts.batch;
	s.d = d;
	s.x = j->xd;
	s.b = b;
	s.target = j->target;
	s.e = e;
	s.z = home->z;
	s.grad = home->grad;
	s.targets = home->targets;
	alpha = xcalloc(n, sizeof *alpha);
	w = xcalloc(n, sizeof *w);
	acc = xcalloc(d, sizeof *acc);
	ex->quad_err = xcalloc(GS_RULE_COUNT, sizeof *ex->quad_err);
	for (r = 0; r < GS_RULE_COUNT; r++) {
		ex->quad_err[r] = NAN;
		if (quadrature_rule(r, n, alpha, w, NULL) != 0)
			continue;
		memset(acc, 0, d * sizeof *acc);
		if (exactig_grads(&s, alpha, w, n, acc, err) != 0)
			goto out;
		ex->quad_err[r] = 0;
		for (i = 0; i < d; i++) {
			dev = fabs((j->xd[i] - b[i]) * acc[i] - ex->phi[i]);
			ex->quad_err[r] = fmax(ex->quad_err[r], dev);
		}
	}
	rc = 0;
out:
	free(b);
	free(alpha);
	free(w);
	free(acc);
	return (rc);
}

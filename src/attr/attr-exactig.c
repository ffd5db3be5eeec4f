/* SPDX-License-Identifier: ISC */
/*
 * Exact integrated gradients for piecewise-linear networks (after
 * ExactLine, Sotoudeh & Thakur, NeurIPS 2019). Along the straight path
 * b + alpha (x - b) every Relu, LeakyRelu, Clip and MaxPool keeps its state
 * between kinks, so the path splits into regions on which the network
 * before any smooth head is affine. Kinks are located by k-section on
 * activation patterns (plan_pattern) from a grid of 64 intervals down to a
 * width of 1e-12; each region is then integrated by adaptive Gauss-Legendre
 * (exact at once where the gradient is constant; converging fast where a
 * smooth head such as a sigmoid or softmax follows), and a jump a pattern
 * missed shows up as disagreement and is bisected too. Completeness holds
 * to float rounding: sum_i phi_i = f(x) - f(b). The method also reports
 * how far each quadrature rule at --steps is from the exact value.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "core/xmalloc.h"

#define EXACTIG_GRID	64	/* first intervals searched for kinks */
#define EXACTIG_SPLIT	16	/* interior points per k-section step */
#define EXACTIG_WIDTH	1e-12	/* width at which a kink counts as found */
#define EXACTIG_GL	8	/* Gauss-Legendre points per piece */
#define EXACTIG_REL	1e-7	/* pieces agree to this, relative */
#define EXACTIG_DEPTH	40	/* most bisections of one region */

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
	uint64_t		*pat;		/* batch patterns */
	double			 gl_a[EXACTIG_GL]; /* Gauss-Legendre nodes on [0, 1] */
	double			 gl_w[EXACTIG_GL]; /* and weights */
	double			*bounds;	/* kinks found, in order */
	size_t			 nbounds;	/* how many */
	size_t			 cap;		/* room in bounds */
	size_t			 evals;		/* gradient and pattern rows */
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

/* Patterns at n <= batch alphas into s->pat. */
static int
exactig_patterns(struct exactig *s, const double *alpha, size_t n,
    struct gs_error *err)
{
	size_t	q;

	if (s->e != NULL && explainer_cancelled(s->e, err) != 0)
		return (-1);
	for (q = 0; q < n; q++)
		exactig_point(s, q, alpha[q]);
	s->evals += n;
	return (plan_pattern(s->plan, s->z, n, s->pat, err));
}

/* Add sum_q w[q] grad(alpha[q]) over n alphas (any number) into acc. */
static int
exactig_sum(struct exactig *s, const double *alpha, const double *w,
    size_t n, double *acc, struct gs_error *err)
{
	size_t	done, cnt, q, i;

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
		for (q = 0; q < cnt; q++)
			for (i = 0; i < s->d; i++)
				acc[i] += w[done + q] * s->grad[q * s->d + i];
		s->evals += cnt;
	}
	return (0);
}

/* Note a kink at alpha. */
static void
exactig_bound(struct exactig *s, double alpha)
{
	if (s->nbounds == s->cap) {
		s->cap = s->cap == 0 ? 64 : s->cap * 2;
		s->bounds = xreallocarray(s->bounds, s->cap,
		    sizeof *s->bounds);
	}
	s->bounds[s->nbounds++] = alpha;
}

/* Find every kink in [a, c], whose end patterns pa and pc differ. */
static int
exactig_locate(struct exactig *s, double a, double c, uint64_t pa,
    uint64_t pc, struct gs_error *err)
{
	double		 alpha[EXACTIG_SPLIT], prev, next;
	uint64_t	 pat[EXACTIG_SPLIT], pprev, pnext;
	size_t		 m, q;

	if (c - a <= EXACTIG_WIDTH) {
		exactig_bound(s, (a + c) / 2);
		return (0);
	}
	m = s->batch < EXACTIG_SPLIT ? s->batch : EXACTIG_SPLIT;
	for (q = 0; q < m; q++)
		alpha[q] = a + (c - a) * (double)(q + 1) / (double)(m + 1);
	if (exactig_patterns(s, alpha, m, err) != 0)
		return (-1);
	memcpy(pat, s->pat, m * sizeof *pat);
	prev = a;
	pprev = pa;
	for (q = 0; q <= m; q++) {
		next = q < m ? alpha[q] : c;
		pnext = q < m ? pat[q] : pc;
		if (pnext != pprev && exactig_locate(s, prev, next, pprev,
		    pnext, err) != 0)
			return (-1);
		prev = next;
		pprev = pnext;
	}
	return (0);
}

/* Gauss-Legendre estimate of the integral of grad over [l, u] into out. */
static int
exactig_gl(struct exactig *s, double l, double u, double *out,
    struct gs_error *err)
{
	double	alpha[EXACTIG_GL], w[EXACTIG_GL];
	size_t	q;

	for (q = 0; q < EXACTIG_GL; q++) {
		alpha[q] = l + (u - l) * s->gl_a[q];
		w[q] = (u - l) * s->gl_w[q];
	}
	memset(out, 0, s->d * sizeof *out);
	return (exactig_sum(s, alpha, w, EXACTIG_GL, out, err));
}

/* Integrate over [l, u], whose estimate whole is known, into acc. */
static int
exactig_piece(struct exactig *s, double l, double u, const double *whole,
    double *acc, int depth, struct gs_error *err)
{
	double	*left, *right, diff = 0, scale = 0, mid = (l + u) / 2;
	size_t	 i;
	int	 rc = -1;

	left = xcalloc(s->d, sizeof *left);
	right = xcalloc(s->d, sizeof *right);
	if (exactig_gl(s, l, mid, left, err) != 0 ||
	    exactig_gl(s, mid, u, right, err) != 0)
		goto out;
	for (i = 0; i < s->d; i++) {
		diff = fmax(diff, fabs(whole[i] - left[i] - right[i]));
		scale = fmax(scale, fabs(left[i]) + fabs(right[i]));
	}
	if (diff <= EXACTIG_REL * scale || depth >= EXACTIG_DEPTH ||
	    mid <= l || mid >= u) {
		for (i = 0; i < s->d; i++)
			acc[i] += left[i] + right[i];
		rc = 0;
	} else if (exactig_piece(s, l, mid, left, acc, depth + 1, err) == 0 &&
	    exactig_piece(s, mid, u, right, acc, depth + 1, err) == 0)
		rc = 0;
out:
	free(left);
	free(right);
	return (rc);
}

int
exactig_integrate(struct gs_plan *plan, size_t batch, size_t d, size_t k,
    const double *x, const double *b, size_t target, double *phi,
    size_t *regions, const struct gs_explainer *e, struct gs_error *err)
{
	struct exactig	 s;
	double		 grid[EXACTIG_GRID + 1], *acc = NULL, *whole = NULL;
	uint64_t	 gp[EXACTIG_GRID + 1];
	size_t		 i, q, done, cnt, r;
	double		 l, u;
	int		 rc = -1;

	(void)k;
	memset(&s, 0, sizeof s);
	s.plan = plan;
	s.batch = batch;
	s.d = d;
	s.x = x;
	s.b = b;
	s.target = target;
	s.e = e;
	s.z = xcalloc(xmul(batch, d), sizeof *s.z);
	s.grad = xcalloc(xmul(batch, d), sizeof *s.grad);
	s.targets = xcalloc(batch, sizeof *s.targets);
	s.pat = xcalloc(batch, sizeof *s.pat);
	if (quadrature_rule(GS_RULE_GAUSSLEGENDRE, EXACTIG_GL, s.gl_a, s.gl_w,
	    err) != 0)
		goto out;
	for (q = 0; q <= EXACTIG_GRID; q++)
		grid[q] = (double)q / EXACTIG_GRID;
	for (done = 0; done <= EXACTIG_GRID; done += cnt) {
		cnt = EXACTIG_GRID + 1 - done < batch ? EXACTIG_GRID + 1 -
		    done : batch;
		if (exactig_patterns(&s, grid + done, cnt, err) != 0)
			goto out;
		memcpy(gp + done, s.pat, cnt * sizeof *gp);
	}
	for (q = 0; q < EXACTIG_GRID; q++)
		if (gp[q] != gp[q + 1] && exactig_locate(&s, grid[q],
		    grid[q + 1], gp[q], gp[q + 1], err) != 0)
			goto out;
	acc = xcalloc(d, sizeof *acc);
	whole = xcalloc(d, sizeof *whole);
	for (r = 0; r <= s.nbounds; r++) {
		l = r == 0 ? 0 : s.bounds[r - 1];
		u = r == s.nbounds ? 1 : s.bounds[r];
		if (u <= l)
			continue;
		if (exactig_gl(&s, l, u, whole, err) != 0 ||
		    exactig_piece(&s, l, u, whole, acc, 0, err) != 0)
			goto out;
	}
	for (i = 0; i < d; i++)
		phi[i] = (x[i] - b[i]) * acc[i];
	*regions = s.nbounds + 1;
	rc = 0;
out:
	free(s.z);
	free(s.grad);
	free(s.targets);
	free(s.pat);
	free(s.bounds);
	free(acc);
	free(whole);
	return (rc);
}

int
attr_exactig_run(struct gs_explainer *e, struct gs_worker *home,
    const struct gs_job *j, struct gs_explanation *ex, struct gs_error *err)
{
	struct exactig	 s;
	double		*b, *alpha = NULL, *w = NULL, *acc = NULL, dev;
	size_t		 d = e->d, n = e->opts.steps, i;
	int		 r, rc = -1;

	b = xcalloc(d, sizeof *b);
	for (i = 0; i < d; i++)
		b[i] = e->bl->rows[i];
	if (exactig_integrate(home->plan, e->opts.batch, d, e->k, j->xd, b,
	    j->target, ex->phi, &ex->regions, e, err) != 0)
		goto out;
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
		if (exactig_sum(&s, alpha, w, n, acc, err) != 0)
			goto out;
		ex->quad_err[r] = 0;
		for (i = 0; i < d; i++) {
			dev = fabs((j->xd[i] - b[i]) * acc[i] - ex->phi[i]);
			ex->quad_err[r] = fmax(ex->quad_err[r], dev);
		}
	}
	ex->samples_used = ex->regions;
	rc = 0;
out:
	free(b);
	free(alpha);
	free(w);
	free(acc);
	return (rc);
}

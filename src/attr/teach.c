/* SPDX-License-Identifier: ISC */
/*
 * The data behind the teaching views: f and its gradient along one
 * baseline's straight path, Gradient SHAP's samples replayed one at a time
 * as the explainer's plan draws them, and an estimate against its sample
 * count.
 * All three use the explainer's worker 0 and must not run beside a run.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "attr/teach.h"
#include "core/xmalloc.h"

#define TEACH_MAX_POINTS	((size_t)1 << 20)	/* most path points or trace samples */
#define TEACH_FINE		65536	/* midpoints of the area rule */

/*
 * Check x, put it into worker 0 and pick the output element explained as
 * explainer_run does: the asked class, else the largest output. *fx gets
 * f(x) there.
 */
static int
teach_target(struct gs_explainer *e, const double *x, size_t row,
    size_t *target, double *fx, struct gs_error *err)
{
	if (explainer_target(e, &e->w[0], x, row, target, err) != 0)
		return (-1);
	*fx = e->w[0].y[*target];
	return (0);
}

/*
 * Gradients at the n path points b + alpha[q] (x - b) (x itself where
 * alpha is 1), in passes of the batch size: f into f (may be NULL) and the
 * gradients into grad (n x d), or their weighted sum into acc (d) when
 * grad is NULL.
 */
static int
teach_path_eval(struct gs_explainer *e, const double *x, const gs_real *b,
    size_t target, const double *alpha, const double *wt, size_t n,
    double *f, double *grad, double *acc, struct gs_error *err)
{
	struct gs_worker	*w = &e->w[0];
	size_t			 d = e->d, B = e->opts.batch, first, nb, q, i;

	for (first = 0; first < n; first += nb) {
		if (explainer_cancelled(e, err) != 0)
			return (-1);
		nb = n - first < B ? n - first : B;
		for (q = 0; q < nb; q++) {
			for (i = 0; i < d; i++)
				w->z[q * d + i] = alpha[first + q] == 1 ?
				    (gs_real)x[i] : (gs_real)(b[i] +
				    alpha[first + q] * (x[i] - b[i]));
			w->targets[q] = target;
		}
		if (plan_gradient(w->plan, w->z, nb, w->targets, w->y, w->grad,
		    err) != 0)
			return (-1);
		for (q = 0; q < nb; q++) {
			if (f != NULL)
				f[first + q] = w->y[q * e->k + target];
			for (i = 0; i < d; i++) {
				if (grad != NULL)
					grad[(first + q) * d + i] =
					    w->grad[q * d + i];
				else
					acc[i] += wt[first + q] *
					    w->grad[q * d + i];
			}
		}
	}
	return (0);
}

/*
 * The area under each feature's curve: for exactig, exact integrated
 * gradients (every kink located; a few milliseconds a path on the demo);
 * else the midpoint rule on TEACH_FINE points: on a network with kinks
 * each kink costs O(1 / TEACH_FINE), some 1e-5 of f(x) - f(b) in all on
 * the demo (8192 points gave up to 8e-5), far less on smooth models, at
 * some 20 ms a path on the demo.
 */
static int
teach_path_area(struct gs_explainer *e, const double *x, const gs_real *b,
    size_t target, double *area, struct gs_error *err)
{
	double	*bd, *alpha, *wt;
	size_t	 d = e->d, n = TEACH_FINE, regions, q, i;
	int	 rc;

	if (e->opts.method == GS_METHOD_EXACTIG) {
		bd = xcalloc(d, sizeof *bd);
		for (i = 0; i < d; i++)
			bd[i] = b[i];
		rc = exactig_integrate(e->w[0].plan, e->opts.batch, d, e->k, x,
		    bd, target, area, &regions, e, err);
		free(bd);
		return (rc);
	}
	alpha = xcalloc(n, sizeof *alpha);
	wt = xcalloc(n, sizeof *wt);
	for (q = 0; q < n; q++) {
		alpha[q] = (q + 0.5) / (double)n;
		wt[q] = 1 / (double)n;
	}
	memset(area, 0, d * sizeof *area);
	rc = teach_path_eval(e, x, b, target, alpha, wt, n, NULL, NULL, area,
	    err);
	for (i = 0; rc == 0 && i < d; i++)
		area[i] *= x[i] - b[i];
	free(alpha);
	free(wt);
	return (rc);
}

/*
 * The method's points on the path: IG's quadrature nodes (exactig: those
 * of its --steps and --rule, the ones its rule errors compare against);
 * for Gradient SHAP the alphas that a run of e with its samples draws, in
 * draw order, under e's plan (antithetic partners as 1 - alpha), whatever
 * baseline each sample drew, since every sample integrates along some
 * baseline's path at that alpha; none for other methods.
 */
static int
teach_path_marks(struct gs_explainer *e, size_t row, struct gs_path *p,
    struct gs_error *err)
{
	const struct gs_sampler	*sp = e->sampler;
	struct gs_rng		 r;
	double			*w, *eps, alpha = 0;
	size_t			 n, u, q, m, units, bidx = 0;

	if (method_info(e->opts.method)->takes & GS_TAKES_STEPS) {
		n = e->opts.steps;
		p->marks = xcalloc(n, sizeof *p->marks);
		w = xcalloc(n, sizeof *w);
		/* exactig may hold steps its rule refuses: then no marks. */
		if (quadrature_rule(e->opts.rule, n, p->marks, w, NULL) == 0)
			p->nmarks = n;
		free(w);
		return (0);
	}
	/* Only Gradient SHAP draws alphas. */
	if (e->opts.method != GS_METHOD_GRADSHAP)
		return (0);
	n = attr_samples(&e->opts, e->ng > 0 ? e->ng : e->d);
	if (sp == NULL) {
		/* Plain mc: as attr_gradshap_batch, baseline then alpha. */
		p->marks = xcalloc(n, sizeof *p->marks);
		for (q = 0; q < n; q++) {
			gs_rng_init2(&r, e->opts.seed, row, q);
			(void)explainer_draw_baseline(e, &r);
			p->marks[q] = gs_rng_uniform(&r);
		}
		p->nmarks = n;
		return (0);
	}
	p->marks = xcalloc(sampling_used(sp, n), sizeof *p->marks);
	eps = xcalloc(e->d, sizeof *eps);
	units = sampling_units(sp, n);
	for (u = 0; u < units; u++) {
		m = sampling_points(sp, n, u);
		for (q = 0; q < m; q++) {
			sampling_draw(sp, e->opts.seed, row, u, q, &alpha,
			    &bidx, eps);
			p->marks[p->nmarks++] = alpha;
			if (sampling_members(sp) == 2)
				p->marks[p->nmarks++] = 1 - alpha;
		}
	}
	free(eps);
	return (0);
}

int
teach_path(struct gs_explainer *e, const double *x, size_t row, size_t bidx,
    size_t n, struct gs_path *p, struct gs_error *err)
{
	const gs_real	*b;
	size_t		 d = e->d, q, i;

	memset(p, 0, sizeof *p);
	if (e->bl == NULL)
		return (gs_error_set(err, GS_EINVAL, "path: %s uses no "
		    "baseline set, so there is no path", method_name(
		    e->opts.method)));
	if (n < 2 || n > TEACH_MAX_POINTS)
		return (gs_error_set(err, GS_EINVAL, "path: %zu points (2 to "
		    "%zu)", n, TEACH_MAX_POINTS));
	if (bidx >= e->bl->n)
		return (gs_error_set(err, GS_ERANGE, "path: baseline %zu does "
		    "not exist (the set has rows 0 to %zu)", bidx,
		    e->bl->n - 1));
	if (teach_target(e, x, row, &p->target, &p->fx, err) != 0)
		return (-1);
	b = e->bl->rows + bidx * d;
	p->d = d;
	p->n = n;
	p->bidx = bidx;
	p->fb = e->bl_out[bidx * e->k + p->target];
	p->alpha = xcalloc(n, sizeof *p->alpha);
	p->f = xcalloc(n, sizeof *p->f);
	p->grad = xcalloc(xmul(n, d), sizeof *p->grad);
	p->delta = xcalloc(d, sizeof *p->delta);
	p->area = xcalloc(d, sizeof *p->area);
	for (q = 0; q < n; q++)
		p->alpha[q] = q == n - 1 ? 1 : (double)q / (double)(n - 1);
	for (i = 0; i < d; i++)
		p->delta[i] = x[i] - b[i];
	if (teach_path_eval(e, x, b, p->target, p->alpha, NULL, n, p->f,
	    p->grad, NULL, err) != 0 ||
	    teach_path_area(e, x, b, p->target, p->area, err) != 0 ||
	    teach_path_marks(e, row, p, err) != 0) {
		teach_path_clear(p);
		return (-1);
	}
	return (0);
}

void
teach_path_clear(struct gs_path *p)
{
	free(p->alpha);
	free(p->f);
	free(p->grad);
	free(p->delta);
	free(p->area);
	free(p->marks);
	memset(p, 0, sizeof *p);
}

/*
 * The plain draws (no sampler): as attr_gradshap_batch, in the same
 * batches (a noise function's draws depend on where its calls start):
 * sample s draws from stream (seed, row, s) a baseline, alpha, then the
 * noise. Each sample is a unit of its own.
 */
static int
teach_trace_mc(struct gs_explainer *e, const double *x, size_t row,
    struct gs_trace *t, struct gs_error *err)
{
	struct gs_worker	*w = &e->w[0];
	struct gs_rng		 r;
	const gs_real		*b;
	double			 alpha, xe;
	size_t			 d = e->d, B = e->opts.batch, n = t->n, first;
	size_t			 nb, s, q, i, bi;

	if (e->pc != NULL && plan_prefix(w->plan, w->x, 1, w->fx, err) != 0)
		return (-1);
	for (first = 0; first < n; first += nb) {
		if (explainer_cancelled(e, err) != 0)
			return (-1);
		nb = n - first < B ? n - first : B;
		if (w->noise != NULL && e->nz->fill(e->nz->fill_arg, row, x, nb,
		    d, e->opts.seed, first, w->noise, err) != 0)
			return (-1);
		for (q = 0; q < nb; q++) {
			s = first + q;
			gs_rng_init2(&r, e->opts.seed, row, s);
			bi = explainer_draw_baseline(e, &r);
			b = e->bl->rows + bi * d;
			alpha = gs_rng_uniform(&r);
			t->bidx[s] = bi;
			t->alpha[s] = alpha;
			t->unit[s] = s;
			for (i = 0; i < d; i++) {
				xe = w->x[i];
				if (w->noise != NULL)
					xe += w->noise[q * d + i];
				else if (e->nz != NULL)
					xe += e->nz->sigma[i] *
					    gs_rng_normal(&r);
				w->delta[q * d + i] = (gs_real)(xe - b[i]);
				w->z[q * d + i] = (gs_real)(b[i] + alpha *
				    (xe - b[i]));
			}
			/* As the run: the first layer from the path cache. */
			if (e->pc != NULL)
				pathcache_point(e->pc, w->fx, bi, alpha,
				    w->f + q * e->pc->len);
			w->targets[q] = t->target;
		}
		if (explainer_points_gradient(e, w, nb, NULL, err) != 0)
			return (-1);
		for (q = 0; q < nb; q++) {
			s = first + q;
			for (i = 0; i < d; i++) {
				t->point[s * d + i] = w->z[q * d + i];
				t->grad[s * d + i] = w->grad[q * d + i];
				t->contrib[s * d + i] = t->value[s * d + i] =
				    (double)w->delta[q * d + i] *
				    w->grad[q * d + i];
			}
		}
	}
	t->units = n;
	return (0);
}

/* What the plan's replay records, point by point, in draw order. */
struct teach_rec {
	struct gs_trace	*t;		/* the trace being filled */
	size_t		 np;		/* points drawn */
	size_t		 nv;		/* points evaluated */
	gs_real		*delta;		/* n x d: each point's x + eps - b */
	double		*draw;		/* n: each point's drawn alpha (reg) */
	const double	*xd;		/* the input */
	const double	*bm;		/* the control variate's baseline mean, or NULL */
	const double	*cv;		/* its gradient G, or NULL */
};

/* A plan's point: as Gradient SHAP's, and remember the draw. */
static void
teach_rec_point(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t q, const struct explainer_draw *dr,
    void *arg)
{
	struct teach_rec	*rc = arg;

	attr_gradshap_point(e, w, j, q, dr, NULL);
	rc->t->bidx[rc->np] = dr->bidx;
	rc->t->alpha[rc->np] = dr->sign > 0 ? dr->alpha : 1 - dr->alpha;
	rc->draw[rc->np++] = dr->alpha;
}

/* A plan's point evaluated: where, the gradient, contribution and value. */
static void
teach_rec_value(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t q, double *acc, void *arg)
{
	struct teach_rec	*rc = arg;
	struct gs_trace		*t = rc->t;
	size_t			 d = e->d, s = rc->nv++, i;
	double			 dl, g;

	(void)j;
	(void)acc;
	for (i = 0; i < d; i++) {
		dl = (double)w->delta[q * d + i];
		g = (double)w->grad[q * d + i];
		rc->delta[s * d + i] = w->delta[q * d + i];
		t->point[s * d + i] = w->z[q * d + i];
		t->grad[s * d + i] = g;
		t->contrib[s * d + i] = dl * g;
		/* The control variate: less delta G, plus its mean. */
		t->value[s * d + i] = rc->cv == NULL ? dl * g : dl * (g -
		    rc->cv[i]) + (rc->xd[i] - rc->bm[i]) * rc->cv[i];
	}
}

/*
 * The draws of e's sampling plan for n samples asked (t->n points), unit
 * by unit through explainer_plan_units as a run draws them; the reg plan's
 * values adjusted block by block (sampling_reg_adjust, with the same mu and
 * share control as attr-gradshap.c).
 */
static int
teach_trace_plan(struct gs_explainer *e, const double *x, size_t row,
    size_t n, struct gs_trace *t, struct gs_error *err)
{
	const struct gs_sampler	*sp = e->sampler;
	struct gs_worker	*w = &e->w[0];
	struct gs_reg_share	 sh;
	struct teach_rec	 rc;
	struct gs_job		 job;
	double			*acc, *cv = NULL, mu = 0;
	size_t			 d = e->d, u, s, i, first, m, k0, nb;
	int			 reg = sampling_reg(sp), ret = -1;

	memset(&sh, 0, sizeof sh);
	memset(&rc, 0, sizeof rc);
	rc.t = t;
	rc.xd = x;
	rc.delta = xcalloc(xmul(t->n, d), sizeof *rc.delta);
	rc.draw = xcalloc(t->n, sizeof *rc.draw);
	acc = xcalloc(d, sizeof *acc);
	memset(&job, 0, sizeof job);
	if (e->pc != NULL) {
		if (plan_prefix(w->plan, w->x, 1, w->fx, err) != 0)
			goto out;
		job.fx = w->fx;
	}
	job.row = row;
	job.target = t->target;
	job.asked = n;
	job.n = sampling_units(sp, n);
	job.alpha = job.qw = NULL;
	job.x = w->x;
	job.xd = x;
	w->targets[0] = t->target;
	if ((rc.bm = sampling_cv_mean(sp)) != NULL) {
		/* The control variate's G: the gradient at (x + mean b) / 2. */
		for (i = 0; i < d; i++)
			w->z[i] = (gs_real)((x[i] + rc.bm[i]) / 2);
		if (plan_gradient(w->plan, w->z, 1, w->targets, NULL, w->grad,
		    err) != 0)
			goto out;
		cv = xcalloc(d, sizeof *cv);
		for (i = 0; i < d; i++)
			cv[i] = w->grad[i];
		rc.cv = cv;
	} else if (reg) {
		if (plan_gradient(w->plan, w->x, 1, w->targets, w->y, w->grad,
		    err) != 0)
			goto out;
		mu = (double)w->y[t->target] - explainer_base(e, t->target);
		if (e->nz == NULL)
			(void)sampling_reg_share(sp, w->x, w->grad,
			    (double)w->y[t->target], t->target, &sh);
	}
	t->units = job.n;
	/*
	 * The units as a run evaluates them (reg a block at a time, other
	 * plans batch k's units kB to kB + B - 1 together), so that every
	 * model pass holds the same points and rounds the same.
	 */
	for (k0 = 0; k0 < job.n; k0 += nb) {
		if (explainer_cancelled(e, err) != 0)
			goto out;
		nb = reg ? 1 : explainer_batch_range(e, job.n,
		    k0 / e->opts.batch, &first);
		acc = xreallocarray(acc, xmul(nb, d), sizeof *acc);
		if (explainer_plan_units(e, w, &job, k0, nb, 1,
		    teach_rec_point, teach_rec_value, &rc, acc, err) != 0)
			goto out;
	}
	for (first = 0, u = 0; u < job.n; u++, first += m) {
		m = sampling_points(sp, n, u) * sampling_members(sp);
		for (s = first; s < first + m; s++)
			t->unit[s] = u;
		if (reg)
			sampling_reg_adjust(sp, m, t->contrib + first * d,
			    rc.delta + first * d, rc.draw + first,
			    t->bidx + first, mu, sh.g != NULL ? &sh : NULL,
			    t->value + first * d);
	}
	ret = 0;
out:
	sampling_reg_share_free(&sh);
	free(rc.delta);
	free(rc.draw);
	free(acc);
	free(cv);
	return (ret);
}

/*
 * The running estimate and SE of t's values (see teach.h): every value a
 * unit of its own (by_unit 0), or the mean over units of each unit's
 * values, an incomplete unit counting as one. factor is the plan's SE
 * factor for the full run.
 */
static void
teach_trace_running(struct gs_trace *t, int by_unit, double factor)
{
	struct gs_stats	 st;
	double		*part, *um, k;
	size_t		 d = t->d, s, i, inpart = 0;

	stats_init(&st, d);
	st.order = 2;
	part = xcalloc(d, sizeof *part);
	um = xcalloc(d, sizeof *um);
	for (s = 0; s < t->n; s++) {
		if (!by_unit) {
			stats_add(&st, t->value + s * d);
			for (i = 0; i < d; i++)
				t->mean[s * d + i] = st.mean[i];
		} else {
			for (i = 0; i < d; i++)
				part[i] += t->value[s * d + i];
			inpart++;
			if (s + 1 == t->n || t->unit[s + 1] != t->unit[s]) {
				/* The unit is complete: its mean is a sample. */
				for (i = 0; i < d; i++) {
					um[i] = part[i] / (double)inpart;
					part[i] = 0;
				}
				stats_add(&st, um);
				inpart = 0;
			}
			k = (double)st.n;
			for (i = 0; i < d; i++)
				t->mean[s * d + i] = inpart == 0 ? st.mean[i] :
				    (st.mean[i] * k + part[i] /
				    (double)inpart) / (k + 1);
		}
		for (i = 0; i < d; i++)
			t->se[s * d + i] = stats_se_mean(&st, i) * factor;
	}
	free(part);
	free(um);
	stats_free(&st);
}

int
teach_trace(struct gs_explainer *e, const double *x, size_t row, size_t n,
    struct gs_trace *t, struct gs_error *err)
{
	const struct gs_sampler	*sp = e->sampler;
	size_t			 d = e->d, np;
	int			 rc;

	memset(t, 0, sizeof *t);
	if (e->opts.method != GS_METHOD_GRADSHAP)
		return (gs_error_set(err, GS_EINVAL, "trace: the explainer's "
		    "method is %s; tracing follows gradshap's samples",
		    method_name(e->opts.method)));
	np = sp != NULL && n > 0 && n <= TEACH_MAX_POINTS ?
	    sampling_used(sp, n) : n;
	if (n == 0 || np > TEACH_MAX_POINTS)
		return (gs_error_set(err, GS_EINVAL, "trace: %zu samples (1 to "
		    "%zu)", n, TEACH_MAX_POINTS));
	if (teach_target(e, x, row, &t->target, &t->fx, err) != 0)
		return (-1);
	t->d = d;
	t->n = np;
	t->seed = e->opts.seed;
	t->plan = e->opts.plan;
	t->antithetic = e->opts.antithetic;
	t->cv = e->opts.cv;
	if (sp == NULL)
		t->plan = GS_PLAN_MC;
	t->base = explainer_base(e, t->target);
	t->bidx = xcalloc(np, sizeof *t->bidx);
	t->alpha = xcalloc(np, sizeof *t->alpha);
	t->unit = xcalloc(np, sizeof *t->unit);
	t->point = xcalloc(xmul(np, d), sizeof *t->point);
	t->grad = xcalloc(xmul(np, d), sizeof *t->grad);
	t->contrib = xcalloc(xmul(np, d), sizeof *t->contrib);
	t->value = xcalloc(xmul(np, d), sizeof *t->value);
	t->mean = xcalloc(xmul(np, d), sizeof *t->mean);
	t->se = xcalloc(xmul(np, d), sizeof *t->se);
	if (sp == NULL)
		rc = teach_trace_mc(e, x, row, t, err);
	else
		rc = teach_trace_plan(e, x, row, n, t, err);
	if (rc != 0) {
		teach_trace_clear(t);
		return (-1);
	}
	teach_trace_running(t, sp != NULL && !sampling_reg(sp),
	    sp != NULL ? sampling_se_factor(sp, n) : 1);
	return (0);
}

void
teach_trace_clear(struct gs_trace *t)
{
	free(t->bidx);
	free(t->alpha);
	free(t->point);
	free(t->grad);
	free(t->contrib);
	free(t->value);
	free(t->unit);
	free(t->mean);
	free(t->se);
	memset(t, 0, sizeof *t);
}

/*
 * The smallest count method m accepts on e: IG the fewest steps its rule
 * takes; Kernel SHAP two samples per player (feature, or group); others 1.
 */
static size_t
teach_min_count(const struct gs_explainer *e)
{
	double	a[8], w[8];
	size_t	n, p;

	if (method_info(e->opts.method)->unit == GS_UNIT_STEPS) {
		for (n = 1; n < 8; n++)
			if (quadrature_rule(e->opts.rule, n, a, w, NULL) == 0)
				return (n);
		return (n);
	}
	/* Kernel SHAP's regression needs two coalitions per player. */
	if (e->opts.method == GS_METHOD_KERNEL) {
		p = e->ng > 0 ? e->ng : e->d;
		return (p > 1 ? 2 * p : 1);
	}
	return (1);
}

/*
 * One run of e at count cnt (samples, or IG steps with fresh nodes) into
 * ex. e's counts and nodes are put back by the caller.
 */
static int
teach_run_at(struct gs_explainer *e, const double *x, size_t row, size_t cnt,
    struct gs_explanation *ex, struct gs_error *err)
{
	double	*alpha, *qw;
	int	 rc;

	if (method_info(e->opts.method)->unit != GS_UNIT_STEPS) {
		e->opts.samples = cnt;
		return (explainer_run(e, x, row, ex, err));
	}
	alpha = xcalloc(cnt, sizeof *alpha);
	qw = xcalloc(cnt, sizeof *qw);
	e->opts.steps = cnt;
	e->alpha = alpha;
	e->qw = qw;
	rc = quadrature_rule(e->opts.rule, cnt, alpha, qw, err);
	if (rc == 0)
		rc = explainer_run(e, x, row, ex, err);
	free(alpha);
	free(qw);
	return (rc);
}

/*
 * Counts 1, 2, 4 ... below max, then max, into *out; those below the
 * method's least count are raised to it (so Kernel SHAP starts at 2 per
 * player and IG at its rule's fewest steps), duplicates dropped. When max
 * itself is below that least count, max alone (whose run then fails with
 * the method's message).
 */
static size_t
teach_counts(const struct gs_explainer *e, size_t max, size_t **out)
{
	size_t	lo = teach_min_count(e), *c, n = 0, v, p;

	c = xcalloc(66, sizeof *c);
	for (p = 1; p < max; p *= 2) {
		v = p < lo ? lo : p;
		if (v < max && (n == 0 || v > c[n - 1]))
			c[n++] = v;
		if (p > SIZE_MAX / 2)
			break;
	}
	c[n++] = max;
	*out = c;
	return (n);
}

int
teach_convergence(struct gs_explainer *e, const double *x, size_t row,
    size_t max, struct gs_convergence *c, struct gs_error *err)
{
	struct gs_attr_opts	 saved = e->opts;
	struct gs_explanation	 ex;
	struct gs_error		 rerr;
	double			*alpha = e->alpha, *qw = e->qw;
	size_t			*counts = NULL, nc, k, i, d = e->d;
	int			 rc = -1, stoch;

	memset(c, 0, sizeof *c);
	if (method_info(e->opts.method)->unit != GS_UNIT_SAMPLES &&
	    method_info(e->opts.method)->unit != GS_UNIT_STEPS)
		return (gs_error_set(err, GS_EINVAL, "convergence: %s has no "
		    "sample or step count", method_name(e->opts.method)));
	if (max == 0 || max > 100000000)
		return (gs_error_set(err, GS_EINVAL, "convergence: %zu "
		    "samples (1 to 100000000)", max));
	stoch = method_stochastic(e->opts.method);
	nc = teach_counts(e, max, &counts);
	c->d = d;
	c->method = e->opts.method;
	c->samples = xcalloc(nc, sizeof *c->samples);
	c->phi = xcalloc(xmul(nc, d), sizeof *c->phi);
	c->se = stoch ? xcalloc(xmul(nc, d), sizeof *c->se) : NULL;
	c->gap = xcalloc(nc, sizeof *c->gap);
	/* Each run at exactly its count: no tolerance rounds. */
	e->opts.tol = 0;
	for (k = 0; k < nc; k++) {
		if (explainer_cancelled(e, err) != 0)
			goto out;
		gs_error_clear(&rerr);
		if (teach_run_at(e, x, row, counts[k], &ex, &rerr) != 0) {
			/* A singular Kernel SHAP regression: skip the count. */
			if (e->opts.method == GS_METHOD_KERNEL &&
			    rerr.code == GS_EINVAL && counts[k] < max &&
			    counts[k] >= teach_min_count(e))
				continue;
			if (err != NULL)
				*err = rerr;
			goto out;
		}
		c->samples[c->n] = counts[k];
		for (i = 0; i < d; i++) {
			c->phi[c->n * d + i] = ex.phi[i];
			if (c->se != NULL)
				c->se[c->n * d + i] = ex.se != NULL ?
				    ex.se[i] : 0;
		}
		c->gap[c->n] = ex.gap;
		c->n++;
		explanation_clear(&ex);
	}
	rc = 0;
out:
	e->opts = saved;
	e->alpha = alpha;
	e->qw = qw;
	free(counts);
	if (rc != 0)
		teach_convergence_clear(c);
	return (rc);
}

void
teach_convergence_clear(struct gs_convergence *c)
{
	free(c->samples);
	free(c->phi);
	free(c->se);
	free(c->gap);
	memset(c, 0, sizeof *c);
}

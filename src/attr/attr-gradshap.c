/* SPDX-License-Identifier: ISC */
/*
 * Gradient SHAP, i.e. expected gradients (Erion et al., "Improving
 * performance of deep learning models with axiomatic attribution priors and
 * expected gradients", Nature MI 2021; Lundberg & Lee 2017 for the name):
 *
 *   phi_i = E_{b ~ B, alpha ~ U(0,1), eps ~ N(0, sigma^2)}
 *           [ (x + eps - b)_i * d f / d x_i (b + alpha (x + eps - b)) ]
 *
 * estimated by the mean over n samples, with standard error sd / sqrt(n).
 * Completeness holds in expectation: sum_i phi_i -> E[f(x + eps)] - E_b[f(b)].
 * Sample s of row r draws, from stream (r, s), a baseline index, alpha, then
 * d normal deviates (or takes its row of a noise function's output).
 * Under another sampling plan (sampling.c) the draws come from the
 * sampler, and each unit (an antithetic pair, a QMC replicate) is averaged
 * into one sample of the accumulator, so standard errors stay honest.
 */
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "core/xmalloc.h"

/* Point q of a plan's draw: b + alpha' (x + sign eps - b), alpha' = alpha or 1 - alpha. */
void
attr_gradshap_point(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t q, const struct explainer_draw *dr,
    void *arg)
{
	const gs_real	*b = e->bl->rows + dr->bidx * e->d;
	double		 al = dr->sign > 0 ? dr->alpha : 1 - dr->alpha, xe;
	size_t		 d = e->d, i;

	(void)arg;
	if (dr->eps == NULL) {
		/* The common case, without a test per element (vectorises). */
		for (i = 0; i < d; i++) {
			xe = j->x[i];
			w->delta[q * d + i] = (gs_real)(xe - b[i]);
			w->z[q * d + i] = (gs_real)(b[i] + al * (xe - b[i]));
		}
	}
	for (i = 0; dr->eps != NULL && i < d; i++) {
		xe = j->x[i];
		xe += dr->sign * dr->eps[i];
		w->delta[q * d + i] = (gs_real)(xe - b[i]);
		w->z[q * d + i] = (gs_real)(b[i] + al * (xe - b[i]));
	}
	w->targets[q] = j->target;
}

/* Point q's contribution delta (grad - G), G the control variate's or 0. */
static void
attr_gradshap_value(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t q, double *acc, void *arg)
{
	const double	*cv = arg;
	size_t		 d = e->d, i;

	(void)j;
	if (cv == NULL) {
		/* grad - 0 is grad: the same sums, in a loop that vectorises. */
		for (i = 0; i < d; i++)
			acc[i] += (double)w->delta[q * d + i] *
			    (double)w->grad[q * d + i];
		return;
	}
	for (i = 0; i < d; i++)
		acc[i] += (double)w->delta[q * d + i] * (w->grad[q * d + i] -
		    cv[i]);
}

/* What the reg plan keeps of each draw of a block. */
struct attr_gradshap_keep {
	size_t		 np;		/* draws made */
	size_t		 nv;		/* draws evaluated */
	double		*c;		/* their contributions, nv x d */
	gs_real		*delta;		/* their x + eps - b, nv x d */
	double		*alpha;		/* their alpha, np */
	size_t		*bidx;		/* their baseline, np */
};

/* Point q of a reg block: as any plan's, and remember alpha and b. */
static void
attr_gradshap_keep_point(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t q, const struct explainer_draw *dr,
    void *arg)
{
	struct attr_gradshap_keep *kp = arg;

	attr_gradshap_point(e, w, j, q, dr, NULL);
	kp->alpha[kp->np] = dr->alpha;
	kp->bidx[kp->np++] = dr->bidx;
}

/* Point q's contributions and path direction, kept (in draw order). */
static void
attr_gradshap_keep_value(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t q, double *acc, void *arg)
{
	struct attr_gradshap_keep *kp = arg;
	size_t	 d = e->d, i, o = kp->nv++ * d;

	(void)j;
	(void)acc;
	for (i = 0; i < d; i++) {
		kp->delta[o + i] = w->delta[q * d + i];
		kp->c[o + i] = (double)w->delta[q * d + i] *
		    (double)w->grad[q * d + i];
	}
}

/*
 * Batch k of blocks under the reg plan: draw and evaluate each block's
 * points, then add every draw, adjusted by the block's leave-one-out
 * regression on control variates (sampling_reg_adjust), as one sample.
 */
static int
attr_gradshap_reg(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t k, struct gs_error *err)
{
	const struct gs_sampler	*sp = e->sampler;
	struct attr_gradshap_keep kp;
	struct gs_reg_share	 sh;
	double			*acc, mu;
	size_t			 d = e->d, first, nb, u, p, m;
	int			 rc = -1;

	nb = explainer_batch_range(e, j->n, k, &first);
	m = sampling_max_points(sp, j->asked);
	/* Written before they are read: no need to clear them. */
	kp.c = xmalloc(xmul(xmul(m, d), sizeof *kp.c));
	kp.delta = xmalloc(xmul(xmul(m, d), sizeof *kp.delta));
	kp.alpha = xmalloc(xmul(m, sizeof *kp.alpha));
	kp.bidx = xmalloc(xmul(m, sizeof *kp.bidx));
	acc = xcalloc(d, sizeof *acc);
	memset(&sh, 0, sizeof sh);
	/*
	 * mu = E[sum_i c_i] = f(x) - E_b f(b) (completeness), and without
	 * noise the share control from the gradient at x.
	 */
	w->targets[0] = j->target;
	if (plan_gradient(w->plan, j->x, 1, w->targets, w->y, w->grad,
	    err) != 0)
		goto out;
	mu = (double)w->y[j->target] - explainer_base(e, j->target);
	if (e->nz == NULL)
		(void)sampling_reg_share(sp, j->x, w->grad,
		    (double)w->y[j->target], j->target, &sh);
	stats_reset(&w->batch);
	for (u = first; u < first + nb; u++) {
		kp.np = kp.nv = 0;
		if (explainer_plan_units(e, w, j, u, 1, 1,
		    attr_gradshap_keep_point, attr_gradshap_keep_value, &kp,
		    acc, err) != 0)
			goto out;
		m = kp.nv;
		sampling_reg_adjust(sp, m, kp.c, kp.delta, kp.alpha, kp.bidx,
		    mu, sh.g != NULL ? &sh : NULL, kp.c);
		for (p = 0; p < m; p++) {
			memcpy(w->contrib, kp.c + p * d, d * sizeof *kp.c);
			explainer_add_sample(e, w);
		}
	}
	rc = 0;
out:
	sampling_reg_share_free(&sh);
	free(kp.c);
	free(kp.delta);
	free(kp.alpha);
	free(kp.bidx);
	free(acc);
	return (rc);
}

/* Batch k of randomisation units under a sampling plan. */
static int
attr_gradshap_plan(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t k, struct gs_error *err)
{
	const struct gs_sampler	*sp = e->sampler;
	const double		*bm = sampling_cv_mean(sp);
	double			*cv = NULL, *acc = NULL, m;
	size_t			 d = e->d, a = sampling_members(sp), first, nb;
	size_t			 u, i;
	int			 rc = -1;

	nb = explainer_batch_range(e, j->n, k, &first);
	if (bm != NULL) {
		/* The control variate's G: the gradient at (x + mean b) / 2. */
		for (i = 0; i < d; i++)
			w->z[i] = (gs_real)((j->xd[i] + bm[i]) / 2);
		w->targets[0] = j->target;
		if (plan_gradient(w->plan, w->z, 1, w->targets, NULL, w->grad,
		    err) != 0)
			return (-1);
		cv = xcalloc(d, sizeof *cv);
		for (i = 0; i < d; i++)
			cv[i] = w->grad[i];
	}
	acc = xcalloc(xmul(nb, d), sizeof *acc);
	if (explainer_plan_units(e, w, j, first, nb, 1, attr_gradshap_point,
	    attr_gradshap_value, cv, acc, err) != 0)
		goto out;
	stats_reset(&w->batch);
	for (u = 0; u < nb; u++) {
		m = (double)(sampling_points(sp, j->asked, first + u) * a);
		for (i = 0; i < d; i++)
			w->contrib[i] = acc[u * d + i] / m +
			    (cv != NULL ? (j->xd[i] - bm[i]) * cv[i] : 0);
		explainer_add_sample(e, w);
	}
	rc = 0;
out:
	free(cv);
	free(acc);
	return (rc);
}

int
attr_gradshap_batch(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t k, struct gs_error *err)
{
	struct gs_rng	 r;
	const gs_real	*b;
	size_t		 d = e->d, first, nb, s, i;
	double		 alpha, xe;

	if (e->sampler != NULL && sampling_reg(e->sampler))
		return (attr_gradshap_reg(e, w, j, k, err));
	if (e->sampler != NULL)
		return (attr_gradshap_plan(e, w, j, k, err));
	nb = explainer_batch_range(e, j->n, k, &first);
	if (w->noise != NULL && e->nz->fill(e->nz->fill_arg, j->row, j->xd, nb,
	    d, e->opts.seed, first, w->noise, err) != 0)
		return (-1);
	for (s = 0; s < nb; s++) {
		gs_rng_init2(&r, e->opts.seed, j->row, first + s);
		b = e->bl->rows + explainer_draw_baseline(e, &r) * d;
		alpha = gs_rng_uniform(&r);
		w->targets[s] = j->target;
		if (e->nz == NULL) {
			/* No noise: no test per element, so it vectorises. */
			for (i = 0; i < d; i++) {
				xe = j->x[i];
				w->delta[s * d + i] = (gs_real)(xe - b[i]);
				w->z[s * d + i] = (gs_real)(b[i] + alpha *
				    (xe - b[i]));
			}
			continue;
		}
		for (i = 0; i < d; i++) {
			xe = j->x[i];
			if (w->noise != NULL)
				xe += w->noise[s * d + i];
			else if (e->nz != NULL)
				xe += e->nz->sigma[i] * gs_rng_normal(&r);
			w->delta[s * d + i] = (gs_real)(xe - b[i]);
			w->z[s * d + i] = (gs_real)(b[i] + alpha * (xe - b[i]));
		}
	}
	if (plan_gradient(w->plan, w->z, nb, w->targets, NULL, w->grad,
	    err) != 0)
		return (-1);
	stats_reset(&w->batch);
	for (s = 0; s < nb; s++) {
		for (i = 0; i < d; i++)
			w->contrib[i] = (double)w->delta[s * d + i] *
			    w->grad[s * d + i];
		explainer_add_sample(e, w);
	}
	return (0);
}

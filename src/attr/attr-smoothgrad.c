/* SPDX-License-Identifier: ISC */
/*
 * SmoothGrad (Smilkov et al., "SmoothGrad: removing noise by adding noise",
 * 2017) and its variants (Adebayo et al. 2018): over n copies x + eps_k,
 * eps ~ N(0, sigma^2), report the mean gradient ("mean"), the mean squared
 * gradient ("sq") or the variance of the gradient ("var", VarGrad). With
 * --abs the absolute gradient is averaged. Standard errors: sd / sqrt(n) for
 * the means, the fourth-moment formula for the variance (stats.c). Sample s
 * of row r draws its d deviates from stream (r, s). Under another sampling
 * plan the deviates come from the sampler, and each unit (an antithetic
 * pair, a QMC replicate) is averaged into one sample (sampling.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "core/xmalloc.h"

/* Point q of a plan's draw: x + sign eps. */
static void
attr_smoothgrad_point(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t q, const struct explainer_draw *dr,
    void *arg)
{
	size_t	d = e->d, i;

	(void)arg;
	for (i = 0; i < d; i++)
		w->z[q * d + i] = (gs_real)(j->x[i] + dr->sign * dr->eps[i]);
	w->targets[q] = j->target;
}

/* Point q's gradient (absolute, or squared, as asked). */
static void
attr_smoothgrad_value(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t q, double *acc, void *arg)
{
	size_t	d = e->d, i;
	double	g;

	(void)j;
	(void)arg;
	for (i = 0; i < d; i++) {
		g = w->grad[q * d + i];
		if (e->opts.absolute)
			g = fabs(g);
		acc[i] += e->opts.smooth == GS_SMOOTH_SQ ? g * g : g;
	}
}

/* Batch k of randomisation units under a sampling plan. */
static int
attr_smoothgrad_plan(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t k, struct gs_error *err)
{
	const struct gs_sampler	*sp = e->sampler;
	size_t			 d = e->d, a = sampling_members(sp), first, nb;
	size_t			 u, i;
	double			*acc, m;
	int			 rc = -1;

	nb = explainer_batch_range(e, j->n, k, &first);
	acc = xcalloc(xmul(nb, d), sizeof *acc);
	if (explainer_plan_units(e, w, j, first, nb, 0, attr_smoothgrad_point,
	    attr_smoothgrad_value, NULL, acc, err) != 0)
		goto out;
	stats_reset(&w->batch);
	for (u = 0; u < nb; u++) {
		m = (double)(sampling_points(sp, j->asked, first + u) * a);
		for (i = 0; i < d; i++)
			w->contrib[i] = acc[u * d + i] / m;
		explainer_add_sample(e, w);
	}
	rc = 0;
out:
	free(acc);
	return (rc);
}

int
attr_smoothgrad_batch(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t k, struct gs_error *err)
{
	struct gs_rng	 r;
	size_t		 d = e->d, first, nb, s, i;
	double		 g;

	if (e->nz == NULL)
		return (gs_error_set(err, GS_EINVAL, "smoothgrad needs input "
		    "noise (for example --noise 15%%)"));
	if (e->sampler != NULL)
		return (attr_smoothgrad_plan(e, w, j, k, err));
	nb = explainer_batch_range(e, j->n, k, &first);
	if (w->noise != NULL && e->nz->fill(e->nz->fill_arg, j->row, j->xd, nb,
	    d, e->opts.seed, first, w->noise, err) != 0)
		return (-1);
	for (s = 0; s < nb; s++) {
		gs_rng_init2(&r, e->opts.seed, j->row, first + s);
		for (i = 0; i < d; i++)
			w->z[s * d + i] = (gs_real)(j->x[i] + (w->noise != NULL ?
			    w->noise[s * d + i] :
			    e->nz->sigma[i] * gs_rng_normal(&r)));
		w->targets[s] = j->target;
	}
	if (plan_gradient(w->plan, w->z, nb, w->targets, NULL, w->grad,
	    err) != 0)
		return (-1);
	stats_reset(&w->batch);
	for (s = 0; s < nb; s++) {
		for (i = 0; i < d; i++) {
			g = w->grad[s * d + i];
			if (e->opts.absolute)
				g = fabs(g);
			w->contrib[i] = e->opts.smooth == GS_SMOOTH_SQ ?
			    g * g : g;
		}
		explainer_add_sample(e, w);
	}
	return (0);
}

int
attr_smoothgrad_finish(struct gs_explainer *e, struct gs_worker *home,
    const struct gs_job *j, struct gs_explanation *ex, struct gs_error *err)
{
	size_t	i;

	if (e->opts.smooth != GS_SMOOTH_VAR)
		return (explainer_finish_mean(e, home, j, ex, err));
	/* VarGrad: a group's value is the sum of its members' variances. */
	ex->se = xcalloc(e->d, sizeof *ex->se);
	for (i = 0; i < e->d; i++) {
		ex->phi[i] = stats_var(&home->total, i);
		ex->se[i] = stats_se_var(&home->total, i);
	}
	return (0);
}

/* SPDX-License-Identifier: ISC */
/*
 * SmoothGrad (Smilkov et al., "SmoothGrad: removing noise by adding noise",
 * 2017) and its variants (Adebayo et al. 2018): over n copies x + eps_k,
 * eps ~ N(0, sigma^2), report the mean gradient ("mean"), the mean squared
 * gradient ("sq") or the variance of the gradient ("var", VarGrad). With
 * --abs the absolute gradient is averaged. Standard errors: sd / sqrt(n) for
 * the means, the fourth-moment formula for the variance (stats.c). Sample s
 * of row r draws its d deviates from stream (r, s).
 */
#include <math.h>
#include <stdlib.h>

#include "attr/explainer.h"
#include "core/xmalloc.h"

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

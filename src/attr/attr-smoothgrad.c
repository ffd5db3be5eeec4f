/* SPDX-License-Identifier: ISC */
/*
 * SmoothGrad (Smilkov et al., "SmoothGrad: removing noise by adding noise",
 * 2017) and its variants (Adebayo et al. 2018): over n copies x + eps_k,
 * eps ~ N(0, sigma^2), report the mean gradient ("mean"), the mean squared
 * gradient ("sq") or the variance of the gradient ("var", VarGrad). With
 * --abs the absolute gradient is averaged. Standard errors: sd / sqrt(n) for
 * the means, the fourth-moment formula for the variance (stats.c).
 */
#include <math.h>
#include <stdlib.h>

#include "attr/explainer.h"
#include "core/xmalloc.h"

int
attr_smoothgrad_run(struct gs_explainer *e, size_t row, size_t target,
    struct gs_explanation *ex, struct gs_error *err)
{
	struct gs_rng	 r;
	size_t		 n = e->opts.samples, d = e->d, done, nb, k, i;
	double		 g;

	if (e->nz == NULL)
		return (gs_error_set(err, GS_EINVAL, "smoothgrad needs input "
		    "noise (for example --noise 15%%)"));
	explainer_rng(e, row, &r);
	stats_reset(&e->stats);
	for (done = 0; done < n; done += nb) {
		if (explainer_cancelled(e, err) != 0)
			return (-1);
		nb = n - done < e->opts.batch ? n - done : e->opts.batch;
		for (k = 0; k < nb; k++) {
			for (i = 0; i < d; i++)
				e->z[k * d + i] = (gs_real)(e->x[i] +
				    e->nz->sigma[i] * gs_rng_normal(&r));
			e->targets[k] = target;
		}
		if (plan_gradient(e->plan, e->z, nb, e->targets, NULL,
		    e->grad, err) != 0)
			return (-1);
		for (k = 0; k < nb; k++) {
			for (i = 0; i < d; i++) {
				g = e->grad[k * d + i];
				if (e->opts.absolute)
					g = fabs(g);
				e->contrib[i] = e->opts.smooth == GS_SMOOTH_SQ ?
				    g * g : g;
			}
			stats_add(&e->stats, e->contrib);
		}
	}
	ex->se = xcalloc(d, sizeof *ex->se);
	for (i = 0; i < d; i++) {
		if (e->opts.smooth == GS_SMOOTH_VAR) {
			ex->phi[i] = stats_var(&e->stats, i);
			ex->se[i] = stats_se_var(&e->stats, i);
		} else {
			ex->phi[i] = e->stats.mean[i];
			ex->se[i] = stats_se_mean(&e->stats, i);
		}
	}
	ex->samples_used = n;
	return (0);
}

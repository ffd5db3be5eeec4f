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
 * Each sample draws, in this order, a baseline index, alpha, then d normal
 * deviates, all from the row's own stream, so results depend on the seed
 * and the row only, never on the batch size or the thread count.
 */
#include <stdlib.h>

#include "attr/explainer.h"
#include "core/xmalloc.h"

int
attr_gradshap_run(struct gs_explainer *e, size_t row, size_t target,
    struct gs_explanation *ex, struct gs_error *err)
{
	struct gs_rng	 r;
	const gs_real	*b;
	size_t		 n = e->opts.samples, d = e->d, done, nb, k, i;
	double		 alpha, xe;

	explainer_rng(e, row, &r);
	stats_reset(&e->stats);
	for (done = 0; done < n; done += nb) {
		if (explainer_cancelled(e, err) != 0)
			return (-1);
		nb = n - done < e->opts.batch ? n - done : e->opts.batch;
		for (k = 0; k < nb; k++) {
			b = e->bl->rows + explainer_draw_baseline(e, &r) * d;
			alpha = gs_rng_uniform(&r);
			for (i = 0; i < d; i++) {
				xe = e->x[i];
				if (e->nz != NULL)
					xe += e->nz->sigma[i] * gs_rng_normal(&r);
				e->delta[k * d + i] = (gs_real)(xe - b[i]);
				e->z[k * d + i] = (gs_real)(b[i] +
				    alpha * (xe - b[i]));
			}
			e->targets[k] = target;
		}
		if (plan_gradient(e->plan, e->z, nb, e->targets, NULL,
		    e->grad, err) != 0)
			return (-1);
		for (k = 0; k < nb; k++) {
			for (i = 0; i < d; i++)
				e->contrib[i] = (double)e->delta[k * d + i] *
				    e->grad[k * d + i];
			stats_add(&e->stats, e->contrib);
		}
	}
	ex->se = xcalloc(d, sizeof *ex->se);
	for (i = 0; i < d; i++) {
		ex->phi[i] = e->stats.mean[i];
		ex->se[i] = stats_se_mean(&e->stats, i);
	}
	ex->samples_used = n;
	return (0);
}

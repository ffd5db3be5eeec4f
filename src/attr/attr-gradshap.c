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
 */
#include "attr/explainer.h"

int
attr_gradshap_batch(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t k, struct gs_error *err)
{
	struct gs_rng	 r;
	const gs_real	*b;
	size_t		 d = e->d, first, nb, s, i;
	double		 alpha, xe;

	nb = explainer_batch_range(e, j->n, k, &first);
	if (w->noise != NULL && e->nz->fill(e->nz->fill_arg, j->row, j->xd, nb,
	    d, e->opts.seed, first, w->noise, err) != 0)
		return (-1);
	for (s = 0; s < nb; s++) {
		gs_rng_init2(&r, e->opts.seed, j->row, first + s);
		b = e->bl->rows + explainer_draw_baseline(e, &r) * d;
		alpha = gs_rng_uniform(&r);
		for (i = 0; i < d; i++) {
			xe = j->x[i];
			if (w->noise != NULL)
				xe += w->noise[s * d + i];
			else if (e->nz != NULL)
				xe += e->nz->sigma[i] * gs_rng_normal(&r);
			w->delta[s * d + i] = (gs_real)(xe - b[i]);
			w->z[s * d + i] = (gs_real)(b[i] + alpha * (xe - b[i]));
		}
		w->targets[s] = j->target;
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

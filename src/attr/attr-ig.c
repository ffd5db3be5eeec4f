/* SPDX-License-Identifier: ISC */
/*
 * Integrated gradients (Sundararajan, Taly & Yan, "Axiomatic attribution
 * for deep networks", ICML 2017):
 *
 *   phi_i = (x_i - b_i) * integral_0^1 d f / d x_i (b + alpha (x - b)) d alpha
 *
 * by a quadrature rule whose weights sum to 1 (quadrature.c). Completeness:
 * sum_i phi_i = f(x) - f(b) up to the quadrature error, which the reported
 * gap measures. Deterministic: no standard errors.
 */
#include <string.h>

#include "attr/explainer.h"

int
attr_ig_batch(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t k, struct gs_error *err)
{
	const gs_real	*b = e->bl->rows;
	size_t		 d = e->d, first, nb, s, i;

	nb = explainer_batch_range(e, j->n, k, &first);
	for (s = 0; s < nb; s++) {
		for (i = 0; i < d; i++)
			w->z[s * d + i] = (gs_real)(b[i] + j->alpha[first + s] *
			    ((double)j->x[i] - b[i]));
		w->targets[s] = j->target;
	}
	if (plan_gradient(w->plan, w->z, nb, w->targets, NULL, w->grad,
	    err) != 0)
		return (-1);
	memset(w->acc, 0, d * sizeof *w->acc);
	for (s = 0; s < nb; s++)
		for (i = 0; i < d; i++)
			w->acc[i] += j->qw[first + s] * w->grad[s * d + i];
	return (0);
}

void
attr_ig_merge(struct gs_explainer *e, struct gs_worker *home,
    struct gs_worker *w)
{
	size_t	i;

	for (i = 0; i < e->d; i++)
		home->acc_total[i] += w->acc[i];
}

int
attr_ig_finish(struct gs_explainer *e, struct gs_worker *home,
    const struct gs_job *j, struct gs_explanation *ex, struct gs_error *err)
{
	const gs_real	*b = e->bl->rows;
	size_t		 i;

	(void)err;
	for (i = 0; i < e->d; i++)
		ex->phi[i] = ((double)j->x[i] - b[i]) * home->acc_total[i];
	return (0);
}

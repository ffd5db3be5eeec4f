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
#include <stdlib.h>

#include "attr/explainer.h"
#include "core/xmalloc.h"

int
attr_ig_run(struct gs_explainer *e, size_t row, size_t target,
    struct gs_explanation *ex, struct gs_error *err)
{
	const gs_real	*b = e->bl->rows;
	size_t		 n = e->opts.steps, d = e->d, done, nb, k, i;
	double		*alpha, *w, *acc;
	int		 rc = -1;

	alpha = xcalloc(n, sizeof *alpha);
	w = xcalloc(n, sizeof *w);
	acc = xcalloc(d, sizeof *acc);
	if (quadrature_rule(e->opts.rule, n, alpha, w, err) != 0)
		goto out;
	for (done = 0; done < n; done += nb) {
		if (explainer_cancelled(e, err) != 0)
			goto out;
		nb = n - done < e->opts.batch ? n - done : e->opts.batch;
		for (k = 0; k < nb; k++) {
			for (i = 0; i < d; i++)
				e->z[k * d + i] = (gs_real)(b[i] +
				    alpha[done + k] * ((double)e->x[i] - b[i]));
			e->targets[k] = target;
		}
		if (plan_gradient(e->plan, e->z, nb, e->targets, NULL,
		    e->grad, err) != 0)
			goto out;
		for (k = 0; k < nb; k++)
			for (i = 0; i < d; i++)
				acc[i] += w[done + k] * e->grad[k * d + i];
	}
	for (i = 0; i < d; i++)
		ex->phi[i] = ((double)e->x[i] - b[i]) * acc[i];
	ex->samples_used = n;
	rc = 0;
out:
	free(alpha);
	free(w);
	free(acc);
	return (rc);
}

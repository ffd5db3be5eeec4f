/* SPDX-License-Identifier: ISC */
/*
 * Input times gradient (Shrikumar et al. 2016): phi_i = x_i * df/dx_i(x).
 * Equals integrated gradients against a zero baseline for models linear in
 * x, and nothing in general; no base value is claimed. Deterministic.
 */
#include "attr/explainer.h"

int
attr_ixg_run(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, struct gs_explanation *ex, struct gs_error *err)
{
	size_t	i;

	if (explainer_gradient_at_input(e, w, j->target, err) != 0)
		return (-1);
	for (i = 0; i < e->d; i++)
		ex->phi[i] = (double)j->x[i] * w->grad[i];
	ex->samples_used = 1;
	return (0);
}

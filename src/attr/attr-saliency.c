/* SPDX-License-Identifier: ISC */
/*
 * Saliency (Simonyan, Vedaldi & Zisserman 2014): the gradient of the
 * explained output at the input, signed, or its absolute value with --abs.
 * No baseline, no completeness property, deterministic.
 */
#include <math.h>

#include "attr/explainer.h"

int
attr_saliency_run(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, struct gs_explanation *ex, struct gs_error *err)
{
	size_t	i;

	if (explainer_gradient_at_input(e, w, j->target, err) != 0)
		return (-1);
	for (i = 0; i < e->d; i++)
		ex->phi[i] = e->opts.absolute ? fabs((double)w->grad[i]) :
		    w->grad[i];
	ex->samples_used = 1;
	return (0);
}

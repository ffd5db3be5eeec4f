/* SPDX-License-Identifier: ISC */
/*
 * Saliency (Simonyan, Vedaldi & Zisserman 2014): the gradient of the
 * explained output at the input, signed, or its absolute value with --abs.
 * No baseline, no completeness property, deterministic.
 */
#include <math.h>

#include "attr/explainer.h"

/* The gradient at e->x into e->grad (one row). */
int
attr_gradient_at_input(struct gs_explainer *e, size_t target,
    struct gs_error *err)
{
	e->targets[0] = target;
	return (plan_gradient(e->plan, e->x, 1, e->targets, NULL, e->grad,
	    err));
}

int
attr_saliency_run(struct gs_explainer *e, size_t row, size_t target,
    struct gs_explanation *ex, struct gs_error *err)
{
	size_t	i;

	if (attr_gradient_at_input(e, target, err) != 0)
		return (-1);
	for (i = 0; i < e->d; i++)
		ex->phi[i] = e->opts.absolute ? fabs((double)e->grad[i]) :
		    e->grad[i];
	ex->samples_used = 1;
	return (0);
}

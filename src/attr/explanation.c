/* SPDX-License-Identifier: ISC */
/*
 * Copying an explanation: it owns everything it shows (values,
 * attributions, standard errors, baseline and noise specs, the baseline's
 * description, groups and metrics), so a copy is deep and outlives the
 * explainer, the job and the baseline set that made it.
 */
#include <stdlib.h>
#include <string.h>

#include "attr/trust.h"
#include "core/xmalloc.h"

/* A copy of n doubles, or NULL for NULL. */
static double *
explanation_dup_doubles(const double *v, size_t n)
{
	double	*p;

	if (v == NULL)
		return (NULL);
	p = xcalloc(n > 0 ? n : 1, sizeof *p);
	memcpy(p, v, n * sizeof *p);
	return (p);
}

/* A copy of n sizes, or NULL for NULL. */
static size_t *
explanation_dup_sizes(const size_t *v, size_t n)
{
	size_t	*p;

	if (v == NULL)
		return (NULL);
	p = xcalloc(n > 0 ? n : 1, sizeof *p);
	memcpy(p, v, n * sizeof *p);
	return (p);
}

/* A copy of s, or NULL for NULL. */
static char *
explanation_dup_string(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

/* Deep copy of the quality metrics m of d features, or NULL for NULL. */
static struct gs_metrics *
explanation_dup_metrics(const struct gs_metrics *m, size_t d)
{
	struct gs_metrics	*c;

	if (m == NULL)
		return (NULL);
	c = xcalloc(1, sizeof *c);
	*c = *m;
	c->frac = explanation_dup_doubles(m->frac, m->npoints);
	c->del = explanation_dup_doubles(m->del, m->npoints);
	c->ins = explanation_dup_doubles(m->ins, m->npoints);
	c->phi_sd = explanation_dup_doubles(m->phi_sd, d);
	c->rank_lo = explanation_dup_sizes(m->rank_lo, d);
	c->rank_hi = explanation_dup_sizes(m->rank_hi, d);
	return (c);
}

void
explanation_copy(struct gs_explanation *dst, const struct gs_explanation *src)
{
	*dst = *src;
	dst->value = explanation_dup_doubles(src->value, src->d);
	dst->phi = explanation_dup_doubles(src->phi, src->d);
	dst->se = explanation_dup_doubles(src->se, src->d);
	dst->quad_err = explanation_dup_doubles(src->quad_err, GS_RULE_COUNT);
	dst->metrics = explanation_dup_metrics(src->metrics, src->d);
	dst->baseline = explanation_dup_string(src->baseline);
	dst->baseline_desc = explanation_dup_string(src->baseline_desc);
	dst->noise = explanation_dup_string(src->noise);
	dst->groups = NULL;
	dst->gphi = NULL;
	dst->gse = NULL;
	if (src->groups != NULL) {
		dst->groups = xcalloc(1, sizeof *dst->groups);
		groups_copy(dst->groups, src->groups);
		dst->gphi = explanation_dup_doubles(src->gphi, src->groups->n);
		dst->gse = explanation_dup_doubles(src->gse, src->groups->n);
	}
	/* A copy is done: nothing to cancel. */
	dst->opts.cancel = NULL;
	dst->opts.cancel_arg = NULL;
}

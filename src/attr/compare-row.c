/* SPDX-License-Identifier: ISC */
/*
 * One row explained by two models with common random numbers: both
 * explanations, the difference with its paired standard error (from the
 * difference model's per-draw values, compare.h), ranks, each feature's
 * verdict against its noise, and whether the predictions agree.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/compare.h"
#include "attr/explainer.h"
#include "attr/sampling-int.h"
#include "attr/trust.h"
#include "core/xmalloc.h"

/* 1.96: two-sided 95% under a normal approximation. */
#define COMPARE_Z	1.959963984540054
/* A difference within this much of the explanation's scale is rounding. */
#define COMPARE_ROUNDING	1e-5

void
compare_clear(struct gs_paired *c)
{
	explanation_clear(&c->a);
	explanation_clear(&c->b);
	explanation_clear(&c->delta);
	free(c->se_unpaired);
	free(c->rank_a);
	free(c->rank_b);
	free(c->verdict);
	memset(c, 0, sizeof *c);
}

void
compare_share_draws(const struct gs_explainer *a, struct gs_explainer *b)
{
	const struct gs_sampler	*sa = a->sampler;
	struct gs_sampler	*sb = b->sampler;

	if (sa == NULL || sb == NULL || sa->nb != sb->nb)
		return;
	free(sb->order);
	free(sb->ocum);
	sb->order = NULL;
	sb->ocum = NULL;
	if (sa->order != NULL) {
		sb->order = xcalloc(sa->nb, sizeof *sb->order);
		memcpy(sb->order, sa->order, sa->nb * sizeof *sb->order);
	}
	if (sa->ocum != NULL) {
		sb->ocum = xcalloc(sa->nb, sizeof *sb->ocum);
		memcpy(sb->ocum, sa->ocum, sa->nb * sizeof *sb->ocum);
	}
}

size_t
compare_batch(const struct gs_explainer *e)
{
	return (e->opts.batch);
}

const char *
compare_verdict_name(enum gs_cmp_verdict v)
{
	static const char *names[] = { "same", "within noise",
	    "larger than noise" };
	_Static_assert(sizeof names / sizeof names[0] == GS_CMP_VERDICT_COUNT,
	    "verdict names out of step with enum gs_cmp_verdict");

	return ((int)v >= 0 && v < GS_CMP_VERDICT_COUNT ? names[v] : "same");
}

int
compare_agree(size_t k, size_t pred_a, size_t pred_b, double fa, double fb,
    enum gs_output_scale scale)
{
	if (k > 1)
		return (pred_a == pred_b);
	if (scale == GS_SCALE_PROB)
		return ((fa >= 0.5) == (fb >= 0.5));
	return ((fa >= 0) == (fb >= 0));
}

/* e's predicted class of x (argmax) into *cls; e's class is kept. */
static int
compare_predicted(struct gs_explainer *e, const double *x, size_t row,
    size_t *cls, struct gs_error *err)
{
	long	keep = e->opts.output_class;
	int	rc;

	e->opts.output_class = -1;
	rc = explainer_target(e, &e->w[0], x, row, cls, err);
	e->opts.output_class = keep;
	return (rc);
}

/*
 * The difference as A minus B, for a method that is deterministic or not
 * linear in the model: phi, groups, f(x), base and gap subtracted; the SE
 * (stochastic methods) the unpaired bound.
 */
static void
compare_subtract(struct gs_paired *c)
{
	struct gs_explanation	*dl = &c->delta;
	size_t			 i, ng;

	explanation_copy(dl, &c->a);
	for (i = 0; i < c->d; i++)
		dl->phi[i] = c->a.phi[i] - c->b.phi[i];
	if (dl->se != NULL)
		for (i = 0; i < c->d; i++)
			dl->se[i] = c->se_unpaired[i];
	ng = dl->groups != NULL ? dl->groups->n : 0;
	for (i = 0; dl->gphi != NULL && i < ng; i++)
		dl->gphi[i] = c->a.gphi[i] - c->b.gphi[i];
	for (i = 0; dl->gse != NULL && i < ng; i++)
		dl->gse[i] = c->b.gse != NULL ? sqrt(c->a.gse[i] * c->a.gse[i] +
		    c->b.gse[i] * c->b.gse[i]) : NAN;
	dl->fx = c->a.fx - c->b.fx;
	dl->base = c->a.base - c->b.base;
	dl->gap = c->a.gap - c->b.gap;
	dl->gap_se = sqrt(c->a.gap_se * c->a.gap_se + c->b.gap_se *
	    c->b.gap_se);
	dl->gap_verdict = explanation_gap_verdict(dl);
	metrics_free(dl->metrics);
	dl->metrics = NULL;
}

/* Ranks, verdicts and the count of differences larger than noise. */
static void
compare_judge(struct gs_paired *c)
{
	double	scale = 0, v, se;
	size_t	i;

	c->rank_a = xcalloc(c->d + 1, sizeof *c->rank_a);
	c->rank_b = xcalloc(c->d + 1, sizeof *c->rank_b);
	c->verdict = xcalloc(c->d + 1, sizeof *c->verdict);
	explanation_order(c->a.phi, c->d, NULL, c->rank_a);
	explanation_order(c->b.phi, c->d, NULL, c->rank_b);
	for (i = 0; i < c->d; i++)
		scale = fmax(scale, fmax(fabs(c->a.phi[i]),
		    fabs(c->b.phi[i])));
	c->larger = 0;
	for (i = 0; i < c->d; i++) {
		v = fabs(c->delta.phi[i]);
		se = c->delta.se != NULL ? c->delta.se[i] : 0;
		if (v <= COMPARE_ROUNDING * scale)
			c->verdict[i] = GS_CMP_SAME;
		else if (v <= COMPARE_Z * se)
			c->verdict[i] = GS_CMP_NOISE;
		else
			c->verdict[i] = GS_CMP_LARGER;
		c->larger += c->verdict[i] == GS_CMP_LARGER;
	}
}

int
compare_run(struct gs_explainer *a, struct gs_explainer *b,
    struct gs_explainer *diff, enum gs_output_scale scale, const double *x,
    size_t row, struct gs_paired *c, struct gs_error *err)
{
	size_t	i, t;
	int	stochastic = method_stochastic(a->opts.method);

	memset(c, 0, sizeof *c);
	if (a->opts.tol > 0)
		return (gs_error_set(err, GS_EINVAL, "--tol does not work "
		    "with a comparison of two models yet: each would stop at "
		    "its own sample count and the draws would no longer be "
		    "shared; give --samples instead"));
	if (a->d != b->d || a->opts.method != b->opts.method ||
	    a->opts.seed != b->opts.seed || (diff != NULL && diff->d != a->d))
		return (gs_error_set(err, GS_EINVAL, "the two models' "
		    "explainers differ (features, method or seed)"));
	c->d = a->d;
	if (compare_predicted(a, x, row, &c->pred_a, err) != 0 ||
	    compare_predicted(b, x, row, &c->pred_b, err) != 0)
		goto fail;
	if (explainer_run(a, x, row, &c->a, err) != 0)
		goto fail;
	t = c->a.target;
	/* B, and the difference, explain A's class with A's draws. */
	b->opts.output_class = (long)t;
	if (explainer_run(b, x, row, &c->b, err) != 0)
		goto fail;
	c->fa = c->a.fx;
	c->fb = c->b.fx;
	c->agree = compare_agree(a->k, c->pred_a, c->pred_b,
	    a->k > 1 ? 0 : c->fa, a->k > 1 ? 0 : c->fb, scale);
	if (stochastic && c->a.se != NULL && c->b.se != NULL) {
		c->se_unpaired = xcalloc(c->d, sizeof *c->se_unpaired);
		for (i = 0; i < c->d; i++)
			c->se_unpaired[i] = sqrt(c->a.se[i] * c->a.se[i] +
			    c->b.se[i] * c->b.se[i]);
	}
	if (stochastic && diff != NULL && compare_linear(&a->opts)) {
		diff->opts.output_class = (long)t;
		if (explainer_run(diff, x, row, &c->delta, err) != 0)
			goto fail;
		c->paired = 1;
		c->direct = compare_plan_fitted(&diff->opts);
	} else
		compare_subtract(c);
	compare_judge(c);
	return (0);
fail:
	compare_clear(c);
	return (-1);
}

/* Ranks of |v| (1 = largest, ties by index) as doubles. */
static double *
compare_ranks(const double *v, size_t d)
{
	size_t	*r = xcalloc(d + 1, sizeof *r), i;
	double	*out = xcalloc(d + 1, sizeof *out);

	explanation_order(v, d, NULL, r);
	for (i = 0; i < d; i++)
		out[i] = (double)r[i];
	free(r);
	return (out);
}

double
compare_rank_corr(const double *pa, const double *pb, size_t d)
{
	double	*ra, *rb, sum = 0, diff;
	size_t	 i;

	if (d < 2)
		return (NAN);
	ra = compare_ranks(pa, d);
	rb = compare_ranks(pb, d);
	/* Ranks are a permutation of 1..d: rho = 1 - 6 sum D^2 / (d (d^2 - 1)). */
	for (i = 0; i < d; i++) {
		diff = ra[i] - rb[i];
		sum += diff * diff;
	}
	free(ra);
	free(rb);
	return (1 - 6 * sum / ((double)d * ((double)d * d - 1)));
}

size_t
compare_topk(const double *pa, const double *pb, size_t d, size_t k)
{
	size_t	*oa, *ob, i, j, n = 0;

	if (k > d)
		k = d;
	oa = xcalloc(d + 1, sizeof *oa);
	ob = xcalloc(d + 1, sizeof *ob);
	explanation_order(pa, d, oa, NULL);
	explanation_order(pb, d, ob, NULL);
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			if (oa[i] == ob[j]) {
				n++;
				break;
			}
	free(oa);
	free(ob);
	return (n);
}

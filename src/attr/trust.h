/* SPDX-License-Identifier: ISC */
/*
 * Trustworthy numbers, the public side: sampling plans and tolerances for
 * the sampling methods (sampling.c), and quality metrics of an
 * explanation (metrics.c): infidelity, max-sensitivity, deletion and
 * insertion curves, stability across seeds and rank ties.
 */
#ifndef GS_TRUST_H
#define GS_TRUST_H

#include <stddef.h>
#include <stdint.h>

#include "attr/attr.h"

/* Independent randomisations of a stratified or Sobol plan (for the SE). */
#define GS_PLAN_REPLICATES	16

/*
 * Parse a plan: "mc", "stratified" or "sobol", optionally followed by
 * "+antithetic" and "+cv" (a linear control variate, Gradient SHAP only);
 * "antithetic" and "cv" alone mean mc with them. Returns 0, or -1 for an
 * unknown name.
 */
int	sampling_parse(const char *s, enum gs_sampling *plan, int *antithetic,
	    int *cv);

/* The plan's name as sampling_parse reads it, in buf (size bytes). */
const char *sampling_format(enum gs_sampling plan, int antithetic, int cv,
	    char *buf, size_t size);

/*
 * Parse a tolerance: "T" (absolute) or "P%" (P percent of |f(x) - base|).
 * Errors: GS_EINVAL.
 */
int	sampling_tol_parse(const char *s, double *tol, int *rel,
	    struct gs_error *err);

/* Quality metrics of one explanation. */
struct gs_metrics {
	size_t	 perturb;	/* perturbations behind infidelity */
	double	 infidelity;	/* E[(sum_{i in S} phi_i - (f(x) - f(x_S <- b)))^2] */
	double	 infidelity_rel; /* the same over E[(f(x) - f(x_S <- b))^2] */
	size_t	 sens_samples;	/* re-explanations behind max-sensitivity */
	double	 radius;	/* their radius, in feature standard deviations */
	double	 sensitivity;	/* max ||phi(x + u) - phi(x)|| / ||phi(x)|| */
	size_t	 npoints;	/* points on the deletion and insertion curves */
	double	*frac;		/* npoints fractions of features replaced, owned */
	double	*del;		/* f with the top frac of |phi| replaced by baselines, owned */
	double	*ins;		/* f of baselines with the top frac put back, owned */
	double	 del_auc;	/* area under del over frac (lower: faithful) */
	double	 ins_auc;	/* area under ins over frac (higher: faithful) */
	size_t	 seeds;		/* stability: runs with other seeds (0: deterministic) */
	double	*phi_sd;	/* d: standard deviation of phi over the runs, owned */
	size_t	*rank_lo;	/* d: best rank (1 = largest |phi|) over the runs, owned */
	size_t	*rank_hi;	/* d: worst rank over the runs, owned */
	double	 rank_corr;	/* mean Spearman correlation of the runs' rankings */
};

/* What to measure and how hard. */
struct gs_metrics_opts {
	size_t	 perturb;	/* infidelity perturbations (random subsets) */
	size_t	 sens_samples;	/* max-sensitivity re-explanations */
	double	 radius;	/* their radius, as a fraction of each sd */
	const double *scale;	/* d feature standard deviations, or NULL (1) */
	size_t	 seeds;		/* stability runs (stochastic methods) */
	size_t	 max_points;	/* most points on the curves */
	const struct gs_baseline *bl; /* replacement values, or NULL: the explainer's */
};

/* Defaults: 100 perturbations, 10 re-explanations at 0.02 sd, 5 seeds. */
void	metrics_opts_default(struct gs_metrics_opts *o);

struct gs_explainer;

/*
 * Measure explanation ex of input x (data row row), made by e, and attach
 * the result to ex->metrics (which ex then owns). Runs the model and the
 * explainer again (with e's options, other seeds for stability).
 * Errors: GS_EINVAL (no baseline set to replace features with), those of
 * the model and of explainer_run.
 */
int	metrics_compute(struct gs_explainer *e, const double *x, size_t row,
	    struct gs_explanation *ex, const struct gs_metrics_opts *o,
	    struct gs_error *err);

void	metrics_free(struct gs_metrics *m);

/*
 * Rank ties: order holds the d features sorted by |phi| descending; tie[k]
 * is set when the 95% intervals (phi +- 1.96 se, on |phi|) of order[k] and
 * order[k + 1] overlap, so their order is not claimed. All zero without
 * standard errors.
 */
void	metrics_rank_ties(const struct gs_explanation *ex,
	    const size_t *order, int *tie);

#endif

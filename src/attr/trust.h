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
 * "antithetic" and "cv" alone mean mc with them; or "reg" alone (plain
 * draws with regression control variates for Gradient SHAP, the default;
 * antithetic pairs for SmoothGrad).
 * Returns 0, or -1 for an unknown name or combination.
 */
int	sampling_parse(const char *s, enum gs_sampling *plan, int *antithetic,
	    int *cv);

/* The plan's name as sampling_parse reads it, in buf (size bytes). */
const char *sampling_format(enum gs_sampling plan, int antithetic, int cv,
	    char *buf, size_t size);

struct gs_sampler;

/* Whether sampler s follows the reg plan (sampling_reg_adjust applies). */
int	sampling_reg(const struct gs_sampler *s);

/*
 * The reg plan's share control for one row: on a path whose gradient were
 * g = g(x) throughout, feature i would take the share delta_i g_i / N(b)
 * of the path's total, N(b) = sum_j |delta_j g_j| (delta = x - b). Each
 * draw's column is its total times that share, less its known mean
 * g_i E_b[(f(x) - f(b)) delta_i / N(b)] (the total's mean on the path from
 * b is f(x) - f(b)), computed here over every baseline (weighted). fx is
 * f(x) for output target, gx its gradient at x. Returns 0 with sh filled
 * (sampling_reg_share_free), or -1 with sh empty when there is no such
 * control (no baseline outputs, a non-finite fx or gradient).
 */
struct gs_reg_share {
	double	*x;		/* d: the input */
	double	*g;		/* d: the gradient at x */
	double	*inv;		/* each baseline's 1 / N(b), 0 where N(b) is 0 */
	double	*mean;		/* d: each feature's column's known mean */
};
int	sampling_reg_share(const struct gs_sampler *s, const gs_real *x,
	    const gs_real *gx, double fx, size_t target,
	    struct gs_reg_share *sh);
void	sampling_reg_share_free(struct gs_reg_share *sh);

/* Features side by side in the reg plan's lanes (struct gs_reg_block). */
#define GS_REG_LANES	8

/*
 * One block of m plain draws of the reg plan, feature values in lanes:
 * chunk k (features k L to k L + L - 1, L = GS_REG_LANES), draw u, lane j
 * at ((k m) + u) L + j; lanes past the last feature hold 0. The caller
 * fills c, zd, b, alpha, bidx, tot; sampling_reg_begin the rest.
 */
struct gs_reg_block {
	size_t		 m;		/* draws */
	size_t		 d;		/* features */
	const double	*c;		/* lanes: contributions (x + eps - b)_i grad_i */
	const gs_real	*zd;		/* lanes: x + eps - b */
	const gs_real	*b;		/* lanes: the draws' baselines */
	const double	*alpha;		/* m: path positions */
	const size_t	*bidx;		/* m: baselines */
	const double	*tot;		/* m: each draw's total, sampling_reg_total */
	int		 plain;		/* too few draws: the plain values */
	double		 zt;		/* the total's miss, in standard errors */
	const struct gs_reg_share *sh;	/* the share control, or NULL */
	const double	*rmean;		/* d: the baselines' means */
	double		*p1, *p2;	/* m: P1 and P2 of alpha (Legendre) */
	double		*v;		/* m: total / N(b) (share), or 0 */
};

/* A draw's total sum_i c_i of d contributions, in feature order. */
double	sampling_reg_total(const double *c, size_t d);

/*
 * The reg plan's estimator for block bk. sampling_reg_begin prepares
 * what every chunk shares (mu = f(x) - E_b f(b), the total's known mean;
 * sh the share control or NULL) and returns 1 when the block has fewer
 * than SAMPLING_REG_MIN (24) draws, where the controls cannot pay: then
 * its values are the plain draws. sampling_reg_end frees what begin made.
 *
 * sampling_reg_chunk: chunk k's features regressed on control variates of
 * known mean zero: the draw's total times the feature's share less its
 * known mean (the share control), b_i less its mean, and P1(alpha) and
 * P2(alpha) times zd_i, with coefficients fitted on the other m - 1 draws
 * (leave one out), so that every value has expectation phi_i and their
 * mean and spread are the estimate and its SE. The values are spread
 * about their mean (which stays) so that the SE also holds for small,
 * heavy-tailed blocks: Student's t for the degrees of freedom their
 * kurtosis leaves, and wider when the block's mean total misses mu.
 * mean and m2 (GS_REG_LANES) receive each feature's mean value and sum
 * of squared deviations, part (m) each draw's sum of the chunk's values,
 * r (m x GS_REG_LANES, or NULL) the values; ru (m x GS_REG_LANES) is
 * scratch. Chunks are independent: any order, any thread.
 */
int	sampling_reg_begin(const struct gs_sampler *s, struct gs_reg_block *bk,
	    double mu, const struct gs_reg_share *sh);
void	sampling_reg_chunk(const struct gs_reg_block *bk, size_t k,
	    double *ru, double *mean, double *m2, double *part, double *r);
void	sampling_reg_end(struct gs_reg_block *bk);

/*
 * The same for m draws in rows (c and delta m x d, b from bidx): r (m x
 * d) receives every draw's adjusted values. For the trace (teach.c).
 */
void	sampling_reg_adjust(const struct gs_sampler *s, size_t m,
	    const double *c, const gs_real *delta, const double *alpha,
	    const size_t *bidx, double mu, const struct gs_reg_share *sh,
	    double *r);

/*
 * Parse a tolerance: "T" (absolute) or "P%" (P percent of |f(x) - base|)
 * that every feature's standard error must reach; or "gap:T", "gap:P%"
 * that the completeness gap must reach: its 95% half-width (1.96 SE of
 * the gap, so that |gap| <= T in 19 runs of 20) for sampling methods, the
 * gap itself for IG. *tol gets the value (a fraction for P%), *rel the
 * GS_TOL_* flags. Errors: GS_EINVAL.
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

/*
 * Each of n values' place in |phi| order (1 the largest) as the range its
 * 95% interval allows, into lo and hi: lo is one more than the number of
 * values whose interval (|phi| +- 1.96 se) lies wholly above its own, hi
 * is n less those wholly below. Neighbours that metrics_rank_ties marks
 * share places in their ranges. se may be NULL (then lo = hi = the place).
 * A NaN value has no place: lo = hi = 0, and the others are ranked as if
 * it were not there.
 */
void	metrics_rank_range(const double *phi, const double *se, size_t n,
	    size_t *lo, size_t *hi);

#endif

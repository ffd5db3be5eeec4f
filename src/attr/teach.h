/* SPDX-License-Identifier: ISC */
/*
 * What the teaching views show (teach.c): the straight path from one
 * baseline to the input with f and the gradient along it, Gradient SHAP's
 * samples one at a time with the running estimate, and an estimate with
 * its standard error against the number of samples; and (teach-compare.c)
 * an estimate against the quantity it estimates and that against exact
 * Shapley values.
 */
#ifndef GS_TEACH_H
#define GS_TEACH_H

#include <stddef.h>
#include <stdint.h>

#include "attr/attr.h"

/* f and its gradient along b + alpha (x - b), alpha from 0 to 1. */
struct gs_path {
	size_t	 d;		/* features */
	size_t	 n;		/* points on the curve */
	size_t	 target;	/* output element (class) */
	size_t	 bidx;		/* baseline row of the explainer's set */
	double	 fx;		/* f(x) */
	double	 fb;		/* f(b) */
	double	*alpha;		/* n positions, 0 to 1 evenly, owned */
	double	*f;		/* n values of f there, owned */
	double	*grad;		/* n x d gradients there, owned */
	double	*delta;		/* d: x - b, owned */
	double	*area;		/* d: (x_i - b_i) times the integral of grad_i, owned */
	size_t	 nmarks;	/* the method's points on this path */
	double	*marks;		/* their alphas (IG: quadrature nodes; Gradient
				   SHAP: the alphas its samples drew), owned */
};

/*
 * f and the gradient at n >= 2 evenly spaced points of the path from
 * baseline row bidx of e's set to x (data row row), and the area under
 * each feature's curve by a fine rule (the IG attribution from that
 * baseline; sum(area) ~ fx - fb): the midpoint rule on 65536 points
 * (about 1e-5 of fx - fb on the demo's Relu network), or exact IG when
 * e's method is exactig. Fills p, which the caller clears.
 * Errors: GS_EINVAL (no baseline set, n < 2 or over 2^20, a non-finite
 * x), GS_ERANGE (bidx out of range, or the class), GS_EINTR, those of the
 * model (GS_EUNSUPPORTED: exactig on a custom model).
 */
int	teach_path(struct gs_explainer *e, const double *x, size_t row,
	    size_t bidx, size_t n, struct gs_path *p, struct gs_error *err);
void	teach_path_clear(struct gs_path *p);

/*
 * Gradient SHAP's samples one at a time, drawn as the explainer's plan
 * draws them, with what its estimator makes of each.
 */
struct gs_trace {
	size_t	 d;		/* features */
	size_t	 n;		/* samples (points: antithetic members count) */
	size_t	 target;	/* output element (class) */
	uint64_t seed;		/* generator seed */
	enum gs_sampling plan;	/* the plan replayed (the explainer's) */
	int	 antithetic;	/* with antithetic pairs */
	int	 cv;		/* with the linear control variate */
	size_t	 units;		/* randomisation units (the SE is over them) */
	double	 fx;		/* f(x) */
	double	 base;		/* mean of f over the baseline set */
	size_t	*bidx;		/* n baseline rows drawn, owned */
	double	*alpha;		/* n path positions (the member's own), owned */
	size_t	*unit;		/* n: the unit each sample belongs to, owned */
	double	*point;		/* n x d: where each gradient was taken, owned */
	double	*grad;		/* n x d gradients there, owned */
	double	*contrib;	/* n x d: (x + eps - b) * grad, owned */
	double	*value;		/* n x d: what the estimator averages in its
				   place: contrib; for reg after its block's
				   regression; for cv less the control, plus
				   its known mean; owned */
	double	*mean;		/* n x d: the estimate after samples 0..s, owned */
	double	*se;		/* n x d: its standard error (0 while fewer
				   than 2 units are complete), owned */
};

/*
 * Gradient SHAP's samples for x (data row row) with e's seed, baseline
 * set, noise and plan: the draws of a run of e with n samples, in the
 * order its units hold them (sampling_used(n) of them: antithetic plans
 * round up). The estimate after sample s is the mean of the values so far
 * (mc and reg: each draw counts once) or of the unit means (antithetic
 * pairs, replicates, the control variate: an incomplete unit counts as
 * one, with the mean of its values so far); its SE comes from the values
 * or the complete units' means, with the full run's factor (Student's t
 * for replicates, the reg fit's degrees of freedom). So the last estimate
 * and SE are phi and se of explainer_run with n samples, up to rounding.
 * Fills t, which the caller clears. Errors: GS_EINVAL (e's method is not
 * gradshap, n == 0 or more than 2^20 points, a non-finite x), GS_EINTR,
 * those of the model and noise functions.
 */
int	teach_trace(struct gs_explainer *e, const double *x, size_t row,
	    size_t n, struct gs_trace *t, struct gs_error *err);
void	teach_trace_clear(struct gs_trace *t);

/* An estimate against the samples (or IG steps) spent on it. */
struct gs_convergence {
	size_t		 d;		/* features */
	size_t		 n;		/* points */
	enum gs_method	 method;	/* method of the runs */
	size_t		*samples;	/* n sample (or step) counts, 1, 2, 4 ... max, owned */
	double		*phi;		/* n x d estimates, owned */
	double		*se;		/* n x d standard errors, owned, or NULL (deterministic) */
	double		*gap;		/* n completeness gaps (NaN when none), owned */
};

/*
 * Run e's method with e's options, seed and plan at 1, 2, 4 ... samples
 * (or steps) and finally max, for x (data row row), without --tol rounds.
 * Counts below the method's least are raised to it (Kernel SHAP: 2 per
 * player; IG: its rule's fewest steps) and duplicates dropped; a count
 * below max whose Kernel SHAP regression is singular is left out. e is
 * changed during the runs and restored. Fills c, which the caller
 * clears. Errors: GS_EINVAL (exact, exactig, saliency, ixg: no sample or
 * step count; max == 0), GS_EINTR (cancelled), those of explainer_run.
 */
int	teach_convergence(struct gs_explainer *e, const double *x, size_t row,
	    size_t max, struct gs_convergence *c, struct gs_error *err);
void	teach_convergence_clear(struct gs_convergence *c);

/*
 * An estimate beside the quantity it estimates, and that quantity beside
 * exact Shapley values: the estimator's sampling error (z) and the
 * method's bias (a property of the method, not noise) apart. Per player:
 * features, or groups when the explainer has them.
 */
struct gs_compare {
	size_t		 d;		/* players compared */
	enum gs_method	 method;	/* the estimate's method */
	enum gs_reference ref;		/* what reference holds */
	size_t		 nodes;		/* Gauss-Legendre nodes per path (path references) */
	double		*estimate;	/* d: the explanation's values, owned */
	double		*se;		/* d: their standard errors, owned, or NULL */
	double		*reference;	/* d: what the method estimates, owned, or NULL */
	double		*ref_err;	/* d: the reference's own error (an estimate
					   for paths: the change from half the
					   nodes; 0 when exact), owned, or NULL */
	double		*z;		/* d: (estimate - reference) / sqrt(se^2 +
					   ref_err^2), NaN without an SE; owned,
					   or NULL */
	size_t		 counted;	/* players with a z */
	size_t		 inside;	/* of which |z| <= 1.96 (expect ~95%) */
	double		*shapley;	/* d: exact Shapley values, owned, or NULL
					   (over 20 players: none) */
	double		*bias;		/* d: reference - shapley, the method's
					   bias, owned, or NULL */
	const char	*ref_note;	/* one line on the reference (static) */
	const char	*bias_note;	/* one line explaining the bias (static) */
};

/*
 * Compare explanation ex of x (data row row), made by e, with what its
 * method estimates: Gradient SHAP (without noise) with exact expected
 * gradients (each baseline's path by Gauss-Legendre, doubling the nodes
 * from 32 until the change of their mean is within a twentieth of the
 * smallest SE, or max_nodes is reached; 0: 4096), IG with its path
 * integral (exact IG; Gauss-Legendre as above, to 1e-6 of |f(x) - base|,
 * for a custom model), permutation and Kernel SHAP with exact Shapley
 * values; and the
 * reference with exact Shapley values over the same baseline set (up to
 * 20 players) as the method's bias. Methods with no exact counterpart
 * (SmoothGrad, saliency, input x gradient, Gradient SHAP with noise) get
 * GS_REF_NONE and a note saying why. Fills c (teach_compare_clear).
 * Errors: GS_EINVAL (ex is not of e's method or width), GS_EINTR, those
 * of the model.
 */
int	teach_compare(struct gs_explainer *e, const double *x, size_t row,
	    const struct gs_explanation *ex, size_t max_nodes,
	    struct gs_compare *c, struct gs_error *err);
void	teach_compare_clear(struct gs_compare *c);

#endif

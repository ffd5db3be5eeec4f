/* SPDX-License-Identifier: ISC */
/*
 * What the teaching views show (teach.c): the straight path from one
 * baseline to the input with f and the gradient along it, Gradient SHAP's
 * samples one at a time with the running estimate, and an estimate with
 * its standard error against the number of samples.
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

/* Gradient SHAP's samples one at a time, drawn as `--plan mc` draws them. */
struct gs_trace {
	size_t	 d;		/* features */
	size_t	 n;		/* samples */
	size_t	 target;	/* output element (class) */
	uint64_t seed;		/* generator seed */
	double	 fx;		/* f(x) */
	double	 base;		/* mean of f over the baseline set */
	size_t	*bidx;		/* n baseline rows drawn, owned */
	double	*alpha;		/* n path positions, owned */
	double	*point;		/* n x d: where each gradient was taken, owned */
	double	*grad;		/* n x d gradients there, owned */
	double	*contrib;	/* n x d: (x + eps - b) * grad, owned */
	double	*mean;		/* n x d: the estimate after samples 0..s, owned */
	double	*se;		/* n x d: its standard error (0 while s < 1), owned */
};

/*
 * The first n samples of Gradient SHAP for x (data row row) with e's seed,
 * baseline set and noise, drawn from the same streams as plan mc, so the
 * last running mean equals phi of `--plan mc --samples n` (whatever e's
 * own plan). Fills t, which the caller clears. Errors: GS_EINVAL (e's
 * method is not gradshap, n == 0 or over 2^20, a non-finite x), GS_EINTR,
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

#endif

/* SPDX-License-Identifier: ISC */
/*
 * Trustworthy numbers, inside the attribution layer: the sampler behind
 * the sampling plans (sampling.c), the cooperative game of feature
 * coalitions that exact Shapley values, permutation sampling, Kernel SHAP
 * and the metrics evaluate (game.c), and the methods' entry points.
 */
#ifndef GS_GAME_H
#define GS_GAME_H

#include "attr/explainer.h"
#include "attr/trust.h"

/* Most players exact Shapley values enumerate (2^20 coalitions). */
#define GS_EXACT_MAX_PLAYERS	20
/* Most players Kernel SHAP regresses on (a players^2 system). */
#define GS_KERNEL_MAX_PLAYERS	2048

/*
 * The sampler: where sample (unit, point) of a row draws alpha, a baseline
 * and noise under a plan. Units are what the standard error is computed
 * over: single samples (mc), antithetic pairs (mc+antithetic) or
 * independent randomisations of a stratified or Sobol plan (one unit per
 * replicate, holding several points). Draws depend on (seed, row, unit,
 * point) only, never on the class explained (common random numbers).
 */
struct gs_sampler;

/*
 * A sampler for method opts->method over d inputs, baselines bl (NULL for
 * SmoothGrad; bl_cum its cumulative weights or NULL; bl_out their k model
 * outputs each, or NULL) and noise nz (may be NULL). Stratified and Sobol
 * plans visit the baselines in the order of their outputs' first
 * principal component. The caller owns it. Errors: GS_EINVAL (a plan the
 * method cannot use: VarGrad under anything but mc).
 */
struct gs_sampler *sampling_new(const struct gs_attr_opts *opts, size_t d,
		    const struct gs_baseline *bl, const double *bl_cum,
		    const double *bl_out, size_t k, const struct gs_noise *nz,
		    struct gs_error *err);
void		 sampling_free(struct gs_sampler *s);

/* Units for n samples asked for. */
size_t		 sampling_units(const struct gs_sampler *s, size_t n);
/* Points of unit u for n samples asked for. */
size_t		 sampling_points(const struct gs_sampler *s, size_t n,
		    size_t u);
/*
 * The control variate's baseline mean (d values), or NULL without one:
 * each sample's contributions delta_i g_i are taken less delta_i G_i, G the
 * gradient at the midpoint (x + mean b) / 2, and the known expectation
 * (x_i - mean b_i) G_i is added back, so the estimate stays unbiased.
 */
const double	*sampling_cv_mean(const struct gs_sampler *s);
/* Samples per point: 2 for antithetic plans, else 1. */
size_t		 sampling_members(const struct gs_sampler *s);
/* Samples actually drawn for n asked for (antithetic rounds up to even). */
size_t		 sampling_used(const struct gs_sampler *s, size_t n);
/* Most points of any unit for n samples (for indexing noise functions). */
size_t		 sampling_max_points(const struct gs_sampler *s, size_t n);

/*
 * The factor on a replicate plan's standard error (sd of the replicate
 * means over sqrt(R)) that makes +-1.96 SE a 95% interval with R - 1
 * degrees of freedom (Student's t); 1 for mc plans.
 */
double		 sampling_se_factor(const struct gs_sampler *s, size_t n);

/*
 * Draw point p of unit u of data row row: alpha (if the method uses one),
 * the baseline index bidx (if there are baselines) and d Gaussian noise
 * values eps (if the noise is Gaussian; eps may be NULL otherwise). The
 * antithetic partner is (1 - alpha, same baseline, -eps).
 */
void		 sampling_draw(const struct gs_sampler *s, uint64_t seed,
		    uint64_t row, size_t u, size_t p, double *alpha,
		    size_t *bidx, double *eps);

/*
 * --tol: whether ex meets opts' tolerance (largest feature SE for sampling
 * methods, |gap| for IG; with GS_TOL_GAP 1.96 times the gap's SE, or
 * |gap| without SEs), and the absolute tolerance into *abs.
 */
int		 sampling_tol_met(const struct gs_attr_opts *opts,
		    const struct gs_explanation *ex, double *abs);
/*
 * The next round's sample (or step) count after n, within the budget. s is
 * the sampler or NULL: under the reg plan, after a plain round (fewer draws
 * than its controls need) the next is no larger than the first that fits
 * them, and after a fitted round at most three times as large.
 */
size_t		 sampling_tol_next(const struct gs_attr_opts *opts,
		    const struct gs_sampler *s, const struct gs_explanation *ex,
		    size_t n, size_t first);

/*
 * A game: v(S) = f(x_S, b_{not S}) for coalitions S of players (features,
 * or groups of features) and baseline rows b, evaluated in batches. Each
 * push asks for w * v(S, b) to be added to *dst; the sums arrive when the
 * batch is full or at game_flush, in push order.
 */
struct gs_game {
	struct gs_plan		*plan;		/* borrowed */
	size_t			 batch;		/* rows per pass */
	size_t			 d;		/* inputs */
	size_t			 k;		/* outputs per row */
	size_t			 target;	/* output element */
	const double		*x;		/* d input values, borrowed */
	const struct gs_baseline *bl;		/* borrowed */
	size_t			 players;	/* features, or groups */
	const size_t		*of;		/* d: player of each feature, or NULL */
	gs_real			*z;		/* batch x d rows to evaluate */
	gs_real			*y;		/* batch x k outputs */
	double			*w;		/* batch weights */
	double			**dst;		/* batch destinations */
	size_t			 n;		/* rows waiting */
	size_t			 evals;		/* rows evaluated so far */
	const struct gs_explainer *e;		/* for cancellation, or NULL */
};

/* Set up g; groups may be NULL (players are the features). */
void		 game_init(struct gs_game *g, struct gs_plan *plan,
		    size_t batch, size_t k, const double *x, size_t target,
		    const struct gs_baseline *bl, const struct gs_groups *groups);
void		 game_free(struct gs_game *g);
/* Queue w * v(mask, baseline b) into *dst (mask: players bytes, 1 = x). */
int		 game_push(struct gs_game *g, const uint8_t *mask, size_t b,
		    double w, double *dst, struct gs_error *err);
/* Queue w * f(row) for a row of d values given directly. */
int		 game_push_row(struct gs_game *g, const double *row, double w,
		    double *dst, struct gs_error *err);
int		 game_flush(struct gs_game *g, struct gs_error *err);
/* Baseline weight of row b (1/n when equal). */
double		 game_weight(const struct gs_game *g, size_t b);

/* Exact Shapley values of g's players into phi (players values). */
int		 exact_shapley(struct gs_game *g, double *phi,
		    struct gs_error *err);

/* Method entry points (run on the home worker). */
int	attr_exact_run(struct gs_explainer *, struct gs_worker *,
	    const struct gs_job *, struct gs_explanation *, struct gs_error *);
int	attr_permutation_run(struct gs_explainer *, struct gs_worker *,
	    const struct gs_job *, struct gs_explanation *, struct gs_error *);
int	attr_kernel_run(struct gs_explainer *, struct gs_worker *,
	    const struct gs_job *, struct gs_explanation *, struct gs_error *);
/* Kernel SHAP's refusals before any row (its gs_method_entry check). */
int	attr_kernel_check(const struct gs_explainer *, size_t players,
	    struct gs_error *);
/*
 * Kernel SHAP's smallest sample budget for players players: with fewer,
 * some row's regression is singular more often than once in 10^6 rows.
 */
size_t	attr_kernel_min_samples(size_t players);
int	attr_exactig_run(struct gs_explainer *, struct gs_worker *,
	    const struct gs_job *, struct gs_explanation *, struct gs_error *);

/*
 * Shared by the Shapley methods: fill ex->phi (and ex->gphi, se, gse)
 * from per-player values (and standard errors, or NULL). With groups as
 * players, a group's value is shared equally among its members.
 */
void	game_explanation(struct gs_explainer *e, const struct gs_game *g,
	    const double *pv, const double *pse, struct gs_explanation *ex);

/* The cuts kinkpath_cuts makes on a path. */
struct gs_kinkpath {
	double		*cuts;		/* ncuts alphas in (0, 1), ascending, owned */
	double		*delta;		/* how far each cut's kink may lie from it, owned */
	size_t		 ncuts;		/* how many (grid points included) */
	size_t		 regions;	/* linear regions: switching points cut, + 1 */
	size_t		 evals;		/* forward rows spent */
	int		 complete;	/* 0: the budget stopped the search */
};

/*
 * Cut the path b + alpha (x - b), alpha in [0, 1], into segments on
 * which no piecewise-linear node of plan switches: a grid of 64, then
 * every switching point (kinkpath.c), with at most budget segments in
 * all. Passes of at most batch rows. Fills out, whose cuts and delta
 * the caller frees (delta: 0 for a cut at no kink). Errors:
 * GS_EUNSUPPORTED (a custom model), GS_EINTR, the model's.
 */
int	kinkpath_cuts(struct gs_plan *plan, size_t batch, size_t d,
	    const double *x, const double *b, size_t budget,
	    const struct gs_explainer *e, struct gs_kinkpath *out,
	    struct gs_error *err);

/* Exact integrated gradients: what is asked for and what came of it. */
struct gs_exactig {
	double		 tol;		/* in: on each phi_i; 0: float precision */
	size_t		 budget;	/* in: most pieces; 0: EXACTIG_PIECES */
	size_t		 regions;	/* out: linear regions on the path */
	size_t		 pieces;	/* out: pieces integrated */
	double		 bound;		/* out: estimated bound on |phi_i - exact| */
	double		 tol_used;	/* out: the tolerance applied */
	int		 met;		/* out: bound <= tol_used */
	size_t		 evals;		/* out: model rows, forward or gradient */
};

/* Pieces exact IG may integrate without --tol (64 times that with it). */
#define EXACTIG_PIECES	16384

/*
 * Exact integrated gradients along b -> x for output target through plan
 * (batch rows per pass) into phi (d values): the path cut at every kink
 * (kinkpath_cuts), each piece integrated by Gauss-Legendre and halved
 * until its halves agree to the tolerance (q->tol, or 8 float epsilons of
 * |f(x) - f(b)|) or to float rounding, within q->budget pieces. Fills
 * the out fields of q. Errors: GS_EUNSUPPORTED (a custom model),
 * GS_EINTR, the model's.
 */
int	exactig_path(struct gs_plan *plan, size_t batch, size_t d,
	    const double *x, const double *b, size_t target,
	    struct gs_exactig *q, double *phi, const struct gs_explainer *e,
	    struct gs_error *err);

/* The same at float precision and the default budget; *regions as above. */
int	exactig_integrate(struct gs_plan *plan, size_t batch, size_t d,
	    size_t k, const double *x, const double *b, size_t target,
	    double *phi, size_t *regions, const struct gs_explainer *e,
	    struct gs_error *err);

#endif

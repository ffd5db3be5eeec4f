/* SPDX-License-Identifier: ISC */
/*
 * Inside the attribution layer: the explainer's state, its worker threads'
 * buffers, the method table entry, and the per-feature moment accumulator.
 *
 * How a stochastic method runs. Its n samples are cut into batches of
 * opts.batch samples; batch k holds samples k*B to (k+1)*B-1. Sample s of
 * data row r draws from its own generator stream gs_rng_init2(seed, r, s),
 * so what is drawn never depends on batch size or thread count. A batch's
 * moments are accumulated by one worker in sample order and merged into
 * the row's totals in batch order, so the result for a given batch size is
 * bit-identical for any number of threads. A single row spreads its batches
 * over the workers in rounds; many rows (explainer_run_many) go one row per
 * worker.
 */
#ifndef GS_EXPLAINER_H
#define GS_EXPLAINER_H

#include "attr/attr.h"
#include "core/pool.h"
#include "core/rng.h"

/* Running mean and central moments of d streams of samples (Welford, Terriberry). */
struct gs_stats {
	size_t	 d;		/* streams (features, then groups) */
	size_t	 n;		/* samples seen per stream */
	int	 order;		/* highest moment kept: 2, or 4 (the default) */
	double	*mean;		/* running means */
	double	*m2;		/* sums of squared deviations */
	double	*m3;		/* sums of cubed deviations */
	double	*m4;		/* sums of fourth-power deviations */
};

void	stats_init(struct gs_stats *st, size_t d);
void	stats_free(struct gs_stats *st);
void	stats_reset(struct gs_stats *st);
/* Add one sample of d values. */
void	stats_add(struct gs_stats *st, const double *v);
/*
 * Add n samples of d values (rows of v): their moments in two passes,
 * then merged (stats_merge); order 4 adds them one by one.
 */
void	stats_add_batch(struct gs_stats *st, const double *v, size_t n);
/* Fold the samples of src into dst (Chan et al., Pebay 2008). */
void	stats_merge(struct gs_stats *dst, const struct gs_stats *src);
/* Standard error of the mean of stream i: sd / sqrt(n); 0 when n < 2. */
double	stats_se_mean(const struct gs_stats *st, size_t i);
/* Population variance of stream i (M2 / n) and the standard error of that estimate. */
double	stats_var(const struct gs_stats *st, size_t i);
double	stats_se_var(const struct gs_stats *st, size_t i);

/*
 * Batches one worker runs in a round of a single row spread over the
 * workers: enough work between two waits on the pool to pay for waking the
 * threads. Each batch's result is kept and merged in batch order, so the
 * numbers do not depend on it or on the thread count.
 */
#define GS_ROUND_BATCHES	8

/* One worker's buffers: a plan of its own and room for one batch. */
struct gs_worker {
	struct gs_plan	*plan;		/* owned */
	gs_real		*x;		/* the row being explained, d values */
	gs_real		*y;		/* batch x k outputs */
	gs_real		*z;		/* batch x d points where gradients are taken */
	gs_real		*delta;		/* batch x d path directions */
	gs_real		*grad;		/* batch x d gradients */
	gs_real		*f;		/* batch x len: the points' F (path cache) */
	gs_real		*fx;		/* len: F(x) of the row (path cache) */
	double		*noise;		/* batch x d values from a noise function */
	size_t		*targets;	/* batch targets, all the explained class */
	double		*contrib;	/* one sample: d features, groups, total */
	double		*samples;	/* samples of a batch, as contrib (explainer_samples) */
	size_t		 samples_len;	/* doubles it holds */
	struct gs_stats	 batch;		/* this batch's moments */
	struct gs_stats	 total;		/* the row's moments (when this worker is home) */
	double		*acc;		/* IG: this batch's weighted gradient sums, d */
	double		*acc_total;	/* IG: the row's sums (when home), d */
	struct gs_stats	*slot;		/* GS_ROUND_BATCHES batches' moments kept for the merge */
	double		*slot_acc;	/* and their IG sums, GS_ROUND_BATCHES x d */
	int		 rc;		/* result of the last batch */
	struct gs_error	 err;		/* its error */
};

/* A row being explained, as the method's batch functions see it. */
struct gs_job {
	size_t		 row;		/* data row (picks the random streams) */
	size_t		 target;	/* output element explained */
	size_t		 n;		/* samples or quadrature steps (plans: units) */
	size_t		 asked;		/* samples or steps asked for in this round */
	const double	*alpha;		/* IG quadrature nodes for asked steps */
	const double	*qw;		/* and their weights */
	const gs_real	*x;		/* the input row, d values (home worker's) */
	const double	*xd;		/* the same in double, as given */
	const gs_real	*fx;		/* the path cache's F(x), or NULL */
	int		 spread;	/* a batch may use every worker (explainer_for) */
};

struct gs_explainer {
	const struct gs_model	*m;		/* borrowed */
	size_t			 d;		/* inputs per row */
	size_t			 k;		/* outputs per row */
	struct gs_attr_opts	 opts;		/* copy of the options */
	const struct gs_baseline *bl;		/* borrowed, may be NULL */
	const struct gs_noise	*nz;		/* borrowed, may be NULL */
	const struct gs_groups	*groups;	/* borrowed, may be NULL */
	size_t			 ng;		/* groups->n, or 0 */
	double			*bl_out;	/* bl->n x k outputs of the baselines */
	double			*bl_cum;	/* cumulative baseline weights, or NULL */
	double			*alpha;		/* IG quadrature nodes, steps of them */
	double			*qw;		/* IG quadrature weights */
	struct gs_pool		*pool;		/* worker threads, made with workers 1.. */
	size_t			 nw;		/* workers */
	struct gs_worker	*w;		/* nw workers */
	struct gs_sampler	*sampler;	/* a sampling plan's draws, or NULL (plain mc) */
	struct gs_pathcache	*pc;		/* the path cache, or NULL */
	double			 flops;		/* dense FLOP a point costs, 0: unknown */
	size_t			 output;	/* the model output the plans end at */
};

/*
 * The path cache (pathcache.c): the model's affine prefix F at every
 * baseline (plan_prefix), so that a point of a path b + alpha (x - b)
 * gets its F as F(b) + alpha (F(x) - F(b)) without forward work there.
 */
struct gs_pathcache {
	size_t	 len;		/* F's elements per row */
	size_t	 n;		/* baseline rows */
	gs_real	*fb;		/* n x len: F of each baseline */
	double	 flops;		/* forward FLOP each point saves */
};

/*
 * The path cache of e's model and baselines, or NULL where there is none
 * (no affine prefix, one too cheap to pay unless always, or over the
 * memory bound). Uses worker 0's plan. The caller owns it
 * (pathcache_free).
 */
struct gs_pathcache *pathcache_new(struct gs_explainer *e, int always);
void	pathcache_free(struct gs_pathcache *pc);
/* Bytes the cache holds (0 for NULL). */
size_t	pathcache_bytes(const struct gs_pathcache *pc);
/* f (len values) = F at b + alpha (x - b), b baseline bidx, fx F(x). */
void	pathcache_point(const struct gs_pathcache *pc, const gs_real *fx,
	    size_t bidx, double alpha, gs_real *f);

/*
 * Give e a path cache (and its workers the buffers): mode 0 where it pays
 * (what explainer_new does for Gradient SHAP without noise), 1 wherever
 * the model has an affine prefix (tests), -1 none.
 */
void	explainer_pathcache(struct gs_explainer *e, int mode);

/*
 * The gradients of output target[q] at the n points of w (rows of w->z,
 * or of w->f through the path cache when e has one) into w->grad, the
 * outputs into y unless NULL. Errors: those of plan_gradient.
 */
int	explainer_points_gradient(struct gs_explainer *e, struct gs_worker *w,
	    size_t n, gs_real *y, struct gs_error *err);

/*
 * Run fn(arg, t, worker) for t in [0, n): over every worker when j->spread
 * (the row has the pool to itself and a batch is worth splitting), else
 * in order on w alone. worker is the index of the worker whose buffers
 * task t may use (w's when not spread). Tasks must not depend on which
 * worker runs them, so results are the same bits either way.
 */
void	explainer_for(struct gs_explainer *e, const struct gs_job *j,
	    struct gs_worker *w, size_t n, void (*fn)(void *, size_t, size_t),
	    void *arg);

/*
 * One method. Methods that sample or integrate give batch, merge and
 * finish; the explainer drives them. Others give run, which does
 * everything on the home worker.
 */
struct gs_method_entry {
	struct gs_method_info info;	/* the traits (attr.h), first */
	/* Evaluate batch k of job j on worker w into w->batch or w->acc. */
	int	(*batch)(struct gs_explainer *, struct gs_worker *w,
		    const struct gs_job *j, size_t k, struct gs_error *);
	/* Fold worker w's batch into home's totals (called in batch order). */
	void	(*merge)(struct gs_explainer *, struct gs_worker *home,
		    struct gs_worker *w);
	/* Fill ex->phi (and se, gphi, gse) from home's totals. */
	int	(*finish)(struct gs_explainer *, struct gs_worker *home,
		    const struct gs_job *j, struct gs_explanation *ex,
		    struct gs_error *);
	/* Or do everything on the home worker. */
	int	(*run)(struct gs_explainer *, struct gs_worker *home,
		    const struct gs_job *j, struct gs_explanation *ex,
		    struct gs_error *);
	/*
	 * Refuse options it cannot explain any row with for players
	 * players, before any row is explained (explainer_check); or NULL.
	 */
	int	(*check)(const struct gs_explainer *, size_t players,
		    struct gs_error *);
};

const struct gs_method_entry *method_entry(enum gs_method m);

/* Method entry points (attr-*.c). */
int	attr_gradshap_batch(struct gs_explainer *, struct gs_worker *,
	    const struct gs_job *, size_t, struct gs_error *);
int	attr_ig_batch(struct gs_explainer *, struct gs_worker *,
	    const struct gs_job *, size_t, struct gs_error *);
void	attr_ig_merge(struct gs_explainer *, struct gs_worker *,
	    struct gs_worker *);
int	attr_ig_finish(struct gs_explainer *, struct gs_worker *,
	    const struct gs_job *, struct gs_explanation *, struct gs_error *);
int	attr_smoothgrad_batch(struct gs_explainer *, struct gs_worker *,
	    const struct gs_job *, size_t, struct gs_error *);
int	attr_smoothgrad_finish(struct gs_explainer *, struct gs_worker *,
	    const struct gs_job *, struct gs_explanation *, struct gs_error *);
int	attr_saliency_run(struct gs_explainer *, struct gs_worker *,
	    const struct gs_job *, struct gs_explanation *, struct gs_error *);
int	attr_ixg_run(struct gs_explainer *, struct gs_worker *,
	    const struct gs_job *, struct gs_explanation *, struct gs_error *);

/* One draw of a sampling plan, as explainer_plan_units hands it out. */
struct explainer_draw {
	double		 alpha;		/* path position (Gradient SHAP) */
	size_t		 bidx;		/* baseline index (Gradient SHAP) */
	const double	*eps;		/* d noise values, or NULL for none */
	double		 sign;		/* +1, or -1 for the antithetic member */
};

/* Write point q (row q of w->z, w->targets...) of a draw. */
typedef void (*explainer_point_fn)(struct gs_explainer *, struct gs_worker *,
    const struct gs_job *, size_t q, const struct explainer_draw *, void *);

/*
 * Gradient SHAP's point q of a draw (an explainer_point_fn; arg unused):
 * row q of w->z gets b + alpha' (x + sign eps - b), alpha' = alpha or
 * 1 - alpha for the antithetic member, row q of w->delta x + sign eps - b.
 * The trace (teach.c) replays the plans with it.
 */
void	attr_gradshap_point(struct gs_explainer *, struct gs_worker *,
	    const struct gs_job *, size_t q, const struct explainer_draw *,
	    void *);
/* Add point q's value (from row q of w->grad) into a d-vector. */
typedef void (*explainer_value_fn)(struct gs_explainer *, struct gs_worker *,
    const struct gs_job *, size_t q, double *acc, void *);

/*
 * Run every point of randomisation units [first, first + nb) of the plan
 * through the model in passes of opts.batch rows, however the points fall
 * into units, and sum each unit's point values into acc (nb x d).
 */
int	explainer_plan_units(struct gs_explainer *, struct gs_worker *,
	    const struct gs_job *, size_t first, size_t nb, int want_alpha,
	    explainer_point_fn, explainer_value_fn, void *arg, double *acc,
	    struct gs_error *);

/* Shared by the sampling methods (explainer.c). */
/* Fold w's batch moments into home's totals. */
void	explainer_merge_stats(struct gs_explainer *, struct gs_worker *home,
	    struct gs_worker *w);
/* phi = mean and se = standard error of the mean, features and groups. */
int	explainer_finish_mean(struct gs_explainer *, struct gs_worker *home,
	    const struct gs_job *j, struct gs_explanation *ex,
	    struct gs_error *);
/*
 * Add contrib[0..d) group sums into contrib[d..d+ng) and their total into
 * contrib[d+ng], then the sample to w->batch.
 */
void	explainer_add_sample(struct gs_explainer *, struct gs_worker *w);
/*
 * Room for n samples of worker w, each d features, then groups and total
 * (as w->contrib), grown as needed and owned by w.
 */
double	*explainer_samples(struct gs_explainer *e, struct gs_worker *w,
	    size_t n);
/*
 * Fill the group sums and totals of n samples of c (rows as
 * explainer_samples) and add them to w->batch.
 */
void	explainer_add_samples(struct gs_explainer *e, struct gs_worker *w,
	    double *c, size_t n);
/* Samples first and count of batch k of a job of n. */
size_t	explainer_batch_range(const struct gs_explainer *e, size_t n,
	    size_t k, size_t *first);
/*
 * Check x (data row row) for non-finite values, put it into w->x, run the
 * model there (outputs in w->y) and pick the output element explained:
 * the asked class, else the largest output. Errors: GS_EINVAL (a
 * non-finite input), GS_ERANGE (class out of range), those of the model.
 */
int	explainer_target(struct gs_explainer *e, struct gs_worker *w,
	    const double *x, size_t row, size_t *target, struct gs_error *err);

/* The gradient at w->x into w->grad (one row). */
int	explainer_gradient_at_input(struct gs_explainer *e,
	    struct gs_worker *w, size_t target, struct gs_error *err);
/* Index of a baseline drawn by its weight. */
size_t	explainer_draw_baseline(const struct gs_explainer *e,
	    struct gs_rng *r);
/* Poll the cancel callback; GS_EINTR when it fires. */
int	explainer_cancelled(const struct gs_explainer *e,
	    struct gs_error *err);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * Inside the attribution layer: the explainer's state, shared by the method
 * files, the method table entry, and the per-feature sample accumulator.
 */
#ifndef GS_EXPLAINER_H
#define GS_EXPLAINER_H

#include "attr/attr.h"
#include "core/rng.h"

/* Running mean and central moments of d streams of samples (Welford, Terriberry). */
struct gs_stats {
	size_t	 d;		/* streams (features) */
	size_t	 n;		/* samples seen per stream */
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
/* Standard error of the mean of stream i: sd / sqrt(n); 0 when n < 2. */
double	stats_se_mean(const struct gs_stats *st, size_t i);
/* Population variance of stream i (M2 / n) and the standard error of that estimate. */
double	stats_var(const struct gs_stats *st, size_t i);
double	stats_se_var(const struct gs_stats *st, size_t i);

struct gs_explainer {
	const struct gs_model	*m;		/* borrowed */
	struct gs_plan		*plan;		/* owned */
	size_t			 d;		/* inputs per row */
	size_t			 k;		/* outputs per row */
	struct gs_attr_opts	 opts;		/* copy of the options */
	const struct gs_baseline *bl;		/* borrowed, may be NULL */
	const struct gs_noise	*nz;		/* borrowed, may be NULL */
	double			*bl_out;	/* bl->n x k outputs of the baselines, lazily */
	double			*bl_cum;	/* cumulative baseline weights, or NULL */
	gs_real			*x;		/* one input row */
	gs_real			*y;		/* batch x k outputs */
	gs_real			*z;		/* batch x d points where gradients are taken */
	gs_real			*delta;		/* batch x d path directions */
	gs_real			*grad;		/* batch x d gradients */
	size_t			*targets;	/* batch targets, all the explained class */
	double			*contrib;	/* d contributions of one sample */
	struct gs_stats		 stats;		/* per-feature accumulator */
};

/* One method: how it runs and what it needs. */
struct gs_method_entry {
	const char	*name;		/* "gradshap" */
	const char	*summary;	/* one line for --help */
	int		 stochastic;	/* reports standard errors */
	int		 baseline;	/* 0: none, 1: a set, 2: exactly one row */
	int	(*run)(struct gs_explainer *, size_t row, size_t target,
		    struct gs_explanation *, struct gs_error *);
};

const struct gs_method_entry *method_entry(enum gs_method m);

/* Method runners (attr-*.c). x is in e->x; ex->value, phi are allocated. */
int	attr_gradshap_run(struct gs_explainer *, size_t, size_t,
	    struct gs_explanation *, struct gs_error *);
int	attr_ig_run(struct gs_explainer *, size_t, size_t,
	    struct gs_explanation *, struct gs_error *);
int	attr_saliency_run(struct gs_explainer *, size_t, size_t,
	    struct gs_explanation *, struct gs_error *);
int	attr_ixg_run(struct gs_explainer *, size_t, size_t,
	    struct gs_explanation *, struct gs_error *);
int	attr_smoothgrad_run(struct gs_explainer *, size_t, size_t,
	    struct gs_explanation *, struct gs_error *);

/* The gradient at e->x into e->grad, one row (attr-saliency.c). */
int	attr_gradient_at_input(struct gs_explainer *, size_t, struct gs_error *);
/* Index of a baseline drawn by its weight. */
size_t	explainer_draw_baseline(struct gs_explainer *e, struct gs_rng *r);
/* Poll the cancel callback; GS_EINTR when it fires. */
int	explainer_cancelled(struct gs_explainer *e, struct gs_error *err);
/* The random stream for a row. */
void	explainer_rng(struct gs_explainer *e, size_t row, struct gs_rng *r);

#endif

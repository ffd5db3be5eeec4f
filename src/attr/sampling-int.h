/* SPDX-License-Identifier: ISC */
/*
 * Inside the sampling plans: the sampler's state and the reg plan's
 * constants, shared by the draws (sampling.c) and the reg plan's
 * regression (sampling-reg.c).
 */
#ifndef GS_SAMPLING_INT_H
#define GS_SAMPLING_INT_H

#include <stddef.h>
#include <stdint.h>

#include "attr/attr.h"

/* Most points in one block of the reg plan (each fits its own regression). */
#define SAMPLING_REG_BLOCK	1024
/*
 * Fewest points a block fits its regression on; smaller ones stay plain mc
 * (the same draws and numbers as --plan mc). At equal samples reg's error
 * falls below mc's from about 20 draws on the digits CNN (0.86 of it at
 * 24, 1.10 at 16) and from fewer than 8 on the demo; at equal CPU time
 * from about 48 and 12 (doc/benchmarks.md).
 */
#define SAMPLING_REG_MIN	24
/* The ridge on each regressor, relative to its spread. */
#define SAMPLING_REG_RIDGE	1e-3
/*
 * Columns of the regression: intercept, the total times the feature's share,
 * b_i, P1(alpha) D_i, P2(alpha) D_i.
 */
#define SAMPLING_REG_COLS	5
/*
 * Weight of the total's miss (z^2, z its block mean's distance from its
 * known mean in standard errors) in a block's SE. Over 200 seeds (make
 * bench-plans 200) the digits CNN's coverage at 50 samples was 0.896 with
 * 0.25, 0.902 with 0.4 and 0.905 with 0.5 (the demo's 0.918 to 0.930):
 * 0.5 keeps it above 90% with a margin.
 */
#define SAMPLING_REG_MISS	0.5

struct gs_sampler {
	enum gs_sampling	 plan;		/* mc, stratified, sobol, reg */
	int		 anti;		/* antithetic pairs */
	size_t		 reps;		/* replicates of a stratified or Sobol plan */
	int		 alpha;		/* draws alpha (Gradient SHAP) */
	size_t		 nb;		/* baseline rows (0: none) */
	const double	*cum;		/* their cumulative weights, or NULL */
	size_t		*order;		/* QMC plans: baselines by output score, or NULL */
	double		*ocum;		/* cumulative weights in that order, or NULL */
	size_t		 d;		/* inputs */
	const double	*sigma;		/* Gaussian noise sds, or NULL */
	double		*bmean;		/* d: weighted baseline mean (control variate), or NULL */
	const struct gs_baseline *bl;	/* reg: the baselines, borrowed */
	double		*rmean;		/* reg: d weighted baseline means, or NULL */
	const double	*bout;		/* reg: nb x k outputs of the baselines, borrowed */
	gs_real		*bt;		/* reg: the baselines feature by feature, d x nb */
	size_t		 k;		/* outputs per row */
	size_t		 dims;		/* coordinates drawn per point */
	size_t		 qdims;		/* of which from the Sobol table */
	uint32_t	*v;		/* qdims x 32 direction numbers */
};

#endif

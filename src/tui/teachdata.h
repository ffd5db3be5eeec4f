/* SPDX-License-Identifier: ISC */
/*
 * The data of the teaching views (exact vs estimate, metrics, path, trace,
 * convergence), computed from an explainer for one row: what the explorer
 * and --dump-screen hand the renderer beside the explanation.
 */
#ifndef GS_TEACHDATA_H
#define GS_TEACHDATA_H

#include <stddef.h>

#include "attr/attr.h"
#include "attr/teach.h"
#include "session/cache.h"
#include "session/job.h"
#include "tui/render.h"

/* Points on the path view's curves (fixed, so areas do not follow the screen). */
#define TEACHDATA_PATH_POINTS	129
/* Most samples (or steps) the convergence curve is refined to (teach.c's limit). */
#define TEACHDATA_CONV_MAX	((size_t)100000000)

/* What the data is computed from. Everything is borrowed. */
struct gs_teach_in {
	const struct gs_model	*model;		/* the model */
	size_t			 output;	/* its output */
	const struct gs_attr_opts *opts;	/* the method's options (cancel too) */
	const struct gs_baseline *bl;		/* baseline set, or NULL */
	const struct gs_noise	*nz;		/* input noise, or NULL */
	const struct gs_groups	*groups;	/* exact: groups as players, or NULL */
	struct gs_explainer	*e;		/* the explainer behind ex */
	const struct gs_explanation *ex;	/* the explanation shown */
	const double		*x;		/* its input */
	size_t			 row;		/* its data row */
	size_t			 bidx;		/* path: the baseline row */
	const double		*scale;		/* metrics: feature sds, or NULL */
	size_t			 conv_max;	/* convergence: the largest count
						   (0: the method's samples or steps) */
	struct gs_explain_job	*pair;		/* models: a comparison job
						   (job_compares), or NULL */
	const char		*model_b;	/* models: model B's name, or NULL */
};

/* One teaching view's data for one row. */
struct gs_teachdata {
	enum gs_view		 view;		/* the view it is for */
	size_t			 row;		/* the data row */
	int			 groups;	/* exact: groups were the players */
	size_t			 bidx;		/* path: the baseline row */
	int			 done;		/* computed, or refused (msg) */
	char			 msg[GS_ERROR_MSG_SIZE]; /* why there is no data, or "" */
	struct gs_result	*exact;		/* exact Shapley values (it points
						   into itself: never moved), owned,
						   or NULL */
	int			 have_cmp;	/* cmp is filled */
	struct gs_compare	 cmp;		/* exact: the estimate beside what
						   it estimates, and the method's
						   bias (teach_compare) */
	struct gs_metrics	*metrics;	/* quality metrics, owned, or NULL */
	int			 have_path;	/* path is filled */
	struct gs_path		 path;		/* f along the baseline's path */
	int			 have_trace;	/* trace is filled */
	struct gs_trace		 trace;		/* Gradient SHAP's samples */
	size_t			 conv_max;	/* convergence: the count asked
						   for (0: the method's) */
	int			 have_conv;	/* conv is filled */
	struct gs_convergence	 conv;		/* estimates against samples */
	int			 have_pair;	/* pair is filled */
	struct gs_paired	 pair;		/* models: the row by A and B */
	const char		*model_b;	/* models: B's name (borrowed) */
};

/*
 * Compute view v's data from in into td (cleared first; the caller clears
 * it with teachdata_clear). The convergence curve runs to in->conv_max
 * samples (or steps) when set, so the explorer's r can refine it; over
 * TEACHDATA_CONV_MAX is GS_EINVAL. A refusal (exact with more than 20 players or
 * without a baseline set, a method the view does not apply to) or a
 * failure returns -1 with err set and its message kept in td->msg.
 * Errors: GS_ELIMIT (too many players), GS_EINVAL, GS_EINTR (cancelled),
 * those of explainer_new, explainer_run, metrics_compute and teach.c.
 */
int	teachdata_compute(struct gs_teachdata *td, enum gs_view v,
	    const struct gs_teach_in *in, struct gs_error *err);
void	teachdata_clear(struct gs_teachdata *td);

/* Point src's teaching fields at td's data (borrowed while td lives). */
void	teachdata_src(const struct gs_teachdata *td, struct gs_render_src *src);

#endif

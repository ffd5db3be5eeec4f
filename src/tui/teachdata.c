/* SPDX-License-Identifier: ISC */
/*
 * The teaching views' data for one row: exact Shapley values over the same
 * baseline set (groups as players when asked), quality metrics, the path
 * from one baseline, Gradient SHAP's trace and the convergence curve,
 * computed through the attribution layer (exact, metrics.c, teach.c) for
 * the explorer's worker thread and for --dump-screen alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "attr/trust.h"
#include "core/xmalloc.h"
#include "tui/teachdata.h"

/* Most samples x features a trace keeps (it holds five n x d arrays). */
#define TEACHDATA_TRACE_CELLS	((size_t)2000000)
/* Samples of the trace when the method is not Gradient SHAP. */
#define TEACHDATA_TRACE_SAMPLES	200

/* Keep err's message in td and fail. */
static int
teachdata_fail(struct gs_teachdata *td, struct gs_error *err)
{
	snprintf(td->msg, sizeof td->msg, "%s", err->msg);
	td->done = 1;
	return (-1);
}

/* Exact Shapley values of in's row over the same baseline set. */
static int
teachdata_exact(struct gs_teachdata *td, const struct gs_teach_in *in,
    struct gs_error *err)
{
	struct gs_attr_opts	 o = *in->opts;
	struct gs_explainer	*e;
	struct gs_explanation	 ex;
	size_t			 players;
	int			 rc = -1;

	players = in->groups != NULL ? in->groups->n : in->ex->d;
	if (players > GS_EXACT_MAX_PLAYERS)
		return (gs_error_set(err, GS_ELIMIT, "exact: %zu %s are too many "
		    "players (at most %d)%s", players, in->groups != NULL ?
		    "groups" : "features", GS_EXACT_MAX_PLAYERS,
		    in->groups != NULL ? "" : "; t: groups as players"));
	if (in->bl == NULL)
		return (gs_error_set(err, GS_EINVAL, "exact: %s uses no "
		    "baseline set to compare against", method_name(
		    in->ex->method)));
	o.method = GS_METHOD_EXACT;
	o.tol = 0;
	if ((e = explainer_new(in->model, in->output, &o, in->bl, NULL,
	    err)) == NULL)
		return (-1);
	if (in->groups != NULL && explainer_set_groups(e, in->groups, err) != 0)
		goto out;
	if (explainer_run(e, in->x, in->row, &ex, err) != 0)
		goto out;
	td->exact = xcalloc(1, sizeof *td->exact);
	cache_result_set(td->exact, &ex);
	explanation_clear(&ex);
	rc = 0;
out:
	explainer_free(e);
	return (rc);
}

/* Quality metrics of in's explanation, into td->metrics. */
static int
teachdata_metrics(struct gs_teachdata *td, const struct gs_teach_in *in,
    struct gs_error *err)
{
	struct gs_metrics_opts	 mo;
	struct gs_explanation	 ex;

	if (in->ex->metrics != NULL) {
		/* Already measured (--metrics): nothing to do. */
		return (0);
	}
	metrics_opts_default(&mo);
	mo.scale = in->scale;
	mo.bl = in->bl;
	/* metrics_compute only reads ex and attaches the result to it. */
	ex = *in->ex;
	ex.metrics = NULL;
	if (metrics_compute(in->e, in->x, in->row, &ex, &mo, err) != 0)
		return (-1);
	td->metrics = ex.metrics;
	return (0);
}

/* Gradient SHAP's samples, with in's explainer or one made like it. */
static int
teachdata_trace(struct gs_teachdata *td, const struct gs_teach_in *in,
    struct gs_error *err)
{
	struct gs_attr_opts	 o = *in->opts;
	struct gs_explainer	*e = in->e;
	size_t			 n, d = in->ex->d > 0 ? in->ex->d : 1;
	int			 rc;

	if (in->opts->method != GS_METHOD_GRADSHAP) {
		if (in->bl == NULL)
			return (gs_error_set(err, GS_EINVAL, "trace: Gradient "
			    "SHAP needs a baseline set, and %s has none",
			    method_name(in->opts->method)));
		o.method = GS_METHOD_GRADSHAP;
		o.samples = TEACHDATA_TRACE_SAMPLES;
		o.tol = 0;
		o.plan = GS_PLAN_MC;
		o.antithetic = o.cv = 0;
		if ((e = explainer_new(in->model, in->output, &o, in->bl,
		    in->nz, err)) == NULL)
			return (-1);
	}
	n = o.samples > 0 ? o.samples : 1;
	if (n > TEACHDATA_TRACE_CELLS / d)
		n = TEACHDATA_TRACE_CELLS / d > 0 ? TEACHDATA_TRACE_CELLS / d : 1;
	rc = teach_trace(e, in->x, in->row, n, &td->trace, err);
	if (e != in->e)
		explainer_free(e);
	if (rc == 0)
		td->have_trace = 1;
	return (rc);
}

int
teachdata_compute(struct gs_teachdata *td, enum gs_view v,
    const struct gs_teach_in *in, struct gs_error *err)
{
	size_t	max;
	int	rc = 0;

	memset(td, 0, sizeof *td);
	td->view = v;
	td->row = in->row;
	td->groups = in->groups != NULL;
	td->bidx = in->bidx;
	gs_error_clear(err);
	switch (v) {
	case GS_VIEW_EXACT:
		rc = teachdata_exact(td, in, err);
		break;
	case GS_VIEW_METRICS:
		rc = teachdata_metrics(td, in, err);
		break;
	case GS_VIEW_PATH:
		rc = teach_path(in->e, in->x, in->row, in->bidx,
		    TEACHDATA_PATH_POINTS, &td->path, err);
		td->have_path = rc == 0;
		break;
	case GS_VIEW_TRACE:
		rc = teachdata_trace(td, in, err);
		break;
	case GS_VIEW_CONVERGENCE:
		max = method_info(in->opts->method)->unit == GS_UNIT_STEPS ?
		    in->opts->steps :
		    in->opts->samples;
		td->conv_max = in->conv_max;
		if (in->conv_max > TEACHDATA_CONV_MAX) {
			rc = gs_error_set(err, GS_EINVAL, "convergence: %zu "
			    "samples is over the most, %zu", in->conv_max,
			    TEACHDATA_CONV_MAX);
			break;
		}
		if (in->conv_max > 0)
			max = in->conv_max;
		rc = teach_convergence(in->e, in->x, in->row, max, &td->conv,
		    err);
		td->have_conv = rc == 0;
		break;
	default:
		break;
	}
	if (rc != 0)
		return (teachdata_fail(td, err));
	td->done = 1;
	return (0);
}

void
teachdata_clear(struct gs_teachdata *td)
{
	if (td->exact != NULL) {
		cache_result_clear(td->exact);
		free(td->exact);
	}
	metrics_free(td->metrics);
	if (td->have_path)
		teach_path_clear(&td->path);
	if (td->have_trace)
		teach_trace_clear(&td->trace);
	if (td->have_conv)
		teach_convergence_clear(&td->conv);
	memset(td, 0, sizeof *td);
}

void
teachdata_src(const struct gs_teachdata *td, struct gs_render_src *src)
{
	src->exact = td->exact != NULL ? &td->exact->ex : NULL;
	src->metrics = td->metrics;
	src->path = td->have_path ? &td->path : NULL;
	src->trace = td->have_trace ? &td->trace : NULL;
	src->conv = td->have_conv ? &td->conv : NULL;
	src->teach_msg = td->msg[0] != '\0' ? td->msg : NULL;
}

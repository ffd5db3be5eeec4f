/* SPDX-License-Identifier: ISC */
/*
 * The explorer's teaching views (metrics M, path A, trace T, convergence
 * V): the worker's task that computes their data (teachdata.c), when that
 * data is current, their keys (f b F B, r in V, L) and ':baseline-row'.
 * The key table is in explore-key.c, the worker thread in
 * explore-worker.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "tui/explore-int.h"

/* Baseline rows the path view can start from (0: none). */
static size_t
explore_teach_baselines(const struct explore *X)
{
	return (job_baseline(X->x->job) != NULL ?
	    job_baseline(X->x->job)->n : 0);
}

/*
 * Whether X->teach holds the row's convergence curve while a refine (r)
 * to another count is asked or running: that curve is shown meanwhile.
 */
static int
explore_teach_refining(const struct explore *X)
{
	const struct gs_teachdata *td = &X->teach;

	return (td->done && td->have_conv && td->view == GS_VIEW_CONVERGENCE &&
	    td->row == X->row && td->conv_max != X->conv_max);
}

/*
 * The worker's teaching task (on the worker thread): compute the data of
 * the view the task names for its row, or for the edited row when the
 * task holds one, into tk->teach, which the task owns until
 * explore_teach_join. It reads only the task (its inputs were set by
 * explore_teach_start). A row that cannot be read leaves its message
 * there; a cancel sets tk->rc to -1.
 */
void
explore_teach_work(struct explore_task *tk)
{
	struct gs_error	 err;
	double		*x = tk->x;

	gs_error_clear(&err);
	if (x == NULL) {
		x = xcalloc(tk->d, sizeof *x);
		if (dataset_row(tk->data, tk->sel, tk->row, tk->impute, x,
		    &err) != 0) {
			snprintf(tk->teach.msg, sizeof tk->teach.msg, "%s",
			    err.msg);
			tk->teach.done = 1;
			free(x);
			goto out;
		}
	}
	tk->in.x = x;
	if (teachdata_compute(&tk->teach, tk->view, &tk->in, &err) != 0 &&
	    err.code == GS_EINTR)
		tk->rc = -1;
	tk->in.x = NULL;
	if (x != tk->x)
		free(x);
out:
	/* The key is what was asked for, so the data is not asked again. */
	tk->teach.view = tk->view;
	tk->teach.row = tk->row;
	tk->teach.groups = tk->groups;
	tk->teach.bidx = tk->bidx;
	tk->teach.conv_max = tk->conv_max;
}

/*
 * Fill a teaching task from the screen before its thread starts: the
 * view, groups, baseline row and convergence count asked for, copies of
 * the method's options, the feature scales and the explanation (and
 * input) of the edited row when there is one, else of the current row,
 * which must be in the cache; the model, baseline set, noise and groups
 * are fixed while the explorer is open, and the explainer is only
 * replaced after a join.
 */
void
explore_teach_start(struct explore *X)
{
	struct explore_task		*tk = &X->task;
	const struct gs_result		*shown;

	/* On the edited row when there is one, else on the row. */
	tk->view = X->ro.view;
	tk->groups = X->ro.groups && explore_job_groups(X) != NULL;
	tk->bidx = X->bidx;
	tk->conv_max = X->conv_max;
	tk->opts = X->opts;
	tk->scale = xcalloc(X->d, sizeof *tk->scale);
	memcpy(tk->scale, X->sd, X->d * sizeof *tk->scale);
	memset(&tk->teach, 0, sizeof tk->teach);
	if (X->whatif != NULL && X->xedit != NULL) {
		shown = X->whatif;
		tk->x = xcalloc(X->d, sizeof *tk->x);
		memcpy(tk->x, X->xedit, X->d * sizeof *tk->x);
	} else
		shown = X->cache[X->row];
	/* A copy points into itself: made in place, never moved. */
	tk->ex = xcalloc(1, sizeof *tk->ex);
	cache_result_set(tk->ex, &shown->ex);
	memset(&tk->in, 0, sizeof tk->in);
	tk->in.model = X->x->s->model;
	tk->in.output = X->x->s->output;
	tk->in.opts = &tk->opts;
	tk->in.bl = job_baseline(X->x->job);
	tk->in.nz = job_noise(X->x->job);
	tk->in.groups = tk->groups ? explore_job_groups(X) : NULL;
	tk->in.e = tk->e;
	tk->in.ex = &tk->ex->ex;
	tk->in.row = tk->row;
	tk->in.bidx = tk->bidx;
	tk->in.scale = tk->scale;
	tk->in.conv_max = tk->conv_max;
}

/*
 * Take a joined teaching task's data into X->teach (which then owns it).
 * A cancelled or failed refine goes back to the curve shown; any other
 * cancel or failure frees the data and marks the view not computed.
 */
void
explore_teach_join(struct explore *X)
{
	struct explore_task	*tk = &X->task;

	if ((atomic_load(&tk->cancel) || tk->rc != 0) &&
	    tk->view == GS_VIEW_CONVERGENCE && explore_teach_refining(X)) {
		/* A cancelled refine: back to the curve shown. */
		teachdata_clear(&tk->teach);
		X->conv_max = X->teach.conv_max;
	} else if (atomic_load(&tk->cancel) || tk->rc != 0) {
		teachdata_clear(&tk->teach);
		X->teach_off = 1;
	} else {
		teachdata_clear(&X->teach);
		X->teach = tk->teach;
		memset(&tk->teach, 0, sizeof tk->teach);
	}
}

/*
 * Whether X->teach holds the current teaching view's data: for this view
 * and row, and for the groups, baseline row or convergence count the view
 * depends on.
 */
int
explore_teach_valid(const struct explore *X)
{
	const struct gs_teachdata *td = &X->teach;

	if (!td->done || td->view != X->ro.view || td->row != X->row)
		return (0);
	if (td->view == GS_VIEW_EXACT && td->groups != (X->ro.groups &&
	    explore_job_groups(X) != NULL))
		return (0);
	if (td->view == GS_VIEW_CONVERGENCE && td->conv_max != X->conv_max)
		return (0);
	return (td->view != GS_VIEW_PATH || td->bidx == X->bidx);
}

/*
 * Point the renderer's source at the teaching view's data when it is
 * current (or is the curve kept during a refine), or at the "not
 * computed" message after a cancel. src borrows from X.
 */
void
explore_teach_src(struct explore *X, struct gs_render_src *src)
{
	if (render_view_teach(X->ro.view) && (explore_teach_valid(X) ||
	    (X->ro.view == GS_VIEW_CONVERGENCE && explore_teach_refining(X))))
		teachdata_src(&X->teach, src);
	else if (render_view_teach(X->ro.view) && X->teach_off)
		src->teach_msg = "not computed (cancelled; Ctrl-L computes it)";
}

/*
 * The status line while a teaching task runs ("computing the ... view",
 * or "refining the convergence curve ..."), written into msg of size
 * bytes.
 */
void
explore_teach_progress(const struct explore *X, char *msg, size_t size)
{
	if (X->task.view == GS_VIEW_CONVERGENCE && X->task.conv_max > 0)
		snprintf(msg, size, "refining the convergence curve "
		    "of row %zu to %zu %s... (Esc cancels)", X->task.row,
		    X->task.conv_max, method_unit_name(method_info(X->opts.method)->unit));
	else
		snprintf(msg, size, "computing the %s view for row "
		    "%zu... (Esc cancels)", render_view_name(
		    X->task.view), X->task.row);
}

/*
 * f, b, F, B: the trace view's sample (dir +1, -1; end 2, start -2), or
 * the path view's baseline row. In other views, or with nothing to step
 * through, it only says so on the status line.
 */
void
explore_teach_step(struct explore *X, int dir)
{
	size_t	n, *at;

	if (X->ro.view == GS_VIEW_TRACE) {
		n = X->teach.have_trace && explore_teach_valid(X) ?
		    X->teach.trace.n : 0;
		at = &X->ro.step;
	} else if (X->ro.view == GS_VIEW_PATH) {
		n = explore_teach_baselines(X);
		at = &X->bidx;
	} else {
		explore_status(X, 1, "f/b/F/B step the trace view (T) or the "
		    "path view's baseline row (A)");
		return;
	}
	if (n == 0) {
		explore_status(X, 1, "%s", X->ro.view == GS_VIEW_PATH ?
		    "no baseline set to pick a row from" : "no samples yet");
		return;
	}
	if (*at >= n)
		*at = n - 1;
	if (dir == 2)
		*at = n - 1;
	else if (dir == -2)
		*at = 0;
	else if (dir > 0)
		*at = X->ro.view == GS_VIEW_PATH ? (*at + 1) % n :
		    *at + 1 < n ? *at + 1 : n - 1;
	else
		*at = X->ro.view == GS_VIEW_PATH ? (*at + n - 1) % n :
		    *at > 0 ? *at - 1 : 0;
	if (X->ro.view == GS_VIEW_PATH)
		explore_status(X, 0, "path from baseline row %zu of %zu", *at, n);
}

/*
 * r in the convergence view: twice the curve's largest sample (or step)
 * count, computed in the background like the view's data (Esc cancels and
 * keeps the curve shown). It only asks (X->conv_max); the loop schedules
 * the work. Refusals go to the status line.
 */
void
explore_teach_refine(struct explore *X)
{
	const struct gs_convergence *c = &X->teach.conv;
	size_t	cur;

	if (explore_teach_refining(X)) {
		explore_status(X, 1, "r: already refining to %zu", X->conv_max);
		return;
	}
	if (!explore_teach_valid(X) || !X->teach.have_conv || c->n == 0) {
		explore_status(X, 1, "r: no convergence curve to refine yet");
		return;
	}
	cur = c->samples[c->n - 1];
	if (cur > TEACHDATA_CONV_MAX / 2) {
		explore_status(X, 1, "r: %zu %s is the most", cur, method_unit_name(method_info(c->method)->unit));
		return;
	}
	X->conv_max = cur * 2;
	X->teach_off = 0;
}

/*
 * L in the convergence view: the top features by |phi| as lines, or the
 * cursor feature with its band. Elsewhere it only says so.
 */
void
explore_teach_conv_multi(struct explore *X)
{
	if (X->ro.view != GS_VIEW_CONVERGENCE) {
		explore_status(X, 1, "L: the convergence view's top 5 "
		    "features (V first)");
		return;
	}
	X->ro.conv_multi = !X->ro.conv_multi;
	explore_status(X, 0, "%s", X->ro.conv_multi ? "the top "
	    "features by |phi| as lines" : "the cursor feature with "
	    "its band");
}

/*
 * ':baseline-row N': the path view from baseline row N (opened when
 * another view is shown). A bad N, or no baseline set, goes to the status
 * line and changes nothing.
 */
void
explore_teach_baseline_row(struct explore *X, const char *arg)
{
	char	*end;
	long	 n;

	n = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || n < 0 ||
	    (size_t)n >= explore_teach_baselines(X)) {
		if (explore_teach_baselines(X) == 0)
			explore_status(X, 1, "baseline-row: there is no "
			    "baseline set");
		else
			explore_status(X, 1, "baseline-row: 0 to %zu",
			    explore_teach_baselines(X) - 1);
		return;
	}
	X->bidx = (size_t)n;
	if (X->ro.view != GS_VIEW_PATH) {
		X->prev_view = X->ro.view;
		X->ro.view = GS_VIEW_PATH;
	}
	X->teach_off = 0;
}

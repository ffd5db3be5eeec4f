/* SPDX-License-Identifier: ISC */
/*
 * The explorer's worker: one background thread at a time explains a row,
 * the edited row, the summary rows, a teaching view's data or every row
 * by models A and B (the models view's lists), so the
 * keyboard never waits (Esc or Ctrl-C cancels between batches). What the
 * screen waits for is started here, most urgent first, and the results
 * are taken into the cache when the thread is joined.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "tui/explore-int.h"

/* Top-k of the agreement measures in the models view's lists (as rows). */
#define EXPLORE_PAIRS_K		5

/* The cancel callback the explainer polls between batches. */
int
explore_worker_cancelled(void *arg)
{
	struct explore_task	*tk = arg;

	return (atomic_load(&tk->cancel) != 0);
}

/*
 * TASK_CLASSES: each row of the task for every class, into res[i * nc +
 * c]; a row that cannot be read is one error (err[i * nc]).
 */
static void
explore_worker_classes(struct explore_task *tk, double *x)
{
	struct gs_explanation	 ex;
	struct gs_error		 err;
	size_t			 r, i, c;

	for (r = tk->first; r < tk->last && !atomic_load(&tk->cancel); r++) {
		i = (r - tk->first) * tk->nc;
		gs_error_clear(&err);
		if (dataset_row(tk->data, tk->sel, r, tk->impute, x,
		    &err) != 0) {
			tk->err[i] = xstrdup(err.msg);
			continue;
		}
		for (c = 0; c < tk->nc; c++) {
			if (explainer_run(tk->ce[c], x, r, &ex, &err) != 0) {
				tk->err[i + c] = xstrdup(err.msg);
				if (err.code == GS_EINTR)
					return;
				continue;
			}
			tk->res[i + c] = xcalloc(1, sizeof *tk->res[i + c]);
			cache_result_set(tk->res[i + c], &ex);
			explanation_clear(&ex);
		}
		atomic_fetch_add(&tk->progress, 1);
	}
}

/*
 * The pairs task (on the worker thread): rows [first, last) by models A
 * and B with the same draws (job_run_compare_row, as the REPL's rows -s
 * disagree) into tk->sum. A row that cannot be explained is counted and
 * skipped, the first one's message kept; the user's cancel is polled
 * between rows, an interrupt inside one (GS_EINTR) sets tk->rc to -1.
 */
static void
explore_worker_pairs(struct explore_task *tk)
{
	struct gs_paired	c;
	struct gs_error		err;
	size_t			r;

	compare_summary_init(&tk->sum, tk->d, EXPLORE_PAIRS_K);
	for (r = tk->first; r < tk->last && !atomic_load(&tk->cancel); r++) {
		gs_error_clear(&err);
		if (job_run_compare_row(tk->pair, r, &c, &err) != 0) {
			if (err.code == GS_EINTR) {
				tk->rc = -1;
				break;
			}
			if (tk->failed++ == 0 && strncmp(err.msg, "row ", 4) == 0)
				snprintf(tk->pairs_err, sizeof tk->pairs_err,
				    "%.900s", err.msg);
			else if (tk->failed == 1)
				snprintf(tk->pairs_err, sizeof tk->pairs_err,
				    "row %zu: %.900s", r, err.msg);
			atomic_fetch_add(&tk->progress, 1);
			continue;
		}
		if (tk->sum.n == 0)
			snprintf(tk->pairs_how, sizeof tk->pairs_how, "%s, %zu "
			    "samples, seed %llu", method_name(c.a.method),
			    c.a.samples_used, (unsigned long long)c.a.opts.seed);
		compare_summary_add(&tk->sum, &c);
		compare_clear(&c);
		atomic_fetch_add(&tk->progress, 1);
	}
}

/*
 * The worker thread: explain what the task names into its results. It is
 * given the task alone, never the explorer: everything it reads was set
 * in the task by explore_worker_start (explore-int.h says what is copied
 * and what is fixed while the explorer is open), and it writes only the
 * task's results and its atomics.
 */
static void *
explore_worker_main(void *arg)
{
	struct explore_task	*tk = arg;
	struct gs_explanation	 ex;
	struct gs_error		 err;
	double			*x;
	size_t			 r, i;

	tk->rc = 0;
	if (tk->kind == TASK_TEACH || tk->kind == TASK_PAIRS) {
		if (tk->kind == TASK_TEACH)
			explore_teach_work(tk);
		else
			explore_worker_pairs(tk);
		atomic_store(&tk->done, 1);
		return (NULL);
	}
	x = xcalloc(tk->d > 0 ? tk->d : 1, sizeof *x);
	if (tk->kind == TASK_CLASSES) {
		explore_worker_classes(tk, x);
		free(x);
		atomic_store(&tk->done, 1);
		return (NULL);
	}
	for (r = tk->first; r < tk->last && !atomic_load(&tk->cancel); r++) {
		i = r - tk->first;
		gs_error_clear(&err);
		if (tk->kind == TASK_WHATIF)
			memcpy(x, tk->x, tk->d * sizeof *x);
		else if (dataset_row(tk->data, tk->sel, r, tk->impute, x,
		    &err) != 0) {
			tk->err[i] = xstrdup(err.msg);
			tk->rc = -1;
			continue;
		}
		if (explainer_run(tk->e, x, tk->kind == TASK_WHATIF ? tk->row :
		    r, &ex, &err) != 0) {
			tk->err[i] = xstrdup(err.msg);
			tk->rc = -1;
			if (err.code == GS_EINTR)
				break;
			continue;
		}
		/* A result points into itself: it is made in place, never moved. */
		tk->res[i] = xcalloc(1, sizeof *tk->res[i]);
		cache_result_set(tk->res[i], &ex);
		explanation_clear(&ex);
		atomic_fetch_add(&tk->progress, 1);
	}
	free(x);
	atomic_store(&tk->done, 1);
	return (NULL);
}

/* Free the task's inputs and what is left of its results. */
static void
explore_worker_clear(struct explore_task *tk)
{
	size_t	i;

	for (i = 0; tk->res != NULL && i < (tk->last - tk->first) * tk->nc;
	    i++) {
		explore_result_free(tk->res[i]);
		free(tk->err[i]);
	}
	free(tk->res);
	free(tk->err);
	free(tk->x);
	free(tk->scale);
	explore_result_free(tk->ex);
	teachdata_clear(&tk->teach);
	compare_summary_free(&tk->sum);
	tk->failed = 0;
	tk->pairs_err[0] = '\0';
	tk->pairs_how[0] = '\0';
	tk->res = NULL;
	tk->err = NULL;
	tk->x = NULL;
	tk->scale = NULL;
	tk->ex = NULL;
	tk->kind = TASK_NONE;
}

/* Forget the models view's lists (X->pairs and its orders). */
void
explore_worker_pairs_clear(struct explore *X)
{
	compare_summary_free(&X->pairs);
	free(X->pairs_worst);
	free(X->pairs_same);
	X->pairs_worst = NULL;
	X->pairs_same = NULL;
	X->npairs_same = 0;
	X->pairs_done = 0;
	X->pairs_failed = 0;
	X->pairs_err[0] = '\0';
	X->pairs_how[0] = '\0';
}

/*
 * Take a joined pairs task's rows into X->pairs with both lists' orders
 * (compare_summary_worst, compare_summary_same_pred); a cancelled or
 * interrupted one leaves nothing and marks the lists not computed. Rows
 * that could not be compared are said on the status line.
 */
static void
explore_worker_pairs_join(struct explore *X)
{
	struct explore_task	*tk = &X->task;

	explore_worker_pairs_clear(X);
	if (atomic_load(&tk->cancel) || tk->rc != 0) {
		X->pairs_off = 1;
		return;
	}
	X->pairs = tk->sum;
	memset(&tk->sum, 0, sizeof tk->sum);
	X->pairs_worst = xcalloc(X->pairs.n + 1, sizeof *X->pairs_worst);
	X->pairs_same = xcalloc(X->pairs.n + 1, sizeof *X->pairs_same);
	compare_summary_worst(&X->pairs, X->pairs_worst);
	X->npairs_same = compare_summary_same_pred(&X->pairs, X->pairs_same);
	X->pairs_failed = tk->failed;
	snprintf(X->pairs_err, sizeof X->pairs_err, "%s", tk->pairs_err);
	snprintf(X->pairs_how, sizeof X->pairs_how, "%s", tk->pairs_how);
	X->pairs_done = 1;
	if (X->pairs_failed > 0)
		explore_status(X, 1, "%zu of %zu rows could not be compared; "
		    "%s", X->pairs_failed, X->nrows, X->pairs_err);
}

/*
 * Join the worker and take its results into the cache (rows), X->whatif
 * (the edited row) or X->teach (a teaching view); errors go to X->rowerr
 * or the status line. A task run on this thread (no thread could be
 * started) is not joined, only collected.
 */
void
explore_worker_join(struct explore *X)
{
	struct explore_task	*tk = &X->task;
	size_t			 i, r, n, c;

	if (!tk->running)
		return;
	if (tk->threaded)
		pthread_join(tk->th, NULL);
	tk->running = 0;
	tk->threaded = 0;
	n = tk->last - tk->first;
	for (i = 0; tk->kind == TASK_CLASSES && i < n * tk->nc; i++) {
		/* Row first + i / nc for class i % nc, into X->ccache. */
		r = tk->first + i / tk->nc;
		c = (i % tk->nc) * X->nrows + r;
		if (tk->res[i] != NULL && X->ccache[c] == NULL) {
			X->ccache[c] = tk->res[i];
			tk->res[i] = NULL;
		} else if (tk->err[i] != NULL && X->rowerr[r] == NULL &&
		    strcmp(tk->err[i], "interrupted") != 0) {
			X->rowerr[r] = tk->err[i];
			tk->err[i] = NULL;
		}
	}
	for (i = 0; tk->kind != TASK_CLASSES && i < n; i++) {
		r = tk->first + i;
		if (tk->kind == TASK_WHATIF) {
			if (tk->res[i] != NULL) {
				explore_result_free(X->whatif);
				X->whatif = tk->res[i];
				tk->res[i] = NULL;
			} else if (tk->err[i] != NULL &&
			    !atomic_load(&tk->cancel))
				explore_status(X, 1, "what-if: %s", tk->err[i]);
		} else if (tk->res[i] != NULL && X->cache[r] == NULL) {
			X->cache[r] = tk->res[i];
			tk->res[i] = NULL;
		} else if (tk->err[i] != NULL && X->rowerr[r] == NULL &&
		    strcmp(tk->err[i], "interrupted") != 0) {
			X->rowerr[r] = tk->err[i];
			tk->err[i] = NULL;
		}
	}
	if ((tk->kind == TASK_SUMMARY || tk->kind == TASK_CLASSES) &&
	    atomic_load(&tk->cancel))
		X->summary_off = 1;
	if (tk->kind == TASK_TEACH)
		explore_teach_join(X);
	if (tk->kind == TASK_PAIRS)
		explore_worker_pairs_join(X);
	if (tk->kind == TASK_WHATIF)
		teachdata_clear(&X->teach);
	explore_worker_clear(tk);
	X->dirty = 1;
}

/* Stop the worker (it stops at its next batch) and join it. */
void
explore_worker_cancel(struct explore *X)
{
	if (!X->task.running)
		return;
	atomic_store(&X->task.cancel, 1);
	explore_worker_join(X);
}

/*
 * The user stopped the work (Esc, Ctrl-C): cancel it and do not start it
 * again by itself, or the key would seem to do nothing. The row stays
 * unexplained until Ctrl-L or another row; a what-if until the next
 * edit; the summary and a teaching view as their flags say.
 */
void
explore_worker_stop(struct explore *X)
{
	enum explore_kind	kind = X->task.kind;
	size_t			first = X->task.first;

	if (!X->task.running)
		return;
	explore_worker_cancel(X);
	if (kind == TASK_ROW)
		X->row_off = (long)first;
	else if (kind == TASK_WHATIF)
		X->whatif_stale = 0;
}

/*
 * Start a task on rows [first, last) (what-if: the edited row; teach: the
 * current view's data), after stopping any other. Its inputs are taken
 * now (the snapshot the thread works from). When no thread can be
 * started, the work is done here before returning; either way the loop
 * collects it with explore_worker_join.
 */
void
explore_worker_start(struct explore *X, enum explore_kind kind, size_t first,
    size_t last)
{
	struct explore_task	*tk = &X->task;

	explore_worker_cancel(X);
	tk->kind = kind;
	tk->first = first;
	tk->last = last;
	tk->row = X->row;
	tk->d = X->d;
	tk->data = X->x->s->data;
	tk->sel = &X->x->s->sel;
	tk->impute = job_settings(X->x->job)->impute;
	tk->e = X->e;
	tk->ce = X->ce;
	tk->nc = kind == TASK_CLASSES ? X->k : 1;
	atomic_store(&tk->done, 0);
	atomic_store(&tk->cancel, 0);
	atomic_store(&tk->progress, 0);
	tk->res = xcalloc((last - first) * tk->nc, sizeof *tk->res);
	tk->err = xcalloc((last - first) * tk->nc, sizeof *tk->err);
	if (kind == TASK_WHATIF) {
		tk->x = xcalloc(X->d, sizeof *tk->x);
		memcpy(tk->x, X->xedit, X->d * sizeof *tk->x);
		X->whatif_stale = 0;
	}
	if (kind == TASK_TEACH)
		explore_teach_start(X);
	tk->pair = X->x->pair;
	tk->failed = 0;
	tk->pairs_err[0] = '\0';
	tk->pairs_how[0] = '\0';
	tk->running = 1;
	tk->threaded = pthread_create(&tk->th, NULL, explore_worker_main,
	    tk) == 0;
	if (!tk->threaded)
		explore_worker_main(tk);	/* no thread: the work is done here */
	X->dirty = 1;
}

/* Whether some class of row r is not yet explained (stacked view). */
static int
explore_worker_row_open(const struct explore *X, size_t r)
{
	size_t	c;

	for (c = 0; c < X->k; c++)
		if (X->ccache[c * X->nrows + r] == NULL)
			return (1);
	return (0);
}

/* Start whatever the screen is waiting for, most urgent first. */
void
explore_worker_schedule(struct explore *X)
{
	size_t	r;

	if (X->task.running)
		return;
	if (X->xedit != NULL && X->whatif_stale) {
		explore_worker_start(X, TASK_WHATIF, 0, 1);
		return;
	}
	if (X->cache[X->row] == NULL && X->rowerr[X->row] == NULL) {
		if (X->row_off != (long)X->row)
			explore_worker_start(X, TASK_ROW, X->row, X->row + 1);
		return;
	}
	/* The models view's lists: every row by both models. */
	if (X->ro.view == GS_VIEW_MODELS && X->ro.models_list != 0) {
		if (X->x->pair != NULL && !X->pairs_done && !X->pairs_off)
			explore_worker_start(X, TASK_PAIRS, 0, X->nrows);
		return;
	}
	if (render_view_teach(X->ro.view) && !X->teach_off &&
	    X->cache[X->row] != NULL && !explore_teach_valid(X)) {
		explore_worker_start(X, TASK_TEACH, X->row, X->row + 1);
		return;
	}
	if (X->ro.view == GS_VIEW_IMPORTANCE && X->stack &&
	    !X->summary_off) {
		for (r = X->sfirst; r < X->slast; r++)
			if (X->rowerr[r] == NULL && explore_worker_row_open(X,
			    r))
				break;
		if (r < X->slast)
			explore_worker_start(X, TASK_CLASSES, r, X->slast);
		return;
	}
	if (render_view_many(X->ro.view) && !X->summary_off) {
		for (r = X->sfirst; r < X->slast; r++)
			if (X->cache[r] == NULL && X->rowerr[r] == NULL)
				break;
		if (r < X->slast)
			explore_worker_start(X, TASK_SUMMARY, r, X->slast);
	}
	if (X->ro.view == GS_VIEW_COMPARE && X->pinned >= 0 &&
	    X->cache[X->pinned] == NULL && X->rowerr[X->pinned] == NULL)
		explore_worker_start(X, TASK_ROW, (size_t)X->pinned,
		    (size_t)X->pinned + 1);
}

/* SPDX-License-Identifier: ISC */
/*
 * What the explorer explains with: the explainer (method, class, baseline
 * set, noise, groups) for the current options, and the one a ':compare'
 * line asks for, as variants of the job the explorer was opened with
 * (session/job.c builds them all); the models view's comparison job made
 * to stop on the explorer's Esc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "tui/explore-int.h"

/* The groups the explorer uses: the job's, else made from the names, or NULL. */
const struct gs_groups *
explore_job_groups(const struct explore *X)
{
	if (job_groups(X->x->job) != NULL)
		return (job_groups(X->x->job));
	return (X->autog.n > 0 ? &X->autog : NULL);
}

/*
 * A variant of the job for o with baseline set bl (NULL: the job's), with
 * the explorer's groups from the names when the job has none.
 */
static struct gs_explainer *
explore_job_new(const struct explore *X, const struct gs_attr_opts *o,
    const struct gs_baseline *bl, struct gs_error *err)
{
	struct gs_explainer	*e;

	e = job_explainer_with(X->x->job, o, bl, err);
	if (e != NULL && job_groups(X->x->job) == NULL && X->autog.n > 0 &&
	    explainer_set_groups(e, &X->autog, err) != 0) {
		explainer_free(e);
		e = NULL;
	}
	return (e);
}

/*
 * (Re)build X->e for X->opts, polled for cancelling by the worker's task.
 * Work in progress is cancelled first: the worker's task borrows X->e.
 * X->e is kept on failure. Errors: those of job_explainer_with and
 * explainer_set_groups.
 */
int
explore_job_explainer(struct explore *X, struct gs_error *err)
{
	struct gs_explainer	*e;

	explore_worker_cancel(X);
	X->opts.cancel = explore_worker_cancelled;
	X->opts.cancel_arg = &X->task;
	if ((e = explore_job_new(X, &X->opts, NULL, err)) == NULL)
		return (-1);
	explainer_free(X->e);
	X->e = e;
	return (0);
}

/*
 * The ':compare' explainer: the current options with one change, what
 * ("baseline" with spec a baseline spec, "class" with spec a class, or a
 * method name). A method of one baseline row gets the column means when
 * the job has a set (job_explainer_with). On success the old comparison
 * is dropped, X->alt_e and X->alt_bl (its own baseline set, when it has
 * one) hold the new one and X->alt_label says what it is; on failure err
 * holds the status line's message ("compare: ...") and nothing changed,
 * unless the explainer itself failed (then the comparison is off).
 */
int
explore_job_compare(struct explore *X, const char *what, const char *spec,
    struct gs_error *err)
{
	const struct gs_method_info *mi;
	struct gs_attr_opts	 o = X->opts;
	struct gs_baseline	 bl;
	struct gs_error		 e2;
	char			*end;
	long			 c;

	memset(&bl, 0, sizeof bl);
	o.cancel = NULL;
	o.threads = 1;
	if (strcmp(what, "baseline") == 0) {
		if (job_baseline_of(X->x->job, spec, &bl, &e2) != 0)
			return (gs_error_set(err, e2.code, "compare: %s",
			    e2.msg));
		snprintf(X->alt_label, sizeof X->alt_label, "baseline %s",
		    spec);
	} else if (strcmp(what, "class") == 0) {
		c = strtol(spec, &end, 10);
		if (end == spec || *end != '\0' || c < 0 ||
		    (size_t)c >= X->k)
			return (gs_error_set(err, GS_EINVAL, "compare class: 0 "
			    "to %zu", X->k - 1));
		o.output_class = c;
		snprintf(X->alt_label, sizeof X->alt_label, "class %ld", c);
	} else if (method_parse(what, &o.method) == 0) {
		mi = method_info(o.method);
		if (mi->default_noise != NULL && job_noise(X->x->job) == NULL)
			return (gs_error_set(err, GS_EINVAL, "compare %s: set "
			    "noise first (the REPL's noise command)", what));
		snprintf(X->alt_label, sizeof X->alt_label, "method %s", what);
	} else
		return (gs_error_set(err, GS_EINVAL, "compare: '%s' is not a "
		    "method, 'baseline SPEC', 'class K' or 'off'", what));
	/* Drop the old comparison; the new explainer borrows X->alt_bl. */
	explore_result_free(X->alt);
	X->alt = NULL;
	explainer_free(X->alt_e);
	X->alt_e = NULL;
	baseline_clear(&X->alt_bl);
	X->alt_bl = bl;
	if ((X->alt_e = explore_job_new(X, &o, X->alt_bl.n > 0 ? &X->alt_bl :
	    NULL, &e2)) == NULL) {
		baseline_clear(&X->alt_bl);
		return (gs_error_set(err, e2.code, "compare: %s", e2.msg));
	}
	return (0);
}

/*
 * The comparison job's cancel while the explorer has it: the worker's
 * task was cancelled (Esc, Ctrl-C), or what the job polled before says
 * so. arg is the explorer; what it reads is fixed while a task runs.
 */
static int
explore_job_pair_cancelled(void *arg)
{
	struct explore	*X = arg;

	return (atomic_load(&X->task.cancel) != 0 || (X->pair_cancel != NULL &&
	    X->pair_cancel(X->pair_cancel_arg)));
}

/*
 * on: make the models view's comparison job (X->x->pair, borrowed from
 * the caller) stop within a row when the user cancels the worker's task,
 * not only between rows; off: give it back its own cancel. Neither while
 * a task runs. Errors: those of job_set_cancel (then the job is as it
 * was, polled between rows only).
 */
int
explore_job_pair_hook(struct explore *X, int on, struct gs_error *err)
{
	struct gs_explain_job	*j = X->x->pair;
	struct gs_error		 e2;

	if (j == NULL || X->pair_hooked == on)
		return (0);
	if (!on) {
		X->pair_hooked = 0;
		return (job_set_cancel(j, X->pair_cancel, X->pair_cancel_arg,
		    &e2));
	}
	X->pair_cancel = job_opts(j)->cancel;
	X->pair_cancel_arg = job_opts(j)->cancel_arg;
	if (job_set_cancel(j, explore_job_pair_cancelled, X, err) != 0) {
		job_set_cancel(j, X->pair_cancel, X->pair_cancel_arg, &e2);
		return (-1);
	}
	X->pair_hooked = 1;
	return (0);
}

/* SPDX-License-Identifier: ISC */
/*
 * What the explorer explains with: the explainer (method, class, baseline
 * set, noise, groups) for the current options, and the one a ':compare'
 * line asks for. All of the explorer's job assembly is here, so that a
 * job builder of the session layer can replace it in one place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "tui/explore-int.h"

/* The groups the explorer uses: given, else made from the names, or NULL. */
const struct gs_groups *
explore_job_groups(const struct explore *X)
{
	if (X->x->groups != NULL)
		return (X->x->groups);
	return (X->autog.n > 0 ? &X->autog : NULL);
}

/* A new explainer for o with baseline set bl and the explorer's groups. */
static struct gs_explainer *
explore_job_new(const struct explore *X, const struct gs_attr_opts *o,
    const struct gs_baseline *bl, struct gs_error *err)
{
	struct gs_explainer	*e;
	const struct gs_groups	*gr = explore_job_groups(X);

	e = explainer_new(X->x->s->model, X->x->s->output, o, bl, X->x->nz,
	    err);
	if (e != NULL && gr != NULL && explainer_set_groups(e, gr, err) != 0) {
		explainer_free(e);
		e = NULL;
	}
	return (e);
}

/*
 * (Re)build X->e for X->opts, polled for cancelling by the worker's task.
 * Work in progress is cancelled first: the worker's task borrows X->e.
 * X->e is kept on failure. Errors: those of explainer_new and
 * explainer_set_groups.
 */
int
explore_job_explainer(struct explore *X, struct gs_error *err)
{
	struct gs_explainer	*e;

	explore_worker_cancel(X);
	X->opts.cancel = explore_worker_cancelled;
	X->opts.cancel_arg = &X->task;
	if ((e = explore_job_new(X, &X->opts, X->x->bl, err)) == NULL)
		return (-1);
	explainer_free(X->e);
	X->e = e;
	return (0);
}

/*
 * The ':compare' explainer: the current options with one change, what
 * ("baseline" with spec a baseline spec, "class" with spec a class, or a
 * method name). IG-like methods get the column means as their one
 * baseline row unless the set has one row. On success the old comparison
 * is dropped, X->alt_e and X->alt_bl (its own baseline set, when it has
 * one) hold the new one and X->alt_label says what it is; on failure err
 * holds the status line's message ("compare: ...") and nothing changed,
 * unless the explainer itself failed (then the comparison is off).
 */
int
explore_job_compare(struct explore *X, const char *what, const char *spec,
    struct gs_error *err)
{
	struct gs_attr_opts	 o = X->opts;
	struct gs_baseline	 bl;
	struct gs_error		 e2;
	const struct gs_baseline *use = X->x->bl;
	char			*end;
	long			 c;

	memset(&bl, 0, sizeof bl);
	o.cancel = NULL;
	o.threads = 1;
	if (strcmp(what, "baseline") == 0) {
		if (baseline_make(&bl, spec, X->x->s->data, &X->x->s->sel,
		    X->x->impute, o.seed, &e2) != 0)
			return (gs_error_set(err, e2.code, "compare: %s",
			    e2.msg));
		use = &bl;
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
		/* IG-like methods take one baseline row: the column means. */
		if ((o.method == GS_METHOD_IG || o.method == GS_METHOD_EXACTIG) &&
		    (use == NULL || use->n != 1)) {
			if (baseline_make(&bl, "mean", X->x->s->data,
			    &X->x->s->sel, X->x->impute, o.seed, &e2) != 0)
				return (gs_error_set(err, e2.code, "compare: "
				    "%s", e2.msg));
			use = &bl;
		}
		if (o.method == GS_METHOD_SMOOTHGRAD && X->x->nz == NULL) {
			baseline_clear(&bl);
			return (gs_error_set(err, GS_EINVAL, "compare "
			    "smoothgrad: set noise first (the REPL's noise "
			    "command)"));
		}
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
	if (use == &bl)
		use = &X->alt_bl;
	if ((X->alt_e = explore_job_new(X, &o, use, &e2)) == NULL) {
		baseline_clear(&X->alt_bl);
		return (gs_error_set(err, e2.code, "compare: %s", e2.msg));
	}
	return (0);
}

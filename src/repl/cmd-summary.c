/* SPDX-License-Identifier: ISC */
/*
 * summary: global importance, the mean |phi| of each feature over many rows
 * (and the mean phi, which keeps the direction), with progress and a time
 * estimate on the terminal; Ctrl-C stops it and keeps the session.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/number.h"
#include "core/xmalloc.h"
#include "repl/repl.h"
#include "session/textchart.h"
#include "tui/tui.h"

/* Seconds on the monotonic clock. */
static double
cmd_summary_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* Progress line on stderr, at most ten times a second. */
static void
cmd_summary_progress(size_t done, size_t n, double start, double *last)
{
	double	now = cmd_summary_now(), left;

	if (now - *last < 0.1)
		return;
	*last = now;
	fprintf(stderr, "\rsummary: %zu of %zu rows (%.0f%%)", done, n,
	    100.0 * done / n);
	if (done > 0) {
		left = (now - start) / done * (n - done);
		if (left >= 60)
			fprintf(stderr, ", about %.0f min left",
			    ceil(left / 60));
		else
			fprintf(stderr, ", about %.0f s left", ceil(left));
	}
	fputs("\033[K", stderr);
	fflush(stderr);
}

/* The rows to summarise: a filter, the first -n, or all; NULL on error. */
static size_t *
cmd_summary_rows(struct gs_repl *r, struct cmd_args *a, size_t *n,
    struct gs_error *err)
{
	struct gs_script *sc;
	size_t		 nrows = r->s.data->nrows, i, limit = nrows, *rows;
	unsigned char	*keep;
	uint64_t	 v;

	if (a->opt['n'] != NULL) {
		if (number_parse(a->opt['n'], SIZE_MAX, &v) != 0 || v == 0) {
			gs_error_set(err, GS_EINVAL, "-n '%s' is not a count "
			    "of rows", a->opt['n']);
			return (NULL);
		}
		limit = (size_t)v;
	}
	keep = xcalloc(nrows > 0 ? nrows : 1, 1);
	memset(keep, 1, nrows);
	if (a->rest[0] != '\0') {
		if (state_predict(r, err) != 0 ||
		    (sc = state_script(r, err)) == NULL ||
		    script_filter_rows(sc, a->rest, r->pred, nrows, keep,
		    err) != 0) {
			free(keep);
			return (NULL);
		}
	}
	rows = xcalloc(nrows > 0 ? nrows : 1, sizeof *rows);
	for (*n = 0, i = 0; i < nrows && *n < limit; i++)
		if (keep[i] && (r->set.impute ||
		    !dataset_row_missing(r->s.data, &r->s.sel, i)))
			rows[(*n)++] = i;
	free(keep);
	if (*n == 0) {
		free(rows);
		gs_error_set(err, GS_EINVAL, "no rows to summarise");
		return (NULL);
	}
	return (rows);
}

/* summary: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_summary_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_error		 err;
	struct gs_cached	*j = NULL;
	struct gs_result	*res = NULL;
	struct gs_export_info	 info;
	struct gs_tui_opts	 t;
	const struct gs_explanation **many;
	struct gs_settings	 quick;
	size_t			*rows = NULL, n = 0, done = 0, i;
	double			 start, last = 0;
	int			 cached, progress = r->progress;
	enum cmd_retval		 rv = CMD_ERROR;

	gs_error_clear(&err);
	quick = r->set;		/* shallow: cached_new copies it */
	quick.metrics = 0;	/* metrics belong to explain, not summaries */
	if ((rows = cmd_summary_rows(r, a, &n, &err)) == NULL ||
	    (j = cached_new(r, &quick, &err)) == NULL) {
		repl_error(r, "summary: %s", err.msg);
		goto out;
	}
	res = xcalloc(n, sizeof *res);
	start = cmd_summary_now();
	for (done = 0; done < n; done++) {
		if (progress)
			cmd_summary_progress(done, n, start, &last);
		if (cached_run(j, rows[done], &res[done], &cached, &err) != 0)
			break;
	}
	if (progress) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	if (done < n) {
		if (err.code == GS_EINTR)
			repl_error(r, "summary: interrupted after %zu of %zu "
			    "rows (they stay cached)", done, n);
		else
			repl_error(r, "summary: %s", err.msg);
		goto out;
	}

	fprintf(r->out, "summary of %zu row%s of %s  %s  importance = mean "
	    "|phi|\n", n, n == 1 ? "" : "s", r->s.data->name,
	    model_output_name(r->s.model, r->s.output));
	textchart_method(r->out, &res[0].ex, res[0].ex.baseline_desc);
	if (method_stochastic(res[0].ex.method))
		fprintf(r->out, "  seed %llu", (unsigned long long)r->set.seed);
	fputc('\n', r->out);
	/* Importance and beeswarm, drawn as in the explorer (views 5 and 4). */
	memset(&info, 0, sizeof info);
	info.model = model_name(r->s.model);
	info.data = r->s.data->name;
	info.output = model_output_name(r->s.model, r->s.output);
	info.baseline_desc = res[0].ex.baseline_desc;
	info.names = r->s.names;
	many = xcalloc(n, sizeof *many);
	for (i = 0; i < n; i++)
		many[i] = &res[i].ex;
	tui_opts_default(&t);
	t.k = r->set.topk;
	tui_chart_many(r->out, &info, many, n, &t, GS_VIEW_IMPORTANCE, 0);
	tui_chart_many(r->out, &info, many, n, &t, GS_VIEW_SUMMARY, 0);
	free(many);
	state_keep(r, res, n);
	rv = CMD_OK;
out:
	for (i = 0; res != NULL && i < done; i++)
		cache_result_clear(&res[i]);
	free(res);
	free(rows);
	cached_free(j);
	return (rv);
}

const struct cmd_entry cmd_summary_entry = {
	.name = "summary",
	.options = "n:",
	.lower = 0,
	.upper = -1,
	.usage = "[-n count] [predicate]",
	.summary = "global importance (mean |phi|) over many rows",
	.help =
	    "Explains every row (or the first -n count, or those a Lua\n"
	    "predicate as in rows keeps) with the current settings and prints\n"
	    "each feature's mean |phi| (its importance) as a bar and its mean\n"
	    "phi (the direction). Rows with missing values are left out\n"
	    "unless impute is on. On a terminal, progress and the time left\n"
	    "are shown on standard error; Ctrl-C stops the summary and\n"
	    "returns to the prompt with the session intact (rows already done\n"
	    "stay cached). Every row's explanation is kept for export.\n",
	.complete = "column...",
	.flags = CMD_NEEDS_DATA,
	.exec = cmd_summary_exec
};

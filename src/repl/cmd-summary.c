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
#include "core/rng.h"
#include "data/encode.h"
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

/* Most classes summary -a stacks (the importance view tells 8 apart). */
#define CMD_SUMMARY_MAX_CLASSES	8

/*
 * The rows to summarise: a filter, the first -n (or with -r a sample of n
 * drawn by the seed), or all; NULL on error.
 * *left counts the rows left out as the missing-value policy cannot use
 * them, the first in *left_first.
 */
static size_t *
cmd_summary_rows(struct gs_repl *r, struct cmd_args *a, size_t *n,
    size_t *left, size_t *left_first, struct gs_error *err)
{
	struct gs_script *sc;
	size_t		 nrows = r->s.data->nrows, i, limit = nrows;
	size_t		*rows;
	int		 random = a->opt['r'] != NULL;
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
	/* A random sample looks at every row, then draws. */
	for (*n = 0, i = 0; i < nrows && (random || *n < limit); i++) {
		if (!keep[i])
			continue;
		/* A row the missing-value policy cannot use: said, not hidden. */
		if (!encode_row_usable(r->s.data, &r->s.sel, i,
		    r->set.impute)) {
			if ((*left)++ == 0)
				*left_first = i;
			continue;
		}
		rows[(*n)++] = i;
	}
	free(keep);
	if (*n == 0) {
		free(rows);
		gs_error_set(err, GS_EINVAL, "no rows to summarise");
		return (NULL);
	}
	if (random && limit < *n) {
		/* limit rows drawn without replacement, by the seed; in order. */
		dataset_sample_rows(rows, *n, limit, r->set.seed);
		*n = limit;
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
	size_t			 left = 0, left_first = 0;
	long			 saved_cls;
	size_t			 nout, ncls = 1;
	int			 all = a->opt['a'] != NULL;
	const char		*drawn = a->opt['r'] != NULL ?
	    " drawn at random" : "";
	char			 label[128];
	double			 start, last = 0;
	int			 cached, progress = r->progress;
	enum cmd_retval		 rv = CMD_ERROR;

	gs_error_clear(&err);
	/*
	 * One output for every row: the class asked for, else a binary
	 * model's positive class, never each row's own prediction.
	 */
	saved_cls = r->cls;
	nout = model_output_len(r->s.model, r->s.output);
	if (r->cls < 0 && nout == 1)
		r->cls = 0;
	else if (r->cls < 0 && r->s.classes.positive >= 0)
		r->cls = r->s.classes.positive;
	if (all)
		r->cls = 0;	/* then each class in turn */
	quick = r->set;		/* shallow: cached_new copies it */
	quick.metrics = 0;	/* metrics belong to explain, not summaries */
	if ((rows = cmd_summary_rows(r, a, &n, &left, &left_first,
	    &err)) == NULL ||
	    (j = cached_new(r, &quick, &err)) == NULL) {
		repl_error(r, "summary: %s", err.msg);
		goto out;
	}
	/* -a: the rows explained for every class in turn, stacked. */
	if (all && (nout < 2 || nout > CMD_SUMMARY_MAX_CLASSES)) {
		repl_error(r, "summary -a: the output has %zu element%s; the "
		    "classes are stacked for 2 to %d", nout, nout == 1 ? "" :
		    "s", CMD_SUMMARY_MAX_CLASSES);
		goto out;
	}
	ncls = all ? nout : 1;
	res = xcalloc(n * ncls, sizeof *res);
	start = cmd_summary_now();
	for (done = 0; done < n * ncls; done++) {
		if (all && done % n == 0 && done > 0) {
			/* The next class: its own job (baselines may differ). */
			cached_free(j);
			r->cls = (long)(done / n);
			if ((j = cached_new(r, &quick, &err)) == NULL)
				break;
		}
		if (progress)
			cmd_summary_progress(done, n * ncls, start, &last);
		if (cached_run(j, rows[done % n], &res[done], &cached,
		    &err) != 0)
			break;
	}
	if (progress) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	if (done < n * ncls) {
		if (err.code == GS_EINTR)
			repl_error(r, "summary: interrupted after %zu of %zu "
			    "rows (they stay cached)", done, n * ncls);
		else
			repl_error(r, "summary: %s", err.msg);
		goto out;
	}

	if (all) {
		fprintf(r->out, "summary of %zu row%s%s of %s  every class "
		    "(", n, n == 1 ? "" : "s", drawn, r->s.data->name);
		for (i = 0; i < nout; i++)
			fprintf(r->out, "%s%s", i > 0 ? ", " : "",
			    session_output_label(&r->s, i, label,
			    sizeof label));
		fprintf(r->out, ") stacked  importance = mean |phi|\n");
	} else if (r->cls >= 0)
		fprintf(r->out, "summary of %zu row%s%s of %s  %s%s  importance "
		    "= mean |phi|\n", n, n == 1 ? "" : "s", drawn,
		    r->s.data->name,
		    nout > 1 || session_class_name(&r->s, (size_t)r->cls) !=
		    NULL ? session_output_label(&r->s, (size_t)r->cls, label,
		    sizeof label) : model_output_name(r->s.model,
		    r->s.output), saved_cls < 0 && nout > 1 ? " (the positive "
		    "class; set "
		    "output K for another)" : "");
	else
		fprintf(r->out, "summary of %zu row%s%s of %s  %s, each row's "
		    "predicted class  importance = mean |phi|\n", n, n == 1 ?
		    "" : "s", drawn, r->s.data->name, model_output_name(
		    r->s.model, r->s.output));
	textchart_method(r->out, &res[0].ex, res[0].ex.baseline_desc);
	if (method_stochastic(res[0].ex.method))
		fprintf(r->out, "  seed %llu", (unsigned long long)r->set.seed);
	fputc('\n', r->out);
	if (left > 0)
		fprintf(r->out, "left out %zu row%s with a missing value that "
		    "impute %s cannot fill (the first: row %zu); set impute "
		    "mean, median or mode to fill them\n", left, left == 1 ?
		    "" : "s", impute_name((enum gs_impute)r->set.impute),
		    left_first);
	/* Importance and beeswarm, drawn as in the explorer (views 5 and 4). */
	memset(&info, 0, sizeof info);
	info.model = model_name(r->s.model);
	info.data = r->s.data->name;
	info.output = model_output_name(r->s.model, r->s.output);
	info.baseline_desc = res[0].ex.baseline_desc;
	info.names = r->s.names;
	info.s = &r->s;
	info.impute = r->set.impute;
	many = xcalloc(n * ncls, sizeof *many);
	for (i = 0; i < n * ncls; i++)
		many[i] = &res[i].ex;
	tui_opts_default(&t);
	t.k = r->set.topk;
	t.stack = all;
	tui_chart_many(r->out, &info, many, n * ncls, &t, GS_VIEW_IMPORTANCE,
	    0);
	if (!all)
		tui_chart_many(r->out, &info, many, n, &t, GS_VIEW_SUMMARY, 0);
	free(many);
	if (!all) {
		state_keep(r, res, n);
		r->last_summary = 1;	/* export writes the importance table */
	}
	rv = CMD_OK;
out:
	for (i = 0; res != NULL && i < done; i++)
		cache_result_clear(&res[i]);
	free(res);
	free(rows);
	cached_free(j);
	r->cls = saved_cls;
	return (rv);
}

const struct cmd_entry cmd_summary_entry = {
	.name = "summary",
	.options = "an:r",
	.lower = 0,
	.upper = -1,
	.usage = "[-a] [-n count [-r]] [predicate]",
	.summary = "global importance (mean |phi|) over many rows",
	.help =
	    "Explains every row (or the first -n count, with -r a random\n"
	    "sample of count rows drawn by the seed, or those a Lua\n"
	    "predicate as in rows keeps) with the current settings and prints\n"
	    "each feature's mean |phi| (its importance) as a bar and its mean\n"
	    "phi (the direction), for one output: the one set, else a binary\n"
	    "model's positive class. Rows the missing-value policy (impute)\n"
	    "cannot use are left out and counted. On a terminal, progress\n"
	    "and the time left are shown on standard error; Ctrl-C stops the\n"
	    "summary and returns to the prompt with the session intact\n"
	    "(rows already done stay cached). export then writes the\n"
	    "importance table shown. -a explains the rows for every class\n"
	    "of the output and stacks each class's mean |phi| in one bar a\n"
	    "feature, the classes named below the chart.\n",
	.complete = "column...",
	.flags = CMD_NEEDS_DATA,
	.exec = cmd_summary_exec
};

/* SPDX-License-Identifier: ISC */
/*
 * compare --models: the two loaded models (load model B FILE) on one row,
 * with the same draws: both predictions and attributions, the difference
 * with its paired SE, rank changes and which differences are larger than
 * noise; over a range of rows (A:B or all), the summary.
 */
#include <stdlib.h>
#include <string.h>

#include "core/interrupt.h"
#include "repl/repl.h"
#include "session/export-compare.h"

/* Top-k of the agreement measures, and disagreeing rows listed. */
#define CMD_COMPARE_K		5
#define CMD_COMPARE_WORST	10

struct gs_explain_job *
cmd_compare_models_job(struct gs_repl *r, struct gs_error *err)
{
	struct gs_settings	 st = r->set;	/* shallow: job_new copies it */
	struct gs_job_in	 in;
	struct gs_job_hooks	 hooks;
	struct gs_script	*sc;

	st.metrics = 0;
	job_in_session(&in, &r->s, r->cls);
	job_in_compare(&in, &r->s);
	in.cancel = interrupt_cancelled;
	if (job_wants_lua(&st)) {
		if ((sc = state_script(r, err)) == NULL)
			return (NULL);
		script_job_hooks(&hooks, sc);
		in.hooks = &hooks;
	}
	return (job_new(&in, &st, err));
}

/* The rows of word w: "all", "A:B" (either end may be left out) or "N". */
static int
cmd_compare_models_rows(struct gs_repl *r, const char *w, size_t *first,
    size_t *last, struct gs_error *err)
{
	const char	*colon;
	char		 buf[64];
	size_t		 n = r->s.data->nrows;

	if (strcmp(w, "all") == 0) {
		*first = 0;
		*last = n;
		return (0);
	}
	if ((colon = strchr(w, ':')) == NULL) {
		if (state_parse_row(r, w, first, err) != 0)
			return (-1);
		*last = *first + 1;
		return (0);
	}
	*first = 0;
	*last = n;
	snprintf(buf, sizeof buf, "%.*s", (int)(colon - w), w);
	if (buf[0] != '\0' && state_parse_row(r, buf, first, err) != 0)
		return (-1);
	if (colon[1] != '\0') {
		if (state_parse_row(r, colon + 1, last, err) != 0 &&
		    strtoull(colon + 1, NULL, 10) != n)
			return (-1);
		if (strtoull(colon + 1, NULL, 10) == n)
			*last = n;
	}
	if (*last <= *first)
		return (gs_error_set(err, GS_EINVAL, "rows %s: the range is "
		    "empty (A:B means rows A to B-1)", w));
	return (0);
}

enum cmd_retval
cmd_compare_models(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_explain_job	*j = NULL;
	struct gs_export_info	 info;
	struct gs_export_pair	 pr;
	struct gs_cmp_summary	 sum;
	struct gs_paired	 c;
	struct gs_error		 err;
	size_t			 first = r->row, last, row;
	enum cmd_retval		 rv = CMD_ERROR;

	gs_error_clear(&err);
	memset(&sum, 0, sizeof sum);
	if (state_require(r, 1, &err) != 0) {
		repl_error(r, "compare: %s", err.msg);
		return (CMD_ERROR);
	}
	if (r->s.model_b == NULL) {
		repl_error(r, "compare --models: no model B; load one with "
		    "load model B FILE.onnx");
		return (CMD_ERROR);
	}
	if (a->argc > 1) {
		repl_error(r, "compare --models takes one row or range (N, "
		    "A:B or all)");
		return (CMD_ERROR);
	}
	if (a->opt['r'] != NULL && state_parse_row(r, a->opt['r'], &first,
	    &err) != 0) {
		repl_error(r, "compare: %s", err.msg);
		return (CMD_ERROR);
	}
	last = first + 1;
	if (a->argc == 1 && cmd_compare_models_rows(r, a->argv[0], &first,
	    &last, &err) != 0) {
		repl_error(r, "compare: %s", err.msg);
		return (CMD_ERROR);
	}
	if ((j = cmd_compare_models_job(r, &err)) == NULL) {
		repl_error(r, "compare: %s", err.msg);
		return (CMD_ERROR);
	}
	memset(&info, 0, sizeof info);
	info.model = model_name(r->s.model);
	info.data = r->s.data->name;
	info.output = model_output_name(r->s.model, r->s.output);
	info.baseline_desc = job_baseline(j) != NULL ?
	    job_baseline(j)->desc : NULL;
	info.names = r->s.names;
	pr.model_a = model_name(r->s.model);
	pr.model_b = model_name(r->s.model_b);
	compare_summary_init(&sum, r->s.sel.n, CMD_COMPARE_K);
	for (row = first; row < last; row++) {
		if (job_run_compare_row(j, row, &c, &err) != 0) {
			if (err.code == GS_EINTR)
				repl_error(r, "compare: interrupted after %zu "
				    "of %zu rows", row - first, last - first);
			else
				repl_error(r, "compare: %s", err.msg);
			goto out;
		}
		if (last - first == 1)
			export_compare(r->out, GS_FORMAT_TEXT, &info, &pr, &c);
		compare_summary_add(&sum, &c);
		compare_clear(&c);
	}
	if (last - first > 1)
		export_compare_summary(r->out, GS_FORMAT_TEXT, &info, &pr,
		    &sum, CMD_COMPARE_WORST);
	else
		r->row = first;
	rv = CMD_OK;
out:
	compare_summary_free(&sum);
	job_free(j);
	return (rv);
}

/* SPDX-License-Identifier: ISC */
/*
 * report: the HTML report (session/report.c) on the rows of the last
 * explain, compare or summary (each row once; else the current row),
 * explained again
 * through the cache with the settings in force, so that the report and its
 * reproducing command describe the same run. Written whole or not at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/afile.h"
#include "core/number.h"
#include "core/xmalloc.h"
#include "repl/repl.h"
#include "session/options.h"
#include "session/report.h"

/* Rows one report may hold. */
#define CMD_REPORT_MAX	200

/* -p, -k and -a into j's options; -1 with a message. */
static int
cmd_report_opts(struct gs_repl *r, struct cmd_args *a,
    struct gs_svg_opts *so, struct gs_reason_opts *ro)
{
	struct gs_error	 err;
	uint64_t	 k;

	svg_opts_default(so);
	so->k = r->set.topk;
	reasons_opts_default(ro);
	if (a->opt['p'] != NULL && svg_palette_parse(a->opt['p'], &so->palette,
	    &err) != 0) {
		repl_error(r, "report: -p: %s", err.msg);
		return (-1);
	}
	if (a->opt['a'] != NULL && reasons_adverse_parse(a->opt['a'],
	    ro, &err) != 0) {
		repl_error(r, "report: -a: %s", err.msg);
		return (-1);
	}
	if (a->opt['k'] != NULL) {
		if (number_parse(a->opt['k'], 1000, &k) != 0 || k == 0) {
			repl_error(r, "report: -k: '%s' is not a number of "
			    "reasons (1 to 1000)", a->opt['k']);
			return (-1);
		}
		ro->k = (size_t)k;
	}
	return (0);
}

/* report: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_report_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_report_job	 j;
	struct gs_svg_opts	 so;
	struct gs_reason_opts	 ro;
	struct gs_cached	*c = NULL;
	struct gs_result	*res;
	const struct gs_explanation **p;
	struct gs_afile		 af;
	struct gs_error		 err;
	size_t			*rows, n = 0, i, k, done = 0;
	int			 cached;
	enum cmd_retval		 rv = CMD_ERROR;

	if (cmd_report_opts(r, a, &so, &ro) != 0)
		return (CMD_ERROR);
	/* The rows of the last results, each once (compare has one twice). */
	rows = xcalloc(r->nlast + 1, sizeof *rows);
	for (i = 0; i < r->nlast; i++) {
		for (k = 0; k < n && rows[k] != r->last[i].ex.row; k++)
			;
		if (k == n)
			rows[n++] = r->last[i].ex.row;
	}
	if (n == 0)
		rows[n++] = r->row;
	if (n > CMD_REPORT_MAX) {
		repl_error(r, "report: the last results hold %zu rows; a report "
		    "holds at most %d (explain a row first)", n,
		    CMD_REPORT_MAX);
		free(rows);
		return (CMD_ERROR);
	}
	/* An unwritable path fails before any work. */
	if (afile_open(&af, a->argv[0], &err) != 0) {
		repl_error(r, "report: %s", err.msg);
		free(rows);
		return (CMD_ERROR);
	}
	res = xcalloc(n, sizeof *res);
	p = xcalloc(n, sizeof *p);
	if ((c = cached_new(r, &r->set, &err)) == NULL)
		goto fail;
	for (done = 0; done < n; done++) {
		if (cached_run(c, rows[done], &res[done], &cached, &err) != 0)
			goto fail;
		p[done] = &res[done].ex;
	}
	memset(&j, 0, sizeof j);
	j.s = &r->s;
	j.st = &r->set;
	j.target = r->target;
	j.drop = r->drop;
	j.threads = r->set.threads;
	j.svg = &so;
	j.reasons = &ro;
	j.reference = a->opt['r'];	/* gshap report's --reference */
	if (report_session(af.f, &j, p, n, &err) != 0)
		goto fail;
	if (afile_commit(&af, &err) != 0) {
		repl_error(r, "report: %s", err.msg);
		goto out;
	}
	fprintf(r->out, "wrote a report on %zu row%s to %s\n", n, n == 1 ? "" :
	    "s", a->argv[0]);
	rv = CMD_OK;
	goto out;
fail:
	afile_abort(&af);
	repl_error(r, "report: %s", err.msg);
out:
	cached_free(c);
	for (i = 0; i < done && i < n; i++)
		cache_result_clear(&res[i]);
	free(res);
	free(p);
	free(rows);
	return (rv);
}

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.options = "a:k:p:r:",
	.front = GS_FRONT_REPORT_CMD,	/* -r is also --reference */
	.lower = 1,
	.upper = 1,
	.usage = "[-a lower|higher] [-k reasons] [-p screen|print] "
	    "[-r reference.csv] FILE.html",
	.summary = "write an HTML report to hand over",
	.help =
	    "Writes one self-contained HTML file (inline figures, no scripts,\n"
	    "printable on A4) on the rows of the last explain, compare or\n"
	    "summary (at most 200), or on the current row: the decision, the\n"
	    "-k principal reasons (default 4) toward the unfavourable side\n"
	    "(-a: a lower output is worse, or higher), every flag, the bar,\n"
	    "waterfall and force figures (-p print: colours apart in grey),\n"
	    "every attribution, the SHA-256 of the files and the gshap explain\n"
	    "command that reproduces the numbers. -r FILE.csv (--reference,\n"
	    "as gshap report's): the data whose column ranges a value is checked\n"
	    "against (default: the data); a value outside them is flagged.\n"
	    "The rows are explained again\n"
	    "with the settings in force (from the cache when unchanged). The\n"
	    "file is replaced whole, or left as it was when anything fails.\n",
	.complete = "file",
	.flags = CMD_NEEDS_DATA,
	.exec = cmd_report_exec
};

/* SPDX-License-Identifier: ISC */
/*
 * gshap report: explain a row (or rows A to B-1) and write the HTML report
 * of session/report.c to -o FILE, atomically: an unwritable path fails
 * before any work, and a failure or an interrupt leaves no file behind
 * (nor touches one that was there). Options are explain's (the options
 * table's report front end); exit statuses as gshap explain's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/interrupt.h"
#include "core/number.h"
#include "core/xmalloc.h"
#include "data/encode.h"
#include "script/script.h"
#include "session/job.h"
#include "session/options.h"
#include "session/paths.h"
#include "session/report.h"
#include "session/report-compare.h"
#include "session/session.h"

/* Rows one report may hold. */
#define REPORT_MAX_ROWS	200

/* Everything one run of gshap report holds. */
struct report {
	struct gs_settings	 st;		/* the settings */
	struct gs_args		 a;		/* the other arguments */
	struct gs_svg_opts	 svg;		/* --palette */
	struct gs_reason_opts	 reasons;	/* --reasons, --adverse */
	struct gs_session	 s;		/* model and data */
	struct gs_script	*sc;		/* Lua, when a spec names a script */
	struct gs_explain_job	*job;		/* the job */
	const char		*target;	/* --target, or the demo's */
	size_t			 first;		/* rows first.. */
	size_t			 last;		/* ..last - 1 */
	struct gs_demo		 demo;		/* the demo's files (no --model) */
};

void
cli_report_usage(FILE *f)
{
	options_usage(f, GS_FRONT_REPORT, "usage: gshap report", 80);
	fputs("\n-o FILE.html is required. Explains row N (default 0) or rows A to B-1 and writes one "
	    "self-contained HTML\nfile: the decision, the principal reasons, "
	    "flags, figures, every attribution,\nprovenance and the command "
	    "that reproduces the numbers. Without --model and\n--data, the "
	    "bundled demo is used. Methods, baselines and the rest: gshap\n"
	    "explain --help.\n\noptions:\n", f);
	options_help(f, GS_FRONT_REPORT);
}

/* A whole number for opt into out (core/number.c); -1 with a message. */
static int
report_number(const char *opt, const char *s, size_t *out)
{
	uint64_t	v;
	int		rc;

	if ((rc = number_parse(s, (uint64_t)1 << 40, &v)) == -1) {
		cli_error("%s: '%s' is not a whole number", opt, s);
		return (-1);
	}
	if (rc == -2) {
		cli_error("%s: %s is out of range", opt, s);
		return (-1);
	}
	*out = (size_t)v;
	return (0);
}

/* Parse the command line; 0, -1 for --help, or an exit status. */
static int
report_parse(struct report *x, int argc, char **argv)
{
	struct gs_args	*a = &x->a;
	struct gs_error	 err;
	size_t		 k;

	gs_error_clear(&err);
	svg_opts_default(&x->svg);
	reasons_opts_default(&x->reasons);
	if (options_parse(GS_FRONT_REPORT, argc, argv, &x->st, a,
	    &err) != 0) {
		cli_error("%s", err.msg);
		if (strncmp(err.msg, "unknown option", 14) == 0)
			fputs("Try 'gshap report --help'.\n", stderr);
		return (CLI_EXIT_USAGE);
	}
	if (a->v[GS_ARG_HELP] != NULL) {
		cli_report_usage(stdout);
		return (-1);
	}
	if (a->npos > 0) {
		cli_error("report: unexpected argument '%s'", a->pos[0]);
		return (CLI_EXIT_USAGE);
	}
	if (a->v[GS_ARG_OUT] == NULL || a->v[GS_ARG_OUT][0] == '\0') {
		cli_error("report: name the file to write with -o FILE.html");
		return (CLI_EXIT_USAGE);
	}
	if (a->n[GS_ARG_ROW] + a->n[GS_ARG_ROWS] > 1) {
		cli_error("report: give one of --row and --rows");
		return (CLI_EXIT_USAGE);
	}
	if (a->v[GS_ARG_DEMO] != NULL && (a->v[GS_ARG_MODEL] != NULL ||
	    a->v[GS_ARG_DATA] != NULL)) {
		cli_error("report: --demo replaces --model and --data; give one "
		    "or the other");
		return (CLI_EXIT_USAGE);
	}
	if ((a->v[GS_ARG_MODEL] == NULL) != (a->v[GS_ARG_DATA] == NULL)) {
		cli_error("report: --model and --data go together (neither "
		    "uses the bundled demo)");
		return (CLI_EXIT_USAGE);
	}
	if (a->v[GS_ARG_PALETTE] != NULL && svg_palette_parse(
	    a->v[GS_ARG_PALETTE], &x->svg.palette, &err) != 0) {
		cli_error("--palette: %s", err.msg);
		return (CLI_EXIT_USAGE);
	}
	if (a->v[GS_ARG_REASONS] != NULL) {
		if (report_number("--reasons", a->v[GS_ARG_REASONS], &k) != 0)
			return (CLI_EXIT_USAGE);
		if (k == 0 || k > 1000) {
			cli_error("--reasons: %s is out of range (1 to 1000)",
			    a->v[GS_ARG_REASONS]);
			return (CLI_EXIT_USAGE);
		}
		x->reasons.k = k;
	}
	if (a->v[GS_ARG_ADVERSE] != NULL && reasons_adverse_parse(
	    a->v[GS_ARG_ADVERSE], &x->reasons, &err) != 0) {
		cli_error("--adverse: %s", err.msg);
		return (CLI_EXIT_USAGE);
	}
	if (settings_check_given(&x->st, a->given, "--", &err) != 0 ||
	    settings_check(&x->st, &err) != 0) {
		cli_error("%s", err.msg);
		return (CLI_EXIT_USAGE);
	}
	return (0);
}

/* The rows asked for, against nrows; 0 or an exit status. */
static int
report_rows(struct report *x, size_t nrows)
{
	const char	*rows = x->a.v[GS_ARG_ROWS], *colon;
	char		 buf[64];

	x->first = 0;
	x->last = 1;
	if (x->a.v[GS_ARG_ROW] != NULL) {
		if (report_number("--row", x->a.v[GS_ARG_ROW], &x->first) != 0)
			return (CLI_EXIT_USAGE);
		x->last = x->first + 1;
	} else if (rows != NULL) {
		if ((colon = strchr(rows, ':')) == NULL) {
			cli_error("--rows %s: give A:B (rows A to B-1)", rows);
			return (CLI_EXIT_USAGE);
		}
		snprintf(buf, sizeof buf, "%.*s", (int)(colon - rows), rows);
		x->last = nrows;
		if ((buf[0] != '\0' && report_number("--rows", buf,
		    &x->first) != 0) || (colon[1] != '\0' &&
		    report_number("--rows", colon + 1, &x->last) != 0))
			return (CLI_EXIT_USAGE);
		if (x->last <= x->first) {
			cli_error("--rows %s: the range is empty (A:B means "
			    "rows A to B-1)", rows);
			return (CLI_EXIT_USAGE);
		}
	}
	if (x->last > nrows) {
		cli_error("%s %s: the data has %zu rows (0 to %zu)",
		    rows != NULL ? "--rows" : "--row", rows != NULL ? rows :
		    x->a.v[GS_ARG_ROW] != NULL ? x->a.v[GS_ARG_ROW] : "0",
		    nrows, nrows > 0 ? nrows - 1 : 0);
		return (CLI_EXIT_USAGE);
	}
	if (x->last - x->first > REPORT_MAX_ROWS) {
		cli_error("report: %zu rows; a report holds at most %d (use "
		    "--format reasons for batch work)", x->last - x->first,
		    REPORT_MAX_ROWS);
		return (CLI_EXIT_USAGE);
	}
	return (0);
}

/* Open the session and build the job; 0 or an exit status. */
static int
report_open(struct report *x)
{
	struct gs_job_in	 in;
	struct gs_job_hooks	 hooks;
	struct gs_error		 err;
	long			 cls;
	int			 rc;

	gs_error_clear(&err);
	if ((rc = cli_open_session(&x->s, &x->a, &x->st, &x->demo, 1, &cls,
	    &x->target)) != 0)
		return (rc);
	if ((rc = report_rows(x, x->s.data->nrows)) != 0)
		return (rc);
	/* --compare-model B: the comparison section (report-compare.c). */
	if (x->a.v[GS_ARG_COMPARE] != NULL && session_load_b(&x->s,
	    x->a.v[GS_ARG_COMPARE], &err) != 0) {
		cli_error("--compare-model: %s", err.msg);
		return (CLI_EXIT_RUNTIME);
	}
	job_in_session(&in, &x->s, cls);
	if (x->s.model_b != NULL)
		job_in_compare(&in, &x->s);
	in.cancel = interrupt_cancelled;
	if (job_wants_lua(&x->st)) {
		if ((x->sc = script_new(&x->s, 0, &err)) == NULL) {
			cli_error("%s", err.msg);
			return (CLI_EXIT_RUNTIME);
		}
		script_set_output(x->sc, stderr);
		script_job_hooks(&hooks, x->sc);
		in.hooks = &hooks;
	}
	if ((x->job = job_new(&in, &x->st, &err)) == NULL) {
		cli_error("%s", err.msg);
		return (CLI_EXIT_RUNTIME);
	}
	return (0);
}

/* Explain the rows and write the report through af; an exit status. */
static int
report_run(struct report *x, struct gs_afile *af)
{
	struct gs_report_job	 j;
	struct gs_report_pair	 pair;
	struct gs_paired	*cmp = NULL;
	char			*bpath = NULL;
	struct gs_explanation	*exs;
	const struct gs_explanation **p;
	struct gs_error		 err;
	size_t			 n = x->last - x->first, d = x->s.sel.n, i;
	size_t			*rows;
	double			*xs;
	int			 rc = CLI_EXIT_OK;

	gs_error_clear(&err);
	xs = xcalloc(xmul(n, d > 0 ? d : 1), sizeof *xs);
	rows = xcalloc(n, sizeof *rows);
	exs = xcalloc(n, sizeof *exs);
	p = xcalloc(n, sizeof *p);
	for (i = 0; i < n; i++) {
		rows[i] = x->first + i;
		p[i] = &exs[i];
		if (dataset_row(x->s.data, &x->s.sel, rows[i], x->st.impute,
		    xs + i * d, &err) != 0)
			break;
	}
	if (err.code == GS_OK)
		(void)job_run_many(x->job, xs, rows, n, exs, NULL, &err);
	if (x->s.model_b != NULL)
		cmp = xcalloc(n, sizeof *cmp);
	for (i = 0; cmp != NULL && i < n && err.code == GS_OK; i++)
		(void)job_run_compare(x->job, xs + i * d, rows[i], &cmp[i],
		    &err);
	if (err.code == GS_EINTR || interrupt_pending())
		rc = interrupt_status();
	else if (err.code != GS_OK) {
		cli_error("%s", err.msg);
		rc = CLI_EXIT_RUNTIME;
	} else {
		memset(&j, 0, sizeof j);
		j.s = &x->s;
		j.st = &x->st;
		j.target = x->target;
		j.drop = x->a.v[GS_ARG_DROP];
		j.threads = job_threads(x->job);
		j.svg = &x->svg;
		j.reasons = &x->reasons;
		j.reference = x->a.v[GS_ARG_REFERENCE];
		if (cmp != NULL) {
			memset(&pair, 0, sizeof pair);
			pair.model_name = model_name(x->s.model_b);
			/* Absolute, as the report gives model A's path. */
			bpath = realpath(x->s.model_b_path, NULL);
			pair.model_path = bpath != NULL ? bpath :
			    x->s.model_b_path;
			pair.rows = cmp;
			pair.n = n;
			j.pair = &pair;
		}
		if (report_session(af->f, &j, p, n, &err) != 0) {
			cli_error("report: %s", err.msg);
			rc = CLI_EXIT_RUNTIME;
		}
	}
	for (i = 0; i < n; i++) {
		explanation_clear(&exs[i]);
		if (cmp != NULL)
			compare_clear(&cmp[i]);
	}
	free(cmp);
	free(bpath);
	free(xs);
	free(rows);
	free(exs);
	free(p);
	return (rc);
}

int
cli_report(int argc, char **argv)
{
	struct report	x;
	struct gs_afile	af;
	struct gs_error	err;
	int		rc, open = 0;

	memset(&x, 0, sizeof x);
	memset(&af, 0, sizeof af);
	settings_init(&x.st);
	if ((rc = report_parse(&x, argc, argv)) != 0) {
		rc = rc < 0 ? CLI_EXIT_OK : rc;
		goto out;
	}
	/* An unwritable path fails before any work. */
	if (afile_open(&af, x.a.v[GS_ARG_OUT], &err) != 0) {
		cli_error("%s", err.msg);
		rc = CLI_EXIT_RUNTIME;
		goto out;
	}
	open = 1;
	if ((rc = report_open(&x)) != 0)
		goto out;
	interrupt_install(0);
	rc = report_run(&x, &af);
	interrupt_restore();
	if (rc == CLI_EXIT_OK) {
		open = 0;
		if (afile_commit(&af, &err) != 0) {
			cli_error("%s", err.msg);
			rc = CLI_EXIT_RUNTIME;
		}
	}
out:
	if (open)
		afile_abort(&af);
	job_free(x.job);
	script_free(x.sc);
	session_close(&x.s);
	settings_free(&x.st);
	options_free(&x.a);
	paths_demo_free(&x.demo);
	return (rc);
}

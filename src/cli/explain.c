/* SPDX-License-Identifier: ISC */
/*
 * gshap explain and gshap view: attributions for rows of a dataset, printed
 * as text, CSV or JSON Lines, drawn as a screen, or opened in the explorer.
 * Options come from the options table (session/options.c), the job from
 * the job builder (session/job.c); errors go to stderr with exit status 1
 * (runtime) or 2 (usage), and an interrupt stops after whole records with
 * 128 plus the signal.
 */
#include <signal.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/shard.h"
#include "core/afile.h"
#include "core/interrupt.h"
#include "core/number.h"
#include "core/xmalloc.h"
#include "data/encode.h"
#include "script/script.h"
#include "session/export.h"
#include "session/job.h"
#include "session/options.h"
#include "session/paths.h"
#include "session/reasons.h"
#include "session/session.h"
#include "session/png.h"
#include "session/svg.h"
#include "tui/tui.h"

/* Rows a dataset may have; also the largest row number accepted. */
#define EXPLAIN_MAX_ROWS	((size_t)1 << 40)

/* Everything one run of gshap explain holds. */
struct explain {
	int			 view;		/* gshap view */
	struct gs_settings	 st;		/* the settings */
	struct gs_args		 a;		/* the other arguments */
	enum gs_format		 format;	/* --format */
	struct gs_svg_opts	 svg;		/* --format svg: the figure (--view), --palette */
	struct gs_reason_opts	 reasons;	/* --format reasons: --reasons, --adverse */
	struct gs_tui_opts	 tui;		/* --view, --dump-screen, --ascii, ... */
	const char		*row;		/* --row or --rows text, or a view's row */
	struct gs_session	 s;		/* model and data */
	long			 cls;		/* class from --output, -1: predicted */
	struct gs_script	*sc;		/* Lua, when a spec names a script */
	struct gs_explain_job	*job;		/* the job */
	struct gs_explain_job	*pair;		/* the models view's comparison job, or NULL */
	size_t			 first;		/* rows first.. */
	size_t			 last;		/* ..last - 1 */
	struct gs_demo		 demo;		/* the demo's files (no --model) */
	size_t			 sample;	/* --rows random:N: N, else 0 */
	size_t			*list;		/* rows drawn: row i is list[i], owned, or NULL */
	size_t			 pool;		/* rows they were drawn from */
	size_t			 skipped;	/* rows the policy skip left out */
	size_t			 skip_first;	/* the first of them */
	int			 mpi;		/* MPI was started */
};

void
cli_explain_usage(FILE *f, int view)
{
	char	buf[256], views[512];
	size_t	off;
	int	m;

	options_usage(f, GS_FRONT_EXPLAIN, view ? "usage: gshap view [VIEW] "
	    "[ROW]" : "usage: gshap explain", 80);
	fputs("\nWithout --model and --data, the bundled demo (an MLP on "
	    "breast_cancer.csv) is used;\n--demo credit uses the credit-scoring "
	    "demo (categorical columns, missing values).\n", f);
	if (view)
		fputs("gshap view opens the explorer on VIEW (default bar) and "
		    "ROW (default 0).\n", f);
	fputs("\noptions:\n", f);
	options_help(f, GS_FRONT_EXPLAIN);
	fputs("\nmethods:\n", f);
	for (m = 0; m < GS_METHOD_COUNT; m++)
		fprintf(f, "  %-12s %s\n", method_name(m),
		    method_info(m)->summary);
	fputs("\nbaselines:", f);
	snprintf(views, sizeof views, "zeros, mean, data, sample:K, row:N, "
	    "file:PATH.csv; auto is the method's: %s",
	    method_baseline_defaults(buf, sizeof buf));
	options_wrap(f, views, 10, 11, 80);
	fputs(
"plans:     mc, stratified or sobol, each with +antithetic (gradshap also\n"
"           +cv); antithetic alone is mc with pairs; reg (gradshap: mc with\n"
"           regression control variates). Defaults: reg for gradshap,\n"
"           antithetic for smoothgrad\n"
"tol:       sample until every standard error (ig: the gap) is below T, or\n"
"           below P% of |f(x) - base|, within --max-samples (default 64x);\n"
"           gap:T or gap:P% aims at the completeness gap (1.96 times its SE)\n"
"rules:     left, right, middle, trapezoid, gausslegendre (default, 50 steps)\n"
"noise:     an absolute standard deviation (0.1) or a percentage of each\n"
"           feature's standard deviation (15%); smoothgrad defaults to 15%\n"
"lua:       --baseline, --noise and --groups also take a Lua script: FILE.lua,\n"
"           or lua:NAME for one shipped with gshap (gshap-lua(7))\n"
"groups:    auto (columns sharing a prefix before '.', '=' or '_', as one-hot\n"
"           columns do) are also reported as one attribution each\n"
"threads:   0 (the default) uses every processor; results do not depend on it\n"
"views:   ", f);
	render_view_list(views, sizeof views);
	off = strlen(views);
	snprintf(views + off, sizeof views - off, ": --view opens the "
	    "full-screen explorer on a terminal; with --dump-screen it "
	    "prints that screen as text instead");
	options_wrap(f, views, 9, 11, 80);
	fputs(
"mpi:       run under mpirun -n N: each rank explains its share of the rows,\n"
"           rank 0 writes them in row order (only in a gshap built with MPI)\n",
	    f);
}

static int	explain_number(const char *, const char *, size_t *);

/*
 * --format svg: one row's figure, named by --view (or gshap view's VIEW),
 * written instead of opening the explorer. 0 or -1 with a message.
 */
static int
explain_parse_svg(struct explain *x)
{
	struct gs_error	err;

	if (x->tui.dump_w > 0 || x->a.v[GS_ARG_ALL] != NULL ||
	    (x->row != NULL && strchr(x->row, ':') != NULL) ||
	    x->a.v[GS_ARG_MPI] != NULL) {
		cli_error("--format %s draws one row (--row N); gshap report "
		    "takes a set of rows", export_format_name(x->format));
		return (-1);
	}
	if (x->tui.view_set && svg_figure_parse(render_view_name(x->tui.view),
	    &x->svg.figure, &err) != 0) {
		cli_error("--format %s draws bar, waterfall, force or heat, "
		    "not %s", export_format_name(x->format),
		    render_view_name(x->tui.view));
		return (-1);
	}
	x->tui.view_set = 0;
	return (0);
}

/* Parse the command line into x; 0, -1 for --help, or an exit status. */
static int
explain_parse(struct explain *x, int argc, char **argv)
{
	static const enum gs_arg tui_args[] = { GS_ARG_VIEW, GS_ARG_DUMP,
	    GS_ARG_STACK, GS_ARG_ASCII, GS_ARG_COLOR, GS_ARG_THEME };
	struct gs_args	*a = &x->a;
	struct gs_error	 err;
	const char	*cmd = argv[0];
	size_t		 i;
	int		 k;

	gs_error_clear(&err);
	x->view = strcmp(cmd, "view") == 0;
	x->format = GS_FORMAT_TEXT;
	tui_opts_default(&x->tui);
	x->tui.view_set = x->view;
	if (options_parse(GS_FRONT_EXPLAIN, argc, argv, &x->st, a,
	    &err) != 0) {
		cli_error("%s", err.msg);
		if (strncmp(err.msg, "unknown option", 14) == 0)
			fprintf(stderr, "Try 'gshap %s --help'.\n", cmd);
		return (CLI_EXIT_USAGE);
	}
	if (a->v[GS_ARG_HELP] != NULL) {
		cli_explain_usage(stdout, x->view);
		return (-1);
	}
	x->row = a->v[GS_ARG_ROW] != NULL ? a->v[GS_ARG_ROW] :
	    a->v[GS_ARG_ROWS];
	/* gshap view [VIEW] [ROW]: a number is the row, a word the view. */
	for (k = 0; k < a->npos; k++) {
		if (x->view && a->pos[k][0] >= '0' && a->pos[k][0] <= '9' &&
		    x->row == NULL)
			x->row = a->pos[k];
		else if (!x->view || tui_opts_parse(&x->tui, "view",
		    a->pos[k], &err) != 0) {
			cli_error("%s: unexpected argument '%s'", cmd,
			    a->pos[k]);
			return (CLI_EXIT_USAGE);
		}
	}
	if (a->n[GS_ARG_ROW] + a->n[GS_ARG_ROWS] + a->n[GS_ARG_ALL] > 1) {
		cli_error("%s: give one of --row, --rows and --all", cmd);
		return (CLI_EXIT_USAGE);
	}
	if (a->v[GS_ARG_ROW] != NULL && strchr(a->v[GS_ARG_ROW], ':') != NULL) {
		cli_error("--row takes one row number; use --rows A:B for a "
		    "range");
		return (CLI_EXIT_USAGE);
	}
	if (a->v[GS_ARG_DEMO] != NULL && (a->v[GS_ARG_MODEL] != NULL ||
	    a->v[GS_ARG_DATA] != NULL)) {
		cli_error("%s: --demo replaces --model and --data; give one or "
		    "the other", cmd);
		return (CLI_EXIT_USAGE);
	}
	if ((a->v[GS_ARG_MODEL] == NULL) != (a->v[GS_ARG_DATA] == NULL)) {
		cli_error("%s: --model and --data go together (neither uses "
		    "the bundled demo)", cmd);
		return (CLI_EXIT_USAGE);
	}
	if (a->v[GS_ARG_FORMAT] != NULL &&
	    export_format_parse(a->v[GS_ARG_FORMAT], &x->format, &err) != 0) {
		cli_error("--format: %s", err.msg);
		return (CLI_EXIT_USAGE);
	}
	svg_opts_default(&x->svg);
	if (a->v[GS_ARG_PALETTE] != NULL && svg_palette_parse(
	    a->v[GS_ARG_PALETTE], &x->svg.palette, &err) != 0) {
		cli_error("--palette: %s", err.msg);
		return (CLI_EXIT_USAGE);
	}
	reasons_opts_default(&x->reasons);
	if (a->v[GS_ARG_REASONS] != NULL && (explain_number("--reasons",
	    a->v[GS_ARG_REASONS], &x->reasons.k) != 0 || x->reasons.k == 0 ||
	    x->reasons.k > 1000)) {
		if (x->reasons.k == 0 || x->reasons.k > 1000)
			cli_error("--reasons: %s is out of range (1 to 1000)",
			    a->v[GS_ARG_REASONS]);
		return (CLI_EXIT_USAGE);
	}
	if (a->v[GS_ARG_ADVERSE] != NULL && reasons_adverse_parse(
	    a->v[GS_ARG_ADVERSE], &x->reasons, &err) != 0) {
		cli_error("--adverse: %s", err.msg);
		return (CLI_EXIT_USAGE);
	}
	if ((a->v[GS_ARG_REASONS] != NULL || a->v[GS_ARG_ADVERSE] != NULL) &&
	    x->format != GS_FORMAT_REASONS &&
	    x->format != GS_FORMAT_REASONS_JSON) {
		cli_error("--reasons and --adverse go with --format reasons or "
		    "reasons-json");
		return (CLI_EXIT_USAGE);
	}
	if (a->v[GS_ARG_MPI] != NULL && !shard_available()) {
		cli_error("--mpi: this gshap was built without MPI (configure "
		    "--with-mpi)");
		return (CLI_EXIT_USAGE);
	}
	for (i = 0; i < sizeof tui_args / sizeof tui_args[0]; i++) {
		if (a->v[tui_args[i]] != NULL && tui_opts_parse(&x->tui,
		    options_arg(tui_args[i])->name, a->v[tui_args[i]],
		    &err) != 0) {
			cli_error("%s", err.msg);
			return (CLI_EXIT_USAGE);
		}
	}
	if (a->v[GS_ARG_COMPARE] != NULL && (a->v[GS_ARG_MPI] != NULL ||
	    x->st.metrics)) {
		cli_error("--compare-model does not work with %s yet",
		    a->v[GS_ARG_MPI] != NULL ? "--mpi" : "--metrics");
		return (CLI_EXIT_USAGE);
	}
	if (x->tui.stack && (!x->tui.view_set ||
	    x->tui.view != GS_VIEW_IMPORTANCE)) {
		cli_error("--stack goes with --view importance");
		return (CLI_EXIT_USAGE);
	}
	if (x->format == GS_FORMAT_PNG && !png_available()) {
		cli_error("--format png: %s", png_unavailable());
		return (CLI_EXIT_USAGE);
	}
	if (x->format == GS_FORMAT_PNG && isatty(STDOUT_FILENO)) {
		cli_error("--format png writes an image: send it to a file "
		    "(> figure.png)");
		return (CLI_EXIT_USAGE);
	}
	if ((x->format == GS_FORMAT_SVG || x->format == GS_FORMAT_PNG) &&
	    explain_parse_svg(x) != 0)
		return (CLI_EXIT_USAGE);
	if (settings_check_given(&x->st, a->given, "--", &err) != 0 ||
	    settings_check(&x->st, &err) != 0) {
		cli_error("%s", err.msg);
		return (CLI_EXIT_USAGE);
	}
	return (0);
}

/* A row number of --row or --rows; -1 with a message. */
static int
explain_number(const char *opt, const char *s, size_t *out)
{
	uint64_t	v;
	int		rc;

	if ((rc = number_parse(s, EXPLAIN_MAX_ROWS, &v)) == -1) {
		cli_error("%s: '%s' is not a whole number", opt, s);
		return (-1);
	}
	if (rc != 0) {
		cli_error("%s: %s is out of range (0 to %zu)", opt, s,
		    EXPLAIN_MAX_ROWS);
		return (-1);
	}
	*out = (size_t)v;
	return (0);
}

/* The rows: "N" or "A:B" (half-open; A or B may be left out) against nrows. */
static int
explain_rows(struct explain *x, size_t nrows)
{
	const char	*colon, *rows = x->row;
	char		 buf[64];

	if (rows != NULL && strncmp(rows, "random:", 7) == 0) {
		if (explain_number("--rows", rows + 7, &x->sample) != 0)
			return (-1);
		if (x->sample == 0) {
			cli_error("--rows %s: draw at least one row", rows);
			return (-1);
		}
		x->first = 0;
		x->last = nrows;
		return (0);
	}
	if (x->a.v[GS_ARG_ALL] != NULL || rows == NULL) {
		x->first = 0;
		x->last = x->a.v[GS_ARG_ALL] != NULL ? nrows :
		    (nrows > 0 ? 1 : 0);
		return (0);
	}
	if ((colon = strchr(rows, ':')) == NULL) {
		if (explain_number("--row", rows, &x->first) != 0)
			return (-1);
		x->last = x->first + 1;
	} else {
		snprintf(buf, sizeof buf, "%.*s", (int)(colon - rows), rows);
		x->first = 0;
		x->last = nrows;
		if (buf[0] != '\0' && explain_number("--rows", buf,
		    &x->first) != 0)
			return (-1);
		if (colon[1] != '\0' && explain_number("--rows", colon + 1,
		    &x->last) != 0)
			return (-1);
		if (x->last <= x->first) {
			cli_error("--rows %s: the range is empty (A:B means "
			    "rows A to B-1)", rows);
			return (-1);
		}
	}
	if (x->last > nrows) {
		cli_error("%s %s: the data has %zu rows (0 to %zu)",
		    colon != NULL ? "--rows" : "--row", rows, nrows, nrows - 1);
		return (-1);
	}
	return (0);
}

/* The data row at place i of the rows asked for. */
static size_t
explain_row_at(const struct explain *x, size_t i)
{
	return (x->list != NULL ? x->list[i] : i);
}

/*
 * --rows random:N: draw N of the rows the missing-value policy can use
 * by --seed (dataset_sample_rows, as the REPL's summary -n N -r draws),
 * in order; the rows asked for become places 0 to N-1 of the list.
 */
static void
explain_draw(struct explain *x)
{
	size_t	r, n = 0;

	x->list = xcalloc(x->s.data->nrows + 1, sizeof *x->list);
	for (r = 0; r < x->s.data->nrows; r++)
		if (encode_row_usable(x->s.data, &x->s.sel, r, x->st.impute))
			x->list[n++] = r;
	x->pool = n;
	dataset_sample_rows(x->list, n, x->sample, x->st.seed);
	x->first = 0;
	x->last = n < x->sample ? n : x->sample;
}

/* Say which rows were drawn: on stderr, and on out (text output). */
static void
explain_say_sample(const struct explain *x, FILE *out)
{
	char	buf[256], left[96] = "";
	size_t	nrows = x->s.data->nrows;

	if (x->pool < nrows)
		snprintf(left, sizeof left, " (the %zu of %zu that --impute "
		    "%s can use)", x->pool, nrows,
		    impute_name((enum gs_impute)x->st.impute));
	if (x->last < x->sample)
		snprintf(buf, sizeof buf, "a sample of all %zu rows%s: "
		    "--rows random:%zu asks for more", x->pool, left,
		    x->sample);
	else
		snprintf(buf, sizeof buf, "a random sample: %zu of %zu "
		    "rows%s drawn by seed %llu", x->last, x->pool, left,
		    (unsigned long long)x->st.seed);
	cli_error("%s", buf);
	if (out != NULL)
		fprintf(out, "%s\n", buf);
}

/* Open the session and build the job; 0 or an exit status. */
static int
explain_open(struct explain *x)
{
	struct gs_job_in	 in;
	struct gs_job_hooks	 hooks;
	struct gs_error		 err;
	const char		*model = x->a.v[GS_ARG_MODEL];
	const char		*data = x->a.v[GS_ARG_DATA];
	const char		*target;
	int			 rc;

	gs_error_clear(&err);
	if ((rc = cli_open_session(&x->s, &x->a, &x->st, &x->demo,
	    shard_rank() == 0, &x->cls, &target)) != 0)
		return (rc);
	if (model == NULL) {
		model = x->demo.model;
		data = x->demo.data;
	}
	if (explain_rows(x, x->s.data->nrows) != 0)
		return (CLI_EXIT_USAGE);
	if (x->sample > 0 && x->tui.view_set && x->tui.dump_w == 0) {
		/*
		 * The explorer's rows are the data's own rows, stepped
		 * through by number (j/k, :row N); a sample would be another
		 * list to step through and show.
		 */
		cli_error("--rows random:N: not with the explorer, whose rows "
		    "are the data's rows in order (it steps through them by "
		    "number); for a seeded sample use gshap explain --rows "
		    "random:N without --view (text, CSV or JSON), or the "
		    "REPL's summary -n N -r");
		return (CLI_EXIT_USAGE);
	}
	if (x->sample > 0)
		explain_draw(x);
	/*
	 * The explorer's summaries average one output over rows: the class
	 * asked for, else a model's positive class, not each row's own.
	 */
	if (x->tui.view_set && x->cls < 0 && x->s.classes.positive >= 0 &&
	    model_output_len(x->s.model, x->s.output) > 1)
		x->cls = x->s.classes.positive;
	if (x->a.v[GS_ARG_COMPARE] != NULL && session_load_b(&x->s,
	    x->a.v[GS_ARG_COMPARE], &err) != 0) {
		cli_error("--compare-model: %s", err.msg);
		return (CLI_EXIT_RUNTIME);
	}
	svg_image_shape(x->s.model, x->s.sel.n, &x->svg);
	job_in_session(&in, &x->s, x->cls);
	in.cancel = interrupt_cancelled;
	if (job_wants_lua(&x->st)) {
		if ((x->sc = script_new(&x->s, 0, &err)) == NULL) {
			cli_error("%s", err.msg);
			return (CLI_EXIT_RUNTIME);
		}
		script_set_output(x->sc, stderr);
		/* The sandbox lets the scripts read the files named. */
		script_allow_path(x->sc, model, 0);
		script_allow_path(x->sc, data, 0);
		script_job_hooks(&hooks, x->sc);
		in.hooks = &hooks;
	}
	/*
	 * Batch output compares in the job itself; the explorer explains
	 * with the usual job and compares in the models view's own.
	 */
	if (x->s.model_b != NULL && !x->tui.view_set && x->tui.dump_w == 0)
		job_in_compare(&in, &x->s);
	if ((x->job = job_new(&in, &x->st, &err)) == NULL) {
		cli_error("%s", err.msg);
		return (CLI_EXIT_RUNTIME);
	}
	if (x->s.model_b != NULL && !job_compares(x->job)) {
		job_in_compare(&in, &x->s);
		if ((x->pair = job_new(&in, &x->st, &err)) == NULL) {
			cli_error("%s", err.msg);
			return (CLI_EXIT_RUNTIME);
		}
	}
	return (0);
}

/* Show "row i of n" on stderr, at most ten times a second. */
static void
explain_progress(size_t done, size_t n, int finish)
{
	static struct timespec last;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!finish && (now.tv_sec - last.tv_sec) * 1000000000L +
	    (now.tv_nsec - last.tv_nsec) < 100000000L)
		return;
	last = now;
	if (finish)
		fputs("\r\033[K", stderr);
	else
		fprintf(stderr, "\rexplaining rows: %zu of %zu (%.0f%%)", done,
		    n, 100.0 * done / n);
	fflush(stderr);
}

/* What export writes beside each explanation. */
static void
explain_info(struct explain *x, struct gs_export_info *info)
{
	const struct gs_baseline *bl = job_baseline(x->job);

	memset(info, 0, sizeof *info);
	info->model = model_name(x->s.model);
	info->data = x->s.data->name;
	info->output = model_output_name(x->s.model, x->s.output);
	info->baseline_desc = bl != NULL ? bl->desc : NULL;
	info->names = x->s.names;
	info->s = &x->s;
	info->impute = x->st.impute;
	info->svg = &x->svg;
	info->reasons = &x->reasons;
}

/*
 * Check the rows asked for against the missing-value policy before
 * anything is written: a row it cannot use fails the run, naming the
 * first such cell and how many rows there are; the rows a skip policy
 * leaves out are counted. Returns 0 or an exit status.
 */
static int
explain_check_rows(struct explain *x)
{
	struct gs_error	 err;
	double		*tmp;
	size_t		 r, nbad = 0, first = 0;

	x->skipped = 0;
	for (r = x->first; r < x->last; r++) {
		if (encode_row_usable(x->s.data, &x->s.sel,
		    explain_row_at(x, r), x->st.impute))
			continue;
		if (encode_row_skipped(x->s.data, &x->s.sel, r,
		    x->st.impute)) {
			if (x->skipped++ == 0)
				x->skip_first = r;
			continue;
		}
		if (nbad++ == 0)
			first = r;
	}
	if (nbad == 0)
		return (0);
	gs_error_clear(&err);
	tmp = xcalloc(x->s.sel.n + 1, sizeof *tmp);
	(void)dataset_row(x->s.data, &x->s.sel, first, x->st.impute, tmp,
	    &err);
	free(tmp);
	if (nbad > 1)
		cli_error("%s (%zu of the %zu rows asked for cannot be used; "
		    "nothing was explained)", err.msg, nbad,
		    x->last - x->first);
	else
		cli_error("%s", err.msg);
	return (CLI_EXIT_RUNTIME);
}

/* Say how many rows the skip policy left out: on stderr, and on out. */
static void
explain_skipped(struct explain *x, FILE *out)
{
	size_t	n = x->last - x->first;

	cli_error("skipped %zu of %zu rows (the first: row %zu): a missing "
	    "value under --impute skip", x->skipped, n, x->skip_first);
	if (out != NULL)
		fprintf(out, "skipped %zu of %zu rows (the first: row %zu): a "
		    "missing value under --impute skip\n", x->skipped, n,
		    x->skip_first);
}

/*
 * Explain the rows and write them (or keep them for the dump in dump).
 * Rows go to the workers in blocks and come out in row order. Under MPI,
 * round k gives rank q the block at first + (k * ranks + q) * block, and
 * rank 0 writes each round's output in rank order. Returns an exit status.
 */
static int
explain_stream(struct explain *x, struct gs_tui_rows *dump)
{
	struct gs_export_info	 info;
	struct gs_explanation	*exs;
	struct gs_error		 err;
	size_t			 block, d = x->s.sel.n, r, r0, nr, i, k, *rows;
	size_t			 olen = 0;
	double			*xs;
	char			*obuf = NULL;
	FILE			*out;
	int			 rank = shard_rank(), nranks = shard_size();
	int			 progress, fail, keep, rc = CLI_EXIT_OK;

	gs_error_clear(&err);
	explain_info(x, &info);
	block = job_threads(x->job) * 8;
	xs = xcalloc(xmul(block, d > 0 ? d : 1), sizeof *xs);
	rows = xcalloc(block, sizeof *rows);
	exs = xcalloc(block, sizeof *exs);
	progress = rank == 0 && x->last - x->first > 1 &&
	    isatty(STDERR_FILENO);
	if (rank == 0 && x->sample > 0)
		explain_say_sample(x, x->tui.dump_w == 0 &&
		    x->format == GS_FORMAT_TEXT ? stdout : NULL);
	if (rank == 0 && x->tui.dump_w == 0)
		export_begin(stdout, x->format);
	for (r0 = x->first; r0 < x->last; r0 += block * nranks) {
		r = r0 + rank * block;
		nr = r >= x->last ? 0 : x->last - r < block ? x->last - r :
		    block;
		if (progress)
			explain_progress(r0 - x->first, x->last - x->first, 0);
		for (i = 0, k = 0; i < nr; i++) {
			rows[k] = explain_row_at(x, r + i);
			if (dataset_row(x->s.data, &x->s.sel, rows[k],
			    x->st.impute, xs + k * d, &err) == 0) {
				k++;
				continue;
			}
			/* A row the policy skips: said why, and left out. */
			if (err.code == GS_EMISSING && encode_row_skipped(
			    x->s.data, &x->s.sel, rows[k], x->st.impute)) {
				cli_error("%s", err.msg);
				gs_error_clear(&err);
				continue;
			}
			break;
		}
		nr = k;
		/* A failure keeps the rows before it (err: the first). */
		if (nr > 0)
			(void)job_run_many(x->job, xs, rows, nr, exs, &nr,
			    &err);
		/* Under MPI, ranks after the first that failed write nothing. */
		keep = nranks == 1 || shard_max(err.code != GS_OK ?
		    nranks - rank : 0) <= nranks - rank;
		out = nranks > 1 ? open_memstream(&obuf, &olen) : stdout;
		for (i = 0; i < nr; i++) {
			if (out == NULL || !keep)
				;
			else if (x->tui.dump_w > 0)
				tui_rows_add(dump, &exs[i]);
			else
				tui_export(out, x->format, &info, &exs[i],
				    &x->tui);
			explanation_clear(&exs[i]);
		}
		if (nranks == 1 && err.code == GS_OK)	/* lost output stops */
			(void)afile_flush(stdout, "standard output", &err);
		fail = err.code == GS_EINTR || interrupt_pending() ? 2 :
		    err.code != GS_OK || out == NULL ? 1 : 0;
		if (nranks > 1) {
			if (out != NULL && fclose(out) == 0 &&
			    shard_write_ordered(stdout, obuf, olen) != 0)
				fail = 1;
			free(obuf);
			obuf = NULL;
			fail = shard_max(fail);
		}
		if (fail == 0)
			continue;
		if (progress)
			explain_progress(0, 0, 1);
		fflush(stdout);
		if (fail == 2) {
			if (rank == 0)
				cli_error("%s after %zu of %zu rows",
				    interrupt_name(interrupt_pending()),
				    r + nr - x->first, x->last - x->first);
			rc = interrupt_status();
		} else if (err.code != GS_OK) {
			cli_error("%s", err.msg);
			rc = CLI_EXIT_RUNTIME;
		} else {
			cli_error("out of memory for the output");
			rc = CLI_EXIT_RUNTIME;
		}
		break;
	}
	if (rc == CLI_EXIT_OK && progress)
		explain_progress(0, 0, 1);
	if (rc == CLI_EXIT_OK && x->skipped > 0 && rank == 0)
		explain_skipped(x, x->tui.dump_w == 0 &&
		    x->format == GS_FORMAT_TEXT ? stdout : NULL);
	free(xs);
	free(rows);
	free(exs);
	return (rc);
}

/* Open the explorer on the rows asked for (src/tui/explore.c). */
static int
explain_explore(struct explain *x)
{
	struct gs_error	 err;
	struct gs_explore xp = { .s = &x->s, .job = x->job, .pair = x->pair,
	    .row = x->first, .first = x->first, .last = x->last };
	int		 sig;

	gs_error_clear(&err);
	if (tui_explore(&xp, &x->tui, &err) != 0) {
		cli_error("%s", err.msg);
		return (CLI_EXIT_RUNTIME);
	}
	/* Ended by SIGTERM or SIGHUP: say so in the status. */
	sig = interrupt_pending();
	return (sig != 0 && sig != SIGINT ? interrupt_status() : CLI_EXIT_OK);
}

/*
 * --stack --dump-screen: the rows explained for every class of the
 * output, each class by a job of its own (its baselines may differ), all
 * kept for the stacked importance view. Returns an exit status.
 */
static int
explain_stack_rows(struct explain *x, struct gs_tui_rows *dump)
{
	struct gs_explain_job	*j;
	struct gs_explanation	 ex;
	struct gs_job_in	 in;
	struct gs_job_hooks	 hooks;
	struct gs_error		 err;
	double			*xs;
	size_t			 nout, c, i, row;
	int			 rc = CLI_EXIT_OK;

	nout = model_output_len(x->s.model, x->s.output);
	if (nout < 2 || nout > 8) {
		cli_error("--stack: the output has %zu element%s; 2 to 8 "
		    "classes are stacked", nout, nout == 1 ? "" : "s");
		return (CLI_EXIT_USAGE);
	}
	gs_error_clear(&err);
	xs = xcalloc(x->s.sel.n + 1, sizeof *xs);
	for (c = 0; c < nout && rc == CLI_EXIT_OK; c++) {
		job_in_session(&in, &x->s, (long)c);
		in.cancel = interrupt_cancelled;
		if (x->sc != NULL) {
			script_job_hooks(&hooks, x->sc);
			in.hooks = &hooks;
		}
		if ((j = job_new(&in, &x->st, &err)) == NULL) {
			cli_error("%s", err.msg);
			rc = CLI_EXIT_RUNTIME;
			break;
		}
		for (i = x->first; i < x->last; i++) {
			row = explain_row_at(x, i);
			if (!encode_row_usable(x->s.data, &x->s.sel, row,
			    x->st.impute))
				continue;	/* skipped: counted by the check */
			if (dataset_row(x->s.data, &x->s.sel, row,
			    x->st.impute, xs, &err) != 0 ||
			    job_run(j, xs, row, &ex, &err) != 0) {
				cli_error("%s", err.msg);
				rc = err.code == GS_EINTR ? interrupt_status() :
				    CLI_EXIT_RUNTIME;
				break;
			}
			tui_rows_add(dump, &ex);
			explanation_clear(&ex);
		}
		job_free(j);
	}
	free(xs);
	return (rc);
}

/* Explain the rows and print one screen of them (--dump-screen). */
static int
explain_dump(struct explain *x)
{
	struct gs_export_info	 info;
	struct gs_tui_rows	 dump;
	struct gs_error		 err;
	int			 rc;

	memset(&dump, 0, sizeof dump);
	if ((rc = x->tui.stack ? explain_stack_rows(x, &dump) :
	    explain_stream(x, &dump)) != CLI_EXIT_OK)
		goto out;
	/* The teaching views recompute from the job (src/tui/teachdata.c). */
	dump.e = job_explainer(x->job);
	dump.opts = job_opts(x->job);
	dump.bl = job_baseline(x->job);
	dump.nz = job_noise(x->job);
	dump.groups = job_groups(x->job);
	dump.impute = x->st.impute;
	dump.pair = x->pair;
	dump.model_b = x->s.model_b != NULL ? model_name(x->s.model_b) : NULL;
	explain_info(x, &info);
	gs_error_clear(&err);
	if (shard_rank() == 0 && tui_dump(stdout, &x->tui, &x->s, &info,
	    &dump, &err) != 0) {
		cli_error("%s", err.msg);
		rc = CLI_EXIT_USAGE;
	}
out:
	tui_rows_free(&dump);
	return (rc);
}

int
cli_explain(int argc, char **argv)
{
	struct explain	x;
	int		rc;

	memset(&x, 0, sizeof x);
	settings_init(&x.st);
	if ((rc = explain_parse(&x, argc, argv)) != 0) {
		rc = rc < 0 ? CLI_EXIT_OK : rc;
		goto out;
	}
	if (x.a.v[GS_ARG_MPI] != NULL) {
		if (shard_init() != 0) {
			cli_error("--mpi: MPI could not start");
			rc = CLI_EXIT_RUNTIME;
			goto out;
		}
		x.mpi = 1;
	}
	if ((rc = explain_open(&x)) != 0)
		goto out;
	if (x.tui.view_set && x.tui.dump_w == 0)
		rc = explain_explore(&x);
	else if ((rc = explain_check_rows(&x)) == 0) {
		interrupt_install(0);
		if (job_compares(x.job)) {
			struct gs_export_info info;
			explain_info(&x, &info);
			if (x.sample > 0)
				explain_say_sample(&x, x.format ==
				    GS_FORMAT_TEXT ? stdout : NULL);
			rc = cli_explain_compare(x.job, &x.s, &info,
			    (int)x.format, x.list, x.first, x.last);
		} else
			rc = x.tui.dump_w > 0 ? explain_dump(&x) :
			    explain_stream(&x, NULL);
		interrupt_restore();
		if (rc == CLI_EXIT_OK && (fflush(stdout) != 0 ||
		    ferror(stdout))) {
			cli_error("error writing the output");
			rc = CLI_EXIT_RUNTIME;
		}
	}
out:
	job_free(x.pair);
	job_free(x.job);
	script_free(x.sc);	/* after the job, whose noise it may run */
	session_close(&x.s);
	settings_free(&x.st);
	options_free(&x.a);
	paths_demo_free(&x.demo);
	free(x.list);
	if (x.mpi) {
		rc = shard_max(rc);
		shard_finalize();
	}
	return (rc);
}

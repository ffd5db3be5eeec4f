/* SPDX-License-Identifier: ISC */
/*
 * gshap explain: attributions for rows of a dataset, printed as text, CSV or
 * JSON Lines. Options select the model, data, rows, method and its
 * parameters; errors go to stderr with exit status 1 (runtime) or 2 (usage).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attr/attr.h"
#include "cli/cli.h"
#include "core/xmalloc.h"
#include "session/export.h"
#include "session/paths.h"
#include "session/session.h"

/* Rows a dataset may have; also the largest row number accepted. */
#define EXPLAIN_MAX_ROWS	((size_t)1 << 40)

struct explain_args {
	const char	*model;		/* --model */
	const char	*data;		/* --data */
	const char	*target;	/* --target */
	const char	*drop;		/* --drop */
	const char	*rows;		/* --row or --rows text */
	int		 all;		/* --all */
	const char	*baseline;	/* --baseline, or NULL for the method's default */
	const char	*noise;		/* --noise */
	const char	*output;	/* --output */
	int		 impute;	/* --impute mean */
	const char	*groups;	/* --groups */
	enum gs_format	 format;	/* --format */
	struct gs_attr_opts opts;	/* method options */
};

void
cli_explain_usage(FILE *f)
{
	fputs(
"usage: gshap explain [--model M.onnx --data D.csv] [--target COL] [--drop COLS]\n"
"                     [--row N | --rows A:B | --all] [--method METHOD]\n"
"                     [--samples N] [--steps N] [--rule RULE] [--baseline SPEC]\n"
"                     [--noise SIGMA[%]] [--seed S] [--output K|NAME[:K]]\n"
"                     [--format text|csv|json] [--impute mean] [--abs]\n"
"                     [--smooth mean|sq|var] [--batch-size N] [--threads N]\n"
"                     [--groups auto]\n"
"\n"
"Without --model and --data, the bundled demo (an MLP on breast_cancer.csv) is used.\n"
"\n"
"methods:   gradshap (default), ig, saliency, ixg, smoothgrad\n"
"baselines: zeros, mean, data, sample:K, row:N, file:PATH.csv\n"
"           (default: data for gradshap, mean for ig)\n"
"rules:     left, right, middle, trapezoid, gausslegendre (default, 50 steps)\n"
"noise:     an absolute standard deviation (0.1) or a percentage of each\n"
"           feature's standard deviation (15%); smoothgrad defaults to 15%\n"
"groups:    auto (columns sharing a prefix before '.', '=' or '_', as one-hot\n"
"           columns do) are also reported as one attribution each\n"
"threads:   0 (the default) uses every processor; results do not depend on it\n", f);
}

enum {
	OPT_MODEL = 256, OPT_DATA, OPT_TARGET, OPT_DROP, OPT_ROW, OPT_ROWS,
	OPT_ALL, OPT_METHOD, OPT_SAMPLES, OPT_STEPS, OPT_RULE, OPT_BASELINE,
	OPT_NOISE, OPT_SEED, OPT_OUTPUT, OPT_FORMAT, OPT_IMPUTE, OPT_ABS,
	OPT_SMOOTH, OPT_BATCH, OPT_THREADS, OPT_GROUPS, OPT_HELP
};

static const struct option explain_options[] = {
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "data", required_argument, NULL, OPT_DATA },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "drop", required_argument, NULL, OPT_DROP },
	{ "row", required_argument, NULL, OPT_ROW },
	{ "rows", required_argument, NULL, OPT_ROWS },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "method", required_argument, NULL, OPT_METHOD },
	{ "samples", required_argument, NULL, OPT_SAMPLES },
	{ "steps", required_argument, NULL, OPT_STEPS },
	{ "rule", required_argument, NULL, OPT_RULE },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "noise", required_argument, NULL, OPT_NOISE },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "impute", required_argument, NULL, OPT_IMPUTE },
	{ "abs", no_argument, NULL, OPT_ABS },
	{ "smooth", required_argument, NULL, OPT_SMOOTH },
	{ "batch-size", required_argument, NULL, OPT_BATCH },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "groups", required_argument, NULL, OPT_GROUPS },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

/* Parse the options into a; returns 0, or an exit status. */
static int
explain_parse(int argc, char **argv, struct explain_args *a)
{
	int	c, nsel = 0;

	memset(a, 0, sizeof *a);
	attr_opts_default(&a->opts);
	a->opts.threads = 0;
	a->format = GS_FORMAT_TEXT;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", explain_options, NULL)) != -1) {
		switch (c) {
		case OPT_MODEL:
			a->model = optarg;
			break;
		case OPT_DATA:
			a->data = optarg;
			break;
		case OPT_TARGET:
			a->target = optarg;
			break;
		case OPT_DROP:
			a->drop = optarg;
			break;
		case OPT_ROW:
		case OPT_ROWS:
			a->rows = optarg;
			nsel++;
			if (c == OPT_ROW && strchr(optarg, ':') != NULL) {
				cli_error("--row takes one row number; use "
				    "--rows A:B for a range");
				return (CLI_EXIT_USAGE);
			}
			break;
		case OPT_ALL:
			a->all = 1;
			nsel++;
			break;
		case OPT_METHOD:
			if (method_parse(optarg, &a->opts.method) != 0) {
				cli_error("--method: unknown method '%s' "
				    "(gradshap, ig, saliency, ixg, smoothgrad)",
				    optarg);
				return (CLI_EXIT_USAGE);
			}
			break;
		case OPT_SAMPLES:
			if (cli_parse_size("--samples", optarg, 1, 100000000,
			    &a->opts.samples) != 0)
				return (CLI_EXIT_USAGE);
			break;
		case OPT_STEPS:
			if (cli_parse_size("--steps", optarg, 1, 10000000,
			    &a->opts.steps) != 0)
				return (CLI_EXIT_USAGE);
			break;
		case OPT_RULE:
			if (rule_parse(optarg, &a->opts.rule) != 0) {
				cli_error("--rule: unknown rule '%s' (left, "
				    "right, middle, trapezoid, gausslegendre)",
				    optarg);
				return (CLI_EXIT_USAGE);
			}
			break;
		case OPT_BASELINE:
			a->baseline = optarg;
			break;
		case OPT_NOISE:
			a->noise = optarg;
			break;
		case OPT_SEED:
			if (cli_parse_u64("--seed", optarg, &a->opts.seed) != 0)
				return (CLI_EXIT_USAGE);
			break;
		case OPT_OUTPUT:
			a->output = optarg;
			break;
		case OPT_FORMAT:
			if (export_format_parse(optarg, &a->format) != 0) {
				cli_error("--format: unknown format '%s' (text, "
				    "csv, json)", optarg);
				return (CLI_EXIT_USAGE);
			}
			break;
		case OPT_IMPUTE:
			if (strcmp(optarg, "mean") != 0) {
				cli_error("--impute: only 'mean' is supported");
				return (CLI_EXIT_USAGE);
			}
			a->impute = 1;
			break;
		case OPT_ABS:
			a->opts.absolute = 1;
			break;
		case OPT_SMOOTH:
			if (smooth_parse(optarg, &a->opts.smooth) != 0) {
				cli_error("--smooth: unknown aggregate '%s' "
				    "(mean, sq, var)", optarg);
				return (CLI_EXIT_USAGE);
			}
			break;
		case OPT_BATCH:
			if (cli_parse_size("--batch-size", optarg, 1, 1 << 20,
			    &a->opts.batch) != 0)
				return (CLI_EXIT_USAGE);
			break;
		case OPT_THREADS:
			if (cli_parse_size("--threads", optarg, 0, 1024,
			    &a->opts.threads) != 0)
				return (CLI_EXIT_USAGE);
			break;
		case OPT_GROUPS:
			if (strcmp(optarg, "auto") != 0) {
				cli_error("--groups: only 'auto' is supported");
				return (CLI_EXIT_USAGE);
			}
			a->groups = optarg;
			break;
		case OPT_HELP:
			cli_explain_usage(stdout);
			return (-1);
		default:
			if (optopt != 0 && optopt < 256)
				cli_error("explain: unknown option '-%c'",
				    optopt);
			else if (optopt != 0)
				cli_error("explain: option '%s' needs a value",
				    argv[optind - 1]);
			else
				cli_error("explain: unknown option '%s'",
				    argv[optind - 1]);
			fputs("Try 'gshap explain --help'.\n", stderr);
			return (CLI_EXIT_USAGE);
		}
	}
	if (optind < argc) {
		cli_error("explain: unexpected argument '%s'", argv[optind]);
		return (CLI_EXIT_USAGE);
	}
	if (nsel > 1) {
		cli_error("explain: give one of --row, --rows and --all");
		return (CLI_EXIT_USAGE);
	}
	if ((a->model == NULL) != (a->data == NULL)) {
		cli_error("explain: --model and --data go together (neither "
		    "uses the bundled demo)");
		return (CLI_EXIT_USAGE);
	}
	if (a->opts.absolute && a->opts.method != GS_METHOD_SALIENCY &&
	    a->opts.method != GS_METHOD_SMOOTHGRAD) {
		cli_error("--abs applies to saliency and smoothgrad only");
		return (CLI_EXIT_USAGE);
	}
	return (0);
}

/* Parse "N" or "A:B" (half-open; A or B may be left out) against nrows. */
static int
explain_rows(const struct explain_args *a, size_t nrows, size_t *first,
    size_t *last)
{
	const char	*colon;
	char		 buf[64];

	if (a->all || a->rows == NULL) {
		*first = 0;
		*last = a->all ? nrows : (nrows > 0 ? 1 : 0);
		return (0);
	}
	if ((colon = strchr(a->rows, ':')) == NULL) {
		if (cli_parse_size("--row", a->rows, 0, EXPLAIN_MAX_ROWS,
		    first) != 0)
			return (-1);
		*last = *first + 1;
	} else {
		snprintf(buf, sizeof buf, "%.*s", (int)(colon - a->rows),
		    a->rows);
		*first = 0;
		*last = nrows;
		if (buf[0] != '\0' && cli_parse_size("--rows", buf, 0,
		    EXPLAIN_MAX_ROWS, first) != 0)
			return (-1);
		if (colon[1] != '\0' && cli_parse_size("--rows", colon + 1, 0,
		    EXPLAIN_MAX_ROWS, last) != 0)
			return (-1);
		if (*last <= *first) {
			cli_error("--rows %s: the range is empty (A:B means "
			    "rows A to B-1)", a->rows);
			return (-1);
		}
	}
	if (*last > nrows) {
		cli_error("%s %s: the data has %zu rows (0 to %zu)",
		    colon != NULL ? "--rows" : "--row", a->rows, nrows,
		    nrows - 1);
		return (-1);
	}
	return (0);
}

static int
explain_cancel(void *arg)
{
	(void)arg;
	return (cli_interrupted != 0);
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

int
cli_explain(int argc, char **argv)
{
	struct explain_args	 a;
	struct gs_session	 s;
	struct gs_baseline	 bl;
	struct gs_noise		 nz;
	struct gs_explainer	*e = NULL;
	struct gs_explanation	*exs = NULL;
	struct gs_export_info	 info;
	struct gs_groups	 g;
	struct gs_error		 err;
	char			*demo_model = NULL, *demo_data = NULL;
	const char		*spec;
	double			*x = NULL;
	size_t			 first, last, r, nr, i, block, *rows = NULL;
	int			 rc, progress;

	memset(&bl, 0, sizeof bl);
	memset(&nz, 0, sizeof nz);
	memset(&s, 0, sizeof s);
	memset(&g, 0, sizeof g);
	if ((rc = explain_parse(argc, argv, &a)) != 0)
		return (rc < 0 ? CLI_EXIT_OK : rc);
	rc = CLI_EXIT_RUNTIME;
	if (a.model == NULL) {
		a.model = demo_model = paths_data_file("bc_mlp.onnx");
		a.data = demo_data = paths_data_file("breast_cancer.csv");
		if (a.target == NULL)
			a.target = "target";
	}
	gs_error_clear(&err);
	if (session_open(&s, a.model, a.data, a.target, a.drop, &err) != 0) {
		cli_error("%s", err.msg);
		goto out;
	}
	if (session_output(&s, a.output, &a.opts.output_class, &err) != 0) {
		cli_error("--output: %s", err.msg);
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (explain_rows(&a, s.data->nrows, &first, &last) != 0) {
		rc = CLI_EXIT_USAGE;
		goto out;
	}

	spec = a.baseline;
	switch (a.opts.method) {
	case GS_METHOD_GRADSHAP:
		if (spec == NULL)
			spec = "data";
		break;
	case GS_METHOD_IG:
		if (spec == NULL)
			spec = "mean";
		break;
	default:
		if (spec != NULL) {
			cli_error("--baseline does not apply to %s",
			    method_name(a.opts.method));
			rc = CLI_EXIT_USAGE;
			goto out;
		}
		break;
	}
	if (a.opts.method == GS_METHOD_SMOOTHGRAD && a.noise == NULL)
		a.noise = "15%";
	if (a.noise != NULL && a.opts.method != GS_METHOD_GRADSHAP &&
	    a.opts.method != GS_METHOD_SMOOTHGRAD) {
		cli_error("--noise applies to gradshap and smoothgrad only");
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (spec != NULL && baseline_make(&bl, spec, s.data, &s.sel, a.impute,
	    a.opts.seed, &err) != 0) {
		cli_error("--baseline: %s", err.msg);
		goto out;
	}
	if (noise_make(&nz, a.noise, s.data, &s.sel, &err) != 0) {
		cli_error("--noise: %s", err.msg);
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	a.opts.cancel = explain_cancel;
	if ((e = explainer_new(s.model, s.output, &a.opts,
	    spec != NULL ? &bl : NULL, &nz, &err)) == NULL) {
		cli_error("%s", err.msg);
		goto out;
	}

	if (a.groups != NULL) {
		groups_auto(&g, s.names, s.sel.n);
		if (explainer_set_groups(e, &g, &err) != 0) {
			cli_error("%s", err.msg);
			goto out;
		}
	}
	info.model = model_name(s.model);
	info.data = s.data->name;
	info.output = model_output_name(s.model, s.output);
	info.baseline_desc = bl.desc;
	info.names = s.names;
	/* Rows go to the workers in blocks, and come out in row order. */
	block = explainer_threads(e) * 8;
	x = xcalloc(xmul(block, s.sel.n), sizeof *x);
	rows = xcalloc(block, sizeof *rows);
	exs = xcalloc(block, sizeof *exs);
	progress = last - first > 1 && isatty(STDERR_FILENO);
	cli_catch_interrupt();
	export_begin(stdout, a.format);
	for (r = first; r < last; r += nr) {
		nr = last - r < block ? last - r : block;
		if (progress)
			explain_progress(r - first, last - first, 0);
		for (i = 0; i < nr; i++) {
			rows[i] = r + i;
			if (dataset_row(s.data, &s.sel, r + i, a.impute,
			    x + i * s.sel.n, &err) != 0) {
				nr = i;
				break;
			}
		}
		if (nr > 0 && explainer_run_many(e, x, rows, nr, exs,
		    &err) != 0)
			nr = 0;
		for (i = 0; i < nr; i++) {
			export_explanation(stdout, a.format, &info, &exs[i]);
			explanation_clear(&exs[i]);
		}
		if (err.code != GS_OK || cli_interrupted) {
			if (progress)
				explain_progress(0, 0, 1);
			fflush(stdout);
			if (err.code == GS_EINTR || cli_interrupted) {
				cli_error("interrupted after %zu of %zu rows",
				    r + nr - first, last - first);
				rc = CLI_EXIT_INTERRUPT;
			} else
				cli_error("%s", err.msg);
			goto out;
		}
	}
	if (progress)
		explain_progress(0, 0, 1);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("error writing the output");
		goto out;
	}
	rc = CLI_EXIT_OK;
out:
	free(x);
	free(rows);
	free(exs);
	explainer_free(e);
	groups_clear(&g);
	baseline_clear(&bl);
	noise_clear(&nz);
	session_close(&s);
	free(demo_model);
	free(demo_data);
	return (rc);
}

/* SPDX-License-Identifier: ISC */
/*
 * gshap explain: attributions for rows of a dataset, printed as text, CSV or
 * JSON Lines. Options select the model, data, rows, method and its
 * parameters; errors go to stderr with exit status 1 (runtime) or 2 (usage).
 */
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attr/attr.h"
#include "attr/trust.h"
#include "cli/cli.h"
#include "core/afile.h"
#include "cli/shard.h"
#include "script/script.h"
#include "core/xmalloc.h"
#include "session/export.h"
#include "session/paths.h"
#include "session/session.h"
#include "tui/tui.h"

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
	int		 mpi;		/* --mpi */
	int		 metrics;	/* --metrics */
	const char	*plan;		/* --plan, or NULL */
	enum gs_format	 format;	/* --format */
	struct gs_attr_opts opts;	/* method options */
	struct gs_tui_opts tui;		/* --view, --dump-screen, --ascii, --color, --theme */
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
"                     [--groups auto|SCRIPT] [--plan PLAN] [--tol [gap:]T[%]]\n"
"                     [--max-samples N] [--metrics] [--mpi]\n"
"                     [--view VIEW [--dump-screen WxH]] [--ascii]\n"
"                     [--color auto|never|always] [--theme NAME|FILE]\n"
"\n"
"Without --model and --data, the bundled demo (an MLP on breast_cancer.csv) is used.\n"
"\n"
"methods:   gradshap (default), ig, saliency, ixg, smoothgrad, exact,\n"
"           permutation, kernel, exactig\n"
"plans:     mc, stratified or sobol, each with +antithetic (gradshap also\n"
"           +cv); antithetic alone is mc with pairs; reg (gradshap: mc with\n"
"           regression control variates). Defaults: reg for gradshap,\n"
"           antithetic for smoothgrad\n"
"tol:       sample until every standard error (ig: the gap) is below T, or\n"
"           below P% of |f(x) - base|, within --max-samples (default 64x);\n"
"           gap:T or gap:P% aims at the completeness gap (1.96 times its SE)\n"
"baselines: zeros, mean, data, sample:K, row:N, file:PATH.csv\n"
"           (default: data for gradshap, exact, permutation and kernel;\n"
"           mean for ig and exactig)\n"
"rules:     left, right, middle, trapezoid, gausslegendre (default, 50 steps)\n"
"noise:     an absolute standard deviation (0.1) or a percentage of each\n"
"           feature's standard deviation (15%); smoothgrad defaults to 15%\n"
"lua:       --baseline, --noise and --groups also take a Lua script: FILE.lua,\n"
"           or lua:NAME for one shipped with gshap (gshap-lua(7))\n"
"groups:    auto (columns sharing a prefix before '.', '=' or '_', as one-hot\n"
"           columns do) are also reported as one attribution each\n"
"threads:   0 (the default) uses every processor; results do not depend on it\n"
"views:     bar, waterfall, force, summary, importance, heat, dependence,\n"
"           compare, and for teaching exact, metrics, path, trace,\n"
"           convergence: --view opens the full-screen explorer on a terminal;\n"
"           with --dump-screen it prints that screen as text instead\n"
"mpi:       run under mpirun -n N: each rank explains its share of the rows,\n"
"           rank 0 writes them in row order (only in a gshap built with MPI)\n", f);
}

enum {
	OPT_MODEL = 256, OPT_DATA, OPT_TARGET, OPT_DROP, OPT_ROW, OPT_ROWS,
	OPT_ALL, OPT_METHOD, OPT_SAMPLES, OPT_STEPS, OPT_RULE, OPT_BASELINE,
	OPT_NOISE, OPT_SEED, OPT_OUTPUT, OPT_FORMAT, OPT_IMPUTE, OPT_ABS,
	OPT_SMOOTH, OPT_BATCH, OPT_THREADS, OPT_GROUPS, OPT_PLAN, OPT_TOL,
	OPT_MAX_SAMPLES, OPT_METRICS, OPT_MPI, OPT_VIEW, OPT_DUMP, OPT_ASCII,
	OPT_COLOR, OPT_THEME, OPT_HELP
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
	{ "mpi", no_argument, NULL, OPT_MPI },
	{ "plan", required_argument, NULL, OPT_PLAN },
	{ "tol", required_argument, NULL, OPT_TOL },
	{ "max-samples", required_argument, NULL, OPT_MAX_SAMPLES },
	{ "metrics", no_argument, NULL, OPT_METRICS },
	{ "view", required_argument, NULL, OPT_VIEW },
	{ "dump-screen", required_argument, NULL, OPT_DUMP },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "theme", required_argument, NULL, OPT_THEME },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

/*
 * The Lua script a spec names ("FILE.lua", or "lua:NAME" for a shipped
 * script found by name), or NULL when it names none.
 */
static const char *
explain_script(const char *spec)
{
	size_t	len;

	if (spec == NULL)
		return (NULL);
	if (strncmp(spec, "lua:", 4) == 0 && spec[4] != '\0')
		return (spec + 4);
	len = strlen(spec);
	if (len > 4 && strcmp(spec + len - 4, ".lua") == 0)
		return (spec);
	return (NULL);
}

/* Parse the options into a; returns 0, or an exit status. */
static int
explain_parse(int argc, char **argv, struct explain_args *a)
{
	struct gs_error	err;
	int		c, nsel = 0;

	memset(a, 0, sizeof *a);
	attr_opts_default(&a->opts);
	a->opts.threads = 0;
	a->format = GS_FORMAT_TEXT;
	tui_opts_default(&a->tui);
	a->tui.view_set = strcmp(argv[0], "view") == 0;	/* gshap view */
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
				    "(gradshap, ig, saliency, ixg, smoothgrad, "
				    "exact, permutation, kernel, exactig)",
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
			if (strcmp(optarg, "auto") != 0 &&
			    explain_script(optarg) == NULL) {
				cli_error("--groups: 'auto', FILE.lua or "
				    "lua:NAME");
				return (CLI_EXIT_USAGE);
			}
			a->groups = optarg;
			break;
		case OPT_PLAN:
			a->plan = optarg;
			if (sampling_parse(optarg, &a->opts.plan,
			    &a->opts.antithetic, &a->opts.cv) != 0) {
				cli_error("--plan: unknown plan '%s' (mc, "
				    "stratified or sobol, then +antithetic or "
				    "+cv; or antithetic or reg alone)", optarg);
				return (CLI_EXIT_USAGE);
			}
			break;
		case OPT_TOL:
			if (sampling_tol_parse(optarg, &a->opts.tol,
			    &a->opts.tol_rel, &err) != 0) {
				cli_error("--tol: %s", err.msg);
				return (CLI_EXIT_USAGE);
			}
			break;
		case OPT_MAX_SAMPLES:
			if (cli_parse_size("--max-samples", optarg, 1,
			    1000000000, &a->opts.max_samples) != 0)
				return (CLI_EXIT_USAGE);
			break;
		case OPT_METRICS:
			a->metrics = 1;
			break;
		case OPT_MPI:
			if (!shard_available()) {
				cli_error("--mpi: this gshap was built without "
				    "MPI (configure --with-mpi)");
				return (CLI_EXIT_USAGE);
			}
			a->mpi = 1;
			break;
		case OPT_VIEW:
		case OPT_DUMP:
		case OPT_ASCII:
		case OPT_COLOR:
		case OPT_THEME:
			if (tui_opts_parse(&a->tui, c == OPT_VIEW ? "view" :
			    c == OPT_DUMP ? "dump-screen" : c == OPT_ASCII ?
			    "ascii" : c == OPT_COLOR ? "color" : "theme",
			    optarg, &err) != 0) {
				cli_error("%s", err.msg);
				return (CLI_EXIT_USAGE);
			}
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
	struct gs_tui_rows	 dump;
	struct gs_groups	 g;
	struct gs_script	*sc = NULL;
	struct gs_baseline	 mbl;
	struct gs_metrics_opts	 mo;
	struct gs_error		 err;
	char			*demo_model = NULL, *demo_data = NULL;
	const char		*spec;
	double			*x = NULL, *scale = NULL, sd;
	size_t			 first, last, r, r0, nr, i, block, *rows = NULL;
	size_t			 olen = 0;
	char			*obuf = NULL;
	FILE			*out;
	int			 rank, nranks, fail, mpi_started = 0;
	int			 rc, progress;

	memset(&bl, 0, sizeof bl);
	memset(&nz, 0, sizeof nz);
	memset(&s, 0, sizeof s);
	memset(&g, 0, sizeof g);
	memset(&mbl, 0, sizeof mbl);
	memset(&dump, 0, sizeof dump);
	if ((rc = explain_parse(argc, argv, &a)) != 0)
		return (rc < 0 ? CLI_EXIT_OK : rc);
	rc = CLI_EXIT_RUNTIME;
	if (a.mpi) {
		if (shard_init() != 0) {
			cli_error("--mpi: MPI could not start");
			return (CLI_EXIT_RUNTIME);
		}
		mpi_started = 1;
	}
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

	if (a.plan != NULL && a.opts.method != GS_METHOD_GRADSHAP &&
	    a.opts.method != GS_METHOD_SMOOTHGRAD) {
		cli_error("--plan applies to gradshap and smoothgrad only");
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	spec = a.baseline;
	switch (a.opts.method) {
	case GS_METHOD_GRADSHAP:
	case GS_METHOD_EXACT:
	case GS_METHOD_PERMUTATION:
	case GS_METHOD_KERNEL:
		if (spec == NULL)
			spec = "data";
		break;
	case GS_METHOD_IG:
	case GS_METHOD_EXACTIG:
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
	if (a.plan != NULL && a.opts.method == GS_METHOD_SMOOTHGRAD &&
	    a.opts.smooth == GS_SMOOTH_VAR && (a.opts.plan != GS_PLAN_MC ||
	    a.opts.antithetic)) {
		cli_error("--plan: VarGrad (--smooth var) takes the mc plan "
		    "only: its standard error needs independent samples");
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	/* SmoothGrad's best measured plan is antithetic (make bench-plans). */
	if (a.opts.method == GS_METHOD_SMOOTHGRAD && a.plan == NULL &&
	    a.opts.smooth != GS_SMOOTH_VAR) {
		a.opts.plan = GS_PLAN_MC;
		a.opts.antithetic = 1;
	}
	if (a.noise != NULL && a.opts.method != GS_METHOD_GRADSHAP &&
	    a.opts.method != GS_METHOD_SMOOTHGRAD) {
		cli_error("--noise applies to gradshap and smoothgrad only");
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (explain_script(spec) != NULL || explain_script(a.noise) != NULL ||
	    explain_script(a.groups) != NULL) {
		if ((sc = script_new(&s, 0, &err)) == NULL) {
			cli_error("%s", err.msg);
			goto out;
		}
		script_set_output(sc, stderr);
	}
	if (explain_script(spec) != NULL) {
		int per_row = script_baseline_per_row(sc, explain_script(spec),
		    &err);
		if (per_row != 0) {
			if (per_row > 0)
				cli_error("--baseline %s takes the row being "
				    "explained; use it from the REPL or Lua "
				    "(gshap explain takes one baseline set)",
				    spec);
			else
				cli_error("--baseline: %s", err.msg);
			goto out;
		}
		if (script_baseline(sc, explain_script(spec), NULL, 0, -1, &bl,
		    &err) != 0) {
			cli_error("--baseline: %s", err.msg);
			goto out;
		}
	} else if (spec != NULL && baseline_make(&bl, spec, s.data, &s.sel,
	    a.impute, a.opts.seed, &err) != 0) {
		cli_error("--baseline: %s", err.msg);
		goto out;
	}
	if (explain_script(a.noise) != NULL) {
		if (script_noise(sc, explain_script(a.noise), &nz, &err) != 0) {
			cli_error("--noise: %s", err.msg);
			goto out;
		}
	} else if (noise_make(&nz, a.noise, s.data, &s.sel, &err) != 0) {
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
		if (explain_script(a.groups) == NULL)
			groups_auto(&g, s.names, s.sel.n);
		else if (script_groups(sc, explain_script(a.groups), &g,
		    &err) != 0) {
			cli_error("--groups: %s", err.msg);
			goto out;
		}
		if (explainer_set_groups(e, &g, &err) != 0) {
			cli_error("%s", err.msg);
			goto out;
		}
	}
	metrics_opts_default(&mo);
	if (a.metrics) {
		/* Features are replaced by the baselines, or by their means. */
		if (spec == NULL && baseline_make(&mbl, "mean", s.data, &s.sel,
		    a.impute, a.opts.seed, &err) != 0) {
			cli_error("--metrics: %s", err.msg);
			goto out;
		}
		mo.bl = spec != NULL ? &bl : &mbl;
		scale = xcalloc(s.sel.n, sizeof *scale);
		for (i = 0; i < s.sel.n; i++) {
			dataset_column_stats(s.data, s.sel.cols[i], &sd, &sd);
			scale[i] = isfinite(sd) ? sd : 1;
		}
		mo.scale = scale;
	}
	info.model = model_name(s.model);
	info.data = s.data->name;
	info.output = model_output_name(s.model, s.output);
	info.baseline_desc = bl.desc;
	info.names = s.names;
	/*
	 * Rows go to the workers in blocks and come out in row order. Under
	 * MPI, round k gives rank q the block at first + (k * ranks + q) *
	 * block, and rank 0 writes each round's output in rank order.
	 */
	rank = shard_rank();
	nranks = shard_size();
	block = explainer_threads(e) * 8;
	x = xcalloc(xmul(block, s.sel.n), sizeof *x);
	rows = xcalloc(block, sizeof *rows);
	exs = xcalloc(block, sizeof *exs);
	if (a.tui.view_set && a.tui.dump_w == 0) {
		/* The explorer, on the rows asked for (src/tui/explore.c). */
		struct gs_explore xp = { .s = &s, .opts = &a.opts,
		    .bl = spec != NULL ? &bl : NULL, .nz = &nz,
		    .groups = a.groups != NULL ? &g : NULL, .impute = a.impute,
		    .row = first, .first = first, .last = last };
		rc = tui_explore(&xp, &a.tui, &err) != 0 ? CLI_EXIT_RUNTIME :
		    CLI_EXIT_OK;
		if (rc != CLI_EXIT_OK)
			cli_error("%s", err.msg);
		goto out;
	}
	progress = rank == 0 && last - first > 1 && isatty(STDERR_FILENO);
	cli_catch_interrupt();
	if (rank == 0 && a.tui.dump_w == 0)
		export_begin(stdout, a.format);
	for (r0 = first; r0 < last; r0 += block * nranks) {
		r = r0 + rank * block;
		nr = r >= last ? 0 : last - r < block ? last - r : block;
		if (progress)
			explain_progress(r0 - first, last - first, 0);
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
		for (i = 0; a.metrics && i < nr; i++) {
			if (metrics_compute(e, x + i * s.sel.n, rows[i],
			    &exs[i], &mo, &err) != 0) {
				for (i = 0; i < nr; i++)
					explanation_clear(&exs[i]);
				nr = 0;
			}
		}
		out = nranks > 1 ? open_memstream(&obuf, &olen) : stdout;
		for (i = 0; i < nr; i++) {
			if (out != NULL && a.tui.dump_w > 0)
				tui_rows_add(&dump, &exs[i], bl.desc);
			else if (out != NULL)
				tui_export(out, a.format, &info, &exs[i], &a.tui);
			explanation_clear(&exs[i]);
		}
		if (nranks == 1 && err.code == GS_OK)	/* lost output stops */
			(void)afile_flush(stdout, "standard output", &err);
		fail = err.code == GS_EINTR || cli_interrupted ? 2 :
		    err.code != GS_OK || out == NULL ? 1 : 0;
		if (nranks > 1) {
			if (out != NULL && fclose(out) == 0 &&
			    shard_write_ordered(stdout, obuf, olen) != 0)
				fail = 1;
			free(obuf);
			obuf = NULL;
			fail = shard_max(fail);
		}
		if (fail != 0) {
			if (progress)
				explain_progress(0, 0, 1);
			fflush(stdout);
			if (fail == 2) {
				if (rank == 0)
					cli_error("interrupted after %zu of %zu "
					    "rows", r + nr - first, last - first);
				rc = CLI_EXIT_INTERRUPT;
			} else if (err.code != GS_OK)
				cli_error("%s", err.msg);
			else if (out == NULL)
				cli_error("out of memory for the output");
			goto out;
		}
	}
	if (progress)
		explain_progress(0, 0, 1);
	/* The teaching views recompute from the explainer (src/tui/teachdata.c). */
	dump.e = e;
	dump.opts = &a.opts;
	dump.bl = spec != NULL ? &bl : NULL;
	dump.nz = &nz;
	dump.groups = a.groups != NULL ? &g : NULL;
	dump.impute = a.impute;
	if (a.tui.dump_w > 0 && rank == 0 && tui_dump(stdout, &a.tui, &s,
	    &info, &dump, &err) != 0) {
		cli_error("%s", err.msg);
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("error writing the output");
		goto out;
	}
	rc = CLI_EXIT_OK;
out:
	free(x);
	free(scale);
	free(rows);
	free(exs);
	tui_rows_free(&dump);
	baseline_clear(&mbl);
	explainer_free(e);
	groups_clear(&g);
	baseline_clear(&bl);
	noise_clear(&nz);
	script_free(sc);	/* after nz, whose callback it runs */
	session_close(&s);
	free(demo_model);
	free(demo_data);
	if (mpi_started) {
		rc = shard_max(rc);
		shard_finalize();
	}
	return (rc);
}

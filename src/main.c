/* SPDX-License-Identifier: ISC */
/*
 * gshap: the command line. Global options (--help, --version) and the
 * choice of subcommand.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config.h"
#include "data/schema.h"
#include "repl/repl.h"
#include "script/script.h"

static void
main_usage(FILE *f)
{
	fputs(
"usage: gshap [--no-config] [--keep-going] [--trust-scripts] [-c COMMANDS]\n"
"             [MODEL.onnx DATA.csv [--target COL] [--drop COLS]]   the REPL\n"
"       gshap explain [options]    explain rows of a dataset (see gshap explain --help)\n"
"       gshap view [options]       the same in the full-screen explorer\n"
"       gshap report -o FILE.html  a report to hand over (gshap report --help)\n"
"       gshap [--trust-scripts] -s FILE.lua [ARGS...]   run a Lua script (gshap-lua(7))\n"
"       gshap --lesson N|list [--unattended] [--answers FILE]   a classroom lesson\n"
"       gshap --help | --version\n"
"\n"
"gshap explains the predictions of ONNX models on CSV data with gradient\n"
"attributions (Gradient SHAP, integrated gradients, saliency, input x gradient,\n"
"SmoothGrad), with base values, completeness gaps and standard errors.\n"
"Without a model and data it uses the bundled demo. See gshap(1).\n"
"\n"
"Lua scripts run sandboxed: they read and write only under the current\n"
"directory and the paths named on the command line (never a hidden name such\n"
"as .bashrc), and read their own directory; --trust-scripts lifts this and\n"
"opens io, os and the rest of Lua's library (gshap-lua(7), FILES).\n", f);
}

/*
 * Standard output's buffer when it is a file or a pipe: explain --all
 * writes megabytes and flushes every few rows, so 64 KiB takes a sixteenth
 * of the write calls of stdio's 4 KiB (the bytes are the same).
 */
static char	main_outbuf[1 << 16];

#ifdef GS_STATIC_BLAS
/*
 * Linked with libopenblas.a, OpenBLAS's constructor (default priority)
 * runs after this one, and with OPENBLAS_NUM_THREADS=1 it starts no thread
 * pool at all, where cli_single_blas would stop the pool it started: this
 * sets the variable for that constructor when the user has not, and main
 * takes it out again first, so that no command gshap runs sees it. (The
 * shared library's constructor runs before any of gshap's.)
 */
static int	main_blas_env;

__attribute__((constructor(101))) static void
main_blas_before(void)
{
	if (getenv("OPENBLAS_NUM_THREADS") == NULL &&
	    setenv("OPENBLAS_NUM_THREADS", "1", 0) == 0)
		main_blas_env = 1;
}
#endif

int
main(int argc, char **argv)
{
#ifdef GS_STATIC_BLAS
	if (main_blas_env)
		(void)unsetenv("OPENBLAS_NUM_THREADS");
#endif
	if (!isatty(STDOUT_FILENO))
		(void)setvbuf(stdout, main_outbuf, _IOFBF, sizeof main_outbuf);
	cli_single_blas();
	/* Numbers are read and written in the C locale whatever LANG says. */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	/* Schemas in Lua run in the script layer's sandbox. */
	schema_set_loader(script_schema_load);

	if (argc < 2)
		return (repl_main(argc, argv));
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		main_usage(stdout);
		return (CLI_EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("gshap %s\n", PACKAGE_VERSION);
		return (CLI_EXIT_OK);
	}
	if (strcmp(argv[1], "explain") == 0 || strcmp(argv[1], "view") == 0)
		return (cli_explain(argc - 1, argv + 1));
	if (strcmp(argv[1], "report") == 0)
		return (cli_report(argc - 1, argv + 1));
	if (strcmp(argv[1], "-s") == 0 || (argc > 2 &&
	    strcmp(argv[1], "--trust-scripts") == 0 &&
	    strcmp(argv[2], "-s") == 0))
		return (cli_run_script(argc, argv));
	if (strcmp(argv[1], "--lesson") == 0 ||
	    strcmp(argv[1], "--unattended") == 0 ||
	    strcmp(argv[1], "--answers") == 0)
		return (cli_lesson(argc, argv));
	if (repl_claims(argv[1]))
		return (repl_main(argc, argv));
	cli_error("unknown command '%s'", argv[1]);
	main_usage(stderr);
	return (CLI_EXIT_USAGE);
}

/* SPDX-License-Identifier: ISC */
/*
 * gshap: the command line. Global options (--help, --version) and the
 * choice of subcommand.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "config.h"

static void
main_usage(FILE *f)
{
	fputs(
"usage: gshap explain [options]    explain rows of a dataset (see gshap explain --help)\n"
"       gshap --help | --version\n"
"\n"
"gshap explains the predictions of ONNX models on CSV data with gradient\n"
"attributions (Gradient SHAP, integrated gradients, saliency, input x gradient,\n"
"SmoothGrad), with base values, completeness gaps and standard errors.\n"
"Without a model and data it uses the bundled demo. See gshap(1).\n", f);
}

int
main(int argc, char **argv)
{
	/* Numbers are read and written in the C locale whatever LANG says. */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");

	if (argc < 2) {
		main_usage(stderr);
		return (CLI_EXIT_USAGE);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		main_usage(stdout);
		return (CLI_EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("gshap %s\n", PACKAGE_VERSION);
		return (CLI_EXIT_OK);
	}
	if (strcmp(argv[1], "explain") == 0)
		return (cli_explain(argc - 1, argv + 1));
	cli_error("unknown command '%s'", argv[1]);
	main_usage(stderr);
	return (CLI_EXIT_USAGE);
}

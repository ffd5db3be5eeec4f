/* SPDX-License-Identifier: ISC */
/*
 * gshap [--trust-scripts] -s FILE.lua [ARGS...]: run a session script with
 * no terminal. An interrupt stops the script safely (the Lua hook, armed
 * by the interrupt module); the exit status is 0, the number the script
 * returns (0 to 255; script_run_main refuses others), 1 after an error,
 * 128 plus the signal when stopped by one.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/interrupt.h"
#include "script/script.h"
#include "session/options.h"

int
cli_run_script(int argc, char **argv)
{
	struct gs_script	*sc;
	struct gs_args		 a;
	struct gs_error		 err;
	int			 rc, status = 0;

	gs_error_clear(&err);
	if (options_parse(GS_FRONT_SCRIPT, argc, argv, NULL, &a, &err) != 0 ||
	    a.v[GS_ARG_SCRIPT] == NULL) {
		cli_error("%s", err.msg[0] != '\0' ? err.msg :
		    "-s needs a script file");
		options_usage(stderr, GS_FRONT_SCRIPT, "usage: gshap", 80);
		if (err.msg[0] == '\0')
			options_free(&a);
		return (CLI_EXIT_USAGE);
	}
	if ((sc = script_new(NULL, a.v[GS_ARG_TRUST] != NULL, &err)) == NULL) {
		cli_error("%s", err.msg);
		options_free(&a);
		return (CLI_EXIT_RUNTIME);
	}
	script_set_errors(sc, stderr);
	/* The sandbox lets the script reach the paths given to it. */
	for (rc = 0; rc < a.npos; rc++)
		script_allow_path(sc, a.pos[rc], 1);
	interrupt_install(0);
	interrupt_set_hook(cli_interrupt_script, sc);
	rc = script_run_main(sc, a.v[GS_ARG_SCRIPT], a.npos, a.pos, &status,
	    &err);
	interrupt_set_hook(NULL, NULL);
	if (rc != 0) {
		/* The traceback is printed already, except for load errors. */
		if (!script_error_shown(sc))
			cli_error("%s", err.msg);
		status = err.code == GS_EINTR ? interrupt_status() :
		    CLI_EXIT_RUNTIME;
	}
	/* Output lost (a full disk, a closed pipe) is a failure too. */
	if (afile_flush(stdout, "standard output", &err) != 0) {
		if (rc == 0)
			cli_error("%s", err.msg);
		if (status == 0)
			status = CLI_EXIT_RUNTIME;
	}
	interrupt_restore();
	script_free(sc);
	options_free(&a);
	return (status);
}

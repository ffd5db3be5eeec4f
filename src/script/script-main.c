/* SPDX-License-Identifier: ISC */
/*
 * gshap [--trust-scripts] -s FILE.lua [ARGS...]: run a session script with
 * no terminal. Ctrl-C interrupts the script safely; the exit status is 0,
 * the integer the script returns, 1 after an error, 130 when interrupted.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "script/script-int.h"

/* The state a SIGINT interrupts. */
static struct gs_script *volatile script_main_sc;

/* SIGINT: only arm the interrupt hook (lua.c laction). */
static void
script_main_sigint(int sig)
{
	(void)sig;
	if (script_main_sc != NULL)
		script_interrupt(script_main_sc);
}

static void
script_main_usage(FILE *f)
{
	fputs("usage: gshap [--trust-scripts] -s FILE.lua [ARGS...]\n", f);
}

/*
 * gshap [--trust-scripts] -s FILE [ARGS]: run the script in a fresh
 * sandboxed (or trusted) state, with Ctrl-C interrupting it. Returns the
 * exit status: the script's integer result or 0, 1 after an error (the
 * traceback is on stderr), 2 for a usage error, 130 when interrupted.
 */
int
script_main(int argc, char **argv)
{
	struct gs_script	*sc;
	struct gs_error		 err;
	struct sigaction	 sa, old;
	int			 i = 0, trusted = 0, rc, status = 0;

	while (i < argc && strcmp(argv[i], "-s") != 0) {
		if (strcmp(argv[i], "--trust-scripts") != 0) {
			fprintf(stderr, "gshap: unknown option '%s'\n",
			    argv[i]);
			script_main_usage(stderr);
			return (2);
		}
		trusted = 1;
		i++;
	}
	if (i + 1 >= argc) {
		fputs("gshap: -s needs a script file\n", stderr);
		script_main_usage(stderr);
		return (2);
	}
	gs_error_clear(&err);
	if ((sc = script_new(NULL, trusted, &err)) == NULL) {
		fprintf(stderr, "gshap: %s\n", err.msg);
		return (1);
	}
	script_set_errors(sc, stderr);
	/* The sandbox lets the script reach the paths given to it. */
	for (rc = i + 2; rc < argc; rc++)
		script_allow_path(sc, argv[rc], 1);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = script_main_sigint;
	sigemptyset(&sa.sa_mask);
	script_main_sc = sc;
	sigaction(SIGINT, &sa, &old);
	rc = script_run_main(sc, argv[i + 1], argc - i - 2, argv + i + 2,
	    &status, &err);
	sigaction(SIGINT, &old, NULL);
	script_main_sc = NULL;
	if (rc != 0) {
		/* The traceback is printed already, except for load errors. */
		if (sc->quiet)
			fprintf(stderr, "gshap: %s\n", err.msg);
		status = err.code == GS_EINTR ? 130 : 1;
	}
	/* Output lost (a full disk, a closed pipe) is a failure too. */
	if (afile_flush(stdout, "standard output", &err) != 0) {
		if (rc == 0)
			fprintf(stderr, "gshap: %s\n", err.msg);
		if (status == 0)
			status = 1;
	}
	script_free(sc);
	return (status);
}

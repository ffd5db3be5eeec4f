/* SPDX-License-Identifier: ISC */
/*
 * Helpers shared by the batch subcommands.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/visible.h"
#include "script/script.h"

void
cli_interrupt_script(void *sc)
{
	script_interrupt(sc);
}

void
cli_single_blas(char **argv)
{
	if (getenv("OPENBLAS_NUM_THREADS") != NULL)
		return;
	if (setenv("OPENBLAS_NUM_THREADS", "1", 1) != 0)
		return;
	execv("/proc/self/exe", argv);
	/* No /proc: carry on, only slower. */
}

void
cli_error(const char *fmt, ...)
{
	va_list	ap;
	char	msg[2048];

	fputs("gshap: ", stderr);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	visible_fputs(msg, stderr, VISIBLE_KEEP_NL);	/* names from files */
	fputc('\n', stderr);
}

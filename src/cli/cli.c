/* SPDX-License-Identifier: ISC */
/*
 * Helpers shared by the batch subcommands.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/visible.h"
#include "script/script.h"

void
cli_interrupt_script(void *sc)
{
	script_interrupt(sc);
}

/* OpenBLAS's own controls, where gshap is linked with it (else NULL). */
extern void	openblas_set_num_threads(int) __attribute__((weak));
extern int	openblas_get_num_threads(void) __attribute__((weak));
extern int	blas_thread_shutdown_(void) __attribute__((weak));

/* Stop OpenBLAS's server threads (it joins them: seconds of wait under load). */
static void *
cli_blas_stop(void *arg)
{
	(void)arg;
	blas_thread_shutdown_();
	return (NULL);
}

void
cli_single_blas(void)
{
	pthread_attr_t	a;
	pthread_t	t;

	if (openblas_set_num_threads == NULL ||
	    openblas_get_num_threads == NULL ||
	    openblas_get_num_threads() <= 1)
		return;
	/* Every BLAS call from now on runs on its caller's thread. */
	openblas_set_num_threads(1);
	if (blas_thread_shutdown_ == NULL)
		return;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &a, cli_blas_stop, NULL) != 0)
		blas_thread_shutdown_();
	pthread_attr_destroy(&a);
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

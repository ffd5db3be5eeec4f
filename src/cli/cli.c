/* SPDX-License-Identifier: ISC */
/*
 * Helpers shared by the batch subcommands.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/visible.h"

volatile sig_atomic_t cli_interrupted;

static void
cli_on_sigint(int sig)
{
	(void)sig;
	cli_interrupted = 1;
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
cli_catch_interrupt(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cli_on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
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

int
cli_parse_u64(const char *opt, const char *s, uint64_t *out)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	if (*s < '0' || *s > '9' ||
	    ((v = strtoull(s, &end, 10)), errno != 0) || *end != '\0') {
		cli_error("%s: '%s' is not a whole number", opt, s);
		return (-1);
	}
	*out = v;
	return (0);
}

int
cli_parse_size(const char *opt, const char *s, size_t min, size_t max,
    size_t *out)
{
	uint64_t	v;

	if (cli_parse_u64(opt, s, &v) != 0)
		return (-1);
	if (v < min || v > max) {
		cli_error("%s: %s is out of range (%zu to %zu)", opt, s, min,
		    max);
		return (-1);
	}
	*out = (size_t)v;
	return (0);
}

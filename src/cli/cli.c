/* SPDX-License-Identifier: ISC */
/*
 * Helpers shared by the batch subcommands.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "data/encode.h"
#include "session/options.h"
#include "session/paths.h"
#include "session/session.h"
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

int
cli_open_session(struct gs_session *s, const struct gs_args *a,
    const struct gs_settings *st, struct gs_demo *demo, int note, long *cls,
    const char **target)
{
	struct gs_error		 err;
	const char		*model = a->v[GS_ARG_MODEL];
	const char		*data = a->v[GS_ARG_DATA];
	const char		*schema = a->v[GS_ARG_SCHEMA];
	const struct gs_encoding *enc;

	gs_error_clear(&err);
	*target = a->v[GS_ARG_TARGET];
	if (model == NULL) {
		if (paths_demo(a->v[GS_ARG_DEMO], demo, &err) != 0) {
			cli_error("--demo: %s", err.msg);
			return (CLI_EXIT_USAGE);
		}
		model = demo->model;
		data = demo->data;
		if (schema == NULL)
			schema = demo->schema;
		if (*target == NULL)
			*target = demo->target;
	}
	if (session_open_schema(s, model, data, *target, a->v[GS_ARG_DROP],
	    schema, settings_classes(st), &err) != 0) {
		cli_error("%s", err.msg);
		return (CLI_EXIT_RUNTIME);
	}
	/* An --impute given beats the schema's policies (gshap(1)). */
	enc = s->sel.enc;
	if (enc != NULL && (a->given >> settings_index(settings_find("impute",
	    NULL)) & 1))
		s->sel.enc->policy_given = 1;
	/* Say what was inferred about text columns. */
	if (note && enc != NULL && enc->inferred && enc->nfeat < enc->width &&
	    enc->note != NULL)
		fprintf(stderr, "gshap: %s\n", enc->note);
	if (session_output(s, strcmp(st->output, "auto") == 0 ? NULL :
	    st->output, cls, &err) != 0) {
		cli_error("--output: %s", err.msg);
		return (CLI_EXIT_USAGE);
	}
	return (0);
}

/* SPDX-License-Identifier: ISC */
/*
 * The batch subcommands (gshap explain, ...) and what they share: exit
 * codes and messages.
 */
#ifndef GS_CLI_H
#define GS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CLI_EXIT_OK		0	/* success */
#define CLI_EXIT_RUNTIME	1	/* a file, model or data problem */
#define CLI_EXIT_USAGE		2	/* bad options */
/* Stopped by a signal: 128 plus its number (interrupt_status). */

/*
 * OpenBLAS starts a thread per core when it loads, and they spin for about
 * 0.1 s before they sleep; gshap runs its own threads, so it wants OpenBLAS
 * on one. Set OpenBLAS's thread count to 1 (the BLAS results are those of
 * OPENBLAS_NUM_THREADS=1) and stop its threads from a helper thread, so
 * that nobody waits for them; nothing when it was already on one thread or
 * gshap is linked with another BLAS. Call first thing in main.
 */
void	cli_single_blas(void);

/*
 * Open a batch command's session from its arguments a and settings st:
 * --model and --data, or the files of --demo (kept in demo until
 * paths_demo_free), --schema, --target, --drop, the classes; an --impute
 * given beats the schema's own policies; what was inferred about text
 * columns said on stderr when note is set; --output chosen into *cls, the
 * target column's name (or NULL) into *target. Messages printed; returns
 * 0 or an exit status.
 */
struct gs_args;
struct gs_settings;
struct gs_demo;
struct gs_session;
int	cli_open_session(struct gs_session *s, const struct gs_args *a,
	    const struct gs_settings *st, struct gs_demo *demo, int note,
	    long *cls, const char **target);

/* Print "gshap: msg" on stderr. */
void	cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An interrupt hook stopping the Lua state sc (async-signal-safe). */
void	cli_interrupt_script(void *sc);

/*
 * gshap [--trust-scripts] -s FILE.lua [ARGS...] (run-script.c) and gshap
 * --lesson N|list|FILE [--unattended] [--answers FILE] (lesson.c), argv[0]
 * being the word before their options: exit statuses (see each file).
 */
int	cli_run_script(int argc, char **argv);
int	cli_lesson(int argc, char **argv);

/* gshap explain and gshap view (argv[0] says which): an exit status. */
int	cli_explain(int argc, char **argv);
/*
 * gshap explain --compare-model (explain-compare.c): places first..last-1
 * of the rows asked for (list[i], the rows --rows random:N drew; list
 * NULL: row i) explained by both models of job, written in fmt, then the
 * summary over them: an exit status.
 */
struct gs_explain_job;
struct gs_export_info;
int	cli_explain_compare(struct gs_explain_job *job,
	    const struct gs_session *s, const struct gs_export_info *info,
	    int fmt, const size_t *list, size_t first, size_t last);
/* Their usage and options, from the options table. */
void	cli_explain_usage(FILE *f, int view);

/* gshap report -o FILE.html (report.c): an exit status; and its usage. */
int	cli_report(int argc, char **argv);
void	cli_report_usage(FILE *f);

#endif

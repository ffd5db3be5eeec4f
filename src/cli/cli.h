/* SPDX-License-Identifier: ISC */
/*
 * The batch subcommands (gshap explain, ...) and what they share: exit
 * codes, number parsing, the Ctrl-C flag.
 */
#ifndef GS_CLI_H
#define GS_CLI_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#define CLI_EXIT_OK		0	/* success */
#define CLI_EXIT_RUNTIME	1	/* a file, model or data problem */
#define CLI_EXIT_USAGE		2	/* bad options */
#define CLI_EXIT_INTERRUPT	130	/* stopped by Ctrl-C */

/* Set by SIGINT while a batch command runs. */
extern volatile sig_atomic_t cli_interrupted;

/*
 * OpenBLAS starts a thread per core when it loads, and they spin for about
 * 0.1 s before they sleep; gshap runs its own threads, so it wants OpenBLAS
 * on one. Set OpenBLAS's thread count to 1 (the BLAS results are those of
 * OPENBLAS_NUM_THREADS=1) and stop its threads from a helper thread, so
 * that nobody waits for them; nothing when it was already on one thread or
 * gshap is linked with another BLAS. Call first thing in main.
 */
void	cli_single_blas(void);

/* Install the SIGINT handler that only sets cli_interrupted. */
void	cli_catch_interrupt(void);

/* Parse a whole number in [min, max]; -1 with a message on stderr. */
int	cli_parse_size(const char *opt, const char *s, size_t min, size_t max,
	    size_t *out);
int	cli_parse_u64(const char *opt, const char *s, uint64_t *out);

/* Print "gshap: msg" on stderr. */
void	cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Subcommands: return an exit status. */
int	cli_explain(int argc, char **argv);
void	cli_explain_usage(FILE *f);

#endif

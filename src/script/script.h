/* SPDX-License-Identifier: ISC */
/*
 * The embedded Lua: one sandboxed state per session with the gshap module,
 * and the entry points the REPL and the command line use to run scripts,
 * filter rows, and load baseline, noise and group scripts.
 */
#ifndef GS_SCRIPT_H
#define GS_SCRIPT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "attr/attr.h"
#include "attr/groups.h"
#include "core/error.h"
#include "session/job.h"
#include "session/session.h"

struct gs_script;

/*
 * A Lua state for session s (borrowed, may be NULL; it must outlive the
 * state). trusted opens the full standard library (io, os, package,
 * debug); otherwise the sandbox: base without dofile and loadfile, load
 * for text only, string, table, math, utf8 and gshap. The caller owns the
 * result (script_free). Errors: GS_ELIMIT when the state cannot be made.
 */
struct gs_script *script_new(struct gs_session *s, int trusted,
	    struct gs_error *err);

/* Close the state, freeing every object it owns; NULL is fine. */
void	script_free(struct gs_script *sc);

/*
 * Let the sandboxed scripts of sc read and, when write, also write path:
 * a file (which need not exist yet) or a directory and everything below
 * it, named by the user on the command line. The current directory needs
 * no call. See gshap-lua(7), FILES.
 */
void	script_allow_path(struct gs_script *sc, const char *path, int write);

/* Where print(), warnings and tracebacks go (default stdout). */
void	script_set_output(struct gs_script *sc, FILE *out);

/* Where tracebacks go, if not to the output stream. */
void	script_set_errors(struct gs_script *sc, FILE *errs);

/*
 * Limits of one top-level call: bytes of memory the state may hold and
 * Lua instructions it may run; 0 keeps a limit as it is.
 */
void	script_set_limits(struct gs_script *sc, size_t memory,
	    uint64_t instructions);

/*
 * Run the file at path with the global arg = {[0] = path, argv...}; the
 * chunk also receives argv as its ... arguments. Errors: GS_EIO (cannot
 * read), GS_EPARSE (syntax), GS_EINVAL (a runtime error), GS_ELIMIT (the
 * instruction or memory limit), GS_EINTR (interrupted); err->msg is
 * "file.lua:LINE: message" and the traceback is printed to the output
 * stream. The state stays usable after an error.
 */
int	script_run_file(struct gs_script *sc, const char *path, int argc,
	    char **argv, struct gs_error *err);

/*
 * Run a chunk of Lua text called chunkname in messages. A chunk that is an
 * expression (or a call) has its values printed, as in lua(1). Errors as
 * script_run_file.
 */
int	script_run_string(struct gs_script *sc, const char *chunk,
	    const char *chunkname, struct gs_error *err);

/*
 * Make the running script stop with "interrupted" (GS_EINTR) at its next
 * instruction, or the attribution loop it called at its next chunk.
 * Async-signal-safe.
 */
void	script_interrupt(struct gs_script *sc);

/*
 * keep[r] = truth (Lua's: all but nil and false) of the expression expr for
 * each row r of the session's dataset; expr sees x (column name -> value of
 * the row), pred (pred[r]), row (0-based) and target (the target column's
 * value, or nil). nrows must be the dataset's row count.
 * Errors: GS_EINVAL (no dataset, a bad count, a runtime error), GS_EPARSE
 * (expr is not an expression), and those of script_run_string.
 */
int	script_filter_rows(struct gs_script *sc, const char *expr,
	    const double *pred, size_t nrows, unsigned char *keep,
	    struct gs_error *err);

/*
 * Load the baseline script at path (a file returning a function) and call
 * it with the session's dataset and, when it takes a second parameter, the
 * row being explained ({index = row, x = values, class = cls}; x may be
 * NULL for none, cls -1 for none). It returns baseline rows ({{...}, ...})
 * or {rows = {...}, weights = {...}, desc = "..."}. A function that does
 * not take the row is called once and its rows are reused. bl is filled;
 * the caller owns it (baseline_clear). Errors: GS_EIO, GS_EPARSE, GS_ESHAPE
 * (a row of the wrong width), GS_EINVAL (a bad weight, no rows, a runtime
 * error), GS_ELIMIT, GS_EINTR.
 */
int	script_baseline(struct gs_script *sc, const char *path, const double *x,
	    size_t row, long cls, struct gs_baseline *bl, struct gs_error *err);

/*
 * Whether the baseline script at path takes the row being explained (so
 * that script_baseline must be called again for every row): 1 or 0, -1
 * with err set when it cannot be loaded.
 */
int	script_baseline_per_row(struct gs_script *sc, const char *path,
	    struct gs_error *err);

/*
 * Load the noise script at path (a file returning a function that fills an
 * n x d noise matrix, see gshap-lua(7)) into nz, whose fill callback runs
 * it. The session's dataset gives the feature statistics. The callback's
 * state belongs to sc: nz must not be used after script_free. The caller
 * frees nz with noise_clear. Errors: GS_EIO, GS_EPARSE, GS_EINVAL.
 */
int	script_noise(struct gs_script *sc, const char *path,
	    struct gs_noise *nz, struct gs_error *err);

/*
 * Load the groups script at path (a file returning a function of the
 * feature names and the dataset that returns the groups, see
 * gshap-lua(7)) into g; features no group names are groups of their own.
 * The caller frees g with groups_clear. Errors: GS_EIO, GS_EPARSE,
 * GS_EINVAL (an unknown feature, a feature in two groups, a runtime error).
 */
int	script_groups(struct gs_script *sc, const char *path,
	    struct gs_groups *g, struct gs_error *err);

/*
 * script_run_file, also giving the number the chunk returned (0 if it
 * returned no number) as *status: gshap -s and the lessons. A number that
 * is not a whole number from 0 to 255 is an error naming the file and
 * the value, raised in Lua (so with a traceback).
 */
int	script_run_main(struct gs_script *sc, const char *path, int argc,
	    char **argv, int *status, struct gs_error *err);

/*
 * Whether the last error's traceback was printed already (a load error's
 * was not: its message is all there is).
 */
int	script_error_shown(const struct gs_script *sc);

/*
 * How gshap.pause and gshap.ask read in state sc: unattended makes them
 * not wait; answers (borrowed, may be NULL; it must stay open while sc
 * runs) gives the answers of gshap.ask one a line, in order.
 */
void	script_lesson_set(struct gs_script *sc, int unattended,
	    FILE *answers);

/*
 * Read the Lua schema at path (gshap(1), SCHEMA FILES): the file runs in
 * a sandboxed state of its own (no io, os or package; 100 million
 * instructions, 64 MiB) and returns a table shaped as a JSON schema; a
 * column's "encoding" may be a function of a level returning its inputs
 * (a number, or a table of "width" numbers). The state lives as long as
 * the schema (schema_free closes it). The loader schema_load calls for a
 * ".lua" path (schema_set_loader). Errors: GS_EIO, GS_EPARSE (syntax,
 * and "file:line: ..." for a value the schema reader refuses), GS_EINVAL
 * (a runtime error, "file:line: ..."), GS_ELIMIT.
 */
struct gs_schema *script_schema_load(const char *path, struct gs_error *err);

/*
 * Fill h with hooks running the scripts specs name in sc (which must
 * outlive every job built with them): the job builder's Lua parts.
 */
void	script_job_hooks(struct gs_job_hooks *h, struct gs_script *sc);

#endif

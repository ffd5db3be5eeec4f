/* SPDX-License-Identifier: ISC */
/*
 * The interactive front end: the session state every command works on,
 * the command table (one cmd-<verb>.c per command), the line loop with
 * readline, completion and history, and the helpers commands share.
 */
#ifndef GS_REPL_H
#define GS_REPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "attr/attr.h"
#include "attr/groups.h"
#include "session/cache.h"
#include "session/job.h"
#include "session/session.h"
#include "session/settings.h"

#include "script/script.h"

/* What a command returns (tmux; SQLite's 0/1/2). */
enum cmd_retval {
	CMD_ERROR = -1,		/* failed; the session is as it was */
	CMD_OK,			/* done */
	CMD_QUIT		/* leave the REPL */
};

/* Everything an open REPL session holds. */
struct gs_repl {
	struct gs_session	 s;		/* model and data; either may be NULL */
	char			*target;	/* target column, owned, or NULL */
	char			*drop;		/* dropped columns, owned, or NULL */
	struct gs_settings	 set;		/* the settings */
	struct gs_cache		 cache;		/* explanations by (row, settings) */
	long			 cls;		/* class from the output setting, -1: predicted */
	size_t			 row;		/* the current row */
	double			*pred;		/* nrows outputs of the explained class, or NULL */
	size_t			*pred_class;	/* nrows argmax classes */
	double			*err_of;	/* nrows errors against the target (NaN: none) */
	struct gs_groups	 groups;	/* groups in use (n == 0: off) */
	struct gs_result	*last;		/* results of the last explain, compare, summary */
	size_t			 nlast;		/* how many */
	int			 last_summary;	/* last came from summary: export writes
					   its importance table */
	struct gs_script	*script;	/* Lua state, or NULL */
	int			 trusted;	/* --trust-scripts */
	int			 impute_given;	/* set impute named a policy (not
					   default): it beats a schema's own */
	FILE			*out;		/* where results go (stdout) */
	int			 interactive;	/* readline, prompt and history */
	int			 progress;	/* show progress on stderr */
	const char		*src;		/* "stdin", "-c", a file: for messages */
	size_t			 line;		/* line number in src */
	int			 sourcing;	/* files being sourced, nested */
};

/* Most files source may nest (a file that sources itself stops here). */
#define REPL_SOURCE_DEPTH	16

/* Command flags. */
#define CMD_NEEDS_MODEL	0x1	/* fails when no model is loaded */
#define CMD_NEEDS_DATA	0x2	/* fails when no model and data are loaded */
#define CMD_RAW		0x4	/* takes the rest of the line, ';' included */

/* Arguments of one command. */
struct cmd_args {
	int		 argc;		/* positional arguments after options */
	char		**argv;		/* them */
	const char	*rest;		/* raw text from argv[0] to the end, or "" */
	const char	*opt[128];	/* opt['r']: -r's value, "" for a flag, or NULL */
};

/* One command. */
struct cmd_entry {
	const char	*name;		/* "explain" */
	const char	*alias;		/* another name, or NULL */
	const char	*options;	/* getopt-style template ("n:r"), or "" */
	int		 front;		/* GS_FRONT_ of its long options (--target for -t), or 0 */
	int		 lower;		/* fewest positional arguments */
	int		 upper;		/* most positional arguments, -1: any */
	const char	*usage;		/* "[-s samples] [row]" */
	const char	*summary;	/* one line for help */
	const char	*help;		/* the long help, lines ending in \n */
	const char	*complete;	/* completion kinds per argument ("setting value") */
	int		 flags;		/* CMD_* */
	enum cmd_retval	(*exec)(struct gs_repl *, struct cmd_args *);
};

/* The command table, NULL-terminated, in help order (cmd.c). */
extern const struct cmd_entry *cmd_table[];

/*
 * Find a command by name, alias or unique prefix. NULL with the message
 * "unknown command: X" or "ambiguous command: X, could be: a, b" in err.
 */
const struct cmd_entry *cmd_find(const char *name, struct gs_error *err);

/*
 * Run one line: commands separated by ';' (a CMD_RAW command takes the rest
 * of the line). Stops at the first failing command. Returns its result.
 */
enum cmd_retval cmd_run_line(struct gs_repl *r, const char *line);

/*
 * Split text into words: blanks separate, quotes group ('...' literally,
 * "..." with \ escapes), \ escapes outside quotes. *argv (free each and
 * the array) and *argc receive them, starts[i] (when not NULL, freed by the
 * caller) the offset in text where word i begins; *end the offset where
 * splitting stopped (an unquoted ';' when stop_at_semicolon, or the end).
 * Errors: GS_EPARSE for an unterminated quote.
 */
int		 cmd_split(const char *text, int stop_at_semicolon, int *argc,
		    char ***argv, size_t **starts, size_t *end,
		    struct gs_error *err);

/* Print the help of one command, every command, or a topic (cmd-help.c). */
void		 cmd_help_command(FILE *f, const struct cmd_entry *ce);
void		 cmd_help_list(FILE *f);

/* Print an error for the current command, prefixed by where it came from. */
void		 repl_error(struct gs_repl *r, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* Print a note on stderr (progress, warnings). */
void		 repl_note(struct gs_repl *r, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/*
 * Interrupts (core/interrupt.h) also stop this Lua state (NULL: none);
 * commands that loop poll interrupt_pending.
 */
void		 repl_watch_script(struct gs_script *sc);

/*
 * Whether gshap's first argument starts the REPL: one of its options
 * (GS_FRONT_REPL in session/options.c) or a model file (ends in .onnx or
 * names a file that exists).
 */
int		 repl_claims(const char *arg);

/* gshap [options] [MODEL.onnx DATA.csv]: run the REPL; an exit status. */
int		 repl_main(int argc, char **argv);

/* compare --models (cmd-compare-models.c), called by compare. */
enum cmd_retval	 cmd_compare_models(struct gs_repl *r, struct cmd_args *a);
/*
 * The comparison job of the session's two models under the current
 * settings (metrics off), for compare --models and the explorer's models
 * view. The caller frees it. Errors: those of job_new and Lua.
 */
struct gs_explain_job *cmd_compare_models_job(struct gs_repl *r,
		    struct gs_error *err);

/* Session state (state.c). */
void		 state_init(struct gs_repl *r);
void		 state_free(struct gs_repl *r);
/*
 * Load a model, or a dataset, or both, keeping the other part, and match
 * the data's columns to the model's input. Nothing changes on failure.
 * Errors: those of model_load, dataset_load and dataset_select.
 */
int		 state_load(struct gs_repl *r, const char *model_path,
		    const char *data_path, const char *target, const char *drop,
		    const char *schema_path, struct gs_error *err);
/* Fail with a message unless a model (and data, when data) are loaded. */
int		 state_require(struct gs_repl *r, int data, struct gs_error *err);
/* Apply the output setting to the session; GS_EINVAL for a bad one. */
int		 state_output(struct gs_repl *r, const struct gs_settings *st,
		    struct gs_error *err);
/*
 * Replace the settings with st after checking what they name (output,
 * baseline, noise, groups), dropping cached results when a setting that
 * matters changed. st is copied. Nothing changes on failure.
 */
int		 state_apply(struct gs_repl *r, const struct gs_settings *st,
		    struct gs_error *err);
/*
 * The baseline set st names for this session, built as the job builder
 * builds it (job_make_baseline), into bl for the caller (baseline_clear);
 * empty for a method without one or a script that takes the row.
 */
int		 state_baseline(struct gs_repl *r, const struct gs_settings *st,
		    struct gs_baseline *bl, struct gs_error *err);
/* Parse a row number within the data; GS_EINVAL or GS_ERANGE. */
int		 state_parse_row(struct gs_repl *r, const char *s, size_t *row,
		    struct gs_error *err);
/* Compute the outputs of every row (r->pred) if not done yet. */
int		 state_predict(struct gs_repl *r, struct gs_error *err);
/* Drop predictions and cached results (the model, data or output changed). */
void		 state_invalidate(struct gs_repl *r);
/*
 * Whether the impute setting was named by the user (set impute POLICY;
 * set impute default: no): as the command line's --impute, a named policy
 * beats a schema's own per-column policies. Drops what it changes.
 */
void		 state_impute_given(struct gs_repl *r, int given);
/* The Lua state, made on first use. NULL with err when Lua is missing. */
struct gs_script *state_script(struct gs_repl *r, struct gs_error *err);
/* The prompt for the current state, in buf. */
const char	*state_prompt(struct gs_repl *r, char *buf, size_t size);
/* Replace the kept results (for export) with n copies from res. */
void		 state_keep(struct gs_repl *r, const struct gs_result *res,
		    size_t n);

/*
 * The session job (session/job.c) for settings st: the session's model,
 * data and class, the Lua hooks when st names a script, Ctrl-C as the
 * cancel callback. The caller frees it (job_free). Errors: those of
 * job_new and Lua.
 */
struct gs_explain_job *state_job(struct gs_repl *r, const struct gs_settings *st,
		    struct gs_error *err);
/*
 * The cache key of st for this session: every setting that changes
 * results, in full, and the identity of each file behind them (a
 * baseline file:, Lua scripts). The caller frees it.
 */
char		*state_key(struct gs_repl *r, const struct gs_settings *st);

/* Explaining rows through the cache (cached.c). */
struct gs_cached;
/*
 * Prepare to explain rows with the settings st; the job is built at the
 * first row the cache does not hold. The caller frees it (cached_free).
 * Errors: GS_EINVAL (no model or data).
 */
struct gs_cached *cached_new(struct gs_repl *r, const struct gs_settings *st,
		    struct gs_error *err);
void		 cached_free(struct gs_cached *c);
/*
 * Explain row into res (a self-contained copy the caller clears with
 * cache_result_clear), from the cache when it holds it (*cached set).
 * Errors: GS_EINTR (Ctrl-C), GS_EMISSING (a missing cell), those of
 * job_new and explainer_run.
 */
int		 cached_run(struct gs_cached *c, size_t row,
		    struct gs_result *res, int *cached, struct gs_error *err);
/* Print an explanation as a header and bar chart (explain's output). */
void		 cached_print(struct gs_repl *r, const struct gs_result *res,
		    int cached);

/* Completion (complete.c): install readline's completion function. */
void		 complete_init(struct gs_repl *r);
/* Free what completion keeps between attempts. */
void		 complete_done(void);

/*
 * Set one setting from text and apply it (cmd-set.c), printing nothing.
 * On failure an error is printed and the settings are unchanged.
 */
enum cmd_retval	 cmd_set_value(struct gs_repl *r, const char *name,
		    const char *value);
/* Print one setting as "name value (default d)  help" (cmd-show.c). */
void		 cmd_show_setting(struct gs_repl *r, const struct gs_setting *def,
		    int verbose);
/*
 * Print setting name with its range and help, or every setting when name
 * is NULL (cmd-show.c: show, and set without a value). An unknown name is
 * an error through repl_error.
 */
enum cmd_retval	 cmd_show_settings(struct gs_repl *r, const char *name);

#endif

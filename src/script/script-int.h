/* SPDX-License-Identifier: ISC */
/*
 * Inside the Lua layer: the state's host context, the userdata types of
 * the gshap module, and the helpers the script-*.c files share. Nothing
 * outside src/script/ includes this.
 */
#ifndef GS_SCRIPT_INT_H
#define GS_SCRIPT_INT_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include <lua.h>
#include <lauxlib.h>

#include "attr/attr.h"
#include "attr/groups.h"
#include "core/afile.h"
#include "core/error.h"
#include "data/classes.h"
#include "script/script.h"
#include "session/session.h"
#include "session/settings.h"

/* Userdata type names (metatables in the registry). */
#define SCRIPT_MODEL		"gshap.Model"
#define SCRIPT_DATASET		"gshap.Dataset"
#define SCRIPT_EXPLAINER	"gshap.Explainer"
#define SCRIPT_EXPLANATION	"gshap.Explanation"
#define SCRIPT_RNG		"gshap.Rng"
#define SCRIPT_MATRIX		"gshap.Matrix"
#define SCRIPT_VAR		"gshap.Var"

#define SCRIPT_MEMORY		((size_t)512 << 20)	/* default memory limit */
#define SCRIPT_INSTRUCTIONS	UINT64_C(1000000000)	/* default instruction budget */
#define SCRIPT_HOOK_STEP	1000			/* instructions between hooks */
#define SCRIPT_CLOSE_BUDGET	UINT64_C(100000000)	/* for finalizers at the end */
#define SCRIPT_MAX_SOURCE	((size_t)64 << 20)	/* largest Lua file loaded */
#define SCRIPT_MAX_MODEL	((size_t)1 << 30)	/* largest model file read */

/* Why a running script is being stopped (sticky until the call returns). */
enum script_stop {
	SCRIPT_RUN,		/* not stopping */
	SCRIPT_STOP_BUDGET,	/* over the instruction budget */
	SCRIPT_STOP_INTR	/* interrupted (Ctrl-C) */
};

/* One recorded operation of the reverse-mode tape (script-var.c). */
struct script_tnode {
	double	 v;		/* value */
	double	 da;		/* d v / d (parent a) */
	double	 db;		/* d v / d (parent b) */
	int64_t	 a;		/* parent a, or -1 */
	int64_t	 b;		/* parent b, or -1 */
};

/* The tape of the model call being recorded. */
struct script_tape {
	struct script_tnode *node;	/* recorded operations, owned */
	size_t		 len;		/* operations recorded */
	size_t		 cap;		/* operations allocated */
	double		*adj;		/* adjoints for the backward pass, owned */
	size_t		 adj_cap;	/* entries allocated */
	uint64_t	 gen;		/* number of the recording, 0: none */
	uint64_t	 next_gen;	/* number the next recording takes */
};

/* A loaded helper script, cached by path (script-host.c). */
struct script_cached {
	char		*path;		/* as given, owned */
	char		*kind;		/* "baseline", "noise", "groups" */
	long long	 mtime;		/* modification time when loaded */
	long long	 size;		/* size when loaded */
	int		 fn;		/* registry reference of the function */
	int		 per_row;	/* baseline: takes the row */
	struct gs_baseline bl;		/* baseline: rows of a row-free call */
	int		 have_bl;	/* bl is filled */
	void		*noise;		/* noise: callback state (in the state's list) */
	const void	*data;		/* the dataset bl and noise were made from */
	struct script_cached *next;	/* next in the list */
};

/* A place the sandbox lets scripts reach (script-path.c). */
struct script_root {
	char		*path;		/* real absolute path, owned */
	int		 dir;		/* a directory and all below it, else one file */
	int		 write;		/* scripts may write there too */
};

struct gs_script {
	lua_State	*L;		/* the state, owned */
	struct gs_session *session;	/* borrowed, may be NULL */
	int		 trusted;	/* full standard library */
	FILE		*out;		/* print(), warnings */
	FILE		*errs;		/* tracebacks, NULL: out */
	size_t		 mem_used;	/* bytes the state holds */
	size_t		 mem_limit;	/* most it may hold */
	int		 mem_hit;	/* an allocation was refused at the limit */
	int		 in_handler;	/* in the message handler: allow some slack */
	uint64_t	 instr;		/* instructions of the current top call */
	uint64_t	 instr_limit;	/* budget of one top call */
	volatile sig_atomic_t interrupted; /* set by script_interrupt */
	enum script_stop stop;		/* stopping, and why */
	int		 depth;		/* nesting of script_call */
	int		 warn_on;	/* warnings are shown */
	int		 warn_cont;	/* in a multi-part warning */
	int		 quiet;		/* the error needs no traceback (a load error) */
	int		 load_status;	/* status of a failed load, else LUA_OK */
	int		 closing;	/* lua_close runs: no new objects with C memory */
	const char	*chunk;		/* name of the top-level chunk, for messages */
	pthread_mutex_t	 mu;		/* one thread in Lua at a time */
	atomic_ulong	 owner;		/* number of the thread holding mu, 0: none */
	int		 lock_count;	/* levels the owner holds */
	struct script_tape tape;	/* reverse-mode tape */
	struct script_cached *cache;	/* loaded helper scripts */
	void		*noises;	/* noise states handed to the host, freed at the end */
	struct script_root *roots;	/* paths named on the command line, owned */
	size_t		 nroots;	/* their count */
};

/* gshap.Model: holds a reference to its model. */
struct script_model {
	struct gs_model	*m;		/* a reference (model_unref); NULL once closed */
	char		 path[1024];	/* the file it was loaded from, "": none (or too long) */
	char		 sha256[65];	/* SHA-256 of what was read, "": none */
	int		 lua;		/* defined in Lua */
	struct gs_plan	*plan;		/* one-row plan for predict, or NULL */
	size_t		 plan_output;	/* the graph output it evaluates */
	void		*lctx;		/* a Lua model's state (its registry key) */
};

/* gshap.Dataset: a dataset and its input columns. */
struct script_data {
	struct gs_dataset *ds;		/* owned if owned; NULL once closed */
	struct gs_selection sel;	/* input columns, owned */
	const char	**names;	/* sel.n input names, borrowed from ds; array owned */
	int		 owned;		/* ds is freed with the userdata */
	char		 sha256[65];	/* SHA-256 of the file as read, "": none */
};

/*
 * gshap.Explanation: an explanation (which owns its baseline, noise and
 * groups) and the names it is shown with, all owned.
 */
struct script_expl {
	struct gs_explanation ex;	/* the result, owned */
	char		**names;	/* ex.d feature names, owned; NULL once closed */
	char		*model;		/* model name, owned */
	char		*data;		/* dataset name, owned, or NULL */
	char		*output;	/* graph output name, owned */
	char		*class_name;	/* the explained class's name, owned, or NULL */
	char		*label;		/* "P(bad)", or "prob[0]"; owned */
};

/* The names an Explanation is shown with, copied by script_expl_fill. */
struct script_expl_about {
	const char *const *names;	/* ex.d feature names */
	const char	*model;		/* model name */
	const char	*data;		/* dataset name, or NULL */
	const char	*output;	/* graph output name */
	const struct gs_classes *classes; /* the output's class names, or NULL */
	const struct gs_model *m;	/* the model, for labels */
	size_t		 output_index;	/* the graph output explained */
};

/* gshap.Matrix: n x d doubles (a noise block lent for one call). */
struct script_matrix {
	double		*v;		/* row-major values; NULL once closed */
	size_t		 n;		/* rows */
	size_t		 d;		/* columns */
	int		 owned;		/* v is freed with the userdata */
};

/* Add pause, ask and unattended to the gshap table on top of the stack. */
void	script_lesson_open(lua_State *L);

/* The host context of a state (kept in its extra space). */
struct gs_script *script_of(lua_State *L);

/* The instruction-budget and interrupt hook. */
void	script_hook(lua_State *L, lua_Debug *ar);

/*
 * Count n steps of C work against the instruction budget; raises (as the
 * hook does) when over it or interrupted.
 */
void	script_charge(lua_State *L, uint64_t n);

/*
 * Replace the library functions that can run long in C, where the hook
 * cannot stop them, by stoppable ones: string.find, match, gmatch, gsub
 * (patterns with a step count), string.rep, table.sort and table.move
 * (script-stoppable.c). Takes the string and table libraries from the
 * globals.
 */
void	script_stoppable_open(lua_State *L);

/*
 * Run the __gc metamethods of script tables in a coroutine of their own,
 * where the hook runs (Lua runs finalizers with hooks off): replaces
 * setmetatable (script-finalizer.c).
 */
void	script_finalizer_open(lua_State *L);

/*
 * Let other threads call into Lua while this one runs C that may call
 * back from worker threads (an explainer); returns the lock levels held.
 */
int	script_release(struct gs_script *sc);
/* Take the lock back with what script_release returned. */
void	script_reacquire(struct gs_script *sc, int n);

/*
 * Call the function below nargs arguments on the stack, protected, with a
 * traceback handler; leave nres results. Every call from C into Lua goes
 * through here. On error the stack holds no results, err is filled
 * ("file.lua:LINE: message") and, at the top level, the traceback is
 * printed. Takes the state's lock. Returns 0 or -1.
 */
int	script_call(struct gs_script *sc, int nargs, int nres,
	    struct gs_error *err);

/*
 * Run fn(L) protected (through script_call) with arg as a light userdata
 * argument; fn returns nothing on the stack. Returns 0 or -1.
 */
int	script_pcall(struct gs_script *sc, lua_CFunction fn, void *arg,
	    struct gs_error *err);

/* Raise a Lua error with err's message (after freeing what you hold). */
int	script_raise(lua_State *L, const struct gs_error *err);

/* Allocate through the state's counting allocator; NULL past the limit. */
void	*script_realloc(struct gs_script *sc, void *p, size_t osize,
	    size_t nsize);

/*
 * Load a Lua file (text only in the sandbox): pushes the chunk, or the
 * message, and returns the loader's status.
 */
int	script_load_file(struct gs_script *sc, const char *path);
/* The same for a file the user named (no file rule). */
int	script_load_host(struct gs_script *sc, const char *path);
/* Raise the load error on the stack as the failure of the whole call. */
int	script_load_fail(struct gs_script *sc, int status);

/* A userdata of type tname with size bytes zeroed and n user values. */
void	*script_newudata(lua_State *L, size_t size, const char *tname, int nuv);
/*
 * Raise an error when the state is closing: Lua 5.4 runs no finalizer set
 * during lua_close, so what (a new object holding C memory) would leak.
 */
void	 script_check_open(lua_State *L, const char *what);

/* Whether the interrupt was requested (polled by long C loops). */
int	script_cancelled(void *sc);

/* Push a Lua array of n doubles. */
void	script_push_array(lua_State *L, const double *v, size_t n);

/*
 * Read a Lua array (1..n) of numbers at idx into out (n values); also
 * accepts a table keyed by names when names is not NULL. what names the
 * argument in messages.
 */
void	script_check_vector(lua_State *L, int idx, double *out, size_t n,
	    const char *const *names, const char *what);

/* Module parts: each adds its functions to the table on top of the stack. */
void	script_var_open(lua_State *L);
void	script_model_open(lua_State *L);
void	script_data_open(lua_State *L);
void	script_explainer_open(lua_State *L);
void	script_explanation_open(lua_State *L);
void	script_rng_open(lua_State *L);

/* The gshap module table. */
int	luaopen_gshap(lua_State *L);

/* Replace math functions by ones that also take gshap variables. */
void	script_var_math(lua_State *L);

/*
 * Start a tape recording (raises if one is running); push input variables
 * with script_var_push_input, in order, before anything else is recorded.
 * script_var_end stops it (no Lua call: safe after an error).
 */
void	script_var_begin(lua_State *L);
void	script_var_end(struct gs_script *sc);
void	script_var_push_input(lua_State *L, double v);
/*
 * The value at idx (a number or a variable): *v gets the value, returns
 * the tape index, -1 for a constant. Raises for other types.
 */
int64_t	script_var_get(lua_State *L, int idx, double *v);
/* Backward pass from tape node out: grad (d inputs, nodes 0..d-1). */
void	script_var_backward(lua_State *L, int64_t out, double *grad, size_t d);

/* gshap.Dataset helpers. */
struct script_data *script_data_check(lua_State *L, int idx);
/* Push a Dataset lent for one call (close it with script_data_close). */
struct script_data *script_data_push_lent(lua_State *L, struct gs_dataset *ds,
	    const struct gs_selection *sel);
void	script_data_close(struct script_data *sd);
/* Push row r of sd as a table: [1..d] and names -> values. */
void	script_data_push_row(lua_State *L, const struct script_data *sd,
	    size_t r);
/* Push n values with names as a table: [1..n] and names -> values. */
void	script_push_named(lua_State *L, const double *v, size_t n,
	    const char *const *names);

/* gshap.Model helpers. */
struct script_model *script_model_check(lua_State *L, int idx);
/* Drop the model now (the userdata stays, closed; explainers keep theirs). */
void	script_model_release(lua_State *L, struct script_model *sm);
/* The model's one-row plan for output (made on first use); raises. */
struct gs_plan *script_model_plan(lua_State *L, struct script_model *sm,
	    size_t output);
/* A graph output from a name ("name" or "name:K") or number at idx. */
size_t	script_model_output(lua_State *L, const struct gs_model *m, int idx,
	    long *cls);

/*
 * The job of the Explainer at idx (raises unless open, or when it makes a
 * baseline per row), its feature names and count; with x not NULL, the
 * input at idx + 1 (a row number or values) into *x (a userdata pushed)
 * and its row number into *row.
 */
struct gs_explain_job *script_explainer_job(lua_State *L, int idx,
	    const char *const **names, size_t *d, double **x, size_t *row);
/* e:compare(row) and e:compare_rows(first, last) (script-compare.c). */
int	script_compare_row(lua_State *L);
int	script_compare_rows(lua_State *L);

/* Push an empty Explanation, to be filled by script_expl_fill. */
struct script_expl *script_expl_push(lua_State *L);
/*
 * The HTML report (session/report.c) on the data rows at ri (a number or
 * an array) by the Explainer at ei, written to the path at pi where the
 * sandbox allows, options at oi (nil or {reasons, adverse, palette}).
 * When want is not NULL (one row), it must be that row's explanation: of
 * the data's values. Pushes true, or nil and a message; raises on bad
 * arguments.
 */
int	script_explainer_report_rows(lua_State *L, int ei, int pi, int ri,
	    int oi, const struct gs_explanation *want);
/*
 * Where the Explanation at idx came from, for its encoded features and
 * imputed cells: the dataset, input columns and missing-value policy of
 * the Explainer that made it (its first user value) into info's ds, sel
 * and impute; nothing when it has none, or its Explainer or Dataset is
 * closed.
 */
struct gs_export_info;
void	script_explainer_source(lua_State *L, int idx,
	    struct gs_export_info *info);
/*
 * Fill an empty Explanation, taking ex (which is left zeroed) and copying
 * what about names. Makes no Lua call, so it cannot fail halfway.
 */
void	script_expl_fill(struct script_expl *sx, struct gs_explanation *ex,
	    const struct script_expl_about *about);

/*
 * Read the options of gshap.explainer{...} at idx into st (which holds the
 * defaults) by the options table: each key a setting's Lua key or model
 * or data; values booleans, numbers or strings. A setting given gets its
 * bit (settings_index) in *given. A table or function is allowed for the
 * settings whose bit is in lua_parts (baseline, noise, groups): it is left
 * to the caller, and its bit is in the result. Raises for an unknown key
 * ("unknown option 'basline', did you mean baseline?") or a bad value
 * (settings_parse's message).
 */
int	script_options_read(lua_State *L, int idx, struct gs_settings *st,
	    uint64_t *given, unsigned lua_parts);

/*
 * luaL_newmetatable for tname, protected: getmetatable on its objects
 * gives false, so a script cannot reach __gc or __close.
 */
void	script_newmeta(lua_State *L, const char *tname);

/*
 * Push what a call that writes a file returns, given rc (0 or -1) and err:
 * true, or fail and err's message (luaL_fileresult style). Returns the
 * number of results.
 */
int	script_written(lua_State *L, int rc, const struct gs_error *err);

/*
 * Register the userdata type tname with script_newmeta: the metamethods
 * meta in its metatable, the methods in a table under field ("__index",
 * or "methods" where meta has an __index function that reads it).
 */
void	script_newclass(lua_State *L, const char *tname, const luaL_Reg *meta,
	    const luaL_Reg *methods, const char *field);

/*
 * gshap.Explainer for the teaching functions (script-teach.c): the
 * gs_explainer of the Explainer at idx, with the row at ri (a row number
 * or values) read into *x (d values in a userdata pushed on the stack),
 * its row number, the feature names and d. Raises for a per-row baseline
 * (no one explainer), naming what.
 */
struct gs_explainer *script_explainer_teach(lua_State *L, int idx, int ri,
	    const char *what, double **x, size_t *row,
	    const char *const **names, size_t *d);
/* The Explainer's sample count (IG: steps). */
size_t	script_explainer_count(lua_State *L, int idx);
/* e:path, e:trace and e:convergence (script-teach.c). */
int	script_explainer_path(lua_State *L);
int	script_explainer_trace(lua_State *L);
int	script_explainer_convergence(lua_State *L);

/* gshap.Rng: push a generator started at gs_rng_init2(seed, a, b). */
void	script_rng_push(lua_State *L, uint64_t seed, uint64_t a, uint64_t b);
/* gshap.Matrix lent for one call over v (closed by script_matrix_close). */
struct script_matrix *script_matrix_push_lent(lua_State *L, double *v,
	    size_t n, size_t d);
void	script_matrix_close(struct script_matrix *mx);
/* Where its rows' streams start: gs_rng_init2(seed ^ K, row, first + i). */
void	script_matrix_set_streams(struct script_matrix *mx, uint64_t seed,
	    uint64_t row, uint64_t first);

/* Groups from a Lua value at idx (see script_groups). */
int	script_groups_from(lua_State *L, int idx, const char *const *names,
	    size_t d, const char *spec, struct gs_groups *g,
	    struct gs_error *err);

/* Baseline rows from a Lua value at idx (see script_baseline). */
int	script_baseline_from(lua_State *L, int idx, size_t d, const char *spec,
	    const char *const *names, struct gs_baseline *bl,
	    struct gs_error *err);

/* Noise callback state for a function at idx (see script_noise). */
void	*script_noise_new(struct gs_script *sc, lua_State *L, int idx,
	    struct gs_dataset *ds, const struct gs_selection *sel, size_t d);
void	script_noise_free(struct gs_script *sc, void *nctx);
int	script_noise_fill(void *arg, size_t row, const double *x, size_t n,
	    size_t d, uint64_t seed, uint64_t first, double *out,
	    struct gs_error *err);

/* Free the helper-script cache and the noise states (before lua_close). */
void	script_cache_free(struct gs_script *sc);

/*
 * Find a helper script: path itself, else a shipped one (scripts/<kind>/
 * NAME[.lua]). Returns an allocated path.
 */
char	*script_resolve(const char *path, const char *kind);

/*
 * The sandbox's file rule (script-path.c): without --trust-scripts a
 * script reaches only the current directory and the paths named on the
 * command line (reading also its own directory and gshap's shipped
 * scripts and data), never a hidden name below them. script_path_check
 * checks a name (write: 1 to write); script_path_read reads a whole
 * regular file of at most max bytes, checked again on the open
 * descriptor (the caller frees the result); script_path_create starts an
 * atomic write (afile_commit finishes it); script_path_load loads a Lua
 * file as script_load_file does. Errors: GS_EIO (refused: the message
 * names the path and the rule, never the content), GS_ELIMIT.
 */
int	script_path_check(struct gs_script *sc, const char *path, int write,
	    struct gs_error *err);
char	*script_path_read(struct gs_script *sc, const char *path, size_t max,
	    size_t *size, struct gs_error *err);
int	script_path_create(struct gs_script *sc, const char *path,
	    struct gs_afile *af, struct gs_error *err);
int	script_path_load(struct gs_script *sc, const char *path);
/* Let scripts read the directory holding path (the script being run). */
void	script_allow_dir_of(struct gs_script *sc, const char *path);
/* Free the list of allowed paths. */
void	script_path_free(struct gs_script *sc);

/* Write text to path through a temporary file and rename, where allowed. */
int	script_write_file(struct gs_script *sc, const char *path,
	    const char *text, size_t len, struct gs_error *err);

#endif

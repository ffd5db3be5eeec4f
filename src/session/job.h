/* SPDX-License-Identifier: ISC */
/*
 * An explanation job: what explaining rows under one set of settings needs
 * besides the rows, built once from a session and settings and owned here:
 * the baseline set (or a baseline made for each row), the input noise, the
 * feature groups, the explainer, and the reference the quality metrics
 * replace features with. `gshap explain`, the REPL, the explorer and Lua
 * all build their jobs here, so a spec means the same everywhere.
 *
 *	struct gs_job_in in;
 *	job_in_session(&in, &session, -1);
 *	if ((j = job_new(&in, &settings, &err)) == NULL)
 *		...;
 *	if (job_run_row(j, row, &ex, &err) == 0)
 *		... explanation_clear(&ex);
 *	job_free(j);
 *
 * Lua parts (baseline, noise and group scripts) come through hooks that
 * the script layer fills (script_job_hooks), since this layer does not
 * include Lua; parts made from Lua values (tables, functions) are built by
 * the script layer and handed over in gs_job_in.
 */
#ifndef GS_JOB_H
#define GS_JOB_H

#include <stddef.h>

#include "attr/attr.h"
#include "attr/compare.h"
#include "attr/groups.h"
#include "core/error.h"
#include "data/dataset.h"
#include "model/model.h"
#include "session/session.h"
#include "session/settings.h"

/* Lua scripts named by specs, run by the script layer. */
struct gs_job_hooks {
	void	*arg;		/* passed to each */
	/* Whether the baseline script spec takes the row: 1, 0, or -1 (err). */
	int	(*baseline_per_row)(void *arg, const char *spec,
		    struct gs_error *err);
	/*
	 * The baseline set of script spec into bl (the caller's), for the
	 * input x of data row row and class cls when it takes the row (x
	 * NULL otherwise).
	 */
	int	(*baseline)(void *arg, const char *spec, const double *x,
		    size_t row, long cls, struct gs_baseline *bl,
		    struct gs_error *err);
	/* The noise of script spec into nz (its callback runs the script). */
	int	(*noise)(void *arg, const char *spec, struct gs_noise *nz,
		    struct gs_error *err);
	/* The groups of script spec into g. */
	int	(*groups)(void *arg, const char *spec, struct gs_groups *g,
		    struct gs_error *err);
};

/* What a job is built from. */
struct gs_job_in {
	struct gs_model		*model;		/* referenced for the job's life (model_ref) */
	size_t			 output;	/* graph output explained */
	long			 cls;		/* class explained, -1: the predicted one */
	struct gs_dataset	*data;		/* borrowed (outlives the job), or NULL */
	const struct gs_selection *sel;		/* its input columns, borrowed, or NULL */
	const char *const	*names;		/* d feature names, borrowed */
	size_t			 d;		/* features: the model's inputs */
	const struct gs_job_hooks *hooks;	/* Lua scripts, or NULL: specs naming one fail */
	gs_cancel_fn		 cancel;	/* polled by long runs, or NULL */
	void			*cancel_arg;	/* passed to cancel */
	/* Parts built by the caller (from Lua values), taken by job_new: */
	struct gs_baseline	*bl;		/* the baseline set, or NULL */
	int			 bl_later;	/* rows' baselines come by job_set_baseline */
	struct gs_noise		*nz;		/* the noise, or NULL */
	struct gs_groups	*groups;	/* the groups, or NULL */
	/* A second model to compare with (job_run_compare), or NULL: */
	struct gs_model		*model_b;	/* referenced for the job's life */
	const char		*name_a;	/* the models as the user named them, */
	const char		*name_b;	/* for messages (NULL: model_name) */
};

struct gs_explain_job;

/*
 * Fill in from session s (model, output, data, columns, names) for class
 * cls (-1: the predicted one); everything else is zero.
 */
void		 job_in_session(struct gs_job_in *in, struct gs_session *s,
		    long cls);

/*
 * Make in a comparison of s's two models (s->model_b, which may be NULL:
 * then none), after job_in_session.
 */
void		 job_in_compare(struct gs_job_in *in, struct gs_session *s);

/*
 * Whether spec names a Lua script ("FILE.lua", "lua:NAME", or a word that
 * is not a built-in: a shipped script's name) rather than a built-in
 * baseline (what is "baseline"), noise ("noise") or groups ("groups")
 * spec; NULL is none.
 */
int		 job_names_script(const char *what, const char *spec);

/*
 * Whether st's baseline, noise or groups name a Lua script (whether or
 * not the method takes them): the hooks are needed.
 */
int		 job_wants_lua(const struct gs_settings *st);

/*
 * The identity of every file behind st (a baseline file:, baseline, noise
 * and group scripts) as text: path, device, inode, size and modification
 * time of each, "" when there is none. For cache keys: a file changed
 * since gives another key. The caller frees it.
 */
char		*job_files_key(const struct gs_settings *st);

/*
 * Say spec is not a built-in what ("baseline", "noise", "groups") nor a
 * script that exists, listing the built-ins: "unknown baseline 'x' (zeros,
 * mean, ..., or a Lua script: FILE.lua or the name of a shipped one)",
 * for a bare word; -1 with err set. For a path or a lua:NAME, 0 (the
 * loader's own message is better).
 */
int		 job_unknown_spec(const char *what, const char *spec,
		    struct gs_error *err);

/* The script a spec names, without "lua:". Borrowed from spec. */
const char	*job_script_path(const char *spec);

/*
 * The parts one at a time, as job_new builds them (the REPL checks a
 * setting by building its part): the baseline set st names for in (empty
 * for a method without one; a script taking the row leaves it empty and
 * sets *per_row), the noise of spec (none, SIGMA, P%, a script; NULL or
 * auto: none), and the groups of spec (off, auto, a script: empty for
 * off). The caller clears what they fill.
 */
int		 job_make_baseline(const struct gs_job_in *in,
		    const struct gs_settings *st, struct gs_baseline *bl,
		    int *per_row, struct gs_error *err);
int		 job_make_noise(const struct gs_job_in *in, const char *spec,
		    struct gs_noise *nz, struct gs_error *err);
int		 job_make_groups(const struct gs_job_in *in, const char *spec,
		    struct gs_groups *g, struct gs_error *err);

/*
 * Build a job for settings st (copied). The baseline is in->bl, else the
 * settings' (settings_baseline: "auto" is the method's default, and zeros
 * without data); the noise in->nz, else the settings'; the groups
 * in->groups, else the settings' (off, auto or a script). The caller owns
 * the result (job_free). Errors: those of baseline_make, noise_make,
 * groups, the hooks, explainer_new and GS_EINVAL for a script without
 * hooks or a setting the method does not take.
 */
struct gs_explain_job *job_new(const struct gs_job_in *in,
		    const struct gs_settings *st, struct gs_error *err);
void		 job_free(struct gs_explain_job *j);

/*
 * Explain input x (d values) known as data row row into ex, with the
 * metrics when the settings ask for them. A baseline made per row is made
 * first. The caller frees ex with explanation_clear. Errors: those of
 * explainer_run and metrics_compute, GS_EINVAL before a per-row baseline
 * was given.
 */
int		 job_run(struct gs_explain_job *j, const double *x, size_t row,
		    struct gs_explanation *ex, struct gs_error *err);

/* The same for data row row of the job's data (missing cells per impute). */
int		 job_run_row(struct gs_explain_job *j, size_t row,
		    struct gs_explanation *ex, struct gs_error *err);

/*
 * Explain n inputs xs (n x d) known as rows into ex[0..n), spread over
 * the worker threads (explainer_run_rows), with the metrics when asked.
 * On error err describes the first input that failed; with done NULL
 * every ex[i] is cleared, else ex[0..*done) hold the inputs before it
 * (the caller clears them) and the rest are cleared. *done is n on
 * success.
 */
int		 job_run_many(struct gs_explain_job *j, const double *xs,
		    const size_t *rows, size_t n, struct gs_explanation *ex,
		    size_t *done, struct gs_error *err);

/*
 * Whether the job compares two models (in->model_b was given).
 */
int		 job_compares(const struct gs_explain_job *j);

/*
 * Explain input x (d values) known as data row row with both models and
 * the same baselines, draws and plan into c (compare_run): both
 * explanations, the difference and its paired SE. The caller frees c
 * with compare_clear. Errors: GS_EINVAL for a job without a second model,
 * those of compare_run.
 */
int		 job_run_compare(struct gs_explain_job *j, const double *x,
		    size_t row, struct gs_paired *c, struct gs_error *err);

/* The same for data row row of the job's data (missing cells per impute). */
int		 job_run_compare_row(struct gs_explain_job *j, size_t row,
		    struct gs_paired *c, struct gs_error *err);

/*
 * Poll fn(arg) (NULL: nothing) in the job's runs from now on, in place of
 * the in->cancel it was made with: its explainers (both models' and the
 * difference's) are made again with the same options, so the draws stay
 * the same. For a front end that stops a job its caller made on a key of
 * its own (the explorer's Esc); job_opts tells what to put back. Not
 * while the job runs. Errors: those of explainer_new (the job keeps its
 * old explainers only when the first one fails).
 */
int		 job_set_cancel(struct gs_explain_job *j, gs_cancel_fn fn,
		    void *arg, struct gs_error *err);

/*
 * Replace the baseline set with bl (taken, and cleared in the caller) and
 * rebuild the explainer: for a caller that makes each row's baseline
 * itself (in->bl_later). Errors: those of explainer_new.
 */
int		 job_set_baseline(struct gs_explain_job *j,
		    struct gs_baseline *bl, struct gs_error *err);

/*
 * A variant of the job (the explorer's refinements and comparisons): a
 * new explainer with options o, the job's noise and groups, and the
 * baseline set bl (borrowed: kept by the caller while the explainer
 * lives), or when bl is NULL the job's own, or the column means (kept by
 * the job) for a method of one baseline row where the job has a set. The
 * caller frees it before the job. Errors: those of explainer_new and
 * baseline_make.
 */
struct gs_explainer *job_explainer_with(struct gs_explain_job *j,
		    const struct gs_attr_opts *o, const struct gs_baseline *bl,
		    struct gs_error *err);

/*
 * The baseline set spec names, built as the job builds its own (the
 * job's data, columns, seed, impute and Lua hooks), into bl for the
 * caller (baseline_clear). Errors: those of job_make_baseline, GS_EINVAL
 * for a script that makes one per row.
 */
int		 job_baseline_of(struct gs_explain_job *j, const char *spec,
		    struct gs_baseline *bl, struct gs_error *err);

/* The parts, borrowed from the job (NULL where there is none). */
struct gs_explainer *job_explainer(const struct gs_explain_job *j);
const struct gs_attr_opts *job_opts(const struct gs_explain_job *j);
const struct gs_settings *job_settings(const struct gs_explain_job *j);
const struct gs_baseline *job_baseline(const struct gs_explain_job *j);
const struct gs_noise *job_noise(const struct gs_explain_job *j);
const struct gs_groups *job_groups(const struct gs_explain_job *j);
/* Worker threads the explainer uses (for blocks of rows). */
size_t		 job_threads(const struct gs_explain_job *j);

#endif

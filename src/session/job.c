/* SPDX-License-Identifier: ISC */
/*
 * The job builder: from settings and a session, the baseline set, noise,
 * groups, explainer and metrics reference every front end explains with,
 * and running rows through them (a baseline made per row included).
 */
#include <sys/stat.h>

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attr/trust.h"
#include "core/xmalloc.h"
#include "data/encode.h"
#include "session/job.h"
#include "session/paths.h"

struct gs_explain_job {
	struct gs_model		*m;		/* a reference (model_ref) */
	size_t			 output;	/* graph output */
	long			 cls;		/* class, -1: predicted */
	struct gs_dataset	*data;		/* borrowed, or NULL */
	struct gs_selection	 sel;		/* input columns, a copy (cols owned) */
	const char *const	*names;		/* d feature names, borrowed */
	size_t			 d;		/* features */
	struct gs_job_hooks	 hooks;		/* Lua scripts (arg NULL-able), copied */
	int			 have_hooks;	/* hooks were given */
	struct gs_settings	 st;		/* the settings, a copy */
	struct gs_attr_opts	 opts;		/* the attribution options */
	const char		*bl_spec;	/* baseline spec (in st), or NULL for none */
	struct gs_baseline	 bl;		/* the baseline set (empty: none yet) */
	int			 has_bl;	/* the method takes a baseline */
	int			 bl_per_row;	/* made per row by the script bl_spec */
	int			 bl_later;	/* given per row by the caller */
	struct gs_noise		 nz;		/* the noise (no sigma, no fill: none) */
	struct gs_groups	 groups;	/* the groups (n == 0: none) */
	struct gs_explainer	*e;		/* the explainer, or NULL until a baseline */
	struct gs_baseline	 mbl;		/* column means, for metrics without a baseline */
	struct gs_baseline	 means;		/* column means, for variants of one row (job_explainer_with) */
	double			*scale;		/* d feature standard deviations, or NULL */
	double			*x;		/* one row, d values */
	struct gs_model		*mb;		/* model B, a reference, or NULL */
	struct gs_model		*md;		/* the difference model A - B, or NULL */
	struct gs_explainer	*eb;		/* model B's explainer, or NULL */
	struct gs_explainer	*ed;		/* the difference's, or NULL (deterministic) */
};

void
job_in_session(struct gs_job_in *in, struct gs_session *s, long cls)
{
	memset(in, 0, sizeof *in);
	in->model = s->model;
	in->output = s->output;
	in->cls = cls;
	in->data = s->data;
	in->sel = s->data != NULL ? &s->sel : NULL;
	in->names = s->names;
	in->d = s->model != NULL ? model_input_len(s->model) : 0;
}

void
job_in_compare(struct gs_job_in *in, struct gs_session *s)
{
	in->model_b = s->model_b;
	in->name_a = s->model_path;
	in->name_b = s->model_b_path;
}

const char *
job_script_path(const char *spec)
{
	return (strncmp(spec, "lua:", 4) == 0 ? spec + 4 : spec);
}

int
job_names_script(const char *what, const char *spec)
{
	size_t	len;

	if (spec == NULL)
		return (0);
	len = strlen(spec);
	if (strncmp(spec, "lua:", 4) == 0 ||
	    (len > 4 && strcmp(spec + len - 4, ".lua") == 0))
		return (1);
	if (strcmp(what, "baseline") == 0)
		return (strcmp(spec, "zeros") != 0 && strcmp(spec, "mean") != 0 &&
		    strcmp(spec, "data") != 0 && strcmp(spec, "auto") != 0 &&
		    strncmp(spec, "sample:", 7) != 0 &&
		    strncmp(spec, "row:", 4) != 0 &&
		    strncmp(spec, "file:", 5) != 0);
	if (strcmp(what, "noise") == 0)
		return (strcmp(spec, "none") != 0 && strcmp(spec, "auto") != 0 &&
		    strchr("0123456789.+-", spec[0]) == NULL);
	return (strcmp(spec, "off") != 0 && strcmp(spec, "auto") != 0 &&
	    strcmp(spec, "features") != 0);
}

int
job_wants_lua(const struct gs_settings *st)
{
	return (job_names_script("baseline", st->baseline) ||
	    job_names_script("noise", st->noise) ||
	    job_names_script("groups", st->groups));
}

/* Append ";file=PATH@dev:inode:size:mtime" for path to *key (*len bytes). */
static void
job_file_identity(char **key, size_t *len, const char *path)
{
	struct stat	 sb;
	char		*one;
	size_t		 n;

	if (stat(path, &sb) == 0)
		xasprintf(&one, ";file=%s@%ju:%ju:%jd:%jd.%09ld", path,
		    (uintmax_t)sb.st_dev, (uintmax_t)sb.st_ino,
		    (intmax_t)sb.st_size, (intmax_t)sb.st_mtim.tv_sec,
		    (long)sb.st_mtim.tv_nsec);
	else
		xasprintf(&one, ";file=%s@missing", path);
	n = strlen(one);
	*key = xreallocarray(*key, *len + n + 1, 1);
	memcpy(*key + *len, one, n + 1);
	*len += n;
	free(one);
}

char *
job_files_key(const struct gs_settings *st)
{
	const char	*bl = settings_baseline(st), *nz = settings_noise(st);
	char		*key = xstrdup(""), *path;
	size_t		 len = 0;

	if (bl != NULL && strncmp(bl, "file:", 5) == 0)
		job_file_identity(&key, &len, bl + 5);
	else if (job_names_script("baseline", bl)) {
		path = paths_script(job_script_path(bl), "baselines");
		job_file_identity(&key, &len, path);
		free(path);
	}
	if (job_names_script("noise", nz)) {
		path = paths_script(job_script_path(nz), "noise");
		job_file_identity(&key, &len, path);
		free(path);
	}
	if (job_names_script("groups", st->groups)) {
		path = paths_script(job_script_path(st->groups), "groups");
		job_file_identity(&key, &len, path);
		free(path);
	}
	return (key);
}

int
job_unknown_spec(const char *what, const char *spec, struct gs_error *err)
{
	size_t		 len = strlen(spec);
	const char	*builtin;

	if (strchr(spec, '/') != NULL || strncmp(spec, "lua:", 4) == 0 ||
	    (len > 4 && strcmp(spec + len - 4, ".lua") == 0))
		return (0);
	if (strcmp(what, "baseline") == 0)
		builtin = "zeros, mean, data, sample:K, row:N, file:PATH.csv";
	else if (strcmp(what, "noise") == 0)
		builtin = "none, SIGMA, P%";
	else
		builtin = "off, auto";
	return (gs_error_set(err, GS_EINVAL, "unknown %s '%s' (%s, or a Lua "
	    "script: FILE.lua or the name of a shipped one)", what, spec,
	    builtin));
}

/*
 * A script that failed to load because it does not exist and was a bare
 * word: say what the word could have been instead.
 */
static int
job_unknown(const char *what, const char *spec, struct gs_error *err)
{
	if (err != NULL && err->code == GS_EIO)
		job_unknown_spec(what, spec, err);
	return (-1);
}

/* Refuse a script spec when no Lua is at hand. */
static int
job_no_lua(const char *what, const char *spec, struct gs_error *err)
{
	return (gs_error_set(err, GS_EINVAL, "%s '%s' is a Lua script, "
	    "which this front end cannot run", what, spec));
}

/* The baseline spec st names for the method, or NULL; zeros without data. */
static const char *
job_baseline_spec(const struct gs_job_in *in, const struct gs_settings *st)
{
	const char	*spec = settings_baseline(st);

	if (spec != NULL && in->data == NULL && (st->baseline == NULL ||
	    strcmp(st->baseline, "auto") == 0))
		return ("zeros");
	return (spec);
}

/* A baseline of one row of zeros (no data needed). */
static void
job_zeros(struct gs_baseline *bl, size_t d)
{
	memset(bl, 0, sizeof *bl);
	bl->spec = xstrdup("zeros");
	bl->desc = xstrdup("zeros");
	bl->n = 1;
	bl->d = d;
	bl->rows = xcalloc(d > 0 ? d : 1, sizeof *bl->rows);
}

/*
 * The baseline set of spec for in and st into bl; a script that takes the
 * row leaves bl empty and sets *per_row.
 */
static int
job_build_baseline(const struct gs_job_in *in, const struct gs_settings *st,
    const char *spec, struct gs_baseline *bl, int *per_row,
    struct gs_error *err)
{
	const char	*path;
	int		 pr;

	memset(bl, 0, sizeof *bl);
	*per_row = 0;
	if (job_names_script("baseline", spec)) {
		path = job_script_path(spec);
		if (in->hooks == NULL)
			return (job_no_lua("baseline", spec, err));
		if ((pr = in->hooks->baseline_per_row(in->hooks->arg, path,
		    err)) < 0)
			return (job_unknown("baseline", spec, err));
		if (pr) {
			*per_row = 1;
			return (0);
		}
		return (in->hooks->baseline(in->hooks->arg, path, NULL, 0,
		    in->cls, bl, err));
	}
	if (in->data == NULL) {
		if (strcmp(spec, "zeros") != 0)
			return (gs_error_set(err, GS_EINVAL, "baseline '%s' "
			    "needs data", spec));
		job_zeros(bl, in->d);
		return (0);
	}
	return (baseline_make(bl, spec, in->data, in->sel, st->impute,
	    st->seed, err));
}

int
job_make_baseline(const struct gs_job_in *in, const struct gs_settings *st,
    struct gs_baseline *bl, int *per_row, struct gs_error *err)
{
	const char	*spec = job_baseline_spec(in, st);
	const struct gs_method_info *mi = method_info(
	    (enum gs_method)st->method);

	memset(bl, 0, sizeof *bl);
	*per_row = 0;
	if (spec == NULL)
		return (0);
	if (job_build_baseline(in, st, spec, bl, per_row, err) != 0)
		return (-1);
	if (!*per_row && mi->baseline == GS_BASELINE_ROW && bl->n != 1) {
		gs_error_set(err, GS_EINVAL, "%s takes one baseline row, but "
		    "baseline '%s' has %zu rows (use zeros, mean, row:N, a "
		    "file with one row, or auto)", mi->name, spec, bl->n);
		baseline_clear(bl);
		return (-1);
	}
	return (0);
}

int
job_make_noise(const struct gs_job_in *in, const char *spec,
    struct gs_noise *nz, struct gs_error *err)
{
	struct gs_selection	 none;

	memset(nz, 0, sizeof *nz);
	if (spec == NULL || strcmp(spec, "auto") == 0)
		return (0);
	if (job_names_script("noise", spec)) {
		if (in->hooks == NULL)
			return (job_no_lua("noise", spec, err));
		if (in->hooks->noise(in->hooks->arg, job_script_path(spec), nz,
		    err) != 0)
			return (job_unknown("noise", spec, err));
		return (0);
	}
	if (in->data != NULL)
		return (noise_make(nz, spec, in->data, in->sel, err));
	if (strchr(spec, '%') != NULL)
		return (gs_error_set(err, GS_EINVAL, "noise '%s' needs data, "
		    "or give an absolute standard deviation", spec));
	memset(&none, 0, sizeof none);
	none.n = in->d;
	return (noise_make(nz, spec, NULL, &none, err));
}

int
job_make_groups(const struct gs_job_in *in, const char *spec,
    struct gs_groups *g, struct gs_error *err)
{
	memset(g, 0, sizeof *g);
	if (spec == NULL || strcmp(spec, "off") == 0)
		return (0);
	if (strcmp(spec, "features") == 0) {
		/* A category's one-hot inputs as one; nothing when none. */
		if (in->sel != NULL && in->sel->enc != NULL &&
		    in->sel->enc->nfeat < in->sel->enc->width)
			groups_encoding(g, in->sel->enc);
		return (0);
	}
	if (strcmp(spec, "auto") == 0) {
		groups_auto(g, in->names, in->d);
		return (0);
	}
	if (in->hooks == NULL)
		return (job_no_lua("groups", spec, err));
	if (in->hooks->groups(in->hooks->arg, job_script_path(spec), g,
	    err) != 0) {
		groups_clear(g);
		return (job_unknown("groups", spec, err));
	}
	if (g->d != in->d) {
		gs_error_set(err, GS_ESHAPE, "%s: the groups cover %zu "
		    "features but the data has %zu", spec, g->d, in->d);
		groups_clear(g);
		return (-1);
	}
	return (0);
}

/* An explainer for options o and baseline bl with the job's noise and groups. */
static struct gs_explainer *
job_make_explainer(struct gs_explain_job *j, const struct gs_attr_opts *o,
    const struct gs_baseline *bl, struct gs_error *err)
{
	struct gs_explainer	*e;
	const struct gs_noise	*nz = NULL;

	if (j->nz.sigma != NULL || j->nz.fill != NULL)
		nz = &j->nz;
	if ((e = explainer_new(j->m, j->output, o, bl, nz, err)) == NULL)
		return (NULL);
	if ((j->groups.n > 0 && explainer_set_groups(e, &j->groups,
	    err) != 0) || explainer_check(e, err) != 0) {
		explainer_free(e);
		return (NULL);
	}
	return (e);
}

/*
 * With a second model: its explainer and the difference model's, with
 * the same options (batch size included, so that batches fall alike),
 * baseline bl, noise and groups as the job's own explainer j->e.
 */
static int
job_make_compare(struct gs_explain_job *j, const struct gs_baseline *bl,
    struct gs_error *err)
{
	struct gs_attr_opts	 o = j->opts;
	struct gs_model		*keep = j->m;

	explainer_free(j->eb);
	explainer_free(j->ed);
	j->eb = j->ed = NULL;
	if (j->mb == NULL || j->e == NULL)
		return (0);
	o.batch = compare_batch(j->e);
	j->m = j->mb;
	j->eb = job_make_explainer(j, &o, bl, err);
	if (j->eb != NULL && j->md != NULL) {
		j->m = j->md;
		j->ed = job_make_explainer(j, &o, bl, err);
	}
	j->m = keep;
	if (j->eb == NULL || (j->md != NULL && j->ed == NULL))
		return (gs_error_prefix(err, "%s: ", model_name(j->mb)));
	/* The plans' draws are model A's for all three. */
	compare_share_draws(j->e, j->eb);
	if (j->ed != NULL)
		compare_share_draws(j->e, j->ed);
	return (0);
}

/* Check model B against the job's and make the difference model. */
static int
job_open_compare(struct gs_explain_job *j, const struct gs_job_in *in,
    struct gs_error *err)
{
	if (compare_check_models(in->model, in->name_a != NULL ? in->name_a :
	    model_name(in->model), in->model_b, in->name_b != NULL ?
	    in->name_b : model_name(in->model_b), err) != 0)
		return (-1);
	if (j->opts.tol > 0)
		return (gs_error_set(err, GS_EINVAL, "--tol does not work with "
		    "a comparison of two models yet: each would stop at its "
		    "own sample count and the draws would no longer be "
		    "shared; give --samples instead"));
	j->mb = model_ref(in->model_b);
	/*
	 * Plan auto is reg for gradshap, whose control variates are fitted
	 * to each model's outputs; a comparison's auto is a plan linear in
	 * the model, so that A - B is phi_A - phi_B (compare_plan_fitted).
	 */
	if (j->opts.method == GS_METHOD_GRADSHAP &&
	    strcmp(j->st.plan, "auto") == 0) {
		j->opts.plan = GS_PLAN_STRATIFIED;
		j->opts.antithetic = 1;
		j->opts.cv = 0;
	}
	if (method_stochastic(j->opts.method) && compare_linear(&j->opts) &&
	    (j->md = compare_diff_model(in->model, in->model_b, in->output,
	    err)) == NULL)
		return (-1);
	return (0);
}

/*
 * The metrics' reference: features are replaced by the baselines, or by
 * the column means for methods that take none; perturbations scale with
 * each feature's standard deviation (1 without data).
 */
static int
job_metrics_setup(struct gs_explain_job *j, struct gs_error *err)
{
	double	mean, sd;
	size_t	i;

	if (!j->has_bl) {
		if (j->data == NULL)
			return (gs_error_set(err, GS_EINVAL, "metrics needs data "
			    "for %s (features are replaced by the column "
			    "means)", method_name(j->opts.method)));
		if (baseline_make(&j->mbl, "mean", j->data, &j->sel,
		    j->st.impute, j->st.seed, err) != 0)
			return (gs_error_prefix(err, "metrics: "));
	}
	if (j->data == NULL)
		return (0);
	j->scale = xcalloc(j->d > 0 ? j->d : 1, sizeof *j->scale);
	for (i = 0; i < j->d; i++) {
		dataset_column_stats(j->data, j->sel.cols[i], &mean, &sd);
		j->scale[i] = isfinite(sd) ? sd : 1;
	}
	return (0);
}

struct gs_explain_job *
job_new(const struct gs_job_in *in, const struct gs_settings *st,
    struct gs_error *err)
{
	struct gs_explain_job	*j;

	if (in->model == NULL)
		return (gs_error_set(err, GS_EINVAL, "no model"), NULL);
	if (settings_check(st, err) != 0)
		return (NULL);
	j = xcalloc(1, sizeof *j);
	j->m = model_ref(in->model);
	j->output = in->output;
	j->cls = in->cls;
	j->data = in->data;
	if (in->sel != NULL) {
		j->sel = *in->sel;
		j->sel.cols = xcalloc(in->sel->n + 1, sizeof *j->sel.cols);
		memcpy(j->sel.cols, in->sel->cols, in->sel->n *
		    sizeof *j->sel.cols);
	}
	j->names = in->names;
	j->d = in->d;
	if (in->hooks != NULL) {
		j->hooks = *in->hooks;
		j->have_hooks = 1;
	}
	settings_copy(&j->st, st);
	settings_opts(&j->st, &j->opts);
	j->opts.output_class = in->cls;
	j->opts.cancel = in->cancel;
	j->opts.cancel_arg = in->cancel_arg;
	j->x = xcalloc(j->d > 0 ? j->d : 1, sizeof *j->x);
	j->has_bl = method_info(j->opts.method)->baseline != GS_BASELINE_NONE;

	/* The baseline. */
	if (in->bl != NULL) {
		j->bl = *in->bl;
		memset(in->bl, 0, sizeof *in->bl);
	} else if (in->bl_later)
		j->bl_later = 1;
	else if (job_make_baseline(in, &j->st, &j->bl, &j->bl_per_row,
	    err) != 0)
		goto fail;
	j->bl_spec = job_baseline_spec(in, &j->st);

	/* The noise and groups. */
	if (in->nz != NULL) {
		j->nz = *in->nz;
		memset(in->nz, 0, sizeof *in->nz);
	} else if (job_make_noise(in, settings_noise(&j->st), &j->nz,
	    err) != 0)
		goto fail;
	if (in->groups != NULL) {
		j->groups = *in->groups;
		memset(in->groups, 0, sizeof *in->groups);
	} else if (job_make_groups(in, j->st.groups, &j->groups, err) != 0)
		goto fail;

	if (in->model_b != NULL && job_open_compare(j, in, err) != 0)
		goto fail;
	if (!j->bl_per_row && !j->bl_later && (j->e = job_make_explainer(j,
	    &j->opts, j->has_bl ? &j->bl : NULL, err)) == NULL)
		goto fail;
	if (job_make_compare(j, j->has_bl ? &j->bl : NULL, err) != 0)
		goto fail;
	if (j->st.metrics && job_metrics_setup(j, err) != 0)
		goto fail;
	return (j);
fail:
	job_free(j);
	return (NULL);
}

void
job_free(struct gs_explain_job *j)
{
	if (j == NULL)
		return;
	explainer_free(j->e);
	explainer_free(j->eb);
	explainer_free(j->ed);
	model_unref(j->md);
	model_unref(j->mb);
	baseline_clear(&j->bl);
	baseline_clear(&j->mbl);
	baseline_clear(&j->means);
	noise_clear(&j->nz);
	groups_clear(&j->groups);
	settings_free(&j->st);
	free(j->sel.cols);
	free(j->scale);
	free(j->x);
	model_unref(j->m);
	free(j);
}

int
job_set_cancel(struct gs_explain_job *j, gs_cancel_fn fn, void *arg,
    struct gs_error *err)
{
	struct gs_explainer	*e;

	j->opts.cancel = fn;
	j->opts.cancel_arg = arg;
	if (j->e == NULL)
		return (0);
	if ((e = job_make_explainer(j, &j->opts, j->has_bl ? &j->bl : NULL,
	    err)) == NULL)
		return (-1);
	explainer_free(j->e);
	j->e = e;
	return (job_make_compare(j, j->has_bl ? &j->bl : NULL, err));
}

int
job_set_baseline(struct gs_explain_job *j, struct gs_baseline *bl,
    struct gs_error *err)
{
	explainer_free(j->e);
	j->e = NULL;
	baseline_clear(&j->bl);
	j->bl = *bl;
	memset(bl, 0, sizeof *bl);
	if ((j->e = job_make_explainer(j, &j->opts, &j->bl, err)) == NULL)
		return (-1);
	return (job_make_compare(j, &j->bl, err));
}

/* Make row's own baseline set with the script, and its explainer. */
static int
job_row_baseline(struct gs_explain_job *j, const double *x, size_t row,
    struct gs_error *err)
{
	struct gs_baseline	bl;

	if (j->hooks.baseline(j->hooks.arg, job_script_path(j->bl_spec), x,
	    row, j->cls, &bl, err) != 0)
		return (-1);
	return (job_set_baseline(j, &bl, err));
}

/* The metrics of ex (of x, row), when the settings ask for them. */
static int
job_metrics(struct gs_explain_job *j, const double *x, size_t row,
    struct gs_explanation *ex, struct gs_error *err)
{
	struct gs_metrics_opts	mo;

	if (!j->st.metrics)
		return (0);
	metrics_opts_default(&mo);
	mo.bl = j->has_bl ? NULL : &j->mbl;
	mo.scale = j->scale;
	if (metrics_compute(j->e, x, row, ex, &mo, err) != 0) {
		explanation_clear(ex);
		return (gs_error_prefix(err, "metrics: "));
	}
	return (0);
}

int
job_run(struct gs_explain_job *j, const double *x, size_t row,
    struct gs_explanation *ex, struct gs_error *err)
{
	memset(ex, 0, sizeof *ex);
	if (j->bl_per_row && job_row_baseline(j, x, row, err) != 0)
		return (-1);
	if (j->e == NULL)
		return (gs_error_set(err, GS_EINVAL, "no baseline set for row "
		    "%zu yet", row));
	if (explainer_run(j->e, x, row, ex, err) != 0)
		return (-1);
	return (job_metrics(j, x, row, ex, err));
}

int
job_run_row(struct gs_explain_job *j, size_t row, struct gs_explanation *ex,
    struct gs_error *err)
{
	memset(ex, 0, sizeof *ex);
	if (j->data == NULL)
		return (gs_error_set(err, GS_EINVAL, "no data"));
	if (dataset_row(j->data, &j->sel, row, j->st.impute, j->x, err) != 0) {
		if (err != NULL && err->code == GS_EMISSING)
			gs_error_prefix(err, "row %zu: ", row);
		return (-1);
	}
	return (job_run(j, j->x, row, ex, err));
}

int
job_run_many(struct gs_explain_job *j, const double *xs, const size_t *rows,
    size_t n, struct gs_explanation *ex, size_t *done, struct gs_error *err)
{
	size_t	i, ok = 0;

	if (j->bl_per_row || j->e == NULL) {
		for (ok = 0; ok < n; ok++)
			if (job_run(j, xs + ok * j->d, rows[ok], &ex[ok],
			    err) != 0)
				goto fail;
	} else if (explainer_run_rows(j->e, xs, rows, n, ex, &ok, err) != 0)
		goto fail;
	for (i = 0; i < ok; i++) {
		if (job_metrics(j, xs + i * j->d, rows[i], &ex[i], err) != 0) {
			ok = i;
			goto fail;
		}
	}
	if (ok == n) {
		if (done != NULL)
			*done = n;
		return (0);
	}
fail:
	/* ex[ok] on is cleared; ex[0..ok) are whole. */
	for (i = ok; i < n; i++)
		explanation_clear(&ex[i]);
	if (done != NULL)
		*done = ok;
	else
		for (i = 0; i < ok; i++)
			explanation_clear(&ex[i]);
	return (-1);
}

int
job_compares(const struct gs_explain_job *j)
{
	return (j->mb != NULL);
}

int
job_run_compare(struct gs_explain_job *j, const double *x, size_t row,
    struct gs_paired *c, struct gs_error *err)
{
	memset(c, 0, sizeof *c);
	if (j->mb == NULL)
		return (gs_error_set(err, GS_EINVAL, "no second model to "
		    "compare with"));
	if (j->bl_per_row && job_row_baseline(j, x, row, err) != 0)
		return (-1);
	if (j->e == NULL || j->eb == NULL)
		return (gs_error_set(err, GS_EINVAL, "no baseline set for row "
		    "%zu yet", row));
	return (compare_run(j->e, j->eb, j->ed, model_output_scale(j->m,
	    j->output, 0), x, row, c, err));
}

int
job_run_compare_row(struct gs_explain_job *j, size_t row,
    struct gs_paired *c, struct gs_error *err)
{
	memset(c, 0, sizeof *c);
	if (j->data == NULL)
		return (gs_error_set(err, GS_EINVAL, "no data"));
	if (dataset_row(j->data, &j->sel, row, j->st.impute, j->x, err) != 0) {
		if (err != NULL && err->code == GS_EMISSING)
			gs_error_prefix(err, "row %zu: ", row);
		return (-1);
	}
	return (job_run_compare(j, j->x, row, c, err));
}

struct gs_explainer *
job_explainer_with(struct gs_explain_job *j, const struct gs_attr_opts *o,
    const struct gs_baseline *bl, struct gs_error *err)
{
	const struct gs_method_info *mi = method_info(o->method);

	if (bl != NULL)
		return (job_make_explainer(j, o, mi->baseline !=
		    GS_BASELINE_NONE ? bl : NULL, err));
	if (mi->baseline == GS_BASELINE_ROW && j->bl.n != 1 &&
	    j->data != NULL) {
		/* One row wanted, a set at hand: the column means. */
		if (j->means.n == 0 && baseline_make(&j->means, "mean",
		    j->data, &j->sel, j->st.impute, j->st.seed, err) != 0)
			return (NULL);
		return (job_make_explainer(j, o, &j->means, err));
	}
	return (job_make_explainer(j, o, mi->baseline != GS_BASELINE_NONE ?
	    &j->bl : NULL, err));
}

int
job_baseline_of(struct gs_explain_job *j, const char *spec,
    struct gs_baseline *bl, struct gs_error *err)
{
	struct gs_job_in	 in;
	int			 per_row;

	memset(&in, 0, sizeof in);
	in.model = j->m;
	in.output = j->output;
	in.cls = j->cls;
	in.data = j->data;
	in.sel = j->data != NULL ? &j->sel : NULL;
	in.names = j->names;
	in.d = j->d;
	in.hooks = j->have_hooks ? &j->hooks : NULL;
	if (job_build_baseline(&in, &j->st, spec, bl, &per_row, err) != 0)
		return (-1);
	if (per_row)
		return (gs_error_set(err, GS_EINVAL, "baseline '%s' is made "
		    "for each row; give a set", spec));
	return (0);
}

struct gs_explainer *
job_explainer(const struct gs_explain_job *j)
{
	return (j->e);
}

const struct gs_attr_opts *
job_opts(const struct gs_explain_job *j)
{
	return (&j->opts);
}

const struct gs_settings *
job_settings(const struct gs_explain_job *j)
{
	return (&j->st);
}

const struct gs_baseline *
job_baseline(const struct gs_explain_job *j)
{
	return (j->has_bl && (j->bl.n > 0 || j->bl.spec != NULL) ? &j->bl :
	    NULL);
}

const struct gs_noise *
job_noise(const struct gs_explain_job *j)
{
	return (j->nz.sigma != NULL || j->nz.fill != NULL ? &j->nz : NULL);
}

const struct gs_groups *
job_groups(const struct gs_explain_job *j)
{
	return (j->groups.n > 0 ? &j->groups : NULL);
}

size_t
job_threads(const struct gs_explain_job *j)
{
	return (j->e != NULL ? explainer_threads(j->e) : 1);
}

/* SPDX-License-Identifier: ISC */
/*
 * The REPL's session state: loading a model and data (all or nothing),
 * applying settings after checking what they name, the predictions behind
 * `rows`, the Lua state, the prompt and the results kept for export.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/interrupt.h"
#include "core/number.h"
#include "core/xmalloc.h"
#include "data/encode.h"
#include "repl/repl.h"

/* Explanations kept in the cache. */
#define STATE_CACHE_LIMIT	4096

void
state_init(struct gs_repl *r)
{
	memset(r, 0, sizeof *r);
	settings_init(&r->set);
	cache_init(&r->cache, STATE_CACHE_LIMIT);
	r->cls = -1;
	r->s.classes_spelled = "set classes";
	r->out = stdout;
	r->src = "stdin";
}

/* Drop the kept results. */
static void
state_drop_kept(struct gs_repl *r)
{
	size_t	i;

	for (i = 0; i < r->nlast; i++)
		cache_result_clear(&r->last[i]);
	free(r->last);
	r->last = NULL;
	r->nlast = 0;
}

void
state_free(struct gs_repl *r)
{
	script_free(r->script);
	r->script = NULL;
	state_invalidate(r);
	state_drop_kept(r);
	session_close(&r->s);
	free(r->target);
	free(r->drop);
	settings_free(&r->set);
	cache_free(&r->cache);
	groups_clear(&r->groups);
}

/* Drop the rows' predictions (rows, row and summary compute them again). */
static void
state_drop_predictions(struct gs_repl *r)
{
	free(r->pred);
	free(r->pred_class);
	free(r->err_of);
	r->pred = NULL;
	r->pred_class = NULL;
	r->err_of = NULL;
}

void
state_invalidate(struct gs_repl *r)
{
	cache_clear(&r->cache);
	state_drop_predictions(r);
}

void
state_impute_given(struct gs_repl *r, int given)
{
	r->impute_given = given;
	if (r->s.sel.enc != NULL)
		r->s.sel.enc->policy_spelled = "set impute";
	if (r->s.sel.enc != NULL && r->s.sel.enc->policy_given != given) {
		r->s.sel.enc->policy_given = given;
		state_invalidate(r);
	}
}

int
state_require(struct gs_repl *r, int data, struct gs_error *err)
{
	if (r->s.model == NULL)
		return (gs_error_set(err, GS_EINVAL, "no model loaded (load "
		    "model FILE.onnx)"));
	if (data && r->s.data == NULL)
		return (gs_error_set(err, GS_EINVAL, "no data loaded (load "
		    "data FILE.csv)"));
	return (0);
}

/* Point s->names at the selected columns of s->data. */
static void
state_names(struct gs_session *s)
{
	size_t	j;

	free(s->names);
	s->names = NULL;
	if (s->data == NULL)
		return;
	s->names = xcalloc(s->sel.n > 0 ? s->sel.n : 1, sizeof *s->names);
	for (j = 0; j < s->sel.n; j++)
		s->names[j] = encode_input_name(s->data, &s->sel, j);
}

/* Rebuild the groups for the current columns; off with a note on failure. */
static void
state_regroup(struct gs_repl *r)
{
	struct gs_settings	st;
	struct gs_error		err;

	if (r->groups.n == 0)
		return;
	groups_clear(&r->groups);
	settings_copy(&st, &r->set);
	gs_error_clear(&err);
	if (state_apply(r, &st, &err) != 0) {
		repl_note(r, "groups turned off: %s", err.msg);
		settings_set(&r->set, settings_find("groups", NULL), "off",
		    NULL);
	}
	settings_free(&st);
}

int
state_load(struct gs_repl *r, const char *model_path, const char *data_path,
    const char *target, const char *drop, const char *schema_path,
    struct gs_error *err)
{
	struct gs_model		*m = NULL;
	struct gs_dataset	*ds = NULL;
	struct gs_schema	*sc = NULL;
	const struct gs_schema	*use_sc;
	struct gs_selection	 sel;
	struct gs_encode_opts	 eo;
	const struct gs_model	*use_m;
	struct gs_dataset	*use_ds;
	const char		*tgt = target;
	long			 cls;
	size_t			 k;

	memset(&sel, 0, sizeof sel);
	if (schema_path != NULL && (sc = schema_load(schema_path,
	    err)) == NULL)
		return (-1);
	if (model_path != NULL && (m = model_load(model_path, err)) == NULL)
		goto fail;
	if (data_path != NULL && (ds = dataset_load(data_path, err)) == NULL)
		goto fail;
	use_m = m != NULL ? m : r->s.model;
	use_ds = ds != NULL ? ds : r->s.data;
	/* A schema goes with the model: new data without one drops it. */
	use_sc = sc != NULL ? sc : data_path == NULL ? r->s.schema : NULL;
	if (use_ds != NULL) {
		if (data_path == NULL && target == NULL) {
			tgt = r->target;
			drop = r->drop;
		} else if (tgt == NULL && r->target != NULL &&
		    dataset_column(use_ds, r->target) >= 0)
			tgt = r->target;
		/* A schema that names the target says it. */
		for (k = 0; use_sc != NULL && target == NULL && k < use_sc->n;
		    k++)
			if (use_sc->cols[k].role == GS_COLUMN_TARGET)
				tgt = NULL;
		memset(&eo, 0, sizeof eo);
		eo.target = tgt;
		eo.drop = drop;
		eo.expect = use_m != NULL ? model_input_len(use_m) : 0;
		eo.schema = use_sc;
		if (encode_select(use_ds, &eo, &sel, err) != 0)
			goto fail;
	}

	/* Everything checked: replace the old parts. */
	if (m != NULL && r->s.model_b != NULL) {
		repl_note(r, "model B (%s) dropped with the model it was "
		    "compared with", model_name(r->s.swapped ? r->s.model :
		    r->s.model_b));
		session_drop_b(&r->s);
	}
	if (m != NULL) {
		model_free(r->s.model);
		r->s.model = m;
		free(r->s.model_path);
		r->s.model_path = xstrdup(model_path);
		r->s.output = 0;
	}
	if (ds != NULL) {
		dataset_free(r->s.data);
		r->s.data = ds;
		r->row = 0;
		if (tgt != r->target) {
			free(r->target);
			r->target = tgt != NULL ? xstrdup(tgt) : NULL;
		}
		free(r->drop);
		r->drop = drop != NULL ? xstrdup(drop) : NULL;
	}
	if (use_ds != NULL) {
		dataset_selection_free(&r->s.sel);
		r->s.sel = sel;
		if (r->s.sel.enc != NULL) {
			r->s.sel.enc->policy_given = r->impute_given;
			r->s.sel.enc->policy_spelled = "set impute";
		}
		state_names(&r->s);
	}
	if (sc != NULL || (data_path != NULL && r->s.schema != NULL)) {
		schema_free(r->s.schema);
		r->s.schema = sc;
	}
	if (r->s.model != NULL && session_classes(&r->s, err) != 0) {
		repl_note(r, "the classes are not named: %s", err->msg);
		gs_error_clear(err);
	}
	r->s.generation++;
	state_invalidate(r);
	state_drop_kept(r);
	if (r->s.model != NULL && state_output(r, &r->set, err) != 0) {
		repl_note(r, "output set back to auto: %s", err->msg);
		settings_set(&r->set, settings_find("output", NULL), "auto",
		    NULL);
		session_output(&r->s, NULL, &cls, NULL);
		r->cls = cls;
	}
	gs_error_clear(err);
	state_regroup(r);
	return (0);
fail:
	dataset_selection_free(&sel);
	schema_free(sc);
	model_free(m);
	dataset_free(ds);
	return (-1);
}

int
state_output(struct gs_repl *r, const struct gs_settings *st,
    struct gs_error *err)
{
	long	cls;

	if (r->s.model == NULL)
		return (0);
	if (session_output(&r->s, st->output, &cls, err) != 0)
		return (-1);
	r->cls = cls;
	return (0);
}

/* The job input for this session, with the Lua hooks when st needs them. */
static int
state_job_in(struct gs_repl *r, const struct gs_settings *st,
    struct gs_job_in *in, struct gs_job_hooks *hooks, struct gs_error *err)
{
	struct gs_script	*sc;

	job_in_session(in, &r->s, r->cls);
	in->cancel = interrupt_cancelled;
	if (job_wants_lua(st)) {
		if ((sc = state_script(r, err)) == NULL)
			return (-1);
		script_job_hooks(hooks, sc);
		in->hooks = hooks;
	}
	return (0);
}

struct gs_explain_job *
state_job(struct gs_repl *r, const struct gs_settings *st,
    struct gs_error *err)
{
	struct gs_job_in	in;
	struct gs_job_hooks	hooks;

	if (state_require(r, 1, err) != 0 ||
	    state_job_in(r, st, &in, &hooks, err) != 0)
		return (NULL);
	return (job_new(&in, st, err));
}

char *
state_key(struct gs_repl *r, const struct gs_settings *st)
{
	char	*key, *files, *both;
	char	 cls[32];

	key = settings_key(st);
	files = job_files_key(st);
	snprintf(cls, sizeof cls, "%ld", r->cls);
	xasprintf(&both, "%s%s;class=%s", key, files, cls);
	free(key);
	free(files);
	return (both);
}

int
state_baseline(struct gs_repl *r, const struct gs_settings *st,
    struct gs_baseline *bl, struct gs_error *err)
{
	struct gs_job_in	 in;
	struct gs_job_hooks	 hooks;
	int			 per_row;

	memset(bl, 0, sizeof *bl);
	if (state_require(r, 1, err) != 0 ||
	    state_job_in(r, st, &in, &hooks, err) != 0)
		return (-1);
	return (job_make_baseline(&in, st, bl, &per_row, err));
}

/* Check that the baseline st names can be built; nothing is kept. */
static int
state_check_baseline(struct gs_repl *r, const struct gs_settings *st,
    struct gs_error *err)
{
	struct gs_baseline	 bl;

	if (r->s.data == NULL || r->s.model == NULL)
		return (0);
	if (state_baseline(r, st, &bl, err) != 0)
		return (-1);
	baseline_clear(&bl);
	return (0);
}

/* Check the noise st names, whatever the method; nothing is kept. */
static int
state_check_noise(struct gs_repl *r, const struct gs_settings *st,
    struct gs_error *err)
{
	struct gs_job_in	 in;
	struct gs_job_hooks	 hooks;
	struct gs_noise		 nz;

	if (r->s.data == NULL || r->s.model == NULL ||
	    state_job_in(r, st, &in, &hooks, err) != 0 ||
	    job_make_noise(&in, st->noise, &nz, err) != 0)
		return (r->s.data == NULL || r->s.model == NULL ? 0 : -1);
	noise_clear(&nz);
	return (0);
}

/* Build the groups st names into g (n == 0 for off). */
static int
state_make_groups(struct gs_repl *r, const struct gs_settings *st,
    struct gs_groups *g, struct gs_error *err)
{
	struct gs_job_in	 in;
	struct gs_job_hooks	 hooks;

	memset(g, 0, sizeof *g);
	if (strcmp(st->groups, "off") == 0 || (r->s.data == NULL &&
	    strcmp(st->groups, "features") == 0))
		return (0);
	if (r->s.data == NULL)
		return (gs_error_set(err, GS_EINVAL, "groups need data (load "
		    "data FILE.csv)"));
	if (state_job_in(r, st, &in, &hooks, err) != 0)
		return (-1);
	return (job_make_groups(&in, st->groups, g, err));
}

/*
 * Name the output's classes as st says (its classes setting: names, or
 * auto); on failure the names are as they were.
 */
static int
state_classes(struct gs_repl *r, const struct gs_settings *st,
    struct gs_error *err)
{
	char	*old = r->s.classes_cli;

	r->s.classes_cli = settings_classes(st) != NULL ?
	    xstrdup(st->classes) : NULL;
	if (r->s.model == NULL || session_classes(&r->s, err) == 0) {
		free(old);
		return (0);
	}
	free(r->s.classes_cli);
	r->s.classes_cli = old;
	(void)session_classes(&r->s, NULL);
	return (-1);
}

int
state_apply(struct gs_repl *r, const struct gs_settings *st,
    struct gs_error *err)
{
	struct gs_groups	 g;
	const struct gs_setting	*def;
	int			 flags, regroup;
	long			 old_cls = r->cls;
	size_t			 old_output = r->s.output;

	flags = settings_changed(&r->set, st);
	regroup = (def = settings_find("groups", NULL)) != NULL &&
	    (settings_differ(&r->set, st, def) || (r->groups.n == 0 &&
	    strcmp(st->groups, "off") != 0));
	if (settings_check(st, err) != 0 || state_output(r, st, err) != 0)
		return (-1);
	if (((flags & GS_SETTING_BASELINE) || st->method != r->set.method) &&
	    state_check_baseline(r, st, err) != 0)
		goto fail;
	if ((flags & GS_SETTING_RESULT) && state_check_noise(r, st, err) != 0)
		goto fail;
	memset(&g, 0, sizeof g);
	if (regroup && state_make_groups(r, st, &g, err) != 0)
		goto fail;

	/* Class names last: nothing after them can fail. */
	if (settings_differ(&r->set, st, settings_find("classes", NULL)) &&
	    state_classes(r, st, err) != 0) {
		if (regroup)
			groups_clear(&g);
		goto fail;
	}

	/* Checked: commit. */
	if (regroup) {
		groups_clear(&r->groups);
		r->groups = g;
	}
	if (flags & GS_SETTING_RESULT)
		cache_clear(&r->cache);
	if (r->cls != old_cls || r->s.output != old_output ||
	    st->impute != r->set.impute)
		state_drop_predictions(r);
	if (st != &r->set) {
		struct gs_settings copy;

		settings_copy(&copy, st);
		settings_free(&r->set);
		r->set = copy;
	}
	return (0);
fail:
	r->cls = old_cls;
	r->s.output = old_output;
	return (-1);
}

int
state_parse_row(struct gs_repl *r, const char *s, size_t *row,
    struct gs_error *err)
{
	uint64_t	 v;
	size_t		 n;

	if (state_require(r, 1, err) != 0)
		return (-1);
	n = r->s.data->nrows;
	if (strcmp(s, "+") == 0 || strcmp(s, "next") == 0) {
		if (r->row + 1 >= n)
			return (gs_error_set(err, GS_ERANGE, "row %zu is the "
			    "last row", r->row));
		*row = r->row + 1;
		return (0);
	}
	if (strcmp(s, "-") == 0 || strcmp(s, "prev") == 0) {
		if (r->row == 0)
			return (gs_error_set(err, GS_ERANGE, "row 0 is the "
			    "first row"));
		*row = r->row - 1;
		return (0);
	}
	if (number_parse(s, UINT64_MAX, &v) == -1)
		return (gs_error_set(err, GS_EINVAL, "'%s' is not a row number",
		    s));
	if (v >= n)
		return (gs_error_set(err, GS_ERANGE, "row %s is out of range: "
		    "%s has %zu rows (0 to %zu)", s, r->s.data->name, n,
		    n - 1));
	*row = (size_t)v;
	return (0);
}

int
state_predict(struct gs_repl *r, struct gs_error *err)
{
	struct gs_plan	*p = NULL;
	struct gs_dataset *ds = r->s.data;
	gs_real		*xb = NULL, *y = NULL;
	double		*x = NULL, t, best;
	long		 tc;
	size_t		 batch = 64, d, k, i, j, n, c, q, nrows, *idx = NULL;
	int		 rc = -1;

	if (r->pred != NULL)
		return (0);
	if (state_require(r, 1, err) != 0)
		return (-1);
	if ((p = plan_new(r->s.model, r->s.output, batch, err)) == NULL)
		return (-1);
	d = r->s.sel.n;
	k = plan_output_len(p);
	nrows = ds->nrows;
	x = xcalloc(d, sizeof *x);
	xb = xcalloc(xmul(batch, d), sizeof *xb);
	y = xcalloc(xmul(batch, k), sizeof *y);
	idx = xcalloc(batch, sizeof *idx);
	r->pred = xcalloc(nrows, sizeof *r->pred);
	r->pred_class = xcalloc(nrows, sizeof *r->pred_class);
	r->err_of = xcalloc(nrows, sizeof *r->err_of);
	for (i = 0; i < nrows; i += batch) {
		if (interrupt_pending()) {
			gs_error_set(err, GS_EINTR, "interrupted");
			goto out;
		}
		/* Rows with a missing cell get NaN, the others are batched. */
		for (n = 0, j = i; j < nrows && j < i + batch; j++) {
			r->pred[j] = NAN;
			r->err_of[j] = NAN;
			r->pred_class[j] = 0;
			if (dataset_row(ds, &r->s.sel, j, r->set.impute, x,
			    NULL) != 0)
				continue;
			for (c = 0; c < d; c++)
				xb[n * d + c] = (gs_real)x[c];
			idx[n++] = j;
		}
		if (n > 0 && plan_forward(p, xb, n, y, err) != 0)
			goto out;
		for (j = 0; j < n; j++) {
			const gs_real *yr = y + j * k;
			for (best = yr[0], c = 0, q = 1; q < k; q++)
				if (yr[q] > best)
					best = yr[c = q];
			r->pred_class[idx[j]] = c;
			r->pred[idx[j]] = r->cls >= 0 ? yr[r->cls] : yr[c];
			if (r->s.sel.target < 0)
				continue;
			t = dataset_cell(ds, idx[j], r->s.sel.target);
			/* A text target: its class's place ("good": 1). */
			if (isnan(t) && (tc = encode_target_class(ds,
			    &r->s.sel, idx[j])) >= 0)
				t = (double)tc;
			if (isnan(t))
				continue;
			if (k == 1)
				r->err_of[idx[j]] = fabs(yr[0] - t);
			else if (t >= 0 && t < k && t == floor(t))
				r->err_of[idx[j]] = 1 - yr[(size_t)t];
		}
	}
	rc = 0;
out:
	if (rc != 0)
		state_drop_predictions(r);
	plan_free(p);
	free(x);
	free(xb);
	free(y);
	free(idx);
	return (rc);
}

struct gs_script *
state_script(struct gs_repl *r, struct gs_error *err)
{
	if (r->script == NULL) {
		if ((r->script = script_new(&r->s, r->trusted, err)) == NULL)
			return (NULL);
		script_set_output(r->script, r->out);
		script_set_errors(r->script, stderr);
		repl_watch_script(r->script);
	}
	/* The files the user loaded: the sandbox lets scripts read them. */
	if (r->s.data != NULL)
		script_allow_path(r->script, r->s.data->path, 0);
	if (r->s.model != NULL)
		script_allow_path(r->script, r->s.model_path, 0);
	return (r->script);
}

const char *
state_prompt(struct gs_repl *r, char *buf, size_t size)
{
	if (r->s.model == NULL && r->s.data == NULL)
		snprintf(buf, size, "gshap> ");
	else if (r->s.data == NULL)
		snprintf(buf, size, "gshap %s> ", model_name(r->s.model));
	else if (r->s.model == NULL)
		snprintf(buf, size, "gshap -:%s[%zu]> ", r->s.data->name,
		    r->row);
	else
		snprintf(buf, size, "gshap %s:%s[%zu]> ",
		    model_name(r->s.model), r->s.data->name, r->row);
	return (buf);
}

void
state_keep(struct gs_repl *r, const struct gs_result *res, size_t n)
{
	size_t	i;

	state_drop_kept(r);
	r->last_summary = 0;
	if (n == 0)
		return;
	r->last = xcalloc(n, sizeof *r->last);
	for (i = 0; i < n; i++)
		cache_result_copy(&r->last[i], &res[i]);
	r->nlast = n;
}

/* SPDX-License-Identifier: ISC */
/*
 * gshap.Explainer: a model, a dataset, a method and its options, a
 * baseline set, noise and groups, for many rows. The options are read by
 * the options table (script-options.c) and the job is built by the job
 * builder (session/job.c), as in every front end; what only Lua can give
 * (baseline, noise and group functions, tables, scripts with options) is
 * made here and handed to the builder.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/rng.h"
#include "core/xmalloc.h"
#include "data/csv.h"
#include "data/encode.h"
#include "script/script-int.h"
#include "session/paths.h"
#include "session/report.h"

/* User values of an Explainer: what it borrows, kept alive. */
#define EXPL_UV_MODEL		1	/* the Model */
#define EXPL_UV_DATA		2	/* the Dataset, or nil */
#define EXPL_UV_BASELINE	3	/* a per-row baseline function, or nil */
#define EXPL_UV_MODEL_B		4	/* the Model compared with, or nil */
#define EXPL_UV_COUNT		4

struct script_explainer {
	struct gs_explain_job *job;	/* owned; NULL until made and once closed */
	int		 open;		/* made and not closed */
	struct gs_settings st;		/* the settings, owned (have_st) */
	int		 have_st;	/* st is filled */
	struct gs_model	*m;		/* the Model's (the job holds a reference) */
	struct script_data *data;	/* the Dataset's, or NULL */
	struct gs_selection sel;	/* data columns in model input order, owned */
	char		**names;	/* d feature names, owned */
	size_t		 d;		/* features */
	size_t		 output;	/* graph output */
	long		 cls;		/* class asked for, -1: predicted */
	struct gs_baseline bl;		/* a baseline made here, until the job takes it */
	int		 have_bl;	/* bl is filled */
	char		*bl_spec;	/* the name of a baseline made here, owned */
	struct gs_noise	 nz;		/* noise made here, until the job takes it */
	int		 have_nz;	/* nz is filled */
	void		*noise;		/* a Lua noise function's state, owned */
	struct gs_groups groups;	/* groups made here, until the job takes them */
	int		 have_groups;	/* groups is filled */
	struct gs_plan	*plan;		/* one-row plan for the predicted class */
	char		*data_name;	/* the dataset's name, owned, or NULL */
	struct gs_classes classes;	/* names of the output's elements */
	int		 enc_lent;	/* sel.enc is the Dataset's, not owned */
};

/* The Explainer at idx; raises unless it is open. */
static struct script_explainer *
script_explainer_check(lua_State *L, int idx)
{
	struct script_explainer *se = luaL_checkudata(L, idx, SCRIPT_EXPLAINER);

	if (!se->open || se->job == NULL)
		luaL_error(L, "this explainer is closed");
	return (se);
}

/* Free what an explainer owns (once): __gc, __close, e:close(). */
static int
script_explainer_close(lua_State *L)
{
	struct script_explainer *se = luaL_checkudata(L, 1, SCRIPT_EXPLAINER);
	size_t			 j;

	se->open = 0;
	job_free(se->job);
	se->job = NULL;
	plan_free(se->plan);
	se->plan = NULL;
	if (se->have_bl)
		baseline_clear(&se->bl);
	se->have_bl = 0;
	if (se->have_nz)
		noise_clear(&se->nz);
	se->have_nz = 0;
	/* After the job, whose noise called it. */
	script_noise_free(script_of(L), se->noise);
	se->noise = NULL;
	if (se->have_groups)
		groups_clear(&se->groups);
	se->have_groups = 0;
	if (se->have_st)
		settings_free(&se->st);
	se->have_st = 0;
	if (se->enc_lent)
		se->sel.enc = NULL;
	se->enc_lent = 0;
	dataset_selection_free(&se->sel);
	classes_clear(&se->classes);
	if (se->names != NULL)
		for (j = 0; j < se->d; j++)
			free(se->names[j]);
	free(se->names);
	se->names = NULL;
	free(se->bl_spec);
	se->bl_spec = NULL;
	free(se->data_name);
	se->data_name = NULL;
	se->m = NULL;
	se->data = NULL;
	return (0);
}

/*
 * Match the dataset's input columns to the model: by the model's input
 * names when it has them and the dataset has those columns, else in
 * order when the counts agree.
 */
static void
script_explainer_columns(lua_State *L, struct script_explainer *se,
    int impute_given)
{
	struct script_data	*sd = se->data;
	struct gs_error		 err;
	size_t			 j, d = se->d;
	long			 c;

	se->sel.cols = xcalloc(d + 1, sizeof *se->sel.cols);
	se->sel.n = d;
	se->sel.target = sd->sel.target;
	/* Categories: the Dataset's encoding, lent while it lives. */
	if (sd->sel.enc != NULL && sd->sel.enc->nfeat < sd->sel.enc->width &&
	    sd->sel.n == d) {
		if (!impute_given) {
			memcpy(se->sel.cols, sd->sel.cols,
			    d * sizeof *se->sel.cols);
			se->sel.enc = sd->sel.enc;
			se->enc_lent = 1;
			return;
		}
		/*
		 * An impute key beats the schema's own policies (as --impute
		 * and set impute do): an encoding of this explainer's own,
		 * so the Dataset's other explainers keep the schema's.
		 */
		dataset_selection_free(&se->sel);
		gs_error_clear(&err);
		if (encode_rebind(&sd->sel, sd->ds, sd->ds, &se->sel,
		    &err) != 0)
			luaL_error(L, "%s", err.msg);
		se->sel.enc->policy_given = 1;
		se->sel.enc->policy_spelled = "impute";
		return;
	}
	if (model_input_name(se->m, 0) != NULL) {
		for (j = 0; j < d; j++) {
			c = dataset_column(sd->ds, model_input_name(se->m, j));
			if (c < 0)
				break;
			se->sel.cols[j] = (size_t)c;
		}
		if (j == d)
			return;
	}
	if (sd->sel.n != d)
		luaL_error(L, "model '%s' takes %d inputs but %s has %d input "
		    "columns%s", model_name(se->m), (int)d, sd->ds->name,
		    (int)sd->sel.n, model_input_name(se->m, 0) != NULL ?
		    " (and lacks some of the model's input names)" : "");
	memcpy(se->sel.cols, sd->sel.cols, d * sizeof *se->sel.cols);
}

/* The feature names: the dataset's, the model's, or x1..xd. */
static void
script_explainer_names(struct script_explainer *se)
{
	size_t	j;
	char	*s;

	se->names = xcalloc(se->d + 1, sizeof *se->names);
	for (j = 0; j < se->d; j++) {
		if (se->data != NULL && se->sel.enc != NULL)
			s = xstrdup(encode_input_name(se->data->ds, &se->sel,
			    j));
		else if (se->data != NULL)
			s = xstrdup(se->data->ds->cols[se->sel.cols[j]].name);
		else if (model_input_name(se->m, j) != NULL)
			s = xstrdup(model_input_name(se->m, j));
		else
			xasprintf(&s, "x%zu", j + 1);
		se->names[j] = s;
	}
}

/*
 * A helper script's function: load the file at path (or a shipped script
 * of kind), and run its chunk with the options table at ai (0: none) and
 * the explainer's seed; it must return a function, left on the stack. A
 * bare word that names no script is what as job_names_script says: an
 * unknown spec.
 */
static void
script_explainer_load(lua_State *L, struct script_explainer *se,
    const char *what, const char *spec, const char *kind, int ai)
{
	struct gs_error	 err;
	const char	*path = job_script_path(spec);
	char		*full = script_resolve(path, kind);

	if (access(full, R_OK) != 0 && job_unknown_spec(what, spec,
	    &err) != 0) {
		free(full);
		script_raise(L, &err);
	}
	lua_pushstring(L, full);
	free(full);
	if (script_load_file(script_of(L), lua_tostring(L, -1)) != LUA_OK)
		lua_error(L);
	lua_remove(L, -2);
	if (ai != 0)
		lua_pushvalue(L, ai);
	else
		lua_pushnil(L);
	lua_pushinteger(L, (lua_Integer)se->st.seed);
	lua_call(L, 2, 1);
	if (lua_type(L, -1) != LUA_TFUNCTION)
		luaL_error(L, "%s: the script must return a function (it "
		    "returned %s)", path, luaL_typename(L, -1));
}

/*
 * An option naming a script with options, {"name.lua", k = 5, ...}: its
 * path is left at the top of the stack and the table moved to a new slot
 * returned (0 when the option is not such a table).
 */
static int
script_explainer_script_opts(lua_State *L, int vi)
{
	if (lua_type(L, vi) != LUA_TTABLE)
		return (0);
	if (lua_rawgeti(L, vi, 1) != LUA_TSTRING) {
		lua_pop(L, 1);
		return (0);
	}
	lua_pushvalue(L, vi);
	lua_insert(L, -2);
	lua_replace(L, vi);
	return (lua_gettop(L));
}

/*
 * The baseline of option baseline (at the top of the stack), when Lua
 * makes it: a script, a script with options, a function, or a table of
 * rows, into se->bl, or the per-row function into the explainer's user
 * value (ei). Returns 0 when the job builder makes it from the settings.
 */
static int
script_explainer_baseline(lua_State *L, struct script_explainer *se, int ei)
{
	struct gs_error	 err;
	const char	*spec;
	lua_Debug	 ar;
	int		 bi = lua_gettop(L), ai;

	gs_error_clear(&err);
	ai = script_explainer_script_opts(L, bi);
	if (lua_isnil(L, bi) || (lua_type(L, bi) == LUA_TSTRING &&
	    !job_names_script("baseline", lua_tostring(L, bi))))
		return (0);
	if (lua_type(L, bi) == LUA_TSTRING) {
		/* A baseline script: it returns the function. */
		spec = lua_tostring(L, bi);
		se->bl_spec = xstrdup(spec);
		script_explainer_load(L, se, "baseline", spec, "baselines", ai);
		lua_replace(L, bi);
	} else if (lua_type(L, bi) == LUA_TFUNCTION)
		se->bl_spec = xstrdup("function");
	if (lua_type(L, bi) == LUA_TFUNCTION) {
		lua_pushvalue(L, bi);
		lua_getinfo(L, ">u", &ar);
		if (ar.nparams >= 2 || ar.isvararg) {
			/* Called again for every row. */
			lua_pushvalue(L, bi);
			lua_setiuservalue(L, ei, EXPL_UV_BASELINE);
			return (1);
		}
		lua_pushvalue(L, bi);
		lua_getiuservalue(L, ei, EXPL_UV_DATA);
		lua_call(L, 1, 1);
		lua_replace(L, bi);
	}
	if (lua_type(L, bi) != LUA_TTABLE)
		luaL_error(L, "explainer option baseline must be a spec, a "
		    "script, a function or a table of rows");
	se->have_bl = 1;
	if (script_baseline_from(L, bi, se->d, se->bl_spec != NULL ?
	    se->bl_spec : "table", (const char *const *)se->names, &se->bl,
	    &err) != 0)
		script_raise(L, &err);
	return (1);
}

/*
 * The noise of option noise (at the top of the stack), when Lua makes it
 * (a script, a script with options, a function) into se->nz. Returns 0
 * when the job builder makes it.
 */
static int
script_explainer_noise(lua_State *L, struct script_explainer *se)
{
	const char	*spec = "function";
	int		 ni = lua_gettop(L), ai;

	ai = script_explainer_script_opts(L, ni);
	if (lua_isnil(L, ni) || lua_type(L, ni) == LUA_TNUMBER ||
	    (lua_type(L, ni) == LUA_TSTRING &&
	    !job_names_script("noise", lua_tostring(L, ni))))
		return (0);
	if (lua_type(L, ni) == LUA_TSTRING) {
		spec = lua_tostring(L, ni);
		lua_pushvalue(L, ni);	/* keeps spec alive */
		script_explainer_load(L, se, "noise", spec, "noise", ai);
		lua_replace(L, ni);
	} else if (lua_type(L, ni) != LUA_TFUNCTION)
		luaL_error(L, "explainer option noise must be a spec, a script "
		    "or a function");
	se->noise = script_noise_new(script_of(L), L, ni, se->data != NULL ?
	    se->data->ds : NULL, &se->sel, se->d);
	se->have_nz = 1;
	se->nz.spec = xstrdup(spec);
	se->nz.d = se->d;
	se->nz.fill = script_noise_fill;
	se->nz.fill_arg = se->noise;
	return (1);
}

/*
 * The groups of option groups (at the top of the stack), when Lua makes
 * them (a script, a script with options, a function, a table) into
 * se->groups. Returns 0 when the job builder makes them (off, auto).
 */
static int
script_explainer_groups(lua_State *L, struct script_explainer *se, int ei)
{
	struct gs_error	 err;
	const char	*spec = "table";
	int		 gi = lua_gettop(L), ai;
	size_t		 j;

	gs_error_clear(&err);
	ai = script_explainer_script_opts(L, gi);
	if (lua_isnil(L, gi) || (lua_type(L, gi) == LUA_TSTRING &&
	    !job_names_script("groups", lua_tostring(L, gi))))
		return (0);
	if (lua_type(L, gi) == LUA_TSTRING) {
		spec = lua_tostring(L, gi);
		lua_pushvalue(L, gi);	/* keeps spec alive */
		script_explainer_load(L, se, "groups", spec, "groups", ai);
		lua_replace(L, gi);
	}
	if (lua_type(L, gi) == LUA_TFUNCTION) {
		if (strcmp(spec, "table") == 0)
			spec = "function";
		lua_pushvalue(L, gi);
		lua_createtable(L, (int)se->d, 0);
		for (j = 0; j < se->d; j++) {
			lua_pushstring(L, se->names[j]);
			lua_rawseti(L, -2, (lua_Integer)j + 1);
		}
		lua_getiuservalue(L, ei, EXPL_UV_DATA);
		lua_call(L, 2, 1);
		lua_replace(L, gi);
	}
	se->have_groups = 1;
	if (script_groups_from(L, gi, (const char *const *)se->names, se->d,
	    spec, &se->groups, &err) != 0)
		script_raise(L, &err);
	return (1);
}

/* The bit of the Lua-only form of setting key ("baseline"). */
static unsigned
script_explainer_part(const char *key)
{
	return (1u << settings_index(settings_find_key(key)));
}

/*
 * gshap.explainer{model = M, data = D, and any setting of gshap(1) under
 * its Lua key: method, samples, steps, rule, smooth, abs, plan, tol,
 * max_samples, seed, output, baseline, noise, groups, impute, metrics,
 * batch_size (batch), threads}. Unknown keys are refused.
 */
static int
script_explainer_new(lua_State *L)
{
	struct gs_script	*sc = script_of(L);
	struct script_explainer	*se;
	struct script_model	*sm, *smb = NULL;
	struct gs_job_in	 in;
	struct gs_error		 err;
	uint64_t		 given = 0;
	int			 held, lua_parts = 0, per_row = 0;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	se = script_newudata(L, sizeof *se, SCRIPT_EXPLAINER, EXPL_UV_COUNT);
	/* 2: the explainer, closed until the job is made */
	lua_getfield(L, 1, "model");
	if (luaL_testudata(L, -1, SCRIPT_MODEL) == NULL)
		return (luaL_error(L, "explainer: model must be a gshap.Model, "
		    "not %s", luaL_typename(L, -1)));
	sm = script_model_check(L, -1);
	lua_setiuservalue(L, 2, EXPL_UV_MODEL);
	se->m = sm->m;
	se->d = model_input_len(sm->m);
	/* model_b is compare_model under the name (#18). */
	lua_getfield(L, 1, "compare_model");
	if (lua_getfield(L, 1, "model_b") != LUA_TNIL) {
		if (!lua_isnil(L, -2))
			return (luaL_error(L, "explainer: give compare_model "
			    "or model_b, not both"));
		lua_remove(L, -2);
	} else
		lua_pop(L, 1);
	if (!lua_isnil(L, -1)) {
		if (luaL_testudata(L, -1, SCRIPT_MODEL) == NULL)
			return (luaL_error(L, "explainer: compare_model must be "
			    "a gshap.Model, not %s", luaL_typename(L, -1)));
		smb = script_model_check(L, -1);
		lua_setiuservalue(L, 2, EXPL_UV_MODEL_B);
	} else
		lua_pop(L, 1);
	if (lua_getfield(L, 1, "data") != LUA_TNIL) {
		if (luaL_testudata(L, -1, SCRIPT_DATASET) == NULL)
			return (luaL_error(L, "explainer: data must be a "
			    "gshap.Dataset, not %s", luaL_typename(L, -1)));
		se->data = script_data_check(L, -1);
		se->data_name = xstrdup(se->data->ds->name);
		lua_setiuservalue(L, 2, EXPL_UV_DATA);
	} else
		lua_pop(L, 1);

	/* The settings, as every front end reads them. */
	settings_init(&se->st);
	se->have_st = 1;
	script_options_read(L, 1, &se->st, &given,
	    script_explainer_part("baseline") | script_explainer_part("noise") |
	    script_explainer_part("groups"));
	gs_error_clear(&err);
	if (settings_check_given(&se->st, given, NULL, &err) != 0 ||
	    settings_check(&se->st, &err) != 0)
		return (script_raise(L, &err));
	if (session_output_of(se->m, se->st.output, &se->output, &se->cls,
	    &err) != 0)
		return (script_raise(L, &err));

	if (se->data != NULL)
		script_explainer_columns(L, se, (int)(given >>
		    settings_index(settings_find("impute", NULL)) & 1));
	script_explainer_names(se);
	/*
	 * Class names: the classes key, else the data's schema or text
	 * target, else the model's; names given that do not fit are an error.
	 */
	if (classes_resolve(&se->classes, model_output_len(se->m, se->output),
	    settings_classes(&se->st), "classes",
	    se->data != NULL ? se->data->ds : NULL, se->data != NULL ?
	    &se->sel : NULL, model_meta(se->m, "classes"), &err) != 0) {
		classes_clear(&se->classes);
		if (settings_classes(&se->st) != NULL)
			return (script_raise(L, &err));
	}
	lua_getfield(L, 1, "baseline");
	if (method_info((enum gs_method)se->st.method)->baseline !=
	    GS_BASELINE_NONE && script_explainer_baseline(L, se, 2))
		per_row = lua_getiuservalue(L, 2, EXPL_UV_BASELINE) !=
		    LUA_TNIL;
	lua_settop(L, 2);
	lua_getfield(L, 1, "noise");
	if (settings_noise(&se->st) != NULL || !lua_isnil(L, -1))
		script_explainer_noise(L, se);
	lua_settop(L, 2);
	lua_getfield(L, 1, "groups");
	script_explainer_groups(L, se, 2);
	lua_settop(L, 2);

	/*
	 * Lua callbacks run one at a time, so more threads would only wait;
	 * a per-row baseline makes an explainer (and its threads) per row.
	 */
	lua_parts = sm->lua || (smb != NULL && smb->lua) || se->noise != NULL ||
	    per_row;
	if (lua_parts && !(given & ((uint64_t)1 << settings_index(
	    settings_find_key("threads")))))
		se->st.threads = 1;

	memset(&in, 0, sizeof in);
	in.model = sm->m;
	in.output = se->output;
	in.cls = se->cls;
	in.data = se->data != NULL ? se->data->ds : NULL;
	in.sel = se->data != NULL ? &se->sel : NULL;
	in.names = (const char *const *)se->names;
	in.d = se->d;
	in.cancel = script_cancelled;
	in.cancel_arg = sc;
	in.bl = se->have_bl ? &se->bl : NULL;
	in.bl_later = per_row;
	in.nz = se->have_nz ? &se->nz : NULL;
	in.groups = se->have_groups ? &se->groups : NULL;
	in.model_b = smb != NULL ? smb->m : NULL;
	/* It may evaluate the model on worker threads: let them into Lua. */
	held = script_release(sc);
	se->job = job_new(&in, &se->st, &err);
	script_reacquire(sc, held);
	/* The job took them (and freed them when it failed). */
	se->have_bl = se->have_nz = se->have_groups = 0;
	if (se->job == NULL)
		return (script_raise(L, &err));
	se->open = 1;
	return (1);
}

/*
 * The model's outputs for x, pushed as an array, and the class explained:
 * the one asked for, or the predicted one (the largest output).
 */
static long
script_explainer_predict(lua_State *L, struct script_explainer *se,
    const double *x)
{
	struct gs_error	 err;
	gs_real		*xr, *y;
	size_t		 j, k, best;

	gs_error_clear(&err);
	if (se->plan == NULL &&
	    (se->plan = plan_new(se->m, se->output, 1, &err)) == NULL)
		script_raise(L, &err);
	k = plan_output_len(se->plan);
	xr = lua_newuserdatauv(L, (se->d + k) * sizeof *xr, 0);
	y = xr + se->d;
	for (j = 0; j < se->d; j++)
		xr[j] = (gs_real)x[j];
	if (plan_forward(se->plan, xr, 1, y, &err) != 0)
		script_raise(L, &err);
	lua_createtable(L, (int)k, 0);
	for (best = 0, j = 0; j < k; j++) {
		lua_pushnumber(L, y[j]);
		lua_rawseti(L, -2, (lua_Integer)j + 1);
		if (y[j] > y[best])
			best = j;
	}
	lua_remove(L, -2);
	if (se->cls >= 0)
		return (se->cls);
	return ((long)best);
}

/* Read the row to explain (a row number or a table) into x; its number. */
static size_t
script_explainer_input(lua_State *L, struct script_explainer *se, int idx,
    double *x)
{
	struct gs_error	err;
	lua_Integer	r;

	gs_error_clear(&err);
	if (lua_type(L, idx) == LUA_TTABLE) {
		script_check_vector(L, idx, x, se->d,
		    (const char *const *)se->names, "x");
		return (0);
	}
	r = luaL_checkinteger(L, idx);
	if (se->data == NULL)
		luaL_error(L, "explain(%d): the explainer has no data; give "
		    "the row's values as a table", (int)r);
	if (se->data->ds == NULL)
		luaL_error(L, "the explainer's dataset is closed");
	if (r < 0 || (size_t)r >= se->data->ds->nrows)
		luaL_error(L, "row %d does not exist (%s has rows 0 to %d)",
		    (int)r, se->data->ds->name, (int)se->data->ds->nrows - 1);
	if (dataset_row(se->data->ds, &se->sel, (size_t)r, se->st.impute, x,
	    &err) != 0)
		script_raise(L, &err);
	return ((size_t)r);
}

struct gs_explainer *
script_explainer_teach(lua_State *L, int idx, int ri, const char *what,
    double **x, size_t *row, const char *const **names, size_t *d)
{
	struct script_explainer *se = script_explainer_check(L, idx);
	struct gs_explainer	*e = job_explainer(se->job);

	if (lua_getiuservalue(L, idx, EXPL_UV_BASELINE) != LUA_TNIL ||
	    e == NULL)
		luaL_error(L, "%s: the baseline set changes with the row", what);
	lua_pop(L, 1);
	*x = lua_newuserdatauv(L, (se->d + 1) * sizeof **x, 0);
	*row = script_explainer_input(L, se, ri, *x);
	*names = (const char *const *)se->names;
	*d = se->d;
	return (e);
}

size_t
script_explainer_count(lua_State *L, int idx)
{
	struct script_explainer *se = script_explainer_check(L, idx);

	return (method_info((enum gs_method)se->st.method)->unit ==
	    GS_UNIT_STEPS ? se->st.steps : attr_samples(job_opts(se->job),
	    se->d));
}

/* What the Explanations of se show besides the explanation. */
static void
script_explainer_about(struct script_explainer *se,
    struct script_expl_about *about)
{
	memset(about, 0, sizeof *about);
	about->names = (const char *const *)se->names;
	about->model = model_name(se->m);
	about->data = se->data_name;
	about->output = model_output_name(se->m, se->output);
	about->classes = &se->classes;
	about->m = se->m;
	about->output_index = se->output;
}

/*
 * Explain one row whose baseline set the baseline function gives: call it
 * with the dataset and {index, x, class}, give the job the rows it
 * returns, and run it. ei is the explainer's stack index.
 */
static void
script_explainer_row_bl(lua_State *L, struct script_explainer *se,
    const double *x, size_t row, struct gs_explanation *ex, int ei)
{
	struct gs_error	 err;
	int		 rc, held;
	long		 cls;

	gs_error_clear(&err);
	lua_getiuservalue(L, ei, EXPL_UV_BASELINE);
	lua_getiuservalue(L, ei, EXPL_UV_DATA);
	lua_createtable(L, 0, 4);
	cls = script_explainer_predict(L, se, x);
	lua_setfield(L, -2, "y");
	lua_pushinteger(L, (lua_Integer)row);
	lua_setfield(L, -2, "index");
	script_push_named(L, x, se->d, (const char *const *)se->names);
	lua_setfield(L, -2, "x");
	lua_pushinteger(L, cls);
	lua_setfield(L, -2, "class");
	lua_call(L, 2, 1);
	se->have_bl = 1;
	if (script_baseline_from(L, -1, se->d, se->bl_spec,
	    (const char *const *)se->names, &se->bl, &err) != 0)
		script_raise(L, &err);
	lua_pop(L, 1);
	held = script_release(script_of(L));
	rc = job_set_baseline(se->job, &se->bl, &err);
	se->have_bl = 0;
	if (rc == 0)
		rc = job_run(se->job, x, row, ex, &err);
	script_reacquire(script_of(L), held);
	if (rc != 0)
		script_raise(L, &err);
}

struct gs_explain_job *
script_explainer_job(lua_State *L, int idx, const char *const **names,
    size_t *d, double **x, size_t *row)
{
	struct script_explainer	*se = script_explainer_check(L, idx);

	if (lua_getiuservalue(L, idx, EXPL_UV_BASELINE) != LUA_TNIL)
		luaL_error(L, "compare: a baseline function made per row does "
		    "not work with two models yet");
	lua_pop(L, 1);
	*names = (const char *const *)se->names;
	*d = se->d;
	if (x != NULL) {
		*x = lua_newuserdatauv(L, (se->d + 1) * sizeof **x, 0);
		*row = script_explainer_input(L, se, idx + 1, *x);
	}
	return (se->job);
}

/*
 * e:explain(row) or e:explain(x [, row]): the explanation of data row row
 * (0-based), or of the values x (an array or a table by feature name),
 * known as row (default 0) for its random streams.
 */
static int
script_explainer_explain(lua_State *L)
{
	struct script_explainer	*se = script_explainer_check(L, 1);
	struct script_expl_about about;
	struct script_expl	*sx;
	struct gs_explanation	 ex;
	struct gs_error		 err;
	double			*x;
	size_t			 row;
	int			 rc, held, per_row;

	lua_settop(L, 3);
	per_row = lua_getiuservalue(L, 1, EXPL_UV_BASELINE) != LUA_TNIL;
	lua_pop(L, 1);
	x = lua_newuserdatauv(L, (se->d + 1) * sizeof *x, 0);
	row = script_explainer_input(L, se, 2, x);
	if (lua_type(L, 2) == LUA_TTABLE && !lua_isnoneornil(L, 3)) {
		lua_Integer r = luaL_checkinteger(L, 3);
		luaL_argcheck(L, r >= 0, 3, "row numbers are >= 0");
		row = (size_t)r;
	}
	memset(&ex, 0, sizeof ex);
	gs_error_clear(&err);
	sx = script_expl_push(L);
	lua_pushvalue(L, 1);	/* for ex:report */
	lua_setiuservalue(L, -2, 1);
	if (per_row)
		script_explainer_row_bl(L, se, x, row, &ex, 1);
	else {
		held = script_release(script_of(L));
		rc = job_run(se->job, x, row, &ex, &err);
		script_reacquire(script_of(L), held);
		if (rc != 0)
			return (script_raise(L, &err));
	}
	script_explainer_about(se, &about);
	script_expl_fill(sx, &ex, &about);
	return (1);
}

/*
 * e:explain_rows(rows) or e:explain_rows(first, last): explanations of
 * the data rows in the array rows, or first to last - 1, spread over the
 * worker threads. Returns an array.
 */
static int
script_explainer_explain_rows(lua_State *L)
{
	struct script_explainer	*se = script_explainer_check(L, 1);
	struct script_expl_about about;
	struct gs_explanation	*ex;
	struct gs_error		 err;
	lua_Integer		 n, i, first = 0, last;
	size_t			*rows;
	double			*xs;
	int			 rc, held;

	if (se->data == NULL || se->data->ds == NULL)
		return (luaL_error(L, "explain_rows: the explainer has no data "
		    "(or its dataset is closed)"));
	if (lua_type(L, 2) == LUA_TTABLE)
		n = (lua_Integer)lua_rawlen(L, 2);
	else {
		first = luaL_checkinteger(L, 2);
		last = luaL_optinteger(L, 3, (lua_Integer)se->data->ds->nrows);
		luaL_argcheck(L, first >= 0 && first <= last, 2, "bad range");
		n = last - first;
	}
	luaL_argcheck(L, n <= 1 << 24, 2, "too many rows");
	lua_settop(L, 3);
	rows = lua_newuserdatauv(L, (size_t)(n + 1) * sizeof *rows, 0);
	xs = lua_newuserdatauv(L, (size_t)(n + 1) * se->d * sizeof *xs, 0);
	for (i = 0; i < n; i++) {
		if (lua_type(L, 2) == LUA_TTABLE)
			lua_rawgeti(L, 2, i + 1);
		else
			lua_pushinteger(L, first + i);
		rows[i] = script_explainer_input(L, se, -1, xs + (size_t)i *
		    se->d);
		lua_pop(L, 1);
	}
	/* The results exist before the run, so filling them cannot fail. */
	lua_createtable(L, (int)n, 0);
	for (i = 0; i < n; i++) {
		script_expl_push(L);
		lua_pushvalue(L, 1);	/* for ex:report */
		lua_setiuservalue(L, -2, 1);
		lua_rawseti(L, -2, i + 1);
	}
	if (lua_getiuservalue(L, 1, EXPL_UV_BASELINE) != LUA_TNIL) {
		/* A per-row baseline: one explainer per row. */
		lua_pop(L, 1);
		for (i = 0; i < n; i++) {
			struct gs_explanation one;

			memset(&one, 0, sizeof one);
			script_explainer_row_bl(L, se, xs + (size_t)i * se->d,
			    rows[i], &one, 1);
			lua_rawgeti(L, -1, i + 1);
			script_explainer_about(se, &about);
			script_expl_fill(lua_touserdata(L, -1), &one, &about);
			lua_pop(L, 1);
		}
		return (1);
	}
	lua_pop(L, 1);
	ex = lua_newuserdatauv(L, (size_t)(n + 1) * sizeof *ex, 0);
	memset(ex, 0, (size_t)(n + 1) * sizeof *ex);
	gs_error_clear(&err);
	held = script_release(script_of(L));
	rc = job_run_many(se->job, xs, rows, (size_t)n, ex, NULL, &err);
	script_reacquire(script_of(L), held);
	if (rc != 0)
		return (script_raise(L, &err));
	script_explainer_about(se, &about);
	for (i = 0; i < n; i++) {
		lua_rawgeti(L, -2, i + 1);
		script_expl_fill(lua_touserdata(L, -1), &ex[i], &about);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return (1);
}

/*
 * The report options at oi (a table or nil): reasons, adverse, palette,
 * and reference (the CSV whose ranges values are checked against, gshap
 * report's --reference: *ref, a string kept on the stack's table).
 */
static void
script_explainer_report_opts(lua_State *L, int oi, struct gs_svg_opts *so,
    struct gs_reason_opts *ro, const char **ref)
{
	struct gs_error	err;
	lua_Integer	k;

	svg_opts_default(so);
	reasons_opts_default(ro);
	*ref = NULL;
	if (lua_isnoneornil(L, oi))
		return;
	luaL_checktype(L, oi, LUA_TTABLE);
	if (lua_getfield(L, oi, "reasons") != LUA_TNIL) {
		k = luaL_checkinteger(L, -1);
		if (k < 1 || k > 1000)
			luaL_error(L, "report: reasons must be 1 to 1000");
		ro->k = (size_t)k;
	}
	if (lua_getfield(L, oi, "adverse") != LUA_TNIL &&
	    reasons_adverse_parse(luaL_checkstring(L, -1), ro,
	    &err) != 0)
		script_raise(L, &err);
	if (lua_getfield(L, oi, "palette") != LUA_TNIL &&
	    svg_palette_parse(luaL_checkstring(L, -1), &so->palette,
	    &err) != 0)
		script_raise(L, &err);
	lua_pop(L, 3);
	/* A string of the options table: it lives while the table does. */
	if (lua_getfield(L, oi, "reference") != LUA_TNIL)
		*ref = luaL_checkstring(L, -1);
	lua_pop(L, 1);
}

/* Why no command reproduces what the explainer at ei does, or NULL. */
static const char *
script_explainer_why_not(lua_State *L, struct script_explainer *se, int ei)
{
	int	per_row;

	per_row = lua_getiuservalue(L, ei, EXPL_UV_BASELINE) != LUA_TNIL;
	lua_pop(L, 1);
	if (per_row || se->bl_spec != NULL || se->noise != NULL ||
	    (se->st.groups != NULL && strcmp(se->st.groups, "off") != 0 &&
	    job_wants_lua(&se->st)))
		return ("the baseline, noise or groups came from Lua");
	return (NULL);
}

int
script_explainer_report_rows(lua_State *L, int ei, int pi, int ri, int oi,
    const struct gs_explanation *want)
{
	struct script_explainer	*se = script_explainer_check(L, ei);
	struct script_model	*sm;
	struct gs_report_job	 j;
	struct gs_svg_opts	 so;
	struct gs_reason_opts	 ro;
	struct gs_session	 s;
	struct gs_explanation	*ex;
	const struct gs_explanation **p;
	struct gs_error		 err;
	const char		*path = luaL_checkstring(L, pi), *ref;
	struct gs_dataset	*refds = NULL;
	char			*buf = NULL, *rbuf;
	size_t			 rsize;
	size_t			*rows, len = 0, n, i;
	double			*xs;
	FILE			*mf;
	int			 rc, held;

	ei = lua_absindex(L, ei);
	ri = lua_absindex(L, ri);
	if (se->data == NULL || se->data->ds == NULL)
		return (luaL_error(L, "report: the explainer has no data (or "
		    "its dataset is closed)"));
	script_explainer_report_opts(L, oi, &so, &ro, &ref);
	lua_getiuservalue(L, ei, EXPL_UV_MODEL);
	sm = script_model_check(L, -1);
	lua_pop(L, 1);
	if (sm->path[0] == '\0' || se->data->sha256[0] == '\0') {
		luaL_pushfail(L);
		lua_pushstring(L, "report: the model or the data was not read "
		    "from a file (a model defined in Lua has none)");
		return (2);
	}
	n = lua_type(L, ri) == LUA_TTABLE ? lua_rawlen(L, ri) : 1;
	luaL_argcheck(L, n >= 1 && n <= 200, ri, "1 to 200 rows");
	rows = lua_newuserdatauv(L, n * sizeof *rows, 0);
	xs = lua_newuserdatauv(L, n * (se->d + 1) * sizeof *xs, 0);
	for (i = 0; i < n; i++) {
		if (lua_type(L, ri) == LUA_TTABLE)
			lua_rawgeti(L, ri, (lua_Integer)i + 1);
		else
			lua_pushvalue(L, ri);
		if (!lua_isinteger(L, -1))
			return (luaL_error(L, "report: rows are data row numbers"));
		rows[i] = script_explainer_input(L, se, -1, xs + i * se->d);
		lua_pop(L, 1);
	}
	/* An explanation of values the script gave is not of a data row. */
	for (i = 0; want != NULL && i < se->d; i++) {
		if (want->d != se->d || (xs[i] != want->value[i] &&
		    !(isnan(xs[i]) && isnan(want->value[i])))) {
			luaL_pushfail(L);
			lua_pushfstring(L, "report: this explanation is of values "
			    "the script gave, not of data row %d; report on "
			    "data rows with e:report(path, rows)",
			    (int)rows[0]);
			return (2);
		}
	}
	memset(&j, 0, sizeof j);
	j.no_command = script_explainer_why_not(L, se, ei);
	ex = lua_newuserdatauv(L, (n + 1) * sizeof *ex, 0);
	p = lua_newuserdatauv(L, (n + 1) * sizeof *p, 0);
	memset(ex, 0, (n + 1) * sizeof *ex);
	gs_error_clear(&err);
	/* From here on nothing raises: the explanations are cleared below. */
	held = script_release(script_of(L));
	rc = job_run_many(se->job, xs, rows, n, ex, NULL, &err);
	script_reacquire(script_of(L), held);
	/* The reference: read where the sandbox allows, as load_data reads. */
	if (rc == 0 && ref != NULL) {
		if ((rbuf = script_path_read(script_of(L), ref,
		    GS_CSV_MAX_SIZE, &rsize, &err)) == NULL)
			rc = -1;
		else {
			refds = dataset_load_buffer(rbuf, rsize, ref, &err);
			free(rbuf);
			if (refds == NULL)
				rc = -1;
		}
	}
	if (rc == 0) {
		memset(&s, 0, sizeof s);
		s.model = se->m;
		s.model_path = sm->path;
		s.data = se->data->ds;
		s.sel = se->sel;
		s.names = (const char **)se->names;
		s.output = se->output;
		for (i = 0; i < n; i++)
			p[i] = &ex[i];
		j.s = &s;
		j.st = &se->st;
		j.threads = job_threads(se->job);
		j.svg = &so;
		j.reasons = &ro;
		j.model_sha256 = sm->sha256;
		j.data_sha256 = se->data->sha256;
		j.reference = ref;
		j.reference_ds = refds;
		if ((mf = open_memstream(&buf, &len)) == NULL)
			rc = gs_error_set(&err, GS_EIO, "report: out of memory");
		else {
			rc = report_session(mf, &j, p, n, &err);
			if (fclose(mf) != 0 && rc == 0)
				rc = gs_error_set(&err, GS_EIO, "report: out of "
				    "memory");
		}
		if (rc == 0)
			rc = script_write_file(script_of(L), path, buf, len,
			    &err);
		free(buf);
	}
	for (i = 0; i < n; i++)
		explanation_clear(&ex[i]);
	dataset_free(refds);
	return (script_written(L, rc, &err));
}

/* e:report(path, rows [, opts]): the HTML report on data rows rows. */
static int
script_explainer_report(lua_State *L)
{
	script_explainer_check(L, 1);
	return (script_explainer_report_rows(L, 1, 2, 3, 4, NULL));
}

/* e:base([class]): E[f(b)] over the baseline set, for class (0-based). */
static int
script_explainer_base(lua_State *L)
{
	struct script_explainer	*se = script_explainer_check(L, 1);
	lua_Integer		 c;

	c = luaL_optinteger(L, 2, se->cls >= 0 ? se->cls : 0);
	if (lua_getiuservalue(L, 1, EXPL_UV_BASELINE) != LUA_TNIL ||
	    job_explainer(se->job) == NULL)
		return (luaL_error(L, "base: the baseline set changes with the "
		    "row"));
	luaL_argcheck(L, c >= 0, 2, "classes are >= 0");
	lua_pushnumber(L, explainer_base(job_explainer(se->job), (size_t)c));
	return (1);
}

/*
 * e:noise(row or x, n): n samples of the noise the explainer adds to that
 * row, an array of arrays (nil without noise). A noise function gives
 * exactly the draws of samples 0 to n-1; Gaussian noise, draws of the same
 * distribution.
 */
static int
script_explainer_noise_l(lua_State *L)
{
	struct script_explainer	*se = script_explainer_check(L, 1);
	const struct gs_noise	*nz = job_noise(se->job);
	struct gs_error		 err;
	struct gs_rng		 r;
	lua_Integer		 n = luaL_checkinteger(L, 3), i;
	double			*x, *v;
	size_t			 row, j, d = se->d;

	luaL_argcheck(L, n >= 1 && n <= 1 << 20, 3, "1 to 1048576 samples");
	x = lua_newuserdatauv(L, (d + 1) * sizeof *x, 0);
	row = script_explainer_input(L, se, 2, x);
	if (nz == NULL)
		return (0);
	v = lua_newuserdatauv(L, (size_t)n * d * sizeof *v, 0);
	gs_error_clear(&err);
	if (nz->fill != NULL) {
		if (nz->fill(nz->fill_arg, row, x, (size_t)n, d, se->st.seed, 0,
		    v, &err) != 0)
			return (script_raise(L, &err));
	} else {
		for (i = 0; i < n; i++) {
			gs_rng_init2(&r, se->st.seed ^ UINT64_C(0x6e6f697365),
			    row, (uint64_t)i);
			for (j = 0; j < d; j++)
				v[(size_t)i * d + j] = nz->sigma[j] *
				    gs_rng_normal(&r);
		}
	}
	lua_createtable(L, (int)n, 0);
	for (i = 0; i < n; i++) {
		script_push_array(L, v + (size_t)i * d, d);
		lua_rawseti(L, -2, i + 1);
	}
	return (1);
}

/* e:names(): the feature names. */
static int
script_explainer_names_l(lua_State *L)
{
	struct script_explainer	*se = script_explainer_check(L, 1);
	size_t			 j;

	lua_createtable(L, (int)se->d, 0);
	for (j = 0; j < se->d; j++) {
		lua_pushstring(L, se->names[j]);
		lua_rawseti(L, -2, (lua_Integer)j + 1);
	}
	return (1);
}

/* e:baseline(): the baseline rows (arrays) and weights, or nil. */
static int
script_explainer_baseline_l(lua_State *L)
{
	struct script_explainer	*se = script_explainer_check(L, 1);
	const struct gs_baseline *bl = job_baseline(se->job);
	size_t			 i, j;

	if (bl == NULL)
		return (0);
	lua_createtable(L, 0, 3);
	lua_createtable(L, (int)bl->n, 0);
	for (i = 0; i < bl->n; i++) {
		lua_createtable(L, (int)se->d, 0);
		for (j = 0; j < bl->d; j++) {
			lua_pushnumber(L, bl->rows[i * bl->d + j]);
			lua_rawseti(L, -2, (lua_Integer)j + 1);
		}
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "rows");
	if (bl->weights != NULL) {
		script_push_array(L, bl->weights, bl->n);
		lua_setfield(L, -2, "weights");
	}
	lua_pushstring(L, bl->desc != NULL ? bl->desc : "");
	lua_setfield(L, -2, "desc");
	return (1);
}

static int
script_explainer_tostring(lua_State *L)
{
	struct script_explainer *se = luaL_checkudata(L, 1, SCRIPT_EXPLAINER);

	if (!se->open)
		lua_pushliteral(L, "gshap.Explainer (closed)");
	else
		lua_pushfstring(L, "gshap.Explainer(%s on %s)",
		    method_name((enum gs_method)se->st.method),
		    model_name(se->m));
	return (1);
}

/*
 * Register gshap.Explainer (its metatable protected) and add
 * gshap.explainer to the module table on top of the stack.
 */
void
script_explainer_open(lua_State *L)
{
	static const luaL_Reg methods[] = {
		{ "explain", script_explainer_explain },
		{ "explain_rows", script_explainer_explain_rows },
		{ "report", script_explainer_report },
		{ "base", script_explainer_base },
		{ "names", script_explainer_names_l },
		{ "baseline", script_explainer_baseline_l },
		{ "noise", script_explainer_noise_l },
		{ "path", script_explainer_path },
		{ "trace", script_explainer_trace },
		{ "convergence", script_explainer_convergence },
		{ "compare", script_compare_row },
		{ "compare_rows", script_compare_rows },
		{ "close", script_explainer_close },
		{ NULL, NULL }
	};
	static const luaL_Reg meta[] = {
		{ "__gc", script_explainer_close },
		{ "__close", script_explainer_close },
		{ "__tostring", script_explainer_tostring },
		{ NULL, NULL }
	};

	script_newclass(L, SCRIPT_EXPLAINER, meta, methods, "__index");

	lua_pushcfunction(L, script_explainer_new);
	lua_setfield(L, -2, "explainer");
}

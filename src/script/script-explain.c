/* SPDX-License-Identifier: ISC */
/*
 * gshap.Explainer (a model, a dataset, a method and its options, a
 * baseline set, noise and groups) and gshap.Explanation (the result for
 * one row: f(x), base value, gap, values, attributions, standard errors,
 * groups), with sorting, saving through a temporary file, and plain-text
 * rendering as a table, a bar chart or a force summary.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attr/explainer.h"
#include "attr/trust.h"
#include "core/rng.h"
#include "core/xmalloc.h"
#include "script/script-int.h"
#include "session/export.h"
#include "tui/tui.h"

/* User values of an Explainer: what it borrows, kept alive. */
#define EXPL_UV_MODEL		1	/* the Model */
#define EXPL_UV_DATA		2	/* the Dataset, or nil */
#define EXPL_UV_BASELINE	3	/* a per-row baseline function, or nil */
#define EXPL_UV_COUNT		3

struct script_explainer {
	struct gs_explainer *e;		/* owned; NULL for a per-row baseline */
	struct gs_model	*m;		/* borrowed from the Model */
	struct script_data *data;	/* borrowed from the Dataset, or NULL */
	struct gs_selection sel;	/* data columns in model input order, owned */
	char		**names;	/* d feature names, owned */
	size_t		 d;		/* features */
	size_t		 output;	/* graph output */
	struct gs_attr_opts opts;	/* method options */
	int		 impute;	/* fill missing cells with column means */
	struct gs_baseline bl;		/* baseline set, owned */
	int		 have_bl;	/* bl is filled */
	char		*bl_spec;	/* a per-row baseline's name, owned */
	struct gs_noise	 nz;		/* noise, owned */
	void		*noise;		/* a Lua noise function's state, owned */
	struct gs_groups groups;	/* feature groups, owned */
	int		 have_groups;	/* groups is filled */
	struct gs_plan	*plan;		/* one-row plan for the predicted class */
	char		*data_name;	/* the dataset's name, owned, or NULL */
	int		 metrics;	/* quality metrics with each explanation */
	struct gs_baseline mbl;		/* column means, for metrics without a baseline, owned */
	double		*scale;		/* d feature standard deviations for metrics, owned, or NULL */
};

struct script_expl {
	struct gs_explanation ex;	/* the result, owned */
	char		**names;	/* ex.d feature names, owned */
	char		*model;		/* model name, owned */
	char		*data;		/* dataset name, owned, or NULL */
	char		*output;	/* graph output name, owned */
	char		*bl_spec;	/* baseline spec (ex.baseline), owned */
	char		*bl_desc;	/* what the baseline set holds, owned */
	char		*noise;		/* noise spec (ex.noise), owned */
	struct gs_groups groups;	/* copy of the groups (ex.groups), owned */
	int		 have_groups;	/* groups is filled */
};

static struct script_explainer *
script_explainer_check(lua_State *L, int idx)
{
	struct script_explainer *se = luaL_checkudata(L, idx, SCRIPT_EXPLAINER);

	if (se->m == NULL)
		luaL_error(L, "this explainer is closed");
	return (se);
}

static struct script_expl *
script_expl_check(lua_State *L, int idx)
{
	struct script_expl *sx = luaL_checkudata(L, idx, SCRIPT_EXPLANATION);

	if (sx->names == NULL)
		luaL_error(L, "this explanation is closed");
	return (sx);
}

/* Free what an explainer owns (once): __gc, __close, e:close(). */
static int
script_explainer_close(lua_State *L)
{
	struct script_explainer *se = luaL_checkudata(L, 1, SCRIPT_EXPLAINER);
	struct script_model	*sm;
	size_t			 j;

	if (se->m != NULL && lua_getiuservalue(L, 1, EXPL_UV_MODEL) ==
	    LUA_TUSERDATA) {
		/* Let the model go if it was closed while in use. */
		sm = luaL_checkudata(L, -1, SCRIPT_MODEL);
		explainer_free(se->e);
		se->e = NULL;
		plan_free(se->plan);
		se->plan = NULL;
		if (--sm->users == 0 && sm->closed)
			script_model_release(L, sm);
	}
	explainer_free(se->e);
	se->e = NULL;
	plan_free(se->plan);
	se->plan = NULL;
	baseline_clear(&se->bl);
	baseline_clear(&se->mbl);
	free(se->scale);
	se->scale = NULL;
	noise_clear(&se->nz);
	script_noise_free(script_of(L), se->noise);
	se->noise = NULL;
	if (se->have_groups)
		groups_clear(&se->groups);
	se->have_groups = 0;
	dataset_selection_free(&se->sel);
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

/* Free what an explanation owns (once). */
static int
script_expl_close(lua_State *L)
{
	struct script_expl *sx = luaL_checkudata(L, 1, SCRIPT_EXPLANATION);
	size_t		    j;

	if (sx->names != NULL)
		for (j = 0; j < sx->ex.d; j++)
			free(sx->names[j]);
	free(sx->names);
	sx->names = NULL;
	explanation_clear(&sx->ex);
	free(sx->model);
	free(sx->data);
	free(sx->output);
	free(sx->bl_spec);
	free(sx->bl_desc);
	free(sx->noise);
	sx->model = sx->data = sx->output = NULL;
	sx->bl_spec = sx->bl_desc = sx->noise = NULL;
	if (sx->have_groups)
		groups_clear(&sx->groups);
	sx->have_groups = 0;
	return (0);
}

/* Integer option name of the table at 1, in [lo, hi], or def. */
static lua_Integer
script_opt_int(lua_State *L, const char *name, lua_Integer lo,
    lua_Integer hi, lua_Integer def)
{
	lua_Integer	v;
	int		t = lua_getfield(L, 1, name);

	if (t == LUA_TNIL) {
		lua_pop(L, 1);
		return (def);
	}
	if (!lua_isinteger(L, -1)) {
		if (t == LUA_TNUMBER && lua_tonumber(L, -1) ==
		    floor(lua_tonumber(L, -1)) && fabs(lua_tonumber(L, -1)) <
		    9e18)
			v = (lua_Integer)lua_tonumber(L, -1);
		else
			return (luaL_error(L, "explainer option %s must be a "
			    "whole number", name));
	} else
		v = lua_tointeger(L, -1);
	if (v < lo || v > hi)
		return (luaL_error(L, "explainer option %s must be %I to %I",
		    name, lo, hi));
	lua_pop(L, 1);
	return (v);
}

/* String option name of the table at 1, or NULL (left on the stack). */
static const char *
script_opt_str(lua_State *L, const char *name)
{
	int	t = lua_getfield(L, 1, name);

	if (t == LUA_TNIL)
		return (NULL);
	if (t != LUA_TSTRING)
		luaL_error(L, "explainer option %s must be a string", name);
	return (lua_tostring(L, -1));
}

/* Whether s ends in ".lua". */
static int
script_is_lua_path(const char *s)
{
	size_t	len = strlen(s);

	return (len > 4 && strcmp(s + len - 4, ".lua") == 0);
}

/*
 * Whether the option text s names a script of kind rather than a built-in
 * spec: it ends in ".lua", or is a shipped script's name ("kmeans").
 */
static int
script_is_script(const char *s, const char *kind)
{
	char	*full;
	int	 found;

	if (script_is_lua_path(s))
		return (1);
	if (strcmp(kind, "baselines") == 0 && (strcmp(s, "zeros") == 0 ||
	    strcmp(s, "mean") == 0 || strcmp(s, "data") == 0 ||
	    strchr(s, ':') != NULL))
		return (0);
	full = script_resolve(s, kind);
	found = script_is_lua_path(full) && access(full, R_OK) == 0;
	free(full);
	return (found);
}

/*
 * Match the dataset's input columns to the model: by the model's input
 * names when it has them and the dataset has those columns, else in
 * order when the counts agree.
 */
static void
script_explainer_columns(lua_State *L, struct script_explainer *se)
{
	struct script_data	*sd = se->data;
	size_t			 j, d = se->d;
	long			 c;

	se->sel.cols = xcalloc(d + 1, sizeof *se->sel.cols);
	se->sel.n = d;
	se->sel.target = sd->sel.target;
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
		if (se->data != NULL)
			s = xstrdup(se->data->ds->cols[se->sel.cols[j]].name);
		else if (model_input_name(se->m, j) != NULL)
			s = xstrdup(model_input_name(se->m, j));
		else
			xasprintf(&s, "x%zu", j + 1);
		se->names[j] = s;
	}
}

/* Raise with err's message after checking the explainer has data. */
static void
script_explainer_need_data(lua_State *L, struct script_explainer *se,
    const char *what, const char *spec)
{
	if (se->data == NULL)
		luaL_error(L, "%s '%s' needs data (give data = a dataset)",
		    what, spec);
}

/*
 * A helper script's function: load the file at path (or a shipped script
 * of kind), and run its chunk with the options table at ai (0: none) and
 * the explainer's seed; it must return a function, left on the stack.
 */
static void
script_explainer_load(lua_State *L, struct script_explainer *se,
    const char *path, const char *kind, int ai)
{
	char	*full = script_resolve(path, kind);

	lua_pushstring(L, full);
	free(full);
	if (script_load_file(script_of(L), lua_tostring(L, -1)) != LUA_OK)
		lua_error(L);
	lua_remove(L, -2);
	if (ai != 0)
		lua_pushvalue(L, ai);
	else
		lua_pushnil(L);
	lua_pushinteger(L, (lua_Integer)se->opts.seed);
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
 * Set up the baseline from option baseline (at the top of the stack) for
 * the explainer at ei; kind is the method's need (0 none, 1 a set, 2 one
 * row).
 */
static void
script_explainer_baseline(lua_State *L, struct script_explainer *se, int ei,
    int kind)
{
	struct gs_error	 err;
	const char	*spec;
	lua_Debug	 ar;
	int		 bi = lua_gettop(L), ai;

	gs_error_clear(&err);
	ai = script_explainer_script_opts(L, bi);
	if (lua_isnil(L, bi)) {
		if (kind == 0)
			return;
		spec = se->data == NULL ? "zeros" : kind == 1 ? "data" : "mean";
		lua_pushstring(L, spec);
		lua_replace(L, bi);
	}
	if (kind == 0)
		luaL_error(L, "baseline does not apply to %s",
		    method_name(se->opts.method));
	if (lua_type(L, bi) == LUA_TSTRING &&
	    !script_is_script(lua_tostring(L, bi), "baselines")) {
		spec = lua_tostring(L, bi);
		if (strcmp(spec, "zeros") == 0 && se->data == NULL) {
			se->bl.spec = xstrdup("zeros");
			se->bl.desc = xstrdup("zeros");
			se->bl.n = 1;
			se->bl.d = se->d;
			se->bl.rows = xcalloc(se->d, sizeof *se->bl.rows);
		} else {
			script_explainer_need_data(L, se, "baseline", spec);
			if (baseline_make(&se->bl, spec, se->data->ds, &se->sel,
			    se->impute, se->opts.seed, &err) != 0)
				script_raise(L, &err);
		}
		se->have_bl = 1;
		return;
	}
	if (lua_type(L, bi) == LUA_TSTRING) {
		/* A baseline script: it returns the function. */
		spec = lua_tostring(L, bi);
		se->bl_spec = xstrdup(spec);
		script_explainer_load(L, se, spec, "baselines", ai);
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
			return;
		}
		lua_pushvalue(L, bi);
		lua_getiuservalue(L, ei, EXPL_UV_DATA);
		lua_call(L, 1, 1);
		lua_replace(L, bi);
	}
	if (lua_type(L, bi) != LUA_TTABLE)
		luaL_error(L, "explainer option baseline must be a spec, a "
		    "script, a function or a table of rows");
	script_baseline_from(L, bi, se->d, se->bl_spec != NULL ? se->bl_spec :
	    "table", (const char *const *)se->names, &se->bl, &err);
	se->have_bl = 1;
}

/* Set up the noise from option noise (at the top of the stack). */
static void
script_explainer_noise(lua_State *L, struct script_explainer *se)
{
	struct gs_error	 err;
	const char	*spec = "function";
	int		 ni = lua_gettop(L), ai;
	size_t		 j;
	double		 v;
	char		*end;

	gs_error_clear(&err);
	ai = script_explainer_script_opts(L, ni);
	if (lua_isnil(L, ni)) {
		if (se->opts.method != GS_METHOD_SMOOTHGRAD)
			return;
		lua_pushliteral(L, "15%");
		lua_replace(L, ni);
	}
	if (se->opts.method != GS_METHOD_GRADSHAP &&
	    se->opts.method != GS_METHOD_SMOOTHGRAD)
		luaL_error(L, "noise applies to gradshap and smoothgrad only");
	if (lua_type(L, ni) == LUA_TNUMBER) {
		lua_pushfstring(L, "%s", lua_tostring(L, ni));
		lua_replace(L, ni);
	}
	if (lua_type(L, ni) == LUA_TSTRING &&
	    !script_is_script(lua_tostring(L, ni), "noise")) {
		spec = lua_tostring(L, ni);
		if (se->data != NULL) {
			if (noise_make(&se->nz, spec, se->data->ds, &se->sel,
			    &err) != 0)
				script_raise(L, &err);
			return;
		}
		v = strtod(spec, &end);
		if (end == spec || *end != '\0' || !isfinite(v) || v < 0)
			luaL_error(L, "noise '%s' needs data, or give an "
			    "absolute standard deviation", spec);
		if (v == 0)
			return;
		se->nz.spec = xstrdup(spec);
		se->nz.d = se->d;
		se->nz.sigma = xcalloc(se->d, sizeof *se->nz.sigma);
		for (j = 0; j < se->d; j++)
			se->nz.sigma[j] = v;
		return;
	}
	if (lua_type(L, ni) == LUA_TSTRING) {
		spec = lua_tostring(L, ni);
		script_explainer_load(L, se, spec, "noise", ai);
		lua_replace(L, ni);
	} else if (lua_type(L, ni) != LUA_TFUNCTION)
		luaL_error(L, "explainer option noise must be a spec, a script "
		    "or a function");
	se->noise = script_noise_new(script_of(L), L, ni, se->data != NULL ?
	    se->data->ds : NULL, &se->sel, se->d);
	se->nz.spec = xstrdup(spec);
	se->nz.d = se->d;
	se->nz.fill = script_noise_fill;
	se->nz.fill_arg = se->noise;
}

/* Set up the groups from option groups (at the top of the stack). */
static void
script_explainer_groups(lua_State *L, struct script_explainer *se, int ei)
{
	struct gs_error	 err;
	const char	*spec = "table";
	int		 gi = lua_gettop(L), ai;
	size_t		 j;

	gs_error_clear(&err);
	ai = script_explainer_script_opts(L, gi);
	if (lua_isnil(L, gi))
		return;
	if (lua_type(L, gi) == LUA_TSTRING &&
	    strcmp(lua_tostring(L, gi), "auto") == 0) {
		groups_auto(&se->groups, (const char *const *)se->names, se->d);
		se->have_groups = 1;
		return;
	}
	if (lua_type(L, gi) == LUA_TSTRING) {
		spec = lua_tostring(L, gi);
		lua_pushvalue(L, gi);	/* keeps spec alive */
		script_explainer_load(L, se, spec, "groups", ai);
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
	if (script_groups_from(L, gi, (const char *const *)se->names, se->d,
	    spec, &se->groups, &err) != 0)
		script_raise(L, &err);
	se->have_groups = 1;
}

/* Make the gs_explainer (also per row, with that row's baseline set). */
static struct gs_explainer *
script_explainer_make(lua_State *L, struct script_explainer *se,
    const struct gs_baseline *bl)
{
	struct gs_explainer	*e;
	struct gs_error		 err;
	int			 held;

	gs_error_clear(&err);
	/* It may evaluate the model on worker threads: let them into Lua. */
	held = script_release(script_of(L));
	e = explainer_new(se->m, se->output, &se->opts, bl,
	    se->nz.sigma != NULL || se->nz.fill != NULL ? &se->nz : NULL, &err);
	script_reacquire(script_of(L), held);
	if (e == NULL)
		script_raise(L, &err);
	if (se->have_groups && explainer_set_groups(e, &se->groups,
	    &err) != 0) {
		explainer_free(e);
		script_raise(L, &err);
	}
	return (e);
}

/*
 * For option metrics: features are replaced by the baselines, or by the
 * data's column means for methods that take none; perturbations scale
 * with each column's standard deviation (1 without data).
 */
static void
script_explainer_metrics_setup(lua_State *L, struct script_explainer *se,
    int kind)
{
	struct gs_error	 err;
	double		 mean, sd;
	size_t		 j;

	gs_error_clear(&err);
	if (kind == 0) {
		if (se->data == NULL)
			luaL_error(L, "explainer option metrics needs data for "
			    "%s (features are replaced by the column means)",
			    method_name(se->opts.method));
		if (baseline_make(&se->mbl, "mean", se->data->ds, &se->sel,
		    se->impute, se->opts.seed, &err) != 0)
			script_raise(L, &err);
	}
	if (se->data == NULL)
		return;
	se->scale = xcalloc(se->d + 1, sizeof *se->scale);
	for (j = 0; j < se->d; j++) {
		dataset_column_stats(se->data->ds, se->sel.cols[j], &mean, &sd);
		se->scale[j] = isfinite(sd) ? sd : 1;
	}
}

/*
 * With option metrics, measure ex of x (row), made by e, into ex->metrics.
 * Returns 0, or -1 with err set (and ex left to the caller to clear).
 */
static int
script_explainer_metrics(lua_State *L, struct script_explainer *se,
    struct gs_explainer *e, const double *x, size_t row,
    struct gs_explanation *ex, struct gs_error *err)
{
	struct gs_metrics_opts	 mo;
	int			 rc, held;

	if (!se->metrics)
		return (0);
	metrics_opts_default(&mo);
	mo.bl = se->mbl.n > 0 ? &se->mbl : NULL;
	mo.scale = se->scale;
	held = script_release(script_of(L));
	rc = metrics_compute(e, x, row, ex, &mo, err);
	script_reacquire(script_of(L), held);
	if (rc != 0)
		return (gs_error_prefix(err, "metrics: "));
	return (0);
}

/*
 * gshap.explainer{model = M, data = D, method = "gradshap", baseline =
 * ..., noise = ..., samples = N, steps = N, rule = R, smooth = S, abs =
 * bool, seed = S, output = K or "name[:K]", batch = N, threads = N,
 * impute = true, groups = ..., metrics = true}.
 */
static int
script_explainer_new(lua_State *L)
{
	struct gs_script	*sc = script_of(L);
	struct script_explainer	*se;
	struct script_model	*sm;
	const char		*s;
	long			 cls;
	int			 kind, lua_parts, per_row;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	se = script_newudata(L, sizeof *se, SCRIPT_EXPLAINER, EXPL_UV_COUNT);
	/* 2: the explainer */
	lua_getfield(L, 1, "model");
	if (luaL_testudata(L, -1, SCRIPT_MODEL) == NULL)
		return (luaL_error(L, "explainer: model must be a gshap.Model, "
		    "not %s", luaL_typename(L, -1)));
	sm = script_model_check(L, -1);
	lua_setiuservalue(L, 2, EXPL_UV_MODEL);
	se->m = sm->m;
	sm->users++;
	se->d = model_input_len(sm->m);
	if (lua_getfield(L, 1, "data") != LUA_TNIL) {
		if (luaL_testudata(L, -1, SCRIPT_DATASET) == NULL)
			return (luaL_error(L, "explainer: data must be a "
			    "gshap.Dataset, not %s", luaL_typename(L, -1)));
		se->data = script_data_check(L, -1);
		se->data_name = xstrdup(se->data->ds->name);
		lua_setiuservalue(L, 2, EXPL_UV_DATA);
	} else
		lua_pop(L, 1);

	attr_opts_default(&se->opts);
	if ((s = script_opt_str(L, "method")) != NULL &&
	    method_parse(s, &se->opts.method) != 0)
		return (luaL_error(L, "unknown method '%s'", s));
	lua_pop(L, s != NULL);
	se->opts.samples = (size_t)script_opt_int(L, "samples", 1, 100000000,
	    (lua_Integer)se->opts.samples);
	se->opts.steps = (size_t)script_opt_int(L, "steps", 1, 10000000,
	    (lua_Integer)se->opts.steps);
	se->opts.batch = (size_t)script_opt_int(L, "batch", 1, 1 << 20,
	    (lua_Integer)se->opts.batch);
	se->opts.seed = (uint64_t)script_opt_int(L, "seed", 0,
	    LUA_MAXINTEGER, 0);
	if ((s = script_opt_str(L, "rule")) != NULL &&
	    rule_parse(s, &se->opts.rule) != 0)
		return (luaL_error(L, "unknown rule '%s'", s));
	lua_pop(L, s != NULL);
	if ((s = script_opt_str(L, "smooth")) != NULL &&
	    smooth_parse(s, &se->opts.smooth) != 0)
		return (luaL_error(L, "unknown smooth aggregate '%s'", s));
	lua_pop(L, s != NULL);
	if ((s = script_opt_str(L, "plan")) != NULL &&
	    sampling_parse(s, &se->opts.plan, &se->opts.antithetic,
	    &se->opts.cv) != 0)
		return (luaL_error(L, "unknown sampling plan '%s'", s));
	lua_pop(L, s != NULL);
	if (lua_getfield(L, 1, "tol") != LUA_TNIL) {
		struct gs_error terr;

		if (sampling_tol_parse(luaL_tolstring(L, -1, NULL),
		    &se->opts.tol, &se->opts.tol_rel, &terr) != 0)
			return (script_raise(L, &terr));
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	se->opts.max_samples = (size_t)script_opt_int(L, "max_samples", 0,
	    1000000000, 0);
	lua_getfield(L, 1, "abs");
	se->opts.absolute = lua_toboolean(L, -1);
	lua_getfield(L, 1, "impute");
	se->impute = lua_toboolean(L, -1);
	lua_getfield(L, 1, "metrics");
	se->metrics = lua_toboolean(L, -1);
	lua_pop(L, 3);
	lua_getfield(L, 1, "output");
	se->output = script_model_output(L, se->m, -1, &cls);
	se->opts.output_class = cls;
	lua_pop(L, 1);
	se->opts.cancel = script_cancelled;
	se->opts.cancel_arg = sc;

	if (se->data != NULL)
		script_explainer_columns(L, se);
	script_explainer_names(se);
	kind = (int)method_info(se->opts.method)->baseline;
	lua_getfield(L, 1, "baseline");
	script_explainer_baseline(L, se, 2, kind);
	lua_settop(L, 2);
	lua_getfield(L, 1, "noise");
	script_explainer_noise(L, se);
	lua_settop(L, 2);
	lua_getfield(L, 1, "groups");
	script_explainer_groups(L, se, 2);
	lua_settop(L, 2);
	if (se->metrics)
		script_explainer_metrics_setup(L, se, kind);

	/*
	 * Lua callbacks run one at a time, so more threads would only wait;
	 * a per-row baseline makes an explainer (and its threads) per row.
	 */
	per_row = lua_getiuservalue(L, 2, EXPL_UV_BASELINE) != LUA_TNIL;
	lua_pop(L, 1);
	lua_parts = sm->lua || se->noise != NULL || per_row;
	se->opts.threads = (size_t)script_opt_int(L, "threads", 0, 4096,
	    lua_parts ? 1 : 0);
	if (!per_row)
		se->e = script_explainer_make(L, se, kind != 0 ? &se->bl :
		    NULL);
	lua_settop(L, 2);
	return (1);
}

/* Copy the groups of ex (if any) into sx and point ex at the copy. */
static void
script_expl_groups(struct script_expl *sx)
{
	const struct gs_groups	*g = sx->ex.groups;

	if (g == NULL)
		return;
	if (groups_make(&sx->groups, g->d, g->of, g->n,
	    (const char *const *)g->names, g->spec, NULL) == 0) {
		sx->have_groups = 1;
		sx->ex.groups = &sx->groups;
	} else
		sx->ex.groups = NULL;
}

/* Push an empty Explanation, to be filled by script_expl_fill. */
static struct script_expl *
script_expl_new(lua_State *L)
{
	return (script_newudata(L, sizeof(struct script_expl),
	    SCRIPT_EXPLANATION, 0));
}

/*
 * Fill an empty Explanation, taking ex (which is left zeroed). Makes no
 * Lua call, so it cannot fail halfway.
 */
static void
script_expl_fill(struct script_expl *sx, struct script_explainer *se,
    struct gs_explanation *ex, const struct gs_baseline *bl)
{
	size_t	j;

	sx->ex = *ex;
	memset(ex, 0, sizeof *ex);
	sx->names = xcalloc(se->d + 1, sizeof *sx->names);
	for (j = 0; j < se->d; j++)
		sx->names[j] = xstrdup(se->names[j]);
	sx->model = xstrdup(model_name(se->m));
	sx->data = se->data_name != NULL ? xstrdup(se->data_name) : NULL;
	sx->output = xstrdup(model_output_name(se->m, se->output));
	if (sx->ex.baseline != NULL) {
		sx->bl_spec = xstrdup(se->bl_spec != NULL ? se->bl_spec :
		    sx->ex.baseline);
		sx->ex.baseline = sx->bl_spec;
		if (bl != NULL && bl->desc != NULL)
			sx->bl_desc = xstrdup(bl->desc);
	}
	if (sx->ex.noise != NULL) {
		sx->noise = xstrdup(sx->ex.noise);
		sx->ex.noise = sx->noise;
	}
	script_expl_groups(sx);
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
	if (se->opts.output_class >= 0)
		return (se->opts.output_class);
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
	if (dataset_row(se->data->ds, &se->sel, (size_t)r, se->impute, x,
	    &err) != 0)
		script_raise(L, &err);
	return ((size_t)r);
}

struct gs_explainer *
script_explainer_teach(lua_State *L, int idx, int ri, const char *what,
    double **x, size_t *row, const char *const **names, size_t *d)
{
	struct script_explainer *se = script_explainer_check(L, idx);

	if (se->e == NULL)
		luaL_error(L, "%s: the baseline set changes with the row", what);
	*x = lua_newuserdatauv(L, (se->d + 1) * sizeof **x, 0);
	*row = script_explainer_input(L, se, ri, *x);
	*names = (const char *const *)se->names;
	*d = se->d;
	return (se->e);
}

size_t
script_explainer_count(lua_State *L, int idx)
{
	struct script_explainer *se = script_explainer_check(L, idx);

	return (se->opts.method == GS_METHOD_IG ? se->opts.steps :
	    attr_samples(&se->opts, se->d));
}

/*
 * Explain one row whose baseline set the baseline function gives: call it
 * with the dataset and {index, x, class}, make an explainer for the rows
 * it returns, and run it. ei is the explainer's stack index.
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
	explainer_free(se->e);
	se->e = NULL;
	baseline_clear(&se->bl);
	se->have_bl = 0;
	script_baseline_from(L, -1, se->d, se->bl_spec,
	    (const char *const *)se->names, &se->bl, &err);
	se->have_bl = 1;
	lua_pop(L, 1);
	se->e = script_explainer_make(L, se, &se->bl);
	held = script_release(script_of(L));
	rc = explainer_run(se->e, x, row, ex, &err);
	script_reacquire(script_of(L), held);
	if (rc == 0 && (rc = script_explainer_metrics(L, se, se->e, x, row,
	    ex, &err)) != 0)
		explanation_clear(ex);
	explainer_free(se->e);
	se->e = NULL;
	if (rc != 0)
		script_raise(L, &err);
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
	sx = script_expl_new(L);
	if (per_row)
		script_explainer_row_bl(L, se, x, row, &ex, 1);
	else {
		held = script_release(script_of(L));
		rc = explainer_run(se->e, x, row, &ex, &err);
		script_reacquire(script_of(L), held);
		if (rc == 0 && (rc = script_explainer_metrics(L, se, se->e, x,
		    row, &ex, &err)) != 0)
			explanation_clear(&ex);
		if (rc != 0)
			return (script_raise(L, &err));
	}
	script_expl_fill(sx, se, &ex, se->have_bl ? &se->bl : NULL);
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
		script_expl_new(L);
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
			script_expl_fill(lua_touserdata(L, -1), se, &one,
			    &se->bl);
			lua_pop(L, 1);
		}
		return (1);
	}
	lua_pop(L, 1);
	ex = lua_newuserdatauv(L, (size_t)(n + 1) * sizeof *ex, 0);
	memset(ex, 0, (size_t)(n + 1) * sizeof *ex);
	gs_error_clear(&err);
	held = script_release(script_of(L));
	rc = explainer_run_many(se->e, xs, rows, (size_t)n, ex, &err);
	script_reacquire(script_of(L), held);
	if (rc != 0)
		return (script_raise(L, &err));
	for (i = 0; rc == 0 && i < n; i++)
		rc = script_explainer_metrics(L, se, se->e, xs + (size_t)i *
		    se->d, rows[i], &ex[i], &err);
	if (rc != 0) {
		for (i = 0; i < n; i++)
			explanation_clear(&ex[i]);
		return (script_raise(L, &err));
	}
	for (i = 0; i < n; i++) {
		lua_rawgeti(L, -2, i + 1);
		script_expl_fill(lua_touserdata(L, -1), se, &ex[i], &se->bl);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return (1);
}

/* e:base([class]): E[f(b)] over the baseline set, for class (0-based). */
static int
script_explainer_base(lua_State *L)
{
	struct script_explainer	*se = script_explainer_check(L, 1);
	lua_Integer		 c;

	c = luaL_optinteger(L, 2, se->opts.output_class >= 0 ?
	    se->opts.output_class : 0);

	if (se->e == NULL)
		return (luaL_error(L, "base: the baseline set changes with the "
		    "row"));
	luaL_argcheck(L, c >= 0, 2, "classes are >= 0");
	lua_pushnumber(L, explainer_base(se->e, (size_t)c));
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
	struct gs_error		 err;
	struct gs_rng		 r;
	lua_Integer		 n = luaL_checkinteger(L, 3), i;
	double			*x, *v;
	size_t			 row, j, d = se->d;

	luaL_argcheck(L, n >= 1 && n <= 1 << 20, 3, "1 to 1048576 samples");
	x = lua_newuserdatauv(L, (d + 1) * sizeof *x, 0);
	row = script_explainer_input(L, se, 2, x);
	if (se->nz.fill == NULL && se->nz.sigma == NULL)
		return (0);
	v = lua_newuserdatauv(L, (size_t)n * d * sizeof *v, 0);
	gs_error_clear(&err);
	if (se->nz.fill != NULL) {
		if (se->nz.fill(se->nz.fill_arg, row, x, (size_t)n, d,
		    se->opts.seed, 0, v, &err) != 0)
			return (script_raise(L, &err));
	} else {
		for (i = 0; i < n; i++) {
			gs_rng_init2(&r, se->opts.seed ^ UINT64_C(0x6e6f697365),
			    row, (uint64_t)i);
			for (j = 0; j < d; j++)
				v[(size_t)i * d + j] = se->nz.sigma[j] *
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
	size_t			 i, j;

	if (!se->have_bl)
		return (0);
	lua_createtable(L, 0, 3);
	lua_createtable(L, (int)se->bl.n, 0);
	for (i = 0; i < se->bl.n; i++) {
		lua_createtable(L, (int)se->d, 0);
		for (j = 0; j < se->bl.d; j++) {
			lua_pushnumber(L, se->bl.rows[i * se->bl.d + j]);
			lua_rawseti(L, -2, (lua_Integer)j + 1);
		}
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "rows");
	if (se->bl.weights != NULL) {
		script_push_array(L, se->bl.weights, se->bl.n);
		lua_setfield(L, -2, "weights");
	}
	lua_pushstring(L, se->bl.desc != NULL ? se->bl.desc : "");
	lua_setfield(L, -2, "desc");
	return (1);
}

static int
script_explainer_tostring(lua_State *L)
{
	struct script_explainer *se = luaL_checkudata(L, 1, SCRIPT_EXPLAINER);

	if (se->m == NULL)
		lua_pushliteral(L, "gshap.Explainer (closed)");
	else
		lua_pushfstring(L, "gshap.Explainer(%s on %s)",
		    method_name(se->opts.method), model_name(se->m));
	return (1);
}

/* The export description of an explanation. */
static void
script_expl_info(const struct script_expl *sx, struct gs_export_info *info)
{
	memset(info, 0, sizeof *info);
	info->model = sx->model;
	info->data = sx->data != NULL ? sx->data : "";
	info->output = sx->output;
	info->baseline_desc = sx->bl_desc;
	info->names = (const char *const *)sx->names;
}

/* The sum of the attributions. */
static double
script_expl_sum(const struct script_expl *sx)
{
	double	s = 0;
	size_t	j;

	for (j = 0; j < sx->ex.d; j++)
		s += sx->ex.phi[j];
	return (s);
}

/* The groups as an array of {name, phi, se, members}. */
static void
script_expl_push_groups(lua_State *L, const struct script_expl *sx)
{
	const struct gs_groups	*g = sx->ex.groups;
	double			*sum;
	size_t			 k, i;

	sum = lua_newuserdatauv(L, (g->n + 1) * sizeof *sum, 0);
	groups_sum(g, sx->ex.phi, sum);
	lua_createtable(L, (int)g->n, 0);
	for (k = 0; k < g->n; k++) {
		lua_createtable(L, 0, 4);
		lua_pushstring(L, g->names[k]);
		lua_setfield(L, -2, "name");
		lua_pushnumber(L, sx->ex.gphi != NULL ? sx->ex.gphi[k] :
		    sum[k]);
		lua_setfield(L, -2, "phi");
		if (sx->ex.gse != NULL) {
			lua_pushnumber(L, sx->ex.gse[k]);
			lua_setfield(L, -2, "se");
		}
		lua_createtable(L, (int)(g->start[k + 1] - g->start[k]), 0);
		for (i = g->start[k]; i < g->start[k + 1]; i++) {
			lua_pushstring(L, sx->names[g->members[i]]);
			lua_rawseti(L, -2, (lua_Integer)(i - g->start[k]) + 1);
		}
		lua_setfield(L, -2, "members");
		lua_rawseti(L, -2, (lua_Integer)k + 1);
	}
	lua_remove(L, -2);
}

/* Set field k of the table on top to v, unless v is NaN (not measured). */
static void
script_set_number(lua_State *L, const char *k, double v)
{
	if (isnan(v))
		return;
	lua_pushnumber(L, v);
	lua_setfield(L, -2, k);
}

/* Push n sizes as an array. */
static void
script_push_sizes(lua_State *L, const size_t *v, size_t n)
{
	size_t	i;

	lua_createtable(L, (int)n, 0);
	for (i = 0; i < n; i++) {
		lua_pushinteger(L, (lua_Integer)v[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/*
 * The quality metrics as a table: infidelity, infidelity_rel, perturb,
 * sensitivity, sens_samples, radius, deletion_area, insertion_area and the
 * curves frac, deletion, insertion; with seeds > 0, rank_corr and the
 * per-feature arrays phi_sd, rank_lo, rank_hi.
 */
static void
script_expl_push_metrics(lua_State *L, const struct gs_explanation *ex)
{
	const struct gs_metrics	*m = ex->metrics;

	lua_createtable(L, 0, 16);
	script_set_number(L, "infidelity", m->infidelity);
	script_set_number(L, "infidelity_rel", m->infidelity_rel);
	lua_pushinteger(L, (lua_Integer)m->perturb);
	lua_setfield(L, -2, "perturb");
	script_set_number(L, "sensitivity", m->sensitivity);
	lua_pushinteger(L, (lua_Integer)m->sens_samples);
	lua_setfield(L, -2, "sens_samples");
	lua_pushnumber(L, m->radius);
	lua_setfield(L, -2, "radius");
	script_set_number(L, "deletion_area", m->del_auc);
	script_set_number(L, "insertion_area", m->ins_auc);
	if (m->frac != NULL && m->del != NULL && m->ins != NULL) {
		script_push_array(L, m->frac, m->npoints);
		lua_setfield(L, -2, "frac");
		script_push_array(L, m->del, m->npoints);
		lua_setfield(L, -2, "deletion");
		script_push_array(L, m->ins, m->npoints);
		lua_setfield(L, -2, "insertion");
	}
	lua_pushinteger(L, (lua_Integer)m->seeds);
	lua_setfield(L, -2, "seeds");
	if (m->seeds == 0)
		return;
	script_set_number(L, "rank_corr", m->rank_corr);
	if (m->phi_sd != NULL) {
		script_push_array(L, m->phi_sd, ex->d);
		lua_setfield(L, -2, "phi_sd");
	}
	if (m->rank_lo != NULL && m->rank_hi != NULL) {
		script_push_sizes(L, m->rank_lo, ex->d);
		lua_setfield(L, -2, "rank_lo");
		script_push_sizes(L, m->rank_hi, ex->d);
		lua_setfield(L, -2, "rank_hi");
	}
}

/* ex.field: the numbers, names and arrays of an explanation. */
static int
script_expl_index(lua_State *L)
{
	struct script_expl	*sx = script_expl_check(L, 1);
	const struct gs_explanation *ex = &sx->ex;
	const char		*k = luaL_checkstring(L, 2);

	if (strcmp(k, "row") == 0)
		lua_pushinteger(L, (lua_Integer)ex->row);
	else if (strcmp(k, "class") == 0 || strcmp(k, "target") == 0)
		lua_pushinteger(L, (lua_Integer)ex->target);
	else if (strcmp(k, "output") == 0)
		lua_pushstring(L, sx->output);
	else if (strcmp(k, "model") == 0)
		lua_pushstring(L, sx->model);
	else if (strcmp(k, "data") == 0)
		lua_pushstring(L, sx->data);
	else if (strcmp(k, "method") == 0)
		lua_pushstring(L, method_name(ex->method));
	else if (strcmp(k, "seed") == 0)
		lua_pushinteger(L, (lua_Integer)ex->opts.seed);
	else if (strcmp(k, "samples") == 0)
		lua_pushinteger(L, (lua_Integer)ex->samples_used);
	else if (strcmp(k, "baseline") == 0)
		lua_pushstring(L, ex->baseline);
	else if (strcmp(k, "baseline_desc") == 0)
		lua_pushstring(L, sx->bl_desc);
	else if (strcmp(k, "noise") == 0)
		lua_pushstring(L, ex->noise);
	else if (strcmp(k, "fx") == 0)
		lua_pushnumber(L, ex->fx);
	else if (strcmp(k, "base") == 0)
		lua_pushnumber(L, ex->base);
	else if (strcmp(k, "gap") == 0)
		lua_pushnumber(L, ex->gap);
	else if (strcmp(k, "sum") == 0)
		lua_pushnumber(L, script_expl_sum(sx));
	else if (strcmp(k, "d") == 0)
		lua_pushinteger(L, (lua_Integer)ex->d);
	else if (strcmp(k, "names") == 0) {
		size_t j;

		lua_createtable(L, (int)ex->d, 0);
		for (j = 0; j < ex->d; j++) {
			lua_pushstring(L, sx->names[j]);
			lua_rawseti(L, -2, (lua_Integer)j + 1);
		}
	} else if (strcmp(k, "values") == 0)
		script_push_array(L, ex->value, ex->d);
	else if (strcmp(k, "phi") == 0 || strcmp(k, "attributions") == 0)
		script_push_array(L, ex->phi, ex->d);
	else if (strcmp(k, "se") == 0) {
		if (ex->se == NULL)
			return (0);
		script_push_array(L, ex->se, ex->d);
	} else if (strcmp(k, "groups") == 0) {
		if (ex->groups == NULL)
			return (0);
		script_expl_push_groups(L, sx);
	} else if (strcmp(k, "metrics") == 0) {
		if (ex->metrics == NULL)
			return (0);
		script_expl_push_metrics(L, ex);
	} else {
		lua_getmetatable(L, 1);
		lua_getfield(L, -1, "methods");
		lua_getfield(L, -1, k);
	}
	return (1);
}

/* The feature order (a userdata on the stack). */
static size_t *
script_expl_order(lua_State *L, const struct script_expl *sx)
{
	size_t	*order;

	order = lua_newuserdatauv(L, (sx->ex.d + 1) * sizeof *order, 0);
	explanation_order(sx->ex.phi, sx->ex.d, order, NULL);
	return (order);
}

/*
 * ex:top(k) and ex:sorted(): the k (or all) features with the largest
 * |attribution|, as {name, index, value, phi, se} tables.
 */
static int
script_expl_top(lua_State *L)
{
	struct script_expl	*sx = script_expl_check(L, 1);
	lua_Integer		 k = luaL_optinteger(L, 2,
	    (lua_Integer)sx->ex.d);
	size_t			*order, i, j, n;

	luaL_argcheck(L, k >= 0, 2, "k must be >= 0");
	n = (size_t)k < sx->ex.d ? (size_t)k : sx->ex.d;
	order = script_expl_order(L, sx);
	lua_createtable(L, (int)n, 0);
	for (i = 0; i < n; i++) {
		j = order[i];
		lua_createtable(L, 0, 5);
		lua_pushstring(L, sx->names[j]);
		lua_setfield(L, -2, "name");
		lua_pushinteger(L, (lua_Integer)j + 1);
		lua_setfield(L, -2, "index");
		lua_pushnumber(L, sx->ex.value[j]);
		lua_setfield(L, -2, "value");
		lua_pushnumber(L, sx->ex.phi[j]);
		lua_setfield(L, -2, "phi");
		if (sx->ex.se != NULL) {
			lua_pushnumber(L, sx->ex.se[j]);
			lua_setfield(L, -2, "se");
		}
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return (1);
}

static int
script_expl_sorted(lua_State *L)
{
	lua_settop(L, 1);
	return (script_expl_top(L));
}

/* ex:get(name or index): attribution, standard error and value. */
static int
script_expl_get(lua_State *L)
{
	struct script_expl	*sx = script_expl_check(L, 1);
	size_t			 j;
	lua_Integer		 i;

	if (lua_type(L, 2) == LUA_TNUMBER) {
		i = luaL_checkinteger(L, 2);
		luaL_argcheck(L, i >= 1 && (size_t)i <= sx->ex.d, 2,
		    "no such feature");
		j = (size_t)i - 1;
	} else {
		const char *name = luaL_checkstring(L, 2);

		for (j = 0; j < sx->ex.d; j++)
			if (strcmp(sx->names[j], name) == 0)
				break;
		if (j == sx->ex.d)
			return (luaL_error(L, "no feature '%s'", name));
	}
	lua_pushnumber(L, sx->ex.phi[j]);
	if (sx->ex.se != NULL)
		lua_pushnumber(L, sx->ex.se[j]);
	else
		lua_pushnil(L);
	lua_pushnumber(L, sx->ex.value[j]);
	return (3);
}

/* An export format argument ("text", "csv", "json"), default def. */
static enum gs_format
script_expl_format(lua_State *L, int idx, enum gs_format def)
{
	struct gs_error	err;
	enum gs_format	f;

	if (lua_isnoneornil(L, idx))
		return (def);
	if (export_format_parse(luaL_checkstring(L, idx), &f, &err) != 0)
		script_raise(L, &err);
	return (f);
}

/*
 * Write explanations (the Explanation or array of them at idx) in format
 * f into a memory buffer, pushed as a string.
 */
static void
script_expl_render(lua_State *L, int idx, enum gs_format f)
{
	struct gs_export_info	 info;
	struct script_expl	*sx;
	lua_Integer		 i, n;
	FILE			*mf;
	char			*buf = NULL;
	size_t			 len = 0;

	idx = lua_absindex(L, idx);
	if (lua_type(L, idx) == LUA_TUSERDATA) {
		script_expl_check(L, idx);
		n = 1;
	} else {
		luaL_checktype(L, idx, LUA_TTABLE);
		n = (lua_Integer)lua_rawlen(L, idx);
		for (i = 1; i <= n; i++) {
			lua_rawgeti(L, idx, i);
			script_expl_check(L, -1);
			lua_pop(L, 1);
		}
	}
	if ((mf = open_memstream(&buf, &len)) == NULL)
		luaL_error(L, "cannot render: out of memory");
	export_begin(mf, f);
	for (i = 1; i <= n; i++) {
		if (lua_type(L, idx) == LUA_TUSERDATA)
			lua_pushvalue(L, idx);
		else
			lua_rawgeti(L, idx, i);
		sx = lua_touserdata(L, -1);
		script_expl_info(sx, &info);
		export_explanation(mf, f, &info, &sx->ex);
		lua_pop(L, 1);
	}
	fclose(mf);
	lua_pushlstring(L, buf != NULL ? buf : "", len);
	free(buf);
}

/* ex:format([fmt]): the explanation as text, CSV or JSON, a string. */
static int
script_expl_format_l(lua_State *L)
{
	enum gs_format f = script_expl_format(L, 2, GS_FORMAT_TEXT);

	script_expl_render(L, 1, f);
	return (1);
}

/* ex:print([fmt]): write it to the output. */
static int
script_expl_print(lua_State *L)
{
	struct gs_script *sc = script_of(L);
	enum gs_format	  f = script_expl_format(L, 2, GS_FORMAT_TEXT);
	size_t		  len;
	const char	 *s;

	script_expl_render(L, 1, f);
	s = lua_tolstring(L, -1, &len);
	fwrite(s, 1, len, sc->out);
	fflush(sc->out);
	return (0);
}

/* Save explanations (at 2: one or an array) to path (at 1) in format at 3. */
static int
script_expl_save_to(lua_State *L, int pi, int ei, int fi)
{
	struct gs_error	 err;
	const char	*path = luaL_checkstring(L, pi);
	enum gs_format	 f;
	const char	*s;
	size_t		 len;

	if (lua_isnoneornil(L, fi)) {
		len = strlen(path);
		f = len > 4 && strcmp(path + len - 4, ".csv") == 0 ?
		    GS_FORMAT_CSV : len > 5 && (strcmp(path + len - 5,
		    ".json") == 0 || strcmp(path + len - 6, ".jsonl") == 0) ?
		    GS_FORMAT_JSON : GS_FORMAT_TEXT;
	} else
		f = script_expl_format(L, fi, GS_FORMAT_TEXT);
	script_expl_render(L, ei, f);
	s = lua_tolstring(L, -1, &len);
	if (script_write_file(script_of(L), path, s, len, &err) != 0) {
		luaL_pushfail(L);
		lua_pushstring(L, err.msg);
		return (2);
	}
	lua_pushboolean(L, 1);
	return (1);
}

/* ex:save(path [, fmt]): fmt from the extension when not given. */
static int
script_expl_save(lua_State *L)
{
	script_expl_check(L, 1);
	return (script_expl_save_to(L, 2, 1, 3));
}

/* gshap.save(path, explanations [, fmt]) or gshap.save(path, text). */
static int
script_save(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TSTRING) {
		lua_getfield(L, lua_upvalueindex(1), "write");
		lua_insert(L, 1);
		lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
		return (lua_gettop(L));
	}
	return (script_expl_save_to(L, 1, 2, 3));
}

/* The header lines of the text views. */
static void
script_expl_header(FILE *f, const struct script_expl *sx)
{
	const struct gs_explanation *ex = &sx->ex;

	fprintf(f, "row %zu  %s[%zu]  f(x) = %.6g", ex->row, sx->output,
	    ex->target, ex->fx);
	if (!isnan(ex->base))
		fprintf(f, "  base = %.6g  gap = %+.3g", ex->base, ex->gap);
	fprintf(f, "\nmethod %s  seed %llu  baseline %s  noise %s\n",
	    method_name(ex->method), (unsigned long long)ex->opts.seed,
	    ex->baseline != NULL ? ex->baseline : "none",
	    ex->noise != NULL ? ex->noise : "none");
}

/*
 * Draw view of sx with the shared renderer (tui_chart: the one the REPL,
 * the explorer and `gshap explain --format text` use) under the header.
 */
static void
script_expl_chart(FILE *f, const struct script_expl *sx, enum gs_view view,
    size_t k, int width)
{
	struct gs_export_info	 info;
	struct gs_tui_opts	 t;

	memset(&info, 0, sizeof info);
	info.model = sx->model;
	info.data = sx->data;
	info.output = sx->output;
	info.baseline_desc = sx->bl_desc;
	info.names = (const char *const *)sx->names;
	tui_opts_default(&t);
	t.k = k;
	t.color = GS_COLOR_NEVER;
	script_expl_header(f, sx);
	tui_chart(f, &info, &sx->ex, &t, view, width);
	fflush(f);
}

/*
 * ex:bar([k [, width]]): the bar chart of the k largest attributions
 * (default 10), the rest summed in one row, width columns (default 80).
 */
static int
script_expl_bar(lua_State *L)
{
	struct gs_script	*sc = script_of(L);
	struct script_expl	*sx = script_expl_check(L, 1);
	lua_Integer		 k = luaL_optinteger(L, 2, 10);
	lua_Integer		 width = luaL_optinteger(L, 3, 80);

	luaL_argcheck(L, k >= 1, 2, "k must be >= 1");
	luaL_argcheck(L, width >= 40 && width <= 400, 3, "40 to 400 columns");
	script_expl_chart(sc->out, sx, GS_VIEW_BAR, (size_t)k, (int)width);
	return (0);
}

/*
 * ex:force([k [, width]]): the force plot: f(x) against the base value,
 * the features pushing up and down, labelled while there is room.
 */
static int
script_expl_force(lua_State *L)
{
	struct gs_script	*sc = script_of(L);
	struct script_expl	*sx = script_expl_check(L, 1);
	lua_Integer		 k = luaL_optinteger(L, 2, 5);
	lua_Integer		 width = luaL_optinteger(L, 3, 80);

	luaL_argcheck(L, k >= 1, 2, "k must be >= 1");
	luaL_argcheck(L, width >= 40 && width <= 400, 3, "40 to 400 columns");
	script_expl_chart(sc->out, sx, GS_VIEW_FORCE, (size_t)k, (int)width);
	return (0);
}

static int
script_expl_tostring(lua_State *L)
{
	struct script_expl *sx = luaL_checkudata(L, 1, SCRIPT_EXPLANATION);

	if (sx->names == NULL)
		lua_pushliteral(L, "gshap.Explanation (closed)");
	else
		lua_pushfstring(L, "gshap.Explanation(row %d, %s[%d], f(x) = "
		    "%f, %s)", (int)sx->ex.row, sx->output, (int)sx->ex.target,
		    sx->ex.fx, method_name(sx->ex.method));
	return (1);
}

/*
 * Register gshap.Explainer and gshap.Explanation and add
 * gshap.explainer and gshap.save to the module table on top of the stack.
 */
void
script_explain_open(lua_State *L)
{
	static const luaL_Reg emethods[] = {
		{ "explain", script_explainer_explain },
		{ "explain_rows", script_explainer_explain_rows },
		{ "base", script_explainer_base },
		{ "names", script_explainer_names_l },
		{ "baseline", script_explainer_baseline_l },
		{ "noise", script_explainer_noise_l },
		{ "path", script_explainer_path },
		{ "trace", script_explainer_trace },
		{ "convergence", script_explainer_convergence },
		{ "close", script_explainer_close },
		{ NULL, NULL }
	};
	static const luaL_Reg emeta[] = {
		{ "__gc", script_explainer_close },
		{ "__close", script_explainer_close },
		{ "__tostring", script_explainer_tostring },
		{ NULL, NULL }
	};
	static const luaL_Reg xmethods[] = {
		{ "top", script_expl_top },
		{ "sorted", script_expl_sorted },
		{ "get", script_expl_get },
		{ "format", script_expl_format_l },
		{ "print", script_expl_print },
		{ "save", script_expl_save },
		{ "bar", script_expl_bar },
		{ "force", script_expl_force },
		{ "close", script_expl_close },
		{ NULL, NULL }
	};
	static const luaL_Reg xmeta[] = {
		{ "__gc", script_expl_close },
		{ "__close", script_expl_close },
		{ "__tostring", script_expl_tostring },
		{ "__index", script_expl_index },
		{ NULL, NULL }
	};

	luaL_newmetatable(L, SCRIPT_EXPLAINER);
	luaL_setfuncs(L, emeta, 0);
	luaL_newlib(L, emethods);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);

	luaL_newmetatable(L, SCRIPT_EXPLANATION);
	luaL_setfuncs(L, xmeta, 0);
	luaL_newlib(L, xmethods);
	lua_setfield(L, -2, "methods");
	lua_pop(L, 1);

	lua_pushcfunction(L, script_explainer_new);
	lua_setfield(L, -2, "explainer");
	lua_pushvalue(L, -1);
	lua_pushcclosure(L, script_save, 1);
	lua_setfield(L, -2, "save");
}

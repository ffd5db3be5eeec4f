/* SPDX-License-Identifier: ISC */
/*
 * gshap.Model: ONNX models loaded from files, and models defined in Lua
 * (gshap.model) whose exact gradients come from the reverse-mode tape of
 * script-var.c. A Lua model is a custom model of the model layer, so plans
 * and every attribution method treat it exactly as an ONNX model; each row
 * is one call of the Lua function, so it is much slower (gshap-lua(7)).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/sha256.h"
#include "core/xmalloc.h"
#include "script/script-int.h"
#include "session/paths.h"

/* Registry table: light userdata (a Lua model's ctx) -> its Model, weak. */
#define SCRIPT_LMODELS	"gshap.lmodels"

/* A Lua model's state (the custom model's ctx). */
struct script_lmodel {
	struct gs_script *sc;		/* the state that runs it */
	size_t		  d;		/* inputs */
	size_t		  k;		/* outputs */
	char		**names;	/* d input names, owned, or NULL */
	char		 *name;		/* the model's name, owned */
};

/* One batch for script_lmodel_run_p. */
struct script_lmodel_args {
	struct script_lmodel *lm;	/* the model */
	const gs_real	*x;		/* n x d inputs */
	size_t		 n;		/* rows */
	const size_t	*target;	/* gradient: output per row, else NULL */
	gs_real		*y;		/* n x k outputs, or NULL */
	gs_real		*grad;		/* gradient: n x d */
	int		 recording;	/* a tape recording is open */
};

/* Read output j of a model call (at idx) as a value and tape index. */
static int64_t
script_lmodel_out(lua_State *L, const struct script_lmodel *lm, int idx,
    size_t j, double *v)
{
	if (lua_type(L, idx) != LUA_TNUMBER && luaL_testudata(L, idx,
	    SCRIPT_VAR) == NULL)
		luaL_error(L, "model '%s': output %d is %s, not a number",
		    lm->name, (int)j + 1, luaL_typename(L, idx));
	return (script_var_get(L, idx, v));
}

/*
 * Run the Lua function of a model on a batch (protected): one call per
 * row, with numbers for a forward pass, with tape variables and a backward
 * pass for a gradient.
 */
static int
script_lmodel_run_p(lua_State *L)
{
	struct script_lmodel_args *a = lua_touserdata(L, 1);
	struct script_lmodel	  *lm = a->lm;
	struct gs_script	  *sc = lm->sc;
	size_t			   r, j, d = lm->d, k = lm->k, nres;
	int			   fi, base, tbl;
	int64_t			   out;
	double			   v, *g = NULL;

	lua_getfield(L, LUA_REGISTRYINDEX, SCRIPT_LMODELS);
	if (lua_rawgetp(L, -1, lm) != LUA_TUSERDATA)
		return (luaL_error(L, "the Lua model is closed"));
	lua_getiuservalue(L, -1, 1);
	fi = lua_gettop(L);
	if (a->target != NULL)
		g = lua_newuserdatauv(L, d * sizeof *g, 0);
	for (r = 0; r < a->n; r++) {
		base = lua_gettop(L);
		lua_pushvalue(L, fi);
		if (a->target != NULL) {
			script_var_begin(L);
			a->recording = 1;
		}
		lua_createtable(L, (int)d, lm->names != NULL ? (int)d : 0);
		for (j = 0; j < d; j++) {
			v = a->x[r * d + j];
			if (a->target != NULL)
				script_var_push_input(L, v);
			else
				lua_pushnumber(L, v);
			if (lm->names != NULL) {
				lua_pushvalue(L, -1);
				lua_setfield(L, -3, lm->names[j]);
			}
			lua_rawseti(L, -2, (lua_Integer)j + 1);
		}
		lua_call(L, 1, LUA_MULTRET);
		nres = (size_t)(lua_gettop(L) - base);
		tbl = nres == 1 && lua_type(L, -1) == LUA_TTABLE;
		if (tbl)
			nres = lua_rawlen(L, -1);
		if (nres != k)
			return (luaL_error(L, "model '%s': the function "
			    "returned %d value%s, but the model has %d "
			    "output%s", lm->name, (int)nres, nres == 1 ? "" :
			    "s", (int)k, k == 1 ? "" : "s"));
		out = -1;
		for (j = 0; j < k; j++) {
			int64_t idx;

			if (tbl) {
				lua_rawgeti(L, base + 1, (lua_Integer)j + 1);
				idx = script_lmodel_out(L, lm, -1, j, &v);
				lua_pop(L, 1);
			} else
				idx = script_lmodel_out(L, lm, base + 1 +
				    (int)j, j, &v);
			if (a->y != NULL)
				a->y[r * k + j] = (gs_real)v;
			if (a->target != NULL && a->target[r] == j)
				out = idx;
		}
		if (a->target != NULL) {
			script_var_backward(L, out, g, d);
			for (j = 0; j < d; j++)
				a->grad[r * d + j] = (gs_real)g[j];
			script_var_end(sc);
			a->recording = 0;
		}
		lua_settop(L, base);
	}
	return (0);
}

/* Run a batch through script_call; ends an open tape after an error. */
static int
script_lmodel_call(struct script_lmodel_args *a, struct gs_error *err)
{
	struct gs_script *sc = a->lm->sc;
	int		  rc;

	if (sc->depth == 0 && sc->interrupted) {
		sc->interrupted = 0;
		return (gs_error_set(err, GS_EINTR, "interrupted"));
	}
	a->recording = 0;
	rc = script_pcall(sc, script_lmodel_run_p, a, err);
	if (a->recording)
		script_var_end(sc);
	return (rc);
}

/* The custom model's forward pass. */
static int
script_lmodel_forward(void *ctx, const gs_real *x, size_t n, gs_real *y,
    struct gs_error *err)
{
	struct script_lmodel_args a;

	memset(&a, 0, sizeof a);
	a.lm = ctx;
	a.x = x;
	a.n = n;
	a.y = y;
	return (script_lmodel_call(&a, err));
}

/* The custom model's gradient. */
static int
script_lmodel_gradient(void *ctx, const gs_real *x, size_t n,
    const size_t *target, gs_real *y, gs_real *grad, struct gs_error *err)
{
	struct script_lmodel_args a;

	memset(&a, 0, sizeof a);
	a.lm = ctx;
	a.x = x;
	a.n = n;
	a.target = target;
	a.y = y;
	a.grad = grad;
	return (script_lmodel_call(&a, err));
}

/* Free a Lua model's state (the function goes with its userdata). */
static void
script_lmodel_free(void *ctx)
{
	struct script_lmodel *lm = ctx;
	size_t		      j;

	if (lm == NULL)
		return;
	if (lm->names != NULL)
		for (j = 0; j < lm->d; j++)
			free(lm->names[j]);
	free(lm->names);
	free(lm->name);
	free(lm);
}

static const struct gs_model_ops script_lmodel_ops = {
	script_lmodel_forward,
	script_lmodel_gradient,
	script_lmodel_free
};

/* The Model at idx; raises unless it is open. */
struct script_model *
script_model_check(lua_State *L, int idx)
{
	struct script_model *sm = luaL_checkudata(L, idx, SCRIPT_MODEL);

	if (sm->m == NULL)
		luaL_error(L, "this model is closed");
	return (sm);
}

/*
 * Drop the userdata's reference to its model (and its plan); the userdata
 * stays, closed. Explainers using the model hold references of their own
 * (model_ref), and keep the userdata (so a Lua model's function) alive.
 */
void
script_model_release(lua_State *L, struct script_model *sm)
{
	(void)L;
	plan_free(sm->plan);
	sm->plan = NULL;
	model_unref(sm->m);
	sm->m = NULL;
}

/* m:close(), __close and __gc: drop the model (once). */
static int
script_model_close(lua_State *L)
{
	script_model_release(L, luaL_checkudata(L, 1, SCRIPT_MODEL));
	return (0);
}

/* gshap.load_model(path): an ONNX model, or nil and a message. */
static int
script_model_load(lua_State *L)
{
	const char		*path = luaL_checkstring(L, 1);
	struct script_model	*sm;
	struct gs_error		 err;
	char			*buf;
	size_t			 size;

	sm = script_newudata(L, sizeof *sm, SCRIPT_MODEL, 1);
	gs_error_clear(&err);
	/* Read where the sandbox allows, checked on the open file. */
	if ((buf = script_path_read(script_of(L), path, SCRIPT_MAX_MODEL,
	    &size, &err)) != NULL) {
		sm->m = model_load_buffer(buf, size, path, &err);
		/* For reports: the file and the digest of what was read. */
		if (sm->m != NULL && strlen(path) < sizeof sm->path) {
			snprintf(sm->path, sizeof sm->path, "%s", path);
			sha256_hex(buf, size, sm->sha256);
		}
		free(buf);
	}
	if (sm->m == NULL) {
		luaL_pushfail(L);
		lua_pushstring(L, err.msg);
		return (2);
	}
	return (1);
}

/* A count or a list of names in field name of the table at idx. */
static size_t
script_model_dim(lua_State *L, int idx, const char *name, size_t def,
    int names_at)
{
	lua_Integer	n;
	int		t = lua_getfield(L, idx, name);

	if (t == LUA_TNIL) {
		lua_pop(L, 1);
		if (def == 0)
			luaL_error(L, "gshap.model: give inputs (a count or a "
			    "list of names)");
		return (def);
	}
	if (t == LUA_TTABLE) {
		n = (lua_Integer)lua_rawlen(L, -1);
		if (names_at)
			lua_replace(L, names_at);
		else
			lua_pop(L, 1);
	} else if (lua_isinteger(L, -1)) {
		n = lua_tointeger(L, -1);
		lua_pop(L, 1);
	} else
		return ((size_t)luaL_error(L, "gshap.model: %s must be a count "
		    "or a list of names", name));
	if (n < 1 || n > 1 << 20)
		luaL_error(L, "gshap.model: %s must be 1 to 1048576", name);
	return ((size_t)n);
}

/*
 * gshap.model(f, {inputs = N or {names}, outputs = K or {names}, name =
 * "toy"}): a model computed by the Lua function f(x), where x[i] (and
 * x.name) are the inputs; f returns a number, K numbers or an array of K.
 * gshap.model(path): an ONNX model, as gshap.load_model(path).
 */
static int
script_model_new(lua_State *L)
{
	struct gs_script	*sc = script_of(L);
	struct script_model	*sm;
	struct script_lmodel	*lm;
	const char		*name;
	size_t			 d, k, j;

	if (lua_type(L, 1) == LUA_TSTRING) {
		lua_settop(L, 1);
		return (script_model_load(L));
	}
	luaL_checktype(L, 1, LUA_TFUNCTION);
	luaL_checktype(L, 2, LUA_TTABLE);
	lua_settop(L, 2);
	lua_pushnil(L);		/* 3: the input names, if given */
	d = script_model_dim(L, 2, "inputs", 0, 3);
	k = script_model_dim(L, 2, "outputs", 1, 0);
	lua_getfield(L, 2, "name");
	name = luaL_optstring(L, -1, "lua");
	if (lua_istable(L, 3)) {
		for (j = 0; j < d; j++) {
			if (lua_rawgeti(L, 3, (lua_Integer)j + 1) !=
			    LUA_TSTRING)
				return (luaL_error(L, "gshap.model: input %d's "
				    "name is not a string", (int)j + 1));
			lua_pop(L, 1);
		}
	}
	sm = script_newudata(L, sizeof *sm, SCRIPT_MODEL, 1);
	lm = xcalloc(1, sizeof *lm);
	lm->sc = sc;
	lm->d = d;
	lm->k = k;
	lm->name = xstrdup(name);
	if (lua_istable(L, 3)) {
		lm->names = xcalloc(d + 1, sizeof *lm->names);
		for (j = 0; j < d; j++) {
			lua_rawgeti(L, 3, (lua_Integer)j + 1);
			lm->names[j] = xstrdup(lua_tostring(L, -1));
			lua_pop(L, 1);
		}
	}
	sm->m = model_new_custom(name, d, k, (const char *const *)lm->names,
	    &script_lmodel_ops, lm);
	sm->lua = 1;
	sm->lctx = lm;
	lua_pushvalue(L, 1);
	lua_setiuservalue(L, -2, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, SCRIPT_LMODELS);
	lua_pushvalue(L, -2);
	lua_rawsetp(L, -2, lm);
	lua_pop(L, 1);
	return (1);
}

/* gshap.demo(): the bundled demo model and its dataset (target "target"). */
static int
script_model_demo(lua_State *L)
{
	char	*mp = paths_data_file("bc_mlp.onnx");
	char	*dp = paths_data_file("breast_cancer.csv");

	lua_getfield(L, lua_upvalueindex(1), "load_model");
	lua_pushstring(L, mp);
	free(mp);
	lua_call(L, 1, 2);
	if (lua_isnil(L, -2)) {
		free(dp);
		return (luaL_error(L, "%s", lua_tostring(L, -1)));
	}
	lua_pop(L, 1);
	lua_getfield(L, lua_upvalueindex(1), "load_data");
	lua_pushstring(L, dp);
	free(dp);
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "target");
	lua_setfield(L, -2, "target");
	lua_call(L, 2, 2);
	if (lua_isnil(L, -2))
		return (luaL_error(L, "%s", lua_tostring(L, -1)));
	lua_pop(L, 1);
	return (2);
}

static int
script_model_tostring(lua_State *L)
{
	struct script_model *sm = luaL_checkudata(L, 1, SCRIPT_MODEL);

	if (sm->m == NULL)
		lua_pushliteral(L, "gshap.Model (closed)");
	else
		lua_pushfstring(L, "gshap.Model(%s%s: %d inputs, %d outputs)",
		    sm->lua ? "Lua " : "", model_name(sm->m),
		    (int)model_input_len(sm->m),
		    (int)model_output_len(sm->m, 0));
	return (1);
}

/*
 * The graph output a script names at idx: nil (output 0), a class
 * number, or "name" / "name:K"; *cls gets K, or -1. Raises for an
 * unknown name or a class out of range.
 */
size_t
script_model_output(lua_State *L, const struct gs_model *m, int idx,
    long *cls)
{
	struct gs_error	 err;
	const char	*spec;
	size_t		 output;

	*cls = -1;
	if (lua_isnoneornil(L, idx))
		return (0);
	idx = lua_absindex(L, idx);
	if (lua_type(L, idx) == LUA_TNUMBER)
		spec = lua_pushfstring(L, "%I", luaL_checkinteger(L, idx));
	else
		spec = luaL_checkstring(L, idx);
	if (session_output_of(m, spec, &output, cls, &err) != 0)
		script_raise(L, &err);
	if (lua_type(L, idx) == LUA_TNUMBER)
		lua_pop(L, 1);
	return (output);
}

/*
 * The model's one-row plan for output, made on first use and kept in
 * the userdata (borrowed). Raises with plan_new's error.
 */
struct gs_plan *
script_model_plan(lua_State *L, struct script_model *sm, size_t output)
{
	struct gs_error	err;

	if (sm->plan != NULL && sm->plan_output == output)
		return (sm->plan);
	plan_free(sm->plan);
	gs_error_clear(&err);
	if ((sm->plan = plan_new(sm->m, output, 1, &err)) == NULL) {
		script_raise(L, &err);
		return (NULL);
	}
	sm->plan_output = output;
	return (sm->plan);
}

/* Read an input row argument into a userdata buffer of d gs_real. */
static gs_real *
script_model_input(lua_State *L, struct script_model *sm, int idx)
{
	size_t		 d = model_input_len(sm->m), j;
	double		*tmp;
	gs_real		*x;
	const char	**names = NULL;

	/* Pointers, then doubles, then gs_real: each part stays aligned. */
	names = lua_newuserdatauv(L, d * (sizeof *names + sizeof *tmp +
	    sizeof *x), 0);
	tmp = (double *)(void *)(names + d);
	x = (gs_real *)(void *)(tmp + d);
	for (j = 0; j < d; j++)
		names[j] = model_input_name(sm->m, j);
	if (model_input_name(sm->m, 0) == NULL)
		names = NULL;
	script_check_vector(L, idx, tmp, d, names, "x");
	for (j = 0; j < d; j++)
		x[j] = (gs_real)tmp[j];
	return (x);
}

/* m:predict(x [, output]): the output values for one input row, an array. */
static int
script_model_predict(lua_State *L)
{
	struct script_model	*sm = script_model_check(L, 1);
	struct gs_plan		*p;
	struct gs_error		 err;
	gs_real			*x, *y;
	double			*yd;
	size_t			 k, j, out;
	long			 cls;

	out = script_model_output(L, sm->m, 3, &cls);
	x = script_model_input(L, sm, 2);
	p = script_model_plan(L, sm, out);
	k = plan_output_len(p);
	yd = lua_newuserdatauv(L, k * (sizeof *y + sizeof *yd), 0);
	y = (gs_real *)(void *)(yd + k);
	gs_error_clear(&err);
	if (plan_forward(p, x, 1, y, &err) != 0)
		return (script_raise(L, &err));
	for (j = 0; j < k; j++)
		yd[j] = y[j];
	script_push_array(L, yd, k);
	return (1);
}

/*
 * m:gradient(x, class [, output]): the gradient of output element class
 * (0-based) at the input row x, an array, and the value of that element.
 */
static int
script_model_gradient(lua_State *L)
{
	struct script_model	*sm = script_model_check(L, 1);
	struct gs_plan		*p;
	struct gs_error		 err;
	gs_real			*x, *y, *g;
	double			*gd;
	size_t			 k, d = model_input_len(sm->m), j, out, t;
	lua_Integer		 c = luaL_checkinteger(L, 3);
	long			 cls;

	out = script_model_output(L, sm->m, 4, &cls);
	x = script_model_input(L, sm, 2);
	p = script_model_plan(L, sm, out);
	k = plan_output_len(p);
	luaL_argcheck(L, c >= 0 && (size_t)c < k, 3, "class out of range");
	t = (size_t)c;
	gd = lua_newuserdatauv(L, k * sizeof *y + d * (sizeof *g +
	    sizeof *gd), 0);
	y = (gs_real *)(void *)(gd + d);
	g = y + k;
	gs_error_clear(&err);
	if (plan_gradient(p, x, 1, &t, y, g, &err) != 0)
		return (script_raise(L, &err));
	for (j = 0; j < d; j++)
		gd[j] = g[j];
	script_push_array(L, gd, d);
	lua_pushnumber(L, y[t]);
	return (2);
}

/* m:name(), m:ninputs(), m:noutputs(), m:outputs(), m:input_names(). */
static int
script_model_name(lua_State *L)
{
	lua_pushstring(L, model_name(script_model_check(L, 1)->m));
	return (1);
}

static int
script_model_ninputs(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)model_input_len(script_model_check(L,
	    1)->m));
	return (1);
}

static int
script_model_noutputs(lua_State *L)
{
	struct script_model	*sm = script_model_check(L, 1);
	long			 cls;
	size_t			 out;

	out = script_model_output(L, sm->m, 2, &cls);
	lua_pushinteger(L, (lua_Integer)model_output_len(sm->m, out));
	return (1);
}

static int
script_model_outputs(lua_State *L)
{
	struct script_model	*sm = script_model_check(L, 1);
	size_t			 k;

	lua_createtable(L, (int)model_output_count(sm->m), 0);
	for (k = 0; k < model_output_count(sm->m); k++) {
		lua_pushstring(L, model_output_name(sm->m, k));
		lua_rawseti(L, -2, (lua_Integer)k + 1);
	}
	return (1);
}

static int
script_model_input_names(lua_State *L)
{
	struct script_model	*sm = script_model_check(L, 1);
	size_t			 j;

	if (model_input_name(sm->m, 0) == NULL)
		return (0);
	lua_createtable(L, (int)model_input_len(sm->m), 0);
	for (j = 0; j < model_input_len(sm->m); j++) {
		lua_pushstring(L, model_input_name(sm->m, j));
		lua_rawseti(L, -2, (lua_Integer)j + 1);
	}
	return (1);
}

static int
script_model_is_lua(lua_State *L)
{
	lua_pushboolean(L, script_model_check(L, 1)->lua);
	return (1);
}

/*
 * Register gshap.Model, the weak table of Lua models, and add
 * load_model, model and demo to the module table on top of the stack.
 */
void
script_model_open(lua_State *L)
{
	static const luaL_Reg methods[] = {
		{ "name", script_model_name },
		{ "ninputs", script_model_ninputs },
		{ "noutputs", script_model_noutputs },
		{ "outputs", script_model_outputs },
		{ "input_names", script_model_input_names },
		{ "is_lua", script_model_is_lua },
		{ "predict", script_model_predict },
		{ "gradient", script_model_gradient },
		{ "close", script_model_close },
		{ NULL, NULL }
	};
	static const luaL_Reg meta[] = {
		{ "__gc", script_model_close },
		{ "__close", script_model_close },
		{ "__tostring", script_model_tostring },
		{ NULL, NULL }
	};

	script_newclass(L, SCRIPT_MODEL, meta, methods, "__index");

	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "v");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_setfield(L, LUA_REGISTRYINDEX, SCRIPT_LMODELS);

	lua_pushcfunction(L, script_model_load);
	lua_setfield(L, -2, "load_model");
	lua_pushcfunction(L, script_model_new);
	lua_setfield(L, -2, "model");
	lua_pushvalue(L, -1);
	lua_pushcclosure(L, script_model_demo, 1);
	lua_setfield(L, -2, "demo");
}

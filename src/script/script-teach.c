/* SPDX-License-Identifier: ISC */
/*
 * The teaching data in Lua: e:path, e:trace and e:convergence return the
 * structs of attr/teach.h as plain tables (rows, classes and baseline
 * indices 0-based as elsewhere in the API; arrays 1-based).
 */
#include <stdlib.h>
#include <string.h>

#include "attr/teach.h"
#include "script/script-int.h"

/* Holds a teach result while it is copied into tables (freed by __gc). */
#define SCRIPT_TEACH_BOX	"gshap.TeachBox"

enum script_teach_kind {
	SCRIPT_TEACH_NONE,
	SCRIPT_TEACH_PATH,
	SCRIPT_TEACH_TRACE,
	SCRIPT_TEACH_CONVERGENCE
};

struct script_teach_box {
	enum script_teach_kind	 kind;	/* which member is filled */
	struct gs_path		 p;	/* a path */
	struct gs_trace		 t;	/* a trace */
	struct gs_convergence	 c;	/* a convergence */
};

static int
script_teach_box_gc(lua_State *L)
{
	struct script_teach_box *b = luaL_checkudata(L, 1, SCRIPT_TEACH_BOX);

	switch (b->kind) {
	case SCRIPT_TEACH_PATH:
		teach_path_clear(&b->p);
		break;
	case SCRIPT_TEACH_TRACE:
		teach_trace_clear(&b->t);
		break;
	case SCRIPT_TEACH_CONVERGENCE:
		teach_convergence_clear(&b->c);
		break;
	case SCRIPT_TEACH_NONE:
		break;
	}
	b->kind = SCRIPT_TEACH_NONE;
	return (0);
}

/*
 * Push an empty box: a Lua error while the result is copied out leaves
 * the C memory to the box's __gc rather than leaking it.
 */
static struct script_teach_box *
script_teach_box_new(lua_State *L)
{
	struct script_teach_box *b;

	script_check_open(L, SCRIPT_TEACH_BOX);
	b = lua_newuserdatauv(L, sizeof *b, 0);
	memset(b, 0, sizeof *b);
	if (luaL_newmetatable(L, SCRIPT_TEACH_BOX)) {
		lua_pushcfunction(L, script_teach_box_gc);
		lua_setfield(L, -2, "__gc");
		lua_pushboolean(L, 0);
		lua_setfield(L, -2, "__metatable");
	}
	lua_setmetatable(L, -2);
	return (b);
}

/* Push the feature names as an array. */
static void
script_teach_names(lua_State *L, const char *const *names, size_t d)
{
	size_t	j;

	lua_createtable(L, (int)d, 0);
	for (j = 0; j < d; j++) {
		lua_pushstring(L, names[j]);
		lua_rawseti(L, -2, (lua_Integer)j + 1);
	}
}

/* Push n rows of d values (row-major) as an array of arrays. */
static void
script_teach_rows(lua_State *L, const double *v, size_t n, size_t d)
{
	size_t	q;

	lua_createtable(L, (int)n, 0);
	for (q = 0; q < n; q++) {
		script_push_array(L, v + q * d, d);
		lua_rawseti(L, -2, (lua_Integer)q + 1);
	}
}

/* Set field k of the table on top to v. */
static void
script_teach_num(lua_State *L, const char *k, double v)
{
	lua_pushnumber(L, v);
	lua_setfield(L, -2, k);
}

static void
script_teach_int(lua_State *L, const char *k, size_t v)
{
	lua_pushinteger(L, (lua_Integer)v);
	lua_setfield(L, -2, k);
}

/* Raise err unless rc is 0. */
static void
script_teach_check(lua_State *L, int rc, const struct gs_error *err)
{
	if (rc != 0)
		script_raise(L, err);
}

/*
 * e:path(row or x [, {baseline = i, points = n}]): f and the gradient at
 * n (default 21) evenly spaced points of the path from baseline row i
 * (0-based, default 0) to the row.
 */
int
script_explainer_path(lua_State *L)
{
	struct script_teach_box	*b;
	struct gs_explainer	*e;
	struct gs_error		 err;
	const char *const	*names;
	lua_Integer		 bi = 0, n = 21;
	double			*x;
	size_t			 row, d;
	int			 rc, held;

	lua_settop(L, 3);
	if (!lua_isnil(L, 3)) {
		luaL_checktype(L, 3, LUA_TTABLE);
		if (lua_getfield(L, 3, "baseline") != LUA_TNIL)
			bi = luaL_checkinteger(L, -1);
		if (lua_getfield(L, 3, "points") != LUA_TNIL)
			n = luaL_checkinteger(L, -1);
		lua_pop(L, 2);
	}
	luaL_argcheck(L, bi >= 0, 3, "baseline indices are >= 0");
	luaL_argcheck(L, n >= 2 && n <= 1 << 20, 3, "2 to 1048576 points");
	e = script_explainer_teach(L, 1, 2, "path", &x, &row, &names, &d);
	b = script_teach_box_new(L);
	gs_error_clear(&err);
	held = script_release(script_of(L));
	rc = teach_path(e, x, row, (size_t)bi, (size_t)n, &b->p, &err);
	script_reacquire(script_of(L), held);
	script_teach_check(L, rc, &err);
	b->kind = SCRIPT_TEACH_PATH;

	lua_createtable(L, 0, 12);
	script_teach_int(L, "class", b->p.target);
	script_teach_int(L, "baseline", b->p.bidx);
	script_teach_num(L, "fx", b->p.fx);
	script_teach_num(L, "fb", b->p.fb);
	script_teach_names(L, names, d);
	lua_setfield(L, -2, "names");
	script_push_array(L, b->p.alpha, b->p.n);
	lua_setfield(L, -2, "alpha");
	script_push_array(L, b->p.f, b->p.n);
	lua_setfield(L, -2, "f");
	script_teach_rows(L, b->p.grad, b->p.n, d);
	lua_setfield(L, -2, "grad");
	script_push_array(L, b->p.delta, d);
	lua_setfield(L, -2, "delta");
	script_push_array(L, b->p.area, d);
	lua_setfield(L, -2, "area");
	script_push_array(L, b->p.marks, b->p.nmarks);
	lua_setfield(L, -2, "marks");
	teach_path_clear(&b->p);
	b->kind = SCRIPT_TEACH_NONE;
	return (1);
}

/*
 * e:trace(row or x [, n]): Gradient SHAP's first n samples (default the
 * explainer's samples) one at a time, drawn as plan mc draws them.
 */
int
script_explainer_trace(lua_State *L)
{
	struct script_teach_box	*b;
	struct gs_explainer	*e;
	struct gs_error		 err;
	const char *const	*names;
	const struct gs_trace	*t;
	lua_Integer		 n;
	double			*x;
	size_t			 row, d, s;
	int			 rc, held;

	lua_settop(L, 3);
	e = script_explainer_teach(L, 1, 2, "trace", &x, &row, &names, &d);
	n = luaL_optinteger(L, 3, (lua_Integer)script_explainer_count(L, 1));
	luaL_argcheck(L, n >= 1 && n <= 1 << 20, 3, "1 to 1048576 samples");
	b = script_teach_box_new(L);
	gs_error_clear(&err);
	held = script_release(script_of(L));
	rc = teach_trace(e, x, row, (size_t)n, &b->t, &err);
	script_reacquire(script_of(L), held);
	script_teach_check(L, rc, &err);
	b->kind = SCRIPT_TEACH_TRACE;
	t = &b->t;

	lua_createtable(L, 0, 10);
	script_teach_int(L, "class", t->target);
	lua_pushinteger(L, (lua_Integer)t->seed);
	lua_setfield(L, -2, "seed");
	script_teach_num(L, "fx", t->fx);
	script_teach_num(L, "base", t->base);
	script_teach_int(L, "n", t->n);
	script_teach_names(L, names, d);
	lua_setfield(L, -2, "names");
	lua_createtable(L, (int)t->n, 0);
	for (s = 0; s < t->n; s++) {
		lua_createtable(L, 0, 7);
		script_teach_int(L, "baseline", t->bidx[s]);
		script_teach_num(L, "alpha", t->alpha[s]);
		script_push_array(L, t->point + s * d, d);
		lua_setfield(L, -2, "point");
		script_push_array(L, t->grad + s * d, d);
		lua_setfield(L, -2, "grad");
		script_push_array(L, t->contrib + s * d, d);
		lua_setfield(L, -2, "contrib");
		script_push_array(L, t->mean + s * d, d);
		lua_setfield(L, -2, "mean");
		script_push_array(L, t->se + s * d, d);
		lua_setfield(L, -2, "se");
		lua_rawseti(L, -2, (lua_Integer)s + 1);
	}
	lua_setfield(L, -2, "samples");
	script_push_array(L, t->mean + (t->n - 1) * d, d);
	lua_setfield(L, -2, "mean");
	script_push_array(L, t->se + (t->n - 1) * d, d);
	lua_setfield(L, -2, "se");
	teach_trace_clear(&b->t);
	b->kind = SCRIPT_TEACH_NONE;
	return (1);
}

/*
 * e:convergence(row or x [, max]): the estimate and its SE at 1, 2, 4 ...
 * samples (IG: steps) and max (default the explainer's count).
 */
int
script_explainer_convergence(lua_State *L)
{
	struct script_teach_box	*b;
	struct gs_explainer	*e;
	struct gs_error		 err;
	const char *const	*names;
	const struct gs_convergence *c;
	lua_Integer		 max;
	double			*x;
	size_t			 row, d, k;
	int			 rc, held;

	lua_settop(L, 3);
	e = script_explainer_teach(L, 1, 2, "convergence", &x, &row, &names,
	    &d);
	max = luaL_optinteger(L, 3, (lua_Integer)script_explainer_count(L, 1));
	luaL_argcheck(L, max >= 1 && max <= 100000000, 3,
	    "1 to 100000000 samples");
	b = script_teach_box_new(L);
	gs_error_clear(&err);
	held = script_release(script_of(L));
	rc = teach_convergence(e, x, row, (size_t)max, &b->c, &err);
	script_reacquire(script_of(L), held);
	script_teach_check(L, rc, &err);
	b->kind = SCRIPT_TEACH_CONVERGENCE;
	c = &b->c;

	lua_createtable(L, 0, 6);
	lua_pushstring(L, method_name(c->method));
	lua_setfield(L, -2, "method");
	script_teach_names(L, names, d);
	lua_setfield(L, -2, "names");
	lua_createtable(L, (int)c->n, 0);
	for (k = 0; k < c->n; k++) {
		lua_pushinteger(L, (lua_Integer)c->samples[k]);
		lua_rawseti(L, -2, (lua_Integer)k + 1);
	}
	lua_setfield(L, -2, "samples");
	script_teach_rows(L, c->phi, c->n, d);
	lua_setfield(L, -2, "phi");
	if (c->se != NULL) {
		script_teach_rows(L, c->se, c->n, d);
		lua_setfield(L, -2, "se");
	}
	script_push_array(L, c->gap, c->n);
	lua_setfield(L, -2, "gap");
	teach_convergence_clear(&b->c);
	b->kind = SCRIPT_TEACH_NONE;
	return (1);
}

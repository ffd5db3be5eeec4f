/* SPDX-License-Identifier: ISC */
/*
 * Two models compared from Lua: an Explainer made with compare_model = B
 * explains a row with both models and the same draws (e:compare) or
 * summarises many rows (e:compare_rows). Results are plain tables.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "script/script-int.h"

/* Top-k of the agreement measures. */
#define SCRIPT_COMPARE_K	5

/* t[key] = v (nil when not finite) on the table at -1. */
static void
script_compare_num(lua_State *L, const char *key, double v)
{
	if (isfinite(v))
		lua_pushnumber(L, v);
	else
		lua_pushnil(L);
	lua_setfield(L, -2, key);
}

static void
script_compare_int(lua_State *L, const char *key, size_t v)
{
	lua_pushinteger(L, (lua_Integer)v);
	lua_setfield(L, -2, key);
}

/* The comparison c as a table, pushed. */
static void
script_compare_push(lua_State *L, const struct gs_paired *c,
    const char *const *names)
{
	size_t	i;

	lua_createtable(L, 0, 16);
	script_compare_int(L, "row", c->a.row);
	script_compare_int(L, "class", c->a.target);
	script_compare_num(L, "f_a", c->fa);
	script_compare_num(L, "f_b", c->fb);
	script_compare_int(L, "pred_a", c->pred_a);
	script_compare_int(L, "pred_b", c->pred_b);
	lua_pushboolean(L, c->agree);
	lua_setfield(L, -2, "agree");
	lua_pushstring(L, c->delta.se == NULL ? "none" : c->paired ?
	    "paired" : "unpaired");
	lua_setfield(L, -2, "se_kind");
	lua_pushboolean(L, c->direct);
	lua_setfield(L, -2, "direct");
	lua_pushstring(L, method_name(c->a.method));
	lua_setfield(L, -2, "method");
	lua_pushinteger(L, (lua_Integer)c->a.opts.seed);
	lua_setfield(L, -2, "seed");
	script_compare_int(L, "samples", c->a.samples_used);
	script_compare_int(L, "larger", c->larger);
	script_compare_int(L, "top5", compare_topk(c->a.phi, c->b.phi, c->d,
	    SCRIPT_COMPARE_K));
	script_compare_num(L, "rank_corr", compare_rank_corr(c->a.phi,
	    c->b.phi, c->d));
	lua_createtable(L, (int)c->d, 0);
	for (i = 0; i < c->d; i++) {
		lua_createtable(L, 0, 11);
		lua_pushstring(L, names[i]);
		lua_setfield(L, -2, "name");
		script_compare_num(L, "phi_a", c->a.phi[i]);
		script_compare_num(L, "se_a", c->a.se != NULL ? c->a.se[i] :
		    NAN);
		script_compare_num(L, "phi_b", c->b.phi[i]);
		script_compare_num(L, "se_b", c->b.se != NULL ? c->b.se[i] :
		    NAN);
		script_compare_num(L, "delta", c->delta.phi[i]);
		script_compare_num(L, "se", c->delta.se != NULL ?
		    c->delta.se[i] : NAN);
		script_compare_num(L, "se_unpaired", c->se_unpaired != NULL ?
		    c->se_unpaired[i] : NAN);
		script_compare_int(L, "rank_a", c->rank_a[i]);
		script_compare_int(L, "rank_b", c->rank_b[i]);
		lua_pushstring(L, compare_verdict_name(c->verdict[i]));
		lua_setfield(L, -2, "verdict");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "features");
}

/* What the protected table builders are given. */
struct script_compare_ctx {
	const struct gs_paired		*c;	/* one row, or NULL */
	const struct gs_cmp_summary	*s;	/* the summary, or NULL */
	const char *const		*names;	/* feature names */
	size_t				 d;	/* features */
};

/* Push the row's table (run by lua_pcall: C memory is freed after). */
static int
script_compare_row_table(lua_State *L)
{
	const struct script_compare_ctx *x = lua_touserdata(L, 1);

	script_compare_push(L, x->c, x->names);
	return (1);
}

static int script_compare_rows_table(lua_State *L);

/*
 * Build the result table with fn in protected mode, so that C memory held
 * by the caller (x's row or summary) can be freed before an error (out
 * of memory at the script's limit) is raised again. Returns what
 * lua_pcall did.
 */
static int
script_compare_build(lua_State *L, lua_CFunction fn,
    struct script_compare_ctx *x)
{
	lua_pushcfunction(L, fn);
	lua_pushlightuserdata(L, x);
	return (lua_pcall(L, 1, 1, 0));
}

/* The job of the Explainer at 1, which must compare two models. */
static struct gs_explain_job *
script_compare_job(lua_State *L, const char *const **names, size_t *d,
    double **x, size_t *row)
{
	struct gs_explain_job *j = script_explainer_job(L, 1, names, d, x,
	    row);

	if (!job_compares(j))
		luaL_error(L, "compare: this explainer has one model; make it "
		    "with compare_model = gshap.model(FILE) (or model_b)");
	return (j);
}

/*
 * e:compare(row) or e:compare(x [, row]): the row explained by both
 * models with the same draws, as a table (see gshap-lua(7)).
 */
int
script_compare_row(lua_State *L)
{
	struct script_compare_ctx ctx;
	struct gs_explain_job	*j;
	struct gs_paired	 c;
	struct gs_error		 err;
	const char *const	*names;
	double			*x;
	size_t			 d, row;
	int			 rc, held;

	lua_settop(L, 3);
	j = script_compare_job(L, &names, &d, &x, &row);
	if (lua_type(L, 2) == LUA_TTABLE && !lua_isnoneornil(L, 3)) {
		lua_Integer r = luaL_checkinteger(L, 3);
		luaL_argcheck(L, r >= 0, 3, "row numbers are >= 0");
		row = (size_t)r;
	}
	gs_error_clear(&err);
	held = script_release(script_of(L));
	rc = job_run_compare(j, x, row, &c, &err);
	script_reacquire(script_of(L), held);
	if (rc != 0)
		return (script_raise(L, &err));
	ctx.c = &c;
	ctx.s = NULL;
	ctx.names = names;
	ctx.d = d;
	rc = script_compare_build(L, script_compare_row_table, &ctx);
	compare_clear(&c);
	if (rc != LUA_OK)
		return (lua_error(L));
	return (1);
}

/* Push the summary's table (run by lua_pcall, as the row's). */
static int
script_compare_rows_table(lua_State *L)
{
	const struct script_compare_ctx *x = lua_touserdata(L, 1);
	const struct gs_cmp_summary	*s = x->s;
	const char *const		*names = x->names;
	size_t				 d = x->d, i, n, *order;
	double				 m, se;

	order = lua_newuserdatauv(L, (s->n + 1) * sizeof *order, 0);
	lua_createtable(L, 0, 8);
	script_compare_int(L, "rows", s->n);
	script_compare_int(L, "agree", s->agree);
	script_compare_num(L, "topk_agreement", s->topk_sum / s->n);
	script_compare_num(L, "rank_corr", s->rho_n > 0 ? s->rho_sum / s->rho_n :
	    NAN);
	lua_createtable(L, (int)d, 0);
	for (i = 0; i < d; i++) {
		m = compare_summary_mean_abs(s, i, &se);
		lua_createtable(L, 0, 4);
		lua_pushstring(L, names[i]);
		lua_setfield(L, -2, "name");
		script_compare_num(L, "mean_abs_delta", m);
		script_compare_num(L, "se", se);
		script_compare_int(L, "larger", s->larger[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "features");
	n = compare_summary_worst(s, order);
	lua_createtable(L, (int)n, 0);
	for (i = 0; i < n; i++) {
		lua_pushinteger(L, (lua_Integer)s->rows[order[i]].row);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "disagree_most");
	n = compare_summary_same_pred(s, order);
	lua_createtable(L, (int)n, 0);
	for (i = 0; i < n; i++) {
		lua_pushinteger(L, (lua_Integer)s->rows[order[i]].row);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "same_prediction");
	return (1);
}

/*
 * e:compare_rows(first, last): the summary over data rows first to
 * last - 1: rows, agree, topk_agreement, rank_corr, features (name,
 * mean_abs_delta, se, larger), disagree_most and same_prediction (row
 * numbers, worst first).
 */
int
script_compare_rows(lua_State *L)
{
	struct script_compare_ctx ctx;
	struct gs_explain_job	*j;
	struct gs_cmp_summary	 s;
	struct gs_paired	 c;
	struct gs_error		 err;
	const char *const	*names;
	lua_Integer		 first, last;
	size_t			 d, r;
	int			 rc = 0, held;

	j = script_compare_job(L, &names, &d, NULL, NULL);
	first = luaL_checkinteger(L, 2);
	last = luaL_checkinteger(L, 3);
	luaL_argcheck(L, first >= 0 && last > first, 3, "rows first to "
	    "last - 1, first < last");
	gs_error_clear(&err);
	compare_summary_init(&s, d, SCRIPT_COMPARE_K);
	held = script_release(script_of(L));
	for (r = (size_t)first; r < (size_t)last && rc == 0; r++) {
		if ((rc = job_run_compare_row(j, r, &c, &err)) == 0) {
			compare_summary_add(&s, &c);
			compare_clear(&c);
		}
	}
	script_reacquire(script_of(L), held);
	if (rc != 0) {
		compare_summary_free(&s);
		return (script_raise(L, &err));
	}
	ctx.c = NULL;
	ctx.s = &s;
	ctx.names = names;
	ctx.d = d;
	rc = script_compare_build(L, script_compare_rows_table, &ctx);
	compare_summary_free(&s);
	if (rc != LUA_OK)
		return (lua_error(L));
	return (1);
}

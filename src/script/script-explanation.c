/* SPDX-License-Identifier: ISC */
/*
 * gshap.Explanation: the result for one row (f(x), base value, gap,
 * values, attributions, standard errors, groups, metrics) as fields, with
 * sorting, saving through a temporary file, and plain-text rendering as a
 * table, a bar chart or a force summary; and gshap.save.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/trust.h"
#include "core/xmalloc.h"
#include "script/script-int.h"
#include "session/export.h"
#include "session/png.h"
#include "session/textchart.h"
#include "tui/tui.h"

/* The Explanation at idx; raises unless it is open. */
static struct script_expl *
script_expl_check(lua_State *L, int idx)
{
	struct script_expl *sx = luaL_checkudata(L, idx, SCRIPT_EXPLANATION);

	if (sx->names == NULL)
		luaL_error(L, "this explanation is closed");
	return (sx);
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
	free(sx->class_name);
	free(sx->label);
	sx->model = sx->data = sx->output = NULL;
	sx->class_name = sx->label = NULL;
	return (0);
}

struct script_expl *
script_expl_push(lua_State *L)
{
	/* User value 1: the Explainer that made it, for ex:report. */
	return (script_newudata(L, sizeof(struct script_expl),
	    SCRIPT_EXPLANATION, 1));
}

void
script_expl_fill(struct script_expl *sx, struct gs_explanation *ex,
    const struct script_expl_about *about)
{
	const char	*name;
	char		 buf[128];
	size_t		 j;

	sx->ex = *ex;
	memset(ex, 0, sizeof *ex);
	sx->names = xcalloc(sx->ex.d + 1, sizeof *sx->names);
	for (j = 0; j < sx->ex.d; j++)
		sx->names[j] = xstrdup(about->names[j]);
	sx->model = xstrdup(about->model);
	sx->data = about->data != NULL ? xstrdup(about->data) : NULL;
	sx->output = xstrdup(about->output);
	name = classes_name(about->classes, sx->ex.target);
	sx->class_name = name != NULL ? xstrdup(name) : NULL;
	if (about->m != NULL)
		sx->label = xstrdup(session_class_label(about->m,
		    about->output_index, sx->ex.target, name, buf, sizeof buf));
	else {
		xasprintf(&sx->label, "%s[%zu]", sx->output, sx->ex.target);
	}
}

/* The export description of the explanation sx at idx. */
static void
script_expl_info(lua_State *L, int idx, const struct script_expl *sx,
    struct gs_export_info *info)
{
	memset(info, 0, sizeof *info);
	info->model = sx->model;
	info->data = sx->data != NULL ? sx->data : "";
	info->output = sx->output;
	info->baseline_desc = sx->ex.baseline_desc;
	info->names = (const char *const *)sx->names;
	info->class_name = sx->class_name;
	info->label = sx->label;
	script_explainer_source(L, idx, info);
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
	else if (strcmp(k, "class_name") == 0)
		lua_pushstring(L, sx->class_name);
	else if (strcmp(k, "output_label") == 0)
		lua_pushstring(L, sx->label);
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
		lua_pushstring(L, sx->ex.baseline_desc);
	else if (strcmp(k, "noise") == 0)
		lua_pushstring(L, ex->noise);
	else if (strcmp(k, "fx") == 0)
		lua_pushnumber(L, ex->fx);
	else if (strcmp(k, "base") == 0)
		lua_pushnumber(L, ex->base);
	else if (strcmp(k, "gap") == 0)
		lua_pushnumber(L, ex->gap);
	else if (strcmp(k, "gap_se") == 0)
		lua_pushnumber(L, ex->gap_se);
	else if (strcmp(k, "gap_verdict") == 0)
		lua_pushstring(L, gap_verdict_name(ex->gap_verdict));
	else if (strcmp(k, "gap_hint") == 0)
		lua_pushstring(L, gap_verdict_hint(ex));
	else if (strcmp(k, "base_label") == 0) {
		char lab[96];
		lua_pushstring(L, explanation_base_label(ex, 1, lab,
		    sizeof lab));
	} else if (strcmp(k, "base_kind") == 0)
		lua_pushstring(L, base_kind_name(isnan(ex->base) ?
		    GS_BASE_NONE : ex->base_kind));
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
	if (f == GS_FORMAT_PNG && !png_available())
		luaL_error(L, "%s", png_unavailable());
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
		script_expl_info(L, -1, sx, &info);
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
	return (script_written(L, script_write_file(script_of(L), path, s, len,
	    &err), &err));
}

/*
 * ex:report(path [, opts]): the report on this explanation's data row by
 * the explainer that made it (explained again: the same numbers).
 */
static int
script_expl_report(lua_State *L)
{
	struct script_expl	*sx = script_expl_check(L, 1);

	luaL_checkstring(L, 2);
	lua_settop(L, 3);
	if (lua_getiuservalue(L, 1, 1) == LUA_TNIL) {
		luaL_pushfail(L);
		lua_pushliteral(L, "report: this explanation was not made by an "
		    "explainer (e:explain or e:explain_rows)");
		return (2);
	}
	lua_pushinteger(L, (lua_Integer)sx->ex.row);
	return (script_explainer_report_rows(L, 4, 2, 5, 3, &sx->ex));
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

	fprintf(f, "row %zu  %s  f(x) = %.6g", ex->row, sx->label, ex->fx);
	textchart_base(f, ex, 6);
	textchart_gap(f, ex, 3);
	fputc('\n', f);
	textchart_hint(f, ex);
	textchart_method(f, ex, ex->baseline_desc);
	fprintf(f, "  seed %llu\n", (unsigned long long)ex->opts.seed);
}

/*
 * Draw view of sx with the shared renderer (tui_chart: the one the REPL,
 * the explorer and `gshap explain --format text` use) under the header.
 */
static void
script_expl_chart(lua_State *L, FILE *f, const struct script_expl *sx,
    enum gs_view view, size_t k, int width)
{
	struct gs_export_info	 info;
	struct gs_tui_opts	 t;

	script_expl_info(L, 1, sx, &info);
	tui_opts_default(&t);
	t.k = k;
	t.color = GS_COLOR_NEVER;
	script_expl_header(f, sx);
	tui_chart(f, &info, &sx->ex, &t, view, width);
	fflush(f);
}

/*
 * ex:VIEW([k [, width]]) for the chart views: view of the explanation at 1
 * with k features (default k_def) in width columns (default 80).
 */
static int
script_expl_view(lua_State *L, enum gs_view view, lua_Integer k_def)
{
	struct gs_script	*sc = script_of(L);
	struct script_expl	*sx = script_expl_check(L, 1);
	lua_Integer		 k = luaL_optinteger(L, 2, k_def);
	lua_Integer		 width = luaL_optinteger(L, 3, 80);

	luaL_argcheck(L, k >= 1, 2, "k must be >= 1");
	luaL_argcheck(L, width >= 40 && width <= 400, 3, "40 to 400 columns");
	script_expl_chart(L, sc->out, sx, view, (size_t)k, (int)width);
	return (0);
}

/*
 * ex:bar([k [, width]]): the bar chart of the k largest attributions
 * (default 10), the rest summed in one row, width columns (default 80).
 */
static int
script_expl_bar(lua_State *L)
{
	return (script_expl_view(L, GS_VIEW_BAR, 10));
}

/*
 * ex:force([k [, width]]): the force plot: f(x) against the base value,
 * the features pushing up and down, labelled while there is room.
 */
static int
script_expl_force(lua_State *L)
{
	return (script_expl_view(L, GS_VIEW_FORCE, 5));
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
 * Register gshap.Explanation (its metatable protected: getmetatable gives
 * false) and add gshap.save to the module table on top of the stack.
 */
void
script_explanation_open(lua_State *L)
{
	static const luaL_Reg methods[] = {
		{ "top", script_expl_top },
		{ "sorted", script_expl_sorted },
		{ "get", script_expl_get },
		{ "format", script_expl_format_l },
		{ "print", script_expl_print },
		{ "save", script_expl_save },
		{ "report", script_expl_report },
		{ "bar", script_expl_bar },
		{ "force", script_expl_force },
		{ "close", script_expl_close },
		{ NULL, NULL }
	};
	static const luaL_Reg meta[] = {
		{ "__gc", script_expl_close },
		{ "__close", script_expl_close },
		{ "__tostring", script_expl_tostring },
		{ "__index", script_expl_index },
		{ NULL, NULL }
	};

	script_newclass(L, SCRIPT_EXPLANATION, meta, methods, "methods");

	lua_pushvalue(L, -1);
	lua_pushcclosure(L, script_save, 1);
	lua_setfield(L, -2, "save");
}

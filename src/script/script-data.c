/* SPDX-License-Identifier: ISC */
/*
 * gshap.Dataset: a CSV dataset and its input columns, for scripts. Row
 * numbers are 0-based as on the command line; arrays of values are Lua
 * arrays (1-based). Also the array helpers the other script files share.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/sha256.h"
#include "core/xmalloc.h"
#include "data/encode.h"
#include "data/csv.h"
#include "script/script-int.h"

/* Push a Lua array of the n values at v. */
void
script_push_array(lua_State *L, const double *v, size_t n)
{
	size_t	i;

	lua_createtable(L, n < 1 << 30 ? (int)n : 0, 0);
	for (i = 0; i < n; i++) {
		lua_pushnumber(L, v[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/*
 * Push the n values at v as a table indexed 1..n and, where names[i]
 * is given, by name.
 */
void
script_push_named(lua_State *L, const double *v, size_t n,
    const char *const *names)
{
	size_t	i;

	lua_createtable(L, n < 1 << 30 ? (int)n : 0, names != NULL ?
	    (n < 1 << 30 ? (int)n : 0) : 0);
	for (i = 0; i < n; i++) {
		lua_pushnumber(L, v[i]);
		if (names != NULL && names[i] != NULL && names[i][0] != '\0') {
			lua_pushvalue(L, -1);
			lua_setfield(L, -3, names[i]);
		}
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/*
 * Read n numbers from the table at idx (by position, or by names[i]
 * when position i is empty) into out; raises naming what when a value is
 * missing or not a number, or there are too many.
 */
void
script_check_vector(lua_State *L, int idx, double *out, size_t n,
    const char *const *names, const char *what)
{
	size_t	i;
	int	t;

	idx = lua_absindex(L, idx);
	if (lua_type(L, idx) != LUA_TTABLE)
		luaL_error(L, "%s: a table of %d numbers expected, got %s",
		    what, (int)n, luaL_typename(L, idx));
	for (i = 0; i < n; i++) {
		t = lua_geti(L, idx, (lua_Integer)i + 1);
		if (t == LUA_TNIL && names != NULL) {
			lua_pop(L, 1);
			t = lua_getfield(L, idx, names[i]);
		}
		if (t != LUA_TNUMBER) {
			if (t == LUA_TNIL && i > 0)
				luaL_error(L, "%s has %d values, %d expected",
				    what, (int)i, (int)n);
			if (names != NULL)
				luaL_error(L, "%s: value %d ('%s') is %s, "
				    "not a number", what, (int)i + 1, names[i],
				    t == LUA_TNIL ? "missing" :
				    luaL_typename(L, -1));
			luaL_error(L, "%s: value %d is %s, not a number", what,
			    (int)i + 1, t == LUA_TNIL ? "missing" :
			    luaL_typename(L, -1));
		}
		out[i] = lua_tonumber(L, -1);
		lua_pop(L, 1);
	}
	if (lua_rawlen(L, idx) > n)
		luaL_error(L, "%s has %d values, %d expected", what,
		    (int)lua_rawlen(L, idx), (int)n);
}

/* Fill sd->names from the selection. */
static void
script_data_names(struct script_data *sd)
{
	size_t	j;

	sd->names = xcalloc(sd->sel.n + 1, sizeof *sd->names);
	for (j = 0; j < sd->sel.n; j++)
		sd->names[j] = sd->sel.enc != NULL ? encode_input_name(sd->ds,
		    &sd->sel, j) : sd->ds->cols[sd->sel.cols[j]].name;
}

/*
 * Push a Dataset that borrows ds (and copies sel) for one call; the
 * caller ends the loan with script_data_close.
 */
struct script_data *
script_data_push_lent(lua_State *L, struct gs_dataset *ds,
    const struct gs_selection *sel)
{
	struct script_data *sd;

	sd = script_newudata(L, sizeof *sd, SCRIPT_DATASET, 0);
	sd->sel.n = sel->n;
	sd->sel.target = sel->target;
	sd->sel.cols = xcalloc(sel->n + 1, sizeof *sd->sel.cols);
	memcpy(sd->sel.cols, sel->cols, sel->n * sizeof *sel->cols);
	sd->ds = ds;
	sd->owned = 0;
	script_data_names(sd);
	return (sd);
}

/*
 * Free what sd owns (the dataset too when it is owned) and mark it
 * closed; NULL is fine and so is closing twice.
 */
void
script_data_close(struct script_data *sd)
{
	if (sd == NULL)
		return;
	if (sd->owned)
		dataset_free(sd->ds);
	sd->ds = NULL;
	dataset_selection_free(&sd->sel);
	free(sd->names);
	sd->names = NULL;
}

/* The Dataset at idx; raises unless it is open. */
struct script_data *
script_data_check(lua_State *L, int idx)
{
	struct script_data *sd = luaL_checkudata(L, idx, SCRIPT_DATASET);

	if (sd->ds == NULL)
		luaL_error(L, "this dataset is closed (or was lent to a call "
		    "that has returned)");
	return (sd);
}

/* A 0-based row number argument, checked against the rows. */
static size_t
script_data_rowarg(lua_State *L, const struct script_data *sd, int idx)
{
	lua_Integer	r = luaL_checkinteger(L, idx);

	if (r < 0 || (size_t)r >= sd->ds->nrows)
		luaL_error(L, "bad argument #%d: row %d does not exist (%s has "
		    "rows 0 to %d)", idx, (int)r, sd->ds->name,
		    (int)sd->ds->nrows - 1);
	return ((size_t)r);
}

/* Push row r of sd: the inputs as [1..d], every column by name. */
void
script_data_push_row(lua_State *L, const struct script_data *sd, size_t r)
{
	const struct gs_dataset	*ds = sd->ds;
	size_t			 j;

	lua_createtable(L, (int)sd->sel.n, (int)ds->ncols);
	for (j = 0; j < ds->ncols; j++) {
		lua_pushnumber(L, dataset_cell(ds, r, j));
		lua_setfield(L, -2, ds->cols[j].name);
	}
	for (j = 0; j < sd->sel.n; j++) {
		lua_pushnumber(L, dataset_cell(ds, r, sd->sel.cols[j]));
		lua_rawseti(L, -2, (lua_Integer)j + 1);
	}
}

/*
 * gshap.load_data(path [, {target = NAME, drop = "a,b" or {...}, schema =
 * FILE.json}]): the CSV file at path; every column but target and drop is
 * an input, or as the schema says.
 */
static int
script_data_load(lua_State *L)
{
	const char	*path = luaL_checkstring(L, 1);
	const char	*target = NULL, *drop = NULL, *schema = NULL;
	struct gs_schema *sc = NULL;
	struct gs_encode_opts eo;
	struct script_data *sd;
	struct gs_error	 err;
	luaL_Buffer	 b;
	lua_Integer	 i, n;
	int		 dt;
	char		*buf;
	size_t		 size;

	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		lua_getfield(L, 2, "target");
		target = luaL_optstring(L, -1, NULL);
		lua_getfield(L, 2, "drop");
		if (lua_type(L, -1) == LUA_TTABLE) {
			dt = lua_gettop(L);
			n = luaL_len(L, dt);
			luaL_buffinit(L, &b);
			for (i = 1; i <= n; i++) {
				if (i > 1)
					luaL_addchar(&b, ',');
				if (lua_geti(L, dt, i) != LUA_TSTRING)
					return (luaL_error(L, "drop: column "
					    "names expected"));
				luaL_addvalue(&b);
			}
			luaL_pushresult(&b);
			drop = lua_tostring(L, -1);
		} else
			drop = luaL_optstring(L, -1, NULL);
		lua_getfield(L, 2, "schema");
		schema = luaL_optstring(L, -1, NULL);
	}
	sd = script_newudata(L, sizeof *sd, SCRIPT_DATASET, 0);
	gs_error_clear(&err);
	/* Read where the sandbox allows, checked on the open file. */
	if ((buf = script_path_read(script_of(L), path, GS_CSV_MAX_SIZE, &size,
	    &err)) != NULL) {
		sd->ds = dataset_load_buffer(buf, size, path, &err);
		if (sd->ds != NULL)	/* for reports: the digest of what was read */
			sha256_hex(buf, size, sd->sha256);
		free(buf);
	}
	if (sd->ds == NULL) {
		luaL_pushfail(L);
		lua_pushstring(L, err.msg);
		return (2);
	}
	sd->owned = 1;
	/*
	 * A schema file, read where the sandbox allows; one in Lua runs in a
	 * sandboxed state of its own (script-schema.c).
	 */
	if (schema != NULL && (buf = script_path_read(script_of(L), schema,
	    GS_CSV_MAX_SIZE, &size, &err)) != NULL) {
		sc = schema_is_lua(schema) ? script_schema_load(schema, &err) :
		    schema_parse(buf, size, schema, &err);
		free(buf);
	}
	memset(&eo, 0, sizeof eo);
	eo.target = target;
	eo.drop = drop;
	eo.schema = sc;
	if ((schema != NULL && sc == NULL) ||
	    encode_select(sd->ds, &eo, &sd->sel, &err) != 0) {
		schema_free(sc);
		script_data_close(sd);
		luaL_pushfail(L);
		lua_pushstring(L, err.msg);
		return (2);
	}
	schema_free(sc);
	script_data_names(sd);
	return (1);
}

static int
script_data_gc(lua_State *L)
{
	script_data_close(luaL_checkudata(L, 1, SCRIPT_DATASET));
	return (0);
}

static int
script_data_tostring(lua_State *L)
{
	struct script_data *sd = luaL_checkudata(L, 1, SCRIPT_DATASET);

	if (sd->ds == NULL)
		lua_pushliteral(L, "gshap.Dataset (closed)");
	else
		lua_pushfstring(L, "gshap.Dataset(%s: %d rows, %d inputs)",
		    sd->ds->name, (int)sd->ds->nrows, (int)sd->sel.n);
	return (1);
}

/* #ds and ds:nrows(): rows. */
static int
script_data_nrows(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)script_data_check(L, 1)->ds->nrows);
	return (1);
}

/* ds:ncols(): input columns. */
static int
script_data_ncols(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)script_data_check(L, 1)->sel.n);
	return (1);
}

/* ds:names(): the input column names. */
static int
script_data_names_l(lua_State *L)
{
	struct script_data *sd = script_data_check(L, 1);
	size_t		    j;

	lua_createtable(L, (int)sd->sel.n, 0);
	for (j = 0; j < sd->sel.n; j++) {
		lua_pushstring(L, sd->names[j]);
		lua_rawseti(L, -2, (lua_Integer)j + 1);
	}
	return (1);
}

/* ds:columns(): every column name of the file. */
static int
script_data_columns(lua_State *L)
{
	struct script_data *sd = script_data_check(L, 1);
	size_t		    j;

	lua_createtable(L, (int)sd->ds->ncols, 0);
	for (j = 0; j < sd->ds->ncols; j++) {
		lua_pushstring(L, sd->ds->cols[j].name);
		lua_rawseti(L, -2, (lua_Integer)j + 1);
	}
	return (1);
}

/* ds:name(), ds:path(), ds:target_name(). */
static int
script_data_name(lua_State *L)
{
	lua_pushstring(L, script_data_check(L, 1)->ds->name);
	return (1);
}

static int
script_data_path(lua_State *L)
{
	lua_pushstring(L, script_data_check(L, 1)->ds->path);
	return (1);
}

static int
script_data_target_name(lua_State *L)
{
	struct script_data *sd = script_data_check(L, 1);

	if (sd->sel.target < 0)
		lua_pushnil(L);
	else
		lua_pushstring(L, sd->ds->cols[sd->sel.target].name);
	return (1);
}

/* ds:row(r): input values [1..d], and every column by name. */
static int
script_data_row(lua_State *L)
{
	struct script_data *sd = script_data_check(L, 1);

	script_data_push_row(L, sd, script_data_rowarg(L, sd, 2));
	return (1);
}

/* ds:target(r): the target column's value of row r, or nil. */
static int
script_data_target(lua_State *L)
{
	struct script_data *sd = script_data_check(L, 1);
	size_t		    r = script_data_rowarg(L, sd, 2);
	double		    v;

	if (sd->sel.target < 0)
		return (0);
	v = dataset_cell(sd->ds, r, (size_t)sd->sel.target);
	if (isnan(v))
		return (0);
	lua_pushnumber(L, v);
	return (1);
}

/* ds:missing(r): whether an input of row r is missing. */
static int
script_data_missing(lua_State *L)
{
	struct script_data *sd = script_data_check(L, 1);

	lua_pushboolean(L, dataset_row_missing(sd->ds, &sd->sel,
	    script_data_rowarg(L, sd, 2)));
	return (1);
}

/* The file column of a column argument: a name or a 1-based input index. */
static size_t
script_data_colarg(lua_State *L, const struct script_data *sd, int idx)
{
	lua_Integer	j;
	long		c;

	if (lua_type(L, idx) == LUA_TSTRING) {
		if ((c = dataset_column(sd->ds, lua_tostring(L, idx))) < 0)
			luaL_error(L, "bad argument #%d: %s has no column '%s'",
			    idx, sd->ds->name, lua_tostring(L, idx));
		return ((size_t)c);
	}
	j = luaL_checkinteger(L, idx);
	if (j < 1 || (size_t)j > sd->sel.n)
		luaL_error(L, "bad argument #%d: input %d does not exist (1 to "
		    "%d)", idx, (int)j, (int)sd->sel.n);
	return (sd->sel.cols[j - 1]);
}

/* ds:column(c): the column's values (NaN where missing). */
static int
script_data_column(lua_State *L)
{
	struct script_data *sd = script_data_check(L, 1);
	size_t		    c = script_data_colarg(L, sd, 2), r;

	lua_createtable(L, (int)sd->ds->nrows, 0);
	for (r = 0; r < sd->ds->nrows; r++) {
		lua_pushnumber(L, dataset_cell(sd->ds, r, c));
		lua_rawseti(L, -2, (lua_Integer)r + 1);
	}
	return (1);
}

/* ds:stats(c): mean and sample standard deviation of a column. */
static int
script_data_stats(lua_State *L)
{
	struct script_data *sd = script_data_check(L, 1);
	double		    mean, sdv;

	dataset_column_stats(sd->ds, script_data_colarg(L, sd, 2), &mean, &sdv);
	lua_pushnumber(L, mean);
	lua_pushnumber(L, sdv);
	return (2);
}

/* ds:means() and ds:sds(): per input column. */
static int
script_data_moments(lua_State *L, int which)
{
	struct script_data *sd = script_data_check(L, 1);
	double		    mean, sdv;
	size_t		    j;

	lua_createtable(L, (int)sd->sel.n, 0);
	for (j = 0; j < sd->sel.n; j++) {
		dataset_column_stats(sd->ds, sd->sel.cols[j], &mean, &sdv);
		lua_pushnumber(L, which ? sdv : mean);
		lua_rawseti(L, -2, (lua_Integer)j + 1);
	}
	return (1);
}

static int
script_data_means(lua_State *L)
{
	return (script_data_moments(L, 0));
}

static int
script_data_sds(lua_State *L)
{
	return (script_data_moments(L, 1));
}

/* The iterator of ds:rows(). */
static int
script_data_next(lua_State *L)
{
	struct script_data *sd = script_data_check(L, 1);
	lua_Integer	    r = luaL_checkinteger(L, 2) + 1;

	if (r < 0 || (size_t)r >= sd->ds->nrows)
		return (0);
	lua_pushinteger(L, r);
	script_data_push_row(L, sd, (size_t)r);
	return (2);
}

/* for r, x in ds:rows() do ... end: row numbers from 0 and rows. */
static int
script_data_rows(lua_State *L)
{
	script_data_check(L, 1);
	lua_pushcfunction(L, script_data_next);
	lua_pushvalue(L, 1);
	lua_pushinteger(L, -1);
	return (3);
}

/* ds:filter(f): the row numbers r for which f(row, r) is true. */
static int
script_data_filter(lua_State *L)
{
	struct script_data *sd = script_data_check(L, 1);
	size_t		    r;
	lua_Integer	    n = 0;

	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_newtable(L);
	for (r = 0; r < sd->ds->nrows; r++) {
		lua_pushvalue(L, 2);
		script_data_push_row(L, sd, r);
		lua_pushinteger(L, (lua_Integer)r);
		lua_call(L, 2, 1);
		if (lua_toboolean(L, -1)) {
			lua_pushinteger(L, (lua_Integer)r);
			lua_rawseti(L, 3, ++n);
		}
		lua_pop(L, 1);
		if (sd->ds == NULL)
			return (luaL_error(L, "the dataset was closed"));
	}
	return (1);
}

/* ds:close(): free it now (also __close and __gc). */
static int
script_data_close_l(lua_State *L)
{
	struct script_data *sd = luaL_checkudata(L, 1, SCRIPT_DATASET);

	if (sd->owned)
		script_data_close(sd);
	return (0);
}

/*
 * gshap.session(): fresh copies of the session's model and dataset (with
 * its target and input columns), or nil when the state has no session or
 * nothing is loaded. Copies, so that a model the REPL replaces later
 * stays valid in the script.
 */
static int
script_data_session(lua_State *L)
{
	struct gs_session	*s = script_of(L)->session;
	luaL_Buffer		 b;
	size_t			 c, j;
	int			 n = 0;

	if (s == NULL || s->model == NULL || s->model_path == NULL ||
	    s->data == NULL)
		return (0);
	/* The files the user loaded: the sandbox lets scripts read them. */
	script_allow_path(script_of(L), s->model_path, 0);
	script_allow_path(script_of(L), s->data->path, 0);
	lua_getfield(L, lua_upvalueindex(1), "load_model");
	lua_pushstring(L, s->model_path);
	lua_call(L, 1, 2);
	if (lua_isnil(L, -2))
		return (luaL_error(L, "%s", lua_tostring(L, -1)));
	lua_pop(L, 1);
	lua_getfield(L, lua_upvalueindex(1), "load_data");
	lua_pushstring(L, s->data->path);
	lua_createtable(L, 0, 2);
	if (s->sel.target >= 0) {
		lua_pushstring(L, s->data->cols[s->sel.target].name);
		lua_setfield(L, -2, "target");
	}
	/* Drop the columns that are neither inputs nor the target. */
	luaL_buffinit(L, &b);
	for (c = 0; c < s->data->ncols; c++) {
		for (j = 0; j < s->sel.n && s->sel.cols[j] != c; j++)
			;
		if (j < s->sel.n || (long)c == s->sel.target)
			continue;
		if (n++ > 0)
			luaL_addchar(&b, ',');
		luaL_addstring(&b, s->data->cols[c].name);
	}
	luaL_pushresult(&b);
	if (n > 0)
		lua_setfield(L, -2, "drop");
	else
		lua_pop(L, 1);
	lua_call(L, 2, 2);
	if (lua_isnil(L, -2))
		return (luaL_error(L, "%s", lua_tostring(L, -1)));
	lua_pop(L, 1);
	return (2);
}

/*
 * Register gshap.Dataset and add load_data and session to the module
 * table on top of the stack.
 */
void
script_data_open(lua_State *L)
{
	static const luaL_Reg methods[] = {
		{ "nrows", script_data_nrows },
		{ "ncols", script_data_ncols },
		{ "names", script_data_names_l },
		{ "columns", script_data_columns },
		{ "name", script_data_name },
		{ "path", script_data_path },
		{ "target_name", script_data_target_name },
		{ "row", script_data_row },
		{ "target", script_data_target },
		{ "missing", script_data_missing },
		{ "column", script_data_column },
		{ "stats", script_data_stats },
		{ "means", script_data_means },
		{ "sds", script_data_sds },
		{ "rows", script_data_rows },
		{ "filter", script_data_filter },
		{ "close", script_data_close_l },
		{ NULL, NULL }
	};
	static const luaL_Reg meta[] = {
		{ "__gc", script_data_gc },
		{ "__close", script_data_close_l },
		{ "__tostring", script_data_tostring },
		{ "__len", script_data_nrows },
		{ NULL, NULL }
	};

	script_newclass(L, SCRIPT_DATASET, meta, methods, "__index");
	lua_pushcfunction(L, script_data_load);
	lua_setfield(L, -2, "load_data");
	lua_pushvalue(L, -1);
	lua_pushcclosure(L, script_data_session, 1);
	lua_setfield(L, -2, "session");
}

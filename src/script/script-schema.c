/* SPDX-License-Identifier: ISC */
/*
 * Schemas written in Lua (gshap(1), SCHEMA FILES): the file runs in a
 * sandboxed state of its own, under the instruction and memory limits,
 * and returns a table shaped as a JSON schema. The table is read into the
 * JSON reader's tree, so that one reader (data/schema.c) checks both
 * kinds. A column's encoding may be a Lua function of a level: it stays
 * in that state, which lives as long as the schema (its level_fn).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/slurp.h"
#include "core/xmalloc.h"
#include "data/json.h"
#include "data/schema.h"
#include "script/script-int.h"

/* Limits of a schema's state: it describes columns, it does not compute. */
#define SCRIPT_SCHEMA_MEMORY		((size_t)64 << 20)
#define SCRIPT_SCHEMA_INSTRUCTIONS	UINT64_C(100000000)
/* Registry key of the table of the schema's functions, by name. */
#define SCRIPT_SCHEMA_FNS		"gshap.schema.functions"

/* A Lua schema's state and what its messages need; the level_fn's arg. */
struct script_schema {
	struct gs_script *sc;		/* the schema's own state, owned */
	char		*path;		/* the file, owned */
	char		*src;		/* its text, for the lines of entries, owned */
};

/* What the protected load works on. */
struct script_schema_load {
	struct script_schema *ss;	/* the state and file */
	struct gs_json	*root;		/* the tree, owned (partial after an error) */
};

/* What the protected call of a level's function works on. */
struct script_schema_call {
	struct script_schema *ss;	/* the state and file */
	const char	*function;	/* its name in the functions table */
	const char	*level;		/* the level */
	double		*out;		/* width values */
	size_t		 width;		/* inputs per level */
};

/* The 1-based line of byte off of src. */
static size_t
script_schema_line_at(const char *src, size_t off)
{
	size_t	line = 1, i;

	for (i = 0; i < off && src[i] != '\0'; i++)
		if (src[i] == '\n')
			line++;
	return (line);
}

/* Whether c may be part of a Lua name. */
static int
script_schema_namechar(int c)
{
	return (isalnum((unsigned char)c) || c == '_');
}

/*
 * Whether the text before off (src) reads "key =" (blanks allowed), key
 * a whole Lua name: the value at off is key's.
 */
static int
script_schema_after_key(const char *src, size_t off, const char *key)
{
	size_t	n = strlen(key), i = off;

	while (i > 0 && isspace((unsigned char)src[i - 1]))
		i--;
	if (i == 0 || src[i - 1] != '=' || (i > 1 && (src[i - 2] == '=' ||
	    src[i - 2] == '~' || src[i - 2] == '<' || src[i - 2] == '>')))
		return (0);
	i--;
	while (i > 0 && isspace((unsigned char)src[i - 1]))
		i--;
	if (i < n || strncmp(src + i - n, key, n) != 0)
		return (0);
	return (i == n || !script_schema_namechar(src[i - n - 1]));
}

/*
 * The line of a column entry: where its name = "NAME" is written (either
 * quote); 0 when the text does not show it (a name computed).
 */
static size_t
script_schema_entry_line(const char *src, const char *name)
{
	const char	*p;
	size_t		 n = strlen(name);

	if (src == NULL || n == 0)
		return (0);
	for (p = src; (p = strstr(p, name)) != NULL; p++) {
		if (p == src || (p[-1] != '"' && p[-1] != '\'') ||
		    p[n] != p[-1])
			continue;
		if (script_schema_after_key(src, (size_t)(p - 1 - src), "name"))
			return (script_schema_line_at(src,
			    (size_t)(p - src)));
	}
	return (0);
}

/* The line where key = is written first, 0 when it is not. */
static size_t
script_schema_key_line(const char *src, const char *key)
{
	const char	*p, *q;
	size_t		 n = strlen(key);

	if (src == NULL)
		return (0);
	for (p = src; (p = strstr(p, key)) != NULL; p++) {
		if (p > src && script_schema_namechar(p[-1]))
			continue;
		for (q = p + n; *q == ' ' || *q == '\t'; q++)
			;
		if (*q == '=' && q[1] != '=')
			return (script_schema_line_at(src, (size_t)(p - src)));
	}
	return (0);
}

/* Raise "path:line: msg" (path: msg without a line). */
static int
script_schema_fail(lua_State *L, const struct script_schema *ss, size_t line,
    const char *msg)
{
	if (line > 0)
		return (luaL_error(L, "%s:%d: %s", ss->path, (int)line, msg));
	return (luaL_error(L, "%s: %s", ss->path, msg));
}

/* The line a function is defined on, or 0 (a C function). */
static size_t
script_schema_fn_line(lua_State *L, int idx)
{
	lua_Debug	ar;

	lua_pushvalue(L, idx);
	if (!lua_getinfo(L, ">S", &ar) || ar.linedefined <= 0)
		return (0);
	return ((size_t)ar.linedefined);
}

/*
 * Keep the function at idx in the functions table under name; the
 * column's "function" names it there.
 */
static void
script_schema_keep_fn(lua_State *L, int idx, const char *name)
{
	idx = lua_absindex(L, idx);
	lua_getfield(L, LUA_REGISTRYINDEX, SCRIPT_SCHEMA_FNS);
	lua_pushvalue(L, idx);
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
}

static void script_schema_value(lua_State *L, const struct script_schema *ss,
    int idx, struct gs_json *v, size_t line, int depth, const char *where);

/* Copy the string at idx (no NUL inside) into a fresh string. */
static char *
script_schema_str(lua_State *L, const struct script_schema *ss, int idx,
    size_t line, const char *where)
{
	size_t		 len;
	const char	*s = lua_tolstring(L, idx, &len);
	char		 msg[200];

	if (strlen(s) != len) {
		snprintf(msg, sizeof msg, "%s: a string with a NUL byte",
		    where);
		script_schema_fail(L, ss, line, msg);
		return (NULL);
	}
	return (xstrdup(s));
}

/*
 * Read the table at idx into v: an array when its keys are 1..n (or it
 * is empty), an object when they are all strings. The children are
 * allocated whole before any is filled, so that a tree left by an error
 * is one json_free takes.
 */
static void
script_schema_table(lua_State *L, const struct script_schema *ss, int idx,
    struct gs_json *v, size_t line, int depth, const char *where)
{
	size_t		 n = 0, nstr = 0, i;
	lua_Integer	 k;
	int		 isint;
	char		 msg[300];

	idx = lua_absindex(L, idx);
	if (depth > GS_JSON_MAX_DEPTH)
		script_schema_fail(L, ss, line, "tables nested too deep");
	luaL_checkstack(L, 4, "schema table");
	lua_pushnil(L);
	while (lua_next(L, idx) != 0) {
		n++;
		if (lua_type(L, -2) == LUA_TSTRING)
			nstr++;
		else {
			k = lua_tointegerx(L, -2, &isint);
			if (lua_type(L, -2) != LUA_TNUMBER || !isint || k < 1) {
				snprintf(msg, sizeof msg, "%s: a key that is "
				    "neither a name nor a place 1, 2, ... "
				    "(%s)", where, luaL_typename(L, -2));
				script_schema_fail(L, ss, line, msg);
			}
		}
		lua_pop(L, 1);
	}
	if (nstr != 0 && nstr != n) {
		snprintf(msg, sizeof msg, "%s: a table with both names and "
		    "places 1, 2, ... as keys", where);
		script_schema_fail(L, ss, line, msg);
	}
	if (nstr == 0) {
		/* An array: every place from 1 to n. */
		for (i = 1; i <= n; i++)
			if (lua_rawgeti(L, idx, (lua_Integer)i) == LUA_TNIL) {
				snprintf(msg, sizeof msg, "%s: the list has a "
				    "hole at place %zu", where, i);
				script_schema_fail(L, ss, line, msg);
			} else
				lua_pop(L, 1);
		v->type = GS_JSON_ARRAY;
		v->items = xcalloc(n + 1, sizeof *v->items);
		v->n = n;
		for (i = 0; i < n; i++) {
			v->items[i].line = line;
			lua_rawgeti(L, idx, (lua_Integer)i + 1);
			script_schema_value(L, ss, -1, &v->items[i], line,
			    depth + 1, where);
			lua_pop(L, 1);
		}
		return;
	}
	v->type = GS_JSON_OBJECT;
	v->items = xcalloc(n + 1, sizeof *v->items);
	v->keys = xcalloc(n + 1, sizeof *v->keys);
	v->n = n;
	i = 0;
	lua_pushnil(L);
	while (lua_next(L, idx) != 0 && i < n) {
		v->keys[i] = script_schema_str(L, ss, -2, line, where);
		v->items[i].line = line;
		script_schema_value(L, ss, -1, &v->items[i], line, depth + 1,
		    where);
		i++;
		lua_pop(L, 1);
	}
}

/* Read the Lua value at idx into v (line: where it is written). */
static void
script_schema_value(lua_State *L, const struct script_schema *ss, int idx,
    struct gs_json *v, size_t line, int depth, const char *where)
{
	char	msg[300];
	double	d;

	v->line = line;
	switch (lua_type(L, idx)) {
	case LUA_TBOOLEAN:
		v->type = GS_JSON_BOOL;
		v->b = lua_toboolean(L, idx);
		break;
	case LUA_TNUMBER:
		d = lua_tonumber(L, idx);
		if (!isfinite(d)) {
			snprintf(msg, sizeof msg, "%s: a number that is not "
			    "finite", where);
			script_schema_fail(L, ss, line, msg);
		}
		v->type = GS_JSON_NUMBER;
		v->num = d;
		break;
	case LUA_TSTRING:
		v->type = GS_JSON_STRING;
		v->str = script_schema_str(L, ss, idx, line, where);
		break;
	case LUA_TTABLE:
		script_schema_table(L, ss, idx, v, line, depth, where);
		break;
	default:
		snprintf(msg, sizeof msg, "%s: a %s is no schema value (a "
		    "function is a column's \"encoding\")", where,
		    luaL_typename(L, idx));
		script_schema_fail(L, ss, line, msg);
	}
}

/*
 * Read column entry idx (place i of "columns") into v: as any table,
 * except that "encoding" may be a function of a level (then "function"
 * and "width", default 1, are filled in) and "function" a function or the
 * name of a global function of the schema.
 */
static void
script_schema_column(lua_State *L, const struct script_schema *ss, int idx,
    struct gs_json *v, size_t i)
{
	char		 where[160], name[128], msg[400];
	size_t		 line = 0, k, n;
	int		 fn_at = 0, has_width;
	const char	*s;

	idx = lua_absindex(L, idx);
	snprintf(where, sizeof where, "columns[%zu]", i + 1);
	if (lua_type(L, idx) != LUA_TTABLE) {
		script_schema_value(L, ss, idx, v, 0, 1, where);
		return;
	}
	if (lua_getfield(L, idx, "name") == LUA_TSTRING) {
		s = lua_tostring(L, -1);
		snprintf(name, sizeof name, "%s", s);
		line = script_schema_entry_line(ss->src, s);
		snprintf(where, sizeof where, "column \"%.60s\"", s);
	} else
		snprintf(name, sizeof name, "column %zu", i + 1);
	lua_pop(L, 1);
	/* A function as "encoding" or "function": kept, and named. */
	if (lua_getfield(L, idx, "encoding") == LUA_TFUNCTION)
		fn_at = lua_gettop(L);
	else
		lua_pop(L, 1);
	if (lua_getfield(L, idx, "function") == LUA_TFUNCTION && fn_at == 0)
		fn_at = lua_gettop(L);
	else if (lua_type(L, -1) == LUA_TSTRING && fn_at == 0) {
		/* The name of a global function the schema defines. */
		s = lua_tostring(L, -1);
		lua_pushglobaltable(L);
		if (lua_getfield(L, -1, s) != LUA_TFUNCTION) {
			snprintf(msg, sizeof msg, "%s: \"function\": \"%.60s\" "
			    "is no function the schema defines (a %s)", where,
			    s, luaL_typename(L, -1));
			script_schema_fail(L, ss, line, msg);
		}
		snprintf(name, sizeof name, "%s", s);
		lua_remove(L, -2);	/* the globals */
		lua_remove(L, -2);	/* the name */
		fn_at = lua_gettop(L);
	} else
		lua_pop(L, 1);
	has_width = lua_getfield(L, idx, "width") != LUA_TNIL;
	lua_pop(L, 1);
	if (fn_at == 0) {
		script_schema_value(L, ss, idx, v, line, 1, where);
		return;
	}
	if (line == 0)
		line = script_schema_fn_line(L, fn_at);
	script_schema_keep_fn(L, fn_at, name);
	/* The entry without its functions, then encoding, function, width. */
	lua_newtable(L);
	lua_pushnil(L);
	while (lua_next(L, idx) != 0) {
		if (lua_type(L, -1) == LUA_TFUNCTION || (lua_type(L, -2) ==
		    LUA_TSTRING && strcmp(lua_tostring(L, -2), "function") ==
		    0)) {
			lua_pop(L, 1);
			continue;
		}
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -4);
	}
	lua_pushstring(L, "function");
	lua_setfield(L, -2, "encoding");
	lua_pushstring(L, name);
	lua_setfield(L, -2, "function");
	if (!has_width) {
		lua_pushinteger(L, 1);
		lua_setfield(L, -2, "width");
	}
	script_schema_value(L, ss, -1, v, line, 1, where);
	lua_pop(L, 2);	/* the copy and the function */
	n = v->n;
	for (k = 0; k < n; k++)
		v->items[k].line = line;
}

/*
 * Read "columns" (the table at idx) into v: a list of column entries
 * (script_schema_column); anything else as it is, for the reader to say
 * what is wrong with it.
 */
static void
script_schema_columns(lua_State *L, const struct script_schema *ss, int idx,
    struct gs_json *v, size_t line)
{
	size_t	n, k;

	idx = lua_absindex(L, idx);
	n = (size_t)lua_rawlen(L, idx);
	lua_pushnil(L);
	k = 0;
	while (lua_next(L, idx) != 0) {
		k++;
		lua_pop(L, 1);
	}
	if (k != n) {
		/* Not a plain list: names, or holes. */
		script_schema_table(L, ss, idx, v, line, 1, "columns");
		return;
	}
	v->type = GS_JSON_ARRAY;
	v->line = line;
	v->items = xcalloc(n + 1, sizeof *v->items);
	v->n = n;
	for (k = 0; k < n; k++) {
		v->items[k].line = line;
		lua_rawgeti(L, idx, (lua_Integer)k + 1);
		script_schema_column(L, ss, -1, &v->items[k], k);
		lua_pop(L, 1);
	}
}

/* Load, run and read the schema (protected). */
static int
script_schema_load_p(lua_State *L)
{
	struct script_schema_load *a = lua_touserdata(L, 1);
	struct script_schema	*ss = a->ss;
	struct gs_json		*root;
	size_t			 i, n, line;
	int			 st, t;
	char			 msg[200];

	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, SCRIPT_SCHEMA_FNS);
	if ((st = script_load_host(ss->sc, ss->path)) != LUA_OK)
		return (script_load_fail(ss->sc, st));
	lua_call(L, 0, 1);
	t = lua_gettop(L);
	if (lua_type(L, t) != LUA_TTABLE) {
		snprintf(msg, sizeof msg, "a schema returns a table with "
		    "\"columns\" (return { columns = { ... } }), not %s",
		    lua_type(L, t) == LUA_TNIL ? "nothing" :
		    luaL_typename(L, t));
		return (script_schema_fail(L, ss, 0, msg));
	}
	root = a->root = xcalloc(1, sizeof *root);
	root->type = GS_JSON_OBJECT;
	/* The top keys, each at the line where it is written. */
	n = 0;
	lua_pushnil(L);
	while (lua_next(L, t) != 0) {
		if (lua_type(L, -2) != LUA_TSTRING)
			return (script_schema_fail(L, ss, 0, "the schema's "
			    "table has a key that is not a name"));
		n++;
		lua_pop(L, 1);
	}
	root->items = xcalloc(n + 1, sizeof *root->items);
	root->keys = xcalloc(n + 1, sizeof *root->keys);
	root->n = n;
	i = 0;
	lua_pushnil(L);
	while (lua_next(L, t) != 0 && i < n) {
		root->keys[i] = xstrdup(lua_tostring(L, -2));
		line = script_schema_key_line(ss->src, root->keys[i]);
		root->items[i].line = line;
		if (strcmp(root->keys[i], "columns") == 0 &&
		    lua_type(L, -1) == LUA_TTABLE) {
			script_schema_columns(L, ss, -1, &root->items[i],
			    line);
		} else
			script_schema_value(L, ss, -1, &root->items[i], line,
			    1, root->keys[i]);
		i++;
		lua_pop(L, 1);
	}
	return (0);
}

/* Call function for level (protected) and read its inputs. */
static int
script_schema_call_p(lua_State *L)
{
	struct script_schema_call *a = lua_touserdata(L, 1);
	const struct script_schema *ss = a->ss;
	size_t			 j, line;
	int			 r, isnum;
	double			 v;
	char			 msg[400];

	lua_getfield(L, LUA_REGISTRYINDEX, SCRIPT_SCHEMA_FNS);
	if (lua_getfield(L, -1, a->function) != LUA_TFUNCTION)
		return (luaL_error(L, "%s: no function '%s'", ss->path,
		    a->function));
	line = script_schema_fn_line(L, -1);
	lua_pushstring(L, a->level);
	lua_call(L, 1, 1);
	r = lua_gettop(L);
	if (lua_type(L, r) == LUA_TNUMBER && a->width == 1) {
		a->out[0] = lua_tonumber(L, r);
		return (0);
	}
	if (lua_type(L, r) != LUA_TTABLE) {
		snprintf(msg, sizeof msg, "the encoding function '%s' gives "
		    "level '%.60s' %s; it returns %s", a->function, a->level,
		    luaL_typename(L, r), a->width == 1 ? "a number (or a "
		    "table of one)" : "a table of \"width\" numbers");
		return (script_schema_fail(L, ss, line, msg));
	}
	if (lua_rawlen(L, r) != a->width) {
		snprintf(msg, sizeof msg, "the encoding function '%s' gives "
		    "level '%.60s' %zu values, but \"width\" is %zu",
		    a->function, a->level, (size_t)lua_rawlen(L, r),
		    a->width);
		return (script_schema_fail(L, ss, line, msg));
	}
	for (j = 0; j < a->width; j++) {
		lua_rawgeti(L, r, (lua_Integer)j + 1);
		v = lua_tonumberx(L, -1, &isnum);
		if (!isnum || lua_type(L, -1) != LUA_TNUMBER) {
			snprintf(msg, sizeof msg, "the encoding function '%s' "
			    "gives level '%.60s' a %s as value %zu, not a "
			    "number", a->function, a->level,
			    luaL_typename(L, -1), j + 1);
			return (script_schema_fail(L, ss, line, msg));
		}
		a->out[j] = v;
		lua_pop(L, 1);
	}
	return (0);
}

/* The schema's level_fn: the Lua function called function, for level. */
static int
script_schema_level(void *arg, const char *function, const char *level,
    double *out, size_t width, struct gs_error *err)
{
	struct script_schema_call a;

	a.ss = arg;
	a.function = function;
	a.level = level;
	a.out = out;
	a.width = width;
	return (script_pcall(a.ss->sc, script_schema_call_p, &a, err));
}

/* Free a schema's state (its level_free). */
static void
script_schema_free(void *arg)
{
	struct script_schema *ss = arg;

	if (ss == NULL)
		return;
	script_free(ss->sc);
	free(ss->path);
	free(ss->src);
	free(ss);
}

/* Read the text of path (for the lines of entries); NULL when it cannot. */
static char *
script_schema_text(const char *path)
{
	struct gs_error	 err;
	size_t		 len;

	return (slurp(path, SCRIPT_MAX_SOURCE, "a Lua file", &len, &err));
}

struct gs_schema *
script_schema_load(const char *path, struct gs_error *err)
{
	struct script_schema_load a;
	struct script_schema	*ss;
	struct gs_schema	*sch = NULL;

	memset(&a, 0, sizeof a);
	ss = xcalloc(1, sizeof *ss);
	ss->path = xstrdup(path);
	ss->src = script_schema_text(path);
	if ((ss->sc = script_new(NULL, 0, err)) == NULL)
		goto fail;
	script_set_output(ss->sc, stderr);
	script_set_limits(ss->sc, SCRIPT_SCHEMA_MEMORY,
	    SCRIPT_SCHEMA_INSTRUCTIONS);
	a.ss = ss;
	if (script_pcall(ss->sc, script_schema_load_p, &a, err) != 0)
		goto fail;
	if ((sch = schema_from_json(a.root, path, err)) == NULL)
		goto fail;
	json_free(a.root);
	sch->level_fn = script_schema_level;
	sch->level_arg = ss;
	sch->level_free = script_schema_free;
	return (sch);
fail:
	json_free(a.root);
	script_schema_free(ss);
	return (NULL);
}

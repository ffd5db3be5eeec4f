/* SPDX-License-Identifier: ISC */
/*
 * Finalizers of script tables that the budget and Ctrl-C can stop. Lua
 * runs __gc metamethods with hooks off, so a finalizer that loops would
 * hang the program (even at exit, in lua_close). Our setmetatable keeps
 * Lua from marking the table for finalization and instead ties a hidden
 * sentinel userdata to it (an ephemeron: the sentinel lives as long as the
 * table); the sentinel's own __gc, in C, runs the table's __gc of that
 * moment in a new coroutine, whose hook counts as usual. What a script
 * sees is Lua's behaviour: the same metatable, the same finalizer, called
 * once with the table, in reverse order of marking; errors become
 * warnings.
 */
#include <string.h>

#include "script/script-int.h"

#define FINALIZER_META	"gshap.Finalizer"	/* the sentinels' metatable */
#define FINALIZER_KEY	"gshap.finalizers"	/* table -> sentinel, weak keys */

/* The sentinel's __gc: run the table's finalizer in a coroutine. */
static int
script_finalizer_run(lua_State *L)
{
	lua_State	*co;
	int		 nres, rc;

	if (lua_getiuservalue(L, 1, 1) != LUA_TTABLE)
		return (0);
	/* The finalizer of the moment, found as Lua would (raw). */
	if (!lua_getmetatable(L, -1))
		return (0);
	if (lua_getfield(L, -1, "__gc") == LUA_TNIL)
		return (0);
	lua_remove(L, -2);
	co = lua_newthread(L);
	/* co's hook is a copy of L's, and hooks are on in it. */
	lua_rotate(L, -3, 1);		/* co, table, gc */
	lua_insert(L, -2);		/* co, gc, table */
	lua_xmove(L, co, 2);
	rc = lua_resume(co, L, 1, &nres);
	if (rc != LUA_OK && rc != LUA_YIELD) {
		lua_xmove(co, L, 1);	/* the message */
		lua_resetthread(co);
		return (lua_error(L));	/* a warning "error in __gc" */
	}
	lua_resetthread(co);
	return (0);
}

/*
 * setmetatable(t, mt) as Lua's, except that a __gc in mt is run through a
 * sentinel (see above) rather than by Lua with hooks off.
 */
static int
script_setmetatable(lua_State *L)
{
	int	t = lua_type(L, 2), gc;

	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return (luaL_error(L, "cannot change a protected metatable"));
	lua_settop(L, 2);
	gc = 0;
	if (t == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		gc = lua_rawget(L, 2) != LUA_TNIL;
		lua_settop(L, 2);
	}
	if (gc) {
		/* The sentinel first: nothing is changed if memory runs out. */
		lua_getfield(L, LUA_REGISTRYINDEX, FINALIZER_KEY);
		lua_pushvalue(L, 1);
		if (lua_rawget(L, -2) == LUA_TNIL) {
			lua_pop(L, 1);
			lua_pushvalue(L, 1);
			lua_newuserdatauv(L, 0, 1);
			lua_pushvalue(L, 1);
			lua_setiuservalue(L, -2, 1);
			luaL_setmetatable(L, FINALIZER_META);
			lua_rawset(L, -3);
		} else
			lua_pop(L, 1);
		lua_pop(L, 1);
		/* Set mt without __gc, so Lua does not mark t; put it back. */
		lua_pushliteral(L, "__gc");
		lua_rawget(L, 2);			/* 3: the finalizer */
		lua_pushliteral(L, "__gc");
		lua_pushnil(L);
		lua_rawset(L, 2);
		lua_pushvalue(L, 2);
		lua_setmetatable(L, 1);
		lua_pushliteral(L, "__gc");
		lua_insert(L, 3);
		lua_rawset(L, 2);
	} else {
		lua_pushvalue(L, 2);
		lua_setmetatable(L, 1);
	}
	lua_settop(L, 1);
	return (1);
}

void
script_finalizer_open(lua_State *L)
{
	luaL_newmetatable(L, FINALIZER_META);
	lua_pushcfunction(L, script_finalizer_run);
	lua_setfield(L, -2, "__gc");
	lua_pushliteral(L, "gshap internal");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_setfield(L, LUA_REGISTRYINDEX, FINALIZER_KEY);
	lua_pushcfunction(L, script_setmetatable);
	lua_setglobal(L, "setmetatable");
}

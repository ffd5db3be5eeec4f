/* SPDX-License-Identifier: ISC */
/*
 * The option keys of gshap.explainer{...}: every setting of the options
 * table under its Lua key (settings_find_key: batch_size, batch,
 * max_samples, ...), parsed by settings_parse as the command line and the
 * REPL parse them; unknown keys are refused with the nearest names.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "script/script-int.h"

/* Keys of gshap.explainer that are not settings. */
static const char *const script_options_extra[] = { "model", "data",
    "compare_model", "model_b", NULL };

/* Whether key is one of the extra keys. */
static int
script_options_is_extra(const char *key)
{
	size_t	i;

	for (i = 0; script_options_extra[i] != NULL; i++)
		if (strcmp(key, script_options_extra[i]) == 0)
			return (1);
	return (0);
}

/*
 * The value at idx as a setting's text, pushed on the stack: booleans on
 * or off, whole numbers without a fraction, strings as they are; NULL (and
 * nothing pushed) for other types.
 */
static const char *
script_options_text(lua_State *L, int idx)
{
	lua_Number	v;

	switch (lua_type(L, idx)) {
	case LUA_TBOOLEAN:
		return (lua_pushstring(L, lua_toboolean(L, idx) ? "on" :
		    "off"));
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			return (lua_pushfstring(L, "%I", lua_tointeger(L,
			    idx)));
		v = lua_tonumber(L, idx);
		if (isfinite(v) && v == floor(v) && fabs(v) < 9e15)
			return (lua_pushfstring(L, "%I", (lua_Integer)v));
		return (lua_pushfstring(L, "%f", v));
	case LUA_TSTRING:
		lua_pushvalue(L, idx);
		return (lua_tostring(L, -1));
	default:
		return (NULL);
	}
}

int
script_options_read(lua_State *L, int idx, struct gs_settings *st,
    uint64_t *given, unsigned lua_parts)
{
	const struct gs_setting	*def;
	struct gs_error		 err;
	const char		*key, *text;
	int			 parts = 0;

	idx = lua_absindex(L, idx);
	gs_error_clear(&err);
	lua_pushnil(L);
	while (lua_next(L, idx) != 0) {
		/* key at -2, value at -1 */
		if (lua_type(L, -2) != LUA_TSTRING)
			return (luaL_error(L, "explainer: option keys are "
			    "names, not %s", luaL_typename(L, -2)));
		key = lua_tostring(L, -2);
		if (script_options_is_extra(key)) {
			lua_pop(L, 1);
			continue;
		}
		if ((def = settings_find_key(key)) == NULL) {
			gs_error_set(&err, GS_EINVAL, "explainer: unknown "
			    "option '%s'", key);
			settings_suggest(key, 1, script_options_extra, &err);
			return (script_raise(L, &err));
		}
		*given |= (uint64_t)1 << settings_index(def);
		if ((text = script_options_text(L, -1)) == NULL) {
			/* A table or function: a Lua part, if it may be one. */
			if (!(def->flags & GS_SETTING_STRICT) &&
			    def->type != GS_SETTING_STRING)
				return (luaL_error(L, "explainer: %s must be a "
				    "boolean, number or string, not %s", key,
				    luaL_typename(L, -1)));
			if (!(lua_parts & (1u << settings_index(def))))
				return (luaL_error(L, "explainer: %s must be a "
				    "string, not %s", key,
				    luaL_typename(L, -1)));
			parts |= 1 << settings_index(def);
			lua_pop(L, 1);
			continue;
		}
		if (settings_parse(st, def, key, text, &err) != 0)
			return (script_raise(L, &err));
		lua_pop(L, 2);
	}
	return (parts);
}

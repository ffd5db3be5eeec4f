/* SPDX-License-Identifier: ISC */
/*
 * The Lua functions of the classroom lessons: gshap.pause() waits for the
 * student, gshap.ask() reads an answer, gshap.unattended() says whether
 * nobody is there to type (answers then come from a file or a key).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "script/script-int.h"

#define SCRIPT_LESSON_KEY	"gshap.lesson"	/* registry field */
#define SCRIPT_LESSON_LINE	1024		/* longest answer read */

/* How a state's lessons read (a full userdata in the registry). */
struct script_lesson {
	int	 unattended;		/* do not wait, answer from a file or key */
	FILE	*answers;		/* answers one a line, borrowed, or NULL */
};

/* The state's lesson settings; defaults when none were set. */
static struct script_lesson *
script_lesson_get(lua_State *L)
{
	static const struct script_lesson none = { 0, NULL };
	struct script_lesson	*sl;

	lua_getfield(L, LUA_REGISTRYINDEX, SCRIPT_LESSON_KEY);
	sl = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return (sl != NULL ? sl : (struct script_lesson *)&none);
}

/* Set the lessons' input in the state (protected). */
static int
script_lesson_set_p(lua_State *L)
{
	const struct script_lesson *want = lua_touserdata(L, 1);
	struct script_lesson	*sl;

	sl = lua_newuserdatauv(L, sizeof *sl, 0);
	*sl = *want;
	lua_setfield(L, LUA_REGISTRYINDEX, SCRIPT_LESSON_KEY);
	return (0);
}

/*
 * Make gshap.pause and gshap.ask in sc not wait (unattended) and take
 * answers from the file answers (borrowed; may be NULL).
 */
void
script_lesson_set(struct gs_script *sc, int unattended, FILE *answers)
{
	struct script_lesson	sl;
	struct gs_error		err;

	sl.unattended = unattended;
	sl.answers = answers;
	gs_error_clear(&err);
	/* Only fails without memory for a tiny userdata: then defaults. */
	(void)script_pcall(sc, script_lesson_set_p, &sl, &err);
}

/*
 * Read a line from f into buf without its end of line and the blanks
 * around it; the rest of a longer line is skipped. Returns 0, or -1 at
 * the end of the file.
 */
static int
script_lesson_read(FILE *f, char *buf, size_t size)
{
	size_t	len, i;
	int	c;

	if (fgets(buf, (int)size, f) == NULL)
		return (-1);
	len = strlen(buf);
	if (len > 0 && buf[len - 1] != '\n') {
		while ((c = fgetc(f)) != EOF && c != '\n')
			;
	}
	while (len > 0 && isspace((unsigned char)buf[len - 1]))
		buf[--len] = '\0';
	for (i = 0; i < len && isspace((unsigned char)buf[i]); i++)
		;
	memmove(buf, buf + i, len - i + 1);
	return (0);
}

/* gshap.pause([text]): show text, then wait for Enter (not unattended). */
static int
script_lesson_pause(lua_State *L)
{
	struct gs_script	*sc = script_of(L);
	struct script_lesson	*sl = script_lesson_get(L);
	const char		*text = luaL_optstring(L, 1, NULL);
	char			 buf[SCRIPT_LESSON_LINE];

	if (text != NULL)
		fprintf(sc->out, "%s\n", text);
	if (!sl->unattended) {
		fputs("[press Enter to go on] ", sc->out);
		fflush(sc->out);
		if (script_lesson_read(stdin, buf, sizeof buf) != 0)
			fputc('\n', sc->out);
	}
	fflush(sc->out);
	return (0);
}

/*
 * gshap.ask(prompt, [key]): show the prompt and return the answer typed
 * (blanks trimmed), nil at the end of input. Unattended, the answer is
 * the next line of the answers file, else key (as a string), and it is
 * echoed after the prompt.
 */
static int
script_lesson_ask(lua_State *L)
{
	struct gs_script	*sc = script_of(L);
	struct script_lesson	*sl = script_lesson_get(L);
	const char		*prompt = luaL_checkstring(L, 1);
	const char		*key;
	char			 buf[SCRIPT_LESSON_LINE];
	int			 rc;

	key = lua_isnoneornil(L, 2) ? NULL : luaL_tolstring(L, 2, NULL);
	fprintf(sc->out, "%s ", prompt);
	fflush(sc->out);
	if (sl->unattended && sl->answers == NULL) {
		if (key == NULL) {
			fputc('\n', sc->out);
			lua_pushnil(L);
			return (1);
		}
		fprintf(sc->out, "%s\n", key);
		lua_pushstring(L, key);
		return (1);
	}
	rc = script_lesson_read(sl->answers != NULL ? sl->answers : stdin,
	    buf, sizeof buf);
	if (rc != 0) {
		fputc('\n', sc->out);
		lua_pushnil(L);
		return (1);
	}
	if (sl->unattended)
		fprintf(sc->out, "%s\n", buf);
	fflush(sc->out);
	lua_pushstring(L, buf);
	return (1);
}

/* gshap.unattended(): whether the lesson runs with nobody typing. */
static int
script_lesson_unattended(lua_State *L)
{
	lua_pushboolean(L, script_lesson_get(L)->unattended);
	return (1);
}

/* Add the lesson functions to the gshap table on top of the stack. */
void
script_lesson_open(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{ "pause", script_lesson_pause },
		{ "ask", script_lesson_ask },
		{ "unattended", script_lesson_unattended },
		{ NULL, NULL }
	};

	luaL_setfuncs(L, fns, 0);
}

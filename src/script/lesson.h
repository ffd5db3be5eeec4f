/* SPDX-License-Identifier: ISC */
/*
 * Classroom lessons: gshap --lesson N|list|FILE [--unattended] [--answers
 * FILE] runs the numbered Lua lessons of scripts/lessons/, and the Lua
 * functions that pause and ask the student (gshap.pause, gshap.ask).
 */
#ifndef GS_LESSON_H
#define GS_LESSON_H

#include <stdio.h>

#include <lua.h>

#include "script/script.h"

/*
 * gshap --lesson N|list|FILE.lua [--unattended] [--answers FILE]: list the
 * shipped lessons, or run one in a sandboxed state after the shared helper
 * scripts/lessons/lesson.lua. argv[0] is the first option. Returns the
 * exit status: 0, 3 when an exercise was not answered right, 1 for an
 * error, 2 for a usage error, 130 when interrupted.
 */
int	lesson_main(int argc, char **argv);

/*
 * How gshap.pause and gshap.ask read in state sc: unattended makes them
 * not wait; answers (borrowed, may be NULL; it must stay open while sc
 * runs) gives the answers of gshap.ask one a line, in order.
 */
void	script_lesson_set(struct gs_script *sc, int unattended,
	    FILE *answers);

/* Add pause, ask and unattended to the gshap table on top of the stack. */
void	script_lesson_open(lua_State *L);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * lua: run one line of Lua in the session's Lua state; globals persist
 * from one line to the next and across source.
 */
#include "repl/repl.h"

/* lua: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_lua_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_model		*m = r->s.model;
	struct gs_dataset	*ds = r->s.data;
	struct gs_script	*sc;
	struct gs_error		 err;
	int			 rc;

	gs_error_clear(&err);
	if ((sc = state_script(r, &err)) == NULL) {
		repl_error(r, "lua: %s", err.msg);
		return (CMD_ERROR);
	}
	rc = script_run_string(sc, a->rest, "=lua", &err);
	fflush(r->out);
	if (r->s.model != m || r->s.data != ds)
		state_invalidate(r);
	if (rc != 0) {
		repl_error(r, "lua: %s", err.msg);
		return (CMD_ERROR);
	}
	return (CMD_OK);
}

const struct cmd_entry cmd_lua_entry = {
	.name = "lua",
	.options = "",
	.lower = 1,
	.upper = 1,
	.usage = "CHUNK",
	.summary = "run a line of Lua in the session's state",
	.help =
	    "The rest of the line, ';' included, is a Lua chunk, as in\n"
	    "  lua n = 0; for i = 1, 10 do n = n + i end; print(n)\n"
	    "Globals persist between lua and source commands. The gshap\n"
	    "module reaches the loaded model and data (see gshap-lua(7)).\n"
	    "Scripts run in a sandbox with an instruction and memory budget;\n"
	    "Ctrl-C stops them.\n",
	.complete = "",
	.flags = CMD_RAW,
	.exec = cmd_lua_exec
};

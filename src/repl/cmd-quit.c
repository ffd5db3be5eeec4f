/* SPDX-License-Identifier: ISC */
/*
 * quit: leave the REPL (the history is saved).
 */
#include "repl/repl.h"

/* quit: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_quit_exec(struct gs_repl *r, struct cmd_args *a)
{
	(void)r;
	(void)a;
	return (CMD_QUIT);
}

const struct cmd_entry cmd_quit_entry = {
	.name = "quit",
	.alias = "exit",
	.options = "",
	.lower = 0,
	.upper = 0,
	.usage = "",
	.summary = "leave gshap (so does Ctrl-D)",
	.help = "The history is saved when the session is interactive.\n",
	.complete = "",
	.exec = cmd_quit_exec
};

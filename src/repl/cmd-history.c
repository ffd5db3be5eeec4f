/* SPDX-License-Identifier: ISC */
/*
 * history: the commands of this session and, on a terminal, earlier ones
 * from the history file.
 */
#include <limits.h>
#include <stdlib.h>

#include <readline/history.h>

#include "core/number.h"
#include "repl/repl.h"

/* history: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_history_exec(struct gs_repl *r, struct cmd_args *a)
{
	HIST_ENTRY	*h;
	uint64_t	 v;
	long		 n = history_length, i;

	if (a->opt['c'] != NULL) {
		clear_history();
		return (CMD_OK);
	}
	if (a->argc == 1) {
		if (number_parse(a->argv[0], INT_MAX, &v) != 0) {
			repl_error(r, "history: '%s' is not a count",
			    a->argv[0]);
			return (CMD_ERROR);
		}
		n = (long)v;
	}
	for (i = history_length - n < 0 ? 0 : history_length - n;
	    i < history_length; i++) {
		if ((h = history_get(history_base + (int)i)) != NULL)
			fprintf(r->out, "%5ld  %s\n", history_base + i,
			    h->line);
	}
	return (CMD_OK);
}

const struct cmd_entry cmd_history_entry = {
	.name = "history",
	.options = "c",
	.lower = 0,
	.upper = 1,
	.usage = "[-c] [count]",
	.summary = "list the commands entered (-c clears them)",
	.help =
	    "Lists the last count commands (all by default), numbered. On a\n"
	    "terminal the history is kept in $XDG_STATE_HOME/gshap/history\n"
	    "(~/.local/state/gshap/history), at most 1000 lines; up and down\n"
	    "arrows and Ctrl-R search it. Piped commands are never saved.\n",
	.complete = "",
	.exec = cmd_history_exec
};

/* SPDX-License-Identifier: ISC */
/*
 * method: list the attribution methods or choose one (the same as set
 * method NAME).
 */
#include <string.h>

#include "repl/repl.h"

/* method: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_method_exec(struct gs_repl *r, struct cmd_args *a)
{
	const struct gs_method_info	*me;
	const char			*bl;
	int				 m;

	if (a->argc == 0) {
		for (m = 0; m < GS_METHOD_COUNT; m++) {
			me = method_info((enum gs_method)m);
			fprintf(r->out, "%c %-11s %s\n", m == r->set.method ?
			    '*' : ' ', me->name, me->summary);
		}
		return (CMD_OK);
	}
	if (cmd_set_value(r, "method", a->argv[0]) != CMD_OK)
		return (CMD_ERROR);
	me = method_info((enum gs_method)r->set.method);
	fprintf(r->out, "method %s: %s", me->name, me->summary);
	if ((bl = settings_baseline(&r->set)) != NULL)
		fprintf(r->out, " (baseline %s)", bl);
	fputc('\n', r->out);
	return (CMD_OK);
}

const struct cmd_entry cmd_method_entry = {
	.name = "method",
	.options = "",
	.lower = 0,
	.upper = 1,
	.usage = "[name]",
	.summary = "list the attribution methods, or choose one",
	.help =
	    "Without a name, lists the methods with the current one marked\n"
	    "'*'. With one, makes it current (set method NAME does the same).\n"
	    "gradshap averages gradients along paths from a baseline set\n"
	    "(expected gradients); ig integrates along the straight path from\n"
	    "one baseline row; saliency and ixg need no baseline; smoothgrad\n"
	    "averages gradients over noisy copies of the input.\n",
	.complete = "method",
	.exec = cmd_method_exec
};

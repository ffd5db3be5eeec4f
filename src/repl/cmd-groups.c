/* SPDX-License-Identifier: ISC */
/*
 * groups: show or choose feature groups, reported beside the features in
 * every explanation (a group's attribution is the sum of its members').
 */
#include "repl/repl.h"

/* groups: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_groups_exec(struct gs_repl *r, struct cmd_args *a)
{
	const struct gs_groups	*g = &r->groups;
	size_t			 k, m;

	if (a->argc == 1 && cmd_set_value(r, "groups", a->argv[0]) != CMD_OK)
		return (CMD_ERROR);
	if (g->n == 0) {
		fprintf(r->out, "groups %s\n", r->set.groups);
		return (CMD_OK);
	}
	fprintf(r->out, "groups %s: %zu groups of %zu features\n",
	    r->set.groups, g->n, g->d);
	for (k = 0; k < g->n; k++) {
		fprintf(r->out, "  %s:", g->names[k]);
		for (m = g->start[k]; m < g->start[k + 1]; m++)
			fprintf(r->out, " %s", r->s.names[g->members[m]]);
		fputc('\n', r->out);
	}
	return (CMD_OK);
}

const struct cmd_entry cmd_groups_entry = {
	.name = "groups",
	.options = "",
	.lower = 0,
	.upper = 1,
	.usage = "[off|auto|file.lua]",
	.summary = "show or choose feature groups",
	.help =
	    "auto groups the columns that share a prefix before the first\n"
	    "'.', '=' or '_' (one-hot columns such as Purpose.car,\n"
	    "Purpose.radio); other columns stand alone. A file ending in .lua\n"
	    "is a Lua script returning the groups (see gshap-lua(7)). With\n"
	    "groups on, explain adds a chart of group attributions (the sums\n"
	    "of their members') with standard errors from the per-sample\n"
	    "group sums. Without an argument, lists the groups and their\n"
	    "members.\n",
	.complete = "groups",
	.exec = cmd_groups_exec
};

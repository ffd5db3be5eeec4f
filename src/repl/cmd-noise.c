/* SPDX-License-Identifier: ISC */
/*
 * noise: show or choose the input noise of gradshap and smoothgrad.
 */
#include <string.h>

#include "repl/repl.h"

/* noise: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_noise_exec(struct gs_repl *r, struct cmd_args *a)
{
	const char	*spec;
	int		 takes;

	if (a->argc == 1 && cmd_set_value(r, "noise", a->argv[0]) != CMD_OK)
		return (CMD_ERROR);
	takes = (method_info((enum gs_method)r->set.method)->takes &
	    GS_TAKES_NOISE) != 0;
	spec = settings_noise(&r->set);
	fprintf(r->out, "noise %s", r->set.noise);
	if (!takes)
		fprintf(r->out, " (%s takes none)",
		    method_name((enum gs_method)r->set.method));
	else if (strcmp(r->set.noise, "auto") == 0)
		fprintf(r->out, ": %s for %s", spec != NULL ? spec : "none",
		    method_name((enum gs_method)r->set.method));
	fputc('\n', r->out);
	return (CMD_OK);
}

const struct cmd_entry cmd_noise_entry = {
	.name = "noise",
	.options = "",
	.lower = 0,
	.upper = 1,
	.usage = "[none|sigma|percent%|file.lua]",
	.summary = "show or choose the input noise",
	.help =
	    "Gaussian noise added to the input by gradshap and smoothgrad: an\n"
	    "absolute standard deviation (0.1), a percentage of each\n"
	    "feature's standard deviation in the data (15%), none, or auto\n"
	    "(15% for smoothgrad, none for gradshap). A file ending in .lua\n"
	    "is a Lua noise script (see gshap-lua(7)). Other methods ignore\n"
	    "noise.\n",
	.complete = "noise",
	.exec = cmd_noise_exec
};

/* SPDX-License-Identifier: ISC */
/*
 * baseline: show or choose what an absent feature means: a built-in spec
 * or a Lua script that builds the baseline set for each row.
 */
#include <string.h>

#include "repl/repl.h"

/* baseline: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_baseline_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_baseline	 bl;
	struct gs_error		 err;
	const char		*spec;

	if (a->argc == 1 && cmd_set_value(r, "baseline", a->argv[0]) != CMD_OK)
		return (CMD_ERROR);
	spec = settings_baseline(&r->set);
	fprintf(r->out, "baseline %s", r->set.baseline);
	if (spec == NULL) {
		fprintf(r->out, " (%s takes none)\n",
		    method_name((enum gs_method)r->set.method));
		return (CMD_OK);
	}
	if (strcmp(spec, r->set.baseline) != 0)
		fprintf(r->out, ": %s for %s", spec,
		    method_name((enum gs_method)r->set.method));
	/* What it is, as the job builds it (not running a script). */
	gs_error_clear(&err);
	if (r->s.data != NULL && r->s.model != NULL &&
	    !job_names_script("baseline", spec) &&
	    state_baseline(r, &r->set, &bl, &err) == 0) {
		if (bl.desc != NULL && strcmp(bl.desc, spec) != 0)
			fprintf(r->out, " (%s)", bl.desc);
		baseline_clear(&bl);
	}
	fputc('\n', r->out);
	return (CMD_OK);
}

const struct cmd_entry cmd_baseline_entry = {
	.name = "baseline",
	.options = "",
	.lower = 0,
	.upper = 1,
	.usage = "[spec|file.lua]",
	.summary = "show or choose the baseline (what absent means)",
	.help =
	    "Built-in specs: zeros, mean (column means), data (every row),\n"
	    "sample:K (K rows drawn with the seed), row:N (one data row),\n"
	    "file:PATH.csv (rows of another file with the same columns), and\n"
	    "auto, the method's default (help baselines lists them). A file\n"
	    "ending in .lua is a Lua script that returns a function building\n"
	    "the baseline for each explained row (see gshap-lua(7)). ig and\n"
	    "exactig need exactly one row.\n"
	    "The spec is checked when it is set; a bad one changes nothing.\n",
	.complete = "baseline",
	.exec = cmd_baseline_exec
};

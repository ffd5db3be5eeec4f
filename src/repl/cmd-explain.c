/* SPDX-License-Identifier: ISC */
/*
 * explain: attributions for one row with the current settings, printed as
 * a header (f(x), base, gap, standard error, seed, method, baseline, noise)
 * and a signed bar chart, and kept for export. Repeats come from the cache.
 */
#include "repl/repl.h"

/* explain: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_explain_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_error		 err;
	struct gs_cached	*j;
	struct gs_result	 res;
	size_t			 row = r->row;
	int			 cached;

	gs_error_clear(&err);
	if (a->argc > 0 && state_parse_row(r, a->argv[0], &row, &err) != 0) {
		repl_error(r, "explain: %s", err.msg);
		return (CMD_ERROR);
	}
	if ((j = cached_new(r, &r->set, &err)) == NULL) {
		repl_error(r, "explain: %s", err.msg);
		return (CMD_ERROR);
	}
	if (cached_run(j, row, &res, &cached, &err) != 0) {
		cached_free(j);
		repl_error(r, "explain: %s", err.msg);
		return (CMD_ERROR);
	}
	cached_free(j);
	r->row = row;
	cached_print(r, &res, cached);
	state_keep(r, &res, 1);
	cache_result_clear(&res);
	return (CMD_OK);
}

const struct cmd_entry cmd_explain_entry = {
	.name = "explain",
	.options = "",
	.lower = 0,
	.upper = 1,
	.usage = "[row]",
	.summary = "explain a row (default: the current row)",
	.help =
	    "Computes the attributions of the row with the current method,\n"
	    "baseline, noise and settings, and makes it the current row. The\n"
	    "first line gives f(x), the base value, the completeness gap\n"
	    "sum(phi) - (f(x) - base), the largest standard error and the\n"
	    "seed; the second the method and its parameters, the baseline and\n"
	    "the noise. Then the top-k features by |phi| with their value,\n"
	    "phi and standard error and a bar ('+' right of the axis for\n"
	    "positive, '-' left of it for negative), the rest summed in one\n"
	    "line, and the total. With groups on, a second chart shows the\n"
	    "groups. Results are cached: explaining a row again with the same\n"
	    "settings is instant and says (cached).\n",
	.complete = "row",
	.flags = CMD_NEEDS_DATA,
	.exec = cmd_explain_exec
};

/* SPDX-License-Identifier: ISC */
/*
 * export: write the results of the last explain, compare or summary to a
 * file as CSV, JSON Lines or text, with what produced them.
 */
#include <stdio.h>
#include <string.h>

#include "core/afile.h"
#include "repl/repl.h"
#include "session/export.h"

/* export: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_export_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_export_info	 info;
	enum gs_format		 fmt;
	struct gs_afile		 af;
	struct gs_error		 err;
	size_t			 i;

	if (export_format_parse(a->argv[0], &fmt, &err) != 0) {
		repl_error(r, "export: %s", err.msg);
		return (CMD_ERROR);
	}
	if (r->nlast == 0 || r->s.model == NULL || r->s.data == NULL) {
		repl_error(r, "export: nothing to export yet (explain, compare "
		    "or summary first)");
		return (CMD_ERROR);
	}
	if (afile_open(&af, a->argv[1], &err) != 0) {
		repl_error(r, "export: %s", err.msg);
		return (CMD_ERROR);
	}
	info.model = model_name(r->s.model);
	info.data = r->s.data->name;
	info.output = model_output_name(r->s.model, r->s.output);
	info.names = r->s.names;
	export_begin(af.f, fmt);
	for (i = 0; i < r->nlast; i++) {
		info.baseline_desc = r->last[i].ex.baseline_desc;
		export_explanation(af.f, fmt, &info, &r->last[i].ex);
	}
	if (afile_commit(&af, &err) != 0) {
		repl_error(r, "export: %s", err.msg);
		return (CMD_ERROR);
	}
	fprintf(r->out, "wrote %zu explanation%s to %s\n", r->nlast,
	    r->nlast == 1 ? "" : "s", a->argv[1]);
	return (CMD_OK);
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.options = "",
	.lower = 2,
	.upper = 2,
	.usage = "csv|json|text FILE",
	.summary = "write the last results to a file",
	.help =
	    "Writes the explanations of the last explain (one row), compare\n"
	    "(two) or summary (every row) in the formats of gshap explain\n"
	    "--format: csv\n"
	    "(row,output,method,feature,value,attribution,stderr,rank), json (JSON\n"
	    "Lines, one object per explanation, with method, seed, samples,\n"
	    "baseline and noise) or text. The file is replaced whole: written\n"
	    "beside it and renamed, so a failed write leaves the old one intact.\n",
	.complete = "word:csv|json|text file",
	.flags = CMD_NEEDS_DATA,
	.exec = cmd_export_exec
};

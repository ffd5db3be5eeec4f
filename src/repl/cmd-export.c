/* SPDX-License-Identifier: ISC */
/*
 * export: write what was shown last to a file as CSV, JSON Lines or
 * text, with what produced it: the explanations of the last explain or
 * compare, or the importance table of the last summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "core/afile.h"
#include "core/xmalloc.h"
#include "repl/repl.h"
#include "session/export.h"
#include "session/png.h"

/* export: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_export_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_export_info	 info;
	enum gs_format		 fmt;
	struct gs_afile		 af;
	struct gs_error		 err;
	const struct gs_explanation **many;
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
	if ((fmt == GS_FORMAT_SVG || fmt == GS_FORMAT_PNG) && r->nlast > 1) {
		repl_error(r, "export: %s draws one explanation (use write "
		    "FILE.%s for the first of these %zu)", export_format_name(fmt),
		    export_format_name(fmt), r->nlast);
		return (CMD_ERROR);
	}
	if (fmt == GS_FORMAT_PNG && !png_available()) {
		repl_error(r, "export: %s", png_unavailable());
		return (CMD_ERROR);
	}
	if (afile_open(&af, a->argv[1], &err) != 0) {
		repl_error(r, "export: %s", err.msg);
		return (CMD_ERROR);
	}
	memset(&info, 0, sizeof info);
	info.model = model_name(r->s.model);
	info.data = r->s.data->name;
	info.output = model_output_name(r->s.model, r->s.output);
	info.names = r->s.names;
	info.s = &r->s;
	info.impute = r->set.impute;
	info.baseline_desc = r->last[0].ex.baseline_desc;
	if (r->last_summary) {
		/* What summary showed: the importance table, not its rows. */
		many = xcalloc(r->nlast, sizeof *many);
		for (i = 0; i < r->nlast; i++)
			many[i] = &r->last[i].ex;
		export_importance(af.f, fmt, &info, many, r->nlast);
		free(many);
	} else {
		export_begin(af.f, fmt);
		for (i = 0; i < r->nlast; i++) {
			info.baseline_desc = r->last[i].ex.baseline_desc;
			export_explanation(af.f, fmt, &info, &r->last[i].ex);
		}
	}
	if (afile_commit(&af, &err) != 0) {
		repl_error(r, "export: %s", err.msg);
		return (CMD_ERROR);
	}
	if (r->last_summary)
		fprintf(r->out, "wrote the importance table of %zu row%s to "
		    "%s\n", r->nlast, r->nlast == 1 ? "" : "s", a->argv[1]);
	else
		fprintf(r->out, "wrote %zu explanation%s to %s\n", r->nlast,
		    r->nlast == 1 ? "" : "s", a->argv[1]);
	return (CMD_OK);
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.options = "",
	.lower = 2,
	.upper = 2,
	.usage = "csv|json|text|svg|png FILE",
	.summary = "write the last results to a file",
	.help =
	    "Writes what was shown last: the explanations of the last explain\n"
	    "(one row) or compare (two) in the formats of gshap explain\n"
	    "--format (csv: one line per feature with f(x), base and its label,\n"
	    "gap, its SE and verdict, seed, samples, plan, baseline and noise;\n"
	    "json: JSON Lines, one object per explanation; text; svg: a bar\n"
	    "chart of one explanation, write FILE.svg draws the others; png:\n"
	    "the same as an image, with cairo), or after\n"
	    "summary its importance table (rank, feature, mean |attribution|,\n"
	    "mean attribution, rows, with method, seed, samples and base). The file\n"
	    "is replaced whole: written beside it and renamed, so a failed\n"
	    "write leaves the old one intact.\n",
	.complete = "word:csv|json|text|svg|png file",
	.flags = CMD_NEEDS_DATA,
	.exec = cmd_export_exec
};

/* SPDX-License-Identifier: ISC */
/*
 * row: choose the current row (the one explain and compare work on) and
 * show its values and prediction.
 */
#include <math.h>
#include <string.h>

#include "core/visible.h"
#include "repl/repl.h"
#include "session/textchart.h"

/* row: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_row_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_dataset	*ds = r->s.data;
	struct gs_error		 err;
	char			 b[64];
	size_t			 row = r->row, j, w = 7, len;
	double			 v;
	int			 p = (int)r->set.precision;

	gs_error_clear(&err);
	if (a->argc > 0 && state_parse_row(r, a->argv[0], &row, &err) != 0) {
		repl_error(r, "row: %s", err.msg);
		return (CMD_ERROR);
	}
	if (state_predict(r, &err) != 0) {
		repl_error(r, "row: %s", err.msg);
		return (CMD_ERROR);
	}
	r->row = row;
	textchart_number(b, sizeof b, r->pred[row], p, 0);
	fprintf(r->out, "row %zu of %s (line %zu)  pred %s = %s", row,
	    visible_str(ds->name), dataset_line(ds, row),
	    visible_str(model_output_name(r->s.model, r->s.output)), b);
	if (model_output_len(r->s.model, r->s.output) > 1)
		fprintf(r->out, "  class %zu", r->pred_class[row]);
	if (r->s.sel.target >= 0) {
		v = dataset_cell(ds, row, r->s.sel.target);
		textchart_number(b, sizeof b, v, p, 0);
		/* "target = 0", not "target target = 0". */
		if (strcmp(ds->cols[r->s.sel.target].name, "target") == 0)
			fprintf(r->out, "  target = %s", b);
		else
			fprintf(r->out, "  target %s = %s",
			    visible_str(ds->cols[r->s.sel.target].name), b);
	}
	fputc('\n', r->out);
	for (j = 0; j < r->s.sel.n; j++)
		if ((len = visible_len(r->s.names[j])) > w)
			w = len > 32 ? 32 : len;
	for (j = 0; j < r->s.sel.n; j++) {
		v = dataset_cell(ds, row, r->s.sel.cols[j]);
		textchart_number(b, sizeof b, v, p, 0);
		fprintf(r->out, "  %-*.*s  %s\n", (int)w, (int)w,
		    visible_str(r->s.names[j]),
		    isnan(v) ? "missing" : b);
	}
	return (CMD_OK);
}

const struct cmd_entry cmd_row_entry = {
	.name = "row",
	.options = "",
	.lower = 0,
	.upper = 1,
	.usage = "[number|next|prev]",
	.summary = "choose the current row and show its values",
	.help =
	    "Rows count from 0 among the data rows (the header is not a row);\n"
	    "next and prev (or + and -) move by one. Without an argument the\n"
	    "current row is shown. The prompt shows the current row, which\n"
	    "explain and compare use when given no row.\n",
	.complete = "row",
	.flags = CMD_NEEDS_DATA,
	.exec = cmd_row_exec
};

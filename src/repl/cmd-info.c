/* SPDX-License-Identifier: ISC */
/*
 * info: what is open. The model's input and outputs and its operators, the
 * dataset's shape and target, and per-column statistics.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/visible.h"
#include "core/xmalloc.h"
#include "repl/repl.h"
#include "session/textchart.h"

/* The model: input shape, opset and producer, outputs, operator counts. */
static void
cmd_info_model(struct gs_repl *r)
{
	const struct gs_model	*m = r->s.model;
	const struct gs_shape	*sh = model_input_shape(m);
	const char		**ops;
	size_t			 *count, nops = 0, i, j, n;
	int			  k;

	n = model_node_count(m);
	fprintf(r->out, "model %s (%s)\n", visible_str(model_name(m)),
	    visible_str(r->s.model_path));
	fputs("  input   [", r->out);
	for (k = 0; k < sh->ndim; k++) {
		if (sh->d[k] < 0)
			fprintf(r->out, "%sN", k == 0 ? "" : ", ");
		else
			fprintf(r->out, "%s%lld", k == 0 ? "" : ", ",
			    (long long)sh->d[k]);
	}
	fprintf(r->out, "], %zu values per row\n", model_input_len(m));
	if (model_opset(m) > 0)
		fprintf(r->out, "  opset   %d, producer %s\n", model_opset(m),
		    *model_producer(m) != '\0' ?
		    visible_str(model_producer(m)) : "not named");
	if (model_rounds(m))
		fputs("  rounds  quantized or half precision: gradient methods "
		    "pass straight through\n", r->out);
	for (i = 0; i < model_output_count(m); i++)
		fprintf(r->out, "  output  %zu %s, %zu value%s per row%s\n", i,
		    visible_str(model_output_name(m, i)), model_output_len(m, i),
		    model_output_len(m, i) == 1 ? "" : "s",
		    i == r->s.output ? " (explained)" : "");
	ops = xcalloc(n > 0 ? n : 1, sizeof *ops);
	count = xcalloc(n > 0 ? n : 1, sizeof *count);
	for (i = 0; i < n; i++) {
		const char *op = model_node_op(m, i);
		for (j = 0; j < nops && strcmp(ops[j], op) != 0; j++)
			;
		if (j == nops)
			ops[nops++] = op;
		count[j]++;
	}
	fprintf(r->out, "  nodes   %zu:", n);
	for (j = 0; j < nops; j++)
		fprintf(r->out, "%s %s %zu", j == 0 ? "" : ",", visible_str(ops[j]),
		    count[j]);
	fputc('\n', r->out);
	free(ops);
	free(count);
}

/* The dataset: shape, target, missing cells. */
static void
cmd_info_data(struct gs_repl *r)
{
	const struct gs_dataset	*ds = r->s.data;
	size_t			 missing = 0, j;

	for (j = 0; j < ds->ncols; j++)
		missing += ds->cols[j].n_missing;
	fprintf(r->out, "data %s (%s)\n", visible_str(ds->name),
	    visible_str(ds->path));
	fprintf(r->out, "  rows    %zu\n  columns %zu, %zu of them inputs\n",
	    ds->nrows, ds->ncols, r->s.sel.n);
	fprintf(r->out, "  target  %s\n", r->s.sel.target >= 0 ?
	    visible_str(ds->cols[r->s.sel.target].name) : "none");
	fprintf(r->out, "  missing %zu cell%s\n", missing,
	    missing == 1 ? "" : "s");
}

/* Every column: role, mean, sd, min, max, missing. */
static void
cmd_info_columns(struct gs_repl *r)
{
	struct gs_dataset	*ds = r->s.data;
	char			 b[5][64];
	double			 mean, sd, lo, hi, v;
	size_t			 i, j, w = 6, len;
	int			 p = (int)r->set.precision;

	for (j = 0; j < ds->ncols; j++)
		if ((len = visible_len(ds->cols[j].name)) > w)
			w = len > 32 ? 32 : len;
	fprintf(r->out, "  %-*s %-6s %11s %11s %11s %11s %7s\n", (int)w,
	    "column", "role", "mean", "sd", "min", "max", "missing");
	for (j = 0; j < ds->ncols; j++) {
		const char *role = (long)j == r->s.sel.target ? "target" :
		    "drop";
		for (i = 0; i < r->s.sel.n; i++)
			if (r->s.sel.cols[i] == j)
				role = "input";
		dataset_column_stats(ds, j, &mean, &sd);
		lo = INFINITY;
		hi = -INFINITY;
		for (i = 0; i < ds->nrows; i++) {
			v = dataset_cell(ds, i, j);
			if (isnan(v))
				continue;
			lo = fmin(lo, v);
			hi = fmax(hi, v);
		}
		if (isinf(lo))
			lo = hi = NAN;
		textchart_number(b[0], sizeof b[0], mean, p, 0);
		textchart_number(b[1], sizeof b[1], sd, p, 0);
		textchart_number(b[2], sizeof b[2], lo, p, 0);
		textchart_number(b[3], sizeof b[3], hi, p, 0);
		snprintf(b[4], sizeof b[4], "%zu", ds->cols[j].n_missing);
		fprintf(r->out, "  %-*.*s %-6s %11s %11s %11s %11s %7s\n",
		    (int)w, (int)w, visible_str(ds->cols[j].name), role, b[0],
		    b[1], b[2],
		    b[3], b[4]);
		if (ds->cols[j].n_text > 0)
			fprintf(r->out, "  %-*s %zu text cell%s, first on line "
			    "%zu: '%s'\n", (int)w, "", ds->cols[j].n_text,
			    ds->cols[j].n_text == 1 ? "" : "s",
			    ds->cols[j].text_line,
			    ds->cols[j].text_first != NULL ?
			    visible_str(ds->cols[j].text_first) : "");
	}
}

/* info: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_info_exec(struct gs_repl *r, struct cmd_args *a)
{
	const char	*what = a->argc > 0 ? a->argv[0] : "all";

	if (strcmp(what, "all") == 0) {
		if (r->s.model == NULL && r->s.data == NULL) {
			fputs("nothing loaded (load model FILE.onnx, load data "
			    "FILE.csv)\n", r->out);
			return (CMD_OK);
		}
		if (r->s.model != NULL)
			cmd_info_model(r);
		if (r->s.data != NULL)
			cmd_info_data(r);
		return (CMD_OK);
	}
	if (strcmp(what, "model") == 0) {
		if (r->s.model == NULL) {
			repl_error(r, "info: no model loaded (load model "
			    "FILE.onnx)");
			return (CMD_ERROR);
		}
		cmd_info_model(r);
		return (CMD_OK);
	}
	if (strcmp(what, "data") == 0 || strcmp(what, "columns") == 0) {
		if (r->s.data == NULL) {
			repl_error(r, "info: no data loaded (load data "
			    "FILE.csv)");
			return (CMD_ERROR);
		}
		if (what[0] == 'd')
			cmd_info_data(r);
		cmd_info_columns(r);
		return (CMD_OK);
	}
	repl_error(r, "info: unknown subject '%s' (model, data, columns)",
	    what);
	return (CMD_ERROR);
}

const struct cmd_entry cmd_info_entry = {
	.name = "info",
	.options = "",
	.lower = 0,
	.upper = 1,
	.usage = "[model|data|columns]",
	.summary = "describe the model, the dataset and its columns",
	.help =
	    "info shows the model's input shape, ONNX opset, producer,\n"
	    "outputs and operators and the dataset's size, target and\n"
	    "missing cells. info model and info data show one of them;\n"
	    "info data and info columns add a line per column with its role\n"
	    "(input, target, drop), mean, standard deviation, minimum,\n"
	    "maximum and missing cells.\n",
	.complete = "word:model|data|columns",
	.exec = cmd_info_exec
};

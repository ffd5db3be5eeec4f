/* SPDX-License-Identifier: ISC */
/*
 * load: open a model, a dataset or both. All or nothing: a file that does
 * not load or data that does not fit the model leaves the session as it was.
 */
#include <string.h>

#include "repl/repl.h"
#include "session/options.h"

/* One line on what is open now. */
static void
cmd_load_report(struct gs_repl *r, int model, int data)
{
	struct gs_session	*s = &r->s;

	if (model && s->model != NULL)
		fprintf(r->out, "model %s: %zu inputs, %zu output%s, %zu "
		    "nodes\n", model_name(s->model), model_input_len(s->model),
		    model_output_count(s->model),
		    model_output_count(s->model) == 1 ? "" : "s",
		    model_node_count(s->model));
	if (data && s->data != NULL) {
		fprintf(r->out, "data %s: %zu rows, %zu columns, %zu inputs",
		    s->data->name, s->data->nrows, s->data->ncols, s->sel.n);
		if (s->sel.target >= 0)
			fprintf(r->out, ", target %s",
			    s->data->cols[s->sel.target].name);
		fputc('\n', r->out);
	}
}

/* load: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_load_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_error	 err;
	const char	*what = a->argv[0], *path = a->argv[1];
	const char	*target = a->opt['t'], *drop = a->opt['d'];
	int		 rc;

	gs_error_clear(&err);
	if (strcmp(what, "model") == 0) {
		if (target != NULL || drop != NULL) {
			repl_error(r, "load: -t and -d apply to data");
			return (CMD_ERROR);
		}
		rc = state_load(r, path, NULL, NULL, NULL, &err);
	} else if (strcmp(what, "data") == 0)
		rc = state_load(r, NULL, path, target, drop, &err);
	else if (a->argc == 2 && strchr(what, '.') != NULL)
		rc = state_load(r, what, path, target, drop, &err);
	else {
		repl_error(r, "load: say what to load: load model FILE.onnx, "
		    "load data FILE.csv, or load MODEL.onnx DATA.csv");
		return (CMD_ERROR);
	}
	if (rc != 0) {
		repl_error(r, "%s", err.msg);
		return (CMD_ERROR);
	}
	cmd_load_report(r, strcmp(what, "data") != 0,
	    strcmp(what, "model") != 0 || r->s.data != NULL);
	return (CMD_OK);
}

const struct cmd_entry cmd_load_entry = {
	.name = "load",
	.options = "t:d:",
	.front = GS_FRONT_LOAD,
	.lower = 2,
	.upper = 2,
	.usage = "[-t target] [-d drop] model|data FILE",
	.summary = "load a model (ONNX) or a dataset (CSV)",
	.help =
	    "load model FILE.onnx replaces the model and keeps the data; load\n"
	    "data FILE.csv replaces the data and keeps the model; load\n"
	    "MODEL.onnx DATA.csv replaces both. The data's columns, except\n"
	    "the target (-t COLUMN or --target COLUMN) and the dropped ones\n"
	    "(-d A,B or --drop A,B), are the model's inputs, in file order.\n"
	    "Without -t, the target of the last dataset is kept when the new\n"
	    "one has that column. If a file does not load or the columns do\n"
	    "not fit the model, nothing changes. Loading drops cached\n"
	    "explanations.\n",
	.complete = "word:model|data file",
	.exec = cmd_load_exec
};

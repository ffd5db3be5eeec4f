/* SPDX-License-Identifier: ISC */
/*
 * load: open a model, a dataset or both. All or nothing: a file that does
 * not load or data that does not fit the model leaves the session as it was.
 */
#include <string.h>

#include "data/encode.h"
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
		if (s->schema != NULL)
			fprintf(r->out, "schema %s: %zu features make the "
			    "inputs\n", s->schema->path, s->sel.enc != NULL ?
			    s->sel.enc->nfeat : s->sel.n);
		if (s->classes.n > 0)
			fprintf(r->out, "classes from %s: %s%s\n",
			    s->classes.from, s->classes.names[0],
			    s->classes.n > 1 ? ", ..." : "");
	}
}

/* load model A|B FILE: the model explained, or the one compared with. */
static enum cmd_retval
cmd_load_model_ab(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_error	 err;
	const char	*which = a->argv[1], *path = a->argv[2];

	gs_error_clear(&err);
	if (strcmp(a->argv[0], "model") != 0 || (strcmp(which, "A") != 0 &&
	    strcmp(which, "B") != 0)) {
		repl_error(r, "load: load model A FILE.onnx or load model B "
		    "FILE.onnx");
		return (CMD_ERROR);
	}
	if (a->opt['t'] != NULL || a->opt['d'] != NULL) {
		repl_error(r, "load: -t and -d apply to data");
		return (CMD_ERROR);
	}
	if (strcmp(which, "A") == 0) {
		if (state_load(r, path, NULL, NULL, NULL, NULL, &err) != 0) {
			repl_error(r, "%s", err.msg);
			return (CMD_ERROR);
		}
		cmd_load_report(r, 1, 0);
		return (CMD_OK);
	}
	if (session_model_letter(&r->s) == 'B' &&
	    session_use(&r->s, 'A', &err) == 0)
		state_invalidate(r);
	if (session_load_b(&r->s, path, &err) != 0) {
		repl_error(r, "load model B: %s", err.msg);
		return (CMD_ERROR);
	}
	fprintf(r->out, "model B %s: %zu inputs, %zu output%s, %zu nodes "
	    "(compare --models compares it with %s)\n",
	    model_name(r->s.model_b), model_input_len(r->s.model_b),
	    model_output_count(r->s.model_b),
	    model_output_count(r->s.model_b) == 1 ? "" : "s",
	    model_node_count(r->s.model_b), model_name(r->s.model));
	return (CMD_OK);
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
	if (a->argc == 3)
		return (cmd_load_model_ab(r, a));
	if (strcmp(what, "model") == 0) {
		if (target != NULL || drop != NULL) {
			repl_error(r, "load: -t and -d apply to data");
			return (CMD_ERROR);
		}
		rc = state_load(r, path, NULL, NULL, NULL, NULL, &err);
	} else if (strcmp(what, "data") == 0)
		rc = state_load(r, NULL, path, target, drop, NULL, &err);
	else if (strcmp(what, "schema") == 0) {
		if (r->s.data == NULL) {
			repl_error(r, "load schema: load data first (the schema "
			    "says how its columns become model inputs)");
			return (CMD_ERROR);
		}
		rc = state_load(r, NULL, NULL, target, drop, path, &err);
	} else if (a->argc == 2 && strchr(what, '.') != NULL)
		rc = state_load(r, what, path, target, drop, NULL, &err);
	else {
		repl_error(r, "load: say what to load: load model FILE.onnx, "
		    "load data FILE.csv, load schema FILE.json|lua, or load "
		    "MODEL.onnx DATA.csv");
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
	.upper = 3,
	.usage = "[-t target] [-d drop] model|data|schema FILE | model B FILE",
	.summary = "load a model (ONNX), a dataset (CSV) or a schema (JSON, Lua)",
	.help =
	    "load model FILE.onnx replaces the model and keeps the data; load\n"
	    "data FILE.csv replaces the data and keeps the model; load\n"
	    "MODEL.onnx DATA.csv replaces both. The data's columns, except\n"
	    "the target (-t COLUMN or --target COLUMN) and the dropped ones\n"
	    "(-d A,B or --drop A,B), are the model's inputs, in file order.\n"
	    "Without -t, the target of the last dataset is kept when the new\n"
	    "one has that column. load schema FILE.json (or FILE.lua) reads\n"
	    "the data again as the schema says (types, encodings, levels,\n"
	    "missing values, classes; gshap(1) SCHEMA FILES); new data drops\n"
	    "the schema. If a\n"
	    "file does not load or the columns do not fit the model, nothing\n"
	    "changes. Loading drops cached explanations. load model B\n"
	    "FILE.onnx loads a second model to compare with (compare\n"
	    "--models; model A|B switches which one is explained); it must\n"
	    "take the same inputs and give the same outputs. Loading another\n"
	    "model A drops model B.\n",
	.complete = "word:model|data|schema file",
	.exec = cmd_load_exec
};

/* SPDX-License-Identifier: ISC */
/*
 * model: show the two models of a comparison (A, and B from load model B
 * FILE), or choose which one explain, summary and the other commands
 * explain; compare --models compares it with the other.
 */
#include <string.h>

#include "repl/repl.h"

/* One line on a model: its letter, name, file, and whether it is in use. */
static void
cmd_model_line(struct gs_repl *r, int letter, const struct gs_model *m,
    const char *path, int used)
{
	fprintf(r->out, "%c %c %s (%s)\n", used ? '*' : ' ', letter,
	    model_name(m), path != NULL ? path : "-");
}

/* model: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_model_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_session	*s = &r->s;
	struct gs_error		 err;
	int			 cur = session_model_letter(s);

	gs_error_clear(&err);
	if (s->model == NULL) {
		repl_error(r, "model: no model loaded");
		return (CMD_ERROR);
	}
	if (a->argc == 0) {
		/* The model in use is s->model; A is it unless swapped. */
		if (cur == 'A') {
			cmd_model_line(r, 'A', s->model, s->model_path, 1);
			if (s->model_b != NULL)
				cmd_model_line(r, 'B', s->model_b,
				    s->model_b_path, 0);
		} else {
			cmd_model_line(r, 'A', s->model_b, s->model_b_path, 0);
			cmd_model_line(r, 'B', s->model, s->model_path, 1);
		}
		if (s->model_b == NULL)
			fputs("  (no model B: load model B FILE.onnx)\n",
			    r->out);
		return (CMD_OK);
	}
	if (strlen(a->argv[0]) != 1 || session_use(s, a->argv[0][0],
	    &err) != 0) {
		repl_error(r, "model: %s", err.code != GS_OK ? err.msg :
		    "model A or model B");
		return (CMD_ERROR);
	}
	if (session_model_letter(s) != cur)
		state_invalidate(r);
	fprintf(r->out, "model %c: %s explained, compared with %s\n",
	    session_model_letter(s), model_name(s->model),
	    model_name(s->model_b));
	return (CMD_OK);
}

const struct cmd_entry cmd_model_entry = {
	.name = "model",
	.options = "",
	.lower = 0,
	.upper = 1,
	.usage = "[A|B]",
	.summary = "show the models, or choose A or B to explain",
	.help =
	    "Without an argument, lists model A and model B (load model B\n"
	    "FILE), * marking the one explain, summary, view and the other\n"
	    "commands use. model B makes the second model the one explained\n"
	    "(and A the one compare --models compares it with); model A goes\n"
	    "back. Switching drops cached explanations.\n",
	.complete = "word:A|B",
	.exec = cmd_model_exec
};

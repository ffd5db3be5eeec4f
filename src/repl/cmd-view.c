/* SPDX-License-Identifier: ISC */
/*
 * view: open the full-screen explorer on the current row with the current
 * settings, and come back to the prompt on q. Lines typed after ':' in the
 * explorer run as REPL commands; when one changes what results depend on,
 * the explorer reopens with the new settings at the same row and view.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "core/xmalloc.h"
#include "repl/repl.h"
#include "session/options.h"
#include "tui/tui.h"

/* What a ':' line needs to tell whether results changed. */
struct cmd_view_ctx {
	struct gs_repl	*r;		/* the session */
	char		*key;		/* cache key when the explorer opened, owned */
	size_t		 ngroups;	/* groups then */
	unsigned long	 generation;	/* the session's model and data then */
};

/* Set while the explorer is open: it does not nest. */
static int cmd_view_open;

/* Remember what results depend on now. */
static void
cmd_view_mark(struct cmd_view_ctx *c)
{
	free(c->key);
	c->key = state_key(c->r, &c->r->set);
	c->ngroups = c->r->groups.n;
	c->generation = c->r->s.generation;
}

/* A ':' line from the explorer: 2 quit, 1 reopen, 0 done, -1 failed. */
static int
cmd_view_command(void *arg, const char *line)
{
	struct cmd_view_ctx	*c = arg;
	enum cmd_retval		 rv;
	char			*key;
	int			 changed;

	rv = cmd_run_line(c->r, line);
	fflush(c->r->out);
	if (rv == CMD_QUIT)
		return (2);
	key = state_key(c->r, &c->r->set);
	changed = strcmp(key, c->key) != 0;
	free(key);
	if (changed || c->ngroups != c->r->groups.n ||
	    c->generation != c->r->s.generation)
		return (1);
	return (rv == CMD_ERROR ? -1 : 0);
}

/* The explorer's ':' line: readline, with the REPL's completion and history. */
static char *
cmd_view_read_line(void *arg, const char *prompt)
{
	char	*line;

	(void)arg;
	line = readline(prompt);
	if (line != NULL && line[0] != '\0')
		add_history(line);
	return (line);
}

/* Open the explorer once with the settings as they are. */
static int
cmd_view_once(struct gs_repl *r, const struct gs_tui_opts *t,
    struct gs_explore_state *st, struct gs_error *err)
{
	struct cmd_view_ctx	 ctx;
	struct gs_explain_job	*j;
	struct gs_explore	 xp;
	int			 rc;

	if (state_require(r, 1, err) != 0)
		return (-1);
	if (job_names_script("baseline", settings_baseline(&r->set)) ||
	    job_names_script("noise", settings_noise(&r->set)))
		return (gs_error_set(err, GS_EUNSUPPORTED, "the explorer takes "
		    "built-in baselines and noise only (set baseline data, say)"));
	if ((j = state_job(r, &r->set, err)) == NULL)
		return (-1);
	memset(&ctx, 0, sizeof ctx);
	ctx.r = r;
	cmd_view_mark(&ctx);
	memset(&xp, 0, sizeof xp);
	xp.s = &r->s;
	xp.job = j;
	xp.row = r->row;
	xp.command = cmd_view_command;
	xp.read_line = cmd_view_read_line;
	xp.arg = &ctx;
	xp.state = st;
	rc = tui_explore(&xp, t, err);
	free(ctx.key);
	job_free(j);
	return (rc);
}

/* view: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_view_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_explore_state	 st;
	struct gs_tui_opts	 t;
	struct gs_error		 err;
	size_t			 row = r->row;
	char			 views[512];
	int			 i, rc;

	if (cmd_view_open) {
		repl_error(r, "view: the explorer is already open");
		return (CMD_ERROR);
	}
	gs_error_clear(&err);
	tui_opts_default(&t);
	t.k = r->set.topk;
	if (a->opt['a'] != NULL)
		t.ascii = 1;
	for (i = 0; i < a->argc; i++) {
		if (isdigit((unsigned char)a->argv[i][0])) {
			if (state_parse_row(r, a->argv[i], &row, &err) != 0) {
				repl_error(r, "view: %s", err.msg);
				return (CMD_ERROR);
			}
			continue;
		}
		if (tui_opts_parse(&t, "view", a->argv[i], &err) != 0) {
			repl_error(r, "view: '%s' is neither a row nor a view "
			    "(%s)", a->argv[i], render_view_list(views,
			    sizeof views));
			return (CMD_ERROR);
		}
	}
	memset(&st, 0, sizeof st);
	st.valid = 1;
	st.view = t.view;
	st.row = row;
	cmd_view_open = 1;
	fflush(r->out);
	while ((rc = cmd_view_once(r, &t, &st, &err)) == 1)
		;	/* a ':' command changed the settings: open again */
	cmd_view_open = 0;
	if (rc < 0) {
		repl_error(r, "view: %s", err.msg);
		return (CMD_ERROR);
	}
	r->row = st.row;
	return (CMD_OK);
}

const struct cmd_entry cmd_view_entry = {
	.name = "view",
	.options = "a",
	.front = GS_FRONT_VIEW,
	.lower = 0,
	.upper = 2,
	.usage = "[-a] [view] [row]",
	.summary = "open the full-screen explorer (q comes back)",
	.help =
	    "Opens the explorer on the current row (or row) with the current\n"
	    "settings, in view (bar by default; help views lists them, with\n"
	    "their keys). Keys: ] and [ change\n"
	    "the row, j and k the feature, 1 to 8 the view, + and - change\n"
	    "the cursor feature of the row and explain it again (what-if),\n"
	    "? lists every key, q comes back here on the row you were on.\n"
	    "A line after : runs as a command here; when it changes a\n"
	    "setting results depend on, the explorer reopens with it. -a\n"
	    "(--ascii) draws with ASCII only. The theme comes from $GSHAP_THEME; NO_COLOR\n"
	    "turns colour off.\n",
	.complete = "view row",
	.flags = CMD_NEEDS_DATA,
	.exec = cmd_view_exec
};

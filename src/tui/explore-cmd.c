/* SPDX-License-Identifier: ISC */
/*
 * The explorer's ':' commands (row, k, view, baseline-row, theme,
 * compare, write, report), and the way out to the REPL for any other line: curses
 * steps aside, the caller's command runs, the explorer comes back.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/afile.h"
#include "core/xmalloc.h"
#include "session/report.h"
#include "tui/explore-int.h"

/* Write the current view as plain text to path. */
void
explore_cmd_write(struct explore *X, const char *path)
{
	const struct gs_explanation **many = NULL;
	struct gs_render_src	 src;
	struct gs_render_opts	 o = X->ro;
	struct gs_caps		 caps = X->caps;
	struct gs_grid		 g;
	char			 la[96], lb[96];
	struct gs_afile		 af;
	struct gs_error		 err;

	if (afile_open(&af, path, &err) != 0) {
		explore_status(X, 1, "%s", err.msg);
		return;
	}
	explore_src(X, &src, &many, la, lb, sizeof la);
	o.status = NULL;
	o.cursor = -1;
	caps.term = 0;
	caps.color = 0;
	grid_init(&g, X->g.w, X->g.h, !caps.utf8);
	render_screen(&g, &src, &o, &caps);
	grid_write(af.f, &g, NULL);
	grid_free(&g);
	free(many);
	if (afile_commit(&af, &err) != 0)
		explore_status(X, 1, "%s", err.msg);
	else
		explore_status(X, 0, "wrote %s", path);
}

/* Leave curses, run a REPL command line, wait for Enter, come back. */
static void
explore_cmd_repl(struct explore *X, const char *line)
{
	char	buf[16];
	int	rc;

	explore_worker_cancel(X);
	def_prog_mode();
	endwin();
	printf("gshap> %s\n", line);
	fflush(stdout);
	rc = X->x->command(X->x->arg, line);
	printf("\n[press Enter to return to the explorer]");
	fflush(stdout);
	if (fgets(buf, sizeof buf, stdin) == NULL)
		clearerr(stdin);
	reset_prog_mode();
	refresh();
	if (rc == 1)
		X->quit = 2;	/* settings changed: reopen */
	else if (rc == 2)
		X->quit = 1;
	X->dirty = 1;
}

/*
 * The ':' line through the caller's line editor: curses steps aside (the
 * screen is kept and redrawn after), the editor reads on the last line.
 */
void
explore_cmd_read(struct explore *X)
{
	char	*line;

	def_prog_mode();
	endwin();
	fputs("\r\n", stdout);
	fflush(stdout);
	line = X->x->read_line(X->x->arg, ":");
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	X->dirty = 1;
	if (line != NULL && line[0] != '\0')
		explore_cmd_run(X, line);
	free(line);
}

/*
 * Explain the current row with the ':compare' explainer, if there is one
 * and it has not yet (done here, on the keyboard's thread: one row).
 */
void
explore_cmd_alt_update(struct explore *X)
{
	struct gs_explanation	 ex;
	struct gs_error		 err;
	double			*x;

	if (X->alt_e == NULL || (X->alt != NULL && X->alt_row == X->row))
		return;
	explore_result_free(X->alt);
	X->alt = NULL;
	x = xcalloc(X->d, sizeof *x);
	if (dataset_row(X->x->s->data, &X->x->s->sel, X->row,
	    job_settings(X->x->job)->impute, x, &err) != 0 ||
	    explainer_run(X->alt_e, x, X->row, &ex, &err) != 0)
		explore_status(X, 1, "compare: %s", err.msg);
	else {
		X->alt = xcalloc(1, sizeof *X->alt);
		cache_result_set(X->alt, &ex);
		X->alt_row = X->row;
		explanation_clear(&ex);
	}
	free(x);
}

/* ':compare off', or ':compare' alone (which says what it takes). */
static void
explore_cmd_compare_off(struct explore *X, int bare)
{
	explore_result_free(X->alt);
	X->alt = NULL;
	explainer_free(X->alt_e);
	X->alt_e = NULL;
	baseline_clear(&X->alt_bl);
	explore_status(X, bare, bare ? "compare METHOD, compare baseline "
	    "SPEC, compare class K or compare off" : "compare off");
}

/*
 * ':compare METHOD', ':compare baseline SPEC', ':compare class K' or
 * ':compare off': the compare view shows the row under the current
 * settings beside the same row under that one change, with rank changes.
 */
static int
explore_cmd_compare(struct explore *X, const char *arg)
{
	struct gs_error	 err;
	char		 what[32], spec[192];

	what[0] = spec[0] = '\0';
	sscanf(arg, " %31s %191[^\n]", what, spec);
	if (strcmp(what, "off") == 0 || what[0] == '\0') {
		explore_cmd_compare_off(X, what[0] == '\0');
		return (what[0] == '\0' ? -1 : 0);
	}
	if (explore_job_compare(X, what, spec, &err) != 0) {
		explore_status(X, 1, "%s", err.msg);
		return (-1);
	}
	explore_cmd_alt_update(X);
	X->prev_view = X->ro.view;
	X->ro.view = GS_VIEW_COMPARE;
	explore_status(X, 0, "compare: this row beside %s", X->alt_label);
	return (0);
}

/* ':row N' and ':k N': a whole number. */
static int
explore_cmd_number(struct explore *X, const char *name, const char *arg,
    long *n)
{
	char	*end;

	*n = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || *n < 0) {
		explore_status(X, 1, "%s takes a whole number", name);
		return (-1);
	}
	return (0);
}

/* ':row N': go to row N. */
static int
explore_cmd_row(struct explore *X, const char *arg)
{
	long	n;

	if (explore_cmd_number(X, "row", arg, &n) != 0)
		return (-1);
	explore_goto(X, n);
	return (0);
}

/* ':k N': show N rows (0: all). */
static int
explore_cmd_k(struct explore *X, const char *arg)
{
	long	n;

	if (explore_cmd_number(X, "k", arg, &n) != 0)
		return (-1);
	X->ro.k = (size_t)n;
	return (0);
}

/* ':view NAME': open a view by name or unique prefix. */
static int
explore_cmd_view(struct explore *X, const char *arg)
{
	enum gs_view	v;

	if (render_view_parse(arg, &v) != 0) {
		explore_status(X, 1, "unknown view '%s'", arg);
		return (-1);
	}
	X->prev_view = X->ro.view;
	X->ro.view = v;
	X->teach_off = 0;
	return (0);
}

/* ':baseline-row N': the path view from baseline row N. */
static int
explore_cmd_baseline_row(struct explore *X, const char *arg)
{
	explore_teach_baseline_row(X, arg);
	return (0);
}

/* ':theme NAME': colours from a built-in theme or a file. */
static int
explore_cmd_theme(struct explore *X, const char *arg)
{
	struct gs_error	err;

	if (theme_load(&X->theme, arg, &err) != 0) {
		explore_status(X, 1, "%s (default theme)", err.msg);
		return (-1);
	}
	explore_status(X, 0, "theme %s", X->theme.name);
	return (0);
}

/* ':write FILE': the view as plain text. */
static int
explore_cmd_write_exec(struct explore *X, const char *arg)
{
	explore_cmd_write(X, arg);
	return (0);
}

/*
 * ':report FILE' and the key R: the HTML report (session/report.c) on the
 * row shown, a what-if edit included (then with its values' flags and no
 * command).
 */
int
explore_cmd_report(struct explore *X, const char *path)
{
	const struct gs_explanation **many = NULL, *ex;
	struct gs_report_job	 j;
	struct gs_render_src	 src;
	struct gs_svg_opts	 so;
	struct gs_afile		 af;
	struct gs_error		 err;
	char			 la[8], lb[8];

	explore_src(X, &src, &many, la, lb, sizeof la);
	free(many);
	if ((ex = src.ex) == NULL || (X->xedit != NULL && (X->whatif == NULL ||
	    X->whatif_stale))) {
		explore_status(X, 1, "report: wait for the row to be explained");
		return (-1);
	}
	if (afile_open(&af, path, &err) != 0) {
		explore_status(X, 1, "report: %s", err.msg);
		return (-1);
	}
	svg_opts_default(&so);
	so.k = X->ro.k;
	memset(&j, 0, sizeof j);
	j.s = X->x->s;
	j.st = job_settings(X->x->job);
	j.threads = job_threads(X->x->job);
	j.svg = &so;
	if (report_session(af.f, &j, &ex, 1, &err) != 0) {
		afile_abort(&af);
		explore_status(X, 1, "report: %s", err.msg);
		return (-1);
	}
	if (afile_commit(&af, &err) != 0) {
		explore_status(X, 1, "report: %s", err.msg);
		return (-1);
	}
	explore_status(X, 0, "wrote a report on row %zu%s to %s", ex->row,
	    X->whatif != NULL ? " (what-if)" : "", path);
	return (0);
}

/* One ':' command of the explorer's own. */
struct explore_cmd {
	const char	*name;		/* "row" */
	const char	*usage;		/* "row N", in the unknown-command list */
	int		 needs_arg;	/* without one the line goes on to the REPL */
	int		(*exec)(struct explore *, const char *);
};

/* The explorer's ':' commands; any other line is the REPL's. */
static const struct explore_cmd explore_cmds[] = {
	{ "row", "row N", 0, explore_cmd_row },
	{ "k", "k N", 0, explore_cmd_k },
	{ "view", "view NAME", 0, explore_cmd_view },
	{ "theme", "theme NAME", 0, explore_cmd_theme },
	{ "compare", "compare WHAT", 0, explore_cmd_compare },
	{ "baseline-row", "baseline-row N", 0, explore_cmd_baseline_row },
	{ "write", "write FILE", 1, explore_cmd_write_exec },
	{ "report", "report FILE.html", 1, explore_cmd_report },
};

/* The explorer's command named name (exactly), or NULL. */
static const struct explore_cmd *
explore_cmd_find(const char *name, const char *arg)
{
	size_t	i;

	for (i = 0; i < sizeof explore_cmds / sizeof explore_cmds[0]; i++)
		if (strcmp(explore_cmds[i].name, name) == 0 &&
		    (!explore_cmds[i].needs_arg || arg[0] != '\0'))
			return (&explore_cmds[i]);
	return (NULL);
}

/*
 * Run a ':' line: the explorer's own commands (exact names), else the
 * REPL's through X->x->command, else an error listing the explorer's.
 */
void
explore_cmd_run(struct explore *X, const char *line)
{
	const struct explore_cmd *ce;
	char		 cmd[32], arg[224], list[256];
	size_t		 i, n;

	cmd[0] = arg[0] = '\0';
	if (sscanf(line, " %31s %223[^\n]", cmd, arg) < 1)
		return;
	if ((ce = explore_cmd_find(cmd, arg)) != NULL) {
		if (ce->exec(X, arg) != 0)
			return;
	} else if (X->x->command != NULL)
		explore_cmd_repl(X, line);
	else {
		list[0] = '\0';
		for (i = 0; i < sizeof explore_cmds / sizeof explore_cmds[0];
		    i++) {
			n = strlen(list);
			snprintf(list + n, sizeof list - n, "%s%s", i > 0 ?
			    ", " : "", explore_cmds[i].usage);
		}
		explore_status(X, 1, "unknown command '%s' (%s)", cmd, list);
	}
	X->dirty = 1;
}

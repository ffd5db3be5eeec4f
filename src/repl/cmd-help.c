/* SPDX-License-Identifier: ISC */
/*
 * help: the command list and each command's help, generated from the
 * command table, and topics (settings from the settings table, methods
 * from the method table, views from the view class table, baselines,
 * keys, files); otherwise a search of
 * the help texts.
 */
#include <inttypes.h>
#include <string.h>

#include "repl/repl.h"
#include "tui/render.h"

/* help settings: every row of the settings table. */
static void
cmd_help_settings(FILE *f)
{
	const struct gs_setting	*def;
	char			 help[512];
	size_t			 i;

	fputs("settings (set NAME VALUE; show NAME for its range):\n", f);
	for (i = 0; i < settings_count(); i++) {
		def = settings_at(i);
		fprintf(f, "  %-11s %-14s %s\n", def->name, def->def,
		    settings_help(def, help, sizeof help));
	}
}

/* help methods: every row of the method table. */
static void
cmd_help_methods(FILE *f)
{
	const struct gs_method_info	*me;
	int				 m;

	fputs("methods (method NAME):\n", f);
	for (m = 0; m < GS_METHOD_COUNT; m++) {
		me = method_info((enum gs_method)m);
		fprintf(f, "  %-11s %s%s\n", me->name, me->summary,
		    me->stochastic ? " (standard errors)" : "");
	}
}

/* help views: every row of the view class table. */
static void
cmd_help_views(FILE *f)
{
	const struct gs_view_class	*vc;
	int				 v;

	fputs("views (view NAME, or its key in the explorer):\n", f);
	for (v = 0; v < GS_VIEW_COUNT; v++) {
		vc = render_view_class((enum gs_view)v);
		fprintf(f, "  %-11s %c  %s\n", vc->name, vc->key != 0 ?
		    vc->key : ' ', vc->help);
	}
}

static const char cmd_help_baselines[] =
"  zeros          a row of zeros\n"
"  mean           the column means\n"
"  data           every row of the data (missing rows left out unless impute)\n"
"  sample:K       K rows drawn without replacement with the seed\n"
"  row:N          data row N\n"
"  file:PATH.csv  the rows of another CSV file with the same columns\n"
"  FILE.lua       a Lua script building the baseline for each row\n";

static const char cmd_help_keys[] =
"keys at the prompt:\n"
"  Tab            complete commands, settings, values, methods, baselines,\n"
"                 column names (x.NAME), row numbers and file names\n"
"  Up, Down       previous and next command in the history\n"
"  Ctrl-R         search the history\n"
"  Ctrl-C         clear the line; while a command runs, stop it\n"
"  Ctrl-D         leave gshap (on an empty line)\n";

static const char cmd_help_files[] =
"files:\n"
"  $XDG_CONFIG_HOME/gshap/init.lua   Lua run at start\n"
"                                    (~/.config/gshap/init.lua)\n"
"  $XDG_CONFIG_HOME/gshap/gshaprc    commands run at start, after init.lua\n"
"  $XDG_STATE_HOME/gshap/history     the history of a terminal session\n"
"                                    (~/.local/state/gshap/history)\n"
"  --no-config skips both start-up files.\n";

/* Print the commands whose help mentions word; how many. */
static size_t
cmd_help_search(FILE *f, const char *word)
{
	const struct cmd_entry	**cep;
	size_t			  n = 0;

	for (cep = cmd_table; *cep != NULL; cep++) {
		if (strstr((*cep)->summary, word) == NULL &&
		    strstr((*cep)->help, word) == NULL &&
		    strstr((*cep)->usage, word) == NULL)
			continue;
		if (n++ == 0)
			fprintf(f, "commands mentioning '%s':\n", word);
		fprintf(f, "  %-10s %s\n", (*cep)->name, (*cep)->summary);
	}
	return (n);
}

/* help: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_help_exec(struct gs_repl *r, struct cmd_args *a)
{
	const struct cmd_entry	*ce;
	const struct gs_setting	*def;
	const char		*what;
	char			 line[200];

	if (a->argc == 0) {
		cmd_help_list(r->out);
		return (CMD_OK);
	}
	what = a->argv[0];
	if (strcmp(what, "settings") == 0)
		cmd_help_settings(r->out);
	else if (strcmp(what, "methods") == 0)
		cmd_help_methods(r->out);
	else if (strcmp(what, "baselines") == 0) {
		fprintf(r->out, "baselines (baseline SPEC):\n  auto           "
		    "%s\n", method_baseline_defaults(line, sizeof line));
		fputs(cmd_help_baselines, r->out);
	}
	else if (strcmp(what, "views") == 0)
		cmd_help_views(r->out);
	else if (strcmp(what, "keys") == 0)
		fputs(cmd_help_keys, r->out);
	else if (strcmp(what, "files") == 0)
		fputs(cmd_help_files, r->out);
	else if ((ce = cmd_find(what, NULL)) != NULL)
		cmd_help_command(r->out, ce);
	else if ((def = settings_find(what, NULL)) != NULL)
		cmd_show_setting(r, def, 1);
	else if (cmd_help_search(r->out, what) == 0) {
		repl_error(r, "help: nothing about '%s' (try help, help "
		    "settings)", what);
		return (CMD_ERROR);
	}
	return (CMD_OK);
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.options = "",
	.lower = 0,
	.upper = 1,
	.usage = "[command|topic]",
	.summary = "list the commands, or explain one command or topic",
	.help =
	    "help alone lists the commands; help COMMAND (or a unique prefix)\n"
	    "shows its usage and details; help NAME of a setting shows the\n"
	    "setting. Topics: settings, methods, baselines, views, keys,\n"
	    "files. Any other word lists the commands whose help mentions\n"
	    "it.\n",
	.complete = "topic",
	.exec = cmd_help_exec
};

/* SPDX-License-Identifier: ISC */
/*
 * show: the settings with their values, defaults and help.
 */
#include <inttypes.h>
#include <string.h>

#include "repl/repl.h"

void
cmd_show_setting(struct gs_repl *r, const struct gs_setting *def,
    int verbose)
{
	char		 v[512], dflt[64], help[512];
	const char	*c, *h;
	size_t		 i;
	int		 n;

	settings_format(&r->set, def, v, sizeof v);
	if (strcmp(v, def->def) != 0)
		snprintf(dflt, sizeof dflt, "(default %s)", def->def);
	else
		dflt[0] = '\0';
	/* name, value, default if changed, then the help from column 40. */
	n = fprintf(r->out, "  %-11s %s", def->name, v);
	if (dflt[0] != '\0')
		n += fprintf(r->out, " %s", dflt);
	h = settings_help(def, help, sizeof help);
	if (!verbose)
		fprintf(r->out, "%*s%s", n < 39 ? 40 - n : 1, "", h);
	fputc('\n', r->out);
	if (!verbose)
		return;
	fprintf(r->out, "  %s\n", h);
	if (def->alias != NULL)
		fprintf(r->out, "  also called %s\n", def->alias);
	switch (def->type) {
	case GS_SETTING_SIZE:
		fprintf(r->out, "  a whole number from %" PRIu64 " to %" PRIu64
		    "\n", def->min, def->max);
		break;
	case GS_SETTING_U64:
		fputs("  a whole number from 0 to 18446744073709551615\n",
		    r->out);
		break;
	default:
		if (def->choice == NULL)
			break;
		fprintf(r->out, "  %s:", def->type == GS_SETTING_STRING ?
		    "for example" : "one of");
		for (i = 0; (c = def->choice(i)) != NULL; i++)
			fprintf(r->out, "%s %s", i == 0 ? "" : ",", c);
		fputc('\n', r->out);
		break;
	}
	if (def->flags & GS_SETTING_RESULT)
		fputs("  changing it drops cached explanations\n", r->out);
}

enum cmd_retval
cmd_show_settings(struct gs_repl *r, const char *name)
{
	const struct gs_setting	*def;
	struct gs_error		 err;
	size_t			 i;

	gs_error_clear(&err);
	if (name != NULL) {
		if ((def = settings_find(name, &err)) == NULL) {
			repl_error(r, "%s", err.msg);
			return (CMD_ERROR);
		}
		cmd_show_setting(r, def, 1);
		return (CMD_OK);
	}
	for (i = 0; i < settings_count(); i++)
		cmd_show_setting(r, settings_at(i), 0);
	return (CMD_OK);
}

/* show: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_show_exec(struct gs_repl *r, struct cmd_args *a)
{
	return (cmd_show_settings(r, a->argc == 1 ? a->argv[0] : NULL));
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.options = "",
	.lower = 0,
	.upper = 1,
	.usage = "[setting]",
	.summary = "show the settings, or one with its range and help",
	.help =
	    "Each line has the setting, its value, its default when the value\n"
	    "differs, and what it does. show NAME adds the range or choices.\n",
	.complete = "setting",
	.exec = cmd_show_exec
};

/* SPDX-License-Identifier: ISC */
/*
 * set: change a setting. Every setting is a row of the table in
 * src/session/settings.c; a value is checked (and what it names built)
 * before it replaces the old one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "repl/repl.h"

enum cmd_retval
cmd_set_value(struct gs_repl *r, const char *name, const char *value)
{
	const struct gs_setting	*def;
	struct gs_settings	 st;
	struct gs_error		 err;

	gs_error_clear(&err);
	if ((def = settings_find(name, &err)) == NULL) {
		repl_error(r, "%s", err.msg);
		return (CMD_ERROR);
	}
	settings_copy(&st, &r->set);
	if (settings_set(&st, def, value, &err) != 0 ||
	    state_apply(r, &st, &err) != 0) {
		settings_free(&st);
		repl_error(r, "%s", err.msg);
		return (CMD_ERROR);
	}
	settings_free(&st);
	if (def == settings_find("impute", NULL))
		state_impute_given(r, strcmp(value, "default") != 0);
	return (CMD_OK);
}

/* The n words w joined by single spaces; the caller frees it. */
static char *
cmd_set_join(int n, char **w)
{
	size_t	 len = 1, off = 0;
	char	*s;
	int	 i;

	for (i = 0; i < n; i++)
		len += strlen(w[i]) + 1;
	s = xmalloc(len);
	s[0] = '\0';
	for (i = 0; i < n; i++) {
		off += (size_t)snprintf(s + off, len - off, "%s%s",
		    i > 0 ? " " : "", w[i]);
	}
	return (s);
}

/* set: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_set_exec(struct gs_repl *r, struct cmd_args *a)
{
	const struct gs_setting	*def;
	enum cmd_retval		 rc;
	char			*value;

	if (a->argc < 2)
		return (cmd_show_settings(r, a->argc == 1 ? a->argv[0] :
		    NULL));
	/* The words after the name are the value ("output class 0"). */
	value = cmd_set_join(a->argc - 1, a->argv + 1);
	rc = cmd_set_value(r, a->argv[0], value);
	free(value);
	if (rc != CMD_OK)
		return (CMD_ERROR);
	def = settings_find(a->argv[0], NULL);
	cmd_show_setting(r, def, 0);
	return (CMD_OK);
}

const struct cmd_entry cmd_set_entry = {
	.name = "set",
	.options = "",
	.lower = 0,
	.upper = -1,
	.usage = "[setting [value ...]]",
	.summary = "change a setting (help settings lists them)",
	.help =
	    "set NAME VALUE changes a setting and prints it; VALUE default\n"
	    "restores the default; the words after NAME are the value (set\n"
	    "output class 0). A unique prefix of NAME is enough. set\n"
	    "NAME shows one setting with its range and help, set alone all of\n"
	    "them. A value that is out of range, or a baseline, noise or\n"
	    "output that does not fit the model and data, is refused and\n"
	    "nothing changes. Changing a setting that changes results drops\n"
	    "the cached explanations. set impute POLICY, as --impute on the\n"
	    "command line, beats a schema's own per-column policies; set\n"
	    "impute default follows the schema again.\n",
	.complete = "setting value",
	.exec = cmd_set_exec
};

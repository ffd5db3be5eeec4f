/* SPDX-License-Identifier: ISC */
/*
 * source: run a Lua script in the session's Lua state, or a file of REPL
 * commands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/interrupt.h"
#include "core/xmalloc.h"
#include "repl/repl.h"

/* Run the commands in path; stops at the first failure. */
static enum cmd_retval
cmd_source_commands(struct gs_repl *r, const char *path)
{
	FILE		*f;
	char		*line = NULL;
	const char	*src = r->src;
	size_t		 size = 0, lineno = r->line, len;
	ssize_t		 n;
	int		 interactive = r->interactive;
	enum cmd_retval	 rv = CMD_OK;

	if ((f = fopen(path, "r")) == NULL) {
		repl_error(r, "source: %s: %s", path, strerror(errno));
		return (CMD_ERROR);
	}
	r->src = path;
	r->line = 0;
	r->interactive = 0;
	while (rv == CMD_OK && (n = getline(&line, &size, f)) != -1) {
		r->line++;
		len = (size_t)n;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		rv = cmd_run_line(r, line);
		if (interrupt_pending())
			rv = CMD_ERROR;
	}
	free(line);
	fclose(f);
	r->src = src;
	r->line = lineno;
	r->interactive = interactive;
	return (rv);
}

/* source: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_source_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_model		*m = r->s.model;
	struct gs_dataset	*ds = r->s.data;
	struct gs_script	*sc;
	struct gs_error		 err;
	const char		*path = a->argv[0];
	size_t			 len = strlen(path);
	int			 rc;

	if (r->sourcing >= REPL_SOURCE_DEPTH) {
		repl_error(r, "source: %s: sourced files nested %d deep (does "
		    "a file source itself, or two files each other?)", path,
		    REPL_SOURCE_DEPTH);
		return (CMD_ERROR);
	}
	if (len < 4 || strcmp(path + len - 4, ".lua") != 0) {
		r->sourcing++;
		rc = cmd_source_commands(r, path);
		r->sourcing--;
		return (rc);
	}
	gs_error_clear(&err);
	if ((sc = state_script(r, &err)) == NULL) {
		repl_error(r, "source: %s", err.msg);
		return (CMD_ERROR);
	}
	r->sourcing++;
	rc = script_run_file(sc, path, a->argc - 1, a->argv + 1, &err);
	r->sourcing--;
	fflush(r->out);
	/* A script may have changed what is loaded. */
	if (r->s.model != m || r->s.data != ds)
		state_invalidate(r);
	if (rc != 0) {
		repl_error(r, "source: %s", err.msg);
		return (CMD_ERROR);
	}
	return (CMD_OK);
}

const struct cmd_entry cmd_source_entry = {
	.name = "source",
	.options = "",
	.lower = 1,
	.upper = -1,
	.usage = "FILE.lua [args]|FILE",
	.summary = "run a Lua script, or a file of commands",
	.help =
	    "A file ending in .lua runs in the session's Lua state (the one\n"
	    "the lua command uses) with the arguments in its arg table; its\n"
	    "print goes to standard output. Any other file is read as REPL\n"
	    "commands, one line at a time, stopping at the first that fails.\n"
	    "Ctrl-C stops a script. Sourced files nest at most 16 deep.\n",
	.complete = "file...",
	.exec = cmd_source_exec
};

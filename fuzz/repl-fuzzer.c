/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: REPL command lines, as a pipe would feed them, on a small
 * linear model and its data. Each input is a fresh session; commands that
 * read or write files or leave the loop (load, source, export, history,
 * lua, view) and lines naming paths are skipped, and numbers are kept
 * below 10^5 so that a run stays quick.
 */
#include <ctype.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fuzz/fuzz.h"
#include "repl/repl.h"

#ifndef GSHAP_SRCDATADIR
#define GSHAP_SRCDATADIR "data"
#endif

#define FUZZ_LINES	32	/* command lines run per input */
#define FUZZ_LINE_MAX	256	/* longest line run */

static FILE	*fuzz_null;	/* the REPL's output */
static int	 fuzz_quiet;	/* /dev/null, for the commands' stderr */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	dir[] = "/tmp/gshap-fuzz-XXXXXX";

	(void)argc;
	(void)argv;
	/* Commands run in an empty directory of their own. */
	if (mkdtemp(dir) == NULL || chdir(dir) != 0)
		abort();
	if ((fuzz_null = fopen("/dev/null", "w")) == NULL ||
	    (fuzz_quiet = open("/dev/null", O_WRONLY)) == -1)
		abort();
	return (0);
}

/* Whether the line is one this target runs. */
static int
fuzz_line_ok(const char *line)
{
	static const char *skip[] = { "load", "source", "export", "history",
	    "lua", "view", "lo", "so", "ex", "hi", "lu", "vi", NULL };
	const char	*p;
	size_t		 i, digits = 0, len;

	if (strchr(line, '/') != NULL || strchr(line, ';') != NULL)
		return (0);
	for (p = line; *p != '\0'; p++) {
		digits = isdigit((unsigned char)*p) ? digits + 1 : 0;
		if (digits > 4)
			return (0);
	}
	p = line + strspn(line, " \t");
	len = strcspn(p, " \t");
	for (i = 0; skip[i] != NULL; i++) {
		if (len > 0 && strncmp(p, skip[i], len) == 0)
			return (0);
	}
	return (1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gs_repl	 r;
	struct gs_error	 err;
	char		*text = fuzz_text(data, size), *line, *next;
	int		 n = 0, saved;

	if (fuzz_null == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	state_init(&r);
	r.out = fuzz_null;
	r.src = "fuzz";
	gs_error_clear(&err);
	if (state_load(&r, GSHAP_SRCDATADIR "/../tests/data/models/"
	    "linear_tiny.onnx", GSHAP_SRCDATADIR "/../tests/data/"
	    "linear_tiny.csv", "y", NULL, NULL, &err) != 0) {
		fprintf(stderr, "repl-fuzzer: %s\n", err.msg);
		abort();
	}
	saved = dup(STDERR_FILENO);
	dup2(fuzz_quiet, STDERR_FILENO);
	for (line = text; line != NULL && n < FUZZ_LINES; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strlen(line) > FUZZ_LINE_MAX || !fuzz_line_ok(line))
			continue;
		n++;
		if (cmd_run_line(&r, line) == CMD_QUIT)
			break;
	}
	fflush(fuzz_null);
	dup2(saved, STDERR_FILENO);
	close(saved);
	state_free(&r);
	free(text);
	return (0);
}

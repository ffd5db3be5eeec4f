/* SPDX-License-Identifier: ISC */
/*
 * The REPL's loop: start-up options, the init files, reading lines with
 * readline (callback interface, so Ctrl-C at the prompt only clears the
 * line) or plainly from a pipe, the history file, Ctrl-C during commands,
 * and where messages go.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "config.h"
#include "core/afile.h"
#include "core/visible.h"
#include "core/xmalloc.h"
#include "repl/repl.h"
#include "core/interrupt.h"
#include "session/options.h"
#include "session/paths.h"

/* Lines kept in the history file. */
#define REPL_HISTORY_MAX	1000

static volatile sig_atomic_t repl_resized;

/* The line handed over by readline's callback, and whether one came. */
static char	*repl_cb_line;
static int	 repl_cb_done;

/* Options of gshap when it starts the REPL. */
struct repl_opts {
	const char	*commands;	/* -c text, or NULL */
	const char	*model;		/* MODEL.onnx, or NULL for the demo */
	const char	*data;		/* DATA.csv */
	const char	*target;	/* --target */
	const char	*drop;		/* --drop */
	const char	*schema;	/* --schema */
	const char	*demo;		/* --demo */
	int		 no_config;	/* --no-config */
	int		 keep_going;	/* --keep-going */
	int		 trusted;	/* --trust-scripts */
};

/* An interrupt also stops the Lua script running (lua.c laction). */
static void
repl_interrupt_script(void *sc)
{
	script_interrupt(sc);
}

/* SIGWINCH: readline is told at the next prompt. */
static void
repl_on_sigwinch(int sig)
{
	(void)sig;
	repl_resized = 1;
}

void
repl_watch_script(struct gs_script *sc)
{
	interrupt_set_hook(sc != NULL ? repl_interrupt_script : NULL, sc);
}

/* Whether a signal asks the REPL to end (SIGTERM, SIGHUP). */
static int
repl_ending(void)
{
	return (interrupt_pending() != 0 && interrupt_pending() != SIGINT);
}

/* The rest of a message on stderr, control characters made visible. */
static void __attribute__((format(printf, 1, 0)))
repl_say(const char *fmt, va_list ap)
{
	char	msg[2048];

	vsnprintf(msg, sizeof msg, fmt, ap);
	visible_fputs(msg, stderr, VISIBLE_KEEP_NL);
	fputc('\n', stderr);
}

void
repl_error(struct gs_repl *r, const char *fmt, ...)
{
	va_list	ap;

	fflush(r->out);
	if (r->interactive)
		fputs("gshap: ", stderr);
	else if (r->line > 0)
		fprintf(stderr, "gshap: %s:%zu: ", visible_str(r->src), r->line);
	else
		fprintf(stderr, "gshap: %s: ", visible_str(r->src));
	va_start(ap, fmt);
	repl_say(fmt, ap);
	va_end(ap);
}

void
repl_note(struct gs_repl *r, const char *fmt, ...)
{
	va_list	ap;

	fflush(r->out);
	fputs("gshap: ", stderr);
	va_start(ap, fmt);
	repl_say(fmt, ap);
	va_end(ap);
}

int
repl_claims(const char *arg)
{
	struct stat	 sb;
	size_t		 len = strlen(arg);

	if (options_claims(GS_FRONT_REPL, arg))
		return (1);
	if (arg[0] == '-')
		return (0);
	if (len > 5 && strcmp(arg + len - 5, ".onnx") == 0)
		return (1);
	return (stat(arg, &sb) == 0 && S_ISREG(sb.st_mode));
}

/* The REPL's part of gshap's usage. */
static void
repl_usage(FILE *f)
{
	options_usage(f, GS_FRONT_REPL, "usage: gshap", 80);
	fputs("             [MODEL.onnx DATA.csv]\n", f);
}

/* Parse the REPL's options; -1 with a message for a usage error. */
static int
repl_parse(int argc, char **argv, struct repl_opts *o, struct gs_args *a)
{
	struct gs_error	err;

	memset(o, 0, sizeof *o);
	gs_error_clear(&err);
	if (options_parse(GS_FRONT_REPL, argc, argv, NULL, a, &err) != 0) {
		fprintf(stderr, "gshap: %s\n", err.msg);
		return (-1);
	}
	o->commands = a->v[GS_ARG_COMMANDS];
	o->target = a->v[GS_ARG_TARGET];
	o->drop = a->v[GS_ARG_DROP];
	o->schema = a->v[GS_ARG_SCHEMA];
	o->demo = a->v[GS_ARG_DEMO];
	o->no_config = a->v[GS_ARG_NO_CONFIG] != NULL;
	o->keep_going = a->v[GS_ARG_KEEP_GOING] != NULL;
	o->trusted = a->v[GS_ARG_TRUST] != NULL;
	if (a->npos > 2) {
		fprintf(stderr, "gshap: unexpected argument '%s'\n", a->pos[2]);
		options_free(a);
		return (-1);
	}
	if (a->npos == 1) {
		fprintf(stderr, "gshap: give a model and a dataset "
		    "(gshap MODEL.onnx DATA.csv), or neither for the demo\n");
		options_free(a);
		return (-1);
	}
	if (a->npos == 2) {
		o->model = a->pos[0];
		o->data = a->pos[1];
	}
	return (0);
}

/* The file name under an XDG base directory, created when mkdir_it. */
static char *
repl_xdg_path(const char *env, const char *fallback, const char *name,
    int mkdir_it)
{
	const char	*base = getenv(env), *home = getenv("HOME");
	char		*dir, *path, *p;

	if (base != NULL && base[0] == '/')
		xasprintf(&dir, "%s/gshap", base);
	else if (home != NULL && home[0] != '\0')
		xasprintf(&dir, "%s/%s/gshap", home, fallback);
	else
		return (NULL);
	if (mkdir_it) {
		for (p = dir + 1; *p != '\0'; p++) {
			if (*p != '/')
				continue;
			*p = '\0';
			mkdir(dir, 0700);
			*p = '/';
		}
		mkdir(dir, 0700);
	}
	xasprintf(&path, "%s/%s", dir, name);
	free(dir);
	return (path);
}

/*
 * Whether output was lost (a full disk, a closed pipe): says so once on
 * stderr. Piped sessions stop there and exit non-zero.
 */
static int
repl_output_lost(struct gs_repl *r)
{
	struct gs_error	err;

	if (afile_flush(r->out, "standard output", &err) == 0)
		return (0);
	fprintf(stderr, "gshap: %s\n", err.msg);
	return (1);
}

/* Run the lines of f as commands; the number that failed. */
static size_t
repl_run_file(struct gs_repl *r, FILE *f, const char *src, int keep_going,
    int *quit)
{
	char		*line = NULL;
	size_t		 size = 0, failed = 0, len;
	ssize_t		 n;
	enum cmd_retval	 rv;

	r->src = src;
	r->line = 0;
	while ((n = getline(&line, &size, f)) != -1) {
		r->line++;
		len = (size_t)n;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		/* Piped commands go to the history of this session only. */
		if (f == stdin && line[strspn(line, " \t")] != '\0')
			add_history(line);
		rv = cmd_run_line(r, line);
		if (interrupt_pending() || repl_output_lost(r)) {
			failed++;
			break;
		}
		if (rv == CMD_QUIT) {
			*quit = 1;
			break;
		}
		if (rv == CMD_ERROR) {
			failed++;
			if (!keep_going)
				break;
		}
	}
	free(line);
	return (failed);
}

/* Run the init files: init.lua, then gshaprc (REPL commands). */
static void
repl_init_files(struct gs_repl *r)
{
	struct gs_script	*sc;
	struct gs_error		 err;
	FILE			*f;
	char			*path;
	int			 quit = 0, interactive;

	if ((path = repl_xdg_path("XDG_CONFIG_HOME", ".config", "init.lua",
	    0)) != NULL && access(path, R_OK) == 0) {
		gs_error_clear(&err);
		if ((sc = state_script(r, &err)) == NULL ||
		    script_run_file(sc, path, 0, NULL, &err) != 0)
			repl_note(r, "%s", err.msg);
	}
	free(path);
	if ((path = repl_xdg_path("XDG_CONFIG_HOME", ".config", "gshaprc",
	    0)) != NULL && (f = fopen(path, "r")) != NULL) {
		interactive = r->interactive;
		r->interactive = 0;
		repl_run_file(r, f, path, 1, &quit);
		r->interactive = interactive;
		fclose(f);
	}
	free(path);
}

/* Readline's line callback: keep the line and stop reading. */
static void
repl_on_line(char *line)
{
	repl_cb_line = line;
	repl_cb_done = 1;
	rl_callback_handler_remove();
}

/*
 * Read one line with readline; NULL at end of input (Ctrl-D). Ctrl-C
 * clears the line and shows a fresh prompt.
 */
static char *
repl_readline(struct gs_repl *r)
{
	FILE	*out = rl_outstream != NULL ? rl_outstream : stdout;
	char	 prompt[512];
	fd_set	 fds;
	int	 fd = fileno(rl_instream != NULL ? rl_instream : stdin);

	state_prompt(r, prompt, sizeof prompt);
	repl_cb_line = NULL;
	repl_cb_done = 0;
	interrupt_clear();
	rl_callback_handler_install(prompt, repl_on_line);
	while (!repl_cb_done && !repl_ending()) {
		if (repl_resized) {
			repl_resized = 0;
			rl_resize_terminal();
		}
		if (interrupt_pending() == SIGINT) {
			/* As a shell: "^C", a new line, a prompt. */
			interrupt_clear();
			rl_point = rl_end;
			rl_redisplay();
			fputs("^C\n", out);
			fflush(out);
			rl_replace_line("", 0);
			rl_free_line_state();
			rl_callback_handler_remove();
			rl_callback_handler_install(prompt, repl_on_line);
		}
		FD_ZERO(&fds);
		FD_SET(fd, &fds);
		if (select(fd + 1, &fds, NULL, NULL, NULL) < 0) {
			if (errno != EINTR)
				break;
			continue;
		}
		rl_callback_read_char();
	}
	if (!repl_cb_done) {
		rl_callback_handler_remove();
		return (NULL);
	}
	return (repl_cb_line);
}

/* The interactive loop; returns the exit status. */
static int
repl_loop(struct gs_repl *r)
{
	HIST_ENTRY	*last;
	char		*line, *hist;
	enum cmd_retval	 rv = CMD_OK;

	hist = repl_xdg_path("XDG_STATE_HOME", ".local/state", "history", 1);
	stifle_history(REPL_HISTORY_MAX);
	if (hist != NULL)
		read_history(hist);
	complete_init(r);
	printf("gshap %s", PACKAGE_VERSION);
	if (r->s.model != NULL)
		printf(": model %s", model_name(r->s.model));
	if (r->s.data != NULL)
		printf("%s data %s (%zu rows)", r->s.model != NULL ? "," : ":",
		    r->s.data->name, r->s.data->nrows);
	printf("\nType help for the commands; Tab completes, Ctrl-D leaves.\n");
	r->src = "stdin";
	r->line = 0;
	while (rv != CMD_QUIT && (line = repl_readline(r)) != NULL) {
		r->line++;
		if (line[strspn(line, " \t")] != '\0') {
			last = history_length > 0 ?
			    history_get(history_base + history_length - 1) :
			    NULL;
			if (last == NULL || strcmp(last->line, line) != 0)
				add_history(line);
		}
		if (repl_ending())
			break;
		interrupt_clear();
		rv = cmd_run_line(r, line);
		fflush(r->out);
		free(line);
		if (repl_ending())
			break;
	}
	if (rv != CMD_QUIT)
		fputc('\n', stdout);
	if (hist != NULL) {
		write_history(hist);
		history_truncate_file(hist, REPL_HISTORY_MAX);
		free(hist);
	}
	clear_history();
	complete_done();
	return (0);
}

int
repl_main(int argc, char **argv)
{
	struct gs_repl		 r;
	struct repl_opts	 o;
	struct gs_error		 err;
	struct sigaction	 sa;
	struct gs_args		 args;
	struct gs_demo		 demo;
	int			 rc = 0, quit = 0;
	size_t			 failed;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		repl_usage(stdout);
		return (0);
	}
	if (repl_parse(argc, argv, &o, &args) != 0) {
		repl_usage(stderr);
		return (2);
	}
	memset(&demo, 0, sizeof demo);
	state_init(&r);
	r.trusted = o.trusted;
	r.interactive = o.commands == NULL && isatty(STDIN_FILENO);
	r.progress = isatty(STDERR_FILENO);

	interrupt_install(INTERRUPT_RESTART);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = repl_on_sigwinch;
	sigaction(SIGWINCH, &sa, NULL);
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_readline_name = "gshap";

	gs_error_clear(&err);
	if (o.model != NULL) {
		if (state_load(&r, o.model, o.data, o.target, o.drop,
		    o.schema, &err) != 0) {
			fprintf(stderr, "gshap: %s\n", err.msg);
			rc = 1;
			goto out;
		}
	} else {
		/* The same demo files as explain and report (paths_demo). */
		if (paths_demo(o.demo, &demo, &err) != 0) {
			fprintf(stderr, "gshap: --demo: %s\n", err.msg);
			rc = 2;
			goto out;
		}
		if (state_load(&r, demo.model, demo.data, o.target != NULL ?
		    o.target : demo.target, o.drop, o.schema != NULL ?
		    o.schema : demo.schema, &err) != 0)
			repl_note(&r, "the %s demo did not load (%s); use load "
			    "model and load data", o.demo != NULL ? o.demo :
			    "cancer", err.msg);
	}
	if (!o.no_config)
		repl_init_files(&r);

	if (o.commands != NULL) {
		r.src = "-c";
		r.line = 0;
		if (cmd_run_line(&r, o.commands) == CMD_ERROR ||
		    interrupt_pending() || repl_output_lost(&r))
			rc = 1;
	} else if (r.interactive)
		rc = repl_loop(&r);
	else {
		failed = repl_run_file(&r, stdin, "stdin", o.keep_going, &quit);
		clear_history();
		rc = failed > 0 ? 1 : 0;
	}
	if (interrupt_pending() && (!r.interactive || repl_ending()))
		rc = interrupt_status();
out:
	state_free(&r);
	interrupt_set_hook(NULL, NULL);
	interrupt_restore();
	options_free(&args);
	paths_demo_free(&demo);
	return (rc);
}

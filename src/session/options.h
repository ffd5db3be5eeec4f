/* SPDX-License-Identifier: ISC */
/*
 * The command-line options of every front end, parsed in one place: the
 * settings (one row each in settings.c, the options table) and the
 * arguments that are not settings of an explanation (model, data, target,
 * rows, format, view flags, the REPL's and the script runner's start-up
 * flags), one row each in the argument table here. `gshap explain`,
 * `gshap view`, the REPL's start-up, its load and view commands, `gshap
 * -s` and `gshap --lesson` all parse through options_parse, and their
 * usage lines come from options_usage.
 *
 * Adding an argument that is not a setting: a GS_ARG_ value, its row in
 * options.c (name, letter, value word, front ends, help) and the code that
 * reads args.v[GS_ARG_...] in the front end. Adding a setting: see
 * settings.h.
 */
#ifndef GS_OPTIONS_H
#define GS_OPTIONS_H

#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "session/settings.h"

/* Front ends, the bits of gs_argdef.fronts. */
#define GS_FRONT_EXPLAIN	0x01	/* gshap explain, gshap view: also every setting */
#define GS_FRONT_REPL		0x02	/* gshap [options] [MODEL DATA]: the REPL */
#define GS_FRONT_LOAD		0x04	/* the REPL's load command */
#define GS_FRONT_VIEW		0x08	/* the REPL's view command */
#define GS_FRONT_SCRIPT		0x10	/* gshap -s FILE.lua [ARGS] */
#define GS_FRONT_LESSON		0x20	/* gshap --lesson N */
#define GS_FRONT_COMPARE	0x40	/* the REPL's compare command */
#define GS_FRONT_REPORT		0x80	/* gshap report: also every setting */
#define GS_FRONT_REPORT_CMD	0x100	/* the REPL's report command */

/* The arguments that are not settings. */
enum gs_arg {
	GS_ARG_MODEL,		/* --model M.onnx */
	GS_ARG_DATA,		/* --data D.csv */
	GS_ARG_TARGET,		/* --target COL, -t COL */
	GS_ARG_DROP,		/* --drop COLS, -d COLS */
	GS_ARG_SCHEMA,		/* --schema FILE.json */
	GS_ARG_DEMO,		/* --demo NAME */
	GS_ARG_REFERENCE,	/* --reference FILE.csv */
	GS_ARG_COMPARE,		/* --compare-model B.onnx, --model-b B.onnx */
	GS_ARG_ROW,		/* --row N */
	GS_ARG_ROWS,		/* --rows A:B */
	GS_ARG_ALL,		/* --all */
	GS_ARG_FORMAT,		/* --format text|csv|json|svg */
	GS_ARG_PALETTE,		/* --palette screen|print */
	GS_ARG_REASONS,		/* --reasons K */
	GS_ARG_ADVERSE,		/* --adverse lower|higher */
	GS_ARG_OUT,		/* --out FILE, -o FILE */
	GS_ARG_MPI,		/* --mpi */
	GS_ARG_VIEW,		/* --view VIEW */
	GS_ARG_DUMP,		/* --dump-screen WxH */
	GS_ARG_STACK,		/* --stack */
	GS_ARG_ASCII,		/* --ascii, -a */
	GS_ARG_MODELS,		/* --models, -m (the REPL's compare) */
	GS_ARG_COLOR,		/* --color WHEN */
	GS_ARG_THEME,		/* --theme NAME|FILE */
	GS_ARG_COMMANDS,	/* -c COMMANDS */
	GS_ARG_NO_CONFIG,	/* --no-config */
	GS_ARG_KEEP_GOING,	/* --keep-going */
	GS_ARG_TRUST,		/* --trust-scripts */
	GS_ARG_SCRIPT,		/* -s FILE.lua: the rest are the script's */
	GS_ARG_LESSON,		/* --lesson N|list|FILE */
	GS_ARG_UNATTENDED,	/* --unattended */
	GS_ARG_ANSWERS,		/* --answers FILE */
	GS_ARG_HELP,		/* --help, -h */
	GS_ARG_COUNT
};

/* How a row's usage joins the one before it. */
#define GS_JOIN_AND	1	/* in the same brackets: [--model M --data D] */
#define GS_JOIN_OR	2	/* alternatives: [--row N | --rows A:B] */

/* One argument. */
struct gs_argdef {
	enum gs_arg	 id;		/* its index */
	const char	*name;		/* "target": --target, or NULL for a letter only */
	int		 letter;	/* 't': -t, or 0 */
	const char	*arg;		/* its value in usage ("COL"), NULL for a flag */
	int		 fronts;	/* GS_FRONT_* it belongs to */
	int		 join;		/* GS_JOIN_* with the row before, or 0 */
	int		 last;		/* in usage after the settings */
	int		 stop;		/* the words after its value are positional */
	const char	*help;		/* one line */
	const char	*alias;		/* another accepted name, or NULL */
};

/* What options_parse found. Strings are borrowed from argv. */
struct gs_args {
	const char	*v[GS_ARG_COUNT];	/* value, "" for a flag, NULL: not given */
	int		 n[GS_ARG_COUNT];	/* times given */
	uint64_t	 given;		/* settings given: bit settings_index(def) */
	char		**pos;		/* positional words (argv's), npos of them */
	int		 npos;		/* how many */
};

/* Row a of the argument table. */
const struct gs_argdef *options_arg(enum gs_arg a);

/*
 * Parse argv[1..argc) for front: options (--name VALUE, --name=VALUE,
 * unique prefixes of names, -x VALUE, -xVALUE, -- to end them) anywhere
 * among the positional words. Settings (GS_FRONT_EXPLAIN) are parsed into
 * st by settings_parse, spelled "--name"; st may be NULL for other fronts.
 * a is filled (a->pos points into argv). Errors: GS_EINVAL, "unknown
 * option '--x'" (with the nearest names), "option '--x' needs a value",
 * "option '--x' takes no value", and those of settings_parse.
 */
int	options_parse(int front, int argc, char **argv, struct gs_settings *st,
	    struct gs_args *a, struct gs_error *err);

/* Free what options_parse allocated in a (the positional array). */
void	options_free(struct gs_args *a);

/* The letter of the argument of front called name ("target": 't'), or 0. */
int	options_letter(int front, const char *name);

/* Whether arg is an option of front ("--target", "--target=y", "-c"). */
int	options_claims(int front, const char *arg);

/*
 * The usage of front: "lead [--model M.onnx --data D.csv] [--target COL]
 * ...", wrapped to width columns with continuation lines indented under
 * the first option, then a newline.
 */
void	options_usage(FILE *f, int front, const char *lead, int width);

/* One line per option of front: "  --name VALUE  help" (settings too). */
void	options_help(FILE *f, int front);

/*
 * Write text from column col, words wrapped at width onto lines indented
 * by indent, then a newline.
 */
void	options_wrap(FILE *f, const char *text, int col, int indent,
	    int width);

#endif

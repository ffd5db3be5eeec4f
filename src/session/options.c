/* SPDX-License-Identifier: ISC */
/*
 * The argument table (what each front end takes besides the settings) and
 * the one parser of command lines: long and short options of the argument
 * table and of the settings table, with usage lines made from both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/names.h"
#include "core/xmalloc.h"
#include "session/options.h"

/* Most options one front end has (arguments and settings). */
#define OPTIONS_MAX	128

#define F_EXPLAIN	GS_FRONT_EXPLAIN
#define F_REPL		GS_FRONT_REPL
#define F_LOAD		GS_FRONT_LOAD
#define F_VIEW		GS_FRONT_VIEW
#define F_SCRIPT	GS_FRONT_SCRIPT
#define F_LESSON	GS_FRONT_LESSON
#define F_COMPARE	GS_FRONT_COMPARE
#define F_REPORT	GS_FRONT_REPORT
#define F_REPORT_CMD	GS_FRONT_REPORT_CMD

/*
 * The table, in usage order. Field order: id, name, letter, value word
 * (NULL: a flag), front ends, join with the row before, after the
 * settings in usage, stop parsing after it, help, another name.
 */
static const struct gs_argdef options_table[] = {
	{ GS_ARG_MODEL, "model", 0, "M.onnx", F_EXPLAIN | F_REPORT, 0, 0, 0,
	  "the model (with --data; neither: the bundled demo)", NULL },
	{ GS_ARG_DATA, "data", 0, "D.csv", F_EXPLAIN | F_REPORT, GS_JOIN_AND,
	  0, 0, "the dataset (with --model)", NULL },
	{ GS_ARG_TARGET, "target", 't', "COL", F_EXPLAIN | F_REPL | F_LOAD |
	  F_REPORT, 0, 0, 0, "a column that is not a model input (the label)", NULL },
	{ GS_ARG_DROP, "drop", 'd', "COLS", F_EXPLAIN | F_REPL | F_LOAD |
	  F_REPORT, 0, 0, 0, "comma-separated columns that are not model "
	  "inputs", NULL },
	{ GS_ARG_SCHEMA, "schema", 0, "FILE", F_EXPLAIN | F_REPL | F_REPORT,
	  0, 0, 0,
	  "how the columns become model inputs: types, encodings, levels, "
	  "missing values, classes (a JSON or Lua file)", NULL },
	{ GS_ARG_DEMO, "demo", 0, "NAME", F_EXPLAIN | F_REPL | F_REPORT, 0, 0,
	  0, "a bundled demo instead of --model and --data: cancer (the "
	  "default) or credit", NULL },
	{ GS_ARG_REFERENCE, "reference", 'r', "FILE.csv", F_REPORT |
	  F_REPORT_CMD, 0, 0, 0,
	  "the data whose column ranges a value is checked against (default: "
	  "--data): a value outside them is flagged", NULL },
	{ GS_ARG_COMPARE, "compare-model", 0, "B.onnx", F_EXPLAIN | F_REPORT, 0,
	  0, 0,
	  "explain each row with this model too, with the same draws, and "
	  "report both, their difference with its paired SE, and a summary",
	  "model-b" },
	{ GS_ARG_ROW, "row", 0, "N", F_EXPLAIN | F_REPORT, 0, 0, 0,
	  "explain data row N (default 0)", NULL },
	{ GS_ARG_ROWS, "rows", 0, "A:B|random:N", F_EXPLAIN | F_REPORT, GS_JOIN_OR, 0,
	  0, "explain rows A to B-1 (either end may be left out), or "
	  "random:N, N rows drawn at random by --seed", NULL },
	{ GS_ARG_ALL, "all", 0, NULL, F_EXPLAIN, GS_JOIN_OR, 0, 0,
	  "explain every row", NULL },
	{ GS_ARG_FORMAT, "format", 0, "FORMAT", F_EXPLAIN, 0, 1, 0,
	  "text (default), csv, json, svg (one row's figure, --view) or "
	  "reasons[-json]", NULL },
	{ GS_ARG_PALETTE, "palette", 0, "screen|print", F_EXPLAIN | F_REPORT,
	  0, 1, 0, "colours of SVG figures (default screen)", NULL },
	{ GS_ARG_REASONS, "reasons", 0, "K", F_EXPLAIN | F_REPORT, 0, 1, 0,
	  "adverse reasons per row for --format reasons and reports "
	  "(default 4)", NULL },
	{ GS_ARG_ADVERSE, "adverse", 0, "lower|higher", F_EXPLAIN | F_REPORT,
	  0, 1, 0, "which way of the output is unfavourable (default lower)", NULL },
	{ GS_ARG_OUT, "out", 'o', "FILE.html", F_REPORT, 0, 0, 0,
	  "the report to write (replaced whole, or left as it was)", NULL },
	{ GS_ARG_MPI, "mpi", 0, NULL, F_EXPLAIN, 0, 1, 0,
	  "share the rows among MPI ranks (a gshap built with MPI)", NULL },
	{ GS_ARG_VIEW, "view", 0, "VIEW", F_EXPLAIN, 0, 1, 0,
	  "open the explorer on this view (or print it with --dump-screen)", NULL },
	{ GS_ARG_DUMP, "dump-screen", 0, "WxH", F_EXPLAIN, 0, 1, 0,
	  "print the view's screen as text, W columns by H rows", NULL },
	{ GS_ARG_STACK, "stack", 0, NULL, F_EXPLAIN, 0, 1, 0,
	  "the importance view (--view importance) with every class of the "
	  "output stacked (2 to 8 classes)", NULL },
	{ GS_ARG_ASCII, "ascii", 'a', NULL, F_EXPLAIN | F_VIEW, 0, 1, 0,
	  "draw with ASCII only", NULL },
	{ GS_ARG_MODELS, "models", 'm', NULL, F_COMPARE, 0, 0, 0,
	  "compare the two loaded models (load model B FILE) on the same "
	  "draws", NULL },
	{ GS_ARG_COLOR, "color", 0, "auto|never|always", F_EXPLAIN, 0, 1, 0,
	  "when to use colour (default auto: a terminal without NO_COLOR)", NULL },
	{ GS_ARG_THEME, "theme", 0, "NAME|FILE", F_EXPLAIN, 0, 1, 0,
	  "colour theme (default $GSHAP_THEME, else default)", NULL },
	{ GS_ARG_COMMANDS, NULL, 'c', "COMMANDS", F_REPL, 0, 0, 0,
	  "run these commands (separated by ';') instead of reading input", NULL },
	{ GS_ARG_NO_CONFIG, "no-config", 0, NULL, F_REPL, 0, 0, 0,
	  "skip the start-up files (init.lua, gshaprc)", NULL },
	{ GS_ARG_KEEP_GOING, "keep-going", 0, NULL, F_REPL, 0, 0, 0,
	  "piped commands go on after a failure", NULL },
	{ GS_ARG_TRUST, "trust-scripts", 0, NULL, F_REPL | F_SCRIPT, 0, 0, 0,
	  "Lua scripts get the whole standard library (io, os, ...)", NULL },
	{ GS_ARG_SCRIPT, NULL, 's', "FILE.lua", F_SCRIPT, 0, 0, 1,
	  "run this Lua script; the words after it are its arguments", NULL },
	{ GS_ARG_LESSON, "lesson", 0, "N|list|FILE", F_LESSON, 0, 0, 0,
	  "run classroom lesson N, or list them", NULL },
	{ GS_ARG_UNATTENDED, "unattended", 0, NULL, F_LESSON, 0, 0, 0,
	  "do not wait at pauses or questions", NULL },
	{ GS_ARG_ANSWERS, "answers", 0, "FILE", F_LESSON, 0, 0, 0,
	  "read the answers to the questions from FILE, one a line", NULL },
	{ GS_ARG_HELP, "help", 'h', NULL, F_EXPLAIN | F_REPL | F_SCRIPT |
	  F_LESSON | F_REPORT, 0, 1, 0, "this help", NULL },
};
_Static_assert(sizeof options_table / sizeof options_table[0] ==
    GS_ARG_COUNT, "options_table out of step with enum gs_arg");

const struct gs_argdef *
options_arg(enum gs_arg a)
{
	return (&options_table[a]);
}

/* One option of a front end: an argument row or a setting. */
struct options_opt {
	const struct gs_argdef	*arg;	/* an argument, or NULL */
	const struct gs_setting	*set;	/* a setting, or NULL */
};

/*
 * Whether s names the option o (exactly, or as a prefix when prefix). An
 * argument's alias counts only whole, so that it makes no old prefix
 * ambiguous ("--mod" is still --model beside --model-b).
 */
static int
options_named(const struct options_opt *o, const char *s, size_t len,
    int prefix)
{
	const char	*names[2];
	size_t		 i;

	names[0] = o->arg != NULL ? o->arg->name : o->set->name;
	names[1] = o->arg != NULL ? o->arg->alias : o->set->alias;
	for (i = 0; i < 2; i++) {
		if (names[i] == NULL || (i == 1 && o->arg != NULL && prefix))
			continue;
		if (prefix ? strncmp(names[i], s, len) == 0 :
		    strlen(names[i]) == len && strncmp(names[i], s, len) == 0)
			return (1);
	}
	return (0);
}

/* The i-th option of front (arguments first, then settings); 0 past the end. */
static int
options_nth(int front, size_t i, struct options_opt *o)
{
	size_t	k;

	for (k = 0; k < GS_ARG_COUNT; k++) {
		if (!(options_table[k].fronts & front))
			continue;
		if (i-- == 0) {
			o->arg = &options_table[k];
			o->set = NULL;
			return (1);
		}
	}
	if (!(front & (GS_FRONT_EXPLAIN | GS_FRONT_REPORT)))
		return (0);
	for (k = 0; k < settings_count(); k++) {
		if (settings_at(k)->flags & GS_SETTING_DISPLAY)
			continue;
		if (i-- == 0) {
			o->arg = NULL;
			o->set = settings_at(k);
			return (1);
		}
	}
	return (0);
}

/* The canonical name of o, "--name" or "-x", into buf. */
static const char *
options_spell(const struct options_opt *o, char *buf, size_t size)
{
	if (o->set != NULL)
		snprintf(buf, size, "--%s", o->set->name);
	else if (o->arg->name != NULL)
		snprintf(buf, size, "--%s", o->arg->name);
	else
		snprintf(buf, size, "-%c", o->arg->letter);
	return (buf);
}

/* Find the long option s (len bytes) of front into o: exact, or a unique prefix. */
static int
options_find_long(int front, const char *s, size_t len,
    struct options_opt *o, struct gs_error *err)
{
	struct options_opt	 c, found;
	const char		*names[OPTIONS_MAX];
	char			 buf[64];
	size_t			 i, n = 0;

	memset(&found, 0, sizeof found);
	for (i = 0; options_nth(front, i, &c); i++) {
		if (options_named(&c, s, len, 0)) {
			*o = c;
			return (0);
		}
	}
	for (i = 0; len > 0 && options_nth(front, i, &c); i++) {
		if (options_named(&c, s, len, 1)) {
			found = c;
			n++;
		}
	}
	if (n == 1) {
		*o = found;
		return (0);
	}
	if (n > 1) {
		gs_error_set(err, GS_EINVAL, "option '--%.*s' is ambiguous "
		    "(could be", (int)len, s);
		for (n = 0, i = 0; options_nth(front, i, &c); i++)
			if (options_named(&c, s, len, 1))
				gs_error_append(err, "%s %s", n++ == 0 ? "" :
				    ",", options_spell(&c, buf, sizeof buf));
		gs_error_append(err, ")");
		return (-1);
	}
	gs_error_set(err, GS_EINVAL, "unknown option '--%.*s'", (int)len, s);
	for (n = 0; options_nth(front, n, &c) && n < OPTIONS_MAX; n++)
		names[n] = c.arg != NULL ? c.arg->name : c.set->name;
	snprintf(buf, sizeof buf, "%.*s", (int)len, s);
	names_suggest(buf, names, n, "--", err);
	return (-1);
}

/* Find the short option x of front into o. */
static int
options_find_short(int front, int x, struct options_opt *o,
    struct gs_error *err)
{
	struct options_opt	c;
	size_t			i;

	for (i = 0; options_nth(front, i, &c); i++) {
		if (c.arg != NULL && c.arg->letter == x) {
			*o = c;
			return (0);
		}
	}
	return (gs_error_set(err, GS_EINVAL, "unknown option '-%c'", x));
}

/* Store the value v of option o (spelled as given) into a and st. */
static int
options_store(const struct options_opt *o, const char *v,
    struct gs_settings *st, struct gs_args *a, struct gs_error *err)
{
	char	buf[64];

	if (o->arg != NULL) {
		a->v[o->arg->id] = v;
		a->n[o->arg->id]++;
		return (0);
	}
	if (st == NULL)
		return (gs_error_set(err, GS_EINVAL, "%s: not here",
		    options_spell(o, buf, sizeof buf)));
	a->given |= (uint64_t)1 << settings_index(o->set);
	return (settings_parse(st, o->set, options_spell(o, buf, sizeof buf),
	    v, err));
}

/* Whether o takes a value. */
static int
options_valued(const struct options_opt *o)
{
	return (o->arg != NULL ? o->arg->arg != NULL :
	    !(o->set->flags & GS_SETTING_FLAG));
}

int
options_parse(int front, int argc, char **argv, struct gs_settings *st,
    struct gs_args *a, struct gs_error *err)
{
	struct options_opt	 o;
	const char		*w, *eq, *v;
	char			 buf[64];
	int			 i, rest = 0;

	memset(a, 0, sizeof *a);
	a->pos = xcalloc(argc > 0 ? (size_t)argc : 1, sizeof *a->pos);
	for (i = 1; i < argc; i++) {
		w = argv[i];
		if (rest || w[0] != '-' || w[1] == '\0') {
			a->pos[a->npos++] = argv[i];
			continue;
		}
		if (strcmp(w, "--") == 0) {
			rest = 1;
			continue;
		}
		if (w[1] == '-') {
			eq = strchr(w + 2, '=');
			if (options_find_long(front, w + 2, eq != NULL ?
			    (size_t)(eq - w - 2) : strlen(w + 2), &o, err) != 0)
				goto fail;
			v = eq != NULL ? eq + 1 : NULL;
		} else {
			if (options_find_short(front, w[1], &o, err) != 0)
				goto fail;
			v = w[2] != '\0' ? w + 2 : NULL;
			if (v != NULL && !options_valued(&o)) {
				gs_error_set(err, GS_EINVAL, "option '-%c' "
				    "takes no value", w[1]);
				goto fail;
			}
		}
		if (!options_valued(&o)) {
			if (v != NULL) {
				gs_error_set(err, GS_EINVAL, "option '%s' takes "
				    "no value", options_spell(&o, buf,
				    sizeof buf));
				goto fail;
			}
			v = o.arg != NULL ? "" : "on";
		} else if (v == NULL) {
			if (i + 1 >= argc) {
				gs_error_set(err, GS_EINVAL, "option '%s' needs "
				    "a value", options_spell(&o, buf,
				    sizeof buf));
				goto fail;
			}
			v = argv[++i];
		}
		if (options_store(&o, v, st, a, err) != 0)
			goto fail;
		if (o.arg != NULL && o.arg->stop)
			rest = 1;
	}
	return (0);
fail:
	free(a->pos);
	memset(a, 0, sizeof *a);
	return (-1);
}

void
options_free(struct gs_args *a)
{
	free(a->pos);
	memset(a, 0, sizeof *a);
}

int
options_letter(int front, const char *name)
{
	struct options_opt	o;
	size_t			i;

	for (i = 0; options_nth(front, i, &o); i++)
		if (o.arg != NULL && o.arg->name != NULL &&
		    strcmp(o.arg->name, name) == 0)
			return (o.arg->letter);
	return (0);
}

int
options_claims(int front, const char *arg)
{
	struct options_opt	o;
	size_t			len;

	if (arg[0] != '-' || arg[1] == '\0')
		return (0);
	if (arg[1] != '-')
		return (options_find_short(front, arg[1], &o, NULL) == 0);
	len = strcspn(arg + 2, "=");
	return (options_find_long(front, arg + 2, len, &o, NULL) == 0);
}

/* One option's usage text ("--rows A:B") into buf. */
static void
options_one(const struct options_opt *o, char *buf, size_t size)
{
	char	name[64];

	options_spell(o, name, sizeof name);
	if (o->arg != NULL && o->arg->arg != NULL)
		snprintf(buf, size, "%s %s", name, o->arg->arg);
	else if (o->set != NULL && o->set->arg != NULL)
		snprintf(buf, size, "%s %s", name, o->set->arg);
	else
		snprintf(buf, size, "%s", name);
}

/*
 * Write word at column *col after a space, or on a new line indented by
 * indent when it would pass width (and the line holds more than indent).
 */
static void
options_word(FILE *f, const char *word, int *col, int indent, int width)
{
	int	len = (int)strlen(word);

	if (*col > indent && *col + 1 + len > width) {
		fprintf(f, "\n%*s", indent, "");
		*col = indent;
	} else {
		fputc(' ', f);
		(*col)++;
	}
	fputs(word, f);
	*col += len;
}

void
options_wrap(FILE *f, const char *text, int col, int indent, int width)
{
	char	word[256];
	size_t	len;

	while (*text != '\0') {
		len = strcspn(text, " ");
		if (len > 0) {
			snprintf(word, sizeof word, "%.*s", (int)len, text);
			if (col == indent)
				col -= 1;	/* the space options_word adds */
			options_word(f, word, &col, indent, width);
		}
		text += len;
		text += strspn(text, " ");
	}
	fputc('\n', f);
}

void
options_usage(FILE *f, int front, const char *lead, int width)
{
	struct options_opt	 o, next;
	char			 group[512], one[128];
	size_t			 i, pass;
	int			 col = (int)strlen(lead), indent = col + 1;

	fputs(lead, f);
	/* Arguments before the settings, the settings, arguments after. */
	for (pass = 0; pass < 3; pass++) {
		group[0] = '\0';
		for (i = 0; options_nth(front, i, &o); i++) {
			if ((pass == 1) != (o.set != NULL) || (o.arg != NULL &&
			    o.arg->last != (pass == 2)) || (o.arg != NULL &&
			    o.arg->id == GS_ARG_HELP))
				continue;
			options_one(&o, one, sizeof one);
			if (group[0] == '\0')
				snprintf(group, sizeof group, "[%s", one);
			else
				snprintf(group + strlen(group), sizeof group -
				    strlen(group), "%s%s", o.arg->join ==
				    GS_JOIN_OR ? " | " : " ", one);
			if (options_nth(front, i + 1, &next) &&
			    next.arg != NULL && next.arg->join != 0 &&
			    o.arg != NULL)
				continue;
			snprintf(group + strlen(group), sizeof group -
			    strlen(group), "]");
			options_word(f, group, &col, indent, width);
			group[0] = '\0';
		}
	}
	fputc('\n', f);
}

void
options_help(FILE *f, int front)
{
	struct options_opt	 o;
	char			 one[128], help[600], text[512];
	size_t			 i;

	for (i = 0; options_nth(front, i, &o); i++) {
		options_one(&o, one, sizeof one);
		fprintf(f, "  %-26s", one);
		if (o.arg != NULL && o.arg->alias != NULL)
			snprintf(help, sizeof help, "%s (also --%s)",
			    o.arg->help, o.arg->alias);
		else if (o.arg != NULL)
			snprintf(help, sizeof help, "%s", o.arg->help);
		else if (o.set->alias != NULL)
			snprintf(help, sizeof help, "%s (also --%s)",
			    settings_help(o.set, text, sizeof text),
			    o.set->alias);
		else
			snprintf(help, sizeof help, "%s", settings_help(o.set,
			    text, sizeof text));
		options_wrap(f, help, 28, 29, 80);
	}
}

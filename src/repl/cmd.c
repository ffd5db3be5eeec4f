/* SPDX-License-Identifier: ISC */
/*
 * The command table and what every command shares: splitting a line into
 * words, unique-prefix lookup, option parsing from each entry's template,
 * argument counts, and the help that is generated from the table.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/names.h"
#include "core/xmalloc.h"
#include "repl/repl.h"
#include "session/options.h"

/* Most commands (for the list of names to suggest from). */
#define CMD_MAX	64

extern const struct cmd_entry cmd_load_entry;
extern const struct cmd_entry cmd_info_entry;
extern const struct cmd_entry cmd_rows_entry;
extern const struct cmd_entry cmd_row_entry;
extern const struct cmd_entry cmd_explain_entry;
extern const struct cmd_entry cmd_compare_entry;
extern const struct cmd_entry cmd_summary_entry;
extern const struct cmd_entry cmd_view_entry;
extern const struct cmd_entry cmd_method_entry;
extern const struct cmd_entry cmd_baseline_entry;
extern const struct cmd_entry cmd_noise_entry;
extern const struct cmd_entry cmd_groups_entry;
extern const struct cmd_entry cmd_set_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_source_entry;
extern const struct cmd_entry cmd_lua_entry;
extern const struct cmd_entry cmd_history_entry;
extern const struct cmd_entry cmd_help_entry;
extern const struct cmd_entry cmd_quit_entry;

const struct cmd_entry *cmd_table[] = {
	&cmd_load_entry,
	&cmd_info_entry,
	&cmd_rows_entry,
	&cmd_row_entry,
	&cmd_explain_entry,
	&cmd_compare_entry,
	&cmd_summary_entry,
	&cmd_view_entry,
	&cmd_method_entry,
	&cmd_baseline_entry,
	&cmd_noise_entry,
	&cmd_groups_entry,
	&cmd_set_entry,
	&cmd_show_entry,
	&cmd_export_entry,
	&cmd_source_entry,
	&cmd_lua_entry,
	&cmd_history_entry,
	&cmd_help_entry,
	&cmd_quit_entry,
	NULL
};

const struct cmd_entry *
cmd_find(const char *name, struct gs_error *err)
{
	const struct cmd_entry	**cep, *found = NULL;
	const char		 *names[CMD_MAX];
	size_t			  len = strlen(name), n = 0;

	for (cep = cmd_table; *cep != NULL; cep++) {
		if (strcmp((*cep)->name, name) == 0 || ((*cep)->alias != NULL &&
		    strcmp((*cep)->alias, name) == 0))
			return (*cep);
	}
	for (cep = cmd_table; *cep != NULL && len > 0; cep++) {
		if (strncmp((*cep)->name, name, len) == 0) {
			found = *cep;
			n++;
		}
	}
	if (n == 1)
		return (found);
	if (n == 0) {
		gs_error_set(err, GS_EINVAL, "unknown command: %s", name);
		/* Commands one or two edits away. */
		for (cep = cmd_table; *cep != NULL && n < CMD_MAX; cep++)
			names[n++] = (*cep)->name;
		if (names_suggest(name, names, n, "", err) == 0)
			gs_error_append(err, " (try 'help')");
		return (NULL);
	}
	gs_error_set(err, GS_EINVAL, "ambiguous command: %s, could be:", name);
	for (n = 0, cep = cmd_table; *cep != NULL; cep++) {
		if (strncmp((*cep)->name, name, len) == 0)
			gs_error_append(err, "%s %s", n++ == 0 ? "" : ",",
			    (*cep)->name);
	}
	return (NULL);
}

/* Free n words and the array. */
static void
cmd_free_words(int n, char **v)
{
	int	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
cmd_split(const char *text, int stop_at_semicolon, int *argc, char ***argv,
    size_t **starts, size_t *end, struct gs_error *err)
{
	char	**v = NULL, *w;
	size_t	 *st = NULL, i = 0, len, wl;
	int	  n = 0, cap = 0;
	char	  q;

	len = strlen(text);
	w = xmalloc(len + 1);
	for (;;) {
		while (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
		    text[i] == '\r')
			i++;
		if (text[i] == '\0' || (stop_at_semicolon && text[i] == ';'))
			break;
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
			st = xreallocarray(st, cap, sizeof *st);
		}
		st[n] = i;
		wl = 0;
		while (text[i] != '\0' && text[i] != ' ' && text[i] != '\t' &&
		    text[i] != '\n' && text[i] != '\r' &&
		    !(stop_at_semicolon && text[i] == ';')) {
			if (text[i] == '\'' || text[i] == '"') {
				q = text[i++];
				while (text[i] != '\0' && text[i] != q) {
					if (q == '"' && text[i] == '\\' &&
					    text[i + 1] != '\0')
						i++;
					w[wl++] = text[i++];
				}
				if (text[i] == '\0') {
					free(w);
					cmd_free_words(n, v);
					free(st);
					return (gs_error_set(err, GS_EPARSE,
					    "unterminated %s quote",
					    q == '"' ? "double" : "single"));
				}
				i++;
				continue;
			}
			if (text[i] == '\\' && text[i + 1] != '\0')
				i++;
			w[wl++] = text[i++];
		}
		w[wl] = '\0';
		v[n++] = xstrdup(w);
	}
	free(w);
	*argc = n;
	*argv = v;
	if (starts != NULL)
		*starts = st;
	else
		free(st);
	if (end != NULL)
		*end = i;
	return (0);
}

/*
 * A long option (--target y, --target=y) of the command's front end, the
 * same as its letter (options_letter); *i moves past a value taken.
 */
static int
cmd_parse_long(const struct cmd_entry *ce, char **words, int n, int *i,
    struct cmd_args *a, struct gs_error *err)
{
	const char	*w = words[*i] + 2, *eq = strchr(w, '='), *o;
	char		 name[64];
	int		 letter;

	snprintf(name, sizeof name, "%.*s", eq != NULL ? (int)(eq - w) :
	    (int)strlen(w), w);
	letter = ce->front != 0 ? options_letter(ce->front, name) : 0;
	if (letter == 0 || (o = strchr(ce->options, letter)) == NULL)
		return (gs_error_set(err, GS_EINVAL, "%s: unknown option "
		    "--%s (usage: %s %s)", ce->name, name, ce->name,
		    ce->usage));
	if (o[1] != ':') {
		if (eq != NULL)
			return (gs_error_set(err, GS_EINVAL, "%s: option --%s "
			    "takes no value", ce->name, name));
		a->opt[(unsigned char)letter] = "";
		return (0);
	}
	if (eq != NULL) {
		a->opt[(unsigned char)letter] = eq + 1;
		return (0);
	}
	if (*i + 1 >= n)
		return (gs_error_set(err, GS_EINVAL, "%s: option --%s needs a "
		    "value (usage: %s %s)", ce->name, name, ce->name,
		    ce->usage));
	a->opt[(unsigned char)letter] = words[++*i];
	return (0);
}

/* Parse options from the front of words into a; the rest are positional. */
static int
cmd_parse(const struct cmd_entry *ce, int n, char **words,
    const size_t *starts, const char *text, struct cmd_args *a,
    struct gs_error *err)
{
	const char	*p, *o;
	int		 i = 1;

	memset(a, 0, sizeof *a);
	while (i < n && words[i][0] == '-' && words[i][1] != '\0' &&
	    ce->options[0] != '\0') {
		if (strcmp(words[i], "--") == 0) {
			i++;
			break;
		}
		if (isdigit((unsigned char)words[i][1]) || words[i][1] == '.')
			break;	/* a negative number */
		if (words[i][1] == '-') {
			if (cmd_parse_long(ce, words, n, &i, a, err) != 0)
				return (-1);
			i++;
			continue;
		}
		for (p = words[i] + 1; *p != '\0'; p++) {
			o = strchr(ce->options, *p);
			if (o == NULL || *p == ':' || (unsigned char)*p >= 128)
				return (gs_error_set(err, GS_EINVAL, "%s: "
				    "unknown flag -%c (usage: %s %s)",
				    ce->name, *p, ce->name, ce->usage));
			if (o[1] != ':') {
				a->opt[(unsigned char)*p] = "";
				continue;
			}
			if (p[1] != '\0') {
				a->opt[(unsigned char)*p] = p + 1;
				break;
			}
			if (i + 1 >= n)
				return (gs_error_set(err, GS_EINVAL, "%s: "
				    "flag -%c needs a value (usage: %s %s)",
				    ce->name, *p, ce->name, ce->usage));
			a->opt[(unsigned char)*p] = words[++i];
			break;
		}
		i++;
	}
	a->argc = n - i;
	a->argv = words + i;
	a->rest = i < n ? text + starts[i] : "";
	if (a->argc < ce->lower || (ce->upper >= 0 && a->argc > ce->upper))
		return (gs_error_set(err, GS_EINVAL, "usage: %s%s%s",
		    ce->name, ce->usage[0] != '\0' ? " " : "", ce->usage));
	return (0);
}

/* Run the command at the start of text; *used gets the bytes it took. */
static enum cmd_retval
cmd_run_one(struct gs_repl *r, const char *text, size_t *used)
{
	const struct cmd_entry	*ce;
	struct cmd_args		 a;
	struct gs_error		 err;
	char			**words = NULL, *seg = NULL, name[64];
	size_t			*starts = NULL, end, len;
	int			 n = 0;
	enum cmd_retval		 rv = CMD_ERROR;

	gs_error_clear(&err);
	while (*text == ' ' || *text == '\t' || *text == '\r' ||
	    *text == '\n') {
		text++;
		(*used)++;
	}
	if ((len = strcspn(text, " \t\r\n;")) == 0)
		return (CMD_OK);
	snprintf(name, sizeof name, "%.*s", (int)len, text);
	if ((ce = cmd_find(name, &err)) == NULL) {
		*used += strcspn(text, ";");
		repl_error(r, "%s", err.msg);
		return (CMD_ERROR);
	}
	if (ce->flags & CMD_RAW) {
		/* The rest of the line, ';' and quotes too, is one argument. */
		*used += strlen(text);
		memset(&a, 0, sizeof a);
		a.rest = text + len;
		while (*a.rest == ' ' || *a.rest == '\t')
			a.rest++;
		seg = xstrdup(a.rest);
		a.argv = &seg;
		a.argc = *seg != '\0' ? 1 : 0;
		if (a.argc < ce->lower) {
			repl_error(r, "usage: %s%s%s", ce->name,
			    ce->usage[0] != '\0' ? " " : "", ce->usage);
			goto out;
		}
		goto run;
	}
	if (cmd_split(text, 1, &n, &words, &starts, &end, &err) != 0) {
		*used += strlen(text);
		repl_error(r, "%s", err.msg);
		return (CMD_ERROR);
	}
	*used += end;
	seg = xstrndup(text, end);
	while (end > 0 && (seg[end - 1] == ' ' || seg[end - 1] == '\t'))
		seg[--end] = '\0';
	if (cmd_parse(ce, n, words, starts, seg, &a, &err) != 0) {
		repl_error(r, "%s", err.msg);
		goto out;
	}
run:
	if ((ce->flags & (CMD_NEEDS_MODEL | CMD_NEEDS_DATA)) &&
	    state_require(r, (ce->flags & CMD_NEEDS_DATA) != 0, &err) != 0) {
		repl_error(r, "%s: %s", ce->name, err.msg);
		goto out;
	}
	rv = ce->exec(r, &a);
out:
	cmd_free_words(n, words);
	free(starts);
	free(seg);
	return (rv);
}

enum cmd_retval
cmd_run_line(struct gs_repl *r, const char *line)
{
	enum cmd_retval	 rv = CMD_OK;
	size_t		 pos = 0, used;

	while (line[pos] == ' ' || line[pos] == '\t')
		pos++;
	if (line[pos] == '#')
		return (CMD_OK);
	while (line[pos] != '\0') {
		used = 0;
		rv = cmd_run_one(r, line + pos, &used);
		pos += used;
		if (rv != CMD_OK)
			break;
		if (line[pos] == ';')
			pos++;
	}
	return (rv);
}

/* Print text indented by two spaces, line by line. */
static void
cmd_help_indent(FILE *f, const char *text)
{
	const char	*nl;

	while (*text != '\0') {
		nl = strchr(text, '\n');
		if (nl == NULL)
			nl = text + strlen(text);
		if (nl > text)
			fprintf(f, "  %.*s\n", (int)(nl - text), text);
		else
			fputc('\n', f);
		text = *nl == '\n' ? nl + 1 : nl;
	}
}

void
cmd_help_command(FILE *f, const struct cmd_entry *ce)
{
	fprintf(f, "usage: %s%s%s\n", ce->name, ce->usage[0] != '\0' ? " " : "",
	    ce->usage);
	if (ce->alias != NULL)
		fprintf(f, "alias: %s\n", ce->alias);
	fprintf(f, "  %s\n", ce->summary);
	if (ce->help != NULL && ce->help[0] != '\0') {
		fputc('\n', f);
		cmd_help_indent(f, ce->help);
	}
}

void
cmd_help_list(FILE *f)
{
	const struct cmd_entry	**cep;
	char			  head[128];

	fputs("commands (a unique prefix is enough):\n", f);
	for (cep = cmd_table; *cep != NULL; cep++) {
		snprintf(head, sizeof head, "%s%s%s", (*cep)->name,
		    (*cep)->usage[0] != '\0' ? " " : "", (*cep)->usage);
		if (strlen(head) > 30)
			fprintf(f, "  %s\n  %-30s  %s\n", head, "",
			    (*cep)->summary);
		else
			fprintf(f, "  %-30s  %s\n", head, (*cep)->summary);
	}
	fputs("\nhelp COMMAND shows a command's details; help topics: "
	    "settings, methods,\nbaselines, keys, files. Commands can be "
	    "separated by ';'.\n", f);
}

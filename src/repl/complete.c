/* SPDX-License-Identifier: ISC */
/*
 * Tab completion: command names first, then what each command's
 * completion template names for the argument under the cursor (settings
 * and their values, methods, baselines, column names, row numbers, fixed
 * words, file paths).
 */
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include "core/xmalloc.h"
#include "repl/repl.h"
#include "tui/render.h"

/* Topics of help besides the commands. */
static const char *complete_topics[] = {
	"settings", "methods", "baselines", "views", "keys", "files", NULL
};

static struct gs_repl	*complete_repl;	/* the session completed against */
static char		**complete_cands; /* candidates of this attempt */
static size_t		  complete_n;	/* how many */
static int		  complete_files; /* offer file names after them */

/* Add a candidate. */
static void
complete_add(const char *s)
{
	complete_cands = xreallocarray(complete_cands, complete_n + 1,
	    sizeof *complete_cands);
	complete_cands[complete_n++] = xstrdup(s);
}

/* Forget the candidates of the last attempt. */
static void
complete_reset(void)
{
	size_t	i;

	for (i = 0; i < complete_n; i++)
		free(complete_cands[i]);
	free(complete_cands);
	complete_cands = NULL;
	complete_n = 0;
	complete_files = 0;
}

/* Readline's generator: the candidates starting with text, then files. */
static char *
complete_next(const char *text, int state)
{
	static size_t	i;
	static int	fstate;
	size_t		len = strlen(text);
	char		*f;

	if (state == 0) {
		i = 0;
		fstate = 0;
	}
	while (i < complete_n) {
		const char *c = complete_cands[i++];
		if (strncmp(c, text, len) == 0)
			return (xstrdup(c));
	}
	if (complete_files) {
		f = rl_filename_completion_function(text, fstate);
		fstate = 1;
		return (f);
	}
	return (NULL);
}

/* Add every value a setting's choice function lists. */
static void
complete_choices(const struct gs_setting *def)
{
	const char	*c;
	size_t		 i;

	if (def == NULL || def->choice == NULL)
		return;
	for (i = 0; (c = def->choice(i)) != NULL; i++)
		complete_add(c);
}

/* Fill the candidates for one kind of argument. */
static void
complete_kind(const char *kind, size_t klen, char **words, int nwords,
    const char *text)
{
	struct gs_repl	*r = complete_repl;
	const struct cmd_entry **cep;
	char		 buf[64], *w;
	size_t		 i, len;

	if (klen == 4 && strncmp(kind, "file", 4) == 0)
		complete_files = 1;
	else if (klen == 5 && strncmp(kind, "topic", 5) == 0) {
		for (cep = cmd_table; *cep != NULL; cep++)
			complete_add((*cep)->name);
		for (i = 0; complete_topics[i] != NULL; i++)
			complete_add(complete_topics[i]);
	} else if (klen == 4 && strncmp(kind, "view", 4) == 0) {
		for (i = 0; i < GS_VIEW_COUNT; i++)
			complete_add(render_view_name((enum gs_view)i));
	} else if (klen == 7 && strncmp(kind, "setting", 7) == 0) {
		for (i = 0; i < settings_count(); i++)
			complete_add(settings_at(i)->name);
	} else if (klen == 5 && strncmp(kind, "value", 5) == 0) {
		if (nwords >= 2)
			complete_choices(settings_find(words[1], NULL));
		if (nwords >= 2 && settings_find(words[1], NULL) != NULL &&
		    settings_find(words[1], NULL)->type == GS_SETTING_STRING)
			complete_files = 1;
	} else if (klen == 6 && strncmp(kind, "method", 6) == 0)
		complete_choices(settings_find("method", NULL));
	else if (klen == 8 && strncmp(kind, "baseline", 8) == 0) {
		complete_choices(settings_find("baseline", NULL));
		complete_files = 1;
	} else if (klen == 5 && strncmp(kind, "noise", 5) == 0) {
		complete_choices(settings_find("noise", NULL));
		complete_files = 1;
	} else if (klen == 6 && strncmp(kind, "groups", 6) == 0) {
		complete_choices(settings_find("groups", NULL));
		complete_files = 1;
	} else if (klen == 6 && strncmp(kind, "choice", 6) == 0) {
		complete_choices(settings_find("method", NULL));
		complete_choices(settings_find("baseline", NULL));
	} else if (klen == 6 && strncmp(kind, "column", 6) == 0) {
		complete_add("pred");
		complete_add("row");
		complete_add("target");
		complete_add("and");
		complete_add("or");
		complete_add("not");
		for (i = 0; r->s.data != NULL && i < r->s.data->ncols; i++) {
			xasprintf(&w, "x.%s", r->s.data->cols[i].name);
			complete_add(w);
			free(w);
		}
	} else if (klen == 3 && strncmp(kind, "row", 3) == 0) {
		if (r->s.data == NULL)
			return;
		len = strlen(text);
		if (len == 0) {
			snprintf(buf, sizeof buf, "%zu", r->row);
			complete_add(buf);
			complete_add("next");
			complete_add("prev");
			return;
		}
		for (i = 0; i < r->s.data->nrows; i++) {
			snprintf(buf, sizeof buf, "%zu", i);
			if (strncmp(buf, text, len) == 0)
				complete_add(buf);
		}
		complete_add("next");
		complete_add("prev");
	} else if (klen > 5 && strncmp(kind, "word:", 5) == 0) {
		const char *p = kind + 5, *end = kind + klen, *bar;
		while (p < end) {
			bar = memchr(p, '|', (size_t)(end - p));
			if (bar == NULL)
				bar = end;
			snprintf(buf, sizeof buf, "%.*s", (int)(bar - p), p);
			complete_add(buf);
			p = bar + 1;
		}
	}
}

/* Readline's completion entry point. */
static char **
complete_attempt(const char *text, int start, int end)
{
	const struct cmd_entry	*ce;
	const char		*line = rl_line_buffer, *seg, *kind;
	char			**words = NULL, *head;
	size_t			  klen, i;
	int			  nwords = 0, argi, k, j;
	char			**matches;

	(void)end;
	rl_attempted_completion_over = 1;
	complete_reset();
	/* Only the command after the last ';' counts. */
	seg = line;
	for (i = 0; i < (size_t)start; i++)
		if (line[i] == ';')
			seg = line + i + 1;
	head = xstrndup(seg, (size_t)(line + start - seg));
	if (cmd_split(head, 0, &nwords, &words, NULL, NULL, NULL) != 0) {
		free(head);
		return (NULL);
	}
	free(head);
	if (nwords == 0) {
		const struct cmd_entry **cep;
		for (cep = cmd_table; *cep != NULL; cep++)
			complete_add((*cep)->name);
	} else if ((ce = cmd_find(words[0], NULL)) != NULL) {
		/* Which positional argument: words that are not flags. */
		for (argi = 0, j = 1; j < nwords; j++)
			if (words[j][0] != '-' || words[j][1] == '\0')
				argi++;
		kind = ce->complete;
		for (k = 0; k < argi && *kind != '\0'; k++) {
			klen = strcspn(kind, " ");
			if (kind[klen] == '\0' && klen > 3 &&
			    strcmp(kind + klen - 3, "...") == 0)
				break;	/* the last kind repeats */
			kind += klen;
			kind += strspn(kind, " ");
		}
		klen = strcspn(kind, " ");
		if (klen > 3 && strncmp(kind + klen - 3, "...", 3) == 0)
			klen -= 3;
		if (klen > 0)
			complete_kind(kind, klen, words, nwords, text);
	}
	for (j = 0; j < nwords; j++)
		free(words[j]);
	free(words);
	if (complete_n == 0 && !complete_files)
		return (NULL);
	rl_filename_completion_desired = complete_files;
	matches = rl_completion_matches(text, complete_next);
	return (matches);
}

void
complete_init(struct gs_repl *r)
{
	complete_repl = r;
	rl_attempted_completion_function = complete_attempt;
}

void
complete_done(void)
{
	complete_reset();
}

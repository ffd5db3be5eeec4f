/* SPDX-License-Identifier: ISC */
/*
 * The explorer's one-line prompts ('/' find, 'g' row, 'i' value, ':'
 * command, 'w' file): editing, history, and what Enter does with each.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "tui/explore-int.h"

/* Prompt text for the open prompt. */
const char *
explore_prompt_label(struct explore *X)
{
	switch (X->prompt) {
	case PROMPT_FIND:
		return ("find feature: ");
	case PROMPT_ROW:
		return ("go to row: ");
	case PROMPT_VALUE:
		return ("value: ");
	case PROMPT_COMMAND:
		return (":");
	case PROMPT_WRITE:
		return ("write to file: ");
	case PROMPT_REPORT:
		return ("report to file: ");
	default:
		return ("");
	}
}

/* Accept the open prompt. */
static void
explore_prompt_accept(struct explore *X)
{
	enum explore_prompt	 p = X->prompt;
	char			*end, line[256];
	double			 v;
	long			 r;

	X->prompt = PROMPT_NONE;
	snprintf(line, sizeof line, "%s", X->input);
	if (line[0] != '\0' && (X->nhist == 0 ||
	    strcmp(X->hist[X->nhist - 1], line) != 0)) {
		if (X->nhist == EXPLORE_HISTORY) {
			free(X->hist[0]);
			memmove(X->hist, X->hist + 1, (EXPLORE_HISTORY - 1) *
			    sizeof *X->hist);
			X->nhist--;
		}
		X->hist[X->nhist++] = xstrdup(line);
	}
	switch (p) {
	case PROMPT_FIND:
		/* A whole number finds that row; other text, a feature. */
		r = strtol(line, &end, 10);
		if (end != line && *end == '\0' && line[0] != '-' &&
		    line[0] != '+') {
			if (r < 0 || (size_t)r >= X->nrows)
				explore_status(X, 1, "find: there is no row %s "
				    "(0 to %zu)", line, X->nrows - 1);
			else
				explore_goto(X, r);
			break;
		}
		snprintf(X->find, sizeof X->find, "%.127s", line);
		explore_key_find(X, 0);
		break;
	case PROMPT_ROW:
		r = strtol(line, &end, 10);
		if (end == line || *end != '\0' || r < 0 ||
		    (size_t)r >= X->nrows)
			explore_status(X, 1, "row: '%s' is not a row number (0 to "
			    "%zu)", line, X->nrows - 1);
		else
			explore_goto(X, r);
		break;
	case PROMPT_VALUE:
		v = strtod(line, &end);
		if (end == line || *end != '\0' || !isfinite(v))
			explore_status(X, 1, "value: '%s' is not a number", line);
		else
			explore_key_whatif(X, 1, v);
		break;
	case PROMPT_COMMAND:
		explore_cmd_run(X, line);
		break;
	case PROMPT_WRITE:
		if (line[0] != '\0')
			explore_cmd_write(X, line);
		break;
	case PROMPT_REPORT:
		if (line[0] != '\0')
			(void)explore_cmd_report(X, line);
		break;
	default:
		break;
	}
	X->dirty = 1;
}

/* Open a prompt. */
void
explore_prompt_open(struct explore *X, enum explore_prompt p,
    const char *init)
{
	X->prompt = p;
	snprintf(X->input, sizeof X->input, "%s", init);
	X->hpos = X->nhist;
	X->dirty = 1;
}

/* A key while a prompt is open. */
void
explore_prompt_key(struct explore *X, int isfn, wint_t ch)
{
	size_t	n = strlen(X->input);
	char	buf[8];

	if (!isfn && (ch == '\n' || ch == '\r')) {
		explore_prompt_accept(X);
		return;
	}
	if ((!isfn && ch == 27) || (!isfn && ch == EXPLORE_CTRL('c'))) {
		X->prompt = PROMPT_NONE;
		X->dirty = 1;
		return;
	}
	if ((isfn && ch == KEY_BACKSPACE) || (!isfn && (ch == 127 ||
	    ch == 8))) {
		/* Drop one UTF-8 character. */
		while (n > 0 && ((unsigned char)X->input[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0)
			n--;
		X->input[n] = '\0';
	} else if (isfn && (ch == KEY_UP || ch == KEY_DOWN)) {
		X->hpos += ch == KEY_UP ? -1 : 1;
		if (X->hpos < 0)
			X->hpos = 0;
		if (X->hpos >= X->nhist) {
			X->hpos = X->nhist;
			X->input[0] = '\0';
		} else
			snprintf(X->input, sizeof X->input, "%s",
			    X->hist[X->hpos]);
	} else if (!isfn && ch >= 0x20 && ch != 0x7f) {
		size_t len = utf8_encode((uint32_t)ch, buf);
		if (n + len < sizeof X->input) {
			memcpy(X->input + n, buf, len);
			X->input[n + len] = '\0';
		}
	}
	X->dirty = 1;
}

/* SPDX-License-Identifier: ISC */
/*
 * The explorer's keys: one table gives each key its action and its line
 * in the help overlay (drawn here); explore_key_press does what a key
 * asks, with the actions that need more than a line (the cursor, find,
 * what-if edits, the output class).
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "data/encode.h"
#include "tui/explore-int.h"

/* Key actions. */
enum explore_key_action {
	ACT_NEXT_ROW, ACT_PREV_ROW, ACT_NEXT10, ACT_PREV10, ACT_FIRST_ROW,
	ACT_LAST_ROW, ACT_GOTO_ROW, ACT_DOWN, ACT_UP, ACT_PAGE_DOWN,
	ACT_PAGE_UP, ACT_TOP, ACT_BOTTOM, ACT_DRILL, ACT_BACK, ACT_VIEW,
	ACT_NEXT_VIEW, ACT_PREV_VIEW, ACT_SORT, ACT_SORT_REV, ACT_K_MORE,
	ACT_K_LESS, ACT_K_RESET, ACT_K_ALL, ACT_GROUPS, ACT_VALUES, ACT_CI,
	ACT_CI_LEVEL, ACT_PROB, ACT_PIN_SCALE, ACT_CLASS_NEXT,
	ACT_CLASS_PREV, ACT_FIND, ACT_FIND_NEXT, ACT_FIND_PREV,
	ACT_COMMAND, ACT_WRITE, ACT_REPORT, ACT_MONO, ACT_ASCII, ACT_HELP, ACT_REDRAW,
	ACT_WHATIF_UP, ACT_WHATIF_DOWN, ACT_WHATIF_SET, ACT_REVERT,
	ACT_PIN_ROW, ACT_STEP_NEXT, ACT_STEP_PREV,
	ACT_STEP_END, ACT_STEP_START, ACT_REFINE, ACT_CONV_MULTI, ACT_STACK,
	ACT_MODELS_LIST, ACT_QUIT,
	ACT_QUIT_NOW, ACT_COUNT
};

/* One row of the key table: the keys, how help shows them, what they do. */
struct explore_binding {
	int		 keys[4];	/* key codes, 0-terminated */
	const char	*shown;		/* "] [ -> <-" */
	const char	*help;		/* what it does */
	enum explore_key_action act;	/* the action */
};



/* The key table: dispatch and the help overlay come from it. */
static const struct explore_binding explore_keys[] = {
	{ { 0 }, NULL, "Rows", ACT_COUNT },
	{ { ']', 'l', KEY_RIGHT, 0 }, "] l Right", "next row", ACT_NEXT_ROW },
	{ { '[', 'h', KEY_LEFT, 0 }, "[ h Left", "previous row", ACT_PREV_ROW },
	{ { '}', 0 }, "}", "10 rows on", ACT_NEXT10 },
	{ { '{', 0 }, "{", "10 rows back", ACT_PREV10 },
	{ { '<', 0 }, "<", "first row", ACT_FIRST_ROW },
	{ { '>', 0 }, ">", "last row", ACT_LAST_ROW },
	{ { 'g', 0 }, "g", "go to a row (prompt)", ACT_GOTO_ROW },
	{ { 0 }, NULL, "The cursor feature", ACT_COUNT },
	{ { 'j', KEY_DOWN, 0 }, "j Down", "cursor to the next feature", ACT_DOWN },
	{ { 'k', KEY_UP, 0 }, "k Up", "cursor to the previous feature", ACT_UP },
	{ { KEY_NPAGE, 0 }, "PgDn", "cursor down a page", ACT_PAGE_DOWN },
	{ { KEY_PPAGE, 0 }, "PgUp", "cursor up a page", ACT_PAGE_UP },
	{ { KEY_HOME, 0 }, "Home", "cursor to the first feature", ACT_TOP },
	{ { KEY_END, 0 }, "End", "cursor to the last feature", ACT_BOTTOM },
	{ { '\n', '\r', KEY_ENTER, 0 }, "Enter", "drill into the cursor feature "
	    "(dependence plot)", ACT_DRILL },
	{ { 27, 0 }, "Esc", "cancel the work in progress, or back to the last "
	    "view", ACT_BACK },
	{ { 0 }, NULL, "Views", ACT_COUNT },
	/* The views' keys and help lines come from their class table. */
	{ { 0 }, NULL, NULL, ACT_VIEW },
	{ { '\t', 0 }, "Tab", "next view", ACT_NEXT_VIEW },
	{ { KEY_BTAB, 0 }, "Shift-Tab", "previous view", ACT_PREV_VIEW },
	{ { 0 }, NULL, "Teaching views", ACT_COUNT },
	{ { 'f', 0 }, "f", "trace: next sample; path: next baseline row",
	    ACT_STEP_NEXT },
	{ { 'b', 0 }, "b", "trace: previous sample; path: previous baseline "
	    "row", ACT_STEP_PREV },
	{ { 'F', 0 }, "F", "trace: last sample; path: last baseline row",
	    ACT_STEP_END },
	{ { 'B', 0 }, "B", "trace: first sample; path: baseline row 0",
	    ACT_STEP_START },
	/* r is ACT_REFINE in the convergence view (explore_key_press). */
	{ { 0 }, "r (in V)", "convergence: refine, twice the largest sample "
	    "count (Esc cancels)", ACT_REFINE },
	{ { 'L', 0 }, "L", "convergence: the top 5 features as lines, or the "
	    "cursor feature with its band", ACT_CONV_MULTI },
	{ { 0 }, NULL, "What is shown", ACT_COUNT },
	{ { 's', 0 }, "s", "sort: |phi|, phi down, phi up, name, input order",
	    ACT_SORT },
	{ { 'S', 0 }, "S", "reverse the order", ACT_SORT_REV },
	{ { '.', 0 }, ".", "show one more feature (k)", ACT_K_MORE },
	{ { ',', 0 }, ",", "show one feature less", ACT_K_LESS },
	{ { '0', 0 }, "0", "k back to 10", ACT_K_RESET },
	{ { 'a', 0 }, "a", "show all features", ACT_K_ALL },
	{ { 't', 0 }, "t", "features or feature groups", ACT_GROUPS },
	{ { 'v', 0 }, "v", "labels with or without values", ACT_VALUES },
	{ { 'e', 0 }, "e", "error bars (confidence intervals)", ACT_CI },
	{ { 'E', 0 }, "E", "interval level 68, 95 or 99 %", ACT_CI_LEVEL },
	{ { 'o', 0 }, "o", "other axis: p of a logit, log-odds of a p",
	    ACT_PROB },
	{ { '=', 0 }, "=", "pin the bar scale to the largest |phi| seen",
	    ACT_PIN_SCALE },
	{ { 0 }, NULL, "Class, what-if and compare", ACT_COUNT },
	{ { 'c', 0 }, "c", "next output class", ACT_CLASS_NEXT },
	{ { 'C', 0 }, "C", "previous output class", ACT_CLASS_PREV },
	{ { 'K', 0 }, "K", "importance view: every class stacked, or one",
	    ACT_STACK },
	{ { '+', 0 }, "+", "what-if: raise the cursor feature by sd/4",
	    ACT_WHATIF_UP },
	{ { '-', 0 }, "-", "what-if: lower the cursor feature by sd/4",
	    ACT_WHATIF_DOWN },
	{ { 'i', 0 }, "i", "what-if: type a value for the cursor feature",
	    ACT_WHATIF_SET },
	{ { 'r', 0 }, "r", "revert the what-if edits (in V: refine)",
	    ACT_REVERT },
	{ { 'P', 0 }, "P", "pin this row for the compare view", ACT_PIN_ROW },
	{ { 'D', 0 }, "D", "models view (W): every row by A and B, those whose "
	    "explanations disagree most first; again: the rows whose "
	    "predictions agree but reasons do not; again: back to the row. "
	    "j/k pick a row, Enter goes to it, Esc cancels", ACT_MODELS_LIST },
	{ { 0 }, NULL, "Find, commands, files", ACT_COUNT },
	{ { '/', 0 }, "/", "find a feature (substring) or a row (number)",
	    ACT_FIND },
	{ { 'n', 0 }, "n", "next match", ACT_FIND_NEXT },
	{ { 'N', 0 }, "N", "previous match", ACT_FIND_PREV },
	{ { ':', 0 }, ":", "command: row N, k N, view NAME, theme NAME, "
	    "baseline-row N, write FILE, report FILE.html, or a REPL command",
	    ACT_COMMAND },
	{ { 'w', 0 }, "w", "write the view to a text file", ACT_WRITE },
	{ { 'R', 0 }, "R", "write the HTML report on this row (decision, "
	    "reasons, flags, figures, provenance; Enter takes the name)",
	    ACT_REPORT },
	{ { 0 }, NULL, "Screen and quitting", ACT_COUNT },
	{ { 'm', 0 }, "m", "colour or monochrome", ACT_MONO },
	{ { 'u', 0 }, "u", "Unicode or ASCII drawing", ACT_ASCII },
	{ { '?', KEY_F(1), 0 }, "? F1", "this help", ACT_HELP },
	{ { EXPLORE_CTRL('l'), 0 }, "Ctrl-L", "redraw", ACT_REDRAW },
	{ { 'q', 0 }, "q", "close the help or prompt, else quit", ACT_QUIT },
	{ { 'Q', 0 }, "Q Ctrl-C", "quit now (Ctrl-C first cancels work)",
	    ACT_QUIT_NOW },
};

/* The action of key ch, or ACT_COUNT. */
static enum explore_key_action
explore_key_action(int ch)
{
	enum gs_view	v;
	size_t		i;
	int		j;

	if (render_view_by_key(ch, &v) == 0)
		return (ACT_VIEW);
	for (i = 0; i < sizeof explore_keys / sizeof explore_keys[0]; i++)
		for (j = 0; j < 4 && explore_keys[i].keys[j] != 0; j++)
			if (explore_keys[i].keys[j] == ch &&
			    explore_keys[i].act != ACT_VIEW &&
			    explore_keys[i].act != ACT_REFINE)
				return (explore_keys[i].act);
	return (ACT_COUNT);
}

/*
 * Check the key table against the view classes: every view has a key that
 * nothing in the table takes. Errors: GS_EINVAL naming the key.
 */
int
explore_key_check(struct gs_error *err)
{
	size_t	i;
	int	v, j;

	for (v = 0; v < GS_VIEW_COUNT; v++) {
		if (render_view_class(v)->key == 0)
			return (gs_error_set(err, GS_EINVAL, "view %s has no "
			    "key", render_view_name(v)));
		for (i = 0; i < sizeof explore_keys / sizeof explore_keys[0];
		    i++)
			for (j = 0; j < 4 && explore_keys[i].keys[j] != 0; j++)
				if (explore_keys[i].keys[j] ==
				    render_view_class(v)->key)
					return (gs_error_set(err, GS_EINVAL,
					    "key %c opens view %s and does %s",
					    render_view_class(v)->key,
					    render_view_name(v),
					    explore_keys[i].help));
	}
	return (0);
}

/* Whether view v's key is a digit (those share one help line). */
static int
explore_key_digit_view(int v)
{
	const struct gs_view_class *vc = render_view_class(v);

	return (vc->key >= '0' && vc->key <= '9');
}

/* Lines of the help overlay: the key table's, the views' in its place. */
static size_t
explore_key_help_lines(void)
{
	size_t	n = sizeof explore_keys / sizeof explore_keys[0] - 1;
	int	v, digits = 0;

	for (v = 0; v < GS_VIEW_COUNT; v++) {
		if (!explore_key_digit_view(v))
			n++;
		else
			digits = 1;
	}
	return (n + (size_t)digits);
}

/*
 * Line i of the help overlay into line (size bytes): a row of the key
 * table (a heading for a row without keys), or in place of its view row,
 * one line for the views on digit keys ("1 ... 9  bar, waterfall, ...")
 * and one for each other view.
 */
static void
explore_key_help_line(size_t i, char *line, size_t size)
{
	const struct explore_binding *k;
	char	 shown[16], help[256];
	size_t	 r, n;
	int	 v, first = 0, last = 0;

	for (r = 0; r < sizeof explore_keys / sizeof explore_keys[0]; r++) {
		k = &explore_keys[r];
		if (k->act != ACT_VIEW) {
			if (i-- == 0) {
				if (k->shown == NULL)
					snprintf(line, size, "%s", k->help);
				else
					snprintf(line, size, "  %-11s %s",
					    k->shown, k->help);
				return;
			}
			continue;
		}
		help[0] = '\0';
		for (v = 0; v < GS_VIEW_COUNT; v++) {
			if (!explore_key_digit_view(v))
				continue;
			if (first == 0)
				first = render_view_class(v)->key;
			last = render_view_class(v)->key;
			n = strlen(help);
			snprintf(help + n, sizeof help - n, "%s%s", n > 0 ?
			    ", " : "", render_view_class(v)->help);
		}
		if (first != 0 && i-- == 0) {
			snprintf(shown, sizeof shown, "%c ... %c", first, last);
			snprintf(line, size, "  %-11s %s", shown, help);
			return;
		}
		for (v = 0; v < GS_VIEW_COUNT; v++) {
			if (explore_key_digit_view(v) || i-- != 0)
				continue;
			snprintf(shown, sizeof shown, "%c",
			    render_view_class(v)->key);
			snprintf(line, size, "  %-11s %s", shown,
			    render_view_class(v)->help);
			return;
		}
	}
	line[0] = '\0';
}

/*
 * The help's lines wrapped to w columns, at blanks, continuation lines
 * indented under the help text: *out (owned by the caller, each line and
 * the array) and the count.
 */
static size_t
explore_key_help_wrap(int w, int ascii, char ***out)
{
	size_t	 n = explore_key_help_lines(), i, cnt = 0, cap = n * 2 + 4;
	char	 line[512], part[512], *p, *sp, **v;
	int	 indent;

	v = xcalloc(cap, sizeof *v);
	for (i = 0; i < n; i++) {
		explore_key_help_line(i, line, sizeof line);
		indent = line[0] == ' ' ? 14 : 0;
		p = line;
		for (;;) {
			if (cnt + 1 >= cap) {
				cap *= 2;
				v = xreallocarray(v, cap, sizeof *v);
			}
			if (text_width(p, ascii) <= w) {
				v[cnt++] = xstrdup(p);
				break;
			}
			/* The longest run of whole words that fits. */
			text_fit(part, sizeof part, p, w + 1, ascii);
			part[strlen(part) - (ascii ? 1 : 3)] = '\0';
			if ((sp = strrchr(part, ' ')) == NULL ||
			    sp - part <= indent) {
				text_fit(part, sizeof part, p, w, ascii);
				v[cnt++] = xstrdup(part);
				break;
			}
			*sp = '\0';
			v[cnt++] = xstrdup(part);
			p += (sp - part) + 1;
			while (*p == ' ')
				p++;
			snprintf(part, sizeof part, "%*s%s", indent, "", p);
			snprintf(line, sizeof line, "%s", part);
			p = line;
		}
	}
	*out = v;
	return (cnt);
}

/*
 * Draw the help overlay over the grid: every row below the title cleared
 * (nothing of the view shows through), the keys grouped by purpose under
 * headings, long lines wrapped at blanks, j/k scroll.
 */
void
explore_key_help(struct explore *X)
{
	struct gs_grid	*g = &X->g;
	char		 line[256], **lines;
	size_t		 n, i;
	int		 w = g->w - 2, h = g->h - 2, y, x;

	if (w < 20 || h < 4)
		return;
	n = explore_key_help_wrap(w, g->ascii, &lines);
	if (X->help_top > (int)n - (h - 1))
		X->help_top = (int)n - (h - 1) > 0 ? (int)n - (h - 1) : 0;
	for (y = 1; y < g->h; y++)
		for (x = 0; x < g->w; x++)
			grid_put(g, x, y, ' ', GS_ROLE_NONE, 0);
	snprintf(line, sizeof line, "keys %zu-%zu of %zu (j/k scroll, any "
	    "other key closes)", (size_t)X->help_top + 1,
	    (size_t)X->help_top + (size_t)(h - 1) < n ? (size_t)X->help_top +
	    (size_t)(h - 1) : n, n);
	grid_text_words(g, 1, 1, line, w, GS_ROLE_HIGHLIGHT, GS_ATTR_REVERSE |
	    GS_ATTR_BOLD);
	for (i = 0; i < (size_t)(h - 1) && X->help_top + i < n; i++) {
		const char *l = lines[(size_t)X->help_top + i];
		grid_text(g, 1, 2 + (int)i, l, w, l[0] == ' ' ?
		    GS_ROLE_LABEL : GS_ROLE_TITLE, l[0] == ' ' ? 0 :
		    GS_ATTR_BOLD);
	}
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* Features in the cursor list. */
static size_t
explore_key_cursor_rows(struct explore *X)
{
	struct gs_render_src	 src;
	const struct gs_explanation **many = NULL;
	char			 la[8], lb[8];
	size_t			 n;

	explore_src(X, &src, &many, la, lb, sizeof la);
	n = src.ex != NULL ? render_cursor_rows(&src, &X->ro, X->g.h) : 0;
	free(many);
	return (n);
}

/* Move the cursor to the feature whose name holds X->find (dir 1, -1; 0 from the top). */
void
explore_key_find(struct explore *X, int dir)
{
	struct gs_render_src	 src;
	struct gs_render_opts	 all = X->ro;
	const struct gs_explanation **many = NULL;
	char			 la[8], lb[8];
	long			 i, n, start, f;

	if (X->find[0] == '\0')
		return;
	explore_src(X, &src, &many, la, lb, sizeof la);
	if (src.ex == NULL) {
		free(many);
		return;
	}
	all.k = 0;
	n = (long)render_cursor_rows(&src, &all, 100000);
	start = dir == 0 ? -1 : X->ro.cursor;
	for (i = 1; i <= n; i++) {
		long at = ((start + (dir < 0 ? -i : i)) % n + n) % n;
		f = render_feature_at(&src, &all, (size_t)at);
		if (f >= 0 && strcasestr(X->ro.groups && src.ex->groups != NULL ?
		    src.ex->groups->names[f] : X->x->s->names[f], X->find) !=
		    NULL) {
			/* Show every feature when the match is collapsed. */
			if ((size_t)at + 1 >= X->ro.k && X->ro.k != 0)
				X->ro.k = 0;
			X->ro.cursor = at;
			X->status[0] = '\0';
			free(many);
			X->dirty = 1;
			return;
		}
	}
	explore_status(X, 1, "no feature matches '%s'", X->find);
	free(many);
}

/* Change the cursor feature of the current row by delta (what-if). */
void
explore_key_whatif(struct explore *X, int set, double v)
{
	struct gs_render_src	 src;
	const struct gs_explanation **many = NULL;
	char			 la[8], lb[8], a[64], b[64];
	const struct gs_encoding *enc;
	const struct gs_groups	*fg;
	long			 f, lv, nl;
	size_t			 k;
	double			 old;
	int			 feats;

	explore_src(X, &src, &many, la, lb, sizeof la);
	free(many);
	if (X->cache[X->row] == NULL) {
		explore_status(X, 1, "what-if: wait for the row to be explained");
		return;
	}
	enc = X->x->s->sel.enc;
	fg = job_groups(X->x->job);
	feats = enc != NULL && fg != NULL && fg->spec != NULL &&
	    strcmp(fg->spec, "features") == 0 && fg->n == enc->nfeat;
	if (X->ro.groups && !feats) {
		explore_status(X, 1, "what-if edits features: press t first");
		return;
	}
	f = render_feature_at(&src, &X->ro, X->ro.cursor >= 0 ?
	    (size_t)X->ro.cursor : 0);
	if (f < 0) {
		explore_status(X, 1, "what-if: put the cursor on a feature");
		return;
	}
	if (X->xedit == NULL) {
		X->xedit = xcalloc(X->d, sizeof *X->xedit);
		memcpy(X->xedit, X->cache[X->row]->ex.value, X->d *
		    sizeof *X->xedit);
	}
	/* The data's features: a category steps through its levels. */
	if (X->ro.groups) {
		k = (size_t)f;
		if (encode_categorical(enc, k)) {
			if (set) {
				explore_status(X, 1, "what-if: %s is a "
				    "category; + and - step through its levels",
				    enc->feat[k].name);
				return;
			}
			lv = encode_level(enc, k, X->cache[X->row]->ex.value);
			nl = encode_step_level(enc, k, X->xedit, v > 0 ? 1 : -1);
			snprintf(X->whatif_desc, sizeof X->whatif_desc,
			    "%s %s -> %s", enc->feat[k].name, lv >= 0 ?
			    enc->feat[k].levels[lv] : "?", nl >= 0 ?
			    enc->feat[k].levels[nl] : "?");
			X->whatif_stale = 1;
			X->status[0] = '\0';
			X->dirty = 1;
			return;
		}
		f = (long)enc->feat[k].start;
	}
	old = X->cache[X->row]->ex.value[f];
	X->xedit[f] = set ? v : X->xedit[f] + v * X->sd[f] / 4;
	render_value(a, sizeof a, old);
	render_value(b, sizeof b, X->xedit[f]);
	snprintf(X->whatif_desc, sizeof X->whatif_desc, "%s %s -> %s",
	    X->x->s->names[f], a, b);
	/* A value the data never held: the model's answer is a guess. */
	if (X->ranges != NULL && range_outside(&X->ranges[f],
	    X->xedit[f]) != 0) {
		size_t n = strlen(X->whatif_desc);
		render_value(a, sizeof a, range_outside(&X->ranges[f],
		    X->xedit[f]) < 0 ? X->ranges[f].min : X->ranges[f].max);
		snprintf(X->whatif_desc + n, sizeof X->whatif_desc - n,
		    "  outside the data: %s %s", range_outside(&X->ranges[f],
		    X->xedit[f]) < 0 ? "min" : "max", a);
	}
	X->whatif_stale = 1;
	X->status[0] = '\0';
	X->dirty = 1;
}

/* Change the output class by dir. */
static void
explore_key_class(struct explore *X, int dir)
{
	struct gs_error	err;
	long		c;

	if (X->k <= 1) {
		explore_status(X, 1, "the model has one output");
		return;
	}
	c = X->opts.output_class >= 0 ? X->opts.output_class :
	    X->cache[X->row] != NULL ? (long)X->cache[X->row]->ex.target : 0;
	c = ((c + dir) % (long)X->k + (long)X->k) % (long)X->k;
	explore_worker_cancel(X);
	X->opts.output_class = c;
	if (explore_job_explainer(X, &err) != 0) {
		explore_status(X, 1, "%s", err.msg);
		return;
	}
	explore_flush(X);
	explore_status(X, 0, "class %ld of %zu", c, X->k);
}

/* Most classes the stacked importance view tells apart. */
#define EXPLORE_STACK_MAX	8

/*
 * Key K: the importance view with every class of the output stacked (the
 * summary rows explained for each class, by an explainer a class made
 * here the first time), or back to the one class.
 */
void
explore_key_stack(struct explore *X)
{
	struct gs_attr_opts	o;
	struct gs_error		err;
	size_t			c;

	if (X->stack) {
		explore_worker_cancel(X);
		X->stack = 0;
		X->ro.stack = 0;
		explore_status(X, 0, "importance of one class (K: all "
		    "stacked)");
		return;
	}
	if (X->k < 2 || X->k > EXPLORE_STACK_MAX) {
		explore_status(X, 1, "K stacks 2 to %d classes; the output "
		    "has %zu", EXPLORE_STACK_MAX, X->k);
		return;
	}
	explore_worker_cancel(X);
	if (X->ce == NULL) {
		X->ce = xcalloc(X->k, sizeof *X->ce);
		X->ccache = xcalloc(X->k * X->nrows, sizeof *X->ccache);
		for (c = 0; c < X->k; c++) {
			o = X->opts;
			o.cancel = explore_worker_cancelled;
			o.cancel_arg = &X->task;
			o.output_class = (long)c;
			if ((X->ce[c] = job_explainer_with(X->x->job, &o, NULL,
			    &err)) == NULL ||
			    (job_groups(X->x->job) == NULL && X->autog.n > 0 &&
			    explainer_set_groups(X->ce[c], &X->autog,
			    &err) != 0)) {
				explore_status(X, 1, "%s", err.msg);
				explore_key_stack_free(X);
				return;
			}
		}
	}
	X->stack = 1;
	X->summary_off = 0;
	X->prev_view = X->ro.view;
	X->ro.view = GS_VIEW_IMPORTANCE;
	explore_status(X, 0, "importance: all %zu classes stacked (K: one)",
	    X->k);
}

void
explore_key_stack_free(struct explore *X)
{
	size_t	c;

	for (c = 0; X->ce != NULL && c < X->k; c++)
		explainer_free(X->ce[c]);
	for (c = 0; X->ccache != NULL && c < X->k * X->nrows; c++)
		explore_result_free(X->ccache[c]);
	free(X->ce);
	free(X->ccache);
	X->ce = NULL;
	X->ccache = NULL;
	X->stack = 0;
	X->ro.stack = 0;
}

/* Largest |phi| among the cached rows. */
static double
explore_key_max_phi(struct explore *X)
{
	double	m = 0;
	size_t	r, i;

	for (r = 0; r < X->nrows; r++)
		for (i = 0; X->cache[r] != NULL && i < X->d; i++)
			m = fmax(m, fabs(X->cache[r]->ex.phi[i]));
	return (m);
}

/* Do what key ch asks. */
/*
 * Key o: the other scale of the explained output, only where it means
 * something (model_output_scale): probabilities for a logit, log-odds
 * for a probability; a log-probability or an output of unknown kind is
 * refused with the reason.
 */
static void
explore_key_axis(struct explore *X)
{
	const struct gs_session	*s = X->x->s;
	size_t			 cls = X->opts.output_class >= 0 ?
				    (size_t)X->opts.output_class : 0;
	enum gs_output_scale	 sc;

	if (X->ro.prob != GS_AXIS_RAW) {
		X->ro.prob = GS_AXIS_RAW;
		explore_status(X, 0, "axis: the model's output as it is");
		return;
	}
	if (X->cache != NULL && X->cache[X->row] != NULL)
		cls = X->cache[X->row]->ex.target;
	sc = model_output_scale(s->model, s->output, cls);
	switch (sc) {
	case GS_SCALE_SCORE:
		X->ro.prob = GS_AXIS_PROB;
		explore_status(X, 0, "axis: probability, sigmoid of the "
		    "output (a logit)");
		break;
	case GS_SCALE_PROB:
		X->ro.prob = GS_AXIS_LOGODDS;
		explore_status(X, 0, "axis: log-odds of the output (already "
		    "a probability)");
		break;
	default:
		explore_status(X, 1, "no other axis: the output is a%s %s",
		    sc == GS_SCALE_UNKNOWN ? "n" : "", sc == GS_SCALE_UNKNOWN ?
		    "output of unknown kind" : output_scale_name(sc));
		break;
	}
}

/*
 * D: the models view's lists in turn (rows by disagreement, agreeing
 * predictions with other reasons, the row), opening the view from
 * another one. Asking for a list computes it again after a cancel.
 */
static void
explore_key_models_list(struct explore *X)
{
	if (X->x->pair == NULL) {
		explore_status(X, 1, "D: the models view's lists need a model "
		    "B (--compare-model B.onnx; REPL: load model B FILE)");
		return;
	}
	if (X->ro.view != GS_VIEW_MODELS) {
		X->prev_view = X->ro.view;
		X->ro.view = GS_VIEW_MODELS;
		X->ro.models_list = 1;
	} else
		X->ro.models_list = (X->ro.models_list + 1) % 3;
	X->ro.list_cursor = 0;
	if (X->ro.models_list != 0)
		X->pairs_off = 0;
}

/* Whether the models view shows one of its row lists (keys move in it). */
static int
explore_key_in_list(const struct explore *X)
{
	return (X->ro.view == GS_VIEW_MODELS && X->ro.models_list != 0);
}

/*
 * A cursor key or Enter in the models view's list: move the list's
 * cursor, or go to its row (and back to the row's comparison).
 */
static void
explore_key_list(struct explore *X, enum explore_key_action a)
{
	const struct gs_cmp_row	*r;
	const size_t		*order = X->ro.models_list == 1 ?
				    X->pairs_worst : X->pairs_same;
	long			 n = !X->pairs_done ? 0 :
				    X->ro.models_list == 1 ? (long)X->pairs.n :
				    (long)X->npairs_same;
	long			*c = &X->ro.list_cursor;

	if (n == 0) {
		explore_status(X, 1, "%s", X->pairs_done ? "the list is empty" :
		    "the list is not computed yet");
		return;
	}
	if (a == ACT_DRILL) {
		if (*c < 0 || *c >= n)
			*c = 0;
		r = &X->pairs.rows[order[*c]];
		explore_goto(X, (long)r->row);
		X->ro.models_list = 0;
		explore_status(X, 0, "row %zu: number %ld of %ld in the list, "
		    "disagree %.3f", r->row, *c + 1, n, r->l1_rel);
		return;
	}
	if (a == ACT_DOWN)
		(*c)++;
	else if (a == ACT_UP)
		(*c)--;
	else if (a == ACT_PAGE_DOWN)
		*c += 10;
	else if (a == ACT_PAGE_UP)
		*c -= 10;
	else if (a == ACT_TOP)
		*c = 0;
	else if (a == ACT_BOTTOM)
		*c = n - 1;
	if (*c >= n)
		*c = n - 1;
	if (*c < 0)
		*c = 0;
}

void
explore_key_press(struct explore *X, int isfn, wint_t ch)
{
	enum explore_key_action	a;
	enum gs_view		old = X->ro.view;
	size_t			n;
	int			key = (int)ch;
	static const double	z[3] = { 0.9944578832097535, 1.959963984540054,
	    2.5758293035489004 };

	if (X->prompt != PROMPT_NONE) {
		explore_prompt_key(X, isfn, ch);
		return;
	}
	if (!isfn && ch > 0x7f)
		return;
	a = explore_key_action(key);
	/* Like f and b, r depends on the view: V refines, the rest revert. */
	if (a == ACT_REVERT && X->ro.view == GS_VIEW_CONVERGENCE)
		a = ACT_REFINE;
	if (X->help) {
		if (a == ACT_DOWN)
			X->help_top++;
		else if (a == ACT_UP && X->help_top > 0)
			X->help_top--;
		else
			X->help = 0;
		X->dirty = 1;
		return;
	}
	if (a != ACT_COUNT && a != ACT_BACK)
		X->status[0] = '\0';
	X->dirty = 1;
	if (explore_key_in_list(X) && (a == ACT_DOWN || a == ACT_UP ||
	    a == ACT_PAGE_DOWN || a == ACT_PAGE_UP || a == ACT_TOP ||
	    a == ACT_BOTTOM || a == ACT_DRILL)) {
		explore_key_list(X, a);
		return;
	}
	switch (a) {
	case ACT_NEXT_ROW:
		explore_goto(X, (long)X->row + 1);
		break;
	case ACT_PREV_ROW:
		explore_goto(X, (long)X->row - 1);
		break;
	case ACT_NEXT10:
		explore_goto(X, (long)X->row + 10);
		break;
	case ACT_PREV10:
		explore_goto(X, (long)X->row - 10);
		break;
	case ACT_FIRST_ROW:
		explore_goto(X, 0);
		break;
	case ACT_LAST_ROW:
		explore_goto(X, (long)X->nrows - 1);
		break;
	case ACT_GOTO_ROW:
		explore_prompt_open(X, PROMPT_ROW, "");
		break;
	case ACT_DOWN:
	case ACT_UP:
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
	case ACT_TOP:
	case ACT_BOTTOM:
		n = explore_key_cursor_rows(X);
		if (n == 0)
			break;
		if (X->ro.cursor < 0)
			X->ro.cursor = 0;
		if (a == ACT_DOWN)
			X->ro.cursor++;
		else if (a == ACT_UP)
			X->ro.cursor--;
		else if (a == ACT_PAGE_DOWN)
			X->ro.cursor += 10;
		else if (a == ACT_PAGE_UP)
			X->ro.cursor -= 10;
		else if (a == ACT_TOP)
			X->ro.cursor = 0;
		else
			X->ro.cursor = (long)n - 1;
		if (X->ro.cursor < 0)
			X->ro.cursor = 0;
		if (X->ro.cursor >= (long)n)
			X->ro.cursor = (long)n - 1;
		break;
	case ACT_DRILL:
		X->prev_view = X->ro.view;
		X->ro.view = GS_VIEW_DEPENDENCE;
		X->summary_off = 0;
		break;
	case ACT_BACK:
		if (X->task.running) {
			explore_worker_stop(X);
			explore_status(X, 0, "cancelled");
		} else if (explore_key_in_list(X))
			X->ro.models_list = 0;
		else if (X->xedit != NULL && X->ro.view == X->prev_view)
			explore_revert(X);
		else {
			enum gs_view v = X->ro.view;
			X->ro.view = X->prev_view;
			X->prev_view = v;
		}
		break;
	case ACT_VIEW:
		X->prev_view = X->ro.view;
		render_view_by_key(key, &X->ro.view);
		if (render_view_many(X->ro.view))
			X->summary_off = 0;
		break;
	case ACT_NEXT_VIEW:
	case ACT_PREV_VIEW:
		X->prev_view = X->ro.view;
		X->ro.view = (enum gs_view)(((int)X->ro.view + (a ==
		    ACT_NEXT_VIEW ? 1 : GS_VIEW_COUNT - 1)) % GS_VIEW_COUNT);
		break;
	case ACT_SORT:
		X->ro.sort = (enum gs_sort)((X->ro.sort + 1) % GS_SORT_COUNT);
		break;
	case ACT_SORT_REV:
		X->ro.reverse = !X->ro.reverse;
		break;
	case ACT_K_MORE:
		if (X->ro.k != 0 && X->ro.k < X->d)
			X->ro.k++;
		break;
	case ACT_K_LESS:
		if (X->ro.k == 0)
			X->ro.k = X->d > 1 ? X->d - 1 : 1;
		else if (X->ro.k > 1)
			X->ro.k--;
		break;
	case ACT_K_RESET:
		X->ro.k = 10;
		break;
	case ACT_K_ALL:
		X->ro.k = 0;
		break;
	case ACT_GROUPS:
		X->ro.groups = !X->ro.groups;
		X->ro.cursor = 0;
		explore_status(X, 0, "%s", X->ro.groups ? "feature groups" :
		    "features");
		break;
	case ACT_VALUES:
		X->ro.novalues = !X->ro.novalues;
		break;
	case ACT_CI:
		X->ro.ci = !X->ro.ci;
		break;
	case ACT_CI_LEVEL:
		X->ro.z = X->ro.z < 1.5 ? z[1] : X->ro.z < 2.2 ? z[2] : z[0];
		X->ro.ci = 1;
		explore_status(X, 0, "intervals of %s", X->ro.z < 1.5 ? "68 %" :
		    X->ro.z < 2.2 ? "95 %" : "99 %");
		break;
	case ACT_PROB:
		explore_key_axis(X);
		break;
	case ACT_PIN_SCALE:
		X->ro.pin = X->ro.pin > 0 ? 0 : explore_key_max_phi(X);
		if (X->ro.pin > 0)
			explore_status(X, 0, "bar scale pinned to |phi| = %.3g",
			    X->ro.pin);
		else
			explore_status(X, 0, "bar scale fits each row");
		break;
	case ACT_CLASS_NEXT:
	case ACT_CLASS_PREV:
		explore_key_class(X, a == ACT_CLASS_NEXT ? 1 : -1);
		break;
	case ACT_STACK:
		explore_key_stack(X);
		break;
	case ACT_WHATIF_UP:
	case ACT_WHATIF_DOWN:
		explore_key_whatif(X, 0, a == ACT_WHATIF_UP ? 1 : -1);
		break;
	case ACT_WHATIF_SET:
		explore_prompt_open(X, PROMPT_VALUE, "");
		break;
	case ACT_REVERT:
		explore_revert(X);
		break;
	case ACT_STEP_NEXT:
	case ACT_STEP_PREV:
	case ACT_STEP_END:
	case ACT_STEP_START:
		explore_teach_step(X, a == ACT_STEP_NEXT ? 1 :
		    a == ACT_STEP_PREV ? -1 : a == ACT_STEP_END ? 2 : -2);
		break;
	case ACT_REFINE:
		explore_teach_refine(X);
		break;
	case ACT_CONV_MULTI:
		explore_teach_conv_multi(X);
		break;
	case ACT_MODELS_LIST:
		explore_key_models_list(X);
		break;
	case ACT_PIN_ROW:
		X->pinned = (long)X->row;
		explore_status(X, 0, "row %zu pinned for the compare view (8)",
		    X->row);
		break;
	case ACT_FIND:
		explore_prompt_open(X, PROMPT_FIND, "");
		break;
	case ACT_FIND_NEXT:
	case ACT_FIND_PREV:
		explore_key_find(X, a == ACT_FIND_NEXT ? 1 : -1);
		break;
	case ACT_COMMAND:
		if (X->x->read_line != NULL)
			explore_cmd_read(X);
		else
			explore_prompt_open(X, PROMPT_COMMAND, "");
		break;
	case ACT_WRITE: {
		char name[96];
		snprintf(name, sizeof name, "gshap-%s-row%zu.txt",
		    render_view_name(X->ro.view), X->row);
		explore_prompt_open(X, PROMPT_WRITE, name);
		break;
	}
	case ACT_REPORT: {
		char name[64];
		snprintf(name, sizeof name, "gshap-report-row%zu.html", X->row);
		explore_prompt_open(X, PROMPT_REPORT, name);
		break;
	}
	case ACT_MONO:
		if (X->tier != GS_TIER_MONO)
			X->tier = GS_TIER_MONO;
		else if (X->can_color)
			X->tier = theme_tier(COLORS);
		else
			explore_status(X, 1, "no colours on this terminal");
		break;
	case ACT_ASCII:
		if (!X->utf8_ok)
			explore_status(X, 1, "the locale is not UTF-8");
		X->force_ascii = !X->force_ascii;
		break;
	case ACT_HELP:
		X->help = 1;
		X->help_top = 0;
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		X->teach_off = 0;
		X->pairs_off = 0;
		X->row_off = -1;	/* a cancelled row: explain it again */
		break;
	case ACT_QUIT:
	case ACT_QUIT_NOW:
		X->quit = 1;
		break;
	default:
		break;
	}
	/* A view opened anew computes its data again. */
	if (X->ro.view != old)
		X->teach_off = 0;
}

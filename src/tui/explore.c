/* SPDX-License-Identifier: ISC */
/*
 * The full-screen explorer: an ncurses front end that blits the rendered
 * grid, an htop-style event loop driven by a key table (which also makes
 * the help overlay), prompts, resizing, themes, and a worker thread that
 * explains rows, what-if edits and the summary rows without blocking the
 * keyboard (Esc or Ctrl-C cancels). The terminal is restored on every way
 * out, fatal signals included.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "core/xmalloc.h"
#include "tui/explore-int.h"
#include "tui/teachdata.h"
#include "tui/theme.h"
#include "tui/tui.h"

/* Rows the summary views explain when no range was given. */
#define EXPLORE_SUMMARY_ROWS	200

/* Signals: Ctrl-C and termination only set flags; fatal ones restore. */
static volatile sig_atomic_t explore_sigint;
static volatile sig_atomic_t explore_sigterm;
static volatile sig_atomic_t explore_active;
static struct sigaction explore_old[NSIG];
static const int explore_fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
    SIGABRT };

/* Ctrl-C: cancel the work in progress, or quit (explore_loop). */
static void
explore_on_sigint(int sig)
{
	(void)sig;
	explore_sigint = 1;
}

/* SIGTERM, SIGHUP: quit cleanly. */
static void
explore_on_sigterm(int sig)
{
	(void)sig;
	explore_sigterm = 1;
}

/* A fatal signal: give the terminal back, then die of it. */
static void
explore_on_fatal(int sig)
{
	if (explore_active)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Install the handlers, keeping the old ones. */
static void
explore_signals(int on)
{
	struct sigaction	sa;
	size_t			i;

	if (!on) {
		sigaction(SIGINT, &explore_old[SIGINT], NULL);
		sigaction(SIGTERM, &explore_old[SIGTERM], NULL);
		sigaction(SIGHUP, &explore_old[SIGHUP], NULL);
		for (i = 0; i < sizeof explore_fatal / sizeof explore_fatal[0];
		    i++)
			sigaction(explore_fatal[i], &explore_old[explore_fatal[i]],
			    NULL);
		return;
	}
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = explore_on_sigint;
	sigaction(SIGINT, &sa, &explore_old[SIGINT]);
	sa.sa_handler = explore_on_sigterm;
	sigaction(SIGTERM, &sa, &explore_old[SIGTERM]);
	sigaction(SIGHUP, &sa, &explore_old[SIGHUP]);
	sa.sa_handler = explore_on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof explore_fatal / sizeof explore_fatal[0]; i++)
		sigaction(explore_fatal[i], &sa, &explore_old[explore_fatal[i]]);
}

/* The cancel callback the explainer polls between batches. */
static int
explore_cancelled(void *arg)
{
	struct explore_task	*tk = arg;

	return (atomic_load(&tk->cancel) != 0);
}

/*
 * Set the status line (printf style), shown on the last line until the
 * next key; warn marks it as an error. The text is copied into X (cut to
 * its buffer); nothing is allocated and nothing fails.
 */
void
explore_status(struct explore *X, int warn, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(X->status, sizeof X->status, fmt, ap);
	va_end(ap);
	X->status_warn = warn;
	X->dirty = 1;
}

/* (Re)build the explainer for the current options. */
static int
explore_explainer(struct explore *X, struct gs_error *err)
{
	struct gs_explainer	*e;
	const struct gs_groups	*gr = X->x->groups;

	X->opts.cancel = explore_cancelled;
	X->opts.cancel_arg = &X->task;
	e = explainer_new(X->x->s->model, X->x->s->output, &X->opts, X->x->bl,
	    X->x->nz, err);
	if (e == NULL)
		return (-1);
	if (gr == NULL && X->autog.n > 0)
		gr = &X->autog;
	if (gr != NULL && explainer_set_groups(e, gr, err) != 0) {
		explainer_free(e);
		return (-1);
	}
	explainer_free(X->e);
	X->e = e;
	return (0);
}

/* The worker: explain what the task names into its results. */
static void *
explore_worker(void *arg)
{
	struct explore		*X = arg;
	struct explore_task	*tk = &X->task;
	struct gs_explanation	 ex;
	struct gs_error		 err;
	double			*x;
	size_t			 r, i;

	tk->rc = 0;
	if (tk->kind == TASK_TEACH) {
		explore_teach_work(X);
		atomic_store(&tk->done, 1);
		return (NULL);
	}
	x = xcalloc(X->d > 0 ? X->d : 1, sizeof *x);
	for (r = tk->first; r < tk->last && !atomic_load(&tk->cancel); r++) {
		i = r - tk->first;
		gs_error_clear(&err);
		if (tk->kind == TASK_WHATIF)
			memcpy(x, tk->x, X->d * sizeof *x);
		else if (dataset_row(X->x->s->data, &X->x->s->sel, r,
		    X->x->impute, x, &err) != 0) {
			tk->err[i] = xstrdup(err.msg);
			tk->rc = -1;
			continue;
		}
		if (explainer_run(X->e, x, tk->kind == TASK_WHATIF ? tk->row : r,
		    &ex, &err) != 0) {
			tk->err[i] = xstrdup(err.msg);
			tk->rc = -1;
			if (err.code == GS_EINTR)
				break;
			continue;
		}
		/* A result points into itself: it is made in place, never moved. */
		tk->res[i] = xcalloc(1, sizeof *tk->res[i]);
		cache_result_set(tk->res[i], &ex, X->x->bl != NULL ?
		    X->x->bl->desc : NULL);
		explanation_clear(&ex);
		atomic_fetch_add(&tk->progress, 1);
	}
	free(x);
	atomic_store(&tk->done, 1);
	return (NULL);
}

/* Free a result made by the worker; NULL is fine. */
static void
explore_result_free(struct gs_result *res)
{
	if (res == NULL)
		return;
	cache_result_clear(res);
	free(res);
}

/* Join the worker and take its results into the cache. */
static void
explore_join(struct explore *X)
{
	struct explore_task	*tk = &X->task;
	size_t			 i, r, n;

	if (!tk->running)
		return;
	pthread_join(tk->th, NULL);
	tk->running = 0;
	n = tk->last - tk->first;
	for (i = 0; i < n; i++) {
		r = tk->first + i;
		if (tk->kind == TASK_WHATIF) {
			if (tk->res[i] != NULL) {
				explore_result_free(X->whatif);
				X->whatif = tk->res[i];
				tk->res[i] = NULL;
			} else if (tk->err[i] != NULL &&
			    !atomic_load(&tk->cancel))
				explore_status(X, 1, "what-if: %s", tk->err[i]);
		} else if (tk->res[i] != NULL && X->cache[r] == NULL) {
			X->cache[r] = tk->res[i];
			tk->res[i] = NULL;
		} else if (tk->err[i] != NULL && X->rowerr[r] == NULL &&
		    strcmp(tk->err[i], "interrupted") != 0) {
			X->rowerr[r] = tk->err[i];
			tk->err[i] = NULL;
		}
		explore_result_free(tk->res[i]);
		free(tk->err[i]);
	}
	if (tk->kind == TASK_SUMMARY && atomic_load(&tk->cancel))
		X->summary_off = 1;
	if (tk->kind == TASK_TEACH)
		explore_teach_join(X);
	if (tk->kind == TASK_WHATIF)
		teachdata_clear(&X->teach);
	free(tk->res);
	free(tk->err);
	free(tk->x);
	tk->res = NULL;
	tk->err = NULL;
	tk->x = NULL;
	tk->kind = TASK_NONE;
	X->dirty = 1;
}

/* Stop the worker (it stops at its next batch) and join it. */
static void
explore_cancel(struct explore *X)
{
	if (!X->task.running)
		return;
	atomic_store(&X->task.cancel, 1);
	explore_join(X);
}

/* Start a task on rows [first, last) (what-if: the edited row). */
static void
explore_start(struct explore *X, enum explore_kind kind, size_t first,
    size_t last)
{
	struct explore_task	*tk = &X->task;

	explore_cancel(X);
	tk->kind = kind;
	tk->first = first;
	tk->last = last;
	tk->row = X->row;
	atomic_store(&tk->done, 0);
	atomic_store(&tk->cancel, 0);
	atomic_store(&tk->progress, 0);
	tk->res = xcalloc(last - first, sizeof *tk->res);
	tk->err = xcalloc(last - first, sizeof *tk->err);
	if (kind == TASK_WHATIF) {
		tk->x = xcalloc(X->d, sizeof *tk->x);
		memcpy(tk->x, X->xedit, X->d * sizeof *tk->x);
		X->whatif_stale = 0;
	}
	if (kind == TASK_TEACH)
		explore_teach_start(X);
	if (pthread_create(&tk->th, NULL, explore_worker, X) != 0) {
		/* No thread: do the work here. */
		explore_worker(X);
	}
	tk->running = 1;
	X->dirty = 1;
}

/* Whether the view draws the summary rows. */
static int
explore_needs_summary(enum gs_view v)
{
	return (v == GS_VIEW_SUMMARY || v == GS_VIEW_IMPORTANCE ||
	    v == GS_VIEW_DEPENDENCE);
}

/* Start whatever the screen is waiting for, most urgent first. */
static void
explore_schedule(struct explore *X)
{
	size_t	r;

	if (X->task.running)
		return;
	if (X->xedit != NULL && X->whatif_stale) {
		explore_start(X, TASK_WHATIF, 0, 1);
		return;
	}
	if (X->cache[X->row] == NULL && X->rowerr[X->row] == NULL) {
		explore_start(X, TASK_ROW, X->row, X->row + 1);
		return;
	}
	if (render_view_teach(X->ro.view) && !X->teach_off &&
	    X->cache[X->row] != NULL && !explore_teach_valid(X)) {
		explore_start(X, TASK_TEACH, X->row, X->row + 1);
		return;
	}
	if (explore_needs_summary(X->ro.view) && !X->summary_off) {
		for (r = X->sfirst; r < X->slast; r++)
			if (X->cache[r] == NULL && X->rowerr[r] == NULL)
				break;
		if (r < X->slast)
			explore_start(X, TASK_SUMMARY, r, X->slast);
	}
	if (X->ro.view == GS_VIEW_COMPARE && X->pinned >= 0 &&
	    X->cache[X->pinned] == NULL && X->rowerr[X->pinned] == NULL)
		explore_start(X, TASK_ROW, (size_t)X->pinned,
		    (size_t)X->pinned + 1);
}

/* Drop every cached result (the class or the method changed). */
static void
explore_flush(struct explore *X)
{
	size_t	r;

	explore_cancel(X);
	for (r = 0; r < X->nrows; r++) {
		if (X->cache[r] != NULL) {
			cache_result_clear(X->cache[r]);
			free(X->cache[r]);
			X->cache[r] = NULL;
		}
		free(X->rowerr[r]);
		X->rowerr[r] = NULL;
	}
	explore_result_free(X->whatif);
	X->whatif = NULL;
	X->whatif_stale = X->xedit != NULL;
	X->summary_off = 0;
	teachdata_clear(&X->teach);
	X->teach_off = 0;
	X->conv_max = 0;
	X->dirty = 1;
}

/* Forget the what-if edit. */
static void
explore_revert(struct explore *X)
{
	if (X->task.kind == TASK_WHATIF || X->task.kind == TASK_TEACH) {
		explore_cancel(X);
		X->teach_off = 0;
	}
	if (X->xedit != NULL)
		teachdata_clear(&X->teach);
	free(X->xedit);
	X->xedit = NULL;
	explore_result_free(X->whatif);
	X->whatif = NULL;
	X->whatif_stale = 0;
	X->whatif_desc[0] = '\0';
	X->dirty = 1;
}

/* Go to row r (clamped). */
static void
explore_goto(struct explore *X, long r)
{
	if (X->nrows == 0)
		return;
	if (r < 0)
		r = 0;
	if ((size_t)r >= X->nrows)
		r = (long)X->nrows - 1;
	if ((size_t)r != X->row) {
		explore_revert(X);
		X->teach_off = 0;
		X->conv_max = 0;
	}
	X->row = (size_t)r;
	X->status[0] = '\0';
	X->dirty = 1;
}

static void	explore_alt_update(struct explore *);
static void	explore_command(struct explore *, const char *);

/* The source the renderer draws from. */
static void
explore_src(struct explore *X, struct gs_render_src *src,
    const struct gs_explanation ***many, char *la, char *lb, size_t lsize)
{
	const struct gs_shape	*sh = model_input_shape(X->x->s->model);
	long long		 dims[GS_MAX_DIMS];
	size_t			 r, n = 0;
	int			 k;

	explore_alt_update(X);
	memset(src, 0, sizeof *src);
	src->model = model_name(X->x->s->model);
	src->data = X->x->s->data->name;
	src->output = model_output_name(X->x->s->model, X->x->s->output);
	src->names = X->x->s->names;
	src->nrows = X->nrows;
	src->row = X->row;
	for (k = 0; k < sh->ndim && k < GS_MAX_DIMS; k++)
		dims[k] = (long long)sh->d[k];
	render_image_shape(dims, sh->ndim, X->d, &src->img_c, &src->img_h,
	    &src->img_w);
	if (X->whatif != NULL) {
		src->ex = &X->whatif->ex;
		src->baseline_desc = X->whatif->baseline_desc;
		src->whatif = X->whatif_desc;
	} else if (X->cache[X->row] != NULL) {
		src->ex = &X->cache[X->row]->ex;
		src->baseline_desc = X->cache[X->row]->baseline_desc;
	}
	*many = xcalloc(X->slast - X->sfirst + 1, sizeof **many);
	for (r = X->sfirst; r < X->slast; r++)
		if (X->cache[r] != NULL)
			(*many)[n++] = &X->cache[r]->ex;
	src->many = *many;
	src->nmany = n;
	explore_teach_src(X, src);
	/*
	 * Compare: the what-if against the row, the row under another method,
	 * baseline or class (':compare'), or the row against the pin.
	 */
	if (X->whatif != NULL && X->cache[X->row] != NULL) {
		src->other = &X->cache[X->row]->ex;
		snprintf(la, lsize, "what-if");
		snprintf(lb, lsize, "row %zu (original)", X->row);
	} else if (X->alt != NULL && X->alt_row == X->row) {
		src->other = &X->alt->ex;
		snprintf(la, lsize, "row %zu, %s", X->row,
		    method_name(X->opts.method));
		snprintf(lb, lsize, "%s", X->alt_label);
	} else if (X->pinned >= 0 && X->cache[X->pinned] != NULL &&
	    (size_t)X->pinned != X->row) {
		src->other = &X->cache[X->pinned]->ex;
		snprintf(la, lsize, "row %zu", X->row);
		snprintf(lb, lsize, "row %ld (pinned)", X->pinned);
	}
	src->label = la;
	src->other_label = lb;
}

/* The ncurses attributes of a style plus a cell's own. */
static attr_t
explore_attrs(int attr)
{
	attr_t	a = A_NORMAL;

	if (attr & GS_ATTR_BOLD)
		a |= A_BOLD;
	if (attr & GS_ATTR_DIM)
		a |= A_DIM;
	if (attr & GS_ATTR_REVERSE)
		a |= A_REVERSE;
	if (attr & GS_ATTR_UNDERLINE)
		a |= A_UNDERLINE;
	return (a);
}

/* Copy the grid to the screen. */
static void
explore_blit(struct explore *X)
{
	const struct gs_palette	*pal = &X->theme.pal[X->tier];
	const struct gs_cell	*c;
	struct gs_style		 fg, bg;
	cchar_t			 cc;
	wchar_t			 ws[2];
	int			 x, y, pair, fc, bc;
	attr_t			 a;

	for (y = 0; y < X->g.h && y < LINES; y++) {
		for (x = 0; x < X->g.w && x < COLS; x++) {
			c = grid_cell(&X->g, x, y);
			if (c->ch == 0)
				continue;
			palette_style(pal, c->role, c->shade, &fg);
			palette_style(pal, c->bg, c->bgshade, &bg);
			a = explore_attrs(fg.attr | c->attr);
			pair = 0;
			if (X->tier != GS_TIER_MONO) {
				fc = fg.fg;
				bc = c->bg != GS_ROLE_NONE ? bg.fg : fg.bg;
				if (fc >= COLORS)
					fc = -1;
				if (bc >= COLORS)
					bc = -1;
				if (fc >= 0 || bc >= 0)
					pair = alloc_pair(fc, bc);
				if (pair < 0)
					pair = 0;
			}
			ws[0] = (wchar_t)c->ch;
			ws[1] = L'\0';
			setcchar(&cc, ws, a, 0, &pair);
			mvadd_wch(y, x, &cc);
		}
	}
}

/* Key actions. */
enum explore_action {
	ACT_NEXT_ROW, ACT_PREV_ROW, ACT_NEXT10, ACT_PREV10, ACT_FIRST_ROW,
	ACT_LAST_ROW, ACT_GOTO_ROW, ACT_DOWN, ACT_UP, ACT_PAGE_DOWN,
	ACT_PAGE_UP, ACT_TOP, ACT_BOTTOM, ACT_DRILL, ACT_BACK, ACT_VIEW,
	ACT_NEXT_VIEW, ACT_PREV_VIEW, ACT_SORT, ACT_SORT_REV, ACT_K_MORE,
	ACT_K_LESS, ACT_K_RESET, ACT_K_ALL, ACT_GROUPS, ACT_VALUES, ACT_CI,
	ACT_CI_LEVEL, ACT_PROB, ACT_PIN_SCALE, ACT_CLASS_NEXT,
	ACT_CLASS_PREV, ACT_FIND, ACT_FIND_NEXT, ACT_FIND_PREV,
	ACT_COMMAND, ACT_WRITE, ACT_MONO, ACT_ASCII, ACT_HELP, ACT_REDRAW,
	ACT_WHATIF_UP, ACT_WHATIF_DOWN, ACT_WHATIF_SET, ACT_REVERT,
	ACT_PIN_ROW, ACT_TEACH_VIEW, ACT_STEP_NEXT, ACT_STEP_PREV,
	ACT_STEP_END, ACT_STEP_START, ACT_REFINE, ACT_CONV_MULTI, ACT_QUIT,
	ACT_QUIT_NOW, ACT_COUNT
};

/* One row of the key table: the keys, how help shows them, what they do. */
struct explore_key {
	int		 keys[4];	/* key codes, 0-terminated */
	const char	*shown;		/* "] [ -> <-" */
	const char	*help;		/* what it does */
	enum explore_action act;	/* the action */
};

#define CTRL(c)	((c) & 0x1f)

/* The key table: dispatch and the help overlay come from it. */
static const struct explore_key explore_keys[] = {
	{ { ']', 'l', KEY_RIGHT, 0 }, "] l Right", "next row", ACT_NEXT_ROW },
	{ { '[', 'h', KEY_LEFT, 0 }, "[ h Left", "previous row", ACT_PREV_ROW },
	{ { '}', 0 }, "}", "10 rows on", ACT_NEXT10 },
	{ { '{', 0 }, "{", "10 rows back", ACT_PREV10 },
	{ { '<', 0 }, "<", "first row", ACT_FIRST_ROW },
	{ { '>', 0 }, ">", "last row", ACT_LAST_ROW },
	{ { 'g', 0 }, "g", "go to a row (prompt)", ACT_GOTO_ROW },
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
	/* '1' to '8' are matched in explore_action. */
	{ { 0 }, "1 ... 9", "bar, waterfall, force, summary, importance, "
	    "heat, dependence, compare, exact vs estimate", ACT_VIEW },
	{ { 'M', 0 }, "M", "quality metrics view", ACT_TEACH_VIEW },
	{ { 'A', 0 }, "A", "path view: f and the gradient along alpha",
	    ACT_TEACH_VIEW },
	{ { 'T', 0 }, "T", "trace view: Gradient SHAP's samples one by one",
	    ACT_TEACH_VIEW },
	{ { 'V', 0 }, "V", "convergence view: estimate +- SE against samples",
	    ACT_TEACH_VIEW },
	{ { 'f', 0 }, "f", "trace: next sample; path: next baseline row",
	    ACT_STEP_NEXT },
	{ { 'b', 0 }, "b", "trace: previous sample; path: previous baseline "
	    "row", ACT_STEP_PREV },
	{ { 'F', 0 }, "F", "trace: last sample; path: last baseline row",
	    ACT_STEP_END },
	{ { 'B', 0 }, "B", "trace: first sample; path: baseline row 0",
	    ACT_STEP_START },
	/* r is ACT_REFINE in the convergence view (explore_key). */
	{ { 0 }, "r (in V)", "convergence: refine, twice the largest sample "
	    "count (Esc cancels)", ACT_REFINE },
	{ { 'L', 0 }, "L", "convergence: the top 5 features as lines, or the "
	    "cursor feature with its band", ACT_CONV_MULTI },
	{ { '\t', 0 }, "Tab", "next view", ACT_NEXT_VIEW },
	{ { KEY_BTAB, 0 }, "Shift-Tab", "previous view", ACT_PREV_VIEW },
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
	{ { 'o', 0 }, "o", "probability axis (sigmoid of the output)",
	    ACT_PROB },
	{ { '=', 0 }, "=", "pin the bar scale to the largest |phi| seen",
	    ACT_PIN_SCALE },
	{ { 'c', 0 }, "c", "next output class", ACT_CLASS_NEXT },
	{ { 'C', 0 }, "C", "previous output class", ACT_CLASS_PREV },
	{ { '+', 0 }, "+", "what-if: raise the cursor feature by sd/4",
	    ACT_WHATIF_UP },
	{ { '-', 0 }, "-", "what-if: lower the cursor feature by sd/4",
	    ACT_WHATIF_DOWN },
	{ { 'i', 0 }, "i", "what-if: type a value for the cursor feature",
	    ACT_WHATIF_SET },
	{ { 'r', 0 }, "r", "revert the what-if edits (in V: refine)",
	    ACT_REVERT },
	{ { 'P', 0 }, "P", "pin this row for the compare view", ACT_PIN_ROW },
	{ { '/', 0 }, "/", "find a feature (substring) or a row (number)",
	    ACT_FIND },
	{ { 'n', 0 }, "n", "next match", ACT_FIND_NEXT },
	{ { 'N', 0 }, "N", "previous match", ACT_FIND_PREV },
	{ { ':', 0 }, ":", "command: row N, k N, view NAME, theme NAME, "
	    "baseline-row N, write FILE, or a REPL command", ACT_COMMAND },
	{ { 'w', 0 }, "w", "write the view to a text file", ACT_WRITE },
	{ { 'm', 0 }, "m", "colour or monochrome", ACT_MONO },
	{ { 'u', 0 }, "u", "Unicode or ASCII drawing", ACT_ASCII },
	{ { '?', KEY_F(1), 0 }, "? F1", "this help", ACT_HELP },
	{ { CTRL('l'), 0 }, "Ctrl-L", "redraw", ACT_REDRAW },
	{ { 'q', 0 }, "q", "close the help or prompt, else quit", ACT_QUIT },
	{ { 'Q', 0 }, "Q Ctrl-C", "quit now (Ctrl-C first cancels work)",
	    ACT_QUIT_NOW },
};

/* The action of key ch, or ACT_COUNT. */
static enum explore_action
explore_action(int ch)
{
	size_t	i;
	int	j;

	if (ch >= '1' && ch <= '9' && ch - '1' < GS_VIEW_COUNT)
		return (ACT_VIEW);
	for (i = 0; i < sizeof explore_keys / sizeof explore_keys[0]; i++)
		for (j = 0; j < 4 && explore_keys[i].keys[j] != 0; j++)
			if (explore_keys[i].keys[j] == ch &&
			    explore_keys[i].act != ACT_VIEW &&
			    explore_keys[i].act != ACT_REFINE)
				return (explore_keys[i].act);
	return (ACT_COUNT);
}

/* Lines of the help overlay. */
static size_t
explore_help_lines(void)
{
	return (sizeof explore_keys / sizeof explore_keys[0]);
}

/* Draw the help overlay over the grid. */
static void
explore_help(struct explore *X)
{
	struct gs_grid	*g = &X->g;
	char		 line[256];
	size_t		 n = explore_help_lines(), i;
	int		 w = g->w - 4, h = g->h - 4, y, x;

	if (w < 20 || h < 4)
		return;
	if (w > 76)
		w = 76;
	if (X->help_top > (int)n - (h - 2))
		X->help_top = (int)n - (h - 2) > 0 ? (int)n - (h - 2) : 0;
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			grid_put(g, 2 + x, 2 + y, ' ', GS_ROLE_HIGHLIGHT,
			    GS_ATTR_REVERSE);
	snprintf(line, sizeof line, " keys (j/k scroll, any other key "
	    "closes) %zu-%zu of %zu", (size_t)X->help_top + 1,
	    (size_t)X->help_top + (size_t)(h - 2) < n ? (size_t)X->help_top +
	    (size_t)(h - 2) : n, n);
	grid_text(g, 2, 2, line, w, GS_ROLE_HIGHLIGHT, GS_ATTR_REVERSE |
	    GS_ATTR_BOLD);
	for (i = 0; i < (size_t)(h - 2) && X->help_top + i < n; i++) {
		const struct explore_key *k = &explore_keys[X->help_top + i];
		snprintf(line, sizeof line, " %-12s %s", k->shown, k->help);
		grid_text(g, 2, 3 + (int)i, line, w, GS_ROLE_HIGHLIGHT,
		    GS_ATTR_REVERSE);
	}
}

/* Prompt text for the open prompt. */
static const char *
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
	default:
		return ("");
	}
}

/* Draw everything and show it. */
static void
explore_draw(struct explore *X)
{
	const struct gs_explanation **many = NULL;
	struct gs_render_src	 src;
	char			 la[96], lb[96], msg[320];
	const char		*label;
	int			 w, h;

	getmaxyx(stdscr, h, w);
	if (w != X->g.w || h != X->g.h)
		grid_resize(&X->g, w, h);
	X->caps.utf8 = X->utf8_ok && !X->force_ascii;
	X->g.ascii = !X->caps.utf8;
	X->caps.color = X->tier != GS_TIER_MONO;
	explore_src(X, &src, &many, la, lb, sizeof la);
	X->ro.status = NULL;
	if (X->task.running) {
		if (X->task.kind == TASK_SUMMARY)
			snprintf(msg, sizeof msg, "explaining rows for the "
			    "summary: %zu of %zu (Esc cancels)",
			    atomic_load(&X->task.progress), X->task.last -
			    X->task.first);
		else if (X->task.kind == TASK_TEACH)
			explore_teach_progress(X, msg, sizeof msg);
		else
			snprintf(msg, sizeof msg, "explaining %s %zu... (Esc "
			    "cancels)", X->task.kind == TASK_WHATIF ? "the "
			    "edited row" : "row", X->task.kind == TASK_WHATIF ?
			    X->row : X->task.first);
		X->ro.status = msg;
		X->ro.status_warn = 0;
	} else if (X->status[0] != '\0') {
		X->ro.status = X->status;
		X->ro.status_warn = X->status_warn;
	}
	if (src.ex == NULL && X->rowerr[X->row] != NULL) {
		snprintf(msg, sizeof msg, "row %zu: %s", X->row,
		    X->rowerr[X->row]);
		X->ro.status = msg;
		X->ro.status_warn = 1;
	}
	if (src.ex != NULL) {
		long f = render_feature_at(&src, &X->ro, X->ro.cursor >= 0 ?
		    (size_t)X->ro.cursor : 0);
		if (f >= 0)
			X->ro.feature = (size_t)f;
	}
	render_screen(&X->g, &src, &X->ro, &X->caps);
	if (X->help)
		explore_help(X);
	if (X->prompt != PROMPT_NONE) {
		label = explore_prompt_label(X);
		snprintf(msg, sizeof msg, "%s%s", label, X->input);
		grid_paint(&X->g, 0, X->g.h - 1, X->g.w, GS_ROLE_NONE, 0);
		for (w = 0; w < X->g.w; w++)
			grid_put(&X->g, w, X->g.h - 1, ' ', GS_ROLE_NONE, 0);
		grid_text(&X->g, 0, X->g.h - 1, msg, X->g.w, GS_ROLE_LABEL, 0);
	}
	explore_blit(X);
	if (X->prompt != PROMPT_NONE) {
		curs_set(1);
		move(X->g.h - 1, text_width(msg, X->g.ascii) < X->g.w ?
		    text_width(msg, X->g.ascii) : X->g.w - 1);
	} else
		curs_set(0);
	refresh();
	free(many);
	X->dirty = 0;
}

/* Features in the cursor list. */
static size_t
explore_cursor_rows(struct explore *X)
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
static void
explore_find(struct explore *X, int dir)
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
static void
explore_whatif(struct explore *X, int set, double v)
{
	struct gs_render_src	 src;
	const struct gs_explanation **many = NULL;
	char			 la[8], lb[8], a[64], b[64];
	long			 f;
	double			 old;

	explore_src(X, &src, &many, la, lb, sizeof la);
	free(many);
	if (X->cache[X->row] == NULL) {
		explore_status(X, 1, "what-if: wait for the row to be explained");
		return;
	}
	if (X->ro.groups) {
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
	old = X->cache[X->row]->ex.value[f];
	X->xedit[f] = set ? v : X->xedit[f] + v * X->sd[f] / 4;
	render_value(a, sizeof a, old);
	render_value(b, sizeof b, X->xedit[f]);
	snprintf(X->whatif_desc, sizeof X->whatif_desc, "%s %s -> %s",
	    X->x->s->names[f], a, b);
	X->whatif_stale = 1;
	X->status[0] = '\0';
	X->dirty = 1;
}

/* Change the output class by dir. */
static void
explore_class(struct explore *X, int dir)
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
	explore_cancel(X);
	X->opts.output_class = c;
	if (explore_explainer(X, &err) != 0) {
		explore_status(X, 1, "%s", err.msg);
		return;
	}
	explore_flush(X);
	explore_status(X, 0, "class %ld of %zu", c, X->k);
}

/* Write the current view as plain text to path. */
static void
explore_write(struct explore *X, const char *path)
{
	const struct gs_explanation **many = NULL;
	struct gs_render_src	 src;
	struct gs_render_opts	 o = X->ro;
	struct gs_caps		 caps = X->caps;
	struct gs_grid		 g;
	char			 la[96], lb[96];
	FILE			*f;

	if ((f = fopen(path, "w")) == NULL) {
		explore_status(X, 1, "%s: %s", path, strerror(errno));
		return;
	}
	explore_src(X, &src, &many, la, lb, sizeof la);
	o.status = NULL;
	o.cursor = -1;
	caps.term = 0;
	caps.color = 0;
	grid_init(&g, X->g.w, X->g.h, !caps.utf8);
	render_screen(&g, &src, &o, &caps);
	grid_write(f, &g, NULL);
	grid_free(&g);
	free(many);
	if (fclose(f) != 0)
		explore_status(X, 1, "%s: write error", path);
	else
		explore_status(X, 0, "wrote %s", path);
}

/* Leave curses, run a REPL command line, wait for Enter, come back. */
static void
explore_repl(struct explore *X, const char *line)
{
	char	buf[16];
	int	rc;

	explore_cancel(X);
	def_prog_mode();
	endwin();
	printf("gshap> %s\n", line);
	fflush(stdout);
	rc = X->x->command(X->x->arg, line);
	printf("\n[press Enter to return to the explorer]");
	fflush(stdout);
	if (fgets(buf, sizeof buf, stdin) == NULL)
		clearerr(stdin);
	reset_prog_mode();
	refresh();
	if (rc == 1)
		X->quit = 2;	/* settings changed: reopen */
	else if (rc == 2)
		X->quit = 1;
	X->dirty = 1;
}

/*
 * The ':' line through the caller's line editor: curses steps aside (the
 * screen is kept and redrawn after), the editor reads on the last line.
 */
static void
explore_read_command(struct explore *X)
{
	char	*line;

	def_prog_mode();
	endwin();
	fputs("\r\n", stdout);
	fflush(stdout);
	line = X->x->read_line(X->x->arg, ":");
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	X->dirty = 1;
	if (line != NULL && line[0] != '\0')
		explore_command(X, line);
	free(line);
}

/*
 * Explain the current row with the ':compare' explainer, if there is one
 * and it has not yet (done here, on the keyboard's thread: one row).
 */
static void
explore_alt_update(struct explore *X)
{
	struct gs_explanation	 ex;
	struct gs_error		 err;
	double			*x;

	if (X->alt_e == NULL || (X->alt != NULL && X->alt_row == X->row))
		return;
	explore_result_free(X->alt);
	X->alt = NULL;
	x = xcalloc(X->d, sizeof *x);
	if (dataset_row(X->x->s->data, &X->x->s->sel, X->row, X->x->impute, x,
	    &err) != 0 || explainer_run(X->alt_e, x, X->row, &ex, &err) != 0)
		explore_status(X, 1, "compare: %s", err.msg);
	else {
		X->alt = xcalloc(1, sizeof *X->alt);
		cache_result_set(X->alt, &ex, X->alt_bl.n > 0 ? X->alt_bl.desc :
		    X->x->bl != NULL ? X->x->bl->desc : NULL);
		X->alt_row = X->row;
		explanation_clear(&ex);
	}
	free(x);
}

/*
 * ':compare METHOD', ':compare baseline SPEC', ':compare class K' or
 * ':compare off': the compare view shows the row under the current
 * settings beside the same row under that one change, with rank changes.
 */
static void
explore_compare(struct explore *X, const char *arg)
{
	struct gs_attr_opts	 o = X->opts;
	struct gs_baseline	 bl;
	struct gs_explainer	*e;
	struct gs_error		 err;
	const struct gs_baseline *use = X->x->bl;
	const struct gs_groups	*gr = X->x->groups;
	char			 what[32], spec[192], *end;
	long			 c;

	memset(&bl, 0, sizeof bl);
	what[0] = spec[0] = '\0';
	sscanf(arg, " %31s %191[^\n]", what, spec);
	if (strcmp(what, "off") == 0 || what[0] == '\0') {
		explore_result_free(X->alt);
		X->alt = NULL;
		explainer_free(X->alt_e);
		X->alt_e = NULL;
		baseline_clear(&X->alt_bl);
		explore_status(X, what[0] == '\0', what[0] == '\0' ?
		    "compare METHOD, compare baseline SPEC, compare class K or "
		    "compare off" : "compare off");
		return;
	}
	o.cancel = NULL;
	o.threads = 1;
	if (strcmp(what, "baseline") == 0) {
		if (baseline_make(&bl, spec, X->x->s->data, &X->x->s->sel,
		    X->x->impute, o.seed, &err) != 0) {
			explore_status(X, 1, "compare: %s", err.msg);
			return;
		}
		use = &bl;
		snprintf(X->alt_label, sizeof X->alt_label, "baseline %s",
		    spec);
	} else if (strcmp(what, "class") == 0) {
		c = strtol(spec, &end, 10);
		if (end == spec || *end != '\0' || c < 0 ||
		    (size_t)c >= X->k) {
			explore_status(X, 1, "compare class: 0 to %zu",
			    X->k - 1);
			return;
		}
		o.output_class = c;
		snprintf(X->alt_label, sizeof X->alt_label, "class %ld", c);
	} else if (method_parse(what, &o.method) == 0) {
		/* IG-like methods take one baseline row: the column means. */
		if ((o.method == GS_METHOD_IG || o.method == GS_METHOD_EXACTIG) &&
		    (use == NULL || use->n != 1)) {
			if (baseline_make(&bl, "mean", X->x->s->data,
			    &X->x->s->sel, X->x->impute, o.seed, &err) != 0) {
				explore_status(X, 1, "compare: %s", err.msg);
				return;
			}
			use = &bl;
		}
		if (o.method == GS_METHOD_SMOOTHGRAD && X->x->nz == NULL) {
			explore_status(X, 1, "compare smoothgrad: set noise "
			    "first (the REPL's noise command)");
			baseline_clear(&bl);
			return;
		}
		snprintf(X->alt_label, sizeof X->alt_label, "method %s", what);
	} else {
		explore_status(X, 1, "compare: '%s' is not a method, 'baseline "
		    "SPEC', 'class K' or 'off'", what);
		return;
	}
	/* Drop the old comparison; the new explainer borrows X->alt_bl. */
	explore_result_free(X->alt);
	X->alt = NULL;
	explainer_free(X->alt_e);
	X->alt_e = NULL;
	baseline_clear(&X->alt_bl);
	X->alt_bl = bl;
	if (use == &bl)
		use = &X->alt_bl;
	e = explainer_new(X->x->s->model, X->x->s->output, &o, use, X->x->nz,
	    &err);
	if (gr == NULL && X->autog.n > 0)
		gr = &X->autog;
	if (e != NULL && gr != NULL && explainer_set_groups(e, gr, &err) != 0) {
		explainer_free(e);
		e = NULL;
	}
	if (e == NULL) {
		explore_status(X, 1, "compare: %s", err.msg);
		baseline_clear(&X->alt_bl);
		return;
	}
	X->alt_e = e;
	explore_alt_update(X);
	X->prev_view = X->ro.view;
	X->ro.view = GS_VIEW_COMPARE;
	explore_status(X, 0, "compare: this row beside %s", X->alt_label);
}

/* Run a ':' line: the explorer's own commands, else the REPL's. */
static void
explore_command(struct explore *X, const char *line)
{
	struct gs_error	 err;
	enum gs_view	 v;
	char		 cmd[32], arg[224];
	char		*end;
	long		 n;

	cmd[0] = arg[0] = '\0';
	if (sscanf(line, " %31s %223[^\n]", cmd, arg) < 1)
		return;
	if (strcmp(cmd, "row") == 0 || strcmp(cmd, "k") == 0) {
		n = strtol(arg, &end, 10);
		if (end == arg || *end != '\0' || n < 0) {
			explore_status(X, 1, "%s takes a whole number", cmd);
			return;
		}
		if (cmd[0] == 'r')
			explore_goto(X, n);
		else
			X->ro.k = (size_t)n;
	} else if (strcmp(cmd, "view") == 0) {
		if (render_view_parse(arg, &v) != 0) {
			explore_status(X, 1, "unknown view '%s'", arg);
			return;
		}
		X->prev_view = X->ro.view;
		X->ro.view = v;
		X->teach_off = 0;
	} else if (strcmp(cmd, "baseline-row") == 0)
		explore_teach_baseline_row(X, arg);
	else if (strcmp(cmd, "theme") == 0) {
		if (theme_load(&X->theme, arg, &err) != 0)
			explore_status(X, 1, "%s (default theme)", err.msg);
		else
			explore_status(X, 0, "theme %s", X->theme.name);
	} else if (strcmp(cmd, "compare") == 0) {
		explore_compare(X, arg);
		return;
	} else if (strcmp(cmd, "write") == 0 && arg[0] != '\0')
		explore_write(X, arg);
	else if (X->x->command != NULL)
		explore_repl(X, line);
	else
		explore_status(X, 1, "unknown command '%s' (row N, k N, view "
		    "NAME, theme NAME, compare WHAT, baseline-row N, write "
		    "FILE)", cmd);
	X->dirty = 1;
}

/* Accept the open prompt. */
static void
explore_accept(struct explore *X)
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
		explore_find(X, 0);
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
			explore_whatif(X, 1, v);
		break;
	case PROMPT_COMMAND:
		explore_command(X, line);
		break;
	case PROMPT_WRITE:
		if (line[0] != '\0')
			explore_write(X, line);
		break;
	default:
		break;
	}
	X->dirty = 1;
}

/* Open a prompt. */
static void
explore_open_prompt(struct explore *X, enum explore_prompt p,
    const char *init)
{
	X->prompt = p;
	snprintf(X->input, sizeof X->input, "%s", init);
	X->hpos = X->nhist;
	X->dirty = 1;
}

/* A key while a prompt is open. */
static void
explore_prompt_key(struct explore *X, int isfn, wint_t ch)
{
	size_t	n = strlen(X->input);
	char	buf[8];

	if (!isfn && (ch == '\n' || ch == '\r')) {
		explore_accept(X);
		return;
	}
	if ((!isfn && ch == 27) || (!isfn && ch == CTRL('c'))) {
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

/* Largest |phi| among the cached rows. */
static double
explore_max_phi(struct explore *X)
{
	double	m = 0;
	size_t	r, i;

	for (r = 0; r < X->nrows; r++)
		for (i = 0; X->cache[r] != NULL && i < X->d; i++)
			m = fmax(m, fabs(X->cache[r]->ex.phi[i]));
	return (m);
}

/* Do what key ch asks. */
static void
explore_key(struct explore *X, int isfn, wint_t ch)
{
	enum explore_action	a;
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
	a = explore_action(key);
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
		explore_open_prompt(X, PROMPT_ROW, "");
		break;
	case ACT_DOWN:
	case ACT_UP:
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
	case ACT_TOP:
	case ACT_BOTTOM:
		n = explore_cursor_rows(X);
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
			explore_cancel(X);
			explore_status(X, 0, "cancelled");
		} else if (X->xedit != NULL && X->ro.view == X->prev_view)
			explore_revert(X);
		else {
			enum gs_view v = X->ro.view;
			X->ro.view = X->prev_view;
			X->prev_view = v;
		}
		break;
	case ACT_VIEW:
		X->prev_view = X->ro.view;
		X->ro.view = (enum gs_view)(key - '1');
		if (explore_needs_summary(X->ro.view))
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
		X->ro.prob = !X->ro.prob;
		break;
	case ACT_PIN_SCALE:
		X->ro.pin = X->ro.pin > 0 ? 0 : explore_max_phi(X);
		if (X->ro.pin > 0)
			explore_status(X, 0, "bar scale pinned to |phi| = %.3g",
			    X->ro.pin);
		else
			explore_status(X, 0, "bar scale fits each row");
		break;
	case ACT_CLASS_NEXT:
	case ACT_CLASS_PREV:
		explore_class(X, a == ACT_CLASS_NEXT ? 1 : -1);
		break;
	case ACT_WHATIF_UP:
	case ACT_WHATIF_DOWN:
		explore_whatif(X, 0, a == ACT_WHATIF_UP ? 1 : -1);
		break;
	case ACT_WHATIF_SET:
		explore_open_prompt(X, PROMPT_VALUE, "");
		break;
	case ACT_REVERT:
		explore_revert(X);
		break;
	case ACT_TEACH_VIEW:
		X->prev_view = X->ro.view;
		X->ro.view = explore_teach_key(key);
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
	case ACT_PIN_ROW:
		X->pinned = (long)X->row;
		explore_status(X, 0, "row %zu pinned for the compare view (8)",
		    X->row);
		break;
	case ACT_FIND:
		explore_open_prompt(X, PROMPT_FIND, "");
		break;
	case ACT_FIND_NEXT:
	case ACT_FIND_PREV:
		explore_find(X, a == ACT_FIND_NEXT ? 1 : -1);
		break;
	case ACT_COMMAND:
		if (X->x->read_line != NULL)
			explore_read_command(X);
		else
			explore_open_prompt(X, PROMPT_COMMAND, "");
		break;
	case ACT_WRITE: {
		char name[96];
		snprintf(name, sizeof name, "gshap-%s-row%zu.txt",
		    render_view_name(X->ro.view), X->row);
		explore_open_prompt(X, PROMPT_WRITE, name);
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

static void	explore_endwin(struct explore *);

/* Start curses; 0, or -1 when there is no terminal. */
static int
explore_curses(struct explore *X, struct gs_error *err)
{
	const char	*cs, *nc;
	char		*cup;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return (gs_error_set(err, GS_EIO, "the explorer needs a "
		    "terminal (use --dump-screen WxH for text)"));
	if ((X->scr = newterm(NULL, stdout, stdin)) == NULL)
		return (gs_error_set(err, GS_EIO, "cannot start the terminal "
		    "(TERM=%s)", getenv("TERM") != NULL ? getenv("TERM") : ""));
	explore_active = 1;
	/* A terminal that cannot move the cursor (TERM=dumb) is no screen. */
	cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1) {
		explore_endwin(X);
		return (gs_error_set(err, GS_EIO, "the terminal (TERM=%s) cannot "
		    "move the cursor (use --dump-screen WxH for text)",
		    getenv("TERM") != NULL ? getenv("TERM") : ""));
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	timeout(100);
	cs = nl_langinfo(CODESET);
	X->utf8_ok = cs != NULL && strcmp(cs, "UTF-8") == 0 &&
	    wcwidth(0x2588) == 1;
	X->force_ascii = X->t.ascii;
	nc = getenv("NO_COLOR");
	X->can_color = has_colors() && X->t.color != GS_COLOR_NEVER &&
	    (X->t.color == GS_COLOR_ALWAYS || nc == NULL || *nc == '\0');
	X->tier = GS_TIER_MONO;
	if (X->can_color && start_color() == OK) {
		if (use_default_colors() != OK)
			assume_default_colors(COLOR_WHITE, COLOR_BLACK);
		X->tier = theme_tier(COLORS);
	} else
		X->can_color = 0;
	X->caps.term = 1;
	return (0);
}

/* Free what X holds. */
static void
explore_free(struct explore *X)
{
	size_t	r;
	int	i;

	explore_cancel(X);
	for (r = 0; X->cache != NULL && r < X->nrows; r++) {
		if (X->cache[r] != NULL) {
			cache_result_clear(X->cache[r]);
			free(X->cache[r]);
		}
		free(X->rowerr[r]);
	}
	free(X->cache);
	free(X->rowerr);
	free(X->sd);
	free(X->xedit);
	explore_result_free(X->whatif);
	teachdata_clear(&X->teach);
	explore_result_free(X->alt);
	explainer_free(X->alt_e);
	baseline_clear(&X->alt_bl);
	for (i = 0; i < X->nhist; i++)
		free(X->hist[i]);
	explainer_free(X->e);
	groups_clear(&X->autog);
	grid_free(&X->g);
}

/* The loop: draw when needed, read a key, do it, look after the worker. */
static void
explore_loop(struct explore *X)
{
	wint_t	ch;
	int	r;

	while (!X->quit) {
		explore_schedule(X);
		if (X->dirty || X->task.running)
			explore_draw(X);
		r = get_wch(&ch);
		if (explore_sigterm)
			break;
		if (explore_sigint) {
			explore_sigint = 0;
			if (X->task.running) {
				explore_cancel(X);
				explore_status(X, 0, "cancelled");
			} else if (X->prompt != PROMPT_NONE) {
				X->prompt = PROMPT_NONE;
				X->dirty = 1;
			} else
				break;
		}
		if (X->task.running && atomic_load(&X->task.done))
			explore_join(X);
		if (r == ERR)
			continue;
		if (r == KEY_CODE_YES && ch == KEY_RESIZE) {
			X->dirty = 1;
			continue;
		}
		explore_key(X, r == KEY_CODE_YES, ch);
	}
}

/* Everything but the terminal: state, column statistics, theme, explainer. */
static int
explore_init(struct explore *X, const struct gs_explore *x,
    const struct gs_tui_opts *t, struct gs_error *err)
{
	struct gs_error	 e2;
	double		 mean;
	size_t		 i;

	memset(X, 0, sizeof *X);
	X->x = x;
	X->t = *t;
	X->nrows = x->s->data->nrows;
	X->d = x->s->sel.n;
	X->k = model_output_len(x->s->model, x->s->output);
	X->opts = *x->opts;
	X->pinned = -1;
	if (X->nrows == 0 || X->d == 0)
		return (gs_error_set(err, GS_EINVAL, "no rows to explore"));
	render_opts_default(&X->ro);
	X->ro.view = t->view;
	X->ro.k = t->k;
	X->ro.cursor = 0;
	X->prev_view = GS_VIEW_BAR;
	X->row = x->row < X->nrows ? x->row : 0;
	X->sfirst = x->first;
	X->slast = x->last;
	if (X->slast <= X->sfirst + 1 || X->slast > X->nrows) {
		X->sfirst = 0;
		X->slast = X->nrows < EXPLORE_SUMMARY_ROWS ? X->nrows :
		    EXPLORE_SUMMARY_ROWS;
	}
	if (x->state != NULL && x->state->valid) {
		X->ro.view = x->state->view;
		X->row = x->state->row < X->nrows ? x->state->row : X->row;
		X->ro.cursor = x->state->cursor;
	}
	/* Column statistics now, so the worker only reads the dataset. */
	X->sd = xcalloc(X->d, sizeof *X->sd);
	for (i = 0; i < X->d; i++) {
		dataset_column_stats(x->s->data, x->s->sel.cols[i], &mean,
		    &X->sd[i]);
		if (!isfinite(X->sd[i]) || X->sd[i] <= 0)
			X->sd[i] = 1;
	}
	if (x->groups == NULL)
		groups_auto(&X->autog, x->s->names, X->d);
	if (tui_theme_name(t) == NULL)
		theme_default(&X->theme);
	else if (theme_load(&X->theme, tui_theme_name(t), &e2) != 0)
		snprintf(X->status, sizeof X->status, "%.200s (using the default "
		    "theme)", e2.msg);
	X->status_warn = X->status[0] != '\0';
	X->cache = xcalloc(X->nrows, sizeof *X->cache);
	X->rowerr = xcalloc(X->nrows, sizeof *X->rowerr);
	return (explore_explainer(X, err));
}

/* Give the terminal back. */
static void
explore_endwin(struct explore *X)
{
	endwin();
	delscreen(X->scr);
	X->scr = NULL;
	explore_active = 0;
}

int
tui_explore(const struct gs_explore *x, const struct gs_tui_opts *t,
    struct gs_error *err)
{
	struct explore	 X;
	int		 rc = -1;

	if (explore_init(&X, x, t, err) != 0)
		goto out;
	if (explore_curses(&X, err) != 0)
		goto out;
	grid_init(&X.g, COLS, LINES, 0);
	explore_sigint = explore_sigterm = 0;
	explore_signals(1);
	X.dirty = 1;
	explore_loop(&X);
	explore_cancel(&X);
	explore_signals(0);
	explore_endwin(&X);
	if (x->state != NULL) {
		x->state->valid = 1;
		x->state->view = X.ro.view;
		x->state->row = X.row;
		x->state->cursor = X.ro.cursor;
	}
	rc = X.quit == 2 ? 1 : 0;
out:
	explore_free(&X);
	return (rc);
}

/* Seconds on the monotonic clock. */
static double
explore_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec * 1e-9);
}

/* Run the scheduled work to its end (the benchmark waits for it). */
static void
explore_settle(struct explore *X)
{
	for (;;) {
		explore_schedule(X);
		if (!X->task.running)
			return;
		while (!atomic_load(&X->task.done))
			sched_yield();
		explore_join(X);
	}
}

int
tui_explore_bench(const struct gs_explore *x, const struct gs_tui_opts *t,
    const char *term, FILE *out, int w, int h, const char *keys,
    size_t nwhatif, struct gs_tui_bench *b, struct gs_error *err)
{
	struct explore	 X;
	FILE		*in = NULL;
	size_t		 i, n = strlen(keys);
	double		 t0;
	int		 rc = -1;

	memset(b, 0, sizeof *b);
	if (explore_init(&X, x, t, err) != 0)
		goto out;
	if ((in = fopen("/dev/null", "r")) == NULL ||
	    (X.scr = newterm(term, out, in)) == NULL) {
		gs_error_set(err, GS_EIO, "cannot start a %s terminal", term);
		goto out;
	}
	explore_active = 1;
	resize_term(h, w);
	if (has_colors() && start_color() == OK) {
		use_default_colors();
		X.tier = theme_tier(COLORS);
	} else
		X.tier = GS_TIER_MONO;
	X.utf8_ok = 1;
	X.caps.term = 1;
	grid_init(&X.g, COLS, LINES, 0);
	/* The row and the summary rows first: the keys then hit the cache. */
	t0 = explore_now();
	X.ro.view = GS_VIEW_SUMMARY;
	explore_settle(&X);
	b->summary_ms = (explore_now() - t0) * 1e3;
	X.ro.view = GS_VIEW_BAR;
	explore_draw(&X);
	b->key_ms = xcalloc(n + 1, sizeof *b->key_ms);
	for (i = 0; i < n; i++) {
		t0 = explore_now();
		explore_key(&X, 0, (wint_t)(unsigned char)keys[i]);
		explore_settle(&X);
		explore_draw(&X);
		b->key_ms[b->nkeys++] = (explore_now() - t0) * 1e3;
	}
	X.ro.view = GS_VIEW_BAR;
	X.ro.cursor = 0;
	b->whatif_ms = xcalloc(nwhatif + 1, sizeof *b->whatif_ms);
	for (i = 0; i < nwhatif; i++) {
		t0 = explore_now();
		explore_key(&X, 0, i % 2 == 0 ? '+' : '-');
		explore_settle(&X);
		explore_draw(&X);
		b->whatif_ms[b->nwhatif++] = (explore_now() - t0) * 1e3;
	}
	explore_cancel(&X);
	explore_endwin(&X);
	rc = 0;
out:
	if (in != NULL)
		fclose(in);
	if (X.scr != NULL)
		explore_endwin(&X);
	explore_free(&X);
	return (rc);
}

/* SPDX-License-Identifier: ISC */
/*
 * The explorer's terminal: starting and ending curses (the terminal is
 * given back on every way out, fatal signals included), the signals
 * (Ctrl-C, SIGTERM and SIGHUP through core/interrupt.c: flags the loop
 * reads), and
 * drawing: the rendered grid, the help overlay and the prompt line are
 * blitted to the screen cell by cell.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "core/interrupt.h"
#include "core/xmalloc.h"
#include "tui/explore-int.h"

/*
 * Signals: Ctrl-C, SIGTERM and SIGHUP are the interrupt module's (flags
 * the loop reads); fatal ones give the terminal back.
 */
static volatile sig_atomic_t explore_active;
static struct sigaction explore_old[NSIG];
static const int explore_fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
    SIGABRT };

/* A fatal signal: give the terminal back, then die of it. */
static void
explore_on_fatal(int sig)
{
	if (explore_active)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Whether Ctrl-C was pressed since the last call (the flag is cleared):
 * the loop cancels the work in progress, closes the prompt, or quits.
 */
int
explore_term_sigint(void)
{
	if (interrupt_pending() != SIGINT)
		return (0);
	interrupt_clear();
	return (1);
}

/* Whether SIGTERM or SIGHUP came: the loop ends (the flag stays for the caller). */
int
explore_term_sigterm(void)
{
	return (interrupt_pending() == SIGTERM || interrupt_pending() == SIGHUP);
}

/*
 * Install the handlers (on), keeping the old ones and clearing the
 * flags, or put the old ones back (off).
 */
void
explore_term_signals(int on)
{
	struct sigaction	sa;
	size_t			i;

	if (!on) {
		interrupt_restore();
		for (i = 0; i < sizeof explore_fatal / sizeof explore_fatal[0];
		    i++)
			sigaction(explore_fatal[i], &explore_old[explore_fatal[i]],
			    NULL);
		return;
	}
	interrupt_install(0);
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = explore_on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof explore_fatal / sizeof explore_fatal[0]; i++)
		sigaction(explore_fatal[i], &sa, &explore_old[explore_fatal[i]]);
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

/* Draw everything and show it. */
void
explore_term_draw(struct explore *X)
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
		else if (X->task.kind == TASK_PAIRS)
			snprintf(msg, sizeof msg, "comparing models A and B on "
			    "every row: %zu of %zu (Esc cancels)",
			    atomic_load(&X->task.progress), X->task.last -
			    X->task.first);
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
	} else if (src.ex == NULL && !X->task.running &&
	    X->row_off == (long)X->row) {
		snprintf(msg, sizeof msg, "row %zu: cancelled; Ctrl-L explains "
		    "it again", X->row);
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
		explore_key_help(X);
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

/* Start curses; 0, or -1 when there is no terminal. */
int
explore_term_start(struct explore *X, struct gs_error *err)
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
		explore_term_end(X);
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

/* Give the terminal back. */
void
explore_term_end(struct explore *X)
{
	endwin();
	delscreen(X->scr);
	X->scr = NULL;
	explore_active = 0;
}

/*
 * For the benchmark: a w x h terminal of type term writing to out and
 * reading in, with colours when it has them and Unicode drawing. Returns
 * -1 when curses cannot start one.
 */
int
explore_term_start_bench(struct explore *X, const char *term, FILE *out,
    FILE *in, int w, int h)
{
	if ((X->scr = newterm(term, out, in)) == NULL)
		return (-1);
	explore_active = 1;
	resize_term(h, w);
	if (has_colors() && start_color() == OK) {
		use_default_colors();
		X->tier = theme_tier(COLORS);
	} else
		X->tier = GS_TIER_MONO;
	X->utf8_ok = 1;
	X->caps.term = 1;
	return (0);
}

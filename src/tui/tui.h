/* SPDX-License-Identifier: ISC */
/*
 * The terminal front ends of the renderer: the options every entry point
 * shares (--view, --dump-screen, --ascii, --color, --theme), text output
 * (`gshap explain --format text` charts and --dump-screen) and the
 * full-screen explorer, opened by `gshap explain --view` and the REPL's
 * view command.
 */
#ifndef GS_TUI_H
#define GS_TUI_H

#include <stddef.h>
#include <stdio.h>

#include "attr/attr.h"
#include "core/error.h"
#include "session/cache.h"
#include "session/export.h"
#include "session/features.h"
#include "session/job.h"
#include "session/session.h"
#include "tui/render.h"

/* --color. */
enum gs_color_when {
	GS_COLOR_AUTO,		/* colour on a terminal unless NO_COLOR is set */
	GS_COLOR_NEVER,		/* never */
	GS_COLOR_ALWAYS		/* always, even in a pipe or under NO_COLOR */
};

/* Options of the text and terminal front ends. */
struct gs_tui_opts {
	int		 view_set;	/* --view was given */
	enum gs_view	 view;		/* the view to open or dump */
	int		 dump_w;	/* --dump-screen columns, 0: no dump */
	int		 dump_h;	/* --dump-screen rows */
	int		 ascii;		/* --ascii: no Unicode drawing */
	enum gs_color_when color;	/* --color */
	const char	*theme;		/* --theme NAME or FILE, or NULL */
	size_t		 k;		/* rows shown (10) */
	int		 groups;	/* charts show group attributions */
	int		 stack;		/* importance: the rows' classes stacked */
};

/* Explanations kept for a dump (deep copies). */
struct gs_tui_rows {
	struct gs_result	**v;	/* n results (they point into themselves: never moved), owned */
	size_t			 n;	/* how many */
	size_t			 cap;	/* allocated */
	/* What the teaching views recompute from (borrowed; e NULL: none). */
	struct gs_explainer	*e;	/* the explainer of the rows */
	const struct gs_attr_opts *opts; /* its options */
	const struct gs_baseline *bl;	/* its baseline set, or NULL */
	const struct gs_noise	*nz;	/* its input noise, or NULL */
	const struct gs_groups	*groups; /* feature groups, or NULL */
	int			 impute; /* fill missing cells with means */
	struct gs_explain_job	*pair;	/* the models view's comparison job, or NULL */
	const char		*model_b; /* model B's name, or NULL */
};

/* Defaults: bar view, no dump, colour auto. */
void	tui_opts_default(struct gs_tui_opts *t);

/*
 * Parse one option: opt is "view", "dump-screen", "ascii", "color" or
 * "theme", arg its value (NULL for ascii). Errors: GS_EINVAL with a message
 * naming the option and what it takes.
 */
int	tui_opts_parse(struct gs_tui_opts *t, const char *opt, const char *arg,
	    struct gs_error *err);

/* Whether t asks for a dump or the explorer instead of plain output. */
int	tui_wanted(const struct gs_tui_opts *t);

/*
 * Write one explanation in fmt; for text, after export_explanation's
 * header and table comes the bar chart, in the width of the terminal on f
 * (80 when f is not one), UTF-8 when the locale is, coloured per --color.
 */
void	tui_export(FILE *f, enum gs_format fmt, const struct gs_export_info *info,
	    const struct gs_explanation *ex, const struct gs_tui_opts *t);

/*
 * Draw view (bar, force, ...) of ex as text on f, the body only, width
 * columns (0: the terminal's on f, else 80); t (NULL: defaults) gives k,
 * groups, ASCII and colour. The REPL, Lua and `--format text` draw here.
 */
void	tui_chart(FILE *f, const struct gs_export_info *info,
	    const struct gs_explanation *ex, const struct gs_tui_opts *t,
	    enum gs_view view, int width);

/* The same for views over many rows (summary, importance): many[0] is the current one. */
void	tui_chart_many(FILE *f, const struct gs_export_info *info,
	    const struct gs_explanation *const *many, size_t n,
	    const struct gs_tui_opts *t, enum gs_view view, int width);

/* Whether the locale is UTF-8 with U+2588 one column wide (block glyphs work). */
int	tui_locale_utf8(void);

/* The features of src->ex as drawn: its labels and imputed count. */
struct gs_tui_feats {
	struct gs_features	 fs;		/* the features (features_get) */
	char			**labels;	/* fs.n labels, owned, or NULL */
};

/*
 * Point src at the features of src->ex as info gives them (its session,
 * or its data and input columns; export_features): when a category is one
 * feature, src->glabels labels each ("Home = rent", "(median) 125 =
 * Income") and *groups is set to draw them; src gets the session (class
 * names) and the count of imputed values. tf holds what src borrows
 * until tui_feats_clear.
 */
void	tui_feats_src(struct gs_tui_feats *tf, struct gs_render_src *src,
	    const struct gs_export_info *info, int *groups);
void	tui_feats_clear(struct gs_tui_feats *tf);

/* Keep a copy of ex (explanation_copy) for a dump. */
void	tui_rows_add(struct gs_tui_rows *r, const struct gs_explanation *ex);
void	tui_rows_free(struct gs_tui_rows *r);

/*
 * Render t->view at t->dump_w x t->dump_h for the kept rows (the first is
 * the current one; summary views use all; compare the first two) and write
 * it to f. s gives names, row count and the image shape. The teaching
 * views compute their data for the first row from r->e (the path from
 * baseline row 0, the trace at its last sample); a view that does not
 * apply says why on the screen.
 * Errors: GS_EINVAL (compare with fewer than two rows, nothing explained,
 * a teaching view without r->e), those of dataset_row.
 */
int	tui_dump(FILE *f, const struct gs_tui_opts *t, const struct gs_session *s,
	    const struct gs_export_info *info, const struct gs_tui_rows *r,
	    struct gs_error *err);

/* The theme asked for: --theme, else $GSHAP_THEME, else NULL (default). */
const char *tui_theme_name(const struct gs_tui_opts *t);

/* Whether colours are used for output on fd under t (NO_COLOR, --color). */
int	tui_color_on(const struct gs_tui_opts *t, int fd);

/* Where the explorer was, kept across reopenings (after a ':' command). */
struct gs_explore_state {
	int		 valid;		/* filled by an earlier tui_explore */
	enum gs_view	 view;		/* the view */
	size_t		 row;		/* the row */
	long		 cursor;	/* the cursor row */
};

/* What the explorer works on. Everything is borrowed. */
struct gs_explore {
	struct gs_session	*s;		/* model and data */
	struct gs_explain_job	*job;		/* what explaining needs (session/job.h) */
	struct gs_explain_job	*pair;		/* the models view's comparison job, or NULL */
	size_t			 row;		/* the row to open at */
	size_t			 first;		/* rows of the summary views: first.. */
	size_t			 last;		/* ..last - 1 (last == first: the first 200) */
	/*
	 * Run a ':' command line (the REPL's), or NULL when there is none.
	 * Returns -1 (failed), 0, 1 (settings changed: reopen) or 2 (quit).
	 */
	int			(*command)(void *arg, const char *line);
	/*
	 * Read the ':' line with the caller's line editor (the REPL's
	 * readline, with its completion and history) while the screen is put
	 * aside; NULL: the explorer's own one-line editor. Returns a line the
	 * explorer frees, or NULL at end of input.
	 */
	char			*(*read_line)(void *arg, const char *prompt);
	void			*arg;		/* passed to command and read_line */
	struct gs_explore_state	*state;		/* in and out, or NULL */
};

/*
 * Open the full-screen explorer on a terminal and return when the user
 * quits: 0, or 1 when a ':' command changed settings and the caller should
 * rebuild what x points to and call it again (x->state keeps the place).
 * The terminal is restored on return, on errors and on fatal signals.
 * Errors (-1): GS_EIO (no terminal), GS_EINVAL, those of explainer_new.
 */
int	tui_explore(const struct gs_explore *x, const struct gs_tui_opts *t,
	    struct gs_error *err);

/* Timings of the explorer, for the benchmark. */
struct gs_tui_bench {
	size_t		 nkeys;		/* key presses timed */
	double		*key_ms;	/* each: key to redrawn screen, cached rows; owned */
	size_t		 nwhatif;	/* what-if edits timed */
	double		*whatif_ms;	/* each: key to the screen with the new explanation; owned */
	double		 summary_ms;	/* explaining the summary rows before */
};

/*
 * For the benchmark: run the explorer on a w x h terminal of type term
 * whose output goes to out (nothing is read), explain the first row and
 * the summary rows, then time each key of keys (from key press to the
 * redrawn screen, all from cached explanations) and nwhatif what-if
 * edits (+ and - in turn on the cursor feature: explaining the edited row
 * and redrawing). The caller frees b's arrays. Errors: as tui_explore.
 */
int	tui_explore_bench(const struct gs_explore *x, const struct gs_tui_opts *t,
	    const char *term, FILE *out, int w, int h, const char *keys,
	    size_t nwhatif, struct gs_tui_bench *b, struct gs_error *err);

/*
 * For the benchmark: open the explorer (80 x 24, output to out) on view,
 * let it start its work (the row, the summary rows or a teaching view's
 * data; for the models view, the row and then every row by models A and
 * B, its list of key D), wait delay_ms, press key (27 Esc, 'q', or Ctrl-C as the loop
 * handles SIGINT) and put into *ms the time from the key to the redrawn
 * screen with the work stopped; -1 when the work ended before the key.
 * Errors: as tui_explore.
 */
int	tui_explore_bench_cancel(const struct gs_explore *x,
	    const struct gs_tui_opts *t, const char *term, FILE *out,
	    enum gs_view view, int key, long delay_ms, double *ms,
	    struct gs_error *err);

#endif

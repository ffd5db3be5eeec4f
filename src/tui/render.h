/* SPDX-License-Identifier: ISC */
/*
 * Rendering explanations into a cell grid, with no terminal: the bar
 * chart, force plot, waterfall, beeswarm summary, importance bars,
 * dependence scatter, image heat map and side-by-side comparison, and the
 * teaching views (exact vs estimate, quality metrics, path, trace,
 * convergence), each in UTF-8 and ASCII, readable without colour, inside
 * a frame (header with
 * model, data, row, output, f(x), base, gap, method, baseline, samples and
 * seed; key hints). The explorer, `gshap explain --format text` and
 * `--dump-screen` all draw through here.
 */
#ifndef GS_RENDER_H
#define GS_RENDER_H

#include <stddef.h>

#include "attr/attr.h"
#include "attr/compare.h"
#include "tui/grid.h"

/* The views, in tab order: one row each in render-views.h. */
enum gs_view {
#define GS_VIEW_ROW(id, ...)	GS_VIEW_##id,
#include "tui/render-views.h"
#undef GS_VIEW_ROW
	GS_VIEW_COUNT
};

/* Feature orders (key s). */
enum gs_sort {
	GS_SORT_ABS,		/* |phi| descending (shap) */
	GS_SORT_DESC,		/* phi descending */
	GS_SORT_ASC,		/* phi ascending */
	GS_SORT_NAME,		/* by name */
	GS_SORT_INDEX,		/* the model's input order */
	GS_SORT_COUNT
};

/*
 * The value axis of force and waterfall (key o): the model's own scale,
 * or its other one: probabilities for a logit, log-odds for a
 * probability (model_output_scale says which an output is on).
 */
enum gs_axis {
	GS_AXIS_RAW,		/* the output as it is */
	GS_AXIS_PROB,		/* ticks labelled sigmoid(t): the output is a logit */
	GS_AXIS_LOGODDS,	/* ticks labelled log(t / (1 - t)): a probability */
	GS_AXIS_COUNT
};

/* What the output may use (TUI.md section 0). */
struct gs_caps {
	int	utf8;		/* block, braille and box characters */
	int	term;		/* drawn by the explorer: A_REVERSE tricks, U+2212 */
	int	color;		/* colours will show (else glyphs carry it all) */
};

/* How to draw. */
struct gs_render_opts {
	enum gs_view	 view;		/* which view */
	size_t		 k;		/* rows shown, the rest summed (0: all) */
	int		 ci;		/* error bars of +-z standard errors */
	double		 z;		/* 1.96 for 95 % */
	enum gs_sort	 sort;		/* feature order */
	int		 reverse;	/* reverse that order */
	double		 pin;		/* bar view: fixed max |phi| (0: fit the row) */
	int		 novalues;	/* labels without "value = " */
	int		 prob;		/* value axis: an enum gs_axis */
	int		 groups;	/* group attributions instead of features */
	long		 cursor;	/* cursor row in display order, -1: none */
	size_t		 feature;	/* the cursor feature (dependence, detail) */
	int		 frame;		/* draw the header, tabs and key hints */
	size_t		 step;		/* trace view: the sample shown */
	int		 stack;		/* importance view: many holds the rows
					   explained for several classes; a bar
					   per feature stacks each class's
					   mean |phi| */
	int		 conv_multi;	/* convergence view: the top 5 features
					   as lines, no bands */
	const char	*status;	/* a message for the last line, or NULL */
	int		 status_warn;	/* status is an error */
	int		 models_list;	/* models view: 0 the row, 1 the rows by
					   disagreement, 2 the rows whose
					   predictions agree but reasons do not */
	long		 list_cursor;	/* models view: the list's cursor line */
};

struct gs_compare;
struct gs_metrics;
struct gs_path;
struct gs_trace;
struct gs_convergence;

/* What is drawn: one explanation, or many, or two. All borrowed. */
struct gs_session;

struct gs_render_src {
	const char	*model;		/* model name */
	const char	*data;		/* dataset name */
	const char	*output;	/* graph output name */
	const char	*baseline_desc;	/* what the baseline set holds, or NULL */
	const char *const *names;	/* d feature names */
	size_t		 nrows;		/* rows in the dataset (for "row R/N") */
	size_t		 row;		/* the current row, also while ex is NULL */
	size_t		 img_c;		/* image channels, 0: not an image */
	size_t		 img_h;		/* image height */
	size_t		 img_w;		/* image width */
	const struct gs_explanation *ex;	/* the current row */
	const struct gs_explanation *const *many; /* rows for summary views */
	size_t		 nmany;		/* how many */
	const struct gs_explanation *other;	/* the compare view's second one */
	const char	*label;		/* what ex is in compare ("row 3") */
	const char	*other_label;	/* what other is ("what-if") */
	const char	*whatif;	/* "a = 2 -> 3" when ex is an edited row, or NULL */
	const char *const *glabels;	/* ex's groups as drawn ("Home = rent",
					   "(median) 125 = Income"), or NULL */
	const struct gs_session *s;	/* names the output's classes ("P(good)"), or NULL */
	size_t		 imputed;	/* values of ex the missing-value policy filled in */
	int		 cls_fixed;	/* every row is explained for class cls */
	size_t		 cls;		/* that class (names the output while ex
					   is NULL), when cls_fixed */
	/* The teaching views' data (src/tui/teachdata.c), all or any NULL. */
	const struct gs_explanation *exact;	/* exact Shapley values of ex's row */
	const struct gs_compare *compare;	/* ex beside what it estimates, or NULL */
	const struct gs_metrics *metrics;	/* metrics of ex, NULL: ex->metrics */
	const struct gs_path *path;		/* f along one baseline's path */
	const struct gs_trace *trace;		/* Gradient SHAP's samples */
	const struct gs_convergence *conv;	/* estimates against samples */
	const char	*teach_msg;	/* why the view has no data, or NULL */
	const struct gs_paired *pair;	/* models: the row by models A and B, or NULL */
	const char	*model_a;	/* models: model A's name, or NULL */
	const char	*model_b;	/* models: model B's name, or NULL */
	/* The models view's row lists (o->models_list), all or any NULL. */
	const struct gs_cmp_summary *pairs;	/* every row by A and B, or NULL */
	const size_t	*pairs_order;	/* indices into pairs->rows, listed order */
	size_t		 pairs_n;	/* how many */
	const char	*pairs_how;	/* the draws ("gradshap, 200 samples, seed 0") */
	const char	*pairs_msg;	/* why there is no list (yet), or NULL */
};

/* View class flags. */
#define GS_VIEW_MANY	0x1	/* draws the summary rows, not one row */
#define GS_VIEW_TEACH	0x2	/* a teaching view: data from teachdata.c,
				   tabs in a second group */
#define GS_VIEW_PAIR	0x4	/* needs two models: its tab shows only with
				   a model B (src->model_b), last in its group */

/*
 * A view class (htop's panel classes): what the explorer's keys, tabs,
 * help and hints, --view and the CLI's list know of a view. render.c
 * makes one from each row of render-views.h.
 */
struct gs_view_class {
	const char	*name;		/* "bar": --view, :view, lists */
	const char	*title;		/* "Bar": its tab */
	const char	*tab;		/* "Bar": its tab when room is short */
	int		 key;		/* '1': the explorer's key */
	const char	*help;		/* its words in the help overlay */
	int		 min_w;		/* smallest screen it is drawn on */
	int		 min_h;		/* .. and its height */
	int		 flags;		/* GS_VIEW_* */
	const char	*hints;		/* the key hints line */
	/* Draw the body into rows [y0, y0 + h) of g. */
	void		(*draw)(struct gs_grid *g, int y0, int h,
			    const struct gs_render_src *src,
			    const struct gs_render_opts *o,
			    const struct gs_caps *caps);
	/* Rows the body needs at most in text output. */
	int		(*body_rows)(const struct gs_render_src *src,
			    const struct gs_render_opts *o);
};

/* The class of view v, or NULL when v is not one. */
const struct gs_view_class *render_view_class(enum gs_view v);

/* Names of the views ("bar", ...) and parsing them (unique prefixes too). */
const char	*render_view_name(enum gs_view v);
int		 render_view_parse(const char *s, enum gs_view *out);

/* The view opened by key (an explorer key, '1' or 'M'); -1 when none. */
int		 render_view_by_key(int key, enum gs_view *out);

/*
 * Every view's name in tab order, comma separated ("bar, waterfall,
 * ..."), into buf of size bytes (cut to it). For usage texts and errors;
 * returns buf.
 */
char		*render_view_list(char *buf, size_t size);
const char	*render_sort_name(enum gs_sort s);

/* Options at their defaults (bar view, k = 10, 95 % intervals). */
void		 render_opts_default(struct gs_render_opts *o);

/*
 * Draw the whole screen into g (its size is the screen's): the frame and
 * the view, or "terminal too small" when g is under the view's minimum.
 */
void		 render_screen(struct gs_grid *g, const struct gs_render_src *src,
		    const struct gs_render_opts *o, const struct gs_caps *caps);

/*
 * Draw only the view's body into g (no frame): what `--format text`
 * prints under its header. Returns the rows used.
 */
int		 render_body(struct gs_grid *g, const struct gs_render_src *src,
		    const struct gs_render_opts *o, const struct gs_caps *caps);

/* Rows the body of view needs at most for this source (for text output). */
int		 render_body_rows(const struct gs_render_src *src,
		    const struct gs_render_opts *o);

/* Whether view v is a teaching view (its data comes from teachdata.c). */
int		 render_view_teach(enum gs_view v);

/* Whether view v draws many rows (the summary rows). */
int		 render_view_many(enum gs_view v);

/* Smallest screen each view is drawn on. */
void		 render_min_size(enum gs_view v, int *w, int *h);

/* Rows of the cursor list in view (features shown, with the rest row). */
size_t		 render_cursor_rows(const struct gs_render_src *src,
		    const struct gs_render_opts *o, int h);

/*
 * The feature (or group) index at display row i of the bar view's order,
 * or -1 for the collapsed row and beyond.
 */
long		 render_feature_at(const struct gs_render_src *src,
		    const struct gs_render_opts *o, size_t i);

/* Decimals for numbers whose largest magnitude is m (TUI.md G4). */
int		 render_decimals(double m);

/*
 * Format v with d decimals and a sign ('+' or '-'; U+2212 when utf8minus),
 * dropping trailing zeros when strip. Returns buf.
 */
char		*render_signed(char *buf, size_t size, double v, int d, int strip,
		    int utf8minus);

/* A feature value as shown: integers verbatim, else 4 significant digits. */
char		*render_value(char *buf, size_t size, double v);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * What the view renderers (render-*.c) share: the rows of a chart after
 * sorting and collapsing, labels, glyphs for sub-cell bars, axes with nice
 * ticks. Internal to src/tui/render*.c.
 */
#ifndef GS_RENDER_INT_H
#define GS_RENDER_INT_H

#include "tui/render.h"

/* Smallest screen of all (the bar view's). */
#define RENDER_MIN_W	40
#define RENDER_MIN_H	12
/* Rows the frame takes: title, tabs, summary, method; detail, hints. */
#define RENDER_TOP	4
#define RENDER_BOTTOM	2

/* Sub-cell units per cell: eighths, halves or whole cells (TUI.md G1). */
#define RENDER_UNIT(caps)	((caps)->utf8 ? ((caps)->term ? 8 : 2) : 1)

/* Glyphs with an ASCII twin. */
#define RENDER_G(caps, u, a)	((caps)->utf8 ? (uint32_t)(u) : (uint32_t)(a))

/* The attributions a view draws: features, or groups. */
struct render_items {
	size_t		 n;		/* how many */
	const char *const *names;	/* their names */
	const double	*value;		/* feature values, or NULL (groups) */
	const double	*phi;		/* attributions */
	const double	*se;		/* standard errors, or NULL */
	int		 groups;	/* these are groups */
	int		 features;	/* groups that are a user's features (glabels) */
};

/* One row of a chart. */
struct render_row {
	long		 idx;		/* feature or group index, -1: the rest */
	const char	*name;		/* its name (borrowed), NULL for the rest */
	double		 value;		/* feature value, NaN when none */
	double		 phi;		/* attribution (the rest: their sum) */
	double		 se;		/* standard error, NaN when none */
	size_t		 nrest;		/* features in the collapsed row */
};

/* A value axis over columns [x0, x0 + w). */
struct render_axis {
	double		 lo;		/* value at the left edge of x0 */
	double		 hi;		/* value at the right edge of x0 + w - 1 */
	int		 x0;		/* first column */
	int		 w;		/* columns */
	int		 unit;		/* sub-cell units per column */
};

/* Fill it with what ex shows under o (groups when asked and present). */
void	render_items_get(const struct gs_explanation *ex,
	    const struct gs_render_src *src, const struct gs_render_opts *o,
	    struct render_items *it);

/* A sort beyond enum gs_sort's, for render_order: |phi| ascending. */
#define RENDER_SORT_ABS_ASC	GS_SORT_COUNT

/*
 * Sort n feature (or group) indices in order by mode, an enum gs_sort or
 * RENDER_SORT_ABS_ASC; ties go by index. Safe on any thread.
 */
void	render_order(const struct render_items *it, size_t *order, size_t n,
	    int mode);

/*
 * The rows to draw: at most kmax (0: all), the k - 1 largest |phi| and a
 * collapsed row when there are more (TUI.md G5), in o's order. *out is
 * allocated (caller frees); returns the count.
 */
size_t	render_rows(const struct render_items *it,
	    const struct gs_render_opts *o, size_t kmax, int sort,
	    struct render_row **out);

/* "value = name", or "Sum of N other features" (prefix_sum) / "N other features". */
void	render_label(char *buf, size_t size, const struct render_row *r,
	    const struct render_items *it, int novalues, int prefix_sum,
	    int maxw, int ascii);

/* The rest row's words: "features" or "groups". */
const char *render_rest_word(const struct render_items *it);

/* Position of v in units from a->x0 (rounded boundary, TUI.md G2). */
long	render_axis_units(const struct render_axis *a, double v);
/* The column holding value v (clamped to the axis). */
int	render_axis_col(const struct render_axis *a, double v);

/*
 * Draw units [u0, u1) (from column x0, unit per column) on row y as a bar
 * with sub-cell ends: block eighths (left ends by the A_REVERSE trick
 * when caps->term), half cells in text, fill characters in ASCII.
 * ascii_fill is the ASCII character ('+', '-', ':').
 */
void	render_axis_bar(struct gs_grid *g, int y, int x0, long u0, long u1,
	    int unit, int role, int attr, const struct gs_caps *caps,
	    uint32_t ascii_fill);

/* A soft band [u0, u1): shade characters in text, soft colour in the TUI. */
void	render_axis_band(struct gs_grid *g, int y, int x0, long u0, long u1,
	    int unit, int role, const struct gs_caps *caps);

/*
 * Draw the axis line on row y with ticks (and the tick labels on y + 1),
 * a mark at zero when zero_mark, in the axis's domain. prob (enum
 * gs_axis) relabels the ticks: sigmoid(t) for a logit, log-odds for a
 * probability (no label outside (0, 1)). Returns the number of ticks.
 */
int	render_axis_ticks(struct gs_grid *g, int y, const struct render_axis *a,
	    const struct gs_caps *caps, int zero_mark, int prob, int up);

/* A nice tick step for range over about n ticks (1, 2, 2.5, 5 x 10^k). */
double	render_axis_step(double range, int n);

/*
 * The multiples of step in [lo, hi]: the first is *k0 * step; returns
 * how many (at most 200), 0 when step cannot mark that range (not
 * finite, or too fine for the numbers' precision).
 */
int	render_axis_range(double lo, double hi, double step, long *k0);

/* Text of a tick value at step (decimals from the step). */
void	render_axis_label(char *buf, size_t size, double v, double step,
	    const struct gs_caps *caps);

/* Centre s on row y between columns x0 and x0 + w. */
void	render_center(struct gs_grid *g, int y, int x0, int w, const char *s,
	    int role, int attr);

/*
 * f(x) or the base as shown: 3 decimals (shap's %0.03f), 3 significant
 * digits when that would show 0.000 for a non-zero value. Returns buf.
 */
char	*render_fx(char *buf, size_t size, double v, const struct gs_caps *caps);

/*
 * ex's base as "LABEL = value", labelled by what it is
 * (explanation_base_label: "E[f(b)] over 569 rows", "f(zeros)", ...;
 * shortform leaves out " over N rows"). Returns buf.
 */
char	*render_base(char *buf, size_t size, const struct gs_explanation *ex,
	    int shortform, const struct gs_caps *caps);

/*
 * The completeness gap with its verdict: "gap +0.0133 +/- 0.064 within
 * noise" (the SE when with_se and the method has one), as the JSON
 * record's gap, gap_se and gap_verdict. Returns buf.
 */
char	*render_gap(char *buf, size_t size, const struct gs_explanation *ex,
	    int with_se, const struct gs_caps *caps);

/*
 * f(x) on the other scale of axis (GS_AXIS_*): " (p 0.5)" for a logit,
 * " (log-odds -6.59)" for a probability; "" for GS_AXIS_RAW.
 */
char	*render_scale_note(char *buf, size_t size, double fx, int axis);

/* Greatest |phi| (with its interval when ci) over rows. */
double	render_max_abs(const struct render_row *rows, size_t n, int ci,
	    double z);

/*
 * The frame (render-frame.c): the title, tabs, summary and method lines
 * above the body (rows 0 to RENDER_TOP - 1), and the detail or what-if
 * line and the key hints or status below it (the last RENDER_BOTTOM).
 */
void	render_frame_top(struct gs_grid *g, const struct gs_render_src *src,
	    const struct gs_render_opts *o, const struct gs_caps *caps);
void	render_frame_bottom(struct gs_grid *g, const struct gs_render_src *src,
	    const struct gs_render_opts *o, const struct gs_caps *caps);

/* Strings that differ between UTF-8 and ASCII. */
#define RS(caps, u, a)	((caps)->utf8 ? (u) : (a))

/*
 * Each view's functions (render-views.h): its body, drawn into rows
 * [y0, y0 + h), and the rows that body needs at most in text output.
 */
#define GS_VIEW_ROW(id, name, title, tab, key, help, w, h, flags, hints, \
    draw, rows) \
	void	draw(struct gs_grid *, int, int, const struct gs_render_src *, \
		    const struct gs_render_opts *, const struct gs_caps *); \
	int	rows(const struct gs_render_src *, \
		    const struct gs_render_opts *);
#include "tui/render-views.h"
#undef GS_VIEW_ROW

/*
 * A line plot (render-plot.c): a data area of cells with y tick labels
 * on its left and an x axis below, linear or log2 in x. Lines are braille
 * polylines (2 x 4 dots a cell) in UTF-8 and '*' in ASCII; bands are
 * shaded cells (a soft background in the terminal, light shade in text,
 * ':' in ASCII); a dashed line marks a level.
 */
struct render_plot {
	int		 x0;		/* data area: first column */
	int		 y0;		/* data area: first row */
	int		 w;		/* data area: columns */
	int		 h;		/* data area: rows */
	double		 xlo;		/* x at the left edge */
	double		 xhi;		/* x at the right edge */
	double		 ylo;		/* y at the bottom */
	double		 yhi;		/* y at the top */
	int		 logx;		/* x on a log2 axis (xlo > 0) */
	int		 dx;		/* dots per cell across: 2, or 1 in ASCII */
	int		 dy;		/* dots per cell down: 4, or 1 in ASCII */
	int		 xlabels;	/* tick labels under the x axis */
	const struct gs_caps *caps;	/* what may be drawn */
};

/*
 * Lay out a plot in the rectangle of w x h cells at (x, y): the y tick
 * labels take a gutter on the left, the x axis the last row (two with
 * xlabels). Widens [ylo, yhi] a little (a flat line gets a range). Returns
 * -1 when the rectangle is too small for a plot.
 */
int	render_plot_init(struct render_plot *p, int x, int y, int w, int h,
	    double xlo, double xhi, double ylo, double yhi, int logx,
	    int xlabels, const struct gs_caps *caps);
/* Draw the y axis with its labels and the x axis with ticks (and labels). */
void	render_plot_axes(const struct render_plot *p, struct gs_grid *g);
/* Shade the band between lo and hi over n points (x ascending). */
void	render_plot_band(const struct render_plot *p, struct gs_grid *g,
	    const double *xs, const double *lo, const double *hi, size_t n,
	    int role);
/* A dashed horizontal line at y, in cells no line has drawn in. */
void	render_plot_hline(const struct render_plot *p, struct gs_grid *g,
	    double y, int role);
/* The polyline through n points (x ascending); y outside is clipped. */
void	render_plot_line(const struct render_plot *p, struct gs_grid *g,
	    const double *xs, const double *ys, size_t n, int role);
/* Marks on the x axis row at n x positions (quadrature nodes, samples). */
void	render_plot_xmarks(const struct render_plot *p, struct gs_grid *g,
	    const double *xs, size_t n, int role);
/* The column of x and the row of y (clamped to the data area). */
int	render_plot_col(const struct render_plot *p, double x);
int	render_plot_row(const struct render_plot *p, double y);

/* Rows the heat view needs at most in w columns (for text output). */
int	render_heat_rows(const struct gs_render_src *src, int w,
	    const struct gs_caps *caps);

/* A message in the middle of the body (a view with nothing to show). */
void	render_message(struct gs_grid *g, int y0, int h, const char *msg);

/* The column of v on a strip of w cells from x over [lo, hi], clamped. */
int	render_axis_strip(int x, int w, double lo, double hi, double v);


#endif

/* SPDX-License-Identifier: ISC */
/*
 * SVG figures of one explanation (TUI.md's bar, waterfall, force and heat
 * views, after shap's _bar.py, _waterfall.py, _force.py and _image.py).
 * Rows are picked as the terminal picks them: the k - 1 largest |phi|
 * (explanation_order: ties by index, NaN last) and "Sum of N other
 * features". Positions are linear in the attributions, so a bar's width
 * is |phi| times the figure's scale; error bars span phi +- 1.96 SE.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/visible.h"
#include "core/xmalloc.h"
#include "session/svg.h"

/* Geometry, in px. */
#define SVG_WIDTH	720	/* default figure width */
#define SVG_ROW		24	/* one row */
#define SVG_BAR		14	/* a bar's height */
#define SVG_TOP		44	/* title and subtitle */
#define SVG_AXIS	44	/* axis, ticks and caption */
#define SVG_NUMS	136	/* the column of numbers on the right */
#define SVG_HEAT_MAX	64	/* heat map cells per side before pooling */

static const char *svg_figure_names[] = { "bar", "waterfall", "force",
    "heat" };
_Static_assert(sizeof svg_figure_names / sizeof svg_figure_names[0] ==
    GS_FIGURE_COUNT, "svg_figure_names out of step with enum gs_figure");

static const char *svg_palette_names[] = { "screen", "print" };
_Static_assert(sizeof svg_palette_names / sizeof svg_palette_names[0] ==
    GS_SVG_PALETTE_COUNT, "svg_palette_names out of step with enum gs_svg_palette");

/* The colours of a palette. */
struct svg_colours {
	const char	*pos;		/* positive attributions */
	const char	*neg;		/* negative attributions */
	const char	*pos_alt;	/* every other positive force segment */
	const char	*neg_alt;	/* every other negative force segment */
	const char	*text;		/* labels */
	const char	*axis;		/* axis and ticks */
	const char	*grid;		/* zero line, guides */
};

/*
 * screen: the default theme's roles (shap's #ff0051 and #008bfb, the
 * force view's alternates 161 and 26); print: the cb theme's orange and
 * blue, which differ in lightness by 37 (CIELAB) and stay apart in grey.
 */
static const struct svg_colours svg_palettes[] = {
	{ "#ff0051", "#008bfb", "#d7005f", "#005fd7", "#333333", "#999999",
	  "#cccccc" },
	{ "#ffaf00", "#005faf", "#d78700", "#0087d7", "#000000", "#555555",
	  "#aaaaaa" },
};
_Static_assert(sizeof svg_palettes / sizeof svg_palettes[0] ==
    GS_SVG_PALETTE_COUNT, "svg_palettes out of step with enum gs_svg_palette");

/* ColorBrewer RdBu-11 from negative (blue) to positive (red). */
static const char *svg_heat[11] = { "#053061", "#2166ac", "#4393c3",
    "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d",
    "#b2182b", "#67001f" };

/* One row of a chart. */
struct svg_row {
	const char	*name;		/* feature or group name; NULL: the rest */
	double		 value;		/* its input value, NaN: none */
	double		 phi;		/* attribution */
	double		 se;		/* standard error, NaN: none */
	char		 label[128];	/* its label when not name (features_label) */
};

/* What a figure draws from. */
struct svg_fig {
	const struct gs_canvas	*cv;		/* where it is drawn */
	const struct gs_explanation *ex;	/* the explanation */
	const struct gs_svg_opts *o;		/* options */
	const struct svg_colours *c;		/* colours */
	struct svg_row		*rows;		/* the chart's rows, owned */
	size_t			 n;		/* how many */
	size_t			 rest;		/* features summed in the last row, 0: none */
	int			 groups;	/* the rows are groups */
	int			 w;		/* width */
	char			 restname[64];	/* "Sum of N other features" */
};

void
svg_opts_default(struct gs_svg_opts *o)
{
	memset(o, 0, sizeof *o);
	o->figure = GS_FIGURE_BAR;
	o->palette = GS_SVG_PALETTE_SCREEN;
	o->k = 10;
	o->width = SVG_WIDTH;
}

const char *
svg_figure_name(enum gs_figure f)
{
	return (svg_figure_names[f]);
}

const char *
svg_palette_name(enum gs_svg_palette p)
{
	return (svg_palette_names[p]);
}

int
svg_figure_parse(const char *s, enum gs_figure *out, struct gs_error *err)
{
	int	i;

	for (i = 0; i < GS_FIGURE_COUNT; i++) {
		if (strcmp(s, svg_figure_names[i]) == 0) {
			*out = i;
			return (0);
		}
	}
	return (gs_error_set(err, GS_EINVAL, "unknown figure '%s' (bar, "
	    "waterfall, force, heat)", s));
}

int
svg_palette_parse(const char *s, enum gs_svg_palette *out, struct gs_error *err)
{
	int	i;

	for (i = 0; i < GS_SVG_PALETTE_COUNT; i++) {
		if (strcmp(s, svg_palette_names[i]) == 0) {
			*out = i;
			return (0);
		}
	}
	return (gs_error_set(err, GS_EINVAL, "unknown palette '%s' (screen, "
	    "print)", s));
}

void
image_shape(const long long *dims, int ndim, size_t d, size_t *c, size_t *h,
    size_t *w)
{
	size_t	s;

	*c = *h = *w = 0;
	if (ndim == 4 && dims[1] > 0 && dims[2] > 1 && dims[3] > 1 &&
	    (size_t)(dims[1] * dims[2] * dims[3]) == d) {
		*c = (size_t)dims[1];
		*h = (size_t)dims[2];
		*w = (size_t)dims[3];
		return;
	}
	if (ndim == 3 && dims[1] > 1 && dims[2] > 1 &&
	    (size_t)(dims[1] * dims[2]) == d) {
		*c = 1;
		*h = (size_t)dims[1];
		*w = (size_t)dims[2];
		return;
	}
	/* A flat row of a square number of pixels, 8x8 or more. */
	s = (size_t)llround(sqrt((double)d));
	if (d >= 64 && s * s == d) {
		*c = 1;
		*h = *w = s;
	}
}

void
svg_image_shape(const struct gs_model *m, size_t d, struct gs_svg_opts *o)
{
	const struct gs_shape	*sh = m != NULL ? model_input_shape(m) : NULL;
	long long		 dims[GS_MAX_DIMS];
	int			 i, n = sh != NULL ? sh->ndim : 0;

	for (i = 0; i < n && i < GS_MAX_DIMS; i++)
		dims[i] = (long long)sh->d[i];
	image_shape(dims, i, d, &o->img_c, &o->img_h, &o->img_w);
}

void
svg_xml_text(FILE *f, const char *s)
{
	size_t	 size;
	char	*buf, *p;

	if (s == NULL)
		return;
	size = strlen(s) * 4 + 1;
	buf = xmalloc(size);

	visible_copy(buf, size, s, 0);
	for (p = buf; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*p, f);
		}
	}
	free(buf);
}

/* A number for a label: 4 significant digits (signed), "n/a" for NaN. */
static char *
svg_num(char *buf, size_t size, int sign, double v)
{
	if (!isfinite(v))
		snprintf(buf, size, "n/a");
	else if (sign)
		snprintf(buf, size, "%+.4g", v);
	else
		snprintf(buf, size, "%.4g", v);
	return (buf);
}

void
svg_xml_num(FILE *f, double v, int sign)
{
	char	buf[32];

	fputs(svg_num(buf, sizeof buf, sign, v), f);
}

/*
 * After the keep rows picked: the rest (order[keep..n-1] of phi) summed
 * into one row, "Sum of N other features" (or groups).
 */
static void
svg_rows_rest(struct svg_fig *F, const double *phi, const size_t *order,
    size_t n, size_t keep)
{
	double	rest = 0;
	size_t	i;

	F->n = keep;
	if (keep >= n)
		return;
	for (i = keep; i < n; i++)
		rest += phi[order[i]];
	F->rest = n - keep;
	snprintf(F->restname, sizeof F->restname, "Sum of %zu other %s",
	    F->rest, F->groups ? "groups" : "features");
	F->rows[keep].name = NULL;
	F->rows[keep].value = NAN;
	F->rows[keep].phi = rest;
	F->rows[keep].se = NAN;
	F->n++;
}

/* The rows from features fs, picked as svg_rows picks them. */
static void
svg_rows_features(struct svg_fig *F, const struct gs_features *fs,
    size_t kmax)
{
	const struct gs_feature_row *fr;
	double	*phi;
	size_t	*order, n = fs->n, keep, i;

	if (kmax == 0 || kmax > n)
		kmax = n;
	keep = n > kmax ? (kmax > 1 ? kmax - 1 : 0) : n;
	phi = xcalloc(n + 1, sizeof *phi);
	for (i = 0; i < n; i++)
		phi[i] = fs->rows[i].phi;
	order = xcalloc(n + 1, sizeof *order);
	explanation_order(phi, n, order, NULL);
	F->rows = xcalloc(keep + 1, sizeof *F->rows);
	F->groups = 0;
	for (i = 0; i < keep; i++) {
		fr = &fs->rows[order[i]];
		F->rows[i].name = fr->name;
		F->rows[i].value = NAN;
		F->rows[i].phi = fr->phi;
		F->rows[i].se = fr->se;
		features_label(fr, F->rows[i].label, sizeof F->rows[i].label);
	}
	svg_rows_rest(F, phi, order, n, keep);
	free(order);
	free(phi);
}

/* Pick the rows (the terminal's rule: k - 1 largest |phi|, the rest summed). */
static void
svg_rows(struct svg_fig *F, const char *const *names, size_t kmax)
{
	const struct gs_explanation *ex = F->ex;
	const char *const	*nm = names;
	const double		*phi = ex->phi, *se = ex->se, *val = ex->value;
	size_t			*order, n = ex->d, keep, i;

	if (F->o->features != NULL && (F->o->features->grouped ||
	    !(F->o->groups && ex->groups != NULL && ex->gphi != NULL))) {
		svg_rows_features(F, F->o->features, kmax);
		return;
	}
	if (F->o->groups && ex->groups != NULL && ex->gphi != NULL) {
		n = ex->groups->n;
		nm = (const char *const *)ex->groups->names;
		phi = ex->gphi;
		se = ex->gse;
		val = NULL;
		F->groups = 1;
	}
	if (kmax == 0 || kmax > n)
		kmax = n;
	keep = n > kmax ? (kmax > 1 ? kmax - 1 : 0) : n;
	order = xcalloc(n + 1, sizeof *order);
	explanation_order(phi, n, order, NULL);
	F->rows = xcalloc(keep + 1, sizeof *F->rows);
	for (i = 0; i < keep; i++) {
		F->rows[i].name = nm[order[i]];
		F->rows[i].value = val != NULL ? val[order[i]] : NAN;
		F->rows[i].phi = phi[order[i]];
		F->rows[i].se = se != NULL ? se[order[i]] : NAN;
	}
	svg_rows_rest(F, phi, order, n, keep);
	free(order);
}

/* The name of row r. */
static const char *
svg_row_name(const struct svg_fig *F, const struct svg_row *r)
{
	return (r->name != NULL ? r->name : F->restname);
}

/* Half-width of row r's 95% interval, 0 without an SE. */
static double
svg_ci(const struct svg_row *r)
{
	return (isfinite(r->se) ? 1.96 * r->se : 0);
}

/* Drawing through the canvas. */
static void
svg_rect(struct svg_fig *F, double x, double y, double w, double h,
    const char *fill, const char *cls, const char *name, const double *phi)
{
	F->cv->rect(F->cv->arg, x, y, w, h, fill, cls, name, phi);
}

static void
svg_line(struct svg_fig *F, double x1, double y1, double x2, double y2,
    const char *stroke, int dash, const char *cls)
{
	F->cv->line(F->cv->arg, x1, y1, x2, y2, stroke, dash, cls);
}

static void
svg_text(struct svg_fig *F, double x, double y, int anchor, int size,
    int bold, const char *fill, const char *cls, const char *s)
{
	F->cv->text(F->cv->arg, x, y, anchor, size, bold, fill, cls, s);
}

/* The output explained: its label ("P(bad)"), else "prob[0]", into buf. */
static char *
svg_output(const struct svg_fig *F, const char *output, char *buf,
    size_t size)
{
	if (F->o->label != NULL)
		snprintf(buf, size, "%s", F->o->label);
	else
		snprintf(buf, size, "%s[%zu]", output, F->ex->target);
	return (buf);
}

/* Open the figure: size, title and subtitle. */
static void
svg_begin(struct svg_fig *F, const char *output, int h)
{
	const struct gs_explanation *ex = F->ex;
	char	title[512], out[256], num[32];

	svg_output(F, output, out, sizeof out);
	snprintf(title, sizeof title, "%s of row %zu, %s, %s",
	    svg_figure_name(F->o->figure), ex->row, out,
	    method_name(ex->method));
	F->cv->begin(F->cv->arg, F->w, h, svg_figure_name(F->o->figure), title);
	svg_rect(F, 0, 0, F->w, h, "#ffffff", NULL, NULL, NULL);
	snprintf(title, sizeof title, "row %zu: %s  f(x) = %s", ex->row, out,
	    svg_num(num, sizeof num, 0, ex->fx));
	svg_text(F, 8, 18, GS_ANCHOR_START, 14, 1, F->c->text, NULL, title);
	snprintf(title, sizeof title, "%s", method_name(ex->method));
	if (!isnan(ex->base))
		snprintf(title + strlen(title), sizeof title - strlen(title),
		    ", base %s", svg_num(num, sizeof num, 0, ex->base));
	snprintf(title + strlen(title), sizeof title - strlen(title),
	    ", seed %llu%s", (unsigned long long)ex->opts.seed, ex->se !=
	    NULL && F->o->figure != GS_FIGURE_HEAT ? "; \xc2\xb1 and error "
	    "bars: 95% intervals" : "");
	svg_text(F, 8, 34, GS_ANCHOR_START, 0, 0, F->c->axis, NULL, title);
}

/* A sentence in place of a figure that does not apply. */
static void
svg_refuse(struct svg_fig *F, const char *output, const char *why)
{
	svg_begin(F, output, SVG_TOP + 40);
	svg_text(F, 8, SVG_TOP + 20, GS_ANCHOR_START, 0, 0, F->c->text,
	    "refused", why);
	F->cv->end(F->cv->arg);
}

/* A step of 1, 2 or 5 times a power of ten giving about n ticks over span. */
static double
svg_step(double span, int n)
{
	double	raw = span / n, p = pow(10, floor(log10(raw))), m = raw / p;

	return ((m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p);
}

/* The x axis under a plot from x0 to x1 for values lo..hi, at y; caption below. */
static void
svg_axis(struct svg_fig *F, int x0, int x1, double lo, double hi, int y,
    const char *caption)
{
	double	 step = svg_step(hi - lo, 6), t, x;
	char	 num[32];

	svg_line(F, x0, y, x1, y, F->c->axis, 0, "axis");
	for (t = ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
		x = x0 + (t - lo) * (x1 - x0) / (hi - lo);
		if (fabs(t) < step * 1e-9)
			t = 0;
		svg_line(F, x, y, x, y + 4, F->c->axis, 0, "tick");
		snprintf(num, sizeof num, "%.4g", t);
		svg_text(F, x, y + 16, GS_ANCHOR_MIDDLE, 0, 0, F->c->axis,
		    "tick", num);
	}
	if (*caption != '\0')
		svg_text(F, (x0 + x1) / 2, y + 32, GS_ANCHOR_MIDDLE, 0, 0,
		    F->c->text, "caption", caption);
}

/* A row's label at the left ("value = name" when the value is known). */
static void
svg_label(struct svg_fig *F, const struct svg_row *r, int x, int y,
    int value)
{
	char	buf[256];

	if (r->label[0] != '\0')
		snprintf(buf, sizeof buf, "%s", r->label);
	else if (value && isfinite(r->value))
		snprintf(buf, sizeof buf, "%.4g = %s", r->value,
		    svg_row_name(F, r));
	else
		snprintf(buf, sizeof buf, "%s", svg_row_name(F, r));
	svg_text(F, x, y, GS_ANCHOR_END, 0, 0, F->c->text, "label", buf);
}

/* A row's number at the right, as the terminal's: "+0.123 ± 0.0041". */
static void
svg_number(struct svg_fig *F, const struct svg_row *r, int x, int y)
{
	char	buf[64];

	if (isfinite(r->phi))
		snprintf(buf, sizeof buf, "%+.3g", r->phi);
	else
		snprintf(buf, sizeof buf, "n/a");
	if (isfinite(r->se))
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
		    " \xc2\xb1 %.2g", 1.96 * r->se);
	svg_text(F, x, y, GS_ANCHOR_START, 0, 0, F->c->text, "number", buf);
}

/* A bar: class "bar" (or "push") with the name and attribution it stands for. */
static void
svg_bar_rect(struct svg_fig *F, const char *cls, const struct svg_row *r,
    double x, double y, double w, double h, const char *fill)
{
	char	c[32];

	snprintf(c, sizeof c, "%s%s", cls, r->name == NULL ? " rest" : "");
	svg_rect(F, x, y, w, h, fill, c, svg_row_name(F, r), &r->phi);
}

/* Where the labels end and the plot begins. */
static int
svg_left(const struct svg_fig *F)
{
	return (F->w * 36 / 100);
}

static void
svg_bar(struct svg_fig *F, const char *output)
{
	int	 x0 = svg_left(F), x1 = F->w - SVG_NUMS, h, y;
	double	 lo = 0, hi = 0, s, ci, xa, xb;
	size_t	 i;
	char	 cap[256];

	for (i = 0; i < F->n; i++) {
		if (!isfinite(F->rows[i].phi))
			continue;
		ci = svg_ci(&F->rows[i]);
		lo = fmin(lo, F->rows[i].phi - ci);
		hi = fmax(hi, F->rows[i].phi + ci);
	}
	if (!(hi > lo))
		hi = lo + 1;
	s = (x1 - x0) / (hi - lo);
	h = SVG_TOP + (int)F->n * SVG_ROW + SVG_AXIS + 8;
	svg_begin(F, output, h);
	svg_line(F, x0 - lo * s, SVG_TOP, x0 - lo * s, SVG_TOP + (int)F->n *
	    SVG_ROW, F->c->grid, 0, "zero");
	for (i = 0; i < F->n; i++) {
		const struct svg_row *r = &F->rows[i];
		y = SVG_TOP + (int)i * SVG_ROW;
		svg_label(F, r, x0 - 8, y + 16, 0);
		svg_number(F, r, x1 + 8, y + 16);
		if (!isfinite(r->phi))
			continue;
		svg_bar_rect(F, "bar", r, x0 + (fmin(r->phi, 0) - lo) * s,
		    y + (SVG_ROW - SVG_BAR) / 2.0, fabs(r->phi) * s, SVG_BAR,
		    r->phi >= 0 ? F->c->pos : F->c->neg);
		if ((ci = svg_ci(r)) > 0) {
			xa = x0 + (r->phi - ci - lo) * s;
			xb = x0 + (r->phi + ci - lo) * s;
			svg_line(F, xa, y + SVG_ROW / 2, xb, y + SVG_ROW / 2,
			    F->c->text, 0, "ci");
			svg_line(F, xa, y + SVG_ROW / 2 - 4, xa, y +
			    SVG_ROW / 2 + 4, F->c->text, 0, "ci");
			svg_line(F, xb, y + SVG_ROW / 2 - 4, xb, y +
			    SVG_ROW / 2 + 4, F->c->text, 0, "ci");
		}
	}
	snprintf(cap, sizeof cap, "%s (impact on %s)", F->groups ?
	    "group attribution" : "attribution (SHAP value)", F->o->label !=
	    NULL ? F->o->label : output);
	svg_axis(F, x0, x1, lo, hi, SVG_TOP + (int)F->n * SVG_ROW + 4, cap);
	F->cv->end(F->cv->arg);
}

static void
svg_waterfall(struct svg_fig *F, const char *output)
{
	const struct gs_explanation *ex = F->ex;
	int	 x0 = svg_left(F), x1 = F->w - SVG_NUMS, h, y;
	double	 lo, hi, s, cum, *start, a, b, xe;
	size_t	 i;
	char	 buf[64], num[32];

	if (isnan(ex->base)) {
		svg_refuse(F, output, "No waterfall: this method has no base "
		    "value to start from.");
		return;
	}
	start = xcalloc(F->n + 1, sizeof *start);
	lo = hi = cum = ex->base;
	/* From the bottom (the rest, then the smallest) up to f(x). */
	for (i = F->n; i-- > 0;) {
		start[i] = cum;
		if (isfinite(F->rows[i].phi))
			cum += F->rows[i].phi;
		lo = fmin(lo, cum);
		hi = fmax(hi, cum);
	}
	if (isfinite(ex->fx)) {
		lo = fmin(lo, ex->fx);
		hi = fmax(hi, ex->fx);
	}
	if (!(hi > lo))
		hi = lo + 1;
	s = (x1 - x0) / (hi - lo);
	h = SVG_TOP + 20 + (int)F->n * SVG_ROW + SVG_AXIS + 8;
	svg_begin(F, output, h);
	/* f(x) above the rows, E[f(X)] on the axis. */
	xe = x0 + (cum - lo) * s;
	svg_line(F, xe, SVG_TOP + 14, xe, SVG_TOP + 20, F->c->grid, 1, "fx");
	snprintf(buf, sizeof buf, "f(x) = %s", svg_num(num, sizeof num, 0,
	    ex->fx));
	svg_text(F, xe, SVG_TOP + 10, GS_ANCHOR_MIDDLE, 0, 0, F->c->text, "fx",
	    buf);
	for (i = 0; i < F->n; i++) {
		const struct svg_row *r = &F->rows[i];
		y = SVG_TOP + 20 + (int)i * SVG_ROW;
		svg_label(F, r, x0 - 8, y + 16, 1);
		svg_number(F, r, x1 + 8, y + 16);
		if (!isfinite(r->phi))
			continue;
		a = fmin(start[i], start[i] + r->phi);
		b = fmax(start[i], start[i] + r->phi);
		svg_bar_rect(F, "bar", r, x0 + (a - lo) * s, y + (SVG_ROW -
		    SVG_BAR) / 2.0, (b - a) * s, SVG_BAR, r->phi >= 0 ?
		    F->c->pos : F->c->neg);
		/* The guide to the next step. */
		svg_line(F, x0 + (start[i] + r->phi - lo) * s, y - 4, x0 +
		    (start[i] + r->phi - lo) * s, y + (SVG_ROW - SVG_BAR) / 2,
		    F->c->grid, 0, "guide");
	}
	y = SVG_TOP + 20 + (int)F->n * SVG_ROW;
	snprintf(buf, sizeof buf, "E[f(X)] = %s", svg_num(num, sizeof num, 0,
	    ex->base));
	svg_text(F, x0 + (ex->base - lo) * s, y + 42, GS_ANCHOR_MIDDLE, 0, 0,
	    F->c->text, "base", buf);
	svg_axis(F, x0, x1, lo, hi, y + 4, "");
	F->cv->end(F->cv->arg);
	free(start);
}

/*
 * The force line: positive pushes end at base + sum(phi), the largest
 * nearest, negative ones start there (shap's additive force layout).
 */
static void
svg_force(struct svg_fig *F, const char *output)
{
	const struct gs_explanation *ex = F->ex;
	int	 x0 = 16, x1 = F->w - 16, y = SVG_TOP + 36, h, sign, alt;
	double	 lo, hi, s, end, pos = 0, neg = 0, a, w;
	size_t	 i;
	char	 buf[64], num[32];

	if (isnan(ex->base)) {
		svg_refuse(F, output, "No force plot: this method has no base "
		    "value to start from.");
		return;
	}
	for (i = 0; i < F->n; i++) {
		if (!isfinite(F->rows[i].phi))
			continue;
		if (F->rows[i].phi > 0)
			pos += F->rows[i].phi;
		else
			neg -= F->rows[i].phi;
	}
	end = ex->base + pos - neg;
	lo = fmin(ex->base, end - pos);
	hi = fmax(ex->base, end + neg);
	if (!(hi > lo))
		hi = lo + 1;
	/* Room on both sides, as shap's 1/8 margin. */
	a = (hi - lo) / 8;
	lo -= a;
	hi += a;
	s = (x1 - x0) / (hi - lo);
	h = y + 30 + 24 + SVG_AXIS + 8;
	svg_begin(F, output, h);
	snprintf(buf, sizeof buf, "f(x) = %s", svg_num(num, sizeof num, 0,
	    ex->fx));
	svg_text(F, x0 + (end - lo) * s, y - 14, GS_ANCHOR_MIDDLE, 0, 1,
	    F->c->text, "fx", buf);
	snprintf(buf, sizeof buf, "base %s", svg_num(num, sizeof num, 0,
	    ex->base));
	svg_text(F, x0 + (ex->base - lo) * s, y - 2, GS_ANCHOR_MIDDLE, 0, 0,
	    F->c->axis, "base", buf);
	for (sign = 1; sign >= -1; sign -= 2) {
		a = end;
		alt = 0;
		for (i = 0; i < F->n; i++) {
			const struct svg_row *r = &F->rows[i];
			if (!isfinite(r->phi) || (sign > 0) != (r->phi > 0))
				continue;
			w = fabs(r->phi);
			if (sign > 0)
				a -= w;
			svg_bar_rect(F, "push", r, x0 + (a - lo) * s, y, w * s,
			    18, sign > 0 ? (alt ? F->c->pos_alt : F->c->pos) :
			    (alt ? F->c->neg_alt : F->c->neg));
			/* A label where it fits (10px type: ~6px a character). */
			if (w * s > 6.0 * (double)strlen(svg_row_name(F, r)) +
			    8)
				svg_text(F, x0 + (a + w / 2 - lo) * s, y + 32,
				    GS_ANCHOR_MIDDLE, 10, 0, F->c->text, "label",
				    svg_row_name(F, r));
			if (sign < 0)
				a += w;
			alt = !alt;
		}
	}
	svg_text(F, x0, y + 50, GS_ANCHOR_START, 0, 0, F->c->pos, NULL,
	    "higher \xe2\x86\x92 (pushes up)");
	svg_text(F, x1, y + 50, GS_ANCHOR_END, 0, 0, F->c->neg, NULL,
	    "\xe2\x86\x90 lower (pushes down)");
	svg_axis(F, x0, x1, lo, hi, y + 56, F->o->label != NULL ? F->o->label :
	    output);
	F->cv->end(F->cv->arg);
}

/* qsort: ascending doubles. */
static int
svg_cmp(const void *pa, const void *pb)
{
	double	a = *(const double *)pa, b = *(const double *)pb;

	return (a < b ? -1 : a > b);
}

/*
 * The image and its attribution side by side, pooled to at most
 * SVG_HEAT_MAX cells a side (block sums of phi over channels and pixels,
 * block means of x); the diverging scale is symmetric at the 99.9th
 * percentile of |phi| (shap's _image.py).
 */
static void
svg_heatmap(struct svg_fig *F, const char *output)
{
	const struct gs_explanation *ex = F->ex;
	const struct gs_svg_opts *o = F->o;
	size_t	 H = o->img_h, W = o->img_w, C = o->img_c, p, h, w, i, j, c, k;
	double	*phi, *x, *a, vmax, xlo = INFINITY, xhi = -INFINITY, cell, t;
	int	 px0, px1, y0, hh, step, g;
	char	 buf[128];

	if (H == 0 || W == 0 || C == 0 || C * H * W != ex->d) {
		svg_refuse(F, output, "No heat map: the model's input is not an "
		    "image.");
		return;
	}
	p = (H > W ? (H + SVG_HEAT_MAX - 1) : (W + SVG_HEAT_MAX - 1)) /
	    SVG_HEAT_MAX;
	if (p < 1)
		p = 1;
	h = (H + p - 1) / p;
	w = (W + p - 1) / p;
	phi = xcalloc(h * w, sizeof *phi);
	x = xcalloc(h * w, sizeof *x);
	a = xcalloc(h * w, sizeof *a);
	for (c = 0; c < C; c++)
		for (i = 0; i < H; i++)
			for (j = 0; j < W; j++) {
				k = (i / p) * w + j / p;
				phi[k] += ex->phi[(c * H + i) * W + j];
				x[k] += ex->value[(c * H + i) * W + j];
			}
	for (k = 0; k < h * w; k++) {
		x[k] /= (double)(p * p * C);
		if (isfinite(x[k])) {
			xlo = fmin(xlo, x[k]);
			xhi = fmax(xhi, x[k]);
		}
		a[k] = isfinite(phi[k]) ? fabs(phi[k]) : 0;
	}
	qsort(a, h * w, sizeof *a, svg_cmp);
	vmax = a[(size_t)floor(0.999 * (double)(h * w - 1))];
	if (!(vmax > 0))
		vmax = a[h * w - 1] > 0 ? a[h * w - 1] : 1;
	cell = fmin(24, (F->w / 2.0 - 24) / (double)w);
	px0 = 8;
	px1 = F->w / 2 + 8;
	y0 = SVG_TOP + 20;
	hh = y0 + (int)ceil(cell * (double)h) + 56;
	svg_begin(F, output, hh);
	svg_text(F, px0, y0 - 6, GS_ANCHOR_START, 0, 0, F->c->text, NULL,
	    "input (x)");
	snprintf(buf, sizeof buf, "attribution (class %zu)", ex->target);
	svg_text(F, px1, y0 - 6, GS_ANCHOR_START, 0, 0, F->c->text, NULL, buf);
	for (i = 0; i < h; i++)
		for (j = 0; j < w; j++) {
			k = i * w + j;
			t = xhi > xlo && isfinite(x[k]) ? (x[k] - xlo) /
			    (xhi - xlo) : 0;
			/* Dark ink on light paper, as shap draws the input. */
			g = (int)lround(255 - 215 * t);
			snprintf(buf, sizeof buf, "#%02x%02x%02x", g, g, g);
			svg_rect(F, px0 + cell * j, y0 + cell * i, cell, cell,
			    buf, NULL, NULL, NULL);
			t = isfinite(phi[k]) ? phi[k] / vmax : 0;
			step = (int)lround((fmax(-1, fmin(1, t)) + 1) * 5);
			svg_rect(F, px1 + cell * j, y0 + cell * i, cell, cell,
			    svg_heat[step], "cell", NULL, &phi[k]);
		}
	/* The colour bar. */
	y0 += (int)ceil(cell * (double)h) + 16;
	snprintf(buf, sizeof buf, "%.3g", -vmax);
	svg_text(F, px1 - 4, y0 + 11, GS_ANCHOR_END, 0, 0, F->c->text, NULL,
	    buf);
	for (step = 0; step < 11; step++)
		svg_rect(F, px1 + 16 * step, y0, 16, 14, svg_heat[step], NULL,
		    NULL, NULL);
	snprintf(buf, sizeof buf, "+%.3g", vmax);
	svg_text(F, px1 + 180, y0 + 11, GS_ANCHOR_START, 0, 0, F->c->text,
	    NULL, buf);
	snprintf(buf, sizeof buf, "99.9th percentile of |phi|, symmetric%s",
	    p > 1 ? "; blocks of pixels summed" : "");
	svg_text(F, px1, y0 + 30, GS_ANCHOR_START, 0, 0, F->c->axis, NULL, buf);
	F->cv->end(F->cv->arg);
	free(phi);
	free(x);
	free(a);
}

void
svg_draw(const struct gs_canvas *cv, const struct gs_explanation *ex,
    const char *const *names, const char *output,
    const struct gs_svg_opts *o)
{
	struct gs_svg_opts	def;
	struct svg_fig		F;

	if (o == NULL) {
		svg_opts_default(&def);
		o = &def;
	}
	memset(&F, 0, sizeof F);
	F.cv = cv;
	F.ex = ex;
	F.o = o;
	F.c = &svg_palettes[o->palette];
	F.w = o->width > 0 ? o->width : SVG_WIDTH;
	svg_rows(&F, names, o->figure == GS_FIGURE_FORCE ? ex->d : o->k);
	switch (o->figure) {
	case GS_FIGURE_WATERFALL:
		svg_waterfall(&F, output);
		break;
	case GS_FIGURE_FORCE:
		svg_force(&F, output);
		break;
	case GS_FIGURE_HEAT:
		svg_heatmap(&F, output);
		break;
	default:
		svg_bar(&F, output);
		break;
	}
	free(F.rows);
}

/* The SVG canvas: elements as text. */
struct svg_out {
	FILE	*f;
	int	 inline_svg;	/* no XML declaration */
};

static void
svg_out_begin(void *arg, int w, int h, const char *cls, const char *title)
{
	struct svg_out	*so = arg;

	if (!so->inline_svg)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", so->f);
	fprintf(so->f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" style=\"font-family: "
	    "'DejaVu Sans', Helvetica, Arial, sans-serif; font-size: %dpx\" "
	    "class=\"figure %s\">\n<title>", w, h, w, h, GS_FIGURE_FONT, cls);
	svg_xml_text(so->f, title);
	fputs("</title>\n", so->f);
}

static void
svg_out_rect(void *arg, double x, double y, double w, double h,
    const char *fill, const char *cls, const char *name, const double *phi)
{
	struct svg_out	*so = arg;

	fputs("<rect", so->f);
	if (cls != NULL)
		fprintf(so->f, " class=\"%s\"", cls);
	fprintf(so->f, " x=\"%.6g\" y=\"%.6g\" width=\"%.6g\" height=\"%.6g\" "
	    "fill=\"%s\"", x, y, w, h, fill);
	if (name != NULL) {
		fputs(" data-name=\"", so->f);
		svg_xml_text(so->f, name);
		fputc('"', so->f);
	}
	if (phi != NULL)
		fprintf(so->f, " data-phi=\"%.9g\"", *phi);
	fputs("/>\n", so->f);
}

static void
svg_out_line(void *arg, double x1, double y1, double x2, double y2,
    const char *stroke, int dash, const char *cls)
{
	struct svg_out	*so = arg;

	fputs("<line", so->f);
	if (cls != NULL)
		fprintf(so->f, " class=\"%s\"", cls);
	fprintf(so->f, " x1=\"%.6g\" y1=\"%.6g\" x2=\"%.6g\" y2=\"%.6g\" "
	    "stroke=\"%s\"%s/>\n", x1, y1, x2, y2, stroke, dash ?
	    " stroke-dasharray=\"3,3\"" : "");
}

static void
svg_out_text(void *arg, double x, double y, int anchor, int size, int bold,
    const char *fill, const char *cls, const char *s)
{
	struct svg_out	*so = arg;

	fprintf(so->f, "<text x=\"%.6g\" y=\"%.6g\"", x, y);
	if (anchor != GS_ANCHOR_START)
		fprintf(so->f, " text-anchor=\"%s\"", anchor == GS_ANCHOR_END ?
		    "end" : "middle");
	if (size > 0)
		fprintf(so->f, " font-size=\"%d\"", size);
	if (bold)
		fputs(" font-weight=\"bold\"", so->f);
	fprintf(so->f, " fill=\"%s\"", fill);
	if (cls != NULL)
		fprintf(so->f, " class=\"%s\"", cls);
	fputc('>', so->f);
	svg_xml_text(so->f, s);
	fputs("</text>\n", so->f);
}

static void
svg_out_end(void *arg)
{
	struct svg_out	*so = arg;

	fputs("</svg>\n", so->f);
}

void
svg_write(FILE *f, const struct gs_explanation *ex, const char *const *names,
    const char *output, const struct gs_svg_opts *o)
{
	struct svg_out		so;
	struct gs_canvas	cv;

	so.f = f;
	so.inline_svg = o != NULL && o->inline_svg;
	cv.arg = &so;
	cv.begin = svg_out_begin;
	cv.rect = svg_out_rect;
	cv.line = svg_out_line;
	cv.text = svg_out_text;
	cv.end = svg_out_end;
	svg_draw(&cv, ex, names, output, o);
}

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
	FILE			*f;		/* output */
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
	size_t	 size = strlen(s) * 4 + 1;
	char	*buf = xmalloc(size), *p;

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
static void
svg_num(FILE *f, int sign, double v)
{
	if (!isfinite(v))
		fputs("n/a", f);
	else if (sign)
		fprintf(f, "%+.4g", v);
	else
		fprintf(f, "%.4g", v);
}

/* The rows from features fs, picked as svg_rows picks them. */
static void
svg_rows_features(struct svg_fig *F, const struct gs_features *fs,
    size_t kmax)
{
	const struct gs_feature_row *fr;
	double	*phi, rest = 0;
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
	F->n = keep;
	if (keep < n) {
		for (i = keep; i < n; i++)
			rest += phi[order[i]];
		F->rest = n - keep;
		snprintf(F->restname, sizeof F->restname, "Sum of %zu other "
		    "features", F->rest);
		F->rows[keep].name = NULL;
		F->rows[keep].value = NAN;
		F->rows[keep].phi = rest;
		F->rows[keep].se = NAN;
		F->n++;
	}
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
	double			 rest = 0;

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
	F->n = keep;
	if (keep < n) {
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

/* The output explained: its label ("P(bad)"), else "prob[0]". */
static void
svg_output(struct svg_fig *F, const char *output)
{
	if (F->o->label != NULL)
		svg_xml_text(F->f, F->o->label);
	else {
		svg_xml_text(F->f, output);
		fprintf(F->f, "[%zu]", F->ex->target);
	}
}

/* Open the document: size, fonts, title and subtitle. */
static void
svg_begin(struct svg_fig *F, const char *output, int h)
{
	const struct gs_explanation *ex = F->ex;
	FILE	*f = F->f;

	if (!F->o->inline_svg)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" style=\"font-family: "
	    "'DejaVu Sans', Helvetica, Arial, sans-serif; font-size: 12px\" "
	    "class=\"figure %s\">\n", F->w, h, F->w, h,
	    svg_figure_name(F->o->figure));
	fputs("<title>", f);
	fprintf(f, "%s of row %zu, ", svg_figure_name(F->o->figure), ex->row);
	svg_output(F, output);
	fprintf(f, ", %s</title>\n", method_name(ex->method));
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
	    F->w, h);
	fprintf(f, "<text x=\"8\" y=\"18\" font-size=\"14\" font-weight="
	    "\"bold\" fill=\"%s\">row %zu: ", F->c->text, ex->row);
	svg_output(F, output);
	fputs("  f(x) = ", f);
	svg_num(f, 0, ex->fx);
	fputs("</text>\n", f);
	fprintf(f, "<text x=\"8\" y=\"34\" fill=\"%s\">%s", F->c->axis,
	    method_name(ex->method));
	if (!isnan(ex->base)) {
		fputs(", base ", f);
		svg_num(f, 0, ex->base);
	}
	fprintf(f, ", seed %llu%s</text>\n", (unsigned long long)ex->opts.seed,
	    ex->se != NULL && F->o->figure != GS_FIGURE_HEAT ? "; \xc2\xb1 "
	    "and error bars: 95% intervals" : "");
}

/* A sentence in place of a figure that does not apply. */
static void
svg_refuse(struct svg_fig *F, const char *const *names, const char *output,
    const char *why)
{
	svg_begin(F, output, SVG_TOP + 40);
	fprintf(F->f, "<text x=\"8\" y=\"%d\" fill=\"%s\" class=\"refused\">",
	    SVG_TOP + 20, F->c->text);
	svg_xml_text(F->f, why);
	fputs("</text>\n</svg>\n", F->f);
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
	FILE	*f = F->f;
	double	 step = svg_step(hi - lo, 6), t, x;

	fprintf(f, "<g class=\"axis\" stroke=\"%s\">\n<line x1=\"%d\" y1=\"%d\" "
	    "x2=\"%d\" y2=\"%d\"/>\n", F->c->axis, x0, y, x1, y);
	for (t = ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
		x = x0 + (t - lo) * (x1 - x0) / (hi - lo);
		if (fabs(t) < step * 1e-9)
			t = 0;
		fprintf(f, "<line x1=\"%.3f\" y1=\"%d\" x2=\"%.3f\" y2=\"%d\"/>"
		    "<text x=\"%.3f\" y=\"%d\" stroke=\"none\" fill=\"%s\" "
		    "text-anchor=\"middle\">%.4g</text>\n", x, y, x, y + 4, x,
		    y + 16, F->c->axis, t);
	}
	fprintf(f, "</g>\n<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
	    "fill=\"%s\">", (x0 + x1) / 2, y + 32, F->c->text);
	svg_xml_text(f, caption);
	fputs("</text>\n", f);
}

/* A row's label at the left ("value = name" when the value is known). */
static void
svg_label(struct svg_fig *F, const struct svg_row *r, int x, int y,
    int value)
{
	fprintf(F->f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"%s\" "
	    "class=\"label\">", x, y, F->c->text);
	if (r->label[0] != '\0') {
		svg_xml_text(F->f, r->label);
		fputs("</text>\n", F->f);
		return;
	}
	if (value && isfinite(r->value))
		fprintf(F->f, "%.4g = ", r->value);
	svg_xml_text(F->f, svg_row_name(F, r));
	fputs("</text>\n", F->f);
}

/* A row's number at the right, as the terminal's: "+0.123 ± 0.0041". */
static void
svg_number(struct svg_fig *F, const struct svg_row *r, int x, int y)
{
	fprintf(F->f, "<text x=\"%d\" y=\"%d\" fill=\"%s\" class=\"number\">",
	    x, y, F->c->text);
	if (isfinite(r->phi))
		fprintf(F->f, "%+.3g", r->phi);
	else
		fputs("n/a", F->f);
	if (isfinite(r->se))
		fprintf(F->f, " \xc2\xb1 %.2g", 1.96 * r->se);
	fputs("</text>\n", F->f);
}

/* A bar: <rect class="bar"> with the name and attribution it stands for. */
static void
svg_rect(struct svg_fig *F, const char *cls, const struct svg_row *r,
    double x, double y, double w, double h, const char *fill)
{
	fprintf(F->f, "<rect class=\"%s%s\" x=\"%.4f\" y=\"%.2f\" "
	    "width=\"%.4f\" height=\"%.2f\" fill=\"%s\" data-name=\"", cls,
	    r->name == NULL ? " rest" : "", x, y, w, h, fill);
	svg_xml_text(F->f, svg_row_name(F, r));
	fprintf(F->f, "\" data-phi=\"%.9g\"/>\n", r->phi);
}

/* Where the labels end and the plot begins. */
static int
svg_left(const struct svg_fig *F)
{
	return (F->w * 36 / 100);
}

static void
svg_bar(struct svg_fig *F, const char *const *names, const char *output)
{
	FILE	*f = F->f;
	int	 x0 = svg_left(F), x1 = F->w - SVG_NUMS, h, y;
	double	 lo = 0, hi = 0, s, ci;
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
	fprintf(f, "<line class=\"zero\" x1=\"%.3f\" y1=\"%d\" x2=\"%.3f\" "
	    "y2=\"%d\" stroke=\"%s\"/>\n", x0 - lo * s, SVG_TOP, x0 - lo * s,
	    SVG_TOP + (int)F->n * SVG_ROW, F->c->grid);
	for (i = 0; i < F->n; i++) {
		const struct svg_row *r = &F->rows[i];
		y = SVG_TOP + (int)i * SVG_ROW;
		svg_label(F, r, x0 - 8, y + 16, 0);
		svg_number(F, r, x1 + 8, y + 16);
		if (!isfinite(r->phi))
			continue;
		svg_rect(F, "bar", r, x0 + (fmin(r->phi, 0) - lo) * s,
		    y + (SVG_ROW - SVG_BAR) / 2.0, fabs(r->phi) * s, SVG_BAR,
		    r->phi >= 0 ? F->c->pos : F->c->neg);
		if ((ci = svg_ci(r)) > 0)
			fprintf(f, "<path class=\"ci\" stroke=\"%s\" fill=\"none\" "
			    "d=\"M%.3f %d h%.3f M%.3f %d v8 M%.3f %d v8\"/>\n",
			    F->c->text, x0 + (r->phi - ci - lo) * s,
			    y + SVG_ROW / 2, 2 * ci * s, x0 + (r->phi - ci -
			    lo) * s, y + SVG_ROW / 2 - 4, x0 + (r->phi + ci -
			    lo) * s, y + SVG_ROW / 2 - 4);
	}
	snprintf(cap, sizeof cap, "%s (impact on %s)", F->groups ?
	    "group attribution" : "attribution (SHAP value)", F->o->label !=
	    NULL ? F->o->label : output);
	svg_axis(F, x0, x1, lo, hi, SVG_TOP + (int)F->n * SVG_ROW + 4, cap);
	fputs("</svg>\n", f);
}

static void
svg_waterfall(struct svg_fig *F, const char *const *names, const char *output)
{
	const struct gs_explanation *ex = F->ex;
	FILE	*f = F->f;
	int	 x0 = svg_left(F), x1 = F->w - SVG_NUMS, h, y;
	double	 lo, hi, s, cum, *start;
	size_t	 i;

	if (isnan(ex->base)) {
		svg_refuse(F, names, output, "No waterfall: this method has no "
		    "base value to start from.");
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
	fprintf(f, "<g class=\"fx\"><line x1=\"%.3f\" y1=\"%d\" x2=\"%.3f\" "
	    "y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"3,3\"/><text x=\"%.3f\" "
	    "y=\"%d\" text-anchor=\"middle\" fill=\"%s\">f(x) = ", x0 +
	    (cum - lo) * s, SVG_TOP + 14, x0 + (cum - lo) * s, SVG_TOP + 20,
	    F->c->grid, x0 + (cum - lo) * s, SVG_TOP + 10, F->c->text);
	svg_num(f, 0, ex->fx);
	fputs("</text></g>\n", f);
	for (i = 0; i < F->n; i++) {
		const struct svg_row *r = &F->rows[i];
		double a, b;
		y = SVG_TOP + 20 + (int)i * SVG_ROW;
		svg_label(F, r, x0 - 8, y + 16, 1);
		svg_number(F, r, x1 + 8, y + 16);
		if (!isfinite(r->phi))
			continue;
		a = fmin(start[i], start[i] + r->phi);
		b = fmax(start[i], start[i] + r->phi);
		svg_rect(F, "bar", r, x0 + (a - lo) * s, y + (SVG_ROW -
		    SVG_BAR) / 2.0, (b - a) * s, SVG_BAR, r->phi >= 0 ?
		    F->c->pos : F->c->neg);
		/* The guide to the next step. */
		fprintf(f, "<line class=\"guide\" x1=\"%.3f\" y1=\"%d\" "
		    "x2=\"%.3f\" y2=\"%d\" stroke=\"%s\"/>\n", x0 + (start[i] +
		    r->phi - lo) * s, y - 4, x0 + (start[i] + r->phi - lo) * s,
		    y + (SVG_ROW - SVG_BAR) / 2, F->c->grid);
	}
	y = SVG_TOP + 20 + (int)F->n * SVG_ROW;
	fprintf(f, "<text x=\"%.3f\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\" "
	    "class=\"base\">E[f(X)] = ", x0 + (ex->base - lo) * s, y + 42,
	    F->c->text);
	svg_num(f, 0, ex->base);
	fputs("</text>\n", f);
	svg_axis(F, x0, x1, lo, hi, y + 4, "");
	fputs("</svg>\n", f);
	free(start);
}

/*
 * The force line: positive pushes end at base + sum(phi), the largest
 * nearest, negative ones start there (shap's additive force layout).
 */
static void
svg_force(struct svg_fig *F, const char *const *names, const char *output)
{
	const struct gs_explanation *ex = F->ex;
	FILE	*f = F->f;
	int	 x0 = 16, x1 = F->w - 16, y = SVG_TOP + 36, h, sign, alt;
	double	 lo, hi, s, end, pos = 0, neg = 0, a, w;
	size_t	 i;

	if (isnan(ex->base)) {
		svg_refuse(F, names, output, "No force plot: this method has no "
		    "base value to start from.");
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
	fprintf(f, "<text x=\"%.3f\" y=\"%d\" text-anchor=\"middle\" "
	    "font-weight=\"bold\" fill=\"%s\" class=\"fx\">f(x) = ", x0 +
	    (end - lo) * s, y - 14, F->c->text);
	svg_num(f, 0, ex->fx);
	fprintf(f, "</text>\n<text x=\"%.3f\" y=\"%d\" text-anchor=\"middle\" "
	    "fill=\"%s\" class=\"base\">base ", x0 + (ex->base - lo) * s,
	    y - 2, F->c->axis);
	svg_num(f, 0, ex->base);
	fputs("</text>\n", f);
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
			svg_rect(F, "push", r, x0 + (a - lo) * s, y, w * s, 18,
			    sign > 0 ? (alt ? F->c->pos_alt : F->c->pos) :
			    (alt ? F->c->neg_alt : F->c->neg));
			/* A label where it fits (10px type: ~6px a character). */
			if (w * s > 6.0 * (double)strlen(svg_row_name(F, r)) +
			    8) {
				fprintf(f, "<text x=\"%.3f\" y=\"%d\" "
				    "text-anchor=\"middle\" font-size=\"10\" "
				    "fill=\"%s\" class=\"label\">", x0 + (a +
				    w / 2 - lo) * s, y + 32, F->c->text);
				svg_xml_text(f, svg_row_name(F, r));
				fputs("</text>\n", f);
			}
			if (sign < 0)
				a += w;
			alt = !alt;
		}
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"%s\">higher \xe2\x86\x92 "
	    "(pushes up)</text>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
	    "fill=\"%s\">\xe2\x86\x90 lower (pushes down)</text>\n", x0,
	    y + 50, F->c->pos, x1, y + 50, F->c->neg);
	svg_axis(F, x0, x1, lo, hi, y + 56, F->o->label != NULL ? F->o->label :
	    output);
	fputs("</svg>\n", f);
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
svg_heatmap(struct svg_fig *F, const char *const *names, const char *output)
{
	const struct gs_explanation *ex = F->ex;
	const struct gs_svg_opts *o = F->o;
	FILE	*f = F->f;
	size_t	 H = o->img_h, W = o->img_w, C = o->img_c, p, h, w, i, j, c, k;
	double	*phi, *x, *a, vmax, xlo = INFINITY, xhi = -INFINITY, cell, t;
	int	 px0, px1, y0, hh, step;

	if (H == 0 || W == 0 || C == 0 || C * H * W != ex->d) {
		svg_refuse(F, names, output, "No heat map: the model's input "
		    "is not an image.");
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
	fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"%s\">input (x)</text>\n"
	    "<text x=\"%d\" y=\"%d\" fill=\"%s\">attribution (class %zu)"
	    "</text>\n", px0, y0 - 6, F->c->text, px1, y0 - 6, F->c->text,
	    ex->target);
	for (i = 0; i < h; i++)
		for (j = 0; j < w; j++) {
			k = i * w + j;
			t = xhi > xlo && isfinite(x[k]) ? (x[k] - xlo) /
			    (xhi - xlo) : 0;
			/* Dark ink on light paper, as shap draws the input. */
			fprintf(f, "<rect x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" "
			    "height=\"%.3f\" fill=\"#%02x%02x%02x\"/>\n", px0 +
			    cell * j, y0 + cell * i, cell, cell,
			    (int)lround(255 - 215 * t), (int)lround(255 - 215 *
			    t), (int)lround(255 - 215 * t));
			t = isfinite(phi[k]) ? phi[k] / vmax : 0;
			step = (int)lround((fmax(-1, fmin(1, t)) + 1) * 5);
			fprintf(f, "<rect class=\"cell\" x=\"%.3f\" y=\"%.3f\" "
			    "width=\"%.3f\" height=\"%.3f\" fill=\"%s\" "
			    "data-phi=\"%.9g\"/>\n", px1 + cell * j, y0 +
			    cell * i, cell, cell, svg_heat[step], phi[k]);
		}
	/* The colour bar. */
	y0 += (int)ceil(cell * (double)h) + 16;
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"%s\">"
	    "%.3g</text>\n", px1 - 4, y0 + 11, F->c->text, -vmax);
	for (step = 0; step < 11; step++)
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"14\" "
		    "fill=\"%s\"/>\n", px1 + 16 * step, y0, svg_heat[step]);
	fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"%s\">+%.3g</text>\n"
	    "<text x=\"%d\" y=\"%d\" fill=\"%s\">99.9th percentile of |phi|, "
	    "symmetric%s</text>\n</svg>\n", px1 + 180, y0 + 11, F->c->text,
	    vmax, px1, y0 + 30, F->c->axis, p > 1 ? "; blocks of pixels "
	    "summed" : "");
	free(phi);
	free(x);
	free(a);
}

void
svg_write(FILE *f, const struct gs_explanation *ex, const char *const *names,
    const char *output, const struct gs_svg_opts *o)
{
	struct gs_svg_opts	def;
	struct svg_fig		F;

	if (o == NULL) {
		svg_opts_default(&def);
		o = &def;
	}
	memset(&F, 0, sizeof F);
	F.f = f;
	F.ex = ex;
	F.o = o;
	F.c = &svg_palettes[o->palette];
	F.w = o->width > 0 ? o->width : SVG_WIDTH;
	svg_rows(&F, names, o->figure == GS_FIGURE_FORCE ? ex->d : o->k);
	switch (o->figure) {
	case GS_FIGURE_WATERFALL:
		svg_waterfall(&F, names, output);
		break;
	case GS_FIGURE_FORCE:
		svg_force(&F, names, output);
		break;
	case GS_FIGURE_HEAT:
		svg_heatmap(&F, names, output);
		break;
	default:
		svg_bar(&F, names, output);
		break;
	}
	free(F.rows);
}

/* SPDX-License-Identifier: ISC */
/*
 * The convergence view (TUI.md section 6): the cursor feature's estimate
 * against the number of samples (or IG steps) on a log2 axis, its +-z SE
 * band shaded, a dashed line at the final estimate and, under --tol, a
 * diamond where its SE (IG: the gap) reaches the tolerance for good; or
 * the top 5 features as numbered lines without bands (L). The y range
 * covers the curves and band from the third point on; earlier points
 * outside it are clipped and marked with an arrow.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr/teach.h"
#include "core/xmalloc.h"
#include "tui/render-int.h"

/* Lines of the multi-feature mode. */
#define CONV_SERIES	5

/* The roles of its lines (the digits at their points carry them without colour). */
static const int conv_roles[CONV_SERIES] = {
	GS_ROLE_MARKER, GS_ROLE_POSITIVE, GS_ROLE_NEGATIVE,
	GS_ROLE_POSITIVE_ALT, GS_ROLE_NEGATIVE_ALT
};

/* An arrow at the plot's edge for early point (x, y) left outside it. */
static void
conv_clip_mark(const struct render_plot *p, struct gs_grid *g, double x,
    double y, const struct gs_caps *caps)
{
	if (y >= p->ylo && y <= p->yhi)
		return;
	grid_put(g, render_plot_col(p, x), y > p->yhi ? p->y0 : p->y0 + p->h - 1,
	    y > p->yhi ? RENDER_G(caps, 0x2191, '^') : RENDER_G(caps, 0x2193,
	    'v'), GS_ROLE_WARNING, 0);
}

/*
 * The first point from which feature j's SE (without SEs: the completeness
 * gap) stays at most tol, or c->n when it never does.
 */
static size_t
conv_tol_point(const struct gs_convergence *c, size_t j, double tol)
{
	double	v;
	size_t	i, at = c->n;

	for (i = c->n; i-- > 0; ) {
		v = c->se != NULL ? c->se[i * c->d + j] : fabs(c->gap[i]);
		if (!(v <= tol))
			break;
		at = i;
	}
	return (at);
}

/* The top CONV_SERIES features by final |phi| as numbered lines, no bands. */
static void
conv_multi(struct gs_grid *g, int y0, int h, const struct gs_render_src *src,
    const struct gs_caps *caps)
{
	const struct gs_convergence *c = src->conv;
	struct render_plot	 p;
	char			 buf[320], a[64];
	double			*xs, *ys, ymin, ymax, v;
	size_t			*order, i, s, ns, d = c->d, first, len;
	int			 um, dd, x, col, row, top;

	um = caps->term && caps->utf8;
	ns = d < CONV_SERIES ? d : CONV_SERIES;
	order = xcalloc(d, sizeof *order);
	explanation_order(&c->phi[(c->n - 1) * d], d, order, NULL);
	xs = xcalloc(c->n, sizeof *xs);
	ys = xcalloc(c->n, sizeof *ys);
	for (i = 0; i < c->n; i++)
		xs[i] = (double)c->samples[i];
	first = c->n > 3 ? 2 : 0;
	ymin = ymax = c->phi[(c->n - 1) * d + order[0]];
	for (s = 0; s < ns; s++)
		for (i = first; i < c->n; i++) {
			v = c->phi[i * d + order[s]];
			if (isfinite(v)) {
				ymin = fmin(ymin, v);
				ymax = fmax(ymax, v);
			}
		}
	dd = render_decimals(fmax(fabs(ymin), fabs(ymax))) + 1;
	snprintf(buf, sizeof buf, "top %zu features by |%s|: estimates at %zu "
	    "%s, no bands (L: one feature)", ns, RS(caps, "\xcf\x86", "phi"),
	    c->samples[c->n - 1], method_unit_name(method_info(c->method)->unit));
	grid_text(g, 1, y0, buf, g->w - 1, GS_ROLE_LABEL, 0);
	/*
	 * The legend: the digit of each line, its name and final estimate,
	 * on one or two lines.
	 */
	for (x = 1, row = y0 + 1, s = 0; s < ns; s++) {
		snprintf(buf, sizeof buf, "%zu %s %s", s + 1,
		    src->names[order[s]], render_signed(a, sizeof a,
		    c->phi[(c->n - 1) * d + order[s]], dd, 0, um));
		len = (size_t)text_width(buf, !caps->utf8);
		if (x > 1 && x + (int)len > g->w - 1) {
			if (row > y0 + 1)
				break;
			row++;
			x = 1;
		}
		x += grid_text(g, x, row, buf, g->w - 1 - x, conv_roles[s],
		    0) + 2;
	}
	top = row + 1 - y0;
	if (render_plot_init(&p, 1, y0 + top, g->w - 3, h - top, xs[0] > 0 ?
	    xs[0] : 1, xs[c->n - 1], ymin, ymax, 1, 1, caps) != 0) {
		render_message(g, y0, h, "too small for the curves");
		goto out;
	}
	render_plot_axes(&p, g);
	render_plot_hline(&p, g, 0, GS_ROLE_GRID);
	for (s = ns; s-- > 0; ) {
		for (i = 0; i < c->n; i++)
			ys[i] = c->phi[i * d + order[s]];
		render_plot_line(&p, g, xs, ys, c->n, conv_roles[s]);
	}
	/* Each line's digit at its points, the first line's on top. */
	for (s = ns; s-- > 0; ) {
		for (i = 0; i < c->n; i++) {
			v = c->phi[i * d + order[s]];
			if (!isfinite(v))
				continue;
			if (i < first && (v < p.ylo || v > p.yhi)) {
				conv_clip_mark(&p, g, xs[i], v, caps);
				continue;
			}
			col = render_plot_col(&p, xs[i]);
			row = render_plot_row(&p, v);
			grid_put(g, col, row, (uint32_t)('1' + s), conv_roles[s],
			    GS_ATTR_BOLD);
		}
	}
out:
	free(order);
	free(xs);
	free(ys);
}

void
render_convergence(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	const struct gs_convergence *c = src->conv;
	struct render_plot	 p;
	char			 buf[320], a[64], b[64];
	double			*xs, *ys, *lo, *hi, ymin, ymax, fin, half, tol;
	size_t			 i, j, d, first, at = 0;
	int			 um, dd, top = 1;

	if (c == NULL || c->n == 0) {
		render_message(g, y0, h, src->teach_msg != NULL ?
		    src->teach_msg : "computing the convergence curve...");
		return;
	}
	if (o->groups || o->feature >= c->d) {
		render_message(g, y0, h, "the convergence view shows features: "
		    "press t for features");
		return;
	}
	if (o->conv_multi) {
		conv_multi(g, y0, h, src, caps);
		return;
	}
	um = caps->term && caps->utf8;
	j = o->feature;
	d = c->d;
	tol = src->ex != NULL && src->ex->tol > 0 ? src->ex->tol : 0;
	xs = xcalloc(c->n, sizeof *xs);
	ys = xcalloc(c->n, sizeof *ys);
	lo = xcalloc(c->n, sizeof *lo);
	hi = xcalloc(c->n, sizeof *hi);
	for (i = 0; i < c->n; i++) {
		xs[i] = (double)c->samples[i];
		ys[i] = c->phi[i * d + j];
		half = c->se != NULL ? o->z * c->se[i * d + j] : 0;
		if (!isfinite(half))
			half = 0;
		lo[i] = ys[i] - half;
		hi[i] = ys[i] + half;
	}
	fin = ys[c->n - 1];
	/* From the third point on: the early ones may be far off. */
	first = c->n > 3 ? 2 : 0;
	ymin = ymax = fin;
	for (i = first; i < c->n; i++) {
		ymin = fmin(ymin, lo[i]);
		ymax = fmax(ymax, hi[i]);
	}
	dd = render_decimals(fmax(fabs(ymin), fabs(ymax))) + 1;
	half = c->se != NULL ? o->z * c->se[(c->n - 1) * d + j] : NAN;
	if (!isnan(half))
		snprintf(b, sizeof b, " %s %.*f", RS(caps, "\xc2\xb1", "+/-"),
		    dd, half);
	else
		b[0] = '\0';
	snprintf(buf, sizeof buf, "%s(%s) = %s%s at %zu %s (%s final, %s)",
	    RS(caps, "\xcf\x86", "phi"), src->names[j], render_signed(a,
	    sizeof a, fin, dd, 0, um), b, c->samples[c->n - 1],
	    method_unit_name(method_info(c->method)->unit), RS(caps,
	    "\xe2\x94\x84", "---"), c->se == NULL ? "no SE" : caps->utf8 ?
	    "\xe2\x96\x91 \xc2\xb1z SE" : ": +/-z SE");
	grid_text(g, 1, y0, buf, g->w - 1, GS_ROLE_LABEL, 0);
	/* --tol: where this feature's SE (IG: the gap) stays within it. */
	if (tol > 0) {
		at = conv_tol_point(c, j, tol);
		if (at < c->n)
			snprintf(buf, sizeof buf, "%s %s <= tol %.*g from %zu %s on",
			    RS(caps, "\xe2\x97\x86", "o"), c->se != NULL ? "SE" :
			    "|gap|", 3, tol, c->samples[at], method_unit_name(method_info(c->method)->unit));
		else
			snprintf(buf, sizeof buf, "%s above tol %.*g at %zu %s "
			    "(r refines)", c->se != NULL ? "SE" : "|gap|", 3, tol,
			    c->samples[c->n - 1], method_unit_name(method_info(c->method)->unit));
		grid_text(g, 1, y0 + 1, buf, g->w - 1, at < c->n ?
		    GS_ROLE_LABEL : GS_ROLE_WARNING, 0);
		top = 2;
	}
	if (render_plot_init(&p, 1, y0 + top, g->w - 3, h - top, xs[0] > 0 ?
	    xs[0] : 1, xs[c->n - 1], ymin, ymax, 1, 1, caps) != 0) {
		render_message(g, y0, h, "too small for the curve");
		goto out;
	}
	render_plot_axes(&p, g);
	if (c->se != NULL)
		render_plot_band(&p, g, xs, lo, hi, c->n, fin < 0 ?
		    GS_ROLE_NEGATIVE_SOFT : GS_ROLE_POSITIVE_SOFT);
	render_plot_hline(&p, g, fin, GS_ROLE_GRID);
	render_plot_line(&p, g, xs, ys, c->n, GS_ROLE_MARKER);
	/* The clipped early points: an arrow at the edge they left by. */
	for (i = 0; i < first; i++)
		conv_clip_mark(&p, g, xs[i], ys[i], caps);
	if (tol > 0 && at < c->n && ys[at] >= p.ylo && ys[at] <= p.yhi)
		grid_put(g, render_plot_col(&p, xs[at]), render_plot_row(&p,
		    ys[at]), RENDER_G(caps, 0x25c6, 'o'), GS_ROLE_WARNING,
		    GS_ATTR_BOLD);
out:
	free(xs);
	free(ys);
	free(lo);
	free(hi);
}

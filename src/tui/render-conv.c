/* SPDX-License-Identifier: ISC */
/*
 * The convergence view (TUI.md section 6): the cursor feature's estimate
 * against the number of samples (or IG steps) on a log2 axis, its +-z SE
 * band shaded, a dashed line at the final estimate. The y range covers
 * the curve and band from the third point on; earlier points outside it
 * are clipped and marked with an arrow.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/teach.h"
#include "core/xmalloc.h"
#include "tui/render-int.h"

void
render_convergence(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	const struct gs_convergence *c = src->conv;
	struct render_plot	 p;
	char			 buf[320], a[64], b[64];
	double			*xs, *ys, *lo, *hi, ymin, ymax, fin, half;
	size_t			 i, j, d, first;
	int			 um, dd, col;

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
	um = caps->term && caps->utf8;
	j = o->feature;
	d = c->d;
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
	    c->method == GS_METHOD_IG ? "steps" : "samples", RS(caps,
	    "\xe2\x94\x84", "---"), c->se == NULL ? "no SE" : caps->utf8 ?
	    "\xe2\x96\x91 \xc2\xb1z SE" : ": +/-z SE");
	grid_text(g, 1, y0, buf, g->w - 1, GS_ROLE_LABEL, 0);
	if (render_plot_init(&p, 1, y0 + 1, g->w - 3, h - 1, xs[0] > 0 ? xs[0] :
	    1, xs[c->n - 1], ymin, ymax, 1, 1, caps) != 0) {
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
	for (i = 0; i < first; i++) {
		if (ys[i] >= p.ylo && ys[i] <= p.yhi)
			continue;
		col = render_plot_col(&p, xs[i]);
		grid_put(g, col, ys[i] > p.yhi ? p.y0 : p.y0 + p.h - 1,
		    ys[i] > p.yhi ? RENDER_G(caps, 0x2191, '^') :
		    RENDER_G(caps, 0x2193, 'v'), GS_ROLE_WARNING, 0);
	}
out:
	free(xs);
	free(ys);
	free(lo);
	free(hi);
}

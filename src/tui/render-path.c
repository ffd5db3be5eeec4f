/* SPDX-License-Identifier: ISC */
/*
 * The path view: f(b + alpha (x - b)) from one baseline row b to the input
 * x, and below it the cursor feature's gradient along the same path, with
 * the method's quadrature nodes or sampled alphas marked on the alpha
 * axes; the area under the gradient times (x_j - b_j) is that feature's
 * integrated gradient from this baseline.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/teach.h"
#include "core/xmalloc.h"
#include "tui/render-int.h"

/* Lay out two plots one above the other with their y axes aligned. */
static int
path_layout(struct render_plot *p1, struct render_plot *p2, int w, int y1,
    int h1, int y2, int h2, const double *f, const double *gr, size_t n,
    const struct gs_caps *caps)
{
	double	lo1 = f[0], hi1 = f[0], lo2 = 0, hi2 = 0;
	size_t	i;
	int	r1, r2, d;

	for (i = 0; i < n; i++) {
		lo1 = fmin(lo1, f[i]);
		hi1 = fmax(hi1, f[i]);
		lo2 = fmin(lo2, gr[i]);
		hi2 = fmax(hi2, gr[i]);
	}
	w -= 3;
	r1 = render_plot_init(p1, 1, y1, w, h1, 0, 1, lo1, hi1, 0, 0, caps);
	r2 = render_plot_init(p2, 1, y2, w, h2, 0, 1, lo2, hi2, 0, 1, caps);
	if (r1 != 0 || r2 != 0)
		return (-1);
	d = p1->x0 - p2->x0;
	if (d > 0)
		r2 = render_plot_init(p2, 1 + d, y2, w - d, h2, 0, 1, lo2, hi2,
		    0, 1, caps);
	else if (d < 0)
		r1 = render_plot_init(p1, 1 - d, y1, w + d, h1, 0, 1, lo1, hi1,
		    0, 0, caps);
	return (r1 != 0 || r2 != 0 ? -1 : 0);
}

void
render_path(struct gs_grid *g, int y0, int h, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	const struct gs_path	*p = src->path;
	struct render_plot	 p1, p2;
	char			 buf[320], a[64], b[64], c[64];
	double			*gr, sum = 0;
	size_t			 i, j;
	int			 titles, r, h1, h2, y, um, dd;

	if (p == NULL) {
		render_message(g, y0, h, src->teach_msg != NULL ?
		    src->teach_msg : "computing the path...");
		return;
	}
	if (o->groups || o->feature >= p->d || p->n < 2) {
		render_message(g, y0, h, "the path view shows features: press "
		    "t for features");
		return;
	}
	um = caps->term && caps->utf8;
	j = o->feature;
	snprintf(buf, sizeof buf, "path from baseline row %zu to row %zu: "
	    "f(b) = %s, f(x) = %s; %s %s", p->bidx, src->row,
	    render_fx(a, sizeof a, p->fb, caps), render_fx(b, sizeof b, p->fx,
	    caps), RS(caps, "\xe2\x96\xb2", "^"), p->nmarks == 0 ?
	    "(no points)" : method_stochastic(src->ex->method) ?
	    "sampled alphas" : "IG nodes");
	grid_text(g, 1, y0, buf, g->w - 1, GS_ROLE_LABEL, 0);
	titles = h >= 14;
	r = h - 2 - (titles ? 2 : 0);
	h1 = r / 2;
	h2 = r - h1;
	gr = xcalloc(p->n, sizeof *gr);
	for (i = 0; i < p->n; i++)
		gr[i] = p->grad[i * p->d + j];
	y = y0 + 1;
	if (titles)
		grid_text(g, 1, y++, RS(caps, "f(b + \xce\xb1(x \xe2\x88\x92 b))",
		    "f(b + alpha (x - b))"), g->w - 1, GS_ROLE_AXIS, 0);
	if (path_layout(&p1, &p2, g->w, y, h1, y + h1 + titles, h2, p->f, gr,
	    p->n, caps) != 0) {
		free(gr);
		render_message(g, y0, h, "too small for the path");
		return;
	}
	render_plot_axes(&p1, g);
	render_plot_hline(&p1, g, p->fx, GS_ROLE_GRID);
	render_plot_line(&p1, g, p->alpha, p->f, p->n, GS_ROLE_MARKER);
	render_plot_xmarks(&p1, g, p->marks, p->nmarks, GS_ROLE_WARNING);
	if (titles) {
		snprintf(buf, sizeof buf, "%s along %s: %s (x %s b = %s)",
		    RS(caps, "\xe2\x88\x82" "f/\xe2\x88\x82x", "df/dx"),
		    RS(caps, "\xce\xb1", "alpha"), src->names[j], RS(caps,
		    "\xe2\x88\x92", "-"), render_signed(c, sizeof c,
		    p->delta[j], 4, 1, um));
		grid_text(g, 1, y + h1, buf, g->w - 1, GS_ROLE_AXIS, 0);
	}
	render_plot_axes(&p2, g);
	render_plot_hline(&p2, g, 0, GS_ROLE_GRID);
	render_plot_line(&p2, g, p->alpha, gr, p->n, p->area[j] < 0 ?
	    GS_ROLE_NEGATIVE : GS_ROLE_POSITIVE);
	render_plot_xmarks(&p2, g, p->marks, p->nmarks, GS_ROLE_WARNING);
	/* The area: feature j's IG from this baseline, and the sum's check. */
	for (i = 0; i < p->d; i++)
		sum += p->area[i];
	dd = render_decimals(fmax(fabs(p->fx - p->fb), fabs(p->area[j])));
	render_signed(a, sizeof a, p->area[j], dd, 0, um);
	render_signed(b, sizeof b, sum, dd, 0, um);
	render_signed(c, sizeof c, p->fx - p->fb, dd, 0, um);
	if (strcmp(b, c) == 0)
		snprintf(buf, sizeof buf, "IG from b = area: %s   %s over "
		    "features: %s = f(x) %s f(b)", a, RS(caps, "\xce\xa3",
		    "sum"), b, RS(caps, "\xe2\x88\x92", "-"));
	else
		snprintf(buf, sizeof buf, "IG from b = area: %s   %s over "
		    "features: %s, f(x) %s f(b): %s", a, RS(caps, "\xce\xa3",
		    "sum"), b, RS(caps, "\xe2\x88\x92", "-"), c);
	grid_text(g, 1, y0 + h - 1, buf, g->w - 1, GS_ROLE_LABEL, 0);
	free(gr);
}

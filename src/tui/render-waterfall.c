/* SPDX-License-Identifier: ISC */
/*
 * The waterfall (TUI.md section 2, shap's _waterfall.py): one row per
 * feature from f(x) at the top down to the base at the bottom, row i
 * spanning [loc - phi_i, loc] on one value axis, so consecutive rows meet
 * exactly; the rest collapsed into "N other features".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/render-int.h"

/* Draw the segment [a, b] (a < b) on row y of axis ax; returns its cell span. */
static void
waterfall_segment(struct gs_grid *g, int y, const struct render_axis *ax,
    double a, double b, int role, const struct gs_caps *caps, uint32_t fill,
    int *c0, int *c1)
{
	long	u0 = render_axis_units(ax, a), u1 = render_axis_units(ax, b);

	/* A non-zero step is never empty (TUI.md G2). */
	if (u1 <= u0) {
		if (u0 < (long)ax->w * ax->unit)
			u1 = u0 + 1;
		else
			u0 = u1 - 1;
	}
	render_axis_bar(g, y, ax->x0, u0, u1, ax->unit, role, 0, caps, fill);
	*c0 = ax->x0 + (int)(u0 / ax->unit);
	*c1 = ax->x0 + (int)((u1 + ax->unit - 1) / ax->unit);
}

void
render_waterfall(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	const struct gs_explanation *ex = src->ex;
	struct render_items	 it;
	struct render_row	*rows;
	struct render_axis	 ax;
	char			 lab[256], pl[64], buf[128];
	size_t			 n, i, k;
	int			 lw = 0, gl = 0, gr = 0, w, d, y, cap, c0, c1;
	int			 xf, xe, x, um = caps->term && caps->utf8;
	double			 loc, lo, hi, m, base;

	render_items_get(ex, src, o, &it);
	if (it.n == 0) {
		render_message(g, y0, h, "nothing to show");
		return;
	}
	k = o->k;
	if (h - 5 < 1)
		return;
	if (k == 0 || k > (size_t)(h - 5))
		k = (size_t)(h - 5);
	n = render_rows(&it, o, k, -1, &rows);
	m = render_max_abs(rows, n, 0, 0);
	d = render_decimals(m);
	cap = g->w >= 80 ? 30 : 18;
	base = ex->fx;
	lo = hi = ex->fx;
	for (i = 0; i < n; i++) {
		render_label(lab, sizeof lab, &rows[i], &it, o->novalues, 0,
		    cap, g->ascii);
		if ((w = text_width(lab, g->ascii)) > lw)
			lw = w;
		render_signed(pl, sizeof pl, rows[i].phi, d, 1, um);
		w = text_width(pl, g->ascii) + 1;
		if (rows[i].phi < 0 && w > gl)
			gl = w;
		if (rows[i].phi >= 0 && w > gr)
			gr = w;
		base -= rows[i].phi;
		lo = fmin(lo, base);
		hi = fmax(hi, base);
	}
	if (!isnan(ex->base)) {
		lo = fmin(lo, ex->base);
		hi = fmax(hi, ex->base);
	}
	if (!(hi > lo)) {
		lo -= 0.5;
		hi += 0.5;
	}
	ax.unit = RENDER_UNIT(caps);
	ax.x0 = 1 + lw + 1 + gl;
	ax.w = g->w - ax.x0 - gr;
	if (ax.w < 8) {
		lw -= 8 - ax.w;
		if (lw < 6)
			lw = 6;
		ax.x0 = 1 + lw + 1 + gl;
		ax.w = g->w - ax.x0 - gr;
	}
	if (ax.w < 2) {
		render_message(g, y0, h, "too narrow for the waterfall");
		free(rows);
		return;
	}
	ax.lo = lo;
	ax.hi = hi;
	/* The f(x) guide runs just right of where the top row ends. */
	xf = ax.x0 + (int)(render_axis_units(&ax, ex->fx) / ax.unit);

	/* f(x) above its guide. */
	snprintf(buf, sizeof buf, "f(x) = %s", render_fx(pl, sizeof pl,
	    ex->fx, caps));
	w = text_width(buf, g->ascii);
	x = xf - w / 2;
	if (x + w > g->w)
		x = g->w - w;
	grid_text(g, x, y0, buf, w, GS_ROLE_MARKER, 0);
	grid_put(g, xf, y0 + 1, RENDER_G(caps, 0x25bc, 'v'), GS_ROLE_MARKER, 0);

	loc = ex->fx;
	for (i = 0; i < n; i++) {
		const struct render_row *r = &rows[i];
		int role = r->phi < 0 ? GS_ROLE_NEGATIVE : GS_ROLE_POSITIVE;

		y = y0 + 2 + (int)i;
		render_label(lab, sizeof lab, r, &it, o->novalues, 0, lw,
		    g->ascii);
		w = text_width(lab, g->ascii);
		grid_text(g, 1 + lw - w, y, lab, w, GS_ROLE_LABEL, 0);
		if (o->cursor == (long)i) {
			grid_paint(g, 1 + lw - w, y, w, GS_ROLE_HIGHLIGHT,
			    GS_ATTR_REVERSE);
			grid_put(g, 0, y, RENDER_G(caps, 0x25b8, '>'),
			    GS_ROLE_MARKER, GS_ATTR_BOLD);
		}
		c0 = c1 = render_axis_col(&ax, loc);
		if (r->phi != 0)
			waterfall_segment(g, y, &ax, fmin(loc, loc - r->phi),
			    fmax(loc, loc - r->phi), role, caps, r->phi < 0 ?
			    '-' : '+', &c0, &c1);
		render_signed(pl, sizeof pl, r->phi, d, 1, um);
		if (r->phi >= 0)
			grid_text(g, c1 + 1, y, pl, -1, role, 0);
		else
			grid_text_right(g, c0 - 1, y, pl, role, 0);
		loc -= r->phi;
		/* The guide at f(x) where nothing else is. */
		if (grid_cell(g, xf, y) != NULL && grid_cell(g, xf, y)->ch == ' ')
			grid_put(g, xf, y, RENDER_G(caps, 0x250a, ':'),
			    GS_ROLE_GRID, 0);
	}

	/* The axis with the base, labelled by what it is, under it. */
	y = y0 + 2 + (int)n;
	render_axis_ticks(g, y, &ax, caps, 0, o->prob, 1);
	for (x = 1 + lw + 1; x < ax.x0; x++)
		grid_put(g, x, y, RENDER_G(caps, 0x2500, '-'), GS_ROLE_AXIS, 0);
	if (!isnan(ex->base)) {
		xe = render_axis_col(&ax, ex->base);
		if (n > 0 && grid_cell(g, xe, y - 1) != NULL &&
		    grid_cell(g, xe, y - 1)->ch == ' ')
			grid_put(g, xe, y - 1, RENDER_G(caps, 0x250a, ':'),
			    GS_ROLE_GRID, 0);
		grid_put(g, xe, y, RENDER_G(caps, 0x25b2, '^'), GS_ROLE_MARKER, 0);
		render_base(buf, sizeof buf, ex, 0, caps);
		if (text_width(buf, g->ascii) > g->w)
			render_base(buf, sizeof buf, ex, 1, caps);
		w = text_width(buf, g->ascii);
		x = xe - w / 2;
		if (x + w > g->w)
			x = g->w - w;
		if (x < 0)
			x = 0;
		grid_text(g, x, y + 2, buf, w, GS_ROLE_MARKER, 0);
	}
	free(rows);
}

/* SPDX-License-Identifier: ISC */
/*
 * The force plot (TUI.md section 3, shap's AdditiveForceVisualizer): the
 * features that push the output up stacked left of f(x), smallest far
 * left; those that push it down right of it, largest first; base value
 * and f(x) marked on the axis, names inside segments that have room, and
 * a table of the largest pushes on each side.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "tui/render-int.h"

/* The narrowest segment named inline. */
#define FORCE_NAME_MIN	5

/*
 * One side's table: its k largest pushes (k = 0: all) as rows allow,
 * then "... N more (S)".
 */
static void
force_table(struct gs_grid *g, int x, int y, int w, int rows, size_t k,
    const struct render_items *it, const size_t *idx, size_t n, int d,
    int novalues, const struct gs_caps *caps)
{
	char	num[64], val[64], line[512], fit[512];
	size_t	i, shown;
	double	rest = 0;
	int	role, um = caps->term && caps->utf8;

	shown = n;
	if (k > 0 && shown > k)
		shown = k;
	if (shown > (size_t)rows)
		shown = (size_t)rows;
	/* Keep a line for "... N more" when there are lines to spare. */
	if (shown < n && shown == (size_t)rows && rows >= 2)
		shown--;
	for (i = 0; i < shown; i++) {
		size_t j = idx[i];
		role = it->phi[j] < 0 ? GS_ROLE_NEGATIVE : GS_ROLE_POSITIVE;
		render_signed(num, sizeof num, it->phi[j], d, 0, um);
		if (!novalues && it->value != NULL && !isnan(it->value[j]))
			snprintf(line, sizeof line, "%s = %s", it->names[j],
			    render_value(val, sizeof val, it->value[j]));
		else
			snprintf(line, sizeof line, "%s", it->names[j]);
		grid_text(g, x, y + (int)i, num, -1, role, 0);
		text_fit(fit, sizeof fit, line, w - text_width(num, g->ascii) -
		    1, g->ascii);
		grid_text(g, x + text_width(num, g->ascii) + 1, y + (int)i, fit,
		    -1, GS_ROLE_LABEL, 0);
	}
	if (shown < n && (size_t)rows > shown) {
		for (i = shown; i < n; i++)
			rest += it->phi[idx[i]];
		render_signed(num, sizeof num, rest, d, 0, um);
		snprintf(line, sizeof line, "%s %zu more (%s)", RS(caps,
		    "\xe2\x80\xa6", "..."), n - shown, num);
		grid_text(g, x, y + (int)shown, line, w, GS_ROLE_VALUE, 0);
	}
}

/* Put a label centred on column c, kept on the screen; -1 if it overlaps. */
static int
force_label(struct gs_grid *g, int y, int c, const char *s, int role)
{
	int	w = text_width(s, g->ascii), x = c - w / 2, i;

	if (x + w > g->w)
		x = g->w - w;
	if (x < 0)
		x = 0;
	for (i = -1; i <= w; i++) {
		const struct gs_cell *cell = grid_cell(g, x + i, y);
		if (cell != NULL && cell->ch != ' ')
			return (-1);
	}
	grid_text(g, x, y, s, w, role, 0);
	return (x);
}

void
render_force(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	const struct gs_explanation *ex = src->ex;
	struct render_items	 it;
	struct render_axis	 ax;
	size_t			*pos, *neg, np = 0, nn = 0, i;
	double			 sp = 0, sn = 0, lo, hi, pad, c, m = 0;
	char			 buf[256], num[64], fit[256];
	int			 xf, xe = -1, y, x, d, k;
	int			 compact = g->w < 80, rows, c0, c1;
	long			 u0, u1;

	render_items_get(ex, src, o, &it);
	pos = xcalloc(it.n + 1, sizeof *pos);
	neg = xcalloc(it.n + 1, sizeof *neg);
	for (i = 0; i < it.n; i++) {
		if (it.phi[i] > 0) {
			pos[np++] = i;
			sp += it.phi[i];
		} else if (it.phi[i] < 0) {
			neg[nn++] = i;
			sn -= it.phi[i];
		}
		m = fmax(m, fabs(it.phi[i]));
	}
	d = render_decimals(m);
	render_order(&it, pos, np, RENDER_SORT_ABS_ASC);
	render_order(&it, neg, nn, GS_SORT_ABS);
	lo = ex->fx - sp;
	hi = ex->fx + sn;
	if (!isnan(ex->base)) {
		lo = fmin(lo, ex->base);
		hi = fmax(hi, ex->base);
	}
	pad = (hi - lo) * 0.04;
	if (!(pad > 0))
		pad = 0.5;
	ax.lo = lo - pad;
	ax.hi = hi + pad;
	ax.x0 = 1;
	ax.w = g->w - 2;
	ax.unit = 1;
	xf = render_axis_col(&ax, ex->fx);

	/* Labels, ticks and the axis with the two markers. */
	force_label(g, y0, xf, RS(caps, "higher \xe2\x86\x92 \xe2\x86\x90 lower",
	    "higher -> <- lower"), GS_ROLE_AXIS);
	snprintf(buf, sizeof buf, "f(x) = %s", render_fx(num, sizeof num,
	    ex->fx, caps));
	force_label(g, y0 + 1, xf, buf, GS_ROLE_MARKER);
	if (!isnan(ex->base)) {
		xe = render_axis_col(&ax, ex->base);
		/* The base labelled by what it is; short when room is. */
		render_base(buf, sizeof buf, ex, 0, caps);
		if (force_label(g, y0 + 1, xe, buf, GS_ROLE_MARKER) < 0 &&
		    force_label(g, y0, xe, buf, GS_ROLE_MARKER) < 0) {
			render_base(buf, sizeof buf, ex, 1, caps);
			if (force_label(g, y0 + 1, xe, buf, GS_ROLE_MARKER) < 0)
				force_label(g, y0, xe, buf, GS_ROLE_MARKER);
		}
	}
	render_axis_ticks(g, y0 + 3, &ax, caps, 0, o->prob, 0);
	/* render_axis_ticks puts labels under the line: move them above it. */
	for (x = 0; x < g->w; x++) {
		struct gs_cell *a = grid_at(g, x, y0 + 2);
		struct gs_cell *b = grid_at(g, x, y0 + 4);
		if (a == NULL || b == NULL)
			break;
		*a = *b;
		b->ch = ' ';
		b->role = GS_ROLE_NONE;
	}
	grid_put(g, xf, y0 + 3, RENDER_G(caps, 0x25bc, 'v'), GS_ROLE_MARKER, 0);
	if (xe >= 0)
		grid_put(g, xe, y0 + 3, RENDER_G(caps, 0x25bc, 'v'),
		    GS_ROLE_MARKER, 0);

	/* The stacked segments on row y0 + 4, names under them. */
	y = y0 + 4;
	c = ex->fx - sp;
	for (i = 0; i < np + nn; i++) {
		int positive = i < np;
		size_t j = positive ? pos[i] : neg[i - np];
		double a, b;
		int role;

		if (i == np)
			c = ex->fx;	/* pushes down start at f(x) */
		a = c;
		b = a + fabs(it.phi[j]);
		u0 = render_axis_units(&ax, a);
		u1 = render_axis_units(&ax, b);
		c = b;
		if (u1 <= u0)
			continue;	/* too small to see: merged */
		k = positive ? (int)(np - i) : (int)(i - np);
		role = positive ? (k % 2 ? GS_ROLE_POSITIVE : GS_ROLE_POSITIVE_ALT) :
		    (k % 2 ? GS_ROLE_NEGATIVE_ALT : GS_ROLE_NEGATIVE);
		c0 = ax.x0 + (int)u0;
		c1 = ax.x0 + (int)u1;
		render_axis_bar(g, y, ax.x0, u0, u1, 1, role, 0, caps,
		    positive ? '+' : '-');
		/* Each segment's head: > and notch for +, < for -. */
		if (positive)
			grid_put(g, c1 - 1, y, RENDER_G(caps, 0x258c, '>'), role,
			    0);
		else
			grid_put(g, c0, y, RENDER_G(caps, 0x2590, '<'), role, 0);
		if (c1 - c0 >= FORCE_NAME_MIN) {
			text_fit(fit, sizeof fit, it.names[j], c1 - c0 - 1,
			    g->ascii);
			render_center(g, y + 1, c0, c1 - c0, fit, GS_ROLE_LABEL,
			    0);
		}
	}

	/* The tables of pushes. */
	y = y0 + 6;
	rows = h - 7;
	if (rows < 1) {
		free(pos);
		free(neg);
		return;
	}
	/* Largest first in the tables. */
	render_order(&it, pos, np, GS_SORT_ABS);
	if (compact) {
		grid_text(g, 1, y, RS(caps, "\xe2\x96\xb2 pushes higher, "
		    "\xe2\x96\xbc pushes lower", "^ pushes higher, v pushes "
		    "lower"), -1, GS_ROLE_AXIS, 0);
		k = rows / 2;
		if ((size_t)k > np)
			k = (int)np;
		force_table(g, 2, y + 1, g->w - 3, k, o->k, &it, pos, np, d,
		    o->novalues, caps);
		force_table(g, 2, y + 1 + k, g->w - 3, rows - k, o->k, &it,
		    neg, nn, d, o->novalues, caps);
	} else {
		grid_text(g, 2, y, RS(caps, "\xe2\x96\xb2 pushes higher",
		    "^ pushes higher"), -1, GS_ROLE_POSITIVE, 0);
		grid_text(g, g->w / 2 + 2, y, RS(caps, "\xe2\x96\xbc pushes lower",
		    "v pushes lower"), -1, GS_ROLE_NEGATIVE, 0);
		force_table(g, 3, y + 1, g->w / 2 - 4, rows, o->k, &it, pos,
		    np, d, o->novalues, caps);
		force_table(g, g->w / 2 + 3, y + 1, g->w - g->w / 2 - 4, rows,
		    o->k, &it, neg, nn, d, o->novalues, caps);
	}
	free(pos);
	free(neg);
}

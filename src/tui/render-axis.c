/* SPDX-License-Identifier: ISC */
/*
 * Value axes: where a value falls in sub-cell units with boundaries
 * rounded so stacked segments add up (TUI.md G2), bars and bands with
 * sub-cell ends along an axis (G1), nice tick steps and the axis line
 * with its tick labels, and the column of a value on a strip.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/render-int.h"

long
render_axis_units(const struct render_axis *a, double v)
{
	double	u;
	long	max = (long)a->w * a->unit;

	/*
	 * Boundaries are rounded, not lengths (G2): two segments that meet
	 * at v both end at render_axis_units(v), so stacks add up exactly.
	 */
	if (!(a->hi > a->lo))
		return (0);
	u = (v - a->lo) / (a->hi - a->lo) * (double)max;
	if (!(u > 0))
		return (0);
	if (u > (double)max)
		return (max);
	return (lround(u));
}

int
render_axis_col(const struct render_axis *a, double v)
{
	long	c = render_axis_units(a, v) / a->unit;

	/* The cell right of the rounded boundary, as bars start there. */
	if (c > a->w - 1)
		c = a->w - 1;
	return (a->x0 + (int)c);
}

void
render_axis_bar(struct gs_grid *g, int y, int x0, long u0, long u1, int unit,
    int role, int attr, const struct gs_caps *caps, uint32_t ascii_fill)
{
	long	c, a, b;

	if (u1 <= u0)
		return;
	/* In cell c the bar covers units [a, b) of 0..unit. */
	for (c = u0 / unit; c * unit < u1; c++) {
		a = (u0 > c * unit ? u0 : c * unit) - c * unit;
		b = (u1 < (c + 1) * unit ? u1 : (c + 1) * unit) - c * unit;
		if (!caps->utf8 || unit == 1) {
			grid_put(g, x0 + (int)c, y, caps->utf8 ? 0x2588 :
			    ascii_fill, role, attr);
			continue;
		}
		if (a == 0 && b == unit)
			grid_put(g, x0 + (int)c, y, 0x2588, role, attr);
		else if (a == 0)
			/* Left blocks: U+258F is 1/8 ... U+2589 7/8. */
			grid_put(g, x0 + (int)c, y, 0x2590 - b * 8 / unit,
			    role, attr);
		else if (b == unit && unit == 8 && caps->term)
			/* Right-aligned k/8: the complement, reversed. */
			grid_put(g, x0 + (int)c, y, 0x2590 - a, role,
			    attr | GS_ATTR_REVERSE);
		else if (b == unit)
			grid_put(g, x0 + (int)c, y, a * 2 <= unit ? 0x2590 :
			    0x2595, role, attr);
		else
			grid_put(g, x0 + (int)c, y, 0x2590 - (b - a) * 8 /
			    unit, role, attr);
	}
}

void
render_axis_band(struct gs_grid *g, int y, int x0, long u0, long u1, int unit,
    int role, const struct gs_caps *caps)
{
	long	c;

	if (u1 <= u0)
		return;
	if (caps->term && caps->utf8) {
		render_axis_bar(g, y, x0, u0, u1, unit, role, 0, caps, ':');
		return;
	}
	for (c = u0 / unit; c * unit < u1; c++)
		grid_put(g, x0 + (int)c, y, RENDER_G(caps, 0x2592, ':'), role, 0);
}

double
render_axis_step(double range, int n)
{
	double	raw, mag, norm;

	if (!(range > 0) || !isfinite(range) || n < 1)
		return (1);
	raw = range / n;
	mag = pow(10, floor(log10(raw)));
	norm = raw / mag;
	if (norm <= 1)
		return (mag);
	if (norm <= 2)
		return (2 * mag);
	if (norm <= 2.5)
		return (2.5 * mag);
	if (norm <= 5)
		return (5 * mag);
	return (10 * mag);
}

int
render_axis_range(double lo, double hi, double step, long *k0)
{
	double	a, b;

	*k0 = 0;
	if (!(step > 0) || !isfinite(step) || !isfinite(lo) || !isfinite(hi) ||
	    hi < lo)
		return (0);
	a = ceil(lo / step - 1e-9);
	b = floor(hi / step + 1e-9);
	/* Ticks are k * step, never sums, so step cannot vanish into t. */
	if (fabs(a) > 1e15 || fabs(b) > 1e15 || b < a || b - a > 200)
		return (0);
	*k0 = (long)a;
	return ((int)(b - a) + 1);
}

void
render_axis_label(char *buf, size_t size, double v, double step,
    const struct gs_caps *caps)
{
	char	tmp[64];
	int	d = 0;
	double	s = step;

	/* Enough decimals for the step (2.5 x 10^k needs one more). */
	while (d < 8 && fabs(s - floor(s + 0.5)) > 1e-9 * (1 + fabs(s))) {
		s *= 10;
		d++;
	}
	if (fabs(v) < step * 1e-9)
		v = 0;
	snprintf(tmp, sizeof tmp, "%.*f", d, v);
	if (caps->term && caps->utf8 && tmp[0] == '-')
		snprintf(buf, size, "\xe2\x88\x92%s", tmp + 1);
	else
		snprintf(buf, size, "%s", tmp);
}

int
render_axis_ticks(struct gs_grid *g, int y, const struct render_axis *a,
    const struct gs_caps *caps, int zero_mark, int prob, int up)
{
	char	lab[64];
	double	step, t;
	int	x, col, n = 0, last = -1000, lw, i, nt;
	long	k0;

	for (x = a->x0; x < a->x0 + a->w; x++)
		grid_put(g, x, y, RENDER_G(caps, 0x2500, '-'), GS_ROLE_AXIS, 0);
	step = render_axis_step(a->hi - a->lo, a->w / 9 > 1 ? a->w / 9 : 1);
	nt = render_axis_range(a->lo, a->hi, step, &k0);
	for (i = 0; i < nt; i++) {
		t = (double)(k0 + i) * step;
		col = render_axis_col(a, t);
		if (zero_mark && fabs(t) < step * 1e-9)
			grid_put(g, col, y, RENDER_G(caps, 0x253c, '+'),
			    GS_ROLE_AXIS, 0);
		else
			grid_put(g, col, y, RENDER_G(caps, up ? 0x2534 :
			    0x252c, '+'), GS_ROLE_AXIS, 0);
		n++;
		if (prob == GS_AXIS_PROB) {
			/* The tick stays where t is; its label is sigma(t). */
			snprintf(lab, sizeof lab, "%.3g", 1 / (1 + exp(-t)));
		} else if (prob == GS_AXIS_LOGODDS) {
			/* A probability t as log-odds; none outside (0, 1). */
			if (!(t > 0 && t < 1))
				continue;
			snprintf(lab, sizeof lab, "%.3g", log(t / (1 - t)));
		} else
			render_axis_label(lab, sizeof lab, t, step, caps);
		lw = text_width(lab, g->ascii);
		x = col - lw / 2;
		if (x <= last + 1 || x < 0 || x + lw > g->w)
			continue;
		grid_text(g, x, y + 1, lab, lw, GS_ROLE_AXIS, 0);
		last = x + lw - 1;
	}
	return (n);
}

int
render_axis_strip(int x, int w, double lo, double hi, double v)
{
	double	t = (v - lo) / (hi - lo);
	long	c;

	if (!(t > 0))
		return (x);
	c = lround(t * (w - 1));
	return (x + (int)(c > w - 1 ? w - 1 : c));
}

/* SPDX-License-Identifier: ISC */
/*
 * The line plot the teaching views share (metrics' deletion and insertion
 * curves, the path view, the convergence curve): axes with nice ticks
 * (linear or log2 in x), braille polylines with 2 x 4 dots a cell
 * (UnicodePlots' BrailleCanvas) or '*' in ASCII, shaded bands and a dashed
 * level line (TUI.md section 6).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "tui/render-int.h"

/* Braille dot bits by (column, row) inside a cell (U+2800 + bits). */
static const uint8_t plot_braille[4][2] = {
	{ 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 }, { 0x40, 0x80 }
};

/* Where x lies across the plot, 0 (left) to 1 (right). */
static double
plot_xfrac(const struct render_plot *p, double x)
{
	if (p->logx) {
		if (!(x > 0))
			return (0);
		return ((log2(x) - log2(p->xlo)) / (log2(p->xhi) - log2(p->xlo)));
	}
	return ((x - p->xlo) / (p->xhi - p->xlo));
}

/* The dot column of x (clamped). */
static long
plot_dotx(const struct render_plot *p, double x)
{
	long	n = (long)p->w * p->dx, d;
	double	t = plot_xfrac(p, x);

	if (!(t > 0))
		return (0);
	d = lround(t * (double)(n - 1));
	return (d > n - 1 ? n - 1 : d);
}

/* The dot row of y, 0 at the top (clamped). */
static long
plot_doty(const struct render_plot *p, double y)
{
	long	n = (long)p->h * p->dy, d;
	double	t = (p->yhi - y) / (p->yhi - p->ylo);

	if (!(t > 0))
		return (0);
	d = lround(t * (double)(n - 1));
	return (d > n - 1 ? n - 1 : d);
}

int
render_plot_col(const struct render_plot *p, double x)
{
	return (p->x0 + (int)(plot_dotx(p, x) / p->dx));
}

int
render_plot_row(const struct render_plot *p, double y)
{
	return (p->y0 + (int)(plot_doty(p, y) / p->dy));
}

/* The y tick step for the plot's height. */
static double
plot_ystep(const struct render_plot *p)
{
	int	n = p->h / 2;

	return (render_axis_step(p->yhi - p->ylo, n > 1 ? n : 1));
}

int
render_plot_init(struct render_plot *p, int x, int y, int w, int h,
    double xlo, double xhi, double ylo, double yhi, int logx, int xlabels,
    const struct gs_caps *caps)
{
	char	lab[64];
	double	step, r, c;
	long	k0;
	int	i, nt, lw = 1, tw;

	memset(p, 0, sizeof *p);
	p->caps = caps;
	p->logx = logx && xlo > 0;
	p->xlo = xlo;
	p->xhi = xhi > xlo ? xhi : xlo + (p->logx ? xlo : 1);
	if (!isfinite(ylo) || !isfinite(yhi)) {
		ylo = 0;
		yhi = 1;
	}
	if (!(yhi > ylo)) {
		c = ylo;
		r = c != 0 ? fabs(c) * 0.1 : 1;
		ylo = c - r;
		yhi = c + r;
	} else {
		r = yhi - ylo;
		ylo -= r * 0.04;
		yhi += r * 0.04;
	}
	p->ylo = ylo;
	p->yhi = yhi;
	p->dx = caps->utf8 ? 2 : 1;
	p->dy = caps->utf8 ? 4 : 1;
	p->xlabels = xlabels;
	p->h = h - (xlabels ? 2 : 1);
	if (p->h < 1)
		return (-1);
	/* The gutter is as wide as the widest y label. */
	step = plot_ystep(p);
	nt = render_axis_range(ylo, yhi, step, &k0);
	for (i = 0; i < nt; i++) {
		render_axis_label(lab, sizeof lab, (double)(k0 + i) * step, step,
		    caps);
		if ((tw = text_width(lab, !caps->utf8)) > lw)
			lw = tw;
	}
	p->x0 = x + lw + 1;
	p->y0 = y;
	p->w = w - lw - 1;
	if (p->w < 4)
		return (-1);
	return (0);
}

/* The x ticks: values into t (at most n), returns how many; step out. */
static int
plot_xticks(const struct render_plot *p, double *t, int n, double *step)
{
	double	lo, hi, stride;
	long	k0, k;
	int	nt, i, m = 0;

	if (p->logx) {
		lo = ceil(log2(p->xlo) - 1e-9);
		hi = floor(log2(p->xhi) + 1e-9);
		/* Every power of two while they fit, else every 2nd, 4th... */
		stride = 1;
		while ((hi - lo) / stride + 1 > p->w / 5.0 && stride < 64)
			stride *= 2;
		for (k = (long)lo; k <= (long)hi && m < n; k++)
			if ((k - (long)lo) % (long)stride == 0)
				t[m++] = ldexp(1, (int)k);
		*step = 1;
		return (m);
	}
	*step = render_axis_step(p->xhi - p->xlo, p->w / 10 > 1 ? p->w / 10 : 1);
	nt = render_axis_range(p->xlo, p->xhi, *step, &k0);
	for (i = 0; i < nt && m < n; i++)
		t[m++] = (double)(k0 + i) * *step;
	return (m);
}

void
render_plot_axes(const struct render_plot *p, struct gs_grid *g)
{
	const struct gs_caps *caps = p->caps;
	char	lab[64];
	double	step, t[64];
	long	k0;
	int	i, nt, row, col, last = -1000, lw, x, ay = p->y0 + p->h;

	/* The y axis: a line with ticks, labels right-aligned to it. */
	for (row = p->y0; row < p->y0 + p->h; row++)
		grid_put(g, p->x0 - 1, row, RENDER_G(caps, 0x2502, '|'),
		    GS_ROLE_AXIS, 0);
	step = plot_ystep(p);
	nt = render_axis_range(p->ylo, p->yhi, step, &k0);
	for (i = 0; i < nt; i++) {
		double v = (double)(k0 + i) * step;
		row = render_plot_row(p, v);
		if (row == last)
			continue;
		last = row;
		grid_put(g, p->x0 - 1, row, RENDER_G(caps, 0x2524, '|'),
		    GS_ROLE_AXIS, 0);
		render_axis_label(lab, sizeof lab, v, step, caps);
		grid_text_right(g, p->x0 - 1, row, lab, GS_ROLE_AXIS, 0);
	}
	/* The x axis: corner, line, ticks, labels centred under them. */
	grid_put(g, p->x0 - 1, ay, RENDER_G(caps, 0x2514, '+'), GS_ROLE_AXIS, 0);
	for (col = p->x0; col < p->x0 + p->w; col++)
		grid_put(g, col, ay, RENDER_G(caps, 0x2500, '-'), GS_ROLE_AXIS, 0);
	nt = plot_xticks(p, t, 64, &step);
	last = -1000;
	for (i = 0; i < nt; i++) {
		col = render_plot_col(p, t[i]);
		grid_put(g, col, ay, RENDER_G(caps, 0x252c, '+'), GS_ROLE_AXIS, 0);
		if (!p->xlabels)
			continue;
		if (p->logx)
			snprintf(lab, sizeof lab, "%.0f", t[i]);
		else
			render_axis_label(lab, sizeof lab, t[i], step, caps);
		lw = text_width(lab, !caps->utf8);
		x = col - lw / 2;
		if (x <= last + 1 || x < 0 || x + lw > g->w)
			continue;
		grid_text(g, x, ay + 1, lab, lw, GS_ROLE_AXIS, 0);
		last = x + lw - 1;
	}
}

/* Linear interpolation of v over xs at x (in the plot's x scale); NaN outside. */
static double
plot_interp(const struct render_plot *p, const double *xs, const double *v,
    size_t n, double x)
{
	double	a, b, t;
	size_t	i;

	for (i = 0; i + 1 < n; i++) {
		if (x < xs[i] || x > xs[i + 1])
			continue;
		a = plot_xfrac(p, xs[i]);
		b = plot_xfrac(p, xs[i + 1]);
		t = b > a ? (plot_xfrac(p, x) - a) / (b - a) : 0;
		return (v[i] + t * (v[i + 1] - v[i]));
	}
	if (n == 1 && x == xs[0])
		return (v[0]);
	return (NAN);
}

/* The x of the middle of data column c. */
static double
plot_colx(const struct render_plot *p, int c)
{
	double	t = ((double)c + 0.5) / (double)p->w;

	if (p->logx)
		return (p->xlo * exp2(t * (log2(p->xhi) - log2(p->xlo))));
	return (p->xlo + t * (p->xhi - p->xlo));
}

void
render_plot_band(const struct render_plot *p, struct gs_grid *g,
    const double *xs, const double *lo, const double *hi, size_t n, int role)
{
	const struct gs_caps *caps = p->caps;
	double	x, a, b;
	int	c, r, r0, r1;

	if (n == 0)
		return;
	for (c = 0; c < p->w; c++) {
		x = plot_colx(p, c);
		/* The first and last columns reach the end points. */
		if (x < xs[0] && render_plot_col(p, xs[0]) == p->x0 + c)
			x = xs[0];
		if (x > xs[n - 1] && render_plot_col(p, xs[n - 1]) == p->x0 + c)
			x = xs[n - 1];
		a = plot_interp(p, xs, lo, n, x);
		b = plot_interp(p, xs, hi, n, x);
		if (isnan(a) || isnan(b))
			continue;
		r0 = render_plot_row(p, fmax(a, b));
		r1 = render_plot_row(p, fmin(a, b));
		for (r = r0; r <= r1; r++) {
			if (caps->term && caps->utf8)
				grid_put_shade(g, p->x0 + c, r, ' ', GS_ROLE_NONE,
				    0, role, 0, 0);
			else
				grid_put(g, p->x0 + c, r, RENDER_G(caps, 0x2591,
				    ':'), role, 0);
		}
	}
}

void
render_plot_hline(const struct render_plot *p, struct gs_grid *g, double y,
    int role)
{
	const struct gs_cell *cell;
	int	c, r;

	if (!isfinite(y) || y < p->ylo || y > p->yhi)
		return;
	r = render_plot_row(p, y);
	for (c = p->x0; c < p->x0 + p->w; c++) {
		cell = grid_cell(g, c, r);
		if (cell == NULL || (cell->ch >= 0x2800 && cell->ch <= 0x28ff) ||
		    cell->ch == '*')
			continue;
		grid_put_shade(g, c, r, RENDER_G(p->caps, 0x2504, '-'), role, 0,
		    cell->bg, cell->bgshade, 0);
	}
}

/* Set the dots of the segment (x0, y0)-(x1, y1) (Bresenham). */
static void
plot_segment(uint8_t *dots, long dw, long dh, long x0, long y0, long x1,
    long y1)
{
	long	dx = labs(x1 - x0), dy = -labs(y1 - y0), e = dx + dy, e2;
	int	sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;

	for (;;) {
		if (x0 >= 0 && x0 < dw && y0 >= 0 && y0 < dh)
			dots[y0 * dw + x0] = 1;
		if (x0 == x1 && y0 == y1)
			break;
		e2 = 2 * e;
		if (e2 >= dy) {
			e += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			e += dx;
			y0 += sy;
		}
	}
}

void
render_plot_line(const struct render_plot *p, struct gs_grid *g,
    const double *xs, const double *ys, size_t n, int role)
{
	const struct gs_cell *cell;
	uint8_t	*dots, bits;
	long	 dw = (long)p->w * p->dx, dh = (long)p->h * p->dy, px = 0, py = 0;
	long	 x, y, cx, cy;
	size_t	 i;
	int	 have = 0, bg, bgs;

	dots = xcalloc((size_t)(dw * dh), 1);
	for (i = 0; i < n; i++) {
		if (!isfinite(xs[i]) || !isfinite(ys[i])) {
			have = 0;
			continue;
		}
		x = plot_dotx(p, xs[i]);
		y = plot_doty(p, ys[i]);
		if (have)
			plot_segment(dots, dw, dh, px, py, x, y);
		else
			plot_segment(dots, dw, dh, x, y, x, y);
		px = x;
		py = y;
		have = 1;
	}
	for (cy = 0; cy < p->h; cy++) {
		for (cx = 0; cx < p->w; cx++) {
			bits = 0;
			for (y = 0; y < p->dy; y++)
				for (x = 0; x < p->dx; x++)
					if (dots[(cy * p->dy + y) * dw +
					    cx * p->dx + x])
						bits |= p->caps->utf8 ?
						    plot_braille[y][x] : 1;
			if (bits == 0)
				continue;
			cell = grid_cell(g, p->x0 + (int)cx, p->y0 + (int)cy);
			bg = cell != NULL ? cell->bg : GS_ROLE_NONE;
			bgs = cell != NULL ? cell->bgshade : 0;
			/* Lines that share a cell share its dots. */
			if (p->caps->utf8 && cell != NULL && cell->ch >= 0x2800 &&
			    cell->ch <= 0x28ff)
				bits |= (uint8_t)(cell->ch - 0x2800);
			grid_put_shade(g, p->x0 + (int)cx, p->y0 + (int)cy,
			    p->caps->utf8 ? 0x2800u + bits : '*', role, 0, bg,
			    bgs, 0);
		}
	}
	free(dots);
}

void
render_plot_xmarks(const struct render_plot *p, struct gs_grid *g,
    const double *xs, size_t n, int role)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (isfinite(xs[i]))
			grid_put(g, render_plot_col(p, xs[i]), p->y0 + p->h,
			    RENDER_G(p->caps, 0x25b2, '^'), role, 0);
}

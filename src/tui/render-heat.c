/* SPDX-License-Identifier: ISC */
/*
 * The heat map for image inputs (TUI.md section 5, shap's _image.py): the
 * input beside its attribution on a symmetric diverging scale (vmax = the
 * 99.9th percentile of |phi|). In colour, pixels are cells or half blocks;
 * without colour, each pixel is a signed digit in units of vmax / 9, exact
 * and diff-able. Images too large for the screen are pooled in p x p
 * blocks, whose attribution is the sum of their pixels' (additivity).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "tui/render-int.h"

/* Grey ramps for the input without colour. */
static const char heat_ramp_ascii[] = " .:-=+*#%@";
static const uint32_t heat_ramp_utf8[5] = { ' ', 0x2591, 0x2592, 0x2593, 0x2588 };

/* The image after pooling. */
struct heat_image {
	size_t	 h;		/* rows of cells */
	size_t	 w;		/* columns of cells */
	size_t	 p;		/* pooling factor */
	double	*phi;		/* h x w attributions (block sums), owned */
	double	*x;		/* h x w input values (block means), owned */
	double	 vmax;		/* 99.9th percentile of |phi| */
	double	 xlo;		/* smallest input */
	double	 xhi;		/* largest input */
};

/* qsort: ascending doubles. */
static int
heat_cmp(const void *pa, const void *pb)
{
	double	a = *(const double *)pa, b = *(const double *)pb;

	return (a < b ? -1 : a > b);
}

/* Pool the explanation's image by p (channels summed for phi, averaged for x). */
static void
heat_pool(const struct gs_render_src *src, size_t p, struct heat_image *im)
{
	const struct gs_explanation *ex = src->ex;
	size_t	 H = src->img_h, W = src->img_w, C = src->img_c, i, j, c, k, n;
	double	*a;

	im->p = p;
	im->h = (H + p - 1) / p;
	im->w = (W + p - 1) / p;
	n = im->h * im->w;
	im->phi = xcalloc(n, sizeof *im->phi);
	im->x = xcalloc(n, sizeof *im->x);
	im->xlo = INFINITY;
	im->xhi = -INFINITY;
	for (c = 0; c < C; c++) {
		for (i = 0; i < H; i++) {
			for (j = 0; j < W; j++) {
				k = (i / p) * im->w + j / p;
				im->phi[k] += ex->phi[(c * H + i) * W + j];
				im->x[k] += ex->value[(c * H + i) * W + j];
			}
		}
	}
	for (i = 0; i < im->h; i++) {
		for (j = 0; j < im->w; j++) {
			size_t bh = (i + 1) * p > H ? H - i * p : p;
			size_t bw = (j + 1) * p > W ? W - j * p : p;
			k = i * im->w + j;
			im->x[k] /= (double)(bh * bw * C);
			if (isfinite(im->x[k])) {
				im->xlo = fmin(im->xlo, im->x[k]);
				im->xhi = fmax(im->xhi, im->x[k]);
			}
		}
	}
	a = xcalloc(n, sizeof *a);
	for (k = 0; k < n; k++)
		a[k] = fabs(im->phi[k]);
	qsort(a, n, sizeof *a, heat_cmp);
	im->vmax = a[(size_t)floor(0.999 * (double)(n - 1))];
	if (!(im->vmax > 0))
		im->vmax = a[n - 1] > 0 ? a[n - 1] : 1;
	free(a);
}

/* Free what heat_pool allocated. */
static void
heat_free(struct heat_image *im)
{
	free(im->phi);
	free(im->x);
}

/* Columns and rows the two panels take for image w x h cells. */
static void
heat_size(size_t w, size_t h, int color, int *cols, int *rows)
{
	if (color && w <= 16) {
		*cols = (int)(2 * w + 2) * 2 + 2;
		*rows = (int)h + 4;
	} else if (color) {
		*cols = (int)(w + 2) * 2 + 2;
		*rows = (int)(h + 1) / 2 + 4;
	} else {
		*cols = (int)(2 * w + 2) + 2 + (int)(3 * w + 3);
		*rows = (int)h + 4;
	}
}

/* The smallest pooling that fits width w and (when h > 0) height h. */
static size_t
heat_pooling(const struct gs_render_src *src, int w, int h, int color)
{
	size_t	p;
	int	cols, rows;

	for (p = 1; p <= src->img_w && p <= src->img_h; p++) {
		heat_size((src->img_w + p - 1) / p, (src->img_h + p - 1) / p,
		    color, &cols, &rows);
		if (cols + 1 <= w && (h <= 0 || rows <= h))
			return (p);
	}
	return (0);
}

int
render_heat_rows(const struct gs_render_src *src, int w,
    const struct gs_caps *caps)
{
	size_t	p;
	int	cols, rows;

	if (src->img_h == 0 || src->ex == NULL)
		return (1);
	p = heat_pooling(src, w, 0, caps != NULL && caps->color);
	if (p == 0)
		return (1);
	heat_size((src->img_w + p - 1) / p, (src->img_h + p - 1) / p,
	    caps != NULL && caps->color, &cols, &rows);
	return (rows);
}

/* The heat view's rows in text output, 80 columns wide. */
int
render_heat_body_rows(const struct gs_render_src *src,
    const struct gs_render_opts *o)
{
	return (render_heat_rows(src, 80, NULL));
}

/* The heat step of v: 0..GS_HEAT_STEPS-1, the middle for zero. */
static int
heat_step(double v, double vmax)
{
	int	half = GS_HEAT_STEPS / 2;
	double	x = v / vmax * half;
	long	s;

	if (isnan(x))
		return (half);
	s = x > half ? half : x < -half ? -half : lround(x);
	if (s > half)
		s = half;
	if (s < -half)
		s = -half;
	return ((int)s + half);
}

/* The grey step of input value x. */
static int
heat_grey(const struct heat_image *im, double x)
{
	double	t = im->xhi > im->xlo ? (x - im->xlo) / (im->xhi - im->xlo) : 0;

	if (!isfinite(t))
		t = 0;
	return ((int)lround(t * (GS_GREY_STEPS - 1)));
}

/* A box border around w x h cells at (x, y). */
static void
heat_box(struct gs_grid *g, int x, int y, int w, int h,
    const struct gs_caps *caps)
{
	int	i;

	for (i = 1; i <= w; i++) {
		grid_put(g, x + i, y, RENDER_G(caps, 0x2500, '-'), GS_ROLE_AXIS, 0);
		grid_put(g, x + i, y + h + 1, RENDER_G(caps, 0x2500, '-'),
		    GS_ROLE_AXIS, 0);
	}
	for (i = 1; i <= h; i++) {
		grid_put(g, x, y + i, RENDER_G(caps, 0x2502, '|'), GS_ROLE_AXIS, 0);
		grid_put(g, x + w + 1, y + i, RENDER_G(caps, 0x2502, '|'),
		    GS_ROLE_AXIS, 0);
	}
	grid_put(g, x, y, RENDER_G(caps, 0x250c, '+'), GS_ROLE_AXIS, 0);
	grid_put(g, x + w + 1, y, RENDER_G(caps, 0x2510, '+'), GS_ROLE_AXIS, 0);
	grid_put(g, x, y + h + 1, RENDER_G(caps, 0x2514, '+'), GS_ROLE_AXIS, 0);
	grid_put(g, x + w + 1, y + h + 1, RENDER_G(caps, 0x2518, '+'),
	    GS_ROLE_AXIS, 0);
}

void
render_heat(struct gs_grid *g, int y0, int h, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	const struct gs_explanation *ex = src->ex;
	struct heat_image	 im;
	char			 buf[256], num[64], pool[64] = "";
	size_t			 p, i, j, k, k2;
	int			 color = caps->color && caps->utf8, half, x1, x2;
	int			 pw, ph, y, x, q, s, um = caps->term && caps->utf8;
	double			 t;

	(void)o;
	if (src->img_h == 0 || src->img_w == 0) {
		snprintf(buf, sizeof buf, "not an image: %zu inputs (a heat "
		    "map needs [N,C,H,W] or a square number)", ex->d);
		render_message(g, y0, h, buf);
		return;
	}
	if ((p = heat_pooling(src, g->w, h, color)) == 0) {
		render_message(g, y0, h, "the image does not fit this screen");
		return;
	}
	heat_pool(src, p, &im);
	if (p > 1)
		snprintf(pool, sizeof pool, ", %zux%zu blocks summed", p, p);
	half = color && im.w > 16;
	pw = color && !half ? (int)im.w * 2 : half ? (int)im.w : (int)im.w * 2;
	ph = half ? (int)(im.h + 1) / 2 : (int)im.h;
	x1 = 1;
	x2 = x1 + pw + 2 + 2;
	grid_text(g, x1 + 1, y0, "input (x)", -1, GS_ROLE_LABEL, 0);
	if (color)
		snprintf(buf, sizeof buf, "attribution %s (class %zu)%s",
		    RS(caps, "\xcf\x86", "phi"), ex->target, pool);
	else {
		snprintf(buf, sizeof buf, "attribution %s (class %zu), units of "
		    "%.3g%s", RS(caps, "\xcf\x86", "phi"), ex->target,
		    im.vmax / 9, pool);
	}
	grid_text(g, x2 + 1, y0, buf, -1, GS_ROLE_LABEL, 0);
	heat_box(g, x1, y0 + 1, pw, ph, caps);
	heat_box(g, x2, y0 + 1, color ? pw : (int)im.w * 3 + 1, ph, caps);

	for (i = 0; i < (size_t)ph; i++) {
		y = y0 + 2 + (int)i;
		for (j = 0; j < im.w; j++) {
			if (half) {
				/* Top pixel in the foreground, bottom in the background. */
				k = 2 * i * im.w + j;
				k2 = (2 * i + 1) * im.w + j;
				grid_put_shade(g, x1 + 1 + (int)j, y, 0x2580,
				    GS_ROLE_GREY, heat_grey(&im, im.x[k]),
				    2 * i + 1 < im.h ? GS_ROLE_GREY : GS_ROLE_NONE,
				    2 * i + 1 < im.h ? heat_grey(&im, im.x[k2]) : 0,
				    0);
				x = x2 + 1 + (int)j;
				if (fabs(im.phi[k]) < 0.1 * im.vmax)
					grid_put_shade(g, x, y, 0x2580, GS_ROLE_GREY,
					    heat_grey(&im, im.x[k]) / 3,
					    GS_ROLE_NONE, 0, 0);
				else
					grid_put_shade(g, x, y, 0x2580,
					    GS_ROLE_HEAT, heat_step(im.phi[k],
					    im.vmax), GS_ROLE_NONE, 0, 0);
				if (2 * i + 1 < im.h) {
					struct gs_cell *c = grid_at(g, x, y);
					if (c != NULL && fabs(im.phi[k2]) >=
					    0.1 * im.vmax) {
						c->bg = GS_ROLE_HEAT;
						c->bgshade = (uint8_t)heat_step(
						    im.phi[k2], im.vmax);
					} else if (c != NULL) {
						c->bg = GS_ROLE_GREY;
						c->bgshade = (uint8_t)(heat_grey(&im,
						    im.x[k2]) / 3);
					}
				}
				continue;
			}
			k = i * im.w + j;
			s = heat_grey(&im, im.x[k]);
			if (color) {
				grid_put_shade(g, x1 + 1 + 2 * (int)j, y, 0x2588,
				    GS_ROLE_GREY, s, GS_ROLE_NONE, 0, 0);
				grid_put_shade(g, x1 + 2 + 2 * (int)j, y, 0x2588,
				    GS_ROLE_GREY, s, GS_ROLE_NONE, 0, 0);
				x = x2 + 1 + 2 * (int)j;
				if (fabs(im.phi[k]) < 0.1 * im.vmax) {
					grid_put_shade(g, x, y, 0x2588, GS_ROLE_GREY,
					    s / 3, GS_ROLE_NONE, 0, 0);
					grid_put_shade(g, x + 1, y, 0x2588,
					    GS_ROLE_GREY, s / 3, GS_ROLE_NONE, 0, 0);
				} else {
					q = heat_step(im.phi[k], im.vmax);
					grid_put_shade(g, x, y, 0x2588, GS_ROLE_HEAT,
					    q, GS_ROLE_NONE, 0, 0);
					grid_put_shade(g, x + 1, y, 0x2588,
					    GS_ROLE_HEAT, q, GS_ROLE_NONE, 0, 0);
				}
				continue;
			}
			/* Without colour: a ramp for x, a signed digit for phi. */
			t = (double)s / (GS_GREY_STEPS - 1);
			if (caps->utf8) {
				uint32_t ch = heat_ramp_utf8[(int)lround(t * 4)];
				grid_put(g, x1 + 1 + 2 * (int)j, y, ch,
				    GS_ROLE_VALUE, 0);
				grid_put(g, x1 + 2 + 2 * (int)j, y, ch,
				    GS_ROLE_VALUE, 0);
			} else {
				char ch = heat_ramp_ascii[(int)lround(t * 9)];
				grid_put(g, x1 + 1 + 2 * (int)j, y, (uint8_t)ch,
				    GS_ROLE_VALUE, 0);
				grid_put(g, x1 + 2 + 2 * (int)j, y, (uint8_t)ch,
				    GS_ROLE_VALUE, 0);
			}
			q = (int)lround(im.phi[k] / (im.vmax / 9));
			if (q > 9)
				q = 9;
			if (q < -9)
				q = -9;
			x = x2 + 1 + 3 * (int)j;
			if (q == 0)
				grid_put(g, x + 2, y, '.', GS_ROLE_GRID, 0);
			else {
				int role = q > 0 ? GS_ROLE_POSITIVE :
				    GS_ROLE_NEGATIVE;
				grid_put(g, x + 1, y, q > 0 ? '+' : '-', role, 0);
				grid_put(g, x + 2, y, (uint32_t)('0' + abs(q)), role,
				    0);
			}
		}
	}
	/* The scale. */
	y = y0 + 3 + ph;
	snprintf(num, sizeof num, "%s%.3g", um ? "\xe2\x88\x92" : "-",
	    im.vmax);
	x = grid_text(g, 1, y, color ? "colour bar: " : "scale: ", -1,
	    GS_ROLE_LABEL, 0) + 1;
	x += grid_text(g, x, y, num, -1, GS_ROLE_NEGATIVE, 0) + 1;
	if (color) {
		for (s = 0; s < GS_HEAT_STEPS; s++)
			grid_put_shade(g, x++, y, 0x2588, GS_ROLE_HEAT, s,
			    GS_ROLE_NONE, 0, 0);
	} else
		x += grid_text(g, x, y, "-9 .. +9", -1, GS_ROLE_LABEL, 0);
	snprintf(num, sizeof num, "+%.3g", im.vmax);
	x += 1;
	x += grid_text(g, x, y, num, -1, GS_ROLE_POSITIVE, 0);
	grid_text(g, x, y, " (99.9th percentile of |phi|, symmetric)", -1,
	    GS_ROLE_VALUE, 0);
	heat_free(&im);
}

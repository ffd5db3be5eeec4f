/* SPDX-License-Identifier: ISC */
/*
 * PNG figures: the SVG figures' one layout (svg_draw) on a cairo image
 * surface, GS_PNG_SCALE pixels to the figure's px, written as PNG. Built
 * with cairo (configure --with-cairo, the Debian package libcairo2-dev);
 * without it png_write says so.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_CAIRO
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#endif

#include "session/png.h"

int
png_available(void)
{
#ifdef HAVE_CAIRO
	return (1);
#else
	return (0);
#endif
}

#ifdef HAVE_CAIRO
/* The cairo canvas: a surface made when the figure's size is known. */
struct png_out {
	cairo_surface_t	*surface;
	cairo_t		*cr;
};

/* Set the source colour "#rrggbb" (black when malformed). */
static void
png_colour(cairo_t *cr, const char *hex)
{
	unsigned int	r = 0, g = 0, b = 0;

	if (hex == NULL || sscanf(hex, "#%02x%02x%02x", &r, &g, &b) != 3)
		r = g = b = 0;
	cairo_set_source_rgb(cr, r / 255.0, g / 255.0, b / 255.0);
}

static void
png_begin(void *arg, int w, int h, const char *cls, const char *title)
{
	struct png_out	*po = arg;

	(void)cls;
	(void)title;
	po->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    w * GS_PNG_SCALE, h * GS_PNG_SCALE);
	po->cr = cairo_create(po->surface);
	cairo_scale(po->cr, GS_PNG_SCALE, GS_PNG_SCALE);
	cairo_set_line_width(po->cr, 1);
}

static void
png_rect(void *arg, double x, double y, double w, double h, const char *fill,
    const char *cls, const char *name, const double *phi)
{
	struct png_out	*po = arg;

	(void)cls;
	(void)name;
	(void)phi;
	png_colour(po->cr, fill);
	cairo_rectangle(po->cr, x, y, w, h);
	cairo_fill(po->cr);
}

static void
png_line(void *arg, double x1, double y1, double x2, double y2,
    const char *stroke, int dash, const char *cls)
{
	struct png_out	*po = arg;
	static const double d[] = { 3, 3 };

	(void)cls;
	png_colour(po->cr, stroke);
	cairo_set_dash(po->cr, d, dash ? 2 : 0, 0);
	cairo_move_to(po->cr, x1, y1);
	cairo_line_to(po->cr, x2, y2);
	cairo_stroke(po->cr);
	cairo_set_dash(po->cr, d, 0, 0);
}

static void
png_text(void *arg, double x, double y, int anchor, int size, int bold,
    const char *fill, const char *cls, const char *s)
{
	struct png_out		*po = arg;
	cairo_text_extents_t	 te;

	(void)cls;
	cairo_select_font_face(po->cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	    bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(po->cr, size > 0 ? size : GS_FIGURE_FONT);
	cairo_text_extents(po->cr, s, &te);
	if (anchor == GS_ANCHOR_MIDDLE)
		x -= te.x_advance / 2;
	else if (anchor == GS_ANCHOR_END)
		x -= te.x_advance;
	png_colour(po->cr, fill);
	cairo_move_to(po->cr, x, y);
	cairo_show_text(po->cr, s);
}

static void
png_end(void *arg)
{
	struct png_out	*po = arg;

	cairo_surface_flush(po->surface);
}

/* cairo's PNG writer into a FILE. */
static cairo_status_t
png_fwrite(void *closure, const unsigned char *data, unsigned int len)
{
	return (fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR);
}

int
png_write(FILE *f, const struct gs_explanation *ex, const char *const *names,
    const char *output, const struct gs_svg_opts *o, struct gs_error *err)
{
	struct png_out		po;
	struct gs_canvas	cv;
	cairo_status_t		st;

	memset(&po, 0, sizeof po);
	cv.arg = &po;
	cv.begin = png_begin;
	cv.rect = png_rect;
	cv.line = png_line;
	cv.text = png_text;
	cv.end = png_end;
	svg_draw(&cv, ex, names, output, o);
	if (po.surface == NULL)
		return (gs_error_set(err, GS_EINVAL, "no figure was drawn"));
	st = cairo_status(po.cr);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_write_to_png_stream(po.surface, png_fwrite,
		    f);
	cairo_destroy(po.cr);
	cairo_surface_destroy(po.surface);
	/*
	 * Drop cairo's font caches (and the fontconfig patterns they hold):
	 * a figure is drawn once, and leak checkers then see none.
	 */
	cairo_debug_reset_static_data();
	FcFini();
	if (st != CAIRO_STATUS_SUCCESS)
		return (gs_error_set(err, GS_EIO, "PNG: %s",
		    cairo_status_to_string(st)));
	return (0);
}
#else
int
png_write(FILE *f, const struct gs_explanation *ex, const char *const *names,
    const char *output, const struct gs_svg_opts *o, struct gs_error *err)
{
	(void)f;
	(void)ex;
	(void)names;
	(void)output;
	(void)o;
	return (gs_error_set(err, GS_EUNSUPPORTED, "%s", png_unavailable()));
}
#endif

const char *
png_unavailable(void)
{
	return ("PNG figures need cairo: this gshap was built without it "
	    "(install the Debian package libcairo2-dev, then configure "
	    "--with-cairo); SVG figures work without it");
}

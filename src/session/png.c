/* SPDX-License-Identifier: ISC */
/*
 * PNG figures: the SVG figures' one layout (svg_draw) on a cairo image
 * surface, GS_PNG_SCALE pixels to the figure's px, written as PNG. Built
 * with cairo's headers (configure --with-cairo, the Debian package
 * libcairo2-dev); libcairo itself is loaded with dlopen when the first
 * PNG is drawn, so that every other command starts without its 31 shared
 * objects. Without cairo at build time, or without libcairo at run time,
 * png_available says no and png_unavailable says why.
 */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_CAIRO
#include <cairo.h>
#include <dlfcn.h>
#include <pthread.h>
#endif

#include "session/png.h"

#ifdef HAVE_CAIRO
/* The shared object loaded for PNG output (cairo's soname since 1.0). */
#define PNG_CAIRO_SONAME	"libcairo.so.2"

/* The functions of libcairo (and fontconfig's FcFini) png.c calls. */
static struct png_cairo {
	cairo_surface_t	*(*image_surface_create)(cairo_format_t, int, int);
	cairo_t		*(*create)(cairo_surface_t *);
	void		 (*scale)(cairo_t *, double, double);
	void		 (*set_line_width)(cairo_t *, double);
	void		 (*set_source_rgb)(cairo_t *, double, double, double);
	void		 (*rectangle)(cairo_t *, double, double, double,
			    double);
	void		 (*fill)(cairo_t *);
	void		 (*set_dash)(cairo_t *, const double *, int, double);
	void		 (*move_to)(cairo_t *, double, double);
	void		 (*line_to)(cairo_t *, double, double);
	void		 (*stroke)(cairo_t *);
	void		 (*select_font_face)(cairo_t *, const char *,
			    cairo_font_slant_t, cairo_font_weight_t);
	void		 (*set_font_size)(cairo_t *, double);
	void		 (*text_extents)(cairo_t *, const char *,
			    cairo_text_extents_t *);
	void		 (*show_text)(cairo_t *, const char *);
	void		 (*surface_flush)(cairo_surface_t *);
	cairo_status_t	 (*status)(cairo_t *);
	cairo_status_t	 (*surface_write_to_png_stream)(cairo_surface_t *,
			    cairo_write_func_t, void *);
	void		 (*destroy)(cairo_t *);
	void		 (*surface_destroy)(cairo_surface_t *);
	void		 (*debug_reset_static_data)(void);
	const char	*(*status_to_string)(cairo_status_t);
	/* fontconfig's FcFini, found through libcairo; may be NULL. */
	void		 (*fc_fini)(void);
} png_cairo;

/* Each member of png_cairo and the symbol it is loaded from. */
static const struct {
	const char	*name;
	size_t		 off;
} png_cairo_syms[] = {
	{ "cairo_image_surface_create",
	    offsetof(struct png_cairo, image_surface_create) },
	{ "cairo_create", offsetof(struct png_cairo, create) },
	{ "cairo_scale", offsetof(struct png_cairo, scale) },
	{ "cairo_set_line_width", offsetof(struct png_cairo, set_line_width) },
	{ "cairo_set_source_rgb", offsetof(struct png_cairo, set_source_rgb) },
	{ "cairo_rectangle", offsetof(struct png_cairo, rectangle) },
	{ "cairo_fill", offsetof(struct png_cairo, fill) },
	{ "cairo_set_dash", offsetof(struct png_cairo, set_dash) },
	{ "cairo_move_to", offsetof(struct png_cairo, move_to) },
	{ "cairo_line_to", offsetof(struct png_cairo, line_to) },
	{ "cairo_stroke", offsetof(struct png_cairo, stroke) },
	{ "cairo_select_font_face",
	    offsetof(struct png_cairo, select_font_face) },
	{ "cairo_set_font_size", offsetof(struct png_cairo, set_font_size) },
	{ "cairo_text_extents", offsetof(struct png_cairo, text_extents) },
	{ "cairo_show_text", offsetof(struct png_cairo, show_text) },
	{ "cairo_surface_flush", offsetof(struct png_cairo, surface_flush) },
	{ "cairo_status", offsetof(struct png_cairo, status) },
	{ "cairo_surface_write_to_png_stream",
	    offsetof(struct png_cairo, surface_write_to_png_stream) },
	{ "cairo_destroy", offsetof(struct png_cairo, destroy) },
	{ "cairo_surface_destroy", offsetof(struct png_cairo, surface_destroy) },
	{ "cairo_debug_reset_static_data",
	    offsetof(struct png_cairo, debug_reset_static_data) },
	{ "cairo_status_to_string",
	    offsetof(struct png_cairo, status_to_string) },
};
_Static_assert(sizeof png_cairo_syms / sizeof png_cairo_syms[0] ==
    sizeof (struct png_cairo) / sizeof (void (*)(void)) - 1,
    "png_cairo_syms lists every cairo member of struct png_cairo");

static pthread_once_t	 png_once = PTHREAD_ONCE_INIT;
static int		 png_loaded;
static char		 png_why[512];

/*
 * Load libcairo and every function of png_cairo, once; on failure say in
 * png_why what is missing. The handle stays open: a REPL may draw again.
 */
static void
png_load(void)
{
	const char	*e;
	void		*h, *sym;
	size_t		 i;

	dlerror();
	h = dlopen(PNG_CAIRO_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		e = dlerror();
		snprintf(png_why, sizeof png_why, "PNG output needs libcairo "
		    "(%s): install the Debian package libcairo2; SVG figures "
		    "work without it", e != NULL ? e : PNG_CAIRO_SONAME);
		return;
	}
	for (i = 0; i < sizeof png_cairo_syms / sizeof png_cairo_syms[0];
	    i++) {
		sym = dlsym(h, png_cairo_syms[i].name);
		if (sym == NULL) {
			snprintf(png_why, sizeof png_why, "PNG output needs "
			    "libcairo 1.10 or later: %s has no %s (install the "
			    "Debian package libcairo2); SVG figures work "
			    "without it", PNG_CAIRO_SONAME,
			    png_cairo_syms[i].name);
			dlclose(h);
			return;
		}
		/* POSIX: a function's address survives the void *. */
		memcpy((char *)&png_cairo + png_cairo_syms[i].off, &sym,
		    sizeof sym);
	}
	/* A cairo built without fontconfig has no font caches of its. */
	sym = dlsym(h, "FcFini");
	memcpy(&png_cairo.fc_fini, &sym, sizeof sym);
	png_loaded = 1;
}
#endif

int
png_available(void)
{
#ifdef HAVE_CAIRO
	pthread_once(&png_once, png_load);
	return (png_loaded);
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
	png_cairo.set_source_rgb(cr, r / 255.0, g / 255.0, b / 255.0);
}

static void
png_begin(void *arg, int w, int h, const char *cls, const char *title)
{
	struct png_out	*po = arg;

	(void)cls;
	(void)title;
	po->surface = png_cairo.image_surface_create(CAIRO_FORMAT_RGB24,
	    w * GS_PNG_SCALE, h * GS_PNG_SCALE);
	po->cr = png_cairo.create(po->surface);
	png_cairo.scale(po->cr, GS_PNG_SCALE, GS_PNG_SCALE);
	png_cairo.set_line_width(po->cr, 1);
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
	png_cairo.rectangle(po->cr, x, y, w, h);
	png_cairo.fill(po->cr);
}

static void
png_line(void *arg, double x1, double y1, double x2, double y2,
    const char *stroke, int dash, const char *cls)
{
	struct png_out	*po = arg;
	static const double d[] = { 3, 3 };

	(void)cls;
	png_colour(po->cr, stroke);
	png_cairo.set_dash(po->cr, d, dash ? 2 : 0, 0);
	png_cairo.move_to(po->cr, x1, y1);
	png_cairo.line_to(po->cr, x2, y2);
	png_cairo.stroke(po->cr);
	png_cairo.set_dash(po->cr, d, 0, 0);
}

static void
png_text(void *arg, double x, double y, int anchor, int size, int bold,
    const char *fill, const char *cls, const char *s)
{
	struct png_out		*po = arg;
	cairo_text_extents_t	 te;

	(void)cls;
	png_cairo.select_font_face(po->cr, "DejaVu Sans",
	    CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	png_cairo.set_font_size(po->cr, size > 0 ? size : GS_FIGURE_FONT);
	png_cairo.text_extents(po->cr, s, &te);
	if (anchor == GS_ANCHOR_MIDDLE)
		x -= te.x_advance / 2;
	else if (anchor == GS_ANCHOR_END)
		x -= te.x_advance;
	png_colour(po->cr, fill);
	png_cairo.move_to(po->cr, x, y);
	png_cairo.show_text(po->cr, s);
}

static void
png_end(void *arg)
{
	struct png_out	*po = arg;

	png_cairo.surface_flush(po->surface);
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

	if (!png_available())
		return (gs_error_set(err, GS_EUNSUPPORTED, "%s",
		    png_unavailable()));
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
	st = png_cairo.status(po.cr);
	if (st == CAIRO_STATUS_SUCCESS)
		st = png_cairo.surface_write_to_png_stream(po.surface, png_fwrite,
		    f);
	png_cairo.destroy(po.cr);
	png_cairo.surface_destroy(po.surface);
	/*
	 * Drop cairo's font caches (and the fontconfig patterns they hold):
	 * a figure is drawn once, and leak checkers then see none.
	 */
	png_cairo.debug_reset_static_data();
	if (png_cairo.fc_fini != NULL)
		png_cairo.fc_fini();
	if (st != CAIRO_STATUS_SUCCESS)
		return (gs_error_set(err, GS_EIO, "PNG: %s",
		    png_cairo.status_to_string(st)));
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
#ifdef HAVE_CAIRO
	if (!png_available())
		return (png_why);
#endif
	return ("PNG figures need cairo: this gshap was built without it "
	    "(install the Debian package libcairo2-dev, then configure "
	    "--with-cairo); SVG figures work without it");
}

/* SPDX-License-Identifier: ISC */
/*
 * Figures of one explanation as SVG, for a page or a slide: the bar,
 * waterfall and force views and the image heat map, drawn from the same
 * rows as the terminal shows (the k - 1 largest |phi| in the order every
 * output uses, the rest summed in one row) with 95% error bars, in the
 * screen theme's colours or a print palette.
 */
#ifndef GS_SVG_H
#define GS_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "attr/attr.h"
#include "core/error.h"
#include "model/model.h"
#include "session/features.h"

/* The figures. */
enum gs_figure {
	GS_FIGURE_BAR,		/* one bar per feature from zero, error bars */
	GS_FIGURE_WATERFALL,	/* from the base to f(x), one step per feature */
	GS_FIGURE_FORCE,	/* the pushes up and down on one line */
	GS_FIGURE_HEAT,		/* an image input beside its attribution */
	GS_FIGURE_COUNT
};

/* Colour sets. */
enum gs_svg_palette {
	GS_SVG_PALETTE_SCREEN,	/* the default theme's: shap's red and blue */
	GS_SVG_PALETTE_PRINT,	/* orange and dark blue: apart in greyscale too */
	GS_SVG_PALETTE_COUNT
};

/* How a figure is drawn. */
struct gs_svg_opts {
	enum gs_figure	 figure;	/* which */
	enum gs_svg_palette	 palette;	/* colours */
	size_t		 k;		/* rows, the smallest summed into the last; 0: 10 */
	int		 groups;	/* draw group attributions when ex has them */
	int		 width;		/* in px; 0: 720 */
	int		 inline_svg;	/* for HTML: no XML declaration */
	size_t		 img_c;		/* image channels, 0: not an image */
	size_t		 img_h;		/* image height */
	size_t		 img_w;		/* image width */
	/*
	 * The explanation's features (features_get), borrowed, or NULL: then
	 * a chart's rows are these (a category one row, "Home = rent"; an
	 * imputed value "(median) 125 = Income"), as the terminal draws them.
	 */
	const struct gs_features *features;
	const char	*label;		/* the output's label ("P(bad)"), or NULL: output[k] */
};

/* Defaults: bar, screen colours, 10 rows, 720 px, not an image. */
void	svg_opts_default(struct gs_svg_opts *o);

/* Names ("bar", "waterfall", "force", "heat"; "screen", "print") and parsing. */
const char *svg_figure_name(enum gs_figure f);
const char *svg_palette_name(enum gs_svg_palette p);
/* Errors: GS_EINVAL "unknown figure 'X' (bar, waterfall, force, heat)". */
int	svg_figure_parse(const char *s, enum gs_figure *out,
	    struct gs_error *err);
/* Errors: GS_EINVAL "unknown palette 'X' (screen, print)". */
int	svg_palette_parse(const char *s, enum gs_svg_palette *out,
	    struct gs_error *err);

/*
 * The image shape of model m's input for d values into o (img_c, img_h,
 * img_w; zero when it is not an image): [N,C,H,W], [N,H,W], or a flat row
 * of a square number (64 or more) of pixels, as the terminal's heat map
 * reads it.
 */
void	svg_image_shape(const struct gs_model *m, size_t d,
	    struct gs_svg_opts *o);

/*
 * The same rule from a shape's dims ([N,C,H,W], [N,H,W] or a square d of
 * 64 or more): fills c, h, w, all 0 when d values are not an image. The
 * explorer's heat map and the SVG heat map both read images by it.
 */
void	image_shape(const long long *dims, int ndim, size_t d, size_t *c,
	    size_t *h, size_t *w);

/*
 * Write o->figure of ex as one SVG document to f. names are ex->d feature
 * names, output the output's name (titles). A figure that does not apply
 * (a waterfall without a base value, a heat map of a model whose input is
 * not an image) is drawn as a sentence saying why. Each bar or segment is
 * a <rect> with class "bar" (or "push"), and data-name and data-phi
 * attributes holding the name and the attribution it stands for.
 */
void	svg_write(FILE *f, const struct gs_explanation *ex,
	    const char *const *names, const char *output,
	    const struct gs_svg_opts *o);

/* Where text is anchored at its x. */
#define GS_ANCHOR_START		0
#define GS_ANCHOR_MIDDLE	1
#define GS_ANCHOR_END		2

/* The figures' type size in px, when a text does not give one. */
#define GS_FIGURE_FONT		12

/*
 * Where a figure is drawn: the one layout (svg_draw) calls these, so the
 * SVG text (svg_write) and the PNG raster (png.c) hold the same geometry.
 * Coordinates are px from the top left; colours "#rrggbb"; cls a class
 * for SVG readers (NULL: none); name and phi, when not NULL, what a bar
 * stands for (data-name, data-phi); a text of size 0 has GS_FIGURE_FONT.
 */
struct gs_canvas {
	void	*arg;
	void	(*begin)(void *arg, int w, int h, const char *cls,
		    const char *title);
	void	(*rect)(void *arg, double x, double y, double w, double h,
		    const char *fill, const char *cls, const char *name,
		    const double *phi);
	void	(*line)(void *arg, double x1, double y1, double x2, double y2,
		    const char *stroke, int dash, const char *cls);
	void	(*text)(void *arg, double x, double y, int anchor, int size,
		    int bold, const char *fill, const char *cls, const char *s);
	void	(*end)(void *arg);
};

/* Draw o->figure of ex on cv: svg_write's layout, for any canvas. */
void	svg_draw(const struct gs_canvas *cv, const struct gs_explanation *ex,
	    const char *const *names, const char *output,
	    const struct gs_svg_opts *o);

/*
 * Write s (NULL: nothing) as XML or HTML text (and attribute values): &,
 * <, >, " and ' as entities, control characters and malformed UTF-8 as
 * visible \xHH (core/visible.h), which XML could not hold.
 */
void	svg_xml_text(FILE *f, const char *s);

/* A number to 4 significant digits (%+ when sign), "n/a" when not finite. */
void	svg_xml_num(FILE *f, double v, int sign);

#endif

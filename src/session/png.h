/* SPDX-License-Identifier: ISC */
/*
 * Figures as PNG, for a slide or a document that takes no SVG: the same
 * layout as the SVG figures (svg_draw), rasterised by cairo when gshap is
 * built with it (configure --with-cairo=auto finds libcairo2-dev) and
 * libcairo loads at run time.
 */
#ifndef GS_PNG_H
#define GS_PNG_H

#include <stdio.h>

#include "attr/attr.h"
#include "core/error.h"
#include "session/svg.h"

/* Pixels of the PNG to one px of the figure (720 px wide: 1440 pixels). */
#define GS_PNG_SCALE	2

/*
 * Whether this gshap draws PNG: built with cairo, and libcairo loads (the
 * first call loads it with dlopen; later calls answer at once).
 */
int		 png_available(void);

/* Why it does not, with what to do: for messages. */
const char	*png_unavailable(void);

/*
 * Write o->figure of ex as one PNG image to f, as svg_write draws it
 * (arguments as svg_write's), GS_PNG_SCALE times its size in px.
 * Errors: GS_EUNSUPPORTED without cairo or libcairo (png_unavailable),
 * GS_EIO when cairo fails to draw or to write.
 */
int		 png_write(FILE *f, const struct gs_explanation *ex,
		    const char *const *names, const char *output,
		    const struct gs_svg_opts *o, struct gs_error *err);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * The screen grid every view renders into: cells holding a character, a
 * colour role (with a step for scale roles such as the heat map) and
 * attributes. It knows nothing of ncurses: the explorer blits it, and
 * grid_write prints it as plain text (optionally with SGR colours).
 */
#ifndef GS_GRID_H
#define GS_GRID_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Colour roles (TUI.md section 9); a theme maps each to colours. */
enum gs_role {
	GS_ROLE_NONE,		/* the terminal's own colours */
	GS_ROLE_POSITIVE,	/* bars that push the output up */
	GS_ROLE_NEGATIVE,	/* bars that push it down */
	GS_ROLE_POSITIVE_ALT,	/* alternate force-plot segments */
	GS_ROLE_NEGATIVE_ALT,
	GS_ROLE_POSITIVE_SOFT,	/* confidence bands, bars whose CI holds 0 */
	GS_ROLE_NEGATIVE_SOFT,
	GS_ROLE_AXIS,		/* axes and tick labels */
	GS_ROLE_GRID,		/* guides (f(x), zero lines) */
	GS_ROLE_VALUE,		/* feature values */
	GS_ROLE_LABEL,		/* feature names */
	GS_ROLE_MARKER,		/* f(x) and base markers, the cursor */
	GS_ROLE_WARNING,	/* additivity off, errors */
	GS_ROLE_TITLE,		/* the title line */
	GS_ROLE_TAB,		/* inactive tabs */
	GS_ROLE_TAB_ACTIVE,	/* the current view's tab */
	GS_ROLE_HIGHLIGHT,	/* the cursor row, the help overlay */
	GS_ROLE_HEAT,		/* diverging scale, shade 0..GS_HEAT_STEPS-1 */
	GS_ROLE_SWARM,		/* feature value low..high, shade 0..GS_SWARM_STEPS-1 */
	GS_ROLE_GREY,		/* grey ramp, shade 0..GS_GREY_STEPS-1 */
	GS_ROLE_COUNT
};

#define GS_HEAT_STEPS	11	/* heat map steps, GS_HEAT_STEPS / 2 is zero */
#define GS_SWARM_STEPS	7	/* beeswarm colour steps */
#define GS_GREY_STEPS	24	/* xterm greys 232..255 */

/* Cell attributes. */
#define GS_ATTR_BOLD		0x01
#define GS_ATTR_DIM		0x02
#define GS_ATTR_REVERSE		0x04
#define GS_ATTR_UNDERLINE	0x08

/* One character cell. */
struct gs_cell {
	uint32_t	ch;		/* code point; 0 on the right half of a wide one */
	uint8_t		role;		/* foreground role (enum gs_role) */
	uint8_t		shade;		/* step of a scale role */
	uint8_t		bg;		/* background role, GS_ROLE_NONE: the terminal's */
	uint8_t		bgshade;	/* step of the background's scale role */
	uint8_t		attr;		/* GS_ATTR_* */
};

/* A w x h grid of cells. */
struct gs_grid {
	int		 w;		/* columns */
	int		 h;		/* rows */
	int		 ascii;		/* only ASCII may be drawn: others become '?' */
	struct gs_cell	*cells;		/* w * h cells, row-major, owned */
};

/* A theme as the text writer needs it (theme.h fills it). */
struct gs_palette;

/*
 * Make g a blank w x h grid (sizes below 1 become 1); ascii limits it to
 * ASCII. The caller frees it with grid_free.
 */
void	grid_init(struct gs_grid *g, int w, int h, int ascii);
/* Resize g, blanking it. */
void	grid_resize(struct gs_grid *g, int w, int h);
void	grid_free(struct gs_grid *g);
/* Blank every cell. */
void	grid_clear(struct gs_grid *g);
/* The cell at (x, y), or NULL outside the grid. */
struct gs_cell *grid_at(struct gs_grid *g, int x, int y);
const struct gs_cell *grid_cell(const struct gs_grid *g, int x, int y);

/*
 * Put character ch at (x, y) with role and attributes; outside the grid it
 * is dropped. A wide character takes two cells (dropped when only one is
 * left); overwriting half of a wide character blanks the other half.
 * Returns the columns used (0, 1 or 2).
 */
int	grid_put(struct gs_grid *g, int x, int y, uint32_t ch, int role,
	    int attr);
/* Put ch with a scale role's step, and a background role and step. */
int	grid_put_shade(struct gs_grid *g, int x, int y, uint32_t ch, int role,
	    int shade, int bg, int bgshade, int attr);
/* Set role and attributes of n cells from (x, y), keeping the characters. */
void	grid_paint(struct gs_grid *g, int x, int y, int n, int role, int attr);

/*
 * Write UTF-8 text s at (x, y), at most maxw columns (maxw < 0: to the
 * edge). Malformed bytes and control characters become '?', and so does
 * anything but ASCII in an ASCII grid. Returns the columns used.
 */
int	grid_text(struct gs_grid *g, int x, int y, const char *s, int maxw,
	    int role, int attr);
/* grid_text right-aligned so that the text ends just before column xend. */
int	grid_text_right(struct gs_grid *g, int xend, int y, const char *s,
	    int role, int attr);

/*
 * Decode one UTF-8 character from s (at most n bytes) into *cp; returns
 * the bytes used (1 for a malformed byte, which decodes as U+FFFD).
 */
size_t	utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp as UTF-8 into buf (4 bytes); returns the bytes. */
size_t	utf8_encode(uint32_t cp, char *buf);
/* Columns a code point takes: 0, 1 or 2; ascii counts one per character. */
int	text_cpwidth(uint32_t cp, int ascii);
/* Columns s takes when drawn. */
int	text_width(const char *s, int ascii);
/*
 * Copy s into out (size bytes), cut to at most maxw columns with a final
 * "…" (ASCII "~") when it is longer. Returns the columns of the result.
 */
int	text_fit(char *out, size_t size, const char *s, int maxw, int ascii);
/*
 * text_fit, but cut after a whole word: at the last blank that leaves
 * room for the "…" (trailing blanks and separators before it dropped),
 * so that no word is shown in part; a first word too long for maxw is
 * cut as text_fit cuts it. Returns the columns of the result.
 */
int	text_fit_words(char *out, size_t size, const char *s, int maxw,
	    int ascii);
/* grid_text of s cut by text_fit_words to maxw columns (maxw < 0: to the edge). */
int	grid_text_words(struct gs_grid *g, int x, int y, const char *s,
	    int maxw, int role, int attr);

/*
 * Print g to f: one line per row, trailing blanks dropped, LF endings.
 * With a palette, SGR sequences give each cell its colours and attributes
 * (38;5;N / 48;5;N and 0); NULL prints plain text.
 */
void	grid_write(FILE *f, const struct gs_grid *g,
	    const struct gs_palette *pal);

/* The grid as one string (rows joined by LF), for tests; caller frees. */
char	*grid_string(const struct gs_grid *g);

#endif

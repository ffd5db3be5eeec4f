/* SPDX-License-Identifier: ISC */
/*
 * The cell grid: putting characters and UTF-8 text with wide-character
 * bookkeeping, measuring and cutting text by display width, and the text
 * writer that serialises a grid (plain or with SGR colours).
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/xmalloc.h"
#include "tui/grid.h"
#include "tui/theme.h"

void
grid_init(struct gs_grid *g, int w, int h, int ascii)
{
	memset(g, 0, sizeof *g);
	g->ascii = ascii;
	grid_resize(g, w, h);
}

void
grid_resize(struct gs_grid *g, int w, int h)
{
	g->w = w < 1 ? 1 : w;
	g->h = h < 1 ? 1 : h;
	free(g->cells);
	g->cells = xcalloc(xmul((size_t)g->w, (size_t)g->h), sizeof *g->cells);
	grid_clear(g);
}

void
grid_free(struct gs_grid *g)
{
	if (g == NULL)
		return;
	free(g->cells);
	g->cells = NULL;
	g->w = g->h = 0;
}

void
grid_clear(struct gs_grid *g)
{
	size_t	i, n = (size_t)g->w * (size_t)g->h;

	for (i = 0; i < n; i++) {
		memset(&g->cells[i], 0, sizeof g->cells[i]);
		g->cells[i].ch = ' ';
	}
}

struct gs_cell *
grid_at(struct gs_grid *g, int x, int y)
{
	if (x < 0 || y < 0 || x >= g->w || y >= g->h)
		return (NULL);
	return (&g->cells[(size_t)y * g->w + x]);
}

const struct gs_cell *
grid_cell(const struct gs_grid *g, int x, int y)
{
	if (x < 0 || y < 0 || x >= g->w || y >= g->h)
		return (NULL);
	return (&g->cells[(size_t)y * g->w + x]);
}

/* Blank a cell, keeping nothing of what was there. */
static void
grid_blank(struct gs_cell *c)
{
	memset(c, 0, sizeof *c);
	c->ch = ' ';
}

int
text_cpwidth(uint32_t cp, int ascii)
{
	int	w;

	if (ascii || cp < 0x80)
		return (1);
	w = wcwidth((wchar_t)cp);
	/* Unknown to the locale's tables: draw as one column. */
	return (w < 0 ? 1 : w);
}

int
grid_put_shade(struct gs_grid *g, int x, int y, uint32_t ch, int role,
    int shade, int bg, int bgshade, int attr)
{
	struct gs_cell	*c, *n;
	int		 w;

	if ((c = grid_at(g, x, y)) == NULL)
		return (0);
	if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) ||
	    (g->ascii && ch >= 0x80))
		ch = '?';
	w = text_cpwidth(ch, g->ascii);
	if (w == 0)
		return (0);	/* combining marks are dropped */
	if (w == 2 && x + 1 >= g->w)
		return (0);
	/* Overwriting half of a wide character blanks the other half. */
	if (c->ch == 0 && (n = grid_at(g, x - 1, y)) != NULL)
		grid_blank(n);
	if ((n = grid_at(g, x + 1, y)) != NULL && n->ch == 0)
		grid_blank(n);
	c->ch = ch;
	c->role = (uint8_t)role;
	c->shade = (uint8_t)shade;
	c->bg = (uint8_t)bg;
	c->bgshade = (uint8_t)bgshade;
	c->attr = (uint8_t)attr;
	if (w == 2) {
		if ((n = grid_at(g, x + 2, y)) != NULL && n->ch == 0)
			grid_blank(n);
		n = grid_at(g, x + 1, y);
		*n = *c;
		n->ch = 0;
	}
	return (w);
}

int
grid_put(struct gs_grid *g, int x, int y, uint32_t ch, int role, int attr)
{
	return (grid_put_shade(g, x, y, ch, role, 0, GS_ROLE_NONE, 0, attr));
}

void
grid_paint(struct gs_grid *g, int x, int y, int n, int role, int attr)
{
	struct gs_cell	*c;
	int		 i;

	for (i = 0; i < n; i++) {
		if ((c = grid_at(g, x + i, y)) == NULL)
			continue;
		c->role = (uint8_t)role;
		c->attr = (uint8_t)attr;
	}
}

size_t
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 c;
	size_t			 len, i;

	if (n == 0) {
		*cp = 0xfffd;
		return (1);
	}
	if (u[0] < 0x80) {
		*cp = u[0];
		return (1);
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3;
		c = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		*cp = 0xfffd;
		return (1);
	}
	if (len > n) {
		*cp = 0xfffd;
		return (1);
	}
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return (1);
		}
		c = (c << 6) | (u[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 ||
	    c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = 0xfffd;
		return (1);
	}
	*cp = c;
	return (len);
}

size_t
utf8_encode(uint32_t cp, char *buf)
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return (1);
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xc0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3f));
		return (2);
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xe0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (cp & 0x3f));
		return (3);
	}
	buf[0] = (char)(0xf0 | (cp >> 18));
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	buf[3] = (char)(0x80 | (cp & 0x3f));
	return (4);
}

int
text_width(const char *s, int ascii)
{
	size_t		n = strlen(s), i = 0;
	uint32_t	cp;
	int		w = 0;

	while (i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		w += text_cpwidth(cp, ascii);
	}
	return (w);
}

int
text_fit(char *out, size_t size, const char *s, int maxw, int ascii)
{
	size_t		n = strlen(s), i = 0, o = 0, len;
	uint32_t	cp;
	int		w = 0, cw, ellw = 1;
	const char	*ell = ascii ? "~" : "\xe2\x80\xa6";

	if (size == 0)
		return (0);
	if (maxw <= 0) {
		out[0] = '\0';
		return (0);
	}
	/* Fits: as it is. Else cut on a character, leaving room for "…". */
	if (text_width(s, ascii) <= maxw) {
		snprintf(out, size, "%s", s);
		return (text_width(out, ascii));
	}
	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		cw = text_cpwidth(cp, ascii);
		if (w + cw > maxw - ellw || o + len + 4 >= size)
			break;
		memcpy(out + o, s + i, len);
		o += len;
		i += len;
		w += cw;
	}
	len = strlen(ell);
	if (o + len < size) {
		memcpy(out + o, ell, len);
		o += len;
		w += ellw;
	}
	out[o] = '\0';
	return (w);
}

/* The last separator of pieces in s (text_fit_words), or NULL. */
static char *
text_fit_sep(char *s)
{
	static const char *const seps[] = { ", ", " \xc2\xb7 ", " | ",
	    " \xe2\x94\x82 ", "  " };
	char	*best = NULL, *p;
	size_t	 i;

	for (i = 0; i < sizeof seps / sizeof seps[0]; i++)
		for (p = strstr(s, seps[i]); p != NULL;
		    p = strstr(p + 1, seps[i]))
			if (p > s && (best == NULL || p > best))
				best = p;
	return (best);
}

int
text_fit_words(char *out, size_t size, const char *s, int maxw, int ascii)
{
	const char	*ell = ascii ? "~" : "\xe2\x80\xa6";
	char		*cut, *sp;
	size_t		 o;

	if (text_width(s, ascii) <= maxw || maxw <= 1)
		return (text_fit(out, size, s, maxw, ascii));
	/* The characters that fit with the ellipsis, then back to a blank. */
	text_fit(out, size, s, maxw, ascii);
	o = strlen(out) - strlen(ell);
	out[o] = '\0';
	/*
	 * Cut at the last separator of pieces (", ", " · ", " | ", two
	 * blanks) so that a label keeps its value ("seed 0", not "seed");
	 * else at the last blank, unless the cut falls on one already.
	 */
	if ((sp = text_fit_sep(out)) != NULL)
		*sp = '\0';
	else if (s[o] != ' ') {
		if ((sp = strrchr(out, ' ')) == NULL) {
			/* One long word: cut it, marked. */
			return (text_fit(out, size, s, maxw, ascii));
		}
		*sp = '\0';
	}
	/* Drop the blanks and separators the cut leaves at the end. */
	cut = out + strlen(out);
	while (cut > out && strchr(" ,;:|(", cut[-1]) != NULL)
		*--cut = '\0';
	while (cut - out >= 2 && (strcmp(cut - 2, "\xc2\xb7") == 0 ||
	    (cut - out >= 3 && strcmp(cut - 3, "\xe2\x94\x82") == 0))) {
		cut -= strcmp(cut - 2, "\xc2\xb7") == 0 ? 2 : 3;
		*cut = '\0';
		while (cut > out && cut[-1] == ' ')
			*--cut = '\0';
	}
	o = strlen(out);
	snprintf(out + o, size - o, "%s%s", o > 0 && text_width(out, ascii) +
	    2 <= maxw ? " " : "", ell);
	return (text_width(out, ascii));
}

int
grid_text_words(struct gs_grid *g, int x, int y, const char *s, int maxw,
    int role, int attr)
{
	char	buf[1024];

	if (maxw < 0)
		maxw = g->w - x;
	text_fit_words(buf, sizeof buf, s, maxw, g->ascii);
	return (grid_text(g, x, y, buf, maxw, role, attr));
}

int
grid_text(struct gs_grid *g, int x, int y, const char *s, int maxw, int role,
    int attr)
{
	size_t		n = strlen(s), i = 0;
	uint32_t	cp;
	int		used = 0, cw;

	if (maxw < 0)
		maxw = g->w - x;
	while (i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		cw = text_cpwidth(cp, g->ascii);
		if (used + cw > maxw)
			break;
		if (x + used >= 0)
			grid_put(g, x + used, y, cp, role, attr);
		used += cw;
	}
	return (used);
}

int
grid_text_right(struct gs_grid *g, int xend, int y, const char *s, int role,
    int attr)
{
	int	w = text_width(s, g->ascii);

	return (grid_text(g, xend - w, y, s, w, role, attr));
}

/* Whether two cells print with the same SGR state. */
static int
grid_same_style(const struct gs_cell *a, const struct gs_cell *b)
{
	return (a->role == b->role && a->shade == b->shade && a->bg == b->bg &&
	    a->bgshade == b->bgshade && a->attr == b->attr);
}

/* The SGR sequence for a cell's style. */
static void
grid_sgr(FILE *f, const struct gs_cell *c, const struct gs_palette *pal)
{
	struct gs_style	 fg, bg;
	int		 attr;

	palette_style(pal, c->role, c->shade, &fg);
	palette_style(pal, c->bg, c->bgshade, &bg);
	attr = fg.attr | c->attr;
	fputs("\033[0", f);
	if (attr & GS_ATTR_BOLD)
		fputs(";1", f);
	if (attr & GS_ATTR_DIM)
		fputs(";2", f);
	if (attr & GS_ATTR_UNDERLINE)
		fputs(";4", f);
	if (attr & GS_ATTR_REVERSE)
		fputs(";7", f);
	if (fg.fg >= 0)
		fprintf(f, ";38;5;%d", fg.fg);
	/* A background role paints its foreground colour as background. */
	if (c->bg != GS_ROLE_NONE && bg.fg >= 0)
		fprintf(f, ";48;5;%d", bg.fg);
	else if (fg.bg >= 0)
		fprintf(f, ";48;5;%d", fg.bg);
	fputc('m', f);
}

void
grid_write(FILE *f, const struct gs_grid *g, const struct gs_palette *pal)
{
	const struct gs_cell	*c, *prev;
	char			 buf[4];
	int			 x, y, end, styled;

	/* One SGR sequence per change of style, a reset at each line end. */
	for (y = 0; y < g->h; y++) {
		/* Trailing blanks with no background go. */
		for (end = g->w; end > 0; end--) {
			c = grid_cell(g, end - 1, y);
			if (c->ch != ' ' || (pal != NULL && (c->bg !=
			    GS_ROLE_NONE || (c->attr & GS_ATTR_REVERSE))))
				break;
		}
		prev = NULL;
		styled = 0;
		for (x = 0; x < end; x++) {
			c = grid_cell(g, x, y);
			if (pal != NULL && (prev == NULL ||
			    !grid_same_style(prev, c))) {
				grid_sgr(f, c, pal);
				styled = 1;
			}
			prev = c;
			if (c->ch == 0)
				continue;
			fwrite(buf, 1, utf8_encode(c->ch, buf), f);
		}
		if (styled)
			fputs("\033[0m", f);
		fputc('\n', f);
	}
}

char *
grid_string(const struct gs_grid *g)
{
	char	*s = NULL;
	size_t	 len = 0;
	FILE	*f;

	if ((f = open_memstream(&s, &len)) == NULL)
		return (xstrdup(""));
	grid_write(f, g, NULL);
	if (fclose(f) != 0 || s == NULL) {
		free(s);
		return (xstrdup(""));
	}
	return (s);
}

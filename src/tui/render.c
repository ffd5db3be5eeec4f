/* SPDX-License-Identifier: ISC */
/*
 * The views and how a screen is put together: their names, titles, keys
 * and smallest sizes, parsing a view's name, the options' defaults, and
 * the dispatch that draws a view's body inside the frame (render-frame.c)
 * or alone (text output).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/render-int.h"

/* The key hints of the explaining views and of the teaching views. */
#define RENDER_HINTS_EXPLAIN	" ?:help q:quit [ ]:row j/k:feature 1-8:view " \
	"s:sort ,/.:k e:CI +/-:what-if /:find"
#define RENDER_HINTS_TEACH	" ?:help q:quit [ ]:row j/k:feature Tab:view " \
	"1-9 M A T V:view e:CI /:find"

/* The view classes, in tab order, from the rows of render-views.h. */
static const struct gs_view_class render_views[] = {
#define GS_VIEW_ROW(id, name, title, tab, key, help, w, h, flags, hints, \
    draw, rows) \
	[GS_VIEW_##id] = { name, title, tab, key, help, w, h, flags, hints, \
	    draw, rows },
#include "tui/render-views.h"
#undef GS_VIEW_ROW
};
_Static_assert(sizeof render_views / sizeof render_views[0] ==
    GS_VIEW_COUNT, "render_views out of step with enum gs_view");

static const char *const render_sort_names[GS_SORT_COUNT] = {
	"|phi| desc", "phi desc", "phi asc", "name", "input order"
};

const struct gs_view_class *
render_view_class(enum gs_view v)
{
	return ((unsigned)v < GS_VIEW_COUNT ? &render_views[v] : NULL);
}

const char *
render_view_name(enum gs_view v)
{
	return ((unsigned)v < GS_VIEW_COUNT ? render_views[v].name : "?");
}

int
render_view_teach(enum gs_view v)
{
	return ((unsigned)v < GS_VIEW_COUNT &&
	    (render_views[v].flags & GS_VIEW_TEACH) != 0);
}

int
render_view_many(enum gs_view v)
{
	return ((unsigned)v < GS_VIEW_COUNT &&
	    (render_views[v].flags & GS_VIEW_MANY) != 0);
}

int
render_view_by_key(int key, enum gs_view *out)
{
	int	v;

	for (v = 0; v < GS_VIEW_COUNT; v++)
		if (key != 0 && render_views[v].key == key) {
			*out = (enum gs_view)v;
			return (0);
		}
	return (-1);
}

char *
render_view_list(char *buf, size_t size)
{
	size_t	n = 0;
	int	v;

	if (size == 0)
		return (buf);
	buf[0] = '\0';
	for (v = 0; v < GS_VIEW_COUNT && n < size; v++) {
		snprintf(buf + n, size - n, "%s%s", v > 0 ? ", " : "",
		    render_views[v].name);
		n += strlen(buf + n);
	}
	return (buf);
}

int
render_view_parse(const char *s, enum gs_view *out)
{
	size_t	len = strlen(s);
	int	i, found = -1;

	for (i = 0; i < GS_VIEW_COUNT; i++) {
		if (strcmp(s, render_views[i].name) == 0) {
			*out = i;
			return (0);
		}
		if (len > 0 && strncmp(s, render_views[i].name, len) == 0) {
			if (found >= 0)
				return (-1);
			found = i;
		}
	}
	if (found < 0)
		return (-1);
	*out = found;
	return (0);
}

const char *
render_sort_name(enum gs_sort s)
{
	return (s < GS_SORT_COUNT ? render_sort_names[s] : "?");
}

void
render_opts_default(struct gs_render_opts *o)
{
	memset(o, 0, sizeof *o);
	o->view = GS_VIEW_BAR;
	o->k = 10;
	o->z = 1.959963984540054;
	o->sort = GS_SORT_ABS;
	o->cursor = -1;
	o->frame = 1;
}

void
render_min_size(enum gs_view v, int *w, int *h)
{
	*w = (unsigned)v < GS_VIEW_COUNT ? render_views[v].min_w : RENDER_MIN_W;
	*h = (unsigned)v < GS_VIEW_COUNT ? render_views[v].min_h : RENDER_MIN_H;
}

/* Draw view o->view in rows [y0, y0 + h). */
static void
render_dispatch(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	const struct gs_view_class *vc = render_view_class(o->view);

	if (vc != NULL)
		vc->draw(g, y0, h, src, o, caps);
}

/*
 * Why the row has no explanation, whole: msg's words wrapped to the
 * screen's width in the body's middle, then hint.
 */
static void
render_wrapped(struct gs_grid *g, int y0, int h, const char *msg,
    const char *hint)
{
	char		 lines[8][512];
	const char	*p = msg, *end, *sp;
	int		 n = 0, i, w = g->w > 8 ? g->w - 4 : g->w;
	size_t		 len;

	while (*p != '\0' && n < 8) {
		len = strlen(p);
		end = p + ((int)len > w ? (size_t)w : len);
		if (*end != '\0') {
			for (sp = end; sp > p && *sp != ' '; sp--)
				;
			if (sp > p)
				end = sp;
		}
		snprintf(lines[n++], sizeof lines[0], "%.*s", (int)(end - p),
		    p);
		p = end;
		while (*p == ' ')
			p++;
	}
	for (i = 0; i < n; i++)
		render_center(g, y0 + h / 2 - (n + 1) / 2 + i, 0, g->w,
		    lines[i], GS_ROLE_WARNING, 0);
	render_center(g, y0 + h / 2 - (n + 1) / 2 + n + 1, 0, g->w, hint,
	    GS_ROLE_LABEL, 0);
}

void
render_screen(struct gs_grid *g, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	char	buf[256];
	int	mw, mh, y0 = RENDER_TOP, h;

	grid_clear(g);
	if (!o->frame && g->w >= 20 && g->h >= 3) {
		render_dispatch(g, 0, g->h, src, o, caps);
		return;
	}
	if (g->w < RENDER_MIN_W || g->h < RENDER_MIN_H) {
		snprintf(buf, sizeof buf, "terminal too small: %dx%d (need "
		    "%dx%d)", g->w, g->h, RENDER_MIN_W, RENDER_MIN_H);
		grid_text(g, 0, g->h / 2, buf, g->w, GS_ROLE_WARNING, 0);
		return;
	}
	render_frame_top(g, src, o, caps);
	h = g->h - RENDER_TOP - RENDER_BOTTOM;
	render_min_size(o->view, &mw, &mh);
	if (src->ex == NULL && o->status != NULL && o->status_warn)
		render_wrapped(g, y0, h, o->status, "other rows ([ ]) and the "
		    "dataset views (4 to 7) still work");
	else if (src->ex == NULL)
		render_message(g, y0, h, o->status != NULL ? "working..." :
		    "no explanation yet");
	else if (g->w < mw || g->h < mh) {
		snprintf(buf, sizeof buf, "the %s view needs %dx%d (this is "
		    "%dx%d); 1: bar view", render_view_name(o->view), mw, mh,
		    g->w, g->h);
		render_message(g, y0, h, buf);
	} else
		render_dispatch(g, y0, h, src, o, caps);
	render_frame_bottom(g, src, o, caps);
}

/* A body's rows in text output: its k rows, and room for axes and notes. */
int
render_body_default(const struct gs_render_src *src,
    const struct gs_render_opts *o)
{
	struct render_items	 it;
	size_t			 n;

	render_items_get(src->ex, src, o, &it);
	n = o->k == 0 || o->k > it.n ? it.n : o->k;
	return ((int)n + 12);
}

int
render_body_rows(const struct gs_render_src *src,
    const struct gs_render_opts *o)
{
	const struct gs_view_class *vc = render_view_class(o->view);

	return (vc != NULL ? vc->body_rows(src, o) : 0);
}

int
render_body(struct gs_grid *g, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	int	y;

	grid_clear(g);
	if (src->ex == NULL)
		return (0);
	render_dispatch(g, 0, g->h, src, o, caps);
	/* Rows used: up to the last non-blank one. */
	for (y = g->h; y > 0; y--) {
		const struct gs_cell *c;
		int x;
		for (x = 0; x < g->w; x++) {
			c = grid_cell(g, x, y - 1);
			if (c->ch != ' ')
				break;
		}
		if (x < g->w)
			break;
	}
	return (y);
}

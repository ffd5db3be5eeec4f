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

static const char *const render_view_names[GS_VIEW_COUNT] = {
	"bar", "waterfall", "force", "summary", "importance", "heat",
	"dependence", "compare", "exact", "metrics", "path", "trace",
	"convergence"
};
static const char *const render_view_titles[GS_VIEW_COUNT] = {
	"Bar", "Waterfall", "Force", "Summary", "Importance", "Heat",
	"Dependence", "Compare", "Exact", "Metrics", "Path", "Trace",
	"Convergence"
};
static const char *const render_view_short[GS_VIEW_COUNT] = {
	"Bar", "Fall", "Force", "Swarm", "Imp", "Heat", "Dep", "Cmp", "Exact",
	"Qual", "Path", "Trace", "Conv"
};
/* The key of each view's tab (explore.c's key table has the same). */
static const char render_view_keys[GS_VIEW_COUNT + 1] = "123456789MATV";
/* The first teaching view: tabs after it form a second group. */
#define RENDER_TEACH_FIRST	GS_VIEW_EXACT
/* Smallest width and height of each view. */
static const int render_view_min[GS_VIEW_COUNT][2] = {
	{ 40, 12 }, { 50, 14 }, { 60, 16 }, { 50, 14 }, { 40, 12 },
	{ 40, 16 }, { 50, 16 }, { 60, 12 }, { 50, 12 }, { 60, 16 },
	{ 60, 16 }, { 60, 16 }, { 60, 14 }
};
_Static_assert(sizeof render_view_names / sizeof render_view_names[0] ==
    GS_VIEW_COUNT, "render_view_names out of step with enum gs_view");
_Static_assert(sizeof render_view_titles / sizeof render_view_titles[0] ==
    GS_VIEW_COUNT, "render_view_titles out of step with enum gs_view");
_Static_assert(sizeof render_view_short / sizeof render_view_short[0] ==
    GS_VIEW_COUNT, "render_view_short out of step with enum gs_view");
_Static_assert(sizeof render_view_min / sizeof render_view_min[0] ==
    GS_VIEW_COUNT, "render_view_min out of step with enum gs_view");

static const char *const render_sort_names[GS_SORT_COUNT] = {
	"|phi| desc", "phi desc", "phi asc", "name", "input order"
};

const char *
render_view_name(enum gs_view v)
{
	return (v < GS_VIEW_COUNT ? render_view_names[v] : "?");
}

const char *
render_view_title(enum gs_view v, int shortname)
{
	if (v >= GS_VIEW_COUNT)
		return ("?");
	return (shortname ? render_view_short[v] : render_view_titles[v]);
}

int
render_view_key(enum gs_view v)
{
	return (v < GS_VIEW_COUNT ? render_view_keys[v] : '?');
}

int
render_view_teach(enum gs_view v)
{
	return (v >= RENDER_TEACH_FIRST && v < GS_VIEW_COUNT);
}

int
render_view_parse(const char *s, enum gs_view *out)
{
	size_t	len = strlen(s);
	int	i, found = -1;

	for (i = 0; i < GS_VIEW_COUNT; i++) {
		if (strcmp(s, render_view_names[i]) == 0) {
			*out = i;
			return (0);
		}
		if (len > 0 && strncmp(s, render_view_names[i], len) == 0) {
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
	*w = v < GS_VIEW_COUNT ? render_view_min[v][0] : RENDER_MIN_W;
	*h = v < GS_VIEW_COUNT ? render_view_min[v][1] : RENDER_MIN_H;
}

/* Draw view o->view in rows [y0, y0 + h). */
static void
render_dispatch(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	switch (o->view) {
	case GS_VIEW_BAR:
		render_bar(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_WATERFALL:
		render_waterfall(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_FORCE:
		render_force(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_SUMMARY:
		render_summary(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_IMPORTANCE:
		render_importance(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_HEAT:
		render_heat(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_DEPENDENCE:
		render_dependence(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_COMPARE:
		render_compare(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_EXACT:
		render_exact(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_METRICS:
		render_metrics(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_PATH:
		render_path(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_TRACE:
		render_trace(g, y0, h, src, o, caps);
		break;
	case GS_VIEW_CONVERGENCE:
		render_convergence(g, y0, h, src, o, caps);
		break;
	default:
		break;
	}
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
	if (src->ex == NULL)
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

int
render_body_rows(const struct gs_render_src *src,
    const struct gs_render_opts *o)
{
	struct render_items	 it;
	size_t			 n;

	switch (o->view) {
	case GS_VIEW_BAR:
		return (render_bar_rows(src, o));
	case GS_VIEW_HEAT:
		return (render_heat_rows(src, 80, NULL));
	default:
		render_items_get(src->ex, src, o, &it);
		n = o->k == 0 || o->k > it.n ? it.n : o->k;
		return ((int)n + 12);
	}
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

/* SPDX-License-Identifier: ISC */
/*
 * The screen's frame around a view's body (TUI.md section 1): the title
 * (model, data, output, row), the tabs, the summary line (f(x), E[f(X)]
 * and the additivity check, sort, k), the method line; at the bottom the
 * cursor feature in detail (or the what-if edit) and the key hints or
 * the status message. Also centred text and a body's message.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr/trust.h"
#include "core/xmalloc.h"
#include "tui/render-int.h"

static const char *const render_sort_utf8[GS_SORT_COUNT] = {
	"|\xcf\x86|\xe2\x86\x93", "\xcf\x86\xe2\x86\x93",
	"\xcf\x86\xe2\x86\x91", "name", "input"
};

void
render_center(struct gs_grid *g, int y, int x0, int w, const char *s,
    int role, int attr)
{
	int	tw = text_width(s, g->ascii), x;

	x = x0 + (w - tw) / 2;
	if (x < x0)
		x = x0;
	grid_text(g, x, y, s, w - (x - x0), role, attr);
}

void
render_message(struct gs_grid *g, int y0, int h, const char *msg)
{
	render_center(g, y0 + h / 2, 0, g->w, msg, GS_ROLE_WARNING, 0);
}

/* "method · 200 samples · plan sobol · seed 0 · baseline ... · noise ...". */
static void
render_method(char *buf, size_t size, const struct gs_explanation *ex,
    const struct gs_render_src *src, const struct gs_caps *caps)
{
	const char	*sep = RS(caps, " \xc2\xb7 ", ", ");
	char		 p[64];
	size_t		 n;

	if (method_describe(ex, GS_DESCRIBE_SCREEN, sep, p,
	    sizeof p)[0] == '\0')
		snprintf(p, sizeof p, "-");
	snprintf(buf, size, "%s%s%s%sseed %" PRIu64, method_name(ex->method),
	    sep, p, sep, ex->opts.seed);
	n = strlen(buf);
	if (ex->baseline != NULL && n < size)
		snprintf(buf + n, size - n, "%sbaseline %s%s%s%s", sep,
		    ex->baseline, src->baseline_desc != NULL ? " (" : "",
		    src->baseline_desc != NULL ? src->baseline_desc : "",
		    src->baseline_desc != NULL ? ")" : "");
	n = strlen(buf);
	if (ex->noise != NULL && n < size)
		snprintf(buf + n, size - n, "%snoise %s", sep, ex->noise);
}

/* Line 0: " gshap │ model · data │ output[k] │ row R/N". */
static void
render_title(struct gs_grid *g, const struct gs_render_src *src,
    const struct gs_caps *caps)
{
	const char	*bar = RS(caps, " \xe2\x94\x82 ", " | ");
	const char	*dot = RS(caps, " \xc2\xb7 ", " - ");
	char		 buf[512], cls[64] = "";

	if (src->ex != NULL)
		snprintf(cls, sizeof cls, "[%zu]", src->ex->target);
	snprintf(buf, sizeof buf, " gshap%s%s%s%s%s%s%s%srow %zu/%zu%s",
	    bar, src->model != NULL ? src->model : "-", dot,
	    src->data != NULL ? src->data : "-", bar,
	    src->output != NULL ? src->output : "output", cls, bar,
	    src->row, src->nrows, src->whatif != NULL ? " (what-if)" : "");
	grid_paint(g, 0, 0, g->w, GS_ROLE_TITLE, 0);
	grid_text(g, 0, 0, buf, g->w, GS_ROLE_TITLE, 0);
}

/*
 * Line 1: the tabs, full names when they fit. The explaining views
 * (1-8) and the teaching views (9 and letters) are two groups: the line
 * shows the group of the current view, and the other as one tab.
 */
static void
render_tabs(struct gs_grid *g, int y, enum gs_view cur,
    const struct gs_caps *caps)
{
	char	buf[64];
	int	i, x, pass, total, sepw = 1, lo, hi, teach;

	/* The group is a run of views in tab order. */
	teach = render_view_teach(cur);
	for (lo = 0; lo < GS_VIEW_COUNT && render_view_teach(lo) != teach; lo++)
		;
	for (hi = lo; hi < GS_VIEW_COUNT && render_view_teach(hi) == teach; hi++)
		;
	/* Full names, else short ones, else keys and the current name. */
	for (pass = 0; pass < 3; pass++) {
		total = teach ? 6 + sepw : 0;
		for (i = lo; i < hi; i++)
			total += (pass < 2 || i == (int)cur ?
			    (int)strlen(pass > 0 ?
			    render_view_class(i)->tab : render_view_class(i)->title) + 1 : 0) +
			    2 + sepw + teach;
		if (total <= g->w || pass == 2)
			break;
	}
	x = 0;
	if (teach) {
		/* The other group as one tab: the range of its keys. */
		snprintf(buf, sizeof buf, " %c-%c ", render_view_class(0)->key,
		    render_view_class(lo - 1)->key);
		x += grid_text(g, x, y, buf, -1, GS_ROLE_TAB, 0);
		x += grid_text(g, x, y, RS(caps, "\xe2\x94\x82", "|"), -1,
		    GS_ROLE_AXIS, 0);
	}
	for (i = lo; i < hi; i++) {
		if (pass < 2 || i == (int)cur)
			snprintf(buf, sizeof buf, " %c %s ",
			    render_view_class(i)->key, pass > 0 ?
			    render_view_class(i)->tab : render_view_class(i)->title);
		else
			snprintf(buf, sizeof buf, " %c ",
			    render_view_class(i)->key);
		x += grid_text(g, x, y, buf, -1, i == (int)cur ?
		    GS_ROLE_TAB_ACTIVE : GS_ROLE_TAB, 0);
		if (i + 1 < hi)
			x += grid_text(g, x, y, RS(caps, "\xe2\x94\x82", "|"), -1,
			    GS_ROLE_AXIS, 0);
	}
}

/* Line 2: f(x), E[f(X)], the additivity check, sort and k. */
static void
render_summary_line(struct gs_grid *g, int y, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	const struct gs_explanation *ex = src->ex;
	char	buf[256], num[64], k[32];
	double	sum = 0, tol;
	size_t	i;
	int	x = 1, um = caps->term && caps->utf8;

	if (ex == NULL)
		return;
	snprintf(buf, sizeof buf, "f(x) = %s", render_fx(num, sizeof num,
	    ex->fx, caps));
	x += grid_text(g, x, y, buf, -1, GS_ROLE_MARKER, 0);
	if (o->prob) {
		snprintf(buf, sizeof buf, " (p %.3f)", 1 / (1 + exp(-ex->fx)));
		x += grid_text(g, x, y, buf, -1, GS_ROLE_LABEL, 0);
	}
	if (!isnan(ex->base)) {
		snprintf(buf, sizeof buf, "  E[f(X)] = %s", render_fx(num,
		    sizeof num, ex->base, caps));
		x += grid_text(g, x, y, buf, -1, GS_ROLE_LABEL, 0);
		for (i = 0; i < ex->d; i++)
			sum += ex->phi[i];
		render_signed(num, sizeof num, sum, 3, 0, um);
		snprintf(buf, sizeof buf, "  %s = %s ", RS(caps,
		    "\xce\xa3\xcf\x86", "sum(phi)"), num);
		x += grid_text(g, x, y, buf, -1, GS_ROLE_LABEL, 0);
		/* ok when the gap would not show in 3 decimals of f(x) - E. */
		tol = 5e-4 * fmax(1, fabs(ex->fx - ex->base));
		if (isnan(ex->gap) || fabs(ex->gap) <= tol)
			x += grid_text(g, x, y, "ok", -1, GS_ROLE_LABEL, 0);
		else {
			snprintf(buf, sizeof buf, "off by %.3g", ex->gap);
			x += grid_text(g, x, y, buf, -1, GS_ROLE_WARNING, 0);
		}
	} else
		x += grid_text(g, x, y, "  (no base value)", -1, GS_ROLE_VALUE, 0);
	if (o->k > 0)
		snprintf(k, sizeof k, "k=%zu", o->k);
	else
		snprintf(k, sizeof k, "k=all");
	snprintf(buf, sizeof buf, "  sort %s%s  %s%s", caps->utf8 ?
	    render_sort_utf8[o->sort < GS_SORT_COUNT ? o->sort : 0] :
	    render_sort_name(o->sort), o->reverse ? " rev" : "", k, o->ci ?
	    "  CI" : "");
	grid_text(g, x, y, buf, -1, GS_ROLE_VALUE, 0);
}

/* Line H-2: the cursor feature in detail. */
static void
render_detail(struct gs_grid *g, int y, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	const struct gs_explanation *ex = src->ex;
	struct render_items	 it;
	char			 buf[512], val[80], num[64], se[64], v[64];
	char			 rank[48];
	size_t			 i, *lo, *hi;
	long			 f;
	int			 d, um = caps->term && caps->utf8;
	double			 m = 0;

	if (ex == NULL || o->cursor < 0)
		return;
	render_items_get(ex, src, o, &it);
	if ((f = render_feature_at(src, o, (size_t)o->cursor)) < 0 ||
	    (size_t)f >= it.n)
		return;
	for (i = 0; i < it.n; i++)
		if (fabs(it.phi[i]) > m)
			m = fabs(it.phi[i]);
	/* The places its interval allows: an order that is not claimed. */
	lo = xcalloc(it.n, sizeof *lo);
	hi = xcalloc(it.n, sizeof *hi);
	metrics_rank_range(it.phi, it.se, it.n, lo, hi);
	if (lo[f] == hi[f])
		snprintf(rank, sizeof rank, "%zu/%zu", lo[f], it.n);
	else
		snprintf(rank, sizeof rank, "%zu%s%zu/%zu", lo[f],
		    RS(caps, "\xe2\x80\x93", "-"), hi[f], it.n);
	free(lo);
	free(hi);
	d = render_decimals(m) + 1;
	render_signed(num, sizeof num, it.phi[f], d, 0, um);
	se[0] = '\0';
	if (it.se != NULL && !isnan(it.se[f])) {
		snprintf(se, sizeof se, " %s %.*f (95%%)", RS(caps, "\xc2\xb1",
		    "+/-"), d, o->z * it.se[f]);
	}
	val[0] = '\0';
	if (it.value != NULL)
		snprintf(val, sizeof val, " = %s", render_value(v, sizeof v,
		    it.value[f]));
	snprintf(buf, sizeof buf, "%s %s%s   %s = %s%s   rank %s",
	    RS(caps, "\xe2\x96\xb8", ">"), it.names[f], val,
	    RS(caps, "\xcf\x86", "phi"), num, se, rank);
	grid_text(g, 0, y, buf, g->w, GS_ROLE_LABEL, 0);
}

/* Line H-1: key hints, or the status message. */
static void
render_hints(struct gs_grid *g, int y, const struct gs_render_opts *o)
{
	if (o->status != NULL) {
		grid_text(g, 0, y, o->status, g->w, o->status_warn ?
		    GS_ROLE_WARNING : GS_ROLE_LABEL, 0);
		return;
	}
	if (render_view_class(o->view) != NULL)
		grid_text(g, 0, y, render_view_class(o->view)->hints, g->w,
		    GS_ROLE_VALUE, 0);
}

void
render_frame_top(struct gs_grid *g, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	char	buf[256];

	render_title(g, src, caps);
	render_tabs(g, 1, o->view, caps);
	render_summary_line(g, 2, src, o, caps);
	if (src->ex != NULL) {
		render_method(buf, sizeof buf, src->ex, src, caps);
		grid_text(g, 1, 3, buf, g->w - 1, GS_ROLE_VALUE, 0);
	}
}

void
render_frame_bottom(struct gs_grid *g, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	char	buf[256];

	if (src->whatif != NULL && o->status == NULL) {
		snprintf(buf, sizeof buf, "what-if: %s", src->whatif);
		grid_text(g, 0, g->h - 2, buf, g->w, GS_ROLE_WARNING, 0);
	} else
		render_detail(g, g->h - 2, src, o, caps);
	/* A teaching view that refused (exact: too many players) says why. */
	if (o->status == NULL && src->teach_msg != NULL && src->ex != NULL &&
	    render_view_teach(o->view)) {
		struct gs_render_opts oo = *o;
		oo.status = src->teach_msg;
		oo.status_warn = 1;
		render_hints(g, g->h - 1, &oo);
	} else
		render_hints(g, g->h - 1, o);
}

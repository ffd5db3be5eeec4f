/* SPDX-License-Identifier: ISC */
/*
 * The screen's frame around a view's body (TUI.md section 1): the title
 * (model, data, output, row), the tabs, the summary line (f(x), the base
 * by what it is, the gap with its SE and verdict, sort, k), the method line; at the bottom the
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
#include "session/session.h"
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
	grid_text_words(g, x, y, s, w - (x - x0), role, attr);
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

	/* A method without parameters (saliency, ixg) shows none. */
	method_describe(ex, GS_DESCRIBE_SCREEN, sep, p, sizeof p);
	snprintf(buf, size, "%s%s%s%sseed %" PRIu64, method_name(ex->method),
	    p[0] != '\0' ? sep : "", p, sep, ex->opts.seed);
	n = strlen(buf);
	if (ex->baseline != NULL && n < size)
		snprintf(buf + n, size - n, "%sbaseline %s%s%s%s", sep,
		    ex->baseline, src->baseline_desc != NULL ? " (" : "",
		    src->baseline_desc != NULL ? src->baseline_desc : "",
		    src->baseline_desc != NULL ? ")" : "");
	n = strlen(buf);
	if (ex->noise != NULL && n < size)
		snprintf(buf + n, size - n, "%snoise %s", sep, ex->noise);
	n = strlen(buf);
	if (ex->rounds && n < size)
		snprintf(buf + n, size - n, "%sstraight-through gradients",
		    sep);
}

/* Line 0: " gshap │ model · data │ output[k] │ row R/N". */
static void
render_title(struct gs_grid *g, const struct gs_render_src *src,
    const struct gs_caps *caps)
{
	const char	*bar = RS(caps, " \xe2\x94\x82 ", " | ");
	const char	*dot = RS(caps, " \xc2\xb7 ", " - ");
	char		 buf[512], cls[64] = "", label[128], imp[48] = "";
	const char	*out = src->output != NULL ? src->output : "output";

	long		 k = -1;

	/* The row's class, else the one every row is explained for. */
	if (src->ex != NULL)
		k = (long)src->ex->target;
	else if (src->cls_fixed)
		k = (long)src->cls;
	if (k >= 0)
		snprintf(cls, sizeof cls, "[%ld]", k);
	/* A named class: "P(good)" for output[1]. */
	if (k >= 0 && src->s != NULL &&
	    session_class_name(src->s, (size_t)k) != NULL) {
		out = session_output_label(src->s, (size_t)k, label,
		    sizeof label);
		cls[0] = '\0';
	}
	if (src->imputed > 0)
		snprintf(imp, sizeof imp, "%s%zu imputed", dot, src->imputed);
	snprintf(buf, sizeof buf, " gshap%s%s%s%s%s%s%s%srow %zu/%zu%s%s",
	    bar, src->model != NULL ? src->model : "-", dot,
	    src->data != NULL ? src->data : "-", bar, out, cls, bar,
	    src->row, src->nrows, src->whatif != NULL ? " (what-if)" : "",
	    imp);
	grid_paint(g, 0, 0, g->w, GS_ROLE_TITLE, 0);
	grid_text_words(g, 0, 0, buf, g->w, GS_ROLE_TITLE, 0);
}

/*
 * Line 1: the tabs, full names when they fit. The explaining views
 * (1-8) and the teaching views (9 and letters) are two groups: the line
 * shows the group of the current view, and the other as one tab.
 */
static void
render_tabs(struct gs_grid *g, int y, enum gs_view cur, int pair,
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
	/* Two-model views (last in a group) only with a second model. */
	while (hi > lo && !pair && hi - 1 != (int)cur &&
	    (render_view_class(hi - 1)->flags & GS_VIEW_PAIR))
		hi--;
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

/* One piece of the summary line. */
struct render_piece {
	char	text[160];	/* what it says */
	int	role;		/* its colour role */
	int	drop;		/* 0: always; L > 0: gone at level L and
				   below; -L: shown only once level L is */
};
#define RENDER_PIECE_SHOWN(pc, level) ((pc)->drop == 0 || ((pc)->drop > 0 && \
    (pc)->drop < (level)) || ((pc)->drop < 0 && -(pc)->drop >= (level)))

/*
 * Line 2: f(x), the base labelled by what it is (explanation_base_label),
 * the sum of the attributions, the completeness gap with its standard
 * error and verdict, sort and k. Pieces that do not fit are left out
 * whole (the sum first, then the base's row count, sort and k, the
 * gap's SE), so no word is ever cut.
 */
static void
render_summary_line(struct gs_grid *g, int y, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	const struct gs_explanation *ex = src->ex;
	struct render_piece p[8];
	char	num[64], k[32], lab[96];
	double	sum = 0;
	size_t	i, n = 0;
	int	x = 1, um = caps->term && caps->utf8, total, level, j;

	if (ex == NULL)
		return;
	memset(p, 0, sizeof p);
	snprintf(p[n].text, sizeof p[n].text, "f(x) = %s", render_fx(num,
	    sizeof num, ex->fx, caps));
	p[n++].role = GS_ROLE_MARKER;
	if (o->prob) {
		render_scale_note(p[n].text, sizeof p[n].text, ex->fx, o->prob);
		p[n++].role = GS_ROLE_LABEL;
	}
	if (!isnan(ex->base)) {
		render_base(lab, sizeof lab, ex, 0, caps);
		snprintf(p[n].text, sizeof p[n].text, "  %s", lab);
		p[n].role = GS_ROLE_LABEL;
		p[n++].drop = 4;
		render_base(lab, sizeof lab, ex, 1, caps);
		snprintf(p[n].text, sizeof p[n].text, "  %s", lab);
		p[n].role = GS_ROLE_LABEL;
		p[n++].drop = -4;	/* only when the long one went */
		for (i = 0; i < ex->d; i++)
			sum += ex->phi[i];
		render_signed(num, sizeof num, sum, 3, 0, um);
		snprintf(p[n].text, sizeof p[n].text, "  %s = %s", RS(caps,
		    "\xce\xa3\xcf\x86", "sum(phi)"), num);
		p[n].role = GS_ROLE_LABEL;
		p[n++].drop = 5;
		render_gap(lab, sizeof lab, ex, 1, caps);
		snprintf(p[n].text, sizeof p[n].text, "  %s", lab);
		p[n].role = ex->gap_verdict == GS_GAP_LARGER ?
		    GS_ROLE_WARNING : GS_ROLE_LABEL;
		p[n++].drop = 1;
		/* The short form, without the SE, when the long one went. */
		render_gap(lab, sizeof lab, ex, 0, caps);
		snprintf(p[n].text, sizeof p[n].text, "  %s", lab);
		p[n].role = p[n - 1].role;
		p[n++].drop = -1;
	} else {
		snprintf(p[n].text, sizeof p[n].text, "  (no base value)");
		p[n++].role = GS_ROLE_VALUE;
	}
	if (o->k > 0)
		snprintf(k, sizeof k, "k=%zu", o->k);
	else
		snprintf(k, sizeof k, "k=all");
	snprintf(p[n].text, sizeof p[n].text, "  sort %s%s  %s%s",
	    caps->utf8 ? render_sort_utf8[o->sort < GS_SORT_COUNT ? o->sort :
	    0] : render_sort_name(o->sort), o->reverse ? " rev" : "", k,
	    o->ci ? "  CI" : "");
	p[n].role = GS_ROLE_VALUE;
	p[n++].drop = 3;
	/*
	 * Drop levels 5 (the sum, which f(x), base and gap give), 4 (the
	 * base's row count), 3 (sort and k), 2, 1 (the gap's SE) in turn
	 * until the line fits; a piece with
	 * drop -L stands in for the one of level L once that one went.
	 */
	for (level = 6; level >= 1; level--) {
		total = 1;
		for (j = 0; j < (int)n; j++)
			if (RENDER_PIECE_SHOWN(&p[j], level))
				total += text_width(p[j].text, g->ascii);
		if (total <= g->w)
			break;
	}
	if (level < 1)
		level = 1;
	for (j = 0; j < (int)n; j++) {
		if (!RENDER_PIECE_SHOWN(&p[j], level))
			continue;
		if (x + text_width(p[j].text, g->ascii) > g->w)
			break;
		x += grid_text(g, x, y, p[j].text, -1, p[j].role, 0);
	}
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
	grid_text_words(g, 0, y, buf, g->w, GS_ROLE_LABEL, 0);
}

/* Line H-1: key hints, or the status message. */
static void
render_hints(struct gs_grid *g, int y, const struct gs_render_opts *o)
{
	if (o->status != NULL) {
		grid_text_words(g, 0, y, o->status, g->w, o->status_warn ?
		    GS_ROLE_WARNING : GS_ROLE_LABEL, 0);
		return;
	}
	if (render_view_class(o->view) != NULL)
		grid_text_words(g, 0, y, render_view_class(o->view)->hints,
		    g->w, GS_ROLE_VALUE, 0);
}

void
render_frame_top(struct gs_grid *g, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	char	buf[256];

	render_title(g, src, caps);
	render_tabs(g, 1, o->view, src->model_b != NULL, caps);
	render_summary_line(g, 2, src, o, caps);
	if (src->ex != NULL) {
		render_method(buf, sizeof buf, src->ex, src, caps);
		grid_text_words(g, 1, 3, buf, g->w - 1, GS_ROLE_VALUE, 0);
	}
}

void
render_frame_bottom(struct gs_grid *g, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	char	buf[256];

	if (src->whatif != NULL && o->status == NULL) {
		snprintf(buf, sizeof buf, "what-if: %s", src->whatif);
		grid_text_words(g, 0, g->h - 2, buf, g->w, GS_ROLE_WARNING, 0);
	} else
		render_detail(g, g->h - 2, src, o, caps);
	/*
	 * A teaching view that refused (exact: too many players) says why;
	 * a gap larger than its noise says what to do about it.
	 */
	if (o->status == NULL && src->teach_msg != NULL && src->ex != NULL &&
	    render_view_teach(o->view)) {
		struct gs_render_opts oo = *o;
		oo.status = src->teach_msg;
		oo.status_warn = 1;
		render_hints(g, g->h - 1, &oo);
	} else if (o->status == NULL && src->ex != NULL &&
	    src->ex->gap_verdict == GS_GAP_LARGER) {
		struct gs_render_opts oo = *o;
		oo.status = gap_verdict_hint(src->ex);
		oo.status_warn = 1;
		render_hints(g, g->h - 1, &oo);
	} else
		render_hints(g, g->h - 1, o);
}

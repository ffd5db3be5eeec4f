/* SPDX-License-Identifier: ISC */
/*
 * The trace view: Gradient SHAP's samples one at a time. A step cursor
 * picks sample s: the baseline row it drew, its alpha, and for the cursor
 * feature the point's value, the gradient there and the contribution
 * (x + eps - b) * gradient; below, each top feature's running estimate
 * after s + 1 samples with its +-z SE band on one strip, against the
 * final estimate after all of them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/teach.h"
#include "attr/trust.h"
#include "core/xmalloc.h"
#include "tui/render-int.h"

void
render_trace(struct gs_grid *g, int y0, int h, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	const struct gs_trace	*t = src->trace;
	const double		*cur, *cse, *fin;
	char			 buf[320], a[64], b[64], c[64], lab[128], pl[64];
	size_t			 s, j, f, i, k, *order;
	double			 lo = 0, hi = 0, half, m = 0;
	int			 um, d, lw = 0, w, nw, xs, sw, y, col, x, plain;

	if (t == NULL || t->n == 0) {
		render_message(g, y0, h, src->teach_msg != NULL ?
		    src->teach_msg : "computing the samples...");
		return;
	}
	if (o->groups || o->feature >= t->d) {
		render_message(g, y0, h, "the trace view shows features: press "
		    "t for features");
		return;
	}
	um = caps->term && caps->utf8;
	s = o->step < t->n ? o->step : t->n - 1;
	j = o->feature;
	cur = t->mean + s * t->d;
	cse = t->se + s * t->d;
	fin = t->mean + (t->n - 1) * t->d;
	for (i = 0; i < t->d; i++)
		m = fmax(m, fmax(fabs(fin[i]), fabs(t->contrib[s * t->d + i])));
	d = render_decimals(m) + 1;
	/* The sample: its baseline, alpha and the cursor feature's numbers. */
	/* The trace replays the explainer's own plan (teach_trace). */
	sampling_format(t->plan, t->antithetic, t->cv, pl, sizeof pl);
	plain = t->plan == GS_PLAN_MC && !t->antithetic && !t->cv;
	snprintf(buf, sizeof buf, "gradshap sample %zu of %zu (plan %s, seed "
	    "%llu): baseline row %zu, %s = %.4f", s + 1, t->n, pl,
	    (unsigned long long)t->seed, t->bidx[s], RS(caps, "\xce\xb1",
	    "alpha"), t->alpha[s]);
	grid_text(g, 1, y0, buf, g->w - 1, GS_ROLE_LABEL, 0);
	render_value(a, sizeof a, t->point[s * t->d + j]);
	snprintf(buf, sizeof buf, "%s: point %s, gradient %s, contribution "
	    "%s", src->names[j], a, render_signed(b, sizeof b, t->grad[s *
	    t->d + j], d, 0, um), render_signed(c, sizeof c, t->contrib[s *
	    t->d + j], d, 0, um));
	grid_text(g, 1, y0 + 1, buf, g->w - 1, GS_ROLE_MARKER, 0);
	snprintf(buf, sizeof buf, "(contribution = (x + %s %s b) %s gradient; "
	    "phi = %s)", RS(caps, "\xce\xb5", "eps"), RS(caps,
	    "\xe2\x88\x92", "-"), RS(caps, "\xc3\x97", "x"), plain ?
	    "the mean of them" : "their mean under the plan");
	if (h >= 14)
		grid_text(g, 1, y0 + 2, buf, g->w - 1, GS_ROLE_VALUE, 0);
	/* The top features by final |phi|, the cursor's among them. */
	k = o->k == 0 || o->k > t->d ? t->d : o->k;
	y = y0 + (h >= 14 ? 4 : 3);
	if (k > (size_t)(y0 + h - 1 - (y + 1)))
		k = (size_t)(y0 + h - 1 - (y + 1));
	if (k < 1)
		k = 1;
	order = xcalloc(t->d, sizeof *order);
	explanation_order(fin, t->d, order, NULL);
	for (i = 0; i < k && i < t->d; i++)
		if (order[i] == j)
			break;
	if (i == k && k > 0)
		order[k - 1] = j;
	for (i = 0; i < k; i++) {
		f = order[i];
		half = o->z * cse[f];
		lo = fmin(lo, fmin(cur[f] - half, fin[f]));
		hi = fmax(hi, fmax(cur[f] + half, fin[f]));
		text_fit(lab, sizeof lab, src->names[f], g->w >= 80 ? 20 : 14,
		    g->ascii);
		if ((w = text_width(lab, g->ascii)) > lw)
			lw = w;
	}
	render_signed(a, sizeof a, -m, d, 0, 0);
	nw = (int)strlen(a) * 2 + 4;
	xs = 2 + lw + 1 + nw + 1;
	sw = g->w - xs - (int)strlen(a) - 3;
	snprintf(buf, sizeof buf, "after %zu sample%s: %s %s%.3g SE", s + 1,
	    s == 0 ? "" : "s", RS(caps, "\xcf\x86", "phi"), RS(caps, "\xc2\xb1",
	    "+/-"), o->z);
	x = 2 + lw + 1 + grid_text(g, 2 + lw + 1, y, buf, -1, GS_ROLE_AXIS, 0);
	snprintf(buf, sizeof buf, "%s running %s final", RS(caps,
	    "\xe2\x97\x8f", "o"), RS(caps, "\xe2\x94\x8a", "|"));
	if (sw >= 10 && xs + sw - text_width(buf, g->ascii) > x + 1)
		grid_text_right(g, xs + sw, y, buf, GS_ROLE_AXIS, 0);
	grid_text_right(g, g->w, y, "final", GS_ROLE_AXIS, 0);
	for (i = 0; i < k; i++) {
		f = order[i];
		y++;
		half = o->z * cse[f];
		text_fit(lab, sizeof lab, src->names[f], lw, g->ascii);
		grid_text_right(g, 2 + lw, y, lab, GS_ROLE_LABEL, 0);
		if (f == j) {
			grid_paint(g, 2 + lw - text_width(lab, g->ascii), y,
			    text_width(lab, g->ascii), GS_ROLE_HIGHLIGHT,
			    GS_ATTR_REVERSE);
			grid_put(g, 0, y, RENDER_G(caps, 0x25b8, '>'),
			    GS_ROLE_MARKER, GS_ATTR_BOLD);
		}
		snprintf(buf, sizeof buf, "%s%s%.*f", render_signed(a, sizeof a,
		    cur[f], d, 0, um), RS(caps, "\xc2\xb1", "+/-"), d, half);
		grid_text_right(g, 2 + lw + 1 + nw, y, buf, cur[f] < 0 ?
		    GS_ROLE_NEGATIVE : GS_ROLE_POSITIVE, 0);
		render_signed(a, sizeof a, fin[f], d, 0, um);
		grid_text_right(g, g->w, y, a, GS_ROLE_VALUE, 0);
		if (sw < 10 || !(hi > lo))
			continue;
		/* The strip: band, zero, final, then the running estimate. */
		for (x = render_axis_strip(xs, sw, lo, hi, cur[f] - half);
		    x <= render_axis_strip(xs, sw, lo, hi, cur[f] + half);
		    x++) {
			if (caps->term && caps->utf8)
				grid_put_shade(g, x, y, ' ', GS_ROLE_NONE, 0,
				    cur[f] < 0 ? GS_ROLE_NEGATIVE_SOFT :
				    GS_ROLE_POSITIVE_SOFT, 0, 0);
			else
				grid_put(g, x, y, RENDER_G(caps, 0x2591, ':'),
				    cur[f] < 0 ? GS_ROLE_NEGATIVE_SOFT :
				    GS_ROLE_POSITIVE_SOFT, 0);
		}
		if (lo < 0 && hi > 0) {
			col = render_axis_strip(xs, sw, lo, hi, 0);
			if (grid_cell(g, col, y)->ch == ' ')
				grid_put_shade(g, col, y, RENDER_G(caps, 0x2502,
				    '.'), GS_ROLE_GRID, 0, grid_cell(g, col,
				    y)->bg, 0, 0);
		}
		col = render_axis_strip(xs, sw, lo, hi, fin[f]);
		grid_put_shade(g, col, y, RENDER_G(caps, 0x250a, '|'),
		    GS_ROLE_MARKER, 0, grid_cell(g, col, y)->bg, 0, 0);
		col = render_axis_strip(xs, sw, lo, hi, cur[f]);
		grid_put_shade(g, col, y, RENDER_G(caps, 0x25cf, 'o'), cur[f] < 0 ?
		    GS_ROLE_NEGATIVE : GS_ROLE_POSITIVE, 0, grid_cell(g, col,
		    y)->bg, 0, GS_ATTR_BOLD);
	}
	free(order);
}

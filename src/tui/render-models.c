/* SPDX-License-Identifier: ISC */
/*
 * The two-model view: the current row explained by model A and model B
 * with the same draws (attr/compare.h), features by |A - B|, each with
 * both attributions, the difference and its paired SE, the ranks in both,
 * and a track of A - B with its +-z SE band around zero; a * marks a
 * difference larger than noise. The header gives both predictions and
 * whether they agree; the last line the top-5 overlap and rank
 * correlation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "tui/render-int.h"

/* One row's track: zero axis, A - B's band and the difference itself. */
static void
models_track(struct gs_grid *g, int x, int y, int w, double lo, double hi,
    double v, double half, const struct gs_caps *caps)
{
	int	c, a, b;

	if (lo <= 0 && hi >= 0)
		grid_put(g, render_axis_strip(x, w, lo, hi, 0), y,
		    RENDER_G(caps, 0x2502, '|'), GS_ROLE_GRID, 0);
	if (!isnan(half) && half > 0) {
		a = render_axis_strip(x, w, lo, hi, v - half);
		b = render_axis_strip(x, w, lo, hi, v + half);
		for (c = a; c <= b; c++)
			grid_put(g, c, y, RENDER_G(caps, 0x2500, '-'),
			    v < 0 ? GS_ROLE_NEGATIVE_SOFT :
			    GS_ROLE_POSITIVE_SOFT, 0);
	}
	c = render_axis_strip(x, w, lo, hi, v);
	grid_put(g, c, y, RENDER_G(caps, 0x25cf, 'o'), v < 0 ?
	    GS_ROLE_NEGATIVE : GS_ROLE_POSITIVE, 0);
}

void
render_models(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	const struct gs_paired	*c = src->pair;
	size_t			*order, n, i, j;
	char			 buf[320], num[64], pm[96];
	double			 m = 0, lo = 0, hi = 0, half;
	int			 lw = 7, fw, d, x, xt, tw, y, w;
	int			 um = caps->term && caps->utf8;
	long			 cf;

	if (c == NULL) {
		render_message(g, y0, h, src->teach_msg != NULL ?
		    src->teach_msg : "explaining the row with both models...");
		return;
	}
	/* Header: both predictions, and how the SEs were made. */
	snprintf(buf, sizeof buf, "A = %s: f(x) = %.4g   B = %s: f(x) = %.4g   "
	    "predictions %s", src->model_a != NULL ? src->model_a :
	    src->model != NULL ? src->model : "model A", c->fa,
	    src->model_b != NULL ? src->model_b : "model B", c->fb,
	    c->agree ? "agree" : "DIFFER");
	grid_text(g, 1, y0, buf, g->w - 2, c->agree ? GS_ROLE_LABEL :
	    GS_ROLE_WARNING, 0);
	/* What produced it: the comparison's own plan, shared by A and B. */
	method_describe(&c->a, GS_DESCRIBE_TEXT, NULL, pm, sizeof pm);
	snprintf(buf, sizeof buf, "%s %s  seed %llu  same draws for A and B",
	    method_name(c->a.method), pm, (unsigned long long)c->a.opts.seed);
	grid_text(g, 1, y0 + 1, buf, g->w - 2, GS_ROLE_AXIS, 0);
	y0++;
	h--;
	n = c->d;
	if (h - 4 < 1)
		return;
	if (n > (size_t)(h - 4))
		n = (size_t)(h - 4);
	if (o->k > 0 && n > o->k)
		n = o->k;
	/* The cursor's feature (the cursor counts in the bar order). */
	cf = o->cursor >= 0 ? render_feature_at(src, o, (size_t)o->cursor) :
	    -1;
	order = xcalloc(c->d + 1, sizeof *order);
	explanation_order(c->delta.phi, c->d, order, NULL);
	for (i = 0; i < c->d; i++)
		m = fmax(m, fmax(fabs(c->a.phi[i]), fabs(c->b.phi[i])));
	for (i = 0; i < n; i++) {
		j = order[i];
		if ((w = text_width(src->names[j], g->ascii)) > lw)
			lw = w;
		half = c->delta.se != NULL ? o->z * c->delta.se[j] : 0;
		lo = fmin(lo, c->delta.phi[j] - half);
		hi = fmax(hi, c->delta.phi[j] + half);
	}
	if (lw > 20)
		lw = 20;
	d = render_decimals(m) + 1;
	render_signed(num, sizeof num, -m, d, 0, 0);
	fw = (int)strlen(num) + 2;
	snprintf(pm, sizeof pm, "%s SE", c->delta.se == NULL ? "no" :
	    c->paired ? "paired" : "unpaired");
	if (fw < (int)strlen(pm) + 1)
		fw = (int)strlen(pm) + 1;
	x = 1 + lw;
	grid_text_right(g, x + fw, y0 + 1, "phi A", GS_ROLE_AXIS, 0);
	grid_text_right(g, x + 2 * fw, y0 + 1, "phi B", GS_ROLE_AXIS, 0);
	grid_text_right(g, x + 3 * fw, y0 + 1, "A - B", GS_ROLE_AXIS, 0);
	grid_text_right(g, x + 4 * fw, y0 + 1, pm, GS_ROLE_AXIS, 0);
	grid_text(g, x + 4 * fw + 2, y0 + 1, "rank", -1, GS_ROLE_AXIS, 0);
	xt = x + 4 * fw + 11;
	tw = g->w - xt - 1;
	if (tw >= 10 && hi > lo) {
		snprintf(buf, sizeof buf, "A - B %s%.3g SE", RS(caps,
		    "\xc2\xb1", "+/-"), o->z);
		grid_text(g, xt, y0 + 1, buf, tw, GS_ROLE_AXIS, 0);
	}
	for (i = 0; i < n; i++) {
		j = order[i];
		y = y0 + 2 + (int)i;
		half = c->delta.se != NULL ? o->z * c->delta.se[j] : NAN;
		grid_text(g, 1, y, src->names[j], lw, GS_ROLE_LABEL, 0);
		if (cf >= 0 && (size_t)cf == j)
			grid_put(g, 0, y, RENDER_G(caps, 0x25b8, '>'),
			    GS_ROLE_MARKER, GS_ATTR_BOLD);
		render_signed(num, sizeof num, c->a.phi[j], d, 0, um);
		grid_text_right(g, x + fw, y, num, c->a.phi[j] < 0 ?
		    GS_ROLE_NEGATIVE : GS_ROLE_POSITIVE, 0);
		render_signed(num, sizeof num, c->b.phi[j], d, 0, um);
		grid_text_right(g, x + 2 * fw, y, num, c->b.phi[j] < 0 ?
		    GS_ROLE_NEGATIVE : GS_ROLE_POSITIVE, 0);
		render_signed(num, sizeof num, c->delta.phi[j], d, 0, um);
		grid_text_right(g, x + 3 * fw, y, num, GS_ROLE_VALUE, 0);
		if (c->delta.se != NULL) {
			snprintf(num, sizeof num, "%.*f", d, c->delta.se[j]);
			grid_text_right(g, x + 4 * fw, y, num, GS_ROLE_VALUE,
			    0);
		}
		snprintf(num, sizeof num, "%zu>%zu%s", c->rank_a[j],
		    c->rank_b[j], c->verdict[j] == GS_CMP_LARGER ? " *" : "");
		grid_text(g, x + 4 * fw + 2, y, num, 9, c->verdict[j] ==
		    GS_CMP_LARGER ? GS_ROLE_WARNING : GS_ROLE_VALUE, 0);
		if (tw >= 10 && hi > lo)
			models_track(g, xt, y, tw, lo, hi, c->delta.phi[j],
			    half, caps);
	}
	y = y0 + 3 + (int)n;
	if (y < y0 + h) {
		snprintf(buf, sizeof buf, "* larger than noise: %zu of %zu "
		    "features  top-5 shared %zu  rank correlation %.2f%s",
		    c->larger, c->d, compare_topk(c->a.phi, c->b.phi, c->d, 5),
		    compare_rank_corr(c->a.phi, c->b.phi, c->d),
		    c->direct ? "  (A - B estimated on f_A - f_B)" : "");
		grid_text(g, 1, y, buf, g->w - 2, GS_ROLE_LABEL, 0);
	}
	free(order);
}

/* SPDX-License-Identifier: ISC */
/*
 * The two-model view: the current row explained by model A and model B
 * with the same draws (attr/compare.h), features by |A - B|, each with
 * both attributions, the difference and its paired SE, the ranks in both,
 * and a track of A - B with its +-z SE band around zero; a * marks a
 * difference larger than noise. The header gives both predictions and
 * whether they agree; the last line the top-5 overlap and rank
 * correlation. Its lists (key D in the explorer): every row by both
 * models, the rows whose explanations disagree most first, or only those
 * whose predictions agree while their reasons do not (attr/compare.h's
 * compare_summary_worst and compare_summary_same_pred, as the REPL's
 * rows -s disagree and rows -a). Everything fits the screen's width.
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

/*
 * Line y of text from the longest of n candidates that fits the width
 * (each shorter than the last); the last is cut at whole words if even it
 * does not.
 */
static void
models_line(struct gs_grid *g, int y, int role, size_t n,
    const char *const *cand)
{
	size_t	i;

	for (i = 0; i + 1 < n; i++)
		if (text_width(cand[i], g->ascii) <= g->w - 2)
			break;
	grid_text_words(g, 1, y, cand[i], g->w - 2, role, 0);
}

/* The list's columns (the REPL's rows with a model B): headings, right ends. */
#define MODELS_COLS	7
static const char *const models_col_head[MODELS_COLS] = { "row", "pred A",
    "pred B", "disagree", "top5", "rho", ">noise" };
static const int models_col_end[MODELS_COLS] = { 6, 15, 24, 33, 38, 44, 51 };

/* A prediction in at most 8 characters (its column's width less a blank). */
static void
models_pred(char *buf, size_t size, double v)
{
	int	p;

	for (p = 4; p >= 3; p--)
		if (snprintf(buf, size, "%.*g", p, v) <= 8)
			return;
	for (p = 2; p >= 1; p--)
		if (snprintf(buf, size, "%.*e", p, v) <= 8)
			return;
}

/* The list of rows (o->models_list) in rows [y0, y0 + h). */
static void
models_list(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	const struct gs_cmp_summary *s = src->pairs;
	const struct gs_cmp_row	*r;
	const char		*a = src->model_a != NULL ? src->model_a :
				    src->model != NULL ? src->model : "model A";
	const char		*b = src->model_b != NULL ? src->model_b :
				    "model B";
	const char		*c[3];
	char			 l[3][320], num[MODELS_COLS][64];
	size_t			 n = src->pairs_n, i, j, top = 0, vis;
	long			 cur = o->list_cursor;
	int			 y, x = 1, w, same = o->models_list == 2;

	if (s == NULL) {
		render_message(g, y0, h, src->pairs_msg != NULL ?
		    src->pairs_msg : "explaining every row with both "
		    "models...");
		return;
	}
	if (h < 5)
		return;
	vis = (size_t)(h - 4);
	if (cur >= (long)n)
		cur = (long)n - 1;
	if (cur < 0)
		cur = 0;
	if ((size_t)cur >= vis)
		top = (size_t)cur - vis + 1;
	/* What the list is, and which of its lines show. */
	snprintf(l[0], sizeof l[0], "%s: %zu-%zu of %zu  (D: %s)", same ?
	    "rows whose predictions agree, reasons not" : "rows by how "
	    "much the explanations disagree", n > 0 ? top + 1 : 0,
	    top + vis < n ? top + vis : n, n, same ? "back to the row" :
	    "next list");
	snprintf(l[1], sizeof l[1], "%s: %zu-%zu of %zu  (D: next)",
	    same ? "same prediction, other reasons" : "disagree most",
	    n > 0 ? top + 1 : 0, top + vis < n ? top + vis : n, n);
	c[0] = l[0];
	c[1] = l[1];
	models_line(g, y0, GS_ROLE_TITLE, 2, c);
	snprintf(l[0], sizeof l[0], "%s (A) against %s (B): %zu of %zu rows  "
	    "%s  same draws for A and B", a, b, s->n, src->nrows,
	    src->pairs_how != NULL ? src->pairs_how : "");
	snprintf(l[1], sizeof l[1], "%s (A) against %s (B): %zu of %zu rows  "
	    "%s", a, b, s->n, src->nrows, src->pairs_how != NULL ?
	    src->pairs_how : "");
	snprintf(l[2], sizeof l[2], "%s against %s: %zu of %zu rows  %s",
	    a, b, s->n, src->nrows, src->pairs_how != NULL ?
	    src->pairs_how : "");
	c[0] = l[0];
	c[1] = l[1];
	c[2] = l[2];
	models_line(g, y0 + 1, GS_ROLE_AXIS, 3, c);
	/* The columns of rows -s disagree, each ending at its offset. */
	for (j = 0; j < MODELS_COLS; j++)
		grid_text_right(g, x + models_col_end[j], y0 + 2,
		    models_col_head[j], GS_ROLE_AXIS, 0);
	if (n == 0)
		grid_text_words(g, 1, y0 + 3, same ? "no row whose predictions "
		    "agree has reasons that differ (top-5 overlap under half, "
		    "or rank correlation below 0.5)" : "no row could be "
		    "compared", g->w - 2, GS_ROLE_LABEL, 0);
	for (i = 0; i < vis && top + i < n; i++) {
		r = &s->rows[src->pairs_order[top + i]];
		y = y0 + 3 + (int)i;
		if ((long)(top + i) == cur)
			grid_put(g, 0, y, RENDER_G(caps, 0x25b8, '>'),
			    GS_ROLE_MARKER, GS_ATTR_BOLD);
		if (r->row == src->row)
			grid_put(g, 1, y, '*', GS_ROLE_MARKER, GS_ATTR_BOLD);
		snprintf(num[0], sizeof num[0], "%zu", r->row);
		models_pred(num[1], sizeof num[1], r->fa);
		models_pred(num[2], sizeof num[2], r->fb);
		snprintf(num[3], sizeof num[3], "%.3f", r->l1_rel);
		snprintf(num[4], sizeof num[4], "%zu", r->topk);
		snprintf(num[5], sizeof num[5], "%.2f", r->rho);
		snprintf(num[6], sizeof num[6], "%zu", r->larger);
		for (j = 0; j < MODELS_COLS; j++)
			grid_text_right(g, x + models_col_end[j], y, num[j],
			    j == 0 ? GS_ROLE_LABEL : j == 2 && !r->agree ?
			    GS_ROLE_WARNING : GS_ROLE_VALUE, 0);
		w = g->w - 1 - (x + models_col_end[MODELS_COLS - 1] + 1);
		if (!r->agree)
			grid_text(g, x + models_col_end[MODELS_COLS - 1] + 1,
			    y, w >= 18 ? "predictions differ" : w >= 6 ?
			    "differ" : "!", w, GS_ROLE_WARNING, 0);
	}
	snprintf(l[0], sizeof l[0], "disagree: sum |A-B| / mean sum |phi|  "
	    "top5: top-%zu features in common  >noise: |A-B| > 1.96 SE  "
	    "Enter: go to the row", s->k);
	snprintf(l[1], sizeof l[1], "disagree: sum |A-B| / mean sum |phi|  "
	    "Enter: go to the row");
	c[0] = l[0];
	c[1] = l[1];
	models_line(g, y0 + h - 1, GS_ROLE_LABEL, 2, c);
}

void
render_models(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	const struct gs_paired	*c = src->pair;
	const char		*a, *b, *cand[3];
	size_t			*order, n, i, j, len;
	char			 l[3][320], num[64], pm[96], sehead[96];
	double			 m = 0, lo = 0, hi = 0, half;
	int			 lw = 7, fw, sw, rw = 4, d, x, xt, tw, y, w;
	int			 um = caps->term && caps->utf8;
	long			 cf;

	if (o->models_list != 0) {
		models_list(g, y0, h, src, o, caps);
		return;
	}
	if (c == NULL) {
		render_message(g, y0, h, src->teach_msg != NULL ?
		    src->teach_msg : "explaining the row with both models...");
		return;
	}
	/* Header: both predictions, and how the SEs were made. */
	a = src->model_a != NULL ? src->model_a : src->model != NULL ?
	    src->model : "model A";
	b = src->model_b != NULL ? src->model_b : "model B";
	snprintf(l[0], sizeof l[0], "A = %s: f(x) = %.4g   B = %s: f(x) = %.4g"
	    "   predictions %s", a, c->fa, b, c->fb, c->agree ? "agree" :
	    "DIFFER");
	snprintf(l[1], sizeof l[1], "A %s %.4g  B %s %.4g  predictions %s",
	    a, c->fa, b, c->fb, c->agree ? "agree" : "DIFFER");
	snprintf(l[2], sizeof l[2], "predictions %s  A %.4g  B %.4g",
	    c->agree ? "agree" : "DIFFER", c->fa, c->fb);
	cand[0] = l[0];
	cand[1] = l[1];
	cand[2] = l[2];
	models_line(g, y0, c->agree ? GS_ROLE_LABEL : GS_ROLE_WARNING, 3,
	    cand);
	/* What produced it: the comparison's own plan, shared by A and B. */
	method_describe(&c->a, GS_DESCRIBE_TEXT, NULL, pm, sizeof pm);
	snprintf(l[0], sizeof l[0], "%s %s  seed %llu  same draws for A and B",
	    method_name(c->a.method), pm, (unsigned long long)c->a.opts.seed);
	snprintf(l[1], sizeof l[1], "%s  seed %llu  same draws for A and B",
	    method_name(c->a.method), (unsigned long long)c->a.opts.seed);
	cand[0] = l[0];
	cand[1] = l[1];
	models_line(g, y0 + 1, GS_ROLE_AXIS, 2, cand);
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
		snprintf(num, sizeof num, "%zu>%zu%s", c->rank_a[j],
		    c->rank_b[j], c->verdict[j] == GS_CMP_LARGER ? " *" : "");
		if ((len = strlen(num)) > (size_t)rw)
			rw = (int)len;
	}
	if (lw > 20)
		lw = 20;
	d = render_decimals(m) + 1;
	render_signed(num, sizeof num, -m, d, 0, 0);
	fw = (int)strlen(num) + 2;
	snprintf(pm, sizeof pm, "%s SE", c->delta.se == NULL ? "no" :
	    c->paired ? "paired" : "unpaired");
	snprintf(sehead, sizeof sehead, "SE");
	sw = fw;
	if (sw < (int)strlen(pm) + 1)
		sw = (int)strlen(pm) + 1;
	/*
	 * Fit the columns to the screen: a short SE heading, one blank
	 * between numbers, then shorter names (down to 8 columns).
	 */
	if (1 + lw + 3 * fw + sw + 2 + rw > g->w - 1)
		sw = fw > 3 ? fw : 3;
	else
		snprintf(sehead, sizeof sehead, "%s", pm);
	if (1 + lw + 3 * fw + sw + 2 + rw > g->w - 1) {
		fw--;
		sw--;
	}
	while (1 + lw + 3 * fw + sw + 2 + rw > g->w - 1 && lw > 8)
		lw--;
	x = 1 + lw;
	grid_text_right(g, x + fw, y0 + 1, "phi A", GS_ROLE_AXIS, 0);
	grid_text_right(g, x + 2 * fw, y0 + 1, "phi B", GS_ROLE_AXIS, 0);
	grid_text_right(g, x + 3 * fw, y0 + 1, "A - B", GS_ROLE_AXIS, 0);
	grid_text_right(g, x + 3 * fw + sw, y0 + 1, sehead, GS_ROLE_AXIS, 0);
	grid_text(g, x + 3 * fw + sw + 2, y0 + 1, "rank", rw, GS_ROLE_AXIS,
	    0);
	xt = x + 3 * fw + sw + 2 + rw + 2;
	tw = g->w - xt - 1;
	if (tw >= 10 && hi > lo) {
		snprintf(l[0], sizeof l[0], "A - B %s%.3g SE", RS(caps,
		    "\xc2\xb1", "+/-"), o->z);
		snprintf(l[1], sizeof l[1], "%s%.3g SE", RS(caps, "\xc2\xb1",
		    "+/-"), o->z);
		grid_text(g, xt, y0 + 1, text_width(l[0], g->ascii) <= tw ?
		    l[0] : l[1], tw, GS_ROLE_AXIS, 0);
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
			grid_text_right(g, x + 3 * fw + sw, y, num,
			    GS_ROLE_VALUE, 0);
		}
		snprintf(num, sizeof num, "%zu>%zu%s", c->rank_a[j],
		    c->rank_b[j], c->verdict[j] == GS_CMP_LARGER ? " *" : "");
		grid_text(g, x + 3 * fw + sw + 2, y, num, rw, c->verdict[j] ==
		    GS_CMP_LARGER ? GS_ROLE_WARNING : GS_ROLE_VALUE, 0);
		if (tw >= 10 && hi > lo)
			models_track(g, xt, y, tw, lo, hi, c->delta.phi[j],
			    half, caps);
	}
	y = y0 + 3 + (int)n;
	if (y < y0 + h) {
		snprintf(l[0], sizeof l[0], "* larger than noise: %zu of %zu "
		    "features  top-5 shared %zu  rank correlation %.2f%s",
		    c->larger, c->d, compare_topk(c->a.phi, c->b.phi, c->d, 5),
		    compare_rank_corr(c->a.phi, c->b.phi, c->d),
		    c->direct ? "  (A - B estimated on f_A - f_B)" : "");
		snprintf(l[1], sizeof l[1], "* larger than noise: %zu of %zu  "
		    "top-5 shared %zu  rho %.2f", c->larger, c->d,
		    compare_topk(c->a.phi, c->b.phi, c->d, 5),
		    compare_rank_corr(c->a.phi, c->b.phi, c->d));
		cand[0] = l[0];
		cand[1] = l[1];
		models_line(g, y, GS_ROLE_LABEL, 2, cand);
	}
	free(order);
}

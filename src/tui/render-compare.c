/* SPDX-License-Identifier: ISC */
/*
 * The comparison view: two explanations of the same features side by side
 * (two rows, two methods, or a row before and after a what-if edit), each
 * with a signed bar on one shared scale, its value and its rank by |phi|,
 * and how each feature's rank moved; Spearman's rho of the two below.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "tui/render-int.h"

/* Pearson correlation of ranks: Spearman's rho of the two rankings. */
static double
compare_rho(const size_t *a, const size_t *b, size_t n)
{
	double	d2 = 0, nn = (double)n;
	size_t	i;

	if (n < 2)
		return (NAN);
	for (i = 0; i < n; i++)
		d2 += ((double)a[i] - (double)b[i]) * ((double)a[i] - (double)b[i]);
	return (1 - 6 * d2 / (nn * (nn * nn - 1)));
}

/* A signed bar of v in bw columns around a middle axis, scale m. */
static void
compare_bar(struct gs_grid *g, int x, int y, int bw, double v, double m,
    const struct gs_caps *caps)
{
	int	half = (bw - 1) / 2, unit = RENDER_UNIT(caps);
	double	len;
	long	u;

	grid_put(g, x + half, y, RENDER_G(caps, 0x2502, '|'), GS_ROLE_AXIS, 0);
	if (!(m > 0) || v == 0 || isnan(v))
		return;
	len = fabs(v) / m * half * unit;
	u = len < (double)half * unit ? lround(len) : (long)half * unit;
	if (u < 1)
		u = 1;
	if (v > 0)
		render_axis_bar(g, y, x + half + 1, 0, u, unit, GS_ROLE_POSITIVE, 0,
		    caps, '+');
	else
		render_axis_bar(g, y, x, (long)half * unit - u, (long)half * unit,
		    unit, GS_ROLE_NEGATIVE, 0, caps, '-');
}

void
render_compare(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	struct render_items	 a, b;
	struct render_row	*rows;
	size_t			*ra, *rb, *in, n, i, k, j;
	char			 lab[256], num[64], buf[256], fa[32], fb[32];
	double			 m = 0, rest, rho;
	int			 lw = 0, w, cap, bw, fw, xa, xb, xd, y, d, dr;
	int			 um = caps->term && caps->utf8, top = 0;

	if (src->other == NULL) {
		render_message(g, y0, h, "nothing to compare with: edit a "
		    "value (+/- on a feature) or pin a row (P)");
		return;
	}
	render_items_get(src->ex, src, o, &a);
	render_items_get(src->other, src, o, &b);
	if (a.n != b.n || a.n == 0) {
		render_message(g, y0, h, "the two explanations have different "
		    "features");
		return;
	}
	k = o->k;
	if (k == 0 || k > (size_t)(h - 4))
		k = h > 4 ? (size_t)(h - 4) : 1;
	n = render_rows(&a, o, k, -1, &rows);
	ra = xcalloc(a.n, sizeof *ra);
	rb = xcalloc(a.n, sizeof *rb);
	explanation_order(a.phi, a.n, NULL, ra);
	explanation_order(b.phi, b.n, NULL, rb);
	for (i = 0; i < a.n; i++)
		m = fmax(m, fmax(fabs(a.phi[i]), fabs(b.phi[i])));
	/* The collapsed row: the same features summed in B. */
	in = xcalloc(a.n, sizeof *in);
	for (j = 0; j < n; j++)
		if (rows[j].idx >= 0)
			in[rows[j].idx] = 1;
	for (rest = 0, j = 0; j < a.n; j++)
		if (!in[j])
			rest += b.phi[j];
	free(in);
	for (i = 0; i < n; i++)
		if (rows[i].idx < 0)
			m = fmax(m, fmax(fabs(rows[i].phi), fabs(rest)));
	d = render_decimals(m);
	cap = g->w >= 80 ? 24 : 16;
	for (i = 0; i < n; i++) {
		render_label(lab, sizeof lab, &rows[i], &a, 1, 1, cap, g->ascii);
		if ((w = text_width(lab, g->ascii)) > lw)
			lw = w;
	}
	render_signed(num, sizeof num, -m, d, 0, 0);
	fw = (int)strlen(num);
	/* Label | bar value #rank | bar value #rank | move */
	bw = (g->w - (1 + lw + 1) - 2 * (fw + 6) - 6) / 2;
	if (bw < 5)
		bw = 5;
	xa = 1 + lw + 1;
	xb = xa + bw + fw + 6;
	xd = xb + bw + fw + 6;
	snprintf(buf, sizeof buf, "%s", src->label != NULL ? src->label : "A");
	render_center(g, y0, xa, bw + fw + 5, buf, GS_ROLE_MARKER, 0);
	snprintf(buf, sizeof buf, "%s", src->other_label != NULL ?
	    src->other_label : "B");
	render_center(g, y0, xb, bw + fw + 5, buf, GS_ROLE_MARKER, 0);
	grid_text(g, xd, y0, "rank", -1, GS_ROLE_AXIS, 0);
	for (i = 0; i < n; i++) {
		double va = rows[i].phi, vb;
		long f = rows[i].idx;

		y = y0 + 1 + (int)i;
		vb = f >= 0 ? b.phi[f] : rest;
		render_label(lab, sizeof lab, &rows[i], &a, 1, 1, lw, g->ascii);
		grid_text_right(g, 1 + lw, y, lab, GS_ROLE_LABEL, 0);
		if (o->cursor == (long)i) {
			grid_paint(g, 1 + lw - text_width(lab, g->ascii), y,
			    text_width(lab, g->ascii), GS_ROLE_HIGHLIGHT,
			    GS_ATTR_REVERSE);
			grid_put(g, 0, y, RENDER_G(caps, 0x25b8, '>'),
			    GS_ROLE_MARKER, GS_ATTR_BOLD);
		}
		compare_bar(g, xa, y, bw, va, m, caps);
		render_signed(num, sizeof num, va, d, 0, um);
		grid_text_right(g, xa + bw + 1 + fw, y, num, va < 0 ?
		    GS_ROLE_NEGATIVE : GS_ROLE_POSITIVE, 0);
		compare_bar(g, xb, y, bw, vb, m, caps);
		render_signed(num, sizeof num, vb, d, 0, um);
		grid_text_right(g, xb + bw + 1 + fw, y, num, vb < 0 ?
		    GS_ROLE_NEGATIVE : GS_ROLE_POSITIVE, 0);
		if (f < 0)
			continue;
		snprintf(buf, sizeof buf, "#%zu", ra[f]);
		grid_text(g, xa + bw + fw + 2, y, buf, -1, GS_ROLE_VALUE, 0);
		snprintf(buf, sizeof buf, "#%zu", rb[f]);
		grid_text(g, xb + bw + fw + 2, y, buf, -1, GS_ROLE_VALUE, 0);
		/*
		 * The move from the reference to the explanation studied:
		 * from the left to the right one (':compare', a pin), but
		 * for a what-if (left) from the original row (right), so
		 * that a feature the edit made more important goes up.
		 */
		dr = src->whatif != NULL ? (int)rb[f] - (int)ra[f] :
		    (int)ra[f] - (int)rb[f];
		if (dr > 0)
			snprintf(buf, sizeof buf, "%s%d", RS(caps, "\xe2\x86\x91",
			    "^"), dr);
		else if (dr < 0)
			snprintf(buf, sizeof buf, "%s%d", RS(caps, "\xe2\x86\x93",
			    "v"), -dr);
		else
			snprintf(buf, sizeof buf, "=");
		grid_text(g, xd, y, buf, -1, dr != 0 ? GS_ROLE_WARNING :
		    GS_ROLE_VALUE, 0);
	}
	/* How alike the two rankings are. */
	rho = compare_rho(ra, rb, a.n);
	for (i = 0; i < a.n; i++)
		top += ra[i] <= 5 && rb[i] <= 5;
	y = y0 + 2 + (int)n;
	render_signed(num, sizeof num, rho, 3, 0, um);
	snprintf(buf, sizeof buf, "rank correlation %s = %s; %d of the top %zu "
	    "in both; f(x) %s vs %s", RS(caps, "\xcf\x81", "rho"), num,
	    top, a.n < 5 ? a.n : (size_t)5, render_fx(fa, sizeof fa,
	    src->ex->fx, caps), render_fx(fb, sizeof fb, src->other->fx, caps));
	grid_text(g, 1, y, buf, g->w - 1, GS_ROLE_LABEL, 0);
	free(ra);
	free(rb);
	free(rows);
}

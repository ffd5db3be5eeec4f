/* SPDX-License-Identifier: ISC */
/*
 * The exact-vs-estimate view: exact Shapley values (enumerating every
 * coalition over the same baseline set, groups as players when groups are
 * shown) beside the current estimate, per feature both values, their
 * difference, drawn on one track. An interval is judged against what
 * the estimate estimates (teach_compare: Gradient SHAP's is exact
 * expected gradients, Kernel and permutation's Shapley values): the
 * column "in" and the coverage line, against the level the interval
 * claims; the method's bias (that reference minus Shapley values) is a
 * line of its own, with what it means. Without a reference (SmoothGrad,
 * noise) no coverage is claimed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/teach.h"
#include "core/xmalloc.h"
#include "tui/render-int.h"

/* What each reference of teach_compare is, in words. */
static const char *const exact_ref_names[GS_REF_COUNT] = {
	"nothing exact", "exact expected gradients", "the path integral",
	"exact Shapley values"
};

/* Draw one row's track: zero axis, interval, estimate, exact value. */
static void
exact_track(struct gs_grid *g, int x, int y, int w, double lo, double hi,
    double est, double half, double ex, const struct gs_caps *caps)
{
	int	c, a, b;

	if (lo <= 0 && hi >= 0)
		grid_put(g, render_axis_strip(x, w, lo, hi, 0), y,
		    RENDER_G(caps, 0x2502, '|'), GS_ROLE_GRID, 0);
	if (!isnan(half)) {
		a = render_axis_strip(x, w, lo, hi, est - half);
		b = render_axis_strip(x, w, lo, hi, est + half);
		for (c = a; c <= b; c++) {
			if (caps->term && caps->utf8)
				grid_put_shade(g, c, y, ' ', GS_ROLE_NONE, 0,
				    est < 0 ? GS_ROLE_NEGATIVE_SOFT :
				    GS_ROLE_POSITIVE_SOFT, 0, 0);
			else
				grid_put(g, c, y, RENDER_G(caps, 0x2591, ':'),
				    est < 0 ? GS_ROLE_NEGATIVE_SOFT :
				    GS_ROLE_POSITIVE_SOFT, 0);
		}
	}
	c = render_axis_strip(x, w, lo, hi, est);
	grid_put_shade(g, c, y, RENDER_G(caps, 0x25cf, 'o'), est < 0 ?
	    GS_ROLE_NEGATIVE : GS_ROLE_POSITIVE, 0, grid_cell(g, c, y)->bg, 0, 0);
	c = render_axis_strip(x, w, lo, hi, ex);
	grid_put_shade(g, c, y, RENDER_G(caps, 0x25c6, 'X'), GS_ROLE_MARKER, 0,
	    grid_cell(g, c, y)->bg, 0, GS_ATTR_BOLD);
}

/*
 * Whether exact value ex lies in est +- half; rounding (a deterministic
 * estimate with half = 0) does not count as outside.
 */
static int
exact_inside(double est, double ex, double half)
{
	return (fabs(est - ex) <= half + 1e-9 * fmax(1, fabs(ex)));
}

/* s over at most n rows from (x, y), w columns, broken at blanks. */
static void
exact_wrap(struct gs_grid *g, int x, int y, int w, int n, const char *s)
{
	char	line[512], *sp;
	int	i;

	for (i = 0; i < n && *s != '\0'; i++) {
		snprintf(line, sizeof line, "%s", s);
		if (text_width(line, g->ascii) > w && i + 1 < n) {
			text_fit(line, sizeof line, s, w + 1, g->ascii);
			line[strlen(line) - (g->ascii ? 1 : 3)] = '\0';
			if ((sp = strrchr(line, ' ')) != NULL)
				*sp = '\0';
		}
		grid_text_words(g, x, y + i, line, w, GS_ROLE_VALUE, 0);
		s += strlen(line);
		while (*s == ' ')
			s++;
	}
}

/* The level a z interval claims, in percent (1.96: 95). */
static int
exact_level(double z)
{
	return ((int)lround(100 * erf(z / sqrt(2))));
}

void
render_exact(struct gs_grid *g, int y0, int h, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	const struct gs_compare	*c = src->compare;
	struct gs_render_opts	 oo;
	struct render_items	 a, b;
	struct render_row	*rows;
	size_t			 n, i, k, nin = 0, nse = 0, imax = 0, bmax = 0;
	char			 lab[256], num[64], buf[320], pm[16];
	double			 m = 0, dmax = -1, lo = 0, hi = 0, *exv, half, v;
	int			 lw = 0, w, cap, d, fw, x, y, xt, tw;
	int			 um = caps->term && caps->utf8;

	if (src->exact == NULL) {
		render_message(g, y0, h, src->teach_msg != NULL ?
		    src->teach_msg : "computing exact Shapley values...");
		return;
	}
	/* Groups were the players: show groups, never their equal shares. */
	if (src->exact->groups != NULL && src->exact->gphi != NULL &&
	    src->ex->gphi != NULL && !o->groups) {
		oo = *o;
		oo.groups = 1;
		oo.cursor = -1;
		o = &oo;
	}
	render_items_get(src->ex, src, o, &a);
	render_items_get(src->exact, src, o, &b);
	if (a.n != b.n || a.n == 0) {
		render_message(g, y0, h, "the exact values and the estimate "
		    "have different players");
		return;
	}
	/* teach_compare's players must be these (features, or groups). */
	if (c != NULL && (c->d != a.n || c->ref == GS_REF_NONE ||
	    c->z == NULL))
		c = c != NULL && c->ref == GS_REF_NONE ? c : NULL;
	/* Over all players: the largest difference and the coverage. */
	for (i = 0; i < a.n; i++) {
		m = fmax(m, fmax(fabs(a.phi[i]), fabs(b.phi[i])));
		if (fabs(a.phi[i] - b.phi[i]) > dmax) {
			dmax = fabs(a.phi[i] - b.phi[i]);
			imax = i;
		}
		if (a.se != NULL && !isnan(a.se[i])) {
			nse++;
			nin += exact_inside(a.phi[i], b.phi[i], o->z * a.se[i]);
		}
		if (c != NULL && c->bias != NULL &&
		    fabs(c->bias[i]) > fabs(c->bias[bmax]))
			bmax = i;
	}
	/* Against the reference: the counts teach_compare made (1.96 SE). */
	if (c != NULL && c->ref != GS_REF_NONE) {
		nse = c->counted;
		nin = c->inside;
	}
	k = o->k;
	if (k == 0 || k > (size_t)(h - 4))
		k = h > 4 ? (size_t)(h - 4) : 1;
	n = render_rows(&a, o, k, -1, &rows);
	/* The exact value of each row (the rest: the same players summed). */
	exv = xcalloc(n + 1, sizeof *exv);
	for (i = 0; i < n; i++) {
		if (rows[i].idx >= 0) {
			exv[i] = b.phi[rows[i].idx];
			continue;
		}
		{
			int *in = xcalloc(a.n, sizeof *in);
			size_t j;
			for (j = 0; j < n; j++)
				if (rows[j].idx >= 0)
					in[rows[j].idx] = 1;
			for (j = 0; j < a.n; j++)
				if (!in[j])
					exv[i] += b.phi[j];
			free(in);
		}
		m = fmax(m, fmax(fabs(rows[i].phi), fabs(exv[i])));
	}
	d = render_decimals(m) + 1;
	/* Group names whole where the screen allows (issue 16). */
	cap = g->w >= 80 ? (a.groups ? 28 : 20) : 14;
	for (i = 0; i < n; i++) {
		render_label(lab, sizeof lab, &rows[i], &a, 1, 1, cap, g->ascii);
		if ((w = text_width(lab, g->ascii)) > lw)
			lw = w;
	}
	render_signed(num, sizeof num, -m, d, 0, 0);
	snprintf(pm, sizeof pm, "%s%.3g SE", RS(caps, "\xc2\xb1", "+/-"),
	    o->z);
	fw = (int)strlen(num) + 2;
	if (fw < text_width(pm, g->ascii) + 1)
		fw = text_width(pm, g->ascii) + 1;
	/* Header: what the exact values are, then the columns. */
	snprintf(buf, sizeof buf, "exact Shapley values of %zu %s (%zu model "
	    "evaluations) beside %s", a.n, a.groups ? "groups" : "features",
	    src->exact->samples_used, method_name(src->ex->method));
	grid_text(g, 1, y0, buf, g->w - 1, GS_ROLE_LABEL, 0);
	x = 1 + lw;
	grid_text_right(g, x + fw, y0 + 1, "exact", GS_ROLE_AXIS, 0);
	grid_text_right(g, x + 2 * fw, y0 + 1, "estimate", GS_ROLE_AXIS, 0);
	grid_text_right(g, x + 3 * fw, y0 + 1, pm, GS_ROLE_AXIS, 0);
	grid_text_right(g, x + 4 * fw, y0 + 1, "diff", GS_ROLE_AXIS, 0);
	grid_text(g, x + 4 * fw + 2, y0 + 1, "in", -1, GS_ROLE_AXIS, 0);
	xt = x + 4 * fw + 6;
	tw = g->w - xt - 1;
	/* The track's domain: every value and interval shown, and zero. */
	for (i = 0; i < n; i++) {
		half = isnan(rows[i].se) ? 0 : o->z * rows[i].se;
		lo = fmin(lo, fmin(exv[i], rows[i].phi - half));
		hi = fmax(hi, fmax(exv[i], rows[i].phi + half));
	}
	if (tw >= 10 && hi > lo) {
		snprintf(buf, sizeof buf, "%s est %s exact", RS(caps,
		    "\xe2\x97\x8f", "o"), RS(caps, "\xe2\x97\x86", "X"));
		grid_text(g, xt, y0 + 1, buf, tw, GS_ROLE_AXIS, 0);
	}
	for (i = 0; i < n; i++) {
		y = y0 + 2 + (int)i;
		v = rows[i].phi;
		half = isnan(rows[i].se) ? NAN : o->z * rows[i].se;
		render_label(lab, sizeof lab, &rows[i], &a, 1, 1, lw, g->ascii);
		grid_text_right(g, 1 + lw, y, lab, GS_ROLE_LABEL, 0);
		if (o->cursor == (long)i) {
			grid_paint(g, 1 + lw - text_width(lab, g->ascii), y,
			    text_width(lab, g->ascii), GS_ROLE_HIGHLIGHT,
			    GS_ATTR_REVERSE);
			grid_put(g, 0, y, RENDER_G(caps, 0x25b8, '>'),
			    GS_ROLE_MARKER, GS_ATTR_BOLD);
		}
		render_signed(num, sizeof num, exv[i], d, 0, um);
		grid_text_right(g, x + fw, y, num, GS_ROLE_MARKER, 0);
		render_signed(num, sizeof num, v, d, 0, um);
		grid_text_right(g, x + 2 * fw, y, num, v < 0 ? GS_ROLE_NEGATIVE :
		    GS_ROLE_POSITIVE, 0);
		if (!isnan(half)) {
			snprintf(num, sizeof num, "%.*f", d, half);
			grid_text_right(g, x + 3 * fw, y, num, GS_ROLE_VALUE, 0);
		}
		/* Rounding is not a difference: no "-0.00". */
		render_signed(num, sizeof num, exact_inside(v, exv[i], 0) ? 0 :
		    v - exv[i], d, 0, um);
		grid_text_right(g, x + 4 * fw, y, num, GS_ROLE_VALUE, 0);
		if (c != NULL && c->ref != GS_REF_NONE && rows[i].idx >= 0 &&
		    !isnan(c->z[rows[i].idx])) {
			/* Inside the interval around what it estimates. */
			int ok = fabs(c->z[rows[i].idx]) <= 1.959963984540054;
			grid_text(g, x + 4 * fw + 2, y, ok ? "yes" : "NO", -1,
			    ok ? GS_ROLE_LABEL : GS_ROLE_WARNING, 0);
		} else if (c != NULL)
			grid_text(g, x + 4 * fw + 2, y, "-", -1, GS_ROLE_VALUE,
			    0);
		else if (!isnan(half))
			grid_text(g, x + 4 * fw + 2, y, exact_inside(v, exv[i],
			    half) ? "yes" : "NO", -1, exact_inside(v, exv[i],
			    half) ? GS_ROLE_LABEL : GS_ROLE_WARNING, 0);
		else
			grid_text(g, x + 4 * fw + 2, y, "-", -1, GS_ROLE_VALUE, 0);
		if (tw >= 10 && hi > lo)
			exact_track(g, xt, y, tw, lo, hi, v, half, exv[i], caps);
	}
	/*
	 * Summary: the largest difference; the coverage of the intervals
	 * against what they estimate; the method's bias apart, explained.
	 */
	y = y0 + 3 + (int)n;
	render_signed(num, sizeof num, dmax, d, 0, 0);
	if (c != NULL && c->ref == GS_REF_NONE)
		snprintf(buf, sizeof buf, "max |diff| %s (%s); no coverage "
		    "claimed: %s", num + 1, a.names[imax], c->ref_note);
	else if (c != NULL && nse == 0)
		snprintf(buf, sizeof buf, "vs %s: no interval to judge (the "
		    "standard errors are 0 or none); max |diff| %s (%s)",
		    exact_ref_names[c->ref], num + 1, a.names[imax]);
	else if (c != NULL)
		snprintf(buf, sizeof buf, "vs %s: %zu of %zu within 1.96 SE "
		    "(expect ~95%%)", exact_ref_names[c->ref], nin, nse);
	else if (nse > 0)
		snprintf(buf, sizeof buf, "max |diff| %s (%s); %zu of %zu "
		    "inside %s (expect ~%d%%)", num + 1, a.names[imax],
		    nin, nse, pm, exact_level(o->z));
	else
		snprintf(buf, sizeof buf, "max |diff| %s (%s); the estimate "
		    "has no standard errors", num + 1, a.names[imax]);
	grid_text_words(g, 1, y, buf, g->w - 1, nse > 0 && nin * 100 <
	    (size_t)exact_level(c != NULL ? 1.959963984540054 : o->z) * nse *
	    8 / 10 ? GS_ROLE_WARNING : GS_ROLE_LABEL, 0);
	if (c != NULL && c->bias != NULL && y + 1 < y0 + h) {
		char dm[64];
		render_signed(num, sizeof num, c->bias[bmax], d, 0, um);
		render_signed(dm, sizeof dm, dmax, d, 0, 0);
		if (c->ref == GS_REF_SHAPLEY)
			snprintf(buf, sizeof buf, "max |estimate - exact| %s "
			    "(%s): sampling error only", dm + 1,
			    a.names[imax]);
		else if (fabs(c->bias[bmax]) < 0.5 * pow(10, -d))
			snprintf(buf, sizeof buf, "method bias (reference - "
			    "Shapley): none at %d decimals", d);
		else
			snprintf(buf, sizeof buf, "method bias (reference - "
			    "Shapley): up to %s (%s)", num, a.names[bmax]);
		grid_text_words(g, 1, y + 1, buf, g->w - 1, GS_ROLE_LABEL, 0);
		if (c->bias_note != NULL)
			exact_wrap(g, 1, y + 2, g->w - 1, y0 + h - (y + 2),
			    c->bias_note);
	}
	free(exv);
	free(rows);
}

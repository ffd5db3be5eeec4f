/* SPDX-License-Identifier: ISC */
/*
 * The bar chart (TUI.md section 1): signed bars either side of a zero axis
 * of their own, sorted by |phi|, the top k and "Sum of N other features",
 * sub-cell ends, error bars of +-z SE on demand, a pinned scale on demand;
 * and the importance chart (mean |phi| over many rows, unsigned).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "session/session.h"
#include "tui/render-int.h"

/* Widest row label, and the compact width (TUI.md G8). */
#define BAR_LABEL_MAX		30
#define BAR_LABEL_COMPACT	18

/* The axis title for ex's method. */
static void
bar_title(char *buf, size_t size, const struct gs_explanation *ex)
{
	if (ex == NULL || method_info(ex->method)->shapley)
		snprintf(buf, size, "SHAP value (impact on model output)");
	else
		snprintf(buf, size, "%s attribution (impact on model output)",
		    method_name(ex->method));
}

/* The label beside a bar: "+2.14", with "+-0.06" under ci. */
static void
bar_phi_label(char *buf, size_t size, const struct render_row *r, int d,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	char	num[48], se[48];
	int	um = caps->term && caps->utf8;

	render_signed(num, sizeof num, r->phi, d, 1, um);
	if (o->ci && !isnan(r->se)) {
		render_signed(se, sizeof se, o->z * r->se, d, 1, 0);
		snprintf(buf, size, "%s%s%s", num, RS(caps, "\xc2\xb1", "+/-"),
		    se + 1);
	} else
		snprintf(buf, size, "%s", num);
}

/* Draw a row label right-aligned to xend: value in role value, name in label. */
static void
bar_row_label(struct gs_grid *g, int xend, int y, const char *label,
    int highlight)
{
	const char	*eq = strstr(label, " = ");
	int		 w = text_width(label, g->ascii), x = xend - w, vw;

	grid_text(g, x, y, label, w, GS_ROLE_LABEL, 0);
	if (eq != NULL) {
		char	val[256];

		snprintf(val, sizeof val, "%.*s", (int)(eq - label), label);
		vw = text_width(val, g->ascii);
		grid_paint(g, x, y, vw, GS_ROLE_VALUE, 0);
	}
	if (highlight)
		grid_paint(g, x, y, w, GS_ROLE_HIGHLIGHT, GS_ATTR_REVERSE);
}

/* Rows of the chart that fit h body rows (3 go to the axis). */
static size_t
bar_kshow(const struct gs_render_opts *o, int h)
{
	size_t	k = o->k;

	if (h - 3 < 1)
		return (1);
	if (k == 0 || k > (size_t)(h - 3))
		k = (size_t)(h - 3);
	return (k);
}

int
render_bar_rows(const struct gs_render_src *src,
    const struct gs_render_opts *o)
{
	struct render_items	 it;
	size_t			 n;

	render_items_get(src->ex, src, o, &it);
	n = o->k == 0 || o->k >= it.n ? it.n : o->k;
	return ((int)n + 3);
}

/* Layout of a signed bar chart. */
struct bar_layout {
	int	xl;		/* column after the row labels */
	int	xneg;		/* first column of the negative region */
	int	wn;		/* its width */
	int	xa;		/* the zero axis */
	int	wp;		/* width of the positive region (from xa + 1) */
	int	unit;		/* sub-cell units per column */
	double	s;		/* units per unit of phi */
};

/* Units of |v| on the bar scale, at least 1 for a non-zero value, at most max. */
static long
bar_len(const struct bar_layout *L, double v, long max)
{
	double	x = fabs(v) * L->s;
	long	u;

	if (v == 0 || isnan(v))
		return (0);
	if (!(x < (double)max))
		return (max);
	u = lround(x);
	return (u < 1 ? 1 : u > max ? max : u);
}

/* Draw [a, b] (a < b, either side of zero) as a band. */
static void
bar_band(struct gs_grid *g, int y, const struct bar_layout *L, double a,
    double b, int role, const struct gs_caps *caps)
{
	long	n = (long)L->wn * L->unit, p = (long)L->wp * L->unit;

	if (b > 0)
		render_axis_band(g, y, L->xa + 1, a > 0 ? bar_len(L, a, p) : 0,
		    bar_len(L, b, p), L->unit, role, caps);
	if (a < 0)
		render_axis_band(g, y, L->xneg, n - bar_len(L, a, n), b < 0 ?
		    n - bar_len(L, b, n) : n, L->unit, role, caps);
}

/*
 * In the TUI, the cell where a solid bar meets its band holds both: the
 * solid part as the glyph (right-aligned by reversing, for a negative bar)
 * and the band as the cell's background.
 */
static void
bar_join(struct gs_grid *g, int y, int x0, long u, int unit, int role,
    int srole, int band, int negative, const struct gs_caps *caps)
{
	struct gs_cell	*c;
	long		 k = u % unit;

	if (!band || !caps->term || !caps->utf8 || unit != 8 || k == 0 ||
	    (c = grid_at(g, x0 + (int)(u / unit), y)) == NULL)
		return;
	c->role = (uint8_t)role;
	c->bg = (uint8_t)srole;
	c->bgshade = 0;
	if (negative) {
		/* Solid from k/8 to the right edge: reversed left block of k/8. */
		c->ch = 0x2590 - (uint32_t)k;
		c->attr = GS_ATTR_REVERSE;
	} else {
		c->ch = 0x2590 - (uint32_t)k;
		c->attr = 0;
	}
}

void
render_bar(struct gs_grid *g, int y0, int h, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct gs_caps *caps)
{
	struct render_items	 it;
	struct render_row	*rows;
	struct bar_layout	 L;
	char			 lab[256], pl[160], title[128];
	size_t			 n, i;
	long			 k0;
	int			 lw = 0, gn = 0, gp = 0, w, P, cap, d, y, x;
	int			 tw, last, col, nt, um = caps->term && caps->utf8;
	double			 m, dmin = 0, dmax = 0, lo, hi, step, t;
	long			 nmax, pmax, u, uo;

	render_items_get(src->ex, src, o, &it);
	if (it.n == 0) {
		render_message(g, y0, h, "nothing to show");
		return;
	}
	n = render_rows(&it, o, bar_kshow(o, h), -1, &rows);
	m = o->pin > 0 ? o->pin : render_max_abs(rows, n, 0, 0);
	d = render_decimals(m);
	cap = g->w >= 80 ? BAR_LABEL_MAX : BAR_LABEL_COMPACT;
	for (i = 0; i < n; i++) {
		render_label(lab, sizeof lab, &rows[i], &it, o->novalues, 1,
		    cap, g->ascii);
		if ((w = text_width(lab, g->ascii)) > lw)
			lw = w;
		bar_phi_label(pl, sizeof pl, &rows[i], d, o, caps);
		w = text_width(pl, g->ascii) + 1;
		if (rows[i].phi < 0 && w > gn)
			gn = w;
		if (rows[i].phi >= 0 && w > gp)
			gp = w;
		lo = hi = rows[i].phi;
		if (o->ci && !isnan(rows[i].se)) {
			lo -= o->z * rows[i].se;
			hi += o->z * rows[i].se;
		}
		dmin = fmin(dmin, lo);
		dmax = fmax(dmax, hi);
	}
	if (o->pin > 0) {
		dmin = -o->pin;
		dmax = o->pin;
	}
	if (!(dmax > dmin))
		dmax = dmin + 1;
	/* Labels give way to a plot of at least 10 columns. */
	P = g->w - (1 + lw + 1) - gn - gp - 1;
	if (P < 10) {
		lw -= 10 - P;
		if (lw < 6)
			lw = 6;
		P = g->w - (1 + lw + 1) - gn - gp - 1;
	}
	if (P < 2)
		P = 2;
	L.unit = RENDER_UNIT(caps);
	L.xl = 1 + lw;
	L.xneg = L.xl + 1 + gn;
	L.wn = (int)lround(-dmin / (dmax - dmin) * P);
	if (dmin < 0 && L.wn < 1)
		L.wn = 1;
	if (dmax > 0 && L.wn > P - 1)
		L.wn = P - 1;
	L.wp = P - L.wn;
	L.xa = L.xneg + L.wn;
	L.s = (double)P * L.unit / (dmax - dmin);
	nmax = (long)L.wn * L.unit;
	pmax = (long)L.wp * L.unit;

	for (i = 0; i < n; i++) {
		const struct render_row *r = &rows[i];
		int soft = 0, role = r->phi < 0 ? GS_ROLE_NEGATIVE :
		    GS_ROLE_POSITIVE;
		int srole = r->phi < 0 ? GS_ROLE_NEGATIVE_SOFT :
		    GS_ROLE_POSITIVE_SOFT;

		y = y0 + (int)i;
		render_label(lab, sizeof lab, r, &it, o->novalues, 1, lw,
		    g->ascii);
		bar_row_label(g, L.xl, y, lab, o->cursor == (long)i);
		if (o->cursor == (long)i)
			grid_put(g, 0, y, RENDER_G(caps, 0x25b8, '>'),
			    GS_ROLE_MARKER, GS_ATTR_BOLD);
		grid_put(g, L.xa, y, RENDER_G(caps, 0x2502, '|'), GS_ROLE_AXIS, 0);
		lo = hi = r->phi;
		if (o->ci && !isnan(r->se)) {
			lo = r->phi - o->z * r->se;
			hi = r->phi + o->z * r->se;
			soft = lo <= 0 && hi >= 0;
		}
		/* The solid part runs from 0 to the interval's inner end. */
		if (r->phi > 0) {
			u = soft ? 0 : bar_len(&L, lo, pmax);
			render_axis_bar(g, y, L.xa + 1, 0, u, L.unit, role, 0, caps,
			    '+');
			if (hi != lo)
				bar_band(g, y, &L, lo, hi, srole, caps);
			bar_join(g, y, L.xa + 1, u, L.unit, role, srole, hi != lo,
			    0, caps);
			uo = bar_len(&L, hi, pmax);
			bar_phi_label(pl, sizeof pl, r, d, o, caps);
			grid_text(g, L.xa + 1 + (int)((uo + L.unit - 1) /
			    L.unit) + 1, y, pl, -1, role, 0);
		} else if (r->phi < 0) {
			u = soft ? 0 : bar_len(&L, hi, nmax);
			render_axis_bar(g, y, L.xneg, nmax - u, nmax, L.unit, role,
			    0, caps, '-');
			if (hi != lo)
				bar_band(g, y, &L, lo, hi, srole, caps);
			bar_join(g, y, L.xneg, nmax - u, L.unit, role, srole,
			    hi != lo, 1, caps);
			uo = bar_len(&L, lo, nmax);
			bar_phi_label(pl, sizeof pl, r, d, o, caps);
			x = L.xneg + (int)((nmax - uo) / L.unit);
			grid_text_right(g, x - 1, y, pl, role, 0);
		} else {
			if (hi != lo)
				bar_band(g, y, &L, lo, hi, srole, caps);
			bar_phi_label(pl, sizeof pl, r, d, o, caps);
			grid_text(g, L.xa + 2, y, pl, -1, GS_ROLE_LABEL, 0);
		}
	}

	/* The axis, its ticks (at the cell where a bar of t ends) and title. */
	y = y0 + (int)n;
	for (x = L.xl + 1; x < g->w; x++)
		grid_put(g, x, y, RENDER_G(caps, 0x2500, '-'), GS_ROLE_AXIS, 0);
	grid_put(g, L.xa, y, RENDER_G(caps, 0x253c, '+'), GS_ROLE_AXIS, 0);
	grid_text(g, L.xa, y + 1, "0", 1, GS_ROLE_AXIS, 0);
	step = render_axis_step(dmax - dmin, P / 9 > 1 ? P / 9 : 1);
	last = L.xa;
	nt = render_axis_range(step, dmax, step, &k0);
	for (i = 0; i < (size_t)nt; i++) {
		t = (double)(k0 + (long)i) * step;
		col = L.xa + (int)((bar_len(&L, t, pmax) + L.unit - 1) / L.unit);
		grid_put(g, col, y, RENDER_G(caps, 0x2534, '+'), GS_ROLE_AXIS, 0);
		render_axis_label(pl, sizeof pl, t, step, caps);
		tw = text_width(pl, g->ascii);
		if (col - tw / 2 > last + 1 && col - tw / 2 + tw <= g->w) {
			grid_text(g, col - tw / 2, y + 1, pl, tw, GS_ROLE_AXIS, 0);
			last = col - tw / 2 + tw - 1;
		}
	}
	last = L.xa;
	nt = render_axis_range(step, -dmin, step, &k0);
	for (i = 0; i < (size_t)nt; i++) {
		t = -(double)(k0 + (long)i) * step;
		col = L.xneg + (int)((nmax - bar_len(&L, t, nmax)) / L.unit);
		grid_put(g, col, y, RENDER_G(caps, 0x2534, '+'), GS_ROLE_AXIS, 0);
		render_axis_label(pl, sizeof pl, t, step, caps);
		tw = text_width(pl, g->ascii);
		x = col - tw / 2;
		if (x + tw < last && x > L.xl) {
			grid_text(g, x, y + 1, pl, tw, GS_ROLE_AXIS, 0);
			last = x;
		}
	}
	bar_title(title, sizeof title, src->ex);
	render_center(g, y + 2, L.xl + 1, g->w - L.xl - 1, title,
	    GS_ROLE_AXIS, 0);
	(void)um;
	free(rows);
}

/* Mean |phi| of each feature (or group) over the rows of src into out. */
static size_t
importance_means(const struct gs_render_src *src,
    const struct gs_render_opts *o, struct render_items *it, double **out)
{
	struct render_items	 one;
	double			*m;
	size_t			 i, r, n;

	render_items_get(src->ex, src, o, it);
	m = xcalloc(it->n > 0 ? it->n : 1, sizeof *m);
	n = src->nmany;
	for (r = 0; r < n; r++) {
		render_items_get(src->many[r], src, o, &one);
		for (i = 0; i < it->n && i < one.n; i++)
			m[i] += fabs(one.phi[i]) / (double)n;
	}
	if (n == 0)
		for (i = 0; i < it->n; i++)
			m[i] = fabs(it->phi[i]);
	*out = m;
	return (n == 0 ? 1 : n);
}

/* Most classes the stacked importance view tells apart. */
#define IMPORTANCE_MAX_CLASSES	8

/* What tells class k's segment apart: its glyph (no colour needed), role. */
static const uint32_t importance_glyph[] = {
	0x2588, 0x2593, 0x2592, 0x2591, 0x2588, 0x2593, 0x2592, 0x2591
};
static const char importance_ascii[] = "#=%+@*ox";
static const int importance_role[] = {
	GS_ROLE_POSITIVE, GS_ROLE_NEGATIVE, GS_ROLE_POSITIVE_ALT,
	GS_ROLE_NEGATIVE_ALT, GS_ROLE_NEGATIVE, GS_ROLE_POSITIVE,
	GS_ROLE_NEGATIVE_ALT, GS_ROLE_POSITIVE_ALT
};
_Static_assert(sizeof importance_glyph / sizeof importance_glyph[0] ==
    IMPORTANCE_MAX_CLASSES && sizeof importance_ascii - 1 ==
    IMPORTANCE_MAX_CLASSES && sizeof importance_role /
    sizeof importance_role[0] == IMPORTANCE_MAX_CLASSES,
    "a glyph and a role for each class");

/*
 * The classes of the stacked view: the distinct classes the rows of src
 * were explained for, ascending, into cls (at most IMPORTANCE_MAX_CLASSES);
 * how many.
 */
static size_t
importance_classes(const struct gs_render_src *src, size_t *cls)
{
	size_t	nc = 0, r, k, t;

	for (r = 0; r < src->nmany; r++) {
		t = src->many[r]->target;
		for (k = 0; k < nc && cls[k] != t; k++)
			;
		if (k < nc)
			continue;
		if (nc == IMPORTANCE_MAX_CLASSES)
			break;
		/* Insert in order. */
		for (k = nc; k > 0 && cls[k - 1] > t; k--)
			cls[k] = cls[k - 1];
		cls[k] = t;
		nc++;
	}
	return (nc);
}

/*
 * Mean |phi| of each feature for each of the nc classes over the rows
 * explained for it: out[i * nc + c]; the total of each feature (the sum
 * over classes) into tot. The caller frees both. Returns the number of
 * rows (the most any class has).
 */
static size_t
importance_stack_means(const struct gs_render_src *src,
    const struct gs_render_opts *o, const size_t *cls, size_t nc,
    struct render_items *it, double **out, double **tot)
{
	struct render_items	 one;
	double			*m, *t;
	size_t			 i, r, c, cnt[IMPORTANCE_MAX_CLASSES] = { 0 }, nr = 0;

	render_items_get(src->ex, src, o, it);
	m = xcalloc((it->n > 0 ? it->n : 1) * nc, sizeof *m);
	t = xcalloc(it->n > 0 ? it->n : 1, sizeof *t);
	for (r = 0; r < src->nmany; r++)
		for (c = 0; c < nc; c++)
			if (src->many[r]->target == cls[c])
				cnt[c]++;
	for (r = 0; r < src->nmany; r++) {
		for (c = 0; c < nc && src->many[r]->target != cls[c]; c++)
			;
		if (c == nc)
			continue;
		render_items_get(src->many[r], src, o, &one);
		for (i = 0; i < it->n && i < one.n; i++)
			m[i * nc + c] += fabs(one.phi[i]) / (double)cnt[c];
	}
	for (i = 0; i < it->n; i++)
		for (c = 0; c < nc; c++)
			t[i] += m[i * nc + c];
	for (c = 0; c < nc; c++)
		if (cnt[c] > nr)
			nr = cnt[c];
	*out = m;
	*tot = t;
	return (nr);
}

/*
 * The importance views' layout: the widest label (lw) and value, the
 * decimals (d) for the largest mean, and the axis from 0 to it between
 * them (a's unit left to the caller). Returns the bars' first column.
 */
static int
importance_layout(const struct gs_grid *g, const struct render_row *rows,
    size_t n, const struct render_items *mit, struct render_axis *a,
    int *lw, int *d)
{
	char	 lab[256], pl[64];
	double	 m = render_max_abs(rows, n, 0, 0);
	int	 gp = 0, w, cap, x0;
	size_t	 i;

	*d = render_decimals(m);
	*lw = 0;
	cap = g->w >= 80 ? BAR_LABEL_MAX : BAR_LABEL_COMPACT;
	for (i = 0; i < n; i++) {
		render_label(lab, sizeof lab, &rows[i], mit, 1, 1, cap,
		    g->ascii);
		if ((w = text_width(lab, g->ascii)) > *lw)
			*lw = w;
		render_signed(pl, sizeof pl, rows[i].phi, *d, 1, 0);
		if ((w = text_width(pl + 1, g->ascii) + 1) > gp)
			gp = w;
	}
	x0 = 1 + *lw + 1;
	a->x0 = x0 + 1;
	a->w = g->w - a->x0 - gp;
	if (a->w < 4)
		a->w = 4;
	a->lo = 0;
	a->hi = m > 0 ? m : 1;
	return (x0);
}

/*
 * The importance view stacked by class: each feature's bar is the sum of
 * its mean |phi| for each class, one segment a class (its glyph and
 * colour), the classes named below the axis.
 */
static void
render_importance_stack(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	struct render_items	 it, mit;
	struct render_row	*rows;
	struct render_axis	 a;
	char			 lab[256], pl[64], title[160], name[96];
	double			*mean, *tot, seg[IMPORTANCE_MAX_CLASSES], cum;
	size_t			 cls[IMPORTANCE_MAX_CLASSES], nc, n, i, c, j, nr;
	int			 lw, w, d, y, x0, x, c0, c1;
	struct gs_render_opts	 so = *o;

	nc = importance_classes(src, cls);
	nr = importance_stack_means(src, o, cls, nc, &it, &mean, &tot);
	mit = it;
	mit.phi = tot;
	mit.se = NULL;
	mit.value = NULL;
	so.sort = GS_SORT_ABS;
	so.reverse = 0;
	/* One line fewer: the legend. */
	n = render_rows(&mit, &so, bar_kshow(o, h > 1 ? h - 1 : h), -1,
	    &rows);
	x0 = importance_layout(g, rows, n, &mit, &a, &lw, &d);
	a.unit = 1;	/* whole cells: a segment is a glyph */
	for (i = 0; i < n; i++) {
		y = y0 + (int)i;
		render_label(lab, sizeof lab, &rows[i], &mit, 1, 1, lw,
		    g->ascii);
		bar_row_label(g, 1 + lw, y, lab, 0);
		grid_put(g, x0, y, RENDER_G(caps, 0x2502, '|'), GS_ROLE_AXIS, 0);
		/* Each class's share; the rest's is the total less those shown. */
		for (c = 0; c < nc; c++) {
			if (rows[i].idx >= 0) {
				seg[c] = mean[(size_t)rows[i].idx * nc + c];
				continue;
			}
			seg[c] = 0;
			for (j = 0; j < it.n; j++)
				seg[c] += mean[j * nc + c];
			for (j = 0; j < n; j++)
				if (rows[j].idx >= 0)
					seg[c] -= mean[(size_t)rows[j].idx *
					    nc + c];
			if (seg[c] < 0)
				seg[c] = 0;
		}
		/* Boundaries rounded, not lengths: the stack adds up. */
		cum = 0;
		c0 = 0;
		for (c = 0; c < nc; c++) {
			cum += seg[c];
			c1 = (int)render_axis_units(&a, cum);
			if (c == nc - 1 && c1 == 0 && rows[i].phi > 0)
				c1 = 1;
			for (x = c0; x < c1; x++)
				grid_put(g, a.x0 + x, y, caps->utf8 ?
				    importance_glyph[c] :
				    (uint32_t)importance_ascii[c],
				    importance_role[c], 0);
			if (c1 > c0)
				c0 = c1;
		}
		render_signed(pl, sizeof pl, rows[i].phi, d, 1, 0);
		grid_text(g, a.x0 + c0 + 1, y, pl + 1, -1, GS_ROLE_LABEL, 0);
	}
	y = y0 + (int)n;
	render_axis_ticks(g, y, &a, caps, 0, 0, 1);
	grid_put(g, x0, y, RENDER_G(caps, 0x2514, '+'), GS_ROLE_AXIS, 0);
	snprintf(title, sizeof title, "mean(|SHAP value|) over %zu row%s, %zu "
	    "classes stacked", nr, nr == 1 ? "" : "s", nc);
	render_center(g, y + 2, a.x0, a.w, title, GS_ROLE_AXIS, 0);
	/* The legend: each class's glyph and label ("P(bad)"). */
	x = a.x0;
	for (c = 0; c < nc && y + 3 < g->h; c++) {
		if (src->s != NULL)
			session_output_label(src->s, cls[c], name,
			    sizeof name);
		else
			snprintf(name, sizeof name, "%s[%zu]", src->output !=
			    NULL ? src->output : "output", cls[c]);
		w = text_width(name, g->ascii);
		if (x + 2 + w > g->w)
			break;
		grid_put(g, x, y + 3, caps->utf8 ? importance_glyph[c] :
		    (uint32_t)importance_ascii[c], importance_role[c], 0);
		grid_text(g, x + 2, y + 3, name, w, GS_ROLE_LABEL, 0);
		x += 2 + w + 3;
	}
	free(rows);
	free(mean);
	free(tot);
}

void
render_importance(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	struct render_items	 it, mit;
	struct render_row	*rows;
	struct render_axis	 a;
	char			 lab[256], pl[64], title[128];
	double			*mean;
	size_t			 n, i, nr;
	int			 lw, d, y, x0;
	long			 u;
	struct gs_render_opts	 so = *o;

	if (o->stack && src->nmany > 0) {
		render_importance_stack(g, y0, h, src, o, caps);
		return;
	}
	nr = importance_means(src, o, &it, &mean);
	mit = it;
	mit.phi = mean;
	mit.se = NULL;
	mit.value = NULL;
	so.sort = GS_SORT_ABS;
	so.reverse = 0;
	n = render_rows(&mit, &so, bar_kshow(o, h), -1, &rows);
	x0 = importance_layout(g, rows, n, &mit, &a, &lw, &d);
	a.unit = RENDER_UNIT(caps);
	for (i = 0; i < n; i++) {
		y = y0 + (int)i;
		render_label(lab, sizeof lab, &rows[i], &mit, 1, 1, lw,
		    g->ascii);
		bar_row_label(g, 1 + lw, y, lab, 0);
		grid_put(g, x0, y, RENDER_G(caps, 0x2502, '|'), GS_ROLE_AXIS, 0);
		u = render_axis_units(&a, rows[i].phi);
		if (u < 1 && rows[i].phi > 0)
			u = 1;
		render_axis_bar(g, y, a.x0, 0, u, a.unit, GS_ROLE_POSITIVE, 0, caps,
		    '#');
		render_signed(pl, sizeof pl, rows[i].phi, d, 1, 0);
		grid_text(g, a.x0 + (int)((u + a.unit - 1) / a.unit) + 1, y,
		    pl + 1, -1, GS_ROLE_LABEL, 0);
	}
	y = y0 + (int)n;
	render_axis_ticks(g, y, &a, caps, 0, 0, 1);
	grid_put(g, x0, y, RENDER_G(caps, 0x2514, '+'), GS_ROLE_AXIS, 0);
	snprintf(title, sizeof title, "mean(|SHAP value|) over %zu row%s", nr,
	    nr == 1 ? "" : "s");
	render_center(g, y + 2, a.x0, a.w, title, GS_ROLE_AXIS, 0);
	free(rows);
	free(mean);
}

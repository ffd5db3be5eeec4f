/* SPDX-License-Identifier: ISC */
/*
 * Views over many rows: the beeswarm summary (TUI.md section 4, shap's
 * _beeswarm.py: one row per feature by mean |phi|, dots binned in braille
 * half-columns, coloured by the feature's value, with Spearman's rho so
 * the direction reads without colour) and the dependence scatter of one
 * feature's value against its phi.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "tui/render-int.h"

/* Braille dots of the left and right half-column, rows 0..3. */
static const uint8_t summary_dot[2][4] = {
	{ 0x01, 0x02, 0x04, 0x40 }, { 0x08, 0x10, 0x20, 0x80 }
};
/* Rows lit for 1..4 levels: from the middle out. */
static const int summary_lit[4][4] = {
	{ 1, -1, -1, -1 }, { 1, 2, -1, -1 }, { 0, 1, 2, -1 }, { 0, 1, 2, 3 }
};
/* ASCII density ramp (UnicodePlots' DensityCanvas, longer). */
static const char summary_ramp[] = " .:-=+*#%@";

/* The explanations to summarise: the many rows, or the current one. */
static size_t
summary_source(const struct gs_render_src *src,
    const struct gs_explanation *const **v)
{
	if (src->nmany > 0) {
		*v = src->many;
		return (src->nmany);
	}
	*v = &src->ex;
	return (src->ex != NULL ? 1 : 0);
}

/* phi of display row r (a feature, or the rest) in explanation e. */
static double
summary_phi(const struct gs_explanation *e, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct render_row *r,
    const char *inrest)
{
	struct render_items	 it;
	double			 s = 0;
	size_t			 i;

	render_items_get(e, src, o, &it);
	if (r->idx >= 0)
		return ((size_t)r->idx < it.n ? it.phi[r->idx] : NAN);
	for (i = 0; i < it.n; i++)
		if (inrest[i])
			s += it.phi[i];
	return (s);
}

/* Value of display row r in e (NaN for the rest and for groups). */
static double
summary_value(const struct gs_explanation *e, const struct gs_render_src *src,
    const struct gs_render_opts *o, const struct render_row *r)
{
	struct render_items	 it;

	render_items_get(e, src, o, &it);
	if (r->idx < 0 || it.value == NULL || (size_t)r->idx >= it.n)
		return (NAN);
	return (it.value[r->idx]);
}

/* qsort: ascending doubles. */
static int
summary_cmp_double(const void *pa, const void *pb)
{
	double	a = *(const double *)pa, b = *(const double *)pb;

	return (a < b ? -1 : a > b);
}

/* Ranks (1-based, ties averaged) of n values into rk. */
static void
summary_ranks(const double *v, size_t n, double *rk)
{
	size_t	i, j;
	size_t	lt, eq;

	/* O(n^2) is fine for the few hundred rows a summary shows. */
	for (i = 0; i < n; i++) {
		lt = eq = 0;
		for (j = 0; j < n; j++) {
			if (v[j] < v[i])
				lt++;
			else if (v[j] == v[i])
				eq++;
		}
		rk[i] = (double)lt + (double)(eq + 1) / 2;
	}
}

/* Spearman's rank correlation of n pairs, NaN when undefined. */
static double
summary_spearman(const double *x, const double *y, size_t n)
{
	double	*rx, *ry, mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
	size_t	 i;

	if (n < 3)
		return (NAN);
	rx = xcalloc(n, sizeof *rx);
	ry = xcalloc(n, sizeof *ry);
	summary_ranks(x, n, rx);
	summary_ranks(y, n, ry);
	for (i = 0; i < n; i++) {
		mx += rx[i] / n;
		my += ry[i] / n;
	}
	for (i = 0; i < n; i++) {
		sxy += (rx[i] - mx) * (ry[i] - my);
		sxx += (rx[i] - mx) * (rx[i] - mx);
		syy += (ry[i] - my) * (ry[i] - my);
	}
	free(rx);
	free(ry);
	if (!(sxx > 0) || !(syy > 0))
		return (NAN);
	return (sxy / sqrt(sxx * syy));
}

/* The q-quantile of sorted v[0..n-1] (nearest rank below). */
static double
summary_quantile(const double *sorted, size_t n, double q)
{
	size_t	i = (size_t)floor(q * (double)(n - 1));

	return (sorted[i < n ? i : n - 1]);
}

/* Median phi of the rows whose value is in the bottom (hi = 0) or top fifth. */
static double
summary_fifth(const double *v, const double *phi, size_t n, int hi)
{
	double	*s, *p, cut, med;
	size_t	 i, m = 0;

	s = xcalloc(n, sizeof *s);
	p = xcalloc(n, sizeof *p);
	memcpy(s, v, n * sizeof *s);
	qsort(s, n, sizeof *s, summary_cmp_double);
	cut = summary_quantile(s, n, hi ? 0.8 : 0.2);
	for (i = 0; i < n; i++)
		if (hi ? v[i] >= cut : v[i] <= cut)
			p[m++] = phi[i];
	qsort(p, m, sizeof *p, summary_cmp_double);
	med = m > 0 ? p[m / 2] : NAN;
	free(s);
	free(p);
	return (med);
}

/* Mean |phi| per item over the rows, as items for render_rows. */
static double *
summary_means(const struct gs_explanation *const *v, size_t n,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    struct render_items *it)
{
	struct render_items	 one;
	double			*m;
	size_t			 i, r;

	render_items_get(v[0], src, o, it);
	m = xcalloc(it->n + 1, sizeof *m);
	for (r = 0; r < n; r++) {
		render_items_get(v[r], src, o, &one);
		for (i = 0; i < it->n && i < one.n; i++)
			m[i] += fabs(one.phi[i]) / (double)n;
	}
	it->phi = m;
	it->se = NULL;
	return (m);
}

void
render_summary(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	const struct gs_explanation *const *v;
	struct gs_render_opts	 so = *o;
	struct render_items	 it;
	struct render_row	*rows;
	struct render_axis	 ax;
	size_t			 n, nr, i, r, k, *count, maxc, b, nb, nv;
	double			*phi, *val, *sv, *csum, lo = 0, hi = 0, p5, p95;
	double			*means, rho;
	char			*inrest, lab[256], buf[128];
	int			 lw = 0, w, y, x, sub, cap, zc, level, half, j;
	uint32_t		 ch;

	if ((nr = summary_source(src, &v)) == 0) {
		render_message(g, y0, h, "no rows explained");
		return;
	}
	means = summary_means(v, nr, src, o, &it);
	so.sort = GS_SORT_ABS;
	so.reverse = 0;
	k = o->k;
	if (h - 4 < 1) {
		free(means);
		return;
	}
	if (k == 0 || k > (size_t)(h - 4))
		k = (size_t)(h - 4);
	n = render_rows(&it, &so, k, -1, &rows);
	/* Which items went into the collapsed row. */
	inrest = xcalloc(it.n + 1, 1);
	for (i = 0; i < it.n; i++)
		inrest[i] = 1;
	for (i = 0; i < n; i++)
		if (rows[i].idx >= 0)
			inrest[rows[i].idx] = 0;
	phi = xcalloc(xmul(n, nr), sizeof *phi);
	val = xcalloc(xmul(n, nr), sizeof *val);
	for (i = 0; i < n; i++) {
		for (r = 0; r < nr; r++) {
			phi[i * nr + r] = summary_phi(v[r], src, o, &rows[i],
			    inrest);
			val[i * nr + r] = summary_value(v[r], src, o, &rows[i]);
			if (isfinite(phi[i * nr + r])) {
				lo = fmin(lo, phi[i * nr + r]);
				hi = fmax(hi, phi[i * nr + r]);
			}
		}
	}
	if (!(hi > lo))
		hi = lo + 1;
	cap = g->w >= 80 ? 30 : 18;
	for (i = 0; i < n; i++) {
		render_label(lab, sizeof lab, &rows[i], &it, 1, 1, cap, g->ascii);
		if ((w = text_width(lab, g->ascii)) > lw)
			lw = w;
	}
	/*
	 * One bin per braille half-column (2 per cell; 1 per cell in ASCII),
	 * 7 columns on the right for rho.
	 */
	sub = caps->utf8 ? 2 : 1;
	ax.x0 = 1 + lw + 1;
	ax.w = g->w - ax.x0 - 7;
	ax.lo = lo - (hi - lo) * 0.02;
	ax.hi = hi + (hi - lo) * 0.02;
	ax.unit = sub;
	if (ax.w < 4) {
		render_message(g, y0, h, "too narrow for the summary");
		free(phi);
		free(val);
		free(inrest);
		free(rows);
		free(means);
		return;
	}
	nb = (size_t)ax.w * sub;
	count = xcalloc(nb, sizeof *count);
	csum = xcalloc(nb, sizeof *csum);
	sv = xcalloc(nr, sizeof *sv);
	zc = render_axis_col(&ax, 0);

	for (i = 0; i < n; i++) {
		const double *pv = phi + i * nr, *vv = val + i * nr;
		size_t *vn = xcalloc(nb, sizeof *vn);

		y = y0 + (int)i;
		render_label(lab, sizeof lab, &rows[i], &it, 1, 1, lw, g->ascii);
		grid_text_right(g, 1 + lw, y, lab, GS_ROLE_LABEL, 0);
		/* Clip values to their 5th and 95th percentiles (shap). */
		for (nv = 0, r = 0; r < nr; r++)
			if (isfinite(vv[r]))
				sv[nv++] = vv[r];
		qsort(sv, nv, sizeof *sv, summary_cmp_double);
		p5 = nv > 0 ? summary_quantile(sv, nv, 0.05) : 0;
		p95 = nv > 0 ? summary_quantile(sv, nv, 0.95) : 0;
		memset(count, 0, nb * sizeof *count);
		memset(csum, 0, nb * sizeof *csum);
		for (maxc = 0, r = 0; r < nr; r++) {
			if (!isfinite(pv[r]))
				continue;
			b = (size_t)render_axis_units(&ax, pv[r]);
			if (b >= nb)
				b = nb - 1;
			count[b]++;
			if (isfinite(vv[r])) {
				double t = p95 > p5 ? (fmin(fmax(vv[r], p5), p95) -
				    p5) / (p95 - p5) : 0.5;
				csum[b] += t;
				vn[b]++;
			}
			if (count[b] > maxc)
				maxc = count[b];
		}
		for (x = 0; x < ax.w; x++) {
			double cs = 0;
			size_t cn = 0, cc = 0;

			ch = caps->utf8 ? 0x2800 : ' ';
			for (half = 0; half < sub; half++) {
				b = (size_t)x * sub + half;
				if (count[b] == 0)
					continue;
				cc += count[b];
				cs += csum[b];
				cn += vn[b];
				/* 1-4 dots, log-scaled to the row's fullest bin. */
				level = maxc > 1 ? 1 + (int)floor(3 * log((double)
				    count[b]) / log((double)maxc)) : 1;
				if (level > 4)
					level = 4;
				if (!caps->utf8) {
					level = (int)ceil(9 * log(1.0 + count[b]) /
					    log(1.0 + maxc));
					ch = (uint8_t)summary_ramp[level > 9 ? 9 :
					    level < 1 ? 1 : level];
					continue;
				}
				for (j = 0; j < 4 && summary_lit[level - 1][j] >= 0;
				    j++)
					ch |= summary_dot[half][summary_lit[level -
					    1][j]];
			}
			if (cc == 0) {
				if (ax.x0 + x == zc)
					grid_put(g, zc, y, RENDER_G(caps, 0x250a,
					    ':'), GS_ROLE_GRID, 0);
				continue;
			}
			/* The cell's colour: the mean scaled value of its rows. */
			if (cn > 0)
				grid_put_shade(g, ax.x0 + x, y, ch, GS_ROLE_SWARM,
				    (int)lround(cs / cn * (GS_SWARM_STEPS - 1)),
				    GS_ROLE_NONE, 0, 0);
			else
				grid_put_shade(g, ax.x0 + x, y, ch, GS_ROLE_GREY,
				    GS_GREY_STEPS / 2, GS_ROLE_NONE, 0, 0);
		}
		rho = NAN;
		if (nv >= 3) {
			double *fx = xcalloc(nr, sizeof *fx);
			double *fp = xcalloc(nr, sizeof *fp);
			size_t m = 0;
			for (r = 0; r < nr; r++) {
				if (isfinite(vv[r]) && isfinite(pv[r])) {
					fx[m] = vv[r];
					fp[m++] = pv[r];
				}
			}
			rho = summary_spearman(fx, fp, m);
			/* Without colour, L and H tell low from high values. */
			if (!caps->color && m >= 5) {
				double ml = summary_fifth(fx, fp, m, 0);
				double mh = summary_fifth(fx, fp, m, 1);
				grid_put(g, render_axis_col(&ax, ml), y, 'L',
				    GS_ROLE_MARKER, GS_ATTR_BOLD);
				grid_put(g, render_axis_col(&ax, mh), y, 'H',
				    GS_ROLE_MARKER, GS_ATTR_BOLD);
			}
			free(fx);
			free(fp);
		}
		if (!isnan(rho)) {
			render_signed(buf, sizeof buf, rho, 2, 0, caps->term &&
			    caps->utf8);
			grid_text(g, g->w - 6, y, buf, 6, GS_ROLE_VALUE, 0);
		}
		free(vn);
	}
	y = y0 + (int)n;
	render_axis_ticks(g, y, &ax, caps, 1, 0, 1);
	grid_text(g, g->w - 5, y, RS(caps, "\xcf\x81", "rho"), -1,
	    GS_ROLE_AXIS, 0);
	snprintf(buf, sizeof buf, "SHAP value (impact on model output), %zu "
	    "row%s", nr, nr == 1 ? "" : "s");
	render_center(g, y + 2, ax.x0, ax.w, buf, GS_ROLE_AXIS, 0);
	if (caps->color) {
		x = grid_text(g, 1, y + 3, "feature value: low ", -1,
		    GS_ROLE_LABEL, 0) + 1;
		for (j = 0; j < GS_SWARM_STEPS; j++)
			grid_put_shade(g, x + j, y + 3, RENDER_G(caps, 0x25a0,
			    '#'), GS_ROLE_SWARM, j, GS_ROLE_NONE, 0, 0);
		grid_text(g, x + GS_SWARM_STEPS, y + 3, " high", -1,
		    GS_ROLE_LABEL, 0);
	} else
		grid_text(g, 1, y + 3, RS(caps, "L, H: median \xcf\x86 of the "
		    "lowest, highest fifth of values; \xcf\x81: rank "
		    "correlation", "L, H: median phi of the lowest, highest "
		    "fifth of values; rho: rank correlation"), g->w - 1,
		    GS_ROLE_VALUE, 0);
	free(count);
	free(csum);
	free(sv);
	free(phi);
	free(val);
	free(inrest);
	free(rows);
	free(means);
}

void
render_dependence(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	const struct gs_explanation *const *v;
	struct render_items	 it;
	struct render_axis	 ax, ay;
	size_t			 nr, r, m = 0, f, *cnt, *npos, cells, c;
	double			*xs, *ys, xlo = INFINITY, xhi = -INFINITY;
	double			 ylo = 0, yhi = 0, step, t, rho;
	uint8_t			*dots;
	char			 buf[256], lab[64];
	int			 yl = 0, w, ph, x, y, row, col, sub, subr, yz, i, nt;
	long			 k0;
	int			 um = caps->term && caps->utf8;

	if ((nr = summary_source(src, &v)) == 0) {
		render_message(g, y0, h, "no rows explained");
		return;
	}
	render_items_get(src->ex, src, o, &it);
	if (it.value == NULL || it.n == 0) {
		render_message(g, y0, h, "groups have no value to plot "
		    "against (t: features)");
		return;
	}
	f = o->feature < it.n ? o->feature : 0;
	xs = xcalloc(nr, sizeof *xs);
	ys = xcalloc(nr, sizeof *ys);
	for (r = 0; r < nr; r++) {
		struct render_items one;
		render_items_get(v[r], src, o, &one);
		if (f >= one.n || one.value == NULL || !isfinite(one.value[f]) ||
		    !isfinite(one.phi[f]))
			continue;
		xs[m] = one.value[f];
		ys[m] = one.phi[f];
		xlo = fmin(xlo, xs[m]);
		xhi = fmax(xhi, xs[m]);
		ylo = fmin(ylo, ys[m]);
		yhi = fmax(yhi, ys[m]);
		m++;
	}
	if (m == 0) {
		render_message(g, y0, h, "no finite values to plot");
		free(xs);
		free(ys);
		return;
	}
	if (!(xhi > xlo)) {
		xlo -= 0.5;
		xhi += 0.5;
	}
	if (!(yhi > ylo))
		yhi = ylo + 1;
	rho = summary_spearman(xs, ys, m);
	snprintf(buf, sizeof buf, "%s of %s against its value, %zu row%s",
	    RS(caps, "\xcf\x86", "phi"), it.names[f], m, m == 1 ? "" : "s");
	if (!isnan(rho)) {
		render_signed(lab, sizeof lab, rho, 2, 0, um);
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
		    "; %s = %s", RS(caps, "\xcf\x81", "rho"), lab);
	}
	grid_text(g, 1, y0, buf, g->w - 1, GS_ROLE_LABEL, 0);

	/* The y axis labels on the left, the plot right of them. */
	step = render_axis_step(yhi - ylo, 4);
	nt = render_axis_range(ylo, yhi, step, &k0);
	for (i = 0; i < nt; i++) {
		t = (double)(k0 + i) * step;
		render_axis_label(lab, sizeof lab, t, step, caps);
		if ((w = text_width(lab, g->ascii)) > yl)
			yl = w;
	}
	ph = h - 4;
	sub = caps->utf8 ? 2 : 1;
	subr = caps->utf8 ? 4 : 1;
	ax.x0 = yl + 2;
	ax.w = g->w - ax.x0 - 1;
	ax.lo = xlo - (xhi - xlo) * 0.02;
	ax.hi = xhi + (xhi - xlo) * 0.02;
	ax.unit = sub;
	ay.x0 = 0;
	ay.w = ph;
	ay.lo = ylo - (yhi - ylo) * 0.04;
	ay.hi = yhi + (yhi - ylo) * 0.04;
	ay.unit = subr;
	if (ax.w < 4 || ph < 2) {
		render_message(g, y0, h, "too small for the dependence plot");
		free(xs);
		free(ys);
		return;
	}
	cells = (size_t)ax.w * (size_t)ph;
	dots = xcalloc(cells, 1);
	cnt = xcalloc(cells, sizeof *cnt);
	npos = xcalloc(cells, sizeof *npos);
	/* Each point lights one braille dot (2 x 4 per cell). */
	for (r = 0; r < m; r++) {
		long ux = render_axis_units(&ax, xs[r]);
		long uy = (long)ph * subr - 1 - render_axis_units(&ay, ys[r]);
		if (ux >= (long)ax.w * sub)
			ux = (long)ax.w * sub - 1;
		if (uy < 0)
			uy = 0;
		col = (int)(ux / sub);
		row = (int)(uy / subr);
		c = (size_t)row * ax.w + col;
		cnt[c]++;
		npos[c] += ys[r] > 0;
		if (caps->utf8)
			dots[c] |= summary_dot[ux % 2][uy % 4];
	}
	yz = (int)(((long)ph * subr - 1 - render_axis_units(&ay, 0)) / subr);
	for (y = 0; y < ph; y++) {
		grid_put(g, ax.x0 - 1, y0 + 1 + y, RENDER_G(caps, 0x2502, '|'),
		    GS_ROLE_AXIS, 0);
		for (x = 0; x < ax.w; x++) {
			c = (size_t)y * ax.w + x;
			if (cnt[c] == 0) {
				if (y == yz)
					grid_put(g, ax.x0 + x, y0 + 1 + y,
					    RENDER_G(caps, 0x2504, '-'),
					    GS_ROLE_GRID, 0);
				continue;
			}
			grid_put(g, ax.x0 + x, y0 + 1 + y, caps->utf8 ?
			    0x2800u + dots[c] : (cnt[c] > 1 ? 'o' : '*'),
			    npos[c] * 2 >= cnt[c] ? GS_ROLE_POSITIVE :
			    GS_ROLE_NEGATIVE, 0);
		}
	}
	for (i = 0; i < nt; i++) {
		t = (double)(k0 + i) * step;
		y = ph - 1 - (int)(render_axis_units(&ay, t) / subr);
		if (y < 0 || y >= ph)
			continue;
		render_axis_label(lab, sizeof lab, t, step, caps);
		grid_text_right(g, ax.x0 - 2, y0 + 1 + y, lab, GS_ROLE_AXIS, 0);
		grid_put(g, ax.x0 - 1, y0 + 1 + y, RENDER_G(caps, 0x2524, '+'),
		    GS_ROLE_AXIS, 0);
	}
	/* The current row's point. */
	if (src->ex != NULL && f < src->ex->d && isfinite(src->ex->value[f]) &&
	    !o->groups) {
		long ux = render_axis_units(&ax, src->ex->value[f]);
		long uy = (long)ph * subr - 1 - render_axis_units(&ay, src->ex->phi[f]);
		if (ux >= (long)ax.w * sub)
			ux = (long)ax.w * sub - 1;
		if (uy < 0)
			uy = 0;
		grid_put(g, ax.x0 + (int)(ux / sub), y0 + 1 + (int)(uy / subr),
		    RENDER_G(caps, 0x25c6, '@'), GS_ROLE_MARKER, GS_ATTR_BOLD);
	}
	render_axis_ticks(g, y0 + 1 + ph, &ax, caps, 0, 0, 1);
	grid_put(g, ax.x0 - 1, y0 + 1 + ph, RENDER_G(caps, 0x2514, '+'),
	    GS_ROLE_AXIS, 0);
	snprintf(buf, sizeof buf, "%s (%s marks this row)", it.names[f],
	    RS(caps, "\xe2\x97\x86", "@"));
	render_center(g, y0 + 3 + ph, ax.x0, ax.w, buf, GS_ROLE_AXIS, 0);
	free(dots);
	free(cnt);
	free(npos);
	free(xs);
	free(ys);
}

/* SPDX-License-Identifier: ISC */
/*
 * The quality-metrics view of one explanation (struct gs_metrics, from
 * metrics.c): infidelity, absolute and relative; max-sensitivity and its
 * radius; the deletion and insertion curves side by side with their areas;
 * and stability across seeds: each top feature's phi, its sd over the runs
 * and the range of its rank, with the mean rank correlation.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/trust.h"
#include "core/xmalloc.h"
#include "tui/render-int.h"

/* Most features in the stability table. */
#define METRICS_TOP	5

/* One curve with its title over the rectangle at (x, y), w x h. */
static void
metrics_curve(struct gs_grid *g, int x, int y, int w, int h,
    const char *title, const double *frac, const double *f, size_t n,
    double lo, double hi, int role, const struct gs_caps *caps)
{
	struct render_plot	p;

	grid_text(g, x, y, title, w, GS_ROLE_LABEL, 0);
	if (render_plot_init(&p, x, y + 1, w, h - 1, 0, 1, lo, hi, 0, 1,
	    caps) != 0)
		return;
	render_plot_axes(&p, g);
	render_plot_line(&p, g, frac, f, n, role);
}

void
render_metrics(struct gs_grid *g, int y0, int h,
    const struct gs_render_src *src, const struct gs_render_opts *o,
    const struct gs_caps *caps)
{
	const struct gs_metrics	*m = src->metrics != NULL ? src->metrics :
				    src->ex->metrics;
	const struct gs_explanation *ex = src->ex;
	char			 buf[320], t1[160], t2[160], num[64], lab[128];
	size_t			 ntop, i, *order, f;
	double			 lo, hi;
	int			 stab, ph, y, cw, lw = 0, w, d, um;

	(void)o;
	if (m == NULL) {
		render_message(g, y0, h, src->teach_msg != NULL ?
		    src->teach_msg : "computing quality metrics...");
		return;
	}
	um = caps->term && caps->utf8;
	snprintf(buf, sizeof buf, "infidelity      %-10.4g relative %-8.3g (%zu "
	    "random subsets replaced)", m->infidelity, m->infidelity_rel,
	    m->perturb);
	grid_text(g, 1, y0, buf, g->w - 1, GS_ROLE_LABEL, 0);
	snprintf(buf, sizeof buf, "max-sensitivity %-10.4g radius %.3g sd  "
	    "(%zu re-explanations)", m->sensitivity, m->radius,
	    m->sens_samples);
	grid_text(g, 1, y0 + 1, buf, g->w - 1, GS_ROLE_LABEL, 0);
	/* Room: the curves get what the stability table leaves. */
	ntop = m->seeds > 0 && m->phi_sd != NULL ? (ex->d < METRICS_TOP ?
	    ex->d : METRICS_TOP) : 0;
	for (;;) {
		stab = 1 + (ntop > 0 ? 1 + (int)ntop : 0);
		ph = h - 2 - stab - 1;
		if (ph >= 8 || ntop == 0)
			break;
		ntop--;
	}
	if (ph >= 5 && m->npoints > 0) {
		lo = hi = m->del[0];
		for (i = 0; i < m->npoints; i++) {
			lo = fmin(lo, fmin(m->del[i], m->ins[i]));
			hi = fmax(hi, fmax(m->del[i], m->ins[i]));
		}
		cw = (g->w - 5) / 2;
		snprintf(t1, sizeof t1, "deletion, area %.4g (low: good)",
		    m->del_auc);
		snprintf(t2, sizeof t2, "insertion, area %.4g (high: good)",
		    m->ins_auc);
		metrics_curve(g, 1, y0 + 2, cw, ph, t1, m->frac, m->del,
		    m->npoints, lo, hi, GS_ROLE_NEGATIVE, caps);
		metrics_curve(g, 2 + cw + 1, y0 + 2, cw, ph, t2, m->frac, m->ins,
		    m->npoints, lo, hi, GS_ROLE_POSITIVE, caps);
		y = y0 + 2 + ph;
	} else {
		snprintf(buf, sizeof buf, "deletion area %.4g (lower: "
		    "faithful)  insertion area %.4g (higher: faithful)",
		    m->del_auc, m->ins_auc);
		grid_text(g, 1, y0 + 2, buf, g->w - 1, GS_ROLE_LABEL, 0);
		y = y0 + 3;
	}
	/* Stability across seeds. */
	if (m->seeds == 0 || m->phi_sd == NULL) {
		grid_text(g, 1, y, "stability: a deterministic method (the same "
		    "phi at every seed)", g->w - 1, GS_ROLE_LABEL, 0);
		return;
	}
	render_signed(num, sizeof num, m->rank_corr, 3, 0, um);
	snprintf(buf, sizeof buf, "stability over %zu seeds: mean rank "
	    "correlation %s = %s", m->seeds, RS(caps, "\xcf\x81", "rho"), num);
	grid_text(g, 1, y, buf, g->w - 1, GS_ROLE_LABEL, 0);
	if (ntop == 0 || y + 1 >= y0 + h)
		return;
	order = xcalloc(ex->d, sizeof *order);
	explanation_order(ex->phi, ex->d, order, NULL);
	for (i = 0; i < ntop; i++) {
		text_fit(lab, sizeof lab, src->names[order[i]], g->w >= 80 ? 24 :
		    16, g->ascii);
		if ((w = text_width(lab, g->ascii)) > lw)
			lw = w;
	}
	d = render_decimals(fabs(ex->phi[order[0]])) + 1;
	grid_text_right(g, 2 + lw + 11, y + 1, RS(caps, "\xcf\x86", "phi"),
	    GS_ROLE_AXIS, 0);
	grid_text_right(g, 2 + lw + 22, y + 1, "sd", GS_ROLE_AXIS, 0);
	grid_text(g, 2 + lw + 24, y + 1, "rank over seeds", -1, GS_ROLE_AXIS, 0);
	for (i = 0; i < ntop && y + 2 + (int)i < y0 + h; i++) {
		f = order[i];
		text_fit(lab, sizeof lab, src->names[f], lw, g->ascii);
		grid_text_right(g, 2 + lw, y + 2 + (int)i, lab, GS_ROLE_LABEL, 0);
		render_signed(num, sizeof num, ex->phi[f], d, 0, um);
		grid_text_right(g, 2 + lw + 11, y + 2 + (int)i, num,
		    ex->phi[f] < 0 ? GS_ROLE_NEGATIVE : GS_ROLE_POSITIVE, 0);
		snprintf(num, sizeof num, "%.*f", d, m->phi_sd[f]);
		grid_text_right(g, 2 + lw + 22, y + 2 + (int)i, num,
		    GS_ROLE_VALUE, 0);
		if (m->rank_lo[f] == m->rank_hi[f])
			snprintf(buf, sizeof buf, "#%zu always", m->rank_lo[f]);
		else
			snprintf(buf, sizeof buf, "#%zu-%zu", m->rank_lo[f],
			    m->rank_hi[f]);
		grid_text(g, 2 + lw + 24, y + 2 + (int)i, buf, -1,
		    m->rank_lo[f] == m->rank_hi[f] ? GS_ROLE_VALUE :
		    GS_ROLE_WARNING, 0);
	}
	free(order);
}

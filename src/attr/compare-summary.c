/* SPDX-License-Identifier: ISC */
/*
 * Two models compared over many rows: prediction agreement, top-k
 * agreement, rank correlation, the mean |dphi| of each feature with its
 * standard error over rows, the rows whose explanations disagree most and
 * the rows whose predictions agree while their reasons do not.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/compare.h"
#include "core/xmalloc.h"

void
compare_summary_init(struct gs_cmp_summary *s, size_t d, size_t k)
{
	memset(s, 0, sizeof *s);
	s->d = d;
	s->k = k > d ? d : k;
	s->abs_sum = xcalloc(d + 1, sizeof *s->abs_sum);
	s->abs_sq = xcalloc(d + 1, sizeof *s->abs_sq);
	s->phi_a = xcalloc(d + 1, sizeof *s->phi_a);
	s->larger = xcalloc(d + 1, sizeof *s->larger);
}

void
compare_summary_free(struct gs_cmp_summary *s)
{
	free(s->abs_sum);
	free(s->abs_sq);
	free(s->phi_a);
	free(s->larger);
	free(s->rows);
	memset(s, 0, sizeof *s);
}

void
compare_summary_add(struct gs_cmp_summary *s, const struct gs_paired *c)
{
	struct gs_cmp_row	*r;
	double			 v, sa = 0, sb = 0, f;
	size_t			 i;

	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 64 : s->cap * 2;
		s->rows = xreallocarray(s->rows, s->cap, sizeof *s->rows);
	}
	r = &s->rows[s->n++];
	memset(r, 0, sizeof *r);
	r->row = c->a.row;
	r->agree = c->agree;
	r->fa = c->fa;
	r->fb = c->fb;
	r->topk = compare_topk(c->a.phi, c->b.phi, c->d, s->k);
	r->rho = compare_rank_corr(c->a.phi, c->b.phi, c->d);
	r->larger = c->larger;
	for (i = 0; i < c->d && i < s->d; i++) {
		v = fabs(c->delta.phi[i]);
		r->l1 += v;
		s->abs_sum[i] += v;
		s->abs_sq[i] += v * v;
		s->phi_a[i] += fabs(c->a.phi[i]);
		s->larger[i] += c->verdict[i] == GS_CMP_LARGER;
		if (v > s->max_abs || (s->n == 1 && i == 0)) {
			s->max_abs = v;
			s->max_se = c->delta.se != NULL ? c->delta.se[i] : NAN;
			s->max_row = c->a.row;
			s->max_feature = i;
		}
		if (c->paired && c->se_unpaired != NULL) {
			s->paired_n++;
			s->paired_below += c->delta.se[i] <= c->se_unpaired[i];
		}
		sa += fabs(c->a.phi[i]);
		sb += fabs(c->b.phi[i]);
	}
	r->l1_rel = sa + sb > 0 ? 2 * r->l1 / (sa + sb) : 0;
	s->agree += r->agree;
	f = s->k > 0 ? (double)r->topk / s->k : 1;
	s->topk_sum += f;
	s->topk_sq += f * f;
	if (!isnan(r->rho)) {
		s->rho_sum += r->rho;
		s->rho_sq += r->rho * r->rho;
		s->rho_n++;
	}
}

double
compare_summary_mean_abs(const struct gs_cmp_summary *s, size_t i, double *se)
{
	double	mean, var;

	if (s->n == 0 || i >= s->d) {
		if (se != NULL)
			*se = NAN;
		return (NAN);
	}
	mean = s->abs_sum[i] / s->n;
	var = s->n > 1 ? (s->abs_sq[i] - s->n * mean * mean) / (s->n - 1) : 0;
	if (se != NULL)
		*se = var > 0 ? sqrt(var / s->n) : 0;
	return (mean);
}

/* A sorting key: a row's disagreement, its number and its index. */
struct compare_key {
	double	 l1_rel;	/* relative disagreement */
	size_t	 row;		/* data row */
	size_t	 i;		/* index into the summary's rows */
};

/* l1_rel descending, ties by row. */
static int
compare_worst_cmp(const void *x, const void *y)
{
	const struct compare_key *a = x, *b = y;

	if (a->l1_rel != b->l1_rel)
		return (a->l1_rel < b->l1_rel ? 1 : -1);
	return (a->row < b->row ? -1 : a->row > b->row);
}

size_t
compare_summary_worst(const struct gs_cmp_summary *s, size_t *order)
{
	struct compare_key	*k = xcalloc(s->n + 1, sizeof *k);
	size_t			 i;

	for (i = 0; i < s->n; i++) {
		k[i].l1_rel = s->rows[i].l1_rel;
		k[i].row = s->rows[i].row;
		k[i].i = i;
	}
	qsort(k, s->n, sizeof *k, compare_worst_cmp);
	for (i = 0; i < s->n; i++)
		order[i] = k[i].i;
	free(k);
	return (s->n);
}

size_t
compare_summary_same_pred(const struct gs_cmp_summary *s, size_t *order)
{
	const struct gs_cmp_row	*r;
	size_t			 i, n = 0;

	compare_summary_worst(s, order);
	for (i = 0; i < s->n; i++) {
		r = &s->rows[order[i]];
		if (r->agree && (2 * r->topk < s->k ||
		    (!isnan(r->rho) && r->rho < 0.5)))
			order[n++] = order[i];
	}
	return (n);
}

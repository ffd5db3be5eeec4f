/* SPDX-License-Identifier: ISC */
/*
 * Per-feature running moments of sampled contributions: one pass, stable
 * (Welford's mean and M2, Terriberry's M3 and M4), so memory does not grow
 * with the sample count and standard errors come out of the same pass; a
 * batch's samples in two passes (mean, then squared deviations) and
 * merged (Chan et al.).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/explainer.h"
#include "core/xmalloc.h"

void
stats_init(struct gs_stats *st, size_t d)
{
	st->d = d;
	st->mean = xcalloc(d, sizeof *st->mean);
	st->m2 = xcalloc(d, sizeof *st->m2);
	st->m3 = xcalloc(d, sizeof *st->m3);
	st->m4 = xcalloc(d, sizeof *st->m4);
	st->n = 0;
	st->order = 4;
}

void
stats_free(struct gs_stats *st)
{
	free(st->mean);
	free(st->m2);
	free(st->m3);
	free(st->m4);
	memset(st, 0, sizeof *st);
}

void
stats_reset(struct gs_stats *st)
{
	size_t	d = st->d;

	st->n = 0;
	memset(st->mean, 0, d * sizeof *st->mean);
	memset(st->m2, 0, d * sizeof *st->m2);
	memset(st->m3, 0, d * sizeof *st->m3);
	memset(st->m4, 0, d * sizeof *st->m4);
}

void
stats_add(struct gs_stats *st, const double *v)
{
	double	n1 = (double)st->n, n = n1 + 1;
	double	delta, dn, dn2, term;
	size_t	i;

	if (st->order == 2) {
		for (i = 0; i < st->d; i++) {
			delta = v[i] - st->mean[i];
			st->mean[i] += delta / n;
			st->m2[i] += delta * (v[i] - st->mean[i]);
		}
		st->n++;
		return;
	}
	for (i = 0; i < st->d; i++) {
		delta = v[i] - st->mean[i];
		dn = delta / n;
		dn2 = dn * dn;
		term = delta * dn * n1;
		st->mean[i] += dn;
		st->m4[i] += term * dn2 * (n * n - 3 * n + 3) +
		    6 * dn2 * st->m2[i] - 4 * dn * st->m3[i];
		st->m3[i] += term * dn * (n - 2) - 3 * dn * st->m2[i];
		st->m2[i] += term;
	}
	st->n++;
}

void
stats_add_batch(struct gs_stats *st, const double *v, size_t n)
{
	struct gs_stats	 b;
	const double	*row;
	double		 x;
	size_t		 d = st->d, s, i;

	if (n == 0)
		return;
	if (st->order != 2 || n == 1) {
		for (s = 0; s < n; s++)
			stats_add(st, v + s * d);
		return;
	}
	/* Sums down the rows: the loops run along them and vectorise. */
	stats_init(&b, d);
	b.order = 2;
	b.n = n;
	for (s = 0; s < n; s++) {
		row = v + s * d;
		for (i = 0; i < d; i++)
			b.mean[i] += row[i];
	}
	for (i = 0; i < d; i++)
		b.mean[i] /= (double)n;
	for (s = 0; s < n; s++) {
		row = v + s * d;
		for (i = 0; i < d; i++) {
			x = row[i] - b.mean[i];
			b.m2[i] += x * x;
		}
	}
	stats_merge(st, &b);
	stats_free(&b);
}

void
stats_merge(struct gs_stats *dst, const struct gs_stats *src)
{
	double	na = (double)dst->n, nb = (double)src->n, n = na + nb;
	double	dl, dl2, a2, b2, a3, b3;
	size_t	i;

	if (src->n == 0)
		return;
	if (dst->n == 0) {
		memcpy(dst->mean, src->mean, dst->d * sizeof *dst->mean);
		memcpy(dst->m2, src->m2, dst->d * sizeof *dst->m2);
		memcpy(dst->m3, src->m3, dst->d * sizeof *dst->m3);
		memcpy(dst->m4, src->m4, dst->d * sizeof *dst->m4);
		dst->n = src->n;
		return;
	}
	for (i = 0; i < dst->d && dst->order == 2; i++) {
		dl = src->mean[i] - dst->mean[i];
		dst->m2[i] += src->m2[i] + dl * dl * na * nb / n;
		dst->mean[i] += dl * nb / n;
	}
	for (i = 0; i < dst->d && dst->order != 2; i++) {
		dl = src->mean[i] - dst->mean[i];
		dl2 = dl * dl;
		a2 = dst->m2[i];
		b2 = src->m2[i];
		a3 = dst->m3[i];
		b3 = src->m3[i];
		dst->m4[i] += src->m4[i] + dl2 * dl2 * na * nb *
		    (na * na - na * nb + nb * nb) / (n * n * n) +
		    6 * dl2 * (na * na * b2 + nb * nb * a2) / (n * n) +
		    4 * dl * (na * b3 - nb * a3) / n;
		dst->m3[i] += b3 + dl2 * dl * na * nb * (na - nb) / (n * n) +
		    3 * dl * (na * b2 - nb * a2) / n;
		dst->m2[i] += b2 + dl2 * na * nb / n;
		dst->mean[i] += dl * nb / n;
	}
	dst->n += src->n;
}

double
stats_se_mean(const struct gs_stats *st, size_t i)
{
	double	n = (double)st->n;

	if (st->n < 2)
		return (0);
	return (sqrt(st->m2[i] / (n - 1) / n));
}

double
stats_var(const struct gs_stats *st, size_t i)
{
	if (st->n == 0)
		return (0);
	return (st->m2[i] / (double)st->n);
}

/*
 * Var(s^2) ~ (mu4 - sigma^4 (n - 3) / (n - 1)) / n for the sample variance
 * (Cramer 1946, 27.4); we use it for the population variance M2/n too, the
 * two differing by a factor (n-1)/n.
 */
double
stats_se_var(const struct gs_stats *st, size_t i)
{
	double	n = (double)st->n, mu4, s2, v;

	if (st->n < 4)
		return (0);
	mu4 = st->m4[i] / n;
	s2 = st->m2[i] / (n - 1);
	v = (mu4 - s2 * s2 * (n - 3) / (n - 1)) / n;
	return (v > 0 ? sqrt(v) * (n - 1) / n : 0);
}

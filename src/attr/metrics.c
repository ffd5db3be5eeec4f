/* SPDX-License-Identifier: ISC */
/*
 * Quality metrics of one explanation: infidelity (Yeh et al., "On the
 * (in)fidelity and sensitivity of explanations", NeurIPS 2019) with random
 * feature subsets replaced by baseline rows; max-sensitivity (the same
 * paper) over uniform perturbations scaled by each feature's sd; deletion
 * and insertion curves (Petsiuk et al., RISE, 2018) in the order of |phi|,
 * replaced by the baseline set's weighted mean output, with their areas;
 * stability across seeds (the sd of each phi and the range of each
 * feature's rank); and rank ties from overlapping 95% intervals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "core/xmalloc.h"

#define METRICS_TAG		0x1f83d9abfb41bd6bULL	/* stream of the perturbations */
#define METRICS_MAX_BASELINES	64	/* baseline rows behind each curve point */

void
metrics_opts_default(struct gs_metrics_opts *o)
{
	memset(o, 0, sizeof *o);
	o->perturb = 100;
	o->sens_samples = 10;
	o->radius = 0.02;
	o->seeds = 5;
	o->max_points = 50;
}

void
metrics_free(struct gs_metrics *m)
{
	if (m == NULL)
		return;
	free(m->frac);
	free(m->del);
	free(m->ins);
	free(m->phi_sd);
	free(m->rank_lo);
	free(m->rank_hi);
	free(m);
}

/* A baseline row drawn by its weight. */
static size_t
metrics_draw(const struct gs_baseline *bl, struct gs_rng *r)
{
	double	u, acc = 0;
	size_t	i;

	if (bl->weights == NULL)
		return (gs_rng_below(r, bl->n));
	u = gs_rng_uniform(r);
	for (i = 0; i + 1 < bl->n; i++)
		if ((acc += bl->weights[i]) > u)
			break;
	return (i);
}

/* Infidelity over o->perturb random subsets. */
static int
metrics_infidelity(struct gs_game *g, size_t row, uint64_t seed,
    const struct gs_explanation *ex, struct gs_metrics *m,
    struct gs_error *err)
{
	struct gs_rng	 r;
	uint8_t		*mask, *masks;
	double		*fv, delta, s, se = 0, sd = 0;
	size_t		 t, i, n = m->perturb, d = g->d, any;
	int		 rc = -1;

	mask = xcalloc(d, 1);
	masks = xcalloc(xmul(n, d), 1);
	fv = xcalloc(n + 1, sizeof *fv);
	for (t = 0; t < n; t++) {
		gs_rng_init2(&r, seed ^ METRICS_TAG, row, t);
		do {
			for (any = 0, i = 0; i < d; i++) {
				/* 1: keep x; 0: in S, replaced by b. */
				masks[t * d + i] = gs_rng_next(&r) >> 63;
				any += !masks[t * d + i];
			}
		} while (any == 0);
		if (game_push(g, masks + t * d, metrics_draw(g->bl, &r), 1,
		    &fv[t], err) != 0)
			goto out;
	}
	if (game_flush(g, err) != 0)
		goto out;
	for (t = 0; t < n; t++) {
		delta = ex->fx - fv[t];
		for (s = 0, i = 0; i < d; i++)
			if (!masks[t * d + i])
				s += ex->phi[i];
		se += (s - delta) * (s - delta);
		sd += delta * delta;
	}
	m->infidelity = se / (double)n;
	m->infidelity_rel = sd > 0 ? se / sd : NAN;
	rc = 0;
out:
	free(mask);
	free(masks);
	free(fv);
	return (rc);
}

/* Deletion and insertion curves, and their areas (trapezoid rule). */
static int
metrics_curves(struct gs_game *g, const struct gs_explanation *ex,
    size_t max_points, struct gs_metrics *m, struct gs_error *err)
{
	const struct gs_baseline *bl = g->bl;
	uint8_t		*del, *ins;
	size_t		*order, d = g->d, np, j, c, i, b, stride, nb;
	double		 wsum = 0;
	int		 rc = -1;

	np = (d < max_points ? d : max_points) + 1;
	if (np < 2)
		np = 2;
	stride = bl->n > METRICS_MAX_BASELINES ? (bl->n +
	    METRICS_MAX_BASELINES - 1) / METRICS_MAX_BASELINES : 1;
	for (b = 0, nb = 0; b < bl->n; b += stride, nb++)
		wsum += game_weight(g, b);
	(void)nb;
	m->npoints = np;
	m->frac = xcalloc(np, sizeof *m->frac);
	m->del = xcalloc(np, sizeof *m->del);
	m->ins = xcalloc(np, sizeof *m->ins);
	order = xcalloc(d, sizeof *order);
	del = xcalloc(d, 1);
	ins = xcalloc(d, 1);
	explanation_order(ex->phi, d, order, NULL);
	for (j = 0; j < np; j++) {
		c = (size_t)llround((double)j * (double)d / (double)(np - 1));
		m->frac[j] = (double)c / (double)d;
		for (i = 0; i < d; i++) {
			del[order[i]] = i >= c;
			ins[order[i]] = i < c;
		}
		for (b = 0; b < bl->n; b += stride) {
			if (game_push(g, del, b, game_weight(g, b) / wsum,
			    &m->del[j], err) != 0 ||
			    game_push(g, ins, b, game_weight(g, b) / wsum,
			    &m->ins[j], err) != 0)
				goto out;
		}
	}
	if (game_flush(g, err) != 0)
		goto out;
	for (j = 1; j < np; j++) {
		m->del_auc += (m->frac[j] - m->frac[j - 1]) * (m->del[j] +
		    m->del[j - 1]) / 2;
		m->ins_auc += (m->frac[j] - m->frac[j - 1]) * (m->ins[j] +
		    m->ins[j - 1]) / 2;
	}
	rc = 0;
out:
	free(order);
	free(del);
	free(ins);
	return (rc);
}

/* Max-sensitivity: re-explain at o->sens_samples perturbed inputs. */
static int
metrics_sensitivity(struct gs_explainer *e, const double *x, size_t row,
    const struct gs_explanation *ex, const struct gs_metrics_opts *o,
    struct gs_metrics *m, struct gs_error *err)
{
	struct gs_explanation	 ey;
	struct gs_rng		 r;
	double			*y, norm = 0, diff;
	size_t			 t, i, d = e->d;
	int			 rc = -1;

	y = xcalloc(d, sizeof *y);
	for (i = 0; i < d; i++)
		norm += ex->phi[i] * ex->phi[i];
	norm = sqrt(norm);
	m->sensitivity = 0;
	for (t = 0; t < o->sens_samples; t++) {
		gs_rng_init2(&r, e->opts.seed ^ METRICS_TAG ^ 1, row, t);
		for (i = 0; i < d; i++)
			y[i] = x[i] + (2 * gs_rng_uniform(&r) - 1) * o->radius *
			    (o->scale != NULL ? o->scale[i] : 1);
		if (explainer_run(e, y, row, &ey, err) != 0)
			goto out;
		for (diff = 0, i = 0; i < d; i++)
			diff += (ey.phi[i] - ex->phi[i]) * (ey.phi[i] -
			    ex->phi[i]);
		explanation_clear(&ey);
		diff = norm > 0 ? sqrt(diff) / norm : sqrt(diff);
		m->sensitivity = fmax(m->sensitivity, diff);
	}
	rc = 0;
out:
	free(y);
	return (rc);
}

/* Stability: phi over o->seeds other seeds, with the original run. */
static int
metrics_stability(struct gs_explainer *e, const double *x, size_t row,
    const struct gs_explanation *ex, size_t seeds, struct gs_metrics *m,
    struct gs_error *err)
{
	struct gs_explanation	 es;
	uint64_t		 seed = e->opts.seed;
	size_t			 runs = seeds + 1, d = e->d, s, t, i;
	size_t			*rank;
	double			*phi, mean, var, dd, corr = 0;
	int			 rc = -1;

	phi = xcalloc(xmul(runs, d), sizeof *phi);
	rank = xcalloc(xmul(runs, d), sizeof *rank);
	memcpy(phi, ex->phi, d * sizeof *phi);
	for (s = 1; s < runs; s++) {
		e->opts.seed = seed + s;
		if (explainer_run(e, x, row, &es, err) != 0)
			goto out;
		memcpy(phi + s * d, es.phi, d * sizeof *phi);
		explanation_clear(&es);
	}
	m->seeds = seeds;
	m->phi_sd = xcalloc(d, sizeof *m->phi_sd);
	m->rank_lo = xcalloc(d, sizeof *m->rank_lo);
	m->rank_hi = xcalloc(d, sizeof *m->rank_hi);
	for (s = 0; s < runs; s++)
		explanation_order(phi + s * d, d, NULL, rank + s * d);
	for (i = 0; i < d; i++) {
		for (mean = 0, s = 0; s < runs; s++)
			mean += phi[s * d + i] / (double)runs;
		for (var = 0, s = 0; s < runs; s++)
			var += (phi[s * d + i] - mean) *
			    (phi[s * d + i] - mean);
		m->phi_sd[i] = sqrt(var / (double)(runs - 1));
		m->rank_lo[i] = m->rank_hi[i] = rank[i];
		for (s = 1; s < runs; s++) {
			if (rank[s * d + i] < m->rank_lo[i])
				m->rank_lo[i] = rank[s * d + i];
			if (rank[s * d + i] > m->rank_hi[i])
				m->rank_hi[i] = rank[s * d + i];
		}
	}
	/* Spearman: 1 - 6 sum d^2 / (n (n^2 - 1)), no ties in ranks. */
	for (s = 0; s < runs; s++) {
		for (t = s + 1; t < runs; t++) {
			for (dd = 0, i = 0; i < d; i++) {
				double diff = (double)rank[s * d + i] -
				    (double)rank[t * d + i];
				dd += diff * diff;
			}
			corr += d > 1 ? 1 - 6 * dd / ((double)d *
			    ((double)d * (double)d - 1)) : 1;
		}
	}
	m->rank_corr = corr / ((double)runs * (double)(runs - 1) / 2);
	rc = 0;
out:
	e->opts.seed = seed;
	free(phi);
	free(rank);
	return (rc);
}

int
metrics_compute(struct gs_explainer *e, const double *x, size_t row,
    struct gs_explanation *ex, const struct gs_metrics_opts *o,
    struct gs_error *err)
{
	const struct gs_baseline	*bl = o->bl != NULL ? o->bl : e->bl;
	struct gs_metrics		*m;
	struct gs_game			 g;
	int				 rc = -1;

	if (bl == NULL || bl->n == 0)
		return (gs_error_set(err, GS_EINVAL, "the metrics need a "
		    "baseline set to replace features with (--baseline)"));
	if (bl->d != e->d)
		return (gs_error_set(err, GS_ESHAPE, "baseline '%s' has %zu "
		    "values per row but the model takes %zu", bl->spec, bl->d,
		    e->d));
	m = xcalloc(1, sizeof *m);
	m->perturb = o->perturb;
	m->sens_samples = o->sens_samples;
	m->radius = o->radius;
	m->infidelity = m->infidelity_rel = m->sensitivity = NAN;
	m->rank_corr = NAN;
	game_init(&g, e->w[0].plan, e->opts.batch, e->k, x, ex->target, bl,
	    NULL);
	g.e = e;
	if (o->perturb > 0 && metrics_infidelity(&g, row, e->opts.seed, ex, m,
	    err) != 0)
		goto out;
	if (metrics_curves(&g, ex, o->max_points > 0 ? o->max_points : 50, m,
	    err) != 0)
		goto out;
	if (o->sens_samples > 0 && metrics_sensitivity(e, x, row, ex, o, m,
	    err) != 0)
		goto out;
	if (o->seeds > 0 && method_stochastic(ex->method) &&
	    metrics_stability(e, x, row, ex, o->seeds, m, err) != 0)
		goto out;
	metrics_free(ex->metrics);
	ex->metrics = m;
	m = NULL;
	rc = 0;
out:
	metrics_free(m);
	game_free(&g);
	return (rc);
}

void
metrics_rank_ties(const struct gs_explanation *ex, const size_t *order,
    int *tie)
{
	size_t	k, i, j;

	for (k = 0; k < ex->d; k++) {
		tie[k] = 0;
		if (ex->se == NULL || k + 1 >= ex->d)
			continue;
		i = order[k];
		j = order[k + 1];
		tie[k] = fabs(ex->phi[i]) - 1.96 * ex->se[i] <=
		    fabs(ex->phi[j]) + 1.96 * ex->se[j];
	}
}

#define METRICS_COUNT_ALL	64

/* Ascending doubles, for qsort. */
static int
metrics_cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

/*
 * How many of the n values v (in any order) are greater than t (or less,
 * when below): for a few, a pass over all of them (branch-free) beats
 * sorting them for metrics_count.
 */
static size_t
metrics_count_all(const double *v, size_t n, double t, int below)
{
	size_t	i, c = 0;

	if (below)
		for (i = 0; i < n; i++)
			c += v[i] < t;
	else
		for (i = 0; i < n; i++)
			c += v[i] > t;
	return (c);
}

/* How many of the n sorted values v are greater than t (or less, when below). */
static size_t
metrics_count(const double *v, size_t n, double t, int below)
{
	size_t	lo = 0, hi = n, mid;

	/* The first index whose value is > t (below: >= t). */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (below ? v[mid] < t : v[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (below ? lo : n - lo);
}

void
metrics_rank_range(const double *phi, const double *se, size_t n, size_t *lo,
    size_t *hi)
{
	double	*low, *high, l, h;
	size_t	*rank, i, m;
	int	 sorted;

	rank = xcalloc(n + 1, sizeof *rank);
	explanation_order(phi, n, NULL, rank);
	if (se == NULL) {
		for (i = 0; i < n; i++)
			lo[i] = hi[i] = rank[i];
		free(rank);
		return;
	}
	/*
	 * Feature i's interval on |phi| is |phi_i| +- 1.96 se_i. Its place is
	 * at least one more than the features wholly above it, at most m less
	 * those wholly below (m the values that are numbers: a NaN has no
	 * place, 0, and takes none); its own place lies between.
	 */
	low = xcalloc(2 * (n + 1), sizeof *low);
	high = low + n + 1;
	for (m = 0, i = 0; i < n; i++) {
		if (isnan(phi[i]))
			continue;
		low[m] = fabs(phi[i]) - 1.96 * se[i];
		high[m++] = fabs(phi[i]) + 1.96 * se[i];
		if (isnan(low[m - 1]) || isnan(high[m - 1]))
			low[m - 1] = high[m - 1] = fabs(phi[i]);
	}
	/*
	 * Up to METRICS_COUNT_ALL values are counted in a pass each (a
	 * tabular model's features, each row's CSV lines: qsort's calls were
	 * most of this function's time); more are sorted and searched.
	 */
	sorted = m > METRICS_COUNT_ALL;
	if (sorted) {
		qsort(low, m, sizeof *low, metrics_cmp_double);
		qsort(high, m, sizeof *high, metrics_cmp_double);
	}
	for (i = 0; i < n; i++) {
		l = fabs(phi[i]) - 1.96 * se[i];
		h = fabs(phi[i]) + 1.96 * se[i];
		if (!(se[i] >= 0) || isnan(l) || isnan(h)) {
			lo[i] = hi[i] = rank[i];
			continue;
		}
		lo[i] = 1 + (sorted ? metrics_count(low, m, h, 0) :
		    metrics_count_all(low, m, h, 0));
		hi[i] = m - (sorted ? metrics_count(high, m, l, 1) :
		    metrics_count_all(high, m, l, 1));
		if (lo[i] > rank[i])
			lo[i] = rank[i];
		if (hi[i] < rank[i])
			hi[i] = rank[i];
	}
	free(low);
	free(rank);
}

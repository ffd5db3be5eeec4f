/* SPDX-License-Identifier: ISC */
/*
 * Shapley values by permutation sampling (Castro, Gomez & Tejada 2009)
 * with antithetic pairs: each permutation of the players is walked forward
 * and then in reverse, against one baseline row drawn by its weight, and
 * each player is credited the mean of its two marginal contributions. Pairs
 * are independent, so the standard error is the sd of the pair values over
 * sqrt(pairs). Unbiased for the interventional Shapley values; one pair is
 * exact for games with interactions of order two at most. Efficiency holds
 * per pair against the drawn baseline: sum_i phi_i = f(x) - mean f(b),
 * so the gap's standard error is that of the mean of f(b) over the drawn
 * baselines.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "core/xmalloc.h"

/* The stream of permutation pairs (apart from other methods' draws). */
#define PERMUTATION_TAG	0x3c6ef372fe94f82bULL

int
attr_permutation_run(struct gs_explainer *e, struct gs_worker *home,
    const struct gs_job *j, struct gs_explanation *ex, struct gs_error *err)
{
	struct gs_game	 g;
	struct gs_rng	 r;
	uint8_t		*mask = NULL;
	size_t		*perm = NULL, p, pairs, per, done, cnt, t, s, i, tmp, b;
	double		*fwd = NULL, *rev = NULL, *c = NULL, *mean = NULL;
	double		*m2 = NULL, delta, n, tot, tmean = 0, tm2 = 0;
	int		 rc = -1;

	game_init(&g, home->plan, e->opts.batch, e->k, j->xd, j->target, e->bl,
	    e->groups);
	g.e = e;
	p = g.players;
	pairs = (j->asked + 1) / 2;
	per = e->opts.batch / (2 * p) > 0 ? e->opts.batch / (2 * p) : 1;
	mask = xcalloc(p, sizeof *mask);
	perm = xcalloc(xmul(per, p), sizeof *perm);
	fwd = xcalloc(xmul(per, p + 1), sizeof *fwd);
	rev = xcalloc(xmul(per, p + 1), sizeof *rev);
	c = xcalloc(p, sizeof *c);
	mean = xcalloc(p, sizeof *mean);
	m2 = xcalloc(p, sizeof *m2);
	for (done = 0; done < pairs; done += cnt) {
		cnt = pairs - done < per ? pairs - done : per;
		memset(fwd, 0, per * (p + 1) * sizeof *fwd);
		memset(rev, 0, per * (p + 1) * sizeof *rev);
		for (t = 0; t < cnt; t++) {
			size_t	*pi = perm + t * p;
			double	*f = fwd + t * (p + 1), *v = rev + t * (p + 1);

			gs_rng_init2(&r, e->opts.seed ^ PERMUTATION_TAG, j->row,
			    done + t);
			for (i = 0; i < p; i++)
				pi[i] = i;
			for (i = p; i > 1; i--) {
				s = gs_rng_below(&r, i);
				tmp = pi[i - 1];
				pi[i - 1] = pi[s];
				pi[s] = tmp;
			}
			b = explainer_draw_baseline(e, &r);
			memset(mask, 0, p);
			if (game_push(&g, mask, b, 1, &f[0], err) != 0)
				goto out;
			for (s = 1; s <= p; s++) {
				mask[pi[s - 1]] = 1;
				if (game_push(&g, mask, b, 1, &f[s], err) != 0)
					goto out;
			}
			memset(mask, 0, p);
			for (s = 1; s < p; s++) {
				mask[pi[p - s]] = 1;
				if (game_push(&g, mask, b, 1, &v[s], err) != 0)
					goto out;
			}
		}
		if (game_flush(&g, err) != 0)
			goto out;
		for (t = 0; t < cnt; t++) {
			size_t	*pi = perm + t * p;
			double	*f = fwd + t * (p + 1), *v = rev + t * (p + 1);

			v[0] = f[0];
			v[p] = f[p];
			for (s = 1; s <= p; s++) {
				c[pi[s - 1]] = 0.5 * (f[s] - f[s - 1]);
			}
			for (s = 1; s <= p; s++)
				c[pi[p - s]] += 0.5 * (v[s] - v[s - 1]);
			/* Welford over pairs, and over their totals. */
			n = (double)(done + t + 1);
			for (tot = 0, i = 0; i < p; i++) {
				delta = c[i] - mean[i];
				mean[i] += delta / n;
				m2[i] += delta * (c[i] - mean[i]);
				tot += c[i];
			}
			delta = tot - tmean;
			tmean += delta / n;
			tm2 += delta * (tot - tmean);
		}
	}
	for (i = 0; i < p; i++)
		m2[i] = pairs > 1 ? sqrt(m2[i] / (double)(pairs - 1) /
		    (double)pairs) : 0;
	game_explanation(e, &g, mean, m2, ex);
	/* A pair's total is f(x) - f(b): the gap's noise is the baselines'. */
	ex->gap_se = pairs > 1 ? sqrt(tm2 / (double)(pairs - 1) /
	    (double)pairs) : 0;
	ex->samples_used = 2 * pairs;
	rc = 0;
out:
	free(mask);
	free(perm);
	free(fwd);
	free(rev);
	free(c);
	free(mean);
	free(m2);
	game_free(&g);
	return (rc);
}

/* SPDX-License-Identifier: ISC */
/*
 * Exact Shapley values (Shapley 1953) of the interventional game
 * v(S) = sum_b w_b f(x_S, b_notS) over the baseline set, by enumerating all
 * 2^p coalitions of p players (features, or groups as players):
 *
 *   phi_i = sum_{S not containing i} |S|! (p - |S| - 1)! / p! [v(S + i) - v(S)]
 *
 * Efficiency holds exactly: sum_i phi_i = v(all) - v(none) = f(x) - base.
 * The reference that the sampling methods are checked against.
 */
#include <math.h>
#include <stdlib.h>

#include "attr/game.h"
#include "core/xmalloc.h"

/* Most model evaluations (coalitions times baseline rows) we accept. */
#define EXACT_MAX_EVALS	((size_t)1 << 28)

int
exact_shapley(struct gs_game *g, double *phi, struct gs_error *err)
{
	uint8_t	 m[GS_EXACT_MAX_PLAYERS];
	double	*v, w[GS_EXACT_MAX_PLAYERS];
	size_t	 p = g->players, nm, mask, b, i, s;
	int	 rc = -1;

	if (p > GS_EXACT_MAX_PLAYERS)
		return (gs_error_set(err, GS_ELIMIT, "exact Shapley values "
		    "enumerate 2^%zu coalitions of %zu players, more than "
		    "2^%d; group the features (--groups) or use --method "
		    "permutation or kernel", p, p, GS_EXACT_MAX_PLAYERS));
	nm = (size_t)1 << p;
	if (g->bl->n > EXACT_MAX_EVALS / nm)
		return (gs_error_set(err, GS_ELIMIT, "exact Shapley values "
		    "need %zu coalitions x %zu baseline rows model "
		    "evaluations; use fewer baseline rows (--baseline "
		    "sample:K) or fewer players", nm, g->bl->n));
	v = xcalloc(nm, sizeof *v);
	for (mask = 0; mask < nm; mask++) {
		for (i = 0; i < p; i++)
			m[i] = (mask >> i) & 1;
		for (b = 0; b < g->bl->n; b++)
			if (game_push(g, m, b, game_weight(g, b), &v[mask],
			    err) != 0)
				goto out;
	}
	if (game_flush(g, err) != 0)
		goto out;
	/* w[s] = s! (p - s - 1)! / p! */
	for (s = 0; s < p; s++)
		w[s] = exp(lgamma((double)s + 1) + lgamma((double)(p - s)) -
		    lgamma((double)p + 1));
	for (i = 0; i < p; i++) {
		phi[i] = 0;
		for (mask = 0; mask < nm; mask++) {
			if (mask & ((size_t)1 << i))
				continue;
			phi[i] += w[__builtin_popcountll(mask)] *
			    (v[mask | ((size_t)1 << i)] - v[mask]);
		}
	}
	rc = 0;
out:
	free(v);
	return (rc);
}

int
attr_exact_run(struct gs_explainer *e, struct gs_worker *home,
    const struct gs_job *j, struct gs_explanation *ex, struct gs_error *err)
{
	struct gs_game	 g;
	double		*pv;
	int		 rc;

	game_init(&g, home->plan, e->opts.batch, e->k, j->xd, j->target, e->bl,
	    e->groups);
	g.e = e;
	pv = xcalloc(g.players + 1, sizeof *pv);
	rc = exact_shapley(&g, pv, err);
	if (rc == 0) {
		game_explanation(e, &g, pv, NULL, ex);
		ex->samples_used = g.evals;
	}
	free(pv);
	game_free(&g);
	return (rc);
}

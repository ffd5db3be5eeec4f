/* SPDX-License-Identifier: ISC */
/*
 * The interventional game of feature coalitions: v(S, b) = f(x_S, b_notS)
 * for a coalition S of players (features, or groups of features) and a
 * baseline row b, so that v(S) = sum_b w_b v(S, b) is the value function of
 * interventional Shapley values (Janzing et al. 2020). Rows are queued and
 * evaluated in batches; results are added to their destinations in the
 * order they were queued, so sums do not depend on the batch size.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "core/xmalloc.h"

void
game_init(struct gs_game *g, struct gs_plan *plan, size_t batch, size_t k,
    const double *x, size_t target, const struct gs_baseline *bl,
    const struct gs_groups *groups)
{
	memset(g, 0, sizeof *g);
	g->plan = plan;
	g->batch = batch;
	g->d = bl != NULL ? bl->d : 0;
	g->k = k;
	g->target = target;
	g->x = x;
	g->bl = bl;
	g->players = groups != NULL ? groups->n : g->d;
	g->of = groups != NULL ? groups->of : NULL;
	g->z = xcalloc(xmul(batch, g->d), sizeof *g->z);
	g->y = xcalloc(xmul(batch, k), sizeof *g->y);
	g->w = xcalloc(batch, sizeof *g->w);
	g->dst = xcalloc(batch, sizeof *g->dst);
}

void
game_free(struct gs_game *g)
{
	free(g->z);
	free(g->y);
	free(g->w);
	free(g->dst);
	memset(g, 0, sizeof *g);
}

double
game_weight(const struct gs_game *g, size_t b)
{
	return (g->bl->weights != NULL ? g->bl->weights[b] :
	    1.0 / (double)g->bl->n);
}

int
game_flush(struct gs_game *g, struct gs_error *err)
{
	size_t	i;

	if (g->n == 0)
		return (0);
	if (g->e != NULL && explainer_cancelled(g->e, err) != 0)
		return (-1);
	if (plan_forward(g->plan, g->z, g->n, g->y, err) != 0)
		return (-1);
	for (i = 0; i < g->n; i++)
		*g->dst[i] += g->w[i] * g->y[i * g->k + g->target];
	g->evals += g->n;
	g->n = 0;
	return (0);
}

int
game_push(struct gs_game *g, const uint8_t *mask, size_t b, double w,
    double *dst, struct gs_error *err)
{
	const gs_real	*br = g->bl->rows + b * g->d;
	gs_real		*z;
	size_t		 i;

	if (g->n == g->batch && game_flush(g, err) != 0)
		return (-1);
	z = g->z + g->n * g->d;
	for (i = 0; i < g->d; i++)
		z[i] = mask[g->of != NULL ? g->of[i] : i] ? (gs_real)g->x[i] :
		    br[i];
	g->w[g->n] = w;
	g->dst[g->n++] = dst;
	return (0);
}

int
game_push_row(struct gs_game *g, const double *row, double w, double *dst,
    struct gs_error *err)
{
	gs_real	*z;
	size_t	 i;

	if (g->n == g->batch && game_flush(g, err) != 0)
		return (-1);
	z = g->z + g->n * g->d;
	for (i = 0; i < g->d; i++)
		z[i] = (gs_real)row[i];
	g->w[g->n] = w;
	g->dst[g->n++] = dst;
	return (0);
}

void
game_explanation(struct gs_explainer *e, const struct gs_game *g,
    const double *pv, const double *pse, struct gs_explanation *ex)
{
	const struct gs_groups	*gr = e->groups;
	size_t			 i, p, size;

	if (pse != NULL)
		ex->se = xcalloc(e->d, sizeof *ex->se);
	if (g->of == NULL) {
		for (i = 0; i < e->d; i++) {
			ex->phi[i] = pv[i];
			if (pse != NULL)
				ex->se[i] = pse[i];
		}
		return;
	}
	/* Groups as players: the group's value, shared among its members. */
	ex->gphi = xcalloc(gr->n, sizeof *ex->gphi);
	if (pse != NULL)
		ex->gse = xcalloc(gr->n, sizeof *ex->gse);
	for (p = 0; p < gr->n; p++) {
		ex->gphi[p] = pv[p];
		if (pse != NULL)
			ex->gse[p] = pse[p];
	}
	for (i = 0; i < e->d; i++) {
		p = g->of[i];
		size = gr->start[p + 1] - gr->start[p];
		ex->phi[i] = pv[p] / (double)size;
		if (pse != NULL)
			ex->se[i] = pse[p] / (double)size;
	}
}

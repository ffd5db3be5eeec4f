/* SPDX-License-Identifier: ISC */
/*
 * An estimate against the quantity it estimates, for the exact-vs-estimate
 * view: Gradient SHAP against exact expected gradients (each baseline's
 * straight-path integral by Gauss-Legendre, averaged with the baseline
 * weights), IG against its own path integral, permutation and Kernel SHAP
 * against exact Shapley values; and that reference against exact Shapley
 * values of the same game, the method's bias. Sampling error and bias are
 * different things: a 95% interval covers the first, never the second.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "attr/teach.h"
#include "core/xmalloc.h"

#define COMPARE_NODES_FIRST	32	/* Gauss-Legendre nodes to start with */
#define COMPARE_NODES_MAX	4096	/* most nodes by default */

/*
 * Each baseline's path integral from b to x for output target with the
 * n-point Gauss-Legendre rule, into ig (nb x d): (x - b) times the
 * weighted sum of gradients at b + alpha (x - b). The nb x n points go
 * through the model in passes of the batch size, whatever path they are
 * on. Errors: GS_EINTR, the model's.
 */
static int
compare_paths(struct gs_explainer *e, const double *x, size_t target,
    size_t n, double *ig, struct gs_error *err)
{
	struct gs_worker	*w = &e->w[0];
	const struct gs_baseline *bl = e->bl;
	double			*alpha, *qw;
	size_t			 d = e->d, B = e->opts.batch, total, first, nb;
	size_t			 q, k, b, i, *own;
	const gs_real		*br;
	int			 rc = -1;

	alpha = xcalloc(n, sizeof *alpha);
	qw = xcalloc(n, sizeof *qw);
	own = xcalloc(B, sizeof *own);
	if (quadrature_rule(GS_RULE_GAUSSLEGENDRE, n, alpha, qw, err) != 0)
		goto out;
	memset(ig, 0, xmul(bl->n, d) * sizeof *ig);
	total = xmul(bl->n, n);
	for (first = 0; first < total; first += nb) {
		if (explainer_cancelled(e, err) != 0)
			goto out;
		nb = total - first < B ? total - first : B;
		for (q = 0; q < nb; q++) {
			b = (first + q) / n;
			k = (first + q) % n;
			br = bl->rows + b * d;
			for (i = 0; i < d; i++)
				w->z[q * d + i] = (gs_real)(br[i] + alpha[k] *
				    (x[i] - br[i]));
			w->targets[q] = target;
			own[q] = k;
		}
		if (plan_gradient(w->plan, w->z, nb, w->targets, NULL, w->grad,
		    err) != 0)
			goto out;
		for (q = 0; q < nb; q++) {
			b = (first + q) / n;
			for (i = 0; i < d; i++)
				ig[b * d + i] += qw[own[q]] *
				    (double)w->grad[q * d + i];
		}
	}
	for (b = 0; b < bl->n; b++)
		for (i = 0; i < d; i++)
			ig[b * d + i] *= x[i] - (double)bl->rows[b * d + i];
	rc = 0;
out:
	free(alpha);
	free(qw);
	free(own);
	return (rc);
}

/*
 * The reference of Gradient SHAP or IG per player (features, or groups
 * through of): the baseline-weighted mean of the path integrals (one
 * baseline for IG), by Gauss-Legendre with the node count doubling from
 * COMPARE_NODES_FIRST; ref_err gets the change of that mean from the round
 * with half the nodes (an estimate of the error of the coarser one, so a
 * generous one of the finer). Stops when every change is within tol or
 * at max nodes; *nodes gets the count. Errors: GS_EINTR, the model's.
 */
static int
compare_paths_mean(struct gs_explainer *e, const double *x, size_t target,
    const size_t *of, size_t players, double tol, size_t max, double *ref,
    double *ref_err, size_t *nodes, struct gs_error *err)
{
	const struct gs_baseline *bl = e->bl;
	double			*cur, *old, wt, worst;
	size_t			 d = e->d, n, b, i, p;
	int			 rc = -1;

	cur = xcalloc(xmul(bl->n, d), sizeof *cur);
	old = xcalloc(players, sizeof *old);
	for (n = COMPARE_NODES_FIRST / 2; ; n *= 2) {
		if (compare_paths(e, x, target, n, cur, err) != 0)
			goto out;
		memcpy(old, ref, players * sizeof *old);
		memset(ref, 0, players * sizeof *ref);
		for (b = 0; b < bl->n; b++) {
			wt = bl->weights != NULL ? bl->weights[b] :
			    1.0 / (double)bl->n;
			for (i = 0; i < d; i++) {
				p = of != NULL ? of[i] : i;
				ref[p] += wt * cur[b * d + i];
			}
		}
		if (n == COMPARE_NODES_FIRST / 2)
			continue;
		for (worst = 0, p = 0; p < players; p++) {
			ref_err[p] = fabs(ref[p] - old[p]);
			worst = fmax(worst, ref_err[p]);
		}
		*nodes = n;
		if (worst <= tol || n * 2 > max)
			break;
	}
	rc = 0;
out:
	free(cur);
	free(old);
	return (rc);
}

/*
 * IG's reference: the exact integral along the one path (exactig), per
 * player, with a rounding error of 1e-7 of |f(x) - f(b)| on each (fx is
 * f(x)).
 * Errors: GS_EUNSUPPORTED (a custom model), GS_EINTR, the model's.
 */
static int
compare_exact_path(struct gs_explainer *e, const double *x, size_t target,
    double fx, const size_t *of, size_t players, double *ref,
    double *ref_err, struct gs_error *err)
{
	double	*b, *phi, fb;
	size_t	 d = e->d, i, regions;
	int	 rc;

	b = xcalloc(d, sizeof *b);
	phi = xcalloc(d, sizeof *phi);
	for (i = 0; i < d; i++)
		b[i] = e->bl->rows[i];
	rc = exactig_integrate(e->w[0].plan, e->opts.batch, d, e->k, x, b,
	    target, phi, &regions, e, err);
	if (rc == 0) {
		fb = e->bl_out[target];
		memset(ref, 0, players * sizeof *ref);
		for (i = 0; i < d; i++)
			ref[of != NULL ? of[i] : i] += phi[i];
		for (i = 0; i < players; i++)
			ref_err[i] = 1e-7 * fabs(fx - fb);
	}
	free(b);
	free(phi);
	return (rc);
}

/*
 * Exact Shapley values of e's game for x (players of them) into phi, or
 * 1 when there are too many players or evaluations to enumerate.
 * Errors: GS_EINTR, the model's.
 */
static int
compare_shapley(struct gs_explainer *e, const double *x, size_t target,
    double *phi, struct gs_error *err)
{
	struct gs_game	g;
	int		rc;

	game_init(&g, e->w[0].plan, e->opts.batch, e->k, x, target, e->bl,
	    e->groups);
	g.e = e;
	if (g.players > GS_EXACT_MAX_PLAYERS || e->bl->n >
	    ((size_t)1 << 28) >> g.players) {
		game_free(&g);
		return (1);
	}
	rc = exact_shapley(&g, phi, err);
	game_free(&g);
	return (rc);
}

int
teach_compare(struct gs_explainer *e, const double *x, size_t row,
    const struct gs_explanation *ex, size_t max_nodes, struct gs_compare *c,
    struct gs_error *err)
{
	const size_t	*of = e->groups != NULL ? e->groups->of : NULL;
	enum gs_method	 m = e->opts.method;
	const struct gs_method_info *mi = method_info(m);
	size_t		 target, p, np, i;
	double		 fx, tol, scale, v, s;
	int		 rc, noshap;

	memset(c, 0, sizeof *c);
	if (ex->method != m || ex->d != e->d)
		return (gs_error_set(err, GS_EINVAL, "compare: the explanation "
		    "is not one of this explainer's (%s, %zu features)",
		    method_name(m), e->d));
	if (explainer_target(e, &e->w[0], x, row, &target, err) != 0)
		return (-1);
	fx = e->w[0].y[target];
	np = e->ng > 0 ? e->ng : e->d;
	c->d = np;
	c->method = m;
	c->estimate = xcalloc(np, sizeof *c->estimate);
	if (e->ng > 0 && ex->gphi != NULL)
		memcpy(c->estimate, ex->gphi, np * sizeof *c->estimate);
	else if (e->ng > 0)
		groups_sum(e->groups, ex->phi, c->estimate);
	else
		memcpy(c->estimate, ex->phi, np * sizeof *c->estimate);
	if ((e->ng > 0 ? ex->gse : ex->se) != NULL) {
		c->se = xcalloc(np, sizeof *c->se);
		memcpy(c->se, e->ng > 0 ? ex->gse : ex->se, np *
		    sizeof *c->se);
	}
	/* What it estimates, from its traits (the method table). */
	c->bias_note = mi->bias_note;
	if (e->bl == NULL || mi->estimand == GS_REF_NONE ||
	    ((mi->takes & GS_TAKES_NOISE) && e->nz != NULL)) {
		c->ref = GS_REF_NONE;
		c->bias_note = NULL;
		c->ref_note = e->bl == NULL || mi->estimand == GS_REF_NONE ?
		    "no exact counterpart: the method is not a Shapley-type "
		    "attribution over a baseline set" :
		    "with input noise the estimate averages over the noise "
		    "too: no exact reference";
		return (0);
	}
	c->reference = xcalloc(np, sizeof *c->reference);
	c->ref_err = xcalloc(np, sizeof *c->ref_err);
	c->shapley = xcalloc(np, sizeof *c->shapley);
	rc = compare_shapley(e, x, target, c->shapley, err);
	if (rc < 0)
		goto fail;
	noshap = rc == 1;
	if (mi->estimand == GS_REF_PATH && mi->unit == GS_UNIT_STEPS) {
		/* One path: exact IG is cheap and exact to float rounding. */
		rc = compare_exact_path(e, x, target, fx, of, np,
		    c->reference, c->ref_err, err);
		if (rc < 0 && err != NULL && err->code != GS_EUNSUPPORTED)
			goto fail;
		if (rc == 0) {
			c->ref = GS_REF_PATH;
			c->ref_note = "the exact path integral: every linear "
			    "region integrated (exact IG)";
			goto done;
		}
		gs_error_clear(err);
	}
	switch (mi->estimand) {
	case GS_REF_EXPECTED_GRADIENTS:
	case GS_REF_PATH:
		if (mi->unit == GS_UNIT_REGIONS) {
			/* Exact IG: every region integrated already. */
			c->ref = GS_REF_PATH;
			c->ref_note = "exact IG is its own reference: every "
			    "linear region integrated";
			memcpy(c->reference, c->estimate, np *
			    sizeof *c->reference);
			break;
		}
		c->ref = mi->estimand;
		c->ref_note = mi->estimand == GS_REF_PATH ? "the path "
		    "integral by Gauss-Legendre; its error: the change from "
		    "half the nodes" :
		    "expected gradients: each baseline's path integral by "
		    "Gauss-Legendre, averaged; its error: the change from half "
		    "the nodes";
		/* A twentieth of the smallest SE; else 1e-6 of the scale. */
		scale = fabs(fx - explainer_base(e, target));
		tol = HUGE_VAL;
		for (p = 0; c->se != NULL && p < np; p++)
			if (c->se[p] > 0 && c->se[p] / 20 < tol)
				tol = c->se[p] / 20;
		if (tol == HUGE_VAL)
			tol = 1e-6 * (scale > 0 ? scale : 1);
		if (compare_paths_mean(e, x, target, of, np, tol,
		    max_nodes > 0 ? max_nodes : COMPARE_NODES_MAX,
		    c->reference, c->ref_err, &c->nodes, err) != 0)
			goto fail;
		break;
	default:
		/* GS_REF_SHAPLEY (permutation, Kernel SHAP, exact). */
		c->ref = GS_REF_SHAPLEY;
		c->ref_note = "exact Shapley values of the same game, every "
		    "coalition against every baseline row";
		if (noshap) {
			c->ref = GS_REF_NONE;
			c->ref_note = "more than 20 players (or too many "
			    "evaluations): no exact Shapley values; group the "
			    "features";
			free(c->reference);
			free(c->ref_err);
			c->reference = c->ref_err = NULL;
		} else
			memcpy(c->reference, c->shapley, np *
			    sizeof *c->reference);
		break;
	}
done:
	if (noshap) {
		free(c->shapley);
		c->shapley = NULL;
	} else if (c->reference != NULL) {
		c->bias = xcalloc(np, sizeof *c->bias);
		for (p = 0; p < np; p++)
			c->bias[p] = c->reference[p] - c->shapley[p];
	}
	if (c->reference == NULL)
		return (0);
	c->z = xcalloc(np, sizeof *c->z);
	for (i = 0; i < np; i++) {
		s = c->se != NULL ? c->se[i] : 0;
		v = sqrt(s * s + c->ref_err[i] * c->ref_err[i]);
		c->z[i] = s > 0 && v > 0 ? (c->estimate[i] - c->reference[i]) /
		    v : NAN;
		if (isnan(c->z[i]))
			continue;
		c->counted++;
		c->inside += fabs(c->z[i]) <= 1.959963984540054;
	}
	return (0);
fail:
	teach_compare_clear(c);
	return (-1);
}

void
teach_compare_clear(struct gs_compare *c)
{
	free(c->estimate);
	free(c->se);
	free(c->reference);
	free(c->ref_err);
	free(c->z);
	free(c->shapley);
	free(c->bias);
	memset(c, 0, sizeof *c);
}

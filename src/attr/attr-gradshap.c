/* SPDX-License-Identifier: ISC */
/*
 * Gradient SHAP, i.e. expected gradients (Erion et al., "Improving
 * performance of deep learning models with axiomatic attribution priors and
 * expected gradients", Nature MI 2021; Lundberg & Lee 2017 for the name):
 *
 *   phi_i = E_{b ~ B, alpha ~ U(0,1), eps ~ N(0, sigma^2)}
 *           [ (x + eps - b)_i * d f / d x_i (b + alpha (x + eps - b)) ]
 *
 * estimated by the mean over n samples, with standard error sd / sqrt(n).
 * Completeness holds in expectation: sum_i phi_i -> E[f(x + eps)] - E_b[f(b)].
 * Sample s of row r draws, from stream (r, s), a baseline index, alpha, then
 * d normal deviates (or takes its row of a noise function's output).
 * Under another sampling plan (sampling.c) the draws come from the
 * sampler, and each unit (an antithetic pair, a QMC replicate) is averaged
 * into one sample of the accumulator, so standard errors stay honest.
 * Without noise a point's first layer comes from the path cache
 * (pathcache.c) where the explainer has one.
 */
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "core/xmalloc.h"
#include "model/simd.h"

/* Point q of a plan's draw: b + alpha' (x + sign eps - b), alpha' = alpha or 1 - alpha. */
void
attr_gradshap_point(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t q, const struct explainer_draw *dr,
    void *arg)
{
	const gs_real	*b = e->bl->rows + dr->bidx * e->d;
	double		 al = dr->sign > 0 ? dr->alpha : 1 - dr->alpha, xe;
	size_t		 d = e->d, i;

	(void)arg;
	if (dr->eps == NULL) {
		/* The common case, without a test per element (vectorises). */
		for (i = 0; i < d; i++) {
			xe = j->x[i];
			w->delta[q * d + i] = (gs_real)(xe - b[i]);
			w->z[q * d + i] = (gs_real)(b[i] + al * (xe - b[i]));
		}
		if (e->pc != NULL)
			pathcache_point(e->pc, j->fx, dr->bidx, al,
			    w->f + q * e->pc->len);
	}
	for (i = 0; dr->eps != NULL && i < d; i++) {
		xe = j->x[i];
		xe += dr->sign * dr->eps[i];
		w->delta[q * d + i] = (gs_real)(xe - b[i]);
		w->z[q * d + i] = (gs_real)(b[i] + al * (xe - b[i]));
	}
	w->targets[q] = j->target;
}

/* Point q's contribution delta (grad - G), G the control variate's or 0. */
static void
attr_gradshap_value(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t q, double *acc, void *arg)
{
	const double	*cv = arg;
	size_t		 d = e->d, i;

	(void)j;
	if (cv == NULL) {
		/* grad - 0 is grad: the same sums, in a loop that vectorises. */
		for (i = 0; i < d; i++)
			acc[i] += (double)w->delta[q * d + i] *
			    (double)w->grad[q * d + i];
		return;
	}
	for (i = 0; i < d; i++)
		acc[i] += (double)w->delta[q * d + i] * (w->grad[q * d + i] -
		    cv[i]);
}

/*
 * One block of the reg plan: its draws, their contributions in the lanes
 * of sampling-reg.c, and what its tasks (passes of the model, chunks of
 * the regression) write, each into its own part.
 */
struct attr_gradshap_block {
	struct gs_explainer	*e;		/* the explainer */
	const struct gs_job	*j;		/* the row */
	size_t			 u;		/* block number */
	size_t			 m;		/* its draws */
	size_t			 nk;		/* chunks of GS_REG_LANES features */
	size_t			 per;		/* chunks a task fits */
	struct gs_reg_block	 bk;		/* the regression's view */
	double			*c;		/* lanes: contributions */
	gs_real			*zd;		/* lanes: x + eps - b */
	gs_real			*b;		/* lanes: baselines */
	double			*alpha;		/* m: path positions */
	size_t			*bidx;		/* m: baselines */
	double			*tot;		/* m: totals */
	double			*mean;		/* nk x L: each feature's mean */
	double			*m2;		/* nk x L: its squared deviations */
	double			*part;		/* nk x m: draws' sums by chunk */
	double			*r;		/* lanes: adjusted values (groups), or NULL */
	double			*ru;		/* tasks x m x L: scratch */
	int			*rc;		/* per pass: its result */
	struct gs_error		*err;		/* per pass: its error */
};

/*
 * The totals of draws p0 to p0 + n - 1 of a reg block (lanes c, m draws,
 * d features) into tot: each in feature order as sampling_reg_total sums
 * it (the same bits), eight draws side by side rather than one chain of
 * additions.
 */
static void
attr_gradshap_totals(const double *restrict c, size_t m, size_t d, size_t p0,
    size_t n, double *restrict tot)
{
	enum { L = GS_REG_LANES, Q = 8 };
	const double	*ci;
	double		 acc[Q];
	size_t		 q, i, l;

	for (q = 0; q + Q <= n; q += Q) {
		for (l = 0; l < Q; l++)
			acc[l] = 0;
		for (i = 0; i < d; i++) {
			ci = c + ((i / L) * m + p0 + q) * L + i % L;
			for (l = 0; l < Q; l++)
				acc[l] += ci[l * L];
		}
		for (l = 0; l < Q; l++)
			tot[q + l] = acc[l];
	}
	for (; q < n; q++)
		for (tot[q] = 0, i = 0; i < d; i++)
			tot[q] += c[((i / L) * m + p0 + q) * L + i % L];
}

/*
 * Draw p's contributions dq_i gq_i, path directions dq and baseline br into
 * the lanes of a reg block (m draws, nk chunks): whole chunks eight values
 * at a time, the last one padded with 0. Also built for AVX2 (GS_CLONES):
 * the same operations, so the same bits.
 */
static GS_CLONES void
attr_gradshap_scatter(const gs_real *restrict dq, const gs_real *restrict gq,
    const gs_real *restrict br, size_t d, size_t nk, size_t m, size_t p,
    double *restrict c, gs_real *restrict zd, gs_real *restrict b)
{
	enum { L = GS_REG_LANES };
	size_t	i, l, o;

	for (i = 0; i + L <= d; i += L) {
		o = ((i / L) * m + p) * L;
		for (l = 0; l < L; l++) {
			c[o + l] = (double)dq[i + l] * (double)gq[i + l];
			zd[o + l] = dq[i + l];
			b[o + l] = br[i + l];
		}
	}
	for (; i < nk * L; i++) {
		o = ((i / L) * m + p) * L + i % L;
		c[o] = i < d ? (double)dq[i] * (double)gq[i] : 0;
		zd[o] = i < d ? dq[i] : 0;
		b[o] = i < d ? br[i] : 0;
	}
}

/*
 * Task t of a reg block: pass t of the model over draws tB to tB + B - 1
 * (B the batch) on worker wi's plan and buffers, their contributions,
 * path directions and baselines into the lanes.
 */
static void
attr_gradshap_pass(void *arg, size_t t, size_t wi)
{
	enum { L = GS_REG_LANES };
	struct attr_gradshap_block *ab = arg;
	struct gs_explainer	*e = ab->e;
	struct gs_worker	*w = &e->w[wi];
	const struct gs_job	*j = ab->j;
	const struct gs_sampler	*sp = e->sampler;
	struct explainer_draw	 dr;
	double			*c = w->contrib;
	size_t			 d = e->d, B = e->opts.batch, m = ab->m;
	size_t			 p0 = t * B, n, q, p;

	n = m - p0 < B ? m - p0 : B;
	gs_error_clear(&ab->err[t]);
	if ((ab->rc[t] = explainer_cancelled(e, &ab->err[t])) != 0)
		return;
	if (w->noise != NULL && (ab->rc[t] = e->nz->fill(e->nz->fill_arg,
	    j->row, j->xd, n, d, e->opts.seed, ab->u *
	    sampling_max_points(sp, j->asked) + p0, w->noise,
	    &ab->err[t])) != 0)
		return;
	for (q = 0; q < n; q++) {
		p = p0 + q;
		sampling_draw(sp, e->opts.seed, j->row, ab->u, p,
		    &ab->alpha[p], &ab->bidx[p], c);
		dr.alpha = ab->alpha[p];
		dr.bidx = ab->bidx[p];
		dr.sign = 1;
		dr.eps = w->noise != NULL ? w->noise + q * d : e->nz != NULL ?
		    c : NULL;
		attr_gradshap_point(e, w, j, q, &dr, NULL);
	}
	if ((ab->rc[t] = explainer_points_gradient(e, w, n, NULL,
	    &ab->err[t])) != 0)
		return;
	for (q = 0; q < n; q++)
		attr_gradshap_scatter(w->delta + q * d, w->grad + q * d,
		    e->bl->rows + ab->bidx[p0 + q] * d, d, ab->nk, m, p0 + q,
		    ab->c, ab->zd, ab->b);
	attr_gradshap_totals(ab->c, m, d, p0, n, ab->tot + p0);
}

/* Task t of a reg block: chunks t per to t per + per - 1 of the regression. */
static void
attr_gradshap_chunks(void *arg, size_t t, size_t wi)
{
	enum { L = GS_REG_LANES };
	struct attr_gradshap_block *ab = arg;
	size_t			 k, m = ab->m;

	(void)wi;
	for (k = t * ab->per; k < ab->nk && k < (t + 1) * ab->per; k++)
		sampling_reg_chunk(&ab->bk, k, ab->ru + t * m * L,
		    ab->mean + k * L, ab->m2 + k * L, ab->part + k * m,
		    ab->r != NULL ? ab->r + k * m * L : NULL);
}

/*
 * The moments of block ab into st (streams: features, groups, total): the
 * features' from the regression, the groups' and the total's from each
 * draw's sums of its values (chunk by chunk, feature by feature: the same
 * order whatever ran them).
 */
static void
attr_gradshap_block_stats(struct gs_explainer *e,
    struct attr_gradshap_block *ab, struct gs_stats *st)
{
	enum { L = GS_REG_LANES };
	size_t	 m = ab->m, d = e->d, ng = e->ng, u, k, i, g;
	double	*v, *sum, x;

	st->n = m;
	memcpy(st->mean, ab->mean, d * sizeof *st->mean);
	memcpy(st->m2, ab->m2, d * sizeof *st->m2);
	/* The total, then each group: m values each, two passes. */
	v = xcalloc(xmul(m, ng + 1), sizeof *v);
	for (u = 0; u < m; u++) {
		for (x = 0, k = 0; k < ab->nk; k++)
			x += ab->part[k * m + u];
		v[u * (ng + 1) + ng] = x;
		for (i = 0; ng > 0 && i < d; i++)
			v[u * (ng + 1) + e->groups->of[i]] +=
			    ab->r[((i / L) * m + u) * L + i % L];
	}
	sum = xcalloc(ng + 1, sizeof *sum);
	for (u = 0; u < m; u++)
		for (g = 0; g <= ng; g++)
			sum[g] += v[u * (ng + 1) + g];
	for (g = 0; g <= ng; g++) {
		st->mean[d + g] = sum[g] / (double)m;
		st->m2[d + g] = 0;
	}
	for (u = 0; u < m; u++)
		for (g = 0; g <= ng; g++) {
			x = v[u * (ng + 1) + g] - st->mean[d + g];
			st->m2[d + g] += x * x;
		}
	free(sum);
	free(v);
}

/*
 * Batch k of blocks under the reg plan: each block's draws evaluated pass
 * by pass, then every feature's values adjusted by the block's
 * leave-one-out regression on control variates (sampling-reg.c), and the
 * block's moments folded into the batch's. A row explained alone with
 * large batches (gs_job.spread) runs the passes and the regression's
 * chunks on every worker: the same bits as on one.
 */
static int
attr_gradshap_reg(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t k, struct gs_error *err)
{
	enum { L = GS_REG_LANES };
	const struct gs_sampler	*sp = e->sampler;
	struct attr_gradshap_block ab;
	struct gs_reg_share	 sh;
	struct gs_stats		 st;
	struct gs_job		 jj = *j;
	double			 mu;
	size_t			 d = e->d, B = e->opts.batch, first, nb, u, mm;
	size_t			 np, nt, nl, t;
	int			 rc = -1;

	nb = explainer_batch_range(e, j->n, k, &first);
	mm = sampling_max_points(sp, j->asked);
	memset(&ab, 0, sizeof ab);
	memset(&sh, 0, sizeof sh);
	ab.e = e;
	ab.j = &jj;
	ab.nk = (d + L - 1) / L;
	nl = xmul(ab.nk, xmul(mm, L));
	ab.c = xmalloc(xmul(nl, sizeof *ab.c));
	ab.zd = xmalloc(xmul(nl, sizeof *ab.zd));
	ab.b = xmalloc(xmul(nl, sizeof *ab.b));
	ab.r = e->ng > 0 ? xmalloc(xmul(nl, sizeof *ab.r)) : NULL;
	ab.alpha = xmalloc(xmul(mm, sizeof *ab.alpha));
	ab.bidx = xmalloc(xmul(mm, sizeof *ab.bidx));
	ab.tot = xmalloc(xmul(mm, sizeof *ab.tot));
	ab.mean = xmalloc(xmul(ab.nk * L, sizeof *ab.mean));
	ab.m2 = xmalloc(xmul(ab.nk * L, sizeof *ab.m2));
	ab.part = xmalloc(xmul(xmul(ab.nk, mm), sizeof *ab.part));
	np = (mm + B - 1) / B;
	ab.rc = xcalloc(np, sizeof *ab.rc);
	ab.err = xcalloc(np, sizeof *ab.err);
	/* Tasks of chunks: a few a worker when spread, else one. */
	nt = jj.spread ? (ab.nk < 4 * e->nw ? ab.nk : 4 * e->nw) : 1;
	ab.per = (ab.nk + nt - 1) / nt;
	nt = (ab.nk + ab.per - 1) / ab.per;
	ab.ru = xmalloc(xmul(xmul(nt, mm), L * sizeof *ab.ru));
	stats_init(&st, d + e->ng + 1);
	st.order = 2;
	/*
	 * mu = E[sum_i c_i] = f(x) - E_b f(b) (completeness), and without
	 * noise the share control from the gradient at x.
	 */
	w->targets[0] = j->target;
	if (plan_gradient(w->plan, j->x, 1, w->targets, w->y, w->grad,
	    err) != 0)
		goto out;
	mu = (double)w->y[j->target] - explainer_base(e, j->target);
	if (e->nz == NULL)
		(void)sampling_reg_share(sp, j->x, w->grad,
		    (double)w->y[j->target], j->target, &sh);
	/* A noise function runs on one thread (it may be a Lua script). */
	if (w->noise != NULL)
		jj.spread = 0;
	stats_reset(&w->batch);
	for (u = first; u < first + nb; u++) {
		ab.u = u;
		ab.m = sampling_points(sp, j->asked, u);
		np = (ab.m + B - 1) / B;
		explainer_for(e, &jj, w, np, attr_gradshap_pass, &ab);
		for (t = 0; t < np; t++)
			if (ab.rc[t] != 0) {
				if (err != NULL)
					*err = ab.err[t];
				goto out;
			}
		ab.bk.m = ab.m;
		ab.bk.d = d;
		ab.bk.c = ab.c;
		ab.bk.zd = ab.zd;
		ab.bk.b = ab.b;
		ab.bk.alpha = ab.alpha;
		ab.bk.bidx = ab.bidx;
		ab.bk.tot = ab.tot;
		sampling_reg_begin(sp, &ab.bk, mu, &sh);
		explainer_for(e, &jj, w, (ab.nk + ab.per - 1) / ab.per,
		    attr_gradshap_chunks, &ab);
		sampling_reg_end(&ab.bk);
		attr_gradshap_block_stats(e, &ab, &st);
		stats_merge(&w->batch, &st);
	}
	rc = 0;
out:
	sampling_reg_share_free(&sh);
	stats_free(&st);
	free(ab.c);
	free(ab.zd);
	free(ab.b);
	free(ab.r);
	free(ab.alpha);
	free(ab.bidx);
	free(ab.tot);
	free(ab.mean);
	free(ab.m2);
	free(ab.part);
	free(ab.rc);
	free(ab.err);
	free(ab.ru);
	return (rc);
}

/* Batch k of randomisation units under a sampling plan. */
static int
attr_gradshap_plan(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t k, struct gs_error *err)
{
	const struct gs_sampler	*sp = e->sampler;
	const double		*bm = sampling_cv_mean(sp);
	double			*cv = NULL, *acc = NULL, m;
	size_t			 d = e->d, a = sampling_members(sp), first, nb;
	size_t			 u, i;
	int			 rc = -1;

	nb = explainer_batch_range(e, j->n, k, &first);
	if (bm != NULL) {
		/* The control variate's G: the gradient at (x + mean b) / 2. */
		for (i = 0; i < d; i++)
			w->z[i] = (gs_real)((j->xd[i] + bm[i]) / 2);
		w->targets[0] = j->target;
		if (plan_gradient(w->plan, w->z, 1, w->targets, NULL, w->grad,
		    err) != 0)
			return (-1);
		cv = xcalloc(d, sizeof *cv);
		for (i = 0; i < d; i++)
			cv[i] = w->grad[i];
	}
	acc = xcalloc(xmul(nb, d), sizeof *acc);
	if (explainer_plan_units(e, w, j, first, nb, 1, attr_gradshap_point,
	    attr_gradshap_value, cv, acc, err) != 0)
		goto out;
	stats_reset(&w->batch);
	for (u = 0; u < nb; u++) {
		m = (double)(sampling_points(sp, j->asked, first + u) * a);
		for (i = 0; i < d; i++)
			w->contrib[i] = acc[u * d + i] / m +
			    (cv != NULL ? (j->xd[i] - bm[i]) * cv[i] : 0);
		explainer_add_sample(e, w);
	}
	rc = 0;
out:
	free(cv);
	free(acc);
	return (rc);
}

int
attr_gradshap_batch(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t k, struct gs_error *err)
{
	struct gs_rng	 r;
	const gs_real	*b;
	size_t		 d = e->d, first, nb, s, i, bi;
	double		 alpha, xe, *c;

	if (e->sampler != NULL && sampling_reg(e->sampler))
		return (attr_gradshap_reg(e, w, j, k, err));
	if (e->sampler != NULL)
		return (attr_gradshap_plan(e, w, j, k, err));
	nb = explainer_batch_range(e, j->n, k, &first);
	if (w->noise != NULL && e->nz->fill(e->nz->fill_arg, j->row, j->xd, nb,
	    d, e->opts.seed, first, w->noise, err) != 0)
		return (-1);
	for (s = 0; s < nb; s++) {
		gs_rng_init2(&r, e->opts.seed, j->row, first + s);
		bi = explainer_draw_baseline(e, &r);
		b = e->bl->rows + bi * d;
		alpha = gs_rng_uniform(&r);
		w->targets[s] = j->target;
		if (e->nz == NULL) {
			/* No noise: no test per element, so it vectorises. */
			for (i = 0; i < d; i++) {
				xe = j->x[i];
				w->delta[s * d + i] = (gs_real)(xe - b[i]);
				w->z[s * d + i] = (gs_real)(b[i] + alpha *
				    (xe - b[i]));
			}
			if (e->pc != NULL)
				pathcache_point(e->pc, j->fx, bi, alpha,
				    w->f + s * e->pc->len);
			continue;
		}
		for (i = 0; i < d; i++) {
			xe = j->x[i];
			if (w->noise != NULL)
				xe += w->noise[s * d + i];
			else if (e->nz != NULL)
				xe += e->nz->sigma[i] * gs_rng_normal(&r);
			w->delta[s * d + i] = (gs_real)(xe - b[i]);
			w->z[s * d + i] = (gs_real)(b[i] + alpha * (xe - b[i]));
		}
	}
	if (explainer_points_gradient(e, w, nb, NULL, err) != 0)
		return (-1);
	/* The batch's samples, then their moments in one go. */
	c = explainer_samples(e, w, nb);
	for (s = 0; s < nb; s++)
		for (i = 0; i < d; i++)
			c[s * (d + e->ng + 1) + i] = (double)w->delta[s * d +
			    i] * w->grad[s * d + i];
	stats_reset(&w->batch);
	explainer_add_samples(e, w, c, nb);
	return (0);
}

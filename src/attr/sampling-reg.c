/* SPDX-License-Identifier: ISC */
/*
 * The reg plan's estimator: each block of plain Monte Carlo draws, every
 * feature's contributions regressed on control variates of known mean
 * zero with leave-one-out coefficients (unbiased), eight features side by
 * side so that the loops vectorise, and standard errors widened for heavy
 * tails and for a block whose total misses its known mean; and the share
 * control's known means, summed over every baseline once a row.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "attr/sampling-int.h"
#include "core/xmalloc.h"

/*
 * The 0.975 quantile of Student's t with df (>= 3, not necessarily whole)
 * degrees of freedom, by the Cornish-Fisher series in 1 / df (Abramowitz
 * and Stegun 26.7.5); within 1% of the exact value from 3 up.
 */
static double
sampling_t975(double df)
{
	const double	z = 1.959963984540054, z2 = z * z;
	double		g1, g2, g3;

	g1 = (z2 + 1) * z / 4;
	g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
	g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
	return (z + ((g3 / df + g2) / df + g1) / df);
}

/*
 * How much wider than the spread of its m values a reg block's SE must be
 * to hold at small m, from their sums of squared and fourth-power
 * deviations m2 and m4. The values of a heavy-tailed block (a path's spike
 * drawn once or twice) give an SE that is itself uncertain: with kurtosis
 * kappa it has about 2m / (kappa - 1) degrees of freedom (m for normal
 * values), and the SE takes Student's t for them. And a block whose mean
 * total misses its known mean mu by z standard errors has drawn an
 * unrepresentative share of the spikes, which the fitted controls only
 * partly correct: its SE grows by sqrt(1 + z^2 / 2). zt is z, or 0 without
 * the total.
 */
static double
sampling_reg_widen(size_t m, double m2, double m4, double zt)
{
	double	kappa, df;

	kappa = m2 > 0 ? (double)m * m4 / (m2 * m2) : 3;
	df = 2 * (double)m / fmax(kappa - 1, 2);
	if (df < 3)
		df = 3;
	return (sampling_t975(df) / 1.959963984540054 *
	    sqrt(1 + SAMPLING_REG_MISS * zt * zt));
}

/*
 * The reg plan's loops also built for AVX2 where the toolchain can pick a
 * build at load time (GNU ifunc): 4 lanes an instruction instead of SSE2's
 * 2. The same operations in the same order (C17 mode contracts nothing into
 * FMAs), so both builds give the same bits. Not under the thread
 * sanitizer, whose runtime is not ready when ifunc resolvers run.
 */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__GLIBC__) && \
    !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define SAMPLING_CLONES	__attribute__((target_clones("avx2", "default")))
#else
#define SAMPLING_CLONES
#endif

/* Index of entry (p, q), q <= p, of a packed lower triangle. */
#define SAMPLING_TRI(p, q)	((p) * ((p) + 1) / 2 + (q))
/* Features handled side by side by the reg plan's loops. */
#define SAMPLING_LANES		8
/* Entries of a packed SAMPLING_REG_COLS-square symmetric matrix. */
#define SAMPLING_TRI_N	(SAMPLING_REG_COLS * (SAMPLING_REG_COLS + 1) / 2)

/*
 * The reg plan's fit for SAMPLING_LANES features side by side (fixed-size
 * arrays, so that the loops over the lanes vectorise): the sums of z z^T
 * and of z c over the block's points, then the inverse and the fit.
 */
struct sampling_lanes {
	double	sa[SAMPLING_TRI_N][SAMPLING_LANES];	/* sums of z z^T */
	double	sg[SAMPLING_REG_COLS][SAMPLING_LANES];	/* sums of z c */
	double	fi[SAMPLING_TRI_N][SAMPLING_LANES];	/* their inverse */
	double	ft[SAMPLING_REG_COLS][SAMPLING_LANES];	/* the fit theta */
};

/*
 * The m points of a block for the lanes of l, SAMPLING_LANES values a point
 * (struct of arrays): zs the features' share columns (0 without the
 * total, a column that sampling_reg_fit leaves out), p1 and p2 the
 * points' P1(alpha) and P2(alpha), zb the features' b_i less their means,
 * zd their path directions; with the intercept, z is (1, zs, zb, p1 zd,
 * p2 zd).
 * Adds z z^T and z c (cu the contributions) to the sums; the intercept's
 * own entry (m) is left to the caller.
 */
static SAMPLING_CLONES void
sampling_reg_sums(struct sampling_lanes *restrict l, size_t m,
    const double *restrict zs, const double *restrict p1,
    const double *restrict p2, const double *restrict zb,
    const double *restrict zd, const double *restrict cu)
{
	enum { L = SAMPLING_LANES };
	double	sa[SAMPLING_TRI_N][L], sg[SAMPLING_REG_COLS][L];
	double	y1, q1, q2, z2, z3, z4, cv;
	size_t	u, j;

	_Static_assert(SAMPLING_REG_COLS == 5, "sampling_reg_sums and "
	    "sampling_reg_loo spell out 5 regressors");
	memset(sa, 0, sizeof sa);
	memset(sg, 0, sizeof sg);
	for (u = 0; u < m; u++) {
		q1 = p1[u];
		q2 = p2[u];
		for (j = 0; j < L; j++) {
			y1 = zs[u * L + j];
			z2 = zb[u * L + j];
			z3 = q1 * zd[u * L + j];
			z4 = q2 * zd[u * L + j];
			cv = cu[u * L + j];
			sa[1][j] += y1;
			sa[2][j] += y1 * y1;
			sg[0][j] += cv;
			sg[1][j] += y1 * cv;
			sg[2][j] += z2 * cv;
			sg[3][j] += z3 * cv;
			sg[4][j] += z4 * cv;
			sa[3][j] += z2;
			sa[4][j] += z2 * y1;
			sa[5][j] += z2 * z2;
			sa[6][j] += z3;
			sa[7][j] += z3 * y1;
			sa[8][j] += z3 * z2;
			sa[9][j] += z3 * z3;
			sa[10][j] += z4;
			sa[11][j] += z4 * y1;
			sa[12][j] += z4 * z2;
			sa[13][j] += z4 * z3;
			sa[14][j] += z4 * z4;
		}
	}
	memcpy(l->sa[1], sa[1], sizeof sa - sizeof sa[0]);
	memcpy(l->sg, sg, sizeof sg);
}

/*
 * The m points' leave-one-out values for the lanes of l into ru (arguments
 * as sampling_reg_sums), and their sums into mean: with theta_(-u) the fit
 * without point u, c_u - beta_(-u) . z_u = a + e_u (1 - k_u) / (1 - h_u),
 * e_u the residual, h_u = z_u^T A^-1 z_u the leverage, k_u the intercept's
 * row of A^-1 times z_u. beta_(-u) never sees point u, so each value has
 * expectation phi_i whatever the fit. A point of leverage 1 (the only one
 * to move a regressor), and every point of a lane whose still is not 0,
 * keeps c.
 */
static SAMPLING_CLONES void
sampling_reg_loo(const struct sampling_lanes *restrict l, size_t m,
    const double *restrict zs, const double *restrict p1,
    const double *restrict p2, const double *restrict zb,
    const double *restrict zd, const double *restrict cu,
    const double *restrict still, double *restrict ru, double *restrict mean)
{
	enum { L = SAMPLING_LANES };
	double	y1, q1, q2, z2, z3, z4, cv, e, h, k, lev[L];
	size_t	u, j;

	for (j = 0; j < L; j++)
		mean[j] = 0;

	for (u = 0; u < m; u++) {
		q1 = p1[u];
		q2 = p2[u];
		for (j = 0; j < L; j++) {
			y1 = zs[u * L + j];
			z2 = zb[u * L + j];
			z3 = q1 * zd[u * L + j];
			z4 = q2 * zd[u * L + j];
			cv = cu[u * L + j];
			e = cv - (l->ft[0][j] + l->ft[1][j] * y1 +
			    l->ft[2][j] * z2 + l->ft[3][j] * z3 +
			    l->ft[4][j] * z4);
			k = l->fi[0][j] + l->fi[1][j] * y1 + l->fi[3][j] * z2 +
			    l->fi[6][j] * z3 + l->fi[10][j] * z4;
			h = 2 * k - l->fi[0][j] + l->fi[2][j] * y1 * y1 +
			    l->fi[5][j] * z2 * z2 + l->fi[9][j] * z3 * z3 +
			    l->fi[14][j] * z4 * z4 + 2 * (l->fi[4][j] * z2 * y1 +
			    l->fi[7][j] * z3 * y1 + l->fi[8][j] * z3 * z2 +
			    l->fi[11][j] * z4 * y1 + l->fi[12][j] * z4 * z2 +
			    l->fi[13][j] * z4 * z3);
			ru[u * L + j] = l->ft[0][j] + e * (1 - k) / (1 - h);
			lev[j] = h;
		}
		/*
		 * Apart, as a select of values, so that both loops vectorise
		 * (a division in a conditional arm is kept as a branch).
		 */
		for (j = 0; j < L; j++) {
			e = ru[u * L + j];
			cv = cu[u * L + j];
			e = lev[j] < 1 - 1e-9 ? e : cv;
			ru[u * L + j] = still[j] != 0 ? cv : e;
			mean[j] += ru[u * L + j];
		}
	}
}

/*
 * Solve the regressions of the lanes of l side by side: each lane's
 * matrix a (the sums, with a ridge) is inverted by a Cholesky
 * factorisation of a scaled to unit diagonal. A column that is
 * (numerically) a combination of the ones before it is left out: its rows
 * and columns of the inverse are 0, as if that regressor did not exist.
 * Each step is done for all lanes at once and a lane's decisions are
 * selects, so that the loops over the lanes vectorise and the lanes'
 * chains of divisions overlap. Padding lanes compute values nobody reads.
 */
static SAMPLING_CLONES void
sampling_reg_fit(struct sampling_lanes *l)
{
	enum { N = SAMPLING_REG_COLS, L = SAMPLING_LANES };
	double	a[N][N][L], lo[N][N][L], inv[N][N][L];
	double	sc[N][L], kp[N][L], y[N][L], v[L], d0;
	size_t	i, j, k, c, p, q;

	for (p = 0; p < N; p++)
		for (q = 0; q <= p; q++)
			for (j = 0; j < L; j++)
				a[p][q][j] = a[q][p][j] =
				    l->sa[SAMPLING_TRI(p, q)][j];
	/*
	 * A ridge of 1e-3 of each regressor's spread: a regressor that only
	 * one draw moves (a rare pixel, say) then gets a small coefficient
	 * from the others instead of an undetermined one. The leave-one-out
	 * identities hold for the ridge too.
	 */
	for (p = 1; p < N; p++)
		for (j = 0; j < L; j++)
			a[p][p][j] += SAMPLING_REG_RIDGE * fmax(0, a[p][p][j] -
			    a[p][0][j] * a[p][0][j] / a[0][0][j]);
	/* The Cholesky factor of a scaled to unit diagonal (see above). */
	memset(lo, 0, sizeof lo);
	for (i = 0; i < N; i++)
		for (j = 0; j < L; j++) {
			d0 = a[i][i][j] > 0 ? 1 / sqrt(a[i][i][j]) : 0;
			sc[i][j] = d0;
			kp[i][j] = d0 > 0 && d0 < HUGE_VAL ? 1 : 0;
		}
	for (c = 0; c < N; c++) {
		for (j = 0; j < L; j++)
			v[j] = a[c][c][j] * sc[c][j] * sc[c][j];
		for (k = 0; k < c; k++)
			for (j = 0; j < L; j++)
				v[j] -= lo[c][k][j] * lo[c][k][j];
		for (j = 0; j < L; j++) {
			kp[c][j] = kp[c][j] != 0 && v[j] > 1e-10 ? 1 : 0;
			lo[c][c][j] = kp[c][j] != 0 ? sqrt(v[j]) : 0;
		}
		for (i = c + 1; i < N; i++) {
			for (j = 0; j < L; j++)
				v[j] = a[i][c][j] * sc[i][j] * sc[c][j];
			for (k = 0; k < c; k++)
				for (j = 0; j < L; j++)
					v[j] -= lo[i][k][j] * lo[c][k][j];
			for (j = 0; j < L; j++)
				lo[i][c][j] = kp[i][j] != 0 && kp[c][j] != 0 ?
				    v[j] / lo[c][c][j] : 0;
		}
	}
	/* Column c of the inverse: solve L y = e_c, then L^T x = y. */
	for (c = 0; c < N; c++) {
		for (i = 0; i < N; i++) {
			for (j = 0; j < L; j++)
				v[j] = i == c ? 1 : 0;
			for (k = 0; k < i; k++)
				for (j = 0; j < L; j++)
					v[j] -= lo[i][k][j] * y[k][j];
			for (j = 0; j < L; j++)
				y[i][j] = kp[i][j] != 0 ? v[j] / lo[i][i][j] :
				    0;
		}
		for (i = N; i-- > 0; ) {
			for (j = 0; j < L; j++)
				v[j] = y[i][j];
			for (k = i + 1; k < N; k++)
				for (j = 0; j < L; j++)
					v[j] -= lo[k][i][j] * y[k][j];
			for (j = 0; j < L; j++)
				y[i][j] = kp[i][j] != 0 ? v[j] / lo[i][i][j] :
				    0;
		}
		for (i = 0; i < N; i++)
			for (j = 0; j < L; j++)
				inv[i][c][j] = kp[c][j] != 0 ? y[i][j] *
				    sc[i][j] * sc[c][j] : 0;
	}
	for (p = 0; p < N; p++) {
		for (j = 0; j < L; j++)
			l->ft[p][j] = 0;
		for (q = 0; q < N; q++)
			for (j = 0; j < L; j++)
				l->ft[p][j] += inv[p][q][j] * l->sg[q][j];
		for (q = 0; q <= p; q++)
			for (j = 0; j < L; j++)
				l->fi[SAMPLING_TRI(p, q)][j] = inv[p][q][j];
	}
}

/*
 * Each of the m points' total sum_i c_i (c is m x d), eight points side by
 * side so that the sums overlap; each total adds its features in order.
 */
static SAMPLING_CLONES void
sampling_reg_totals(const double *restrict c, size_t m, size_t d,
    double *restrict tot)
{
	enum { L = SAMPLING_LANES };
	double	acc[L];
	size_t	u, i, j, mm = m - m % L;

	for (u = 0; u < mm; u += L) {
		for (j = 0; j < L; j++)
			acc[j] = 0;
		for (i = 0; i < d; i++)
			for (j = 0; j < L; j++)
				acc[j] += c[(u + j) * d + i];
		for (j = 0; j < L; j++)
			tot[u + j] = acc[j];
	}
	for (; u < m; u++) {
		for (acc[0] = 0, i = 0; i < d; i++)
			acc[0] += c[u * d + i];
		tot[u] = acc[0];
	}
}

/*
 * The sums of squared and fourth-power deviations from mean of the m
 * values of each lane of ru (m x SAMPLING_LANES) into m2 and m4.
 */
static SAMPLING_CLONES void
sampling_reg_moments(const double *restrict ru, size_t m,
    const double *restrict mean, double *restrict m2, double *restrict m4)
{
	enum { L = SAMPLING_LANES };
	double	a2[L], a4[L], t;
	size_t	u, j;

	for (j = 0; j < L; j++)
		a2[j] = a4[j] = 0;
	for (u = 0; u < m; u++)
		for (j = 0; j < L; j++) {
			t = (ru[u * L + j] - mean[j]) * (ru[u * L + j] -
			    mean[j]);
			a2[j] += t;
			a4[j] += t * t;
		}
	for (j = 0; j < L; j++) {
		m2[j] = a2[j];
		m4[j] = a4[j];
	}
}

/*
 * The share control's sums for one row (sampling_reg_share), over the
 * baselines side by side (bt holds them feature by feature): inv[b] gets
 * each baseline's 1 / N(b) (summed in the model's precision: any N(b)
 * serves, the draws read the same inv), mean the sum over baselines of
 * w_b (fx - f(b)) (x - b) / N(b) (the caller multiplies by g). xr and gr
 * are x and |g| in the model's precision; n (nb values) and h (nb) are
 * scratch.
 */
static SAMPLING_CLONES void
sampling_reg_share_sums(const struct gs_sampler *s, const double *restrict x,
    const gs_real *restrict xr, const gs_real *restrict gr, double fx,
    size_t target, gs_real *restrict n, double *restrict h,
    double *restrict inv, double *restrict mean)
{
	enum { L = SAMPLING_LANES };
	const gs_real	*restrict bt = s->bt, *restrict bi;
	const double	*restrict bo = s->bout + target;
	const double	*restrict wt = s->bl->weights;
	double		 acc[L], sh = 0, w = 1.0 / (double)s->nb, v;
	gs_real		 t;
	size_t		 d = s->d, nb = s->nb, k = s->k, b, i, j;
	size_t		 bb = nb - nb % L;

	for (b = 0; b < nb; b++)
		n[b] = 0;
	for (i = 0; i < d; i++) {
		bi = bt + i * nb;
		for (b = 0; b < nb; b++) {
			t = (xr[i] - bi[b]) * gr[i];
			n[b] += t < 0 ? -t : t;
		}
	}
	for (b = 0; b < nb; b++) {
		v = (double)n[b];
		inv[b] = v > 0 && v < HUGE_VAL ? 1 / v : 0;
		h[b] = (wt != NULL ? wt[b] : w) * (fx - bo[b * k]) * inv[b];
	}
	for (b = 0; b < nb; b++)
		sh += h[b];
	/* sum_b h_b (x - b) = x sum_b h_b - sum_b h_b b. */
	for (i = 0; i < d; i++) {
		bi = bt + i * nb;
		for (j = 0; j < L; j++)
			acc[j] = 0;
		for (b = 0; b < bb; b += L)
			for (j = 0; j < L; j++)
				acc[j] += h[b + j] * (double)bi[b + j];
		for (; b < nb; b++)
			acc[b - bb] += h[b] * (double)bi[b];
		for (v = 0, j = 0; j < L; j++)
			v += acc[j];
		mean[i] = x[i] * sh - v;
	}
}

int
sampling_reg_share(const struct gs_sampler *s, const gs_real *x,
    const gs_real *gx, double fx, size_t target, struct gs_reg_share *sh)
{
	gs_real		*ag, *n;
	double		*h;
	size_t		 d = s->d, i;

	memset(sh, 0, sizeof *sh);
	if (s->plan != GS_PLAN_REG || s->bout == NULL || s->bt == NULL ||
	    target >= s->k ||
	    !isfinite(fx))
		return (-1);
	for (i = 0; i < d; i++)
		if (!isfinite((double)gx[i]))
			return (-1);
	sh->g = xcalloc(d, sizeof *sh->g);
	sh->inv = xcalloc(s->nb, sizeof *sh->inv);
	sh->mean = xcalloc(d, sizeof *sh->mean);
	sh->x = xcalloc(d, sizeof *sh->x);
	ag = xcalloc(d, sizeof *ag);
	for (i = 0; i < d; i++) {
		sh->g[i] = (double)gx[i];
		sh->x[i] = (double)x[i];
		ag[i] = gx[i] < 0 ? -gx[i] : gx[i];
	}
	n = xcalloc(s->nb, sizeof *n);
	h = xcalloc(s->nb, sizeof *h);
	sampling_reg_share_sums(s, sh->x, x, ag, fx, target, n, h, sh->inv,
	    sh->mean);
	free(ag);
	free(n);
	free(h);
	for (i = 0; i < d; i++)
		sh->mean[i] *= sh->g[i];
	return (0);
}

void
sampling_reg_share_free(struct gs_reg_share *sh)
{
	free(sh->x);
	free(sh->g);
	free(sh->inv);
	free(sh->mean);
	memset(sh, 0, sizeof *sh);
}

SAMPLING_CLONES void
sampling_reg_adjust(const struct gs_sampler *s, size_t m, const double *c,
    const gs_real *delta, const double *alpha, const size_t *bidx, double mu,
    const struct gs_reg_share *sh, double *r)
{
	enum { L = SAMPLING_LANES };
	struct sampling_lanes	 lanes;
	double			*tot, *p1, *p2, *zs, *zb, *zd, *cu, *ru, *buf;
	double			 mean[L], m2[L], m4[L], still[L];
	double			 zt = 0, tm = 0, ts = 0, t, v;
	const gs_real		*br;
	size_t			 d = s->d, nl, i0, u, j;

	if (m < SAMPLING_REG_MIN) {
		if (r != c)
			memcpy(r, c, m * d * sizeof *r);
		return;
	}
	if (sh != NULL && sh->g == NULL)
		sh = NULL;
	/*
	 * One scratch block: each point's total, P1(alpha) and P2(alpha),
	 * and for one chunk of SAMPLING_LANES features at a time each point's
	 * per-feature parts (zs, zb, zd), contributions (cu) and values (ru),
	 * padded with zeros.
	 */
	buf = xmalloc(xmul(xmul(m, 3 + 5 * L), sizeof *buf));
	tot = buf;
	p1 = tot + m;
	p2 = p1 + m;
	zs = p2 + m;
	zb = zs + m * L;
	zd = zb + m * L;
	cu = zd + m * L;
	ru = cu + m * L;
	for (u = 0; u < m; u++) {
		p1[u] = 2 * alpha[u] - 1;
		p2[u] = (3 * p1[u] * p1[u] - 1) / 2;
	}
	if (sh == NULL) {
		/* No total: its column is 0 and the fit leaves it out. */
		memset(zs, 0, m * L * sizeof *zs);
	} else {
		sampling_reg_totals(c, m, d, tot);
		/* The total's miss: its block mean against mu, in SEs. */
		for (u = 0; u < m; u++)
			tm += tot[u] / (double)m;
		for (u = 0; u < m; u++)
			ts += (tot[u] - tm) * (tot[u] - tm);
		ts = sqrt(ts / (double)(m - 1) / (double)m);
		zt = ts > 0 ? (tm - mu) / ts : 0;
	}
	for (i0 = 0; i0 < d; i0 += L) {
		nl = d - i0 < L ? d - i0 : L;
		for (u = 0; u < m; u++) {
			br = s->bl->rows + bidx[u] * d + i0;
			for (j = 0; j < nl; j++) {
				zb[u * L + j] = (double)br[j] - s->rmean[i0 + j];
				zd[u * L + j] = (double)delta[u * d + i0 + j];
				cu[u * L + j] = c[u * d + i0 + j];
			}
			for (; j < L; j++)
				zb[u * L + j] = zd[u * L + j] = cu[u * L + j] =
				    0;
		}
		/*
		 * The share column: the point's total times the feature's
		 * share of it on a path whose gradient were g(x) throughout,
		 * less its known mean (sampling_reg_share).
		 */
		for (u = 0; sh != NULL && u < m; u++) {
			br = s->bl->rows + bidx[u] * d + i0;
			v = tot[u] * sh->inv[bidx[u]];
			for (j = 0; j < nl; j++)
				zs[u * L + j] = v * (sh->x[i0 + j] -
				    (double)br[j]) * sh->g[i0 + j] -
				    sh->mean[i0 + j];
			for (; j < L; j++)
				zs[u * L + j] = 0;
		}
		/*
		 * A feature whose contributions do not vary (a linear model,
		 * one baseline) keeps them: its value is exact, its SE 0, not
		 * the rounding of a fit.
		 */
		for (j = 0; j < L; j++) {
			for (u = 1; u < m && cu[u * L + j] == cu[j]; u++)
				continue;
			still[j] = u == m ? 1 : 0;
		}
		sampling_reg_sums(&lanes, m, zs, p1, p2, zb, zd, cu);
		for (j = 0; j < L; j++)
			lanes.sa[0][j] = (double)m;
		sampling_reg_fit(&lanes);
		sampling_reg_loo(&lanes, m, zs, p1, p2, zb, zd, cu, still, ru,
		    mean);
		/*
		 * Widen: spread the values about their mean by the factor, so
		 * that the mean (the estimate) stays and the SE taken from
		 * their spread grows by it.
		 */
		for (j = 0; j < L; j++)
			mean[j] /= (double)m;
		sampling_reg_moments(ru, m, mean, m2, m4);
		for (j = 0; j < L; j++)
			m2[j] = still[j] != 0 || j >= nl ? 1 :
			    sampling_reg_widen(m, m2[j], m4[j], zt);
		/* A still lane keeps its values: mean 0 and factor 1. */
		for (j = 0; j < L; j++)
			if (still[j] != 0)
				mean[j] = 0;
		for (u = 0; u < m; u++)
			for (j = 0; j < nl; j++) {
				t = ru[u * L + j];
				r[u * d + i0 + j] = mean[j] + m2[j] * (t - mean[j]);
			}
	}
	free(buf);
}

/* SPDX-License-Identifier: ISC */
/*
 * The reg plan's estimator: each block of plain Monte Carlo draws, every
 * feature's contributions regressed on control variates of known mean
 * zero with leave-one-out coefficients (unbiased), eight features side by
 * side in the lanes the caller fills (so that the loops vectorise and read
 * memory in order), and standard errors widened for heavy tails and for a
 * block whose total misses its known mean; the block's moments come out
 * directly, feature by feature; and the share control's known means,
 * summed over every baseline once a row.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "attr/sampling-int.h"
#include "core/xmalloc.h"
#include "model/simd.h"

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
 * The reg plan's loops also built for AVX2 (GS_CLONES): 4 lanes an
 * instruction instead of SSE2's 2. The same operations in the same order
 * (C17 mode contracts nothing into FMAs), so both builds give the same bits.
 * Under GCC they are also built without trapping math: nothing here reads
 * the floating-point exception flags, and with them GCC keeps the
 * leave-one-out loop's selects (a comparison that may raise "invalid" on
 * a NaN) as branches, so that the loop ran one lane at a time. It changes
 * no operation and no rounding, only which may be computed speculatively.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define SAMPLING_CLONES	__attribute__((optimize("no-trapping-math"))) \
	GS_CLONES
#else
#define SAMPLING_CLONES	GS_CLONES
#endif

/* Features handled side by side by the reg plan's loops (its lanes). */
#define SAMPLING_LANES		GS_REG_LANES
/* Index of entry (p, q), q <= p, of a packed lower triangle. */
#define SAMPLING_TRI(p, q)	((p) * ((p) + 1) / 2 + (q))
/* Entries of a packed SAMPLING_REG_COLS-square symmetric matrix. */
#define SAMPLING_TRI_N	(SAMPLING_REG_COLS * (SAMPLING_REG_COLS + 1) / 2)
/* Baselines a block of the share control's sums (their values stay in L2). */
#define SAMPLING_SHARE_BLOCK	128

/* Inlined, so that a helper is built for its caller's target (GS_CLONES). */
#if defined(__GNUC__)
#define SAMPLING_INLINE	static inline __attribute__((always_inline))
#else
#define SAMPLING_INLINE	static inline
#endif

#ifdef GS_SIMD
/*
 * Four double lanes as one value (GCC's vector extension), so that a
 * loop's accumulators stay in registers: kept in arrays indexed by lane,
 * GCC stores and reloads them every point, and the loop waits on
 * store-to-load forwarding. The same operations in the same order as the
 * plain loops, so the same bits.
 */
typedef double sampling_v4df __attribute__((vector_size(32)));
#define SAMPLING_V4(c)	((sampling_v4df){ (c), (c), (c), (c) })

SAMPLING_INLINE sampling_v4df
sampling_v4_load(const double *restrict p)
{
	sampling_v4df	v;

	memcpy(&v, p, sizeof v);
	return (v);
}

/* Four floats, widened. */
SAMPLING_INLINE sampling_v4df
sampling_v4_loadf(const float *restrict p)
{
	float		f[4];

	memcpy(f, p, sizeof f);
	return ((sampling_v4df){ f[0], f[1], f[2], f[3] });
}

/*
 * A macro, not a function: a 32-byte vector passed by value draws GCC's
 * note on the AVX ABI (-Wpsabi) in the default build.
 */
#define SAMPLING_V4_STORE(p, v)	memcpy((p), &(v), sizeof (v))

/* Every bit of a float but its sign, in each of eight lanes. */
#define SAMPLING_V8_ABS	((gs_v8si){ 0x7fffffff, 0x7fffffff, 0x7fffffff, \
	0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff })
#endif

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
	double	fm[SAMPLING_TRI_N][SAMPLING_LANES];	/* M, fi = M^T M */
};

/*
 * The per-feature constants of a chunk's columns (one value a lane): with
 * them, point u's regressors are (1, gl (v_u zd) - sl, b - rl, P1 zd,
 * P2 zd), zd = x + eps - b: the share column (0 without the share
 * control: gl and sl 0), b_i less its mean, and the Legendre columns.
 */
struct sampling_cols {
	double	gl[SAMPLING_LANES];	/* the gradient at x, g_i */
	double	sl[SAMPLING_LANES];	/* the share column's known mean */
	double	rl[SAMPLING_LANES];	/* the baselines' mean of b_i */
};

/*
 * The sums of z z^T and z c over the m points of a chunk (lanes: zd, b,
 * cu at u * SAMPLING_LANES + j); the intercept's own entry (m) is left to
 * the caller.
 */
static SAMPLING_CLONES void
sampling_reg_sums(struct sampling_lanes *restrict l, size_t m,
    const struct sampling_cols *restrict k, const double *restrict p1,
    const double *restrict p2, const double *restrict v,
    const gs_real *restrict zd, const gs_real *restrict b,
    const double *restrict cu)
{
	enum { L = SAMPLING_LANES };
	double	sa[SAMPLING_TRI_N][L], sg[SAMPLING_REG_COLS][L];
	double	dz, y1, q1, q2, vu, z2, z3, z4, cv;
	size_t	u, j;

	_Static_assert(SAMPLING_REG_COLS == 5, "sampling_reg_sums and "
	    "sampling_reg_loo spell out 5 regressors");
	memset(sa, 0, sizeof sa);
	memset(sg, 0, sizeof sg);
	for (u = 0; u < m; u++) {
		q1 = p1[u];
		q2 = p2[u];
		vu = v[u];
		for (j = 0; j < L; j++) {
			dz = (double)zd[u * L + j];
			y1 = k->gl[j] * (vu * dz) - k->sl[j];
			z2 = (double)b[u * L + j] - k->rl[j];
			z3 = q1 * dz;
			z4 = q2 * dz;
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

/* acc (SAMPLING_LANES) plus the sums of each lane of the m rows of x. */
SAMPLING_INLINE void
sampling_reg_add(const double *restrict x, size_t m, double *restrict acc)
{
	enum { L = SAMPLING_LANES };
	size_t	u, j;
#ifdef GS_SIMD
	sampling_v4df	a;

	for (j = 0; j < L; j += 4) {
		a = sampling_v4_load(acc + j);
		for (u = 0; u < m; u++)
			a += sampling_v4_load(x + u * L + j);
		SAMPLING_V4_STORE(acc + j, a);
	}
#else
	for (u = 0; u < m; u++)
		for (j = 0; j < L; j++)
			acc[j] += x[u * L + j];
#endif
}

/* Points of a segment of sampling_reg_loo (its scratch on the stack). */
#define SAMPLING_LOO_SEG	256
/*
 * Leverage above which a value is computed again all in double: below it
 * 1 - h in float keeps all but a few 1e-6 of its digits.
 */
#define SAMPLING_LOO_HIGH	0.5f

/*
 * Point u's leave-one-out value in lane j all in double, as
 * sampling_reg_loo computed every value before (dz, bj and cv its zd, b
 * and c): for the points where h in float is high or NaN.
 */
static double
sampling_reg_loo_one(const struct sampling_lanes *restrict l,
    const struct sampling_cols *restrict kc, double q1, double q2, double vu,
    double dz, double bj, double cv, size_t j)
{
	double	y1, z2, z3, z4, e, h, k;

	y1 = kc->gl[j] * (vu * dz) - kc->sl[j];
	z2 = bj - kc->rl[j];
	z3 = q1 * dz;
	z4 = q2 * dz;
	e = cv - (l->ft[0][j] + l->ft[1][j] * y1 + l->ft[2][j] * z2 +
	    l->ft[3][j] * z3 + l->ft[4][j] * z4);
	k = l->fi[0][j] + l->fi[1][j] * y1 + l->fi[3][j] * z2 +
	    l->fi[6][j] * z3 + l->fi[10][j] * z4;
	h = 2 * k - l->fi[0][j] + l->fi[2][j] * y1 * y1 +
	    l->fi[5][j] * z2 * z2 + l->fi[9][j] * z3 * z3 +
	    l->fi[14][j] * z4 * z4 + 2 * (l->fi[4][j] * z2 * y1 +
	    l->fi[7][j] * z3 * y1 + l->fi[8][j] * z3 * z2 +
	    l->fi[11][j] * z4 * y1 + l->fi[12][j] * z4 * z2 +
	    l->fi[13][j] * z4 * z3);
	return (h < 1 - 1e-9 ? l->ft[0][j] + e * (1 - k) / (1 - h) : cv);
}

/*
 * The m points' leave-one-out values for the lanes of l into ru (m x
 * SAMPLING_LANES; arguments as sampling_reg_sums), and their sums into
 * mean: with theta_(-u) the fit without point u, c_u - beta_(-u) . z_u =
 * a + e_u (1 - k_u) / (1 - h_u), e_u the residual, h_u = z_u^T A^-1 z_u
 * the leverage, k_u the intercept's row of A^-1 times z_u. beta_(-u)
 * never sees point u, so each value has expectation phi_i whatever the
 * fit. A point of leverage 1 (the only one to move a regressor), and every
 * point of a lane whose still is not 0, keeps c.
 *
 * Two loops a segment: the factors (1 - k_u) / (1 - h_u) in float, eight
 * lanes an AVX2 instruction; then the residuals e_u (where c and the fit
 * cancel) and the values in double. With the exact factor a value is c_u
 * less a term that does not depend on c_u (its derivative in c_u is k_u +
 * (1 - h_u) (1 - k_u) / (1 - h_u) = 1), which is what makes it unbiased;
 * rounding the factor (a function of the regressors alone) moves the
 * value by at most a few 2^-24 of its correction e_u (1 - k_u) / (1 -
 * h_u) times h_u / (1 - h_u), and that bounds any bias it can add (1e-6
 * of a standard error). h_u = |t|^2 has no cancellation, and the ratio is
 * large only where h_u is near 1: a point whose h_u in float exceeds
 * SAMPLING_LOO_HIGH (or is NaN) is computed again all in double (a rare
 * pixel's few draws, say). Nothing fitted (the sums, the inverse, theta)
 * is rounded to float.
 */
static SAMPLING_CLONES void
sampling_reg_loo(const struct sampling_lanes *restrict l, size_t m,
    const struct sampling_cols *restrict kc, const double *restrict p1,
    const double *restrict p2, const double *restrict v,
    const gs_real *restrict zd, const gs_real *restrict b,
    const double *restrict cu, const double *restrict still,
    double *restrict ru, double *restrict mean)
{
	enum { L = SAMPLING_LANES, S = SAMPLING_LOO_SEG };
	float	gf[L], sf[L], rf[L], mf[SAMPLING_TRI_N][L], h0[L], k0[L];
	float	dzf, y1f, q1f, q2f, vuf, z2f, z3f, z4f, t1, t2, t3, t4;
	float	h, k, w, hi[S * L], nh[L], wf[S * L];
	double	cc[L], al[L], t2d[L], t3d[L], t4d[L];
	double	dz, q1, q2, vu, cv, e, acc[L], x;
	size_t	u, u0, un, j, p;

	for (j = 0; j < L; j++) {
		acc[j] = 0;
		/* e = c - (cc + dz (al v + t3 P1 + t4 P2) + t2 b). */
		cc[j] = l->ft[0][j] - l->ft[1][j] * kc->sl[j] -
		    l->ft[2][j] * kc->rl[j];
		al[j] = l->ft[1][j] * kc->gl[j];
		t2d[j] = l->ft[2][j];
		t3d[j] = l->ft[3][j];
		t4d[j] = l->ft[4][j];
		gf[j] = (float)kc->gl[j];
		sf[j] = (float)kc->sl[j];
		rf[j] = (float)kc->rl[j];
		for (p = 0; p < SAMPLING_TRI_N; p++)
			mf[p][j] = (float)l->fm[p][j];
		/* t_0 = M_00 for every point. */
		h0[j] = mf[0][j] * mf[0][j];
		k0[j] = mf[0][j] * mf[0][j];
	}
	for (u0 = 0; u0 < m; u0 += un) {
		un = m - u0 < S ? m - u0 : S;
		for (j = 0; j < L; j++)
			nh[j] = 0;
		/*
		 * The factors (1 - k) / (1 - h), in float, from t = M z:
		 * h = |t|^2 (a sum of squares, no cancellation) and k =
		 * sum_p M_p0 t_p.
		 */
		for (u = u0; u < u0 + un; u++) {
			q1f = (float)p1[u];
			q2f = (float)p2[u];
			vuf = (float)v[u];
			for (j = 0; j < L; j++) {
				dzf = zd[u * L + j];
				y1f = gf[j] * (vuf * dzf) - sf[j];
				z2f = b[u * L + j] - rf[j];
				z3f = q1f * dzf;
				z4f = q2f * dzf;
				t1 = mf[1][j] + mf[2][j] * y1f;
				t2 = mf[3][j] + mf[4][j] * y1f + mf[5][j] * z2f;
				t3 = mf[6][j] + mf[7][j] * y1f + mf[8][j] * z2f +
				    mf[9][j] * z3f;
				t4 = mf[10][j] + mf[11][j] * y1f +
				    mf[12][j] * z2f + mf[13][j] * z3f +
				    mf[14][j] * z4f;
				h = h0[j] + t1 * t1 + t2 * t2 + t3 * t3 +
				    t4 * t4;
				k = k0[j] + mf[1][j] * t1 + mf[3][j] * t2 +
				    mf[6][j] * t3 + mf[10][j] * t4;
				wf[(u - u0) * L + j] = (1 - k) / (1 - h);
				w = still[j] != 0 || h <= SAMPLING_LOO_HIGH ?
				    0 : 1;
				hi[(u - u0) * L + j] = w;
				nh[j] += w;
			}
		}
		/* The residuals and the values, in double. */
		for (u = u0; u < u0 + un; u++) {
			q1 = p1[u];
			q2 = p2[u];
			vu = v[u];
			for (j = 0; j < L; j++) {
				dz = (double)zd[u * L + j];
				cv = cu[u * L + j];
				e = cv - (cc[j] + dz * (al[j] * vu + t3d[j] * q1 +
				    t4d[j] * q2) + t2d[j] * (double)b[u * L + j]);
				x = l->ft[0][j] + e * (double)wf[(u - u0) * L + j];
				ru[u * L + j] = still[j] != 0 ? cv : x;
			}
		}
		for (j = 0; j < L; j++)
			for (u = u0; nh[j] != 0 && u < u0 + un; u++)
				if (hi[(u - u0) * L + j] != 0)
					ru[u * L + j] = sampling_reg_loo_one(l,
					    kc, p1[u], p2[u], v[u],
					    (double)zd[u * L + j],
					    (double)b[u * L + j],
					    cu[u * L + j], j);
		sampling_reg_add(ru + u0 * L, un, acc);
	}
	for (j = 0; j < L; j++)
		mean[j] = acc[j];
}

/*
 * Solve the regressions of the lanes of l side by side: each lane's
 * matrix a (the sums, with a ridge) is inverted by a Cholesky
 * factorisation of a scaled to unit diagonal. A column that is
 * (numerically) a combination of the ones before it is left out: its rows
 * and columns of the inverse are 0, as if that regressor did not exist.
 * The factor's diagonal is inverted once, and every step multiplies by
 * it (rather than dividing). Each step is done for all lanes at once and
 * a lane's decisions are selects, so that the loops over the lanes vectorise and the lanes'
 * chains of divisions overlap. Padding lanes compute values nobody reads.
 */
static SAMPLING_CLONES void
sampling_reg_fit(struct sampling_lanes *l)
{
	enum { N = SAMPLING_REG_COLS, L = SAMPLING_LANES };
	double	a[N][N][L], lo[N][N][L], inv[N][N][L];
	double	sc[N][L], kp[N][L], ri[N][L], y[N][L], v[L], d0;
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
			/* Selects around the operations, so they vectorise. */
			d0 = a[i][i][j] > 0 ? a[i][i][j] : 1;
			d0 = 1 / sqrt(d0);
			d0 = a[i][i][j] > 0 ? d0 : 0;
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
			d0 = sqrt(kp[c][j] != 0 ? v[j] : 1);
			lo[c][c][j] = kp[c][j] != 0 ? d0 : 0;
			d0 = 1 / d0;
			ri[c][j] = kp[c][j] != 0 ? d0 : 0;
		}
		for (i = c + 1; i < N; i++) {
			for (j = 0; j < L; j++)
				v[j] = a[i][c][j] * sc[i][j] * sc[c][j];
			for (k = 0; k < c; k++)
				for (j = 0; j < L; j++)
					v[j] -= lo[i][k][j] * lo[c][k][j];
			for (j = 0; j < L; j++)
				lo[i][c][j] = kp[i][j] != 0 && kp[c][j] != 0 ?
				    v[j] * ri[c][j] : 0;
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
				y[i][j] = kp[i][j] != 0 ? v[j] * ri[i][j] : 0;
		}
		/* Column c of M = L^-1 S (S the scaling, kept columns). */
		for (i = c; i < N; i++)
			for (j = 0; j < L; j++)
				l->fm[SAMPLING_TRI(i, c)][j] = kp[c][j] != 0 ?
				    y[i][j] * sc[c][j] : 0;
		for (i = N; i-- > 0; ) {
			for (j = 0; j < L; j++)
				v[j] = y[i][j];
			for (k = i + 1; k < N; k++)
				for (j = 0; j < L; j++)
					v[j] -= lo[k][i][j] * y[k][j];
			for (j = 0; j < L; j++)
				y[i][j] = kp[i][j] != 0 ? v[j] * ri[i][j] : 0;
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
 * The sums of squared and fourth-power deviations from mean of the m
 * values of each lane of ru (m x SAMPLING_LANES) into m2 and m4.
 */
static SAMPLING_CLONES void
sampling_reg_moments(const double *restrict ru, size_t m,
    const double *restrict mean, double *restrict m2, double *restrict m4)
{
	enum { L = SAMPLING_LANES };
#ifdef GS_SIMD
	sampling_v4df	mv, a2, a4, t;
	size_t		u, h;

	for (h = 0; h < L; h += 4) {
		mv = sampling_v4_load(mean + h);
		a2 = a4 = SAMPLING_V4(0);
		for (u = 0; u < m; u++) {
			t = sampling_v4_load(ru + u * L + h);
			t = (t - mv) * (t - mv);
			a2 += t;
			a4 += t * t;
		}
		SAMPLING_V4_STORE(m2 + h, a2);
		SAMPLING_V4_STORE(m4 + h, a4);
	}
#else
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
#endif
}

/*
 * The widened values of a chunk (ru, m x SAMPLING_LANES, in place):
 * mean + f (value - mean), or c for a still lane; into r as well when it
 * is not NULL, and each draw's sum over the lanes into part (a loop of
 * its own: the draws' sums overlap rather than wait on the selects).
 */
static SAMPLING_CLONES void
sampling_reg_spread(double *restrict ru, size_t m,
    const double *restrict cu, const double *restrict still,
    const double *restrict mean, const double *restrict f,
    double *restrict part, double *restrict r)
{
	enum { L = SAMPLING_LANES };
	const double *t;
	double	a, c, w;
	size_t	u, j;

	/* c read whatever the lane, so that the select needs no masked load. */
	for (u = 0; u < m; u++)
		for (j = 0; j < L; j++) {
			c = cu[u * L + j];
			w = mean[j] + f[j] * (ru[u * L + j] - mean[j]);
			ru[u * L + j] = still[j] != 0 ? c : w;
		}
	/*
	 * In lane order, as the values were summed before: lanes past the
	 * last feature are still and hold 0, and adding them changes no sum
	 * that the block's totals read.
	 */
	for (u = 0; u < m; u++) {
		t = ru + u * L;
		a = 0;
		for (j = 0; j < L; j++)
			a += t[j];
		part[u] = a;
	}
	if (r != NULL)
		memcpy(r, ru, m * L * sizeof *r);
}

#ifdef GS_SIMD
/*
 * The end of a feature's sum over a block of the share control's
 * baselines (sampling_reg_share_sums): its two vectors of lanes (a0, a1),
 * the baselines past the last whole group of SAMPLING_LANES (bb to bn),
 * then the lanes in order.
 */
SAMPLING_INLINE double
sampling_reg_share_end(sampling_v4df a0, sampling_v4df a1,
    const double *restrict h, const gs_real *restrict bi, size_t bb,
    size_t bn)
{
	double	acc[SAMPLING_LANES], v;
	size_t	b, j;

	SAMPLING_V4_STORE(acc, a0);
	SAMPLING_V4_STORE(acc + 4, a1);
	for (b = bb; b < bn; b++)
		acc[b - bb] += h[b] * (double)bi[b];
	for (v = 0, j = 0; j < SAMPLING_LANES; j++)
		v += acc[j];
	return (v);
}
#endif

/*
 * The share control's sums for one row (sampling_reg_share), over the
 * baselines side by side (bt holds them feature by feature), in blocks of
 * SAMPLING_SHARE_BLOCK baselines so that the second pass over a block
 * finds it in cache: inv[b] gets each baseline's 1 / N(b) (summed in the
 * model's precision: any N(b) serves, the draws read the same inv), mean
 * the sum over baselines of w_b (fx - f(b)) (x - b) / N(b) (the caller
 * multiplies by g). xr and gr are x and |g| in the model's precision; n
 * and h (SAMPLING_SHARE_BLOCK values) and part (d) are scratch.
 */
static SAMPLING_CLONES void
sampling_reg_share_sums(const struct gs_sampler *s, const double *restrict x,
    const gs_real *restrict xr, const gs_real *restrict gr, double fx,
    size_t target, gs_real *restrict n, double *restrict h,
    double *restrict part, double *restrict inv, double *restrict mean)
{
	enum { L = SAMPLING_LANES, SB = SAMPLING_SHARE_BLOCK };
	const gs_real	*restrict bt = s->bt, *restrict bi;
	const double	*restrict bo = s->bout + target;
	const double	*restrict wt = s->bl->weights;
	double		 acc[L], sh = 0, w = 1.0 / (double)s->nb, v;
	gs_real		 t;
#ifdef GS_SIMD
	sampling_v4df	 a0, a1;

	_Static_assert(SAMPLING_LANES == 8, "sampling_reg_share_sums sums "
	    "eight baselines a step in two vectors");
#endif
	size_t		 d = s->d, nb = s->nb, k = s->k, b0, bn, b, i, j, bb;

	for (i = 0; i < d; i++)
		part[i] = 0;
	for (b0 = 0; b0 < nb; b0 += bn) {
		bn = nb - b0 < SB ? nb - b0 : SB;
		bb = bn - bn % L;
		b = 0;
#ifdef GS_SIMD
		/*
		 * 32 baselines at a time, their N(b) in registers over the
		 * features: the same operations per baseline in the same
		 * order as the loop below (the same bits), without a load and
		 * a store of n[b] a feature. |t| as t with its sign cleared
		 * (t < 0 ? -t : t but for a NaN's sign, and N(b) NaN gives
		 * 1 / N(b) 0 either way).
		 */
		for (; b + 4 * GS_V8_LANES <= bn; b += 4 * GS_V8_LANES) {
			gs_v8sf	n0, n1, n2, n3, xv, gv;
			gs_v8si	ms = SAMPLING_V8_ABS;

			n0 = n1 = n2 = n3 = GS_V8(0);
			for (i = 0; i < d; i++) {
				bi = bt + i * nb + b0 + b;
				xv = GS_V8(xr[i]);
				gv = GS_V8(gr[i]);
				n0 += (gs_v8sf)((gs_v8si)((xv -
				    gs_v8_load(bi)) * gv) & ms);
				n1 += (gs_v8sf)((gs_v8si)((xv -
				    gs_v8_load(bi + 8)) * gv) & ms);
				n2 += (gs_v8sf)((gs_v8si)((xv -
				    gs_v8_load(bi + 16)) * gv) & ms);
				n3 += (gs_v8sf)((gs_v8si)((xv -
				    gs_v8_load(bi + 24)) * gv) & ms);
			}
			gs_v8_store(n + b, n0);
			gs_v8_store(n + b + 8, n1);
			gs_v8_store(n + b + 16, n2);
			gs_v8_store(n + b + 24, n3);
		}
#endif
		for (j = b; j < bn; j++)
			n[j] = 0;
		for (i = 0; b < bn && i < d; i++) {
			bi = bt + i * nb + b0;
			for (j = b; j < bn; j++) {
				t = (xr[i] - bi[j]) * gr[i];
				n[j] += t < 0 ? -t : t;
			}
		}
		for (b = 0; b < bn; b++) {
			v = (double)n[b];
			inv[b0 + b] = v > 0 && v < HUGE_VAL ? 1 / v : 0;
		}
		/*
		 * The weights' test outside the loop: inside, the vectorised
		 * loop read wt with masked loads, which fault-suppress (a
		 * microcode assist each) when wt is NULL.
		 */
		if (wt != NULL)
			for (b = 0; b < bn; b++)
				h[b] = wt[b0 + b] * (fx - bo[(b0 + b) * k]) *
				    inv[b0 + b];
		else
			for (b = 0; b < bn; b++)
				h[b] = w * (fx - bo[(b0 + b) * k]) *
				    inv[b0 + b];
		for (b = 0; b < bn; b++)
			sh += h[b];
		/* sum_b h_b (x - b) = x sum_b h_b - sum_b h_b b. */
		i = 0;
#ifdef GS_SIMD
		/*
		 * Four features at a time, each h loaded once: eight chains
		 * of additions in flight instead of two, each feature's in
		 * the same order as alone (the same bits).
		 */
		for (; i + 4 <= d; i += 4) {
			const gs_real *restrict p0 = bt + i * nb + b0;
			const gs_real *restrict p1 = p0 + nb;
			const gs_real *restrict p2 = p1 + nb;
			const gs_real *restrict p3 = p2 + nb;
			sampling_v4df	h0, h1, c00, c01, c10, c11, c20, c21;
			sampling_v4df	c30, c31;

			c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 =
			    SAMPLING_V4(0);
			for (b = 0; b < bb; b += L) {
				h0 = sampling_v4_load(h + b);
				h1 = sampling_v4_load(h + b + 4);
				c00 += h0 * sampling_v4_loadf(p0 + b);
				c01 += h1 * sampling_v4_loadf(p0 + b + 4);
				c10 += h0 * sampling_v4_loadf(p1 + b);
				c11 += h1 * sampling_v4_loadf(p1 + b + 4);
				c20 += h0 * sampling_v4_loadf(p2 + b);
				c21 += h1 * sampling_v4_loadf(p2 + b + 4);
				c30 += h0 * sampling_v4_loadf(p3 + b);
				c31 += h1 * sampling_v4_loadf(p3 + b + 4);
			}
			part[i] += sampling_reg_share_end(c00, c01, h, p0,
			    bb, bn);
			part[i + 1] += sampling_reg_share_end(c10, c11, h, p1,
			    bb, bn);
			part[i + 2] += sampling_reg_share_end(c20, c21, h, p2,
			    bb, bn);
			part[i + 3] += sampling_reg_share_end(c30, c31, h, p3,
			    bb, bn);
		}
#endif
		for (; i < d; i++) {
			bi = bt + i * nb + b0;
#ifdef GS_SIMD
			a0 = a1 = SAMPLING_V4(0);
			for (b = 0; b < bb; b += L) {
				a0 += sampling_v4_load(h + b) *
				    sampling_v4_loadf(bi + b);
				a1 += sampling_v4_load(h + b + 4) *
				    sampling_v4_loadf(bi + b + 4);
			}
			SAMPLING_V4_STORE(acc, a0);
			SAMPLING_V4_STORE(acc + 4, a1);
#else
			for (j = 0; j < L; j++)
				acc[j] = 0;
			for (b = 0; b < bb; b += L)
				for (j = 0; j < L; j++)
					acc[j] += h[b + j] * (double)bi[b + j];
#endif
			for (; b < bn; b++)
				acc[b - bb] += h[b] * (double)bi[b];
			for (v = 0, j = 0; j < L; j++)
				v += acc[j];
			part[i] += v;
		}
	}
	for (i = 0; i < d; i++)
		mean[i] = x[i] * sh - part[i];
}

int
sampling_reg_share(const struct gs_sampler *s, const gs_real *x,
    const gs_real *gx, double fx, size_t target, struct gs_reg_share *sh)
{
	gs_real		*ag, *n;
	double		*h, *part;
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
	n = xcalloc(SAMPLING_SHARE_BLOCK, sizeof *n);
	h = xcalloc(SAMPLING_SHARE_BLOCK, sizeof *h);
	part = xcalloc(d, sizeof *part);
	sampling_reg_share_sums(s, sh->x, x, ag, fx, target, n, h, part,
	    sh->inv, sh->mean);
	free(ag);
	free(n);
	free(h);
	free(part);
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

double
sampling_reg_total(const double *c, size_t d)
{
	double	t = 0;
	size_t	i;

	for (i = 0; i < d; i++)
		t += c[i];
	return (t);
}

int
sampling_reg_begin(const struct gs_sampler *s, struct gs_reg_block *bk,
    double mu, const struct gs_reg_share *sh)
{
	double	tm = 0, ts = 0;
	size_t	m = bk->m, u;

	bk->plain = m < SAMPLING_REG_MIN;
	bk->zt = 0;
	bk->sh = sh != NULL && sh->g != NULL ? sh : NULL;
	bk->rmean = s->rmean;
	bk->p1 = xcalloc(3 * m + 1, sizeof *bk->p1);
	bk->p2 = bk->p1 + m;
	bk->v = bk->p2 + m;
	for (u = 0; u < m; u++) {
		bk->p1[u] = 2 * bk->alpha[u] - 1;
		bk->p2[u] = (3 * bk->p1[u] * bk->p1[u] - 1) / 2;
		bk->v[u] = bk->sh != NULL ? bk->tot[u] *
		    bk->sh->inv[bk->bidx[u]] : 0;
	}
	if (bk->sh != NULL && !bk->plain) {
		/* The total's miss: its block mean against mu, in SEs. */
		for (u = 0; u < m; u++)
			tm += bk->tot[u] / (double)m;
		for (u = 0; u < m; u++)
			ts += (bk->tot[u] - tm) * (bk->tot[u] - tm);
		ts = sqrt(ts / (double)(m - 1) / (double)m);
		bk->zt = ts > 0 ? (tm - mu) / ts : 0;
	}
	return (bk->plain);
}

void
sampling_reg_end(struct gs_reg_block *bk)
{
	free(bk->p1);
	bk->p1 = bk->p2 = bk->v = NULL;
}

void
sampling_reg_chunk(const struct gs_reg_block *bk, size_t k, double *ru,
    double *mean, double *m2, double *part, double *r)
{
	enum { L = SAMPLING_LANES };
	struct sampling_lanes	 lanes;
	struct sampling_cols	 cols;
	const double		*cu = bk->c + k * bk->m * L;
	const gs_real		*zd = bk->zd + k * bk->m * L;
	const gs_real		*b = bk->b + k * bk->m * L;
	double			 still[L], same[L], f[L], m4[L];
	size_t			 m = bk->m, d = bk->d, nl, i0 = k * L, u, j;

	nl = d - i0 < L ? d - i0 : L;
	/*
	 * A feature whose contributions do not vary (a linear model, one
	 * baseline) keeps them: its value is exact, its SE 0, not the
	 * rounding of a fit.
	 */
	for (j = 0; j < L; j++) {
		for (u = 1; u < m && cu[u * L + j] == cu[j]; u++)
			continue;
		same[j] = u == m ? 1 : 0;
		still[j] = same[j] != 0 || bk->plain ? 1 : 0;
		cols.gl[j] = cols.sl[j] = cols.rl[j] = 0;
	}
	for (j = 0; j < nl; j++) {
		cols.rl[j] = bk->rmean[i0 + j];
		if (bk->sh != NULL) {
			cols.gl[j] = bk->sh->g[i0 + j];
			cols.sl[j] = bk->sh->mean[i0 + j];
		}
	}
	if (!bk->plain) {
		sampling_reg_sums(&lanes, m, &cols, bk->p1, bk->p2, bk->v, zd,
		    b, cu);
		for (j = 0; j < L; j++)
			lanes.sa[0][j] = (double)m;
		sampling_reg_fit(&lanes);
		sampling_reg_loo(&lanes, m, &cols, bk->p1, bk->p2, bk->v, zd,
		    b, cu, still, ru, mean);
	} else {
		/* Too few draws for the controls to pay: the plain values. */
		for (j = 0; j < L; j++)
			mean[j] = 0;
		for (u = 0; u < m; u++)
			for (j = 0; j < L; j++) {
				ru[u * L + j] = cu[u * L + j];
				mean[j] += cu[u * L + j];
			}
	}
	/*
	 * Widen: spread the values about their mean by the factor, so that
	 * the mean (the estimate) stays and the SE taken from their spread
	 * grows by it. Still lanes (and plain blocks) keep their values.
	 */
	for (j = 0; j < L; j++)
		mean[j] /= (double)m;
	sampling_reg_moments(ru, m, mean, m2, m4);
	for (j = 0; j < L; j++) {
		f[j] = still[j] != 0 || j >= nl ? 1 :
		    sampling_reg_widen(m, m2[j], m4[j], bk->zt);
		if (same[j] != 0) {
			/* Exactly its own value, no spread. */
			mean[j] = cu[j];
			m2[j] = 0;
		}
		m2[j] *= f[j] * f[j];
	}
	sampling_reg_spread(ru, m, cu, still, mean, f, part, r);
}

void
sampling_reg_adjust(const struct gs_sampler *s, size_t m, const double *c,
    const gs_real *delta, const double *alpha, const size_t *bidx, double mu,
    const struct gs_reg_share *sh, double *r)
{
	enum { L = SAMPLING_LANES };
	struct gs_reg_block	 bk;
	double			*cl, *tot, *ru, *rl, mean[L], m2[L], *part;
	gs_real			*zl, *bl;
	size_t			 d = s->d, nk = (d + L - 1) / L, k, u, j, i;

	memset(&bk, 0, sizeof bk);
	cl = xcalloc(xmul(xmul(nk, m), L) + 1, sizeof *cl);
	zl = xcalloc(xmul(xmul(nk, m), L) + 1, sizeof *zl);
	bl = xcalloc(xmul(xmul(nk, m), L) + 1, sizeof *bl);
	rl = xcalloc(xmul(xmul(nk, m), L) + 1, sizeof *rl);
	ru = xcalloc(xmul(m, L) + 1, sizeof *ru);
	tot = xcalloc(m + 1, sizeof *tot);
	part = xcalloc(m + 1, sizeof *part);
	for (u = 0; u < m; u++) {
		tot[u] = sampling_reg_total(c + u * d, d);
		for (i = 0; i < d; i++) {
			j = ((i / L) * m + u) * L + i % L;
			cl[j] = c[u * d + i];
			zl[j] = delta[u * d + i];
			bl[j] = s->bl->rows[bidx[u] * d + i];
		}
	}
	bk.m = m;
	bk.d = d;
	bk.c = cl;
	bk.zd = zl;
	bk.b = bl;
	bk.alpha = alpha;
	bk.bidx = bidx;
	bk.tot = tot;
	sampling_reg_begin(s, &bk, mu, sh);
	for (k = 0; k < nk; k++)
		sampling_reg_chunk(&bk, k, ru, mean, m2, part,
		    rl + k * m * L);
	sampling_reg_end(&bk);
	for (u = 0; u < m; u++)
		for (i = 0; i < d; i++)
			r[u * d + i] = rl[((i / L) * m + u) * L + i % L];
	free(cl);
	free(zl);
	free(bl);
	free(rl);
	free(ru);
	free(tot);
	free(part);
}

/* SPDX-License-Identifier: ISC */
/*
 * Sampling plans for Gradient SHAP and SmoothGrad: plain Monte Carlo,
 * stratified coordinates, scrambled Sobol points (Joe & Kuo direction
 * numbers, Owen's nested uniform scrambling by hashing, Burley 2020), and
 * antithetic pairs; and regression control variates on plain Monte Carlo
 * draws (the reg plan, Gradient SHAP; its regression is sampling-reg.c).
 * Every draw is a function of (seed,
 * row, unit, point), so any sample can be made without the ones before it.
 * Standard errors of the randomised QMC plans come from independent
 * replicates (Owen 1997). Also the --tol round logic.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr/game.h"
#include "attr/sampling-int.h"
#include "attr/sobol-joe-kuo.h"
#include "core/xmalloc.h"

static void	sampling_order(struct gs_sampler *, const struct gs_baseline *,
		    const double *, size_t);

static const char *sampling_names[] = { "mc", "stratified", "sobol", "reg" };
_Static_assert(sizeof sampling_names / sizeof sampling_names[0] ==
    GS_PLAN_COUNT, "sampling_names out of step with enum gs_sampling");

int
sampling_parse(const char *s, enum gs_sampling *plan, int *antithetic,
    int *cv)
{
	char	 buf[64], *w, *next;
	int	 i, seen = 0;

	if (strlen(s) >= sizeof buf)
		return (-1);
	memcpy(buf, s, strlen(s) + 1);
	*plan = GS_PLAN_MC;
	*antithetic = *cv = 0;
	for (w = buf; w != NULL; w = next) {
		if ((next = strchr(w, '+')) != NULL)
			*next++ = '\0';
		if (strcmp(w, "antithetic") == 0 && !*antithetic)
			*antithetic = 1;
		else if (strcmp(w, "cv") == 0 && !*cv)
			*cv = 1;
		else {
			for (i = 0; i < GS_PLAN_COUNT; i++)
				if (strcmp(w, sampling_names[i]) == 0)
					break;
			if (i == GS_PLAN_COUNT || seen || w != buf)
				return (-1);
			*plan = i;
			seen = 1;
		}
	}
	/* reg brings its own control variates, on independent draws. */
	if (*plan == GS_PLAN_REG && (*antithetic || *cv))
		return (-1);
	return (0);
}

const char *
sampling_format(enum gs_sampling plan, int antithetic, int cv, char *buf,
    size_t size)
{
	if (plan == GS_PLAN_MC && (antithetic || cv))
		snprintf(buf, size, "%s%s%s", antithetic ? "antithetic" : "",
		    antithetic && cv ? "+" : "", cv ? "cv" : "");
	else
		snprintf(buf, size, "%s%s%s", sampling_names[plan],
		    antithetic ? "+antithetic" : "", cv ? "+cv" : "");
	return (buf);
}

int
sampling_tol_parse(const char *s, double *tol, int *rel,
    struct gs_error *err)
{
	const char	*p = s;
	char		*end;
	double		 v;
	int		 flags = 0;

	if (strncmp(p, "gap:", 4) == 0) {
		flags |= GS_TOL_GAP;
		p += 4;
	}
	errno = 0;
	v = strtod(p, &end);
	if (end != p && *end == '%' && end[1] == '\0') {
		flags |= GS_TOL_REL;
		v /= 100;
	} else if (end == p || *end != '\0')
		v = NAN;
	if (errno != 0 || !isfinite(v) || v <= 0 ||
	    ((flags & GS_TOL_REL) && v >= 1))
		return (gs_error_set(err, GS_EINVAL, "'%s' is not a tolerance "
		    "(a positive number or a percentage below 100%%, either "
		    "after gap: to aim at the completeness gap)", s));
	*tol = v;
	*rel = flags;
	return (0);
}

/* splitmix64's finaliser: a 64-bit mixing function. */
static uint64_t
sampling_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

/* The scrambling seed of coordinate t of replicate r of a row. */
static uint64_t
sampling_seed(uint64_t seed, uint64_t row, uint64_t r, uint64_t t)
{
	uint64_t h = sampling_mix(seed + 0x9e3779b97f4a7c15ULL);

	h = sampling_mix(h ^ (row + 0x632be59bd9b4e019ULL));
	return (sampling_mix(h ^ (r * 0xd6e8feb86659fd93ULL + t + 1)));
}

/*
 * Owen's nested uniform scramble of the 32 bits of x: bit b is flipped by
 * a hash of the bits above it, so the same prefix always gets the same
 * flips (a random permutation of each dyadic subinterval).
 */
static uint32_t
sampling_owen(uint32_t x, uint64_t seed)
{
	uint64_t	path = 1;
	uint32_t	out = 0, bit, flip;
	int		b;

	for (b = 31; b >= 0; b--) {
		bit = (x >> b) & 1;
		flip = (uint32_t)(sampling_mix(seed ^ (path *
		    0x9e3779b97f4a7c15ULL)) >> 63);
		out |= (bit ^ flip) << b;
		path = (path << 1) | bit;
	}
	return (out);
}

/*
 * A stratified plan's index shuffle for coordinate t: point j of a
 * replicate takes the base point 2^m + pi(j - 2^m), 2^m <= j < 2^(m+1), pi
 * a hashed permutation of m-bit numbers. Every power-of-two prefix keeps
 * its points (so its strata), while coordinates that share the van der
 * Corput sequence are paired at random, as in a Latin hypercube; without
 * it, scrambles of one sequence are strongly correlated.
 */
static uint32_t
sampling_shuffle(uint32_t j, uint64_t seed)
{
	uint32_t	top, r;
	int		m;

	if (j < 2)
		return (j);
	m = 31 - __builtin_clz(j);
	top = (uint32_t)1 << m;
	r = sampling_owen((j - top) << (32 - m), seed) >> (32 - m);
	return (top + r);
}

/* Direction numbers of Sobol dimension t (0-based) into v[0..31]. */
static void
sampling_directions(size_t t, uint32_t *v)
{
	const struct sobol_row	*row;
	unsigned		 s, k, i;

	if (t == 0) {
		for (k = 0; k < 32; k++)
			v[k] = (uint32_t)1 << (31 - k);
		return;
	}
	row = &sobol_rows[t - 1];
	s = row->s;
	for (k = 0; k < 32; k++) {
		if (k < s) {
			v[k] = (uint32_t)row->m[k] << (31 - k);
			continue;
		}
		v[k] = v[k - s] ^ (v[k - s] >> s);
		for (i = 1; i < s; i++)
			if ((row->a >> (s - 1 - i)) & 1)
				v[k] ^= v[k - i];
	}
}

/*
 * Inverse of the standard normal distribution function: Acklam's rational
 * approximation (relative error 1.2e-9) and one Halley step on erfc, which
 * brings it to double precision.
 */
static double
sampling_probit(double p)
{
	static const double a[] = { -3.969683028665376e+01,
	    2.209460984245205e+02, -2.759285104469687e+02,
	    1.383577518672690e+02, -3.066479806614716e+01,
	    2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01,
	    1.615858368580409e+02, -1.556989798598866e+02,
	    6.680131188771972e+01, -1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03,
	    -3.223964580411365e-01, -2.400758277161838e+00,
	    -2.549732539343734e+00, 4.374664141464968e+00,
	    2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03,
	    3.224671290700398e-01, 2.445134137142996e+00,
	    3.754408661907416e+00 };
	double	q, r, x, e, u;

	if (p < 0.02425) {
		q = sqrt(-2 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) *
		    q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) *
		    q + 1);
	} else if (p <= 1 - 0.02425) {
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) *
		    r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r +
		    b[3]) * r + b[4]) * r + 1);
	} else {
		q = sqrt(-2 * log1p(-p));
		x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) *
		    q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) *
		    q + 1);
	}
	e = 0.5 * erfc(-x / M_SQRT2) - p;
	u = e * sqrt(2 * M_PI) * exp(x * x / 2);
	return (x - u / (1 + x * u / 2));
}

struct gs_sampler *
sampling_new(const struct gs_attr_opts *opts, size_t d,
    const struct gs_baseline *bl, const double *bl_cum, const double *bl_out,
    size_t k, const struct gs_noise *nz, struct gs_error *err)
{
	struct gs_sampler	*s;
	size_t			 t, i;

	if (opts->plan >= GS_PLAN_COUNT) {
		gs_error_set(err, GS_EINVAL, "unknown sampling plan");
		return (NULL);
	}
	if (opts->method == GS_METHOD_SMOOTHGRAD &&
	    opts->smooth == GS_SMOOTH_VAR && (opts->plan != GS_PLAN_MC ||
	    opts->antithetic)) {
		gs_error_set(err, GS_EINVAL, "VarGrad (--smooth var) takes "
		    "the mc plan only: its standard error needs independent "
		    "samples");
		return (NULL);
	}
	s = xcalloc(1, sizeof *s);
	s->plan = opts->plan;
	s->anti = opts->antithetic != 0;
	s->reps = GS_PLAN_REPLICATES;
	s->alpha = opts->method == GS_METHOD_GRADSHAP;
	s->nb = bl != NULL ? bl->n : 0;
	s->cum = bl_cum;
	s->d = d;
	s->sigma = nz != NULL && nz->fill == NULL ? nz->sigma : NULL;
	if (s->plan == GS_PLAN_REG && !s->alpha) {
		/* SmoothGrad: its own best measured plan, antithetic pairs. */
		s->plan = GS_PLAN_MC;
		s->anti = 1;
	} else if (s->plan == GS_PLAN_REG && s->nb == 0)
		s->plan = GS_PLAN_MC;
	if (s->plan == GS_PLAN_REG) {
		s->bl = bl;
		s->bout = bl_out;
		s->k = k;
		s->bt = xcalloc(xmul(d, s->nb), sizeof *s->bt);
		for (t = 0; t < s->nb; t++)
			for (i = 0; i < d; i++)
				s->bt[i * s->nb + t] = bl->rows[t * d + i];
		s->rmean = xcalloc(d, sizeof *s->rmean);
		for (t = 0; t < s->nb; t++) {
			double w = bl->weights != NULL ? bl->weights[t] :
			    1.0 / (double)s->nb;
			for (i = 0; i < d; i++)
				s->rmean[i] += w * bl->rows[t * d + i];
		}
	}
	if (opts->cv && s->alpha && s->nb > 0) {
		s->bmean = xcalloc(d, sizeof *s->bmean);
		for (t = 0; t < s->nb; t++) {
			double w = bl->weights != NULL ? bl->weights[t] :
			    1.0 / (double)s->nb;
			for (i = 0; i < d; i++)
				s->bmean[i] += w * bl->rows[t * d + i];
		}
	}
	s->dims = (s->alpha ? 1 : 0) + (s->nb > 1 ? 1 : 0) +
	    (s->sigma != NULL ? d : 0);
	if (s->plan == GS_PLAN_SOBOL)
		s->qdims = s->dims < SOBOL_DIMS ? s->dims : SOBOL_DIMS;
	else if (s->plan == GS_PLAN_STRATIFIED)
		s->qdims = s->dims > 0 ? 1 : 0;
	if ((s->plan == GS_PLAN_STRATIFIED || s->plan == GS_PLAN_SOBOL) &&
	    s->nb > 1 && bl_out != NULL && k > 0)
		sampling_order(s, bl, bl_out, k);
	if (s->qdims > 0) {
		s->v = xcalloc(xmul(s->qdims, 32), sizeof *s->v);
		for (t = 0; t < s->qdims; t++)
			sampling_directions(t, s->v + 32 * t);
	}
	return (s);
}

void
sampling_free(struct gs_sampler *s)
{
	if (s == NULL)
		return;
	free(s->v);
	free(s->bmean);
	free(s->rmean);
	free(s->bt);
	free(s->order);
	free(s->ocum);
	free(s);
}

const double *
sampling_cv_mean(const struct gs_sampler *s)
{
	return (s->bmean);
}

int
sampling_reg(const struct gs_sampler *s)
{
	return (s->plan == GS_PLAN_REG);
}

size_t
sampling_members(const struct gs_sampler *s)
{
	return (s->anti ? 2 : 1);
}

/* Points in all for n samples, and the replicates they are spread over. */
static size_t
sampling_layout(const struct gs_sampler *s, size_t n, size_t *units)
{
	size_t	p = (n + sampling_members(s) - 1) / sampling_members(s);

	if (p == 0)
		p = 1;
	if (s->plan == GS_PLAN_MC)
		*units = p;
	else if (s->plan == GS_PLAN_REG)
		*units = (p + SAMPLING_REG_BLOCK - 1) / SAMPLING_REG_BLOCK;
	else
		*units = p < s->reps ? p : s->reps;
	return (p);
}

size_t
sampling_units(const struct gs_sampler *s, size_t n)
{
	size_t	units;

	sampling_layout(s, n, &units);
	return (units);
}

size_t
sampling_points(const struct gs_sampler *s, size_t n, size_t u)
{
	size_t	units, p = sampling_layout(s, n, &units);

	return (p / units + (u < p % units ? 1 : 0));
}

size_t
sampling_max_points(const struct gs_sampler *s, size_t n)
{
	return (sampling_points(s, n, 0));
}

size_t
sampling_used(const struct gs_sampler *s, size_t n)
{
	size_t	units;

	return (sampling_layout(s, n, &units) * sampling_members(s));
}

/* A baseline index for a uniform u in [0, 1), in cum's order. */
static size_t
sampling_pick(size_t nb, const double *cum, double u)
{
	size_t	lo = 0, hi;

	if (cum == NULL) {
		lo = (size_t)(u * (double)nb);
		return (lo < nb ? lo : nb - 1);
	}
	u *= cum[nb - 1];
	hi = nb - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cum[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (lo);
}

/* A baseline index for u: stratified plans go through the score order. */
static size_t
sampling_baseline(const struct gs_sampler *s, double u)
{
	if (s->order == NULL)
		return (sampling_pick(s->nb, s->cum, u));
	return (s->order[sampling_pick(s->nb, s->ocum, u)]);
}

/* Order of baselines by their scores (keys), ties by index. */
static int
sampling_key_cmp(const void *a, const void *b, void *keys)
{
	double	x = ((const double *)keys)[*(const size_t *)a];
	double	y = ((const double *)keys)[*(const size_t *)b];

	if (x != y)
		return (x < y ? -1 : 1);
	return (*(const size_t *)a < *(const size_t *)b ? -1 : 1);
}

/*
 * Order the baselines by their score on the first principal component of
 * their model outputs (f(b) itself for one output), so that a stratified
 * or Sobol baseline coordinate stratifies what matters most for the
 * attributions (which sum to f(x) - f(b)). The order does not depend on
 * the class explained, which keeps common random numbers across classes.
 */
static void
sampling_order(struct gs_sampler *s, const struct gs_baseline *bl,
    const double *out, size_t k)
{
	double	*mean, *cov, *v, *nv, *score, norm, acc;
	size_t	 i, a, c, it;

	mean = xcalloc(k, sizeof *mean);
	cov = xcalloc(xmul(k, k), sizeof *cov);
	v = xcalloc(k, sizeof *v);
	nv = xcalloc(k, sizeof *nv);
	score = xcalloc(s->nb, sizeof *score);
	for (i = 0; i < s->nb; i++)
		for (a = 0; a < k; a++)
			mean[a] += out[i * k + a] / (double)s->nb;
	for (i = 0; i < s->nb; i++)
		for (a = 0; a < k; a++)
			for (c = 0; c < k; c++)
				cov[a * k + c] += (out[i * k + a] - mean[a]) *
				    (out[i * k + c] - mean[c]);
	for (a = 0; a < k; a++)
		v[a] = 1 + 0.01 * (double)a;
	for (it = 0; it < 100; it++) {
		for (norm = 0, a = 0; a < k; a++) {
			for (nv[a] = 0, c = 0; c < k; c++)
				nv[a] += cov[a * k + c] * v[c];
			norm += nv[a] * nv[a];
		}
		if (!(norm > 0))
			break;
		for (a = 0; a < k; a++)
			v[a] = nv[a] / sqrt(norm);
	}
	for (i = 0; i < s->nb; i++)
		for (a = 0; a < k; a++)
			score[i] += v[a] * (out[i * k + a] - mean[a]);
	s->order = xcalloc(s->nb, sizeof *s->order);
	for (i = 0; i < s->nb; i++)
		s->order[i] = i;
	qsort_r(s->order, s->nb, sizeof *s->order, sampling_key_cmp, score);
	if (bl->weights != NULL) {
		s->ocum = xcalloc(s->nb, sizeof *s->ocum);
		for (acc = 0, i = 0; i < s->nb; i++)
			s->ocum[i] = (acc += bl->weights[s->order[i]]);
	}
	free(mean);
	free(cov);
	free(v);
	free(nv);
	free(score);
}

/* Coordinate t of point p of replicate r: a uniform in (0, 1). */
static double
sampling_coord(const struct gs_sampler *s, uint64_t seed, uint64_t row,
    size_t r, size_t p, size_t t, struct gs_rng *pad)
{
	const uint32_t	*v;
	uint64_t	 h;
	uint32_t	 x = 0, j = (uint32_t)p;
	double		 u;
	int		 b;

	if (s->plan == GS_PLAN_SOBOL && t >= s->qdims)
		u = gs_rng_uniform(pad);
	else {
		v = s->v + 32 * (s->plan == GS_PLAN_SOBOL ? t : 0);
		h = sampling_seed(seed, row, r, t);
		if (s->plan == GS_PLAN_STRATIFIED && t > 0)
			j = sampling_shuffle(j, h ^ 0x85ebca6b0badf00dULL);
		for (b = 0; j != 0; b++, j >>= 1)
			if (j & 1)
				x ^= v[b];
		x = sampling_owen(x, h);
		/* The bits below 2^-32: uniform, so u is exactly uniform. */
		h = sampling_mix(h ^ sampling_mix(p + 0x2545f4914f6cdd1dULL));
		u = ((double)x + (double)(h >> 11) * 0x1.0p-53) * 0x1.0p-32;
	}
	if (u < 0x1.0p-60)
		u = 0x1.0p-60;
	return (u);
}

void
sampling_draw(const struct gs_sampler *s, uint64_t seed, uint64_t row,
    size_t u, size_t p, double *alpha, size_t *bidx, double *eps)
{
	struct gs_rng	r;
	size_t		i, t = 0;

	if (s->plan == GS_PLAN_MC || s->plan == GS_PLAN_REG) {
		/*
		 * As the plain draws: baseline, alpha, then d deviates. A reg
		 * block holds several points: point p of block u is stream
		 * u * SAMPLING_REG_BLOCK + p (the plain draws, in one block).
		 */
		if (s->plan == GS_PLAN_REG)
			u = u * SAMPLING_REG_BLOCK + p;
		gs_rng_init2(&r, seed, row, u);
		if (s->nb > 0) {
			if (s->cum == NULL)
				*bidx = gs_rng_below(&r, s->nb);
			else
				*bidx = sampling_baseline(s,
				    gs_rng_uniform(&r));
		}
		if (s->alpha)
			*alpha = gs_rng_uniform(&r);
		if (s->sigma != NULL)
			for (i = 0; i < s->d; i++)
				eps[i] = s->sigma[i] * gs_rng_normal(&r);
		return;
	}
	/* Coordinates past the Sobol table: independent padding. */
	gs_rng_init2(&r, seed ^ 0x7f4a7c159e3779b9ULL, row,
	    ((uint64_t)u << 32) ^ p);
	if (s->alpha)
		*alpha = sampling_coord(s, seed, row, u, p, t++, &r);
	if (s->nb == 1)
		*bidx = 0;
	else if (s->nb > 1)
		*bidx = sampling_baseline(s, sampling_coord(s, seed, row, u,
		    p, t++, &r));
	if (s->sigma != NULL)
		for (i = 0; i < s->d; i++)
			eps[i] = s->sigma[i] * sampling_probit(sampling_coord(s,
			    seed, row, u, p, t++, &r));
}

double
sampling_se_factor(const struct gs_sampler *s, size_t n)
{
	/* t quantiles at 0.975 for 1 to 15 degrees of freedom. */
	static const double t975[] = { 12.706, 4.303, 3.182, 2.776, 2.571,
	    2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
	    2.131 };
	size_t	units = sampling_units(s, n), m;

	/*
	 * reg: the values of a block of m draws carry their fitted controls;
	 * count the coefficients as spent degrees of freedom.
	 */
	if (s->plan == GS_PLAN_REG) {
		m = sampling_points(s, n, units - 1);
		return (m < SAMPLING_REG_MIN ? 1 : sqrt((double)(m - 1) /
		    (double)(m - SAMPLING_REG_COLS)));
	}
	if (s->plan == GS_PLAN_MC || units < 2 ||
	    units - 1 > sizeof t975 / sizeof t975[0])
		return (1);
	return (t975[units - 2] / 1.959963984540054);
}

/*
 * The error --tol compares with its tolerance: the largest SE, or with
 * GS_TOL_GAP the gap's 95% half-width 1.96 SE; without standard errors
 * (IG) the gap itself. -1 when there is nothing to measure (no gap).
 */
static double
sampling_tol_error(const struct gs_attr_opts *opts,
    const struct gs_explanation *ex)
{
	double	worst = 0;
	size_t	i;

	if (ex->se == NULL || (opts->tol_rel & GS_TOL_GAP)) {
		if (isnan(ex->gap))
			return (-1);
		if (ex->se == NULL)
			return (fabs(ex->gap));
		return (1.959963984540054 * (isnan(ex->gap_se) ? 0 :
		    ex->gap_se));
	}
	for (i = 0; i < ex->d; i++)
		worst = fmax(worst, ex->se[i]);
	return (worst);
}

int
sampling_tol_met(const struct gs_attr_opts *opts,
    const struct gs_explanation *ex, double *abs)
{
	double	scale = 0, now;
	size_t	i;

	*abs = opts->tol;
	if (opts->tol <= 0)
		return (1);
	if (opts->tol_rel & GS_TOL_REL) {
		if (!isnan(ex->base))
			scale = fabs(ex->fx - ex->base);
		else
			for (i = 0; i < ex->d; i++)
				scale = fmax(scale, fabs(ex->phi[i]));
		*abs = opts->tol * scale;
	}
	now = sampling_tol_error(opts, ex);
	return (now < 0 || now <= *abs);
}

/*
 * The fewest samples at which the reg plan's blocks fit their controls,
 * when the round of n was plain (its last block, the smallest, under
 * SAMPLING_REG_MIN points); 0 otherwise.
 */
static size_t
sampling_tol_reg_min(const struct gs_sampler *s, size_t n)
{
	if (s == NULL || s->plan != GS_PLAN_REG || sampling_points(s, n,
	    sampling_units(s, n) - 1) >= SAMPLING_REG_MIN)
		return (0);
	return (SAMPLING_REG_MIN * sampling_members(s));
}

size_t
sampling_tol_next(const struct gs_attr_opts *opts,
    const struct gs_sampler *s, const struct gs_explanation *ex, size_t n,
    size_t first)
{
	size_t	budget = opts->max_samples, next, fit;
	double	abs, worst, want;

	if (budget == 0)
		budget = first <= (size_t)1 << 24 ? first * 64 :
		    (size_t)1 << 30;
	/* IG's doubling stops where its rule does. */
	if (opts->method == GS_METHOD_IG && opts->rule ==
	    GS_RULE_GAUSSLEGENDRE && budget > GS_GL_MAX_STEPS)
		budget = GS_GL_MAX_STEPS;
	if (n >= budget)
		return (n);
	next = n * 2;
	if (ex->se != NULL) {
		sampling_tol_met(opts, ex, &abs);
		worst = fmax(sampling_tol_error(opts, ex), 0);
		/* SE ~ 1/sqrt(n): aim 20% past the estimate, grow 1.5x or more. */
		want = abs > 0 ? 1.2 * (double)n * (worst / abs) *
		    (worst / abs) : (double)budget;
		next = n + n / 2 + 1;
		if (want > (double)next)
			next = want >= (double)budget ? budget : (size_t)want;
		/*
		 * reg: a plain round's SE aims at what plain mc would need,
		 * and reg needs less (about an eighth on the demo): go no
		 * further than the first count that fits the controls. And
		 * reg's SE times sqrt(n) falls as its blocks grow (the fit
		 * sharpens: 0.13 at 24 draws, 0.06 at 400 on demo rows), so
		 * 1/sqrt(n) from a small reg round aims too far: at most
		 * triple, and let each round's own SE size the next. (At
		 * most double used fewer samples, but its extra rounds, each
		 * paying the per-row share pass again, cost the digits CNN
		 * 15% more CPU than the old rule; triple about the same.)
		 */
		fit = sampling_tol_reg_min(s, n);
		if (fit > n && next > fit)
			next = fit;
		else if (fit == 0 && s != NULL && s->plan == GS_PLAN_REG &&
		    next > 3 * n)
			next = 3 * n;
	}
	return (next < budget ? next : budget);
}

/* SPDX-License-Identifier: ISC */
/*
 * xoshiro256** with splitmix64 seeding; uniform, bounded and normal draws.
 */
#include <math.h>

#include "core/rng.h"

static uint64_t
rng_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

static inline uint64_t
rng_rotl(uint64_t x, int k)
{
	return ((x << k) | (x >> (64 - k)));
}

void
gs_rng_init(struct gs_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed;
	int	 i;

	/* Mix the stream in through a second splitmix pass. */
	x ^= rng_splitmix(&(uint64_t){ stream ^ 0x5851f42d4c957f2dULL });
	for (i = 0; i < 4; i++)
		r->s[i] = rng_splitmix(&x);
	if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
		r->s[0] = 1;
	r->has_spare = 0;
	r->spare = 0;
}

void
gs_rng_init2(struct gs_rng *r, uint64_t seed, uint64_t a, uint64_t b)
{
	uint64_t x = a ^ 0xd1b54a32d192ed03ULL;

	gs_rng_init(r, seed, rng_splitmix(&x) ^ b);
}

uint64_t
gs_rng_next(struct gs_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rng_rotl(s[3], 45);
	return (result);
}

double
gs_rng_uniform(struct gs_rng *r)
{
	return ((gs_rng_next(r) >> 11) * 0x1.0p-53);
}

uint64_t
gs_rng_below(struct gs_rng *r, uint64_t n)
{
	__uint128_t m = (__uint128_t)gs_rng_next(r) * n;
	uint64_t l = (uint64_t)m;

	if (l < n) {
		uint64_t t = -n % n;
		while (l < t) {
			m = (__uint128_t)gs_rng_next(r) * n;
			l = (uint64_t)m;
		}
	}
	return ((uint64_t)(m >> 64));
}

double
gs_rng_normal(struct gs_rng *r)
{
	double	u, v, s;

	if (r->has_spare) {
		r->has_spare = 0;
		return (r->spare);
	}
	do {
		u = 2.0 * gs_rng_uniform(r) - 1.0;
		v = 2.0 * gs_rng_uniform(r) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	s = sqrt(-2.0 * log(s) / s);
	r->spare = v * s;
	r->has_spare = 1;
	return (u * s);
}

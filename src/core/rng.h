/* SPDX-License-Identifier: ISC */
/*
 * The one seeded random generator: xoshiro256** (Blackman & Vigna 2018),
 * seeded through splitmix64 from a (seed, stream) pair. Every independent
 * piece of work (a row, a chunk of samples) takes its own stream, so results
 * do not depend on how work is split across threads.
 */
#ifndef GS_RNG_H
#define GS_RNG_H

#include <stdint.h>

struct gs_rng {
	uint64_t s[4];		/* xoshiro256** state, never all zero */
	double	 spare;		/* second normal deviate of the last pair */
	int	 has_spare;	/* spare holds an unused deviate */
};

/* Start stream number stream of the generator seeded with seed. */
void	 gs_rng_init(struct gs_rng *r, uint64_t seed, uint64_t stream);
/*
 * Start the stream for item b of group a (sample b of row a, say): one
 * independent stream per pair, so any item's draws can be made without
 * drawing the ones before it.
 */
void	 gs_rng_init2(struct gs_rng *r, uint64_t seed, uint64_t a, uint64_t b);
/* Next 64 random bits. */
uint64_t gs_rng_next(struct gs_rng *r);
/* Uniform double in [0, 1), 53 bits. */
double	 gs_rng_uniform(struct gs_rng *r);
/* Uniform integer in [0, n), unbiased (Lemire's method); n > 0. */
uint64_t gs_rng_below(struct gs_rng *r, uint64_t n);
/* Standard normal deviate (Marsaglia's polar method). */
double	 gs_rng_normal(struct gs_rng *r);

#endif

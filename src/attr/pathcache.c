/* SPDX-License-Identifier: ISC */
/*
 * The path cache: what every point of a path b + alpha (x - b) shares. The
 * model's affine prefix F (standardisation, the first Gemm, MatMul or Conv:
 * plan_prefix_len) is affine, so F at a point is F(b) + alpha (F(x) - F(b)).
 * F of every baseline is computed once per explainer (per baseline set,
 * shared by every row and worker) and F(x) once per row, so a point costs
 * no forward work in the prefix; its gradient still runs backward through
 * it. Kept only where it saves enough work (PATHCACHE_MIN_FLOPS,
 * PATHCACHE_MIN_SHARE) within a memory bound (PATHCACHE_MAX_BYTES).
 */
#include <stdlib.h>

#include "attr/explainer.h"
#include "core/xmalloc.h"

/*
 * Forward FLOP the prefix must cost per element of F for the cache to pay:
 * a point then reads a cached value and writes one instead of that work.
 * A 784-512 Gemm costs 1568 an element and the cache took the Fashion MLP
 * from 8.9 to 5.5 ms a row (--plan mc, CPU time); a 3x3 convolution of one
 * channel costs 18, where the cache made the digits CNN 10-25% slower
 * (`gshap explain --all --plan mc`, 3 runs each) although it skips 39% of
 * the dense work: the convolution is cheap, the cache's reads are not.
 */
#define PATHCACHE_MIN_FLOPS	32
/*
 * Least share of a point's dense work (forward and backward) the cache
 * must save: the Fashion CNN's first convolution is 5% of it and its
 * cache 100 MB, which measured no faster a row and 0.4 s slower to build
 * (`make bench`); the demo MLP saves 24%, the Fashion MLP 38%.
 */
#define PATHCACHE_MIN_SHARE	0.10
/* Most bytes the baselines' F may take. */
#define PATHCACHE_MAX_BYTES	((size_t)256 << 20)

struct gs_pathcache *
pathcache_new(struct gs_explainer *e, int always)
{
	struct gs_pathcache	*pc;
	struct gs_error		 err;
	struct gs_plan		*p = e->w[0].plan;
	size_t			 len = plan_prefix_len(p), n, i, b;

	if (len == 0 || e->bl == NULL || e->bl->n == 0 ||
	    e->bl->n > PATHCACHE_MAX_BYTES / sizeof(gs_real) / len)
		return (NULL);
	if (!always &&
	    (plan_prefix_flops(p) < PATHCACHE_MIN_FLOPS * (double)len ||
	    plan_prefix_flops(p) < PATHCACHE_MIN_SHARE * e->flops))
		return (NULL);
	pc = xcalloc(1, sizeof *pc);
	pc->len = len;
	pc->n = e->bl->n;
	pc->flops = plan_prefix_flops(p);
	pc->fb = xmalloc(xmul(xmul(pc->n, len), sizeof *pc->fb));
	b = e->opts.batch;
	for (i = 0; i < pc->n; i += n) {
		n = pc->n - i < b ? pc->n - i : b;
		if (plan_prefix(p, e->bl->rows + i * e->d, n, pc->fb + i * len,
		    &err) != 0) {
			/* Run without: the passes will say what is wrong. */
			pathcache_free(pc);
			return (NULL);
		}
	}
	return (pc);
}

void
pathcache_free(struct gs_pathcache *pc)
{
	if (pc == NULL)
		return;
	free(pc->fb);
	free(pc);
}

size_t
pathcache_bytes(const struct gs_pathcache *pc)
{
	return (pc != NULL ? pc->n * pc->len * sizeof *pc->fb : 0);
}

void
pathcache_point(const struct gs_pathcache *pc, const gs_real *restrict fx,
    size_t bidx, double alpha, gs_real *restrict f)
{
	const gs_real	*restrict fb = pc->fb + bidx * pc->len;
	size_t		 i;

	for (i = 0; i < pc->len; i++)
		f[i] = (gs_real)(fb[i] + alpha * ((double)fx[i] - fb[i]));
}

/* SPDX-License-Identifier: ISC */
/*
 * Eight-lane float vectors for the element-wise kernels of the model layer
 * (GCC's vector extensions: two SSE2 or one AVX2 instruction per
 * operation), and the attribute that also builds a kernel for AVX2, picked
 * at load time. Only for the float build under GCC (GS_SIMD); the same
 * operations in the same order in every build (C17 mode contracts nothing
 * into FMAs), so every build gives the same bits.
 */
#ifndef GS_SIMD_H
#define GS_SIMD_H

/*
 * Loops built twice, for AVX2 and for the baseline target, the build picked
 * at load time (GNU ifunc). Not under clang (the fuzzing build) and not
 * under the thread sanitizer: its runtime is not ready when ifunc resolvers
 * run, and an instrumented resolver crashes the program before main.
 * Not with -DGS_NO_CLONES either: that build runs the baseline loops on any
 * machine, and .ci/run holds its output to the default build's
 * (scripts/compare-builds). Defined (empty where it does not apply) for
 * every build: the reg plan uses it for double loops too.
 */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__GLIBC__) && \
    !defined(__clang__) && !defined(__SANITIZE_THREAD__) && \
    !defined(GS_NO_CLONES)
#define GS_CLONES	__attribute__((target_clones("avx2", "default")))
#else
#define GS_CLONES
#endif

#if !defined(GS_REAL_DOUBLE) && defined(__GNUC__) && !defined(__clang__)
#define GS_SIMD	1

#include <stdint.h>
#include <string.h>

/* Eight floats, and eight int32 of the same bits. */
typedef float gs_v8sf __attribute__((vector_size(32)));
typedef int32_t gs_v8si __attribute__((vector_size(32)));
typedef int64_t gs_v4di __attribute__((vector_size(32)));	/* gs_v8_all */

#define GS_V8_LANES	8
#define GS_V8(c)	((gs_v8sf){ (c), (c), (c), (c), (c), (c), (c), (c) })


/*
 * Whatever the caller's target, these are always inlined (no ABI): a
 * vector passed to a function built for another target would be passed
 * another way. Helpers of the kernels that take or return vectors are
 * declared GS_V8_INLINE for the same reason.
 */
#define GS_V8_INLINE	static inline __attribute__((always_inline))
#pragma GCC diagnostic ignored "-Wpsabi"

/* Load and store eight floats, unaligned. */
GS_V8_INLINE gs_v8sf
gs_v8_load(const float *p)
{
	gs_v8sf	v;

	memcpy(&v, p, sizeof v);
	return (v);
}

GS_V8_INLINE void
gs_v8_store(float *p, gs_v8sf v)
{
	memcpy(p, &v, sizeof v);
}

/* Whether every lane of the mask m (a comparison's result) is set. */
GS_V8_INLINE int
gs_v8_all(gs_v8si m)
{
	gs_v4di	a = (gs_v4di)m;

	return ((a[0] & a[1] & a[2] & a[3]) == -1);
}

/* The sum of the eight lanes, in a fixed order. */
GS_V8_INLINE float
gs_v8_hsum(gs_v8sf v)
{
	return (((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) +
	    (v[3] + v[7])));
}
#endif

#endif

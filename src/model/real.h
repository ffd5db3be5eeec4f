/* SPDX-License-Identifier: ISC */
/*
 * The element type of the model layer. gshap computes in float32; the
 * gradient tests build the same sources with -DGS_REAL_DOUBLE so that every
 * backward rule is checked against finite differences in double precision.
 */
#ifndef GS_REAL_H
#define GS_REAL_H

#include <cblas.h>

#include <math.h>

/* Math functions in gs_real precision, so float kernels never round-trip through double. */
#ifdef GS_REAL_DOUBLE
typedef double gs_real;
#define GS_GEMM		cblas_dgemm	/* matrix product for gs_real */
#define GS_AXPY		cblas_daxpy
#define GS_REAL_EPS	1e-12
#define GS_EXP		exp
#define GS_EXPM1	expm1
#define GS_LOG		log
#define GS_LOG1P	log1p
#define GS_TANH		tanh
#define GS_SQRT		sqrt
#define GS_FABS		fabs
#define GS_POW		pow
#define GS_ERF		erf
#else
typedef float gs_real;
#define GS_GEMM		cblas_sgemm
#define GS_AXPY		cblas_saxpy
#define GS_REAL_EPS	1e-6f
#define GS_EXP		expf
#define GS_EXPM1	expm1f
#define GS_LOG		logf
#define GS_LOG1P	log1pf
#define GS_TANH		tanhf
#define GS_SQRT		sqrtf
#define GS_FABS		fabsf
#define GS_POW		powf
#define GS_ERF		erff
#endif

#endif

/* SPDX-License-Identifier: ISC */
/*
 * The element type of the model layer. gshap computes in float32; the
 * gradient tests build the same sources with -DGS_REAL_DOUBLE so that every
 * backward rule is checked against finite differences in double precision.
 */
#ifndef GS_REAL_H
#define GS_REAL_H

#include <cblas.h>

#ifdef GS_REAL_DOUBLE
typedef double gs_real;
#define GS_GEMM		cblas_dgemm	/* matrix product for gs_real */
#define GS_AXPY		cblas_daxpy
#define GS_REAL_EPS	1e-12
#else
typedef float gs_real;
#define GS_GEMM		cblas_sgemm
#define GS_AXPY		cblas_saxpy
#define GS_REAL_EPS	1e-6f
#endif

#endif

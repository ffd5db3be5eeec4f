/* SPDX-License-Identifier: ISC */
/*
 * The finite-difference harness for backward rules: builds one node through
 * the loader's init path, runs it in double precision and compares its
 * input gradients with central differences. Built with -DGS_REAL_DOUBLE.
 */
#ifndef GS_GRADCHECK_H
#define GS_GRADCHECK_H

#include <stddef.h>
#include <stdint.h>

struct gc_input {
	int		 ndim;		/* number of dimensions */
	int64_t		 d[8];		/* shape */
	int		 is_const;	/* constant input: no gradient checked */
	const double	*data;		/* values, or NULL for uniform in [lo, hi] */
	const int64_t	*ival;		/* integer constant values, or NULL */
	double		 lo, hi;	/* range for random values */
	int		 dtype;		/* ONNX type of a constant, or 0 */
};

/*
 * Check the backward rule of op_type (at the given opset) on inputs in.
 * attrs is a space-separated list of "name=value": an int ("3"), a float
 * ("0.5", "1e-3"), a string in single quotes ("mode='constant'"), or a
 * comma list of ints or floats ("pads=1,1,1,1"; one element: "axes=1,").
 * "@outputs=N" sets the number of outputs of an op that takes any (Split;
 * 1 when not given).
 * The output is projected on a fixed random vector (seeded); the analytic
 * gradient of every non-constant input is compared with central differences
 * (step 1e-6 * max(1, |x|)). Returns 0 when the largest absolute error is
 * at most tol * (1 + max |g|); otherwise prints the op, input, index,
 * analytic and numeric values (or the gs_error message) and returns -1.
 */
int	gradcheck(const char *op_type, int opset, const char *attrs, int n_in,
	    const struct gc_input *in, double tol);

/*
 * Build the node and run forward only, writing the n elements of output 0
 * to out (n must equal the output's element count). Returns 0 or -1.
 */
int	gradcheck_forward(const char *op_type, int opset, const char *attrs,
	    int n_in, const struct gc_input *in, double *out, size_t n);

/*
 * Build the node, run forward, then backward with output 0's gradient
 * all ones, writing input 0's gradient (n elements) to g. Returns 0 or -1.
 */
int	gradcheck_backward(const char *op_type, int opset, const char *attrs,
	    int n_in, const struct gc_input *in, double *g, size_t n);

/*
 * Only build the node (init and shape). Returns 0 when accepted, -1 when
 * refused, copying the error message into msg (which may be NULL).
 */
int	gradcheck_init(const char *op_type, int opset, const char *attrs,
	    int n_in, const struct gc_input *in, char *msg, size_t msg_size);

/*
 * Build the node, run forward, and write the margins of its one row
 * (rows = 1) into m (up to cap values). Returns how many the op reports,
 * or -1 when the node is refused or has no margins callback.
 */
long	gradcheck_margins(const char *op_type, int opset, const char *attrs,
	    int n_in, const struct gc_input *in, double *m, size_t cap);

/*
 * The exact-IG refusal of the node (op->jumps): 1 with its reason copied
 * into why (which may be NULL), 0 when it has none, -1 when the node is
 * refused.
 */
int	gradcheck_jumps(const char *op_type, int opset, const char *attrs,
	    int n_in, const struct gc_input *in, char *why, size_t size);

/*
 * Check op's kinks callback against its margins on the segment from the
 * inputs in to b (b[k]: input k's values at the far end, for each input
 * that is not constant; the constants stay). The kinks are followed as
 * exact IG follows them, each search starting just past the kink before;
 * each must lie where its element meets its threshold (or the element it
 * races), and in the same interval of 4096 samples as a change of the
 * margins' signs, one kink per change. Returns the number of kinks, or
 * -1 (a message printed) when they do not agree.
 */
long	gradcheck_kinks(const char *op_type, int opset, const char *attrs,
	    int n_in, const struct gc_input *in, const double *const *b);

#endif

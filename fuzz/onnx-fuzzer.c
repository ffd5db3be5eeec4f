/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the ONNX loader, then a plan for every output and one
 * forward and backward pass on two rows (skipped for models too large
 * to run quickly).
 */
#include "fuzz/fuzz.h"
#include "model/model.h"

#define FUZZ_MAX_INPUT	((size_t)1 << 16)	/* input values per row run */
#define FUZZ_MAX_FLOPS	1e7			/* work per row run */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gs_error	 err;
	struct gs_model	*m;
	struct gs_plan	*p;
	gs_real		*x, *y, *g;
	size_t		 k, n, d, out, target[2] = { 0, 0 }, i;
	double		 fwd, bwd;

	gs_error_clear(&err);
	if ((m = model_load_buffer(data, size, "fuzz.onnx", &err)) == NULL) {
		fuzz_check_error(&err);
		return (0);
	}
	d = model_input_len(m);
	n = model_output_count(m);
	for (k = 0; k < n && d > 0 && d <= FUZZ_MAX_INPUT; k++) {
		gs_error_clear(&err);
		if ((p = plan_new(m, k, 2, &err)) == NULL) {
			fuzz_check_error(&err);
			continue;
		}
		if (plan_flops(p, &fwd, &bwd, &err) != 0 ||
		    fwd + bwd > FUZZ_MAX_FLOPS ||
		    (out = plan_output_len(p)) == 0 || out > FUZZ_MAX_INPUT) {
			plan_free(p);
			continue;
		}
		x = calloc(2 * d, sizeof *x);
		y = calloc(2 * out, sizeof *y);
		g = calloc(2 * d, sizeof *g);
		if (x == NULL || y == NULL || g == NULL)
			abort();
		for (i = 0; i < 2 * d; i++)
			x[i] = (gs_real)((double)(i % 7) - 3) / 4;
		target[1] = out - 1;
		if (plan_forward(p, x, 2, y, &err) != 0)
			fuzz_check_error(&err);
		gs_error_clear(&err);
		if (plan_gradient(p, x, 2, target, y, g, &err) != 0)
			fuzz_check_error(&err);
		free(x);
		free(y);
		free(g);
		plan_free(p);
	}
	model_free(m);
	return (0);
}

/* SPDX-License-Identifier: ISC */
/*
 * The explainer: one model plan, one baseline set, one set of options, used
 * for many rows. It owns the batch buffers every method shares, computes
 * f(x), picks the class to explain, and computes the base value E_b[f(b)]
 * once per explainer from the baseline outputs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/explainer.h"
#include "core/xmalloc.h"

struct gs_explainer *
explainer_new(const struct gs_model *m, size_t output,
    const struct gs_attr_opts *opts, const struct gs_baseline *bl,
    const struct gs_noise *nz, struct gs_error *err)
{
	const struct gs_method_entry *me;
	struct gs_explainer *e;
	size_t	 d = model_input_len(m), b, i;
	double	 acc;

	if (opts->method >= GS_METHOD_COUNT)
		return (gs_error_set(err, GS_EINVAL, "unknown method"), NULL);
	me = method_entry(opts->method);
	if (opts->batch < 1 || opts->batch > (1 << 20)) {
		gs_error_set(err, GS_EINVAL, "batch size %zu is out of range "
		    "(1 to 1048576)", opts->batch);
		return (NULL);
	}
	if (me->stochastic && opts->samples < 1) {
		gs_error_set(err, GS_EINVAL, "%s needs at least 1 sample",
		    me->name);
		return (NULL);
	}
	if (me->baseline != 0 && (bl == NULL || bl->n == 0)) {
		gs_error_set(err, GS_EINVAL, "%s needs a baseline", me->name);
		return (NULL);
	}
	if (me->baseline == 2 && bl->n != 1) {
		gs_error_set(err, GS_EINVAL, "%s takes one baseline row, but "
		    "baseline '%s' has %zu rows; use zeros, mean, row:N, or a "
		    "file with one row (gradshap averages over many)", me->name,
		    bl->spec, bl->n);
		return (NULL);
	}
	if (bl != NULL && me->baseline != 0 && bl->d != d) {
		gs_error_set(err, GS_ESHAPE, "baseline '%s' has %zu values per "
		    "row but the model takes %zu", bl->spec, bl->d, d);
		return (NULL);
	}
	if (nz != NULL && nz->sigma != NULL && nz->d != d) {
		gs_error_set(err, GS_ESHAPE, "noise has %zu values but the "
		    "model takes %zu", nz->d, d);
		return (NULL);
	}

	e = xcalloc(1, sizeof *e);
	e->m = m;
	e->d = d;
	e->opts = *opts;
	e->bl = me->baseline != 0 ? bl : NULL;
	e->nz = (nz != NULL && nz->sigma != NULL) ? nz : NULL;
	b = opts->batch;
	if ((e->plan = plan_new(m, output, b, err)) == NULL) {
		free(e);
		return (NULL);
	}
	e->k = plan_output_len(e->plan);
	e->x = xcalloc(d, sizeof *e->x);
	e->y = xcalloc(xmul(b, e->k), sizeof *e->y);
	e->z = xcalloc(xmul(b, d), sizeof *e->z);
	e->delta = xcalloc(xmul(b, d), sizeof *e->delta);
	e->grad = xcalloc(xmul(b, d), sizeof *e->grad);
	e->targets = xcalloc(b, sizeof *e->targets);
	e->contrib = xcalloc(d, sizeof *e->contrib);
	stats_init(&e->stats, d);
	if (e->bl != NULL && e->bl->weights != NULL) {
		e->bl_cum = xcalloc(e->bl->n, sizeof *e->bl_cum);
		for (acc = 0, i = 0; i < e->bl->n; i++)
			e->bl_cum[i] = (acc += e->bl->weights[i]);
	}
	return (e);
}

void
explainer_free(struct gs_explainer *e)
{
	if (e == NULL)
		return;
	plan_free(e->plan);
	free(e->bl_out);
	free(e->bl_cum);
	free(e->x);
	free(e->y);
	free(e->z);
	free(e->delta);
	free(e->grad);
	free(e->targets);
	free(e->contrib);
	stats_free(&e->stats);
	free(e);
}

/* Evaluate the model on every baseline row, once. */
static int
explainer_baseline_outputs(struct gs_explainer *e, struct gs_error *err)
{
	const struct gs_baseline *bl = e->bl;
	size_t	 i, j, n;

	if (e->bl_out != NULL)
		return (0);
	e->bl_out = xcalloc(xmul(bl->n, e->k), sizeof *e->bl_out);
	for (i = 0; i < bl->n; i += n) {
		n = bl->n - i < e->opts.batch ? bl->n - i : e->opts.batch;
		if (plan_forward(e->plan, bl->rows + i * e->d, n, e->y,
		    err) != 0) {
			free(e->bl_out);
			e->bl_out = NULL;
			return (-1);
		}
		for (j = 0; j < n * e->k; j++)
			e->bl_out[i * e->k + j] = e->y[j];
	}
	return (0);
}

double
explainer_base(struct gs_explainer *e, size_t c)
{
	const struct gs_baseline *bl = e->bl;
	double	 sum = 0;
	size_t	 i;

	if (bl == NULL || c >= e->k || explainer_baseline_outputs(e,
	    NULL) != 0)
		return (NAN);
	for (i = 0; i < bl->n; i++) {
		double w = bl->weights != NULL ? bl->weights[i] :
		    1.0 / bl->n;
		sum += w * e->bl_out[i * e->k + c];
	}
	return (sum);
}

size_t
explainer_draw_baseline(struct gs_explainer *e, struct gs_rng *r)
{
	double	 u;
	size_t	 lo = 0, hi;

	if (e->bl_cum == NULL)
		return (gs_rng_below(r, e->bl->n));
	/* First index whose cumulative weight exceeds u. */
	u = gs_rng_uniform(r) * e->bl_cum[e->bl->n - 1];
	hi = e->bl->n - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (e->bl_cum[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (lo);
}

int
explainer_cancelled(struct gs_explainer *e, struct gs_error *err)
{
	if (e->opts.cancel != NULL && e->opts.cancel(e->opts.cancel_arg))
		return (gs_error_set(err, GS_EINTR, "interrupted"));
	return (0);
}

void
explainer_rng(struct gs_explainer *e, size_t row, struct gs_rng *r)
{
	gs_rng_init(r, e->opts.seed, (uint64_t)row);
}

int
explainer_run(struct gs_explainer *e, const double *x, size_t row,
    struct gs_explanation *ex, struct gs_error *err)
{
	const struct gs_method_entry *me = method_entry(e->opts.method);
	size_t	 i, target;

	memset(ex, 0, sizeof *ex);
	for (i = 0; i < e->d; i++) {
		if (!isfinite(x[i]))
			return (gs_error_set(err, GS_EINVAL, "row %zu: input "
			    "%zu is not a finite number", row, i));
		e->x[i] = (gs_real)x[i];
	}
	if (plan_forward(e->plan, e->x, 1, e->y, err) != 0)
		return (-1);
	if (e->opts.output_class >= 0) {
		if ((size_t)e->opts.output_class >= e->k)
			return (gs_error_set(err, GS_ERANGE, "output %ld is out "
			    "of range: the model has %zu output%s (0 to %zu)",
			    e->opts.output_class, e->k, e->k == 1 ? "" : "s",
			    e->k - 1));
		target = (size_t)e->opts.output_class;
	} else {
		for (target = 0, i = 1; i < e->k; i++)
			if (e->y[i] > e->y[target])
				target = i;
	}
	ex->row = row;
	ex->d = e->d;
	ex->target = target;
	ex->method = e->opts.method;
	ex->opts = e->opts;
	ex->opts.cancel = NULL;
	ex->opts.cancel_arg = NULL;
	ex->baseline = e->bl != NULL ? e->bl->spec : NULL;
	ex->noise = e->nz != NULL ? e->nz->spec : NULL;
	ex->fx = e->y[target];
	ex->base = NAN;
	ex->gap = NAN;
	ex->value = xcalloc(e->d, sizeof *ex->value);
	ex->phi = xcalloc(e->d, sizeof *ex->phi);
	for (i = 0; i < e->d; i++)
		ex->value[i] = x[i];
	if (e->bl != NULL) {
		if (explainer_baseline_outputs(e, err) != 0)
			goto fail;
		ex->base = explainer_base(e, target);
	}
	if (me->run(e, row, target, ex, err) != 0)
		goto fail;
	if (!isnan(ex->base)) {
		double sum = 0;
		for (i = 0; i < e->d; i++)
			sum += ex->phi[i];
		ex->gap = sum - (ex->fx - ex->base);
	}
	return (0);
fail:
	explanation_clear(ex);
	return (-1);
}

void
explanation_clear(struct gs_explanation *ex)
{
	free(ex->value);
	free(ex->phi);
	free(ex->se);
	memset(ex, 0, sizeof *ex);
}

/* SPDX-License-Identifier: ISC */
/*
 * The explainer: one model, one baseline set, one set of options, used for
 * many rows. It owns the worker threads and their buffers, computes f(x),
 * picks the class to explain, computes the base value E_b[f(b)] once from
 * the baseline outputs, and drives the methods' batches (see explainer.h
 * for how work is split so results do not depend on the thread count).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/explainer.h"
#include "attr/game.h"
#include "core/names.h"
#include "core/xmalloc.h"

/* Dense work per pass of the automatic batch (explainer_batch_auto). */
#define EXPLAINER_BATCH_FLOP	4194304.0
/*
 * Dense work a batch must carry for a row explained alone to split that
 * batch's passes and regression over the workers (explainer_for): about
 * 0.3 ms, well above the cost of waking them.
 */
#define EXPLAINER_SPREAD_FLOP	16777216.0

/* OpenBLAS's own threads would fight ours; present when linked with it. */
extern void openblas_set_num_threads(int) __attribute__((weak));

/* Third and fourth moments are needed only for VarGrad's standard errors. */
static void
explainer_stats_order(const struct gs_explainer *e, struct gs_worker *w)
{
	int	order = (method_info(e->opts.method)->takes &
	    GS_TAKES_SMOOTH) && e->opts.smooth == GS_SMOOTH_VAR ? 4 : 2;

	size_t	g;

	w->batch.order = w->total.order = order;
	for (g = 0; w->slot != NULL && g < GS_ROUND_BATCHES; g++)
		w->slot[g].order = order;
}

/* Make worker w's round slots for n streams (features and groups). */
static void
explainer_slots_init(struct gs_worker *w, size_t n, size_t d)
{
	size_t	g;

	w->slot = xcalloc(GS_ROUND_BATCHES, sizeof *w->slot);
	for (g = 0; g < GS_ROUND_BATCHES; g++)
		stats_init(&w->slot[g], n);
	w->slot_acc = xcalloc(xmul(GS_ROUND_BATCHES, d), sizeof *w->slot_acc);
}

static void
explainer_slots_free(struct gs_worker *w)
{
	size_t	g;

	for (g = 0; w->slot != NULL && g < GS_ROUND_BATCHES; g++)
		stats_free(&w->slot[g]);
	free(w->slot);
	free(w->slot_acc);
	w->slot = NULL;
	w->slot_acc = NULL;
}

/*
 * Swap worker w's batch result (moments and IG sums) with slot g, so that a
 * batch fills the slot's storage and a merge reads it.
 */
static void
explainer_slot_swap(struct gs_worker *w, size_t d, size_t g)
{
	struct gs_stats	 t = w->batch;
	double		*a = w->slot_acc + g * d;
	double		 v;
	size_t		 i;

	w->batch = w->slot[g];
	w->slot[g] = t;
	for (i = 0; i < d; i++) {
		v = w->acc[i];
		w->acc[i] = a[i];
		a[i] = v;
	}
}

/*
 * Make worker w's buffers for batches of b rows, with streams for the
 * groups and the path cache's buffers as e has them now.
 */
static int
explainer_worker_init(struct gs_explainer *e, struct gs_worker *w, size_t b,
    struct gs_error *err)
{
	size_t	d = e->d, n = e->d + e->ng + 1;

	if ((w->plan = plan_new(e->m, e->output, b, err)) == NULL)
		return (-1);
	e->k = plan_output_len(w->plan);
	w->x = xcalloc(d, sizeof *w->x);
	w->y = xcalloc(xmul(b, e->k), sizeof *w->y);
	w->z = xcalloc(xmul(b, d), sizeof *w->z);
	w->delta = xcalloc(xmul(b, d), sizeof *w->delta);
	w->grad = xcalloc(xmul(b, d), sizeof *w->grad);
	if (e->nz != NULL && e->nz->fill != NULL)
		w->noise = xcalloc(xmul(b, d), sizeof *w->noise);
	w->targets = xcalloc(b, sizeof *w->targets);
	w->contrib = xcalloc(n, sizeof *w->contrib);
	w->acc = xcalloc(d, sizeof *w->acc);
	w->acc_total = xcalloc(d, sizeof *w->acc_total);
	/* Streams: the d features, the groups, then the sample's total. */
	stats_init(&w->batch, n);
	stats_init(&w->total, n);
	explainer_slots_init(w, n, d);
	explainer_stats_order(e, w);
	if (e->pc != NULL) {
		w->f = xcalloc(xmul(b, e->pc->len), sizeof *w->f);
		w->fx = xcalloc(e->pc->len, sizeof *w->fx);
	}
	return (0);
}

/*
 * Workers 1 to nw - 1, and the pool's threads that run them, are made
 * when work first spreads over the threads: a row explained alone (gshap
 * explain --row N) never spreads, and the other workers' plans and
 * buffers were most of its start-up's page faults (a thread it never
 * used was started and joined as well). Worker 0 is made with the
 * explainer. Results do not depend on when a worker is made.
 */
static int
explainer_workers_ready(struct gs_explainer *e, struct gs_error *err)
{
	size_t	i;

	for (i = 1; i < e->nw; i++)
		if (e->w[i].plan == NULL &&
		    explainer_worker_init(e, &e->w[i], e->opts.batch, err) != 0)
			return (-1);
	if (e->pool == NULL)
		e->pool = pool_new(e->nw);
	return (0);
}

static void
explainer_worker_free(struct gs_worker *w)
{
	plan_free(w->plan);
	free(w->f);
	free(w->fx);
	free(w->x);
	free(w->y);
	free(w->z);
	free(w->delta);
	free(w->grad);
	free(w->noise);
	free(w->targets);
	free(w->contrib);
	free(w->samples);
	free(w->acc);
	free(w->acc_total);
	stats_free(&w->batch);
	stats_free(&w->total);
	explainer_slots_free(w);
	memset(w, 0, sizeof *w);
}

/*
 * The model's dense work per point into e->flops, and the automatic batch
 * (opts.batch 0): small models get more rows per pass,
 * so fewer BLAS calls and less packing per row. A pass carries about
 * EXPLAINER_BATCH_FLOP of dense work, between 64 and 256 rows in steps of
 * 16, and at most 2^18 input elements once past 64 rows; 64 when the work
 * is unknown (a custom model). It depends on the model alone, never on the
 * sample or thread count, so results stay bit-identical across threads.
 */
static int
explainer_batch_auto(struct gs_explainer *e, size_t output,
    struct gs_error *err)
{
	struct gs_plan	*p;
	double		 fwd, bwd;
	size_t		 b = 64;

	if ((p = plan_new(e->m, output, 1, err)) == NULL)
		return (-1);
	if (plan_flops(p, &fwd, &bwd, err) != 0) {
		plan_free(p);
		return (-1);
	}
	plan_free(p);
	e->flops = fwd + bwd;
	if (e->opts.batch != 0)
		return (0);
	if (fwd + bwd > 0) {
		b = (fwd + bwd) * 256 <= EXPLAINER_BATCH_FLOP ? 256 :
		    (size_t)(EXPLAINER_BATCH_FLOP / (fwd + bwd)) / 16 * 16;
		if (e->d > 0 && b > ((size_t)1 << 18) / e->d)
			b = ((size_t)1 << 18) / e->d;
		b = b < 64 ? 64 : b > 256 ? 256 : b;
	}
	e->opts.batch = b;
	return (0);
}

/*
 * Refuse a baseline set with rows whose model outputs are NaN or
 * infinite: the base value (their mean) and every path from them would
 * be too. The message names the rows (of the data or the file they came
 * from, else of the set). Errors: GS_ERANGE.
 */
static int
explainer_baseline_finite(const struct gs_explainer *e, struct gs_error *err)
{
	const struct gs_baseline *bl = e->bl;
	char	**names, list[240];
	size_t	 i, c, n = 0, *bad;

	bad = xcalloc(bl->n + 1, sizeof *bad);
	for (i = 0; i < bl->n; i++) {
		for (c = 0; c < e->k && isfinite(e->bl_out[i * e->k + c]); c++)
			;
		if (c < e->k)
			bad[n++] = i;
	}
	if (n == 0) {
		free(bad);
		return (0);
	}
	names = xcalloc(n + 1, sizeof *names);
	for (i = 0; i < n; i++)
		xasprintf(&names[i], "%zu", bl->origin != NULL ?
		    bl->origin[bad[i]] : bad[i]);
	names_list(list, sizeof list, (const char *const *)names, n, "rows");
	gs_error_set(err, GS_ERANGE, "baseline '%s': the model's output is "
	    "NaN or infinite for %zu of its %zu rows (%s %s %s), so the base "
	    "value would be too; remove %s or choose another baseline",
	    bl->spec != NULL ? bl->spec : "?", n, bl->n,
	    bl->kind == GS_BASE_FILE ? "file" : bl->origin != NULL ? "data" :
	    "baseline", n == 1 ? "row" : "rows", list, n == 1 ? "it" : "them");
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(bad);
	return (-1);
}

/* Evaluate the model on every baseline row, once, on worker 0. */
static int
explainer_baseline_outputs(struct gs_explainer *e, struct gs_error *err)
{
	const struct gs_baseline *bl = e->bl;
	struct gs_worker	*w = &e->w[0];
	size_t			 i, j, n;

	e->bl_out = xcalloc(xmul(bl->n, e->k), sizeof *e->bl_out);
	for (i = 0; i < bl->n; i += n) {
		n = bl->n - i < e->opts.batch ? bl->n - i : e->opts.batch;
		if (plan_forward(w->plan, bl->rows + i * e->d, n, w->y,
		    err) != 0)
			return (-1);
		for (j = 0; j < n * e->k; j++)
			e->bl_out[i * e->k + j] = w->y[j];
	}
	return (explainer_baseline_finite(e, err));
}

struct gs_explainer *
explainer_new(const struct gs_model *m, size_t output,
    const struct gs_attr_opts *opts, const struct gs_baseline *bl,
    const struct gs_noise *nz, struct gs_error *err)
{
	const struct gs_method_entry *me;
	struct gs_explainer *e;
	size_t	 d = model_input_len(m), i;
	double	 acc;

	if (opts->method >= GS_METHOD_COUNT)
		return (gs_error_set(err, GS_EINVAL, "unknown method"), NULL);
	me = method_entry(opts->method);
	if (opts->batch > (1 << 20)) {
		gs_error_set(err, GS_EINVAL, "batch size %zu is out of range "
		    "(1 to 1048576, or 0 for automatic)", opts->batch);
		return (NULL);
	}
	if (opts->threads > 1024) {
		gs_error_set(err, GS_EINVAL, "%zu threads is too many (at "
		    "most 1024)", opts->threads);
		return (NULL);
	}
	if (me->info.baseline != GS_BASELINE_NONE && (bl == NULL ||
	    bl->n == 0)) {
		gs_error_set(err, GS_EINVAL, "%s needs a baseline",
		    me->info.name);
		return (NULL);
	}
	if (me->info.baseline == GS_BASELINE_ROW && bl->n != 1) {
		gs_error_set(err, GS_EINVAL, "%s takes one baseline row, but "
		    "baseline '%s' has %zu rows; use zeros, mean, row:N, or a "
		    "file with one row (gradshap averages over many)",
		    me->info.name,
		    bl->spec, bl->n);
		return (NULL);
	}
	if (bl != NULL && me->info.baseline != GS_BASELINE_NONE &&
	    bl->d != d) {
		gs_error_set(err, GS_ESHAPE, "baseline '%s' has %zu values per "
		    "row but the model takes %zu", bl->spec, bl->d, d);
		return (NULL);
	}
	if (opts->tol > 0 && (opts->tol_rel & GS_TOL_GAP) &&
	    me->info.baseline == GS_BASELINE_NONE) {
		gs_error_set(err, GS_EINVAL, "--tol gap: %s has no base value, "
		    "so no completeness gap to aim at; give a plain tolerance",
		    me->info.name);
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
	if ((me->info.takes & GS_TAKES_SMOOTH) &&
	    opts->smooth == GS_SMOOTH_VAR) {
		/* VarGrad's standard error needs independent samples. */
		e->opts.plan = GS_PLAN_MC;
		e->opts.antithetic = 0;
	} else if ((me->info.takes & GS_TAKES_PLAN) &&
	    !(me->info.takes & GS_TAKES_CV) && opts->plan == GS_PLAN_REG) {
		/*
		 * reg is regression control variates (Gradient SHAP's);
		 * without them (SmoothGrad) the best plan is antithetic.
		 */
		e->opts.plan = GS_PLAN_MC;
		e->opts.antithetic = 1;
	}
	if (!(me->info.takes & GS_TAKES_CV))
		e->opts.cv = 0;
	e->bl = me->info.baseline != GS_BASELINE_NONE ? bl : NULL;
	e->nz = (nz != NULL && (nz->sigma != NULL || nz->fill != NULL)) ?
	    nz : NULL;
	if (explainer_batch_auto(e, output, err) != 0) {
		free(e);
		return (NULL);
	}
	e->nw = opts->threads == 0 ? pool_cpus() : opts->threads;
	if (openblas_set_num_threads != NULL)
		openblas_set_num_threads(1);
	e->w = xcalloc(e->nw, sizeof *e->w);
	e->output = output;
	if (explainer_worker_init(e, &e->w[0], e->opts.batch, err) != 0)
		goto fail;
	if (e->bl != NULL) {
		if (explainer_baseline_outputs(e, err) != 0)
			goto fail;
		if (e->bl->weights != NULL) {
			e->bl_cum = xcalloc(e->bl->n, sizeof *e->bl_cum);
			for (acc = 0, i = 0; i < e->bl->n; i++)
				e->bl_cum[i] = (acc += e->bl->weights[i]);
		}
	}
	/*
	 * Gradient SHAP only: IG stays on the model's own arithmetic, which
	 * exact IG (kinkpath.c) integrates and the exact view compares.
	 */
	if (opts->method == GS_METHOD_GRADSHAP && e->bl != NULL &&
	    e->nz == NULL)
		explainer_pathcache(e, 0);
	if ((me->info.takes & GS_TAKES_PLAN) &&
	    (e->opts.plan != GS_PLAN_MC || e->opts.antithetic ||
	    e->opts.cv) &&
	    (e->sampler = sampling_new(&e->opts, d, e->bl, e->bl_cum, e->bl_out,
	    e->k, e->nz, err)) == NULL)
		goto fail;
	if (me->info.unit == GS_UNIT_STEPS) {
		/* A quadrature rule's nodes and weights. */
		e->alpha = xcalloc(opts->steps, sizeof *e->alpha);
		e->qw = xcalloc(opts->steps, sizeof *e->qw);
		if (quadrature_rule(opts->rule, opts->steps, e->alpha, e->qw,
		    err) != 0)
			goto fail;
	}
	return (e);
fail:
	explainer_free(e);
	return (NULL);
}

void
explainer_free(struct gs_explainer *e)
{
	size_t	i;

	if (e == NULL)
		return;
	pool_free(e->pool);
	for (i = 0; i < e->nw; i++)
		explainer_worker_free(&e->w[i]);
	free(e->w);
	free(e->bl_out);
	free(e->bl_cum);
	free(e->alpha);
	free(e->qw);
	sampling_free(e->sampler);
	pathcache_free(e->pc);
	free(e);
}

int
explainer_set_groups(struct gs_explainer *e, const struct gs_groups *g,
    struct gs_error *err)
{
	size_t	i, n;

	if (g != NULL && g->d != e->d)
		return (gs_error_set(err, GS_ESHAPE, "groups cover %zu "
		    "features but the model takes %zu", g->d, e->d));
	e->groups = g;
	e->ng = g != NULL ? g->n : 0;
	/* Streams: features, groups, then the sample's total. */
	n = e->d + e->ng + 1;
	for (i = 0; i < e->nw; i++) {
		struct gs_worker *w = &e->w[i];
		if (w->plan == NULL)
			continue;	/* not made yet: made with the groups */
		w->contrib = xreallocarray(w->contrib, n, sizeof *w->contrib);
		stats_free(&w->batch);
		stats_free(&w->total);
		stats_init(&w->batch, n);
		stats_init(&w->total, n);
		explainer_slots_free(w);
		explainer_slots_init(w, n, e->d);
		explainer_stats_order(e, w);
	}
	return (0);
}

size_t
explainer_threads(const struct gs_explainer *e)
{
	return (e->nw);
}

int
explainer_check(const struct gs_explainer *e, struct gs_error *err)
{
	const struct gs_method_entry *me = method_entry(e->opts.method);

	if (me->check == NULL)
		return (0);
	return (me->check(e, e->ng > 0 ? e->ng : e->d, err));
}

double
explainer_base(struct gs_explainer *e, size_t c)
{
	const struct gs_baseline *bl = e->bl;
	double	 sum = 0;
	size_t	 i;

	if (bl == NULL || c >= e->k || e->bl_out == NULL)
		return (NAN);
	for (i = 0; i < bl->n; i++) {
		double w = bl->weights != NULL ? bl->weights[i] :
		    1.0 / bl->n;
		sum += w * e->bl_out[i * e->k + c];
	}
	return (sum);
}

size_t
explainer_draw_baseline(const struct gs_explainer *e, struct gs_rng *r)
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
explainer_cancelled(const struct gs_explainer *e, struct gs_error *err)
{
	if (e->opts.cancel != NULL && e->opts.cancel(e->opts.cancel_arg))
		return (gs_error_set(err, GS_EINTR, "interrupted"));
	return (0);
}

size_t
explainer_batch_range(const struct gs_explainer *e, size_t n, size_t k,
    size_t *first)
{
	size_t	b = e->opts.batch;

	*first = k * b;
	return (n - *first < b ? n - *first : b);
}

int
explainer_gradient_at_input(struct gs_explainer *e, struct gs_worker *w,
    size_t target, struct gs_error *err)
{
	w->targets[0] = target;
	return (plan_gradient(w->plan, w->x, 1, w->targets, NULL, w->grad,
	    err));
}

void
explainer_pathcache(struct gs_explainer *e, int mode)
{
	size_t	i;

	pathcache_free(e->pc);
	e->pc = NULL;
	for (i = 0; i < e->nw; i++) {
		free(e->w[i].f);
		free(e->w[i].fx);
		e->w[i].f = e->w[i].fx = NULL;
	}
	if (mode < 0 || (e->pc = pathcache_new(e, mode > 0)) == NULL)
		return;
	for (i = 0; i < e->nw && e->w[i].plan != NULL; i++) {
		e->w[i].f = xcalloc(xmul(e->opts.batch, e->pc->len),
		    sizeof *e->w[i].f);
		e->w[i].fx = xcalloc(e->pc->len, sizeof *e->w[i].fx);
	}
}

int
explainer_points_gradient(struct gs_explainer *e, struct gs_worker *w,
    size_t n, gs_real *y, struct gs_error *err)
{
	if (e->pc != NULL)
		return (plan_gradient_prefixed(w->plan, w->f, n, w->targets, y,
		    w->grad, err));
	return (plan_gradient(w->plan, w->z, n, w->targets, y, w->grad, err));
}

void
explainer_for(struct gs_explainer *e, const struct gs_job *j,
    struct gs_worker *w, size_t n, void (*fn)(void *, size_t, size_t),
    void *arg)
{
	size_t	t;

	/* Workers that cannot be made leave the work on w: the same bits. */
	if (j->spread && e->nw > 1 && n > 1 &&
	    explainer_workers_ready(e, NULL) == 0) {
		pool_run(e->pool, n, fn, arg);
		return;
	}
	for (t = 0; t < n; t++)
		fn(arg, t, (size_t)(w - e->w));
}

void
explainer_add_sample(struct gs_explainer *e, struct gs_worker *w)
{
	double	t = 0;
	size_t	i;

	for (i = 0; i < e->d; i++)
		t += w->contrib[i];
	w->contrib[e->d + e->ng] = t;
	if (e->ng > 0) {
		memset(w->contrib + e->d, 0, e->ng * sizeof *w->contrib);
		for (i = 0; i < e->d; i++)
			w->contrib[e->d + e->groups->of[i]] += w->contrib[i];
	}
	stats_add(&w->batch, w->contrib);
}

double *
explainer_samples(struct gs_explainer *e, struct gs_worker *w, size_t n)
{
	size_t	len = xmul(n, e->d + e->ng + 1);

	if (len > w->samples_len) {
		free(w->samples);
		w->samples = xmalloc(xmul(len, sizeof *w->samples));
		w->samples_len = len;
	}
	return (w->samples);
}

void
explainer_add_samples(struct gs_explainer *e, struct gs_worker *w, double *c,
    size_t n)
{
	size_t	 d = e->d, ng = e->ng, row = d + ng + 1, s, i;
	double	*v, t;

	for (s = 0; s < n; s++) {
		v = c + s * row;
		for (t = 0, i = 0; i < d; i++)
			t += v[i];
		v[d + ng] = t;
		if (ng > 0) {
			memset(v + d, 0, ng * sizeof *v);
			for (i = 0; i < d; i++)
				v[d + e->groups->of[i]] += v[i];
		}
	}
	stats_add_batch(&w->batch, c, n);
}

void
explainer_merge_stats(struct gs_explainer *e, struct gs_worker *home,
    struct gs_worker *w)
{
	(void)e;
	stats_merge(&home->total, &w->batch);
}

int
explainer_finish_mean(struct gs_explainer *e, struct gs_worker *home,
    const struct gs_job *j, struct gs_explanation *ex, struct gs_error *err)
{
	size_t	i;

	(void)j;
	(void)err;
	ex->se = xcalloc(e->d, sizeof *ex->se);
	for (i = 0; i < e->d; i++) {
		ex->phi[i] = home->total.mean[i];
		ex->se[i] = stats_se_mean(&home->total, i);
	}
	/* The gap's SE: sum(phi) is the mean of the samples' totals. */
	ex->gap_se = stats_se_mean(&home->total, e->d + e->ng);
	if (e->ng > 0) {
		ex->gphi = xcalloc(e->ng, sizeof *ex->gphi);
		ex->gse = xcalloc(e->ng, sizeof *ex->gse);
		for (i = 0; i < e->ng; i++) {
			ex->gphi[i] = home->total.mean[e->d + i];
			ex->gse[i] = stats_se_mean(&home->total, e->d + i);
		}
	}
	return (0);
}

int
explainer_plan_units(struct gs_explainer *e, struct gs_worker *w,
    const struct gs_job *j, size_t first, size_t nb, int want_alpha,
    explainer_point_fn point, explainer_value_fn value, void *arg,
    double *acc, struct gs_error *err)
{
	const struct gs_sampler	*sp = e->sampler;
	struct explainer_draw	 dr;
	size_t			 a = sampling_members(sp), d = e->d, B;
	size_t			 mmax, m, u, p, s, q, n = 0, *owner;
	double			 alpha = 0, *eps = w->contrib;
	size_t			 bidx = 0;
	int			 rc = -1;

	B = e->opts.batch;
	owner = xcalloc(B, sizeof *owner);
	memset(acc, 0, nb * d * sizeof *acc);
	mmax = sampling_max_points(sp, j->asked);
	for (u = first; u < first + nb; u++) {
		m = sampling_points(sp, j->asked, u);
		for (p = 0; p < m; p++) {
			/* A noise function fills up to B points at a time. */
			if (w->noise != NULL && p % B == 0 && e->nz->fill(
			    e->nz->fill_arg, j->row, j->xd, m - p < B ? m - p : B,
			    d, e->opts.seed, u * mmax + p, w->noise, err) != 0)
				goto out;
			sampling_draw(sp, e->opts.seed, j->row, u, p,
			    want_alpha ? &alpha : NULL, want_alpha ? &bidx :
			    NULL, eps);
			dr.alpha = alpha;
			dr.bidx = bidx;
			dr.eps = w->noise != NULL ? w->noise + (p % B) * d :
			    e->nz != NULL ? eps : NULL;
			for (s = 0; s < a; s++) {
				dr.sign = s == 0 ? 1 : -1;
				point(e, w, j, n, &dr, arg);
				owner[n++] = u - first;
				if (n < B)
					continue;
				/* A reg block is many passes: poll each. */
				if (explainer_cancelled(e, err) != 0 ||
				    explainer_points_gradient(e, w, n, NULL,
				    err) != 0)
					goto out;
				for (q = 0; q < n; q++)
					value(e, w, j, q, acc + owner[q] * d, arg);
				n = 0;
			}
		}
	}
	if (n > 0) {
		if (explainer_points_gradient(e, w, n, NULL, err) != 0)
			goto out;
		for (q = 0; q < n; q++)
			value(e, w, j, q, acc + owner[q] * d, arg);
	}
	rc = 0;
out:
	free(owner);
	return (rc);
}

/* Everything a round of batches needs. */
struct explainer_round {
	struct gs_explainer		*e;	/* the explainer */
	const struct gs_method_entry	*me;	/* the method */
	const struct gs_job		*j;	/* the row */
	size_t				 k0;	/* first batch of the round */
	size_t				 per;	/* batches a worker runs */
	size_t				 nb;	/* batches of the row */
};

/*
 * Pool task: batches k0 + t per to k0 + (t + 1) per - 1 (fewer at the
 * end) on worker t's buffers, each result kept in its slot.
 */
static void
explainer_round_task(void *arg, size_t t, size_t thread)
{
	struct explainer_round	*rd = arg;
	struct gs_worker	*w = &rd->e->w[t];
	size_t			 g, k;

	(void)thread;
	gs_error_clear(&w->err);
	w->rc = 0;
	for (g = 0; g < rd->per && w->rc == 0; g++) {
		k = rd->k0 + t * rd->per + g;
		if (k >= rd->nb)
			break;
		/* Each worker polls before each batch: a round stops at once. */
		if ((w->rc = explainer_cancelled(rd->e, &w->err)) != 0)
			break;
		explainer_slot_swap(w, rd->e->d, g);
		w->rc = rd->me->batch(rd->e, w, rd->j, k, &w->err);
		explainer_slot_swap(w, rd->e->d, g);
	}
}

/*
 * Run every batch of job j and fold them, in batch order, into home's
 * totals: spread over all workers in rounds when spread is set, else all
 * on home. A round gives each worker at most GS_ROUND_BATCHES batches, as
 * many to each as the batches left allow (4 batches on 2 workers: 2 and
 * 2). A row of one batch, explained alone, may split that batch's own
 * work over the workers (gs_job.spread) when it is large.
 */
static int
explainer_batches(struct gs_explainer *e, const struct gs_method_entry *me,
    struct gs_worker *home, const struct gs_job *j, int spread,
    struct gs_error *err)
{
	struct explainer_round	 rd;
	struct gs_job		 one = *j;
	size_t			 nb, k, t, m, g, left;

	stats_reset(&home->total);
	memset(home->acc_total, 0, e->d * sizeof *home->acc_total);
	nb = (j->n + e->opts.batch - 1) / e->opts.batch;
	if (!spread || e->nw == 1 || nb == 1) {
		one.spread = spread && e->nw > 1 && nb == 1 && e->flops *
		    (double)e->opts.batch >= EXPLAINER_SPREAD_FLOP;
		for (k = 0; k < nb; k++) {
			if (explainer_cancelled(e, err) != 0)
				return (-1);
			if (me->batch(e, home, &one, k, err) != 0)
				return (-1);
			me->merge(e, home, home);
		}
		return (0);
	}
	if (explainer_workers_ready(e, err) != 0)
		return (-1);
	rd.e = e;
	rd.me = me;
	rd.j = j;
	rd.nb = nb;
	for (rd.k0 = 0; rd.k0 < nb; rd.k0 += m * rd.per) {
		if (explainer_cancelled(e, err) != 0)
			return (-1);
		left = nb - rd.k0;
		m = left < e->nw ? left : e->nw;
		rd.per = (left + m - 1) / m;
		if (rd.per > GS_ROUND_BATCHES)
			rd.per = GS_ROUND_BATCHES;
		m = (left + rd.per - 1) / rd.per;
		if (m > e->nw)
			m = e->nw;
		pool_run(e->pool, m, explainer_round_task, &rd);
		/* Merge in batch order: worker by worker, slot by slot. */
		for (t = 0; t < m; t++) {
			if (e->w[t].rc != 0) {
				if (err != NULL)
					*err = e->w[t].err;
				return (-1);
			}
			for (g = 0; g < rd.per && rd.k0 + t * rd.per + g < nb;
			    g++) {
				explainer_slot_swap(&e->w[t], e->d, g);
				me->merge(e, home, &e->w[t]);
				explainer_slot_swap(&e->w[t], e->d, g);
			}
		}
	}
	return (0);
}

/* Multiply the standard errors of ex (features and groups) by f. */
static void
explainer_se_scale(const struct gs_explainer *e, struct gs_explanation *ex,
    double f)
{
	size_t	i;

	for (i = 0; ex->se != NULL && i < e->d; i++)
		ex->se[i] *= f;
	for (i = 0; ex->gse != NULL && i < e->ng; i++)
		ex->gse[i] *= f;
	ex->gap_se *= f;
}

/* The gap of ex from its phi, f(x) and base, and the verdict on it. */
static void
explainer_gap(const struct gs_explainer *e, struct gs_explanation *ex)
{
	double	sum = 0;
	size_t	i;

	if (isnan(ex->base)) {
		ex->gap = ex->gap_se = NAN;
		ex->gap_verdict = GS_GAP_NONE;
		return;
	}
	for (i = 0; i < e->d; i++)
		sum += ex->phi[i];
	ex->gap = sum - (ex->fx - ex->base);
	ex->gap_verdict = explanation_gap_verdict(ex);
}

/*
 * Run a sampling or integrating method on job j and finish ex: once, or
 * under --tol in rounds of growing size until the tolerance is met or the
 * budget is spent (each round a fresh estimate; IG doubles its steps).
 * Methods that do everything themselves (permutation, Kernel SHAP) run
 * again at each round's count. ex->opts records the count of the round
 * kept, so that running again with it (and no --tol) gives ex again.
 */
static int
explainer_rounds(struct gs_explainer *e, const struct gs_method_entry *me,
    struct gs_worker *home, struct gs_job *j, int spread,
    struct gs_explanation *ex, struct gs_error *err)
{
	double	*alpha = NULL, *qw = NULL, abs;
	size_t	 first = j->asked, next;
	int	 rc = -1;

	for (;;) {
		ex->gap_se = 0;
		if (me->run != NULL) {
			if (me->run(e, home, j, ex, err) != 0)
				goto out;
		} else {
			j->n = e->sampler != NULL ? sampling_units(e->sampler,
			    j->asked) : j->asked;
			if (explainer_batches(e, me, home, j, spread,
			    err) != 0 || me->finish(e, home, j, ex, err) != 0)
				goto out;
			ex->samples_used = e->sampler != NULL ?
			    sampling_used(e->sampler, j->asked) : j->asked;
			if (e->sampler != NULL)
				explainer_se_scale(e, ex, sampling_se_factor(
				    e->sampler, j->asked));
		}
		if (me->info.unit == GS_UNIT_STEPS)
			ex->opts.steps = j->asked;
		else
			ex->opts.samples = j->asked;
		explainer_gap(e, ex);
		if (e->opts.tol <= 0)
			break;
		ex->tol_met = sampling_tol_met(&e->opts, ex, &abs);
		ex->tol = abs;
		next = sampling_tol_next(&e->opts, e->sampler, ex, j->asked,
		    first);
		if (ex->tol_met || next <= j->asked)
			break;
		j->asked = next;
		free(ex->se);
		free(ex->gphi);
		free(ex->gse);
		ex->se = ex->gphi = ex->gse = NULL;
		if (me->info.unit == GS_UNIT_STEPS) {
			alpha = xreallocarray(alpha, next, sizeof *alpha);
			qw = xreallocarray(qw, next, sizeof *qw);
			if (quadrature_rule(e->opts.rule, next, alpha, qw,
			    err) != 0)
				goto out;
			j->alpha = alpha;
			j->qw = qw;
		}
	}
	rc = 0;
out:
	free(alpha);
	free(qw);
	return (rc);
}

int
explainer_target(struct gs_explainer *e, struct gs_worker *w, const double *x,
    size_t row, size_t *target, struct gs_error *err)
{
	size_t	i, t;

	for (i = 0; i < e->d; i++) {
		if (!isfinite(x[i]))
			return (gs_error_set(err, GS_EINVAL, "row %zu: input "
			    "%zu is not a finite number", row, i));
		w->x[i] = (gs_real)x[i];
	}
	if (plan_forward(w->plan, w->x, 1, w->y, err) != 0)
		return (-1);
	if (e->opts.output_class < 0) {
		/* The predicted class: a NaN output is never the largest. */
		for (t = 0; t < e->k && isnan(w->y[t]); t++)
			;
		if (t == e->k)
			t = 0;
		for (i = t + 1; i < e->k; i++)
			if (w->y[i] > w->y[t])
				t = i;
	} else {
		if ((size_t)e->opts.output_class >= e->k)
			return (gs_error_set(err, GS_ERANGE, "output %ld is out "
			    "of range: the model has %zu output%s (0 to %zu)",
			    e->opts.output_class, e->k, e->k == 1 ? "" : "s",
			    e->k - 1));
		t = (size_t)e->opts.output_class;
	}
	if (!isfinite(w->y[t]))
		return (gs_error_set(err, GS_ERANGE, "row %zu: the model's "
		    "output %zu is %s for this row (f(x) is not a number); "
		    "nothing to explain", row, t, isnan(w->y[t]) ? "NaN" :
		    "infinite"));
	*target = t;
	return (0);
}

/*
 * Refuse attributions that are not numbers: NaN or infinite values of phi
 * or their SEs (a model whose gradient is not finite somewhere on the
 * paths), naming the row and the inputs. Errors: GS_ERANGE.
 */
static int
explainer_finite(const struct gs_explainer *e, const struct gs_explanation *ex,
    struct gs_error *err)
{
	char	**names, list[240];
	size_t	 i, n = 0;

	for (i = 0; i < e->d; i++)
		n += !isfinite(ex->phi[i]) || (ex->se != NULL &&
		    !isfinite(ex->se[i]));
	if (n == 0)
		return (0);
	names = xcalloc(n + 1, sizeof *names);
	for (n = 0, i = 0; i < e->d; i++)
		if (!isfinite(ex->phi[i]) || (ex->se != NULL &&
		    !isfinite(ex->se[i])))
			xasprintf(&names[n++], "%zu", i);
	names_list(list, sizeof list, (const char *const *)names, n,
	    "inputs");
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return (gs_error_set(err, GS_ERANGE, "row %zu: %s gives attributions "
	    "that are not numbers (NaN or infinite) for input%s %s: the "
	    "model's gradient is not finite on the way from the baseline; "
	    "nothing is ranked", ex->row, method_name(e->opts.method),
	    n == 1 ? "" : "s", list));
}

/* Explain one row on worker home; spread its batches over all workers if asked. */
static int
explainer_row(struct gs_explainer *e, struct gs_worker *home, const double *x,
    size_t row, int spread, struct gs_explanation *ex, struct gs_error *err)
{
	const struct gs_method_entry *me = method_entry(e->opts.method);
	struct gs_job	 job;
	size_t		 i, target;

	memset(ex, 0, sizeof *ex);
	if (explainer_target(e, home, x, row, &target, err) != 0)
		return (-1);
	ex->row = row;
	ex->d = e->d;
	ex->target = target;
	ex->method = e->opts.method;
	ex->opts = e->opts;
	ex->opts.cancel = NULL;
	ex->opts.cancel_arg = NULL;
	ex->opts.threads = e->nw;
	ex->rounds = method_info(ex->method)->gradients && model_rounds(e->m);
	/* What it shows is the explanation's own, not the explainer's. */
	if (e->bl != NULL && e->bl->spec != NULL)
		ex->baseline = xstrdup(e->bl->spec);
	if (e->bl != NULL && e->bl->desc != NULL)
		ex->baseline_desc = xstrdup(e->bl->desc);
	if (e->nz != NULL && e->nz->spec != NULL)
		ex->noise = xstrdup(e->nz->spec);
	if (e->groups != NULL) {
		ex->groups = xcalloc(1, sizeof *ex->groups);
		groups_copy(ex->groups, e->groups);
	}
	ex->fx = home->y[target];
	ex->base = e->bl != NULL ? explainer_base(e, target) : NAN;
	ex->base_kind = e->bl != NULL ? e->bl->kind : GS_BASE_NONE;
	ex->base_n = e->bl != NULL ? e->bl->n : 0;
	ex->base_row = e->bl != NULL && e->bl->origin != NULL ?
	    e->bl->origin[0] : 0;
	ex->base_weighted = e->bl != NULL && e->bl->weights != NULL;
	ex->gap = NAN;
	ex->value = xcalloc(e->d, sizeof *ex->value);
	ex->phi = xcalloc(e->d, sizeof *ex->phi);
	for (i = 0; i < e->d; i++)
		ex->value[i] = x[i];

	job.row = row;
	job.target = target;
	job.n = me->info.unit == GS_UNIT_STEPS ? e->opts.steps :
	    attr_samples(&e->opts, e->ng > 0 ? e->ng : e->d);
	job.asked = job.n;
	job.alpha = e->alpha;
	job.qw = e->qw;
	job.x = home->x;
	job.xd = x;
	job.fx = NULL;
	job.spread = 0;
	if (e->pc != NULL) {
		/* The path cache's F(x), shared by the row's points. */
		if (plan_prefix(home->plan, home->x, 1, home->fx, err) != 0)
			goto fail;
		job.fx = home->fx;
	}
	ex->tol_met = -1;
	ex->gap_se = 0;
	if (me->run != NULL && !me->info.stochastic) {
		if (me->run(e, home, &job, ex, err) != 0)
			goto fail;
	} else if (explainer_rounds(e, me, home, &job, spread, ex, err) != 0)
		goto fail;
	if (e->ng > 0 && ex->gphi == NULL) {
		ex->gphi = xcalloc(e->ng, sizeof *ex->gphi);
		groups_sum(e->groups, ex->phi, ex->gphi);
	}
	explainer_gap(e, ex);
	if (explainer_finite(e, ex, err) != 0)
		goto fail;
	return (0);
fail:
	explanation_clear(ex);
	return (-1);
}

int
explainer_run(struct gs_explainer *e, const double *x, size_t row,
    struct gs_explanation *ex, struct gs_error *err)
{
	return (explainer_row(e, &e->w[0], x, row, 1, ex, err));
}

/* Everything explainer_run_many's tasks need. */
struct explainer_many {
	struct gs_explainer	*e;	/* the explainer */
	const double		*xs;	/* n rows of inputs */
	const size_t		*rows;	/* their row numbers */
	struct gs_explanation	*ex;	/* n results */
	int			*rc;	/* n results codes */
	struct gs_error		*err;	/* n errors */
};

static void
explainer_many_task(void *arg, size_t i, size_t thread)
{
	struct explainer_many	*mt = arg;
	struct gs_explainer	*e = mt->e;

	gs_error_clear(&mt->err[i]);
	mt->rc[i] = explainer_row(e, &e->w[thread], mt->xs + i * e->d,
	    mt->rows[i], 0, &mt->ex[i], &mt->err[i]);
}

int
explainer_run_rows(struct gs_explainer *e, const double *xs,
    const size_t *rows, size_t n, struct gs_explanation *ex, size_t *done,
    struct gs_error *err)
{
	struct explainer_many	 mt;
	size_t			 i;

	*done = n;
	if (n == 1) {
		if (explainer_run(e, xs, rows[0], ex, err) != 0) {
			*done = 0;
			return (-1);
		}
		return (0);
	}
	if (explainer_workers_ready(e, err) != 0) {
		*done = 0;
		return (-1);
	}
	mt.e = e;
	mt.xs = xs;
	mt.rows = rows;
	mt.ex = ex;
	mt.rc = xcalloc(n, sizeof *mt.rc);
	mt.err = xcalloc(n, sizeof *mt.err);
	pool_run(e->pool, n, explainer_many_task, &mt);
	for (i = 0; i < n && mt.rc[i] == 0; i++)
		;
	if (i < n) {
		*done = i;
		if (err != NULL)
			*err = mt.err[i];
		for (; i < n; i++)
			explanation_clear(&ex[i]);
	}
	free(mt.rc);
	free(mt.err);
	return (*done < n ? -1 : 0);
}

int
explainer_run_many(struct gs_explainer *e, const double *xs,
    const size_t *rows, size_t n, struct gs_explanation *ex,
    struct gs_error *err)
{
	size_t	done, i;

	if (explainer_run_rows(e, xs, rows, n, ex, &done, err) == 0)
		return (0);
	for (i = 0; i < done; i++)
		explanation_clear(&ex[i]);
	return (-1);
}

/* A gap within this much of max(|f(x)|, |base|) is the outputs' rounding. */
#define EXPLAINER_GAP_ROUNDING	1e-4

enum gs_gap_verdict
explanation_gap_verdict(const struct gs_explanation *ex)
{
	double	se = isnan(ex->gap_se) ? 0 : ex->gap_se;

	if (isnan(ex->base) || isnan(ex->gap))
		return (GS_GAP_NONE);
	if (fabs(ex->gap) <= 1.959963984540054 * se + EXPLAINER_GAP_ROUNDING *
	    fmax(fabs(ex->fx), fabs(ex->base)))
		return (GS_GAP_WITHIN);
	return (GS_GAP_LARGER);
}

const char *
gap_verdict_name(enum gs_gap_verdict v)
{
	static const char *names[] = { "none", "within noise",
	    "larger than noise" };
	_Static_assert(sizeof names / sizeof names[0] == GS_GAP_VERDICT_COUNT,
	    "gap verdict names out of step with enum gs_gap_verdict");

	return ((int)v >= 0 && v < GS_GAP_VERDICT_COUNT ? names[v] : "none");
}

const char *
gap_verdict_hint(const struct gs_explanation *ex)
{
	const struct gs_method_info *mi = method_info(ex->method);

	if (ex->gap_verdict != GS_GAP_LARGER)
		return ("");
	if (ex->noise != NULL && (mi->takes & GS_TAKES_NOISE) &&
	    mi->baseline != GS_BASELINE_NONE)
		return ("with input noise the bars add up to the mean of f "
		    "over noisy copies of x, not to f(x)");
	if (mi->unit == GS_UNIT_STEPS)
		return ("the bars do not add up to the prediction; raise "
		    "--steps or use --tol gap:1%");
	if (mi->unit == GS_UNIT_REGIONS)
		return ("the bars do not add up to the prediction: the "
		    "model's rounding along the path");
	if (mi->stochastic)
		return ("the bars do not add up to the prediction; raise "
		    "--samples or use --tol gap:1%");
	return ("the bars do not add up to the prediction");
}

size_t
attr_samples_auto(enum gs_method m, size_t players)
{
	const struct gs_method_info *mi = method_info(m);

	if (mi->per_player > 0 && players > (SIZE_MAX - mi->samples) /
	    mi->per_player)
		return (SIZE_MAX);
	return (mi->per_player * players + mi->samples);
}

size_t
attr_samples(const struct gs_attr_opts *opts, size_t players)
{
	return (opts->samples != GS_SAMPLES_AUTO ? opts->samples :
	    attr_samples_auto(opts->method, players));
}

/* Sorting key of explanation_order: |phi| descending, ties by index. */
struct explainer_key {
	double	v;	/* |phi| */
	size_t	i;	/* feature */
};

static int
explainer_key_cmp(const void *a, const void *b)
{
	const struct explainer_key *x = a, *y = b;

	/* NaN after every number (a consistent order for qsort). */
	if (isnan(x->v) != isnan(y->v))
		return (isnan(x->v) ? 1 : -1);
	if (!isnan(x->v) && x->v != y->v)
		return (x->v < y->v ? 1 : -1);
	return (x->i < y->i ? -1 : x->i > y->i);
}

/*
 * Sort n keys by explainer_key_cmp: by insertion up to
 * EXPLAINER_SORT_SMALL (a tabular model's features, sorted again for each
 * row written), else qsort. The order is total (ties go by feature), so
 * both give the same one.
 */
#define EXPLAINER_SORT_SMALL	64
static void
explainer_key_sort(struct explainer_key *k, size_t n)
{
	struct explainer_key	x;
	size_t			i, j;

	if (n > EXPLAINER_SORT_SMALL) {
		qsort(k, n, sizeof *k, explainer_key_cmp);
		return;
	}
	for (i = 1; i < n; i++) {
		x = k[i];
		for (j = i; j > 0 && explainer_key_cmp(&k[j - 1], &x) > 0; j--)
			k[j] = k[j - 1];
		k[j] = x;
	}
}

void
explanation_order(const double *phi, size_t n, size_t *order, size_t *rank)
{
	struct explainer_key	*k = xcalloc(n + 1, sizeof *k);
	size_t			 i;

	for (i = 0; i < n; i++) {
		k[i].v = fabs(phi[i]);
		k[i].i = i;
	}
	explainer_key_sort(k, n);
	for (i = 0; i < n; i++) {
		if (order != NULL)
			order[i] = k[i].i;
		if (rank != NULL)
			rank[k[i].i] = isnan(k[i].v) ? 0 : i + 1;
	}
	free(k);
}

void
explanation_clear(struct gs_explanation *ex)
{
	free(ex->value);
	free(ex->phi);
	free(ex->se);
	free(ex->gphi);
	free(ex->gse);
	free(ex->quad_err);
	free(ex->baseline);
	free(ex->baseline_desc);
	free(ex->noise);
	if (ex->groups != NULL)
		groups_clear(ex->groups);
	free(ex->groups);
	metrics_free(ex->metrics);
	memset(ex, 0, sizeof *ex);
}

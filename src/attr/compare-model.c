/* SPDX-License-Identifier: ISC */
/*
 * The two models of a comparison: the check that they take the same rows
 * to the same outputs, and the difference model f_A - f_B whose
 * attributions under common random numbers are the paired differences
 * (compare.h). The difference model keeps a pool of plan pairs so that
 * the explainer's workers can evaluate it at the same time.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "attr/compare.h"
#include "core/xmalloc.h"

int
compare_check_models(const struct gs_model *a, const char *name_a,
    const struct gs_model *b, const char *name_b, struct gs_error *err)
{
	const char	*na, *nb;
	size_t		 i, n;

	if (model_input_len(a) != model_input_len(b))
		return (gs_error_set(err, GS_ESHAPE, "%s takes %zu inputs per "
		    "row but %s takes %zu: two models compared must take the "
		    "same columns", name_a, model_input_len(a), name_b,
		    model_input_len(b)));
	for (i = 0; i < model_input_len(a); i++) {
		na = model_input_name(a, i);
		nb = model_input_name(b, i);
		if (na != NULL && nb != NULL && strcmp(na, nb) != 0)
			return (gs_error_set(err, GS_EINVAL, "input %zu is "
			    "'%s' in %s but '%s' in %s: two models compared "
			    "must take the same columns in the same order", i,
			    na, name_a, nb, name_b));
	}
	n = model_output_count(a);
	if (n != model_output_count(b))
		return (gs_error_set(err, GS_ESHAPE, "%s has %zu output%s but "
		    "%s has %zu: two models compared must give the same "
		    "outputs", name_a, n, n == 1 ? "" : "s", name_b,
		    model_output_count(b)));
	for (i = 0; i < n; i++) {
		if (model_output_len(a, i) != model_output_len(b, i))
			return (gs_error_set(err, GS_ESHAPE, "output %zu has "
			    "%zu values per row in %s but %zu in %s: two "
			    "models compared must give the same outputs", i,
			    model_output_len(a, i), name_a,
			    model_output_len(b, i), name_b));
		na = model_output_name(a, i);
		nb = model_output_name(b, i);
		/* One output each: its name says nothing about which it is. */
		if (n > 1 && na != NULL && nb != NULL && strcmp(na, nb) != 0)
			return (gs_error_set(err, GS_EINVAL, "output %zu is "
			    "'%s' in %s but '%s' in %s: with several outputs "
			    "they must have the same names in the same order",
			    i, na, name_a, nb, name_b));
	}
	return (0);
}

/* One pair of plans and their buffers, used by one caller at a time. */
struct cmp_pair {
	struct gs_plan	*pa;		/* A's plan, owned */
	struct gs_plan	*pb;		/* B's plan, owned */
	size_t		 cap;		/* rows they take */
	gs_real		*ya, *yb;	/* cap x k outputs */
	gs_real		*ga, *gb;	/* cap x d gradients */
	int		 busy;		/* in use */
};

/* The difference model's context. */
struct cmp_ctx {
	struct gs_model	*a;		/* a reference */
	struct gs_model	*b;		/* a reference */
	size_t		 output;	/* the graph output of both */
	size_t		 d;		/* inputs per row */
	size_t		 k;		/* outputs per row */
	pthread_mutex_t	 mu;		/* guards pairs */
	struct cmp_pair	**pairs;	/* npairs pairs, each owned (callers hold
					   pointers to them while the array grows) */
	size_t		 npairs;	/* how many */
};

/* Free the plans and buffers of p and zero it. */
static void
compare_pair_free(struct cmp_pair *p)
{
	plan_free(p->pa);
	plan_free(p->pb);
	free(p->ya);
	free(p->yb);
	free(p->ga);
	free(p->gb);
	memset(p, 0, sizeof *p);
}

/* Make p's plans for n rows (p is free and not busy). */
static int
compare_pair_make(struct cmp_ctx *c, struct cmp_pair *p, size_t n,
    struct gs_error *err)
{
	if ((p->pa = plan_new(c->a, c->output, n, err)) == NULL ||
	    (p->pb = plan_new(c->b, c->output, n, err)) == NULL) {
		compare_pair_free(p);
		return (-1);
	}
	p->cap = n;
	p->ya = xcalloc(xmul(n, c->k), sizeof *p->ya);
	p->yb = xcalloc(xmul(n, c->k), sizeof *p->yb);
	p->ga = xcalloc(xmul(n, c->d), sizeof *p->ga);
	p->gb = xcalloc(xmul(n, c->d), sizeof *p->gb);
	return (0);
}

/* A pair for n rows, marked busy; NULL with err set. */
static struct cmp_pair *
compare_pair_get(struct cmp_ctx *c, size_t n, struct gs_error *err)
{
	struct cmp_pair	*p = NULL;
	size_t		 i;

	pthread_mutex_lock(&c->mu);
	for (i = 0; i < c->npairs && p == NULL; i++)
		if (!c->pairs[i]->busy && c->pairs[i]->cap >= n)
			p = c->pairs[i];
	for (i = 0; i < c->npairs && p == NULL; i++)
		if (!c->pairs[i]->busy)
			p = c->pairs[i];
	if (p == NULL) {
		c->pairs = xreallocarray(c->pairs, c->npairs + 1,
		    sizeof *c->pairs);
		p = c->pairs[c->npairs++] = xcalloc(1, sizeof *p);
	}
	p->busy = 1;
	pthread_mutex_unlock(&c->mu);
	/* Outside the lock: only this caller touches a busy pair. */
	if (p->cap < n) {
		compare_pair_free(p);
		p->busy = 1;
		if (compare_pair_make(c, p, n, err) != 0) {
			pthread_mutex_lock(&c->mu);
			p->busy = 0;
			pthread_mutex_unlock(&c->mu);
			return (NULL);
		}
	}
	return (p);
}

static void
compare_pair_put(struct cmp_ctx *c, struct cmp_pair *p)
{
	pthread_mutex_lock(&c->mu);
	p->busy = 0;
	pthread_mutex_unlock(&c->mu);
}

/* Forward pass of f_A - f_B on n rows (a gs_model_ops forward). */
static int
compare_forward(void *ctx, const gs_real *x, size_t n, gs_real *y,
    struct gs_error *err)
{
	struct cmp_ctx	*c = ctx;
	struct cmp_pair	*p;
	size_t		 i;
	int		 rc = -1;

	if ((p = compare_pair_get(c, n, err)) == NULL)
		return (-1);
	if (plan_forward(p->pa, x, n, p->ya, err) != 0 ||
	    plan_forward(p->pb, x, n, p->yb, err) != 0)
		goto out;
	for (i = 0; i < n * c->k; i++)
		y[i] = p->ya[i] - p->yb[i];
	rc = 0;
out:
	compare_pair_put(c, p);
	return (rc);
}

/* d(f_A - f_B)/dx = df_A/dx - df_B/dx on n rows (a gs_model_ops gradient). */
static int
compare_gradient(void *ctx, const gs_real *x, size_t n, const size_t *target,
    gs_real *y, gs_real *grad, struct gs_error *err)
{
	struct cmp_ctx	*c = ctx;
	struct cmp_pair	*p;
	size_t		 i;
	int		 rc = -1;

	if ((p = compare_pair_get(c, n, err)) == NULL)
		return (-1);
	if (plan_gradient(p->pa, x, n, target, y != NULL ? p->ya : NULL,
	    p->ga, err) != 0 || plan_gradient(p->pb, x, n, target,
	    y != NULL ? p->yb : NULL, p->gb, err) != 0)
		goto out;
	for (i = 0; i < n * c->d; i++)
		grad[i] = p->ga[i] - p->gb[i];
	for (i = 0; y != NULL && i < n * c->k; i++)
		y[i] = p->ya[i] - p->yb[i];
	rc = 0;
out:
	compare_pair_put(c, p);
	return (rc);
}

static void
compare_ctx_free(void *ctx)
{
	struct cmp_ctx	*c = ctx;
	size_t		 i;

	for (i = 0; i < c->npairs; i++) {
		compare_pair_free(c->pairs[i]);
		free(c->pairs[i]);
	}
	free(c->pairs);
	pthread_mutex_destroy(&c->mu);
	model_unref(c->a);
	model_unref(c->b);
	free(c);
}

static const struct gs_model_ops compare_ops = {
	.forward = compare_forward,
	.gradient = compare_gradient,
	.free = compare_ctx_free,
};

struct gs_model *
compare_diff_model(struct gs_model *a, struct gs_model *b, size_t output,
    struct gs_error *err)
{
	struct cmp_ctx	*c;
	const char	**names = NULL;
	struct gs_model	*m;
	char		*name;
	size_t		 i, d = model_input_len(a);

	if (compare_check_models(a, model_name(a), b, model_name(b),
	    err) != 0)
		return (NULL);
	if (output >= model_output_count(a))
		return (gs_error_set(err, GS_ERANGE, "model '%s' has no "
		    "output %zu", model_name(a), output), NULL);
	c = xcalloc(1, sizeof *c);
	c->a = model_ref(a);
	c->b = model_ref(b);
	c->output = output;
	c->d = d;
	c->k = model_output_len(a, output);
	pthread_mutex_init(&c->mu, NULL);
	if (model_input_name(a, 0) != NULL) {
		names = xcalloc(d + 1, sizeof *names);
		for (i = 0; i < d; i++)
			names[i] = model_input_name(a, i);
	}
	xasprintf(&name, "%s-%s", model_name(a), model_name(b));
	m = model_new_custom(name, d, c->k, names, &compare_ops, c);
	free(name);
	free(names);
	return (m);
}

int
compare_linear(const struct gs_attr_opts *opts)
{
	if (opts->method == GS_METHOD_SALIENCY)
		return (!opts->absolute);
	if (opts->method == GS_METHOD_SMOOTHGRAD)
		return (!opts->absolute && opts->smooth == GS_SMOOTH_MEAN);
	return (1);
}

int
compare_plan_fitted(const struct gs_attr_opts *opts)
{
	return (opts->method == GS_METHOD_GRADSHAP &&
	    (opts->plan == GS_PLAN_REG || opts->cv));
}

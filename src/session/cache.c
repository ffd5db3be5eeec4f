/* SPDX-License-Identifier: ISC */
/*
 * The explanation cache: a small array searched linearly (a session keeps
 * at most a few thousand explanations) with least-recently-used eviction,
 * and self-contained copies of explanations.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "attr/trust.h"
#include "session/cache.h"

/* A copy of n doubles, or NULL for NULL. */
static double *
cache_dup_doubles(const double *v, size_t n)
{
	double	*p;

	if (v == NULL)
		return (NULL);
	p = xcalloc(n, sizeof *p);
	memcpy(p, v, n * sizeof *p);
	return (p);
}

/* A copy of s, or NULL for NULL. */
static char *
cache_dup_string(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

/* A copy of n sizes. */
static size_t *
cache_dup_sizes(const size_t *v, size_t n)
{
	size_t	*p = xcalloc(n > 0 ? n : 1, sizeof *p);

	memcpy(p, v, n * sizeof *p);
	return (p);
}

/* Deep copy of the groups src into dst. */
static void
cache_copy_groups(struct gs_groups *dst, const struct gs_groups *src)
{
	size_t	i;

	memset(dst, 0, sizeof *dst);
	dst->d = src->d;
	dst->n = src->n;
	dst->names = xcalloc(src->n > 0 ? src->n : 1, sizeof *dst->names);
	for (i = 0; i < src->n; i++)
		dst->names[i] = xstrdup(src->names[i]);
	dst->start = cache_dup_sizes(src->start, src->n + 1);
	dst->members = cache_dup_sizes(src->members, src->d);
	dst->of = cache_dup_sizes(src->of, src->d);
	dst->spec = cache_dup_string(src->spec);
}

/* Deep copy of the quality metrics m of d features, or NULL for NULL. */
static struct gs_metrics *
cache_dup_metrics(const struct gs_metrics *m, size_t d)
{
	struct gs_metrics	*c;

	if (m == NULL)
		return (NULL);
	c = xcalloc(1, sizeof *c);
	*c = *m;
	c->frac = cache_dup_doubles(m->frac, m->npoints);
	c->del = cache_dup_doubles(m->del, m->npoints);
	c->ins = cache_dup_doubles(m->ins, m->npoints);
	c->phi_sd = cache_dup_doubles(m->phi_sd, d);
	c->rank_lo = m->rank_lo != NULL ? cache_dup_sizes(m->rank_lo, d) :
	    NULL;
	c->rank_hi = m->rank_hi != NULL ? cache_dup_sizes(m->rank_hi, d) :
	    NULL;
	return (c);
}

void
cache_result_set(struct gs_result *res, const struct gs_explanation *ex,
    const char *baseline_desc)
{
	memset(res, 0, sizeof *res);
	res->ex = *ex;
	res->ex.value = cache_dup_doubles(ex->value, ex->d);
	res->ex.phi = cache_dup_doubles(ex->phi, ex->d);
	res->ex.se = cache_dup_doubles(ex->se, ex->d);
	res->ex.groups = NULL;
	res->ex.gphi = NULL;
	res->ex.gse = NULL;
	res->ex.quad_err = cache_dup_doubles(ex->quad_err, GS_RULE_COUNT);
	res->ex.metrics = cache_dup_metrics(ex->metrics, ex->d);
	if (ex->groups != NULL && ex->gphi != NULL) {
		cache_copy_groups(&res->groups, ex->groups);
		res->ex.groups = &res->groups;
		res->ex.gphi = cache_dup_doubles(ex->gphi, ex->groups->n);
		res->ex.gse = cache_dup_doubles(ex->gse, ex->groups->n);
	}
	res->ex.opts.cancel = NULL;
	res->ex.opts.cancel_arg = NULL;
	res->baseline = cache_dup_string(ex->baseline);
	res->noise = cache_dup_string(ex->noise);
	res->baseline_desc = cache_dup_string(baseline_desc);
	res->ex.baseline = res->baseline;
	res->ex.noise = res->noise;
}

void
cache_result_copy(struct gs_result *dst, const struct gs_result *src)
{
	cache_result_set(dst, &src->ex, src->baseline_desc);
}

void
cache_result_clear(struct gs_result *res)
{
	free(res->baseline);
	free(res->noise);
	free(res->baseline_desc);
	res->ex.baseline = NULL;
	res->ex.noise = NULL;
	res->ex.groups = NULL;
	explanation_clear(&res->ex);
	groups_clear(&res->groups);
	memset(res, 0, sizeof *res);
}

void
cache_init(struct gs_cache *c, size_t limit)
{
	memset(c, 0, sizeof *c);
	c->limit = limit > 0 ? limit : 1;
}

void
cache_clear(struct gs_cache *c)
{
	size_t	i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].key);
		cache_result_clear(&c->v[i].res);
	}
	c->n = 0;
}

void
cache_free(struct gs_cache *c)
{
	size_t	limit = c->limit;

	cache_clear(c);
	free(c->v);
	memset(c, 0, sizeof *c);
	c->limit = limit > 0 ? limit : 1;
}

/* Index of the entry for (row, key), or c->n. */
static size_t
cache_find(const struct gs_cache *c, size_t row, const char *key)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		if (c->v[i].row == row && strcmp(c->v[i].key, key) == 0)
			break;
	return (i);
}

const struct gs_result *
cache_get(struct gs_cache *c, size_t row, const char *key)
{
	size_t	i = cache_find(c, row, key);

	if (i == c->n) {
		c->misses++;
		return (NULL);
	}
	c->hits++;
	c->v[i].used = ++c->clock;
	return (&c->v[i].res);
}

void
cache_put(struct gs_cache *c, size_t row, const char *key,
    const struct gs_result *res)
{
	size_t	i = cache_find(c, row, key), j;

	if (i < c->n) {
		cache_result_clear(&c->v[i].res);
		free(c->v[i].key);
	} else if (c->n < c->limit) {
		if (c->v == NULL)
			c->v = xcalloc(c->limit, sizeof *c->v);
		i = c->n++;
	} else {
		/* Evict the least recently used entry. */
		for (i = 0, j = 1; j < c->n; j++)
			if (c->v[j].used < c->v[i].used)
				i = j;
		cache_result_clear(&c->v[i].res);
		free(c->v[i].key);
	}
	c->v[i].row = row;
	c->v[i].key = xstrdup(key);
	cache_result_copy(&c->v[i].res, res);
	c->v[i].used = ++c->clock;
}

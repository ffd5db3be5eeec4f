/* SPDX-License-Identifier: ISC */
/*
 * The explanation cache: a small array searched linearly (a session keeps
 * at most a few thousand explanations) with least-recently-used eviction,
 * and self-contained copies of explanations.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "session/cache.h"

void
cache_result_set(struct gs_result *res, const struct gs_explanation *ex)
{
	explanation_copy(&res->ex, ex);
}

void
cache_result_copy(struct gs_result *dst, const struct gs_result *src)
{
	explanation_copy(&dst->ex, &src->ex);
}

void
cache_result_clear(struct gs_result *res)
{
	explanation_clear(&res->ex);
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

/* SPDX-License-Identifier: ISC */
/*
 * Column ranges: one pass over a column for the least and greatest number,
 * and its distinct texts sorted for lookup by bisection.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "data/range.h"

/* Order of two level pointers, for qsort. */
static int
range_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

int
range_column(const struct gs_dataset *ds, size_t col, struct gs_range *r,
    struct gs_error *err)
{
	const char	*t;
	double		 v;
	size_t		 row, i, k;

	memset(r, 0, sizeof *r);
	r->min = r->max = NAN;
	if (col >= ds->ncols)
		return (gs_error_set(err, GS_ERANGE, "%s: column %zu does not "
		    "exist (the data has %zu)", ds->path, col, ds->ncols));
	for (row = 0; row < ds->nrows; row++) {
		v = dataset_cell(ds, row, col);
		if (!isnan(v)) {
			if (r->n == 0 || v < r->min)
				r->min = v;
			if (r->n == 0 || v > r->max)
				r->max = v;
			r->n++;
		}
	}
	/* The column's distinct texts, kept once each by the dataset. */
	for (i = 1; i <= ds->cols[col].n_words; i++) {
		t = dataset_word(ds, col, i);
		r->levels = xreallocarray(r->levels, r->nlevels + 1,
		    sizeof *r->levels);
		r->levels[r->nlevels++] = (char *)t;
	}
	if (r->nlevels == 0)
		return (0);
	/* Sort the borrowed texts, keep one copy of each. */
	qsort(r->levels, r->nlevels, sizeof *r->levels, range_cmp);
	for (k = 0, i = 0; i < r->nlevels; i++)
		if (k == 0 || strcmp(r->levels[i], r->levels[k - 1]) != 0)
			r->levels[k++] = r->levels[i];
	r->nlevels = k;
	for (i = 0; i < k; i++)
		r->levels[i] = xstrdup(r->levels[i]);
	return (0);
}

int
range_selection(const struct gs_dataset *ds, const struct gs_selection *sel,
    struct gs_range *r, struct gs_error *err)
{
	size_t	i, j;

	for (i = 0; i < sel->n; i++) {
		if (range_column(ds, sel->cols[i], &r[i], err) != 0) {
			for (j = 0; j < i; j++)
				range_clear(&r[j]);
			return (-1);
		}
	}
	return (0);
}

int
range_outside(const struct gs_range *r, double v)
{
	if (r->n == 0 || isnan(v))
		return (0);
	return (v < r->min ? -1 : v > r->max ? 1 : 0);
}

long
range_level(const struct gs_range *r, const char *s)
{
	size_t	lo = 0, hi = r->nlevels, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(s, r->levels[mid])) == 0)
			return ((long)mid);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (-1);
}

void
range_clear(struct gs_range *r)
{
	size_t	i;

	for (i = 0; i < r->nlevels; i++)
		free(r->levels[i]);
	free(r->levels);
	memset(r, 0, sizeof *r);
	r->min = r->max = NAN;
}

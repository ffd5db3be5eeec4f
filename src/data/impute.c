/* SPDX-License-Identifier: ISC */
/*
 * Missing-value policies: their names, and the values they fill in
 * (mean, median and mode of a numeric column; encode.c counts levels).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "data/impute.h"

static const char *const impute_table[] = {
	"error", "mean", "skip", "median", "mode", "model"
};
_Static_assert(sizeof impute_table / sizeof impute_table[0] ==
    GS_IMPUTE_COUNT, "impute_table must name every policy");

const char *
impute_name(enum gs_impute p)
{
	return ((size_t)p < GS_IMPUTE_COUNT ? impute_table[p] : "?");
}

int
impute_parse(const char *s, enum gs_impute *p)
{
	size_t	i;

	for (i = 0; i < GS_IMPUTE_COUNT; i++) {
		if (strcmp(s, impute_table[i]) == 0) {
			*p = (enum gs_impute)i;
			return (0);
		}
	}
	return (-1);
}

const char *
impute_names(void)
{
	return ("error, skip, mean, median, mode, model");
}

int
impute_fills(enum gs_impute p)
{
	return (p == GS_IMPUTE_MEAN || p == GS_IMPUTE_MEDIAN ||
	    p == GS_IMPUTE_MODE);
}

/* Order doubles ascending. */
static int
impute_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

void
impute_stats(const struct gs_dataset *ds, size_t col, double *stat)
{
	double	*v, s = 0;
	size_t	 r, n = 0, i, run, best = 0;

	for (i = 0; i < GS_IMPUTE_COUNT; i++)
		stat[i] = NAN;
	if (col >= ds->ncols)
		return;
	v = xcalloc(ds->nrows + 1, sizeof *v);
	for (r = 0; r < ds->nrows; r++) {
		v[n] = dataset_cell(ds, r, col);
		if (!isnan(v[n]))
			n++;
	}
	if (n == 0) {
		free(v);
		return;
	}
	/* In file order, as dataset_column_stats sums: the same mean. */
	for (i = 0; i < n; i++)
		s += v[i];
	stat[GS_IMPUTE_MEAN] = s / (double)n;
	qsort(v, n, sizeof *v, impute_cmp);
	stat[GS_IMPUTE_MEDIAN] = n % 2 == 1 ? v[n / 2] :
	    (v[n / 2 - 1] + v[n / 2]) / 2;
	/* The mode: the longest run of equal values, the first on ties. */
	for (i = 0; i < n; i += run) {
		for (run = 1; i + run < n && v[i + run] == v[i]; run++)
			;
		if (run > best) {
			best = run;
			stat[GS_IMPUTE_MODE] = v[i];
		}
	}
	free(v);
}

/* SPDX-License-Identifier: ISC */
/*
 * The missing-value policy, named once for every front end: what to do
 * with an empty (or NA) cell of a model input, and the number each policy
 * fills in: a column's mean, median or most frequent value (a category's
 * most frequent level is counted where levels are known, encode.c).
 */
#ifndef GS_IMPUTE_H
#define GS_IMPUTE_H

#include <stddef.h>

#include "data/dataset.h"

/*
 * What a missing cell becomes. GS_IMPUTE_ERROR is 0 and GS_IMPUTE_MEAN 1,
 * so that the "impute" flag of older callers (0 off, 1 on) keeps its
 * meaning. mean and median fill a categorical cell with its mode, as no
 * level is the mean of others.
 */
enum gs_impute {
	GS_IMPUTE_ERROR,	/* the row cannot be used: an error naming the cell */
	GS_IMPUTE_MEAN,		/* the column's mean */
	GS_IMPUTE_SKIP,		/* the row is left out, and the skip reported */
	GS_IMPUTE_MEDIAN,	/* the column's median */
	GS_IMPUTE_MODE,		/* the most frequent value or level */
	GS_IMPUTE_MODEL,	/* NaN passed to the model, which handles it */
	GS_IMPUTE_COUNT
};

/* "error", "mean", "skip", "median", "mode", "model". */
const char	*impute_name(enum gs_impute p);

/* The policy called s into *p; -1 when s names none. */
int		 impute_parse(const char *s, enum gs_impute *p);

/* The names as a list for messages and help: "error, skip, mean, ...". */
const char	*impute_names(void);

/* Whether p fills a missing cell with a value (mean, median, mode). */
int		 impute_fills(enum gs_impute p);

/*
 * The values each policy fills a missing cell of numeric column col with,
 * into stat[GS_IMPUTE_COUNT] (indexed by policy): the mean and the median
 * of its numbers, and the most frequent of them (the smallest among ties,
 * as scikit-learn's SimpleImputer picks); NaN for the other policies, and
 * for all when the column has no number. One sort of the column.
 */
void		 impute_stats(const struct gs_dataset *ds, size_t col,
		    double *stat);

#endif

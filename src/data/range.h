/* SPDX-License-Identifier: ISC */
/*
 * What values a column took in the data: the range of its numbers and the
 * levels of its text (for categorical columns), so that a display can mark
 * a value the model never saw (a what-if of mean_radius = -50 where the
 * data ran from 6.98 to 28.11).
 */
#ifndef GS_RANGE_H
#define GS_RANGE_H

#include <stddef.h>

#include "data/dataset.h"

/* The values one column took. */
struct gs_range {
	size_t	 n;		/* numeric cells */
	double	 min;		/* the smallest of them (NaN when n is 0) */
	double	 max;		/* the largest of them (NaN when n is 0) */
	size_t	 nlevels;	/* distinct text values (0 for a numeric column) */
	char	**levels;	/* nlevels texts, sorted (strcmp), owned */
};

/*
 * The range of column col of ds into r (range_clear): min and max of its
 * numbers (missing cells left out) and its distinct texts. Errors:
 * GS_ERANGE (col out of range).
 */
int	range_column(const struct gs_dataset *ds, size_t col,
	    struct gs_range *r, struct gs_error *err);

/*
 * The ranges of the sel->n selected columns into r[0..sel->n), in the
 * order of the model's inputs. Errors: as range_column (r is then empty).
 */
int	range_selection(const struct gs_dataset *ds,
	    const struct gs_selection *sel, struct gs_range *r,
	    struct gs_error *err);

/*
 * Where v lies against r: -1 below its smallest number, 1 above its
 * largest, 0 inside (or when r holds no number, or v is NaN).
 */
int	range_outside(const struct gs_range *r, double v);

/* The index of level s among r's levels, or -1 when the data never had it. */
long	range_level(const struct gs_range *r, const char *s);

void	range_clear(struct gs_range *r);

#endif

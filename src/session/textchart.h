/* SPDX-License-Identifier: ISC */
/*
 * Plain-text charts for the REPL's scrollback: an explanation's header (f(x),
 * base, gap, standard error, seed, method, baseline, noise) and a signed bar
 * chart of the largest attributions. ASCII only and no colour, so the output
 * reads the same in any terminal, in a pipe and under NO_COLOR.
 */
#ifndef GS_TEXTCHART_H
#define GS_TEXTCHART_H

#include <stddef.h>
#include <stdio.h>

#include "attr/attr.h"

/* One bar chart: n labelled values, the top-k by magnitude shown. */
struct gs_chart {
	const char *const *names;	/* n labels */
	const double	*value;		/* n feature values, or NULL */
	const double	*phi;		/* n values drawn as bars */
	const double	*se;		/* n standard errors, or NULL */
	size_t		 n;		/* rows */
	const char	*first_label;	/* heading of names ("feature"), NULL for that */
	const char	*value_label;	/* heading of value ("value") */
	const char	*phi_label;	/* heading of phi ("phi") */
	const char	*rest_label;	/* "features" or "groups", for "N other ..." */
	size_t		 topk;		/* rows shown, the rest summed in one */
	int		 precision;	/* significant digits */
	size_t		 width;		/* columns of the bar area */
	int		 no_sum;	/* leave out the "sum" line */
	int		 unsigned_phi;	/* print phi without a '+' (magnitudes) */
};

/* What the header names besides the explanation itself. All borrowed. */
struct gs_chart_info {
	const char	*output;	/* graph output name */
	const char	*baseline_desc;	/* what the baseline set holds, or NULL */
	int		 precision;	/* significant digits */
	int		 cached;	/* print "(cached)" */
};

/*
 * Two header lines: "row R  OUTPUT[K]  f(x) = ..  base = ..  gap = ..  max se
 * = ..  seed S" and "method .. PARAMS  baseline .. (DESC)  noise ..".
 * Quantities that do not exist for the method are left out.
 */
void	textchart_header(FILE *f, const struct gs_explanation *ex,
	    const struct gs_chart_info *info);

/*
 * The second header line alone: "method M PARAMS  baseline SPEC (DESC)
 * noise N", with no newline; baseline_desc may be NULL.
 */
void	textchart_method(FILE *f, const struct gs_explanation *ex,
	    const char *baseline_desc);

/*
 * The bar chart: a heading, then the top-k rows by |phi| (ties by index)
 * with value, phi, standard error and a bar, negative bars drawn with '-'
 * left of the axis and positive ones with '+' right of it, scaled to the
 * largest |phi| shown; then "N other <rest_label>" with the sum of the
 * rest, and the total (unless no_sum).
 */
void	textchart_bars(FILE *f, const struct gs_chart *c);

/* Format v with precision significant digits and an explicit sign. */
void	textchart_number(char *buf, size_t size, double v, int precision,
	    int sign);

#endif

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

/* What the header names besides the explanation itself. All borrowed. */
struct gs_chart_info {
	const char	*output;	/* graph output name */
	const char	*label;		/* the explained element's name ("P(good)"), or NULL: OUTPUT[K] */
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
 * "  base LABEL = V": ex's base labelled by what it is
 * (explanation_base_label, ASCII: "E[f(b)] over 569 rows", "f(zeros)",
 * "f(mean x)", "f(row 12)"), precision significant digits; nothing when
 * the method has no base.
 */
void	textchart_base(FILE *f, const struct gs_explanation *ex,
	    int precision);

/*
 * "  gap = G +/- SE (VERDICT)": the completeness gap, its standard error
 * (left out when 0: a deterministic method) and its verdict
 * (gap_verdict_name), as the JSON record has them; nothing without a base.
 */
void	textchart_gap(FILE *f, const struct gs_explanation *ex,
	    int precision);

/* "note: HINT\n" when the gap is larger than its noise (gap_verdict_hint). */
void	textchart_hint(FILE *f, const struct gs_explanation *ex);

/*
 * The second header line alone: "method M PARAMS  baseline SPEC (DESC)
 * noise N", with no newline; baseline_desc may be NULL.
 */
void	textchart_method(FILE *f, const struct gs_explanation *ex,
	    const char *baseline_desc);

/* Format v with precision significant digits and an explicit sign. */
void	textchart_number(char *buf, size_t size, double v, int precision,
	    int sign);

#endif

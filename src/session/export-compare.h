/* SPDX-License-Identifier: ISC */
/*
 * Writing two models' comparison (attr/compare.h) as text, CSV or JSON
 * Lines: for one row both predictions, both attributions, the difference
 * with its SE and rank changes; over many rows the summary. Every record
 * says which seed, method, baseline and sample count produced it and
 * that the draws were shared.
 */
#ifndef GS_EXPORT_COMPARE_H
#define GS_EXPORT_COMPARE_H

#include <stdio.h>

#include "attr/compare.h"
#include "session/export.h"

/* The two models of a comparison, for headers. Borrowed. */
struct gs_export_pair {
	const char	*model_a;	/* model A's name ("bc_mlp") */
	const char	*model_b;	/* model B's */
};

/* Write what comes before the first row (the CSV header). */
void	export_compare_begin(FILE *f, enum gs_format fmt);

/* Write one row's comparison c. */
void	export_compare(FILE *f, enum gs_format fmt,
	    const struct gs_export_info *info, const struct gs_export_pair *pr,
	    const struct gs_paired *c);

/*
 * Write the summary s over rows (text: a section; CSV: one line per
 * feature after a blank line and its own header; JSON: one line
 * {"summary": ...}). worst: how many rows to list as disagreeing most.
 */
void	export_compare_summary(FILE *f, enum gs_format fmt,
	    const struct gs_export_info *info, const struct gs_export_pair *pr,
	    const struct gs_cmp_summary *s, size_t worst);

#endif

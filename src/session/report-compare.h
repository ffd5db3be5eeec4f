/* SPDX-License-Identifier: ISC */
/*
 * The two-model section of the HTML report (issue 18): when a report is
 * given a second model, each reported row's comparison with it (the same
 * draws for both, attr/compare.h): both predictions, the difference of
 * each feature's attribution with its paired SE, and which differences
 * exceed noise.
 */
#ifndef GS_REPORT_COMPARE_H
#define GS_REPORT_COMPARE_H

#include <stddef.h>
#include <stdio.h>

#include "attr/compare.h"
#include "core/error.h"

struct gs_report;

/* The second model and the report's rows compared with it. Borrowed. */
struct gs_report_pair {
	const char		*model_name;	/* model B's name */
	const char		*model_path;	/* its file (SHA-256 taken), or NULL */
	const char		*model_sha256;	/* its digest when known, NULL: hash the file */
	const struct gs_paired	*rows;		/* n comparisons, one per reported row */
	size_t			 n;		/* how many */
};

/*
 * Write the section comparing r's model with r->pair's to f: per row both
 * predictions and whether they agree, then every feature (largest |A - B|
 * first) with phi_A, phi_B, A - B, its SE (paired or, for a method that is
 * not linear in the model, the unpaired bound), the unpaired SE and the
 * verdict; over several rows a summary; model B's file and digest and the
 * command that reproduces the comparison. Errors: GS_EIO (model B's file
 * cannot be read to hash it).
 */
int	report_compare_write(FILE *f, const struct gs_report *r,
	    struct gs_error *err);

#endif

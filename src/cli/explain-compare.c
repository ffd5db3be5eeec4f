/* SPDX-License-Identifier: ISC */
/*
 * gshap explain --compare-model B.onnx: each row explained by both models
 * with the same draws (the job builder's job_run_compare), written as
 * text, CSV or JSON Lines, then, over more than one row, the summary:
 * prediction and top-k agreement, rank correlation, mean |A - B| per
 * feature with its SE, and the rows that disagree most.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/afile.h"
#include "core/interrupt.h"
#include "session/export-compare.h"
#include "session/job.h"

/* Top-k of the agreement measures, and disagreeing rows listed. */
#define EXPLAIN_COMPARE_K	5
#define EXPLAIN_COMPARE_WORST	10

int
cli_explain_compare(struct gs_explain_job *job, const struct gs_session *s,
    const struct gs_export_info *info, int fmt, const size_t *list,
    size_t first, size_t last)
{
	struct gs_export_pair	 pr;
	struct gs_cmp_summary	 sum;
	struct gs_paired	 c;
	struct gs_error		 err;
	size_t			 r;
	int			 rc = CLI_EXIT_OK;

	gs_error_clear(&err);
	pr.model_a = model_name(s->model);
	pr.model_b = model_name(s->model_b);
	compare_summary_init(&sum, s->sel.n, EXPLAIN_COMPARE_K);
	export_compare_begin(stdout, (enum gs_format)fmt);
	for (r = first; r < last; r++) {
		if (job_run_compare_row(job, list != NULL ? list[r] : r, &c,
		    &err) != 0)
			break;
		export_compare(stdout, (enum gs_format)fmt, info, &pr, &c);
		compare_summary_add(&sum, &c);
		compare_clear(&c);
		if (afile_flush(stdout, "standard output", &err) != 0)
			break;
	}
	if (err.code == GS_EINTR || interrupt_pending()) {
		fflush(stdout);
		cli_error("%s after %zu of %zu rows",
		    interrupt_name(interrupt_pending()), r - first,
		    last - first);
		rc = interrupt_status();
	} else if (err.code != GS_OK) {
		fflush(stdout);
		cli_error("%s", err.msg);
		rc = CLI_EXIT_RUNTIME;
	} else if (last - first > 1)
		export_compare_summary(stdout, (enum gs_format)fmt, info, &pr, &sum,
		    EXPLAIN_COMPARE_WORST);
	compare_summary_free(&sum);
	return (rc);
}

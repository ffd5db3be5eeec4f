/* SPDX-License-Identifier: ISC */
/*
 * The REPL's text header of an explanation: what produced it (method,
 * parameters, plan, baseline, noise, seed) and its numbers, the base
 * labelled by what it is and the gap with its SE and verdict (shared
 * with the text export and Lua); the charts under it come from the
 * shared renderer (src/tui).
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/trust.h"
#include "core/xmalloc.h"
#include "session/textchart.h"

/* Longest label printed before it is cut. */
#define TEXTCHART_NAME_MAX	32

void
textchart_number(char *buf, size_t size, double v, int precision, int sign)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else if (v == 0)
		snprintf(buf, size, "%s0", sign ? "+" : "");
	else
		snprintf(buf, size, sign ? "%+.*g" : "%.*g", precision, v);
}

/* The method's parameters in words, as the text export has them. */
static void
textchart_params(FILE *f, const struct gs_explanation *ex)
{
	char	buf[160];

	method_describe(ex, GS_DESCRIBE_TEXT, NULL, buf, sizeof buf);
	if (buf[0] != '\0')
		fprintf(f, "  %s", buf);
}

void
textchart_base(FILE *f, const struct gs_explanation *ex, int precision)
{
	char	lab[96], a[64];

	if (isnan(ex->base))
		return;
	explanation_base_label(ex, 0, lab, sizeof lab);
	textchart_number(a, sizeof a, ex->base, precision, 0);
	fprintf(f, "  base %s = %s", lab, a);
}

void
textchart_gap(FILE *f, const struct gs_explanation *ex, int precision)
{
	char	a[64];

	if (isnan(ex->base))
		return;
	textchart_number(a, sizeof a, ex->gap, precision, 1);
	fprintf(f, "  gap = %s", a);
	if (ex->gap_se > 0) {
		textchart_number(a, sizeof a, ex->gap_se, 2, 0);
		fprintf(f, " +/- %s", a);
	}
	fprintf(f, " (%s)", gap_verdict_name(ex->gap_verdict));
}

void
textchart_hint(FILE *f, const struct gs_explanation *ex)
{
	if (ex->gap_verdict == GS_GAP_LARGER)
		fprintf(f, "note: %s\n", gap_verdict_hint(ex));
}

void
textchart_header(FILE *f, const struct gs_explanation *ex,
    const struct gs_chart_info *info)
{
	char	 a[64];
	double	 se = 0;
	size_t	 i;
	int	 p = info->precision, r;

	if (info->label != NULL)
		fprintf(f, "row %zu  %s", ex->row, info->label);
	else
		fprintf(f, "row %zu  %s[%zu]", ex->row, info->output,
		    ex->target);
	textchart_number(a, sizeof a, ex->fx, p, 0);
	fprintf(f, "  f(x) = %s", a);
	textchart_base(f, ex, p);
	textchart_gap(f, ex, 3);
	if (ex->se != NULL) {
		for (i = 0; i < ex->d; i++)
			if (ex->se[i] > se)
				se = ex->se[i];
		textchart_number(a, sizeof a, se, 2, 0);
		fprintf(f, "  max se = %s", a);
	}
	if (method_stochastic(ex->method))
		fprintf(f, "  seed %" PRIu64, ex->opts.seed);
	fputs(info->cached ? "  (cached)\n" : "\n", f);

	textchart_hint(f, ex);
	textchart_method(f, ex, info->baseline_desc);
	fputc('\n', f);
	if (ex->rounds)
		fputs(GS_ROUNDS_NOTE "\n", f);
	if (method_info(ex->method)->unit == GS_UNIT_REGIONS &&
	    ex->tol_met >= 0)
		fprintf(f, "exact to %.2g (tolerance %.2g %s) in %zu pieces\n",
		    ex->bound, ex->tol, ex->tol_met ? "met" : "NOT met",
		    ex->samples_used);
	else if (ex->tol_met >= 0 && ex->tol > 0)
		fprintf(f, "tolerance %.3g %s after %zu %s\n", ex->tol,
		    ex->tol_met ? "met" : "NOT met (budget spent)",
		    ex->samples_used, method_unit_name(
		    method_info(ex->method)->unit));
	if (ex->quad_err != NULL) {
		fprintf(f, "rule errors at %zu steps (largest |phi - exact|):",
		    ex->opts.steps);
		for (r = 0; r < GS_RULE_COUNT; r++)
			fprintf(f, " %s %.2g", rule_name(r), ex->quad_err[r]);
		fputc('\n', f);
	}
}

void
textchart_method(FILE *f, const struct gs_explanation *ex,
    const char *baseline_desc)
{
	fprintf(f, "method %s", method_name(ex->method));
	textchart_params(f, ex);
	if (ex->baseline != NULL) {
		fprintf(f, "  baseline %s", ex->baseline);
		if (baseline_desc != NULL &&
		    strcmp(baseline_desc, ex->baseline) != 0)
			fprintf(f, " (%s)", baseline_desc);
	} else
		fputs("  baseline none", f);
	fprintf(f, "  noise %s", ex->noise != NULL ? ex->noise : "none");
}

/* SPDX-License-Identifier: ISC */
/*
 * Text rendering of explanations: the header that says what produced a
 * result and a signed ASCII bar chart of the largest attributions.
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

/* The sampling plan of gradshap and smoothgrad. */
static void
textchart_plan(FILE *f, const struct gs_explanation *ex)
{
	char	buf[64];

	fprintf(f, "  plan %s", sampling_format(ex->opts.plan,
	    ex->opts.antithetic, ex->method == GS_METHOD_GRADSHAP &&
	    ex->opts.cv, buf, sizeof buf));
}

/* The method's parameters in words, as the text export has them. */
static void
textchart_params(FILE *f, const struct gs_explanation *ex)
{
	size_t	n = ex->samples_used > 0 ? ex->samples_used : ex->opts.samples;

	switch (ex->method) {
	case GS_METHOD_GRADSHAP:
		fprintf(f, "  samples %zu", n);
		textchart_plan(f, ex);
		break;
	case GS_METHOD_PERMUTATION:
	case GS_METHOD_KERNEL:
		fprintf(f, "  samples %zu", ex->samples_used);
		break;
	case GS_METHOD_EXACT:
		fprintf(f, "  evaluations %zu", ex->samples_used);
		break;
	case GS_METHOD_EXACTIG:
		fprintf(f, "  regions %zu", ex->regions);
		break;
	case GS_METHOD_IG:
		fprintf(f, "  steps %zu  rule %s", ex->opts.steps,
		    rule_name(ex->opts.rule));
		break;
	case GS_METHOD_SMOOTHGRAD:
		fprintf(f, "  samples %zu  aggregate %s%s", n,
		    smooth_name(ex->opts.smooth), ex->opts.absolute ?
		    " of |gradient|" : "");
		textchart_plan(f, ex);
		break;
	case GS_METHOD_SALIENCY:
		fputs(ex->opts.absolute ? "  absolute" : "  signed", f);
		break;
	default:
		break;
	}
}

void
textchart_header(FILE *f, const struct gs_explanation *ex,
    const struct gs_chart_info *info)
{
	char	 a[64];
	double	 se = 0;
	size_t	 i;
	int	 p = info->precision, r;

	fprintf(f, "row %zu  %s[%zu]", ex->row, info->output, ex->target);
	textchart_number(a, sizeof a, ex->fx, p, 0);
	fprintf(f, "  f(x) = %s", a);
	if (!isnan(ex->base)) {
		textchart_number(a, sizeof a, ex->base, p, 0);
		fprintf(f, "  base = %s", a);
		textchart_number(a, sizeof a, ex->gap, 2, 1);
		fprintf(f, "  gap = %s", a);
	}
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

	textchart_method(f, ex, info->baseline_desc);
	fputc('\n', f);
	if (ex->tol_met >= 0 && ex->tol > 0)
		fprintf(f, "tolerance %.3g %s after %zu %s\n", ex->tol,
		    ex->tol_met ? "met" : "NOT met (budget spent)",
		    ex->samples_used, ex->method == GS_METHOD_IG ? "steps" :
		    "samples");
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

/* Order for the chart: |phi| descending, ties by index. */
static const double *textchart_sort_phi;

/* qsort comparator for that order. */
static int
textchart_cmp(const void *a, const void *b)
{
	size_t	i = *(const size_t *)a, j = *(const size_t *)b;
	double	pi = fabs(textchart_sort_phi[i]);
	double	pj = fabs(textchart_sort_phi[j]);

	if (pi != pj)
		return (pi < pj ? 1 : -1);
	return (i < j ? -1 : i > j);
}

/* Print n copies of ch. */
static void
textchart_repeat(FILE *f, int ch, size_t n)
{
	while (n-- > 0)
		fputc(ch, f);
}

void
textchart_bars(FILE *f, const struct gs_chart *c)
{
	char	 v[64], p[64], s[64];
	size_t	*order, i, j, k, shown, wn = 7, wv, wp, ws, half, left, len;
	double	 maxabs = 0, rest = 0, total = 0;
	int	 prec = c->precision;

	order = xcalloc(c->n > 0 ? c->n : 1, sizeof *order);
	for (i = 0; i < c->n; i++) {
		order[i] = i;
		len = strlen(c->names[i]);
		if (len > wn)
			wn = len;
		total += c->phi[i];
	}
	if (wn > TEXTCHART_NAME_MAX)
		wn = TEXTCHART_NAME_MAX;
	textchart_sort_phi = c->phi;
	qsort(order, c->n, sizeof *order, textchart_cmp);
	shown = c->topk < c->n ? c->topk : c->n;
	if (shown < c->n) {
		snprintf(v, sizeof v, "%zu other %s", c->n - shown,
		    c->rest_label);
		if (strlen(v) > wn)
			wn = strlen(v);
	}
	for (k = 0; k < shown; k++)
		if (fabs(c->phi[order[k]]) > maxabs)
			maxabs = fabs(c->phi[order[k]]);
	for (k = shown; k < c->n; k++)
		rest += c->phi[order[k]];

	/* Column widths from the widest number shown. */
	wv = c->value != NULL ? strlen(c->value_label) : 0;
	wp = strlen(c->phi_label);
	ws = c->se != NULL ? 6 : 0;
	for (k = 0; k < shown; k++) {
		j = order[k];
		if (c->value != NULL) {
			textchart_number(v, sizeof v, c->value[j], prec, 0);
			if (strlen(v) > wv)
				wv = strlen(v);
		}
		textchart_number(p, sizeof p, c->phi[j], prec,
		    !c->unsigned_phi);
		if (strlen(p) > wp)
			wp = strlen(p);
		if (c->se != NULL) {
			textchart_number(s, sizeof s, c->se[j], 2, 0);
			if (strlen(s) + 1 > ws)
				ws = strlen(s) + 1;
		}
	}
	textchart_number(p, sizeof p, total, prec, 1);
	if (strlen(p) > wp)
		wp = strlen(p);

	fprintf(f, "  %-*s", (int)wn, c->first_label != NULL ?
	    c->first_label : "feature");
	if (c->value != NULL)
		fprintf(f, "  %*s", (int)wv, c->value_label);
	fprintf(f, "  %*s", (int)wp, c->phi_label);
	if (c->se != NULL)
		fprintf(f, "  %*s", (int)ws, "se");
	fputc('\n', f);

	half = c->width / 2;
	/* With no negative bar, no room is kept left of the axis. */
	for (left = 0, k = 0; k < shown; k++)
		if (c->phi[order[k]] < 0)
			left = half;
	for (k = 0; k < shown; k++) {
		j = order[k];
		fprintf(f, "  %-*.*s", (int)wn, (int)wn, c->names[j]);
		if (c->value != NULL) {
			textchart_number(v, sizeof v, c->value[j], prec, 0);
			fprintf(f, "  %*s", (int)wv, v);
		}
		textchart_number(p, sizeof p, c->phi[j], prec,
		    !c->unsigned_phi);
		fprintf(f, "  %*s", (int)wp, p);
		if (c->se != NULL) {
			textchart_number(s, sizeof s, c->se[j], 2, 0);
			fprintf(f, "  %*s", (int)ws, s);
		}
		len = maxabs > 0 ? (size_t)lround(fabs(c->phi[j]) / maxabs *
		    half) : 0;
		if (len > half)
			len = half;
		fputs("  ", f);
		if (c->phi[j] < 0) {
			textchart_repeat(f, ' ', half - len);
			textchart_repeat(f, '-', len);
			fputc('|', f);
		} else {
			textchart_repeat(f, ' ', left);
			fputc('|', f);
			textchart_repeat(f, '+', len);
		}
		fputc('\n', f);
	}
	if (shown < c->n) {
		snprintf(v, sizeof v, "%zu other %s", c->n - shown,
		    c->rest_label);
		textchart_number(p, sizeof p, rest, prec, !c->unsigned_phi);
		fprintf(f, "  %-*s", (int)wn, v);
		if (c->value != NULL)
			fprintf(f, "  %*s", (int)wv, "");
		fprintf(f, "  %*s\n", (int)wp, p);
	}
	if (!c->no_sum) {
		textchart_number(p, sizeof p, total, prec, 1);
		fprintf(f, "  %-*s", (int)wn, "sum");
		if (c->value != NULL)
			fprintf(f, "  %*s", (int)wv, "");
		fprintf(f, "  %*s\n", (int)wp, p);
	}
	free(order);
}

/* SPDX-License-Identifier: ISC */
/*
 * Two models' comparison written out: per row (text table, CSV lines,
 * one JSON object) and over rows (the summary). Text goes through
 * visible_fputs, since names come from files.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/visible.h"
#include "core/xmalloc.h"
#include "session/export-compare.h"

/* A number for CSV (empty when not finite) or JSON (null). */
static void
export_compare_number(FILE *f, double v, int json)
{
	if (!isfinite(v)) {
		if (json)
			fputs("null", f);
		return;
	}
	fprintf(f, "%.9g", v);
}

/*
 * The numbers of feature i that the CSV lines and the JSON features share,
 * in this order (their CSV columns and JSON keys): its value, phi and SE
 * of A and of B, A - B and its SE.
 */
static void
export_compare_feature(FILE *f, const struct gs_paired *c, size_t i,
    int json)
{
	static const char *const keys[] = { "value", "phi_a", "se_a",
	    "phi_b", "se_b", "delta", "se_delta" };
	const struct gs_explanation *a = &c->a;
	const double	 v[] = { a->value[i], a->phi[i], a->se != NULL ?
	    a->se[i] : NAN, c->b.phi[i], c->b.se != NULL ? c->b.se[i] : NAN,
	    c->delta.phi[i], c->delta.se != NULL ? c->delta.se[i] : NAN };
	size_t		 k;

	_Static_assert(sizeof keys / sizeof keys[0] == sizeof v / sizeof v[0],
	    "a key for every number");
	for (k = 0; k < sizeof v / sizeof v[0]; k++) {
		if (json)
			fprintf(f, ",\"%s\":", keys[k]);
		else if (k > 0)
			fputc(',', f);
		export_compare_number(f, v[k], json);
	}
}

/* The method's parameters in words, or "-". */
static const char *
export_compare_params(const struct gs_explanation *ex, char *buf,
    size_t size)
{
	method_describe(ex, GS_DESCRIBE_TEXT, NULL, buf, size);
	return (buf[0] != '\0' ? buf : "-");
}

/* Features in order of |dphi| descending (ties by index). */
static size_t *
export_compare_order(const struct gs_paired *c)
{
	size_t	*order = xcalloc(c->d + 1, sizeof *order);

	explanation_order(c->delta.phi, c->d, order, NULL);
	return (order);
}

/* What the SE column is: paired, unpaired or none. */
static const char *
export_compare_se_kind(const struct gs_paired *c)
{
	if (c->delta.se == NULL)
		return ("none");
	return (c->paired ? "paired" : "unpaired");
}

static void
export_compare_text(FILE *f, const struct gs_export_info *info,
    const struct gs_export_pair *pr, const struct gs_paired *c)
{
	const struct gs_explanation *a = &c->a;
	size_t	*order, i, j, w = 7;
	char	 buf[160];

	fprintf(f, "row %zu  %s[%zu]  A %s: f(x) = %.6g  B %s: f(x) = %.6g  "
	    "predictions %s\n", a->row, info->output, a->target, pr->model_a,
	    c->fa, pr->model_b, c->fb, c->agree ? "agree" : "DIFFER");
	fprintf(f, "method %s  %s  seed %" PRIu64 "  (the same draws for "
	    "both models)\n", method_name(a->method), export_compare_params(a,
	    buf, sizeof buf), a->opts.seed);
	if (a->baseline != NULL)
		fprintf(f, "baseline %s (%s)", a->baseline,
		    info->baseline_desc != NULL ? info->baseline_desc : "");
	else
		fputs("baseline none", f);
	fprintf(f, "  noise %s\n", a->noise != NULL ? a->noise : "none");
	if (!isnan(a->base))
		fprintf(f, "base A %.6g  B %.6g   gap A %+.3g  B %+.3g\n",
		    a->base, c->b.base, a->gap, c->b.gap);
	for (i = 0; i < c->d; i++)
		if (strlen(info->names[i]) > w)
			w = strlen(info->names[i]);
	if (w > 30)
		w = 30;
	order = export_compare_order(c);
	fprintf(f, "  %-*s %12s %12s %12s %12s %9s  %s\n", (int)w, "feature",
	    "phi A", "phi B", "A - B", c->delta.se != NULL ? (c->paired ?
	    "paired SE" : "unpaired SE") : "", "rank A>B", "");
	for (i = 0; i < c->d; i++) {
		j = order[i];
		fprintf(f, "  %-*.*s %+12.6g %+12.6g %+12.6g", (int)w, (int)w,
		    info->names[j], a->phi[j], c->b.phi[j], c->delta.phi[j]);
		if (c->delta.se != NULL)
			fprintf(f, " %12.2g", c->delta.se[j]);
		else
			fprintf(f, " %12s", "");
		snprintf(buf, sizeof buf, "%zu>%zu", c->rank_a[j],
		    c->rank_b[j]);
		fprintf(f, " %9s  %s\n", buf, c->verdict[j] == GS_CMP_LARGER ?
		    "*" : c->verdict[j] == GS_CMP_SAME ? "=" : "");
	}
	if (c->delta.se != NULL)
		fprintf(f, "  * |A - B| > 1.96 %s SE: larger than noise (%zu of "
		    "%zu features)%s\n", c->paired ? "paired" : "unpaired",
		    c->larger, c->d, c->paired ? "" : "; this aggregate is "
		    "not linear in the model, so the SE is the unpaired bound");
	else
		fprintf(f, "  * A and B differ beyond float rounding (%zu of %zu "
		    "features; %s is deterministic: no noise)\n", c->larger,
		    c->d, method_name(a->method));
	if (c->direct)
		fputs("  A - B is estimated on f_A - f_B itself: the plan's "
		    "control variates are fitted to each model, so it is "
		    "within noise of phi A - phi B, not equal to it\n", f);
	fprintf(f, "  top-%zu shared %zu, rank correlation %.3f\n\n",
	    c->d < 5 ? c->d : 5, compare_topk(a->phi, c->b.phi, c->d, 5),
	    compare_rank_corr(a->phi, c->b.phi, c->d));
	free(order);
}

void
export_compare_begin(FILE *f, enum gs_format fmt)
{
	if (fmt == GS_FORMAT_CSV)
		fputs("row,output,model_a,model_b,method,seed,samples,baseline,"
		    "f_a,f_b,pred_a,pred_b,agree,feature,value,phi_a,se_a,"
		    "phi_b,se_b,delta,se_delta,se_kind,se_unpaired,rank_a,"
		    "rank_b,verdict\n", f);
}

static void
export_compare_csv(FILE *f, const struct gs_export_info *info,
    const struct gs_export_pair *pr, const struct gs_paired *c)
{
	const struct gs_explanation *a = &c->a;
	size_t	i;

	for (i = 0; i < c->d; i++) {
		fprintf(f, "%zu,", a->row);
		export_csv_field(f, info->output);
		fputc(',', f);
		export_csv_field(f, pr->model_a);
		fputc(',', f);
		export_csv_field(f, pr->model_b);
		fprintf(f, ",%s,%" PRIu64 ",", method_name(a->method),
		    a->opts.seed);
		if (method_stochastic(a->method))
			fprintf(f, "%zu", a->samples_used);
		fputc(',', f);
		export_csv_field(f, a->baseline != NULL ? a->baseline : "");
		fputc(',', f);
		export_compare_number(f, c->fa, 0);
		fputc(',', f);
		export_compare_number(f, c->fb, 0);
		fprintf(f, ",%zu,%zu,%d,", c->pred_a, c->pred_b, c->agree);
		export_csv_field(f, info->names[i]);
		fputc(',', f);
		export_compare_feature(f, c, i, 0);
		fprintf(f, ",%s,", export_compare_se_kind(c));
		export_compare_number(f, c->se_unpaired != NULL ?
		    c->se_unpaired[i] : NAN, 0);
		fprintf(f, ",%zu,%zu,%s\n", c->rank_a[i], c->rank_b[i],
		    compare_verdict_name(c->verdict[i]));
	}
}

static void
export_compare_json(FILE *f, const struct gs_export_info *info,
    const struct gs_export_pair *pr, const struct gs_paired *c)
{
	const struct gs_explanation *a = &c->a;
	size_t	i;

	fprintf(f, "{\"row\":%zu,\"output\":%zu,\"output_name\":", a->row,
	    a->target);
	export_json_string(f, info->output);
	fputs(",\"model_a\":", f);
	export_json_string(f, pr->model_a);
	fputs(",\"model_b\":", f);
	export_json_string(f, pr->model_b);
	fprintf(f, ",\"method\":\"%s\",\"seed\":%" PRIu64 ",\"samples\":",
	    method_name(a->method), a->opts.seed);
	if (method_stochastic(a->method))
		fprintf(f, "%zu", a->samples_used);
	else
		fputs("null", f);
	fputs(",\"baseline\":", f);
	export_json_string_or_null(f, a->baseline);
	fputs(",\"noise\":", f);
	export_json_string_or_null(f, a->noise);
	fprintf(f, ",\"common_random_numbers\":true,\"delta_direct\":%s,"
	    "\"f_a\":", c->direct ? "true" : "false");
	export_compare_number(f, c->fa, 1);
	fputs(",\"f_b\":", f);
	export_compare_number(f, c->fb, 1);
	fprintf(f, ",\"pred_a\":%zu,\"pred_b\":%zu,\"agree\":%s,"
	    "\"se_kind\":\"%s\",\"larger_than_noise\":%zu,\"top5_shared\":%zu,"
	    "\"rank_corr\":", c->pred_a, c->pred_b, c->agree ? "true" :
	    "false", export_compare_se_kind(c), c->larger, compare_topk(a->phi,
	    c->b.phi, c->d, 5));
	export_compare_number(f, compare_rank_corr(a->phi, c->b.phi, c->d),
	    1);
	fputs(",\"features\":[", f);
	for (i = 0; i < c->d; i++) {
		fputs(i == 0 ? "{\"name\":" : ",{\"name\":", f);
		export_json_string(f, info->names[i]);
		export_compare_feature(f, c, i, 1);
		fputs(",\"se_unpaired\":", f);
		export_compare_number(f, c->se_unpaired != NULL ?
		    c->se_unpaired[i] : NAN, 1);
		fprintf(f, ",\"rank_a\":%zu,\"rank_b\":%zu,\"verdict\":\"%s\"}",
		    c->rank_a[i], c->rank_b[i],
		    compare_verdict_name(c->verdict[i]));
	}
	fputs("]}\n", f);
}

/* Run fn into a memory stream and write it with control characters visible. */
static void
export_compare_visible(FILE *f, void (*fn)(FILE *, const void *),
    const void *arg)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*mf;

	if ((mf = open_memstream(&buf, &len)) == NULL) {
		fn(f, arg);
		return;
	}
	fn(mf, arg);
	fclose(mf);
	visible_fputs(buf, f, VISIBLE_KEEP_NL);
	free(buf);
}

/* The arguments of a text writer, for export_compare_visible. */
struct export_compare_args {
	const struct gs_export_info	*info;	/* names, output */
	const struct gs_export_pair	*pr;	/* the models */
	const struct gs_paired		*c;	/* one row, or NULL */
	const struct gs_cmp_summary	*s;	/* the summary, or NULL */
	size_t				 worst;	/* rows to list */
};

static void
export_compare_text_fn(FILE *f, const void *arg)
{
	const struct export_compare_args *x = arg;

	export_compare_text(f, x->info, x->pr, x->c);
}

void
export_compare(FILE *f, enum gs_format fmt, const struct gs_export_info *info,
    const struct gs_export_pair *pr, const struct gs_paired *c)
{
	struct export_compare_args	x = { info, pr, c, NULL, 0 };

	switch (fmt) {
	case GS_FORMAT_TEXT:
		export_compare_visible(f, export_compare_text_fn, &x);
		break;
	case GS_FORMAT_CSV:
		export_compare_csv(f, info, pr, c);
		break;
	case GS_FORMAT_JSON:
		export_compare_json(f, info, pr, c);
		break;
	default:
		break;
	}
}

static void
export_summary_text(FILE *f, const void *arg)
{
	const struct export_compare_args *x = arg;
	const struct gs_cmp_summary	*s = x->s;
	size_t				*order, i, j, n, w = 7;
	double				 m, se, rho;

	fprintf(f, "summary: %s (A) against %s (B) over %zu rows\n",
	    x->pr->model_a, x->pr->model_b, s->n);
	if (s->n == 0) {
		fputc('\n', f);
		return;
	}
	rho = s->rho_n > 0 ? s->rho_sum / s->rho_n : NAN;
	fprintf(f, "  predictions agree on %zu of %zu rows (%.1f%%)\n",
	    s->agree, s->n, 100.0 * s->agree / s->n);
	fprintf(f, "  top-%zu agreement %.3f (mean share of the top %zu "
	    "features in common)\n", s->k, s->topk_sum / s->n, s->k);
	fprintf(f, "  rank correlation of |phi| %.3f (mean over rows)\n",
	    rho);
	fprintf(f, "  largest change: %.4g (SE %.2g) in %s on row %zu\n",
	    s->max_abs, s->max_se, x->info->names[s->max_feature],
	    s->max_row);
	if (s->paired_n > 0)
		fprintf(f, "  paired SE at most the unpaired for %zu of %zu "
		    "(row, feature) pairs\n", s->paired_below, s->paired_n);
	for (i = 0; i < s->d; i++)
		if (strlen(x->info->names[i]) > w)
			w = strlen(x->info->names[i]);
	if (w > 30)
		w = 30;
	fprintf(f, "  %-*s %12s %10s %12s %s\n", (int)w, "feature",
	    "mean|A-B|", "SE (rows)", "mean|phi A|", "rows > noise");
	order = xcalloc(s->n + s->d + 1, sizeof *order);
	{
		double *mean = xcalloc(s->d + 1, sizeof *mean);
		for (i = 0; i < s->d; i++)
			mean[i] = compare_summary_mean_abs(s, i, NULL);
		explanation_order(mean, s->d, order, NULL);
		free(mean);
	}
	for (i = 0; i < s->d; i++) {
		j = order[i];
		m = compare_summary_mean_abs(s, j, &se);
		fprintf(f, "  %-*.*s %12.4g %10.2g %12.4g %zu\n", (int)w,
		    (int)w, x->info->names[j], m, se, s->phi_a[j] / s->n,
		    s->larger[j]);
	}
	n = compare_summary_worst(s, order);
	if (n > x->worst)
		n = x->worst;
	fprintf(f, "  rows whose explanations disagree most (sum|A-B| over "
	    "the mean sum|phi|):\n");
	for (i = 0; i < n; i++) {
		const struct gs_cmp_row *r = &s->rows[order[i]];
		fprintf(f, "    row %-6zu %.3f  top-%zu shared %zu  rho %.2f  "
		    "f A %.4g  B %.4g%s\n", r->row, r->l1_rel, s->k, r->topk,
		    r->rho, r->fa, r->fb, r->agree ? "" : "  (predictions "
		    "differ)");
	}
	n = compare_summary_same_pred(s, order);
	fprintf(f, "  rows where the predictions agree but the reasons do "
	    "not (top-%zu overlap under half, or rho < 0.5): %zu\n", s->k, n);
	for (i = 0; i < n && i < x->worst; i++) {
		const struct gs_cmp_row *r = &s->rows[order[i]];
		fprintf(f, "    row %-6zu top-%zu shared %zu  rho %.2f\n",
		    r->row, s->k, r->topk, r->rho);
	}
	fputc('\n', f);
	free(order);
}

/*
 * The summary's rows as CSV after a blank line: every row, the
 * explanations that disagree most first, with the flag of the rows whose
 * predictions agree but whose reasons do not (compare_summary_same_pred).
 */
static void
export_summary_csv_rows(FILE *f, const struct gs_cmp_summary *s)
{
	const struct gs_cmp_row	*r;
	unsigned char		*other;
	size_t			*order, i, n;

	order = xcalloc(s->n + 1, sizeof *order);
	other = xcalloc(s->n + 1, 1);
	n = compare_summary_same_pred(s, order);
	for (i = 0; i < n; i++)
		other[order[i]] = 1;
	n = compare_summary_worst(s, order);
	fputs("\nrow,f_a,f_b,agree,topk_shared,k,rank_corr,disagree,"
	    "features_larger_than_noise,same_prediction_other_reasons\n", f);
	for (i = 0; i < n; i++) {
		r = &s->rows[order[i]];
		fprintf(f, "%zu,", r->row);
		export_compare_number(f, r->fa, 0);
		fputc(',', f);
		export_compare_number(f, r->fb, 0);
		fprintf(f, ",%d,%zu,%zu,", r->agree, r->topk, s->k);
		export_compare_number(f, r->rho, 0);
		fputc(',', f);
		export_compare_number(f, r->l1_rel, 0);
		fprintf(f, ",%zu,%d\n", r->larger, other[order[i]]);
	}
	free(order);
	free(other);
}

static void
export_summary_csv(FILE *f, const struct gs_export_info *info,
    const struct gs_cmp_summary *s)
{
	double	m, se;
	size_t	i;

	fputs("\nfeature,mean_abs_delta,se_rows,mean_abs_phi_a,"
	    "rows_larger_than_noise,rows\n", f);
	for (i = 0; i < s->d; i++) {
		m = compare_summary_mean_abs(s, i, &se);
		export_csv_field(f, info->names[i]);
		fputc(',', f);
		export_compare_number(f, m, 0);
		fputc(',', f);
		export_compare_number(f, se, 0);
		fputc(',', f);
		export_compare_number(f, s->n > 0 ? s->phi_a[i] / s->n : NAN,
		    0);
		fprintf(f, ",%zu,%zu\n", s->larger[i], s->n);
	}
	export_summary_csv_rows(f, s);
}

static void
export_summary_json(FILE *f, const struct gs_export_info *info,
    const struct gs_export_pair *pr, const struct gs_cmp_summary *s,
    size_t worst)
{
	size_t	*order, i, n;
	double	 m, se;

	fputs("{\"summary\":{\"model_a\":", f);
	export_json_string(f, pr->model_a);
	fputs(",\"model_b\":", f);
	export_json_string(f, pr->model_b);
	fprintf(f, ",\"rows\":%zu,\"agree\":%zu,\"k\":%zu,\"topk_agreement\":",
	    s->n, s->agree, s->k);
	export_compare_number(f, s->n > 0 ? s->topk_sum / s->n : NAN, 1);
	fputs(",\"rank_corr\":", f);
	export_compare_number(f, s->rho_n > 0 ? s->rho_sum / s->rho_n : NAN,
	    1);
	fputs(",\"largest\":{\"delta\":", f);
	export_compare_number(f, s->max_abs, 1);
	fputs(",\"se\":", f);
	export_compare_number(f, s->max_se, 1);
	fprintf(f, ",\"row\":%zu,\"feature\":", s->max_row);
	export_json_string(f, s->n > 0 ? info->names[s->max_feature] : "");
	fprintf(f, "},\"paired_below_unpaired\":%zu,\"paired_n\":%zu",
	    s->paired_below, s->paired_n);
	fputs(",\"features\":[", f);
	for (i = 0; i < s->d; i++) {
		m = compare_summary_mean_abs(s, i, &se);
		fputs(i == 0 ? "{\"name\":" : ",{\"name\":", f);
		export_json_string(f, info->names[i]);
		fputs(",\"mean_abs_delta\":", f);
		export_compare_number(f, m, 1);
		fputs(",\"se_rows\":", f);
		export_compare_number(f, se, 1);
		fprintf(f, ",\"rows_larger_than_noise\":%zu}", s->larger[i]);
	}
	order = xcalloc(s->n + 1, sizeof *order);
	n = compare_summary_worst(s, order);
	fputs("],\"disagree_most\":[", f);
	for (i = 0; i < n && i < worst; i++) {
		fprintf(f, "%s{\"row\":%zu,\"l1_rel\":", i ? "," : "",
		    s->rows[order[i]].row);
		export_compare_number(f, s->rows[order[i]].l1_rel, 1);
		fprintf(f, ",\"topk\":%zu,\"agree\":%s}", s->rows[order[i]].topk,
		    s->rows[order[i]].agree ? "true" : "false");
	}
	n = compare_summary_same_pred(s, order);
	fputs("],\"same_prediction_other_reasons\":[", f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%zu", i ? "," : "", s->rows[order[i]].row);
	fputs("]}}\n", f);
	free(order);
}

void
export_compare_summary(FILE *f, enum gs_format fmt,
    const struct gs_export_info *info, const struct gs_export_pair *pr,
    const struct gs_cmp_summary *s, size_t worst)
{
	struct export_compare_args	x = { info, pr, NULL, s, worst };

	switch (fmt) {
	case GS_FORMAT_TEXT:
		export_compare_visible(f, export_summary_text, &x);
		break;
	case GS_FORMAT_CSV:
		export_summary_csv(f, info, s);
		break;
	case GS_FORMAT_JSON:
		export_summary_json(f, info, pr, s, worst);
		break;
	default:
		break;
	}
}

/* SPDX-License-Identifier: ISC */
/*
 * Text, CSV and JSON Lines writers for explanations. Numbers are printed
 * with 9 significant digits in CSV and JSON (enough to round-trip a float),
 * NaN becomes an empty CSV field or JSON null, never "nan".
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "session/export.h"

static const char *export_format_names[] = { "text", "csv", "json" };
_Static_assert(sizeof export_format_names / sizeof export_format_names[0] ==
    GS_FORMAT_COUNT, "export_format_names out of step with enum gs_format");

int
export_format_parse(const char *s, enum gs_format *out)
{
	int	i;

	for (i = 0; i < GS_FORMAT_COUNT; i++) {
		if (strcmp(s, export_format_names[i]) == 0) {
			*out = i;
			return (0);
		}
	}
	return (-1);
}

const char *
export_format_name(enum gs_format f)
{
	return (export_format_names[f]);
}

void
export_csv_field(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void
export_json_string(FILE *f, const char *s)
{
	const unsigned char *p;

	fputc('"', f);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

/* A number for CSV (empty when NaN) or JSON (null when NaN). */
static void
export_number(FILE *f, double v, int json)
{
	if (isnan(v) || isinf(v)) {
		if (json)
			fputs("null", f);
		return;
	}
	fprintf(f, "%.9g", v);
}

void
export_begin(FILE *f, enum gs_format fmt)
{
	if (fmt == GS_FORMAT_CSV)
		fputs("row,output,method,feature,value,attribution,stderr\n", f);
}

/* Feature order for text: |phi| descending, ties by index. */
static const struct gs_explanation *export_sort_ex;

static int
export_cmp(const void *a, const void *b)
{
	size_t	i = *(const size_t *)a, j = *(const size_t *)b;
	double	pi = fabs(export_sort_ex->phi[i]);
	double	pj = fabs(export_sort_ex->phi[j]);

	if (pi != pj)
		return (pi < pj ? 1 : -1);
	return (i < j ? -1 : i > j);
}

/* The method's parameters in words ("200 samples", "50 steps, gausslegendre"). */
static void
export_params(FILE *f, const struct gs_explanation *ex)
{
	switch (ex->method) {
	case GS_METHOD_GRADSHAP:
		fprintf(f, "samples %zu", ex->opts.samples);
		break;
	case GS_METHOD_IG:
		fprintf(f, "steps %zu  rule %s", ex->opts.steps,
		    rule_name(ex->opts.rule));
		break;
	case GS_METHOD_SMOOTHGRAD:
		fprintf(f, "samples %zu  aggregate %s%s", ex->opts.samples,
		    smooth_name(ex->opts.smooth), ex->opts.absolute ?
		    " of |gradient|" : "");
		break;
	case GS_METHOD_SALIENCY:
		fputs(ex->opts.absolute ? "absolute" : "signed", f);
		break;
	default:
		fputs("-", f);
		break;
	}
}

static void
export_text(FILE *f, const struct gs_export_info *info,
    const struct gs_explanation *ex)
{
	size_t	*order, i, j, w = 7;
	double	 sum = 0;

	fprintf(f, "row %zu  %s[%zu]  f(x) = %.6g", ex->row, info->output,
	    ex->target, ex->fx);
	if (!isnan(ex->base)) {
		for (i = 0; i < ex->d; i++)
			sum += ex->phi[i];
		fprintf(f, "  base = %.6g  sum(phi) = %.6g  gap = %+.3g",
		    ex->base, sum, ex->gap);
	}
	fputc('\n', f);
	fprintf(f, "method %s  ", method_name(ex->method));
	export_params(f, ex);
	fprintf(f, "  seed %" PRIu64 "\n", ex->opts.seed);
	if (ex->baseline != NULL)
		fprintf(f, "baseline %s (%s)", ex->baseline,
		    info->baseline_desc != NULL ? info->baseline_desc : "");
	else
		fputs("baseline none", f);
	fprintf(f, "  noise %s\n", ex->noise != NULL ? ex->noise : "none");

	order = xcalloc(ex->d, sizeof *order);
	for (i = 0; i < ex->d; i++) {
		order[i] = i;
		if (strlen(info->names[i]) > w)
			w = strlen(info->names[i]);
	}
	if (w > 40)
		w = 40;
	export_sort_ex = ex;
	qsort(order, ex->d, sizeof *order, export_cmp);
	fprintf(f, "  %-*s %12s %13s%s\n", (int)w, "feature", "value",
	    "attribution", ex->se != NULL ? "   std.err" : "");
	for (i = 0; i < ex->d; i++) {
		j = order[i];
		fprintf(f, "  %-*.*s %12.6g %+13.6g", (int)w, (int)w,
		    info->names[j], ex->value[j], ex->phi[j]);
		if (ex->se != NULL)
			fprintf(f, " %10.2g", ex->se[j]);
		fputc('\n', f);
	}
	if (ex->groups != NULL && ex->gphi != NULL) {
		fprintf(f, "  %-*s %12s %13s%s\n", (int)w, "group (members)",
		    "", "attribution", ex->gse != NULL ? "   std.err" : "");
		for (i = 0; i < ex->groups->n; i++) {
			char label[64];
			snprintf(label, sizeof label, "%s (%zu)",
			    ex->groups->names[i], ex->groups->start[i + 1] -
			    ex->groups->start[i]);
			fprintf(f, "  %-*.*s %12s %+13.6g", (int)w, (int)w,
			    label, "", ex->gphi[i]);
			if (ex->gse != NULL)
				fprintf(f, " %10.2g", ex->gse[i]);
			fputc('\n', f);
		}
	}
	fputc('\n', f);
	free(order);
}

static void
export_csv(FILE *f, const struct gs_export_info *info,
    const struct gs_explanation *ex)
{
	size_t	i;

	for (i = 0; i < ex->d; i++) {
		fprintf(f, "%zu,%zu,%s,", ex->row, ex->target,
		    method_name(ex->method));
		export_csv_field(f, info->names[i]);
		fputc(',', f);
		export_number(f, ex->value[i], 0);
		fputc(',', f);
		export_number(f, ex->phi[i], 0);
		fputc(',', f);
		if (ex->se != NULL)
			export_number(f, ex->se[i], 0);
		fputc('\n', f);
	}
	/* Groups: feature "group:NAME", no value. */
	for (i = 0; ex->groups != NULL && ex->gphi != NULL &&
	    i < ex->groups->n; i++) {
		char name[300];
		snprintf(name, sizeof name, "group:%s", ex->groups->names[i]);
		fprintf(f, "%zu,%zu,%s,", ex->row, ex->target,
		    method_name(ex->method));
		export_csv_field(f, name);
		fputs(",,", f);
		export_number(f, ex->gphi[i], 0);
		fputc(',', f);
		if (ex->gse != NULL)
			export_number(f, ex->gse[i], 0);
		fputc('\n', f);
	}
}

static void
export_json(FILE *f, const struct gs_export_info *info,
    const struct gs_explanation *ex)
{
	size_t	i;

	fprintf(f, "{\"row\":%zu,\"output\":%zu,\"output_name\":", ex->row,
	    ex->target);
	export_json_string(f, info->output);
	fprintf(f, ",\"method\":\"%s\",\"seed\":%" PRIu64 ",\"samples\":",
	    method_name(ex->method), ex->opts.seed);
	if (method_stochastic(ex->method))
		fprintf(f, "%zu", ex->samples_used);
	else
		fputs("null", f);
	fputs(",\"steps\":", f);
	if (ex->method == GS_METHOD_IG)
		fprintf(f, "%zu,\"rule\":\"%s\"", ex->opts.steps,
		    rule_name(ex->opts.rule));
	else
		fputs("null,\"rule\":null", f);
	fputs(",\"baseline\":", f);
	if (ex->baseline != NULL)
		export_json_string(f, ex->baseline);
	else
		fputs("null", f);
	fputs(",\"noise\":", f);
	if (ex->noise != NULL)
		export_json_string(f, ex->noise);
	else
		fputs("null", f);
	fputs(",\"fx\":", f);
	export_number(f, ex->fx, 1);
	fputs(",\"base\":", f);
	export_number(f, ex->base, 1);
	fputs(",\"gap\":", f);
	export_number(f, ex->gap, 1);
	fputs(",\"features\":[", f);
	for (i = 0; i < ex->d; i++) {
		fputs(i == 0 ? "{\"name\":" : ",{\"name\":", f);
		export_json_string(f, info->names[i]);
		fputs(",\"value\":", f);
		export_number(f, ex->value[i], 1);
		fputs(",\"attribution\":", f);
		export_number(f, ex->phi[i], 1);
		fputs(",\"stderr\":", f);
		export_number(f, ex->se != NULL ? ex->se[i] : NAN, 1);
		fputc('}', f);
	}
	fputc(']', f);
	if (ex->groups != NULL && ex->gphi != NULL) {
		size_t g, m;
		fputs(",\"groups\":[", f);
		for (g = 0; g < ex->groups->n; g++) {
			fputs(g == 0 ? "{\"name\":" : ",{\"name\":", f);
			export_json_string(f, ex->groups->names[g]);
			fputs(",\"members\":[", f);
			for (m = ex->groups->start[g];
			    m < ex->groups->start[g + 1]; m++) {
				if (m > ex->groups->start[g])
					fputc(',', f);
				export_json_string(f,
				    info->names[ex->groups->members[m]]);
			}
			fputs("],\"attribution\":", f);
			export_number(f, ex->gphi[g], 1);
			fputs(",\"stderr\":", f);
			export_number(f, ex->gse != NULL ? ex->gse[g] : NAN, 1);
			fputc('}', f);
		}
		fputc(']', f);
	}
	fputs("}\n", f);
}

void
export_explanation(FILE *f, enum gs_format fmt,
    const struct gs_export_info *info, const struct gs_explanation *ex)
{
	switch (fmt) {
	case GS_FORMAT_TEXT:
		export_text(f, info, ex);
		break;
	case GS_FORMAT_CSV:
		export_csv(f, info, ex);
		break;
	case GS_FORMAT_JSON:
		export_json(f, info, ex);
		break;
	default:
		break;
	}
}

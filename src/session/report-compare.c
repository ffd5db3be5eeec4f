/* SPDX-License-Identifier: ISC */
/*
 * The report's section on two models (report-compare.h): for each row
 * the two predictions, the per-feature differences with their paired SEs
 * and verdicts, a summary over the rows, and what reproduces it. Text
 * from files goes through svg_xml_text, as in the rest of the report.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/sha256.h"
#include "core/xmalloc.h"
#include "session/report.h"
#include "session/report-compare.h"
#include "session/reproduce.h"

/* Top-k of the agreement measure. */
#define REPORT_COMPARE_K	5

/* Feature indices of c by |A - B| descending, ties by index, into order. */
static void
report_compare_order(const struct gs_paired *c, size_t *order)
{
	size_t	i, j, t;

	for (i = 0; i < c->d; i++)
		order[i] = i;
	/* Insertion sort: d is small and ties must keep their index order. */
	for (i = 1; i < c->d; i++) {
		t = order[i];
		for (j = i; j > 0 && fabs(c->delta.phi[order[j - 1]]) <
		    fabs(c->delta.phi[t]); j--)
			order[j] = order[j - 1];
		order[j] = t;
	}
}

/* One row's comparison: the headline and the feature table. */
static void
report_compare_row(FILE *f, const struct gs_report *r,
    const struct gs_paired *c)
{
	const char	*se_kind = c->delta.se == NULL ? "none (deterministic)" :
	    c->paired ? "paired" : "unpaired bound";
	size_t		*order, i, j;

	fprintf(f, "<h2>Row %zu: ", c->a.row);
	svg_xml_text(f, r->model_name);
	fputs(" against ", f);
	svg_xml_text(f, r->pair->model_name);
	fputs("</h2>\n<table class=\"kv\">\n<tr><th>prediction A</th><td>", f);
	svg_xml_num(f, c->fa, 0);
	fputs("</td></tr>\n<tr><th>prediction B</th><td>", f);
	svg_xml_num(f, c->fb, 0);
	fprintf(f, "</td></tr>\n<tr><th>predictions</th><td%s>%s</td></tr>\n",
	    c->agree ? "" : " class=\"bad\"", c->agree ? "agree" : "differ");
	fprintf(f, "<tr><th>larger than noise</th><td>%zu of %zu features "
	    "(|A &minus; B| &gt; 1.96 SE)</td></tr>\n", c->larger, c->d);
	fprintf(f, "<tr><th>top-%d in common</th><td>%zu</td></tr>\n",
	    REPORT_COMPARE_K, compare_topk(c->a.phi, c->b.phi, c->d,
	    c->d < REPORT_COMPARE_K ? c->d : REPORT_COMPARE_K));
	fputs("<tr><th>SE of A &minus; B</th><td>", f);
	svg_xml_text(f, se_kind);
	if (c->direct)
		fputs(", estimated on f<sub>A</sub> &minus; f<sub>B</sub> "
		    "directly (a fitted plan)", f);
	fputs("</td></tr>\n</table>\n", f);
	fputs("<table class=\"all\">\n<thead><tr><th>feature</th>"
	    "<th class=\"num\">&phi; A</th><th class=\"num\">&phi; B</th>"
	    "<th class=\"num\">A &minus; B</th><th class=\"num\">SE</th>"
	    "<th class=\"num\">unpaired SE</th><th class=\"num\">rank A</th>"
	    "<th class=\"num\">rank B</th><th>verdict</th></tr></thead>\n"
	    "<tbody>\n", f);
	order = xcalloc(c->d + 1, sizeof *order);
	report_compare_order(c, order);
	for (i = 0; i < c->d; i++) {
		j = order[i];
		fputs("<tr><td>", f);
		svg_xml_text(f, r->names[j]);
		fputs("</td><td class=\"num\">", f);
		svg_xml_num(f, c->a.phi[j], 1);
		fputs("</td><td class=\"num\">", f);
		svg_xml_num(f, c->b.phi[j], 1);
		fputs("</td><td class=\"num\">", f);
		svg_xml_num(f, c->delta.phi[j], 1);
		fputs("</td><td class=\"num\">", f);
		svg_xml_num(f, c->delta.se != NULL ? c->delta.se[j] :
		    NAN, 0);
		fputs("</td><td class=\"num\">", f);
		svg_xml_num(f, c->se_unpaired != NULL ?
		    c->se_unpaired[j] : NAN, 0);
		fprintf(f, "</td><td class=\"num\">%zu</td><td class=\"num\">"
		    "%zu</td><td%s>", c->rank_a[j], c->rank_b[j],
		    c->verdict[j] == GS_CMP_LARGER ? " class=\"bad\"" : "");
		svg_xml_text(f, compare_verdict_name(c->verdict[j]));
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	free(order);
}

/* Over several rows: agreement and the rows that disagree most. */
static void
report_compare_summary(FILE *f, const struct gs_report *r)
{
	const struct gs_report_pair	*p = r->pair;
	struct gs_cmp_summary		 s;
	size_t				*order, i, n;

	compare_summary_init(&s, p->rows[0].d, REPORT_COMPARE_K);
	for (i = 0; i < p->n; i++)
		compare_summary_add(&s, &p->rows[i]);
	fprintf(f, "<table class=\"kv\">\n<tr><th>predictions agree</th>"
	    "<td>%zu of %zu rows</td></tr>\n<tr><th>top-%zu agreement</th>"
	    "<td>", s.agree, s.n, s.k);
	svg_xml_num(f, s.topk_sum / s.n, 0);
	fputs("</td></tr>\n<tr><th>largest change</th><td>", f);
	svg_xml_num(f, s.max_abs, 0);
	fputs(" (SE ", f);
	svg_xml_num(f, s.max_se, 0);
	fputs(") in ", f);
	svg_xml_text(f, r->names[s.max_feature]);
	fprintf(f, " on row %zu</td></tr>\n", s.max_row);
	order = xcalloc(s.n + 1, sizeof *order);
	n = compare_summary_same_pred(&s, order);
	fprintf(f, "<tr><th>same prediction, other reasons</th><td>%zu "
	    "rows", n);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%zu", i == 0 ? ": " : ", ", s.rows[order[i]].row);
	fprintf(f, " (top-%zu overlap under half, or rank correlation "
	    "below 0.5)</td></tr>\n", s.k);
	n = compare_summary_worst(&s, order);
	fputs("<tr><th>most different explanations</th><td>", f);
	for (i = 0; i < n && i < 5; i++)
		fprintf(f, "%srow %zu (%.3f)", i == 0 ? "" : ", ",
		    s.rows[order[i]].row, s.rows[order[i]].l1_rel);
	fputs(" (sum |A &minus; B| over the mean sum |&phi;|)</td></tr>\n"
	    "</table>\n", f);
	free(order);
	compare_summary_free(&s);
}

/* The command that reproduces the comparison: r's, with --compare-model. */
static void
report_compare_command(FILE *f, const struct gs_report *r)
{
	const char	*line = r->command, *nl;
	char		*q = NULL;
	size_t		 qlen = 0;

	if (line == NULL || r->pair->model_path == NULL) {
		fputs("<p>No command reproduces these numbers", f);
		if (r->no_command != NULL) {
			fputs(": ", f);
			svg_xml_text(f, r->no_command);
		}
		fputs(".</p>\n", f);
		return;
	}
	reproduce_quote(&q, &qlen, r->pair->model_path);
	fputs("<pre>", f);
	while (*line != '\0') {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line);
		fprintf(f, "%.*s --compare-model ", (int)(nl - line), line);
		svg_xml_text(f, q);
		if (*nl == '\n')
			fputc('\n', f);
		line = *nl == '\n' ? nl + 1 : nl;
	}
	fputs("</pre>\n", f);
	free(q);
}

int
report_compare_write(FILE *f, const struct gs_report *r,
    struct gs_error *err)
{
	const struct gs_report_pair	*p = r->pair;
	const struct gs_paired		*c0;
	char				 hex[GS_SHA256_HEX];
	size_t				 i;

	if (p == NULL || p->n == 0)
		return (0);
	c0 = &p->rows[0];
	fputs("<section class=\"compare\" id=\"compare\">\n<h1>Two models, "
	    "the same draws</h1>\n<p class=\"sub\">", f);
	svg_xml_text(f, r->model_name);
	fputs(" (A) against ", f);
	svg_xml_text(f, p->model_name);
	fprintf(f, " (B), both explained by %s with %zu samples, seed %llu, "
	    "the same baselines, draws and plan (common random numbers). A "
	    "difference A &minus; B is larger than noise when it exceeds "
	    "1.96 times its standard error; the paired SE comes from the "
	    "per-draw differences, and where it is above the unpaired one "
	    "the two models' draws were negatively correlated (both are "
	    "shown).</p>\n", method_name(c0->a.method), c0->a.samples_used,
	    (unsigned long long)c0->a.opts.seed);
	fputs("<table class=\"kv\">\n<tr><th>model B</th><td>", f);
	svg_xml_text(f, p->model_name);
	fputs("</td></tr>\n", f);
	if (p->model_path != NULL) {
		if (p->model_sha256 == NULL && sha256_file(p->model_path, hex,
		    err) != 0)
			return (-1);
		fputs("<tr><th>file</th><td class=\"hash\">", f);
		svg_xml_text(f, p->model_path);
		fputs("</td></tr>\n<tr><th>SHA-256</th><td class=\"hash\">",
		    f);
		svg_xml_text(f, p->model_sha256 != NULL ?
		    p->model_sha256 : hex);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	if (p->n > 1)
		report_compare_summary(f, r);
	for (i = 0; i < p->n; i++)
		report_compare_row(f, r, &p->rows[i]);
	fputs("<h2>Reproduce</h2>\n", f);
	report_compare_command(f, r);
	fputs("</section>\n", f);
	return (0);
}

/* SPDX-License-Identifier: ISC */
/*
 * The HTML report: a section per row (the decision, the principal reasons
 * in words, flags, figures, every attribution to nine digits, as --format
 * json prints them), then provenance and the reproducing command. Text
 * from files goes through svg_xml_text; numbers a reader acts on carry
 * their 95% interval; nothing needs a script or a file beside it.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/trust.h"
#include "core/sha256.h"
#include "core/xmalloc.h"
#include "data/encode.h"
#include "data/impute.h"
#include "session/report.h"
#include "session/report-compare.h"

/* Print on A4, read on a screen; figures scale to the column. */
static const char report_css[] =
"@page { size: A4; margin: 15mm 15mm 18mm; }\n"
"body { font-family: \"DejaVu Sans\", Helvetica, Arial, sans-serif;\n"
"  font-size: 10pt; line-height: 1.35; color: #222; max-width: 180mm;\n"
"  margin: 0 auto; padding: 4mm 0; }\n"
"h1 { font-size: 16pt; margin: 0 0 1mm; }\n"
"h2 { font-size: 12pt; margin: 5mm 0 1.5mm; padding-bottom: 0.5mm;\n"
"  border-bottom: 0.3mm solid #999; break-after: avoid; }\n"
"p.sub { color: #555; margin: 0 0 3mm; }\n"
"table { border-collapse: collapse; }\n"
"th, td { text-align: left; padding: 0.5mm 2.5mm 0.5mm 0;\n"
"  vertical-align: top; }\n"
"table.kv th { font-weight: normal; color: #555; white-space: nowrap; }\n"
"table.all { font-size: 8.5pt; width: 100%; }\n"
"table.all thead th { border-bottom: 0.3mm solid #999; }\n"
"table.all td.num, table.all th.num { text-align: right;\n"
"  font-variant-numeric: tabular-nums; }\n"
"td.hash, code { font-family: \"DejaVu Sans Mono\", monospace;\n"
"  font-size: 8.5pt; word-break: break-all; }\n"
"figure { margin: 2mm 0 4mm; break-inside: avoid; }\n"
"figcaption { color: #555; font-size: 9pt; }\n"
"svg { max-width: 100%; height: auto; }\n"
"ol.reasons li { margin-bottom: 1mm; }\n"
"ul.flags li { color: #8a4b00; }\n"
".bad { color: #b00020; font-weight: bold; }\n"
"pre { white-space: pre-wrap; word-break: break-all; background: #f3f3f3;\n"
"  padding: 2mm; }\n"
"section.row + section.row, section.provenance { break-before: page; }\n";

/* A number as --format json prints it (%.9g; empty for NaN). */
static void
report_exact(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.9g", v);
}

/* "P(bad)", or "prob[0]": the output and element explained. */
static void
report_output(FILE *f, const struct gs_report *r,
    const struct gs_report_row *row)
{
	if (row->label != NULL)
		svg_xml_text(f, row->label);
	else {
		svg_xml_text(f, r->output);
		fprintf(f, "[%zu]", row->ex->target);
	}
}

/* Feature k of row (a row of its features). */
static const struct gs_feature_row *
report_fr(const struct gs_report_row *row, size_t k)
{
	return (&row->fs->rows[k]);
}

/*
 * "name = value" of feature k (a category's level, a number to 4
 * digits), or the name alone.
 */
static void
report_feature(FILE *f, const struct gs_report_row *row, size_t k)
{
	const struct gs_feature_row *fr = report_fr(row, k);

	svg_xml_text(f, fr->name);
	if (fr->level != NULL) {
		fputs(" = ", f);
		svg_xml_text(f, fr->level);
	} else if (isfinite(fr->value)) {
		/* Six digits, as the terminal shows a value: 99999, not 1e+05. */
		fprintf(f, " = %.6g", fr->value);
	}
}

/*
 * Whether feature k's value lies outside the data: -1 below its least
 * number, 1 above its greatest, 2 a level it never had, 0 inside (or
 * unknown).
 */
static int
report_outside(const struct gs_report *r, const struct gs_report_row *row,
    size_t k)
{
	const struct gs_feature_row *fr = report_fr(row, k);
	const struct gs_range	*rg;

	if (r->ranges == NULL || fr->first >= row->ex->d)
		return (0);
	rg = &r->ranges[fr->first];
	if (fr->level != NULL)
		return (rg->nlevels > 0 && range_level(rg, fr->level) < 0 ? 2 :
		    0);
	if (fr->width != 1)
		return (0);
	return (range_outside(rg, fr->value));
}

/* Whether feature k has a note (imputed, outside the data). */
static int
report_noted(const struct gs_report *r, const struct gs_report_row *row,
    size_t k)
{
	return (report_fr(row, k)->imputed != 0 ||
	    report_outside(r, row, k) != 0);
}

/*
 * The notes on feature k in words: "imputed: median", "outside the data:
 * max 1200" (the data's greatest value; least: min).
 */
static void
report_notes(FILE *f, const struct gs_report *r,
    const struct gs_report_row *row, size_t k)
{
	const struct gs_feature_row *fr = report_fr(row, k);
	int	out = report_outside(r, row, k), n = 0;

	if (fr->imputed != 0) {
		fputs("imputed: ", f);
		svg_xml_text(f, impute_name((enum gs_impute)fr->imputed));
		n++;
	}
	if (out == 2)
		fprintf(f, "%soutside the data: a level it never had", n > 0 ?
		    "; " : "");
	else if (out != 0) {
		fprintf(f, "%soutside the data: %s %.6g", n > 0 ? "; " : "",
		    out < 0 ? "min" : "max", out < 0 ? r->ranges[fr->first].min :
		    r->ranges[fr->first].max);
	}
}

/* The decision: what was explained and how far to trust the sum. */
static void
report_decision(FILE *f, const struct gs_report *r,
    const struct gs_report_row *row)
{
	const struct gs_explanation *ex = row->ex;
	char	buf[160];
	double	sum = 0;
	size_t	j;

	for (j = 0; j < ex->d; j++)
		sum += ex->phi[j];
	fputs("<h2>Decision</h2>\n<table class=\"kv decision\">\n", f);
	fputs("<tr><th>Model</th><td>", f);
	svg_xml_text(f, r->model_name);
	fputs("</td></tr>\n<tr><th>Output</th><td class=\"output\">", f);
	report_output(f, r, row);
	fputs(" (", f);
	svg_xml_text(f, r->output);
	fprintf(f, "[%zu]", ex->target);
	if (r->scale != NULL) {
		fputs(", ", f);
		svg_xml_text(f, r->scale);
	}
	fputc(')', f);
	fputs("</td></tr>\n", f);
	if (row->class_name != NULL) {
		fputs("<tr><th>Class</th><td class=\"class\">", f);
		svg_xml_text(f, row->class_name);
		fputs("</td></tr>\n", f);
	}
	fputs("<tr><th>f(x)</th><td class=\"fx\">", f);
	svg_xml_num(f, ex->fx, 0);
	fputs("</td></tr>\n<tr><th>Base</th><td>", f);
	if (isnan(ex->base))
		fprintf(f, "none (%s explains gradients, not a difference from a "
		    "base)", method_name(ex->method));
	else {
		svg_xml_num(f, ex->base, 0);
		fputs(" = ", f);
		svg_xml_text(f, explanation_base_label(ex, 1, buf, sizeof buf));
	}
	fputs("</td></tr>\n<tr><th>Sum of attributions</th><td>", f);
	svg_xml_num(f, sum, 1);
	fputs("</td></tr>\n", f);
	if (!isnan(ex->base)) {
		fputs("<tr><th>Completeness gap</th><td>", f);
		svg_xml_num(f, ex->gap, 1);
		if (isfinite(ex->gap_se) && ex->gap_se > 0) {
			fputs(" (SE ", f);
			svg_xml_num(f, ex->gap_se, 0);
			fputc(')', f);
		}
		fprintf(f, ", <span class=\"%s\">%s</span>",
		    ex->gap_verdict == GS_GAP_LARGER ? "bad" : "verdict",
		    gap_verdict_name(ex->gap_verdict));
		if (*gap_verdict_hint(ex) != '\0') {
			fputs(": ", f);
			svg_xml_text(f, gap_verdict_hint(ex));
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* The principal reasons in words, toward the unfavourable side. */
static void
report_reasons(FILE *f, const struct gs_report *r,
    const struct gs_report_row *row)
{
	const struct gs_explanation *ex = row->ex;
	struct gs_reason	*rs;
	size_t			 n, i, g, m;
	int			 lower = row->adverse == GS_ADVERSE_LOWER;
	int			 feat;

	rs = xcalloc(r->reasons.k + 1, sizeof *rs);
	feat = reasons_from_features(ex, row->fs, &r->reasons);
	n = reasons_pick(ex, r->names, row->fs, &r->reasons, row->adverse, rs);
	fputs("<h2>Principal reasons</h2>\n<p class=\"sub\">The features "
	    "that pushed ", f);
	report_output(f, r, row);
	fprintf(f, " furthest toward the unfavourable side (a %s output), "
	    "largest first; &#177; is the 95%% interval.</p>\n", lower ?
	    "lower" : "higher");
	if (n == 0) {
		fputs("<p>No feature pushed the output the unfavourable "
		    "way.</p>\n", f);
		free(rs);
		return;
	}
	fputs("<ol class=\"reasons\">\n", f);
	for (i = 0; i < n; i++) {
		fputs("<li>", f);
		if (feat) {
			report_feature(f, row, rs[i].idx);
			if (report_noted(r, row, rs[i].idx)) {
				fputs(" (", f);
				report_notes(f, r, row, rs[i].idx);
				fputc(')', f);
			}
		} else {
			g = rs[i].idx;
			m = ex->groups->start[g + 1] - ex->groups->start[g];
			svg_xml_text(f, rs[i].name);
			if (m == 1 && isfinite(rs[i].value)) {
				fputs(" = ", f);
				svg_xml_num(f, rs[i].value, 0);
			} else if (m > 1)
				fprintf(f, " (%zu features together)", m);
		}
		fprintf(f, " %s ", rs[i].phi < 0 ? "lowered" : "raised");
		report_output(f, r, row);
		/* Three digits, as the terminal and the figures show it. */
		fprintf(f, " by %.3g", fabs(rs[i].phi));
		if (isfinite(rs[i].se))
			fprintf(f, " &#177; %.2g", 1.96 * rs[i].se);
		fputs(".", f);
		if (rs[i].tie)
			fputs(" <span class=\"tie\">(Its order against the next "
			    "one is not claimed: their intervals overlap.)"
			    "</span>", f);
		fputs("</li>\n", f);
	}
	fputs("</ol>\n", f);
	free(rs);
}

/* The features' attributions and SEs (NaN: none) into phi and se. */
static int
report_feature_phi(const struct gs_report_row *row, double *phi, double *se)
{
	size_t	k;
	int	has_se = 0;

	for (k = 0; k < row->fs->n; k++) {
		phi[k] = report_fr(row, k)->phi;
		se[k] = report_fr(row, k)->se;
		has_se |= !isnan(se[k]);
	}
	return (has_se);
}

/*
 * Every flag the terminal shows: imputed cells, values outside the data's
 * range, ranks not claimed among the rows the figures show, a gap larger
 * than its noise, attributions that are not numbers.
 */
static void
report_flags(FILE *f, const struct gs_report *r,
    const struct gs_report_row *row)
{
	const struct gs_explanation *ex = row->ex;
	const struct gs_feature_row *fr;
	size_t	*order, j, k, shown, nflags = 0, n = row->fs->n;
	double	*phi, *se;
	int	*tie, has_se;

	order = xcalloc(n + 1, sizeof *order);
	tie = xcalloc(n + 1, sizeof *tie);
	phi = xcalloc(n + 1, sizeof *phi);
	se = xcalloc(n + 1, sizeof *se);
	has_se = report_feature_phi(row, phi, se);
	explanation_order(phi, n, order, NULL);
	/* Neighbours whose 95% intervals overlap, as the terminal's "~". */
	for (k = 0; has_se && k + 1 < n; k++)
		tie[k] = fabs(phi[order[k]]) - 1.96 * se[order[k]] <=
		    fabs(phi[order[k + 1]]) + 1.96 * se[order[k + 1]];
	fputs("<h2>Flags</h2>\n<ul class=\"flags\">\n", f);
	for (k = 0; k < n; k++) {
		j = order[k];
		fr = report_fr(row, j);
		if (fr->imputed != 0) {
			fputs("<li class=\"flag imputed\">", f);
			report_feature(f, row, j);
			fputs(" (imputed: ", f);
			svg_xml_text(f, impute_name((enum gs_impute)fr->imputed));
			fputs("): not the row's data but what the missing-value "
			    "policy filled in</li>\n", f);
			nflags++;
		}
		if (report_outside(r, row, j) != 0) {
			fputs("<li class=\"flag range\">", f);
			report_feature(f, row, j);
			fputs(" (", f);
			report_notes(f, r, row, j);
			fputs("): beyond every value of ", f);
			if (r->ranges_from != NULL)
				svg_xml_text(f, strrchr(r->ranges_from, '/') !=
				    NULL ? strrchr(r->ranges_from, '/') + 1 :
				    r->ranges_from);
			else
				fputs("the data", f);
			fputs("</li>\n", f);
			nflags++;
		}
		if (!isfinite(phi[j])) {
			fputs("<li class=\"flag nan\">", f);
			svg_xml_text(f, fr->name);
			fputs(": no attribution (the model gave a value that is "
			    "not a number)</li>\n", f);
			nflags++;
		}
	}
	(void)ex;
	/*
	 * Ties among the rows a figure shows (the k - 1 largest), as chains
	 * of neighbours whose 95% intervals overlap one to the next.
	 */
	shown = r->svg.k > 1 && r->svg.k - 1 < n ? r->svg.k - 1 : n;
	for (k = 0; k + 1 < shown; k++) {
		if (!tie[k])
			continue;
		fputs("<li class=\"flag tie\">Ranks not claimed: ", f);
		svg_xml_text(f, report_fr(row, order[k])->name);
		for (; k + 1 < shown && tie[k]; k++) {
			fputs(k + 2 < shown && tie[k + 1] ? ", " : " and ", f);
			svg_xml_text(f, report_fr(row, order[k + 1])->name);
		}
		fputs(" (each one's 95% interval overlaps the next one's, so "
		    "their order is not claimed)</li>\n", f);
		nflags++;
	}
	if (ex->gap_verdict == GS_GAP_LARGER) {
		fputs("<li class=\"flag gap\">The completeness gap is larger "
		    "than its noise", f);
		if (*gap_verdict_hint(ex) != '\0') {
			fputs(": ", f);
			svg_xml_text(f, gap_verdict_hint(ex));
		}
		fputs("</li>\n", f);
		nflags++;
	}
	if (nflags == 0)
		fputs("<li class=\"none\">None: no imputed cells, no value "
		    "outside the data's range, every rank shown is claimed."
		    "</li>\n", f);
	fputs("</ul>\n", f);
	free(order);
	free(tie);
	free(phi);
	free(se);
}

/* The figures, inline. */
static void
report_figures(FILE *f, const struct gs_report *r,
    const struct gs_report_row *row)
{
	const struct gs_explanation *ex = row->ex;
	static const struct {
		enum gs_figure	 fig;
		const char	*caption;
	} figs[] = {
		{ GS_FIGURE_BAR, "Attributions with 95% error bars; the "
		  "smallest summed in the last row." },
		{ GS_FIGURE_WATERFALL, "From the base (bottom) to f(x) (top), "
		  "one step per feature." },
		{ GS_FIGURE_FORCE, "Pushes up (left of f(x)) and down (right "
		  "of it), largest nearest." },
		{ GS_FIGURE_HEAT, "The input beside its attribution." },
	};
	struct gs_svg_opts	o = r->svg;
	size_t			i;

	fputs("<h2>Figures</h2>\n", f);
	for (i = 0; i < sizeof figs / sizeof figs[0]; i++) {
		if (figs[i].fig == GS_FIGURE_HEAT && o.img_h == 0)
			continue;
		if (figs[i].fig != GS_FIGURE_BAR && figs[i].fig !=
		    GS_FIGURE_HEAT && isnan(ex->base))
			continue;
		o.figure = figs[i].fig;
		o.inline_svg = 1;
		o.features = row->fs;
		o.label = row->label;
		fputs("<figure>\n", f);
		svg_write(f, ex, r->names, r->output, &o);
		fprintf(f, "<figcaption>%s</figcaption>\n</figure>\n",
		    figs[i].caption);
	}
}

/* Every attribution, as --format json prints it (its features). */
static void
report_table(FILE *f, const struct gs_report *r,
    const struct gs_report_row *row)
{
	const struct gs_feature_row *fr;
	size_t	*order, *lo = NULL, *hi = NULL, k, j, n = row->fs->n;
	double	*phi, *se;

	order = xcalloc(n + 1, sizeof *order);
	phi = xcalloc(n + 1, sizeof *phi);
	se = xcalloc(n + 1, sizeof *se);
	if (report_feature_phi(row, phi, se)) {
		lo = xcalloc(n + 1, sizeof *lo);
		hi = xcalloc(n + 1, sizeof *hi);
		metrics_rank_range(phi, se, n, lo, hi);
	}
	explanation_order(phi, n, order, NULL);
	fputs("<h2>All attributions</h2>\n<p class=\"sub\">To nine "
	    "significant digits, as <code>--format json</code> prints them; "
	    "rank is the range of places the 95% intervals allow.", f);
	if (row->fs->grouped)
		fputs(" A category's attribution is the sum over its one-hot "
		    "levels.", f);
	fputs("</p>\n<table class=\"all\">\n<thead><tr><th>feature</th>"
	    "<th class=\"num\">value</th><th class=\"num\">attribution</th>"
	    "<th class=\"num\">SE</th><th class=\"num\">rank</th><th>notes"
	    "</th></tr></thead>\n<tbody>\n", f);
	for (k = 0; k < n; k++) {
		j = order[k];
		fr = report_fr(row, j);
		fputs("<tr class=\"feature\"><td class=\"name\">", f);
		svg_xml_text(f, fr->name);
		fputs("</td><td class=\"num value\">", f);
		if (fr->level != NULL)
			svg_xml_text(f, fr->level);
		else
			report_exact(f, fr->value);
		fputs("</td><td class=\"num phi\">", f);
		report_exact(f, fr->phi);
		fputs("</td><td class=\"num se\">", f);
		report_exact(f, fr->se);
		fputs("</td><td class=\"num rank\">", f);
		if (lo != NULL && lo[j] > 0 && lo[j] != hi[j])
			fprintf(f, "%zu&#8211;%zu", lo[j], hi[j]);
		else if (lo != NULL && lo[j] > 0)
			fprintf(f, "%zu", lo[j]);
		else if (lo == NULL && isfinite(fr->phi))
			fprintf(f, "%zu", k + 1);
		fputs("</td><td>", f);
		report_notes(f, r, row, j);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	free(order);
	free(lo);
	free(hi);
	free(phi);
	free(se);
}

/* A provenance line: th, then the value as text. */
static void
report_kv(FILE *f, const char *key, const char *value)
{
	fprintf(f, "<tr><th>%s</th><td>", key);
	svg_xml_text(f, value);
	fputs("</td></tr>\n", f);
}

/* Provenance and the command, once for all rows (the first row's run). */
static int
report_provenance(FILE *f, const struct gs_report *r,
    const struct gs_report_row *rows, size_t n, struct gs_error *err)
{
	const struct gs_explanation *ex = rows[0].ex;
	char	mh[GS_SHA256_HEX], dh[GS_SHA256_HEX], buf[256];

	if (r->model_sha256 != NULL)
		snprintf(mh, sizeof mh, "%s", r->model_sha256);
	else if (sha256_file(r->model_path, mh, err) != 0)
		return (-1);
	if (r->data_sha256 != NULL)
		snprintf(dh, sizeof dh, "%s", r->data_sha256);
	else if (sha256_file(r->data_path, dh, err) != 0)
		return (-1);
	fputs("<section class=\"provenance\">\n<h2>Provenance</h2>\n"
	    "<table class=\"kv provenance\">\n", f);
	report_kv(f, "gshap", r->version);
	report_kv(f, "model", r->model_name);
	report_kv(f, "model file", r->model_path);
	fprintf(f, "<tr><th>model SHA-256</th><td class=\"hash\" "
	    "id=\"model-sha256\">%s</td></tr>\n", mh);
	report_kv(f, "data", r->data_name);
	report_kv(f, "data file", r->data_path);
	fprintf(f, "<tr><th>data SHA-256</th><td class=\"hash\" "
	    "id=\"data-sha256\">%s</td></tr>\n", dh);
	if (r->schema_path != NULL) {
		if (sha256_file(r->schema_path, dh, err) != 0)
			return (-1);
		report_kv(f, "schema file", r->schema_path);
		fprintf(f, "<tr><th>schema SHA-256</th><td class=\"hash\" "
		    "id=\"schema-sha256\">%s</td></tr>\n", dh);
	}
	if (n == 1)
		snprintf(buf, sizeof buf, "%zu (of %zu)", ex->row, r->data_rows);
	else
		snprintf(buf, sizeof buf, "%zu rows: %zu to %zu (of %zu)", n,
		    rows[0].ex->row, rows[n - 1].ex->row, r->data_rows);
	report_kv(f, "row", buf);
	report_kv(f, "method", method_name(ex->method));
	method_describe(ex, GS_DESCRIBE_TEXT, NULL, buf, sizeof buf);
	report_kv(f, "parameters", buf[0] != '\0' ? buf : "none");
	if (method_stochastic(ex->method)) {
		snprintf(buf, sizeof buf, "%zu", ex->samples_used);
		report_kv(f, "samples used", buf);
	}
	if (ex->baseline != NULL) {
		snprintf(buf, sizeof buf, "%s%s%s%s", ex->baseline,
		    ex->baseline_desc != NULL ? " (" : "", ex->baseline_desc !=
		    NULL ? ex->baseline_desc : "", ex->baseline_desc != NULL ?
		    ")" : "");
		report_kv(f, "baseline", buf);
	} else
		report_kv(f, "baseline", "none");
	report_kv(f, "noise", ex->noise != NULL ? ex->noise : "none");
	report_kv(f, "groups", r->groups != NULL ? r->groups : "none");
	report_kv(f, "missing cells", r->impute_how != NULL ? r->impute_how :
	    "refused");
	report_kv(f, "value ranges from", r->ranges_from != NULL ?
	    r->ranges_from : "the data file");
	snprintf(buf, sizeof buf, "%" PRIu64, ex->opts.seed);
	report_kv(f, "seed", buf);
	if (r->threads == 0)
		snprintf(buf, sizeof buf, "one per processor (results do not "
		    "depend on it)");
	else
		snprintf(buf, sizeof buf, "%zu (results do not depend on it)",
		    r->threads);
	report_kv(f, "threads", buf);
	snprintf(buf, sizeof buf, "%zu", ex->opts.batch);
	report_kv(f, "batch", buf);
	fputs("</table>\n", f);
	if (r->command != NULL) {
		fputs("<h2>Reproduce</h2>\n<p class=\"sub\">With the files "
		    "above (check their SHA-256), this command prints the "
		    "attributions of this report to the last digit, on any "
		    "number of threads:</p>\n<pre><code id=\"command\">", f);
		svg_xml_text(f, r->command);
		fputs("</code></pre>\n", f);
	} else if (r->no_command != NULL) {
		fputs("<h2>Reproduce</h2>\n<p>No command reproduces this run: ",
		    f);
		svg_xml_text(f, r->no_command);
		fputs(".</p>\n", f);
	}
	fputs("</section>\n", f);
	return (0);
}

int
report_write(FILE *f, const struct gs_report *r,
    const struct gs_report_row *rows, size_t n, struct gs_error *err)
{
	const struct gs_explanation *ex;
	size_t	i;

	if (n == 0)
		return (gs_error_set(err, GS_EINVAL, "no rows to report on"));
	if (r->names == NULL)
		return (gs_error_set(err, GS_EINVAL, "the model's inputs have "
		    "no names to report"));
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
	    "charset=\"utf-8\">\n<meta name=\"generator\" content=\"gshap ",
	    f);
	svg_xml_text(f, r->version);
	fputs("\">\n<title>gshap report: ", f);
	svg_xml_text(f, r->model_name);
	if (n == 1)
		fprintf(f, ", row %zu", rows[0].ex->row);
	else
		fprintf(f, ", %zu rows", n);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n",
	    report_css);
	for (i = 0; i < n; i++) {
		ex = rows[i].ex;
		fprintf(f, "<section class=\"row\" id=\"row-%zu\">\n<h1>Why ",
		    ex->row);
		report_output(f, r, &rows[i]);
		fputs(" = ", f);
		svg_xml_num(f, ex->fx, 0);
		fprintf(f, " for row %zu</h1>\n<p class=\"sub\">", ex->row);
		svg_xml_text(f, r->model_name);
		fputs(" on ", f);
		svg_xml_text(f, r->data_name);
		fprintf(f, ", explained by %s (seed %" PRIu64 ").</p>\n",
		    method_name(ex->method), ex->opts.seed);
		report_decision(f, r, &rows[i]);
		report_reasons(f, r, &rows[i]);
		report_flags(f, r, &rows[i]);
		report_figures(f, r, &rows[i]);
		report_table(f, r, &rows[i]);
		fputs("</section>\n", f);
	}
	if (r->pair != NULL && report_compare_write(f, r, err) != 0)
		return (-1);
	if (report_provenance(f, r, rows, n, err) != 0)
		return (-1);
	fputs("</body>\n</html>\n", f);
	return (0);
}

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

#include "attr/trust.h"
#include "core/dtoa.h"
#include "core/visible.h"
#include "core/xmalloc.h"
#include "data/impute.h"
#include "session/export.h"
#include "session/png.h"
#include "session/features.h"
#include "session/session.h"
#include "session/textchart.h"
#include "session/reasons.h"
#include "session/svg.h"

static const char *export_format_names[] = { "text", "csv", "json",
    "svg", "reasons", "reasons-json", "png" };
_Static_assert(sizeof export_format_names / sizeof export_format_names[0] ==
    GS_FORMAT_COUNT, "export_format_names out of step with enum gs_format");

int
export_format_parse(const char *s, enum gs_format *out, struct gs_error *err)
{
	int	i;

	for (i = 0; i < GS_FORMAT_COUNT; i++) {
		if (strcmp(s, export_format_names[i]) == 0) {
			*out = i;
			return (0);
		}
	}
	return (gs_error_set(err, GS_EINVAL, "unknown format '%s' (text, "
	    "csv, json, svg, png, reasons, reasons-json)", s));
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
	size_t		 n;

	fputc('"', f);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		/* A run of printable ASCII as it is, in one write. */
		for (n = 0; p[n] >= 0x20 && p[n] < 0x7f && p[n] != '"' &&
		    p[n] != '\\'; n++)
			;
		if (n > 0) {
			fwrite(p, 1, n, f);
			p += n;
			if (*p == '\0')
				break;
		}
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
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else if (*p < 0x80)
				fputc(*p, f);
			else if ((n = visible_utf8_len((const char *)p)) == 0)
				fputs("\\ufffd", f);	/* not UTF-8 */
			else if (p[0] == 0xc2 && p[1] < 0xa0) {
				/* A C1 control: escaped, as the ones below 0x20. */
				fprintf(f, "\\u%04x", p[1]);
				p++;
			} else {
				fwrite(p, 1, n, f);
				p += n - 1;
			}
		}
	}
	fputc('"', f);
}

void
export_json_string_or_null(FILE *f, const char *s)
{
	if (s != NULL)
		export_json_string(f, s);
	else
		fputs("null", f);
}

/*
 * A number for CSV (empty when NaN) or JSON (null when NaN): printf's
 * %.9g text, written by dtoa_g9 at a quarter of printf's cost.
 */
static void
export_number(FILE *f, double v, int json)
{
	if (isnan(v) || isinf(v)) {
		if (json)
			fputs("null", f);
		return;
	}
	dtoa_put(v, f);
}

/*
 * The CSV columns: per feature, then per row (repeated on each of the
 * row's lines, so that a line can be reproduced and judged on its own),
 * then the quality metrics (empty without --metrics). One fixed set, so
 * that files of different runs line up.
 */
static const char export_csv_header[] =
    "row,output,method,feature,value,attribution,stderr,rank,"
    "fx,base,base_kind,base_label,gap,gap_se,gap_verdict,"
    "seed,samples,steps,rule,plan,baseline,noise,tol,tol_met,exact_to,"
    "pieces,"
    "infidelity,infidelity_rel,max_sensitivity,deletion_auc,"
    "insertion_auc,rank_correlation,seed_sd,seed_rank_lo,seed_rank_hi,"
    "model_rounds,output_name,imputed";

void
export_features(struct gs_features *fs, const struct gs_export_info *info,
    const struct gs_explanation *ex)
{
	if (info->s != NULL)
		features_get(fs, info->s, info->names, info->impute, ex);
	else
		features_get_data(fs, info->ds, info->sel, info->names,
		    info->impute, ex);
}

/* export_features without the values' texts (CSV and JSON write numbers). */
static void
export_features_values(struct gs_features *fs,
    const struct gs_export_info *info, const struct gs_explanation *ex)
{
	if (info->s != NULL)
		features_get_values(fs, info->s->data, &info->s->sel,
		    info->names, info->impute, ex);
	else
		features_get_values(fs, info->ds, info->sel, info->names,
		    info->impute, ex);
}

void
export_begin(FILE *f, enum gs_format fmt)
{
	if (fmt == GS_FORMAT_CSV)
		fprintf(f, "%s\n", export_csv_header);
	else if (fmt == GS_FORMAT_REASONS)
		reasons_begin(f);
}

/* What element k of the output is called: "P(benign)", or "prob[0]". */
static const char *
export_output_label(const struct gs_export_info *info, size_t k, char *buf,
    size_t size)
{
	if (info->s != NULL && info->s->model != NULL)
		return (session_output_label(info->s, k, buf, size));
	if (info->label != NULL) {
		snprintf(buf, size, "%s", info->label);
		return (buf);
	}
	snprintf(buf, size, "%s[%zu]", info->output != NULL ? info->output :
	    "", k);
	return (buf);
}

/* The name a record gives its output: the class's, else the graph output's. */
static const char *
export_output_name(const struct gs_export_info *info, size_t k)
{
	const char	*name = info->s != NULL ?
	    session_class_name(info->s, k) : info->class_name;

	return (name != NULL ? name : info->output != NULL ? info->output : "");
}

/* Text lines on --tol, exact IG's rule errors and the metrics. */
static void
export_trust_text(FILE *f, const struct gs_explanation *ex, int after)
{
	const struct gs_metrics	*m = ex->metrics;
	int			 r;

	if (!after && method_info(ex->method)->unit == GS_UNIT_REGIONS &&
	    ex->tol_met >= 0)
		fprintf(f, "exact to %.2g (tolerance %.2g %s) in %zu pieces\n",
		    ex->bound, ex->tol, ex->tol_met ? "met" : "NOT met",
		    ex->samples_used);
	else if (!after && ex->tol_met >= 0)
		fprintf(f, "tolerance %.3g %s after %zu %s\n", ex->tol,
		    ex->tol_met ? "met" : "NOT met (budget spent)",
		    ex->samples_used, method_unit_name(
		    method_info(ex->method)->unit));
	if (!after && ex->quad_err != NULL) {
		fprintf(f, "rule errors at %zu steps (largest |phi - exact|):",
		    ex->opts.steps);
		for (r = 0; r < GS_RULE_COUNT; r++)
			fprintf(f, " %s %.2g", rule_name(r), ex->quad_err[r]);
		fputc('\n', f);
	}
	if (!after || m == NULL)
		return;
	fprintf(f, "metrics  infidelity %.3g (relative %.3g, %zu subsets)",
	    m->infidelity, m->infidelity_rel, m->perturb);
	if (!isnan(m->sensitivity))
		fprintf(f, "  max-sensitivity %.3g (%zu at %.3g sd)",
		    m->sensitivity, m->sens_samples, m->radius);
	fprintf(f, "\n         deletion AUC %.4g  insertion AUC %.4g "
	    "(%zu points)\n", m->del_auc, m->ins_auc, m->npoints);
	if (m->seeds > 0)
		fprintf(f, "         over %zu more seeds: rank correlation "
		    "%.3f (columns seed.sd and ranks)\n", m->seeds,
		    m->rank_corr);
}

void
export_metrics_text(FILE *f, const struct gs_explanation *ex)
{
	export_trust_text(f, ex, 1);
}

/* The end of a feature's text line: stability and the rank tie marker. */
static void
export_trust_row(FILE *f, const struct gs_explanation *ex, size_t j,
    int tie)
{
	const struct gs_metrics	*m = ex->metrics;

	if (m != NULL && m->seeds > 0)
		fprintf(f, " %9.2g %3zu-%-3zu", m->phi_sd[j], m->rank_lo[j],
		    m->rank_hi[j]);
	if (tie)
		fputs("  ~", f);
}

/* The metrics columns of a CSV line (j: as for export_csv_tail). */
static void
export_csv_metrics(FILE *f, const struct gs_metrics *m, long j)
{
	double	v[6];
	int	i;

	v[0] = m->infidelity;
	v[1] = m->infidelity_rel;
	v[2] = m->sensitivity;
	v[3] = m->del_auc;
	v[4] = m->ins_auc;
	v[5] = m->seeds > 0 ? m->rank_corr : NAN;
	for (i = 0; i < 6; i++) {
		fputc(',', f);
		export_number(f, v[i], 0);
	}
	if (m->seeds > 0 && j >= 0) {
		fputc(',', f);
		export_number(f, m->phi_sd[j], 0);
		fprintf(f, ",%zu,%zu", m->rank_lo[j], m->rank_hi[j]);
	} else
		fputs(",,,", f);
}

/*
 * CSV lines built in memory and written a few at a time: a row's
 * lines differ only in their first columns (feature, value, attribution,
 * stderr, rank) and the last (imputed), so the columns between are
 * formatted once per row. The bytes are those of the fprintf path
 * (export_csv_slow), at a fraction of its cost: printf for each field of
 * each line was a fifth of an `explain --all` run on the demo.
 */
struct csv_line {
	char	*b;
	size_t	 n, cap;
};

static char *
line_room(struct csv_line *l, size_t more)
{
	if (l->n + more > l->cap) {
		l->cap = 2 * (l->n + more);
		l->b = xreallocarray(l->b, l->cap, 1);
	}
	return (l->b + l->n);
}

static void
line_mem(struct csv_line *l, const char *s, size_t len)
{
	memcpy(line_room(l, len), s, len);
	l->n += len;
}

static void
line_char(struct csv_line *l, char c)
{
	*line_room(l, 1) = c;
	l->n++;
}

/*
 * Write l's lines to f once they reach LINE_CHUNK bytes (or all when
 * last), and empty it: a few lines a call, usually below stdio's 4 KiB
 * buffer (a line with a very long name or label can make a call larger,
 * which stdio then writes directly); either way a failed write shows in
 * the stream's error flag.
 */
#define LINE_CHUNK	2048
static void
line_flush(struct csv_line *l, FILE *f, int last)
{
	if (l->n == 0 || (!last && l->n < LINE_CHUNK))
		return;
	fwrite(l->b, 1, l->n, f);
	l->n = 0;
}

/* export_csv_field's text. */
static void
line_field(struct csv_line *l, const char *s)
{
	size_t	len = strlen(s);
	char	*p;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		line_mem(l, s, len);
		return;
	}
	p = line_room(l, 2 * len + 2);
	*p++ = '"';
	for (; *s != '\0'; s++) {
		if (*s == '"')
			*p++ = '"';
		*p++ = *s;
	}
	*p++ = '"';
	l->n = (size_t)(p - l->b);
}

/* export_number's CSV text (empty for NaN and infinities). */
static void
line_number(struct csv_line *l, double v)
{
	if (isnan(v) || isinf(v))
		return;
	l->n += dtoa_g9(v, line_room(l, DTOA_SIZE));
}

/* %" PRIu64 "'s text. */
static void
line_u64(struct csv_line *l, uint64_t v)
{
	char	d[24], *p = d + sizeof d;

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	line_mem(l, p, (size_t)(d + sizeof d - p));
}

/* %zu's text. */
static void
line_size(struct csv_line *l, size_t v)
{
	line_u64(l, (uint64_t)v);
}

/* export_number's JSON text (null for NaN and infinities). */
static void
line_jnumber(struct csv_line *l, double v)
{
	if (isnan(v) || isinf(v))
		line_mem(l, "null", 4);
	else
		l->n += dtoa_g9(v, line_room(l, DTOA_SIZE));
}

/* Whether export_json_string writes s as it is, between quotes. */
static int
json_plain(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\')
			return (0);
	return (1);
}

/* A string's text as it is. */
static void
line_str(struct csv_line *l, const char *s)
{
	line_mem(l, s, strlen(s));
}

/*
 * The per-row columns of a CSV line (from fx on): what the row's numbers
 * are and what produced them, as the JSON record has them; then the
 * metrics (line_tail, export_csv_tail_shared), then line_tail_back's.
 */
static void
line_tail_front(struct csv_line *l, const struct gs_export_info *info,
    const struct gs_explanation *ex)
{
	const struct gs_method_info *mi = method_info(ex->method);
	char			 buf[96];

	line_char(l, ',');
	line_number(l, ex->fx);
	line_char(l, ',');
	line_number(l, ex->base);
	line_char(l, ',');
	line_str(l, base_kind_name(isnan(ex->base) ? GS_BASE_NONE :
	    ex->base_kind));
	line_char(l, ',');
	line_field(l, explanation_base_label(ex, 1, buf, sizeof buf));
	line_char(l, ',');
	line_number(l, ex->gap);
	line_char(l, ',');
	line_number(l, ex->gap_se);
	line_char(l, ',');
	line_str(l, gap_verdict_name(ex->gap_verdict));
	line_char(l, ',');
	line_u64(l, ex->opts.seed);
	line_char(l, ',');
	if (method_stochastic(ex->method))
		line_size(l, ex->samples_used);
	line_char(l, ',');
	if (mi->unit == GS_UNIT_STEPS) {
		line_size(l, ex->opts.steps);
		line_char(l, ',');
		line_str(l, rule_name(ex->opts.rule));
	} else
		line_char(l, ',');
	line_char(l, ',');
	if (mi->takes & GS_TAKES_PLAN)
		line_str(l, sampling_format(ex->opts.plan, ex->opts.antithetic,
		    (mi->takes & GS_TAKES_CV) && ex->opts.cv, buf, sizeof buf));
	line_char(l, ',');
	if (ex->baseline != NULL)
		line_field(l, ex->baseline);
	line_char(l, ',');
	if (ex->noise != NULL)
		line_field(l, ex->noise);
	line_char(l, ',');
	if (ex->tol_met >= 0) {
		line_number(l, ex->tol);
		line_char(l, ',');
		line_size(l, (size_t)ex->tol_met);
	} else
		line_char(l, ',');
	line_char(l, ',');
	if (mi->unit == GS_UNIT_REGIONS) {
		line_number(l, ex->bound);
		line_char(l, ',');
		line_size(l, ex->samples_used);
	} else
		line_char(l, ',');
}

/* After the metrics: whether --tol rounds ran, then output_name. */
static void
line_tail_back(struct csv_line *l, const struct gs_export_info *info,
    const struct gs_explanation *ex)
{
	line_mem(l, ex->rounds != 0 ? ",1," : ",0,", 3);
	line_field(l, export_output_name(info, ex->target));
	line_char(l, ',');
}

/* The per-row columns of an explanation without metrics, in l. */
static void
line_tail(struct csv_line *l, const struct gs_export_info *info,
    const struct gs_explanation *ex)
{
	line_tail_front(l, info, ex);
	line_mem(l, ",,,,,,,,,", 9);
	line_tail_back(l, info, ex);
}

/*
 * The per-row columns written to f, with the metrics: j is the feature of
 * the line, or -1 for a group's line (no per-feature stability).
 */
static void
export_csv_tail_shared(FILE *f, const struct gs_export_info *info,
    const struct gs_explanation *ex, long j)
{
	struct csv_line	l = { NULL, 0, 0 };

	if (ex->metrics == NULL)
		line_tail(&l, info, ex);
	else {
		line_tail_front(&l, info, ex);
		fwrite(l.b, 1, l.n, f);
		l.n = 0;
		export_csv_metrics(f, ex->metrics, j);
		line_tail_back(&l, info, ex);
	}
	fwrite(l.b, 1, l.n, f);
	free(l.b);
}

/*
 * A CSV line's columns from fx on, and imputed (the policy that filled
 * the line's value, or empty).
 */
static void
export_csv_tail(FILE *f, const struct gs_export_info *info,
    const struct gs_explanation *ex, long j, int imputed)
{
	export_csv_tail_shared(f, info, ex, j);
	if (imputed != 0)
		fputs(impute_name((enum gs_impute)imputed), f);
	fputc('\n', f);
}

/*
 * The shared columns' text, in the memory of l (empty); 0 when it cannot
 * be had. Without metrics line_tail builds it; with them, the stream
 * writer into memory.
 */
static int
line_capture_tail(struct csv_line *l, const struct gs_export_info *info,
    const struct gs_explanation *ex)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*mf;

	if (ex->metrics == NULL) {
		line_tail(l, info, ex);
		return (1);
	}
	if ((mf = open_memstream(&buf, &len)) == NULL)
		return (0);
	export_csv_tail_shared(mf, info, ex, -1);
	if (fclose(mf) != 0) {
		free(buf);
		return (0);
	}
	l->b = buf;
	l->n = l->cap = len;
	return (1);
}

/* JSON keys for the plan, --tol, exact IG, rank ties and the metrics. */
static void
export_trust_json(FILE *f, const struct gs_export_info *info,
    const struct gs_explanation *ex)
{
	const struct gs_metrics	*m = ex->metrics;
	char			 buf[64];
	size_t			*order, i, k;
	int			*tie, r, first = 1;

	if (method_info(ex->method)->takes & GS_TAKES_PLAN)
		fprintf(f, ",\"plan\":\"%s\"", sampling_format(ex->opts.plan,
		    ex->opts.antithetic, (method_info(ex->method)->takes &
		    GS_TAKES_CV) && ex->opts.cv, buf, sizeof buf));
	if (ex->tol_met >= 0) {
		fputs(",\"tol\":", f);
		export_number(f, ex->tol, 1);
		fprintf(f, ",\"tol_met\":%s", ex->tol_met ? "true" : "false");
	}
	if (ex->quad_err != NULL) {
		fprintf(f, ",\"regions\":%zu,\"pieces\":%zu,\"exact_to\":",
		    ex->regions, ex->samples_used);
		export_number(f, ex->bound, 1);
		fprintf(f, ",\"rule_steps\":%zu,\"rule_errors\":{",
		    ex->opts.steps);
		for (r = 0; r < GS_RULE_COUNT; r++) {
			fprintf(f, "%s\"%s\":", r > 0 ? "," : "",
			    rule_name(r));
			export_number(f, ex->quad_err[r], 1);
		}
		fputc('}', f);
	}
	if (ex->se != NULL) {
		order = xcalloc(ex->d + 1, sizeof *order);
		tie = xcalloc(ex->d + 1, sizeof *tie);
		explanation_order(ex->phi, ex->d, order, NULL);
		metrics_rank_ties(ex, order, tie);
		fputs(",\"rank_ties\":[", f);
		for (k = 0; k < ex->d; k++) {
			if (!tie[k])
				continue;
			fputs(first ? "[" : ",[", f);
			export_json_string(f, info->names[order[k]]);
			fputc(',', f);
			export_json_string(f, info->names[order[k + 1]]);
			fputc(']', f);
			first = 0;
		}
		fputc(']', f);
		free(order);
		free(tie);
	}
	if (m == NULL)
		return;
	fputs(",\"metrics\":{\"infidelity\":", f);
	export_number(f, m->infidelity, 1);
	fputs(",\"infidelity_rel\":", f);
	export_number(f, m->infidelity_rel, 1);
	fprintf(f, ",\"perturbations\":%zu,\"max_sensitivity\":",
	    m->perturb);
	export_number(f, m->sensitivity, 1);
	fputs(",\"deletion_auc\":", f);
	export_number(f, m->del_auc, 1);
	fputs(",\"insertion_auc\":", f);
	export_number(f, m->ins_auc, 1);
	fputs(",\"fraction\":[", f);
	for (i = 0; i < m->npoints; i++) {
		if (i > 0)
			fputc(',', f);
		export_number(f, m->frac[i], 1);
	}
	fputs("],\"deletion\":[", f);
	for (i = 0; i < m->npoints; i++) {
		if (i > 0)
			fputc(',', f);
		export_number(f, m->del[i], 1);
	}
	fputs("],\"insertion\":[", f);
	for (i = 0; i < m->npoints; i++) {
		if (i > 0)
			fputc(',', f);
		export_number(f, m->ins[i], 1);
	}
	fputc(']', f);
	if (m->seeds > 0) {
		fprintf(f, ",\"seeds\":%zu,\"rank_correlation\":", m->seeds);
		export_number(f, m->rank_corr, 1);
		fputs(",\"seed_sd\":[", f);
		for (i = 0; i < ex->d; i++) {
			if (i > 0)
				fputc(',', f);
			export_number(f, m->phi_sd[i], 1);
		}
		fputs("],\"rank_range\":[", f);
		for (i = 0; i < ex->d; i++)
			fprintf(f, "%s[%zu,%zu]", i > 0 ? "," : "",
			    m->rank_lo[i], m->rank_hi[i]);
		fputc(']', f);
	}
	fputc('}', f);
}

/* "  " and the method's parameters ("samples 200  plan reg"); none: nothing. */
static void
export_params(FILE *f, const struct gs_explanation *ex)
{
	char	buf[160];

	method_describe(ex, GS_DESCRIBE_TEXT, NULL, buf, sizeof buf);
	if (buf[0] != '\0')
		fprintf(f, "  %s", buf);
}

/*
 * Rank ties among features in order (by |phi|): tie[i] when the 95%
 * intervals of order[i] and order[i + 1] overlap.
 */
static void
export_feature_ties(const struct gs_features *fs, const size_t *order,
    int *tie)
{
	const struct gs_feature_row *a, *b;
	size_t	i;

	for (i = 0; i + 1 < fs->n; i++) {
		a = &fs->rows[order[i]];
		b = &fs->rows[order[i + 1]];
		tie[i] = !isnan(a->se) && !isnan(b->se) &&
		    fabs(a->phi) - 1.96 * a->se <= fabs(b->phi) + 1.96 * b->se;
	}
}

static void
export_text(FILE *f, const struct gs_export_info *info,
    const struct gs_explanation *ex)
{
	struct gs_features	 fs;
	size_t	*order, i, j, w = 7, vw = 12;
	double	 sum = 0, *phi;
	int	*tie, ties = 0;
	char	 label[128];

	export_features(&fs, info, ex);
	fprintf(f, "row %zu  %s  f(x) = %.6g", ex->row, export_output_label(
	    info, ex->target, label, sizeof label), ex->fx);
	if (!isnan(ex->base)) {
		for (i = 0; i < ex->d; i++)
			sum += ex->phi[i];
		textchart_base(f, ex, 6);
		fprintf(f, "  sum(phi) = %.6g", sum);
		textchart_gap(f, ex, 3);
	}
	fputc('\n', f);
	textchart_hint(f, ex);
	fprintf(f, "method %s", method_name(ex->method));
	export_params(f, ex);
	fprintf(f, "  seed %" PRIu64 "\n", ex->opts.seed);
	if (ex->baseline != NULL)
		fprintf(f, "baseline %s (%s)", ex->baseline,
		    info->baseline_desc != NULL ? info->baseline_desc : "");
	else
		fputs("baseline none", f);
	fprintf(f, "  noise %s\n", ex->noise != NULL ? ex->noise : "none");
	if (ex->rounds)
		fputs(GS_ROUNDS_NOTE "\n", f);
	if (fs.imputed > 0)
		fprintf(f, "imputed %zu value%s: not the row's data but what "
		    "the missing-value policy filled in, shown as (policy) "
		    "value\n", fs.imputed, fs.imputed == 1 ? "" : "s");
	export_trust_text(f, ex, 0);

	order = xcalloc(fs.n + 1, sizeof *order);
	tie = xcalloc(fs.n + 1, sizeof *tie);
	phi = xcalloc(fs.n + 1, sizeof *phi);
	for (i = 0; i < fs.n; i++) {
		phi[i] = fs.rows[i].phi;
		if (strlen(fs.rows[i].name) > w)
			w = strlen(fs.rows[i].name);
		if (strlen(fs.rows[i].text) > vw)
			vw = strlen(fs.rows[i].text);
	}
	if (w > 40)
		w = 40;
	if (vw > 30)
		vw = 30;
	/* Group labels whole: "name (members)" (a schema's are features). */
	for (i = 0; !fs.grouped && ex->groups != NULL && i < ex->groups->n;
	    i++)
		if (strlen(ex->groups->names[i]) + 8 > w)
			w = strlen(ex->groups->names[i]) + 8;
	if (w > 72)
		w = 72;
	/*
	 * Groups as the players of the game (exact, permutation, kernel):
	 * a feature's value is only its equal share of its group's, so the
	 * groups alone are listed (a schema's features are listed as they
	 * are: each is one group).
	 */
	if (!fs.grouped && ex->groups != NULL && ex->gphi != NULL &&
	    (method_info(ex->method)->takes & GS_TAKES_GROUPS)) {
		fprintf(f, "  players: the %zu groups (a feature's value is "
		    "only an equal share of its group's)\n", ex->groups->n);
		goto groups;
	}
	explanation_order(phi, fs.n, order, NULL);
	if (fs.grouped)
		export_feature_ties(&fs, order, tie);
	else
		metrics_rank_ties(ex, order, tie);
	fprintf(f, "  %-*s %*s %13s%s%s\n", (int)w, "feature", (int)vw,
	    "value", "attribution", ex->se != NULL ? "   std.err" : "",
	    !fs.grouped && ex->metrics != NULL && ex->metrics->seeds > 0 ?
	    "   seed.sd ranks" : "");
	for (i = 0; i < fs.n; i++) {
		j = order[i];
		fprintf(f, "  %-*.*s %*.*s %+13.6g", (int)w, (int)w,
		    fs.rows[j].name, (int)vw, (int)vw, fs.rows[j].text,
		    fs.rows[j].phi);
		if (ex->se != NULL)
			fprintf(f, " %10.2g", fs.rows[j].se);
		if (fs.grouped)
			fputs(tie[i] ? "  ~" : "", f);
		else
			export_trust_row(f, ex, j, tie[i]);
		ties += tie[i];
		fputc('\n', f);
	}
	if (ties > 0)
		fputs("  ~ its 95% interval overlaps the next one's: their "
		    "order is not claimed\n", f);
	if (fs.grouped)
		fputs("  (a category's attribution is the sum over its one-hot "
		    "levels; --groups off shows each level)\n", f);
groups:
	if (!fs.grouped && ex->groups != NULL && ex->gphi != NULL) {
		fprintf(f, "  %-*s %*s %13s%s\n", (int)w, "group (members)",
		    (int)vw, "", "attribution", ex->gse != NULL ?
		    "   std.err" : "");
		for (i = 0; i < ex->groups->n; i++) {
			snprintf(label, sizeof label, "%s (%zu)",
			    ex->groups->names[i], ex->groups->start[i + 1] -
			    ex->groups->start[i]);
			fprintf(f, "  %-*.*s %*s %+13.6g", (int)w, (int)w,
			    label, (int)vw, "", ex->gphi[i]);
			if (ex->gse != NULL)
				fprintf(f, " %10.2g", ex->gse[i]);
			fputc('\n', f);
		}
	}
	export_trust_text(f, ex, 1);
	fputc('\n', f);
	free(order);
	free(tie);
	free(phi);
	features_clear(&fs);
}

static void
export_csv(FILE *f, const struct gs_export_info *info,
    const struct gs_explanation *ex)
{
	struct gs_features	 fs;
	struct csv_line		 tail = { NULL, 0, 0 };
	struct csv_line		 line = { NULL, 0, 0 };
	size_t	i, *lo = NULL, *hi = NULL;
	double	*phi, *se;
	char	head[128];
	int	headn, tailok, fast;

	export_features_values(&fs, info, ex);
	if (ex->se != NULL && fs.n > 0) {
		lo = xcalloc(fs.n, sizeof *lo);
		hi = xcalloc(fs.n, sizeof *hi);
		phi = xcalloc(fs.n, sizeof *phi);
		se = xcalloc(fs.n, sizeof *se);
		for (i = 0; i < fs.n; i++) {
			phi[i] = fs.rows[i].phi;
			se[i] = fs.rows[i].se;
		}
		metrics_rank_range(phi, se, fs.n, lo, hi);
		free(phi);
		free(se);
	}
	/*
	 * The shared columns once (with -1 for j: the same text unless the
	 * metrics hold per-feature stability), then the lines in memory,
	 * written a few at a time (line_flush).
	 */
	tailok = line_capture_tail(&tail, info, ex);
	fast = tailok && (fs.grouped || ex->metrics == NULL ||
	    ex->metrics->seeds == 0);
	headn = snprintf(head, sizeof head, "%zu,%zu,%s,", ex->row, ex->target,
	    method_name(ex->method));
	if (headn < 0 || (size_t)headn >= sizeof head)
		fast = tailok = 0;
	for (i = 0; fast && i < fs.n; i++) {
		line_mem(&line, head, (size_t)headn);
		line_field(&line, fs.rows[i].name);
		line_char(&line, ',');
		if (fs.rows[i].level != NULL)
			line_field(&line, fs.rows[i].level);
		else
			line_number(&line, fs.rows[i].value);
		line_char(&line, ',');
		line_number(&line, fs.rows[i].phi);
		line_char(&line, ',');
		if (ex->se != NULL)
			line_number(&line, fs.rows[i].se);
		line_char(&line, ',');
		if (lo != NULL && lo[i] != 0) {
			line_size(&line, lo[i]);
			if (lo[i] != hi[i]) {
				line_char(&line, '-');
				line_size(&line, hi[i]);
			}
		}
		line_mem(&line, tail.b, tail.n);
		if (fs.rows[i].imputed != 0) {
			const char *im = impute_name(
			    (enum gs_impute)fs.rows[i].imputed);

			line_mem(&line, im, strlen(im));
		}
		line_char(&line, '\n');
		line_flush(&line, f, 0);
	}
	line_flush(&line, f, 1);
	for (i = fast ? fs.n : 0; i < fs.n; i++) {
		fprintf(f, "%zu,%zu,%s,", ex->row, ex->target,
		    method_name(ex->method));
		export_csv_field(f, fs.rows[i].name);
		fputc(',', f);
		/* A category's value is its level. */
		if (fs.rows[i].level != NULL)
			export_csv_field(f, fs.rows[i].level);
		else
			export_number(f, fs.rows[i].value, 0);
		fputc(',', f);
		export_number(f, fs.rows[i].phi, 0);
		fputc(',', f);
		if (ex->se != NULL)
			export_number(f, fs.rows[i].se, 0);
		/*
		 * rank: "3", or "3-5" for a block whose order is open;
		 * empty for a NaN, which has no place.
		 */
		if (lo != NULL && lo[i] == 0)
			fputc(',', f);
		else if (lo != NULL && lo[i] == hi[i])
			fprintf(f, ",%zu", lo[i]);
		else if (lo != NULL)
			fprintf(f, ",%zu-%zu", lo[i], hi[i]);
		else
			fputc(',', f);
		export_csv_tail(f, info, ex, fs.grouped ? -1 : (long)i,
		    fs.rows[i].imputed);
	}
	free(lo);
	free(hi);
	/* Groups: feature "group:NAME", no value, no rank. */
	for (i = 0; !fs.grouped && ex->groups != NULL && ex->gphi != NULL &&
	    i < ex->groups->n; i++) {
		char name[300];
		snprintf(name, sizeof name, "group:%s", ex->groups->names[i]);
		if (tailok) {
			line_mem(&line, head, (size_t)headn);
			line_field(&line, name);
			line_mem(&line, ",,", 2);
			line_number(&line, ex->gphi[i]);
			line_char(&line, ',');
			if (ex->gse != NULL)
				line_number(&line, ex->gse[i]);
			line_char(&line, ',');
			line_mem(&line, tail.b, tail.n);
			line_char(&line, '\n');
			line_flush(&line, f, 0);
			continue;
		}
		fprintf(f, "%zu,%zu,%s,", ex->row, ex->target,
		    method_name(ex->method));
		export_csv_field(f, name);
		fputs(",,", f);
		export_number(f, ex->gphi[i], 0);
		fputc(',', f);
		if (ex->gse != NULL)
			export_number(f, ex->gse[i], 0);
		fputc(',', f);
		export_csv_tail(f, info, ex, -1, 0);
	}
	line_flush(&line, f, 1);
	free(tail.b);
	free(line.b);
	features_clear(&fs);
}

/*
 * JSON keys that let a record be trusted and reproduced: the gap's SE and
 * verdict, what the base is, and the rest of what produced the numbers
 * (batch, SmoothGrad's aggregate, what --tol aimed at).
 */
static void
export_honest_json(FILE *f, const struct gs_explanation *ex)
{
	char	buf[96];

	fputs(",\"gap_se\":", f);
	export_number(f, ex->gap_se, 1);
	fprintf(f, ",\"gap_verdict\":\"%s\",\"base_kind\":\"%s\","
	    "\"base_label\":", gap_verdict_name(ex->gap_verdict),
	    base_kind_name(isnan(ex->base) ? GS_BASE_NONE : ex->base_kind));
	export_json_string(f, explanation_base_label(ex, 1, buf, sizeof buf));
	fprintf(f, ",\"batch\":%zu", ex->opts.batch);
	if (method_info(ex->method)->takes & GS_TAKES_SMOOTH)
		fprintf(f, ",\"aggregate\":\"%s\",\"absolute\":%s",
		    smooth_name(ex->opts.smooth), ex->opts.absolute ? "true" :
		    "false");
	if (ex->tol_met >= 0)
		fprintf(f, ",\"tol_target\":\"%s\"", ex->opts.tol_rel &
		    GS_TOL_GAP ? "gap" : "se");
}

static void
export_json(FILE *f, const struct gs_export_info *info,
    const struct gs_explanation *ex)
{
	struct gs_features	 fs;
	const struct gs_feature_row *r;
	struct csv_line		 rec = { NULL, 0, 0 };
	size_t	i, k;
	char	label[128];

	export_features_values(&fs, info, ex);
	fprintf(f, "{\"row\":%zu,\"output\":%zu,\"output_name\":", ex->row,
	    ex->target);
	export_json_string(f, export_output_name(info, ex->target));
	fputs(",\"output_label\":", f);
	export_json_string(f, export_output_label(info, ex->target, label,
	    sizeof label));
	fprintf(f, ",\"method\":\"%s\",\"seed\":%" PRIu64 ",\"samples\":",
	    method_name(ex->method), ex->opts.seed);
	if (method_stochastic(ex->method))
		fprintf(f, "%zu", ex->samples_used);
	else
		fputs("null", f);
	fputs(",\"steps\":", f);
	if (method_info(ex->method)->unit == GS_UNIT_STEPS)
		fprintf(f, "%zu,\"rule\":\"%s\"", ex->opts.steps,
		    rule_name(ex->opts.rule));
	else
		fputs("null,\"rule\":null", f);
	fputs(",\"baseline\":", f);
	export_json_string_or_null(f, ex->baseline);
	fputs(",\"noise\":", f);
	export_json_string_or_null(f, ex->noise);
	if (ex->rounds)
		fputs(",\"model_rounds\":true", f);
	fputs(",\"fx\":", f);
	export_number(f, ex->fx, 1);
	fputs(",\"base\":", f);
	export_number(f, ex->base, 1);
	fputs(",\"gap\":", f);
	export_number(f, ex->gap, 1);
	export_honest_json(f, ex);
	fprintf(f, ",\"imputed_cells\":%zu,\"features\":[", fs.imputed);
	for (i = 0; i < fs.n; i++) {
		r = &fs.rows[i];
		/* The common record built in memory, one fwrite. */
		if (!(fs.grouped && r->width > 1) && json_plain(r->name) &&
		    (r->level == NULL || json_plain(r->level))) {
			rec.n = 0;
			line_mem(&rec, i == 0 ? "{\"name\":\"" :
			    ",{\"name\":\"", i == 0 ? 9 : 10);
			line_mem(&rec, r->name, strlen(r->name));
			line_mem(&rec, "\",\"value\":", 10);
			if (r->level != NULL) {
				line_char(&rec, '"');
				line_mem(&rec, r->level, strlen(r->level));
				line_char(&rec, '"');
			} else
				line_jnumber(&rec, r->value);
			line_mem(&rec, ",\"attribution\":", 15);
			line_jnumber(&rec, r->phi);
			line_mem(&rec, ",\"stderr\":", 10);
			line_jnumber(&rec, r->se);
			line_mem(&rec, ",\"imputed\":", 11);
			if (r->imputed != 0) {
				const char *im = impute_name(
				    (enum gs_impute)r->imputed);

				line_char(&rec, '"');
				line_mem(&rec, im, strlen(im));
				line_mem(&rec, "\"}", 2);
			} else
				line_mem(&rec, "null}", 5);
			fwrite(rec.b, 1, rec.n, f);
			continue;
		}
		fputs(i == 0 ? "{\"name\":" : ",{\"name\":", f);
		export_json_string(f, r->name);
		/* A category's value is its level; its levels are "inputs". */
		fputs(",\"value\":", f);
		if (r->level != NULL)
			export_json_string(f, r->level);
		else
			export_number(f, r->value, 1);
		fputs(",\"attribution\":", f);
		export_number(f, r->phi, 1);
		fputs(",\"stderr\":", f);
		export_number(f, r->se, 1);
		fputs(",\"imputed\":", f);
		export_json_string_or_null(f, r->imputed != 0 ?
		    impute_name((enum gs_impute)r->imputed) : NULL);
		if (fs.grouped && r->width > 1) {
			fputs(",\"inputs\":[", f);
			for (k = r->first; k < r->first + r->width; k++) {
				fputs(k == r->first ? "{\"name\":" :
				    ",{\"name\":", f);
				export_json_string(f, info->names[k]);
				fputs(",\"value\":", f);
				export_number(f, ex->value[k], 1);
				fputs(",\"attribution\":", f);
				export_number(f, ex->phi[k], 1);
				fputs(",\"stderr\":", f);
				export_number(f, ex->se != NULL ? ex->se[k] :
				    NAN, 1);
				fputc('}', f);
			}
			fputc(']', f);
		}
		fputc('}', f);
	}
	fputc(']', f);
	if (!fs.grouped && ex->groups != NULL && ex->gphi != NULL) {
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
	export_trust_json(f, info, ex);
	fputs("}\n", f);
	free(rec.b);
	features_clear(&fs);
}

/*
 * One figure of ex as SVG (or PNG when png), drawn from its features (a
 * category one bar, imputed values marked) under the output's label, as
 * the terminal. A PNG that cannot be drawn (no cairo) is said on stderr
 * and not written; front ends check png_available first.
 */
static void
export_svg(FILE *f, const struct gs_export_info *info,
    const struct gs_explanation *ex, int png)
{
	struct gs_error		 err;
	struct gs_svg_opts	 o;
	struct gs_features	 fs;
	char			 label[128];

	if (info->svg != NULL)
		o = *info->svg;
	else
		svg_opts_default(&o);
	export_features(&fs, info, ex);
	o.features = &fs;
	if (info->s != NULL)
		o.label = session_output_label(info->s, ex->target, label,
		    sizeof label);
	else if (info->label != NULL)
		o.label = info->label;
	if (!png)
		svg_write(f, ex, info->names, info->output, &o);
	else if (png_write(f, ex, info->names, info->output, &o, &err) != 0)
		fprintf(stderr, "gshap: %s\n", err.msg);
	features_clear(&fs);
}

void
export_explanation(FILE *f, enum gs_format fmt,
    const struct gs_export_info *info, const struct gs_explanation *ex)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*mf;

	switch (fmt) {
	case GS_FORMAT_TEXT:
		/* Names from files shown with control characters visible. */
		if ((mf = open_memstream(&buf, &len)) == NULL) {
			export_text(f, info, ex);
			break;
		}
		export_text(mf, info, ex);
		fclose(mf);
		visible_fputs(buf, f, VISIBLE_KEEP_NL);
		free(buf);
		break;
	case GS_FORMAT_CSV:
		export_csv(f, info, ex);
		break;
	case GS_FORMAT_JSON:
		export_json(f, info, ex);
		break;
	case GS_FORMAT_SVG:
	case GS_FORMAT_PNG:
		export_svg(f, info, ex, fmt == GS_FORMAT_PNG);
		break;
	case GS_FORMAT_REASONS:
	case GS_FORMAT_REASONS_JSON:
		reasons_write(f, fmt == GS_FORMAT_REASONS_JSON, info, ex,
		    info->reasons);
		break;
	default:
		break;
	}
}

/* The importance of one feature over the rows (export_importance). */
struct export_imp {
	size_t	idx;		/* feature */
	double	mabs;		/* mean |phi| */
	double	mean;		/* mean phi */
};

/* Descending mean |phi|, ties by index. */
static int
export_imp_cmp(const void *a, const void *b)
{
	const struct export_imp *x = a, *y = b;

	if (x->mabs != y->mabs)
		return (x->mabs < y->mabs ? 1 : -1);
	return (x->idx < y->idx ? -1 : x->idx > y->idx);
}

void
export_importance(FILE *f, enum gs_format fmt,
    const struct gs_export_info *info, const struct gs_explanation *const *many,
    size_t n)
{
	const struct gs_explanation *ex = many[0];
	struct export_imp *imp;
	char		 lab[96], par[160];
	size_t		 i, j, d = ex->d, cnt;

	imp = xcalloc(d > 0 ? d : 1, sizeof *imp);
	for (j = 0; j < d; j++) {
		imp[j].idx = j;
		for (cnt = 0, i = 0; i < n; i++) {
			if (isnan(many[i]->phi[j]))
				continue;
			imp[j].mabs += fabs(many[i]->phi[j]);
			imp[j].mean += many[i]->phi[j];
			cnt++;
		}
		imp[j].mabs = cnt > 0 ? imp[j].mabs / cnt : NAN;
		imp[j].mean = cnt > 0 ? imp[j].mean / cnt : NAN;
	}
	qsort(imp, d, sizeof *imp, export_imp_cmp);
	explanation_base_label(ex, 1, lab, sizeof lab);
	method_describe(ex, GS_DESCRIBE_TEXT, NULL, par, sizeof par);
	switch (fmt) {
	case GS_FORMAT_CSV:
		fputs("rank,feature,mean_abs_attribution,mean_attribution,"
		    "rows,output,method,seed,samples,baseline,base_label\n", f);
		for (j = 0; j < d; j++) {
			fprintf(f, "%zu,", j + 1);
			export_csv_field(f, info->names[imp[j].idx]);
			fputc(',', f);
			export_number(f, imp[j].mabs, 0);
			fputc(',', f);
			export_number(f, imp[j].mean, 0);
			fprintf(f, ",%zu,%zu,%s,%" PRIu64 ",", n, ex->target,
			    method_name(ex->method), ex->opts.seed);
			if (method_stochastic(ex->method))
				fprintf(f, "%zu", ex->samples_used);
			fputc(',', f);
			if (ex->baseline != NULL)
				export_csv_field(f, ex->baseline);
			fputc(',', f);
			export_csv_field(f, lab);
			fputc('\n', f);
		}
		break;
	case GS_FORMAT_JSON:
		fprintf(f, "{\"importance\":\"mean |attribution|\",\"rows\":%zu,"
		    "\"output\":%zu,\"output_name\":", n, ex->target);
		export_json_string(f, info->output);
		fprintf(f, ",\"method\":\"%s\",\"seed\":%" PRIu64
		    ",\"samples\":", method_name(ex->method), ex->opts.seed);
		if (method_stochastic(ex->method))
			fprintf(f, "%zu", ex->samples_used);
		else
			fputs("null", f);
		fputs(",\"baseline\":", f);
		export_json_string_or_null(f, ex->baseline);
		fputs(",\"base_label\":", f);
		export_json_string(f, lab);
		fputs(",\"features\":[", f);
		for (j = 0; j < d; j++) {
			fprintf(f, "%s{\"rank\":%zu,\"name\":", j > 0 ? "," :
			    "", j + 1);
			export_json_string(f, info->names[imp[j].idx]);
			fputs(",\"mean_abs_attribution\":", f);
			export_number(f, imp[j].mabs, 1);
			fputs(",\"mean_attribution\":", f);
			export_number(f, imp[j].mean, 1);
			fputc('}', f);
		}
		fputs("]}\n", f);
		break;
	default:
		fprintf(f, "importance (mean |attribution|) over %zu rows  "
		    "%s[%zu]\nmethod %s%s%s  seed %" PRIu64 "  baseline %s  "
		    "base %s\n", n, info->output, ex->target,
		    method_name(ex->method), par[0] != '\0' ? "  " : "", par,
		    ex->opts.seed, ex->baseline != NULL ? ex->baseline :
		    "none", explanation_base_label(ex, 0, lab, sizeof lab));
		fprintf(f, "  %4s  %-32s %13s %13s\n", "rank", "feature",
		    "mean |phi|", "mean phi");
		for (j = 0; j < d; j++) {
			fprintf(f, "  %4zu  ", j + 1);
			fprintf(f, "%-32.32s", visible_str(
			    info->names[imp[j].idx]));
			fprintf(f, " %13.6g %+13.6g\n", imp[j].mabs,
			    imp[j].mean);
		}
		break;
	}
	free(imp);
}

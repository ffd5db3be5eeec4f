/* SPDX-License-Identifier: ISC */
/*
 * Writing explanations as text for people, CSV for spreadsheets and JSON
 * Lines for programs. Every result carries what produced it: method, seed,
 * samples or steps, baseline and noise.
 */
#ifndef GS_EXPORT_H
#define GS_EXPORT_H

#include <stdio.h>

#include "attr/attr.h"

struct gs_svg_opts;
struct gs_reason_opts;

enum gs_format {
	GS_FORMAT_TEXT,
	GS_FORMAT_CSV,
	GS_FORMAT_JSON,
	GS_FORMAT_SVG,		/* one figure (session/svg.h) */
	GS_FORMAT_REASONS,	/* adverse reasons as CSV (session/reasons.h) */
	GS_FORMAT_REASONS_JSON,	/* adverse reasons as JSON Lines */
	GS_FORMAT_PNG,		/* one figure as PNG (session/png.h; with cairo) */
	GS_FORMAT_COUNT
};

struct gs_session;

/* What an explanation is about, for headers. All borrowed. */
struct gs_export_info {
	const char	*model;		/* model name */
	const char	*data;		/* dataset name */
	const char	*output;	/* graph output name */
	const char	*baseline_desc;	/* what the baseline set holds, or NULL */
	const char *const *names;	/* d feature names */
	const struct gs_session *s;	/* class names, encoded features and
					   imputed cells come from it; or NULL */
	int		 impute;	/* the missing-value policy (enum gs_impute) */
	const char	*class_name;	/* the explained class's name when s is NULL, or NULL */
	const char	*label;		/* its header label ("P(bad)") when s is NULL, or NULL */
	const struct gs_svg_opts *svg;	/* GS_FORMAT_SVG's and PNG's figure, NULL: bar */
	const struct gs_reason_opts *reasons; /* GS_FORMAT_REASONS*: k, direction; NULL: defaults */
};

/*
 * The format called s (text, csv, json, svg, reasons, reasons-json).
 * Errors: GS_EINVAL "unknown format 'X' (text, csv, json, svg, reasons,
 * reasons-json)", the same in every front end.
 */
int	export_format_parse(const char *s, enum gs_format *out,
	    struct gs_error *err);
const char *export_format_name(enum gs_format f);

/*
 * Write what comes before the first explanation (the CSV header: row,
 * output, method, feature, value, attribution, stderr, rank, output_name,
 * imputed). A feature of the session's encoding is one CSV line, one JSON
 * feature and one text line, its value the row's level; an imputed value
 * is flagged in each (text "(median) 125", CSV and JSON "imputed": the
 * policy) and counted in the text header and JSON "imputed_cells".
 */
void	export_begin(FILE *f, enum gs_format fmt);

/* Write one explanation. */
void	export_explanation(FILE *f, enum gs_format fmt,
	    const struct gs_export_info *info, const struct gs_explanation *ex);

/*
 * Write the importance table of n explanations of the same method and
 * class (what the REPL's summary shows): every feature's mean |phi| and
 * mean phi over the rows, largest first, with the method, seed, samples,
 * baseline and base label that produced them. CSV gets its own header
 * (rank,feature,mean_abs_attribution,...), JSON one object, text a table.
 */
void	export_importance(FILE *f, enum gs_format fmt,
	    const struct gs_export_info *info,
	    const struct gs_explanation *const *many, size_t n);

/*
 * Write the text lines on ex's quality metrics (infidelity, max-sensitivity,
 * deletion and insertion areas, stability), as gshap explain --metrics
 * prints them after the chart. Nothing when ex->metrics is NULL.
 */
void	export_metrics_text(FILE *f, const struct gs_explanation *ex);

/* Write s as a CSV field (quoted when needed) or a JSON string. */
void	export_csv_field(FILE *f, const char *s);
void	export_json_string(FILE *f, const char *s);
/* s as a JSON string, or null when s is NULL. */
void	export_json_string_or_null(FILE *f, const char *s);

#endif

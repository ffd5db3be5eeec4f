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

enum gs_format {
	GS_FORMAT_TEXT,
	GS_FORMAT_CSV,
	GS_FORMAT_JSON,
	GS_FORMAT_COUNT
};

/* What an explanation is about, for headers. All borrowed. */
struct gs_export_info {
	const char	*model;		/* model name */
	const char	*data;		/* dataset name */
	const char	*output;	/* graph output name */
	const char	*baseline_desc;	/* what the baseline set holds, or NULL */
	const char *const *names;	/* d feature names */
};

/*
 * The format called s (text, csv, json). Errors: GS_EINVAL "unknown
 * format 'X' (text, csv, json)", the same in every front end.
 */
int	export_format_parse(const char *s, enum gs_format *out,
	    struct gs_error *err);
const char *export_format_name(enum gs_format f);

/* Write what comes before the first explanation (the CSV header). */
void	export_begin(FILE *f, enum gs_format fmt);

/* Write one explanation. */
void	export_explanation(FILE *f, enum gs_format fmt,
	    const struct gs_export_info *info, const struct gs_explanation *ex);

/*
 * Write the text lines on ex's quality metrics (infidelity, max-sensitivity,
 * deletion and insertion areas, stability), as gshap explain --metrics
 * prints them after the chart. Nothing when ex->metrics is NULL.
 */
void	export_metrics_text(FILE *f, const struct gs_explanation *ex);

/* Write s as a CSV field (quoted when needed) or a JSON string. */
void	export_csv_field(FILE *f, const char *s);
void	export_json_string(FILE *f, const char *s);

#endif

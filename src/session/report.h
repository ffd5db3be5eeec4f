/* SPDX-License-Identifier: ISC */
/*
 * Reports an analyst can hand over: one self-contained HTML file (inline
 * CSS and SVG, no scripts, no external resources, printable on A4) with,
 * for each explained row, the decision, the principal reasons in words,
 * every flag the terminal shows, the figures and all attributions; then
 * the provenance (version, SHA-256 of the model and data files, method,
 * plan, samples, baseline, noise, seed, threads) and the command that
 * reproduces the numbers.
 */
#ifndef GS_REPORT_H
#define GS_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "attr/attr.h"
#include "core/error.h"
#include "data/dataset.h"
#include "data/range.h"
#include "session/session.h"
#include "session/settings.h"
#include "session/reasons.h"
#include "session/svg.h"

struct gs_report_pair;

/* One explained row. Borrowed. */
struct gs_report_row {
	const struct gs_explanation *ex;	/* the explanation */
	/*
	 * Its features as every view shows them (features_get): a category
	 * one feature with its level, each cell the missing-value policy
	 * filled in flagged with the policy.
	 */
	const struct gs_features *fs;
	const char		*label;		/* the output's label ("P(bad)"), or NULL */
	const char		*class_name;	/* the class explained ("bad"), or NULL */
	enum gs_adverse		 adverse;	/* the unfavourable way (reasons_adverse_of) */
};

/* What a report is about. Borrowed strings; NULL where unknown. */
struct gs_report {
	const char		*version;	/* gshap's version */
	const char		*model_name;	/* the model's name */
	const char		*model_path;	/* its file (SHA-256 taken) */
	const char		*data_name;	/* the dataset's name */
	const char		*data_path;	/* its file (SHA-256 taken) */
	size_t			 data_rows;	/* rows in the dataset */
	const char		*output;	/* the graph output's name */
	const char		*scale;		/* what it is on ("probability"), or NULL */
	const char *const	*names;		/* d feature names */
	const struct gs_range	*ranges;	/* d column ranges in the data, or NULL */
	const char		*ranges_from;	/* the file they come from when not the data
						   (--reference), or NULL */
	const char		*impute_how;	/* how missing cells are filled ("mean"), NULL: refused */
	const char		*schema_path;	/* the schema's file (SHA-256 taken), or NULL */
	const char		*groups;	/* the groups spec, or NULL: none */
	const char		*command;	/* the reproducing command, or NULL */
	const char		*no_command;	/* why there is none, or NULL */
	const char		*model_sha256;	/* its digest when known, NULL: hash the file */
	const char		*data_sha256;	/* the same for the data */
	size_t			 threads;	/* worker threads used */
	struct gs_svg_opts	 svg;		/* figures: palette, k, image shape */
	struct gs_reason_opts	 reasons;	/* how many reasons, which way */
	const struct gs_report_pair *pair;	/* a second model compared on the
						   rows (report-compare.h), or NULL */
};

/*
 * Write the report on the n rows to f. The SHA-256 of r->model_path and
 * r->data_path is taken here. Errors: GS_EIO (a file that cannot be
 * read), GS_EINVAL (no rows, or no feature names); f then holds part of a
 * report, which the caller discards (write it through afile).
 */
int	report_write(FILE *f, const struct gs_report *r,
	    const struct gs_report_row *rows, size_t n, struct gs_error *err);


/* A report on explanations made in a session (report-session.c). Borrowed. */
struct gs_report_job {
	const struct gs_session	*s;		/* model and data */
	const struct gs_settings *st;		/* the settings that made them */
	const char		*target;	/* --target as given, or NULL */
	const char		*drop;		/* --drop as given, or NULL */
	size_t			 threads;	/* worker threads used */
	const struct gs_svg_opts *svg;		/* palette and k, or NULL: defaults */
	const struct gs_reason_opts *reasons;	/* k and direction, or NULL: defaults */
	const char		*model_sha256;	/* the model's digest when known (taken
						   from what was read), NULL: hash the file */
	const char		*data_sha256;	/* the same for the data */
	const char		*no_command;	/* why no command can reproduce the run
						   (Lua values), or NULL */
	const char		*reference;	/* a CSV whose column ranges a value is
						   checked against (--reference), or NULL:
						   the data's */
	const struct gs_dataset	*reference_ds;	/* that file already read (Lua's
						   sandbox reads it), or NULL:
						   read reference */
	const struct gs_report_pair *pair;	/* a second model compared on the
						   rows, or NULL */
};

/*
 * The --target and --drop words that select s's input columns as they
 * are (target: its target column's name, or ""; drop: the other columns,
 * comma-separated, or ""), into target and drop. Errors: GS_EINVAL when
 * no such words do (columns taken in another order than the file's, a
 * name holding a comma, lists too long for the buffers).
 */
int	report_columns(const struct gs_session *s, char *target,
	    size_t tsize, char *drop, size_t dsize, struct gs_error *err);

/*
 * Write the report on the n explanations ex (rows of j->s's data, made
 * with j->st) to f: the ranges of the data's columns (or of the columns
 * of the same names in j->reference), the features and their imputed
 * cells, the output's label and unfavourable way, the image shape and the reproducing command (files by
 * their absolute paths; rows as --row N or --rows A:B, or one command per
 * row when they are not consecutive; --target and --drop from the
 * session's columns when j gives neither) are worked out here. An
 * explanation of values that are not its data row's (a what-if edit)
 * gets no command, and says why.
 * Errors: those of report_write and range_selection; for a reference,
 * those of dataset_load and GS_EINVAL naming an input column it lacks.
 */
int	report_session(FILE *f, const struct gs_report_job *j,
	    const struct gs_explanation *const *ex, size_t n,
	    struct gs_error *err);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * The features of an explanation as a user sees them: a categorical
 * column is one feature whatever its one-hot width, shown with the
 * row's level ("Home = rent") and the sum of its levels' attributions;
 * a cell the missing-value policy filled in is flagged with the policy
 * ("(median) 125"). Every output format and view reads them here, so an
 * imputed value is never shown as if it were the applicant's.
 */
#ifndef GS_FEATURES_H
#define GS_FEATURES_H

#include <stddef.h>

#include "attr/attr.h"
#include "session/session.h"

/* One feature of one explanation. */
struct gs_feature_row {
	const char	*name;		/* "Home", "Income" (borrowed) */
	const char	*level;		/* a category's level in this row (borrowed), or NULL */
	double		 value;		/* a number's value; NaN for a category */
	int		 imputed;	/* enum gs_impute that filled it in, 0: the data's */
	double		 phi;		/* attribution: the sum over its inputs */
	double		 se;		/* its standard error, NaN when none */
	size_t		 first;		/* its first model input */
	size_t		 width;		/* model inputs it spans */
	char		 text[96];	/* the value as shown: "rent", "(median) 125" */
};

/* The features of one explanation. */
struct gs_features {
	struct gs_feature_row *rows;	/* n rows in model input order, owned */
	size_t		 n;		/* entries of rows */
	int		 grouped;	/* rows are features made of several inputs */
	size_t		 imputed;	/* cells the policy filled in */
};

/*
 * The features of ex for session s under missing-value policy impute
 * (enum gs_impute): one per encoded feature when ex's groups are the
 * encoding's (the "features" groups), else one per model input. A cell
 * is flagged as imputed when data row ex->row has it missing and ex holds
 * the value the policy fills in (a what-if that changed it is not
 * flagged). s may be NULL (no data: every input a feature, none
 * imputed). names are the d model inputs' names, for rows of one input.
 * Free with features_clear.
 */
void	features_get(struct gs_features *fs, const struct gs_session *s,
	    const char *const *names, int impute,
	    const struct gs_explanation *ex);
/* The same from a dataset ds and its input columns sel (either NULL: none). */
void	features_get_data(struct gs_features *fs, const struct gs_dataset *ds,
	    const struct gs_selection *sel, const char *const *names,
	    int impute, const struct gs_explanation *ex);
/*
 * The same without the rows' texts (text left empty), for writers that
 * write the numbers themselves (CSV, JSON): a row's %.6g texts were a
 * tenth of the CSV output's time.
 */
void	features_get_values(struct gs_features *fs,
	    const struct gs_dataset *ds, const struct gs_selection *sel,
	    const char *const *names, int impute,
	    const struct gs_explanation *ex);
void	features_clear(struct gs_features *fs);

/*
 * The label of a feature row in a chart: "Home = rent" for a category,
 * "5404 = Assets" and "(median) 125 = Income" for a number (value first,
 * as shap labels its bars), into buf. Returns buf.
 */
char	*features_label(const struct gs_feature_row *r, char *buf,
	    size_t size);

#endif

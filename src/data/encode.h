/* SPDX-License-Identifier: ISC */
/*
 * The encoder from data rows to model inputs. A feature (what a user
 * sees: "Home", "Income") is one data column, or a block of indicator
 * columns already one-hot in the data; it makes one or more model inputs
 * (one-hot levels "Home=rent"). The encoding is chosen by a schema or
 * inferred when unambiguous, and applies the missing-value policy, saying
 * which cells it filled in.
 */
#ifndef GS_ENCODE_H
#define GS_ENCODE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "data/dataset.h"
#include "data/impute.h"
#include "data/schema.h"

/* Most levels of one categorical feature. */
#define GS_ENCODE_MAX_LEVELS	65536

/* One feature and the model inputs it makes. */
struct gs_feature {
	char		*name;		/* column name, or the indicator block's; owned */
	enum gs_encode	 encode;	/* NUMBER, ONEHOT, ORDINAL, FUNCTION or INDICATORS */
	size_t		 col;		/* its data column (INDICATORS: the first) */
	size_t		*cols;		/* INDICATORS: the nlevels data columns, owned */
	size_t		 start;		/* its first model input */
	size_t		 width;		/* model inputs it makes, from start on */
	char		**levels;	/* categorical: nlevels texts in encoding order, owned */
	size_t		 nlevels;	/* entries of levels (0 for a number) */
	double		*level_num;	/* each level's number ("1" is 1), else NaN; owned */
	size_t		*count;		/* rows at each level, owned */
	uint32_t	*level_of;	/* text id of col (0 to n_words) -> level + 1, 0: none; owned */
	double		*table;		/* FUNCTION: nlevels x width inputs, owned */
	int		 dropped;	/* ONEHOT: level 0 has no input (all zeros) */
	int		 sorted;	/* levels sorted from the data, not declared */
	int		 own_policy;	/* the schema set missing for this feature */
	enum gs_impute	 missing;	/* that policy (own_policy) */
	int		 fill_given;	/* the schema gave the fill (a training statistic) */
	double		 fill;		/* numeric: the fill given */
	double		 stat[GS_IMPUTE_COUNT]; /* numeric: mean, median and mode of the data */
	long		 fill_level;	/* categorical: the level a fill puts in, -1: none */
	size_t		 n_missing;	/* rows whose cell is missing */
	size_t		 schema_line;	/* its schema entry's line, 0 when inferred */
};

/* How a selection's columns become model inputs (struct gs_selection enc). */
struct gs_encoding {
	struct gs_feature *feat;	/* nfeat features in model input order, owned */
	size_t		 nfeat;		/* entries of feat */
	size_t		 width;		/* model inputs they make */
	char		**input_names;	/* width names ("Income", "Home=rent"), owned */
	size_t		*feat_of;	/* width: the feature of each input, owned */
	char		**classes;	/* the target's class names (string target or schema), owned */
	size_t		 nclasses;	/* entries of classes (0: none known) */
	uint32_t	*class_of;	/* string target: text id -> class + 1; owned, or NULL */
	char		*positive;	/* the schema's positive class, owned, or NULL */
	char		*schema;	/* the schema's path, owned, or NULL (inferred) */
	char		*note;		/* what was declared and inferred, for a user; owned */
	int		 inferred;	/* some encoding was inferred from the data */
	int		 policy_given;	/* the user named the policy (--impute): it
					   overrides each feature's own */
	const char	*policy_spelled; /* how the front end spells that
					   setting in messages ("set impute"),
					   static; NULL: "--impute" */
};

/* What encode_select is asked for. */
struct gs_encode_opts {
	const char	*target;	/* target column (--target), or NULL: the schema's */
	const char	*drop;		/* comma-separated columns to leave out, or NULL */
	size_t		 expect;	/* the model's input width, 0: any */
	const struct gs_schema *schema;	/* borrowed, or NULL: inferred from the data */
	gs_level_fn	 level_fn;	/* for function encodings, or NULL: the schema's */
	void		*level_arg;	/* passed to level_fn */
};

/*
 * Choose and encode a dataset's model inputs into sel (the inputs' data
 * columns, the target, and sel->enc). With a schema: its input entries in
 * its order; data columns it does not name are left out (the note says
 * which). Without one: every column but the target and drop, a numeric
 * column as itself, a text column as a category one-hot encoded with its
 * levels sorted as scikit-learn's OneHotEncoder and pandas' get_dummies
 * sort them, and blocks of 0/1 columns named "Group.Level" whose every
 * row has exactly one 1 read as one categorical feature each. When
 * expect is set and the data makes another width, the first level of
 * each inferred one-hot category is dropped (as drop="first") if that
 * makes it fit; the note says so. The target's classes: the schema's,
 * else a text target's sorted levels.
 * Every cell is checked here, so that encoding a row later can fail only
 * on a missing value. Free sel with dataset_selection_free.
 * Errors (each naming file:line:column of the cell, or the schema's
 * file:line): GS_EINVAL (an unknown column, with a suggestion; a target
 * given twice over); GS_EPARSE (text in a numeric column, a column of
 * numbers and text with no schema to say which, a level the schema does
 * not declare, a target value not among its classes, an indicator
 * block's row that is not 0/1 with at most one 1); GS_ESHAPE (a width
 * other than expect, each feature's width named; no input left);
 * GS_ELIMIT (too many levels); what level_fn fails with.
 */
int		 encode_select(const struct gs_dataset *ds,
		    const struct gs_encode_opts *o, struct gs_selection *sel,
		    struct gs_error *err);

/* Free an encoding; NULL is fine. */
void		 encode_free(struct gs_encoding *enc);

/*
 * Encode row of ds into out (sel->n model inputs). A missing cell
 * follows its feature's own policy (the schema's) or impute (enum
 * gs_impute): error and skip fail with GS_EMISSING naming the cell and
 * what to do (skip says the row is skipped), model passes NaN, the others
 * fill it in. flags (sel->n entries, may be NULL) receives for each input
 * the policy that filled it (GS_IMPUTE_MEAN, ...), GS_IMPUTE_MODEL for a
 * NaN passed on, or GS_IMPUTE_ERROR (0) for an input from the data; a
 * category filled under mean or median is flagged GS_IMPUTE_MODE, as its
 * most frequent level (or the schema's fill) is what it gets.
 * Errors: GS_ERANGE (no such row), GS_EMISSING.
 */
int		 encode_row(const struct gs_dataset *ds,
		    const struct gs_selection *sel, size_t row, int impute,
		    double *out, unsigned char *flags, struct gs_error *err);

/*
 * Whether row encodes without an error under impute: every missing cell
 * of it is filled or passed on.
 */
int		 encode_row_usable(const struct gs_dataset *ds,
		    const struct gs_selection *sel, size_t row, int impute);

/*
 * Whether row is left out by a skip policy: some missing cell of it is to
 * be skipped and none is an error (encode_row then fails with GS_EMISSING
 * saying the row is skipped).
 */
int		 encode_row_skipped(const struct gs_dataset *ds,
		    const struct gs_selection *sel, size_t row, int impute);

/*
 * The policy that governs feature k's missing cells under the global
 * policy impute: impute when the user named it (enc->policy_given: an
 * explicit option beats a schema's default), else the feature's own (the
 * schema's), else impute.
 */
enum gs_impute	 encode_policy(const struct gs_encoding *enc, size_t k,
		    int impute);

/*
 * Count the rows of ds that fail to encode under impute: *n gets their
 * number and *first the first of them (ds->nrows when none).
 */
void		 encode_count_unusable(const struct gs_dataset *ds,
		    const struct gs_selection *sel, int impute, size_t *n,
		    size_t *first);

/*
 * The level feature k of encoding enc has in model inputs x (the whole
 * row of enc->width), or -1 when x holds none exactly (a numeric feature,
 * a baseline's mean of levels, a path between two levels, NaN).
 */
long		 encode_level(const struct gs_encoding *enc, size_t k,
		    const double *x);

/* Write the encoding of level (< nlevels) of feature k into x. */
void		 encode_set_level(const struct gs_encoding *enc, size_t k,
		    size_t level, double *x);

/*
 * Mean and standard deviation of model input i over the rows of ds
 * (missing cells left out): a numeric input's column statistics, a
 * one-hot input's share of rows at its level and its spread (NaN where
 * there is none, as for an ordinal or function input). Without an
 * encoding, those of column sel->cols[i].
 */
void		 encode_input_stats(struct gs_dataset *ds,
		    const struct gs_selection *sel, size_t i, double *mean,
		    double *sd);

/*
 * A row that stands for the data's centre, written into out (sel->n
 * inputs): each numeric feature's mean, each categorical feature's most
 * frequent level (never a blend of levels, which no applicant has).
 */
void		 encode_mean_row(struct gs_dataset *ds,
		    const struct gs_selection *sel, double *out);

/* The name of model input i of sel (borrowed): "Home=rent", "Income". */
const char	*encode_input_name(const struct gs_dataset *ds,
		    const struct gs_selection *sel, size_t i);

/*
 * The class index of row's target: a text target's place among the
 * classes, a number as itself when whole and not negative; -1 when
 * missing, not whole, or there is no target.
 */
long		 encode_target_class(const struct gs_dataset *ds,
		    const struct gs_selection *sel, size_t row);

/*
 * The level of row's cell of feature f (one-hot, ordinal or function:
 * its one data column), or -1 when the cell is missing.
 */
long		 encode_cell_level(const struct gs_dataset *ds,
		    const struct gs_feature *f, size_t row);

/*
 * Step feature k of x (a row of model inputs) to the next level (dir 1)
 * or the one before (dir -1), round the levels in order; from no level
 * (a blend), to the most frequent. Returns the new level, or -1 when the
 * feature has no levels.
 */
long		 encode_step_level(const struct gs_encoding *enc, size_t k,
		    double *x, int dir);

/*
 * The same encoding for another dataset with the same columns (a baseline
 * file): its features, levels in the same order, widths and policies, so
 * that its rows are inputs of the same model. out is filled as by
 * encode_select. Errors: those of encode_select on other, naming a
 * missing column or a level the encoding does not have.
 */
int		 encode_rebind(const struct gs_selection *sel,
		    const struct gs_dataset *ds, const struct gs_dataset *other,
		    struct gs_selection *out, struct gs_error *err);

/* Whether feature k of enc is categorical (has levels). */
int		 encode_categorical(const struct gs_encoding *enc, size_t k);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * Encoding rows with an encoding made by encode_select: a row's model
 * inputs under the missing-value policy with the cells it filled flagged,
 * the level a row of inputs holds and setting one, and the statistics and
 * names of the inputs that the layers above ask for.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/encode.h"

long
encode_cell_level(const struct gs_dataset *ds, const struct gs_feature *f,
    size_t row)
{
	size_t	id, i;
	double	v;

	if ((id = dataset_text_id(ds, row, f->col)) != 0)
		return ((long)f->level_of[id] - 1);
	v = dataset_cell(ds, row, f->col);
	if (isnan(v))
		return (-1);
	for (i = 0; i < f->nlevels; i++)
		if (f->level_num[i] == v)
			return ((long)i);
	return (-1);
}


enum gs_impute
encode_policy(const struct gs_encoding *enc, size_t k, int impute)
{
	if (enc != NULL && k < enc->nfeat && enc->feat[k].own_policy &&
	    !enc->policy_given)
		return (enc->feat[k].missing);
	if (impute < 0 || impute >= GS_IMPUTE_COUNT)
		return (GS_IMPUTE_ERROR);
	return ((enum gs_impute)impute);
}

/*
 * Whether numeric feature f of enc fills in the schema's fill under
 * policy p: the schema's own policy computed it; another policy the user
 * named computes its own statistic.
 */
static int
encode_fill_given(const struct gs_encoding *enc, const struct gs_feature *f,
    enum gs_impute p)
{
	return (f->fill_given && (!enc->policy_given || !f->own_policy ||
	    p == f->missing));
}

/* Whether feature f's cell in row is missing (level -1 on no text). */
static int
encode_missing(const struct gs_dataset *ds, const struct gs_feature *f,
    size_t row, long *lv)
{
	size_t	k;
	double	v;

	*lv = -1;
	switch (f->encode) {
	case GS_ENCODE_NUMBER:
		return (isnan(dataset_cell(ds, row, f->col)));
	case GS_ENCODE_INDICATORS:
		for (k = 0; k < f->nlevels; k++) {
			v = dataset_cell(ds, row, f->cols[k]);
			if (isnan(v))
				return (1);
			if (v == 1)
				*lv = (long)k;
		}
		return (0);
	default:
		*lv = encode_cell_level(ds, f, row);
		return (*lv < 0);
	}
}

/* Write level lv of f into out (f's inputs only); lv -1: none (zeros). */
static void
encode_put_level(const struct gs_feature *f, long lv, double *out)
{
	size_t	j;

	switch (f->encode) {
	case GS_ENCODE_ONEHOT:
	case GS_ENCODE_INDICATORS:
		for (j = 0; j < f->width; j++)
			out[f->start + j] = 0;
		if (lv >= 0 && (size_t)lv >= (size_t)f->dropped)
			out[f->start + (size_t)lv - (size_t)f->dropped] = 1;
		break;
	case GS_ENCODE_ORDINAL:
		out[f->start] = (double)lv;
		break;
	case GS_ENCODE_FUNCTION:
		memcpy(out + f->start, f->table + (size_t)lv * f->width,
		    f->width * sizeof *out);
		break;
	default:
		break;
	}
}

/* The message for a missing cell that policy p does not fill. */
static int
encode_missing_fail(const struct gs_dataset *ds,
    const struct gs_encoding *enc, const struct gs_feature *f, size_t row,
    enum gs_impute p, struct gs_error *err)
{
	size_t	col = f->col, k;
	const char *spelled;

	/* The first missing cell of an indicator block. */
	for (k = 0; f->encode == GS_ENCODE_INDICATORS && k < f->nlevels; k++)
		if (isnan(dataset_cell(ds, row, f->cols[k]))) {
			col = f->cols[k];
			break;
		}
	if (p == GS_IMPUTE_SKIP)
		return (gs_error_set(err, GS_EMISSING, "%s:%zu:%zu: row %zu "
		    "skipped: a missing value in column '%s' (--impute skip)",
		    ds->path, dataset_cell_line(ds, row, col), col + 1, row,
		    ds->cols[col].name));
	if (f->own_policy && !enc->policy_given)
		return (gs_error_set(err, GS_EMISSING, "%s:%zu:%zu: row %zu "
		    "has a missing value in column '%s', which the schema "
		    "(%s:%zu) says may not be missing; choose another row",
		    ds->path, dataset_cell_line(ds, row, col), col + 1, row,
		    ds->cols[col].name, enc->schema != NULL ? enc->schema :
		    "?", f->schema_line));
	if (f->own_policy && f->missing != GS_IMPUTE_ERROR) {
		/* "--impute" (leave it out), "set impute" (default). */
		spelled = enc->policy_spelled != NULL ? enc->policy_spelled :
		    "--impute";
		return (gs_error_set(err, GS_EMISSING, "%s:%zu:%zu: row %zu "
		    "has a missing value in column '%s'; %s error "
		    "overrides the schema's %s for it (%s:%zu); %s%s%s to "
		    "follow the schema, or choose another row",
		    ds->path, dataset_cell_line(ds, row, col), col + 1, row,
		    ds->cols[col].name, spelled, impute_name(f->missing),
		    enc->schema != NULL ? enc->schema : "?", f->schema_line,
		    strncmp(spelled, "set ", 4) == 0 ? "" : "leave ", spelled,
		    strncmp(spelled, "set ", 4) == 0 ? " default" : " out"));
	}
	return (gs_error_set(err, GS_EMISSING, "%s:%zu:%zu: row %zu has a "
	    "missing value in column '%s'; choose a missing-value policy "
	    "(--impute mean, median, mode, skip or model) or another row",
	    ds->path, dataset_cell_line(ds, row, col), col + 1, row,
	    ds->cols[col].name));
}

int
encode_row(const struct gs_dataset *ds, const struct gs_selection *sel,
    size_t row, int impute, double *out, unsigned char *flags,
    struct gs_error *err)
{
	const struct gs_encoding *enc = sel->enc;
	const struct gs_feature	*f;
	enum gs_impute		 p;
	size_t			 k, j;
	long			 lv;
	double			 v;

	if (row >= ds->nrows)
		return (gs_error_set(err, GS_ERANGE, "%s: there is no row %zu; "
		    "the data has %zu rows (0 to %zu)", ds->path, row,
		    ds->nrows, ds->nrows - 1));
	if (flags != NULL)
		memset(flags, 0, sel->n);
	for (k = 0; k < enc->nfeat; k++) {
		f = &enc->feat[k];
		if (!encode_missing(ds, f, row, &lv)) {
			if (f->encode == GS_ENCODE_NUMBER)
				out[f->start] = dataset_cell(ds, row, f->col);
			else
				encode_put_level(f, lv, out);
			continue;
		}
		p = encode_policy(enc, k, impute);
		if (p == GS_IMPUTE_ERROR || p == GS_IMPUTE_SKIP)
			return (encode_missing_fail(ds, enc, f, row, p, err));
		if (p == GS_IMPUTE_MODEL) {
			for (j = 0; j < f->width; j++)
				out[f->start + j] = NAN;
		} else if (f->encode == GS_ENCODE_NUMBER) {
			v = encode_fill_given(enc, f, p) ? f->fill :
			    f->stat[p];
			if (isnan(v))
				return (gs_error_set(err, GS_EMISSING, "%s:%zu:"
				    "%zu: row %zu has a missing value in column "
				    "'%s', which has no values to take a %s of",
				    ds->path, dataset_cell_line(ds, row,
				    f->col), f->col + 1, row, f->name,
				    impute_name(p)));
			out[f->start] = v;
		} else {
			if (f->fill_level < 0)
				return (gs_error_set(err, GS_EMISSING, "%s:%zu: "
				    "row %zu has a missing value in '%s', "
				    "which has no level to fill in", ds->path,
				    dataset_line(ds, row), row, f->name));
			encode_put_level(f, f->fill_level, out);
			p = GS_IMPUTE_MODE;	/* a level is never a mean */
		}
		if (flags != NULL)
			for (j = 0; j < f->width; j++)
				flags[f->start + j] = (unsigned char)p;
	}
	return (0);
}

/*
 * What a missing cell of feature k does under impute: 0 it is filled or
 * passed on, 1 its row is skipped, 2 its row fails.
 */
static int
encode_missing_fate(const struct gs_encoding *enc, size_t k, int impute)
{
	const struct gs_feature	*f = &enc->feat[k];
	enum gs_impute		 p = encode_policy(enc, k, impute);

	if (p == GS_IMPUTE_SKIP)
		return (1);
	if (p == GS_IMPUTE_ERROR)
		return (2);
	if (p != GS_IMPUTE_MODEL && f->encode == GS_ENCODE_NUMBER &&
	    !encode_fill_given(enc, f, p) && isnan(f->stat[p]))
		return (2);
	if (p != GS_IMPUTE_MODEL && f->encode != GS_ENCODE_NUMBER &&
	    f->fill_level < 0)
		return (2);
	return (0);
}

/* The worst fate of row's missing cells (encode_missing_fate). */
static int
encode_row_fate(const struct gs_dataset *ds, const struct gs_selection *sel,
    size_t row, int impute)
{
	const struct gs_encoding *enc = sel->enc;
	size_t			 k;
	long			 lv;
	int			 fate = 0, one;

	if (row >= ds->nrows)
		return (2);
	for (k = 0; k < enc->nfeat; k++) {
		if (!encode_missing(ds, &enc->feat[k], row, &lv))
			continue;
		if ((one = encode_missing_fate(enc, k, impute)) > fate)
			fate = one;
	}
	return (fate);
}

int
encode_row_usable(const struct gs_dataset *ds, const struct gs_selection *sel,
    size_t row, int impute)
{
	return (encode_row_fate(ds, sel, row, impute) == 0);
}

int
encode_row_skipped(const struct gs_dataset *ds, const struct gs_selection *sel,
    size_t row, int impute)
{
	return (encode_row_fate(ds, sel, row, impute) == 1);
}

void
encode_count_unusable(const struct gs_dataset *ds,
    const struct gs_selection *sel, int impute, size_t *n, size_t *first)
{
	size_t	r;

	*n = 0;
	*first = ds->nrows;
	for (r = 0; r < ds->nrows; r++) {
		if (encode_row_usable(ds, sel, r, impute))
			continue;
		if ((*n)++ == 0)
			*first = r;
	}
}

long
encode_level(const struct gs_encoding *enc, size_t k, const double *x)
{
	const struct gs_feature	*f;
	size_t			 j, lv = 0, ones = 0;
	double			 v;

	if (enc == NULL || k >= enc->nfeat)
		return (-1);
	f = &enc->feat[k];
	switch (f->encode) {
	case GS_ENCODE_ONEHOT:
	case GS_ENCODE_INDICATORS:
		for (j = 0; j < f->width; j++) {
			v = x[f->start + j];
			if (v == 1) {
				ones++;
				lv = j + (size_t)f->dropped;
			} else if (v != 0)
				return (-1);
		}
		if (ones == 1)
			return ((long)lv);
		return (ones == 0 && f->dropped ? 0 : -1);
	case GS_ENCODE_ORDINAL:
		v = x[f->start];
		if (v >= 0 && v < (double)f->nlevels && v == floor(v))
			return ((long)v);
		return (-1);
	case GS_ENCODE_FUNCTION:
		for (lv = 0; lv < f->nlevels; lv++)
			if (memcmp(x + f->start, f->table + lv * f->width,
			    f->width * sizeof *x) == 0)
				return ((long)lv);
		return (-1);
	default:
		return (-1);
	}
}

void
encode_set_level(const struct gs_encoding *enc, size_t k, size_t level,
    double *x)
{
	if (enc == NULL || k >= enc->nfeat || level >= enc->feat[k].nlevels)
		return;
	encode_put_level(&enc->feat[k], (long)level, x);
}

int
encode_categorical(const struct gs_encoding *enc, size_t k)
{
	return (enc != NULL && k < enc->nfeat && enc->feat[k].nlevels > 0 &&
	    enc->feat[k].encode != GS_ENCODE_NUMBER);
}

/* Input j (from f->start) of categorical feature f at level lv. */
static double
encode_input_at(const struct gs_feature *f, size_t lv, size_t j)
{
	switch (f->encode) {
	case GS_ENCODE_ONEHOT:
	case GS_ENCODE_INDICATORS:
		return (lv == j + (size_t)f->dropped);
	case GS_ENCODE_ORDINAL:
		return ((double)lv);
	default:
		return (f->table[lv * f->width + j]);
	}
}

void
encode_input_stats(struct gs_dataset *ds, const struct gs_selection *sel,
    size_t i, double *mean, double *sd)
{
	const struct gs_encoding *enc = sel->enc;
	const struct gs_feature	*f;
	double			 s = 0, ss = 0, v, n = 0;
	size_t			 lv;

	if (enc == NULL) {
		dataset_column_stats(ds, sel->cols[i], mean, sd);
		return;
	}
	*mean = *sd = NAN;
	if (i >= enc->width)
		return;
	f = &enc->feat[enc->feat_of[i]];
	if (f->encode == GS_ENCODE_NUMBER) {
		dataset_column_stats(ds, f->col, mean, sd);
		return;
	}
	/* Weighted by the rows at each level: the input's value there. */
	for (lv = 0; lv < f->nlevels; lv++) {
		s += (double)f->count[lv] * encode_input_at(f, lv,
		    i - f->start);
		n += (double)f->count[lv];
	}
	if (n == 0)
		return;
	*mean = s / n;
	for (lv = 0; lv < f->nlevels; lv++) {
		v = encode_input_at(f, lv, i - f->start) - *mean;
		ss += (double)f->count[lv] * v * v;
	}
	*sd = n > 1 ? sqrt(ss / (n - 1)) : 0;
}

void
encode_mean_row(struct gs_dataset *ds, const struct gs_selection *sel,
    double *out)
{
	const struct gs_encoding *enc = sel->enc;
	const struct gs_feature	*f;
	double			 sd;
	size_t			 k, lv, best;

	if (enc == NULL) {
		for (k = 0; k < sel->n; k++)
			dataset_column_stats(ds, sel->cols[k], &out[k], &sd);
		return;
	}
	for (k = 0; k < enc->nfeat; k++) {
		f = &enc->feat[k];
		if (f->encode == GS_ENCODE_NUMBER) {
			dataset_column_stats(ds, f->col, &out[f->start], &sd);
			continue;
		}
		for (lv = 1, best = 0; lv < f->nlevels; lv++)
			if (f->count[lv] > f->count[best])
				best = lv;
		encode_put_level(f, (long)best, out);
	}
}

const char *
encode_input_name(const struct gs_dataset *ds, const struct gs_selection *sel,
    size_t i)
{
	if (sel->enc != NULL && i < sel->enc->width)
		return (sel->enc->input_names[i]);
	return (ds->cols[sel->cols[i]].name);
}

long
encode_target_class(const struct gs_dataset *ds,
    const struct gs_selection *sel, size_t row)
{
	const struct gs_encoding *enc = sel->enc;
	size_t			 id, k;
	double			 v;
	char			 txt[40];

	if (sel->target < 0 || row >= ds->nrows)
		return (-1);
	id = dataset_text_id(ds, row, (size_t)sel->target);
	if (enc != NULL && enc->class_of != NULL) {
		if (id != 0)
			return ((long)enc->class_of[id] - 1);
		v = dataset_cell(ds, row, (size_t)sel->target);
		if (isnan(v))
			return (-1);
		dataset_number_text(v, txt, sizeof txt);
		for (k = 0; k < enc->nclasses; k++)
			if (strcmp(enc->classes[k], txt) == 0)
				return ((long)k);
		return (-1);
	}
	v = dataset_cell(ds, row, (size_t)sel->target);
	if (isnan(v) || v < 0 || v != floor(v) || v > 1e9)
		return (-1);
	return ((long)v);
}

long
encode_step_level(const struct gs_encoding *enc, size_t k, double *x, int dir)
{
	const struct gs_feature	*f;
	long			 lv;
	size_t			 best, i;

	if (!encode_categorical(enc, k))
		return (-1);
	f = &enc->feat[k];
	if ((lv = encode_level(enc, k, x)) < 0) {
		for (i = 1, best = 0; i < f->nlevels; i++)
			if (f->count[i] > f->count[best])
				best = i;
		lv = (long)best;
	} else
		lv = (lv + (dir < 0 ? (long)f->nlevels - 1 : 1)) %
		    (long)f->nlevels;
	encode_put_level(f, lv, x);
	return (lv);
}

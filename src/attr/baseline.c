/* SPDX-License-Identifier: ISC */
/*
 * Baseline sets: what "feature absent" means. Built-in specs are zeros,
 * column means, every row of the data, a seeded sample of K rows, one data
 * row, or the rows of another CSV file with the same feature columns.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr/attr.h"
#include "core/number.h"
#include "core/rng.h"
#include "core/xmalloc.h"
#include "data/encode.h"

/* Stream of the generator reserved for drawing baseline samples. */
#define BASELINE_STREAM	UINT64_C(0xba5e11e5)

/* Parse a whole non-negative decimal number. */
static int
baseline_parse_count(const char *s, size_t *out)
{
	uint64_t	v;

	if (number_parse(s, SIZE_MAX, &v) != 0)
		return (-1);
	*out = (size_t)v;
	return (0);
}

static void
baseline_alloc(struct gs_baseline *bl, size_t n, size_t d)
{
	bl->n = n;
	bl->d = d;
	bl->rows = xcalloc(xmul(n, d), sizeof *bl->rows);
}

/* Record where bl's n rows come from: kind, and the rows idx. */
static void
baseline_origin(struct gs_baseline *bl, enum gs_base_kind kind,
    const size_t *idx)
{
	bl->kind = kind;
	bl->origin = xcalloc(bl->n, sizeof *bl->origin);
	memcpy(bl->origin, idx, bl->n * sizeof *bl->origin);
}

/* Copy data row r into baseline row i; GS_EMISSING unless impute. */
static int
baseline_copy_row(struct gs_baseline *bl, size_t i, struct gs_dataset *ds,
    const struct gs_selection *sel, size_t r, int impute, double *tmp,
    struct gs_error *err)
{
	size_t	j;

	if (dataset_row(ds, sel, r, impute, tmp, err) != 0)
		return (-1);
	for (j = 0; j < sel->n; j++)
		bl->rows[i * bl->d + j] = (gs_real)tmp[j];
	return (0);
}

/*
 * Rows usable as baselines: those that encode under the missing-value
 * policy impute (all, when it fills every cell), whole rows, so that a
 * baseline never holds two levels of one category.
 */
static size_t *
baseline_usable_rows(const struct gs_dataset *ds,
    const struct gs_selection *sel, int impute, size_t *n)
{
	size_t	*idx = xcalloc(ds->nrows + 1, sizeof *idx), r;
	int	 ok;

	for (*n = 0, r = 0; r < ds->nrows; r++) {
		if (sel->enc != NULL)
			ok = encode_row_usable(ds, sel, r, impute) &&
			    (impute != GS_IMPUTE_MODEL ||
			    !dataset_row_missing(ds, sel, r));
		else
			ok = impute == GS_IMPUTE_MEAN ||
			    !dataset_row_missing(ds, sel, r);
		if (ok)
			idx[(*n)++] = r;
	}
	return (idx);
}

/* The rows of a CSV file with the same feature columns as ds. */
static int
baseline_from_file(struct gs_baseline *bl, const char *path,
    const struct gs_dataset *ds, const struct gs_selection *sel, int impute,
    struct gs_error *err)
{
	struct gs_dataset	*f;
	struct gs_selection	 fsel;
	size_t			 j;
	long			 c;
	double			*tmp = NULL;
	int			 rc = -1;

	if ((f = dataset_load(path, err)) == NULL)
		return (-1);
	memset(&fsel, 0, sizeof fsel);
	if (sel->enc != NULL) {
		/* The file's rows encoded as the data's. */
		if (encode_rebind(sel, ds, f, &fsel, err) != 0)
			goto out;
		goto rows;
	}
	fsel.n = sel->n;
	fsel.target = -1;
	fsel.cols = xcalloc(sel->n, sizeof *fsel.cols);
	for (j = 0; j < sel->n; j++) {
		const char *name = ds->cols[sel->cols[j]].name;
		if ((c = dataset_column(f, name)) < 0) {
			gs_error_set(err, GS_ESHAPE, "%s: baseline file has no "
			    "column '%s'", path, name);
			goto out;
		}
		if (f->cols[c].n_text != 0) {
			gs_error_set(err, GS_EPARSE, "%s:%zu: column '%s' is "
			    "not numeric ('%s')", path, f->cols[c].text_line,
			    name, f->cols[c].text_first);
			goto out;
		}
		fsel.cols[j] = (size_t)c;
	}
rows:
	if (f->nrows == 0) {
		gs_error_set(err, GS_EINVAL, "%s: baseline file has no rows",
		    path);
		goto out;
	}
	baseline_alloc(bl, f->nrows, sel->n);
	bl->kind = GS_BASE_FILE;
	bl->origin = xcalloc(f->nrows, sizeof *bl->origin);
	tmp = xcalloc(sel->n, sizeof *tmp);
	for (j = 0; j < f->nrows; j++) {
		bl->origin[j] = j;
		if (baseline_copy_row(bl, j, f, &fsel, j, impute, tmp,
		    err) != 0)
			goto out;
	}
	xasprintf(&bl->desc, "%zu row%s of %s", f->nrows,
	    f->nrows == 1 ? "" : "s", path);
	rc = 0;
out:
	free(tmp);
	dataset_selection_free(&fsel);
	dataset_free(f);
	return (rc);
}

int
baseline_make(struct gs_baseline *bl, const char *spec, struct gs_dataset *ds,
    const struct gs_selection *sel, int impute, uint64_t seed,
    struct gs_error *err)
{
	struct gs_rng	 r;
	size_t		 d = sel->n, i, j, k, n, *idx = NULL;
	double		*tmp = NULL;

	memset(bl, 0, sizeof *bl);
	tmp = xcalloc(d, sizeof *tmp);
	if (strcmp(spec, "zeros") == 0) {
		baseline_alloc(bl, 1, d);
		bl->kind = GS_BASE_ZEROS;
		bl->desc = xstrdup("zeros");
	} else if (strcmp(spec, "mean") == 0) {
		baseline_alloc(bl, 1, d);
		bl->kind = GS_BASE_MEAN;
		/* A category's most frequent level, not a blend of levels. */
		encode_mean_row(ds, sel, tmp);
		for (j = 0; j < d; j++)
			bl->rows[j] = (gs_real)tmp[j];
		for (j = 0, k = 0; sel->enc != NULL && j < sel->enc->nfeat; j++)
			k += encode_categorical(sel->enc, j);
		if (k > 0)
			xasprintf(&bl->desc, "column means of %s (the most "
			    "frequent level of each category)", ds->name);
		else
			xasprintf(&bl->desc, "column means of %s", ds->name);
	} else if (strcmp(spec, "data") == 0) {
		idx = baseline_usable_rows(ds, sel, impute, &n);
		if (n == 0) {
			gs_error_set(err, GS_EMISSING, "baseline 'data': every "
			    "row of %s has a missing value; use --impute mean",
			    ds->name);
			goto fail;
		}
		baseline_alloc(bl, n, d);
		baseline_origin(bl, GS_BASE_DATA, idx);
		for (i = 0; i < n; i++)
			if (baseline_copy_row(bl, i, ds, sel, idx[i], impute,
			    tmp, err) != 0)
				goto fail;
		if (n == ds->nrows)
			xasprintf(&bl->desc, "all %zu rows of %s", n, ds->name);
		else
			xasprintf(&bl->desc, "%zu of %zu rows of %s (rows with "
			    "missing values left out)", n, ds->nrows, ds->name);
	} else if (strncmp(spec, "sample:", 7) == 0) {
		if (baseline_parse_count(spec + 7, &k) != 0 || k == 0) {
			gs_error_set(err, GS_EINVAL, "baseline '%s': K must be "
			    "a whole number of rows, at least 1", spec);
			goto fail;
		}
		idx = baseline_usable_rows(ds, sel, impute, &n);
		if (k > n) {
			gs_error_set(err, GS_EINVAL, "baseline '%s': %s has "
			    "only %zu usable rows", spec, ds->name, n);
			goto fail;
		}
		/* Partial Fisher-Yates: the first k of a seeded shuffle. */
		gs_rng_init(&r, seed, BASELINE_STREAM);
		for (i = 0; i < k; i++) {
			size_t t, s = i + (size_t)gs_rng_below(&r, n - i);
			t = idx[i];
			idx[i] = idx[s];
			idx[s] = t;
		}
		baseline_alloc(bl, k, d);
		baseline_origin(bl, GS_BASE_DATA, idx);
		for (i = 0; i < k; i++)
			if (baseline_copy_row(bl, i, ds, sel, idx[i], impute,
			    tmp, err) != 0)
				goto fail;
		xasprintf(&bl->desc, "%zu rows of %s drawn with seed %" PRIu64,
		    k, ds->name, seed);
	} else if (strncmp(spec, "row:", 4) == 0) {
		if (baseline_parse_count(spec + 4, &k) != 0 ||
		    k >= ds->nrows) {
			gs_error_set(err, GS_EINVAL, "baseline '%s': the row "
			    "must be 0 to %zu", spec, ds->nrows - 1);
			goto fail;
		}
		baseline_alloc(bl, 1, d);
		baseline_origin(bl, GS_BASE_ROW, &k);
		if (baseline_copy_row(bl, 0, ds, sel, k, impute, tmp, err) != 0)
			goto fail;
		xasprintf(&bl->desc, "row %zu of %s", k, ds->name);
	} else if (strncmp(spec, "file:", 5) == 0) {
		if (baseline_from_file(bl, spec + 5, ds, sel, impute, err) != 0)
			goto fail;
	} else {
		gs_error_set(err, GS_EINVAL, "unknown baseline '%s' (zeros, "
		    "mean, data, sample:K, row:N, file:PATH.csv)", spec);
		goto fail;
	}
	bl->spec = xstrdup(spec);
	free(idx);
	free(tmp);
	return (0);
fail:
	free(idx);
	free(tmp);
	baseline_clear(bl);
	return (-1);
}

void
baseline_clear(struct gs_baseline *bl)
{
	free(bl->spec);
	free(bl->desc);
	free(bl->rows);
	free(bl->weights);
	free(bl->origin);
	memset(bl, 0, sizeof *bl);
}

void
baseline_copy(struct gs_baseline *dst, const struct gs_baseline *src)
{
	memset(dst, 0, sizeof *dst);
	dst->spec = src->spec != NULL ? xstrdup(src->spec) : NULL;
	dst->desc = src->desc != NULL ? xstrdup(src->desc) : NULL;
	dst->kind = src->kind;
	baseline_alloc(dst, src->n, src->d);
	memcpy(dst->rows, src->rows, src->n * src->d * sizeof *dst->rows);
	if (src->weights != NULL) {
		dst->weights = xcalloc(src->n, sizeof *dst->weights);
		memcpy(dst->weights, src->weights, src->n *
		    sizeof *dst->weights);
	}
	if (src->origin != NULL) {
		dst->origin = xcalloc(src->n, sizeof *dst->origin);
		memcpy(dst->origin, src->origin, src->n *
		    sizeof *dst->origin);
	}
}

static const char *baseline_kind_names[] = { "rows", "data", "zeros", "mean",
    "row", "file", "none" };
_Static_assert(sizeof baseline_kind_names / sizeof baseline_kind_names[0] ==
    GS_BASE_KIND_COUNT, "baseline_kind_names out of step with gs_base_kind");

const char *
base_kind_name(enum gs_base_kind k)
{
	return ((int)k >= 0 && k < GS_BASE_KIND_COUNT ?
	    baseline_kind_names[k] : "none");
}

const char *
explanation_base_label(const struct gs_explanation *ex, int utf8, char *buf,
    size_t size)
{
	enum gs_base_kind	k = ex->base_kind;

	if (isnan(ex->base))
		k = GS_BASE_NONE;
	switch (k) {
	case GS_BASE_ZEROS:
		snprintf(buf, size, "f(zeros)");
		break;
	case GS_BASE_MEAN:
		/* x with a combining macron: x-bar. */
		snprintf(buf, size, "%s", utf8 ? "f(x\xcc\x84)" : "f(mean x)");
		break;
	case GS_BASE_ROW:
		snprintf(buf, size, "f(row %zu)", ex->base_row);
		break;
	case GS_BASE_NONE:
		snprintf(buf, size, "none");
		break;
	default:
		if (ex->base_n == 1 && k == GS_BASE_DATA)
			snprintf(buf, size, "f(row %zu)", ex->base_row);
		else if (ex->base_n == 1)
			snprintf(buf, size, "%s", k == GS_BASE_FILE ?
			    "f(file row)" : "f(b)");
		else
			snprintf(buf, size, "%sE[f(b)] over %zu rows",
			    ex->base_weighted ? "weighted " : "", ex->base_n);
		break;
	}
	return (buf);
}

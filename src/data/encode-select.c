/* SPDX-License-Identifier: ISC */
/*
 * Choosing a dataset's model inputs and their encoding: the input columns
 * (by a schema, or by what the data holds), each category's levels and
 * width, every cell checked once, the fill values of the missing-value
 * policies, the target's classes, and a note saying what was inferred.
 * encode.c encodes rows with the result.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/names.h"
#include "core/xmalloc.h"
#include "data/encode.h"

/* A level seen in a column while its levels are gathered. */
struct encode_seen {
	const char	*text;		/* the level's text (borrowed or in num_text) */
	double		 num;		/* its number, or NaN for a text */
	size_t		 id;		/* its text id, 0 for a number */
};

/* What encode_select builds before it is handed over. */
struct encode_build {
	const struct gs_dataset	*ds;		/* the data, borrowed */
	const struct gs_encode_opts *o;		/* what was asked, borrowed */
	const char		*spath;		/* the schema's path, or NULL */
	struct gs_encoding	*enc;		/* being built */
	size_t			 cap;		/* room in enc->feat */
	char			*used;		/* per column: an input, target or named */
	char			*dropped;	/* per column: in --drop */
	struct gs_feature	 target;	/* a text target's levels */
	long			 target_col;	/* the target's column, or -1 */
};

/* Append printf-style text to *s (owned, may be NULL). */
static void
encode_note(char **s, const char *fmt, ...) __attribute__((format(printf, 2,
    3)));

static void
encode_note(char **s, const char *fmt, ...)
{
	va_list	 ap;
	char	*add, *both;

	va_start(ap, fmt);
	if (vasprintf(&add, fmt, ap) < 0) {
		va_end(ap);
		abort();
	}
	va_end(ap);
	if (*s == NULL) {
		*s = add;
		return;
	}
	xasprintf(&both, "%s%s", *s, add);
	free(*s);
	free(add);
	*s = both;
}

/* Free what feature f owns. */
static void
encode_feature_clear(struct gs_feature *f)
{
	size_t	i;

	free(f->name);
	free(f->cols);
	for (i = 0; i < f->nlevels; i++)
		free(f->levels[i]);
	free(f->levels);
	free(f->level_num);
	free(f->count);
	free(f->level_of);
	free(f->table);
	memset(f, 0, sizeof *f);
}

void
encode_free(struct gs_encoding *enc)
{
	size_t	i;

	if (enc == NULL)
		return;
	for (i = 0; i < enc->nfeat; i++)
		encode_feature_clear(&enc->feat[i]);
	free(enc->feat);
	for (i = 0; enc->input_names != NULL && i < enc->width; i++)
		free(enc->input_names[i]);
	free(enc->input_names);
	free(enc->feat_of);
	for (i = 0; i < enc->nclasses; i++)
		free(enc->classes[i]);
	free(enc->classes);
	free(enc->class_of);
	free(enc->positive);
	free(enc->schema);
	free(enc->note);
	free(enc);
}

/* A new feature at the end of the encoding (zeroed; no policy of its own). */
static struct gs_feature *
encode_add(struct encode_build *b)
{
	struct gs_encoding	*enc = b->enc;
	struct gs_feature	*f;

	if (enc->nfeat == b->cap) {
		b->cap = b->cap == 0 ? 16 : 2 * b->cap;
		enc->feat = xreallocarray(enc->feat, b->cap, sizeof *enc->feat);
	}
	f = &enc->feat[enc->nfeat++];
	memset(f, 0, sizeof *f);
	f->fill_level = -1;
	return (f);
}

/* Number of cells of column col that are numbers. */
static size_t
encode_numbers(const struct gs_dataset *ds, size_t col)
{
	const struct gs_column	*c = &ds->cols[col];

	return (ds->nrows - c->n_missing - c->n_text);
}

/* The first row of column col whose cell is level lv of f, or nrows. */
static size_t
encode_first_at(const struct gs_dataset *ds, size_t col, const char *text,
    double num)
{
	size_t		 r;
	const char	*t;

	for (r = 0; r < ds->nrows; r++) {
		t = dataset_text(ds, r, col);
		if (text != NULL && t != NULL && strcmp(t, text) == 0)
			return (r);
		if (text == NULL && t == NULL && dataset_cell(ds, r, col) == num)
			return (r);
	}
	return (ds->nrows);
}

/* Order seen levels: numbers ascending, then texts (strcmp). */
static int
encode_seen_cmp(const void *a, const void *b)
{
	const struct encode_seen *x = a, *y = b;

	if (isnan(x->num) != isnan(y->num))
		return (isnan(x->num) ? 1 : -1);
	if (!isnan(x->num))
		return (x->num < y->num ? -1 : x->num > y->num);
	return (strcmp(x->text, y->text));
}

/* Order doubles ascending. */
static int
encode_num_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

/* "schema.json:12" for a message about feature f, or "" when inferred. */
static const char *
encode_where(const struct encode_build *b, size_t line, char *buf,
    size_t size)
{
	if (b->spath == NULL || line == 0)
		snprintf(buf, size, "the data");
	else
		snprintf(buf, size, "%s:%zu", b->spath, line);
	return (buf);
}

/*
 * Fail for schema entry e naming column name, which the data lacks:
 * "schema:line:col: column 'Incme' is not in data.csv; did you mean ...".
 */
static int
encode_schema_missing(const struct encode_build *b,
    const struct gs_schema_column *e, const char *name, struct gs_error *err)
{
	const struct gs_dataset	*ds = b->ds;
	const char		**names;
	char			 list[300];
	size_t			 c, best, best_d;

	best = dataset_closest_column(ds, name, &best_d);
	if (best_d <= 2 && best_d < strlen(name))
		return (gs_error_set(err, GS_EINVAL, "%s:%zu:%zu: column '%s' "
		    "is not in %s; did you mean '%s'?", b->spath, e->line,
		    e->col, name, ds->path, ds->cols[best].name));
	names = xcalloc(ds->ncols + 1, sizeof *names);
	for (c = 0; c < ds->ncols; c++)
		names[c] = ds->cols[c].name;
	names_list(list, sizeof list, names, ds->ncols, "columns");
	free(names);
	return (gs_error_set(err, GS_EINVAL, "%s:%zu:%zu: column '%s' is not "
	    "in %s, whose columns are %s; is it the data's schema?", b->spath,
	    e->line, e->col, name, ds->path, list));
}

/*
 * Gather the levels of categorical column f->col: declared (e->levels,
 * every cell checked to be one of them) or sorted from the data; then
 * each text id's level and the rows at each level.
 */
static int
encode_levels(struct encode_build *b, struct gs_feature *f,
    const struct gs_schema_column *e, struct gs_error *err)
{
	const struct gs_dataset	*ds = b->ds;
	const struct gs_column	*c = &ds->cols[f->col];
	struct encode_seen	*seen;
	double			*nums;
	char			 txt[40], where[300], list[300];
	size_t			 n = 0, nnum = 0, i, k, r, nseen;
	long			 lv;

	/* The distinct numbers and texts of the column. */
	nums = xcalloc(ds->nrows + 1, sizeof *nums);
	for (r = 0; r < ds->nrows; r++) {
		nums[nnum] = dataset_cell(ds, r, f->col);
		if (!isnan(nums[nnum]))
			nnum++;
	}
	qsort(nums, nnum, sizeof *nums, encode_num_cmp);
	for (i = 0, k = 0; i < nnum; i++)
		if (k == 0 || nums[i] != nums[k - 1])
			nums[k++] = nums[i];
	nnum = k;
	nseen = nnum + c->n_words;
	if (nseen > GS_ENCODE_MAX_LEVELS) {
		free(nums);
		return (gs_error_set(err, GS_ELIMIT, "%s: column '%s' has %zu "
		    "distinct values, over the limit of %d levels for a "
		    "category; is it an id or a number?", ds->path, c->name,
		    nseen, GS_ENCODE_MAX_LEVELS));
	}
	seen = xcalloc(nseen + 1, sizeof *seen);
	for (i = 0; i < nnum; i++) {
		dataset_number_text(nums[i], txt, sizeof txt);
		seen[n].text = xstrdup(txt);
		seen[n++].num = nums[i];
	}
	for (i = 1; i <= c->n_words; i++) {
		seen[n].text = dataset_word(ds, f->col, i);
		seen[n].num = NAN;
		seen[n++].id = i;
	}
	free(nums);

	f->level_of = xcalloc(c->n_words + 1, sizeof *f->level_of);
	if (e != NULL && e->levels != NULL) {
		f->nlevels = e->nlevels;
		f->levels = xcalloc(f->nlevels, sizeof *f->levels);
		f->level_num = xcalloc(f->nlevels, sizeof *f->level_num);
		for (k = 0; k < f->nlevels; k++) {
			f->levels[k] = xstrdup(e->levels[k]);
			f->level_num[k] = NAN;
		}
		for (i = 0; i < n; i++) {
			for (k = 0; k < f->nlevels; k++)
				if (strcmp(seen[i].text, f->levels[k]) == 0)
					break;
			if (k == f->nlevels) {
				r = encode_first_at(ds, f->col, seen[i].id != 0 ?
				    seen[i].text : NULL, seen[i].num);
				names_list(list, sizeof list,
				    (const char *const *)f->levels, f->nlevels,
				    "levels");
				gs_error_set(err, GS_EPARSE, "%s:%zu:%zu: column "
				    "'%s' has the level '%.60s', which %s does "
				    "not declare (its levels: %s); add it to "
				    "the schema's levels if the model knows it",
				    ds->path, dataset_cell_line(ds, r, f->col),
				    f->col + 1, c->name, seen[i].text,
				    encode_where(b, e->line, where,
				    sizeof where), list);
				goto fail;
			}
			if (seen[i].id != 0)
				f->level_of[seen[i].id] = (uint32_t)(k + 1);
			else
				f->level_num[k] = seen[i].num;
		}
	} else {
		qsort(seen, n, sizeof *seen, encode_seen_cmp);
		f->sorted = 1;
		f->nlevels = n;
		f->levels = xcalloc(n + 1, sizeof *f->levels);
		f->level_num = xcalloc(n + 1, sizeof *f->level_num);
		for (k = 0; k < n; k++) {
			f->levels[k] = xstrdup(seen[k].text);
			f->level_num[k] = seen[k].num;
			if (seen[k].id != 0)
				f->level_of[seen[k].id] = (uint32_t)(k + 1);
		}
	}
	for (i = 0; i < n; i++)
		if (seen[i].id == 0)
			free((char *)seen[i].text);
	free(seen);
	seen = NULL;
	if (f->nlevels == 0)
		return (gs_error_set(err, GS_EPARSE, "%s: column '%s' has no "
		    "values, so no levels to encode", ds->path, c->name));
	f->count = xcalloc(f->nlevels, sizeof *f->count);
	for (r = 0; r < ds->nrows; r++) {
		if ((lv = encode_cell_level(ds, f, r)) >= 0)
			f->count[lv]++;
		else
			f->n_missing++;
	}
	return (0);
fail:
	for (i = 0; i < n; i++)
		if (seen[i].id == 0)
			free((char *)seen[i].text);
	free(seen);
	return (-1);
}

/* The inputs a function encoding gives each level, from level_fn. */
static int
encode_table(struct encode_build *b, struct gs_feature *f,
    const struct gs_schema_column *e, struct gs_error *err)
{
	size_t		k, j;
	char		where[300];
	gs_level_fn	fn = b->o->level_fn;
	void		*arg = b->o->level_arg;

	/* The caller's function, else the schema's own (a Lua schema's). */
	if (fn == NULL && b->o->schema != NULL) {
		fn = b->o->schema->level_fn;
		arg = b->o->schema->level_arg;
	}
	if (fn == NULL)
		return (gs_error_set(err, GS_EUNSUPPORTED, "%s: column '%s' is "
		    "encoded by the function '%s', which only a script can "
		    "give; load the schema from Lua, or encode the column "
		    "another way", encode_where(b, e->line, where,
		    sizeof where), f->name, e->function));
	f->width = e->width;
	f->table = xcalloc(xmul(f->nlevels, f->width), sizeof *f->table);
	for (k = 0; k < f->nlevels; k++) {
		if (fn(arg, e->function, f->levels[k],
		    f->table + k * f->width, f->width, err) != 0)
			return (-1);
		for (j = 0; j < f->width; j++)
			if (!isfinite(f->table[k * f->width + j]))
				return (gs_error_set(err, GS_EINVAL, "%s: the "
				    "function '%s' gives level '%s' of column "
				    "'%s' a value that is not a finite number "
				    "(input %zu)", encode_where(b, e->line,
				    where, sizeof where), e->function,
				    f->levels[k], f->name, j + 1));
	}
	return (0);
}

/* Fail for text in column col, which is numeric (declared or by its cells). */
static int
encode_text_in_numbers(struct encode_build *b, size_t col,
    const struct gs_schema_column *e, struct gs_error *err)
{
	const struct gs_dataset	*ds = b->ds;
	const struct gs_column	*c = &ds->cols[col];
	char			 cell[60], where[300];

	snprintf(cell, sizeof cell, "%.50s%s", c->text_first,
	    strlen(c->text_first) > 50 ? "..." : "");
	if (e != NULL && e->type == GS_TYPE_NUMERIC)
		return (gs_error_set(err, GS_EPARSE, "%s:%zu:%zu: column '%s' "
		    "is numeric (%s) but holds the text '%s' (%zu text "
		    "cell%s); fix the cell, or make the column categorical",
		    ds->path, c->text_line, col + 1, c->name,
		    encode_where(b, e->line, where, sizeof where), cell,
		    c->n_text, c->n_text == 1 ? "" : "s"));
	return (gs_error_set(err, GS_EPARSE, "%s:%zu:%zu: column '%s' holds "
	    "numbers (%zu cell%s) and text ('%s', %zu cell%s); fix the text "
	    "if it is a typo, or give a schema (--schema) that says whether "
	    "the column is numeric or categorical", ds->path, c->text_line,
	    col + 1, c->name, encode_numbers(ds, col),
	    encode_numbers(ds, col) == 1 ? "" : "s", cell, c->n_text,
	    c->n_text == 1 ? "" : "s"));
}

/* Build the feature of data column col (schema entry e, or NULL). */
static int
encode_column(struct encode_build *b, size_t col,
    const struct gs_schema_column *e, struct gs_error *err)
{
	const struct gs_dataset	*ds = b->ds;
	const struct gs_column	*c = &ds->cols[col];
	struct gs_feature	*f;
	enum gs_column_type	 type = e != NULL ? e->type : GS_TYPE_AUTO;
	char			 where[300], num[40];

	if (type == GS_TYPE_AUTO) {
		if (c->n_text == 0)
			type = GS_TYPE_NUMERIC;
		else if (encode_numbers(ds, col) == 0)
			type = GS_TYPE_CATEGORICAL;
		else
			return (encode_text_in_numbers(b, col, e, err));
	}
	if (type == GS_TYPE_NUMERIC && c->n_text != 0)
		return (encode_text_in_numbers(b, col, e, err));
	f = encode_add(b);
	f->name = xstrdup(c->name);
	f->col = col;
	f->schema_line = e != NULL ? e->line : 0;
	if (e != NULL && e->missing >= 0) {
		f->own_policy = 1;
		f->missing = (enum gs_impute)e->missing;
	}
	if (type == GS_TYPE_NUMERIC) {
		f->encode = GS_ENCODE_NUMBER;
		f->width = 1;
		f->n_missing = c->n_missing;
		if (e != NULL && e->has_fill) {
			f->fill_given = 1;
			f->fill = e->fill;
		}
		return (0);
	}
	f->encode = e != NULL && e->encode != GS_ENCODE_AUTO ? e->encode :
	    GS_ENCODE_ONEHOT;
	if (encode_levels(b, f, e, err) != 0)
		return (-1);
	if (e != NULL && e->has_fill) {
		if (e->fill_level == NULL)
			dataset_number_text(e->fill, num, sizeof num);
		for (f->fill_level = 0; (size_t)f->fill_level < f->nlevels;
		    f->fill_level++)
			if (strcmp(f->levels[f->fill_level], e->fill_level !=
			    NULL ? e->fill_level : num) == 0)
				break;
		if ((size_t)f->fill_level == f->nlevels)
			return (gs_error_set(err, GS_EPARSE, "%s: column '%s': "
			    "the fill '%s' is not one of its levels",
			    encode_where(b, e->line, where, sizeof where),
			    f->name, e->fill_level != NULL ? e->fill_level :
			    num));
		f->fill_given = 1;
	}
	switch (f->encode) {
	case GS_ENCODE_ONEHOT:
		f->dropped = e != NULL && (e->drop == GS_DROP_FIRST ||
		    (e->drop == GS_DROP_IF_BINARY && f->nlevels == 2));
		f->width = f->nlevels - (size_t)f->dropped;
		if (f->width == 0)
			return (gs_error_set(err, GS_EPARSE, "%s: column '%s' "
			    "has one level, '%s'; with it dropped the column "
			    "makes no input", encode_where(b, f->schema_line,
			    where, sizeof where), f->name, f->levels[0]));
		return (0);
	case GS_ENCODE_ORDINAL:
		f->width = 1;
		return (0);
	case GS_ENCODE_FUNCTION:
		return (encode_table(b, f, e, err));
	default:
		return (gs_error_set(err, GS_EINVAL, "column '%s': a category "
		    "cannot be encoded as %s", f->name,
		    schema_encode_name(f->encode)));
	}
}

/*
 * The level name of indicator column name in a block called group: what
 * follows the group's name and one separator ('.', '_' or '='), or the
 * whole name.
 */
static char *
encode_indicator_level(const char *name, const char *group,
    const char *prefix)
{
	size_t	len;

	if (prefix != NULL && strncmp(name, prefix, strlen(prefix)) == 0 &&
	    name[strlen(prefix)] != '\0')
		return (xstrdup(name + strlen(prefix)));
	len = strlen(group);
	if (strncmp(name, group, len) == 0 && name[len] != '\0' &&
	    strchr("._=", name[len]) != NULL && name[len + 1] != '\0')
		return (xstrdup(name + len + 1));
	return (xstrdup(name));
}

/*
 * Check the cells of indicator feature f: each 0, 1 or missing, at most
 * one 1 a row (exactly one when exact); count the rows at each level.
 * Returns 0, or -1 with err set when fail is set (else quietly).
 */
static int
encode_indicator_cells(const struct gs_dataset *ds, struct gs_feature *f,
    int exact, int fail, const char *where, struct gs_error *err)
{
	size_t	r, k, ones, at = 0;
	double	v;
	int	missing;

	f->n_missing = 0;
	memset(f->count, 0, f->nlevels * sizeof *f->count);
	for (r = 0; r < ds->nrows; r++) {
		ones = 0;
		missing = 0;
		for (k = 0; k < f->nlevels; k++) {
			v = dataset_cell(ds, r, f->cols[k]);
			if (isnan(v) && dataset_text(ds, r, f->cols[k]) == NULL) {
				missing = 1;
				continue;
			}
			if (v == 1) {
				if (ones++ == 0)
					at = k;
				else if (!fail)
					return (-1);
				else
					return (gs_error_set(err, GS_EPARSE,
					    "%s:%zu: row %zu has two levels of "
					    "'%s' (%s and %s); its indicator "
					    "columns (%s) hold at most one 1 a "
					    "row", ds->path, dataset_line(ds,
					    r), r, f->name, f->levels[at],
					    f->levels[k], where));
			} else if (v != 0) {
				if (!fail)
					return (-1);
				return (gs_error_set(err, GS_EPARSE,
				    "%s:%zu:%zu: column '%s' is an indicator "
				    "of '%s' (%s) and must hold 0 or 1, not "
				    "'%.40s'", ds->path, dataset_cell_line(ds,
				    r, f->cols[k]), f->cols[k] + 1,
				    ds->cols[f->cols[k]].name, f->name, where,
				    dataset_text(ds, r, f->cols[k]) != NULL ?
				    dataset_text(ds, r, f->cols[k]) : "a "
				    "number"));
			}
		}
		if (missing) {
			if (exact)
				return (-1);
			f->n_missing++;
		} else if (ones == 1)
			f->count[at]++;
		else if (exact)
			return (-1);
	}
	return (0);
}

/* Build an indicator feature from schema entry e. */
static int
encode_indicators(struct encode_build *b, const struct gs_schema_column *e,
    struct gs_error *err)
{
	const struct gs_dataset	*ds = b->ds;
	struct gs_feature	*f;
	size_t			 k, c, n = 0;
	long			 col;
	char			 where[300];

	encode_where(b, e->line, where, sizeof where);
	f = encode_add(b);
	f->name = xstrdup(e->name);
	f->encode = GS_ENCODE_INDICATORS;
	f->schema_line = e->line;
	if (e->missing >= 0) {
		f->own_policy = 1;
		f->missing = (enum gs_impute)e->missing;
	}
	f->cols = xcalloc(ds->ncols + 1, sizeof *f->cols);
	if (e->prefix != NULL) {
		for (c = 0; c < ds->ncols; c++)
			if (strncmp(ds->cols[c].name, e->prefix,
			    strlen(e->prefix)) == 0 && !b->dropped[c])
				f->cols[n++] = c;
		if (n == 0)
			return (gs_error_set(err, GS_EINVAL, "%s: no column of "
			    "%s starts with '%s', the prefix of '%s'", where,
			    ds->path, e->prefix, e->name));
	} else {
		for (k = 0; k < e->nmembers; k++) {
			if ((col = dataset_column(ds, e->members[k])) < 0)
				return (encode_schema_missing(b, e,
				    e->members[k], err));
			f->cols[n++] = (size_t)col;
		}
	}
	f->nlevels = n;
	f->width = n;
	f->col = f->cols[0];
	f->levels = xcalloc(n, sizeof *f->levels);
	f->level_num = xcalloc(n, sizeof *f->level_num);
	f->count = xcalloc(n, sizeof *f->count);
	for (k = 0; k < n; k++) {
		c = f->cols[k];
		if (b->used[c])
			return (gs_error_set(err, GS_EINVAL, "%s: column '%s' "
			    "is in the block '%s' and has a role of its own",
			    where, ds->cols[c].name, e->name));
		b->used[c] = 1;
		f->levels[k] = e->levels != NULL ? xstrdup(e->levels[k]) :
		    encode_indicator_level(ds->cols[c].name, e->name,
		    e->prefix);
		f->level_num[k] = NAN;
	}
	if (e->has_fill) {
		for (k = 0; k < n; k++)
			if (e->fill_level != NULL &&
			    strcmp(f->levels[k], e->fill_level) == 0)
				break;
		if (k == n)
			return (gs_error_set(err, GS_EPARSE, "%s: the fill of "
			    "'%s' is not one of its levels", where, e->name));
		f->fill_level = (long)k;
		f->fill_given = 1;
	}
	return (encode_indicator_cells(ds, f, 0, 1, where, err));
}

/* Length of name's group prefix before '.', '=' or '_', or 0. */
static size_t
encode_prefix_len(const char *name)
{
	size_t	len = strcspn(name, ".=_");

	return (name[len] != '\0' && name[len + 1] != '\0' && len > 0 ?
	    len : 0);
}

/*
 * Read runs of two or more adjacent numeric features named "Group.Level"
 * with one group as one indicator feature each, where every row of the
 * run holds exactly one 1 and otherwise 0s (caret's and pandas' dummy
 * columns).
 */
static void
encode_infer_indicators(struct encode_build *b)
{
	struct gs_encoding	*enc = b->enc;
	struct gs_feature	 g, *f = enc->feat;
	size_t			 i, j, k, len, n;
	char			 where[16] = "the data";

	for (i = 0; i < enc->nfeat; i++) {
		len = encode_prefix_len(f[i].name);
		if (len == 0 || f[i].encode != GS_ENCODE_NUMBER)
			continue;
		for (j = i + 1; j < enc->nfeat; j++)
			if (f[j].encode != GS_ENCODE_NUMBER ||
			    encode_prefix_len(f[j].name) != len ||
			    strncmp(f[j].name, f[i].name, len) != 0)
				break;
		n = j - i;
		if (n < 2)
			continue;
		memset(&g, 0, sizeof g);
		g.name = xstrndup(f[i].name, len);
		g.encode = GS_ENCODE_INDICATORS;
		g.nlevels = g.width = n;
		g.cols = xcalloc(n, sizeof *g.cols);
		g.levels = xcalloc(n, sizeof *g.levels);
		g.level_num = xcalloc(n, sizeof *g.level_num);
		g.count = xcalloc(n, sizeof *g.count);
		g.fill_level = -1;
		for (k = 0; k < n; k++) {
			g.cols[k] = f[i + k].col;
			g.levels[k] = encode_indicator_level(f[i + k].name,
			    g.name, NULL);
			g.level_num[k] = NAN;
		}
		g.col = g.cols[0];
		if (encode_indicator_cells(b->ds, &g, 1, 0, where, NULL) != 0) {
			encode_feature_clear(&g);
			i = j - 1;
			continue;
		}
		for (k = 0; k < n; k++)
			encode_feature_clear(&f[i + k]);
		f[i] = g;
		memmove(&f[i + 1], &f[j], (enc->nfeat - j) * sizeof *f);
		enc->nfeat -= n - 1;
		enc->inferred = 1;
	}
}

/* Mark the columns named in drop (comma-separated) in b->dropped. */
static int
encode_drop(struct encode_build *b, struct gs_error *err)
{
	const char	*p = b->o->drop, *s, *e;
	char		*name;
	long		 c;
	int		 rc = 0;

	while (rc == 0 && p != NULL && *p != '\0') {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		s = p;
		p = *e == ',' ? e + 1 : e;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (s == e)
			continue;
		name = xstrndup(s, (size_t)(e - s));
		if ((c = dataset_column(b->ds, name)) < 0)
			rc = dataset_no_column(b->ds, "--drop", name, err);
		else
			b->dropped[c] = 1;
		free(name);
	}
	return (rc);
}

/* The target's column: --target or the schema's; -1 for none. */
static int
encode_target(struct encode_build *b, long *t, struct gs_error *err)
{
	const struct gs_schema	*sc = b->o->schema;
	const struct gs_schema_column *te = NULL;
	const char		*name = b->o->target;
	size_t			 i;

	*t = -1;
	for (i = 0; sc != NULL && i < sc->n; i++) {
		if (sc->cols[i].role != GS_COLUMN_TARGET)
			continue;
		if (name != NULL && strcmp(name, sc->cols[i].name) != 0)
			return (gs_error_set(err, GS_EINVAL, "--target %s, but "
			    "the schema (%s:%zu) makes '%s' the target; give "
			    "one of them", name, sc->path, sc->cols[i].line,
			    sc->cols[i].name));
		te = &sc->cols[i];
		name = te->name;
	}
	if (name == NULL)
		return (0);
	if ((*t = dataset_column(b->ds, name)) >= 0)
		return (0);
	if (te != NULL && b->o->target == NULL)
		return (encode_schema_missing(b, te, name, err));
	return (dataset_no_column(b->ds, "--target", name, err));
}

/* The features a schema declares, in its order. */
static int
encode_from_schema(struct encode_build *b, struct gs_error *err)
{
	const struct gs_schema	*sc = b->o->schema;
	const struct gs_schema_column *e;
	const struct gs_dataset	*ds = b->ds;
	char			 where[300], list[400];
	const char		**left;
	size_t			 i, n = 0, c;
	long			 col;

	for (i = 0; i < sc->n; i++) {
		e = &sc->cols[i];
		encode_where(b, e->line, where, sizeof where);
		if (e->encode == GS_ENCODE_INDICATORS) {
			if (e->role == GS_COLUMN_INPUT &&
			    encode_indicators(b, e, err) != 0)
				return (-1);
			continue;
		}
		if ((col = dataset_column(ds, e->name)) < 0)
			return (encode_schema_missing(b, e, e->name, err));
		if (e->role == GS_COLUMN_TARGET)
			continue;
		if (col == b->target_col)
			return (gs_error_set(err, GS_EINVAL, "%s: column '%s' "
			    "is the target (--target), but the schema makes it "
			    "%s", where, e->name, e->role == GS_COLUMN_INPUT ?
			    "an input" : "ignored"));
		if (b->used[col])
			return (gs_error_set(err, GS_EINVAL, "%s: column '%s' "
			    "is in an indicator block and has an entry of its "
			    "own", where, e->name));
		b->used[col] = 1;
		if (e->role != GS_COLUMN_INPUT || b->dropped[col])
			continue;
		if (encode_column(b, (size_t)col, e, err) != 0)
			return (-1);
	}
	/* Name the columns the schema leaves out. */
	left = xcalloc(ds->ncols + 1, sizeof *left);
	for (c = 0; c < ds->ncols; c++)
		if (!b->used[c] && !b->dropped[c])
			left[n++] = ds->cols[c].name;
	if (n > 0)
		encode_note(&b->enc->note, " Not in the schema, so left out: "
		    "%s.", names_list(list, sizeof list, left, n, "columns"));
	free(left);
	return (0);
}

/* Say which categorical features were inferred and how. */
static void
encode_note_inferred(struct encode_build *b)
{
	struct gs_encoding	*enc = b->enc;
	struct gs_feature	*f;
	size_t			 k, n = 0, m = 0;

	for (k = 0; k < enc->nfeat; k++) {
		f = &enc->feat[k];
		if (f->schema_line != 0 || f->encode != GS_ENCODE_ONEHOT)
			continue;
		encode_note(&enc->note, "%s%s (%zu levels%s)", n++ == 0 ?
		    " Text columns read as categories, one-hot encoded with "
		    "their levels sorted as scikit-learn's OneHotEncoder and "
		    "pandas' get_dummies sort them: " : ", ", f->name,
		    f->nlevels, f->dropped ? ", the first dropped" : "");
	}
	if (n > 0)
		encode_note(&enc->note, ".");
	for (k = 0; k < enc->nfeat; k++) {
		f = &enc->feat[k];
		if (f->schema_line != 0 || f->encode != GS_ENCODE_INDICATORS)
			continue;
		encode_note(&enc->note, "%s%s (%zu)", m++ == 0 ?
		    " Indicator columns read as one categorical feature each "
		    "(named Group.Level, one 1 a row): " : ", ", f->name,
		    f->nlevels);
	}
	if (m > 0)
		encode_note(&enc->note, ".");
}

/*
 * Fit the width to expect: drop the first level of every inferred
 * one-hot category when that makes it fit. Errors: GS_ESHAPE.
 */
static int
encode_fit(struct encode_build *b, struct gs_error *err)
{
	struct gs_encoding	*enc = b->enc;
	const struct gs_dataset	*ds = b->ds;
	struct gs_feature	*f;
	size_t			 k, width = 0, dropw = 0, ncat = 0, nnum = 0;
	char			 list[400], *desc = NULL, **names;
	const char		*hint, **cols;

	for (k = 0; k < enc->nfeat; k++) {
		f = &enc->feat[k];
		width += f->width;
		if (f->encode == GS_ENCODE_ONEHOT && f->schema_line == 0 &&
		    !f->dropped && f->nlevels > 1) {
			dropw += f->width - 1;
			ncat++;
		} else
			dropw += f->width;
		if (f->encode == GS_ENCODE_NUMBER)
			nnum++;
	}
	if (b->o->expect == 0 || width == b->o->expect)
		return (0);
	if (ncat > 0 && dropw == b->o->expect) {
		for (k = 0; k < enc->nfeat; k++) {
			f = &enc->feat[k];
			if (f->encode == GS_ENCODE_ONEHOT &&
			    f->schema_line == 0 && f->nlevels > 1) {
				f->dropped = 1;
				f->width--;
			}
		}
		encode_note(&enc->note, " The first level of each is dropped "
		    "(as drop=\"first\" or drop_first=True): that makes the "
		    "model's %zu inputs, and all levels would make %zu.",
		    b->o->expect, width);
		return (0);
	}
	/* Name the features, with the width of each that is not 1. */
	names = xcalloc(enc->nfeat + 1, sizeof *names);
	for (k = 0; k < enc->nfeat; k++) {
		f = &enc->feat[k];
		if (f->width == 1)
			names[k] = xstrdup(f->name);
		else
			xasprintf(&names[k], "%s %zu", f->name, f->width);
	}
	names_list(list, sizeof list, (const char *const *)names,
	    enc->nfeat, "features");
	for (k = 0; k < enc->nfeat; k++)
		free(names[k]);
	free(names);
	if (b->spath != NULL) {
		gs_error_set(err, GS_ESHAPE, "%s: the schema's inputs make %zu "
		    "model input%s (%s) but the model takes %zu; is it the "
		    "model's schema?", b->spath, width, width == 1 ? "" : "s",
		    list, b->o->expect);
		return (-1);
	}
	if (nnum == enc->nfeat) {
		/* Numbers only: each feature one column, as ever. */
		cols = xcalloc(enc->nfeat + 1, sizeof *cols);
		for (k = 0; k < enc->nfeat; k++)
			cols[k] = enc->feat[k].name;
		names_list(list, 160, cols, enc->nfeat, "columns");
		free(cols);
		hint = width > b->o->expect ? "use --target or --drop" :
		    (b->o->target != NULL || b->o->drop != NULL ?
		    "check --target and --drop" : "is this the model's data?");
		gs_error_set(err, GS_ESHAPE, "%s: the model takes %zu input%s "
		    "but the data has %zu input column%s (%s); %s", ds->path,
		    b->o->expect, b->o->expect == 1 ? "" : "s", width,
		    width == 1 ? "" : "s", list, hint);
		return (-1);
	}
	if (ncat > 0)
		xasprintf(&desc, " (%zu dropping each category's first level)",
		    dropw);
	gs_error_set(err, GS_ESHAPE, "%s: the model takes %zu input%s but "
	    "the data's %zu input columns make %zu%s with their categories "
	    "one-hot encoded (%s); give a schema (--schema FILE) saying how "
	    "the model encodes them, or leave columns out with --drop",
	    ds->path, b->o->expect, b->o->expect == 1 ? "" : "s", enc->nfeat,
	    width, desc != NULL ? desc : "", list);
	free(desc);
	return (-1);
}

/* Place the features' inputs: starts, names, feature of each, columns. */
static void
encode_layout(struct encode_build *b, struct gs_selection *sel)
{
	struct gs_encoding	*enc = b->enc;
	struct gs_feature	*f;
	size_t			 k, j, i = 0, lv;

	enc->width = 0;
	for (k = 0; k < enc->nfeat; k++)
		enc->width += enc->feat[k].width;
	enc->input_names = xcalloc(enc->width + 1, sizeof *enc->input_names);
	enc->feat_of = xcalloc(enc->width + 1, sizeof *enc->feat_of);
	sel->n = enc->width;
	sel->cols = xcalloc(enc->width + 1, sizeof *sel->cols);
	for (k = 0; k < enc->nfeat; k++) {
		f = &enc->feat[k];
		f->start = i;
		for (j = 0; j < f->width; j++, i++) {
			enc->feat_of[i] = k;
			sel->cols[i] = f->encode == GS_ENCODE_INDICATORS ?
			    f->cols[j] : f->col;
			lv = j + (size_t)f->dropped;
			switch (f->encode) {
			case GS_ENCODE_ONEHOT:
				xasprintf(&enc->input_names[i], "%s=%s",
				    f->name, f->levels[lv]);
				break;
			case GS_ENCODE_FUNCTION:
				xasprintf(&enc->input_names[i], "%s[%zu]",
				    f->name, j + 1);
				break;
			case GS_ENCODE_INDICATORS:
				enc->input_names[i] =
				    xstrdup(b->ds->cols[f->cols[j]].name);
				break;
			default:
				enc->input_names[i] = xstrdup(f->name);
				break;
			}
		}
	}
}

/* The values a fill policy puts into each feature with missing cells. */
static void
encode_fills(struct encode_build *b)
{
	struct gs_feature	*f;
	size_t			 k, lv;

	for (k = 0; k < b->enc->nfeat; k++) {
		f = &b->enc->feat[k];
		for (lv = 0; lv < GS_IMPUTE_COUNT; lv++)
			f->stat[lv] = NAN;
		if (f->n_missing == 0)
			continue;
		if (f->encode == GS_ENCODE_NUMBER) {
			impute_stats(b->ds, f->col, f->stat);
			continue;
		}
		if (f->fill_given)
			continue;
		/* The most frequent level, the first in order on ties. */
		for (lv = 0; lv < f->nlevels; lv++)
			if (f->count[lv] > 0 && (f->fill_level < 0 ||
			    f->count[lv] > f->count[f->fill_level]))
				f->fill_level = (long)lv;
	}
}

/* The target's classes: the schema's, or a text target's sorted levels. */
static int
encode_classes(struct encode_build *b, long t, struct gs_error *err)
{
	const struct gs_schema	*sc = b->o->schema;
	struct gs_encoding	*enc = b->enc;
	struct gs_schema_column	 e;
	struct gs_feature	*f = &b->target;
	size_t			 k;

	if (sc != NULL && sc->positive != NULL)
		enc->positive = xstrdup(sc->positive);
	if (t >= 0 && b->ds->cols[t].n_text > 0) {
		memset(&e, 0, sizeof e);
		if (sc != NULL && sc->nclasses > 0) {
			e.levels = sc->classes;
			e.nlevels = sc->nclasses;
			e.line = sc->classes_line;
		}
		f->col = (size_t)t;
		f->name = xstrdup(b->ds->cols[t].name);
		if (encode_levels(b, f, e.levels != NULL ? &e : NULL,
		    err) != 0)
			return (-1);
		enc->nclasses = f->nlevels;
		enc->classes = xcalloc(f->nlevels, sizeof *enc->classes);
		for (k = 0; k < f->nlevels; k++)
			enc->classes[k] = xstrdup(f->levels[k]);
		enc->class_of = f->level_of;
		f->level_of = NULL;
		encode_note(&enc->note, " Target %s, classes ", f->name);
		for (k = 0; k < f->nlevels; k++)
			encode_note(&enc->note, "%s%s", k == 0 ? "" : ", ",
			    f->levels[k]);
		encode_note(&enc->note, " (%s).", e.levels != NULL ?
		    "the schema's" : "its levels, sorted");
		return (0);
	}
	if (sc != NULL && sc->nclasses > 0) {
		enc->nclasses = sc->nclasses;
		enc->classes = xcalloc(sc->nclasses, sizeof *enc->classes);
		for (k = 0; k < sc->nclasses; k++)
			enc->classes[k] = xstrdup(sc->classes[k]);
	}
	return (0);
}

int
encode_select(const struct gs_dataset *ds, const struct gs_encode_opts *o,
    struct gs_selection *sel, struct gs_error *err)
{
	struct encode_build	 b;
	size_t			 c, k, miss = 0;
	long			 t;

	memset(sel, 0, sizeof *sel);
	sel->target = -1;
	memset(&b, 0, sizeof b);
	b.ds = ds;
	b.o = o;
	b.spath = o->schema != NULL ? o->schema->path : NULL;
	b.enc = xcalloc(1, sizeof *b.enc);
	b.used = xcalloc(ds->ncols + 1, 1);
	b.dropped = xcalloc(ds->ncols + 1, 1);
	b.target.fill_level = -1;
	if (b.spath != NULL)
		b.enc->schema = xstrdup(b.spath);
	if (encode_target(&b, &t, err) != 0 || encode_drop(&b, err) != 0)
		goto fail;
	b.target_col = t;
	if (t >= 0) {
		b.dropped[t] = 1;
		b.used[t] = 1;
	}
	if (o->schema != NULL) {
		if (encode_from_schema(&b, err) != 0)
			goto fail;
	} else {
		for (c = 0; c < ds->ncols; c++)
			if (!b.dropped[c] && encode_column(&b, c, NULL,
			    err) != 0)
				goto fail;
		encode_infer_indicators(&b);
	}
	if (b.enc->nfeat == 0) {
		gs_error_set(err, GS_ESHAPE, "%s: no input columns are left "
		    "after %s", ds->path, o->schema != NULL ? "the schema, "
		    "--target and --drop" : "--target and --drop");
		goto fail;
	}
	for (k = 0; k < b.enc->nfeat; k++)
		if (b.enc->feat[k].schema_line == 0 &&
		    b.enc->feat[k].encode != GS_ENCODE_NUMBER)
			b.enc->inferred = 1;
	if (b.enc->inferred)
		encode_note_inferred(&b);
	if (encode_fit(&b, err) != 0)
		goto fail;
	encode_layout(&b, sel);
	if (encode_classes(&b, t, err) != 0)
		goto fail;
	encode_fills(&b);
	for (k = 0; k < b.enc->nfeat; k++)
		miss += b.enc->feat[k].n_missing > 0;
	if (miss > 0) {
		encode_note(&b.enc->note, " Missing cells:");
		for (k = 0, c = 0; k < b.enc->nfeat; k++)
			if (b.enc->feat[k].n_missing > 0)
				encode_note(&b.enc->note, "%s %s %zu",
				    c++ == 0 ? "" : ",", b.enc->feat[k].name,
				    b.enc->feat[k].n_missing);
		encode_note(&b.enc->note, ".");
	}
	{
		char	*head;

		xasprintf(&head, "%s: %zu input feature%s make%s %zu model "
		    "input%s%s%s.", ds->path, b.enc->nfeat,
		    b.enc->nfeat == 1 ? "" : "s", b.enc->nfeat == 1 ? "s" : "",
		    b.enc->width, b.enc->width == 1 ? "" : "s",
		    b.spath != NULL ? ", as declared by " : "",
		    b.spath != NULL ? b.spath : "");
		encode_note(&head, "%s", b.enc->note != NULL ? b.enc->note :
		    "");
		free(b.enc->note);
		b.enc->note = head;
	}
	sel->target = t;
	sel->enc = b.enc;
	encode_feature_clear(&b.target);
	free(b.used);
	free(b.dropped);
	return (0);
fail:
	encode_feature_clear(&b.target);
	encode_free(b.enc);
	free(sel->cols);
	memset(sel, 0, sizeof *sel);
	sel->target = -1;
	free(b.used);
	free(b.dropped);
	return (-1);
}

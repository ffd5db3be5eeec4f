/* SPDX-License-Identifier: ISC */
/*
 * Datasets: CSV cells turned into numbers (C locale whatever the process
 * locale), missing values and text cells counted per column, the choice of
 * the model's input columns, and rows read out with or without mean
 * imputation. Every message names file:line:column.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* strtod_l, newlocale */
#endif

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/names.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "data/csv.h"
#include "data/dataset.h"

/* What a cell holds. */
enum dataset_kind {
	DATASET_NUMBER,		/* a finite number */
	DATASET_MISSING,	/* empty, NA, N/A or NaN */
	DATASET_TEXT		/* anything else */
};

/* A column name and its index, for finding duplicates by sorting. */
struct dataset_name {
	const char	*name;		/* borrowed from the dataset */
	size_t		 idx;		/* column index */
};

static pthread_once_t	 dataset_locale_once = PTHREAD_ONCE_INIT;
static locale_t		 dataset_c_locale;	/* for numbers, made once */

/* Create the C locale used for every number. */
static void
dataset_locale_init(void)
{
	dataset_c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (dataset_c_locale == (locale_t)0) {
		fprintf(stderr, "gshap: cannot create the C locale\n");
		abort();
	}
}

/* Whether c is a space or a tab, the only blanks trimmed around cells. */
static int
dataset_is_blank(char c)
{
	return (c == ' ' || c == '\t');
}

/* Whether c is an ASCII digit (isdigit may depend on the locale). */
static int
dataset_is_digit(char c)
{
	return (c >= '0' && c <= '9');
}

/*
 * Classify a cell and, for a number, store it in *v. A number is
 * [+-]digits[.digits][(e|E)[+-]digits] with at least one digit before the
 * exponent, blanks around it allowed, finite once converted: no hex, no inf.
 */
static enum dataset_kind
dataset_parse_cell(const char *s, double *v)
{
	const char	*b, *e, *q;
	size_t		 len, nd = 0;
	char		*end;

	b = s;
	while (dataset_is_blank(*b))
		b++;
	e = b + strlen(b);
	while (e > b && dataset_is_blank(e[-1]))
		e--;
	len = (size_t)(e - b);
	if (len == 0 ||
	    (len == 2 && strncasecmp(b, "NA", 2) == 0) ||
	    (len == 3 && strncasecmp(b, "N/A", 3) == 0) ||
	    (len == 3 && strncasecmp(b, "NaN", 3) == 0))
		return (DATASET_MISSING);

	q = b;
	if (*q == '+' || *q == '-')
		q++;
	for (; q < e && dataset_is_digit(*q); q++)
		nd++;
	if (q < e && *q == '.')
		for (q++; q < e && dataset_is_digit(*q); q++)
			nd++;
	if (nd == 0)
		return (DATASET_TEXT);
	if (q < e && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < e && (*q == '+' || *q == '-'))
			q++;
		if (q == e || !dataset_is_digit(*q))
			return (DATASET_TEXT);
		while (q < e && dataset_is_digit(*q))
			q++;
	}
	if (q != e)
		return (DATASET_TEXT);

	pthread_once(&dataset_locale_once, dataset_locale_init);
	*v = strtod_l(b, &end, dataset_c_locale);
	if (end != e || !isfinite(*v))
		return (DATASET_TEXT);
	return (DATASET_NUMBER);
}

/* The file stem of path: no directory, no last extension. */
static char *
dataset_stem(const char *path)
{
	const char	*base, *dot;

	base = strrchr(path, '/');
	base = base == NULL ? path : base + 1;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		return (xstrdup(base));
	return (xstrndup(base, (size_t)(dot - base)));
}

/* A copy of s without blanks at either end. */
static char *
dataset_trim_dup(const char *s)
{
	const char	*e;

	while (dataset_is_blank(*s))
		s++;
	e = s + strlen(s);
	while (e > s && dataset_is_blank(e[-1]))
		e--;
	return (xstrndup(s, (size_t)(e - s)));
}

/* Order names by text, then by column index. */
static int
dataset_name_cmp(const void *a, const void *b)
{
	const struct dataset_name	*x = a, *y = b;
	int				 c;

	c = strcmp(x->name, y->name);
	if (c != 0)
		return (c);
	return (x->idx < y->idx ? -1 : x->idx > y->idx);
}

/* The line on which field col of csv row row starts. */
static size_t
dataset_csv_line(const struct gs_csv *csv, size_t row, size_t col)
{
	size_t	line = csv->lines[row], c;

	for (c = 0; c < col; c++)
		line += csv_count_lines(csv_field(csv, row, c));
	return (line);
}

/* Take the column names from the header: non-empty and unique. */
static int
dataset_names(struct gs_dataset *ds, const struct gs_csv *csv,
    struct gs_error *err)
{
	struct dataset_name	*v;
	size_t			 c, i, best = 0, first = 0;

	for (c = 0; c < ds->ncols; c++) {
		ds->cols[c].name = dataset_trim_dup(csv_field(csv, 0, c));
		if (ds->cols[c].name[0] == '\0')
			return (gs_error_set(err, GS_EPARSE, "%s:%zu:%zu: "
			    "column %zu has an empty name in the header; every "
			    "column needs a unique name", ds->path,
			    dataset_csv_line(csv, 0, c), c + 1, c + 1));
	}
	v = xcalloc(ds->ncols, sizeof *v);
	for (c = 0; c < ds->ncols; c++) {
		v[c].name = ds->cols[c].name;
		v[c].idx = c;
	}
	qsort(v, ds->ncols, sizeof *v, dataset_name_cmp);
	for (i = 1; i < ds->ncols; i++) {
		if (strcmp(v[i].name, v[i - 1].name) != 0)
			continue;
		/* Runs of one name are sorted by index: skip the rest. */
		if (best == 0 || v[i].idx < best) {
			best = v[i].idx;
			first = v[i - 1].idx;
		}
		while (i + 1 < ds->ncols &&
		    strcmp(v[i + 1].name, v[i].name) == 0)
			i++;
	}
	free(v);
	if (best != 0)
		return (gs_error_set(err, GS_EPARSE, "%s:%zu:%zu: column %zu "
		    "is called '%s' like column %zu; column names must be "
		    "unique", ds->path, dataset_csv_line(csv, 0, best),
		    best + 1, best + 1, ds->cols[best].name, first + 1));
	return (0);
}

/* Fill the cells from csv and count missing and text cells per column. */
static void
dataset_cells(struct gs_dataset *ds, const struct gs_csv *csv)
{
	struct gs_column	*col;
	const char		*s;
	size_t			 r, c;
	double			 v;

	for (r = 0; r < ds->nrows; r++) {
		ds->lines[r] = csv->lines[r + 1];
		for (c = 0; c < ds->ncols; c++) {
			col = &ds->cols[c];
			s = csv_field(csv, r + 1, c);
			switch (dataset_parse_cell(s, &v)) {
			case DATASET_NUMBER:
				ds->cells[r * ds->ncols + c] = v;
				break;
			case DATASET_MISSING:
				ds->cells[r * ds->ncols + c] = NAN;
				col->n_missing++;
				break;
			case DATASET_TEXT:
				ds->cells[r * ds->ncols + c] = NAN;
				ds->text[r * ds->ncols + c] = xstrdup(s);
				if (col->n_text++ == 0) {
					col->text_first = xstrdup(s);
					col->text_line =
					    dataset_csv_line(csv, r + 1, c);
				}
				break;
			}
		}
	}
}

/*
 * Build a dataset from a buffer, path standing for the file in messages.
 * The caller owns the result. Errors: those of csv_read, GS_EPARSE for a
 * header without data rows, an empty or duplicate column name.
 */
static struct gs_dataset *
dataset_build(const char *buf, size_t size, const char *path,
    struct gs_error *err)
{
	struct gs_dataset	*ds;
	struct gs_csv		 csv;

	if (csv_read(buf, size, path, NULL, &csv, err) != 0)
		return (NULL);
	if (csv.nrows == 0) {
		gs_error_set(err, GS_EPARSE, "%s:%zu: the header is not "
		    "followed by any data rows", path, csv.lines[0]);
		csv_free(&csv);
		return (NULL);
	}
	ds = xcalloc(1, sizeof *ds);
	ds->path = xstrdup(path);
	ds->name = dataset_stem(path);
	ds->nrows = csv.nrows;
	ds->ncols = csv.ncols;
	ds->cols = xcalloc(ds->ncols, sizeof *ds->cols);
	/* csv_read bounded nrows x ncols by GS_CSV_MAX_CELLS. */
	ds->cells = xcalloc(xmul(ds->nrows, ds->ncols), sizeof *ds->cells);
	ds->text = xcalloc(xmul(ds->nrows, ds->ncols), sizeof *ds->text);
	ds->lines = xcalloc(ds->nrows, sizeof *ds->lines);
	if (dataset_names(ds, &csv, err) != 0) {
		csv_free(&csv);
		dataset_free(ds);
		return (NULL);
	}
	dataset_cells(ds, &csv);
	csv_free(&csv);
	return (ds);
}

struct gs_dataset *
dataset_load_buffer(const char *buf, size_t size, const char *name,
    struct gs_error *err)
{
	return (dataset_build(buf, size, name, err));
}

/* Read all of path into a new buffer of at most max bytes. */
static char *
dataset_read_file(const char *path, size_t max, size_t *size,
    struct gs_error *err)
{
	FILE		*f;
	struct stat	 st;
	char		*buf = NULL;
	size_t		 len = 0, alloc = 0, n;

	if ((f = fopen(path, "rb")) == NULL) {
		gs_error_set(err, GS_EIO, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > max) {
		gs_error_set(err, GS_ELIMIT, "%s: %llu bytes is over the limit "
		    "of %zu", path, (unsigned long long)st.st_size, max);
		goto fail;
	}
	for (;;) {
		if (len == alloc) {
			alloc = alloc == 0 ? 65536 : alloc * 2;
			if (alloc > max + 1)
				alloc = max + 1;
			buf = xreallocarray(buf, alloc, 1);
		}
		n = fread(buf + len, 1, alloc - len, f);
		len += n;
		if (len > max) {
			gs_error_set(err, GS_ELIMIT, "%s: more than %zu bytes, "
			    "the limit", path, max);
			goto fail;
		}
		if (n == 0) {
			if (ferror(f)) {
				gs_error_set(err, GS_EIO, "%s: %s", path,
				    strerror(errno));
				goto fail;
			}
			break;
		}
	}
	fclose(f);
	*size = len;
	return (buf);

fail:
	free(buf);
	fclose(f);
	return (NULL);
}

struct gs_dataset *
dataset_load(const char *path, struct gs_error *err)
{
	struct gs_dataset	*ds;
	char			*buf;
	size_t			 size;

	if ((buf = dataset_read_file(path, GS_CSV_MAX_SIZE, &size, err)) ==
	    NULL)
		return (NULL);
	ds = dataset_build(buf, size, path, err);
	free(buf);
	return (ds);
}

void
dataset_free(struct gs_dataset *ds)
{
	size_t	c, i;

	if (ds == NULL)
		return;
	if (ds->cols != NULL) {
		for (c = 0; c < ds->ncols; c++) {
			free(ds->cols[c].name);
			free(ds->cols[c].text_first);
		}
	}
	if (ds->text != NULL) {
		for (i = 0; i < ds->nrows * ds->ncols; i++)
			free(ds->text[i]);
	}
	free(ds->cols);
	free(ds->text);
	free(ds->cells);
	free(ds->lines);
	free(ds->path);
	free(ds->name);
	free(ds);
}

long
dataset_column(const struct gs_dataset *ds, const char *name)
{
	size_t	c;

	for (c = 0; c < ds->ncols; c++) {
		if (strcmp(ds->cols[c].name, name) == 0)
			return ((long)c);
	}
	return (-1);
}

size_t
dataset_cell_line(const struct gs_dataset *ds, size_t row, size_t col)
{
	size_t		 line = ds->lines[row], c;
	const char	*t;

	for (c = 0; c < col; c++) {
		t = ds->text[row * ds->ncols + c];
		if (t != NULL)
			line += csv_count_lines(t);
	}
	return (line);
}

/*
 * Write "a, b, c" for the n columns in idx into out, shortened in the
 * middle when they do not fit (names_list).
 */
static void
dataset_list_names(const struct gs_dataset *ds, const size_t *idx, size_t n,
    char *out, size_t out_size)
{
	const char	**names = xcalloc(n + 1, sizeof *names);
	size_t		  i;

	for (i = 0; i < n; i++)
		names[i] = ds->cols[idx[i]].name;
	names_list(out, out_size, names, n, "columns");
	free(names);
}

/* Fail with GS_EINVAL for a column name that is not in the header. */
static int
dataset_unknown(const struct gs_dataset *ds, const char *what,
    const char *name, struct gs_error *err)
{
	size_t	c, d, best = 0, best_d = (size_t)-1, *idx;
	char	list[160];

	for (c = 0; c < ds->ncols; c++) {
		d = names_distance(name, ds->cols[c].name, 1);
		if (d < best_d) {
			best_d = d;
			best = c;
		}
	}
	if (best_d <= 2 && best_d < strlen(name))
		return (gs_error_set(err, GS_EINVAL, "%s: no column '%s' for "
		    "%s; did you mean '%s'?", ds->path, name, what,
		    ds->cols[best].name));
	idx = xcalloc(ds->ncols, sizeof *idx);
	for (c = 0; c < ds->ncols; c++)
		idx[c] = c;
	dataset_list_names(ds, idx, ds->ncols, list, sizeof list);
	free(idx);
	return (gs_error_set(err, GS_EINVAL, "%s: no column '%s' for %s; "
	    "the columns are %s", ds->path, name, what, list));
}

/* Mark the columns named in drop (comma-separated) in dropped. */
static int
dataset_drop(const struct gs_dataset *ds, const char *drop, char *dropped,
    struct gs_error *err)
{
	const char	*p = drop, *b, *e;
	char		*name;
	long		 c;
	int		 rc = 0;

	while (rc == 0 && *p != '\0') {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		b = p;
		p = *e == ',' ? e + 1 : e;
		while (b < e && dataset_is_blank(*b))
			b++;
		while (e > b && dataset_is_blank(e[-1]))
			e--;
		if (b == e)
			continue;
		name = xstrndup(b, (size_t)(e - b));
		if ((c = dataset_column(ds, name)) < 0)
			rc = dataset_unknown(ds, "--drop", name, err);
		else
			dropped[c] = 1;
		free(name);
	}
	return (rc);
}

/* Fail with GS_EPARSE for the first selected column holding text. */
static int
dataset_not_numeric(const struct gs_dataset *ds,
    const struct gs_selection *sel, struct gs_error *err)
{
	const struct gs_column	*col = NULL;
	size_t			 i, n = 0, *others;
	char			 cell[48], list[96], *p;
	const char		*q, *quote;

	others = xcalloc(sel->n, sizeof *others);
	for (i = 0; i < sel->n; i++) {
		if (ds->cols[sel->cols[i]].n_text == 0)
			continue;
		if (col == NULL)
			col = &ds->cols[sel->cols[i]];
		else
			others[n++] = sel->cols[i];
	}
	if (col == NULL) {
		free(others);
		return (0);
	}
	/* Show the cell printable and short. */
	for (p = cell, q = col->text_first; *q != '\0' &&
	    p < cell + sizeof cell - 4; q++)
		*p++ = (unsigned char)*q < 0x20 ? '?' : *q;
	if (*q != '\0') {
		memcpy(p, "...", 3);
		p += 3;
	}
	*p = '\0';
	quote = strpbrk(col->name, " \t'\"") != NULL ? "'" : "";
	list[0] = '\0';
	if (n > 0) {
		dataset_list_names(ds, others, n, list, sizeof list);
		gs_error_set(err, GS_EPARSE, "%s: column '%s' is not numeric "
		    "(line %zu: '%s'); drop it with --drop %s%s%s or make it "
		    "the target (%s %s not numeric either)", ds->path,
		    col->name, col->text_line, cell, quote, col->name, quote,
		    list, n == 1 ? "is" : "are");
	} else
		gs_error_set(err, GS_EPARSE, "%s: column '%s' is not numeric "
		    "(line %zu: '%s'); drop it with --drop %s%s%s or make it "
		    "the target", ds->path, col->name, col->text_line, cell,
		    quote, col->name, quote);
	free(others);
	return (-1);
}

int
dataset_select(const struct gs_dataset *ds, const char *target,
    const char *drop, size_t expect, struct gs_selection *sel,
    struct gs_error *err)
{
	char	*dropped, list[160];
	size_t	 c;
	long	 t = -1;

	memset(sel, 0, sizeof *sel);
	sel->target = -1;
	dropped = xcalloc(ds->ncols, 1);
	if (target != NULL) {
		t = dataset_column(ds, target);
		if (t < 0) {
			dataset_unknown(ds, "--target", target, err);
			goto fail;
		}
		dropped[t] = 1;
	}
	if (drop != NULL && dataset_drop(ds, drop, dropped, err) != 0)
		goto fail;

	sel->cols = xcalloc(ds->ncols, sizeof *sel->cols);
	for (c = 0; c < ds->ncols; c++) {
		if (!dropped[c])
			sel->cols[sel->n++] = c;
	}
	sel->target = t;
	if (sel->n == 0) {
		gs_error_set(err, GS_ESHAPE, "%s: no input columns are left "
		    "after --target and --drop", ds->path);
		goto fail;
	}
	if (dataset_not_numeric(ds, sel, err) != 0)
		goto fail;
	if (expect != 0 && sel->n != expect) {
		dataset_list_names(ds, sel->cols, sel->n, list, sizeof list);
		gs_error_set(err, GS_ESHAPE, "%s: the model takes %zu input%s "
		    "but the data has %zu input column%s (%s); %s", ds->path,
		    expect, expect == 1 ? "" : "s", sel->n,
		    sel->n == 1 ? "" : "s", list, sel->n > expect ?
		    "use --target or --drop" : (target != NULL || drop != NULL ?
		    "check --target and --drop" : "is this the model's data?"));
		goto fail;
	}
	free(dropped);
	return (0);

fail:
	free(dropped);
	dataset_selection_free(sel);
	return (-1);
}

void
dataset_selection_free(struct gs_selection *sel)
{
	if (sel == NULL)
		return;
	free(sel->cols);
	sel->cols = NULL;
	sel->n = 0;
	sel->target = -1;
}

void
dataset_column_stats(struct gs_dataset *ds, size_t col, double *mean,
    double *sd)
{
	struct gs_column	*c;
	double			 s = 0, ss = 0, v, m;
	size_t			 r, n = 0;

	if (col >= ds->ncols) {
		*mean = *sd = NAN;
		return;
	}
	c = &ds->cols[col];
	if (!c->stats_done) {
		/* Two passes: mean, then squared deviations from it. */
		for (r = 0; r < ds->nrows; r++) {
			v = ds->cells[r * ds->ncols + col];
			if (!isnan(v)) {
				s += v;
				n++;
			}
		}
		m = n > 0 ? s / (double)n : NAN;
		for (r = 0; n > 1 && r < ds->nrows; r++) {
			v = ds->cells[r * ds->ncols + col];
			if (!isnan(v))
				ss += (v - m) * (v - m);
		}
		c->mean = m;
		if (n == 0)
			c->sd = NAN;
		else
			c->sd = n == 1 ? 0.0 : sqrt(ss / (double)(n - 1));
		c->stats_done = 1;
	}
	*mean = c->mean;
	*sd = c->sd;
}

int
dataset_row(struct gs_dataset *ds, const struct gs_selection *sel,
    size_t row, int impute, double *out, struct gs_error *err)
{
	size_t	 i, c;
	double	 v, mean, sd;
	char	*t;

	if (row >= ds->nrows)
		return (gs_error_set(err, GS_ERANGE, "%s: there is no row %zu; "
		    "the data has %zu rows (0 to %zu)", ds->path, row,
		    ds->nrows, ds->nrows - 1));
	for (i = 0; i < sel->n; i++) {
		c = sel->cols[i];
		v = ds->cells[row * ds->ncols + c];
		if (!isnan(v)) {
			out[i] = v;
			continue;
		}
		t = ds->text[row * ds->ncols + c];
		if (t != NULL)
			return (gs_error_set(err, GS_EPARSE, "%s:%zu:%zu: row "
			    "%zu: column '%s' is not numeric ('%.40s')",
			    ds->path, dataset_cell_line(ds, row, c), c + 1,
			    row, ds->cols[c].name, t));
		if (!impute)
			return (gs_error_set(err, GS_EMISSING, "%s:%zu:%zu: "
			    "row %zu has a missing value in column '%s'; use "
			    "mean imputation (--impute mean) or choose another "
			    "row", ds->path, dataset_cell_line(ds, row, c),
			    c + 1, row, ds->cols[c].name));
		dataset_column_stats(ds, c, &mean, &sd);
		if (isnan(mean))
			return (gs_error_set(err, GS_EMISSING, "%s:%zu:%zu: "
			    "row %zu has a missing value in column '%s', "
			    "which has no values to take a mean of", ds->path,
			    dataset_cell_line(ds, row, c), c + 1, row,
			    ds->cols[c].name));
		out[i] = mean;
	}
	return (0);
}

int
dataset_row_missing(const struct gs_dataset *ds,
    const struct gs_selection *sel, size_t row)
{
	size_t	i;

	if (row >= ds->nrows)
		return (0);
	for (i = 0; i < sel->n; i++) {
		if (isnan(ds->cells[row * ds->ncols + sel->cols[i]]))
			return (1);
	}
	return (0);
}

/* SPDX-License-Identifier: ISC */
/*
 * Datasets: CSV cells turned into numbers (C locale whatever the process
 * locale) as csv_scan reads them, kept per column in the narrowest type
 * that holds them exactly, text cells interned per column, missing values
 * and text cells counted; the choice of the model's input columns (checked
 * on the header before the body is read), and rows read out with or
 * without mean imputation. Every message names file:line:column.
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
#include "core/rng.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "data/csv.h"
#include "data/dataset.h"
#include "data/decimal.h"
#include "data/encode.h"

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

/* The C locale, made on first use. */
static locale_t
dataset_c_locale_get(void)
{
	pthread_once(&dataset_locale_once, dataset_locale_init);
	return (dataset_c_locale);
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
	/* Most numbers: converted without strtod, the same bits. */
	if (decimal_parse_short(b, e, v))
		return (DATASET_NUMBER);

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

/* How a column's numbers are stored, narrowest first. */
enum dataset_num {
	DATASET_NUM_NONE,	/* no number yet */
	DATASET_NUM_I8,		/* int8_t, INT8_MIN where not a number */
	DATASET_NUM_I16,	/* int16_t, INT16_MIN where not a number */
	DATASET_NUM_F32,	/* float, NaN where not a number */
	DATASET_NUM_F64,	/* double, NaN where not a number */
	DATASET_NUM_COUNT
};

/* Bytes per number of each storage. */
static const size_t dataset_num_size[] = { 0, 1, 2, 4, 8 };
_Static_assert(sizeof dataset_num_size / sizeof dataset_num_size[0] ==
    DATASET_NUM_COUNT, "dataset_num_size must list every storage");

/* A column's text dictionary while the file is read. */
struct dataset_dict {
	uint64_t	*slot;		/* open addressing: dataset_key | id, 0: empty */
	size_t		 nslot;		/* a power of two, or 0 */
	size_t		 words_len;	/* bytes used in the column's words */
	size_t		 words_cap;	/* room in them */
	size_t		 off_cap;	/* room in word_off */
};

/* A dataset being built from the fields csv_scan hands over. */
struct dataset_build {
	struct gs_dataset	*ds;		/* being filled */
	size_t			 cap;		/* rows each column array holds */
	struct dataset_dict	*dict;		/* per column, while reading */
	size_t			*hline;		/* line of each header field */
	size_t			 hcap;		/* room in cols and hline */
	size_t			 jcap;		/* room in the jumps */
	int			 header;	/* the header was read */
};

/* The storage of the narrowest kind that holds v exactly. */
static enum dataset_num
dataset_num_kind(double v)
{
	if (v == trunc(v) && !(v == 0 && signbit(v))) {
		if (v >= -INT8_MAX && v <= INT8_MAX)
			return (DATASET_NUM_I8);
		if (v >= -INT16_MAX && v <= INT16_MAX)
			return (DATASET_NUM_I16);
	}
	if ((double)(float)v == v)
		return (DATASET_NUM_F32);
	return (DATASET_NUM_F64);
}

/* Number r of column col (NaN where not a number). */
static double
dataset_num_get(const struct gs_column *col, size_t r)
{
	switch (col->num_type) {
	case DATASET_NUM_I8:
		return (((const int8_t *)col->num)[r] == INT8_MIN ? NAN :
		    ((const int8_t *)col->num)[r]);
	case DATASET_NUM_I16:
		return (((const int16_t *)col->num)[r] == INT16_MIN ? NAN :
		    ((const int16_t *)col->num)[r]);
	case DATASET_NUM_F32:
		return (((const float *)col->num)[r]);
	case DATASET_NUM_F64:
		return (((const double *)col->num)[r]);
	default:
		return (NAN);
	}
}

/* Store v (NaN: not a number) as number r of col, which holds it exactly. */
static void
dataset_num_put(struct gs_column *col, size_t r, double v)
{
	switch (col->num_type) {
	case DATASET_NUM_I8:
		((int8_t *)col->num)[r] = isnan(v) ? INT8_MIN : (int8_t)v;
		break;
	case DATASET_NUM_I16:
		((int16_t *)col->num)[r] = isnan(v) ? INT16_MIN : (int16_t)v;
		break;
	case DATASET_NUM_F32:
		((float *)col->num)[r] = (float)v;
		break;
	case DATASET_NUM_F64:
		((double *)col->num)[r] = v;
		break;
	default:
		break;
	}
}

/*
 * Make column col's numbers (rows 0 to n - 1 so far, room for cap) use
 * storage kind, which is wider: rows without a number become NaN.
 */
static void
dataset_num_widen(struct gs_column *col, enum dataset_num kind, size_t n,
    size_t cap)
{
	struct gs_column	 old = *col;
	size_t			 r;

	col->num = xcalloc(cap + 1, dataset_num_size[kind]);
	col->num_type = kind;
	for (r = 0; r < n; r++)
		dataset_num_put(col, r, dataset_num_get(&old, r));
	free(old.num);
}

/* FNV-1a of len bytes at s. */
static uint32_t
dataset_hash(const char *s, size_t len)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return (h);
}

/*
 * The top 32 bits of a dictionary slot for text s (len bytes, hash h):
 * a text of up to 3 bytes is itself, so that it is found without reading
 * the words (one cache miss a cell, not three, in a wide file); a longer
 * one is 24 bits of its hash, so that the words are read only to confirm.
 */
static uint64_t
dataset_key(const char *s, size_t len, uint32_t h)
{
	uint64_t	k = 0;
	size_t		i;

	if (len > 3)
		return (((uint64_t)0xff << 32) | ((uint64_t)(h >> 8) << 40));
	k = (uint64_t)len << 32;
	for (i = 0; i < len; i++)
		k |= (uint64_t)(unsigned char)s[i] << (40 + 8 * i);
	return (k);
}

/* Put id, whose text has key key and hash h, into its chain. */
static void
dataset_dict_place(struct dataset_dict *dc, uint64_t key, uint32_t h,
    uint32_t id)
{
	size_t	i = h & (dc->nslot - 1);

	while (dc->slot[i] != 0)
		i = (i + 1) & (dc->nslot - 1);
	dc->slot[i] = key | id;
}

/* The id of text s (len bytes) in col, added when new (ids from 1). */
static size_t
dataset_intern(struct gs_column *col, struct dataset_dict *dc, const char *s,
    size_t len)
{
	const char	*w;
	uint64_t	 key, v;
	uint32_t	 h = dataset_hash(s, len), id;
	size_t		 i, n;

	key = dataset_key(s, len, h);
	for (i = h & (dc->nslot - 1); dc->nslot > 0 && (v = dc->slot[i]) != 0;
	    i = (i + 1) & (dc->nslot - 1)) {
		if ((v & ~(uint64_t)UINT32_MAX) != key)
			continue;
		id = (uint32_t)v;
		if (len <= 3 || strcmp(col->words + col->word_off[id - 1],
		    s) == 0)
			return (id);
	}
	/* New: keep it, growing the table to stay at most half full. */
	if (col->n_words == dc->off_cap) {
		dc->off_cap = dc->off_cap == 0 ? 16 : 2 * dc->off_cap;
		col->word_off = xreallocarray(col->word_off, dc->off_cap,
		    sizeof *col->word_off);
	}
	while (dc->words_len + len + 1 > dc->words_cap) {
		dc->words_cap = dc->words_cap == 0 ? 256 : 2 * dc->words_cap;
		col->words = xreallocarray(col->words, dc->words_cap, 1);
	}
	memcpy(col->words + dc->words_len, s, len + 1);
	col->word_off[col->n_words++] = (uint32_t)dc->words_len;
	dc->words_len += len + 1;
	if (2 * col->n_words > dc->nslot) {
		n = dc->nslot == 0 ? 64 : 2 * dc->nslot;
		free(dc->slot);
		dc->slot = xcalloc(n, sizeof *dc->slot);
		dc->nslot = n;
		for (id = 1; id < col->n_words; id++) {
			w = col->words + col->word_off[id - 1];
			n = strlen(w);
			h = dataset_hash(w, n);
			dataset_dict_place(dc, dataset_key(w, n, h), h, id);
		}
		h = dataset_hash(s, len);
	}
	dataset_dict_place(dc, key, h, (uint32_t)col->n_words);
	return (col->n_words);
}

/* Text id r of col. */
static size_t
dataset_id_get(const struct gs_column *col, size_t r)
{
	switch (col->id_size) {
	case 1:
		return (((const uint8_t *)col->ids)[r]);
	case 2:
		return (((const uint16_t *)col->ids)[r]);
	case 4:
		return (((const uint32_t *)col->ids)[r]);
	default:
		return (0);
	}
}

/* Set text id r of col to id, widening the ids (n rows so far, cap). */
static void
dataset_id_put(struct gs_column *col, size_t r, size_t id, size_t n,
    size_t cap)
{
	struct gs_column	 old = *col;
	size_t			 q;
	int			 size;

	size = id <= UINT8_MAX ? 1 : id <= UINT16_MAX ? 2 : 4;
	if (size > col->id_size) {
		col->ids = xcalloc(cap + 1, (size_t)size);
		col->id_size = size;
		for (q = 0; q < n && old.id_size > 0; q++)
			dataset_id_put(col, q, dataset_id_get(&old, q), n, cap);
		free(old.ids);
	}
	switch (col->id_size) {
	case 1:
		((uint8_t *)col->ids)[r] = (uint8_t)id;
		break;
	case 2:
		((uint16_t *)col->ids)[r] = (uint16_t)id;
		break;
	default:
		((uint32_t *)col->ids)[r] = (uint32_t)id;
		break;
	}
}

/* Take the column names from the header: non-empty and unique. */
static int
dataset_names(struct dataset_build *bd, struct gs_error *err)
{
	struct gs_dataset	*ds = bd->ds;
	struct dataset_name	*v;
	size_t			 c, i, best = 0, first = 0;

	for (c = 0; c < ds->ncols; c++) {
		if (ds->cols[c].name[0] == '\0')
			return (gs_error_set(err, GS_EPARSE, "%s:%zu:%zu: "
			    "column %zu has an empty name in the header; every "
			    "column needs a unique name", ds->path,
			    bd->hline[c], c + 1, c + 1));
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
		    "unique", ds->path, bd->hline[best], best + 1, best + 1,
		    ds->cols[best].name, first + 1));
	return (0);
}

/* One cell: a column name in the header, else a number, missing or text. */
static int
dataset_field(void *arg, size_t row, size_t c, const char *s, size_t len,
    size_t line, struct gs_error *err)
{
	struct dataset_build	*bd = arg;
	struct gs_dataset	*ds = bd->ds;
	struct gs_column	*col;
	enum dataset_num	 kind;
	double			 v;
	size_t			 r = row - 1;

	(void)err;
	if (row == 0) {
		if (c == bd->hcap) {
			bd->hcap = bd->hcap == 0 ? 64 : 2 * bd->hcap;
			ds->cols = xreallocarray(ds->cols, bd->hcap,
			    sizeof *ds->cols);
			bd->hline = xreallocarray(bd->hline, bd->hcap,
			    sizeof *bd->hline);
		}
		memset(&ds->cols[c], 0, sizeof ds->cols[c]);
		ds->cols[c].name = dataset_trim_dup(s);
		bd->hline[c] = line;
		ds->ncols = c + 1;
		return (0);
	}
	col = &ds->cols[c];
	switch (dataset_parse_cell(s, &v)) {
	case DATASET_NUMBER:
		kind = dataset_num_kind(v);
		if (kind > (enum dataset_num)col->num_type)
			dataset_num_widen(col, kind, r, bd->cap);
		dataset_num_put(col, r, v);
		return (0);
	case DATASET_MISSING:
		col->n_missing++;
		break;
	case DATASET_TEXT:
		if (col->n_text++ == 0) {
			col->text_first = xstrdup(s);
			col->text_line = line;
		}
		dataset_id_put(col, r, dataset_intern(col, &bd->dict[c], s,
		    len), r, bd->cap);
		break;
	}
	dataset_num_put(col, r, NAN);
	return (0);
}

/*
 * A row is complete: after the header, check the names and make room for
 * the rows; after a data row, note where it started when that is not the
 * line after the last.
 */
static int
dataset_row_done(void *arg, size_t row, size_t line, size_t next,
    struct gs_error *err)
{
	struct dataset_build	*bd = arg;
	struct gs_dataset	*ds = bd->ds;
	size_t			 r, by;

	(void)next;
	if (row == 0) {
		bd->header = 1;
		if (dataset_names(bd, err) != 0)
			return (-1);
		bd->dict = xcalloc(ds->ncols, sizeof *bd->dict);
		return (0);
	}
	r = row - 1;
	ds->nrows = row;
	if (r == 0) {
		ds->line0 = line;
		return (0);
	}
	by = line - ds->line0 - r;
	if (by == (ds->njumps > 0 ? ds->jump_by[ds->njumps - 1] : 0))
		return (0);
	if (ds->njumps == bd->jcap) {
		bd->jcap = bd->jcap == 0 ? 16 : 2 * bd->jcap;
		ds->jump_row = xreallocarray(ds->jump_row, bd->jcap,
		    sizeof *ds->jump_row);
		ds->jump_by = xreallocarray(ds->jump_by, bd->jcap,
		    sizeof *ds->jump_by);
	}
	ds->jump_row[ds->njumps] = r;
	ds->jump_by[ds->njumps++] = by;
	return (0);
}

/* Line breaks in size bytes at buf, plus one: no file has more rows. */
static size_t
dataset_max_rows(const char *buf, size_t size)
{
	size_t	i, n = 1;

	for (i = 0; i < size; i++) {
		if (buf[i] == '\n' || (buf[i] == '\r' && (i + 1 == size ||
		    buf[i + 1] != '\n')))
			n++;
	}
	return (n);
}

/* Free what the build keeps while reading; shrink the columns to fit. */
static void
dataset_build_end(struct dataset_build *bd)
{
	struct gs_dataset	*ds = bd->ds;
	struct gs_column	*col;
	size_t			 c, n = ds->nrows + 1;

	for (c = 0; bd->dict != NULL && c < ds->ncols; c++) {
		col = &ds->cols[c];
		free(bd->dict[c].slot);
		if (col->num != NULL)
			col->num = xreallocarray(col->num, n,
			    dataset_num_size[col->num_type]);
		if (col->ids != NULL)
			col->ids = xreallocarray(col->ids, n,
			    (size_t)col->id_size);
		if (col->words != NULL)
			col->words = xreallocarray(col->words,
			    bd->dict[c].words_len, 1);
	}
	free(bd->dict);
	free(bd->hline);
	bd->dict = NULL;
	bd->hline = NULL;
}

/*
 * Build a dataset from a buffer, path standing for the file in messages.
 * The caller owns the result. Errors: those of csv_scan, GS_EPARSE for a
 * header without data rows, an empty or duplicate column name.
 */
static struct gs_dataset *
dataset_build(const char *buf, size_t size, const char *path,
    struct gs_error *err)
{
	struct dataset_build	 bd;
	struct gs_csv_sink	 sink = { dataset_field, dataset_row_done, &bd };
	struct gs_dataset	*ds;

	memset(&bd, 0, sizeof bd);
	ds = xcalloc(1, sizeof *ds);
	ds->path = xstrdup(path);
	ds->name = dataset_stem(path);
	bd.ds = ds;
	bd.cap = dataset_max_rows(buf, size);
	if (csv_scan(buf, size, path, NULL, &sink, err) != 0)
		goto fail;
	if (ds->nrows == 0) {
		gs_error_set(err, GS_EPARSE, "%s:%zu: the header is not "
		    "followed by any data rows", path, bd.hline[0]);
		goto fail;
	}
	dataset_build_end(&bd);
	return (ds);
fail:
	dataset_build_end(&bd);
	dataset_free(ds);
	return (NULL);
}

struct gs_dataset *
dataset_load_buffer(const char *buf, size_t size, const char *name,
    struct gs_error *err)
{
	return (dataset_build(buf, size, name, err));
}

/* What dataset_read_file checks of the header as soon as it has it. */
struct dataset_probe {
	const char		*path;		/* for messages */
	const char		*target;	/* --target, or NULL */
	const char		*drop;		/* --drop, or NULL */
	size_t			 expect;	/* inputs, 0: any */
	int			 done;		/* the header was checked */
};

/*
 * Whether sel encodes a category: then the rows read so far may not hold
 * all its levels, and its width is not yet the file's.
 */
static int
dataset_probe_categorical(const struct gs_selection *sel)
{
	size_t	k;

	for (k = 0; sel->enc != NULL && k < sel->enc->nfeat; k++)
		if (sel->enc->feat[k].encode == GS_ENCODE_ONEHOT ||
		    sel->enc->feat[k].encode == GS_ENCODE_ORDINAL)
			return (1);
	return (0);
}

/*
 * Check the columns of the len bytes read so far (eof: all of them): the
 * header and the rows complete in them, read as a dataset of their own
 * and selected from (so that a text column found in those rows is named
 * first, as dataset_select does). 0 when the header is not all there yet
 * or the selection is fine, -1 with err set when it fails.
 */
static int
dataset_probe(struct dataset_probe *pr, const char *buf, size_t len, int eof,
    struct gs_error *err)
{
	struct dataset_build	 bd;
	struct gs_csv_sink	 sink = { dataset_field, dataset_row_done, &bd };
	struct gs_selection	 sel;
	struct gs_error		 e;
	size_t			 cut = len;
	int			 rc = 0;

	/* Whole fields only: up to the last line break. */
	while (!eof && cut > 0 && buf[cut - 1] != '\n' && buf[cut - 1] != '\r')
		cut--;
	memset(&bd, 0, sizeof bd);
	bd.ds = xcalloc(1, sizeof *bd.ds);
	bd.ds->path = xstrdup(pr->path);
	bd.ds->name = dataset_stem(pr->path);
	bd.cap = dataset_max_rows(buf, cut);
	(void)csv_scan(buf, cut, pr->path, NULL, &sink, &e);
	if (bd.header && bd.dict == NULL) {
		/* A bad name in the header. */
		pr->done = 1;
		*err = e;
		rc = -1;
	} else if (bd.header) {
		/* The header was read and its names checked: now the rest. */
		pr->done = 1;
		if (dataset_select(bd.ds, pr->target, pr->drop, 0, &sel,
		    err) != 0)
			rc = -1;
		else if (pr->expect != 0 && sel.n != pr->expect &&
		    !dataset_probe_categorical(&sel)) {
			/* No category seen yet: the width is the file's. */
			dataset_selection_free(&sel);
			if (dataset_select(bd.ds, pr->target, pr->drop,
			    pr->expect, &sel, err) != 0)
				rc = -1;
		}
		dataset_selection_free(&sel);
	} else if (eof)
		pr->done = 1;	/* the full read reports what is wrong */
	dataset_build_end(&bd);
	dataset_free(bd.ds);
	return (rc);
}

/*
 * Read all of path into a new buffer of at most max bytes; with pr set,
 * check the header as soon as it is read (dataset_probe).
 */
static char *
dataset_read_file(const char *path, size_t max, struct dataset_probe *pr,
    size_t *size, struct gs_error *err)
{
	FILE		*f;
	struct stat	 st;
	char		*buf = NULL;
	size_t		 len = 0, alloc = 0, n;

	if ((f = fopen(path, "rb")) == NULL) {
		gs_error_set(err, GS_EIO, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
		if ((unsigned long long)st.st_size > max) {
			gs_error_set(err, GS_ELIMIT, "%s: %llu bytes is over "
			    "the limit of %zu", path,
			    (unsigned long long)st.st_size, max);
			goto fail;
		}
		/* Room for all of it at once, and one byte to see the end. */
		alloc = (size_t)st.st_size + 1;
		buf = xmalloc(alloc);
	}
	for (;;) {
		if (len == alloc) {
			alloc = alloc == 0 ? 65536 : alloc * 2;
			if (alloc > max + 1)
				alloc = max + 1;
			buf = xreallocarray(buf, alloc, 1);
		}
		/* The header first, in a small read, to check it early. */
		n = fread(buf + len, 1, pr != NULL && !pr->done && alloc -
		    len > 65536 ? 65536 : alloc - len, f);
		len += n;
		if (len > max) {
			gs_error_set(err, GS_ELIMIT, "%s: more than %zu bytes, "
			    "the limit", path, max);
			goto fail;
		}
		if (n == 0 && ferror(f)) {
			gs_error_set(err, GS_EIO, "%s: %s", path,
			    strerror(errno));
			goto fail;
		}
		if (pr != NULL && !pr->done &&
		    dataset_probe(pr, buf, len, n == 0, err) != 0)
			goto fail;
		if (n == 0)
			break;
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

	if ((buf = dataset_read_file(path, GS_CSV_MAX_SIZE, NULL, &size,
	    err)) == NULL)
		return (NULL);
	ds = dataset_build(buf, size, path, err);
	free(buf);
	return (ds);
}

struct gs_dataset *
dataset_load_select(const char *path, const char *target, const char *drop,
    size_t expect, struct gs_selection *sel, struct gs_error *err)
{
	struct dataset_probe	 pr;
	struct gs_dataset	*ds;
	char			*buf;
	size_t			 size;

	memset(sel, 0, sizeof *sel);
	sel->target = -1;
	memset(&pr, 0, sizeof pr);
	pr.path = path;
	pr.target = target;
	pr.drop = drop;
	pr.expect = expect;
	if ((buf = dataset_read_file(path, GS_CSV_MAX_SIZE, &pr, &size,
	    err)) == NULL)
		return (NULL);
	ds = dataset_build(buf, size, path, err);
	free(buf);
	if (ds != NULL && dataset_select(ds, target, drop, expect, sel,
	    err) != 0) {
		dataset_free(ds);
		return (NULL);
	}
	return (ds);
}

void
dataset_free(struct gs_dataset *ds)
{
	struct gs_column	*col;
	size_t			 c;

	if (ds == NULL)
		return;
	for (c = 0; ds->cols != NULL && c < ds->ncols; c++) {
		col = &ds->cols[c];
		free(col->name);
		free(col->text_first);
		free(col->num);
		free(col->ids);
		free(col->words);
		free(col->word_off);
	}
	free(ds->cols);
	free(ds->jump_row);
	free(ds->jump_by);
	free(ds->path);
	free(ds->name);
	free(ds);
}

double
dataset_cell(const struct gs_dataset *ds, size_t row, size_t col)
{
	return (dataset_num_get(&ds->cols[col], row));
}

size_t
dataset_text_id(const struct gs_dataset *ds, size_t row, size_t col)
{
	return (dataset_id_get(&ds->cols[col], row));
}

const char *
dataset_word(const struct gs_dataset *ds, size_t col, size_t id)
{
	const struct gs_column	*c = &ds->cols[col];

	if (id == 0 || id > c->n_words)
		return (NULL);
	return (c->words + c->word_off[id - 1]);
}

const char *
dataset_text(const struct gs_dataset *ds, size_t row, size_t col)
{
	return (dataset_word(ds, col, dataset_text_id(ds, row, col)));
}

size_t
dataset_num_bytes(const struct gs_dataset *ds, size_t col)
{
	return (dataset_num_size[ds->cols[col].num_type]);
}

size_t
dataset_bytes(const struct gs_dataset *ds)
{
	const struct gs_column	*col;
	size_t			 c, n = 0, w;

	for (c = 0; c < ds->ncols; c++) {
		col = &ds->cols[c];
		if (col->num != NULL)
			n += ds->nrows * dataset_num_size[col->num_type];
		if (col->ids != NULL)
			n += ds->nrows * (size_t)col->id_size;
		for (w = 0; w < col->n_words; w++)
			n += strlen(col->words + col->word_off[w]) + 1 +
			    sizeof *col->word_off;
	}
	return (n);
}

size_t
dataset_line(const struct gs_dataset *ds, size_t row)
{
	size_t	lo = 0, hi = ds->njumps, mid;

	/* The last jump at or before row. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ds->jump_row[mid] <= row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (ds->line0 + row + (lo > 0 ? ds->jump_by[lo - 1] : 0));
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
	size_t		 line = dataset_line(ds, row), c;
	const char	*t;

	for (c = 0; c < col; c++) {
		t = dataset_text(ds, row, c);
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

size_t
dataset_closest_column(const struct gs_dataset *ds, const char *name,
    size_t *dist)
{
	const char	**names = xcalloc(ds->ncols + 1, sizeof *names);
	size_t		  c, best;

	for (c = 0; c < ds->ncols; c++)
		names[c] = ds->cols[c].name;
	best = names_closest(name, names, ds->ncols, dist);
	free(names);
	return (best);
}

int
dataset_no_column(const struct gs_dataset *ds, const char *what,
    const char *name, struct gs_error *err)
{
	size_t	c, best, best_d, *idx;
	char	list[160];

	best = dataset_closest_column(ds, name, &best_d);
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

int
dataset_select(const struct gs_dataset *ds, const char *target,
    const char *drop, size_t expect, struct gs_selection *sel,
    struct gs_error *err)
{
	struct gs_encode_opts	 o;

	memset(&o, 0, sizeof o);
	o.target = target;
	o.drop = drop;
	o.expect = expect;
	return (encode_select(ds, &o, sel, err));
}

void
dataset_selection_free(struct gs_selection *sel)
{
	if (sel == NULL)
		return;
	encode_free(sel->enc);
	sel->enc = NULL;
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
			v = dataset_cell(ds, r, col);
			if (!isnan(v)) {
				s += v;
				n++;
			}
		}
		m = n > 0 ? s / (double)n : NAN;
		for (r = 0; n > 1 && r < ds->nrows; r++) {
			v = dataset_cell(ds, r, col);
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
	size_t		 i, c;
	double		 v, mean, sd;
	const char	*t;

	if (sel->enc != NULL)
		return (encode_row(ds, sel, row, impute, out, NULL, err));
	if (row >= ds->nrows)
		return (gs_error_set(err, GS_ERANGE, "%s: there is no row %zu; "
		    "the data has %zu rows (0 to %zu)", ds->path, row,
		    ds->nrows, ds->nrows - 1));
	for (i = 0; i < sel->n; i++) {
		c = sel->cols[i];
		v = dataset_cell(ds, row, c);
		if (!isnan(v)) {
			out[i] = v;
			continue;
		}
		t = dataset_text(ds, row, c);
		if (t != NULL)
			return (gs_error_set(err, GS_EPARSE, "%s:%zu:%zu: row "
			    "%zu: column '%s' is not numeric ('%.40s')",
			    ds->path, dataset_cell_line(ds, row, c), c + 1,
			    row, ds->cols[c].name, t));
		if (impute != GS_IMPUTE_MEAN)
			return (gs_error_set(err, GS_EMISSING, "%s:%zu:%zu: "
			    "row %zu has a missing value in column '%s'; "
			    "choose a missing-value policy (--impute mean) or "
			    "another row", ds->path, dataset_cell_line(ds, row,
			    c), c + 1, row, ds->cols[c].name));
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
		if (isnan(dataset_cell(ds, row, sel->cols[i])) &&
		    dataset_text_id(ds, row, sel->cols[i]) == 0)
			return (1);
	}
	return (0);
}

char *
dataset_number_text(double v, char *buf, size_t size)
{
	int	p;

	/* The fewest significant digits that read back exactly. */
	for (p = 1; p <= 17; p++) {
		snprintf(buf, size, "%.*g", p, v);
		if (strtod_l(buf, NULL, dataset_c_locale_get()) == v)
			break;
	}
	return (buf);
}

/* Row numbers in ascending order (qsort). */
static int
dataset_row_cmp(const void *pa, const void *pb)
{
	size_t	a = *(const size_t *)pa, b = *(const size_t *)pb;

	return (a < b ? -1 : a > b);
}

void
dataset_sample_rows(size_t *rows, size_t n, size_t k, uint64_t seed)
{
	struct gs_rng	rng;
	size_t		i, j, t;

	if (k >= n)
		return;
	/* A partial Fisher-Yates shuffle: the first k places are drawn. */
	gs_rng_init(&rng, seed, GS_SAMPLE_STREAM);
	for (i = 0; i < k; i++) {
		j = i + (size_t)gs_rng_below(&rng, n - i);
		t = rows[i];
		rows[i] = rows[j];
		rows[j] = t;
	}
	qsort(rows, k, sizeof *rows, dataset_row_cmp);
}

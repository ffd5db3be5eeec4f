/* SPDX-License-Identifier: ISC */
/*
 * The RFC 4180 reader: one pass over a whole buffer that hands every field,
 * unquoted, to a sink with the line it starts on (csv_scan), keeping only
 * the current field and the header (for naming columns in messages); and
 * csv_read, a sink that keeps every field in one text block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "data/csv.h"

/* The parser's state while it walks the buffer. */
struct csv_parser {
	const char	*buf;		/* input, borrowed */
	size_t		 size;		/* input bytes */
	size_t		 p;		/* next byte to read */
	size_t		 line;		/* 1-based line of byte p */
	const char	*name;		/* file name for messages */
	struct gs_csv_limits lim;	/* limits in force */
	const struct gs_csv_sink *sink;	/* where fields go */
	size_t		 ncols;		/* fields per row, from the header; 0 before */
	char		*f;		/* the current field, unquoted */
	size_t		 flen;		/* its bytes */
	size_t		 fcap;		/* room in f */
	char		*head;		/* the header's fields, NUL-ended, in a row */
	size_t		 hlen;		/* bytes used in head */
	size_t		 hcap;		/* room in head */
	size_t		*hoff;		/* offset of each header field in head */
	size_t		 hn;		/* header fields so far */
	size_t		 hoffcap;	/* room in hoff */
	struct gs_error	*err;		/* where errors go */
};

/* Append one byte to the current field. */
static void
csv_putc(struct csv_parser *cp, char c)
{
	if (cp->flen + 1 >= cp->fcap) {
		cp->fcap = cp->fcap == 0 ? 256 : cp->fcap * 2;
		cp->f = xreallocarray(cp->f, cp->fcap, 1);
	}
	cp->f[cp->flen++] = c;
}

/* Keep the current field as the next header name. */
static void
csv_keep_name(struct csv_parser *cp)
{
	if (cp->hn == cp->hoffcap) {
		cp->hoffcap = cp->hoffcap == 0 ? 64 : cp->hoffcap * 2;
		cp->hoff = xreallocarray(cp->hoff, cp->hoffcap,
		    sizeof *cp->hoff);
	}
	while (cp->hlen + cp->flen + 1 > cp->hcap) {
		cp->hcap = cp->hcap == 0 ? 1024 : cp->hcap * 2;
		cp->head = xreallocarray(cp->head, cp->hcap, 1);
	}
	cp->hoff[cp->hn++] = cp->hlen;
	memcpy(cp->head + cp->hlen, cp->f, cp->flen + 1);
	cp->hlen += cp->flen + 1;
}

/* Describe column col (1-based) as "column N (name)" or "column N". */
static void
csv_describe(const struct csv_parser *cp, size_t col, char *out,
    size_t out_size)
{
	const char	*name;

	if (cp->ncols == 0 || col > cp->ncols) {
		snprintf(out, out_size, "column %zu", col);
		return;
	}
	name = cp->head + cp->hoff[col - 1];
	snprintf(out, out_size, "column %zu (%.40s%s)", col, name,
	    strlen(name) > 40 ? "..." : "");
}

/* Fail with GS_EPARSE at line:col, naming the column. */
static int
csv_fail(struct csv_parser *cp, size_t line, size_t col, const char *what,
    const char *hint)
{
	char	desc[96];

	csv_describe(cp, col, desc, sizeof desc);
	return (gs_error_set(cp->err, GS_EPARSE, "%s:%zu:%zu: %s in %s%s",
	    cp->name, line, col, what, desc, hint));
}

/* Whether byte c is a space or a tab. */
static int
csv_is_blank(char c)
{
	return (c == ' ' || c == '\t');
}

/* Whether the line at p holds only spaces and tabs; *end gets its end. */
static int
csv_blank_line(const struct csv_parser *cp, size_t *end)
{
	size_t	q = cp->p;

	while (q < cp->size && csv_is_blank(cp->buf[q]))
		q++;
	*end = q;
	return (q == cp->size || cp->buf[q] == '\n' || cp->buf[q] == '\r');
}

/* Step over the line break at p (LF, CRLF or CR), if any. */
static void
csv_skip_eol(struct csv_parser *cp)
{
	if (cp->p >= cp->size)
		return;
	if (cp->buf[cp->p] == '\r') {
		cp->p++;
		if (cp->p < cp->size && cp->buf[cp->p] == '\n')
			cp->p++;
		cp->line++;
	} else if (cp->buf[cp->p] == '\n') {
		cp->p++;
		cp->line++;
	}
}

/* Read a quoted field whose opening quote is at p. */
static int
csv_quoted(struct csv_parser *cp, size_t col)
{
	size_t	open = cp->line;
	char	c, desc[96];

	cp->p++;
	for (;;) {
		if (cp->p >= cp->size) {
			csv_describe(cp, col, desc, sizeof desc);
			return (gs_error_set(cp->err, GS_EPARSE,
			    "%s:%zu:%zu: unterminated quote in %s: the quote "
			    "opened on line %zu is never closed", cp->name,
			    open, col, desc, open));
		}
		c = cp->buf[cp->p];
		if (c == '"') {
			if (cp->p + 1 < cp->size && cp->buf[cp->p + 1] == '"') {
				csv_putc(cp, '"');
				cp->p += 2;
				continue;
			}
			cp->p++;
			break;
		}
		if (c == '\0')
			return (csv_fail(cp, cp->line, col, "NUL byte",
			    " (is this a binary file?)"));
		if (c == '\n' ||
		    (c == '\r' && (cp->p + 1 >= cp->size ||
		    cp->buf[cp->p + 1] != '\n')))
			cp->line++;
		csv_putc(cp, c);
		cp->p++;
	}
	while (cp->p < cp->size && csv_is_blank(cp->buf[cp->p]))
		cp->p++;
	if (cp->p < cp->size && cp->buf[cp->p] != ',' &&
	    cp->buf[cp->p] != '\n' && cp->buf[cp->p] != '\r') {
		if (cp->buf[cp->p] == '\0')
			return (csv_fail(cp, cp->line, col, "NUL byte",
			    " (is this a binary file?)"));
		return (csv_fail(cp, cp->line, col,
		    "text after the closing quote", "; a quote inside a "
		    "quoted field must be doubled (\"\")"));
	}
	return (0);
}

/* Append the n bytes at s to the current field. */
static void
csv_append(struct csv_parser *cp, const char *s, size_t n)
{
	while (cp->flen + n + 1 >= cp->fcap) {
		cp->fcap = cp->fcap == 0 ? 256 : cp->fcap * 2;
		cp->f = xreallocarray(cp->f, cp->fcap, 1);
	}
	memcpy(cp->f + cp->flen, s, n);
	cp->flen += n;
}

/*
 * Read an unquoted field starting at p: its bytes up to the first comma,
 * line break, quote or NUL, copied in one piece.
 */
static int
csv_unquoted(struct csv_parser *cp, size_t col)
{
	size_t	q = cp->p;
	char	c;

	while (q < cp->size && (c = cp->buf[q]) != ',' && c != '\n' &&
	    c != '\r' && c != '"' && c != '\0')
		q++;
	csv_append(cp, cp->buf + cp->p, q - cp->p);
	cp->p = q;
	if (q < cp->size && cp->buf[q] == '"')
		return (csv_fail(cp, cp->line, col,
		    "quote inside an unquoted field", "; quote the "
		    "whole field and double the quote (\"\")"));
	if (q < cp->size && cp->buf[q] == '\0')
		return (csv_fail(cp, cp->line, col, "NUL byte",
		    " (is this a binary file?)"));
	return (0);
}

/*
 * Read one row (number row, 0 for the header) starting at p; *n gets its
 * field count. The header may have up to max_cols fields; in a data row,
 * fields past the header's count are counted but not passed on, so a
 * ragged row cannot use much memory.
 */
static int
csv_row(struct csv_parser *cp, size_t row, size_t *n)
{
	const struct gs_csv_sink *sk = cp->sink;
	size_t		 col = 0, q, line;
	int		 rc;

	for (;;) {
		col++;
		if (cp->ncols == 0 && col > cp->lim.max_cols)
			return (gs_error_set(cp->err, GS_ELIMIT,
			    "%s:%zu: more than %zu columns", cp->name,
			    cp->line, cp->lim.max_cols));
		cp->flen = 0;
		line = cp->line;
		q = cp->p;
		while (q < cp->size && csv_is_blank(cp->buf[q]))
			q++;
		if (q < cp->size && cp->buf[q] == '"') {
			cp->p = q;
			if (csv_quoted(cp, col) != 0)
				return (-1);
		} else if (csv_unquoted(cp, col) != 0)
			return (-1);
		csv_putc(cp, '\0');
		cp->flen--;
		if (row == 0)
			csv_keep_name(cp);
		if ((row == 0 || col <= cp->ncols) && sk->field != NULL &&
		    (rc = sk->field(sk->arg, row, col - 1, cp->f, cp->flen,
		    line, cp->err)) != 0)
			return (rc);
		if (cp->p < cp->size && cp->buf[cp->p] == ',') {
			cp->p++;
			continue;
		}
		csv_skip_eol(cp);
		break;
	}
	*n = col;
	return (0);
}

int
csv_scan(const char *buf, size_t size, const char *name,
    const struct gs_csv_limits *lim, const struct gs_csv_sink *sink,
    struct gs_error *err)
{
	struct csv_parser	 cp;
	size_t			 n = 0, row = 0, line, end;
	int			 rc = -1, r;

	memset(&cp, 0, sizeof cp);
	cp.buf = buf;
	cp.size = size;
	cp.line = 1;
	cp.name = name;
	cp.sink = sink;
	cp.err = err;
	if (lim != NULL)
		cp.lim = *lim;
	else {
		cp.lim.max_size = GS_CSV_MAX_SIZE;
		cp.lim.max_rows = GS_CSV_MAX_ROWS;
		cp.lim.max_cols = GS_CSV_MAX_COLS;
		cp.lim.max_cells = GS_CSV_MAX_CELLS;
	}
	if (size > cp.lim.max_size)
		return (gs_error_set(err, GS_ELIMIT, "%s: %zu bytes is over "
		    "the limit of %zu", name, size, cp.lim.max_size));
	if (size >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		cp.p = 3;

	for (;;) {
		if (cp.p >= size)
			break;
		if (csv_blank_line(&cp, &end)) {
			cp.p = end;
			csv_skip_eol(&cp);
			continue;
		}
		if (row > cp.lim.max_rows) {
			gs_error_set(err, GS_ELIMIT, "%s:%zu: more than %zu "
			    "data rows", name, cp.line, cp.lim.max_rows);
			goto out;
		}
		if (row > 0 && row > cp.lim.max_cells / cp.ncols) {
			gs_error_set(err, GS_ELIMIT, "%s:%zu: more than %zu "
			    "cells (%zu columns x %zu rows)", name, cp.line,
			    cp.lim.max_cells, cp.ncols, row);
			goto out;
		}
		line = cp.line;
		if ((r = csv_row(&cp, row, &n)) != 0) {
			rc = r;
			goto out;
		}
		if (row == 0)
			cp.ncols = n;
		else if (n != cp.ncols) {
			gs_error_set(err, GS_EPARSE, "%s:%zu: %zu field%s, "
			    "header has %zu", name, line, n, n == 1 ? "" : "s",
			    cp.ncols);
			goto out;
		}
		if (sink->row != NULL &&
		    (r = sink->row(sink->arg, row, line, cp.p, err)) != 0) {
			rc = r;
			goto out;
		}
		row++;
	}
	if (row == 0) {
		gs_error_set(err, GS_EPARSE, "%s:1: the file is empty (no "
		    "header row)", name);
		goto out;
	}
	rc = 0;
out:
	free(cp.f);
	free(cp.head);
	free(cp.hoff);
	return (rc);
}

/* csv_read's sink: every field into one text block. */
struct csv_keep {
	struct gs_csv	*csv;		/* being filled */
	size_t		 text_alloc;	/* bytes in csv->text */
	size_t		 nfields;	/* fields so far, all rows */
	size_t		 fields_alloc;	/* entries in csv->fields */
	size_t		 lines_alloc;	/* entries in csv->lines */
};

static int
csv_keep_field(void *arg, size_t row, size_t col, const char *s, size_t len,
    size_t line, struct gs_error *err)
{
	struct csv_keep	*k = arg;
	struct gs_csv	*csv = k->csv;

	(void)row;
	(void)col;
	(void)line;
	(void)err;
	if (k->nfields == k->fields_alloc) {
		k->fields_alloc = k->fields_alloc == 0 ? 64 :
		    k->fields_alloc * 2;
		csv->fields = xreallocarray(csv->fields, k->fields_alloc,
		    sizeof *csv->fields);
	}
	csv->fields[k->nfields++] = csv->text_size;
	while (csv->text_size + len + 1 > k->text_alloc) {
		k->text_alloc = k->text_alloc == 0 ? 4096 : k->text_alloc * 2;
		csv->text = xreallocarray(csv->text, k->text_alloc, 1);
	}
	memcpy(csv->text + csv->text_size, s, len + 1);
	csv->text_size += len + 1;
	return (0);
}

static int
csv_keep_row(void *arg, size_t row, size_t line, size_t next,
    struct gs_error *err)
{
	struct csv_keep	*k = arg;
	struct gs_csv	*csv = k->csv;

	(void)next;
	(void)err;
	if (row >= k->lines_alloc) {
		k->lines_alloc = k->lines_alloc == 0 ? 64 : k->lines_alloc * 2;
		csv->lines = xreallocarray(csv->lines, k->lines_alloc,
		    sizeof *csv->lines);
	}
	csv->lines[row] = line;
	if (row == 0)
		csv->ncols = k->nfields;
	else
		csv->nrows = row;
	return (0);
}

int
csv_read(const char *buf, size_t size, const char *name,
    const struct gs_csv_limits *lim, struct gs_csv *csv, struct gs_error *err)
{
	struct csv_keep		k;
	struct gs_csv_sink	sink = { csv_keep_field, csv_keep_row, &k };

	memset(csv, 0, sizeof *csv);
	memset(&k, 0, sizeof k);
	k.csv = csv;
	if (csv_scan(buf, size, name, lim, &sink, err) != 0) {
		csv_free(csv);
		return (-1);
	}
	return (0);
}

void
csv_free(struct gs_csv *csv)
{
	if (csv == NULL)
		return;
	free(csv->text);
	free(csv->fields);
	free(csv->lines);
	memset(csv, 0, sizeof *csv);
}

const char *
csv_field(const struct gs_csv *csv, size_t row, size_t col)
{
	return (csv->text + csv->fields[row * csv->ncols + col]);
}

size_t
csv_count_lines(const char *text)
{
	size_t	n = 0;

	for (; *text != '\0'; text++) {
		if (*text == '\n')
			n++;
		else if (*text == '\r' && text[1] != '\n')
			n++;
	}
	return (n);
}

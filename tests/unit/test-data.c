/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for src/data: the CSV reader (quoting, line ends, BOM, every
 * error with its file:line:column), number parsing in the C locale, missing
 * and text cells, column selection and its messages, rows with and without
 * imputation, column statistics, the shipped datasets, and random input.
 */
#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/rng.h"
#include "core/xmalloc.h"
#include "data/csv.h"
#include "data/dataset.h"
#include "data/decimal.h"
#include "data/encode.h"
#include "fixture.h"

/* Path of a fixture under $srcdir/tests/data/csv; caller frees. */
static char *
fixture(const char *file)
{
	const char	*srcdir = getenv("srcdir");
	char		*path;

	if (srcdir == NULL || *srcdir == '\0')
		srcdir = ".";
	xasprintf(&path, "%s/tests/data/csv/%s", srcdir, file);
	return (path);
}

/* Load a fixture; fails the test when it does not load. */
static struct gs_dataset *
load_fixture(const char *file)
{
	struct gs_dataset	*ds;
	struct gs_error		 err;
	char			*path = fixture(file);

	gs_error_clear(&err);
	ds = dataset_load(path, &err);
	ck_assert_msg(ds != NULL, "%s: %s", file, err.msg);
	free(path);
	return (ds);
}

/* Load a string as a CSV named "t.csv". */
static struct gs_dataset *
load_str(const char *s, struct gs_error *err)
{
	gs_error_clear(err);
	return (dataset_load_buffer(s, strlen(s), "t.csv", err));
}

/* Load a string that must fail with code and exactly msg. */
static void
load_fails(const char *s, enum gs_errcode code, const char *msg)
{
	struct gs_error		 err;
	struct gs_dataset	*ds;

	ds = load_str(s, &err);
	ck_assert_ptr_null(ds);
	ck_assert_int_eq(err.code, code);
	ck_assert_str_eq(err.msg, msg);
}

/* A data cell of ds. */
static double
cell(const struct gs_dataset *ds, size_t r, size_t c)
{
	return (dataset_cell(ds, r, c));
}

START_TEST(test_csv_quoted)
{
	const char	 *s = "a,b,c\n\"x, y\",\"say \"\"hi\"\"\","
			     "\"two\nlines\"\n1,,\"\"\n  \"sp\"  ,2,3";
	struct gs_csv	  csv;
	struct gs_error	  err;

	gs_error_clear(&err);
	ck_assert_int_eq(csv_read(s, strlen(s), "t.csv", NULL, &csv, &err), 0);
	ck_assert_uint_eq(csv.ncols, 3);
	ck_assert_uint_eq(csv.nrows, 3);
	ck_assert_str_eq(csv_field(&csv, 0, 2), "c");
	ck_assert_str_eq(csv_field(&csv, 1, 0), "x, y");
	ck_assert_str_eq(csv_field(&csv, 1, 1), "say \"hi\"");
	ck_assert_str_eq(csv_field(&csv, 1, 2), "two\nlines");
	ck_assert_str_eq(csv_field(&csv, 2, 1), "");
	ck_assert_str_eq(csv_field(&csv, 2, 2), "");
	ck_assert_str_eq(csv_field(&csv, 3, 0), "sp");
	ck_assert_str_eq(csv_field(&csv, 3, 2), "3");
	/* Row lines: header 1, row 1 on 2 (runs to 3), row 2 on 4. */
	ck_assert_uint_eq(csv.lines[0], 1);
	ck_assert_uint_eq(csv.lines[1], 2);
	ck_assert_uint_eq(csv.lines[2], 4);
	ck_assert_uint_eq(csv.lines[3], 5);
	csv_free(&csv);
	csv_free(&csv);
	ck_assert_ptr_null(csv.text);
}
END_TEST

START_TEST(test_csv_line_ends)
{
	/* BOM, CRLF, blank lines in the middle and at the end, lone CR. */
	const char	 *s = "\xef\xbb\xbfp,q\r\n1,2\r\n\r\n   \r\n"
			     "3,4\r5,6\n\n\n";
	struct gs_csv	  csv;
	struct gs_error	  err;

	gs_error_clear(&err);
	ck_assert_int_eq(csv_read(s, strlen(s), "t.csv", NULL, &csv, &err), 0);
	ck_assert_uint_eq(csv.ncols, 2);
	ck_assert_uint_eq(csv.nrows, 3);
	ck_assert_str_eq(csv_field(&csv, 0, 0), "p");
	ck_assert_str_eq(csv_field(&csv, 2, 0), "3");
	ck_assert_str_eq(csv_field(&csv, 3, 1), "6");
	ck_assert_uint_eq(csv.lines[1], 2);
	ck_assert_uint_eq(csv.lines[2], 5);
	ck_assert_uint_eq(csv.lines[3], 6);
	csv_free(&csv);
	ck_assert_uint_eq(csv_count_lines("a\r\nb\nc\rd"), 3);
	ck_assert_uint_eq(csv_count_lines("none"), 0);
}
END_TEST

START_TEST(test_csv_errors)
{
	load_fails("", GS_EPARSE, "t.csv:1: the file is empty (no header row)");
	load_fails("\xef\xbb\xbf\n\n", GS_EPARSE,
	    "t.csv:1: the file is empty (no header row)");
	load_fails("a,b\n", GS_EPARSE,
	    "t.csv:1: the header is not followed by any data rows");
	load_fails("a,b\n1,2\n3\n", GS_EPARSE,
	    "t.csv:3: 1 field, header has 2");
	load_fails("a,b\n1,2,3,4\n", GS_EPARSE,
	    "t.csv:2: 4 fields, header has 2");
	load_fails("a,b\n1,2,\n", GS_EPARSE, "t.csv:2: 3 fields, header has 2");
	load_fails("a,b\n\"x\ny\",2\n\"open,1\n2,3\n", GS_EPARSE,
	    "t.csv:4:1: unterminated quote in column 1 (a): the quote opened "
	    "on line 4 is never closed");
	load_fails("a,b\n1,x\"y\n", GS_EPARSE,
	    "t.csv:2:2: quote inside an unquoted field in column 2 (b); quote "
	    "the whole field and double the quote (\"\")");
	load_fails("a,b\n\"1\"x,2\n", GS_EPARSE,
	    "t.csv:2:1: text after the closing quote in column 1 (a); a quote "
	    "inside a quoted field must be doubled (\"\")");
	load_fails("a,\"b\"\"c\"d\n1,2\n", GS_EPARSE,
	    "t.csv:1:2: text after the closing quote in column 2; a quote "
	    "inside a quoted field must be doubled (\"\")");
	load_fails("a,b,c\n1,2,3,4\"\n", GS_EPARSE,
	    "t.csv:2:4: quote inside an unquoted field in column 4; quote the "
	    "whole field and double the quote (\"\")");
	load_fails("x,y,x\n1,2,3\n", GS_EPARSE, "t.csv:1:3: column 3 is called "
	    "'x' like column 1; column names must be unique");
	load_fails("b,a,c,a,b\n1,2,3,4,5\n", GS_EPARSE, "t.csv:1:4: column 4 "
	    "is called 'a' like column 2; column names must be unique");
	load_fails("a, ,c\n1,2,3\n", GS_EPARSE, "t.csv:1:2: column 2 has an "
	    "empty name in the header; every column needs a unique name");
}
END_TEST

START_TEST(test_csv_nul)
{
	static const char	 s[] = "a,b\n1,\"2\0\"\n";
	static const char	 u[] = "a,b\n1,2\n\0";
	struct gs_error		 err;

	gs_error_clear(&err);
	ck_assert_ptr_null(dataset_load_buffer(s, sizeof s - 1, "t.csv", &err));
	ck_assert_int_eq(err.code, GS_EPARSE);
	ck_assert_str_eq(err.msg, "t.csv:2:2: NUL byte in column 2 (b) (is "
	    "this a binary file?)");
	ck_assert_ptr_null(dataset_load_buffer(u, sizeof u - 1, "t.csv", &err));
	ck_assert_str_eq(err.msg, "t.csv:3:1: NUL byte in column 1 (a) (is "
	    "this a binary file?)");
}
END_TEST

START_TEST(test_csv_limits)
{
	struct gs_csv_limits	 lim = { 100, 3, 4, 6 };
	struct gs_csv		 csv;
	struct gs_error		 err;
	const char		*s;

	gs_error_clear(&err);
	s = "a,b\n1,2\n3,4\n5,6\n";
	ck_assert_int_eq(csv_read(s, strlen(s), "t.csv", &lim, &csv, &err), 0);
	ck_assert_uint_eq(csv.nrows, 3);
	csv_free(&csv);
	s = "a,b\n1,2\n3,4\n5,6\n7,8\n";
	ck_assert_int_eq(csv_read(s, strlen(s), "t.csv", &lim, &csv, &err), -1);
	ck_assert_int_eq(err.code, GS_ELIMIT);
	ck_assert_str_eq(err.msg, "t.csv:5: more than 3 data rows");
	s = "a,b,c,d,e\n1,2,3,4,5\n";
	ck_assert_int_eq(csv_read(s, strlen(s), "t.csv", &lim, &csv, &err), -1);
	ck_assert_int_eq(err.code, GS_ELIMIT);
	ck_assert_str_eq(err.msg, "t.csv:1: more than 4 columns");
	s = "a,b,c\n1,2,3\n4,5,6\n7,8,9\n";
	ck_assert_int_eq(csv_read(s, strlen(s), "t.csv", &lim, &csv, &err), -1);
	ck_assert_int_eq(err.code, GS_ELIMIT);
	ck_assert_str_eq(err.msg,
	    "t.csv:4: more than 6 cells (3 columns x 3 rows)");
	ck_assert_int_eq(csv_read(s, 101, "t.csv", &lim, &csv, &err), -1);
	ck_assert_int_eq(err.code, GS_ELIMIT);
	ck_assert_str_eq(err.msg, "t.csv: 101 bytes is over the limit of 100");
	ck_assert_ptr_null(csv.text);
}
END_TEST

/*
 * decimal_parse_short gives strtod's bits whenever it answers, and
 * answers for the short numbers a CSV holds: random numbers of 1 to 18
 * digits, a point anywhere, leading zeros, exponents -30 to 30, signs.
 */
START_TEST(test_decimal_short)
{
	static const char	*fixed[] = { "0", "-0", "+0", "-0.0e5", "5.",
				    ".5", "1e22", "1e23", "1e-22", "1e-23",
				    "999999999999999", "9999999999999999",
				    "0.000000000000000000001", "17.99",
				    "0.07871", "1.095e-05", "9007199254740993",
				    "123456789012345e7", "0e400", "1e0400" };
	static const char	*bad[] = { "", ".", "+", "-", "+-1", "e5",
				    ".e1", "1e", "1e+", "1E-", "1.2.3", "1 2",
				    "0x10", "1e5x", "--1", "1e+-5" };
	struct gs_rng		 rng;
	char			 buf[64];
	double			 v, want;
	size_t			 i, j, nd, len, hits = 0;

	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		want = strtod(fixed[i], NULL);
		if (decimal_parse_short(fixed[i], fixed[i] + strlen(fixed[i]),
		    &v)) {
			hits++;
			ck_assert_msg(memcmp(&v, &want, sizeof v) == 0,
			    "%s: %a, strtod %a", fixed[i], v, want);
		}
	}
	ck_assert_uint_eq(hits, 14);
	/* Not numbers at all: left to the caller's syntax check. */
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!decimal_parse_short(bad[i], bad[i] +
		    strlen(bad[i]), &v), "%s taken as a number", bad[i]);
	gs_rng_init(&rng, 20, 0);
	hits = 0;
	for (i = 0; i < 2000000; i++) {
		len = 0;
		if (gs_rng_below(&rng, 4) == 0)
			buf[len++] = gs_rng_below(&rng, 2) ? '-' : '+';
		nd = 1 + gs_rng_below(&rng, 18);
		for (j = 0; j < nd; j++)
			buf[len++] = (char)('0' + (j == 0 &&
			    gs_rng_below(&rng, 3) == 0 ? 0 :
			    gs_rng_below(&rng, 10)));
		if (gs_rng_below(&rng, 2)) {
			j = gs_rng_below(&rng, len + 1);
			memmove(buf + j + 1, buf + j, len - j);
			buf[j] = '.';
			len++;
			if ((buf[0] == '+' || buf[0] == '-') && j == 0) {
				buf[0] = buf[1];
				buf[1] = '.';
			}
		}
		if (gs_rng_below(&rng, 2))
			len += (size_t)snprintf(buf + len, sizeof buf - len,
			    "e%d", (int)gs_rng_below(&rng, 61) - 30);
		buf[len] = '\0';
		want = strtod(buf, NULL);
		if (decimal_parse_short(buf, buf + len, &v)) {
			hits++;
			ck_assert_msg(memcmp(&v, &want, sizeof v) == 0,
			    "%s: %a, strtod %a", buf, v, want);
		}
	}
	ck_assert_uint_gt(hits, 500000);
}
END_TEST

START_TEST(test_numbers)
{
	struct gs_dataset	*ds;
	struct gs_error		 err;
	static const char	*num[] = { " 1.5 ", "+2", "-.5", "5.", "1e3",
				    "1E-2", "\t7\t", "\"  8 \"", "-0",
				    "1e-400" };
	static const double	 val[] = { 1.5, 2, -0.5, 5, 1000, 0.01, 7, 8,
				    0, 0 };
	static const char	*miss[] = { "", "NA", "na", "N/A", "n/a",
				    "NaN", "nan", " NA ", "\"\"", "  " };
	static const char	*text[] = { "inf", "Infinity", "-inf",
				    "0x10", "1e999", "1.2.3", "\"1,5\"", "abc",
				    "1e", "e5", ".", "-", "+-1", "1 2",
				    "NAN!" };
	char			 buf[512];
	size_t			 i, len;

	len = (size_t)snprintf(buf, sizeof buf, "n,m,t\n");
	for (i = 0; i < 15; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len,
		    "%s,%s,%s\n", i < 10 ? num[i] : "0", i < 10 ? miss[i] : "0",
		    text[i]);
	ds = load_str(buf, &err);
	ck_assert_msg(ds != NULL, "%s", err.msg);
	ck_assert_uint_eq(ds->nrows, 15);
	for (i = 0; i < 10; i++) {
		ck_assert_msg(cell(ds, i, 0) == val[i], "%s", num[i]);
		ck_assert_msg(isnan(cell(ds, i, 1)), "%s", miss[i]);
		ck_assert_ptr_null(dataset_text(ds, i, 1));
	}
	ck_assert(signbit(cell(ds, 8, 0)));
	ck_assert_uint_eq(ds->cols[0].n_missing, 0);
	ck_assert_uint_eq(ds->cols[0].n_text, 0);
	ck_assert_uint_eq(ds->cols[1].n_missing, 10);
	ck_assert_uint_eq(ds->cols[1].n_text, 0);
	ck_assert_uint_eq(ds->cols[2].n_text, 15);
	ck_assert_uint_eq(ds->cols[2].n_missing, 0);
	for (i = 0; i < 15; i++)
		ck_assert(isnan(cell(ds, i, 2)));
	ck_assert_str_eq(ds->cols[2].text_first, "inf");
	ck_assert_uint_eq(ds->cols[2].text_line, 2);
	ck_assert_str_eq(dataset_text(ds, 6, 2), "1,5");
	ck_assert_str_eq(dataset_text(ds, 13, 2), "1 2");
	dataset_free(ds);
}
END_TEST

START_TEST(test_locale)
{
	static const char	*names[] = { "de_DE.UTF-8", "de_DE.utf8",
				    "de_DE", "fr_FR.UTF-8", "fr_FR.utf8",
				    "ru_RU.UTF-8", "nl_NL.UTF-8", NULL };
	struct gs_dataset	*ds;
	struct gs_error		 err;
	const char		*got = NULL;
	size_t			 i;

	/*
	 * Needs a decimal-comma locale, which may not be installed; without
	 * one only the C-locale half of this test runs.
	 */
	for (i = 0; names[i] != NULL && got == NULL; i++) {
		if (setlocale(LC_ALL, names[i]) != NULL &&
		    strcmp(localeconv()->decimal_point, ",") == 0)
			got = names[i];
	}
	if (got == NULL)
		fprintf(stderr, "test_locale: no decimal-comma locale, "
		    "checking in the C locale only\n");
	ds = load_str("x,y\n1.5,\"2,5\"\n-3.25e1,4\n", &err);
	ck_assert_msg(ds != NULL, "%s", err.msg);
	ck_assert(cell(ds, 0, 0) == 1.5);
	ck_assert(cell(ds, 1, 0) == -32.5);
	ck_assert(isnan(cell(ds, 0, 1)));
	ck_assert_uint_eq(ds->cols[1].n_text, 1);
	ck_assert(cell(ds, 1, 1) == 4);
	dataset_free(ds);
	setlocale(LC_ALL, "C");
}
END_TEST

START_TEST(test_good_quoted_file)
{
	struct gs_dataset	*ds = load_fixture("good-quoted.csv");

	ck_assert_uint_eq(ds->nrows, 3);
	ck_assert_uint_eq(ds->ncols, 3);
	ck_assert_str_eq(ds->name, "good-quoted");
	ck_assert_str_eq(ds->cols[0].name, "id");
	ck_assert_str_eq(ds->cols[1].name, "note, with comma");
	ck_assert_int_eq(dataset_column(ds, "note, with comma"), 1);
	ck_assert_int_eq(dataset_column(ds, "value"), 2);
	ck_assert_int_eq(dataset_column(ds, "Value"), -1);
	ck_assert(cell(ds, 0, 2) == 1.5);
	ck_assert(cell(ds, 1, 2) == -2000);
	ck_assert(isnan(cell(ds, 2, 2)));
	ck_assert(cell(ds, 2, 0) == 3);
	ck_assert_uint_eq(ds->cols[2].n_missing, 1);
	ck_assert_uint_eq(ds->cols[1].n_text, 3);
	ck_assert_str_eq(ds->cols[1].text_first, "say \"hi\"");
	ck_assert_uint_eq(ds->cols[1].text_line, 2);
	ck_assert_str_eq(dataset_text(ds, 1, 1), "two\r\nlines");
	ck_assert_uint_eq(dataset_line(ds, 0), 2);
	ck_assert_uint_eq(dataset_line(ds, 1), 3);
	ck_assert_uint_eq(dataset_line(ds, 2), 5);
	ck_assert_uint_eq(dataset_cell_line(ds, 1, 1), 3);
	ck_assert_uint_eq(dataset_cell_line(ds, 1, 2), 4);
	dataset_free(ds);
	dataset_free(NULL);
}
END_TEST

START_TEST(test_bad_files)
{
	static const struct {
		const char	*file;
		enum gs_errcode	 code;
		const char	*msg;
	} t[] = {
		{ "bad-unterminated.csv", GS_EPARSE, ":3:2: unterminated quote "
		  "in column 2 (b): the quote opened on line 3 is never "
		  "closed" },
		{ "bad-ragged.csv", GS_EPARSE, ":3: 2 fields, header has 3" },
		{ "bad-empty.csv", GS_EPARSE,
		  ":1: the file is empty (no header row)" },
		{ "bad-nul.csv", GS_EPARSE, ":3:2: NUL byte in column 2 (b) "
		  "(is this a binary file?)" },
		{ "bad-duplicate.csv", GS_EPARSE, ":1:3: column 3 is called "
		  "'x' like column 1; column names must be unique" },
		{ "bad-quote.csv", GS_EPARSE, ":2:2: quote inside an unquoted "
		  "field in column 2 (b); quote the whole field and double "
		  "the quote (\"\")" },
		{ "bad-after-quote.csv", GS_EPARSE, ":2:1: text after the "
		  "closing quote in column 1 (a); a quote inside a quoted "
		  "field must be doubled (\"\")" },
		{ "bad-empty-name.csv", GS_EPARSE, ":1:2: column 2 has an "
		  "empty name in the header; every column needs a unique "
		  "name" },
		{ "bad-header-only.csv", GS_EPARSE,
		  ":1: the header is not followed by any data rows" },
		{ "no-such-file.csv", GS_EIO, ": No such file or directory" },
	};
	struct gs_error	 err;
	char		*path;
	size_t		 i, n;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		path = fixture(t[i].file);
		gs_error_clear(&err);
		ck_assert_ptr_null(dataset_load(path, &err));
		ck_assert_msg(err.code == t[i].code, "%s: %s", t[i].file,
		    err.msg);
		n = strlen(path);
		ck_assert_msg(strncmp(err.msg, path, n) == 0, "%s", err.msg);
		ck_assert_str_eq(err.msg + n, t[i].msg);
		free(path);
	}
	/* A directory cannot be read. */
	path = fixture("");
	ck_assert_ptr_null(dataset_load(path, &err));
	ck_assert_int_eq(err.code, GS_EIO);
	free(path);
}
END_TEST

START_TEST(test_real_files)
{
	struct gs_dataset	*ds;
	long			 c;

	ds = load_fixture("iris.csv");
	ck_assert_uint_eq(ds->nrows, 150);
	ck_assert_uint_eq(ds->ncols, 5);
	ck_assert_str_eq(ds->name, "iris");
	ck_assert_str_eq(ds->cols[0].name, "sepal_length_cm");
	ck_assert_str_eq(ds->cols[4].name, "target");
	ck_assert(cell(ds, 0, 0) == 5.1);
	ck_assert(cell(ds, 0, 1) == 3.5);
	ck_assert(cell(ds, 1, 1) == 3.0);
	ck_assert(cell(ds, 149, 4) == 2);
	ck_assert_uint_eq(dataset_line(ds, 149), 151);
	dataset_free(ds);

	ds = load_fixture("credit_data.csv");
	ck_assert_uint_eq(ds->nrows, 4454);
	ck_assert_uint_eq(ds->ncols, 14);
	c = dataset_column(ds, "Income");
	ck_assert_int_eq(c, 9);
	ck_assert_uint_eq(ds->cols[c].n_missing, 381);
	ck_assert_uint_eq(ds->cols[c].n_text, 0);
	ck_assert(isnan(cell(ds, 29, 9)));
	ck_assert(cell(ds, 0, 9) == 129);
	ck_assert_uint_eq(ds->cols[2].n_missing, 6);
	ck_assert_uint_eq(ds->cols[2].n_text, 4448);
	ck_assert_str_eq(ds->cols[2].text_first, "rent");
	ck_assert_uint_eq(ds->cols[0].n_text, 4454);
	ck_assert_uint_eq(ds->cols[10].n_missing, 47);
	ck_assert_uint_eq(ds->cols[11].n_missing, 18);
	ck_assert_str_eq(dataset_text(ds, 2, 0), "bad");
	ck_assert(cell(ds, 3, 13) == 1325);
	dataset_free(ds);

	ds = load_fixture("german_credit.csv");
	ck_assert_uint_eq(ds->nrows, 1000);
	ck_assert_uint_eq(ds->ncols, 62);
	ck_assert_int_eq(dataset_column(ds, "Class"), 9);
	ck_assert_int_eq(dataset_column(ds, "CheckingAccountStatus.lt.0"), 10);
	ck_assert_uint_eq(ds->cols[9].n_text, 1000);
	ck_assert_str_eq(ds->cols[9].text_first, "Good");
	ck_assert(cell(ds, 0, 0) == 6);
	ck_assert(cell(ds, 0, 1) == 1169);
	ck_assert(cell(ds, 999, 0) == 45);
	ck_assert(cell(ds, 999, 1) == 4576);
	dataset_free(ds);

	ds = load_fixture("diabetes.csv");
	ck_assert_uint_eq(ds->nrows, 442);
	ck_assert_uint_eq(ds->ncols, 11);
	ck_assert(cell(ds, 0, 8) == 4.8598);
	ck_assert(cell(ds, 441, 5) == 133.2);
	ck_assert(cell(ds, 441, 10) == 57);
	dataset_free(ds);

	ds = load_fixture("digits.csv");
	ck_assert_uint_eq(ds->nrows, 1797);
	ck_assert_uint_eq(ds->ncols, 65);
	ck_assert_str_eq(ds->cols[64].name, "label");
	ck_assert(cell(ds, 0, 2) == 5);
	ck_assert(cell(ds, 1796, 64) == 8);
	dataset_free(ds);
}
END_TEST

START_TEST(test_select)
{
	struct gs_dataset	*ds = load_fixture("iris.csv");
	struct gs_selection	 sel;
	struct gs_error		 err;
	const char		*m;
	size_t			 n;

	gs_error_clear(&err);
	ck_assert_int_eq(dataset_select(ds, "target", NULL, 4, &sel, &err), 0);
	ck_assert_uint_eq(sel.n, 4);
	ck_assert_uint_eq(sel.cols[0], 0);
	ck_assert_uint_eq(sel.cols[3], 3);
	ck_assert_int_eq(sel.target, 4);
	dataset_selection_free(&sel);
	dataset_selection_free(&sel);
	ck_assert_ptr_null(sel.cols);

	ck_assert_int_eq(dataset_select(ds, "target",
	    " sepal_width_cm ,, petal_width_cm", 0, &sel, &err), 0);
	ck_assert_uint_eq(sel.n, 2);
	ck_assert_uint_eq(sel.cols[0], 0);
	ck_assert_uint_eq(sel.cols[1], 2);
	dataset_selection_free(&sel);

	ck_assert_int_eq(dataset_select(ds, NULL, "target", 4, &sel, &err), 0);
	ck_assert_int_eq(sel.target, -1);
	ck_assert_uint_eq(sel.n, 4);
	dataset_selection_free(&sel);

	n = strlen(ds->path);
	ck_assert_int_eq(dataset_select(ds, NULL, NULL, 4, &sel, &err), -1);
	ck_assert_int_eq(err.code, GS_ESHAPE);
	ck_assert_ptr_null(sel.cols);
	ck_assert_str_eq(err.msg + n, ": the model takes 4 inputs but the "
	    "data has 5 input columns (sepal_length_cm, sepal_width_cm, "
	    "petal_length_cm, petal_width_cm, target); use --target or --drop");
	ck_assert_int_eq(dataset_select(ds, "target", "sepal_width_cm", 4,
	    &sel, &err), -1);
	ck_assert_str_eq(err.msg + n, ": the model takes 4 inputs but the "
	    "data has 3 input columns (sepal_length_cm, petal_length_cm, "
	    "petal_width_cm); check --target and --drop");
	ck_assert_int_eq(dataset_select(ds, NULL, NULL, 1, &sel, &err), -1);
	ck_assert(strstr(err.msg, "takes 1 input but") != NULL);

	ck_assert_int_eq(dataset_select(ds, "Target", NULL, 0, &sel, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert_str_eq(err.msg + n, ": no column 'Target' for --target; "
	    "did you mean 'target'?");
	ck_assert_int_eq(dataset_select(ds, "target", "petal_widht_cm", 0,
	    &sel, &err), -1);
	ck_assert_str_eq(err.msg + n, ": no column 'petal_widht_cm' for "
	    "--drop; did you mean 'petal_width_cm'?");
	ck_assert_int_eq(dataset_select(ds, "species", NULL, 0, &sel, &err),
	    -1);
	m = ": no column 'species' for --target; the columns are "
	    "sepal_length_cm, sepal_width_cm, petal_length_cm, "
	    "petal_width_cm, target";
	ck_assert_str_eq(err.msg + n, m);
	ck_assert_int_eq(dataset_select(ds, "target", "sepal_length_cm,"
	    "sepal_width_cm,petal_length_cm,petal_width_cm", 0, &sel, &err),
	    -1);
	ck_assert_int_eq(err.code, GS_ESHAPE);
	ck_assert_str_eq(err.msg + n, ": no input columns are left after "
	    "--target and --drop");
	dataset_free(ds);

	/* A list that fits is given whole. */
	ds = load_str("p00,p01,p02,p03,p04,p05,p06,p07,p10,p11,p12,p13,p14,"
	    "p15,p16,p17,p77,label\n0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1\n",
	    &err);
	ck_assert_ptr_nonnull(ds);
	ck_assert_int_eq(dataset_select(ds, NULL, NULL, 17, &sel, &err), -1);
	ck_assert_str_eq(err.msg, "t.csv: the model takes 17 inputs but the "
	    "data has 18 input columns (p00, p01, p02, p03, p04, p05, p06, "
	    "p07, p10, p11, p12, p13, p14, p15, p16, p17, p77, label); use "
	    "--target or --drop");
	dataset_free(ds);
}
END_TEST

START_TEST(test_select_long_names)
{
	struct gs_dataset	*ds;
	struct gs_selection	 sel;
	struct gs_error		 err;
	char			 buf[4096];
	size_t			 i, len = 0;

	/* 40 columns with 30-character names: the list shrinks to fit. */
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len,
		    "%scolumn_with_a_long_name_%06zu", i ? "," : "", i);
	len += (size_t)snprintf(buf + len, sizeof buf - len, "\n");
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s1",
		    i ? "," : "");
	snprintf(buf + len, sizeof buf - len, "\n");
	ds = load_str(buf, &err);
	ck_assert_ptr_nonnull(ds);
	ck_assert_int_eq(dataset_select(ds, NULL, NULL, 3, &sel, &err), -1);
	ck_assert_str_eq(err.msg, "t.csv: the model takes 3 inputs but the "
	    "data has 40 input columns (column_with_a_long_name_000000, "
	    "column_with_a_long_name_000001, ..., "
	    "column_with_a_long_name_000038, column_with_a_long_name_000039 "
	    "(40 columns)); use --target or --drop");
	dataset_free(ds);
}
END_TEST

/*
 * Issue 16.11: the demo's data without --target has 31 input columns for
 * a model of 30; the message names the first and last columns, the count,
 * and keeps its hint whole (it was cut at 256 bytes: "...; use ").
 */
START_TEST(test_select_wide_hint)
{
	struct gs_dataset	*ds;
	struct gs_selection	 sel;
	struct gs_error		 err;
	const char		*hint = "; use --target or --drop";
	size_t			 len;

	ds = dataset_load(fixture_path("data/breast_cancer.csv"), &err);
	ck_assert_msg(ds != NULL, "%s", err.msg);
	ck_assert_int_eq(dataset_select(ds, NULL, NULL, 30, &sel, &err), -1);
	len = strlen(err.msg);
	ck_assert_msg(len > strlen(hint) && strcmp(err.msg + len -
	    strlen(hint), hint) == 0, "hint lost: %s", err.msg);
	ck_assert_msg(strstr(err.msg, "(mean_radius, mean_texture, ") != NULL,
	    "%s", err.msg);
	ck_assert_msg(strstr(err.msg, ", ..., worst_fractal_dimension, "
	    "target (31 columns))") != NULL, "%s", err.msg);
	ck_assert(strstr(err.msg, "the data has 31 input columns") != NULL);
	dataset_free(ds);
}
END_TEST

START_TEST(test_credit)
{
	struct gs_dataset	*ds = load_fixture("credit_data.csv");
	struct gs_selection	 sel;
	struct gs_error		 err;
	double			 out[9], mean, sd;
	size_t			 n = strlen(ds->path);

	gs_error_clear(&err);
	/* Text columns are categories: one-hot, unless the width says not. */
	ck_assert_int_eq(dataset_select(ds, "Status", NULL, 9, &sel, &err), -1);
	ck_assert_int_eq(err.code, GS_ESHAPE);
	ck_assert_str_eq(err.msg + n, ": the model takes 9 inputs but the "
	    "data's 13 input columns make 26 (22 dropping each category's "
	    "first level) with their categories one-hot encoded (Seniority, "
	    "Home 6, Time, Age, Marital 5, Records 2, Job 4, Expenses, Income, "
	    "Assets, Debt, Amount, Price); give a schema (--schema FILE) "
	    "saying how the model encodes them, or leave columns out with "
	    "--drop");
	ck_assert_ptr_null(sel.enc);
	ck_assert_int_eq(dataset_select(ds, "Status", "Marital,Records,Job", 9,
	    &sel, &err), -1);
	ck_assert_msg(strstr(err.msg, "columns make 15 (14 dropping") != NULL,
	    "%s", err.msg);

	ck_assert_int_eq(dataset_select(ds, "Status", "Home,Marital,Records,"
	    "Job", 9, &sel, &err), 0);
	ck_assert_uint_eq(sel.n, 9);
	ck_assert_uint_eq(sel.cols[0], 1);
	ck_assert_uint_eq(sel.cols[4], 9);
	ck_assert_int_eq(sel.target, 0);

	ck_assert_int_eq(dataset_row(ds, &sel, 0, 0, out, &err), 0);
	ck_assert(out[0] == 9 && out[1] == 60 && out[2] == 30);
	ck_assert(out[3] == 73 && out[4] == 129 && out[8] == 846);
	ck_assert_int_eq(dataset_row_missing(ds, &sel, 0), 0);
	ck_assert_int_eq(dataset_row_missing(ds, &sel, 29), 1);
	ck_assert_int_eq(dataset_row(ds, &sel, 29, 0, out, &err), -1);
	ck_assert_int_eq(err.code, GS_EMISSING);
	ck_assert_str_eq(err.msg + n, ":31:10: row 29 has a missing value in "
	    "column 'Income'; choose a missing-value policy (--impute mean, "
	    "median, mode, skip or model) or another row");
	ck_assert_int_eq(dataset_row(ds, &sel, 29, 1, out, &err), 0);
	ck_assert_double_eq_tol(out[4], 141.68769948440953, 1e-9);
	ck_assert(out[0] == 0 && out[1] == 48 && out[8] == 1850);
	dataset_column_stats(ds, 9, &mean, &sd);
	ck_assert_double_eq_tol(mean, 141.68769948440953, 1e-9);
	ck_assert_double_eq_tol(sd, 80.74839764013862, 1e-9);

	ck_assert_int_eq(dataset_row(ds, &sel, 4454, 1, out, &err), -1);
	ck_assert_int_eq(err.code, GS_ERANGE);
	ck_assert_str_eq(err.msg + n, ": there is no row 4454; the data has "
	    "4454 rows (0 to 4453)");
	ck_assert_int_eq(dataset_row_missing(ds, &sel, 4454), 0);
	dataset_selection_free(&sel);
	dataset_free(ds);
}
END_TEST

START_TEST(test_rows)
{
	struct gs_dataset	*ds;
	struct gs_selection	 sel;
	struct gs_error		 err;
	double			 out[3], out4[4];
	size_t			 cols[2] = { 0, 2 };

	/* The missing cell sits after a cell that spans two lines. */
	ds = load_str("a,b,c,d\n1,\"x\ny\",,z\n3,w,5,v\n", &err);
	ck_assert_ptr_nonnull(ds);
	memset(&sel, 0, sizeof sel);
	sel.n = 2;
	sel.cols = cols;
	sel.target = -1;
	ck_assert_int_eq(dataset_row(ds, &sel, 0, 0, out, &err), -1);
	ck_assert_int_eq(err.code, GS_EMISSING);
	ck_assert_str_eq(err.msg, "t.csv:3:3: row 0 has a missing value in "
	    "column 'c'; choose a missing-value policy (--impute mean) or "
	    "another row");
	ck_assert_int_eq(dataset_row(ds, &sel, 0, 1, out, &err), 0);
	ck_assert(out[0] == 1 && out[1] == 5);
	ck_assert_int_eq(dataset_row(ds, &sel, 1, 0, out, &err), 0);
	ck_assert(out[0] == 3 && out[1] == 5);
	/* A text cell read through a hand-made selection. */
	cols[1] = 3;
	ck_assert_int_eq(dataset_row(ds, &sel, 1, 1, out, &err), -1);
	ck_assert_int_eq(err.code, GS_EPARSE);
	ck_assert_str_eq(err.msg, "t.csv:4:4: row 1: column 'd' is not "
	    "numeric ('v')");
	/* Through a selection, d is a category of two levels. */
	ck_assert_int_eq(dataset_select(ds, NULL, "b", 0, &sel, &err), 0);
	ck_assert_uint_eq(sel.n, 4);
	ck_assert_str_eq(encode_input_name(ds, &sel, 2), "d=v");
	ck_assert_str_eq(encode_input_name(ds, &sel, 3), "d=z");
	ck_assert_int_eq(dataset_row(ds, &sel, 1, 0, out4, &err), 0);
	ck_assert(out4[0] == 3 && out4[1] == 5 && out4[2] == 1 &&
	    out4[3] == 0);
	dataset_selection_free(&sel);
	dataset_free(ds);

	/* A column with no numbers cannot be imputed. */
	ds = load_str("a,b\n1,NA\n2,\n", &err);
	ck_assert_ptr_nonnull(ds);
	ck_assert_int_eq(dataset_select(ds, NULL, NULL, 2, &sel, &err), 0);
	ck_assert_int_eq(dataset_row(ds, &sel, 1, 1, out, &err), -1);
	ck_assert_int_eq(err.code, GS_EMISSING);
	ck_assert_str_eq(err.msg, "t.csv:3:2: row 1 has a missing value in "
	    "column 'b', which has no values to take a mean of");
	ck_assert_int_eq(dataset_row(ds, &sel, 1, GS_IMPUTE_MODEL, out, &err),
	    0);
	ck_assert(out[0] == 2 && isnan(out[1]));
	dataset_selection_free(&sel);
	dataset_free(ds);

	/* Names with blanks are trimmed; quoting in the --drop hint. */
	ds = load_str(" a , \"home type\" \n1,rent\n", &err);
	ck_assert_ptr_nonnull(ds);
	ck_assert_str_eq(ds->cols[0].name, "a");
	ck_assert_str_eq(ds->cols[1].name, "home type");
	ck_assert_int_eq(dataset_select(ds, NULL, NULL, 2, &sel, &err), 0);
	ck_assert_str_eq(encode_input_name(ds, &sel, 1), "home type=rent");
	dataset_selection_free(&sel);
	ck_assert_int_eq(dataset_select(ds, "home type", NULL, 1, &sel, &err),
	    0);
	dataset_selection_free(&sel);
	dataset_free(ds);
}
END_TEST

START_TEST(test_stats)
{
	struct gs_dataset	*ds = load_fixture("iris.csv");
	struct gs_error		 err;
	double			 mean, sd;

	dataset_column_stats(ds, 0, &mean, &sd);
	ck_assert_double_eq_tol(mean, 5.843333333333334, 1e-12);
	ck_assert_double_eq_tol(sd, 0.828066127977863, 1e-12);
	ck_assert_int_eq(ds->cols[0].stats_done, 1);
	ck_assert(ds->cols[0].mean == mean && ds->cols[0].sd == sd);
	dataset_column_stats(ds, 4, &mean, &sd);
	ck_assert_double_eq_tol(mean, 1.0, 1e-12);
	dataset_column_stats(ds, 5, &mean, &sd);
	ck_assert(isnan(mean) && isnan(sd));
	dataset_free(ds);

	ds = load_str("one,two,none,mix\n4,1,NA,x\n,3,,2\n", &err);
	ck_assert_ptr_nonnull(ds);
	dataset_column_stats(ds, 0, &mean, &sd);
	ck_assert(mean == 4 && sd == 0);
	dataset_column_stats(ds, 1, &mean, &sd);
	ck_assert(mean == 2);
	ck_assert_double_eq_tol(sd, sqrt(2.0), 1e-15);
	dataset_column_stats(ds, 2, &mean, &sd);
	ck_assert(isnan(mean) && isnan(sd));
	dataset_column_stats(ds, 3, &mean, &sd);
	ck_assert(mean == 2 && sd == 0);
	dataset_free(ds);
}
END_TEST

/* Load buf (exactly size bytes, so ASan sees any over-read) and use it. */
static void
fuzz_one(const char *src, size_t size)
{
	struct gs_dataset	*ds;
	struct gs_selection	 sel;
	struct gs_error		 err;
	char			*buf = xmalloc(size);
	double			*out, mean, sd;
	size_t			 r, c;

	memcpy(buf, src, size);
	gs_error_clear(&err);
	ds = dataset_load_buffer(buf, size, "f.csv", &err);
	free(buf);
	if (ds == NULL) {
		ck_assert_int_ne(err.code, GS_OK);
		ck_assert(err.msg[0] != '\0');
		return;
	}
	ck_assert(ds->nrows > 0 && ds->ncols > 0);
	for (c = 0; c < ds->ncols; c++) {
		dataset_column_stats(ds, c, &mean, &sd);
		ck_assert(ds->cols[c].name[0] != '\0');
	}
	if (dataset_select(ds, NULL, ds->cols[0].name, 0, &sel, &err) == 0) {
		out = xcalloc(sel.n, sizeof *out);
		for (r = 0; r < ds->nrows; r++) {
			if (dataset_row(ds, &sel, r, 0, out, &err) != 0)
				ck_assert(dataset_row_missing(ds, &sel, r));
			if (dataset_row(ds, &sel, r, 1, out, &err) == 0) {
				for (c = 0; c < sel.n; c++)
					ck_assert(isfinite(out[c]));
			}
		}
		free(out);
		dataset_selection_free(&sel);
	}
	dataset_free(ds);
}

START_TEST(test_fuzz)
{
	static const char	 alphabet[] = "ab,,,\"\"\r\n\n 01.-eNA\t\0x9+";
	static const char	 good[] = "\xef\xbb\xbfid,\"a, b\",c\r\n"
				    "1,\"x\"\"y\",2.5\r\n2,\"p\nq\",NA\n"
				    "3,,-1e2\n\n";
	struct gs_rng		 rng;
	char			 buf[256];
	size_t			 i, j, len, k, pos;

	gs_rng_init(&rng, 1234, 0);
	/* Every truncation of a valid file. */
	for (i = 0; i <= sizeof good - 1; i++)
		fuzz_one(good, i);
	/* Random strings over CSV-ish bytes. */
	for (i = 0; i < 4000; i++) {
		len = gs_rng_below(&rng, sizeof buf);
		for (j = 0; j < len; j++)
			buf[j] = alphabet[gs_rng_below(&rng,
			    sizeof alphabet - 1)];
		fuzz_one(buf, len);
	}
	/* Random bytes. */
	for (i = 0; i < 1000; i++) {
		len = gs_rng_below(&rng, sizeof buf);
		for (j = 0; j < len; j++)
			buf[j] = (char)gs_rng_below(&rng, 256);
		fuzz_one(buf, len);
	}
	/* Mutations of the valid file: replace, delete, insert, truncate. */
	for (i = 0; i < 4000; i++) {
		len = sizeof good - 1;
		memcpy(buf, good, len);
		for (k = gs_rng_below(&rng, 4) + 1; k > 0; k--) {
			pos = len == 0 ? 0 : gs_rng_below(&rng, len);
			switch (gs_rng_below(&rng, 4)) {
			case 0:
				if (len > 0)
					buf[pos] = alphabet[gs_rng_below(&rng,
					    sizeof alphabet - 1)];
				break;
			case 1:
				if (len > 0) {
					memmove(buf + pos, buf + pos + 1,
					    len - pos - 1);
					len--;
				}
				break;
			case 2:
				if (len < sizeof buf) {
					memmove(buf + pos + 1, buf + pos,
					    len - pos);
					buf[pos] = alphabet[gs_rng_below(&rng,
					    sizeof alphabet - 1)];
					len++;
				}
				break;
			default:
				len = pos;
				break;
			}
		}
		fuzz_one(buf, len);
	}
}
END_TEST


/*
 * Compact storage: each column's numbers in the narrowest type that holds
 * them all exactly, widened as the column goes on (int8 -> int16 -> float
 * -> double), every value read back bit for bit; missing and text cells
 * NaN at every width.
 */
START_TEST(test_storage_exact)
{
	static const double	 i8[] = { 0, 1, -127, 127, 5 };
	static const double	 i16[] = { 3, -128, 32767, -32767, 200 };
	static const double	 f32[] = { 7, 0.5, 40000, -0.0, 1048576.5 };
	static const double	 f64[] = { 1, 0.25, 70000, 0.1, 1e300 };
	struct gs_dataset	*ds;
	struct gs_error		 err;
	char			 buf[1024];
	size_t			 len, r;

	len = (size_t)snprintf(buf, sizeof buf, "a,b,c,d,e\n");
	for (r = 0; r < 5; r++)
		len += (size_t)snprintf(buf + len, sizeof buf - len,
		    "%.17g,%.17g,%.17g,%.17g,%s\n", i8[r], i16[r], f32[r],
		    f64[r], r == 1 ? "x" : r == 3 ? "" : "2");
	len += (size_t)snprintf(buf + len, sizeof buf - len, "NA,y,,z,-3\n");
	ds = load_str(buf, &err);
	ck_assert_msg(ds != NULL, "%s", err.msg);
	for (r = 0; r < 5; r++) {
		ck_assert(cell(ds, r, 0) == i8[r]);
		ck_assert(cell(ds, r, 1) == i16[r]);
		ck_assert(cell(ds, r, 2) == f32[r]);
		ck_assert(cell(ds, r, 3) == f64[r]);
	}
	ck_assert(signbit(cell(ds, 3, 2)));
	ck_assert_uint_eq(dataset_num_bytes(ds, 0), 1);
	ck_assert_uint_eq(dataset_num_bytes(ds, 1), 2);
	ck_assert_uint_eq(dataset_num_bytes(ds, 2), 4);
	ck_assert_uint_eq(dataset_num_bytes(ds, 3), 8);
	ck_assert(isnan(cell(ds, 5, 0)) && isnan(cell(ds, 5, 1)) &&
	    isnan(cell(ds, 5, 2)) && isnan(cell(ds, 5, 3)));
	ck_assert(isnan(cell(ds, 1, 4)) && isnan(cell(ds, 3, 4)));
	ck_assert(cell(ds, 0, 4) == 2 && cell(ds, 5, 4) == -3);
	ck_assert_str_eq(dataset_text(ds, 1, 4), "x");
	ck_assert_ptr_null(dataset_text(ds, 3, 4));
	ck_assert_ptr_null(dataset_text(ds, 0, 4));
	ck_assert_str_eq(dataset_text(ds, 5, 1), "y");
	ck_assert_uint_eq(ds->cols[4].n_missing, 1);
	ck_assert_uint_eq(ds->cols[4].n_text, 1);
	dataset_free(ds);
}
END_TEST

/*
 * Text cells interned per column: one id per distinct text, kept in order
 * of first appearance, the ids 1, 2 or 4 bytes wide as the count grows
 * (past 255, then 65535);
 * a column of one-letter texts costs a byte a cell.
 */
START_TEST(test_storage_text)
{
	struct gs_dataset	*ds;
	struct gs_error		 err;
	char			*buf, word[16];
	size_t			 len = 0, cap = 1 << 22, r, n = 140000, id;

	buf = xcalloc(cap, 1);
	len += (size_t)snprintf(buf + len, cap - len, "few,many,num\n");
	for (r = 0; r < n; r++)
		len += (size_t)snprintf(buf + len, cap - len, "%c,w%zu,%zu\n",
		    "abc"[r % 3], r / 2, r % 100);
	ds = dataset_load_buffer(buf, len, "t.csv", &err);
	ck_assert_msg(ds != NULL, "%s", err.msg);
	ck_assert_uint_eq(ds->cols[0].n_words, 3);
	ck_assert_uint_eq(ds->cols[0].id_size, 1);
	ck_assert_uint_eq(ds->cols[1].n_words, n / 2);
	ck_assert_uint_eq(ds->cols[1].id_size, 4);
	ck_assert_uint_eq(ds->cols[2].n_words, 0);
	for (r = 0; r < n; r++) {
		id = dataset_text_id(ds, r, 0);
		ck_assert_uint_eq(id, r % 3 + 1);
		ck_assert(dataset_word(ds, 0, id)[0] == "abc"[r % 3]);
		snprintf(word, sizeof word, "w%zu", r / 2);
		ck_assert_str_eq(dataset_text(ds, r, 1), word);
		ck_assert_uint_eq(dataset_text_id(ds, r, 1), r / 2 + 1);
		ck_assert(cell(ds, r, 2) == (double)(r % 100));
	}
	ck_assert_ptr_null(dataset_word(ds, 0, 0));
	ck_assert_ptr_null(dataset_word(ds, 0, 4));
	/* a byte a cell for the letters and the small integers */
	ck_assert_uint_le(dataset_bytes(ds), n * (1 + 4 + 1) + (n / 2) *
	    (8 + 4) + 3 * 6);
	dataset_free(ds);
	free(buf);
}
END_TEST

/* Write s to a new file under $TMPDIR or /tmp; caller frees the path. */
static char *
temp_file(const char *s)
{
	const char	*dir = getenv("TMPDIR");
	char		*path;
	FILE		*f;

	xasprintf(&path, "%s/gshap-test-data-%ld.csv", dir != NULL && *dir ?
	    dir : "/tmp", (long)getpid());
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(s, f);
	ck_assert_int_eq(fclose(f), 0);
	return (path);
}

/*
 * dataset_load_select checks the header before the body: a file with the
 * wrong columns fails on them even when its body is broken, and a good
 * one loads as dataset_load and dataset_select would.
 */
START_TEST(test_load_select)
{
	struct gs_selection	 sel;
	struct gs_dataset	*ds;
	struct gs_error		 err;
	char			*path, *body;
	size_t			 i, len = 0, cap = 300000;

	/* A header, then a body far past the first read, broken at the end. */
	body = xcalloc(cap, 1);
	len += (size_t)snprintf(body, cap, "a,b,c,y\n");
	for (i = 0; i < 20000; i++)
		len += (size_t)snprintf(body + len, cap - len, "1,2,3,0\n");
	snprintf(body + len, cap - len, "\"open,2,3,0\n");
	path = temp_file(body);
	gs_error_clear(&err);
	ck_assert_ptr_null(dataset_load_select(path, "y", NULL, 2, &sel,
	    &err));
	ck_assert_int_eq(err.code, GS_ESHAPE);
	ck_assert_ptr_nonnull(strstr(err.msg, "the model takes 2 inputs but "
	    "the data has 3 input columns (a, b, c)"));
	ck_assert_ptr_null(dataset_load_select(path, "z", NULL, 3, &sel,
	    &err));
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "no column 'z' for --target"));
	/* Right columns: now the body's error. */
	ck_assert_ptr_null(dataset_load_select(path, "y", NULL, 3, &sel,
	    &err));
	ck_assert_int_eq(err.code, GS_EPARSE);
	ck_assert_ptr_nonnull(strstr(err.msg, ":20002:1: unterminated quote"));
	unlink(path);
	free(path);
	body[len] = '\0';
	path = temp_file(body);
	ds = dataset_load_select(path, "y", "b", 2, &sel, &err);
	ck_assert_msg(ds != NULL, "%s", err.msg);
	ck_assert_uint_eq(ds->nrows, 20000);
	ck_assert_uint_eq(sel.n, 2);
	ck_assert_uint_eq(sel.cols[0], 0);
	ck_assert_uint_eq(sel.cols[1], 2);
	ck_assert_int_eq(sel.target, 3);
	ck_assert(cell(ds, 19999, 2) == 3);
	ck_assert_uint_eq(dataset_line(ds, 19999), 20001);
	dataset_selection_free(&sel);
	dataset_free(ds);
	unlink(path);
	free(path);
	free(body);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("data");
	TCase	*tc = tcase_create("data");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_csv_quoted);
	tcase_add_test(tc, test_csv_line_ends);
	tcase_add_test(tc, test_csv_errors);
	tcase_add_test(tc, test_csv_nul);
	tcase_add_test(tc, test_csv_limits);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_decimal_short);
	tcase_add_test(tc, test_locale);
	tcase_add_test(tc, test_good_quoted_file);
	tcase_add_test(tc, test_bad_files);
	tcase_add_test(tc, test_real_files);
	tcase_add_test(tc, test_select);
	tcase_add_test(tc, test_select_long_names);
	tcase_add_test(tc, test_select_wide_hint);
	tcase_add_test(tc, test_credit);
	tcase_add_test(tc, test_rows);
	tcase_add_test(tc, test_stats);
	tcase_add_test(tc, test_fuzz);
	tcase_add_test(tc, test_storage_exact);
	tcase_add_test(tc, test_storage_text);
	tcase_add_test(tc, test_load_select);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

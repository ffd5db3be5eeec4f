/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for tabular data in src/data: the JSON reader, schema files,
 * the encoder from rows to model inputs (checked against the training
 * script's own encoding of every row of credit_data.csv and
 * german_credit.csv), the missing-value policies with their flags, what is
 * inferred without a schema, bad input of every kind with its message,
 * and the class names a model file carries (model_meta).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "data/classes.h"
#include "data/dataset.h"
#include "data/encode.h"
#include "data/impute.h"
#include "data/json.h"
#include "data/schema.h"
#include "model/model.h"
#include "fixture.h"

/* Load a file of the tree, failing the test when it does not load. */
static struct gs_dataset *
load(const char *rel)
{
	struct gs_dataset	*ds;
	struct gs_error		 err;

	gs_error_clear(&err);
	ds = dataset_load(fixture_path(rel), &err);
	ck_assert_msg(ds != NULL, "%s: %s", rel, err.msg);
	return (ds);
}

/* A schema from text, named "s.json"; NULL with err set on failure. */
static struct gs_schema *
schema_str(const char *text, struct gs_error *err)
{
	gs_error_clear(err);
	return (schema_parse(text, strlen(text), "s.json", err));
}

/* A schema from text that must fail with exactly msg. */
static void
schema_fails(const char *text, const char *msg)
{
	struct gs_error		 err;
	struct gs_schema	*sc = schema_str(text, &err);

	ck_assert_msg(sc == NULL, "accepted: %s", text);
	ck_assert_int_eq(err.code, GS_EPARSE);
	ck_assert_str_eq(err.msg, msg);
}

/* A JSON text that must fail with exactly msg. */
static void
json_fails(const char *text, const char *msg)
{
	struct gs_error	 err;
	struct gs_json	*j;

	gs_error_clear(&err);
	j = json_parse(text, strlen(text), "t.json", &err);
	ck_assert_msg(j == NULL, "accepted: %s", text);
	ck_assert_str_eq(err.msg, msg);
}

START_TEST(test_json)
{
	struct gs_error		 err;
	struct gs_json		*j;
	const struct gs_json	*v;
	const char		*text = "\xef\xbb\xbf{\"a\": [1, -2.5e1, true, "
	    "null],\n  \"s\": \"x\\u00e9\\ud83d\\ude00\\n\\\"\",\r\n"
	    "\t\"o\": {}, \"e\": []}";

	gs_error_clear(&err);
	j = json_parse(text, strlen(text), "t.json", &err);
	ck_assert_msg(j != NULL, "%s", err.msg);
	ck_assert_int_eq(j->type, GS_JSON_OBJECT);
	ck_assert_uint_eq(j->n, 4);
	v = json_get(j, "a");
	ck_assert_int_eq(v->type, GS_JSON_ARRAY);
	ck_assert_uint_eq(v->n, 4);
	ck_assert(v->items[0].num == 1 && v->items[1].num == -25);
	ck_assert(v->items[2].type == GS_JSON_BOOL && v->items[2].b == 1);
	ck_assert_int_eq(v->items[3].type, GS_JSON_NULL);
	ck_assert_uint_eq(v->line, 1);
	ck_assert_uint_eq(v->col, 7);	/* columns count from after the BOM */
	v = json_get(j, "s");
	ck_assert_str_eq(v->str, "x\xc3\xa9\xf0\x9f\x98\x80\n\"");
	ck_assert_uint_eq(v->line, 2);
	ck_assert_uint_eq(v->col, 8);
	ck_assert_uint_eq(json_get(j, "o")->line, 3);
	ck_assert_uint_eq(json_get(j, "o")->col, 7);
	ck_assert_ptr_null(json_get(j, "nope"));
	ck_assert_ptr_null(json_get(v, "a"));
	json_free(j);

	json_fails("", "t.json:1:1: the file is empty; expected a JSON value");
	json_fails("{\"a\": 1,}", "t.json:1:9: expected a quoted key, found "
	    "'}'");
	json_fails("[1 2]", "t.json:1:4: expected ',' or ']' after an array "
	    "item, found '2'");
	json_fails("{\"a\": 1, \"a\": 2}", "t.json:1:10: key \"a\" appears "
	    "twice in one object (also line 1)");
	json_fails("\"a\\qb\"", "t.json:1:3: unknown escape in a string");
	json_fails("\"a\nb\"", "t.json:1:3: line break inside a string "
	    "(write \\n)");
	json_fails("\"\\ud83d\"", "t.json:1:8: a high surrogate without its "
	    "low half");
	json_fails("\"\\u0000\"", "t.json:1:8: \\u0000 (a NUL character) in a "
	    "string");
	json_fails("\"\xc3\x28\"", "t.json:1:2: malformed UTF-8 in a string");
	json_fails("01", "t.json:1:2: expected the end of the file after the "
	    "value, found '1'");
	json_fails("1.", "t.json:1:3: expected a digit after '.', found the "
	    "end of the file");
	json_fails("1e999", "t.json:1:1: a number too large for a double");
	json_fails("{\"a\":\n tru}", "t.json:2:2: expected a value, found "
	    "'t'");
	json_fails("[1] x", "t.json:1:5: expected the end of the file after "
	    "the value, found 'x'");
	{
		char	deep[200];

		memset(deep, '[', 100);
		deep[100] = '\0';
		gs_error_clear(&err);
		ck_assert_ptr_null(json_parse(deep, 100, "d.json", &err));
		ck_assert_int_eq(err.code, GS_ELIMIT);
		ck_assert_str_eq(err.msg, "d.json:1:66: nested more than 64 "
		    "deep");
	}
	gs_error_clear(&err);
	ck_assert_ptr_null(json_load(fixture_path("tests/data/none.json"),
	    &err));
	ck_assert_int_eq(err.code, GS_EIO);
}
END_TEST

START_TEST(test_schema_file)
{
	struct gs_error		 err;
	struct gs_schema	*sc;
	const struct gs_schema_column *c;

	gs_error_clear(&err);
	sc = schema_load(fixture_path("data/credit.schema.json"), &err);
	ck_assert_msg(sc != NULL, "%s", err.msg);
	ck_assert_uint_eq(sc->n, 14);
	ck_assert_uint_eq(sc->nclasses, 2);
	ck_assert_str_eq(sc->classes[0], "bad");
	ck_assert_str_eq(sc->positive, "bad");
	c = schema_column(sc, "Status");
	ck_assert_int_eq(c->role, GS_COLUMN_TARGET);
	c = schema_column(sc, "Home");
	ck_assert_int_eq(c->type, GS_TYPE_CATEGORICAL);
	ck_assert_int_eq(c->encode, GS_ENCODE_ONEHOT);
	ck_assert_uint_eq(c->nlevels, 6);
	ck_assert_str_eq(c->levels[5], "ignore");
	ck_assert_int_eq(c->missing, GS_IMPUTE_MODE);
	ck_assert_str_eq(c->fill_level, "owner");
	ck_assert_uint_eq(c->line, 8);
	c = schema_column(sc, "Records");
	ck_assert_int_eq(c->drop, GS_DROP_IF_BINARY);
	c = schema_column(sc, "Income");
	ck_assert_int_eq(c->missing, GS_IMPUTE_MEDIAN);
	ck_assert(c->has_fill && c->fill == 125);
	ck_assert_int_eq(schema_column(sc, "Age")->missing, -1);
	ck_assert_ptr_null(schema_column(sc, "Nope"));
	schema_free(sc);
	schema_free(NULL);
}
END_TEST

START_TEST(test_schema_errors)
{
	schema_fails("[]", "s.json:1:1: a schema is a JSON object with "
	    "\"columns\", not an array");
	schema_fails("{}", "s.json:1:1: the schema has no \"columns\" (an "
	    "array with an entry per column)");
	schema_fails("{\"colums\": []}", "s.json:1:12: unknown key "
	    "\"colums\" in the schema; did you mean \"columns\"?");
	schema_fails("{\"columns\": {}}", "s.json:1:13: \"columns\" must be "
	    "an array, not an object");
	schema_fails("{\"columns\": [\n {\"nme\": \"a\"}]}", "s.json:2:10: "
	    "unknown key \"nme\" in a column; did you mean \"name\"?");
	schema_fails("{\"columns\": [{\"role\": \"input\"}]}", "s.json:1:14: "
	    "a column without \"name\"");
	schema_fails("{\"columns\": [{\"name\": 3}]}", "s.json:1:23: \"name\" "
	    "must be a non-empty string, not a number");
	schema_fails("{\"columns\": [{\"name\": \"a\", \"role\": \"targt\"}]}",
	    "s.json:1:36: \"role\": unknown value \"targt\"; did you mean "
	    "\"target\"?");
	schema_fails("{\"columns\": [{\"name\": \"a\", \"type\": \"text\"}]}",
	    "s.json:1:36: \"type\": unknown value \"text\" (one of auto, "
	    "numeric, categorical)");
	schema_fails("{\"columns\": [{\"name\": \"a\", \"missing\": \"zero\"}]}",
	    "s.json:1:39: \"missing\": unknown policy \"zero\" (one of error, "
	    "skip, mean, median, mode, model)");
	schema_fails("{\"columns\": [{\"name\": \"a\", \"fill\": 1}]}",
	    "s.json:1:36: \"fill\" needs \"missing\": \"mean\", \"median\" or "
	    "\"mode\" (the policy that computed it)");
	schema_fails("{\"columns\": [{\"name\": \"a\", \"type\": \"numeric\", "
	    "\"encoding\": \"onehot\"}]}", "s.json:1:59: column \"a\" is "
	    "numeric, but \"onehot\" encodes a category; make it \"type\": "
	    "\"categorical\"");
	schema_fails("{\"columns\": [{\"name\": \"a\", \"levels\": [\"x\", "
	    "\"x\"]}]}", "s.json:1:44: \"levels\" lists \"x\" twice");
	schema_fails("{\"columns\": [{\"name\": \"a\", \"encoding\": "
	    "\"function\"}]}", "s.json:1:14: column \"a\": \"encoding\": "
	    "\"function\" needs \"function\" (its name) and \"width\" (the "
	    "inputs it gives a level)");
	schema_fails("{\"columns\": [{\"name\": \"a\"},\n{\"name\": \"a\"}]}",
	    "s.json:2:1: column \"a\" has a second entry (the first is on "
	    "line 1)");
	schema_fails("{\"columns\": [{\"name\": \"a\", \"role\": \"target\"},"
	    "\n{\"name\": \"b\", \"role\": \"target\"}]}", "s.json:2:1: a "
	    "second target, \"b\" (\"a\" is the first)");
	schema_fails("{\"columns\": [{\"name\": \"a\", \"role\": \"target\", "
	    "\"missing\": \"mean\"}]}", "s.json:1:57: column \"a\" is no input "
	    "(role target), so it is neither encoded nor imputed");
	schema_fails("{\"classes\": [\"x\", \"y\"], \"positive\": \"z\", "
	    "\"columns\": []}", "s.json:1:37: \"positive\": \"z\" is not one "
	    "of the \"classes\"");
	schema_fails("{\"columns\": [{\"name\": \"a\", \"encoding\": "
	    "\"indicators\"}]}", "s.json:1:14: column \"a\": \"encoding\": "
	    "\"indicators\" needs either \"columns\" (the 0/1 data columns, "
	    "one a level) or \"prefix\"");
	schema_fails("{\"columns\": [{\"name\": \"a\", \"levels\": \"abc\"}]}",
	    "s.json:1:38: \"levels\" is a list of levels, or \"sorted\" "
	    "(sorted as scikit-learn and pandas sort them), not \"abc\"");
}
END_TEST

/*
 * Read a recorded encoding (tests/data/encoded/NAME.csv, made by
 * scripts/train-credit.py) as a dataset, and its features file into
 * names and widths (at most max).
 */
static size_t
recorded_features(const char *name, char names[][64], size_t *width,
    size_t max)
{
	char	 path[300], line[200];
	FILE	*f;
	size_t	 n = 0;

	snprintf(path, sizeof path, "tests/data/encoded/%s.features", name);
	f = fopen(fixture_path(path), "r");
	ck_assert_msg(f != NULL, "%s", path);
	while (n < max && fgets(line, sizeof line, f) != NULL) {
		ck_assert_int_eq(sscanf(line, "%63s %zu", names[n], &width[n]),
		    2);
		n++;
	}
	fclose(f);
	return (n);
}

/*
 * Every row of ds encoded by sel equals the training script's encoding in
 * tests/data/encoded/NAME.csv, bit for bit, with the same input names;
 * and the features are the script's.
 */
static void
check_recorded(const char *name, struct gs_dataset *ds,
    const struct gs_selection *sel)
{
	struct gs_dataset	*rec;
	struct gs_error		 err;
	char			 path[300], fnames[64][64];
	size_t			 fwidth[64], nf, r, i, bad = 0;
	double			*x;

	snprintf(path, sizeof path, "tests/data/encoded/%s.csv", name);
	rec = load(path);
	ck_assert_uint_eq(rec->nrows, ds->nrows);
	ck_assert_uint_eq(rec->ncols, sel->n);
	for (i = 0; i < sel->n; i++)
		ck_assert_str_eq(encode_input_name(ds, sel, i),
		    rec->cols[i].name);
	nf = recorded_features(name, fnames, fwidth, 64);
	ck_assert_uint_eq(nf, sel->enc->nfeat);
	for (i = 0; i < nf; i++) {
		ck_assert_str_eq(sel->enc->feat[i].name, fnames[i]);
		ck_assert_uint_eq(sel->enc->feat[i].width, fwidth[i]);
	}
	x = xcalloc(sel->n, sizeof *x);
	for (r = 0; r < ds->nrows; r++) {
		gs_error_clear(&err);
		ck_assert_msg(dataset_row(ds, sel, r, GS_IMPUTE_ERROR, x,
		    &err) == 0, "row %zu: %s", r, err.msg);
		for (i = 0; i < sel->n; i++) {
			if (x[i] == dataset_cell(rec, r, i))
				continue;
			if (bad++ < 5)
				fprintf(stderr, "%s row %zu input %zu (%s): %.17g, "
				    "the script's %.17g\n", name, r, i,
				    rec->cols[i].name, x[i],
				    dataset_cell(rec, r, i));
		}
	}
	ck_assert_msg(bad == 0, "%s: %zu inputs differ from the training "
	    "script's encoding", name, bad);
	free(x);
	dataset_free(rec);
}

START_TEST(test_roundtrip_credit)
{
	struct gs_dataset	*ds = load("data/credit_data.csv");
	struct gs_schema	*sc;
	struct gs_encode_opts	 o;
	struct gs_selection	 sel;
	struct gs_error		 err;
	unsigned char		 flags[25];
	double			 x[25];
	size_t			 k;

	gs_error_clear(&err);
	sc = schema_load(fixture_path("data/credit.schema.json"), &err);
	ck_assert_msg(sc != NULL, "%s", err.msg);
	memset(&o, 0, sizeof o);
	o.schema = sc;
	o.expect = 25;
	ck_assert_msg(encode_select(ds, &o, &sel, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(sel.n, 25);
	ck_assert_int_eq(sel.target, 0);
	ck_assert_uint_eq(sel.enc->nclasses, 2);
	ck_assert_str_eq(sel.enc->classes[1], "good");
	ck_assert_str_eq(sel.enc->positive, "bad");
	ck_assert_int_eq(sel.enc->inferred, 0);
	ck_assert_msg(strstr(sel.enc->note, "13 input features make 25 model "
	    "inputs, as declared by") != NULL, "%s", sel.enc->note);
	ck_assert_int_eq(encode_target_class(ds, &sel, 0), 1);
	ck_assert_int_eq(encode_target_class(ds, &sel, 2), 0);
	check_recorded("credit_data", ds, &sel);

	/*
	 * Row 29 has no Home, Job, Income, Assets or Debt: the schema's
	 * modes and medians, each flagged with its policy.
	 */
	ck_assert_int_eq(encode_row(ds, &sel, 29, GS_IMPUTE_ERROR, x, flags,
	    &err), 0);
	for (k = 0; k < 25; k++) {
		const char *name = encode_input_name(ds, &sel, k);

		if (strncmp(name, "Home=", 5) == 0 ||
		    strncmp(name, "Job=", 4) == 0)
			ck_assert_int_eq(flags[k], GS_IMPUTE_MODE);
		else if (strcmp(name, "Income") == 0 ||
		    strcmp(name, "Assets") == 0 || strcmp(name, "Debt") == 0)
			ck_assert_int_eq(flags[k], GS_IMPUTE_MEDIAN);
		else
			ck_assert_msg(flags[k] == 0, "%s flagged", name);
	}
	ck_assert(x[1] == 1 && x[15] == 1);	/* Home=owner, Job=fixed */
	ck_assert(x[20] == 125 && x[21] == 3000 && x[22] == 0);
	/* The schema's policy holds whatever the global one says. */
	ck_assert_int_eq(encode_row(ds, &sel, 29, GS_IMPUTE_SKIP, x, flags,
	    &err), 0);
	ck_assert_int_eq(encode_row_usable(ds, &sel, 29, GS_IMPUTE_ERROR), 1);
	dataset_selection_free(&sel);
	schema_free(sc);
	dataset_free(ds);
}
END_TEST

START_TEST(test_roundtrip_german)
{
	struct gs_dataset	*ds = load("tests/data/csv/german_credit.csv");
	struct gs_selection	 sel;
	struct gs_error		 err;
	const struct gs_feature	*f;
	double			 x[61];

	gs_error_clear(&err);
	ck_assert_msg(dataset_select(ds, "Class", NULL, 61, &sel, &err) == 0,
	    "%s", err.msg);
	ck_assert_int_eq(sel.enc->inferred, 1);
	ck_assert_msg(strstr(sel.enc->note, "Indicator columns read as one "
	    "categorical feature each (named Group.Level, one 1 a row): "
	    "CheckingAccountStatus (4), CreditHistory (5), Purpose (11)") !=
	    NULL, "%s", sel.enc->note);
	ck_assert_msg(strstr(sel.enc->note, "Target Class, classes Bad, Good "
	    "(its levels, sorted).") != NULL, "%s", sel.enc->note);
	check_recorded("german_credit", ds, &sel);
	f = &sel.enc->feat[9];
	ck_assert_str_eq(f->name, "CheckingAccountStatus");
	ck_assert_int_eq(f->encode, GS_ENCODE_INDICATORS);
	ck_assert_str_eq(f->levels[0], "lt.0");
	ck_assert_str_eq(f->levels[3], "none");
	ck_assert_int_eq(dataset_row(ds, &sel, 0, 0, x, &err), 0);
	ck_assert_int_eq(encode_level(sel.enc, 9, x), 0);
	ck_assert_int_eq(encode_level(sel.enc, 0, x), -1);
	ck_assert_int_eq(dataset_row(ds, &sel, 1, 0, x, &err), 0);
	ck_assert_int_eq(encode_level(sel.enc, 9, x), 1);
	encode_set_level(sel.enc, 9, 3, x);
	ck_assert(x[9] == 0 && x[10] == 0 && x[11] == 0 && x[12] == 1);
	ck_assert_int_eq(encode_level(sel.enc, 9, x), 3);
	ck_assert_int_eq(encode_target_class(ds, &sel, 0), 1);
	ck_assert_int_eq(encode_target_class(ds, &sel, 1), 0);
	dataset_selection_free(&sel);
	dataset_free(ds);
}
END_TEST

START_TEST(test_inferred)
{
	struct gs_dataset	*ds = load("data/credit_data.csv");
	struct gs_selection	 sel;
	struct gs_error		 err;
	const struct gs_feature	*f;
	const char		*note;

	gs_error_clear(&err);
	ck_assert_msg(dataset_select(ds, "Status", NULL, 26, &sel, &err) == 0,
	    "%s", err.msg);
	ck_assert_uint_eq(sel.enc->nfeat, 13);
	ck_assert_int_eq(sel.enc->inferred, 1);
	f = &sel.enc->feat[1];
	ck_assert_str_eq(f->name, "Home");
	ck_assert_uint_eq(f->nlevels, 6);
	ck_assert_int_eq(f->sorted, 1);
	ck_assert_str_eq(f->levels[0], "ignore");
	ck_assert_str_eq(f->levels[5], "rent");
	ck_assert_str_eq(encode_input_name(ds, &sel, 1), "Home=ignore");
	ck_assert_uint_eq(sel.cols[1], 2);
	ck_assert_uint_eq(sel.cols[6], 2);
	note = sel.enc->note + strlen(ds->path);
	ck_assert_str_eq(note, ": 13 input features make 26 model inputs. "
	    "Text columns read as categories, one-hot encoded with their "
	    "levels sorted as scikit-learn's OneHotEncoder and pandas' "
	    "get_dummies sort them: Home (6 levels), Marital (5 levels), "
	    "Records (2 levels), Job (4 levels). Target Status, classes bad, "
	    "good (its levels, sorted). Missing cells: Home 6, Marital 1, Job "
	    "2, Income 381, Assets 47, Debt 18.");
	dataset_selection_free(&sel);

	/* A width that fits once each first level is dropped. */
	ck_assert_msg(dataset_select(ds, "Status", NULL, 22, &sel, &err) == 0,
	    "%s", err.msg);
	ck_assert_uint_eq(sel.n, 22);
	ck_assert_str_eq(encode_input_name(ds, &sel, 1), "Home=other");
	ck_assert_int_eq(sel.enc->feat[5].dropped, 1);
	ck_assert_msg(strstr(sel.enc->note, "The first level of each is "
	    "dropped (as drop=\"first\" or drop_first=True): that makes the "
	    "model's 22 inputs, and all levels would make 26.") != NULL, "%s",
	    sel.enc->note);
	dataset_selection_free(&sel);

	/* Any width with no model to say: all levels. */
	ck_assert_int_eq(dataset_select(ds, NULL, NULL, 0, &sel, &err), 0);
	ck_assert_uint_eq(sel.n, 28);
	ck_assert_int_eq(sel.target, -1);
	dataset_selection_free(&sel);
	dataset_free(ds);
}
END_TEST

/* Encode row under policy p into x and flags; 0 or -1 with err. */
static int
row_under(struct gs_dataset *ds, struct gs_selection *sel, size_t row,
    enum gs_impute p, double *x, unsigned char *flags, struct gs_error *err)
{
	gs_error_clear(err);
	return (encode_row(ds, sel, row, (int)p, x, flags, err));
}

START_TEST(test_policies)
{
	struct gs_dataset	*ds = load("data/credit_data.csv");
	struct gs_selection	 sel;
	struct gs_error		 err;
	unsigned char		 flags[26];
	double			 x[26];
	size_t			 n, first, k, plen = strlen(ds->path);
	const size_t		 income = 21, home = 1, rent = 6;

	gs_error_clear(&err);
	ck_assert_int_eq(dataset_select(ds, "Status", NULL, 26, &sel, &err), 0);
	ck_assert_str_eq(encode_input_name(ds, &sel, income), "Income");
	ck_assert_str_eq(encode_input_name(ds, &sel, rent), "Home=rent");

	ck_assert_int_eq(row_under(ds, &sel, 29, GS_IMPUTE_ERROR, x, flags,
	    &err), -1);
	ck_assert_int_eq(err.code, GS_EMISSING);
	ck_assert_str_eq(err.msg + plen, ":31:3: row 29 has a missing value "
	    "in column 'Home'; choose a missing-value policy (--impute mean, "
	    "median, mode, skip or model) or another row");
	ck_assert_int_eq(row_under(ds, &sel, 29, GS_IMPUTE_SKIP, x, flags,
	    &err), -1);
	ck_assert_str_eq(err.msg + plen, ":31:3: row 29 skipped: a missing "
	    "value in column 'Home' (--impute skip)");

	/* mean: numbers their mean, a category its most frequent level. */
	ck_assert_int_eq(row_under(ds, &sel, 29, GS_IMPUTE_MEAN, x, flags,
	    &err), 0);
	ck_assert_double_eq_tol(x[income], 141.68769948440953, 1e-9);
	ck_assert(x[home + 2] == 1 && x[rent] == 0);	/* owner */
	ck_assert_int_eq(flags[income], GS_IMPUTE_MEAN);
	ck_assert_int_eq(flags[home], GS_IMPUTE_MODE);	/* a level */
	ck_assert_int_eq(flags[0], 0);
	ck_assert(x[0] == 0);	/* Seniority: 0, from the data */
	ck_assert_int_eq(row_under(ds, &sel, 29, GS_IMPUTE_MEDIAN, x, flags,
	    &err), 0);
	ck_assert(x[income] == 125 && x[income + 1] == 3000 &&
	    x[income + 2] == 0);
	ck_assert_int_eq(row_under(ds, &sel, 29, GS_IMPUTE_MODE, x, flags,
	    &err), 0);
	ck_assert(x[income] == 100 && x[income + 1] == 0);
	ck_assert_int_eq(flags[income], GS_IMPUTE_MODE);
	ck_assert_int_eq(row_under(ds, &sel, 29, GS_IMPUTE_MODEL, x, flags,
	    &err), 0);
	ck_assert(isnan(x[income]) && isnan(x[home]) && isnan(x[rent]));
	ck_assert(x[0] == 0 && x[24] == 1500);
	ck_assert_int_eq(flags[income], GS_IMPUTE_MODEL);
	/* A complete row: nothing flagged under any policy. */
	ck_assert_int_eq(row_under(ds, &sel, 0, GS_IMPUTE_MEAN, x, flags,
	    &err), 0);
	for (k = 0; k < 26; k++)
		ck_assert_int_eq(flags[k], 0);

	/* 415 rows have a missing cell (counted by python3 from the file). */
	encode_count_unusable(ds, &sel, GS_IMPUTE_ERROR, &n, &first);
	ck_assert_uint_eq(n, 415);
	ck_assert_uint_eq(first, 29);
	encode_count_unusable(ds, &sel, GS_IMPUTE_SKIP, &n, &first);
	ck_assert_uint_eq(n, 415);
	encode_count_unusable(ds, &sel, GS_IMPUTE_MEDIAN, &n, &first);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(first, ds->nrows);
	encode_count_unusable(ds, &sel, GS_IMPUTE_MODEL, &n, &first);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(dataset_row_missing(ds, &sel, 29), 1);
	ck_assert_int_eq(dataset_row_missing(ds, &sel, 0), 0);

	ck_assert_str_eq(impute_name(GS_IMPUTE_MEDIAN), "median");
	{
		enum gs_impute p;

		ck_assert_int_eq(impute_parse("model", &p), 0);
		ck_assert_int_eq(p, GS_IMPUTE_MODEL);
		ck_assert_int_eq(impute_parse("on", &p), -1);
	}
	ck_assert_int_eq(impute_fills(GS_IMPUTE_SKIP), 0);
	dataset_selection_free(&sel);
	dataset_free(ds);
}
END_TEST

/* Statistics of one-hot inputs; the mean row holds a level, not a blend. */
START_TEST(test_stats)
{
	struct gs_dataset	*ds = load("data/credit_data.csv");
	struct gs_selection	 sel;
	struct gs_error		 err;
	double			 mean, sd, x[26], sum;
	size_t			 k, j;

	gs_error_clear(&err);
	ck_assert_int_eq(dataset_select(ds, "Status", NULL, 26, &sel, &err), 0);
	encode_input_stats(ds, &sel, 6, &mean, &sd);	/* Home=rent */
	ck_assert_double_eq_tol(mean, 973.0 / 4448, 1e-15);
	ck_assert_double_eq_tol(sd, sqrt(mean * (1 - mean) * 4448 / 4447),
	    1e-12);
	encode_input_stats(ds, &sel, 21, &mean, &sd);	/* Income */
	ck_assert_double_eq_tol(mean, 141.68769948440953, 1e-9);
	encode_mean_row(ds, &sel, x);
	for (k = 0; k < sel.enc->nfeat; k++) {
		const struct gs_feature *f = &sel.enc->feat[k];

		if (f->encode != GS_ENCODE_ONEHOT)
			continue;
		for (j = 0, sum = 0; j < f->width; j++) {
			ck_assert(x[f->start + j] == 0 ||
			    x[f->start + j] == 1);
			sum += x[f->start + j];
		}
		ck_assert(sum == 1);
		ck_assert_int_ge(encode_level(sel.enc, k, x), 0);
	}
	ck_assert_int_eq(encode_level(sel.enc, 1, x), 2);	/* owner */
	ck_assert(encode_categorical(sel.enc, 1));
	ck_assert(!encode_categorical(sel.enc, 0));
	/* What-if steps through Home's levels, round the end. */
	ck_assert_int_eq(encode_step_level(sel.enc, 1, x, 1), 3);
	ck_assert(x[4] == 1 && x[3] == 0);
	ck_assert_int_eq(encode_step_level(sel.enc, 1, x, -1), 2);
	for (k = 0; k < 6; k++)
		encode_step_level(sel.enc, 1, x, 1);
	ck_assert_int_eq(encode_level(sel.enc, 1, x), 2);
	encode_set_level(sel.enc, 1, 5, x);
	ck_assert_int_eq(encode_step_level(sel.enc, 1, x, 1), 0);
	ck_assert_int_eq(encode_step_level(sel.enc, 0, x, 1), -1);
	x[6] = 0.5;
	ck_assert_int_eq(encode_level(sel.enc, 1, x), -1);
	/* From a blend of levels, to the most frequent. */
	ck_assert_int_eq(encode_step_level(sel.enc, 1, x, 1), 2);
	dataset_selection_free(&sel);
	dataset_free(ds);
}
END_TEST

/* Select from text data under schema text; fail with exactly msg. */
static void
select_fails(const char *csv, const char *schema, size_t expect,
    enum gs_errcode code, const char *msg)
{
	struct gs_dataset	*ds;
	struct gs_schema	*sc = NULL;
	struct gs_encode_opts	 o;
	struct gs_selection	 sel;
	struct gs_error		 err;

	gs_error_clear(&err);
	ds = dataset_load_buffer(csv, strlen(csv), "t.csv", &err);
	ck_assert_msg(ds != NULL, "%s", err.msg);
	if (schema != NULL) {
		sc = schema_str(schema, &err);
		ck_assert_msg(sc != NULL, "%s", err.msg);
	}
	memset(&o, 0, sizeof o);
	o.schema = sc;
	o.expect = expect;
	gs_error_clear(&err);
	ck_assert_int_eq(encode_select(ds, &o, &sel, &err), -1);
	ck_assert_int_eq(err.code, code);
	ck_assert_str_eq(err.msg, msg);
	/* Nothing half-made is left behind. */
	ck_assert_ptr_null(sel.enc);
	ck_assert_ptr_null(sel.cols);
	ck_assert_uint_eq(sel.n, 0);
	schema_free(sc);
	dataset_free(ds);
}

START_TEST(test_bad_input)
{
	const char *csv = "y,home,income\n1,rent,10\n0,own,\n1,rent,30\n";

	/* An unknown level. */
	select_fails(csv, "{\"columns\": [{\"name\": \"y\", \"role\": "
	    "\"target\"},\n{\"name\": \"home\", \"levels\": [\"rent\", "
	    "\"owner\"]},\n{\"name\": \"income\"}]}", 0, GS_EPARSE,
	    "t.csv:3:2: column 'home' has the level 'own', which s.json:2 does "
	    "not declare (its levels: rent, owner); add it to the schema's "
	    "levels if the model knows it");
	/* A schema that does not fit the model's width. */
	select_fails(csv, "{\"columns\": [{\"name\": \"y\", \"role\": "
	    "\"target\"},\n{\"name\": \"home\"},\n{\"name\": \"income\"}]}", 4,
	    GS_ESHAPE, "s.json: the schema's inputs make 3 model inputs (home "
	    "2, income) but the model takes 4; is it the model's schema?");
	/* A category in a numeric column, with a schema and without. */
	select_fails("y,income\n1,10\n0,abc\n", "{\"columns\": [{\"name\": "
	    "\"y\", \"role\": \"target\"},\n{\"name\": \"income\", \"type\": "
	    "\"numeric\"}]}", 0, GS_EPARSE, "t.csv:3:2: column 'income' is "
	    "numeric (s.json:2) but holds the text 'abc' (1 text cell); fix "
	    "the cell, or make the column categorical");
	select_fails("y,income\n1,10\n0,abc\n", NULL, 0, GS_EPARSE,
	    "t.csv:3:2: column 'income' holds numbers (1 cell) and text ('abc', "
	    "1 cell); fix the text if it is a typo, or give a schema (--schema) "
	    "that says whether the column is numeric or categorical");
	/* A schema naming a missing column. */
	select_fails(csv, "{\"columns\": [{\"name\": \"y\", \"role\": "
	    "\"target\"},\n  {\"name\": \"incme\"}]}", 0, GS_EINVAL,
	    "s.json:2:3: column 'incme' is not in t.csv; did you mean "
	    "'income'?");
	select_fails(csv, "{\"columns\": [{\"name\": \"zzz\", \"role\": "
	    "\"target\"}]}", 0, GS_EINVAL, "s.json:1:14: column 'zzz' is not "
	    "in t.csv, whose columns are y, home, income; is it the data's "
	    "schema?");
	/* A target value not among the schema's classes. */
	select_fails("y,x\nyes,1\nno,2\nmaybe,3\n", "{\"classes\": [\"no\", "
	    "\"yes\"], \"columns\": [{\"name\": \"y\", \"role\": \"target\"}, "
	    "{\"name\": \"x\"}]}", 0, GS_EPARSE, "t.csv:4:1: column 'y' has "
	    "the level 'maybe', which s.json:1 does not declare (its levels: "
	    "no, yes); add it to the schema's levels if the model knows it");
	/* Indicator columns that are not one-hot. */
	select_fails("a.x,a.y\n1,0\n1,1\n", "{\"columns\": [{\"name\": \"a\", "
	    "\"encoding\": \"indicators\", \"prefix\": \"a.\"}]}", 0,
	    GS_EPARSE, "t.csv:3: row 1 has two levels of 'a' (x and y); its "
	    "indicator columns (s.json:1) hold at most one 1 a row");
	select_fails("a.x,a.y\n1,0\n2,0\n", "{\"columns\": [{\"name\": \"a\", "
	    "\"encoding\": \"indicators\", \"columns\": [\"a.x\", "
	    "\"a.y\"]}]}", 0, GS_EPARSE, "t.csv:3:1: column 'a.x' is an "
	    "indicator of 'a' (s.json:1) and must hold 0 or 1, not 'a "
	    "number'");
	/* An inferred width that does not fit. */
	select_fails(csv, NULL, 5, GS_ESHAPE, "t.csv: the model takes 5 inputs "
	    "but the data's 3 input columns make 4 (3 dropping each "
	    "category's first level) with their categories one-hot encoded "
	    "(y, home 2, income); give a schema (--schema FILE) saying how "
	    "the model encodes them, or leave columns out with --drop");
	/* --target against the schema's target. */
	{
		struct gs_dataset	*ds;
		struct gs_schema	*sc;
		struct gs_encode_opts	 o;
		struct gs_selection	 sel;
		struct gs_error		 err;

		ds = dataset_load_buffer(csv, strlen(csv), "t.csv", &err);
		sc = schema_str("{\"columns\": [{\"name\": \"y\", \"role\": "
		    "\"target\"}, {\"name\": \"income\"}]}", &err);
		memset(&o, 0, sizeof o);
		o.schema = sc;
		o.target = "income";
		ck_assert_int_eq(encode_select(ds, &o, &sel, &err), -1);
		ck_assert_str_eq(err.msg, "--target income, but the schema "
		    "(s.json:1) makes 'y' the target; give one of them");
		/* Columns the schema leaves out are named. */
		o.target = NULL;
		ck_assert_int_eq(encode_select(ds, &o, &sel, &err), 0);
		ck_assert_uint_eq(sel.n, 1);
		ck_assert_msg(strstr(sel.enc->note, "Not in the schema, so left "
		    "out: home.") != NULL, "%s", sel.enc->note);
		dataset_selection_free(&sel);
		schema_free(sc);
		dataset_free(ds);
	}
}
END_TEST

/* A level function as the script layer would give one. */
static int
level_fn(void *arg, const char *function, const char *level, double *out,
    size_t width, struct gs_error *err)
{
	(*(int *)arg)++;
	ck_assert_str_eq(function, "risk");
	ck_assert_uint_eq(width, 2);
	if (strcmp(level, "bad") == 0)
		return (gs_error_set(err, GS_EINVAL, "risk: no such level"));
	out[0] = (double)strlen(level);
	out[1] = level[0] == 'r' ? 1 : -1;
	return (0);
}

START_TEST(test_function)
{
	const char		*csv = "home,n\nrent,1\nown,2\n,3\n";
	const char		*schema = "{\"columns\": [{\"name\": \"home\", "
	    "\"encoding\": \"function\", \"function\": \"risk\", \"width\": 2, "
	    "\"missing\": \"mode\"}, {\"name\": \"n\"}]}";
	struct gs_dataset	*ds;
	struct gs_schema	*sc;
	struct gs_encode_opts	 o;
	struct gs_selection	 sel;
	struct gs_error		 err;
	unsigned char		 flags[3];
	double			 x[3], mean, sd;
	int			 calls = 0;

	gs_error_clear(&err);
	ds = dataset_load_buffer(csv, strlen(csv), "t.csv", &err);
	sc = schema_str(schema, &err);
	ck_assert_ptr_nonnull(sc);
	memset(&o, 0, sizeof o);
	o.schema = sc;
	ck_assert_int_eq(encode_select(ds, &o, &sel, &err), -1);
	ck_assert_int_eq(err.code, GS_EUNSUPPORTED);
	ck_assert_str_eq(err.msg, "s.json:1: column 'home' is encoded by the "
	    "function 'risk', which only a script can give; load the schema "
	    "from Lua, or encode the column another way");
	o.level_fn = level_fn;
	o.level_arg = &calls;
	ck_assert_msg(encode_select(ds, &o, &sel, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(calls, 2);	/* once a level, not once a row */
	ck_assert_uint_eq(sel.n, 3);
	ck_assert_str_eq(encode_input_name(ds, &sel, 1), "home[2]");
	ck_assert_int_eq(encode_row(ds, &sel, 0, 0, x, flags, &err), 0);
	ck_assert(x[0] == 4 && x[1] == 1 && x[2] == 1);
	ck_assert_int_eq(encode_level(sel.enc, 0, x), 1);	/* sorted: own, rent */
	ck_assert_int_eq(encode_row(ds, &sel, 2, 0, x, flags, &err), 0);
	ck_assert(x[0] == 3 && x[1] == -1 && flags[0] == GS_IMPUTE_MODE);
	encode_input_stats(ds, &sel, 0, &mean, &sd);
	ck_assert_double_eq_tol(mean, 3.5, 1e-15);
	ck_assert_int_eq(calls, 2);
	dataset_selection_free(&sel);
	dataset_free(ds);
	ds = dataset_load_buffer("home\nbad\n", 9, "t.csv", &err);
	ck_assert_int_eq(encode_select(ds, &o, &sel, &err), -1);
	ck_assert_str_eq(err.msg, "risk: no such level");
	schema_free(sc);
	dataset_free(ds);
}
END_TEST

/* A declared order, a dropped first level, numbers as levels. */
START_TEST(test_declared)
{
	const char		*csv = "g,r\n3,b\n1,a\n3,a\n";
	const char		*schema = "{\"columns\": [{\"name\": \"g\", "
	    "\"type\": \"categorical\", \"levels\": [3, 1, 2], \"drop\": "
	    "\"first\"}, {\"name\": \"r\", \"encoding\": \"ordinal\", "
	    "\"levels\": [\"b\", \"a\"]}]}";
	struct gs_dataset	*ds;
	struct gs_schema	*sc;
	struct gs_encode_opts	 o;
	struct gs_selection	 sel;
	struct gs_error		 err;
	double			 x[3];

	gs_error_clear(&err);
	ds = dataset_load_buffer(csv, strlen(csv), "t.csv", &err);
	sc = schema_str(schema, &err);
	ck_assert_ptr_nonnull(sc);
	memset(&o, 0, sizeof o);
	o.schema = sc;
	ck_assert_msg(encode_select(ds, &o, &sel, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(sel.n, 3);
	ck_assert_str_eq(encode_input_name(ds, &sel, 0), "g=1");
	ck_assert_str_eq(encode_input_name(ds, &sel, 1), "g=2");
	ck_assert_str_eq(encode_input_name(ds, &sel, 2), "r");
	ck_assert_int_eq(encode_row(ds, &sel, 0, 0, x, NULL, &err), 0);
	ck_assert(x[0] == 0 && x[1] == 0 && x[2] == 0);
	ck_assert_int_eq(encode_level(sel.enc, 0, x), 0);	/* 3, dropped */
	ck_assert_int_eq(encode_row(ds, &sel, 1, 0, x, NULL, &err), 0);
	ck_assert(x[0] == 1 && x[1] == 0 && x[2] == 1);
	ck_assert_int_eq(encode_level(sel.enc, 1, x), 1);
	encode_set_level(sel.enc, 1, 0, x);
	ck_assert(x[2] == 0);
	dataset_selection_free(&sel);
	schema_free(sc);
	dataset_free(ds);
}
END_TEST

/*
 * The credit model's class names come from its file, and it computes on
 * gshap's encoding what torch computed on the training script's.
 */
START_TEST(test_credit_model)
{
	struct gs_model		*m;
	struct gs_dataset	*ds = load("data/credit_data.csv");
	struct gs_schema	*sc;
	struct gs_encode_opts	 o;
	struct gs_selection	 sel;
	struct gs_plan		*p;
	struct gs_error		 err;
	gs_real			 xr[20 * 25], y[20 * 2];
	double			 x[25], want[40];
	char			 line[256];
	FILE			*f;
	size_t			 r, k, n = 0;

	gs_error_clear(&err);
	m = model_load(fixture_path("data/credit_mlp.onnx"), &err);
	ck_assert_msg(m != NULL, "%s", err.msg);
	ck_assert_str_eq(model_meta(m, "classes"), "bad,good");
	ck_assert_ptr_null(model_meta(m, "nope"));
	sc = schema_load(fixture_path("data/credit.schema.json"), &err);
	memset(&o, 0, sizeof o);
	o.schema = sc;
	o.expect = model_input_len(m);
	ck_assert_msg(encode_select(ds, &o, &sel, &err) == 0, "%s", err.msg);
	for (r = 0; r < 20; r++) {
		ck_assert_int_eq(dataset_row(ds, &sel, r, 0, x, &err), 0);
		for (k = 0; k < 25; k++)
			xr[r * 25 + k] = (gs_real)x[k];
	}
	/* The reference outputs: the section after "output 0 20 2". */
	f = fopen(fixture_path("data/credit_mlp.io"), "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof line, f) != NULL &&
	    strncmp(line, "output 0", 8) != 0)
		;
	while (n < 40 && fscanf(f, "%lf", &want[n]) == 1)
		n++;
	fclose(f);
	ck_assert_uint_eq(n, 40);
	p = plan_new(m, 0, 20, &err);
	ck_assert_msg(p != NULL, "%s", err.msg);
	ck_assert_int_eq(plan_forward(p, xr, 20, y, &err), 0);
	for (k = 0; k < 40; k++)
		ck_assert_msg(fabs(y[k] - want[k]) < 1e-5, "output %zu: %g, "
		    "torch %g", k, (double)y[k], want[k]);
	plan_free(p);
	model_free(m);
	/* The demo names its classes for the headers: P(benign). */
	m = model_load(fixture_path("data/bc_mlp.onnx"), &err);
	ck_assert_str_eq(model_meta(m, "classes"), "malignant,benign");
	model_free(m);
	dataset_selection_free(&sel);
	schema_free(sc);
	dataset_free(ds);
}
END_TEST

/* Class names from each source, fitted to the output. */
/*
 * A Lua schema without the script layer's loader (this test links the
 * data layer alone): refused, naming the file, never read as JSON.
 */
START_TEST(test_lua_schema_no_loader)
{
	struct gs_error		 err;
	struct gs_schema	*sc;

	gs_error_clear(&err);
	ck_assert(schema_is_lua("a/s.lua"));
	ck_assert(!schema_is_lua("s.json"));
	ck_assert(!schema_is_lua(".lua"));
	sc = schema_load(fixture_path("tests/data/schema/credit.schema.lua"),
	    &err);
	ck_assert_ptr_null(sc);
	ck_assert_int_eq(err.code, GS_EUNSUPPORTED);
	ck_assert_msg(strstr(err.msg, "credit.schema.lua: a schema in Lua "
	    "needs gshap's script layer") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(test_classes)
{
	struct gs_dataset	*ds = load("data/credit_data.csv");
	struct gs_dataset	*gd = load("tests/data/csv/german_credit.csv");
	struct gs_schema	*sc;
	struct gs_encode_opts	 o;
	struct gs_selection	 sel, gsel;
	struct gs_classes	 c;
	struct gs_error		 err;

	gs_error_clear(&err);
	sc = schema_load(fixture_path("data/credit.schema.json"), &err);
	memset(&o, 0, sizeof o);
	o.schema = sc;
	ck_assert_int_eq(encode_select(ds, &o, &sel, &err), 0);
	/* The schema's, positive "bad". */
	ck_assert_int_eq(classes_resolve(&c, 2, NULL, NULL, ds, &sel, "x,y", &err),
	    0);
	ck_assert_uint_eq(c.n, 2);
	ck_assert_str_eq(classes_name(&c, 0), "bad");
	ck_assert_str_eq(classes_name(&c, 1), "good");
	ck_assert_ptr_null(classes_name(&c, 2));
	ck_assert_msg(strstr(c.from, "credit.schema.json") != NULL, "%s",
	    c.from);
	ck_assert_int_eq(c.positive, 0);
	ck_assert_int_eq(classes_find(&c, "good"), 1);
	ck_assert_int_eq(classes_find(&c, "1"), 1);
	ck_assert_int_eq(classes_find(&c, "great"), -1);
	classes_clear(&c);
	/* The user's first; a list that fits no way. */
	ck_assert_int_eq(classes_resolve(&c, 2, "no, yes", NULL, ds, &sel, NULL,
	    &err), 0);
	ck_assert_str_eq(classes_name(&c, 1), "yes");
	ck_assert_str_eq(c.from, "--classes");
	/* Renamed, the schema's positive element stays: "bad" was 0. */
	ck_assert_int_eq(c.positive, 0);
	classes_clear(&c);
	/* Without a schema's positive, of two: the second. */
	ck_assert_int_eq(classes_resolve(&c, 2, "no,yes", NULL, NULL, NULL, NULL,
	    &err), 0);
	ck_assert_int_eq(c.positive, 1);
	classes_clear(&c);
	ck_assert_int_eq(classes_resolve(&c, 2, "a,b,c", NULL, ds, &sel, NULL, &err),
	    -1);
	ck_assert_int_eq(err.code, GS_ESHAPE);
	ck_assert_str_eq(err.msg, "--classes: 3 class names but the output "
	    "has 2 elements");
	ck_assert_int_eq(classes_resolve(&c, 2, "a,,b", NULL, ds, &sel, NULL, &err),
	    -1);
	ck_assert_str_eq(err.msg, "--classes: class 2 has an empty name");
	ck_assert_int_eq(classes_resolve(&c, 2, "a,a", NULL, ds, &sel, NULL, &err),
	    -1);
	ck_assert_str_eq(err.msg, "--classes: class 'a' is named twice");
	/* The names are called as the front end spells the setting. */
	ck_assert_int_eq(classes_resolve(&c, 2, "a,a", "set classes", ds,
	    &sel, NULL, &err), -1);
	ck_assert_str_eq(err.msg, "set classes: class 'a' is named twice");
	ck_assert_int_eq(classes_resolve(&c, 2, "a,b,c", "classes", ds, &sel,
	    NULL, &err), -1);
	ck_assert_str_eq(err.msg, "classes: 3 class names but the output "
	    "has 2 elements");
	ck_assert_int_eq(classes_resolve(&c, 2, "no,yes", "set classes", ds,
	    &sel, NULL, &err), 0);
	ck_assert_str_eq(c.from, "set classes");
	classes_clear(&c);
	ck_assert_uint_eq(c.n, 0);
	dataset_selection_free(&sel);

	/* A text target's levels; a sigmoid output takes the second. */
	ck_assert_int_eq(dataset_select(gd, "Class", NULL, 0, &gsel, &err), 0);
	ck_assert_int_eq(classes_resolve(&c, 1, NULL, NULL, gd, &gsel, NULL, &err),
	    0);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_str_eq(classes_name(&c, 0), "Good");
	ck_assert_str_eq(c.from, "the levels of Class");
	ck_assert_int_eq(c.positive, 0);
	classes_clear(&c);
	dataset_selection_free(&gsel);

	/* The model's metadata, as a list or a JSON array. */
	ck_assert_int_eq(dataset_select(gd, NULL, "Class", 0, &gsel, &err), 0);
	ck_assert_int_eq(classes_resolve(&c, 1, NULL, NULL, gd, &gsel,
	    "malignant,benign", &err), 0);
	ck_assert_str_eq(classes_name(&c, 0), "benign");
	ck_assert_str_eq(c.from, "the model's metadata");
	classes_clear(&c);
	ck_assert_int_eq(classes_resolve(&c, 3, NULL, NULL, gd, &gsel,
	    "[\"setosa\", \"versicolor\", \"virginica\"]", &err), 0);
	ck_assert_str_eq(classes_name(&c, 2), "virginica");
	ck_assert_int_eq(c.positive, -1);
	classes_clear(&c);
	ck_assert_int_eq(classes_resolve(&c, 3, NULL, NULL, gd, &gsel, "[1, 2, 3]",
	    &err), -1);
	ck_assert_str_eq(err.msg, "the model's metadata: the classes must be "
	    "an array of strings");
	/* None known: no error, no names. */
	ck_assert_int_eq(classes_resolve(&c, 10, NULL, NULL, gd, &gsel, NULL, &err),
	    0);
	ck_assert_uint_eq(c.n, 0);
	ck_assert_ptr_null(classes_name(&c, 0));
	classes_clear(&c);
	dataset_selection_free(&gsel);
	schema_free(sc);
	dataset_free(gd);
	dataset_free(ds);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("encode");
	TCase	*tc = tcase_create("encode");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_schema_file);
	tcase_add_test(tc, test_schema_errors);
	tcase_add_test(tc, test_roundtrip_credit);
	tcase_add_test(tc, test_roundtrip_german);
	tcase_add_test(tc, test_inferred);
	tcase_add_test(tc, test_policies);
	tcase_add_test(tc, test_stats);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_function);
	tcase_add_test(tc, test_declared);
	tcase_add_test(tc, test_credit_model);
	tcase_add_test(tc, test_classes);
	tcase_add_test(tc, test_lua_schema_no_loader);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

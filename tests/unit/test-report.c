/* SPDX-License-Identifier: ISC */
/*
 * The report writer on an explanation made by hand: the flags (a value
 * outside the data's range, an imputed cell, ranks not claimed, a gap
 * larger than its noise), the reasons in words, escaping, refusals (no
 * rows, no names, an unreadable file); and the reproducing command,
 * quoted for sh and parsed back through the options table.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/impute.h"
#include "session/features.h"
#include "session/options.h"
#include "session/report.h"
#include "session/reproduce.h"

/* A 3-feature Gradient SHAP explanation of row 7 (caller clears it). */
static void
test_explanation(struct gs_explanation *ex)
{
	static const double phi[3] = { -0.30, 0.05, -0.28 };
	static const double se[3] = { 0.02, 0.01, 0.02 };
	static const double val[3] = { 99, 1, 2 };

	memset(ex, 0, sizeof *ex);
	ex->row = 7;
	ex->d = 3;
	ex->method = GS_METHOD_GRADSHAP;
	attr_opts_default(&ex->opts);
	ex->opts.seed = 5;
	ex->fx = 0.2;
	ex->base = 0.73;
	ex->base_kind = GS_BASE_DATA;
	ex->base_n = 10;
	ex->gap = 0.3;
	ex->gap_se = 0.01;
	ex->gap_verdict = explanation_gap_verdict(ex);
	ex->phi = malloc(sizeof phi);
	ex->se = malloc(sizeof se);
	ex->value = malloc(sizeof val);
	memcpy(ex->phi, phi, sizeof phi);
	memcpy(ex->se, se, sizeof se);
	memcpy(ex->value, val, sizeof val);
}

/* The report on ex into a string (caller frees); rc into *rc. */
static char *
test_report(const struct gs_report *r, const struct gs_report_row *row,
    size_t n, int *rc, struct gs_error *err)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	*rc = report_write(f, r, row, n, err);
	fclose(f);
	return (buf);
}

START_TEST(test_flags)
{
	static const char *names[3] = { "income<&>", "age", "debt" };
	struct gs_explanation	 ex;
	struct gs_report	 r;
	struct gs_report_row	 row;
	struct gs_range		 ranges[3];
	struct gs_error		 err;
	struct gs_features	 fs;
	char			*html;
	int			 rc, j;

	test_explanation(&ex);
	memset(ranges, 0, sizeof ranges);
	for (j = 0; j < 3; j++) {
		ranges[j].n = 10;
		ranges[j].min = 0;
		ranges[j].max = 50;
	}
	memset(&r, 0, sizeof r);
	r.version = "test";
	r.model_name = "m";
	r.model_path = "Makefile";
	r.data_name = "d";
	r.data_path = "config.status";
	r.output = "P(good)";
	r.names = names;
	r.ranges = ranges;
	r.impute_how = "mean";
	r.command = "gshap explain --row 7 --format json";
	svg_opts_default(&r.svg);
	reasons_opts_default(&r.reasons);
	/* The features of a model without encodings: one per input. */
	features_get(&fs, NULL, names, 1, &ex);
	ck_assert_uint_eq(fs.n, 3);
	fs.rows[2].imputed = GS_IMPUTE_MEAN;
	memset(&row, 0, sizeof row);
	row.ex = &ex;
	row.fs = &fs;
	row.adverse = GS_ADVERSE_LOWER;
	html = test_report(&r, &row, 1, &rc, &err);
	ck_assert_int_eq(rc, 0);
	/* Out of range, imputed, ranks, gap: each flag once. */
	ck_assert_ptr_nonnull(strstr(html, "<li class=\"flag range\">"
	    "income&lt;&amp;&gt; = 99 (outside the data: max 50): beyond every "
	    "value of the data</li>"));
	ck_assert_ptr_nonnull(strstr(html, "<li class=\"flag imputed\">debt = "
	    "2 (imputed: mean): not the row's data"));
	ck_assert_ptr_nonnull(strstr(html, "Ranks not claimed: income&lt;&amp;"
	    "&gt; and debt"));
	ck_assert_ptr_nonnull(strstr(html, "class=\"flag gap\""));
	ck_assert_ptr_nonnull(strstr(html, "class=\"bad\">larger than noise"));
	/* Reasons: the two negatives, largest first, with notes and 95%. */
	ck_assert_ptr_nonnull(strstr(html, "<li>income&lt;&amp;&gt; = 99 "
	    "(outside the data: max 50) lowered P(good)[0] by 0.3 &#177; "
	    "0.039."));
	ck_assert_ptr_nonnull(strstr(html, "<li>debt = 2 (imputed: mean) "
	    "lowered P(good)[0] by 0.28 &#177; 0.039."));
	ck_assert_ptr_null(strstr(html, "<li>age"));
	ck_assert_ptr_nonnull(strstr(html, "gshap explain --row 7 --format "
	    "json</code>"));
	free(html);

	/* A value below the data's least one says min. */
	ex.value[0] = -1;
	fs.rows[0].value = -1;
	html = test_report(&r, &row, 1, &rc, &err);
	ck_assert_ptr_nonnull(strstr(html, "income&lt;&amp;&gt; = -1 (outside "
	    "the data: min 0)"));
	free(html);
	ex.value[0] = 99;
	fs.rows[0].value = 99;

	/* The other way: age raised it, the only adverse one. */
	row.adverse = GS_ADVERSE_HIGHER;
	fs.rows[2].imputed = 0;
	r.ranges = NULL;
	html = test_report(&r, &row, 1, &rc, &err);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(html, "<li>age = 1 raised P(good)[0] by "
	    "0.05 &#177; 0.02."));
	ck_assert_ptr_null(strstr(html, "class=\"flag range\""));
	ck_assert_ptr_null(strstr(html, "class=\"flag imputed\""));
	free(html);

	/* Refusals. */
	r.model_path = "no-such-model.onnx";
	free(test_report(&r, &row, 1, &rc, &err));
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(err.code, GS_EIO);
	ck_assert_str_eq(err.msg, "no-such-model.onnx: No such file or "
	    "directory");
	free(test_report(&r, &row, 0, &rc, &err));
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(err.msg, "no rows to report on");
	r.names = NULL;
	free(test_report(&r, &row, 1, &rc, &err));
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(err.msg, "the model's inputs have no names to report");
	features_clear(&fs);
	explanation_clear(&ex);
}
END_TEST

START_TEST(test_command)
{
	struct gs_reproduce	 rp = { .model = "m.onnx", .data = "my data.csv",
	    .target = "y", .first = 3, .last = 4 };
	struct gs_settings	 st, back;
	struct gs_args		 a;
	struct gs_error		 err;
	char			*cmd, *argv[64], *p;
	int			 argc = 0;

	settings_init(&st);
	ck_assert_int_eq(settings_set(&st, settings_find("method", NULL), "ig",
	    &err), 0);
	ck_assert_int_eq(settings_set(&st, settings_find("steps", NULL), "17",
	    &err), 0);
	ck_assert_int_eq(settings_set(&st, settings_find("seed", NULL), "9",
	    &err), 0);
	ck_assert_int_eq(settings_set(&st, settings_find("metrics", NULL),
	    "on", &err), 0);
	cmd = reproduce_command(&rp, &st);
	ck_assert_str_eq(cmd, "gshap explain --model m.onnx --data 'my data.csv' "
	    "--target y --row 3 --method ig --steps 17 --seed 9 --metrics "
	    "--format json");
	free(cmd);
	/* Parsed back (no quotes needed): the same settings. */
	rp.data = "d.csv";
	rp.last = 6;
	cmd = reproduce_command(&rp, &st);
	ck_assert_ptr_nonnull(strstr(cmd, "--rows 3:6"));
	for (p = strtok(cmd, " "); p != NULL && argc < 63; p = strtok(NULL, " "))
		argv[argc++] = p;
	settings_init(&back);
	ck_assert_int_eq(options_parse(GS_FRONT_EXPLAIN, argc - 1, argv + 1,
	    &back, &a, &err), 0);
	ck_assert_str_eq(a.v[GS_ARG_ROWS], "3:6");
	ck_assert_int_eq(settings_changed(&st, &back), 0);
	options_free(&a);
	settings_free(&back);
	settings_free(&st);
	free(cmd);
	/* A schema and class names go with the command. */
	rp.schema = "s.json";
	rp.classes = "bad,good";
	rp.last = 4;
	cmd = reproduce_command(&rp, &st);
	ck_assert_ptr_nonnull(strstr(cmd, "--target y --schema s.json --classes "
	    "bad,good --row 3"));
	free(cmd);
	/* Quoting for sh. */
	cmd = NULL;
	{
		size_t len = 0;
		reproduce_quote(&cmd, &len, "it's a $HOME");
		ck_assert_str_eq(cmd, "'it'\\''s a $HOME'");
		reproduce_quote(&cmd, &len, "");
		ck_assert_str_eq(cmd, "'it'\\''s a $HOME'''");
	}
	free(cmd);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("report");
	TCase	*tc = tcase_create("report");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_flags);
	tcase_add_test(tc, test_command);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

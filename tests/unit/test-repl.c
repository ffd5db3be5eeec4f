/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the REPL's parts that need no terminal: the settings
 * table, the explanation cache, the text bar chart, command lookup and
 * line splitting.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "fixture.h"
#include "repl/repl.h"
#include "session/cache.h"
#include "session/settings.h"
#include "session/textchart.h"

START_TEST(test_settings_find)
{
	struct gs_error err;
	const struct gs_setting *def;

	ck_assert_str_eq(settings_find("samples", NULL)->name, "samples");
	ck_assert_str_eq(settings_find("class", NULL)->name, "output");
	ck_assert_str_eq(settings_find("samp", NULL)->name, "samples");
	ck_assert_str_eq(settings_find("top", NULL)->name, "top-k");
	gs_error_clear(&err);
	ck_assert_ptr_null(settings_find("s", &err));
	ck_assert_str_eq(err.msg, "ambiguous setting: s, could be: samples, "
	    "steps, smooth, seed");
	ck_assert_ptr_null(settings_find("frob", &err));
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert(strstr(err.msg, "unknown setting: frob") != NULL);
	/* Every row has a default that parses, a help line and a type. */
	for (size_t i = 0; i < settings_count(); i++) {
		def = settings_at(i);
		ck_assert(def->help != NULL && def->help[0] != '\0');
		ck_assert_int_lt(def->type, GS_SETTING_TYPE_COUNT);
	}
	ck_assert_ptr_null(settings_at(settings_count()));
}
END_TEST

START_TEST(test_settings_set)
{
	struct gs_settings st, copy;
	struct gs_error err;
	char buf[256];

	settings_init(&st);
	ck_assert_uint_eq(st.samples, GS_SAMPLES_AUTO);	/* "auto" */
	ck_assert_int_eq(st.method, GS_METHOD_GRADSHAP);
	ck_assert_str_eq(st.baseline, "auto");
	ck_assert_int_eq(settings_set(&st, settings_find("samples", NULL),
	    "500", &err), 0);
	ck_assert_uint_eq(st.samples, 500);
	ck_assert_int_eq(settings_set(&st, settings_find("samples", NULL),
	    "0", &err), -1);
	ck_assert_int_eq(err.code, GS_ERANGE);
	ck_assert_str_eq(err.msg, "samples: 0 is out of range (1 to "
	    "100000000)");
	ck_assert_uint_eq(st.samples, 500);
	ck_assert_int_eq(settings_set(&st, settings_find("samples", NULL),
	    "12x", &err), -1);
	ck_assert_str_eq(err.msg, "samples: '12x' is not a whole number or "
	    "auto");
	ck_assert_int_eq(settings_set(&st, settings_find("samples", NULL),
	    "default", &err), 0);
	ck_assert_uint_eq(st.samples, GS_SAMPLES_AUTO);
	ck_assert_str_eq(settings_format(&st, settings_find("samples", NULL),
	    buf, sizeof buf), "auto");
	ck_assert_int_eq(settings_set(&st, settings_find("method", NULL),
	    "shapley", &err), -1);
	ck_assert(strstr(err.msg, "method: unknown value 'shapley' "
	    "(gradshap, ig, saliency, ixg, smoothgrad") != NULL);
	ck_assert_int_eq(settings_set(&st, settings_find("method", NULL),
	    "ig", &err), 0);
	ck_assert_int_eq(st.method, GS_METHOD_IG);
	ck_assert_str_eq(settings_baseline(&st), "mean");
	ck_assert_ptr_null(settings_noise(&st));
	ck_assert_int_eq(settings_set(&st, settings_find("abs", NULL), "yes",
	    &err), 0);
	ck_assert_int_eq(st.absolute, 1);
	ck_assert_int_eq(settings_set(&st, settings_find("abs", NULL), "maybe",
	    &err), -1);
	ck_assert_int_eq(settings_set(&st, settings_find("seed", NULL),
	    "18446744073709551615", &err), 0);
	ck_assert_str_eq(settings_format(&st, settings_find("seed", NULL),
	    buf, sizeof buf), "18446744073709551615");
	ck_assert_int_eq(settings_set(&st, settings_find("seed", NULL),
	    "18446744073709551616", &err), -1);
	ck_assert_int_eq(settings_set(&st, settings_find("baseline", NULL), "",
	    &err), -1);

	/* Saliency takes no baseline; smoothgrad has 15% noise by default. */
	settings_set(&st, settings_find("method", NULL), "saliency", NULL);
	ck_assert_ptr_null(settings_baseline(&st));
	settings_set(&st, settings_find("method", NULL), "smoothgrad", NULL);
	ck_assert_str_eq(settings_noise(&st), "15%");
	settings_set(&st, settings_find("noise", NULL), "0.5", NULL);
	ck_assert_str_eq(settings_noise(&st), "0.5");

	/* The cache key follows result settings only. */
	settings_copy(&copy, &st);
	ck_assert_int_eq(settings_changed(&st, &copy), 0);
	settings_set(&copy, settings_find("top-k", NULL), "3", NULL);
	ck_assert_int_eq(settings_changed(&st, &copy), 0);
	{
		char *k1, *k2;
		k1 = settings_key(&st);
		k2 = settings_key(&copy);
		ck_assert_str_eq(k1, k2);
		free(k2);
		settings_set(&copy, settings_find("seed", NULL), "7", NULL);
		k2 = settings_key(&copy);
		ck_assert_str_ne(k1, k2);
		ck_assert(strstr(k2, "seed=7;") != NULL);
		free(k1);
		free(k2);
	}
	ck_assert_int_eq(settings_changed(&st, &copy),
	    GS_SETTING_RESULT | GS_SETTING_BASELINE);
	settings_free(&copy);
	settings_free(&st);
}
END_TEST

/* An explanation with d features, phi[i] = v[i]. */
static void
make_ex(struct gs_explanation *ex, size_t row, const double *v, size_t d,
    const char *baseline)
{
	memset(ex, 0, sizeof *ex);
	ex->row = row;
	ex->d = d;
	ex->method = GS_METHOD_IG;
	ex->baseline = xstrdup(baseline);
	ex->fx = 1.5;
	ex->base = 0.5;
	ex->gap = 0;
	ex->value = xcalloc(d, sizeof *ex->value);
	ex->phi = xcalloc(d, sizeof *ex->phi);
	memcpy(ex->phi, v, d * sizeof *v);
	memcpy(ex->value, v, d * sizeof *v);
}

START_TEST(test_cache)
{
	struct gs_cache c;
	struct gs_explanation ex;
	struct gs_result res;
	const struct gs_result *hit;
	char spec[16];
	double v[3] = { 1, -2, 0.5 };

	cache_init(&c, 2);
	snprintf(spec, sizeof spec, "mean");
	make_ex(&ex, 4, v, 3, spec);
	ex.baseline_desc = xstrdup("column means");
	cache_result_set(&res, &ex);
	/* The result owns its copies: the original may go. */
	explanation_clear(&ex);
	snprintf(spec, sizeof spec, "XXXX");
	ck_assert_str_eq(res.ex.baseline, "mean");
	ck_assert_str_eq(res.ex.baseline_desc, "column means");
	ck_assert_ptr_null(cache_get(&c, 4, "k1"));
	cache_put(&c, 4, "k1", &res);
	cache_put(&c, 5, "k1", &res);
	ck_assert_ptr_nonnull(hit = cache_get(&c, 4, "k1"));
	ck_assert(hit->ex.phi != res.ex.phi);
	ck_assert(hit->ex.phi[1] == -2);
	ck_assert_ptr_null(cache_get(&c, 4, "k2"));
	/* Full: the least recently used (row 5) goes. */
	cache_put(&c, 6, "k1", &res);
	ck_assert_ptr_null(cache_get(&c, 5, "k1"));
	ck_assert_ptr_nonnull(cache_get(&c, 4, "k1"));
	ck_assert_ptr_nonnull(cache_get(&c, 6, "k1"));
	ck_assert_uint_eq(c.n, 2);
	/* Replacing an entry keeps one copy. */
	res.ex.phi[0] = 9;
	cache_put(&c, 6, "k1", &res);
	ck_assert_uint_eq(c.n, 2);
	ck_assert(cache_get(&c, 6, "k1")->ex.phi[0] == 9);
	cache_clear(&c);
	ck_assert_ptr_null(cache_get(&c, 4, "k1"));
	ck_assert_uint_eq(c.hits, 4);
	ck_assert_uint_eq(c.misses, 4);
	cache_result_clear(&res);
	cache_result_clear(&res);
	cache_free(&c);
}
END_TEST

START_TEST(test_textchart)
{
	char num[64];

	textchart_number(num, sizeof num, NAN, 4, 1);
	ck_assert_str_eq(num, "-");
	textchart_number(num, sizeof num, 0, 4, 1);
	ck_assert_str_eq(num, "+0");
	textchart_number(num, sizeof num, 1234.5678, 4, 0);
	ck_assert_str_eq(num, "1235");
}
END_TEST

START_TEST(test_cmd_find)
{
	struct gs_error err;
	const struct cmd_entry **cep;

	ck_assert_str_eq(cmd_find("explain", NULL)->name, "explain");
	ck_assert_str_eq(cmd_find("expl", NULL)->name, "explain");
	ck_assert_str_eq(cmd_find("q", NULL)->name, "quit");
	ck_assert_str_eq(cmd_find("exit", NULL)->name, "quit");
	ck_assert_str_eq(cmd_find("row", NULL)->name, "row");
	gs_error_clear(&err);
	ck_assert_ptr_null(cmd_find("ex", &err));
	ck_assert_str_eq(err.msg, "ambiguous command: ex, could be: explain, "
	    "export");
	ck_assert_ptr_null(cmd_find("s", &err));
	ck_assert_str_eq(err.msg, "ambiguous command: s, could be: summary, "
	    "set, show, source");
	ck_assert_ptr_null(cmd_find("frobnicate", &err));
	ck_assert_str_eq(err.msg, "unknown command: frobnicate (try 'help')");
	/* Every entry is complete. */
	for (cep = cmd_table; *cep != NULL; cep++) {
		ck_assert((*cep)->summary != NULL && (*cep)->help != NULL);
		ck_assert((*cep)->usage != NULL && (*cep)->options != NULL);
		ck_assert((*cep)->complete != NULL && (*cep)->exec != NULL);
		ck_assert_ptr_eq(cmd_find((*cep)->name, NULL), *cep);
	}
}
END_TEST

START_TEST(test_cmd_split)
{
	struct gs_error err;
	char **v;
	size_t *st, end;
	int n, i;

	ck_assert_int_eq(cmd_split("set  baseline 'file:a b.csv' ; explain",
	    1, &n, &v, &st, &end, &err), 0);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(v[0], "set");
	ck_assert_str_eq(v[1], "baseline");
	ck_assert_str_eq(v[2], "file:a b.csv");
	ck_assert_uint_eq(st[2], 14);
	ck_assert_uint_eq(end, 29);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	free(st);
	ck_assert_int_eq(cmd_split("a\\ b \"c\\\"d\" x;y", 0, &n, &v, NULL,
	    NULL, &err), 0);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(v[0], "a b");
	ck_assert_str_eq(v[1], "c\"d");
	ck_assert_str_eq(v[2], "x;y");
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	ck_assert_int_eq(cmd_split("load 'x", 1, &n, &v, NULL, NULL, &err),
	    -1);
	ck_assert_int_eq(err.code, GS_EPARSE);
	ck_assert_str_eq(err.msg, "unterminated single quote");
	ck_assert_int_eq(cmd_split("   ", 1, &n, &v, NULL, &end, &err), 0);
	ck_assert_int_eq(n, 0);
	free(v);
}
END_TEST

/* Set one setting by name through state_apply, as `set` does. */
static int
state_set(struct gs_repl *r, const char *name, const char *value)
{
	struct gs_settings	st;
	int			rc;

	settings_copy(&st, &r->set);
	rc = settings_set(&st, settings_find(name, NULL), value, NULL);
	if (rc == 0)
		rc = state_apply(r, &st, NULL);
	settings_free(&st);
	return (rc);
}

START_TEST(test_state)
{
	struct gs_repl		 r;
	struct gs_error		 err;
	struct gs_cached	*j;
	struct gs_result	 res;
	char			*model, *data, *buf = NULL, prompt[128];
	size_t			 size = 0, row;
	int			 cached;

	model = xstrdup(fixture_path("tests/data/models/linear_tiny.onnx"));
	data = xstrdup(fixture_path("tests/data/linear_tiny.csv"));
	state_init(&r);
	r.out = open_memstream(&buf, &size);
	ck_assert_str_eq(state_prompt(&r, prompt, sizeof prompt), "gshap> ");
	ck_assert_int_eq(state_require(&r, 1, &err), -1);
	ck_assert(strstr(err.msg, "no model loaded") != NULL);
	ck_assert_int_eq(state_load(&r, model, data, "y", NULL, NULL, &err), 0);
	ck_assert_uint_eq(r.s.sel.n, 3);
	ck_assert_str_eq(state_prompt(&r, prompt, sizeof prompt),
	    "gshap linear_tiny:linear_tiny[0]> ");

	/* A dataset that does not fit changes nothing. */
	ck_assert_int_eq(state_load(&r, NULL,
	    fixture_path("tests/data/csv/iris.csv"), NULL, NULL, NULL, &err), -1);
	ck_assert_int_eq(err.code, GS_ESHAPE);
	ck_assert_str_eq(r.s.data->name, "linear_tiny");
	ck_assert_uint_eq(r.s.data->nrows, 5);
	ck_assert_str_eq(r.target, "y");

	/* Rows. */
	ck_assert_int_eq(state_parse_row(&r, "4", &row, &err), 0);
	ck_assert_uint_eq(row, 4);
	ck_assert_int_eq(state_parse_row(&r, "5", &row, &err), -1);
	ck_assert_int_eq(err.code, GS_ERANGE);
	ck_assert_int_eq(state_parse_row(&r, "prev", &row, &err), -1);
	ck_assert_int_eq(state_parse_row(&r, "next", &row, &err), 0);
	ck_assert_uint_eq(row, 1);

	/* Predictions: y = 1.5a - 2b + 0.25c + 0.5, errors against y. */
	ck_assert_int_eq(state_predict(&r, &err), 0);
	ck_assert(r.pred[2] == 9.75 && r.err_of[0] == 1.5);

	/* ig takes one baseline row: the data set is refused. */
	ck_assert_int_eq(state_set(&r, "baseline", "data"), 0);
	ck_assert_int_eq(state_set(&r, "method", "ig"), -1);
	ck_assert_int_eq(r.set.method, GS_METHOD_GRADSHAP);
	ck_assert_int_eq(state_set(&r, "baseline", "zeros"), 0);
	ck_assert_int_eq(state_set(&r, "method", "ig"), 0);
	ck_assert_int_eq(state_set(&r, "output", "3"), -1);
	ck_assert_int_eq(r.cls, -1);

	/* ig against zeros on a linear model is w * x, then cached. */
	ck_assert_ptr_nonnull(j = cached_new(&r, &r.set, &err));
	ck_assert_int_eq(cached_run(j, 1, &res, &cached, &err), 0);
	ck_assert_int_eq(cached, 0);
	ck_assert_double_eq_tol(res.ex.phi[0], -1.5, 1e-9);
	ck_assert_double_eq_tol(res.ex.phi[1], -1, 1e-9);
	ck_assert_double_eq_tol(res.ex.phi[2], 1, 1e-9);
	ck_assert_str_eq(res.ex.baseline, "zeros");
	cache_result_clear(&res);
	ck_assert_int_eq(cached_run(j, 1, &res, &cached, &err), 0);
	ck_assert_int_eq(cached, 1);
	ck_assert_double_eq_tol(res.ex.phi[0], -1.5, 1e-9);
	cache_result_clear(&res);
	cached_free(j);
	/* A setting that changes results empties the cache. */
	ck_assert_uint_eq(r.cache.n, 1);
	ck_assert_int_eq(state_set(&r, "top-k", "3"), 0);
	ck_assert_uint_eq(r.cache.n, 1);
	ck_assert_int_eq(state_set(&r, "steps", "10"), 0);
	ck_assert_uint_eq(r.cache.n, 0);

	fclose(r.out);
	r.out = stdout;
	state_free(&r);
	free(buf);
	free(model);
	free(data);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("repl");
	TCase *tc = tcase_create("repl");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_settings_find);
	tcase_add_test(tc, test_settings_set);
	tcase_add_test(tc, test_cache);
	tcase_add_test(tc, test_textchart);
	tcase_add_test(tc, test_cmd_find);
	tcase_add_test(tc, test_cmd_split);
	tcase_add_test(tc, test_state);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

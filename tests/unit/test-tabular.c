/* SPDX-License-Identifier: ISC */
/*
 * Attribution over encoded tabular data (the credit demo): a categorical
 * feature is one player whose attribution is the sum over its one-hot
 * levels, completeness still holds (exactly, for exact Shapley values),
 * baselines hold whole rows (never two levels of one category), a
 * baseline file is encoded as the data, and categories get no noise.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attr/attr.h"
#include "attr/groups.h"
#include "core/xmalloc.h"
#include "data/encode.h"
#include "data/schema.h"
#include "fixture.h"

/* The credit model and data, encoded by the demo's schema. */
struct credit {
	struct gs_model		*m;	/* credit_mlp.onnx, owned */
	struct gs_dataset	*ds;	/* credit_data.csv, owned */
	struct gs_schema	*sc;	/* credit.schema.json, owned */
	struct gs_selection	 sel;	/* its 25 model inputs */
};

static void
credit_open(struct credit *c)
{
	struct gs_encode_opts	 o;
	struct gs_error		 err;

	memset(c, 0, sizeof *c);
	gs_error_clear(&err);
	c->m = model_load(fixture_path("data/credit_mlp.onnx"), &err);
	ck_assert_msg(c->m != NULL, "%s", err.msg);
	c->ds = dataset_load(fixture_path("data/credit_data.csv"), &err);
	ck_assert_msg(c->ds != NULL, "%s", err.msg);
	c->sc = schema_load(fixture_path("data/credit.schema.json"), &err);
	ck_assert_msg(c->sc != NULL, "%s", err.msg);
	memset(&o, 0, sizeof o);
	o.schema = c->sc;
	o.expect = model_input_len(c->m);
	ck_assert_msg(encode_select(c->ds, &o, &c->sel, &err) == 0, "%s",
	    err.msg);
}

static void
credit_close(struct credit *c)
{
	dataset_selection_free(&c->sel);
	schema_free(c->sc);
	dataset_free(c->ds);
	model_free(c->m);
}

/* Every categorical feature of every row of bl holds exactly one level. */
static void
check_whole_rows(const struct gs_baseline *bl, const struct gs_encoding *enc)
{
	double	*x = xcalloc(bl->d, sizeof *x);
	size_t	 i, j, k;

	for (i = 0; i < bl->n; i++) {
		for (j = 0; j < bl->d; j++)
			x[j] = bl->rows[i * bl->d + j];
		for (k = 0; k < enc->nfeat; k++)
			if (encode_categorical(enc, k))
				ck_assert_msg(encode_level(enc, k, x) >= 0,
				    "baseline %s row %zu: %s holds no single "
				    "level", bl->spec, i, enc->feat[k].name);
	}
	free(x);
}

/*
 * Explain row of c with method (exact or IG), the demo's groups, baseline
 * spec; check a group's attribution is the sum of its levels' and that
 * the attributions add up to f(x) - base within tol.
 */
static void
check_sums(struct credit *c, enum gs_method method, const char *spec,
    size_t row, double tol)
{
	struct gs_attr_opts	 opts;
	struct gs_baseline	 bl;
	struct gs_groups	 g;
	struct gs_explainer	*e;
	struct gs_explanation	 ex;
	struct gs_error		 err;
	double			 x[25], sum, total = 0, gtotal = 0;
	size_t			 k, j;

	gs_error_clear(&err);
	attr_opts_default(&opts);
	opts.method = method;
	opts.threads = 1;
	opts.steps = 512;
	opts.output_class = 0;		/* P(bad) */
	ck_assert_msg(baseline_make(&bl, spec, c->ds, &c->sel, 0, 7,
	    &err) == 0, "%s", err.msg);
	check_whole_rows(&bl, c->sel.enc);
	groups_encoding(&g, c->sel.enc);
	ck_assert_uint_eq(g.n, 13);
	ck_assert_str_eq(g.names[1], "Home");
	ck_assert_uint_eq(g.start[2] - g.start[1], 6);	/* its 6 levels */
	for (j = 0; j < 6; j++)
		ck_assert_uint_eq(g.members[g.start[1] + j], 1 + j);
	ck_assert_str_eq(g.names[5], "Records");
	ck_assert_uint_eq(g.start[6] - g.start[5], 1);	/* "no" dropped */
	e = explainer_new(c->m, 0, &opts, &bl, NULL, &err);
	ck_assert_msg(e != NULL, "%s", err.msg);
	ck_assert_int_eq(explainer_set_groups(e, &g, &err), 0);
	ck_assert_int_eq(dataset_row(c->ds, &c->sel, row, 0, x, &err), 0);
	ck_assert_msg(explainer_run(e, x, row, &ex, &err) == 0, "%s",
	    err.msg);
	ck_assert_ptr_nonnull(ex.gphi);
	for (k = 0; k < g.n; k++) {
		for (j = g.start[k], sum = 0; j < g.start[k + 1]; j++)
			sum += ex.phi[g.members[j]];
		ck_assert_msg(fabs(ex.gphi[k] - sum) <= 1e-12 * fmax(1,
		    fabs(sum)), "%s: group %.17g, its levels %.17g",
		    g.names[k], ex.gphi[k], sum);
		gtotal += ex.gphi[k];
	}
	for (j = 0; j < ex.d; j++)
		total += ex.phi[j];
	ck_assert_double_eq_tol(gtotal, total, 1e-12);
	ck_assert_msg(fabs(total - (ex.fx - ex.base)) <= tol, "%s %s row "
	    "%zu: sum %.9g, f(x) - base %.9g", method_name(method), spec, row,
	    total, ex.fx - ex.base);
	explanation_clear(&ex);
	explainer_free(e);
	groups_clear(&g);
	baseline_clear(&bl);
}

START_TEST(test_groups_sum)
{
	struct credit	c;

	credit_open(&c);
	/* Exact Shapley values over the 13 features: efficiency is exact. */
	check_sums(&c, GS_METHOD_EXACT, "sample:8", 0, 1e-6);
	check_sums(&c, GS_METHOD_EXACT, "sample:8", 29, 1e-6);
	/*
	 * Exact IG from the mean row (each category at its mode) and from
	 * another applicant: the path integral adds up to float precision.
	 */
	check_sums(&c, GS_METHOD_EXACTIG, "mean", 2, 1e-5);
	check_sums(&c, GS_METHOD_EXACTIG, "row:5", 29, 1e-5);
	/* IG at 512 Gauss-Legendre steps: near, not exact, on the kinks. */
	check_sums(&c, GS_METHOD_IG, "mean", 2, 1e-2);
	credit_close(&c);
}
END_TEST

START_TEST(test_baselines)
{
	struct credit		 c;
	struct gs_baseline	 bl, fb;
	struct gs_noise		 nz;
	struct gs_error		 err;
	char			 path[] = "/tmp/gshap-tabular-XXXXXX";
	FILE			*f;
	double			 x[25];
	size_t			 j, k;
	int			 fd;

	credit_open(&c);
	gs_error_clear(&err);
	ck_assert_int_eq(baseline_make(&bl, "data", c.ds, &c.sel,
	    GS_IMPUTE_ERROR, 1, &err), 0);
	/* The schema fills every missing cell: all rows are usable. */
	ck_assert_uint_eq(bl.n, 4454);
	check_whole_rows(&bl, c.sel.enc);
	baseline_clear(&bl);
	ck_assert_int_eq(baseline_make(&bl, "mean", c.ds, &c.sel, 0, 1, &err),
	    0);
	ck_assert_str_eq(bl.desc, "column means of credit_data (the most "
	    "frequent level of each category)");
	check_whole_rows(&bl, c.sel.enc);
	ck_assert(bl.rows[1] == 1);		/* Home=owner */
	baseline_clear(&bl);

	/* A file with the columns in another order, encoded as the data. */
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fprintf(f, "Price,Amount,Debt,Assets,Income,Expenses,Job,Records,"
	    "Marital,Age,Time,Home,Seniority\n"
	    "846,800,0,0,129,73,freelance,no,married,30,60,rent,9\n"
	    "1850,1500,,,,35,,no,single,37,48,,0\n");
	fclose(f);
	{
		char spec[320];

		snprintf(spec, sizeof spec, "file:%s", path);
		ck_assert_msg(baseline_make(&fb, spec, c.ds, &c.sel, 0, 1,
		    &err) == 0, "%s", err.msg);
	}
	ck_assert_uint_eq(fb.n, 2);
	ck_assert_int_eq(dataset_row(c.ds, &c.sel, 0, 0, x, &err), 0);
	for (j = 0; j < 25; j++)
		ck_assert((gs_real)x[j] == fb.rows[j]);
	/* Row 29's cells, filled as the schema says. */
	ck_assert_int_eq(dataset_row(c.ds, &c.sel, 29, 0, x, &err), 0);
	for (j = 0; j < 25; j++)
		ck_assert_msg((gs_real)x[j] == fb.rows[25 + j], "input %zu",
		    j);
	baseline_clear(&fb);
	/* A level the data never had is named. */
	f = fopen(path, "w");
	fprintf(f, "Price,Amount,Debt,Assets,Income,Expenses,Job,Records,"
	    "Marital,Age,Time,Home,Seniority\n"
	    "846,800,0,0,129,73,freelance,no,married,30,60,boat,9\n");
	fclose(f);
	{
		char spec[320];

		snprintf(spec, sizeof spec, "file:%s", path);
		ck_assert_int_eq(baseline_make(&fb, spec, c.ds, &c.sel, 0, 1,
		    &err), -1);
		ck_assert_msg(strstr(err.msg, ":2:12: column 'Home' has the "
		    "level 'boat'") != NULL, "%s", err.msg);
	}
	unlink(path);

	/* Noise leaves a category's inputs alone. */
	ck_assert_int_eq(noise_make(&nz, "10%", c.ds, &c.sel, &err), 0);
	for (j = 0; j < 25; j++) {
		k = c.sel.enc->feat_of[j];
		if (encode_categorical(c.sel.enc, k))
			ck_assert(nz.sigma[j] == 0);
		else
			ck_assert(nz.sigma[j] > 0);
	}
	noise_clear(&nz);
	credit_close(&c);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("tabular");
	TCase	*tc = tcase_create("tabular");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_groups_sum);
	tcase_add_test(tc, test_baselines);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

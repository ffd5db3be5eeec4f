/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for issue 16's engine side, numbers a user can stand behind:
 * the completeness gap's standard error and verdict (and --tol gap:), the
 * parameters an explanation records reproducing it from its JSON record,
 * NaN and infinity from the model refused and never ranked, the base
 * value labelled by what it is, cancellation that takes effect, which
 * outputs are probabilities, and the range of values the data had.
 */
#include <check.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attr/game.h"
#include "core/xmalloc.h"
#include "data/range.h"
#include "session/export.h"
#include "attr-fixture.h"
#include "onnx-build.h"

/* ex as one JSON line (names from f's columns); the caller frees. */
static char *
hx_json(struct fx *f, const struct gs_explanation *ex)
{
	const char		**names;
	struct gs_export_info	 info;
	char			*buf = NULL;
	size_t			 len = 0, i;
	FILE			*fp;

	names = xcalloc(f->sel.n, sizeof *names);
	for (i = 0; i < f->sel.n; i++)
		names[i] = f->ds->cols[f->sel.cols[i]].name;
	memset(&info, 0, sizeof info);
	info.names = names;
	info.output = "prob";
	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	export_explanation(fp, GS_FORMAT_JSON, &info, ex);
	ck_assert_int_eq(fclose(fp), 0);
	free(names);
	return (buf);
}

/*
 * Explain row r of f; returns 0 or -1 with err filled. With json not NULL,
 * *json gets ex's JSON record (made while its baseline spec, which ex
 * borrows, is alive; ex->baseline is NULL on return).
 */
static int
hx_try_json(struct fx *f, const struct gs_attr_opts *opts, const char *spec,
    size_t r, struct gs_explanation *ex, char **json, struct gs_error *err)
{
	struct gs_baseline	 bl;
	struct gs_explainer	*e;
	double			*x = xcalloc(f->sel.n, sizeof *x);
	int			 rc = -1;

	memset(&bl, 0, sizeof bl);
	if (spec != NULL && baseline_make(&bl, spec, f->ds, &f->sel, 0,
	    opts->seed, err) != 0)
		goto out;
	if ((e = explainer_new(f->m, 0, opts, spec != NULL ? &bl : NULL, NULL,
	    err)) == NULL)
		goto out;
	ck_assert_int_eq(dataset_row(f->ds, &f->sel, r, 0, x, err), 0);
	rc = explainer_run(e, x, r, ex, err);
	if (rc == 0 && json != NULL)
		*json = hx_json(f, ex);
	/* ex owns its copy of the baseline spec: it outlives bl. */
	explainer_free(e);
out:
	baseline_clear(&bl);
	free(x);
	return (rc);
}

static int
hx_try(struct fx *f, const struct gs_attr_opts *opts, const char *spec,
    size_t r, struct gs_explanation *ex, struct gs_error *err)
{
	return (hx_try_json(f, opts, spec, r, ex, NULL, err));
}

static void
hx_explain(struct fx *f, const struct gs_attr_opts *opts, const char *spec,
    size_t r, struct gs_explanation *ex)
{
	struct gs_error	err;

	ck_assert_msg(hx_try(f, opts, spec, r, ex, &err) == 0, "%s", err.msg);
}

/* The demo: the breast cancer MLP and its data. */
static void
hx_demo(struct fx *f)
{
	fx_open(f, NULL, "data/bc_mlp.onnx", NULL, "data/breast_cancer.csv",
	    "target");
}

/*
 * The gap's standard error is honest: Gradient SHAP's expected gradients
 * add up to f(x) - base exactly (completeness), so over 60 seeds on five
 * rows the gap lies within +-1.96 of its SE 90 to 99% of the time (measured
 * 97% for reg, whose SEs are widened for small blocks, 95% for the
 * others at 200 seeds), under the default
 * reg plan (its control variates and widening), plain mc and Sobol
 * replicates; the same for permutation sampling. The verdict follows.
 */
START_TEST(test_gap_se_coverage)
{
	static const struct { enum gs_method m; enum gs_sampling p; } runs[] = {
	    { GS_METHOD_GRADSHAP, GS_PLAN_REG },
	    { GS_METHOD_GRADSHAP, GS_PLAN_MC },
	    { GS_METHOD_GRADSHAP, GS_PLAN_SOBOL },
	    { GS_METHOD_PERMUTATION, GS_PLAN_MC } };
	static const size_t	 rows[] = { 263, 0, 7, 42, 100 };
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct fx		 f;
	size_t			 ri, r, seed, inside, within, nseeds = 60;
	double			 rate;

	hx_demo(&f);
	for (ri = 0; ri < sizeof runs / sizeof runs[0]; ri++) {
		attr_opts_default(&opts);
		opts.method = runs[ri].m;
		opts.plan = runs[ri].p;
		opts.samples = 200;
		inside = within = 0;
		for (r = 0; r < 5; r++)
			for (seed = 1; seed <= nseeds; seed++) {
				opts.seed = seed;
				hx_explain(&f, &opts, "data", rows[r], &ex);
				ck_assert(isfinite(ex.gap));
				ck_assert(ex.gap_se > 0);
				inside += fabs(ex.gap) <= 1.96 * ex.gap_se;
				within += ex.gap_verdict == GS_GAP_WITHIN;
				ck_assert(ex.gap_verdict ==
				    explanation_gap_verdict(&ex));
				explanation_clear(&ex);
			}
		rate = (double)inside / (double)(5 * nseeds);
		ck_assert_msg(rate >= 0.90 && rate <= 0.99, "%s plan %d: gap "
		    "coverage %.2f", method_name(opts.method), (int)opts.plan,
		    rate);
		ck_assert_uint_ge(within, inside);
	}
	fx_close(&f);
}
END_TEST

/*
 * Verdicts: exact Shapley values and Kernel SHAP add up exactly (SE 0,
 * within); IG with 4 left-rule steps is far off (larger, with a hint to
 * raise --steps); saliency has no base (none); the names.
 */
START_TEST(test_gap_verdicts)
{
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct fx		 f;

	fx_open(&f, NULL, "tests/data/models/mlp_smooth.onnx", NULL,
	    "tests/data/mlp_smooth.csv", NULL);
	attr_opts_default(&opts);
	opts.method = GS_METHOD_EXACT;
	hx_explain(&f, &opts, "sample:5", 2, &ex);
	ck_assert_double_eq(ex.gap_se, 0);
	ck_assert_int_eq(ex.gap_verdict, GS_GAP_WITHIN);
	ck_assert_str_eq(gap_verdict_hint(&ex), "");
	explanation_clear(&ex);
	opts.method = GS_METHOD_KERNEL;
	opts.samples = 200;
	hx_explain(&f, &opts, "sample:5", 2, &ex);
	ck_assert_double_eq(ex.gap_se, 0);
	ck_assert_int_eq(ex.gap_verdict, GS_GAP_WITHIN);
	explanation_clear(&ex);
	opts.method = GS_METHOD_IG;
	opts.rule = GS_RULE_LEFT;
	opts.steps = 4;
	hx_explain(&f, &opts, "mean", 2, &ex);
	ck_assert_double_eq(ex.gap_se, 0);
	ck_assert_int_eq(ex.gap_verdict, GS_GAP_LARGER);
	ck_assert(strstr(gap_verdict_hint(&ex), "--steps") != NULL);
	explanation_clear(&ex);
	opts.method = GS_METHOD_SALIENCY;
	hx_explain(&f, &opts, NULL, 2, &ex);
	ck_assert(isnan(ex.gap) && isnan(ex.gap_se));
	ck_assert_int_eq(ex.gap_verdict, GS_GAP_NONE);
	explanation_clear(&ex);
	ck_assert_str_eq(gap_verdict_name(GS_GAP_WITHIN), "within noise");
	ck_assert_str_eq(gap_verdict_name(GS_GAP_LARGER),
	    "larger than noise");
	ck_assert_str_eq(gap_verdict_name(GS_GAP_NONE), "none");
	fx_close(&f);
}
END_TEST

/*
 * --tol gap: parsing, and each method keeps sampling until the gap's 95%
 * half-width is within the tolerance (Gradient SHAP, permutation), IG
 * until the gap itself is; a method without a base is refused.
 */
START_TEST(test_tol_gap)
{
	static const char *bad[] = { "gap:", "gap:x", "gap:-1", "gap:100%",
	    "gap", "gap:1%%", "1%gap" };
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct gs_error		 err;
	struct fx		 f;
	double			 tol;
	size_t			 i;
	int			 rel;

	ck_assert_int_eq(sampling_tol_parse("gap:1%", &tol, &rel, &err), 0);
	ck_assert_double_eq_tol(tol, 0.01, 1e-15);
	ck_assert_int_eq(rel, GS_TOL_GAP | GS_TOL_REL);
	ck_assert_int_eq(sampling_tol_parse("gap:0.002", &tol, &rel, &err), 0);
	ck_assert_int_eq(rel, GS_TOL_GAP);
	ck_assert_int_eq(sampling_tol_parse("5%", &tol, &rel, &err), 0);
	ck_assert_int_eq(rel, GS_TOL_REL);
	ck_assert_int_eq(sampling_tol_parse("0.5", &tol, &rel, &err), 0);
	ck_assert_int_eq(rel, 0);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_int_eq(sampling_tol_parse(bad[i], &tol, &rel, &err),
		    -1);
		ck_assert(strstr(err.msg, "gap:") != NULL);
	}

	hx_demo(&f);
	attr_opts_default(&opts);
	opts.samples = 100;
	opts.seed = 3;
	opts.tol = 0.1;
	opts.tol_rel = GS_TOL_GAP | GS_TOL_REL;
	hx_explain(&f, &opts, "data", 263, &ex);
	ck_assert_int_eq(ex.tol_met, 1);
	ck_assert_double_eq_tol(ex.tol, 0.1 * fabs(ex.fx - ex.base), 1e-12);
	ck_assert_double_le(1.96 * ex.gap_se, ex.tol);
	ck_assert_uint_gt(ex.samples_used, 100);
	explanation_clear(&ex);

	opts.method = GS_METHOD_PERMUTATION;
	hx_explain(&f, &opts, "data", 263, &ex);
	ck_assert_int_eq(ex.tol_met, 1);
	ck_assert_double_le(1.96 * ex.gap_se, ex.tol);
	ck_assert_uint_gt(ex.samples_used, 100);
	explanation_clear(&ex);

	/* Permutation under a plain tolerance: every SE. */
	opts.tol_rel = GS_TOL_REL;
	opts.tol = 0.05;
	hx_explain(&f, &opts, "data", 263, &ex);
	ck_assert_int_eq(ex.tol_met, 1);
	for (i = 0; i < ex.d; i++)
		ck_assert_double_le(ex.se[i], ex.tol);
	explanation_clear(&ex);

	opts.method = GS_METHOD_IG;
	opts.rule = GS_RULE_LEFT;
	opts.steps = 4;
	opts.tol = 1e-3;
	opts.tol_rel = GS_TOL_GAP;
	hx_explain(&f, &opts, "mean", 263, &ex);
	ck_assert_int_eq(ex.tol_met, 1);
	ck_assert_double_le(fabs(ex.gap), 1e-3);
	explanation_clear(&ex);

	opts.method = GS_METHOD_SMOOTHGRAD;
	ck_assert_int_eq(hx_try(&f, &opts, NULL, 263, &ex, &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert(strstr(err.msg, "no completeness gap") != NULL);
	fx_close(&f);
}
END_TEST

/* The JSON number after "key": (a whole number); -1 for null or absent. */
static long long
hx_json_int(const char *json, const char *key)
{
	char		 pat[64];
	const char	*p;

	snprintf(pat, sizeof pat, "\"%s\":", key);
	if ((p = strstr(json, pat)) == NULL)
		return (-1);
	p += strlen(pat);
	if (strncmp(p, "null", 4) == 0)
		return (-1);
	return (strtoll(p, NULL, 10));
}

/* The JSON string after "key": into buf; "" for null or absent. */
static const char *
hx_json_str(const char *json, const char *key, char *buf, size_t size)
{
	char		 pat[64];
	const char	*p, *q;

	buf[0] = '\0';
	snprintf(pat, sizeof pat, "\"%s\":\"", key);
	if ((p = strstr(json, pat)) == NULL)
		return (buf);
	p += strlen(pat);
	if ((q = strchr(p, '"')) == NULL || (size_t)(q - p) >= size)
		return (buf);
	memcpy(buf, p, (size_t)(q - p));
	buf[q - p] = '\0';
	return (buf);
}

/*
 * Issue 16.7: a run under --tol records the count it used; running again
 * with the parameters of its JSON record (samples or steps, seed, plan,
 * rule, batch, baseline) and no --tol gives the same numbers, bit for bit,
 * for IG, Gradient SHAP (reg and Sobol), permutation and Kernel SHAP.
 */
START_TEST(test_rerun_from_record)
{
	static const struct { enum gs_method m; enum gs_sampling p;
	    const char *spec; double tol; int rel; } runs[] = {
	    { GS_METHOD_IG, GS_PLAN_REG, "mean", 1e-4, GS_TOL_GAP },
	    { GS_METHOD_GRADSHAP, GS_PLAN_REG, "data", 0.03, GS_TOL_REL },
	    { GS_METHOD_GRADSHAP, GS_PLAN_SOBOL, "data", 0.03, GS_TOL_REL },
	    { GS_METHOD_PERMUTATION, GS_PLAN_REG, "data", 0.03, GS_TOL_REL },
	    { GS_METHOD_KERNEL, GS_PLAN_REG, "sample:50", 0.05, GS_TOL_REL } };
	struct gs_attr_opts	 opts, again;
	struct gs_explanation	 ex, re;
	struct gs_error		 err;
	struct fx		 f;
	char			*json, buf[64];
	size_t			 ri, i;
	enum gs_sampling	 plan;
	long long		 v;
	int			 anti, cv;

	hx_demo(&f);
	for (ri = 0; ri < sizeof runs / sizeof runs[0]; ri++) {
		attr_opts_default(&opts);
		opts.method = runs[ri].m;
		opts.plan = runs[ri].p;
		opts.samples = 100;
		opts.steps = 8;
		opts.seed = 17;
		opts.tol = runs[ri].tol;
		opts.tol_rel = runs[ri].rel;
		ck_assert_msg(hx_try_json(&f, &opts, runs[ri].spec, 40, &ex,
		    &json, &err) == 0, "%s", err.msg);
		ck_assert_msg(ex.tol_met == 1, "%s: tol not met",
		    method_name(opts.method));

		attr_opts_default(&again);
		ck_assert_int_eq(method_parse(hx_json_str(json, "method", buf,
		    sizeof buf), &again.method), 0);
		ck_assert_int_eq(again.method, opts.method);
		again.seed = (uint64_t)hx_json_int(json, "seed");
		ck_assert_int_ge(v = hx_json_int(json, "batch"), 1);
		again.batch = (size_t)v;
		if (opts.method == GS_METHOD_IG) {
			ck_assert_int_gt(v = hx_json_int(json, "steps"), 8);
			again.steps = (size_t)v;
			ck_assert_int_eq(rule_parse(hx_json_str(json, "rule",
			    buf, sizeof buf), &again.rule), 0);
		} else {
			ck_assert_int_gt(v = hx_json_int(json, "samples"), 100);
			again.samples = (size_t)v;
		}
		if (opts.method == GS_METHOD_GRADSHAP) {
			ck_assert_int_eq(sampling_parse(hx_json_str(json,
			    "plan", buf, sizeof buf), &plan, &anti, &cv), 0);
			again.plan = plan;
			again.antithetic = anti;
			again.cv = cv;
		}
		ck_assert_str_eq(hx_json_str(json, "baseline", buf,
		    sizeof buf), runs[ri].spec);
		hx_explain(&f, &again, buf, 40, &re);
		ck_assert_uint_eq(re.samples_used, ex.samples_used);
		for (i = 0; i < ex.d; i++) {
			ck_assert_msg(re.phi[i] == ex.phi[i], "%s feature %zu: "
			    "%.17g again %.17g", method_name(opts.method), i,
			    ex.phi[i], re.phi[i]);
			ck_assert((re.se == NULL) == (ex.se == NULL));
			ck_assert(re.se == NULL || re.se[i] == ex.se[i]);
		}
		ck_assert(re.gap_se == ex.gap_se);
		free(json);
		explanation_clear(&ex);
		explanation_clear(&re);
	}
	fx_close(&f);
}
END_TEST

/* y = sum_i sqrt(x_i): NaN for a negative input, an infinite gradient at 0. */
static struct gs_model *
hx_model_sqrt(void)
{
	static const int64_t	 xdims[2] = { -1, 3 }, wdims[2] = { 3, 1 };
	static const float	 ones[3] = { 1, 1, 1 };
	struct mb		 b;
	struct gs_model		*m;

	mb_init(&b, 13);
	mb_input(&b, "x", 2, xdims);
	mb_output(&b, "y");
	mb_init_float(&b, "W", 2, wdims, ones, 0);
	mb_node(&b, "Sqrt", "r", "x", "r");
	mb_node(&b, "MatMul", "y", "r,W", "y");
	m = mb_load(&b);
	mb_free(&b);
	return (m);
}

/*
 * explanation_order and metrics_rank_range against their definitions
 * (rank: one more than the features before it, by |phi| then index, NaN
 * last with no place; the range: one more than the intervals wholly
 * above, at most the number count less those wholly below, holding the
 * rank), at sizes on either side of the small-n paths (insertion sort,
 * counting passes) and qsort's; ties, NaN phi and NaN or infinite se.
 */
START_TEST(test_rank_paths)
{
	static const size_t sizes[] = { 1, 2, 5, 30, 63, 64, 65, 66, 200 };
	double		 phi[200], se[200], l, h, li, hi_;
	size_t		 order[200], rank[200], lo[200], hi[200], want, m;
	size_t		 z, n, i, j, k, above, below;
	uint64_t	 s = 0x9e3779b97f4a7c15ULL;

	for (z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
		n = sizes[z];
		for (i = 0; i < n; i++) {
			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
			/* Few distinct values: ties in |phi| and in the ends. */
			phi[i] = (double)((int)(s % 9) - 4) / 4;
			se[i] = (double)(s >> 8 & 3) / 8;
			if ((s >> 20) % 16 == 0)
				phi[i] = NAN;
			if ((s >> 24) % 23 == 0)
				se[i] = NAN;
			if ((s >> 28) % 29 == 0)
				se[i] = INFINITY;
		}
		explanation_order(phi, n, order, rank);
		for (m = 0, i = 0; i < n; i++)
			m += !isnan(phi[i]);
		for (i = 0; i < n; i++) {
			for (want = 1, j = 0; j < n; j++)
				want += isnan(phi[j]) ? isnan(phi[i]) && j < i :
				    isnan(phi[i]) || fabs(phi[j]) > fabs(phi[i]) ||
				    (fabs(phi[j]) == fabs(phi[i]) && j < i);
			ck_assert_uint_eq(order[want - 1], i);
			ck_assert_uint_eq(rank[i], isnan(phi[i]) ? 0 : want);
		}
		metrics_rank_range(phi, se, n, lo, hi);
		for (i = 0; i < n; i++) {
			l = fabs(phi[i]) - 1.96 * se[i];
			h = fabs(phi[i]) + 1.96 * se[i];
			if (!(se[i] >= 0) || isnan(l) || isnan(h)) {
				ck_assert_uint_eq(lo[i], rank[i]);
				ck_assert_uint_eq(hi[i], rank[i]);
				continue;
			}
			for (above = below = 0, k = 0; k < n; k++) {
				if (isnan(phi[k]))
					continue;
				li = fabs(phi[k]) - 1.96 * se[k];
				hi_ = fabs(phi[k]) + 1.96 * se[k];
				if (isnan(li) || isnan(hi_))
					li = hi_ = fabs(phi[k]);
				above += li > h;
				below += hi_ < l;
			}
			want = 1 + above < rank[i] ? 1 + above : rank[i];
			ck_assert_uint_eq(lo[i], want);
			want = m - below > rank[i] ? m - below : rank[i];
			ck_assert_uint_eq(hi[i], want);
		}
	}
}
END_TEST

/*
 * Issue 19.10: a row whose f(x) is NaN is refused naming the row; a
 * baseline set with NaN outputs is refused naming its data rows; IG whose
 * gradient is infinite at the baseline is refused (no NaN attributions
 * next to a finite f(x)); NaN is never ranked (explanation_order,
 * metrics_rank_range, the CSV rank column).
 */
START_TEST(test_nan_refused)
{
	static const char csv[] =
	    "a,b,c\n"
	    "1,4,9\n"		/* 0: f = 6 */
	    "-1,4,9\n"		/* 1: f = NaN */
	    "0.25,1,1\n"	/* 2 */
	    "4,-9,1\n";		/* 3: f = NaN */
	static const char *const names[] = { "a", "b", "c", "d" };
	double			 phi[4] = { 0.5, NAN, -2, 0.1 };
	double			 se[4] = { 0.01, 0.01, 0.01, 0.01 };
	double			 value[4] = { 1, 2, 3, 4 };
	size_t			 order[4], rank[4], lo[4], hi[4];
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct gs_export_info	 info;
	struct gs_error		 err;
	struct fx		 f;
	char			*out = NULL;
	size_t			 len = 0;
	FILE			*fp;

	fx_open(&f, hx_model_sqrt(), NULL, csv, NULL, NULL);
	attr_opts_default(&opts);
	opts.method = GS_METHOD_IG;
	opts.rule = GS_RULE_MIDDLE;
	hx_explain(&f, &opts, "row:2", 0, &ex);
	ck_assert_double_eq_tol(ex.fx, 6, 1e-5);
	explanation_clear(&ex);
	ck_assert_int_eq(hx_try(&f, &opts, "row:2", 1, &ex, &err), -1);
	ck_assert_int_eq(err.code, GS_ERANGE);
	ck_assert_msg(strstr(err.msg, "row 1: the model's output 0 is NaN") !=
	    NULL, "%s", err.msg);
	/* Baselines: rows 1 and 3 of the data give NaN. */
	opts.method = GS_METHOD_GRADSHAP;
	ck_assert_int_eq(hx_try(&f, &opts, "data", 0, &ex, &err), -1);
	ck_assert_int_eq(err.code, GS_ERANGE);
	ck_assert_msg(strstr(err.msg, "for 2 of its 4 rows (data rows 1, 3)") !=
	    NULL, "%s", err.msg);
	/* IG from zeros: the gradient at alpha = 0 is infinite. */
	opts.method = GS_METHOD_IG;
	opts.rule = GS_RULE_LEFT;
	ck_assert_int_eq(hx_try(&f, &opts, "zeros", 0, &ex, &err), -1);
	ck_assert_int_eq(err.code, GS_ERANGE);
	ck_assert_msg(strstr(err.msg, "row 0: ig gives attributions that are "
	    "not numbers") != NULL && strstr(err.msg, "inputs 0, 1, 2") !=
	    NULL, "%s", err.msg);
	fx_close(&f);

	/* Ranking: the NaN last, with no place. */
	explanation_order(phi, 4, order, rank);
	ck_assert_uint_eq(order[0], 2);
	ck_assert_uint_eq(order[1], 0);
	ck_assert_uint_eq(order[2], 3);
	ck_assert_uint_eq(order[3], 1);
	ck_assert_uint_eq(rank[1], 0);
	ck_assert_uint_eq(rank[2], 1);
	ck_assert_uint_eq(rank[3], 3);
	metrics_rank_range(phi, se, 4, lo, hi);
	ck_assert_uint_eq(lo[1], 0);
	ck_assert_uint_eq(hi[1], 0);
	ck_assert_uint_eq(lo[2], 1);
	ck_assert_uint_eq(hi[3], 3);
	memset(&ex, 0, sizeof ex);
	ex.d = 4;
	ex.method = GS_METHOD_GRADSHAP;
	ex.tol_met = -1;
	ex.phi = phi;
	ex.se = se;
	ex.value = value;
	memset(&info, 0, sizeof info);
	info.names = names;
	fp = open_memstream(&out, &len);
	export_explanation(fp, GS_FORMAT_CSV, &info, &ex);
	fclose(fp);
	/* The per-feature columns (the row's columns follow: fx, ...). */
	ck_assert_msg(strstr(out, "0,0,gradshap,b,2,,0.01,,") != NULL, "%s",
	    out);
	ck_assert(strstr(out, "0,0,gradshap,c,3,-2,0.01,1,") != NULL);
	ck_assert(strstr(out, "0,0,gradshap,d,4,0.1,0.01,3,") != NULL);
	free(out);
}
END_TEST

/*
 * Issue 16.2: the base value labelled by what it is, for every baseline
 * kind, and none for a method without one.
 */
START_TEST(test_base_label)
{
	static const struct { const char *spec; enum gs_method m;
	    enum gs_base_kind k; const char *label; } runs[] = {
	    { "data", GS_METHOD_GRADSHAP, GS_BASE_DATA,
	      "E[f(b)] over 569 rows" },
	    { "sample:40", GS_METHOD_GRADSHAP, GS_BASE_DATA,
	      "E[f(b)] over 40 rows" },
	    { "zeros", GS_METHOD_IG, GS_BASE_ZEROS, "f(zeros)" },
	    { "mean", GS_METHOD_IG, GS_BASE_MEAN, "f(mean x)" },
	    { "row:12", GS_METHOD_IG, GS_BASE_ROW, "f(row 12)" },
	    { "sample:1", GS_METHOD_IG, GS_BASE_DATA, NULL },
	    { NULL, GS_METHOD_SALIENCY, GS_BASE_NONE, "none" } };
	struct gs_attr_opts	 opts;
	struct gs_explanation	 ex;
	struct gs_baseline	 bl, cp;
	struct gs_error		 err;
	struct fx		 f;
	char			 buf[64];
	size_t			 ri;

	hx_demo(&f);
	for (ri = 0; ri < sizeof runs / sizeof runs[0]; ri++) {
		attr_opts_default(&opts);
		opts.method = runs[ri].m;
		opts.samples = 20;
		hx_explain(&f, &opts, runs[ri].spec, 5, &ex);
		ck_assert_int_eq(ex.base_kind, runs[ri].k);
		explanation_base_label(&ex, 0, buf, sizeof buf);
		if (runs[ri].label != NULL)
			ck_assert_str_eq(buf, runs[ri].label);
		else
			ck_assert(strncmp(buf, "f(row ", 6) == 0);
		ck_assert_str_eq(base_kind_name(ex.base_kind),
		    runs[ri].k == GS_BASE_DATA ? "data" : runs[ri].k ==
		    GS_BASE_ZEROS ? "zeros" : runs[ri].k == GS_BASE_MEAN ?
		    "mean" : runs[ri].k == GS_BASE_ROW ? "row" : "none");
		explanation_clear(&ex);
	}
	/* x-bar in UTF-8: x and a combining macron. */
	memset(&ex, 0, sizeof ex);
	ex.base_kind = GS_BASE_MEAN;
	ck_assert_str_eq(explanation_base_label(&ex, 1, buf, sizeof buf),
	    "f(x\xcc\x84)");
	/* A set given by a script: rows; one row is f(b). */
	ex.base_kind = GS_BASE_ROWS;
	ex.base_n = 1;
	ck_assert_str_eq(explanation_base_label(&ex, 0, buf, sizeof buf),
	    "f(b)");
	ex.base_n = 7;
	ex.base_weighted = 1;
	ck_assert_str_eq(explanation_base_label(&ex, 0, buf, sizeof buf),
	    "weighted E[f(b)] over 7 rows");
	ex.base = NAN;
	ck_assert_str_eq(explanation_base_label(&ex, 0, buf, sizeof buf),
	    "none");
	/* A copy keeps the kind and the rows' origin. */
	ck_assert_int_eq(baseline_make(&bl, "sample:3", f.ds, &f.sel, 0, 9,
	    &err), 0);
	baseline_copy(&cp, &bl);
	ck_assert_int_eq(cp.kind, GS_BASE_DATA);
	ck_assert_uint_eq(cp.n, 3);
	ck_assert_uint_eq(cp.origin[2], bl.origin[2]);
	ck_assert(memcmp(cp.rows, bl.rows, 3 * bl.d * sizeof *bl.rows) == 0);
	baseline_clear(&cp);
	baseline_clear(&bl);
	fx_close(&f);
}
END_TEST

/* A run on a thread, cancelled through an atomic flag. */
struct hx_run {
	struct gs_explainer	*e;		/* the explainer */
	const double		*x;		/* the row */
	atomic_int		 flag;		/* the cancel flag */
	struct timespec		 done;		/* when the run returned */
	int			 rc;		/* its result */
	struct gs_error		 err;		/* its error */
};

static int
hx_cancelled(void *arg)
{
	return (atomic_load(&((struct hx_run *)arg)->flag));
}

static void *
hx_thread(void *arg)
{
	struct hx_run		*r = arg;
	struct gs_explanation	 ex;

	r->rc = explainer_run(r->e, r->x, 0, &ex, &r->err);
	clock_gettime(CLOCK_MONOTONIC, &r->done);
	if (r->rc == 0)
		explanation_clear(&ex);
	return (NULL);
}

/*
 * Issue 16.13: every method stops within a second of the cancel flag on
 * the digits CNN with 2,000,000 samples (or steps), on two threads
 * (bench-cancel measures it: under 20 ms on a loaded machine; the reg
 * plan's batches of 1024-draw blocks used to run to the end, 10 s and
 * more).
 */
START_TEST(test_cancel_fast)
{
	static const struct { enum gs_method m; const char *spec; } runs[] = {
	    { GS_METHOD_GRADSHAP, "data" }, { GS_METHOD_IG, "mean" },
	    { GS_METHOD_PERMUTATION, "data" }, { GS_METHOD_KERNEL, "data" },
	    { GS_METHOD_EXACTIG, "mean" } };
	struct gs_attr_opts	 opts;
	struct gs_baseline	 bl;
	struct gs_error		 err;
	struct hx_run		 r;
	struct timespec		 t0, d = { 0, 200000000L };
	struct fx		 f;
	pthread_t		 th;
	double			*x, ms;
	size_t			 ri;

	fx_open(&f, NULL, "tests/data/models/cnn_digits.onnx", NULL,
	    "tests/data/csv/digits.csv", "label");
	x = xcalloc(f.sel.n, sizeof *x);
	ck_assert_int_eq(dataset_row(f.ds, &f.sel, 0, 0, x, &err), 0);
	for (ri = 0; ri < sizeof runs / sizeof runs[0]; ri++) {
		ck_assert_int_eq(baseline_make(&bl, runs[ri].spec, f.ds,
		    &f.sel, 0, 1, &err), 0);
		attr_opts_default(&opts);
		opts.method = runs[ri].m;
		opts.samples = opts.steps = 2000000;
		opts.rule = GS_RULE_MIDDLE;
		opts.threads = 2;
		opts.cancel = hx_cancelled;
		opts.cancel_arg = &r;
		memset(&r, 0, sizeof r);
		atomic_store(&r.flag, 0);
		r.x = x;
		r.e = explainer_new(f.m, 0, &opts, &bl, NULL, &err);
		ck_assert_msg(r.e != NULL, "%s", err.msg);
		ck_assert_int_eq(pthread_create(&th, NULL, hx_thread, &r), 0);
		nanosleep(&d, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		atomic_store(&r.flag, 1);
		pthread_join(th, NULL);
		ms = (double)(r.done.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(r.done.tv_nsec - t0.tv_nsec) / 1e6;
		ck_assert_msg(r.rc == -1 && r.err.code == GS_EINTR, "%s: %s",
		    method_name(opts.method), r.rc == 0 ? "finished" :
		    r.err.msg);
		ck_assert_msg(ms < 1000, "%s: %.0f ms after the flag",
		    method_name(opts.method), ms);
		explainer_free(r.e);
		baseline_clear(&bl);
	}
	free(x);
	fx_close(&f);
}
END_TEST

/*
 * x [N, 3] -> h = x W (Gemm, 2 columns) -> the tail named by which:
 * 0 Sigmoid; 1 Concat(Sigmoid(h), h) on axis 1; 2 Sigmoid then Mul by 2;
 * 3 Softmax then Reshape and Transpose; 4 LogSoftmax; 5 h alone.
 */
static struct gs_model *
hx_model_tail(int which)
{
	static const int64_t	 xdims[2] = { -1, 3 }, wdims[2] = { 3, 2 };
	static const int64_t	 shape[3] = { -1, 2, 1 };
	static const float	 w[6] = { 1, -1, 0.5f, 2, -0.25f, 1 };
	static const float	 two[1] = { 2 };
	static const int64_t	 one[1] = { 1 };
	struct mb		 b;
	struct gs_model		*m;
	Onnx__NodeProto		*n;

	mb_init(&b, 13);
	mb_input(&b, "x", 2, xdims);
	mb_output(&b, "y");
	mb_init_float(&b, "W", 2, wdims, w, 0);
	mb_node(&b, "MatMul", "h", "x,W", which == 5 ? "y" : "h");
	switch (which) {
	case 0:
		mb_node(&b, "Sigmoid", "s", "h", "y");
		break;
	case 1:
		mb_node(&b, "Sigmoid", "s", "h", "s");
		n = mb_node(&b, "Concat", "c", "s,h", "y");
		mb_attr_int(&b, n, "axis", 1);
		break;
	case 2:
		mb_init_float(&b, "two", 1, one, two, 0);
		mb_node(&b, "Sigmoid", "s", "h", "s");
		mb_node(&b, "Mul", "m", "s,two", "y");
		break;
	case 3:
		b.inits[b.graph.n_initializer++] = mb_tensor_int64(&b, "shape",
		    3, shape);
		mb_node(&b, "Softmax", "s", "h", "s");
		mb_node(&b, "Reshape", "r", "s,shape", "r");
		mb_node(&b, "Transpose", "t", "r", "y");
		break;
	case 4:
		mb_node(&b, "LogSoftmax", "s", "h", "y");
		break;
	default:
		break;
	}
	m = mb_load(&b);
	mb_free(&b);
	return (m);
}

/*
 * Issue 16.1: which outputs are probabilities (offer log-odds, not a
 * sigmoid) and which are scores (offer the probability axis): built
 * graphs, element by element through a Concat, and the files gshap ships
 * and tests with.
 */
START_TEST(test_output_scale)
{
	static const struct { const char *file; size_t out;
	    enum gs_output_scale s; } files[] = {
	    { "data/bc_mlp.onnx", 0, GS_SCALE_PROB },
	    { "tests/data/models/linear_tiny.onnx", 0, GS_SCALE_SCORE },
	    { "tests/data/models/softmax_iris.onnx", 0, GS_SCALE_PROB },
	    { "tests/data/models/cnn_digits.onnx", 0, GS_SCALE_PROB },
	    { "tests/data/models/ops_elementwise.onnx", 0, GS_SCALE_LOGPROB },
	    { "tests/data/models/fmt_skl.onnx", 0, GS_SCALE_SCORE },
	    { "tests/data/models/fmt_skl.onnx", 1, GS_SCALE_PROB },
	    { "tests/data/models/fmt_tf.onnx", 0, GS_SCALE_PROB } };
	struct gs_model	*m;
	struct gs_error	 err;
	size_t		 i;

	m = hx_model_tail(0);
	ck_assert_int_eq(model_output_scale(m, 0, 0), GS_SCALE_PROB);
	ck_assert_int_eq(model_output_scale(m, 0, 1), GS_SCALE_PROB);
	ck_assert_int_eq(model_output_scale(m, 0, 2), GS_SCALE_UNKNOWN);
	ck_assert_int_eq(model_output_scale(m, 1, 0), GS_SCALE_UNKNOWN);
	model_free(m);
	/* Concat(Sigmoid(h), h): the first two are probabilities. */
	m = hx_model_tail(1);
	ck_assert_uint_eq(model_output_len(m, 0), 4);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(model_output_scale(m, 0, i), i < 2 ?
		    GS_SCALE_PROB : GS_SCALE_SCORE);
	model_free(m);
	m = hx_model_tail(2);
	ck_assert_int_eq(model_output_scale(m, 0, 0), GS_SCALE_SCORE);
	model_free(m);
	m = hx_model_tail(3);
	ck_assert_int_eq(model_output_scale(m, 0, 1), GS_SCALE_PROB);
	model_free(m);
	m = hx_model_tail(4);
	ck_assert_int_eq(model_output_scale(m, 0, 0), GS_SCALE_LOGPROB);
	model_free(m);
	m = hx_model_tail(5);
	ck_assert_int_eq(model_output_scale(m, 0, 1), GS_SCALE_SCORE);
	model_free(m);
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		m = model_load(fixture_path(files[i].file), &err);
		ck_assert_msg(m != NULL, "%s", err.msg);
		ck_assert_msg(model_output_scale(m, files[i].out, 0) ==
		    files[i].s, "%s output %zu: %s", files[i].file,
		    files[i].out, output_scale_name(model_output_scale(m,
		    files[i].out, 0)));
		model_free(m);
	}
	ck_assert_str_eq(output_scale_name(GS_SCALE_PROB), "probability");
	ck_assert_str_eq(output_scale_name(GS_SCALE_SCORE), "score");
}
END_TEST

/*
 * Issue 16.12: each column's observed range and levels, for marking a
 * what-if value the data never had (mean_radius = -50 against 6.981 to
 * 28.11).
 */
START_TEST(test_ranges)
{
	static const char csv[] =
	    "size,color,w\n"
	    "3,red,1\n"
	    "NA,blue,2\n"
	    "-1.5,red,\n"
	    "7,green,4\n";
	struct gs_dataset	*ds;
	struct gs_selection	 sel;
	struct gs_range		 r[30];
	struct gs_error		 err;
	struct fx		 f;
	size_t			 i;

	hx_demo(&f);
	ck_assert_int_eq(range_selection(f.ds, &f.sel, r, &err), 0);
	ck_assert_str_eq(f.ds->cols[f.sel.cols[0]].name, "mean_radius");
	ck_assert_double_eq(r[0].min, 6.981);
	ck_assert_double_eq(r[0].max, 28.11);
	ck_assert_uint_eq(r[0].n, 569);
	ck_assert_uint_eq(r[0].nlevels, 0);
	ck_assert_int_eq(range_outside(&r[0], -50), -1);
	ck_assert_int_eq(range_outside(&r[0], 28.2), 1);
	ck_assert_int_eq(range_outside(&r[0], 6.981), 0);
	ck_assert_int_eq(range_outside(&r[0], 15), 0);
	ck_assert_int_eq(range_outside(&r[0], NAN), 0);
	for (i = 0; i < 30; i++) {
		ck_assert(r[i].min <= r[i].max);
		range_clear(&r[i]);
	}
	fx_close(&f);

	ds = dataset_load_buffer(csv, strlen(csv), "t.csv", &err);
	ck_assert_ptr_nonnull(ds);
	ck_assert_int_eq(range_column(ds, 0, &r[0], &err), 0);
	ck_assert_uint_eq(r[0].n, 3);
	ck_assert_double_eq(r[0].min, -1.5);
	ck_assert_double_eq(r[0].max, 7);
	range_clear(&r[0]);
	/* Text: the levels seen, sorted, each once. */
	ck_assert_int_eq(range_column(ds, 1, &r[0], &err), 0);
	ck_assert_uint_eq(r[0].n, 0);
	ck_assert(isnan(r[0].min));
	ck_assert_uint_eq(r[0].nlevels, 3);
	ck_assert_str_eq(r[0].levels[0], "blue");
	ck_assert_str_eq(r[0].levels[2], "red");
	ck_assert_int_eq(range_level(&r[0], "red"), 2);
	ck_assert_int_eq(range_level(&r[0], "green"), 1);
	ck_assert_int_eq(range_level(&r[0], "purple"), -1);
	ck_assert_int_eq(range_outside(&r[0], 1e9), 0);
	range_clear(&r[0]);
	ck_assert_int_eq(range_column(ds, 3, &r[0], &err), -1);
	ck_assert_int_eq(err.code, GS_ERANGE);
	ck_assert_int_eq(dataset_select(ds, "color", NULL, 2, &sel, &err), 0);
	ck_assert_int_eq(range_selection(ds, &sel, r, &err), 0);
	ck_assert_double_eq(r[1].max, 4);
	range_clear(&r[0]);
	range_clear(&r[1]);
	dataset_selection_free(&sel);
	dataset_free(ds);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("honest");
	TCase	*tc = tcase_create("honest");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_gap_se_coverage);
	tcase_add_test(tc, test_gap_verdicts);
	tcase_add_test(tc, test_tol_gap);
	tcase_add_test(tc, test_rerun_from_record);
	tcase_add_test(tc, test_nan_refused);
	tcase_add_test(tc, test_rank_paths);
	tcase_add_test(tc, test_base_label);
	tcase_add_test(tc, test_cancel_fast);
	tcase_add_test(tc, test_output_scale);
	tcase_add_test(tc, test_ranges);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

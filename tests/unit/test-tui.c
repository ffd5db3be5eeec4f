/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for src/tui: the cell grid and text writer, number formats,
 * the rounding rules of bars, sorting and collapsing, themes (and their
 * file:line errors), and golden files of every view in UTF-8 and ASCII at
 * 80x24 and 60x16 from fixed explanations built here (no model, no BLAS),
 * the teaching views' data (exact values, metrics, path, trace,
 * convergence) included; one test (the convergence curve's refine) runs
 * a small model through teachdata.c.
 * Built twice: test-tui checks the ASCII screens in the C locale;
 * test-tui-utf8 (-DTEST_TUI_UTF8) the Unicode screens, and is skipped
 * (77, with a message) where no UTF-8 locale can be set.
 * GSHAP_UPDATE_GOLDEN=1 rewrites the golden files.
 */
#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include "attr/groups.h"
#include "attr/teach.h"
#include "attr/trust.h"
#include "core/xmalloc.h"
#include "session/settings.h"
#include "tui/explore-int.h"
#include "tui/grid.h"
#include "tui/render.h"
#include "tui/theme.h"
#include "tui/teachdata.h"
#include "tui/tui.h"
#include "attr-fixture.h"

/* The mock-up row of TUI.md: 12 features, log-odds, E = -2.437, f(x) = 2.014. */
static const char *adult_names[12] = {
	"Capital Gain", "Relationship", "Marital Status", "Age",
	"Education-Num", "Hours per week", "Occupation", "Sex", "Workclass",
	"Race", "Native Country", "Capital Loss"
};
static double adult_value[12] = { 7298, 1, 2, 52, 13, 32, 4, 1, 2, 1, 39, 0 };
static double adult_phi[12] = { 2.14, 0.87, 0.56, 0.48, 0.42, -0.31, 0.27,
    0.08, -0.05, 0.006, -0.01, -0.005 };
static double adult_se[12] = { 0.03, 0.024, 0.02, 0.03, 0.02, 0.02, 0.02,
    0.03, 0.015, 0.01, 0.01, 0.01 };

/* 60 more rows: phi_j scaled by t in [-1, 1], values rising with t. */
#define NMANY	60
static double many_value[NMANY][12], many_phi[NMANY][12];
static struct gs_explanation many_ex[NMANY];
static const struct gs_explanation *many_ptr[NMANY];

/* An 8x8 image: a "7" with attributions on its strokes. */
static const char *img_names[64];
static char img_name_buf[64][8];
static double img_value[64], img_phi[64];

static void
fixture_explanation(struct gs_explanation *ex, size_t d, double *value,
    double *phi, double *se, double fx, double base)
{
	double	sum = 0;
	size_t	i;

	memset(ex, 0, sizeof *ex);
	ex->d = d;
	ex->value = value;
	ex->phi = phi;
	ex->se = se;
	ex->fx = fx;
	ex->base = base;
	for (i = 0; i < d; i++)
		sum += phi[i];
	ex->gap = sum - (fx - base);
	ex->method = GS_METHOD_GRADSHAP;
	ex->opts.samples = 200;
	ex->opts.plan = GS_PLAN_SOBOL;
	ex->opts.seed = 7;
	ex->samples_used = 200;
	ex->baseline = "data";
	ex->row = 1234;
	/* The base over 200 data rows, the gap within its noise. */
	ex->base_kind = GS_BASE_DATA;
	ex->base_n = 200;
	ex->gap_se = 0.012;
	ex->gap_verdict = explanation_gap_verdict(ex);
}

/* The teaching views' data for the adult row, made up but consistent. */
static double exact_phi[12];
static struct gs_explanation exact_ex;
#define FIX_CURVE	13
static double met_frac[FIX_CURVE], met_del[FIX_CURVE], met_ins[FIX_CURVE];
static double met_sd[12];
static size_t met_lo[12], met_hi[12];
static struct gs_metrics fix_metrics;
#define FIX_PATH	33
static double path_alpha[FIX_PATH], path_f[FIX_PATH], path_grad[FIX_PATH * 12];
static double path_delta[12], path_area[12], path_marks[8];
static struct gs_path fix_path;
#define FIX_TRACE	16
static size_t trace_bidx[FIX_TRACE];
static double trace_alpha[FIX_TRACE], trace_point[FIX_TRACE * 12];
static double trace_grad[FIX_TRACE * 12], trace_contrib[FIX_TRACE * 12];
static double trace_mean[FIX_TRACE * 12], trace_se[FIX_TRACE * 12];
static struct gs_trace fix_trace;
#define FIX_CONV	9
static size_t conv_samples[FIX_CONV];
static double conv_phi[FIX_CONV * 12], conv_se[FIX_CONV * 12];
static double conv_gap[FIX_CONV];
static struct gs_convergence fix_conv;
/* The models view's pair: B's phi a twin of A's, A - B with paired SEs. */
static double pair_phi_b[12], pair_delta[12], pair_se[12];
static size_t pair_rank_a[12], pair_rank_b[12];
static enum gs_cmp_verdict pair_verdict[12];
static struct gs_paired fix_pair;

/* The pair for the adult row (after fixture_src's ex is known). */
static void
fixture_pair(const struct gs_explanation *a)
{
	size_t	j;

	memset(&fix_pair, 0, sizeof fix_pair);
	for (j = 0; j < 12; j++) {
		pair_phi_b[j] = adult_phi[j] * (j % 3 == 0 ? 0.8 : 1.02) +
		    (j == 5 ? 0.2 : 0);
		pair_delta[j] = adult_phi[j] - pair_phi_b[j];
		pair_se[j] = 0.1 * adult_se[j];
	}
	fix_pair.a = *a;
	fixture_explanation(&fix_pair.b, 12, adult_value, pair_phi_b, adult_se,
	    1.9, -2.43);
	fixture_explanation(&fix_pair.delta, 12, adult_value, pair_delta,
	    pair_se, 0.114, -0.007);
	fix_pair.d = 12;
	fix_pair.paired = 1;
	explanation_order(adult_phi, 12, NULL, pair_rank_a);
	explanation_order(pair_phi_b, 12, NULL, pair_rank_b);
	fix_pair.rank_a = pair_rank_a;
	fix_pair.rank_b = pair_rank_b;
	for (j = 0; j < 12; j++) {
		pair_verdict[j] = fabs(pair_delta[j]) > 1.96 * pair_se[j] ?
		    GS_CMP_LARGER : GS_CMP_NOISE;
		fix_pair.larger += pair_verdict[j] == GS_CMP_LARGER;
	}
	fix_pair.verdict = pair_verdict;
	fix_pair.fa = 2.014;
	fix_pair.fb = 1.9;
	fix_pair.agree = 1;
}

static void
fixture_teach(void)
{
	size_t	i, j, s;
	double	a, sum, sq, c, cum;

	for (j = 0; j < 12; j++)
		exact_phi[j] = adult_phi[j] + 0.02 * (double)((int)(j % 3) - 1) *
		    (j < 6 ? 1 : 0.5) + (j == 4 ? 0.1 : 0);
	memset(&exact_ex, 0, sizeof exact_ex);
	exact_ex.d = 12;
	exact_ex.value = adult_value;
	exact_ex.phi = exact_phi;
	exact_ex.method = GS_METHOD_EXACT;
	exact_ex.samples_used = 4096 * 200;
	/* Deletion from f(x) down by the largest |phi| first; insertion up. */
	for (i = 0, cum = 0; i < FIX_CURVE; i++) {
		met_frac[i] = (double)i / (FIX_CURVE - 1);
		if (i > 0)
			cum += adult_phi[i - 1];
		met_del[i] = 2.014 - cum;
		met_ins[i] = -2.437 + cum;
	}
	for (j = 0; j < 12; j++) {
		met_sd[j] = adult_se[j];
		met_lo[j] = j + 1;
		met_hi[j] = j + 1 + (j >= 3 && j < 6 ? 1 : 0);
	}
	memset(&fix_metrics, 0, sizeof fix_metrics);
	fix_metrics.perturb = 100;
	fix_metrics.infidelity = 0.0123;
	fix_metrics.infidelity_rel = 0.0041;
	fix_metrics.sens_samples = 10;
	fix_metrics.radius = 0.02;
	fix_metrics.sensitivity = 0.052;
	fix_metrics.npoints = FIX_CURVE;
	fix_metrics.frac = met_frac;
	fix_metrics.del = met_del;
	fix_metrics.ins = met_ins;
	fix_metrics.del_auc = 0.31;
	fix_metrics.ins_auc = 1.27;
	fix_metrics.seeds = 5;
	fix_metrics.phi_sd = met_sd;
	fix_metrics.rank_lo = met_lo;
	fix_metrics.rank_hi = met_hi;
	fix_metrics.rank_corr = 0.972;
	/* A smoothstep path: f' = 6 a (1 - a) (f(x) - f(b)), shared by phi. */
	for (i = 0; i < FIX_PATH; i++) {
		a = (double)i / (FIX_PATH - 1);
		path_alpha[i] = a;
		path_f[i] = -2.437 + 4.451 * a * a * (3 - 2 * a);
		for (j = 0; j < 12; j++)
			path_grad[i * 12 + j] = adult_phi[j] * 6 * a * (1 - a) /
			    (1 + 0.5 * (double)j);
	}
	for (j = 0; j < 12; j++) {
		path_delta[j] = 1 + 0.5 * (double)j;
		path_area[j] = adult_phi[j];
	}
	for (i = 0; i < 8; i++)
		path_marks[i] = ((double)i + 0.5) / 8;
	memset(&fix_path, 0, sizeof fix_path);
	fix_path.d = 12;
	fix_path.n = FIX_PATH;
	fix_path.bidx = 17;
	fix_path.fx = 2.014;
	fix_path.fb = -2.437;
	fix_path.alpha = path_alpha;
	fix_path.f = path_f;
	fix_path.grad = path_grad;
	fix_path.delta = path_delta;
	fix_path.area = path_area;
	fix_path.nmarks = 8;
	fix_path.marks = path_marks;
	/* Samples scattered around phi; running means and SEs of them. */
	for (j = 0; j < 12; j++) {
		sum = sq = 0;
		for (s = 0; s < FIX_TRACE; s++) {
			c = adult_phi[j] * (1 + 0.8 * sin((double)(s * 7 + j)));
			trace_contrib[s * 12 + j] = c;
			trace_grad[s * 12 + j] = c / path_delta[j];
			trace_point[s * 12 + j] = adult_value[j] - (1 -
			    0.1 * (double)s) * path_delta[j];
			sum += c;
			sq += c * c;
			trace_mean[s * 12 + j] = sum / (double)(s + 1);
			trace_se[s * 12 + j] = s == 0 ? 0 : sqrt(fmax(0, (sq -
			    sum * sum / (double)(s + 1)) / (double)s) /
			    (double)(s + 1));
		}
	}
	for (s = 0; s < FIX_TRACE; s++) {
		trace_bidx[s] = (s * 37) % 200;
		trace_alpha[s] = fmod((double)(s + 1) * 0.6180339887, 1);
	}
	memset(&fix_trace, 0, sizeof fix_trace);
	fix_trace.d = 12;
	fix_trace.n = FIX_TRACE;
	fix_trace.seed = 7;
	fix_trace.fx = 2.014;
	fix_trace.base = -2.437;
	fix_trace.bidx = trace_bidx;
	fix_trace.alpha = trace_alpha;
	fix_trace.point = trace_point;
	fix_trace.grad = trace_grad;
	fix_trace.contrib = trace_contrib;
	fix_trace.mean = trace_mean;
	fix_trace.se = trace_se;
	/* Estimates closing in on phi as 1 / sqrt(n). */
	for (i = 0; i < FIX_CONV; i++) {
		conv_samples[i] = (size_t)1 << i;
		conv_gap[i] = NAN;
		for (j = 0; j < 12; j++) {
			conv_phi[i * 12 + j] = adult_phi[j] + 0.4 * sin((double)(i +
			    j)) / sqrt((double)conv_samples[i]);
			conv_se[i * 12 + j] = 0.3 / sqrt((double)conv_samples[i]);
		}
	}
	memset(&fix_conv, 0, sizeof fix_conv);
	fix_conv.d = 12;
	fix_conv.n = FIX_CONV;
	fix_conv.method = GS_METHOD_GRADSHAP;
	fix_conv.samples = conv_samples;
	fix_conv.phi = conv_phi;
	fix_conv.se = conv_se;
	fix_conv.gap = conv_gap;
}

static void
fixture_init(void)
{
	size_t	r, j, i;
	double	t;

	fixture_teach();
	for (r = 0; r < NMANY; r++) {
		t = (double)(r % 11) / 5 - 1;
		for (j = 0; j < 12; j++) {
			many_value[r][j] = adult_value[j] + t * (1 + (double)j);
			many_phi[r][j] = adult_phi[j] * t + 0.01 * (double)((r *
			    j) % 5);
		}
		fixture_explanation(&many_ex[r], 12, many_value[r], many_phi[r],
		    NULL, 0, -2.437);
		many_ex[r].row = r;
		many_ptr[r] = &many_ex[r];
	}
	for (i = 0; i < 64; i++) {
		size_t y = i / 8, x = i % 8;
		int on = y == 1 || (x + y == 8 && y > 1);
		snprintf(img_name_buf[i], sizeof img_name_buf[i], "p%zu%zu", y, x);
		img_names[i] = img_name_buf[i];
		img_value[i] = on ? 16 : (x + y) % 5 == 0 ? 3 : 0;
		img_phi[i] = on ? 0.01 * (double)(1 + (x + y) % 9) :
		    (y == 4 && x < 4) ? -0.05 : 0.0;
	}
}

/* The source for the adult row. */
static void
fixture_src(struct gs_render_src *src, struct gs_explanation *ex)
{
	fixture_explanation(ex, 12, adult_value, adult_phi, adult_se, 2.014,
	    -2.437);
	memset(src, 0, sizeof *src);
	src->model = "adult_mlp";
	src->data = "adult";
	src->output = "logit";
	src->baseline_desc = "200 rows of adult";
	src->names = adult_names;
	src->nrows = 32561;
	src->row = 1234;
	src->ex = ex;
	src->many = many_ptr;
	src->nmany = NMANY;
	src->other = &many_ex[3];
	src->label = "row 1234";
	src->other_label = "row 3";
	src->exact = &exact_ex;
	src->metrics = &fix_metrics;
	src->path = &fix_path;
	src->trace = &fix_trace;
	src->conv = &fix_conv;
	fixture_pair(ex);
	src->pair = &fix_pair;
}

/* Compare s with the golden file NAME (or write it when updating). */
static void
golden_check(const char *name, const char *s)
{
	const char	*dir = getenv("srcdir");
	char		 path[1024], *want;
	FILE		*f;
	long		 n;

	snprintf(path, sizeof path, "%s/tests/unit/golden-tui/%s.txt",
	    dir != NULL ? dir : ".", name);
	if (getenv("GSHAP_UPDATE_GOLDEN") != NULL) {
		f = fopen(path, "w");
		ck_assert_msg(f != NULL, "cannot write %s", path);
		fputs(s, f);
		fclose(f);
		return;
	}
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "missing golden file %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	want = xcalloc((size_t)n + 1, 1);
	ck_assert_int_eq((long)fread(want, 1, (size_t)n, f), n);
	fclose(f);
	if (strcmp(want, s) != 0) {
		fprintf(stderr, "--- %s\n%s--- got\n%s", path, want, s);
		ck_abort_msg("%s differs from the rendered screen", name);
	}
	free(want);
}

/* Render view v at w x h and return the text (caller frees). */
static char *
render_text(enum gs_view v, int w, int h, int utf8, int image)
{
	struct gs_render_src	 src;
	struct gs_render_opts	 o;
	struct gs_explanation	 ex;
	struct gs_caps		 caps = { utf8, 0, 0 };
	struct gs_grid		 g;
	char			*s;

	fixture_src(&src, &ex);
	if (image) {
		fixture_explanation(&ex, 64, img_value, img_phi, NULL, 0.93, 0.1);
		ex.target = 7;
		src.names = img_names;
		src.img_c = 1;
		src.img_h = 8;
		src.img_w = 8;
		src.model = "cnn_digits";
		src.data = "digits";
		src.output = "prob";
	}
	render_opts_default(&o);
	o.view = v;
	o.cursor = 1;
	o.feature = 0;
	o.step = 5;
	grid_init(&g, w, h, !utf8);
	render_screen(&g, &src, &o, &caps);
	s = grid_string(&g);
	grid_free(&g);
	return (s);
}

/* The screens drawn: Unicode (test-tui-utf8) or ASCII (test-tui). */
#ifdef TEST_TUI_UTF8
static const int test_utf8 = 1;
#else
static const int test_utf8 = 0;
#endif

/* Whether a UTF-8 locale could be set (wcwidth needs one). */
static int
utf8_locale(void)
{
	return (setlocale(LC_CTYPE, "C.UTF-8") != NULL ||
	    setlocale(LC_CTYPE, "C.utf8") != NULL ||
	    setlocale(LC_CTYPE, "en_US.UTF-8") != NULL);
}

START_TEST(test_golden_views)
{
	static const int sizes[2][2] = { { 80, 24 }, { 60, 16 } };
	char	 name[128], *s;
	int	 v, z, u = test_utf8;

	if (u)
		ck_assert(utf8_locale());
	for (v = 0; v < GS_VIEW_COUNT; v++) {
		for (z = 0; z < 2; z++) {
			s = render_text(v, sizes[z][0], sizes[z][1], u,
			    v == GS_VIEW_HEAT);
			snprintf(name, sizeof name, "%s-%dx%d-%s",
			    render_view_name(v), sizes[z][0], sizes[z][1],
			    u ? "utf8" : "ascii");
			golden_check(name, s);
			free(s);
		}
	}
}
END_TEST

/*
 * View 8's rank arrows: a feature first in the left explanation and third
 * in the right one moved down from left to right (':compare', a pin), but
 * for a what-if (left) against its original row (right) the edit moved it
 * up (issue 16: the arrows read backwards for what-if).
 */
START_TEST(test_compare_arrows)
{
	static const char *const names[3] = { "a", "b", "c" };
	double			 va[3] = { 1, 2, 3 }, pa[3] = { 3, 2, 1 };
	double			 pb[3] = { 1, 2, 3 };
	struct gs_explanation	 ea, eb;
	struct gs_render_src	 src;
	struct gs_render_opts	 o;
	struct gs_caps		 caps = { 0, 0, 0 };
	struct gs_grid		 g;
	char			*s;
	int			 whatif;

	fixture_explanation(&ea, 3, va, pa, NULL, 6.5, 0.5);
	fixture_explanation(&eb, 3, va, pb, NULL, 6.5, 0.5);
	for (whatif = 0; whatif < 2; whatif++) {
		memset(&src, 0, sizeof src);
		src.names = names;
		src.ex = &ea;
		src.other = &eb;
		src.label = whatif ? "what-if" : "row 1";
		src.other_label = whatif ? "row 1 (original)" : "ig";
		src.whatif = whatif ? "a 1 -> 2" : NULL;
		render_opts_default(&o);
		o.view = GS_VIEW_COMPARE;
		grid_init(&g, 80, 24, 1);
		render_screen(&g, &src, &o, &caps);
		s = grid_string(&g);
		grid_free(&g);
		/* a: #1 left, #3 right. */
		ck_assert_msg(strstr(s, whatif ? "#3  ^2" : "#3  v2") != NULL,
		    "%s", s);
		free(s);
	}
}
END_TEST

/*
 * The models view's lists (key D): every row by A and B in the order of
 * compare_summary_worst (the REPL's rows -s disagree), or only the rows
 * whose predictions agree but reasons do not (rows -a), at 80x24 and
 * 60x16 in both character sets; the cursor's line stays on the screen.
 */
START_TEST(test_models_lists)
{
	static const int sizes[2][2] = { { 80, 24 }, { 60, 16 } };
	struct gs_cmp_summary	 cs;
	struct gs_render_src	 src;
	struct gs_render_opts	 o;
	struct gs_explanation	 ex;
	struct gs_caps		 caps = { test_utf8, 0, 0 };
	struct gs_grid		 g;
	size_t			 worst[16], same[16], nsame, i;
	char			 name[128], want[64], *s;
	int			 z, list;

	if (test_utf8)
		ck_assert(utf8_locale());
	compare_summary_init(&cs, 12, 5);
	cs.rows = xcalloc(14, sizeof *cs.rows);
	for (i = 0; i < 14; i++) {
		struct gs_cmp_row *r = &cs.rows[cs.n++];
		r->row = 100 + 7 * i;
		/* Row 100's a tiny probability: 8 characters at most. */
		r->fa = i == 0 ? -2.388e-07 : 0.05 + 0.07 * (double)i;
		r->fb = r->fa + (i % 4 == 1 ? 0.3 : -0.01);
		r->agree = i % 4 != 1;
		r->topk = 1 + i % 5;
		r->rho = 0.3 + 0.05 * (double)i;
		r->l1_rel = 0.1 + 0.037 * (double)((i * 5) % 14);
		r->larger = i % 12;
	}
	cs.cap = 14;
	ck_assert_uint_eq(compare_summary_worst(&cs, worst), 14);
	nsame = compare_summary_same_pred(&cs, same);
	ck_assert_uint_gt(nsame, 0);
	ck_assert_uint_lt(nsame, 14);
	for (list = 1; list <= 2; list++) {
		for (z = 0; z < 2; z++) {
			fixture_src(&src, &ex);
			src.model_b = "adult_int8";
			src.pairs = &cs;
			src.pairs_order = list == 1 ? worst : same;
			src.pairs_n = list == 1 ? cs.n : nsame;
			src.pairs_how = "gradshap, 200 samples, seed 7";
			src.row = cs.rows[worst[1]].row;
			render_opts_default(&o);
			o.view = GS_VIEW_MODELS;
			o.models_list = list;
			/* At 60x16 past the screen's lines: the list scrolls. */
			o.list_cursor = z == 0 ? 2 : (long)src.pairs_n - 1;
			grid_init(&g, sizes[z][0], sizes[z][1], !test_utf8);
			render_screen(&g, &src, &o, &caps);
			s = grid_string(&g);
			grid_free(&g);
			/* The cursor's row is shown, marked. */
			snprintf(want, sizeof want, "%s %5zu", test_utf8 ?
			    "\xe2\x96\xb8" : ">", cs.rows[src.pairs_order[
			    o.list_cursor]].row);
			ck_assert_msg(strstr(s, want) != NULL, "%s\n%s", want,
			    s);
			/* The worst row first, unless scrolled past it. */
			snprintf(want, sizeof want, "  %zu ",
			    cs.rows[src.pairs_order[0]].row);
			ck_assert_msg(z == 1 || strstr(s, want) != NULL, "%s", s);
			if (list == 2)
				ck_assert_msg(strstr(s, "differ") == NULL, "%s",
				    s);
			else if (z == 0)
				ck_assert_msg(strstr(s, "predictions differ") !=
				    NULL, "%s", s);
			snprintf(name, sizeof name, "models-%s-%dx%d-%s",
			    list == 1 ? "disagree" : "agree", sizes[z][0],
			    sizes[z][1], test_utf8 ? "utf8" : "ascii");
			golden_check(name, s);
			free(s);
		}
	}
	/* Not computed yet: why, in the view. */
	fixture_src(&src, &ex);
	src.pairs_msg = "explaining every row with both models: 3 of 14";
	render_opts_default(&o);
	o.view = GS_VIEW_MODELS;
	o.models_list = 1;
	grid_init(&g, 80, 24, !test_utf8);
	render_screen(&g, &src, &o, &caps);
	s = grid_string(&g);
	grid_free(&g);
	ck_assert_msg(strstr(s, "3 of 14") != NULL, "%s", s);
	free(s);
	compare_summary_free(&cs);
}
END_TEST

/* Every line of s fits w columns and has no trailing blank. */
START_TEST(test_width_contract)
{
	char	*s, *line, *save = NULL;
	int	 v, w, u = test_utf8;

	if (u)
		ck_assert(utf8_locale());
	for (v = 0; v < GS_VIEW_COUNT; v++) {
		for (w = 40; w <= 100; w += 15) {
			s = render_text(v, w, 20, u, v == GS_VIEW_HEAT);
			for (line = strtok_r(s, "\n", &save); line != NULL;
			    line = strtok_r(NULL, "\n", &save)) {
				ck_assert_int_le(text_width(line, !u), w);
				ck_assert(line[strlen(line) - 1] != ' ');
				if (!u)
					ck_assert(strspn(line, " !\"#$%&'"
					    "()*+,-./0123456789:;<=>?@"
					    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					    "[\\]^_`abcdefghijklmnopqrstuv"
					    "wxyz{|}~") == strlen(line));
			}
			free(s);
		}
	}
}
END_TEST

START_TEST(test_numbers)
{
	char	buf[64];

	ck_assert_int_eq(render_decimals(2.14), 2);
	ck_assert_int_eq(render_decimals(0.5), 3);
	ck_assert_int_eq(render_decimals(12.5), 1);
	ck_assert_int_eq(render_decimals(1234), 0);
	ck_assert_int_eq(render_decimals(1e-9), 6);
	ck_assert_int_eq(render_decimals(0), 2);
	ck_assert_str_eq(render_signed(buf, sizeof buf, 2.14, 2, 0, 0), "+2.14");
	ck_assert_str_eq(render_signed(buf, sizeof buf, 1.5, 2, 1, 0), "+1.5");
	ck_assert_str_eq(render_signed(buf, sizeof buf, 10, 2, 1, 0), "+10");
	ck_assert_str_eq(render_signed(buf, sizeof buf, -0.5, 2, 1, 0), "-0.5");
	ck_assert_str_eq(render_signed(buf, sizeof buf, -0.31, 2, 0, 1),
	    "\xe2\x88\x92" "0.31");
	ck_assert_str_eq(render_value(buf, sizeof buf, 7298), "7298");
	ck_assert_str_eq(render_value(buf, sizeof buf, -3), "-3");
	ck_assert_str_eq(render_value(buf, sizeof buf, 0.123456), "0.1235");
	ck_assert_str_eq(render_value(buf, sizeof buf, NAN), "NaN");
}
END_TEST

START_TEST(test_grid_text)
{
	struct gs_grid	g;
	char		buf[64], *s;
	uint32_t	cp;

	ck_assert(utf8_locale());
	grid_init(&g, 6, 2, 0);
	/* A wide character takes two cells; overwriting half blanks both. */
	ck_assert_int_eq(grid_put(&g, 0, 0, 0x4e2d, GS_ROLE_LABEL, 0), 2);
	ck_assert_int_eq(grid_cell(&g, 1, 0)->ch, 0);
	grid_put(&g, 1, 0, 'x', 0, 0);
	ck_assert_int_eq(grid_cell(&g, 0, 0)->ch, ' ');
	ck_assert_int_eq(grid_put(&g, 5, 0, 0x4e2d, 0, 0), 0);
	/* Text stops at the edge; control characters become '?'. */
	ck_assert_int_eq(grid_text(&g, 3, 1, "ab\tcdef", -1, 0, 0), 3);
	s = grid_string(&g);
	ck_assert_str_eq(s, " x\n   ab?\n");
	free(s);
	grid_free(&g);
	/* Malformed UTF-8 decodes as U+FFFD one byte at a time. */
	ck_assert_uint_eq(utf8_decode("\xc3\x28", 2, &cp), 1);
	ck_assert_uint_eq(cp, 0xfffd);
	ck_assert_uint_eq(utf8_decode("\xe2\x96\x88", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x2588);
	ck_assert_uint_eq(utf8_decode("\xed\xa0\x80", 3, &cp), 1);
	/* Cutting by width with an ellipsis. */
	ck_assert_int_eq(text_fit(buf, sizeof buf, "Married-civ-spouse", 13, 0),
	    13);
	ck_assert_str_eq(buf, "Married-civ-\xe2\x80\xa6");
	text_fit(buf, sizeof buf, "Married-civ-spouse", 8, 1);
	ck_assert_str_eq(buf, "Married~");
	text_fit(buf, sizeof buf, "short", 8, 1);
	ck_assert_str_eq(buf, "short");
	ck_assert_int_eq(text_width("\xe4\xb8\xad" "a", 0), 3);
}
END_TEST

/* Count c in line y of s. */
static int
count_in_line(const char *s, int y, char c)
{
	int	n = 0;

	while (y > 0 && (s = strchr(s, '\n')) != NULL) {
		s++;
		y--;
	}
	for (; s != NULL && *s != '\0' && *s != '\n'; s++)
		n += *s == c;
	return (n);
}

/* The line of s holding needle, or -1. */
static int
line_of(const char *s, const char *needle)
{
	const char	*p = strstr(s, needle);
	int		 y = 0;

	if (p == NULL)
		return (-1);
	for (; s < p; s++)
		y += *s == '\n';
	return (y);
}

START_TEST(test_bar_rules)
{
	struct gs_render_src	 src;
	struct gs_render_opts	 o;
	struct gs_explanation	 ex;
	struct gs_caps		 caps = { 0, 0, 0 };
	struct gs_grid		 g;
	double			 phi[4] = { 4, -2, 0.0001, 0 };
	double			 value[4] = { 1, 2, 3, 4 };
	const char		*names[4] = { "a", "b", "tiny", "zero" };
	char			*s;
	int			 ya, yb, yt, yz, na, nb;

	fixture_src(&src, &ex);
	fixture_explanation(&ex, 4, value, phi, NULL, 2.0001, 0);
	src.names = names;
	render_opts_default(&o);
	o.frame = 0;
	grid_init(&g, 80, 10, 1);
	render_screen(&g, &src, &o, &caps);
	s = grid_string(&g);
	ya = line_of(s, "1 = a ");
	yb = line_of(s, "2 = b ");
	yt = line_of(s, "3 = tiny ");
	yz = line_of(s, "4 = zero ");
	/* Sorted by |phi|; bars proportional; a tiny value is never empty. */
	ck_assert(ya == 0 && yb == 1 && yt == 2 && yz == 3);
	na = count_in_line(s, ya, '+');
	nb = count_in_line(s, yb, '-');
	ck_assert_int_ge(na, 2 * (nb - 1) - 1);
	ck_assert_int_le(na, 2 * (nb - 1) + 2);
	ck_assert_int_eq(count_in_line(s, yt, '+'), 2);	/* cell and label sign */
	ck_assert_int_eq(count_in_line(s, yz, '+'), 1);	/* the "+0" label only */
	ck_assert_ptr_nonnull(strstr(s, "+4"));
	ck_assert_ptr_nonnull(strstr(s, "-2 --"));
	free(s);
	/* Collapsing: k = 3 keeps 2 and sums the other 2. */
	o.k = 3;
	render_screen(&g, &src, &o, &caps);
	s = grid_string(&g);
	ck_assert_ptr_nonnull(strstr(s, "Sum of 2 other features"));
	ck_assert_ptr_null(strstr(s, "tiny"));
	free(s);
	/* Error bars: +- z SE in the label, ':' for the band. */
	ex.se = (double[4]){ 0.5, 0.5, 0.1, 0 };
	o.k = 10;
	o.ci = 1;
	render_screen(&g, &src, &o, &caps);
	s = grid_string(&g);
	ck_assert_ptr_nonnull(strstr(s, "+4+/-0.98"));
	ck_assert_int_gt(count_in_line(s, 0, ':'), 0);
	free(s);
	grid_free(&g);
}
END_TEST

START_TEST(test_sort_and_feature_at)
{
	struct gs_render_src	 src;
	struct gs_render_opts	 o;
	struct gs_explanation	 ex;

	fixture_src(&src, &ex);
	render_opts_default(&o);
	ck_assert_int_eq(render_feature_at(&src, &o, 0), 0);
	ck_assert_int_eq(render_feature_at(&src, &o, 5), 5);
	ck_assert_int_eq(render_feature_at(&src, &o, 9), -1);	/* the rest */
	o.sort = GS_SORT_ASC;
	ck_assert_int_eq(render_feature_at(&src, &o, 0), 5);	/* -0.31 */
	o.sort = GS_SORT_NAME;
	ck_assert_int_eq(render_feature_at(&src, &o, 0), 3);	/* Age */
	o.reverse = 1;
	ck_assert_int_eq(render_feature_at(&src, &o, 0), 8);	/* Workclass */
	o.sort = GS_SORT_ABS;
	o.reverse = 0;
	o.k = 0;
	ck_assert_int_eq(render_feature_at(&src, &o, 11), 11);
	ck_assert_uint_eq(render_cursor_rows(&src, &o, 24), 12);
}
END_TEST

START_TEST(test_waterfall_meets)
{
	struct gs_render_src	 src;
	struct gs_render_opts	 o;
	struct gs_explanation	 ex;
	struct gs_caps		 caps = { 0, 0, 0 };
	struct gs_grid		 g;
	double			 phi[3] = { 2, 1, -0.5 };
	double			 value[3] = { 1, 2, 3 };
	const char		*names[3] = { "a", "b", "c" };
	int			 y, x, first[3], last[3];
	uint32_t		 ch, next;

	fixture_src(&src, &ex);
	fixture_explanation(&ex, 3, value, phi, NULL, 2.5, 0);
	src.names = names;
	render_opts_default(&o);
	o.view = GS_VIEW_WATERFALL;
	o.frame = 0;
	grid_init(&g, 60, 10, 1);
	render_screen(&g, &src, &o, &caps);
	/*
	 * From f(x) = 2.5 down: a spans [0.5, 2.5], b [-0.5, 0.5], c
	 * [-0.5, 0]; each row starts where the one above ended.
	 */
	for (y = 0; y < 3; y++) {
		first[y] = last[y] = -1;
		for (x = 8; x < 59; x++) {
			ch = grid_cell(&g, x, y + 2)->ch;
			next = grid_cell(&g, x + 1, y + 2)->ch;
			if ((ch == '+' || ch == '-') && !(next >= '0' &&
			    next <= '9')) {
				if (first[y] < 0)
					first[y] = x;
				last[y] = x;
			}
		}
		ck_assert_int_ge(first[y], 0);
	}
	ck_assert_int_eq(last[1] + 1, first[0]);
	ck_assert_int_eq(first[2], first[1]);
	ck_assert_int_lt(last[2], last[1]);
	ck_assert_int_eq(grid_cell(&g, first[0], 2)->ch, '+');
	ck_assert_int_eq(grid_cell(&g, first[2], 4)->ch, '-');
	grid_free(&g);
}
END_TEST

START_TEST(test_heat_digits)
{
	char	*s;

	s = render_text(GS_VIEW_HEAT, 80, 24, 0, 1);
	/* vmax = 0.09 (the largest |phi| of 64): units of 0.01, digits exact. */
	ck_assert_ptr_nonnull(strstr(s, "units of 0.01"));
	ck_assert_ptr_nonnull(strstr(s, "+9"));
	ck_assert_ptr_nonnull(strstr(s, "-5"));
	ck_assert_ptr_nonnull(strstr(s, "class 7"));
	free(s);
}
END_TEST

/* A 28x28 image: half blocks in colour, 2x2 blocks summed without. */
START_TEST(test_heat_large)
{
	struct gs_render_src	 src;
	struct gs_render_opts	 o;
	struct gs_explanation	 ex;
	struct gs_caps		 caps = { 1, 1, 1 };
	struct gs_grid		 g;
	static double		 v[784], p[784];
	const struct gs_cell	*c;
	char			*s;
	int			 x, y, half = 0, withbg = 0;

	ck_assert(utf8_locale());
	for (x = 0; x < 784; x++) {
		v[x] = (double)(x % 28);
		p[x] = x / 28 < 14 ? 0.01 : -0.01;
	}
	fixture_src(&src, &ex);
	fixture_explanation(&ex, 784, v, p, NULL, 1, 0.5);
	src.names = NULL;
	src.img_c = 1;
	src.img_h = 28;
	src.img_w = 28;
	render_opts_default(&o);
	o.view = GS_VIEW_HEAT;
	grid_init(&g, 80, 24, 0);
	render_screen(&g, &src, &o, &caps);
	for (y = 0; y < 24; y++) {
		for (x = 0; x < 80; x++) {
			c = grid_cell(&g, x, y);
			half += c->ch == 0x2580;
			withbg += c->ch == 0x2580 && c->bg != GS_ROLE_NONE;
		}
	}
	/* Two panels of 28 x 14 half blocks, each with a bottom pixel. */
	ck_assert_int_eq(half, 2 * 28 * 14);
	ck_assert_int_eq(withbg, 2 * 28 * 14);
	/* The top half is positive: heat steps above the middle. */
	c = grid_cell(&g, 1 + 28 + 4 + 5, 6);
	ck_assert_int_eq(c->role, GS_ROLE_HEAT);
	ck_assert_int_gt(c->shade, GS_HEAT_STEPS / 2);
	grid_free(&g);
	/* Without colour the image is pooled, each cell the sum of 4 pixels. */
	caps.color = 0;
	caps.utf8 = 0;
	grid_init(&g, 100, 40, 1);
	render_screen(&g, &src, &o, &caps);
	s = grid_string(&g);
	ck_assert_ptr_nonnull(strstr(s, "2x2 blocks summed"));
	ck_assert_ptr_nonnull(strstr(s, "units of 0.00444"));
	ck_assert_ptr_nonnull(strstr(s, "| +9 +9 +9"));
	ck_assert_ptr_nonnull(strstr(s, "| -9 -9 -9"));
	free(s);
	grid_free(&g);
}
END_TEST

/* The teaching views show the numbers they are given, and refusals. */
START_TEST(test_teach_views)
{
	struct gs_render_src	 src;
	struct gs_render_opts	 o;
	struct gs_explanation	 ex;
	struct gs_caps		 caps = { 0, 0, 0 };
	struct gs_grid		 g;
	char			*s;

	/* Exact vs estimate: Education-Num's exact value is 0.1 off. */
	s = render_text(GS_VIEW_EXACT, 80, 24, 0, 0);
	ck_assert_ptr_nonnull(strstr(s, "exact Shapley values of 12 features"));
	ck_assert_ptr_nonnull(strstr(s, "max |diff| 0.100 (Education-Num); "
	    "11 of 12 inside +/-1.96 SE (expect ~95%)"));
	ck_assert_ptr_nonnull(strstr(s, "-0.100  NO"));
	free(s);
	/* The trace at step 5 is sample 6, its running mean of 6. */
	s = render_text(GS_VIEW_TRACE, 80, 24, 0, 0);
	ck_assert_ptr_nonnull(strstr(s, "sample 6 of 16 (plan mc, seed 7): "
	    "baseline row 185"));
	ck_assert_ptr_nonnull(strstr(s, "after 6 samples: phi +/-1.96 SE"));
	free(s);
	s = render_text(GS_VIEW_METRICS, 80, 24, 0, 0);
	ck_assert_ptr_nonnull(strstr(s, "infidelity      0.0123"));
	ck_assert_ptr_nonnull(strstr(s, "mean rank correlation rho = +0.972"));
	ck_assert_ptr_nonnull(strstr(s, "#4-5"));
	free(s);
	s = render_text(GS_VIEW_PATH, 80, 24, 0, 0);
	ck_assert_ptr_nonnull(strstr(s, "path from baseline row 17 to row 1234"));
	free(s);
	s = render_text(GS_VIEW_CONVERGENCE, 80, 24, 0, 0);
	ck_assert_ptr_nonnull(strstr(s, "256"));
	free(s);
	/* A refusal: the body and the status line say why. */
	fixture_src(&src, &ex);
	src.exact = NULL;
	src.teach_msg = "exact: 30 features are too many players (at most 20)";
	render_opts_default(&o);
	o.view = GS_VIEW_EXACT;
	grid_init(&g, 80, 24, 1);
	render_screen(&g, &src, &o, &caps);
	s = grid_string(&g);
	ck_assert_ptr_nonnull(strstr(s, "\nexact: 30 features are too many "
	    "players (at most 20)"));
	free(s);
	grid_free(&g);
	/* Views by name, with the old keys kept. */
	{
		enum gs_view v;
		ck_assert_int_eq(render_view_parse("convergence", &v), 0);
		ck_assert_int_eq(v, GS_VIEW_CONVERGENCE);
		ck_assert_int_eq(render_view_parse("ex", &v), 0);
		ck_assert_int_eq(v, GS_VIEW_EXACT);
		ck_assert_int_eq(render_view_parse("c", &v), -1);
		ck_assert_int_eq(GS_VIEW_COMPARE, 7);
		ck_assert(render_view_teach(GS_VIEW_PATH));
		ck_assert(!render_view_teach(GS_VIEW_COMPARE));
	}
}
END_TEST

/*
 * The view class table: names and keys unique, a draw function each, the
 * explaining views then the teaching views as two runs (the tabs' two
 * groups), sizes no smaller than the frame's, keys free in the
 * explorer's key table, and the list and help from the same rows.
 */
START_TEST(test_view_classes)
{
	const struct gs_view_class *a, *b;
	struct gs_error	 err;
	enum gs_view	 v;
	char		 list[512];
	int		 i, j, teach = 0;

	ck_assert_ptr_null(render_view_class(GS_VIEW_COUNT));
	for (i = 0; i < GS_VIEW_COUNT; i++) {
		a = render_view_class(i);
		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_nonnull(a->draw);
		ck_assert_ptr_nonnull(a->body_rows);
		ck_assert(a->name != NULL && a->title != NULL && a->tab != NULL &&
		    a->help != NULL && a->hints != NULL);
		ck_assert_int_ge(a->min_w, 40);
		ck_assert_int_ge(a->min_h, 12);
		ck_assert_int_eq(render_view_by_key(a->key, &v), 0);
		ck_assert_int_eq(v, i);
		ck_assert_int_eq(render_view_parse(a->name, &v), 0);
		ck_assert_int_eq(v, i);
		ck_assert_str_eq(render_view_name(i), a->name);
		/* Teaching views come last, in one run. */
		if (a->flags & GS_VIEW_TEACH)
			teach = 1;
		else
			ck_assert_msg(!teach, "%s after a teaching view", a->name);
		for (j = 0; j < i; j++) {
			b = render_view_class(j);
			ck_assert_str_ne(a->name, b->name);
			ck_assert_int_ne(a->key, b->key);
		}
	}
	ck_assert_int_eq(render_view_by_key('x', &v), -1);
	ck_assert(render_view_many(GS_VIEW_SUMMARY));
	ck_assert(!render_view_many(GS_VIEW_BAR));
	gs_error_clear(&err);
	ck_assert_msg(explore_key_check(&err) == 0, "%s", err.msg);
	ck_assert_str_eq(render_view_list(list, sizeof list), "bar, waterfall, "
	    "force, summary, importance, heat, dependence, compare, exact, "
	    "metrics, path, trace, convergence, models");
	ck_assert_str_eq(render_view_list(list, 8), "bar, wa");
}
END_TEST

START_TEST(test_too_small)
{
	char	*s;

	s = render_text(GS_VIEW_BAR, 38, 9, 0, 0);
	ck_assert_ptr_nonnull(strstr(s, "terminal too small: 38x9 (need 40x12)"));
	free(s);
	s = render_text(GS_VIEW_FORCE, 50, 12, 0, 0);
	ck_assert_ptr_nonnull(strstr(s, "the force view needs 60x16"));
	free(s);
}
END_TEST

START_TEST(test_theme_parse)
{
	struct gs_theme	 th;
	struct gs_error	 err;
	struct gs_style	 st;
	const char	*dir = getenv("srcdir");
	char		 path[1024], *text;
	FILE		*f;
	long		 n;
	int		 i;

	theme_default(&th);
	palette_style(&th.pal[GS_TIER_256], GS_ROLE_POSITIVE, 0, &st);
	ck_assert_int_eq(st.fg, 197);
	palette_style(&th.pal[GS_TIER_16], GS_ROLE_POSITIVE, 0, &st);
	ck_assert_int_eq(st.fg, 9);
	/* 8 colours: bright red becomes red and bold. */
	palette_style(&th.pal[GS_TIER_8], GS_ROLE_POSITIVE, 0, &st);
	ck_assert_int_eq(st.fg, 1);
	ck_assert(st.attr & GS_ATTR_BOLD);
	palette_style(&th.pal[GS_TIER_MONO], GS_ROLE_POSITIVE, 0, &st);
	ck_assert_int_eq(st.fg, -1);
	ck_assert(st.attr & GS_ATTR_BOLD);
	palette_style(&th.pal[GS_TIER_256], GS_ROLE_HEAT, 10, &st);
	ck_assert_int_eq(st.fg, 52);
	palette_style(&th.pal[GS_TIER_256], GS_ROLE_GREY, 23, &st);
	ck_assert_int_eq(st.fg, 255);
	/* A colour by #rrggbb is quantised to the 256-colour palette. */
	ck_assert_int_eq(theme_parse(&th, "positive = #ff0051 bold\n", "t",
	    &err), 0);
	palette_style(&th.pal[GS_TIER_256], GS_ROLE_POSITIVE, 0, &st);
	ck_assert_int_eq(st.fg, 197);
	ck_assert(st.attr & GS_ATTR_BOLD);
	/* Malformed files: file:line, and the default theme is used. */
	ck_assert_int_eq(theme_parse(&th, "# x\npositive = 197\nnegatve = 33\n",
	    "bad.theme", &err), -1);
	ck_assert_str_eq(err.msg, "bad.theme:3: unknown role 'negatve'");
	palette_style(&th.pal[GS_TIER_256], GS_ROLE_NEGATIVE, 0, &st);
	ck_assert_int_eq(st.fg, 33);
	ck_assert_int_eq(theme_parse(&th, "heat = 1 2 3\n", "h.theme", &err),
	    -1);
	ck_assert_str_eq(err.msg, "h.theme:1: heat takes 11 colours, not 3");
	ck_assert_int_eq(theme_parse(&th, "\n\naxis = 300\n", "c.theme", &err),
	    -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "c.theme:3: bad colour '300'"));
	ck_assert_int_eq(theme_parse(&th, "[24]\n", "s.theme", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "s.theme:1: unknown section"));
	ck_assert_int_eq(theme_parse(&th, "label = default blink\n", "a.theme",
	    &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "a.theme:1: unknown attribute"));
	ck_assert_int_eq(theme_parse(&th, "nothing here\n", "e.theme", &err),
	    -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "e.theme:1: expected"));
	ck_assert_int_eq(theme_load(&th, "no-such-theme", &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert_int_eq(theme_load(&th, "/nonexistent/x.theme", &err), -1);
	ck_assert_int_eq(err.code, GS_EIO);
	/* The shipped files are the built-in themes, and they all parse. */
	for (i = 0; theme_builtin_names[i] != NULL; i++) {
		ck_assert_int_eq(theme_parse(&th, theme_builtin_text(
		    theme_builtin_names[i]), theme_builtin_names[i], &err), 0);
		snprintf(path, sizeof path, "%s/themes/%s.theme", dir != NULL ?
		    dir : ".", theme_builtin_names[i]);
		f = fopen(path, "r");
		ck_assert_msg(f != NULL, "missing %s", path);
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		text = xcalloc((size_t)n + 1, 1);
		ck_assert_int_eq((long)fread(text, 1, (size_t)n, f), n);
		fclose(f);
		ck_assert_str_eq(text, theme_builtin_text(theme_builtin_names[i]));
		free(text);
		ck_assert_int_eq(theme_load(&th, path, &err), 0);
	}
	theme_load(&th, "cb", &err);
	palette_style(&th.pal[GS_TIER_256], GS_ROLE_POSITIVE, 0, &st);
	ck_assert_int_eq(st.fg, 214);
}
END_TEST

START_TEST(test_colour_output)
{
	struct gs_render_src	 src;
	struct gs_render_opts	 o;
	struct gs_explanation	 ex;
	struct gs_caps		 caps = { 0, 0, 1 };
	struct gs_theme		 th;
	struct gs_grid		 g;
	char			*s = NULL;
	size_t			 len = 0;
	FILE			*f;

	fixture_src(&src, &ex);
	render_opts_default(&o);
	o.frame = 0;
	theme_default(&th);
	grid_init(&g, 80, 14, 1);
	render_screen(&g, &src, &o, &caps);
	f = open_memstream(&s, &len);
	grid_write(f, &g, &th.pal[GS_TIER_256]);
	fclose(f);
	/* Positive bars in 197, negative in 33, reset at each line end. */
	ck_assert_ptr_nonnull(strstr(s, ";38;5;197m+"));
	ck_assert_ptr_nonnull(strstr(s, ";38;5;33m-"));
	ck_assert_ptr_nonnull(strstr(s, "\033[0m\n"));
	free(s);
	grid_free(&g);
}
END_TEST

START_TEST(test_options)
{
	struct gs_tui_opts	t;
	struct gs_error		err;

	tui_opts_default(&t);
	ck_assert(!tui_wanted(&t));
	ck_assert_int_eq(tui_opts_parse(&t, "view", "water", &err), 0);
	ck_assert_int_eq(t.view, GS_VIEW_WATERFALL);
	ck_assert_int_eq(tui_opts_parse(&t, "view", "bogus", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "unknown view 'bogus'"));
	ck_assert_int_eq(tui_opts_parse(&t, "dump-screen", "100x30", &err), 0);
	ck_assert(t.dump_w == 100 && t.dump_h == 30);
	ck_assert_int_eq(tui_opts_parse(&t, "dump-screen", "100", &err), -1);
	ck_assert_int_eq(tui_opts_parse(&t, "dump-screen", "0x5", &err), -1);
	ck_assert_int_eq(tui_opts_parse(&t, "dump-screen", "5x5x", &err), -1);
	ck_assert_int_eq(tui_opts_parse(&t, "color", "sometimes", &err), -1);
	ck_assert_int_eq(tui_opts_parse(&t, "color", "always", &err), 0);
	ck_assert(tui_color_on(&t, -1));
	ck_assert_int_eq(tui_opts_parse(&t, "color", "never", &err), 0);
	ck_assert(!tui_color_on(&t, 1));
	ck_assert(tui_wanted(&t));
}
END_TEST

/* The convergence view at w x h: the top-5 lines when multi, ex.tol = tol. */
static char *
render_conv(int w, int h, int utf8, int multi, double tol)
{
	struct gs_render_src	 src;
	struct gs_render_opts	 o;
	struct gs_explanation	 ex;
	struct gs_caps		 caps = { utf8, 0, 0 };
	struct gs_grid		 g;
	char			*s;

	fixture_src(&src, &ex);
	ex.tol = tol;
	render_opts_default(&o);
	o.view = GS_VIEW_CONVERGENCE;
	o.cursor = 0;
	o.feature = 0;
	o.conv_multi = multi;
	grid_init(&g, w, h, !utf8);
	render_screen(&g, &src, &o, &caps);
	s = grid_string(&g);
	grid_free(&g);
	return (s);
}

/* The line of s holding text t (a copy, caller frees), or NULL. */
static char *
line_with(const char *s, const char *t)
{
	const char	*p = strstr(s, t), *b, *e;
	char		*l;

	if (p == NULL)
		return (NULL);
	for (b = p; b > s && b[-1] != '\n'; b--)
		;
	for (e = p; *e != '\0' && *e != '\n'; e++)
		;
	l = xcalloc((size_t)(e - b) + 1, 1);
	memcpy(l, b, (size_t)(e - b));
	return (l);
}

/* L: the top 5 features by final |phi| as numbered lines, no band. */
START_TEST(test_conv_multi)
{
	size_t	order[12], i, j, t, last = (FIX_CONV - 1) * 12;
	char	want[64], *s, *l, *prev;
	int	u = test_utf8;

	/* The order by the last estimate, worked out here. */
	for (i = 0; i < 12; i++)
		order[i] = i;
	for (i = 0; i < 12; i++)
		for (j = i + 1; j < 12; j++)
			if (fabs(conv_phi[last + order[j]]) >
			    fabs(conv_phi[last + order[i]])) {
				t = order[i];
				order[i] = order[j];
				order[j] = t;
			}
	if (u)
		ck_assert(utf8_locale());
	{
		s = render_conv(80, 24, u, 1, 0);
		golden_check(u ? "convergence-multi-80x24-utf8" :
		    "convergence-multi-80x24-ascii", s);
		ck_assert_ptr_nonnull(strstr(s, u ? "top 5 features by |\xcf\x86|: "
		    "estimates at 256 samples, no bands" : "top 5 features by "
		    "|phi|: estimates at 256 samples, no bands"));
		/* The legend names them in that order, each with its digit. */
		prev = strstr(s, "1 Capital Gain");
		ck_assert_ptr_nonnull(prev);
		for (i = 0; i < 5; i++) {
			snprintf(want, sizeof want, "%zu %s ", i + 1,
			    adult_names[order[i]]);
			ck_assert_msg(strstr(prev, want) != NULL, "legend lacks "
			    "'%s' in order", want);
			prev = strstr(prev, want);
		}
		snprintf(want, sizeof want, "6 %s", adult_names[order[5]]);
		ck_assert_ptr_null(strstr(s, want));
		/* Each line's digit is on the plot, above the x axis. */
		for (i = 0; i < 5; i++) {
			snprintf(want, sizeof want, "%zu", i + 1);
			l = line_with(prev, want);
			ck_assert_msg(l != NULL, "no digit %zu on the plot", i + 1);
			free(l);
		}
		/* No band, no cursor feature's title, each digit on the plot. */
		ck_assert_ptr_null(strstr(s, u ? "\xe2\x96\x91" : ":::"));
		ck_assert_ptr_null(strstr(s, "at 256 samples ("));
		l = line_with(s, u ? "\xe2\x94\x94" : "++-");
		ck_assert_ptr_nonnull(l);
		free(l);
		free(s);
	}
	/* Without L: the cursor feature with its band, as before. */
	s = render_conv(80, 24, 0, 0, 0);
	ck_assert_ptr_null(strstr(s, "top 5 features"));
	ck_assert_ptr_nonnull(strstr(s, "phi(Capital Gain) = +2.165 +/- 0.037 at "
	    "256 samples"));
	free(s);
	/* At 60x16 the legend still leads with the largest. */
	s = render_conv(60, 16, 0, 1, 0);
	ck_assert_ptr_nonnull(strstr(s, "1 Capital Gain"));
	free(s);
}
END_TEST

/* --tol: a diamond where the SE (0.3 / sqrt(n)) stays within the tolerance. */
START_TEST(test_conv_tol)
{
	char	*s, *l;

	/* 0.3 / sqrt(64) = 0.0375 > 0.03 >= 0.3 / sqrt(128) = 0.0265. */
	if (!test_utf8) {
		s = render_conv(80, 24, 0, 0, 0.03);
		golden_check("convergence-tol-80x24-ascii", s);
		ck_assert_ptr_nonnull(strstr(s, "o SE <= tol 0.03 from 128 "
		    "samples on"));
		free(s);
	} else {
		ck_assert(utf8_locale());
		s = render_conv(80, 24, 1, 0, 0.03);
		golden_check("convergence-tol-80x24-utf8", s);
		ck_assert_ptr_nonnull(strstr(s, "\xe2\x97\x86 SE <= tol 0.03 from "
		    "128 samples on"));
		/* The diamond is on the plot too, not only in the legend. */
		l = strstr(s, "on\n");
		ck_assert_ptr_nonnull(l);
		ck_assert_ptr_nonnull(strstr(l, "\xe2\x97\x86"));
		free(s);
	}
	/* Never reached: said, with no marker. */
	s = render_conv(80, 24, 0, 0, 0.001);
	ck_assert_ptr_nonnull(strstr(s, "SE above tol 0.001 at 256 samples "
	    "(r refines)"));
	ck_assert_ptr_null(strstr(s, "o SE"));
	free(s);
	/* No tolerance: no line for it. */
	s = render_conv(80, 24, 0, 0, 0);
	ck_assert_ptr_null(strstr(s, "tol"));
	free(s);
}
END_TEST

/*
 * teachdata's conv_max (the explorer's r): the curve runs to twice the
 * samples, its points are those of the first curve and its last is
 * what a run at that count gives; over the limit is refused.
 */
START_TEST(test_conv_refine)
{
	struct gs_attr_opts	 opts, o2;
	struct gs_teachdata	 td, td2;
	struct gs_teach_in	 in;
	struct gs_explanation	 ex;
	struct gs_baseline	 bl;
	struct gs_explainer	*e, *e2;
	struct gs_error		 err;
	struct fx		 f;
	double			 x[16];
	size_t			 i, j, d;

	fx_open(&f, NULL, "tests/data/models/mlp_smooth.onnx", NULL,
	    "tests/data/mlp_smooth.csv", NULL);
	d = f.sel.n;
	ck_assert_uint_le(d, 16);
	attr_opts_default(&opts);
	opts.samples = 16;
	opts.seed = 4;
	ck_assert_msg(baseline_make(&bl, "sample:5", f.ds, &f.sel, 0, 11,
	    &err) == 0, "%s", err.msg);
	e = explainer_new(f.m, 0, &opts, &bl, NULL, &err);
	ck_assert_msg(e != NULL, "%s", err.msg);
	ck_assert_int_eq(dataset_row(f.ds, &f.sel, 2, 0, x, &err), 0);
	ck_assert_int_eq(explainer_run(e, x, 2, &ex, &err), 0);
	memset(&in, 0, sizeof in);
	in.model = f.m;
	in.opts = &opts;
	in.bl = &bl;
	in.e = e;
	in.ex = &ex;
	in.x = x;
	in.row = 2;
	ck_assert_msg(teachdata_compute(&td, GS_VIEW_CONVERGENCE, &in,
	    &err) == 0, "%s", err.msg);
	ck_assert(td.have_conv);
	ck_assert_uint_eq(td.conv_max, 0);
	ck_assert_uint_eq(td.conv.n, 5);
	ck_assert_uint_eq(td.conv.samples[4], 16);
	in.conv_max = 32;
	ck_assert_msg(teachdata_compute(&td2, GS_VIEW_CONVERGENCE, &in,
	    &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(td2.conv_max, 32);
	ck_assert_uint_eq(td2.conv.n, 6);
	ck_assert_uint_eq(td2.conv.samples[5], 32);
	for (i = 0; i < td.conv.n; i++) {
		ck_assert_uint_eq(td2.conv.samples[i], td.conv.samples[i]);
		for (j = 0; j < d; j++)
			ck_assert_double_eq(td2.conv.phi[i * d + j],
			    td.conv.phi[i * d + j]);
	}
	explanation_clear(&ex);
	/* The new point is a plain run at 32 samples. */
	o2 = opts;
	o2.samples = 32;
	e2 = explainer_new(f.m, 0, &o2, &bl, NULL, &err);
	ck_assert_msg(e2 != NULL, "%s", err.msg);
	ck_assert_int_eq(explainer_run(e2, x, 2, &ex, &err), 0);
	for (j = 0; j < d; j++) {
		ck_assert_double_eq_tol(td2.conv.phi[5 * d + j], ex.phi[j],
		    1e-12 * (1 + fabs(ex.phi[j])));
		ck_assert_double_eq_tol(td2.conv.se[5 * d + j], ex.se[j],
		    1e-12 * (1 + fabs(ex.se[j])));
	}
	ck_assert_double_lt(td2.conv.se[5 * d], td2.conv.se[4 * d]);
	teachdata_clear(&td2);
	/* Over the most: refused, with the reason kept for the view. */
	in.conv_max = TEACHDATA_CONV_MAX + 1;
	in.ex = &ex;
	ck_assert_int_eq(teachdata_compute(&td2, GS_VIEW_CONVERGENCE, &in,
	    &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert_ptr_nonnull(strstr(td2.msg, "is over the most, 100000000"));
	ck_assert(!td2.have_conv);
	teachdata_clear(&td2);
	teachdata_clear(&td);
	explanation_clear(&ex);
	explainer_free(e2);
	explainer_free(e);
	baseline_clear(&bl);
	fx_close(&f);
}
END_TEST

/* Run the explorer's benchmark driver on the linear model into out. */
static int
explore_run(FILE *out, struct gs_tui_bench *b, struct gs_error *err)
{
	struct gs_session	 s;
	struct gs_settings	 st;
	struct gs_job_in	 in;
	struct gs_explain_job	*j;
	struct gs_explore	 xp;
	struct gs_tui_opts	 t;
	char			*model;
	int			 rc;

	/* fixture_path's buffer is reused: keep the first path. */
	model = xstrdup(fixture_path("tests/data/models/linear_tiny.onnx"));
	ck_assert_msg(session_open(&s, model, fixture_path("tests/data/"
	    "linear_tiny.csv"), "y", NULL, err) == 0, "%s", err->msg);
	free(model);
	/* gradshap, 10 samples, one thread, against data row 0. */
	settings_init(&st);
	ck_assert_int_eq(settings_set(&st, settings_find("samples", NULL),
	    "10", err), 0);
	ck_assert_int_eq(settings_set(&st, settings_find("threads", NULL), "1",
	    err), 0);
	ck_assert_int_eq(settings_set(&st, settings_find("baseline", NULL),
	    "row:0", err), 0);
	job_in_session(&in, &s, -1);
	ck_assert_msg((j = job_new(&in, &st, err)) != NULL, "%s", err->msg);
	memset(&xp, 0, sizeof xp);
	xp.s = &s;
	xp.job = j;
	tui_opts_default(&t);
	/* Two rows on, then a what-if edit: three tasks for the worker. */
	rc = tui_explore_bench(&xp, &t, "xterm", out, 80, 24, "]]", 1, b, err);
	job_free(j);
	settings_free(&st);
	session_close(&s);
	return (rc);
}

/* Run the linear model once on this thread (no pool, no worker). */
static void
explore_warm(void)
{
	struct gs_attr_opts	 opts;
	struct gs_baseline	 bl;
	struct gs_explainer	*e;
	struct gs_error		 err;
	struct fx		 f;

	fx_open(&f, NULL, "tests/data/models/linear_tiny.onnx", NULL,
	    "tests/data/linear_tiny.csv", "y");
	ck_assert_msg(baseline_make(&bl, "row:0", f.ds, &f.sel, 0, 0, &err) ==
	    0, "%s", err.msg);
	attr_opts_default(&opts);
	opts.threads = 1;
	e = explainer_new(f.m, 0, &opts, &bl, NULL, &err);
	ck_assert_msg(e != NULL, "%s", err.msg);
	explainer_free(e);
	baseline_clear(&bl);
	fx_close(&f);
}

/* A thread that does nothing: whether threads can still be started. */
static void *
explore_noop(void *arg)
{
	return (arg);
}

/*
 * The explorer driven without a terminal into out (a temporary file it
 * closes): two rows on and a what-if edit, each timed, and the screen
 * shows an explanation and the edited row's.
 */
static void
explore_check(FILE *out)
{
	struct gs_tui_bench	 b;
	struct gs_error		 err;
	char			 buf[1 << 16];
	size_t			 n;

	ck_assert_msg(explore_run(out, &b, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(b.nkeys, 2);
	ck_assert_uint_eq(b.nwhatif, 1);
	free(b.key_ms);
	free(b.whatif_ms);
	rewind(out);
	n = fread(buf, 1, sizeof buf - 1, out);
	fclose(out);
	ck_assert_ptr_nonnull(memmem(buf, n, "f(x) = ", 7));
	ck_assert_ptr_nonnull(memmem(buf, n, "(what-if)", 9));
}

/* The explorer's worker with its thread. */
START_TEST(test_explore_worker)
{
	FILE	*out = tmpfile();

	ck_assert_ptr_nonnull(out);
	explore_check(out);
}
END_TEST

/*
 * The explorer's worker when no thread can be started (the address space
 * too small for a thread's stack): the work runs on the keyboard's
 * thread and is collected without joining a thread that never ran. (Its
 * own test: glibc reuses the stacks of threads that have ended.)
 */
START_TEST(test_explore_no_thread)
{
	struct rlimit	 rl;
	pthread_t	 th;
	unsigned long	 pages = 0;
	FILE		*out, *f;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	/* The sanitizers' own mappings do not live under a small limit. */
	return;
#endif
	/*
	 * BLAS takes its buffers at the first product and keeps them: make
	 * them now, on this thread (one explainer, threads 1), so the limit
	 * below leaves room for the explorer's own needs.
	 */
	explore_warm();
	f = fopen("/proc/self/statm", "r");
	if (f == NULL || fscanf(f, "%lu", &pages) != 1) {
		if (f != NULL)
			fclose(f);
		return;
	}
	fclose(f);
	out = tmpfile();
	ck_assert_ptr_nonnull(out);
	/* 6 MiB of room: for the explorer, not for a thread's 8 MiB stack. */
	rl.rlim_cur = rl.rlim_max = pages * (rlim_t)sysconf(_SC_PAGESIZE) +
	    ((rlim_t)6 << 20);
	ck_assert_int_eq(setrlimit(RLIMIT_AS, &rl), 0);
	if (pthread_create(&th, NULL, explore_noop, NULL) == 0) {
		/* Stacks are smaller here than the limit assumes. */
		pthread_join(th, NULL);
		fclose(out);
		return;
	}
	/* The rows are explained all the same. */
	explore_check(out);
}
END_TEST

/*
 * A row with no explanation because of bad data: the whole reason,
 * wrapped, and that other rows work; a category drawn as one bar with
 * its row's level (glabels).
 */
START_TEST(test_row_error_and_levels)
{
	struct gs_render_src	 src;
	struct gs_render_opts	 o;
	struct gs_caps		 caps;
	struct gs_explanation	 ex;
	struct gs_grid		 g;
	struct gs_groups	 gr;
	double			 phi[4] = { 0.5, -0.25, 0.125, 0.25 };
	double			 value[4] = { 1, 0, 0, 30 };
	const char		*names[4] = { "Home=rent", "Home=owner",
	    "Home=other", "Age" };
	const char		*labels[2] = { "Home = rent", "30 = Age" };
	size_t			 of[4] = { 0, 0, 0, 1 };
	const char		*gnames[2] = { "Home", "Age" };
	double			 gphi[2] = { 0.375, 0.25 };
	struct gs_error		 err;
	char			*s;

	memset(&caps, 0, sizeof caps);
	fixture_src(&src, &ex);
	src.ex = NULL;
	render_opts_default(&o);
	o.status = "data/credit_data.csv:31:3: row 29 has a missing value in "
	    "column 'Home'; choose a missing-value policy (--impute mean, "
	    "median, mode, skip or model) or another row";
	o.status_warn = 1;
	grid_init(&g, 60, 20, 1);
	render_screen(&g, &src, &o, &caps);
	s = grid_string(&g);
	ck_assert_msg(strstr(s, "or another row") != NULL, "%s", s);
	ck_assert_ptr_nonnull(strstr(s, "still work"));
	ck_assert_ptr_null(strstr(s, "working..."));
	free(s);

	/* Home's three one-hot inputs as one bar, labelled with the level. */
	fixture_src(&src, &ex);
	fixture_explanation(&ex, 4, value, phi, NULL, 1.1, 0.1);
	gs_error_clear(&err);
	ck_assert_int_eq(groups_make(&gr, 4, of, 2, gnames, "features",
	    &err), 0);
	ex.groups = &gr;
	ex.gphi = gphi;
	src.names = names;
	src.glabels = labels;
	o.status = NULL;
	o.status_warn = 0;
	o.groups = 1;
	o.frame = 0;
	render_screen(&g, &src, &o, &caps);
	s = grid_string(&g);
	ck_assert_msg(strstr(s, "Home = rent") != NULL, "%s", s);
	ck_assert_ptr_nonnull(strstr(s, "30 = Age"));
	ck_assert_ptr_null(strstr(s, "Home=owner"));
	free(s);
	groups_clear(&gr);
	grid_free(&g);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("tui");
	TCase	*tc = tcase_create("tui");
	SRunner	*sr;
	int	 failed;

	if (test_utf8 && !utf8_locale()) {
		puts("SKIP: no UTF-8 locale (C.UTF-8, C.utf8 or en_US.UTF-8): "
		    "the Unicode screens are not checked");
		return (77);
	}
	fixture_init();
	tcase_set_timeout(tc, 60);
	/* Both: the screens in their character set. */
	tcase_add_test(tc, test_width_contract);
	tcase_add_test(tc, test_golden_views);
	tcase_add_test(tc, test_compare_arrows);
	tcase_add_test(tc, test_models_lists);
	tcase_add_test(tc, test_conv_multi);
	tcase_add_test(tc, test_conv_tol);
	if (test_utf8) {
		tcase_add_test(tc, test_grid_text);
		tcase_add_test(tc, test_heat_large);
	} else {
		tcase_add_test(tc, test_numbers);
		tcase_add_test(tc, test_bar_rules);
		tcase_add_test(tc, test_row_error_and_levels);
		tcase_add_test(tc, test_sort_and_feature_at);
		tcase_add_test(tc, test_waterfall_meets);
		tcase_add_test(tc, test_heat_digits);
		tcase_add_test(tc, test_too_small);
		tcase_add_test(tc, test_view_classes);
		tcase_add_test(tc, test_explore_worker);
		tcase_add_test(tc, test_explore_no_thread);
		tcase_add_test(tc, test_teach_views);
		tcase_add_test(tc, test_theme_parse);
		tcase_add_test(tc, test_colour_output);
		tcase_add_test(tc, test_options);
		tcase_add_test(tc, test_conv_refine);
	}
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

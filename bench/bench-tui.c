/* SPDX-License-Identifier: ISC */
/*
 * The explorer's benchmark: the time from a key press to the redrawn
 * screen when the explanations are cached (target under 5 ms), and from a
 * what-if key to the screen with the edited row explained again (target
 * under 50 ms), on the demo model with Gradient SHAP at 200 samples. The
 * explorer runs in full (ncurses, theme, worker thread) on an
 * xterm-256color terminal whose output goes to /dev/null. Then the time
 * from Esc, Ctrl-C or q to the screen with long work stopped, per method
 * and kind of work, and in the models view's list against the demo's
 * distilled twin (target under 100 ms). `bench-tui cancel`: that alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr/attr.h"
#include "session/paths.h"
#include "session/settings.h"
#include "session/session.h"
#include "tui/tui.h"

/* Keys timed: the cursor, every view, sort, error bars, groups, k. */
#define BENCH_KEYS	"jjjkkk12345678" "1sSseet t.,0" "2323232323" \
			"jkjkjkjkjk" "5454545454" "6868686868" "1111111111"
#define BENCH_WHATIF	40	/* what-if edits timed */

static int
bench_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

/* Median, 95th percentile and largest of n times, sorted in place. */
static void
bench_report(const char *what, double *v, size_t n, double target)
{
	qsort(v, n, sizeof *v, bench_cmp);
	printf("%-44s n=%-4zu median %7.3f ms  p95 %7.3f ms  max %7.3f ms  "
	    "(target < %g ms: %s)\n", what, n, v[n / 2],
	    v[(size_t)(0.95 * (double)(n - 1))], v[n - 1], target,
	    v[n / 2] < target ? "met" : "NOT met");
}

/*
 * Cancellation in the explorer (issue 16): for each method, 2,000,000
 * samples or steps (rule middle for ig) in the bar view (one row), the
 * summary view (200 rows) and the convergence view (1, 2, 4, ... up to
 * that), Esc, Ctrl-C and q pressed 300 ms into the work; the time
 * from the key to the redrawn screen with the work stopped. Target: under
 * 100 ms.
 */
static void
bench_cancel(struct gs_session *s)
{
	static const struct {
		const char	*method;	/* the method */
		const char	*samples;	/* its count */
	} ms[] = {
		{ "gradshap", "2000000" }, { "ig", "2000000" },
		{ "smoothgrad", "2000000" }, { "permutation", "2000000" },
		{ "kernel", "2000000" },
	};
	static const struct { enum gs_view v; const char *name; } vs[] = {
		{ GS_VIEW_BAR, "bar" }, { GS_VIEW_SUMMARY, "summary" },
		{ GS_VIEW_CONVERGENCE, "convergence" },
	};
	static const struct { int key; const char *name; } ks[] = {
		{ 27, "Esc" }, { 3, "Ctrl-C" }, { 'q', "q" },
	};
	struct gs_settings	 st;
	struct gs_job_in	 in;
	struct gs_explain_job	*j;
	struct gs_explore	 xp;
	struct gs_tui_opts	 t;
	struct gs_error		 err;
	double			 v[16], worst = 0;
	size_t			 mi, vi, ki, n;
	FILE			*out;

	for (mi = 0; mi < sizeof ms / sizeof ms[0]; mi++) {
		for (vi = 0; vi < sizeof vs / sizeof vs[0]; vi++) {
			settings_init(&st);
			if (settings_set(&st, settings_find("method", &err),
			    ms[mi].method, &err) != 0 || settings_set(&st,
			    settings_find("samples", &err), ms[mi].samples,
			    &err) != 0 || settings_set(&st, settings_find(
			    "steps", &err), ms[mi].samples, &err) != 0 ||
			    settings_set(&st, settings_find("rule", &err),
			    "middle", &err) != 0) {
				fprintf(stderr, "bench-tui: %s\n", err.msg);
				settings_free(&st);
				continue;
			}
			job_in_session(&in, s, -1);
			if ((j = job_new(&in, &st, &err)) == NULL) {
				fprintf(stderr, "bench-tui: %s: %s\n",
				    ms[mi].method, err.msg);
				settings_free(&st);
				continue;
			}
			memset(&xp, 0, sizeof xp);
			xp.s = s;
			xp.job = j;
			xp.row = 17;
			tui_opts_default(&t);
			for (n = 0, ki = 0; ki < sizeof ks / sizeof ks[0];
			    ki++) {
				if ((out = fopen("/dev/null", "w")) == NULL)
					break;
				if (tui_explore_bench_cancel(&xp, &t,
				    "xterm-256color", out, vs[vi].v,
				    ks[ki].key, 300, &v[n], &err) != 0)
					fprintf(stderr, "bench-tui: %s\n",
					    err.msg);
				else if (v[n] >= 0) {
					printf("cancel %-11s %-11s %-6s %7.1f "
					    "ms\n", ms[mi].method,
					    vs[vi].name, ks[ki].name, v[n]);
					if (v[n] > worst)
						worst = v[n];
					n++;
				}
				fclose(out);
			}
			job_free(j);
			settings_free(&st);
		}
	}
	printf("cancel: worst %.1f ms, key to the redrawn screen with the "
	    "work stopped (target: under 100 ms, %s)\n", worst, worst < 100 ?
	    "met" : "NOT met");
}

/*
 * Cancellation in the models view's list (key D, issue 18): the demo
 * against its distilled student (data/twins/student.onnx), the row
 * explained at 200 samples, then every row by both models at 2,000,000
 * samples (gradshap) a row; Esc, Ctrl-C and q 300 ms into the first one.
 * Target: under 100 ms, within the row, not after it.
 */
static void
bench_cancel_models(struct gs_session *s)
{
	static const struct { int key; const char *name; } ks[] = {
		{ 27, "Esc" }, { 3, "Ctrl-C" }, { 'q', "q" },
	};
	struct gs_settings	 st, big;
	struct gs_job_in	 in;
	struct gs_explain_job	*j = NULL, *pair = NULL;
	struct gs_explore	 xp;
	struct gs_tui_opts	 t;
	struct gs_error		 err;
	double			 ms, worst = 0;
	char			*b;
	size_t			 ki;
	FILE			*out;

	settings_init(&st);
	settings_init(&big);
	b = paths_data_file("twins/student.onnx");
	if (session_load_b(s, b, &err) != 0 || settings_set(&big,
	    settings_find("samples", &err), "2000000", &err) != 0) {
		fprintf(stderr, "bench-tui: %s\n", err.msg);
		goto out;
	}
	job_in_session(&in, s, -1);
	if ((j = job_new(&in, &st, &err)) == NULL) {
		fprintf(stderr, "bench-tui: %s\n", err.msg);
		goto out;
	}
	job_in_compare(&in, s);
	if ((pair = job_new(&in, &big, &err)) == NULL) {
		fprintf(stderr, "bench-tui: %s\n", err.msg);
		goto out;
	}
	memset(&xp, 0, sizeof xp);
	xp.s = s;
	xp.job = j;
	xp.pair = pair;
	xp.row = 17;
	tui_opts_default(&t);
	for (ki = 0; ki < sizeof ks / sizeof ks[0]; ki++) {
		if ((out = fopen("/dev/null", "w")) == NULL)
			break;
		if (tui_explore_bench_cancel(&xp, &t, "xterm-256color", out,
		    GS_VIEW_MODELS, ks[ki].key, 300, &ms, &err) != 0)
			fprintf(stderr, "bench-tui: %s\n", err.msg);
		else if (ms >= 0) {
			printf("cancel %-11s %-11s %-6s %7.1f ms\n", "gradshap",
			    "models-list", ks[ki].name, ms);
			if (ms > worst)
				worst = ms;
		}
		fclose(out);
	}
	printf("cancel models list: worst %.1f ms, key to the redrawn screen "
	    "with the work stopped (target: under 100 ms, %s)\n", worst,
	    worst < 100 ? "met" : "NOT met");
out:
	job_free(pair);
	job_free(j);
	session_drop_b(s);
	free(b);
	settings_free(&big);
	settings_free(&st);
}

int
main(int argc, char **argv)
{
	struct gs_session	 s;
	struct gs_settings	 st;
	struct gs_job_in	 in;
	struct gs_explain_job	*j;
	struct gs_explore	 xp;
	struct gs_tui_opts	 t;
	struct gs_tui_bench	 b;
	struct gs_error		 err;
	char			*model, *data;
	FILE			*out;
	static const int	 sizes[2][2] = { { 80, 24 }, { 200, 60 } };
	char			 what[96];
	int			 z;

	memset(&s, 0, sizeof s);
	model = paths_data_file("bc_mlp.onnx");
	data = paths_data_file("breast_cancer.csv");
	/* The defaults: gradshap, 200 samples, baseline data, no noise. */
	settings_init(&st);
	if (session_open(&s, model, data, "target", NULL, &err) != 0) {
		fprintf(stderr, "bench-tui: %s\n", err.msg);
		return (1);
	}
	job_in_session(&in, &s, -1);
	if ((j = job_new(&in, &st, &err)) == NULL) {
		fprintf(stderr, "bench-tui: %s\n", err.msg);
		return (1);
	}
	memset(&xp, 0, sizeof xp);
	xp.s = &s;
	xp.job = j;
	xp.row = 17;
	tui_opts_default(&t);
	/* bench-tui cancel: the cancellation lines alone. */
	if (argc > 1 && strcmp(argv[1], "cancel") == 0) {
		job_free(j);
		bench_cancel(&s);
		bench_cancel_models(&s);
		settings_free(&st);
		session_close(&s);
		free(model);
		free(data);
		return (0);
	}
	printf("explorer: demo model (%zu rows, %zu features), gradshap, 200 "
	    "samples, baseline data, summary of the first 200 rows\n",
	    s.data->nrows, s.sel.n);
	for (z = 0; z < 2; z++) {
		if ((out = fopen("/dev/null", "w")) == NULL)
			return (1);
		if (tui_explore_bench(&xp, &t, "xterm-256color", out, sizes[z][0],
		    sizes[z][1], BENCH_KEYS BENCH_KEYS BENCH_KEYS, BENCH_WHATIF,
		    &b, &err) != 0) {
			fprintf(stderr, "bench-tui: %s\n", err.msg);
			return (1);
		}
		fclose(out);
		printf("%dx%d: summary rows explained in %.0f ms\n", sizes[z][0],
		    sizes[z][1], b.summary_ms);
		snprintf(what, sizeof what, "%dx%d key to redrawn screen (cached)",
		    sizes[z][0], sizes[z][1]);
		bench_report(what, b.key_ms, b.nkeys, 5);
		snprintf(what, sizeof what, "%dx%d what-if key to new screen",
		    sizes[z][0], sizes[z][1]);
		bench_report(what, b.whatif_ms, b.nwhatif, 50);
		free(b.key_ms);
		free(b.whatif_ms);
	}
	job_free(j);
	bench_cancel(&s);
	bench_cancel_models(&s);
	settings_free(&st);
	session_close(&s);
	free(model);
	free(data);
	return (0);
}

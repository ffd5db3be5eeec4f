/* SPDX-License-Identifier: ISC */
/*
 * The explorer's benchmark: the time from a key press to the redrawn
 * screen when the explanations are cached (target under 5 ms), and from a
 * what-if key to the screen with the edited row explained again (target
 * under 50 ms), on the demo model with Gradient SHAP at 200 samples. The
 * explorer runs in full (ncurses, theme, worker thread) on an
 * xterm-256color terminal whose output goes to /dev/null.
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

	(void)argc;
	(void)argv;
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
	settings_free(&st);
	session_close(&s);
	free(model);
	free(data);
	return (0);
}

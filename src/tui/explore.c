/* SPDX-License-Identifier: ISC */
/*
 * The full-screen explorer: its state from opening to closing, the
 * htop-style loop (draw when needed, read a key, do it, look after the
 * worker), the status line, what the renderer draws from, moving between
 * rows and the benchmark's entry point. Keys are in explore-key.c, the
 * prompts in explore-prompt.c, ':' commands in explore-cmd.c, the worker
 * thread in explore-worker.c, curses and signals in explore-term.c.
 */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <math.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xmalloc.h"
#include "session/svg.h"
#include "tui/explore-int.h"

/* Rows the summary views explain when no range was given. */
#define EXPLORE_SUMMARY_ROWS	200

/*
 * Set the status line (printf style), shown on the last line until the
 * next key; warn marks it as an error. The text is copied into X (cut to
 * its buffer); nothing is allocated and nothing fails.
 */
void
explore_status(struct explore *X, int warn, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(X->status, sizeof X->status, fmt, ap);
	va_end(ap);
	X->status_warn = warn;
	X->dirty = 1;
}

/* Free a result made by the worker; NULL is fine. */
void
explore_result_free(struct gs_result *res)
{
	if (res == NULL)
		return;
	cache_result_clear(res);
	free(res);
}

/* Drop every cached result (the class or the method changed). */
void
explore_flush(struct explore *X)
{
	size_t	r;

	explore_worker_cancel(X);
	for (r = 0; r < X->nrows; r++) {
		explore_result_free(X->cache[r]);
		X->cache[r] = NULL;
		free(X->rowerr[r]);
		X->rowerr[r] = NULL;
	}
	explore_result_free(X->whatif);
	X->whatif = NULL;
	X->whatif_stale = X->xedit != NULL;
	X->summary_off = 0;
	X->row_off = -1;
	teachdata_clear(&X->teach);
	X->teach_off = 0;
	X->conv_max = 0;
	X->pairs_off = 0;
	X->dirty = 1;
}

/*
 * The models view's list (key D) in src: the rows in the order of the
 * list shown, or why there is none yet (its progress, a cancel).
 */
static void
explore_src_pairs(struct explore *X, struct gs_render_src *src)
{
	if (X->ro.view != GS_VIEW_MODELS || X->ro.models_list == 0)
		return;
	src->model_a = src->model;
	if (X->pairs_done) {
		src->pairs = &X->pairs;
		src->pairs_order = X->ro.models_list == 1 ? X->pairs_worst :
		    X->pairs_same;
		src->pairs_n = X->ro.models_list == 1 ? X->pairs.n :
		    X->npairs_same;
		src->pairs_how = X->pairs_how;
		return;
	}
	if (X->x->pair == NULL)
		snprintf(X->pairs_msg, sizeof X->pairs_msg, "models: no model "
		    "B (gshap view --compare-model B.onnx; REPL: load model B "
		    "FILE)");
	else if (X->task.running && X->task.kind == TASK_PAIRS)
		snprintf(X->pairs_msg, sizeof X->pairs_msg, "explaining every "
		    "row with both models: %zu of %zu (Esc cancels)",
		    atomic_load(&X->task.progress), X->task.last -
		    X->task.first);
	else if (X->pairs_off)
		snprintf(X->pairs_msg, sizeof X->pairs_msg, "not computed "
		    "(cancelled; Ctrl-L or D computes it)");
	else
		snprintf(X->pairs_msg, sizeof X->pairs_msg, "explaining every "
		    "row with both models...");
	src->pairs_msg = X->pairs_msg;
}

/* Forget the what-if edit. */
void
explore_revert(struct explore *X)
{
	if (X->task.kind == TASK_WHATIF || X->task.kind == TASK_TEACH) {
		explore_worker_cancel(X);
		X->teach_off = 0;
	}
	if (X->xedit != NULL)
		teachdata_clear(&X->teach);
	free(X->xedit);
	X->xedit = NULL;
	explore_result_free(X->whatif);
	X->whatif = NULL;
	X->whatif_stale = 0;
	X->whatif_desc[0] = '\0';
	X->dirty = 1;
}

/* Go to row r (clamped). */
void
explore_goto(struct explore *X, long r)
{
	if (X->nrows == 0)
		return;
	if (r < 0)
		r = 0;
	if ((size_t)r >= X->nrows)
		r = (long)X->nrows - 1;
	if ((size_t)r != X->row) {
		explore_revert(X);
		X->teach_off = 0;
		X->conv_max = 0;
		X->row_off = -1;
	}
	X->row = (size_t)r;
	X->status[0] = '\0';
	X->dirty = 1;
}

/* The source the renderer draws from. */
void
explore_src(struct explore *X, struct gs_render_src *src,
    const struct gs_explanation ***many, char *la, char *lb, size_t lsize)
{
	const struct gs_shape	*sh = model_input_shape(X->x->s->model);
	struct gs_export_info	 fi;
	long long		 dims[GS_MAX_DIMS];
	size_t			 r, n = 0;
	int			 k;

	explore_cmd_alt_update(X);
	memset(src, 0, sizeof *src);
	src->model = model_name(X->x->s->model);
	/* The models view's tab shows when there is a comparison. */
	src->model_b = X->x->pair != NULL && X->x->s->model_b != NULL ?
	    model_name(X->x->s->model_b) : NULL;
	src->data = X->x->s->data->name;
	src->output = model_output_name(X->x->s->model, X->x->s->output);
	src->names = X->x->s->names;
	if (X->opts.output_class >= 0) {
		src->cls_fixed = 1;
		src->cls = (size_t)X->opts.output_class;
	}
	src->nrows = X->nrows;
	src->row = X->row;
	for (k = 0; k < sh->ndim && k < GS_MAX_DIMS; k++)
		dims[k] = (long long)sh->d[k];
	image_shape(dims, sh->ndim, X->d, &src->img_c, &src->img_h,
	    &src->img_w);
	if (X->whatif != NULL) {
		src->ex = &X->whatif->ex;
		src->baseline_desc = X->whatif->ex.baseline_desc;
		src->whatif = X->whatif_desc;
	} else if (X->cache[X->row] != NULL) {
		src->ex = &X->cache[X->row]->ex;
		src->baseline_desc = X->cache[X->row]->ex.baseline_desc;
	}
	/* K: the importance view draws every class's rows, stacked. */
	X->ro.stack = X->stack && X->ro.view == GS_VIEW_IMPORTANCE;
	if (X->ro.stack) {
		size_t c;

		*many = xcalloc((X->slast - X->sfirst) * X->k + 1,
		    sizeof **many);
		for (c = 0; c < X->k; c++)
			for (r = X->sfirst; r < X->slast; r++)
				if (X->ccache[c * X->nrows + r] != NULL)
					(*many)[n++] = &X->ccache[c *
					    X->nrows + r]->ex;
	} else {
		*many = xcalloc(X->slast - X->sfirst + 1, sizeof **many);
		for (r = X->sfirst; r < X->slast; r++)
			if (X->cache[r] != NULL)
				(*many)[n++] = &X->cache[r]->ex;
	}
	src->many = *many;
	src->nmany = n;
	/* A category as one feature, with its level; imputed values. */
	tui_feats_clear(&X->feats);
	memset(&fi, 0, sizeof fi);
	fi.s = X->x->s;
	fi.names = X->x->s->names;
	fi.impute = job_settings(X->x->job)->impute;
	tui_feats_src(&X->feats, src, &fi, NULL);
	explore_teach_src(X, src);
	explore_src_pairs(X, src);
	/*
	 * Compare: the what-if against the row, the row under another method,
	 * baseline or class (':compare'), or the row against the pin.
	 */
	if (X->whatif != NULL && X->cache[X->row] != NULL) {
		src->other = &X->cache[X->row]->ex;
		snprintf(la, lsize, "what-if");
		snprintf(lb, lsize, "row %zu (original)", X->row);
	} else if (X->alt != NULL && X->alt_row == X->row) {
		src->other = &X->alt->ex;
		snprintf(la, lsize, "row %zu, %s", X->row,
		    method_name(X->opts.method));
		snprintf(lb, lsize, "%s", X->alt_label);
	} else if (X->pinned >= 0 && X->cache[X->pinned] != NULL &&
	    (size_t)X->pinned != X->row) {
		src->other = &X->cache[X->pinned]->ex;
		snprintf(la, lsize, "row %zu", X->row);
		snprintf(lb, lsize, "row %ld (pinned)", X->pinned);
	}
	src->label = la;
	src->other_label = lb;
}

/* Free what X holds. */
static void
explore_free(struct explore *X)
{
	size_t	r;
	int	i;

	explore_worker_cancel(X);
	explore_job_pair_hook(X, 0, NULL);
	for (r = 0; X->cache != NULL && r < X->nrows; r++) {
		explore_result_free(X->cache[r]);
		free(X->rowerr[r]);
	}
	free(X->cache);
	free(X->rowerr);
	explore_key_stack_free(X);
	free(X->sd);
	for (r = 0; X->ranges != NULL && r < X->d; r++)
		range_clear(&X->ranges[r]);
	free(X->ranges);
	free(X->xedit);
	explore_result_free(X->whatif);
	teachdata_clear(&X->teach);
	explore_worker_pairs_clear(X);
	explore_result_free(X->alt);
	explainer_free(X->alt_e);
	baseline_clear(&X->alt_bl);
	for (i = 0; i < X->nhist; i++)
		free(X->hist[i]);
	explainer_free(X->e);
	groups_clear(&X->autog);
	tui_feats_clear(&X->feats);
	grid_free(&X->g);
}

/* The loop: draw when needed, read a key, do it, look after the worker. */
static void
explore_loop(struct explore *X)
{
	wint_t	ch;
	int	r;

	while (!X->quit) {
		explore_worker_schedule(X);
		if (X->dirty || X->task.running)
			explore_term_draw(X);
		r = get_wch(&ch);
		if (explore_term_sigterm())
			break;
		if (explore_term_sigint()) {
			if (X->task.running) {
				explore_worker_stop(X);
				explore_status(X, 0, "cancelled");
			} else if (X->prompt != PROMPT_NONE) {
				X->prompt = PROMPT_NONE;
				X->dirty = 1;
			} else
				break;
		}
		if (X->task.running && atomic_load(&X->task.done))
			explore_worker_join(X);
		if (r == ERR)
			continue;
		if (r == KEY_CODE_YES && ch == KEY_RESIZE) {
			X->dirty = 1;
			continue;
		}
		explore_key_press(X, r == KEY_CODE_YES, ch);
	}
}

/* Everything but the terminal: state, column statistics, theme, explainer. */
static int
explore_init(struct explore *X, const struct gs_explore *x,
    const struct gs_tui_opts *t, struct gs_error *err)
{
	struct gs_error	 e2;
	double		 mean;
	size_t		 i;

	memset(X, 0, sizeof *X);
	X->x = x;
	X->t = *t;
	X->nrows = x->s->data->nrows;
	X->d = x->s->sel.n;
	X->k = model_output_len(x->s->model, x->s->output);
	X->opts = *job_opts(x->job);
	X->pinned = -1;
	X->row_off = -1;
	if (X->nrows == 0 || X->d == 0)
		return (gs_error_set(err, GS_EINVAL, "no rows to explore"));
	render_opts_default(&X->ro);
	X->ro.view = t->view;
	X->ro.k = t->k;
	X->ro.cursor = 0;
	/*
	 * Groups given to a method that plays them (exact, permutation,
	 * kernel): a feature's value is only a share, so show the groups.
	 */
	X->ro.groups = t->groups || (job_groups(x->job) != NULL &&
	    (method_info(job_opts(x->job)->method)->takes & GS_TAKES_GROUPS));
	X->prev_view = GS_VIEW_BAR;
	X->row = x->row < X->nrows ? x->row : 0;
	X->sfirst = x->first;
	X->slast = x->last;
	if (X->slast <= X->sfirst + 1 || X->slast > X->nrows) {
		X->sfirst = 0;
		X->slast = X->nrows < EXPLORE_SUMMARY_ROWS ? X->nrows :
		    EXPLORE_SUMMARY_ROWS;
	}
	if (x->state != NULL && x->state->valid) {
		X->ro.view = x->state->view;
		X->row = x->state->row < X->nrows ? x->state->row : X->row;
		X->ro.cursor = x->state->cursor;
	}
	/* Column statistics now, so the worker only reads the dataset. */
	X->sd = xcalloc(X->d, sizeof *X->sd);
	for (i = 0; i < X->d; i++) {
		dataset_column_stats(x->s->data, x->s->sel.cols[i], &mean,
		    &X->sd[i]);
		if (!isfinite(X->sd[i]) || X->sd[i] <= 0)
			X->sd[i] = 1;
	}
	/* The data's ranges, to mark a what-if value it never held. */
	X->ranges = xcalloc(X->d, sizeof *X->ranges);
	if (range_selection(x->s->data, &x->s->sel, X->ranges, &e2) != 0) {
		free(X->ranges);
		X->ranges = NULL;
	}
	if (job_groups(x->job) == NULL)
		groups_auto(&X->autog, x->s->names, X->d);
	/* The data's categories: drawn as one feature each ('t': levels). */
	else if (job_groups(x->job)->spec != NULL &&
	    strcmp(job_groups(x->job)->spec, "features") == 0)
		X->ro.groups = 1;
	if (tui_theme_name(t) == NULL)
		theme_default(&X->theme);
	else if (theme_load(&X->theme, tui_theme_name(t), &e2) != 0)
		snprintf(X->status, sizeof X->status, "%.200s (using the default "
		    "theme)", e2.msg);
	X->status_warn = X->status[0] != '\0';
	X->cache = xcalloc(X->nrows, sizeof *X->cache);
	X->rowerr = xcalloc(X->nrows, sizeof *X->rowerr);
	/* Esc stops the models view's work within a row, not after it. */
	if (explore_job_pair_hook(X, 1, &e2) != 0)
		snprintf(X->status, sizeof X->status, "models: %.200s", e2.msg);
	return (explore_job_explainer(X, err));
}

int
tui_explore(const struct gs_explore *x, const struct gs_tui_opts *t,
    struct gs_error *err)
{
	struct explore	 X;
	int		 rc = -1;

	if (explore_init(&X, x, t, err) != 0)
		goto out;
	/* --stack: open as K leaves it. */
	if (t->stack)
		explore_key_stack(&X);
	if (explore_term_start(&X, err) != 0)
		goto out;
	grid_init(&X.g, COLS, LINES, 0);
	explore_term_signals(1);
	X.dirty = 1;
	explore_loop(&X);
	explore_worker_cancel(&X);
	explore_term_signals(0);
	explore_term_end(&X);
	if (x->state != NULL) {
		x->state->valid = 1;
		x->state->view = X.ro.view;
		x->state->row = X.row;
		x->state->cursor = X.ro.cursor;
	}
	rc = X.quit == 2 ? 1 : 0;
out:
	explore_free(&X);
	return (rc);
}

/* Seconds on the monotonic clock. */
static double
explore_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec * 1e-9);
}

/* Run the scheduled work to its end (the benchmark waits for it). */
static void
explore_settle(struct explore *X)
{
	for (;;) {
		explore_worker_schedule(X);
		if (!X->task.running)
			return;
		while (!atomic_load(&X->task.done))
			sched_yield();
		explore_worker_join(X);
	}
}

int
tui_explore_bench(const struct gs_explore *x, const struct gs_tui_opts *t,
    const char *term, FILE *out, int w, int h, const char *keys,
    size_t nwhatif, struct gs_tui_bench *b, struct gs_error *err)
{
	struct explore	 X;
	FILE		*in = NULL;
	size_t		 i, n = strlen(keys);
	double		 t0;
	int		 rc = -1;

	memset(b, 0, sizeof *b);
	if (explore_init(&X, x, t, err) != 0)
		goto out;
	/* --stack: open as K leaves it. */
	if (t->stack)
		explore_key_stack(&X);
	if ((in = fopen("/dev/null", "r")) == NULL ||
	    explore_term_start_bench(&X, term, out, in, w, h) != 0) {
		gs_error_set(err, GS_EIO, "cannot start a %s terminal", term);
		goto out;
	}
	grid_init(&X.g, COLS, LINES, 0);
	/* The row and the summary rows first: the keys then hit the cache. */
	t0 = explore_now();
	X.ro.view = GS_VIEW_SUMMARY;
	explore_settle(&X);
	b->summary_ms = (explore_now() - t0) * 1e3;
	X.ro.view = GS_VIEW_BAR;
	explore_term_draw(&X);
	b->key_ms = xcalloc(n + 1, sizeof *b->key_ms);
	for (i = 0; i < n; i++) {
		t0 = explore_now();
		explore_key_press(&X, 0, (wint_t)(unsigned char)keys[i]);
		explore_settle(&X);
		explore_term_draw(&X);
		b->key_ms[b->nkeys++] = (explore_now() - t0) * 1e3;
	}
	X.ro.view = GS_VIEW_BAR;
	X.ro.cursor = 0;
	b->whatif_ms = xcalloc(nwhatif + 1, sizeof *b->whatif_ms);
	for (i = 0; i < nwhatif; i++) {
		t0 = explore_now();
		explore_key_press(&X, 0, i % 2 == 0 ? '+' : '-');
		explore_settle(&X);
		explore_term_draw(&X);
		b->whatif_ms[b->nwhatif++] = (explore_now() - t0) * 1e3;
	}
	explore_worker_cancel(&X);
	explore_term_end(&X);
	rc = 0;
out:
	if (in != NULL)
		fclose(in);
	if (X.scr != NULL)
		explore_term_end(&X);
	explore_free(&X);
	return (rc);
}

int
tui_explore_bench_cancel(const struct gs_explore *x,
    const struct gs_tui_opts *t, const char *term, FILE *out,
    enum gs_view view, int key, long delay_ms, double *ms,
    struct gs_error *err)
{
	struct explore	 X;
	struct timespec	 d;
	FILE		*in = NULL;
	double		 t0;
	int		 rc = -1;

	*ms = -1;
	if (explore_init(&X, x, t, err) != 0)
		goto out;
	/* --stack: open as K leaves it. */
	if (t->stack)
		explore_key_stack(&X);
	if ((in = fopen("/dev/null", "r")) == NULL ||
	    explore_term_start_bench(&X, term, out, in, 80, 24) != 0) {
		gs_error_set(err, GS_EIO, "cannot start a %s terminal", term);
		goto out;
	}
	grid_init(&X.g, COLS, LINES, 0);
	X.ro.view = view;
	/* The models view on its list (D): the row first, then every row. */
	if (view == GS_VIEW_MODELS) {
		X.ro.models_list = 1;
		for (;;) {
			explore_worker_schedule(&X);
			if (!X.task.running || X.task.kind == TASK_PAIRS)
				break;
			while (!atomic_load(&X.task.done))
				sched_yield();
			explore_worker_join(&X);
		}
	}
	explore_worker_schedule(&X);
	explore_term_draw(&X);
	d.tv_sec = delay_ms / 1000;
	d.tv_nsec = (delay_ms % 1000) * 1000000L;
	nanosleep(&d, NULL);
	if (X.task.running && !atomic_load(&X.task.done)) {
		t0 = explore_now();
		/* What the loop does with the key (explore_loop). */
		if (key == EXPLORE_CTRL('c')) {
			explore_worker_stop(&X);
			explore_status(&X, 0, "cancelled");
		} else {
			explore_key_press(&X, 0, (wint_t)key);
			if (X.quit)
				explore_worker_cancel(&X);
		}
		explore_term_draw(&X);
		*ms = (explore_now() - t0) * 1e3;
	}
	explore_worker_cancel(&X);
	explore_term_end(&X);
	rc = 0;
out:
	if (in != NULL)
		fclose(in);
	if (X.scr != NULL)
		explore_term_end(&X);
	explore_free(&X);
	return (rc);
}

/* SPDX-License-Identifier: ISC */
/*
 * Explaining rows from the REPL: a session job (session/job.c) for one set
 * of settings with the explanation cache in front of it, keyed on the
 * settings and the files behind them, and printing explanations as a
 * header and bar chart.
 */
#include <stdlib.h>
#include <string.h>

#include "core/interrupt.h"
#include "core/xmalloc.h"
#include "repl/repl.h"
#include "session/textchart.h"
#include "tui/tui.h"

struct gs_cached {
	struct gs_repl		*r;	/* the session, borrowed */
	struct gs_explain_job	*job;	/* the job, made at the first miss */
	struct gs_settings	 st;	/* its settings, a copy */
	char			*key;	/* the cache key, owned */
};

struct gs_cached *
cached_new(struct gs_repl *r, const struct gs_settings *st,
    struct gs_error *err)
{
	struct gs_cached	*c;

	if (state_require(r, 1, err) != 0)
		return (NULL);
	c = xcalloc(1, sizeof *c);
	c->r = r;
	settings_copy(&c->st, st);
	c->key = state_key(r, st);
	return (c);
}

void
cached_free(struct gs_cached *c)
{
	if (c == NULL)
		return;
	job_free(c->job);
	settings_free(&c->st);
	free(c->key);
	free(c);
}

int
cached_run(struct gs_cached *c, size_t row, struct gs_result *res,
    int *cached, struct gs_error *err)
{
	struct gs_repl		*r = c->r;
	const struct gs_result	*hit;
	struct gs_explanation	 ex;

	*cached = 0;
	if ((hit = cache_get(&r->cache, row, c->key)) != NULL) {
		cache_result_copy(res, hit);
		*cached = 1;
		return (0);
	}
	if (c->job == NULL && (c->job = state_job(r, &c->st, err)) == NULL)
		return (-1);
	if (job_run_row(c->job, row, &ex, err) != 0)
		return (-1);
	cache_result_set(res, &ex);
	explanation_clear(&ex);
	cache_put(&r->cache, row, c->key, res);
	return (0);
}

void
cached_print(struct gs_repl *r, const struct gs_result *res, int cached)
{
	const struct gs_explanation *ex = &res->ex;
	struct gs_chart_info	 info;
	struct gs_export_info	 einfo;
	struct gs_tui_opts	 t;
	char			 label[128];

	memset(&info, 0, sizeof info);
	info.output = model_output_name(r->s.model, r->s.output);
	if (session_class_name(&r->s, ex->target) != NULL)
		info.label = session_output_label(&r->s, ex->target, label,
		    sizeof label);
	info.baseline_desc = res->ex.baseline_desc;
	info.precision = (int)r->set.precision;
	info.cached = cached;
	textchart_header(r->out, ex, &info);

	/* The bar chart, drawn as everywhere else (src/tui/render-bar.c). */
	memset(&einfo, 0, sizeof einfo);
	einfo.model = model_name(r->s.model);
	einfo.data = r->s.data->name;
	einfo.output = info.output;
	einfo.baseline_desc = res->ex.baseline_desc;
	einfo.names = r->s.names;
	einfo.s = &r->s;
	einfo.impute = r->set.impute;
	tui_opts_default(&t);
	t.k = r->set.topk;
	tui_chart(r->out, &einfo, ex, &t, GS_VIEW_BAR, 0);
	/* Groups besides: not when the chart drew the data's features. */
	if (ex->groups != NULL && ex->gphi != NULL && (ex->groups->spec ==
	    NULL || strcmp(ex->groups->spec, "features") != 0)) {
		t.groups = 1;
		tui_chart(r->out, &einfo, ex, &t, GS_VIEW_BAR, 0);
	}
	export_metrics_text(r->out, ex);
}

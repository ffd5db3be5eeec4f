/* SPDX-License-Identifier: ISC */
/*
 * Explaining rows from the REPL: a job holds the baseline set, noise and
 * explainer that one set of settings names, answers from the cache when it
 * can, and prints explanations as a header and bar chart.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attr/trust.h"

#include "core/xmalloc.h"
#include "repl/repl.h"
#include "session/textchart.h"
#include "tui/tui.h"

struct gs_job {
	struct gs_repl		*r;		/* the session, borrowed */
	struct gs_settings	 st;		/* settings used, owned copy */
	char			*key;		/* their cache key, owned */
	struct gs_attr_opts	 opts;		/* attribution options */
	const char		*bl_spec;	/* baseline spec, or NULL */
	int			 bl_lua;	/* Lua baseline, made per row */
	struct gs_baseline	 bl;		/* the baseline set */
	struct gs_noise		 nz;		/* the noise */
	struct gs_explainer	*e;		/* explainer, or NULL */
	double			*x;		/* one input row */
	struct gs_metrics_opts	 mo;		/* metrics options, when st.metrics */
	struct gs_baseline	 mbl;		/* column means, for metrics without a baseline */
	double			*scale;		/* feature standard deviations, or NULL */
};

/* The explainer for the baseline in j->bl, with the session's groups. */
static struct gs_explainer *
job_explainer(struct gs_job *j, struct gs_error *err)
{
	struct gs_repl		*r = j->r;
	struct gs_explainer	*e;

	e = explainer_new(r->s.model, r->s.output, &j->opts,
	    j->bl_spec != NULL ? &j->bl : NULL, &j->nz, err);
	if (e == NULL)
		return (NULL);
	if (r->groups.n > 0 && explainer_set_groups(e, &r->groups, err) != 0) {
		explainer_free(e);
		return (NULL);
	}
	return (e);
}

/*
 * The metrics' options: features are replaced by the baselines, or by the
 * column means for methods that take none; perturbations scale with each
 * feature's standard deviation.
 */
static int
job_metrics_setup(struct gs_job *j, struct gs_error *err)
{
	struct gs_repl	*r = j->r;
	double		 mean, sd;
	size_t		 i;

	metrics_opts_default(&j->mo);
	if (j->bl_spec == NULL) {
		if (baseline_make(&j->mbl, "mean", r->s.data, &r->s.sel,
		    j->st.impute, j->st.seed, err) != 0)
			return (gs_error_prefix(err, "metrics: "));
		j->mo.bl = &j->mbl;
	}
	j->scale = xcalloc(r->s.sel.n > 0 ? r->s.sel.n : 1, sizeof *j->scale);
	for (i = 0; i < r->s.sel.n; i++) {
		dataset_column_stats(r->s.data, r->s.sel.cols[i], &mean, &sd);
		j->scale[i] = isfinite(sd) ? sd : 1;
	}
	j->mo.scale = j->scale;
	return (0);
}

/* The metrics of ex, made by e, when the settings ask for them. */
static int
job_metrics(struct gs_job *j, struct gs_explainer *e, size_t row,
    struct gs_explanation *ex, struct gs_error *err)
{
	if (!j->st.metrics)
		return (0);
	if (metrics_compute(e, j->x, row, ex, &j->mo, err) != 0) {
		gs_error_prefix(err, "metrics: ");
		return (-1);
	}
	return (0);
}

struct gs_job *
job_new(struct gs_repl *r, const struct gs_settings *st, struct gs_error *err)
{
	struct gs_job		*j;
	struct gs_script	*sc;
	const char		*nspec = NULL;
	int			 per_row;

	if (state_require(r, 1, err) != 0)
		return (NULL);
	j = xcalloc(1, sizeof *j);
	j->r = r;
	settings_copy(&j->st, st);
	j->key = settings_key(st);
	settings_opts(st, &j->opts);
	j->opts.output_class = r->cls;
	j->opts.cancel = repl_cancelled;
	j->x = xcalloc(r->s.sel.n > 0 ? r->s.sel.n : 1, sizeof *j->x);

	j->bl_spec = settings_baseline(&j->st);
	if (j->bl_spec != NULL && state_script_baseline(j->bl_spec)) {
		/* A script that ignores the row builds one set for all. */
		if ((sc = state_script(r, err)) == NULL || (per_row =
		    script_baseline_per_row(sc, j->bl_spec, err)) < 0)
			goto fail;
		if (per_row)
			j->bl_lua = 1;
		else if (script_baseline(sc, j->bl_spec, NULL, 0, r->cls,
		    &j->bl, err) != 0)
			goto fail;
	} else if (j->bl_spec != NULL && baseline_make(&j->bl, j->bl_spec,
	    r->s.data, &r->s.sel, st->impute, st->seed, err) != 0)
		goto fail;

	if (st->method == GS_METHOD_GRADSHAP ||
	    st->method == GS_METHOD_SMOOTHGRAD)
		nspec = settings_noise(&j->st);
	if (nspec != NULL && state_script_noise(nspec)) {
		if ((sc = state_script(r, err)) == NULL ||
		    script_noise(sc, nspec, &j->nz, err) != 0)
			goto fail;
	} else if (noise_make(&j->nz, nspec, r->s.data, &r->s.sel, err) != 0)
		goto fail;

	if (!j->bl_lua && (j->e = job_explainer(j, err)) == NULL)
		goto fail;
	if (st->metrics && job_metrics_setup(j, err) != 0)
		goto fail;
	return (j);
fail:
	job_free(j);
	return (NULL);
}

void
job_free(struct gs_job *j)
{
	if (j == NULL)
		return;
	explainer_free(j->e);
	baseline_clear(&j->bl);
	baseline_clear(&j->mbl);
	noise_clear(&j->nz);
	settings_free(&j->st);
	free(j->key);
	free(j->scale);
	free(j->x);
	free(j);
}

/* Explain j->x as row with a baseline a Lua file builds for that row. */
static int
job_run_lua(struct gs_job *j, size_t row, struct gs_explanation *ex,
    struct gs_error *err)
{
	struct gs_script	*sc;
	struct gs_explainer	*e;
	int			 rc;

	if ((sc = state_script(j->r, err)) == NULL)
		return (-1);
	baseline_clear(&j->bl);
	if (script_baseline(sc, j->bl_spec, j->x, row, j->r->cls, &j->bl,
	    err) != 0)
		return (-1);
	if ((e = job_explainer(j, err)) == NULL)
		return (-1);
	rc = explainer_run(e, j->x, row, ex, err);
	if (rc == 0 && (rc = job_metrics(j, e, row, ex, err)) != 0)
		explanation_clear(ex);
	explainer_free(e);
	return (rc);
}

int
job_run(struct gs_job *j, size_t row, struct gs_result *res, int *cached,
    struct gs_error *err)
{
	struct gs_repl		*r = j->r;
	const struct gs_result	*hit;
	struct gs_explanation	 ex;
	int			 rc;

	*cached = 0;
	if ((hit = cache_get(&r->cache, row, j->key)) != NULL) {
		cache_result_copy(res, hit);
		*cached = 1;
		return (0);
	}
	if (dataset_row(r->s.data, &r->s.sel, row, j->st.impute, j->x,
	    err) != 0) {
		if (err != NULL && err->code == GS_EMISSING)
			gs_error_prefix(err, "row %zu: ", row);
		return (-1);
	}
	if (j->bl_lua)
		rc = job_run_lua(j, row, &ex, err);
	else if ((rc = explainer_run(j->e, j->x, row, &ex, err)) == 0 &&
	    (rc = job_metrics(j, j->e, row, &ex, err)) != 0)
		explanation_clear(&ex);
	if (rc != 0)
		return (-1);
	cache_result_set(res, &ex, j->bl.desc);
	explanation_clear(&ex);
	cache_put(&r->cache, row, j->key, res);
	return (0);
}

void
job_print(struct gs_repl *r, const struct gs_result *res, int cached)
{
	const struct gs_explanation *ex = &res->ex;
	struct gs_chart_info	 info;
	struct gs_export_info	 einfo;
	struct gs_tui_opts	 t;

	memset(&info, 0, sizeof info);
	info.output = model_output_name(r->s.model, r->s.output);
	info.baseline_desc = res->baseline_desc;
	info.precision = (int)r->set.precision;
	info.cached = cached;
	textchart_header(r->out, ex, &info);

	/* The bar chart, drawn as everywhere else (src/tui/render-bar.c). */
	memset(&einfo, 0, sizeof einfo);
	einfo.model = model_name(r->s.model);
	einfo.data = r->s.data->name;
	einfo.output = info.output;
	einfo.baseline_desc = res->baseline_desc;
	einfo.names = r->s.names;
	tui_opts_default(&t);
	t.k = r->set.topk;
	tui_chart(r->out, &einfo, ex, &t, GS_VIEW_BAR, 0);
	if (ex->groups != NULL && ex->gphi != NULL) {
		t.groups = 1;
		tui_chart(r->out, &einfo, ex, &t, GS_VIEW_BAR, 0);
	}
	export_metrics_text(r->out, ex);
}

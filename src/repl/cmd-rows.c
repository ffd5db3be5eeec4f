/* SPDX-License-Identifier: ISC */
/*
 * rows: list rows with the model's prediction and its error against the
 * target, filtered by a Lua predicate and sorted by prediction or error;
 * with a model B loaded, by how much the two models' explanations
 * disagree (each row explained by both with the same draws,
 * attr/compare.h), or only the rows whose predictions agree while their
 * reasons do not.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/interrupt.h"
#include "core/number.h"
#include "core/visible.h"
#include "core/xmalloc.h"
#include "repl/repl.h"
#include "session/export-compare.h"
#include "session/textchart.h"

/* Rows listed when -n is not given. */
#define CMD_ROWS_DEFAULT	20
/* Top-k of the agreement measures (as compare --models). */
#define CMD_ROWS_K		5

/* A row and its sort key. */
struct cmd_rows_key {
	double	 k;		/* prediction or error, negated to sort down */
	size_t	 row;		/* the row */
};

/* By key ascending (NaN last), then by row number. */
static int
cmd_rows_cmp(const void *pa, const void *pb)
{
	const struct cmd_rows_key *a = pa, *b = pb;

	if (isnan(a->k) != isnan(b->k))
		return (isnan(a->k) ? 1 : -1);
	if (!isnan(a->k) && a->k != b->k)
		return (a->k < b->k ? -1 : 1);
	return (a->row < b->row ? -1 : a->row > b->row);
}

/* Sort the n rows of idx by key[row], descending when desc. */
static void
cmd_rows_sort(size_t *idx, size_t n, const double *key, int desc)
{
	struct cmd_rows_key	*k = xcalloc(n + 1, sizeof *k);
	size_t			 i;

	for (i = 0; i < n; i++) {
		k[i].k = desc ? -key[idx[i]] : key[idx[i]];
		k[i].row = idx[i];
	}
	qsort(k, n, sizeof *k, cmd_rows_cmp);
	for (i = 0; i < n; i++)
		idx[i] = k[i].row;
	free(k);
}

/*
 * Fill keep[] with the rows a Lua predicate selects; all rows without one.
 * Returns -1 with err set.
 */
static int
cmd_rows_filter(struct gs_repl *r, const char *expr, unsigned char *keep,
    struct gs_error *err)
{
	struct gs_script	*sc;
	size_t			 i, n = r->s.data->nrows;

	if (expr == NULL || *expr == '\0') {
		for (i = 0; i < n; i++)
			keep[i] = 1;
		return (0);
	}
	if ((sc = state_script(r, err)) == NULL)
		return (-1);
	return (script_filter_rows(sc, expr, r->pred, n, keep, err));
}

/*
 * Explain the n rows of idx by models A and B with the same draws into
 * s (initialised here; the caller frees it), set at[row] to the row's
 * index in s->rows and describe the draws in how ("gradshap, 200
 * samples, seed 0"). Returns -1 with err set (GS_EINTR: stopped).
 */
static int
cmd_rows_compare(struct gs_repl *r, const size_t *idx, size_t n,
    struct gs_cmp_summary *s, size_t *at, char *how, size_t size,
    struct gs_error *err)
{
	struct gs_explain_job	*j;
	struct gs_paired	 c;
	size_t			 i;
	int			 rc = 0;

	compare_summary_init(s, r->s.sel.n, CMD_ROWS_K);
	if ((j = cmd_compare_models_job(r, err)) == NULL)
		return (-1);
	for (i = 0; i < n && rc == 0; i++) {
		if ((rc = job_run_compare_row(j, idx[i], &c, err)) != 0)
			break;
		at[idx[i]] = s->n;
		if (i == 0)
			snprintf(how, size, "%s, %zu samples, seed %llu",
			    method_name(c.a.method), c.a.samples_used,
			    (unsigned long long)c.a.opts.seed);
		compare_summary_add(s, &c);
		compare_clear(&c);
	}
	if (rc != 0 && err->code == GS_EINTR)
		gs_error_set(err, GS_EINTR, "interrupted after %zu of %zu "
		    "rows", i, n);
	job_free(j);
	return (rc);
}

/* rows: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_rows_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_dataset	*ds = r->s.data;
	struct gs_error		 err;
	struct gs_cmp_summary	 cs;
	const struct gs_cmp_row	*cr;
	unsigned char		*keep = NULL;
	size_t			*idx = NULL, *at = NULL, *order = NULL;
	size_t			 n = 0, i, limit = CMD_ROWS_DEFAULT, m;
	double			*dis = NULL;
	char			 how[128] = "no rows";
	int			 cmp;
	char			 b[3][64];
	uint64_t		 v;
	const char		*sort = a->opt['s'];
	int			 p = (int)r->set.precision, multi;
	double			 t;
	const char		*tt;
	enum cmd_retval		 rv = CMD_ERROR;

	gs_error_clear(&err);
	if (a->opt['n'] != NULL) {
		if (number_parse(a->opt['n'], SIZE_MAX, &v) != 0) {
			repl_error(r, "rows: -n '%s' is not a whole number",
			    a->opt['n']);
			return (CMD_ERROR);
		}
		limit = (size_t)v;
	}
	if (sort != NULL && strcmp(sort, "pred") != 0 &&
	    strcmp(sort, "error") != 0 && strcmp(sort, "row") != 0 &&
	    strcmp(sort, "disagree") != 0) {
		repl_error(r, "rows: -s '%s': sort by pred, error, row or "
		    "disagree", sort);
		return (CMD_ERROR);
	}
	cmp = (sort != NULL && strcmp(sort, "disagree") == 0) ||
	    a->opt['a'] != NULL;
	if (cmp && r->s.model_b == NULL) {
		repl_error(r, "rows: %s compares two models; load one with "
		    "load model B FILE.onnx", a->opt['a'] != NULL ? "-a" :
		    "-s disagree");
		return (CMD_ERROR);
	}
	if (sort != NULL && strcmp(sort, "error") == 0 &&
	    r->s.sel.target < 0) {
		repl_error(r, "rows: -s error needs a target column (load data "
		    "-t COLUMN FILE)");
		return (CMD_ERROR);
	}
	if (state_predict(r, &err) != 0) {
		repl_error(r, "rows: %s", err.msg);
		return (CMD_ERROR);
	}
	keep = xcalloc(ds->nrows > 0 ? ds->nrows : 1, 1);
	if (cmd_rows_filter(r, a->rest, keep, &err) != 0) {
		repl_error(r, "rows: %s", err.msg);
		goto out;
	}
	idx = xcalloc(ds->nrows > 0 ? ds->nrows : 1, sizeof *idx);
	for (i = 0; i < ds->nrows; i++)
		if (keep[i])
			idx[n++] = i;
	memset(&cs, 0, sizeof cs);
	if (cmp) {
		at = xcalloc(ds->nrows + 1, sizeof *at);
		if (cmd_rows_compare(r, idx, n, &cs, at, how, sizeof how,
		    &err) != 0) {
			repl_error(r, "rows: %s", err.msg);
			goto out;
		}
		dis = xcalloc(ds->nrows + 1, sizeof *dis);
		for (i = 0; i < n; i++)
			dis[idx[i]] = cs.rows[at[idx[i]]].l1_rel;
	}
	if (a->opt['a'] != NULL) {
		/* The rows whose predictions agree but reasons do not. */
		order = xcalloc(cs.n + 1, sizeof *order);
		m = compare_summary_same_pred(&cs, order);
		for (i = 0; i < ds->nrows; i++)
			keep[i] = 0;
		for (i = 0; i < m; i++)
			keep[cs.rows[order[i]].row] = 1;
		for (n = 0, i = 0; i < ds->nrows; i++)
			if (keep[i])
				idx[n++] = i;
	}
	if (sort != NULL && strcmp(sort, "disagree") == 0) {
		cmd_rows_sort(idx, n, dis, a->opt['r'] == NULL);
	} else if (sort != NULL && strcmp(sort, "row") != 0) {
		cmd_rows_sort(idx, n, strcmp(sort, "pred") == 0 ? r->pred :
		    r->err_of, a->opt['r'] == NULL);
	} else if (a->opt['r'] != NULL) {
		for (i = 0; i < n / 2; i++) {
			size_t tmp = idx[i];
			idx[i] = idx[n - 1 - i];
			idx[n - 1 - i] = tmp;
		}
	}

	multi = model_output_len(r->s.model, r->s.output) > 1;
	fprintf(r->out, "  %6s  %10s", "row", "pred");
	if (multi)
		fprintf(r->out, "  %5s", "class");
	if (r->s.sel.target >= 0)
		fprintf(r->out, "  %10s  %10s", "target", "error");
	if (cmp)
		fprintf(r->out, "  %10s  %8s  %4s  %5s  %6s", "pred B",
		    "disagree", "top5", "rho", ">noise");
	fputc('\n', r->out);
	for (i = 0; i < n && (limit == 0 || i < limit); i++) {
		size_t row = idx[i];
		textchart_number(b[0], sizeof b[0], r->pred[row], p, 0);
		fprintf(r->out, "%c %6zu  %10s", row == r->row ? '*' : ' ', row,
		    b[0]);
		if (multi)
			fprintf(r->out, "  %5zu", r->pred_class[row]);
		if (r->s.sel.target >= 0) {
			t = dataset_cell(ds, row, r->s.sel.target);
			textchart_number(b[1], sizeof b[1], t, p, 0);
			/* A text target as its text ("good"). */
			if ((tt = dataset_text(ds, row,
			    (size_t)r->s.sel.target)) != NULL)
				snprintf(b[1], sizeof b[1], "%s", visible_str(tt));
			textchart_number(b[2], sizeof b[2], r->err_of[row], p,
			    0);
			fprintf(r->out, "  %10s  %10s", b[1], b[2]);
		}
		if (cmp) {
			cr = &cs.rows[at[row]];
			textchart_number(b[0], sizeof b[0], cr->fb, p, 0);
			fprintf(r->out, "  %10s  %8.3f  %4zu  %5.2f  %6zu%s",
			    b[0], cr->l1_rel, cr->topk, cr->rho, cr->larger,
			    cr->agree ? "" : "  predictions differ");
		}
		fputc('\n', r->out);
	}
	if (limit != 0 && n > limit)
		fprintf(r->out, "%zu of %zu matching rows shown (of %zu; "
		    "rows -n 0 shows all)\n", limit, n, ds->nrows);
	else
		fprintf(r->out, "%zu of %zu rows\n", n, ds->nrows);
	if (cmp && cs.n == 0)
		fprintf(r->out, "no rows to compare %s (A) and %s (B) on\n",
		    model_name(r->s.model), model_name(r->s.model_b));
	else if (cmp) {
		fprintf(r->out, "%s (A) against %s (B) on %zu rows, %s, the "
		    "same draws for both\n", model_name(r->s.model),
		    model_name(r->s.model_b), cs.n, how);
		fprintf(r->out, "  disagree: sum |A-B| / mean sum |phi|; top5: "
		    "top-%d features in common; >noise: |A-B| > 1.96 SE\n",
		    CMD_ROWS_K);
		if (a->opt['a'] != NULL)
			fprintf(r->out, "  -a: predictions agree, but top5 "
			    "under half of %d or rho below 0.5\n",
			    CMD_ROWS_K);
	}
	rv = CMD_OK;
out:
	compare_summary_free(&cs);
	free(keep);
	free(idx);
	free(at);
	free(dis);
	free(order);
	return (rv);
}

const struct cmd_entry cmd_rows_entry = {
	.name = "rows",
	.options = "n:s:ra",
	.lower = 0,
	.upper = -1,
	.usage = "[-ra] [-n count] [-s pred|error|row|disagree] [predicate]",
	.summary = "list rows with predictions, filtered and sorted",
	.help =
	    "Lists rows with the model's output for the explained class\n"
	    "(pred), the predicted class for a classifier, the target and the\n"
	    "error (|pred - target|, or 1 - p(target class) for a\n"
	    "classifier). A Lua predicate keeps the rows for which it is\n"
	    "true; it sees x (the row's columns by name), pred, row and\n"
	    "target, as in\n"
	    "  rows x.mean_radius > 15 and pred < 0.5\n"
	    "-s pred or -s error sorts from the largest, -r reverses, -n sets\n"
	    "how many rows are printed (default 20, 0 for all). The current\n"
	    "row is marked with '*'. Rows with missing values show '-' unless\n"
	    "impute is on.\n"
	    "With a model B (load model B FILE), every row the predicate\n"
	    "keeps is explained by both models with the same draws, and the\n"
	    "list gains B's prediction, disagree (sum |A-B| over the mean\n"
	    "sum |phi|), the top-5 features in common, the rank correlation\n"
	    "and the features whose difference exceeds noise. -s disagree\n"
	    "puts the rows whose explanations differ most first; -a keeps\n"
	    "only the rows whose predictions agree but whose reasons do not\n"
	    "(top-5 overlap under half, or rank correlation below 0.5).\n",
	.complete = "column...",
	.flags = CMD_NEEDS_DATA,
	.exec = cmd_rows_exec
};

/* SPDX-License-Identifier: ISC */
/*
 * rows: list rows with the model's prediction and its error against the
 * target, filtered by a Lua predicate and sorted by prediction or error.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/number.h"
#include "core/visible.h"
#include "core/xmalloc.h"
#include "repl/repl.h"
#include "session/textchart.h"

/* Rows listed when -n is not given. */
#define CMD_ROWS_DEFAULT	20

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

/* rows: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_rows_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_dataset	*ds = r->s.data;
	struct gs_error		 err;
	unsigned char		*keep = NULL;
	size_t			*idx = NULL, n = 0, i, limit = CMD_ROWS_DEFAULT;
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
	    strcmp(sort, "error") != 0 && strcmp(sort, "row") != 0) {
		repl_error(r, "rows: -s '%s': sort by pred, error or row",
		    sort);
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
	if (sort != NULL && strcmp(sort, "row") != 0) {
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
		fputc('\n', r->out);
	}
	if (limit != 0 && n > limit)
		fprintf(r->out, "%zu of %zu matching rows shown (of %zu; "
		    "rows -n 0 shows all)\n", limit, n, ds->nrows);
	else
		fprintf(r->out, "%zu of %zu rows\n", n, ds->nrows);
	rv = CMD_OK;
out:
	free(keep);
	free(idx);
	return (rv);
}

const struct cmd_entry cmd_rows_entry = {
	.name = "rows",
	.options = "n:s:r",
	.lower = 0,
	.upper = -1,
	.usage = "[-r] [-n count] [-s pred|error|row] [predicate]",
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
	    "impute is on.\n",
	.complete = "column...",
	.flags = CMD_NEEDS_DATA,
	.exec = cmd_rows_exec
};

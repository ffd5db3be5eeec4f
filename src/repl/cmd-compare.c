/* SPDX-License-Identifier: ISC */
/*
 * compare: one row explained two ways (two methods, or two baselines),
 * attributions side by side with each feature's rank by |phi| in both and
 * how it moved, and the rank correlation of the two.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "repl/repl.h"
#include "session/textchart.h"

/* The settings for one side: the current ones with a method or baseline. */
static int
cmd_compare_side(struct gs_repl *r, const char *what, struct gs_settings *st,
    struct gs_error *err)
{
	enum gs_method	m;

	settings_copy(st, &r->set);
	if (method_parse(what, &m) == 0) {
		st->method = (int)m;
		return (0);
	}
	if (settings_set(st, settings_find("baseline", NULL), what, err) != 0) {
		settings_free(st);
		return (-1);
	}
	if (settings_baseline(st) == NULL) {
		gs_error_set(err, GS_EINVAL, "'%s' is not a method, and %s "
		    "takes no baseline", what,
		    method_name((enum gs_method)st->method));
		settings_free(st);
		return (-1);
	}
	return (0);
}

/* Explain row under st into res. */
static int
cmd_compare_run(struct gs_repl *r, const struct gs_settings *st, size_t row,
    struct gs_result *res, struct gs_error *err)
{
	struct gs_settings	 quick = *st;	/* shallow: cached_new copies it */
	struct gs_cached	*j;
	int			 cached, rc;

	quick.metrics = 0;	/* metrics belong to explain, not comparisons */
	if ((j = cached_new(r, &quick, err)) == NULL)
		return (-1);
	rc = cached_run(j, row, res, &cached, err);
	cached_free(j);
	return (rc);
}

/* One side's line: what produced it, base and gap. */
static void
cmd_compare_line(struct gs_repl *r, const char *tag,
    const struct gs_result *res)
{
	char	b[64];

	fprintf(r->out, "%s ", tag);
	textchart_method(r->out, &res->ex, res->ex.baseline_desc);
	if (method_stochastic(res->ex.method))
		fprintf(r->out, "  seed %llu",
		    (unsigned long long)res->ex.opts.seed);
	if (!isnan(res->ex.base)) {
		textchart_number(b, sizeof b, res->ex.base,
		    (int)r->set.precision, 0);
		fprintf(r->out, "  base = %s", b);
		textchart_number(b, sizeof b, res->ex.gap, 2, 1);
		fprintf(r->out, "  gap = %s", b);
	}
	fputc('\n', r->out);
}

/* compare: the command itself, errors through repl_error. */
static enum cmd_retval
cmd_compare_exec(struct gs_repl *r, struct cmd_args *a)
{
	struct gs_settings	 sa, sb;
	struct gs_result	 res[2];
	struct gs_error		 err;
	size_t			 row = r->row, d, i, k, w = 7, *ra = NULL;
	size_t			*rb = NULL, *order = NULL, shown = 0;
	double			 dsum = 0, rho;
	char			 b[3][64];
	int			 p = (int)r->set.precision;
	enum cmd_retval		 rv = CMD_ERROR;

	gs_error_clear(&err);
	memset(res, 0, sizeof res);
	if (a->opt['r'] != NULL &&
	    state_parse_row(r, a->opt['r'], &row, &err) != 0) {
		repl_error(r, "compare: %s", err.msg);
		return (CMD_ERROR);
	}
	if (cmd_compare_side(r, a->argv[0], &sa, &err) != 0) {
		repl_error(r, "compare: %s", err.msg);
		return (CMD_ERROR);
	}
	if (cmd_compare_side(r, a->argv[1], &sb, &err) != 0) {
		settings_free(&sa);
		repl_error(r, "compare: %s", err.msg);
		return (CMD_ERROR);
	}
	if (cmd_compare_run(r, &sa, row, &res[0], &err) != 0 ||
	    cmd_compare_run(r, &sb, row, &res[1], &err) != 0) {
		repl_error(r, "compare: %s", err.msg);
		goto out;
	}
	r->row = row;

	d = res[0].ex.d;
	textchart_number(b[0], sizeof b[0], res[0].ex.fx, p, 0);
	fprintf(r->out, "row %zu of %s  %s[%zu]  f(x) = %s\n", row,
	    r->s.data->name, model_output_name(r->s.model, r->s.output),
	    res[0].ex.target, b[0]);
	cmd_compare_line(r, "A", &res[0]);
	cmd_compare_line(r, "B", &res[1]);

	ra = xcalloc(d, sizeof *ra);
	rb = xcalloc(d, sizeof *rb);
	order = xcalloc(d, sizeof *order);
	explanation_order(res[0].ex.phi, d, NULL, ra);
	explanation_order(res[1].ex.phi, d, NULL, rb);
	for (i = 0; i < d; i++) {
		order[ra[i] - 1] = i;
		dsum += ((double)ra[i] - rb[i]) * ((double)ra[i] - rb[i]);
		if (strlen(r->s.names[i]) > w)
			w = strlen(r->s.names[i]) > 32 ? 32 :
			    strlen(r->s.names[i]);
	}
	fprintf(r->out, "  %-*s  %10s  %10s %4s  %10s %4s  %s\n", (int)w,
	    "feature", "value", "phi A", "rank", "phi B", "rank", "change");
	for (k = 0; k < d; k++) {
		i = order[k];
		if (ra[i] > r->set.topk && rb[i] > r->set.topk)
			continue;
		shown++;
		textchart_number(b[0], sizeof b[0], res[0].ex.value[i], p, 0);
		textchart_number(b[1], sizeof b[1], res[0].ex.phi[i], p, 1);
		textchart_number(b[2], sizeof b[2], res[1].ex.phi[i], p, 1);
		fprintf(r->out, "  %-*.*s  %10s  %10s %4zu  %10s %4zu  ",
		    (int)w, (int)w, r->s.names[i], b[0], b[1], ra[i], b[2],
		    rb[i]);
		if (ra[i] == rb[i])
			fputs("=\n", r->out);
		else if (rb[i] < ra[i])
			fprintf(r->out, "up %zu\n", ra[i] - rb[i]);
		else
			fprintf(r->out, "down %zu\n", rb[i] - ra[i]);
	}
	if (shown < d)
		fprintf(r->out, "  (%zu features outside both top %zu not "
		    "shown)\n", d - shown, r->set.topk);
	if (d > 1) {
		rho = 1 - 6 * dsum / ((double)d * ((double)d * d - 1));
		fprintf(r->out, "rank correlation (Spearman, by |phi|): %.3f\n",
		    rho);
	}
	state_keep(r, res, 2);
	rv = CMD_OK;
out:
	cache_result_clear(&res[0]);
	cache_result_clear(&res[1]);
	settings_free(&sa);
	settings_free(&sb);
	free(ra);
	free(rb);
	free(order);
	return (rv);
}

const struct cmd_entry cmd_compare_entry = {
	.name = "compare",
	.options = "r:",
	.lower = 2,
	.upper = 2,
	.usage = "[-r row] A B",
	.summary = "compare two methods or two baselines on one row",
	.help =
	    "A and B are each a method name (gradshap, ig, ...) or a baseline\n"
	    "spec (zeros, mean, data, sample:K, row:N, file:PATH.csv, a Lua\n"
	    "file); the other settings are the current ones. For example\n"
	    "  compare gradshap ig\n"
	    "  compare mean zeros\n"
	    "The row (-r, default the current row) is explained both ways.\n"
	    "Each feature in either top-k gets its value, phi and rank by\n"
	    "|phi| under A and B and how its rank moved from A to B; the last\n"
	    "line gives Spearman's rank correlation over all features. Both\n"
	    "results are kept for export.\n",
	.complete = "choice choice",
	.flags = CMD_NEEDS_DATA,
	.exec = cmd_compare_exec
};

/* SPDX-License-Identifier: ISC */
/*
 * Adverse reasons: the contributions with the unfavourable sign, largest
 * first, at most k of them, each with its standard error and whether its
 * 95% interval overlaps the next one's (then their order is not claimed,
 * as the terminal's "~" says).
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "session/reasons.h"

static const char *reasons_adverse_names[] = { "lower", "higher" };
_Static_assert(sizeof reasons_adverse_names /
    sizeof reasons_adverse_names[0] == GS_ADVERSE_COUNT,
    "reasons_adverse_names out of step with enum gs_adverse");

void
reasons_opts_default(struct gs_reason_opts *o)
{
	o->k = 4;
	o->adverse = GS_ADVERSE_LOWER;
	o->groups = 1;
}

const char *
reasons_adverse_name(enum gs_adverse a)
{
	return (reasons_adverse_names[a]);
}

int
reasons_adverse_parse(const char *s, enum gs_adverse *out,
    struct gs_error *err)
{
	int	i;

	for (i = 0; i < GS_ADVERSE_COUNT; i++) {
		if (strcmp(s, reasons_adverse_names[i]) == 0) {
			*out = i;
			return (0);
		}
	}
	return (gs_error_set(err, GS_EINVAL, "unknown direction '%s' (lower: "
	    "a lower output is unfavourable; higher)", s));
}

/* A candidate: its adverse size and index. */
struct reasons_key {
	double	v;		/* contribution times the adverse sign (> 0) */
	size_t	i;		/* index */
};

/* Largest adverse size first, ties by index. */
static int
reasons_cmp(const void *pa, const void *pb)
{
	const struct reasons_key *a = pa, *b = pb;

	if (a->v != b->v)
		return (a->v < b->v ? 1 : -1);
	return (a->i < b->i ? -1 : a->i > b->i);
}

size_t
reasons_pick(const struct gs_explanation *ex, const char *const *names,
    const struct gs_reason_opts *o, struct gs_reason *out)
{
	const char *const	*nm = names;
	const double		*phi = ex->phi, *se = ex->se, *val = ex->value;
	struct reasons_key	*key;
	size_t			 n = ex->d, i, m = 0;
	double			 sign = o->adverse == GS_ADVERSE_LOWER ? -1 : 1;

	if (o->groups && ex->groups != NULL && ex->gphi != NULL) {
		n = ex->groups->n;
		nm = (const char *const *)ex->groups->names;
		phi = ex->gphi;
		se = ex->gse;
		val = NULL;
	}
	key = xcalloc(n + 1, sizeof *key);
	for (i = 0; i < n; i++) {
		if (isfinite(phi[i]) && phi[i] * sign > 0) {
			key[m].v = phi[i] * sign;
			key[m++].i = i;
		}
	}
	qsort(key, m, sizeof *key, reasons_cmp);
	for (i = 0; i < m && i < o->k; i++) {
		out[i].idx = key[i].i;
		out[i].name = nm[key[i].i];
		out[i].value = val != NULL ? val[key[i].i] : NAN;
		/* A group of one feature has that feature's value. */
		if (val == NULL && ex->groups->start[key[i].i + 1] ==
		    ex->groups->start[key[i].i] + 1)
			out[i].value = ex->value[ex->groups->members[
			    ex->groups->start[key[i].i]]];
		out[i].phi = phi[key[i].i];
		out[i].se = se != NULL ? se[key[i].i] : NAN;
		/*
		 * Its 95% interval overlaps the next adverse one's (listed
		 * or not): their order is not claimed.
		 */
		out[i].tie = se != NULL && i + 1 < m && key[i].v - 1.96 *
		    se[key[i].i] <= key[i + 1].v + 1.96 * se[key[i + 1].i];
	}
	free(key);
	return (i);
}

void
reasons_begin(FILE *f)
{
	fputs("row,output,method,adverse,reason,feature,value,contribution,"
	    "stderr,tie\n", f);
}

/* A number: %.9g; NaN empty in CSV, null in JSON. */
static void
reasons_number(FILE *f, double v, int json)
{
	if (isfinite(v))
		fprintf(f, "%.9g", v);
	else if (json)
		fputs("null", f);
}

void
reasons_write(FILE *f, int json, const struct gs_export_info *info,
    const struct gs_explanation *ex, const struct gs_reason_opts *o)
{
	struct gs_reason_opts	 def;
	struct gs_reason	*r;
	size_t			 i, n;

	if (o == NULL) {
		reasons_opts_default(&def);
		o = &def;
	}
	r = xcalloc(o->k + 1, sizeof *r);
	n = reasons_pick(ex, info->names, o, r);
	if (json) {
		fprintf(f, "{\"row\":%zu,\"output\":%zu,\"output_name\":",
		    ex->row, ex->target);
		export_json_string(f, info->output);
		fprintf(f, ",\"method\":\"%s\",\"seed\":%" PRIu64 ",\"adverse\":"
		    "\"%s\",\"fx\":", method_name(ex->method), ex->opts.seed,
		    reasons_adverse_name(o->adverse));
		reasons_number(f, ex->fx, 1);
		fputs(",\"base\":", f);
		reasons_number(f, ex->base, 1);
		fputs(",\"reasons\":[", f);
	}
	for (i = 0; i < n; i++) {
		if (json) {
			fprintf(f, "%s{\"reason\":%zu,\"feature\":", i > 0 ?
			    "," : "", i + 1);
			export_json_string(f, r[i].name);
			fputs(",\"value\":", f);
			reasons_number(f, r[i].value, 1);
			fputs(",\"contribution\":", f);
			reasons_number(f, r[i].phi, 1);
			fputs(",\"stderr\":", f);
			reasons_number(f, r[i].se, 1);
			fprintf(f, ",\"tie\":%s}", r[i].tie ? "true" : "false");
			continue;
		}
		fprintf(f, "%zu,%zu,%s,%s,%zu,", ex->row, ex->target,
		    method_name(ex->method), reasons_adverse_name(o->adverse),
		    i + 1);
		export_csv_field(f, r[i].name);
		fputc(',', f);
		reasons_number(f, r[i].value, 0);
		fputc(',', f);
		reasons_number(f, r[i].phi, 0);
		fputc(',', f);
		reasons_number(f, r[i].se, 0);
		fprintf(f, ",%d\n", r[i].tie);
	}
	if (json)
		fputs("]}\n", f);
	free(r);
}

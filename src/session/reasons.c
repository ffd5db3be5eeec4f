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
#include "data/encode.h"
#include "data/impute.h"
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
	o->adverse_auto = 1;
	o->groups = 1;
}

const char *
reasons_adverse_name(enum gs_adverse a)
{
	return (reasons_adverse_names[a]);
}

int
reasons_adverse_parse(const char *s, struct gs_reason_opts *o,
    struct gs_error *err)
{
	int	i;

	for (i = 0; i < GS_ADVERSE_COUNT; i++) {
		if (strcmp(s, reasons_adverse_names[i]) == 0) {
			o->adverse = i;
			o->adverse_auto = 0;
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

enum gs_adverse
reasons_adverse_of(const struct gs_reason_opts *o, const struct gs_session *s,
    size_t target)
{
	const struct gs_encoding *enc;

	if (!o->adverse_auto || s == NULL)
		return (o->adverse);
	enc = s->sel.enc;
	if (enc == NULL || enc->positive == NULL || s->classes.positive < 0 ||
	    s->classes.n < 2)
		return (o->adverse);
	return ((long)target == s->classes.positive ? GS_ADVERSE_HIGHER :
	    GS_ADVERSE_LOWER);
}

int
reasons_from_features(const struct gs_explanation *ex,
    const struct gs_features *fs, const struct gs_reason_opts *o)
{
	return (fs != NULL && (fs->grouped || !(o->groups &&
	    ex->groups != NULL && ex->gphi != NULL)));
}

size_t
reasons_pick(const struct gs_explanation *ex, const char *const *names,
    const struct gs_features *fs, const struct gs_reason_opts *o,
    enum gs_adverse dir, struct gs_reason *out)
{
	const char *const	*nm = names;
	const double		*phi = ex->phi, *se = ex->se, *val = ex->value;
	double			*fphi = NULL, *fse = NULL;
	struct reasons_key	*key;
	size_t			 n = ex->d, i, m = 0;
	double			 sign = dir == GS_ADVERSE_LOWER ? -1 : 1;
	int			 feat = reasons_from_features(ex, fs, o);

	if (feat) {
		n = fs->n;
		fphi = xcalloc(n + 1, sizeof *fphi);
		fse = xcalloc(n + 1, sizeof *fse);
		for (i = 0; i < n; i++) {
			fphi[i] = fs->rows[i].phi;
			fse[i] = fs->rows[i].se;
		}
		phi = fphi;
		se = ex->se != NULL || ex->gse != NULL ? fse : NULL;
		val = NULL;
	} else if (o->groups && ex->groups != NULL && ex->gphi != NULL) {
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
		out[i].level = NULL;
		out[i].imputed = 0;
		if (feat) {
			out[i].name = fs->rows[key[i].i].name;
			out[i].level = fs->rows[key[i].i].level;
			out[i].imputed = fs->rows[key[i].i].imputed;
			out[i].value = fs->rows[key[i].i].value;
		} else {
			out[i].name = nm[key[i].i];
			out[i].value = val != NULL ? val[key[i].i] : NAN;
		}
		/* A group of one feature has that feature's value. */
		if (!feat && val == NULL && ex->groups->start[key[i].i + 1] ==
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
	free(fphi);
	free(fse);
	return (i);
}

void
reasons_begin(FILE *f)
{
	fputs("row,output,method,adverse,reason,feature,value,contribution,"
	    "stderr,tie,imputed\n", f);
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
	struct gs_features	 fs;
	enum gs_adverse		 dir;
	size_t			 i, n;

	if (o == NULL) {
		reasons_opts_default(&def);
		o = &def;
	}
	r = xcalloc(o->k + 1, sizeof *r);
	features_get(&fs, info->s, info->names, info->impute, ex);
	dir = reasons_adverse_of(o, info->s, ex->target);
	n = reasons_pick(ex, info->names, &fs, o, dir, r);
	if (json) {
		fprintf(f, "{\"row\":%zu,\"output\":%zu,\"output_name\":",
		    ex->row, ex->target);
		export_json_string(f, info->output);
		fprintf(f, ",\"method\":\"%s\",\"seed\":%" PRIu64 ",\"adverse\":"
		    "\"%s\",\"fx\":", method_name(ex->method), ex->opts.seed,
		    reasons_adverse_name(dir));
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
			if (r[i].level != NULL)
				export_json_string(f, r[i].level);
			else
				reasons_number(f, r[i].value, 1);
			fputs(",\"contribution\":", f);
			reasons_number(f, r[i].phi, 1);
			fputs(",\"stderr\":", f);
			reasons_number(f, r[i].se, 1);
			fprintf(f, ",\"tie\":%s,\"imputed\":", r[i].tie ?
			    "true" : "false");
			export_json_string_or_null(f, r[i].imputed != 0 ?
			    impute_name((enum gs_impute)r[i].imputed) : NULL);
			fputc('}', f);
			continue;
		}
		fprintf(f, "%zu,%zu,%s,%s,%zu,", ex->row, ex->target,
		    method_name(ex->method), reasons_adverse_name(dir),
		    i + 1);
		export_csv_field(f, r[i].name);
		fputc(',', f);
		if (r[i].level != NULL)
			export_csv_field(f, r[i].level);
		else
			reasons_number(f, r[i].value, 0);
		fputc(',', f);
		reasons_number(f, r[i].phi, 0);
		fputc(',', f);
		reasons_number(f, r[i].se, 0);
		fprintf(f, ",%d,%s\n", r[i].tie, r[i].imputed != 0 ?
		    impute_name((enum gs_impute)r[i].imputed) : "");
	}
	if (json)
		fputs("]}\n", f);
	free(r);
	features_clear(&fs);
}

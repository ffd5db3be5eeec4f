/* SPDX-License-Identifier: ISC */
/*
 * A report on what a session explained: everything report_write needs
 * that the session knows (file paths, names, column ranges, imputed
 * cells, the output's scale, the image shape, the command that reproduces
 * the numbers), gathered once for the CLI, the REPL and Lua.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "core/xmalloc.h"
#include "data/encode.h"
#include "session/features.h"
#include "session/report.h"
#include "session/reproduce.h"

/* The absolute path of path (owned), or a copy of path when it has none. */
static char *
report_abspath(const char *path)
{
	char	*p = realpath(path, NULL);

	return (p != NULL ? p : xstrdup(path));
}

int
report_columns(const struct gs_session *s, char *target, size_t tsize,
    char *drop, size_t dsize, struct gs_error *err)
{
	const struct gs_dataset	*ds = s->data;
	const struct gs_selection *sel = &s->sel;
	size_t			 c, j, len = 0, n;
	int			 in;

	target[0] = drop[0] = '\0';
	/* One-hot inputs of one column are neighbours. */
	for (j = 1; j < sel->n; j++)
		if (sel->cols[j] < sel->cols[j - 1])
			return (gs_error_set(err, GS_EINVAL, "the columns were "
			    "taken in another order than the file's"));
	if (sel->target >= 0 && (size_t)snprintf(target, tsize, "%s",
	    ds->cols[sel->target].name) >= tsize)
		return (gs_error_set(err, GS_EINVAL, "the target's name is too "
		    "long"));
	for (c = 0; c < ds->ncols; c++) {
		for (in = 0, j = 0; j < sel->n; j++)
			in |= sel->cols[j] == c;
		if (in || (long)c == sel->target)
			continue;
		n = strlen(ds->cols[c].name);
		if (strchr(ds->cols[c].name, ',') != NULL || len + n + 2 > dsize)
			return (gs_error_set(err, GS_EINVAL, "the columns left "
			    "out cannot be given as --drop"));
		len += (size_t)snprintf(drop + len, dsize - len, "%s%s",
		    len > 0 ? "," : "", ds->cols[c].name);
	}
	return (0);
}

/* The absolute path of the schema s's data was read by (owned), or NULL. */
static char *
report_schema(const struct gs_session *s)
{
	const struct gs_encoding *enc = s->sel.enc;

	return (enc != NULL && enc->schema != NULL ? report_abspath(enc->schema) :
	    NULL);
}

/*
 * The ranges of the columns of reference that have the names of s's input
 * columns, into r[0..s->sel.n). Errors: those of dataset_load and
 * range_column, GS_EINVAL naming a column the reference lacks.
 */
static int
report_reference(const struct gs_session *s, const char *path,
    const struct gs_dataset *given, struct gs_range *r, struct gs_error *err)
{
	struct gs_dataset	*loaded = NULL;
	const struct gs_dataset	*ref = given;
	const char		*name;
	size_t			 i, k;
	long			 c;

	if (ref == NULL && (ref = loaded = dataset_load(path, err)) == NULL)
		return (-1);
	for (i = 0; i < s->sel.n; i++) {
		name = s->data->cols[s->sel.cols[i]].name;
		if ((c = dataset_column(ref, name)) < 0) {
			gs_error_set(err, GS_EINVAL, "%s: no column '%s' (the "
			    "reference needs the data's input columns)", path,
			    name);
			goto fail;
		}
		if (range_column(ref, (size_t)c, &r[i], err) != 0)
			goto fail;
	}
	dataset_free(loaded);
	return (0);
fail:
	for (k = 0; k < i; k++)
		range_clear(&r[k]);
	dataset_free(loaded);
	return (-1);
}

/* Why ex's values are not its data row's (a what-if edit), or NULL. */
static const char *
report_edited(const struct gs_report_job *j, const struct gs_explanation *ex)
{
	const struct gs_session	*s = j->s;
	struct gs_error		 err;
	double			*x;
	size_t			 i;
	int			 same = 1;

	if (ex->row >= s->data->nrows || ex->d != s->sel.n)
		return ("the explanation is not of a data row");
	x = xcalloc(ex->d + 1, sizeof *x);
	if (dataset_row(s->data, &s->sel, ex->row, j->st->impute, x,
	    &err) != 0)
		same = 0;
	for (i = 0; same && i < ex->d; i++)
		same = x[i] == ex->value[i] || (isnan(x[i]) &&
		    isnan(ex->value[i]));
	free(x);
	return (same ? NULL : "the values were edited (a what-if), not read "
	    "from the data row");
}

/* The reproducing command(s): one for consecutive rows, else one a row. */
static char *
report_command(const struct gs_report_job *j,
    const struct gs_explanation *const *ex, size_t n)
{
	struct gs_reproduce	 rp;
	char			*cmd = NULL, *one;
	size_t			 i, len = 0, m;
	int			 consecutive = 1;

	memset(&rp, 0, sizeof rp);
	rp.model = report_abspath(j->s->model_path);
	rp.data = report_abspath(j->s->data->path);
	rp.target = j->target;
	rp.drop = j->drop;
	rp.schema = report_schema(j->s);
	rp.classes = j->s->classes_cli;
	for (i = 1; i < n; i++)
		if (ex[i]->row != ex[i - 1]->row + 1)
			consecutive = 0;
	for (i = 0; i < n; i++) {
		rp.first = ex[i]->row;
		rp.last = consecutive ? ex[n - 1]->row + 1 : rp.first + 1;
		one = reproduce_command(&rp, j->st);
		m = strlen(one);
		cmd = xreallocarray(cmd, len + m + 2, 1);
		memcpy(cmd + len, one, m);
		len += m;
		cmd[len++] = '\n';
		cmd[len] = '\0';
		free(one);
		if (consecutive)
			break;
	}
	if (len > 0)
		cmd[len - 1] = '\0';
	free((char *)rp.model);
	free((char *)rp.data);
	free((char *)rp.schema);
	return (cmd);
}

int
report_session(FILE *f, const struct gs_report_job *j,
    const struct gs_explanation *const *ex, size_t n, struct gs_error *err)
{
	const struct gs_session	*s = j->s;
	struct gs_report	 r;
	struct gs_report_row	*rows;
	struct gs_range		*ranges;
	struct gs_features	*fs;
	struct gs_report_job	 jj = *j;
	struct gs_error		 e2;
	char			*cmd, *model_path, *data_path, *schema_path;
	char			*ref_path = NULL, target[256], drop[4096];
	char			(*labels)[128];
	size_t			 d = s->sel.n, i;
	int			 rc = -1;

	if (n == 0)
		return (gs_error_set(err, GS_EINVAL, "no rows to report on"));
	ranges = xcalloc(d + 1, sizeof *ranges);
	if ((j->reference != NULL ? report_reference(s, j->reference,
	    j->reference_ds, ranges, err) : range_selection(s->data, &s->sel, ranges, err)) != 0) {
		free(ranges);
		return (-1);
	}
	memset(&r, 0, sizeof r);
	if (j->reasons != NULL)
		r.reasons = *j->reasons;
	else
		reasons_opts_default(&r.reasons);
	rows = xcalloc(n, sizeof *rows);
	fs = xcalloc(n, sizeof *fs);
	labels = xcalloc(n, sizeof *labels);
	for (i = 0; i < n; i++) {
		features_get(&fs[i], s, s->names, j->st->impute, ex[i]);
		rows[i].ex = ex[i];
		rows[i].fs = &fs[i];
		rows[i].label = session_output_label(s, ex[i]->target,
		    labels[i], sizeof labels[i]);
		rows[i].class_name = session_class_name(s, ex[i]->target);
		rows[i].adverse = reasons_adverse_of(&r.reasons, s,
		    ex[i]->target);
	}
	/* What the command needs, and whether one can reproduce the run. */
	if (jj.target == NULL && jj.drop == NULL && jj.no_command == NULL &&
	    (s->sel.enc == NULL || s->sel.enc->schema == NULL)) {
		if (report_columns(s, target, sizeof target, drop, sizeof drop,
		    &e2) != 0)
			jj.no_command = "its columns cannot be chosen with "
			    "--target and --drop";
		jj.target = target[0] != '\0' ? target : NULL;
		jj.drop = drop[0] != '\0' ? drop : NULL;
	}
	for (i = 0; i < n && jj.no_command == NULL; i++)
		jj.no_command = report_edited(j, ex[i]);
	j = &jj;
	model_path = report_abspath(s->model_path);
	data_path = report_abspath(s->data->path);
	schema_path = report_schema(s);
	if (j->reference != NULL)
		ref_path = report_abspath(j->reference);
	r.version = PACKAGE_VERSION;
	r.model_name = model_name(s->model);
	r.model_path = model_path;
	r.data_name = s->data->name;
	r.data_path = data_path;
	r.schema_path = schema_path;
	r.data_rows = s->data->nrows;
	r.output = model_output_name(s->model, s->output);
	r.scale = output_scale_name(model_output_scale(s->model, s->output,
	    ex[0]->target));
	r.names = s->names;
	r.ranges = ranges;
	r.ranges_from = ref_path;
	r.impute_how = j->st->impute != GS_IMPUTE_ERROR ?
	    impute_name((enum gs_impute)j->st->impute) : NULL;
	r.groups = strcmp(j->st->groups, "off") != 0 ? j->st->groups : NULL;
	r.command = cmd = j->no_command == NULL ? report_command(j, ex, n) :
	    NULL;
	r.no_command = j->no_command;
	r.model_sha256 = j->model_sha256;
	r.data_sha256 = j->data_sha256;
	r.threads = j->threads;
	if (j->svg != NULL)
		r.svg = *j->svg;
	else
		svg_opts_default(&r.svg);
	svg_image_shape(s->model, d, &r.svg);
	r.pair = j->pair;
	rc = report_write(f, &r, rows, n, err);
	for (i = 0; i < d; i++)
		range_clear(&ranges[i]);
	for (i = 0; i < n; i++)
		features_clear(&fs[i]);
	free(ranges);
	free(rows);
	free(fs);
	free(labels);
	free(cmd);
	free(model_path);
	free(data_path);
	free(schema_path);
	free(ref_path);
	return (rc);
}

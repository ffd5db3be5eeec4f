/* SPDX-License-Identifier: ISC */
/*
 * An explanation's features as shown: encoded features with their
 * levels, and the cells the missing-value policy filled in.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dtoa.h"
#include "core/xmalloc.h"
#include "data/encode.h"
#include "session/features.h"

/*
 * The policy that filled each model input of ex (flags, ex->d entries):
 * encode ex's data row again and keep the flags of the inputs ex still
 * holds as filled. All 0 when the row cannot be encoded.
 */
static void
features_flags(const struct gs_dataset *ds, const struct gs_selection *sel,
    int impute, const struct gs_explanation *ex, unsigned char *flags)
{
	struct gs_error	 err;
	double		*x;
	size_t		 i;

	memset(flags, 0, ex->d);
	if (ds == NULL || sel == NULL || sel->enc == NULL || ex->d != sel->n ||
	    ex->row >= ds->nrows || !dataset_row_missing(ds, sel, ex->row))
		return;
	x = xcalloc(ex->d, sizeof *x);
	if (encode_row(ds, sel, ex->row, impute, x, flags, &err) != 0)
		memset(flags, 0, ex->d);
	for (i = 0; i < ex->d; i++)
		if (flags[i] != 0 && !(x[i] == ex->value[i] ||
		    (isnan(x[i]) && isnan(ex->value[i]))))
			flags[i] = 0;
	free(x);
}

/* The text of r's value: "rent", "5404", "(median) 125". */
static void
features_text(struct gs_feature_row *r)
{
	char	num[48];

	if (r->level != NULL)
		snprintf(num, sizeof num, "%s", r->level);
	else if (isnan(r->value))
		snprintf(num, sizeof num, "%s", r->width > 1 ? "?" : "NaN");
	else if (r->imputed == 0) {
		/* The common case, without printf (explain --all). */
		num[dtoa_g6(r->value, num)] = '\0';
		memcpy(r->text, num, strlen(num) + 1);
		return;
	} else
		num[dtoa_g6(r->value, num)] = '\0';
	if (r->imputed != 0)
		snprintf(r->text, sizeof r->text, "(%s) %s",
		    impute_name((enum gs_impute)r->imputed), num);
	else
		snprintf(r->text, sizeof r->text, "%s", num);
}

void
features_get(struct gs_features *fs, const struct gs_session *s,
    const char *const *names, int impute, const struct gs_explanation *ex)
{
	features_get_data(fs, s != NULL ? s->data : NULL, s != NULL ? &s->sel :
	    NULL, names, impute, ex);
}

/* features_get_data, with the rows' texts when text (else left empty). */
static void
features_fill(struct gs_features *fs, const struct gs_dataset *ds,
    const struct gs_selection *sel, const char *const *names, int impute,
    const struct gs_explanation *ex, int text)
{
	const struct gs_encoding *enc = NULL;
	const struct gs_feature	*f;
	struct gs_feature_row	*r;
	unsigned char		*flags;
	size_t			 k, j;
	long			 lv;

	memset(fs, 0, sizeof *fs);
	if (ds != NULL && sel != NULL && ex->d == sel->n)
		enc = sel->enc;
	flags = xcalloc(ex->d + 1, 1);
	features_flags(ds, sel, impute, ex, flags);
	fs->grouped = enc != NULL && ex->groups != NULL && ex->gphi != NULL &&
	    ex->groups->spec != NULL &&
	    strcmp(ex->groups->spec, "features") == 0 &&
	    ex->groups->n == enc->nfeat;
	fs->n = fs->grouped ? enc->nfeat : ex->d;
	fs->rows = xcalloc(fs->n + 1, sizeof *fs->rows);
	for (k = 0; k < fs->n; k++) {
		r = &fs->rows[k];
		if (fs->grouped) {
			f = &enc->feat[k];
			r->name = f->name;
			r->first = f->start;
			r->width = f->width;
			r->phi = ex->gphi[k];
			r->se = ex->gse != NULL ? ex->gse[k] : NAN;
			r->value = NAN;
			if (encode_categorical(enc, k)) {
				if ((lv = encode_level(enc, k, ex->value)) >= 0)
					r->level = f->levels[lv];
			} else if (f->width == 1)
				r->value = ex->value[f->start];
		} else {
			r->name = names != NULL ? names[k] : "";
			r->first = k;
			r->width = 1;
			r->phi = ex->phi[k];
			r->se = ex->se != NULL ? ex->se[k] : NAN;
			r->value = ex->value[k];
		}
		for (j = r->first; j < r->first + r->width; j++)
			if (flags[j] != 0 && r->imputed == 0)
				r->imputed = flags[j];
		if (r->imputed != 0)
			fs->imputed++;
		if (text)
			features_text(r);
	}
	free(flags);
}

void
features_get_data(struct gs_features *fs, const struct gs_dataset *ds,
    const struct gs_selection *sel, const char *const *names, int impute,
    const struct gs_explanation *ex)
{
	features_fill(fs, ds, sel, names, impute, ex, 1);
}

void
features_get_values(struct gs_features *fs, const struct gs_dataset *ds,
    const struct gs_selection *sel, const char *const *names, int impute,
    const struct gs_explanation *ex)
{
	features_fill(fs, ds, sel, names, impute, ex, 0);
}

void
features_clear(struct gs_features *fs)
{
	free(fs->rows);
	memset(fs, 0, sizeof *fs);
}

char *
features_label(const struct gs_feature_row *r, char *buf, size_t size)
{
	if (r->level != NULL)
		snprintf(buf, size, "%s = %s", r->name, r->text);
	else
		snprintf(buf, size, "%s = %s", r->text, r->name);
	return (buf);
}

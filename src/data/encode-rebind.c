/* SPDX-License-Identifier: ISC */
/*
 * One encoding for two files: the schema an encoding amounts to (every
 * feature with its levels declared in order, its width, drop and policy),
 * applied to another dataset with the same columns, such as a baseline
 * file, so that its rows are inputs of the same model.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "data/encode.h"

/* What the level function of a rebound function encoding reads. */
struct rebind_table {
	const struct gs_encoding *enc;	/* the original encoding, borrowed */
};

/* Copy n strings. */
static char **
rebind_strings(char *const *v, size_t n)
{
	char	**out = xcalloc(n + 1, sizeof *out);
	size_t	  i;

	for (i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return (out);
}

/* A function encoding's inputs for a level: the original's table row. */
static int
rebind_level(void *arg, const char *function, const char *level,
    double *out, size_t width, struct gs_error *err)
{
	const struct rebind_table *t = arg;
	const struct gs_feature	*f;
	size_t			 k, lv;

	for (k = 0; k < t->enc->nfeat; k++) {
		f = &t->enc->feat[k];
		if (f->encode != GS_ENCODE_FUNCTION ||
		    strcmp(f->name, function) != 0 || f->width != width)
			continue;
		for (lv = 0; lv < f->nlevels; lv++)
			if (strcmp(f->levels[lv], level) == 0) {
				memcpy(out, f->table + lv * width,
				    width * sizeof *out);
				return (0);
			}
	}
	return (gs_error_set(err, GS_EPARSE, "column '%s': no level '%s'",
	    function, level));
}

/* The schema that encodes as enc does (feature names become function names). */
static struct gs_schema *
rebind_schema(const struct gs_encoding *enc, const struct gs_dataset *ds,
    const char *path)
{
	struct gs_schema	*sc = xcalloc(1, sizeof *sc);
	struct gs_schema_column	*c;
	const struct gs_feature	*f;
	size_t			 k, j;

	sc->path = xstrdup(path);
	sc->n = enc->nfeat;
	sc->cols = xcalloc(enc->nfeat + 1, sizeof *sc->cols);
	for (k = 0; k < enc->nfeat; k++) {
		f = &enc->feat[k];
		c = &sc->cols[k];
		c->name = xstrdup(f->name);
		c->missing = f->own_policy ? (int)f->missing : -1;
		c->encode = f->encode;
		c->type = f->encode == GS_ENCODE_NUMBER ? GS_TYPE_NUMERIC :
		    GS_TYPE_CATEGORICAL;
		if (f->encode == GS_ENCODE_NUMBER) {
			c->has_fill = f->fill_given;
			c->fill = f->fill;
			continue;
		}
		c->levels = rebind_strings(f->levels, f->nlevels);
		c->nlevels = f->nlevels;
		c->drop = f->dropped ? GS_DROP_FIRST : GS_DROP_NONE;
		if (f->fill_given && f->fill_level >= 0) {
			c->has_fill = 1;
			c->fill_level = xstrdup(f->levels[f->fill_level]);
		}
		if (f->encode == GS_ENCODE_FUNCTION) {
			c->function = xstrdup(f->name);
			c->width = f->width;
		}
		if (f->encode == GS_ENCODE_INDICATORS) {
			c->nmembers = f->nlevels;
			c->members = xcalloc(f->nlevels, sizeof *c->members);
			for (j = 0; j < f->nlevels; j++)
				c->members[j] = xstrdup(ds->cols[f->cols[j]].name);
		}
	}
	return (sc);
}

int
encode_rebind(const struct gs_selection *sel, const struct gs_dataset *ds,
    const struct gs_dataset *other, struct gs_selection *out,
    struct gs_error *err)
{
	struct gs_encode_opts	 o;
	struct gs_schema	*sc;
	struct rebind_table	 t;
	size_t			 k;
	int			 rc;

	sc = rebind_schema(sel->enc, ds, ds->path);
	t.enc = sel->enc;
	memset(&o, 0, sizeof o);
	o.schema = sc;
	o.expect = sel->n;
	o.level_fn = rebind_level;
	o.level_arg = &t;
	rc = encode_select(other, &o, out, err);
	if (rc == 0) {
		out->enc->policy_given = sel->enc->policy_given;
		out->enc->policy_spelled = sel->enc->policy_spelled;
		/* Messages name the schema and lines the user wrote. */
		if (sel->enc->schema != NULL) {
			free(out->enc->schema);
			out->enc->schema = xstrdup(sel->enc->schema);
		}
		for (k = 0; k < out->enc->nfeat && k < sel->enc->nfeat; k++)
			out->enc->feat[k].schema_line =
			    sel->enc->feat[k].schema_line;
	}
	schema_free(sc);
	return (rc);
}

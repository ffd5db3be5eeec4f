/* SPDX-License-Identifier: ISC */
/*
 * Class names: lists parsed from the command line or a model's metadata,
 * the first source that has one, fitted to the output's elements.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "data/classes.h"
#include "data/encode.h"
#include "data/json.h"

/* Free n names. */
static void
classes_free_list(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * Split a comma-separated list into *out (n names, blanks trimmed); a
 * text starting with '[' is a JSON array of strings. Returns -1 on an
 * empty or repeated name, or malformed JSON (err names what as the
 * source).
 */
static int
classes_split(const char *s, const char *what, char ***out, size_t *n,
    struct gs_error *err)
{
	struct gs_json	*j;
	struct gs_error	 e;
	const char	*p = s, *b, *q;
	char		**v = NULL;
	size_t		 i, k, cap = 0;

	*out = NULL;
	*n = 0;
	if (*s == '[') {
		if ((j = json_parse(s, strlen(s), what, &e)) == NULL)
			return (gs_error_set(err, GS_EINVAL, "%s", e.msg));
		for (i = 0; j->type == GS_JSON_ARRAY && i < j->n; i++)
			if (j->items[i].type != GS_JSON_STRING)
				break;
		if (j->type != GS_JSON_ARRAY || i < j->n) {
			json_free(j);
			return (gs_error_set(err, GS_EINVAL, "%s: the classes "
			    "must be an array of strings", what));
		}
		v = xcalloc(j->n + 1, sizeof *v);
		for (i = 0; i < j->n; i++)
			v[i] = xstrdup(j->items[i].str);
		*n = j->n;
		json_free(j);
	} else {
		for (;;) {
			q = strchr(p, ',');
			if (q == NULL)
				q = p + strlen(p);
			b = p;
			while (b < q && (*b == ' ' || *b == '\t'))
				b++;
			while (q > b && (q[-1] == ' ' || q[-1] == '\t'))
				q--;
			if (*n == cap) {
				cap = cap == 0 ? 8 : 2 * cap;
				v = xreallocarray(v, cap, sizeof *v);
			}
			v[(*n)++] = xstrndup(b, (size_t)(q - b));
			p = strchr(p, ',');
			if (p == NULL)
				break;
			p++;
		}
	}
	for (i = 0; i < *n; i++) {
		if (v[i][0] == '\0') {
			gs_error_set(err, GS_EINVAL, "%s: class %zu has an empty "
			    "name", what, i + 1);
			goto fail;
		}
		for (k = 0; k < i; k++)
			if (strcmp(v[k], v[i]) == 0) {
				gs_error_set(err, GS_EINVAL, "%s: class '%s' is "
				    "named twice", what, v[i]);
				goto fail;
			}
	}
	*out = v;
	return (0);
fail:
	classes_free_list(v, *n);
	*n = 0;
	return (-1);
}

/*
 * Fit n names from source from to an output of len elements into c:
 * one for one, or the second of two for a single element. Takes v.
 */
static int
classes_fit(struct gs_classes *c, size_t len, char **v, size_t n,
    const char *from, struct gs_error *err)
{
	if (n == len) {
		c->names = v;
		c->n = n;
	} else if (len == 1 && n == 2) {
		c->names = xcalloc(1, sizeof *c->names);
		c->names[0] = v[1];
		c->n = 1;
		free(v[0]);
		free(v);
	} else {
		classes_free_list(v, n);
		return (gs_error_set(err, GS_ESHAPE, "%s: %zu class names but "
		    "the output has %zu element%s%s", from, n, len,
		    len == 1 ? "" : "s", len == 1 ? " (one name, or two for "
		    "a probability of the second)" : ""));
	}
	c->from = xstrdup(from);
	return (0);
}

/* The place of name among the n names, or -1. */
static long
classes_place(char *const *names, size_t n, const char *name)
{
	size_t	k;

	for (k = 0; k < n; k++)
		if (strcmp(names[k], name) == 0)
			return ((long)k);
	return (-1);
}

int
classes_resolve(struct gs_classes *c, size_t len, const char *cli,
    const char *spelled, const struct gs_dataset *ds, const struct gs_selection *sel,
    const char *meta, struct gs_error *err)
{
	const struct gs_encoding *enc = sel != NULL ? sel->enc : NULL;
	char			**v, *from = NULL;
	size_t			 n, k;
	long			 p;
	int			 rc = 0;

	memset(c, 0, sizeof *c);
	c->positive = -1;
	if (cli != NULL && *cli != '\0') {
		if (spelled == NULL)
			spelled = "--classes";
		if (classes_split(cli, spelled, &v, &n, err) != 0)
			return (-1);
		rc = classes_fit(c, len, v, n, spelled, err);
	} else if (enc != NULL && enc->nclasses > 0) {
		v = xcalloc(enc->nclasses + 1, sizeof *v);
		for (k = 0; k < enc->nclasses; k++)
			v[k] = xstrdup(enc->classes[k]);
		if (enc->schema != NULL)
			from = xstrdup(enc->schema);
		else if (ds != NULL && sel->target >= 0)
			xasprintf(&from, "the levels of %s",
			    ds->cols[sel->target].name);
		else
			from = xstrdup("the levels of the target");
		rc = classes_fit(c, len, v, enc->nclasses, from, err);
	} else if (meta != NULL && *meta != '\0') {
		if (classes_split(meta, "the model's metadata", &v, &n,
		    err) != 0)
			return (-1);
		rc = classes_fit(c, len, v, n, "the model's metadata", err);
	}
	free(from);
	if (rc != 0) {
		classes_clear(c);
		return (-1);
	}
	/*
	 * The positive class: the schema's, by name, or by its place among
	 * the schema's classes when the user renamed them (the same element).
	 */
	if (enc != NULL && enc->positive != NULL && c->n > 0 &&
	    (p = classes_find(c, enc->positive)) >= 0)
		c->positive = p;
	else if (enc != NULL && enc->positive != NULL && c->n > 0 &&
	    enc->nclasses == len && (p = classes_place(enc->classes,
	    enc->nclasses, enc->positive)) >= 0)
		c->positive = p;
	else if (len == 2)
		c->positive = 1;
	else if (len == 1)
		c->positive = 0;
	return (0);
}

const char *
classes_name(const struct gs_classes *c, size_t k)
{
	return (c != NULL && k < c->n ? c->names[k] : NULL);
}

long
classes_find(const struct gs_classes *c, const char *name)
{
	size_t	k;
	char	*end;
	long	 v;

	for (k = 0; c != NULL && k < c->n; k++)
		if (strcmp(c->names[k], name) == 0)
			return ((long)k);
	if (*name >= '0' && *name <= '9') {
		v = strtol(name, &end, 10);
		if (*end == '\0' && v >= 0)
			return (v);
	}
	return (-1);
}

void
classes_clear(struct gs_classes *c)
{
	if (c == NULL)
		return;
	classes_free_list(c->names, c->n);
	free(c->from);
	memset(c, 0, sizeof *c);
	c->positive = -1;
}

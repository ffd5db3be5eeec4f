/* SPDX-License-Identifier: ISC */
/*
 * Schema files: a JSON object read into struct gs_schema, every value
 * checked for its type and its fit with the rest of its entry, each
 * message naming the file, line and column of the value at fault.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/names.h"
#include "core/xmalloc.h"
#include "data/impute.h"
#include "data/json.h"
#include "data/schema.h"

static const char *const schema_roles[] = { "input", "target", "ignore" };
_Static_assert(sizeof schema_roles / sizeof schema_roles[0] ==
    GS_COLUMN_ROLE_COUNT, "schema_roles must name every role");

static const char *const schema_types[] = {
	"auto", "numeric", "categorical"
};
_Static_assert(sizeof schema_types / sizeof schema_types[0] ==
    GS_TYPE_COUNT, "schema_types must name every type");

static const char *const schema_encodes[] = {
	"auto", "number", "onehot", "ordinal", "function", "indicators"
};
_Static_assert(sizeof schema_encodes / sizeof schema_encodes[0] ==
    GS_ENCODE_COUNT, "schema_encodes must name every encoding");

static const char *const schema_drops[] = { "none", "first", "if_binary" };
_Static_assert(sizeof schema_drops / sizeof schema_drops[0] ==
    GS_DROP_COUNT, "schema_drops must name every drop");

/* The keys an entry of "columns" may have. */
static const char *const schema_column_keys[] = {
	"name", "role", "type", "encoding", "levels", "drop", "missing",
	"fill", "function", "width", "columns", "prefix"
};

/* The keys of the top object. */
static const char *const schema_top_keys[] = {
	"columns", "classes", "positive", "comment"
};

/* The loader of Lua schemas (schema_set_loader), or NULL. */
static gs_schema_loader schema_lua_loader;

/*
 * Fail with msg at value v: "path:line:col: msg", or "path:line: msg"
 * for a value known by its line alone (a Lua schema's), or "path: msg".
 */
static int
schema_at(const char *path, const struct gs_json *v, struct gs_error *err,
    const char *msg)
{
	if (v->line == 0)
		return (gs_error_set(err, GS_EPARSE, "%s: %s", path, msg));
	if (v->col == 0)
		return (gs_error_set(err, GS_EPARSE, "%s:%zu: %s", path,
		    v->line, msg));
	return (gs_error_set(err, GS_EPARSE, "%s:%zu:%zu: %s", path, v->line,
	    v->col, msg));
}

/* Fail at value v of the schema, with a printf-style message. */
static int
schema_fail(const char *path, const struct gs_json *v, struct gs_error *err,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
schema_fail(const char *path, const struct gs_json *v, struct gs_error *err,
    const char *fmt, ...)
{
	va_list	ap;
	char	msg[800];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return (schema_at(path, v, err, msg));
}

/* Fail because v, the value of key, is not of type want. */
static int
schema_type_fail(const char *path, const struct gs_json *v, const char *key,
    const char *want, struct gs_error *err)
{
	char	msg[200];

	snprintf(msg, sizeof msg, "\"%s\" must be %s, not %s", key, want,
	    json_type_name(v->type));
	return (schema_at(path, v, err, msg));
}

/* The index of s among the n names, or -1. */
static long
schema_find(const char *s, const char *const *names, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return ((long)i);
	return (-1);
}

/*
 * A string value naming one of n words into *out; otherwise an error
 * listing them, with a suggestion for a near miss.
 */
static int
schema_word(const char *path, const struct gs_json *v, const char *key,
    const char *const *names, size_t n, int *out, struct gs_error *err)
{
	char	list[200], msg[400];
	size_t	best, best_d;
	long	k;

	if (v->type != GS_JSON_STRING)
		return (schema_type_fail(path, v, key, "a string", err));
	if ((k = schema_find(v->str, names, n)) >= 0) {
		*out = (int)k;
		return (0);
	}
	best = names_closest(v->str, names, n, &best_d);
	names_list(list, sizeof list, names, n, "words");
	if (best_d <= 2)
		snprintf(msg, sizeof msg, "\"%s\": unknown value \"%.60s\"; did "
		    "you mean \"%s\"?", key, v->str, names[best]);
	else
		snprintf(msg, sizeof msg, "\"%s\": unknown value \"%.60s\" (one "
		    "of %s)", key, v->str, list);
	return (schema_at(path, v, err, msg));
}

/* Check that object o has only the n keys listed (a typo is an error). */
static int
schema_keys(const char *path, const struct gs_json *o,
    const char *const *keys, size_t n, const char *where,
    struct gs_error *err)
{
	size_t	i, best, best_d;
	char	msg[400], list[300];

	for (i = 0; i < o->n; i++) {
		if (schema_find(o->keys[i], keys, n) >= 0)
			continue;
		best = names_closest(o->keys[i], keys, n, &best_d);
		names_list(list, sizeof list, keys, n, "keys");
		if (best_d <= 2)
			snprintf(msg, sizeof msg, "unknown key \"%.60s\" %s; did "
			    "you mean \"%s\"?", o->keys[i], where, keys[best]);
		else
			snprintf(msg, sizeof msg, "unknown key \"%.60s\" %s (the "
			    "keys are %s)", o->keys[i], where, list);
		return (schema_at(path, &o->items[i], err, msg));
	}
	return (0);
}

/*
 * A level: a string, or a number written as its shortest form ("1",
 * "2.5"), as a categorical column's numeric cells are named.
 */
static int
schema_level(const char *path, const struct gs_json *v, const char *key,
    char **out, struct gs_error *err)
{
	char	buf[40];

	if (v->type == GS_JSON_STRING) {
		if (v->str[0] == '\0')
			return (schema_fail(path, v, err, "\"%s\": a level "
			    "cannot be empty (an empty cell is a missing "
			    "value)", key));
		*out = xstrdup(v->str);
		return (0);
	}
	if (v->type == GS_JSON_NUMBER) {
		snprintf(buf, sizeof buf, "%.17g", v->num);
		for (int p = 1; p <= 17; p++) {
			snprintf(buf, sizeof buf, "%.*g", p, v->num);
			if (strtod(buf, NULL) == v->num)
				break;
		}
		*out = xstrdup(buf);
		return (0);
	}
	return (schema_type_fail(path, v, key, "a string or a number", err));
}

/* An array of distinct names (levels, classes or columns) into *out. */
static int
schema_names(const char *path, const struct gs_json *v, const char *key,
    char ***out, size_t *n, struct gs_error *err)
{
	char	**names;
	size_t	  i, k;

	*out = NULL;
	*n = 0;
	if (v->type != GS_JSON_ARRAY)
		return (schema_type_fail(path, v, key, "an array", err));
	if (v->n == 0)
		return (schema_fail(path, v, err, "\"%s\" is empty; list at "
		    "least one", key));
	names = xcalloc(v->n, sizeof *names);
	for (i = 0; i < v->n; i++) {
		if (schema_level(path, &v->items[i], key, &names[i],
		    err) != 0)
			goto fail;
		for (k = 0; k < i; k++) {
			if (strcmp(names[k], names[i]) == 0) {
				schema_fail(path, &v->items[i], err, "\"%s\" "
				    "lists \"%.60s\" twice", key, names[i]);
				goto fail;
			}
		}
	}
	*out = names;
	*n = v->n;
	return (0);
fail:
	for (k = 0; k < v->n; k++)
		free(names[k]);
	free(names);
	return (-1);
}

/* Free what one entry owns. */
static void
schema_column_clear(struct gs_schema_column *c)
{
	size_t	i;

	free(c->name);
	for (i = 0; i < c->nlevels; i++)
		free(c->levels[i]);
	free(c->levels);
	free(c->fill_level);
	free(c->function);
	for (i = 0; i < c->nmembers; i++)
		free(c->members[i]);
	free(c->members);
	free(c->prefix);
	memset(c, 0, sizeof *c);
}

/* Check that an entry's options fit together (type, encoding, extras). */
static int
schema_column_check(const char *path, const struct gs_json *o,
    struct gs_schema_column *c, struct gs_error *err)
{
	const struct gs_json	*v;
	const char		*enc = schema_encodes[c->encode];

	/* The encoding says the type where the type is not given. */
	if (c->type == GS_TYPE_AUTO && c->encode != GS_ENCODE_AUTO)
		c->type = c->encode == GS_ENCODE_NUMBER ? GS_TYPE_NUMERIC :
		    GS_TYPE_CATEGORICAL;
	if (c->type == GS_TYPE_NUMERIC && c->encode != GS_ENCODE_AUTO &&
	    c->encode != GS_ENCODE_NUMBER)
		return (schema_fail(path, json_get(o, "encoding"), err,
		    "column \"%.60s\" is numeric, but \"%s\" encodes a "
		    "category; make it \"type\": \"categorical\"", c->name,
		    enc));
	if (c->type == GS_TYPE_CATEGORICAL && c->encode == GS_ENCODE_NUMBER)
		return (schema_fail(path, json_get(o, "encoding"), err,
		    "column \"%.60s\" is categorical, and a category is no "
		    "number; use onehot, ordinal or function", c->name));
	if ((v = json_get(o, "levels")) != NULL &&
	    c->type == GS_TYPE_NUMERIC)
		return (schema_fail(path, v, err, "column \"%.60s\" is "
		    "numeric and has no levels", c->name));
	if ((v = json_get(o, "drop")) != NULL &&
	    c->encode != GS_ENCODE_ONEHOT && c->encode != GS_ENCODE_AUTO)
		return (schema_fail(path, v, err, "\"drop\" is for onehot, not "
		    "%s", enc));
	if ((v = json_get(o, "function")) != NULL &&
	    c->encode != GS_ENCODE_FUNCTION)
		return (schema_fail(path, v, err, "\"function\" needs "
		    "\"encoding\": \"function\""));
	if ((v = json_get(o, "width")) != NULL &&
	    c->encode != GS_ENCODE_FUNCTION)
		return (schema_fail(path, v, err, "\"width\" is for "
		    "\"encoding\": \"function\""));
	if (c->encode == GS_ENCODE_FUNCTION && (c->function == NULL ||
	    c->width == 0))
		return (schema_fail(path, o, err, "column \"%.60s\": "
		    "\"encoding\": \"function\" needs \"function\" (its name) "
		    "and \"width\" (the inputs it gives a level)", c->name));
	if ((v = json_get(o, "columns")) != NULL &&
	    c->encode != GS_ENCODE_INDICATORS)
		return (schema_fail(path, v, err, "\"columns\" is for "
		    "\"encoding\": \"indicators\""));
	if ((v = json_get(o, "prefix")) != NULL &&
	    c->encode != GS_ENCODE_INDICATORS)
		return (schema_fail(path, v, err, "\"prefix\" is for "
		    "\"encoding\": \"indicators\""));
	if (c->encode == GS_ENCODE_INDICATORS) {
		if ((c->nmembers == 0) == (c->prefix == NULL))
			return (schema_fail(path, o, err, "column \"%.60s\": "
			    "\"encoding\": \"indicators\" needs either "
			    "\"columns\" (the 0/1 data columns, one a level) "
			    "or \"prefix\"", c->name));
		if (c->levels != NULL && c->nmembers != 0 &&
		    c->nlevels != c->nmembers)
			return (schema_fail(path, json_get(o, "levels"), err,
			    "column \"%.60s\": \"levels\" must name each of "
			    "the \"columns\", one for one", c->name));
		if (c->missing >= 0 && c->missing != GS_IMPUTE_ERROR &&
		    c->missing != GS_IMPUTE_SKIP)
			return (schema_fail(path, json_get(o, "missing"), err,
			    "column \"%.60s\": indicator columns are filled "
			    "by no policy; use error or skip", c->name));
	}
	if (c->role != GS_COLUMN_INPUT && (c->encode != GS_ENCODE_AUTO ||
	    json_get(o, "missing") != NULL)) {
		v = c->encode != GS_ENCODE_AUTO ? json_get(o, "encoding") :
		    json_get(o, "missing");
		return (schema_fail(path, v, err, "column \"%.60s\" is no "
		    "input (role %s), so it is neither encoded nor imputed",
		    c->name, schema_roles[c->role]));
	}
	if ((v = json_get(o, "fill")) != NULL) {
		if (c->missing < 0 || !impute_fills(c->missing))
			return (schema_fail(path, v, err, "\"fill\" needs "
			    "\"missing\": \"mean\", \"median\" or \"mode\" "
			    "(the policy that computed it)"));
		if (c->type == GS_TYPE_NUMERIC && v->type != GS_JSON_NUMBER)
			return (schema_type_fail(path, v, "fill", "a number "
			    "(the column is numeric)", err));
	}
	return (0);
}

/* Read one entry of "columns" (object o) into c. */
static int
schema_column_read(const char *path, const struct gs_json *o,
    struct gs_schema_column *c, struct gs_error *err)
{
	const struct gs_json	*v;
	enum gs_impute		 p;
	int			 k;

	memset(c, 0, sizeof *c);
	c->missing = -1;
	c->line = o->line;
	c->col = o->col;
	if (o->type != GS_JSON_OBJECT)
		return (schema_type_fail(path, o, "columns", "an array of "
		    "objects", err));
	if (schema_keys(path, o, schema_column_keys, sizeof
	    schema_column_keys / sizeof schema_column_keys[0],
	    "in a column", err) != 0)
		return (-1);
	if ((v = json_get(o, "name")) == NULL)
		return (schema_fail(path, o, err, "a column without "
		    "\"name\""));
	if (v->type != GS_JSON_STRING || v->str[0] == '\0')
		return (schema_type_fail(path, v, "name", "a non-empty string",
		    err));
	c->name = xstrdup(v->str);
	if ((v = json_get(o, "role")) != NULL) {
		if (schema_word(path, v, "role", schema_roles,
		    GS_COLUMN_ROLE_COUNT, &k, err) != 0)
			return (-1);
		c->role = (enum gs_column_role)k;
	}
	if ((v = json_get(o, "type")) != NULL) {
		if (schema_word(path, v, "type", schema_types, GS_TYPE_COUNT,
		    &k, err) != 0)
			return (-1);
		c->type = (enum gs_column_type)k;
	}
	if ((v = json_get(o, "encoding")) != NULL) {
		if (schema_word(path, v, "encoding", schema_encodes,
		    GS_ENCODE_COUNT, &k, err) != 0)
			return (-1);
		c->encode = (enum gs_encode)k;
	}
	if ((v = json_get(o, "levels")) != NULL) {
		if (v->type == GS_JSON_STRING && strcmp(v->str, "sorted") == 0)
			;	/* the default: sorted from the data */
		else if (v->type == GS_JSON_STRING)
			return (schema_fail(path, v, err, "\"levels\" is a "
			    "list of levels, or \"sorted\" (sorted as "
			    "scikit-learn and pandas sort them), not "
			    "\"%.60s\"", v->str));
		else if (schema_names(path, v, "levels", &c->levels,
		    &c->nlevels, err) != 0)
			return (-1);
	}
	if ((v = json_get(o, "drop")) != NULL) {
		if (v->type == GS_JSON_NULL)
			c->drop = GS_DROP_NONE;
		else if (schema_word(path, v, "drop", schema_drops,
		    GS_DROP_COUNT, &k, err) != 0)
			return (-1);
		else
			c->drop = (enum gs_drop)k;
	}
	if ((v = json_get(o, "missing")) != NULL) {
		if (v->type != GS_JSON_STRING)
			return (schema_type_fail(path, v, "missing", "a string",
			    err));
		if (impute_parse(v->str, &p) != 0)
			return (schema_fail(path, v, err, "\"missing\": unknown "
			    "policy \"%.60s\" (one of %s)", v->str,
			    impute_names()));
		c->missing = (int)p;
	}
	if ((v = json_get(o, "fill")) != NULL) {
		c->has_fill = 1;
		if (v->type == GS_JSON_NUMBER)
			c->fill = v->num;
		else if (schema_level(path, v, "fill", &c->fill_level,
		    err) != 0)
			return (-1);
	}
	if ((v = json_get(o, "function")) != NULL) {
		if (v->type != GS_JSON_STRING || v->str[0] == '\0')
			return (schema_type_fail(path, v, "function",
			    "a non-empty string", err));
		c->function = xstrdup(v->str);
	}
	if ((v = json_get(o, "width")) != NULL) {
		if (v->type != GS_JSON_NUMBER || v->num < 1 ||
		    v->num > 4096 || v->num != floor(v->num))
			return (schema_type_fail(path, v, "width", "a whole "
			    "number from 1 to 4096", err));
		c->width = (size_t)v->num;
	}
	if ((v = json_get(o, "columns")) != NULL &&
	    schema_names(path, v, "columns", &c->members, &c->nmembers,
	    err) != 0)
		return (-1);
	if ((v = json_get(o, "prefix")) != NULL) {
		if (v->type != GS_JSON_STRING || v->str[0] == '\0')
			return (schema_type_fail(path, v, "prefix",
			    "a non-empty string", err));
		c->prefix = xstrdup(v->str);
	}
	return (schema_column_check(path, o, c, err));
}

/* Read the top object j into sc. */
static int
schema_read(struct gs_schema *sc, const struct gs_json *j,
    struct gs_error *err)
{
	const struct gs_json	*v, *cols;
	const char		*path = sc->path;
	size_t			 i, k, target = (size_t)-1;

	if (j->type != GS_JSON_OBJECT)
		return (schema_fail(path, j, err, "a schema is a JSON object "
		    "with \"columns\", not %s", json_type_name(j->type)));
	if (schema_keys(path, j, schema_top_keys, sizeof schema_top_keys /
	    sizeof schema_top_keys[0], "in the schema", err) != 0)
		return (-1);
	if ((cols = json_get(j, "columns")) == NULL)
		return (schema_fail(path, j, err, "the schema has no "
		    "\"columns\" (an array with an entry per column)"));
	if (cols->type != GS_JSON_ARRAY)
		return (schema_type_fail(path, cols, "columns", "an array",
		    err));
	sc->cols = xcalloc(cols->n + 1, sizeof *sc->cols);
	for (i = 0; i < cols->n; i++) {
		sc->n = i + 1;
		if (schema_column_read(path, &cols->items[i], &sc->cols[i],
		    err) != 0)
			return (-1);
		for (k = 0; k < i; k++) {
			if (strcmp(sc->cols[k].name, sc->cols[i].name) == 0)
				return (schema_fail(path, &cols->items[i], err,
				    "column \"%.60s\" has a second entry (the "
				    "first is on line %zu)", sc->cols[i].name,
				    sc->cols[k].line));
		}
		if (sc->cols[i].role == GS_COLUMN_TARGET) {
			if (target != (size_t)-1)
				return (schema_fail(path, &cols->items[i], err,
				    "a second target, \"%.60s\" (\"%.60s\" is "
				    "the first)", sc->cols[i].name,
				    sc->cols[target].name));
			target = i;
		}
	}
	if ((v = json_get(j, "classes")) != NULL) {
		sc->classes_line = v->line;
		if (schema_names(path, v, "classes", &sc->classes,
		    &sc->nclasses, err) != 0)
			return (-1);
	}
	if ((v = json_get(j, "positive")) != NULL) {
		sc->positive_line = v->line;
		if (schema_level(path, v, "positive", &sc->positive, err) != 0)
			return (-1);
		if (sc->nclasses > 0 && schema_find(sc->positive,
		    (const char *const *)sc->classes, sc->nclasses) < 0)
			return (schema_fail(path, v, err, "\"positive\": "
			    "\"%.60s\" is not one of the \"classes\"",
			    sc->positive));
	}
	return (0);
}

struct gs_schema *
schema_from_json(const struct gs_json *j, const char *path,
    struct gs_error *err)
{
	struct gs_schema	*sc;

	sc = xcalloc(1, sizeof *sc);
	sc->path = xstrdup(path);
	if (schema_read(sc, j, err) != 0) {
		schema_free(sc);
		return (NULL);
	}
	return (sc);
}

struct gs_schema *
schema_parse(const char *buf, size_t size, const char *name,
    struct gs_error *err)
{
	struct gs_schema	*sc;
	struct gs_json		*j;

	if ((j = json_parse(buf, size, name, err)) == NULL)
		return (NULL);
	sc = schema_from_json(j, name, err);
	json_free(j);
	return (sc);
}

void
schema_set_loader(gs_schema_loader fn)
{
	schema_lua_loader = fn;
}

int
schema_is_lua(const char *path)
{
	size_t	n = strlen(path);

	return (n > 4 && strcmp(path + n - 4, ".lua") == 0);
}

struct gs_schema *
schema_load(const char *path, struct gs_error *err)
{
	struct gs_schema	*sc;
	struct gs_json		*j;

	if (schema_is_lua(path)) {
		if (schema_lua_loader == NULL) {
			gs_error_set(err, GS_EUNSUPPORTED, "%s: a schema in "
			    "Lua needs gshap's script layer, which this "
			    "program lacks; write it in JSON", path);
			return (NULL);
		}
		return (schema_lua_loader(path, err));
	}
	if ((j = json_load(path, err)) == NULL)
		return (NULL);
	sc = schema_from_json(j, path, err);
	json_free(j);
	return (sc);
}

void
schema_free(struct gs_schema *sc)
{
	size_t	i;

	if (sc == NULL)
		return;
	for (i = 0; i < sc->n; i++)
		schema_column_clear(&sc->cols[i]);
	free(sc->cols);
	for (i = 0; i < sc->nclasses; i++)
		free(sc->classes[i]);
	free(sc->classes);
	free(sc->positive);
	free(sc->path);
	if (sc->level_free != NULL)
		sc->level_free(sc->level_arg);
	free(sc);
}

const struct gs_schema_column *
schema_column(const struct gs_schema *sc, const char *name)
{
	size_t	i;

	for (i = 0; sc != NULL && i < sc->n; i++)
		if (strcmp(sc->cols[i].name, name) == 0)
			return (&sc->cols[i]);
	return (NULL);
}

const char *
schema_role_name(enum gs_column_role r)
{
	return ((size_t)r < GS_COLUMN_ROLE_COUNT ? schema_roles[r] : "?");
}

const char *
schema_type_name(enum gs_column_type t)
{
	return ((size_t)t < GS_TYPE_COUNT ? schema_types[t] : "?");
}

const char *
schema_encode_name(enum gs_encode e)
{
	return ((size_t)e < GS_ENCODE_COUNT ? schema_encodes[e] : "?");
}

const char *
schema_drop_name(enum gs_drop d)
{
	return ((size_t)d < GS_DROP_COUNT ? schema_drops[d] : "?");
}

/* SPDX-License-Identifier: ISC */
/*
 * A schema: what each column of a dataset is to the model (an input, the
 * target, or ignored), its type, how a category is encoded into model
 * inputs (one-hot with levels in a declared or sorted order, ordinal, a
 * script's function, or indicator columns already one-hot in the data),
 * and what a missing cell becomes; and the names of the model's classes.
 * Read from a JSON file (gshap(1) "SCHEMA FILES" documents the format);
 * encode.c applies it to a dataset.
 */
#ifndef GS_SCHEMA_H
#define GS_SCHEMA_H

#include <stddef.h>

#include "core/error.h"

struct gs_json;

/* What a column is to the model. */
enum gs_column_role {
	GS_COLUMN_INPUT,	/* a model input (the default) */
	GS_COLUMN_TARGET,	/* the outcome the model predicts */
	GS_COLUMN_IGNORE,	/* neither (an id, a note) */
	GS_COLUMN_ROLE_COUNT
};

/* What a column's cells are. */
enum gs_column_type {
	GS_TYPE_AUTO,		/* as the data says: text makes a category */
	GS_TYPE_NUMERIC,	/* numbers; a text cell is an error */
	GS_TYPE_CATEGORICAL,	/* levels; numbers are levels too ("1", "2") */
	GS_TYPE_COUNT
};

/* How a feature becomes model inputs. */
enum gs_encode {
	GS_ENCODE_AUTO,		/* number for numbers, one-hot for a category */
	GS_ENCODE_NUMBER,	/* the value itself, one input */
	GS_ENCODE_ONEHOT,	/* one input per level: 1 at the row's level */
	GS_ENCODE_ORDINAL,	/* one input: the level's index, from 0 */
	GS_ENCODE_FUNCTION,	/* width inputs a script's function gives a level */
	GS_ENCODE_INDICATORS,	/* already one-hot: a block of 0/1 data columns */
	GS_ENCODE_COUNT
};

/* Which one-hot level is left out (scikit-learn's OneHotEncoder drop=). */
enum gs_drop {
	GS_DROP_NONE,		/* every level has its input */
	GS_DROP_FIRST,		/* the first level is all zeros */
	GS_DROP_IF_BINARY,	/* the first, for a category of two levels */
	GS_DROP_COUNT
};

/* One entry of a schema's "columns". */
struct gs_schema_column {
	char		*name;		/* data column (indicators: the feature), owned */
	size_t		 line;		/* where the entry starts in the file */
	size_t		 col;		/* its column there */
	enum gs_column_role role;	/* input, target or ignored */
	enum gs_column_type type;	/* declared type */
	enum gs_encode	 encode;	/* declared encoding */
	char		**levels;	/* nlevels levels in order, owned; NULL: sorted from the data */
	size_t		 nlevels;	/* entries of levels */
	enum gs_drop	 drop;		/* one-hot: the level left out */
	int		 missing;	/* enum gs_impute for this column, or -1: the global policy */
	int		 has_fill;	/* fill or fill_level is the value to fill in */
	double		 fill;		/* a numeric column's fill (training statistic) */
	char		*fill_level;	/* a category's fill level, owned, or NULL */
	char		*function;	/* GS_ENCODE_FUNCTION: its name for the script layer, owned */
	size_t		 width;		/* GS_ENCODE_FUNCTION: inputs per level */
	char		**members;	/* GS_ENCODE_INDICATORS: nmembers data columns, owned */
	size_t		 nmembers;	/* entries of members (0 with prefix) */
	char		*prefix;	/* GS_ENCODE_INDICATORS: columns starting so, owned, or NULL */
};

/*
 * Where a function encoding (GS_ENCODE_FUNCTION) gets its inputs: the
 * script layer's function called function, for level; it writes width
 * values into out. Called once per level while the encoding is built, on
 * the caller's thread, never while rows are encoded.
 */
typedef int (*gs_level_fn)(void *arg, const char *function,
		    const char *level, double *out, size_t width,
		    struct gs_error *err);

struct gs_schema {
	char		*path;		/* file as given (messages), owned */
	struct gs_schema_column *cols;	/* n entries in model input order, owned */
	size_t		 n;		/* entries of cols */
	char		**classes;	/* nclasses names of the model's outputs, owned */
	size_t		 nclasses;	/* entries of classes (0: none declared) */
	size_t		 classes_line;	/* where "classes" is */
	char		*positive;	/* the class a summary explains by default, owned, or NULL */
	size_t		 positive_line;	/* where "positive" is */
	gs_level_fn	 level_fn;	/* a script schema's function encodings, or NULL */
	void		*level_arg;	/* passed to level_fn; owned (level_free) */
	void		(*level_free)(void *); /* frees level_arg, or NULL */
};

/*
 * How a schema written in Lua (a path ending in ".lua") is read: the
 * script layer's loader, set once at start-up (schema_set_loader) so that
 * the layers below it need no Lua. It returns a schema as schema_load
 * does, or NULL with err set.
 */
typedef struct gs_schema *(*gs_schema_loader)(const char *path,
		    struct gs_error *err);

/* Set the loader of Lua schemas (NULL: none; they are then refused). */
void		 schema_set_loader(gs_schema_loader fn);

/* Whether path names a Lua schema (it ends in ".lua"). */
int		 schema_is_lua(const char *path);

/*
 * A schema from the tree j of a document read from path (a JSON file, or
 * a Lua schema's table as a tree); messages name path and each value's
 * line and column (a value with column 0 is named by line alone, with
 * line 0 by path alone). The caller owns the result. Errors: as
 * schema_load after the file is read.
 */
struct gs_schema *schema_from_json(const struct gs_json *j, const char *path,
		    struct gs_error *err);

/*
 * Read the schema at path (a JSON object with "columns" and optionally
 * "classes" and "positive"; see gshap(1)), or a Lua schema through the
 * loader (schema_set_loader; without one, GS_EUNSUPPORTED). The caller
 * owns the result (schema_free). Errors: those of json_load; GS_EPARSE "path:line:col:
 * ..." for a value of the wrong type, an unknown key or name (with a
 * suggestion), two entries for one column, two targets, a level listed
 * twice, an option that does not fit the encoding.
 */
struct gs_schema *schema_load(const char *path, struct gs_error *err);

/* The same from size bytes at buf; name stands for the file. */
struct gs_schema *schema_parse(const char *buf, size_t size, const char *name,
		    struct gs_error *err);

void		 schema_free(struct gs_schema *sc);

/* The entry for data column name (borrowed), or NULL. */
const struct gs_schema_column *schema_column(const struct gs_schema *sc,
		    const char *name);

/* Names for files and messages: "input", "categorical", "onehot", "first". */
const char	*schema_role_name(enum gs_column_role r);
const char	*schema_type_name(enum gs_column_type t);
const char	*schema_encode_name(enum gs_encode e);
const char	*schema_drop_name(enum gs_drop d);

#endif

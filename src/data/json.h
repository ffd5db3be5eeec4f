/* SPDX-License-Identifier: ISC */
/*
 * A small JSON reader (RFC 8259) for gshap's own files (schemas): the
 * whole document as a tree in which every value keeps the line and column
 * it starts on, so that a message about any value can name "file:line:col".
 */
#ifndef GS_JSON_H
#define GS_JSON_H

#include <stddef.h>

#include "core/error.h"

/* Largest document json_parse reads, and its deepest nesting. */
#define GS_JSON_MAX_SIZE	((size_t)4 << 20)
#define GS_JSON_MAX_DEPTH	64

enum gs_json_type {
	GS_JSON_NULL,
	GS_JSON_BOOL,
	GS_JSON_NUMBER,
	GS_JSON_STRING,
	GS_JSON_ARRAY,
	GS_JSON_OBJECT,
	GS_JSON_TYPE_COUNT
};

/* One value of a document. */
struct gs_json {
	enum gs_json_type type;		/* what it is */
	size_t		 line;		/* 1-based line it starts on */
	size_t		 col;		/* 1-based byte column it starts at */
	int		 b;		/* GS_JSON_BOOL: 0 or 1 */
	double		 num;		/* GS_JSON_NUMBER: its value (finite) */
	char		*str;		/* GS_JSON_STRING: UTF-8, no NUL inside; owned */
	size_t		 n;		/* GS_JSON_ARRAY/OBJECT: entries */
	struct gs_json	*items;		/* their n values in file order, owned */
	char		**keys;		/* GS_JSON_OBJECT: their n keys, owned */
};

/*
 * Parse size bytes at buf (one JSON value, blanks around it; a UTF-8 BOM
 * is skipped). name stands for the file in messages. The caller owns the
 * result (json_free). Errors: GS_EPARSE "name:line:col: ..." (unexpected
 * character or end, a bad escape or number, a control character or
 * malformed UTF-8 in a string, a duplicate key, a NUL byte, text after
 * the value); GS_ELIMIT past GS_JSON_MAX_SIZE or GS_JSON_MAX_DEPTH.
 */
struct gs_json	*json_parse(const char *buf, size_t size, const char *name,
		    struct gs_error *err);

/* Read the file at path and parse it (json_parse); also GS_EIO. */
struct gs_json	*json_load(const char *path, struct gs_error *err);

/* Free a tree from json_parse; NULL is fine. */
void		 json_free(struct gs_json *j);

/* The value of key in object j (borrowed), or NULL (also when j is no object). */
const struct gs_json *json_get(const struct gs_json *j, const char *key);

/* "null", "true or false", "a number", "a string", "an array", "an object". */
const char	*json_type_name(enum gs_json_type t);

#endif

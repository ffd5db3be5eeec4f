/* SPDX-License-Identifier: ISC */
/*
 * A whole file read into memory, within a size limit: the JSON schema
 * reader, the ONNX loader and the Lua schema loader's line finder.
 */
#ifndef GS_SLURP_H
#define GS_SLURP_H

#include <stddef.h>

#include "core/error.h"

/*
 * The bytes of path (a file, or any stream that can be read: a FIFO,
 * <(...)) and a NUL after them, their count into *len; the caller frees
 * them. what names the kind of file in messages ("a JSON file"). Errors:
 * GS_EIO ("PATH: strerror", "PATH: is a directory, not WHAT"), GS_ELIMIT
 * ("PATH: more than MAX bytes, the limit for WHAT").
 */
char	*slurp(const char *path, size_t max, const char *what, size_t *len,
	    struct gs_error *err);

#endif

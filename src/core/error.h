/* SPDX-License-Identifier: ISC */
/*
 * Errors from external input: a code plus a fixed message buffer, so that
 * reporting an error never allocates. Functions that can fail on files, user
 * arguments or script values take an optional struct gs_error * last.
 */
#ifndef GS_ERROR_H
#define GS_ERROR_H

enum gs_errcode {
	GS_OK = 0,
	GS_EIO,			/* a file could not be opened or read */
	GS_EPARSE,		/* malformed input (CSV, ONNX, theme, Lua) */
	GS_EUNSUPPORTED,	/* valid input we do not handle (op, attribute) */
	GS_ESHAPE,		/* shapes or counts do not match */
	GS_ERANGE,		/* a number out of its allowed range */
	GS_ELIMIT,		/* a size over one of our limits */
	GS_EINTR,		/* cancelled by the user */
	GS_EINVAL,		/* a bad argument or setting */
	GS_EMISSING,		/* a missing value where one is needed */
	GS_ERRCODE_COUNT
};

/*
 * Room for one message: enough that none is cut in practice (lists of names
 * are shortened in the middle first, names_list). A message that still does
 * not fit ends at a word, with "...".
 */
#define GS_ERROR_MSG_SIZE	1024

struct gs_error {
	enum gs_errcode code;	/* GS_OK when no error was set */
	char msg[GS_ERROR_MSG_SIZE]; /* human-readable, with file:line or node context */
};

/*
 * Fill err (which may be NULL) with code and a printf-style message; one
 * too long for the buffer is cut after its last whole word and ends in
 * "...". Always returns -1 so callers can write "return gs_error_set(...)".
 */
int	gs_error_set(struct gs_error *err, enum gs_errcode code,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Put a prefix ("file.csv: ") in front of the message already in err,
 * cutting the end at a word as gs_error_set does. Returns -1.
 */
int	gs_error_prefix(struct gs_error *err, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Add printf-style text at the end of the message already in err (its
 * code unchanged), cutting at a word as gs_error_set does. Returns -1.
 */
int	gs_error_append(struct gs_error *err, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Reset err to no error. */
void	gs_error_clear(struct gs_error *err);

/* The short name of a code ("parse error", "unsupported", ...). */
const char *gs_error_name(enum gs_errcode code);

#endif

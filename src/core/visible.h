/* SPDX-License-Identifier: ISC */
/*
 * Text from files and scripts made safe for a terminal: control
 * characters (C0, DEL, C1) and malformed UTF-8 shown as \xHH, so a column
 * name cannot set the window title or clear the screen. The one function
 * every message, table and chart that shows such text goes through.
 */
#ifndef GS_VISIBLE_H
#define GS_VISIBLE_H

#include <stddef.h>
#include <stdio.h>

#define VISIBLE_KEEP_NL	0x1	/* leave newlines and tabs as they are */

/*
 * Copy s into dst (size bytes, always terminated when size > 0) with
 * control characters and malformed UTF-8 bytes shown as \xHH (and a
 * backslash as it is); whole escapes and characters only, never cut in
 * the middle. Returns dst.
 */
char	*visible_copy(char *dst, size_t size, const char *s, int flags);

/* Write s to f as visible_copy would show it. */
void	 visible_fputs(const char *s, FILE *f, int flags);

/*
 * Length of the well-formed UTF-8 character at s (1 for ASCII), or 0 for
 * malformed UTF-8 (for JSON, which must be UTF-8).
 */
size_t	 visible_utf8_len(const char *s);

/*
 * s itself when it needs no escaping, else its visible copy in one of 8
 * rotating per-thread buffers (valid until 8 more calls): for printf
 * arguments, printf("%s = %s", visible_str(a), visible_str(b)).
 */
const char *visible_str(const char *s);

/* Write len bytes of s (NULs included) to f as visible_fputs would. */
void	 visible_write(const char *s, size_t len, FILE *f, int flags);

/* Whether s holds anything visible_copy would change. */
int	 visible_needed(const char *s, int flags);

/* Columns visible_fputs takes for s (one per byte or UTF-8 character). */
size_t	 visible_len(const char *s);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * An RFC 4180 CSV reader over a whole buffer: a header row, quoted fields
 * (commas, doubled quotes, line breaks inside), CRLF/LF/CR line ends, a
 * UTF-8 BOM. Every field comes with the line it starts on, so that callers
 * can report "file:line:column" (column = 1-based field index). csv_scan
 * streams the fields to the caller; csv_read keeps them all.
 */
#ifndef GS_CSV_H
#define GS_CSV_H

#include <stddef.h>

#include "core/error.h"

/* Default limits; a file over any of them is GS_ELIMIT. */
#define GS_CSV_MAX_SIZE		((size_t)512 << 20) /* bytes */
#define GS_CSV_MAX_ROWS		((size_t)10000000) /* data rows */
#define GS_CSV_MAX_COLS		((size_t)65536)	/* columns */
#define GS_CSV_MAX_CELLS	((size_t)64 << 20) /* rows x columns */

struct gs_csv_limits {
	size_t	 max_size;	/* largest buffer in bytes */
	size_t	 max_rows;	/* most data rows (header excluded) */
	size_t	 max_cols;	/* most columns */
	size_t	 max_cells;	/* most data cells (rows x columns) */
};

struct gs_csv {
	size_t	 ncols;		/* fields per row, from the header */
	size_t	 nrows;		/* data rows, header excluded */
	char	*text;		/* the fields, unquoted, NUL-ended; owned */
	size_t	 text_size;	/* bytes used in text */
	size_t	*fields;	/* (nrows + 1) x ncols offsets in text; owned */
	size_t	*lines;		/* line of each row, header first; owned */
};

/*
 * Where csv_scan sends what it reads. field: field col (0-based) of row
 * row (0 = the header), unquoted, len bytes NUL-ended at s (valid during
 * the call), starting on line. row: row row is complete; it started on
 * line and the next one starts at byte next of the buffer. Either may be
 * NULL. Each returns 0 to go on, 1 to stop reading (csv_scan returns 1)
 * or -1 with err set to fail.
 */
struct gs_csv_sink {
	int	(*field)(void *arg, size_t row, size_t col, const char *s,
		    size_t len, size_t line, struct gs_error *err);
	int	(*row)(void *arg, size_t row, size_t line, size_t next,
		    struct gs_error *err);
	void	*arg;		/* passed to both */
};

/*
 * Read buf (size bytes, need not be NUL-terminated) row by row into sink,
 * keeping nothing but the current field and the header, so that the
 * caller decides what to keep. Blank lines, quotes, limits and errors are
 * those of csv_read; a data row's fields past the header's count are not
 * passed on. Returns 0, 1 when the sink stopped, or -1.
 */
int		 csv_scan(const char *buf, size_t size, const char *name,
		    const struct gs_csv_limits *lim,
		    const struct gs_csv_sink *sink, struct gs_error *err);

/*
 * Split buf (size bytes, need not be NUL-terminated) into rows and fields.
 * name stands for the file in messages. lim may be NULL for the defaults.
 * Blank lines (empty or only spaces and tabs, outside quotes) are skipped
 * anywhere, the header being the first non-blank line; line numbers still
 * count them. Spaces before an opening or after a closing quote are
 * ignored. On success csv is filled and owned by the caller (csv_free).
 * Errors: GS_EPARSE "name:line:column: ..." for an empty file, a NUL byte,
 * an unterminated quote (naming the line where it opened), a quote inside
 * an unquoted field, text after a closing quote, and "name:line: N fields,
 * header has M" for a ragged row; GS_ELIMIT for a buffer, row count, column
 * count or cell count over lim. On failure csv is left empty.
 */
int		 csv_read(const char *buf, size_t size, const char *name,
		    const struct gs_csv_limits *lim, struct gs_csv *csv,
		    struct gs_error *err);

/* Release what csv owns; safe on a zeroed or already freed struct. */
void		 csv_free(struct gs_csv *csv);

/* The unquoted text of field col (0-based) of row (0 = header). Borrowed. */
const char	*csv_field(const struct gs_csv *csv, size_t row, size_t col);

/*
 * The number of line breaks (LF, CRLF or a lone CR) in text, as csv_read
 * counts them: the line a field starts on plus this count is the line after
 * it.
 */
size_t		 csv_count_lines(const char *text);

#endif

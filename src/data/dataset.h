/* SPDX-License-Identifier: ISC */
/*
 * A dataset read from CSV: column names, numeric cells (NaN where missing or
 * not a number), and where each row came from, so that every error can name
 * file:line:column. Selecting the model's input columns (--target, --drop)
 * and reading rows out with or without mean imputation also live here.
 */
#ifndef GS_DATASET_H
#define GS_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/*
 * A column. Its cells are kept compactly and read with dataset_cell and
 * dataset_text: numbers in the narrowest type that holds every one of
 * them exactly (8- or 16-bit integers, float, double), text cells as ids
 * into the column's distinct texts (words), each kept once.
 */
struct gs_column {
	char	*name;		/* header text, owned */
	size_t	 n_missing;	/* empty, NA or NaN cells */
	size_t	 n_text;	/* cells that are not numbers */
	size_t	 text_line;	/* file line of the first text cell (0: none) */
	char	*text_first;	/* that cell's text, owned, or NULL */
	int	 stats_done;	/* mean and sd below are computed */
	double	 mean;		/* mean of the numeric cells */
	double	 sd;		/* sample standard deviation of the numeric cells */
	int	 num_type;	/* how num is stored (dataset.c), 0: no numbers */
	void	*num;		/* nrows numbers, missing and text marked; owned */
	int	 id_size;	/* bytes of a text id: 1, 2 or 4; 0: no text */
	void	*ids;		/* nrows text ids, 0 where not text; owned */
	char	*words;		/* the distinct texts, NUL-ended, end to end; owned */
	uint32_t *word_off;	/* n_words offsets into words (id - 1); owned */
	size_t	 n_words;	/* distinct texts */
};

struct gs_dataset {
	char		*path;		/* file path as given, owned */
	char		*name;		/* file stem ("breast_cancer"), owned */
	size_t		 nrows;		/* data rows (header excluded) */
	size_t		 ncols;		/* columns */
	struct gs_column *cols;		/* ncols columns, owned */
	size_t		 line0;		/* file line of row 0 */
	size_t		*jump_row;	/* rows not on the line after the last; owned */
	size_t		*jump_by;	/* lines skipped up to each of them; owned */
	size_t		 njumps;	/* entries of both (dataset_line) */
};

struct gs_encoding;	/* how columns become model inputs (data/encode.h) */

/*
 * The model's inputs chosen out of a dataset: for each input the data
 * column it comes from (several one-hot inputs come from one categorical
 * column), the target, and how the columns are encoded.
 */
struct gs_selection {
	size_t	 n;		/* number of model inputs */
	size_t	*cols;		/* the data column of each, owned */
	long	 target;	/* the target column, or -1 */
	struct gs_encoding *enc; /* the encoding (encode_select), owned;
				   NULL: each input a numeric column as is */
};

/*
 * Read a CSV file (RFC 4180, header row, quoted fields with commas and
 * newlines, CRLF, a UTF-8 BOM; numbers in the C locale whatever the
 * environment). Empty, NA, N/A and NaN (any case) load as missing; blanks
 * around numbers and names are trimmed; anything else that is not a finite
 * decimal number (inf, hex, 1e999) is text, kept per column
 * (dataset_text). Blank lines are skipped. The whole file is read, then
 * parsed into compact storage: the peak is the file's size plus 1 to 8
 * bytes a number, 1 to 4 a text cell and each column's distinct texts
 * once (about 1.5 times the file for one-letter text, 2.2 for numbers).
 * The caller owns the result (dataset_free).
 * Errors: GS_EIO; GS_EPARSE with "path:line:column: ..." (unterminated
 * quote, a quote inside an unquoted field, text after a closing quote, a
 * NUL byte, a row with the wrong number of fields, an empty file, a header
 * without data rows, an empty or duplicate column name); GS_ELIMIT for
 * absurd sizes (see data/csv.h).
 */
struct gs_dataset *dataset_load(const char *path, struct gs_error *err);

/* Same, from a buffer; name stands for the path in messages. */
struct gs_dataset *dataset_load_buffer(const char *buf, size_t size,
		    const char *name, struct gs_error *err);

/*
 * dataset_load and dataset_select in one: the header is checked against
 * target, drop and expect as soon as it is read, before the rest of the
 * file, so that a file with the wrong columns fails at once and small.
 * Errors: those of both.
 */
struct gs_dataset *dataset_load_select(const char *path, const char *target,
		    const char *drop, size_t expect, struct gs_selection *sel,
		    struct gs_error *err);

void		 dataset_free(struct gs_dataset *ds);

/* Index of the column called name, or -1. */
long		 dataset_column(const struct gs_dataset *ds, const char *name);

/*
 * Choose the model's inputs: every column except target (may be NULL) and
 * those in drop (comma-separated names, may be NULL), a text column read
 * as a category and one-hot encoded (encode_select without a schema; it
 * says how). When expect is not 0, the width must equal it, or GS_ESHAPE
 * names both and the columns. A column of numbers and text is GS_EPARSE
 * naming its first text cell. An unknown column name is GS_EINVAL.
 * sel is filled; free it with dataset_selection_free.
 */
int		 dataset_select(const struct gs_dataset *ds, const char *target,
		    const char *drop, size_t expect, struct gs_selection *sel,
		    struct gs_error *err);
void		 dataset_selection_free(struct gs_selection *sel);

/*
 * Mean and sample standard deviation (n - 1; 0 for a single value) of
 * column col over its numeric cells, computed once and kept in the column.
 * Both are NaN when the column has no numeric cell or col is out of range.
 */
void		 dataset_column_stats(struct gs_dataset *ds, size_t col,
		    double *mean, double *sd);

/*
 * The model inputs of row into out (sel->n values), encoded by sel->enc
 * (encode_row) when there is one. A missing cell is GS_EMISSING naming
 * the column and "path:line:column", unless impute (enum gs_impute; 1 is
 * the mean) fills it.
 */
int		 dataset_row(struct gs_dataset *ds, const struct gs_selection *sel,
		    size_t row, int impute, double *out, struct gs_error *err);

/* Cell (row, col) as a number: NaN where missing or text. */
double		 dataset_cell(const struct gs_dataset *ds, size_t row,
		    size_t col);

/* The text of cell (row, col) when it is not a number, else NULL. Borrowed. */
const char	*dataset_text(const struct gs_dataset *ds, size_t row,
		    size_t col);

/*
 * The id of cell (row, col)'s text among its column's distinct texts, 1
 * to cols[col].n_words; 0 when the cell is not text. dataset_word gives the
 * text of an id (borrowed).
 */
size_t		 dataset_text_id(const struct gs_dataset *ds, size_t row,
		    size_t col);
const char	*dataset_word(const struct gs_dataset *ds, size_t col,
		    size_t id);

/* The file line on which row starts. */
size_t		 dataset_line(const struct gs_dataset *ds, size_t row);

/* Bytes ds keeps for its cells: numbers, text ids and distinct texts. */
size_t		 dataset_bytes(const struct gs_dataset *ds);

/* Bytes a number of column col takes: 1, 2, 4 or 8; 0 when it has none. */
size_t		 dataset_num_bytes(const struct gs_dataset *ds, size_t col);

/*
 * The file line on which cell (row, col) starts: the row's line plus the
 * line breaks inside earlier quoted cells of that row.
 */
size_t		 dataset_cell_line(const struct gs_dataset *ds, size_t row,
		    size_t col);

/* Whether any selected cell of row is missing. */
int		 dataset_row_missing(const struct gs_dataset *ds,
		    const struct gs_selection *sel, size_t row);

/*
 * The column whose name is nearest name (names_closest), its distance
 * into *dist: for "did you mean" messages.
 */
size_t		 dataset_closest_column(const struct gs_dataset *ds,
		    const char *name, size_t *dist);

/*
 * Fail with GS_EINVAL for a column name the dataset lacks, as what
 * ("--drop") named it: "path: no column 'x' for --drop; did you mean 'y'?"
 * or the list of columns. Returns -1.
 */
int		 dataset_no_column(const struct gs_dataset *ds,
		    const char *what, const char *name, struct gs_error *err);

/*
 * The shortest text that reads back as v ("1", "2.5", "1e+30"), as a
 * number in a categorical column is named; into buf. Returns buf.
 */
char		*dataset_number_text(double v, char *buf, size_t size);

/* The generator stream of random row samples ("sample" in ASCII). */
#define GS_SAMPLE_STREAM	UINT64_C(0x73616d706c65)

/*
 * A seeded random sample of rows, the same in every front end (the
 * REPL's summary -n N -r, gshap explain --rows random:N): k of the n row
 * numbers in rows (k < n) drawn without replacement by a generator of
 * seed on GS_SAMPLE_STREAM; rows[0..k) gets them in ascending order. The
 * same seed and rows draw the same sample on any machine.
 */
void		 dataset_sample_rows(size_t *rows, size_t n, size_t k,
		    uint64_t seed);

#endif

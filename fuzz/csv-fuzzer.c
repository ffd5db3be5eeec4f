/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the CSV reader and the dataset on top of it (input columns,
 * a target, rows with imputation, column statistics).
 */
#include "data/dataset.h"
#include "fuzz/fuzz.h"

#define FUZZ_ROWS	16	/* rows read back per input */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gs_error		 err;
	struct gs_dataset	*ds;
	struct gs_selection	 sel;
	double			*x, mean, sd;
	size_t			 r, c;

	gs_error_clear(&err);
	if ((ds = dataset_load_buffer((const char *)data, size, "fuzz.csv",
	    &err)) == NULL) {
		fuzz_check_error(&err);
		return (0);
	}
	for (c = 0; c < ds->ncols; c++)
		dataset_column_stats(ds, c, &mean, &sd);
	if (dataset_select(ds, ds->ncols > 1 ? ds->cols[ds->ncols - 1].name :
	    NULL, NULL, 0, &sel, &err) == 0) {
		x = calloc(sel.n + 1, sizeof *x);
		for (r = 0; r < ds->nrows && r < FUZZ_ROWS && x != NULL; r++) {
			gs_error_clear(&err);
			if (dataset_row(ds, &sel, r, r % 2, x, &err) != 0)
				fuzz_check_error(&err);
		}
		free(x);
		dataset_selection_free(&sel);
	} else
		fuzz_check_error(&err);
	dataset_free(ds);
	return (0);
}

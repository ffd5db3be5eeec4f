/* SPDX-License-Identifier: ISC */
/*
 * A model and a dataset opened together for the attribution tests, the
 * dataset's columns matched to the model's input (Check assertions fail
 * the test on any error).
 */
#ifndef GS_TEST_ATTR_FIXTURE_H
#define GS_TEST_ATTR_FIXTURE_H

#include <check.h>
#include <string.h>

#include "attr/attr.h"
#include "fixture.h"

struct fx {
	struct gs_model		*m;	/* the model, owned */
	struct gs_dataset	*ds;	/* the data, owned */
	struct gs_selection	 sel;	/* its input columns */
};

/*
 * Open model m (taken over), or the model file at model under the source
 * tree, with the CSV text csv or the file data_file; target may be NULL.
 */
static inline void
fx_open(struct fx *f, struct gs_model *m, const char *model,
    const char *csv, const char *data_file, const char *target)
{
	struct gs_error err;

	memset(f, 0, sizeof *f);
	f->m = m != NULL ? m : model_load(fixture_path(model), &err);
	ck_assert_msg(f->m != NULL, "%s", err.msg);
	if (csv != NULL)
		f->ds = dataset_load_buffer(csv, strlen(csv), "inline.csv",
		    &err);
	else
		f->ds = dataset_load(fixture_path(data_file), &err);
	ck_assert_msg(f->ds != NULL, "%s", err.msg);
	ck_assert_msg(dataset_select(f->ds, target, NULL,
	    model_input_len(f->m), &f->sel, &err) == 0, "%s", err.msg);
}

static inline void
fx_close(struct fx *f)
{
	dataset_selection_free(&f->sel);
	dataset_free(f->ds);
	model_free(f->m);
}

#endif

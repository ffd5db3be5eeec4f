/* SPDX-License-Identifier: ISC */
/*
 * A session: the model and dataset a user has open, the dataset's input
 * columns, and the graph output being explained. Shared by the batch
 * commands, and later the REPL, Lua and the explorer.
 */
#ifndef GS_SESSION_H
#define GS_SESSION_H

#include "data/dataset.h"
#include "model/model.h"

struct gs_session {
	struct gs_model		*model;		/* owned, or NULL */
	char			*model_path;	/* owned */
	struct gs_dataset	*data;		/* owned, or NULL */
	struct gs_selection	 sel;		/* input columns of data */
	const char		**names;	/* sel.n feature names, borrowed from data; array owned */
	size_t			 output;	/* graph output explained */
	unsigned long		 generation;	/* bumped whenever model or data is replaced */
};

/*
 * Load model_path and data_path and match the dataset's columns (all but
 * target and drop) to the model's input. On failure s is left empty.
 * Errors: those of model_load, dataset_load and dataset_select.
 */
int	session_open(struct gs_session *s, const char *model_path,
	    const char *data_path, const char *target, const char *drop,
	    struct gs_error *err);
void	session_close(struct gs_session *s);

/*
 * An output spec without the word "class": "class K" (what help says) is
 * K, other specs are themselves; into *out (borrowed from spec).
 * Errors: GS_EINVAL when "class" is not followed by a whole number.
 */
int	session_output_spec(const char *spec, const char **out,
	    struct gs_error *err);

/*
 * The output a spec names for model m: "K" or "class K" (class K of the
 * first output), "NAME" (a graph output) or "NAME:K"; NULL or "auto" is the first output
 * and the predicted class. *output receives the graph output, *cls K or
 * -1 when not given. Every front end reads output specs here.
 * Errors: GS_EINVAL naming the outputs there are, GS_ERANGE for a class
 * past the output's elements.
 */
int	session_output_of(const struct gs_model *m, const char *spec,
	    size_t *output, long *cls, struct gs_error *err);

/* session_output_of for s's model, setting s->output; unchanged on failure. */
int	session_output(struct gs_session *s, const char *spec, long *cls,
	    struct gs_error *err);

#endif

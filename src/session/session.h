/* SPDX-License-Identifier: ISC */
/*
 * A session: the model and dataset a user has open, the dataset's input
 * columns, and the graph output being explained. Shared by the batch
 * commands, and later the REPL, Lua and the explorer.
 */
#ifndef GS_SESSION_H
#define GS_SESSION_H

#include "data/classes.h"
#include "data/dataset.h"
#include "data/schema.h"
#include "model/model.h"

struct gs_session {
	struct gs_model		*model;		/* owned, or NULL */
	char			*model_path;	/* owned */
	struct gs_dataset	*data;		/* owned, or NULL */
	struct gs_selection	 sel;		/* input columns of data */
	const char		**names;	/* sel.n feature names, borrowed from data; array owned */
	size_t			 output;	/* graph output explained */
	struct gs_schema	*schema;	/* the schema the data was read by, owned, or NULL */
	char			*classes_cli;	/* the user's class names (--classes), owned, or NULL */
	const char		*classes_spelled; /* how the front end spells that setting in messages ("set classes"), static; NULL: "--classes" */
	struct gs_classes	 classes;	/* names of output's elements (session_output) */
	unsigned long		 generation;	/* bumped whenever model or data is replaced */
	struct gs_model		*model_b;	/* the model compared with, owned, or NULL */
	char			*model_b_path;	/* its file, owned */
	int			 swapped;	/* model is the one loaded as B (session_swap) */
};

/*
 * Load model_path and data_path and match the dataset's columns (all but
 * target and drop) to the model's input. On failure s is left empty.
 * Errors: those of model_load, dataset_load and dataset_select.
 */
int	session_open(struct gs_session *s, const char *model_path,
	    const char *data_path, const char *target, const char *drop,
	    struct gs_error *err);

/*
 * session_open with a schema (schema_path, a JSON file, or NULL: the
 * encoding inferred from the data) and the user's class names (classes,
 * "bad,good", or NULL: the schema's, the model's metadata, a text
 * target's levels). Errors: those of session_open, schema_load,
 * encode_select and classes_resolve.
 */
int	session_open_schema(struct gs_session *s, const char *model_path,
	    const char *data_path, const char *target, const char *drop,
	    const char *schema_path, const char *classes,
	    struct gs_error *err);
void	session_close(struct gs_session *s);

/*
 * Name the elements of s's output again (after its model, data, schema or
 * classes_cli changed): from classes_cli, the schema, the model's
 * metadata or a text target's levels. Errors: those of classes_resolve
 * (s->classes is then empty).
 */
int	session_classes(struct gs_session *s, struct gs_error *err);

/*
 * The name of element k of the output explained ("benign"), or NULL when
 * it has none.
 */
const char *session_class_name(const struct gs_session *s, size_t k);

/*
 * What element k of the output explained is called in a header, into
 * buf: "P(benign)" for a probability, "log P(benign)", the class name for
 * a score, or "prob[1]" when the class has no name. Returns buf.
 */
char	*session_output_label(const struct gs_session *s, size_t k, char *buf,
	    size_t size);

/* The same for element k of output of model m called name (NULL: none). */
char	*session_class_label(const struct gs_model *m, size_t output, size_t k,
	    const char *name, char *buf, size_t size);

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

/*
 * The second model (session-b.c): load path as the model to compare
 * with, checked against s->model (same input width and names, same
 * outputs: compare_check_models, messages naming both files). On failure
 * s is unchanged. Errors: those of model_load and compare_check_models,
 * GS_EINVAL without a first model.
 */
int	session_load_b(struct gs_session *s, const char *path,
	    struct gs_error *err);

/* Drop the second model (none: nothing happens). */
void	session_drop_b(struct gs_session *s);

/*
 * Make the model loaded as which ('A' or 'B') the one explained, the
 * other the one compared with; bumps the generation when they swap.
 * Errors: GS_EINVAL for 'B' without a second model or another letter.
 */
int	session_use(struct gs_session *s, int which, struct gs_error *err);

/* The letter of the model explained ('A', or 'B' after session_use). */
int	session_model_letter(const struct gs_session *s);

#endif

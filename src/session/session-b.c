/* SPDX-License-Identifier: ISC */
/*
 * The session's second model: the one a comparison explains beside the
 * first with the same draws (attr/compare.h), loaded, checked against the
 * first, dropped, or swapped with it.
 */
#include <stdlib.h>
#include <string.h>

#include "attr/compare.h"
#include "core/xmalloc.h"
#include "session/session.h"

int
session_load_b(struct gs_session *s, const char *path, struct gs_error *err)
{
	struct gs_model	*m;

	if (s->model == NULL)
		return (gs_error_set(err, GS_EINVAL, "load a model first, then "
		    "the one to compare it with"));
	if ((m = model_load(path, err)) == NULL)
		return (-1);
	if (compare_check_models(s->model, s->model_path != NULL ?
	    s->model_path : model_name(s->model), m, path, err) != 0) {
		model_free(m);
		return (-1);
	}
	if (s->output >= model_output_count(m)) {
		model_free(m);
		return (gs_error_set(err, GS_ERANGE, "%s has no output %zu",
		    path, s->output));
	}
	session_drop_b(s);
	s->model_b = m;
	s->model_b_path = xstrdup(path);
	s->generation++;
	return (0);
}

void
session_drop_b(struct gs_session *s)
{
	if (s->model_b == NULL)
		return;
	if (s->swapped) {
		/* Keep the one loaded as A. */
		struct gs_model	*m = s->model;
		char		*p = s->model_path;

		s->model = s->model_b;
		s->model_path = s->model_b_path;
		s->model_b = m;
		s->model_b_path = p;
		s->swapped = 0;
	}
	model_free(s->model_b);
	free(s->model_b_path);
	s->model_b = NULL;
	s->model_b_path = NULL;
	s->generation++;
}

int
session_model_letter(const struct gs_session *s)
{
	return (s->swapped ? 'B' : 'A');
}

int
session_use(struct gs_session *s, int which, struct gs_error *err)
{
	struct gs_model	*m;
	char		*p;

	if (which != 'A' && which != 'B' && which != 'a' && which != 'b')
		return (gs_error_set(err, GS_EINVAL, "model A or model B"));
	which = which == 'a' ? 'A' : which == 'b' ? 'B' : which;
	if (which == 'B' && s->model_b == NULL && !s->swapped)
		return (gs_error_set(err, GS_EINVAL, "no model B: load model B "
		    "FILE.onnx first"));
	if (which == session_model_letter(s))
		return (0);
	m = s->model;
	p = s->model_path;
	s->model = s->model_b;
	s->model_path = s->model_b_path;
	s->model_b = m;
	s->model_b_path = p;
	s->swapped = !s->swapped;
	s->generation++;
	return (0);
}

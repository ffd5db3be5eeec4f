/* SPDX-License-Identifier: ISC */
/*
 * Opening a model and a dataset together and checking that they fit.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/names.h"
#include "core/number.h"
#include "core/xmalloc.h"
#include "data/encode.h"
#include "session/session.h"

int
session_open(struct gs_session *s, const char *model_path,
    const char *data_path, const char *target, const char *drop,
    struct gs_error *err)
{
	return (session_open_schema(s, model_path, data_path, target, drop,
	    NULL, NULL, err));
}

int
session_classes(struct gs_session *s, struct gs_error *err)
{
	classes_clear(&s->classes);
	return (classes_resolve(&s->classes, model_output_len(s->model,
	    s->output), s->classes_cli, s->classes_spelled, s->data, &s->sel, model_meta(s->model,
	    "classes"), err));
}

int
session_open_schema(struct gs_session *s, const char *model_path,
    const char *data_path, const char *target, const char *drop,
    const char *schema_path, const char *classes, struct gs_error *err)
{
	struct gs_encode_opts	 o;
	size_t			 j;

	memset(s, 0, sizeof *s);
	s->classes.positive = -1;
	if ((s->model = model_load(model_path, err)) == NULL)
		return (-1);
	if (schema_path != NULL) {
		if ((s->schema = schema_load(schema_path, err)) == NULL ||
		    (s->data = dataset_load(data_path, err)) == NULL)
			goto fail;
		memset(&o, 0, sizeof o);
		o.target = target;
		o.drop = drop;
		o.expect = model_input_len(s->model);
		o.schema = s->schema;
		if (encode_select(s->data, &o, &s->sel, err) != 0)
			goto fail;
	} else if ((s->data = dataset_load_select(data_path, target, drop,
	    model_input_len(s->model), &s->sel, err)) == NULL)
		/* The header is checked before the rows are read. */
		goto fail;
	s->names = xcalloc(s->sel.n + 1, sizeof *s->names);
	for (j = 0; j < s->sel.n; j++)
		s->names[j] = encode_input_name(s->data, &s->sel, j);
	s->model_path = xstrdup(model_path);
	if (classes != NULL)
		s->classes_cli = xstrdup(classes);
	if (session_classes(s, err) != 0)
		goto fail;
	return (0);
fail:
	session_close(s);
	return (-1);
}

void
session_close(struct gs_session *s)
{
	session_drop_b(s);
	model_free(s->model);
	dataset_selection_free(&s->sel);
	dataset_free(s->data);
	schema_free(s->schema);
	classes_clear(&s->classes);
	free(s->classes_cli);
	free(s->names);
	free(s->model_path);
	memset(s, 0, sizeof *s);
	s->classes.positive = -1;
}

const char *
session_class_name(const struct gs_session *s, size_t k)
{
	return (classes_name(&s->classes, k));
}

char *
session_output_label(const struct gs_session *s, size_t k, char *buf,
    size_t size)
{
	return (session_class_label(s->model, s->output, k,
	    session_class_name(s, k), buf, size));
}

char *
session_class_label(const struct gs_model *m, size_t output, size_t k,
    const char *name, char *buf, size_t size)
{
	if (name == NULL) {
		snprintf(buf, size, "%s[%zu]", model_output_name(m, output), k);
		return (buf);
	}
	switch (model_output_scale(m, output, k)) {
	case GS_SCALE_PROB:
		snprintf(buf, size, "P(%s)", name);
		break;
	case GS_SCALE_LOGPROB:
		snprintf(buf, size, "log P(%s)", name);
		break;
	default:
		snprintf(buf, size, "%s", name);
		break;
	}
	return (buf);
}

/* Parse a class index; -1 when s is not a whole number. */
static long
session_parse_class(const char *s)
{
	uint64_t	v;

	if (number_parse(s, LONG_MAX, &v) != 0)
		return (-1);
	return ((long)v);
}

int
session_output_spec(const char *spec, const char **out, struct gs_error *err)
{
	const char	*k = spec + 5;

	*out = spec;
	if (strncmp(spec, "class", 5) != 0 || (*k != ' ' && *k != '\t'))
		return (0);
	while (*k == ' ' || *k == '\t')
		k++;
	if (session_parse_class(k) < 0)
		return (gs_error_set(err, GS_EINVAL, "output '%s': class takes "
		    "a whole number (class 0)", spec));
	*out = k;
	return (0);
}

/* "output 'name': the model's outputs are 'a', 'b', ..." into err. */
static void
session_no_output(const struct gs_model *m, const char *name,
    struct gs_error *err)
{
	char	list[400], **names;
	size_t	k, n = model_output_count(m);

	names = xcalloc(n + 1, sizeof *names);
	for (k = 0; k < n; k++)
		xasprintf(&names[k], "'%s'", model_output_name(m, k));
	gs_error_set(err, GS_EINVAL, "output '%s': the model's outputs are "
	    "%s", name, names_list(list, sizeof list,
	    (const char *const *)names, n, "outputs"));
	for (k = 0; k < n; k++)
		free(names[k]);
	free(names);
}

int
session_output_of(const struct gs_model *m, const char *spec, size_t *output,
    long *cls, struct gs_error *err)
{
	const char	*colon;
	char		 name[256];
	size_t		 k, n = model_output_count(m), len;

	*cls = -1;
	*output = 0;
	if (spec == NULL || strcmp(spec, "auto") == 0)
		return (0);
	if (session_output_spec(spec, &spec, err) != 0)
		return (-1);
	if ((*cls = session_parse_class(spec)) < 0) {
		colon = strrchr(spec, ':');
		if (colon != NULL) {
			if ((*cls = session_parse_class(colon + 1)) < 0)
				return (gs_error_set(err, GS_EINVAL, "output "
				    "'%s': the class after ':' must be a whole "
				    "number", spec));
			snprintf(name, sizeof name, "%.*s",
			    (int)(colon - spec), spec);
		} else
			snprintf(name, sizeof name, "%s", spec);
		for (k = 0; k < n; k++)
			if (strcmp(model_output_name(m, k), name) == 0)
				break;
		if (k == n) {
			session_no_output(m, name, err);
			*cls = -1;
			return (-1);
		}
		*output = k;
	}
	len = model_output_len(m, *output);
	if (*cls >= 0 && (size_t)*cls >= len) {
		gs_error_set(err, GS_ERANGE, "output class %ld is out of "
		    "range: output '%s' has %zu element%s (0 to %zu)", *cls,
		    model_output_name(m, *output), len, len == 1 ? "" : "s",
		    len - 1);
		*cls = -1;
		*output = 0;
		return (-1);
	}
	return (0);
}

int
session_output(struct gs_session *s, const char *spec, long *cls,
    struct gs_error *err)
{
	size_t	output;

	if (session_output_of(s->model, spec, &output, cls, err) != 0)
		return (-1);
	if (output != s->output) {
		s->output = output;
		/* Another output: names that do not fit it are dropped. */
		if (s->model != NULL && session_classes(s, NULL) != 0)
			classes_clear(&s->classes);
	}
	return (0);
}

/* SPDX-License-Identifier: ISC */
/*
 * Custom models: a row function with its exact gradient, supplied by a
 * caller (the Lua layer) instead of an ONNX graph. The model has one input
 * of input_len values, one output "output" of output_len values and no
 * nodes; plan.c hands whole batches to its ops.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"

/*
 * Make a custom model; see model.h. The caller owns the result and frees
 * it with model_free, which calls ops->free(ctx). Never fails.
 */
struct gs_model *
model_new_custom(const char *name, size_t input_len, size_t output_len,
    const char *const *input_names, const struct gs_model_ops *ops, void *ctx)
{
	struct gs_model	*m;
	size_t		 i;

	m = xcalloc(1, sizeof *m);
	m->name = xstrdup(name);
	m->opset = 0;
	m->n_values = 2;
	m->values = xcalloc(2, sizeof *m->values);
	m->values[0].name = xstrdup("input");
	m->values[0].producer = -1;
	m->values[0].dyn = 1;
	m->values[0].shape.ndim = 2;
	m->values[0].shape.d[0] = 1;
	m->values[0].shape.d[1] = (int64_t)input_len;
	m->values[1].name = xstrdup("output");
	m->values[1].producer = -1;
	m->values[1].dyn = 1;
	m->values[1].shape.ndim = 2;
	m->values[1].shape.d[0] = 1;
	m->values[1].shape.d[1] = (int64_t)output_len;
	m->input = 0;
	m->input_shape.ndim = 2;
	m->input_shape.d[0] = -1;
	m->input_shape.d[1] = (int64_t)input_len;
	m->input_len = input_len;
	m->load_batch = 1;
	m->n_outputs = 1;
	m->outputs = xcalloc(1, sizeof *m->outputs);
	m->outputs[0] = 1;
	m->output_len = xcalloc(1, sizeof *m->output_len);
	m->output_len[0] = output_len;
	m->ops = ops;
	m->ctx = ctx;
	if (input_names != NULL) {
		m->input_names = xcalloc(input_len + 1,
		    sizeof *m->input_names);
		for (i = 0; i < input_len; i++)
			m->input_names[i] = xstrdup(input_names[i] != NULL ?
			    input_names[i] : "");
	}
	return (m);
}

/* Name of input element i of a custom model (borrowed), or NULL. */
const char *
model_input_name(const struct gs_model *m, size_t i)
{
	if (m->input_names == NULL || i >= m->input_len)
		return (NULL);
	return (m->input_names[i]);
}

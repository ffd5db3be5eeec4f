/* SPDX-License-Identifier: ISC */
/*
 * The model object, however it was made (onnx.c loads one, custom.c wraps
 * a function): references shared by the REPL, the explorer, jobs and Lua,
 * freeing with the last one, and the accessors the layers above use.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "model/graph.h"

void
model_free(struct gs_model *m)
{
	model_unref(m);
}

struct gs_model *
model_ref(struct gs_model *m)
{
	if (m != NULL)
		atomic_fetch_add(&m->refs, 1);
	return (m);
}

void
model_unref(struct gs_model *m)
{
	size_t	i;

	if (m == NULL || atomic_fetch_sub(&m->refs, 1) > 0)
		return;
	for (i = 0; i < m->n_nodes; i++)
		node_clear(&m->nodes[i]);
	free(m->nodes);
	free(m->fold);
	for (i = 0; i < m->n_values; i++) {
		free(m->values[i].name);
		const_free(m->values[i].c);
	}
	free(m->values);
	free(m->outputs);
	free(m->output_len);
	free(m->meta);
	free(m->name);
	free(m->producer);
	if (m->ops != NULL && m->ops->free != NULL)
		m->ops->free(m->ctx);
	if (m->input_names != NULL)
		for (i = 0; i < m->input_len; i++)
			free(m->input_names[i]);
	free(m->input_names);
	free(m);
}

/* The model's short name (file stem), borrowed. */
const char *
model_name(const struct gs_model *m)
{
	return (m->name);
}

/* Elements of one input row. */
size_t
model_input_len(const struct gs_model *m)
{
	return (m->input_len);
}

/* The declared input shape; d[0] is -1 for a dynamic batch. Borrowed. */
const struct gs_shape *
model_input_shape(const struct gs_model *m)
{
	return (&m->input_shape);
}

/* Number of graph outputs. */
size_t
model_output_count(const struct gs_model *m)
{
	return (m->n_outputs);
}

/* Name of graph output k (borrowed), or NULL when out of range. */
const char *
model_output_name(const struct gs_model *m, size_t k)
{
	if (k >= m->n_outputs)
		return (NULL);
	return (m->values[m->outputs[k]].name);
}

/* Elements per row of graph output k, 0 when out of range. */
size_t
model_output_len(const struct gs_model *m, size_t k)
{
	if (k >= m->n_outputs)
		return (0);
	return (m->output_len[k]);
}

/* The default domain's opset; 0 for a custom model. */
int
model_opset(const struct gs_model *m)
{
	return (m->opset);
}

/* "name version" of the producer, or "" (borrowed). */
const char *
model_producer(const struct gs_model *m)
{
	return (m->producer != NULL ? m->producer : "");
}

/* Whether a node on the data path rounds (see model.h). */
int
model_rounds(const struct gs_model *m)
{
	size_t	i;

	for (i = 0; i < m->n_nodes; i++) {
		if (m->fold[i] == GS_FOLD_NONE && cast_rounds(&m->nodes[i]))
			return (1);
	}
	return (0);
}

/* Number of nodes in the file's graph (folded ones included). */
size_t
model_node_count(const struct gs_model *m)
{
	return (m->n_nodes);
}

/* Op type of node i, or NULL when out of range. */
const char *
model_node_op(const struct gs_model *m, size_t i)
{
	if (i >= m->n_nodes)
		return (NULL);
	return (m->nodes[i].file_op->name);
}

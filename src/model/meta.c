/* SPDX-License-Identifier: ISC */
/*
 * A model file's metadata_props (key-value strings an exporter or a
 * training script leaves in the ModelProto, such as the class names),
 * kept packed in the model and read by key.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/graph.h"
#include "model/model.h"
#include "model/onnx.pb-c.h"

void
meta_set(struct gs_model *m, const struct Onnx__ModelProto *mp)
{
	const Onnx__StringStringEntryProto *e;
	size_t	 i, size = 0, at = 0, kl, vl;

	for (i = 0; i < mp->n_metadata_props; i++) {
		e = mp->metadata_props[i];
		if (e->key == NULL || e->value == NULL)
			continue;
		size += strlen(e->key) + strlen(e->value) + 2;
	}
	if (size == 0)
		return;
	m->meta = xmalloc(size);
	m->meta_size = size;
	for (i = 0; i < mp->n_metadata_props; i++) {
		e = mp->metadata_props[i];
		if (e->key == NULL || e->value == NULL)
			continue;
		kl = strlen(e->key) + 1;
		vl = strlen(e->value) + 1;
		memcpy(m->meta + at, e->key, kl);
		memcpy(m->meta + at + kl, e->value, vl);
		at += kl + vl;
	}
}

const char *
model_meta(const struct gs_model *m, const char *key)
{
	size_t	at = 0, kl;

	while (m != NULL && at < m->meta_size) {
		kl = strlen(m->meta + at) + 1;
		if (strcmp(m->meta + at, key) == 0)
			return (m->meta + at + kl);
		at += kl;
		at += strlen(m->meta + at) + 1;
	}
	return (NULL);
}

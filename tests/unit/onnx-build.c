/* SPDX-License-Identifier: ISC */
/*
 * Building small ONNX models in memory for the tests: protobuf-c structs
 * from the generated onnx.pb-c.h, packed and loaded with model_load_buffer.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "onnx-build.h"

/* Allocate zeroed memory freed with the builder. */
void *
mb_alloc(struct mb *b, size_t size)
{
	void	*p = xcalloc(1, size);

	ck_assert_uint_lt(b->n_mem, 1024);
	b->mem[b->n_mem++] = p;
	return (p);
}

char *
mb_str(struct mb *b, const char *s)
{
	char	*p = mb_alloc(b, strlen(s) + 1);

	memcpy(p, s, strlen(s) + 1);
	return (p);
}

void
mb_init(struct mb *b, int64_t opset)
{
	memset(b, 0, sizeof *b);
	onnx__model_proto__init(&b->model);
	onnx__graph_proto__init(&b->graph);
	onnx__operator_set_id_proto__init(&b->opset);
	b->model.has_ir_version = 1;
	b->model.ir_version = 7;
	b->opset.has_version = 1;
	b->opset.version = opset;
	b->opsets[0] = &b->opset;
	b->model.n_opset_import = 1;
	b->model.opset_import = b->opsets;
	b->model.graph = &b->graph;
	b->graph.node = b->nodes;
	b->graph.initializer = b->inits;
	b->graph.input = b->inputs;
	b->graph.output = b->outputs;
}

void
mb_free(struct mb *b)
{
	size_t	i;

	for (i = 0; i < b->n_mem; i++)
		free(b->mem[i]);
	b->n_mem = 0;
}

/* A ValueInfo of a FLOAT tensor; dims of -1 are the dim_param "N". */
Onnx__ValueInfoProto *
mb_value_info(struct mb *b, const char *name, int elem, int ndim,
    const int64_t *dims)
{
	Onnx__ValueInfoProto		*v = mb_alloc(b, sizeof *v);
	Onnx__TypeProto			*t = mb_alloc(b, sizeof *t);
	Onnx__TypeProto__Tensor		*tt = mb_alloc(b, sizeof *tt);
	Onnx__TensorShapeProto		*s = mb_alloc(b, sizeof *s);
	Onnx__TensorShapeProto__Dimension **d;
	int				 i;

	onnx__value_info_proto__init(v);
	onnx__type_proto__init(t);
	onnx__type_proto__tensor__init(tt);
	onnx__tensor_shape_proto__init(s);
	v->name = mb_str(b, name);
	v->type = t;
	t->tensor_type = tt;
	tt->has_elem_type = 1;
	tt->elem_type = elem;
	if (ndim < 0)
		return (v);
	tt->shape = s;
	d = mb_alloc(b, (size_t)(ndim + 1) * sizeof *d);
	s->dim = d;
	s->n_dim = (size_t)ndim;
	for (i = 0; i < ndim; i++) {
		d[i] = mb_alloc(b, sizeof *d[i]);
		onnx__tensor_shape_proto__dimension__init(d[i]);
		if (dims[i] < 0)
			d[i]->dim_param = mb_str(b, "N");
		else {
			d[i]->has_dim_value = 1;
			d[i]->dim_value = dims[i];
		}
	}
	return (v);
}

void
mb_input(struct mb *b, const char *name, int ndim, const int64_t *dims)
{
	b->inputs[b->graph.n_input++] = mb_value_info(b, name, 1, ndim, dims);
}

void
mb_output(struct mb *b, const char *name)
{
	b->outputs[b->graph.n_output++] = mb_value_info(b, name, 1, -1, NULL);
}

/* A float tensor, in raw_data (raw) or float_data. */
Onnx__TensorProto *
mb_tensor(struct mb *b, const char *name, int ndim, const int64_t *dims,
    const float *v, int raw)
{
	Onnx__TensorProto	*t = mb_alloc(b, sizeof *t);
	size_t			 len = 1, i;
	uint8_t			*r;
	uint32_t		 u;

	onnx__tensor_proto__init(t);
	t->name = mb_str(b, name);
	t->n_dims = (size_t)ndim;
	t->dims = mb_alloc(b, (size_t)(ndim + 1) * sizeof *t->dims);
	for (i = 0; i < (size_t)ndim; i++) {
		t->dims[i] = dims[i];
		len *= (size_t)dims[i];
	}
	t->has_data_type = 1;
	t->data_type = 1;
	if (raw) {
		t->has_raw_data = 1;
		t->raw_data.len = 4 * len;
		t->raw_data.data = r = mb_alloc(b, 4 * len + 1);
		for (i = 0; i < len; i++) {
			memcpy(&u, &v[i], 4);
			r[4 * i] = u & 0xff;
			r[4 * i + 1] = (u >> 8) & 0xff;
			r[4 * i + 2] = (u >> 16) & 0xff;
			r[4 * i + 3] = u >> 24;
		}
	} else {
		t->n_float_data = len;
		t->float_data = mb_alloc(b, (len + 1) * sizeof(float));
		memcpy(t->float_data, v, len * sizeof(float));
	}
	return (t);
}

Onnx__TensorProto *
mb_init_float(struct mb *b, const char *name, int ndim, const int64_t *dims,
    const float *v, int raw)
{
	Onnx__TensorProto	*t = mb_tensor(b, name, ndim, dims, v, raw);

	b->inits[b->graph.n_initializer++] = t;
	return (t);
}

/* An INT64 1-D tensor in int64_data. */
Onnx__TensorProto *
mb_tensor_int64(struct mb *b, const char *name, size_t n, const int64_t *v)
{
	Onnx__TensorProto	*t = mb_alloc(b, sizeof *t);

	onnx__tensor_proto__init(t);
	t->name = mb_str(b, name);
	t->n_dims = 1;
	t->dims = mb_alloc(b, sizeof *t->dims);
	t->dims[0] = (int64_t)n;
	t->has_data_type = 1;
	t->data_type = 7;
	t->n_int64_data = n;
	t->int64_data = mb_alloc(b, (n + 1) * sizeof *v);
	memcpy(t->int64_data, v, n * sizeof *v);
	return (t);
}

/* A node with comma-separated inputs and outputs ("" for none). */
Onnx__NodeProto *
mb_node(struct mb *b, const char *op, const char *name, const char *ins,
    const char *outs)
{
	Onnx__NodeProto	*n = mb_alloc(b, sizeof *n);
	const char	*lists[2] = { ins, outs };
	char		***dst[2], *p, *c;
	size_t		*cnt[2], k;

	onnx__node_proto__init(n);
	n->op_type = mb_str(b, op);
	n->name = mb_str(b, name);
	dst[0] = &n->input;
	dst[1] = &n->output;
	cnt[0] = &n->n_input;
	cnt[1] = &n->n_output;
	for (k = 0; k < 2; k++) {
		*dst[k] = mb_alloc(b, 8 * sizeof **dst[k]);
		if (*lists[k] == '\0')
			continue;
		p = mb_str(b, lists[k]);
		for (;;) {
			c = strchr(p, ',');
			if (c != NULL)
				*c = '\0';
			(*dst[k])[(*cnt[k])++] = p;
			if (c == NULL)
				break;
			p = c + 1;
		}
	}
	n->attribute = mb_alloc(b, 8 * sizeof *n->attribute);
	b->nodes[b->graph.n_node++] = n;
	return (n);
}

Onnx__AttributeProto *
mb_attr(struct mb *b, Onnx__NodeProto *n, const char *name, int type)
{
	Onnx__AttributeProto	*a = mb_alloc(b, sizeof *a);

	onnx__attribute_proto__init(a);
	a->name = mb_str(b, name);
	a->has_type = 1;
	a->type = type;
	n->attribute[n->n_attribute++] = a;
	return (a);
}

void
mb_attr_int(struct mb *b, Onnx__NodeProto *n, const char *name, int64_t v)
{
	Onnx__AttributeProto	*a = mb_attr(b, n, name, 2);

	a->has_i = 1;
	a->i = v;
}

void
mb_attr_float(struct mb *b, Onnx__NodeProto *n, const char *name, float v)
{
	Onnx__AttributeProto	*a = mb_attr(b, n, name, 1);

	a->has_f = 1;
	a->f = v;
}

void
mb_attr_tensor(struct mb *b, Onnx__NodeProto *n, const char *name,
    Onnx__TensorProto *t)
{
	Onnx__AttributeProto	*a = mb_attr(b, n, name, 4);

	a->t = t;
}

/* Pack the model; the buffer is freed with the builder. */
uint8_t *
mb_pack(struct mb *b, size_t *size)
{
	uint8_t	*buf;

	*size = onnx__model_proto__get_packed_size(&b->model);
	buf = mb_alloc(b, *size + 1);
	onnx__model_proto__pack(&b->model, buf);
	return (buf);
}

/* Load the builder's model, which must succeed. */
struct gs_model *
mb_load(struct mb *b)
{
	struct gs_model	*m;
	struct gs_error	 err;
	uint8_t		*buf;
	size_t		 size;

	gs_error_clear(&err);
	buf = mb_pack(b, &size);
	m = model_load_buffer(buf, size, "mem.onnx", &err);
	ck_assert_msg(m != NULL, "load failed: %s", err.msg);
	return (m);
}

/* Load the builder's model, which must fail with code and text in msg. */
void
mb_refused(struct mb *b, enum gs_errcode code, const char *text)
{
	struct gs_error	 err;
	uint8_t		*buf;
	size_t		 size;

	gs_error_clear(&err);
	buf = mb_pack(b, &size);
	ck_assert_ptr_null(model_load_buffer(buf, size, "mem.onnx", NULL));
	ck_assert_ptr_null(model_load_buffer(buf, size, "mem.onnx", &err));
	ck_assert_msg(err.code == code, "code %d, want %d: %s", err.code,
	    code, err.msg);
	ck_assert_msg(strncmp(err.msg, "mem.onnx: ", 10) == 0,
	    "message '%s' does not start with the file", err.msg);
	ck_assert_msg(strstr(err.msg, text) != NULL,
	    "message '%s' lacks '%s'", err.msg, text);
}

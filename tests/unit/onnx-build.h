/* SPDX-License-Identifier: ISC */
/*
 * Building small ONNX models in memory for the tests (onnx-build.c).
 */
#ifndef GS_TEST_ONNX_BUILD_H
#define GS_TEST_ONNX_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "model/onnx.pb-c.h"

#define MB_MAX	64		/* most nodes, initializers or attributes */

/*
 * A model under construction: protobuf-c structs pointing into each
 * other, and a list of every allocation to free at the end.
 */
struct mb {
	Onnx__ModelProto		 model;
	Onnx__GraphProto		 graph;
	Onnx__OperatorSetIdProto	 opset;
	Onnx__OperatorSetIdProto	*opsets[1];
	Onnx__NodeProto			*nodes[MB_MAX];
	Onnx__TensorProto		*inits[MB_MAX];
	Onnx__ValueInfoProto		*inputs[4];
	Onnx__ValueInfoProto		*outputs[4];
	void				*mem[1024];
	size_t				 n_mem;
};

/* Memory freed with the builder (mb_free). */
void		*mb_alloc(struct mb *b, size_t size);
char		*mb_str(struct mb *b, const char *s);
/* Start an empty model of the given opset; mb_free releases it. */
void		 mb_init(struct mb *b, int64_t opset);
void		 mb_free(struct mb *b);
/* A tensor ValueInfo of element type elem; dims of -1 are dim_param "N". */
Onnx__ValueInfoProto *mb_value_info(struct mb *b, const char *name, int elem,
		    int ndim, const int64_t *dims);
void		 mb_input(struct mb *b, const char *name, int ndim,
		    const int64_t *dims);
void		 mb_output(struct mb *b, const char *name);
/* A float tensor in raw_data (raw) or float_data; mb_init_float adds it as an initializer. */
Onnx__TensorProto *mb_tensor(struct mb *b, const char *name, int ndim,
		    const int64_t *dims, const float *v, int raw);
Onnx__TensorProto *mb_init_float(struct mb *b, const char *name, int ndim,
		    const int64_t *dims, const float *v, int raw);
Onnx__TensorProto *mb_tensor_int64(struct mb *b, const char *name, size_t n,
		    const int64_t *v);
/* A node; ins and outs are comma-separated value names. */
Onnx__NodeProto	*mb_node(struct mb *b, const char *op, const char *name,
		    const char *ins, const char *outs);
Onnx__AttributeProto *mb_attr(struct mb *b, Onnx__NodeProto *n,
		    const char *name, int type);
void		 mb_attr_int(struct mb *b, Onnx__NodeProto *n,
		    const char *name, int64_t v);
void		 mb_attr_float(struct mb *b, Onnx__NodeProto *n,
		    const char *name, float v);
void		 mb_attr_tensor(struct mb *b, Onnx__NodeProto *n,
		    const char *name, Onnx__TensorProto *t);
/* The packed model (builder memory). */
uint8_t		*mb_pack(struct mb *b, size_t *size);
/* Load the model, which must succeed (a Check assertion). */
struct gs_model	*mb_load(struct mb *b);
/* Load the model, which must fail with code and text in the message. */
void		 mb_refused(struct mb *b, enum gs_errcode code,
		    const char *text);

#endif

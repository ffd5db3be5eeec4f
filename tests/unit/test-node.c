/* SPDX-License-Identifier: ISC */
/*
 * The ONNX project's own node tests (tests/data/onnx-node, made by
 * scripts/make-node-tests.py), run through the model layer: every test
 * that is a model of one float input must match the expected outputs at
 * the ONNX runner's tolerance (|y - want| <= 1e-7 + 1e-3 |want|), every
 * variant gshap declines must be refused with the message the MANIFEST
 * gives, and the tests that cannot be such a model are counted. Prints
 * the counts per op.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "model/model.h"
#include "model/onnx.pb-c.h"
#include "fixture.h"

#define NODE_RTOL	1e-3	/* the ONNX backend runner's tolerances */
#define NODE_ATOL	1e-7
#define NODE_MAX_OPS	256	/* most ops counted */

/* Counts per op. */
struct node_count {
	char		 op[64];	/* ONNX op type */
	int		 run, refused, skip;	/* tests of each kind */
};

/* Read a whole file; the caller frees it. NULL when it cannot. */
static uint8_t *
node_slurp(const char *path, size_t *size)
{
	FILE		*f = fopen(path, "rb");
	uint8_t		*buf;
	long		 end;

	if (f == NULL)
		return (NULL);
	if (fseek(f, 0, SEEK_END) != 0 || (end = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return (NULL);
	}
	buf = xmalloc((size_t)end + 1);
	*size = fread(buf, 1, (size_t)end, f);
	fclose(f);
	if (*size != (size_t)end) {
		free(buf);
		return (NULL);
	}
	return (buf);
}

/* Little-endian bits. */
static uint64_t
node_le(const uint8_t *p, size_t size)
{
	uint64_t	v = 0;
	size_t		i;

	for (i = size; i > 0; i--)
		v = (v << 8) | p[i - 1];
	return (v);
}

/* IEEE half bits to double. */
static double
node_half(uint16_t h)
{
	int	e = (h >> 10) & 0x1f, f = h & 0x3ff;
	double	v;

	if (e == 0)
		v = ldexp(f, -24);
	else if (e == 31)
		v = f != 0 ? NAN : INFINITY;
	else
		v = ldexp(f | 0x400, e - 25);
	return ((h & 0x8000) ? -v : v);
}

/*
 * The values of a TensorProto file as doubles (raw_data, as numpy_helper
 * writes them, or the typed fields). NULL with *len 0 when unreadable.
 */
static double *
node_tensor(const char *path, size_t *len)
{
	Onnx__TensorProto	*t;
	uint8_t			*buf;
	double			*v = NULL;
	size_t			 size, n = 1, i, es = 0;
	union {
		uint32_t	u;
		float		f;
	}			 u32;
	union {
		uint64_t	u;
		double		d;
	}			 u64;

	*len = 0;
	if ((buf = node_slurp(path, &size)) == NULL)
		return (NULL);
	t = onnx__tensor_proto__unpack(NULL, size, buf);
	free(buf);
	if (t == NULL)
		return (NULL);
	for (i = 0; i < t->n_dims; i++)
		n *= (size_t)t->dims[i];
	switch (t->data_type) {
	case 1: case 6: case 12:
		es = 4;
		break;
	case 7: case 11: case 13:
		es = 8;
		break;
	case 10: case 16: case 4: case 5:
		es = 2;
		break;
	case 2: case 3: case 9:
		es = 1;
		break;
	default:
		goto out;
	}
	if (!t->has_raw_data) {
		v = xcalloc(n + 1, sizeof *v);
		for (i = 0; i < n; i++) {
			if (t->data_type == 1 && i < t->n_float_data)
				v[i] = t->float_data[i];
			else if (t->data_type == 11 && i < t->n_double_data)
				v[i] = t->double_data[i];
			else if (t->data_type == 7 && i < t->n_int64_data)
				v[i] = (double)t->int64_data[i];
			else if (i < t->n_int32_data)
				v[i] = t->data_type == 10 ? node_half((uint16_t)
				    t->int32_data[i]) : t->int32_data[i];
		}
		*len = n;
		goto out;
	}
	if (t->raw_data.len != n * es)
		goto out;
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++) {
		uint64_t r = node_le(t->raw_data.data + i * es, es);

		switch (t->data_type) {
		case 1:
			u32.u = (uint32_t)r;
			v[i] = u32.f;
			break;
		case 11:
			u64.u = r;
			v[i] = u64.d;
			break;
		case 10:
			v[i] = node_half((uint16_t)r);
			break;
		case 16:
			u32.u = (uint32_t)r << 16;
			v[i] = u32.f;
			break;
		case 3:
			v[i] = (int8_t)(uint8_t)r;
			break;
		case 5:
			v[i] = (int16_t)(uint16_t)r;
			break;
		case 6:
			v[i] = (int32_t)(uint32_t)r;
			break;
		case 7:
			v[i] = (double)(int64_t)r;
			break;
		default:
			v[i] = (double)r;
			break;
		}
	}
	*len = n;
out:
	onnx__tensor_proto__free_unpacked(t, NULL);
	return (v);
}

/* The count of op, added when new. */
static struct node_count *
node_count_of(struct node_count *c, int *n, const char *op)
{
	int	i;

	for (i = 0; i < *n; i++) {
		if (strcmp(c[i].op, op) == 0)
			return (&c[i]);
	}
	ck_assert_int_lt(*n, NODE_MAX_OPS);
	memset(&c[*n], 0, sizeof c[*n]);
	snprintf(c[*n].op, sizeof c[*n].op, "%s", op);
	return (&c[(*n)++]);
}

/*
 * Run test name, in directory sub of dir: every output against its
 * expected values. Returns 0, or -1 after printing what differs.
 */
static int
node_run(const char *dir, const char *sub, const char *name)
{
	struct gs_model	*m;
	struct gs_plan	*p;
	struct gs_error	 err;
	char		 path[4400];
	double		*x, *want;
	float		*xf, *y;
	size_t		 xn, wn, k, i;
	int		 rc = -1;

	snprintf(path, sizeof path, "%s/%s/model.onnx", dir, sub);
	if ((m = model_load(path, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", name, err.msg);
		return (-1);
	}
	snprintf(path, sizeof path, "%s/%s/input_0.pb", dir, sub);
	x = node_tensor(path, &xn);
	if (x == NULL || xn != model_input_len(m)) {
		fprintf(stderr, "%s: input has %zu values, the model %zu\n",
		    name, xn, model_input_len(m));
		free(x);
		model_free(m);
		return (-1);
	}
	xf = xcalloc(xn + 1, sizeof *xf);
	for (i = 0; i < xn; i++)
		xf[i] = (float)x[i];
	for (k = 0; k < model_output_count(m); k++) {
		snprintf(path, sizeof path, "%s/%s/output_%zu.pb", dir, sub,
		    k);
		want = node_tensor(path, &wn);
		p = plan_new(m, k, 1, &err);
		if (p == NULL || want == NULL || wn != plan_output_len(p)) {
			fprintf(stderr, "%s: output %zu: %s\n", name, k,
			    p == NULL ? err.msg : "wrong size");
			free(want);
			plan_free(p);
			goto out;
		}
		y = xcalloc(wn + 1, sizeof *y);
		if (plan_forward(p, xf, 1, y, &err) != 0) {
			fprintf(stderr, "%s: %s\n", name, err.msg);
			free(y);
			free(want);
			plan_free(p);
			goto out;
		}
		for (i = 0; i < wn; i++) {
			if ((isnan(want[i]) && isnan(y[i])) ||
			    (isinf(want[i]) && y[i] == want[i]) ||
			    fabs(y[i] - want[i]) <= NODE_ATOL + NODE_RTOL *
			    fabs(want[i]))
				continue;
			fprintf(stderr, "%s: output %zu[%zu] = %.9g, want "
			    "%.9g\n", name, k, i, y[i], want[i]);
			break;
		}
		free(y);
		free(want);
		plan_free(p);
		if (i < wn)
			goto out;
	}
	rc = 0;
out:
	free(x);
	free(xf);
	model_free(m);
	return (rc);
}

/*
 * Test name (directory sub of dir) must be refused, at load or plan,
 * with text in the message.
 */
static int
node_refused(const char *dir, const char *sub, const char *name,
    const char *text)
{
	struct gs_model	*m;
	struct gs_plan	*p = NULL;
	struct gs_error	 err;
	char		 path[4400];
	size_t		 k;

	snprintf(path, sizeof path, "%s/%s/model.onnx", dir, sub);
	gs_error_clear(&err);
	m = model_load(path, &err);
	for (k = 0; m != NULL && k < model_output_count(m) && p == NULL;
	    k++) {
		p = plan_new(m, k, 1, &err);
		if (p != NULL) {
			plan_free(p);
			p = NULL;
			continue;
		}
		break;
	}
	model_free(m);
	if (strstr(err.msg, text) != NULL && err.code != 0)
		return (0);
	fprintf(stderr, "%s: expected a refusal naming '%s', got '%s'\n",
	    name, text, err.msg);
	return (-1);
}

START_TEST(test_onnx_node)
{
	struct node_count	 counts[NODE_MAX_OPS], *c, total;
	char			 dir[4096], path[4200], line[1024];
	char			 kind[16], sub[16], name[256], op[64];
	FILE			*f;
	int			 n = 0, bad = 0, i, off;

	snprintf(dir, sizeof dir, "%s", fixture_path("tests/data/onnx-node"));
	snprintf(path, sizeof path, "%s/MANIFEST", dir);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "%s: cannot open", path);
	memset(&total, 0, sizeof total);
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		ck_assert_msg(sscanf(line, "%15s %15s %255s %63s%n", kind, sub,
		    name, op, &off) == 4, "bad MANIFEST line '%s'", line);
		while (line[off] == ' ')
			off++;
		c = node_count_of(counts, &n, op);
		if (strcmp(kind, "run") == 0) {
			c->run++;
			bad += node_run(dir, sub, name) != 0;
		} else if (strcmp(kind, "refused") == 0) {
			c->refused++;
			bad += node_refused(dir, sub, name, line + off) != 0;
		} else
			c->skip++;
	}
	fclose(f);
	fprintf(stderr, "%-24s %5s %8s %5s\n", "ONNX node tests", "run",
	    "refused", "skip");
	for (i = 0; i < n; i++) {
		fprintf(stderr, "%-24s %5d %8d %5d\n", counts[i].op,
		    counts[i].run, counts[i].refused, counts[i].skip);
		total.run += counts[i].run;
		total.refused += counts[i].refused;
		total.skip += counts[i].skip;
	}
	fprintf(stderr, "%-24s %5d %8d %5d\n", "total", total.run,
	    total.refused, total.skip);
	ck_assert_msg(total.run >= 400, "only %d node tests run", total.run);
	ck_assert_msg(bad == 0, "%d node tests fail", bad);
}
END_TEST

static Suite *
node_suite(void)
{
	Suite	*s = suite_create("onnx-node");
	TCase	*tc = tcase_create("node");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_onnx_node);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr = srunner_create(node_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

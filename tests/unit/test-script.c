/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for src/script and custom models: running chunks and files,
 * error messages with lines, the sandbox, the instruction budget, the
 * memory limit and interrupts (each leaving the state usable), row
 * predicates, baseline, noise and group scripts through the host API, and
 * a custom model whose plans and attributions match the ONNX model of the
 * same function.
 */
#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "attr/attr.h"
#include "fixture.h"
#include "script/script.h"
#include "session/session.h"

/* Output of the state under test: a temporary file, read back. */
static FILE	*out;

static struct gs_script *
new_state(struct gs_session *s, int trusted)
{
	struct gs_script	*sc;
	struct gs_error		 err;

	sc = script_new(s, trusted, &err);
	ck_assert_msg(sc != NULL, "%s", err.msg);
	out = tmpfile();
	ck_assert_ptr_nonnull(out);
	script_set_output(sc, out);
	return (sc);
}

/* Everything written to the output so far, then empty it. */
static const char *
output(void)
{
	static char	buf[8192];
	size_t		n;

	fflush(out);
	rewind(out);
	n = fread(buf, 1, sizeof buf - 1, out);
	buf[n] = '\0';
	rewind(out);
	if (ftruncate(fileno(out), 0) != 0)
		buf[0] = '\0';
	return (buf);
}

static void
free_state(struct gs_script *sc)
{
	script_free(sc);
	fclose(out);
	out = NULL;
}

/* Run chunk and expect it to succeed. */
static void
run_ok(struct gs_script *sc, const char *chunk)
{
	struct gs_error	err;

	gs_error_clear(&err);
	ck_assert_msg(script_run_string(sc, chunk, "t", &err) == 0,
	    "%s: %s", chunk, err.msg);
}

/* A Lua file with text in a temporary directory; returns its path. */
static const char *
write_file(const char *name, const char *text)
{
	static char	 path[4096];
	FILE		*f;

	snprintf(path, sizeof path, "%s/%s", P_tmpdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return (path);
}

START_TEST(test_values_and_state)
{
	struct gs_script *sc = new_state(NULL, 0);

	run_ok(sc, "1 + 2");
	ck_assert_str_eq(output(), "3\n");
	run_ok(sc, "x = 40");
	ck_assert_str_eq(output(), "");
	run_ok(sc, "return x + 2, 'y'");
	ck_assert_str_eq(output(), "42\ty\n");
	run_ok(sc, "print(gshap.version ~= nil, gshap.trusted)");
	ck_assert_str_eq(output(), "true\tfalse\n");
	free_state(sc);
}
END_TEST

START_TEST(test_runtime_error_line)
{
	struct gs_script *sc = new_state(NULL, 0);
	struct gs_error	  err;

	ck_assert_int_eq(script_run_string(sc, "local a = 1\nerror('boom')",
	    "t", &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert_str_eq(err.msg, "t:2: boom");
	ck_assert_ptr_nonnull(strstr(output(), "stack traceback"));
	/* Still usable, globals kept. */
	run_ok(sc, "y = 5");
	ck_assert_int_eq(script_run_string(sc, "local t = nil; return t.x",
	    "t", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "t:1:"));
	ck_assert_ptr_nonnull(strstr(err.msg, "index a nil value"));
	output();
	run_ok(sc, "return y");
	ck_assert_str_eq(output(), "5\n");
	/* Error objects that are not strings. */
	ck_assert_int_eq(script_run_string(sc, "error({})", "t", &err), -1);
	ck_assert_str_eq(err.msg, "(error object is a table value)");
	free_state(sc);
}
END_TEST

START_TEST(test_syntax_and_missing_file)
{
	struct gs_script *sc = new_state(NULL, 0);
	struct gs_error	  err;
	const char	 *path;

	ck_assert_int_eq(script_run_string(sc, "x = = 1", "t", &err), -1);
	ck_assert_int_eq(err.code, GS_EPARSE);
	ck_assert_msg(strncmp(err.msg, "t:1:", 4) == 0, "%s", err.msg);
	ck_assert_int_eq(script_run_file(sc, "/nonexistent/x.lua", 0, NULL,
	    &err), -1);
	ck_assert_int_eq(err.code, GS_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/x.lua"));
	path = write_file("gshap-test-run.lua",
	    "local a, b = ...\n"
	    "assert(arg[0] ~= nil and arg[1] == a and b == 'two')\n"
	    "print(a, #arg)\n"
	    "error('line four')\n");
	{
		char *argv[] = { "one", "two" };

		ck_assert_int_eq(script_run_file(sc, path, 2, argv, &err), -1);
	}
	ck_assert_ptr_nonnull(strstr(err.msg, "gshap-test-run.lua:4: line "
	    "four"));
	ck_assert_ptr_nonnull(strstr(output(), "one\t2\n"));
	unlink(path);
	free_state(sc);
}
END_TEST

START_TEST(test_sandbox)
{
	struct gs_script *sc = new_state(NULL, 0);
	struct gs_error	  err;

	run_ok(sc, "return io, os, package, debug, require, dofile, loadfile");
	ck_assert_str_eq(output(), "nil\tnil\tnil\tnil\tnil\tnil\tnil\n");
	/* Bytecode is refused, text is fine. */
	run_ok(sc, "local f, msg = load(string.dump(function() end))\n"
	    "assert(f == nil and msg:find('binary'))\n"
	    "assert(load('return 7')() == 7)");
	ck_assert_int_eq(script_run_string(sc, "collectgarbage(); "
	    "return io.open('x')", "t", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "'io'"));
	output();
	run_ok(sc, "return 1");
	ck_assert_str_eq(output(), "1\n");
	free_state(sc);

	sc = new_state(NULL, 1);
	run_ok(sc, "return io ~= nil, os ~= nil, require('gshap') == gshap, "
	    "gshap.trusted");
	ck_assert_str_eq(output(), "true\ttrue\ttrue\ttrue\n");
	free_state(sc);
}
END_TEST

START_TEST(test_instruction_budget)
{
	struct gs_script *sc = new_state(NULL, 0);
	struct gs_error	  err;

	script_set_limits(sc, 0, 200000);
	ck_assert_int_eq(script_run_string(sc, "while true do end", "loop",
	    &err), -1);
	ck_assert_int_eq(err.code, GS_ELIMIT);
	ck_assert_msg(strstr(err.msg, "loop:1: instruction limit of 200000") !=
	    NULL, "%s", err.msg);
	/* Catching the error does not let a script go on. */
	ck_assert_int_eq(script_run_string(sc, "for i = 1, 3 do\n"
	    "pcall(function() while true do end end)\nend\nreached = true",
	    "loop", &err), -1);
	ck_assert_int_eq(err.code, GS_ELIMIT);
	output();
	run_ok(sc, "return reached");
	ck_assert_str_eq(output(), "nil\n");
	/* Each top-level call has the whole budget again. */
	run_ok(sc, "for i = 1, 10000 do end");
	run_ok(sc, "for i = 1, 10000 do end");
	/* Sandboxed scripts may lower the budget, not raise it. */
	ck_assert_int_eq(script_run_string(sc, "gshap.limits{instructions = "
	    "1e12}", "t", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "--trust-scripts"));
	free_state(sc);
}
END_TEST

START_TEST(test_memory_limit)
{
	struct gs_script *sc = new_state(NULL, 0);
	struct gs_error	  err;

	script_set_limits(sc, (size_t)32 << 20, 0);
	ck_assert_int_eq(script_run_string(sc, "local t = {}\n"
	    "for i = 1, 1e9 do t[i] = string.rep('x', 1000) .. i end", "bomb",
	    &err), -1);
	ck_assert_int_eq(err.code, GS_ELIMIT);
	ck_assert_msg(strstr(err.msg, "memory limit of 32 MiB") != NULL, "%s",
	    err.msg);
	/* The garbage goes, and the state works. */
	output();
	run_ok(sc, "collectgarbage(); local s = string.rep('y', 1000000); "
	    "return #s, gshap.limits().used_kib < 4096");
	ck_assert_str_eq(output(), "1000000\ttrue\n");
	free_state(sc);
}
END_TEST

static struct gs_script *alarm_sc;

static void
on_alarm(int sig)
{
	(void)sig;
	script_interrupt(alarm_sc);
}

START_TEST(test_interrupt)
{
	struct gs_script	*sc = new_state(NULL, 0);
	struct gs_error		 err;
	struct itimerval	 it;

	alarm_sc = sc;
	signal(SIGALRM, on_alarm);
	memset(&it, 0, sizeof it);
	it.it_value.tv_usec = 100000;
	setitimer(ITIMER_REAL, &it, NULL);
	ck_assert_int_eq(script_run_string(sc, "local n = 0\n"
	    "while true do n = n + 1 end", "spin", &err), -1);
	ck_assert_int_eq(err.code, GS_EINTR);
	ck_assert_msg(strstr(err.msg, "spin:2: interrupted") != NULL, "%s",
	    err.msg);
	signal(SIGALRM, SIG_DFL);
	output();
	run_ok(sc, "return 6 * 7");
	ck_assert_str_eq(output(), "42\n");
	free_state(sc);
}
END_TEST

/* The linear_tiny session: y = 1.5a - 2b + 0.25c + 0.5 on 5 rows. */
static void
open_tiny(struct gs_session *s)
{
	struct gs_error	err;
	char		m[4096];

	snprintf(m, sizeof m, "%s", fixture_path(
	    "tests/data/models/linear_tiny.onnx"));
	ck_assert_msg(session_open(s, m, fixture_path(
	    "tests/data/linear_tiny.csv"), "y", NULL, &err) == 0, "%s",
	    err.msg);
}

START_TEST(test_filter_rows)
{
	struct gs_session s;
	struct gs_script *sc;
	struct gs_error	  err;
	double		  pred[5] = { -1.25, 3, 0, 2, -7 };
	unsigned char	  keep[5];

	open_tiny(&s);
	sc = new_state(&s, 0);
	/* a: 1, -1, 2, 0.25, ...; y: -2.75, -1, 9.75, -1.625, ... */
	ck_assert_int_eq(script_filter_rows(sc, "x.a > 0 and row ~= 2", pred,
	    5, keep, &err), 0);
	ck_assert_int_eq(keep[0], 1);
	ck_assert_int_eq(keep[1], 0);
	ck_assert_int_eq(keep[2], 0);
	ck_assert_int_eq(keep[3], 1);
	ck_assert_int_eq(script_filter_rows(sc, "pred > 1", pred, 5, keep,
	    &err), 0);
	ck_assert(keep[0] == 0 && keep[1] == 1 && keep[2] == 0 &&
	    keep[3] == 1 && keep[4] == 0);
	ck_assert_int_eq(script_filter_rows(sc, "target > 0 and x.y == target",
	    pred, 5, keep, &err), 0);
	ck_assert(keep[0] == 0 && keep[1] == 0 && keep[2] == 1 &&
	    keep[3] == 0);
	ck_assert_int_eq(script_filter_rows(sc, "x.a >", pred, 5, keep, &err),
	    -1);
	ck_assert_int_eq(err.code, GS_EPARSE);
	ck_assert_int_eq(script_filter_rows(sc, "x.nope.z", pred, 5, keep,
	    &err), -1);
	ck_assert_int_eq(err.code, GS_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "predicate:1:"));
	ck_assert_int_eq(script_filter_rows(sc, "true", pred, 4, keep, &err),
	    -1);
	output();
	/* The session's model and data, as copies. */
	run_ok(sc, "local m, d = gshap.session()\n"
	    "return m:name(), #d, d:target_name(), d:ncols()");
	ck_assert_str_eq(output(), "linear_tiny\t5\ty\t3\n");
	free_state(sc);
	session_close(&s);
	sc = new_state(NULL, 0);
	run_ok(sc, "return gshap.session()");
	ck_assert_str_eq(output(), "");
	free_state(sc);
}
END_TEST

START_TEST(test_baseline_scripts)
{
	struct gs_session  s;
	struct gs_script  *sc;
	struct gs_baseline bl, zeros;
	struct gs_error	   err;
	const char	  *path;
	double		   x[3] = { 2, -3, 1 };
	size_t		   j;

	open_tiny(&s);
	sc = new_state(&s, 0);
	/* The shipped zeros script equals the built-in zeros. */
	ck_assert_int_eq(baseline_make(&zeros, "zeros", s.data, &s.sel, 0, 0,
	    &err), 0);
	path = fixture_path("scripts/baselines/zeros.lua");
	ck_assert_msg(script_baseline(sc, path, NULL, 0, -1, &bl, &err) == 0,
	    "%s", err.msg);
	ck_assert_uint_eq(bl.n, zeros.n);
	ck_assert_uint_eq(bl.d, 3);
	for (j = 0; j < 3; j++)
		ck_assert(bl.rows[j] == zeros.rows[j]);
	ck_assert_int_eq(script_baseline_per_row(sc, path, &err), 0);
	baseline_clear(&bl);
	baseline_clear(&zeros);

	/* A per-row script with weights. */
	path = write_file("gshap-test-bl.lua",
	    "return function(data, row)\n"
	    "  return {rows = {{row.x.a, 0, 0}, {0, row.x[2], row.index}},\n"
	    "    weights = {1, 3}}\n"
	    "end\n");
	ck_assert_int_eq(script_baseline_per_row(sc, path, &err), 1);
	ck_assert_msg(script_baseline(sc, path, x, 4, 0, &bl, &err) == 0, "%s",
	    err.msg);
	ck_assert_uint_eq(bl.n, 2);
	ck_assert(bl.rows[0] == 2 && bl.rows[4] == -3 && bl.rows[5] == 4);
	ck_assert_ptr_nonnull(bl.weights);
	ck_assert_double_eq_tol(bl.weights[0], 0.25, 1e-15);
	ck_assert_double_eq_tol(bl.weights[1], 0.75, 1e-15);
	baseline_clear(&bl);

	/* Rows of the wrong width are refused, naming the script. */
	path = write_file("gshap-test-bad.lua",
	    "return function(data) return {{1, 2}} end\n");
	ck_assert_int_eq(script_baseline(sc, path, NULL, 0, -1, &bl, &err),
	    -1);
	ck_assert_msg(strstr(err.msg, "gshap-test-bad.lua") != NULL &&
	    strstr(err.msg, "2 values, 3 expected") != NULL, "%s", err.msg);
	ck_assert_ptr_null(bl.rows);
	path = write_file("gshap-test-bad.lua", "return 42\n");
	ck_assert_int_eq(script_baseline(sc, path, NULL, 0, -1, &bl, &err),
	    -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "must return a function"));
	output();
	unlink(path);
	free_state(sc);
	session_close(&s);
}
END_TEST

START_TEST(test_groups_script)
{
	struct gs_session s;
	struct gs_script *sc;
	struct gs_groups  g;
	struct gs_error	  err;
	const char	 *path;

	open_tiny(&s);
	sc = new_state(&s, 0);
	path = write_file("gshap-test-groups.lua",
	    "return function(names, data)\n"
	    "  assert(#names == 3 and data:nrows() == 5)\n"
	    "  return {{name = 'bc', members = {'c', 2}}}\n"
	    "end\n");
	ck_assert_msg(script_groups(sc, path, &g, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_str_eq(g.names[0], "a");
	ck_assert_str_eq(g.names[1], "bc");
	ck_assert_uint_eq(g.of[0], 0);
	ck_assert_uint_eq(g.of[1], 1);
	ck_assert_uint_eq(g.of[2], 1);
	groups_clear(&g);
	path = write_file("gshap-test-groups.lua",
	    "return function(names)\n"
	    "  return {A = {'a', 'b'}, B = {'b'}}\n"
	    "end\n");
	ck_assert_int_eq(script_groups(sc, path, &g, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "feature 'b' is in two groups"));
	path = write_file("gshap-test-groups.lua",
	    "return function(names) return {A = {'a', 'zz'}} end\n");
	ck_assert_int_eq(script_groups(sc, path, &g, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "no feature 'zz'"));
	output();
	unlink(path);
	free_state(sc);
	session_close(&s);
}
END_TEST

START_TEST(test_noise_script)
{
	struct gs_session s;
	struct gs_script *sc;
	struct gs_noise	  nz;
	struct gs_error	  err;
	const char	 *path;
	double		  x[3] = { 1, 2, 3 }, a[4 * 3], b[4 * 3];
	double		  c[2 * 3];
	size_t		  i;

	open_tiny(&s);
	sc = new_state(&s, 0);
	path = write_file("gshap-test-noise.lua",
	    "return function(noise, x, stats, rng)\n"
	    "  assert(noise.d == 3 and stats.names[1] == 'a' and x.b == 2)\n"
	    "  noise:normal({1, 0, stats.sd[3]})\n"
	    "end\n");
	ck_assert_msg(script_noise(sc, path, &nz, &err) == 0, "%s", err.msg);
	ck_assert_ptr_nonnull(nz.fill);
	ck_assert_uint_eq(nz.d, 3);
	ck_assert_int_eq(nz.fill(nz.fill_arg, 7, x, 4, 3, 11, 0, a, &err), 0);
	ck_assert_int_eq(nz.fill(nz.fill_arg, 7, x, 4, 3, 11, 0, b, &err), 0);
	ck_assert_int_eq(nz.fill(nz.fill_arg, 7, x, 2, 3, 11, 2, c, &err), 0);
	for (i = 0; i < 4; i++) {
		ck_assert(a[i * 3] == b[i * 3] && a[i * 3] != 0);
		ck_assert(a[i * 3 + 1] == 0);
	}
	/* Samples 2 and 3 are the same whichever block draws them. */
	for (i = 0; i < 6; i++)
		ck_assert(c[i] == a[6 + i]);
	ck_assert_int_eq(nz.fill(nz.fill_arg, 8, x, 4, 3, 11, 0, b, &err), 0);
	ck_assert(b[0] != a[0]);
	noise_clear(&nz);
	/* A function writing NaN is an error. */
	path = write_file("gshap-test-noise.lua",
	    "return function(noise) noise:set(1, 1, 0/0) end\n");
	ck_assert_int_eq(script_noise(sc, path, &nz, &err), 0);
	ck_assert_int_eq(nz.fill(nz.fill_arg, 0, x, 1, 3, 0, 0, a, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "non-finite"));
	noise_clear(&nz);
	output();
	unlink(path);
	free_state(sc);
	session_close(&s);
}
END_TEST

/* A C custom model: y = 1.5a - 2b + 0.25c + 0.5, like linear_tiny.onnx. */
static int freed;

static int
tiny_forward(void *ctx, const gs_real *x, size_t n, gs_real *y,
    struct gs_error *err)
{
	size_t	i;

	(void)ctx;
	(void)err;
	for (i = 0; i < n; i++)
		y[i] = 1.5f * x[3 * i] - 2 * x[3 * i + 1] +
		    0.25f * x[3 * i + 2] + 0.5f;
	return (0);
}

static int
tiny_gradient(void *ctx, const gs_real *x, size_t n, const size_t *target,
    gs_real *y, gs_real *grad, struct gs_error *err)
{
	size_t	i;

	if (target[0] != 0)
		return (gs_error_set(err, GS_ERANGE, "bad target"));
	if (y != NULL)
		tiny_forward(ctx, x, n, y, err);
	for (i = 0; i < n; i++) {
		grad[3 * i] = 1.5f;
		grad[3 * i + 1] = -2;
		grad[3 * i + 2] = 0.25f;
	}
	return (0);
}

static void
tiny_free(void *ctx)
{
	freed += ctx == &freed;
}

static const struct gs_model_ops tiny_ops = {
	tiny_forward, tiny_gradient, tiny_free
};

START_TEST(test_custom_model)
{
	static const char *const names[] = { "a", "b", "c" };
	struct gs_session	 s;
	struct gs_model		*m;
	struct gs_plan		*p;
	struct gs_error		 err;
	struct gs_attr_opts	 opts;
	struct gs_baseline	 bl;
	struct gs_explainer	*e1, *e2;
	struct gs_explanation	 x1, x2;
	gs_real			 x[6] = { 1, 2, 3, -1, 0.5f, 4 };
	gs_real			 y[2], g[6];
	double			 row[3] = { 2, -3, 1 };
	size_t			 t[2] = { 0, 0 }, j;
	enum gs_method		 meth;

	freed = 0;
	m = model_new_custom("tiny", 3, 1, names, &tiny_ops, &freed);
	ck_assert_str_eq(model_name(m), "tiny");
	ck_assert_uint_eq(model_input_len(m), 3);
	ck_assert_uint_eq(model_output_count(m), 1);
	ck_assert_uint_eq(model_output_len(m, 0), 1);
	ck_assert_str_eq(model_output_name(m, 0), "output");
	ck_assert_str_eq(model_input_name(m, 1), "b");
	ck_assert_ptr_null(model_input_name(m, 3));
	ck_assert_uint_eq(model_node_count(m), 0);
	p = plan_new(m, 0, 2, &err);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(plan_forward(p, x, 2, y, &err), 0);
	ck_assert(y[0] == -1.25f && y[1] == -1);
	ck_assert_int_eq(plan_gradient(p, x, 2, t, NULL, g, &err), 0);
	ck_assert(g[3] == 1.5f && g[4] == -2 && g[5] == 0.25f);
	ck_assert_int_eq(plan_forward(p, x, 3, y, &err), -1);
	ck_assert_int_eq(err.code, GS_ERANGE);
	t[0] = 1;
	ck_assert_int_eq(plan_gradient(p, x, 1, t, NULL, g, &err), -1);
	plan_free(p);

	/* Every method gives what it gives on the ONNX model. */
	open_tiny(&s);
	ck_assert_int_eq(baseline_make(&bl, "data", s.data, &s.sel, 0, 0, &err),
	    0);
	for (meth = GS_METHOD_GRADSHAP; meth <= GS_METHOD_IXG; meth++) {
		attr_opts_default(&opts);
		opts.method = meth;
		opts.samples = 64;
		opts.seed = 5;
		if (meth == GS_METHOD_IG) {
			baseline_clear(&bl);
			ck_assert_int_eq(baseline_make(&bl, "mean", s.data,
			    &s.sel, 0, 0, &err), 0);
		}
		e1 = explainer_new(s.model, 0, &opts, &bl, NULL, &err);
		e2 = explainer_new(m, 0, &opts, &bl, NULL, &err);
		ck_assert_msg(e1 != NULL && e2 != NULL, "%s", err.msg);
		ck_assert_int_eq(explainer_run(e1, row, 2, &x1, &err), 0);
		ck_assert_int_eq(explainer_run(e2, row, 2, &x2, &err), 0);
		ck_assert_double_eq_tol(x1.fx, x2.fx, 1e-6);
		for (j = 0; j < 3; j++)
			ck_assert_double_eq_tol(x1.phi[j], x2.phi[j], 1e-5);
		explanation_clear(&x1);
		explanation_clear(&x2);
		explainer_free(e1);
		explainer_free(e2);
	}
	baseline_clear(&bl);
	session_close(&s);
	model_free(m);
	ck_assert_int_eq(freed, 1);
}
END_TEST

static Suite *
script_suite(void)
{
	Suite	*s = suite_create("script");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_values_and_state);
	tcase_add_test(tc, test_runtime_error_line);
	tcase_add_test(tc, test_syntax_and_missing_file);
	tcase_add_test(tc, test_sandbox);
	tcase_add_test(tc, test_instruction_budget);
	tcase_add_test(tc, test_memory_limit);
	tcase_add_test(tc, test_interrupt);
	tcase_add_test(tc, test_filter_rows);
	tcase_add_test(tc, test_baseline_scripts);
	tcase_add_test(tc, test_groups_script);
	tcase_add_test(tc, test_noise_script);
	tcase_add_test(tc, test_custom_model);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(script_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

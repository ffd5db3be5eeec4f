/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for src/core: error messages, overflow-checked sizes and the
 * seeded generator (streams, ranges, moments).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/error.h"
#include "core/rng.h"
#include "core/xmalloc.h"

START_TEST(test_error_set_prefix)
{
	struct gs_error err;

	gs_error_clear(&err);
	ck_assert_int_eq(err.code, GS_OK);
	ck_assert_int_eq(gs_error_set(&err, GS_EPARSE, "%d:%d: bad", 3, 4), -1);
	ck_assert_int_eq(err.code, GS_EPARSE);
	gs_error_prefix(&err, "%s: ", "a.csv");
	ck_assert_str_eq(err.msg, "a.csv: 3:4: bad");
	ck_assert_str_eq(gs_error_name(GS_EUNSUPPORTED), "unsupported");
	ck_assert_int_eq(gs_error_set(NULL, GS_EIO, "x"), -1);
}
END_TEST

START_TEST(test_xmul_overflow)
{
	ck_assert_uint_eq(xmul(3, 4), 12);
	ck_assert_uint_eq(xmul(SIZE_MAX / 2, 3), SIZE_MAX);
	ck_assert_uint_eq(xmul(0, SIZE_MAX), 0);
}
END_TEST

START_TEST(test_rng_streams)
{
	struct gs_rng a, b, c;
	int i, same = 0;

	gs_rng_init(&a, 42, 0);
	gs_rng_init(&b, 42, 0);
	gs_rng_init(&c, 42, 1);
	for (i = 0; i < 1000; i++) {
		uint64_t x = gs_rng_next(&a);
		ck_assert_uint_eq(x, gs_rng_next(&b));
		same += x == gs_rng_next(&c);
	}
	ck_assert_int_eq(same, 0);
}
END_TEST

START_TEST(test_rng_moments)
{
	struct gs_rng r;
	double s = 0, s2 = 0, u, mn = 1, mx = 0;
	uint64_t counts[7] = { 0 };
	int i, n = 200000;

	gs_rng_init(&r, 7, 3);
	for (i = 0; i < n; i++) {
		u = gs_rng_uniform(&r);
		mn = fmin(mn, u);
		mx = fmax(mx, u);
		counts[gs_rng_below(&r, 7)]++;
	}
	ck_assert(mn >= 0.0 && mx < 1.0);
	for (i = 0; i < 7; i++)
		ck_assert(fabs(counts[i] / (double)n - 1.0 / 7) < 0.005);
	for (i = 0; i < n; i++) {
		u = gs_rng_normal(&r);
		s += u;
		s2 += u * u;
	}
	ck_assert(fabs(s / n) < 0.01);
	ck_assert(fabs(s2 / n - 1.0) < 0.02);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_error_set_prefix);
	tcase_add_test(tc, test_xmul_overflow);
	tcase_add_test(tc, test_rng_streams);
	tcase_add_test(tc, test_rng_moments);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for src/core: error messages, overflow-checked sizes, whole
 * numbers from text and the seeded generator (streams, ranges, moments).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/names.h"
#include "core/number.h"
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

/*
 * A message longer than the buffer ends after a whole word with "...";
 * a prefix does the same; nothing of ordinary length is cut (issue 16.11).
 */
START_TEST(test_error_long)
{
	struct gs_error	 err;
	char		 words[3000];
	size_t		 i, len, k;

	for (len = 0, i = 0; len + 16 < sizeof words; i++)
		len += (size_t)snprintf(words + len, sizeof words - len,
		    "%sword%zu", i > 0 ? " " : "", i);
	gs_error_set(&err, GS_EINVAL, "%s", words);
	len = strlen(err.msg);
	ck_assert_uint_lt(len, sizeof err.msg);
	ck_assert_uint_gt(len, sizeof err.msg - 16);
	ck_assert_str_eq(err.msg + len - 3, "...");
	/* The text before "..." is a prefix of words ending at a word. */
	k = len - 3;
	ck_assert(strncmp(err.msg, words, k) == 0);
	ck_assert(words[k] == ' ');
	/* A prefix: the end is cut, again at a word. */
	gs_error_set(&err, GS_EINVAL, "%.900s", words);
	gs_error_prefix(&err, "%.200s: ", words);
	len = strlen(err.msg);
	ck_assert_str_eq(err.msg + len - 3, "...");
	ck_assert(err.msg[len - 4] != ' ');
	ck_assert(strncmp(err.msg, words, 200) == 0);
	/* 900 bytes fit whole. */
	gs_error_set(&err, GS_EINVAL, "%.900s", words);
	ck_assert_uint_eq(strlen(err.msg), 900);
}
END_TEST

/* names_list: whole when it fits, else shortened in the middle. */
START_TEST(test_names_list)
{
	static const char *const v[] = { "alpha", "beta", "gamma", "delta",
	    "epsilon", "zeta", "eta" };
	char	buf[64];

	ck_assert_str_eq(names_list(buf, sizeof buf, v, 3, "columns"),
	    "alpha, beta, gamma");
	ck_assert_str_eq(names_list(buf, 40, v, 7, "columns"),
	    "alpha, beta, ..., zeta, eta (7 columns)");
	ck_assert_str_eq(names_list(buf, 45, v, 7, "columns"),
	    "alpha, beta, ..., zeta, eta (7 columns)");
	ck_assert_str_eq(names_list(buf, 46, v, 7, "columns"),
	    "alpha, beta, gamma, delta, epsilon, zeta, eta");
	ck_assert_str_eq(names_list(buf, 20, v, 7, "columns"), "7 columns");
	ck_assert_str_eq(names_list(buf, sizeof buf, v, 0, "columns"), "");
	ck_assert_str_eq(names_list(buf, sizeof buf, v, 1, "columns"),
	    "alpha");
}
END_TEST

/* The one reader of whole numbers: digits only, overflow and max checked. */
START_TEST(test_number_parse)
{
	static const char *const bad[] = { "", "-1", "+1", " 1", "1 ", "1x",
	    "1e3", "0x10", "1.0", "\xd9\xa1" };
	uint64_t	v;
	size_t		i;

	ck_assert_int_eq(number_parse("0", 10, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(number_parse("007", 10, &v), 0);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_eq(number_parse("10", 10, &v), 0);
	ck_assert_uint_eq(v, 10);
	ck_assert_int_eq(number_parse("11", 10, &v), -2);
	ck_assert_uint_eq(v, 10);
	ck_assert_int_eq(number_parse("18446744073709551615", UINT64_MAX,
	    &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(number_parse("18446744073709551616", UINT64_MAX,
	    &v), -2);
	ck_assert_int_eq(number_parse("99999999999999999999999", 5, &v), -2);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(number_parse(bad[i], UINT64_MAX, &v) == -1,
		    "'%s' read as a number", bad[i]);
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
	tcase_add_test(tc, test_error_long);
	tcase_add_test(tc, test_names_list);
	tcase_add_test(tc, test_number_parse);
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

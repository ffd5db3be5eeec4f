/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for src/core: error messages, overflow-checked sizes, whole
 * numbers from text, the seeded generator (streams, ranges, moments) and
 * the double writers (against printf and strtod).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dtoa.h"
#include "core/error.h"
#include "core/names.h"
#include "core/number.h"
#include "core/slurp.h"
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

/* slurp: a whole file and a NUL; a directory and the limit refused. */
START_TEST(test_slurp)
{
	struct gs_error	 err;
	char		 path[] = "slurp-XXXXXX", *b;
	size_t		 len;
	FILE		*f;
	int		 fd;

	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	fputs("0123456789", f);
	fclose(f);
	ck_assert_ptr_nonnull(b = slurp(path, 10, "a test file", &len, &err));
	ck_assert_uint_eq(len, 10);
	ck_assert_str_eq(b, "0123456789");
	free(b);
	ck_assert_ptr_null(slurp(path, 9, "a test file", &len, &err));
	ck_assert_int_eq(err.code, GS_ELIMIT);
	ck_assert(strstr(err.msg, ": more than 9 bytes, the limit for a test "
	    "file") != NULL);
	remove(path);
	ck_assert_ptr_null(slurp(".", 10, "a test file", &len, &err));
	ck_assert_int_eq(err.code, GS_EIO);
	ck_assert_str_eq(err.msg, ".: is a directory, not a test file");
	ck_assert_ptr_null(slurp(path, 10, "a test file", &len, &err));
	ck_assert_int_eq(err.code, GS_EIO);
}
END_TEST

/* names_closest: the nearest name, case folded; none among none. */
START_TEST(test_names_closest)
{
	static const char *const v[] = { "Income", "Assets", "Debt" };
	size_t	d;

	ck_assert_uint_eq(names_closest("asets", v, 3, &d), 1);
	ck_assert_uint_eq(d, 1);
	ck_assert_uint_eq(names_closest("DEBT", v, 3, &d), 2);
	ck_assert_uint_eq(d, 0);
	ck_assert_uint_eq(names_closest("x", v, 0, &d), 0);
	ck_assert_uint_eq(d, (size_t)-1);
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

/*
 * Check dtoa_g9(v) against printf's %.9g, and dtoa_shortest(v) against
 * the C library: the text reads back as
 * the same bits, as %.17g's does; printf's correctly rounded text with
 * one significant digit fewer does not read back (so none shorter is
 * nearer), and with as many it has the same digits when it reads back.
 */
static void
check_dtoa(double v)
{
	char		 a[DTOA_SIZE], b[64], da[24], db[24];
	const char	*q;
	double		 r;
	size_t		 len, na = 0, nb = 0;

	/* dtoa_g9 is printf's %.9g, byte for byte. */
	len = dtoa_g9(v, a);
	snprintf(b, sizeof b, "%.9g", v);
	if (!isnan(v) && strcmp(a, b) != 0)
		ck_abort_msg("%a written as %s; %%.9g gives %s", v, a, b);
	ck_assert_uint_eq(len, strlen(a));
	/* dtoa_g6 is printf's %.6g (the features' values). */
	len = dtoa_g6(v, a);
	snprintf(b, sizeof b, "%.6g", v);
	if (!isnan(v) && strcmp(a, b) != 0)
		ck_abort_msg("%a written as %s; %%.6g gives %s", v, a, b);
	ck_assert_uint_eq(len, strlen(a));
	len = dtoa_shortest(v, a);
	ck_assert_uint_eq(len, strlen(a));
	ck_assert_uint_lt(len, DTOA_SIZE);
	r = strtod(a, NULL);
	if (memcmp(&r, &v, sizeof r) != 0)
		ck_abort_msg("%a written as %s reads back as %a", v, a, r);
	snprintf(b, sizeof b, "%.17g", v);
	ck_assert(strtod(b, NULL) == r);
	if (!isfinite(v))
		return;
	/* Significant digits, without leading or trailing zeros. */
	for (q = a; *q != '\0' && *q != 'e'; q++)
		if (*q >= '1' || (*q == '0' && na > 0))
			da[na++] = *q;
	while (na > 0 && da[na - 1] == '0')
		na--;
	if (na > 1) {
		snprintf(b, sizeof b, "%.*e", (int)na - 2, v);
		if (strtod(b, NULL) == v)
			ck_abort_msg("%a written as %s; %s is shorter", v, a,
			    b);
	}
	snprintf(b, sizeof b, "%.*e", na > 0 ? (int)na - 1 : 0, v);
	if (strtod(b, NULL) != v)
		return;
	for (q = b; *q != '\0' && *q != 'e'; q++)
		if (*q >= '1' || (*q == '0' && nb > 0))
			db[nb++] = *q;
	while (nb > 0 && db[nb - 1] == '0')
		nb--;
	if (na != nb || memcmp(da, db, na) != 0)
		ck_abort_msg("%a written as %s; printf's nearest is %s", v, a,
		    b);
}

/* One bit pattern from a xorshift generator. */
static uint64_t
dtoa_bits(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (*s);
}

/*
 * The shortest writer: round trips and shortest digits on edge values
 * and 50000 random ones (any bits, exponents near 1, subnormals,
 * numbers with few decimals), printf's %g layout, NaN and infinities;
 * %.9g and %.6g on those, near-ties and exact ties.
 */
START_TEST(test_dtoa)
{
	static const double edge[] = { 0.0, -0.0, 1, -1, 0.1, 0.3, 2.0 / 3,
	    1e-5, 1e-4, 9.999e-5, 1e15, 1e16, 1e17, 1e22, 1e23, 8.41e21,
	    5e-324, -5e-324, 2.2250738585072014e-308, 2.2250738585072009e-308,
	    1.7976931348623157e308, 9007199254740991.0, 9007199254740992.0,
	    18014398509481986.0, 5e-310, 4.35e-7, 1.5e300, 123456.789,
	    0.000123456, 299792458, 6.02214076e23, 1.6e-19, 0.1234567885,
	    123456788.5, 123456789.5, 999999999.5, 9999999995.0, 999999999,
	    1e9, 1.0000000005, 0.99999999995, 0.00099999999951, 1e-5 / 3 };
	static const struct { double v; const char *s; } layout[] = {
	    { 0.0, "0" }, { -0.0, "-0" }, { 1, "1" }, { -2.5, "-2.5" },
	    { 0.1, "0.1" }, { 1e-4, "0.0001" }, { 1e-5, "1e-05" },
	    { 1.5e-7, "1.5e-07" }, { 123456.789, "123456.789" },
	    { 1e15, "1000000000000000" }, { 1e16, "1e+16" },
	    { 1.25e100, "1.25e+100" }, { 5e-324, "5e-324" },
	    { 1.0 / 3, "0.3333333333333333" }, { 100, "100" },
	    { 1.7976931348623157e308, "1.7976931348623157e+308" } };
	char		 buf[DTOA_SIZE];
	uint64_t	 s = 88172645463325252ULL, u;
	double		 v;
	size_t		 i;

	for (i = 0; i < sizeof edge / sizeof edge[0]; i++) {
		check_dtoa(edge[i]);
		check_dtoa(-edge[i]);
		check_dtoa(nextafter(edge[i], 0));
		check_dtoa(nextafter(edge[i], INFINITY));
	}
	for (i = 0; i < 50000; i++) {
		u = dtoa_bits(&s);
		switch (i % 4) {
		case 1:
			/* Exponents within 2^+-40 of 1. */
			u = (u & 0x800fffffffffffffULL) |
			    ((uint64_t)(1023 + dtoa_bits(&s) % 80 - 40) << 52);
			break;
		case 2:
			u &= 0x800fffffffffffffULL;	/* subnormal */
			break;
		case 3:
			v = (double)(int64_t)(dtoa_bits(&s) % 100000000) / 1e4;
			memcpy(&u, &v, sizeof u);
			break;
		}
		memcpy(&v, &u, sizeof v);
		if (isfinite(v))
			check_dtoa(v);
	}
	/* Ten digits ending in 5: %.9g's ties and near-ties. */
	for (i = 0; i < 20000; i++) {
		v = (double)(dtoa_bits(&s) % 100000000 * 10 + 5 + 1000000000) /
		    pow(10, (double)(dtoa_bits(&s) % 30) - 10);
		check_dtoa(v);
	}
	/* Seven digits ending in 5: %.6g's ties and near-ties. */
	for (i = 0; i < 20000; i++) {
		v = (double)(dtoa_bits(&s) % 100000 * 10 + 5 + 1000000) /
		    pow(10, (double)(dtoa_bits(&s) % 30) - 10);
		check_dtoa(v);
	}
	/*
	 * Exact ties, which printf rounds to even: odd multiples of 5^8 over
	 * 2 x 10^8 (1 + 1/512 = 1.001953125 is one) and of 5^5 over 2 x 10^5,
	 * scaled by powers of two; and ten- and seven-digit whole numbers
	 * ending in 5.
	 */
	for (i = 0; i < 20000; i++) {
		v = ldexp((double)(dtoa_bits(&s) % 100000 * 2 + 1) * 390625 /
		    2e8, (int)(dtoa_bits(&s) % 41) - 20);
		check_dtoa(v);
		v = ldexp((double)(dtoa_bits(&s) % 1000 * 2 + 1) * 3125 / 2e5,
		    (int)(dtoa_bits(&s) % 41) - 20);
		check_dtoa(v);
		check_dtoa((double)(dtoa_bits(&s) % 900000000 + 100000000) * 10 +
		    5);
		check_dtoa((double)(dtoa_bits(&s) % 900000 + 100000) * 10 + 5);
	}
	check_dtoa(1.001953125);
	/* printf's powers of two next to each other. */
	for (i = 0; i < 2098; i++)
		check_dtoa(ldexp(1, (int)i - 1074));
	for (i = 0; i < sizeof layout / sizeof layout[0]; i++) {
		dtoa_shortest(layout[i].v, buf);
		ck_assert_str_eq(buf, layout[i].s);
	}
	dtoa_shortest(NAN, buf);
	ck_assert_str_eq(buf, "nan");
	dtoa_shortest(INFINITY, buf);
	ck_assert_str_eq(buf, "inf");
	dtoa_shortest(-INFINITY, buf);
	ck_assert_str_eq(buf, "-inf");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	/* The dtoa check makes 10^5 printf and strtod calls: a loaded machine. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_error_set_prefix);
	tcase_add_test(tc, test_error_long);
	tcase_add_test(tc, test_names_closest);
	tcase_add_test(tc, test_slurp);
	tcase_add_test(tc, test_names_list);
	tcase_add_test(tc, test_number_parse);
	tcase_add_test(tc, test_xmul_overflow);
	tcase_add_test(tc, test_rng_streams);
	tcase_add_test(tc, test_rng_moments);
	tcase_add_test(tc, test_dtoa);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? 0 : 1);
}

/* SPDX-License-Identifier: ISC */
/*
 * A stand-in for Check's <check.h>, on the include path only when Check
 * is missing (configure). The unit tests compile against it unchanged and,
 * at srunner_create, say that Check is missing and exit 77, which the test
 * driver reports as a skip. No test body ever runs: the assertion macros
 * only use their arguments, so that the tests compile without warnings.
 */
#ifndef GS_NOCHECK_H
#define GS_NOCHECK_H

#include <stdio.h>
#include <stdlib.h>

typedef struct gs_nocheck Suite;
typedef struct gs_nocheck TCase;
typedef struct gs_nocheck SRunner;
struct gs_nocheck {
	int	 unused;	/* nothing: the tests never run */
};

enum print_output {
	CK_SILENT, CK_MINIMAL, CK_NORMAL, CK_VERBOSE, CK_ENV, CK_SUBUNIT,
	CK_LAST
};
enum fork_status {
	CK_FORK_GETENV, CK_FORK, CK_NOFORK
};

/* Takes anything, does nothing: the macros' arguments count as used. */
static inline void
gs_nocheck_use(int unused, ...)
{
	(void)unused;
}

static inline struct gs_nocheck *
gs_nocheck_obj(void)
{
	static struct gs_nocheck	 o;

	return (&o);
}

/* The one call every test's main makes before running: skip here. */
static inline SRunner *
srunner_create(Suite *s)
{
	(void)s;
	fputs("SKIP: the unit tests need Check, which this build was "
	    "configured without (install the Debian package check and run "
	    "configure again)\n", stderr);
	exit(77);
}

#define START_TEST(name)	static void name(int _i)
#define END_TEST
#define suite_create(name)	(gs_nocheck_use(0, (name)), gs_nocheck_obj())
#define tcase_create(name)	(gs_nocheck_use(0, (name)), gs_nocheck_obj())
#define suite_add_tcase(s, tc)	gs_nocheck_use(0, (s), (tc))
#define tcase_add_test(tc, f)	gs_nocheck_use(0, (tc), (f))
#define tcase_add_loop_test(tc, f, a, b) \
	gs_nocheck_use(0, (tc), (f), (a), (b))
#define tcase_add_checked_fixture(tc, a, b) \
	gs_nocheck_use(0, (tc), (a), (b))
#define tcase_add_unchecked_fixture(tc, a, b) \
	gs_nocheck_use(0, (tc), (a), (b))
#define tcase_set_timeout(tc, t)	gs_nocheck_use(0, (tc), (t))
#define srunner_add_suite(r, s)		gs_nocheck_use(0, (r), (s))
#define srunner_set_fork_status(r, f)	gs_nocheck_use(0, (r), (f))
#define srunner_set_log(r, f)		gs_nocheck_use(0, (r), (f))
#define srunner_set_xml(r, f)		gs_nocheck_use(0, (r), (f))
#define srunner_set_tap(r, f)		gs_nocheck_use(0, (r), (f))
#define srunner_run_all(r, p)		gs_nocheck_use(0, (r), (p))
#define srunner_run(r, s, t, p)		gs_nocheck_use(0, (r), (s), (t), (p))
#define srunner_ntests_failed(r)	(gs_nocheck_use(0, (r)), 0)
#define srunner_ntests_run(r)		(gs_nocheck_use(0, (r)), 0)
#define srunner_free(r)			gs_nocheck_use(0, (r))
#define mark_point()			((void)0)

#define ck_assert(e)			gs_nocheck_use(0, (e))
#define ck_assert_msg(e, ...)		gs_nocheck_use(0, (e), __VA_ARGS__)
#define ck_abort()			((void)0)
#define ck_abort_msg(...)		gs_nocheck_use(0, __VA_ARGS__)
#define fail_unless(e, ...)		gs_nocheck_use(0, (e), ##__VA_ARGS__)
#define fail_if(e, ...)			gs_nocheck_use(0, (e), ##__VA_ARGS__)
#define fail(...)			gs_nocheck_use(0, ##__VA_ARGS__)

/* Comparisons: ck_assert_TYPE_OP(a, b) for every type and operator. */
#define GS_NOCHECK_CMP(a, b)		gs_nocheck_use(0, (a), (b))
#define ck_assert_int_eq		GS_NOCHECK_CMP
#define ck_assert_int_ne		GS_NOCHECK_CMP
#define ck_assert_int_lt		GS_NOCHECK_CMP
#define ck_assert_int_le		GS_NOCHECK_CMP
#define ck_assert_int_gt		GS_NOCHECK_CMP
#define ck_assert_int_ge		GS_NOCHECK_CMP
#define ck_assert_uint_eq		GS_NOCHECK_CMP
#define ck_assert_uint_ne		GS_NOCHECK_CMP
#define ck_assert_uint_lt		GS_NOCHECK_CMP
#define ck_assert_uint_le		GS_NOCHECK_CMP
#define ck_assert_uint_gt		GS_NOCHECK_CMP
#define ck_assert_uint_ge		GS_NOCHECK_CMP
#define ck_assert_float_eq		GS_NOCHECK_CMP
#define ck_assert_float_ne		GS_NOCHECK_CMP
#define ck_assert_float_lt		GS_NOCHECK_CMP
#define ck_assert_float_le		GS_NOCHECK_CMP
#define ck_assert_float_gt		GS_NOCHECK_CMP
#define ck_assert_float_ge		GS_NOCHECK_CMP
#define ck_assert_double_eq		GS_NOCHECK_CMP
#define ck_assert_double_ne		GS_NOCHECK_CMP
#define ck_assert_double_lt		GS_NOCHECK_CMP
#define ck_assert_double_le		GS_NOCHECK_CMP
#define ck_assert_double_gt		GS_NOCHECK_CMP
#define ck_assert_double_ge		GS_NOCHECK_CMP
#define ck_assert_ldouble_eq		GS_NOCHECK_CMP
#define ck_assert_ldouble_ne		GS_NOCHECK_CMP
#define ck_assert_ldouble_lt		GS_NOCHECK_CMP
#define ck_assert_ldouble_le		GS_NOCHECK_CMP
#define ck_assert_ldouble_gt		GS_NOCHECK_CMP
#define ck_assert_ldouble_ge		GS_NOCHECK_CMP
#define ck_assert_str_eq		GS_NOCHECK_CMP
#define ck_assert_str_ne		GS_NOCHECK_CMP
#define ck_assert_str_lt		GS_NOCHECK_CMP
#define ck_assert_str_le		GS_NOCHECK_CMP
#define ck_assert_str_gt		GS_NOCHECK_CMP
#define ck_assert_str_ge		GS_NOCHECK_CMP
#define ck_assert_pstr_eq		GS_NOCHECK_CMP
#define ck_assert_pstr_ne		GS_NOCHECK_CMP
#define ck_assert_ptr_eq		GS_NOCHECK_CMP
#define ck_assert_ptr_ne		GS_NOCHECK_CMP
#define ck_assert_ptr_null(p)		gs_nocheck_use(0, (p))
#define ck_assert_ptr_nonnull(p)	gs_nocheck_use(0, (p))
#define GS_NOCHECK_CMP3(a, b, c)	gs_nocheck_use(0, (a), (b), (c))
#define ck_assert_mem_eq		GS_NOCHECK_CMP3
#define ck_assert_mem_ne		GS_NOCHECK_CMP3
#define ck_assert_float_eq_tol		GS_NOCHECK_CMP3
#define ck_assert_float_ne_tol		GS_NOCHECK_CMP3
#define ck_assert_float_le_tol		GS_NOCHECK_CMP3
#define ck_assert_float_ge_tol		GS_NOCHECK_CMP3
#define ck_assert_double_eq_tol		GS_NOCHECK_CMP3
#define ck_assert_double_ne_tol		GS_NOCHECK_CMP3
#define ck_assert_double_le_tol		GS_NOCHECK_CMP3
#define ck_assert_double_ge_tol		GS_NOCHECK_CMP3
#define ck_assert_ldouble_eq_tol	GS_NOCHECK_CMP3
#define ck_assert_ldouble_ne_tol	GS_NOCHECK_CMP3
#define ck_assert_float_finite(x)	gs_nocheck_use(0, (x))
#define ck_assert_float_infinite(x)	gs_nocheck_use(0, (x))
#define ck_assert_float_nan(x)		gs_nocheck_use(0, (x))
#define ck_assert_float_nonnan(x)	gs_nocheck_use(0, (x))
#define ck_assert_double_finite(x)	gs_nocheck_use(0, (x))
#define ck_assert_double_infinite(x)	gs_nocheck_use(0, (x))
#define ck_assert_double_nan(x)		gs_nocheck_use(0, (x))
#define ck_assert_double_nonnan(x)	gs_nocheck_use(0, (x))

#endif /* GS_NOCHECK_H */

# Tests: Check unit tests in tests/unit, shell regression tests in
# tests/regress. Every test is listed by name.
TEST_CK_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
TEST_CK_LIBS = $(GS_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/unit/test-core
tests_unit_test_core_SOURCES = tests/unit/test-core.c
tests_unit_test_core_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_core_LDADD = $(TEST_CK_LIBS)
TESTS += tests/unit/test-core

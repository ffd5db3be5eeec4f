# src/core: errors, allocation, names, whole numbers, the worker pool, the
# seeded generator, interrupts; and their tests.
noinst_LIBRARIES += src/core/libgscore.a
src_core_libgscore_a_CPPFLAGS = $(GS_NUMERIC_CPPFLAGS)
src_core_libgscore_a_SOURCES = \
	src/core/afile.c src/core/afile.h \
	src/core/dtoa.c src/core/dtoa.h src/core/dtoa-table.h \
	src/core/error.c src/core/error.h \
	src/core/interrupt.c src/core/interrupt.h \
	src/core/names.c src/core/names.h \
	src/core/number.c src/core/number.h \
	src/core/pool.c src/core/pool.h \
	src/core/rng.c src/core/rng.h \
	src/core/sha256.c src/core/sha256.h \
	src/core/slurp.c src/core/slurp.h \
	src/core/visible.c src/core/visible.h \
	src/core/xmalloc.c src/core/xmalloc.h

check_PROGRAMS += tests/unit/test-core
TESTS += tests/unit/test-core
GS_NUMERIC_TESTS += tests/unit/test-core
tests_unit_test_core_SOURCES = tests/unit/test-core.c
tests_unit_test_core_CPPFLAGS = $(GS_NUMERIC_CPPFLAGS)
tests_unit_test_core_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_core_LDADD = $(GS_CORE_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/unit/test-pool
TESTS += tests/unit/test-pool
GS_NUMERIC_TESTS += tests/unit/test-pool
tests_unit_test_pool_SOURCES = tests/unit/test-pool.c
tests_unit_test_pool_CPPFLAGS = $(GS_NUMERIC_CPPFLAGS)
tests_unit_test_pool_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_pool_LDADD = $(GS_CORE_LIBS) $(CHECK_LIBS)

# Atomic writes and control characters made visible.
check_PROGRAMS += tests/unit/test-files
TESTS += tests/unit/test-files
GS_NUMERIC_TESTS += tests/unit/test-files
tests_unit_test_files_SOURCES = tests/unit/test-files.c
tests_unit_test_files_CPPFLAGS = $(GS_NUMERIC_CPPFLAGS)
tests_unit_test_files_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_files_LDADD = $(GS_CORE_LIBS) $(CHECK_LIBS)

# SHA-256 against published test vectors.
check_PROGRAMS += tests/unit/test-sha256
TESTS += tests/unit/test-sha256
GS_NUMERIC_TESTS += tests/unit/test-sha256
tests_unit_test_sha256_SOURCES = tests/unit/test-sha256.c
tests_unit_test_sha256_CPPFLAGS = $(GS_NUMERIC_CPPFLAGS)
tests_unit_test_sha256_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_sha256_LDADD = $(GS_CORE_LIBS) $(CHECK_LIBS)

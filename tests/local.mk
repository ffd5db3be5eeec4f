# Tests: Check unit tests in tests/unit, shell regression tests in
# tests/regress. Every test is listed by name.
TEST_CK_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
TEST_CK_LIBS = $(GS_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/unit/test-core
tests_unit_test_core_SOURCES = tests/unit/test-core.c
tests_unit_test_core_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_core_LDADD = $(TEST_CK_LIBS)
TESTS += tests/unit/test-core

check_PROGRAMS += tests/unit/test-attr
tests_unit_test_attr_SOURCES = tests/unit/test-attr.c tests/unit/fixture.h \
	tests/unit/attr-fixture.h
tests_unit_test_attr_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_attr_LDADD = $(TEST_CK_LIBS)
TESTS += tests/unit/test-attr

# The model layer's fast paths in float (MaxPool's kept winners, ...).
check_PROGRAMS += tests/unit/test-kernels
tests_unit_test_kernels_SOURCES = tests/unit/test-kernels.c \
	tests/unit/onnx-build.c tests/unit/onnx-build.h
tests_unit_test_kernels_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_kernels_LDADD = $(TEST_CK_LIBS)
TESTS += tests/unit/test-kernels
tests/unit/test_kernels-test-kernels.$(OBJEXT) \
tests/unit/test_kernels-onnx-build.$(OBJEXT): src/model/onnx.pb-c.h

check_PROGRAMS += tests/unit/test-teach
tests_unit_test_teach_SOURCES = tests/unit/test-teach.c tests/unit/fixture.h \
	tests/unit/attr-fixture.h
tests_unit_test_teach_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_teach_LDADD = $(TEST_CK_LIBS)
TESTS += tests/unit/test-teach

TESTS += \
	tests/regress/explain-errors.sh \
	tests/regress/explain-formats.sh \
	tests/regress/man-examples.sh \
	tests/regress/explain-lua.sh \
	tests/regress/explain-mpi.sh \
	tests/regress/lessons.sh \
	tests/regress/repl-metrics.sh
EXTRA_DIST += \
	tests/regress/lib.sh \
	tests/regress/repl-metrics.sh \
	tests/regress/lessons.sh \
	tests/regress/explain-errors.sh \
	tests/regress/explain-formats.sh \
	tests/regress/man-examples.sh \
	tests/regress/explain-mpi.sh \
	tests/regress/explain-lua.sh \
	tests/regress/golden \
	tests/data/models \
	tests/data/linear_tiny.csv \
	tests/data/mlp_smooth.csv

# Atomic writes and control characters made visible (src/core).
check_PROGRAMS += tests/unit/test-files
tests_unit_test_files_SOURCES = tests/unit/test-files.c
tests_unit_test_files_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_files_LDADD = $(TEST_CK_LIBS)
TESTS += tests/unit/test-files

# The fault suite and the sandbox's file probes (issue 19). fault-term.sh
# waits for SIGTERM/SIGHUP handling (item 8): expected to fail until then.
TESTS += \
	tests/regress/fault-output.sh \
	tests/regress/fault-stop.sh \
	tests/regress/fault-term.sh \
	tests/regress/sandbox-files.sh
XFAIL_TESTS = tests/regress/fault-term.sh
EXTRA_DIST += \
	tests/regress/fault-output.sh \
	tests/regress/fault-stop.sh \
	tests/regress/fault-term.sh \
	tests/regress/sandbox-files.sh

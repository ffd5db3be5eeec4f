# src/attr: attribution methods (one file each), baselines, noise,
# quadrature, the sample accumulator and the method table; their tests
# (more in trust.mk).
noinst_LIBRARIES += src/attr/libgsattr.a
src_attr_libgsattr_a_CPPFLAGS = $(GS_NUMERIC_CPPFLAGS)
src_attr_libgsattr_a_SOURCES = \
	src/attr/attr-gradshap.c \
	src/attr/attr-ig.c \
	src/attr/attr-ixg.c \
	src/attr/attr-saliency.c \
	src/attr/attr-smoothgrad.c \
	src/attr/attr.h \
	src/attr/baseline.c \
	src/attr/compare-model.c \
	src/attr/compare-row.c \
	src/attr/compare-summary.c \
	src/attr/compare.h \
	src/attr/explainer.c \
	src/attr/explainer.h \
	src/attr/explanation.c \
	src/attr/groups.c \
	src/attr/groups.h \
	src/attr/method.c \
	src/attr/noise.c \
	src/attr/pathcache.c \
	src/attr/quadrature.c \
	src/attr/stats.c \
	src/attr/teach-compare.c \
	src/attr/teach.c \
	src/attr/teach.h

check_PROGRAMS += tests/unit/test-attr
TESTS += tests/unit/test-attr
GS_NUMERIC_TESTS += tests/unit/test-attr
tests_unit_test_attr_SOURCES = tests/unit/test-attr.c tests/unit/fixture.h \
	tests/unit/attr-fixture.h
tests_unit_test_attr_CPPFLAGS = $(GS_NUMERIC_CPPFLAGS)
tests_unit_test_attr_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_attr_LDADD = $(GS_ATTR_LIBS) $(CHECK_LIBS)

# Attribution over encoded tabular data: one-hot blocks as one player,
# whole-row baselines (tests/unit/test-tabular.c).
check_PROGRAMS += tests/unit/test-tabular
TESTS += tests/unit/test-tabular
GS_NUMERIC_TESTS += tests/unit/test-tabular
tests_unit_test_tabular_SOURCES = tests/unit/test-tabular.c \
	tests/unit/fixture.h
tests_unit_test_tabular_CPPFLAGS = $(GS_NUMERIC_CPPFLAGS)
tests_unit_test_tabular_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_tabular_LDADD = $(GS_ATTR_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/unit/test-teach
TESTS += tests/unit/test-teach
GS_NUMERIC_TESTS += tests/unit/test-teach
tests_unit_test_teach_SOURCES = tests/unit/test-teach.c tests/unit/fixture.h \
	tests/unit/attr-fixture.h
tests_unit_test_teach_CPPFLAGS = $(GS_NUMERIC_CPPFLAGS)
tests_unit_test_teach_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_teach_LDADD = $(GS_ATTR_LIBS) $(CHECK_LIBS)

# Issue 16's engine side: the gap's SE and verdict, reproducible records,
# NaN refused, base labels (tests/unit/test-honest.c).
check_PROGRAMS += tests/unit/test-honest
tests_unit_test_honest_SOURCES = tests/unit/test-honest.c \
	tests/unit/fixture.h tests/unit/attr-fixture.h \
	tests/unit/onnx-build.c tests/unit/onnx-build.h
tests_unit_test_honest_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_honest_LDADD = $(GS_SESSION_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-honest
tests/unit/test_honest-test-honest.$(OBJEXT) \
tests/unit/test_honest-onnx-build.$(OBJEXT): src/model/onnx.pb-c.h

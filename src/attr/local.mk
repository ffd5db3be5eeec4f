# src/attr: attribution methods (one file each), baselines, noise,
# quadrature, the sample accumulator and the method table.
src_libgshap_a_SOURCES += \
	src/attr/attr-gradshap.c \
	src/attr/attr-ig.c \
	src/attr/attr-ixg.c \
	src/attr/attr-saliency.c \
	src/attr/attr-smoothgrad.c \
	src/attr/attr.h \
	src/attr/baseline.c \
	src/attr/explainer.c \
	src/attr/explainer.h \
	src/attr/groups.c \
	src/attr/groups.h \
	src/attr/method.c \
	src/attr/noise.c \
	src/attr/quadrature.c \
	src/attr/stats.c \
	src/attr/teach-compare.c \
	src/attr/teach.c \
	src/attr/teach.h

# Issue 16's engine side: the gap's SE and verdict, reproducible records,
# NaN refused, base labels (tests/unit/test-honest.c).
check_PROGRAMS += tests/unit/test-honest
tests_unit_test_honest_SOURCES = tests/unit/test-honest.c \
	tests/unit/fixture.h tests/unit/attr-fixture.h \
	tests/unit/onnx-build.c tests/unit/onnx-build.h
tests_unit_test_honest_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_honest_LDADD = $(TEST_CK_LIBS)
TESTS += tests/unit/test-honest
tests/unit/test_honest-test-honest.$(OBJEXT) \
tests/unit/test_honest-onnx-build.$(OBJEXT): src/model/onnx.pb-c.h

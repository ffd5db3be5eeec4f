# src/attr, issue 6: trustworthy numbers. Exact Shapley values, permutation
# sampling and Kernel SHAP over the coalition game, exact integrated
# gradients, sampling plans and tolerances, quality metrics; their tests
# and the sampling-plan benchmark (`make bench-plans`).
src_attr_libgsattr_a_SOURCES += \
	src/attr/attr-exact.c \
	src/attr/attr-exactig.c \
	src/attr/attr-kernel.c \
	src/attr/attr-permutation.c \
	src/attr/game.c \
	src/attr/game.h \
	src/attr/kinkpath.c \
	src/attr/metrics.c \
	src/attr/sampling-int.h \
	src/attr/sampling-reg.c \
	src/attr/sampling.c \
	src/attr/sobol-joe-kuo.h \
	src/attr/trust.h

check_PROGRAMS += tests/unit/test-trust
tests_unit_test_trust_SOURCES = tests/unit/test-trust.c tests/unit/fixture.h \
	tests/unit/attr-fixture.h \
	tests/unit/onnx-build.c tests/unit/onnx-build.h
tests_unit_test_trust_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_trust_LDADD = $(GS_SESSION_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-trust

check_PROGRAMS += tests/unit/test-exactig
tests_unit_test_exactig_SOURCES = tests/unit/test-exactig.c \
	tests/unit/fixture.h tests/unit/attr-fixture.h \
	tests/unit/onnx-build.c tests/unit/onnx-build.h
tests_unit_test_exactig_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_exactig_LDADD = $(TEST_CK_LIBS)
TESTS += tests/unit/test-exactig

# The sampling-plan benchmark: RMSE against a 10^6-sample reference.
EXTRA_PROGRAMS += bench/bench-plans
bench_bench_plans_SOURCES = bench/bench-plans.c
bench_bench_plans_LDADD = $(GS_ATTR_LIBS)
CLEANFILES += bench/bench-plans

bench-plans: bench/bench-plans
	OPENBLAS_NUM_THREADS=1 ./bench/bench-plans
.PHONY: bench-plans

# The test builds ONNX models in memory with the generated protobuf code.
tests/unit/test_trust-test-trust.$(OBJEXT) tests/unit/test_trust-onnx-build.$(OBJEXT): src/model/onnx.pb-c.h
tests/unit/test_exactig-test-exactig.$(OBJEXT) tests/unit/test_exactig-onnx-build.$(OBJEXT): src/model/onnx.pb-c.h

# The cancellation benchmark: time from the cancel flag to the return of a
# long run, every method, on the digits CNN (issue 16.13).
EXTRA_PROGRAMS += bench/bench-cancel
bench_bench_cancel_SOURCES = bench/bench-cancel.c
bench_bench_cancel_LDADD = $(GS_ATTR_LIBS)
CLEANFILES += bench/bench-cancel

bench-cancel: bench/bench-cancel
	OPENBLAS_NUM_THREADS=1 ./bench/bench-cancel
.PHONY: bench-cancel

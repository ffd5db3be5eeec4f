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
	src/attr/teach.c \
	src/attr/teach.h

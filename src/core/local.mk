# src/core: errors, allocation, the seeded generator.
src_libgshap_a_SOURCES += \
	src/core/error.c src/core/error.h \
	src/core/names.c src/core/names.h \
	src/core/pool.c src/core/pool.h \
	src/core/rng.c src/core/rng.h \
	src/core/xmalloc.c src/core/xmalloc.h

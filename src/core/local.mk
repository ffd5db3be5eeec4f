# src/core: errors, allocation, the seeded generator.
src_libgshap_a_SOURCES += \
	src/core/afile.c src/core/afile.h \
	src/core/error.c src/core/error.h \
	src/core/names.c src/core/names.h \
	src/core/pool.c src/core/pool.h \
	src/core/rng.c src/core/rng.h \
	src/core/visible.c src/core/visible.h \
	src/core/xmalloc.c src/core/xmalloc.h

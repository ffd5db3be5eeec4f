# src/cli: the batch subcommands, and MPI sharding for them.
src_libgshap_a_SOURCES += \
	src/cli/cli.c src/cli/cli.h \
	src/cli/explain.c \
	src/cli/shard.c src/cli/shard.h
if HAVE_MPI
AM_CPPFLAGS += $(MPI_CFLAGS)
GS_LIBS += $(MPI_LIBS)
endif

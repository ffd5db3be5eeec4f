# src/cli: the batch subcommands.
src_libgshap_a_SOURCES += \
	src/cli/cli.c src/cli/cli.h \
	src/cli/explain.c

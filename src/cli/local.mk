# src/cli: the batch subcommands, and MPI sharding for them; their tests.
noinst_LIBRARIES += src/cli/libgscli.a
src_cli_libgscli_a_CPPFLAGS = $(AM_CPPFLAGS) $(LUA_CFLAGS)
src_cli_libgscli_a_SOURCES = \
	src/cli/cli.c src/cli/cli.h \
	src/cli/explain.c \
	src/cli/explain-compare.c \
	src/cli/lesson.c \
	src/cli/report.c \
	src/cli/run-script.c \
	src/cli/shard.c src/cli/shard.h
if HAVE_MPI
src_cli_libgscli_a_CPPFLAGS += $(MPI_CFLAGS)
GS_LIBS += $(MPI_LIBS)
endif

TESTS += \
	tests/regress/explain-errors.sh \
	tests/regress/explain-partial.sh \
	tests/regress/explain-formats.sh \
	tests/regress/explain-tabular.sh \
	tests/regress/man-examples.sh \
	tests/regress/explain-lua.sh \
	tests/regress/explain-compare.sh \
	tests/regress/twins-graphs.sh \
	tests/regress/report-compare.sh \
	tests/regress/explain-mpi.sh \
	tests/regress/lessons.sh \
	tests/regress/report.sh \
	tests/regress/report-credit.sh \
	tests/regress/report-explorer.sh \
	tests/regress/report-render.sh
EXTRA_DIST += \
	tests/regress/report-explorer.sh \
	tests/regress/report.sh \
	tests/regress/report-credit.sh \
	tests/regress/report-render.sh \
	tests/regress/reportcheck.py \
	tests/regress/lessons.sh \
	tests/regress/explain-errors.sh \
	tests/regress/explain-partial.sh \
	tests/regress/explain-formats.sh \
	tests/regress/explain-tabular.sh \
	tests/regress/man-examples.sh \
	tests/regress/explain-mpi.sh \
	tests/regress/explain-lua.sh \
	tests/regress/explain-compare.sh \
	tests/regress/twins-graphs.sh \
	tests/regress/report-compare.sh

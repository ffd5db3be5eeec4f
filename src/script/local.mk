# src/script: the embedded Lua (sandboxed state, the gshap module, userdata
# types, baseline/noise/group scripts, Lua-defined models), the shipped
# scripts, gshap-lua(7), the Lua tests and the Lua benchmark.
noinst_LIBRARIES += src/script/libgsscript.a
src_script_libgsscript_a_CPPFLAGS = $(AM_CPPFLAGS) $(LUA_CFLAGS)
src_script_libgsscript_a_SOURCES = \
	src/script/script-compare.c \
	src/script/script-data.c \
	src/script/script-explainer.c \
	src/script/script-explanation.c \
	src/script/script-finalizer.c \
	src/script/script-host.c \
	src/script/script-job.c \
	src/script/script-lesson.c \
	src/script/script-int.h \
	src/script/script-model.c \
	src/script/script-options.c \
	src/script/script-path.c \
	src/script/script-rng.c \
	src/script/script-schema.c \
	src/script/script-stoppable.c \
	src/script/script-teach.c \
	src/script/script-var.c \
	src/script/script.c \
	src/script/script.h

# The shipped scripts, installed under $(pkgdatadir)/scripts.
baselinesdir = $(pkgdatadir)/scripts/baselines
dist_baselines_DATA = \
	scripts/baselines/kmeans.lua \
	scripts/baselines/means.lua \
	scripts/baselines/medians.lua \
	scripts/baselines/other_class.lua \
	scripts/baselines/reference.lua \
	scripts/baselines/sample.lua \
	scripts/baselines/zeros.lua
noisedir = $(pkgdatadir)/scripts/noise
dist_noise_DATA = \
	scripts/noise/features.lua \
	scripts/noise/gaussian.lua \
	scripts/noise/saltpepper.lua \
	scripts/noise/uniform.lua
groupsdir = $(pkgdatadir)/scripts/groups
dist_groups_DATA = \
	scripts/groups/german_credit.lua \
	scripts/groups/patches.lua
lessonsdir = $(pkgdatadir)/scripts/lessons
dist_lessons_DATA = \
	scripts/lessons/lesson.lua \
	scripts/lessons/01-baseline.lua \
	scripts/lessons/02-path.lua \
	scripts/lessons/03-montecarlo.lua \
	scripts/lessons/04-noise.lua \
	scripts/lessons/05-interaction.lua \
	scripts/lessons/06-groups.lua \
	scripts/lessons/07-trust.lua \
	scripts/lessons/08-twins.lua \
	scripts/lessons/bc_student.onnx \
	scripts/lessons/credit.csv

dist_man_MANS += man/gshap-lua.7

# Unit tests of the Lua layer and custom models.
check_PROGRAMS += tests/unit/test-script
tests_unit_test_script_SOURCES = tests/unit/test-script.c tests/unit/fixture.h
tests_unit_test_script_CFLAGS = $(TEST_CK_CFLAGS) $(LUA_CFLAGS)
tests_unit_test_script_LDADD = $(GS_SCRIPT_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-script

# The options table through every front end (CLI, REPL, Lua) and against
# the man pages.
check_PROGRAMS += tests/unit/test-options
tests_unit_test_options_SOURCES = tests/unit/test-options.c tests/unit/fixture.h
tests_unit_test_options_CFLAGS = $(TEST_CK_CFLAGS) $(LUA_CFLAGS)
tests_unit_test_options_LDADD = $(GS_SCRIPT_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-options

# Lua tests, each run by `gshap -s`: exit 0 when every check passes.
TEST_EXTENSIONS += .lua
LUA_LOG_COMPILER = $(SHELL) $(top_srcdir)/tests/lua/run.sh
GS_LUA_TESTS = \
	tests/lua/api.lua \
	tests/lua/baselines.lua \
	tests/lua/compare.lua \
	tests/lua/groups.lua \
	tests/lua/liveness.lua \
	tests/lua/model.lua \
	tests/lua/noise.lua \
	tests/lua/patterns.lua \
	tests/lua/sandbox.lua \
	tests/lua/tabular.lua \
	tests/lua/teach.lua
TESTS += $(GS_LUA_TESTS) \
	tests/regress/lua-cli.sh \
	tests/regress/lua-man-examples.sh
EXTRA_DIST += $(GS_LUA_TESTS) tests/lua/run.sh tests/lua/prologue.lua \
	tests/regress/lua-cli.sh \
	tests/regress/lua-man-examples.sh
CLEANFILES += $(GS_LUA_TESTS:.lua=.run.lua) \
	tests/lua/api.save.csv tests/lua/api.save.json \
	tests/lua/api.save.txt

# The Lua benchmark, run by `make bench` with the others.
EXTRA_PROGRAMS += bench/bench-lua
bench_bench_lua_SOURCES = bench/bench-lua.c
bench_bench_lua_CPPFLAGS = $(AM_CPPFLAGS) $(LUA_CFLAGS)
bench_bench_lua_LDADD = $(GS_SCRIPT_LIBS)
CLEANFILES += bench/bench-lua

bench-lua: bench/bench-lua
	OPENBLAS_NUM_THREADS=1 ./bench/bench-lua
bench: bench-lua
.PHONY: bench-lua

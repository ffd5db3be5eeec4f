# src/repl: the interactive front end (readline loop, completion, history,
# one file per command, the view command opening the explorer); its tests.
noinst_LIBRARIES += src/repl/libgsrepl.a
src_repl_libgsrepl_a_CPPFLAGS = $(AM_CPPFLAGS) $(READLINE_CFLAGS) \
	$(LUA_CFLAGS)
src_repl_libgsrepl_a_SOURCES = \
	src/repl/cached.c \
	src/repl/cmd-baseline.c \
	src/repl/cmd-compare.c \
	src/repl/cmd-compare-models.c \
	src/repl/cmd-model.c \
	src/repl/cmd-explain.c \
	src/repl/cmd-export.c \
	src/repl/cmd-groups.c \
	src/repl/cmd-help.c \
	src/repl/cmd-history.c \
	src/repl/cmd-info.c \
	src/repl/cmd-load.c \
	src/repl/cmd-lua.c \
	src/repl/cmd-method.c \
	src/repl/cmd-noise.c \
	src/repl/cmd-quit.c \
	src/repl/cmd-report.c \
	src/repl/cmd-row.c \
	src/repl/cmd-rows.c \
	src/repl/cmd-set.c \
	src/repl/cmd-show.c \
	src/repl/cmd-source.c \
	src/repl/cmd-summary.c \
	src/repl/cmd-view.c \
	src/repl/cmd-write.c \
	src/repl/cmd.c \
	src/repl/complete.c \
	src/repl/repl.c \
	src/repl/repl.h \
	src/repl/state.c

check_PROGRAMS += tests/unit/test-repl
tests_unit_test_repl_SOURCES = tests/unit/test-repl.c tests/unit/fixture.h
tests_unit_test_repl_CFLAGS = $(TEST_CK_CFLAGS) $(READLINE_CFLAGS) \
	$(LUA_CFLAGS)
tests_unit_test_repl_LDADD = $(GS_REPL_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-repl

TESTS += \
	tests/regress/repl-cache.sh \
	tests/regress/repl-demo.sh \
	tests/regress/repl-errors.sh \
	tests/regress/repl-tabular.sh \
	tests/regress/repl-help.sh \
	tests/regress/repl-linear.sh \
	tests/regress/repl-lua.sh \
	tests/regress/repl-metrics.sh \
	tests/regress/repl-models.sh \
	tests/regress/repl-tmux.sh
EXTRA_DIST += \
	tests/regress/repl-cache.sh \
	tests/regress/repl-demo.sh \
	tests/regress/repl-errors.sh \
	tests/regress/repl-tabular.sh \
	tests/regress/repl-help.sh \
	tests/regress/repl-linear.sh \
	tests/regress/repl-lua.sh \
	tests/regress/repl-metrics.sh \
	tests/regress/repl-models.sh \
	tests/regress/repl-tmux.sh

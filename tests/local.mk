# Tests: what the tests of every layer share (each folder's local.mk lists
# its own), shell helpers and fixtures, and the checks of the layering
# rule.
TEST_CK_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
# Every layer: for a test that has not said which layers it needs.
TEST_CK_LIBS = $(GS_LIBS) $(CHECK_LIBS)

EXTRA_DIST += \
	tests/regress/lib.sh \
	tests/regress/tmux.sh \
	tests/regress/golden \
	tests/data/models \
	tests/data/linear_tiny.csv \
	tests/data/mlp_smooth.csv \
	tests/nocheck/check.h \
	src/forbid/curses.h \
	src/forbid/ncurses.h \
	src/forbid/lauxlib.h \
	src/forbid/lua.h \
	src/forbid/lualib.h \
	src/forbid/readline/history.h \
	src/forbid/readline/readline.h

# The layering rule: each layer's archive linked whole over the archives
# below it and only the libraries its layer may use, so that a call from
# any of its files to a layer above fails to link. make check builds them;
# there is nothing to run.
GS_LAYER_MAIN = tests/layers/layer-main.c
check_PROGRAMS += tests/layers/layer-core tests/layers/layer-model \
	tests/layers/layer-data tests/layers/layer-attr \
	tests/layers/layer-session tests/layers/layer-tui \
	tests/layers/layer-script tests/layers/layer-repl \
	tests/layers/layer-cli
GS_WHOLE = -Wl,--whole-archive,
GS_NOT_WHOLE = ,--no-whole-archive
tests_layers_layer_core_SOURCES = $(GS_LAYER_MAIN)
tests_layers_layer_core_LDFLAGS = $(GS_WHOLE)$(GS_CORE_AR)$(GS_NOT_WHOLE)
tests_layers_layer_core_LDADD = $(GS_CORE_LIBS)
tests_layers_layer_core_DEPENDENCIES = $(GS_CORE_AR)
tests_layers_layer_model_SOURCES = $(GS_LAYER_MAIN)
tests_layers_layer_model_LDFLAGS = $(GS_WHOLE)$(GS_MODEL_AR)$(GS_NOT_WHOLE)
tests_layers_layer_model_LDADD = $(GS_MODEL_LIBS)
tests_layers_layer_model_DEPENDENCIES = $(GS_MODEL_AR) $(GS_CORE_AR)
tests_layers_layer_data_SOURCES = $(GS_LAYER_MAIN)
tests_layers_layer_data_LDFLAGS = $(GS_WHOLE)$(GS_DATA_AR)$(GS_NOT_WHOLE)
tests_layers_layer_data_LDADD = $(GS_DATA_LIBS)
tests_layers_layer_data_DEPENDENCIES = $(GS_DATA_AR) $(GS_CORE_AR)
tests_layers_layer_attr_SOURCES = $(GS_LAYER_MAIN)
tests_layers_layer_attr_LDFLAGS = $(GS_WHOLE)$(GS_ATTR_AR)$(GS_NOT_WHOLE)
tests_layers_layer_attr_LDADD = $(GS_ATTR_LIBS)
tests_layers_layer_attr_DEPENDENCIES = $(GS_ATTR_AR) $(GS_DATA_AR) \
	$(GS_MODEL_AR) $(GS_CORE_AR)
tests_layers_layer_session_SOURCES = $(GS_LAYER_MAIN)
tests_layers_layer_session_LDFLAGS = \
	$(GS_WHOLE)$(GS_SESSION_AR)$(GS_NOT_WHOLE)
tests_layers_layer_session_LDADD = $(GS_SESSION_LIBS)
tests_layers_layer_session_DEPENDENCIES = $(GS_SESSION_AR) \
	$(tests_layers_layer_attr_DEPENDENCIES)
tests_layers_layer_tui_SOURCES = $(GS_LAYER_MAIN)
tests_layers_layer_tui_LDFLAGS = $(GS_WHOLE)$(GS_TUI_AR)$(GS_NOT_WHOLE)
tests_layers_layer_tui_LDADD = $(GS_TUI_LIBS)
tests_layers_layer_tui_DEPENDENCIES = $(GS_TUI_AR) \
	$(tests_layers_layer_session_DEPENDENCIES)
tests_layers_layer_script_SOURCES = $(GS_LAYER_MAIN)
tests_layers_layer_script_LDFLAGS = \
	$(GS_WHOLE)$(GS_SCRIPT_AR)$(GS_NOT_WHOLE)
tests_layers_layer_script_LDADD = $(GS_SCRIPT_LIBS)
tests_layers_layer_script_DEPENDENCIES = $(GS_SCRIPT_AR) \
	$(tests_layers_layer_tui_DEPENDENCIES)
tests_layers_layer_repl_SOURCES = $(GS_LAYER_MAIN)
tests_layers_layer_repl_LDFLAGS = $(GS_WHOLE)$(GS_REPL_AR)$(GS_NOT_WHOLE)
tests_layers_layer_repl_LDADD = $(GS_REPL_LIBS)
tests_layers_layer_repl_DEPENDENCIES = $(GS_REPL_AR) \
	$(tests_layers_layer_script_DEPENDENCIES)
tests_layers_layer_cli_SOURCES = $(GS_LAYER_MAIN)
tests_layers_layer_cli_LDFLAGS = $(GS_WHOLE)$(GS_CLI_AR)$(GS_NOT_WHOLE)
tests_layers_layer_cli_LDADD = $(GS_LIBS)
tests_layers_layer_cli_DEPENDENCIES = $(GS_CLI_AR) \
	$(tests_layers_layer_repl_DEPENDENCIES)

# make check-numeric: build and test the numeric layers (core, model,
# data, attr) alone; nothing above them is built, and curses, readline
# and Lua are named nowhere on the way.
check-numeric:
	$(MAKE) $(AM_MAKEFLAGS) $(GS_NUMERIC_TESTS) tests/layers/layer-core \
	    tests/layers/layer-model tests/layers/layer-data \
	    tests/layers/layer-attr CURSES_CFLAGS= CURSES_LIBS= \
	    READLINE_CFLAGS= READLINE_LIBS= LUA_CFLAGS= LUA_LIBS=
	@rm -f numeric-suite.log $(GS_NUMERIC_TESTS:=.log) \
	    $(GS_NUMERIC_TESTS:=.trs)
	$(MAKE) $(AM_MAKEFLAGS) TESTS='$(GS_NUMERIC_TESTS)' \
	    TEST_SUITE_LOG=numeric-suite.log numeric-suite.log
.PHONY: check-numeric
CLEANFILES += numeric-suite.log

# The fault suite and the sandbox's file probes (issue 19).
TESTS += \
	tests/regress/fault-output.sh \
	tests/regress/fault-stop.sh \
	tests/regress/fault-term.sh \
	tests/regress/sandbox-files.sh
EXTRA_DIST += \
	tests/regress/fault-output.sh \
	tests/regress/fault-stop.sh \
	tests/regress/fault-term.sh \
	tests/regress/sandbox-files.sh

# Leaks of libraries, not ours, that ASan builds are told to ignore.

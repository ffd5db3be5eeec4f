# src/tui: rendering every view into a cell grid (no curses), the text
# writer, themes, and the ncurses explorer that blits the grid; their
# tests and benchmark.
noinst_LIBRARIES += src/tui/libgstui.a
src_tui_libgstui_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURSES_CFLAGS) \
	-DGSHAP_THEMEDIR='"$(pkgdatadir)/themes"'
src_tui_libgstui_a_SOURCES = \
	src/tui/explore.c src/tui/explore-int.h \
	src/tui/explore-cmd.c \
	src/tui/explore-job.c \
	src/tui/explore-key.c \
	src/tui/explore-prompt.c \
	src/tui/explore-teach.c \
	src/tui/explore-term.c \
	src/tui/explore-worker.c \
	src/tui/grid.c src/tui/grid.h \
	src/tui/render.c src/tui/render.h src/tui/render-int.h \
	src/tui/render-axis.c \
	src/tui/render-bar.c \
	src/tui/render-compare.c \
	src/tui/render-conv.c \
	src/tui/render-exact.c \
	src/tui/render-force.c \
	src/tui/render-frame.c \
	src/tui/render-heat.c \
	src/tui/render-metrics.c \
	src/tui/render-models.c \
	src/tui/render-number.c \
	src/tui/render-path.c \
	src/tui/render-plot.c \
	src/tui/render-rows.c \
	src/tui/render-summary.c \
	src/tui/render-trace.c \
	src/tui/render-views.h \
	src/tui/render-waterfall.c \
	src/tui/teachdata.c src/tui/teachdata.h \
	src/tui/text.c src/tui/tui.h \
	src/tui/theme.c src/tui/theme.h

# Themes: the built-in ones as files, installed for users to copy.
themesdir = $(pkgdatadir)/themes
dist_themes_DATA = themes/cb.theme themes/default.theme themes/light.theme \
	themes/mono.theme

# Tests: the renderer against golden files, the front ends end to end, and
# the explorer in a real terminal under tmux.
check_PROGRAMS += tests/unit/test-tui
tests_unit_test_tui_SOURCES = tests/unit/test-tui.c
tests_unit_test_tui_CFLAGS = $(TEST_CK_CFLAGS) $(CURSES_CFLAGS)
tests_unit_test_tui_LDADD = $(GS_TUI_LIBS) $(CHECK_LIBS)
check_PROGRAMS += tests/unit/test-tui-utf8
tests_unit_test_tui_utf8_SOURCES = tests/unit/test-tui.c
tests_unit_test_tui_utf8_CPPFLAGS = $(AM_CPPFLAGS) -DTEST_TUI_UTF8
tests_unit_test_tui_utf8_CFLAGS = $(TEST_CK_CFLAGS) $(CURSES_CFLAGS)
tests_unit_test_tui_utf8_LDADD = $(GS_TUI_LIBS) $(CHECK_LIBS)
TESTS += \
	tests/unit/test-tui \
	tests/unit/test-tui-utf8 \
	tests/regress/tui-dump.sh \
	tests/regress/tui-dump-utf8.sh \
	tests/regress/tui-properties.sh \
	tests/regress/tui-tmux.sh \
	tests/regress/tui-words.sh \
	tests/regress/tui-badrow.sh \
	tests/regress/tui-models.sh \
	tests/regress/honesty.sh
EXTRA_DIST += \
	tests/unit/golden-tui \
	tests/regress/tui-dump.sh \
	tests/regress/tui-dump-utf8.sh \
	tests/regress/tui-golden.sh \
	tests/regress/tui-properties.sh \
	tests/regress/tui-tmux.sh \
	tests/regress/honesty.sh \
	tests/regress/tui-words.sh \
	tests/regress/tui-badrow.sh \
	tests/regress/tui-models.sh \
	tests/data/reference/README.md \
	tests/data/reference/demo-row3.csv

# The explorer's benchmark: `make bench-tui` (not part of make check).
EXTRA_PROGRAMS += bench/bench-tui
bench_bench_tui_SOURCES = bench/bench-tui.c
bench_bench_tui_LDADD = $(GS_TUI_LIBS)
CLEANFILES += bench/bench-tui

bench-tui: bench/bench-tui
	OPENBLAS_NUM_THREADS=1 GSHAP_DATADIR=$(abs_top_srcdir)/data \
	    ./bench/bench-tui
.PHONY: bench-tui

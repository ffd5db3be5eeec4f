# src/session: what a user has open, where files are, the options table
# and its parser, the job builder, exporting results, the explanation
# cache and text charts.
noinst_LIBRARIES += src/session/libgssession.a
src_session_libgssession_a_CPPFLAGS = $(AM_CPPFLAGS) $(CAIRO_CFLAGS)
src_session_libgssession_a_SOURCES = \
	src/session/cache.c src/session/cache.h \
	src/session/export.c src/session/export.h \
	src/session/features.c src/session/features.h \
	src/session/job.c src/session/job.h \
	src/session/options.c src/session/options.h \
	src/session/paths.c src/session/paths.h \
	src/session/png.c src/session/png.h \
	src/session/reasons.c src/session/reasons.h \
	src/session/report.c src/session/report.h \
	src/session/report-session.c \
	src/session/report-compare.c src/session/report-compare.h \
	src/session/reproduce.c src/session/reproduce.h \
	src/session/session.c src/session/session.h \
	src/session/session-b.c \
	src/session/export-compare.c src/session/export-compare.h \
	src/session/settings.c src/session/settings.h \
	src/session/svg.c src/session/svg.h \
	src/session/textchart.c src/session/textchart.h

# The method table's traits for every method, and the settings that
# apply to them.
check_PROGRAMS += tests/unit/test-methods
tests_unit_test_methods_SOURCES = tests/unit/test-methods.c
tests_unit_test_methods_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_methods_LDADD = $(GS_SESSION_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-methods

# Two models compared with common random numbers (issue 18): exact zero
# for a model against itself, the closed form for a linear rescaling,
# mismatched pairs refused, paired SEs and their coverage.
check_PROGRAMS += tests/unit/test-compare
tests_unit_test_compare_SOURCES = tests/unit/test-compare.c \
	tests/unit/fixture.h tests/unit/attr-fixture.h
tests_unit_test_compare_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_compare_LDADD = $(GS_SESSION_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-compare

# SVG figures read back against the JSON of the same run.
TESTS += tests/regress/svg-figures.sh
EXTRA_DIST += tests/regress/svg-figures.sh tests/regress/svgcheck.py

# Adverse reasons against the JSON of the same run.
TESTS += tests/regress/reasons.sh
EXTRA_DIST += tests/regress/reasons.sh tests/regress/reasonscheck.py

# The report writer's flags and refusals; the reproducing command.
check_PROGRAMS += tests/unit/test-report
tests_unit_test_report_SOURCES = tests/unit/test-report.c
tests_unit_test_report_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_report_LDADD = $(GS_SESSION_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-report

# PNG figures read back with cairo: size, bar lengths (skipped without cairo).
check_PROGRAMS += tests/unit/test-png
tests_unit_test_png_SOURCES = tests/unit/test-png.c
tests_unit_test_png_CFLAGS = $(TEST_CK_CFLAGS) $(CAIRO_CFLAGS)
tests_unit_test_png_LDADD = $(GS_SESSION_LIBS) $(CAIRO_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-png tests/regress/png-figures.sh
EXTRA_DIST += tests/regress/png-figures.sh

# A rendered report page, and how it was made.
EXTRA_DIST += doc/report.md doc/report-row17.png doc/report-credit.png

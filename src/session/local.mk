# src/session: what a user has open, where files are, the options table
# and its parser, the job builder, exporting results, the explanation
# cache and text charts.
noinst_LIBRARIES += src/session/libgssession.a
src_session_libgssession_a_SOURCES = \
	src/session/cache.c src/session/cache.h \
	src/session/export.c src/session/export.h \
	src/session/job.c src/session/job.h \
	src/session/options.c src/session/options.h \
	src/session/paths.c src/session/paths.h \
	src/session/session.c src/session/session.h \
	src/session/settings.c src/session/settings.h \
	src/session/textchart.c src/session/textchart.h

# The method table's traits for every method, and the settings that
# apply to them.
check_PROGRAMS += tests/unit/test-methods
tests_unit_test_methods_SOURCES = tests/unit/test-methods.c
tests_unit_test_methods_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_methods_LDADD = $(GS_SESSION_LIBS) $(CHECK_LIBS)
TESTS += tests/unit/test-methods

# src/session: what a user has open, where files are, exporting results,
# the settings table, the explanation cache and text charts.
noinst_LIBRARIES += src/session/libgssession.a
src_session_libgssession_a_SOURCES = \
	src/session/cache.c src/session/cache.h \
	src/session/export.c src/session/export.h \
	src/session/paths.c src/session/paths.h \
	src/session/session.c src/session/session.h \
	src/session/settings.c src/session/settings.h \
	src/session/textchart.c src/session/textchart.h

# src/session: what a user has open, where files are, exporting results.
src_libgshap_a_SOURCES += \
	src/session/export.c src/session/export.h \
	src/session/paths.c src/session/paths.h \
	src/session/session.c src/session/session.h

# src/data: the CSV reader and datasets (columns, selection, missing
# values), JSON schemas and the encoder from rows to model inputs; their
# tests and fixtures.
noinst_LIBRARIES += src/data/libgsdata.a
src_data_libgsdata_a_CPPFLAGS = $(GS_NUMERIC_CPPFLAGS)
src_data_libgsdata_a_SOURCES = \
	src/data/classes.c src/data/classes.h \
	src/data/csv.c src/data/csv.h \
	src/data/dataset.c src/data/dataset.h \
	src/data/decimal.c src/data/decimal.h \
	src/data/encode.c src/data/encode.h src/data/encode-rebind.c \
	src/data/encode-select.c \
	src/data/impute.c src/data/impute.h \
	src/data/json.c src/data/json.h \
	src/data/range.c src/data/range.h \
	src/data/schema.c src/data/schema.h

check_PROGRAMS += tests/unit/test-data
TESTS += tests/unit/test-data
GS_NUMERIC_TESTS += tests/unit/test-data
tests_unit_test_data_SOURCES = tests/unit/test-data.c
tests_unit_test_data_CPPFLAGS = $(GS_NUMERIC_CPPFLAGS)
tests_unit_test_data_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_data_LDADD = $(GS_DATA_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/unit/test-encode
TESTS += tests/unit/test-encode
GS_NUMERIC_TESTS += tests/unit/test-encode
tests_unit_test_encode_SOURCES = tests/unit/test-encode.c
tests_unit_test_encode_CPPFLAGS = $(GS_NUMERIC_CPPFLAGS)
tests_unit_test_encode_CFLAGS = $(TEST_CK_CFLAGS)
tests_unit_test_encode_LDADD = $(GS_DATA_AR) $(GS_MODEL_LIBS) $(CHECK_LIBS)

EXTRA_DIST += \
	tests/data/encoded/README.md \
	tests/data/schema/credit-plain.schema.json \
	tests/data/schema/credit.schema.lua \
	tests/data/encoded/credit_data.csv \
	tests/data/encoded/credit_data.features \
	tests/data/encoded/german_credit.csv \
	tests/data/encoded/german_credit.features \
	tests/data/csv/README.md \
	tests/data/csv/bad-after-quote.csv \
	tests/data/csv/bad-duplicate.csv \
	tests/data/csv/bad-empty-name.csv \
	tests/data/csv/bad-empty.csv \
	tests/data/csv/bad-header-only.csv \
	tests/data/csv/bad-nul.csv \
	tests/data/csv/bad-quote.csv \
	tests/data/csv/bad-ragged.csv \
	tests/data/csv/bad-unterminated.csv \
	tests/data/csv/credit_data.csv \
	tests/data/csv/diabetes.csv \
	tests/data/csv/digits.csv \
	tests/data/csv/german_credit.csv \
	tests/data/csv/good-quoted.csv \
	tests/data/csv/iris.csv

# The benchmark: built and run by `make bench`, never by `make check`.
EXTRA_PROGRAMS += bench/bench
bench_bench_SOURCES = bench/bench.c
bench_bench_LDADD = $(GS_SESSION_LIBS)
CLEANFILES += bench/bench

bench: bench/bench src/gshap
	OPENBLAS_NUM_THREADS=1 GSHAP_DATADIR=$(abs_top_srcdir)/data \
	    ./bench/bench $(abs_top_srcdir)
.PHONY: bench
# The explorer's and Lua's benchmarks run with it (src/tui, src/script);
# the sampling-plan benchmark takes minutes: `make bench-plans`.
bench: bench-tui

# The CSV reader's peak memory as a multiple of the file size (src/data).
EXTRA_PROGRAMS += bench/bench-data
bench_bench_data_SOURCES = bench/bench-data.c
bench_bench_data_LDADD = $(GS_LIBS)
CLEANFILES += bench/bench-data

bench-data: bench/bench-data
	./bench/bench-data
bench: bench-data
.PHONY: bench-data

# Two-model comparison on the worked example (data/twins): one line per
# pair; `make bench-twins`, also run by `make bench`.
bench-twins: src/gshap
	GSHAP=./src/gshap top=$(abs_top_srcdir) \
	    GSHAP_DATADIR=$(abs_top_srcdir)/data $(SHELL) \
	    $(abs_top_srcdir)/bench/bench-twins.sh
bench: bench-twins
.PHONY: bench-twins
EXTRA_DIST += bench/bench-twins.sh

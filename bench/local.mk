# The benchmark: built and run by `make bench`, never by `make check`.
EXTRA_PROGRAMS = bench/bench
bench_bench_SOURCES = bench/bench.c
bench_bench_LDADD = $(GS_LIBS)
CLEANFILES += bench/bench

bench: bench/bench
	OPENBLAS_NUM_THREADS=1 ./bench/bench
.PHONY: bench

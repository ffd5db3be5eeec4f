# The benchmark: built and run by `make bench`, never by `make check`.
EXTRA_PROGRAMS += bench/bench
bench_bench_SOURCES = bench/bench.c
bench_bench_LDADD = $(GS_SESSION_LIBS)
# Every cblas_sgemm call goes through the benchmark (the sgemm bound).
bench_bench_LDFLAGS = -Wl,--wrap=cblas_sgemm
CLEANFILES += bench/bench

# The Fashion-MNIST data of the two larger models, shipped compressed
# (scripts/train-fashion.py). The torch comparison runs with
# $(BENCH_TORCH), a python3 that has torch, onnx and numpy.
BENCH_TORCH = python3
bench/fashion_mnist_2k.csv: $(srcdir)/bench/data/fashion_mnist_2k.csv.gz
	$(MKDIR_P) bench
	gzip -dc $(srcdir)/bench/data/fashion_mnist_2k.csv.gz > $@.tmp
	mv $@.tmp $@
CLEANFILES += bench/fashion_mnist_2k.csv
EXTRA_DIST += bench/gradshap-torch.py bench/data/README.md \
	bench/data/fashion_mlp.onnx bench/data/fashion_mlp.io \
	bench/data/fashion_cnn.onnx bench/data/fashion_cnn.io \
	bench/data/fashion_mnist_2k.csv.gz

bench: bench/bench src/gshap bench/fashion_mnist_2k.csv
	OPENBLAS_NUM_THREADS=1 GSHAP_DATADIR=$(abs_top_srcdir)/data \
	    GSHAP_PYTHON="$(BENCH_TORCH)" ./bench/bench $(abs_top_srcdir)
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

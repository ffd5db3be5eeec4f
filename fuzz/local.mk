# fuzz/: libFuzzer targets (configure --enable-fuzzing, CC=clang), their
# seed corpora and dictionaries. Without fuzzing each target is also built
# with a small main() (fuzz/replay.c) that make check uses to replay the
# seeds and every input that once crashed a target (tests/fuzz/TARGET/).
GS_FUZZ_TARGETS = csv onnx theme repl lua
GS_FUZZ_SECONDS = 60

if ENABLE_FUZZING
noinst_PROGRAMS = fuzz/csv-fuzzer fuzz/onnx-fuzzer fuzz/theme-fuzzer \
	fuzz/repl-fuzzer fuzz/lua-fuzzer
GS_FUZZ_LD = -fsanitize=fuzzer
GS_FUZZ_MAIN =
else
check_PROGRAMS += fuzz/csv-replay fuzz/onnx-replay fuzz/theme-replay \
	fuzz/repl-replay fuzz/lua-replay
GS_FUZZ_LD =
GS_FUZZ_MAIN = fuzz/replay.c
endif
GS_FUZZ_CPPFLAGS = $(AM_CPPFLAGS) $(LUA_CFLAGS) $(READLINE_CFLAGS)
fuzz_csv_fuzzer_CPPFLAGS = $(GS_FUZZ_CPPFLAGS)
fuzz_onnx_fuzzer_CPPFLAGS = $(GS_FUZZ_CPPFLAGS)
fuzz_theme_fuzzer_CPPFLAGS = $(GS_FUZZ_CPPFLAGS)
fuzz_repl_fuzzer_CPPFLAGS = $(GS_FUZZ_CPPFLAGS)
fuzz_lua_fuzzer_CPPFLAGS = $(GS_FUZZ_CPPFLAGS)
fuzz_csv_replay_CPPFLAGS = $(GS_FUZZ_CPPFLAGS)
fuzz_onnx_replay_CPPFLAGS = $(GS_FUZZ_CPPFLAGS)
fuzz_theme_replay_CPPFLAGS = $(GS_FUZZ_CPPFLAGS)
fuzz_repl_replay_CPPFLAGS = $(GS_FUZZ_CPPFLAGS)
fuzz_lua_replay_CPPFLAGS = $(GS_FUZZ_CPPFLAGS)
fuzz_csv_fuzzer_SOURCES = fuzz/csv-fuzzer.c fuzz/fuzz.h
fuzz_onnx_fuzzer_SOURCES = fuzz/onnx-fuzzer.c fuzz/fuzz.h
fuzz_theme_fuzzer_SOURCES = fuzz/theme-fuzzer.c fuzz/fuzz.h
fuzz_repl_fuzzer_SOURCES = fuzz/repl-fuzzer.c fuzz/fuzz.h
fuzz_lua_fuzzer_SOURCES = fuzz/lua-fuzzer.c fuzz/fuzz.h
fuzz_csv_replay_SOURCES = fuzz/csv-fuzzer.c fuzz/replay.c fuzz/fuzz.h
fuzz_onnx_replay_SOURCES = fuzz/onnx-fuzzer.c fuzz/replay.c fuzz/fuzz.h
fuzz_theme_replay_SOURCES = fuzz/theme-fuzzer.c fuzz/replay.c fuzz/fuzz.h
fuzz_repl_replay_SOURCES = fuzz/repl-fuzzer.c fuzz/replay.c fuzz/fuzz.h
fuzz_lua_replay_SOURCES = fuzz/lua-fuzzer.c fuzz/replay.c fuzz/fuzz.h
fuzz_csv_fuzzer_LDADD = $(GS_LIBS)
fuzz_onnx_fuzzer_LDADD = $(GS_LIBS)
fuzz_theme_fuzzer_LDADD = $(GS_LIBS)
fuzz_repl_fuzzer_LDADD = $(GS_LIBS) $(READLINE_LIBS)
fuzz_lua_fuzzer_LDADD = $(GS_LIBS)
fuzz_csv_replay_LDADD = $(GS_LIBS)
fuzz_onnx_replay_LDADD = $(GS_LIBS)
fuzz_theme_replay_LDADD = $(GS_LIBS)
fuzz_repl_replay_LDADD = $(GS_LIBS) $(READLINE_LIBS)
fuzz_lua_replay_LDADD = $(GS_LIBS)
fuzz_csv_fuzzer_LDFLAGS = $(GS_FUZZ_LD)
fuzz_onnx_fuzzer_LDFLAGS = $(GS_FUZZ_LD)
fuzz_theme_fuzzer_LDFLAGS = $(GS_FUZZ_LD)
fuzz_repl_fuzzer_LDFLAGS = $(GS_FUZZ_LD)
fuzz_lua_fuzzer_LDFLAGS = $(GS_FUZZ_LD)

# Replays the seeds and the regression inputs through every target.
TESTS += tests/regress/fuzz-replay.sh
EXTRA_DIST += tests/regress/fuzz-replay.sh fuzz/corpus tests/fuzz \
	fuzz/csv.dict fuzz/onnx.dict fuzz/theme.dict fuzz/repl.dict fuzz/lua.dict

# make fuzz-run [GS_FUZZ_SECONDS=60]: fuzz each target for that long,
# one after the other, from its seeds; a crash stops with its input in
# fuzz-work/TARGET/ (copy it to tests/fuzz/TARGET/ with the fix).
fuzz-run:
	@test -x fuzz/csv-fuzzer || { echo "configure with CC=clang --enable-fuzzing first"; exit 1; }
	@for t in $(GS_FUZZ_TARGETS); do \
		w=$(abs_builddir)/fuzz-work/$$t; \
		mkdir -p $$w/corpus || exit 1; \
		echo "== fuzz/$$t-fuzzer for $(GS_FUZZ_SECONDS) s"; \
		./fuzz/$$t-fuzzer -max_total_time=$(GS_FUZZ_SECONDS) -timeout=20 \
		    -rss_limit_mb=2048 -print_final_stats=1 \
		    -dict=$(abs_srcdir)/fuzz/$$t.dict -artifact_prefix=$$w/ \
		    $$w/corpus $(abs_srcdir)/fuzz/corpus/$$t >$$w.log 2>&1; \
		rc=$$?; grep -E '^(Done|stat::number_of_executed_units)' $$w.log; \
		if [ $$rc -ne 0 ]; then tail -60 $$w.log; exit 1; fi; \
	done
.PHONY: fuzz-run
clean-local: fuzz-clean
fuzz-clean:
	rm -rf fuzz-work
.PHONY: fuzz-clean

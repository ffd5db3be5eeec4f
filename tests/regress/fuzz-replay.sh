#!/bin/sh
# SPDX-License-Identifier: ISC
# Replay every fuzz target's seed corpus (fuzz/corpus/TARGET) and the
# inputs that once crashed it (tests/fuzz/TARGET) once: with the fuzzers
# of a --enable-fuzzing build, else with the replay programs.
. "$srcdir/tests/regress/lib.sh"
B=$(dirname "$GSHAP")/..
for t in csv onnx theme repl lua; do
	if [ -x "$B/fuzz/$t-fuzzer" ]; then
		run="$B/fuzz/$t-fuzzer -runs=0"
	elif [ -x "$B/fuzz/$t-replay" ]; then
		run="$B/fuzz/$t-replay"
	else
		fail "no fuzz/$t-fuzzer or fuzz/$t-replay built"
		continue
	fi
	if $run "$srcdir/fuzz/corpus/$t" "$srcdir/tests/fuzz/$t" >"$T/$t.log" 2>&1
	then pass; else
		fail "fuzz/$t: an input of the corpus or the regressions failed"
		tail -20 "$T/$t.log"
	fi
done
finish

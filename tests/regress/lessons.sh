#!/bin/sh
# SPDX-License-Identifier: ISC
# gshap --lesson: the list, every lesson unattended (its answer key is
# accepted), answers from a file (a wrong one is rejected, then a right
# one accepted), and usage errors.
. "$srcdir/tests/regress/lib.sh"

expect_exit 0 -- --lesson list
for n in 1 2 3 4 5 6 7; do
	expect_out " $n  0$n-"
done

# Every lesson runs through with its own answer key and passes its check.
for n in 1 2 3 4 5 6 7; do
	expect_exit 0 -- --lesson $n --unattended
	expect_out "Lesson $n: "
	expect_out "Right."
	expect_out "End of the lesson: 1 of 1 exercises right."
done

# A right answer typed after a wrong one; and wrong answers only.
right() {
	case $1 in
	1) echo 6 ;; 2) echo 1.5 ;; 3) echo 500 ;; 4) echo 1/2 ;;
	5) echo 0.5 ;; 7) echo no ;;
	esac
}
for n in 1 2 3 4 5 7; do
	printf '%s\n%s\n' 12345 "$(right $n)" >"$T/answers"
	expect_exit 0 -- --lesson $n --answers "$T/answers"
	expect_out "Not quite"
	expect_out "Right."
	printf 'banana\n-7\n99\n' >"$T/wrong"
	expect_exit 3 -- --lesson $n --answers "$T/wrong"
	expect_out "Not quite"
	expect_out "End of the lesson: 0 of 1 exercises right."
done
# Lesson 6's answer depends on the data: a wrong one is rejected.
printf 'yes\n42\n' >"$T/wrong"
expect_exit 3 -- --lesson 6 --answers "$T/wrong"
expect_out "please type a number"
expect_out "Not quite"
# Input that ends: the answer is shown, the check fails.
: >"$T/empty"
expect_exit 3 -- --lesson 7 --answers "$T/empty"
expect_out "The answer is no."

# Pauses read from standard input when attended (EOF goes on).
printf '\n\n\nno\n' >"$T/typed"
"$GSHAP" --lesson 7 <"$T/typed" >"$T/out" 2>"$T/err" && pass ||
    fail "attended lesson 7 failed"
expect_out "[press Enter to go on]"
expect_out "Right."

# gshap.pause and gshap.ask in a plain script.
printf 'gshap.pause("hello")\nprint("got", gshap.ask("name?", "k"))\n' \
    >"$T/ask.lua"
printf '\nAda\n' | "$GSHAP" -s "$T/ask.lua" >"$T/out" 2>"$T/err" && pass ||
    fail "-s with gshap.ask failed"
expect_out "hello"
expect_out "got	Ada"

# A lesson file by path, and errors.
printf 'lesson.title(9, "t")\nreturn lesson.done()\n' >"$T/my.lua"
expect_exit 0 -- --lesson "$T/my.lua" --unattended
expect_out "0 of 0 exercises right"
expect_exit 2 -- --lesson 42
expect_err "no lesson 42"
expect_exit 2 -- --lesson nope
expect_err "no lesson 'nope'"
expect_exit 2 -- --lesson
expect_err "option '--lesson' needs a value"
expect_exit 2 -- --unattended
expect_err "--lesson needs a lesson number or list"
expect_exit 2 -- --lesson 1 --bogus
expect_err "unknown option '--bogus'"
expect_exit 1 -- --lesson 1 --answers "$T/missing"
expect_err "cannot open $T/missing"
printf 'error("boom")\n' >"$T/bad.lua"
expect_exit 1 -- --lesson "$T/bad.lua" --unattended
expect_err "bad.lua:1: boom"

finish

#!/bin/sh
# SPDX-License-Identifier: ISC
# Nothing lost, nothing silently wrong: output lost to a full device or a
# closed pipe is an error (exit 1, at the first failed write); Ctrl-C in
# batch output leaves whole records and exit 130; SIGPIPE is 141; export
# to a full disk or an unwritable directory fails and leaves the old file
# as it was, and a kill at any moment leaves the old file or the new one,
# whole; source refuses to nest forever; control characters from a CSV
# never reach the terminal.
. "$srcdir/tests/regress/lib.sh"
cd "$T" || exit 99

# Lost output: gshap explain, the REPL (-c and piped) and gshap -s.
if [ -w /dev/full ]; then
	"$GSHAP" explain --all --format csv >/dev/full 2>"$T/err"
	[ $? -eq 1 ] && pass || fail "explain: output lost, exit not 1"
	expect_err "No space left on device"
	"$GSHAP" --no-config -c rows >/dev/full 2>"$T/err"
	[ $? -eq 1 ] && pass || fail "REPL -c: output lost, exit 0"
	expect_err "standard output: No space left on device"
	echo rows | "$GSHAP" --no-config >/dev/full 2>"$T/err"
	[ $? -eq 1 ] && pass || fail "piped REPL: output lost, exit 0"
	printf 'for i = 1, 3 do print(i) end\nreturn 0\n' >print.lua
	"$GSHAP" -s print.lua >/dev/full 2>"$T/err"
	[ $? -eq 1 ] && pass || fail "gshap -s: output lost, exit 0"
	expect_err "print: No space left on device"
	# export to a device writes it directly, and says it failed.
	expect_exit 1 -- --no-config -c "explain; export csv /dev/full"
	expect_err "export: /dev/full: No space left on device"
fi

# A closed pipe with SIGPIPE ignored: an error at the first failed write;
# with SIGPIPE as usual, death by it (128 + 13).
(trap '' PIPE; "$GSHAP" explain --all --format csv 2>"$T/err"; echo $? >"$T/rc") |
    head -2 >/dev/null
[ "$(cat "$T/rc")" = 1 ] && pass || fail "SIGPIPE ignored: exit $(cat "$T/rc")"
expect_err "standard output: Broken pipe"
("$GSHAP" explain --all --format csv 2>/dev/null; echo $? >"$T/rc") | head -2 >/dev/null
[ "$(cat "$T/rc")" = 141 ] && pass || fail "SIGPIPE: exit $(cat "$T/rc")"

# Ctrl-C during batch output: exit 130, whole records only.
: >"$T/out"
"$GSHAP" explain --all --format csv --samples 60000 >"$T/out" 2>"$T/err" &
pid=$!
sleep 1
kill -INT $pid
wait $pid
got=$?
[ $got -eq 130 ] && pass || fail "Ctrl-C in explain --all: exit $got"
if awk -F, 'NR == 1 { n = NF } NF != n { bad = 1 } END { exit bad }' "$T/out"; then pass; else
	fail "Ctrl-C in explain --all left a cut record"; tail -2 "$T/out"
fi

# export: an unwritable place fails with a message; the old file stays.
expect_exit 1 -- --no-config -c "explain; export csv /proc/gshap-no/out.csv"
expect_err "export: /proc/gshap-no/out.csv"
mkdir ro
echo old >ro/out.csv
chmod 555 ro
if [ "$(id -u)" != 0 ]; then
	expect_exit 1 -- --no-config -c "explain; export csv ro/out.csv"
	expect_err "ro/out.csv"
	[ "$(cat ro/out.csv)" = old ] && pass || fail "unwritable: old file changed"
fi
chmod 755 ro

# export to a full disk (a 64 KiB tmpfs where we may mount one): it
# fails, the old file stays whole, no temporary is left.
mkdir full
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k gshap-test "$T/full" 2>/dev/null
then
	echo old >full/out.csv
	dd if=/dev/zero of=full/filler bs=1k count=200 2>/dev/null
	expect_exit 1 -- --no-config -c "summary; export csv full/out.csv"
	expect_err "No space left on device"
	[ "$(cat full/out.csv)" = old ] && pass || fail "full disk: old file changed"
	[ "$(ls -A full | wc -l)" -eq 2 ] && pass || fail "full disk: a temporary was left: $(ls -A full)"
	umount "$T/full"
else
	echo "(no tmpfs: /dev/full stands for the full disk above)"
fi

# A kill at any moment of an export leaves the old file or the new one.
"$GSHAP" --no-config -c "summary; export csv new.csv" >/dev/null 2>&1
i=0
while [ $i -lt 6 ]; do
	echo old >out.csv
	"$GSHAP" --no-config -c "summary; export csv out.csv" >/dev/null 2>&1 &
	pid=$!
	sleep "0.$((i * 15))"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	if [ "$(cat out.csv)" = old ] || cmp -s out.csv new.csv; then pass; else
		fail "killed export left a cut file ($(wc -c <out.csv) bytes)"
	fi
	i=$((i + 1))
done

# source that nests without end stops with a message.
echo 'source self.txt' >self.txt
printf 'source b.txt\n' >a.txt
printf 'source a.txt\n' >b.txt
expect_exit 1 -- --no-config -c "source self.txt"
expect_err "sourced files nested 16 deep"
echo 'source a.txt' | "$GSHAP" --no-config >/dev/null 2>"$T/err"
[ $? -eq 1 ] && pass || fail "a <-> b: exit 0"
expect_err "nested 16 deep"
mkdir -p cfg/gshap
echo 'source cfg/gshap/gshaprc' >cfg/gshap/gshaprc
XDG_CONFIG_HOME=$T/cfg "$GSHAP" -c rows >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && pass || fail "a gshaprc sourcing itself stopped the REPL"
expect_err "nested 16 deep"

# Control characters in column names and cells never reach the terminal.
ESC=$(printf '\033')
M=$srcdir/data/bc_mlp.onnx
awk -F, -v e="$ESC" 'NR == 1 { for (i = 1; i < NF; i++) $i = $i e "]0;pwn" e "[2J" }
    NR <= 6 { print }' OFS=, "$srcdir/data/breast_cancer.csv" >evil.csv
for c in "explain --model $M --data evil.csv --target target --format text" \
    "explain --model $M --data evil.csv --target target --format json"; do
	# shellcheck disable=SC2086
	"$GSHAP" $c >"$T/out" 2>&1
	if grep -q "$ESC" "$T/out"; then fail "raw ESC from: $c"; else pass; fi
done
grep -qF '\u001b' "$T/out" && pass || fail "JSON lacks \\u001b"
for c in "info columns" "row 1" "explain" "compare 1 2" "summary" "info"; do
	"$GSHAP" --no-config "$M" evil.csv --target target -c "$c" >"$T/out" 2>&1
	if grep -q "$ESC" "$T/out"; then fail "raw ESC from REPL $c"; else pass; fi
done
"$GSHAP" --no-config "$M" evil.csv --target target -c "info columns" >"$T/out"
expect_out '\x1b]0;pwn\x1b[2J'
printf 'a%s[2J,b\n1,x\n' "$ESC" >evil2.csv
"$GSHAP" explain --model "$M" --data evil2.csv >"$T/out" 2>&1
if grep -q "$ESC" "$T/out"; then fail "raw ESC in an error"; else pass; fi
# A sandboxed script prints no control character to a terminal (to a
# pipe or a file its text goes exactly).
printf 'print("a\\27[2Jb")\nerror("c\\27]0;t\\7")\n' >esc.lua
if command -v script >/dev/null 2>&1; then
	script -qc "\"$GSHAP\" -s esc.lua" /dev/null >"$T/out" 2>&1
	if grep -q "$ESC" "$T/out"; then fail "a script drove the terminal"; else pass; fi
	expect_out 'a\x1b[2Jb'
	expect_out 'c\x1b]0;t\x07'
fi
"$GSHAP" -s esc.lua >"$T/out" 2>/dev/null
grep -q "a$ESC\[2Jb" "$T/out" && pass || fail "print to a pipe was changed"
finish

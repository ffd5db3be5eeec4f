#!/bin/sh
# SPDX-License-Identifier: ISC
# The sandbox's file rule (gshap-lua(7), FILES), probed through every
# function of the gshap module that takes a path: scripts reach the current
# directory and the paths named on the command line, never a hidden name,
# never outside through .., an absolute path or a symbolic link; a refusal
# quotes no content; --trust-scripts lifts the rule.
. "$srcdir/tests/regress/lib.sh"
D=$srcdir/tests/data
W=$T/work
O=$T/outside
mkdir -p "$W/sub" "$O/named"
cp "$D/linear_tiny.csv" "$W/data.csv"
cp "$D/models/linear_tiny.onnx" "$W/model.onnx"
cp "$D/linear_tiny.csv" "$O/secret.csv"
cp "$D/models/linear_tiny.onnx" "$O/secret.onnx"
printf 'return function(ds) return {{0, 0, 0}} end\n' >"$O/evil.lua"
printf 'return function(ds) return {{0, 0, 0}} end\n' >"$W/zero.lua"
printf 'root:x:0:0:SECRET-CONTENT:/root:/bin/sh\n' >"$O/passwd"
cp "$O/passwd" "$W/.hidden.csv"
mkdir -p "$W/.config"
ln -s "$O/secret.csv" "$W/link.csv"
ln -s "$O" "$W/linkdir"
ln -s data.csv "$W/inside.csv"
cd "$W" || exit 99

# Each probe prints "ok" (allowed and it worked) or the message.
cat >probe.lua <<'LUA'
-- The path comes as "@PATH", so that it is not itself a path named on
-- the command line (which the rule allows); extra arguments are.
local what, a = ...
a = a:sub(2)
local M = gshap.load_model("model.onnx")
local D = gshap.load_data("data.csv", {target = "y"})
local X = gshap.explainer{model = M, data = D, samples = 8}:explain(0)
local probes = {
	read = function(p) return gshap.load_data(p, {target = "y"}) end,
	model = function(p) return gshap.load_model(p) end,
	write = function(p) return gshap.write(p, "text\n") end,
	save = function(p) return gshap.save(p, {X}, "csv") end,
	exsave = function(p) return X:save(p, "csv") end,
	baseline = function(p)
		local ok, e = pcall(gshap.explainer, {model = M, data = D,
		    baseline = p})
		if ok then return e end
		return nil, e
	end,
	noise = function(p)
		local ok, e = pcall(gshap.explainer, {model = M, data = D,
		    noise = p})
		if ok then return e end
		return nil, e
	end,
	groups = function(p)
		local ok, e = pcall(gshap.explainer, {model = M, data = D,
		    groups = p})
		if ok then return e end
		return nil, e
	end,
}
local r, msg = probes[what](a)
print(r and "ok" or tostring(msg))
LUA

# probe WANT FUNCTION PATH [NAMED...]: WANT is ok or refused; NAMED are
# paths named on the command line.
probe() {
	want=$1 fn=$2 path=$3; shift 3
	"$GSHAP" "${GS_TRUST:--s}" ${GS_TRUST:+-s} probe.lua "$fn" "@$path" "$@" \
	    >"$T/out" 2>"$T/err"
	if [ "$want" = ok ]; then
		if grep -qx ok "$T/out"; then pass; else
			fail "$fn $path $* should be allowed"; cat "$T/out" "$T/err" | head -3
		fi
	elif grep -q "not allowed to" "$T/out"; then
		if grep -q "SECRET-CONTENT\|root:x" "$T/out" "$T/err"; then
			fail "$fn $path: the refusal quotes the file"
		else pass; fi
	else
		fail "$fn $path $* should be refused"; cat "$T/out" "$T/err" | head -3
	fi
}

# Reading: the current directory (links inside it too), not outside.
probe ok read data.csv
probe ok read ./sub/../data.csv
probe ok read inside.csv
probe ok read "$W/data.csv"
probe refused read ../outside/secret.csv
probe refused read "$O/secret.csv"
probe refused read link.csv
probe refused read linkdir/secret.csv
probe refused read .hidden.csv
probe refused read /etc/passwd
probe refused read "$O/passwd"
probe ok model model.onnx
probe refused model "$O/secret.onnx"
probe refused model /etc/shadow
# Writing: the current directory, never a hidden name or outside.
probe ok write out.txt
probe ok write sub/out.txt
probe refused write .bashrc
probe refused write .config/x
probe refused write ../outside/x.txt
probe refused write "$O/x.txt"
probe refused write linkdir/x.txt
probe refused write link.csv
probe ok save saved.csv
probe refused save "$O/saved.csv"
probe ok exsave ex.csv
probe refused exsave /tmp/gshap-sandbox-probe-$$.csv
probe refused exsave ../outside/ex.csv
# Helper scripts: by path as the data, shipped ones by name.
probe ok baseline zero.lua
probe refused baseline "$O/evil.lua"
probe refused baseline ../outside/evil.lua
probe ok baseline kmeans
probe refused noise "$O/evil.lua"
probe refused groups "$O/evil.lua"
# Paths named on the command line: the file or the directory given.
probe ok read "$O/secret.csv" "$O/secret.csv"
probe ok write "$O/named/out.txt" "$O/named"
probe refused write "$O/x.txt" "$O/named"
probe refused read "$O/named/../passwd" "$O/named"
# --trust-scripts lifts the rule.
GS_TRUST=--trust-scripts
probe ok read "$O/secret.csv"
probe ok write "$O/x.txt"
GS_TRUST=
[ -f "$O/x.txt" ] && [ ! -e "$W/.bashrc" ] && [ ! -e "$W/.config/x" ] &&
    [ ! -e /tmp/gshap-sandbox-probe-$$.csv ] && pass || fail "a refused write happened"
# gshap explain --baseline SCRIPT (and the REPL): the script may read the
# model and data the user named, wherever they are, and nothing beside.
mkdir -p "$O/md"
cp "$D/linear_tiny.csv" "$O/md/d.csv"
cp "$D/models/linear_tiny.onnx" "$O/md/m.onnx"
cat >reads.lua <<LUA
return function()
	local d = assert(gshap.load_data("$O/md/d.csv", {target = "y"}))
	assert(gshap.load_model("$O/md/m.onnx"))
	local s, msg = gshap.load_data("$O/secret.csv", {target = "y"})
	assert(s == nil and msg:find("not allowed to"), "secret.csv was read")
	return {rows = {d:row(0)}, desc = "row 0 read by the script"}
end
LUA
expect_exit 0 -- explain --model "$O/md/m.onnx" --data "$O/md/d.csv" \
    --target y --row 2 --method ig --baseline reads.lua
expect_out "row 0 read by the script"
expect_exit 0 -- --no-config -c 'method ig; baseline reads.lua; explain 2' \
    "$O/md/m.onnx" "$O/md/d.csv" --target y
expect_out "row 0 read by the script"
# A refused read of a file that is not CSV quotes none of it.
printf 'print(gshap.load_data("/etc/passwd"))\nprint(gshap.load_data(".hidden.csv"))\n' >q.lua
expect_exit 0 -- -s q.lua
if grep -q "root:\|SECRET" "$T/out" "$T/err"; then fail "content quoted"; else pass; fi
finish

-- SPDX-License-Identifier: ISC
-- Sandbox probes, each leaving the session usable: no io, os, package,
-- require or debug; no dofile or loadfile; load refuses bytecode whatever
-- mode is asked; limits can be lowered but not raised; a memory bomb, a
-- huge string and a runaway recursion fail cleanly. (An endless loop and
-- Ctrl-C stop the whole script, so tests/regress/lua-cli.sh probes those.)
-- The session works: the module answers and a small computation runs.
local function usable(after)
	local m = gshap.model(function(x) return x[1] * x[1] end, {inputs = 1})
	local g = gshap.gradient(function(x) return x[1] * x[1] end, {3})
	check(m:predict({2})[1] == 4 and g[1] == 6, "usable after " .. after)
end

for _, name in ipairs{"io", "os", "package", "require", "debug", "dofile",
    "loadfile"} do
	check(_G[name] == nil, name .. " is absent")
end
check(type(load) == "function" and type(pcall) == "function" and
    type(string.format) == "function" and type(table.sort) == "function" and
    type(math.floor) == "function" and type(utf8.char) == "function",
    "safe libraries are there")
usable("the globals probe")

-- Bytecode is refused, whatever mode is asked for.
local dump = string.dump(function() return 1 end)
for _, mode in ipairs{"b", "bt", "t"} do
	local f, msg = load(dump, "dump", mode)
	check(f == nil and msg:find("binary", 1, true), "bytecode refused (" ..
	    mode .. ")")
end
check(load("return 1 + 1")() == 2, "text loads")
check(load("return y", "c", "t", {y = 3})() == 3, "load with an env")
local f, msg = load("x = = 1", "bad")
check(f == nil and msg:find('"bad"]:1:', 1, true), "syntax error message")
usable("the bytecode probe")

-- Limits: lowering is allowed, raising is not.
local limits = gshap.limits()
check(limits.memory >= 64 and limits.instructions >= 1000000,
    "default limits")
local ok, err = pcall(gshap.limits, {memory = limits.memory * 2})
check(not ok and err:find("--trust-scripts", 1, true), "no raising memory")
ok, err = pcall(gshap.limits, {instructions = limits.instructions + 1})
check(not ok and err:find("--trust-scripts", 1, true),
    "no raising instructions")
check(gshap.limits{memory = 64}.memory == 64, "lowering memory")
usable("the limits probe")

-- A memory bomb fails with "not enough memory"; its garbage goes.
ok, err = pcall(function()
	local t = {}
	for i = 1, 1e9 do
		t[i] = string.rep("x", 4096) .. i
	end
end)
check(not ok and tostring(err):find("not enough memory", 1, true),
    "memory bomb stopped: " .. tostring(err))
collectgarbage()
check(gshap.limits().used_kib < 8192, "memory released: " ..
    gshap.limits().used_kib .. " KiB")
usable("the memory bomb")

-- One huge allocation.
ok, err = pcall(string.rep, "x", 1 << 40)
check(not ok, "a 1 TiB string is refused")
usable("the huge string")

-- Runaway recursion.
local function deep(n)
	return deep(n + 1) + 1
end
ok, err = pcall(deep, 1)
check(not ok and tostring(err):find("stack overflow", 1, true),
    "recursion stopped: " .. tostring(err))
usable("the recursion")

-- Errors of every kind are caught and the state goes on.
ok, err = pcall(error, {code = 7})
check(not ok and type(err) == "table" and err.code == 7, "error objects")
ok, err = pcall(gshap.load_model, 42)
check(ok, "load_model of a number reads the file '42': " .. tostring(err))
ok, err = pcall(gshap.explainer, 42)
check(not ok and err:find("table expected", 1, true), tostring(err))
usable("bad arguments")

return done("sandbox.lua")

-- SPDX-License-Identifier: ISC
-- The stoppable replacements of string.find, match, gmatch, gsub, rep,
-- table.sort and table.move give Lua 5.4's results (expected values as
-- the Lua 5.4 reference manual defines them), and __gc of script tables
-- still runs, once, with the table. Run by run.sh.
local function same(what, got, ...)
	local want = table.pack(...)
	local ok = got.n == want.n
	for i = 1, want.n do
		ok = ok and got[i] == want[i]
	end
	local g = {}
	for i = 1, got.n do g[i] = tostring(got[i]) end
	check(ok, what .. ": got " .. table.concat(g, ", "))
end

local function p(...) return table.pack(...) end

-- find: plain, patterns, anchors, init, captures, positions.
same("find plain", p(("hello world"):find("o w")), 5, 7)
same("find special plain", p(("a.b"):find(".", 1, true)), 2, 2)
same("find pattern", p(("hello"):find("l+")), 3, 4)
same("find anchor", p(("hello"):find("^h(e)")), 1, 2, "e")
same("find anchor miss", p(("hello"):find("^e")), nil)
same("find init", p(("abcabc"):find("b", 3)), 5, 5)
same("find negative init", p(("abcabc"):find("b", -2)), 5, 5)
same("find past end", p(("abc"):find("", 10)), nil)
same("find empty", p(("abc"):find("")), 1, 0)
same("find position captures", p(("abc"):find("()b()")), 2, 2, 2, 3)
same("find frontier", p(("THE (quick) fox"):find("%f[%a]%a+", 5)), 6, 10)
same("find balance", p(("f(a(b)c) x"):find("%b()")), 2, 8)
same("find backref", p(("say 'hi' now"):find("(['\"])(.-)%1")), 5, 8, "'", "hi")
same("find set", p(("x-9"):find("[%d%-]+")), 2, 3)
same("find negated set", p(("abc123"):find("[^%a]")), 4, 4)
same("find range", p(("hello"):find("[k-m]+")), 3, 4)
same("find ] first in set", p(("a]b"):find("[]]")), 2, 2)
same("find $", p(("abc"):find("c$")), 3, 3)
same("find $ literal", p(("a$b"):find("$b")), 2, 3)
same("find ?", p(("color colour"):find("colou?r", 2)), 7, 12)
same("find -", p(("<a><b>"):find("<.->")), 1, 3)
same("find * greedy", p(("<a><b>"):find("<.*>")), 1, 6)
same("find a zero byte", p(("a\0b"):find("\0")), 2, 2)
same("find %z is a z (5.4)", p(("a\0z"):find("%z")), 3, 3)
same("find class %u", p(("abCd"):find("%u")), 3, 3)
same("find class %S", p(("  x"):find("%S")), 3, 3)

-- match and gmatch.
same("match captures", p(("key = value"):match("(%w+)%s*=%s*(%w+)")), "key", "value")
same("match trim", p(("  trim me  "):match("^%s*(.-)%s*$")), "trim me")
same("match whole", p(("abc"):match("b.")), "bc")
same("match position", p(("abc"):match("()c")), 3)
same("match none", p(("abc"):match("x")), nil)
local keys = {}
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do
	keys[#keys + 1] = k .. v
end
same("gmatch pairs", p(table.concat(keys, ",")), "a1,b2,c3")
local words = {}
for w in ("one two  three"):gmatch("%a+") do words[#words + 1] = w end
same("gmatch words", p(#words, words[3]), 3, "three")
local n = 0
for _ in ("abc"):gmatch("") do n = n + 1 end
same("gmatch empty matches", p(n), 4)
local starts = {}
for s in ("hello"):gmatch("()l", 4) do starts[#starts + 1] = s end
same("gmatch init", p(#starts, starts[1]), 1, 4)

-- gsub: strings with %0..%9 and %%, tables, functions, limits, anchors.
same("gsub string", p(("hello world"):gsub("o", "0")), "hell0 w0rld", 2)
same("gsub captures", p(("x=1, y=2"):gsub("(%w+)=(%w+)", "%2=%1")), "1=x, 2=y", 2)
same("gsub %0 and %%", p(("ab"):gsub("%w", "%0%%")), "a%b%", 2)
same("gsub table", p(("$a $b"):gsub("%$(%w)", {a = "1"})), "1 $b", 2)
same("gsub function", p(("abc"):gsub("%w", function(c) return c:upper() end)), "ABC", 3)
same("gsub function false keeps", p(("abc"):gsub("%w", function() return false end)), "abc", 3)
same("gsub max", p(("aaa"):gsub("a", "b", 2)), "bba", 2)
same("gsub anchor", p(("aaa"):gsub("^a", "b")), "baa", 1)
same("gsub empty pattern", p(("abc"):gsub("", "-")), "-a-b-c-", 4)
same("gsub number repl", p(("a"):gsub("a", 7)), "7", 1)
check(not pcall(string.gsub, "a", "a", "%2"), "gsub invalid capture index")
check(not pcall(string.find, "a", "(a"), "find unfinished capture")
check(not pcall(string.find, "a", "%"), "malformed pattern (ends with '%')")
check(not pcall(string.find, "a", "[a"), "malformed pattern (missing ']')")
check(not pcall(string.gsub, "abc", "%w", {a = {}}), "gsub bad replacement value")

-- rep: counts, separators, the empty cases.
same("rep", p(("ab"):rep(3)), "ababab")
same("rep sep", p(("ab"):rep(3, ",")), "ab,ab,ab")
same("rep one", p(("ab"):rep(1, ",")), "ab")
same("rep zero", p(("ab"):rep(0)), "")
same("rep negative", p(("ab"):rep(-2)), "")
same("rep empty", p((""):rep(1e9)), "")
same("rep long", p(#("xyz"):rep(100001, "-")), 400003)
check(not pcall(string.rep, "x", 1 << 40), "rep over the memory limit")

-- table.sort and table.move.
local t = {5, 3, 9, 1}
table.sort(t)
same("sort default", p(t[1], t[2], t[3], t[4]), 1, 3, 5, 9)
table.sort(t, function(a, b) return a > b end)
same("sort comparator", p(t[1], t[4]), 9, 1)
local s = {"b", "a"}
table.sort(s)
same("sort strings", p(s[1], s[2]), "a", "b")
check(not pcall(table.sort, {1, "x"}), "sort mixed types fails")
same("move", p(table.unpack(table.move({1, 2, 3}, 1, 3, 2))), 1, 1, 2, 3)
same("move back", p(table.unpack(table.move({1, 2, 3}, 2, 3, 1))), 2, 3, 3)
local dst = table.move({1, 2}, 1, 2, 3, {9})
same("move to another", p(dst[1], dst[3], dst[4]), 9, 1, 2)
same("move nothing", p(#table.move({1}, 2, 1, 1)), 1)
check(not pcall(table.move, {}, 1, 2), "move without a destination index")

-- __gc of script tables: runs once, with the table, the metatable intact.
local log = {}
local mt = {__gc = function(o) log[#log + 1] = o.name end}
local a = setmetatable({name = "a"}, mt)
check(getmetatable(a) == mt and rawget(mt, "__gc") ~= nil, "metatable intact")
a = nil
collectgarbage()
collectgarbage()
same("__gc ran once", p(#log, log[1]), 1, "a")
-- A finalizer set after setmetatable does not run (Lua's rule).
local later = {}
local b = setmetatable({}, later)
later.__gc = function() log[#log + 1] = "late" end
b = nil
collectgarbage()
same("late __gc ignored", p(#log), 1)
-- An error in a finalizer is a warning, not a crash.
setmetatable({}, {__gc = function() error("in gc") end})
collectgarbage()
check(true, "error in __gc survived")
-- Protected metatables stay protected.
local prot = setmetatable({}, {__metatable = "locked"})
check(not pcall(setmetatable, prot, {}), "protected metatable")
check(getmetatable(prot) == "locked", "__metatable answers")

return done("patterns.lua")

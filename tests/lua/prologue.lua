-- SPDX-License-Identifier: ISC
-- What every Lua test starts with: run.sh runs it, then the test, in one
-- sandboxed state. Globals: top, the source tree (run.sh's first
-- argument); check(ok, what), which counts a check and prints what
-- failed; near(a, b, tol, what), a check that |a - b| <= tol; raises(f,
-- ...), the error f(...) raises or nil; done(name), which prints the
-- counts and returns the exit status (0 when every check passed).
top = arg[1] or "."
local pass, fail = 0, 0

function check(ok, what)
	if ok then
		pass = pass + 1
	else
		fail = fail + 1
		print("FAIL: " .. what)
	end
end

function near(a, b, tol, what)
	check(math.abs(a - b) <= tol, string.format("%s: %.17g vs %.17g",
	    what, a, b))
end

function raises(f, ...)
	local ok, err = pcall(f, ...)
	return not ok and tostring(err) or nil
end

function done(name)
	print(string.format("%s: %d passed, %d failed", name, pass, fail))
	return fail == 0 and 0 or 1
end

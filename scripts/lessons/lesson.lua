-- SPDX-License-Identifier: ISC
-- The helper every lesson runs first (gshap --lesson loads it before the
-- lesson): the global table lesson with headings, tables, ASCII plots,
-- the normal distribution, and exercises whose answers are checked.
local dir = ...

lesson = {dir = dir or ".", asked = 0, right = 0}

-- A heading for the lesson.
function lesson.title(n, text)
	local head = string.format("Lesson %d: %s", n, text)
	print(head)
	print(string.rep("=", #head))
end

-- A numbered step of the lesson, then its text.
function lesson.step(text)
	print()
	print("-- " .. text .. " --")
end

-- Paragraphs of explanation (each argument is printed on its own).
function lesson.say(...)
	for _, s in ipairs({...}) do
		print(s)
	end
end

-- Wait for the student (not under --unattended).
function lesson.pause()
	print()
	gshap.pause()
end

-- A number as text: fixed 4 decimals, or %g when large or tiny.
function lesson.num(v, dec)
	if v ~= v then return "nan" end
	if math.type(v) == "integer" then return tostring(v) end
	local a = math.abs(v)
	if a ~= 0 and (a >= 1e5 or a < 1e-3) then
		return string.format("%.3g", v)
	end
	return string.format("%." .. (dec or 4) .. "f", v)
end

-- Print rows (arrays of strings or numbers) under a header, aligned.
function lesson.table(header, rows)
	local width, numeric = {}, {}
	local cells = {}
	for i, row in ipairs({header, table.unpack(rows)}) do
		cells[i] = {}
		for j, v in ipairs(row) do
			local s = type(v) == "number" and lesson.num(v) or tostring(v)
			cells[i][j] = s
			width[j] = math.max(width[j] or 0, #s)
			if i > 1 and type(v) == "number" then numeric[j] = true end
		end
	end
	for i, row in ipairs(cells) do
		local out = {}
		for j, s in ipairs(row) do
			local w = width[j]
			out[j] = not numeric[j] and s .. string.rep(" ", w - #s) or
			    string.rep(" ", w - #s) .. s
		end
		print("  " .. table.concat(out, "  "))
		if i == 1 then
			local rule = {}
			for j = 1, #row do rule[j] = string.rep("-", width[j]) end
			print("  " .. table.concat(rule, "  "))
		end
	end
end

-- A bar of |v| / scale * width characters, to the right for v >= 0.
function lesson.bar(v, scale, width)
	width = width or 20
	local n = scale > 0 and math.floor(math.abs(v) / scale * width + 0.5) or 0
	n = math.min(n, width)
	if v >= 0 then
		return string.rep(" ", width) .. "|" .. string.rep("#", n)
	end
	return string.rep(" ", width - n) .. string.rep("#", n) .. "|"
end

--
-- An ASCII plot of series over x: opts = {x = {...}, series = {{y = {...},
-- mark = "*", name = "..."}, ...}, width = 60, height = 12, logx = false,
-- xlabel = "..."}. Points of later series are drawn over earlier ones.
--
function lesson.plot(opts)
	local w, h = opts.width or 60, opts.height or 12
	local fx = opts.logx and math.log or function(v) return v end
	local xs = opts.x
	local x0, x1 = fx(xs[1]), fx(xs[#xs])
	local y0, y1 = math.huge, -math.huge
	for _, s in ipairs(opts.series) do
		for _, y in ipairs(s.y) do
			y0, y1 = math.min(y0, y), math.max(y1, y)
		end
	end
	if opts.ymin then y0 = math.min(y0, opts.ymin) end
	if opts.ymax then y1 = math.max(y1, opts.ymax) end
	if y1 == y0 then y0, y1 = y0 - 1, y1 + 1 end
	if x1 == x0 then x1 = x0 + 1 end
	local grid = {}
	for r = 1, h do
		grid[r] = {}
		for c = 1, w do grid[r][c] = " " end
	end
	if y0 < 0 and y1 > 0 then
		local r = h - math.floor((0 - y0) / (y1 - y0) * (h - 1) + 0.5)
		for c = 1, w do grid[r][c] = "." end
	end
	for _, s in ipairs(opts.series) do
		for i, y in ipairs(s.y) do
			local c = 1 + math.floor((fx(xs[i]) - x0) / (x1 - x0) * (w - 1) + 0.5)
			local r = h - math.floor((y - y0) / (y1 - y0) * (h - 1) + 0.5)
			grid[r][c] = s.mark or "*"
		end
	end
	local lab = {lesson.num(y1), lesson.num(y0)}
	local lw = math.max(#lab[1], #lab[2])
	for r = 1, h do
		local l = r == 1 and lab[1] or r == h and lab[2] or ""
		print(string.rep(" ", lw - #l) .. l .. " |" .. table.concat(grid[r]))
	end
	print(string.rep(" ", lw) .. " +" .. string.rep("-", w))
	local left, right = lesson.num(xs[1], 2), lesson.num(xs[#xs], 2)
	print(string.rep(" ", lw + 2) .. left ..
	    string.rep(" ", math.max(1, w - #left - #right)) .. right)
	local legend = {}
	for _, s in ipairs(opts.series) do
		if s.name then legend[#legend + 1] = (s.mark or "*") .. " " .. s.name end
	end
	if opts.xlabel then legend[#legend + 1] = "x axis: " .. opts.xlabel end
	if #legend > 0 then
		print(string.rep(" ", lw + 2) .. table.concat(legend, ",  "))
	end
end

-- The standard normal distribution function, from Abramowitz and Stegun's
-- approximation 7.1.26 of erfc (absolute error below 1.5e-7).
function lesson.Phi(z)
	local x = math.abs(z) / math.sqrt(2)
	local t = 1 / (1 + 0.3275911 * x)
	local y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 +
	    t * (-1.453152027 + t * 1.061405429))))
	local erfc = y * math.exp(-x * x)
	return z >= 0 and 1 - erfc / 2 or erfc / 2
end

-- A number typed by the student: "0.5", "1/2", "50%"; nil if none.
function lesson.number(s)
	if s == nil then return nil end
	s = s:gsub("%s", "")
	local a, b = s:match("^([-+]?[%d.]+)/([%d.]+)$")
	if a then
		local p, q = tonumber(a), tonumber(b)
		if p and q and q ~= 0 then return p / q end
		return nil
	end
	local pct = s:match("^([-+]?[%d.eE+-]+)%%$")
	if pct then
		local v = tonumber(pct)
		return v and v / 100
	end
	return tonumber(s)
end

-- A check that accepts a number within tol (absolute) of want.
function lesson.close_to(want, tol)
	return function(answer)
		local v = lesson.number(answer)
		if v == nil then
			return false, "please type a number"
		end
		return math.abs(v - want) <= tol
	end
end

-- A check that accepts one of the given words (case does not matter).
function lesson.one_of(...)
	local ok = {}
	for _, w in ipairs({...}) do ok[w:lower()] = true end
	return function(answer)
		return ok[(answer or ""):lower()] == true
	end
end

--
-- An exercise: opts = {question = "...", key = the right answer (text),
-- check = function(answer) -> ok[, hint], hint = "...", explain = "...",
-- tries = 3}. Asks until the answer is right, the tries are spent or the
-- input ends; returns whether it was answered right. An empty line is no
-- answer: it is not counted as a wrong one, the question is asked again.
--
function lesson.exercise(opts)
	lesson.asked = lesson.asked + 1
	print()
	print("Exercise " .. lesson.asked .. ": " .. opts.question)
	local try = 0
	while try < (opts.tries or 3) do
		local answer = gshap.ask(">", opts.key)
		if answer == nil then
			break
		end
		if answer == "" then
			print("(type an answer, or end the input to see it)")
			goto continue
		end
		try = try + 1
		local ok, hint = opts.check(answer)
		if ok then
			print("Right. " .. (opts.explain or ""))
			lesson.right = lesson.right + 1
			return true
		end
		print("Not quite" .. ((hint or opts.hint) and ": " ..
		    (hint or opts.hint) or ".") ..
		    (try < (opts.tries or 3) and " Try again." or ""))
		::continue::
	end
	print("The answer is " .. tostring(opts.key) .. ". " ..
	    (opts.explain or ""))
	return false
end

-- A file shipped with the lessons (such as credit.csv).
function lesson.file(name)
	return lesson.dir .. "/" .. name
end

-- End of the lesson: the score, and the exit status (0 when every
-- exercise was answered right, 3 otherwise).
function lesson.done()
	print()
	print(string.format("End of the lesson: %d of %d exercises right.",
	    lesson.right, lesson.asked))
	return lesson.right == lesson.asked and 0 or 3
end

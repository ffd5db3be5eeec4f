-- SPDX-License-Identifier: ISC
-- The teaching data: e:path on a linear model (gradient w everywhere,
-- area w (x - b)) and on the demo (areas add up to f(x) - f(b)),
-- e:trace ending on e:explain's phi and SE under plan mc (with a Lua
-- noise function too), e:convergence ending on a plain run, and errors.
-- linear_tiny: y = 1.5 a - 2 b + 0.25 c + 0.5.
local w = {1.5, -2, 0.25}
local lin = assert(gshap.load_model(top ..
    "/tests/data/models/linear_tiny.onnx"))
local ds = assert(gshap.load_data(top .. "/tests/data/linear_tiny.csv",
    {target = "y"}))

do
	local e = gshap.explainer{model = lin, data = ds, baseline = "data",
	    samples = 7, seed = 3, plan = "mc"}
	local p = e:path(1, {baseline = 2, points = 5})
	local b = e:baseline().rows[3]
	local x = {-1, 0.5, 4}
	check(#p.alpha == 5 and #p.f == 5 and #p.grad == 5, "path sizes")
	check(p.alpha[1] == 0 and p.alpha[5] == 1, "path alpha ends")
	check(p.baseline == 2 and p.class == 0, "path baseline and class")
	near(p.fx, -1, 1e-6, "path fx")
	near(p.f[5], p.fx, 1e-6, "f(1) = f(x)")
	near(p.f[1], p.fb, 1e-6, "f(0) = f(b)")
	for q = 1, 5 do
		for i = 1, 3 do
			near(p.grad[q][i], w[i], 1e-6, "grad " .. q .. " " .. i)
		end
	end
	for i = 1, 3 do
		near(p.area[i], w[i] * (x[i] - b[i]), 1e-5, "area " .. i)
		near(p.delta[i], x[i] - b[i], 1e-12, "delta " .. i)
	end
	check(#p.marks == 7 and p.names[2] == "b", "path marks and names")

	-- The trace's running mean ends on explain's phi (plan mc).
	local t = e:trace(1)
	check(t.n == 7 and #t.samples == 7, "trace length")
	check(t.samples[1].se[1] ~= t.samples[1].se[1],
	    "trace se of one sample is NaN (undefined), not 0")
	for s = 1, 7 do
		check(t.samples[s].alpha == p.marks[s], "mark " .. s)
	end
	local ex = e:explain(1)
	for i = 1, 3 do
		near(t.mean[i], ex.phi[i], 1e-9 * math.abs(ex.phi[i]),
		    "trace mean " .. i)
	end
	near(t.fx, ex.fx, 0, "trace fx")
	near(t.base, ex.base, 0, "trace base")

	-- Rows given as values.
	local p2 = e:path({a = -1, b = 0.5, c = 4}, {baseline = 2, points = 5})
	near(p2.area[1], p.area[1], 0, "path of values")

	-- Errors.
	local ok, err = pcall(e.path, e, 1, {baseline = 9})
	check(not ok and err:find("baseline 9 does not exist", 1, true),
	    "bad baseline: " .. tostring(err))
	ok, err = pcall(e.path, e, 1, {points = 1})
	check(not ok and err:find("points", 1, true), "one point: " ..
	    tostring(err))
	ok, err = pcall(e.trace, e, 99, 4)
	check(not ok and err:find("row 99 does not exist", 1, true),
	    "bad row: " .. tostring(err))
	ok, err = pcall(e.convergence, e, 0, 0)
	check(not ok, "convergence at 0")
	local ig = gshap.explainer{model = lin, data = ds, method = "ig",
	    baseline = "zeros"}
	ok, err = pcall(ig.trace, ig, 0, 4)
	check(not ok and err:find("gradshap", 1, true), "trace of ig: " ..
	    tostring(err))
	local sal = gshap.explainer{model = lin, data = ds, method = "saliency"}
	ok, err = pcall(sal.path, sal, 0)
	check(not ok and err:find("no baseline", 1, true), "path of saliency: " ..
	    tostring(err))
end

-- Trace with a Lua noise function, against explain under plan mc.
do
	local sq = gshap.model(function(x)
		return gshap.tanh(x.a * x.b) + 0.5 * x.c * x.c
	end, {inputs = {"a", "b", "c"}, name = "toy"})
	local e = gshap.explainer{model = sq, data = ds, baseline = "data",
	    samples = 13, batch = 4, seed = 9, plan = "mc",
	    noise = function(noise)
		    for i = 1, noise.n do
			    local r = noise:rng(i)
			    for j = 1, noise.d do
				    noise:set(i, j, 0.2 * r:normal(0, 1))
			    end
		    end
	    end}
	local t = e:trace(2, 13)
	local ex = e:explain(2)
	for i = 1, 3 do
		near(t.mean[i], ex.phi[i], 1e-9 * math.abs(ex.phi[i]) + 1e-15,
		    "noise-function trace mean " .. i)
		near(t.se[i], ex.se[i], 1e-9 * math.abs(ex.se[i]) + 1e-15,
		    "noise-function trace se " .. i)
	end
end

-- The demo: completeness of the path's areas; convergence.
do
	local model, data = gshap.demo()
	local e = gshap.explainer{model = model, data = data,
	    baseline = "sample:5", samples = 32, seed = 2}
	local far = 0
	for bi = 0, 4 do
		if bi >= 2 and far > 0 then break end
		local p = e:path(0, {baseline = bi, points = 9})
		local s = 0
		for i = 1, #p.area do s = s + p.area[i] end
		local want = p.fx - p.fb
		if math.abs(want) > 0.5 then far = far + 1 end
		near(s, want, 1e-4 * math.abs(want) + 1e-7, "demo area " .. bi)
	end
	check(far >= 1, "a baseline far from row 0")
	local c = e:convergence(0, 20)
	local want = {1, 2, 4, 8, 16, 20}
	check(#c.samples == 6 and c.method == "gradshap", "convergence counts")
	for k = 1, #want do
		check(c.samples[k] == want[k], "count " .. k)
	end
	-- One sample has no standard error: NaN, not 0 (issue 16).
	check(c.se[1][1] ~= c.se[1][1] and c.se[2][1] == c.se[2][1],
	    "convergence se at n = 1 undefined, at 2 a number")
	local e20 = gshap.explainer{model = model, data = data,
	    baseline = "sample:5", samples = 20, seed = 2}
	local ex = e20:explain(0)
	for i = 1, 30 do
		near(c.phi[6][i], ex.phi[i], 1e-12 * math.abs(ex.phi[i]) + 1e-300,
		    "convergence phi " .. i)
		near(c.se[6][i], ex.se[i], 1e-12 * math.abs(ex.se[i]) + 1e-300,
		    "convergence se " .. i)
	end
	near(c.gap[6], ex.gap, 1e-9, "convergence gap")
end

return done("teach.lua")

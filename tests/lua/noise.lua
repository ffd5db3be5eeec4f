-- SPDX-License-Identifier: ISC
-- The shipped noise scripts draw what they say: Gaussian and uniform
-- noise scaled to each feature's standard deviation, noise on chosen
-- features only, salt-and-pepper pixels; reproducibly; and SmoothGrad's
-- VarGrad of 0.5 |x|^2 recovers the noise variance end to end.
local ds = assert(gshap.load_data(top .. "/tests/data/linear_tiny.csv",
    {target = "y"}))
-- f = 0.5 |x|^2: the gradient at x + eps is x + eps.
local sq = gshap.model(function(x)
	return 0.5 * (x.a * x.a + x.b * x.b + x.c * x.c)
end, {inputs = {"a", "b", "c"}, name = "square"})
local sds = ds:sds()

-- Column mean and standard deviation of n samples.
local function moments(z, j)
	local s, ss = 0, 0
	for i = 1, #z do
		s = s + z[i][j]
	end
	local mean = s / #z
	for i = 1, #z do
		ss = ss + (z[i][j] - mean) ^ 2
	end
	return mean, math.sqrt(ss / (#z - 1))
end

local N = 4000

-- Gaussian, 15% and 30% of each feature's sd.
for _, spec in ipairs{{"gaussian"}, {"gaussian", fraction = 0.3}} do
	local frac = spec.fraction or 0.15
	local e = gshap.explainer{model = sq, data = ds, method = "smoothgrad",
	    noise = spec}
	local z = e:noise(0, N)
	check(#z == N and #z[1] == 3, "noise shape")
	for j = 1, 3 do
		local mean, sd = moments(z, j)
		local want = frac * sds[j]
		near(mean, 0, 5 * want / math.sqrt(N), "gaussian mean " .. j)
		near(sd, want, 0.05 * want, "gaussian sd " .. j)
	end
	local again = e:noise(0, N)
	check(again[N][3] == z[N][3] and again[1][1] == z[1][1],
	    "noise reproducible")
	check(e:noise(1, 1)[1][1] ~= z[1][1], "rows draw differently")
end

-- Uniform on [-h, h], h = 25% of the sd.
do
	local e = gshap.explainer{model = sq, data = ds, method = "smoothgrad",
	    noise = "uniform"}
	local z = e:noise(2, N)
	for j = 1, 3 do
		local h = 0.25 * sds[j]
		local inside = true
		for i = 1, N do
			inside = inside and math.abs(z[i][j]) <= h
		end
		check(inside, "uniform within h " .. j)
		local _, sd = moments(z, j)
		near(sd, h / math.sqrt(3), 0.05 * h, "uniform sd " .. j)
	end
end

-- Chosen features only.
do
	local e = gshap.explainer{model = sq, data = ds, method = "smoothgrad",
	    noise = {"features", names = {"b"}, fraction = 0.2}}
	local z = e:noise(0, 500)
	local zero = true
	for i = 1, 500 do
		zero = zero and z[i][1] == 0 and z[i][3] == 0
	end
	check(zero, "unchosen features get no noise")
	local _, sd = moments(z, 2)
	near(sd, 0.2 * sds[2], 0.1 * 0.2 * sds[2], "chosen feature's sd")
end

-- Salt and pepper on digit images: a changed pixel becomes its column's
-- minimum or maximum.
do
	local dm = assert(gshap.load_model(top ..
	    "/tests/data/models/cnn_digits.onnx"))
	local dd = assert(gshap.load_data(top .. "/tests/data/csv/digits.csv",
	    {target = "label"}))
	local e = gshap.explainer{model = dm, data = dd, method = "smoothgrad",
	    noise = {"saltpepper", p = 0.1}, samples = 8}
	local x = dd:row(5)
	local lo, hi = {}, {}
	for j = 1, 64 do
		local col = dd:column(j)
		lo[j], hi[j] = math.huge, -math.huge
		for _, v in ipairs(col) do
			lo[j], hi[j] = math.min(lo[j], v), math.max(hi[j], v)
		end
	end
	local z = e:noise(5, 300)
	local ok, changed = true, 0
	for i = 1, 300 do
		for j = 1, 64 do
			local v = z[i][j]
			ok = ok and (v == 0 or v == lo[j] - x[j] or v == hi[j] - x[j])
			if v ~= 0 then
				changed = changed + 1
			end
		end
	end
	check(ok, "salt-and-pepper values")
	local share = changed / (300 * 64)
	check(share > 0.02 and share <= 0.11, "salt-and-pepper share " .. share)
	local ex = e:explain(5)
	check(ex.noise == "saltpepper" and #ex.phi == 64, "smoothgrad runs")
end

-- End to end: VarGrad of 0.5 |x|^2 is the noise variance.
for _, spec in ipairs{"gaussian", "15%"} do
	local e = gshap.explainer{model = sq, data = ds, method = "smoothgrad",
	    smooth = "var", noise = spec, samples = 4000, seed = 3}
	local ex = e:explain(1)
	for j = 1, 3 do
		local want = (0.15 * sds[j]) ^ 2
		near(ex.phi[j], want, 5 * ex.se[j], "VarGrad " .. spec .. " " .. j)
	end
end

-- Gradient SHAP with a noise function given directly.
do
	local e = gshap.explainer{model = sq, data = ds, samples = 50,
	    noise = function(noise, x, stats, rng)
		noise:fill(0.5)
	end}
	local ex = e:explain(0)
	check(ex.noise == "function", "noise function name")
	-- x + 0.5 against the data rows: sum(phi) = E f(x + 0.5) - E f(b).
	local fx = 0.5 * ((1.5) ^ 2 + (2.5) ^ 2 + (3.5) ^ 2)
	near(ex.sum, fx - ex.base, 6 * (ex.se[1] + ex.se[2] + ex.se[3]) + 1e-6,
	    "completeness with shifted inputs")
end

-- Errors in noise functions are reported with their line.
do
	local e = gshap.explainer{model = sq, data = ds, method = "smoothgrad",
	    noise = function(noise) noise:set(1, 1, 0 / 0) end}
	local ok, err = pcall(e.explain, e, 0)
	check(not ok and err:find("non-finite", 1, true), tostring(err))
	e = gshap.explainer{model = sq, data = ds, method = "smoothgrad",
	    noise = function(noise) error("no noise today") end}
	ok, err = pcall(e.explain, e, 0)
	check(not ok and err:find("noise.lua:%d+: no noise today"),
	    tostring(err))
	ok, err = pcall(function()
		local kept
		local ek = gshap.explainer{model = sq, data = ds,
		    method = "smoothgrad", samples = 4,
		    noise = function(noise) kept = noise end}
		ek:explain(0)
		return kept:get(1, 1)
	end)
	check(not ok and err:find("lent", 1, true), "matrix kept: " ..
	    tostring(err))
end

return done("noise.lua")

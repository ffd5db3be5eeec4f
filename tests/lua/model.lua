-- SPDX-License-Identifier: ISC
-- Models defined in Lua: exact gradients (reverse mode through the tape)
-- agree with central finite differences for every supported operation;
-- through a plan they agree with gshap.gradient; an ONNX model of the
-- same function gives the same attributions with every method; errors
-- in model functions are reported with their line.
local sm = gshap.softmax
local functions = {
	{"product and exp", 1, function(x)
		return x[1] * x[2] + math.exp(x[3])
	end},
	{"trigonometry, logs, powers", 1, function(x)
		return math.sin(x[1]) * math.cos(x[2]) + math.tan(x[3] / 4) +
		    math.log(x[1]) + math.sqrt(x[2]) + x[1] ^ x[2] + x[2] ^ 2.5 +
		    2 ^ x[3] + math.log(x[2], 3)
	end},
	{"abs, max, min, atan, asin, acos", 1, function(x)
		return math.abs(x[1] - x[2]) + math.max(x[1], x[2], 1.1 * x[3]) -
		    math.min(x[1], x[3]) + math.atan(x[2], x[1]) +
		    math.atan(x[3]) + math.asin(x[1] / 10) + math.acos(x[2] / 10)
	end},
	{"activations, mod", 1, function(x)
		return gshap.tanh(x[1]) * gshap.sigmoid(x[2]) +
		    gshap.softplus(x[3]) + gshap.relu(x[1] - 0.2) +
		    x[1] % 0.7 + (x[3] // 1)
	end},
	{"division and constants", 1, function(x)
		return -x[1] / x[2] + 3 / x[3] - x[1] * 1 + 2 - x[2]
	end},
	{"softmax of three", 3, function(x)
		return sm{x[1], 2 * x[2], x[1] * x[3]}
	end},
	{"several results", 2, function(x)
		return x[1] * x[1], x[2] - x[3]
	end},
}

-- The function's value with plain numbers (output k).
local function value(f, x, k)
	local r = table.pack(f(x))
	if type(r[1]) == "table" then
		return r[1][k]
	end
	return r[k]
end

local rng = gshap.rng(2024)
for _, case in ipairs(functions) do
	local name, K, f = case[1], case[2], case[3]
	for trial = 1, 5 do
		local x = {}
		for j = 1, 3 do
			x[j] = rng:uniform(0.6, 2.4)
		end
		for k = 1, K do
			local g, v
			if K == 2 then
				-- Several results: wrap them as an array.
				g, v = gshap.gradient(function(y)
					return {f(y)}
				end, x, k)
			else
				g, v = gshap.gradient(f, x, k)
			end
			near(v, value(f, x, k), 1e-12 * (1 + math.abs(v)),
			    name .. ": value")
			for j = 1, 3 do
				local h = 1e-5
				local xp, xm = {x[1], x[2], x[3]}, {x[1], x[2], x[3]}
				xp[j], xm[j] = x[j] + h, x[j] - h
				local fd = (value(f, xp, k) - value(f, xm, k)) / (2 * h)
				near(g[j], fd, 1e-6 * (1 + math.abs(fd)),
				    string.format("%s: d%d/dx%d trial %d", name, k,
				    j, trial))
			end
		end
	end
end

-- Through a plan (single precision) a Lua model's gradient is the same.
local f = functions[2][3]
local lm = gshap.model(f, {inputs = 3})
local x = {1.2, 0.9, 1.7}
local g32, v32 = lm:gradient(x, 0)
local g64, v64 = gshap.gradient(f, x)
near(v32, v64, 1e-5 * math.abs(v64), "plan value")
for j = 1, 3 do
	near(g32[j], g64[j], 1e-5 * (1 + math.abs(g64[j])), "plan gradient " .. j)
end
near(lm:predict(x)[1], v64, 1e-5 * math.abs(v64), "predict")

-- The same function as the ONNX fixture gives the same attributions.
local onnx = assert(gshap.load_model(top ..
    "/tests/data/models/linear_tiny.onnx"))
local ds = assert(gshap.load_data(top .. "/tests/data/linear_tiny.csv",
    {target = "y"}))
local lua = gshap.model(function(x)
	return 1.5 * x.a - 2 * x.b + 0.25 * x.c + 0.5
end, {inputs = {"a", "b", "c"}, name = "linear_tiny_lua"})
for _, method in ipairs{"gradshap", "ig", "saliency", "ixg", "smoothgrad"} do
	local opts = {method = method, seed = 11, samples = 64, data = ds}
	opts.model = onnx
	local eo = gshap.explainer(opts)
	opts.model = lua
	local el = gshap.explainer(opts)
	local ro, rl = eo:explain_rows(0, 5), el:explain_rows(0, 5)
	for r = 1, 5 do
		near(ro[r].fx, rl[r].fx, 1e-6, method .. " fx")
		for j = 1, 3 do
			near(ro[r].phi[j], rl[r].phi[j], 1e-5, method .. " phi")
			if ro[r].se ~= nil then
				near(ro[r].se[j], rl[r].se[j], 1e-5, method .. " se")
			end
		end
	end
end

-- A classifier in Lua: IG is complete for every class.
local iris = assert(gshap.load_data(top .. "/tests/data/csv/iris.csv",
    {target = "target"}))
local W = {{-0.4, 1.1, -1.2, -1.0}, {0.2, -0.5, 0.3, -0.4},
    {0.1, -0.6, 0.9, 1.2}}
local classifier = gshap.model(function(x)
	local z = {}
	for k = 1, 3 do
		z[k] = 0
		for j = 1, 4 do
			z[k] = z[k] + W[k][j] * x[j]
		end
	end
	return gshap.softmax(z)
end, {inputs = 4, outputs = 3, name = "toy_iris"})
check(classifier:noutputs() == 3, "three outputs")
for class = 0, 2 do
	local e = gshap.explainer{model = classifier, data = iris, method = "ig",
	    steps = 32, output = class}
	local ex = e:explain(60)
	check(ex.class == class, "explained class")
	near(ex.gap, 0, 1e-4, "ig complete for class " .. class)
end
local ep = gshap.explainer{model = classifier, data = iris, samples = 20}
local p = classifier:predict(iris:row(120))
local best = 0
for k = 2, 3 do
	if p[k] > p[best + 1] then
		best = k - 1
	end
end
check(ep:explain(120).class == best, "the predicted class is explained")

-- Errors in model functions name their line; the state goes on.
local function fails(model, what, pattern)
	local ok, err = pcall(function()
		local e = gshap.explainer{model = model, data = ds, samples = 4}
		return e:explain(0)
	end)
	check(not ok and tostring(err):find(pattern), what .. ": " ..
	    tostring(err))
end
fails(gshap.model(function(x) return x.a, x.b end, {inputs = {"a", "b", "c"}}),
    "too many results", "model 'lua': the function returned 2 values, but "
    .. "the model has 1 output")
fails(gshap.model(function(x) return "one" end, {inputs = 3}),
    "not a number", "output 1 is string, not a number")
fails(gshap.model(function(x) error("broken model") end, {inputs = 3}),
    "error inside", "model.lua:%d+: broken model")
fails(gshap.model(function(x) return x.nope * 2 end, {inputs = {"a", "b", "c"}}),
    "arithmetic on nil", "model.lua:%d+: attempt to perform arithmetic")
local kept
gshap.explainer{model = gshap.model(function(x)
	kept = x[1]
	return x[1]
end, {inputs = 3}), data = ds, method = "saliency"}:explain(0)
check(kept ~= nil and tostring(kept) == "1", "a variable prints its value")
local ok, err = pcall(function() return kept + 1 end)
check(not ok and err:find("outside the model call", 1, true), tostring(err))
ok, err = pcall(gshap.model, function() end, {})
check(not ok and err:find("inputs", 1, true), tostring(err))
ok, err = pcall(gshap.gradient, function(x)
	return gshap.gradient(function(y) return y[1] end, {1})
end, {1})
check(not ok and err:find("inside another model call", 1, true), tostring(err))
near(gshap.gradient(function(x) return x[1] end, {3})[1], 1, 0,
    "gradient usable after a failed one")

return done("model.lua")

-- SPDX-License-Identifier: ISC
-- Feature groups: the German-credit script makes one player per block of
-- one-hot columns, the patches script square patches of image pixels, the
-- automatic prefix rule the same blocks; every group's value is the sum
-- of its members' and comes with a standard error for stochastic methods.
-- Every group's attribution is the sum of its members'.
local function sums_hold(ex, what)
	local index = {}
	for j, name in ipairs(ex.names) do
		index[name] = j
	end
	local covered = 0
	for _, g in ipairs(ex.groups) do
		local s, scale = 0, 1e-12
		for _, member in ipairs(g.members) do
			s = s + ex.phi[index[member]]
			scale = scale + math.abs(ex.phi[index[member]])
		end
		near(g.phi, s, 1e-9 * scale, what .. " group " .. g.name)
		covered = covered + #g.members
	end
	check(covered == ex.d, what .. ": groups cover every feature once")
end

-- German credit: a logistic model of the 61 inputs, written in Lua.
local gd = assert(gshap.load_data(top .. "/tests/data/csv/german_credit.csv",
    {target = "Class"}))
check(gd:ncols() == 61, "german credit inputs")
local sds = gd:sds()
local credit = gshap.model(function(x)
	local z = -0.5
	for j = 1, 61 do
		z = z + ((j * 37) % 17 - 8) / 40 * x[j] / (sds[j] + 1)
	end
	return gshap.sigmoid(z)
end, {inputs = 61, name = "credit"})

local e = gshap.explainer{model = credit, data = gd,
    groups = "german_credit", samples = 64, baseline = {"sample", k = 50}}
local ex = e:explain(3)
check(#ex.groups == 20, "20 groups (11 blocks, 9 numeric): " .. #ex.groups)
check(ex.groups[1].name == "Duration" and #ex.groups[1].members == 1,
    "numeric columns first, alone")
local purpose
for _, g in ipairs(ex.groups) do
	if g.name == "purpose" then
		purpose = g
	end
	check(g.se ~= nil and g.se >= 0, "group " .. g.name .. " has an SE")
end
check(purpose ~= nil and #purpose.members == 11 and
    purpose.members[1] == "Purpose.NewCar", "purpose block")
sums_hold(ex, "german_credit")

-- The automatic prefix rule finds the same blocks (named by prefix).
local ea = gshap.explainer{model = credit, data = gd, groups = "auto",
    samples = 32}
local exa = ea:explain(3)
check(#exa.groups == 20, "auto: 20 groups")
local found
for _, g in ipairs(exa.groups) do
	if g.name == "Purpose" then
		found = #g.members
	end
end
check(found == 11, "auto: Purpose has 11 members")
sums_hold(exa, "auto")

-- Image patches on the digits CNN.
local dm = assert(gshap.load_model(top .. "/tests/data/models/cnn_digits.onnx"))
local dd = assert(gshap.load_data(top .. "/tests/data/csv/digits.csv",
    {target = "label"}))
local ep = gshap.explainer{model = dm, data = dd, method = "ig",
    baseline = "zeros", groups = "patches"}
local exp = ep:explain(0)
check(#exp.groups == 16, "8x8 image: 16 patches of 2x2")
check(exp.groups[1].name == "patch 0,0" and
    table.concat(exp.groups[1].members, ",") == "p00,p01,p10,p11",
    "first patch: " .. table.concat(exp.groups[1].members, ","))
check(exp.groups[16].name == "patch 3,3", "last patch")
check(exp.groups[1].se == nil, "ig: no group SEs")
sums_hold(exp, "patches")
local e4 = gshap.explainer{model = dm, data = dd, method = "gradshap",
    samples = 32, baseline = {"sample", k = 20}, groups = {"patches", size = 4}}
local ex4 = e4:explain(7)
check(#ex4.groups == 4 and #ex4.groups[2].members == 16, "4x4 patches")
sums_hold(ex4, "patches 4x4")
-- Completeness carries over to groups: their sum is f(x) - base, up to
-- the gap.
local gsum = 0
for _, g in ipairs(exp.groups) do
	gsum = gsum + g.phi
end
near(gsum, exp.fx - exp.base, math.abs(exp.gap) + 1e-6, "groups sum")

-- Groups as a table, a map, or a function of the names.
local ds = assert(gshap.load_data(top .. "/tests/data/linear_tiny.csv",
    {target = "y"}))
local m = assert(gshap.load_model(top .. "/tests/data/models/linear_tiny.onnx"))
local t1 = gshap.explainer{model = m, data = ds, method = "ig",
    baseline = "zeros", groups = {{name = "ab", members = {"a", "b"}}}}
local x1 = t1:explain(0)
check(#x1.groups == 2 and x1.groups[1].name == "ab" and
    x1.groups[2].name == "c", "table groups with a singleton")
near(x1.groups[1].phi, 1.5 - 4, 1e-5, "ab = phi_a + phi_b")
local t2 = gshap.explainer{model = m, data = ds, method = "ig",
    baseline = "zeros", groups = {bc = {"b", "c"}, a = {1}}}
check(t2:explain(0).groups[1].name == "a", "map groups ordered by member")
local t3 = gshap.explainer{model = m, data = ds, method = "ig",
    baseline = "zeros", groups = function(names, data)
	check(#names == 3 and data:nrows() == 5, "groups function arguments")
	return {{name = "all", members = names}}
end}
check(#t3:explain(0).groups == 1, "function groups")
local ok, err = pcall(gshap.explainer, {model = m, data = ds,
    groups = {{name = "x", members = {"a", "nope"}}}})
check(not ok and err:find("no feature 'nope'", 1, true), tostring(err))
ok, err = pcall(gshap.explainer, {model = m, data = ds,
    groups = {{name = "x", members = {"a"}}, {name = "y", members = {"a"}}}})
check(not ok and err:find("in two groups", 1, true), tostring(err))

return done("groups.lua")

-- SPDX-License-Identifier: ISC
-- The shipped baseline scripts give the numbers they should: zeros and
-- column means equal the built-in baselines, medians and the reference
-- case hold the right values, the seeded sample is reproducible and made
-- of data rows, the k-means summary is a weighted partition of the data,
-- and the other-class baseline is the mean of the other classes' rows.
local function script(name)
	return top .. "/scripts/baselines/" .. name .. ".lua"
end

local m = assert(gshap.load_model(top .. "/tests/data/models/linear_tiny.onnx"))
local ds = assert(gshap.load_data(top .. "/tests/data/linear_tiny.csv",
    {target = "y"}))

-- The same attributions as a built-in baseline, for every row.
local function same(method, builtin, scripted, what)
	local e1 = gshap.explainer{model = m, data = ds, method = method,
	    baseline = builtin, seed = 4, samples = 40}
	local e2 = gshap.explainer{model = m, data = ds, method = method,
	    baseline = scripted, seed = 4, samples = 40}
	for r = 0, #ds - 1 do
		local a, b = e1:explain(r), e2:explain(r)
		near(a.base, b.base, 0, what .. " base")
		for j = 1, 3 do
			near(a.phi[j], b.phi[j], 0, what .. " phi")
		end
	end
end

same("ig", "zeros", script("zeros"), "zeros script = --baseline zeros")
same("gradshap", "zeros", script("zeros"), "zeros script (gradshap)")
same("ig", "mean", script("means"), "means script = --baseline mean")
same("ig", "zeros", "zeros.lua", "shipped script found by name")

-- IG from zeros on a linear model is exact: phi_i = w_i x_i.
local ex = gshap.explainer{model = m, data = ds, method = "ig",
    baseline = script("zeros")}:explain(0)
near(ex.phi[1], 1.5, 1e-6, "ig zeros phi a")
near(ex.phi[2], -4, 1e-6, "ig zeros phi b")
near(ex.phi[3], 0.75, 1e-6, "ig zeros phi c")

-- Medians: a = {1, -1, 2, 0.25, ...}; compare with a sort done here.
local e = gshap.explainer{model = m, data = ds, method = "ig",
    baseline = script("medians")}
local row = e:baseline().rows[1]
for j = 1, 3 do
	local col = ds:column(j)
	table.sort(col)
	near(row[j], col[3], 1e-6, "median of column " .. j)
end

-- A seeded sample: reproducible, distinct data rows.
local s1 = gshap.explainer{model = m, data = ds,
    baseline = {"sample", k = 3, seed = 7}}:baseline()
local s2 = gshap.explainer{model = m, data = ds,
    baseline = {"sample", k = 3, seed = 7}}:baseline()
check(#s1.rows == 3, "sample size")
check(s1.desc:find("seed 7", 1, true), "sample desc: " .. s1.desc)
local used = {}
for i, r in ipairs(s1.rows) do
	local found
	for k = 0, #ds - 1 do
		local x = ds:row(k)
		if x[1] == r[1] and x[2] == r[2] and x[3] == r[3] then
			found = k
		end
	end
	check(found ~= nil and not used[found], "sample row is a data row")
	used[found or -1] = true
	for j = 1, 3 do
		check(s2.rows[i][j] == r[j], "sample reproducible")
	end
end
local s3 = gshap.explainer{model = m, data = ds,
    baseline = {"sample", k = 5, seed = 7}}:baseline()
check(#s3.rows == 5, "sample of every row")

-- k-means: weights are cluster shares, and the weighted centroids give
-- back the column means (the clusters partition the rows).
local km = gshap.explainer{model = m, data = ds,
    baseline = {"kmeans", k = 2}}:baseline()
check(#km.rows == 2 and #km.weights == 2, "kmeans size")
near(km.weights[1] + km.weights[2], 1, 1e-12, "kmeans weights sum")
for _, w in ipairs(km.weights) do
	near(w * 5, math.floor(w * 5 + 0.5), 1e-12, "kmeans weight is a share")
end
local means = ds:means()
for j = 1, 3 do
	near(km.weights[1] * km.rows[1][j] + km.weights[2] * km.rows[2][j],
	    means[j], 1e-6, "kmeans centroids average to the mean")
end
local kmall = gshap.explainer{model = m, data = ds,
    baseline = {"kmeans", k = 5}}:baseline()
check(#kmall.rows == 5, "kmeans with k = n keeps every row")

-- Another class's rows: iris, predicted class of row 0 is setosa (0).
local im = assert(gshap.load_model(top ..
    "/tests/data/models/softmax_iris.onnx"))
local ids = assert(gshap.load_data(top .. "/tests/data/csv/iris.csv",
    {target = "target"}))
local ie = gshap.explainer{model = im, data = ids, baseline = "other_class",
    samples = 16}
local iex = ie:explain(0)
check(iex.class == 0 and iex.baseline == "other_class", "iris row 0")
local want, cnt = {0, 0, 0, 0}, 0
for r = 0, #ids - 1 do
	if ids:target(r) ~= 0 then
		local x = ids:row(r)
		for j = 1, 4 do
			want[j] = want[j] + x[j]
		end
		cnt = cnt + 1
	end
end
local got = ie:baseline()
check(#got.rows == 1 and cnt == 100, "other_class one row")
for j = 1, 4 do
	near(got.rows[1][j], want[j] / cnt, 1e-5, "other_class mean " .. j)
end
check(got.desc:find("100 rows not of class 0", 1, true), got.desc)
-- A virginica row gets the mean of the setosa and versicolor rows.
ie:explain(100)
local g2 = ie:baseline()
check(g2.desc:find("not of class 2", 1, true), g2.desc)

-- The reference case on the demo: named features take the script's
-- values.
local dm, dds = gshap.demo()
local ref = gshap.explainer{model = dm, data = dds, method = "ig",
    baseline = script("reference")}:baseline()
local names = dds:names()
for j, name in ipairs(names) do
	if name == "mean_radius" then
		near(ref.rows[1][j], 12.2, 1e-5, "reference mean_radius")
	elseif name == "worst_area" then
		near(ref.rows[1][j], 547.4, 1e-3, "reference worst_area")
	end
end
check(ref.desc:find("30 of 30", 1, true), ref.desc)

-- A baseline function given directly, with weights.
local fe = gshap.explainer{model = m, data = ds, baseline = function(data)
	return {rows = {{0, 0, 0}, {1, 1, 1}}, weights = {3, 1}}
end}
local fb = fe:baseline()
near(fb.weights[1], 0.75, 1e-15, "weights normalised")
near(fe:base(0), 0.75 * 0.5 + 0.25 * 0.25, 1e-6, "weighted base value")

return done("baselines.lua")

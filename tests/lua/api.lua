-- SPDX-License-Identifier: ISC
-- Round trips through the gshap module: models, datasets, explainers,
-- explanations (fields, sorting, saving), generators, type checks and
-- closing. Run by run.sh; exits non-zero when a check fails.
check(type(gshap.version) == "string", "gshap.version")
check(gshap.trusted == false, "sandboxed by default")

-- Models.
local m, msg = gshap.load_model(top .. "/tests/data/models/nope.onnx")
check(m == nil and msg:find("nope.onnx", 1, true), "load_model error: " ..
    tostring(msg))
m = assert(gshap.load_model(top .. "/tests/data/models/linear_tiny.onnx"))
check(m:name() == "linear_tiny", "model name")
check(m:ninputs() == 3 and m:noutputs() == 1, "model sizes")
check(#m:outputs() == 1, "model outputs")
check(m:input_names() == nil and not m:is_lua(), "ONNX model has no names")
check(tostring(m):find("linear_tiny", 1, true), "tostring(model)")
local y = m:predict({1, 2, 3})
near(y[1], 1.5 - 4 + 0.75 + 0.5, 1e-6, "predict")
local g, v = m:gradient({1, 2, 3}, 0)
near(g[1], 1.5, 1e-6, "gradient a")
near(g[2], -2, 1e-6, "gradient b")
near(g[3], 0.25, 1e-6, "gradient c")
near(v, -1.25, 1e-6, "gradient value")
check(raises(m.predict, m, {1, 2}) ~= nil, "predict with 2 values")
check(raises(m.gradient, m, {1, 2, 3}, 1) ~= nil, "gradient class 1")

-- Datasets.
local ds
ds, msg = gshap.load_data(top .. "/tests/data/csv/bad-ragged.csv")
check(ds == nil and msg:find("bad-ragged.csv:3:", 1, true),
    "load_data error names file:line: " .. tostring(msg))
ds = assert(gshap.load_data(top .. "/tests/data/linear_tiny.csv",
    {target = "y"}))
check(#ds == 5 and ds:nrows() == 5 and ds:ncols() == 3, "dataset sizes")
check(tostring(ds) == "gshap.Dataset(linear_tiny: 5 rows, 3 inputs)",
    "dataset __tostring: " .. tostring(ds))
check(table.concat(ds:names(), ",") == "a,b,c", "input names")
check(table.concat(ds:columns(), ",") == "a,b,c,y", "all columns")
check(ds:name() == "linear_tiny" and ds:target_name() == "y", "names")
local r0 = ds:row(0)
check(r0[1] == 1 and r0[2] == 2 and r0[3] == 3 and r0.a == 1 and
    r0.y == -2.75 and r0[4] == nil, "row 0")
check(ds:target(2) == 9.75, "target 2")
check(#ds:column("b") == 5 and ds:column(2)[3] == -3, "column")
local mean, sd = ds:stats("a")
near(mean, ds:means()[1], 0, "stats mean")
near(sd, ds:sds()[1], 0, "stats sd")
local n = 0
for r, x in ds:rows() do
	check(x.a == ds:row(r).a, "rows iterator")
	n = n + 1
end
check(n == 5, "rows iterator count")
local big = ds:filter(function(x, r) return x.a > 0 end)
check(#big >= 1 and big[1] == 0, "filter")
check(raises(ds.row, ds, 5):find("row 5 does not exist", 1, true),
    "row out of range")
local dropped = assert(gshap.load_data(top .. "/tests/data/linear_tiny.csv",
    {target = "y", drop = {"b"}}))
check(dropped:ncols() == 2, "drop")
dropped:close()
check(raises(dropped.nrows, dropped):find("closed", 1, true),
    "closed dataset")
dropped:close()

-- Explainers and explanations.
check(raises(gshap.explainer, {model = ds}):find("gshap.Model", 1, true),
    "model type checked")
check(raises(gshap.explainer, {model = m, method = "nope"}) ~= nil,
    "unknown method")
local e = gshap.explainer{model = m, data = ds, method = "ig",
    baseline = "zeros", steps = 8}
local ex = e:explain(0)
check(ex.row == 0 and ex.class == 0 and ex.method == "ig", "fields")
near(ex.fx, -1.25, 1e-6, "fx")
near(ex.base, 0.5, 1e-6, "base")
near(ex.gap, 0, 1e-5, "gap")
near(ex.sum, ex.fx - ex.base, 1e-5, "sum")
check(ex.se == nil, "ig has no standard errors")
near(ex.phi[1], 1.5, 1e-5, "phi a")
near(ex.phi[2], -4, 1e-5, "phi b")
near(ex.phi[3], 0.75, 1e-5, "phi c")
check(ex.values[3] == 3 and ex.names[2] == "b", "values and names")
local top2 = ex:top(2)
check(#top2 == 2 and top2[1].name == "b" and top2[2].name == "a",
    "top(2) by |phi|")
check(#ex:sorted() == 3 and ex:sorted()[3].name == "c", "sorted")
local phi, se, value = ex:get("c")
check(phi == ex.phi[3] and se == nil and value == 3, "get")
local csv = ex:format("csv")
check(csv:find("^row,output,method,feature,value,attribution,stderr,rank,fx,") and
    csv:find(",output_name,imputed\n", 1, true) and
    csv:find("0,0,ig,b,2,-4", 1, true), "csv format: " .. csv)
check(ex:format("json"):find('"method":"ig"', 1, true), "json format")
check(ex:format():find("row 0", 1, true), "text format")
-- The base by what it is and the gap's SE and verdict, as the JSON record.
check(ex.base_label == "f(zeros)" and ex.base_kind == "zeros",
    "base label: " .. tostring(ex.base_label))
check(ex.gap_se == 0 and ex.gap_verdict == "within noise" and
    ex.gap_hint == "", "gap verdict: " .. tostring(ex.gap_verdict))
check(ex:format("json"):find('"base_label":"f(zeros)"', 1, true) and
    ex:format("json"):find('"gap_verdict":"within noise"', 1, true),
    "the record says the same")
check(ex:format():find("base f(zeros) = 0.5", 1, true) and
    ex:format():find("(within noise)", 1, true), "text says the same")
local eg = gshap.explainer{model = m, data = ds, method = "gradshap",
    baseline = "data", samples = 50}
local exg = eg:explain(1)
check(exg.base_label == "E[f(b)] over 5 rows" and exg.gap_se > 0 and
    (exg.gap_verdict == "within noise" or
    exg.gap_verdict == "larger than noise"), "gradshap base and gap: " ..
    tostring(exg.base_label) .. " " .. tostring(exg.gap_se))
check(exg:format("json"):find(string.format('"gap_se":%.9g', exg.gap_se),
    1, true), "gap_se as the record")
exg:close()
eg:close()

-- Saving goes through a temporary file; read the CSV back.
check(ex:save("tests/lua/api.save.csv") == true, "save")
local back = assert(gshap.load_data("tests/lua/api.save.csv",
    {drop = {"method", "feature", "base_kind", "base_label", "gap_verdict",
    "rule", "baseline"}}))
check(#back == 3, "saved rows")
for i, a in ipairs(back:column("attribution")) do
	near(a, ex.phi[i], 1e-6, "saved attribution " .. i)
end
local ok, err = ex:save("/nonexistent-dir/x.csv")
check(ok == nil and err:find("nonexistent", 1, true), "save error")
check(gshap.save("tests/lua/api.save.json", {ex, ex}, "json") == true,
    "gshap.save")
check(gshap.write("tests/lua/api.save.txt", "hello\n") == true,
    "gshap.write")

-- Many rows at once give what one at a time gives.
local eg = gshap.explainer{model = m, data = ds, samples = 64, seed = 9}
local all = eg:explain_rows(0, 5)
check(#all == 5, "explain_rows count")
for i, a in ipairs(all) do
	local one = eg:explain(i - 1)
	check(a.row == i - 1, "explain_rows row")
	for j = 1, 3 do
		near(a.phi[j], one.phi[j], 0, "explain_rows phi")
		near(a.se[j], one.se[j], 0, "explain_rows se")
	end
end
local some = eg:explain_rows({4, 1})
check(#some == 2 and some[1].row == 4 and some[2].row == 1,
    "explain_rows list")
near(eg:base(0), all[1].base, 1e-12, "base")
check(#eg:baseline().rows == 5, "baseline rows")

-- Quality metrics (option metrics): exact IG on a linear model is
-- faithful, so infidelity is 0; the curves run from f(x) to f(baseline)
-- and their areas are the trapezoid sums.
check(ex.metrics == nil, "no metrics unless asked for")
local em = gshap.explainer{model = m, data = ds, method = "ig",
    baseline = "zeros", steps = 8, metrics = true}
local mx = em:explain(0)
local mt = mx.metrics
check(type(mt) == "table", "ex.metrics")
near(mt.infidelity, 0, 1e-9, "infidelity of exact ig")
check(mt.perturb == 100 and mt.sens_samples == 10, "metrics counts")
check(mt.sensitivity >= 0 and mt.sensitivity < 0.1, "max-sensitivity")
check(mt.seeds == 0 and mt.rank_corr == nil, "ig is deterministic")
local np = #mt.frac
check(np >= 2 and #mt.deletion == np and #mt.insertion == np, "curves")
near(mt.frac[1], 0, 0, "curve starts at 0")
near(mt.frac[np], 1, 1e-12, "curve ends at 1")
near(mt.deletion[1], -1.25, 1e-6, "deletion starts at f(x)")
near(mt.deletion[np], 0.5, 1e-6, "deletion ends at f(zeros)")
near(mt.insertion[1], 0.5, 1e-6, "insertion starts at f(zeros)")
near(mt.insertion[np], -1.25, 1e-6, "insertion ends at f(x)")
local da, ia = 0, 0
for i = 2, np do
	local w = mt.frac[i] - mt.frac[i - 1]
	da = da + w * (mt.deletion[i] + mt.deletion[i - 1]) / 2
	ia = ia + w * (mt.insertion[i] + mt.insertion[i - 1]) / 2
end
near(mt.deletion_area, da, 1e-9, "deletion area")
near(mt.insertion_area, ia, 1e-9, "insertion area")
local mrows = em:explain_rows(0, 2)
near(mrows[1].metrics.deletion_area, mt.deletion_area, 0,
    "explain_rows metrics")
-- Saliency of a linear model is constant: max-sensitivity 0; without a
-- baseline the features go to the column means.
local ms = gshap.explainer{model = m, data = ds, method = "saliency",
    metrics = true}:explain(2).metrics
near(ms.sensitivity, 0, 1e-12, "saliency max-sensitivity")
check(raises(gshap.explainer, {model = m, method = "saliency",
    metrics = true}):find("metrics needs data", 1, true),
    "metrics without data or baseline")
local mg = gshap.explainer{model = m, data = ds, samples = 32, seed = 3,
    metrics = true}:explain(1).metrics
check(mg.seeds == 5 and #mg.phi_sd == 3 and #mg.rank_lo == 3 and
    mg.rank_corr >= -1 and mg.rank_corr <= 1, "gradshap stability")
for j = 1, 3 do
	check(mg.phi_sd[j] >= 0 and mg.rank_lo[j] <= mg.rank_hi[j],
	    "stability of feature " .. j)
end

-- An explanation of values given directly.
local byvalues = eg:explain({1, 2, 3}, 0)
for j = 1, 3 do
	near(byvalues.phi[j], all[1].phi[j], 0, "explain(x) phi")
end

-- A Lua model whose inputs are named in another order than the columns.
local lm = gshap.model(function(x)
	return 1.5 * x.a - 2 * x.b + 0.25 * x.c + 0.5
end, {inputs = {"c", "a", "b"}})
check(lm:is_lua() and table.concat(lm:input_names(), ",") == "c,a,b",
    "Lua model names")
local el = gshap.explainer{model = lm, data = ds, method = "ig",
    baseline = "zeros"}
local exl = el:explain(0)
near(exl.fx, -1.25, 1e-6, "columns matched by name")
check(exl.names[1] == "c" and exl.values[1] == 3, "names in model order")

-- Generators.
local a1, a2 = gshap.rng(5), gshap.rng(5)
check(tostring(a1) == "gshap.Rng", "rng __tostring: " .. tostring(a1))
check(a1:uniform() == a2:uniform() and a1:normal() == a2:normal(),
    "seeded generators agree")
local u = gshap.rng(5, 1):uniform(2, 3)
check(u >= 2 and u < 3, "uniform range")
local pick, seen = gshap.rng(1):sample(10, 10), {}
for _, p in ipairs(pick) do
	check(p >= 0 and p < 10 and not seen[p], "sample distinct")
	seen[p] = true
end

-- Rendering runs.
ex:print()
ex:bar(2)
ex:force(2)

-- Closing frees once; closed objects refuse to work.
m:close()
m:close()
check(raises(m.name, m):find("closed", 1, true), "closed model")
do
	local tmp <close> = gshap.load_data(top .. "/tests/data/linear_tiny.csv")
	check(#tmp == 5, "to-be-closed dataset")
end
ex:close()
check(raises(function() return ex.fx end):find("closed", 1, true),
    "closed explanation")
e:close()
all, eg, el = nil, nil, nil
collectgarbage()

return done("api.lua")

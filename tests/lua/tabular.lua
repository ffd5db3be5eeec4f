-- SPDX-License-Identifier: ISC
-- Tabular data from Lua: the credit demo's data read by its schema (a
-- category one feature, its levels summed), class names on every
-- explanation, and a bad schema refused with its file and line. Run by
-- run.sh; exits non-zero when a check fails.
local m = assert(gshap.load_model(top .. "/data/credit_mlp.onnx"))
local ds = assert(gshap.load_data(top .. "/data/credit_data.csv",
    {schema = top .. "/data/credit.schema.json"}))
local names = ds:names()
check(#names == 25, "25 inputs from 13 columns: " .. #names)
check(names[2] == "Home=owner" and names[7] == "Home=ignore",
    "one-hot inputs named by level: " .. tostring(names[2]))

-- Row 0 applies for credit: class 1 (good) by default prediction; class 0
-- asked for by number is named bad.
local e = gshap.explainer{model = m, data = ds, samples = 20, output = "0"}
local ex = e:explain(0)
check(ex.class_name == "bad", "class_name: " .. tostring(ex.class_name))
check(ex.output_label == "P(bad)", "output_label: " ..
    tostring(ex.output_label))
local json = ex:format("json")
check(json:find('"output_name":"bad"', 1, true), "json output_name")
check(json:find('"output_label":"P(bad)"', 1, true), "json output_label")
-- The default: the predicted class, named too.
local ep = gshap.explainer{model = m, data = ds, samples = 20}
local exp = ep:explain(0)
check(exp.class_name == "good" or exp.class_name == "bad",
    "predicted class named: " .. tostring(exp.class_name))

-- A category's attribution is the sum over its levels (the groups).
local sum = 0
for j = 2, 7 do sum = sum + ex.phi[j] end
local g = ex.groups
check(g ~= nil and #g == 13, "13 features as groups")
check(g[2].name == "Home" and #g[2].members == 6, "Home: its 6 levels")
check(math.abs(g[2].phi - sum) < 1e-9, string.format(
    "Home's attribution is the sum of its levels: %.17g vs %.17g",
    g[2].phi, sum))

-- A bad schema: its file and line, nil and a message.
local bad, msg = gshap.load_data(top .. "/data/credit_data.csv",
    {schema = top .. "/tests/data/schema/nope.schema.json"})
check(bad == nil and msg:find("nope.schema.json", 1, true),
    "missing schema named: " .. tostring(msg))
bad, msg = gshap.load_data(top .. "/data/credit_data.csv",
    {schema = top .. "/tests/data/schema/credit-plain.schema.json",
     target = "Nope"})
check(bad == nil and msg:find("Nope", 1, true), "unknown target: " ..
    tostring(msg))

-- A schema in Lua, Job encoded by a function: the same explanation.
local dl = assert(gshap.load_data(top .. "/data/credit_data.csv",
    {schema = top .. "/tests/data/schema/credit.schema.lua"}))
local lnames = dl:names()
check(#lnames == 25 and lnames[16] == "Job[1]", "Lua schema: " ..
    tostring(lnames[16]))
local lx = gshap.explainer{model = m, data = dl, samples = 20,
    output = "0"}:explain(0)
local same = #lx.phi == #ex.phi
for j = 1, #ex.phi do same = same and lx.phi[j] == ex.phi[j] end
check(same, "Lua schema explains as the JSON one")
bad, msg = gshap.load_data(top .. "/data/credit_data.csv",
    {schema = top .. "/tests/data/schema/nope.schema.lua"})
check(bad == nil and msg:find("nope.schema.lua", 1, true),
    "missing Lua schema named: " .. tostring(msg))

-- classes names the output's classes (every front end's setting), and
-- names that do not fit are an error.
local cx = gshap.explainer{model = m, data = ds, samples = 20, output = "0",
    classes = "refused,granted"}:explain(0)
check(cx.class_name == "refused" and cx.output_label == "P(refused)",
    "classes key: " .. tostring(cx.output_label))
local ok, cmsg = pcall(gshap.explainer, {model = m, data = ds,
    classes = "a,b,c"})
check(not ok and tostring(cmsg):find("classes: 3 class names but the output "
    .. "has 2", 1, true) and not tostring(cmsg):find("--classes", 1, true),
    "classes that do not fit, named by the Lua key: " .. tostring(cmsg))
ok, cmsg = pcall(gshap.explainer, {model = m, data = ds, classes = "a,,b"})
check(not ok and tostring(cmsg):find("an empty class name", 1, true),
    "an empty class name: " .. tostring(cmsg))

-- The cancer demo's model names its probability from its metadata.
local bm = assert(gshap.load_model(top .. "/data/bc_mlp.onnx"))
local bd = assert(gshap.load_data(top .. "/data/breast_cancer.csv",
    {target = "target"}))
local bx = gshap.explainer{model = bm, data = bd, samples = 20}:explain(3)
check(bx.class_name == "benign" and bx.output_label == "P(benign)",
    "cancer demo: " .. tostring(bx.output_label))

-- An impute key beats the schema's own policies, as --impute and set impute
-- do: mean fills Debt with the data's mean, error refuses the row the
-- schema fills; the Dataset's other explainers keep the schema's.
local j29 = gshap.explainer{model = m, data = ds, samples = 5}:explain(29):format("json")
check(j29:find('"name":"Debt","value":0,', 1, true) and
    j29:find('"name":"Income","value":125,', 1, true),
    "the schema's medians for Debt and Income")
local jm = gshap.explainer{model = m, data = ds, samples = 5,
    impute = "mean"}:explain(29):format("json")
check(jm:find('"name":"Debt","value":343.02', 1, true) and
    jm:find('"name":"Income","value":141.68', 1, true),
    "impute = mean beats the schema: " .. jm:sub(1, 200))
local iok, imsg = pcall(function()
	return gshap.explainer{model = m, data = ds, samples = 5,
	    impute = "error"}:explain(29)
end)
check(not iok and tostring(imsg):find("impute error overrides the schema's "
    .. "mode for it (" .. top .. "/data/credit.schema.json:8); leave impute "
    .. "out to follow the schema", 1, true),
    "impute = error refuses row 29: " .. tostring(imsg))
check(gshap.explainer{model = m, data = ds, samples = 5}:explain(29):format(
    "json") == j29, "the Dataset keeps the schema's policies")

return done("tabular.lua")

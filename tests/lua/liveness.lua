-- SPDX-License-Identifier: ISC
-- gshap's objects cannot be freed under the explainer that uses them:
-- every metatable is protected (getmetatable gives false), an explainer
-- holds its own reference to its model, and a closed object refuses to
-- work with a clean error. gshap.explainer{} refuses unknown keys and
-- takes the options of the options table, as gshap(1) does.
-- Run by run.sh; exits non-zero when a check fails.
local m, d = gshap.demo()
local e = gshap.explainer{model = m, data = d, samples = 16}
local ex = e:explain(0)
local matrix_meta
local nz = gshap.explainer{model = m, data = d, samples = 4,
    noise = function(mx) matrix_meta = getmetatable(mx); mx:fill(0) end}
nz:explain(1)

-- Protected metatables: no __gc or __close within reach.
check(getmetatable(m) == false, "Model metatable")
check(getmetatable(d) == false, "Dataset metatable")
check(getmetatable(e) == false, "Explainer metatable")
check(getmetatable(ex) == false, "Explanation metatable")
check(getmetatable(gshap.rng(1)) == false, "Rng metatable")
check(matrix_meta == false, "Matrix metatable")
local gc = raises(function() getmetatable(m).__gc(m) end)
check(gc ~= nil and gc:find("boolean", 1, true), "no __gc: " ..
    tostring(gc))
check(raises(setmetatable, m, {}) ~= nil, "setmetatable on a model")

-- The explainer holds its model: closing the Model leaves it working.
local x0 = ex.phi[1]
m:close()
check(raises(m.name, m):find("closed", 1, true), "closed model refuses")
local again = e:explain(0)
check(again.phi[1] == x0, "explainer after its model was closed")
-- A closed explainer or explanation refuses, cleanly.
e:close()
check(raises(e.explain, e, 0):find("this explainer is closed", 1, true),
    "closed explainer")
ex:close()
check(raises(function() return ex.fx end):find("closed", 1, true),
    "closed explanation")
collectgarbage()
check(again.phi[1] == x0, "explanation outlives its explainer")

-- Options: the table's names, ranges and messages (gshap(1)'s).
local m2, d2 = gshap.demo()
local typo = raises(gshap.explainer, {model = m2, data = d2,
    basline = "zeros"})
check(typo ~= nil and typo:find("unknown option 'basline', did you mean " ..
    "baseline?", 1, true), "unknown key: " .. tostring(typo))
check(raises(gshap.explainer, {model = m2, data = d2, sampels = 5}):find(
    "did you mean samples?", 1, true), "unknown key samples")
check(raises(gshap.explainer, {model = m2, data = d2, frobnicate = 1}):find(
    "unknown option 'frobnicate'", 1, true), "unknown key frobnicate")
local b0 = gshap.explainer{model = m2, data = d2, samples = 8, batch = 0}
check(b0:explain(0).d == 30, "batch 0 is automatic")
gshap.explainer{model = m2, data = d2, samples = 8, batch_size = 0,
    max_samples = 0}
check(raises(gshap.explainer, {model = m2, data = d2, threads = 2000}):find(
    "threads: 2000 is out of range (0 to 1024)", 1, true), "threads cap")
check(raises(gshap.explainer, {model = m2, data = d2, samples = 0}):find(
    "samples: 0 is out of range (1 to 100000000)", 1, true), "samples range")
check(raises(gshap.explainer, {model = m2, data = d2, method = "ig",
    noise = 0.1}):find("noise does not apply to ig (only to gradshap and " ..
    "smoothgrad)", 1, true), "noise for ig")
check(raises(gshap.explainer, {model = m2, data = d2, method = "saliency",
    baseline = function() return {{0}} end}):find("baseline does not " ..
    "apply to saliency", 1, true), "baseline for saliency")
check(raises(gshap.explainer, {model = m2, data = d2, method = "shapley"}
    ):find("method: unknown value 'shapley'", 1, true), "unknown method")
check(raises(gshap.explainer, {model = m2, data = d2, abs = true}):find(
    "abs does not apply to gradshap", 1, true), "abs for gradshap")
local imp = gshap.explainer{model = m2, data = d2, method = "saliency",
    impute = "mean", abs = "on"}
check(imp:explain(0).phi[1] >= 0, "impute mean, abs on")

return done("liveness.lua")

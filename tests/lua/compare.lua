-- SPDX-License-Identifier: ISC
-- Two models in Lua (issue 18): gshap.load_model twice, an explainer made with
-- compare_model = B, e:compare(row) and e:compare_rows(first, last). A
-- model against itself differs by exactly 0; a rescaled twin (f_B = -0.5
-- f_A + 0.25) by 1.5 phi_A with paired SE 1.5 se_A; a pruned twin's paired
-- SEs are mostly below the unpaired ones; mismatched pairs are refused.
local M = top .. "/tests/data/models/"
local function model(f) return assert(gshap.load_model(M .. f)) end
local a = model("cmp_logit.onnx")
local d = assert(gshap.load_data(top .. "/tests/data/mlp_smooth.csv"))

-- Itself: exactly zero.
local e = gshap.explainer{model = a, compare_model = model("cmp_logit.onnx"),
    data = d, samples = 64, seed = 3}
for row = 0, 5 do
	local c = e:compare(row)
	check(c.agree and c.f_a == c.f_b, "itself: predictions")
	for _, f in ipairs(c.features) do
		check(f.delta == 0 and f.verdict == "same",
		    "itself: row " .. row .. " " .. f.name .. " " .. f.delta)
	end
end

-- The rescaled twin: the closed form.
e = gshap.explainer{model = a, compare_model = model("cmp_logit_scaled.onnx"),
    data = d, samples = 64, plan = "mc"}
local c = e:compare(2)
check(c.se_kind == "paired" and c.method == "gradshap" and
    c.samples == 64, "rescaled: what produced it")
check(math.abs(c.f_b - (-0.5 * c.f_a + 0.25)) < 1e-6, "rescaled: f_B")
for _, f in ipairs(c.features) do
	check(math.abs(f.delta - 1.5 * f.phi_a) <= 1e-6 * math.abs(f.phi_a) +
	    1e-9, "rescaled: delta of " .. f.name)
	check(math.abs(f.se - 1.5 * f.se_a) <= 1e-5 * f.se_a,
	    "rescaled: se of " .. f.name)
end

-- gshap.model(FILE) twice and model_b (the issue's spellings): the same
-- numbers as load_model and compare_model.
local e2 = gshap.explainer{model = gshap.model(M .. "cmp_logit.onnx"),
    model_b = gshap.model(M .. "cmp_logit_scaled.onnx"), data = d,
    samples = 64, plan = "mc"}
local c3 = e2:compare(2)
check(c3.f_b == c.f_b and c3.features[3].delta == c.features[3].delta and
    c3.features[3].se == c.features[3].se, "gshap.model twice, model_b")
local m0, why = gshap.model(M .. "no-such.onnx")
check(m0 == nil and why:find("no%-such.onnx") ~= nil, tostring(why))
check(select("#", gshap.model(M .. "cmp_logit.onnx")) == 1 and
    gshap.model(M .. "cmp_logit.onnx"):ninputs() == 6, "gshap.model(FILE)")
local okb, msgb = pcall(gshap.explainer, {model = a, data = d,
    compare_model = a, model_b = a})
check(not okb and msgb:find("not both") ~= nil, tostring(msgb))

-- The pruned twin: values given as a table, and the summary.
e = gshap.explainer{model = a, compare_model = model("cmp_logit_pruned.onnx"),
    data = d, samples = 200}
local below, n = 0, 0
for row = 0, 5 do
	c = e:compare(row)
	for _, f in ipairs(c.features) do
		n = n + 1
		if f.se <= f.se_unpaired then below = below + 1 end
	end
end
check(below >= 0.9 * n, "pruned: paired below unpaired " .. below ..
    " of " .. n)
local x = {}
for i = 1, 6 do x[i] = d:row(2)[i] end
local cx = e:compare(x, 2)
local c2 = e:compare(2)
check(cx.features[1].delta == c2.features[1].delta, "values as a table")
local s = e:compare_rows(0, 6)
check(s.rows == 6 and s.agree == 6 and #s.features == 6 and
    #s.disagree_most == 6, "summary")
check(s.topk_agreement > 0 and s.topk_agreement <= 1, "top-k agreement")
check(s.features[1].mean_abs_delta > 0 and s.features[1].se > 0,
    "mean |delta| and its SE")

-- Refused: other widths, an explainer of one model, not a model.
local ok, msg = pcall(gshap.explainer, {model = a, data = d,
    compare_model = model("mlp_sigmoid.onnx")})
check(not ok and msg:find("takes 6 inputs per row but") ~= nil, tostring(msg))
ok, msg = pcall(function()
	return gshap.explainer{model = a, data = d}:compare(0)
end)
check(not ok and msg:find("this explainer has one model") ~= nil,
    tostring(msg))
ok, msg = pcall(gshap.explainer, {model = a, data = d, compare_model = 3})
check(not ok and msg:find("compare_model must be a gshap.Model") ~= nil,
    tostring(msg))

return done("compare.lua")

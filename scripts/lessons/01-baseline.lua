-- SPDX-License-Identifier: ISC
-- Lesson 1: What a baseline is
-- The same row explained against zeros, the mean and a sample of the
-- data: attributions answer "compared with what?", and the answers differ.
local L = lesson
L.title(1, "What a baseline is")
L.say(
"An attribution explains f(x) relative to a baseline b, a point where the",
"features are 'absent'. Gradient SHAP and integrated gradients promise",
"completeness: the attributions add up to f(x) - f(b), not to f(x).")

L.step("A linear model you can check by hand")
local lin = gshap.model(function(x) return 2 * x.a + 3 * x.b end,
    {inputs = {"a", "b"}, name = "linear"})
L.say("f(a, b) = 2a + 3b, explained at x = (4, 1).",
"For a linear model each attribution is weight * (x - b), whatever the method.")
local rows = {}
for _, bl in ipairs({{"zeros", {0, 0}}, {"(1, 1)", {1, 1}}, {"(4, 0)", {4, 0}}}) do
	local e = gshap.explainer{model = lin, method = "ig", baseline = {bl[2]}}
	local ex = e:explain({4, 1})
	rows[#rows + 1] = {bl[1], ex.fx, ex.base, ex.phi[1], ex.phi[2], ex.sum}
end
L.table({"baseline", "f(x)", "f(b)", "phi a", "phi b", "sum"}, rows)
L.say("Against (4, 0) feature a gets nothing: it already has its baseline value.")
L.pause()

L.step("The demo model: zeros, the mean, and a sample of the data")
local model, data = gshap.demo()
local row = 17
L.say(string.format("The breast-cancer MLP, row %d of %s (%d inputs).",
    row, data:name(), data:ncols()))
local specs = {
	{"zeros", "zeros"},
	{"mean", "mean"},
	{"data sample", "sample:100"},
}
local exs = {}
rows = {}
for i, s in ipairs(specs) do
	local e = gshap.explainer{model = model, data = data, baseline = s[2],
	    method = "gradshap", samples = 200, seed = 1}
	exs[i] = e:explain(row)
	local top = {}
	for _, t in ipairs(exs[i]:top(3)) do top[#top + 1] = t.name end
	rows[#rows + 1] = {s[1], exs[i].fx, exs[i].base, exs[i].fx - exs[i].base,
	    exs[i].sum, table.concat(top, ", ")}
end
L.table({"baseline", "f(x)", "base", "f(x)-base", "sum of phi",
    "three largest"}, rows)
L.say(
"f(x) is the same in every line; the base value and the attributions are",
"not. Zeros is a patient with no cells at all, far outside the data: the",
"attributions explain the distance from an impossible point. The mean is",
"one typical point; a sample of the data averages over real patients",
"(that average is what SHAP's expected value means). The sum of the",
"attributions misses f(x) - base by a little: that gap is Monte Carlo",
"error of 200 samples (lesson 3), largest for zeros, whose long path",
"crosses the region where the network saturates.")
L.pause()

L.step("Top features against the data sample")
exs[3]:bar(6)
L.pause()

L.exercise{
	question = "f(a, b) = 2a + 3b at x = (4, 1) against the baseline " ..
	    "(1, 1): what is the attribution of a?",
	key = "6",
	check = L.close_to(6, 1e-6),
	hint = "weight times (x - b) for feature a",
	explain = "phi_a = 2 * (4 - 1) = 6, and phi_b = 3 * (1 - 1) = 0.",
}
return L.done()

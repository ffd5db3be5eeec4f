-- SPDX-License-Identifier: ISC
-- Lesson 7: Trust
-- Two seeds, two baselines, overlapping intervals: when a ranking of
-- features means something and when it does not.
local L = lesson
L.title(7, "Trust")
L.say(
"An attribution is an estimate (it has a standard error) of an answer to",
"a question (it depends on the baseline). Before saying 'a matters more",
"than b', check both.")

local m = gshap.model(function(x)
	return gshap.tanh(0.9 * x.a + 0.85 * x.b + 0.3 * x.a * x.c)
end, {inputs = {"a", "b", "c"}, name = "close"})
local rng = gshap.rng(11)
local set = {}
for i = 1, 100 do
	set[i] = {rng:normal(0, 1), rng:normal(0, 1), rng:normal(0, 1)}
end
local x = {1, 1, 0.5}

local function show(label, ex)
	local rows = {}
	for i = 1, ex.d do
		local lo, hi = ex.phi[i] - 1.96 * ex.se[i], ex.phi[i] + 1.96 * ex.se[i]
		rows[i] = {ex.names[i], ex.phi[i], ex.se[i], lo, hi}
	end
	print(label)
	L.table({"feature", "phi", "SE", "95% low", "95% high"}, rows)
end

L.step("Two seeds, 20 samples each")
L.say("f = tanh(0.9a + 0.85b + 0.3ac) at x = (1, 1, 0.5), 100 baselines.")
local runs = {}
for _, seed in ipairs({1, 2}) do
	local e = gshap.explainer{model = m, baseline = set, samples = 20,
	    seed = seed, plan = "mc"}
	runs[seed] = e:explain(x)
	show("seed " .. seed .. ":", runs[seed])
end
local function first(ex) return ex.phi[1] >= ex.phi[2] and "a" or "b" end
L.say(string.format("Seed 1 ranks %s first, seed 2 ranks %s first.",
    first(runs[1]), first(runs[2])),
"The intervals of a and b overlap: with 20 samples the data cannot",
"tell which is larger, and another seed may swap them. A ranking means",
"nothing while the intervals of the two features overlap.")
L.pause()

L.step("More samples: 20000")
local big = gshap.explainer{model = m, baseline = set, samples = 20000,
    seed = 1, plan = "mc"}:explain(x)
show("seed 1, 20000 samples:", big)
L.say("The intervals no longer overlap: now a > b is a statement about the",
"model with this baseline, not about the random numbers.")
L.pause()

L.step("Another baseline: zeros instead of the data")
local z = gshap.explainer{model = m, method = "ig", baseline = {{0, 0, 0}}}
    :explain(x)
local rows = {}
for i = 1, 3 do
	rows[i] = {z.names[i], big.phi[i], z.phi[i]}
end
L.table({"feature", "data baseline", "zeros baseline"}, rows)
L.say("Sampling error shrinks with n; the baseline's effect does not. Both",
"are right answers to different questions (compared with typical cases,",
"or with an all-zero input): say which one you asked.")
L.pause()

L.exercise{
	question = "Two features have phi_a = 0.52 +- 0.06 and phi_b = 0.47 " ..
	    "+- 0.05 (95% intervals). Can you say that a matters more than " ..
	    "b (yes or no)?",
	key = "no",
	check = L.one_of("no", "n"),
	hint = "do the intervals [0.46, 0.58] and [0.42, 0.52] overlap?",
	explain = "The intervals overlap: the order of a and b is not " ..
	    "established; take more samples first.",
}
return L.done()

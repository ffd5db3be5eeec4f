-- SPDX-License-Identifier: ISC
-- Lesson 5: When gradient SHAP is not Shapley
-- Expected gradients against exact Shapley values on toy models: equal
-- for a product x1*x2, different for a*a*b and max(a, b), and why.
local L = lesson
L.title(5, "When gradient SHAP is not Shapley")
L.say(
"Shapley values average a feature's marginal contribution over every order",
"in which the features can be switched from the baseline to x. Expected",
"gradients (Gradient SHAP) integrate the gradient along straight lines.",
"They agree for some models and not for others. gshap computes exact",
"Shapley values for small models (method = \"exact\", 2^d evaluations).")

local function compare(m, x, set, label)
	local rows = {}
	local ex = gshap.explainer{model = m, method = "exact", baseline = set}
	    :explain(x)
	local eg = gshap.explainer{model = m, method = "gradshap", baseline = set,
	    samples = 4000, seed = 1}:explain(x)
	for i = 1, #x do
		rows[i] = {eg.names[i], ex.phi[i], eg.phi[i], eg.se[i]}
	end
	print(label)
	L.table({"feature", "exact Shapley", "gradient SHAP", "SE"}, rows)
	return ex, eg
end

L.step("An interaction: f(a, b) = a * b")
local prod = gshap.model(function(x) return x.a * x.b end,
    {inputs = {"a", "b"}, name = "product"})
local set = {{0, 1}, {2, -1}, {1, 3}}
local x = {1, 2}
L.say("x = (1, 2), three baselines (0, 1), (2, -1), (1, 3).",
"Exact Shapley: phi_a = 1/2 E[(a - b_a)(b + b_b)] = 1/3, phi_b = 4/3",
"(average over the two orders: a first gains (a - b_a) b_b, a second",
"gains (a - b_a) b). Along the straight line the gradient of a*b is linear",
"in t, so its average is the same 1/2 (b_b + b): expected gradients give",
"the Shapley values exactly, up to Monte Carlo error.")
compare(prod, x, set, "f = a * b:")
L.say("So a pairwise product is not where the two part: both split the",
"interaction between a and b the same way.")
L.pause()

L.step("Where they part: f(a, b) = a^2 * b, baseline (0, 0), x = (1, 1)")
local sq = gshap.model(function(x) return x.a * x.a * x.b end,
    {inputs = {"a", "b"}, name = "a2b"})
L.say("Shapley: f is 0 unless both are switched on, so they share f(x) = 1:",
"    phi_a = phi_b = 1/2.",
"Integrated gradients along (t, t): df/da = 2 t^2, df/db = t^2, so",
"    phi_a = integral 2 t^2 dt = 2/3,  phi_b = integral t^2 dt = 1/3.",
"The path gives a more because a appears twice: the gradient weighs the",
"degree of each feature in the term, Shapley only whether it is needed.")
compare(sq, {1, 1}, {{0, 0}}, "f = a^2 * b:")
L.pause()

L.step("A maximum: f(a, b) = max(a, b), baseline (0, 0), x = (1, 2)")
local mx = gshap.model(function(x) return math.max(x.a, x.b) end,
    {inputs = {"a", "b"}, name = "max"})
L.say("On the straight path (t, 2t) b is always the larger, so the gradient",
"never looks at a: phi_a = 0, phi_b = 2. Shapley switches a on alone too:",
"f(1, 0) = 1, so a is credited 1/2 [(f(1,0) - f(0,0)) + (f(1,2) - f(0,2))]",
"= 1/2 [1 + 0] = 1/2, and b gets 3/2.")
compare(mx, {1, 2}, {{0, 0}}, "f = max(a, b):")
L.say("Gradients only see the points on the path; Shapley values also",
"evaluate the corners (some features at x, others at the baseline).",
"Both satisfy completeness: each column adds up to f(x) - f(b) = 2.")
L.pause()

L.exercise{
	question = "For f(a, b) = max(a, b), x = (3, 1) and baseline (0, 0), " ..
	    "what is the exact Shapley value of b?",
	key = "0.5",
	check = L.close_to(0.5, 1e-6),
	hint = "average b's gain over the two orders: b first, b second",
	explain = "b first: f(0,1) - f(0,0) = 1; b second: f(3,1) - f(3,0) = 0;" ..
	    " the average is 1/2 (gradient SHAP would give b nothing).",
}
return L.done()

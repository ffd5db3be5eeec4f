-- SPDX-License-Identifier: ISC
-- Lesson 3: Monte Carlo
-- Gradient SHAP (expected gradients) one sample at a time: the running
-- mean, its standard error shrinking as 1/sqrt(n), and why 5 samples
-- (Captum's default n_samples) is not enough.
local L = lesson
L.title(3, "Monte Carlo")
L.say(
"Gradient SHAP (expected gradients, Erion et al. 2021) averages integrated",
"gradients over a whole set of baselines. It does not integrate: each",
"sample draws a baseline b from the set and a point t in [0, 1] at random,",
"and contributes (x_i - b_i) * df/dx_i(b + t (x - b)). The mean of the",
"samples estimates phi_i; its standard error is sd / sqrt(n).")

local m = gshap.model(function(x)
	return gshap.tanh(x.a * x.b + 0.5 * x.c)
end, {inputs = {"a", "b", "c"}, name = "tanh"})
local rng = gshap.rng(7)
local set = {}
for i = 1, 50 do
	set[i] = {rng:normal(0, 1), rng:normal(0, 1), rng:normal(0, 1)}
end
local x = {1.2, 0.8, -0.5}

L.step("The first samples of feature a, one at a time")
L.say("f(a, b, c) = tanh(ab + c/2), x = (1.2, 0.8, -0.5), 50 baselines drawn",
"from a standard normal.")
local r = gshap.rng(1)
local n, mean, m2 = 0, 0, 0
local rows = {}
local curve_n, curve_m, curve_lo, curve_hi = {}, {}, {}, {}
local marks = {[1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [10] = 1,
    [20] = 1, [50] = 1, [100] = 1, [200] = 1, [500] = 1, [1000] = 1,
    [2000] = 1, [5000] = 1}
local samples_at_5
for k = 1, 5000 do
	local b = set[r:integer(1, #set)]
	local t = r:uniform()
	local z = {}
	for j = 1, 3 do z[j] = b[j] + t * (x[j] - b[j]) end
	local g = m:gradient(z, 0)
	local c = (x[1] - b[1]) * g[1]
	-- Welford's running mean and sum of squares.
	n = n + 1
	local d = c - mean
	mean = mean + d / n
	m2 = m2 + d * (c - mean)
	local se = n > 1 and math.sqrt(m2 / (n - 1) / n) or 0 / 0
	if k <= 5 then
		rows[#rows + 1] = {k, L.num(b[1], 2), L.num(t, 3), c, mean,
		    n > 1 and se or "-"}
	end
	if k == 5 then samples_at_5 = {mean, se} end
	if marks[k] and k > 1 then
		curve_n[#curve_n + 1] = k
		curve_m[#curve_m + 1] = mean
		curve_lo[#curve_lo + 1] = mean - 1.96 * se
		curve_hi[#curve_hi + 1] = mean + 1.96 * se
	end
end
L.table({"sample", "b_a", "t", "contribution", "running mean", "SE"}, rows)
L.say("One sample can be far from the mean: contributions vary a lot.")
L.pause()

L.step("gshap's own samples: e:trace")
local te = gshap.explainer{model = m, baseline = set, samples = 200,
    seed = 3, plan = "mc"}
local tr = te:trace(x, 200)
rows = {}
for s = 1, 5 do
	local smp = tr.samples[s]
	rows[#rows + 1] = {s, smp.baseline, L.num(smp.alpha, 3), smp.contrib[1],
	    smp.mean[1], s > 1 and smp.se[1] or "-"}
end
L.table({"sample", "baseline row", "t", "contribution", "running mean", "SE"},
    rows)
local tex = te:explain(x)
L.say(string.format("After 200 samples the trace's mean is %s +- %s; the",
    L.num(tr.mean[1]), L.num(tr.se[1])),
string.format("explainer's phi_a with the same seed is %s +- %s: the same draws.",
    L.num(tex.phi[1]), L.num(tex.se[1])),
"In the explorer, key T steps through these samples and key V draws the",
"estimate against the number of samples.")
L.pause()

L.step("The running mean and its 95% band (mean +- 1.96 SE)")
rows = {}
for i, k in ipairs(curve_n) do
	rows[#rows + 1] = {k, curve_m[i], curve_lo[i], curve_hi[i],
	    curve_hi[i] - curve_lo[i]}
end
L.table({"n", "mean", "low", "high", "width"}, rows)
L.plot{x = curve_n, series = {{y = curve_lo, mark = "-", name = "band"},
    {y = curve_hi, mark = "-"}, {y = curve_m, mark = "o", name = "mean"}},
    logx = true, xlabel = "samples n (log scale)"}
L.say("Every 100 times more samples make the band 10 times narrower:",
"the error falls as 1/sqrt(n), slowly.")
L.pause()

L.step("Why 5 samples are not enough")
L.say("Captum's GradientShap takes n_samples = 5 by default.")
local rows5 = {}
for _, ns in ipairs({5, 50, 500, 5000}) do
	local e = gshap.explainer{model = m, baseline = set, samples = ns,
	    seed = 3, plan = "mc"}
	local ex = e:explain(x)
	rows5[#rows5 + 1] = {ns, ex.phi[1], ex.se[1], ex.phi[2], ex.se[2],
	    ex.phi[3], ex.se[3]}
end
L.table({"samples", "phi a", "SE a", "phi b", "SE b", "phi c", "SE c"}, rows5)
L.say(string.format("By hand, 5 samples gave phi_a = %s +- %s (SE); 5000 gave %s.",
    L.num(samples_at_5[1]), L.num(samples_at_5[2]), L.num(mean)),
"With 5 samples the SE is about as large as the differences between",
"features, so even the ranking is a coin toss: compare phi c at 5 and",
"at 5000 samples. The SE of 5 samples is itself a rough guess from 5",
"values. Report the SE, and use",
"hundreds of samples (or gshap's --tol to sample until the SE is small).")
L.pause()

L.exercise{
	question = "With 5 samples a standard error is 0.2. About how many " ..
	    "samples make it 0.02?",
	key = "500",
	check = L.close_to(500, 1e-6),
	hint = "the SE falls as 1/sqrt(n)",
	explain = "10 times smaller needs 10^2 = 100 times the samples: 500.",
}
return L.done()

-- SPDX-License-Identifier: ISC
-- Lesson 4: Noise and SmoothGrad
-- SmoothGrad averages the gradient over noisy copies of x; sigma decides
-- how far it looks. On a ReLU kink the answer is a normal probability.
local L = lesson
L.title(4, "Noise and SmoothGrad")
L.say(
"A gradient (saliency) only sees an infinitely small neighbourhood of x.",
"SmoothGrad (Smilkov et al., 2017) averages it over x + e, e ~ N(0, sigma^2):",
"    phi_i = E[ df/dx_i(x + e) ].",
"sigma sets the scale of 'nearby'. Too small: the noise of a jagged",
"gradient; too large: the gradient of some other, far-away region.")

local m = gshap.model(function(x)
	return gshap.relu(x.a - 1) + 0.5 * x.b
end, {inputs = {"a", "b"}, name = "kink"})
local x = {0.9, 1}
L.step("A kink: f(a, b) = relu(a - 1) + b/2 at x = (0.9, 1)")
local sal = gshap.explainer{model = m, method = "saliency"}:explain(x)
L.say(string.format("The plain gradient: df/da = %s, df/db = %s.",
    L.num(sal.phi[1]), L.num(sal.phi[2])),
"a sits 0.1 below the kink, so its gradient is 0: saliency says a does",
"not matter, although a small change of a would change f.")
L.pause()

L.step("SmoothGrad for several sigma, against the exact answer")
L.say("df/da(x + e) is 1 when a + e_a > 1, else 0, so",
"    E[df/da] = P(e_a > 0.1) = 1 - Phi(0.1 / sigma)  (Phi: the normal CDF).")
local rows, sig, est, exact = {}, {}, {}, {}
for _, s in ipairs({0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5}) do
	local e = gshap.explainer{model = m, method = "smoothgrad", noise = s,
	    samples = 4000, seed = 1}
	local ex = e:explain(x)
	local want = 1 - L.Phi(0.1 / s)
	rows[#rows + 1] = {s, ex.phi[1], ex.se[1], want, ex.phi[2]}
	sig[#sig + 1], est[#est + 1], exact[#exact + 1] = s, ex.phi[1], want
end
L.table({"sigma", "phi a", "SE", "1 - Phi(0.1/sigma)", "phi b"}, rows)
L.plot{x = sig, series = {{y = exact, mark = "-", name = "exact"},
    {y = est, mark = "o", name = "SmoothGrad, 4000 samples"}},
    logx = true, xlabel = "sigma (log scale)", ymin = 0, height = 10}
L.say("b is linear: its gradient is 0.5 at every point, whatever sigma.",
"a goes from 0 (sigma far below the distance 0.1 to the kink) to 1/2:",
"with a huge sigma half the noisy points land on each side of the kink,",
"and the attribution no longer describes x at all.")
L.pause()

L.step("Noise is given in the units of each feature")
L.say("gshap's --noise 15% (the default for smoothgrad) is 15% of each",
"feature's standard deviation in the data, so features measured in",
"thousands and in fractions get comparable noise; an absolute sigma",
"(--noise 0.1) is the same for every feature.")
L.pause()

L.exercise{
	question = "As sigma grows without bound, what value does SmoothGrad's " ..
	    "attribution of a tend to?",
	key = "0.5",
	check = L.close_to(0.5, 1e-6),
	hint = "what fraction of x + e lies to the right of the kink?",
	explain = "1 - Phi(0.1 / sigma) -> 1 - Phi(0) = 1/2.",
}
return L.done()

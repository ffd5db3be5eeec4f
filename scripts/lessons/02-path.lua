-- SPDX-License-Identifier: ISC
-- Lesson 2: The path integral
-- Integrated gradients step by step: f along the straight line from the
-- baseline to x, the gradient at the quadrature points, the area under
-- each (x_i - b_i) * df/dx_i, and completeness.
local L = lesson
L.title(2, "The path integral")
L.say(
"Integrated gradients (Sundararajan et al., 2017) walks the straight line",
"z(t) = b + t (x - b), t from 0 to 1, and gives feature i",
"    phi_i = (x_i - b_i) * integral from 0 to 1 of df/dx_i(z(t)) dt.",
"Because d f(z(t))/dt = sum_i (x_i - b_i) df/dx_i, the phi_i add up to",
"f(x) - f(b) exactly: completeness, the fundamental theorem of calculus.")

local f = function(x) return x.a * x.a + 2 * x.a * x.b end
local m = gshap.model(f, {inputs = {"a", "b"}, name = "quad"})
local x, b = {1, 2}, {0, 0}
L.step("The model f(a, b) = a^2 + 2ab, x = (1, 2), baseline b = (0, 0)")
L.say("On the path z(t) = (t, 2t): f = 5 t^2, df/da = 2a + 2b = 6t, df/db = 2a = 2t.",
"So phi_a = 1 * integral 6t dt = 3 and phi_b = 2 * integral 2t dt = 2: sum 5 = f(x) - f(b).")

L.step("f and the gradient along the path (5 midpoints)")
local n = 5
local rows, ts, fs, ga, gb = {}, {}, {}, {}, {}
local area_a, area_b = 0, 0
for k = 1, n do
	local t = (k - 0.5) / n
	local z = {b[1] + t * (x[1] - b[1]), b[2] + t * (x[2] - b[2])}
	local g, v = m:gradient(z, 0)
	area_a = area_a + (x[1] - b[1]) * g[1] / n
	area_b = area_b + (x[2] - b[2]) * g[2] / n
	rows[#rows + 1] = {t, v, g[1], g[2], (x[1] - b[1]) * g[1] / n,
	    (x[2] - b[2]) * g[2] / n}
end
L.table({"t", "f(z)", "df/da", "df/db", "strip a", "strip b"}, rows)
L.say(string.format("Sum of the strips: phi_a = %s, phi_b = %s " ..
    "(the midpoint rule is exact here: the gradients are linear in t).",
    L.num(area_a), L.num(area_b)))
L.pause()

L.step("The picture: f(z(t)) (f) and (x_i - b_i) df/dx_i (a, b) along t")
for k = 0, 40 do
	local t = k / 40
	local g, v = m:gradient({t * x[1], t * x[2]}, 0)
	ts[#ts + 1], fs[#fs + 1] = t, v
	ga[#ga + 1], gb[#gb + 1] = x[1] * g[1], x[2] * g[2]
end
L.plot{x = ts, series = {{y = fs, mark = "f", name = "f(z(t))"},
    {y = ga, mark = "a", name = "(x_a - b_a) df/da"},
    {y = gb, mark = "b", name = "(x_b - b_b) df/db"}},
    xlabel = "t", ymin = 0}
L.say("phi_a is the area under the a line (a triangle of height 6: 3),",
"phi_b the area under the b line (height 4: 2).")
L.pause()

L.step("gshap does the same walk: e:path")
local pe = gshap.explainer{model = m, method = "ig", baseline = {b}}
local path = pe:path(x, {points = 5})
rows = {}
for q = 1, #path.alpha do
	rows[#rows + 1] = {path.alpha[q], path.f[q], path.grad[q][1],
	    path.grad[q][2]}
end
L.table({"t", "f(z)", "df/da", "df/db"}, rows)
L.say(string.format("Its areas: phi_a = %s, phi_b = %s; f(x) - f(b) = %s.",
    L.num(path.area[1]), L.num(path.area[2]), L.num(path.fx - path.fb)),
"In the explorer (gshap view), key A draws this path for any row and",
"baseline row, with the quadrature nodes marked.")
L.pause()

L.step("A coarse rule misses; gshap's default rule does not")
rows = {}
for _, r in ipairs({{"left", 4}, {"trapezoid", 4}, {"gausslegendre", 50}}) do
	local e = gshap.explainer{model = m, method = "ig", baseline = {b},
	    rule = r[1], steps = r[2]}
	local ex = e:explain(x)
	rows[#rows + 1] = {r[1], r[2], ex.phi[1], ex.phi[2], ex.sum,
	    ex.fx - ex.base, ex.gap}
end
L.table({"rule", "steps", "phi a", "phi b", "sum", "f(x)-f(b)", "gap"}, rows)
L.say("The left rule with 4 steps undercounts each area (the gradient grows",
"along t), so the sum misses f(x) - f(b): the gap measures the quadrature",
"error, and gshap reports it with every explanation.")
L.pause()

L.exercise{
	question = "Another model has f(x) = 7, f(b) = 2 and two features; " ..
	    "integrated gradients gives phi_1 = 3.5. What is phi_2?",
	key = "1.5",
	check = L.close_to(1.5, 1e-6),
	hint = "completeness: the phi add up to f(x) - f(b)",
	explain = "phi_1 + phi_2 = f(x) - f(b) = 5, so phi_2 = 1.5.",
}
return L.done()

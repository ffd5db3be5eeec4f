-- SPDX-License-Identifier: ISC
-- Lesson 8: Same accuracy, different reasons?
-- The demo model against a small student distilled from it: both nearly
-- always predict the same, but do they decide for the same reasons?
-- Explained with the same draws, so the differences are not noise.
local L = lesson
L.title(8, "Same accuracy, different reasons?")
L.say(
"Teams shrink models before they ship them (quantize, prune, distil) and",
"check that the accuracy held. Whether the small model still decides for",
"the same reasons is rarely checked. Let us check one.")

local model, data = gshap.demo()
local student = assert(gshap.load_model(L.file("bc_student.onnx")))
local e = gshap.explainer{model = model, compare_model = student,
    data = data, samples = 200, seed = 0}

L.step("The same predictions?")
local s = e:compare_rows(0, 120)
L.say(string.format("On the first %d rows the demo (30-64-32-1) and the",
    s.rows), string.format("student (30-8-1) predict the same class on %d.",
    s.agree),
"(scripts/make-twins.py made the student; on all 569 rows both are about",
"98-99% accurate.)")
L.pause()

L.step("Row 128: both say benign")
local row = 128
local c = e:compare(row)
L.say(string.format("f = %.3f (demo) and %.3f (student). Both models are",
    c.f_a, c.f_b),
"explained with the same baseline rows and the same points on the paths,",
"so A - B is the attribution of f_A - f_B and its SE comes from the",
"per-draw differences (the paired SE).")
table.sort(c.features, function(p, q)
	return math.abs(p.delta) > math.abs(q.delta)
end)
local rows = {}
for i = 1, 8 do
	local f = c.features[i]
	rows[i] = {f.name, f.phi_a, f.phi_b, f.delta, f.se,
	    f.rank_a .. " > " .. f.rank_b}
end
L.table({"feature", "phi demo", "phi student", "A - B", "paired SE",
    "rank"}, rows)
L.say(string.format("%d of %d features differ by more than 1.96 paired SE;",
    c.larger, #c.features), string.format("the top-5 sets share %d " ..
    "features (rank correlation %.2f).", c.top5, c.rank_corr))
L.pause()

L.step("Where it matters: same prediction, other reasons")
L.say(string.format("Top-5 agreement over the %d rows: %.2f. Rows where the",
    s.rows, s.topk_agreement),
"predictions agree but fewer than half of the top 5 are shared (or the",
string.format("ranks correlate below 0.5): %d.", #s.same_prediction),
"Those are the rows a reviewer signing off the student should read:",
"gshap explain --compare-model does the same from the shell, and",
"compare --models in the REPL.")
L.pause()

local top = c.features[1]
L.exercise{
	question = "On row 128, is the difference in " .. top.name ..
	    "'s attribution (" .. string.format("%+.4f, paired SE %.4f",
	    top.delta, top.se) .. ") larger than its noise (yes or no)?",
	key = top.verdict == "larger than noise" and "yes" or "no",
	check = L.one_of(top.verdict == "larger than noise" and "yes" or "no",
	    top.verdict == "larger than noise" and "y" or "n"),
	hint = "compare |A - B| with 1.96 times its SE",
	explain = "Larger than noise means |A - B| > 1.96 SE: the two " ..
	    "models' reasons differ there, whatever the seed.",
}
return L.done()

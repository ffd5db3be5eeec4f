-- SPDX-License-Identifier: ISC
-- Lesson 6: Feature groups
-- One-hot columns of a credit dataset (200 rows of the German credit
-- data) explained column by column and as groups.
local L = lesson
L.title(6, "Feature groups")
L.say(
"A categorical feature such as 'purpose of the loan' reaches a model as",
"one-hot columns: Purpose.NewCar, Purpose.UsedCar, ... exactly one of them",
"is 1. Each column then gets an attribution of its own, and most of them",
"are about levels the applicant does not have.")

local data = assert(gshap.load_data(L.file("credit.csv"), {target = "good"}))
-- A hand-made scoring model (log-odds of a good loan), weights chosen to
-- resemble a logistic regression on this data.
local W = {
	Duration = -0.03, Amount = -0.0001, Age = 0.02,
	["CheckingAccountStatus.lt.0"] = -0.8,
	["CheckingAccountStatus.0.to.200"] = -0.4,
	["CheckingAccountStatus.gt.200"] = 0.3,
	["CheckingAccountStatus.none"] = 0.9,
	["CreditHistory.NoCredit.AllPaid"] = -1.0,
	["CreditHistory.ThisBank.AllPaid"] = -0.9,
	["CreditHistory.PaidDuly"] = 0.0,
	["CreditHistory.Delay"] = 0.1,
	["CreditHistory.Critical"] = 0.6,
	["Purpose.NewCar"] = -0.5, ["Purpose.UsedCar"] = 0.8,
	["Purpose.Furniture.Equipment"] = 0.0,
	["Purpose.Radio.Television"] = 0.2,
	["Purpose.DomesticAppliance"] = -0.1, ["Purpose.Repairs"] = -0.2,
	["Purpose.Education"] = -0.6, ["Purpose.Vacation"] = 0.0,
	["Purpose.Retraining"] = 0.5, ["Purpose.Business"] = -0.1,
	["Purpose.Other"] = 0.3,
}
local names = data:names()
local model = gshap.model(function(x)
	local z = 0.8
	for _, n in ipairs(names) do
		z = z + W[n] * x[n]
	end
	return gshap.sigmoid(z)
end, {inputs = names, name = "credit"})
local row = 1
local r = data:row(row)

L.step("Row " .. row .. ", column by column")
L.say(string.format("Duration %d months, amount %d, age %d; P(good) = %s.",
    r.Duration, r.Amount, r.Age, L.num(model:predict(r)[1])))
local e = gshap.explainer{model = model, data = data, samples = 1000, seed = 1}
local ex = e:explain(row)
local rows = {}
for i, n in ipairs(ex.names) do
	if n:match("^CheckingAccountStatus") or n:match("^Purpose") then
		rows[#rows + 1] = {n, string.format("%g", ex.values[i]), ex.phi[i],
		    ex.se[i]}
	end
end
L.table({"column", "value", "phi", "SE"}, rows)
L.say(
"Levels the applicant does not have (value 0) get attributions too,",
"because the baselines have them sometimes, and some as large as the",
"level he has: a 0 in a column with a big weight says 'this applicant",
"lacks that level'. 'Purpose.NewCar was 0' is not a reason anyone would",
"give, and the four checking-account numbers only mean something together.")
L.pause()

L.step("The same explanation with the one-hot blocks as groups")
local eg = gshap.explainer{model = model, data = data, samples = 1000, seed = 1,
    groups = "german_credit"}
local exg = eg:explain(row)
rows = {}
local checking
for _, g in ipairs(exg.groups) do
	rows[#rows + 1] = {g.name, #g.members, g.phi, g.se}
	if g.name == "checking account" then checking = g end
end
L.table({"group", "columns", "phi", "SE"}, rows)
L.say(
"A group's attribution is the sum of its columns' attributions, and its",
"SE comes from the per-sample sums (the columns' errors are correlated,",
"so adding SEs would be wrong). Read it as 'what the checking account",
"status contributed', the question one-hot coding had split in four.",
"The shipped groups script scripts/groups/german_credit.lua names the",
"blocks; groups = \"auto\" would group by the prefix before the first '.'.")
L.pause()

local sum = 0
for i, n in ipairs(ex.names) do
	if n:match("^CheckingAccountStatus") then sum = sum + ex.phi[i] end
end
L.exercise{
	question = "Add up the four CheckingAccountStatus attributions of " ..
	    "the first table (to 2 decimals): what does the group get?",
	key = string.format("%.2f", sum),
	check = L.close_to(sum, 0.006),
	hint = "a group's attribution is the sum of its members'",
	explain = string.format("The group gets %s (the grouped run: %s).",
	    L.num(sum), L.num(checking.phi)),
}
return L.done()

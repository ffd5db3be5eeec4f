-- The credit demo's schema (data/credit.schema.json) written in Lua, with
-- Job given by a function of its level that makes the same four inputs as
-- the JSON schema's one-hot block, so that both explain alike.
local jobs = {
	fixed = { 1, 0, 0, 0 }, freelance = { 0, 1, 0, 0 },
	partime = { 0, 0, 1, 0 }, others = { 0, 0, 0, 1 },
}

function job_onehot(level)
	return jobs[level]
end

return {
	classes = { "bad", "good" },
	positive = "bad",
	columns = {
		{ name = "Status", role = "target" },
		{ name = "Seniority", type = "numeric" },
		{ name = "Home", type = "categorical", encoding = "onehot",
		  levels = { "owner", "rent", "parents", "priv", "other", "ignore" },
		  missing = "mode", fill = "owner" },
		{ name = "Time", type = "numeric" },
		{ name = "Age", type = "numeric" },
		{ name = "Marital", type = "categorical", encoding = "onehot",
		  levels = { "married", "single", "separated", "divorced", "widow" },
		  missing = "mode", fill = "married" },
		{ name = "Records", type = "categorical", encoding = "onehot",
		  levels = { "no", "yes" }, drop = "if_binary" },
		{ name = "Job", type = "categorical", encoding = job_onehot, width = 4,
		  levels = { "fixed", "freelance", "partime", "others" },
		  missing = "mode", fill = "fixed" },
		{ name = "Expenses", type = "numeric" },
		{ name = "Income", type = "numeric", missing = "median", fill = 125 },
		{ name = "Assets", type = "numeric", missing = "median", fill = 3000 },
		{ name = "Debt", type = "numeric", missing = "median", fill = 0 },
		{ name = "Amount", type = "numeric" },
		{ name = "Price", type = "numeric" },
	},
}

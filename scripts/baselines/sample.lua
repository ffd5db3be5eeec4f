-- SPDX-License-Identifier: ISC
-- Baseline: a seeded random sample of K complete rows (default K = 100,
-- seed = the explainer's). Options: {"sample", k = 50, seed = 7}.
local opts, seed = ...
opts = opts or {}
local K = opts.k or 100
local SEED = opts.seed or seed or 0

return function(data)
	local complete = {}
	for r = 0, #data - 1 do
		if not data:missing(r) then
			complete[#complete + 1] = r
		end
	end
	local k = math.min(K, #complete)
	local pick = gshap.rng(SEED, 1):sample(#complete, k)
	local rows = {}
	for i, p in ipairs(pick) do
		rows[i] = data:row(complete[p + 1])
	end
	return {rows = rows, desc = string.format("%d rows of %s drawn with seed %d",
	    k, data:name(), SEED)}
end

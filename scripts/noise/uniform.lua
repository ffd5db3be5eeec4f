-- SPDX-License-Identifier: ISC
-- Noise: uniform on [-h, h] with h = FRACTION of each feature's standard
-- deviation (default 0.25). Options: {"uniform", fraction = 0.5}.
local opts = ...
opts = opts or {}
local FRACTION = opts.fraction or 0.25

return function(noise, x, stats, rng)
	local lo, hi = {}, {}
	for j = 1, stats.d do
		hi[j] = FRACTION * stats.sd[j]
		lo[j] = -hi[j]
	end
	noise:uniform(lo, hi)
end
